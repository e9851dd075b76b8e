/*
 * test_municipality.c — unit tests for src/core/municipality.c: parsing
 * lines of data/municipalities.csv, and loading the whole shipped file
 * with the checks data/README.md asks for (290 municipalities, national
 * density about 24.5 per km², a sparse set — density below half the
 * national one, P-9 — of 71 municipalities with about 761,000
 * inhabitants).
 *
 * The whole-file test opens data/municipalities.csv relative to the
 * working directory: scripts/run-tests.sh runs every test binary from the
 * repository root (it starts with cd "$(dirname "$0")/..").
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/municipality.h"

#define CSV_PATH "data/municipalities.csv"
#define CSV_HEADER "code,name,county,population,land_km2"

static void test_municipality_parse_good_lines(void **state)
{
	static const struct {
		const char *line, *code, *name, *county;
		int64_t population, land_centi;
	} t[] = {
		{ "0114,Upplands Väsby kommun,Stockholms län,43891,75.01",
		  "0114", "Upplands Väsby kommun", "Stockholms län", 43891, 7501 },
		{ "0180,Stockholms kommun,Stockholms län,935619,187.16",
		  "0180", "Stockholms kommun", "Stockholms län", 935619, 18716 },
		{ "2584,Kiruna kommun,Norrbottens län,23167,19155.37",
		  "2584", "Kiruna kommun", "Norrbottens län", 23167, 1915537 },
		/* one decimal is tenths: 357.7 km² = 35770 centi-km² */
		{ "0115,Vallentuna kommun,Stockholms län,32785,357.7",
		  "0115", "Vallentuna kommun", "Stockholms län", 32785, 35770 },
		/* no decimals */
		{ "0115,V,S,32785,357", "0115", "V", "S", 32785, 35700 },
		/* a leading zero in the decimals: 1.05 = 105 */
		{ "0115,V,S,1,1.05", "0115", "V", "S", 1, 105 },
		/* the smallest area, and population 0 */
		{ "0115,V,S,0,0.01", "0115", "V", "S", 0, 1 },
		/* CRLF and LF line ends are not part of the area */
		{ "0114,A,B,10,2.50\r\n", "0114", "A", "B", 10, 250 },
		{ "0114,A,B,10,2.50\n", "0114", "A", "B", 10, 250 },
		/* spaces inside names are kept */
		{ "1480,Göteborgs kommun,Västra Götalands län,556640,447.88",
		  "1480", "Göteborgs kommun", "Västra Götalands län", 556640,
		  44788 },
	};
	struct municipality m;
	struct kverr e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		kverr_clear(&e);
		if (municipality_parse_csv(t[i].line, &m, &e) != 0)
			fail_msg("%s: %s (%s)", t[i].line, e.message, e.field);
		assert_string_equal(m.code, t[i].code);
		assert_string_equal(m.name, t[i].name);
		assert_string_equal(m.county, t[i].county);
		assert_int_equal(m.population, t[i].population);
		assert_int_equal(m.land_km2_centi, t[i].land_centi);
	}
}

struct bad_line {
	const char *line, *field, *code;
};

static void check_bad_lines(const struct bad_line *t, size_t n)
{
	struct municipality m;
	struct kverr e;

	for (size_t i = 0; i < n; i++) {
		kverr_clear(&e);
		if (municipality_parse_csv(t[i].line, &m, &e) != -1)
			fail_msg("'%s': accepted (population %lld, land %lld)",
				 t[i].line, (long long)m.population,
				 (long long)m.land_km2_centi);
		if (strcmp(e.field, t[i].field) || strcmp(e.code, t[i].code))
			fail_msg("'%s': want %s %s, got %s %s", t[i].line,
				 t[i].field, t[i].code, e.field, e.code);
		assert_int_equal(e.cls, KVERR_INVALID);
	}
}

