/*
 * sanctions.c — what the authority does when a provider falls short
 * (D-10, F-6), each a decision recording who decided, under which
 * delegation, when and why, and each in the audit chain:
 *
 *   warning     the problems and a deadline to put them right (D-10);
 *               after it the officer records whether they were — and
 *               when not, the agreement in the area may be terminated
 *               (app_admission_terminate, with the one-year bar, Q-6)
 *   order stop  no new participants, by choice or non-choice, from … to
 *               (temporary, F-6); those already there stay; it may be
 *               lifted early.  quality_order_stopped (quality.c) is what
 *               the choice and the non-choice ask.
 *   penalty     an amount (vite) the next approved payment run sets off
 *               against what the provider is paid (sanctions_set_off,
 *               called by payrun_approve.c), booked once in the ledger.
 *
 * The provider sees its own sanctions in every area (D-10: the other
 * areas count); the public sees the summary beside the rating.
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/quality.h"
#include "core/limits.h"
#include "core/quality.h"

#include <stdio.h>
#include <string.h>

/* What every decision here reads: who, under which delegation, when. */
struct decision {
	int64_t provider_id, area_id;
	const char *reason, *delegation;
	date_t on;
	char day[DATE_STRLEN];
};

static int read_decision(struct app_ctx *cx, json_t *in, const char *why_key,
			 struct decision *d, struct kverr *e)
{
	d->on = cx->today;
	if (in_int(in, "provider_id", true, 1, INT64_MAX, &d->provider_id, e) ||
	    in_int(in, "area_id", true, 1, INT64_MAX, &d->area_id, e) ||
	    in_string(in, why_key, true, LIMIT_TEXT, &d->reason, e) ||
	    in_string(in, "delegation", true, LIMIT_NAME, &d->delegation, e) ||
	    in_date(in, "decided_on", false, &d->on, e) ||
	    app_require_row(cx, "providers", "provider", d->provider_id, e) ||
	    app_require_row(cx, "delivery_areas", "area", d->area_id, e))
		return -1;
	if (d->on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "decided_on",
				 "A decision cannot be dated in the future.");
	date_format(d->on, d->day);
	return 0;
}

/* The provider is admitted in the area on `on` (a sanction about an
 * agreement needs one). */
static int check_admitted(struct app_ctx *cx, const struct decision *d,
			  date_t on, struct kverr *e)
{
	char day[DATE_STRLEN];
	int64_t n = 0;

	date_format(on, day);
	if (db_query_int(cx->db, "SELECT count(*) FROM admissions WHERE"
			 " provider_id = ? AND area_id = ? AND admitted_on <= ?"
			 " AND (ended_on IS NULL OR ended_on > ?)", "iiss", &n, e,
			 d->provider_id, d->area_id, day, day) < 0)
		return -1;
	if (!n)
		return kverr_set(e, KVERR_INVALID, "not_admitted", "area_id",
				 "The provider is not admitted in that area on"
				 " %s.", day);
	return 0;
}

/* An optional link to a review or warning of the same provider and
 * area. */
static int read_link(struct app_ctx *cx, json_t *in, const char *key,
		     const char *table, const struct decision *d, int64_t *id,
		     struct kverr *e)
{
	char sql[160];
	int64_t same = 0;

	*id = 0;
	if (in_int(in, key, false, 1, INT64_MAX, id, e))
		return -1;
	if (!*id)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE id = ? AND"
		 " provider_id = ? AND area_id = ?", table);
	if (db_query_int(cx->db, sql, "iii", &same, e, *id, d->provider_id,
			 d->area_id) < 0)
		return -1;
	if (!same)
		return kverr_set(e, KVERR_INVALID, "unrelated", key, "It must be"
				 " one of this provider's in this area.");
	return 0;
}

/* -------------------------------------------------------------- warnings */

#define WARNING_COLUMNS \
	"SELECT w.id, w.provider_id, w.area_id, w.review_id, w.problems," \
	" w.deadline, u.username AS decided_by, w.delegation, w.decided_on," \
	" w.status, f.username AS followed_up_by, w.followed_up_on," \
	" w.follow_up_reason, w.follow_up_delegation FROM warnings w" \
	" JOIN users u ON u.id = w.decided_by" \
	" LEFT JOIN users f ON f.id = w.followed_up_by"

