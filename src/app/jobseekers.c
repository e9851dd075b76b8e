/*
 * jobseekers.c — registering a jobseeker, exempting them from tracks
 * assessing them into a track (A-1; the model fills in later) and
 * reading them back.
 *
 * The personnummer is validated here, stored once, and never leaves this
 * file except masked ("19850312-****"): staff, URLs, logs and the audit
 * chain use the jobseeker's id and reference ("JS-000123") instead.
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/profiling.h"
#include "core/idnum.h"
#include "core/journey.h"
#include "core/lang.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The attributes the profiling reads (POPULATION.md); stored as given. */
static const char *const age_bands[] = { "16-24", "25-34", "35-44", "45-54",
					 "55-64", NULL };
static const char *const genders[] = { "woman", "man", "other", NULL };
static const char *const regions[] = { "sweden", "europe", "outside_europe",
				       NULL };
static const char *const educations[] = { "below_upper_secondary",
					  "upper_secondary", "post_secondary",
					  NULL };
static const char *const exemptions[] = { "none", "self_reliant",
					  "job_security_council", NULL };

struct registration {
	int64_t programme_id, previous;
	struct idnum pnr;
	const char *given, *family, *municipality, *occupation, *email, *phone;
	const char *lang, *language_needs, *exemption_reason;
	date_t since, registered_on;
	int age, gender, region, education, exemption;
	bool disability, ui_member, wants_digital, needs_accessible;
};

static int read_pnr(struct app_ctx *cx, const json_t *in, struct idnum *out,
		    struct kverr *e)
{
	const char *s;
	enum idnum_reason why;

	if (in_string(in, "personnummer", true, 20, &s, e))
		return -1;
	why = idnum_parse_person(s, cx->today, out);
	if (why != IDNUM_OK)
		return kverr_set(e, KVERR_INVALID, idnum_reason_code(why),
				 "personnummer", "The personnummer or"
				 " samordningsnummer is not valid: %s",
				 idnum_reason_text(why));
	return 0;
}

/* SSYK 2012: one to four digits (major group … unit group). */
static int read_occupation(const json_t *in, const char **out, struct kverr *e)
{
	size_t n;

	if (in_string(in, "occupation", true, 4, out, e))
		return -1;
	n = strspn(*out, "0123456789");
	if (n == 0 || (*out)[n] != '\0')
		return kverr_set(e, KVERR_INVALID, "bad_occupation", "occupation",
				 "The occupation must be an SSYK 2012 code of one"
				 " to four digits.");
	return 0;
}

static int read_codes(const json_t *in, struct registration *r,
		      struct kverr *e)
{
	size_t n;

	r->lang = LANG_DEFAULT;
	if (in_string(in, "lang", false, 3, &r->lang, e) ||
	    in_string(in, "language_needs", false, 3, &r->language_needs, e))
		return -1;
	if (!r->lang)
		r->lang = LANG_DEFAULT;
	if (!lang_supported(r->lang))
		return kverr_set(e, KVERR_INVALID, "not_allowed", "lang",
				 "The language must be one of sv, en, ar, so, ti, fa.");
	if (!r->language_needs)
		return 0;
	/* An ISO 639-1 or 639-3 code: two or three lower-case letters. */
	n = strspn(r->language_needs, "abcdefghijklmnopqrstuvwxyz");
	if (n < 2 || r->language_needs[n] != '\0')
		return kverr_set(e, KVERR_INVALID, "bad_language", "language_needs",
				 "language_needs must be an ISO 639 language code"
				 " such as \"ar\" or \"som\".");
	return 0;
}

static int read_registration(struct app_ctx *cx, const json_t *in,
			     struct registration *r, struct kverr *e)
{
	static const char *const keys[] = {
		"programme_id", "personnummer", "given_name", "family_name",
		"municipality", "unemployed_since", "registered_on", "age_band",
		"gender", "birth_region", "education", "disability", "ui_member",
		"language_needs", "occupation", "previous_registrations",
		"wants_digital", "needs_accessible", "email", "phone", "lang",
		"exemption", "exemption_reason", NULL };

