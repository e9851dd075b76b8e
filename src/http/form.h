/*
 * form.h — what a page's form sends: application/x-www-form-urlencoded
 * parsing with limits, multipart/form-data for the forms that upload a file
 * (an outcome's evidence, P-8), the CSRF token every POST carries, and the
 * list of validation errors a page shows next to its fields (issue 8 §4).
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
#include "core/limits.h"

#define FORM_MAX_BODY    (64 * 1024)  /* bytes of one urlencoded body */
#define FORM_MAX_FIELDS  64
#define FORM_MAX_NAME    64           /* bytes of a field name */
#define FORM_MAX_VALUE   4000         /* bytes of a decoded value (LIMIT_TEXT) */
#define FORM_CSRF_HEX    (crypto_auth_BYTES * 2 + 1)
#define FORM_CSRF_FIELD  "csrf"

/* A multipart body: one evidence file (LIMIT_EVIDENCE_BYTES, as the JSON
 * API's) and the form's fields around it.  A file over the evidence limit
 * but within the body is kept, so the use case refuses it next to its
 * field; a larger body is refused whole. */
#define FORM_MAX_UPLOAD  (LIMIT_EVIDENCE_BYTES + FORM_MAX_BODY)
#define FORM_MAX_FILES   2
#define FORM_MAX_PART_HEADERS 1024    /* bytes of one part's headers */
#define FORM_MAX_MEDIA_TYPE   100

struct form_field {
	char *name, *value;
};

/* An uploaded file: the browser's name and type are hints only (the use
 * case decides the type by the content). */
struct form_file {
	char *name;          /* the field */
	char *filename;      /* without any folder */
	char *media_type;    /* "" when the browser sent none */
	unsigned char *data;
	size_t len;
};

struct form {
	int n;
	struct form_field f[FORM_MAX_FIELDS];
	int nfiles;
	struct form_file files[FORM_MAX_FILES];
};

/* Parse a body (or a query string).  Refuses, naming the field, a body
 * over FORM_MAX_BODY, too many fields, an over-long name or value, a bad
 * %-escape, invalid UTF-8 or a control character other than tab, CR, LF.
 * On failure nothing is kept. */
int form_parse(struct form *f, const char *body, size_t len, struct kverr *e);
void form_release(struct form *f);

/* Parse a multipart/form-data body; content_type is the request's header
 * (it carries the boundary).  Text fields obey the limits above and land
 * where form_get finds them; a file field with an empty name and no
 * content (nothing chosen) is left out.  Refuses, naming the field, a
 * body over FORM_MAX_UPLOAD, a missing or malformed boundary, part or
 * header, more than FORM_MAX_FILES files, and what form_parse refuses.
 * On failure nothing is kept. */
int form_parse_multipart(struct form *f, const char *content_type,
			 const char *body, size_t len, struct kverr *e);

/* The first file sent as field name, or NULL. */
const struct form_file *form_file(const struct form *f, const char *name);

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
