/*
 * models.c — the profiling models the authority loads and activates, the
 * local unemployment rates they read, and the count of case officers'
 * overrides.  See profiling.h.
 *
 * A model is stored whole and never deleted, so every assessment can be
 * traced to the exact file that scored it; activating one deactivates the
 * others (at most one is active, enforced by a unique index too).
 */
#include "app/profiling.h"
#include "app/input.h"
#include "core/limits.h"
#include "core/profile.h"
#include "core/targeting.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_TEXT_MAX (1 << 20)

/* The model as stored: canonical JSON text, and its SHA-256. */
static char *model_text(const json_t *model, char sha[65], struct kverr *e)
{
	char *text = json_dumps(model, JSON_COMPACT | JSON_SORT_KEYS |
				JSON_REAL_PRECISION(17));
	unsigned char h[crypto_hash_sha256_BYTES];

	if (!text) {
		kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
		return NULL;
	}
	if (strlen(text) > MODEL_TEXT_MAX) {
		free(text);
		kverr_set(e, KVERR_INVALID, "too_large", "model",
			  "A model file may be at most 1 MiB.");
		return NULL;
	}
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(sha, 65, h, sizeof(h));
	return text;
}

/* The model must parse for the horizon in force today, and its
 * recommendations too.  Errors name "model.<key>". */
static int check_model(struct app_ctx *cx, const json_t *model,
		       struct profile_model *m, struct kverr *e)
{
	int horizon = (int)effective_or_first(&cx->app->profiling.horizon_months,
					      cx->today);
	struct targeting t;
	char field[sizeof(e->field)];

	if (!json_is_object(model))
		return kverr_set(e, KVERR_INVALID, "not_object", "model",
				 "The model must be a JSON object (a file from"
				 " `kundval model train`).");
	if (profile_model_parse(model, horizon, m, e) ||
	    targeting_parse(model, &t, e)) {
		snprintf(field, sizeof(field), "model%s%s", e->field[0] ? "." : "",
			 e->field);
		snprintf(e->field, sizeof(e->field), "%s", field);
		return -1;
	}
	return 0;
}

/* Store the model unless this version is already stored; the same
 * version with other contents is refused. */
static int store_model(struct app_ctx *cx, const struct profile_model *m,
		       const char *text, const char *sha, int64_t *id,
		       struct kverr *e)
{
	json_t *old = db_query_json(cx->db, "SELECT id, sha256 FROM models WHERE"
				    " version = ?", "s", e, m->version);
	json_t *row;

	if (!old)
		return -1;
	row = json_array_get(old, 0);
	if (row) {
		bool same = strcmp(json_string_value(json_object_get(row,
						      "sha256")), sha) == 0;

		*id = json_integer_value(json_object_get(row, "id"));
		json_decref(old);
		if (!same)
			return kverr_set(e, KVERR_CONFLICT, "version_taken",
					 "model.version", "Another model with"
					 " version \"%s\" is already stored;"
					 " give the new one its own version.",
					 m->version);
		return 0;
	}
	json_decref(old);
	return db_query_int(cx->db, "INSERT INTO models(version, horizon_months,"
			    " with_protected, body, sha256, loaded_by, loaded_at)"
			    " VALUES (?, ?, ?, ?, ?, nullif(?, 0), ?) RETURNING id",
			    "siissii", id, e, m->version,
			    (int64_t)m->horizon_months, (int64_t)m->with_protected,
			    text, sha, cx->actor->user_id, cx->now) ? -1 : 0;
}

static json_t *model_row(struct app_ctx *cx, int64_t id, struct kverr *e)
{
	return db_query_one(cx->db, "model", "SELECT id, version, horizon_months,"
			    " with_protected AS bool_with_protected, sha256,"
			    " active AS bool_active, loaded_at, activated_at FROM"
			    " models WHERE id = ?", "i", e, id);
}

/* load a model file and make it the one assessments use. */
int app_model_activate(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "model", NULL };
	struct profile_model *m;
	char sha[65];
	char *text;
	int64_t id = 0;
	int rc;

	if (app_require(cx, ROLE_ADMIN, e) || in_object(in, keys, e))
		return -1;
	m = malloc(sizeof(*m));
	if (!m)
		return kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
	text = NULL;
	rc = check_model(cx, json_object_get(in, "model"), m, e);
	if (rc == 0 && !(text = model_text(json_object_get(in, "model"), sha, e)))
		rc = -1;
	if (rc == 0)
		rc = store_model(cx, m, text, sha, &id, e);
	free(text);
	free(m);
	if (rc ||
	    db_run(cx->db, "UPDATE models SET active = 0 WHERE active = 1"
		   " AND id <> ?", "i", e, id) ||
	    db_run(cx->db, "UPDATE models SET active = 1, activated_at = ?"
		   " WHERE id = ?", "ii", e, cx->now, id))
		return -1;
	*out = model_row(cx, id, e);
	if (!*out || app_audit(cx, "model.activate", "model", id, *out, e))
		return -1;
	return 0;
}

/* Back to the duration rule for every new assessment. */
int app_model_deactivate(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { NULL };
	int64_t id = 0;
	int rc;

	if (app_require(cx, ROLE_ADMIN, e) || in_object(in, keys, e))
		return -1;
	rc = db_query_int(cx->db, "SELECT id FROM models WHERE active = 1", "",
			  &id, e);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return kverr_set(e, KVERR_CONFLICT, "no_active_model", "",
				 "No model is active; assessments already use"
				 " the duration rule.");
	if (db_run(cx->db, "UPDATE models SET active = 0 WHERE id = ?", "i", e,
		   id))
		return -1;
	*out = model_row(cx, id, e);
	if (!*out || app_audit(cx, "model.deactivate", "model", id, NULL, e))
		return -1;
	return 0;
}

