/*
 * work.c — the provider's work with its own participants: the planning
 * meeting (U-4), the personal supervisor (D-3), action plans with kept
 * versions and monthly reports with weekly meeting minutes (D-5, D-3),
 * meeting compliance (D-3), and deviation reports that the authority
 * decides on (D-6).  Attendance (D-11) is in attendance.c.
 *
 * Only the participation's own provider writes here; participation_load
 * hides every other provider's participants.
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

static int64_t get_int(const json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* Load the participation for its own provider's staff to write on `on`:
 * the day must lie within the participation. */
static json_t *writable(struct app_ctx *cx, int64_t id, date_t on,
			const char *field, struct kverr *e)
{
	json_t *p = participation_load(cx, id, e);

	if (!p)
		return NULL;
	if (participation_require_writer(cx, p, e)) {
		json_decref(p);
		return NULL;
	}
	if (on < row_date(p, "starts_on") || on > row_date(p, "ends_on")) {
		json_decref(p);
		kverr_set(e, KVERR_INVALID, "outside_participation", field,
			  "The date must lie within the participation.");
		return NULL;
	}
	return p;
}

static int reply(struct app_ctx *cx, int64_t id, json_t **out, struct kverr *e)
{
	json_t *args = json_pack("{s:I}", "participation_id", (json_int_t)id);
	int rc = app_participation_get(cx, args, out, e);

	json_decref(args);
	return rc;
}

/* U-4: the planning meeting is held within 14 days of the start. */
int app_planning_meeting(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "held_on", NULL };
	int64_t id = 0;
	date_t on = cx->today;
	char d[DATE_STRLEN];
	json_t *p;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    in_date(in, "held_on", true, &on, e))
		return -1;
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "held_on",
				 "A meeting cannot be recorded before it is held.");
	if (!(p = writable(cx, id, on, "held_on", e)))
		return -1;
	json_decref(p);
	date_format(on, d);
	if (db_run(cx->db, "UPDATE participations SET planning_meeting_on = ?"
		   " WHERE id = ?", "si", e, d, id) ||
	    app_audit(cx, "participation.planning_meeting", "participation", id,
		      in, e))
		return -1;
	return reply(cx, id, out, e);
}

/* D-3: every participant has a named personal supervisor. */
int app_supervisor_set(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "supervisor", NULL };
	int64_t id = 0;
	const char *name;
	json_t *p;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "supervisor", true, LIMIT_NAME, &name, e))
		return -1;
	if (!(p = participation_load(cx, id, e)))
		return -1;
	if (participation_require_writer(cx, p, e)) {
		json_decref(p);
		return -1;
	}
	json_decref(p);
	if (db_run(cx->db, "UPDATE participations SET supervisor = ? WHERE id = ?",
		   "si", e, name, id) ||
	    app_audit(cx, "participation.supervisor", "participation", id, in, e))
		return -1;
	return reply(cx, id, out, e);
}

/* U-4: participations whose planning meeting is overdue on `date`. */
int app_planning_overdue(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "date", "provider_id", NULL };
	int64_t provider_id = 0;
	date_t on = cx->today;
	char d[DATE_STRLEN];
	json_t *rows, *r, *list;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) || in_date(in, "date", false, &on, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider_id, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF) {
		if (provider_id && app_require_provider(cx, provider_id, e))
			return -1;
		provider_id = cx->actor->provider_id;
	}
	date_format(on, d);
	rows = db_query_json(cx->db, "SELECT p.id AS participation_id,"
			     " p.provider_id, pv.name AS provider_name, j.ref,"
			     " p.starts_on, p.ends_on FROM participations p JOIN"
			     " jobseekers j"
			     " ON j.id = p.jobseeker_id JOIN providers pv ON"
			     " pv.id = p.provider_id WHERE p.planning_meeting_on IS"
			     " NULL AND p.starts_on <= ? AND p.ends_on >= p.starts_on"
			     " AND p.end_reason <> 'cancelled' AND (? = 0 OR"
			     " p.provider_id = ?) ORDER BY p.starts_on, p.id", "sii",
			     e, d, provider_id, provider_id);
	if (!rows)
		return -1;
	list = json_array();
	json_array_foreach(rows, i, r) {
		date_t due = journey_planning_due(&cx->app->journey,
						  row_date(r, "starts_on"));

		/* U-4: owed only to someone still there on the due day. */
		if (on <= due || row_date(r, "ends_on") < due ||
		    json_array_size(list) >= LIMIT_PAGE)
			continue;
		json_object_del(r, "ends_on");
		row_set_date(r, "due_on", due);
		json_object_set_new(r, "days_overdue", json_integer(on - due));
		json_array_append(list, r);
	}
	json_decref(rows);
	*out = list;
	return 0;
}

