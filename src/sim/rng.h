/*
 * rng.h — the one seeded generator of src/sim/ (xorshift64*): small, fast
 * and reproducible, so the same seed always gives the same people and the
 * same history.  Not for anything secret.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct sim_rng {
	uint64_t state;
};

static inline void sim_rng_seed(struct sim_rng *r, uint64_t seed)
{
	r->state = seed ? seed : 0x9E3779B97F4A7C15ULL;
}

static inline uint64_t sim_rng_next(struct sim_rng *r)
{
	r->state ^= r->state >> 12;
	r->state ^= r->state << 25;
	r->state ^= r->state >> 27;
	return r->state * 2685821657736338717ULL;
}

/* 0 … n-1 (n >= 1). */
static inline int sim_rng_below(struct sim_rng *r, int n)
{
	return (int)(sim_rng_next(r) % (uint64_t)n);
}

/* True with probability per_mille / 1000. */
static inline bool sim_rng_chance(struct sim_rng *r, int per_mille)
{
	return sim_rng_below(r, 1000) < per_mille;
}

#endif
