/*
 * test_idnum.c — unit tests for src/core/idnum.c.
 *
 * Expectations live in tables and never come from the code under test.
 * Check digits were worked out from the definition, and the test checks
 * them again with its own Luhn (own_check_digit below, written without
 * looking at idnum_luhn_ok): every valid row must pass it and every
 * "bad checksum" row must fail it, so a wrong table cannot hide a wrong
 * implementation.  Unless a row says otherwise, today is 2026-11-23.
 */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>

#include "core/idnum.h"

/* ---- helpers independent of the code under test ---- */

/*
 * The check digit for nine digits, from the definition: weights
 * 2,1,2,1,... from the left; a product of ten or more counts as the sum
 * of its two digits; the check digit brings the total up to a multiple
 * of ten.
 */
static int own_check_digit(const char *nine)
{
	int i, sum = 0;

	for (i = 0; i < 9; i++) {
		int product = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);

		sum += product / 10 + product % 10;
	}
	return (10 - sum % 10) % 10;
}

/* The last ten digits of s, skipping separators; 0 when there are fewer. */
static int last_ten_digits(const char *s, char ten[11])
{
	char all[32];
	int n = 0;

	for (; *s && n < (int)sizeof(all); s++)
		if (*s >= '0' && *s <= '9')
			all[n++] = *s;
	if (n < 10)
		return 0;
	memcpy(ten, all + n - 10, 10);
	ten[10] = '\0';
	return 1;
}

static int own_luhn_valid(const char *s)
{
	char ten[11];

	if (!last_ten_digits(s, ten))
		return 0;
	return own_check_digit(ten) == ten[9] - '0';
}

static date_t ymd(int y, int m, int d)
{
	date_t out = 0;

	assert_int_equal(date_from_ymd(y, m, d, &out), 0);
	return out;
}

/* The default reference date: a year 0 in a row means this one. */
static date_t today_of(int y, int m, int d)
{
	if (y == 0)
		return ymd(2026, 11, 23);
	return ymd(y, m, d);
}

/* ---- personnummer and samordningsnummer ---- */

struct valid_person {
	const char *input;
	int ty, tm, td;		/* today; 0 = 2026-11-23 */
	char kind;		/* 'p' personnummer, 's' samordningsnummer */
	const char *canonical;
	int by, bm, bd;		/* the real birth date */
};

