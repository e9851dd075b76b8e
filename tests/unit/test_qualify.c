/*
 * test_qualify.c — unit tests for src/core/qualify.c: the provider
 * qualification rules Q-1 … Q-6 (RULES.md, seed 003 §3.1, §3.2.2,
 * §3.2.8), the admissibility summary, and the strict parsing of
 * rules/qualification.json with effective-dated parameters (P-14).
 *
 * Expected dates are counted by hand in the comments beside them; month
 * lengths: Jan 31, Feb 28 (29 in 2024), Mar 31, Dec 31.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/files.h"
#include "core/qualify.h"

/* A copy of rules/qualification.json, so most tests do not depend on the
 * working directory; test_q_rules_file_matches_embedded_copy checks that
 * the copy is still the shipped file. */
static const char qualification_json[] =
	"{\n"
	"  \"id\": \"qualification\",\n"
	"  \"follows\": \"Seed 003 §3.1 (deadline 30 days, two references of"
	" 30 participants), §3.2.8 (re-establishment after one year).\",\n"
	"  \"assumptions\": \"The effective date 2019-08-21 is the date of the"
	" seed; the seed gives these numbers as proposals.\",\n"
	"  \"parameters\": {\n"
	"    \"decision_deadline_days\": { \"2019-08-21\": 30 },\n"
	"    \"reapply_bar_months\": { \"2019-08-21\": 12 },\n"
	"    \"min_reference_assignments\": { \"2019-08-21\": 2 },\n"
	"    \"min_reference_participants\": { \"2019-08-21\": 30 }\n"
	"  }\n"
	"}\n";


/* Parse text into params; returns qualify_params_parse's status. */
static int parse_text(const char *text, struct qualify_params *p,
		      struct kverr *e)
{
	json_t *root = testutil_load_json(text);
	int rc;

	kverr_clear(e);
	rc = qualify_params_parse(root, "qualification.json", p, e);
	json_decref(root);
	return rc;
}

/* Params from text that must parse. */
static void params_ok(const char *text, struct qualify_params *p)
{
	struct kverr e;

	if (parse_text(text, p, &e))
		fail_msg("params should parse: %s (%s: %s)", e.message, e.code,
			 e.field);
}

static void default_params(struct qualify_params *p)
{
	params_ok(qualification_json, p);
}

static void date_str(date_t d, char buf[DATE_STRLEN])
{
	date_format(d, buf);
}

static void assert_date_equal(date_t got, const char *want)
{
	char buf[DATE_STRLEN];

	date_str(got, buf);
	assert_string_equal(buf, want);
}

/* ---------------------------------------------------------------- */
/* The parameter file                                                */

