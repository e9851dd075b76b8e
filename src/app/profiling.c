/*
 * profiling.c — scoring a jobseeker with the active model at an
 * assessment; see profiling.h.  The rules are in
 * core/profile.c (features, score, track, explanation) and
 * core/targeting.c (recommended interventions); this file only gathers
 * the person's attributes from the store and decides when the model
 * cannot speak for them.
 */
#include "app/profiling.h"
#include "app/journey.h"
#include "core/profile.h"
#include "core/targeting.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The attributes as registration stores them, in profile.h's codes. */
static const char *const age_bands[] = { "16-24", "25-34", "35-44", "45-54",
					 "55-64", NULL };
static const char *const genders[] = { "woman", "man", NULL };
static const char *const regions[] = { "sweden", "europe", "outside_europe",
				       NULL };
static const char *const educations[] = { "below_upper_secondary",
					  "upper_secondary", "post_secondary",
					  NULL };

static int code_of(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static void fallback(struct profiling_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->fallback, sizeof(r->fallback), fmt, ap);
	va_end(ap);
}

static const char *row_text(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s ? s : "";
}

/*
 * The person as the model sees them.  Returns false, with the reason in
 * r->fallback, when an attribute has no place in the model: a gender other
 * than woman or man for a model that reads gender (its training data had
 * none), an occupation that is not an SSYK code.
 */
static bool read_person(const json_t *js, const struct profile_model *m,
			struct profile_person *p, struct profiling_result *r)
{
	const char *occupation = row_text(js, "occupation");
	int64_t previous = json_integer_value(json_object_get(js,
						"previous_registrations"));

	p->age_band = code_of(age_bands, row_text(js, "age_band"));
	p->gender = code_of(genders, row_text(js, "gender"));
	p->region = code_of(regions, row_text(js, "birth_region"));
	p->education = code_of(educations, row_text(js, "education"));
	p->disability = json_integer_value(json_object_get(js, "disability")) != 0;
	p->ui_member = json_integer_value(json_object_get(js, "ui_member")) != 0;
	p->previous = previous >= 2 ? 2 : (int)previous;
	p->field = occupation[0] >= '0' && occupation[0] <= '9' ?
		   occupation[0] - '0' : -1;
	if (m->with_protected && p->gender < 0) {
		fallback(r, "The model reads gender as woman or man and has no"
			 " data for \"%s\".", row_text(js, "gender"));
		return false;
	}
	if (p->age_band < 0 || p->region < 0 || p->education < 0 ||
	    p->field < 0) {
		fallback(r, "An attribute the model reads is missing or not in"
			 " its data (age band, birth region, education or"
			 " occupation).");
		return false;
	}
	return true;
}

/* The model reads local unemployment: the latest rate not after `on`. */
static int local_rate(struct app_ctx *cx, const json_t *js, date_t on,
		      int32_t *bp, struct profiling_result *r, struct kverr *e)
{
	char month[8], d[DATE_STRLEN];
	int64_t v;
	int rc;

	date_format(on, d);
	snprintf(month, sizeof(month), "%.7s", d);
	rc = db_query_int(cx->db, "SELECT rate_bp FROM local_unemployment WHERE"
			  " municipality_code = ? AND month <= ? ORDER BY month"
			  " DESC LIMIT 1", "ss", &v, e,
			  row_text(js, "municipality_code"), month);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		fallback(r, "No registered unemployment rate is known for"
			 " municipality %s in %s or earlier.",
			 row_text(js, "municipality_code"), month);
		*bp = -1;
		return 0;
	}
	*bp = (int32_t)v;
	return 0;
}

static json_t *factor_list(const struct profile_factor *f, int n)
{
	json_t *arr = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:f}", "name",
				      f[i].name, "text", f[i].text,
				      "contribution",
				      round(f[i].contribution * 1e4) / 1e4));
	return arr;
}

/* the five factors pushing up and the five pushing down. */
static void explain(const struct profile_model *m,
		    const struct profile_person *p, struct profiling_result *r)
{
	struct profile_factor up[5], down[5];
	int n_up = 0, n_down = 0;

	profile_explain(m, p, 5, up, &n_up, down, &n_down);
	r->factors = json_pack("{s:o, s:o}", "up", factor_list(up, n_up),
			       "down", factor_list(down, n_down));
}

