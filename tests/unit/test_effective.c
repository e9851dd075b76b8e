/*
 * test_effective.c — unit tests for src/core/effective.c: effective-dated
 * parameters (P-14, RULES.md): the value in force on a date, and strict
 * parsing of {"YYYY-MM-DD": value, …}.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/effective.h"

static json_t *J(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			       &je);

	if (!v)
		fail_msg("test JSON does not parse: %s (%s)", je.text, text);
	return v;
}

/* Parse text with values in [min, max]; returns effective_parse's status. */
static int parse(const char *text, int64_t min, int64_t max,
		 struct effective *out, struct kverr *e)
{
	json_t *v = J(text);
	int rc;

	kverr_clear(e);
	rc = effective_parse(v, "parameters.p", min, max, out, e);
	json_decref(v);
	return rc;
}

/* Three values: 30 from 2019-08-21, 21 from 2023-01-01, 14 from 2026-07-01. */
static void three(struct effective *p)
{
	struct kverr e;

	if (parse("{\"2019-08-21\":30,\"2023-01-01\":21,\"2026-07-01\":14}",
		  0, 1000, p, &e))
		fail_msg("%s", e.message);
}

static void test_p14_effective_at_table(void **state)
{
	static const struct {
		const char *on;
		int rc;
		int64_t value;
	} t[] = {
		{ "1970-01-01", -1, 0 },
		{ "2019-08-20", -1, 0 },   /* the day before the first */
		{ "2019-08-21", 0, 30 },   /* the first's first day */
		{ "2019-08-22", 0, 30 },
		{ "2022-12-31", 0, 30 },   /* the last day of the first */
		{ "2023-01-01", 0, 21 },   /* the boundary */
		{ "2024-02-29", 0, 21 },   /* between */
		{ "2026-06-30", 0, 21 },
		{ "2026-07-01", 0, 14 },   /* the last one's first day */
		{ "2099-12-31", 0, 14 },   /* long after the last */
	};
	struct effective p;
	size_t i;
	int64_t v;

	(void)state;
	three(&p);
	assert_int_equal(p.n, 3);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = -777;
		if (effective_at(&p, D(t[i].on), &v) != t[i].rc)
			fail_msg("%s: want rc %d", t[i].on, t[i].rc);
		/* before the first: -1 and *out untouched */
		assert_int_equal(v, t[i].rc ? -777 : t[i].value);
	}
}

