/*
 * journey.c — the journey simulation (see journey.h).  One step is one
 * week; in each step every jobseeker may act, their provider's staff do
 * the month's work, and the authority runs non-choice and decides what
 * waits for it.  Probabilities are per week unless the comment says
 * otherwise; they make a believable market, they are not facts.
 */
#include "sim/journey.h"
#include "app/journey.h"
#include "core/journey.h"
#include "sim/population.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

struct seeker {
	struct pop_person p;
	date_t reg_on, opened;
	int64_t id;
	bool registered, exempt, gone, chooser;
	int choose_after;            /* days the chooser takes to choose */
	int64_t part, provider;      /* latest participation that is not cancelled */
	date_t start, end;
	char end_reason[16];
	bool noticed, planned;
	date_t planning_on;
	int plans;
	month_t reported;            /* last month reported in this participation */
	int64_t outcome;
	month_t outcome_confirmed;
	int outcome_months_left;
	int64_t deviation, request;
};

struct sim {
	struct app *app;
	struct sim_rng rng;
	const struct sim_journey_opts *o;
	struct sim_journey_stats *st;
	struct actor officer;
	int64_t programme_id;
	json_t *munis;               /* codes served by the programme */
	struct seeker *s;
	int n;
	date_t today, end;
	bool activity;               /* D-11: the programme records attendance */
	int64_t *staff;              /* user id of a staff account by provider id */
	int64_t n_staff;
};

/* Run one use case on the simulated day; in is stolen. */
static int call(struct sim *m, const struct actor *a, app_usecase_fn fn,
		json_t *in, json_t **out, struct kverr *e)
{
	json_t *tmp = NULL;
	int rc;

	m->app->fixed_now = (int64_t)m->today * DAY + 12 * 3600;
	rc = app_run(m->app, a, true, fn, in ? in : json_object(), &tmp, e);
	json_decref(in);
	if (out)
		*out = tmp;
	else
		json_decref(tmp);
	return rc;
}

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static struct actor seeker_actor(const struct seeker *s)
{
	struct actor a = { .user_id = 0, .role = ROLE_JOBSEEKER,
			   .jobseeker_id = s->id };

	memcpy(a.username, "jobseeker", sizeof("jobseeker"));
	return a;
}

static struct actor staff_actor(const struct sim *m, int64_t provider)
{
	struct actor a = { .role = ROLE_PROVIDER_STAFF, .provider_id = provider };

	a.user_id = provider < m->n_staff ? m->staff[provider] : 0;
	memcpy(a.username, "staff", sizeof("staff"));
	return a;
}

/* ------------------------------------------------------------ set-up */

static int load_world(struct sim *m, struct kverr *e)
{
	struct db *db = store_acquire(m->app->store);
	json_t *rows = NULL, *r;
	int64_t officer = 0, max_provider = 0, activity = 0;
	size_t i;
	int rc = -1;

	if (db_query_int(db, "SELECT id FROM programmes WHERE code = ?", "s",
			 &m->programme_id, e, m->o->programme) != 0 ||
	    db_query_int(db, "SELECT activity_requirement FROM programmes WHERE"
			 " id = ?", "i", &activity, e, m->programme_id) != 0 ||
	    db_query_int(db, "SELECT id FROM users WHERE role = 'case_officer'"
			 " ORDER BY id LIMIT 1", "", &officer, e) != 0 ||
	    db_query_int(db, "SELECT coalesce(max(id), 0) FROM providers", "",
			 &max_provider, e) != 0)
		goto done;
	m->activity = activity != 0;
	m->officer = (struct actor){ .user_id = officer, .role = ROLE_CASE_OFFICER };
	memcpy(m->officer.username, "officer", sizeof("officer"));
	m->munis = db_query_json(db, "SELECT DISTINCT am.municipality_code AS"
				 " code FROM area_municipalities am JOIN admissions"
				 " a ON a.area_id = am.area_id WHERE am.programme_id"
				 " = ? ORDER BY 1", "i", e, m->programme_id);
	rows = db_query_json(db, "SELECT provider_id, min(id) AS id FROM users"
			     " WHERE role = 'provider_staff' GROUP BY provider_id",
			     "", e);
	if (!m->munis || !rows || json_array_size(m->munis) == 0)
		goto done;
	m->n_staff = max_provider + 1;
	m->staff = calloc((size_t)m->n_staff, sizeof(*m->staff));
	json_array_foreach(rows, i, r)
		if (get_int(r, "provider_id") < m->n_staff)
			m->staff[get_int(r, "provider_id")] = get_int(r, "id");
	rc = 0;
done:
	if (rc && e->cls == KVERR_OK)
		kverr_set(e, KVERR_INVALID, "no_market", "programme", "The"
			  " programme has no admitted providers to simulate.");
	json_decref(rows);
	store_release(m->app->store, db);
	return rc;
}

