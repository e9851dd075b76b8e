/*
 * test_dashboard.c — the dashboards' read use cases (app/dashboard.c) and
 * a run's corrections and clawbacks (app_payrun_adjustments), over a
 * small simulated market with two runs prepared and one approved:
 *
 * - participants by track and provider agree with a count made here, row
 *   by row, of the participations running on each month's last day (today
 *   in the current month), and a participation added by hand moves
 *   exactly the months it covers;
 * - each month's payments add up to what the run's preparations posted,
 *   and a run built by hand gives the sums and the result share (P-2)
 *   worked out in the comments;
 * - bad months, too long a span and the wrong role are refused, naming
 *   the field.
 */
#include "testutil.h"

#include <unistd.h>

#include "app/auth.h"
#include "app/dashboard.h"
#include "app/payrun.h"
#include "sim/demo.h"
#include "sim/journey.h"

#define NOW "2026-06-22"

struct world {
	char dir[256], db[300];
	struct app app;
	struct actor c1, c2;
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

static int64_t query_int(const char *sql)
{
	json_t *rows = query(sql);
	int64_t v = json_integer_value(json_object_iter_value(
		json_object_iter(json_array_get(rows, 0))));

	json_decref(rows);
	return v;
}

static void exec_sql(const char *sql)
{
	struct kverr e = { 0 };
	struct db *db = store_acquire(W.app.store);
	int rc = db_run(db, sql, "", &e);

	store_release(W.app.store, db);
	if (rc)
		fail_msg("%s: %s", sql, e.message);
}

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static json_t *run_as(const struct actor *a, app_usecase_fn fn, json_t *in)
{
	struct kverr e = { 0 };
	json_t *out = NULL;

	if (app_run(&W.app, a, false, fn, in, &out, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	json_decref(in);
	return out;
}

static void refused(const struct actor *a, app_usecase_fn fn, json_t *in,
		    const char *code, const char *field)
{
	struct kverr e = { 0 };
	json_t *out = NULL;

	assert_int_equal(app_run(&W.app, a, false, fn, in, &out, &e), -1);
	assert_null(out);
	if (strcmp(e.code, code) || strcmp(e.field, field))
		fail_msg("got %s at %s, want %s at %s", e.code, e.field, code, field);
	json_decref(in);
}

static json_t *span(const char *from, const char *to)
{
	return json_pack("{s:s, s:s}", "from", from, "to", to);
}

static int64_t counts_at(const json_t *row, int i)
{
	return json_integer_value(json_array_get(json_object_get(row, "counts"),
						 (size_t)i));
}

/* The row of list whose key is id. */
static const json_t *row_of(const json_t *list, const char *key, int64_t id)
{
	const json_t *r;
	size_t i;

	json_array_foreach(list, i, r)
		if (get_int(r, key) == id)
			return r;
	return NULL;
}

/* ----------------------------------------------------------- participants */

/* Counted here the plain way: every participation, every month. */
static void test_participants_match_a_count_by_hand(void **state)
{
	json_t *out = run_as(&W.c1, app_dashboard_participants,
			     span("2025-10", "2026-06"));
	json_t *rows = query("SELECT track, provider_id, starts_on, ends_on,"
			     " end_reason FROM participations");
	const json_t *months = json_object_get(out, "months"), *r;
	int64_t grand = 0;
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(months), 9);
	for (int m = 0; m < 9; m++) {
		const json_t *mo = json_array_get(months, (size_t)m);
		const char *on = json_string_value(json_object_get(mo, "on"));
		int64_t total = 0, tracks = 0, provs = 0;
		int64_t by_track[8] = { 0 };

		/* The last day of the month, and today in June. */
		if (m == 8)
			assert_string_equal(on, NOW);
		if (m == 0)
			assert_string_equal(on, "2025-10-31");
		json_array_foreach(rows, i, r) {
			const char *s = json_string_value(json_object_get(r, "starts_on"));
			const char *e = json_string_value(json_object_get(r, "ends_on"));

			if (!strcmp(json_string_value(json_object_get(r, "end_reason")),
				    "cancelled") || strcmp(s, on) > 0 || strcmp(e, on) < 0)
				continue;
			total++;
			by_track[get_int(r, "track") & 7]++;
		}
		assert_int_equal(get_int(mo, "total"), total);
		for (int t = 0; t < 8; t++) {
			const json_t *tr = row_of(json_object_get(out, "by_track"),
						  "track", t);

			assert_int_equal(tr ? counts_at(tr, m) : 0, by_track[t]);
			tracks += tr ? counts_at(tr, m) : 0;
		}
		json_array_foreach(json_object_get(out, "by_provider"), i, r)
			provs += counts_at(r, m);
		assert_int_equal(tracks, total);
		assert_int_equal(provs, total);
		grand += total;
	}
	assert_true(grand > 100);
	/* Providers come with their names. */
	r = json_array_get(json_object_get(out, "by_provider"), 0);
	assert_non_null(json_string_value(json_object_get(r, "name")));
	json_decref(rows);
	json_decref(out);
}

/*
 * One participation on track 3 from 15 March to 31 May 2026, and a
 * cancelled one from February to June: the first counts on 31 March, 30
 * April and 31 May (it ends on the day counted) and not on 28 February
 * or 22 June; the cancelled one never.  So track 3 moves by 0, +1, +1,
 * +1, 0 from February to June, and its provider likewise.
 */
static void test_participants_move_by_hand(void **state)
{
	static const int64_t delta[5] = { 0, 1, 1, 1, 0 };
	json_t *before = run_as(&W.c1, app_dashboard_participants,
				span("2026-02", "2026-06")), *after;
	json_t *any = query("SELECT jobseeker_id, provider_id, area_id,"
			    " programme_id FROM participations ORDER BY id LIMIT 1");
	const json_t *p = json_array_get(any, 0);
	int64_t prov = get_int(p, "provider_id");
	char sql[600];

	(void)state;
	for (int k = 0; k < 2; k++) {
		snprintf(sql, sizeof(sql), "INSERT INTO participations(jobseeker_id,"
			 " provider_id, area_id, programme_id, track, how, chosen_on,"
			 " starts_on, ends_on, end_reason, created_at) VALUES (%lld,"
			 " %lld, %lld, %lld, 3, 'choice', '2026-02-01', '%s', '%s',"
			 " '%s', 0)", (long long)get_int(p, "jobseeker_id"),
			 (long long)prov, (long long)get_int(p, "area_id"),
			 (long long)get_int(p, "programme_id"),
			 k ? "2026-02-01" : "2026-03-15", k ? "2026-06-30" : "2026-05-31",
			 k ? "cancelled" : "notice");
		exec_sql(sql);
	}
	after = run_as(&W.c1, app_dashboard_participants, span("2026-02", "2026-06"));
	for (int m = 0; m < 5; m++) {
		const json_t *b3 = row_of(json_object_get(before, "by_track"), "track", 3);
		const json_t *a3 = row_of(json_object_get(after, "by_track"), "track", 3);
		const json_t *bp = row_of(json_object_get(before, "by_provider"),
					  "provider_id", prov);
		const json_t *ap = row_of(json_object_get(after, "by_provider"),
					  "provider_id", prov);

		assert_int_equal(counts_at(a3, m) - (b3 ? counts_at(b3, m) : 0),
				 delta[m]);
		assert_int_equal(counts_at(ap, m) - (bp ? counts_at(bp, m) : 0),
				 delta[m]);
		assert_int_equal(get_int(json_array_get(json_object_get(after, "months"),
						       (size_t)m), "total") -
				 get_int(json_array_get(json_object_get(before, "months"),
						       (size_t)m), "total"), delta[m]);
	}
	json_decref(any);
	json_decref(before);
	json_decref(after);
}

/* -------------------------------------------------------------- payments */

/* Each month's run: its components add up to its total, which is what
 * its preparations posted; P-2's share is (result + supplement + bonus)
 * over the total; by programme it is the run's figures'. */
static void test_payments_add_up_to_the_runs(void **state)
{
	json_t *out = run_as(&W.c1, app_dashboard_payments, span("2026-04", "2026-06"));
	const json_t *months = json_object_get(out, "months"), *m;
	size_t i;

	(void)state;
	/* Runs exist for May and June only. */
	assert_int_equal(json_array_size(months), 2);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(months, 0), "period")), "2026-05");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(months, 0), "status")), "approved");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(months, 1), "status")), "draft");
	json_array_foreach(months, i, m) {
		char sql[200];
		int64_t parts = 0, total = get_int(m, "total"), share;
		json_t *fig;
		const json_t *pg;
		size_t k;

		for (const char *const *c = (const char *const[]){ "base", "result",
			"supplement", "bonus", "fund", "course", NULL }; *c; c++)
			parts += get_int(m, *c);
		assert_int_equal(parts, total);
		snprintf(sql, sizeof(sql), "SELECT sum(amount) FROM"
			 " payrun_preparations WHERE payrun_id = %lld",
			 (long long)get_int(m, "payrun_id"));
		assert_int_equal(total, query_int(sql));
		assert_true(total > 0);
		share = ((get_int(m, "result") + get_int(m, "supplement") +
			  get_int(m, "bonus")) * 1000 + total / 2) / total;
		assert_int_equal(get_int(m, "result_share_permille"), share);
		/* By programme, the share is the run's own figure. */
		fig = run_as(&W.c1, app_payrun_figures, json_pack("{s:I}",
			"payrun_id", (json_int_t)get_int(m, "payrun_id")));
		json_array_foreach(json_object_get(fig, "programmes"), k, pg) {
			json_t *one = span("2026-04", "2026-06");
			json_t *byp;
			const json_t *bm;

			json_object_set(one, "programme_id",
					json_object_get(pg, "programme_id"));
			byp = run_as(&W.c1, app_dashboard_payments, one);
			bm = json_array_get(json_object_get(byp, "months"), i);
			assert_int_equal(get_int(bm, "total"), get_int(pg, "total"));
			assert_int_equal(get_int(bm, "result_share_permille"),
					 get_int(pg, "result_share_permille"));
			json_decref(byp);
		}
		json_decref(fig);
	}
	json_decref(out);
}

