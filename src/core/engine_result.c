/*
 * engine_result.c — the result payment and the municipal bonus.
 *
 * One result per participation, governed by the first approved outcome
 * that counts (P-6, P-7).  Its amount is fixed on the outcome's start date
 * (P-14) with the business-cycle factor (P-10), and paid in installments
 * over the self-supporting months (P-8) with cumulative rounding, so the
 * installments add up to the amount exactly.  The sparse-area supplement
 * (P-9) and the matching bonus (P-11) follow the same schedule.  The P-13
 * bonus is earned after N self-supporting months, or by being in work or
 * studies N months after leaving.
 */
#include "core/engine_impl.h"

#include <stdio.h>
#include <string.h>

/* The outcome that governs the result payment: the approved one that
 * counts (weight not none) with the earliest start (ties: listed first). */
static const struct engine_outcome *governing_outcome(const enum rb_weight *weight,
						      const struct engine_case *c)
{
	const struct engine_outcome *best = NULL;

	for (int i = 0; i < c->n_outcomes; i++) {
		const struct engine_outcome *o = &c->outcomes[i];

		/* P-8: paid on evidence; pending waits, rejected never pays. */
		if (o->evidence != EVIDENCE_APPROVED ||
		    weight[o->type] == RB_WEIGHT_NONE)
			continue;
		if (!best || o->start < best->start)
			best = o;
	}
	return best;
}

/* Self-supporting months of every approved, counting outcome from the
 * governing outcome's start month on, ascending and without repeats. */
static int qualifying_months(const enum rb_weight *weight,
			     const struct engine_case *c, month_t from,
			     month_t *months, int max)
{
	int n = 0;

	for (int i = 0; i < c->n_outcomes; i++) {
		const struct engine_outcome *o = &c->outcomes[i];

		if (o->evidence != EVIDENCE_APPROVED ||
		    weight[o->type] == RB_WEIGHT_NONE)
			continue;
		for (int k = 0; k < o->n_months; k++) {
			month_t m = o->months[k];
			int pos = n;

			if (m < from)
				continue;
			while (pos > 0 && months[pos - 1] > m)
				pos--;
			if ((pos > 0 && months[pos - 1] == m) || n >= max)
				continue;
			memmove(months + pos + 1, months + pos,
				(size_t)(n - pos) * sizeof(*months));
			months[pos] = m;
			n++;
		}
	}
	return n;
}

static int unemployment_in(const struct engine_context *x, month_t m,
			   int64_t *bp)
{
	for (int i = 0; i < x->n_unemployment; i++)
		if (x->unemployment_month[i] == m) {
			*bp = x->unemployment_bp[i];
			return 0;
		}
	return -1;
}

static bool is_sparse(const struct engine_case *c, date_t d)
{
	const char *code = NULL;

	for (int i = 0; i < c->n_residences && c->residences[i].from <= d; i++)
		code = c->residences[i].municipality;
	for (int i = 0; code && i < c->context.n_sparse; i++)
		if (strcmp(c->context.sparse[i], code) == 0)
			return true;
	return false;
}

static int shortage_tenths(const struct engine_case *c, const char *occ, date_t d)
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	for (int i = 0; occ[0] && i < c->context.n_shortage; i++)
		if (c->context.shortage[i].half_year == y * 2 + (m > 6) &&
		    strcmp(c->context.shortage[i].occupation, occ) == 0)
			return c->context.shortage[i].tenths;
	return -1;
}

/* The amounts one result is worth, fixed on the outcome's start (P-14). */
struct result_amounts {
	ore_t result, supplement, bonus;
	int track;
	char why[200];
};

