/*
 * test_engine_models.c — the three payment models added to the engine for
 * P-13: Växjö's adult education paid per point (src/core/engine_course.c),
 * BAUB's job-rate bonus or deduction (src/core/engine_cohort.c) and YAUB
 * (a month base and a result: no new code, only a rulebook).
 *
 * - case.c: the "courses" list with its "credits", and
 *   context.cohort_job_rate_bp, parse into the expected fields; malformed
 *   ones are refused with the exact code and path, in a message that
 *   starts "FILE: PATH: ";
 * - rulebook.c: the "course" and "cohort" sections and bonus.when
 *   "job_after_pass", the same way; the three shipped rulebooks load;
 * - the price per point is the one in force on the course's start (P-14);
 * - invariants over thousands of random Växjö courses (fixed-seed
 *   xorshift64, random prices and shares so that rounding matters): every
 *   credits line is >= 0, the credits lines through any run add up to
 *   round(points credited × price × during %), and once passed the
 *   course's lines (credits:* and pass:*) add up to points × price
 *   exactly;
 * - invariants over thousands of random BAUB participations (random
 *   target, rates per point and cap): the adjustment is never more than
 *   max_percent of the base either way, has the sign of rate − target,
 *   is base × clamp((rate − target) × per) / 10000 rounded half away from
 *   zero, comes only for an ended, measured participation in its month,
 *   and the base it is a share of is 450 kr × weekdays.
 *
 * Expected values are computed here from first principles (the calendar,
 * integer arithmetic), never from the engine.
 *
 * Run from the repository root (scripts/run-tests.sh does).
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/rulebooks.h"
#include "core/case.h"
#include "core/engine.h"
#include "core/rulebook.h"

#define CASE_FILE "case.json"
#define BAD_FILE "bad.json"
#define SEED 0x9E3779B97F4A7C15ULL
#define N_COURSE_CASES 4000
#define N_COHORT_CASES 4000

/* x × num / den rounded half away from zero, den > 0, no overflow for the
 * sizes used here: the rounding every split in the engine promises. */
static int64_t round_ratio(int64_t x, int64_t num, int64_t den)
{
	int64_t p = x * num;

	if (p >= 0)
		return (2 * p + den) / (2 * den);
	return -((-2 * p + den) / (2 * den));
}

/* ---------------------------------------------------------------- */
/* Random numbers                                                    */

static uint64_t rng = SEED;

/* ---------------------------------------------------------------- */
/* case.c: courses and the cohort's job rate                         */

static struct engine_case *the_case;

static int setup_case(void **state)
{
	(void)state;
	the_case = calloc(1, sizeof(*the_case));
	return the_case ? 0 : -1;
}

static int teardown_case(void **state)
{
	(void)state;
	free(the_case);
	the_case = NULL;
	return 0;
}

#define MIN_PART "\"participation\":{\"id\":\"P1\",\"start\":\"2024-01-15\"}"
#define MIN_TRACKS "\"tracks\":[{\"from\":\"2024-01-15\",\"track\":1}]"
#define CASE(...) "{" MIN_PART "," MIN_TRACKS "," __VA_ARGS__ "}"
#define COURSES(...) CASE("\"courses\":[" __VA_ARGS__ "]")
#define COURSE(...) COURSES("{" __VA_ARGS__ "}")
#define K_HEAD "\"id\":\"SVA1\",\"start\":\"2024-01-15\",\"points\":100"
#define CREDITS(...) COURSE(K_HEAD ",\"credits\":[" __VA_ARGS__ "]")
#define PASSED_CREDITS(P, ...) COURSE(K_HEAD ",\"passed_on\":\"" P "\"," \
	"\"credits\":[" __VA_ARGS__ "]")
#define CR(DATE, N) "{\"date\":\"" DATE "\",\"points\":" #N "}"
#define COHORT(V) CASE("\"context\":{\"cohort_job_rate_bp\":" V "}")

static void parse_ok(const char *text)
{
	struct kverr e;

	kverr_clear(&e);
	if (case_parse(text, strlen(text), CASE_FILE, the_case, &e))
		fail_msg("case should parse: %s (%s at %s)\n%s", e.message, e.code,
			 e.field, text);
}

static void test_courses_parse(void **state)
{
	const struct engine_case *c = the_case;

	(void)state;
	parse_ok(COURSES("{" K_HEAD ",\"passed_on\":\"2024-05-17\",\"credits\":["
			 CR("2024-01-15", 10) "," CR("2024-02-09", 15) ","
			 CR("2024-02-09", 20) "," CR("2024-05-17", 55) "]},"
			 "{\"id\":\"MA1\",\"start\":\"2024-03-04\",\"points\":1,"
			 "\"passed_on\":null}"));
	assert_int_equal(c->n_courses, 2);
	assert_string_equal(c->courses[0].id, "SVA1");
	assert_int_equal(c->courses[0].start, D("2024-01-15"));
	assert_int_equal(c->courses[0].points, 100);
	assert_int_equal(c->courses[0].passed_on, D("2024-05-17"));
	/* On the start day, twice on one day, on the pass day, and
	 * exactly the course's points in all: all allowed. */
	assert_int_equal(c->courses[0].n_credits, 4);
	assert_int_equal(c->courses[0].credits[0].date, D("2024-01-15"));
	assert_int_equal(c->courses[0].credits[0].points, 10);
	assert_int_equal(c->courses[0].credits[1].date, D("2024-02-09"));
	assert_int_equal(c->courses[0].credits[2].date, D("2024-02-09"));
	assert_int_equal(c->courses[0].credits[2].points, 20);
	assert_int_equal(c->courses[0].credits[3].date, D("2024-05-17"));
	assert_int_equal(c->courses[0].credits[3].points, 55);
	assert_string_equal(c->courses[1].id, "MA1");
	assert_int_equal(c->courses[1].points, 1);
	assert_int_equal(c->courses[1].passed_on, 0);
	assert_int_equal(c->courses[1].n_credits, 0);
	assert_false(c->context.cohort_measured);

	/* A course passed on the day it began. */
	parse_ok(COURSE(K_HEAD ",\"passed_on\":\"2024-01-15\""));
	assert_int_equal(c->courses[0].passed_on, D("2024-01-15"));
	parse_ok(CREDITS(""));
	assert_int_equal(c->courses[0].n_credits, 0);
}

