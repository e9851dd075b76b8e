/*
 * web.c — dispatch of the server-rendered pages (see web.h, page.h): the
 * page tables, who is asking (the session cookie), the visitor's language,
 * the CSRF check of every POST, and the response with its headers.  The
 * style sheet is served here too, at a stable path with a version in its
 * query so that browsers may keep it.
 *
 * Access control reads like routes.c: each page states the roles it
 * admits; the use cases it calls check again.
 *
 * An anonymous GET may be answered from the cache (cache.c; see `struct
 * anon` below): the hook is in web_dispatch and send_page.
 */
#include "http/web.h"
#include "http/cache.h"
#include "http/page.h"
#include "app/auth.h"
#include "core/lang.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SESSION_COOKIE "kv_session"
#define ANON_COOKIE "kv_anon"
#define LANG_COOKIE "kv_lang"
#define CSS_PATH "/static/kundval.css"
#define CSS_MAX (256 * 1024)

struct web {
	struct app *app;
	struct i18n *i18n;
	unsigned char csrf_key[crypto_auth_KEYBYTES];
	char *css;
	size_t css_len;
	char css_version[17];  /* 16 hex of the sheet's hash */
	char css_etag[20];     /* the same, quoted */
	struct cache *cache;   /* anonymous pages kept (cache.c) */
};

/* Every page group; a new group is one more line. */
static const struct web_page *const groups[] = {
	page_public_pages,
	page_account_pages,
	page_jobseeker_pages,
	page_payments_pages,
	page_dashboard_pages,
	page_provider_pages,
	page_authority_pages,
	NULL
};

/* ------------------------------------------------------------ set-up */

static int read_css(struct web *w, struct kverr *e)
{
	char path[600];
	unsigned char h[8];
	FILE *f;
	long n;

	/* web/ sits beside data/ (DESIGN.md's tree). */
	snprintf(path, sizeof(path), "%s/../web/kundval.css", w->app->data_dir);
	f = fopen(path, "rb");
	if (!f)
		return kverr_set(e, KVERR_INTERNAL, "no_stylesheet", "data",
				 "Cannot read %s.", path);
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > CSS_MAX ||
	    fseek(f, 0, SEEK_SET) || !(w->css = malloc((size_t)n + 1)) ||
	    fread(w->css, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return kverr_set(e, KVERR_INTERNAL, "no_stylesheet", "data",
				 "Cannot read %s (at most %d bytes).", path, CSS_MAX);
	}
	fclose(f);
	w->css_len = (size_t)n;
	crypto_generichash(h, sizeof(h), (unsigned char *)w->css, w->css_len,
			   NULL, 0);
	sodium_bin2hex(w->css_version, sizeof(w->css_version), h, sizeof(h));
	snprintf(w->css_etag, sizeof(w->css_etag), "\"%s\"", w->css_version);
	return 0;
}

int web_open(struct app *app, struct web **out, struct kverr *e)
{
	struct web *w = calloc(1, sizeof(*w));
	char dir[600];

	*out = NULL;
	if (!w)
		return kverr_set(e, KVERR_INTERNAL, "no_memory", NULL, "Out of memory.");
	w->app = app;
	snprintf(dir, sizeof(dir), "%s/i18n", app->data_dir);
	if (i18n_load(dir, &w->i18n, e) || read_css(w, e) ||
	    cache_open(&w->cache, e)) {
		web_close(w);
		return -1;
	}
	/* A fresh key per start: a form older than the server is refused
	 * and shown again, which costs a click, never a forged POST. */
	crypto_auth_keygen(w->csrf_key);
	*out = w;
	return 0;
}

void web_close(struct web *w)
{
	if (!w)
		return;
	i18n_free(w->i18n);
	cache_close(w->cache);
	free(w->css);
	sodium_memzero(w->csrf_key, sizeof(w->csrf_key));
	free(w);
}

const char *web_css_version(const struct web *w)
{
	return w->css_version;
}

/* ---------------------------------------------------------- matching */