	memset(r, 0, sizeof(*r));
	r->registered_on = cx->today;
	return in_object(in, keys, e) ||
	       in_int(in, "programme_id", true, 1, INT64_MAX, &r->programme_id, e) ||
	       read_pnr(cx, in, &r->pnr, e) ||
	       in_string(in, "given_name", true, LIMIT_NAME, &r->given, e) ||
	       in_string(in, "family_name", true, LIMIT_NAME, &r->family, e) ||
	       in_string(in, "municipality", true, 4, &r->municipality, e) ||
	       in_date(in, "unemployed_since", true, &r->since, e) ||
	       in_date(in, "registered_on", false, &r->registered_on, e) ||
	       in_enum(in, "age_band", true, age_bands, &r->age, e) ||
	       in_enum(in, "gender", true, genders, &r->gender, e) ||
	       in_enum(in, "birth_region", true, regions, &r->region, e) ||
	       in_enum(in, "education", true, educations, &r->education, e) ||
	       in_bool(in, "disability", true, &r->disability, e) ||
	       in_bool(in, "ui_member", true, &r->ui_member, e) ||
	       read_occupation(in, &r->occupation, e) ||
	       in_int(in, "previous_registrations", true, 0, 100, &r->previous, e) ||
	       in_bool(in, "wants_digital", false, &r->wants_digital, e) ||
	       in_bool(in, "needs_accessible", false, &r->needs_accessible, e) ||
	       in_string(in, "email", false, LIMIT_EMAIL, &r->email, e) ||
	       in_string(in, "phone", false, 40, &r->phone, e) ||
	       read_codes(in, r, e) ||
	       in_enum(in, "exemption", false, exemptions, &r->exemption, e) ||
	       in_string(in, "exemption_reason", false, LIMIT_TEXT,
			 &r->exemption_reason, e) ? -1 : 0;
}

/* Facts that need the dates or the database, checked before any write. */
static int check_registration(struct app_ctx *cx, const struct registration *r,
			      struct kverr *e)
{
	int64_t n;

	if (r->registered_on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "registered_on",
				 "A registration cannot be dated in the future.");
	if (r->since > r->registered_on)
		return kverr_set(e, KVERR_INVALID, "dates_out_of_order",
				 "unemployed_since", "The unemployment cannot"
				 " begin after the registration date.");
	if (r->exemption && !r->exemption_reason)
		return kverr_set(e, KVERR_INVALID, "reason_required",
				 "exemption_reason", "An exemption from tracks"
				 " needs a reason (A-4).");
	if (db_query_int(cx->db, "SELECT count(*) FROM area_municipalities WHERE"
			 " programme_id = ? AND municipality_code = ?", "is", &n,
			 e, r->programme_id, r->municipality) < 0)
		return -1;
	if (n == 0)
		return kverr_set(e, KVERR_INVALID, "not_served", "municipality",
				 "No delivery area of this programme covers that"
				 " municipality, or there is no such programme or"
				 " municipality.");
	if (db_query_int(cx->db, "SELECT count(*) FROM jobseekers WHERE pnr = ?",
			 "s", &n, e, r->pnr.canonical) < 0)
		return -1;
	if (n)
		return kverr_set(e, KVERR_CONFLICT, "exists", "personnummer",
				 "This person is already registered; look them up"
				 " instead.");
	return 0;
}

