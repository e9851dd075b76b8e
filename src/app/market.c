/*
 * market.c — municipalities, programmes, delivery areas and the public
 * provider list (see market.h).
 */
#include "app/market.h"
#include "app/files.h"
#include "app/input.h"
#include "app/providers.h"
#include "app/quality.h"
#include "app/rulebooks.h"
#include "core/limits.h"
#include "core/municipality.h"
#include "core/nonchoice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MUNICIPALITY_FILE_MAX (256 * 1024)

static int insert_municipality(struct app_ctx *cx, const char *line, int lineno,
			       struct kverr *e)
{
	struct municipality m;

	if (municipality_parse_csv(line, &m, e)) {
		char where[64];

		snprintf(where, sizeof(where), "line %d", lineno);
		kverr_prefix_field(e, where);
		return -1;
	}
	return db_run(cx->db, "INSERT INTO municipalities(code, name, county,"
		      " population, land_km2_centi) VALUES (?, ?, ?, ?, ?)",
		      "sssii", e, m.code, m.name, m.county, m.population,
		      m.land_km2_centi);
}

int app_municipalities_load(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	char path[300], *text, *line, *next;
	int64_t have = 0;
	int n = 0, lineno = 0, rc = 0;

	(void)in;
	if (app_require(cx, ROLE_ADMIN, e) ||
	    db_query_int(cx->db, "SELECT count(*) FROM municipalities", "",
			 &have, e, 0) < 0)
		return -1;
	if (have == 0) {
		snprintf(path, sizeof(path), "%s/municipalities.csv",
			 cx->app->data_dir);
		text = files_read(path, MUNICIPALITY_FILE_MAX, NULL, e);
		if (!text)
			return -1;
		/* Split by hand so that line numbers in errors stay true
		 * even when the file has blank lines. */
		for (line = text; line && *line && rc == 0; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (++lineno == 1 || line[0] == '\0' || line[0] == '\r')
				continue;  /* the header row, blank lines */
			rc = insert_municipality(cx, line, lineno, e);
			n++;
		}
		free(text);
		if (rc || app_audit(cx, "municipalities.load", "municipality",
				    0, NULL, e))
			return -1;
	}
	*out = json_pack("{s:i, s:I}", "loaded", n, "total", (json_int_t)(have + n));
	return 0;
}

int app_municipalities_list(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	(void)in;
	*out = db_query_json(cx->db, "SELECT code, name, county, population"
			     " FROM municipalities ORDER BY code", "", e);
	return *out ? 0 : -1;
}

int app_programme_create(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "code", "name", "procurement_form",
					    "rulebook", "nonchoice_rule",
					    "activity_requirement", NULL };
	static const char *const forms[] = { "F-1", "F-2", "F-3", "F-4", "F-5",
					     NULL };
	const char *code, *name, *rulebook;
	struct rulebook rb;
	int form = 0, rule = NONCHOICE_BEST_RATED;
	bool activity = false;
	int64_t id;

	/* F-1 … F-5: the procurement form decides how providers enter. */
	if (app_require(cx, ROLE_ADMIN, e) || in_object(in, keys, e) ||
	    in_string(in, "code", true, LIMIT_CODE, &code, e) ||
	    in_string(in, "name", true, LIMIT_NAME, &name, e) ||
	    in_enum(in, "procurement_form", true, forms, &form, e) ||
	    in_string(in, "rulebook", true, LIMIT_CODE, &rulebook, e) ||
	    /* C-4: how jobseekers who do not choose are assigned. */
	    in_enum(in, "nonchoice_rule", false, nonchoice_rule_names, &rule, e) ||
	    /* D-11: municipal programmes may require check-in and -out. */
	    in_bool(in, "activity_requirement", false, &activity, e))
		return -1;
	/* The programme must be paid by a rulebook that exists and loads. */
	if (rulebooks_load(cx->app->rules_dir, rulebook, &rb, e)) {
		kverr_set(e, KVERR_INVALID, "unknown_rulebook", "rulebook",
			  "There is no valid rulebook \"%s\" in %s.", rulebook,
			  cx->app->rules_dir);
		return -1;
	}
	if (db_query_int(cx->db, "INSERT INTO programmes(code, name,"
			 " procurement_form, rulebook, nonchoice_rule,"
			 " activity_requirement, created_at)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "sssssii",
			 &id, e, code, name, forms[form], rulebook,
			 nonchoice_rule_names[rule], (int64_t)activity,
			 cx->now) != 0) {
		if (e->cls == KVERR_CONFLICT)
			snprintf(e->field, sizeof(e->field), "code");
		return -1;
	}
	if (app_audit(cx, "programme.create", "programme", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "programme", "SELECT id, code, name,"
			    " procurement_form, rulebook, nonchoice_rule,"
			    " activity_requirement AS bool_activity_requirement"
			    " FROM programmes WHERE id = ?", "i", e, id);
	return *out ? 0 : -1;
}