static void test_q_params_parse_shipped_values(void **state)
{
	struct qualify_params p;
	int64_t v = -1;

	(void)state;
	default_params(&p);
	assert_int_equal(p.decision_deadline_days.n, 1);
	assert_int_equal(p.decision_deadline_days.from[0], D("2019-08-21"));
	assert_int_equal(effective_at(&p.decision_deadline_days,
				      D("2026-01-10"), &v), 0);
	assert_int_equal(v, 30);
	assert_int_equal(effective_at(&p.reapply_bar_months, D("2026-01-10"),
				      &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(effective_at(&p.min_reference_assignments,
				      D("2026-01-10"), &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(effective_at(&p.min_reference_participants,
				      D("2026-01-10"), &v), 0);
	assert_int_equal(v, 30);
	/* Top-level keys are in any order; the header keys are optional. */
	params_ok("{\"parameters\":{"
		  "\"min_reference_participants\":{\"2019-08-21\":30},"
		  "\"min_reference_assignments\":{\"2019-08-21\":2},"
		  "\"reapply_bar_months\":{\"2019-08-21\":12},"
		  "\"decision_deadline_days\":{\"2019-08-21\":30}}}", &p);
	assert_int_equal(p.decision_deadline_days.value[0], 30);
	assert_int_equal(p.min_reference_participants.value[0], 30);
}

/* The shipped file (run from the repository root, as scripts/run-tests.sh
 * does) still says what the embedded copy says, through the same loader
 * the application uses. */
static void test_q_rules_file_matches_embedded_copy(void **state)
{
	struct qualify_params file, copy;
	struct kverr e;
	json_t *root;

	(void)state;
	kverr_clear(&e);
	root = files_load_json("rules/qualification.json", &e);
	if (!root)
		fail_msg("rules/qualification.json: %s (run from the repo root)",
			 e.message);
	assert_int_equal(qualify_params_parse(root, "rules/qualification.json",
					      &file, &e), 0);
	json_decref(root);
	default_params(&copy);
	testutil_assert_effective_equal(&file.decision_deadline_days,
			       &copy.decision_deadline_days);
	testutil_assert_effective_equal(&file.reapply_bar_months,
			       &copy.reapply_bar_months);
	testutil_assert_effective_equal(&file.min_reference_assignments,
			       &copy.min_reference_assignments);
	testutil_assert_effective_equal(&file.min_reference_participants,
			       &copy.min_reference_participants);
}

struct bad_params {
	const char *name;
	const char *json;
	const char *field;
	const char *code;
};

#define P_REAPPLY "\"reapply_bar_months\":{\"2019-08-21\":12}"
#define P_ASSIGN  "\"min_reference_assignments\":{\"2019-08-21\":2}"
#define P_PART    "\"min_reference_participants\":{\"2019-08-21\":30}"
#define P_DEAD    "\"decision_deadline_days\":{\"2019-08-21\":30}"
/* A file whose decision_deadline_days is X and the rest is valid. */
#define WITH_DEADLINE(X) \
	"{\"parameters\":{\"decision_deadline_days\":" X "," P_REAPPLY "," \
	P_ASSIGN "," P_PART "}}"
#define F_DEAD "parameters.decision_deadline_days"

static const struct bad_params bad_params[] = {
	{ "top level is an array", "[]", "", "not_object" },
	{ "top level is a string", "\"rules\"", "", "not_object" },
	{ "top level is null", "null", "", "not_object" },
	{ "unknown top-level key",
	  "{\"id\":\"q\",\"version\":2,\"parameters\":{" P_DEAD "," P_REAPPLY
	  "," P_ASSIGN "," P_PART "}}", "version", "unknown_key" },
	{ "misspelt parameters key",
	  "{\"parameter\":{" P_DEAD "," P_REAPPLY "," P_ASSIGN "," P_PART "}}",
	  "parameter", "unknown_key" },
	{ "no parameters", "{\"id\":\"qualification\"}", "parameters",
	  "missing_key" },
	{ "empty file object", "{}", "parameters", "missing_key" },
	{ "parameters not an object", "{\"parameters\":[1,2]}", "parameters",
	  "missing_key" },
	{ "parameters null", "{\"parameters\":null}", "parameters",
	  "missing_key" },
	{ "unknown parameter",
	  "{\"parameters\":{" P_DEAD "," P_REAPPLY "," P_ASSIGN "," P_PART
	  ",\"decision_deadline_weeks\":{\"2019-08-21\":4}}}",
	  "parameters.decision_deadline_weeks", "unknown_key" },
	{ "unknown parameter in an otherwise empty object",
	  "{\"parameters\":{\"x\":{}}}", "parameters.x", "unknown_key" },
	{ "empty parameters object", "{\"parameters\":{}}", F_DEAD,
	  "missing_key" },
	{ "missing decision_deadline_days",
	  "{\"parameters\":{" P_REAPPLY "," P_ASSIGN "," P_PART "}}", F_DEAD,
	  "missing_key" },
	{ "missing reapply_bar_months",
	  "{\"parameters\":{" P_DEAD "," P_ASSIGN "," P_PART "}}",
	  "parameters.reapply_bar_months", "missing_key" },
	{ "missing min_reference_assignments",
	  "{\"parameters\":{" P_DEAD "," P_REAPPLY "," P_PART "}}",
	  "parameters.min_reference_assignments", "missing_key" },
	{ "missing min_reference_participants",
	  "{\"parameters\":{" P_DEAD "," P_REAPPLY "," P_ASSIGN "}}",
	  "parameters.min_reference_participants", "missing_key" },
	{ "parameter a bare number", WITH_DEADLINE("30"), F_DEAD,
	  "not_object" },
	{ "parameter an array", WITH_DEADLINE("[[\"2019-08-21\",30]]"), F_DEAD,
	  "not_object" },
	{ "parameter null", WITH_DEADLINE("null"), F_DEAD, "not_object" },
	{ "parameter an empty object", WITH_DEADLINE("{}"), F_DEAD, "empty" },
	{ "key not a date", WITH_DEADLINE("{\"from\":30}"), F_DEAD,
	  "bad_date" },
	{ "key an impossible date", WITH_DEADLINE("{\"2019-02-29\":30}"),
	  F_DEAD, "bad_date" },
	{ "key month 13", WITH_DEADLINE("{\"2019-13-01\":30}"), F_DEAD,
	  "bad_date" },
	{ "key with a time", WITH_DEADLINE("{\"2019-08-21T00:00\":30}"),
	  F_DEAD, "bad_date" },
	{ "key without zero padding", WITH_DEADLINE("{\"2019-8-21\":30}"),
	  F_DEAD, "bad_date" },
	{ "second key not a date",
	  WITH_DEADLINE("{\"2019-08-21\":30,\"2026\":21}"), F_DEAD,
	  "bad_date" },
	{ "dates descending",
	  WITH_DEADLINE("{\"2026-01-01\":21,\"2019-08-21\":30}"), F_DEAD,
	  "unordered_dates" },
	{ "dates descending after an ascending pair",
	  WITH_DEADLINE("{\"2019-08-21\":30,\"2024-01-01\":25,"
			"\"2023-12-31\":21}"), F_DEAD, "unordered_dates" },
	{ "value a fraction", WITH_DEADLINE("{\"2019-08-21\":30.5}"), F_DEAD,
	  "not_integer" },
	{ "value a whole-valued real", WITH_DEADLINE("{\"2019-08-21\":30.0}"),
	  F_DEAD, "not_integer" },
	{ "value a string", WITH_DEADLINE("{\"2019-08-21\":\"30\"}"), F_DEAD,
	  "not_integer" },
	{ "value null", WITH_DEADLINE("{\"2019-08-21\":null}"), F_DEAD,
	  "not_integer" },
	{ "value true", WITH_DEADLINE("{\"2019-08-21\":true}"), F_DEAD,
	  "not_integer" },
	{ "value an object", WITH_DEADLINE("{\"2019-08-21\":{\"days\":30}}"),
	  F_DEAD, "not_integer" },
	/* decision_deadline_days is 1 … 365 */
	{ "deadline 0", WITH_DEADLINE("{\"2019-08-21\":0}"), F_DEAD,
	  "out_of_range" },
	{ "deadline 366", WITH_DEADLINE("{\"2019-08-21\":366}"), F_DEAD,
	  "out_of_range" },
	{ "deadline negative", WITH_DEADLINE("{\"2019-08-21\":-30}"), F_DEAD,
	  "out_of_range" },
	{ "second value out of range",
	  WITH_DEADLINE("{\"2019-08-21\":30,\"2026-01-01\":400}"), F_DEAD,
	  "out_of_range" },
	/* reapply_bar_months is 0 … 120 */
	{ "reapply bar negative",
	  "{\"parameters\":{" P_DEAD ",\"reapply_bar_months\":{\"2019-08-21\":-1},"
	  P_ASSIGN "," P_PART "}}", "parameters.reapply_bar_months",
	  "out_of_range" },
	{ "reapply bar 121 months",
	  "{\"parameters\":{" P_DEAD ",\"reapply_bar_months\":{\"2019-08-21\":121},"
	  P_ASSIGN "," P_PART "}}", "parameters.reapply_bar_months",
	  "out_of_range" },
	/* min_reference_assignments is 0 … LIMIT_REFERENCES (20): more could
	 * never be entered in struct qualify_references */
	{ "more reference assignments than can be recorded",
	  "{\"parameters\":{" P_DEAD "," P_REAPPLY
	  ",\"min_reference_assignments\":{\"2019-08-21\":21}," P_PART "}}",
	  "parameters.min_reference_assignments", "out_of_range" },
	/* min_reference_participants is 0 … 100000 */
	{ "reference size 100001",
	  "{\"parameters\":{" P_DEAD "," P_REAPPLY "," P_ASSIGN
	  ",\"min_reference_participants\":{\"2019-08-21\":100001}}}",
	  "parameters.min_reference_participants", "out_of_range" },
};

/* Every malformed file is refused with the exact field and code, class
 * 422, and a message that names the file. */
static void test_q_params_malformed_files(void **state)
{
	struct qualify_params p;
	struct kverr e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_params) / sizeof(bad_params[0]); i++) {
		const struct bad_params *t = &bad_params[i];
		json_error_t je;
		json_t *root = json_loads(t->json, JSON_REJECT_DUPLICATES |
					  JSON_DECODE_ANY, &je);

		if (!root)
			fail_msg("%s: test JSON does not parse: %s", t->name,
				 je.text);
		kverr_clear(&e);
		if (qualify_params_parse(root, "qualification.json", &p, &e) != -1)
			fail_msg("%s: accepted", t->name);
		json_decref(root);
		if (strcmp(e.field, t->field) != 0 ||
		    strcmp(e.code, t->code) != 0)
			fail_msg("%s: want %s %s, got %s %s (%s)", t->name,
				 t->field, t->code, e.field, e.code, e.message);
		assert_int_equal(e.cls, KVERR_INVALID);
		if (strncmp(e.message, "qualification.json: ", 20) != 0)
			fail_msg("%s: message does not name the file: %s",
				 t->name, e.message);
	}
	assert_true(i >= 20);
}

/* Messages say where: the file, the parameter path and the date. */
static void test_q_params_error_messages(void **state)
{
	struct qualify_params p;
	struct kverr e;

	(void)state;
	assert_int_equal(parse_text(WITH_DEADLINE("{\"2019-08-21\":400}"),
				    &p, &e), -1);
	assert_non_null(strstr(e.message, "qualification.json: "
			       F_DEAD ": "));
	assert_non_null(strstr(e.message, "2019-08-21"));
	assert_non_null(strstr(e.message, "400"));
	assert_int_equal(parse_text("{\"parameters\":{" P_DEAD "," P_REAPPLY ","
				    P_ASSIGN "," P_PART ",\"zzz\":{}}}", &p, &e),
			 -1);
	assert_non_null(strstr(e.message, "\"zzz\""));
}

/* At most EFFECTIVE_MAX (32) dated values per parameter: 32 parse, 33 do
 * not.  The dates are 2001-01-01, 2002-01-01, … one year apart. */
static void test_q_params_too_many_dates(void **state)
{
	char text[4096], dates[2048];
	struct qualify_params p;
	struct kverr e;
	size_t used;

	(void)state;
	for (int n = 32; n <= 33; n++) {
		used = 0;
		dates[0] = '\0';
		for (int i = 0; i < n; i++)
			used += (size_t)snprintf(dates + used, sizeof(dates) - used,
						 "%s\"%04d-01-01\":%d", i ? "," : "",
						 2001 + i, 10 + i);
		snprintf(text, sizeof(text), WITH_DEADLINE("{%s}"), dates);
		if (n == 32) {
			params_ok(text, &p);
			assert_int_equal(p.decision_deadline_days.n, 32);
			/* The last one: from 2032-01-01, 10 + 31 = 41 days. */
			assert_int_equal(p.decision_deadline_days.value[31], 41);
			assert_int_equal(p.decision_deadline_days.from[31],
					 D("2032-01-01"));
		} else {
			assert_int_equal(parse_text(text, &p, &e), -1);
			assert_string_equal(e.field, F_DEAD);
			assert_string_equal(e.code, "too_many");
		}
	}
}

/* Two equal dates cannot even be read: the application's loader
 * (files_load_json) refuses duplicate keys, so one of them can never be
 * silently dropped. */
static void test_q_params_duplicate_dates(void **state)
{
	static const char text[] =
		WITH_DEADLINE("{\"2019-08-21\":30,\"2019-08-21\":21}");
	char path[256];
	struct kverr e;
	json_t *root;
	FILE *f;
	int fd;

	(void)state;
	testutil_tmp_template(path, sizeof(path), "test-qualify");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	kverr_clear(&e);
	root = files_load_json(path, &e);
	unlink(path);
	if (root) {
		json_decref(root);
		fail_msg("duplicate dates were accepted");
	}
	assert_int_equal(e.cls, KVERR_INVALID);
	assert_string_equal(e.code, "bad_json");
	assert_string_equal(e.field, path);
	assert_non_null(strstr(e.message, "duplicate"));
}

/* ---------------------------------------------------------------- */
/* decision deadline                                            */

static void test_q1_days_left_from_complete_date(void **state)
{
	struct qualify_params p;
	static const struct {
		const char *complete, *today;
		int days_left;
	} t[] = {
		/* deadline 2026-01-10 + 30 = 2026-02-09 (21 days to 01-31,
		 * then 9) */
		{ "2026-01-10", "2026-01-10", 30 },
		{ "2026-01-10", "2026-01-11", 29 },
		{ "2026-01-10", "2026-01-31", 9 },    /* 31 → 02-09: 9 */
		{ "2026-01-10", "2026-02-08", 1 },
		{ "2026-01-10", "2026-02-09", 0 },    /* the last day */
		{ "2026-01-10", "2026-02-10", -1 },   /* overdue */
		{ "2026-01-10", "2026-03-11", -30 },  /* 19 + 11 days late */
		{ "2026-01-10", "2025-12-31", 40 },   /* 10 + 30 */
	};
	size_t i;

	(void)state;
	default_params(&p);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(qualify_days_left(&p, D(t[i].complete),
						   D(t[i].today)),
				 t[i].days_left);
}

static void test_q1_deadline_across_months_and_leap_years(void **state)
{
	struct qualify_params p;
	static const struct { const char *complete, *deadline; } t[] = {
		{ "2026-01-10", "2026-02-09" },  /* 21 to 01-31, then 9 */
		{ "2024-02-15", "2024-03-16" },  /* leap: 14 to 02-29, then 16 */
		{ "2023-02-15", "2023-03-17" },  /* 13 to 02-28, then 17 */
		{ "2024-01-30", "2024-02-29" },  /* 1 to 01-31, then 29 */
		{ "2023-01-30", "2023-03-01" },  /* 1 to 01-31, 28, then 1 */
		{ "2100-01-30", "2100-03-01" },  /* 2100 is not a leap year */
		{ "2000-01-30", "2000-02-29" },  /* 2000 is */
		{ "2025-12-20", "2026-01-19" },  /* 11 to 12-31, then 19 */
		{ "2026-03-31", "2026-04-30" },  /* April has 30 */
	};
	size_t i;

	(void)state;
	default_params(&p);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_date_equal(qualify_deadline(&p, D(t[i].complete)),
				  t[i].deadline);
}

/* P-14: the deadline in force on the day the application was complete
 * applies, even when it is decided after a change. */
static void test_q1_deadline_change_applies_by_complete_date(void **state)
{
	struct qualify_params p;

	(void)state;
	params_ok(WITH_DEADLINE("{\"2019-08-21\":30,\"2026-03-01\":21}"), &p);
	/* 2026-02-28 + 30 = 2026-03-30 (1 to 03-01, then 29) */
	assert_date_equal(qualify_deadline(&p, D("2026-02-28")), "2026-03-30");
	/* 2026-03-01 + 21 = 2026-03-22 */
	assert_date_equal(qualify_deadline(&p, D("2026-03-01")), "2026-03-22");
	/* complete 2026-02-27, 30 days: 1 to 02-28, 29 more = 03-29; seen on
	 * 2026-03-05 (after the change) 29 - 5 = 24 days are left, not the
	 * 15 of a 21-day deadline (02-27 + 21 = 03-20) */
	assert_int_equal(qualify_days_left(&p, D("2026-02-27"), D("2026-03-05")),
			 24);
	/* complete 2026-03-10, 21 days: 03-31; on 2026-03-12: 31 - 12 = 19 */
	assert_int_equal(qualify_days_left(&p, D("2026-03-10"), D("2026-03-12")),
			 19);
	/* Before the first date the first value applies (a decision is never
	 * without a rule): 2019-08-20 + 30 = 2019-09-19 (11 to 08-31, 19) */
	assert_date_equal(qualify_deadline(&p, D("2019-08-20")), "2019-09-19");
}

/* ---------------------------------------------------------------- */
/* conduct                                                      */

static void test_q2_no_hit_passes(void **state)
{
	struct qualify_conduct c;
	struct qualify_verdict v = { false, "" };
	struct kverr e;

	(void)state;
	memset(&c, 0, sizeof(c));
	kverr_clear(&e);
	assert_int_equal(qualify_conduct(&c, &v, &e), 0);
	assert_true(v.passed);
	assert_true(v.reason[0] != '\0');
	/* Even "not acceptable" is irrelevant when nothing was found. */
	c.acceptable = false;
	snprintf(c.assessment, sizeof(c.assessment), "x");
	v.passed = false;
	assert_int_equal(qualify_conduct(&c, &v, &e), 0);
	assert_true(v.passed);
}

/* Each register's hit alone needs the officer's overall assessment. */
static void set_hit(struct qualify_conduct *c, int which)
{
	memset(c, 0, sizeof(*c));
	switch (which) {
	case 0: c->hit_criminal_record = true; break;
	case 1: c->hit_enforcement = true; break;
	case 2: c->hit_tax = true; break;
	default: c->hit_companies = true; break;
	}
}

static void test_q2_hit_without_assessment_names_assessment(void **state)
{
	struct qualify_conduct c;
	struct qualify_verdict v;
	struct kverr e;

	(void)state;
	for (int which = 0; which < 4; which++) {
		set_hit(&c, which);
		c.acceptable = true;  /* acceptable, but no reasons written */
		kverr_clear(&e);
		assert_int_equal(qualify_conduct(&c, &v, &e), -1);
		assert_int_equal(e.cls, KVERR_INVALID);
		assert_string_equal(e.field, "assessment");
		assert_string_equal(e.code, "assessment_required");
	}
}

static void test_q2_hit_with_assessment(void **state)
{
	struct qualify_conduct c;
	struct qualify_verdict v;
	struct kverr e;

	(void)state;
	for (int which = 0; which < 4; which++) {
		set_hit(&c, which);
		snprintf(c.assessment, sizeof(c.assessment),
			 "A tax debt from 2015, paid in full; nothing since.");
		c.acceptable = true;
		v.passed = false;
		kverr_clear(&e);
		assert_int_equal(qualify_conduct(&c, &v, &e), 0);
		assert_true(v.passed);
		assert_non_null(strstr(v.reason, "acceptable"));
		c.acceptable = false;
		v.passed = true;
		assert_int_equal(qualify_conduct(&c, &v, &e), 0);
		assert_false(v.passed);
		assert_non_null(strstr(v.reason, "not acceptable"));
	}
	/* All four registers at once, acceptable: still passes (a hit never
	 * excludes by itself). */
	memset(&c, 0, sizeof(c));
	c.hit_criminal_record = c.hit_enforcement = c.hit_tax =
		c.hit_companies = c.acceptable = true;
	snprintf(c.assessment, sizeof(c.assessment), "Old and explained.");
	assert_int_equal(qualify_conduct(&c, &v, &e), 0);
	assert_true(v.passed);
}

/* ---------------------------------------------------------------- */
/* finances                                                     */

static struct qualify_finances good_finances(void)
{
	struct qualify_finances f = {
		.credit_rating_sufficient = true,
		.carries_minimum_scenario = true,
		.liability_insurance = true,
	};

	return f;
}

static void test_q3_finances_branches(void **state)
{
	struct qualify_finances f;
	struct qualify_verdict v;

	(void)state;
	f = good_finances();
	qualify_finances(&f, &v);
	assert_true(v.passed);
	assert_string_equal(v.reason, "Finances are sufficient.");

	f = good_finances();
	f.credit_rating_sufficient = false;
	qualify_finances(&f, &v);
	assert_false(v.passed);
	assert_non_null(strstr(v.reason, "credit rating"));

	f = good_finances();
	f.carries_minimum_scenario = false;
	qualify_finances(&f, &v);
	assert_false(v.passed);
	assert_non_null(strstr(v.reason, "minimum scenario"));

	f = good_finances();
	f.liability_insurance = false;
	qualify_finances(&f, &v);
	assert_false(v.passed);
	assert_non_null(strstr(v.reason, "insurance"));

	/* relying on another company's capacity is allowed and said */
	f = good_finances();
	f.relies_on_other_company = true;
	qualify_finances(&f, &v);
	assert_true(v.passed);
	assert_non_null(strstr(v.reason, "another company"));
}

/* A new company needs both a financing plan and a business plan; an
 * established one needs neither. */
static void test_q3_new_company_plans(void **state)
{
	static const struct {
		bool new_company, financing, business, passed;
	} t[] = {
		{ true, true, true, true },
		{ true, true, false, false },
		{ true, false, true, false },
		{ true, false, false, false },
		{ false, false, false, true },
		{ false, true, false, true },
	};
	struct qualify_finances f;
	struct qualify_verdict v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f = good_finances();
		f.new_company = t[i].new_company;
		f.financing_plan = t[i].financing;
		f.business_plan = t[i].business;
		v.passed = !t[i].passed;
		qualify_finances(&f, &v);
		if (v.passed != t[i].passed)
			fail_msg("case %zu: want %d, got %d (%s)", i,
				 t[i].passed, v.passed, v.reason);
		if (!t[i].passed)
			assert_non_null(strstr(v.reason, "business plan"));
	}
}

/* ---------------------------------------------------------------- */
/* experience                                                   */

static void test_q4_references(void **state)
{
	static const struct {
		const char *name;
		int n;
		int participants[4];
		bool competence, regulations, passed;
	} t[] = {
		{ "two of exactly 30", 2, { 30, 30 }, false, true, true },
		{ "two of 29", 2, { 29, 29 }, false, true, false },
		{ "one of 30, one of 29", 2, { 30, 29 }, false, true, false },
		{ "three, two big enough", 3, { 30, 12, 31 }, false, true, true },
		{ "one of 30 and competence", 1, { 30 }, true, true, true },
		{ "one of 30 without competence", 1, { 30 }, false, true, false },
		{ "none, competence", 0, { 0 }, true, true, true },
		{ "none at all", 0, { 0 }, false, true, false },
		{ "two of 30, no regulations", 2, { 30, 30 }, false, false, false },
		{ "competence, no regulations", 1, { 30 }, true, false, false },
		{ "big references, no regulations", 4, { 900, 900, 900, 900 },
		  true, false, false },
	};
	struct qualify_params p;
	struct qualify_references r;
	struct qualify_verdict v;
	size_t i;

	(void)state;
	default_params(&p);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.n = t[i].n;
		for (int k = 0; k < t[i].n; k++)
			r.participants[k] = t[i].participants[k];
		r.competence_demonstrated = t[i].competence;
		r.knows_regulations = t[i].regulations;
		v.passed = !t[i].passed;
		qualify_references(&p, D("2026-01-10"), &r, &v);
		if (v.passed != t[i].passed)
			fail_msg("%s: want %d, got %d (%s)", t[i].name,
				 t[i].passed, v.passed, v.reason);
		if (!t[i].regulations)
			assert_non_null(strstr(v.reason, "regulations"));
	}
	/* the reason gives the counts: two of 30 with 2 needed */
	memset(&r, 0, sizeof(r));
	r.n = 2;
	r.participants[0] = r.participants[1] = 30;
	r.knows_regulations = true;
	qualify_references(&p, D("2026-01-10"), &r, &v);
	assert_string_equal(v.reason, "2 reference assignments with at least"
			    " 30 participants each (2 needed).");
}

