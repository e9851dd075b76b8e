/*
 * routes.c — the route table and path matching (see routes.h).
 */
#include "http/routes.h"
#include "app/applications.h"
#include "app/auth.h"
#include "app/journey.h"
#include "app/market.h"
#include "app/payrun.h"
#include "app/profiling.h"
#include "app/providers.h"
#include "app/rating.h"
#include "app/quality.h"
#include "app/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUTH  ROLE_AUTHORITY
#define STAFF ROLE_PROVIDER_STAFF
#define OFFICER ROLE_CASE_OFFICER
#define SEEKER ROLE_JOBSEEKER

const struct route routes_table[] = {
	{ "GET", "/", 0, NULL, false, 200, NULL, ROUTE_INDEX },
	{ "GET", "/healthz", 0, NULL, false, 200, NULL, ROUTE_HEALTH },

	/* Signing in and accounts */
	{ "POST", "/api/v1/session", 0, app_session_create, true, 201, NULL,
	  ROUTE_SESSION_CREATE },
	{ "DELETE", "/api/v1/session", ROLE_ANY_USER, app_session_delete, true,
	  200, NULL, ROUTE_SESSION_DELETE },
	{ "GET", "/api/v1/me", ROLE_ANY_USER, app_me, false, 200, NULL, 0 },
	{ "POST", "/api/v1/users", ROLE_ADMIN, app_user_add, true, 201, NULL, 0 },
	{ "POST", "/api/v1/tokens", ROLE_ANY_USER, app_token_create, true, 201,
	  NULL, 0 },
	{ "GET", "/api/v1/tokens", ROLE_ANY_USER, app_tokens_list, false, 200,
	  NULL, 0 },
	{ "DELETE", "/api/v1/tokens/{token_id}", ROLE_ANY_USER, app_token_revoke,
	  true, 200, NULL, 0 },

	/* The market's frame */
	{ "GET", "/api/v1/municipalities", 0, app_municipalities_list, false,
	  200, NULL, 0 },
	{ "GET", "/api/v1/municipalities/{municipality}/providers", 0,
	  app_public_providers, false, 200, "programme_id:i", 0 },
	{ "GET", "/api/v1/programmes", 0, app_programmes_list, false, 200, NULL, 0 },
	{ "POST", "/api/v1/programmes", ROLE_ADMIN, app_programme_create, true,
	  201, NULL, 0 },
	{ "GET", "/api/v1/programmes/{programme_id}", 0, app_programme_get,
	  false, 200, NULL, 0 },
	{ "POST", "/api/v1/programmes/{programme_id}/areas", ROLE_ADMIN,
	  app_area_create, true, 201, NULL, 0 },

	/* Providers */
	{ "POST", "/api/v1/providers", 0, app_provider_register, true, 201,
	  NULL, 0 },
	{ "GET", "/api/v1/providers", AUTH, app_providers_list, false, 200,
	  NULL, 0 },
	{ "GET", "/api/v1/providers/{provider_id}", AUTH | STAFF,
	  app_provider_get, false, 200, NULL, 0 },
	{ "PUT", "/api/v1/providers/{provider_id}/profile", STAFF | ROLE_ADMIN,
	  app_provider_profile_set, true, 200, NULL, 0 },
	{ "POST", "/api/v1/providers/{provider_id}/subcontractors",
	  STAFF | ROLE_ADMIN, app_subcontractor_add, true, 201, NULL, 0 },

	/* Applications, checks and decisions (Q-1 … Q-7) */
	{ "POST", "/api/v1/applications", STAFF, app_application_submit, true,
	  201, NULL, 0 },
	{ "GET", "/api/v1/applications", AUTH | STAFF, app_applications_list,
	  false, 200, "status:s provider_id:i", 0 },
	{ "GET", "/api/v1/applications/{application_id}", AUTH | STAFF,
	  app_application_get, false, 200, NULL, 0 },
	{ "POST", "/api/v1/applications/{application_id}/checks", OFFICER,
	  app_check_record, true, 201, NULL, 0 },
	{ "POST", "/api/v1/applications/{application_id}/incomplete", OFFICER,
	  app_application_incomplete, true, 200, NULL, 0 },
	{ "POST", "/api/v1/applications/{application_id}/completion", STAFF,
	  app_application_complete, true, 200, NULL, 0 },
	{ "POST", "/api/v1/applications/{application_id}/decisions", OFFICER,
	  app_decision_make, true, 201, NULL, 0 },
	{ "GET", "/api/v1/admissions", AUTH | STAFF, app_admissions_list, false,
	  200, "provider_id:i area_id:i active:b", 0 },
	{ "POST", "/api/v1/admissions/{admission_id}/termination", OFFICER,
	  app_admission_terminate, true, 200, NULL, 0 },

	/* Jobseekers and assessments */
	{ "POST", "/api/v1/jobseekers", OFFICER, app_jobseeker_register, true,
	  201, NULL, 0 },
	{ "GET", "/api/v1/jobseekers", AUTH, app_jobseekers_list, false, 200,
	  "programme_id:i municipality:s awaiting_choice:b", 0 },
	{ "POST", "/api/v1/jobseekers/lookup", AUTH, app_jobseeker_lookup, false,
	  200, NULL, 0 },
	{ "GET", "/api/v1/jobseekers/{jobseeker_id}", AUTH | SEEKER,
	  app_jobseeker_get, false, 200, NULL, 0 },
	{ "POST", "/api/v1/jobseekers/{jobseeker_id}/exemption", OFFICER,
	  app_jobseeker_exemption, true, 200, NULL, 0 },
	{ "POST", "/api/v1/jobseekers/{jobseeker_id}/assessments", OFFICER,
	  app_assessment_make, true, 201, NULL, 0 },
	{ "GET", "/api/v1/jobseekers/{jobseeker_id}/assessments", AUTH | SEEKER,
	  app_assessments_list, false, 200, NULL, 0 },

	/* Choice, non-choice, notice and ends (C-1 … C-4, D-7, D-8) */
	{ "GET", "/api/v1/jobseekers/{jobseeker_id}/choices", OFFICER | SEEKER,
	  app_choices_list, false, 200, NULL, 0 },
	{ "POST", "/api/v1/jobseekers/{jobseeker_id}/choice", OFFICER | SEEKER,
	  app_choice_make, true, 201, NULL, 0 },
	{ "POST", "/api/v1/nonchoice/runs", OFFICER | ROLE_ADMIN,
	  app_nonchoice_run, true, 200, NULL, 0 },
	{ "GET", "/api/v1/participations", AUTH | STAFF, app_participations_list,
	  false, 200, "provider_id:i jobseeker_id:i active_on:s how:s", 0 },
	{ "GET", "/api/v1/participations/{participation_id}",
	  AUTH | STAFF | SEEKER, app_participation_get, false, 200, NULL, 0 },
	{ "POST", "/api/v1/participations/{participation_id}/notice",
	  OFFICER | SEEKER, app_notice_give, true, 200, NULL, 0 },
	{ "POST", "/api/v1/participations/{participation_id}/end", OFFICER,
	  app_participation_end, true, 200, NULL, 0 },

	/* The provider's work (D-3, D-5, D-6, D-11, U-4) */
	{ "POST", "/api/v1/participations/{participation_id}/planning-meeting",
	  STAFF, app_planning_meeting, true, 200, NULL, 0 },
	{ "PUT", "/api/v1/participations/{participation_id}/supervisor", STAFF,
	  app_supervisor_set, true, 200, NULL, 0 },
	{ "GET", "/api/v1/planning-meetings/overdue", AUTH | STAFF,
	  app_planning_overdue, false, 200, "date:s provider_id:i", 0 },
	{ "POST", "/api/v1/participations/{participation_id}/action-plans", STAFF,
	  app_action_plan_write, true, 201, NULL, 0 },
	{ "GET", "/api/v1/participations/{participation_id}/action-plans",
	  AUTH | STAFF | SEEKER, app_action_plans_list, false, 200, NULL, 0 },
	{ "POST", "/api/v1/participations/{participation_id}/reports", STAFF,
	  app_report_file, true, 201, NULL, 0 },
	{ "GET", "/api/v1/participations/{participation_id}/reports",
	  AUTH | STAFF | SEEKER, app_reports_list, false, 200, NULL, 0 },
	{ "GET", "/api/v1/participations/{participation_id}/compliance",
	  AUTH | STAFF | SEEKER, app_compliance_participation, false, 200, NULL, 0 },
	{ "GET", "/api/v1/providers/{provider_id}/compliance", AUTH | STAFF,
	  app_compliance_provider, false, 200, NULL, 0 },
	{ "POST", "/api/v1/participations/{participation_id}/deviations", STAFF,
	  app_deviation_report, true, 201, NULL, 0 },
	{ "GET", "/api/v1/deviations", AUTH | STAFF, app_deviations_list, false,
	  200, "status:s provider_id:i", 0 },
	{ "POST", "/api/v1/deviations/{deviation_id}/decision", OFFICER,
	  app_deviation_decide, true, 200, NULL, 0 },
	{ "POST", "/api/v1/participations/{participation_id}/attendance", STAFF,
	  app_attendance_record, true, 201, NULL, 0 },
	{ "GET", "/api/v1/participations/{participation_id}/attendance",
	  AUTH | STAFF | SEEKER, app_attendance_list, false, 200, "month:s", 0 },

	/* Reassessment (A-3, D-8, C-3) */
	{ "POST",
	  "/api/v1/participations/{participation_id}/reassessment-requests",
	  STAFF, app_reassessment_request, true, 201, NULL, 0 },
	{ "GET", "/api/v1/reassessment-requests", AUTH | STAFF,
	  app_reassessment_requests_list, false, 200, "status:s", 0 },
	{ "POST", "/api/v1/reassessment-requests/{request_id}/decision", OFFICER,
	  app_reassessment_decide, true, 200, NULL, 0 },
	{ "GET", "/api/v1/reassessments/due", AUTH, app_reassessments_due, false,
	  200, "date:s", 0 },

	/* Outcomes, evidence and income (P-6, P-7, P-8) */
	{ "POST", "/api/v1/participations/{participation_id}/outcomes", STAFF,
	  app_outcome_claim, true, 201, NULL, 0 },
	{ "GET", "/api/v1/outcomes", AUTH | STAFF, app_outcomes_list, false, 200,
	  "status:s provider_id:i participation_id:i", 0 },
	{ "GET", "/api/v1/outcomes/{outcome_id}", AUTH | STAFF | SEEKER,
	  app_outcome_get, false, 200, NULL, 0 },
	{ "POST", "/api/v1/outcomes/{outcome_id}/evidence", STAFF,
	  app_evidence_upload, true, 201, NULL, 0 },
	{ "GET", "/api/v1/evidence/{evidence_id}", AUTH | STAFF,
	  app_evidence_get, false, 200, NULL, 0 },
	{ "POST", "/api/v1/outcomes/{outcome_id}/months", STAFF,
	  app_outcome_month_confirm, true, 201, NULL, 0 },
	{ "POST", "/api/v1/outcomes/{outcome_id}/review", OFFICER,
	  app_outcome_review, true, 200, NULL, 0 },
	{ "POST", "/api/v1/income-records", AUTH, app_income_import, true, 200,
	  NULL, 0 },

	/* The payment run and the ledger (P-1, P-2, P-4, P-8, P-14, Q-7) */
	{ "POST", "/api/v1/payruns", ROLE_CONTROLLER, app_payrun_prepare, true,
	  200, NULL, 0 },
	{ "GET", "/api/v1/payruns", AUTH, app_payruns_list, false, 200, NULL, 0 },
	{ "GET", "/api/v1/payruns/{payrun_id}", AUTH, app_payrun_get, false, 200,
	  NULL, 0 },
	{ "POST", "/api/v1/payruns/{payrun_id}/approval", ROLE_CONTROLLER,
	  app_payrun_approve, true, 200, NULL, 0 },
	{ "GET", "/api/v1/payruns/{payrun_id}/figures", AUTH, app_payrun_figures,
	  false, 200, NULL, 0 },
	{ "GET", "/api/v1/payruns/{payrun_id}/statement", AUTH | STAFF,
	  app_payrun_statement, false, 200, "provider_id:i", 0 },
	{ "GET", "/api/v1/payruns/{payrun_id}/statement.csv", AUTH | STAFF,
	  app_payrun_statement_csv, false, 200, "provider_id:i", ROUTE_FILE },
	{ "GET", "/api/v1/payruns/{payrun_id}/sie", ROLE_ADMIN | ROLE_CONTROLLER,
	  app_payrun_export_sie, false, 200, NULL, ROUTE_FILE },
	{ "GET", "/api/v1/payruns/{payrun_id}/pain001",
	  ROLE_ADMIN | ROLE_CONTROLLER, app_payrun_export_pain, false, 200, NULL,
	  ROUTE_FILE },
	{ "GET", "/api/v1/ledger/verify", ROLE_ADMIN | ROLE_CONTROLLER,
	  app_ledger_verify, false, 200, NULL, 0 },
	{ "PUT", "/api/v1/providers/{provider_id}/payment-details",
	  ROLE_ADMIN | STAFF, app_provider_payment_set, true, 200, NULL, 0 },

	/* Profiling models and what they read */
	{ "POST", "/api/v1/models", ROLE_ADMIN, app_model_activate, true, 201,
	  NULL, 0 },
	{ "POST", "/api/v1/models/deactivation", ROLE_ADMIN,
	  app_model_deactivate, true, 200, NULL, 0 },
	{ "GET", "/api/v1/models", AUTH, app_models_list, false, 200, NULL, 0 },
	{ "POST", "/api/v1/local-unemployment", ROLE_ADMIN,
	  app_local_unemployment_set, true, 200, NULL, 0 },
	{ "GET", "/api/v1/assessment-overrides", AUTH, app_assessment_overrides,
	  false, 200, "from:s to:s", 0 },
	/* The rating: the public reads published rounds; the
	 * authority computes, publishes and runs the termination test.  The
	 * literal path comes before {round_id}, which would match it. */
	{ "GET", "/api/v1/ratings", 0, app_ratings_list, false, 200, NULL, 0 },
	{ "POST", "/api/v1/ratings", AUTH, app_rating_compute, true, 201, NULL, 0 },
	{ "GET", "/api/v1/ratings/termination-candidates", AUTH,
	  app_rating_candidates, false, 200, NULL, 0 },
	{ "GET", "/api/v1/ratings/{round_id}", 0, app_rating_get, false, 200,
	  "programme_id:i area_id:i provider_id:i", 0 },
	{ "POST", "/api/v1/ratings/{round_id}/publication", AUTH,
	  app_rating_publish, true, 200, NULL, 0 },
	/* Quality follow-up and sanctions (D-1 … D-4, D-9, D-10, F-6, Q-7,
	 * R-2, U-1, U-2); termination is the admissions' route above. */
	{ "POST", "/api/v1/surveys/import", AUTH, app_survey_import, true, 201,
	  NULL, 0 },
	{ "GET", "/api/v1/quality-results", 0, app_quality_results, false, 200,
	  "programme_id:i area_id:i provider_id:i from:s to:s", 0 },
	{ "POST", "/api/v1/providers/{provider_id}/supervisors",
	  STAFF | ROLE_ADMIN, app_supervisor_register, true, 201, NULL, 0 },
	{ "GET", "/api/v1/providers/{provider_id}/supervisors", AUTH | STAFF,
	  app_supervisors_list, false, 200, "active_on:s", 0 },
	{ "POST", "/api/v1/supervisors/import", AUTH | STAFF, app_staff_import,
	  true, 200, NULL, 0 },
	{ "GET", "/api/v1/staffing", AUTH | STAFF, app_staffing_check, false,
	  200, "month:s provider_id:i area_id:i", 0 },
	{ "GET", "/api/v1/reviews/due", AUTH, app_reviews_due, false, 200,
	  "date:s", 0 },
	{ "POST", "/api/v1/reviews", OFFICER, app_review_plan, true, 201, NULL, 0 },
	{ "GET", "/api/v1/reviews", AUTH | STAFF, app_reviews_list, false, 200,
	  "provider_id:i status:s", 0 },
	{ "GET", "/api/v1/reviews/{review_id}", AUTH | STAFF, app_review_get,
	  false, 200, NULL, 0 },
	{ "POST", "/api/v1/reviews/{review_id}/findings", OFFICER,
	  app_finding_record, true, 201, NULL, 0 },
	{ "POST", "/api/v1/reviews/{review_id}/completion", OFFICER,
	  app_review_hold, true, 200, NULL, 0 },
	{ "POST", "/api/v1/warnings", OFFICER, app_warning_issue, true, 201,
	  NULL, 0 },
	{ "POST", "/api/v1/warnings/{warning_id}/follow-up", OFFICER,
	  app_warning_follow_up, true, 200, NULL, 0 },
	{ "POST", "/api/v1/order-stops", OFFICER, app_order_stop_issue, true,
	  201, NULL, 0 },
	{ "POST", "/api/v1/order-stops/{order_stop_id}/lift", OFFICER,
	  app_order_stop_lift, true, 200, NULL, 0 },
	{ "POST", "/api/v1/penalties", OFFICER, app_penalty_impose, true, 201,
	  NULL, 0 },
	{ "GET", "/api/v1/providers/{provider_id}/sanctions", AUTH | STAFF,
	  app_sanctions_list, false, 200, NULL, 0 },
	{ "GET", "/api/v1/followup", AUTH, app_followup_report, false, 200,
	  "from:s to:s programme_id:i", 0 },

	/* Audit */
	{ "GET", "/api/v1/audit/verify", ROLE_ADMIN | ROLE_CONTROLLER,
	  app_audit_check, false, 200, NULL, 0 },
	{ NULL, NULL, 0, NULL, false, 0, NULL, 0 }
};

