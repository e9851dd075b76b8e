/*
 * page_layout.c — the document every page shares (issue 8 §4, D-4's
 * accessibility for the pages themselves): doctype, <html lang dir>, a
 * skip link, header with navigation and the language switcher, <main>,
 * footer; and the helpers pages write texts, dates, errors and answers
 * with.  Form controls are in page_form.c.
 *
 * Nothing here reads the database: pages get data through pg_app.
 */
#include "http/page.h"
#include "core/date.h"
#include "core/lang.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ texts */

const char *pg_t(const struct page *pg, const char *key)
{
	return i18n_get(pg->i18n, pg->lang, key);
}

void pg_text(struct page *pg, const char *key)
{
	html_text(&pg->out, pg_t(pg, key));
}

/* Gather "name", value, … up to NULL into args (at most 8 pairs). */
static void collect(va_list ap, const char *args[17])
{
	int n = 0;
	const char *s;

	while (n < 16 && (s = va_arg(ap, const char *)) != NULL)
		args[n++] = s;
	args[n & ~1] = NULL;
}

void pg_textf(struct page *pg, const char *key, ...)
{
	const char *args[17];
	va_list ap;

	va_start(ap, key);
	collect(ap, args);
	va_end(ap);
	i18n_render(&pg->out, pg_t(pg, key), args);
}

void pg_elem(struct page *pg, const char *tag, const char *key)
{
	strbuf_addf(&pg->out, "<%s>", tag);
	pg_text(pg, key);
	strbuf_addf(&pg->out, "</%s>", tag);
}

