/*
 * nonchoice.c — the three non-choice rules of C-4 (see nonchoice.h).
 * Each rule is an ordering of the candidates; the first wins.  Ties always
 * end in the lowest provider id, so a run is reproducible.
 */
#include "core/nonchoice.h"

#include <stdio.h>

const char *const nonchoice_rule_names[NONCHOICE_RULE_COUNT + 1] = {
	"best_rated", "nearest", "rotation", NULL
};

/* Whether the candidate meets the jobseeker's accessibility need (C-4). */
static bool fits_need(const struct nonchoice_candidate *c,
		      const struct nonchoice_need *need)
{
	if (need->wants_digital)
		return c->digital;
	if (need->needs_accessible)
		return c->accessible_in_municipality;
	return c->in_municipality;
}

/* <0 when a ranks before b, >0 after, 0 only for the same provider. */
static int cmp_tail(const struct nonchoice_candidate *a,
		    const struct nonchoice_candidate *b)
{
	if (a->load != b->load)
		return a->load < b->load ? -1 : 1;   /* fair spread */
	return a->provider_id < b->provider_id ? -1 :
	       a->provider_id > b->provider_id;
}

static int cmp_best_rated(const struct nonchoice_candidate *a,
			  const struct nonchoice_candidate *b,
			  const struct nonchoice_need *need)
{
	bool fa = fits_need(a, need), fb = fits_need(b, need);

	/* Unrated providers tie with each other and rank below rated ones. */
	if (a->rated != b->rated)
		return a->rated ? -1 : 1;
	if (a->rated && a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (fa != fb)
		return fa ? -1 : 1;
	return cmp_tail(a, b);
}

static int cmp_nearest(const struct nonchoice_candidate *a,
		       const struct nonchoice_candidate *b)
{
	if (a->in_municipality != b->in_municipality)
		return a->in_municipality ? -1 : 1;
	if (a->in_county != b->in_county)
		return a->in_county ? -1 : 1;
	return cmp_tail(a, b);
}

static int best_of(enum nonchoice_rule rule, const struct nonchoice_candidate *c,
		   int n, const struct nonchoice_need *need)
{
	int best = 0;

	for (int i = 1; i < n; i++) {
		int d = rule == NONCHOICE_BEST_RATED ?
			cmp_best_rated(&c[i], &c[best], need) :
			cmp_nearest(&c[i], &c[best]);
		if (d < 0)
			best = i;
	}
	return best;
}

/* Sundbyberg: the next provider after the last one, in id order. */
static int rotate(const struct nonchoice_candidate *c, int n, int64_t last)
{
	int next = -1, first = 0;

	for (int i = 0; i < n; i++) {
		if (c[i].provider_id < c[first].provider_id)
			first = i;
		if (c[i].provider_id > last &&
		    (next < 0 || c[i].provider_id < c[next].provider_id))
			next = i;
	}
	return next >= 0 ? next : first;
}

static int count_ties(enum nonchoice_rule rule,
		      const struct nonchoice_candidate *c, int n,
		      const struct nonchoice_need *need, int pick)
{
	int ties = 0;

	for (int i = 0; i < n; i++) {
		const struct nonchoice_candidate *a = &c[i], *b = &c[pick];
		bool same = rule == NONCHOICE_BEST_RATED ?
			a->rated == b->rated && (!a->rated || a->score == b->score) &&
			fits_need(a, need) == fits_need(b, need) :
			a->in_municipality == b->in_municipality &&
			a->in_county == b->in_county;
		ties += same;
	}
	return ties;
}

static void explain_best_rated(const struct nonchoice_candidate *p, int ties,
			       const struct nonchoice_need *need,
			       char why[NONCHOICE_WHY_LEN])
{
	const char *fit = need->wants_digital ?
		(p->digital ? "delivers digitally, as the jobseeker asked" :
			      "no provider with the highest rating delivers digitally") :
		need->needs_accessible ?
		(p->accessible_in_municipality ?
			"has accessible premises in the home municipality" :
			"no provider with the highest rating has accessible premises in the home municipality") :
		(p->in_municipality ? "has premises in the home municipality" :
				      "no provider with the highest rating has premises in the home municipality");

	if (p->rated && p->round_id > 0)
		snprintf(why, NONCHOICE_WHY_LEN, "C-4 best_rated: highest rating"
			 " (%lld stars in rating round %lld); %s; %d provider(s)"
			 " equal on both, this one had the fewest current"
			 " participants (%lld).", (long long)p->score,
			 (long long)p->round_id, fit, ties, (long long)p->load);
	else if (p->rated)
		snprintf(why, NONCHOICE_WHY_LEN, "C-4 best_rated: highest rating"
			 " (score %lld); %s; %d provider(s) equal on both, this"
			 " one had the fewest current participants (%lld).",
			 (long long)p->score, fit, ties, (long long)p->load);
	else
		snprintf(why, NONCHOICE_WHY_LEN, "C-4 best_rated: no provider is"
			 " rated yet, so all tie on rating; %s; %d provider(s)"
			 " equal, this one had the fewest current participants"
			 " (%lld).", fit, ties, (long long)p->load);
}

int nonchoice_pick(enum nonchoice_rule rule,
		   const struct nonchoice_candidate *c, int n,
		   const struct nonchoice_need *need, int64_t last_assigned,
		   int *pick, char why[NONCHOICE_WHY_LEN], struct kverr *e)
{
	const struct nonchoice_candidate *p;

	if (n <= 0)
		return kverr_set(e, KVERR_CONFLICT, "no_provider", "area_id",
				 "No provider is admitted in the jobseeker's"
				 " delivery area, so none can be assigned.");
	if (rule == NONCHOICE_ROTATION) {
		*pick = rotate(c, n, last_assigned);
		snprintf(why, NONCHOICE_WHY_LEN, "C-4 rotation: next in the"
			 " rolling schedule of %d provider(s) after provider %lld.",
			 n, (long long)last_assigned);
		return 0;
	}
	*pick = best_of(rule, c, n, need);
	p = &c[*pick];
	if (rule == NONCHOICE_BEST_RATED) {
		explain_best_rated(p, count_ties(rule, c, n, need, *pick), need, why);
		return 0;
	}
	snprintf(why, NONCHOICE_WHY_LEN, "C-4 nearest: %s; %d provider(s) equally"
		 " near, this one had the fewest current participants (%lld).",
		 p->in_municipality ? "premises in the home municipality" :
		 p->in_county ? "no premises in the home municipality, premises"
				" in the county" :
				"no premises in the municipality or county",
		 count_ties(rule, c, n, need, *pick), (long long)p->load);
	return 0;
}