static const struct valid_person valid_persons[] = {
	/* Skatteverket-style example in every accepted form. */
	{ "811218-9876",    0, 0, 0, 'p', "198112189876", 1981, 12, 18 },
	{ "8112189876",     0, 0, 0, 'p', "198112189876", 1981, 12, 18 },
	{ "19811218-9876",  0, 0, 0, 'p', "198112189876", 1981, 12, 18 },
	{ "198112189876",   0, 0, 0, 'p', "198112189876", 1981, 12, 18 },
	{ "811218+9876",    0, 0, 0, 'p', "188112189876", 1881, 12, 18 },
	/* Tolvan Tolvansson, the classic test number. */
	{ "19121212-1212",  0, 0, 0, 'p', "191212121212", 1912, 12, 12 },
	{ "191212121212",   0, 0, 0, 'p', "191212121212", 1912, 12, 12 },
	{ "121212+1212",    0, 0, 0, 'p', "191212121212", 1912, 12, 12 },
	{ "121212-1212",    0, 0, 0, 'p', "201212121212", 2012, 12, 12 },
	{ "1212121212",     0, 0, 0, 'p', "201212121212", 2012, 12, 12 },
	{ "121212-1212", 2012, 12, 12, 'p', "201212121212", 2012, 12, 12 },
	{ "121212-1212", 2012, 12, 11, 'p', "191212121212", 1912, 12, 12 },

	/* Century resolution around today = 2026-11-23. */
	{ "261123-1230",    0, 0, 0, 'p', "202611231230", 2026, 11, 23 },
	{ "261124-1239",    0, 0, 0, 'p', "192611241239", 1926, 11, 24 },
	{ "261124-1239", 2026, 11, 24, 'p', "202611241239", 2026, 11, 24 },
	{ "261122-4565",    0, 0, 0, 'p', "202611224565", 2026, 11, 22 },
	{ "261123+7898",    0, 0, 0, 'p', "192611237898", 1926, 11, 23 },
	{ "261124+3219",    0, 0, 0, 'p', "182611243219", 1826, 11, 24 },
	{ "261201-2225",    0, 0, 0, 'p', "192612012225", 1926, 12, 1 },
	{ "261031-3336",    0, 0, 0, 'p', "202610313336", 2026, 10, 31 },
	{ "270101-2342",    0, 0, 0, 'p', "192701012342", 1927, 1, 1 },
	{ "251231-1115",    0, 0, 0, 'p', "202512311115", 2025, 12, 31 },
	{ "991231-5679",    0, 0, 0, 'p', "199912315679", 1999, 12, 31 },
	{ "991231-5679", 2100, 1, 1, 'p', "209912315679", 2099, 12, 31 },
	{ "000101-8902",    0, 0, 0, 'p', "200001018902", 2000, 1, 1 },
	{ "750615-4322",    0, 0, 0, 'p', "197506154322", 1975, 6, 15 },
	{ "650412-1119",    0, 0, 0, 'p', "196504121119", 1965, 4, 12 },
	{ "450101-9873",    0, 0, 0, 'p', "194501019873", 1945, 1, 1 },
	{ "120101-1234",    0, 0, 0, 'p', "201201011234", 2012, 1, 1 },
	{ "20261123-8888",  0, 0, 0, 'p', "202611238888", 2026, 11, 23 },

	/* Leap days: the century decides whether 29 February exists. */
	{ "000229-2449",    0, 0, 0, 'p', "200002292449", 2000, 2, 29 },
	{ "000229-2449", 2000, 2, 29, 'p', "200002292449", 2000, 2, 29 },
	{ "240229-5774",    0, 0, 0, 'p', "202402295774", 2024, 2, 29 },
	{ "240229-5774", 2024, 2, 28, 'p', "192402295774", 1924, 2, 29 },
	{ "280229-8014",    0, 0, 0, 'p', "192802298014", 1928, 2, 29 },
	{ "960229-9126",    0, 0, 0, 'p', "199602299126", 1996, 2, 29 },
	{ "20000229-4445",  0, 0, 0, 'p', "200002294445", 2000, 2, 29 },
	{ "202402295550",   0, 0, 0, 'p', "202402295550", 2024, 2, 29 },

	/* Samordningsnummer: day + 60, canonical keeps the day as written. */
	{ "811278-1235",    0, 0, 0, 's', "198112781235", 1981, 12, 18 },
	{ "19811278-1235",  0, 0, 0, 's', "198112781235", 1981, 12, 18 },
	{ "811278+1235",    0, 0, 0, 's', "188112781235", 1881, 12, 18 },
	{ "701063-2391",    0, 0, 0, 's', "197010632391", 1970, 10, 3 },
	{ "900161-3455",    0, 0, 0, 's', "199001613455", 1990, 1, 1 },
	{ "900191-2345",    0, 0, 0, 's', "199001912345", 1990, 1, 31 },
	{ "000289-4566",    0, 0, 0, 's', "200002894566", 2000, 2, 29 },
	{ "261183-5675",    0, 0, 0, 's', "202611835675", 2026, 11, 23 },
	{ "261184-6789",    0, 0, 0, 's', "192611846789", 1926, 11, 24 },
};

struct invalid_input {
	const char *input;
	int ty, tm, td;		/* today (persons only), 0 = default */
	enum idnum_reason want;
};