/* A "{name}" segment takes a positive integer without leading zeros
 * (ids), or a four-digit code for "{municipality}". */
static bool match_path(const char *pattern, const char *path, json_t *params)
{
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *pend = strchr(pattern, '}');
			size_t plen = (size_t)(pend - pattern - 1);
			size_t slen = strcspn(path, "/");
			char name[48], value[24];
			char *end;
			long long n;

			if (slen == 0 || slen >= sizeof(value) || plen >= sizeof(name))
				return false;
			memcpy(name, pattern + 1, plen);
			name[plen] = '\0';
			memcpy(value, path, slen);
			value[slen] = '\0';
			n = strtoll(value, &end, 10);
			if (*end || value[0] == '0' || n <= 0)
				return false;
			if (params)
				json_object_set_new(params, name, json_integer(n));
			pattern = pend + 1;
			path += slen;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return *pattern == '\0' && *path == '\0';
}

static const struct web_page *match(const char *method, const char *path,
				    json_t *params, char allow[WEB_ALLOW_LEN])
{
	size_t used = 0;

	allow[0] = '\0';
	for (int g = 0; groups[g]; g++) {
		for (const struct web_page *p = groups[g]; p->method; p++) {
			if (!match_path(p->pattern, path, NULL))
				continue;
			if (!strstr(allow, p->method) &&
			    used + strlen(p->method) + 3 < WEB_ALLOW_LEN)
				used += (size_t)snprintf(allow + used,
							 WEB_ALLOW_LEN - used, "%s%s",
							 used ? ", " : "", p->method);
			if (strcmp(p->method, method) == 0) {
				match_path(p->pattern, path, params);
				return p;
			}
		}
	}
	return NULL;
}

/* ------------------------------------------------------ the visitor */

static bool wants_html(struct MHD_Connection *c)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept");

	return a && strstr(a, "text/html");
}

/* The first supported language of an Accept-Language header. */
static const char *accept_language(struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    "Accept-Language");

	while (h && *h) {
		char code[3] = { 0 };

		h += strspn(h, " ,");
		if (h[0] && h[1] && (h[2] == '\0' || strchr("-;, ", h[2]))) {
			code[0] = (char)(h[0] | 0x20);
			code[1] = (char)(h[1] | 0x20);
			for (int i = 0; lang_codes[i]; i++)
				if (strcmp(lang_codes[i], code) == 0)
					return lang_codes[i];
		}
		h = strchr(h, ',');
	}
	return LANG_DEFAULT;
}

static const char *visitor_lang(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, LANG_COOKIE);

	for (int i = 0; v && lang_codes[i]; i++)
		if (strcmp(lang_codes[i], v) == 0)
			return lang_codes[i];
	return accept_language(c);
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *value)
{
	struct strbuf *sb = cls;

	(void)kind;
	strbuf_adds(sb, sb->len && strchr(sb->buf, '?') ? "&" : "?");
	html_url_component(sb, key);
	if (value) {
		strbuf_adds(sb, "=");
		html_url_component(sb, value);
	}
	return MHD_YES;
}

