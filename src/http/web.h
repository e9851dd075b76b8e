/*
 * web.h — the server-rendered pages, as server.c sees them: set-up at
 * start (translations, the style sheet, the CSRF key) and the dispatch of
 * every path outside /api/.  The pages themselves are in page_*.c; what a
 * page file uses is in page.h.
 */
#ifndef WEB_H
#define WEB_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

struct web;

/* Load the translations in data_dir/i18n/ and data_dir/../web/kundval.css (the style
 * sheet lives in web/ beside data/ in the source tree), and make the CSRF
 * key.  Fails naming the file that could not be read. */
int web_open(struct app *app, struct web **out, struct kverr *e);
void web_close(struct web *w);

/* The request as server.c collected it. */
struct web_request {
	const char *url, *method;
	const char *body;
	size_t len;
	bool too_large;
};

#define WEB_ALLOW_LEN 40

/*
 * Serve a page.  Returns true with *r set when a response was queued.
 * Returns false when the path is no page, or the method not one the page
 * takes, and the client did not ask for HTML: then allow holds the
 * methods the path takes ("" for none), and server.c answers in JSON as
 * the API does.  A browser (Accept: text/html) gets an HTML 404 or 405.
 */
bool web_dispatch(struct web *w, struct MHD_Connection *c,
		  const struct web_request *rq, char allow[WEB_ALLOW_LEN],
		  enum MHD_Result *r);

#endif
