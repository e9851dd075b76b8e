/*
 * payrun_export.c — the files an approved run leaves the system as: SIE
 * 4i vouchers for the authority's bookkeeping (one voucher per provider,
 * the run's postings summed per account and programme) and a pain.001
 * credit transfer file for the bank (one payment per provider).  Only an
 * approved run exports; the use cases answer {filename, media_type,
 * content_base64}, which the HTTP layer sends as a download.
 */
#include "app/input.h"
#include "app/payrun.h"
#include "core/pain001.h"
#include "core/sie.h"
#include "core/strbuf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *get_str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* The run, if approved: only a decided run leaves the system. */
static json_t *approved_run(struct app_ctx *cx, const json_t *in,
			    struct kverr *e)
{
	static const char *const keys[] = { "payrun_id", NULL };
	int64_t id = 0;
	json_t *run;

	if (app_require(cx, ROLE_ADMIN | ROLE_CONTROLLER, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "payrun_id", true, 1, INT64_MAX, &id, e) ||
	    !(run = db_query_one(cx->db, "payrun", "SELECT id, period, status,"
				 " execution_date FROM payruns WHERE id = ?", "i",
				 e, id)))
		return NULL;
	if (strcmp(get_str(run, "status"), "approved")) {
		json_decref(run);
		kverr_set(e, KVERR_CONFLICT, "not_approved", "payrun_id",
			  "Only an approved run can be exported.");
		return NULL;
	}
	return run;
}

static int file_out(struct strbuf *sb, const char *name, const char *type,
		    json_t **out, struct kverr *e)
{
	size_t len = sodium_base64_encoded_len(sb->len,
					       sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(len);

	if (!b64 || sb->failed) {
		free(b64);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	}
	sodium_bin2base64(b64, len, (const unsigned char *)strbuf_str(sb),
			  sb->len, sodium_base64_VARIANT_ORIGINAL);
	*out = json_pack("{s:s, s:s, s:I, s:s}", "filename", name, "media_type",
			 type, "size", (json_int_t)sb->len, "content_base64", b64);
	free(b64);
	return *out ? 0 : kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				    "Out of memory.");
}

/* ---------------------------------------------------------------- SIE */

struct sie_build {
	json_t *rows, *objs;          /* keep the strings the doc points at */
	struct sie_object *objects;
	struct sie_trans *trans;
	struct sie_ver *vers;
	char (*ids)[24];
	char (*names)[128];           /* names fitted to CP437 */
	int n_objects, n_trans, n_vers;
};

static void sie_build_free(struct sie_build *b)
{
	json_decref(b->rows);
	json_decref(b->objs);
	free(b->objects);
	free(b->trans);
	free(b->vers);
	free(b->ids);
	free(b->names);
}

/* The run's postings per provider, account and programme. */
static int sie_rows(struct app_ctx *cx, int64_t run, struct sie_build *b,
		    struct kverr *e)
{
	b->rows = db_query_json(cx->db, "SELECT v.provider_id, pv.name AS"
		" provider_name, p.account, coalesce(p.programme_id, 0) AS"
		" programme_id, sum(p.amount) AS amount FROM postings p JOIN"
		" vouchers v ON v.id = p.voucher_id JOIN providers pv ON pv.id ="
		" v.provider_id WHERE v.payrun_id = ? GROUP BY v.provider_id,"
		" p.account, coalesce(p.programme_id, 0) HAVING sum(p.amount) <> 0"
		" ORDER BY v.provider_id, p.account, 4", "i", e, run);
	b->objs = db_query_json(cx->db, "SELECT 20 AS dim, pg.id, pg.code || ' '"
		" || pg.name AS name FROM programmes pg WHERE pg.id IN (SELECT"
		" p.programme_id FROM postings p JOIN vouchers v ON v.id ="
		" p.voucher_id WHERE v.payrun_id = ?) UNION ALL SELECT 21, pv.id,"
		" pv.name FROM providers pv WHERE pv.id IN (SELECT provider_id FROM"
		" vouchers WHERE payrun_id = ?) ORDER BY 1, 2", "ii", e, run, run);
	return b->rows && b->objs ? 0 : -1;
}

