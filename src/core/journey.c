/*
 * journey.c — tracks, notice, term ends, reassessment and meeting
 * compliance (see journey.h).  Every parameter is read on the date of the
 * fact it decides (P-14).
 */
#include "core/journey.h"

#include <string.h>

static const struct effective_key param_keys[] = {
	{ "track2_from_months", offsetof(struct journey_params, track2_from_months), 1, 120 },
	{ "track3_over_months", offsetof(struct journey_params, track3_over_months), 1, 120 },
	{ "track4_over_months", offsetof(struct journey_params, track4_over_months), 1, 120 },
	{ "start_after_days", offsetof(struct journey_params, start_after_days), 0, 90 },
	{ "choice_deadline_days", offsetof(struct journey_params, choice_deadline_days), 1, 180 },
	{ "notice_first_days", offsetof(struct journey_params, notice_first_days), 0, 180 },
	{ "notice_after_days", offsetof(struct journey_params, notice_after_days), 0, 180 },
	{ "notice_boundary_months", offsetof(struct journey_params, notice_boundary_months), 1, 60 },
	{ "max_weeks", offsetof(struct journey_params, max_weeks), 1, 520 },
	{ "reassess_months", offsetof(struct journey_params, reassess_months), 1, 60 },
	{ "meeting_minutes", offsetof(struct journey_params, meeting_minutes), 0, 10080 },
	{ "planning_meeting_days", offsetof(struct journey_params, planning_meeting_days), 1, 180 },
	{ "self_support_ore", offsetof(struct journey_params, self_support_ore), 0, 100000000 },
};

int journey_params_parse(const json_t *root, const char *file,
			 struct journey_params *out, struct kverr *e)
{
	memset(out, 0, sizeof(*out));
	return effective_file_parse(root, file, param_keys,
				    sizeof(param_keys) / sizeof(param_keys[0]),
				    out, e);
}

static int32_t param(const struct effective *p, date_t on)
{
	return (int32_t)effective_or_first(p, on);
}

int journey_track_by_duration(const struct journey_params *p, date_t since,
			      date_t on, int *track, struct kverr *e)
{
	if (on < since)
		return kverr_set(e, KVERR_INVALID, "before_unemployment",
				 "assessed_on", "An assessment cannot be made"
				 " before the unemployment began.");
	/* under 6 months → 1; 6 to 12 → 2; over 12 → 3; over 18 → 4.
	 * "Over N months" means later than the day N months after. */
	if (on > date_add_months(since, param(&p->track4_over_months, on)))
		*track = 4;
	else if (on > date_add_months(since, param(&p->track3_over_months, on)))
		*track = 3;
	else if (on >= date_add_months(since, param(&p->track2_from_months, on)))
		*track = 2;
	else
		*track = 1;
	return 0;
}

date_t journey_earliest_start(const struct journey_params *p, date_t chosen_on)
{
	return date_add_days(chosen_on, param(&p->start_after_days, chosen_on));
}

date_t journey_choice_due(const struct journey_params *p, date_t opened_on)
{
	/* C-4: N days to choose; non-choice from the day after. */
	return date_add_days(opened_on, param(&p->choice_deadline_days, opened_on));
}

date_t journey_max_end(const struct journey_params *p, date_t start)
{
	/* D-8: responsibility lasts up to 104 weeks. */
	return date_add_days(start, 7 * param(&p->max_weeks, start) - 1);
}

int journey_notice(const struct journey_params *p, date_t start,
		   date_t given_on, struct journey_notice *out, struct kverr *e)
{
	date_t boundary;

	if (given_on < start)
		return kverr_set(e, KVERR_INVALID, "before_start", "given_on",
				 "Notice cannot be given before the participation"
				 " has started.");
	/* C-2: 14 days in the first half-year at the provider, 31 after. */
	boundary = date_add_months(start, param(&p->notice_boundary_months, given_on));
	out->first_half_year = given_on < boundary;
	out->days = out->first_half_year ? param(&p->notice_first_days, given_on)
					 : param(&p->notice_after_days, given_on);
	out->last_day = date_add_days(given_on, out->days);
	out->next_start = date_add_days(out->last_day, 1);
	return 0;
}

bool journey_reassessment_due(const struct journey_params *p, date_t start,
			      date_t end, bool ran_full_term,
			      date_t last_assessed_on, date_t today,
			      date_t *due_on)
{
	int32_t every = param(&p->reassess_months, start);
	date_t latest = JOURNEY_NEVER;
	date_t limit = end < today ? end : today;

	/* D-8: after each year at the provider, while still there. */
	for (int32_t k = every; k <= 12 * 20; k += every) {
		date_t d = date_add_months(start, k);

		if (d > limit)
			break;
		latest = d;
	}
	/* C-3: after the full 104 weeks, a new assessment. */
	if (ran_full_term && end < today && date_add_days(end, 1) <= today)
		latest = date_add_days(end, 1);
	if (latest == JOURNEY_NEVER)
		return false;
	*due_on = latest;
	return last_assessed_on < latest;
}

date_t journey_planning_due(const struct journey_params *p, date_t start)
{
	/* U-4: the planning meeting within 14 days of the start. */
	return date_add_days(start, param(&p->planning_meeting_days, start));
}

int journey_month_mondays(date_t start, date_t end, month_t month,
			  date_t mondays[5])
{
	date_t first = month_first_day(month), last = month_last_day(month);
	date_t d = date_add_days(first, (8 - date_weekday(first)) % 7);
	int n = 0;

	for (; d <= last; d = date_add_days(d, 7))
		if (d >= start && d <= end)
			mondays[n++] = d;
	return n;
}

void journey_compliance(const struct journey_params *p, date_t start,
			date_t end, month_t through,
			const struct journey_week *weeks, int n,
			struct journey_compliance *out)
{
	date_t last = month_last_day(through);

	memset(out, 0, sizeof(*out));
	if (last > end)
		last = end;
	/* D-3: count each week whose Monday is in [start, last]. */
	for (date_t d = date_add_days(start, (8 - date_weekday(start)) % 7);
	     d <= last; d = date_add_days(d, 7)) {
		out->expected++;
		for (int i = 0; i < n; i++) {
			if (weeks[i].monday != d)
				continue;
			out->reported++;
			if (weeks[i].minutes >= param(&p->meeting_minutes, d))
				out->compliant++;
			break;
		}
	}
	out->permille = out->expected == 0 ? 1000 :
		(out->compliant * 1000 + out->expected / 2) / out->expected;
}

bool journey_self_supporting(const struct journey_params *p, month_t month,
			     ore_t gross)
{
	/* P-8: the automatic verification Riksrevisionen recommended. */
	return gross >= effective_or_first(&p->self_support_ore,
					   month_first_day(month));
}
