/*
 * profile_params.h — the parameters of profiling (rules/profiling.json):
 * the horizon of the job chance the authority's models must estimate
 * .  A model of another horizon is refused at activation.
 */
#ifndef PROFILE_PARAMS_H
#define PROFILE_PARAMS_H

#include <jansson.h>

#include "core/effective.h"
#include "core/kverr.h"

struct profile_params {
	struct effective horizon_months;   /* 12 */
};

/* Parse the "parameters" of rules/profiling.json; file names it in errors. */
int profile_params_parse(const json_t *root, const char *file,
			 struct profile_params *out, struct kverr *e);

#endif
