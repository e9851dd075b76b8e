/*
 * verify.c — the audit-chain check as a use case, for the API and the CLI.
 */
#include "app/verify.h"
#include "app/audit.h"

int app_audit_check(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	int64_t n;

	(void)in;
	if (app_require(cx, ROLE_ADMIN | ROLE_CONTROLLER, e) ||
	    audit_verify(cx->db, &n, e))
		return -1;
	*out = json_pack("{s:b, s:I}", "ok", 1, "records", (json_int_t)n);
	return 0;
}
