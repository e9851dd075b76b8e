/*
 * money.c — parsing, formatting, scaling and splitting amounts held as
 * int64 öre (see money.h).
 *
 * Only integers appear here.  Products that could leave int64 are taken
 * in 128-bit arithmetic (a GCC/Clang extension) and divided back with
 * rounding half away from zero, the one rounding rule of the module.
 */
#include "core/money.h"

#include <stdbool.h>
#include <string.h>

__extension__ typedef __int128 i128;

/* Ways a person or a program writes the space between digit groups. */
static const char *const group_seps[] = {
	" ",
	"\xc2\xa0",       /* U+00A0 NO-BREAK SPACE */
	"\xe2\x80\xaf",   /* U+202F NARROW NO-BREAK SPACE */
};

#define N_GROUP_SEPS (sizeof(group_seps) / sizeof(group_seps[0]))

/* Length of the separator that starts s, or 0 if none does. */
static size_t sep_len(const char *s)
{
	size_t i, n;

	for (i = 0; i < N_GROUP_SEPS; i++) {
		n = strlen(group_seps[i]);
		if (strncmp(s, group_seps[i], n) == 0)
			return n;
	}
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The whole kronor at *sp, advancing it.  Either plain digits, or digit
 * groups split by single separators where every group after the first
 * has exactly three digits ("1 234 567"), so that "12 34" — most likely a
 * typing error — is refused.  A separator not followed by a digit ends
 * the number: it may be the one before "kr".
 */
static int parse_kronor(const char **sp, int64_t *kronor)
{
	const char *s = *sp;
	int64_t v = 0;
	int group = 0;      /* digits in the current group */
	bool grouped = false;
	size_t n;

	if (!is_digit(*s))
		return -1;
	for (;;) {
		if (is_digit(*s)) {
			/* Stop before v can overflow; anything this large
			 * is over MONEY_MAX anyway. */
			if (v > MONEY_MAX / 100)
				return -1;
			v = v * 10 + (*s++ - '0');
			group++;
			continue;
		}
		n = sep_len(s);
		if (n == 0 || !is_digit(s[n]))
			break;
		if ((grouped && group != 3) || (!grouped && group > 3))
			return -1;
		grouped = true;
		group = 0;
		s += n;
	}
	if (grouped && group != 3)
		return -1;
	*sp = s;
	*kronor = v;
	return 0;
}

/* ",5" or ".50" at *sp as öre, advancing it; no decimals is 0 öre. */
static int parse_ore(const char **sp, int64_t *ore)
{
	const char *s = *sp;

	*ore = 0;
	if (*s != ',' && *s != '.')
		return 0;
	s++;
	if (!is_digit(s[0]))
		return -1;
	*ore = (s[0] - '0') * 10;
	s++;
	if (is_digit(s[0])) {
		*ore += s[0] - '0';
		s++;
	}
	/* A third decimal is refused here, not left as trailing junk. */
	if (is_digit(s[0]))
		return -1;
	*sp = s;
	return 0;
}

/* Nothing, or "kr" with at most one separator before it, then the end. */
static int parse_suffix(const char *s)
{
	if (*s == '\0')
		return 0;
	s += sep_len(s);
	return strcmp(s, "kr") == 0 ? 0 : -1;
}

int money_parse(const char *s, ore_t *out)
{
	int64_t kronor, ore, v;
	bool neg = false;
	const char *p;

	if (!s)
		return -1;
	p = s;
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (parse_kronor(&p, &kronor) < 0 || parse_ore(&p, &ore) < 0)
		return -1;
	if (parse_suffix(p) < 0)
		return -1;
	v = kronor * 100 + ore;
	if (v > MONEY_MAX)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/*
 * Write |ore| as kronor and two decimals, "1 234,50" when grouped or
 * "1234,50" when not, with a leading '-' for negative amounts, into buf;
 * return the length.  The magnitude is unsigned so that INT64_MIN has
 * one too.  Digits are produced from the right into a scratch buffer.
 */
static int format_amount(ore_t ore, bool grouped, char *buf, size_t size)
{
	char tmp[MONEY_STRLEN];
	uint64_t mag = ore < 0 ? -(uint64_t)ore : (uint64_t)ore;
	uint64_t kr = mag / 100;
	size_t n = 0, len = 0;
	int digits = 0;

	tmp[n++] = (char)('0' + mag % 10);
	tmp[n++] = (char)('0' + mag / 10 % 10);
	tmp[n++] = ',';
	do {
		if (grouped && digits > 0 && digits % 3 == 0)
			tmp[n++] = ' ';
		tmp[n++] = (char)('0' + kr % 10);
		kr /= 10;
		digits++;
	} while (kr > 0);
	if (ore < 0)
		tmp[n++] = '-';
	/* At most 19 digits, 5 spaces, comma and sign: 26 characters. */
	while (n > 0 && len + 1 < size)
		buf[len++] = tmp[--n];
	buf[len] = '\0';
	return (int)len;
}

int money_format(ore_t ore, char buf[MONEY_STRLEN])
{
	int len = format_amount(ore, true, buf, MONEY_STRLEN - 3);

	memcpy(buf + len, " kr", 4);
	return len + 3;
}

int money_format_plain(ore_t ore, char buf[MONEY_STRLEN])
{
	return format_amount(ore, false, buf, MONEY_STRLEN);
}

/* p / d rounded half away from zero, for d > 0. */
static i128 div_round(i128 p, i128 d)
{
	i128 q = p / d;
	i128 r = p % d;

	if (r < 0)
		r = -r;
	/* r < d, so 2 * r cannot overflow where d came from. */
	if (2 * r >= d)
		q += p < 0 ? -1 : 1;
	return q;
}

static ore_t clamp_ore(i128 v)
{
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < INT64_MIN)
		return INT64_MIN;
	return (ore_t)v;
}

/*
 * Any two int64 values multiply within 128 bits, so only the quotient
 * can leave int64 (num / den far above 1); it then saturates.  A den of
 * 0 is a caller's bug and gives 0; a negative den flips both signs.
 */
ore_t money_mul_ratio(ore_t amount, int64_t num, int64_t den)
{
	i128 p = (i128)amount * num;
	i128 d = den;

	if (d == 0)
		return 0;
	if (d < 0) {
		p = -p;
		d = -d;
	}
	return clamp_ore(div_round(p, d));
}

/*
 * Cumulative rounding: part i is the rounded running total up to i + 1
 * minus the rounded running total up to i, so the parts telescope to
 * exactly total and each is within one öre of its exact share.
 */
int money_split_equal(ore_t total, int n, ore_t *parts)
{
	i128 prev = 0, cur;
	int i;

	if (n < 1 || n > 10000 || !parts)
		return -1;
	for (i = 0; i < n; i++) {
		cur = div_round((i128)total * (i + 1), n);
		parts[i] = (ore_t)(cur - prev);
		prev = cur;
	}
	return 0;
}

/*
 * As money_split_equal with running sums of weights.  The weights' sum
 * can pass int64 (10000 * INT64_MAX) but stays below 2^77, and |total|
 * <= MONEY_MAX < 2^47, so total times a running sum fits in 128 bits;
 * that is why larger totals are refused.
 */
int money_split_weights(ore_t total, const int64_t *weights, int n,
			ore_t *parts)
{
	i128 sum = 0, cum = 0, prev = 0, cur;
	int i;

	if (n < 1 || n > 10000 || !weights || !parts)
		return -1;
	if (total > MONEY_MAX || total < -MONEY_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		if (weights[i] < 0)
			return -1;
		sum += weights[i];
	}
	if (sum == 0)
		return -1;
	for (i = 0; i < n; i++) {
		cum += weights[i];
		cur = div_round((i128)total * cum, sum);
		parts[i] = (ore_t)(cur - prev);
		prev = cur;
	}
	return 0;
}