static int cycle_factor(const struct rulebook *rb, const struct engine_case *c,
			date_t on, int64_t *factor, struct kverr *e)
{
	int64_t u, normal, slope, floor, ceiling;

	*factor = 10000;
	if (!rb->cycle_normal_bp.present)
		return 0;
	if (unemployment_in(&c->context, date_month(on), &u)) {
		char mb[MONTH_STRLEN];

		month_format(date_month(on), mb);
		return kverr_set(e, KVERR_INVALID, "missing_context",
				 "context.unemployment", "The business-cycle factor"
				 " (P-10) needs the unemployment rate for %s.", mb);
	}
	rb_value(&rb->cycle_normal_bp, on, 0, &normal);
	rb_value(&rb->cycle_slope_bp, on, 0, &slope);
	rb_value(&rb->cycle_floor_bp, on, 0, &floor);
	rb_value(&rb->cycle_ceiling_bp, on, 0, &ceiling);
	/* P-10: +slope per percentage point (100 bp) above normal, clamped. */
	*factor = 10000 + slope * (u - normal) / 100;
	if (*factor < floor)
		*factor = floor;
	if (*factor > ceiling)
		*factor = ceiling;
	return 0;
}

static int result_amounts(const struct rulebook *rb, const struct engine_case *c,
			  const struct engine_outcome *o, struct result_amounts *r,
			  struct kverr *e)
{
	int64_t base, pct, factor;
	int tenths;

	memset(r, 0, sizeof(*r));
	r->track = engine_track_on(c, o->start);
	if (r->track < 1 || r->track > rb->tracks)
		return kverr_set(e, KVERR_INVALID, "no_track", "tracks",
				 "No valid track when outcome %s began.", o->id);
	if (rb_value(&rb->result_ore, o->start, r->track, &base))
		return kverr_set(e, KVERR_INVALID, "no_rate", "result.ore",
				 "The rulebook has no result amount in force when"
				 " outcome %s began.", o->id);
	/* P-7: a reduced outcome earns reduced_percent of the amount. */
	if (rb->weight[o->type] == RB_WEIGHT_REDUCED)
		base = money_mul_ratio(base, rb_value_or_zero(&rb->reduced_percent,
							     o->start, 0), 100);
	if (cycle_factor(rb, c, o->start, &factor, e))
		return -1;
	r->result = money_mul_ratio(base, factor, 10000);
	snprintf(r->why, sizeof(r->why), "track %d, %s%s", r->track,
		 rb_outcome_names[o->type],
		 rb->weight[o->type] == RB_WEIGHT_REDUCED ? " (reduced, P-7)" : "");
	if (rb->cycle_normal_bp.present)
		snprintf(r->why + strlen(r->why), sizeof(r->why) - strlen(r->why),
			 ", business-cycle factor %lld.%04lld (P-10)",
			 (long long)(factor / 10000), (long long)(factor % 10000));
	/* P-9: residence in a sparse municipality when the outcome began. */
	pct = rb_value_or_zero(&rb->sparse_percent, o->start, 0);
	if (pct && is_sparse(c, o->start))
		r->supplement = money_mul_ratio(r->result, pct, 100);
	/* P-11: the occupation's shortage index above the threshold. */
	pct = rb_value_or_zero(&rb->shortage_percent, o->start, 0);
	tenths = shortage_tenths(c, o->occupation, o->start);
	if (pct && tenths > rb_value_or_zero(&rb->shortage_above_tenths, o->start, 0))
		r->bonus = money_mul_ratio(r->result, pct, 100);
	return 0;
}

/* The schedule of P-8, read on the outcome's start date. */
struct schedule {
	int64_t first_after, first_parts, then_parts, then_every, parts, gap,
		arrears;
};

static void read_schedule(const struct rulebook *rb, date_t on,
			  struct schedule *s)
{
	s->first_after = rb_value_or_zero(&rb->first_after_months, on, 0);
	s->first_parts = rb_value_or_zero(&rb->first_parts, on, 0);
	s->then_parts = rb_value_or_zero(&rb->then_parts, on, 0);
	s->then_every = rb_value_or_zero(&rb->then_every_months, on, 0);
	if (s->then_every < 1)
		s->then_every = 1;
	s->parts = rb_value_or_zero(&rb->parts, on, 0);
	s->gap = rb_value_or_zero(&rb->resume_gap_months, on, 0);
	s->arrears = rb_value_or_zero(&rb->result_arrears_months, on, 0);
}

/* Parts paid in total once `count` qualifying months have passed. */
static int64_t parts_after(const struct schedule *s, int count)
{
	int64_t p;

	if (count < s->first_after || count == 0)
		return 0;
	/* P-8: first_parts at first_after months, then then_parts every
	 * then_every months (Stockholm's split: one part at the start, one
	 * after a time in employment). */
	p = s->first_parts + (count - s->first_after) / s->then_every * s->then_parts;
	return p > s->parts ? s->parts : p;
}

