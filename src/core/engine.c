/*
 * engine.c — the compensation engine (see engine.h, docs/rulebooks.md).
 *
 * Base payment: each month of responsibility is cut into segments where
 * the track and the rate stay the same; a weekday segment pays rate ×
 * weekdays (P-3), a month segment pays rate × days / days-in-month.  The
 * month's line falls due `arrears` months later (P-4).
 *
 * The result and the bonus are in engine_result.c, settling against what
 * was paid in engine_settle.c, the lines themselves in engine_lines.c.
 */
#include "core/engine_impl.h"

#include <stdio.h>
#include <string.h>

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

/* One month of base payment (P-3, P-4, P-14). */
static int base_month(const struct rulebook *rb, const struct engine_case *c,
		      month_t m, date_t from, date_t to, month_t due,
		      struct engine_result *out, struct kverr *e)
{
	struct engine_line *l = engine_add_line(out, m, due, COMP_BASE, 0,
					 rb->base_basis == RB_BASE_WEEKDAY ? "P-3" : "P-13");
	char dbuf[DATE_STRLEN];

	if (!l)
		return engine_too_many(e);
	memcpy(l->key, "base:", 5);
	month_format(m, l->key + 5);
	for (date_t d = from; d <= to;) {
		date_t seg_end;
		int track = engine_track_on(c, d);
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
			rb_value(&rb->base_ore, next, engine_track_on(c, next), &next_rate);
			if (engine_track_on(c, next) != track || next_rate != rate) {
				seg_end = next - 1;
				break;
			}
			seg_end = next;
		}
		amount = segment_amount(rb, d, seg_end, rate, &units);
		l->amount += amount;
		if (l->explain[0] != TERSE_MARK) {
			date_format(d, dbuf);
			engine_explain(l, "%s%d %s from %s in track %d at ",
				l->explain[0] ? "; " : "", units,
				rb->base_basis == RB_BASE_WEEKDAY ? "weekdays" : "days",
				dbuf, track);
			engine_explain_money(l, "", rate);
		}
		d = seg_end + 1;
	}
	if (c->switched && to == c->end)
		engine_explain(l, "; ends with the notice period (C-2)");
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
	month_t last_month = date_month(last);
	date_t first = month_first_day(date_month(c->start));

	for (month_t m = date_month(c->start); m <= last_month; m++) {
		date_t next = month_first_day(m + 1);
		date_t from = first > c->start ? first : c->start;
		date_t to = next - 1 < last ? next - 1 : last;
		month_t due = m + (month_t)arrears;

		first = next;
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
		l = engine_add_line(out, date_month(f->date), due, COMP_FUND, f->cost, "P-12");
		if (!l)
			return engine_too_many(e);
		snprintf(l->key, sizeof(l->key), "fund:%s", f->id);
		date_format(f->date, dbuf);
		engine_explain(l, "intervention reported %s, reimbursed from the education"
			" fund", dbuf);
	}
	return 0;
}

int engine_compute(const struct rulebook *rb, const struct engine_case *c,
		   month_t through, struct engine_result *out, struct kverr *e)
{
	out->n = 0;
	if (compute_base(rb, c, through, out, e) ||
	    engine_compute_result(rb, c, through, out, e) ||
	    engine_compute_bonus(rb, c, through, out, e) ||
	    engine_compute_courses(rb, c, through, out, e) ||
	    compute_fund(rb, c, through, out, e) ||
	    /* after the base: the job-rate adjustment is a share of it */
	    engine_compute_cohort(rb, c, through, out, e))
		return -1;
	engine_drop_zero_lines(out);
	engine_sort_lines(out);
	engine_clear_marks(out);
	return 0;
}
