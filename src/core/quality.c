/*
 * quality.c — survey results, the review schedule, the bounds of the
 * sanctions and the follow-up figures (see quality.h).  Pure: facts in,
 * verdicts out.
 */
#include "core/quality.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY(name, lo, hi) { #name, offsetof(struct quality_params, name), lo, hi }

static const struct effective_key param_keys[] = {
	KEY(qualified_min_credits, 0, 1000),
	KEY(qualified_work_months_with_credits, 0, 600),
	KEY(qualified_work_months_with_diploma, 0, 600),
	KEY(participants_per_qualified_fte, 1, 1000),
	KEY(good_accessibility_min_percent, 0, 100),
	KEY(good_accessibility_min_answers, 1, 100000),
	KEY(review_first_after_months, 0, 120),
	KEY(review_min_participants, 0, 100000),
	KEY(review_interval_months, 1, 120),
	KEY(warning_deadline_days, 1, 730),
	KEY(order_stop_max_days, 1, 730),
	KEY(penalty_default_ore, 1, 100000000000LL),
	KEY(penalty_max_ore, 1, 100000000000LL),
	KEY(followup_short_days, 1, 3650),
	KEY(followup_long_days, 1, 3650),
};

const char *const quality_item_names[QUALITY_ITEMS + 1] = {
	"quality", "accessibility", "responsiveness", "scope", "matching", NULL
};

const char *const quality_respondent_names[QUALITY_RESPONDENTS + 1] = {
	"participant", "employer", "municipality", NULL
};

int quality_params_parse(const json_t *root, const char *file,
			 struct quality_params *out, struct kverr *e)
{
	memset(out, 0, sizeof(*out));
	return effective_file_parse(root, file, param_keys,
				    sizeof(param_keys) / sizeof(param_keys[0]),
				    out, e);
}

int64_t quality_param(const struct effective *p, date_t on)
{
	return effective_or_first(p, on);
}

/* ------------------------------------------------------------ surveys */

int64_t quality_mean_centi(int64_t sum, int64_t n)
{
	if (n <= 0)
		return -1;
	return (sum * 200 + n) / (2 * n);
}

int64_t quality_percent(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return -1;
	return (part * 200 + whole) / (2 * whole);
}

void quality_accessibility(const struct quality_params *p, date_t on,
			   int64_t answers, int64_t good,
			   struct quality_accessibility *out)
{
	memset(out, 0, sizeof(*out));
	out->answers = answers;
	out->good = good;
	out->percent = quality_percent(good, answers);
	out->threshold = quality_param(&p->good_accessibility_min_percent, on);
	out->enough = answers >= quality_param(&p->good_accessibility_min_answers,
					       on);
	/* D-4: exact, not on the rounded percent: 59.6 % is under 60 %. */
	out->below = out->enough && good * 100 < out->threshold * answers;
}

/* ------------------------------------------------------------ reviews */

int64_t quality_running_on(const struct quality_span *s, int n, date_t d)
{
	int64_t k = 0;

	for (int i = 0; i < n; i++)
		k += s[i].from <= d && d <= s[i].to;
	return k;
}

int quality_first_day_with(const struct quality_span *s, int n, date_t from,
			   date_t until, int64_t k, date_t *out)
{
	bool found = false;
	date_t best = 0;

	/* The count only rises on a start, so the first day is `from` or
	 * the start of a span. */
	if (k <= 0 || quality_running_on(s, n, from) >= k) {
		*out = from;
		return from <= until ? 0 : -1;
	}
	for (int i = 0; i < n; i++) {
		date_t c = s[i].from;

		if (c <= from || c > until || (found && c >= best))
			continue;
		if (quality_running_on(s, n, c) >= k) {
			best = c;
			found = true;
		}
	}
	if (!found)
		return -1;
	*out = best;
	return 0;
}

