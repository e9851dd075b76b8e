/*
 * test_quality.c — the quality follow-up's pure rules (core/quality.c,
 * core/staffing.c): the parameters of rules/quality.json, D-1 qualified
 * supervisors, D-2 staffing per 50 participants day by day, D-4 the
 * accessibility threshold, D-9 the review schedule, D-10 and F-6 the
 * bounds of warnings, order stops and penalties, U-1 and U-2 the
 * follow-up counts.  Every expectation is computed by hand in its
 * comment.
 */
#include "testutil.h"

#include "app/files.h"
#include "core/quality.h"
#include "core/staffing.h"

static struct quality_params P;

/* The shipped parameters, loaded as the application loads them (run from
 * the repository root). */
static int load(void **state)
{
	struct kverr e = { 0 };
	json_t *root = files_load_json("rules/quality.json", &e);

	(void)state;
	if (!root || quality_params_parse(root, "rules/quality.json", &P, &e)) {
		json_decref(root);
		fprintf(stderr, "rules/quality.json: %s\n", e.message);
		return -1;
	}
	json_decref(root);
	return 0;
}

/* ------------------------------------------------------------ parameters */

static void test_params_shipped_values(void **state)
{
	date_t on = D("2025-01-01");

	(void)state;
	assert_int_equal(quality_param(&P.qualified_min_credits, on), 120);
	assert_int_equal(quality_param(&P.qualified_work_months_with_credits, on), 24);
	assert_int_equal(quality_param(&P.qualified_work_months_with_diploma, on), 60);
	assert_int_equal(quality_param(&P.participants_per_qualified_fte, on), 50);
	assert_int_equal(quality_param(&P.good_accessibility_min_percent, on), 60);
	assert_int_equal(quality_param(&P.review_first_after_months, on), 6);
	assert_int_equal(quality_param(&P.review_min_participants, on), 25);
	assert_int_equal(quality_param(&P.review_interval_months, on), 24);
}

static void test_params_missing_and_unknown_keys(void **state)
{
	struct quality_params p;
	struct kverr e = { 0 };
	json_t *root = testutil_load_json("{\"id\": \"quality\", \"parameters\":"
					  " {\"qualified_min_credits\": {\"2019-08-21\":"
					  " 120}}}");

	(void)state;
	assert_int_equal(quality_params_parse(root, "q.json", &p, &e), -1);
	assert_string_equal(e.code, "missing_key");
	json_decref(root);
	root = testutil_load_json("{\"id\": \"quality\", \"parameters\": {"
				  "\"participants_per_qualified_fte\": {\"2019-08-21\": 0}}}");
	assert_int_equal(quality_params_parse(root, "q.json", &p, &e), -1);
	json_decref(root);
}

/* -------------------------------------------------------------- D-1 */

static void test_d1_qualified_supervisor(void **state)
{
	static const struct { int64_t credits; bool diploma; int64_t months;
			      bool qualified; } t[] = {
		{ 120, false, 24, true },   /* exactly the first route */
		{ 119, true, 59, false },   /* one credit and one month short */
		{ 120, false, 23, false },  /* one month short */
		{ 300, false, 0, false },   /* credits without work */
		{ 0, true, 60, true },      /* exactly the second route */
		{ 0, true, 59, false },
		{ 0, false, 120, false },   /* work without the diploma */
		{ 90, true, 60, true },     /* short of credits, the diploma carries */
	};
	struct staffing_verdict v;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct staffing_person s = { t[i].credits, t[i].diploma, t[i].months };

		staffing_qualified(&P, D("2025-01-01"), &s, &v);
		if (v.qualified != t[i].qualified)
			fail_msg("case %zu: %s", i, v.reason);
	}
}

/* -------------------------------------------------------------- D-2 */

static void test_d2_required_fte_is_proportional(void **state)
{
	date_t on = D("2025-01-01");

	(void)state;
	/* n participants need n × 100 / 50 percent, rounded up. */
	assert_int_equal(staffing_required_percent(&P, on, 0), 0);
	assert_int_equal(staffing_required_percent(&P, on, 1), 2);
	assert_int_equal(staffing_required_percent(&P, on, 50), 100);
	assert_int_equal(staffing_required_percent(&P, on, 51), 102);
	assert_int_equal(staffing_required_percent(&P, on, 60), 120);
}