static void test_cohort_rate_parses(void **state)
{
	const struct engine_context *x = &the_case->context;

	(void)state;
	parse_ok(COHORT("7650"));
	assert_true(x->cohort_measured);
	assert_int_equal(x->cohort_job_rate_bp, 7650);
	parse_ok(COHORT("0"));
	assert_true(x->cohort_measured);
	assert_int_equal(x->cohort_job_rate_bp, 0);
	parse_ok(COHORT("10000"));
	assert_int_equal(x->cohort_job_rate_bp, 10000);
	parse_ok(CASE("\"context\":{\"unemployment_bp\":{\"2024-01\":700}}"));
	assert_false(x->cohort_measured);
}

struct bad_text {
	const char *name;
	const char *json;
	const char *code;
	const char *field;
};

static const struct bad_text bad_cases[] = {
	/* the list and its items */
	{ "courses not a list", CASE("\"courses\":{\"SVA1\":{}}"), "not_list",
	  "courses" },
	{ "course not an object", COURSES("\"SVA1\""), "not_object", "courses[0]" },
	{ "unknown key in a course", COURSE(K_HEAD ",\"teacher\":\"X\""),
	  "unknown_key", "courses[0].teacher" },
	{ "unknown key in the second course", COURSES("{" K_HEAD "},{\"id\":"
	  "\"MA1\",\"start\":\"2024-02-01\",\"points\":5,\"grade\":\"A\"}"),
	  "unknown_key", "courses[1].grade" },
	{ "unknown key in a credit", CREDITS("{\"date\":\"2024-02-01\","
	  "\"points\":5,\"hours\":20}"), "unknown_key",
	  "courses[0].credits[0].hours" },
	{ "credit not an object", CREDITS("5"), "not_object",
	  "courses[0].credits[0]" },
	{ "credits not a list", COURSE(K_HEAD ",\"credits\":{\"2024-02-01\":5}"),
	  "not_list", "courses[0].credits" },

	/* required members */
	{ "course id missing", COURSE("\"start\":\"2024-01-15\",\"points\":100"),
	  "missing_key", "courses[0].id" },
	{ "course id empty", COURSE("\"id\":\"\",\"start\":\"2024-01-15\","
	  "\"points\":100"), "bad_text", "courses[0].id" },
	{ "course start missing", COURSE("\"id\":\"SVA1\",\"points\":100"),
	  "missing_key", "courses[0].start" },
	{ "course start not a date", COURSE("\"id\":\"SVA1\",\"start\":"
	  "\"2024-02-30\",\"points\":100"), "bad_date", "courses[0].start" },
	{ "course points missing", COURSE("\"id\":\"SVA1\",\"start\":"
	  "\"2024-01-15\""), "missing_key", "courses[0].points" },
	{ "course points 0", COURSE("\"id\":\"SVA1\",\"start\":\"2024-01-15\","
	  "\"points\":0"), "out_of_range", "courses[0].points" },
	{ "course points negative", COURSE("\"id\":\"SVA1\",\"start\":"
	  "\"2024-01-15\",\"points\":-5"), "out_of_range", "courses[0].points" },
	{ "course points decimal", COURSE("\"id\":\"SVA1\",\"start\":"
	  "\"2024-01-15\",\"points\":7.5"), "wrong_unit", "courses[0].points" },
	{ "course points as text", COURSE("\"id\":\"SVA1\",\"start\":"
	  "\"2024-01-15\",\"points\":\"100\""), "not_integer",
	  "courses[0].points" },
	{ "credit date missing", CREDITS("{\"points\":5}"), "missing_key",
	  "courses[0].credits[0].date" },
	{ "credit points missing", CREDITS("{\"date\":\"2024-02-01\"}"),
	  "missing_key", "courses[0].credits[0].points" },
	{ "credit points 0", CREDITS(CR("2024-02-01", 5) "," CR("2024-02-02", 0)),
	  "out_of_range", "courses[0].credits[1].points" },

	/* relations */
	{ "duplicate course id", COURSES("{" K_HEAD "},{\"id\":\"MA1\",\"start\":"
	  "\"2024-02-01\",\"points\":5},{" K_HEAD "}"), "duplicate",
	  "courses[2].id" },
	{ "passed before the start", COURSE(K_HEAD ",\"passed_on\":"
	  "\"2024-01-14\""), "end_before_start", "courses[0].passed_on" },
	{ "passed_on not a date", COURSE(K_HEAD ",\"passed_on\":\"2024-13-01\""),
	  "bad_date", "courses[0].passed_on" },
	{ "credit before the start", CREDITS(CR("2024-01-14", 5)),
	  "unordered_dates", "courses[0].credits[0].date" },
	{ "credits out of date order", CREDITS(CR("2024-02-01", 5) ","
	  CR("2024-03-01", 5) "," CR("2024-02-29", 5)), "unordered_dates",
	  "courses[0].credits[2].date" },
	{ "credit after the pass", PASSED_CREDITS("2024-03-01",
	  CR("2024-02-01", 5) "," CR("2024-03-02", 5)), "after_pass",
	  "courses[0].credits[1].date" },
	{ "more points credited than the course has", CREDITS(CR("2024-02-01",
	  60) "," CR("2024-03-01", 40) "," CR("2024-04-01", 1)),
	  "too_many_points", "courses[0].credits[2].points" },
	{ "one credit above the course's points", COURSE("\"id\":\"K\","
	  "\"start\":\"2024-01-15\",\"points\":10,\"credits\":["
	  CR("2024-02-01", 11) "]"), "too_many_points",
	  "courses[0].credits[0].points" },

	/* context.cohort_job_rate_bp */
	{ "cohort rate above 10000", COHORT("10001"), "out_of_range",
	  "context.cohort_job_rate_bp" },
	{ "cohort rate negative", COHORT("-1"), "out_of_range",
	  "context.cohort_job_rate_bp" },
	{ "cohort rate as a decimal", COHORT("76.5"), "out_of_range",
	  "context.cohort_job_rate_bp" },
	{ "cohort rate as a whole decimal", COHORT("7600.0"), "out_of_range",
	  "context.cohort_job_rate_bp" },
	{ "cohort rate as text", COHORT("\"7650\""), "out_of_range",
	  "context.cohort_job_rate_bp" },
	{ "cohort rate null", COHORT("null"), "out_of_range",
	  "context.cohort_job_rate_bp" },
	{ "unknown context key next to the rate", CASE("\"context\":{"
	  "\"cohort_job_rate_bp\":7000,\"cohort_size\":20}"), "unknown_key",
	  "context.cohort_size" },
};

