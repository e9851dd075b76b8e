/*
 * test_payrun_settled.c — what the payment run remembers of the ledger
 * (payrun_settled, src/app/payrun_settled.c) changes no result, only the
 * time a run takes (P-14).
 *
 * A simulated market is paid month by month, so every participation has a
 * remembered row.  Then facts change — evidence rejected after its result
 * was paid, a rulebook rate raised retroactively — and a keyed posting is
 * written past the run, as another part of the system might.  The next run
 * is prepared twice: on the database as it is, and on a copy whose
 * remembered rows are all deleted (so every participation is settled
 * against the ledger read in full, the way the run worked before there
 * was anything to remember).  The two ledgers must hash the same, and the
 * posting written past the run must be clawed back.
 */
#include "testutil.h"

#include <unistd.h>

#include "app/auth.h"
#include "app/files.h"
#include "app/journey.h"
#include "app/payrun.h"
#include "sim/demo.h"
#include "sim/journey.h"

#define NOW "2026-06-22"

struct world {
	char dir[256], db[300], copy[300], rules[300];
	struct app app;
	struct actor officer, c1, c2;
	int64_t foreign_part;        /* got a keyed posting past the run */
};

static struct world W;

/* -------------------------------------------------------------- helpers */

static void at(struct app *app, const char *day)
{
	app->fixed_now = (int64_t)D(day) * 86400 + 12 * 3600;
}

