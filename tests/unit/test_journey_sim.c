/*
 * test_journey_sim.c — 1,000 generated jobseekers driven through 24
 * simulated months of the demo market (src/sim/journey.c, every step
 * through the app/ use cases), then the journey's invariants checked on
 * what was stored:
 *
 *   - at most one participation per jobseeker on any day (C-2, D-8);
 *   - no gap and no overlap at a switch: after a notice the next
 *     participation starts the day after the notice's last day (C-2);
 *   - every non-choice assignment names its rule and why (C-4);
 *   - no provider saw another's participant: each provider's staff list
 *     holds only its own, and reading another's is "not found" (D-7's
 *     other side: providers see only whom they serve);
 *   - every participation lasts at most 104 weeks (D-8);
 *   - a notice is 14 or 31 days, 14 exactly when given in the first
 *     half-year (C-2);
 *   - the audit chain is intact after it all.
 *
 * The expectations are the rules themselves, checked on every row; the
 * counts printed are for the reader, and the test asserts that each kind
 * of event happened at least once so that no invariant holds vacuously.
 */
#include "testutil.h"

#include <unistd.h>

#include "app/journey.h"
#include "app/verify.h"
#include "core/journey.h"
#include "sim/demo.h"
#include "sim/journey.h"

#define PEOPLE 1000
#define MONTHS 24

struct world {
	char dir[256], db[300];
	struct app app;
	struct sim_journey_stats st;
};

static struct world W;

static json_t *query(const char *sql)
{
	struct kverr e = { 0 };
	struct db *db = store_acquire(W.app.store);
	json_t *rows = db_query_json(db, sql, "", &e);

	store_release(W.app.store, db);
	if (!rows)
		fail_msg("%s: %s", sql, e.message);
	return rows;
}

