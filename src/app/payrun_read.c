/*
 * payrun_read.c — reading the payment runs from the ledger: the runs and
 * their preparations, a provider's statement (every line with the
 * participant's reference — never a personnummer —, component, period,
 * amount, rule and explanation, the corrections, and the clawback
 * balance carried), and the figures per programme: totals by component
 * and track, the result share of the total (P-2), payments per provider;
 * and a run's corrections and clawbacks by provider (P-8, P-14).
 */
#include "app/input.h"
#include "app/payrun.h"
#include "core/strbuf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* The kinds of posting that are what a provider earned (cost lines). */
#define COST_KINDS "('line','correction','clawback')"

#define RUN_COLUMNS \
	"SELECT r.id, r.period, r.status, cu.username AS created_by," \
	" r.created_at, au.username AS approved_by, r.approved_at," \
	" r.delegation, r.execution_date FROM payruns r" \
	" LEFT JOIN users cu ON cu.id = r.created_by" \
	" LEFT JOIN users au ON au.id = r.approved_by"

int app_payruns_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { NULL };

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e))
		return -1;
	*out = db_query_json(cx->db, RUN_COLUMNS " ORDER BY r.period DESC"
			     " LIMIT 500", "", e);
	return *out ? 0 : -1;
}

/* Per provider: what was earned in the run, and (once approved) what was
 * offset against earlier clawbacks, paid, and carried to the next run. */
static json_t *run_providers(struct app_ctx *cx, int64_t run, struct kverr *e)
{
	return db_query_json(cx->db, "SELECT v.provider_id, pv.name,"
		" coalesce(sum(CASE WHEN p.kind IN " COST_KINDS " THEN p.amount"
		" END), 0) AS earned, coalesce(sum(CASE WHEN p.kind = 'offset' AND"
		" p.account = ? THEN p.amount END), 0) AS set_off,"
		" coalesce(-sum(CASE WHEN p.kind = 'payment' AND p.account = ? THEN"
		" p.amount END), 0) AS paid, coalesce(sum(CASE WHEN p.kind ="
		" 'carry' AND p.account = ? THEN p.amount END), 0) AS carried"
		" FROM vouchers v JOIN postings p ON p.voucher_id = v.id JOIN"
		" providers pv ON pv.id = v.provider_id WHERE v.payrun_id = ?"
		" GROUP BY v.provider_id ORDER BY v.provider_id", "sssi", e,
		cx->app->ledger.payable.number, cx->app->ledger.bank.number,
		cx->app->ledger.receivable.number, run);
}

static json_t *run_preparations(struct app_ctx *cx, int64_t run,
				struct kverr *e)
{
	json_t *preps = db_query_json(cx->db, "SELECT p.id, u.username AS"
				      " prepared_by, p.started_at, p.finished_at,"
				      " p.lines, p.amount FROM payrun_preparations"
				      " p LEFT JOIN users u ON u.id = p.prepared_by"
				      " WHERE p.payrun_id = ? ORDER BY p.id", "i",
				      e, run), *p;
	size_t i;

	json_array_foreach(preps, i, p) {
		json_t *problems = db_query_json(cx->db, "SELECT participation_id,"
			" code, message FROM payrun_problems WHERE preparation_id"
			" = ? ORDER BY participation_id LIMIT 500", "i", e,
			get_int(p, "id"));

		if (!problems) {
			json_decref(preps);
			return NULL;
		}
		json_object_set_new(p, "problems", problems);
	}
	return preps;
}