static int insert_jobseeker(struct app_ctx *cx, const struct registration *r,
			    int64_t *id, struct kverr *e)
{
	char ref[24], since[DATE_STRLEN], on[DATE_STRLEN];
	int64_t next;

	/* The write transaction holds the lock, so max+1 is unique. */
	if (db_query_int(cx->db, "SELECT coalesce(max(id), 0) + 1 FROM jobseekers",
			 "", &next, e) < 0)
		return -1;
	snprintf(ref, sizeof(ref), "JS-%06lld", (long long)next);
	date_format(r->since, since);
	date_format(r->registered_on, on);
	return db_query_int(cx->db, "INSERT INTO jobseekers(id, ref, pnr, pnr_kind,"
			    " programme_id, given_name, family_name,"
			    " municipality_code, unemployed_since, registered_on,"
			    " age_band, gender, birth_region, education, disability,"
			    " ui_member, language_needs, occupation,"
			    " previous_registrations, wants_digital,"
			    " needs_accessible, email, phone, lang, exemption,"
			    " exemption_reason, created_by, created_at) VALUES"
			    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			    " ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0), ?) RETURNING id",
			    "isssisssssssssiissiiisssssii", id, e, next, ref,
			    r->pnr.canonical,
			    r->pnr.kind == IDNUM_PERSONNUMMER ? "personnummer" :
			    "samordningsnummer", r->programme_id, r->given,
			    r->family, r->municipality, since, on,
			    age_bands[r->age], genders[r->gender],
			    regions[r->region], educations[r->education],
			    (int64_t)r->disability, (int64_t)r->ui_member,
			    r->language_needs ? r->language_needs : "",
			    r->occupation, r->previous, (int64_t)r->wants_digital,
			    (int64_t)r->needs_accessible, r->email ? r->email : "",
			    r->phone ? r->phone : "", r->lang,
			    exemptions[r->exemption],
			    r->exemption_reason ? r->exemption_reason : "",
			    cx->actor->user_id, cx->now) == 0 ? 0 : -1;
}

/* Whether the jobseeker has a participation running on or after `on`
 * (cancelled ones never ran). */
static int has_participation_from(struct app_ctx *cx, int64_t id, date_t on,
				  bool *yes, struct kverr *e)
{
	char d[DATE_STRLEN];
	int64_t n;

	date_format(on, d);
	if (db_query_int(cx->db, "SELECT count(*) FROM participations WHERE"
			 " jobseeker_id = ? AND ends_on >= ? AND end_reason <>"
			 " 'cancelled'", "is", &n, e, id, d) < 0)
		return -1;
	*yes = n > 0;
	return 0;
}

/* C-4, C-3: after an assessment with no provider, the choice opens and
 * non-choice follows the deadline. */
static int open_choice(struct app_ctx *cx, int64_t id, date_t opened_on,
		       struct kverr *e)
{
	char due[DATE_STRLEN];
	bool busy;

	if (has_participation_from(cx, id, opened_on, &busy, e))
		return -1;
	if (busy)
		return 0;
	date_format(journey_choice_due(&cx->app->journey, opened_on), due);
	return db_run(cx->db, "UPDATE jobseekers SET choice_due = ? WHERE id = ?",
		      "si", e, due, id);
}

/* One assessment as it is recorded (A-2: date, method, inputs, result). */
struct assessment_row {
	const char *method;
	json_t *inputs;          /* stolen */
	int track;               /* 0 means exempt */
	const char *reason;
	int64_t request_id;
	const struct profiling_result *model;  /* when the model scored */
	int suggested;           /* an override keeps what was suggested */
};

static int insert_assessment(struct app_ctx *cx, int64_t jobseeker_id,
			     date_t on, struct assessment_row *a, int64_t *id,
			     struct kverr *e)
{
	const struct profiling_result *m = a->model;
	char d[DATE_STRLEN];
	char *text = json_dumps(a->inputs, JSON_COMPACT | JSON_SORT_KEYS);
	char *factors = m && m->factors ? json_dumps(m->factors, JSON_COMPACT) : NULL;
	char *advice = m && m->interventions ?
		       json_dumps(m->interventions, JSON_COMPACT) : NULL;
	int rc;

