/*
 * test_engine_props.c — property tests of the compensation engine
 * (src/core/engine.c) over 100,000 random cases.
 *
 * Cases are built directly in C by a fixed-seed xorshift64 generator and
 * respect what case_parse guarantees (tracks ascending, the first in force
 * on the start; months ascending and not before their outcome's start
 * month; unique outcome and fund ids), with the context the rulebook needs
 * (unemployment for each outcome's start month, P-10).  The rulebooks are
 * the shipped ones in rules/, cycled, plus two derived from them with a
 * second effective date (P-14), one of them mid-month.
 *
 * Properties, for every case:
 *  (a) the installments of each key prefix of the result (result:,
 *      sparse:, shortage:) for the governing outcome add up to the share
 *      of the parts earned by the run (P-8, with the break rule), never
 *      more than the full amount, and to exactly the full amount once
 *      every part is paid (≥ 12 consecutive self-supporting months) —
 *      against a total computed here from the rulebook (track amount ×
 *      weight × factor with money_mul_ratio, P-5 … P-11); the P-13 bonus
 *      falls in the expected month with the track's amount; and, beyond
 *      the properties, every base month (P-3, P-4, D-8, P-14) is checked
 *      day by day and every fund item (P-12) at cost;
 *  (b) settling with paid = exactly the computed lines gives no lines;
 *  (c) after one fact changes (a track, an outcome rejected or approved,
 *      months removed, the end earlier or later), paid + settlement =
 *      a fresh computation, per key; settling again gives nothing;
 *  (d) no amount is negative except a clawback, and every clawback is
 *      negative (every correction positive);
 *  (e) computing through M+1 gives the lines through M unchanged (same
 *      key, period, due month, component, amount, rule and explanation)
 *      plus lines due in M+1 only, and settling them against what was
 *      paid through M posts exactly the new lines (P-14: history does not
 *      change).
 *
 * Run from the repository root (scripts/run-tests.sh does).
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/rulebooks.h"
#include "core/engine.h"

#define N_CASES 100000
#define SEED 0x2545F4914F6CDD1DULL

/* ---------------------------------------------------------------- */
/* Random numbers                                                    */

static uint64_t rng = SEED;

/* ---------------------------------------------------------------- */
/* Rulebooks                                                         */

static const char *const shipped[] = { "lov-almega", "stom", "stockholm-split",
				       "nacka-jobbpeng", "sundbyberg" };
#define N_SHIPPED 5
#define N_BOOKS (N_SHIPPED + 2)

/* Everything the test works on: large, so on the heap. */
struct work {
	struct rulebook books[N_BOOKS];
	const char *names[N_BOOKS];
	struct engine_case base, changed;
	struct engine_result r1, r2, r3, far, s;
};

/* Give p a second value from `from`: the per-track values (or the scalar)
 * change by num/den. */
static void add_date(struct rb_param *p, date_t from, int64_t num, int64_t den)
{
	assert_true(p->present && p->n == 1);
	p->from[1] = from;
	for (int t = 0; t < p->width; t++)
		p->v[1][t] = p->v[0][t] * num / den;
	p->n = 2;
}

static int setup(void **state)
{
	struct work *w = calloc(1, sizeof(*w));
	struct kverr e;

	if (!w)
		return -1;
	kverr_clear(&e);
	for (int i = 0; i < N_SHIPPED; i++) {
		if (rulebooks_load("rules", shipped[i], &w->books[i], &e)) {
			printf("%s: %s (run from the repository root)\n", shipped[i],
			       e.message);
			free(w);
			return -1;
		}
		w->names[i] = shipped[i];
	}
	/* lov-almega with new rates from 2022-07-01 and a shorter schedule:
	 * 6 parts instead of 12 (P-8, P-14). */
	w->books[5] = w->books[0];
	w->names[5] = "lov-almega + 2022-07-01";
	add_date(&w->books[5].base_ore, D("2022-07-01"), 11, 10);
	add_date(&w->books[5].result_ore, D("2022-07-01"), 5, 4);
	add_date(&w->books[5].parts, D("2022-07-01"), 1, 2);
	add_date(&w->books[5].reduced_percent, D("2022-07-01"), 3, 5);
	/* Sundbyberg with a rate change in the middle of a month (month
	 * basis, pro rata by days). */
	w->books[6] = w->books[4];
	w->names[6] = "sundbyberg + 2022-03-15";
	add_date(&w->books[6].base_ore, D("2022-03-15"), 3, 2);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Generating a case                                                 */

static const char *const municipalities[] = { "0180", "2506", "2584", "1480" };
static const char *const occupations[] = { "", "5321", "2512", "9999" };

static bool has_unemployment(const struct engine_context *x, month_t m)
{
	for (int i = 0; i < x->n_unemployment; i++)
		if (x->unemployment_month[i] == m)
			return true;
	return false;
}

static bool has_shortage(const struct engine_context *x, const char *occ,
			 int half)
{
	for (int i = 0; i < x->n_shortage; i++)
		if (x->shortage[i].half_year == half &&
		    strcmp(x->shortage[i].occupation, occ) == 0)
			return true;
	return false;
}

static int half_year(date_t d)
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	return y * 2 + (m > 6);
}