/*
 * A run of February 2026 built by hand, one voucher of provider P:
 *   base 1 000,00   result 300,00   supplement 100,00   bonus 40,00
 *   a clawback of result  -50,00    a correction of base  +20,00
 *   the payable -1 410,00 (not a cost: not counted)
 * base 1 020,00, result 250,00, supplement 100,00, bonus 40,00: total
 * 1 410,00 kr; P-2 counts result, supplement and bonus: (250 + 100 + 40)
 * / 1 410 = 276.6 ‰, rounded half up to 277.
 * Its corrections and clawbacks (P-8, P-14): one correction of base +20,00 and one
 * clawback of result -50,00.
 */
static void test_a_run_by_hand(void **state)
{
	int64_t prov = query_int("SELECT min(id) FROM providers");
	int64_t prog = query_int("SELECT min(id) FROM programmes");
	int64_t run, voucher;
	json_t *out, *adj;
	const json_t *m, *r;
	char sql[600];
	static const struct { const char *kind, *comp; int64_t amount; } lines[] = {
		{ "line", "base", 100000 }, { "line", "result", 30000 },
		{ "line", "supplement", 10000 }, { "line", "bonus", 4000 },
		{ "clawback", "result", -5000 }, { "correction", "base", 2000 },
		{ "payable", NULL, -141000 },
	};

	(void)state;
	exec_sql("INSERT INTO payruns(period, status, created_at) VALUES"
		 " ('2026-02', 'approved', 0)");
	run = query_int("SELECT id FROM payruns WHERE period = '2026-02'");
	snprintf(sql, sizeof(sql), "INSERT INTO vouchers(payrun_id, provider_id,"
		 " kind, text, recorded_at) VALUES (%lld, %lld, 'earned', 'test', 0)",
		 (long long)run, (long long)prov);
	exec_sql(sql);
	voucher = query_int("SELECT max(id) FROM vouchers");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO postings(voucher_id, account,"
			 " programme_id, provider_id, kind, component, period, due,"
			 " amount, recorded_at) VALUES (%lld, '4000', %lld, %lld, '%s',"
			 " %s%s%s, '2026-02', '2026-02', %lld, 0)", (long long)voucher,
			 (long long)prog, (long long)prov, lines[i].kind,
			 lines[i].comp ? "'" : "", lines[i].comp ? lines[i].comp : "NULL",
			 lines[i].comp ? "'" : "", (long long)lines[i].amount);
		exec_sql(sql);
	}
	out = run_as(&W.c1, app_dashboard_payments, span("2026-02", "2026-02"));
	assert_int_equal(json_array_size(json_object_get(out, "months")), 1);
	m = json_array_get(json_object_get(out, "months"), 0);
	assert_int_equal(get_int(m, "payrun_id"), run);
	assert_int_equal(get_int(m, "base"), 102000);
	assert_int_equal(get_int(m, "result"), 25000);
	assert_int_equal(get_int(m, "supplement"), 10000);
	assert_int_equal(get_int(m, "bonus"), 4000);
	assert_int_equal(get_int(m, "fund"), 0);
	assert_int_equal(get_int(m, "total"), 141000);
	assert_int_equal(get_int(m, "result_share_permille"), 277);

	adj = run_as(&W.c1, app_payrun_adjustments, json_pack("{s:I}", "payrun_id",
							       (json_int_t)run));
	assert_int_equal(json_array_size(json_object_get(adj, "rows")), 2);
	r = json_array_get(json_object_get(adj, "rows"), 0);
	assert_string_equal(json_string_value(json_object_get(r, "kind")), "clawback");
	assert_string_equal(json_string_value(json_object_get(r, "component")), "result");
	assert_int_equal(get_int(r, "lines"), 1);
	assert_int_equal(get_int(r, "amount"), -5000);
	assert_int_equal(get_int(r, "provider_id"), prov);
	r = json_array_get(json_object_get(adj, "rows"), 1);
	assert_string_equal(json_string_value(json_object_get(r, "kind")), "correction");
	assert_int_equal(get_int(r, "amount"), 2000);
	json_decref(adj);
	json_decref(out);
	/* The prepared May run has none (nothing changed after it). */
	adj = run_as(&W.c1, app_payrun_adjustments, json_pack("{s:I}", "payrun_id",
		(json_int_t)query_int("SELECT id FROM payruns WHERE period = '2026-05'")));
	assert_int_equal(json_array_size(json_object_get(adj, "rows")), 0);
	json_decref(adj);
}

