/*
 * money.h — amounts of Swedish kronor as int64 öre, and exact splits.
 *
 * Money is never a double.  Parsing and formatting happen only at the
 * edges; everything between adds integers.  Splits use cumulative
 * rounding: part i is round(total * cum_i / whole) - round(total *
 * cum_{i-1} / whole), so the parts always add up to the total exactly.
 * Rounding is half away from zero throughout.
 */
#ifndef MONEY_H
#define MONEY_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t ore_t;

#define MONEY_STRLEN 40

/* |amount| bound: a trillion kronor, far above any payment, far below overflow
 * of products with rates up to 10^6. */
#define MONEY_MAX ((ore_t)100000000000000LL)

/*
 * Parse kronor as a person or a system writes them: "1234", "1 234,50",
 * "1234.50", "1 234,50 kr", "-12,5", "0,05 kr".  Thousands separated by
 * space or no-break space (U+00A0); decimal comma or point with at most two
 * decimals.  Rejects empty strings, other characters, three decimals and
 * amounts over MONEY_MAX.  0 or -1.
 */
int money_parse(const char *s, ore_t *out);

/* "1 234,50 kr", "-12,00 kr" (ASCII spaces). Returns the length written. */
int money_format(ore_t ore, char buf[MONEY_STRLEN]);

/* Same without " kr" and without grouping: "1234,50" (for CSV). */
int money_format_plain(ore_t ore, char buf[MONEY_STRLEN]);

/* amount * num / den rounded half away from zero; den > 0.  Uses 128-bit
 * intermediates so it cannot overflow for |amount| <= MONEY_MAX and
 * |num| <= 10^9.  */
ore_t money_mul_ratio(ore_t amount, int64_t num, int64_t den);

/* Split total into n (1…10000) parts as equal as possible; parts sum to
 * total exactly.  0 or -1 for bad n. */
int money_split_equal(ore_t total, int n, ore_t *parts);

/* Split total by fractions weights[i] / sum(weights) (weights >= 0, sum > 0,
 * n 1…10000) with cumulative rounding; parts sum to total exactly.  0 / -1. */
int money_split_weights(ore_t total, const int64_t *weights, int n,
			ore_t *parts);

#endif
