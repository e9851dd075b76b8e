/*
 * journey.h — the participant's journey as use cases: registering and
 * assessing jobseekers, choice and non-choice (C-1 … C-4,
 * D-7), notice, switching and ends (C-2, C-3, D-8), the provider's work
 * (D-3, D-5, D-6, D-11, U-4) and outcomes with evidence (P-6 … P-8).
 *
 * One file per concern: jobseekers.c, participations.c, participation_end.c,
 * nonchoice_run.c, work.c, compliance.c, deviations.c, attendance.c,
 * reassess.c, outcomes.c, evidence.c, income.c.  The rules themselves are
 * in core/journey.c and core/nonchoice.c.
 */
#ifndef APP_JOURNEY_H
#define APP_JOURNEY_H

#include "app/app.h"

/* jobseekers.c */
int app_jobseeker_register(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e);
int app_jobseekers_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);
int app_jobseeker_get(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_jobseeker_lookup(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_jobseeker_exemption(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);
int app_assessment_make(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);
int app_assessments_list(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);

/* participations.c, participation_end.c */
int app_choices_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_choice_make(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_participations_list(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);
int app_participation_get(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_notice_give(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_participation_end(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);

/* nonchoice_run.c */
int app_nonchoice_run(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);

/* work.c */
int app_planning_meeting(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_supervisor_set(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
int app_planning_overdue(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_action_plan_write(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_action_plans_list(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_report_file(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_reports_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_compliance_participation(struct app_ctx *cx, json_t *in, json_t **out,
				 struct kverr *e);
int app_compliance_provider(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);
int app_deviation_report(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_deviations_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);
int app_deviation_get(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_deviation_decide(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_attendance_record(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_attendance_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);

/* reassess.c */
int app_reassessment_request(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e);
int app_reassessment_requests_list(struct app_ctx *cx, json_t *in,
				   json_t **out, struct kverr *e);
int app_reassessment_request_get(struct app_ctx *cx, json_t *in,
				 json_t **out, struct kverr *e);
int app_reassessment_decide(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);
int app_reassessments_due(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);

/* outcomes.c */
int app_outcome_claim(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_outcomes_list(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_outcome_get(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_evidence_upload(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);
int app_evidence_get(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_outcome_month_confirm(struct app_ctx *cx, json_t *in, json_t **out,
			      struct kverr *e);
int app_outcome_review(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

/* income.c */
int app_income_import(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);

/*
 * Shared by the files above (participations.c).
 *
 * A participation as the actor may see it: the authority any; provider
 * staff their own provider's only; a jobseeker their own only.  Anyone
 * else gets 404 "participation", so existence is not revealed.  The row
 * has id, jobseeker_id, provider_id, area_id, programme_id, track, how,
 * chosen_on, starts_on, ends_on, end_reason, planning_meeting_on,
 * supervisor, ref (the jobseeker's), given_name, family_name.
 */
json_t *participation_load(struct app_ctx *cx, int64_t id, struct kverr *e);

/* Only staff of the participation's own provider may write its reports,
 * plans and claims (call after participation_load): 403 for anyone else. */
int participation_require_writer(struct app_ctx *cx, const json_t *p,
				 struct kverr *e);

/* jobseekers.c: A-1 — assess by the duration rule, or record an officer's
 * track (track > 0) with a reason; request_id links a reassessment
 * request.  Opens the choice when the jobseeker has no provider. */
int jobseekers_assess(struct app_ctx *cx, int64_t id, date_t on, int track,
		      const char *reason, int64_t request_id, int64_t *out_id,
		      struct kverr *e);

/* participations.c: open a participation (D-8: ends after 104 weeks
 * unless ended sooner) and clear the jobseeker's choice deadline. */
struct participation_new {
	int64_t jobseeker_id, provider_id, area_id;
	int track;
	const char *how;            /* "choice" or "nonchoice" */
	const char *rule, *reason;  /* C-4: non-choice only, else NULL */
	date_t chosen_on, starts_on;
};
int participations_open(struct app_ctx *cx, const struct participation_new *n,
			int64_t *id, struct kverr *e);

/* C-2: before a new participation, cancel one that has not started and
 * give notice to the running one; *start is the day the new one starts
 * (the day after the notice ends, or the earliest start after `on`). */
int participations_make_room(struct app_ctx *cx, int64_t jobseeker_id,
			     date_t on, date_t *start, struct kverr *e);

/* D-8: the provider the authority ordered the jobseeker away from, which
 * they may not return to by choice or non-choice; with by_notice, also
 * the one they gave notice to leave (C-2), which non-choice must not hand
 * them back to.  0 for none, -1 on error. */
int64_t participations_excluded_provider(struct app_ctx *cx,
					 int64_t jobseeker_id, bool by_notice,
					 struct kverr *e);

/* C-2: give notice to the running participation id on `on` (participations.c). */
struct journey_notice;
int participations_give_notice(struct app_ctx *cx, int64_t id,
			       const struct journey_notice *n, date_t on,
			       struct kverr *e);

/* Cancel a participation that has not started: it never had a day of
 * responsibility (participations.c). */
int participations_cancel_pending(struct app_ctx *cx, int64_t id, date_t start,
				  const char *why, struct kverr *e);

/* An integer column of a loaded row (0 when missing). */
int64_t row_int(const json_t *row, const char *key);

/* Parse a date column of a loaded row ("" or null → JOURNEY_NEVER). */
date_t row_date(const json_t *row, const char *key);

/* Set field `key` of obj to the date d as "YYYY-MM-DD". */
void row_set_date(json_t *obj, const char *key, date_t d);

#endif