static void gen_months(struct engine_outcome *o)
{
	month_t m = date_month(o->start) + testutil_rnd_in(&rng, 0, 2);

	o->n_months = 0;
	if (testutil_chance(&rng, 40)) {
		/* A lasting outcome: a run of at least 12 months. */
		int n = testutil_rnd_in(&rng, 12, 16);

		for (int i = 0; i < n; i++)
			o->months[o->n_months++] = m + i;
		return;
	}
	for (int n = testutil_rnd_in(&rng, 0, 14); n > 0; n--) {
		o->months[o->n_months++] = m;
		m += 1 + (testutil_chance(&rng, 20) ? testutil_rnd_in(&rng, 1, 3) : 0);
	}
}

static void gen_case(const struct rulebook *rb, struct engine_case *c, int serial)
{
	struct engine_context *x = &c->context;

	snprintf(c->participation_id, sizeof(c->participation_id), "P%d", serial);
	c->start = D("2020-01-01") + testutil_rnd_in(&rng, 0, 5 * 365);
	c->end = testutil_chance(&rng, 50) ? 0 : c->start + testutil_rnd_in(&rng, 0, 800);
	c->switched = c->end && testutil_chance(&rng, 30);

	c->n_tracks = testutil_rnd_in(&rng, 1, 4);
	for (int i = 0; i < c->n_tracks; i++) {
		c->tracks[i].from = i ? c->tracks[i - 1].from + testutil_rnd_in(&rng, 1, 250)
				    : c->start - (testutil_chance(&rng, 30) ? testutil_rnd_in(&rng, 1, 60) : 0);
		c->tracks[i].track = testutil_rnd_in(&rng, 1, rb->tracks);
	}

	c->n_residences = testutil_rnd_in(&rng, 0, 3);
	for (int i = 0; i < c->n_residences; i++) {
		struct engine_residence *r = &c->residences[i];

		r->from = i ? c->residences[i - 1].from + testutil_rnd_in(&rng, 1, 300)
			  : c->start - testutil_rnd_in(&rng, -60, 400);
		snprintf(r->municipality, sizeof(r->municipality), "%s",
			 municipalities[testutil_rnd_in(&rng, 0, 3)]);
	}

	c->n_outcomes = testutil_rnd_in(&rng, 0, 3);
	for (int i = 0; i < c->n_outcomes; i++) {
		struct engine_outcome *o = &c->outcomes[i];
		int ev = testutil_rnd_in(&rng, 0, 99);

		snprintf(o->id, sizeof(o->id), "O%d", i + 1);
		o->type = (enum rb_outcome)testutil_rnd_in(&rng, 0, RB_OUT_COUNT - 1);
		o->start = c->start + testutil_rnd_in(&rng, 0, 500);
		o->end = testutil_chance(&rng, 30) ? o->start + testutil_rnd_in(&rng, 0, 400) : 0;
		snprintf(o->occupation, sizeof(o->occupation), "%s",
			 occupations[testutil_rnd_in(&rng, 0, 3)]);
		o->evidence = ev < 65 ? EVIDENCE_APPROVED :
			      ev < 85 ? EVIDENCE_PENDING : EVIDENCE_REJECTED;
		gen_months(o);
	}

	c->n_fund = testutil_rnd_in(&rng, 0, 3);
	for (int i = 0; i < c->n_fund; i++) {
		struct engine_fund_item *f = &c->fund[i];

		snprintf(f->id, sizeof(f->id), "F%d", i + 1);
		f->date = c->start + testutil_rnd_in(&rng, 0, 600);
		f->cost = testutil_rnd_in(&rng, 0, 3000000);
		f->approved = testutil_chance(&rng, 70);
	}
	c->n_paid = 0;

	x->n_unemployment = 0;
	x->n_shortage = 0;
	for (int i = 0; i < c->n_outcomes; i++) {
		const struct engine_outcome *o = &c->outcomes[i];
		month_t m = date_month(o->start);
		int h = half_year(o->start);

		if (!has_unemployment(x, m)) {
			x->unemployment_month[x->n_unemployment] = m;
			x->unemployment_bp[x->n_unemployment++] = testutil_rnd_in(&rng, 200, 1500);
		}
		if (o->occupation[0] && testutil_chance(&rng, 80) &&
		    !has_shortage(x, o->occupation, h)) {
			struct engine_shortage *s = &x->shortage[x->n_shortage++];

			snprintf(s->occupation, sizeof(s->occupation), "%s",
				 o->occupation);
			s->half_year = h;
			s->tenths = testutil_rnd_in(&rng, 10, 50);
		}
	}
	x->n_sparse = 2;
	snprintf(x->sparse[0], sizeof(x->sparse[0]), "2506");
	snprintf(x->sparse[1], sizeof(x->sparse[1]), "2584");
}

/* The facts of src into dst (not what was paid). */
static void copy_facts(struct engine_case *dst, const struct engine_case *src)
{
	memcpy(dst, src, offsetof(struct engine_case, n_paid));
	dst->n_paid = 0;
	dst->context = src->context;
}