/* n spans all running the whole of April 2025. */
static void april(struct quality_span *s, int n)
{
	for (int i = 0; i < n; i++)
		s[i] = (struct quality_span){ D("2025-03-01"), D("2025-06-30") };
}

static void test_d2_part_timers_add_up(void **state)
{
	struct quality_span s[60];
	struct staffing_post two[2] = {
		{ D("2025-01-01"), D("2025-12-31"), 60 },
		{ D("2025-01-01"), D("2025-12-31"), 60 },
	};
	struct staffing_month m;

	(void)state;
	april(s, 60);
	/* 60 participants need 120 %; two at 60 % give exactly that. */
	staffing_check(&P, D("2025-04-01"), D("2025-04-30"), s, 60, two, 2, &m);
	assert_true(m.ok);
	assert_int_equal(m.days_checked, 30);
	assert_int_equal(m.peak_participants, 60);
	/* One at 60 % alone: 60 × 100 − 60 × 50 = 3000 short, every day. */
	staffing_check(&P, D("2025-04-01"), D("2025-04-30"), s, 60, two, 1, &m);
	assert_false(m.ok);
	assert_int_equal(m.breach_days, 30);
	assert_int_equal(m.required_percent, 120);
	assert_int_equal(m.fte_percent, 60);
	assert_int_equal(m.worst_day, D("2025-04-01"));
}

static void test_d2_breach_from_the_day_a_supervisor_leaves(void **state)
{
	struct quality_span s[50];
	struct staffing_post posts[2] = {
		{ D("2025-01-01"), D("2025-04-20"), 100 },  /* leaves after the 20th */
		{ D("2025-04-26"), D("2025-12-31"), 100 },  /* the new one from the 26th */
	};
	struct staffing_month m;

	(void)state;
	april(s, 50);
	/* 50 participants need 100 %: none from the 21st to the 25th, 5 days;
	 * the worst day is the first of them. */
	staffing_check(&P, D("2025-04-01"), D("2025-04-30"), s, 50, posts, 2, &m);
	assert_false(m.ok);
	assert_int_equal(m.breach_days, 5);
	assert_int_equal(m.worst_day, D("2025-04-21"));
	assert_int_equal(m.participants, 50);
	assert_int_equal(m.fte_percent, 0);
	assert_int_equal(m.required_percent, 100);
}

/* -------------------------------------------------------------- D-4 */

static void test_d4_accessibility_threshold(void **state)
{
	struct quality_accessibility a;
	date_t on = D("2025-01-01");

	(void)state;
	/* 149 of 250 is 59.6 %: shown as 60 %, but under 60 % all the same. */
	quality_accessibility(&P, on, 250, 149, &a);
	assert_int_equal(a.percent, 60);
	assert_true(a.below);
	/* 150 of 250 is exactly 60 %: not under. */
	quality_accessibility(&P, on, 250, 150, &a);
	assert_false(a.below);
	/* Nine answers, none good: too few to flag. */
	quality_accessibility(&P, on, 9, 0, &a);
	assert_false(a.enough);
	assert_false(a.below);
	quality_accessibility(&P, on, 10, 5, &a);
	assert_true(a.enough && a.below);
	quality_accessibility(&P, on, 0, 0, &a);
	assert_int_equal(a.percent, -1);
}

static void test_r2_means_and_percent_round_half_up(void **state)
{
	(void)state;
	/* 33 over 8 is 4.125 → 413 hundredths; 40 / 10 → 400; 7 / 3 = 2.333 → 233. */
	assert_int_equal(quality_mean_centi(33, 8), 413);
	assert_int_equal(quality_mean_centi(40, 10), 400);
	assert_int_equal(quality_mean_centi(7, 3), 233);
	assert_int_equal(quality_mean_centi(0, 0), -1);
	/* 1 of 3 = 33.3 % → 33; 1 of 2 = 50; 1 of 8 = 12.5 → 13. */
	assert_int_equal(quality_percent(1, 3), 33);
	assert_int_equal(quality_percent(1, 2), 50);
	assert_int_equal(quality_percent(1, 8), 13);
}

