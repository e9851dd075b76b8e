/*
 * test_journey.c — unit tests for src/core/journey.c: the rules of a
 * participant's journey (RULES.md) — the track by unemployment duration
 * the earliest start after a choice (C-1), notice periods (C-2),
 * the choice deadline (C-4), individual meeting compliance (D-3), the end
 * of responsibility after 104 weeks and yearly reassessment (D-8, C-3),
 * the planning-meeting deadline (U-4), self-support from gross pay (P-8),
 * and the strict, effective-dated parsing of rules/journey.json (P-14).
 *
 * Expected dates are counted by hand in the comments beside them; month
 * lengths: Jan 31, Feb 28 (29 in 2016 and 2024), Mar 31, Apr 30, May 31,
 * Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30, Dec 31.  Weekdays used:
 * 2024-01-01 Mon, 2025-01-05 Sun, 2025-01-06 Mon, 2025-01-15 Wed,
 * 2025-03-03 Mon, 2025-09-01 Mon, 2016-02-01 Mon.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/files.h"
#include "core/journey.h"

/* A copy of rules/journey.json's parameters, so most tests do not depend
 * on the working directory; test_j_rules_file_matches_embedded_copy
 * checks that the copy is still the shipped file. */
#define J_TRACK2  "\"track2_from_months\":{\"2019-08-21\":6}"
#define J_TRACK3  "\"track3_over_months\":{\"2019-08-21\":12}"
#define J_TRACK4  "\"track4_over_months\":{\"2019-08-21\":18}"
#define J_START   "\"start_after_days\":{\"2019-08-21\":7}"
#define J_CHOICE  "\"choice_deadline_days\":{\"2019-08-21\":14}"
#define J_NFIRST  "\"notice_first_days\":{\"2019-08-21\":14}"
#define J_NAFTER  "\"notice_after_days\":{\"2019-08-21\":31}"
#define J_NBOUND  "\"notice_boundary_months\":{\"2019-08-21\":6}"
#define J_WEEKS   "\"max_weeks\":{\"2019-08-21\":104}"
#define J_REASS   "\"reassess_months\":{\"2019-08-21\":12}"
#define J_MINUTES "\"meeting_minutes\":{\"2019-08-21\":60}"
#define J_PLAN    "\"planning_meeting_days\":{\"2019-08-21\":14}"
#define J_SELF    "\"self_support_ore\":{\"2019-08-21\":1500000}"

static const char journey_json[] =
	"{\n"
	"  \"id\": \"journey\",\n"
	"  \"follows\": \"Seed 003 §4.1, §3.2.9, §3.2.3; seed 004.\",\n"
	"  \"assumptions\": \"The effective date 2019-08-21 is the date of"
	" seed 003.\",\n"
	"  \"parameters\": {"
	J_TRACK2 "," J_TRACK3 "," J_TRACK4 "," J_START "," J_CHOICE ","
	J_NFIRST "," J_NAFTER "," J_NBOUND "," J_WEEKS "," J_REASS ","
	J_MINUTES "," J_PLAN "," J_SELF
	"}\n"
	"}\n";

#define J_FILE "journey.json"


static int parse_root(json_t *root, struct journey_params *p, struct kverr *e)
{
	kverr_clear(e);
	return journey_params_parse(root, J_FILE, p, e);
}

static void params_ok(const char *text, struct journey_params *p)
{
	struct kverr e;
	json_t *root = testutil_load_json(text);

	if (parse_root(root, p, &e))
		fail_msg("params should parse: %s (%s: %s)", e.message, e.code,
			 e.field);
	json_decref(root);
}

static void default_params(struct journey_params *p)
{
	params_ok(journey_json, p);
}

static void assert_date_equal(date_t got, const char *want)
{
	char buf[DATE_STRLEN];

	date_format(got, buf);
	assert_string_equal(buf, want);
}

static int track_on(const struct journey_params *p, const char *since,
		    const char *on)
{
	struct kverr e;
	int track = -1;

	kverr_clear(&e);
	if (journey_track_by_duration(p, D(since), D(on), &track, &e))
		fail_msg("track since %s on %s refused: %s", since, on,
			 e.message);
	return track;
}

/* ---------------------------------------------------------------- */
/* The parameter file (P-14)                                         */