/* "kind:oid:number" without printf: a bulk run writes millions of keys. */
static void put_key(char *key, size_t size, const char *kind, const char *oid,
		    int number)
{
	char digits[12];
	size_t n = 0, nd = 0;
	unsigned v = (unsigned)number;

	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && nd < sizeof(digits));
	for (const char *p = kind; *p && n + 1 < size; p++)
		key[n++] = *p;
	if (n + 1 < size)
		key[n++] = ':';
	for (const char *p = oid; *p && n + 1 < size; p++)
		key[n++] = *p;
	if (n + 1 < size)
		key[n++] = ':';
	while (nd && n + 1 < size)
		key[n++] = digits[--nd];
	key[n] = '\0';
}

/* One installment of one amount: the cumulative share up to `cum` parts
 * minus the share up to `prev`, so the installments add up exactly. */
static int add_installment(struct engine_result *out, enum engine_component comp,
			   const char *rule, const char *kind, const char *oid,
			   ore_t total, int64_t prev, int64_t cum,
			   const struct schedule *s, month_t m, int number,
			   int count, const char *why, struct kverr *e)
{
	ore_t amount = money_mul_ratio(total, cum, s->parts) -
		       money_mul_ratio(total, prev, s->parts);
	struct engine_line *l;

	if (total == 0)
		return 0;
	l = engine_add_line(out, m, m + (month_t)s->arrears, comp, amount, rule);
	if (!l)
		return engine_too_many(e);
	put_key(l->key, sizeof(l->key), kind, oid, number);
	if (l->explain[0] != TERSE_MARK) {
		engine_explain(l, "%lld/%lld of ", (long long)cum, (long long)s->parts);
		engine_explain_money(l, "", total);
		engine_explain(l, " after %d months self-supporting (P-8); %s",
			       count, why);
	}
	return 0;
}

int engine_compute_result(const struct rulebook *rb, const struct engine_case *c,
			  month_t through, struct engine_result *out,
			  struct kverr *e)
{
	const struct engine_outcome *o = governing_outcome(rb->weight, c);
	month_t months[ENGINE_MAX_OUTCOMES * ENGINE_MAX_MONTHS];
	struct result_amounts r;
	struct schedule s;
	int n, count = 0, number = 0;
	int64_t paid_parts = 0;

	if (!rb->has_result || !o)
		return 0;
	if (result_amounts(rb, c, o, &r, e))
		return -1;
	read_schedule(rb, o->start, &s);
	n = qualifying_months(rb->weight, c, date_month(o->start), months,
			      (int)(sizeof(months) / sizeof(months[0])));
	for (int i = 0; i < n && paid_parts < s.parts; i++) {
		int64_t cum;

		/* A break longer than the gap stops the count for good. */
		if (i > 0 && months[i] - months[i - 1] - 1 > s.gap)
			break;
		count++;
		cum = parts_after(&s, count);
		if (cum <= paid_parts)
			continue;
		if (months[i] + s.arrears > through)
			break;
		number++;
		if (add_installment(out, COMP_RESULT, "P-8", "result", o->id, r.result,
				    paid_parts, cum, &s, months[i], number, count,
				    r.why, e) ||
		    add_installment(out, COMP_SUPPLEMENT, "P-9", "sparse", o->id,
				    r.supplement, paid_parts, cum, &s, months[i],
				    number, count, "sparse-area supplement", e) ||
		    add_installment(out, COMP_BONUS, "P-11", "shortage", o->id,
				    r.bonus, paid_parts, cum, &s, months[i], number,
				    count, "matching bonus for a shortage occupation", e))
			return -1;
		paid_parts = cum;
	}
	return 0;
}

/* The month a P-13 bonus is earned in, or -1: after N self-supporting
 * months (counted with the result's break rule), or N months after the
 * participation ended when the person is then self-supporting. */