static void check_bad_case(const struct bad_text *b)
{
	struct kverr e;
	int rc;

	kverr_clear(&e);
	rc = case_parse(b->json, strlen(b->json), CASE_FILE, the_case, &e);
	testutil_expect_refused(b->name, b->json, rc, &e, CASE_FILE, b->code,
				b->field);
}

static void test_malformed_courses_and_rate(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
		check_bad_case(&bad_cases[i]);
}

/* ---------------------------------------------------------------- */
/* rulebook.c: course, cohort, bonus.when                            */

#define D1 "\"2020-01-01\""
#define RB_HEAD "\"id\":\"t\",\"name\":\"Test\",\"follows\":\"F\"," \
	"\"illustrative\":\"I\",\"tracks\":1"
#define RB_BASE "\"base\":{\"basis\":\"weekday\",\"ore\":{" D1 ":[45000]}," \
	"\"arrears_months\":{" D1 ":1}}"
#define RB_COURSE_ORE "\"ore_per_point\":{" D1 ":[6000]}"
#define RB_COURSE_REST "\"during_percent\":{" D1 ":80},\"arrears_months\":{" \
	D1 ":1}"
#define RB_COURSE "\"course\":{" RB_COURSE_ORE "," RB_COURSE_REST "}"
#define RB_COHORT_TARGET "\"target_job_rate_bp\":{" D1 ":7000}"
#define RB_COHORT_REST "\"bonus_percent_per_point\":{" D1 ":2}," \
	"\"deduction_percent_per_point\":{" D1 ":1},\"max_percent\":{" D1 \
	":20},\"after_months\":{" D1 ":3}"
#define RB_COHORT "\"cohort\":{" RB_COHORT_TARGET "," RB_COHORT_REST "}"
#define RB_BONUS_REST "\"months\":{" D1 ":6},\"ore\":{" D1 ":[300000]}," \
	"\"arrears_months\":{" D1 ":1},\"outcomes\":{\"employment\":\"full\"," \
	"\"studies\":\"none\"}"
#define RB_BONUS(WHEN) "\"bonus\":{\"when\":" WHEN "," RB_BONUS_REST "}"
#define RB(...) "{" RB_HEAD "," __VA_ARGS__ "}"

static struct rulebook *the_rb;

static int setup_rb(void **state)
{
	(void)state;
	the_rb = calloc(1, sizeof(*the_rb));
	return the_rb ? 0 : -1;
}

static int teardown_rb(void **state)
{
	(void)state;
	free(the_rb);
	the_rb = NULL;
	return 0;
}

static void rb_ok(const char *text)
{
	struct kverr e;

	kverr_clear(&e);
	if (rulebook_parse(text, strlen(text), "ok.json", the_rb, &e))
		fail_msg("rulebook should parse: %s (%s at %s)\n%s", e.message,
			 e.code, e.field, text);
}

static void test_model_sections_parse(void **state)
{
	const struct rulebook *rb = the_rb;
	int64_t v;

	(void)state;
	rb_ok(RB(RB_BASE "," RB_COURSE "," RB_COHORT "," RB_BONUS("\"job_after_pass\"")));
	assert_true(rb->has_course);
	assert_true(rb->has_cohort);
	assert_int_equal(rb->bonus_when, RB_BONUS_JOB_AFTER_PASS);
	assert_int_equal(rb->bonus_weight[RB_OUT_EMPLOYMENT], RB_WEIGHT_FULL);
	assert_int_equal(rb->bonus_weight[RB_OUT_STUDIES], RB_WEIGHT_NONE);
	assert_int_equal(rb_value(&rb->course_ore_per_point, D("2024-01-01"), 1, &v), 0);
	assert_int_equal(v, 6000);
	assert_int_equal(rb_value(&rb->course_during_percent, D("2024-01-01"), 0, &v), 0);
	assert_int_equal(v, 80);
	assert_int_equal(rb_value(&rb->cohort_target_bp, D("2024-01-01"), 0, &v), 0);
	assert_int_equal(v, 7000);
	assert_int_equal(rb_value(&rb->cohort_max_percent, D("2024-01-01"), 0, &v), 0);
	assert_int_equal(v, 20);
	assert_int_equal(rb_value(&rb->cohort_after_months, D("2024-01-01"), 0, &v), 0);
	assert_int_equal(v, 3);

	/* A course alone is a model (Växjö has no base); the ends of the
	 * ranges are accepted. */
	rb_ok(RB("\"course\":{" RB_COURSE_ORE ",\"during_percent\":{" D1 ":100},"
		 "\"arrears_months\":{" D1 ":0}}"));
	assert_true(rb->has_course);
	assert_false(rb->has_cohort);
	assert_int_equal(rb->base_basis, RB_BASE_NONE);
	rb_ok(RB("\"course\":{" RB_COURSE_ORE ",\"during_percent\":{" D1 ":0},"
		 "\"arrears_months\":{" D1 ":12}}"));
	rb_ok(RB(RB_BASE ",\"cohort\":{\"target_job_rate_bp\":{" D1 ":10000},"
		 "\"bonus_percent_per_point\":{" D1 ":0},"
		 "\"deduction_percent_per_point\":{" D1 ":100},"
		 "\"max_percent\":{" D1 ":100},\"after_months\":{" D1 ":24}}"));
	assert_true(rb->has_cohort);
	assert_int_equal(rb->base_basis, RB_BASE_WEEKDAY);
}