static const char *muni_of(struct sim *m)
{
	json_t *row = json_array_get(m->munis, (size_t)sim_rng_below(&m->rng,
				     (int)json_array_size(m->munis)));

	return json_string_value(json_object_get(row, "code"));
}

static void draw_people(struct sim *m, date_t first)
{
	date_t last = date_add_days(m->today, -30);

	for (int i = 0; i < m->n; i++) {
		struct seeker *s = &m->s[i];

		pop_person_draw(&m->rng, m->today, 1 + i % 999, &s->p);
		s->reg_on = date_add_days(first, sim_rng_below(&m->rng,
					  last > first ? last - first + 1 : 1));
		/* C-5: resource-weak groups choose less often. */
		s->chooser = sim_rng_chance(&m->rng, s->p.region == 2 ||
					    s->p.education == 0 ? 450 : 700);
		s->choose_after = sim_rng_below(&m->rng, 13);
	}
}

/* ------------------------------------------------------ jobseeker side */

static int do_register(struct sim *m, struct seeker *s, struct kverr *e)
{
	date_t since = date_add_months(s->reg_on, -s->p.months_unemployed);
	json_t *in, *out;
	char d1[DATE_STRLEN], d2[DATE_STRLEN];
	int rc;

	date_format(since, d1);
	date_format(s->reg_on, d2);
	in = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
		       " s:b, s:b, s:s, s:i, s:b, s:b, s:s}",
		       "programme_id", (json_int_t)m->programme_id,
		       "personnummer", s->p.pnr, "given_name", s->p.given,
		       "family_name", s->p.family, "municipality", muni_of(m),
		       "unemployed_since", d1, "registered_on", d2,
		       "age_band", pop_age_band_names[s->p.age_band],
		       "gender", pop_gender_names[s->p.gender],
		       "birth_region", pop_region_names[s->p.region],
		       "education", pop_education_names[s->p.education],
		       "disability", s->p.disability, "ui_member", s->p.ui_member,
		       "occupation", s->p.occupation,
		       "previous_registrations", s->p.previous,
		       "wants_digital", s->p.wants_digital,
		       "needs_accessible", s->p.needs_accessible, "lang", s->p.lang);
	/* a few manage on their own and need no track. */
	s->exempt = sim_rng_chance(&m->rng, 40);
	if (s->exempt) {
		json_object_set_new(in, "exemption", json_string("self_reliant"));
		json_object_set_new(in, "exemption_reason", json_string(
			"Har ett erbjudande om anställning och klarar sökandet själv."));
	}
	rc = call(m, &m->officer, app_jobseeker_register, in, &out, e);
	if (rc && e->cls == KVERR_CONFLICT) {
		/* Two drawn numbers collided: this person is not registered. */
		m->st->refused++;
		s->gone = true;
		kverr_clear(e);
		return 0;
	}
	if (rc)
		return -1;
	s->id = get_int(out, "id");
	s->registered = true;
	s->opened = s->reg_on;
	json_decref(out);
	m->st->registered++;
	m->st->exempt += s->exempt;
	return 0;
}

/* Read back the jobseeker's latest participation and whether they are
 * still registered. */
