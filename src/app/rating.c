/*
 * rating.c — computing and publishing rating rounds.
 *
 * `compute` measures every programme on a date: the providers admitted
 * in each delivery area on that date are the units; the participations
 * that started in the window, with the track (or model score) of the
 * assessment in force at the choice and their approved outcomes, are the
 * people; core/rating.c does the rest.  A round is kept for good; a new
 * computation is a new round.  `publish` makes a round the one the public,
 * the choice list and non-choice read, no more often than the schedule
 * allows.  Each writes one audit record.
 */
#include "app/rating.h"
#include "app/files.h"
#include "app/input.h"
#include "app/journey.h"
#include "app/rulebooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rating_params_load(const struct app *app, struct rating_params *p,
		       struct kverr *e)
{
	char path[300];
	json_t *root;
	int rc;

	snprintf(path, sizeof(path), "%s/rating.json", app->rules_dir);
	if (!(root = files_load_json(path, e)))
		return -1;
	rc = rating_params_parse(root, path, p, e);
	json_decref(root);
	return rc;
}

/* ------------------------------------------------- gathering the facts */

/* What one programme's measurement holds while it is gathered. */
struct measure {
	struct rating_rules rules;
	date_t on, from, last;
	struct rulebook rb;
	struct rating_unit *units;
	size_t n_units;
	struct rating_person *people;
	int64_t *part_ids;           /* the participation of people[i] */
	size_t n_people, cap;
};

static void measure_free(struct measure *m)
{
	free(m->units);
	free(m->people);
	free(m->part_ids);
}

static int no_memory(struct kverr *e)
{
	return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
			 "Out of memory while measuring.");
}

/* The units: providers admitted in the programme's areas on the date,
 * with their whole months of operation. */
static int load_units(struct app_ctx *cx, struct measure *m, int64_t prog,
		      struct kverr *e)
{
	char d[DATE_STRLEN];
	json_t *rows, *r;
	size_t i;

	date_format(m->on, d);
	rows = db_query_json(cx->db, "SELECT a.provider_id, a.area_id,"
		" min(a.admitted_on) AS admitted_on FROM admissions a JOIN"
		" delivery_areas da ON da.id = a.area_id WHERE da.programme_id = ?"
		" AND a.admitted_on <= ? AND (a.ended_on IS NULL OR a.ended_on > ?)"
		" GROUP BY a.area_id, a.provider_id ORDER BY a.area_id,"
		" a.provider_id", "iss", e, prog, d, d);
	if (!rows)
		return -1;
	m->n_units = json_array_size(rows);
	m->units = calloc(m->n_units ? m->n_units : 1, sizeof(*m->units));
	if (!m->units) {
		json_decref(rows);
		return no_memory(e);
	}
	json_array_foreach(rows, i, r) {
		m->units[i].provider_id = row_int(r, "provider_id");
		m->units[i].area_id = row_int(r, "area_id");
		m->units[i].months_operating = date_months_between(
			row_date(r, "admitted_on"), m->on);
	}
	json_decref(rows);
	return 0;
}

static int cmp_unit(const void *key, const void *elem)
{
	const struct rating_unit *a = key, *b = elem;

	if (a->area_id != b->area_id)
		return a->area_id < b->area_id ? -1 : 1;
	return a->provider_id < b->provider_id ? -1 :
	       a->provider_id > b->provider_id;
}

/* The unit's index, or -1 for a provider not admitted on the date. */
static int unit_of(const struct measure *m, int64_t provider, int64_t area)
{
	struct rating_unit key = { .provider_id = provider, .area_id = area };
	const struct rating_unit *u = m->n_units ? bsearch(&key, m->units,
		m->n_units, sizeof(*m->units), cmp_unit) : NULL;

	return u ? (int)(u - m->units) : -1;
}