static json_t *areas_of(struct app_ctx *cx, int64_t programme_id,
			struct kverr *e)
{
	json_t *areas = db_query_json(cx->db, "SELECT id, code, name FROM"
				      " delivery_areas WHERE programme_id = ?"
				      " ORDER BY code", "i", e, programme_id);
	size_t i;
	json_t *a;

	json_array_foreach(areas, i, a) {
		json_t *m = db_query_json(cx->db, "SELECT municipality_code"
					  " AS code, m.name FROM area_municipalities"
					  " am JOIN municipalities m ON"
					  " m.code = am.municipality_code WHERE"
					  " area_id = ? ORDER BY m.code", "i", e,
					  json_integer_value(json_object_get(a, "id")));
		if (!m) {
			json_decref(areas);
			return NULL;
		}
		json_object_set_new(a, "municipalities", m);
	}
	return areas;
}

int app_programmes_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	(void)in;
	*out = db_query_json(cx->db, "SELECT id, code, name, procurement_form,"
			     " rulebook, nonchoice_rule, activity_requirement AS"
			     " bool_activity_requirement FROM programmes ORDER BY"
			     " code", "", e);
	return *out ? 0 : -1;
}

int app_programme_get(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "programme_id", NULL };
	int64_t id = 0;
	json_t *p, *areas;

	if (in_object(in, keys, e) ||
	    in_int(in, "programme_id", true, 1, INT64_MAX, &id, e))
		return -1;
	p = db_query_one(cx->db, "programme", "SELECT id, code, name,"
			 " procurement_form, rulebook, nonchoice_rule,"
			 " activity_requirement AS bool_activity_requirement"
			 " FROM programmes WHERE id = ?", "i", e, id);
	if (!p)
		return -1;
	areas = areas_of(cx, id, e);
	if (!areas) {
		json_decref(p);
		return -1;
	}
	json_object_set_new(p, "areas", areas);
	*out = p;
	return 0;
}

/* Each municipality must exist and not already lie in another area of the
 * same programme: a residence names exactly one delivery area. */
static int check_area_municipalities(struct app_ctx *cx, int64_t programme_id,
				     json_t *list, struct kverr *e)
{
	size_t i;
	json_t *v;
	int64_t n;

	json_array_foreach(list, i, v) {
		char field[40];
		const char *code = json_string_value(v);

		snprintf(field, sizeof(field), "municipalities[%zu]", i);
		if (!code)
			return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", field,
					 "Each municipality must be a code as text.");
		for (size_t k = 0; k < i; k++)
			if (json_equal(json_array_get(list, k), v))
				return kverr_set(e, KVERR_INVALID, "duplicate", field,
						 "Municipality %.8s is listed twice.",
						 code);
		if (db_query_int(cx->db, "SELECT count(*) FROM municipalities"
				 " WHERE code = ?", "s", &n, e, code) < 0)
			return -1;
		if (n == 0)
			return kverr_set(e, KVERR_INVALID, "unknown_municipality",
					 field, "No municipality has the code \"%.8s\".",
					 code);
		if (db_query_int(cx->db, "SELECT count(*) FROM area_municipalities"
				 " WHERE programme_id = ? AND municipality_code = ?",
				 "is", &n, e, programme_id, code) < 0)
			return -1;
		if (n > 0)
			return kverr_set(e, KVERR_CONFLICT, "municipality_taken",
					 field, "Municipality %.8s already belongs to a"
					 " delivery area of this programme.", code);
	}
	return 0;
}

int app_area_create(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	static const char *const keys[] = { "programme_id", "code", "name",
					    "municipalities", NULL };
	const char *code, *name;
	int64_t programme_id = 0, id, n;
	json_t *list, *v;
	size_t i;

	if (app_require(cx, ROLE_ADMIN, e) || in_object(in, keys, e) ||
	    in_int(in, "programme_id", true, 1, INT64_MAX, &programme_id, e) ||
	    in_string(in, "code", true, LIMIT_CODE, &code, e) ||
	    in_string(in, "name", true, LIMIT_NAME, &name, e) ||
	    in_array(in, "municipalities", true, 290, &list, e))
		return -1;
	if (db_query_int(cx->db, "SELECT count(*) FROM programmes WHERE id = ?",
			 "i", &n, e, programme_id) < 0)
		return -1;
	if (n == 0)
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "programme_id",
				 "No such programme.");
	if (check_area_municipalities(cx, programme_id, list, e))
		return -1;
	if (db_query_int(cx->db, "INSERT INTO delivery_areas(programme_id, code,"
			 " name, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			 "issi", &id, e, programme_id, code, name, cx->now) != 0) {
		if (e->cls == KVERR_CONFLICT)
			snprintf(e->field, sizeof(e->field), "code");
		return -1;
	}
	json_array_foreach(list, i, v) {
		if (db_run(cx->db, "INSERT INTO area_municipalities(area_id,"
			   " programme_id, municipality_code) VALUES (?, ?, ?)",
			   "iis", e, id, programme_id, json_string_value(v)))
			return -1;
	}
	if (app_audit(cx, "area.create", "delivery_area", id, in, e))
		return -1;
	*out = json_pack("{s:I, s:I, s:s, s:s, s:O}", "id", (json_int_t)id,
			 "programme_id", (json_int_t)programme_id, "code", code,
			 "name", name, "municipalities", list);
	return 0;
}

