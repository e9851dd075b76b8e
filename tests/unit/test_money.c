/*
 * test_money.c — unit tests for src/core/money.c: formatting and parsing
 * tables, rounding half away from zero, and the exact-sum property of
 * equal and weighted splits over many random cases.
 */
#include "testutil.h"

#include "core/money.h"

__extension__ typedef __int128 i128;

/* xorshift64: a fixed-seed generator so failures repeat. */
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Integer in [lo, hi]; the range must be below 2^63. */
static int64_t rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* A total of varied size: small, medium or up to ±MONEY_MAX. */
static int64_t rng_total(void)
{
	switch (rng_next() % 4) {
	case 0:
		return rng_range(-1000, 1000);
	case 1:
		return rng_range(-10000000, 10000000);
	case 2:
		return rng_range(-MONEY_MAX, MONEY_MAX);
	default:
		return rng_next() % 2 ? MONEY_MAX - rng_range(0, 5)
				      : -MONEY_MAX + rng_range(0, 5);
	}
}

static void test_format(void **state)
{
	static const struct { ore_t ore; const char *s, *plain; } t[] = {
		{ 0, "0,00 kr", "0,00" },
		{ 5, "0,05 kr", "0,05" },
		{ -5, "-0,05 kr", "-0,05" },
		{ 50, "0,50 kr", "0,50" },
		{ 100, "1,00 kr", "1,00" },
		{ -1200, "-12,00 kr", "-12,00" },
		{ 99999, "999,99 kr", "999,99" },
		{ 100000, "1 000,00 kr", "1000,00" },
		{ 123450, "1 234,50 kr", "1234,50" },
		{ 123456, "1 234,56 kr", "1234,56" },
		{ -123456, "-1 234,56 kr", "-1234,56" },
		{ 12345678, "123 456,78 kr", "123456,78" },
		{ 123456789, "1 234 567,89 kr", "1234567,89" },
		{ -100000000, "-1 000 000,00 kr", "-1000000,00" },
		{ MONEY_MAX, "1 000 000 000 000,00 kr", "1000000000000,00" },
		{ -MONEY_MAX, "-1 000 000 000 000,00 kr", "-1000000000000,00" },
		{ MONEY_MAX - 1, "999 999 999 999,99 kr", "999999999999,99" },
		{ INT64_MAX, "92 233 720 368 547 758,07 kr",
		  "92233720368547758,07" },
		{ INT64_MIN, "-92 233 720 368 547 758,08 kr",
		  "-92233720368547758,08" },
	};
	char buf[MONEY_STRLEN];
	size_t i;
	int len;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = money_format(t[i].ore, buf);
		assert_string_equal(buf, t[i].s);
		assert_int_equal(len, strlen(t[i].s));
		len = money_format_plain(t[i].ore, buf);
		assert_string_equal(buf, t[i].plain);
		assert_int_equal(len, strlen(t[i].plain));
	}
}

static void test_parse_valid(void **state)
{
	static const struct { const char *s; ore_t ore; } t[] = {
		{ "1234", 123400 },
		{ "1 234,50", 123450 },
		{ "1234.50", 123450 },
		{ "1 234,50 kr", 123450 },
		{ "-12,5", -1250 },
		{ "0,05 kr", 5 },
		{ "0", 0 },
		{ "-0", 0 },
		{ "-0,00 kr", 0 },
		{ "007", 700 },
		{ "12.5", 1250 },
		{ "1,5 kr", 150 },
		{ "12kr", 1200 },
		{ "12 kr", 1200 },
		{ "12,50kr", 1250 },
		{ "123 456", 12345600 },
		{ "12 345 678,9", 1234567890 },
		{ "1 234 567.89 kr", 123456789 },
		{ "1\xc2\xa0" "234,50", 123450 },                 /* U+00A0 */
		{ "1\xc2\xa0" "234,50\xc2\xa0kr", 123450 },
		/* U+202F */
		{ "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567", 123456700 },
		{ "-1\xe2\x80\xaf" "234,05\xe2\x80\xafkr", -123405 },
		{ "1 000 000 000 000", MONEY_MAX },
		{ "1000000000000,00", MONEY_MAX },
		{ "-1 000 000 000 000,00 kr", -MONEY_MAX },
		{ "999 999 999 999,99", MONEY_MAX - 1 },
		{ "0000000000000000000000001", 100 },
	};
	size_t i;
	ore_t v;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = -777;
		if (money_parse(t[i].s, &v) != 0)
			fail_msg("refused \"%s\"", t[i].s);
		assert_int_equal(v, t[i].ore);
	}
}

