/*
 * rating.h — the provider rating as use cases: compute a round
 * on a measurement date and keep it, publish it on the schedule, read the
 * published rounds (the public) and every round (the authority), and list
 * the termination test's candidates for the case officer.
 *
 * The method is core/rating.c; this layer gathers the measured
 * participations, their outcomes and the admitted providers, stores what
 * the method says, and writes the audit records.  Non-choice reads the
 * latest published round through the view rating_latest (0005_rating.sql).
 */
#ifndef APP_RATING_H
#define APP_RATING_H

#include "app/app.h"
#include "core/rating.h"

/* Load rules_dir/rating.json. */
int rating_params_load(const struct app *app, struct rating_params *p,
		       struct kverr *e);

/* rating.c */
int app_rating_compute(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
int app_rating_publish(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

/* rating_read.c */
int app_ratings_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_rating_get(struct app_ctx *cx, json_t *in, json_t **out,
		   struct kverr *e);
int app_rating_candidates(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);

/* rating_read.c: one round as app_rating_get shows it (filters may be 0). */
json_t *rating_round_json(struct app_ctx *cx, int64_t round_id,
			  int64_t programme_id, int64_t area_id,
			  int64_t provider_id, struct kverr *e);

#endif
