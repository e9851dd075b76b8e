/*
 * gen_store.c — a large generated market in a kundval database, for the
 * payment run's crash test and benchmark: the demo market (programmes,
 * areas, admitted providers, accounts) built through the use cases, then
 * N jobseekers with an assessment and a participation each, and jobs with
 * approved outcomes and confirmed months, inserted in one transaction
 * with prepared statements (the use cases would take hours for 500,000).
 *
 *   gen-store --db FILE --n N --period YYYY-MM [--seed S] [--history M]
 *
 * Participations start uniformly over the 24 months before --period; 15 %
 * end early with a job that becomes an approved outcome with 1–12
 * confirmed months.  --history M prepares and approves the runs of the M
 * months before --period (controller1 prepares, controller2 approves), so
 * the ledger holds a history like a real one.
 */
#include "app/app.h"
#include "app/auth.h"
#include "app/payrun.h"
#include "sim/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gen {
	struct app app;
	uint64_t rng;
	month_t period;
	int64_t programme;
	json_t *areas;        /* [{area_id, munis: [...], providers: [...]}] */
};

static uint64_t rnd(struct gen *g)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 2685821657736338717ULL;
}

static int below(struct gen *g, int n)
{
	return (int)(rnd(g) % (uint64_t)n);
}

static int fail(const struct kverr *e, const char *what)
{
	fprintf(stderr, "gen-store: %s: %s (%s %s)\n", what, e->message, e->code,
		e->field);
	return 1;
}

/* The national programme's areas with their municipalities and the
 * providers admitted there. */
static int load_areas(struct gen *g, struct db *db, struct kverr *e)
{
	json_t *a;
	size_t i;

	if (db_query_int(db, "SELECT id FROM programmes WHERE code ="
			 " 'rusta-matcha'", "", &g->programme, e) != 0)
		return -1;
	g->areas = db_query_json(db, "SELECT id AS area_id FROM delivery_areas"
				 " WHERE programme_id = ? AND id IN (SELECT area_id"
				 " FROM admissions WHERE ended_on IS NULL) ORDER BY"
				 " id", "i", e, g->programme);
	json_array_foreach(g->areas, i, a) {
		int64_t id = json_integer_value(json_object_get(a, "area_id"));

		json_object_set_new(a, "munis", db_query_json(db, "SELECT"
			" municipality_code AS c FROM area_municipalities WHERE"
			" area_id = ? ORDER BY 1", "i", e, id));
		json_object_set_new(a, "providers", db_query_json(db, "SELECT"
			" provider_id AS p FROM admissions WHERE area_id = ? AND"
			" ended_on IS NULL ORDER BY 1", "i", e, id));
	}
	return g->areas && json_array_size(g->areas) ? 0 : -1;
}

#define JS_INSERT "INSERT INTO jobseekers(id, ref, pnr, pnr_kind, programme_id," \
	" given_name, family_name, municipality_code, unemployed_since," \
	" registered_on, age_band, gender, birth_region, education, disability," \
	" ui_member, occupation, previous_registrations, created_at) VALUES" \
	" (?, ?, ?, 'personnummer', ?, 'Gen', 'Person', ?, ?, ?, '25-34'," \
	" 'woman', 'sweden', 'upper_secondary', 0, 1, '4110', 0, 0)"
#define AS_INSERT "INSERT INTO assessments(jobseeker_id, assessed_on, method," \
	" inputs, track, reason, created_at) VALUES (?, ?, 'duration', '{}', ?," \
	" '', 0)"
#define PA_INSERT "INSERT INTO participations(id, jobseeker_id, provider_id," \
	" area_id, programme_id, track, how, chosen_on, starts_on, ends_on," \
	" end_reason, created_at, municipality_code) VALUES (?, ?, ?, ?, ?, ?," \
	" 'choice', ?, ?, ?, ?, 0, ?)"
#define OU_INSERT "INSERT INTO outcomes(participation_id, provider_id, type," \
	" starts_on, occupation, extent_percent, status, claimed_on, created_at)" \
	" VALUES (?, ?, 'employment', ?, '4110', 100, 'approved', ?, 0) RETURNING id"
