/*
 * nonchoice.h — assigning a provider to a jobseeker who did not choose
 * (C-4, ickeval), by the programme's configured rule:
 *
 *   best_rated  Arbetsförmedlingen: the highest rating first — the stars
 *               of the latest published rating round, unrated
 *               providers tie —, then the jobseeker's accessibility need
 *               (digital delivery when asked for, otherwise premises in
 *               the home municipality — accessible ones when needed), then
 *               the lowest current load (fair spread), then the lowest id.
 *   nearest     KROM: a location in the home municipality, then in the
 *               county, then the lowest load, then the lowest id.
 *   rotation    Sundbyberg's rolling schedule: the providers in id order,
 *               the next after the one assigned last in the area.
 *
 * Pure: the caller gathers the candidates (admitted in the area, not under
 * order stop, not the provider the jobseeker was ordered away from); the
 * function picks one and says why in plain words.
 */
#ifndef NONCHOICE_H
#define NONCHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/kverr.h"

enum nonchoice_rule {
	NONCHOICE_BEST_RATED = 0,
	NONCHOICE_NEAREST,
	NONCHOICE_ROTATION,
	NONCHOICE_RULE_COUNT
};

/* "best_rated" … ; NULL-terminated for in_enum. */
extern const char *const nonchoice_rule_names[NONCHOICE_RULE_COUNT + 1];

struct nonchoice_candidate {
	int64_t provider_id;
	bool rated;                      /* has a published rating score */
	int64_t score;                   /* higher is better; only when rated */
	int64_t round_id;                /* the published rating round the
					    score is from (its stars); 0 when
					    the score comes from elsewhere */
	bool in_municipality;            /* has premises in the home municipality */
	bool accessible_in_municipality; /* … that are accessible */
	bool in_county;                  /* has premises in the home county */
	bool digital;                    /* delivers digitally */
	int64_t load;                    /* current participants in the area */
};

struct nonchoice_need {
	bool wants_digital;
	bool needs_accessible;
};

#define NONCHOICE_WHY_LEN 320

/*
 * Pick one of n candidates (n >= 1).  last_assigned is the provider the
 * rotation assigned last in the area (0 for none).  *pick is the index in
 * c[]; why explains the choice.  -1 with e when there is no candidate.
 */
int nonchoice_pick(enum nonchoice_rule rule,
		   const struct nonchoice_candidate *c, int n,
		   const struct nonchoice_need *need, int64_t last_assigned,
		   int *pick, char why[NONCHOICE_WHY_LEN], struct kverr *e);

#endif
