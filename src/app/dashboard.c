/*
 * dashboard.c — the authority's figures over time for the dashboards
 * (issue 8 §3; see dashboard.h): how many participants each track and
 * each provider had month by month, and what each month's payment run
 * paid by component with the result share of the total (P-2).
 *
 * A participant counts in a month when their participation runs on the
 * month's last day (today in the current month): a stock, not a flow, so
 * the months add up to nothing and compare with each other.  Payments are
 * the run's cost postings (lines, corrections and clawbacks) by the
 * component of the key they pay, as the run's figures count them
 * (payrun_read.c).
 */
#include "app/dashboard.h"
#include "app/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the months */

struct span {
	month_t from, to;
	int n;
	int64_t programme_id;
};

static int read_month(const json_t *in, const char *key, month_t *m,
		      struct kverr *e)
{
	const char *s;

	if (in_string(in, key, true, 7, &s, e))
		return -1;
	if (month_parse(s, m))
		return kverr_set(e, KVERR_INVALID, "bad_month", key,
				 "%s must be written YYYY-MM.", key);
	return 0;
}

static int read_span(struct app_ctx *cx, const json_t *in, struct span *sp,
		     struct kverr *e)
{
	static const char *const keys[] = { "from", "to", "programme_id", NULL };

	memset(sp, 0, sizeof(*sp));
	if (in_object(in, keys, e) || read_month(in, "from", &sp->from, e) ||
	    read_month(in, "to", &sp->to, e) ||
	    in_int(in, "programme_id", false, 1, INT64_MAX, &sp->programme_id, e))
		return -1;
	if (sp->from > sp->to)
		return kverr_set(e, KVERR_INVALID, "bad_period", "from",
				 "The first month must be on or before the last.");
	if (sp->to > date_month(cx->today))
		return kverr_set(e, KVERR_INVALID, "future_month", "to",
				 "The last month cannot be after this month.");
	if (sp->to - sp->from >= DASHBOARD_MONTHS)
		return kverr_set(e, KVERR_INVALID, "too_many_months", "from",
				 "At most %d months at a time.", DASHBOARD_MONTHS);
	sp->n = (int)(sp->to - sp->from) + 1;
	return 0;
}

/* The day a month's stock is counted on: its last, or today. */
static date_t count_day(const struct app_ctx *cx, month_t m)
{
	date_t last = month_last_day(m);

	return last < cx->today ? last : cx->today;
}

static json_t *zeros(int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_integer(0));
	return a;
}

/* Add n to counts[i] of the row of `list` whose `key` is id, made with
 * zeros when there is none yet. */
static void add_count(json_t *list, const char *key, int64_t id, int months,
		      int i, int64_t n)
{
	json_t *row = NULL, *r, *counts;
	size_t k;

	json_array_foreach(list, k, r) {
		if (json_integer_value(json_object_get(r, key)) == id) {
			row = r;
			break;
		}
	}
	if (!row) {
		row = json_pack("{s:I, s:o}", key, (json_int_t)id, "counts",
				zeros(months));
		json_array_append_new(list, row);
	}
	counts = json_object_get(row, "counts");
	json_array_set_new(counts, (size_t)i, json_integer(
		json_integer_value(json_array_get(counts, (size_t)i)) + n));
}

static int by_key(const void *a, const void *b, const char *key)
{
	int64_t x = json_integer_value(json_object_get(*(json_t *const *)a, key));
	int64_t y = json_integer_value(json_object_get(*(json_t *const *)b, key));

	return x < y ? -1 : x > y;
}

static int by_track(const void *a, const void *b)
{
	return by_key(a, b, "track");
}

static int by_provider(const void *a, const void *b)
{
	return by_key(a, b, "provider_id");
}

/* jansson arrays have no sort: sort a copy of the items and put it back. */
static void sort_array(json_t *a, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(a);
	json_t **items = calloc(n ? n : 1, sizeof(*items));

	if (!items)
		return;   /* unsorted is still right, only less tidy */
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(a, i));
	qsort(items, n, sizeof(*items), cmp);
	json_array_clear(a);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, items[i]);
	free(items);
}

/* ---------------------------------------------------------- participants */

static int count_month(struct app_ctx *cx, struct db_stmt *st,
		       const struct span *sp, int i, json_t *out,
		       struct kverr *e)
{
	char day[DATE_STRLEN], period[MONTH_STRLEN];
	json_t *month;
	int64_t total = 0;
	int rc;

	date_format(count_day(cx, sp->from + i), day);
	month_format(sp->from + i, period);
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, day);
	db_bind_int(st, 3, sp->programme_id);
	db_bind_int(st, 4, sp->programme_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t track = db_column_int(st, 0), prov = db_column_int(st, 1);
		int64_t n = db_column_int(st, 2);

		add_count(json_object_get(out, "by_track"), "track", track,
			  sp->n, i, n);
		add_count(json_object_get(out, "by_provider"), "provider_id", prov,
			  sp->n, i, n);
		total += n;
	}
	db_reset(st);
	if (rc == DB_ERROR)
		return -1;
	month = json_pack("{s:s, s:s, s:I}", "period", period, "on", day, "total",
			  (json_int_t)total);
	json_array_append_new(json_object_get(out, "months"), month);
	return 0;
}