/* P-14 for Q-4: the size required is the one in force on the date
 * decided. */
static void test_q4_reference_size_by_date(void **state)
{
	struct qualify_params p;
	struct qualify_references r;
	struct qualify_verdict v;

	(void)state;
	params_ok("{\"parameters\":{" P_DEAD "," P_REAPPLY "," P_ASSIGN ","
		  "\"min_reference_participants\":"
		  "{\"2019-08-21\":30,\"2026-01-01\":50}}}", &p);
	memset(&r, 0, sizeof(r));
	r.n = 2;
	r.participants[0] = 40;
	r.participants[1] = 50;
	r.knows_regulations = true;
	qualify_references(&p, D("2025-12-31"), &r, &v);
	assert_true(v.passed);      /* 40 and 50 ≥ 30 */
	qualify_references(&p, D("2026-01-01"), &r, &v);
	assert_false(v.passed);     /* only 50 ≥ 50 */
	r.participants[0] = 50;
	qualify_references(&p, D("2026-01-01"), &r, &v);
	assert_true(v.passed);
}

/* ---------------------------------------------------------------- */
/* quality                                                      */

static struct qualify_quality full_system(void)
{
	struct qualify_quality q = {
		.certificate = CERT_NONE,
		.describes_organisation = true,
		.describes_deviation_handling = true,
		.describes_quality_development = true,
		.process_organisation_competence = true,
		.process_delivery = true,
		.process_deviations = true,
		.process_follow_up = true,
		.process_development = true,
		.has_responsible_person = true,
	};

