/*
 * case.h — reading the facts of one participation (a "case") from JSON for
 * the engine: participation, tracks, residence, outcomes with their
 * self-supporting months, education-fund items, context series and what
 * was already paid.  The format is in docs/rulebooks.md.  Parsing is
 * strict; every error names the path of the offending value.
 */
#ifndef CASE_H
#define CASE_H

#include <stddef.h>

#include "core/engine.h"

/* Parse text into c (which the caller may allocate on the heap: it is
 * large).  file names the source in messages. */
int case_parse(const char *text, size_t len, const char *file,
	       struct engine_case *c, struct kverr *e);

#endif
