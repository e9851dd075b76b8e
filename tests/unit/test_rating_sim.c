/*
 * test_rating_sim.c — the rating's proof on a generated market (issue 7,
 * "Done when"): ten providers in one delivery area, each with a true
 * effect on its participants' chance of a job (an odds multiplier from
 * 0.5 to 2.0, given to the population model's ground-truth hazard), and
 * generated jobseekers driven through 24 months of the journey simulation
 * (src/sim/journey.c, every step through the app/ use cases) with a
 * rating round computed and published every second month.
 *
 * It reports, and asserts:
 *   - the rating finds the truly better providers: Spearman's rank
 *     correlation between the true effect and the rating's ratio, in the
 *     last round (and printed for every round with enough rated units);
 *   - rating-based non-choice (C-4 best_rated) moves participants toward
 *     them: the share of non-choice assignments going to the truly better
 *     half before any round was published against after.
 *
 * The market is written with SQL (accounts and admissions are not what is
 * tested here); jobseekers, choices, non-choice, outcomes and ratings all
 * go through the use cases.  Sized to run in well under a minute under
 * AddressSanitizer.
 */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include "app/market.h"
#include "app/rating.h"
#include "app/verify.h"
#include "sim/journey.h"

#define PROVIDERS 10
#define PEOPLE    1500
#define MONTHS    24
#define SEED      20261123

/* The true effects, odds × 1000, by provider id 1 … 10: shuffled, so that
 * neither id order nor load ties line up with them.  The better half are
 * those above 1000. */
static const int32_t odds[PROVIDERS + 1] = { 0, 1400, 600, 2000, 900, 500,
					     1250, 800, 1600, 700, 1100 };

struct world {
	char dir[256], db[300];
	struct app app;
	struct sim_journey_stats st;
};

static struct world W;

/* Rows of a query with no argument (id 0) or one id argument. */
static json_t *query(const char *sql, int64_t id)
{
	struct kverr e = { 0 };
	struct db *db = store_acquire(W.app.store);
	json_t *rows = id ? db_query_json(db, sql, "i", &e, id) :
			    db_query_json(db, sql, "", &e);

	store_release(W.app.store, db);
	if (!rows)
		fail_msg("%s: %s", sql, e.message);
	return rows;
}

static void exec_sql(struct db *db, const char *sql)
{
	struct kverr e = { 0 };

	if (db_exec(db, sql, &e))
		fail_msg("%s: %s", sql, e.message);
}

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* The programme (lov-almega: full and reduced outcomes), an area of
 * Uppsala county, an officer, and ten providers admitted in 2023 with a
 * staff account and premises in one of the area's municipalities. */
static void build_market(void)
{
	static const char *const munis[] = { "0305", "0319", "0330", "0331",
					     "0360", "0380", "0381", "0382" };
	struct kverr e = { 0 };
	json_t *out = NULL, *in;
	struct db *db;
	char sql[1200];

	in = json_object();
	if (app_run(&W.app, &app_system_actor, true, app_municipalities_load, in,
		    &out, &e))
		fail_msg("municipalities: %s", e.message);
	json_decref(in);
	json_decref(out);
	db = store_acquire(W.app.store);
	exec_sql(db, "INSERT INTO users(id, username, display_name, password_hash,"
		 " role, created_at) VALUES (1, 'officer', 'Handläggare', 'x',"
		 " 'case_officer', 0)");
	exec_sql(db, "INSERT INTO programmes(id, code, name, procurement_form,"
		 " rulebook, created_at) VALUES (1, 'sim', 'Simulerat program',"
		 " 'F-1', 'lov-almega', 0)");
	exec_sql(db, "INSERT INTO delivery_areas(id, programme_id, code, name,"
		 " created_at) VALUES (1, 1, 'UPPSALA', 'Uppsala län', 0)");
	for (size_t i = 0; i < sizeof(munis) / sizeof(munis[0]); i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO area_municipalities VALUES"
			 " (1, 1, '%s')", munis[i]);
		exec_sql(db, sql);
	}
	for (int p = 1; p <= PROVIDERS; p++) {
		snprintf(sql, sizeof(sql), "INSERT INTO providers(id, orgnr, name,"
			 " kind, email, digital_delivery, created_at) VALUES (%d,"
			 " '55600000%02d', 'Leverantör %d AB', 'company',"
			 " 'a@b.se', %d, 0); INSERT INTO provider_locations("
			 "provider_id, address, municipality_code, accessible)"
			 " VALUES (%d, 'Storgatan 1', '%s', %d); INSERT INTO"
			 " users(id, username, display_name, password_hash, role,"
			 " provider_id, created_at) VALUES (%d, 'staff%d', 'S',"
			 " 'x', 'provider_staff', %d, 0); INSERT INTO decisions("
			 "id, kind, provider_id, area_id, decided_by, delegation,"
			 " decided_on, reason, created_at) VALUES (%d, 'admit', %d,"
			 " 1, 1, 'D', '2023-06-01', 'Godkänd.', 0); INSERT INTO"
			 " admissions(provider_id, area_id, decision_id,"
			 " admitted_on) VALUES (%d, 1, %d, '2023-06-01')",
			 p, p, p, p % 3 == 0, p, munis[p % 8], p % 4 != 0,
			 100 + p, p, p, p, p, p, p);
		exec_sql(db, sql);
	}
	store_release(W.app.store, db);
}