static const struct invalid_input invalid_persons[] = {
	{ "",                0, 0, 0, IDNUM_EMPTY },

	/* Anything but digits and one separator, wherever it is. */
	{ "81121a-9876",     0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "O11218-9876",     0, 0, 0, IDNUM_BAD_CHARACTER },
	{ " 811218-9876",    0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218-9876 ",    0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218-9876\n",   0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "\t8112189876",    0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218 9876",     0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "19811218-98 76",  0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218--9876",    0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218-+9876",    0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "8112-18-9876",    0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218_9876",     0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218/9876",     0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "811218.9876",     0, 0, 0, IDNUM_BAD_CHARACTER },
	/* An en dash, as word processors like to "correct" a hyphen to. */
	{ "811218\xe2\x80\x93" "9876", 0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "81121a",          0, 0, 0, IDNUM_BAD_CHARACTER }, /* before length */

	/* Not 10 or 12 digits. */
	{ "0",               0, 0, 0, IDNUM_BAD_LENGTH },
	{ "-",               0, 0, 0, IDNUM_BAD_LENGTH },
	{ "+",               0, 0, 0, IDNUM_BAD_LENGTH },
	{ "81121898",        0, 0, 0, IDNUM_BAD_LENGTH },
	{ "811218987",       0, 0, 0, IDNUM_BAD_LENGTH },
	{ "81121-987",       0, 0, 0, IDNUM_BAD_LENGTH },
	{ "81121898761",     0, 0, 0, IDNUM_BAD_LENGTH },
	{ "8112189-8761",    0, 0, 0, IDNUM_BAD_LENGTH }, /* before separator */
	{ "1981121898761",   0, 0, 0, IDNUM_BAD_LENGTH },
	{ "12345678901234567890", 0, 0, 0, IDNUM_BAD_LENGTH },

	/* Separator anywhere but before the last four, or '+' with 12. */
	{ "81121-89876",     0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "8112189-876",     0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "-8112189876",     0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "+8112189876",     0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "8112189876-",     0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "8112189876+",     0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "1981121-89876",   0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "198112-189876",   0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "19811218+9876",   0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "19121212+1212",   0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "81133-89876",     0, 0, 0, IDNUM_BAD_SEPARATOR }, /* before date */

	/* Not a calendar date.  The check digit is right unless marked. */
	{ "000229+2449",     0, 0, 0, IDNUM_BAD_DATE }, /* 1900 */
	{ "000229-2449", 2000, 2, 28, IDNUM_BAD_DATE }, /* 1900 */
	{ "250229-6888",     0, 0, 0, IDNUM_BAD_DATE },
	{ "900229-2226",     0, 0, 0, IDNUM_BAD_DATE },
	{ "190002293330",    0, 0, 0, IDNUM_BAD_DATE },
	{ "210002296663",    0, 0, 0, IDNUM_BAD_DATE }, /* before future */
	{ "810230-1234",     0, 0, 0, IDNUM_BAD_DATE },
	{ "810431-1231",     0, 0, 0, IDNUM_BAD_DATE },
	{ "811318-1237",     0, 0, 0, IDNUM_BAD_DATE },
	{ "810018-1232",     0, 0, 0, IDNUM_BAD_DATE },
	{ "811200-1238",     0, 0, 0, IDNUM_BAD_DATE }, /* day 00 */
	{ "810132-1233",     0, 0, 0, IDNUM_BAD_DATE },
	{ "811232-4440",     0, 0, 0, IDNUM_BAD_DATE },
	{ "811241-9992",     0, 0, 0, IDNUM_BAD_DATE },
	{ "811259-5551",     0, 0, 0, IDNUM_BAD_DATE },
	{ "811260-2225",     0, 0, 0, IDNUM_BAD_DATE }, /* day 00 + 60 */
	{ "811292-1112",     0, 0, 0, IDNUM_BAD_DATE }, /* day 32 + 60 */
	{ "900290-3335",     0, 0, 0, IDNUM_BAD_DATE }, /* 30 Feb + 60 */
	{ "000289+4566",     0, 0, 0, IDNUM_BAD_DATE }, /* 1900 */
	{ "203013011238",    0, 0, 0, IDNUM_BAD_DATE }, /* before future */
	{ "811318-0000",     0, 0, 0, IDNUM_BAD_DATE }, /* before checksum */

	/* Born after today: only twelve digits can say so. */
	{ "202611247772",    0, 0, 0, IDNUM_FUTURE_DATE },
	{ "20261124-7772",   0, 0, 0, IDNUM_FUTURE_DATE },
	{ "203012311233",    0, 0, 0, IDNUM_FUTURE_DATE },
	{ "202611849999",    0, 0, 0, IDNUM_FUTURE_DATE }, /* samordning */
	{ "202412310001", 2024, 12, 30, IDNUM_FUTURE_DATE },
	{ "20261124-0000",   0, 0, 0, IDNUM_FUTURE_DATE }, /* before checksum */

	/* Check digit does not match. */
	{ "811218-9875",     0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "8112189877",      0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "811218-9867",     0, 0, 0, IDNUM_BAD_CHECKSUM }, /* swapped */
	{ "811218+9875",     0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "19811218-9870",   0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "19121212-1213",   0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "121212-1211",     0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "261123-1231",     0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "811278-1236",     0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "701063-2390",     0, 0, 0, IDNUM_BAD_CHECKSUM },
};

static enum idnum_kind kind_of(char c)
{
	return c == 's' ? IDNUM_SAMORDNINGSNUMMER : IDNUM_PERSONNUMMER;
}

static void test_person_valid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid_persons) / sizeof(valid_persons[0]); i++) {
		const struct valid_person *c = &valid_persons[i];
		struct idnum id;
		enum idnum_reason r;
		int y, m, d;

		memset(&id, 0xa5, sizeof(id));
		r = idnum_parse_person(c->input, today_of(c->ty, c->tm, c->td),
				       &id);
		if (r != IDNUM_OK)
			fail_msg("row %zu: got %s", i, idnum_reason_code(r));
		assert_int_equal(id.kind, kind_of(c->kind));
		assert_string_equal(id.canonical, c->canonical);
		date_to_ymd(id.birth_date, &y, &m, &d);
		if (y != c->by || m != c->bm || d != c->bd)
			fail_msg("row %zu: born %04d-%02d-%02d", i, y, m, d);
	}
}

