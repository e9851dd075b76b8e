/*
 * journey.h — a seeded simulation of jobseekers' journeys through a
 * market that already has admitted providers: registration, choice or
 * non-choice, switching with notice, the provider's planning meetings,
 * plans, reports and deviations, jobs with outcome claims, evidence and
 * monthly confirmations, reassessments and the authority's ends.
 *
 * Everything goes through the app/ use cases with the clock moved week by
 * week, so the journey obeys the same rules and fills the same audit chain
 * as real use.  The demo uses it to show every stage; the journey test
 * uses it to check invariants over 1,000 people and 24 months.
 */
#ifndef SIM_JOURNEY_H
#define SIM_JOURNEY_H

#include <stdint.h>
#include <stdio.h>

#include "app/app.h"

struct sim_journey_opts {
	uint64_t seed;
	int people;              /* jobseekers to register over the period */
	int months;              /* simulated months, ending at the app's now */
	const char *programme;   /* programme code; its areas need providers */
	FILE *log;               /* progress lines; NULL for none */
	/* Off unless set: each provider's true effect on its participants'
	 * monthly job chance, an odds multiplier × 1000 by provider id
	 * (pop_apply_odds; ids past n_provider_odds or 0 mean none), and a
	 * rating round computed and published at the start of every
	 * rating_months-th month. */
	const int32_t *provider_odds_milli;
	int n_provider_odds;
	int rating_months;
};

struct sim_journey_stats {
	int registered, exempt, chosen, assigned, switched, notices;
	int ended_job, ended_moved, ordered_changes, reassessed, requests;
	int plans, reports, deviations, outcomes, approved, rejected, months;
	int unreviewed;          /* claims left for the officer at the end */
	int attendance;          /* D-11 sessions recorded */
	int income_lines, income_verified;  /* P-8 employers' returns */
	int refused;             /* use-case refusals the simulation expected */
	int ratings;             /* rating rounds published (rating_months) */
};

/* Run the simulation; 0 or -1 with e naming the step that failed. */
int sim_journey_run(struct app *app, const struct sim_journey_opts *o,
		    struct sim_journey_stats *st, struct kverr *e);

/* journey_rating.c: — a rating round measured on `on` as the
 * officer, and published unless the schedule refuses it (*published
 * counts the published ones). */
int sim_journey_rate(struct app *app, const struct actor *officer, date_t on,
		     int *published, struct kverr *e);

#endif