static const struct bad_text bad_rbs[] = {
	{ "unknown key in course", RB("\"course\":{" RB_COURSE_ORE ","
	  RB_COURSE_REST ",\"max_points\":{" D1 ":400}}"), "unknown_key",
	  "course.max_points" },
	{ "unknown key in cohort", RB(RB_BASE ",\"cohort\":{" RB_COHORT_TARGET
	  "," RB_COHORT_REST ",\"measure\":{" D1 ":1}}"), "unknown_key",
	  "cohort.measure" },
	{ "course not an object", RB(RB_BASE ",\"course\":[6000]"),
	  "not_object", "course" },
	{ "cohort not an object", RB(RB_BASE ",\"cohort\":7000"), "not_object",
	  "cohort" },
	{ "course.ore_per_point missing", RB("\"course\":{" RB_COURSE_REST "}"),
	  "missing_key", "course.ore_per_point" },
	{ "course.during_percent missing", RB("\"course\":{" RB_COURSE_ORE ","
	  "\"arrears_months\":{" D1 ":1}}"), "missing_key",
	  "course.during_percent" },
	{ "cohort.target_job_rate_bp missing", RB(RB_BASE ",\"cohort\":{"
	  RB_COHORT_REST "}"), "missing_key", "cohort.target_job_rate_bp" },
	{ "cohort.after_months missing", RB(RB_BASE ",\"cohort\":{"
	  RB_COHORT_TARGET ",\"bonus_percent_per_point\":{" D1 ":2},"
	  "\"deduction_percent_per_point\":{" D1 ":1},\"max_percent\":{" D1
	  ":20}}"), "missing_key", "cohort.after_months" },
	{ "during_percent 101", RB("\"course\":{" RB_COURSE_ORE ","
	  "\"during_percent\":{" D1 ":101},\"arrears_months\":{" D1 ":1}}"),
	  "out_of_range", "course.during_percent.2020-01-01" },
	{ "during_percent decimal", RB("\"course\":{" RB_COURSE_ORE ","
	  "\"during_percent\":{" D1 ":80.5},\"arrears_months\":{" D1 ":1}}"),
	  "wrong_unit", "course.during_percent.2020-01-01" },
	{ "ore_per_point not per track", RB("\"course\":{\"ore_per_point\":{"
	  D1 ":6000}," RB_COURSE_REST "}"), "wrong_width",
	  "course.ore_per_point.2020-01-01" },
	{ "target above 10000 bp", RB(RB_BASE ",\"cohort\":{"
	  "\"target_job_rate_bp\":{" D1 ":10001}," RB_COHORT_REST "}"),
	  "out_of_range", "cohort.target_job_rate_bp.2020-01-01" },
	{ "max_percent 101", RB(RB_BASE ",\"cohort\":{" RB_COHORT_TARGET ","
	  "\"bonus_percent_per_point\":{" D1 ":2},"
	  "\"deduction_percent_per_point\":{" D1 ":1},\"max_percent\":{" D1
	  ":101},\"after_months\":{" D1 ":3}}"), "out_of_range",
	  "cohort.max_percent.2020-01-01" },
	{ "after_months 0", RB(RB_BASE ",\"cohort\":{" RB_COHORT_TARGET ","
	  "\"bonus_percent_per_point\":{" D1 ":2},"
	  "\"deduction_percent_per_point\":{" D1 ":1},\"max_percent\":{" D1
	  ":20},\"after_months\":{" D1 ":0}}"), "out_of_range",
	  "cohort.after_months.2020-01-01" },
	{ "cohort without a base", RB(RB_COURSE "," RB_COHORT), "inconsistent",
	  "cohort" },
	{ "cohort without a base, with a course and a bonus", RB(RB_COURSE ","
	  RB_BONUS("\"job_after_pass\"") "," RB_COHORT), "inconsistent",
	  "cohort" },
	{ "bonus.when unknown", RB(RB_COURSE "," RB_BONUS("\"after_exam\"")),
	  "not_allowed", "bonus.when" },
	{ "bonus.when not text", RB(RB_COURSE "," RB_BONUS("6")), "not_allowed",
	  "bonus.when" },
	{ "bonus.when in capitals", RB(RB_COURSE "," RB_BONUS("\"JOB_AFTER_PASS\"")),
	  "not_allowed", "bonus.when" },
};

static void check_bad_rb(const struct bad_text *b)
{
	struct kverr e;
	int rc;

	kverr_clear(&e);
	rc = rulebook_parse(b->json, strlen(b->json), BAD_FILE, the_rb, &e);
	testutil_expect_refused(b->name, b->json, rc, &e, BAD_FILE, b->code,
				b->field);
}