void pg_title(struct page *pg, const char *key, ...)
{
	const char *args[17];
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, key);
	collect(ap, args);
	va_end(ap);
	/* Rendered escaped once here; the layout writes it as is. */
	i18n_render(&sb, pg_t(pg, key), args);
	snprintf(pg->title, sizeof(pg->title), "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

void pg_title_text(struct page *pg, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	html_text(&sb, text);
	snprintf(pg->title, sizeof(pg->title), "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

void pg_date_into(const struct page *pg, const char *ymd, char *buf,
		  size_t size)
{
	date_t d;
	int y, m, day;
	char key[16], ys[8], ds[4];
	const char *args[7];
	struct strbuf sb = STRBUF_INIT;

	if (!ymd || date_parse(ymd, &d)) {
		snprintf(buf, size, "%s", ymd ? ymd : "");
		return;
	}
	date_to_ymd(d, &y, &m, &day);
	snprintf(key, sizeof(key), "month.%d", m);
	snprintf(ys, sizeof(ys), "%d", y);
	snprintf(ds, sizeof(ds), "%d", day);
	args[0] = "day"; args[1] = ds;
	args[2] = "month"; args[3] = pg_t(pg, key);
	args[4] = "year"; args[5] = ys;
	args[6] = NULL;
	/* Rendered unescaped: the caller escapes the whole date. */
	for (const char *p = pg_t(pg, "date.format"); *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		const char *v = NULL;

		for (int i = 0; close && args[i]; i += 2)
			if (strlen(args[i]) == (size_t)(close - p - 1) &&
			    memcmp(args[i], p + 1, (size_t)(close - p - 1)) == 0)
				v = args[i + 1];
		if (v) {
			strbuf_adds(&sb, v);
			p = close;
		} else {
			strbuf_add(&sb, p, 1);
		}
	}
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

void pg_date(struct page *pg, const char *ymd)
{
	char buf[80];

	pg_date_into(pg, ymd, buf, sizeof(buf));
	/* <time> gives assistive technology and machines the ISO date. */
	html_raw(&pg->out, "<time");
	html_attr(&pg->out, "datetime", ymd);
	html_raw(&pg->out, ">");
	html_text(&pg->out, buf);
	html_raw(&pg->out, "</time>");
}

const char *pg_lang_name(const struct page *pg, const char *code)
{
	char key[32];
	const char *s;

	snprintf(key, sizeof(key), "langname.%s", code);
	s = pg_t(pg, key);
	return strcmp(s, key) == 0 ? code : s;
}

/* ------------------------------------------------------- the request */

const char *pg_query(const struct page *pg, const char *name)
{
	return MHD_lookup_connection_value(pg->conn, MHD_GET_ARGUMENT_KIND, name);
}

int64_t pg_param_int(const struct page *pg, const char *name)
{
	return json_integer_value(json_object_get(pg->params, name));
}

int pg_app(struct page *pg, app_usecase_fn fn, bool writes, json_t *in,
	   json_t **out, struct kverr *e)
{
	int rc;

	*out = NULL;
	rc = app_run(pg->app, &pg->actor, writes, fn, in, out, e);
	json_decref(in);
	return rc;
}

/* ---------------------------------------------------------- answers */

const char *pg_safe_back(const char *path, const char *fallback)
{
	/* Only a path on this site: "/x", never "//host", "/\host" or
	 * "http:…", and nothing that could split a header. */
	if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\' ||
	    strlen(path) >= PAGE_PATH_MAX || strpbrk(path, "\r\n"))
		return fallback;
	return path;
}

void pg_redirect(struct page *pg, const char *path)
{
	snprintf(pg->location, sizeof(pg->location), "%s", pg_safe_back(path, "/"));
}

void pg_cookie(struct page *pg, const char *value)
{
	if (pg->ncookies < (int)(sizeof(pg->cookies) / sizeof(pg->cookies[0])))
		snprintf(pg->cookies[pg->ncookies++], sizeof(pg->cookies[0]),
			 "%s", value);
}

int pg_error_page(struct page *pg, int status, const char *title_key,
		  const char *message_key)
{
	pg->status = status;
	pg->location[0] = '\0';
	strbuf_release(&pg->out);
	pg_title(pg, title_key, NULL);
	pg_elem(pg, "p", message_key);
	html_raw(&pg->out, "<p><a href=\"/\">");
	pg_text(pg, "error.to_start");
	html_raw(&pg->out, "</a></p>");
	return 0;
}

int pg_fail(struct page *pg, const struct kverr *e)
{
	char key[64];

	snprintf(key, sizeof(key), "error.%s", e->code);
	if (!i18n_has(pg->i18n, "sv", key))
		snprintf(key, sizeof(key), "error.%s", e->cls == KVERR_NOT_FOUND ?
			 "not_found" : e->cls == KVERR_FORBIDDEN ? "forbidden" :
			 e->cls == KVERR_INTERNAL ? "internal" : "generic");
	return pg_error_page(pg, kverr_http_status(e->cls),
			     e->cls == KVERR_NOT_FOUND ? "error.not_found_title" :
			     "error.title", key);
}

/* ------------------------------------------------------ the document */

/* The navigation: one row per item, shown to the roles given (ROLE_NONE
 * as 0 here means "signed out only"; -1 everyone).  The provider's and
 * the authority's pages add their rows. */
struct nav_item {
	const char *id, *href, *key;
	int roles;
};

static const struct nav_item nav[] = {
	{ "start", "/", "nav.start", -1 },
	{ "compare", "/compare", "nav.compare", -1 },
	{ "stars", "/stars", "nav.stars", -1 },
	{ "me", "/me", "nav.me", ROLE_JOBSEEKER },
	{ "choose", "/me/choose", "nav.choose", ROLE_JOBSEEKER },
	{ "payruns", "/authority/payruns", "nav.payruns", ROLE_AUTHORITY },
	{ "dashboards", "/authority/dashboards", "nav.dashboards", ROLE_AUTHORITY },
	{ "prov-participants", "/provider/participants", "prov.nav.participants",
	  ROLE_PROVIDER_STAFF },
	{ "prov-outcomes", "/provider/outcomes", "prov.nav.outcomes",
	  ROLE_PROVIDER_STAFF },
	{ "prov-deviations", "/provider/deviations", "prov.nav.deviations",
	  ROLE_PROVIDER_STAFF },
	{ "prov-quality", "/provider/quality", "prov.nav.quality",
	  ROLE_PROVIDER_STAFF },
	{ "prov-payments", "/provider/payments", "prov.nav.payments",
	  ROLE_PROVIDER_STAFF },
	{ "authority", "/authority", "authority.nav.home", ROLE_CASE_OFFICER | ROLE_ADMIN },
	{ "authority-applications", "/authority/applications",
	  "authority.nav.applications", ROLE_CASE_OFFICER | ROLE_ADMIN },
	{ "authority-jobseekers", "/authority/jobseekers",
	  "authority.nav.jobseekers", ROLE_CASE_OFFICER | ROLE_ADMIN },
	{ "authority-providers", "/authority/providers",
	  "authority.nav.providers", ROLE_CASE_OFFICER | ROLE_ADMIN },
	{ "sign-in", "/sign-in", "nav.sign_in", 0 },
	{ NULL, NULL, NULL, 0 }
};

static void render_nav(struct page *pg, struct strbuf *d)
{
	html_raw(d, "<nav class=\"site-nav\"");
	html_attr(d, "aria-label", pg_t(pg, "nav.label"));
	html_raw(d, "><ul>");
	for (const struct nav_item *n = nav; n->id; n++) {
		bool show = n->roles == -1 ||
			    (n->roles == 0 && pg->actor.role == ROLE_NONE) ||
			    (n->roles > 0 && (n->roles & pg->actor.role));

		if (!show)
			continue;
		html_raw(d, "<li><a");
		html_attr(d, "href", n->href);
		if (pg->nav && strcmp(pg->nav, n->id) == 0)
			html_raw(d, " aria-current=\"page\"");
		html_raw(d, ">");
		html_text(d, pg_t(pg, n->key));
		html_raw(d, "</a></li>");
	}
	if (pg->actor.role != ROLE_NONE) {
		/* Signing out changes state: a POST with the CSRF token. */
		html_raw(d, "<li><form method=\"post\" action=\"/sign-out\""
			 " class=\"inline\"><input type=\"hidden\" name=\"csrf\"");
		html_attr(d, "value", pg->csrf);
		html_raw(d, "><button type=\"submit\" class=\"link\">");
		html_text(d, pg_t(pg, "nav.sign_out"));
		html_raw(d, "</button></form></li>");
	}
	html_raw(d, "</ul></nav>");
}

/* Every page: the language can be changed from here (C-1, C-5).  Each
 * language is named in itself, with its lang attribute, so a reader who
 * does not read the current language still finds theirs. */
static void render_lang_switch(struct page *pg, struct strbuf *d)
{
	html_raw(d, "<form method=\"post\" action=\"/lang\" class=\"lang-switch\">"
		 "<input type=\"hidden\" name=\"csrf\"");
	html_attr(d, "value", pg->csrf);
	html_raw(d, "><input type=\"hidden\" name=\"back\"");
	html_attr(d, "value", pg->self);
	html_raw(d, "><label for=\"lang-select\">");
	html_text(d, pg_t(pg, "lang.label"));
	html_raw(d, "</label> <select id=\"lang-select\" name=\"lang\">");
	for (int i = 0; lang_codes[i]; i++) {
		char key[32];

		snprintf(key, sizeof(key), "langname.%s", lang_codes[i]);
		html_raw(d, "<option");
		html_attr(d, "value", lang_codes[i]);
		html_attr(d, "lang", lang_codes[i]);
		html_flag(d, "selected", strcmp(lang_codes[i], pg->lang) == 0);
		html_raw(d, ">");
		/* The name as its own speakers write it. */
		html_text(d, i18n_get(pg->i18n, lang_codes[i], key));
		html_raw(d, "</option>");
	}
	html_raw(d, "</select> <button type=\"submit\">");
	html_text(d, pg_t(pg, "lang.change"));
	html_raw(d, "</button></form>");
}

static void render_head(struct page *pg, struct strbuf *d)
{
	html_raw(d, "<!doctype html>\n<html");
	html_attr(d, "lang", pg->lang);
	/* Left to right is the default; only RTL is written out. */
	if (pg->rtl)
		html_raw(d, " dir=\"rtl\"");
	html_raw(d, "><head><meta charset=\"utf-8\"><meta name=\"viewport\""
		 " content=\"width=device-width, initial-scale=1\"><title>");
	/* pg->title was escaped when it was set. */
	strbuf_adds(d, pg->title);
	html_raw(d, " – ");
	html_text(d, pg_t(pg, "site.name"));
	html_raw(d, "</title><link rel=\"stylesheet\" href=\"/static/kundval.css?v=");
	html_url_component(d, web_css_version(pg->web));
	html_raw(d, "\"></head>");
}

void page_layout_render(struct page *pg, struct strbuf *d)
{
	render_head(pg, d);
	html_raw(d, "<body><a class=\"skip-link\" href=\"#main\">");
	html_text(d, pg_t(pg, "skip.to_content"));
	html_raw(d, "</a><header class=\"site-header\"><div class=\"wrap\">"
		 "<a class=\"brand\" href=\"/\">");
	html_text(d, pg_t(pg, "site.name"));
	html_raw(d, "</a>");
	render_lang_switch(pg, d);
	render_nav(pg, d);
	html_raw(d, "</div></header><main id=\"main\" tabindex=\"-1\">"
		 "<div class=\"wrap\"><h1>");
	strbuf_adds(d, pg->title);
	html_raw(d, "</h1>");
	strbuf_add(d, pg->out.buf ? pg->out.buf : "", pg->out.len);
	html_raw(d, "</div></main><footer class=\"site-footer\"><div class=\"wrap\"><p>");
	html_text(d, pg_t(pg, "footer.about"));
	html_raw(d, "</p><p><a href=\"/stars\">");
	html_text(d, pg_t(pg, "nav.stars"));
	html_raw(d, "</a></p></div></footer></body></html>\n");
}
