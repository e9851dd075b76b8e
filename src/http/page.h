/*
 * page.h — what a page file (page_public.c, page_jobseeker.c, and the
 * provider's and the authority's pages to come) works with: the request
 * as a struct page, the page tables, and helpers that write escaped,
 * translated, accessible HTML into the page's <main>.
 *
 * A page handler reads its input (path parameters, query, form), calls
 * the same use cases as the JSON API through pg_app (the signed-in actor,
 * one transaction each — there is no SQL in http/), and writes its
 * content with the pg_* helpers.  page_layout.c wraps the content in the
 * document: <html lang dir>, skip link, header and navigation, the
 * language switcher, <main>, footer.
 *
 * Adding a page group: write page_<group>.c with a table
 *     const struct web_page page_<group>_pages[] = { …, { NULL } };
 * declare it below and list it in web.c's `groups`.
 */
#ifndef PAGE_H
#define PAGE_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>

#include "app/app.h"
#include "core/strbuf.h"
#include "http/form.h"
#include "http/html.h"
#include "http/i18n.h"

#define PAGE_PATH_MAX 512

struct web;
struct pg_attachment;

struct page {
	struct web *web;
	struct app *app;
	const struct i18n *i18n;
	struct MHD_Connection *conn;
	struct actor actor;
	const char *lang;            /* "sv", "en", "ar", "so", "ti", "fa" */
	bool rtl;
	const char *method;          /* "GET" or "POST" */
	const char *path;            /* without the query */
	char self[PAGE_PATH_MAX];    /* path and query: where "back" returns */
	json_t *params;              /* path parameters, "{provider_id}" → 12 */
	struct form form;            /* a POST's fields */
	struct form_errors errors;   /* filled by validation, shown by helpers */
	char csrf[FORM_CSRF_HEX];    /* this visitor's token for POST forms */
	struct strbuf out;           /* the content of <main> */
	char title[200];             /* the page's <title> and <h1> text */
	int status;                  /* 200 unless set */
	char location[PAGE_PATH_MAX];  /* set by pg_redirect: a 303 */
	char cookies[4][300];        /* Set-Cookie values to send */
	int ncookies;
	const char *nav;             /* the navigation item that is current */
	/* set by pg_download: a file sent instead of a page */
	unsigned char *file;
	size_t file_len;
	char file_type[80], file_name[100];
	struct pg_attachment *attachment;  /* a file to send instead of a page */
	/* Set by a page that is the same for every anonymous visitor: made
	 * only from its address, the language, the database and the day.
	 * Such a page is kept and given out until the next write (cache.c). */
	bool cacheable;
};

typedef int (*page_fn)(struct page *pg);

struct web_page {
	const char *method;          /* "GET" or "POST" */
	const char *pattern;         /* "/providers/{provider_id}" */
	int roles;                   /* 0: anyone; else the roles admitted */
	page_fn fn;
};

/* The page groups (each ends with { NULL }). */
extern const struct web_page page_public_pages[];
extern const struct web_page page_account_pages[];
extern const struct web_page page_jobseeker_pages[];
extern const struct web_page page_payments_pages[];
extern const struct web_page page_dashboard_pages[];
extern const struct web_page page_provider_pages[];
extern const struct web_page page_authority_pages[];

/* ------------------------------------------------------------ texts */

/* The translation of key in the visitor's language (unescaped: pass it to
 * html_text or the helpers below, never to html_raw). */
const char *pg_t(const struct page *pg, const char *key);
/* Append the escaped translation to the content. */
void pg_text(struct page *pg, const char *key);
/* The same with "{name}" placeholders: pg_textf(pg, key, "date", d, NULL). */
void pg_textf(struct page *pg, const char *key, ...)
	__attribute__((sentinel));
/* <tag>translation</tag> for tag a constant such as "p" or "h2". */
void pg_elem(struct page *pg, const char *tag, const char *key);
/* Set the page's title (and <h1>) from a key, with placeholders. */
void pg_title(struct page *pg, const char *key, ...)
	__attribute__((sentinel));

/* Set the title from data (a name), escaped. */
void pg_title_text(struct page *pg, const char *text);

/* "2025-03-14" as a date a person reads in their language ("14 mars
 * 2025"); anything else is written as it is. */
void pg_date(struct page *pg, const char *ymd);
void pg_date_into(const struct page *pg, const char *ymd, char *buf,
		  size_t size);

/* ------------------------------------------------------- the request */

/* A query parameter (decoded by libmicrohttpd), NULL when absent. */
const char *pg_query(const struct page *pg, const char *name);
/* A path parameter that is a positive integer, 0 when absent. */
int64_t pg_param_int(const struct page *pg, const char *name);

