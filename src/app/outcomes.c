/*
 * outcomes.c — the results a provider claims for a participant (P-6 …
 * P-8): the claim (type, first day, occupation, extent), the case
 * officer's review of its evidence, and each following month's
 * confirmation that the work or studies go on and the person supports
 * themself.  The evidence files are in evidence.c; the employers' income
 * returns that verify months are in income.c.  What the result payment
 * makes of all this is the engine's business (core/engine.c).
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/journey.h"
#include "core/limits.h"
#include "core/rulebook.h"

#include <stdio.h>
#include <string.h>

#define OUTCOME_COLUMNS \
	"SELECT o.id, o.participation_id, o.provider_id, p.jobseeker_id," \
	" j.ref, o.type, o.starts_on, o.ends_on, o.occupation," \
	" o.extent_percent, o.status, o.claimed_on," \
	" (SELECT count(*) FROM evidence v WHERE v.outcome_id = o.id)" \
	" AS evidence_count FROM outcomes o" \
	" JOIN participations p ON p.id = o.participation_id" \
	" JOIN jobseekers j ON j.id = p.jobseeker_id"

/* The types of work that need an occupation code (SSYK). */
static bool needs_occupation(int type)
{
	return type == RB_OUT_EMPLOYMENT || type == RB_OUT_OWN_BUSINESS ||
	       type == RB_OUT_SUBSIDISED_EMPLOYMENT;
}

static int check_occupation(const char *s, struct kverr *e)
{
	size_t n = strlen(s);

	if (n < 1 || n > 4 || strspn(s, "0123456789") != n)
		return kverr_set(e, KVERR_INVALID, "bad_occupation", "occupation",
				 "The occupation is an SSYK code of one to four"
				 " digits.");
	return 0;
}

/*
 * An outcome as the actor may see it: its participation decides (the
 * authority any, staff their provider's, a jobseeker their own).  With
 * writer set, only the provider's own staff pass.
 */
static json_t *outcome_load(struct app_ctx *cx, int64_t id, bool writer,
			    struct kverr *e)
{
	json_t *o = db_query_one(cx->db, "outcome", OUTCOME_COLUMNS
				 " WHERE o.id = ?", "i", e, id);
	json_t *p;
	int rc;

	if (!o)
		return NULL;
	p = participation_load(cx, json_integer_value(json_object_get(o,
				"participation_id")), e);
	if (!p) {
		json_decref(o);
		/* Hide the outcome, not the participation, from the actor. */
		if (e->cls == KVERR_NOT_FOUND)
			kverr_set(e, KVERR_NOT_FOUND, "not_found", "outcome",
				  "No such outcome.");
		return NULL;
	}
	rc = writer ? participation_require_writer(cx, p, e) : 0;
	json_decref(p);
	if (rc) {
		json_decref(o);
		if (e->cls == KVERR_NOT_FOUND)
			kverr_set(e, KVERR_NOT_FOUND, "not_found", "outcome",
				  "No such outcome.");
		return NULL;
	}
	return o;
}

/* ---------------------------------------------------------------- claim */

struct claim {
	int64_t participation_id;
	int type;
	date_t starts_on, ends_on;
	const char *occupation;
	int64_t extent;
};

static int claim_read(struct app_ctx *cx, const json_t *in, struct claim *c,
		      struct kverr *e)
{
	static const char *const keys[] = { "participation_id", "type",
					    "starts_on", "ends_on", "occupation",
					    "extent_percent", NULL };

	c->ends_on = JOURNEY_NEVER;
	if (in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX,
		   &c->participation_id, e) ||
	    in_enum(in, "type", true, rb_outcome_names, &c->type, e) ||
	    in_date(in, "starts_on", true, &c->starts_on, e) ||
	    in_date(in, "ends_on", false, &c->ends_on, e) ||
	    in_string(in, "occupation", needs_occupation(c->type), LIMIT_CODE,
		      &c->occupation, e) ||
	    in_int(in, "extent_percent", true, 1, 100, &c->extent, e))
		return -1;
	if (c->occupation && check_occupation(c->occupation, e))
		return -1;
	if (c->starts_on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "starts_on",
				 "An outcome is claimed once it has begun.");
	if (c->ends_on != JOURNEY_NEVER && c->ends_on < c->starts_on)
		return kverr_set(e, KVERR_INVALID, "ends_before_start", "ends_on",
				 "The outcome cannot end before it starts.");
	return 0;
}

/* P-6, P-7: an outcome counts for the provider when it begins during the
 * participation or the day after it ended (the job that ended it). */