static void test_municipality_parse_bad_lines(void **state)
{
	static const struct bad_line t[] = {
		/* code: exactly four digits */
		{ "114,A,B,1,1.00", "code", "bad_code" },
		{ "01145,A,B,1,1.00", "code", "bad_code" },
		{ "011,A,B,1,1.00", "code", "bad_code" },
		{ "01a4,A,B,1,1.00", "code", "bad_code" },
		{ " 114,A,B,1,1.00", "code", "bad_code" },
		{ ",A,B,1,1.00", "code", "bad_code" },
		{ "", "code", "bad_code" },
		{ "code,name,county,population,land_km2", "code", "bad_code" },
		/* name */
		{ "0114,,Stockholms län,43891,75.01", "name", "missing" },
		{ "0114", "name", "missing" },
		/* population: a whole number */
		{ "0114,A,B,,1.00", "population", "bad_number" },
		{ "0114,A,B,abc,1.00", "population", "bad_number" },
		{ "0114,A,B,-5,1.00", "population", "bad_number" },
		{ "0114,A,B,12.5,1.00", "population", "bad_number" },
		{ "0114,A,B,1e3,1.00", "population", "bad_number" },
		{ "0114,A,B,43 891,1.00", "population", "bad_number" },
		{ "0114,A,B", "population", "bad_number" },
		/* land: positive, '.' and at most two decimals */
		{ "0114,A,B,1,75.012", "land_km2", "bad_number" },  /* 3 dec. */
		{ "0114,A,B,1,0", "land_km2", "bad_number" },       /* zero */
		{ "0114,A,B,1,0.00", "land_km2", "bad_number" },
		{ "0114,A,B,1,0.0", "land_km2", "bad_number" },
		{ "0114,A,B,1,-1.00", "land_km2", "bad_number" },
		{ "0114,A,B,1,", "land_km2", "bad_number" },
		{ "0114,A,B,1", "land_km2", "bad_number" },
		{ "0114,A,B,1,75.", "land_km2", "bad_number" },
		{ "0114,A,B,1,.5", "land_km2", "bad_number" },
		{ "0114,A,B,1,1.2.3", "land_km2", "bad_number" },
		{ "0114,A,B,1,1.a", "land_km2", "bad_number" },
		{ "0114,A,B,1,x", "land_km2", "bad_number" },
		{ "0114,A,B,1,75 km2", "land_km2", "bad_number" },
	};

	(void)state;
	check_bad_lines(t, sizeof(t) / sizeof(t[0]));
}

/* "e->field names the column" (municipality.h): an empty county is the
 * county column's fault, not the name's. */
static void test_municipality_missing_county_names_county(void **state)
{
	static const struct bad_line t[] = {
		{ "0114,Upplands Väsby kommun,,43891,75.01", "county", "missing" },
		{ "0114,Upplands Väsby kommun", "county", "missing" },
	};

	(void)state;
	check_bad_lines(t, sizeof(t) / sizeof(t[0]));
}

/* Numbers are digits only (land: digits, '.', one or two digits): no
 * sign, no space, and a value that does not fit is an error, not a
 * clamped or wrapped number. */
static void test_municipality_numbers_digits_only(void **state)
{
	static const struct bad_line t[] = {
		/* read as +0.50 km² */
		{ "0114,A,B,1,-0.50", "land_km2", "bad_number" },
		/* read as 1.05 km² */
		{ "0114,A,B,1,1.+5", "land_km2", "bad_number" },
		{ "0114,A,B,1,1. 5", "land_km2", "bad_number" },
		{ "0114,A,B,1,+1.00", "land_km2", "bad_number" },
		{ "0114,A,B,1, 1.00", "land_km2", "bad_number" },
		{ "0114,A,B,+12,1.00", "population", "bad_number" },
		{ "0114,A,B, 12,1.00", "population", "bad_number" },
		/* 2^64 + … : read as INT64_MAX */
		{ "0114,A,B,99999999999999999999,1.00", "population",
		  "bad_number" },
	};

	(void)state;
	check_bad_lines(t, sizeof(t) / sizeof(t[0]));
}

/* A sixth column is not silently dropped: with a decimal comma,
 * "75,01" would otherwise load as 75.00 km². */
static void test_municipality_extra_column_rejected(void **state)
{
	static const struct bad_line t[] = {
		{ "0114,Upplands Väsby kommun,Stockholms län,43891,75,01",
		  "land_km2", "bad_number" },
		{ "0114,A,B,1,1.00,extra", "land_km2", "bad_number" },
	};

	(void)state;
	check_bad_lines(t, sizeof(t) / sizeof(t[0]));
}

/*
 * A land area too large for km² × 100 in int64 must be refused, not
 * overflow: 100000000000000000 × 100 = 10^19 > INT64_MAX (≈ 9.22 × 10^18).
 * Run in a child process so that a sanitizer abort fails this test only.
 */
