/*
 * server.c — HTTP request handling: body collection with its size limit,
 * who is asking (session cookie or bearer token), the route's role check,
 * input assembly (JSON body + path parameter + typed query), the use case,
 * and the JSON reply.  Errors are always {"error":{code,message,field}}.
 * Every path outside /api/ (and /healthz) is a web page: web.c.
 * An anonymous GET of a public route may be answered from the cache
 * (cache.c; see public_get).
 */
#include "http/server.h"
#include "http/cache.h"
#include "http/routes.h"
#include "http/web.h"
#include "app/auth.h"
#include "core/limits.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define SESSION_COOKIE "kv_session"

/* What every connection's callbacks share. */
struct server {
	struct app *app;
	struct web *web;
	struct cache *cache;   /* public answers kept (cache.c) */
};

struct request {
	char *body;
	size_t len;
	bool too_large;
};

/* Queue a JSON reply; header/value is one optional extra header
 * (Set-Cookie, Allow). */
static enum MHD_Result send_json_with(struct MHD_Connection *c, int status,
				      json_t *body, const char *header,
				      const char *value)
{
	char *text = json_dumps(body, JSON_COMPACT);
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(strlen(text), text,
					    MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (header && value)
		MHD_add_response_header(r, header, value);
	rc = MHD_queue_response(c, (unsigned int)status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result send_json(struct MHD_Connection *c, int status,
				 json_t *body, const char *cookie)
{
	return send_json_with(c, status, body, "Set-Cookie", cookie);
}

static enum MHD_Result send_error(struct MHD_Connection *c, const struct kverr *e)
{
	json_t *body = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", e->code,
				 "message", e->message, "field", e->field);
	enum MHD_Result rc = send_json(c, kverr_http_status(e->cls), body, NULL);

	json_decref(body);
	return rc;
}

/* 405 with the Allow header RFC 9110 asks for. */
static enum MHD_Result send_not_allowed(struct MHD_Connection *c,
					const char *method, const char *allow)
{
	char msg[120];
	json_t *body;
	enum MHD_Result rc;

	snprintf(msg, sizeof(msg), "This address does not accept %s; it accepts %s.",
		 method, allow);
	body = json_pack("{s:{s:s, s:s, s:s}}", "error", "code",
			 "method_not_allowed", "message", msg, "field", "");
	rc = send_json_with(c, MHD_HTTP_METHOD_NOT_ALLOWED, body, "Allow", allow);
	json_decref(body);
	return rc;
}

static int resolve_actor(struct app *app, struct MHD_Connection *c,
			 struct actor *actor, const char **session,
			 struct kverr *e)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       "Authorization");

	*session = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, SESSION_COOKIE);
	memset(actor, 0, sizeof(*actor));
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
		return auth_resolve_bearer(app, auth + 7, actor, e);
	if (*session)
		return auth_resolve_session(app, *session, actor, e);
	return 0;
}

/* Typed query parameters, as the route declares them ("key:i key:s"). */
static int add_query(struct MHD_Connection *c, const char *spec, json_t *in,
		     struct kverr *e)
{
	char buf[200], *tok, *save = NULL;

	if (!spec)
		return 0;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(tok, ':');
		const char *v;
		char *end;
		long long n;

		*colon = '\0';
		v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, tok);
		if (!v || !*v)
			continue;
		if (colon[1] == 's') {
			json_object_set_new(in, tok, json_string(v));
		} else if (colon[1] == 'b') {
			if (strcmp(v, "true") && strcmp(v, "false"))
				return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", tok,
						 "The parameter \"%s\" must be true"
						 " or false.", tok);
			json_object_set_new(in, tok, json_boolean(v[0] == 't'));
		} else {
			n = strtoll(v, &end, 10);
			if (*end)
				return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", tok,
						 "The parameter \"%s\" must be a"
						 " whole number.", tok);
			json_object_set_new(in, tok, json_integer(n));
		}
	}
	return 0;
}

static json_t *parse_body(struct MHD_Connection *c, struct request *rq,
			  struct kverr *e)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       "Content-Type");
	json_error_t je;
	json_t *in;

	if (rq->len == 0)
		return json_object();
	/* Requiring JSON also keeps cross-site forms out (CSRF). */
	if (!type || strncasecmp(type, "application/json", 16) != 0) {
		kverr_set(e, KVERR_BAD_REQUEST, "wrong_content_type", "",
			  "Send the body as application/json.");
		return NULL;
	}
	in = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES, &je);
	if (!in) {
		kverr_set(e, KVERR_BAD_REQUEST, "malformed_json", "",
			  "The body is not valid JSON (line %d, column %d: %s).",
			  je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(in)) {
		json_decref(in);
		kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", "",
			  "The body must be a JSON object.");
		return NULL;
	}
	return in;
}

