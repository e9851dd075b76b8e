/*
 * i18n.h — the pages' texts in six languages (C-1, C-5), loaded once at
 * start from data/i18n/{sv,en,ar,so,ti,fa}.json: flat objects of key →
 * plain text.  Swedish is the source and the fallback: a key missing in a
 * language shows in Swedish, and a key missing in Swedish shows as the key
 * itself (which the unit test and the e2e run catch).
 *
 * Texts may hold placeholders "{name}", filled by i18n_render with values
 * that are escaped like the text around them: a translation is never
 * markup.
 */
#ifndef I18N_H
#define I18N_H

#include <stdbool.h>

#include "core/kverr.h"
#include "core/strbuf.h"

struct i18n;

/* Load every language's file from dir.  sv.json must exist; another
 * language without a file falls back to Swedish throughout.  A file that
 * is not a flat object of strings is refused, naming the file and key. */
int i18n_load(const char *dir, struct i18n **out, struct kverr *e);
void i18n_free(struct i18n *t);

/* The text of key in lang (a supported code), else in Swedish, else the
 * key.  The pointer lives as long as t. */
const char *i18n_get(const struct i18n *t, const char *lang, const char *key);

/* Is key present in lang's own file (no fallback)? */
bool i18n_has(const struct i18n *t, const char *lang, const char *key);

/* Call fn for each Swedish key that lang lacks (in key order); returns
 * how many.  The translation check (tests/unit/test_web.c) uses this. */
int i18n_missing(const struct i18n *t, const char *lang,
		 void (*fn)(const char *key, void *arg), void *arg);

/* Append tmpl to sb HTML-escaped, with each "{name}" replaced by the
 * escaped value given for it in args (name, value, name, value, …, NULL).
 * An unknown placeholder is kept as written. */
void i18n_render(struct strbuf *sb, const char *tmpl, const char *const *args);

#endif
