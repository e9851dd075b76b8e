/*
 * ledger.c — verifying the whole ledger (`kundval ledger verify`): every
 * voucher balances (P-14), no idempotency key is used twice, every
 * account is in the chart, and a BLAKE2b-256 hash over every voucher and
 * posting in id order, so two ledgers can be compared byte for byte (the
 * crash test compares an interrupted run with an uninterrupted one).
 */
#include "app/input.h"
#include "app/payrun.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_BYTES 32

/* Length-prefixed, so ("ab","c") and ("a","bc") hash differently. */
static void hash_text(crypto_generichash_state *h, const char *s)
{
	unsigned char len[4];
	size_t n = strlen(s);

	len[0] = (unsigned char)(n >> 24);
	len[1] = (unsigned char)(n >> 16);
	len[2] = (unsigned char)(n >> 8);
	len[3] = (unsigned char)n;
	crypto_generichash_update(h, len, sizeof(len));
	crypto_generichash_update(h, (const unsigned char *)s, n);
}

/* Hash every column of every row of a query, NULL distinct from "". */
static int hash_rows(struct app_ctx *cx, crypto_generichash_state *h,
		     const char *sql, int64_t *rows, struct kverr *e)
{
	struct db_stmt *st;
	enum db_step_result r;

	if (db_prepare(cx->db, sql, &st, e))
		return -1;
	*rows = 0;
	while ((r = db_step(st, e)) == DB_ROW) {
		for (int c = 0; c < db_column_count(st); c++)
			hash_text(h, db_column_is_null(st, c) ? "\x01NULL" :
				  db_column_text(st, c));
		(*rows)++;
	}
	db_finalize(st);
	return r == DB_ERROR ? -1 : 0;
}

static int known_accounts(struct app_ctx *cx, int64_t *unknown, struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;

	return db_query_int(cx->db, "SELECT count(*) FROM postings WHERE account"
			    " NOT IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssss",
			    unknown, e, lc->cost[0].number, lc->cost[1].number,
			    lc->cost[2].number, lc->cost[3].number,
			    lc->cost[4].number, lc->cost[5].number,
			    lc->payable.number, lc->receivable.number,
			    lc->bank.number, lc->penalty.number) < 0 ? -1 : 0;
}

int app_ledger_verify(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { NULL };
	crypto_generichash_state h;
	unsigned char digest[HASH_BYTES];
	char hex[HASH_BYTES * 2 + 1];
	int64_t vouchers = 0, postings = 0, dup = 0, unknown = 0;
	json_t *unbalanced;

	if (app_require(cx, ROLE_ADMIN | ROLE_CONTROLLER, e) ||
	    (in && in_object(in, keys, e)))
		return -1;
	crypto_generichash_init(&h, NULL, 0, sizeof(digest));
	if (hash_rows(cx, &h, "SELECT id, payrun_id, preparation_id, provider_id,"
		      " kind, text, recorded_at FROM vouchers ORDER BY id",
		      &vouchers, e) ||
	    hash_rows(cx, &h, "SELECT id, voucher_id, account, programme_id,"
		      " provider_id, participation_id, kind, component, track,"
		      " period, due, amount, engine_key, seq, idem_key, corrects,"
		      " rule, explain, recorded_at FROM postings ORDER BY id",
		      &postings, e) ||
	    db_query_int(cx->db, "SELECT count(*) - count(DISTINCT idem_key) FROM"
			 " postings WHERE idem_key IS NOT NULL", "", &dup, e) < 0 ||
	    known_accounts(cx, &unknown, e))
		return -1;
	/* P-14: every voucher sums to zero, and none is empty. */
	unbalanced = db_query_json(cx->db, "SELECT v.id AS voucher_id,"
				   " coalesce(sum(p.amount), 0) AS sum, count(p.id)"
				   " AS postings FROM vouchers v LEFT JOIN postings"
				   " p ON p.voucher_id = v.id GROUP BY v.id HAVING"
				   " coalesce(sum(p.amount), 0) <> 0 OR count(p.id)"
				   " = 0 ORDER BY v.id LIMIT 100", "", e);
	if (!unbalanced)
		return -1;
	crypto_generichash_final(&h, digest, sizeof(digest));
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	*out = json_pack("{s:b, s:I, s:I, s:I, s:I, s:o, s:s}", "ok",
			 json_array_size(unbalanced) == 0 && dup == 0 &&
			 unknown == 0, "vouchers", (json_int_t)vouchers,
			 "postings", (json_int_t)postings, "duplicate_keys",
			 (json_int_t)dup, "unknown_accounts", (json_int_t)unknown,
			 "unbalanced", unbalanced, "hash", hex);
	return 0;
}