static int add_person(struct measure *m, int64_t part,
		      const struct rating_person *p, struct kverr *e)
{
	if (m->n_people == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct rating_person *np = realloc(m->people, cap * sizeof(*np));
		int64_t *ni;

		if (!np)
			return no_memory(e);
		m->people = np;
		if (!(ni = realloc(m->part_ids, cap * sizeof(*ni))))
			return no_memory(e);
		m->part_ids = ni;
		m->cap = cap;
	}
	m->people[m->n_people] = *p;
	m->part_ids[m->n_people++] = part;
	return 0;
}

/* the participations that started in the window, with the track and
 * score of the assessment in force at the choice (A-1: the model's score
 * when it gave one; the track otherwise). */
static int load_people(struct app_ctx *cx, struct measure *m, int64_t prog,
		       struct kverr *e)
{
	char from[DATE_STRLEN], last[DATE_STRLEN];
	struct db_stmt *st;
	enum db_step_result s = DB_DONE;
	int rc = 0;

	date_format(m->from, from);
	date_format(m->last, last);
	if (db_prepare(cx->db, "SELECT p.id, p.provider_id, p.area_id, p.track,"
		       " (SELECT a.score_ppm FROM assessments a WHERE a.jobseeker_id"
		       " = p.jobseeker_id AND a.assessed_on <= p.chosen_on ORDER BY"
		       " a.assessed_on DESC, a.id DESC LIMIT 1) FROM participations p"
		       " WHERE p.programme_id = ? AND p.starts_on >= ? AND"
		       " p.starts_on <= ? AND p.end_reason <> 'cancelled' ORDER BY"
		       " p.id", &st, e))
		return -1;
	db_bind_int(st, 1, prog);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, last);
	while (rc == 0 && (s = db_step(st, e)) == DB_ROW) {
		int64_t track = db_column_int(st, 3);
		struct rating_person p = {
			.unit = unit_of(m, db_column_int(st, 1), db_column_int(st, 2)),
			.track = track < 1 || track > RATING_MAX_TRACKS ? 1 : (int)track,
			.score_ppm = db_column_is_null(st, 4) ? -1 :
				     (int32_t)db_column_int(st, 4),
		};

		rc = add_person(m, db_column_int(st, 0), &p, e);
	}
	db_finalize(st);
	return rc || s == DB_ERROR ? -1 : 0;
}

/* The person of a participation (people are in participation id order). */
static struct rating_person *person_of(struct measure *m, int64_t part)
{
	size_t lo = 0, hi = m->n_people;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->part_ids[mid] < part)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n_people && m->part_ids[lo] == part ? &m->people[lo] : NULL;
}

/* R-1, P-6, P-7: each measured participation's result is its best
 * approved outcome that counts: begun by the date, within the months
 * after the start, weighted as the rulebook says. */
static int load_results(struct app_ctx *cx, struct measure *m, int64_t prog,
			struct kverr *e)
{
	char from[DATE_STRLEN], last[DATE_STRLEN], on[DATE_STRLEN];
	struct db_stmt *st;
	enum db_step_result s;

	date_format(m->from, from);
	date_format(m->last, last);
	date_format(m->on, on);
	if (db_prepare(cx->db, "SELECT o.participation_id, o.type, o.starts_on,"
		       " p.starts_on FROM outcomes o JOIN participations p ON p.id ="
		       " o.participation_id WHERE p.programme_id = ? AND p.starts_on"
		       " >= ? AND p.starts_on <= ? AND p.end_reason <> 'cancelled'"
		       " AND o.status = 'approved' AND o.starts_on <= ?", &st, e))
		return -1;
	db_bind_int(st, 1, prog);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, last);
	db_bind_text(st, 4, on);
	while ((s = db_step(st, e)) == DB_ROW) {
		struct rating_person *p = person_of(m, db_column_int(st, 0));
		const char *type = db_column_text(st, 1);
		date_t ostart = 0, pstart = 0;
		int t = 0, pct;

		while (rb_outcome_names[t] && strcmp(rb_outcome_names[t], type))
			t++;
		if (!p || !rb_outcome_names[t] ||
		    date_parse(db_column_text(st, 2), &ostart) ||
		    date_parse(db_column_text(st, 3), &pstart) ||
		    !rating_outcome_counts(&m->rules, pstart, ostart, m->on))
			continue;
		pct = rating_outcome_percent(&m->rb, (enum rb_outcome)t, ostart);
		if (pct > p->result_pct)
			p->result_pct = pct;
	}
	db_finalize(st);
	return s == DB_ERROR ? -1 : 0;
}

