/*
 * test_csvrow.c — the CSV reader of the imports (core/csvrow.c): lines
 * and their numbers, quoted fields, CR LF, the byte-order mark, blank
 * lines, too many fields, the line limit, and the error's field and
 * message ("csv[3].fte", "Line 3, fte: …").
 */
#include "testutil.h"

#include "core/csvrow.h"
#include "core/limits.h"

static int next(struct csvrow_reader *r, char **f, int *n)
{
	struct kverr e = { 0 };

	return csvrow_next(r, f, CSVROW_MAX_FIELDS, n, &e);
}

static void test_lines_fields_and_numbers(void **state)
{
	char text[] = "\xEF\xBB\xBF" "a,b,c\r\n\r\n1,\"Ek, Anna\",\"say \"\"hi\"\"\"\n,,\n";
	struct csvrow_reader r;
	char *f[CSVROW_MAX_FIELDS];
	int n;

	(void)state;
	csvrow_init(&r, text);
	assert_int_equal(next(&r, f, &n), 1);
	assert_int_equal(r.line, 1);
	assert_true(csvrow_header_is(f, n, "a,b,c"));
	assert_false(csvrow_header_is(f, n, "a,b"));
	assert_false(csvrow_header_is(f, n, "a,b,c,d"));
	assert_int_equal(next(&r, f, &n), 1);    /* the blank line 2 */
	assert_int_equal(n, 0);
	assert_int_equal(next(&r, f, &n), 1);
	assert_int_equal(r.line, 3);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "1");
	assert_string_equal(f[1], "Ek, Anna");
	assert_string_equal(f[2], "say \"hi\"");
	assert_int_equal(next(&r, f, &n), 1);
	assert_int_equal(n, 3);                  /* three empty fields */
	assert_string_equal(f[2], "");
	assert_int_equal(next(&r, f, &n), 0);
}

static void test_too_many_fields_are_counted(void **state)
{
	char text[] = "1,2,3,4,5\n";
	struct csvrow_reader r;
	struct kverr e = { 0 };
	char *f[2];
	int n;

	(void)state;
	csvrow_init(&r, text);
	assert_int_equal(csvrow_next(&r, f, 2, &n, &e), 1);
	assert_int_equal(n, 5);
	assert_string_equal(f[1], "2");
}

static void test_bad_quote_and_long_line(void **state)
{
	char bad[] = "ok\n\"open,field\n";
	char after[] = "\"x\"y,z\n";
	char *big = malloc(LIMIT_CSV_LINE + 10);
	struct csvrow_reader r;
	struct kverr e = { 0 };
	char *f[CSVROW_MAX_FIELDS];
	int n;

	(void)state;
	csvrow_init(&r, bad);
	assert_int_equal(csvrow_next(&r, f, CSVROW_MAX_FIELDS, &n, &e), 1);
	assert_int_equal(csvrow_next(&r, f, CSVROW_MAX_FIELDS, &n, &e), -1);
	assert_string_equal(e.code, "bad_quote");
	assert_string_equal(e.field, "csv");
	assert_true(strncmp(e.message, "Line 2: ", 8) == 0);
	csvrow_init(&r, after);
	assert_int_equal(csvrow_next(&r, f, CSVROW_MAX_FIELDS, &n, &e), -1);
	memset(big, 'x', LIMIT_CSV_LINE + 1);
	big[LIMIT_CSV_LINE + 1] = '\0';
	csvrow_init(&r, big);
	assert_int_equal(csvrow_next(&r, f, CSVROW_MAX_FIELDS, &n, &e), -1);
	assert_string_equal(e.code, "too_long");
	free(big);
}

static void test_empty_text(void **state)
{
	char empty[] = "";
	struct csvrow_reader r;
	char *f[CSVROW_MAX_FIELDS];
	int n;

	(void)state;
	csvrow_init(&r, empty);
	assert_int_equal(next(&r, f, &n), 0);
	assert_int_equal(r.line, 0);
	csvrow_init(&r, NULL);
	assert_int_equal(next(&r, f, &n), 0);
}

static void test_fail_names_line_and_column(void **state)
{
	struct kverr e = { 0 };

	(void)state;
	assert_int_equal(csvrow_fail(&e, 3, "fte_percent", "bad_number",
				     "from %d to %d.", 1, 100), -1);
	assert_int_equal(e.cls, KVERR_INVALID);
	assert_string_equal(e.field, "csv[3].fte_percent");
	assert_string_equal(e.message, "Line 3, fte_percent: from 1 to 100.");
	csvrow_fail(&e, 12, NULL, "bad_line", "expected 11 fields.");
	assert_string_equal(e.field, "csv[12]");
	assert_string_equal(e.message, "Line 12: expected 11 fields.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_fields_and_numbers),
		cmocka_unit_test(test_too_many_fields_are_counted),
		cmocka_unit_test(test_bad_quote_and_long_line),
		cmocka_unit_test(test_empty_text),
		cmocka_unit_test(test_fail_names_line_and_column),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
