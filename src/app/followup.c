/*
 * followup.c — the follow-up figures (U-1, U-2) of the participations
 * that started in a period: results over the short and the long term by
 * track, gender, birth region and age band, for every provider, for own
 * operation (providers of kind own_operation, F-5) and for the external
 * providers, so the two compare; each provider's utilisation (the
 * participants it had over the places its qualified supervisors give,
 * D-2) and the flow time from start to result or end.
 *
 * A result is an approved outcome (P-6, P-7: what the rulebooks pay
 * for).  The counting is core/quality.c (quality_followup_add): a term
 * counts only participants followed that long, so a recent cohort is not
 * read as a poor one.
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/quality.h"
#include "core/limits.h"
#include "core/quality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ buckets */

struct fu_bucket {
	char key[64];
	struct quality_followup s;
	int64_t *flow;      /* the known flow times, for the median */
	int n, cap;
};

struct fu_group {
	struct fu_bucket *b;
	int n, cap;
};

/* The groups of a section: all, and by each attribute of U-1. */
enum { G_ALL, G_TRACK, G_GENDER, G_REGION, G_AGE, G_COUNT };
static const char *const group_names[G_COUNT] = {
	"total", "by_track", "by_gender", "by_birth_region", "by_age_band"
};
static const char *const group_keys[G_COUNT] = {
	NULL, "track", "gender", "birth_region", "age_band"
};

/* Sections: everyone, own operation, external providers. */
enum { S_ALL, S_OWN, S_EXTERNAL, S_COUNT };
static const char *const section_names[S_COUNT] = {
	"all", "own_operation", "external"
};

struct fu {
	struct fu_group sec[S_COUNT][G_COUNT];
	struct fu_group providers, provider_tracks;
};

static struct fu_bucket *bucket(struct fu_group *g, const char *key,
				struct kverr *e)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->b[i].key, key))
			return &g->b[i];
	if (g->n == g->cap) {
		int cap = g->cap ? g->cap * 2 : 8;
		void *p = realloc(g->b, (size_t)cap * sizeof(*g->b));

		if (!p) {
			kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				  "Out of memory.");
			return NULL;
		}
		g->b = p;
		g->cap = cap;
	}
	memset(&g->b[g->n], 0, sizeof(g->b[g->n]));
	snprintf(g->b[g->n].key, sizeof(g->b[g->n].key), "%s", key);
	return &g->b[g->n++];
}

static int add_to(struct fu_group *g, const char *key,
		  const struct quality_params *p, date_t today,
		  const struct quality_followed *f, struct kverr *e)
{
	struct fu_bucket *b = bucket(g, key, e);
	int64_t flow;

	if (!b)
		return -1;
	quality_followup_add(p, today, f, &b->s, &flow);
	if (flow < 0)
		return 0;
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 16;
		void *q = realloc(b->flow, (size_t)cap * sizeof(*b->flow));

		if (!q)
			return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
					 "Out of memory.");
		b->flow = q;
		b->cap = cap;
	}
	b->flow[b->n++] = flow;
	return 0;
}

static void group_free(struct fu_group *g)
{
	for (int i = 0; i < g->n; i++)
		free(g->b[i].flow);
	free(g->b);
}

static void fu_free(struct fu *fu)
{
	for (int s = 0; s < S_COUNT; s++)
		for (int g = 0; g < G_COUNT; g++)
			group_free(&fu->sec[s][g]);
	group_free(&fu->providers);
	group_free(&fu->provider_tracks);
}

/* ------------------------------------------------------------ counting */

static const char *text_of(const json_t *r, const char *k)
{
	const char *s = json_string_value(json_object_get(r, k));

	return s ? s : "";
}

/* One participation into every bucket it belongs to. */
static int add_row(struct app_ctx *cx, struct fu *fu, const json_t *r,
		   struct kverr *e)
{
	const struct quality_params *p = &cx->app->quality;
	struct quality_followed f = { row_date(r, "starts_on"),
				      row_date(r, "ends_on"), 0 };
	char track[24], key[64];
	int sec = strcmp(text_of(r, "kind"), "own_operation") ? S_EXTERNAL : S_OWN;
	int rc = 0;

