/*
 * engine_cohort.c — a tendered training's job-rate adjustment (P-13, BAUB,
 * seed 003 §5.2.1): the provider is paid a base price; when the cohort's
 * job rate is measured after the course, a rate above the target earns a
 * bonus and a rate below it a smaller deduction, both as a percentage of
 * the base paid for the participant per percentage point, capped.
 */
#include "core/engine_impl.h"

#include <stdio.h>
#include <string.h>

static ore_t base_paid(const struct engine_result *out)
{
	ore_t sum = 0;

	for (int i = 0; i < out->n; i++)
		if (out->lines[i].component == COMP_BASE)
			sum += out->lines[i].amount;
	return sum;
}

/* The adjustment in basis points of the base: positive a bonus. */
static int64_t adjustment_bp(const struct rulebook *rb, date_t on, int32_t rate)
{
	int64_t target = rb_value_or_zero(&rb->cohort_target_bp, on, 0);
	int64_t cap = rb_value_or_zero(&rb->cohort_max_percent, on, 0) * 100;
	int64_t per = rate >= target
		? rb_value_or_zero(&rb->cohort_bonus_per_point, on, 0)
		: rb_value_or_zero(&rb->cohort_deduction_per_point, on, 0);
	/* (rate - target) is in basis points: 100 bp is one percentage
	 * point, worth `per` percent = per × 100 bp of the base. */
	int64_t bp = (rate - target) * per;

	if (bp > cap)
		bp = cap;
	if (bp < -cap)
		bp = -cap;
	return bp;
}

int engine_compute_cohort(const struct rulebook *rb, const struct engine_case *c,
			  month_t through, struct engine_result *out,
			  struct kverr *e)
{
	int64_t after, bp;
	month_t due;
	ore_t amount;
	struct engine_line *l;

	if (!rb->has_cohort || !c->end || !c->context.cohort_measured)
		return 0;
	after = rb_value_or_zero(&rb->cohort_after_months, c->start, 0);
	due = date_month(c->end) + (month_t)after;
	if (due > through)
		return 0;
	bp = adjustment_bp(rb, c->start, c->context.cohort_job_rate_bp);
	amount = money_mul_ratio(base_paid(out), bp, 10000);
	/* A deduction is money back from the provider: a clawback line. */
	l = engine_add_line(out, date_month(c->end), due,
			    amount >= 0 ? COMP_BONUS : COMP_CLAWBACK, amount, "P-13");
	if (!l)
		return engine_too_many(e);
	snprintf(l->key, sizeof(l->key), "cohort:%s", c->participation_id);
	engine_explain(l, "cohort job rate %d.%02d %% against a target of %lld.%02lld %%:"
		       " %s%lld.%02lld %% of the base ", c->context.cohort_job_rate_bp / 100,
		       c->context.cohort_job_rate_bp % 100,
		       (long long)(rb_value_or_zero(&rb->cohort_target_bp, c->start, 0) / 100),
		       (long long)(rb_value_or_zero(&rb->cohort_target_bp, c->start, 0) % 100),
		       bp < 0 ? "-" : "+", (long long)((bp < 0 ? -bp : bp) / 100),
		       (long long)((bp < 0 ? -bp : bp) % 100));
	engine_explain_money(l, "", base_paid(out));
	return 0;
}
