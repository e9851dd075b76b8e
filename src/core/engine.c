/*
 * engine.c — the compensation engine (see engine.h, docs/rulebooks.md).
 *
 * Base payment: each month of responsibility is cut into segments where
 * the track and the rate stay the same; a weekday segment pays rate ×
 * weekdays (P-3), a month segment pays rate × days / days-in-month.  The
 * month's line falls due `arrears` months later (P-4).
 *
 * Result payment: one per participation, governed by the first approved
 * outcome that counts (P-6, P-7).  Its amount is fixed on the outcome's
 * start date (P-14) with the business-cycle factor (P-10), and paid in
 * installments over the self-supporting months (P-8) with cumulative
 * rounding, so the installments add up to the amount exactly.  The
 * sparse-area supplement (P-9) and the matching bonus (P-11) follow the
 * same schedule.
 */
#include "core/engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const engine_component_names[] = {
	"base", "result", "supplement", "bonus", "fund", "correction",
	"clawback", NULL
};

static int too_many(struct kverr *e)
{
	return kverr_set(e, KVERR_INVALID, "too_many_lines", "",
			 "The case produces more than %d payment lines.",
			 ENGINE_MAX_LINES);
}

/* Lines of a terse result carry no explanation: explain() sees this mark. */
#define TERSE_MARK '\x01'

static struct engine_line *add_line(struct engine_result *out, month_t period,
				    month_t due, enum engine_component comp,
				    ore_t amount, const char *rule)
{
	struct engine_line *l;

	if (out->n >= ENGINE_MAX_LINES)
		return NULL;
	l = &out->lines[out->n++];
	memset(l, 0, sizeof(*l));
	l->period = period;
	l->due = due;
	l->component = comp;
	l->amount = amount;
	snprintf(l->rule, sizeof(l->rule), "%s", rule);
	if (out->terse)
		l->explain[0] = TERSE_MARK;
	return l;
}

