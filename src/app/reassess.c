/*
 * reassess.c — reassessment: a provider's request when previously unknown
 * information matters and the authority's decision with its reason;
 * and the list of reassessments that fall due after each year at a
 * provider and after the full 104 weeks (D-8, C-3).
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

#define REQUEST_COLUMNS \
	"SELECT r.id, r.participation_id, r.provider_id, j.id AS jobseeker_id," \
	" j.ref, r.reason, r.requested_on, r.status, r.decided_on," \
	" r.decision_reason, r.assessment_id FROM reassessment_requests r" \
	" JOIN participations p ON p.id = r.participation_id" \
	" JOIN jobseekers j ON j.id = p.jobseeker_id"

/* the provider asks, with the reason. */
int app_reassessment_request(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "reason", NULL };
	int64_t id = 0, req, pending;
	const char *reason;
	char today[DATE_STRLEN];
	json_t *p;
	int rc;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e) ||
	    !(p = participation_load(cx, id, e)))
		return -1;
	rc = participation_require_writer(cx, p, e);
	if (!rc && row_date(p, "ends_on") < cx->today)
		rc = kverr_set(e, KVERR_CONFLICT, "ended", "participation_id",
			       "The participation has ended.");
	json_decref(p);
	if (rc || db_query_int(cx->db, "SELECT count(*) FROM reassessment_requests"
			       " WHERE participation_id = ? AND status ="
			       " 'pending'", "i", &pending, e, id) < 0)
		return -1;
	if (pending)
		return kverr_set(e, KVERR_CONFLICT, "pending", "participation_id",
				 "A request for this participant is already"
				 " waiting for a decision.");
	date_format(cx->today, today);
	if (db_query_int(cx->db, "INSERT INTO reassessment_requests("
			 " participation_id, provider_id, reason, requested_by,"
			 " requested_on, created_at) VALUES (?, ?, ?, ?, ?, ?)"
			 " RETURNING id", "iisisi", &req, e, id,
			 cx->actor->provider_id, reason, cx->actor->user_id, today,
			 cx->now) != 0 ||
	    app_audit(cx, "reassessment.request", "reassessment_request", req,
		      NULL, e))
		return -1;
	*out = db_query_one(cx->db, "request", REQUEST_COLUMNS " WHERE r.id = ?",
			    "i", e, req);
	return *out ? 0 : -1;
}

int app_reassessment_requests_list(struct app_ctx *cx, json_t *in,
				   json_t **out, struct kverr *e)
{
	static const char *const keys[] = { "status", NULL };
	static const char *const statuses[] = { "pending", "granted", "denied",
						NULL };
	int status = -1;
	int64_t provider_id = 0;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_enum(in, "status", false, statuses, &status, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF)
		provider_id = cx->actor->provider_id;
	*out = db_query_json(cx->db, REQUEST_COLUMNS " WHERE (? = '' OR"
			     " r.status = ?) AND (? = 0 OR r.provider_id = ?)"
			     " ORDER BY r.id LIMIT 500", "ssii", e,
			     status >= 0 ? statuses[status] : "",
			     status >= 0 ? statuses[status] : "", provider_id,
			     provider_id);
	return *out ? 0 : -1;
}

/* One request, for the case officer's page of it (and staff: their own). */
int app_reassessment_request_get(struct app_ctx *cx, json_t *in, json_t **out,
				 struct kverr *e)
{
	static const char *const keys[] = { "request_id", NULL };
	int64_t id = 0;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "request_id", true, 1, INT64_MAX, &id, e) ||
	    !(*out = db_query_one(cx->db, "request", REQUEST_COLUMNS
				  " WHERE r.id = ?", "i", e, id)))
		return -1;
	if (app_require_provider(cx, row_int(*out, "provider_id"), e)) {
		json_decref(*out);
		*out = NULL;
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "request_id",
				 "No such reassessment request.");
	}
	return 0;
}

/* the authority decides and records why; a grant makes a new
 * assessment (by duration, or the track the officer sets). */