int app_payrun_get(struct app_ctx *cx, json_t *in, json_t **out,
		   struct kverr *e)
{
	static const char *const keys[] = { "payrun_id", NULL };
	int64_t id = 0, total = 0;
	json_t *run, *preps, *providers, *p;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_int(in, "payrun_id", true, 1, INT64_MAX, &id, e) ||
	    !(run = db_query_one(cx->db, "payrun", RUN_COLUMNS " WHERE r.id = ?",
				 "i", e, id)))
		return -1;
	preps = run_preparations(cx, id, e);
	providers = preps ? run_providers(cx, id, e) : NULL;
	if (!providers) {
		json_decref(preps);
		json_decref(run);
		return -1;
	}
	json_array_foreach(providers, i, p)
		total += get_int(p, "earned");
	json_object_set_new(run, "preparations", preps);
	json_object_set_new(run, "providers", providers);
	json_object_set_new(run, "earned", json_integer(total));
	*out = run;
	return 0;
}

/* ----------------------------------------------------------- statement */

int app_payrun_statement(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "payrun_id", "provider_id", NULL };
	int64_t run = 0, provider = 0, carried_in = 0;
	json_t *head, *lines, *sums;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "payrun_id", true, 1, INT64_MAX, &run, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &provider, e) ||
	    app_require_provider(cx, provider, e) ||
	    app_require_row(cx, "providers", "provider", provider, e) ||
	    !(head = db_query_one(cx->db, "payrun", "SELECT r.id AS payrun_id,"
				  " r.period, r.status, r.execution_date, pv.id"
				  " AS provider_id, pv.name AS provider_name,"
				  " pv.orgnr FROM payruns r, providers pv WHERE"
				  " r.id = ? AND pv.id = ?", "ii", e, run,
				  provider)))
		return -1;
	/* P-8: what the provider owed from clawbacks before this run. */
	if (db_query_int(cx->db, "SELECT coalesce(sum(p.amount), 0) FROM postings"
			 " p JOIN vouchers v ON v.id = p.voucher_id JOIN payruns r"
			 " ON r.id = v.payrun_id WHERE v.provider_id = ? AND"
			 " p.account = ? AND r.period < (SELECT period FROM"
			 " payruns WHERE id = ?)", "isi", &carried_in, e, provider,
			 cx->app->ledger.receivable.number, run) < 0) {
		json_decref(head);
		return -1;
	}
	lines = db_query_json(cx->db, "SELECT p.id, j.ref AS participant,"
		" p.participation_id, p.component, p.kind, p.track, p.period,"
		" p.due, p.amount, p.rule, p.explain FROM postings p JOIN vouchers"
		" v ON v.id = p.voucher_id LEFT JOIN participations pa ON pa.id ="
		" p.participation_id LEFT JOIN jobseekers j ON j.id ="
		" pa.jobseeker_id WHERE v.payrun_id = ? AND v.provider_id = ? AND"
		" p.kind IN " COST_KINDS " ORDER BY p.id", "ii", e, run, provider);
	sums = lines ? run_providers(cx, run, e) : NULL;
	if (!sums) {
		json_decref(lines);
		json_decref(head);
		return -1;
	}
	json_object_set_new(head, "carried_in", json_integer(carried_in));
	json_object_set_new(head, "earned", json_integer(0));
	json_object_set_new(head, "set_off", json_integer(0));
	json_object_set_new(head, "paid", json_integer(0));
	json_object_set_new(head, "carried_out", json_integer(0));
	for (size_t i = 0; i < json_array_size(sums); i++) {
		json_t *s = json_array_get(sums, i);

		if (get_int(s, "provider_id") != provider)
			continue;
		json_object_set(head, "earned", json_object_get(s, "earned"));
		json_object_set(head, "set_off", json_object_get(s, "set_off"));
		json_object_set(head, "paid", json_object_get(s, "paid"));
		json_object_set(head, "carried_out", json_object_get(s, "carried"));
	}
	json_decref(sums);
	json_object_set_new(head, "lines", lines);
	*out = head;
	return 0;
}

/* The runs a provider has a statement in, newest first, with its sums:
 * where the provider's staff pick a month's statement (issue 8 §2).
 * Staff see their own provider only; the authority names one. */