static int refresh(struct sim *m, struct seeker *s, struct kverr *e)
{
	struct db *db = store_acquire(m->app->store);
	json_t *p = db_query_json(db, "SELECT p.id, p.provider_id, p.starts_on,"
		" p.ends_on, p.end_reason, (SELECT count(*) FROM notices n WHERE"
		" n.participation_id = p.id) AS noticed, j.status FROM jobseekers j"
		" LEFT JOIN participations p ON p.jobseeker_id = j.id AND"
		" p.end_reason <> 'cancelled' WHERE j.id = ? ORDER BY p.starts_on"
		" DESC, p.id DESC LIMIT 1", "i", e, s->id);
	json_t *r = p ? json_array_get(p, 0) : NULL;
	int64_t was = s->part;

	store_release(m->app->store, db);
	if (!p)
		return -1;
	s->gone = strcmp(json_string_value(json_object_get(r, "status")), "active");
	s->part = get_int(r, "id");
	if (s->part) {
		s->provider = get_int(r, "provider_id");
		s->start = row_date(r, "starts_on");
		s->end = row_date(r, "ends_on");
		snprintf(s->end_reason, sizeof(s->end_reason), "%s",
			 json_string_value(json_object_get(r, "end_reason")));
		s->noticed = get_int(r, "noticed") > 0;
	}
	if (s->part != was) {
		s->planned = false;
		s->plans = 0;
		s->reported = date_month(s->start) - 1;
		s->planning_on = date_add_days(s->start, sim_rng_below(&m->rng, 20));
	}
	json_decref(p);
	return 0;
}

/* Choose one of the listed providers other than the current one. */
static int choose(struct sim *m, struct seeker *s, struct kverr *e)
{
	struct actor me = seeker_actor(s);
	json_t *out, *list;
	int64_t pick = 0;
	int n;

	if (call(m, &me, app_choices_list, json_pack("{s:I}", "jobseeker_id",
		 (json_int_t)s->id), &out, e))
		return -1;
	list = json_object_get(out, "providers");
	n = (int)json_array_size(list);
	for (int tries = 0; tries < 4 && n > 0 && !pick; tries++) {
		json_t *p = json_array_get(list, (size_t)sim_rng_below(&m->rng, n));

		if (!json_is_true(json_object_get(p, "current")))
			pick = get_int(p, "id");
	}
	json_decref(out);
	if (!pick)
		return 0;
	if (call(m, &me, app_choice_make, json_pack("{s:I, s:I}", "jobseeker_id",
		 (json_int_t)s->id, "provider_id", (json_int_t)pick), NULL, e)) {
		/* The provider the authority ordered them away from (D-8). */
		if (e->cls != KVERR_INVALID)
			return -1;
		kverr_clear(e);
		m->st->refused++;
		return 0;
	}
	if (s->part && s->end >= m->today)
		m->st->switched++;
	else
		m->st->chosen++;
	return refresh(m, s, e);
}

/* C-3: after the full term (or any end that left no choice open), the
 * authority assesses anew, which opens the choice. */
static int reassess(struct sim *m, struct seeker *s, struct kverr *e)
{
	if (call(m, &m->officer, app_assessment_make, json_pack("{s:I}",
		 "jobseeker_id", (json_int_t)s->id), NULL, e))
		return -1;
	m->st->reassessed++;
	s->opened = m->today;
	return 0;
}

/* Waiting for a provider: choose, or wait for non-choice. */
static int waiting(struct sim *m, struct seeker *s, struct kverr *e)
{
	struct db *db;
	int64_t open = 0;

	db = store_acquire(m->app->store);
	if (db_query_int(db, "SELECT count(*) FROM jobseekers WHERE id = ? AND"
			 " choice_due IS NOT NULL", "i", &open, e, s->id) < 0) {
		store_release(m->app->store, db);
		return -1;
	}
	store_release(m->app->store, db);
	if (!open)
		return reassess(m, s, e);
	if (s->chooser && m->today >= date_add_days(s->opened, s->choose_after))
		return choose(m, s, e);
	return 0;
}

/* ------------------------------------------------------- provider side */

