/*
 * provider_payment.c — where a provider is paid: a bankgiro number, or a
 * clearing and account number (the payment run's pain.001 file pays
 * there).  The provider's staff or an admin set it; the numbers are
 * checked (bankgiro by its check digit) before anything is written.
 */
#include "app/input.h"
#include "app/providers.h"
#include "core/pain001.h"

#include <stdio.h>
#include <string.h>

/* Keep the digits (and the hyphen of a bankgiro) as the bank files want. */
static void digits_only(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		if (*s >= '0' && *s <= '9')
			out[n++] = *s;
	out[n] = '\0';
}

int app_provider_payment_set(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "bankgiro",
					    "clearing", "account", NULL };
	const char *bg = NULL, *clearing = NULL, *account = NULL;
	char acc[24] = "", clr[8] = "";
	int64_t id = 0;

	if (app_require(cx, ROLE_ADMIN | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_provider(cx, id, e) ||
	    app_require_row(cx, "providers", "provider", id, e) ||
	    in_string(in, "bankgiro", false, 12, &bg, e) ||
	    in_string(in, "clearing", false, 8, &clearing, e) ||
	    in_string(in, "account", false, 20, &account, e))
		return -1;
	if (!bg == !account)
		return kverr_set(e, KVERR_INVALID, "one_of", "bankgiro", "Give a"
				 " bankgiro number, or a clearing and account"
				 " number, not both.");
	if (bg && !pain_bankgiro_valid(bg))
		return kverr_set(e, KVERR_INVALID, "bad_bankgiro", "bankgiro",
				 "The bankgiro number is not valid (7 or 8 digits"
				 " with a check digit).");
	if (account && !clearing)
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_field", "clearing",
				 "The field \"clearing\" is required with an"
				 " account.");
	if (account && !pain_clearing_valid(clearing))
		return kverr_set(e, KVERR_INVALID, "bad_clearing", "clearing",
				 "The clearing number is 4 digits (5 for some"
				 " Swedbank accounts).");
	if (account && !pain_account_valid(account))
		return kverr_set(e, KVERR_INVALID, "bad_account", "account",
				 "The account number is 1 to 10 digits.");
	if (account) {
		digits_only(account, acc, sizeof(acc));
		digits_only(clearing, clr, sizeof(clr));
	}
	if (db_run(cx->db, "UPDATE providers SET bankgiro = ?, bank_clearing = ?,"
		   " bank_account = ? WHERE id = ?", "sssi", e, bg,
		   account ? clr : NULL, account ? acc : NULL, id) ||
	    app_audit(cx, "provider.payment_details", "provider", id, in, e))
		return -1;
	*out = db_query_one(cx->db, "provider", "SELECT id AS provider_id,"
			    " bankgiro, bank_clearing, bank_account FROM providers"
			    " WHERE id = ?", "i", e, id);
	return *out ? 0 : -1;
}