/* D-10: a warning describing the problems, with a deadline. */
int app_warning_issue(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "area_id",
		"review_id", "problems", "deadline", "delegation", "decided_on",
		NULL };
	struct decision d;
	date_t given = 0, deadline;
	char dl[DATE_STRLEN];
	int64_t review = 0, id = 0;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    read_decision(cx, in, "problems", &d, e) ||
	    in_date(in, "deadline", false, &given, e) ||
	    read_link(cx, in, "review_id", "quality_reviews", &d, &review, e) ||
	    check_admitted(cx, &d, d.on, e) ||
	    quality_warning_deadline(&cx->app->quality, d.on, given, &deadline,
				     e))
		return -1;
	date_format(deadline, dl);
	if (db_query_int(cx->db, "INSERT INTO warnings(provider_id, area_id,"
			 " review_id, problems, deadline, decided_by, delegation,"
			 " decided_on, created_at) VALUES (?, ?, nullif(?, 0), ?,"
			 " ?, ?, ?, ?, ?) RETURNING id", "iiississi", &id, e,
			 d.provider_id, d.area_id, review, d.reason, dl,
			 cx->actor->user_id, d.delegation, d.day, cx->now) != 0 ||
	    app_audit(cx, "warning.issue", "warning", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "warning", WARNING_COLUMNS " WHERE w.id = ?",
			    "i", e, id);
	return *out ? 0 : -1;
}

/* The admission a termination would end, for the answer's hint. */
static void add_termination_hint(struct app_ctx *cx, json_t *w)
{
	int64_t adm = 0;
	struct kverr ignore = { 0 };

	if (db_query_int(cx->db, "SELECT id FROM admissions WHERE provider_id = ?"
			 " AND area_id = ? AND ended_on IS NULL", "ii", &adm,
			 &ignore, row_int(w, "provider_id"),
			 row_int(w, "area_id")) == 0)
		json_object_set_new(w, "may_terminate_admission_id",
				    json_integer(adm));
}

/* D-10: after the deadline, were the problems put right?  Not put right
 * can be recorded only once the deadline has passed. */
int app_warning_follow_up(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "warning_id", "remedied", "reason",
					    "delegation", "decided_on", NULL };
	int64_t id = 0;
	bool remedied = false;
	const char *reason, *delegation;
	date_t on = cx->today;
	char day[DATE_STRLEN];
	json_t *w;
	int rc = 0;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "warning_id", true, 1, INT64_MAX, &id, e) ||
	    in_bool(in, "remedied", true, &remedied, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e) ||
	    in_string(in, "delegation", true, LIMIT_NAME, &delegation, e) ||
	    in_date(in, "decided_on", false, &on, e) ||
	    !(w = db_query_one(cx->db, "warning", WARNING_COLUMNS
			       " WHERE w.id = ?", "i", e, id)))
		return -1;
	if (strcmp(json_string_value(json_object_get(w, "status")), "open"))
		rc = kverr_set(e, KVERR_CONFLICT, "already_followed_up",
			       "warning_id", "This warning has been followed up.");
	else if (on > cx->today || on < row_date(w, "decided_on"))
		rc = kverr_set(e, KVERR_INVALID, "bad_date", "decided_on", "The"
			       " follow-up is dated between the warning and"
			       " today.");
	else if (!remedied && on <= row_date(w, "deadline"))
		rc = kverr_set(e, KVERR_INVALID, "deadline_not_passed", "remedied",
			       "The provider has until %s to put things right"
			       " (D-10).", json_string_value(json_object_get(w,
			       "deadline")));
	json_decref(w);
	if (rc)
		return -1;
	date_format(on, day);
	if (db_run(cx->db, "UPDATE warnings SET status = ?, followed_up_by = ?,"
		   " followed_up_on = ?, follow_up_reason = ?,"
		   " follow_up_delegation = ? WHERE id = ?", "sisssi", e,
		   remedied ? "remedied" : "not_remedied", cx->actor->user_id,
		   day, reason, delegation, id) ||
	    app_audit(cx, "warning.follow_up", "warning", id, in, e) ||
	    !(*out = db_query_one(cx->db, "warning", WARNING_COLUMNS
				  " WHERE w.id = ?", "i", e, id)))
		return -1;
	if (!remedied)
		add_termination_hint(cx, *out);
	return 0;
}

/* ----------------------------------------------------------- order stops */

#define STOP_COLUMNS \
	"SELECT s.id, s.provider_id, s.area_id, s.warning_id, s.from_on," \
	" s.until_on, s.reason, u.username AS decided_by, s.delegation," \
	" s.decided_on, s.lifted_on, l.username AS lifted_by, s.lift_reason," \
	" s.lift_delegation FROM order_stops s JOIN users u ON u.id =" \
	" s.decided_by LEFT JOIN users l ON l.id = s.lifted_by"