static const char *const mutation_names[8] = {
	"a track", "an outcome approved", "an outcome rejected",
	"months removed from the end", "a month removed", "an end date set",
	"the end date removed", "the end date earlier"
};

/* Change one fact of c (P-14: a late or corrected fact).  Returns what
 * changed, for messages. */
static const char *mutate(const struct rulebook *rb, struct engine_case *c)
{
	int kind = testutil_rnd_in(&rng, 0, 3);

	if (kind == 0 && rb->tracks > 1) {
		struct engine_track *t = &c->tracks[testutil_rnd_in(&rng, 0, c->n_tracks - 1)];
		int now = t->track;

		while (t->track == now)
			t->track = testutil_rnd_in(&rng, 1, rb->tracks);
		return mutation_names[0];
	}
	if (kind == 1 && c->n_outcomes > 0) {
		struct engine_outcome *o = &c->outcomes[testutil_rnd_in(&rng, 0, c->n_outcomes - 1)];

		if (o->evidence == EVIDENCE_PENDING && testutil_chance(&rng, 50)) {
			o->evidence = EVIDENCE_APPROVED;
			return mutation_names[1];
		}
		if (o->evidence != EVIDENCE_REJECTED) {
			o->evidence = EVIDENCE_REJECTED;
			return mutation_names[2];
		}
	}
	if (kind == 2 && c->n_outcomes > 0) {
		struct engine_outcome *o = &c->outcomes[testutil_rnd_in(&rng, 0, c->n_outcomes - 1)];

		if (o->n_months > 0) {
			int at = testutil_rnd_in(&rng, 0, o->n_months - 1);

			if (testutil_chance(&rng, 50)) {
				o->n_months = at;          /* drop the tail */
				return mutation_names[3];
			}
			memmove(o->months + at, o->months + at + 1,
				(size_t)(o->n_months - at - 1) * sizeof(o->months[0]));
			o->n_months--;
			return mutation_names[4];
		}
	}
	if (!c->end) {
		c->end = c->start + testutil_rnd_in(&rng, 0, 800);
		return mutation_names[5];
	}
	if (testutil_chance(&rng, 15)) {
		c->end = 0;
		c->switched = false;
		return mutation_names[6];
	}
	if (testutil_chance(&rng, 50)) {
		c->end -= testutil_rnd_in(&rng, 1, 200);
		if (c->end < c->start)
			c->end = c->start;
		return mutation_names[7];
	}
	c->end += testutil_rnd_in(&rng, 1, 200);
	return "the end date later";
}

/* ---------------------------------------------------------------- */
/* Checks                                                            */

/* Context for failure messages. */
static int cur_case;
/* How often each path was taken, to show the cases reach them. */
static struct {
	long complete_results, partial_results, bonuses, corrections,
	     clawbacks, base_months, fund_items, mutations[8];
} stats;
static const char *cur_book = "";

#define PROP_FAIL(...) do { \
	printf("case %d (%s): ", cur_case, cur_book); \
	fail_msg(__VA_ARGS__); \
} while (0)

static void compute(const struct rulebook *rb, const struct engine_case *c,
		    month_t through, struct engine_result *out)
{
	struct kverr e;

	kverr_clear(&e);
	if (engine_compute(rb, c, through, out, &e))
		PROP_FAIL("engine_compute: %s (%s)", e.message, e.code);
}

static void settle(const struct engine_result *owed, const struct engine_case *c,
		   month_t through, struct engine_result *out)
{
	struct kverr e;

	kverr_clear(&e);
	if (engine_settle(owed, c, through, out, &e))
		PROP_FAIL("engine_settle: %s (%s)", e.message, e.code);
}

static void set_paid(struct engine_case *c, const struct engine_result *a,
		     const struct engine_result *b)
{
	c->n_paid = 0;
	for (int k = 0; k < 2; k++) {
		const struct engine_result *r = k ? b : a;

		for (int i = 0; r && i < r->n; i++) {
			struct engine_paid *p = &c->paid[c->n_paid++];

			assert_true(c->n_paid <= ENGINE_MAX_PAID);
			memcpy(p->key, r->lines[i].key, sizeof(p->key));
			p->amount = r->lines[i].amount;
		}
	}
}

/* (d), and the shape of every result: due by `through`, sorted, each key
 * once (a key is what is paid; two lines with one key would be one
 * payment). */
static void check_lines(const struct engine_result *r, month_t through,
			const char *what)
{
	for (int i = 0; i < r->n; i++) {
		const struct engine_line *l = &r->lines[i];

		if (l->component == COMP_CLAWBACK ? l->amount >= 0 :
		    l->component == COMP_CORRECTION ? l->amount <= 0 :
		    l->amount < 0)
			PROP_FAIL("%s: %s line %s has amount %lld", what,
				  engine_component_names[l->component], l->key,
				  (long long)l->amount);
		if (l->due > through)
			PROP_FAIL("%s: line %s due after the run", what, l->key);
		if (!l->key[0])
			PROP_FAIL("%s: a line without a key", what);
		if (i > 0 && (r->lines[i - 1].due > l->due ||
			      (r->lines[i - 1].due == l->due &&
			       r->lines[i - 1].component > l->component)))
			PROP_FAIL("%s: lines out of order at %s", what, l->key);
		for (int k = 0; k < i; k++)
			if (strcmp(r->lines[k].key, l->key) == 0)
				PROP_FAIL("%s: key %s twice", what, l->key);
	}
}

