/*
 * population.h — the synthetic jobseeker population the project's
 * POPULATION.md describes: seeded people with the attributes the
 * profiling reads, and the ground-truth monthly chance of finding work.
 *
 * Used by the demo, the journey simulation and tests; the profiling model
 * must learn the hazard from generated history, never read this table.
 */
#ifndef SIM_POPULATION_H
#define SIM_POPULATION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "sim/rng.h"

enum { POP_AGE_BANDS = 5, POP_REGIONS = 3, POP_EDUCATIONS = 3, POP_FIELDS = 10 };

extern const char *const pop_age_band_names[POP_AGE_BANDS];   /* "16-24" … */
extern const char *const pop_gender_names[2];                 /* "woman", "man" */
extern const char *const pop_region_names[POP_REGIONS];       /* "sweden" … */
extern const char *const pop_education_names[POP_EDUCATIONS]; /* "below_upper_secondary" … */

struct pop_person {
	char pnr[13];                /* a valid personnummer, 12 digits */
	char given[32], family[32];
	int age_band, gender, region, education;
	bool disability, ui_member;
	int previous;                /* registrations in the last 5 years: 0, 1, 2+ (as 2) */
	int field;                   /* occupation field = SSYK major group 0 … 9 */
	char occupation[5];          /* an SSYK 2012 unit group in that field */
	int months_unemployed;       /* at the snapshot */
	bool wants_digital, needs_accessible;
	char lang[3];                /* preferred language of the pages */
};

/*
 * Draw one person as of `today`, by the shares of POPULATION.md.  serial
 * (1 … 999) is the birth number's serial part; callers vary it so that
 * numbers do not collide.
 */
void pop_person_draw(struct sim_rng *r, date_t today, int serial,
		     struct pop_person *out);

/* The ground truth: the chance (per million) that the person leaves for
 * work in a month, after `months` months unemployed, where local
 * unemployment is local_bp (basis points).  Only the simulation reads it. */
int32_t pop_job_chance_ppm(const struct pop_person *p, int months,
			   int32_t local_bp);

/* The chance after a provider's true effect on it, an odds multiplier
 * × 1000 (1000: none; 2000 doubles the odds p / (1 - p)).  The rating's
 * simulation gives providers such effects, which the rating must find. */
int32_t pop_apply_odds(int32_t chance_ppm, int32_t odds_milli);

#endif
