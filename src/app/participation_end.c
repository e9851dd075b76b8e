/*
 * participation_end.c — notice and the end of a participation: the
 * jobseeker gives notice (C-2) and the choice opens again (C-4); the
 * authority ends a participation because the jobseeker got a job, moved
 * or was deregistered, or orders a change of provider (D-8), also sooner
 * than a notice would.  Choosing and reading participations are in
 * participations.c.
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------- notice, end */

/* The participation must be running on `on` with nothing ending it yet
 * but its term: notice and ends apply to nothing else. */
static int check_running(const json_t *p, date_t on, const char *field,
			 struct kverr *e)
{
	const char *why = json_string_value(json_object_get(p, "end_reason"));

	if (row_date(p, "ends_on") < on || strcmp(why, "max_duration") != 0)
		return kverr_set(e, KVERR_CONFLICT, "ended", "participation_id",
				 "The participation has ended or is already"
				 " ending (%s).", why);
	if (row_date(p, "starts_on") > on)
		return kverr_set(e, KVERR_CONFLICT, "not_started", field,
				 "The participation has not started yet; choose"
				 " another provider instead of giving notice.");
	return 0;
}

static int reply_participation(struct app_ctx *cx, int64_t id, json_t **out,
			       struct kverr *e)
{
	json_t *args = json_pack("{s:I}", "participation_id", (json_int_t)id);
	int rc = app_participation_get(cx, args, out, e);

	json_decref(args);
	return rc;
}

static int set_choice_due(struct app_ctx *cx, int64_t jobseeker_id,
			  date_t opened_on, struct kverr *e)
{
	char due[DATE_STRLEN];

	date_format(journey_choice_due(&cx->app->journey, opened_on), due);
	return db_run(cx->db, "UPDATE jobseekers SET choice_due = ? WHERE id = ?",
		      "si", e, due, jobseeker_id);
}

/* C-2: the jobseeker gives notice; the choice of a new provider opens and
 * non-choice follows its deadline (C-4). */
int app_notice_give(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "given_on", NULL };
	struct journey_notice n;
	int64_t id = 0;
	date_t on = cx->today;
	json_t *p;
	int rc;

	if (app_require(cx, ROLE_CASE_OFFICER | ROLE_JOBSEEKER, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    in_date(in, "given_on", false, &on, e))
		return -1;
	if (json_object_get(in, "given_on") && cx->actor->role != ROLE_CASE_OFFICER)
		return kverr_set(e, KVERR_FORBIDDEN, "forbidden", "given_on",
				 "Only a case officer may date a notice.");
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "given_on",
				 "Notice cannot be dated in the future.");
	if (!(p = participation_load(cx, id, e)))
		return -1;
	rc = check_running(p, on, "given_on", e) ||
	     journey_notice(&cx->app->journey, row_date(p, "starts_on"), on, &n, e);
	if (!rc && n.last_day > row_date(p, "ends_on"))
		n.last_day = row_date(p, "ends_on");
	rc = rc || participations_give_notice(cx, id, &n, on, e) ||
	     set_choice_due(cx, row_int(p, "jobseeker_id"), on, e);
	json_decref(p);
	return rc ? -1 : reply_participation(cx, id, out, e);
}

struct end_input {
	int64_t id;
	int reason;
	date_t ends_on;
	const char *note, *municipality;
};

static const char *const end_reasons[] = { "job", "moved", "deregistered",
					   "ordered_change", NULL };

static int read_end(struct app_ctx *cx, json_t *in, struct end_input *x,
		    struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "reason",
					    "ends_on", "note", "municipality",
					    NULL };

	memset(x, 0, sizeof(*x));
	x->ends_on = cx->today;
	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &x->id, e) ||
	    in_enum(in, "reason", true, end_reasons, &x->reason, e) ||
	    in_date(in, "ends_on", false, &x->ends_on, e) ||
	    in_string(in, "note", true, LIMIT_TEXT, &x->note, e) ||
	    in_string(in, "municipality", x->reason == 1, 4, &x->municipality, e))
		return -1;
	if (x->municipality && x->reason != 1)
		return kverr_set(e, KVERR_BAD_REQUEST, "unknown_field",
				 "municipality", "A new municipality is given only"
				 " when the jobseeker has moved.");
	return 0;
}

/* After the end: job and deregistration leave the register; a move
 * changes the residence; an ordered change (D-8) opens a new choice. */
