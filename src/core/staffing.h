/*
 * staffing.h — the supervisor rules of seed 003 §3.2.1 as pure functions:
 * who is a qualified supervisor (D-1), and whether a provider has at
 * least one full-time qualified supervisor per 50 participants in a
 * delivery area on every day of a month (D-2), part-timers adding up.
 * The parameters are in rules/quality.json (core/quality.h).
 */
#ifndef STAFFING_H
#define STAFFING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/quality.h"

/* What a provider registers about a supervisor. */
struct staffing_person {
	int64_t credits;            /* higher-education credits (högskolepoäng) */
	bool upper_secondary;       /* an upper-secondary diploma (gymnasieexamen) */
	int64_t work_months;        /* relevant work: placement, guidance, recruiting, HR */
};

struct staffing_verdict {
	bool qualified;
	char reason[200];
};

/* D-1: at least qualified_min_credits and
 * qualified_work_months_with_credits of relevant work, or an
 * upper-secondary diploma and qualified_work_months_with_diploma. */
void staffing_qualified(const struct quality_params *p, date_t on,
			const struct staffing_person *s,
			struct staffing_verdict *v);

/* A qualified supervisor's post: from … to inclusive, at fte_percent. */
struct staffing_post {
	date_t from, to;
	int64_t fte_percent;        /* 1 … 100 */
};

struct staffing_month {
	int64_t days_checked;
	int64_t breach_days;        /* days under the requirement */
	date_t worst_day;           /* the day furthest under it (or the peak) */
	int64_t participants;       /* on worst_day */
	int64_t fte_percent;        /* qualified FTE on worst_day, in percent */
	int64_t required_percent;   /* what worst_day's participants need */
	int64_t peak_participants;  /* the most on any day checked */
	bool ok;
};

/*
 * D-2: each day from `first` to `last` (a month, or the part of it that
 * has passed), participants × 100 ≤ qualified FTE percent × the
 * participants per FTE.  spans are the participations, posts the
 * qualified supervisors' posts in the same provider and area.
 */
void staffing_check(const struct quality_params *p, date_t first, date_t last,
		    const struct quality_span *spans, int n_spans,
		    const struct staffing_post *posts, int n_posts,
		    struct staffing_month *out);

/* D-2: the FTE (in percent) that n participants need, rounded up. */
int64_t staffing_required_percent(const struct quality_params *p, date_t on,
				  int64_t participants);

#endif