/* Run a use case as the signed-in actor.  in is stolen.  On failure e is
 * filled (the page decides how to show it). */
int pg_app(struct page *pg, app_usecase_fn fn, bool writes, json_t *in,
	   json_t **out, struct kverr *e);

/* ---------------------------------------------------------- answers */

/* 303 See Other to a local path (a path from input must pass
 * pg_safe_back first). */
void pg_redirect(struct page *pg, const char *path);
/* A local path ("/x?y") that is not "//host" or a scheme; else fallback. */
const char *pg_safe_back(const char *path, const char *fallback);
/* page_download.c: send a file a use case made ({filename, media_type,
 * content_base64}) as a download (Content-Disposition: attachment)
 * instead of a page; -1 when it is not such a file (the page shows an
 * error). */
int pg_download(struct page *pg, const json_t *file);
/* Add a Set-Cookie header value. */
void pg_cookie(struct page *pg, const char *value);
/* An error page: status, a title key and a message key. */
int pg_error_page(struct page *pg, int status, const char *title_key,
		  const char *message_key);
/* The error page for a use case's refusal (404, 403, 409 …). */
int pg_fail(struct page *pg, const struct kverr *e);

/* -------------------------------------------------------- downloads */

/* page_attachment.c: answer with a file (a statement's CSV, an evidence
 * document) instead of a page: Content-Disposition attachment, the
 * media type given, never cached.  data is copied.  -1 when out of
 * memory. */
int pg_attachment(struct page *pg, const char *media_type,
		  const char *filename, const void *data, size_t len);
/* The same from a use case's file object {filename, media_type,
 * content_base64} (app_payrun_statement_csv, app_evidence_get). */
int pg_attachment_json(struct page *pg, const json_t *file);
/* web.c: queue the attachment, when there is one (true), and free it. */
bool pg_attachment_send(struct page *pg, enum MHD_Result *rc);
void pg_attachment_free(struct page *pg);

/* ------------------------------------------------------------ forms */

/* <form method action> with the CSRF field; a GET form has none. */
void pg_form_open(struct page *pg, const char *method, const char *action,
		  const char *cls);
void pg_form_close(struct page *pg);
/* The hidden field (name constant, value escaped). */
void pg_hidden(struct page *pg, const char *name, const char *value);

/* A labelled input.  type: "text", "password", "search" …; value is what
 * the user typed (kept on a failed POST); hint_key may be NULL.  The
 * message of a validation error for name is shown next to it, tied with
 * aria-describedby, and the field gets aria-invalid. */
struct pg_input {
	const char *name, *label_key, *hint_key, *type, *value;
	const char *autocomplete, *inputmode;
	int maxlength;
	bool required;
};
void pg_input(struct page *pg, const struct pg_input *in);
/* A <textarea> the same way: label, hint, the error next to it, value. */
void pg_textarea(struct page *pg, const char *name, const char *label_key,
		 const char *hint_key, const char *value, int maxlength);

/* A labelled <select> of value/label-key pairs (labels translated unless
 * raw_labels, when they are data such as names). */
struct pg_option {
	const char *value, *label;
};
void pg_select(struct page *pg, const char *name, const char *label_key,
	       const struct pg_option *opts, int n, const char *selected,
	       bool raw_labels);
void pg_checkbox(struct page *pg, const char *name, const char *label_key,
		 bool checked);
/* A submit button; cls may be NULL. */
void pg_button(struct page *pg, const char *label_key, const char *cls);
/* The list of errors at the top of a form, each linking to its field;
 * nothing when there are none.  Gets focus-worthy role="alert". */
void pg_error_summary(struct page *pg);
/* The error message for field (escaped, in a span with id
 * "<field>-error"), when there is one. */
void pg_field_error(struct page *pg, const char *field);

/* --------------------------------------------------- shared pieces */

/* The stars of a provider, or "not yet rated", with the link to what the
 * stars mean.  row is a provider row of the public list. */
void pg_stars(struct page *pg, const json_t *row);
/* A language's own name ("العربية") for a code, else the code. */
const char *pg_lang_name(const struct page *pg, const char *code);

/* web.c: the style sheet's version (a hash), which its link carries. */
const char *web_css_version(const struct web *w);

/* page_download.c: the response carrying pg_download's file (web.c
 * adds the common headers). */
struct MHD_Response *page_download_response(struct page *pg);

/* page_layout.c: the whole document around pg->out, into doc. */
void page_layout_render(struct page *pg, struct strbuf *doc);

#endif