/* what the model recommends for this chance, if anything. */
static int recommend(const json_t *body, struct profiling_result *r,
		     struct kverr *e)
{
	struct targeting t;
	const struct targeting_band *b;

	if (targeting_parse(body, &t, e))
		return -1;
	b = targeting_for(&t, (int32_t)r->score_ppm);
	if (!b)
		return 0;
	r->interventions = json_array();
	for (int i = 0; i < b->n; i++)
		json_array_append_new(r->interventions, json_string(b->types[i]));
	return 0;
}

/* what the model read, as registration stored it. */
static void record_inputs(struct profiling_result *r, bool with_protected,
			  const struct profile_person *p, const json_t *js)
{
	r->inputs = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:i, s:s,"
			      " s:i, s:i}", "model_version", r->version,
			      "age_band", row_text(js, "age_band"),
			      "gender", row_text(js, "gender"),
			      "birth_region", row_text(js, "birth_region"),
			      "education", row_text(js, "education"),
			      "disability", p->disability,
			      "ui_member", p->ui_member,
			      "previous_registrations", p->previous,
			      "occupation", row_text(js, "occupation"),
			      "local_unemployment_bp", (int)p->local_bp,
			      "months_unemployed", p->months);
	/* A model without the protected attributes never read them. */
	if (!with_protected) {
		json_object_del(r->inputs, "gender");
		json_object_del(r->inputs, "birth_region");
	}
}

/* The active model, parsed; 1 when there is none. */
static int active_model(struct app_ctx *cx, date_t on, struct profile_model *m,
			json_t **body, struct profiling_result *r,
			struct kverr *e)
{
	json_t *rows = db_query_json(cx->db, "SELECT version, body FROM models"
				     " WHERE active = 1", "", e);
	json_t *row;
	struct kverr pe;
	int horizon = (int)effective_or_first(&cx->app->profiling.horizon_months, on);

	if (!rows)
		return -1;
	row = json_array_get(rows, 0);
	if (!row) {
		json_decref(rows);
		return 1;
	}
	snprintf(r->version, sizeof(r->version), "%s", row_text(row, "version"));
	*body = json_loads(row_text(row, "body"), 0, NULL);
	json_decref(rows);
	kverr_clear(&pe);
	/* Checked at activation; the horizon may have changed since (P-14). */
	if (!*body || profile_model_parse(*body, horizon, m, &pe)) {
		fallback(r, "The active model %s cannot be used: %s", r->version,
			 *body ? pe.message : "its stored file is not JSON.");
		return 2;
	}
	return 0;
}

int profiling_assess(struct app_ctx *cx, int64_t id, date_t on,
		     int months_unemployed, struct profiling_result *r,
		     struct kverr *e)
{
	struct profile_model m;
	struct profile_person p = { 0 };
	json_t *body = NULL, *js;
	double chance;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = active_model(cx, on, &m, &body, r, e);
	if (rc != 0) {
		json_decref(body);
		return rc < 0 ? -1 : 0;
	}
	js = db_query_one(cx->db, "jobseeker", "SELECT age_band, gender,"
			  " birth_region, education, disability, ui_member,"
			  " previous_registrations, occupation, municipality_code"
			  " FROM jobseekers WHERE id = ?", "i", e, id);
	if (!js || local_rate(cx, js, on, &p.local_bp, r, e)) {
		json_decref(js);
		json_decref(body);
		return -1;
	}
	p.months = months_unemployed;
	if (p.local_bp < 0 || !read_person(js, &m, &p, r)) {
		json_decref(js);
		json_decref(body);
		return 0;
	}
	record_inputs(r, m.with_protected, &p, js);
	json_decref(js);
	chance = profile_score(&m, &p);
	r->by_model = true;
	r->score_ppm = (int64_t)llround(chance * 1e6);
	r->track = profile_track(&m, chance);
	explain(&m, &p, r);
	rc = recommend(body, r, e);
	json_decref(body);
	return rc;
}

void profiling_result_free(struct profiling_result *r)
{
	json_decref(r->inputs);
	json_decref(r->factors);
	json_decref(r->interventions);
	memset(r, 0, sizeof(*r));
}