static void test_person_invalid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid_persons) / sizeof(invalid_persons[0]);
	     i++) {
		const struct invalid_input *c = &invalid_persons[i];
		struct idnum id;
		enum idnum_reason r;

		r = idnum_parse_person(c->input, today_of(c->ty, c->tm, c->td),
				       &id);
		if (r != c->want)
			fail_msg("row %zu: want %s, got %s", i,
				 idnum_reason_code(c->want),
				 idnum_reason_code(r));
	}
}

static void test_person_null(void **state)
{
	struct idnum id;

	(void)state;
	assert_int_equal(idnum_parse_person(NULL, ymd(2026, 11, 23), &id),
			 IDNUM_EMPTY);
}

/*
 * The same digits on either side of today's month-day, so that century
 * resolution is pinned to the day, not just to the year.
 */
static void test_century_boundary(void **state)
{
	struct idnum id;

	(void)state;
	/* Born today is born this century... */
	assert_int_equal(idnum_parse_person("261123-1230", ymd(2026, 11, 23),
					    &id), IDNUM_OK);
	assert_string_equal(id.canonical, "202611231230");
	/* ...and one day later must be a hundred years ago. */
	assert_int_equal(idnum_parse_person("261124-1239", ymd(2026, 11, 23),
					    &id), IDNUM_OK);
	assert_string_equal(id.canonical, "192611241239");
	/* The next morning the same number is a newborn. */
	assert_int_equal(idnum_parse_person("261124-1239", ymd(2026, 11, 24),
					    &id), IDNUM_OK);
	assert_string_equal(id.canonical, "202611241239");
	/* Twelve digits carry their own century and can be in the future. */
	assert_int_equal(idnum_parse_person("19261124-1239", ymd(2026, 11, 23),
					    &id), IDNUM_OK);
	assert_int_equal(idnum_parse_person("20261124-1239", ymd(2026, 11, 23),
					    &id), IDNUM_FUTURE_DATE);
}

/* ---- organisationsnummer ---- */

struct valid_org {
	const char *input;
	const char *canonical;
};