static int after_end(struct app_ctx *cx, const struct end_input *x,
		     int64_t jobseeker_id, struct kverr *e)
{
	int64_t served;

	if (x->reason == 0 || x->reason == 2)
		return db_run(cx->db, "UPDATE jobseekers SET status ="
			      " 'deregistered', choice_due = NULL WHERE id = ?",
			      "i", e, jobseeker_id);
	if (x->reason == 3)
		return set_choice_due(cx, jobseeker_id, cx->today, e);
	if (db_query_int(cx->db, "SELECT count(*) FROM area_municipalities am"
			 " JOIN jobseekers j ON j.programme_id = am.programme_id"
			 " WHERE j.id = ? AND am.municipality_code = ?", "is",
			 &served, e, jobseeker_id, x->municipality) < 0)
		return -1;
	if (db_run(cx->db, "UPDATE jobseekers SET municipality_code = ?,"
		   " choice_due = NULL WHERE id = ?", "si", e, x->municipality,
		   jobseeker_id))
		return -1;
	/* Moved within the programme: a new choice in the new area. */
	return served ? set_choice_due(cx, jobseeker_id,
				       date_add_days(x->ends_on, 1), e) : 0;
}

/*
 * The authority may end a participation that is running, or one already
 * under notice (C-2) sooner than the notice would: a job found during the
 * notice ends the provider's responsibility that day.  An ordered change
 * (D-8) while a change is already under way has nothing left to order.
 */
static int check_end(const json_t *p, const struct end_input *x,
		     struct kverr *e)
{
	const char *why = json_string_value(json_object_get(p, "end_reason"));

	if (x->reason == 3 || strcmp(why, "notice") != 0)
		return check_running(p, x->ends_on, "ends_on", e);
	if (row_date(p, "ends_on") < x->ends_on)
		return kverr_set(e, KVERR_CONFLICT, "ended", "ends_on",
				 "The participation ends on %s by notice; it can"
				 " only be ended sooner.", json_string_value(
				 json_object_get(p, "ends_on")));
	if (row_date(p, "starts_on") > x->ends_on)
		return kverr_set(e, KVERR_INVALID, "before_start", "ends_on",
				 "The end cannot be before the participation"
				 " started.");
	return 0;
}

/* The participation chosen to follow one the authority ended has not
 * started; it is cancelled with it (an ordered change chooses anew). */
static int cancel_following(struct app_ctx *cx, int64_t jobseeker_id,
			    date_t after, struct kverr *e)
{
	char day[DATE_STRLEN];
	json_t *rows, *r;
	size_t i;
	int rc;

	date_format(after, day);
	rows = db_query_json(cx->db, "SELECT id, starts_on FROM participations"
			     " WHERE jobseeker_id = ? AND starts_on > ? AND"
			     " end_reason <> 'cancelled'", "is", e, jobseeker_id,
			     day);
	rc = rows ? 0 : -1;
	json_array_foreach(rows, i, r)
		if (!rc)
			rc = participations_cancel_pending(cx, row_int(r, "id"),
					    row_date(r, "starts_on"),
					    "The participation before it was"
					    " ended by the authority.", e);
	json_decref(rows);
	return rc;
}

/* The authority ends a participation: the jobseeker got a job, moved or
 * was deregistered, or must change provider (D-8). */
int app_participation_end(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	struct end_input x;
	char end[DATE_STRLEN];
	int64_t n, js;
	json_t *p;
	int rc;

	if (read_end(cx, in, &x, e) || !(p = participation_load(cx, x.id, e)))
		return -1;
	js = row_int(p, "jobseeker_id");
	rc = check_end(p, &x, e);
	json_decref(p);
	if (rc)
		return -1;
	if (x.municipality &&
	    (db_query_int(cx->db, "SELECT count(*) FROM municipalities WHERE"
			  " code = ?", "s", &n, e, x.municipality) < 0 || n == 0))
		return e->cls != KVERR_OK ? -1 :
		       kverr_set(e, KVERR_INVALID, "unknown_municipality",
				 "municipality", "No municipality has that code.");
	date_format(x.ends_on, end);
	if (db_run(cx->db, "UPDATE participations SET ends_on = ?, end_reason = ?,"
		   " end_note = ? WHERE id = ?", "sssi", e, end,
		   end_reasons[x.reason], x.note, x.id) ||
	    cancel_following(cx, js, x.ends_on, e) ||
	    after_end(cx, &x, js, e) ||
	    app_audit(cx, "participation.end", "participation", x.id, in, e))
		return -1;
	return reply_participation(cx, x.id, out, e);
}