static void test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"", "-", "kr", " kr", " 12", "12 ", "\t12", "12\n",
		"12,", "12.", ",50", ".5", "-,5",
		"12,345", "1.234", "12,3456", "1,2,3", "12,5,0", "12.50.",
		"12 34", "1234 567", "1 2345", "1  234", "1 234 5",
		"1 23 456", " 1 234", "1 234 ", "12 ,50",
		"12 kr ", "12 KR", "12 Kr", "12 sek", "12 SEK", "12kr.",
		"12  kr", "kr 12", "12\tkr", "1 234 kr kr", "12 k", "12 krr",
		"+12", "--12", "- 12", "−12", "(12)", "12-",
		"1 000 000 000 000,01", "10000000000000",
		"1000000000000.01", "99999999999999999999999",
		"922337203685477580800", "-1 000 000 000 000,01",
		"12a", "1e3", "0x10", "1_000", "1'000", "\xd9\xa1\xd9\xa2",
		"12\xc2", "12\xc2\xa0", "1\xc2" "234", "1\xe2\x80" "234",
		"12\xe2\x80\xaf",
	};
	size_t i;
	ore_t v = 4242;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (money_parse(bad[i], &v) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(v, 4242);
	}
	assert_int_equal(money_parse(NULL, &v), -1);
}

/* Everything money_format and money_format_plain write parses back. */
static void test_round_trip(void **state)
{
	char buf[MONEY_STRLEN];
	ore_t v, back;
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		v = rng_total();
		money_format(v, buf);
		assert_int_equal(money_parse(buf, &back), 0);
		assert_int_equal(back, v);
		money_format_plain(v, buf);
		assert_int_equal(money_parse(buf, &back), 0);
		assert_int_equal(back, v);
	}
}

static void test_mul_ratio(void **state)
{
	static const struct {
		ore_t amount;
		int64_t num, den;
		ore_t want;
	} t[] = {
		{ 100, 1, 3, 33 },         /* 33.33 */
		{ 200, 1, 3, 67 },         /* 66.67 */
		{ 150, 1, 100, 2 },        /* 1.5: half away from zero */
		{ -150, 1, 100, -2 },
		{ 250, 1, 100, 3 },        /* 2.5: not to even */
		{ -250, 1, 100, -3 },
		{ 149, 1, 100, 1 },
		{ -149, 1, 100, -1 },
		{ 1, 1, 2, 1 },
		{ -1, 1, 2, -1 },
		{ 1, 1, 3, 0 },
		{ 0, 5, 7, 0 },
		{ 12345, 25, 100, 3086 },  /* 3086.25 */
		{ 12346, 25, 100, 3087 },  /* 3086.5 */
		{ -12346, 25, 100, -3087 },
		{ 100, -1, 3, -33 },
		{ 100, 2, -3, -67 },       /* a negative den flips the sign */
		{ 100, 1, 0, 0 },          /* den 0: a caller's bug, gives 0 */
		{ MONEY_MAX, 1000000000, 1000000000, MONEY_MAX },
		{ MONEY_MAX, 999999999, 1000000000, 99999999900000 },
		{ -MONEY_MAX, 1, 3, -33333333333333 },  /* ...333.33 */
		{ INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX },
		{ INT64_MIN, INT64_MAX, INT64_MAX, INT64_MIN },
		/* Quotients beyond int64 saturate. */
		{ MONEY_MAX, 1000000000, 1, INT64_MAX },
		{ -MONEY_MAX, 1000000000, 1, INT64_MIN },
		{ INT64_MIN, -1, 1, INT64_MAX },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(money_mul_ratio(t[i].amount, t[i].num,
						 t[i].den), t[i].want);
}

/* The result r of a * n / d is the nearest integer: |r·d − a·n| ≤ d/2,
 * and on a tie it lies on the far side from zero. */
static void test_mul_ratio_random(void **state)
{
	ore_t a, r;
	int64_t n, d;
	i128 p, diff;
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		a = rng_total();
		n = rng_range(-1000000000, 1000000000);
		d = i % 3 ? rng_range(1, 1000) : rng_range(1, 1000000000);
		if (i % 5 == 0)
			n = rng_range(0, d);   /* a fraction: never saturates */
		p = (i128)a * n;
		r = money_mul_ratio(a, n, d);
		if (r == INT64_MAX || r == INT64_MIN)
			continue;
		diff = (i128)r * d - p;
		assert_true(2 * diff <= d && 2 * diff >= -(i128)d);
		if (2 * diff == d)
			assert_true(p > 0);
		if (2 * diff == -(i128)d)
			assert_true(p < 0);
	}
}