static bool same_line(const struct engine_line *a, const struct engine_line *b)
{
	return a->period == b->period && a->due == b->due &&
	       a->component == b->component && a->amount == b->amount &&
	       strcmp(a->rule, b->rule) == 0 && strcmp(a->key, b->key) == 0 &&
	       strcmp(a->explain, b->explain) == 0;
}

/* Key and amount, for the per-key sums of (c). */
struct kv {
	const char *key;
	ore_t amount;
	enum engine_component comp;
};

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

static int collect(const struct engine_result *r, struct kv *out)
{
	for (int i = 0; i < r->n; i++) {
		out[i].key = r->lines[i].key;
		out[i].amount = r->lines[i].amount;
		out[i].comp = r->lines[i].component;
	}
	qsort(out, (size_t)r->n, sizeof(*out), kv_cmp);
	return r->n;
}

/* Sum of the lines of a (sorted, n) with key, advancing *i past them;
 * *seen tells whether there was any. */
static ore_t take(const struct kv *a, int n, int *i, const char *key, bool *seen,
		  bool *correcting)
{
	ore_t sum = 0;

	*seen = false;
	while (*i < n && strcmp(a[*i].key, key) == 0) {
		sum += a[*i].amount;
		*seen = true;
		if (correcting)
			*correcting = a[*i].comp == COMP_CORRECTION ||
				      a[*i].comp == COMP_CLAWBACK;
		(*i)++;
	}
	return sum;
}

static struct kv kv_paid[ENGINE_MAX_LINES], kv_post[ENGINE_MAX_LINES],
		 kv_owed[ENGINE_MAX_LINES];

/* (c): for every key, what was paid plus what is posted now is what is
 * owed on the new facts.  A key already paid is only ever corrected or
 * clawed back; a new key is paid as computed. */
static void check_per_key(const struct engine_result *paid,
			  const struct engine_result *post,
			  const struct engine_result *owed, const char *what)
{
	int np = collect(paid, kv_paid), ns = collect(post, kv_post),
	    no = collect(owed, kv_owed);
	int ip = 0, is = 0, io = 0;

	while (ip < np || is < ns || io < no) {
		const char *key = NULL;
		bool sp, ss, so, correcting = false;
		ore_t p, s, o;

		if (ip < np)
			key = kv_paid[ip].key;
		if (is < ns && (!key || strcmp(kv_post[is].key, key) < 0))
			key = kv_post[is].key;
		if (io < no && (!key || strcmp(kv_owed[io].key, key) < 0))
			key = kv_owed[io].key;
		p = take(kv_paid, np, &ip, key, &sp, NULL);
		s = take(kv_post, ns, &is, key, &ss, &correcting);
		o = take(kv_owed, no, &io, key, &so, NULL);
		if (p + s != o)
			PROP_FAIL("after %s: key %s: paid %lld + posted %lld != owed"
				  " %lld", what, key, (long long)p, (long long)s,
				  (long long)o);
		if (ss && sp != correcting)
			PROP_FAIL("after %s: key %s: %s", what, key, sp ?
				  "paid before, but posted as new" :
				  "never paid, but posted as a correction");
	}
}

/* ---------------------------------------------------------------- */
/* The expected result, computed here from the rulebook (a)          */

static int track_on(const struct engine_case *c, date_t d)
{
	int t = 0;

	for (int i = 0; i < c->n_tracks; i++)
		if (c->tracks[i].from <= d)
			t = c->tracks[i].track;
	return t;
}

/* The outcome that governs a payment with these weights: approved,
 * counting, earliest start, the first listed on a tie. */
static const struct engine_outcome *governing(const enum rb_weight *w,
					      const struct engine_case *c)
{
	const struct engine_outcome *g = NULL;

	for (int i = 0; i < c->n_outcomes; i++) {
		const struct engine_outcome *o = &c->outcomes[i];

		if (o->evidence == EVIDENCE_APPROVED && w[o->type] != RB_WEIGHT_NONE &&
		    (!g || o->start < g->start))
			g = o;
	}
	return g;
}

#define SPAN 256

/* The self-supporting months (ascending, once) of every approved, counting
 * outcome from g's start month on. */
static int union_months(const enum rb_weight *w, const struct engine_case *c,
			const struct engine_outcome *g, month_t *out)
{
	bool mark[SPAN] = { false };
	month_t from = date_month(g->start);
	int n = 0;

	for (int i = 0; i < c->n_outcomes; i++) {
		const struct engine_outcome *o = &c->outcomes[i];

		if (o->evidence != EVIDENCE_APPROVED || w[o->type] == RB_WEIGHT_NONE)
			continue;
		for (int k = 0; k < o->n_months; k++)
			if (o->months[k] >= from) {
				assert_true(o->months[k] - from < SPAN);
				mark[o->months[k] - from] = true;
			}
	}
	for (int i = 0; i < SPAN; i++)
		if (mark[i])
			out[n++] = from + i;
	return n;
}

