/*
 * participations.c — choosing a provider (C-1, D-7) and switching with
 * notice (C-2), opening participations that end by term (D-8, C-3), and
 * reading participations with access by role.  Notice given on its own
 * and the authority's ends are in participation_end.c.
 *
 * The dates come from core/journey.c; this file only gathers facts,
 * checks the state and writes.
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/providers.h"
#include "app/quality.h"
#include "core/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

/* --------------------------------------------------------- shared rows */

date_t row_date(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	date_t d;

	return s && date_parse(s, &d) == 0 ? d : JOURNEY_NEVER;
}

void row_set_date(json_t *obj, const char *key, date_t d)
{
	char buf[DATE_STRLEN];

	date_format(d, buf);
	json_object_set_new(obj, key, json_string(buf));
}

int64_t row_int(const json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

#define PARTICIPATION_COLUMNS \
	"SELECT p.id, p.jobseeker_id, j.ref, j.given_name, j.family_name," \
	" p.provider_id, pv.name AS provider_name, p.area_id, p.programme_id," \
	" p.track, p.how, p.assign_rule, p.assign_reason, p.chosen_on," \
	" p.starts_on, p.ends_on, p.end_reason, p.end_note, p.supervisor," \
	" p.planning_meeting_on FROM participations p" \
	" JOIN jobseekers j ON j.id = p.jobseeker_id" \
	" JOIN providers pv ON pv.id = p.provider_id"

json_t *participation_load(struct app_ctx *cx, int64_t id, struct kverr *e)
{
	const struct actor *a = cx->actor;
	json_t *p = db_query_one(cx->db, "participation", PARTICIPATION_COLUMNS
				 " WHERE p.id = ?", "i", e, id);

	if (!p)
		return NULL;
	/* Another provider's or another jobseeker's participation does not
	 * exist for this actor. */
	if ((a->role & ROLE_AUTHORITY) ||
	    (a->role == ROLE_PROVIDER_STAFF &&
	     a->provider_id == row_int(p, "provider_id")) ||
	    (a->role == ROLE_JOBSEEKER &&
	     a->jobseeker_id == row_int(p, "jobseeker_id")))
		return p;
	json_decref(p);
	if (a->role == ROLE_NONE)
		kverr_set(e, KVERR_UNAUTHORISED, "unauthorised", NULL,
			  "Sign in to do this.");
	else
		kverr_set(e, KVERR_NOT_FOUND, "not_found", "participation",
			  "No such participation.");
	return NULL;
}

int participation_require_writer(struct app_ctx *cx, const json_t *p,
				 struct kverr *e)
{
	if (cx->actor->role == ROLE_PROVIDER_STAFF &&
	    cx->actor->provider_id == row_int(p, "provider_id"))
		return 0;
	/* participation_load has already hidden other providers' rows. */
	if (cx->actor->role == ROLE_PROVIDER_STAFF)
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "participation",
				 "No such participation.");
	return kverr_set(e, KVERR_FORBIDDEN, "forbidden", NULL,
			 "Only the provider's staff may do this.");
}

/* ------------------------------------------------------------- reading */

int app_participation_get(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "participation_id", NULL };
	int64_t id = 0;
	json_t *p, *notice;

	if (in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e))
		return -1;
	p = participation_load(cx, id, e);
	if (!p)
		return -1;
	notice = db_query_json(cx->db, "SELECT given_on, notice_days, last_day"
			       " FROM notices WHERE participation_id = ?", "i",
			       e, id);
	if (!notice) {
		json_decref(p);
		return -1;
	}
	json_object_set(p, "notice", json_array_size(notice) ?
			json_array_get(notice, 0) : json_null());
	json_decref(notice);
	/* U-4: the planning meeting's deadline, for everyone to see. */
	row_set_date(p, "planning_meeting_due",
		     journey_planning_due(&cx->app->journey,
					  row_date(p, "starts_on")));
	*out = p;
	return 0;
}

