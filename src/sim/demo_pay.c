/*
 * demo_pay.c — the demo's money: every provider gets a bankgiro number,
 * and the payment runs of the journeys' months are prepared by one
 * controller and approved by the other, month by month, each on a
 * day of its own month; the current month's run is left prepared and
 * waiting for approval, so the demo shows both states.
 */
#include "sim/demo.h"
#include "app/auth.h"
#include "app/payrun.h"
#include "app/providers.h"
#include "core/idnum.h"

#include <stdio.h>
#include <string.h>

#define DEMO_PAY_DAY 20    /* runs are prepared on the 20th */

/* A valid bankgiro "NNNN-NNNN": seven digits and the Luhn digit. */
static void bankgiro_for(int64_t provider, char out[10])
{
	char d[9];

	snprintf(d, sizeof(d), "5%06lld0", (long long)(provider * 7919 % 1000000));
	for (char c = '0'; c <= '9'; c++) {
		d[7] = c;
		if (idnum_luhn_ok(d, 8))
			break;
	}
	snprintf(out, 10, "%.4s-%.4s", d, d + 4);
}

static int add_bankgiros(struct app *app, struct kverr *e)
{
	struct db *db = store_acquire(app->store);
	json_t *ids = db_query_json(db, "SELECT id FROM providers ORDER BY id",
				    "", e), *r;
	size_t i;
	int rc = ids ? 0 : -1;

	store_release(app->store, db);
	json_array_foreach(ids, i, r) {
		int64_t id = json_integer_value(json_object_get(r, "id"));
		char bg[10];
		json_t *in, *out = NULL;

		if (rc)
			break;
		bankgiro_for(id, bg);
		in = json_pack("{s:I, s:s}", "provider_id", (json_int_t)id,
			       "bankgiro", bg);
		rc = app_run(app, &app_system_actor, true, app_provider_payment_set,
			     in, &out, e);
		json_decref(in);
		json_decref(out);
	}
	json_decref(ids);
	return rc;
}

static int approve(struct app *app, const struct actor *a, int64_t run,
		   struct kverr *e)
{
	json_t *in = json_pack("{s:I, s:s}", "payrun_id", (json_int_t)run,
			       "delegation", "Delegationsordning 2024, punkt 4.2:"
			       " attest av utbetalning till kompletterande aktör.");
	json_t *out = NULL;
	int rc = app_run(app, a, true, app_payrun_approve, in, &out, e);

	json_decref(in);
	json_decref(out);
	return rc;
}

/* The month the first participation started (false when there is none). */
static int first_month(struct app *app, month_t *m, bool *any, struct kverr *e)
{
	struct db *db = store_acquire(app->store);
	json_t *r = db_query_one(db, "participation", "SELECT coalesce(min(starts_on),"
				 " '') AS d FROM participations", "", e);
	date_t d;

	store_release(app->store, db);
	if (!r)
		return -1;
	*any = date_parse(json_string_value(json_object_get(r, "d")), &d) == 0;
	if (*any)
		*m = date_month(d);
	json_decref(r);
	return 0;
}

/* The months from the first participation's start to now, each prepared
 * on its 20th (or today, in the current month). */
int demo_add_payments(struct app *app, FILE *log, struct kverr *e)
{
	int64_t pinned = app->fixed_now, now = app_now(app), runs = 0, total = 0;
	date_t today = app_civil_date(now);
	struct actor c1, c2;
	bool any = false;
	month_t m = 0;

	if (first_month(app, &m, &any, e))
		return -1;
	if (!any)
		return 0;
	if (add_bankgiros(app, e) ||
	    auth_resolve_username(app, "controller1", &c1, e) ||
	    auth_resolve_username(app, "controller2", &c2, e))
		return -1;
	for (; m <= date_month(today); m++) {
		char period[MONTH_STRLEN];
		date_t day = month_first_day(m) + DEMO_PAY_DAY - 1;
		json_t *out = NULL;

		app->fixed_now = (int64_t)(day < today ? day : today) * DEMO_DAY +
				 9 * 3600;
		month_format(m, period);
		if (payrun_prepare(app, &c1, period, NULL, NULL, &out, e)) {
			app->fixed_now = pinned;
			return -1;
		}
		total += json_integer_value(json_object_get(out, "earned"));
		if (m < date_month(today) &&
		    approve(app, &c2, json_integer_value(json_object_get(out, "id")), e)) {
			json_decref(out);
			app->fixed_now = pinned;
			return -1;
		}
		json_decref(out);
		runs++;
	}
	app->fixed_now = pinned;
	fprintf(log, "demo: %lld payment runs (the last awaits approval), %lld kr"
		" earned in all\n", (long long)runs, (long long)(total / 100));
	return 0;
}
