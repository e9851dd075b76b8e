/*
 * profile_params.c — reading rules/profiling.json (see profile_params.h).
 */
#include "core/profile_params.h"

#include <stddef.h>
#include <string.h>

static const struct effective_key param_keys[] = {
	{ "horizon_months", offsetof(struct profile_params, horizon_months), 1, 60 },
};

int profile_params_parse(const json_t *root, const char *file,
			 struct profile_params *out, struct kverr *e)
{
	memset(out, 0, sizeof(*out));
	return effective_file_parse(root, file, param_keys,
				    sizeof(param_keys) / sizeof(param_keys[0]),
				    out, e);
}