static void test_j_params_parse_shipped_values(void **state)
{
	struct journey_params p;
	int64_t v = -1;

	(void)state;
	default_params(&p);
	assert_int_equal(p.max_weeks.n, 1);
	assert_int_equal(p.max_weeks.from[0], D("2019-08-21"));
	assert_int_equal(effective_at(&p.track2_from_months, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 6);
	assert_int_equal(effective_at(&p.track3_over_months, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(effective_at(&p.track4_over_months, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 18);
	assert_int_equal(effective_at(&p.start_after_days, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(effective_at(&p.choice_deadline_days, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 14);
	assert_int_equal(effective_at(&p.notice_first_days, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 14);
	assert_int_equal(effective_at(&p.notice_after_days, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 31);
	assert_int_equal(effective_at(&p.notice_boundary_months, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 6);
	assert_int_equal(effective_at(&p.max_weeks, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 104);
	assert_int_equal(effective_at(&p.reassess_months, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(effective_at(&p.meeting_minutes, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 60);
	assert_int_equal(effective_at(&p.planning_meeting_days, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 14);
	assert_int_equal(effective_at(&p.self_support_ore, D("2026-01-10"), &v), 0);
	assert_int_equal(v, 1500000);
}

/* The shipped file (run from the repository root, as scripts/run-tests.sh
 * does) parses through the loader the application uses and still says
 * what the embedded copy says. */
static void test_j_rules_file_matches_embedded_copy(void **state)
{
	struct journey_params file, copy;
	struct kverr e;
	json_t *root;

	(void)state;
	kverr_clear(&e);
	root = files_load_json("rules/journey.json", &e);
	if (!root)
		fail_msg("rules/journey.json: %s (run from the repo root)",
			 e.message);
	if (journey_params_parse(root, "rules/journey.json", &file, &e))
		fail_msg("rules/journey.json refused: %s", e.message);
	json_decref(root);
	default_params(&copy);
	testutil_assert_effective_equal(&file.track2_from_months, &copy.track2_from_months);
	testutil_assert_effective_equal(&file.track3_over_months, &copy.track3_over_months);
	testutil_assert_effective_equal(&file.track4_over_months, &copy.track4_over_months);
	testutil_assert_effective_equal(&file.start_after_days, &copy.start_after_days);
	testutil_assert_effective_equal(&file.choice_deadline_days, &copy.choice_deadline_days);
	testutil_assert_effective_equal(&file.notice_first_days, &copy.notice_first_days);
	testutil_assert_effective_equal(&file.notice_after_days, &copy.notice_after_days);
	testutil_assert_effective_equal(&file.notice_boundary_months,
			       &copy.notice_boundary_months);
	testutil_assert_effective_equal(&file.max_weeks, &copy.max_weeks);
	testutil_assert_effective_equal(&file.reassess_months, &copy.reassess_months);
	testutil_assert_effective_equal(&file.meeting_minutes, &copy.meeting_minutes);
	testutil_assert_effective_equal(&file.planning_meeting_days,
			       &copy.planning_meeting_days);
	testutil_assert_effective_equal(&file.self_support_ore, &copy.self_support_ore);
}

/* Each parameter with the range journey.c declares for it. */
struct param_range {
	const char *key;
	long long min, max;
};

static const struct param_range ranges[] = {
	{ "track2_from_months", 1, 120 },
	{ "track3_over_months", 1, 120 },
	{ "track4_over_months", 1, 120 },
	{ "start_after_days", 0, 90 },
	{ "choice_deadline_days", 1, 180 },
	{ "notice_first_days", 0, 180 },
	{ "notice_after_days", 0, 180 },
	{ "notice_boundary_months", 1, 60 },
	{ "max_weeks", 1, 520 },
	{ "reassess_months", 1, 60 },
	{ "meeting_minutes", 0, 10080 },      /* a week is 7 × 1440 minutes */
	{ "planning_meeting_days", 1, 180 },
	{ "self_support_ore", 0, 100000000 }, /* 1 000 000 kr */
};
#define N_RANGES (sizeof(ranges) / sizeof(ranges[0]))

/* The shipped copy with one parameter replaced by {"2019-08-21": v}. */
static int parse_with_value(const char *key, long long v,
			    struct journey_params *p, struct kverr *e)
{
	json_t *root = testutil_load_json(journey_json);
	json_t *params = json_object_get(root, "parameters");
	int rc;

	assert_int_equal(json_object_set_new(params, key,
					     json_pack("{s:I}", "2019-08-21",
						       (json_int_t)v)), 0);
	rc = parse_root(root, p, e);
	json_decref(root);
	return rc;
}

/* Every one of the 13 parameters is required; the refusal names it. */
static void test_j_params_missing_each_refused(void **state)
{
	char field[96], quoted[64];

	(void)state;
	assert_int_equal(N_RANGES, 13);
	for (size_t i = 0; i < N_RANGES; i++) {
		struct journey_params p;
		struct kverr e;
		json_t *root = testutil_load_json(journey_json);

		assert_int_equal(json_object_del(json_object_get(root,
						 "parameters"), ranges[i].key), 0);
		if (parse_root(root, &p, &e) != -1)
			fail_msg("missing %s accepted", ranges[i].key);
		json_decref(root);
		snprintf(field, sizeof(field), "parameters.%s", ranges[i].key);
		snprintf(quoted, sizeof(quoted), "\"%s\"", ranges[i].key);
		if (e.cls != KVERR_INVALID || strcmp(e.code, "missing_key") ||
		    strcmp(e.field, field))
			fail_msg("missing %s: got %s at %s (class %d): %s",
				 ranges[i].key, e.code, e.field, (int)e.cls,
				 e.message);
		if (strncmp(e.message, J_FILE ": ", strlen(J_FILE ": ")) ||
		    !strstr(e.message, quoted))
			fail_msg("missing %s: message does not name file and"
				 " parameter: %s", ranges[i].key, e.message);
	}
}

/* Each bound is accepted, one past it is refused naming the parameter. */
static void test_j_params_out_of_range_refused(void **state)
{
	char field[96], name[96];

	(void)state;
	for (size_t i = 0; i < N_RANGES; i++) {
		const struct param_range *r = &ranges[i];
		struct journey_params p;
		struct kverr e;
		int rc;

		snprintf(field, sizeof(field), "parameters.%s", r->key);
		if (parse_with_value(r->key, r->min, &p, &e))
			fail_msg("%s = %lld (its minimum) refused: %s", r->key,
				 r->min, e.message);
		if (parse_with_value(r->key, r->max, &p, &e))
			fail_msg("%s = %lld (its maximum) refused: %s", r->key,
				 r->max, e.message);
		snprintf(name, sizeof(name), "%s below", r->key);
		rc = parse_with_value(r->key, r->min - 1, &p, &e);
		testutil_expect_refused(name, r->key, rc, &e, J_FILE,
					"out_of_range", field);
		snprintf(name, sizeof(name), "%s above", r->key);
		rc = parse_with_value(r->key, r->max + 1, &p, &e);
		testutil_expect_refused(name, r->key, rc, &e, J_FILE,
					"out_of_range", field);
	}
}

/* Other malformed files: not an object, unknown parameter, bad dates. */
static void test_j_params_malformed(void **state)
{
	struct journey_params p;
	struct kverr e;
	json_t *root;
	int rc;

	(void)state;
	root = testutil_load_json("[]");
	rc = parse_root(root, &p, &e);
	json_decref(root);
	testutil_expect_refused("array", "[]", rc, &e, J_FILE, "not_object", "");

	root = testutil_load_json("{\"id\":\"journey\"}");
	rc = parse_root(root, &p, &e);
	json_decref(root);
	assert_int_equal(rc, -1);
	assert_string_equal(e.code, "missing_key");
	assert_string_equal(e.field, "parameters");

	root = testutil_load_json(journey_json);
	json_object_set_new(json_object_get(root, "parameters"),
			    "notice_days", json_pack("{s:i}", "2019-08-21", 14));
	rc = parse_root(root, &p, &e);
	json_decref(root);
	assert_int_equal(rc, -1);
	assert_string_equal(e.code, "unknown_key");
	assert_string_equal(e.field, "parameters.notice_days");

	/* Dates out of order for one parameter. */
	root = testutil_load_json("{\"parameters\":{" J_TRACK2 "," J_TRACK3 "," J_TRACK4
			 "," J_START ",\"choice_deadline_days\":"
			 "{\"2025-07-01\":21,\"2019-08-21\":14}," J_NFIRST ","
			 J_NAFTER "," J_NBOUND "," J_WEEKS "," J_REASS ","
			 J_MINUTES "," J_PLAN "," J_SELF "}}");
	rc = parse_root(root, &p, &e);
	json_decref(root);
	testutil_expect_refused("descending dates", "choice_deadline_days", rc,
				&e, J_FILE, "unordered_dates",
				"parameters.choice_deadline_days");
}

/* P-14: a value changes on its effective date, read on the date of the
 * fact it decides. */
static void test_j_params_effective_dated_change(void **state)
{
	static const char text[] =
		"{\"parameters\":{" J_TRACK2 "," J_TRACK3 "," J_TRACK4 ","
		J_START ","
		"\"choice_deadline_days\":{\"2019-08-21\":14,\"2025-07-01\":21},"
		J_NFIRST ","
		"\"notice_after_days\":{\"2019-08-21\":31,\"2025-03-01\":60},"
		J_NBOUND "," J_WEEKS "," J_REASS ","
		"\"meeting_minutes\":{\"2019-08-21\":60,\"2025-02-10\":90},"
		J_PLAN ","
		"\"self_support_ore\":{\"2019-08-21\":1500000,\"2025-03-01\":1600000}"
		"}}";
	struct journey_params p;
	struct journey_notice n;
	struct journey_compliance c;
	struct kverr e;
	const struct journey_week weeks[] = {
		{ D("2025-02-03"), 60 }, /* 60 in force: complies */
		{ D("2025-02-10"), 60 }, /* 90 in force from this Monday: no */
		{ D("2025-02-17"), 90 }, /* complies */
		{ D("2025-02-24"), 89 }, /* one short of 90: no */
	};

	(void)state;
	params_ok(text, &p);
	assert_int_equal(p.choice_deadline_days.n, 2);

	/* C-4: opened 2025-06-30 with 14 days → 06-30 + 14 = 07-14 (June 30). */
	assert_date_equal(journey_choice_due(&p, D("2025-06-30")), "2025-07-14");
	/* opened 2025-07-01 with 21 days → 2025-07-22. */
	assert_date_equal(journey_choice_due(&p, D("2025-07-01")), "2025-07-22");
	/* Before the first date the first value applies: 2019-08-20 + 14
	 * = 2019-09-03 (August has 31: 20 + 14 = 34 − 31 = 3). */
	assert_date_equal(journey_choice_due(&p, D("2019-08-20")), "2019-09-03");

	/* C-2 after the half-year, start 2024-01-10: given 2025-02-28 → 31 days
	 * → 2025-03-31 (28 + 31 = 59 − 28); given 2025-03-01 → 60 days
	 * → 2025-04-30 (1 + 60 = 61 − 31 = 30 April). */
	kverr_clear(&e);
	assert_int_equal(journey_notice(&p, D("2024-01-10"), D("2025-02-28"),
					&n, &e), 0);
	assert_int_equal(n.days, 31);
	assert_date_equal(n.last_day, "2025-03-31");
	assert_int_equal(journey_notice(&p, D("2024-01-10"), D("2025-03-01"),
					&n, &e), 0);
	assert_int_equal(n.days, 60);
	assert_date_equal(n.last_day, "2025-04-30");
	assert_date_equal(n.next_start, "2025-05-01");

	/* D-3: the minutes in force on each week's Monday.  Start Monday
	 * 2025-02-03, through 2025-02: Mondays 3, 10, 17, 24 → 4 weeks, 2
	 * comply → 500 ‰. */
	journey_compliance(&p, D("2025-02-03"), D("2025-12-31"), M("2025-02"),
			   weeks, 4, &c);
	assert_int_equal(c.expected, 4);
	assert_int_equal(c.reported, 4);
	assert_int_equal(c.compliant, 2);
	assert_int_equal(c.permille, 500);

	/* P-8: 15 000 kr suffices in February 2025, not from March. */
	assert_true(journey_self_supporting(&p, M("2025-02"), 1500000));
	assert_false(journey_self_supporting(&p, M("2025-03"), 1500000));
	assert_false(journey_self_supporting(&p, M("2025-03"), 1599999));
	assert_true(journey_self_supporting(&p, M("2025-03"), 1600000));
}

/* ---------------------------------------------------------------- */
/* track by unemployment duration                               */

static void test_a1_track_boundaries(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* since 2025-01-10: +6 months = 2025-07-10, +12 = 2026-01-10,
	 * +18 = 2026-07-10. */
	assert_int_equal(track_on(&p, "2025-01-10", "2025-01-10"), 1); /* day 0 */
	assert_int_equal(track_on(&p, "2025-01-10", "2025-07-09"), 1); /* under 6 */
	assert_int_equal(track_on(&p, "2025-01-10", "2025-07-10"), 2); /* from 6 */
	assert_int_equal(track_on(&p, "2025-01-10", "2026-01-10"), 2); /* 12, not over */
	assert_int_equal(track_on(&p, "2025-01-10", "2026-01-11"), 3); /* over 12 */
	assert_int_equal(track_on(&p, "2025-01-10", "2026-07-10"), 3); /* 18, not over */
	assert_int_equal(track_on(&p, "2025-01-10", "2026-07-11"), 4); /* over 18 */
	assert_int_equal(track_on(&p, "2025-01-10", "2030-01-01"), 4);
	/* since 2025-01-31: +6 months = 2025-07-31 (July has 31). */
	assert_int_equal(track_on(&p, "2025-01-31", "2025-07-30"), 1);
	assert_int_equal(track_on(&p, "2025-01-31", "2025-07-31"), 2);
}

static void test_a1_track_month_end_clamp(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* since 2024-08-31: +6 months clamps to 2025-02-28 (Feb 2025 has 28);
	 * +12 = 2025-08-31; +18 clamps to 2026-02-28. */
	assert_int_equal(track_on(&p, "2024-08-31", "2025-02-27"), 1);
	assert_int_equal(track_on(&p, "2024-08-31", "2025-02-28"), 2);
	assert_int_equal(track_on(&p, "2024-08-31", "2025-08-31"), 2);
	assert_int_equal(track_on(&p, "2024-08-31", "2025-09-01"), 3);
	assert_int_equal(track_on(&p, "2024-08-31", "2026-02-28"), 3);
	assert_int_equal(track_on(&p, "2024-08-31", "2026-03-01"), 4);
}

static void test_a1_track_leap_day(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* since 2024-02-29: +6 months = 2024-08-29; +12 clamps to 2025-02-28
	 * (2025 is not a leap year); +18 = 2025-08-29. */
	assert_int_equal(track_on(&p, "2024-02-29", "2024-08-28"), 1);
	assert_int_equal(track_on(&p, "2024-02-29", "2024-08-29"), 2);
	assert_int_equal(track_on(&p, "2024-02-29", "2025-02-28"), 2);
	assert_int_equal(track_on(&p, "2024-02-29", "2025-03-01"), 3);
	assert_int_equal(track_on(&p, "2024-02-29", "2025-08-29"), 3);
	assert_int_equal(track_on(&p, "2024-02-29", "2025-08-30"), 4);
	/* since 2023-08-31: +6 months clamps to 2024-02-29 (leap February). */
	assert_int_equal(track_on(&p, "2023-08-31", "2024-02-28"), 1);
	assert_int_equal(track_on(&p, "2023-08-31", "2024-02-29"), 2);
}

static void test_a1_track_on_before_since_refused(void **state)
{
	struct journey_params p;
	struct kverr e;
	int track = -7;

	(void)state;
	default_params(&p);
	kverr_clear(&e);
	assert_int_equal(journey_track_by_duration(&p, D("2025-03-01"),
						   D("2025-02-28"), &track, &e),
			 -1);
	assert_int_equal(e.cls, KVERR_INVALID);
	assert_string_equal(e.code, "before_unemployment");
	assert_string_equal(e.field, "assessed_on");
	assert_true(e.message[0] != '\0');
}

/* ---------------------------------------------------------------- */
/* C-1, C-4, U-4: day offsets                                        */

static void test_c1_earliest_start(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* 7 days after the choice. */
	assert_date_equal(journey_earliest_start(&p, D("2025-03-10")), "2025-03-17");
	/* 2024-02-25 + 7: Feb 2024 has 29 → 25 + 7 = 32 − 29 = March 3. */
	assert_date_equal(journey_earliest_start(&p, D("2024-02-25")), "2024-03-03");
	/* 2025-12-28 + 7 crosses the year: 28 + 7 = 35 − 31 = 2026-01-04. */
	assert_date_equal(journey_earliest_start(&p, D("2025-12-28")), "2026-01-04");
}

static void test_c4_choice_due(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* 14 days: 2025-02-20 + 14 = 34 − 28 = 2025-03-06. */
	assert_date_equal(journey_choice_due(&p, D("2025-02-20")), "2025-03-06");
	/* leap year: 2024-02-20 + 14 = 34 − 29 = 2024-03-05. */
	assert_date_equal(journey_choice_due(&p, D("2024-02-20")), "2024-03-05");
	/* within a month: 2025-05-01 + 14 = 2025-05-15. */
	assert_date_equal(journey_choice_due(&p, D("2025-05-01")), "2025-05-15");
}

static void test_u4_planning_due(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* 14 days after the start: 2024-02-20 + 14 = 34 − 29 = 2024-03-05. */
	assert_date_equal(journey_planning_due(&p, D("2024-02-20")), "2024-03-05");
	/* 2025-12-25 + 14 = 39 − 31 = 2026-01-08. */
	assert_date_equal(journey_planning_due(&p, D("2025-12-25")), "2026-01-08");
	/* 2025-06-01 + 14 = 2025-06-15. */
	assert_date_equal(journey_planning_due(&p, D("2025-06-01")), "2025-06-15");
}

/* ---------------------------------------------------------------- */
/* C-2: notice                                                       */

static void notice(const struct journey_params *p, const char *start,
		   const char *given, struct journey_notice *n)
{
	struct kverr e;

	kverr_clear(&e);
	memset(n, 0x55, sizeof(*n));
	if (journey_notice(p, D(start), D(given), n, &e))
		fail_msg("notice start %s given %s refused: %s", start, given,
			 e.message);
}

static void test_c2_notice_half_year_boundary(void **state)
{
	struct journey_params p;
	struct journey_notice n;

	(void)state;
	default_params(&p);
	/* start 2025-01-10: the half-year ends before 2025-07-10. */
	notice(&p, "2025-01-10", "2025-01-10", &n);   /* on the start day */
	assert_true(n.first_half_year);
	assert_int_equal(n.days, 14);
	assert_date_equal(n.last_day, "2025-01-24");  /* 10 + 14 */
	assert_date_equal(n.next_start, "2025-01-25");

	notice(&p, "2025-01-10", "2025-07-09", &n);   /* last day of the half-year */
	assert_true(n.first_half_year);
	assert_int_equal(n.days, 14);
	assert_date_equal(n.last_day, "2025-07-23");  /* 9 + 14 */
	assert_date_equal(n.next_start, "2025-07-24");

	notice(&p, "2025-01-10", "2025-07-10", &n);   /* six months: after */
	assert_false(n.first_half_year);
	assert_int_equal(n.days, 31);
	assert_date_equal(n.last_day, "2025-08-10");  /* 10 + 31 = 41 − 31 (July) */
	assert_date_equal(n.next_start, "2025-08-11");
}

static void test_c2_notice_month_end_start(void **state)
{
	struct journey_params p;
	struct journey_notice n;

	(void)state;
	default_params(&p);
	/* start 2024-08-31: +6 months clamps to 2025-02-28. */
	notice(&p, "2024-08-31", "2025-02-27", &n);
	assert_true(n.first_half_year);
	assert_int_equal(n.days, 14);
	assert_date_equal(n.last_day, "2025-03-13");  /* 27 + 14 = 41 − 28 */
	assert_date_equal(n.next_start, "2025-03-14");

	notice(&p, "2024-08-31", "2025-02-28", &n);
	assert_false(n.first_half_year);
	assert_int_equal(n.days, 31);
	assert_date_equal(n.last_day, "2025-03-31");  /* 28 + 31 = 59 − 28 */
	assert_date_equal(n.next_start, "2025-04-01");
}

static void test_c2_notice_leap_february(void **state)
{
	struct journey_params p;
	struct journey_notice n;

	(void)state;
	default_params(&p);
	/* start 2023-08-29: +6 months = 2024-02-29 (leap day exists). */
	notice(&p, "2023-08-29", "2024-02-28", &n);
	assert_true(n.first_half_year);
	assert_int_equal(n.days, 14);
	assert_date_equal(n.last_day, "2024-03-13");  /* 28 + 14 = 42 − 29 */
	assert_date_equal(n.next_start, "2024-03-14");

	notice(&p, "2023-08-29", "2024-02-29", &n);
	assert_false(n.first_half_year);
	assert_int_equal(n.days, 31);
	assert_date_equal(n.last_day, "2024-03-31");  /* 29 + 31 = 60 − 29 */
	assert_date_equal(n.next_start, "2024-04-01");

	/* start on the leap day 2024-02-29: +6 months = 2024-08-29. */
	notice(&p, "2024-02-29", "2024-08-28", &n);
	assert_true(n.first_half_year);
	assert_date_equal(n.last_day, "2024-09-11");  /* 28 + 14 = 42 − 31 */
	notice(&p, "2024-02-29", "2024-08-29", &n);
	assert_false(n.first_half_year);
	assert_int_equal(n.days, 31);
	assert_date_equal(n.last_day, "2024-09-29");  /* 29 + 31 = 60 − 31 */
	assert_date_equal(n.next_start, "2024-09-30");
}

static void test_c2_notice_before_start_refused(void **state)
{
	struct journey_params p;
	struct journey_notice n;
	struct kverr e;

	(void)state;
	default_params(&p);
	kverr_clear(&e);
	assert_int_equal(journey_notice(&p, D("2025-03-10"), D("2025-03-09"),
					&n, &e), -1);
	assert_int_equal(e.cls, KVERR_INVALID);
	assert_string_equal(e.code, "before_start");
	assert_string_equal(e.field, "given_on");
}

/* ---------------------------------------------------------------- */
/* D-8, C-3: 104 weeks and reassessment                              */

static void test_d8_max_end(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* 104 × 7 − 1 = 727 days.  Monday 2024-01-01 + 366 (2024 is leap)
	 * = 2025-01-01, + 365 = 2026-01-01 (731 days); 731 − 4 → Sunday
	 * 2025-12-28, the day before Monday 2025-12-29 = start + 104 weeks. */
	assert_date_equal(journey_max_end(&p, D("2024-01-01")), "2025-12-28");
	/* 2023-03-01 + 366 (crosses 2024-02-29) = 2024-03-01, + 365 =
	 * 2025-03-01 (731); − 4 → 2025-02-25. */
	assert_date_equal(journey_max_end(&p, D("2023-03-01")), "2025-02-25");
	/* No leap day: 2025-03-03 + 365 + 365 = 2027-03-03 (730); − 3 →
	 * 2027-02-28. */
	assert_date_equal(journey_max_end(&p, D("2025-03-03")), "2027-02-28");
}

static void expect_due(const struct journey_params *p, const char *start,
		       const char *end, bool full, date_t assessed,
		       const char *today, bool want, const char *want_due)
{
	date_t due = -123456;
	bool got = journey_reassessment_due(p, D(start), D(end), full, assessed,
					    D(today), &due);

	if (got != want)
		fail_msg("start %s end %s full %d today %s: due %d, want %d",
			 start, end, (int)full, today, (int)got, (int)want);
	if (want_due)
		assert_date_equal(due, want_due);
}

static void test_d8_reassessment_yearly(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* start 2024-01-15, end 2026-12-31 (extended): due 2025-01-15 (12
	 * months) and 2026-01-15 (24 months). */
	expect_due(&p, "2024-01-15", "2026-12-31", false, JOURNEY_NEVER,
		   "2025-01-14", false, NULL);              /* year not yet full */
	expect_due(&p, "2024-01-15", "2026-12-31", false, JOURNEY_NEVER,
		   "2025-01-15", true, "2025-01-15");       /* never assessed */
	expect_due(&p, "2024-01-15", "2026-12-31", false, D("2025-01-14"),
		   "2025-06-01", true, "2025-01-15");       /* assessed the day before */
	expect_due(&p, "2024-01-15", "2026-12-31", false, D("2025-01-15"),
		   "2025-06-01", false, "2025-01-15");      /* assessed on the day */
	expect_due(&p, "2024-01-15", "2026-12-31", false, D("2025-02-01"),
		   "2025-06-01", false, "2025-01-15");      /* assessed after it */
	expect_due(&p, "2024-01-15", "2026-12-31", false, D("2025-02-01"),
		   "2026-01-14", false, "2025-01-15");      /* second year not full */
	expect_due(&p, "2024-01-15", "2026-12-31", false, D("2025-02-01"),
		   "2026-01-15", true, "2026-01-15");       /* 24 months */
	expect_due(&p, "2024-01-15", "2026-12-31", false, D("2026-01-20"),
		   "2026-03-01", false, "2026-01-15");
	/* Ended before a full year: nothing falls due, even much later. */
	expect_due(&p, "2024-01-15", "2024-12-31", false, JOURNEY_NEVER,
		   "2025-06-01", false, NULL);
	/* Leap start 2024-02-29: +12 months clamps to 2025-02-28. */
	expect_due(&p, "2024-02-29", "2026-12-31", false, JOURNEY_NEVER,
		   "2025-02-27", false, NULL);
	expect_due(&p, "2024-02-29", "2026-12-31", false, JOURNEY_NEVER,
		   "2025-02-28", true, "2025-02-28");
}

static void test_d8_reassessment_after_full_term(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* start 2024-01-01, full term ends 2025-12-28 (see test_d8_max_end);
	 * the yearly due day is 2025-01-01, the 24-month day 2026-01-01 lies
	 * after the end. */
	expect_due(&p, "2024-01-01", "2025-12-28", true, D("2025-01-10"),
		   "2025-12-28", false, "2025-01-01");      /* last day: yearly only */
	expect_due(&p, "2024-01-01", "2025-12-28", true, D("2025-01-10"),
		   "2025-12-29", true, "2025-12-29");       /* day after the end */
	expect_due(&p, "2024-01-01", "2025-12-28", true, D("2025-12-29"),
		   "2026-02-01", false, "2025-12-29");      /* new assessment made */
	expect_due(&p, "2024-01-01", "2025-12-28", true, JOURNEY_NEVER,
		   "2026-02-01", true, "2025-12-29");
	/* Ended on the same day without running the full term: only the
	 * yearly day inside the participation. */
	expect_due(&p, "2024-01-01", "2025-12-28", false, D("2025-01-10"),
		   "2026-02-01", false, "2025-01-01");
	expect_due(&p, "2024-01-01", "2025-12-28", false, JOURNEY_NEVER,
		   "2026-02-01", true, "2025-01-01");
}

/* ---------------------------------------------------------------- */
/* D-3: meeting compliance                                           */

static void test_d3_compliance_counts(void **state)
{
	struct journey_params p;
	struct journey_compliance c;
	const struct journey_week weeks[] = {
		{ D("2025-02-24"), 0 },  /* reported, not compliant */
		{ D("2025-01-20"), 60 }, /* exactly 60: complies */
		{ D("2025-01-27"), 59 }, /* one short */
		{ D("2025-03-03"), 60 }, /* March has not ended by 2025-02 */
		{ D("2025-02-03"), 90 }, /* complies */
		{ D("2025-01-13"), 60 }, /* Monday before the start */
		{ D("2025-02-17"), 60 }, /* complies */
		/* 2025-02-10 not reported */
	};

	(void)state;
	default_params(&p);
	/* start Wed 2025-01-15 → first Monday 01-20; through 2025-02:
	 * Mondays 01-20, 01-27, 02-03, 02-10, 02-17, 02-24 = 6 weeks;
	 * reported 5, compliant 3 → 3000 / 6 = 500 ‰. */
	journey_compliance(&p, D("2025-01-15"), D("2025-12-31"), M("2025-02"),
			   weeks, 7, &c);
	assert_int_equal(c.expected, 6);
	assert_int_equal(c.reported, 5);
	assert_int_equal(c.compliant, 3);
	assert_int_equal(c.permille, 500);

	/* through 2025-01: 01-20, 01-27 → 2 weeks, 1 compliant → 500 ‰. */
	journey_compliance(&p, D("2025-01-15"), D("2025-12-31"), M("2025-01"),
			   weeks, 7, &c);
	assert_int_equal(c.expected, 2);
	assert_int_equal(c.reported, 2);
	assert_int_equal(c.compliant, 1);
	assert_int_equal(c.permille, 500);

	/* end Wed 2025-02-12 cuts at Monday 02-10 (unreported): 4 weeks
	 * 01-20, 01-27, 02-03, 02-10; compliant 01-20, 02-03 → 500 ‰. */
	journey_compliance(&p, D("2025-01-15"), D("2025-02-12"), M("2025-03"),
			   weeks, 7, &c);
	assert_int_equal(c.expected, 4);
	assert_int_equal(c.reported, 3);
	assert_int_equal(c.compliant, 2);
	assert_int_equal(c.permille, 500);

	/* Nothing reported: every week counts against. */
	journey_compliance(&p, D("2025-01-15"), D("2025-12-31"), M("2025-02"),
			   NULL, 0, &c);
	assert_int_equal(c.expected, 6);
	assert_int_equal(c.reported, 0);
	assert_int_equal(c.compliant, 0);
	assert_int_equal(c.permille, 0);
}

static void test_d3_compliance_start_weekday(void **state)
{
	struct journey_params p;
	struct journey_compliance c;
	const struct journey_week weeks[] = {
		{ D("2025-01-06"), 60 },
	};

	(void)state;
	default_params(&p);
	/* Starting on Monday 2025-01-06: that week counts.  January 2025
	 * Mondays 6, 13, 20, 27 → 4 weeks, 1 compliant → 250 ‰. */
	journey_compliance(&p, D("2025-01-06"), D("2025-12-31"), M("2025-01"),
			   weeks, 1, &c);
	assert_int_equal(c.expected, 4);
	assert_int_equal(c.compliant, 1);
	assert_int_equal(c.permille, 250);
	/* Starting on Sunday 2025-01-05: first Monday is 01-06, same 4. */
	journey_compliance(&p, D("2025-01-05"), D("2025-12-31"), M("2025-01"),
			   weeks, 1, &c);
	assert_int_equal(c.expected, 4);
	assert_int_equal(c.compliant, 1);
	/* Starting on Tuesday 2025-01-07: Monday 01-06 is before it → 3
	 * weeks (13, 20, 27); the report for 01-06 does not count. */
	journey_compliance(&p, D("2025-01-07"), D("2025-12-31"), M("2025-01"),
			   weeks, 1, &c);
	assert_int_equal(c.expected, 3);
	assert_int_equal(c.reported, 0);
	assert_int_equal(c.compliant, 0);
	assert_int_equal(c.permille, 0);
}

static void test_d3_compliance_rounding(void **state)
{
	struct journey_params p;
	struct journey_compliance c;
	const struct journey_week weeks[] = {
		{ D("2025-01-06"), 60 },
		{ D("2025-01-13"), 120 },
	};

	(void)state;
	default_params(&p);
	/* Mondays 2025-01-06, 13, 20 (end 01-20): 2 of 3 → 666.67 → 667. */
	journey_compliance(&p, D("2025-01-06"), D("2025-01-20"), M("2025-01"),
			   weeks, 2, &c);
	assert_int_equal(c.expected, 3);
	assert_int_equal(c.compliant, 2);
	assert_int_equal(c.permille, 667);
	/* 1 of 3 → 333.33 → 333. */
	journey_compliance(&p, D("2025-01-06"), D("2025-01-20"), M("2025-01"),
			   weeks, 1, &c);
	assert_int_equal(c.permille, 333);
	/* Mondays 2025-01-06 … 2025-04-21: Jan 4 + Feb 4 + Mar 5 + Apr 3
	 * (7, 14, 21) = 16 weeks; 1 of 16 = 62.5 → 63 (half rounds up). */
	journey_compliance(&p, D("2025-01-06"), D("2025-04-21"), M("2025-04"),
			   weeks, 1, &c);
	assert_int_equal(c.expected, 16);
	assert_int_equal(c.compliant, 1);
	assert_int_equal(c.permille, 63);
	/* 2 of 16 = 125 exactly. */
	journey_compliance(&p, D("2025-01-06"), D("2025-04-21"), M("2025-04"),
			   weeks, 2, &c);
	assert_int_equal(c.permille, 125);
}

static void test_d3_compliance_none_expected(void **state)
{
	struct journey_params p;
	struct journey_compliance c;

	(void)state;
	default_params(&p);
	/* through 2025-02, start 2025-03-12: no month has ended → 1000. */
	journey_compliance(&p, D("2025-03-12"), D("2025-12-31"), M("2025-02"),
			   NULL, 0, &c);
	assert_int_equal(c.expected, 0);
	assert_int_equal(c.reported, 0);
	assert_int_equal(c.compliant, 0);
	assert_int_equal(c.permille, 1000);
	/* Tue 2025-03-11 … Sun 2025-03-16 holds no Monday → 1000. */
	journey_compliance(&p, D("2025-03-11"), D("2025-03-16"), M("2025-03"),
			   NULL, 0, &c);
	assert_int_equal(c.expected, 0);
	assert_int_equal(c.permille, 1000);
}

static void test_d3_month_mondays(void **state)
{
	date_t m[5];

	(void)state;
	/* March 2025 has 5 Mondays: 3, 10, 17, 24, 31. */
	assert_int_equal(journey_month_mondays(D("2025-01-01"), D("2025-12-31"),
					       M("2025-03"), m), 5);
	assert_date_equal(m[0], "2025-03-03");
	assert_date_equal(m[1], "2025-03-10");
	assert_date_equal(m[2], "2025-03-17");
	assert_date_equal(m[3], "2025-03-24");
	assert_date_equal(m[4], "2025-03-31");
	/* Start mid-month, Wed 2025-03-12: 17, 24, 31. */
	assert_int_equal(journey_month_mondays(D("2025-03-12"), D("2025-12-31"),
					       M("2025-03"), m), 3);
	assert_date_equal(m[0], "2025-03-17");
	assert_date_equal(m[1], "2025-03-24");
	assert_date_equal(m[2], "2025-03-31");
	/* Start on Monday 2025-03-10: it counts → 10, 17, 24, 31. */
	assert_int_equal(journey_month_mondays(D("2025-03-10"), D("2025-12-31"),
					       M("2025-03"), m), 4);
	assert_date_equal(m[0], "2025-03-10");
	/* End on Monday 2025-03-24: 17, 24. */
	assert_int_equal(journey_month_mondays(D("2025-03-12"), D("2025-03-24"),
					       M("2025-03"), m), 2);
	assert_date_equal(m[0], "2025-03-17");
	assert_date_equal(m[1], "2025-03-24");
	/* September 2025 begins on a Monday: 1, 8, 15, 22, 29. */
	assert_int_equal(journey_month_mondays(D("2025-01-01"), D("2025-12-31"),
					       M("2025-09"), m), 5);
	assert_date_equal(m[0], "2025-09-01");
	assert_date_equal(m[4], "2025-09-29");
	/* February 2025: 3, 10, 17, 24. */
	assert_int_equal(journey_month_mondays(D("2025-01-01"), D("2025-12-31"),
					       M("2025-02"), m), 4);
	assert_date_equal(m[0], "2025-02-03");
	assert_date_equal(m[3], "2025-02-24");
	/* Leap February 2016 begins and ends on a Monday: 1 … 29. */
	assert_int_equal(journey_month_mondays(D("2016-01-01"), D("2016-12-31"),
					       M("2016-02"), m), 5);
	assert_date_equal(m[0], "2016-02-01");
	assert_date_equal(m[4], "2016-02-29");
	/* A month outside the participation has none. */
	assert_int_equal(journey_month_mondays(D("2025-03-12"), D("2025-12-31"),
					       M("2025-02"), m), 0);
	assert_int_equal(journey_month_mondays(D("2025-03-12"), D("2025-04-30"),
					       M("2025-05"), m), 0);
}

/* ---------------------------------------------------------------- */
/* P-8: self-support                                                 */

static void test_p8_self_supporting_threshold(void **state)
{
	struct journey_params p;

	(void)state;
	default_params(&p);
	/* threshold 1 500 000 öre = 15 000 kr */
	assert_false(journey_self_supporting(&p, M("2025-05"), 1499999));
	assert_true(journey_self_supporting(&p, M("2025-05"), 1500000));
	assert_true(journey_self_supporting(&p, M("2025-05"), 1500001));
	assert_false(journey_self_supporting(&p, M("2025-05"), 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_j_params_parse_shipped_values),
		cmocka_unit_test(test_j_rules_file_matches_embedded_copy),
		cmocka_unit_test(test_j_params_missing_each_refused),
		cmocka_unit_test(test_j_params_out_of_range_refused),
		cmocka_unit_test(test_j_params_malformed),
		cmocka_unit_test(test_j_params_effective_dated_change),
		cmocka_unit_test(test_a1_track_boundaries),
		cmocka_unit_test(test_a1_track_month_end_clamp),
		cmocka_unit_test(test_a1_track_leap_day),
		cmocka_unit_test(test_a1_track_on_before_since_refused),
		cmocka_unit_test(test_c1_earliest_start),
		cmocka_unit_test(test_c4_choice_due),
		cmocka_unit_test(test_u4_planning_due),
		cmocka_unit_test(test_c2_notice_half_year_boundary),
		cmocka_unit_test(test_c2_notice_month_end_start),
		cmocka_unit_test(test_c2_notice_leap_february),
		cmocka_unit_test(test_c2_notice_before_start_refused),
		cmocka_unit_test(test_d8_max_end),
		cmocka_unit_test(test_d8_reassessment_yearly),
		cmocka_unit_test(test_d8_reassessment_after_full_term),
		cmocka_unit_test(test_d3_compliance_counts),
		cmocka_unit_test(test_d3_compliance_start_weekday),
		cmocka_unit_test(test_d3_compliance_rounding),
		cmocka_unit_test(test_d3_compliance_none_expected),
		cmocka_unit_test(test_d3_month_mondays),
		cmocka_unit_test(test_p8_self_supporting_threshold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
