/*
 * ledger.h — the rules of the payment ledger, as pure functions: the
 * chart of accounts and the authority's details (rules/ledger.json), which
 * cost component an engine key pays, the idempotency key of a posting, and
 * the checks every voucher must pass (balanced, P-14's append-only
 * corrections).  The ledger's rows live in the store; app/payrun*.c write
 * them, app/ledger.c verifies them.
 */
#ifndef LEDGER_H
#define LEDGER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/engine.h"
#include "core/kverr.h"
#include "core/money.h"

/* The cost components, in the order of engine_component_names. */
#define LEDGER_COSTS 6      /* base, result, supplement, bonus, fund, course */
#define LEDGER_KEY_LEN 96

struct ledger_account {
	char number[8];
	char name[80];
};

struct ledger_config {
	struct ledger_account cost[LEDGER_COSTS];
	struct ledger_account payable;     /* owed to providers */
	struct ledger_account receivable;  /* clawbacks providers owe (P-8) */
	struct ledger_account bank;
	struct ledger_account penalty;     /* F-6: penalties set off (app/sanctions.c) */
	char series[4];                    /* SIE voucher series */
	char authority[80], orgnr[16], iban[40], bic[16];
};

/* Parse rules/ledger.json; errors name the file and key. */
int ledger_config_parse(const json_t *root, const char *file,
			struct ledger_config *out, struct kverr *e);

/*
 * The cost component (index into engine_component_names, below
 * LEDGER_COSTS) an engine key pays: "base:2025-03" base, "result:O1:2"
 * result, "sparse:…" supplement, "shortage:…", "bonus:…" and "cohort:…"
 * bonus, "fund:…" fund, "credits:…" and "pass:…" course.  Corrections and
 * clawbacks post to the account of what they correct.  -1 when unknown.
 */
int ledger_component_of_key(const char *engine_key);

/* The component a line posts to: its own, or for a correction or clawback
 * the one its key pays.  -1 when unknown. */
int ledger_line_component(const struct engine_line *l);

/* "p<participation>/<engine key>/<seq>": seq 0 is the first payment of
 * the key, 1 … each correction after it.  -1 when it does not fit. */
int ledger_idem_key(char out[LEDGER_KEY_LEN], int64_t participation_id,
		    const char *engine_key, int seq);

/* P-14: a voucher's postings must sum to zero. */
bool ledger_balanced(const ore_t *amounts, int n);

#endif
