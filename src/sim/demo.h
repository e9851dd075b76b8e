/*
 * demo.h — builds the demo market that `make run` serves: real
 * municipalities, a national programme delivered per county and a
 * municipal one, providers with applications in every state, and an
 * account for every role.  Everything goes through the app/ use cases, so
 * the demo obeys the same rules and fills the same audit chain as real use.
 */
#ifndef DEMO_H
#define DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "app/app.h"

#define DEMO_PASSWORD "kundval-demo"
#define DEMO_DAY 86400      /* seconds */
#define DEMO_PROVIDERS 44

#define DEMO_PEOPLE 400     /* jobseekers in the national programme's history */

/* Build the demo into an empty database; progress lines go to log. */
int demo_build(struct app *app, uint64_t seed, FILE *log, struct kverr *e);

/* Only the market: programmes, areas, providers, accounts (the journey
 * test adds its own jobseekers). */
int demo_build_market(struct app *app, uint64_t seed, FILE *log,
		      struct kverr *e);

/* demo_profile.c: local unemployment rates and the shipped model. */
int demo_add_profiling(struct app *app, uint64_t seed, FILE *log,
		       struct kverr *e);

/* demo_quality.c: survey answers, a warning and an order stop. */
int demo_add_quality(struct app *app, uint64_t seed, FILE *log,
		     struct kverr *e);

/* demo_pay.c: bankgiros, and the payment runs of the journeys' months. */
int demo_add_payments(struct app *app, FILE *log, struct kverr *e);

#endif