/* -------------------------------------------------------------- D-9 */

static void test_d9_first_review_needs_time_and_volume(void **state)
{
	struct quality_span s[30];
	struct quality_review_due d;

	(void)state;
	/* Admitted 2025-01-07: eligible 2025-07-07.  24 participants from
	 * March, the 25th from 2025-09-15: due that day. */
	for (int i = 0; i < 24; i++)
		s[i] = (struct quality_span){ D("2025-03-01"), D("2026-12-31") };
	s[24] = (struct quality_span){ D("2025-09-15"), D("2026-12-31") };
	assert_int_equal(quality_review_schedule(&P, D("2025-01-07"), s, 24,
						 D("2025-12-01"), 0, &d), 1);
	assert_int_equal(d.eligible_from, D("2025-07-07"));
	assert_int_equal(quality_review_schedule(&P, D("2025-01-07"), s, 25,
						 D("2025-12-01"), 0, &d), 0);
	assert_int_equal(d.volume_on, D("2025-09-15"));
	assert_int_equal(d.due, D("2025-09-15"));
	/* With 25 from the start, the six months still hold: 2025-07-07. */
	for (int i = 0; i < 25; i++)
		s[i] = (struct quality_span){ D("2025-01-10"), D("2026-12-31") };
	assert_int_equal(quality_review_schedule(&P, D("2025-01-07"), s, 25,
						 D("2025-12-01"), 0, &d), 0);
	assert_int_equal(d.due, D("2025-07-07"));
	/* Not seen by today: the volume is not reached yet. */
	assert_int_equal(quality_review_schedule(&P, D("2025-01-07"), s, 25,
						 D("2025-07-06"), 0, &d), 1);
	/* 25 at once, not 25 in all: 15 until May, 15 others from June. */
	for (int i = 0; i < 30; i++)
		s[i] = i < 15 ? (struct quality_span){ D("2025-01-10"), D("2025-05-31") }
			      : (struct quality_span){ D("2025-06-01"), D("2026-12-31") };
	assert_int_equal(quality_review_schedule(&P, D("2025-01-07"), s, 30,
						 D("2025-12-01"), 0, &d), 1);
}

static void test_d9_then_every_second_year(void **state)
{
	struct quality_review_due d;

	(void)state;
	assert_int_equal(quality_review_schedule(&P, D("2020-01-07"), NULL, 0,
						 D("2025-12-01"), D("2024-02-29"),
						 &d), 0);
	/* 24 months after a leap day: 2026-02-28 (the month's last day). */
	assert_int_equal(d.due, D("2026-02-28"));
}

/* ------------------------------------------------------ D-10 and F-6 */

static void test_d10_warning_deadline(void **state)
{
	struct kverr e = { 0 };
	date_t dl;

	(void)state;
	/* 60 days after 2025-05-12: 19 left in May, 30 in June, 11 July. */
	assert_int_equal(quality_warning_deadline(&P, D("2025-05-12"), 0, &dl, &e), 0);
	assert_int_equal(dl, D("2025-07-11"));
	assert_int_equal(quality_warning_deadline(&P, D("2025-05-12"),
						  D("2025-05-13"), &dl, &e), 0);
	assert_int_equal(quality_warning_deadline(&P, D("2025-05-12"),
						  D("2025-05-12"), &dl, &e), -1);
	assert_string_equal(e.field, "deadline");
}

