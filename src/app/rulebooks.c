/*
 * rulebooks.c — reading rulebook files (see rulebooks.h).
 */
#include "app/rulebooks.h"
#include "app/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULEBOOK_FILE_MAX (1024 * 1024)

static bool id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n >= sizeof(((struct rulebook *)0)->id))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		      (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return false;
	return true;
}

int rulebooks_load(const char *rules_dir, const char *id, struct rulebook *rb,
		   struct kverr *e)
{
	char path[512];
	size_t len;
	char *text;
	int rc;

	if (!id_ok(id))
		return kverr_set(e, KVERR_INVALID, "bad_rulebook", "rulebook",
				 "A rulebook id uses a-z, 0-9 and '-' only.");
	snprintf(path, sizeof(path), "%s/%s.json", rules_dir, id);
	text = files_read(path, RULEBOOK_FILE_MAX, &len, e);
	if (!text)
		return kverr_set(e, KVERR_NOT_FOUND, "unknown_rulebook", "rulebook",
				 "There is no rulebook %s (looked for %s).", id, path);
	rc = rulebook_parse(text, len, path, rb, e);
	free(text);
	if (rc == 0 && strcmp(rb->id, id) != 0)
		return kverr_set(e, KVERR_INVALID, "id_mismatch", "id",
				 "%s: the id inside is \"%s\", not \"%s\".", path,
				 rb->id, id);
	return rc;
}