	return q;
}

static void test_q5_certificate(void **state)
{
	struct qualify_quality q;
	struct qualify_verdict v;
	date_t until = D("2026-06-30");

	(void)state;
	memset(&q, 0, sizeof(q));
	q.certificate = CERT_ISO9001;
	q.certificate_valid_until = until;
	qualify_quality(&q, D("2026-01-10"), &v);
	assert_true(v.passed);
	assert_non_null(strstr(v.reason, "ISO 9001"));
	qualify_quality(&q, until, &v);          /* its last valid day */
	assert_true(v.passed);
	qualify_quality(&q, until + 1, &v);      /* expired, nothing else */
	assert_false(v.passed);
	assert_non_null(strstr(v.reason, "expired"));
	q.certificate = CERT_INDUSTRY_AUTHORISATION;
	qualify_quality(&q, until, &v);
	assert_true(v.passed);
	assert_non_null(strstr(v.reason, "industry authorisation"));
	qualify_quality(&q, until + 1, &v);
	assert_false(v.passed);
	/* an expired certificate with a full system described passes */
	q = full_system();
	q.certificate = CERT_ISO9001;
	q.certificate_valid_until = until;
	qualify_quality(&q, until + 1, &v);
	assert_true(v.passed);
	assert_non_null(strstr(v.reason, "described"));
	/* a date without a certificate is not a certificate */
	memset(&q, 0, sizeof(q));
	q.certificate = CERT_NONE;
	q.certificate_valid_until = D("2099-12-31");
	qualify_quality(&q, D("2026-01-10"), &v);
	assert_false(v.passed);
}