/* -------------------------------------------------------------- refusals */

static void test_refusals_name_the_field(void **state)
{
	struct actor staff = { .role = ROLE_PROVIDER_STAFF, .provider_id = 1,
			       .user_id = 1 };
	json_t *extra = span("2026-01", "2026-02");

	(void)state;
	refused(&W.c1, app_dashboard_participants, span("2026-13", "2026-02"),
		"bad_month", "from");
	refused(&W.c1, app_dashboard_payments, span("2026-01", "26-02"),
		"bad_month", "to");
	refused(&W.c1, app_dashboard_participants, span("2026-03", "2026-02"),
		"bad_period", "from");
	refused(&W.c1, app_dashboard_payments, span("2026-01", "2026-07"),
		"future_month", "to");
	/* 37 months: June 2023 to June 2026. */
	refused(&W.c1, app_dashboard_participants, span("2023-06", "2026-06"),
		"too_many_months", "from");
	json_decref(run_as(&W.c1, app_dashboard_participants,
			   span("2023-07", "2026-06")));
	refused(&staff, app_dashboard_payments, span("2026-01", "2026-02"),
		"forbidden", "");
	json_object_set_new(extra, "provider_id", json_integer(1));
	refused(&W.c1, app_dashboard_participants, extra, "unknown_field",
		"provider_id");
	refused(&staff, app_payrun_adjustments, json_pack("{s:i}", "payrun_id", 1),
		"forbidden", "");
}