static void test_malformed_model_sections(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_rbs) / sizeof(bad_rbs[0]); i++)
		check_bad_rb(&bad_rbs[i]);
}

/*
 * docs/rulebooks.md, cohort: "It adjusts the base lines computed through
 * the same month, so after_months must be at least the base's
 * arrears_months."  A rulebook that breaks this must be refused like the
 * other cross-parameter rules (first_parts > parts): otherwise the
 * adjustment is first computed on part of the base and changes, with no
 * new fact, once the last base month falls due.
 */
static void test_cohort_after_months_below_base_arrears_refused(void **state)
{
	static const struct bad_text b = {
		"after_months below base.arrears_months",
		RB("\"base\":{\"basis\":\"weekday\",\"ore\":{" D1 ":[45000]},"
		   "\"arrears_months\":{" D1 ":2}},\"cohort\":{" RB_COHORT_TARGET ","
		   "\"bonus_percent_per_point\":{" D1 ":2},"
		   "\"deduction_percent_per_point\":{" D1 ":1},\"max_percent\":{"
		   D1 ":20},\"after_months\":{" D1 ":1}}"),
		"inconsistent", "cohort.after_months"
	};

	(void)state;
	/* Equal is fine. */
	rb_ok(RB("\"base\":{\"basis\":\"weekday\",\"ore\":{" D1 ":[45000]},"
		 "\"arrears_months\":{" D1 ":3}}," RB_COHORT));
	check_bad_rb(&b);
}

static void test_shipped_model_rulebooks(void **state)
{
	struct kverr e;
	int64_t v;
	const struct rulebook *rb = the_rb;

	(void)state;
	kverr_clear(&e);
	if (rulebooks_load("rules", "vaxjo-vux", the_rb, &e))
		fail_msg("vaxjo-vux: %s (run from the repository root)", e.message);
	assert_true(rb->has_course);
	assert_false(rb->has_cohort);
	assert_false(rb->has_result);
	assert_int_equal(rb->base_basis, RB_BASE_NONE);
	assert_int_equal(rb->bonus_when, RB_BONUS_JOB_AFTER_PASS);
	assert_int_equal(rb->bonus_weight[RB_OUT_STUDIES], RB_WEIGHT_NONE);
	assert_int_equal(rb->bonus_weight[RB_OUT_EMPLOYMENT], RB_WEIGHT_FULL);
	rb_value(&rb->course_ore_per_point, D("2024-01-01"), 1, &v);
	assert_int_equal(v, 6000);
	rb_value(&rb->course_during_percent, D("2024-01-01"), 0, &v);
	assert_int_equal(v, 80);

	if (rulebooks_load("rules", "baub", the_rb, &e))
		fail_msg("baub: %s", e.message);
	assert_true(rb->has_cohort);
	assert_false(rb->has_course);
	assert_int_equal(rb->base_basis, RB_BASE_WEEKDAY);
	rb_value(&rb->base_ore, D("2024-01-01"), 1, &v);
	assert_int_equal(v, 45000);
	rb_value(&rb->cohort_after_months, D("2024-01-01"), 0, &v);
	assert_int_equal(v, 3);

	if (rulebooks_load("rules", "yaub", the_rb, &e))
		fail_msg("yaub: %s", e.message);
	assert_true(rb->has_result);
	assert_false(rb->has_cohort);
	assert_int_equal(rb->base_basis, RB_BASE_MONTH);
	rb_value(&rb->result_ore, D("2024-01-01"), 1, &v);
	assert_int_equal(v, 1200000);
	rb_value(&rb->base_ore, D("2024-01-01"), 1, &v);
	assert_int_equal(v, 750000);
	/* The result share at four months: 12 000 / (4 × 7 500 + 12 000). */
	assert_true(1200000 * 100 >= 25 * (4 * 750000 + 1200000));
}

/* ---------------------------------------------------------------- */
/* The engine: shared                                                */

struct work {
	struct rulebook rb;
	struct engine_case c;
	struct engine_result owed, post;
};

static int setup_work(void **state)
{
	struct work *w = calloc(1, sizeof(*w));

	if (!w)
		return -1;
	*state = w;
	return 0;
}

static int teardown_work(void **state)
{
	free(*state);
	return 0;
}

static void load(struct rulebook *rb, const char *id)
{
	struct kverr e;

	kverr_clear(&e);
	if (rulebooks_load("rules", id, rb, &e))
		fail_msg("%s: %s (run from the repository root)", id, e.message);
}

static void compute(struct work *w, month_t through)
{
	struct kverr e;

	kverr_clear(&e);
	w->owed.terse = true;
	if (engine_compute(&w->rb, &w->c, through, &w->owed, &e))
		fail_msg("engine_compute: %s (%s at %s)", e.message, e.code, e.field);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const struct engine_line *find_line(const struct engine_result *r,
					   const char *key)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].key, key) == 0)
			return &r->lines[i];
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Växjö: the price is the one in force on the course's start (P-14) */