static int sie_assemble(struct sie_build *b, struct kverr *e)
{
	size_t nr = json_array_size(b->rows), no = json_array_size(b->objs);
	const json_t *r;
	size_t i;

	b->objects = calloc(no + 1, sizeof(*b->objects));
	b->ids = calloc(no + 2 * nr + 1, sizeof(*b->ids));
	b->trans = calloc(nr + 1, sizeof(*b->trans));
	b->vers = calloc(nr + 1, sizeof(*b->vers));
	b->names = calloc(no + nr + 1, sizeof(*b->names));
	if (!b->objects || !b->ids || !b->trans || !b->vers || !b->names)
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	json_array_foreach(b->objs, i, r) {
		snprintf(b->ids[i], 24, "%lld", (long long)get_int(r, "id"));
		sie_fit_text(get_str(r, "name"), b->names[i], sizeof(b->names[i]));
		b->objects[b->n_objects++] = (struct sie_object){
			(int)get_int(r, "dim"), b->ids[i], b->names[i] };
	}
	json_array_foreach(b->rows, i, r) {
		struct sie_trans *t = &b->trans[b->n_trans++];
		char *prov = b->ids[no + 2 * i], *prog = b->ids[no + 2 * i + 1];

		snprintf(prov, 24, "%lld", (long long)get_int(r, "provider_id"));
		snprintf(prog, 24, "%lld", (long long)get_int(r, "programme_id"));
		*t = (struct sie_trans){ .account = get_str(r, "account"),
					 .amount = get_int(r, "amount") };
		if (get_int(r, "programme_id"))
			t->objects[t->n_objects++] = (struct sie_object_ref){ 20, prog };
		t->objects[t->n_objects++] = (struct sie_object_ref){ 21, prov };
		/* A new voucher at each provider. */
		if (i == 0 || get_int(json_array_get(b->rows, i - 1), "provider_id")
			      != get_int(r, "provider_id")) {
			sie_fit_text(get_str(r, "provider_name"), b->names[no + i],
				     sizeof(b->names[no + i]));
			b->vers[b->n_vers] = (struct sie_ver){ .trans = t,
				.text = b->names[no + i] };
			b->n_vers++;
		}
		b->vers[b->n_vers - 1].n++;
	}
	return 0;
}

int app_payrun_export_sie(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	static const struct sie_dim dims[] = { { 20, "Program" },
					       { 21, "Leverantör" } };
	struct sie_account accounts[LEDGER_COSTS + 4];
	struct sie_build b = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct sie_doc doc = { 0 };
	json_t *run = approved_run(cx, in, e);
	date_t exec = cx->today;
	char name[64];
	int rc;

	if (!run)
		return -1;
	for (int i = 0; i < LEDGER_COSTS; i++)
		accounts[i] = (struct sie_account){ lc->cost[i].number, lc->cost[i].name };
	accounts[LEDGER_COSTS] = (struct sie_account){ lc->payable.number, lc->payable.name };
	accounts[LEDGER_COSTS + 1] = (struct sie_account){ lc->receivable.number,
							   lc->receivable.name };
	accounts[LEDGER_COSTS + 2] = (struct sie_account){ lc->bank.number, lc->bank.name };
	/* F-6: penalties set off against a payment (app/sanctions.c). */
	accounts[LEDGER_COSTS + 3] = (struct sie_account){ lc->penalty.number,
							   lc->penalty.name };
	date_parse(get_str(run, "execution_date"), &exec);
	rc = sie_rows(cx, get_int(run, "id"), &b, e) || sie_assemble(&b, e);
	for (int i = 0; !rc && i < b.n_vers; i++) {
		b.vers[i].series = lc->series;
		b.vers[i].number = i + 1;
		b.vers[i].date = exec;
	}
	doc = (struct sie_doc){ .program = "kundval", .program_version = "1",
		.generated = cx->today, .orgnr = lc->orgnr, .company = lc->authority,
		.n_dims = 2, .dims = dims, .n_objects = b.n_objects,
		.objects = b.objects, .n_accounts = LEDGER_COSTS + 4,
		.accounts = accounts, .n_vers = b.n_vers, .vers = b.vers };
	snprintf(name, sizeof(name), "kundval-%s.se", get_str(run, "period"));
	if (!rc && b.n_vers == 0)
		rc = kverr_set(e, KVERR_CONFLICT, "nothing_posted", "payrun_id",
			       "The run posted nothing to export.");
	if (!rc)
		rc = sie_write(&doc, &sb, e) ||
		     file_out(&sb, name, "text/plain; charset=IBM437", out, e);
	strbuf_release(&sb);
	sie_build_free(&b);
	json_decref(run);
	return rc ? -1 : 0;
}

/* ------------------------------------------------------------ pain.001 */

/* "5560000019" → "556000-0019". */
static void dash_orgnr(const char *digits, char out[16])
{
	size_t n = strlen(digits);

	if (n == 10)
		snprintf(out, 16, "%.6s-%s", digits, digits + 6);
	else
		snprintf(out, 16, "%s", digits);
}

struct pain_build {
	json_t *rows;
	struct pain_tx *tx;
	char (*ids)[36];
	char (*orgnr)[16];
	char remittance[141];
};

static int pain_rows(struct app_ctx *cx, int64_t run, struct pain_build *b,
		     struct kverr *e)
{
	json_t *missing, *r;
	size_t i, n;