/* A described system passes only with every part; each one missing
 * fails (the last one is the named responsible person). */
static void test_q5_system_each_part_required(void **state)
{
	struct qualify_quality q;
	struct qualify_verdict v;
	bool *parts[9];

	(void)state;
	q = full_system();
	qualify_quality(&q, D("2026-01-10"), &v);
	assert_true(v.passed);
	parts[0] = &q.describes_organisation;
	parts[1] = &q.describes_deviation_handling;
	parts[2] = &q.describes_quality_development;
	parts[3] = &q.process_organisation_competence;
	parts[4] = &q.process_delivery;
	parts[5] = &q.process_deviations;
	parts[6] = &q.process_follow_up;
	parts[7] = &q.process_development;
	parts[8] = &q.has_responsible_person;
	for (int i = 0; i < 9; i++) {
		q = full_system();
		*parts[i] = false;
		v.passed = true;
		qualify_quality(&q, D("2026-01-10"), &v);
		if (v.passed)
			fail_msg("part %d missing, still passed", i);
		/* … also with an expired certificate */
		q.certificate = CERT_ISO9001;
		q.certificate_valid_until = D("2026-01-09");
		v.passed = true;
		qualify_quality(&q, D("2026-01-10"), &v);
		if (v.passed)
			fail_msg("part %d missing, expired cert, passed", i);
	}
}

