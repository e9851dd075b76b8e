/*
 * cache.c — the answers to anonymous GETs kept in memory (see cache.h).
 *
 * Why: the comparison page and the public provider list are what every
 * jobseeker asks for, and they change only when someone writes; making
 * them costs a dozen queries and a page of HTML each time (bench/http).
 *
 * Correctness first.  An answer is given out only under the stamp it was
 * made under, and the stamp is read before the database is: a write that
 * commits while an answer is being made moves the generation, so that
 * answer is stale the moment it is kept (app_generation counts after the
 * commit).  Only anonymous GETs come here (web.c, server.c), and a page is
 * kept only when it says it is the same for every anonymous visitor
 * (pg->cacheable); the one part that is the visitor's own, the CSRF token,
 * is a hole filled per visitor.
 *
 * The table: CACHE_BUCKETS buckets of CACHE_WAYS answers each, found by a
 * hash of the key; a full bucket gives up its oldest.  At most
 * CACHE_BYTES_MAX bytes are kept, so no sequence of addresses can grow it
 * without bound.  A read-write lock: answers are copied out under the read
 * lock (a page is a few tens of kilobytes), so hits run side by side.
 */
#include "http/cache.h"
#include "http/html.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_BUCKETS 1024
#define CACHE_WAYS 4
#define CACHE_ENTRY_MAX (1024 * 1024)
#define CACHE_BYTES_MAX (64 * 1024 * 1024)
#define HOLE_LEN 64
#define HASH_LEN 8

struct entry {
	char *key;
	char *body;            /* with the holes */
	size_t len;
	size_t *holes;         /* where each hole starts, ascending */
	size_t nholes;
	unsigned char hash[HASH_LEN];   /* of body, for the ETag */
};

struct bucket {
	struct entry *way[CACHE_WAYS];
	unsigned next;         /* the way the next new answer takes */
};

struct cache {
	pthread_rwlock_t lock;
	struct cache_stamp stamp;   /* of every answer kept */
	size_t bytes;
	struct bucket bucket[CACHE_BUCKETS];
	char hole[HOLE_LEN + 1];
};

/* ------------------------------------------------------------ set-up */

int cache_open(struct cache **out, struct kverr *e)
{
	struct cache *c = calloc(1, sizeof(*c));
	unsigned char raw[HOLE_LEN / 2];

	*out = NULL;
	if (!c)
		return kverr_set(e, KVERR_INTERNAL, "no_memory", NULL, "Out of memory.");
	if (pthread_rwlock_init(&c->lock, NULL)) {
		free(c);
		return kverr_set(e, KVERR_INTERNAL, "no_lock", NULL,
				 "Cannot make the cache's lock.");
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(c->hole, sizeof(c->hole), raw, sizeof(raw));
	*out = c;
	return 0;
}

static void entry_free(struct entry *en)
{
	if (!en)
		return;
	free(en->key);
	free(en->body);
	free(en->holes);
	free(en);
}

static size_t entry_bytes(const struct entry *en)
{
	return sizeof(*en) + strlen(en->key) + en->len +
	       en->nholes * sizeof(*en->holes);
}

/* Under the write lock. */
static void drop_all(struct cache *c)
{
	for (int b = 0; b < CACHE_BUCKETS; b++) {
		for (int w = 0; w < CACHE_WAYS; w++) {
			entry_free(c->bucket[b].way[w]);
			c->bucket[b].way[w] = NULL;
		}
	}
	c->bytes = 0;
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	drop_all(c);
	pthread_rwlock_destroy(&c->lock);
	free(c);
}

void cache_stamp_now(struct app *app, struct cache_stamp *st)
{
	st->generation = app_generation(app);
	st->day = app_civil_date(app_now(app));
}

const char *cache_hole(const struct cache *c)
{
	return c->hole;
}

/* -------------------------------------------------------------- keys */

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
			       const char *name, const char *value)
{
	struct strbuf *key = cls;

	(void)kind;
	strbuf_adds(key, "&");
	html_url_component(key, name);
	/* "?a" and "?a=" differ to libmicrohttpd; keep them apart. */
	if (value) {
		strbuf_adds(key, "=");
		html_url_component(key, value);
	}
	return key->len > CACHE_KEY_MAX ? MHD_NO : MHD_YES;
}

bool cache_key(struct strbuf *key, struct MHD_Connection *conn,
	       const char *kind, const char *path)
{
	strbuf_release(key);
	/* The path's length first: a decoded path may hold any byte. */
	strbuf_addf(key, "%s %zu:%s ?", kind, strlen(path), path);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, key);
	return !key->failed && key->len <= CACHE_KEY_MAX;
}

static uint64_t key_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return h;
}

static bool same_stamp(const struct cache_stamp *a, const struct cache_stamp *b)
{
	return a->generation == b->generation && a->day == b->day;
}

/* ------------------------------------------------------------ bodies */

static void make_etag(const unsigned char hash[HASH_LEN], const char *token,
		      char etag[CACHE_ETAG_LEN])
{
	crypto_generichash_state s;
	unsigned char out[HASH_LEN];
	char hex[2 * HASH_LEN + 1];

	crypto_generichash_init(&s, NULL, 0, sizeof(out));
	crypto_generichash_update(&s, hash, HASH_LEN);
	if (token)
		crypto_generichash_update(&s, (const unsigned char *)token,
					  strlen(token));
	crypto_generichash_final(&s, out, sizeof(out));
	sodium_bin2hex(hex, sizeof(hex), out, sizeof(out));
	etag[0] = '"';
	memcpy(etag + 1, hex, 2 * HASH_LEN);
	etag[CACHE_ETAG_LEN - 2] = '"';
	etag[CACHE_ETAG_LEN - 1] = '\0';
}