static void test_municipality_land_overflow_rejected(void **state)
{
	static const char *const lines[] = {
		"0114,A,B,1,100000000000000000",
		"0114,A,B,1,92233720368547758.08",  /* INT64_MAX + 1 */
		"0114,A,B,1,999999999999999999999.99",
	};
	pid_t pid;
	int status;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			struct municipality m;
			struct kverr e = { 0 };

			if (municipality_parse_csv(lines[i], &m, &e) != -1)
				_exit(10 + (int)i);
			if (strcmp(e.field, "land_km2") != 0)
				_exit(20 + (int)i);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("the parser crashed (signal %d)", WTERMSIG(status));
	if (WEXITSTATUS(status) >= 10 && WEXITSTATUS(status) < 20)
		fail_msg("'%s' was accepted", lines[WEXITSTATUS(status) - 10]);
	if (WEXITSTATUS(status) >= 20 && WEXITSTATUS(status) < 30)
		fail_msg("'%s': wrong field", lines[WEXITSTATUS(status) - 20]);
	if (WEXITSTATUS(status) != 0)
		fail_msg("the parser aborted (exit %d; a sanitizer report is"
			 " above)", WEXITSTATUS(status));
}

static void test_municipality_code_ok(void **state)
{
	(void)state;
	assert_true(municipality_code_ok("0114"));
	assert_true(municipality_code_ok("2584"));
	assert_false(municipality_code_ok("114"));
	assert_false(municipality_code_ok("01140"));
	assert_false(municipality_code_ok("011a"));
	assert_false(municipality_code_ok(""));
	assert_false(municipality_code_ok("-114"));
	assert_false(municipality_code_ok("01 4"));
}

#define N_MUNICIPALITIES 290

/*
 * The whole shipped file.  Totals were computed independently of the
 * parser with awk -F, over the same file:
 *   population 9,995,153; land 407,310.56 km² = 40,731,056 centi-km²;
 *   national density 9,995,153 / 407,310.56 = 24.539 per km²;
 *   sparse (density < 12.27): 71 municipalities, 760,815 inhabitants.
 */
static void test_municipality_load_whole_file(void **state)
{
	static struct municipality all[N_MUNICIPALITIES];
	char line[LIMIT_CSV_LINE + 2];
	int64_t pop = 0, land = 0, sparse_pop = 0, tenths;
	int n = 0, sparse = 0, lineno = 0;
	struct kverr e;
	FILE *f;

	(void)state;
	f = fopen(CSV_PATH, "r");
	if (!f)
		fail_msg("cannot open %s: run from the repository root", CSV_PATH);
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n'))
			fail_msg("line %d is longer than %d bytes", lineno,
				 LIMIT_CSV_LINE);
		if (lineno == 1) {
			assert_string_equal(line, CSV_HEADER "\n");
			continue;
		}
		if (n == N_MUNICIPALITIES)
			fail_msg("more than %d municipalities", N_MUNICIPALITIES);
		kverr_clear(&e);
		if (municipality_parse_csv(line, &all[n], &e))
			fail_msg("line %d: %s (%s)", lineno, e.message, e.field);
		assert_true(all[n].land_km2_centi > 0);
		assert_true(all[n].population > 0);
		pop += all[n].population;
		land += all[n].land_km2_centi;
		n++;
	}
	fclose(f);
	assert_int_equal(n, N_MUNICIPALITIES);
	/* leading zeros kept */
	assert_string_equal(all[0].code, "0114");
	assert_string_equal(all[0].name, "Upplands Väsby kommun");
	assert_string_equal(all[n - 1].code, "2584");
	/* codes unique */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(all[i].code, all[j].code) == 0)
				fail_msg("code %s twice", all[i].code);
	assert_int_equal(pop, 9995153);
	assert_int_equal(land, 40731056);
	/* density in tenths, rounded: pop / (land / 100) × 10
	 * = 9,995,153,000 / 40,731,056 = 245.39 → 245, i.e. 24.5 */
	tenths = (pop * 1000 * 2 + land) / (2 * land);
	assert_int_equal(tenths, 245);
	/* sparse: p / l < (P / L) / 2  ⇔  2 · p · L < P · l (all integers,
	 * l and L in centi-km²; the products stay below 10^14) */
	for (int i = 0; i < n; i++) {
		if (2 * all[i].population * land < pop * all[i].land_km2_centi) {
			sparse++;
			sparse_pop += all[i].population;
		}
	}
	assert_int_equal(sparse, 71);
	assert_in_range(sparse_pop, 760000, 762000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_municipality_parse_good_lines),
		cmocka_unit_test(test_municipality_parse_bad_lines),
		cmocka_unit_test(test_municipality_missing_county_names_county),
		cmocka_unit_test(test_municipality_numbers_digits_only),
		cmocka_unit_test(test_municipality_extra_column_rejected),
		cmocka_unit_test(test_municipality_land_overflow_rejected),
		cmocka_unit_test(test_municipality_code_ok),
		cmocka_unit_test(test_municipality_load_whole_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
