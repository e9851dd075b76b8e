/*
 * bench/engine.c — the compensation engine over generated participants.
 *
 * Generates the facts (gen.c), then times the loop that, for every
 * participant, fills the reused struct engine_case from the generated
 * facts and calls engine_compute (terse: no explanations) through the
 * start month + 24, adding the lines up by component.  No JSON is parsed
 * in the timed part: the structs are built directly.  The context (the
 * national series, the shortage index, the sparse municipalities) is the
 * same world for everyone, so it is filled once, as the payment run would
 * keep it.  Prints participant-months per second and the totals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/rulebook.h"
#include "gen.h"

/* "P0001234": a fixed-width id without printf in the loop. */
static void put_id(char *dst, char prefix, int n, int width)
{
	dst[0] = prefix;
	for (int k = width; k >= 1; k--) {
		dst[k] = (char)('0' + n % 10);
		n /= 10;
	}
	dst[width + 1] = '\0';
}

static void fill_context(struct engine_case *c, const struct gen_world *w)
{
	struct engine_context *x = &c->context;

	x->n_unemployment = w->n_unemp;
	for (int i = 0; i < w->n_unemp; i++) {
		x->unemployment_month[i] = w->unemp_first + i;
		x->unemployment_bp[i] = w->unemp_bp[i];
	}
	x->n_shortage = w->n_shortage;
	for (int i = 0; i < w->n_shortage; i++) {
		memcpy(x->shortage[i].occupation, w->occ[w->shortage[i].occ], 8);
		x->shortage[i].half_year = w->shortage[i].half_year;
		x->shortage[i].tenths = w->shortage[i].tenths;
	}
	x->n_sparse = 0;
	for (int i = 0; i < w->n_muni; i++)
		if (w->sparse[i])
			memcpy(x->sparse[x->n_sparse++], w->muni[i], 5);
}

static void fill_case(struct engine_case *c, const struct gen_data *g, int i)
{
	const struct gen_participant *p = &g->p[i];

	put_id(c->participation_id, 'P', i, 7);
	c->start = p->start;
	c->end = p->end;
	c->switched = p->switched;
	c->n_tracks = p->n_tracks;
	for (int k = 0; k < p->n_tracks; k++) {
		c->tracks[k].from = p->track_from[k];
		c->tracks[k].track = p->track[k];
	}
	c->n_residences = p->n_res;
	for (int k = 0; k < p->n_res; k++) {
		c->residences[k].from = p->res_from[k];
		memcpy(c->residences[k].municipality, g->w.muni[p->res_muni[k]], 5);
	}
	c->n_outcomes = p->n_out;
	for (int k = 0; k < p->n_out; k++) {
		const struct gen_outcome *go = &g->out[p->first_outcome + k];
		struct engine_outcome *o = &c->outcomes[k];

		put_id(o->id, 'O', k + 1, 1);
		o->type = (enum rb_outcome)go->type;
		o->start = go->start;
		o->end = 0;
		if (go->occupation >= 0)
			memcpy(o->occupation, g->w.occ[go->occupation], 8);
		else
			o->occupation[0] = '\0';
		o->evidence = (enum engine_evidence)go->evidence;
		o->n_months = go->n_months;
		memcpy(o->months, g->months + go->first_month,
		       (size_t)go->n_months * sizeof(month_t));
	}
	c->n_fund = 0;
	c->n_courses = 0;
	c->n_paid = 0;
}

static int compute_one(const struct rulebook *rb, struct engine_case *c,
		       const struct gen_data *g, int i, struct engine_result *res)
{
	struct kverr e;

	fill_case(c, g, i);
	if (engine_compute(rb, c, g->p[i].through, res, &e)) {
		fprintf(stderr, "engine: participant %d: %s\n", i, e.message);
		return -1;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct gen_args a;
	struct gen_data g;
	static struct rulebook rb;
	struct engine_case *c;
	struct engine_result *res;
	int64_t sum[GEN_N_COMP], lines[GEN_N_COMP], other = 0;
	double t0, secs[100], pm;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (gen_args(argc, argv, &a) || gen_rulebook(a.rules, &rb))
		return 2;
	t0 = gen_now();
	if (gen_make(a.seed, a.n, a.muni_csv, &g))
		return 2;
	printf("generated %d participants (%d outcomes, %d self-supporting months;"
	       " %d of %d municipalities sparse) with seed %llu in %.2f s (not timed)\n",
	       g.n, g.n_out, g.n_months, g.w.n_sparse, g.w.n_muni,
	       (unsigned long long)a.seed, gen_now() - t0);
	c = calloc(1, sizeof(*c));
	res = calloc(1, sizeof(*res));
	if (!c || !res) {
		perror("engine");
		return 2;
	}
	res->terse = true;
	fill_context(c, &g.w);
	pm = (double)g.n * GEN_MONTHS;

	for (int r = 0; r < a.repeat; r++) {
		memset(sum, 0, sizeof(sum));
		memset(lines, 0, sizeof(lines));
		other = 0;
		t0 = gen_now();
		for (int i = 0; i < g.n; i++) {
			if (compute_one(&rb, c, &g, i, res))
				return 1;
			for (int k = 0; k < res->n; k++) {
				int comp = (int)res->lines[k].component;

				if (comp < GEN_N_COMP) {
					sum[comp] += res->lines[k].amount;
					lines[comp]++;
				} else {
					other++;
				}
			}
		}
		secs[r] = gen_now() - t0;
		printf("run %d: %.3f s, %.2f M participant-months/s\n", r + 1,
		       secs[r], pm / secs[r] / 1e6);
	}
	if (other)
		printf("warning: %lld lines of other components\n", (long long)other);
	qsort(secs, (size_t)a.repeat, sizeof(secs[0]), cmp_double);
	printf("participants: %d\nparticipant-months: %.0f\n", g.n, pm);
	printf("seconds: %.3f (median of %d runs)\n", secs[a.repeat / 2], a.repeat);
	gen_print_totals(sum, lines);
	printf("engine: %.2f M participant-months/s\n", pm / secs[a.repeat / 2] / 1e6);

	if (a.dump) {
		/* Per participant and component, for finding a difference. */
		FILE *f = fopen(a.dump, "w");

		if (!f) {
			perror(a.dump);
			return 2;
		}
		for (int i = 0; i < g.n; i++) {
			int64_t s[GEN_N_COMP] = { 0 }, nl[GEN_N_COMP] = { 0 };

			if (compute_one(&rb, c, &g, i, res))
				return 1;
			for (int k = 0; k < res->n; k++)
				if ((int)res->lines[k].component < GEN_N_COMP) {
					s[res->lines[k].component] += res->lines[k].amount;
					nl[res->lines[k].component]++;
				}
			for (int k = 0; k < GEN_N_COMP; k++)
				if (nl[k])
					fprintf(f, "%d %d %lld %lld\n", i, k,
						(long long)s[k], (long long)nl[k]);
		}
		fclose(f);
	}
	free(c);
	free(res);
	gen_free(&g);
	return 0;
}