/* The path and query of this request, re-encoded: the "back" of forms. */
static void set_self(struct page *pg)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, pg->path);
	MHD_get_connection_values(pg->conn, MHD_GET_ARGUMENT_KIND, add_arg, &sb);
	if (sb.failed || sb.len >= sizeof(pg->self))
		snprintf(pg->self, sizeof(pg->self), "%s", pg->path);
	else
		snprintf(pg->self, sizeof(pg->self), "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

/* Who is asking, and what their forms are bound to (CSRF): the session
 * when signed in, else an anonymous cookie made now if there is none. */
static int identify(struct page *pg)
{
	const char *s = MHD_lookup_connection_value(pg->conn, MHD_COOKIE_KIND,
						    SESSION_COOKIE);
	const char *anon = MHD_lookup_connection_value(pg->conn, MHD_COOKIE_KIND,
						       ANON_COOKIE);
	struct kverr e = { 0 };
	char fresh[65];

	if (s && auth_resolve_session(pg->app, s, &pg->actor, &e))
		return -1;
	if (pg->actor.role != ROLE_NONE) {
		form_csrf_token(pg->web->csrf_key, s, pg->csrf);
		return 0;
	}
	if (!anon || strlen(anon) != 64) {
		unsigned char raw[32];
		char cookie[200];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(fresh, sizeof(fresh), raw, sizeof(raw));
		snprintf(cookie, sizeof(cookie), ANON_COOKIE "=%s; Path=/; HttpOnly;"
			 " SameSite=Strict", fresh);
		pg_cookie(pg, cookie);
		anon = fresh;
	}
	form_csrf_token(pg->web->csrf_key, anon, pg->csrf);
	return 0;
}

/* The token a POST must carry: made from the cookie the browser sent
 * (not from a cookie made during this request). */
static bool csrf_ok(struct page *pg)
{
	const char *b = MHD_lookup_connection_value(pg->conn, MHD_COOKIE_KIND,
						    pg->actor.role != ROLE_NONE ?
						    SESSION_COOKIE : ANON_COOKIE);

	return form_csrf_ok(pg->web->csrf_key, b,
			    form_get(&pg->form, FORM_CSRF_FIELD));
}

/* ---------------------------------------------------------- replies */

static void security_headers(struct MHD_Response *r, bool personal)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:;"
				" style-src 'self'; script-src 'self';"
				" form-action 'self'; frame-ancestors 'none';"
				" base-uri 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control",
				personal ? "no-store" : "no-cache");
	MHD_add_response_header(r, "Vary", "Cookie, Accept-Language");
}

/*
 * An anonymous GET of a page anyone may see (no session cookie at all:
 * a signed-in visitor, or one whose session ran out, never comes here).
 * It is answered from the cache when it can be; else the page is made
 * with the cache's hole where the visitor's CSRF token goes, kept if the
 * page says it is cacheable, and sent with the token filled in.
 */
struct anon {
	struct cache_stamp stamp;   /* read before the page reads anything */
	struct strbuf key;
	bool keyed;                 /* the key fits CACHE_KEY_MAX */
	char token[FORM_CSRF_HEX];  /* the visitor's own token */
	int ncookies;               /* Set-Cookies made before the page ran */
};

static enum MHD_Result queue(struct page *pg, struct MHD_Response *r)
{
	enum MHD_Result rc;

	security_headers(r, pg->actor.role != ROLE_NONE);
	for (int i = 0; i < pg->ncookies; i++)
		MHD_add_response_header(r, "Set-Cookie", pg->cookies[i]);
	rc = MHD_queue_response(pg->conn, (unsigned int)pg->status, r);
	MHD_destroy_response(r);
	return rc;
}

/* A document (malloc'd; taken).  With an ETag, If-None-Match may make it
 * a 304 without the body. */
