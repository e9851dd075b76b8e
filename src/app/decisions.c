/*
 * decisions.c — admitting, refusing and terminating per delivery area.
 *
 * every decision records who decided, under which delegation, when
 * and why.  Admission needs every check passed (core/qualify.c decides);
 * refusal can be made at any time with a reason.  Termination ends the
 * admission and starts the Q-6 re-application bar.
 */
#include "app/applications.h"
#include "app/input.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

/* The latest verdict of a kind: -1 none, 0 failed, 1 passed. */
static int latest_verdict(struct app_ctx *cx, int64_t app_id, const char *kind,
			  int *out, struct kverr *e)
{
	int64_t v;
	int rc = db_query_int(cx->db, "SELECT passed FROM application_checks"
			      " WHERE application_id = ? AND kind = ? ORDER BY id"
			      " DESC LIMIT 1", "is", &v, e, app_id, kind);

	if (rc < 0)
		return -1;
	*out = rc == 1 ? -1 : (int)v;
	return 0;
}

static int summarise(struct app_ctx *cx, int64_t app_id, int64_t provider_id,
		     struct qualify_summary *s, struct kverr *e)
{
	int64_t n;
	/* Per subject, only the latest conduct check counts. */
	static const char latest_people[] =
		" FROM application_checks c WHERE c.application_id = ? AND"
		" c.kind = 'conduct' AND c.subcontractor_id IS NULL AND c.id ="
		" (SELECT max(id) FROM application_checks d WHERE"
		" d.application_id = c.application_id AND d.kind = 'conduct' AND"
		" d.subcontractor_id IS NULL AND d.subject = c.subject)";
	char sql[600];

	memset(s, 0, sizeof(*s));
	snprintf(sql, sizeof(sql), "SELECT count(*)%s", latest_people);
	if (db_query_int(cx->db, sql, "i", &n, e, app_id) < 0)
		return -1;
	s->conduct_checks = (int)n;
	snprintf(sql, sizeof(sql), "SELECT count(*)%s AND c.passed = 0",
		 latest_people);
	if (db_query_int(cx->db, sql, "i", &n, e, app_id) < 0)
		return -1;
	s->conduct_failed = (int)n;
	if (db_query_int(cx->db, "SELECT count(*) FROM subcontractors WHERE"
			 " provider_id = ?", "i", &n, e, provider_id) < 0)
		return -1;
	s->subcontractors = (int)n;
	if (db_query_int(cx->db, "SELECT count(*) FROM subcontractors s WHERE"
			 " s.provider_id = ? AND (SELECT passed FROM"
			 " application_checks c WHERE c.application_id = ? AND"
			 " c.subcontractor_id = s.id ORDER BY c.id DESC LIMIT 1) = 1",
			 "ii", &n, e, provider_id, app_id) < 0)
		return -1;
	s->subcontractors_passed = (int)n;
	return latest_verdict(cx, app_id, "finances", &s->finances, e) ||
	       latest_verdict(cx, app_id, "references", &s->references, e) ||
	       latest_verdict(cx, app_id, "quality", &s->quality, e) ? -1 : 0;
}

struct decision_input {
	int64_t application_id, area_id;
	int kind;               /* 0 admit, 1 refuse */
	const char *reason, *delegation;
	date_t decided_on;
};

static int read_decision(struct app_ctx *cx, json_t *in,
			 struct decision_input *d, struct kverr *e)
{
	static const char *const keys[] = { "application_id", "area_id",
					    "decision", "reason", "delegation",
					    "decided_on", NULL };
	static const char *const kinds[] = { "admit", "refuse", NULL };

	d->decided_on = cx->today;
	if (in_object(in, keys, e) ||
	    in_int(in, "application_id", true, 1, INT64_MAX, &d->application_id, e) ||
	    in_int(in, "area_id", true, 1, INT64_MAX, &d->area_id, e) ||
	    in_enum(in, "decision", true, kinds, &d->kind, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &d->reason, e) ||
	    in_string(in, "delegation", true, LIMIT_NAME, &d->delegation, e) ||
	    in_date(in, "decided_on", false, &d->decided_on, e))
		return -1;
	if (d->decided_on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "decided_on",
				 "A decision cannot be dated in the future.");
	return 0;
}