	b->rows = db_query_json(cx->db, "SELECT v.provider_id, pv.name, pv.orgnr,"
		" pv.bankgiro, pv.bank_clearing, pv.bank_account, -sum(p.amount) AS"
		" amount FROM postings p JOIN vouchers v ON v.id = p.voucher_id"
		" JOIN providers pv ON pv.id = v.provider_id WHERE v.payrun_id = ?"
		" AND p.kind = 'payment' AND p.account = ? GROUP BY v.provider_id"
		" ORDER BY v.provider_id", "is", e, run,
		cx->app->ledger.bank.number);
	if (!b->rows)
		return -1;
	missing = json_array();
	json_array_foreach(b->rows, i, r)
		if (!*get_str(r, "bankgiro") && !*get_str(r, "bank_account"))
			json_array_append_new(missing, json_integer(get_int(r,
					      "provider_id")));
	n = json_array_size(missing);
	if (n) {
		char *list = json_dumps(missing, JSON_COMPACT);

		kverr_set(e, KVERR_INVALID, "no_bank_details", "payrun_id",
			  "%zu provider(s) to be paid have no bankgiro or bank"
			  " account: %s.", n, list ? list : "");
		free(list);
	}
	json_decref(missing);
	return n ? -1 : 0;
}

static int pain_assemble(struct pain_build *b, int64_t run, const char *period,
			 struct kverr *e)
{
	size_t n = json_array_size(b->rows), i;
	const json_t *r;

	b->tx = calloc(n + 1, sizeof(*b->tx));
	b->ids = calloc(n + 1, sizeof(*b->ids));
	b->orgnr = calloc(n + 1, sizeof(*b->orgnr));
	if (!b->tx || !b->ids || !b->orgnr)
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	snprintf(b->remittance, sizeof(b->remittance), "Kundval, ersättning"
		 " t.o.m. %s, körning %lld. Specifikation i kundval.", period,
		 (long long)run);
	json_array_foreach(b->rows, i, r) {
		bool bg = *get_str(r, "bankgiro") != '\0';

		snprintf(b->ids[i], 36, "KV%lld-P%lld", (long long)run,
			 (long long)get_int(r, "provider_id"));
		dash_orgnr(get_str(r, "orgnr"), b->orgnr[i]);
		b->tx[i] = (struct pain_tx){ .end_to_end_id = b->ids[i],
			.amount = get_int(r, "amount"),
			.creditor_name = get_str(r, "name"),
			.creditor_orgnr = b->orgnr[i],
			.kind = bg ? PAIN_BANKGIRO : PAIN_BANK_ACCOUNT,
			.account = bg ? get_str(r, "bankgiro") :
				   get_str(r, "bank_account"),
			.clearing = bg ? NULL : get_str(r, "bank_clearing"),
			.remittance = b->remittance };
	}
	return 0;
}

int app_payrun_export_pain(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	struct pain_build b = { 0 };
	struct strbuf sb = STRBUF_INIT;
	json_t *run = approved_run(cx, in, e);
	char msg[36], pmt[36], name[64], orgnr[16];
	date_t exec = cx->today;
	int64_t id;
	int rc;

	if (!run)
		return -1;
	id = get_int(run, "id");
	date_parse(get_str(run, "execution_date"), &exec);
	snprintf(msg, sizeof(msg), "KV-%s-%lld", get_str(run, "period"),
		 (long long)id);
	snprintf(pmt, sizeof(pmt), "%s-1", msg);
	snprintf(name, sizeof(name), "kundval-%s.pain001.xml",
		 get_str(run, "period"));
	snprintf(orgnr, sizeof(orgnr), "%s", lc->orgnr);
	rc = pain_rows(cx, id, &b, e) ||
	     pain_assemble(&b, id, get_str(run, "period"), e);
	if (!rc && json_array_size(b.rows) == 0)
		rc = kverr_set(e, KVERR_CONFLICT, "nothing_to_pay", "payrun_id",
			       "The run pays nobody.");
	if (!rc) {
		struct pain_doc doc = { .msg_id = msg, .created_utc = cx->now,
			.pmt_inf_id = pmt, .execution_date = exec,
			.debtor_name = lc->authority, .debtor_orgnr = orgnr,
			.debtor_iban = lc->iban, .debtor_bic = lc->bic,
			.n = (int)json_array_size(b.rows), .tx = b.tx };

		rc = pain001_write(&doc, &sb, e) ||
		     file_out(&sb, name, "application/xml", out, e);
	}
	strbuf_release(&sb);
	json_decref(b.rows);
	free(b.tx);
	free(b.ids);
	free(b.orgnr);
	json_decref(run);
	return rc ? -1 : 0;
}