	json_decref(a->inputs);
	if (!text) {
		free(factors);
		free(advice);
		return kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
	}
	date_format(on, d);
	rc = db_query_int(cx->db, "INSERT INTO assessments(jobseeker_id,"
			  " assessed_on, method, inputs, track, reason, request_id,"
			  " assessed_by, created_at, model_version, score_ppm,"
			  " factors, interventions, suggested_track) VALUES (?, ?,"
			  " ?, ?, nullif(?, 0), ?, nullif(?, 0), nullif(?, 0), ?,"
			  " ?, nullif(?, -1), ?, ?, nullif(?, 0)) RETURNING id",
			  "isssisiiisissi", id, e, jobseeker_id, d, a->method,
			  text, (int64_t)a->track, a->reason, a->request_id,
			  cx->actor->user_id, cx->now,
			  m ? m->version : NULL, m ? m->score_ppm : (int64_t)-1,
			  factors, advice, (int64_t)a->suggested);
	free(text);
	free(factors);
	free(advice);
	return rc == 0 ? 0 : -1;
}

/* an exempt jobseeker is recorded with no track. */
static int insert_exempt(struct app_ctx *cx, int64_t jobseeker_id, date_t on,
			 const char *exemption, const char *reason,
			 int64_t *id, struct kverr *e)
{
	struct assessment_row a = {
		.method = "exempt",
		.inputs = json_pack("{s:s}", "exemption", exemption),
		.reason = reason,
	};

	return insert_assessment(cx, jobseeker_id, on, &a, id, e);
}

/* The reason recorded with a track the model did not set. */
static void duration_reason(const struct profiling_result *pr, char *buf,
			    size_t size)
{
	if (pr->fallback[0])
		snprintf(buf, size, "A-1: track by unemployment duration, as"
			 " the model could not be used: %s", pr->fallback);
	else
		snprintf(buf, size, "A-1: track by unemployment duration.");
}

/* the model's track, with its chance, in plain words. */
static void model_reason(const struct profiling_result *pr, char *buf,
			 size_t size)
{
	snprintf(buf, size, "A-1: track %d by model %s: an estimated %d %%"
		 " chance of a job within the horizon.", pr->track, pr->version,
		 (int)((pr->score_ppm + 5000) / 10000));
}

/*
 * assess by the active model (or, without one or when it cannot
 * score this person, by the duration rule, saying why), or record a case
 * officer's track (track > 0) with a reason, keeping what the model or
 * the rule suggested.  Opens the choice when the jobseeker has no
 * provider (C-3, C-4).  Used by registration, reassessment and requests.
 */
int jobseekers_assess(struct app_ctx *cx, int64_t id, date_t on, int track,
		      const char *reason, int64_t request_id, int64_t *out_id,
		      struct kverr *e)
{
	json_t *js = db_query_one(cx->db, "jobseeker", "SELECT unemployed_since,"
				  " registered_on FROM jobseekers WHERE id = ?",
				  "i", e, id);
	struct profiling_result pr;
	struct assessment_row a = { .request_id = request_id };
	char why[400];
	date_t since;
	int by_duration, months, rc;

	if (!js)
		return -1;
	since = row_date(js, "unemployed_since");
	if (on < row_date(js, "registered_on")) {
		json_decref(js);
		return kverr_set(e, KVERR_INVALID, "dates_out_of_order",
				 "assessed_on", "An assessment cannot be dated"
				 " before the registration.");
	}
	json_decref(js);
	if (journey_track_by_duration(&cx->app->journey, since, on, &by_duration, e))
		return -1;
	months = (int)date_months_between(since, on);
	if (profiling_assess(cx, id, on, months, &pr, e))
		return -1;
	if (pr.by_model) {
		a.inputs = json_incref(pr.inputs);
		a.model = &pr;
	} else {
		/* what the method read is recorded with its result. */
		a.inputs = json_pack("{s:s, s:i, s:i}", "unemployed_since", "",
				     "months_unemployed", months,
				     "track_by_duration", by_duration);
		row_set_date(a.inputs, "unemployed_since", since);
		if (pr.fallback[0])
			json_object_set_new(a.inputs, "model_not_used",
					    json_string(pr.fallback));
	}
	if (track) {
		a.method = "override";
		a.track = track;
		a.suggested = pr.by_model ? pr.track : by_duration;
		a.reason = reason;
	} else if (pr.by_model) {
		a.method = "model";
		a.track = pr.track;
		model_reason(&pr, why, sizeof(why));
		a.reason = reason ? reason : why;
	} else {
		a.method = "duration";
		a.track = by_duration;
		duration_reason(&pr, why, sizeof(why));
		a.reason = reason ? reason : why;
	}
	rc = insert_assessment(cx, id, on, &a, out_id, e);
	profiling_result_free(&pr);
	return rc ? -1 : open_choice(cx, id, on, e);
}

