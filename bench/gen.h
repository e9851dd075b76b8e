/*
 * gen.h — deterministic generated facts for the engine benchmark.
 *
 * Both bench/engine (the structs, computed by engine_compute) and
 * bench/engine-sql (the same facts loaded into SQLite, computed by one
 * set-based statement) call gen_make with the same seed, so they see the
 * same participants, tracks, residences, outcomes and context.  The random
 * numbers come from xorshift64, so a seed gives the same facts on every
 * machine and with every compiler.
 */
#ifndef BENCH_GEN_H
#define BENCH_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"

#define GEN_MAX_TRACKS   3    /* the first track and 0–2 changes */
#define GEN_MAX_RES      2    /* a residence and at most one move */
#define GEN_MAX_OUT      3    /* outcomes of one participant */
#define GEN_MAX_MUNI     300
#define GEN_N_OCC        40   /* occupations in use */
#define GEN_N_OCC_INDEX  30   /* of which these have a shortage index */
#define GEN_MAX_SHORTAGE 400
#define GEN_MAX_UNEMP    120
#define GEN_MONTHS       24   /* each participant is computed through start + 24 */

struct gen_outcome {
	date_t start;
	int type;                 /* enum rb_outcome */
	int evidence;             /* enum engine_evidence */
	int occupation;           /* index into gen_world.occ, -1 for none */
	int n_months;
	int32_t first_month;      /* index of its first month in gen_data.months */
};

struct gen_participant {
	date_t start;
	date_t end;               /* last day of responsibility; 0 = open */
	bool switched;            /* ended by a change of provider */
	month_t through;          /* computed through this month: start month + 24 */
	int n_tracks, n_res, n_out;
	date_t track_from[GEN_MAX_TRACKS];
	int track[GEN_MAX_TRACKS];
	date_t res_from[GEN_MAX_RES];
	int res_muni[GEN_MAX_RES];    /* index into gen_world.muni */
	int32_t first_outcome;        /* index into gen_data.out */
};

struct gen_shortage {
	int occ;                  /* index into gen_world.occ */
	int half_year;            /* year * 2 + (0 Jan–Jun, 1 Jul–Dec) */
	int tenths;
};

/* The world every participant shares: the engine's context. */
struct gen_world {
	int n_muni;
	char muni[GEN_MAX_MUNI][5];
	bool sparse[GEN_MAX_MUNI];
	int n_sparse;
	char occ[GEN_N_OCC][8];
	int n_shortage;
	struct gen_shortage shortage[GEN_MAX_SHORTAGE];
	month_t unemp_first;      /* the series covers unemp_first … + n_unemp - 1 */
	int n_unemp;
	int32_t unemp_bp[GEN_MAX_UNEMP];
};

struct gen_data {
	struct gen_world w;
	int n;
	struct gen_participant *p;
	int n_out;
	struct gen_outcome *out;
	int n_months;
	month_t *months;          /* self-supporting months, ascending per outcome */
};

/* Generate n participants from seed.  muni_csv is data/municipalities.csv
 * (the municipality codes).  0, or -1 with a message on stderr. */
int gen_make(uint64_t seed, int n, const char *muni_csv, struct gen_data *g);
void gen_free(struct gen_data *g);

/* Parse the common command line: --seed N --n N --dump FILE.  Returns 0 or
 * -1 (usage printed). */
struct gen_args {
	uint64_t seed;
	int n;
	int repeat;
	const char *dump;
	const char *rules;
	const char *muni_csv;
};
int gen_args(int argc, char **argv, struct gen_args *a);

/* Seconds on the monotonic clock. */
double gen_now(void);

/* Read and parse a rulebook file.  0, or -1 with a message on stderr. */
struct rulebook;
int gen_rulebook(const char *path, struct rulebook *rb);

/* What both programs print: the per-component totals, the checksum. */
#define GEN_N_COMP 4   /* base, result, supplement (P-9), bonus (P-11) */
extern const char *const gen_comp_names[GEN_N_COMP];
void gen_print_totals(const int64_t sum[GEN_N_COMP], const int64_t lines[GEN_N_COMP]);

#endif