int app_reassessment_decide(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	static const char *const keys[] = { "request_id", "decision", "reason",
					    "track", NULL };
	static const char *const decisions[] = { "grant", "deny", NULL };
	int64_t id = 0, track = 0, assessment = 0, js = 0;
	int decision = 0;
	const char *reason;
	char today[DATE_STRLEN];
	int rc;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "request_id", true, 1, INT64_MAX, &id, e) ||
	    in_enum(in, "decision", true, decisions, &decision, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e) ||
	    in_int(in, "track", false, 1, 4, &track, e))
		return -1;
	if (track && decision == 1)
		return kverr_set(e, KVERR_INVALID, "track_on_deny", "track",
				 "A track is set only when the request is granted.");
	rc = db_query_int(cx->db, "SELECT p.jobseeker_id FROM reassessment_requests"
			  " r JOIN participations p ON p.id = r.participation_id"
			  " WHERE r.id = ? AND r.status = 'pending'", "i", &js, e, id);
	if (rc < 0)
		return -1;
	if (rc == 1 && app_require_row(cx, "reassessment_requests",
					"reassessment request", id, e))
		return -1;
	if (rc == 1)
		return kverr_set(e, KVERR_CONFLICT, "not_pending", "request_id",
				 "There is no pending request with that id.");
	if (decision == 0 && jobseekers_assess(cx, js, cx->today, (int)track,
					       reason, id, &assessment, e))
		return -1;
	date_format(cx->today, today);
	if (db_run(cx->db, "UPDATE reassessment_requests SET status = ?,"
		   " decided_by = ?, decided_on = ?, decision_reason = ?,"
		   " assessment_id = nullif(?, 0) WHERE id = ?", "sissii", e,
		   decision == 0 ? "granted" : "denied", cx->actor->user_id, today,
		   reason, assessment, id) ||
	    app_audit(cx, "reassessment.decide", "reassessment_request", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "request", REQUEST_COLUMNS " WHERE r.id = ?",
			    "i", e, id);
	return *out ? 0 : -1;
}

/* D-8, C-3: who is due a reassessment on `date`. */
int app_reassessments_due(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "date", NULL };
	date_t on = cx->today, due;
	char d[DATE_STRLEN];
	json_t *rows, *r, *list;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_date(in, "date", false, &on, e))
		return -1;
	date_format(on, d);
	/* Each jobseeker's latest participation that has started. */
	rows = db_query_json(cx->db, "SELECT p.id AS participation_id,"
		" p.jobseeker_id, j.ref, p.provider_id, p.starts_on, p.ends_on,"
		" p.end_reason, (SELECT max(a.assessed_on) FROM assessments a"
		" WHERE a.jobseeker_id = p.jobseeker_id) AS last_assessed_on"
		" FROM participations p JOIN jobseekers j ON j.id = p.jobseeker_id"
		" WHERE j.status = 'active' AND p.starts_on <= ? AND"
		" p.end_reason IN ('max_duration', 'notice') AND p.id = (SELECT"
		" q.id FROM participations q WHERE q.jobseeker_id = p.jobseeker_id"
		" AND q.starts_on <= ? AND q.end_reason <> 'cancelled' ORDER BY"
		" q.starts_on DESC, q.id DESC LIMIT 1) ORDER BY p.id", "ss", e, d, d);
	if (!rows)
		return -1;
	list = json_array();
	json_array_foreach(rows, i, r) {
		bool full = strcmp(json_string_value(json_object_get(r,
				"end_reason")), "max_duration") == 0;

		if (!journey_reassessment_due(&cx->app->journey,
					      row_date(r, "starts_on"),
					      row_date(r, "ends_on"), full,
					      row_date(r, "last_assessed_on"), on,
					      &due) ||
		    json_array_size(list) >= LIMIT_PAGE)
			continue;
		row_set_date(r, "due_on", due);
		json_object_set_new(r, "why", json_string(
			full && row_date(r, "ends_on") < on ?
			"C-3: the 104 weeks have ended; assess before a new choice." :
			"D-8: a year at the provider; assess progression."));
		json_array_append(list, r);
	}
	json_decref(rows);
	*out = list;
	return 0;
}
