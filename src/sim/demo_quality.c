/*
 * demo_quality.c — the demo's quality follow-up, so the comparison page
 * shows what a jobseeker would see in a market that has run two years:
 * participants' survey answers for every admitted provider (each provider
 * with its own level of satisfaction and accessibility, D-4, R-2), and
 * the authority's checks — a warning for the provider with the worst
 * accessibility and a temporary order stop for another (D-10, F-6), each
 * by a case officer under a delegation.  Everything goes through
 * the use cases, as real use would.
 */
#include "sim/demo.h"
#include "sim/rng.h"
#include "app/auth.h"
#include "app/quality.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <string.h>

#define DEMO_ANSWERS_MIN 6
#define DEMO_ANSWERS_SPAN 15

/* One provider's answers: its own mean quality and accessibility share. */
static void provider_answers(struct strbuf *sb, struct sim_rng *r,
			     const json_t *adm, date_t today, int *worst_pct,
			     int64_t *worst)
{
	int n = DEMO_ANSWERS_MIN + sim_rng_below(r, DEMO_ANSWERS_SPAN);
	date_t admitted = 0, first;
	int level = 2 + sim_rng_below(r, 3);        /* a typical score 2 … 4 */
	int access = 35 + sim_rng_below(r, 61);      /* % who find it easy */
	int good = 0;

	/* Answers come from the provider's own participants: after admission. */
	date_parse(json_string_value(json_object_get(adm, "admitted_on")), &admitted);
	first = date_add_days(today, -300) > admitted ? date_add_days(today, -300)
						      : admitted;
	if (today - first < 14)
		return;
	for (int i = 0; i < n; i++) {
		char d[DATE_STRLEN];
		int q = level + sim_rng_below(r, 2);     /* level or one above */
		bool yes = sim_rng_below(r, 100) < access;

		good += yes;
		date_format(date_add_days(first, sim_rng_below(r, (int)(today - first))), d);
		strbuf_addf(sb, "participant,%s,%s,%s,%s,%d,%d,%d,%d,%d,%s\n",
			       json_string_value(json_object_get(adm, "programme")),
			       json_string_value(json_object_get(adm, "area")),
			       json_string_value(json_object_get(adm, "orgnr")),
			       d, q, q, level + 1, level, q, yes ? "yes" : "no");
	}
	if (good * 100 / n < *worst_pct) {
		*worst_pct = good * 100 / n;
		*worst = json_integer_value(json_object_get(adm, "id"));
	}
}

static int add_surveys(struct app *app, uint64_t seed, json_t *adms,
		       int64_t *worst, struct kverr *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct sim_rng r;
	date_t today = app_civil_date(app_now(app));
	json_t *in, *out = NULL, *adm;
	int worst_pct = 101, rc;
	size_t i;

	strbuf_addf(&sb, "respondent,programme,area,provider_orgnr,answered_on,"
		       "quality,accessibility,responsiveness,scope,matching,"
		       "good_accessibility\n");
	sim_rng_seed(&r, seed ^ 0x7375727665ULL);
	json_array_foreach(adms, i, adm)
		provider_answers(&sb, &r, adm, today, &worst_pct, worst);
	in = json_pack("{s:s}", "csv", strbuf_str(&sb));
	strbuf_release(&sb);
	rc = app_run(app, &app_system_actor, true, app_survey_import, in, &out, e);
	json_decref(in);
	json_decref(out);
	return rc;
}

/* D-10, F-6, Q-7: a case officer's warning and an order stop. */
static int add_sanctions(struct app *app, const json_t *warned,
			 const json_t *stopped, struct kverr *e)
{
	struct actor officer;
	char until[DATE_STRLEN];
	json_t *in, *out = NULL;
	int rc;

	if (auth_resolve_username(app, "handlaggare1", &officer, e))
		return -1;
	in = json_pack("{s:O, s:O, s:s, s:s}", "provider_id",
		       json_object_get(warned, "provider_id"), "area_id",
		       json_object_get(warned, "area_id"), "problems",
		       "Under 60 % av deltagarna tycker att det är lätt att nå"
		       " leverantören (D-4).", "delegation",
		       "Delegationsordning 5.2");
	rc = app_run(app, &officer, true, app_warning_issue, in, &out, e);
	json_decref(in);
	json_decref(out);
	if (rc)
		return -1;
	date_format(date_add_days(app_civil_date(app_now(app)), 45), until);
	in = json_pack("{s:O, s:O, s:s, s:s, s:s}", "provider_id",
		       json_object_get(stopped, "provider_id"), "area_id",
		       json_object_get(stopped, "area_id"), "until_on", until,
		       "reason", "Handledarna saknar den utbildning som krävs"
		       " (D-1); inga nya deltagare tills det är rättat.",
		       "delegation", "Delegationsordning 5.1");
	out = NULL;
	rc = app_run(app, &officer, true, app_order_stop_issue, in, &out, e);
	json_decref(in);
	json_decref(out);
	return rc;
}

static int64_t row_id(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The order stop goes to a provider in an area where at least three are
 * admitted, so jobseekers there still have a choice while it lasts. */
static const json_t *pick_stopped(const json_t *adms, const json_t *warned)
{
	const json_t *best = NULL, *a, *b;
	size_t i, k;

	json_array_foreach(adms, i, a) {
		int same_area = 0;

		if (a == warned)
			continue;
		json_array_foreach(adms, k, b)
			same_area += row_id(a, "area_id") == row_id(b, "area_id");
		if (same_area >= 3)
			best = a;
	}
	return best;
}

int demo_add_quality(struct app *app, uint64_t seed, FILE *log,
		     struct kverr *e)
{
	struct db *db = store_acquire(app->store);
	json_t *adms = db_query_json(db, "SELECT a.id, a.provider_id, a.area_id,"
				     " a.admitted_on,"
				     " pr.code AS programme, d.code AS area,"
				     " pv.orgnr FROM admissions a JOIN delivery_areas d"
				     " ON d.id = a.area_id JOIN programmes pr ON"
				     " pr.id = d.programme_id JOIN providers pv ON"
				     " pv.id = a.provider_id WHERE a.ended_on IS NULL"
				     " ORDER BY a.id", "", e);
	const json_t *warned = NULL, *stopped;
	int64_t worst = 0;
	size_t i;
	json_t *adm;

	store_release(app->store, db);
	if (!adms)
		return -1;
	if (json_array_size(adms) < 2) {     /* nothing to follow up yet */
		json_decref(adms);
		return 0;
	}
	if (add_surveys(app, seed, adms, &worst, e)) {
		json_decref(adms);
		return -1;
	}
	json_array_foreach(adms, i, adm)
		if (json_integer_value(json_object_get(adm, "id")) == worst)
			warned = adm;
	stopped = pick_stopped(adms, warned);
	if (warned && stopped && add_sanctions(app, warned, stopped, e)) {
		json_decref(adms);
		return -1;
	}
	fprintf(log, "demo: survey answers for %zu admissions, a warning and an"
		" order stop\n", json_array_size(adms));
	json_decref(adms);
	return 0;
}