static void test_course_price_on_course_start(void **state)
{
	struct work *w = *state;
	struct engine_case *c = &w->c;
	const struct engine_line *l;

	load(&w->rb, "vaxjo-vux");
	/* From 2024-03-01 a point costs 70 kr (a second dated value). */
	assert_int_equal(w->rb.course_ore_per_point.n, 1);
	w->rb.course_ore_per_point.from[1] = D("2024-03-01");
	w->rb.course_ore_per_point.v[1][0] = 7000;
	w->rb.course_ore_per_point.n = 2;

	memset(c, 0, sizeof(*c));
	snprintf(c->participation_id, sizeof(c->participation_id), "P1");
	c->start = D("2024-01-15");
	c->n_tracks = 1;
	c->tracks[0].from = c->start;
	c->tracks[0].track = 1;
	c->n_courses = 2;
	/* Began in February at 60 kr: its April points and its May pass
	 * stay at 60 kr. */
	snprintf(c->courses[0].id, sizeof(c->courses[0].id), "OLD");
	c->courses[0].start = D("2024-02-05");
	c->courses[0].points = 10;
	c->courses[0].passed_on = D("2024-05-17");
	c->courses[0].n_credits = 1;
	c->courses[0].credits[0].date = D("2024-04-12");
	c->courses[0].credits[0].points = 10;
	/* Began in March at 70 kr. */
	snprintf(c->courses[1].id, sizeof(c->courses[1].id), "NEW");
	c->courses[1].start = D("2024-03-04");
	c->courses[1].points = 10;
	c->courses[1].passed_on = D("2024-05-17");
	c->courses[1].n_credits = 1;
	c->courses[1].credits[0].date = D("2024-04-12");
	c->courses[1].credits[0].points = 10;
	compute(w, M("2024-06"));

	/* 10 × 6 000 × 80 % = 48 000, pass 60 000 − 48 000 = 12 000;
	 * 10 × 7 000 × 80 % = 56 000, pass 70 000 − 56 000 = 14 000. */
	assert_int_equal(w->owed.n, 4);
	l = find_line(&w->owed, "credits:OLD:2024-04");
	assert_non_null(l);
	assert_int_equal(l->amount, 48000);
	assert_int_equal(l->due, M("2024-05"));
	assert_int_equal(l->period, M("2024-04"));
	assert_int_equal(l->component, COMP_COURSE);
	l = find_line(&w->owed, "pass:OLD");
	assert_non_null(l);
	assert_int_equal(l->amount, 12000);
	assert_int_equal(l->due, M("2024-06"));
	l = find_line(&w->owed, "credits:NEW:2024-04");
	assert_non_null(l);
	assert_int_equal(l->amount, 56000);
	l = find_line(&w->owed, "pass:NEW");
	assert_non_null(l);
	assert_int_equal(l->amount, 14000);
}

/* ---------------------------------------------------------------- */
/* Växjö: invariants over random courses                             */

static void gen_courses(struct engine_case *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->participation_id, sizeof(c->participation_id), "P1");
	c->start = D("2019-06-01") + testutil_rnd_in(&rng, 0, 7 * 365);
	c->n_tracks = 1;
	c->tracks[0].from = c->start - (testutil_chance(&rng, 30) ? testutil_rnd_in(&rng, 1, 90) : 0);
	c->tracks[0].track = 1;
	c->n_courses = testutil_rnd_in(&rng, 1, 4);
	for (int i = 0; i < c->n_courses; i++) {
		struct engine_course *k = &c->courses[i];
		date_t d;
		int left;

		snprintf(k->id, sizeof(k->id), "K%d", i + 1);
		k->start = c->start + testutil_rnd_in(&rng, 0, 200);
		k->points = testutil_chance(&rng, 10) ? testutil_rnd_in(&rng, 1, 3) : testutil_rnd_in(&rng, 1, 400);
		left = k->points;
		d = k->start;
		k->n_credits = testutil_rnd_in(&rng, 0, 20);
		for (int j = 0; j < k->n_credits; j++) {
			/* Often several reports in one month, sometimes on one
			 * day; never more points than the course has (the
			 * parser refuses that). */
			d += testutil_chance(&rng, 20) ? 0 : testutil_chance(&rng, 60) ? testutil_rnd_in(&rng, 1, 12) : testutil_rnd_in(&rng, 13, 80);
			k->credits[j].date = d;
			k->credits[j].points = testutil_chance(&rng, 70) ? testutil_rnd_in(&rng, 1, left < 40 ? left : 40)
					       : testutil_rnd_in(&rng, 1, left);
			left -= k->credits[j].points;
			if (left == 0) {
				k->n_credits = j + 1;
				break;
			}
		}
		if (testutil_chance(&rng, 60))
			k->passed_on = (k->n_credits ? k->credits[k->n_credits - 1].date
					: k->start) + (testutil_chance(&rng, 20) ? 0 : testutil_rnd_in(&rng, 1, 120));
	}
}

static int64_t credited_through(const struct engine_course *k, month_t m)
{
	int64_t sum = 0;

	for (int i = 0; i < k->n_credits; i++)
		if (date_month(k->credits[i].date) <= m)
			sum += k->credits[i].points;
	return sum;
}

/* Passed courses whose total was checked, and of them those where the
 * during share of a point is not a whole öre (rounding at work). */
static int totals_checked, totals_rounded;