int app_participations_list(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "jobseeker_id",
					    "active_on", "how", NULL };
	static const char *const hows[] = { "choice", "nonchoice", NULL };
	int64_t provider_id = 0, jobseeker_id = 0;
	date_t on = 0;
	int how = -1;
	char day[DATE_STRLEN] = "";

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider_id, e) ||
	    in_int(in, "jobseeker_id", false, 1, INT64_MAX, &jobseeker_id, e) ||
	    in_date(in, "active_on", false, &on, e) ||
	    in_enum(in, "how", false, hows, &how, e))
		return -1;
	/* Staff see their own provider's participants and nobody else's. */
	if (cx->actor->role == ROLE_PROVIDER_STAFF) {
		if (provider_id && app_require_provider(cx, provider_id, e))
			return -1;
		provider_id = cx->actor->provider_id;
	}
	if (json_object_get(in, "active_on"))
		date_format(on, day);
	*out = db_query_json(cx->db, PARTICIPATION_COLUMNS " WHERE (? = 0 OR"
			     " p.provider_id = ?) AND (? = 0 OR p.jobseeker_id = ?)"
			     " AND (? = '' OR (p.starts_on <= ? AND p.ends_on >= ?"
			     " AND p.end_reason <> 'cancelled')) AND (? = '' OR"
			     " p.how = ?) ORDER BY p.id LIMIT 500", "iiiisssss", e,
			     provider_id, provider_id, jobseeker_id, jobseeker_id,
			     day, day, day, how >= 0 ? hows[how] : "",
			     how >= 0 ? hows[how] : "");
	return *out ? 0 : -1;
}

/* ------------------------------------------------------------- choice */

/* The jobseeker's row with what choosing needs; NULL with e. */
static json_t *chooser(struct app_ctx *cx, int64_t id, struct kverr *e)
{
	return db_query_one(cx->db, "jobseeker", "SELECT j.id, j.ref,"
			    " j.programme_id, j.municipality_code, j.status,"
			    " j.exemption, j.registered_on, j.choice_due,"
			    " (SELECT a.track FROM assessments a WHERE"
			    " a.jobseeker_id = j.id ORDER BY a.assessed_on DESC,"
			    " a.id DESC LIMIT 1) AS track,"
			    " (SELECT am.area_id FROM area_municipalities am WHERE"
			    " am.programme_id = j.programme_id AND"
			    " am.municipality_code = j.municipality_code) AS area_id"
			    " FROM jobseekers j WHERE j.id = ?", "i", e, id);
}

/* Who may choose now: registered, not exempt, with a track. */
static int check_chooser(const json_t *js, struct kverr *e)
{
	if (strcmp(json_string_value(json_object_get(js, "status")), "active"))
		return kverr_set(e, KVERR_CONFLICT, "deregistered", "jobseeker_id",
				 "The jobseeker is no longer registered.");
	if (strcmp(json_string_value(json_object_get(js, "exemption")), "none"))
		return kverr_set(e, KVERR_CONFLICT, "exempt", "jobseeker_id",
				 "The jobseeker is exempt from tracks (A-4) and"
				 " has no provider to choose.");
	if (!json_is_integer(json_object_get(js, "track")))
		return kverr_set(e, KVERR_CONFLICT, "not_assessed", "jobseeker_id",
				 "The jobseeker has no track yet; assess them"
				 " first.");
	if (!json_is_integer(json_object_get(js, "area_id")))
		return kverr_set(e, KVERR_CONFLICT, "no_area", "jobseeker_id",
				 "No delivery area covers the jobseeker's"
				 " municipality in this programme.");
	return 0;
}

int64_t participations_excluded_provider(struct app_ctx *cx,
					 int64_t jobseeker_id, bool by_notice,
					 struct kverr *e)
{
	int64_t provider = 0;
	int rc = db_query_int(cx->db, "SELECT CASE WHEN end_reason ="
			      " 'ordered_change' OR (? AND end_reason = 'notice')"
			      " THEN provider_id ELSE 0 END FROM participations"
			      " WHERE jobseeker_id = ? AND end_reason <> 'cancelled'"
			      " ORDER BY starts_on DESC, id DESC LIMIT 1", "ii",
			      &provider, e, (int64_t)by_notice, jobseeker_id);

	return rc < 0 ? -1 : provider;
}

/* The providers admitted in the area on `on`, with what C-1 asks to show. */
static json_t *admitted_in(struct app_ctx *cx, int64_t area_id, date_t on,
			   struct kverr *e)
{
	char d[DATE_STRLEN];

