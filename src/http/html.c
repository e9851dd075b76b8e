/*
 * html.c — escaping HTML builder (see html.h).
 */
#include "http/html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_escape(struct strbuf *sb, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		const char *ent = NULL;

		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		case '\0': ent = ""; break;   /* cannot come from C strings */
		default: continue;
		}
		strbuf_add(sb, s + start, i - start);
		strbuf_adds(sb, ent);
		start = i + 1;
	}
	strbuf_add(sb, s + start, n - start);
}

void html_raw(struct strbuf *sb, const char *markup)
{
	strbuf_adds(sb, markup);
}

void html_text(struct strbuf *sb, const char *text)
{
	if (text)
		html_escape(sb, text, strlen(text));
}

void html_textn(struct strbuf *sb, const char *text, size_t n)
{
	if (text)
		html_escape(sb, text, n);
}

void html_textf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		html_escape(sb, small, (size_t)n);
		return;
	}
	/* Longer than the stack buffer: format into a heap buffer. */
	{
		char *big = malloc((size_t)n + 1);

		if (!big) {
			sb->failed = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		html_escape(sb, big, (size_t)n);
		free(big);
	}
}

void html_int(struct strbuf *sb, int64_t v)
{
	strbuf_addf(sb, "%" PRId64, v);
}

void html_attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	html_text(sb, value ? value : "");
	strbuf_adds(sb, "\"");
}

void html_attr_int(struct strbuf *sb, const char *name, int64_t v)
{
	strbuf_addf(sb, " %s=\"%" PRId64 "\"", name, v);
}

void html_flag(struct strbuf *sb, const char *name, bool on)
{
	if (on)
		strbuf_addf(sb, " %s", name);
}

void html_url_component(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			strbuf_add(sb, s, 1);
		} else {
			char enc[3] = { '%', hex[c >> 4], hex[c & 15] };

			strbuf_add(sb, enc, 3);
		}
	}
}
