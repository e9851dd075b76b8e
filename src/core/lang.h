/*
 * lang.h — the languages kundval's pages and messages come in (C-1, C-5):
 * Swedish (the default, plain language), English, Arabic, Somali, Tigrinya
 * and Persian.  Arabic and Persian are written right to left.
 */
#ifndef LANG_H
#define LANG_H

#include <stdbool.h>

#define LANG_DEFAULT "sv"

/* NULL-terminated list of ISO 639-1 codes, the default first. */
extern const char *const lang_codes[];

bool lang_supported(const char *code);
bool lang_is_rtl(const char *code);

#endif