	date_format(on, d);
	/* A termination dated X ends the admission from X on. */
	/* C-1, R-3: the stars of the latest published rating round. */
	return db_query_json(cx->db, "SELECT pv.id, pv.name, (SELECT rl.stars"
			     " FROM rating_latest rl WHERE rl.provider_id = pv.id"
			     " AND rl.area_id = a.area_id) AS rating_score,"
			     " a.admitted_on FROM admissions a JOIN providers pv ON"
			     " pv.id = a.provider_id WHERE a.area_id = ? AND"
			     " a.admitted_on <= ? AND (a.ended_on IS NULL OR"
			     " a.ended_on > ?) ORDER BY pv.name, pv.id", "iss", e,
			     area_id, d, d);
}

/* The participation that is running or will run from `on`, and which is
 * not cancelled: at most one running plus one chosen to follow it. */
static json_t *from_day(struct app_ctx *cx, int64_t jobseeker_id, date_t on,
			struct kverr *e)
{
	char d[DATE_STRLEN];

	date_format(on, d);
	return db_query_json(cx->db, "SELECT p.id, p.provider_id, p.starts_on,"
			     " p.ends_on, p.end_reason, n.last_day AS notice_last_day"
			     " FROM participations p LEFT JOIN notices n ON"
			     " n.participation_id = p.id WHERE p.jobseeker_id = ?"
			     " AND p.ends_on >= ? AND p.end_reason <> 'cancelled'"
			     " ORDER BY p.starts_on", "is", e, jobseeker_id, d);
}

/*
 * C-2: what choosing on `on` would mean for the jobseeker now: the day
 * the new provider could start, and the notice the current one gets.
 * Fills plan with notice_days etc.; *current is the running
 * participation's id (0 for none), *pending a not-yet-started one.
 */
struct switch_plan {
	int64_t current, current_provider, pending, pending_provider;
	date_t pending_start;
	bool give_notice;          /* the running one has no notice yet */
	struct journey_notice notice;
	date_t start;              /* earliest start of the new participation */
};

static int plan_switch(struct app_ctx *cx, int64_t jobseeker_id, date_t on,
		       struct switch_plan *sp, struct kverr *e)
{
	json_t *rows = from_day(cx, jobseeker_id, on, e), *r;
	size_t i;

	if (!rows)
		return -1;
	memset(sp, 0, sizeof(*sp));
	sp->start = journey_earliest_start(&cx->app->journey, on);
	json_array_foreach(rows, i, r) {
		date_t start = row_date(r, "starts_on");
		date_t end = row_date(r, "ends_on");

		if (start > on) {
			sp->pending = row_int(r, "id");
			sp->pending_start = start;
			sp->pending_provider = row_int(r, "provider_id");
			continue;
		}
		sp->current = row_int(r, "id");
		sp->current_provider = row_int(r, "provider_id");
		if (strcmp(json_string_value(json_object_get(r, "end_reason")),
			   "max_duration") == 0 && json_is_null(json_object_get(r,
					"notice_last_day"))) {
			/* C-2: notice now; never past the 104-week end. */
			if (journey_notice(&cx->app->journey, start, on,
					   &sp->notice, e)) {
				json_decref(rows);
				return -1;
			}
			if (sp->notice.last_day > end)
				sp->notice.last_day = end;
			sp->give_notice = true;
		}
		/* The new provider takes over the day after the old ends. */
		end = sp->give_notice ? sp->notice.last_day : end;
		if (date_add_days(end, 1) > sp->start)
			sp->start = date_add_days(end, 1);
	}
	json_decref(rows);
	return 0;
}

static void add_plan(json_t *row, const struct switch_plan *sp)
{
	row_set_date(row, "earliest_start", sp->start);
	if (!sp->give_notice)
		return;
	json_object_set_new(row, "notice_days", json_integer(sp->notice.days));
	row_set_date(row, "notice_last_day", sp->notice.last_day);
}

/*
 * F-6: a provider under a temporary order stop in the area on some day
 * from the choice to the start gets no new participant, by choice here
 * or by non-choice (nonchoice_run.c); those already there stay.  The
 * stops themselves are app/sanctions.c.
 */
static int check_not_stopped(struct app_ctx *cx, int64_t provider,
			     int64_t area, date_t chosen, date_t start,
			     struct kverr *e)
{
	char d[DATE_STRLEN];
	date_t until;
	int rc = quality_order_stopped(cx, provider, area, chosen, start, &until,
				       e);