static int check_decidable(struct app_ctx *cx, const struct decision_input *d,
			   json_t *a, struct kverr *e)
{
	const char *status = json_string_value(json_object_get(a, "status"));
	const char *submitted = json_string_value(json_object_get(a, "submitted_on"));
	int64_t pending;
	date_t sub;
	int rc = db_query_int(cx->db, "SELECT count(*) FROM application_areas"
			      " WHERE application_id = ? AND area_id = ? AND"
			      " decision_id IS NULL", "ii", &pending, e,
			      d->application_id, d->area_id);

	if (rc < 0)
		return -1;
	if (pending == 0)
		return kverr_set(e, KVERR_CONFLICT, "not_pending", "area_id",
				 "This area is not waiting for a decision in this"
				 " application.");
	if (date_parse(submitted, &sub) == 0 && d->decided_on < sub)
		return kverr_set(e, KVERR_INVALID, "before_application",
				 "decided_on", "The decision cannot be dated"
				 " before the application was submitted.");
	if (d->kind == 0 && strcmp(status, "open") != 0)
		return kverr_set(e, KVERR_CONFLICT, "wrong_state", "application_id",
				 "An application marked incomplete cannot be"
				 " admitted until it is complete.");
	return 0;
}

static int record_decision(struct app_ctx *cx, const struct decision_input *d,
			   int64_t provider_id, int64_t *decision_id,
			   struct kverr *e)
{
	char on[DATE_STRLEN];
	int64_t undecided;

	date_format(d->decided_on, on);
	if (db_query_int(cx->db, "INSERT INTO decisions(kind, provider_id, area_id,"
			 " application_id, decided_by, delegation, decided_on,"
			 " reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
			 " RETURNING id", "siiiisssi", decision_id, e,
			 d->kind == 0 ? "admit" : "refuse", provider_id, d->area_id,
			 d->application_id, cx->actor->user_id, d->delegation, on,
			 d->reason, cx->now) != 0)
		return -1;
	if (db_run(cx->db, "UPDATE application_areas SET decision_id = ? WHERE"
		   " application_id = ? AND area_id = ?", "iii", e, *decision_id,
		   d->application_id, d->area_id))
		return -1;
	if (d->kind == 0 &&
	    db_run(cx->db, "INSERT INTO admissions(provider_id, area_id,"
		   " decision_id, admitted_on) VALUES (?, ?, ?, ?)", "iiis", e,
		   provider_id, d->area_id, *decision_id, on))
		return -1;
	if (db_query_int(cx->db, "SELECT count(*) FROM application_areas WHERE"
			 " application_id = ? AND decision_id IS NULL", "i",
			 &undecided, e, d->application_id) < 0)
		return -1;
	if (undecided == 0)
		return db_run(cx->db, "UPDATE applications SET status = 'decided'"
			      " WHERE id = ?", "i", e, d->application_id);
	return 0;
}

int app_decision_make(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	struct decision_input d = { 0 };
	struct qualify_summary s;
	int64_t provider_id, decision_id;
	json_t *a;
	int rc;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || read_decision(cx, in, &d, e))
		return -1;
	a = applications_load(cx, d.application_id, e);
	if (!a)
		return -1;
	provider_id = json_integer_value(json_object_get(a, "provider_id"));
	rc = check_decidable(cx, &d, a, e);
	json_decref(a);
	if (rc)
		return -1;
	/* Q-2 … Q-5: admission only with every check passed. */
	if (d.kind == 0 && (summarise(cx, d.application_id, provider_id, &s, e) ||
			    qualify_admissible(&s, e)))
		return -1;
	if (record_decision(cx, &d, provider_id, &decision_id, e) ||
	    app_audit(cx, d.kind == 0 ? "decision.admit" : "decision.refuse",
		      "decision", decision_id, in, e))
		return -1;
	*out = db_query_one(cx->db, "decision", "SELECT d.id, d.kind,"
			    " d.provider_id, d.area_id, d.application_id,"
			    " u.username AS decided_by, d.delegation, d.decided_on,"
			    " d.reason FROM decisions d JOIN users u ON"
			    " u.id = d.decided_by WHERE d.id = ?", "i", e, decision_id);
	return *out ? 0 : -1;
}