static int64_t value(const struct rb_param *p, date_t d, int track)
{
	int64_t v;

	if (rb_value(p, d, track, &v))
		PROP_FAIL("no rulebook value in force");
	return v;
}

struct expected {
	ore_t result, sparse, shortage;
};

/* P-5, P-7, P-10, P-9, P-11: the amounts on the outcome's start (P-14). */
static void expected_result(const struct rulebook *rb, const struct engine_case *c,
			    const struct engine_outcome *g, struct expected *x)
{
	date_t on = g->start;
	int track = track_on(c, on);
	int64_t amount = value(&rb->result_ore, on, track);
	int64_t factor = 10000, pct;
	const char *home = NULL;

	if (rb->weight[g->type] == RB_WEIGHT_REDUCED)
		amount = money_mul_ratio(amount, value(&rb->reduced_percent, on, 0), 100);
	if (rb->cycle_normal_bp.present) {
		int64_t u = -1;

		for (int i = 0; i < c->context.n_unemployment; i++)
			if (c->context.unemployment_month[i] == date_month(on))
				u = c->context.unemployment_bp[i];
		assert_true(u >= 0);
		/* +slope bp of the factor per percentage point above normal. */
		factor = 10000 + value(&rb->cycle_slope_bp, on, 0) *
			 (u - value(&rb->cycle_normal_bp, on, 0)) / 100;
		if (factor < value(&rb->cycle_floor_bp, on, 0))
			factor = value(&rb->cycle_floor_bp, on, 0);
		if (factor > value(&rb->cycle_ceiling_bp, on, 0))
			factor = value(&rb->cycle_ceiling_bp, on, 0);
	}
	x->result = money_mul_ratio(amount, factor, 10000);

	x->sparse = 0;
	for (int i = 0; i < c->n_residences; i++)
		if (c->residences[i].from <= on)
			home = c->residences[i].municipality;
	pct = rb_value_or_zero(&rb->sparse_percent, on, 0);
	if (home && pct && (strcmp(home, "2506") == 0 || strcmp(home, "2584") == 0))
		x->sparse = money_mul_ratio(x->result, pct, 100);

	x->shortage = 0;
	pct = rb_value_or_zero(&rb->shortage_percent, on, 0);
	for (int i = 0; pct && g->occupation[0] && i < c->context.n_shortage; i++) {
		const struct engine_shortage *s = &c->context.shortage[i];

		if (s->half_year == half_year(on) &&
		    strcmp(s->occupation, g->occupation) == 0 &&
		    s->tenths > rb_value_or_zero(&rb->shortage_above_tenths, on, 0))
			x->shortage = money_mul_ratio(x->result, pct, 100);
	}
}

/* Sum of the lines whose key starts with prefix; *n counts them. */
static ore_t sum_prefix(const struct engine_result *r, const char *prefix, int *n)
{
	size_t len = strlen(prefix);
	ore_t sum = 0;

	*n = 0;
	for (int i = 0; i < r->n; i++)
		if (strncmp(r->lines[i].key, prefix, len) == 0) {
			sum += r->lines[i].amount;
			(*n)++;
		}
	return sum;
}

/* The lines of kind for outcome oid add up to `want` (and never to more
 * than the total), and there are none for any other outcome. */
static void check_prefix(const struct engine_result *r, const char *kind,
			 const char *oid, ore_t total, ore_t want)
{
	char prefix[64];
	int n, n_all;
	ore_t sum, all;

	snprintf(prefix, sizeof(prefix), "%s:%s:", kind, oid);
	sum = sum_prefix(r, prefix, &n);
	snprintf(prefix, sizeof(prefix), "%s:", kind);
	all = sum_prefix(r, prefix, &n_all);
	if (all != sum || n_all != n)
		PROP_FAIL("%s lines for an outcome other than %s", kind, oid);
	if (sum < 0 || sum > total)
		PROP_FAIL("%s:%s: installments add up to %lld of %lld", kind, oid,
			  (long long)sum, (long long)total);
	if (sum != want)
		PROP_FAIL("%s:%s: installments add up to %lld, want %lld of %lld",
			  kind, oid, (long long)sum, (long long)want, (long long)total);
	if (total == 0 && n != 0)
		PROP_FAIL("%s:%s: lines for an amount of 0", kind, oid);
}

static month_t max_month(month_t a, month_t b)
{
	return a > b ? a : b;
}

/* P-8: the parts (of `parts`) earned over the qualifying months and due by
 * the run: first_parts after first_after months, then then_parts every
 * then_every months, at most parts; a break longer than the gap stops the
 * count. */
