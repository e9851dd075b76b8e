/*
 * applications.c — submitting, listing and completing applications, with
 * the Q-1 decision deadline and the Q-6 re-application bar.
 */
#include "app/applications.h"
#include "app/input.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

json_t *applications_load(struct app_ctx *cx, int64_t id, struct kverr *e)
{
	json_t *a = db_query_one(cx->db, "application", "SELECT a.id,"
				 " a.provider_id, p.name AS provider_name,"
				 " a.programme_id, pr.name AS programme_name,"
				 " a.status, a.submitted_on, a.complete_on,"
				 " a.incomplete_reason, a.motivation FROM"
				 " applications a JOIN providers p ON"
				 " p.id = a.provider_id JOIN programmes pr ON"
				 " pr.id = a.programme_id WHERE a.id = ?", "i", e, id);

	if (a && app_require_provider(cx, json_integer_value(
				json_object_get(a, "provider_id")), e)) {
		json_decref(a);
		/* Someone else's application does not exist for this actor. */
		kverr_set(e, KVERR_NOT_FOUND, "not_found", "application_id",
			  "No such application.");
		return NULL;
	}
	if (!a && e->cls == KVERR_NOT_FOUND)
		snprintf(e->field, sizeof(e->field), "application_id");
	return a;
}

/* add the deadline and the days left to an application row. */
static void add_deadline(struct app_ctx *cx, json_t *row)
{
	const char *complete = json_string_value(json_object_get(row, "complete_on"));
	const char *status = json_string_value(json_object_get(row, "status"));
	date_t on;
	char buf[DATE_STRLEN];

	/* Only an application waiting for a decision has a deadline. */
	if (!complete || date_parse(complete, &on) ||
	    (status && strcmp(status, "open") != 0)) {
		json_object_set_new(row, "deadline", json_null());
		json_object_set_new(row, "days_left", json_null());
		return;
	}
	date_format(qualify_deadline(&cx->app->qualify, on), buf);
	json_object_set_new(row, "deadline", json_string(buf));
	json_object_set_new(row, "days_left", json_integer(
		qualify_days_left(&cx->app->qualify, on, cx->today)));
}

/* a provider whose admission in this area was terminated may apply
 * again only after the bar. */
static int check_reapply(struct app_ctx *cx, int64_t provider_id,
			 int64_t area_id, const char *field, struct kverr *e)
{
	json_t *rows = db_query_json(cx->db, "SELECT max(decided_on) AS last FROM"
				     " decisions WHERE kind = 'terminate' AND"
				     " provider_id = ? AND area_id = ?", "ii", e,
				     provider_id, area_id);
	const char *last;
	date_t when;
	int rc = 0;

	if (!rows)
		return -1;
	last = json_string_value(json_object_get(json_array_get(rows, 0), "last"));
	if (last && date_parse(last, &when) == 0)
		rc = qualify_reapply_allowed(&cx->app->qualify, when, cx->today,
					     field, e);
	json_decref(rows);
	return rc;
}

static int check_area(struct app_ctx *cx, int64_t provider_id,
		      int64_t programme_id, json_t *v, size_t i, struct kverr *e)
{
	char field[32];
	int64_t area_id, n;

	snprintf(field, sizeof(field), "areas[%zu]", i);
	if (!json_is_integer(v))
		return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", field,
				 "Each delivery area must be given by its id.");
	area_id = json_integer_value(v);
	if (db_query_int(cx->db, "SELECT count(*) FROM delivery_areas WHERE id = ?"
			 " AND programme_id = ?", "ii", &n, e, area_id,
			 programme_id) < 0)
		return -1;
	if (n == 0)
		return kverr_set(e, KVERR_INVALID, "unknown_area", field,
				 "This delivery area does not belong to the programme.");
	if (db_query_int(cx->db, "SELECT count(*) FROM admissions WHERE"
			 " provider_id = ? AND area_id = ? AND ended_on IS NULL",
			 "ii", &n, e, provider_id, area_id) < 0)
		return -1;
	if (n > 0)
		return kverr_set(e, KVERR_CONFLICT, "already_admitted", field,
				 "The provider is already admitted in this area.");
	if (db_query_int(cx->db, "SELECT count(*) FROM application_areas aa JOIN"
			 " applications a ON a.id = aa.application_id WHERE"
			 " a.provider_id = ? AND aa.area_id = ? AND"
			 " aa.decision_id IS NULL AND a.status IN"
			 " ('open','incomplete')", "ii", &n, e, provider_id,
			 area_id) < 0)
		return -1;
	if (n > 0)
		return kverr_set(e, KVERR_CONFLICT, "already_applied", field,
				 "An application for this area is already waiting"
				 " for a decision.");
	return check_reapply(cx, provider_id, area_id, field, e);
}

