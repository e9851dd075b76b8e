/*
 * reviews.c — the authority's quality reviews (D-9): which providers are
 * due for one, planning a review, recording its findings and holding it.
 *
 * D-9: the first review no earlier than six months after admission and
 * only once the provider has 25 participants at the same time in the
 * area; then every second year (core/quality.c, rules/quality.json).  A
 * scheduled review cannot be planned before it is due; an extra review
 * (a complaint, results far below the others) can be planned at any time
 * with its reason.  A warning, order stop or penalty may cite a review
 * (sanctions.c).
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/quality.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The requirements a finding can be about: the delivery requirements and
 * the quality system, or something else. */
static const char *const requirements[] = {
	"D-1", "D-2", "D-3", "D-4", "D-5", "D-6", "D-7", "D-8", "D-9", "D-10",
	"D-11", "Q-2", "Q-3", "Q-5", "other", NULL
};
static const char *const severities[] = { "observation", "shortcoming", NULL };
static const char *const kinds[] = { "scheduled", "extra", NULL };

/* ------------------------------------------------------------ schedule */

/* D-9: when the provider's next review in the area is due, as of `on`. */
static int schedule(struct app_ctx *cx, int64_t provider, int64_t area,
		    date_t admitted_on, date_t on,
		    struct quality_review_due *due, int *has_due,
		    struct kverr *e)
{
	char d[DATE_STRLEN];
	struct quality_span *s;
	json_t *rows, *r;
	int64_t n;
	size_t i;
	date_t last = 0;
	json_t *held;

	date_format(on, d);
	held = db_query_json(cx->db, "SELECT max(held_on) AS held_on FROM"
			     " quality_reviews WHERE provider_id = ? AND area_id"
			     " = ? AND status = 'held' AND held_on <= ?", "iis",
			     e, provider, area, d);
	if (!held)
		return -1;
	if (row_date(json_array_get(held, 0), "held_on") != JOURNEY_NEVER)
		last = row_date(json_array_get(held, 0), "held_on");
	json_decref(held);
	rows = db_query_json(cx->db, "SELECT starts_on, ends_on FROM"
			     " participations WHERE provider_id = ? AND area_id"
			     " = ? AND end_reason <> 'cancelled' AND starts_on <="
			     " ?", "iis", e, provider, area, d);
	if (!rows)
		return -1;
	n = (int64_t)json_array_size(rows);
	if (!(s = calloc((size_t)n + 1, sizeof(*s)))) {
		json_decref(rows);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	}
	json_array_foreach(rows, i, r)
		s[i] = (struct quality_span){ row_date(r, "starts_on"),
					      row_date(r, "ends_on") };
	json_decref(rows);
	*has_due = quality_review_schedule(&cx->app->quality, admitted_on, s,
					   (int)n, on, last, due) == 0;
	free(s);
	return 0;
}

static void put_schedule(json_t *row, const struct quality_review_due *d,
			 int has_due)
{
	row_set_date(row, "eligible_from", d->eligible_from);
	if (d->volume_on)
		row_set_date(row, "volume_reached_on", d->volume_on);
	else
		json_object_set_new(row, "volume_reached_on", json_null());
	if (has_due)
		row_set_date(row, "due_on", d->due);
	else
		json_object_set_new(row, "due_on", json_null());
	json_object_set_new(row, "why", json_string(d->why));
}

/* D-9: every provider admitted in an area on `date`, with when its next
 * review is due and whether one is planned. */
int app_reviews_due(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	static const char *const keys[] = { "date", NULL };
	date_t on = cx->today;
	char d[DATE_STRLEN];
	json_t *rows, *r;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_date(in, "date", false, &on, e))
		return -1;
	date_format(on, d);
	rows = db_query_json(cx->db, "SELECT a.provider_id, pv.name AS"
		" provider_name, a.area_id, ar.name AS area_name, a.admitted_on,"
		" (SELECT min(planned_on) FROM quality_reviews q WHERE"
		" q.provider_id = a.provider_id AND q.area_id = a.area_id AND"
		" q.status = 'planned') AS planned_on FROM admissions a JOIN"
		" providers pv ON pv.id = a.provider_id JOIN delivery_areas ar ON"
		" ar.id = a.area_id WHERE a.admitted_on <= ? AND (a.ended_on IS"
		" NULL OR a.ended_on > ?) ORDER BY a.provider_id, a.area_id LIMIT"
		" ?", "ssi", e, d, d, (int64_t)LIMIT_PAGE);
	if (!rows)
		return -1;
	json_array_foreach(rows, i, r) {
		struct quality_review_due due;
		int has_due = 0;

		if (schedule(cx, row_int(r, "provider_id"), row_int(r, "area_id"),
			     row_date(r, "admitted_on"), on, &due, &has_due, e)) {
			json_decref(rows);
			return -1;
		}
		put_schedule(r, &due, has_due);
		json_object_set_new(r, "status", json_string(
			!json_is_null(json_object_get(r, "planned_on")) ? "planned" :
			has_due && due.due <= on ? "due" : "not_due"));
	}
	*out = json_pack("{s:s, s:o}", "date", d, "reviews", rows);
	return 0;
}

