/*
 * compliance.c — individual meeting compliance (D-3): the share of weeks
 * with at least the required meeting time, per participant and per
 * provider.  The counting is core/journey.c's; this file gathers weeks.
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/journey.h"
#include "core/limits.h"

#include <string.h>

#define MAX_WEEKS 120   /* 104 weeks and some: one participation's weeks */

/* Compliance of one participation through `through`, into c. */
static int measure(struct app_ctx *cx, const json_t *p, month_t through,
		   struct journey_compliance *c, struct kverr *e)
{
	struct journey_week weeks[MAX_WEEKS];
	int n = 0;
	json_t *rows, *r;
	size_t i;

	rows = db_query_json(cx->db, "SELECT week_monday, minutes FROM"
			     " meeting_weeks WHERE participation_id = ? ORDER BY"
			     " week_monday", "i", e,
			     json_integer_value(json_object_get(p, "id")));
	if (!rows)
		return -1;
	json_array_foreach(rows, i, r) {
		if (n == MAX_WEEKS)
			break;
		weeks[n].monday = row_date(r, "week_monday");
		weeks[n].minutes = (int32_t)json_integer_value(
			json_object_get(r, "minutes"));
		n++;
	}
	json_decref(rows);
	journey_compliance(&cx->app->journey, row_date(p, "starts_on"),
			   row_date(p, "ends_on"), through, weeks, n, c);
	return 0;
}

static void put(json_t *obj, const struct journey_compliance *c)
{
	json_object_set_new(obj, "weeks_expected", json_integer(c->expected));
	json_object_set_new(obj, "weeks_reported", json_integer(c->reported));
	json_object_set_new(obj, "weeks_compliant", json_integer(c->compliant));
	json_object_set_new(obj, "compliance_permille", json_integer(c->permille));
}

/* Weeks count through the last month that has ended by today. */
static month_t last_ended_month(const struct app_ctx *cx)
{
	return date_month(cx->today) - 1;
}

int app_compliance_participation(struct app_ctx *cx, json_t *in, json_t **out,
				 struct kverr *e)
{
	static const char *const keys[] = { "participation_id", NULL };
	struct journey_compliance c;
	int64_t id = 0;
	json_t *p;

	if (in_object(in, keys, e) ||
	    in_int(in, "participation_id", true, 1, INT64_MAX, &id, e) ||
	    !(p = participation_load(cx, id, e)))
		return -1;
	if (measure(cx, p, last_ended_month(cx), &c, e)) {
		json_decref(p);
		return -1;
	}
	json_decref(p);
	*out = json_pack("{s:I}", "participation_id", (json_int_t)id);
	put(*out, &c);
	return 0;
}

/* D-3 per provider: the weeks of all its participations added up. */
int app_compliance_provider(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	static const char *const keys[] = { "provider_id", NULL };
	struct journey_compliance sum = { 0 }, c;
	int64_t id = 0;
	json_t *rows, *p;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_provider(cx, id, e) ||
	    app_require_row(cx, "providers", "provider", id, e))
		return -1;
	rows = db_query_json(cx->db, "SELECT id, starts_on, ends_on FROM"
			     " participations WHERE provider_id = ? AND"
			     " end_reason <> 'cancelled'", "i", e, id);
	if (!rows)
		return -1;
	json_array_foreach(rows, i, p) {
		if (measure(cx, p, last_ended_month(cx), &c, e)) {
			json_decref(rows);
			return -1;
		}
		sum.expected += c.expected;
		sum.reported += c.reported;
		sum.compliant += c.compliant;
	}
	sum.permille = sum.expected == 0 ? 1000 :
		(sum.compliant * 1000 + sum.expected / 2) / sum.expected;
	*out = json_pack("{s:I, s:i}", "provider_id", (json_int_t)id,
			 "participations", (int)json_array_size(rows));
	json_decref(rows);
	put(*out, &sum);
	return 0;
}