/* F-6: two stops of a provider in an area never overlap. */
static int check_overlap(struct app_ctx *cx, const struct decision *d,
			 const char *from, const char *until, struct kverr *e)
{
	int64_t n = 0;

	if (db_query_int(cx->db, "SELECT count(*) FROM order_stops WHERE"
			 " provider_id = ? AND area_id = ? AND from_on <= ? AND"
			 " until_on >= ? AND (lifted_on IS NULL OR lifted_on > ?)",
			 "iisss", &n, e, d->provider_id, d->area_id, until, from,
			 from) < 0)
		return -1;
	if (n)
		return kverr_set(e, KVERR_CONFLICT, "overlapping", "from_on",
				 "An order stop of this provider in this area"
				 " already covers part of that time.");
	return 0;
}

/* F-6: a temporary order stop. */
int app_order_stop_issue(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "area_id",
		"warning_id", "from_on", "until_on", "reason", "delegation",
		"decided_on", NULL };
	struct decision d;
	date_t from = 0, until = 0;
	char f[DATE_STRLEN], u[DATE_STRLEN];
	int64_t warning = 0, id = 0;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    read_decision(cx, in, "reason", &d, e) ||
	    in_date(in, "from_on", false, &from, e) ||
	    in_date(in, "until_on", true, &until, e) ||
	    read_link(cx, in, "warning_id", "warnings", &d, &warning, e))
		return -1;
	if (!from)
		from = d.on;
	/* A stop works forward: choices already made stay made. */
	if (from < d.on)
		return kverr_set(e, KVERR_INVALID, "before_decision", "from_on",
				 "An order stop cannot begin before it is"
				 " decided.");
	date_format(from, f);
	date_format(until, u);
	if (quality_order_stop_check(&cx->app->quality, from, until, e) ||
	    check_admitted(cx, &d, from, e) || check_overlap(cx, &d, f, u, e) ||
	    db_query_int(cx->db, "INSERT INTO order_stops(provider_id, area_id,"
			 " warning_id, from_on, until_on, reason, decided_by,"
			 " delegation, decided_on, created_at) VALUES (?, ?,"
			 " nullif(?, 0), ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			 "iiisssissi", &id, e, d.provider_id, d.area_id, warning,
			 f, u, d.reason, cx->actor->user_id, d.delegation, d.day,
			 cx->now) != 0 ||
	    app_audit(cx, "order_stop.issue", "order_stop", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "order stop", STOP_COLUMNS " WHERE s.id = ?",
			    "i", e, id);
	return *out ? 0 : -1;
}

/* F-6: lifting a stop early, from today or a later day. */
int app_order_stop_lift(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "order_stop_id", "reason",
					    "delegation", "lifted_on", NULL };
	int64_t id = 0;
	const char *reason, *delegation;
	date_t on = cx->today;
	char day[DATE_STRLEN];
	json_t *s;
	int rc = 0;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "order_stop_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e) ||
	    in_string(in, "delegation", true, LIMIT_NAME, &delegation, e) ||
	    in_date(in, "lifted_on", false, &on, e) ||
	    !(s = db_query_one(cx->db, "order stop", STOP_COLUMNS
			       " WHERE s.id = ?", "i", e, id)))
		return -1;
	if (!json_is_null(json_object_get(s, "lifted_on")))
		rc = kverr_set(e, KVERR_CONFLICT, "already_lifted",
			       "order_stop_id", "This order stop has been lifted.");
	else if (on < cx->today)
		rc = kverr_set(e, KVERR_INVALID, "past_date", "lifted_on",
			       "A stop is lifted from today or a later day.");
	else if (on > row_date(s, "until_on"))
		rc = kverr_set(e, KVERR_CONFLICT, "already_ends", "lifted_on",
			       "The stop ends on %s anyway.", json_string_value(
			       json_object_get(s, "until_on")));
	json_decref(s);
	if (rc)
		return -1;
	date_format(on, day);
	if (db_run(cx->db, "UPDATE order_stops SET lifted_on = ?, lifted_by = ?,"
		   " lift_reason = ?, lift_delegation = ? WHERE id = ?", "sissi",
		   e, day, cx->actor->user_id, reason, delegation, id) ||
	    app_audit(cx, "order_stop.lift", "order_stop", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "order stop", STOP_COLUMNS " WHERE s.id = ?",
			    "i", e, id);
	return *out ? 0 : -1;
}

/* ------------------------------------------------------------- penalties */