/* ---------------------------------------------------------------- */
/* Admissibility                                                     */

static struct qualify_summary all_passed(void)
{
	struct qualify_summary s = {
		.conduct_checks = 3, .conduct_failed = 0,
		.subcontractors = 2, .subcontractors_passed = 2,
		.finances = 1, .references = 1, .quality = 1,
	};

	return s;
}

static void test_q_admissible_summary(void **state)
{
	static const struct {
		const char *name;
		int field_no;   /* which field of the summary to set */
		int value;
		const char *field, *code;
	} t[] = {
		{ "no conduct check", 0, 0, "checks.conduct", "check_missing" },
		{ "a failed conduct check", 1, 1, "checks.conduct",
		  "check_failed" },
		{ "a subcontractor not checked", 3, 1, "checks.subcontractors",
		  "check_missing" },
		{ "no subcontractor checked", 3, 0, "checks.subcontractors",
		  "check_missing" },
		{ "finances not recorded", 4, -1, "checks.finances",
		  "check_missing" },
		{ "finances failed", 4, 0, "checks.finances", "check_failed" },
		{ "references not recorded", 5, -1, "checks.references",
		  "check_missing" },
		{ "references failed", 5, 0, "checks.references",
		  "check_failed" },
		{ "quality not recorded", 6, -1, "checks.quality",
		  "check_missing" },
		{ "quality failed", 6, 0, "checks.quality", "check_failed" },
	};
	struct qualify_summary s;
	struct kverr e;
	size_t i;

	(void)state;
	s = all_passed();
	kverr_clear(&e);
	assert_int_equal(qualify_admissible(&s, &e), 0);
	/* no subcontractors at all is fine */
	s.subcontractors = s.subcontractors_passed = 0;
	assert_int_equal(qualify_admissible(&s, &e), 0);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int *f[7];

		s = all_passed();
		f[0] = &s.conduct_checks;
		f[1] = &s.conduct_failed;
		f[2] = &s.subcontractors;
		f[3] = &s.subcontractors_passed;
		f[4] = &s.finances;
		f[5] = &s.references;
		f[6] = &s.quality;
		*f[t[i].field_no] = t[i].value;
		kverr_clear(&e);
		if (qualify_admissible(&s, &e) != -1)
			fail_msg("%s: admitted", t[i].name);
		if (strcmp(e.field, t[i].field) || strcmp(e.code, t[i].code))
			fail_msg("%s: want %s %s, got %s %s", t[i].name,
				 t[i].field, t[i].code, e.field, e.code);
		assert_int_equal(e.cls, KVERR_INVALID);
	}
	/* several problems: the first in the order conduct, subcontractors,
	 * finances, references, quality is named */
	s = all_passed();
	s.quality = 0;
	s.references = -1;
	assert_int_equal(qualify_admissible(&s, &e), -1);
	assert_string_equal(e.field, "checks.references");
	/* 2 subcontractors, none passed: "2 of 2" */
	s = all_passed();
	s.subcontractors_passed = 0;
	assert_int_equal(qualify_admissible(&s, &e), -1);
	assert_non_null(strstr(e.message, "2 of 2"));
}