/* Append printf text to a line's explanation. */
static void explain(struct engine_line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void explain(struct engine_line *l, const char *fmt, ...)
{
	size_t used = strlen(l->explain);
	va_list ap;

	if (l->explain[0] == TERSE_MARK || used + 1 >= sizeof(l->explain))
		return;
	va_start(ap, fmt);
	vsnprintf(l->explain + used, sizeof(l->explain) - used, fmt, ap);
	va_end(ap);
}

/* The track in force on d (0 when none yet). */
static int track_on(const struct engine_case *c, date_t d)
{
	int t = 0;

	for (int i = 0; i < c->n_tracks && c->tracks[i].from <= d; i++)
		t = c->tracks[i].track;
	return t;
}

/* The first date after d on which the track or the rate may change: the
 * next track change or the next effective date of the base rate. */
static date_t next_change(const struct engine_case *c, const struct rb_param *p,
			  date_t d)
{
	date_t next = INT32_MAX;

	for (int i = 0; i < c->n_tracks; i++)
		if (c->tracks[i].from > d && c->tracks[i].from < next)
			next = c->tracks[i].from;
	for (int i = 0; i < p->n; i++)
		if (p->from[i] > d && p->from[i] < next)
			next = p->from[i];
	return next;
}

/* The last day the provider is responsible: the given end (for a switch,
 * the notice's last day, C-2), at most max_weeks after the start (D-8). */
static date_t last_day(const struct rulebook *rb, const struct engine_case *c)
{
	date_t last = c->end ? c->end : INT32_MAX;
	int64_t weeks;

	if (rb_value(&rb->max_weeks, c->start, 0, &weeks) == 0 &&
	    date_add_days(c->start, (int32_t)(weeks * 7 - 1)) < last)
		last = date_add_days(c->start, (int32_t)(weeks * 7 - 1));
	return last;
}

static ore_t segment_amount(const struct rulebook *rb, date_t from, date_t to,
			    int64_t rate, int32_t *units)
{
	if (rb->base_basis == RB_BASE_WEEKDAY) {
		*units = date_count_weekdays(from, to);
		return (ore_t)rate * *units;
	}
	/* Month basis: pro rata by calendar days of the month. */
	*units = to - from + 1;
	return money_mul_ratio(rate, *units,
			       month_last_day(date_month(from)) -
			       month_first_day(date_month(from)) + 1);
}

static void explain_money(struct engine_line *l, const char *what, ore_t v)
{
	char buf[MONEY_STRLEN];

	if (l->explain[0] == TERSE_MARK)
		return;
	money_format(v, buf);
	explain(l, "%s%s", what, buf);
}

/* One month of base payment (P-3, P-4, P-14). */
static int base_month(const struct rulebook *rb, const struct engine_case *c,
		      month_t m, date_t from, date_t to, month_t due,
		      struct engine_result *out, struct kverr *e)
{
	struct engine_line *l = add_line(out, m, due, COMP_BASE, 0,
					 rb->base_basis == RB_BASE_WEEKDAY ? "P-3" : "P-13");
	char mbuf[MONTH_STRLEN], dbuf[DATE_STRLEN];

	if (!l)
		return too_many(e);
	month_format(m, mbuf);
	snprintf(l->key, sizeof(l->key), "base:%s", mbuf);
	for (date_t d = from; d <= to;) {
		date_t seg_end;
		int track = track_on(c, d);
		int64_t rate, next_rate;
		int32_t units;
		ore_t amount;

		if (track < 1 || track > rb->tracks)
			return kverr_set(e, KVERR_INVALID, "no_track", "tracks",
					 "No valid track (1-%d) on a day of responsibility.",
					 rb->tracks);
		/* P-14: the rate in force on the day of responsibility. */
		if (rb_value(&rb->base_ore, d, track, &rate))
			return kverr_set(e, KVERR_INVALID, "no_rate", "base.ore",
					 "The rulebook has no base rate in force on a"
					 " day of responsibility.");
		/* The segment runs while neither track nor rate changes. */
		seg_end = d;
		for (;;) {
			date_t next = next_change(c, &rb->base_ore, seg_end);

			if (next > to) {
				seg_end = to;
				break;
			}
			rb_value(&rb->base_ore, next, track_on(c, next), &next_rate);
			if (track_on(c, next) != track || next_rate != rate) {
				seg_end = next - 1;
				break;
			}
			seg_end = next;
		}
		amount = segment_amount(rb, d, seg_end, rate, &units);
		l->amount += amount;
		date_format(d, dbuf);
		explain(l, "%s%d %s from %s in track %d at ", l->explain[0] ? "; " : "",
			units, rb->base_basis == RB_BASE_WEEKDAY ? "weekdays" : "days",
			dbuf, track);
		explain_money(l, "", rate);
		d = seg_end + 1;
	}
	if (c->switched && to == c->end)
		explain(l, "; ends with the notice period (C-2)");
	return 0;
}

static int compute_base(const struct rulebook *rb, const struct engine_case *c,
			month_t through, struct engine_result *out, struct kverr *e)
{
	date_t last = last_day(rb, c);
	int64_t arrears = rb_value_or_zero(&rb->base_arrears_months, c->start, 0);
	int64_t min_days = rb_value_or_zero(&rb->base_min_days, c->start, 0);
	month_t first_due = date_month(c->start);

	if (rb->base_basis == RB_BASE_NONE || last < c->start)
		return 0;
	if (min_days > 0) {
		/* Paid once the service has run min_days (Nacka: 14). */
		date_t reached = date_add_days(c->start, (int32_t)min_days - 1);

		if (reached > last)
			return 0;
		first_due = date_month(reached) + (month_t)arrears;
	}
	for (month_t m = date_month(c->start); m <= date_month(last); m++) {
		date_t from = month_first_day(m) > c->start ? month_first_day(m) : c->start;
		date_t to = month_last_day(m) < last ? month_last_day(m) : last;
		month_t due = m + (month_t)arrears;

		if (due < first_due)
			due = first_due;
		if (due > through)
			break;
		/* P-4: one month in arrears. */
		if (base_month(rb, c, m, from, to, due, out, e))
			return -1;
	}
	return 0;
}

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
	r->track = track_on(c, o->start);
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
	l = add_line(out, m, m + (month_t)s->arrears, comp, amount, rule);
	if (!l)
		return too_many(e);
	snprintf(l->key, sizeof(l->key), "%s:%s:%d", kind, oid, number);
	explain(l, "%lld/%lld of ", (long long)cum, (long long)s->parts);
	explain_money(l, "", total);
	explain(l, " after %d months self-supporting (P-8); %s", count, why);
	return 0;
}