static int claim_check_dates(const json_t *p, const struct claim *c,
			     struct kverr *e)
{
	if (c->starts_on < row_date(p, "starts_on"))
		return kverr_set(e, KVERR_INVALID, "before_participation",
				 "starts_on", "The outcome must begin on or after"
				 " the first day of the participation.");
	if (c->starts_on > date_add_days(row_date(p, "ends_on"), 1))
		return kverr_set(e, KVERR_INVALID, "after_participation",
				 "starts_on", "The outcome must begin during the"
				 " participation or the day after it ended.");
	return 0;
}

/* P-6 … P-8: the provider claims a result; it waits for evidence and the
 * case officer's review. */
int app_outcome_claim(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	struct claim c;
	char from[DATE_STRLEN], to[DATE_STRLEN], today[DATE_STRLEN];
	int64_t id;
	json_t *p;
	int rc;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || claim_read(cx, in, &c, e))
		return -1;
	if (!(p = participation_load(cx, c.participation_id, e)))
		return -1;
	rc = participation_require_writer(cx, p, e);
	if (!rc)
		rc = claim_check_dates(p, &c, e);
	json_decref(p);
	if (rc)
		return -1;
	date_format(c.starts_on, from);
	if (c.ends_on != JOURNEY_NEVER)
		date_format(c.ends_on, to);
	date_format(cx->today, today);
	if (db_query_int(cx->db, "INSERT INTO outcomes(participation_id,"
			 " provider_id, type, starts_on, ends_on, occupation,"
			 " extent_percent, claimed_by, claimed_on, created_at)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			 "iissssiisi", &id, e, c.participation_id,
			 cx->actor->provider_id, rb_outcome_names[c.type], from,
			 c.ends_on != JOURNEY_NEVER ? to : NULL,
			 c.occupation ? c.occupation : "", c.extent,
			 cx->actor->user_id, today, cx->now) != 0 ||
	    app_audit(cx, "outcome.claim", "outcome", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "outcome", OUTCOME_COLUMNS " WHERE o.id = ?",
			    "i", e, id);
	return *out ? 0 : -1;
}

/* ------------------------------------------------------------- reading */

int app_outcomes_list(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "status", "provider_id",
					    "participation_id", NULL };
	static const char *const statuses[] = { "claimed", "approved",
						"rejected", NULL };
	int64_t provider_id = 0, part = 0;
	int status = -1;
	const char *s;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_enum(in, "status", false, statuses, &status, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider_id, e) ||
	    in_int(in, "participation_id", false, 1, INT64_MAX, &part, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF) {
		if (provider_id && app_require_provider(cx, provider_id, e))
			return -1;
		provider_id = cx->actor->provider_id;
	}
	s = status >= 0 ? statuses[status] : "";
	*out = db_query_json(cx->db, OUTCOME_COLUMNS " WHERE (? = '' OR"
			     " o.status = ?) AND (? = 0 OR o.provider_id = ?)"
			     " AND (? = 0 OR o.participation_id = ?)"
			     " ORDER BY o.id LIMIT 500", "ssiiii", e, s, s,
			     provider_id, provider_id, part, part);
	return *out ? 0 : -1;
}

/* Attach evidence, reviews and months, and count the months that count
 * for P-8: the work goes on and the person supports themself, confirmed
 * by the provider or verified from the employers' returns. */
static int outcome_attach(struct app_ctx *cx, json_t *o, int64_t id,
			  struct kverr *e)
{
	json_t *ev, *rv, *mo;
	int64_t ok = 0;

	ev = db_query_json(cx->db, "SELECT id, filename, media_type, size,"
			   " sha256, created_at AS uploaded_at FROM evidence"
			   " WHERE outcome_id = ? ORDER BY id", "i", e, id);
	rv = db_query_json(cx->db, "SELECT r.verdict, r.reason, r.reviewed_on,"
			   " u.username AS reviewed_by FROM outcome_reviews r"
			   " LEFT JOIN users u ON u.id = r.reviewed_by WHERE"
			   " r.outcome_id = ? ORDER BY r.id", "i", e, id);
	mo = db_query_json(cx->db, "SELECT month, continues AS bool_continues,"
			   " self_supporting AS bool_self_supporting,"
			   " confirmed_by IS NOT NULL AS bool_provider_confirmed,"
			   " confirmed_on, income_verified AS bool_income_verified"
			   " FROM outcome_months WHERE outcome_id = ? ORDER BY"
			   " month", "i", e, id);
	if (!ev || !rv || !mo ||
	    db_query_int(cx->db, "SELECT count(*) FROM outcome_months WHERE"
			 " outcome_id = ? AND continues = 1 AND self_supporting"
			 " = 1", "i", &ok, e, id) < 0) {
		json_decref(ev);
		json_decref(rv);
		json_decref(mo);
		return -1;
	}
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "reviews", rv);
	json_object_set_new(o, "months", mo);
	json_object_set_new(o, "months_counted", json_integer(ok));
	return 0;
}