#define OM_INSERT "INSERT INTO outcome_months(outcome_id, month, continues," \
	" self_supporting, confirmed_by, confirmed_on) VALUES (?, ?, 1, 1, 1, ?)"

enum { S_JS, S_AS, S_PA, S_OU, S_OM, S_COUNT };

static int step(struct db_stmt *st, struct kverr *e)
{
	int rc = db_step(st, e) == DB_ERROR ? -1 : 0;

	db_reset(st);
	return rc;
}

/* A job the day after the participation ended: an approved outcome with
 * 1–12 confirmed months, none after the month before --period. */
static int add_job(struct gen *g, struct db_stmt **st, int64_t part,
		   int64_t provider, date_t from, struct kverr *e)
{
	char d[DATE_STRLEN], m[MONTH_STRLEN];
	int64_t outcome = 0;
	int months = 1 + below(g, 12);

	date_format(from, d);
	db_bind_int(st[S_OU], 1, part);
	db_bind_int(st[S_OU], 2, provider);
	db_bind_text(st[S_OU], 3, d);
	db_bind_text(st[S_OU], 4, d);
	if (db_step(st[S_OU], e) != DB_ROW)
		return -1;
	outcome = db_column_int(st[S_OU], 0);
	db_reset(st[S_OU]);
	for (month_t k = date_month(from); k < date_month(from) + months &&
	     k < g->period; k++) {
		month_format(k, m);
		db_bind_int(st[S_OM], 1, outcome);
		db_bind_text(st[S_OM], 2, m);
		db_bind_text(st[S_OM], 3, d);
		if (step(st[S_OM], e))
			return -1;
	}
	return 0;
}

/* One person: a jobseeker, the assessment, the participation and maybe a
 * job with its months. */
static int one(struct gen *g, struct db_stmt **st, int64_t id, struct kverr *e)
{
	const json_t *area = json_array_get(g->areas, (size_t)below(g,
					    (int)json_array_size(g->areas)));
	const json_t *munis = json_object_get(area, "munis");
	const json_t *provs = json_object_get(area, "providers");
	const char *muni = json_string_value(json_object_get(json_array_get(munis,
		(size_t)below(g, (int)json_array_size(munis))), "c"));
	int64_t provider = json_integer_value(json_object_get(json_array_get(provs,
		(size_t)below(g, (int)json_array_size(provs))), "p"));
	date_t first = month_first_day(g->period - 24);
	date_t start = first + below(g, month_first_day(g->period) - first + 20);
	date_t end = start + 104 * 7 - 1, chosen = start - 7;
	bool job = below(g, 100) < 15;
	int track = 1 + below(g, 4);
	char ref[32], pnr[32], s[DATE_STRLEN], c[DATE_STRLEN], en[DATE_STRLEN];

	if (job)
		end = start + 30 + below(g, 300);
	snprintf(ref, sizeof(ref), "JS-%07lld", (long long)id);
	snprintf(pnr, sizeof(pnr), "19%010lld", (long long)id);
	date_format(start, s);
	date_format(chosen, c);
	date_format(end, en);
	db_bind_int(st[S_JS], 1, id);
	db_bind_text(st[S_JS], 2, ref);
	db_bind_text(st[S_JS], 3, pnr);
	db_bind_int(st[S_JS], 4, g->programme);
	db_bind_text(st[S_JS], 5, muni);
	db_bind_text(st[S_JS], 6, c);
	db_bind_text(st[S_JS], 7, c);
	db_bind_int(st[S_AS], 1, id);
	db_bind_text(st[S_AS], 2, c);
	db_bind_int(st[S_AS], 3, track);
	db_bind_int(st[S_PA], 1, id);
	db_bind_int(st[S_PA], 2, id);
	db_bind_int(st[S_PA], 3, provider);
	db_bind_int(st[S_PA], 4, json_integer_value(json_object_get(area, "area_id")));
	db_bind_int(st[S_PA], 5, g->programme);
	db_bind_int(st[S_PA], 6, track);
	db_bind_text(st[S_PA], 7, c);
	db_bind_text(st[S_PA], 8, s);
	db_bind_text(st[S_PA], 9, en);
	db_bind_text(st[S_PA], 10, job ? "job" : "max_duration");
	db_bind_text(st[S_PA], 11, muni);
	if (step(st[S_JS], e) || step(st[S_AS], e) || step(st[S_PA], e))
		return -1;
	return job ? add_job(g, st, id, provider, end + 1, e) : 0;
}