static int compute_result(const struct rulebook *rb, const struct engine_case *c,
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

static int compute_fund(const struct rulebook *rb, const struct engine_case *c,
			month_t through, struct engine_result *out,
			struct kverr *e)
{
	char dbuf[DATE_STRLEN];

	if (!rb->fund_ore_per_year.present)
		return 0;
	for (int i = 0; i < c->n_fund; i++) {
		const struct engine_fund_item *f = &c->fund[i];
		month_t due = date_month(f->date) +
			(month_t)rb_value_or_zero(&rb->fund_within_months, f->date, 0);
		struct engine_line *l;

		/* P-12: approved interventions, reimbursed within a month. */
		if (!f->approved || due > through)
			continue;
		l = add_line(out, date_month(f->date), due, COMP_FUND, f->cost, "P-12");
		if (!l)
			return too_many(e);
		snprintf(l->key, sizeof(l->key), "fund:%s", f->id);
		date_format(f->date, dbuf);
		explain(l, "intervention reported %s, reimbursed from the education"
			" fund", dbuf);
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

static int compute_bonus(const struct rulebook *rb, const struct engine_case *c,
			 month_t through, struct engine_result *out,
			 struct kverr *e)
{
	const struct engine_outcome *o = governing_outcome(rb->bonus_weight, c);
	int64_t n, amount, arrears;
	int track;
	month_t m;
	struct engine_line *l;

	if (rb->bonus_when == RB_BONUS_NONE || !o)
		return 0;
	/* P-13, P-14: the values in force when the outcome began. */
	rb_value(&rb->bonus_months, o->start, 0, &n);
	arrears = rb_value_or_zero(&rb->bonus_arrears_months, o->start, 0);
	track = track_on(c, o->start);
	if (track < 1 || track > rb->tracks ||
	    rb_value(&rb->bonus_ore, o->start, track, &amount))
		return kverr_set(e, KVERR_INVALID, "no_rate", "bonus.ore",
				 "No bonus amount in force for the track when"
				 " outcome %s began.", o->id);
	m = bonus_month(rb, c, o, n);
	if (m < 0 || m + (month_t)arrears > through || amount == 0)
		return 0;
	l = add_line(out, m, m + (month_t)arrears, COMP_BONUS, amount, "P-13");
	if (!l)
		return too_many(e);
	snprintf(l->key, sizeof(l->key), "bonus:%s", c->participation_id);
	explain(l, rb->bonus_when == RB_BONUS_MONTHS_AFTER_END
		? "in work or studies %lld months after leaving (P-13), track %d"
		: "after %lld months self-supporting (P-13), track %d",
		(long long)n, track);
	return 0;
}

static int line_order(const struct engine_line *a, const struct engine_line *b)
{
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->component != b->component)
		return a->component < b->component ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* Insertion sort: lines arrive nearly in order and are few. */
static void sort_lines(struct engine_result *out)
{
	for (int i = 1; i < out->n; i++) {
		struct engine_line tmp = out->lines[i];
		int j = i;

		while (j > 0 && line_order(&out->lines[j - 1], &tmp) > 0) {
			out->lines[j] = out->lines[j - 1];
			j--;
		}
		out->lines[j] = tmp;
	}
}

/* Nothing owed is no line: a month without a weekday of responsibility,
 * an intervention that cost nothing. */
static void drop_zero_lines(struct engine_result *out)
{
	int kept = 0;

	for (int i = 0; i < out->n; i++)
		if (out->lines[i].amount != 0)
			out->lines[kept++] = out->lines[i];
	out->n = kept;
}

static void clear_marks(struct engine_result *out)
{
	for (int i = 0; i < out->n; i++)
		if (out->lines[i].explain[0] == TERSE_MARK)
			out->lines[i].explain[0] = '\0';
}

int engine_compute(const struct rulebook *rb, const struct engine_case *c,
		   month_t through, struct engine_result *out, struct kverr *e)
{
	out->n = 0;
	if (compute_base(rb, c, through, out, e) ||
	    compute_result(rb, c, through, out, e) ||
	    compute_bonus(rb, c, through, out, e) ||
	    compute_fund(rb, c, through, out, e))
		return -1;
	drop_zero_lines(out);
	sort_lines(out);
	clear_marks(out);
	return 0;
}

static ore_t paid_for(const struct engine_case *c, const char *key)
{
	ore_t sum = 0;

	for (int i = 0; i < c->n_paid; i++)
		if (strcmp(c->paid[i].key, key) == 0)
			sum += c->paid[i].amount;
	return sum;
}

static bool was_paid(const struct engine_case *c, const char *key)
{
	for (int i = 0; i < c->n_paid; i++)
		if (strcmp(c->paid[i].key, key) == 0)
			return true;
	return false;
}

static const struct engine_line *owed_line(const struct engine_result *owed,
					   const char *key)
{
	for (int i = 0; i < owed->n; i++)
		if (strcmp(owed->lines[i].key, key) == 0)
			return &owed->lines[i];
	return NULL;
}

/* A correction or clawback of what was paid for key (P-8, P-14). */
static int settle_difference(const struct engine_case *c, const char *key,
			     const struct engine_line *o, ore_t diff,
			     month_t through, struct engine_result *out,
			     struct kverr *e)
{
	enum engine_component comp = diff > 0 ? COMP_CORRECTION : COMP_CLAWBACK;
	bool result_key = strncmp(key, "result:", 7) == 0 ||
			  strncmp(key, "sparse:", 7) == 0 ||
			  strncmp(key, "shortage:", 9) == 0;
	/* A result installment paid on wrong grounds is clawed back (P-8);
	 * any other change of facts is corrected (P-14). */
	struct engine_line *l = add_line(out, o ? o->period : through, through,
					 comp, diff, diff < 0 && result_key ? "P-8"
					 : "P-14");
	char buf[MONEY_STRLEN];

	if (!l)
		return too_many(e);
	snprintf(l->key, sizeof(l->key), "%s", key);
	money_format(paid_for(c, key), buf);
	explain(l, "corrects %s: %s paid, ", key, buf);
	money_format(o ? o->amount : 0, buf);
	explain(l, "%s owed on the facts now known%s", buf,
		o ? "" : " (the fact behind it no longer holds)");
	return 0;
}

int engine_settle(const struct engine_result *owed, const struct engine_case *c,
		  month_t through, struct engine_result *out, struct kverr *e)
{
	out->n = 0;
	for (int i = 0; i < owed->n; i++) {
		const struct engine_line *o = &owed->lines[i];
		ore_t diff;

		if (o->due > through)
			continue;
		if (!was_paid(c, o->key)) {
			if (out->n >= ENGINE_MAX_LINES)
				return too_many(e);
			out->lines[out->n++] = *o;   /* new: paid as computed */
			continue;
		}
		diff = o->amount - paid_for(c, o->key);
		if (diff && settle_difference(c, o->key, o, diff, through, out, e))
			return -1;
	}
	/* Keys paid that are no longer owed at all: claw back in full. */
	for (int i = 0; i < c->n_paid; i++) {
		const char *key = c->paid[i].key;
		bool first = true;
		ore_t sum;

		for (int k = 0; k < i && first; k++)
			first = strcmp(c->paid[k].key, key) != 0;
		sum = paid_for(c, key);
		if (!first || owed_line(owed, key) || sum == 0)
			continue;
		if (settle_difference(c, key, NULL, -sum, through, out, e))
			return -1;
	}
	sort_lines(out);
	clear_marks(out);
	return 0;
}
