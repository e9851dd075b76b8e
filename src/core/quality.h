/*
 * quality.h — the rules of the authority's quality follow-up, as pure
 * functions: the parameters of rules/quality.json (effective-dated,
 * P-14), survey results and the accessibility threshold (D-4, R-2), the
 * review schedule (D-9), the warning's deadline (D-10), the bounds of an
 * order stop and a penalty (F-6), and the follow-up figures (U-1, U-2).
 * The supervisor and staffing rules (D-1, D-2) are in staffing.h.
 *
 * No I/O, no clock: the use cases in app/surveys.c, app/staff.c,
 * app/reviews.c, app/sanctions.c and app/followup.c gather the facts.
 */
#ifndef QUALITY_H
#define QUALITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/effective.h"
#include "core/kverr.h"

struct quality_params {
	struct effective qualified_min_credits;              /* D-1: 120 */
	struct effective qualified_work_months_with_credits; /* D-1: 24 */
	struct effective qualified_work_months_with_diploma; /* D-1: 60 */
	struct effective participants_per_qualified_fte;     /* D-2: 50 */
	struct effective good_accessibility_min_percent;     /* D-4: 60 */
	struct effective good_accessibility_min_answers;     /* D-4: 10 */
	struct effective review_first_after_months;          /* D-9: 6 */
	struct effective review_min_participants;            /* D-9: 25 */
	struct effective review_interval_months;             /* D-9: 24 */
	struct effective warning_deadline_days;              /* D-10: 60 */
	struct effective order_stop_max_days;                /* F-6: 180 */
	struct effective penalty_default_ore;                /* F-6 */
	struct effective penalty_max_ore;                    /* F-6 */
	struct effective followup_short_days;                /* U-1: 180 */
	struct effective followup_long_days;                 /* U-1: 365 */
};

/* Parse rules/quality.json; unknown or missing keys are errors naming the
 * file and the key. */
int quality_params_parse(const json_t *root, const char *file,
			 struct quality_params *out, struct kverr *e);

/* The value in force on `on` (the first value before the first date). */
int64_t quality_param(const struct effective *p, date_t on);

/* ------------------------------------------------------- surveys (D-4) */

/* The items of the survey (seed 003 §3.2.10: perceived quality,
 * accessibility, responsiveness to needs, scope of the service, matching
 * between participant and job), each scored 1 … 5. */
enum quality_item {
	QUALITY_ITEM_QUALITY = 0,
	QUALITY_ITEM_ACCESSIBILITY,
	QUALITY_ITEM_RESPONSIVENESS,
	QUALITY_ITEM_SCOPE,
	QUALITY_ITEM_MATCHING,
	QUALITY_ITEMS
};
extern const char *const quality_item_names[QUALITY_ITEMS + 1];

#define QUALITY_SCORE_MIN 1
#define QUALITY_SCORE_MAX 5

/* Who answered. */
enum quality_respondent {
	QUALITY_PARTICIPANT = 0,
	QUALITY_EMPLOYER,
	QUALITY_MUNICIPALITY,
	QUALITY_RESPONDENTS
};
extern const char *const quality_respondent_names[QUALITY_RESPONDENTS + 1];

/* Mean of n scores summing to sum, in hundredths rounded half up (4.125
 * gives 413); -1 when n is 0. */
int64_t quality_mean_centi(int64_t sum, int64_t n);

/* D-4: participants' answers on "good accessibility". */
struct quality_accessibility {
	int64_t answers, good;
	int64_t percent;      /* good / answers, rounded half up; -1 no answers */
	bool enough;          /* at least good_accessibility_min_answers */
	bool below;           /* enough answers, and under the threshold */
	int64_t threshold;    /* the percent in force */
};
void quality_accessibility(const struct quality_params *p, date_t on,
			   int64_t answers, int64_t good,
			   struct quality_accessibility *out);

/* -------------------------------------------------- reviews (D-9) */

/* A participation as the volume rules see it: running from … to,
 * inclusive. */
struct quality_span {
	date_t from, to;
};

/* The number of spans running on day d. */
int64_t quality_running_on(const struct quality_span *s, int n, date_t d);

/* The first day on or after `from` (and not after `until`) on which at
 * least k spans run; -1 when there is none. */
int quality_first_day_with(const struct quality_span *s, int n, date_t from,
			   date_t until, int64_t k, date_t *out);

/*
 * D-9: when the next quality review of a provider in an area falls due.
 * The first no earlier than review_first_after_months after admission
 * and only from the first day the provider has review_min_participants
 * running; later ones review_interval_months after the last review held.
 * last_review is 0 when none was held.  Returns 0 with *due, or 1 when no
 * review is due yet (the volume is not reached), with why filled.
 */
struct quality_review_due {
	date_t eligible_from;   /* admission + the first months */
	date_t volume_on;       /* first day with the volume, or 0 */
	date_t due;
	char why[200];
};
int quality_review_schedule(const struct quality_params *p, date_t admitted_on,
			    const struct quality_span *s, int n, date_t today,
			    date_t last_review, struct quality_review_due *out);

/* ------------------------------------------------ sanctions (D-10, F-6) */

/* D-10: the deadline of a warning decided on `on`: the given one (0 for
 * none: the parameter's days) must lie after the decision. */
int quality_warning_deadline(const struct quality_params *p, date_t on,
			     date_t given, date_t *deadline, struct kverr *e);

/* F-6: an order stop from … until (inclusive) is temporary: until on or
 * after from, and at most order_stop_max_days long. */
int quality_order_stop_check(const struct quality_params *p, date_t from,
			     date_t until, struct kverr *e);

/* F-6: the penalty's amount: the given one (-1 for none: the default),
 * 1 öre … penalty_max_ore. */
int quality_penalty_amount(const struct quality_params *p, date_t on,
			   int64_t given, int64_t *amount, struct kverr *e);

/* ------------------------------------------------ follow-up (U-1, U-2) */

/* One participation as the follow-up sees it. */
struct quality_followed {
	date_t start;
	date_t end;           /* the last day of responsibility as now known */
	date_t result_on;     /* first day of the first approved outcome, 0 none */
};

struct quality_followup {
	int64_t participants;
	int64_t results;                   /* an approved outcome by today */
	int64_t short_followed, short_results;   /* U-1: short term */
	int64_t long_followed, long_results;     /* U-1: long term */
	int64_t flow_n, flow_days;         /* U-2: start to result or end */
};

/* Add one participation: results count once the day has come; the short
 * (long) term is followed once followup_short_days (long) have passed
 * since the start, and counts a result within them.  The flow time is
 * from the start to the first result or, without one, to the day after
 * the end, for participations that got one or whose end has passed.  *flow gets
 * the days (-1 when not yet known), for a median. */
void quality_followup_add(const struct quality_params *p, date_t today,
			  const struct quality_followed *f,
			  struct quality_followup *sum, int64_t *flow);

/* A share in percent, rounded half up; -1 when the denominator is 0. */
int64_t quality_percent(int64_t part, int64_t whole);

/* The median of n values (sorted in place), rounded half up; -1 when n
 * is 0. */
int64_t quality_median(int64_t *v, int n);

#endif