static int setup(void **state)
{
	struct kverr e = { 0 };
	struct sim_journey_opts o = { .seed = 424242, .people = PEOPLE,
				      .months = MONTHS, .programme = "rusta-matcha",
				      .log = NULL };
	FILE *devnull = fopen("/dev/null", "w");

	(void)state;
	testutil_tmp_template(W.dir, sizeof(W.dir), "journey");
	if (!mkdtemp(W.dir) || !devnull)
		return -1;
	snprintf(W.db, sizeof(W.db), "%s/k.db", W.dir);
	if (app_open(&W.app, W.db, 1, "rules", "data", &e))
		fail_msg("open: %s", e.message);
	/* The clock is pinned so the run is the same every day it runs. */
	W.app.fixed_now = (int64_t)D("2026-11-23") * 86400 + 12 * 3600;
	if (demo_build_market(&W.app, 7, devnull, &e) ||
	    sim_journey_run(&W.app, &o, &W.st, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	fclose(devnull);
	printf("journey: %d registered, %d exempt, %d chose, %d assigned, %d"
	       " switched, %d notices, %d jobs, %d moved, %d ordered changes,"
	       " %d reassessed, %d requests, %d plans, %d reports, %d"
	       " deviations, %d outcomes (%d approved, %d unreviewed), %d"
	       " confirmed months, %d income lines, %d months verified\n",
	       W.st.registered, W.st.exempt, W.st.chosen, W.st.assigned,
	       W.st.switched, W.st.notices, W.st.ended_job, W.st.ended_moved,
	       W.st.ordered_changes, W.st.reassessed, W.st.requests, W.st.plans,
	       W.st.reports, W.st.deviations, W.st.outcomes, W.st.approved,
	       W.st.unreviewed, W.st.months, W.st.income_lines,
	       W.st.income_verified);
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	app_close(&W.app);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", W.dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Every kind of event happened, so no invariant below holds vacuously. */
static void test_every_stage_happened(void **state)
{
	(void)state;
	assert_true(W.st.registered >= PEOPLE * 9 / 10);
	assert_true(W.st.exempt > 0);
	assert_true(W.st.chosen > 0);
	assert_true(W.st.assigned > 0);
	assert_true(W.st.switched > 0);
	assert_true(W.st.notices > 0);
	assert_true(W.st.ended_job > 0);
	assert_true(W.st.ordered_changes > 0);
	assert_true(W.st.ended_moved > 0);
	assert_true(W.st.reassessed > 0);
	assert_true(W.st.requests > 0);
	assert_true(W.st.reports > 0);
	assert_true(W.st.deviations > 0);
	assert_true(W.st.outcomes > 0);
	assert_true(W.st.months > 0);
	assert_true(W.st.income_lines > 0);
	assert_true(W.st.income_verified > 0);
}

/* C-2, D-8: sorted by start, each participation ends before the next
 * starts, and after a notice or a switch the next starts the day after. */
static void test_one_participation_a_day_no_gap_at_switch(void **state)
{
	json_t *rows = query("SELECT p.jobseeker_id, p.starts_on, p.ends_on,"
			     " p.end_reason, p.chosen_on FROM participations p"
			     " WHERE p.end_reason <> 'cancelled' ORDER BY"
			     " p.jobseeker_id, p.starts_on, p.id");
	json_t *r, *prev = NULL;
	size_t i;
	int switches = 0;

	(void)state;
	json_array_foreach(rows, i, r) {
		date_t start = row_date(r, "starts_on"), end = row_date(r, "ends_on");

		assert_true(start <= end);
		if (prev && json_integer_value(json_object_get(prev, "jobseeker_id")) ==
			    json_integer_value(json_object_get(r, "jobseeker_id"))) {
			date_t prev_end = row_date(prev, "ends_on");
			const char *why = json_string_value(json_object_get(prev,
							"end_reason"));

			/* At most one on any day. */
			assert_true(start > prev_end);
			/* A switch leaves no gap when the new one was chosen
			 * before the old one ended. */
			if (strcmp(why, "notice") == 0 &&
			    row_date(r, "chosen_on") <= prev_end) {
				assert_int_equal(start, date_add_days(prev_end, 1));
				switches++;
			}
		}
		prev = r;
	}
	assert_true(switches > 0);
	json_decref(rows);
}

/* C-4: every non-choice assignment names its rule and why. */
static void test_every_assignment_explained(void **state)
{
	json_t *rows = query("SELECT assign_rule, assign_reason FROM"
			     " participations WHERE how = 'nonchoice'");
	json_t *r;
	size_t i;

	(void)state;
	assert_true(json_array_size(rows) > 0);
	json_array_foreach(rows, i, r) {
		const char *rule = json_string_value(json_object_get(r, "assign_rule"));
		const char *why = json_string_value(json_object_get(r, "assign_reason"));

		assert_non_null(rule);
		assert_non_null(why);
		assert_string_equal(rule, "best_rated");
		assert_non_null(strstr(why, "C-4 best_rated"));
	}
	json_decref(rows);
}

/* D-8: at most 104 weeks; C-2: notice 14 days in the first half-year,
 * 31 after (the parameters of rules/journey.json). */
static void test_terms_and_notices(void **state)
{
	json_t *rows = query("SELECT p.starts_on, p.ends_on, n.given_on,"
			     " n.notice_days, n.last_day FROM participations p"
			     " LEFT JOIN notices n ON n.participation_id = p.id"
			     " WHERE p.end_reason <> 'cancelled'");
	json_t *r;
	size_t i;
	int notices = 0;

	(void)state;
	json_array_foreach(rows, i, r) {
		date_t start = row_date(r, "starts_on");

		assert_true(row_date(r, "ends_on") <= date_add_days(start, 727));
		if (json_is_null(json_object_get(r, "given_on")))
			continue;
		notices++;
		assert_int_equal(json_integer_value(json_object_get(r, "notice_days")),
				 row_date(r, "given_on") < date_add_months(start, 6) ?
				 14 : 31);
	}
	assert_true(notices > 0);
	json_decref(rows);
}

/* No provider saw another's participant: through the use cases, as each
 * provider's staff. */
static void test_no_provider_sees_another(void **state)
{
	json_t *staff = query("SELECT min(id) AS user_id, provider_id FROM users"
			      " WHERE role = 'provider_staff' GROUP BY provider_id");
	json_t *all = query("SELECT id, provider_id FROM participations");
	json_t *s;
	size_t i, j;
	int tried = 0;

	(void)state;
	json_array_foreach(staff, i, s) {
		struct actor a = { .role = ROLE_PROVIDER_STAFF };
		struct kverr e = { 0 };
		json_t *out = NULL, *row, *none = json_object();

		a.user_id = json_integer_value(json_object_get(s, "user_id"));
		a.provider_id = json_integer_value(json_object_get(s, "provider_id"));
		assert_int_equal(app_run(&W.app, &a, false, app_participations_list,
					 none, &out, &e), 0);
		json_decref(none);
		json_array_foreach(out, j, row)
			assert_int_equal(json_integer_value(json_object_get(row,
					 "provider_id")), a.provider_id);
		json_decref(out);
		/* Another provider's participation does not exist for them. */
		json_array_foreach(all, j, row) {
			json_t *in;

			if (json_integer_value(json_object_get(row, "provider_id")) ==
			    a.provider_id || j % 50 != i % 50)
				continue;
			in = json_pack("{s:I}", "participation_id", (json_int_t)
				       json_integer_value(json_object_get(row, "id")));
			out = NULL;
			assert_int_not_equal(app_run(&W.app, &a, false,
						     app_participation_get, in, &out, &e), 0);
			assert_int_equal(e.cls, KVERR_NOT_FOUND);
			json_decref(in);
			tried++;
		}
	}
	assert_true(tried > 0);
	json_decref(staff);
	json_decref(all);
}

static void test_audit_chain_intact(void **state)
{
	struct kverr e = { 0 };
	json_t *out = NULL;

	(void)state;
	assert_int_equal(app_run(&W.app, &app_system_actor, false, app_audit_check,
				 NULL, &out, &e), 0);
	assert_true(json_integer_value(json_object_get(out, "records")) >
		    W.st.registered);
	json_decref(out);
}

/* P-8: a month is verified from the employers' returns exactly when the
 * person's gross pay that month, summed over employers, reaches the
 * threshold in force and an outcome (not rejected) ran in that month. */
static void test_income_verification_matches_returns(void **state)
{
	json_t *rows = query("SELECT r.month, sum(r.gross_ore) AS total, (SELECT"
			     " count(*) FROM outcome_months om JOIN outcomes o ON"
			     " o.id = om.outcome_id JOIN participations p ON p.id ="
			     " o.participation_id WHERE p.jobseeker_id ="
			     " r.jobseeker_id AND om.month = r.month AND"
			     " om.income_verified = 1) AS verified, (SELECT count(*)"
			     " FROM outcomes o JOIN participations p ON p.id ="
			     " o.participation_id WHERE p.jobseeker_id ="
			     " r.jobseeker_id AND o.status <> 'rejected' AND"
			     " substr(o.starts_on, 1, 7) <= r.month AND (o.ends_on"
			     " IS NULL OR substr(o.ends_on, 1, 7) >= r.month)) AS"
			     " running FROM income_records r GROUP BY"
			     " r.jobseeker_id, r.month");
	json_t *r;
	size_t i;
	int above = 0, below = 0;

	(void)state;
	json_array_foreach(rows, i, r) {
		month_t m;
		bool enough;

		assert_int_equal(month_parse(json_string_value(json_object_get(r,
				 "month")), &m), 0);
		enough = journey_self_supporting(&W.app.journey, m,
			json_integer_value(json_object_get(r, "total")));
		if (enough && json_integer_value(json_object_get(r, "running")))
			assert_int_equal(json_integer_value(json_object_get(r,
					 "verified")), json_integer_value(
					 json_object_get(r, "running")));
		if (!enough)
			assert_int_equal(json_integer_value(json_object_get(r,
					 "verified")), 0);
		above += enough;
		below += !enough;
	}
	/* Both sides of the threshold were exercised. */
	assert_true(above > 0 && below > 0);
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_stage_happened),
		cmocka_unit_test(test_one_participation_a_day_no_gap_at_switch),
		cmocka_unit_test(test_every_assignment_explained),
		cmocka_unit_test(test_terms_and_notices),
		cmocka_unit_test(test_no_provider_sees_another),
		cmocka_unit_test(test_income_verification_matches_returns),
		cmocka_unit_test(test_audit_chain_intact),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
