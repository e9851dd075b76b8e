/*
 * routes.h — the one table of every HTTP route: method, path pattern, the
 * roles it admits, and the use case it calls.  Access control is read here
 * at a glance; the use cases check again (defence in depth).
 */
#ifndef ROUTES_H
#define ROUTES_H

#include "app/app.h"

enum route_special {
	ROUTE_PLAIN = 0,
	ROUTE_SESSION_CREATE,   /* sets the session cookie */
	ROUTE_SESSION_DELETE,   /* clears it */
	ROUTE_HEALTH,
	ROUTE_INDEX,
	ROUTE_FILE              /* the use case's {filename, media_type,
				 * content_base64} goes out as a download */
};

struct route {
	const char *method;
	const char *pattern;    /* "/api/v1/applications/{application_id}/checks" */
	int roles;              /* 0 = the public (anyone) */
	app_usecase_fn fn;
	bool writes;
	int ok_status;          /* 200 or 201 */
	const char *query;      /* accepted query keys with types: "status:s provider_id:i" */
	enum route_special special;
};

extern const struct route routes_table[];

#define ROUTES_ALLOW_LEN 40

/* Match method and path.  On a match returns the route and puts the path
 * parameter (if any) into params (name -> integer or string).  allow gets
 * the methods the path accepts ("GET, POST"), empty for an unknown path:
 * with a NULL return and a non-empty allow, the answer is 405. */
const struct route *routes_match(const char *method, const char *path,
				 json_t *params, char allow[ROUTES_ALLOW_LEN]);

#endif