static const struct valid_org valid_orgs[] = {
	{ "556036-0793",    "5560360793" },
	{ "5560360793",     "5560360793" },
	{ "16556036-0793",  "5560360793" },
	{ "165560360793",   "5560360793" },
	{ "202100-5489",    "2021005489" }, /* government agency */
	{ "2021005489",     "2021005489" },
	{ "202100-5448",    "2021005448" },
	{ "16202100-5448",  "2021005448" },
	{ "802011-8561",    "8020118561" },
	{ "212000-0142",    "2120000142" },
	{ "222000-1545",    "2220001545" },
	{ "969712-3454",    "9697123454" },
	{ "716412-3452",    "7164123452" },
	{ "802481-1112",    "8024811112" },
	{ "556999-2224",    "5569992224" },
	{ "552234-5676",    "5522345676" },
	{ "929999-9996",    "9299999996" },
};

static const struct invalid_input invalid_orgs[] = {
	{ "",               0, 0, 0, IDNUM_EMPTY },
	{ "556036 0793",    0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "556036-0793 ",   0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "SE556036079301", 0, 0, 0, IDNUM_BAD_CHARACTER }, /* VAT number */
	{ "556036--0793",   0, 0, 0, IDNUM_BAD_CHARACTER },
	{ "556036-079",     0, 0, 0, IDNUM_BAD_LENGTH },
	{ "556036",         0, 0, 0, IDNUM_BAD_LENGTH },
	{ "55603607931",    0, 0, 0, IDNUM_BAD_LENGTH },
	{ "1655603607931",  0, 0, 0, IDNUM_BAD_LENGTH },
	{ "556036+0793",    0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "16556036+0793",  0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "5560-360793",    0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "55603-60793",    0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "5560360793-",    0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "165560-360793",  0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "1655603-60793",  0, 0, 0, IDNUM_BAD_SEPARATOR },
	{ "15556036-0793",  0, 0, 0, IDNUM_BAD_ORG_PREFIX },
	{ "195560360793",   0, 0, 0, IDNUM_BAD_ORG_PREFIX },
	{ "005560360793",   0, 0, 0, IDNUM_BAD_ORG_PREFIX },
	{ "19811218-9876",  0, 0, 0, IDNUM_BAD_ORG_PREFIX }, /* before group */
	{ "550036-1232",    0, 0, 0, IDNUM_BAD_ORG_GROUP }, /* third digit 0 */
	{ "100000-0008",    0, 0, 0, IDNUM_BAD_ORG_GROUP },
	{ "811218-9876",    0, 0, 0, IDNUM_BAD_ORG_GROUP }, /* third digit 1 */
	{ "811278-1235",    0, 0, 0, IDNUM_BAD_ORG_GROUP },
	{ "16811218-9876",  0, 0, 0, IDNUM_BAD_ORG_GROUP },
	{ "556036-0794",    0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "5560360739",     0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "16556036-0790",  0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "802011-8562",    0, 0, 0, IDNUM_BAD_CHECKSUM },
	{ "202100-5488",    0, 0, 0, IDNUM_BAD_CHECKSUM },
};

static void test_org_valid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid_orgs) / sizeof(valid_orgs[0]); i++) {
		struct idnum id;
		enum idnum_reason r;

		memset(&id, 0xa5, sizeof(id));
		r = idnum_parse_org(valid_orgs[i].input, &id);
		if (r != IDNUM_OK)
			fail_msg("row %zu: got %s", i, idnum_reason_code(r));
		assert_int_equal(id.kind, IDNUM_ORGANISATIONSNUMMER);
		assert_string_equal(id.canonical, valid_orgs[i].canonical);
	}
}

static void test_org_invalid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid_orgs) / sizeof(invalid_orgs[0]); i++) {
		struct idnum id;
		enum idnum_reason r;

		r = idnum_parse_org(invalid_orgs[i].input, &id);
		if (r != invalid_orgs[i].want)
			fail_msg("row %zu: want %s, got %s", i,
				 idnum_reason_code(invalid_orgs[i].want),
				 idnum_reason_code(r));
	}
}

static void test_org_null(void **state)
{
	struct idnum id;

	(void)state;
	assert_int_equal(idnum_parse_org(NULL, &id), IDNUM_EMPTY);
}