int app_models_list(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	static const char *const keys[] = { NULL };

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e))
		return -1;
	*out = db_query_json(cx->db, "SELECT id, version, horizon_months,"
			     " with_protected AS bool_with_protected, sha256,"
			     " active AS bool_active, loaded_at, activated_at"
			     " FROM models ORDER BY id", "", e);
	return *out ? 0 : -1;
}

/* One rate: {"municipality": "0180", "month": "2026-10", "rate_bp": 725}. */
static int read_rate(struct app_ctx *cx, const json_t *r, const char **code,
		     const char **month, int64_t *bp, struct kverr *e)
{
	static const char *const keys[] = { "municipality", "month", "rate_bp",
					    NULL };
	int64_t known;
	int y, mo;
	char end;

	if (in_object(r, keys, e) ||
	    in_string(r, "municipality", true, 4, code, e) ||
	    in_string(r, "month", true, 7, month, e) ||
	    in_int(r, "rate_bp", true, 0, 10000, bp, e))
		return -1;
	if (sscanf(*month, "%4d-%2d%c", &y, &mo, &end) != 2 ||
	    strlen(*month) != 7 || mo < 1 || mo > 12)
		return kverr_set(e, KVERR_INVALID, "bad_month", "month",
				 "The month must be written YYYY-MM.");
	if (db_query_int(cx->db, "SELECT count(*) FROM municipalities WHERE"
			 " code = ?", "s", &known, e, *code) < 0)
		return -1;
	if (!known)
		return kverr_set(e, KVERR_INVALID, "unknown_municipality",
				 "municipality", "No municipality has the code"
				 " \"%s\".", *code);
	return 0;
}

/*
 * The registered unemployment rate per municipality and month, which the
 * model reads.  All rows are checked before any is written; a rate
 * already stored for the month is replaced (a revised figure).
 */
int app_local_unemployment_set(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e)
{
	static const char *const keys[] = { "rates", NULL };
	const char *code, *month;
	json_t *rates, *r;
	int64_t bp;
	size_t i;

	if (app_require(cx, ROLE_ADMIN, e) || in_object(in, keys, e) ||
	    in_array(in, "rates", true, 20000, &rates, e))
		return -1;
	json_array_foreach(rates, i, r)
		if (read_rate(cx, r, &code, &month, &bp, e))
			return kverr_at(e, "rates", (int)i);
	json_array_foreach(rates, i, r) {
		read_rate(cx, r, &code, &month, &bp, e);
		if (db_run(cx->db, "INSERT INTO local_unemployment(municipality_code,"
			   " month, rate_bp) VALUES (?, ?, ?) ON CONFLICT"
			   " (municipality_code, month) DO UPDATE SET rate_bp ="
			   " excluded.rate_bp", "ssi", e, code, month, bp))
			return -1;
	}
	*out = json_pack("{s:I}", "stored", (json_int_t)json_array_size(rates));
	if (app_audit(cx, "local_unemployment.set", "local_unemployment", 0,
		      *out, e))
		return -1;
	return 0;
}

/*
 * how often case officers overrode the model's (or the duration
 * rule's) track between two dates, in which direction, and by whom.  A
 * high rate says the model and the officers disagree; it is the figure
 * the authority follows up.
 */
int app_assessment_overrides(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e)
{
	static const char *const keys[] = { "from", "to", NULL };
	date_t from = 0, to = cx->today;
	char f[DATE_STRLEN], t[DATE_STRLEN];
	json_t *totals, *officers;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_date(in, "from", true, &from, e) || in_date(in, "to", false, &to, e))
		return -1;
	if (to < from)
		return kverr_set(e, KVERR_INVALID, "dates_out_of_order", "to",
				 "\"to\" must not be before \"from\".");
	date_format(from, f);
	date_format(to, t);
	totals = db_query_one(cx->db, "totals", "SELECT count(*) AS assessments,"
			      " coalesce(sum(method = 'model'), 0) AS by_model,"
			      " coalesce(sum(method = 'duration'), 0) AS by_duration,"
			      " coalesce(sum(method = 'override'), 0) AS overrides,"
			      " coalesce(sum(method = 'override' AND track >"
			      " suggested_track), 0) AS to_weaker_track,"
			      " coalesce(sum(method = 'override' AND track <"
			      " suggested_track), 0) AS to_stronger_track,"
			      " coalesce(sum(method = 'override' AND"
			      " model_version IS NULL AND suggested_track IS NOT"
			      " NULL), 0) AS overrides_of_duration_rule"
			      " FROM assessments WHERE assessed_on BETWEEN ? AND ?"
			      " AND method <> 'exempt'", "ss", e, f, t);
	officers = totals ? db_query_json(cx->db, "SELECT u.username AS officer,"
			  " count(*) AS assessments, sum(a.method = 'override')"
			  " AS overrides FROM assessments a JOIN users u ON"
			  " u.id = a.assessed_by WHERE a.assessed_on BETWEEN ? AND"
			  " ? AND a.method <> 'exempt' GROUP BY u.username"
			  " ORDER BY u.username", "ss", e, f, t) : NULL;
	if (!officers) {
		json_decref(totals);
		return -1;
	}
	json_object_set_new(totals, "from", json_string(f));
	json_object_set_new(totals, "to", json_string(t));
	json_object_set_new(totals, "by_officer", officers);
	*out = totals;
	return 0;
}