static month_t bonus_month(const struct rulebook *rb, const struct engine_case *c,
			   const struct engine_outcome *o, int64_t n)
{
	month_t months[ENGINE_MAX_OUTCOMES * ENGINE_MAX_MONTHS];
	int64_t gap = rb_value_or_zero(&rb->resume_gap_months, o->start, 0);
	int count = qualifying_months(rb->bonus_weight, c, date_month(o->start),
				      months, (int)(sizeof(months) / sizeof(months[0])));

	if (rb->bonus_when == RB_BONUS_JOB_AFTER_PASS) {
		/* Växjö: a job begun after a passed course, within n months. */
		for (int i = 0; i < c->n_courses; i++) {
			date_t passed = c->courses[i].passed_on;

			if (passed && o->start >= passed &&
			    o->start <= date_add_months(passed, (int32_t)n))
				return date_month(o->start);
		}
		return -1;
	}
	if (rb->bonus_when == RB_BONUS_MONTHS_AFTER_END) {
		month_t target;

		/* Leaving for another provider is not leaving the service:
		 * the bonus is for work or studies after it ends. */
		if (!c->end || c->switched)
			return -1;
		target = date_month(c->end) + (month_t)n;
		for (int i = 0; i < count; i++)
			if (months[i] == target)
				return target;
		return -1;
	}
	for (int i = 0; i < count; i++) {
		if (i > 0 && months[i] - months[i - 1] - 1 > gap)
			return -1;
		if (i + 1 == n)
			return months[i];
	}
	return -1;
}

/* Växjö: the first approved, counting outcome that began on or after a
 * passed course and within `months` of it — a job during the course does
 * not use the bonus up. */
static const struct engine_outcome *job_after_pass(const struct rulebook *rb,
						   const struct engine_case *c)
{
	const struct engine_outcome *best = NULL;

	for (int i = 0; i < c->n_outcomes; i++) {
		const struct engine_outcome *o = &c->outcomes[i];
		int64_t n = rb_value_or_zero(&rb->bonus_months, o->start, 0);

		if (o->evidence != EVIDENCE_APPROVED ||
		    rb->bonus_weight[o->type] == RB_WEIGHT_NONE ||
		    (best && best->start <= o->start))
			continue;
		for (int k = 0; k < c->n_courses; k++) {
			date_t passed = c->courses[k].passed_on;

			if (passed && o->start >= passed &&
			    o->start <= date_add_months(passed, (int32_t)n))
				best = o;
		}
	}
	return best;
}

int engine_compute_bonus(const struct rulebook *rb, const struct engine_case *c,
			 month_t through, struct engine_result *out,
			 struct kverr *e)
{
	const struct engine_outcome *o = rb->bonus_when == RB_BONUS_JOB_AFTER_PASS
		? job_after_pass(rb, c) : governing_outcome(rb->bonus_weight, c);
	int64_t n, amount, arrears;
	int track;
	month_t m;
	struct engine_line *l;

	if (rb->bonus_when == RB_BONUS_NONE || !o)
		return 0;
	/* P-13, P-14: the values in force when the outcome began. */
	rb_value(&rb->bonus_months, o->start, 0, &n);
	arrears = rb_value_or_zero(&rb->bonus_arrears_months, o->start, 0);
	track = engine_track_on(c, o->start);
	if (track < 1 || track > rb->tracks ||
	    rb_value(&rb->bonus_ore, o->start, track, &amount))
		return kverr_set(e, KVERR_INVALID, "no_rate", "bonus.ore",
				 "No bonus amount in force for the track when"
				 " outcome %s began.", o->id);
	m = bonus_month(rb, c, o, n);
	if (m < 0 || m + (month_t)arrears > through || amount == 0)
		return 0;
	l = engine_add_line(out, m, m + (month_t)arrears, COMP_BONUS, amount, "P-13");
	if (!l)
		return engine_too_many(e);
	snprintf(l->key, sizeof(l->key), "bonus:%s", c->participation_id);
	engine_explain(l, rb->bonus_when == RB_BONUS_MONTHS_AFTER_END
		? "in work or studies %lld months after leaving (P-13), track %d"
		: rb->bonus_when == RB_BONUS_JOB_AFTER_PASS
		? "a job within %lld months of a passed course (P-13), track %d"
		: "after %lld months self-supporting (P-13), track %d",
		(long long)n, track);
	return 0;
}
