/*
 * staffing.c — qualified supervisors (D-1) and staffing per 50
 * participants (D-2); see staffing.h.
 */
#include "core/staffing.h"

#include <stdio.h>
#include <string.h>

void staffing_qualified(const struct quality_params *p, date_t on,
			const struct staffing_person *s,
			struct staffing_verdict *v)
{
	int64_t credits = quality_param(&p->qualified_min_credits, on);
	int64_t with_credits = quality_param(&p->qualified_work_months_with_credits, on);
	int64_t with_diploma = quality_param(&p->qualified_work_months_with_diploma, on);

	/* D-1: two routes; either suffices. */
	if (s->credits >= credits && s->work_months >= with_credits) {
		v->qualified = true;
		snprintf(v->reason, sizeof(v->reason), "At least %lld credits and"
			 " %lld months of relevant work.", (long long)credits,
			 (long long)with_credits);
	} else if (s->upper_secondary && s->work_months >= with_diploma) {
		v->qualified = true;
		snprintf(v->reason, sizeof(v->reason), "An upper-secondary diploma"
			 " and at least %lld months of relevant work.",
			 (long long)with_diploma);
	} else {
		v->qualified = false;
		snprintf(v->reason, sizeof(v->reason), "Needs %lld credits and %lld"
			 " months of relevant work, or an upper-secondary diploma"
			 " and %lld months.", (long long)credits,
			 (long long)with_credits, (long long)with_diploma);
	}
}

int64_t staffing_required_percent(const struct quality_params *p, date_t on,
				  int64_t participants)
{
	int64_t per = quality_param(&p->participants_per_qualified_fte, on);

	/* D-2 is proportional: 60 participants need 1.2 FTE, i.e. 120 %. */
	return (participants * 100 + per - 1) / per;
}

static int64_t fte_on(const struct staffing_post *posts, int n, date_t d)
{
	int64_t sum = 0;

	for (int i = 0; i < n; i++)
		if (posts[i].from <= d && d <= posts[i].to)
			sum += posts[i].fte_percent;
	return sum;
}

void staffing_check(const struct quality_params *p, date_t first, date_t last,
		    const struct quality_span *spans, int n_spans,
		    const struct staffing_post *posts, int n_posts,
		    struct staffing_month *out)
{
	int64_t worst = INT64_MIN;

	memset(out, 0, sizeof(*out));
	out->ok = true;
	for (date_t d = first; d <= last; d++) {
		int64_t n = quality_running_on(spans, n_spans, d);
		int64_t fte = fte_on(posts, n_posts, d);
		int64_t per = quality_param(&p->participants_per_qualified_fte, d);
		/* How far under (positive) or over the requirement, in
		 * participants × 100, exact. */
		int64_t gap = n * 100 - fte * per;

		out->days_checked++;
		if (n > out->peak_participants)
			out->peak_participants = n;
		if (gap > 0) {
			out->breach_days++;
			out->ok = false;
		}
		if (gap > worst) {
			worst = gap;
			out->worst_day = d;
			out->participants = n;
			out->fte_percent = fte;
		}
	}
	out->required_percent = staffing_required_percent(p, out->worst_day,
							  out->participants);
}