/* ---------------------------------------------------------------- */
/* re-application bar                                           */

static void test_q6_reapply_after_twelve_months(void **state)
{
	static const struct {
		const char *terminated, *first_allowed;
	} t[] = {
		{ "2025-03-31", "2026-03-31" },
		{ "2024-02-29", "2025-02-28" },   /* end-of-month rule */
		{ "2023-02-28", "2024-02-28" },   /* not grown to 02-29 */
		{ "2025-01-31", "2026-01-31" },
		{ "2025-12-31", "2026-12-31" },
		{ "2025-06-15", "2026-06-15" },
	};
	struct qualify_params p;
	struct kverr e;
	char want[80];
	size_t i;

	(void)state;
	default_params(&p);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		date_t term = D(t[i].terminated), from = D(t[i].first_allowed);

		kverr_clear(&e);
		assert_int_equal(qualify_reapply_allowed(&p, term, from,
							 "areas[0]", &e), 0);
		assert_int_equal(qualify_reapply_allowed(&p, term, from + 400,
							 "areas[0]", &e), 0);
		assert_int_equal(qualify_reapply_allowed(&p, term, from - 1,
							 "areas[1]", &e), -1);
		assert_int_equal(e.cls, KVERR_INVALID);
		assert_string_equal(e.code, "reapply_barred");
		assert_string_equal(e.field, "areas[1]");
		snprintf(want, sizeof(want), "from %s", t[i].first_allowed);
		if (!strstr(e.message, want))
			fail_msg("%s: message lacks '%s': %s", t[i].terminated,
				 want, e.message);
		/* the day of termination itself is barred too */
		assert_int_equal(qualify_reapply_allowed(&p, term, term,
							 "areas[0]", &e), -1);
	}
}