/* The path and the server fill some input keys; the body may not. A GET
 * reads its input from the path and the query only. */
static int check_reserved(json_t *in, json_t *params, const struct route *rt,
			  struct kverr *e)
{
	const char *key;
	json_t *v;

	if (strcmp(rt->method, "GET") == 0 && json_object_size(in) > 0)
		return kverr_set(e, KVERR_BAD_REQUEST, "body_not_allowed", "",
				 "A GET request takes no body; use the query.");
	json_object_foreach(params, key, v) {
		if (json_object_get(in, key))
			return kverr_set(e, KVERR_BAD_REQUEST, "unknown_field", key,
					 "The field \"%s\" comes from the address,"
					 " not the body.", key);
	}
	if (rt->special == ROUTE_SESSION_DELETE && json_object_get(in, "token"))
		return kverr_set(e, KVERR_BAD_REQUEST, "unknown_field", "token",
				 "Signing out takes no body; the cookie says which"
				 " session ends.");
	return 0;
}

static enum MHD_Result health(struct app *app, struct MHD_Connection *c)
{
	struct db *db = store_acquire(app->store);
	struct kverr e = { 0 };
	int64_t v;
	int rc = store_schema_version(db, &v, &e);
	json_t *body;
	enum MHD_Result r;

	store_release(app->store, db);
	body = json_pack("{s:s, s:I}", "status", rc ? "error" : "ok",
			 "schema", (json_int_t)(rc ? 0 : v));
	r = send_json(c, rc ? 503 : 200, body, NULL);
	json_decref(body);
	return r;
}

/* A file the use case made ({filename, media_type, content_base64}),
 * sent as a download. */
