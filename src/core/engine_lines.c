/*
 * engine_lines.c — building the engine's payment lines: adding one within
 * the bound, appending to its explanation (nothing in a terse run),
 * dropping lines of nothing, and the order lines are given in.
 */
#include "core/engine_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const engine_component_names[] = {
	"base", "result", "supplement", "bonus", "fund", "course",
	"correction", "clawback", NULL
};

int engine_too_many(struct kverr *e)
{
	return kverr_set(e, KVERR_INVALID, "too_many_lines", "",
			 "The case produces more than %d payment lines.",
			 ENGINE_MAX_LINES);
}

/* Lines of a terse result carry no explanation: engine_explain() sees this mark. */
#define TERSE_MARK '\x01'

struct engine_line *engine_add_line(struct engine_result *out, month_t period,
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

void engine_explain(struct engine_line *l, const char *fmt, ...)
{
	size_t used = strlen(l->explain);
	va_list ap;

	if (l->explain[0] == TERSE_MARK || used + 1 >= sizeof(l->explain))
		return;
	va_start(ap, fmt);
	vsnprintf(l->explain + used, sizeof(l->explain) - used, fmt, ap);
	va_end(ap);
}

void engine_explain_money(struct engine_line *l, const char *what, ore_t v)
{
	char buf[MONEY_STRLEN];

	if (l->explain[0] == TERSE_MARK)
		return;
	money_format(v, buf);
	engine_explain(l, "%s%s", what, buf);
}

/* The track in force on d (0 when none yet). */
int engine_track_on(const struct engine_case *c, date_t d)
{
	int t = 0;

	for (int i = 0; i < c->n_tracks && c->tracks[i].from <= d; i++)
		t = c->tracks[i].track;
	return t;
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
void engine_sort_lines(struct engine_result *out)
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
void engine_drop_zero_lines(struct engine_result *out)
{
	int kept = 0;

	for (int i = 0; i < out->n; i++)
		if (out->lines[i].amount != 0)
			out->lines[kept++] = out->lines[i];
	out->n = kept;
}

void engine_clear_marks(struct engine_result *out)
{
	for (int i = 0; i < out->n; i++)
		if (out->lines[i].explain[0] == TERSE_MARK)
			out->lines[i].explain[0] = '\0';
}
