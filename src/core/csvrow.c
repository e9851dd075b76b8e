/*
 * csvrow.c — CSV lines and fields, split in place (see csvrow.h).
 */
#include "core/csvrow.h"
#include "core/limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void csvrow_init(struct csvrow_reader *r, char *text)
{
	/* A spreadsheet's byte-order mark is not part of the header. */
	if (text && !strncmp(text, "\xEF\xBB\xBF", 3))
		text += 3;
	r->next = text && *text ? text : NULL;
	r->line = 0;
}

static int line_error(struct kverr *e, size_t line, const char *code,
		      const char *what)
{
	return kverr_set(e, KVERR_INVALID, code, "csv", "Line %zu: %s", line,
			 what);
}

/* One quoted field starting at s (just after the opening quote), copied
 * down in place without its quotes; *end is where the field stopped (a
 * comma or the end of the line).  -1 when the quote is not closed or
 * something follows the closing quote. */
static int unquote(char *s, char **end)
{
	char *w = s;

	for (;;) {
		if (*s == '\0')
			return -1;
		if (*s == '"' && s[1] == '"') {
			*w++ = '"';
			s += 2;
			continue;
		}
		if (*s == '"')
			break;
		*w++ = *s++;
	}
	s++;
	if (*s != ',' && *s != '\0')
		return -1;
	*end = s;
	*w = '\0';
	return 0;
}

/* Split one line (NUL-terminated, no line break) at its commas. */
static int split(char *s, char **f, int max, int *n)
{
	*n = 0;
	if (!*s)
		return 0;
	for (;;) {
		char *end;

		if (*s == '"') {
			if (unquote(s + 1, &end))
				return -1;
			if (*n < max)
				f[*n] = s + 1;
		} else {
			end = s + strcspn(s, ",");
			if (*n < max)
				f[*n] = s;
		}
		(*n)++;
		if (*end == '\0')
			return 0;
		*end = '\0';
		s = end + 1;
	}
}

int csvrow_next(struct csvrow_reader *r, char **f, int max, int *n,
		struct kverr *e)
{
	char *line = r->next, *nl;
	size_t len;

	*n = 0;
	if (!line)
		return 0;
	nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	r->next = nl && nl[1] ? nl + 1 : NULL;
	r->line++;
	len = strlen(line);
	if (len && line[len - 1] == '\r')
		line[--len] = '\0';
	if (len > LIMIT_CSV_LINE)
		return line_error(e, r->line, "too_long", "the line is too long.");
	if (split(line, f, max, n))
		return line_error(e, r->line, "bad_quote", "a quoted field is not"
				  " closed, or text follows its closing quote.");
	return 1;
}

int csvrow_header_is(char *const *f, int n, const char *header)
{
	int i = 0;

	for (const char *h = header; *h; i++) {
		size_t len = strcspn(h, ",");

		if (i >= n || strlen(f[i]) != len || strncmp(f[i], h, len))
			return 0;
		h += len;
		if (*h == ',')
			h++;
	}
	return i == n;
}

int csvrow_fail(struct kverr *e, size_t line, const char *column,
		const char *code, const char *fmt, ...)
{
	char what[240], field[sizeof(e->field)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (column)
		snprintf(field, sizeof(field), "csv[%zu].%s", line, column);
	else
		snprintf(field, sizeof(field), "csv[%zu]", line);
	if (column)
		return kverr_set(e, KVERR_INVALID, code, field, "Line %zu, %s: %s",
				 line, column, what);
	return kverr_set(e, KVERR_INVALID, code, field, "Line %zu: %s", line,
			 what);
}
