/*
 * strbuf.h — a growable byte buffer for building files (SIE, XML, CSV)
 * and texts, in the manner of git's strbuf.  The buffer is always
 * NUL-terminated; len excludes the NUL.  On allocation failure the buffer
 * remembers it (failed) and later adds do nothing, so callers check once
 * at the end instead of after every add.
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, cap;
	bool failed;
};

#define STRBUF_INIT { NULL, 0, 0, false }

void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The contents ("" when empty); valid until the next add or release. */
const char *strbuf_str(const struct strbuf *sb);

/* Hand the buffer to the caller (who frees it) and reset sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

void strbuf_release(struct strbuf *sb);

#endif