/* Compare one path segment against a pattern segment; a "{name}" segment
 * captures the value. */
static bool match_path(const char *pattern, const char *path, json_t *params)
{
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *pend = strchr(pattern, '}');
			const char *send = strchr(path, '/');
			size_t plen = (size_t)(pend - pattern - 1);
			size_t slen = send ? (size_t)(send - path) : strlen(path);
			char name[64], value[64];
			char *end;
			long long n;

			if (!pend || slen == 0 || slen >= sizeof(value) ||
			    plen >= sizeof(name))
				return false;
			memcpy(name, pattern + 1, plen);
			name[plen] = '\0';
			memcpy(value, path, slen);
			value[slen] = '\0';
			if (params) {
				n = strtoll(value, &end, 10);
				/* Ids are numbers; municipality codes keep
				 * their leading zero as text. */
				if (strcmp(name, "municipality") != 0 && *end == '\0' &&
				    value[0] != '0' && n > 0)
					json_object_set_new(params, name, json_integer(n));
				else
					json_object_set_new(params, name, json_string(value));
			}
			pattern = pend + 1;
			path += slen;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

const struct route *routes_match(const char *method, const char *path,
				 json_t *params, char allow[ROUTES_ALLOW_LEN])
{
	size_t used = 0;

	allow[0] = '\0';
	for (const struct route *r = routes_table; r->method; r++) {
		if (!match_path(r->pattern, path, NULL))
			continue;
		used += (size_t)snprintf(allow + used, ROUTES_ALLOW_LEN - used,
					 "%s%s", used ? ", " : "", r->method);
		if (used >= ROUTES_ALLOW_LEN)
			used = ROUTES_ALLOW_LEN - 1;
		if (strcmp(r->method, method) == 0) {
			json_object_clear(params);
			match_path(r->pattern, path, params);
			return r;
		}
	}
	return NULL;
}