/* --------------------------------------------------------- storing it */

static json_t *cells_json(const struct rating_market *mk)
{
	json_t *a = json_array();

	for (int i = 0; i < mk->n_cells; i++) {
		const struct rating_cell *c = &mk->cells[i];

		json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:I, s:I}",
			"kind", c->kind == 't' ? "track" : "score_band", "index",
			c->index, "participants", c->participants, "results_pct",
			(json_int_t)c->results_pct, "rate_ppm", (json_int_t)
			((c->results_pct * 10000 + c->participants / 2) /
			 c->participants)));
	}
	return a;
}

static int store_programme(struct app_ctx *cx, int64_t round, int64_t prog,
			   const char *rulebook, const struct rating_market *mk,
			   struct kverr *e)
{
	json_t *cells = cells_json(mk);
	char *text = json_dumps(cells, JSON_COMPACT);
	int rc;

	json_decref(cells);
	if (!text)
		return no_memory(e);
	rc = db_run(cx->db, "INSERT INTO rating_programmes(round_id, programme_id,"
		    " rulebook, participants, results_pct, rated, cells, cut2_ppm,"
		    " cut3_ppm, cut4_ppm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "iisiiisiii", e, round, prog, rulebook,
		    (int64_t)mk->participants, mk->results_pct, (int64_t)mk->rated,
		    text, mk->cut_ppm[0], mk->cut_ppm[1], mk->cut_ppm[2]);
	free(text);
	if (rc == 0 && !mk->rated)
		rc = db_run(cx->db, "UPDATE rating_programmes SET cut2_ppm = NULL,"
			    " cut3_ppm = NULL, cut4_ppm = NULL WHERE round_id = ?"
			    " AND programme_id = ?", "ii", e, round, prog);
	return rc;
}

static int store_unit(struct app_ctx *cx, int64_t round, int64_t prog,
		      const struct rating_unit *u, struct kverr *e)
{
	if (db_run(cx->db, "INSERT INTO rating_rows(round_id, programme_id,"
		   " provider_id, area_id, months_operating, participants,"
		   " observed_pct, expected_ppm, reason) VALUES (?, ?, ?, ?, ?, ?,"
		   " ?, ?, ?)", "iiiiiiiis", e, round, prog, u->provider_id,
		   u->area_id, (int64_t)u->months_operating,
		   (int64_t)u->participants, u->observed_pct, u->expected_ppm,
		   rating_reason_codes[u->reason]))
		return -1;
	if (u->reason != RATING_RATED)
		return 0;
	return db_run(cx->db, "UPDATE rating_rows SET ratio_ppm = ?, low_ppm = ?,"
		      " high_ppm = ?, stars = ? WHERE round_id = ? AND provider_id"
		      " = ? AND area_id = ?", "iiiiiii", e, u->ratio_ppm,
		      u->low_ppm, u->high_ppm, (int64_t)u->stars, round,
		      u->provider_id, u->area_id);
}

/* Measure one programme and store its rows; a rulebook that defines no
 * result (a course's cohort payment) has nothing to rate: skipped. */