int app_admission_terminate(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	static const char *const keys[] = { "admission_id", "reason",
					    "delegation", "decided_on", NULL };
	int64_t id = 0, decision_id;
	const char *reason, *delegation;
	date_t on = cx->today;
	char ons[DATE_STRLEN];
	json_t *adm;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "admission_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e) ||
	    in_string(in, "delegation", true, LIMIT_NAME, &delegation, e) ||
	    in_date(in, "decided_on", false, &on, e))
		return -1;
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "decided_on",
				 "A decision cannot be dated in the future.");
	adm = db_query_one(cx->db, "admission", "SELECT id, provider_id, area_id,"
			   " admitted_on, ended_on FROM admissions WHERE id = ?",
			   "i", e, id);
	if (!adm) {
		snprintf(e->field, sizeof(e->field), "admission_id");
		return -1;
	}
	if (!json_is_null(json_object_get(adm, "ended_on"))) {
		json_decref(adm);
		return kverr_set(e, KVERR_CONFLICT, "already_ended", "admission_id",
				 "This admission has already ended.");
	}
	date_format(on, ons);
	if (strcmp(ons, json_string_value(json_object_get(adm, "admitted_on"))) < 0) {
		json_decref(adm);
		return kverr_set(e, KVERR_INVALID, "before_admission", "decided_on",
				 "A termination cannot be dated before the admission.");
	}
	if (db_query_int(cx->db, "INSERT INTO decisions(kind, provider_id, area_id,"
			 " decided_by, delegation, decided_on, reason, created_at)"
			 " VALUES ('terminate', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			 "iiisssi", &decision_id, e,
			 (int64_t)json_integer_value(json_object_get(adm, "provider_id")),
			 (int64_t)json_integer_value(json_object_get(adm, "area_id")),
			 cx->actor->user_id, delegation, ons, reason, cx->now) != 0 ||
	    db_run(cx->db, "UPDATE admissions SET ended_on = ?, end_decision_id = ?"
		   " WHERE id = ?", "sii", e, ons, decision_id, id) ||
	    app_audit(cx, "decision.terminate", "admission", id, in, e)) {
		json_decref(adm);
		return -1;
	}
	json_object_set_new(adm, "ended_on", json_string(ons));
	json_object_set_new(adm, "end_decision_id", json_integer(decision_id));
	*out = adm;
	return 0;
}

int app_admissions_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "area_id", "active",
					    NULL };
	int64_t pid = 0, area = 0;
	bool active = false;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &pid, e) ||
	    in_int(in, "area_id", false, 1, INT64_MAX, &area, e) ||
	    in_bool(in, "active", false, &active, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF)
		pid = cx->actor->provider_id;
	*out = db_query_json(cx->db, "SELECT a.id, a.provider_id, p.name AS"
			     " provider_name, a.area_id, d.name AS area_name,"
			     " d.programme_id, a.admitted_on, a.ended_on FROM"
			     " admissions a JOIN providers p ON p.id = a.provider_id"
			     " JOIN delivery_areas d ON d.id = a.area_id WHERE"
			     " (? = 0 OR a.provider_id = ?) AND (? = 0 OR"
			     " a.area_id = ?) AND (? = 0 OR a.ended_on IS NULL)"
			     " ORDER BY a.id LIMIT ?", "iiiiii", e, pid, pid, area,
			     area, (int64_t)active, (int64_t)LIMIT_PAGE);
	return *out ? 0 : -1;
}