#define PENALTY_COLUMNS \
	"SELECT pe.id, pe.provider_id, pe.area_id, pe.warning_id, pe.review_id," \
	" pe.amount_ore, pe.reason, u.username AS decided_by, pe.delegation," \
	" pe.decided_on, (SELECT r.period FROM postings po JOIN vouchers v ON" \
	" v.id = po.voucher_id JOIN payruns r ON r.id = v.payrun_id WHERE" \
	" po.idem_key = 'vite/' || pe.id) AS set_off_in FROM penalties pe" \
	" JOIN users u ON u.id = pe.decided_by"

/* F-6: a penalty for a provider in an area (admitted there, now or
 * before: a penalty may follow a termination). */
int app_penalty_impose(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "area_id",
		"warning_id", "review_id", "amount_ore", "reason", "delegation",
		"decided_on", NULL };
	struct decision d;
	int64_t given = -1, amount = 0, warning = 0, review = 0, id = 0;
	int rc;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    read_decision(cx, in, "reason", &d, e) ||
	    in_int(in, "amount_ore", false, 1, INT64_MAX, &given, e) ||
	    read_link(cx, in, "warning_id", "warnings", &d, &warning, e) ||
	    read_link(cx, in, "review_id", "quality_reviews", &d, &review, e) ||
	    quality_penalty_amount(&cx->app->quality, d.on, given, &amount, e))
		return -1;
	rc = quality_ever_admitted(cx, d.provider_id, d.area_id, d.on, e);
	if (rc <= 0)
		return rc < 0 ? -1 : kverr_set(e, KVERR_INVALID, "not_admitted",
					       "area_id", "The provider has not"
					       " been admitted in that area.");
	if (db_query_int(cx->db, "INSERT INTO penalties(provider_id, area_id,"
			 " warning_id, review_id, amount_ore, reason, decided_by,"
			 " delegation, decided_on, created_at) VALUES (?, ?,"
			 " nullif(?, 0), nullif(?, 0), ?, ?, ?, ?, ?, ?) RETURNING"
			 " id", "iiiiisissi", &id, e, d.provider_id, d.area_id,
			 warning, review, amount, d.reason, cx->actor->user_id,
			 d.delegation, d.day, cx->now) != 0 ||
	    app_audit(cx, "penalty.impose", "penalty", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "penalty", PENALTY_COLUMNS " WHERE pe.id = ?",
			    "i", e, id);
	return *out ? 0 : -1;
}

/* One penalty set off: the payable is debited (less to pay), the penalty
 * account credited; the key makes a second booking fail. */
static int set_off_one(struct app_ctx *cx, int64_t voucher, int64_t provider,
		       const char *period, const json_t *pe, struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	int64_t id = row_int(pe, "id"), amount = row_int(pe, "amount_ore");
	char key[40], explain[LIMIT_TEXT + 40];
	json_t *detail;
	int rc;

	snprintf(key, sizeof(key), "vite/%lld", (long long)id);
	snprintf(explain, sizeof(explain), "Vite %s: %s",
		 json_string_value(json_object_get(pe, "decided_on")),
		 json_string_value(json_object_get(pe, "reason")));
	if (db_run(cx->db, "INSERT INTO postings(voucher_id, account, provider_id,"
		   " kind, period, due, amount, rule, explain, recorded_at) VALUES"
		   " (?, ?, ?, 'offset', ?, ?, ?, 'F-6', ?, ?)", "isissisi", e,
		   voucher, lc->payable.number, provider, period, period, amount,
		   explain, cx->now) ||
	    db_run(cx->db, "INSERT INTO postings(voucher_id, account, provider_id,"
		   " kind, period, due, amount, idem_key, rule, explain,"
		   " recorded_at) VALUES (?, ?, ?, 'offset', ?, ?, ?, ?, 'F-6', ?,"
		   " ?)", "isississi", e, voucher, lc->penalty.number, provider,
		   period, period, -amount, key, explain, cx->now))
		return -1;
	detail = json_pack("{s:I, s:s, s:I}", "voucher_id", (json_int_t)voucher,
			   "period", period, "amount_ore", (json_int_t)amount);
	rc = app_audit(cx, "penalty.set_off", "penalty", id, detail, e);
	json_decref(detail);
	return rc;
}

