/*
 * engine_course.c — adult education paid per credit (P-13, Växjö's model,
 * seed 004): during a course, each completed point (verksamhetspoäng) earns
 * `during_percent` of the course payment per point; when the course is
 * passed, the rest of the course payment falls due.  The price per point is
 * the one in force on the course's start (P-14), for the participant's
 * track then.  Cumulative rounding makes a passed course pay exactly
 * points × price in all.
 */
#include "core/engine_impl.h"

#include <stdio.h>
#include <string.h>

/* Points completed up to and including month m. */
static int64_t points_through(const struct engine_course *k, month_t m)
{
	int64_t sum = 0;

	for (int i = 0; i < k->n_credits && date_month(k->credits[i].date) <= m; i++)
		sum += k->credits[i].points;
	return sum;
}

static int credit_lines(const struct engine_course *k, int64_t price,
			int64_t pct, int64_t arrears, month_t through,
			struct engine_result *out, struct kverr *e)
{
	char mb[MONTH_STRLEN];

	for (int i = 0; i < k->n_credits; i++) {
		month_t m = date_month(k->credits[i].date);
		int64_t cum = points_through(k, m);
		int64_t prev = points_through(k, m - 1);
		struct engine_line *l;

		/* One line per month, at the month's last report. */
		if (i + 1 < k->n_credits && date_month(k->credits[i + 1].date) == m)
			continue;
		if (m + arrears > through)
			break;
		l = engine_add_line(out, m, m + (month_t)arrears, COMP_COURSE,
				    money_mul_ratio(price * cum, pct, 100) -
				    money_mul_ratio(price * prev, pct, 100), "P-13");
		if (!l)
			return engine_too_many(e);
		month_format(m, mb);
		snprintf(l->key, sizeof(l->key), "credits:%s:%s", k->id, mb);
		engine_explain(l, "%lld points completed in %s of course %s, %lld %% of ",
			       (long long)(cum - prev), mb, k->id, (long long)pct);
		engine_explain_money(l, "", price);
		engine_explain(l, " a point");
	}
	return 0;
}

static int pass_line(const struct engine_course *k, int64_t price, int64_t pct,
		     int64_t arrears, month_t through, struct engine_result *out,
		     struct kverr *e)
{
	month_t m = date_month(k->passed_on);
	int64_t credited = points_through(k, m);
	struct engine_line *l;

	if (!k->passed_on || m + arrears > through)
		return 0;
	/* The rest of the course payment: all of it less what the points
	 * earned, so that a passed course pays points × price exactly. */
	l = engine_add_line(out, m, m + (month_t)arrears, COMP_COURSE,
			    price * k->points -
			    money_mul_ratio(price * credited, pct, 100), "P-13");
	if (!l)
		return engine_too_many(e);
	snprintf(l->key, sizeof(l->key), "pass:%s", k->id);
	engine_explain(l, "course %s passed: the rest of ", k->id);
	engine_explain_money(l, "", price * k->points);
	engine_explain(l, " (%d points)", k->points);
	return 0;
}

int engine_compute_courses(const struct rulebook *rb, const struct engine_case *c,
			   month_t through, struct engine_result *out,
			   struct kverr *e)
{
	if (!rb->has_course)
		return 0;
	for (int i = 0; i < c->n_courses; i++) {
		const struct engine_course *k = &c->courses[i];
		int track = engine_track_on(c, k->start);
		int64_t price, pct, arrears;

		if (track < 1 || track > rb->tracks ||
		    rb_value(&rb->course_ore_per_point, k->start, track, &price))
			return kverr_set(e, KVERR_INVALID, "no_rate", "course.ore_per_point",
					 "No price per point in force for the track when"
					 " course %s began.", k->id);
		pct = rb_value_or_zero(&rb->course_during_percent, k->start, 0);
		arrears = rb_value_or_zero(&rb->course_arrears_months, k->start, 0);
		if (credit_lines(k, price, pct, arrears, through, out, e) ||
		    pass_line(k, price, pct, arrears, through, out, e))
			return -1;
	}
	return 0;
}