static int check_areas(struct app_ctx *cx, int64_t provider_id,
		       int64_t programme_id, json_t *areas, struct kverr *e)
{
	size_t i, k;
	json_t *v;

	json_array_foreach(areas, i, v) {
		if (check_area(cx, provider_id, programme_id, v, i, e))
			return -1;
		for (k = 0; k < i; k++)
			if (json_equal(json_array_get(areas, k), v))
				return kverr_set(e, KVERR_INVALID, "duplicate",
						 "areas", "Each area may be named"
						 " once.");
	}
	return 0;
}

int app_application_submit(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "programme_id",
					    "areas", "motivation", NULL };
	int64_t pid = 0, prog = 0, id, n;
	const char *motivation;
	char today[DATE_STRLEN];
	json_t *areas, *v;
	size_t i;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &pid, e) ||
	    app_require_provider(cx, pid, e) ||
	    in_int(in, "programme_id", true, 1, INT64_MAX, &prog, e) ||
	    in_array(in, "areas", true, LIMIT_LIST, &areas, e) ||
	    in_string(in, "motivation", false, LIMIT_TEXT, &motivation, e))
		return -1;
	if (db_query_int(cx->db, "SELECT count(*) FROM programmes WHERE id = ?",
			 "i", &n, e, prog) < 0)
		return -1;
	if (n == 0)
		return kverr_set(e, KVERR_INVALID, "unknown_programme",
				 "programme_id", "No such programme.");
	if (check_areas(cx, pid, prog, areas, e))
		return -1;
	date_format(cx->today, today);
	/* A submitted application counts as complete until the case officer
	 * says otherwise; the Q-1 deadline runs from that day. */
	if (db_query_int(cx->db, "INSERT INTO applications(provider_id,"
			 " programme_id, status, submitted_on, complete_on,"
			 " motivation, created_by, created_at) VALUES"
			 " (?, ?, 'open', ?, ?, ?, ?, ?) RETURNING id", "iisssii",
			 &id, e, pid, prog, today, today,
			 motivation ? motivation : "", cx->actor->user_id,
			 cx->now) != 0)
		return -1;
	json_array_foreach(areas, i, v)
		if (db_run(cx->db, "INSERT INTO application_areas(application_id,"
			   " area_id) VALUES (?, ?)", "ii", e, id,
			   (int64_t)json_integer_value(v)))
			return -1;
	if (app_audit(cx, "application.submit", "application", id, in, e))
		return -1;
	json_t *q = json_pack("{s:I}", "application_id", (json_int_t)id);
	int rc = app_application_get(cx, q, out, e);

	json_decref(q);
	return rc;
}

int app_applications_list(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "status", "provider_id", NULL };
	static const char *const statuses[] = { "open", "incomplete", "decided",
						"withdrawn", "waiting", NULL };
	int status = 4;   /* default: open and incomplete, oldest deadline first */
	int64_t pid = 0;
	json_t *rows, *row;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_enum(in, "status", false, statuses, &status, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &pid, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF)
		pid = cx->actor->provider_id;   /* own applications only */
	rows = db_query_json(cx->db, "SELECT a.id, a.provider_id, p.name AS"
			     " provider_name, a.programme_id, pr.name AS"
			     " programme_name, a.status, a.submitted_on,"
			     " a.complete_on, (SELECT count(*) FROM"
			     " application_areas aa WHERE aa.application_id = a.id"
			     " AND aa.decision_id IS NULL) AS areas_undecided"
			     " FROM applications a JOIN providers p ON"
			     " p.id = a.provider_id JOIN programmes pr ON"
			     " pr.id = a.programme_id WHERE (? = 0 OR"
			     " a.provider_id = ?) AND (? = 'waiting' AND a.status"
			     " IN ('open','incomplete') OR a.status = ?) ORDER BY"
			     " a.complete_on IS NULL, a.complete_on, a.id LIMIT ?",
			     "iissi", e, pid, pid, statuses[status],
			     statuses[status], (int64_t)LIMIT_PAGE);
	if (!rows)
		return -1;
	json_array_foreach(rows, i, row)
		add_deadline(cx, row);
	*out = json_pack("{s:o}", "applications", rows);
	return 0;
}