	if (rc <= 0)
		return rc;
	date_format(until, d);
	return kverr_set(e, KVERR_INVALID, "order_stop", "provider_id",
			 "That provider takes no new participants in this area"
			 " until %s (a temporary order stop, F-6).", d);
}

/* F-6: the list of choices leaves out providers under an order stop. */
static int drop_stopped(struct app_ctx *cx, json_t *list, int64_t area,
			date_t chosen, date_t start, struct kverr *e)
{
	for (size_t i = json_array_size(list); i-- > 0;) {
		date_t until;
		int rc = quality_order_stopped(cx, row_int(json_array_get(list, i),
							   "id"), area, chosen,
					       start, &until, e);

		if (rc < 0)
			return -1;
		if (rc)
			json_array_remove(list, i);
	}
	return 0;
}

/* C-1: the providers the jobseeker can choose among, with services,
 * languages, locations and digital delivery, and what a change means. */
int app_choices_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "jobseeker_id", NULL };
	int64_t id = 0, excluded = 0;
	struct switch_plan sp;
	json_t *js, *list = NULL, *row;
	size_t i;

	if (in_object(in, keys, e) ||
	    in_int(in, "jobseeker_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_jobseeker(cx, id, e))
		return -1;
	js = chooser(cx, id, e);
	if (!js)
		return -1;
	if (check_chooser(js, e) || plan_switch(cx, id, cx->today, &sp, e) ||
	    (excluded = participations_excluded_provider(cx, id, false, e)) < 0 ||
	    !(list = admitted_in(cx, row_int(js, "area_id"), sp.start, e))) {
		json_decref(js);
		return -1;
	}
	/* D-8: the provider the authority ordered them away from is not
	 * offered. */
	for (i = json_array_size(list); excluded && i-- > 0;)
		if (row_int(json_array_get(list, i), "id") == excluded)
			json_array_remove(list, i);
	/* F-6: nor one under an order stop (app/sanctions.c). */
	if (drop_stopped(cx, list, row_int(js, "area_id"), cx->today, sp.start,
			 e)) {
		json_decref(js);
		json_decref(list);
		return -1;
	}
	json_array_foreach(list, i, row) {
		json_object_set_new(row, "current", json_boolean(
			row_int(row, "id") == sp.current_provider ||
			row_int(row, "id") == sp.pending_provider));
		if (providers_add_profile(cx, row, e)) {
			json_decref(js);
			json_decref(list);
			return -1;
		}
	}
	*out = json_pack("{s:I, s:I, s:o}", "jobseeker_id", (json_int_t)id,
			 "area_id", (json_int_t)row_int(js, "area_id"),
			 "providers", list);
	add_plan(*out, &sp);
	json_object_set(*out, "choice_due", json_object_get(js, "choice_due"));
	json_decref(js);
	return 0;
}

struct choice_input {
	int64_t jobseeker_id, provider_id;
	date_t chosen_on, starts_on;
	bool start_given;
};

static int read_choice(struct app_ctx *cx, json_t *in, struct choice_input *c,
		       struct kverr *e)
{
	static const char *const keys[] = { "jobseeker_id", "provider_id",
					    "chosen_on", "starts_on", NULL };

	memset(c, 0, sizeof(*c));
	c->chosen_on = cx->today;
	if (in_object(in, keys, e) ||
	    in_int(in, "jobseeker_id", true, 1, INT64_MAX, &c->jobseeker_id, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &c->provider_id, e) ||
	    in_date(in, "chosen_on", false, &c->chosen_on, e) ||
	    in_date(in, "starts_on", false, &c->starts_on, e))
		return -1;
	c->start_given = json_object_get(in, "starts_on") != NULL;
	/* Only a case officer may date a choice other than today. */
	if (json_object_get(in, "chosen_on") &&
	    cx->actor->role != ROLE_CASE_OFFICER)
		return kverr_set(e, KVERR_FORBIDDEN, "forbidden", "chosen_on",
				 "Only a case officer may date a choice.");
	if (c->chosen_on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "chosen_on",
				 "A choice cannot be dated in the future.");
	return app_require(cx, ROLE_CASE_OFFICER | ROLE_JOBSEEKER, e) ||
	       app_require_jobseeker(cx, c->jobseeker_id, e);
}

/* D-8: the authority's order to change provider excludes the one left;
 * checked first, so a change ordered today is not "already there". */
static int check_not_excluded(struct app_ctx *cx, const struct choice_input *c,
			      struct kverr *e)
{
	int64_t excluded = participations_excluded_provider(cx, c->jobseeker_id,
							    false, e);

	if (excluded < 0)
		return -1;
	if (excluded == c->provider_id)
		return kverr_set(e, KVERR_INVALID, "ordered_away", "provider_id",
				 "The authority has decided that the jobseeker must"
				 " change from this provider (D-8).");
	return 0;
}

/* C-1: the provider must be admitted in the jobseeker's area on the start
 * day. */
static int check_provider(struct app_ctx *cx, const json_t *js,
			  const struct choice_input *c, date_t start,
			  struct kverr *e)
{
	json_t *list = admitted_in(cx, row_int(js, "area_id"), start, e), *row;
	bool found = false;
	size_t i;

	if (!list)
		return -1;
	json_array_foreach(list, i, row)
		found |= row_int(row, "id") == c->provider_id;
	json_decref(list);
	if (!found)
		return kverr_set(e, KVERR_INVALID, "not_admitted", "provider_id",
				 "That provider is not admitted in the jobseeker's"
				 " delivery area.");
	return 0;
}

/* C-2: the running participation gets notice given on `on`. */
int participations_give_notice(struct app_ctx *cx, int64_t id,
			       const struct journey_notice *n, date_t on,
			       struct kverr *e)
{
	char given[DATE_STRLEN], last[DATE_STRLEN];

	date_format(on, given);
	date_format(n->last_day, last);
	if (db_run(cx->db, "INSERT INTO notices(participation_id, given_on,"
		   " notice_days, last_day, given_by, created_at) VALUES (?, ?, ?,"
		   " ?, nullif(?, 0), ?)", "isisii", e, id, given, (int64_t)n->days,
		   last, cx->actor->user_id, cx->now) ||
	    db_run(cx->db, "UPDATE participations SET ends_on = ?, end_reason ="
		   " 'notice' WHERE id = ?", "si", e, last, id))
		return -1;
	return app_audit(cx, "participation.notice", "participation", id, NULL, e);
}

/* A participation that has not started yet is cancelled, not ended: it
 * never had a day of responsibility. */
int participations_cancel_pending(struct app_ctx *cx, int64_t id, date_t start,
				  const char *why, struct kverr *e)
{
	char end[DATE_STRLEN];

	date_format(date_add_days(start, -1), end);
	if (db_run(cx->db, "UPDATE participations SET ends_on = ?, end_reason ="
		   " 'cancelled', end_note = ? WHERE id = ?", "ssi", e, end, why,
		   id))
		return -1;
	return app_audit(cx, "participation.cancel", "participation", id, NULL, e);
}

int participations_open(struct app_ctx *cx, const struct participation_new *n,
			int64_t *id, struct kverr *e)
{
	char chosen[DATE_STRLEN], start[DATE_STRLEN], end[DATE_STRLEN];

	date_format(n->chosen_on, chosen);
	date_format(n->starts_on, start);
	/* D-8: responsibility for up to 104 weeks unless ended sooner. */
	date_format(journey_max_end(&cx->app->journey, n->starts_on), end);
	if (db_query_int(cx->db, "INSERT INTO participations(jobseeker_id,"
			 " provider_id, area_id, programme_id, track, how,"
			 " assign_rule, assign_reason, chosen_on, starts_on,"
			 " ends_on, end_reason, created_by, created_at,"
			 " municipality_code) SELECT"
			 " j.id, ?, ?, j.programme_id, ?, ?, ?, ?, ?, ?, ?,"
			 " 'max_duration', nullif(?, 0), ?, j.municipality_code"
			 " FROM jobseekers j"
			 " WHERE j.id = ? RETURNING id", "iiissssssiii", id, e,
			 n->provider_id, n->area_id, (int64_t)n->track, n->how,
			 n->rule, n->reason, chosen, start, end,
			 cx->actor->user_id, cx->now, n->jobseeker_id) != 0 ||
	    db_run(cx->db, "UPDATE jobseekers SET choice_due = NULL WHERE id = ?",
		   "i", e, n->jobseeker_id))
		return -1;
	return 0;
}

/* Apply a switch plan: cancel what had not started, give notice to what
 * runs, so the new participation follows without gap or overlap. */
int participations_make_room(struct app_ctx *cx, int64_t jobseeker_id,
			     date_t on, date_t *start, struct kverr *e)
{
	struct switch_plan sp;

	if (plan_switch(cx, jobseeker_id, on, &sp, e) ||
	    (sp.pending && participations_cancel_pending(cx, sp.pending, sp.pending_start,
					  "Replaced by a new choice.", e)) ||
	    (sp.give_notice && participations_give_notice(cx, sp.current, &sp.notice, on, e)))
		return -1;
	*start = sp.start;
	return 0;
}

/* C-1: a choice is made by someone registered; an officer dating it
 * back cannot go before the registration. */
static int check_chosen_on(const json_t *js, const struct choice_input *c,
			   struct kverr *e)
{
	if (c->chosen_on < row_date(js, "registered_on"))
		return kverr_set(e, KVERR_INVALID, "before_registration",
				 "chosen_on", "A choice cannot be dated before"
				 " the jobseeker was registered (%s).",
				 json_string_value(json_object_get(js,
						   "registered_on")));
	return 0;
}

static int check_start(const struct choice_input *c,
		       const struct switch_plan *sp, date_t *start,
		       struct kverr *e)
{
	char d[DATE_STRLEN];

	if (sp->current_provider == c->provider_id && !sp->pending)
		return kverr_set(e, KVERR_CONFLICT, "already_there", "provider_id",
				 "The jobseeker is already with this provider.");
	if (sp->pending_provider == c->provider_id)
		return kverr_set(e, KVERR_CONFLICT, "already_chosen", "provider_id",
				 "This provider is already chosen and starts soon.");
	*start = sp->start;
	if (!c->start_given)
		return 0;
	date_format(sp->start, d);
	/* A switch leaves no gap: the new provider takes over the day after
	 * the notice ends (C-2). */
	if (sp->current && c->starts_on != sp->start)
		return kverr_set(e, KVERR_INVALID, "switch_start", "starts_on",
				 "When changing provider the new one starts on %s,"
				 " the day after the notice ends.", d);
	if (c->starts_on < sp->start)
		return kverr_set(e, KVERR_INVALID, "too_early", "starts_on",
				 "The earliest start is %s.", d);
	if (c->starts_on > date_add_days(c->chosen_on, 90))
		return kverr_set(e, KVERR_INVALID, "too_late", "starts_on",
				 "The start must be within 90 days of the choice.");
	*start = c->starts_on;
	return 0;
}

/* C-1, D-7: the jobseeker (or an officer for them) chooses; the provider
 * cannot refuse.  With a provider already, this is a switch (C-2). */
int app_choice_make(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	struct choice_input c;
	struct switch_plan sp;
	struct participation_new n = { 0 };
	json_t *js, *args;
	int64_t id;
	date_t start = 0, made;
	int rc;

	if (read_choice(cx, in, &c, e) || !(js = chooser(cx, c.jobseeker_id, e)))
		return -1;
	rc = check_chooser(js, e) ||
	     check_chosen_on(js, &c, e) ||
	     check_not_excluded(cx, &c, e) ||
	     plan_switch(cx, c.jobseeker_id, c.chosen_on, &sp, e) ||
	     check_start(&c, &sp, &start, e) ||
	     check_provider(cx, js, &c, start, e) ||
	     check_not_stopped(cx, c.provider_id, row_int(js, "area_id"),
			       c.chosen_on, start, e);
	n.area_id = row_int(js, "area_id");
	n.track = (int)row_int(js, "track");
	json_decref(js);
	if (rc || participations_make_room(cx, c.jobseeker_id, c.chosen_on,
					   &made, e))
		return -1;
	n.jobseeker_id = c.jobseeker_id;
	n.provider_id = c.provider_id;
	n.how = "choice";
	n.chosen_on = c.chosen_on;
	n.starts_on = start;
	if (participations_open(cx, &n, &id, e) ||
	    app_audit(cx, "participation.choose", "participation", id, in, e))
		return -1;
	args = json_pack("{s:I}", "participation_id", (json_int_t)id);
	rc = app_participation_get(cx, args, out, e);
	json_decref(args);
	return rc;
}