static int people(struct gen *g, int64_t n, struct kverr *e)
{
	static const char *const sql[S_COUNT] = { JS_INSERT, AS_INSERT, PA_INSERT,
						  OU_INSERT, OM_INSERT };
	struct db *db = store_acquire(g->app.store);
	struct db_stmt *st[S_COUNT] = { 0 };
	int64_t base = 0;
	int rc = load_areas(g, db, e) || db_begin(db, e) ||
		 db_query_int(db, "SELECT coalesce(max(id), 0) FROM jobseekers", "",
			      &base, e) != 0 ? -1 : 0;

	for (int i = 0; i < S_COUNT && !rc; i++)
		rc = db_prepare(db, sql[i], &st[i], e);
	for (int64_t i = 1; i <= n && !rc; i++)
		rc = one(g, st, base + i, e);
	for (int i = 0; i < S_COUNT; i++)
		if (st[i])
			db_finalize(st[i]);
	rc = rc || db_commit(db, e);
	if (rc)
		db_rollback(db);
	store_release(g->app.store, db);
	return rc;
}

/* The runs of the months before --period, prepared and approved. */
static int history(struct gen *g, int months, struct kverr *e)
{
	struct actor c1, c2;

	if (auth_resolve_username(&g->app, "controller1", &c1, e) ||
	    auth_resolve_username(&g->app, "controller2", &c2, e))
		return -1;
	for (month_t m = g->period - months; m < g->period; m++) {
		char period[MONTH_STRLEN];
		json_t *out = NULL, *in;
		int rc;

		month_format(m, period);
		g->app.fixed_now = (int64_t)(month_first_day(m) + 19) * 86400 + 43200;
		if (payrun_prepare(&g->app, &c1, period, NULL, NULL, &out, e))
			return -1;
		in = json_pack("{s:I, s:s}", "payrun_id", (json_int_t)
			       json_integer_value(json_object_get(out, "id")),
			       "delegation", "Generated history");
		json_decref(out);
		out = NULL;
		rc = app_run(&g->app, &c2, true, app_payrun_approve, in, &out, e);
		json_decref(in);
		json_decref(out);
		if (rc)
			return -1;
		fprintf(stderr, "gen-store: run %s approved\n", period);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct gen g = { .rng = 88172645463325252ULL };
	struct kverr e = { 0 };
	const char *db = NULL, *period = NULL;
	int64_t n = 0;
	int months = 0;
	FILE *devnull = fopen("/dev/null", "w");

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--db"))
			db = argv[i + 1];
		else if (!strcmp(argv[i], "--n"))
			n = strtoll(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--period"))
			period = argv[i + 1];
		else if (!strcmp(argv[i], "--seed"))
			g.rng = strtoull(argv[i + 1], NULL, 10) | 1;
		else if (!strcmp(argv[i], "--history"))
			months = (int)strtol(argv[i + 1], NULL, 10);
	}
	if (!db || n <= 0 || !period || month_parse(period, &g.period) || !devnull) {
		fprintf(stderr, "usage: gen-store --db FILE --n N --period YYYY-MM"
			" [--seed S] [--history MONTHS]\n");
		return 2;
	}
	if (auth_init() || app_open(&g.app, db, 1, "rules", "data", &e))
		return fail(&e, "open");
	/* The market as of the 20th of --period. */
	g.app.fixed_now = (int64_t)(month_first_day(g.period) + 19) * 86400 + 43200;
	if (demo_build_market(&g.app, 7, devnull, &e))
		return fail(&e, "market");
	if (people(&g, n, &e))
		return fail(&e, "people");
	fprintf(stderr, "gen-store: %lld participations\n", (long long)n);
	if (months && history(&g, months, &e))
		return fail(&e, "history");
	json_decref(g.areas);
	app_close(&g.app);
	fclose(devnull);
	return 0;
}