static void expect_parts(const ore_t *got, const ore_t *want, int n)
{
	int i;

	for (i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

static void test_split_equal(void **state)
{
	ore_t p[10000];
	static const ore_t w3[] = { 33, 34, 33 };
	static const ore_t wn3[] = { -33, -34, -33 };
	static const ore_t w4[] = { 3, 2, 3, 2 };   /* 2.5 each */
	static const ore_t w1of3[] = { 0, 1, 0 };
	static const ore_t w0[] = { 0, 0, 0, 0, 0 };
	i128 sum = 0;
	int i;

	(void)state;
	assert_int_equal(money_split_equal(100, 3, p), 0);
	expect_parts(p, w3, 3);
	assert_int_equal(money_split_equal(-100, 3, p), 0);
	expect_parts(p, wn3, 3);
	assert_int_equal(money_split_equal(10, 4, p), 0);
	expect_parts(p, w4, 4);
	assert_int_equal(money_split_equal(1, 3, p), 0);
	expect_parts(p, w1of3, 3);
	assert_int_equal(money_split_equal(0, 5, p), 0);
	expect_parts(p, w0, 5);
	assert_int_equal(money_split_equal(12345, 1, p), 0);
	assert_int_equal(p[0], 12345);
	assert_int_equal(money_split_equal(INT64_MIN, 10000, p), 0);
	for (i = 0; i < 10000; i++)
		sum += p[i];
	assert_true(sum == INT64_MIN);
	assert_int_equal(money_split_equal(100, 0, p), -1);
	assert_int_equal(money_split_equal(100, -1, p), -1);
	assert_int_equal(money_split_equal(100, 10001, p), -1);
}

/*
 * 10,000 random totals and counts: the parts add up to the total and
 * each is floor(total / n) or ceil(total / n), that is |part·n − total|
 * < n, within one öre of the exact share.
 */
static void test_split_equal_random(void **state)
{
	ore_t p[120], total;
	i128 sum, dev;
	int i, j, n;

	(void)state;
	for (i = 0; i < 10000; i++) {
		total = rng_total();
		n = (int)rng_range(1, 120);
		assert_int_equal(money_split_equal(total, n, p), 0);
		sum = 0;
		for (j = 0; j < n; j++) {
			sum += p[j];
			dev = (i128)p[j] * n - total;
			assert_true(dev < n && dev > -n);
		}
		assert_true(sum == total);
	}
}

static void test_split_weights(void **state)
{
	ore_t p[8];
	static const int64_t w112[] = { 1, 1, 2 };
	static const ore_t p112[] = { 250, 250, 500 };
	static const int64_t w111[] = { 1, 1, 1 };
	static const ore_t p111[] = { 33, 34, 33 };
	static const int64_t w010[] = { 0, 1, 0 };
	static const ore_t p010[] = { 0, 100, 0 };
	static const int64_t w1001[] = { 1, 0, 0, 1 };
	static const ore_t p1001[] = { 50, 0, 0, 50 };
	static const int64_t wbig[] = { INT64_MAX, INT64_MAX, INT64_MAX };
	static const ore_t pbig[] = { -33, -34, -33 };
	static const int64_t wneg[] = { 1, -1, 1 };
	static const int64_t wzero[] = { 0, 0 };

	(void)state;
	assert_int_equal(money_split_weights(1000, w112, 3, p), 0);
	expect_parts(p, p112, 3);
	assert_int_equal(money_split_weights(100, w111, 3, p), 0);
	expect_parts(p, p111, 3);
	assert_int_equal(money_split_weights(100, w010, 3, p), 0);
	expect_parts(p, p010, 3);
	assert_int_equal(money_split_weights(100, w1001, 4, p), 0);
	expect_parts(p, p1001, 4);
	/* A weights' sum above int64 still divides exactly. */
	assert_int_equal(money_split_weights(-100, wbig, 3, p), 0);
	expect_parts(p, pbig, 3);
	assert_int_equal(money_split_weights(MONEY_MAX, w112, 3, p), 0);
	assert_int_equal(p[2], MONEY_MAX / 2);
	assert_int_equal(money_split_weights(100, wneg, 3, p), -1);
	assert_int_equal(money_split_weights(100, wzero, 2, p), -1);
	assert_int_equal(money_split_weights(100, w111, 0, p), -1);
	assert_int_equal(money_split_weights(100, w111, 10001, p), -1);
	assert_int_equal(money_split_weights(MONEY_MAX + 1, w111, 3, p), -1);
	assert_int_equal(money_split_weights(-MONEY_MAX - 1, w111, 3, p), -1);
}

/* A weight: often zero, small, or large enough that sums pass int64. */
static int64_t rng_weight(void)
{
	switch (rng_next() % 5) {
	case 0:
		return 0;
	case 1:
		return rng_range(1, 10);
	case 2:
		return rng_range(1, 1000000);
	case 3:
		return rng_range(1, INT64_MAX / 2);
	default:
		return INT64_MAX - rng_range(0, 100);
	}
}

/*
 * Random weighted splits: parts add up to the total, a zero weight gets
 * nothing, and each part is within one öre of total · w / W, that is
 * |part·W − total·w| <= W.
 */
static void test_split_weights_random(void **state)
{
	ore_t p[120], total;
	int64_t w[120];
	i128 sum, wsum, dev;
	int i, j, n;

	(void)state;
	for (i = 0; i < 10000; i++) {
		total = rng_total();
		n = (int)rng_range(1, 120);
		wsum = 0;
		for (j = 0; j < n; j++) {
			w[j] = rng_weight();
			wsum += w[j];
		}
		if (wsum == 0) {
			w[0] = 1;
			wsum = 1;
		}
		assert_int_equal(money_split_weights(total, w, n, p), 0);
		sum = 0;
		for (j = 0; j < n; j++) {
			sum += p[j];
			if (w[j] == 0)
				assert_int_equal(p[j], 0);
			dev = (i128)p[j] * wsum - (i128)total * w[j];
			assert_true(dev <= wsum && dev >= -wsum);
		}
		assert_true(sum == total);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_mul_ratio),
		cmocka_unit_test(test_mul_ratio_random),
		cmocka_unit_test(test_split_equal),
		cmocka_unit_test(test_split_equal_random),
		cmocka_unit_test(test_split_weights),
		cmocka_unit_test(test_split_weights_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
