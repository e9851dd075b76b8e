/*
 * test_payrun.c — the payment run over a simulated market (P-1, P-4, P-8,
 * P-14, Q-7): a year of monthly runs, prepared by one controller and
 * approved by the other; then facts change — a late outcome, evidence
 * rejected after payment, a track corrected back to the start, a rulebook
 * value changed retroactively — and the next preparation must post
 * exactly the corrections that make the ledger equal a fresh computation,
 * touch nothing else, and leave every earlier posting as it was.
 *
 * "Fresh computation" is the engine run on today's facts with nothing
 * paid; the ledger is summed per participation and key.  One participant
 * (H) is built by hand so two corrections can be checked against amounts
 * computed by hand (see test_hand_computed_corrections).
 */
#include "testutil.h"

#include <unistd.h>

#include "app/auth.h"
#include "app/files.h"
#include "app/journey.h"
#include "app/payrun.h"
#include "sim/demo.h"
#include "sim/journey.h"
#include "core/idnum.h"

#define NOW "2026-06-22"

struct world {
	char dir[256], db[300], rules[300];
	struct app app;
	struct actor officer, c1, c2;
	int64_t h_part, late_part, rejected_part, rejected_outcome;
	json_t *fresh_before, *fresh_after;   /* {"pid": {"key": öre}} */
	int64_t postings_before;              /* before the changed facts */
	char *prefix;                         /* their text */
};

static struct world W;

/* -------------------------------------------------------------- helpers */

static void at(const char *day)
{
	W.app.fixed_now = (int64_t)D(day) * 86400 + 12 * 3600;
}

