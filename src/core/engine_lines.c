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
	size_t rlen;

	if (out->n >= ENGINE_MAX_LINES)
		return NULL;
	rlen = strlen(rule);

	/* No memset and no printf: a line is over 400 bytes, most of them
	 * the explanation, which a terse run never writes. */
	l = &out->lines[out->n++];
	l->period = period;
	l->due = due;
	l->component = comp;
	l->amount = amount;
	if (rlen >= sizeof(l->rule))
		rlen = sizeof(l->rule) - 1;
	memcpy(l->rule, rule, rlen);
	l->rule[rlen] = '\0';
	l->key[0] = '\0';
	l->explain[0] = out->terse || due < out->explain_from ? TERSE_MARK : '\0';
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

/* Insertion sort of indices (lines arrive nearly in order and are few),
 * then every line moved at most once: a line is over 400 bytes, and the
 * installments, added after the base, must pass the base lines due
 * after them. */
void engine_sort_lines(struct engine_result *out)
{
	uint16_t idx[ENGINE_MAX_LINES];
	int n = out->n;
	bool sorted = true;

	for (int i = 1; i < n && sorted; i++)
		sorted = line_order(&out->lines[i - 1], &out->lines[i]) <= 0;
	if (sorted)
		return;
	for (int i = 0; i < n; i++) {
		int j = i;

		while (j > 0 && line_order(&out->lines[idx[j - 1]], &out->lines[i]) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = (uint16_t)i;
	}
	/* Position i takes the line at idx[i]: follow each cycle once. */
	for (int i = 0; i < n; i++) {
		struct engine_line tmp;
		int j = i;

		if (idx[i] == i || idx[i] == UINT16_MAX)
			continue;
		tmp = out->lines[i];
		for (;;) {
			int k = idx[j];

			idx[j] = UINT16_MAX;
			if (k == i) {
				out->lines[j] = tmp;
				break;
			}
			out->lines[j] = out->lines[k];
			j = k;
		}
	}
}

/* Nothing owed is no line: a month without a weekday of responsibility,
 * an intervention that cost nothing. */
void engine_drop_zero_lines(struct engine_result *out)
{
	int kept = 0;

	for (int i = 0; i < out->n; i++)
		if (out->lines[i].amount != 0) {
			if (kept != i)
				out->lines[kept] = out->lines[i];
			kept++;
		}
	out->n = kept;
}

void engine_clear_marks(struct engine_result *out)
{
	for (int i = 0; i < out->n; i++)
		if (out->lines[i].explain[0] == TERSE_MARK)
			out->lines[i].explain[0] = '\0';
}
