/*
 * files.c — reading shipped files whole, with a size bound.
 */
#include "app/files.h"

#include <stdio.h>
#include <stdlib.h>

#define FILES_MAX_JSON (4 * 1024 * 1024)

char *files_read(const char *path, size_t max, size_t *len, struct kverr *e)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		kverr_set(e, KVERR_INTERNAL, "cannot_open", path,
			  "Cannot open %s.", path);
		return NULL;
	}
	buf = malloc(max + 1);
	if (!buf) {
		fclose(f);
		kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
		return NULL;
	}
	n = fread(buf, 1, max + 1, f);
	fclose(f);
	if (n > max) {
		free(buf);
		kverr_set(e, KVERR_TOO_LARGE, "too_large", path,
			  "%s is larger than %zu bytes.", path, max);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

json_t *files_load_json(const char *path, struct kverr *e)
{
	json_error_t je;
	size_t len;
	char *text = files_read(path, FILES_MAX_JSON, &len, e);
	json_t *root;

	if (!text)
		return NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (!root)
		kverr_set(e, KVERR_INVALID, "bad_json", path,
			  "%s line %d column %d: %s", path, je.line, je.column,
			  je.text);
	return root;
}
