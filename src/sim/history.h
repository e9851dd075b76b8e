/*
 * history.h — seeded labour-market histories for training the profiling
 * model: people drawn by POPULATION.md's shares, each followed
 * month by month from their entry under the ground-truth hazard of
 * population.c until they find work or the horizon ends, and for those
 * who find work whether the job lasts a year.
 *
 * Deterministic: the same seed gives the same rows on every machine.  Each
 * person has a generator of their own, derived from the seed and their id,
 * so the first N people of a larger run are the same people, and a shorter
 * horizon cuts the same histories short.  Only integer draws are made; the
 * hazard is compared as parts per million.
 *
 * The file written (history_write_csv) holds what the model may read and
 * the outcome, never a personnummer or a name:
 *
 *   id,age_band,gender,birth_region,education,disability,ui_member,
 *   previous_registrations,field,local_unemployment_bp,months_unemployed,
 *   job_month,job_lasted
 *
 * categories by population.h's names, booleans as 0/1, previous
 * registrations 0, 1 or 2 (2 or more), field 0 … 9, job_month 1 … horizon
 * or 0 when no job was found within it, job_lasted 0 when no job was found.
 */
#ifndef SIM_HISTORY_H
#define SIM_HISTORY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/date.h"
#include "sim/population.h"
#include "sim/rng.h"

enum {
	HISTORY_MONTHS_DEFAULT = 24,   /* months followed from entry */
	HISTORY_MONTHS_MAX = 120,
	HISTORY_LOCAL_MIN_BP = 300,    /* local unemployment 3 % … 12 % */
	HISTORY_LOCAL_MAX_BP = 1200,
	HISTORY_LINE_MAX = 192         /* a CSV line, with room to spare */
};

/* The first line of the file, with its newline. */
extern const char history_csv_header[];

struct history_row {
	struct pop_person p;     /* the attributes; p.months_unemployed is the
				    time unemployed at entry */
	int32_t local_bp;        /* local unemployment, basis points */
	int horizon;             /* months followed */
	int job_month;           /* 1 … horizon: found work in that month after
				    entry; 0: not within the horizon */
	bool job_lasted;         /* the job lasted 12 months (false when none) */
};

/* Draw a person entering on `entry` and follow them for
 * HISTORY_MONTHS_DEFAULT months.  serial (1 … 999) as for pop_person_draw. */
void history_person(struct sim_rng *r, date_t entry, int serial,
		    struct history_row *out);

/* The same, followed for `horizon` months (1 … HISTORY_MONTHS_MAX). */
void history_person_months(struct sim_rng *r, date_t entry, int serial,
			   int horizon, struct history_row *out);

/* The generator of person `id` (1, 2, …) in the run seeded `seed`. */
void history_rng_for(uint64_t seed, int64_t id, struct sim_rng *r);

/* The row as one CSV line with its newline, NUL-terminated in buf;
 * returns its length, or -1 when it does not fit in size. */
int history_csv_line(int64_t id, const struct history_row *row, char *buf,
		     size_t size);

/* What a run found, for its closing summary and the tests. */
struct history_stats {
	int64_t people;
	int64_t found;             /* found work within the horizon */
	int64_t ended;             /* of them, the job ended within 12 months */
	int64_t within6, within12; /* everyone: found work within 6, 12 months */
	int64_t fresh;             /* fresh inflow: 0 months unemployed at entry */
	int64_t fresh6, fresh12;   /* of them, within 6, 12 months */
};

void history_stats_add(struct history_stats *st, const struct history_row *row);

struct history_opts {
	uint64_t seed;
	int64_t people;          /* rows, ids 1 … people */
	int months;              /* horizon, 1 … HISTORY_MONTHS_MAX */
	date_t entry;            /* the entry date (only the birth dates not
				    written depend on it) */
};

/* Called every few thousand rows and once at the end. */
typedef void (*history_progress_fn)(void *arg, int64_t done, int64_t total);

/* Write the header and the rows to f, adding each row to st (which the
 * caller zeroes).  0, or -1 when a write failed (errno as stdio left it);
 * f is not flushed or closed. */
int history_write_csv(FILE *f, const struct history_opts *o,
		      struct history_stats *st, history_progress_fn progress,
		      void *arg);

#endif