/* P-14 for Q-6: the bar in force on the termination date applies; a bar
 * of 0 months allows a new application the same day. */
static void test_q6_bar_by_termination_date(void **state)
{
	struct qualify_params p;
	struct kverr e;

	(void)state;
	params_ok("{\"parameters\":{" P_DEAD ",\"reapply_bar_months\":"
		  "{\"2019-08-21\":12,\"2025-01-01\":24,\"2027-01-01\":0},"
		  P_ASSIGN "," P_PART "}}", &p);
	/* terminated 2024-12-31 under 12 months: from 2025-12-31 */
	assert_int_equal(qualify_reapply_allowed(&p, D("2024-12-31"),
						 D("2025-12-31"), "a", &e), 0);
	assert_int_equal(qualify_reapply_allowed(&p, D("2024-12-31"),
						 D("2025-12-30"), "a", &e), -1);
	/* terminated 2025-03-31 under 24 months: 2027-03-31, even though the
	 * bar is 0 by then */
	assert_int_equal(qualify_reapply_allowed(&p, D("2025-03-31"),
						 D("2027-03-30"), "a", &e), -1);
	assert_non_null(strstr(e.message, "2027-03-31"));
	assert_int_equal(qualify_reapply_allowed(&p, D("2025-03-31"),
						 D("2027-03-31"), "a", &e), 0);
	/* terminated 2027-01-01 under 0 months: the same day */
	assert_int_equal(qualify_reapply_allowed(&p, D("2027-01-01"),
						 D("2027-01-01"), "a", &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q_params_parse_shipped_values),
		cmocka_unit_test(test_q_rules_file_matches_embedded_copy),
		cmocka_unit_test(test_q_params_malformed_files),
		cmocka_unit_test(test_q_params_error_messages),
		cmocka_unit_test(test_q_params_too_many_dates),
		cmocka_unit_test(test_q_params_duplicate_dates),
		cmocka_unit_test(test_q1_days_left_from_complete_date),
		cmocka_unit_test(test_q1_deadline_across_months_and_leap_years),
		cmocka_unit_test(test_q1_deadline_change_applies_by_complete_date),
		cmocka_unit_test(test_q2_no_hit_passes),
		cmocka_unit_test(test_q2_hit_without_assessment_names_assessment),
		cmocka_unit_test(test_q2_hit_with_assessment),
		cmocka_unit_test(test_q3_finances_branches),
		cmocka_unit_test(test_q3_new_company_plans),
		cmocka_unit_test(test_q4_references),
		cmocka_unit_test(test_q4_reference_size_by_date),
		cmocka_unit_test(test_q5_certificate),
		cmocka_unit_test(test_q5_system_each_part_required),
		cmocka_unit_test(test_q_admissible_summary),
		cmocka_unit_test(test_q6_reapply_after_twelve_months),
		cmocka_unit_test(test_q6_bar_by_termination_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