int app_application_get(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "application_id", NULL };
	int64_t id = 0;
	json_t *a, *areas, *checks;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "application_id", true, 1, INT64_MAX, &id, e))
		return -1;
	a = applications_load(cx, id, e);
	if (!a)
		return -1;
	/* each area's decision with who made it, under which delegation. */
	areas = db_query_json(cx->db, "SELECT aa.area_id, d.name AS area_name,"
			      " aa.decision_id, dc.kind AS decision, dc.decided_on,"
			      " dc.reason, dc.delegation, u.username AS decided_by"
			      " FROM application_areas aa JOIN delivery_areas d ON"
			      " d.id = aa.area_id LEFT JOIN decisions dc ON"
			      " dc.id = aa.decision_id LEFT JOIN users u ON"
			      " u.id = dc.decided_by WHERE aa.application_id = ?"
			      " ORDER BY d.code", "i", e, id);
	checks = db_query_json(cx->db, "SELECT id, kind, subject, subcontractor_id,"
			       " passed AS bool_passed, reason, recorded_on FROM"
			       " application_checks WHERE application_id = ?"
			       " ORDER BY id", "i", e, id);
	if (!areas || !checks) {
		json_decref(a); json_decref(areas); json_decref(checks);
		return -1;
	}
	add_deadline(cx, a);
	json_object_set_new(a, "areas", areas);
	json_object_set_new(a, "checks", checks);
	*out = a;
	return 0;
}

int app_application_incomplete(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e)
{
	static const char *const keys[] = { "application_id", "reason", NULL };
	int64_t id = 0;
	const char *reason;
	json_t *a;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "application_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e))
		return -1;
	a = applications_load(cx, id, e);
	if (!a)
		return -1;
	if (strcmp(json_string_value(json_object_get(a, "status")), "open") != 0) {
		json_decref(a);
		return kverr_set(e, KVERR_CONFLICT, "wrong_state", "application_id",
				 "Only an open application can be marked incomplete.");
	}
	json_decref(a);
	/* the deadline stops until the provider completes it. */
	if (db_run(cx->db, "UPDATE applications SET status = 'incomplete',"
		   " complete_on = NULL, incomplete_reason = ? WHERE id = ?", "si",
		   e, reason, id) ||
	    app_audit(cx, "application.incomplete", "application", id, in, e))
		return -1;
	json_object_del(in, "reason");
	return app_application_get(cx, in, out, e);
}

int app_application_complete(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e)
{
	static const char *const keys[] = { "application_id", "motivation", NULL };
	int64_t id = 0;
	const char *motivation;
	char today[DATE_STRLEN];
	json_t *a;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "application_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "motivation", false, LIMIT_TEXT, &motivation, e))
		return -1;
	a = applications_load(cx, id, e);
	if (!a)
		return -1;
	if (strcmp(json_string_value(json_object_get(a, "status")),
		   "incomplete") != 0) {
		json_decref(a);
		return kverr_set(e, KVERR_CONFLICT, "wrong_state", "application_id",
				 "Only an application marked incomplete can be"
				 " completed.");
	}
	json_decref(a);
	date_format(cx->today, today);
	/* the deadline runs anew from the day it is complete. */
	if (db_run(cx->db, "UPDATE applications SET status = 'open',"
		   " complete_on = ?, motivation = coalesce(?, motivation)"
		   " WHERE id = ?", "ssi", e, today, motivation, id) ||
	    app_audit(cx, "application.complete", "application", id, in, e))
		return -1;
	json_object_del(in, "motivation");
	return app_application_get(cx, in, out, e);
}