static json_t *run_as(const struct actor *a, app_usecase_fn fn, json_t *in)
{
	struct kverr e = { 0 };
	json_t *out = NULL;

	if (app_run(&W.app, a, true, fn, in, &out, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	json_decref(in);
	return out;
}

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

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static struct actor staff_of(int64_t provider)
{
	struct actor a = { .role = ROLE_PROVIDER_STAFF, .provider_id = provider };
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT min(id) FROM users WHERE provider_id ="
		 " %lld", (long long)provider);
	a.user_id = query_int(sql);
	return a;
}

static void prepare(const char *period)
{
	struct kverr e = { 0 };
	json_t *out = NULL;

	if (payrun_prepare(&W.app, &W.c1, period, NULL, NULL, &out, &e))
		fail_msg("prepare %s: %s (%s)", period, e.message, e.code);
	json_decref(out);
}

static void approve(const char *period)
{
	char sql[120];

	snprintf(sql, sizeof(sql), "SELECT id FROM payruns WHERE period = '%s'",
		 period);
	json_decref(run_as(&W.c2, app_payrun_approve, json_pack("{s:I, s:s}",
		"payrun_id", (json_int_t)query_int(sql), "delegation", "Test 1.1")));
}

/* ------------------------------------------------- fresh and the ledger */

struct fresh_arg {
	month_t through;
	json_t *map;
};

/* The engine on today's facts, nothing paid: what is owed per key. */
static int fresh_fn(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	struct fresh_arg *f = cx->arg;
	struct payrun_work w;
	struct payrun_facts *facts;
	struct payrun_part p;
	int got;

	(void)in;
	if (payrun_work_init(&w, e) || payrun_load_context(cx, &w, e))
		return -1;
	facts = payrun_facts_open(cx, 1, INT64_MAX, f->through, e);
	while (facts && (got = payrun_facts_next(facts, &w, &p, e)) > 0) {
		const struct rulebook *rb = payrun_rulebook(cx, &w, p.programme_id, e);
		json_t *keys = json_object();
		char pid[24];

		assert_int_equal(got, 1);
		w.c->n_paid = 0;
		assert_non_null(rb);
		assert_int_equal(engine_compute(rb, w.c, f->through, w.owed, e), 0);
		for (int i = 0; i < w.owed->n; i++)
			if (w.owed->lines[i].due <= f->through && w.owed->lines[i].amount)
				json_object_set_new(keys, w.owed->lines[i].key,
						    json_integer(w.owed->lines[i].amount));
		snprintf(pid, sizeof(pid), "%lld", (long long)p.id);
		json_object_set_new(f->map, pid, keys);
	}
	payrun_facts_close(facts);
	payrun_work_release(&w);
	*out = json_object();
	return 0;
}

static json_t *fresh(const char *through)
{
	struct fresh_arg f = { .map = json_object() };
	struct kverr e = { 0 };
	json_t *out = NULL;

	f.through = M(through);
	if (app_run_arg(&W.app, &W.c1, false, fresh_fn, &f, NULL, &out, &e))
		fail_msg("fresh: %s", e.message);
	json_decref(out);
	return f.map;
}

/* The ledger per participation and key, zero sums left out. */
static json_t *ledger(void)
{
	json_t *rows = query("SELECT participation_id, engine_key, sum(amount) AS"
			     " s FROM postings WHERE engine_key IS NOT NULL GROUP"
			     " BY 1, 2 HAVING sum(amount) <> 0"), *r;
	json_t *map = json_object();
	size_t i;

	json_array_foreach(rows, i, r) {
		char pid[24];
		json_t *keys;

		snprintf(pid, sizeof(pid), "%lld",
			 (long long)get_int(r, "participation_id"));
		keys = json_object_get(map, pid);
		if (!keys) {
			keys = json_object();
			json_object_set_new(map, pid, keys);
		}
		json_object_set_new(keys, json_string_value(json_object_get(r,
				    "engine_key")), json_integer(get_int(r, "s")));
	}
	json_decref(rows);
	return map;
}

/* Equal as maps, an empty participation the same as a missing one. */
static bool same_keys(const json_t *a, const json_t *b)
{
	const char *k;
	json_t *v;

	if (!a || !b)
		return json_object_size(a ? a : b) == 0;
	json_object_foreach((json_t *)a, k, v)
		if (get_int(b, k) != json_integer_value(v))
			return false;
	json_object_foreach((json_t *)b, k, v)
		if (get_int(a, k) != json_integer_value(v))
			return false;
	return true;
}

static void assert_ledger_is(const json_t *expected)
{
	json_t *l = ledger(), *v;
	const char *pid;

	json_object_foreach((json_t *)expected, pid, v)
		if (!same_keys(v, json_object_get(l, pid)))
			fail_msg("participation %s: the ledger differs from a fresh"
				 " computation", pid);
	json_object_foreach(l, pid, v)
		if (!same_keys(v, json_object_get(expected, pid)))
			fail_msg("participation %s: posted without being owed", pid);
	json_decref(l);
}

/* Every column of the first n postings as text, to compare before and
 * after (the ledger is append-only: P-14). */
static char *postings_text(int64_t n)
{
	char sql[400];
	json_t *rows;
	char *text;

	snprintf(sql, sizeof(sql), "SELECT group_concat(id || '|' || voucher_id ||"
		 " '|' || account || '|' || amount || '|' || coalesce(engine_key,"
		 " '') || '|' || coalesce(idem_key, '') || '|' || period || '|' ||"
		 " recorded_at, ';') AS t FROM (SELECT * FROM postings WHERE id <="
		 " %lld ORDER BY id)", (long long)n);
	rows = query(sql);
	text = strdup(json_string_value(json_object_get(json_array_get(rows, 0),
							"t")));
	json_decref(rows);
	return text;
}

/* ---------------------------------------------------------------- setup */

/* H: unemployed since 2025-01-06, registered 2025-08-01 — seven months,
 * so track 2 (A-1: from 6 months) — chooses on 2025-08-25 and starts on
 * 2025-09-01 (C-1: seven days later), a Monday. */
static void add_hand_built(void)
{
	json_t *js, *list, *part;
	int64_t id, provider;
	char pnr[16] = "198503150008";

	/* A valid personnummer: 850315-000C with the Luhn digit of 850315000. */
	for (char c = '0'; c <= '9'; c++) {
		pnr[11] = c;
		if (idnum_luhn_ok(pnr + 2, 10))
			break;
	}
	at("2025-08-01");
	js = run_as(&W.officer, app_jobseeker_register, json_pack("{s:I, s:s,"
		" s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:i}",
		"programme_id", (json_int_t)query_int("SELECT id FROM programmes"
		" WHERE code = 'rusta-matcha'"), "personnummer", pnr, "given_name",
		"Hanna", "family_name", "Handräknad", "municipality", "0180",
		"unemployed_since", "2025-01-06", "age_band", "35-44", "gender",
		"woman", "birth_region", "sweden", "education", "upper_secondary",
		"disability", 0, "ui_member", 1, "occupation", "4110",
		"previous_registrations", 0));
	id = get_int(js, "id");
	json_decref(js);
	at("2025-08-25");
	list = run_as(&W.officer, app_choices_list, json_pack("{s:I}",
		      "jobseeker_id", (json_int_t)id));
	provider = get_int(json_array_get(json_object_get(list, "providers"), 0),
			   "id");
	json_decref(list);
	part = run_as(&W.officer, app_choice_make, json_pack("{s:I, s:I}",
		      "jobseeker_id", (json_int_t)id, "provider_id",
		      (json_int_t)provider));
	assert_string_equal(json_string_value(json_object_get(part, "starts_on")),
			    "2025-09-01");
	assert_int_equal(get_int(part, "track"), 2);
	W.h_part = get_int(part, "id");
	json_decref(part);
}

static int setup(void **state)
{
	struct kverr e = { 0 };
	struct sim_journey_opts o = { .seed = 99, .people = 250, .months = 14,
				      .programme = "rusta-matcha" };
	struct sim_journey_stats st;
	FILE *devnull = fopen("/dev/null", "w");
	char cmd[700];

	(void)state;
	testutil_tmp_template(W.dir, sizeof(W.dir), "payrun");
	if (!mkdtemp(W.dir) || !devnull)
		return -1;
	/* A copy of the rules, so one test can change a rulebook (P-14). */
	snprintf(W.rules, sizeof(W.rules), "%s/rules", W.dir);
	snprintf(cmd, sizeof(cmd), "cp -r rules '%s'", W.rules);
	if (system(cmd) != 0)
		return -1;
	snprintf(W.db, sizeof(W.db), "%s/k.db", W.dir);
	if (app_open(&W.app, W.db, 1, W.rules, "data", &e))
		fail_msg("open: %s", e.message);
	at(NOW);
	if (demo_build_market(&W.app, 11, devnull, &e) ||
	    sim_journey_run(&W.app, &o, &st, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	fclose(devnull);
	W.officer = (struct actor){ .role = ROLE_CASE_OFFICER,
		.user_id = query_int("SELECT min(id) FROM users WHERE role ="
				     " 'case_officer'") };
	if (auth_resolve_username(&W.app, "controller1", &W.c1, &e) ||
	    auth_resolve_username(&W.app, "controller2", &W.c2, &e))
		fail_msg("controllers: %s", e.message);
	add_hand_built();
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	json_decref(W.fresh_before);
	json_decref(W.fresh_after);
	free(W.prefix);
	app_close(&W.app);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", W.dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- tests */

/* A year of runs, each on the 20th of its month; the ledger then holds
 * exactly what a fresh computation says is owed by May 2026. */
static void test_a_year_of_runs(void **state)
{
	json_t *start = query("SELECT min(starts_on) AS d FROM participations");
	month_t first = date_month(D(json_string_value(json_object_get(
		json_array_get(start, 0), "d"))));
	struct kverr e = { 0 };
	json_t *out = NULL, *f;
	int runs = 0;

	(void)state;
	json_decref(start);
	for (month_t m = first; m <= M("2026-05"); m++) {
		char period[MONTH_STRLEN], day[DATE_STRLEN];

		month_format(m, period);
		date_format(month_first_day(m) + 19, day);
		at(day);
		prepare(period);
		/* the one who prepared cannot approve. */
		if (runs == 0) {
			json_t *in = json_pack("{s:I, s:s}", "payrun_id", (json_int_t)
				query_int("SELECT max(id) FROM payruns"), "delegation", "x");

			assert_int_not_equal(app_run(&W.app, &W.c1, true,
				app_payrun_approve, in, &out, &e), 0);
			assert_string_equal(e.code, "four_eyes");
			json_decref(in);
		}
		approve(period);
		runs++;
	}
	assert_true(runs >= 12);
	f = fresh("2026-05");
	assert_ledger_is(f);
	json_decref(f);
	at(NOW);
	out = run_as(&W.c1, app_ledger_verify, NULL);
	assert_true(json_is_true(json_object_get(out, "ok")));
	json_decref(out);
}

/* Preparing again with unchanged facts posts nothing. */
static void test_unchanged_facts_post_nothing(void **state)
{
	(void)state;
	at(NOW);
	prepare("2026-06");
	assert_true(query_int("SELECT lines FROM payrun_preparations ORDER BY id"
			      " DESC LIMIT 1") > 0);
	prepare("2026-06");
	assert_int_equal(query_int("SELECT lines FROM payrun_preparations ORDER BY"
				   " id DESC LIMIT 1"), 0);
}

static const char pdf_b64[] = "JVBERi0xLjQKJSVFT0YK";   /* "%PDF-1.4\n%%EOF\n" */

/* A job found in January, claimed only now, with four months confirmed. */
static void late_outcome(void)
{
	json_t *rows = query("SELECT p.id, p.provider_id FROM participations p"
		" WHERE p.starts_on <= '2025-12-01' AND p.ends_on >= '" NOW "' AND"
		" p.end_reason = 'max_duration' AND NOT EXISTS (SELECT 1 FROM"
		" outcomes o WHERE o.participation_id = p.id) ORDER BY p.id LIMIT 1");
	json_t *o;
	struct actor staff;
	int64_t outcome;
	const char *months[] = { "2026-01", "2026-02", "2026-03", "2026-04" };

	assert_int_equal(json_array_size(rows), 1);
	W.late_part = get_int(json_array_get(rows, 0), "id");
	staff = staff_of(get_int(json_array_get(rows, 0), "provider_id"));
	json_decref(rows);
	o = run_as(&staff, app_outcome_claim, json_pack("{s:I, s:s, s:s, s:s, s:i}",
		"participation_id", (json_int_t)W.late_part, "type", "employment",
		"starts_on", "2026-01-12", "occupation", "4110", "extent_percent",
		100));
	outcome = get_int(o, "id");
	json_decref(o);
	json_decref(run_as(&staff, app_evidence_upload, json_pack("{s:I, s:s, s:s}",
		"outcome_id", (json_int_t)outcome, "filename", "intyg.pdf",
		"content_base64", pdf_b64)));
	json_decref(run_as(&W.officer, app_outcome_review, json_pack("{s:I, s:s,"
		" s:s}", "outcome_id", (json_int_t)outcome, "decision", "approve",
		"reason", "Anställningsbevis.")));
	for (int i = 0; i < 4; i++)
		json_decref(run_as(&staff, app_outcome_month_confirm, json_pack(
			"{s:I, s:s, s:b, s:b}", "outcome_id", (json_int_t)outcome,
			"month", months[i], "continues", 1, "self_supporting", 1)));
}

/* Evidence found wanting after its result was paid: clawed back (P-8). */
static void reject_paid_outcome(void)
{
	json_t *rows = query("SELECT o.id, o.participation_id FROM outcomes o WHERE"
		" o.status = 'approved' AND EXISTS (SELECT 1 FROM postings p WHERE"
		" p.participation_id = o.participation_id AND p.component ="
		" 'result') ORDER BY o.id LIMIT 1");

	assert_int_equal(json_array_size(rows), 1);
	W.rejected_outcome = get_int(json_array_get(rows, 0), "id");
	W.rejected_part = get_int(json_array_get(rows, 0), "participation_id");
	json_decref(rows);
	json_decref(run_as(&W.officer, app_outcome_review, json_pack("{s:I, s:s,"
		" s:s}", "outcome_id", (json_int_t)W.rejected_outcome, "decision",
		"reject", "reason", "Intyget gällde en annan person.")));
}

/* H's track corrected from the start: track 3, not 2 (A-1, P-14). */
static void correct_track(void)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT jobseeker_id FROM participations WHERE"
		 " id = %lld", (long long)W.h_part);
	json_decref(run_as(&W.officer, app_assessment_make, json_pack("{s:I, s:s,"
		" s:i, s:s}", "jobseeker_id", (json_int_t)query_int(sql),
		"assessed_on", "2025-09-01", "track", 3, "reason", "Rättelse: läs-"
		" och skrivsvårigheter var kända vid start.")));
}

/* STOM's track-3 rate raised from 220 to 250 kr from 2026-03-01 (P-14). */
static void raise_rate(void)
{
	char path[400];
	char *text;
	const char *old = "\"ore\": { \"2019-08-21\": [10000, 16000, 22000, 28000] }";
	const char *new = "\"ore\": { \"2019-08-21\": [10000, 16000, 22000, 28000],"
			  " \"2026-03-01\": [10000, 16000, 25000, 28000] }";
	char *hit, *out;
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

static void test_changed_facts_post_exactly_the_corrections(void **state)
{
	json_t *rows, *r;
	size_t i;
	char *now, sql[200];
	int clawbacks = 0, late_lines = 0;

	(void)state;
	at(NOW);
	W.fresh_before = fresh("2026-06");
	W.postings_before = query_int("SELECT max(id) FROM postings");
	W.prefix = postings_text(W.postings_before);
	late_outcome();
	reject_paid_outcome();
	correct_track();
	raise_rate();
	W.fresh_after = fresh("2026-06");
	prepare("2026-06");

	/* Nothing posted before changed (P-14: append-only). */
	now = postings_text(W.postings_before);
	assert_string_equal(now, W.prefix);
	free(now);
	/* The ledger is now what a fresh computation says. */
	assert_ledger_is(W.fresh_after);
	/* And only participations whose computation changed got postings. */
	snprintf(sql, sizeof(sql), "SELECT participation_id, kind, rule,"
		 " component FROM postings WHERE participation_id IS NOT NULL AND"
		 " id > %lld", (long long)W.postings_before);
	rows = query(sql);
	assert_true(json_array_size(rows) > 0);
	json_array_foreach(rows, i, r) {
		char pid[24];

		snprintf(pid, sizeof(pid), "%lld",
			 (long long)get_int(r, "participation_id"));
		if (same_keys(json_object_get(W.fresh_before, pid),
			      json_object_get(W.fresh_after, pid)))
			fail_msg("participation %s got a posting though nothing"
				 " it is owed changed", pid);
		if (get_int(r, "participation_id") == W.rejected_part &&
		    !strcmp(json_string_value(json_object_get(r, "kind")), "clawback"))
			clawbacks += !strcmp(json_string_value(json_object_get(r,
					     "rule")), "P-8");
		if (get_int(r, "participation_id") == W.late_part &&
		    !strcmp(json_string_value(json_object_get(r, "component")),
			    "result"))
			late_lines++;
	}
	json_decref(rows);
	assert_true(clawbacks >= 1);
	assert_true(late_lines >= 1);
}

/* H's corrections, by hand.  H was paid track 2 (160 kr a weekday) and is
 * owed track 3: 220 kr until February 2026, 250 kr from March.
 *   base:2025-09  September 2025 has 22 weekdays (Mon 1st … Tue 30th:
 *                 4 full weeks + 29, 30): 22 × (220 − 160) = 1 320 kr.
 *   base:2026-03  March 2026 has 22 weekdays (Mon 2nd … Tue 31st):
 *                 22 × (250 − 160) = 1 980 kr.
 *   base:2026-05  May 2026 has 21 weekdays (Fri 1st, then 4 full weeks):
 *                 21 × (250 − 160) = 1 890 kr (paid at track 2 by the
 *                 first preparation of the June run). */
static void test_hand_computed_corrections(void **state)
{
	static const struct { const char *key; int64_t ore; } want[] = {
		{ "base:2025-09", 132000 }, { "base:2026-03", 198000 },
		{ "base:2026-05", 189000 },
	};
	char sql[300];

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT coalesce(sum(amount), 0) FROM"
			 " postings WHERE participation_id = %lld AND engine_key ="
			 " '%s' AND id > %lld AND kind = 'correction'",
			 (long long)W.h_part, want[i].key,
			 (long long)W.postings_before);
		assert_int_equal(query_int(sql), want[i].ore);
	}
}

/* Approving the run pays the rest and sets clawbacks off; the ledger
 * still balances and holds no key twice. */
static void test_approve_and_verify(void **state)
{
	json_t *out;

	(void)state;
	at(NOW);
	approve("2026-06");
	out = run_as(&W.c1, app_ledger_verify, NULL);
	assert_true(json_is_true(json_object_get(out, "ok")));
	assert_int_equal(get_int(out, "duplicate_keys"), 0);
	json_decref(out);
	/* Every payable is settled: paid, or carried as a receivable. */
	assert_int_equal(query_int("SELECT count(*) FROM (SELECT provider_id,"
				   " sum(amount) AS s FROM postings WHERE account ="
				   " '2441' GROUP BY provider_id HAVING s <> 0)"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_year_of_runs),
		cmocka_unit_test(test_unchanged_facts_post_nothing),
		cmocka_unit_test(test_changed_facts_post_exactly_the_corrections),
		cmocka_unit_test(test_hand_computed_corrections),
		cmocka_unit_test(test_approve_and_verify),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