/* The body with each hole replaced by fill (HOLE_LEN long: a token is as
 * long as a hole, so the length is the body's). */
static bool assemble(const char *body, size_t len, const size_t *holes,
		     size_t nholes, const char *fill, struct cache_reply *out)
{
	out->body = malloc(len + 1);
	if (!out->body)
		return false;
	memcpy(out->body, body, len);
	out->body[len] = '\0';
	out->len = len;
	for (size_t i = 0; i < nholes; i++)
		memcpy(out->body + holes[i], fill, HOLE_LEN);
	return true;
}

/* The next hole at or after p, or NULL (memmem is not standard C). */
static const char *next_hole(const char *hole, const char *p, const char *end)
{
	while (end - p >= HOLE_LEN && (p = memchr(p, hole[0],
						  (size_t)(end - p - HOLE_LEN + 1)))) {
		if (memcmp(p, hole, HOLE_LEN) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* Where the holes are in body; *holes is malloc'd (NULL when none). */
static bool find_holes(const char *hole, const char *body, size_t len,
		       size_t **holes, size_t *nholes)
{
	size_t cap = 0;
	const char *p = body, *end = body + len;

	*holes = NULL;
	*nholes = 0;
	while ((p = next_hole(hole, p, end))) {
		if (*nholes == cap) {
			size_t *grown = realloc(*holes, (cap = cap ? 2 * cap : 4) *
						sizeof(**holes));

			if (!grown) {
				free(*holes);
				*holes = NULL;
				return false;
			}
			*holes = grown;
		}
		(*holes)[(*nholes)++] = (size_t)(p - body);
		p += HOLE_LEN;
	}
	return true;
}

static bool token_ok(const char *token)
{
	return !token || strlen(token) == HOLE_LEN;
}

bool cache_fill(const struct cache *c, const char *body, size_t len,
		const char *token, struct cache_reply *out)
{
	unsigned char hash[HASH_LEN];
	size_t *holes, nholes;
	bool ok;

	memset(out, 0, sizeof(*out));
	if (!token_ok(token) || !find_holes(c->hole, body, len, &holes, &nholes))
		return false;
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)body, len,
			   NULL, 0);
	ok = assemble(body, len, holes, nholes, token ? token : c->hole, out);
	free(holes);
	if (ok)
		make_etag(hash, token, out->etag);
	return ok;
}

/* ------------------------------------------------------------- table */

/* The entry for key in its bucket, or NULL.  Under either lock. */
static struct entry **find(struct cache *c, const char *key, struct bucket **bk)
{
	struct bucket *b = &c->bucket[key_hash(key) % CACHE_BUCKETS];

	*bk = b;
	for (int w = 0; w < CACHE_WAYS; w++)
		if (b->way[w] && strcmp(b->way[w]->key, key) == 0)
			return &b->way[w];
	return NULL;
}

bool cache_get(struct cache *c, const char *key, const struct cache_stamp *st,
	       const char *token, struct cache_reply *out)
{
	struct bucket *b;
	struct entry **slot;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	if (!token_ok(token))
		return false;
	pthread_rwlock_rdlock(&c->lock);
	if (same_stamp(&c->stamp, st) && (slot = find(c, key, &b))) {
		const struct entry *en = *slot;

		ok = assemble(en->body, en->len, en->holes, en->nholes,
			      token ? token : c->hole, out);
		if (ok)
			make_etag(en->hash, token, out->etag);
	}
	pthread_rwlock_unlock(&c->lock);
	return ok;
}

static struct entry *entry_new(const struct cache *c, const char *key,
			       const char *body, size_t len)
{
	struct entry *en = calloc(1, sizeof(*en));

	if (!en)
		return NULL;
	en->key = strdup(key);
	en->body = malloc(len + 1);
	if (!en->key || !en->body ||
	    !find_holes(c->hole, body, len, &en->holes, &en->nholes)) {
		entry_free(en);
		return NULL;
	}
	memcpy(en->body, body, len);
	en->body[len] = '\0';
	en->len = len;
	crypto_generichash(en->hash, sizeof(en->hash), (const unsigned char *)body,
			   len, NULL, 0);
	return en;
}

void cache_put(struct cache *c, const char *key, const struct cache_stamp *st,
	       const char *body, size_t len)
{
	struct entry *en, **slot;
	struct bucket *b;

	if (len > CACHE_ENTRY_MAX || strlen(key) > CACHE_KEY_MAX)
		return;
	/* Made outside the lock: hashing a page takes a while. */
	en = entry_new(c, key, body, len);
	if (!en)
		return;
	pthread_rwlock_wrlock(&c->lock);
	if (!same_stamp(&c->stamp, st) ||
	    c->bytes + entry_bytes(en) > CACHE_BYTES_MAX) {
		/* Everything kept is stale (or the cache is full): start
		 * over.  A stamp older than the kept ones only costs those
		 * a miss; it is never given out, for the generation never
		 * goes back. */
		drop_all(c);
		c->stamp = *st;
	}
	slot = find(c, key, &b);
	if (!slot) {
		slot = &b->way[b->next];
		b->next = (b->next + 1) % CACHE_WAYS;
	}
	if (*slot)
		c->bytes -= entry_bytes(*slot);
	entry_free(*slot);
	*slot = en;
	c->bytes += entry_bytes(en);
	pthread_rwlock_unlock(&c->lock);
}

/* ------------------------------------------------------ conditionals */

bool cache_not_modified(struct MHD_Connection *conn, const char *etag)
{
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						      "If-None-Match");

	/* A list of (possibly weak, W/"…") tags; the weak comparison is
	 * the one RFC 9110 asks for here.  Ours are quoted hex, so one
	 * cannot be part of another. */
	if (!inm)
		return false;
	inm += strspn(inm, " ");
	return strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL;
}