static int staff_call(struct sim *m, const struct seeker *s, app_usecase_fn fn,
		      json_t *in, json_t **out, struct kverr *e)
{
	struct actor a = staff_actor(m, s->provider);

	return call(m, &a, fn, in, out, e);
}

/* U-4, D-3, D-5: the planning meeting, the supervisor and the plan. */
static int start_work(struct sim *m, struct seeker *s, struct kverr *e)
{
	static const char *const supervisors[] = { "Karin Berg", "Omar Said",
		"Lena Holm", "Yasmin Nour", "Per Ek" };
	char held[DATE_STRLEN];

	if (!s->planned && m->today >= s->planning_on) {
		date_format(s->planning_on, held);
		if (staff_call(m, s, app_supervisor_set, json_pack("{s:I, s:s}",
			       "participation_id", (json_int_t)s->part, "supervisor",
			       supervisors[sim_rng_below(&m->rng, 5)]), NULL, e) ||
		    staff_call(m, s, app_planning_meeting, json_pack("{s:I, s:s}",
			       "participation_id", (json_int_t)s->part, "held_on",
			       held), NULL, e))
			return -1;
		s->planned = true;
	}
	/* D-5: a plan after the planning meeting, revised each quarter. */
	if (s->planned && (s->plans == 0 ||
			   date_add_months(s->planning_on, 3 * s->plans) <= m->today)) {
		if (staff_call(m, s, app_action_plan_write, json_pack("{s:I, s:s, s:s}",
			       "participation_id", (json_int_t)s->part,
			       "long_term_goal", "Arbete inom yrkesområdet inom ett år.",
			       "next_month_activities", "Söka fem jobb i veckan,"
			       " CV-verkstad, ett individuellt möte varje vecka."),
			       NULL, e))
			return -1;
		s->plans++;
		m->st->plans++;
	}
	return 0;
}

/* D-11: where the programme requires it, the participant checks in to
 * the week's workshop and out again (one in ten leaves at lunch). */
static int attend(struct sim *m, struct seeker *s, struct kverr *e)
{
	char day[DATE_STRLEN], in[24], out[24];

	if (!m->activity)
		return 0;
	date_format(m->today, day);
	snprintf(in, sizeof(in), "%sT09:00", day);
	snprintf(out, sizeof(out), "%sT%s", day,
		 sim_rng_chance(&m->rng, 100) ? "12:00" : "15:30");
	if (staff_call(m, s, app_attendance_record, json_pack("{s:I, s:s, s:s,"
		       " s:s}", "participation_id", (json_int_t)s->part, "event",
		       "check_in", "activity", "Jobbverkstad", "at", in), NULL, e) ||
	    staff_call(m, s, app_attendance_record, json_pack("{s:I, s:s, s:s}",
		       "participation_id", (json_int_t)s->part, "event",
		       "check_out", "at", out), NULL, e))
		return -1;
	m->st->attendance++;
	return 0;
}

/* D-5, D-3: the report for each month of the participation that has
 * ended, with the meeting minutes of each week (85 % of weeks meet the
 * hour). */
static int report_months(struct sim *m, struct seeker *s, struct kverr *e)
{
	month_t last = date_month(m->today) - 1;

	if (last > date_month(s->end))
		last = date_month(s->end);
	while (s->reported < last) {
		date_t mondays[5];
		month_t month = ++s->reported;
		int n = journey_month_mondays(s->start, s->end, month, mondays);
		json_t *weeks = json_array();
		char mm[MONTH_STRLEN], wk[DATE_STRLEN];

		for (int i = 0; i < n; i++) {
			date_format(mondays[i], wk);
			json_array_append_new(weeks, json_pack("{s:s, s:i}", "week", wk,
				"minutes", sim_rng_chance(&m->rng, 850) ?
				60 + 15 * sim_rng_below(&m->rng, 5) :
				15 * sim_rng_below(&m->rng, 4)));
		}
		month_format(month, mm);
		if (staff_call(m, s, app_report_file, json_pack("{s:I, s:s, s:i, s:s,"
			       " s:o}", "participation_id", (json_int_t)s->part,
			       "month", mm, "job_search_activities",
			       sim_rng_below(&m->rng, 25), "activities_attended",
			       "Jobbsökarträffar och CV-verkstad.", "meetings", weeks),
			       NULL, e))
			return -1;
		m->st->reports++;
	}
	return 0;
}

