/*
 * payrun_approve.c — approving a prepared run (Q-7: a decision about
 * money is taken by someone other than who prepared it, under a recorded
 * delegation) and posting what it pays.  Per provider, one payment
 * voucher: earlier clawbacks are first set off against what the provider
 * is owed (P-8); what remains owed goes to the bank, or, when the
 * provider owes more than it earned, the rest is carried as a receivable
 * to the next run.  Penalties (F-6) are set off the same way, by
 * sanctions_set_off in app/sanctions.c.
 */
#include "app/input.h"
#include "app/payrun.h"
#include "app/quality.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* prepared and approved by different controllers; a run still
 * being prepared, or never prepared, cannot be approved. */
static int check_approvable(struct app_ctx *cx, const json_t *run,
			    struct kverr *e)
{
	int64_t id = get_int(run, "id"), open = 0, done = 0, mine = 0;

	if (strcmp(json_string_value(json_object_get(run, "status")), "draft"))
		return kverr_set(e, KVERR_CONFLICT, "approved", "payrun_id",
				 "The run is already approved.");
	if (db_query_int(cx->db, "SELECT count(*) FROM payrun_preparations WHERE"
			 " payrun_id = ? AND finished_at IS NULL", "i", &open, e,
			 id) < 0 ||
	    db_query_int(cx->db, "SELECT count(*) FROM payrun_preparations WHERE"
			 " payrun_id = ? AND finished_at IS NOT NULL", "i", &done,
			 e, id) < 0 ||
	    db_query_int(cx->db, "SELECT count(*) FROM payrun_preparations WHERE"
			 " payrun_id = ? AND prepared_by = ?", "ii", &mine, e, id,
			 cx->actor->user_id) < 0)
		return -1;
	if (open)
		return kverr_set(e, KVERR_CONFLICT, "preparing", "payrun_id",
				 "A preparation of the run has not finished; run"
				 " it again to completion first.");
	if (!done)
		return kverr_set(e, KVERR_CONFLICT, "not_prepared", "payrun_id",
				 "The run has not been prepared.");
	if (mine || get_int(run, "created_by") == cx->actor->user_id)
		return kverr_set(e, KVERR_FORBIDDEN, "four_eyes", "payrun_id",
				 "You prepared this run; another controller must"
				 " approve it (Q-7).");
	return 0;
}

struct payment {
	int64_t run, provider, voucher;
	const char *period;
	int64_t now;
};

static int post(struct app_ctx *cx, const struct payment *p, const char *account,
		const char *kind, ore_t amount, struct kverr *e)
{
	return db_run(cx->db, "INSERT INTO postings(voucher_id, account,"
		      " provider_id, kind, period, due, amount, recorded_at) VALUES"
		      " (?, ?, ?, ?, ?, ?, ?, ?)", "isisssii", e, p->voucher,
		      account, p->provider, kind, p->period, p->period, amount,
		      p->now);
}

/*
 * One provider's payment voucher, from its balances: payable (credit
 * negative: owed to the provider) and receivable (debit positive: owed by
 * it).  Every pair of postings balances, so the voucher does.
 */
static int pay_provider(struct app_ctx *cx, struct payment *p, ore_t payable,
			ore_t receivable, struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	char text[120];
	ore_t owed;

	snprintf(text, sizeof(text), "Utbetalning %s", p->period);
	if (db_query_int(cx->db, "INSERT INTO vouchers(payrun_id, provider_id,"
			 " kind, text, recorded_at) VALUES (?, ?, 'payment', ?, ?)"
			 " RETURNING id", "iisi", &p->voucher, e, p->run,
			 p->provider, text, p->now) != 0)
		return -1;
	/* F-6: penalties decided so far are set off against the payment too
	 * (app/sanctions.c); a penalty larger than what is owed leaves a
	 * receivable carried like a clawback. */
	if (sanctions_set_off(cx, p->voucher, p->provider, p->period, &payable, e))
		return -1;
	/* P-8: set earlier clawbacks off against what is owed now. */
	if (receivable > 0 &&
	    (post(cx, p, lc->payable.number, "offset", receivable, e) ||
	     post(cx, p, lc->receivable.number, "offset", -receivable, e)))
		return -1;
	owed = -(payable + (receivable > 0 ? receivable : 0));
	if (owed > 0)
		return post(cx, p, lc->payable.number, "payment", owed, e) ||
		       post(cx, p, lc->bank.number, "payment", -owed, e);
	if (owed < 0)
		return post(cx, p, lc->receivable.number, "carry", -owed, e) ||
		       post(cx, p, lc->payable.number, "carry", owed, e);
	return 0;
}

static int pay_all(struct app_ctx *cx, int64_t run, const char *period,
		   struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	json_t *rows = db_query_json(cx->db, "SELECT provider_id,"
		" coalesce(sum(CASE WHEN account = ? THEN amount END), 0) AS"
		" payable, coalesce(sum(CASE WHEN account = ? THEN amount END), 0)"
		" AS receivable FROM postings WHERE account IN (?, ?) GROUP BY"
		" provider_id ORDER BY provider_id", "ssss", e,
		lc->payable.number, lc->receivable.number, lc->payable.number,
		lc->receivable.number), *r;
	size_t i;
	int rc = rows ? 0 : -1;

	json_array_foreach(rows, i, r) {
		struct payment p = { .run = run, .provider = get_int(r, "provider_id"),
				     .period = period, .now = cx->now };
		ore_t payable = get_int(r, "payable"), rec = get_int(r, "receivable");

		/* Nothing earned since the last payment: a receivable waits. */
		if (rc || payable == 0)
			continue;
		rc = pay_provider(cx, &p, payable, rec, e);
	}
	json_decref(rows);
	return rc;
}

int app_payrun_approve(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "payrun_id", "delegation",
					    "execution_date", NULL };
	int64_t id = 0;
	const char *delegation;
	date_t exec = cx->today;
	char day[DATE_STRLEN], period[MONTH_STRLEN];
	json_t *run, *args;
	int rc;

	if (app_require(cx, ROLE_CONTROLLER, e) || in_object(in, keys, e) ||
	    in_int(in, "payrun_id", true, 1, INT64_MAX, &id, e) ||
	    in_string(in, "delegation", true, LIMIT_TEXT, &delegation, e) ||
	    in_date(in, "execution_date", false, &exec, e))
		return -1;
	if (exec < cx->today)
		return kverr_set(e, KVERR_INVALID, "past_date", "execution_date",
				 "The bank cannot pay on a day that has passed.");
	run = db_query_one(cx->db, "payrun", "SELECT id, period, status,"
			   " created_by FROM payruns WHERE id = ?", "i", e, id);
	if (!run)
		return -1;
	snprintf(period, sizeof(period), "%s",
		 json_string_value(json_object_get(run, "period")));
	rc = check_approvable(cx, run, e);
	json_decref(run);
	date_format(exec, day);
	if (rc || pay_all(cx, id, period, e) ||
	    db_run(cx->db, "UPDATE payruns SET status = 'approved', approved_by ="
		   " ?, approved_at = ?, delegation = ?, execution_date = ? WHERE"
		   " id = ?", "iissi", e, cx->actor->user_id, cx->now, delegation,
		   day, id) ||
	    app_audit(cx, "payrun.approve", "payrun", id, in, e))
		return -1;
	args = json_pack("{s:I}", "payrun_id", (json_int_t)id);
	rc = app_payrun_get(cx, args, out, e);
	json_decref(args);
	return rc;
}