/* Assessment rows keep what the method read as JSON text; answer
 * with it as JSON. */
static void unpack_json_columns(json_t *rows)
{
	static const char *const keys[] = { "inputs", "factors",
					    "interventions" };
	json_t *row;
	size_t i;

	if (json_is_object(rows)) {
		json_t *one = json_array();

		json_array_append(one, rows);
		unpack_json_columns(one);
		json_decref(one);
		return;
	}
	json_array_foreach(rows, i, row) {
		for (size_t k = 0; k < 3; k++) {
			const char *text = json_string_value(json_object_get(row, keys[k]));
			json_t *v = text ? json_loads(text, 0, NULL) : NULL;

			if (v)
				json_object_set_new(row, keys[k], v);
		}
	}
}

/* The masked identity number: the birth date only. */
static void add_masked(json_t *row, const char *pnr, const char *kind)
{
	struct idnum id = { 0 };
	char buf[16];

	snprintf(id.canonical, sizeof(id.canonical), "%s", pnr);
	id.kind = strcmp(kind, "personnummer") == 0 ? IDNUM_PERSONNUMMER :
		  IDNUM_SAMORDNINGSNUMMER;
	idnum_display(&id, buf);
	json_object_set_new(row, "personnummer_masked", json_string(buf));
}

#define JOBSEEKER_COLUMNS \
	"SELECT j.id, j.ref, j.programme_id, j.given_name, j.family_name," \
	" j.municipality_code AS municipality, m.name AS municipality_name," \
	" j.unemployed_since, j.registered_on, j.age_band, j.gender," \
	" j.birth_region, j.education, j.disability AS bool_disability," \
	" j.ui_member AS bool_ui_member, j.language_needs, j.occupation," \
	" j.previous_registrations, j.wants_digital AS bool_wants_digital," \
	" j.needs_accessible AS bool_needs_accessible, j.email, j.phone," \
	" j.lang, j.exemption, j.exemption_reason, j.status, j.choice_due," \
	" (SELECT a.track FROM assessments a WHERE a.jobseeker_id = j.id" \
	" ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS track" \
	" FROM jobseekers j JOIN municipalities m ON m.code = j.municipality_code"

/* The jobseeker with masked number, latest assessment and participations. */
static json_t *jobseeker_view(struct app_ctx *cx, int64_t id, struct kverr *e)
{
	json_t *js = db_query_one(cx->db, "jobseeker", JOBSEEKER_COLUMNS
				  " WHERE j.id = ?", "i", e, id);
	json_t *pnr, *parts;

	if (!js)
		return NULL;
	pnr = db_query_one(cx->db, "jobseeker", "SELECT pnr, pnr_kind FROM"
			   " jobseekers WHERE id = ?", "i", e, id);
	parts = db_query_json(cx->db, "SELECT p.id, p.provider_id, pv.name AS"
			      " provider_name, p.track, p.how, p.chosen_on,"
			      " p.starts_on, p.ends_on, p.end_reason FROM"
			      " participations p JOIN providers pv ON"
			      " pv.id = p.provider_id WHERE p.jobseeker_id = ?"
			      " ORDER BY p.starts_on, p.id", "i", e, id);
	if (!pnr || !parts) {
		json_decref(js);
		json_decref(pnr);
		json_decref(parts);
		return NULL;
	}
	add_masked(js, json_string_value(json_object_get(pnr, "pnr")),
		   json_string_value(json_object_get(pnr, "pnr_kind")));
	json_decref(pnr);
	json_object_set_new(js, "participations", parts);
	return js;
}