/* ------------------------------------------------------- action plans */

/* D-5: a new version of the plan; earlier versions are kept. */
int app_action_plan_write(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "long_term_goal",
					    "next_month_activities", "written_on",
					    NULL };
	const char *goal, *next;
	int64_t id = 0, version, plan;
	date_t on = cx->today;
	char d[DATE_STRLEN];
	json_t *p;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "long_term_goal", true, LIMIT_TEXT, &goal, e) ||
	    in_string(in, "next_month_activities", true, LIMIT_TEXT, &next, e) ||
	    in_date(in, "written_on", false, &on, e))
		return -1;
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "written_on",
				 "A plan cannot be dated in the future.");
	if (!(p = writable(cx, id, on, "written_on", e)))
		return -1;
	json_decref(p);
	date_format(on, d);
	if (db_query_int(cx->db, "SELECT coalesce(max(version), 0) + 1 FROM"
			 " action_plans WHERE participation_id = ?", "i", &version,
			 e, id) < 0 ||
	    db_query_int(cx->db, "INSERT INTO action_plans(participation_id,"
			 " version, long_term_goal, next_month_activities,"
			 " written_on, written_by, created_at) VALUES (?, ?, ?, ?,"
			 " ?, ?, ?) RETURNING id", "iisssii", &plan, e, id, version,
			 goal, next, d, cx->actor->user_id, cx->now) != 0 ||
	    app_audit(cx, "action_plan.write", "participation", id, NULL, e))
		return -1;
	*out = db_query_one(cx->db, "action_plan", "SELECT id, participation_id,"
			    " version, long_term_goal, next_month_activities,"
			    " written_on FROM action_plans WHERE id = ?", "i", e,
			    plan);
	return *out ? 0 : -1;
}

int app_action_plans_list(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "participation_id", NULL };
	int64_t id = 0;
	json_t *p;

	if (in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    !(p = participation_load(cx, id, e)))
		return -1;
	json_decref(p);
	*out = db_query_json(cx->db, "SELECT a.id, a.version, a.long_term_goal,"
			     " a.next_month_activities, a.written_on, u.username"
			     " AS written_by FROM action_plans a LEFT JOIN users u"
			     " ON u.id = a.written_by WHERE a.participation_id = ?"
			     " ORDER BY a.version DESC", "i", e, id);
	return *out ? 0 : -1;
}

/* ----------------------------------------------------- monthly reports */

struct report_input {
	int64_t id, searches;
	month_t month;
	const char *attended;
	json_t *meetings;
	struct journey_week weeks[5];
	int n_weeks;
};

/* D-3: one entry per week of the month that lies in the participation,
 * identified by its Monday; no other week, none twice. */
static int read_meetings(const json_t *p, struct report_input *r,
			 struct kverr *e)
{
	date_t mondays[5];
	int n = journey_month_mondays(row_date(p, "starts_on"),
				      row_date(p, "ends_on"), r->month, mondays);
	json_t *item;
	size_t i;

	if (json_array_size(r->meetings) != (size_t)n)
		return kverr_set(e, KVERR_INVALID, "weeks_mismatch", "meetings",
				 "Give the meeting minutes for each of the %d"
				 " week(s) whose Monday falls in this month and in"
				 " the participation.", n);
	json_array_foreach(r->meetings, i, item) {
		static const char *const keys[] = { "week", "minutes", NULL };
		char field[40];
		int64_t minutes;
		date_t monday;
		int k;

		snprintf(field, sizeof(field), "meetings[%zu]", i);
		if (in_object(item, keys, e) || in_date(item, "week", true, &monday, e) ||
		    in_int(item, "minutes", true, 0, 7 * 24 * 60, &minutes, e)) {
			kverr_prefix_field(e, field);
			return -1;
		}
		for (k = 0; k < n && mondays[k] != monday; k++)
			;
		for (int j = 0; j < r->n_weeks; j++)
			if (r->weeks[j].monday == monday)
				k = n;
		if (k == n)
			return kverr_set(e, KVERR_INVALID, "bad_week", field,
					 "Each week is given once, by its Monday,"
					 " and must lie in this month and in the"
					 " participation.");
		r->weeks[r->n_weeks++] = (struct journey_week){ monday, (int32_t)minutes };
	}
	return 0;
}