/* D-6: now and then a missed meeting; the officer decides a week later. */
static int deviations(struct sim *m, struct seeker *s, struct kverr *e)
{
	static const char *const kinds[] = { "missed_meeting",
		"insufficient_job_search", "other" };
	static const char *const decisions[] = { "no_action", "talk_to_jobseeker",
		"notify_benefit_fund" };
	char on[DATE_STRLEN];
	json_t *out;

	if (s->deviation) {
		if (call(m, &m->officer, app_deviation_decide, json_pack("{s:I, s:s,"
			 " s:s}", "deviation_id", (json_int_t)s->deviation,
			 "decision", decisions[sim_rng_below(&m->rng, 3)], "reason",
			 "Bedömt utifrån rapporten och samtal med deltagaren."),
			 NULL, e))
			return -1;
		s->deviation = 0;
	}
	if (!sim_rng_chance(&m->rng, 8))
		return 0;
	date_format(m->today, on);
	if (staff_call(m, s, app_deviation_report, json_pack("{s:I, s:s, s:s, s:s}",
		       "participation_id", (json_int_t)s->part, "kind",
		       kinds[sim_rng_below(&m->rng, 3)], "occurred_on", on, "text",
		       "Deltagaren kom inte till det bokade mötet."), &out, e))
		return -1;
	s->deviation = get_int(out, "id");
	json_decref(out);
	m->st->deviations++;
	return 0;
}

/* the provider asks for a reassessment; the officer decides. */
static int requests(struct sim *m, struct seeker *s, struct kverr *e)
{
	json_t *out;
	bool grant;

	if (s->request) {
		grant = sim_rng_chance(&m->rng, 600);
		if (call(m, &m->officer, app_reassessment_decide, json_pack("{s:I,"
			 " s:s, s:s}", "request_id", (json_int_t)s->request,
			 "decision", grant ? "grant" : "deny", "reason", grant ?
			 "Nya uppgifter om hälsa påverkar möjligheten till arbete." :
			 "Uppgifterna var redan kända vid bedömningen."), NULL, e))
			return -1;
		s->request = 0;
	}
	if (!sim_rng_chance(&m->rng, 3) || m->today > s->end)
		return 0;
	if (staff_call(m, s, app_reassessment_request, json_pack("{s:I, s:s}",
		       "participation_id", (json_int_t)s->part, "reason",
		       "Deltagaren har berättat om en funktionsnedsättning som inte"
		       " var känd."), &out, e))
		return -1;
	s->request = get_int(out, "id");
	json_decref(out);
	m->st->requests++;
	return 0;
}

/* A one-page "PDF" certificate: enough for the type check by content. */
static const char certificate_b64[] =
	"JVBERi0xLjQKJSBBbnN0YWxsbmluZ3NiZXZpcyAoc2ltdWxlcmF0KQoxIDAgb2JqPDw+PmVuZG9iagp0cmFpbGVyPDw+PgolJUVPRgo=";

/* P-8: a rejected certificate is sent again with the missing signature
 * and approved, so the demo shows a claim's whole history. */
static int resubmit(struct sim *m, struct seeker *s, struct kverr *e)
{
	return staff_call(m, s, app_evidence_upload, json_pack("{s:I, s:s, s:s}",
			  "outcome_id", (json_int_t)s->outcome, "filename",
			  "anstallningsbevis-signerat.pdf", "content_base64",
			  certificate_b64), NULL, e) ||
	       call(m, &m->officer, app_outcome_review, json_pack("{s:I, s:s,"
		    " s:s}", "outcome_id", (json_int_t)s->outcome, "decision",
		    "approve", "reason", "Det nya intyget är underskrivet."),
		    NULL, e) ? -1 : 0;
}

