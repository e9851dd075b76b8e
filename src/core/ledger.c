/*
 * ledger.c — the chart of accounts, the component of an engine key, the
 * idempotency key of a posting and the balance check (see ledger.h).
 */
#include "core/ledger.h"

#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------------- the chart */

static int bad(struct kverr *e, const char *file, const char *key,
	       const char *what)
{
	return kverr_set(e, KVERR_INVALID, "bad_ledger", key, "%s: %s: %s",
			 file, key, what);
}

static int read_text(const json_t *obj, const char *file, const char *path,
		     const char *key, char *out, size_t size, struct kverr *e)
{
	const char *s = json_string_value(json_object_get(obj, key));
	char at[96];

	snprintf(at, sizeof(at), "%s%s", path, key);
	if (!s || !*s)
		return bad(e, file, at, "missing or not text.");
	if (strlen(s) >= size)
		return bad(e, file, at, "too long.");
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* An account: {"number": "5811", "name": "…"}; numbers are 4 digits (BAS). */
static int read_account(const json_t *accounts, const char *file,
			const char *key, struct ledger_account *a,
			struct kverr *e)
{
	const json_t *o = json_object_get(accounts, key);
	char path[64];

	snprintf(path, sizeof(path), "accounts.%s.", key);
	if (!json_is_object(o))
		return bad(e, file, path, "missing account.");
	if (read_text(o, file, path, "number", a->number, sizeof(a->number), e) ||
	    read_text(o, file, path, "name", a->name, sizeof(a->name), e))
		return -1;
	if (strlen(a->number) != 4 || strspn(a->number, "0123456789") != 4)
		return bad(e, file, path, "the number must be four digits.");
	return 0;
}

int ledger_config_parse(const json_t *root, const char *file,
			struct ledger_config *out, struct kverr *e)
{
	const json_t *acc = json_object_get(root, "accounts");
	const json_t *auth = json_object_get(root, "authority");

	memset(out, 0, sizeof(*out));
	if (!json_is_object(acc) || !json_is_object(auth))
		return bad(e, file, "", "needs \"accounts\" and \"authority\".");
	for (int i = 0; i < LEDGER_COSTS; i++)
		if (read_account(acc, file, engine_component_names[i],
				 &out->cost[i], e))
			return -1;
	return read_account(acc, file, "payable", &out->payable, e) ||
	       read_account(acc, file, "receivable", &out->receivable, e) ||
	       read_account(acc, file, "bank", &out->bank, e) ||
	       read_account(acc, file, "penalty", &out->penalty, e) ||
	       read_text(auth, file, "authority.", "name", out->authority,
			 sizeof(out->authority), e) ||
	       read_text(auth, file, "authority.", "orgnr", out->orgnr,
			 sizeof(out->orgnr), e) ||
	       read_text(auth, file, "authority.", "iban", out->iban,
			 sizeof(out->iban), e) ||
	       read_text(auth, file, "authority.", "bic", out->bic,
			 sizeof(out->bic), e) ||
	       read_text(root, file, "", "series", out->series,
			 sizeof(out->series), e) ? -1 : 0;
}

/* ------------------------------------------------------------ the keys */

int ledger_component_of_key(const char *key)
{
	static const struct { const char *prefix; enum engine_component c; } map[] = {
		{ "base:", COMP_BASE }, { "result:", COMP_RESULT },
		{ "sparse:", COMP_SUPPLEMENT }, { "shortage:", COMP_BONUS },
		{ "bonus:", COMP_BONUS }, { "cohort:", COMP_BONUS },
		{ "fund:", COMP_FUND }, { "credits:", COMP_COURSE },
		{ "pass:", COMP_COURSE },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncmp(key, map[i].prefix, strlen(map[i].prefix)))
			return (int)map[i].c;
	return -1;
}

int ledger_line_component(const struct engine_line *l)
{
	if (l->component == COMP_CORRECTION || l->component == COMP_CLAWBACK)
		return ledger_component_of_key(l->key);
	return (int)l->component < LEDGER_COSTS ? (int)l->component : -1;
}

int ledger_idem_key(char out[LEDGER_KEY_LEN], int64_t participation_id,
		    const char *engine_key, int seq)
{
	int n = snprintf(out, LEDGER_KEY_LEN, "p%lld/%s/%d",
			 (long long)participation_id, engine_key, seq);

	return n > 0 && n < LEDGER_KEY_LEN ? 0 : -1;
}

bool ledger_balanced(const ore_t *amounts, int n)
{
	ore_t sum = 0;

	for (int i = 0; i < n; i++)
		sum += amounts[i];
	return sum == 0;
}