static void check_courses(const struct work *w, int64_t price, int64_t pct,
			  int64_t arrears, month_t through, int serial)
{
	const struct engine_case *c = &w->c;
	int seen = 0;

	for (int i = 0; i < w->owed.n; i++) {
		const struct engine_line *l = &w->owed.lines[i];

		if (l->component != COMP_COURSE)
			fail_msg("case %d: a %s line %s in a course-only case", serial,
				 engine_component_names[l->component], l->key);
		if (l->due > through || l->due != l->period + arrears)
			fail_msg("case %d: %s due wrongly", serial, l->key);
		if (starts_with(l->key, "credits:") && l->amount < 0)
			fail_msg("case %d: %s is negative: %lld", serial, l->key,
				 (long long)l->amount);
	}
	for (int i = 0; i < c->n_courses; i++) {
		const struct engine_course *k = &c->courses[i];
		char prefix[ENGINE_KEY_LEN], pass_key[ENGINE_KEY_LEN];
		int64_t credits = 0, last = -1;
		month_t paid_to = through - (month_t)arrears;
		const struct engine_line *pass;

		snprintf(prefix, sizeof(prefix), "credits:%s:", k->id);
		snprintf(pass_key, sizeof(pass_key), "pass:%s", k->id);
		for (int j = 0; j < w->owed.n; j++) {
			const struct engine_line *l = &w->owed.lines[j];

			if (!starts_with(l->key, prefix))
				continue;
			seen++;
			credits += l->amount;
			if (l->period > last)
				last = l->period;
			/* One line per month, at that month's own cumulative
			 * share. */
			if (l->amount != round_ratio(price * credited_through(k, l->period),
						     pct, 100) -
			    round_ratio(price * credited_through(k, l->period - 1),
					pct, 100))
				fail_msg("case %d: %s is %lld", serial, l->key,
					 (long long)l->amount);
		}
		/* The credits lines through the run add up to the cumulative
		 * share of the points credited in months already due. */
		if (credits != round_ratio(price * credited_through(k, paid_to), pct, 100))
			fail_msg("case %d: credits of %s add up to %lld, want %lld", serial,
				 k->id, (long long)credits,
				 (long long)round_ratio(price * credited_through(k, paid_to),
							pct, 100));
		pass = find_line(&w->owed, pass_key);
		if (k->passed_on && date_month(k->passed_on) <= paid_to) {
			int64_t total = credits + (pass ? pass->amount : 0);

			seen += pass ? 1 : 0;
			if (pass && pass->amount < 0)
				fail_msg("case %d: %s is negative", serial, pass_key);
			/* Once passed, exactly points × price. */
			if (total != price * k->points)
				fail_msg("case %d: course %s (%d points at %lld öre, %lld %%)"
					 " pays %lld, want %lld", serial, k->id, k->points,
					 (long long)price, (long long)pct, (long long)total,
					 (long long)(price * k->points));
			if (pass && pass->period != date_month(k->passed_on))
				fail_msg("case %d: %s in the wrong month", serial, pass_key);
			totals_checked++;
			totals_rounded += (price * pct) % 100 != 0 && k->n_credits > 1;
		} else if (pass) {
			fail_msg("case %d: %s without a pass due", serial, pass_key);
		}
	}
	if (seen != w->owed.n)
		fail_msg("case %d: %d lines not of any course", serial, w->owed.n - seen);
}

static void test_course_invariants(void **state)
{
	struct work *w = *state;
	struct rulebook shipped;

	load(&shipped, "vaxjo-vux");
	for (int n = 0; n < N_COURSE_CASES; n++) {
		int64_t price, pct, arrears;
		month_t through, last = 0;
		struct kverr e;

		w->rb = shipped;
		/* The shipped 60 kr and 80 % never round; other prices and
		 * shares do. */
		if (n % 4) {
			w->rb.course_ore_per_point.v[0][0] = testutil_chance(&rng, 50) ? testutil_rnd_in(&rng, 1, 99)
							      : testutil_rnd_in(&rng, 100, 99999);
			w->rb.course_during_percent.v[0][0] = testutil_chance(&rng, 30) ? 80 : testutil_rnd_in(&rng, 0, 100);
			w->rb.course_arrears_months.v[0][0] = testutil_rnd_in(&rng, 0, 3);
		}
		price = w->rb.course_ore_per_point.v[0][0];
		pct = w->rb.course_during_percent.v[0][0];
		arrears = w->rb.course_arrears_months.v[0][0];
		gen_courses(&w->c);
		for (int i = 0; i < w->c.n_courses; i++) {
			const struct engine_course *k = &w->c.courses[i];
			month_t m = date_month(k->passed_on ? k->passed_on : k->start);

			for (int j = 0; j < k->n_credits; j++)
				if (date_month(k->credits[j].date) > m)
					m = date_month(k->credits[j].date);
			if (m > last)
				last = m;
		}
		/* A run in the middle of things, and one after everything. */
		through = date_month(w->c.start) + testutil_rnd_in(&rng, 0, last - date_month(w->c.start) + 4);
		compute(w, through);
		check_courses(w, price, pct, arrears, through, n);
		through = last + (month_t)arrears + testutil_rnd_in(&rng, 0, 3);
		compute(w, through);
		check_courses(w, price, pct, arrears, through, n);

		/* Paid exactly what is owed: settling posts nothing. */
		w->c.n_paid = w->owed.n;
		for (int i = 0; i < w->owed.n; i++) {
			memcpy(w->c.paid[i].key, w->owed.lines[i].key,
			       sizeof(w->c.paid[i].key));
			w->c.paid[i].amount = w->owed.lines[i].amount;
		}
		kverr_clear(&e);
		assert_int_equal(engine_settle(&w->owed, &w->c, through, &w->post, &e), 0);
		if (w->post.n)
			fail_msg("case %d: settling what was paid posts %d lines", n,
				 w->post.n);
	}
	printf("courses: %d random cases, %d passed courses totalled, %d with"
	       " rounding\n", N_COURSE_CASES, totals_checked, totals_rounded);
	assert_true(totals_checked > N_COURSE_CASES / 2);
	assert_true(totals_rounded > N_COURSE_CASES / 4);
}

/* ---------------------------------------------------------------- */
/* BAUB: invariants over random participations                      */

static int64_t weekdays(date_t from, date_t to)
{
	int64_t n = 0;

	for (date_t d = from; d <= to; d++)
		n += date_weekday(d) <= 5;
	return n;
}