static void test_f6_order_stop_and_penalty_bounds(void **state)
{
	struct kverr e = { 0 };
	int64_t amount;

	(void)state;
	/* 180 days inclusive: 2025-01-01 … 2025-06-29. */
	assert_int_equal(quality_order_stop_check(&P, D("2025-01-01"),
						  D("2025-06-29"), &e), 0);
	assert_int_equal(quality_order_stop_check(&P, D("2025-01-01"),
						  D("2025-06-30"), &e), -1);
	assert_string_equal(e.code, "too_long");
	assert_int_equal(quality_order_stop_check(&P, D("2025-01-02"),
						  D("2025-01-01"), &e), -1);
	assert_int_equal(quality_order_stop_check(&P, D("2025-01-01"),
						  D("2025-01-01"), &e), 0);
	assert_int_equal(quality_penalty_amount(&P, D("2025-01-01"), -1, &amount,
						&e), 0);
	assert_int_equal(amount, 500000);
	assert_int_equal(quality_penalty_amount(&P, D("2025-01-01"), 50000000,
						&amount, &e), 0);
	assert_int_equal(quality_penalty_amount(&P, D("2025-01-01"), 50000001,
						&amount, &e), -1);
	assert_int_equal(quality_penalty_amount(&P, D("2025-01-01"), 0, &amount,
						&e), -1);
}

/* -------------------------------------------------------- U-1, U-2 */

static void test_u1_terms_count_only_who_was_followed(void **state)
{
	struct quality_followup s = { 0 };
	int64_t flow, flows[4];
	date_t today = D("2025-12-31");
	const struct quality_followed f[4] = {
		/* a result after 100 days: short and long term */
		{ D("2024-06-01"), D("2026-05-30"), D("2024-09-09") },
		/* a result after 200 days: long term only */
		{ D("2024-06-01"), D("2026-05-30"), D("2024-12-18") },
		/* ended after 50 days without a result: flow 50 */
		{ D("2025-03-01"), D("2025-04-19"), 0 },
		/* started 100 days ago, running, no result: not followed yet */
		{ D("2025-09-22"), D("2027-09-19"), 0 },
	};

	(void)state;
	for (int i = 0; i < 4; i++) {
		quality_followup_add(&P, today, &f[i], &s, &flow);
		flows[i] = flow;
	}
	assert_int_equal(s.participants, 4);
	assert_int_equal(s.results, 2);
	/* Short (180 days): the first three are followed, one result. */
	assert_int_equal(s.short_followed, 3);
	assert_int_equal(s.short_results, 1);
	/* Long (365 days): the two from 2024, both results. */
	assert_int_equal(s.long_followed, 2);
	assert_int_equal(s.long_results, 2);
	assert_int_equal(flows[0], 100);
	assert_int_equal(flows[1], 200);
	assert_int_equal(flows[2], 50);
	assert_int_equal(flows[3], -1);
	assert_int_equal(s.flow_n, 3);
	assert_int_equal(s.flow_days, 350);
	/* Median of 100, 200, 50 is 100; of 50, 100 it is 75. */
	assert_int_equal(quality_median(flows, 3), 100);
	flows[0] = 50;
	flows[1] = 100;
	assert_int_equal(quality_median(flows, 2), 75);
	assert_int_equal(quality_median(flows, 0), -1);
}

static void test_u1_future_result_does_not_count(void **state)
{
	struct quality_followup s = { 0 };
	struct quality_followed f = { D("2025-01-01"), D("2026-12-31"),
				      D("2026-01-05") };
	int64_t flow;

	(void)state;
	quality_followup_add(&P, D("2025-12-31"), &f, &s, &flow);
	assert_int_equal(s.results, 0);
	assert_int_equal(flow, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params_shipped_values),
		cmocka_unit_test(test_params_missing_and_unknown_keys),
		cmocka_unit_test(test_d1_qualified_supervisor),
		cmocka_unit_test(test_d2_required_fte_is_proportional),
		cmocka_unit_test(test_d2_part_timers_add_up),
		cmocka_unit_test(test_d2_breach_from_the_day_a_supervisor_leaves),
		cmocka_unit_test(test_d4_accessibility_threshold),
		cmocka_unit_test(test_r2_means_and_percent_round_half_up),
		cmocka_unit_test(test_d9_first_review_needs_time_and_volume),
		cmocka_unit_test(test_d9_then_every_second_year),
		cmocka_unit_test(test_d10_warning_deadline),
		cmocka_unit_test(test_f6_order_stop_and_penalty_bounds),
		cmocka_unit_test(test_u1_terms_count_only_who_was_followed),
		cmocka_unit_test(test_u1_future_result_does_not_count),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
