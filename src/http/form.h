/*
 * form.h — what a page's form sends: application/x-www-form-urlencoded
 * parsing with limits, the CSRF token every POST carries, and the list of
 * validation errors a page shows next to its fields (issue 8 §4).
 *
 * CSRF: the token is HMAC-SHA-512/256 (libsodium's crypto_auth) of the
 * session cookie — or, before signing in, of a random anonymous cookie —
 * under a key made at server start.  A forged form from another site
 * cannot know it, and the cookies are SameSite=Strict besides.
 */
#ifndef FORM_H
#define FORM_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#include "core/kverr.h"

#define FORM_MAX_BODY    (64 * 1024)  /* bytes of one urlencoded body */
#define FORM_MAX_FIELDS  64
#define FORM_MAX_NAME    64           /* bytes of a field name */
#define FORM_MAX_VALUE   4000         /* bytes of a decoded value (LIMIT_TEXT) */
#define FORM_CSRF_HEX    (crypto_auth_BYTES * 2 + 1)
#define FORM_CSRF_FIELD  "csrf"

struct form_field {
	char *name, *value;
};

struct form {
	int n;
	struct form_field f[FORM_MAX_FIELDS];
};

/* Parse a body (or a query string).  Refuses, naming the field, a body
 * over FORM_MAX_BODY, too many fields, an over-long name or value, a bad
 * %-escape, invalid UTF-8 or a control character other than tab, CR, LF.
 * On failure nothing is kept. */
int form_parse(struct form *f, const char *body, size_t len, struct kverr *e);
void form_release(struct form *f);

/* The first value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);

/* The value with surrounding blanks removed, in buf; NULL when absent or
 * blank. */
const char *form_trimmed(const struct form *f, const char *name, char *buf,
			 size_t size);

void form_csrf_token(const unsigned char key[crypto_auth_KEYBYTES],
		     const char *binding, char out[FORM_CSRF_HEX]);
/* Constant-time check of the token a form sent. */
bool form_csrf_ok(const unsigned char key[crypto_auth_KEYBYTES],
		  const char *binding, const char *given);

/* Validation errors: a field and the translation key of its message. */
#define FORM_MAX_ERRORS 16

struct form_error {
	char field[48];
	char key[64];
};

struct form_errors {
	int n;
	struct form_error err[FORM_MAX_ERRORS];
};

void form_error_add(struct form_errors *fe, const char *field, const char *key);
/* A use case's refusal as a field error: the key is "error.<code>". */
void form_error_from(struct form_errors *fe, const struct kverr *e,
		     const char *field_fallback);
/* The message key for field, or NULL. */
const char *form_error_for(const struct form_errors *fe, const char *field);

#endif