static void test_cohort_invariants(void **state)
{
	struct work *w = *state;
	struct rulebook shipped;
	int bonuses = 0, deductions = 0, capped = 0;

	load(&shipped, "baub");
	for (int n = 0; n < N_COHORT_CASES; n++) {
		struct engine_case *c = &w->c;
		int64_t target, bonus_pp, deduct_pp, cap, after, base = 0, per, bp, want;
		month_t through, end_month;
		const struct engine_line *l;

		w->rb = shipped;
		if (n % 3) {
			w->rb.cohort_target_bp.v[0][0] = testutil_rnd_in(&rng, 0, 10000);
			w->rb.cohort_bonus_per_point.v[0][0] = testutil_rnd_in(&rng, 0, 100);
			w->rb.cohort_deduction_per_point.v[0][0] = testutil_rnd_in(&rng, 0, 100);
			w->rb.cohort_max_percent.v[0][0] = testutil_chance(&rng, 10) ? 0 : testutil_rnd_in(&rng, 1, 100);
			w->rb.cohort_after_months.v[0][0] = testutil_rnd_in(&rng, 1, 24);
		}
		target = w->rb.cohort_target_bp.v[0][0];
		bonus_pp = w->rb.cohort_bonus_per_point.v[0][0];
		deduct_pp = w->rb.cohort_deduction_per_point.v[0][0];
		cap = w->rb.cohort_max_percent.v[0][0];
		after = w->rb.cohort_after_months.v[0][0];

		memset(c, 0, sizeof(*c));
		snprintf(c->participation_id, sizeof(c->participation_id), "P%d", n);
		c->start = D("2019-09-01") + testutil_rnd_in(&rng, 0, 6 * 365);
		c->end = testutil_chance(&rng, 90) ? c->start + testutil_rnd_in(&rng, 0, 400) : 0;
		c->n_tracks = 1;
		c->tracks[0].from = c->start;
		c->tracks[0].track = 1;
		c->context.cohort_measured = testutil_chance(&rng, 90);
		c->context.cohort_job_rate_bp = testutil_chance(&rng, 10) ? (int32_t)target
					       : (int32_t)testutil_rnd_in(&rng, 0, 10000);
		end_month = date_month(c->end ? c->end : c->start + 400);
		through = end_month + testutil_rnd_in(&rng, -2, (int)after + 3);
		compute(w, through);

		for (int i = 0; i < w->owed.n; i++)
			if (w->owed.lines[i].component == COMP_BASE)
				base += w->owed.lines[i].amount;
		per = c->context.cohort_job_rate_bp >= target ? bonus_pp : deduct_pp;
		bp = (c->context.cohort_job_rate_bp - target) * per;
		if (bp > cap * 100)
			bp = cap * 100;
		if (bp < -cap * 100)
			bp = -cap * 100;
		want = round_ratio(base, bp, 10000);

		l = NULL;
		for (int i = 0; i < w->owed.n; i++)
			if (starts_with(w->owed.lines[i].key, "cohort:")) {
				if (l)
					fail_msg("case %d: two cohort lines", n);
				l = &w->owed.lines[i];
			}
		if (!c->end || !c->context.cohort_measured ||
		    date_month(c->end) + (month_t)after > through) {
			if (l)
				fail_msg("case %d: a cohort line before it is due", n);
			continue;
		}
		/* Due: every base month is in, at 450 kr a weekday. */
		if (base != 45000 * weekdays(c->start, c->end))
			fail_msg("case %d: base %lld for %lld weekdays", n, (long long)base,
				 (long long)weekdays(c->start, c->end));
		if (!l) {
			if (want != 0)
				fail_msg("case %d: no cohort line, want %lld", n, (long long)want);
			continue;
		}
		if (l->amount != want)
			fail_msg("case %d: cohort %lld, want %lld (base %lld, rate %d,"
				 " target %lld)", n, (long long)l->amount, (long long)want,
				 (long long)base, c->context.cohort_job_rate_bp,
				 (long long)target);
		/* Never more than max_percent of the base either way. */
		if (l->amount > round_ratio(base, cap, 100) ||
		    l->amount < -round_ratio(base, cap, 100))
			fail_msg("case %d: %lld exceeds %lld %% of %lld", n,
				 (long long)l->amount, (long long)cap, (long long)base);
		if (l->amount > 0 && (l->component != COMP_BONUS ||
				      c->context.cohort_job_rate_bp <= target))
			fail_msg("case %d: a bonus at or below the target", n);
		if (l->amount < 0 && (l->component != COMP_CLAWBACK ||
				      c->context.cohort_job_rate_bp >= target))
			fail_msg("case %d: a deduction at or above the target", n);
		if (l->period != date_month(c->end) ||
		    l->due != date_month(c->end) + (month_t)after)
			fail_msg("case %d: cohort line in the wrong month", n);
		bonuses += l->amount > 0;
		deductions += l->amount < 0;
		capped += l->amount == round_ratio(base, cap, 100) ||
			  l->amount == -round_ratio(base, cap, 100);
	}
	/* The generator reaches every branch. */
	assert_true(bonuses > 100);
	assert_true(deductions > 100);
	assert_true(capped > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_courses_parse, setup_case,
						teardown_case),
		cmocka_unit_test_setup_teardown(test_cohort_rate_parses, setup_case,
						teardown_case),
		cmocka_unit_test_setup_teardown(test_malformed_courses_and_rate,
						setup_case, teardown_case),
		cmocka_unit_test_setup_teardown(test_model_sections_parse, setup_rb,
						teardown_rb),
		cmocka_unit_test_setup_teardown(test_malformed_model_sections,
						setup_rb, teardown_rb),
		cmocka_unit_test_setup_teardown(test_cohort_after_months_below_base_arrears_refused,
						setup_rb, teardown_rb),
		cmocka_unit_test_setup_teardown(test_shipped_model_rulebooks, setup_rb,
						teardown_rb),
		cmocka_unit_test_setup_teardown(test_course_price_on_course_start,
						setup_work, teardown_work),
		cmocka_unit_test_setup_teardown(test_course_invariants, setup_work,
						teardown_work),
		cmocka_unit_test_setup_teardown(test_cohort_invariants, setup_work,
						teardown_work),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