static enum MHD_Result send_file(struct MHD_Connection *c, int status,
				 const json_t *out)
{
	const char *b64 = json_string_value(json_object_get(out, "content_base64"));
	const char *name = json_string_value(json_object_get(out, "filename"));
	size_t cap = b64 ? strlen(b64) : 0, len = 0;
	unsigned char *bin = malloc(cap + 1);
	struct MHD_Response *r;
	enum MHD_Result rc;
	char disp[160];

	if (!bin || !name || sodium_base642bin(bin, cap + 1, b64, cap, NULL, &len,
					       NULL, sodium_base64_VARIANT_ORIGINAL)) {
		struct kverr e = { 0 };

		free(bin);
		kverr_set(&e, KVERR_INTERNAL, "bad_file", "", "The file could not"
			  " be made.");
		return send_error(c, &e);
	}
	r = MHD_create_response_from_buffer(len, bin, MHD_RESPMEM_MUST_FREE);
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", name);
	MHD_add_response_header(r, "Content-Type",
				json_string_value(json_object_get(out, "media_type")));
	MHD_add_response_header(r, "Content-Disposition", disp);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	rc = MHD_queue_response(c, (unsigned int)status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result reply_json(struct MHD_Connection *c,
				  const struct route *rt, json_t *out)
{
	char cookie[200];
	const char *set = NULL;
	enum MHD_Result r;

	if (rt->special == ROUTE_SESSION_CREATE) {
		snprintf(cookie, sizeof(cookie), SESSION_COOKIE "=%s; Path=/;"
			 " HttpOnly; SameSite=Strict; Max-Age=%d",
			 json_string_value(json_object_get(out, "token")),
			 LIMIT_SESSION_SECONDS);
		set = cookie;
		json_object_del(out, "token");   /* the cookie carries it */
	} else if (rt->special == ROUTE_SESSION_DELETE) {
		set = SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	}
	r = send_json(c, rt->ok_status, out, set);
	return r;
}

static enum MHD_Result reply(struct MHD_Connection *c, const struct route *rt,
			     json_t *out)
{
	if (rt->special == ROUTE_FILE)
		return send_file(c, rt->ok_status, out);
	return reply_json(c, rt, out);
}

/*
 * A GET of a public route (roles 0: its answer is the same for every
 * anonymous caller) by a caller who sends neither a token nor a session
 * cookie, with no body (which is refused, never cached).  Its answer may
 * come from the cache, and is kept when made.
 */
static bool public_get(struct MHD_Connection *c, const struct route *rt,
		       const char *method, const struct request *rq)
{
	return strcmp(method, "GET") == 0 && rt->roles == 0 && !rt->writes &&
	       rt->special == ROUTE_PLAIN && rq->len == 0 && !rq->too_large &&
	       !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization") &&
	       !MHD_lookup_connection_value(c, MHD_COOKIE_KIND, SESSION_COOKIE);
}

struct kept {
	struct cache_stamp stamp;   /* read before the use case runs */
	struct strbuf key;
	bool keyed;
};

/* A kept answer: send_json's headers and an ETag, so that If-None-Match
 * may make it a 304 without the body.  cr->body is taken. */
static enum MHD_Result send_kept(struct MHD_Connection *c, int status,
				 struct cache_reply *cr)
{
	bool same = cache_not_modified(c, cr->etag);
	struct MHD_Response *r;
	enum MHD_Result rc;

	if (same) {
		free(cr->body);
		r = MHD_create_response_from_buffer(0, (void *)"",
						    MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_buffer(cr->len, cr->body,
						    MHD_RESPMEM_MUST_FREE);
	}
	if (!r) {
		if (!same)
			free(cr->body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "ETag", cr->etag);
	rc = MHD_queue_response(c, same ? MHD_HTTP_NOT_MODIFIED : (unsigned int)status, r);
	MHD_destroy_response(r);
	return rc;
}

/* True with *r when the cache had the answer. */
static bool from_cache(struct server *sv, struct MHD_Connection *c,
		       const char *url, const struct route *rt, struct kept *kp,
		       enum MHD_Result *r)
{
	struct cache_reply cr;

	cache_stamp_now(sv->app, &kp->stamp);
	kp->keyed = cache_key(&kp->key, c, "api", url);
	if (!kp->keyed || !cache_get(sv->cache, strbuf_str(&kp->key), &kp->stamp,
				     NULL, &cr))
		return false;
	*r = send_kept(c, rt->ok_status, &cr);
	return true;
}

/* The answer just made: kept, then sent. */
static enum MHD_Result keep_and_send(struct server *sv, struct MHD_Connection *c,
				     const struct route *rt, struct kept *kp,
				     const json_t *out)
{
	char *text = json_dumps(out, JSON_COMPACT);
	struct cache_reply cr;
	bool ok;

	if (!text)
		return MHD_NO;
	if (kp->keyed)
		cache_put(sv->cache, strbuf_str(&kp->key), &kp->stamp, text,
			  strlen(text));
	ok = cache_fill(sv->cache, text, strlen(text), NULL, &cr);
	free(text);
	return ok ? send_kept(c, rt->ok_status, &cr) : MHD_NO;
}

static bool is_api(const char *url)
{
	return strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0 ||
	       strcmp(url, "/healthz") == 0;
}

/* A page; a path that is none, asked for by something other than a
 * browser, gets the API's JSON 404 or 405. */
static enum MHD_Result web(struct server *sv, struct MHD_Connection *c,
			   const char *url, const char *method,
			   struct request *rq)
{
	struct web_request wr = { url, method, rq->body, rq->len, rq->too_large };
	char allow[WEB_ALLOW_LEN];
	struct kverr e = { 0 };
	enum MHD_Result r;

	if (web_dispatch(sv->web, c, &wr, allow, &r))
		return r;
	if (allow[0])
		return send_not_allowed(c, method, allow);
	kverr_set(&e, KVERR_NOT_FOUND, "not_found", "",
		  "There is nothing at this address.");
	return send_error(c, &e);
}

static enum MHD_Result dispatch(struct server *sv, struct MHD_Connection *c,
				const char *url, const char *method,
				struct request *rq)
{
	struct app *app = sv->app;
	struct kverr e = { 0 };
	struct actor actor;
	const char *session;
	char allow[ROUTES_ALLOW_LEN];
	json_t *params, *in = NULL, *out = NULL;
	const struct route *rt;
	enum MHD_Result r;
	struct kept kp = { .key = STRBUF_INIT };
	bool keep;

	/* "/" is in the route table as the index, which is the start page. */
	if (!is_api(url))
		return web(sv, c, url, method, rq);
	params = json_object();
	rt = routes_match(method, url, params, allow);
	if (!rt) {
		json_decref(params);
		if (allow[0])
			return send_not_allowed(c, method, allow);
		kverr_set(&e, KVERR_NOT_FOUND, "not_found", "",
			  "There is nothing at this address.");
		return send_error(c, &e);
	}
	if (rt->special == ROUTE_HEALTH || rt->special == ROUTE_INDEX) {
		json_decref(params);
		if (rt->special == ROUTE_INDEX)
			return web(sv, c, url, method, rq);
		return health(app, c);
	}
	if (rq->too_large) {
		json_decref(params);
		kverr_set(&e, KVERR_TOO_LARGE, "too_large", "",
			  "The body is larger than %d bytes.", LIMIT_JSON_BODY);
		return send_error(c, &e);
	}
	keep = public_get(c, rt, method, rq);
	if (keep && from_cache(sv, c, url, rt, &kp, &r)) {
		strbuf_release(&kp.key);
		json_decref(params);
		return r;
	}
	if (resolve_actor(app, c, &actor, &session, &e))
		goto fail;
	if (rt->roles && !(rt->roles & actor.role)) {
		if (actor.role == ROLE_NONE)
			kverr_set(&e, KVERR_UNAUTHORISED, "unauthorised", "",
				  "Sign in to do this.");
		else
			kverr_set(&e, KVERR_FORBIDDEN, "forbidden", "",
				  "Your role (%s) may not do this.",
				  role_name(actor.role));
		goto fail;
	}
	in = parse_body(c, rq, &e);
	if (!in || check_reserved(in, params, rt, &e) ||
	    add_query(c, rt->query, in, &e))
		goto fail;
	json_object_update(in, params);   /* the path names the entity */
	if (rt->special == ROUTE_SESSION_DELETE && session)
		json_object_set_new(in, "token", json_string(session));
	if (app_run(app, &actor, rt->writes, rt->fn, in, &out, &e))
		goto fail;
	r = keep ? keep_and_send(sv, c, rt, &kp, out) : reply(c, rt, out);
	strbuf_release(&kp.key);
	json_decref(out);
	json_decref(in);
	json_decref(params);
	return r;
fail:
	strbuf_release(&kp.key);
	json_decref(in);
	json_decref(params);
	return send_error(c, &e);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *data,
				  size_t *data_size, void **con_cls)
{
	struct request *rq = *con_cls;

	(void)version;
	if (!rq) {
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     "Content-Length");
		rq = calloc(1, sizeof(*rq));
		if (!rq)
			return MHD_NO;
		if (cl && strtoull(cl, NULL, 10) > LIMIT_JSON_BODY)
			rq->too_large = true;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*data_size) {
		if (!rq->too_large && rq->len + *data_size <= LIMIT_JSON_BODY) {
			char *grown = realloc(rq->body, rq->len + *data_size + 1);

			if (!grown)
				return MHD_NO;
			rq->body = grown;
			memcpy(rq->body + rq->len, data, *data_size);
			rq->len += *data_size;
			rq->body[rq->len] = '\0';
		} else {
			rq->too_large = true;   /* keep reading, then refuse */
		}
		*data_size = 0;
		return MHD_YES;
	}
	return dispatch(cls, c, url, method, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls; (void)c; (void)toe;
	if (rq) {
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

int http_serve(struct app *app, const char *bind_addr, int port, int threads,
	       volatile sig_atomic_t *stop, struct kverr *e)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
				    .sin_port = htons((uint16_t)port) };
	struct server sv = { app, NULL, NULL };
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;

	if (inet_pton(AF_INET, bind_addr, &addr.sin_addr) != 1)
		return kverr_set(e, KVERR_BAD_REQUEST, "bad_address", "bind",
				 "Cannot listen on %s.", bind_addr);
	if (cache_open(&sv.cache, e))
		return -1;
	if (web_open(app, &sv.web, e)) {
		cache_close(sv.cache);
		return -1;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL,
			     (uint16_t)port, NULL, NULL, on_request, &sv,
			     MHD_OPTION_SOCK_ADDR, &addr,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
			     MHD_OPTION_END);
	if (!d) {
		web_close(sv.web);
		cache_close(sv.cache);
		return kverr_set(e, KVERR_INTERNAL, "listen_failed", "port",
				 "Cannot listen on %s:%d (in use?).", bind_addr, port);
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("kundval: listening on http://%s:%u\n", bind_addr,
	       info ? info->port : (unsigned)port);
	fflush(stdout);
	while (!*stop)
		usleep(100 * 1000);
	MHD_stop_daemon(d);
	web_close(sv.web);
	cache_close(sv.cache);
	return 0;
}