static int64_t parts_due(const struct rulebook *rb, date_t on,
			 const month_t *months, int n, month_t through,
			 int64_t *parts)
{
	int64_t first_after = value(&rb->first_after_months, on, 0);
	int64_t first_parts = value(&rb->first_parts, on, 0);
	int64_t then_parts = value(&rb->then_parts, on, 0);
	int64_t then_every = rb_value_or_zero(&rb->then_every_months, on, 0);
	int64_t gap = value(&rb->resume_gap_months, on, 0);
	int64_t arrears = value(&rb->result_arrears_months, on, 0);
	int64_t cum = 0;

	*parts = value(&rb->parts, on, 0);
	if (then_every < 1)
		then_every = 1;
	for (int count = 1; count <= n; count++) {
		month_t m = months[count - 1];

		if (count > 1 && m - months[count - 2] - 1 > gap)
			break;
		if (m + arrears > through)
			break;
		if (count >= first_after) {
			cum = first_parts + (count - first_after) / then_every * then_parts;
			if (cum > *parts)
				cum = *parts;
		}
	}
	return cum;
}

/* (a) for the result (P-8 … P-11). */
static void check_result(struct work *w, const struct rulebook *rb,
			 const struct engine_case *c, month_t through)
{
	const struct engine_outcome *g = governing(rb->weight, c);
	month_t months[SPAN], far;
	struct expected x;
	int64_t cum, parts;
	int n, cnt;

	if (!rb->has_result || !g) {
		if (sum_prefix(&w->r1, "result:", &cnt) != 0 || cnt != 0)
			PROP_FAIL("result lines without an approved, counting outcome");
		return;
	}
	expected_result(rb, c, g, &x);
	n = union_months(rb->weight, c, g, months);
	cum = parts_due(rb, g->start, months, n, through, &parts);
	check_prefix(&w->r1, "result", g->id, x.result,
		     money_mul_ratio(x.result, cum, parts));
	check_prefix(&w->r1, "sparse", g->id, x.sparse,
		     money_mul_ratio(x.sparse, cum, parts));
	check_prefix(&w->r1, "shortage", g->id, x.shortage,
		     money_mul_ratio(x.shortage, cum, parts));
	/* 12 consecutive months pay every part in each shipped schedule:
	 * then the installments add up to the whole amount. */
	if (n < 12 || months[11] - months[0] != 11) {
		stats.partial_results++;
		return;
	}
	stats.complete_results++;
	far = max_month(through, months[11] + 12);
	if (parts_due(rb, g->start, months, n, far, &parts) != parts)
		PROP_FAIL("12 consecutive months do not complete the schedule");
	compute(rb, c, far, &w->far);
	check_prefix(&w->far, "result", g->id, x.result, x.result);
	check_prefix(&w->far, "sparse", g->id, x.sparse, x.sparse);
	check_prefix(&w->far, "shortage", g->id, x.shortage, x.shortage);
}

/* The P-13 bonus: the month it is earned in, or -1. */
static month_t expected_bonus_month(const struct rulebook *rb,
				    const struct engine_case *c,
				    const struct engine_outcome *g)
{
	month_t months[SPAN];
	int n = union_months(rb->bonus_weight, c, g, months);
	int64_t need = value(&rb->bonus_months, g->start, 0);
	int64_t gap = rb_value_or_zero(&rb->resume_gap_months, g->start, 0);

	if (rb->bonus_when == RB_BONUS_MONTHS_AFTER_END) {
		/* Not after a switch: the service goes on elsewhere. */
		for (int i = 0; c->end && !c->switched && i < n; i++)
			if (months[i] == date_month(c->end) + need)
				return months[i];
		return -1;
	}
	for (int i = 0; i < n && i < need; i++) {
		if (i > 0 && months[i] - months[i - 1] - 1 > gap)
			return -1;
		if (i + 1 == need)
			return months[i];
	}
	return -1;
}

static void check_bonus(struct work *w, const struct rulebook *rb,
			const struct engine_case *c, month_t through)
{
	const struct engine_outcome *g = governing(rb->bonus_weight, c);
	month_t m;
	int64_t amount, arrears;
	const struct engine_line *l = NULL;
	char key[64];

	if (rb->bonus_when == RB_BONUS_NONE)
		return;
	m = g ? expected_bonus_month(rb, c, g) : -1;
	if (m < 0) {
		for (int i = 0; i < w->r1.n; i++)
			if (w->r1.lines[i].component == COMP_BONUS &&
			    strncmp(w->r1.lines[i].key, "bonus:", 6) == 0)
				PROP_FAIL("a P-13 bonus that is not earned");
		return;
	}
	amount = value(&rb->bonus_ore, g->start, track_on(c, g->start));
	arrears = rb_value_or_zero(&rb->bonus_arrears_months, g->start, 0);
	compute(rb, c, max_month(through, m + (month_t)arrears), &w->far);
	snprintf(key, sizeof(key), "bonus:%s", c->participation_id);
	for (int i = 0; i < w->far.n; i++)
		if (strcmp(w->far.lines[i].key, key) == 0)
			l = &w->far.lines[i];
	if (!l || l->period != m || l->due != m + arrears || l->amount != amount ||
	    l->component != COMP_BONUS)
		PROP_FAIL("P-13 bonus: want %lld öre earned in month %d, got %s",
			  (long long)amount, (int)m, l ? "another line" : "none");
	stats.bonuses++;
}

