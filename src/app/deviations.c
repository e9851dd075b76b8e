/*
 * deviations.c — deviation reports (D-6): the provider reports that a
 * participant missed meetings or did not search for work enough; a case
 * officer decides what follows and records why (Q-7's habit applied to
 * jobseekers: who decided, when and why).
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = { "missed_meeting", "insufficient_job_search",
				     "other", NULL };
static const char *const outcomes[] = { "no_action", "talk_to_jobseeker",
					"notify_benefit_fund", NULL };

#define DEVIATION_COLUMNS \
	"SELECT d.id, d.participation_id, d.provider_id, j.ref, d.kind," \
	" d.occurred_on, d.text, d.reported_on, d.status, d.decision," \
	" d.decision_reason, d.decided_on FROM deviations d JOIN participations p" \
	" ON p.id = d.participation_id JOIN jobseekers j ON j.id = p.jobseeker_id"

int app_deviation_report(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "kind",
					    "occurred_on", "text", NULL };
	int64_t id = 0, dev;
	int kind = 0;
	const char *text;
	date_t on = cx->today;
	char occurred[DATE_STRLEN], today[DATE_STRLEN];
	json_t *p;
	int rc;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    in_enum(in, "kind", true, kinds, &kind, e) ||
	    in_date(in, "occurred_on", true, &on, e) ||
	    in_string(in, "text", true, LIMIT_TEXT, &text, e))
		return -1;
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "occurred_on",
				 "A deviation cannot be reported before it happens.");
	if (!(p = participation_load(cx, id, e)))
		return -1;
	rc = participation_require_writer(cx, p, e);
	if (!rc && (on < row_date(p, "starts_on") || on > row_date(p, "ends_on")))
		rc = kverr_set(e, KVERR_INVALID, "outside_participation",
			       "occurred_on", "The date must lie within the"
			       " participation.");
	json_decref(p);
	if (rc)
		return -1;
	date_format(on, occurred);
	date_format(cx->today, today);
	if (db_query_int(cx->db, "INSERT INTO deviations(participation_id,"
			 " provider_id, kind, occurred_on, text, reported_by,"
			 " reported_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			 " RETURNING id", "iisssisi", &dev, e, id,
			 cx->actor->provider_id, kinds[kind], occurred, text,
			 cx->actor->user_id, today, cx->now) != 0 ||
	    app_audit(cx, "deviation.report", "deviation", dev, NULL, e))
		return -1;
	*out = db_query_one(cx->db, "deviation", DEVIATION_COLUMNS
			    " WHERE d.id = ?", "i", e, dev);
	return *out ? 0 : -1;
}

int app_deviations_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "status", "provider_id", NULL };
	static const char *const statuses[] = { "open", "decided", NULL };
	int64_t provider_id = 0;
	int status = -1;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_enum(in, "status", false, statuses, &status, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider_id, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF) {
		if (provider_id && app_require_provider(cx, provider_id, e))
			return -1;
		provider_id = cx->actor->provider_id;
	}
	*out = db_query_json(cx->db, DEVIATION_COLUMNS " WHERE (? = '' OR"
			     " d.status = ?) AND (? = 0 OR d.provider_id = ?)"
			     " ORDER BY d.id LIMIT 500", "ssii", e,
			     status >= 0 ? statuses[status] : "",
			     status >= 0 ? statuses[status] : "", provider_id,
			     provider_id);
	return *out ? 0 : -1;
}

/* One report, for the case officer's page of it (and staff: their own). */
int app_deviation_get(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "deviation_id", NULL };
	int64_t id = 0;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "deviation_id", true, 1, INT64_MAX, &id, e) ||
	    !(*out = db_query_one(cx->db, "deviation", DEVIATION_COLUMNS
				  " WHERE d.id = ?", "i", e, id)))
		return -1;
	if (app_require_provider(cx, row_int(*out, "provider_id"), e)) {
		json_decref(*out);
		*out = NULL;
		/* Another provider's report does not exist for this actor. */
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "deviation_id",
				 "No such deviation report.");
	}
	return 0;
}

/* D-6: the case officer handles the report with a decision and a reason. */
int app_deviation_decide(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "deviation_id", "decision", "reason",
					    NULL };
	int64_t id = 0;
	int decision = 0;
	const char *reason;
	char today[DATE_STRLEN];

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "deviation_id", true, 1, INT64_MAX, &id, e) ||
	    in_enum(in, "decision", true, outcomes, &decision, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e))
		return -1;
	date_format(cx->today, today);
	if (db_run(cx->db, "UPDATE deviations SET status = 'decided', decision = ?,"
		   " decision_reason = ?, decided_by = ?, decided_on = ? WHERE"
		   " id = ? AND status = 'open'", "ssisi", e, outcomes[decision],
		   reason, cx->actor->user_id, today, id))
		return -1;
	if (db_changes(cx->db) == 0) {
		json_t *d = db_query_one(cx->db, "deviation", "SELECT id FROM"
					 " deviations WHERE id = ?", "i", e, id);
		if (!d)
			return -1;
		json_decref(d);
		return kverr_set(e, KVERR_CONFLICT, "decided", "deviation_id",
				 "This deviation has already been decided.");
	}
	if (app_audit(cx, "deviation.decide", "deviation", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "deviation", DEVIATION_COLUMNS
			    " WHERE d.id = ?", "i", e, id);
	return *out ? 0 : -1;
}