int sanctions_set_off(struct app_ctx *cx, int64_t voucher, int64_t provider_id,
		      const char *period, int64_t *payable, struct kverr *e)
{
	char today[DATE_STRLEN];
	json_t *rows, *pe;
	size_t i;

	date_format(cx->today, today);
	rows = db_query_json(cx->db, "SELECT pe.id, pe.amount_ore, pe.reason,"
			     " pe.decided_on FROM penalties pe WHERE pe.provider_id"
			     " = ? AND pe.decided_on <= ? AND NOT EXISTS (SELECT 1"
			     " FROM postings po WHERE po.idem_key = 'vite/' ||"
			     " pe.id) ORDER BY pe.id", "is", e, provider_id, today);
	if (!rows)
		return -1;
	json_array_foreach(rows, i, pe) {
		if (set_off_one(cx, voucher, provider_id, period, pe, e)) {
			json_decref(rows);
			return -1;
		}
		*payable += row_int(pe, "amount_ore");
	}
	json_decref(rows);
	return 0;
}

/* ------------------------------------------------------------- reading */

/* D-10: a provider's sanctions in every area, and its terminations. */
int app_sanctions_list(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "provider_id", NULL };
	int64_t id = 0;
	json_t *w, *s = NULL, *p = NULL, *t = NULL;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_provider(cx, id, e) ||
	    app_require_row(cx, "providers", "provider", id, e))
		return -1;
	w = db_query_json(cx->db, WARNING_COLUMNS " WHERE w.provider_id = ?"
			  " ORDER BY w.id", "i", e, id);
	if (w)
		s = db_query_json(cx->db, STOP_COLUMNS " WHERE s.provider_id = ?"
				  " ORDER BY s.id", "i", e, id);
	if (s)
		p = db_query_json(cx->db, PENALTY_COLUMNS " WHERE pe.provider_id"
				  " = ? ORDER BY pe.id", "i", e, id);
	if (p)
		t = db_query_json(cx->db, "SELECT d.id, d.area_id, u.username AS"
				  " decided_by, d.delegation, d.decided_on,"
				  " d.reason FROM decisions d JOIN users u ON u.id"
				  " = d.decided_by WHERE d.provider_id = ? AND"
				  " d.kind = 'terminate' ORDER BY d.id", "i", e, id);
	if (!t) {
		json_decref(w);
		json_decref(s);
		json_decref(p);
		return -1;
	}
	*out = json_pack("{s:I, s:o, s:o, s:o, s:o}", "provider_id",
			 (json_int_t)id, "warnings", w, "order_stops", s,
			 "penalties", p, "terminations", t);
	return 0;
}

/* the compliance follow-up published beside the rating. */
json_t *sanctions_summary(struct app_ctx *cx, int64_t provider_id,
			  int64_t area_id, date_t from, date_t on,
			  struct kverr *e)
{
	char f[DATE_STRLEN], t[DATE_STRLEN];

	date_format(from, f);
	date_format(on, t);
	return db_query_one(cx->db, "provider", "SELECT"
		" (SELECT count(*) FROM quality_reviews q WHERE q.provider_id = ?1"
		" AND q.area_id = ?2 AND q.status = 'held' AND q.held_on >= ?3 AND"
		" q.held_on <= ?4) AS reviews_held,"
		" (SELECT max(held_on) FROM quality_reviews q WHERE q.provider_id ="
		" ?1 AND q.area_id = ?2 AND q.status = 'held' AND q.held_on <= ?4)"
		" AS last_review_on,"
		" (SELECT count(*) FROM review_findings rf JOIN quality_reviews q"
		" ON q.id = rf.review_id WHERE q.provider_id = ?1 AND q.area_id ="
		" ?2 AND q.status = 'held' AND q.held_on >= ?3 AND q.held_on <= ?4"
		" AND rf.severity = 'shortcoming') AS shortcomings,"
		" (SELECT count(*) FROM warnings w WHERE w.provider_id = ?1 AND"
		" w.area_id = ?2 AND w.decided_on >= ?3 AND w.decided_on <= ?4) AS"
		" warnings,"
		" (SELECT count(*) FROM warnings w WHERE w.provider_id = ?1 AND"
		" w.area_id = ?2 AND w.status = 'open' AND w.decided_on <= ?4) AS"
		" open_warnings,"
		" (SELECT max(until_on) FROM order_stops s WHERE s.provider_id ="
		" ?1 AND s.area_id = ?2 AND s.from_on <= ?4 AND s.until_on >= ?4"
		" AND (s.lifted_on IS NULL OR s.lifted_on > ?4)) AS"
		" order_stop_until,"
		" (SELECT count(*) FROM penalties p WHERE p.provider_id = ?1 AND"
		" p.area_id = ?2 AND p.decided_on >= ?3 AND p.decided_on <= ?4) AS"
		" penalties", "iiss", e, provider_id, area_id, f, t);
}