static json_t *run_as(struct app *app, const struct actor *a,
		      app_usecase_fn fn, json_t *in)
{
	struct kverr e = { 0 };
	json_t *out = NULL;

	if (app_run(app, a, true, fn, in, &out, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	json_decref(in);
	return out;
}

static void exec_sql(struct app *app, const char *sql)
{
	struct kverr e = { 0 };
	struct db *db = store_acquire(app->store);
	int rc = db_exec(db, sql, &e);

	store_release(app->store, db);
	if (rc)
		fail_msg("%s: %s", sql, e.message);
}

static int64_t query_int(struct app *app, const char *sql)
{
	struct kverr e = { 0 };
	struct db *db = store_acquire(app->store);
	int64_t v = 0;
	int rc = db_query_int(db, sql, "", &v, &e);

	store_release(app->store, db);
	if (rc < 0)
		fail_msg("%s: %s", sql, e.message);
	return v;
}

static void prepare(struct app *app, const char *period)
{
	struct kverr e = { 0 };
	json_t *out = NULL;

	if (payrun_prepare(app, &W.c1, period, NULL, NULL, &out, &e))
		fail_msg("prepare %s: %s (%s)", period, e.message, e.code);
	json_decref(out);
}

static void approve(const char *period)
{
	char sql[120];

	snprintf(sql, sizeof(sql), "SELECT id FROM payruns WHERE period = '%s'",
		 period);
	json_decref(run_as(&W.app, &W.c2, app_payrun_approve, json_pack(
		"{s:I, s:s}", "payrun_id", (json_int_t)query_int(&W.app, sql),
		"delegation", "Test 1.1")));
}

/* The ledger's hash, and that it verifies. */
static char *ledger_hash(struct app *app)
{
	json_t *out = run_as(app, &W.c1, app_ledger_verify, NULL);
	char *hash;

	assert_true(json_is_true(json_object_get(out, "ok")));
	hash = strdup(json_string_value(json_object_get(out, "hash")));
	json_decref(out);
	return hash;
}

/* ---------------------------------------------------------------- setup */

static int setup(void **state)
{
	struct kverr e = { 0 };
	struct sim_journey_opts o = { .seed = 7, .people = 120, .months = 14,
				      .programme = "rusta-matcha" };
	struct sim_journey_stats st;
	FILE *devnull = fopen("/dev/null", "w");
	char cmd[700];

	(void)state;
	testutil_tmp_template(W.dir, sizeof(W.dir), "settled");
	if (!mkdtemp(W.dir) || !devnull)
		return -1;
	snprintf(W.rules, sizeof(W.rules), "%s/rules", W.dir);
	snprintf(cmd, sizeof(cmd), "cp -r rules '%s'", W.rules);
	if (system(cmd) != 0)
		return -1;
	snprintf(W.db, sizeof(W.db), "%s/k.db", W.dir);
	snprintf(W.copy, sizeof(W.copy), "%s/copy.db", W.dir);
	if (app_open(&W.app, W.db, 1, W.rules, "data", &e))
		fail_msg("open: %s", e.message);
	at(&W.app, NOW);
	if (demo_build_market(&W.app, 11, devnull, &e) ||
	    sim_journey_run(&W.app, &o, &st, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	fclose(devnull);
	W.officer = (struct actor){ .role = ROLE_CASE_OFFICER,
		.user_id = query_int(&W.app, "SELECT min(id) FROM users WHERE"
				     " role = 'case_officer'") };
	if (auth_resolve_username(&W.app, "controller1", &W.c1, &e) ||
	    auth_resolve_username(&W.app, "controller2", &W.c2, &e))
		fail_msg("controllers: %s", e.message);
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

/* ---------------------------------------------------------------- tests */

/* Months of runs: every participation paid is remembered, and every row
 * is true of the ledger (its count and last id of keyed postings). */
static void test_runs_remember_the_ledger(void **state)
{
	month_t first = M("2025-05");

	(void)state;
	for (month_t m = first; m <= M("2026-05"); m++) {
		char period[MONTH_STRLEN], day[DATE_STRLEN];

		month_format(m, period);
		date_format(month_first_day(m) + 19, day);
		at(&W.app, day);
		prepare(&W.app, period);
		approve(period);
	}
	assert_true(query_int(&W.app, "SELECT count(*) FROM payrun_settled") > 50);
	assert_int_equal(query_int(&W.app, "SELECT count(*) FROM payrun_settled s"
		" WHERE postings <> (SELECT count(*) FROM postings p WHERE"
		" p.participation_id = s.participation_id AND p.engine_key IS NOT"
		" NULL) OR last_posting <> (SELECT max(id) FROM postings p WHERE"
		" p.participation_id = s.participation_id AND p.engine_key IS NOT"
		" NULL)"), 0);
	/* Nobody paid is left out but those whose lines cannot be
	 * remembered (a key clawed back to nothing stays in the ledger). */
	assert_int_equal(query_int(&W.app, "SELECT count(DISTINCT"
		" participation_id) FROM postings WHERE engine_key IS NOT NULL AND"
		" participation_id NOT IN (SELECT participation_id FROM"
		" payrun_settled) AND participation_id NOT IN (SELECT"
		" participation_id FROM postings WHERE kind = 'clawback')"), 0);
}

/* Evidence found wanting after its result was paid (P-8). */
static void reject_paid_outcome(void)
{
	int64_t outcome = query_int(&W.app, "SELECT min(o.id) FROM outcomes o"
		" WHERE o.status = 'approved' AND EXISTS (SELECT 1 FROM postings p"
		" WHERE p.participation_id = o.participation_id AND p.component ="
		" 'result')");

	assert_true(outcome > 0);
	json_decref(run_as(&W.app, &W.officer, app_outcome_review, json_pack(
		"{s:I, s:s, s:s}", "outcome_id", (json_int_t)outcome, "decision",
		"reject", "reason", "Intyget gällde en annan person.")));
}

/* STOM's track-2 rate raised from 160 to 170 kr from 2026-02-01 (P-14). */
static void raise_rate(void)
{
	char path[400];
	const char *old = "\"ore\": { \"2019-08-21\": [10000, 16000, 22000, 28000] }";
	const char *new = "\"ore\": { \"2019-08-21\": [10000, 16000, 22000, 28000],"
			  " \"2026-02-01\": [10000, 17000, 22000, 28000] }";
	char *text, *hit, *out;
	FILE *f;

	snprintf(path, sizeof(path), "%s/stom.json", W.rules);
	text = files_read(path, 1 << 20, NULL, &(struct kverr){ 0 });
	assert_non_null(text);
	hit = strstr(text, old);
	assert_non_null(hit);
	out = malloc(strlen(text) + strlen(new) + 1);
	memcpy(out, text, (size_t)(hit - text));
	memcpy(out + (hit - text), new, strlen(new));
	memcpy(out + (hit - text) + strlen(new), hit + strlen(old),
	       strlen(hit + strlen(old)) + 1);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(out, f);
	fclose(f);
	free(out);
	free(text);
}

/* A keyed posting written past the run, balanced in its own voucher: the
 * run must see it (its row no longer counts the postings) and settle the
 * key against it, as it would with nothing remembered. */
static void post_past_the_run(void)
{
	char sql[900];

	/* One whose facts and rates did not change: only the posting tells. */
	W.foreign_part = query_int(&W.app, "SELECT min(s.participation_id) FROM"
		" payrun_settled s JOIN postings p ON p.participation_id ="
		" s.participation_id AND p.engine_key = 'base:2026-01' WHERE NOT"
		" EXISTS (SELECT 1 FROM postings q WHERE q.participation_id ="
		" s.participation_id AND (q.track = 2 OR q.component = 'result'))");
	assert_true(W.foreign_part > 0);
	snprintf(sql, sizeof(sql),
		"INSERT INTO vouchers(payrun_id, provider_id, kind, text,"
		" recorded_at) SELECT max(r.id), p.provider_id, 'earned',"
		" 'Manual', 0 FROM payruns r, participations p WHERE p.id = %lld;"
		"INSERT INTO postings(voucher_id, account, programme_id,"
		" provider_id, participation_id, kind, component, track, period,"
		" due, amount, engine_key, seq, idem_key, rule, explain,"
		" recorded_at) SELECT (SELECT max(id) FROM vouchers), account,"
		" programme_id, provider_id, participation_id, 'line', component,"
		" track, period, due, 12345, engine_key, 9, 'manual/%lld', rule,"
		" 'manual', 0 FROM postings WHERE participation_id = %lld AND"
		" engine_key = 'base:2026-01' LIMIT 1;"
		"INSERT INTO postings(voucher_id, account, provider_id, kind,"
		" period, due, amount, recorded_at) SELECT (SELECT max(id) FROM"
		" vouchers), '2441', provider_id, 'payable', '2026-01', '2026-01',"
		" -12345, 0 FROM participations WHERE id = %lld;",
		(long long)W.foreign_part, (long long)W.foreign_part,
		(long long)W.foreign_part, (long long)W.foreign_part);
	exec_sql(&W.app, sql);
}

static void test_same_ledger_without_what_is_remembered(void **state)
{
	struct app copy;
	struct kverr e = { 0 };
	char sql[400], *with, *without;

	(void)state;
	at(&W.app, NOW);
	reject_paid_outcome();
	raise_rate();
	post_past_the_run();
	/* The copy forgets everything it remembered. */
	snprintf(sql, sizeof(sql), "VACUUM INTO '%s'", W.copy);
	exec_sql(&W.app, sql);
	if (app_open(&copy, W.copy, 1, W.rules, "data", &e))
		fail_msg("open copy: %s", e.message);
	copy.fixed_now = W.app.fixed_now;
	exec_sql(&copy, "DELETE FROM payrun_settled");

	prepare(&W.app, "2026-06");
	prepare(&copy, "2026-06");
	with = ledger_hash(&W.app);
	without = ledger_hash(&copy);
	assert_string_equal(with, without);
	/* Corrections were posted, the posting past the run clawed back. */
	assert_true(query_int(&W.app, "SELECT count(*) FROM postings WHERE kind"
			      " IN ('correction', 'clawback') AND period >="
			      " '2026-02'") > 0);
	snprintf(sql, sizeof(sql), "SELECT sum(amount) FROM postings WHERE"
		 " participation_id = %lld AND engine_key = 'base:2026-01' AND"
		 " kind = 'clawback'", (long long)W.foreign_part);
	assert_true(query_int(&W.app, sql) <= -12345);
	/* Preparing again posts nothing, and still hashes the same. */
	prepare(&W.app, "2026-06");
	free(with);
	with = ledger_hash(&W.app);
	assert_string_equal(with, without);
	free(with);
	free(without);
	app_close(&copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_remember_the_ledger),
		cmocka_unit_test(test_same_ledger_without_what_is_remembered),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
