/*
 * market.h — the market's frame: municipalities, programmes and their
 * delivery areas, and the public list of admitted providers (F-1 … F-5,
 * admission is per delivery area).
 */
#ifndef MARKET_H
#define MARKET_H

#include "app/app.h"

/* Load data/municipalities.csv into an empty table (set-up, system actor). */
int app_municipalities_load(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);
int app_municipalities_list(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);

int app_programme_create(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_programmes_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);
int app_programme_get(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_area_create(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);

/* Public: providers admitted (not ended) in the delivery area that holds
 * in.municipality, for in.programme_id or every programme. */
int app_public_providers(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);

#endif