static enum MHD_Result send_document(struct page *pg, char *text, size_t len,
				     const char *etag)
{
	bool same = etag && pg->status == MHD_HTTP_OK &&
		    cache_not_modified(pg->conn, etag);
	struct MHD_Response *r;

	if (same) {
		free(text);
		pg->status = MHD_HTTP_NOT_MODIFIED;
		r = MHD_create_response_from_buffer(0, (void *)"",
						    MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	}
	if (!r) {
		if (!same)
			free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(r, "Content-Language", pg->lang);
	if (etag)
		MHD_add_response_header(r, "ETag", etag);
	return queue(pg, r);
}

/* The page made for an anonymous visitor: kept when it may be, then sent
 * with the visitor's token in the holes. */
static enum MHD_Result send_anon(struct page *pg, struct anon *an,
				 struct strbuf *doc)
{
	bool keep = pg->cacheable && pg->status == MHD_HTTP_OK &&
		    pg->ncookies == an->ncookies && an->keyed;
	struct cache_reply cr;

	if (keep)
		cache_put(pg->web->cache, strbuf_str(&an->key), &an->stamp,
			  doc->buf, doc->len);
	if (!cache_fill(pg->web->cache, doc->buf, doc->len, an->token, &cr))
		return MHD_NO;
	return send_document(pg, cr.body, cr.len, keep ? cr.etag : NULL);
}

static enum MHD_Result send_page(struct page *pg, struct anon *an)
{
	struct strbuf doc = STRBUF_INIT;
	struct MHD_Response *r;
	enum MHD_Result rc;
	size_t len;
	char *text;

	if (pg_attachment_send(pg, &rc))
		return rc;
	if (pg->location[0]) {
		r = MHD_create_response_from_buffer(0, (void *)"",
						    MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(r, "Location", pg->location);
		pg->status = MHD_HTTP_SEE_OTHER;
		return queue(pg, r);
	}
	if (pg->file) {
		if (!(r = page_download_response(pg)))
			return MHD_NO;
		return queue(pg, r);
	}
	page_layout_render(pg, &doc);
	if (doc.failed) {
		strbuf_release(&doc);
		return MHD_NO;
	}
	if (an) {
		rc = send_anon(pg, an, &doc);
		strbuf_release(&doc);
		return rc;
	}
	text = strbuf_detach(&doc, &len);
	return send_document(pg, text, len, NULL);
}

static enum MHD_Result send_css(struct web *w, struct MHD_Connection *c)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						      "If-None-Match");
	bool same = inm && strcmp(inm, w->css_etag) == 0;
	struct MHD_Response *r = same ?
		MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT) :
		MHD_create_response_from_buffer(w->css_len, w->css,
						MHD_RESPMEM_PERSISTENT);
	enum MHD_Result rc;

	MHD_add_response_header(r, "Content-Type", "text/css; charset=utf-8");
	MHD_add_response_header(r, "ETag", w->css_etag);
	/* The pages link it as ?v=<etag>, so a changed file is a new URL:
	 * a day's caching never serves an old sheet with a new page. */
	MHD_add_response_header(r, "Cache-Control", "public, max-age=86400");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	rc = MHD_queue_response(c, same ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* ------------------------------------------------------------ dispatch */

static void page_init(struct page *pg, struct web *w, struct MHD_Connection *c,
		      const char *method, const char *path)
{
	memset(pg, 0, sizeof(*pg));
	pg->web = w;
	pg->app = w->app;
	pg->i18n = w->i18n;
	pg->conn = c;
	pg->method = method;
	pg->path = path;
	pg->status = MHD_HTTP_OK;
	pg->params = json_object();
	pg->lang = visitor_lang(c);
	pg->rtl = lang_is_rtl(pg->lang);
	set_self(pg);
}

static void page_release(struct page *pg)
{
	json_decref(pg->params);
	free(pg->file);
	pg_attachment_free(pg);
	form_release(&pg->form);
	strbuf_release(&pg->out);
}

/* A POST's body: urlencoded, or multipart when a form uploads a file
 * (with the larger limit of one evidence file). */
static int read_form(struct page *pg, const struct web_request *rq)
{
	const char *type = MHD_lookup_connection_value(pg->conn, MHD_HEADER_KIND,
						       "Content-Type");
	bool multi = type && strncasecmp(type, "multipart/form-data", 19) == 0;
	struct kverr e = { 0 };

	if (rq->too_large || rq->len > (multi ? FORM_MAX_UPLOAD : FORM_MAX_BODY))
		return pg_error_page(pg, 413,
				     "error.title", "error.too_large"), -1;
	if (!multi && (!type || strncasecmp(type,
					    "application/x-www-form-urlencoded", 33)))
		return pg_error_page(pg, 415,
				     "error.title", "error.bad_form"), -1;
	if (multi ? form_parse_multipart(&pg->form, type, rq->body ? rq->body : "",
					 rq->len, &e) :
		    form_parse(&pg->form, rq->body ? rq->body : "", rq->len, &e))
		return pg_error_page(pg, MHD_HTTP_BAD_REQUEST, "error.title",
				     "error.bad_form"), -1;
	if (!csrf_ok(pg))
		return pg_error_page(pg, MHD_HTTP_FORBIDDEN, "error.expired_title",
				     "error.csrf"), -1;
	return 0;
}

static void run_page(struct page *pg, const struct web_page *p,
		     const struct web_request *rq)
{
	char back[PAGE_PATH_MAX + 40];
	struct strbuf sb = STRBUF_INIT;

	if (p->roles && pg->actor.role == ROLE_NONE) {
		strbuf_adds(&sb, "/sign-in?back=");
		html_url_component(&sb, pg->self);
		snprintf(back, sizeof(back), "%s", strbuf_str(&sb));
		strbuf_release(&sb);
		pg_redirect(pg, back);
		return;
	}
	if (p->roles && !(p->roles & pg->actor.role)) {
		pg_error_page(pg, MHD_HTTP_FORBIDDEN, "error.forbidden_title",
			      "error.forbidden");
		return;
	}
	if (strcmp(p->method, "POST") == 0 && read_form(pg, rq))
		return;
	if (p->fn(pg) && !pg->location[0] && pg->out.len == 0)
		pg_error_page(pg, MHD_HTTP_INTERNAL_SERVER_ERROR, "error.title",
			      "error.internal");
}

/* Answer from the cache if it can; else make pg ready to make the page
 * for the cache (the hole instead of the token).  True when answered. */
static bool anon_start(struct web *w, struct page *pg, struct anon *an,
		       enum MHD_Result *r)
{
	struct cache_reply cr;

	cache_stamp_now(w->app, &an->stamp);
	an->keyed = cache_key(&an->key, pg->conn, pg->lang, pg->path);
	if (an->keyed && cache_get(w->cache, strbuf_str(&an->key), &an->stamp,
				   pg->csrf, &cr)) {
		*r = send_document(pg, cr.body, cr.len, cr.etag);
		return true;
	}
	memcpy(an->token, pg->csrf, sizeof(an->token));
	snprintf(pg->csrf, sizeof(pg->csrf), "%s", cache_hole(w->cache));
	an->ncookies = pg->ncookies;
	return false;
}

static bool is_anon_get(const struct page *pg, const struct web_page *p)
{
	return p && p->roles == 0 && strcmp(p->method, "GET") == 0 &&
	       !MHD_lookup_connection_value(pg->conn, MHD_COOKIE_KIND,
					    SESSION_COOKIE);
}

bool web_dispatch(struct web *w, struct MHD_Connection *c,
		  const struct web_request *rq, char allow[WEB_ALLOW_LEN],
		  enum MHD_Result *r)
{
	/* HEAD is GET without the body (libmicrohttpd drops it). */
	const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
	const struct web_page *p;
	struct page pg;
	struct anon an = { .key = STRBUF_INIT };
	bool anon = false;

	if (strcmp(rq->url, CSS_PATH) == 0 && strcmp(method, "GET") == 0) {
		*r = send_css(w, c);
		return true;
	}
	page_init(&pg, w, c, method, rq->url);
	p = match(method, rq->url, pg.params, allow);
	if (!p && !wants_html(c)) {
		page_release(&pg);
		return false;
	}
	if (identify(&pg)) {
		pg_error_page(&pg, MHD_HTTP_INTERNAL_SERVER_ERROR, "error.title",
			      "error.internal");
	} else if (!p) {
		if (allow[0])
			pg_error_page(&pg, MHD_HTTP_METHOD_NOT_ALLOWED,
				      "error.title", "error.method");
		else
			pg_error_page(&pg, MHD_HTTP_NOT_FOUND,
				      "error.not_found_title", "error.not_found");
	} else if ((anon = is_anon_get(&pg, p)) && anon_start(w, &pg, &an, r)) {
		strbuf_release(&an.key);
		page_release(&pg);
		return true;
	} else {
		run_page(&pg, p, rq);
	}
	*r = send_page(&pg, anon ? &an : NULL);
	strbuf_release(&an.key);
	page_release(&pg);
	return true;
}
