/*
 * kverr.h — the error every kundval function fills instead of aborting.
 *
 * A function that can fail returns an int status (0 on success) and fills
 * a caller's struct kverr with a status class, a stable machine code, the
 * offending field (a JSON-pointer-like path such as "areas[2]") and a
 * message fit to show a user.  Entry points map the class to an HTTP status
 * or an exit code; nothing below them prints.
 *
 * Messages never contain identity numbers (see DESIGN.md, Conventions).
 */
#ifndef KVERR_H
#define KVERR_H

#include <stdarg.h>

enum kverr_class {
	KVERR_OK = 0,
	KVERR_BAD_REQUEST,   /* malformed, wrong type, missing or unknown field: 400 */
	KVERR_UNAUTHORISED,  /* not signed in: 401 */
	KVERR_FORBIDDEN,     /* signed in, but not allowed: 403 */
	KVERR_NOT_FOUND,     /* 404 */
	KVERR_CONFLICT,      /* the state does not allow it (already decided): 409 */
	KVERR_TOO_LARGE,     /* body over its limit: 413 */
	KVERR_INVALID,       /* well-formed but breaks a rule (bad orgnr, Q-6 bar): 422 */
	KVERR_INTERNAL       /* a bug or the database failed: 500 */
};

struct kverr {
	enum kverr_class cls;
	char code[40];
	char field[96];
	char message[320];
};

/* Fill e and return -1 so callers can write `return kverr_set(...)`.
 * field may be NULL. */
int kverr_set(struct kverr *e, enum kverr_class cls, const char *code,
	      const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

void kverr_clear(struct kverr *e);

/* Prefix the field path: "name" becomes "locations[2].name". */
void kverr_prefix_field(struct kverr *e, const char *prefix);

/* For errors found deep in a document: prefix e's field with "name[i]"
 * (kverr_at) or "name" (kverr_in) and return -1, so the path reads
 * "vers[3].trans[1].account" by the time it leaves.  e may be NULL. */
int kverr_at(struct kverr *e, const char *name, int i);
int kverr_in(struct kverr *e, const char *name);

/* HTTP status for a class (400 … 500). */
int kverr_http_status(enum kverr_class cls);

#endif