static int setup(void **state)
{
	struct kverr e = { 0 };
	struct sim_journey_opts o = { .seed = SEED, .people = PEOPLE,
				      .months = MONTHS, .programme = "sim",
				      .provider_odds_milli = odds,
				      .n_provider_odds = PROVIDERS + 1,
				      .rating_months = 2 };

	(void)state;
	testutil_tmp_template(W.dir, sizeof(W.dir), "ratingsim");
	if (!mkdtemp(W.dir))
		return -1;
	snprintf(W.db, sizeof(W.db), "%s/k.db", W.dir);
	if (app_open(&W.app, W.db, 1, "rules", "data", &e))
		fail_msg("open: %s", e.message);
	W.app.fixed_now = (int64_t)D("2026-11-23") * 86400 + 12 * 3600;
	build_market();
	if (sim_journey_run(&W.app, &o, &W.st, &e))
		fail_msg("%s (%s: %s)", e.message, e.code, e.field);
	printf("rating sim: %d registered, %d chose, %d assigned by non-choice,"
	       " %d jobs, %d rating rounds published\n", W.st.registered,
	       W.st.chosen, W.st.assigned, W.st.ended_job, W.st.ratings);
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

/* Average ranks (1 … n, ties share their mean) of v[0 … n-1]. */
static void ranks(const double *v, int n, double *r)
{
	for (int i = 0; i < n; i++) {
		int below = 0, same = 0;

		for (int j = 0; j < n; j++) {
			below += v[j] < v[i];
			same += v[j] == v[i];
		}
		r[i] = below + (same + 1) / 2.0;
	}
}

/* Spearman's rho: Pearson's correlation of the ranks. */
static double spearman(const double *x, const double *y, int n)
{
	double rx[PROVIDERS], ry[PROVIDERS], mx = 0, my = 0, sxy = 0, sxx = 0,
	       syy = 0;

	ranks(x, n, rx);
	ranks(y, n, ry);
	for (int i = 0; i < n; i++) {
		mx += rx[i] / n;
		my += ry[i] / n;
	}
	for (int i = 0; i < n; i++) {
		sxy += (rx[i] - mx) * (ry[i] - my);
		sxx += (rx[i] - mx) * (rx[i] - mx);
		syy += (ry[i] - my) * (ry[i] - my);
	}
	return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
}

/* Spearman between the true effect and the ratio of the rated units of
 * one round; *n gets how many were rated. */
static double round_spearman(int64_t round, int *n)
{
	json_t *rows = query("SELECT provider_id, ratio_ppm, stars FROM"
			     " rating_rows WHERE round_id = ? AND reason ="
			     " 'rated' ORDER BY provider_id", round), *r;
	double x[PROVIDERS], y[PROVIDERS];
	size_t i;

	*n = 0;
	json_array_foreach(rows, i, r) {
		x[*n] = odds[get_int(r, "provider_id")];
		y[*n] = (double)get_int(r, "ratio_ppm");
		(*n)++;
	}
	json_decref(rows);
	return *n >= 3 ? spearman(x, y, *n) : 0;
}

/* the rating ranks the truly better providers higher. */
static void test_rating_finds_the_better_providers(void **state)
{
	json_t *rounds = query("SELECT id, measured_on FROM rating_rounds WHERE"
			       " status = 'published' ORDER BY measured_on", 0),
	       *r, *rows;
	double rho = 0;
	int n = 0, stars_better = 0, stars_worse = 0;
	size_t i;

	(void)state;
	assert_true(json_array_size(rounds) >= 10);
	json_array_foreach(rounds, i, r) {
		rho = round_spearman(get_int(r, "id"), &n);
		printf("rating sim: round %lld measured %s: %d of %d rated",
		       (long long)get_int(r, "id"),
		       json_string_value(json_object_get(r, "measured_on")), n,
		       PROVIDERS);
		if (n >= 3)
			printf(", Spearman(true effect, ratio) = %.3f", rho);
		putchar('\n');
	}
	/* The last round: every provider rated, and the ranking close to
	 * the truth. */
	assert_int_equal(n, PROVIDERS);
	assert_true(rho >= 0.7);
	/* Stars: the better half hold more of them than the worse half. */
	rows = query("SELECT provider_id, stars FROM rating_rows WHERE round_id"
		     " = ?", get_int(json_array_get(rounds,
		     json_array_size(rounds) - 1), "id"));
	json_array_foreach(rows, i, r) {
		if (odds[get_int(r, "provider_id")] > 1000)
			stars_better += (int)get_int(r, "stars");
		else
			stars_worse += (int)get_int(r, "stars");
	}
	printf("rating sim: last round stars, better half %d, worse half %d\n",
	       stars_better, stars_worse);
	assert_true(stars_better > stars_worse);
	json_decref(rows);
	json_decref(rounds);
}

/* C-4: rating-based non-choice moves participants toward the truly better
 * providers once a round is published. */
static void test_nonchoice_moves_toward_the_better(void **state)
{
	json_t *first = query("SELECT min(published_on) AS d FROM rating_rounds"
			      " WHERE status = 'published' AND id IN (SELECT"
			      " round_id FROM rating_rows WHERE reason ="
			      " 'rated')", 0);
	json_t *rows = query("SELECT provider_id, chosen_on, assign_reason FROM"
			     " participations WHERE how = 'nonchoice'", 0), *r;
	const char *since = json_string_value(json_object_get(json_array_get(first,
							      0), "d"));
	int before = 0, before_good = 0, after = 0, after_good = 0, named = 0;
	size_t i;

	(void)state;
	assert_non_null(since);
	json_array_foreach(rows, i, r) {
		bool good = odds[get_int(r, "provider_id")] > 1000;

		if (strcmp(json_string_value(json_object_get(r, "chosen_on")),
			   since) < 0) {
			before++;
			before_good += good;
		} else {
			after++;
			after_good += good;
			named += strstr(json_string_value(json_object_get(r,
					"assign_reason")), "rating round") != NULL;
		}
	}
	printf("rating sim: non-choice to the truly better half: %d of %d"
	       " (%.1f %%) before the first rated round (published %s), %d of"
	       " %d (%.1f %%) after\n", before_good, before,
	       100.0 * before_good / (before ? before : 1), since, after_good,
	       after, 100.0 * after_good / (after ? after : 1));
	assert_true(before >= 50 && after >= 50);
	/* After: most go to the better half, and far more than before. */
	assert_true(after_good * 100 >= after * 70);
	assert_true(after_good * before > before_good * after);
	/* Each assignment since names the round its rating came from. */
	assert_true(named * 10 >= after * 9);
	json_decref(first);
	json_decref(rows);
}

static void test_audit_records_every_round(void **state)
{
	json_t *n = query("SELECT (SELECT count(*) FROM audit_log WHERE action ="
			  " 'rating.compute') AS computed, (SELECT count(*) FROM"
			  " audit_log WHERE action = 'rating.publish') AS"
			  " published, (SELECT count(*) FROM rating_rounds) AS"
			  " rounds", 0);
	json_t *row = json_array_get(n, 0), *out = NULL;
	struct kverr e = { 0 };

	(void)state;
	assert_int_equal(get_int(row, "computed"), get_int(row, "rounds"));
	assert_int_equal(get_int(row, "published"), W.st.ratings);
	json_decref(n);
	assert_int_equal(app_run(&W.app, &app_system_actor, false,
				 app_audit_check, NULL, &out, &e), 0);
	json_decref(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rating_finds_the_better_providers),
		cmocka_unit_test(test_nonchoice_moves_toward_the_better),
		cmocka_unit_test(test_audit_records_every_round),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
