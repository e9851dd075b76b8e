/*
 * lang.c — the supported interface languages (see lang.h).
 */
#include "core/lang.h"

#include <string.h>

const char *const lang_codes[] = { "sv", "en", "ar", "so", "ti", "fa", NULL };

bool lang_supported(const char *code)
{
	for (int i = 0; code && lang_codes[i]; i++)
		if (strcmp(lang_codes[i], code) == 0)
			return true;
	return false;
}

bool lang_is_rtl(const char *code)
{
	return code && (strcmp(code, "ar") == 0 || strcmp(code, "fa") == 0);
}
