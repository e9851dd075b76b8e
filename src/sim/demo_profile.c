/*
 * demo_profile.c — the demo's profiling: every municipality gets a
 * registered unemployment rate for each month of the demo's two years
 * (drawn between 3 % and 12 %, as POPULATION.md draws them), and the
 * model shipped in data/profile-model.json is activated before the first
 * jobseeker registers, so the demo's assessments are the model's, with
 * their chances and explanations.  Without the file the demo
 * keeps the duration rule and says so.
 */
#include "sim/demo.h"
#include "sim/rng.h"
#include "app/files.h"
#include "app/profiling.h"

#include <stdio.h>
#include <string.h>

#define DEMO_RATE_MONTHS 27   /* the journeys' 24 months and a margin */

static int add_rates(struct app *app, uint64_t seed, struct kverr *e)
{
	struct db *db = store_acquire(app->store);
	json_t *codes = db_query_json(db, "SELECT code FROM municipalities"
				      " ORDER BY code", "", e);
	json_t *rates = json_array(), *in, *out = NULL, *c;
	struct sim_rng r;
	date_t today = app_civil_date(app_now(app));
	size_t i;
	int rc;

	store_release(app->store, db);
	if (!codes) {
		json_decref(rates);
		return -1;
	}
	sim_rng_seed(&r, seed ^ 0x6c6f63616cULL);
	json_array_foreach(codes, i, c) {
		int base = 300 + sim_rng_below(&r, 901);

		for (int m = 0; m < DEMO_RATE_MONTHS; m++) {
			date_t first = date_add_months(today, -m);
			char d[DATE_STRLEN], month[8];
			int y, mo, dd;
			bool winter;

			date_format(first, d);
			date_to_ymd(first, &y, &mo, &dd);
			snprintf(month, sizeof(month), "%.7s", d);
			/* A small season: higher in winter, as the register is. */
			winter = mo <= 2 || mo == 12;
			json_array_append_new(rates, json_pack("{s:s, s:s, s:i}",
					      "municipality", json_string_value(
					      json_object_get(c, "code")), "month",
					      month, "rate_bp", base + (winter ? 40 : 0)));
		}
	}
	json_decref(codes);
	in = json_pack("{s:o}", "rates", rates);
	rc = app_run(app, &app_system_actor, true, app_local_unemployment_set,
		     in, &out, e);
	json_decref(in);
	json_decref(out);
	return rc;
}

int demo_add_profiling(struct app *app, uint64_t seed, FILE *log,
		       struct kverr *e)
{
	char path[300];
	json_t *model, *in, *out = NULL;
	struct kverr le = { 0 };
	int64_t pinned = app->fixed_now, base = app_now(app);
	int rc;

	if (add_rates(app, seed, e))
		return -1;
	snprintf(path, sizeof(path), "%s/profile-model.json", app->data_dir);
	model = files_load_json(path, &le);
	if (!model) {
		fprintf(log, "demo: no %s, so tracks are set by unemployment"
			" duration (%s)\n", path, le.message);
		return 0;
	}
	/* Activated before the first of the journeys' registrations. */
	app->fixed_now = base - (int64_t)(DEMO_RATE_MONTHS - 1) * 31 * DEMO_DAY;
	in = json_pack("{s:o}", "model", model);
	rc = app_run(app, &app_system_actor, true, app_model_activate, in, &out, e);
	app->fixed_now = pinned;
	json_decref(in);
	if (rc == 0)
		fprintf(log, "demo: profiling model %s active; local unemployment"
			" for every municipality\n", json_string_value(
			json_object_get(out, "version")));
	json_decref(out);
	return rc;
}