	if (row_date(r, "result_on") != JOURNEY_NEVER)
		f.result_on = row_date(r, "result_on");
	snprintf(track, sizeof(track), "%lld", (long long)row_int(r, "track"));
	for (int s = 0; s < S_COUNT && !rc; s++) {
		if (s != S_ALL && s != sec)
			continue;
		for (int g = 0; g < G_COUNT && !rc; g++)
			rc = add_to(&fu->sec[s][g], g == G_ALL ? "" :
				    g == G_TRACK ? track : text_of(r, group_keys[g]),
				    p, cx->today, &f, e);
	}
	snprintf(key, sizeof(key), "%lld", (long long)row_int(r, "provider_id"));
	if (!rc)
		rc = add_to(&fu->providers, key, p, cx->today, &f, e);
	snprintf(key, sizeof(key), "%lld/%s", (long long)row_int(r, "provider_id"),
		 track);
	return rc ? -1 : add_to(&fu->provider_tracks, key, p, cx->today, &f, e);
}

/* ------------------------------------------------------------ the answer */

static json_t *term(int64_t followed, int64_t results)
{
	int64_t pc = quality_percent(results, followed);

	return json_pack("{s:I, s:I, s:o}", "followed", (json_int_t)followed,
			 "results", (json_int_t)results, "percent",
			 pc < 0 ? json_null() : json_integer(pc));
}

static json_t *stats(struct fu_bucket *b)
{
	const struct quality_followup *s = &b->s;
	int64_t pc = quality_percent(s->results, s->participants);
	int64_t median = quality_median(b->flow, b->n);
	int64_t mean = s->flow_n ? (s->flow_days * 2 + s->flow_n) /
				   (2 * s->flow_n) : -1;

	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:{s:I, s:o, s:o}}",
		"participants", (json_int_t)s->participants,
		"results", (json_int_t)s->results,
		"result_percent", pc < 0 ? json_null() : json_integer(pc),
		"short_term", term(s->short_followed, s->short_results),
		"long_term", term(s->long_followed, s->long_results),
		"flow_time", "known", (json_int_t)s->flow_n,
		"mean_days", mean < 0 ? json_null() : json_integer(mean),
		"median_days", median < 0 ? json_null() : json_integer(median));
}

