/*
 * verify.h — checking the integrity of what is stored (the audit chain).
 */
#ifndef VERIFY_H
#define VERIFY_H

#include "app/app.h"

/* Verify the audit chain; out = {"ok": true, "records": N}.  A broken
 * chain is an error (422) naming the first bad record. */
int app_audit_check(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);

#endif
