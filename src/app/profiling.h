/*
 * profiling.h — the statistical profiling as the journey uses it (A-1, A-2,
 * the active model scores a jobseeker on the day of an
 * assessment, or says exactly why it cannot (no model, an attribute the
 * model has no place for, no local unemployment rate), and the duration
 * rule decides instead.  Also the model registry (load, activate,
 * deactivate, list), the local unemployment rates the model reads, and the
 * count of case officers' overrides.
 */
#ifndef APP_PROFILING_H
#define APP_PROFILING_H

#include "app/app.h"

struct profiling_result {
	bool by_model;           /* the model decided the track */
	int track;               /* 1 … 4 when by_model */
	int64_t score_ppm;       /* the calibrated chance × 1,000,000 */
	char version[40];        /* the model's version */
	json_t *inputs;          /* what the model read, owned */
	json_t *factors;         /* {"up": [...], "down": [...]}, owned */
	json_t *interventions;   /* recommended types, or NULL; owned */
	char fallback[240];      /* why no model was used; "" when none is
				    active (the duration rule is then simply
				    the rule) */
};

/*
 * Score jobseeker `id` on `on` with the active model, months_unemployed
 * being the time unemployed then.  0 with r filled (r->by_model false
 * and r->fallback saying why when the model could not be used); -1 only on
 * a database error.  Free r with profiling_result_free.
 */
int profiling_assess(struct app_ctx *cx, int64_t id, date_t on,
		     int months_unemployed, struct profiling_result *r,
		     struct kverr *e);
void profiling_result_free(struct profiling_result *r);

/* Use cases (models.c). */
int app_model_activate(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
int app_model_deactivate(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_models_list(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_local_unemployment_set(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e);
int app_assessment_overrides(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e);

#endif