/* The outcome with everything attached, as the actor may see it. */
static int reply_outcome(struct app_ctx *cx, int64_t id, json_t **out,
			 struct kverr *e)
{
	json_t *o = outcome_load(cx, id, false, e);

	if (!o)
		return -1;
	if (outcome_attach(cx, o, id, e)) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 0;
}

int app_outcome_get(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	static const char *const keys[] = { "outcome_id", NULL };
	int64_t id = 0;

	if (in_object(in, keys, e) ||
	    in_int(in, "outcome_id", true, 1, INT64_MAX, &id, e))
		return -1;
	return reply_outcome(cx, id, out, e);
}

/* -------------------------------------------------------------- months */

struct month_in {
	int64_t id;
	month_t month;
	bool continues, self_supporting;
};

static int month_read(const json_t *in, struct month_in *m, struct kverr *e)
{
	static const char *const keys[] = { "outcome_id", "month", "continues",
					    "self_supporting", NULL };
	const char *s;

	if (in_object(in, keys, e) ||
	    in_int(in, "outcome_id", true, 1, INT64_MAX, &m->id, e) ||
	    in_string(in, "month", true, 7, &s, e) ||
	    in_bool(in, "continues", true, &m->continues, e) ||
	    in_bool(in, "self_supporting", true, &m->self_supporting, e))
		return -1;
	if (month_parse(s, &m->month))
		return kverr_set(e, KVERR_INVALID, "bad_month", "month",
				 "The month must be written YYYY-MM.");
	return 0;
}

/* P-8: the month must lie between the outcome's first month and now, and
 * not after the outcome ended. */
static int month_check(struct app_ctx *cx, const json_t *o, month_t m,
		       struct kverr *e)
{
	date_t end = row_date(o, "ends_on");

	if (!strcmp(json_string_value(json_object_get(o, "status")), "rejected"))
		return kverr_set(e, KVERR_CONFLICT, "rejected", "outcome_id",
				 "The claim was rejected; send new evidence"
				 " before confirming months.");
	if (m < date_month(row_date(o, "starts_on")))
		return kverr_set(e, KVERR_INVALID, "before_outcome", "month",
				 "The month is before the outcome began.");
	if (m > date_month(cx->today))
		return kverr_set(e, KVERR_INVALID, "future_month", "month",
				 "A month can be confirmed once it has begun.");
	if (end != JOURNEY_NEVER && m > date_month(end))
		return kverr_set(e, KVERR_CONFLICT, "outcome_ended", "month",
				 "The outcome ended before this month.");
	return 0;
}

/* P-8: the work cannot stop in a month when a later month already says
 * it went on (confirmed, or verified from income); that is a conflict for
 * a person to resolve, not something to overwrite. */
static int check_no_later(struct app_ctx *cx, int64_t id, const char *mm,
			  struct kverr *e)
{
	int64_t later = 0;

	if (db_query_int(cx->db, "SELECT count(*) FROM outcome_months WHERE"
			 " outcome_id = ? AND month > ?", "is", &later, e, id,
			 mm) < 0)
		return -1;
	if (later)
		return kverr_set(e, KVERR_CONFLICT, "later_months", "month",
				 "A later month is already confirmed or verified;"
				 " the work cannot have stopped in this one.");
	return 0;
}

/* When the work stops during the month, the outcome ends with it. */
static int month_end_outcome(struct app_ctx *cx, const json_t *o, month_t m,
			     struct kverr *e)
{
	date_t end = row_date(o, "ends_on"), last = month_last_day(m);
	char buf[DATE_STRLEN];

	if (end != JOURNEY_NEVER && end <= last)
		return 0;
	date_format(last, buf);
	return db_run(cx->db, "UPDATE outcomes SET ends_on = ? WHERE id = ?",
		      "si", e, buf, json_integer_value(json_object_get(o, "id")));
}

/* P-8: the provider confirms, month by month, that the work or studies go
 * on and that the person supports themself. */