static json_t *group_json(struct fu_group *g, const char *key_name)
{
	json_t *a = json_array();

	for (int i = 0; i < g->n; i++) {
		json_t *o = stats(&g->b[i]);

		json_object_set_new(o, key_name, json_string(g->b[i].key));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *section_json(struct fu *fu, int s)
{
	json_t *o = json_object();
	struct fu_bucket *all = fu->sec[s][G_ALL].n ? &fu->sec[s][G_ALL].b[0] : NULL;

	json_object_set_new(o, "total", all ? stats(all) : json_null());
	for (int g = G_TRACK; g < G_COUNT; g++)
		json_object_set_new(o, group_names[g],
				    group_json(&fu->sec[s][g], group_keys[g]));
	return o;
}

struct period {
	int64_t programme_id;
	date_t from, to;
};

/* U-2: participant-days over the days of places the provider's qualified
 * supervisors give (FTE × participants per FTE), in the period so far. */
static int utilisation(struct app_ctx *cx, const struct period *pd,
		       int64_t provider, json_t *row, struct kverr *e)
{
	date_t last = pd->to < cx->today ? pd->to : cx->today;
	char f[DATE_STRLEN], l[DATE_STRLEN];
	int64_t days = 0, fte_days = 0, per, places;
	json_t *rows, *r;
	size_t i;

	date_format(pd->from, f);
	date_format(last, l);
	rows = db_query_json(cx->db, "SELECT starts_on, ends_on FROM"
			     " participations WHERE provider_id = ? AND end_reason"
			     " <> 'cancelled' AND starts_on <= ? AND ends_on >= ?"
			     " AND (? = 0 OR programme_id = ?)", "issii", e,
			     provider, l, f, pd->programme_id, pd->programme_id);
	if (!rows || staff_fte_days(cx, provider, 0, pd->from, last, &fte_days,
				    e)) {
		json_decref(rows);
		return -1;
	}
	json_array_foreach(rows, i, r) {
		date_t a = row_date(r, "starts_on"), b = row_date(r, "ends_on");

		a = a > pd->from ? a : pd->from;
		b = b < last ? b : last;
		days += a <= b ? (int64_t)(b - a + 1) : 0;
	}
	json_decref(rows);
	per = quality_param(&cx->app->quality.participants_per_qualified_fte,
			    last);
	places = fte_days * per;     /* place-days × 100 */
	json_object_set_new(row, "utilisation", json_pack("{s:I, s:I, s:o}",
		"participant_days", (json_int_t)days, "place_days",
		(json_int_t)(places / 100), "percent", places > 0 ?
		json_integer((days * 100 * 100 * 2 + places) / (2 * places)) :
		json_null()));
	return 0;
}

static json_t *providers_json(struct app_ctx *cx, struct fu *fu,
			      const struct period *pd, const json_t *names,
			      struct kverr *e)
{
	json_t *out = json_array();

	for (int i = 0; i < fu->providers.n; i++) {
		struct fu_bucket *b = &fu->providers.b[i];
		json_t *o = stats(b), *tracks = json_array(), *name;
		char prefix[72];
		int64_t id = strtoll(b->key, NULL, 10);

		snprintf(prefix, sizeof(prefix), "%s/", b->key);
		for (int k = 0; k < fu->provider_tracks.n; k++) {
			struct fu_bucket *t = &fu->provider_tracks.b[k];
			json_t *ts;

			if (strncmp(t->key, prefix, strlen(prefix)))
				continue;
			ts = stats(t);
			json_object_set_new(ts, "track", json_string(
				t->key + strlen(prefix)));
			json_array_append_new(tracks, ts);
		}
		name = json_object_get(names, b->key);
		json_object_set_new(o, "provider_id", json_integer(id));
		json_object_set(o, "name", json_object_get(name, "name"));
		json_object_set(o, "own_operation",
				json_object_get(name, "own_operation"));
		json_object_set_new(o, "by_track", tracks);
		json_array_append_new(out, o);
		if (utilisation(cx, pd, id, o, e)) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* ------------------------------------------------------------ the case */

static json_t *cohort(struct app_ctx *cx, const struct period *pd,
		      struct kverr *e)
{
	char f[DATE_STRLEN], t[DATE_STRLEN];

	date_format(pd->from, f);
	date_format(pd->to, t);
	return db_query_json(cx->db, "SELECT p.provider_id, pv.name, pv.kind,"
		" p.track, p.starts_on, p.ends_on, j.gender, j.birth_region,"
		" j.age_band, (SELECT min(o.starts_on) FROM outcomes o WHERE"
		" o.participation_id = p.id AND o.status = 'approved') AS"
		" result_on FROM participations p JOIN jobseekers j ON j.id ="
		" p.jobseeker_id JOIN providers pv ON pv.id = p.provider_id WHERE"
		" p.end_reason <> 'cancelled' AND p.starts_on >= ? AND p.starts_on"
		" <= ? AND (? = 0 OR p.programme_id = ?) ORDER BY p.id", "ssii", e,
		f, t, pd->programme_id, pd->programme_id);
}

static int read_period(struct app_ctx *cx, json_t *in, struct period *pd,
		       struct kverr *e)
{
	static const char *const keys[] = { "from", "to", "programme_id", NULL };

	memset(pd, 0, sizeof(*pd));
	pd->to = cx->today;
	if (in_object(in, keys, e) ||
	    in_date(in, "from", true, &pd->from, e) ||
	    in_date(in, "to", true, &pd->to, e) ||
	    in_int(in, "programme_id", false, 1, INT64_MAX, &pd->programme_id, e))
		return -1;
	if (pd->from > pd->to)
		return kverr_set(e, KVERR_INVALID, "bad_period", "from",
				 "The period must begin on or before its end.");
	if (pd->to > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "to",
				 "The period cannot end after today.");
	return 0;
}

/* U-1, U-2: the follow-up of the participations started from … to. */
int app_followup_report(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	struct fu fu;
	struct period pd;
	json_t *rows, *r, *names, *sections, *providers;
	size_t i;
	int rc = 0;

	if (app_require(cx, ROLE_AUTHORITY, e) || read_period(cx, in, &pd, e) ||
	    !(rows = cohort(cx, &pd, e)))
		return -1;
	memset(&fu, 0, sizeof(fu));
	names = json_object();
	json_array_foreach(rows, i, r) {
		char key[24];

		snprintf(key, sizeof(key), "%lld",
			 (long long)row_int(r, "provider_id"));
		json_object_set_new(names, key, json_pack("{s:O, s:b}", "name",
			json_object_get(r, "name"), "own_operation",
			!strcmp(text_of(r, "kind"), "own_operation")));
		if ((rc = add_row(cx, &fu, r, e)))
			break;
	}
	json_decref(rows);
	providers = rc ? NULL : providers_json(cx, &fu, &pd, names, e);
	json_decref(names);
	if (!providers) {
		fu_free(&fu);
		return -1;
	}
	sections = json_object();
	for (int s = 0; s < S_COUNT; s++)
		json_object_set_new(sections, section_names[s], section_json(&fu, s));
	fu_free(&fu);
	*out = json_pack("{s:o, s:o}", "sections", sections, "providers",
			 providers);
	row_set_date(*out, "from", pd.from);
	row_set_date(*out, "to", pd.to);
	row_set_date(*out, "as_of", cx->today);
	json_object_set_new(*out, "programme_id", pd.programme_id ?
			    json_integer(pd.programme_id) : json_null());
	return 0;
}