/* The providers' names beside their counts. */
static int name_providers(struct app_ctx *cx, json_t *list, struct kverr *e)
{
	json_t *names = db_query_json(cx->db, "SELECT id, name, kind FROM"
				      " providers ORDER BY id", "", e), *r, *n;
	size_t i, k;

	if (!names)
		return -1;
	json_array_foreach(list, i, r) {
		int64_t id = json_integer_value(json_object_get(r, "provider_id"));

		json_array_foreach(names, k, n) {
			if (json_integer_value(json_object_get(n, "id")) != id)
				continue;
			json_object_set(r, "name", json_object_get(n, "name"));
			json_object_set_new(r, "own_operation", json_boolean(
				!strcmp(json_string_value(json_object_get(n, "kind")),
					"own_operation")));
		}
	}
	json_decref(names);
	return 0;
}

int app_dashboard_participants(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e)
{
	struct span sp;
	struct db_stmt *st;
	char f[MONTH_STRLEN], t[MONTH_STRLEN];
	int rc = 0;

	if (app_require(cx, ROLE_AUTHORITY, e) || read_span(cx, in, &sp, e) ||
	    db_prepare(cx->db, "SELECT track, provider_id, count(*) FROM"
		       " participations WHERE end_reason <> 'cancelled' AND"
		       " starts_on <= ? AND ends_on >= ? AND (? = 0 OR"
		       " programme_id = ?) GROUP BY track, provider_id", &st, e))
		return -1;
	month_format(sp.from, f);
	month_format(sp.to, t);
	*out = json_pack("{s:s, s:s, s:o, s:[], s:[], s:[]}", "from", f, "to", t,
			 "programme_id", sp.programme_id ?
			 json_integer(sp.programme_id) : json_null(),
			 "months", "by_track", "by_provider");
	for (int i = 0; i < sp.n && !rc; i++)
		rc = count_month(cx, st, &sp, i, *out, e);
	db_finalize(st);
	if (!rc)
		rc = name_providers(cx, json_object_get(*out, "by_provider"), e);
	if (rc) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	sort_array(json_object_get(*out, "by_track"), by_track);
	sort_array(json_object_get(*out, "by_provider"), by_provider);
	return 0;
}

/* -------------------------------------------------------------- payments */

/* The components a cost posting pays (engine_component_names less the
 * line kinds correction and clawback, which carry their key's component). */
static const char *const components[] = {
	"base", "result", "supplement", "bonus", "fund", "course", NULL
};

static json_t *empty_month(const char *period, int64_t run, const char *status)
{
	json_t *m = json_pack("{s:s, s:I, s:s}", "period", period, "payrun_id",
			      (json_int_t)run, "status", status);

	for (int c = 0; components[c]; c++)
		json_object_set_new(m, components[c], json_integer(0));
	json_object_set_new(m, "total", json_integer(0));
	return m;
}

/* P-2: result installments with their supplements and bonuses over all
 * that was earned, in per mille rounded half up — as programme_figures. */
static void result_share(json_t *m)
{
	int64_t total = json_integer_value(json_object_get(m, "total"));
	int64_t part = json_integer_value(json_object_get(m, "result")) +
		       json_integer_value(json_object_get(m, "supplement")) +
		       json_integer_value(json_object_get(m, "bonus"));

	json_object_set_new(m, "result_share_permille", total > 0 ?
			    json_integer((part * 1000 + total / 2) / total) :
			    json_null());
}

static json_t *month_of(json_t *months, const char *period)
{
	json_t *m;
	size_t i;

	json_array_foreach(months, i, m)
		if (!strcmp(json_string_value(json_object_get(m, "period")), period))
			return m;
	return NULL;
}

int app_dashboard_payments(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e)
{
	struct span sp;
	char f[MONTH_STRLEN], t[MONTH_STRLEN];
	json_t *runs, *sums, *months, *r;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY, e) || read_span(cx, in, &sp, e))
		return -1;
	month_format(sp.from, f);
	month_format(sp.to, t);
	runs = db_query_json(cx->db, "SELECT id, period, status FROM payruns"
			     " WHERE period >= ? AND period <= ? ORDER BY period",
			     "ss", e, f, t);
	sums = runs ? db_query_json(cx->db, "SELECT r.period, p.component,"
		" sum(p.amount) AS amount FROM postings p JOIN vouchers v ON v.id ="
		" p.voucher_id JOIN payruns r ON r.id = v.payrun_id WHERE p.kind IN"
		" ('line','correction','clawback') AND r.period >= ? AND r.period"
		" <= ? AND (? = 0 OR p.programme_id = ?) GROUP BY r.period,"
		" p.component", "ssii", e, f, t, sp.programme_id,
		sp.programme_id) : NULL;
	if (!sums) {
		json_decref(runs);
		return -1;
	}
	months = json_array();
	json_array_foreach(runs, i, r)
		json_array_append_new(months, empty_month(
			json_string_value(json_object_get(r, "period")),
			json_integer_value(json_object_get(r, "id")),
			json_string_value(json_object_get(r, "status"))));
	json_array_foreach(sums, i, r) {
		json_t *m = month_of(months, json_string_value(json_object_get(r,
								"period")));
		const char *c = json_string_value(json_object_get(r, "component"));
		int64_t a = json_integer_value(json_object_get(r, "amount"));

		if (!m || !c || !json_object_get(m, c))
			continue;   /* no component: not a cost posting */
		json_object_set_new(m, c, json_integer(
			json_integer_value(json_object_get(m, c)) + a));
		json_object_set_new(m, "total", json_integer(
			json_integer_value(json_object_get(m, "total")) + a));
	}
	json_array_foreach(months, i, r)
		result_share(r);
	json_decref(runs);
	json_decref(sums);
	*out = json_pack("{s:s, s:s, s:o, s:o}", "from", f, "to", t,
			 "programme_id", sp.programme_id ?
			 json_integer(sp.programme_id) : json_null(),
			 "months", months);
	return 0;
}