int app_outcome_month_confirm(struct app_ctx *cx, json_t *in, json_t **out,
			      struct kverr *e)
{
	struct month_in m = { 0 };
	char mm[MONTH_STRLEN], today[DATE_STRLEN];
	int64_t done = 0;
	json_t *o;
	int rc;

	if (app_require(cx, ROLE_PROVIDER_STAFF, e) || month_read(in, &m, e))
		return -1;
	if (!(o = outcome_load(cx, m.id, true, e)))
		return -1;
	month_format(m.month, mm);
	rc = month_check(cx, o, m.month, e);
	if (!rc && db_query_int(cx->db, "SELECT count(*) FROM outcome_months"
				" WHERE outcome_id = ? AND month = ? AND"
				" confirmed_by IS NOT NULL", "is", &done, e,
				m.id, mm) < 0)
		rc = -1;
	if (!rc && done)
		rc = kverr_set(e, KVERR_CONFLICT, "already_confirmed", "month",
			       "This month has already been confirmed.");
	if (!rc && !m.continues)
		rc = check_no_later(cx, m.id, mm, e);
	date_format(cx->today, today);
	/* A row the income returns made first keeps its income_verified. */
	if (!rc)
		rc = db_run(cx->db, "INSERT INTO outcome_months(outcome_id, month,"
			    " continues, self_supporting, confirmed_by,"
			    " confirmed_on) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT"
			    " (outcome_id, month) DO UPDATE SET continues ="
			    " excluded.continues, self_supporting ="
			    " excluded.self_supporting, confirmed_by ="
			    " excluded.confirmed_by, confirmed_on ="
			    " excluded.confirmed_on", "isiiis", e, m.id, mm,
			    (int64_t)m.continues, (int64_t)m.self_supporting,
			    cx->actor->user_id, today);
	if (!rc && !m.continues)
		rc = month_end_outcome(cx, o, m.month, e);
	json_decref(o);
	if (rc || app_audit(cx, "outcome.month", "outcome", m.id, in, e))
		return -1;
	*out = db_query_one(cx->db, "outcome month", "SELECT outcome_id, month,"
			    " continues AS bool_continues, self_supporting AS"
			    " bool_self_supporting, confirmed_on, income_verified"
			    " AS bool_income_verified FROM outcome_months WHERE"
			    " outcome_id = ? AND month = ?", "is", e, m.id, mm);
	return *out ? 0 : -1;
}

/* -------------------------------------------------------------- review */

/* P-8: the case officer approves the claim on its evidence, or rejects it
 * and says why.  A later review may reverse an earlier one; what was paid
 * on a claim rejected afterwards is clawed back by the payment run. */
int app_outcome_review(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "outcome_id", "decision", "reason",
					    NULL };
	static const char *const decisions[] = { "approve", "reject", NULL };
	static const char *const verdicts[] = { "approved", "rejected" };
	int64_t id = 0, evidence = 0;
	int d = 0;
	const char *reason;
	char today[DATE_STRLEN];
	json_t *o;
	int rc = 0;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "outcome_id", true, 1, INT64_MAX, &id, e) ||
	    in_enum(in, "decision", true, decisions, &d, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e))
		return -1;
	if (!(o = outcome_load(cx, id, false, e)))
		return -1;
	if (!strcmp(json_string_value(json_object_get(o, "status")), verdicts[d]))
		rc = kverr_set(e, KVERR_CONFLICT, "already_reviewed", "decision",
			       "The outcome is already %s.", verdicts[d]);
	json_decref(o);
	if (!rc && d == 0 && (db_query_int(cx->db, "SELECT count(*) FROM"
					   " evidence WHERE outcome_id = ?", "i",
					   &evidence, e, id) < 0))
		rc = -1;
	if (!rc && d == 0 && !evidence)
		rc = kverr_set(e, KVERR_CONFLICT, "no_evidence", "outcome_id",
			       "An outcome is approved on its evidence; none has"
			       " been uploaded.");
	if (rc)
		return -1;
	date_format(cx->today, today);
	if (db_run(cx->db, "INSERT INTO outcome_reviews(outcome_id, verdict,"
		   " reason, reviewed_by, reviewed_on, created_at) VALUES (?, ?,"
		   " ?, ?, ?, ?)", "issisi", e, id, verdicts[d], reason,
		   cx->actor->user_id, today, cx->now) ||
	    db_run(cx->db, "UPDATE outcomes SET status = ? WHERE id = ?", "si",
		   e, verdicts[d], id) ||
	    app_audit(cx, "outcome.review", "outcome", id, in, e))
		return -1;
	return reply_outcome(cx, id, out, e);
}