/* -------------------------------------------------------------- planning */

struct plan_input {
	int64_t provider_id, area_id;
	int kind;
	date_t planned_on;
	const char *reason;
};

/* The running admission of the provider in the area on `on`. */
static json_t *admission_on(struct app_ctx *cx, int64_t provider, int64_t area,
			    date_t on, struct kverr *e)
{
	char d[DATE_STRLEN];
	json_t *rows, *a;

	date_format(on, d);
	rows = db_query_json(cx->db, "SELECT id, admitted_on FROM admissions"
			     " WHERE provider_id = ? AND area_id = ? AND"
			     " admitted_on <= ? AND (ended_on IS NULL OR ended_on"
			     " > ?) ORDER BY id DESC LIMIT 1", "iiss", e, provider,
			     area, d, d);
	if (!rows)
		return NULL;
	a = json_array_get(rows, 0);
	json_incref(a);
	json_decref(rows);
	if (!a)
		kverr_set(e, KVERR_INVALID, "not_admitted", "area_id",
			  "The provider is not admitted in that area.");
	return a;
}

/* D-9: a scheduled review is not planned before it is due. */
static int check_due(struct app_ctx *cx, const struct plan_input *p,
		     date_t admitted_on, struct kverr *e)
{
	struct quality_review_due due;
	char d[DATE_STRLEN];
	int has_due = 0;

	if (p->kind != 0)
		return 0;
	if (schedule(cx, p->provider_id, p->area_id, admitted_on, cx->today,
		     &due, &has_due, e))
		return -1;
	if (!has_due)
		return kverr_set(e, KVERR_INVALID, "not_due", "planned_on",
				 "No scheduled review is due yet (D-9): %s",
				 due.why);
	date_format(due.due, d);
	if (p->planned_on < due.due)
		return kverr_set(e, KVERR_INVALID, "too_early", "planned_on",
				 "The next scheduled review is due on %s (D-9).",
				 d);
	return 0;
}

int app_review_plan(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "area_id", "kind",
					    "planned_on", "reason", NULL };
	struct plan_input p = { .planned_on = cx->today };
	char d[DATE_STRLEN];
	int64_t open = 0, id = 0;
	json_t *adm, *args;
	int rc;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &p.provider_id, e) ||
	    in_int(in, "area_id", true, 1, INT64_MAX, &p.area_id, e) ||
	    in_enum(in, "kind", true, kinds, &p.kind, e) ||
	    in_date(in, "planned_on", true, &p.planned_on, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &p.reason, e) ||
	    app_require_row(cx, "providers", "provider", p.provider_id, e))
		return -1;
	if (!(adm = admission_on(cx, p.provider_id, p.area_id, cx->today, e)))
		return -1;
	rc = check_due(cx, &p, row_date(adm, "admitted_on"), e);
	json_decref(adm);
	if (rc || db_query_int(cx->db, "SELECT count(*) FROM quality_reviews"
			       " WHERE provider_id = ? AND area_id = ? AND status"
			       " = 'planned'", "ii", &open, e, p.provider_id,
			       p.area_id) < 0)
		return -1;
	if (open)
		return kverr_set(e, KVERR_CONFLICT, "already_planned", "area_id",
				 "A review of this provider in this area is"
				 " already planned.");
	date_format(p.planned_on, d);
	if (db_query_int(cx->db, "INSERT INTO quality_reviews(provider_id,"
			 " area_id, kind, planned_on, reason, planned_by,"
			 " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			 "iisssii", &id, e, p.provider_id, p.area_id,
			 kinds[p.kind], d, p.reason, cx->actor->user_id,
			 cx->now) != 0 ||
	    app_audit(cx, "review.plan", "quality_review", id, in, e))
		return -1;
	args = json_pack("{s:I}", "review_id", (json_int_t)id);
	rc = app_review_get(cx, args, out, e);
	json_decref(args);
	return rc;
}

/* ---------------------------------------------------------------- reading */

#define REVIEW_COLUMNS \
	"SELECT q.id, q.provider_id, pv.name AS provider_name, q.area_id," \
	" q.kind, q.planned_on, q.reason, q.status, q.held_on, q.summary," \
	" pu.username AS planned_by, hu.username AS held_by FROM" \
	" quality_reviews q JOIN providers pv ON pv.id = q.provider_id" \
	" LEFT JOIN users pu ON pu.id = q.planned_by" \
	" LEFT JOIN users hu ON hu.id = q.held_by"