/* P-6, P-8: a job found this month — the provider claims the outcome with
 * evidence, the officer ends the participation (P-4: base ends at the
 * job) and reviews the evidence. */
static int found_job(struct sim *m, struct seeker *s, struct kverr *e)
{
	static const char *const types[] = { "employment", "employment",
		"employment", "subsidised_employment", "studies",
		"labour_market_training", "own_business" };
	date_t from = date_add_days(m->today, -sim_rng_below(&m->rng, 5));
	char on[DATE_STRLEN];
	json_t *out;
	bool approve = sim_rng_chance(&m->rng, 900);
	/* Claims of the last month wait for the officer. */
	bool review = m->today < date_add_days(m->end, -30);

	if (from < s->start)
		from = s->start;
	date_format(from, on);
	if (staff_call(m, s, app_outcome_claim, json_pack("{s:I, s:s, s:s, s:s,"
		       " s:i}", "participation_id", (json_int_t)s->part, "type",
		       types[sim_rng_below(&m->rng, 7)], "starts_on", on,
		       "occupation", s->p.occupation, "extent_percent",
		       sim_rng_chance(&m->rng, 800) ? 100 : 75), &out, e))
		return -1;
	s->outcome = get_int(out, "id");
	json_decref(out);
	s->outcome_confirmed = date_month(from) - 1;
	/* About 30 % of jobs end within the year (POPULATION.md). */
	s->outcome_months_left = sim_rng_chance(&m->rng, 300) ?
				 1 + sim_rng_below(&m->rng, 11) : 14;
	if (staff_call(m, s, app_evidence_upload, json_pack("{s:I, s:s, s:s}",
		       "outcome_id", (json_int_t)s->outcome, "filename",
		       "anstallningsbevis.pdf", "content_base64", certificate_b64),
		       NULL, e) ||
	    (review && call(m, &m->officer, app_outcome_review, json_pack("{s:I, s:s, s:s}",
		 "outcome_id", (json_int_t)s->outcome, "decision", approve ?
		 "approve" : "reject", "reason", approve ? "Anställningsbeviset"
		 " styrker anställningen." : "Intyget saknar arbetsgivarens"
		 " underskrift."), NULL, e)) ||
	    (review && !approve && resubmit(m, s, e)) ||
	    call(m, &m->officer, app_participation_end, json_pack("{s:I, s:s, s:s,"
		 " s:s}", "participation_id", (json_int_t)s->part, "reason", "job",
		 "ends_on", on, "note", "Fått arbete; avaktualiserad."), NULL, e))
		return -1;
	m->st->outcomes++;
	m->st->ended_job++;
	m->st->approved += review && approve;
	m->st->rejected += review && !approve;
	m->st->unreviewed += !review;
	return refresh(m, s, e);
}

/* P-8: each month that has ended, the provider confirms continuation and
 * self-support, until the job ends. */
static int confirm_months(struct sim *m, struct seeker *s, struct kverr *e)
{
	char mm[MONTH_STRLEN];

	while (s->outcome && s->outcome_confirmed < date_month(m->today) - 1) {
		bool goes_on = --s->outcome_months_left > 0;

		month_format(++s->outcome_confirmed, mm);
		if (staff_call(m, s, app_outcome_month_confirm, json_pack("{s:I, s:s,"
			       " s:b, s:b}", "outcome_id", (json_int_t)s->outcome,
			       "month", mm, "continues", goes_on, "self_supporting",
			       goes_on), NULL, e))
			return -1;
		m->st->months++;
		if (!goes_on)
			s->outcome = 0;
	}
	return 0;
}

/* The authority's ends: an ordered change of provider (D-8) or a move. */
static int authority_end(struct sim *m, struct seeker *s, bool moved,
			 struct kverr *e)
{
	char on[DATE_STRLEN];
	json_t *in;