/*
 * C-1, R-2: what a jobseeker compares besides the profile, for the
 * provider in this area: the stars of the latest published rating round
 * (null while not yet rated), what participants answered in the surveys
 * of the last twelve months (the overall quality item and D-4's good
 * accessibility), and the authority's checks of the same months (reviews,
 * warnings, an order stop in force).  Published beside the rating, never
 * inside it.
 */
static int add_published_results(struct app_ctx *cx, json_t *row,
				 struct kverr *e)
{
	int64_t provider = json_integer_value(json_object_get(row, "id"));
	int64_t area = json_integer_value(json_object_get(row, "area_id"));
	date_t from = date_add_days(date_add_months(cx->today, -12), 1);
	char f[DATE_STRLEN], t[DATE_STRLEN];
	json_t *rating, *survey, *checks;

	date_format(from, f);
	date_format(cx->today, t);
	rating = db_query_json(cx->db, "SELECT round_id, stars, ratio_ppm FROM"
			       " rating_latest WHERE provider_id = ? AND area_id = ?",
			       "ii", e, provider, area);
	survey = rating ? db_query_one(cx->db, "survey", "SELECT count(*) AS"
			  " answers, count(quality) AS quality_answers,"
			  " coalesce(sum(quality), 0) AS quality_sum,"
			  " count(good_accessibility) AS accessibility_answers,"
			  " coalesce(sum(good_accessibility), 0) AS accessibility_good"
			  " FROM survey_answers WHERE provider_id = ? AND area_id = ?"
			  " AND respondent = 'participant' AND answered_on >= ? AND"
			  " answered_on <= ?", "iiss", e, provider, area, f, t) : NULL;
	checks = survey ? sanctions_summary(cx, provider, area, from, cx->today, e)
			: NULL;
	if (!checks) {
		json_decref(rating);
		json_decref(survey);
		return -1;
	}
	if (json_array_size(rating)) {
		json_t *r = json_array_get(rating, 0);

		json_object_set(row, "stars", json_object_get(r, "stars"));
		json_object_set(row, "rating_round_id", json_object_get(r, "round_id"));
		json_object_set(row, "rating_ratio_ppm", json_object_get(r, "ratio_ppm"));
	} else {
		json_object_set_new(row, "stars", json_null());
	}
	json_decref(rating);
	json_object_set_new(row, "survey", survey);
	json_object_set_new(row, "checks", checks);
	return 0;
}

int app_public_providers(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "municipality", "programme_id", NULL };
	const char *muni;
	int64_t programme_id = 0, n;
	json_t *rows, *row;
	size_t i;

	if (in_object(in, keys, e) ||
	    in_string(in, "municipality", true, 4, &muni, e) ||
	    in_int(in, "programme_id", false, 1, INT64_MAX, &programme_id, e))
		return -1;
	if (db_query_int(cx->db, "SELECT count(*) FROM municipalities WHERE"
			 " code = ?", "s", &n, e, muni) < 0)
		return -1;
	if (n == 0)
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "municipality",
				 "No municipality has that code.");
	/* Admission is per delivery area; an ended admission no
	 * longer shows. */
	rows = db_query_json(cx->db, "SELECT p.id, p.name, a.id AS admission_id,"
			     " d.id AS area_id, d.name AS area_name,"
			     " pr.id AS programme_id, pr.name AS programme_name,"
			     " a.admitted_on FROM admissions a"
			     " JOIN area_municipalities am ON am.area_id = a.area_id"
			     " JOIN delivery_areas d ON d.id = a.area_id"
			     " JOIN programmes pr ON pr.id = d.programme_id"
			     " JOIN providers p ON p.id = a.provider_id"
			     " WHERE am.municipality_code = ? AND a.ended_on IS NULL"
			     " AND (? = 0 OR pr.id = ?) ORDER BY pr.id, p.name",
			     "sii", e, muni, programme_id, programme_id);
	if (!rows)
		return -1;
	json_array_foreach(rows, i, row) {
		if (providers_add_profile(cx, row, e) ||
		    add_published_results(cx, row, e)) {
			json_decref(rows);
			return -1;
		}
	}
	*out = json_pack("{s:s, s:o}", "municipality", muni, "providers", rows);
	return 0;
}