/* The review row the actor may see (staff: their own provider's). */
static json_t *review_load(struct app_ctx *cx, int64_t id, struct kverr *e)
{
	json_t *r = db_query_one(cx->db, "review", REVIEW_COLUMNS
				 " WHERE q.id = ?", "i", e, id);

	if (r && app_require_provider(cx, row_int(r, "provider_id"), e)) {
		json_decref(r);
		return NULL;
	}
	return r;
}

int app_review_get(struct app_ctx *cx, json_t *in, json_t **out,
		   struct kverr *e)
{
	static const char *const keys[] = { "review_id", NULL };
	int64_t id = 0;
	json_t *r, *f;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "review_id", true, 1, INT64_MAX, &id, e) ||
	    !(r = review_load(cx, id, e)))
		return -1;
	f = db_query_json(cx->db, "SELECT f.id, f.requirement, f.severity,"
			  " f.text, u.username AS recorded_by, f.created_at FROM"
			  " review_findings f LEFT JOIN users u ON u.id ="
			  " f.recorded_by WHERE f.review_id = ? ORDER BY f.id",
			  "i", e, id);
	if (!f) {
		json_decref(r);
		return -1;
	}
	json_object_set_new(r, "findings", f);
	*out = r;
	return 0;
}

int app_reviews_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "status", NULL };
	static const char *const statuses[] = { "planned", "held", NULL };
	int64_t provider = 0;
	int status = -1;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider, e) ||
	    in_enum(in, "status", false, statuses, &status, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF) {
		if (provider && app_require_provider(cx, provider, e))
			return -1;
		provider = cx->actor->provider_id;
	}
	*out = db_query_json(cx->db, REVIEW_COLUMNS " WHERE (? = 0 OR"
			     " q.provider_id = ?) AND (? = '' OR q.status = ?)"
			     " ORDER BY q.planned_on, q.id LIMIT ?", "iissi", e,
			     provider, provider, status < 0 ? "" : statuses[status],
			     status < 0 ? "" : statuses[status],
			     (int64_t)LIMIT_PAGE);
	return *out ? 0 : -1;
}

/* ------------------------------------------------- findings and holding */

int app_finding_record(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "review_id", "requirement",
					    "severity", "text", NULL };
	int64_t id = 0, fid = 0;
	int req = 0, sev = 0, rc;
	const char *text;
	json_t *r;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "review_id", true, 1, INT64_MAX, &id, e) ||
	    in_enum(in, "requirement", true, requirements, &req, e) ||
	    in_enum(in, "severity", true, severities, &sev, e) ||
	    in_string(in, "text", true, LIMIT_TEXT, &text, e) ||
	    !(r = review_load(cx, id, e)))
		return -1;
	json_decref(r);
	if (db_query_int(cx->db, "INSERT INTO review_findings(review_id,"
			 " requirement, severity, text, recorded_by, created_at)"
			 " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "isssii", &fid,
			 e, id, requirements[req], severities[sev], text,
			 cx->actor->user_id, cx->now) != 0 ||
	    app_audit(cx, "review.finding", "quality_review", id, in, e))
		return -1;
	in = json_pack("{s:I}", "review_id", (json_int_t)id);
	rc = app_review_get(cx, in, out, e);
	json_decref(in);
	return rc;
}

int app_review_hold(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	static const char *const keys[] = { "review_id", "held_on", "summary",
					    NULL };
	int64_t id = 0;
	date_t on = cx->today;
	const char *summary;
	char d[DATE_STRLEN];
	json_t *r;
	int rc;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "review_id", true, 1, INT64_MAX, &id, e) ||
	    in_date(in, "held_on", false, &on, e) ||
	    in_string(in, "summary", true, LIMIT_TEXT, &summary, e) ||
	    !(r = review_load(cx, id, e)))
		return -1;
	rc = strcmp(json_string_value(json_object_get(r, "status")), "planned");
	json_decref(r);
	if (rc)
		return kverr_set(e, KVERR_CONFLICT, "already_held", "review_id",
				 "This review has been held already.");
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "held_on",
				 "A review is recorded once it is held.");
	date_format(on, d);
	if (db_run(cx->db, "UPDATE quality_reviews SET status = 'held', held_on"
		   " = ?, summary = ?, held_by = ? WHERE id = ?", "ssii", e, d,
		   summary, cx->actor->user_id, id) ||
	    app_audit(cx, "review.hold", "quality_review", id, in, e))
		return -1;
	in = json_pack("{s:I}", "review_id", (json_int_t)id);
	rc = app_review_get(cx, in, out, e);
	json_decref(in);
	return rc;
}
