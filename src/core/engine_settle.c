/*
 * engine_settle.c — turning what is owed into what to post now: the lines
 * of keys never paid, and corrections or clawbacks for keys paid
 * differently (P-8, P-14).  What was paid is never rewritten.
 */
#include "core/engine_impl.h"

#include <stdio.h>
#include <string.h>

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
	struct engine_line *l = engine_add_line(out, o ? o->period : through, through,
					 comp, diff, diff < 0 && result_key ? "P-8"
					 : "P-14");
	char buf[MONEY_STRLEN];

	if (!l)
		return engine_too_many(e);
	snprintf(l->key, sizeof(l->key), "%s", key);
	money_format(paid_for(c, key), buf);
	engine_explain(l, "corrects %s: %s paid, ", key, buf);
	money_format(o ? o->amount : 0, buf);
	engine_explain(l, "%s owed on the facts now known%s", buf,
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
				return engine_too_many(e);
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
	engine_sort_lines(out);
	engine_clear_marks(out);
	return 0;
}