int app_payrun_statements_list(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e)
{
	static const char *const keys[] = { "provider_id", NULL };
	int64_t provider = 0;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", cx->actor->role != ROLE_PROVIDER_STAFF, 1,
		   INT64_MAX, &provider, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF && !provider)
		provider = cx->actor->provider_id;
	if (app_require_provider(cx, provider, e) ||
	    app_require_row(cx, "providers", "provider", provider, e))
		return -1;
	*out = db_query_json(cx->db, "SELECT r.id AS payrun_id, r.period,"
		" r.status, r.execution_date, coalesce(sum(CASE WHEN p.kind IN "
		COST_KINDS " THEN p.amount END), 0) AS earned, coalesce(-sum(CASE"
		" WHEN p.kind = 'payment' AND p.account = ? THEN p.amount END), 0)"
		" AS paid, count(CASE WHEN p.kind IN " COST_KINDS " THEN 1 END) AS"
		" lines FROM payruns r JOIN vouchers v ON v.payrun_id = r.id JOIN"
		" postings p ON p.voucher_id = v.id WHERE v.provider_id = ? GROUP"
		" BY r.id ORDER BY r.period DESC, r.id DESC LIMIT 500", "si", e,
		cx->app->ledger.bank.number, provider);
	return *out ? 0 : -1;
}

/* One CSV field: quoted when it holds the separator, a quote or a line
 * break, with quotes doubled. */
static void csv_field(struct strbuf *sb, const char *s, bool last)
{
	if (strpbrk(s, ";\"\r\n")) {
		strbuf_adds(sb, "\"");
		for (; *s; s++) {
			if (*s == '"')
				strbuf_adds(sb, "\"");
			strbuf_add(sb, s, 1);
		}
		strbuf_adds(sb, "\"");
	} else {
		strbuf_adds(sb, s);
	}
	strbuf_adds(sb, last ? "\r\n" : ";");
}

static const char *text_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* Swedish spreadsheet conventions: semicolons, decimal comma, and a
 * byte-order mark so the letters open right. */
char *payrun_statement_csv(const json_t *st)
{
	struct strbuf sb = STRBUF_INIT;
	const json_t *l;
	char money[MONEY_STRLEN], track[8];
	size_t i;

	strbuf_adds(&sb, "\xef\xbb\xbf" "deltagare;komponent;typ;spår;period;"
		    "förfallen;belopp_kr;regel;förklaring\r\n");
	json_array_foreach(json_object_get(st, "lines"), i, l) {
		csv_field(&sb, text_of(l, "participant"), false);
		csv_field(&sb, text_of(l, "component"), false);
		csv_field(&sb, text_of(l, "kind"), false);
		snprintf(track, sizeof(track), "%lld", (long long)get_int(l, "track"));
		csv_field(&sb, track, false);
		csv_field(&sb, text_of(l, "period"), false);
		csv_field(&sb, text_of(l, "due"), false);
		money_format_plain(get_int(l, "amount"), money);
		csv_field(&sb, money, false);
		csv_field(&sb, text_of(l, "rule"), false);
		csv_field(&sb, text_of(l, "explain"), true);
	}
	if (sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------- figures */

/* P-2: the result share of the total, in per mille: result installments
 * with their supplements and bonuses, over everything earned. */
static json_t *programme_figures(struct app_ctx *cx, int64_t run,
				 struct kverr *e)
{
	json_t *progs = db_query_json(cx->db, "SELECT pg.id AS programme_id,"
		" pg.code, pg.name, sum(p.amount) AS total, coalesce(sum(CASE"
		" WHEN p.component IN ('result','supplement','bonus') THEN p.amount"
		" END), 0) AS result_part FROM postings p JOIN vouchers v ON v.id ="
		" p.voucher_id JOIN programmes pg ON pg.id = p.programme_id WHERE"
		" v.payrun_id = ? AND p.kind IN " COST_KINDS " GROUP BY pg.id"
		" ORDER BY pg.id", "i", e, run), *pg;
	size_t i;

	json_array_foreach(progs, i, pg) {
		int64_t total = get_int(pg, "total"), part = get_int(pg, "result_part");
		json_t *rows = db_query_json(cx->db, "SELECT p.component, p.track,"
			" sum(p.amount) AS amount, count(*) AS lines FROM postings p"
			" JOIN vouchers v ON v.id = p.voucher_id WHERE v.payrun_id"
			" = ? AND p.programme_id = ? AND p.kind IN " COST_KINDS
			" GROUP BY p.component, p.track ORDER BY p.component,"
			" p.track", "ii", e, run, get_int(pg, "programme_id"));

		if (!rows) {
			json_decref(progs);
			return NULL;
		}
		json_object_set_new(pg, "by_component_and_track", rows);
		json_object_set_new(pg, "result_share_permille", total > 0 ?
			json_integer((part * 1000 + total / 2) / total) : json_null());
	}
	return progs;
}

int app_payrun_figures(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "payrun_id", NULL };
	int64_t id = 0;
	json_t *run, *progs, *providers;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_int(in, "payrun_id", true, 1, INT64_MAX, &id, e) ||
	    !(run = db_query_one(cx->db, "payrun", "SELECT id AS payrun_id, period,"
				 " status FROM payruns WHERE id = ?", "i", e, id)))
		return -1;
	progs = programme_figures(cx, id, e);
	providers = progs ? run_providers(cx, id, e) : NULL;
	if (!providers) {
		json_decref(progs);
		json_decref(run);
		return -1;
	}
	json_object_set_new(run, "programmes", progs);
	json_object_set_new(run, "providers", providers);
	*out = run;
	return 0;
}