/* ---- the tables themselves ---- */

/*
 * Every valid row passes the test's own Luhn and every bad-checksum row
 * fails it, so the expectations do not rest on idnum_luhn_ok.
 */
static void test_tables_agree_with_own_luhn(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid_persons) / sizeof(valid_persons[0]); i++)
		if (!own_luhn_valid(valid_persons[i].input))
			fail_msg("valid person row %zu fails own Luhn", i);
	for (i = 0; i < sizeof(valid_orgs) / sizeof(valid_orgs[0]); i++)
		if (!own_luhn_valid(valid_orgs[i].input))
			fail_msg("valid org row %zu fails own Luhn", i);
	for (i = 0; i < sizeof(invalid_persons) / sizeof(invalid_persons[0]);
	     i++)
		if (invalid_persons[i].want == IDNUM_BAD_CHECKSUM &&
		    own_luhn_valid(invalid_persons[i].input))
			fail_msg("checksum person row %zu passes own Luhn", i);
	for (i = 0; i < sizeof(invalid_orgs) / sizeof(invalid_orgs[0]); i++)
		if (invalid_orgs[i].want == IDNUM_BAD_CHECKSUM &&
		    own_luhn_valid(invalid_orgs[i].input))
			fail_msg("checksum org row %zu passes own Luhn", i);
}

/* ---- Luhn, texts and display ---- */

static void test_luhn(void **state)
{
	(void)state;
	assert_true(idnum_luhn_ok("8112189876", 10));
	assert_false(idnum_luhn_ok("8112189875", 10));
	/* The textbook example: eleven digits, weights from the right. */
	assert_true(idnum_luhn_ok("79927398713", 11));
	assert_false(idnum_luhn_ok("79927398710", 11));
	/* Only n characters are read. */
	assert_true(idnum_luhn_ok("8112189876xyz", 10));
	assert_false(idnum_luhn_ok("81121a9876", 10));
	assert_false(idnum_luhn_ok(NULL, 10));
}

static int has_digit(const char *s)
{
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			return 1;
	return 0;
}

static int is_snake_case(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return 0;
	return 1;
}

static void test_reason_texts(void **state)
{
	int r, q;

	(void)state;
	for (r = IDNUM_OK; r <= IDNUM_BAD_ORG_PREFIX; r++) {
		const char *text = idnum_reason_text((enum idnum_reason)r);
		const char *code = idnum_reason_code((enum idnum_reason)r);

		assert_non_null(text);
		assert_non_null(code);
		assert_true(strlen(text) > 10);
		assert_false(has_digit(text));
		assert_int_equal(text[strlen(text) - 1], '.');
		assert_true(is_snake_case(code));
		for (q = IDNUM_OK; q < r; q++) {
			assert_string_not_equal(code,
				idnum_reason_code((enum idnum_reason)q));
			assert_string_not_equal(text,
				idnum_reason_text((enum idnum_reason)q));
		}
	}
	assert_string_equal(idnum_reason_code(IDNUM_BAD_CHECKSUM),
			    "bad_checksum");
	assert_string_equal(idnum_reason_code(IDNUM_OK), "ok");
}

static void test_display(void **state)
{
	struct idnum id;
	char buf[16];

	(void)state;
	assert_int_equal(idnum_parse_person("811218-9876", ymd(2026, 11, 23),
					    &id), IDNUM_OK);
	idnum_display(&id, buf);
	assert_string_equal(buf, "19811218-****");

	assert_int_equal(idnum_parse_person("811278-1235", ymd(2026, 11, 23),
					    &id), IDNUM_OK);
	idnum_display(&id, buf);
	assert_string_equal(buf, "19811278-****");

	assert_int_equal(idnum_parse_org("5560360793", &id), IDNUM_OK);
	idnum_display(&id, buf);
	assert_string_equal(buf, "556036-0793");

	assert_int_equal(idnum_parse_org("16202100-5448", &id), IDNUM_OK);
	idnum_display(&id, buf);
	assert_string_equal(buf, "202100-5448");
}

