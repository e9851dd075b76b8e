/*
 * quality.h — the authority's quality follow-up as use cases: survey
 * answers and the published results beside the rating (D-4, R-2), the
 * providers' supervisors and the staffing check (D-1, D-2, D-3), quality
 * reviews with findings (D-9), the sanctions — warnings with a deadline,
 * temporary order stops and penalties (D-10, F-6, Q-7) — and the
 * follow-up figures (U-1, U-2).  Termination per area and the one-year
 * bar are app_admission_terminate and check_reapply.
 *
 * quality.c   shared: CSV text, codes to ids, the order-stop query
 * surveys.c   survey import and the published results
 * staff.c     supervisors (API and CSV) and the monthly staffing check
 * reviews.c   the review schedule, reviews and findings
 * sanctions.c warnings, order stops, penalties and their set-off
 * followup.c  results by group, utilisation and flow time
 *
 * The rules are pure functions in core/quality.c and core/staffing.c.
 */
#ifndef APP_QUALITY_H
#define APP_QUALITY_H

#include "app/app.h"

/* ------------------------------------------------------------ quality.c */

/* The "csv" field of an import as a copy the caller frees; CR is allowed
 * (files from Windows), NUL is not. */
int quality_csv_text(const json_t *in, char **text, struct kverr *e);

/* The delivery area of a programme code and area code; 1 when none. */
int quality_find_area(struct app_ctx *cx, const char *programme,
		      const char *area, int64_t *id, struct kverr *e);

/* The provider with this canonical organisation number; 1 when none. */
int quality_find_provider(struct app_ctx *cx, const char *orgnr, int64_t *id,
			  struct kverr *e);

/* 1 when the provider has been admitted in the area on or before `on`
 * (terminated or not; QUALITY_ANY_DAY: ever), 0 when never. */
#define QUALITY_ANY_DAY INT32_MAX
int quality_ever_admitted(struct app_ctx *cx, int64_t provider_id,
			  int64_t area_id, date_t on, struct kverr *e);

/*
 * F-6: is the provider under an order stop in the area on some day from
 * `first` to `last` (a choice: from the day it is made to the day the
 * participation starts)?  1 with *until (that stop's last day) when it
 * is, 0 when not, -1 on error.  The choice (participations.c) and the
 * non-choice (nonchoice_run.c) ask this before a provider gets a new
 * participant.
 */
int quality_order_stopped(struct app_ctx *cx, int64_t provider_id,
			  int64_t area_id, date_t first, date_t last,
			  date_t *until, struct kverr *e);

/* ------------------------------------------------------------ surveys.c */

int app_survey_import(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_quality_results(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);

/* -------------------------------------------------------------- staff.c */

int app_supervisor_register(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);
int app_supervisors_list(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_staff_import(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_staffing_check(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

/* Qualified FTE-days (percent × days) of a provider in an area (0: in
 * every area) from first to last: what the places of U-2's utilisation
 * rest on. */
int staff_fte_days(struct app_ctx *cx, int64_t provider_id, int64_t area_id,
		   date_t first, date_t last, int64_t *fte_percent_days,
		   struct kverr *e);

/* ------------------------------------------------------------ reviews.c */

int app_reviews_due(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_review_plan(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_reviews_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_review_get(struct app_ctx *cx, json_t *in, json_t **out,
		   struct kverr *e);
int app_finding_record(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
int app_review_hold(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);

/* ---------------------------------------------------------- sanctions.c */

int app_warning_issue(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_warning_follow_up(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_order_stop_issue(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_order_stop_lift(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);
int app_penalty_impose(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
/* The sanctions of a provider in every area (D-10: results in its other
 * areas count): warnings, order stops, penalties, terminations. */
int app_sanctions_list(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

/* For the public results: the compliance follow-up of a provider in
 * an area on `on`, as an object. */
json_t *sanctions_summary(struct app_ctx *cx, int64_t provider_id,
			  int64_t area_id, date_t from, date_t on,
			  struct kverr *e);

/*
 * F-6: set the provider's penalties decided by today and not yet booked
 * off against the payment in the payment voucher `voucher` of `period`
 * (called by payrun_approve.c): per penalty an 'offset' posting that
 * debits the payable and credits the penalty account, with idempotency
 * key "vite/<id>".  *payable (the provider's payable balance, negative
 * when owed) takes the amounts set off.
 */
int sanctions_set_off(struct app_ctx *cx, int64_t voucher, int64_t provider_id,
		      const char *period, int64_t *payable, struct kverr *e);

/* ----------------------------------------------------------- followup.c */

int app_followup_report(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);

#endif
