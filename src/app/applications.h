/*
 * applications.h — a provider's application to a programme's delivery
 * areas, the authority's checks on it (Q-2 … Q-5), its decision deadline
 * and the decisions that admit, refuse and terminate per
 * delivery area.
 */
#ifndef APPLICATIONS_H
#define APPLICATIONS_H

#include "app/app.h"

int app_application_submit(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e);
int app_applications_list(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_application_get(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);
int app_application_incomplete(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e);
int app_application_complete(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e);

/* checks.c */
int app_check_record(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);

/* decisions.c */
int app_decision_make(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);
int app_admission_terminate(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e);
int app_admissions_list(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e);

/* Load an application row the actor may see (authority, or its own
 * provider's staff); NULL with e set otherwise. */
json_t *applications_load(struct app_ctx *cx, int64_t id, struct kverr *e);

#endif
