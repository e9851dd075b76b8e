/*
 * html.h — building HTML text over a strbuf, with escaping.
 *
 * The one rule: markup comes from string constants in the page files
 * (html_raw), and every other string — anything from the database, the
 * request, a translation file or a number formatted at run time — goes
 * through html_text or html_attr, which escape it.  There is no "trusted
 * dynamic string".  Translations are text, never markup.
 */
#ifndef HTML_H
#define HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/* Markup from a string constant of the caller (never from input). */
void html_raw(struct strbuf *sb, const char *markup);

/* Text content, escaped (& < > " ' become entities). */
void html_text(struct strbuf *sb, const char *text);
void html_textn(struct strbuf *sb, const char *text, size_t n);
void html_textf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void html_int(struct strbuf *sb, int64_t v);

/* One attribute with a leading space: ` name="escaped value"`.  The name
 * is a constant of the caller. */
void html_attr(struct strbuf *sb, const char *name, const char *value);
void html_attr_int(struct strbuf *sb, const char *name, int64_t v);
/* A boolean attribute (` checked`) when on. */
void html_flag(struct strbuf *sb, const char *name, bool on);

/* Percent-encode a query-string component (RFC 3986 unreserved kept). */
void html_url_component(struct strbuf *sb, const char *s);

/* Escaping alone, for tests and helpers: the escaped form of s. */
void html_escape(struct strbuf *sb, const char *s, size_t n);

#endif