/* ---- property: random valid persons ---- */

/* xorshift32: the same sequence on every machine, unlike rand(). */
static uint32_t next_random(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

static int below(uint32_t *s, int n)
{
	return (int)(next_random(s) % (uint32_t)n);
}

static int own_days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* v as exactly width digits, zero-padded; v fits by construction. */
static void put_digits(char *p, int width, int v)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* (a) on or before (b), comparing year, month, day in turn. */
static int ymd_le(int ay, int am, int ad, int by, int bm, int bd)
{
	if (ay != by)
		return ay < by;
	if (am != bm)
		return am < bm;
	return ad <= bd;
}

/* Parse s, check the result, then every other check digit must fail. */
static void check_random_person(const char *s, date_t today,
				const char *canonical, enum idnum_kind kind,
				int y, int m, int d)
{
	char wrong[16];
	struct idnum id;
	size_t len = strlen(s);
	int by, bm, bd;
	char c;

	if (idnum_parse_person(s, today, &id) != IDNUM_OK)
		fail_msg("random person not accepted");
	assert_string_equal(id.canonical, canonical);
	assert_int_equal(id.kind, kind);
	date_to_ymd(id.birth_date, &by, &bm, &bd);
	assert_int_equal(by, y);
	assert_int_equal(bm, m);
	assert_int_equal(bd, d);

	memcpy(wrong, s, len + 1);
	for (c = '0'; c <= '9'; c++) {
		if (c == s[len - 1])
			continue;
		wrong[len - 1] = c;
		if (idnum_parse_person(wrong, today, &id) != IDNUM_BAD_CHECKSUM)
			fail_msg("changed check digit not caught");
	}
}

static void test_random_persons(void **state)
{
	uint32_t seed = 20261123u;
	date_t today = ymd(2026, 11, 23);
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		char digits[13], ten[16], twelve[16];
		int y, m, d, written_day, serial, old;
		enum idnum_kind kind;

		do {
			y = 1900 + below(&seed, 127);
			m = 1 + below(&seed, 12);
			d = 1 + below(&seed, own_days_in_month(y, m));
		} while (!ymd_le(y, m, d, 2026, 11, 23));
		kind = below(&seed, 4) == 0 ? IDNUM_SAMORDNINGSNUMMER
					    : IDNUM_PERSONNUMMER;
		written_day = kind == IDNUM_SAMORDNINGSNUMMER ? d + 60 : d;
		serial = below(&seed, 1000);

		put_digits(digits, 4, y);
		put_digits(digits + 4, 2, m);
		put_digits(digits + 6, 2, written_day);
		put_digits(digits + 8, 3, serial);
		digits[11] = (char)('0' + own_check_digit(digits + 2));
		digits[12] = '\0';

		/* Twelve digits, with or without the hyphen. */
		if (below(&seed, 2))
			snprintf(twelve, sizeof(twelve), "%.8s-%.4s", digits,
				 digits + 8);
		else
			snprintf(twelve, sizeof(twelve), "%s", digits);
		check_random_person(twelve, today, digits, kind, y, m, d);

		/* Ten digits need '+' from the hundredth birthday on. */
		old = ymd_le(y + 100, m, d, 2026, 11, 23);
		if (old)
			snprintf(ten, sizeof(ten), "%.6s+%.4s", digits + 2,
				 digits + 8);
		else if (below(&seed, 2))
			snprintf(ten, sizeof(ten), "%.6s-%.4s", digits + 2,
				 digits + 8);
		else
			snprintf(ten, sizeof(ten), "%s", digits + 2);
		check_random_person(ten, today, digits, kind, y, m, d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_agree_with_own_luhn),
		cmocka_unit_test(test_person_valid),
		cmocka_unit_test(test_person_invalid),
		cmocka_unit_test(test_person_null),
		cmocka_unit_test(test_century_boundary),
		cmocka_unit_test(test_org_valid),
		cmocka_unit_test(test_org_invalid),
		cmocka_unit_test(test_org_null),
		cmocka_unit_test(test_luhn),
		cmocka_unit_test(test_reason_texts),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_random_persons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