int app_jobseeker_register(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e)
{
	struct registration r;
	int64_t id, assessment;
	json_t *detail;

	if (app_require(cx, ROLE_CASE_OFFICER, e) ||
	    read_registration(cx, in, &r, e) || check_registration(cx, &r, e) ||
	    insert_jobseeker(cx, &r, &id, e))
		return -1;
	/* an exempt jobseeker gets no track; others are assessed at once
	 * by the duration rule until a model is active. */
	if (r.exemption ?
	    insert_exempt(cx, id, r.registered_on, exemptions[r.exemption],
			  r.exemption_reason, &assessment, e) :
	    jobseekers_assess(cx, id, r.registered_on, 0, NULL, 0, &assessment, e))
		return -1;
	/* The audit chain never holds the personnummer. */
	detail = json_pack("{s:I, s:s, s:s}", "programme_id",
			   (json_int_t)r.programme_id, "municipality",
			   r.municipality, "exemption", exemptions[r.exemption]);
	if (app_audit(cx, "jobseeker.register", "jobseeker", id, detail, e)) {
		json_decref(detail);
		return -1;
	}
	json_decref(detail);
	*out = jobseeker_view(cx, id, e);
	return *out ? 0 : -1;
}

int app_jobseeker_get(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "jobseeker_id", NULL };
	int64_t id = 0;

	if (in_object(in, keys, e) ||
	    in_int(in, "jobseeker_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_jobseeker(cx, id, e))
		return -1;
	*out = jobseeker_view(cx, id, e);
	return *out ? 0 : -1;
}

int app_jobseekers_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "programme_id", "municipality",
					    "awaiting_choice", NULL };
	int64_t programme_id = 0;
	const char *muni = NULL;
	bool awaiting = false;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_int(in, "programme_id", false, 1, INT64_MAX, &programme_id, e) ||
	    in_string(in, "municipality", false, 4, &muni, e) ||
	    in_bool(in, "awaiting_choice", false, &awaiting, e))
		return -1;
	*out = db_query_json(cx->db, JOBSEEKER_COLUMNS " WHERE (? = 0 OR"
			     " j.programme_id = ?) AND (? = '' OR"
			     " j.municipality_code = ?) AND (? = 0 OR"
			     " j.choice_due IS NOT NULL) ORDER BY j.id LIMIT 500",
			     "iissi", e, programme_id, programme_id,
			     muni ? muni : "", muni ? muni : "", (int64_t)awaiting);
	return *out ? 0 : -1;
}

/* Finding a person by number without putting it in a URL. */
int app_jobseeker_lookup(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "personnummer", NULL };
	struct idnum pnr;
	int64_t id;
	int rc;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    read_pnr(cx, in, &pnr, e))
		return -1;
	rc = db_query_int(cx->db, "SELECT id FROM jobseekers WHERE pnr = ?", "s",
			  &id, e, pnr.canonical);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "personnummer",
				 "No jobseeker is registered with that number.");
	*out = db_query_one(cx->db, "jobseeker", "SELECT id, ref FROM jobseekers"
			    " WHERE id = ?", "i", e, id);
	return *out ? 0 : -1;
}

/* exempt from tracks (self-reliant, or served by a job-security
 * council) with a reason, or lift the exemption ("none"). */
