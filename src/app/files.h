/*
 * files.h — reading whole files the program ships (rules/, data/).
 */
#ifndef FILES_H
#define FILES_H

#include <jansson.h>
#include <stddef.h>

#include "core/kverr.h"

/* Read a whole file (at most max bytes) into a NUL-terminated buffer the
 * caller frees. */
char *files_read(const char *path, size_t max, size_t *len, struct kverr *e);

/* Parse a JSON file strictly (duplicate keys rejected), naming the file,
 * line and column on error. */
json_t *files_load_json(const char *path, struct kverr *e);

#endif