static int measure_programme(struct app_ctx *cx, int64_t round,
			     const json_t *prog, struct measure *m,
			     json_t *skipped, struct kverr *e)
{
	int64_t id = row_int(prog, "id");
	const char *rulebook = json_string_value(json_object_get(prog, "rulebook"));
	struct rating_market mk;

	if (rulebooks_load(cx->app->rules_dir, rulebook, &m->rb, e))
		return -1;
	if (!m->rb.has_result && m->rb.bonus_when == RB_BONUS_NONE) {
		json_array_append_new(skipped, json_pack("{s:I, s:s}",
			"programme_id", (json_int_t)id, "reason", "The rulebook"
			" defines no result to rate (R-1)."));
		return 0;
	}
	if (load_units(cx, m, id, e) || load_people(cx, m, id, e) ||
	    load_results(cx, m, id, e) ||
	    rating_compute(&m->rules, m->people, m->n_people, m->units,
			   m->n_units, &mk, e) ||
	    store_programme(cx, round, id, rulebook, &mk, e))
		return -1;
	for (size_t k = 0; k < m->n_units; k++)
		if (store_unit(cx, round, id, &m->units[k], e))
			return -1;
	return 0;
}

static json_t *rules_json(const struct rating_rules *r)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:[i, i, i], s:i, s:i,"
			 " s:i, s:I, s:i}",
			 "window_from_months", r->window_from_months,
			 "window_to_months", r->window_to_months,
			 "result_within_months", r->result_within_months,
			 "min_participants", r->min_participants,
			 "min_months", r->min_months,
			 "confidence_percent", r->confidence_percent,
			 "star_cut_percentiles", r->cut_percentile[0],
			 r->cut_percentile[1], r->cut_percentile[2],
			 "score_band_ppm", (int)r->score_band_ppm,
			 "publish_every_months", r->publish_every_months,
			 "terminate_max_stars", r->terminate_max_stars,
			 "terminate_ratio_below_ppm",
			 (json_int_t)r->terminate_ratio_below_ppm,
			 "terminate_rounds", r->terminate_rounds);
}

static int insert_round(struct app_ctx *cx, const struct measure *m,
			int64_t *round, struct kverr *e)
{
	char on[DATE_STRLEN], from[DATE_STRLEN], last[DATE_STRLEN];
	json_t *params = rules_json(&m->rules);
	char *text = json_dumps(params, JSON_COMPACT);
	int rc;

	json_decref(params);
	if (!text)
		return no_memory(e);
	date_format(m->on, on);
	date_format(m->from, from);
	date_format(m->last, last);
	rc = db_query_int(cx->db, "INSERT INTO rating_rounds(measured_on,"
			  " window_from, window_to, params, computed_by,"
			  " computed_at) VALUES (?, ?, ?, ?, nullif(?, 0), ?)"
			  " RETURNING id", "ssssii", round, e, on, from, last,
			  text, cx->actor->user_id, cx->now);
	free(text);
	return rc ? -1 : 0;
}

/* ----------------------------------------------------------- use cases */

static int measure_all(struct app_ctx *cx, struct measure *base,
		       int64_t round, json_t *skipped, struct kverr *e)
{
	json_t *progs = db_query_json(cx->db, "SELECT id, rulebook FROM"
				      " programmes ORDER BY id", "", e), *p;
	size_t i;
	int rc = progs ? 0 : -1;

	json_array_foreach(progs, i, p) {
		struct measure m = *base;

		rc = measure_programme(cx, round, p, &m, skipped, e);
		measure_free(&m);
		if (rc) {
			char where[40];

			snprintf(where, sizeof(where), "programme %lld",
				 (long long)row_int(p, "id"));
			kverr_prefix_field(e, where);
			break;
		}
	}
	json_decref(progs);
	return rc;
}

