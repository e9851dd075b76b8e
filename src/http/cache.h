/*
 * cache.h — answers to anonymous GETs kept in memory (cache.c): the public
 * pages and the public JSON lists that every jobseeker comparing providers
 * asks for, which are the same for every anonymous visitor.
 *
 * An answer is kept under its key (what was asked, and in which language)
 * with the stamp it was made under (the database's generation and the
 * day); it is given out only while the stamp is still the current one, so
 * a write ends every kept answer at once.  A page carries each visitor's
 * own CSRF token: it is kept with a hole in its place (cache_hole) and the
 * token is filled in for each visitor.  Signed-in visitors never come here
 * (web.c, server.c).
 */
#ifndef CACHE_H
#define CACHE_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/strbuf.h"

struct cache;

/* What an answer depends on besides what was asked: the database and the
 * day (a page may count days to a date).  Taken before the database is
 * read, so that a write while the answer is made leaves it stale. */
struct cache_stamp {
	uint64_t generation;   /* app_generation */
	date_t day;            /* the Swedish civil date */
};

#define CACHE_ETAG_LEN 19      /* "\"" 16 hex "\"" and the NUL */
#define CACHE_KEY_MAX 2048     /* a longer address is answered, not kept */

/* An answer as it is sent; body is malloc'd and the caller's. */
struct cache_reply {
	char *body;
	size_t len;
	char etag[CACHE_ETAG_LEN];
};

int cache_open(struct cache **out, struct kverr *e);
void cache_close(struct cache *c);

void cache_stamp_now(struct app *app, struct cache_stamp *st);

/* The 64 hex characters a page is made with where the visitor's CSRF
 * token goes (FORM_CSRF_HEX - 1 long, like a token).  Random per process
 * and never sent: every answer has it replaced. */
const char *cache_hole(const struct cache *c);

/* The key of this request into key (reset first): kind ("api", "page
 * sv"), the path, and the query as the client sent it, each name and
 * value re-encoded.  false when longer than CACHE_KEY_MAX. */
bool cache_key(struct strbuf *key, struct MHD_Connection *conn,
	       const char *kind, const char *path);

/* The answer kept for key, if it was made under this very stamp, with
 * token in every hole (NULL: no token; the answer has no holes).  false
 * when there is none, or out of memory. */
bool cache_get(struct cache *c, const char *key, const struct cache_stamp *st,
	       const char *token, struct cache_reply *out);

/* Keep body (holes and all) as key's answer made under st.  A stamp other
 * than the one of the answers kept so far drops them all; so does a full
 * cache (a bounded amount of memory, whatever the addresses asked). */
void cache_put(struct cache *c, const char *key, const struct cache_stamp *st,
	       const char *body, size_t len);

/* body as it is sent: every hole filled with token (NULL: none), and its
 * ETag — the same one cache_get gives for the same body and token.  false
 * when out of memory. */
bool cache_fill(const struct cache *c, const char *body, size_t len,
		const char *token, struct cache_reply *out);

/* Whether the request's If-None-Match names etag (or is "*"). */
bool cache_not_modified(struct MHD_Connection *conn, const char *etag);

#endif
