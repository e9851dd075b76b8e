/*
 * i18n.c — translation files and placeholder rendering (see i18n.h).
 *
 * The tables are read-only after i18n_load, so the server's threads share
 * them without locks (jansson's json_object_get takes no reference).
 */
#include "http/i18n.h"
#include "http/html.h"
#include "core/lang.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define I18N_LANGS 6
#define I18N_MAX_FILE (512 * 1024)   /* bytes of one translation file */

struct i18n {
	json_t *lang[I18N_LANGS];     /* lang_codes order; sv first */
};

static int lang_index(const char *code)
{
	for (int i = 0; i < I18N_LANGS && lang_codes[i]; i++)
		if (code && strcmp(lang_codes[i], code) == 0)
			return i;
	return 0;
}

/* Every value a string: a translator's slip is found at start, not when
 * a page happens to need the key. */
static int check_file(json_t *o, const char *path, struct kverr *e)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return kverr_set(e, KVERR_INVALID, "bad_translation", path,
				 "%s must be a JSON object of key to text.", path);
	json_object_foreach(o, key, v) {
		if (!json_is_string(v))
			return kverr_set(e, KVERR_INVALID, "bad_translation", key,
					 "%s: the value of \"%s\" must be text.",
					 path, key);
	}
	return 0;
}

static int load_one(const char *dir, int i, json_t **out, struct kverr *e)
{
	char path[512];
	json_error_t je;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.json", dir, lang_codes[i]);
	f = fopen(path, "rb");
	if (!f) {
		*out = NULL;
		if (i == 0)
			return kverr_set(e, KVERR_INTERNAL, "no_translation", path,
					 "Cannot read %s (the Swedish texts).", path);
		return 0;   /* falls back to Swedish; the check reports it */
	}
	*out = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (!*out)
		return kverr_set(e, KVERR_INVALID, "bad_translation", path,
				 "%s: line %d: %s", path, je.line, je.text);
	if (check_file(*out, path, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Read one part file into into; a key already there is an error (two
 * page groups must not fight over a text). */
static int load_part(const char *path, json_t *into, struct kverr *e)
{
	json_error_t je;
	json_t *part = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	const char *key;
	json_t *v;

	if (!part)
		return kverr_set(e, KVERR_INVALID, "bad_translation", path,
				 "%s: line %d: %s", path, je.line, je.text);
	if (check_file(part, path, e)) {
		json_decref(part);
		return -1;
	}
	json_object_foreach(part, key, v) {
		if (json_object_get(into, key)) {
			/* The message names the key before part (which owns
			 * it) is freed. */
			kverr_set(e, KVERR_INVALID, "duplicate_key", key,
				  "%s: \"%s\" is defined in another translation"
				  " file too.", path, key);
			json_decref(part);
			return -1;
		}
		json_object_set(into, key, v);
	}
	json_decref(part);
	return 0;
}

/* The texts of a page group may live in files of their own,
 * "<lang>.<group>.json" (sv.provider.json), so that groups grow without
 * touching each other's files; they are merged into the language's table. */
static int load_parts(const char *dir, int i, json_t *into, struct kverr *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = strlen(lang_codes[i]);
	int rc = 0;

	if (!d)
		return 0;
	while (rc == 0 && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char path[512];

		if (len <= n + 6 || strncmp(de->d_name, lang_codes[i], n) ||
		    de->d_name[n] != '.' || strcmp(de->d_name + len - 5, ".json") ||
		    len == n + 5)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		rc = load_part(path, into, e);
	}
	closedir(d);
	return rc;
}

int i18n_load(const char *dir, struct i18n **out, struct kverr *e)
{
	struct i18n *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return kverr_set(e, KVERR_INTERNAL, "no_memory", NULL,
				 "Out of memory.");
	for (int i = 0; i < I18N_LANGS; i++) {
		if (load_one(dir, i, &t->lang[i], e) ||
		    (t->lang[i] && load_parts(dir, i, t->lang[i], e))) {
			i18n_free(t);
			return -1;
		}
	}
	*out = t;
	return 0;
}

void i18n_free(struct i18n *t)
{
	if (!t)
		return;
	for (int i = 0; i < I18N_LANGS; i++)
		json_decref(t->lang[i]);
	free(t);
}

const char *i18n_get(const struct i18n *t, const char *lang, const char *key)
{
	const char *s = json_string_value(json_object_get(t->lang[lang_index(lang)],
							  key));

	if (!s)
		s = json_string_value(json_object_get(t->lang[0], key));
	return s ? s : key;
}

bool i18n_has(const struct i18n *t, const char *lang, const char *key)
{
	return json_object_get(t->lang[lang_index(lang)], key) != NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int i18n_missing(const struct i18n *t, const char *lang,
		 void (*fn)(const char *key, void *arg), void *arg)
{
	size_t n = json_object_size(t->lang[0]), k = 0;
	const char **keys = calloc(n ? n : 1, sizeof(*keys));
	const char *key;
	json_t *v;
	int missing = 0;

	if (!keys)
		return -1;
	json_object_foreach(t->lang[0], key, v)
		keys[k++] = key;
	qsort(keys, k, sizeof(*keys), cmp_str);
	for (size_t i = 0; i < k; i++) {
		if (i18n_has(t, lang, keys[i]))
			continue;
		missing++;
		if (fn)
			fn(keys[i], arg);
	}
	free(keys);
	return missing;
}

static const char *arg_value(const char *const *args, const char *name,
			     size_t len)
{
	for (size_t i = 0; args && args[i] && args[i + 1]; i += 2)
		if (strlen(args[i]) == len && memcmp(args[i], name, len) == 0)
			return args[i + 1];
	return NULL;
}

void i18n_render(struct strbuf *sb, const char *tmpl, const char *const *args)
{
	const char *p = tmpl, *open, *close;

	while ((open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		const char *v = arg_value(args, open + 1, (size_t)(close - open - 1));

		html_textn(sb, p, (size_t)(open - p));
		if (v) {
			html_text(sb, v);
		} else {
			html_textn(sb, open, (size_t)(close - open + 1));
		}
		p = close + 1;
	}
	html_text(sb, p);
}