int app_rating_compute(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "date", NULL };
	struct rating_params params;
	struct measure m = { 0 };
	json_t *skipped, *detail;
	int64_t round = 0;

	m.on = cx->today;
	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    in_date(in, "date", false, &m.on, e))
		return -1;
	if (m.on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "date",
				 "A rating cannot be measured on a future date.");
	if (rating_params_load(cx->app, &params, e))
		return -1;
	rating_rules_at(&params, m.on, &m.rules);
	rating_window(&m.rules, m.on, &m.from, &m.last);
	skipped = json_array();
	if (insert_round(cx, &m, &round, e) ||
	    measure_all(cx, &m, round, skipped, e)) {
		json_decref(skipped);
		return -1;
	}
	detail = json_pack("{s:O}", "skipped", skipped);
	row_set_date(detail, "measured_on", m.on);
	if (app_audit(cx, "rating.compute", "rating_round", round, detail, e) ||
	    !(*out = rating_round_json(cx, round, 0, 0, 0, e))) {
		json_decref(detail);
		json_decref(skipped);
		return -1;
	}
	json_decref(detail);
	json_object_set_new(*out, "skipped", skipped);
	return 0;
}

/* The round to publish: the one named, or the latest computed one. */
static json_t *round_to_publish(struct app_ctx *cx, json_t *in,
				struct kverr *e)
{
	int64_t id = 0;

	if (in_int(in, "round_id", false, 1, INT64_MAX, &id, e))
		return NULL;
	if (id)
		return db_query_one(cx->db, "rating round", "SELECT id, status,"
				    " measured_on FROM rating_rounds WHERE id = ?",
				    "i", e, id);
	return db_query_one(cx->db, "rating round", "SELECT id, status,"
			    " measured_on FROM rating_rounds WHERE status ="
			    " 'computed' ORDER BY measured_on DESC, id DESC LIMIT"
			    " 1", "", e);
}

/* published rounds follow each other in time, every N months. */
static int check_schedule(struct app_ctx *cx, const json_t *r,
			  struct kverr *e)
{
	struct rating_params params;
	struct rating_rules rules;
	date_t on = row_date(r, "measured_on"), last;
	char next[DATE_STRLEN], lastd[DATE_STRLEN];
	json_t *prev;

	if (strcmp(json_string_value(json_object_get(r, "status")), "computed"))
		return kverr_set(e, KVERR_CONFLICT, "already_published",
				 "round_id", "Rating round %lld is already"
				 " published.", (long long)row_int(r, "id"));
	if (rating_params_load(cx->app, &params, e) ||
	    !(prev = db_query_json(cx->db, "SELECT measured_on FROM rating_rounds"
				   " WHERE status = 'published' ORDER BY"
				   " measured_on DESC, id DESC LIMIT 1", "", e)))
		return -1;
	last = json_array_size(prev) ? row_date(json_array_get(prev, 0),
						"measured_on") : 0;
	json_decref(prev);
	rating_rules_at(&params, on, &rules);
	if (!last || rating_publish_due(&rules, last, on))
		return 0;
	date_format(last, lastd);
	date_format(rating_next_publication(&rules, last), next);
	return kverr_set(e, KVERR_CONFLICT, "not_due", "round_id", "Ratings are"
			 " published every %d months (R-3): the last published"
			 " round was measured on %s, so the next may be measured"
			 " on %s or later.", rules.publish_every_months, lastd,
			 next);
}

int app_rating_publish(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "round_id", NULL };
	json_t *r;
	int64_t id;
	char today[DATE_STRLEN];

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    !(r = round_to_publish(cx, in, e)))
		return -1;
	id = row_int(r, "id");
	if (check_schedule(cx, r, e)) {
		json_decref(r);
		return -1;
	}
	json_decref(r);
	date_format(cx->today, today);
	if (db_run(cx->db, "UPDATE rating_rounds SET status = 'published',"
		   " published_on = ?, published_by = nullif(?, 0), published_at"
		   " = ? WHERE id = ?", "siii", e, today, cx->actor->user_id,
		   cx->now, id) ||
	    app_audit(cx, "rating.publish", "rating_round", id, NULL, e))
		return -1;
	*out = rating_round_json(cx, id, 0, 0, 0, e);
	return *out ? 0 : -1;
}
