/*
 * attendance.c — check-in and check-out of activities (D-11): municipal
 * programmes with an activity requirement record when a participant came
 * and left, and report the hours attended per month.  Times are Swedish
 * local wall-clock times "YYYY-MM-DDTHH:MM", as the check-in desk shows
 * them.
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

#define STAMP_LEN 17   /* "YYYY-MM-DDTHH:MM" + NUL */

/* Minutes since 1970-01-01T00:00 of a strict local stamp; -1 if bad. */
static int64_t stamp_minutes(const char *s)
{
	char day[DATE_STRLEN];
	date_t d;
	int h, m;

	if (strlen(s) != STAMP_LEN - 1 || s[10] != 'T' || s[13] != ':')
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &d) || s[11] < '0' || s[11] > '2' || s[12] < '0' ||
	    s[12] > '9' || s[14] < '0' || s[14] > '5' || s[15] < '0' || s[15] > '9')
		return -1;
	h = (s[11] - '0') * 10 + (s[12] - '0');
	m = (s[14] - '0') * 10 + (s[15] - '0');
	if (h > 23)
		return -1;
	return (int64_t)d * 1440 + h * 60 + m;
}

struct event_input {
	int64_t id;
	int event;              /* 0 check_in, 1 check_out */
	const char *activity, *at;
	int64_t minute;
};

static int read_event(struct app_ctx *cx, json_t *in, struct event_input *x,
		      struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "event",
					    "activity", "at", NULL };
	static const char *const events[] = { "check_in", "check_out", NULL };

	memset(x, 0, sizeof(*x));
	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &x->id, e) ||
	    in_enum(in, "event", true, events, &x->event, e) ||
	    in_string(in, "activity", x->event == 0, LIMIT_NAME, &x->activity, e) ||
	    in_string(in, "at", true, STAMP_LEN - 1, &x->at, e))
		return -1;
	x->minute = stamp_minutes(x->at);
	if (x->minute < 0)
		return kverr_set(e, KVERR_INVALID, "bad_time", "at",
				 "The time must be written YYYY-MM-DDTHH:MM.");
	if (x->minute / 1440 > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "at",
				 "Attendance cannot be recorded in advance.");
	return 0;
}

/* D-11 applies only where the programme requires it. */
static int check_programme(struct app_ctx *cx, const json_t *p,
			   const struct event_input *x, struct kverr *e)
{
	int64_t required = 0;
	date_t day = (date_t)(x->minute / 1440);

	if (db_query_int(cx->db, "SELECT activity_requirement FROM programmes"
			 " WHERE id = ?", "i", &required, e,
			 json_integer_value(json_object_get(p, "programme_id"))) < 0)
		return -1;
	if (!required)
		return kverr_set(e, KVERR_CONFLICT, "not_required", "participation_id",
				 "This programme does not record attendance.");
	if (day < row_date(p, "starts_on") || day > row_date(p, "ends_on"))
		return kverr_set(e, KVERR_INVALID, "outside_participation", "at",
				 "The time must lie within the participation.");
	return 0;
}

static int check_in(struct app_ctx *cx, const struct event_input *x,
		    int64_t *row, struct kverr *e)
{
	int64_t open;

	if (db_query_int(cx->db, "SELECT count(*) FROM attendance WHERE"
			 " participation_id = ? AND checked_out IS NULL", "i",
			 &open, e, x->id) < 0)
		return -1;
	if (open)
		return kverr_set(e, KVERR_CONFLICT, "checked_in", "event",
				 "The participant is already checked in; check"
				 " out first.");
	return db_query_int(cx->db, "INSERT INTO attendance(participation_id,"
			    " activity, checked_in, recorded_by, created_at) VALUES"
			    " (?, ?, ?, ?, ?) RETURNING id", "issii", row, e, x->id,
			    x->activity, x->at, cx->actor->user_id, cx->now) ? -1 : 0;
}

static int check_out(struct app_ctx *cx, const struct event_input *x,
		     int64_t *row, struct kverr *e)
{
	json_t *open = db_query_one(cx->db, "check_in", "SELECT id, checked_in"
				    " FROM attendance WHERE participation_id = ?"
				    " AND checked_out IS NULL", "i", e, x->id);
	int64_t minutes;

	if (!open) {
		if (e->cls == KVERR_NOT_FOUND)
			kverr_set(e, KVERR_CONFLICT, "not_checked_in", "event",
				  "The participant is not checked in.");
		return -1;
	}
	*row = json_integer_value(json_object_get(open, "id"));
	minutes = x->minute - stamp_minutes(json_string_value(
		json_object_get(open, "checked_in")));
	json_decref(open);
	if (minutes < 0)
		return kverr_set(e, KVERR_INVALID, "before_check_in", "at",
				 "Check-out cannot be before check-in.");
	return db_run(cx->db, "UPDATE attendance SET checked_out = ?, minutes = ?"
		      " WHERE id = ?", "sii", e, x->at, minutes, *row);
}

int app_attendance_record(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	struct event_input x;
	int64_t row = 0;
	json_t *p;
	int rc;

	if (read_event(cx, in, &x, e) || !(p = participation_load(cx, x.id, e)))
		return -1;
	rc = participation_require_writer(cx, p, e) || check_programme(cx, p, &x, e);
	json_decref(p);
	if (rc || (x.event == 0 ? check_in(cx, &x, &row, e) :
				  check_out(cx, &x, &row, e)) ||
	    app_audit(cx, x.event == 0 ? "attendance.check_in" :
		      "attendance.check_out", "participation", x.id, NULL, e))
		return -1;
	*out = db_query_one(cx->db, "attendance", "SELECT id, participation_id,"
			    " activity, checked_in, checked_out, minutes FROM"
			    " attendance WHERE id = ?", "i", e, row);
	return *out ? 0 : -1;
}

/* D-11: the month's sessions and the hours attended. */
int app_attendance_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "month", NULL };
	int64_t id = 0, minutes = 0;
	const char *month;
	month_t m;
	char like[MONTH_STRLEN + 1], hours[24];
	json_t *p, *rows;

	if (in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "month", true, 7, &month, e))
		return -1;
	if (month_parse(month, &m))
		return kverr_set(e, KVERR_INVALID, "bad_month", "month",
				 "The month must be written YYYY-MM.");
	if (!(p = participation_load(cx, id, e)))
		return -1;
	json_decref(p);
	snprintf(like, sizeof(like), "%s%%", month);
	rows = db_query_json(cx->db, "SELECT id, activity, checked_in, checked_out,"
			     " minutes FROM attendance WHERE participation_id = ?"
			     " AND checked_in LIKE ? ORDER BY checked_in", "is", e,
			     id, like);
	if (!rows || db_query_int(cx->db, "SELECT coalesce(sum(minutes), 0) FROM"
				  " attendance WHERE participation_id = ? AND"
				  " checked_in LIKE ?", "is", &minutes, e, id,
				  like) < 0) {
		json_decref(rows);
		return -1;
	}
	*out = json_pack("{s:I, s:s, s:o, s:I}", "participation_id",
			 (json_int_t)id, "month", month, "sessions", rows,
			 "attended_minutes", (json_int_t)minutes);
	/* Hours with one decimal, as text so no float enters the API. */
	snprintf(hours, sizeof(hours), "%lld.%lld", (long long)(minutes / 60),
		 (long long)(minutes % 60 * 10 / 60));
	json_object_set_new(*out, "attended_hours", json_string(hours));
	return 0;
}
