/*
 * providers.h — providers: registration, the profile jobseekers compare
 * (services, languages, locations with accessibility, digital delivery —
 * C-1, D-4), and subcontractors (Q-2 applies to them too).
 */
#ifndef PROVIDERS_H
#define PROVIDERS_H

#include "app/app.h"

int app_provider_register(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_provider_profile_set(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e);
int app_provider_get(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_providers_list(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
int app_provider_payment_set(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e);
int app_subcontractor_add(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);

/* Add description, services, languages, locations and digital_delivery to
 * a row that has "id" (a provider id). */
int providers_add_profile(struct app_ctx *cx, json_t *row, struct kverr *e);

#endif
