/*
 * journey.h — the rules of a participant's journey as pure functions:
 * the track by unemployment duration, the earliest start after a
 * choice (C-1), the choice deadline (C-4), notice periods (C-2), the end
 * of responsibility after 104 weeks (D-8, C-3), yearly reassessment
 * (D-8), the planning-meeting deadline (U-4), individual meeting
 * compliance (D-3) and self-support from income (P-8).
 *
 * The parameters come from rules/journey.json, effective-dated (P-14): each
 * function reads the value in force on the date of the fact it decides.
 * No I/O, no clock: `today` is an argument.
 */
#ifndef JOURNEY_H
#define JOURNEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/effective.h"
#include "core/kverr.h"
#include "core/money.h"

struct journey_params {
	struct effective track2_from_months;     /* 6 */
	struct effective track3_over_months;     /* 12 */
	struct effective track4_over_months;     /* 18 */
	struct effective start_after_days;       /* C-1: earliest start after a choice */
	struct effective choice_deadline_days;   /* C-4: 14 */
	struct effective notice_first_days;      /* C-2: 14 */
	struct effective notice_after_days;      /* C-2: 31 */
	struct effective notice_boundary_months; /* C-2: the first half-year, 6 */
	struct effective max_weeks;              /* D-8, C-3: 104 */
	struct effective reassess_months;        /* D-8: every 12 months */
	struct effective meeting_minutes;        /* D-3: 60 per week */
	struct effective planning_meeting_days;  /* U-4: 14 */
	struct effective self_support_ore;       /* P-8: gross pay in a month */
};

/* Parse the "parameters" of rules/journey.json; file names it in errors. */
int journey_params_parse(const json_t *root, const char *file,
			 struct journey_params *out, struct kverr *e);

/*
 * the track by unemployment duration on `on`: 1 under 6 months, 2 from
 * 6 to 12 months, 3 over 12, 4 over 18 (months as calendar months from
 * `since`, end-of-month clamped).  -1 with e when `on` is before `since`.
 */
int journey_track_by_duration(const struct journey_params *p, date_t since,
			      date_t on, int *track, struct kverr *e);

/* C-1: the earliest day a participation chosen on `chosen_on` may start. */
date_t journey_earliest_start(const struct journey_params *p, date_t chosen_on);

/* C-4: the last day to choose when the choice opened on `opened_on`;
 * non-choice assigns on any later day. */
date_t journey_choice_due(const struct journey_params *p, date_t opened_on);

/* D-8, C-3: the last day of responsibility of a participation starting on
 * `start` when nothing ends it sooner (start + 104 weeks − 1 day). */
date_t journey_max_end(const struct journey_params *p, date_t start);

/*
 * C-2: notice given on `given_on` in a participation that started on
 * `start`: 14 calendar days while given_on is in the first half-year
 * (before start + 6 months), 31 after.  The notice runs from the day after
 * it is given, so the last day is given_on + days; the next provider takes
 * over the day after that.
 */
struct journey_notice {
	int days;
	date_t last_day;
	date_t next_start;
	bool first_half_year;
};
int journey_notice(const struct journey_params *p, date_t start,
		   date_t given_on, struct journey_notice *out, struct kverr *e);

/*
 * D-8, C-3: the reassessment that falls due in a participation
 * [start, end]: after each full year at the provider (start + 12 months,
 * + 24 …) and, when the participation ran its full 104 weeks, the day
 * after it ended.  *due_on is the latest such day on or before today; the
 * function returns true when it exists and no assessment was made on or
 * after it (last_assessed_on; JOURNEY_NEVER when there was none).
 */
#define JOURNEY_NEVER INT32_MIN
bool journey_reassessment_due(const struct journey_params *p, date_t start,
			      date_t end, bool ran_full_term,
			      date_t last_assessed_on, date_t today,
			      date_t *due_on);

/* U-4: the last day for the planning meeting of a participation. */
date_t journey_planning_due(const struct journey_params *p, date_t start);

/*
 * D-3: individual meeting compliance.  The weeks that count are those whose
 * Monday falls within the participation and within a month that has ended
 * by `through` (inclusive); a week complies when its reported minutes
 * reach the parameter in force on its Monday.  Weeks not reported count
 * as not compliant.  weeks[] are the reported Mondays with their minutes,
 * in any order.
 */
struct journey_week {
	date_t monday;
	int32_t minutes;
};
struct journey_compliance {
	int expected;     /* weeks that count */
	int reported;     /* of those, weeks with a report */
	int compliant;    /* of those, weeks with enough minutes */
	int permille;     /* compliant / expected × 1000, rounded; 1000 when none expected */
};
void journey_compliance(const struct journey_params *p, date_t start,
			date_t end, month_t through,
			const struct journey_week *weeks, int n,
			struct journey_compliance *out);

/* The Mondays of weeks counted in `month` for [start, end] (at most 5). */
int journey_month_mondays(date_t start, date_t end, month_t month,
			  date_t mondays[5]);

/* P-8: a month counts as verified self-supporting when the gross pay the
 * employers reported for it reaches the threshold in force that month. */
bool journey_self_supporting(const struct journey_params *p, month_t month,
			     ore_t gross);

#endif