	date_format(m->today, on);
	in = json_pack("{s:I, s:s, s:s, s:s}", "participation_id",
		       (json_int_t)s->part, "reason", moved ? "moved" :
		       "ordered_change", "ends_on", on, "note", moved ?
		       "Flyttat inom programmets område." : "Svag progression"
		       " och brister i kvalitet efter ett år (D-8).");
	if (moved)
		json_object_set_new(in, "municipality", json_string(muni_of(m)));
	if (call(m, &m->officer, app_participation_end, in, NULL, e))
		return -1;
	m->st->ended_moved += moved;
	m->st->ordered_changes += !moved;
	s->opened = date_add_days(m->today, moved ? 1 : 0);
	return refresh(m, s, e);
}

/* What may happen to a running participation this week. */
static int life_events(struct sim *m, struct seeker *s, struct kverr *e)
{
	struct actor me = seeker_actor(s);
	int months = date_months_between(s->reg_on, m->today) +
		     s->p.months_unemployed;
	bool month_start = date_month(m->today) != date_month(
				date_add_days(m->today, -7));

	int32_t chance = pop_job_chance_ppm(&s->p, months, 700);

	/* The provider's true effect, when the options give one. */
	if (s->provider > 0 && s->provider < m->o->n_provider_odds &&
	    m->o->provider_odds_milli[s->provider] > 0)
		chance = pop_apply_odds(chance, m->o->provider_odds_milli[s->provider]);
	/* The ground-truth hazard is monthly; try it in a month's first week. */
	if (month_start && sim_rng_below(&m->rng, 1000000) < chance)
		return found_job(m, s, e);
	if (s->noticed || strcmp(s->end_reason, "max_duration") != 0)
		return 0;
	if (sim_rng_chance(&m->rng, 6))
		return choose(m, s, e);             /* C-2: a switch */
	if (sim_rng_chance(&m->rng, 2)) {
		/* C-2: notice first, the new choice later (or non-choice). */
		if (call(m, &me, app_notice_give, json_pack("{s:I}",
			 "participation_id", (json_int_t)s->part), NULL, e))
			return -1;
		m->st->notices++;
		s->opened = m->today;
		return refresh(m, s, e);
	}
	if (date_add_months(s->start, 12) <= m->today && sim_rng_chance(&m->rng, 3))
		return authority_end(m, s, false, e);
	if (sim_rng_chance(&m->rng, 1))
		return authority_end(m, s, true, e);
	return 0;
}

/* ----------------------------------------------------------- the week */

static int seeker_week(struct sim *m, struct seeker *s, struct kverr *e)
{
	if (!s->registered && !s->gone && s->reg_on <= m->today &&
	    do_register(m, s, e))
		return -1;
	if (!s->registered || s->exempt)
		return 0;
	if (refresh(m, s, e) || confirm_months(m, s, e))
		return -1;
	if (s->gone)
		return 0;
	if (s->part && s->start <= m->today &&
	    (report_months(m, s, e) || requests(m, s, e)))
		return -1;
	if (s->part && s->start <= m->today && m->today <= s->end)
		return start_work(m, s, e) || attend(m, s, e) ||
		       deviations(m, s, e) || life_events(m, s, e);
	if (!s->part || s->end < m->today)
		return waiting(m, s, e);
	return 0;
}

/*
 * P-8: at each new month the employers' returns for the month before
 * arrive: a line per person in work (a second employer for one in ten),
 * full time about 26,000 kr, three quarters about 19,500 kr, and one month
 * in ten short (unpaid leave) so that month is not verified.
 */
static const char *const employers[] = { "556000-0019", "556123-4567",
	"202100-5083", "556677-8899", "969876-5436" };