/* The line with key, or NULL. */
static const struct engine_line *find_key(const struct engine_result *r,
					  const char *key)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->lines[i].key, key) == 0)
			return &r->lines[i];
	return NULL;
}

static int count_prefix(const struct engine_result *r, const char *prefix)
{
	int n;

	sum_prefix(r, prefix, &n);
	return n;
}

/* P-3, P-4, P-13, D-8, P-14, day by day: one line per month of
 * responsibility due by the run, `arrears` months later (not before
 * min_days have run); a weekday month pays the rate in force on each
 * weekday for the track in force that day; a month-basis month pays
 * rate × days / days-in-month, rounded once per stretch of equal rate
 * and track. */
static void check_base(const struct rulebook *rb, const struct engine_case *c,
		       month_t through, const struct engine_result *r)
{
	date_t last = c->end ? c->end : INT32_MAX;
	int64_t weeks, arrears, min_days;
	month_t first_due;
	int want = 0;

	if (rb->base_basis == RB_BASE_NONE) {
		if (count_prefix(r, "base:"))
			PROP_FAIL("base lines without a base section");
		return;
	}
	if (rb_value(&rb->max_weeks, c->start, 0, &weeks) == 0 &&
	    c->start + weeks * 7 - 1 < last)
		last = c->start + (date_t)(weeks * 7 - 1);
	arrears = value(&rb->base_arrears_months, c->start, 0);
	min_days = rb_value_or_zero(&rb->base_min_days, c->start, 0);
	first_due = date_month(c->start) + (month_t)arrears;
	if (min_days > 0) {
		if (c->start + min_days - 1 > last)
			last = c->start - 1;        /* never reached: nothing */
		else
			first_due = date_month(c->start + (date_t)min_days - 1) +
				    (month_t)arrears;
	}
	for (month_t m = date_month(c->start); last >= c->start &&
	     m <= date_month(last); m++) {
		month_t due = m + (month_t)arrears < first_due ? first_due :
			      m + (month_t)arrears;
		date_t from = month_first_day(m) > c->start ? month_first_day(m) :
			      c->start;
		date_t to = month_last_day(m) < last ? month_last_day(m) : last;
		int64_t dim = month_last_day(m) - month_first_day(m) + 1;
		int64_t sum = 0, prev_rate = -1;
		int prev_track = 0, stretches = 0;
		char key[32], mb[MONTH_STRLEN];
		const struct engine_line *l;

		if (due > through)
			break;
		for (date_t d = from; d <= to; d++) {
			int track = track_on(c, d);
			int64_t rate = value(&rb->base_ore, d, track);

			if (track != prev_track || rate != prev_rate)
				stretches++;
			prev_track = track;
			prev_rate = rate;
			if (rb->base_basis == RB_BASE_MONTH || date_weekday(d) <= 5)
				sum += rate;
		}
		month_format(m, mb);
		snprintf(key, sizeof(key), "base:%s", mb);
		l = find_key(r, key);
		/* A month that owes nothing (a weekend, a zero rate) has no
		 * line at all. */
		if (sum == 0 || (rb->base_basis == RB_BASE_MONTH &&
				 money_mul_ratio(prev_rate, to - from + 1, dim) == 0 &&
				 stretches == 1)) {
			if (l)
				PROP_FAIL("%s: a line of %lld öre for a month that owes"
					  " nothing", key, (long long)l->amount);
			continue;
		}
		want++;
		if (!l || l->period != m || l->due != due || l->component != COMP_BASE)
			PROP_FAIL("%s: %s", key, l ? "wrong period, due month or"
				  " component" : "missing");
		if (rb->base_basis == RB_BASE_WEEKDAY ? l->amount != sum :
		    (l->amount * dim - sum > dim * stretches / 2 + dim ||
		     sum - l->amount * dim > dim * stretches / 2 + dim))
			PROP_FAIL("%s: %lld öre, by the day %lld%s", key,
				  (long long)l->amount, (long long)sum,
				  rb->base_basis == RB_BASE_MONTH ? " / days in month" : "");
		if (rb->base_basis == RB_BASE_MONTH && stretches == 1 &&
		    l->amount != money_mul_ratio(prev_rate, to - from + 1, dim))
			PROP_FAIL("%s: %lld öre, pro rata %lld", key,
				  (long long)l->amount,
				  (long long)money_mul_ratio(prev_rate, to - from + 1, dim));
	}
	if (count_prefix(r, "base:") != want)
		PROP_FAIL("%d base lines, %d months due", count_prefix(r, "base:"), want);
	stats.base_months += want;
}

/* P-12: approved items are reimbursed at cost, `within` months after the
 * month they are reported in. */