/* The run's corrections and clawbacks (P-8, P-14) per provider, kind and
 * component: what the run changed of what earlier runs paid. */
int app_payrun_adjustments(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e)
{
	static const char *const keys[] = { "payrun_id", NULL };
	int64_t id = 0;
	json_t *run, *rows;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_int(in, "payrun_id", true, 1, INT64_MAX, &id, e) ||
	    !(run = db_query_one(cx->db, "payrun", "SELECT id AS payrun_id, period,"
				 " status FROM payruns WHERE id = ?", "i", e, id)))
		return -1;
	rows = db_query_json(cx->db, "SELECT v.provider_id, pv.name, p.kind,"
		" p.component, count(*) AS lines, sum(p.amount) AS amount FROM"
		" postings p JOIN vouchers v ON v.id = p.voucher_id JOIN providers"
		" pv ON pv.id = v.provider_id WHERE v.payrun_id = ? AND p.kind IN"
		" ('correction','clawback') GROUP BY v.provider_id, p.kind,"
		" p.component ORDER BY pv.name, v.provider_id, p.kind, p.component",
		"i", e, id);
	if (!rows) {
		json_decref(run);
		return -1;
	}
	json_object_set_new(run, "rows", rows);
	*out = run;
	return 0;
}

/* The statement as a CSV download. */
int app_payrun_statement_csv(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e)
{
	json_t *st = NULL;
	char *csv, *b64, name[80];
	size_t len;

	if (app_payrun_statement(cx, in, &st, e))
		return -1;
	csv = payrun_statement_csv(st);
	len = csv ? sodium_base64_encoded_len(strlen(csv),
					      sodium_base64_VARIANT_ORIGINAL) : 0;
	b64 = csv ? malloc(len) : NULL;
	if (!b64) {
		free(csv);
		json_decref(st);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	}
	sodium_bin2base64(b64, len, (const unsigned char *)csv, strlen(csv),
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(name, sizeof(name), "specifikation-%s-%lld.csv",
		 json_string_value(json_object_get(st, "period")),
		 (long long)get_int(st, "provider_id"));
	*out = json_pack("{s:s, s:s, s:s}", "filename", name, "media_type",
			 "text/csv; charset=utf-8", "content_base64", b64);
	free(b64);
	free(csv);
	json_decref(st);
	return 0;
}