static int income_month(struct sim *m, struct kverr *e)
{
	size_t cap = 64 + (size_t)m->n * 96, len;
	char *csv = malloc(cap), mm[MONTH_STRLEN];
	json_t *out;
	int rc, lines = 0;

	if (!csv)
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	month_format(date_month(m->today) - 1, mm);
	len = (size_t)snprintf(csv, cap, "personnummer,month,employer_orgnr,"
			       "gross_ore\n");
	for (int i = 0; i < m->n; i++) {
		const struct seeker *s = &m->s[i];
		int64_t gross = 2300000 + sim_rng_below(&m->rng, 600000);

		if (!s->outcome)
			continue;
		if (sim_rng_chance(&m->rng, 100))
			gross = 900000;
		if (sim_rng_chance(&m->rng, 100)) {
			len += (size_t)snprintf(csv + len, cap - len, "%s,%s,%s,%d\n",
						s->p.pnr, mm, employers[4], 350000);
			lines++;
		}
		len += (size_t)snprintf(csv + len, cap - len, "%s,%s,%s,%lld\n",
					s->p.pnr, mm, employers[i % 4],
					(long long)gross);
		lines++;
	}
	if (!lines) {
		free(csv);
		return 0;
	}
	rc = call(m, &m->officer, app_income_import, json_pack("{s:s}", "csv",
		  csv), &out, e);
	free(csv);
	if (rc)
		return -1;
	m->st->income_lines += lines;
	m->st->income_verified += (int)get_int(out, "months_verified");
	json_decref(out);
	return 0;
}

/* The authority's weekly round: non-choice (C-4); monthly, the
 * reassessments that fell due (D-8), the employers' returns (P-8) and,
 * when asked for, the rating. */
static int authority_week(struct sim *m, struct kverr *e)
{
	char on[DATE_STRLEN];
	json_t *out, *row;
	size_t i;

	date_format(m->today, on);
	if (call(m, &m->officer, app_nonchoice_run, json_pack("{s:s}", "date", on),
		 &out, e))
		return -1;
	m->st->assigned += (int)json_array_size(json_object_get(out, "assigned"));
	json_decref(out);
	if (date_month(m->today) == date_month(date_add_days(m->today, -7)))
		return 0;
	if (income_month(m, e) ||
	    (m->o->rating_months > 0 && date_month(m->today) %
	     m->o->rating_months == 0 && sim_journey_rate(m->app, &m->officer,
	     m->today, &m->st->ratings, e)))
		return -1;
	if (call(m, &m->officer, app_reassessments_due, json_pack("{s:s}", "date",
		 on), &out, e))
		return -1;
	json_array_foreach(out, i, row) {
		if (call(m, &m->officer, app_assessment_make, json_pack("{s:I, s:s}",
			 "jobseeker_id", (json_int_t)get_int(row, "jobseeker_id"),
			 "reason", "D-8: årlig förnyad bedömning."), NULL, e)) {
			json_decref(out);
			return -1;
		}
		m->st->reassessed++;
	}
	json_decref(out);
	return 0;
}

int sim_journey_run(struct app *app, const struct sim_journey_opts *o,
		    struct sim_journey_stats *st, struct kverr *e)
{
	struct sim m = { .app = app, .o = o, .st = st, .n = o->people };
	int64_t pinned = app->fixed_now;
	date_t end = app_civil_date(app_now(app)), first;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	sim_rng_seed(&m.rng, o->seed);
	first = date_add_months(end, -o->months);
	m.today = m.end = end;
	m.s = calloc((size_t)(o->people > 0 ? o->people : 1), sizeof(*m.s));
	if (!m.s || load_world(&m, e))
		goto done;
	draw_people(&m, first);
	for (m.today = first; m.today <= end; m.today = date_add_days(m.today, 7)) {
		for (int i = 0; i < m.n; i++) {
			if (seeker_week(&m, &m.s[i], e)) {
				char who[48];

				snprintf(who, sizeof(who), "jobseeker %lld on day %d",
					 (long long)m.s[i].id, (int)m.today);
				kverr_prefix_field(e, who);
				goto done;
			}
		}
		if (authority_week(&m, e))
			goto done;
		if (o->log && date_month(m.today) != date_month(date_add_days(m.today, 7)))
			fprintf(o->log, "\rjourney: %d of %d months", date_months_between(
				first, m.today) + 1, o->months);
	}
	if (o->log)
		fputc('\n', o->log);
	rc = 0;
done:
	app->fixed_now = pinned;
	json_decref(m.munis);
	free(m.staff);
	free(m.s);
	return rc;
}