static void check_fund(const struct rulebook *rb, const struct engine_case *c,
		       month_t through, const struct engine_result *r)
{
	int want = 0;

	for (int i = 0; rb->fund_ore_per_year.present && i < c->n_fund; i++) {
		const struct engine_fund_item *f = &c->fund[i];
		month_t due = date_month(f->date) +
			(month_t)value(&rb->fund_within_months, f->date, 0);
		char key[64];
		const struct engine_line *l;

		if (!f->approved || due > through)
			continue;
		want++;
		snprintf(key, sizeof(key), "fund:%s", f->id);
		l = find_key(r, key);
		if (!l || l->amount != f->cost || l->due != due ||
		    l->component != COMP_FUND)
			PROP_FAIL("%s: %s", key, l ? "wrong line" : "missing");
	}
	if (count_prefix(r, "fund:") != want)
		PROP_FAIL("%d fund lines, %d items due", count_prefix(r, "fund:"), want);
	stats.fund_items += want;
}

/* ---------------------------------------------------------------- */
/* The run                                                           */

static void one_case(struct work *w, const struct rulebook *rb, int serial)
{
	struct engine_case *c = &w->base, *c2 = &w->changed;
	month_t through, later;
	const char *what;
	int k;

	gen_case(rb, c, serial);
	through = date_month(c->start) + testutil_rnd_in(&rng, -1, 30);

	compute(rb, c, through, &w->r1);
	check_lines(&w->r1, through, "compute");                     /* (d) */

	/* (b) Unchanged facts, all paid: nothing to post. */
	set_paid(c, &w->r1, NULL);
	settle(&w->r1, c, through, &w->s);
	if (w->s.n != 0)
		PROP_FAIL("settling what was paid posts %d lines (first %s)",
			  w->s.n, w->s.lines[0].key);

	/* (e) Next month: the same lines plus new ones due then. */
	compute(rb, c, through + 1, &w->r2);
	check_lines(&w->r2, through + 1, "compute through M+1");
	for (k = 0; k < w->r2.n && w->r2.lines[k].due <= through; k++)
		if (k >= w->r1.n || !same_line(&w->r1.lines[k], &w->r2.lines[k]))
			PROP_FAIL("through M+1, line %d (%s) differs from through M",
				  k, w->r2.lines[k].key);
	if (k != w->r1.n)
		PROP_FAIL("through M+1 has %d lines due by M, through M had %d",
			  k, w->r1.n);
	for (int i = k; i < w->r2.n; i++)
		if (w->r2.lines[i].due != through + 1)
			PROP_FAIL("a new line %s not due in M+1", w->r2.lines[i].key);
	settle(&w->r2, c, through + 1, &w->s);
	check_lines(&w->s, through + 1, "settle through M+1");
	if (w->s.n != w->r2.n - k)
		PROP_FAIL("next month posts %d lines, %d are new", w->s.n, w->r2.n - k);
	for (int i = 0; i < w->s.n; i++)
		if (!same_line(&w->s.lines[i], &w->r2.lines[k + i]))
			PROP_FAIL("next month posts %s, not as computed",
				  w->s.lines[i].key);

	/* (a) Installments against the total computed here; the base and
	 * the fund day by day. */
	check_result(w, rb, c, through);
	check_bonus(w, rb, c, through);
	check_base(rb, c, through, &w->r1);
	check_fund(rb, c, through, &w->r1);

	/* (c) One fact changes; settle against what was paid. */
	copy_facts(c2, c);
	what = mutate(rb, c2);
	later = through + testutil_rnd_in(&rng, 0, 2);
	compute(rb, c2, later, &w->r3);
	check_lines(&w->r3, later, what);
	set_paid(c2, &w->r1, NULL);
	settle(&w->r3, c2, later, &w->s);
	check_lines(&w->s, later, what);                             /* (d) */
	check_per_key(&w->r1, &w->s, &w->r3, what);
	for (int i = 0; i < w->s.n; i++) {
		stats.corrections += w->s.lines[i].component == COMP_CORRECTION;
		stats.clawbacks += w->s.lines[i].component == COMP_CLAWBACK;
	}
	for (int i = 0; i < 8; i++)
		if (what == mutation_names[i])
			stats.mutations[i]++;
	/* Once posted, settling again gives nothing. */
	set_paid(c2, &w->r1, &w->s);
	settle(&w->r3, c2, later, &w->r2);
	if (w->r2.n != 0)
		PROP_FAIL("after %s and its settlement, %d more lines (first %s)",
			  what, w->r2.n, w->r2.lines[0].key);
}

static void test_properties(void **state)
{
	struct work *w = *state;
	long lines = 0;

	for (int i = 0; i < N_CASES; i++) {
		int b = i % N_BOOKS;

		cur_case = i;
		cur_book = w->names[b];
		one_case(w, &w->books[b], i);
		lines += w->r1.n;
	}
	printf("engine properties: %d cases, %ld lines computed through M;"
	       " %ld results fully paid, %ld partly; %ld P-13 bonuses; %ld base"
	       " months and %ld fund items checked by the day; after a change"
	       " %ld corrections and %ld clawbacks\n", N_CASES, lines,
	       stats.complete_results, stats.partial_results, stats.bonuses,
	       stats.base_months, stats.fund_items, stats.corrections, stats.clawbacks);
	printf("changes:");
	for (int i = 0; i < 8; i++)
		printf(" %s %ld,", mutation_names[i], stats.mutations[i]);
	printf(" the end date later (the rest)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_properties, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