/* ----------------------------------------------------------------- setup */

static int setup(void **state)
{
	struct kverr e = { 0 };
	struct sim_journey_opts o = { .seed = 7, .people = 120, .months = 10,
				      .programme = "rusta-matcha" };
	struct sim_journey_stats st;
	FILE *devnull = fopen("/dev/null", "w");
	json_t *out = NULL, *in;

	(void)state;
	testutil_tmp_template(W.dir, sizeof(W.dir), "dashboard");
	if (!mkdtemp(W.dir) || !devnull)
		return -1;
	snprintf(W.db, sizeof(W.db), "%s/k.db", W.dir);
	if (app_open(&W.app, W.db, 1, "rules", "data", &e))
		fail_msg("open: %s", e.message);
	W.app.fixed_now = (int64_t)D(NOW) * 86400 + 12 * 3600;
	if (demo_build_market(&W.app, 11, devnull, &e) ||
	    sim_journey_run(&W.app, &o, &st, &e) ||
	    auth_resolve_username(&W.app, "controller1", &W.c1, &e) ||
	    auth_resolve_username(&W.app, "controller2", &W.c2, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	fclose(devnull);
	/* May prepared and approved; June prepared. */
	if (payrun_prepare(&W.app, &W.c1, "2026-05", NULL, NULL, &out, &e))
		fail_msg("prepare: %s", e.message);
	in = json_pack("{s:O, s:s}", "payrun_id", json_object_get(out, "id"),
		       "delegation", "Test 1.1");
	json_decref(out);
	if (app_run(&W.app, &W.c2, true, app_payrun_approve, in, &out, &e))
		fail_msg("approve: %s", e.message);
	json_decref(in);
	json_decref(out);
	if (payrun_prepare(&W.app, &W.c1, "2026-06", NULL, NULL, &out, &e))
		fail_msg("prepare: %s", e.message);
	json_decref(out);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_participants_match_a_count_by_hand),
		cmocka_unit_test(test_payments_add_up_to_the_runs),
		cmocka_unit_test(test_a_run_by_hand),
		cmocka_unit_test(test_refusals_name_the_field),
		/* last: it adds participations the runs above did not see */
		cmocka_unit_test(test_participants_move_by_hand),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