static void test_p14_effective_at_single_and_empty(void **state)
{
	struct effective p;
	struct kverr e;
	int64_t v = 5;

	(void)state;
	assert_int_equal(parse("{\"2000-01-01\":0}", 0, 10, &p, &e), 0);
	assert_int_equal(effective_at(&p, D("1999-12-31"), &v), -1);
	assert_int_equal(v, 5);
	assert_int_equal(effective_at(&p, D("2000-01-01"), &v), 0);
	assert_int_equal(v, 0);
	memset(&p, 0, sizeof(p));            /* no entries: never in force */
	v = 5;
	assert_int_equal(effective_at(&p, D("2026-01-01"), &v), -1);
	assert_int_equal(v, 5);
	/* dates far apart, before 1970 (negative day numbers) */
	assert_int_equal(parse("{\"1000-01-01\":1,\"1969-12-31\":2,"
			       "\"1970-01-01\":3,\"9999-12-31\":4}", 0, 10, &p,
			       &e), 0);
	assert_int_equal(effective_at(&p, D("1500-06-01"), &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(effective_at(&p, D("1969-12-31"), &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(effective_at(&p, D("1970-01-01"), &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(effective_at(&p, D("9999-12-30"), &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(effective_at(&p, D("9999-12-31"), &v), 0);
	assert_int_equal(v, 4);
}

static void test_p14_parse_values_and_bounds(void **state)
{
	struct effective p;
	struct kverr e;

	(void)state;
	three(&p);
	assert_int_equal(p.from[0], D("2019-08-21"));
	assert_int_equal(p.from[1], D("2023-01-01"));
	assert_int_equal(p.from[2], D("2026-07-01"));
	assert_int_equal(p.value[0], 30);
	assert_int_equal(p.value[1], 21);
	assert_int_equal(p.value[2], 14);
	/* min and max are inclusive */
	assert_int_equal(parse("{\"2020-01-01\":1,\"2021-01-01\":365}", 1, 365,
			       &p, &e), 0);
	assert_int_equal(p.value[0], 1);
	assert_int_equal(p.value[1], 365);
	/* negative ranges and the int64 extremes */
	assert_int_equal(parse("{\"2020-01-01\":-5}", -10, -1, &p, &e), 0);
	assert_int_equal(p.value[0], -5);
	assert_int_equal(parse("{\"2020-01-01\":9223372036854775807,"
			       "\"2021-01-01\":-9223372036854775808}",
			       INT64_MIN, INT64_MAX, &p, &e), 0);
	assert_true(p.value[0] == INT64_MAX);
	assert_true(p.value[1] == INT64_MIN);
	/* a parse after a longer one starts afresh */
	three(&p);
	assert_int_equal(parse("{\"2020-01-01\":7}", 0, 10, &p, &e), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.value[0], 7);
}

static void test_p14_parse_errors(void **state)
{
	static const struct { const char *json; int64_t min, max;
			      const char *code; } t[] = {
		{ "30", 0, 100, "not_object" },
		{ "[]", 0, 100, "not_object" },
		{ "\"2020-01-01\"", 0, 100, "not_object" },
		{ "null", 0, 100, "not_object" },
		{ "{}", 0, 100, "empty" },
		{ "{\"2020-1-01\":1}", 0, 100, "bad_date" },
		{ "{\"2021-02-29\":1}", 0, 100, "bad_date" },
		{ "{\"2020-04-31\":1}", 0, 100, "bad_date" },
		{ "{\"\":1}", 0, 100, "bad_date" },
		{ "{\" 2020-01-01\":1}", 0, 100, "bad_date" },
		{ "{\"2020-01-01 \":1}", 0, 100, "bad_date" },
		{ "{\"0999-12-31\":1}", 0, 100, "bad_date" },
		{ "{\"2020-01-02\":1,\"2020-01-01\":2}", 0, 100,
		  "unordered_dates" },
		{ "{\"2020-01-01\":1,\"2021-01-01\":2,\"2020-06-01\":3}", 0, 100,
		  "unordered_dates" },
		{ "{\"2020-01-01\":1.5}", 0, 100, "not_integer" },
		{ "{\"2020-01-01\":1.0}", 0, 100, "not_integer" },
		{ "{\"2020-01-01\":\"1\"}", 0, 100, "not_integer" },
		{ "{\"2020-01-01\":false}", 0, 100, "not_integer" },
		{ "{\"2020-01-01\":null}", 0, 100, "not_integer" },
		{ "{\"2020-01-01\":[1]}", 0, 100, "not_integer" },
		{ "{\"2020-01-01\":0}", 1, 100, "out_of_range" },
		{ "{\"2020-01-01\":101}", 1, 100, "out_of_range" },
		{ "{\"2020-01-01\":-1}", 0, 100, "out_of_range" },
		{ "{\"2020-01-01\":5,\"2021-01-01\":101}", 0, 100,
		  "out_of_range" },
	};
	struct effective p;
	struct kverr e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (parse(t[i].json, t[i].min, t[i].max, &p, &e) != -1)
			fail_msg("%s: accepted", t[i].json);
		if (strcmp(e.code, t[i].code) != 0)
			fail_msg("%s: want %s, got %s (%s)", t[i].json, t[i].code,
				 e.code, e.message);
		assert_string_equal(e.field, "parameters.p");
		assert_int_equal(e.cls, KVERR_INVALID);
	}
	/* Two equal dates cannot reach the parser: a JSON object cannot hold
	 * them, and the loader (files_load_json) reads with
	 * JSON_REJECT_DUPLICATES so the second is not silently kept. */
	{
		json_error_t je;
		json_t *o = json_loads("{\"2020-01-01\":1,\"2020-01-01\":2}",
				       JSON_REJECT_DUPLICATES, &je);

		assert_null(o);
	}
	/* The message names the offending date and the range. */
	assert_int_equal(parse("{\"2020-01-01\":5,\"2021-01-01\":101}", 0, 100,
			       &p, &e), -1);
	assert_non_null(strstr(e.message, "2021-01-01"));
	assert_non_null(strstr(e.message, "101"));
	assert_non_null(strstr(e.message, "0 to 100"));
	assert_int_equal(parse("{\"2020-01-01\":1,\"someday\":2}", 0, 100,
			       &p, &e), -1);
	assert_non_null(strstr(e.message, "someday"));
}

/* EFFECTIVE_MAX values parse; one more does not. */
static void test_p14_parse_too_many(void **state)
{
	char text[2048];
	struct effective p;
	struct kverr e;
	size_t used;

	(void)state;
	for (int n = EFFECTIVE_MAX; n <= EFFECTIVE_MAX + 1; n++) {
		used = (size_t)snprintf(text, sizeof(text), "{");
		for (int i = 0; i < n; i++)
			used += (size_t)snprintf(text + used, sizeof(text) - used,
						 "%s\"%04d-03-01\":%d",
						 i ? "," : "", 1990 + i, i);
		snprintf(text + used, sizeof(text) - used, "}");
		if (n == EFFECTIVE_MAX) {
			int64_t v;

			assert_int_equal(parse(text, 0, 100, &p, &e), 0);
			assert_int_equal(p.n, EFFECTIVE_MAX);
			/* 1990 + 31 = 2021: value 31 from 2021-03-01; on
			 * 2021-02-28 the value from 2020-03-01 (30) */
			assert_int_equal(effective_at(&p, D("2021-03-01"), &v), 0);
			assert_int_equal(v, 31);
			assert_int_equal(effective_at(&p, D("2021-02-28"), &v), 0);
			assert_int_equal(v, 30);
		} else {
			assert_int_equal(parse(text, 0, 100, &p, &e), -1);
			assert_string_equal(e.code, "too_many");
			assert_string_equal(e.field, "parameters.p");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_p14_effective_at_table),
		cmocka_unit_test(test_p14_effective_at_single_and_empty),
		cmocka_unit_test(test_p14_parse_values_and_bounds),
		cmocka_unit_test(test_p14_parse_errors),
		cmocka_unit_test(test_p14_parse_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
