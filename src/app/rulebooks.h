/*
 * rulebooks.h — loading a programme's rulebook from rules/<id>.json.
 */
#ifndef RULEBOOKS_H
#define RULEBOOKS_H

#include "core/rulebook.h"

/* Load rules_dir/<id>.json; the id may use a–z, 0–9 and '-', and must
 * match the "id" inside the file. */
int rulebooks_load(const char *rules_dir, const char *id, struct rulebook *rb,
		   struct kverr *e);

#endif
