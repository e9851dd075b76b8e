/*
 * roles.c — names of the roles as stored and as shown in the API.
 */
#include "core/roles.h"

#include <string.h>

static const struct {
	enum role role;
	const char *name;
} role_names[] = {
	{ ROLE_ADMIN, "admin" },
	{ ROLE_CASE_OFFICER, "case_officer" },
	{ ROLE_CONTROLLER, "controller" },
	{ ROLE_PROVIDER_STAFF, "provider_staff" },
	{ ROLE_JOBSEEKER, "jobseeker" },
};

const char *role_name(enum role r)
{
	for (size_t i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (role_names[i].role == r)
			return role_names[i].name;
	return r == ROLE_NONE ? "public" : NULL;
}

enum role role_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(role_names[i].name, s) == 0)
			return role_names[i].role;
	return ROLE_NONE;
}