static int read_report(struct app_ctx *cx, json_t *in, struct report_input *r,
		       struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "month",
					    "job_search_activities",
					    "activities_attended", "meetings",
					    NULL };
	const char *month;

	memset(r, 0, sizeof(*r));
	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &r->id, e) ||
	    in_string(in, "month", true, 7, &month, e) ||
	    in_int(in, "job_search_activities", true, 0, 1000, &r->searches, e) ||
	    in_string(in, "activities_attended", true, LIMIT_TEXT, &r->attended, e) ||
	    in_array(in, "meetings", false, 5, &r->meetings, e))
		return -1;
	if (month_parse(month, &r->month))
		return kverr_set(e, KVERR_INVALID, "bad_month", "month",
				 "The month must be written YYYY-MM.");
	/* A month is reported once it has begun; the report covers it. */
	if (r->month > date_month(cx->today))
		return kverr_set(e, KVERR_INVALID, "future_month", "month",
				 "A month cannot be reported before it begins.");
	return 0;
}

static int insert_report(struct app_ctx *cx, const struct report_input *r,
			 int64_t *report, struct kverr *e)
{
	char m[MONTH_STRLEN], d[DATE_STRLEN], w[DATE_STRLEN];

	month_format(r->month, m);
	date_format(cx->today, d);
	if (db_query_int(cx->db, "INSERT INTO monthly_reports(participation_id,"
			 " month, job_search_activities, activities_attended,"
			 " filed_by, filed_on, created_at) VALUES (?, ?, ?, ?, ?,"
			 " ?, ?) RETURNING id", "isisisi", report, e, r->id, m,
			 r->searches, r->attended, cx->actor->user_id, d,
			 cx->now) != 0) {
		if (e->cls == KVERR_CONFLICT)
			kverr_set(e, KVERR_CONFLICT, "exists", "month",
				  "This month has already been reported.");
		return -1;
	}
	for (int i = 0; i < r->n_weeks; i++) {
		date_format(r->weeks[i].monday, w);
		if (db_run(cx->db, "INSERT INTO meeting_weeks(report_id,"
			   " participation_id, week_monday, minutes) VALUES (?, ?,"
			   " ?, ?)", "iisi", e, *report, r->id, w,
			   (int64_t)r->weeks[i].minutes))
			return -1;
	}
	return 0;
}

/* D-5, D-3: the monthly report, made with the participant. */
int app_report_file(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	struct report_input r;
	int64_t report;
	json_t *p;
	int rc;

	if (read_report(cx, in, &r, e) || !(p = participation_load(cx, r.id, e)))
		return -1;
	rc = participation_require_writer(cx, p, e);
	if (!rc && (month_last_day(r.month) < row_date(p, "starts_on") ||
		    month_first_day(r.month) > row_date(p, "ends_on")))
		rc = kverr_set(e, KVERR_INVALID, "outside_participation", "month",
			       "The participation does not cover that month.");
	rc = rc || read_meetings(p, &r, e);
	json_decref(p);
	if (rc || insert_report(cx, &r, &report, e) ||
	    app_audit(cx, "report.file", "monthly_report", report, NULL, e))
		return -1;
	*out = db_query_one(cx->db, "report", "SELECT id, participation_id,"
			    " month, job_search_activities, activities_attended,"
			    " filed_on FROM monthly_reports WHERE id = ?", "i", e,
			    report);
	if (*out)
		json_object_set(*out, "meetings", r.meetings);
	return *out ? 0 : -1;
}

int app_reports_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "participation_id", NULL };
	int64_t id = 0;
	json_t *p, *rows, *r;
	size_t i;

	if (in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    !(p = participation_load(cx, id, e)))
		return -1;
	json_decref(p);
	rows = db_query_json(cx->db, "SELECT id, month, job_search_activities,"
			     " activities_attended, filed_on FROM monthly_reports"
			     " WHERE participation_id = ? ORDER BY month", "i", e, id);
	if (!rows)
		return -1;
	json_array_foreach(rows, i, r) {
		json_t *weeks = db_query_json(cx->db, "SELECT week_monday AS week,"
					      " minutes FROM meeting_weeks WHERE"
					      " report_id = ? ORDER BY week_monday",
					      "i", e, get_int(r, "id"));
		if (!weeks) {
			json_decref(rows);
			return -1;
		}
		json_object_set_new(r, "meetings", weeks);
	}
	*out = rows;
	return 0;
}