int app_jobseeker_exemption(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	static const char *const keys[] = { "jobseeker_id", "exemption",
					    "reason", "decided_on", NULL };
	int64_t id = 0, assessment;
	int kind = 0;
	const char *reason;
	date_t on = cx->today;
	bool busy;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "jobseeker_id", true, 1, INT64_MAX, &id, e) ||
	    in_enum(in, "exemption", true, exemptions, &kind, e) ||
	    in_string(in, "reason", true, LIMIT_TEXT, &reason, e) ||
	    in_date(in, "decided_on", false, &on, e))
		return -1;
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "decided_on",
				 "A decision cannot be dated in the future.");
	if (has_participation_from(cx, id, on, &busy, e))
		return -1;
	if (kind && busy)
		return kverr_set(e, KVERR_CONFLICT, "participating", "exemption",
				 "End the jobseeker's participation before"
				 " exempting them from tracks.");
	if (db_run(cx->db, "UPDATE jobseekers SET exemption = ?, exemption_reason"
		   " = ?, choice_due = NULL WHERE id = ?", "ssi", e,
		   exemptions[kind], reason, id) || db_changes(cx->db) == 0) {
		if (e->cls == KVERR_OK)
			kverr_set(e, KVERR_NOT_FOUND, "not_found", "jobseeker",
				  "No such jobseeker.");
		return -1;
	}
	if ((kind ? insert_exempt(cx, id, on, exemptions[kind], reason,
				  &assessment, e) :
		    jobseekers_assess(cx, id, on, 0, reason, 0, &assessment, e)) ||
	    app_audit(cx, "jobseeker.exemption", "jobseeker", id, in, e))
		return -1;
	*out = jobseeker_view(cx, id, e);
	return *out ? 0 : -1;
}

/* A-1 (and an officer's judgement with a reason): a new assessment. */
int app_assessment_make(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "jobseeker_id", "assessed_on",
					    "track", "reason", NULL };
	int64_t id = 0, track = 0, assessment;
	const char *reason = NULL;
	date_t on = cx->today;
	json_t *js;
	bool exempt;

	if (app_require(cx, ROLE_CASE_OFFICER, e) || in_object(in, keys, e) ||
	    in_int(in, "jobseeker_id", true, 1, INT64_MAX, &id, e) ||
	    in_date(in, "assessed_on", false, &on, e) ||
	    in_int(in, "track", false, 1, 4, &track, e) ||
	    in_string(in, "reason", track != 0, LIMIT_TEXT, &reason, e))
		return -1;
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "assessed_on",
				 "An assessment cannot be dated in the future.");
	js = db_query_one(cx->db, "jobseeker", "SELECT exemption, status FROM"
			  " jobseekers WHERE id = ?", "i", e, id);
	if (!js)
		return -1;
	exempt = strcmp(json_string_value(json_object_get(js, "exemption")),
			"none") != 0;
	json_decref(js);
	if (exempt)
		return kverr_set(e, KVERR_CONFLICT, "exempt", "jobseeker_id",
				 "The jobseeker is exempt from tracks (A-4); lift"
				 " the exemption first.");
	if (jobseekers_assess(cx, id, on, (int)track, reason, 0, &assessment, e) ||
	    app_audit(cx, "assessment.make", "assessment", assessment, in, e))
		return -1;
	*out = db_query_one(cx->db, "assessment", "SELECT id, jobseeker_id,"
			    " assessed_on, method, inputs, track, suggested_track,"
			    " model_version, score_ppm, factors, interventions,"
			    " reason FROM assessments WHERE"
			    " id = ?", "i", e, assessment);
	if (*out)
		unpack_json_columns(*out);
	return *out ? 0 : -1;
}

int app_assessments_list(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "jobseeker_id", NULL };
	int64_t id = 0;

	if (in_object(in, keys, e) ||
	    in_int(in, "jobseeker_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_jobseeker(cx, id, e) ||
	    app_require_row(cx, "jobseekers", "jobseeker", id, e))
		return -1;
	*out = db_query_json(cx->db, "SELECT a.id, a.assessed_on, a.method,"
			     " a.inputs, a.track, a.suggested_track,"
			     " a.model_version, a.score_ppm, a.factors,"
			     " a.interventions, a.reason, a.request_id, u.username AS"
			     " assessed_by FROM assessments a LEFT JOIN users u ON"
			     " u.id = a.assessed_by WHERE a.jobseeker_id = ?"
			     " ORDER BY a.assessed_on, a.id", "i", e, id);
	if (*out)
		unpack_json_columns(*out);
	return *out ? 0 : -1;
}
