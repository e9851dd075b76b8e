/*
 * roles.h — who can act in kundval.  A route or use case states the roles
 * it admits as a bit mask, so access control reads in one line.
 */
#ifndef ROLES_H
#define ROLES_H

enum role {
	ROLE_NONE = 0,          /* not signed in: the public */
	ROLE_ADMIN = 1 << 0,
	ROLE_CASE_OFFICER = 1 << 1,
	ROLE_CONTROLLER = 1 << 2,
	ROLE_PROVIDER_STAFF = 1 << 3,
	ROLE_JOBSEEKER = 1 << 4
};

#define ROLE_AUTHORITY (ROLE_ADMIN | ROLE_CASE_OFFICER | ROLE_CONTROLLER)
#define ROLE_ANY_USER  (ROLE_AUTHORITY | ROLE_PROVIDER_STAFF | ROLE_JOBSEEKER)

/* "case_officer" <-> ROLE_CASE_OFFICER; NULL / ROLE_NONE when unknown. */
const char *role_name(enum role r);
enum role role_parse(const char *s);

#endif