int quality_review_schedule(const struct quality_params *p, date_t admitted_on,
			    const struct quality_span *s, int n, date_t today,
			    date_t last_review, struct quality_review_due *out)
{
	int64_t months = quality_param(&p->review_first_after_months, admitted_on);
	int64_t k = quality_param(&p->review_min_participants, admitted_on);
	char day[DATE_STRLEN];

	memset(out, 0, sizeof(*out));
	out->eligible_from = date_add_months(admitted_on, (int32_t)months);
	if (last_review) {
		/* D-9: then every second year. */
		out->due = date_add_months(last_review, (int32_t)quality_param(
			&p->review_interval_months, last_review));
		date_format(last_review, day);
		snprintf(out->why, sizeof(out->why), "Every %lld months after the"
			 " last review (%s).", (long long)quality_param(
			 &p->review_interval_months, last_review), day);
		return 0;
	}
	if (quality_first_day_with(s, n, out->eligible_from, today, k,
				   &out->volume_on)) {
		out->volume_on = 0;
		snprintf(out->why, sizeof(out->why), "Not yet %lld participants at"
			 " the same time since %lld months after admission.",
			 (long long)k, (long long)months);
		return 1;
	}
	out->due = out->volume_on;
	snprintf(out->why, sizeof(out->why), "%lld months after admission and"
		 " with %lld participants.", (long long)months, (long long)k);
	return 0;
}

/* ---------------------------------------------------------- sanctions */

int quality_warning_deadline(const struct quality_params *p, date_t on,
			     date_t given, date_t *deadline, struct kverr *e)
{
	if (!given) {
		*deadline = date_add_days(on, (int32_t)quality_param(
			&p->warning_deadline_days, on));
		return 0;
	}
	/* D-10: the provider gets time to put the problems right. */
	if (given <= on)
		return kverr_set(e, KVERR_INVALID, "deadline_passed", "deadline",
				 "The deadline must come after the decision, so"
				 " the provider has time to put things right.");
	*deadline = given;
	return 0;
}

int quality_order_stop_check(const struct quality_params *p, date_t from,
			     date_t until, struct kverr *e)
{
	int64_t max = quality_param(&p->order_stop_max_days, from);

	if (until < from)
		return kverr_set(e, KVERR_INVALID, "ends_before_start", "until_on",
				 "An order stop cannot end before it begins.");
	/* F-6: a temporary stop; a longer one is a termination's business. */
	if ((int64_t)(until - from) + 1 > max)
		return kverr_set(e, KVERR_INVALID, "too_long", "until_on",
				 "An order stop lasts at most %lld days.",
				 (long long)max);
	return 0;
}

int quality_penalty_amount(const struct quality_params *p, date_t on,
			   int64_t given, int64_t *amount, struct kverr *e)
{
	int64_t max = quality_param(&p->penalty_max_ore, on);

	*amount = given < 0 ? quality_param(&p->penalty_default_ore, on) : given;
	if (*amount < 1 || *amount > max)
		return kverr_set(e, KVERR_INVALID, "bad_amount", "amount_ore",
				 "A penalty is 1 to %lld öre.", (long long)max);
	return 0;
}

/* ---------------------------------------------------------- follow-up */

void quality_followup_add(const struct quality_params *p, date_t today,
			  const struct quality_followed *f,
			  struct quality_followup *sum, int64_t *flow)
{
	int64_t short_days = quality_param(&p->followup_short_days, f->start);
	int64_t long_days = quality_param(&p->followup_long_days, f->start);
	bool result = f->result_on && f->result_on <= today;
	int64_t after = result ? (int64_t)(f->result_on - f->start) : -1;

	sum->participants++;
	sum->results += result;
	/* U-1: a term is followed once it has passed for this participant. */
	if ((int64_t)(today - f->start) >= short_days) {
		sum->short_followed++;
		sum->short_results += result && after < short_days;
	}
	if ((int64_t)(today - f->start) >= long_days) {
		sum->long_followed++;
		sum->long_results += result && after < long_days;
	}
	/* U-2: flow time to the result, or the time spent without one. */
	*flow = result ? after : f->end < today ?
		(int64_t)(f->end - f->start) + 1 : -1;
	if (*flow >= 0) {
		sum->flow_n++;
		sum->flow_days += *flow;
	}
}

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int64_t quality_median(int64_t *v, int n)
{
	if (n <= 0)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), cmp_int64);
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2] + 1) / 2;
}
