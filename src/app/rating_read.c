/*
 * rating_read.c — reading rating rounds: the list of rounds,
 * one round with the market's expected rates and every provider's row in
 * figures and in plain words, and the termination test's candidates.
 *
 * The public sees published rounds only; the authority sees computed
 * ones too (before deciding to publish).  Fixed point goes out as it is
 * stored, with the unit in the field's name (…_ppm: × 1,000,000), and
 * each row carries a sentence that says the same in words.
 */
#include "app/rating.h"
#include "app/input.h"
#include "app/journey.h"

#include <stdio.h>
#include <string.h>

#define ROWS_MAX "20000"     /* rows of one round shown at most */

static bool is_authority(const struct app_ctx *cx)
{
	return (cx->actor->role & ROLE_AUTHORITY) != 0;
}

/* "1.23" from 1,234,567 ppm (rounded to hundredths). */
static void fmt_ppm(char *buf, size_t len, int64_t ppm)
{
	int64_t h = (ppm + 5000) / 10000;

	snprintf(buf, len, "%lld.%02lld", (long long)(h / 100),
		 (long long)(h % 100));
}

static int64_t param_of(const json_t *round, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(round,
						  "params"), key));
}

/* what the row says, in words a provider and a jobseeker can read. */
static void explain(const json_t *round, const json_t *r, char *buf,
		    size_t len)
{
	const char *reason = json_string_value(json_object_get(r, "reason"));
	char obs[32], exp[32], ratio[32], lo[32], hi[32];

	if (!strcmp(reason, "too_few_participants")) {
		snprintf(buf, len, "Not yet rated: %lld participant%s started in"
			 " the measurement window; at least %lld are needed.",
			 (long long)row_int(r, "participants"),
			 row_int(r, "participants") == 1 ? "" : "s",
			 (long long)param_of(round, "min_participants"));
		return;
	}
	if (!strcmp(reason, "too_short_operation")) {
		snprintf(buf, len, "Not yet rated: %lld month%s of operation in"
			 " the area; at least %lld are needed.",
			 (long long)row_int(r, "months_operating"),
			 row_int(r, "months_operating") == 1 ? "" : "s",
			 (long long)param_of(round, "min_months"));
		return;
	}
	if (!strcmp(reason, "no_expected")) {
		snprintf(buf, len, "Not yet rated: nobody in the market with the"
			 " same tracks reached a result, so no result was"
			 " expected to compare with.");
		return;
	}
	fmt_ppm(obs, sizeof(obs), row_int(r, "observed_ppm"));
	fmt_ppm(exp, sizeof(exp), row_int(r, "expected_ppm"));
	fmt_ppm(ratio, sizeof(ratio), row_int(r, "ratio_ppm"));
	fmt_ppm(lo, sizeof(lo), row_int(r, "ci_low_ppm"));
	fmt_ppm(hi, sizeof(hi), row_int(r, "ci_high_ppm"));
	snprintf(buf, len, "%lld of 4 stars. %s results among %lld participants,"
		 " where %s were expected for participants like them (ratio %s;"
		 " %lld %% interval %s to %s): %s.",
		 (long long)row_int(r, "stars"), obs,
		 (long long)row_int(r, "participants"), exp, ratio,
		 (long long)param_of(round, "confidence_percent"), lo, hi,
		 row_int(r, "ci_low_ppm") > RATING_PPM ? "better than expected" :
		 row_int(r, "ci_high_ppm") < RATING_PPM ? "worse than expected" :
		 "not clearly different from expected");
}

/* Shape one stored row for output (observed as results × 1,000,000 like
 * expected, rates per participant, the sentence). */
static void shape_row(const json_t *round, json_t *r)
{
	int64_t n = row_int(r, "participants");
	int64_t obs = row_int(r, "observed_pct") * 10000;
	bool rated = !strcmp(json_string_value(json_object_get(r, "reason")),
			     "rated");
	char text[400];

	json_object_del(r, "observed_pct");
	json_object_set_new(r, "observed_ppm", json_integer(obs));
	json_object_set_new(r, "observed_rate_ppm",
			    n ? json_integer((obs + n / 2) / n) : json_null());
	json_object_set_new(r, "expected_rate_ppm", n ? json_integer(
		(row_int(r, "expected_ppm") + n / 2) / n) : json_null());
	json_object_set_new(r, "rated", json_boolean(rated));
	if (rated) {
		int64_t lo = row_int(r, "ci_low_ppm"), hi = row_int(r, "ci_high_ppm");

		json_object_set_new(r, "significance", json_string(
			lo > RATING_PPM ? "above" : hi < RATING_PPM ? "below" :
			"as_expected"));
	} else {
		json_object_set_new(r, "significance", json_null());
	}
	explain(round, r, text, sizeof(text));
	json_object_set_new(r, "text", json_string(text));
}

/* The per-programme market figures: cells (JSON text) decoded. */
static json_t *round_programmes(struct app_ctx *cx, int64_t id, int64_t prog,
				struct kverr *e)
{
	json_t *rows = db_query_json(cx->db, "SELECT rp.programme_id, p.code,"
		" p.name, rp.rulebook, rp.participants, rp.results_pct, rp.rated,"
		" rp.cells, rp.cut2_ppm, rp.cut3_ppm, rp.cut4_ppm FROM"
		" rating_programmes rp JOIN programmes p ON p.id = rp.programme_id"
		" WHERE rp.round_id = ? AND (? = 0 OR rp.programme_id = ?) ORDER BY"
		" rp.programme_id", "iii", e, id, prog, prog), *r;
	size_t i;

	json_array_foreach(rows, i, r) {
		json_t *cuts = json_pack("[O, O, O]", json_object_get(r, "cut2_ppm"),
					 json_object_get(r, "cut3_ppm"),
					 json_object_get(r, "cut4_ppm"));

		json_object_set_new(r, "cells", json_loads(json_string_value(
			json_object_get(r, "cells")), 0, NULL));
		json_object_set_new(r, "star_cuts_ppm", cuts);
		json_object_del(r, "cut2_ppm");
		json_object_del(r, "cut3_ppm");
		json_object_del(r, "cut4_ppm");
	}
	return rows;
}

json_t *rating_round_json(struct app_ctx *cx, int64_t id, int64_t prog,
			  int64_t area, int64_t provider, struct kverr *e)
{
	json_t *round, *progs, *rows, *r;
	size_t i;

	round = db_query_one(cx->db, "rating round", "SELECT r.id, r.measured_on,"
		" r.window_from, r.window_to, r.status, r.published_on, r.params,"
		" cu.username AS computed_by, pu.username AS published_by FROM"
		" rating_rounds r LEFT JOIN users cu ON cu.id = r.computed_by LEFT"
		" JOIN users pu ON pu.id = r.published_by WHERE r.id = ?", "i", e,
		id);
	if (!round)
		return NULL;
	json_object_set_new(round, "params", json_loads(json_string_value(
		json_object_get(round, "params")), 0, NULL));
	progs = round_programmes(cx, id, prog, e);
	rows = progs ? db_query_json(cx->db, "SELECT rr.programme_id,"
		" rr.provider_id, pv.name AS provider, rr.area_id, da.code AS"
		" area_code, da.name AS area, rr.months_operating,"
		" rr.participants, rr.observed_pct, rr.expected_ppm, rr.reason,"
		" rr.ratio_ppm, rr.low_ppm AS ci_low_ppm, rr.high_ppm AS"
		" ci_high_ppm, rr.stars FROM rating_rows rr JOIN providers pv ON"
		" pv.id = rr.provider_id JOIN delivery_areas da ON da.id ="
		" rr.area_id WHERE rr.round_id = ? AND (? = 0 OR rr.programme_id"
		" = ?) AND (? = 0 OR rr.area_id = ?) AND (? = 0 OR"
		" rr.provider_id = ?) ORDER BY rr.programme_id, da.code,"
		" coalesce(rr.stars, 0) DESC, coalesce(rr.ratio_ppm, 0) DESC,"
		" rr.provider_id LIMIT " ROWS_MAX, "iiiiiii", e, id, prog, prog,
		area, area, provider, provider) : NULL;
	if (!rows) {
		json_decref(progs);
		json_decref(round);
		return NULL;
	}
	json_array_foreach(rows, i, r)
		shape_row(round, r);
	json_object_set_new(round, "programmes", progs);
	json_object_set_new(round, "rows", rows);
	return round;
}

/* ----------------------------------------------------------- use cases */

int app_ratings_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { NULL };

	if (in_object(in, keys, e))
		return -1;
	/* the public sees what is published; the authority all. */
	*out = db_query_json(cx->db, "SELECT r.id, r.measured_on, r.window_from,"
		" r.window_to, r.status, r.published_on, (SELECT count(*) FROM"
		" rating_rows rr WHERE rr.round_id = r.id AND rr.reason = 'rated')"
		" AS rated, (SELECT count(*) FROM rating_rows rr WHERE rr.round_id"
		" = r.id AND rr.reason <> 'rated') AS not_rated FROM rating_rounds"
		" r WHERE ? = 1 OR r.status = 'published' ORDER BY r.measured_on"
		" DESC, r.id DESC LIMIT 500", "i", e, (int64_t)is_authority(cx));
	return *out ? 0 : -1;
}

int app_rating_get(struct app_ctx *cx, json_t *in, json_t **out,
		   struct kverr *e)
{
	static const char *const keys[] = { "round_id", "programme_id",
					    "area_id", "provider_id", NULL };
	int64_t id = 0, prog = 0, area = 0, provider = 0, published = 0;
	int rc;

	if (in_object(in, keys, e) ||
	    in_int(in, "round_id", true, 1, INT64_MAX, &id, e) ||
	    in_int(in, "programme_id", false, 1, INT64_MAX, &prog, e) ||
	    in_int(in, "area_id", false, 1, INT64_MAX, &area, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider, e))
		return -1;
	rc = db_query_int(cx->db, "SELECT status = 'published' FROM rating_rounds"
			  " WHERE id = ?", "i", &published, e, id);
	if (rc < 0)
		return -1;
	/* A round not yet published does not exist for the public. */
	if (rc == 1 || (!published && !is_authority(cx)))
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "round_id",
				 "No such rating round.");
	*out = rating_round_json(cx, id, prog, area, provider, e);
	return *out ? 0 : -1;
}

/* ------------------------------------------------- the termination test */

/* The unit's marks in the given rounds, newest first. */
static int marks_of(struct app_ctx *cx, const json_t *rounds,
		    const json_t *row, struct rating_mark *marks,
		    struct kverr *e)
{
	const json_t *rd;
	size_t i;

	json_array_foreach(rounds, i, rd) {
		json_t *m = db_query_json(cx->db, "SELECT reason, stars, ratio_ppm"
			" FROM rating_rows WHERE round_id = ? AND provider_id = ?"
			" AND area_id = ?", "iii", e, row_int(rd, "id"),
			row_int(row, "provider_id"), row_int(row, "area_id"));
		json_t *r = m ? json_array_get(m, 0) : NULL;

		if (!m)
			return -1;
		marks[i] = (struct rating_mark){
			.present = r != NULL,
			.rated = r && !strcmp(json_string_value(json_object_get(r,
					"reason")), "rated"),
			.stars = (int)row_int(r, "stars"),
			.ratio_ppm = row_int(r, "ratio_ppm") };
		json_decref(m);
	}
	return 0;
}

static json_t *candidate_json(const json_t *rounds, const json_t *row,
			      const struct rating_mark *marks)
{
	json_t *c = json_pack("{s:I, s:O, s:I, s:O, s:O, s:[]}", "provider_id",
			      (json_int_t)row_int(row, "provider_id"), "provider",
			      json_object_get(row, "provider"), "area_id",
			      (json_int_t)row_int(row, "area_id"), "area",
			      json_object_get(row, "area"), "programme_id",
			      json_object_get(row, "programme_id"), "rounds");
	const json_t *rd;
	size_t i;

	json_array_foreach(rounds, i, rd)
		json_array_append_new(json_object_get(c, "rounds"), json_pack(
			"{s:I, s:O, s:i, s:I}", "round_id", (json_int_t)row_int(rd,
			"id"), "measured_on", json_object_get(rd, "measured_on"),
			"stars", marks[i].stars, "ratio_ppm",
			(json_int_t)marks[i].ratio_ppm));
	return c;
}

/* the candidates among the latest round's rows. */
static int find_candidates(struct app_ctx *cx, const struct rating_rules *rr,
			   const json_t *rounds, json_t *list, struct kverr *e)
{
	struct rating_mark marks[12];
	json_t *rows, *row;
	size_t i;

	rows = db_query_json(cx->db, "SELECT rr.programme_id, rr.provider_id,"
		" pv.name AS provider, rr.area_id, da.name AS area FROM rating_rows"
		" rr JOIN providers pv ON pv.id = rr.provider_id JOIN"
		" delivery_areas da ON da.id = rr.area_id WHERE rr.round_id = ? AND"
		" rr.reason = 'rated' AND rr.stars <= ? AND rr.ratio_ppm < ? ORDER"
		" BY rr.programme_id, rr.area_id, rr.provider_id", "iii", e,
		row_int(json_array_get(rounds, 0), "id"),
		(int64_t)rr->terminate_max_stars, rr->terminate_ratio_below_ppm);
	if (!rows)
		return -1;
	json_array_foreach(rows, i, row) {
		if (marks_of(cx, rounds, row, marks, e)) {
			json_decref(rows);
			return -1;
		}
		if (rating_termination_candidate(rr, marks,
						 (int)json_array_size(rounds)))
			json_array_append_new(list, candidate_json(rounds, row, marks));
	}
	json_decref(rows);
	return 0;
}

int app_rating_candidates(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { NULL };
	struct rating_params params;
	struct rating_rules rr;
	json_t *latest, *rounds, *list;
	char rule[320], ratio[32];

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    rating_params_load(cx->app, &params, e) ||
	    !(latest = db_query_json(cx->db, "SELECT measured_on FROM"
				     " rating_rounds WHERE status = 'published'"
				     " ORDER BY measured_on DESC, id DESC LIMIT 1",
				     "", e)))
		return -1;
	rating_rules_at(&params, json_array_size(latest) ? row_date(
		json_array_get(latest, 0), "measured_on") : cx->today, &rr);
	json_decref(latest);
	rounds = db_query_json(cx->db, "SELECT id, measured_on FROM rating_rounds"
			       " WHERE status = 'published' ORDER BY measured_on"
			       " DESC, id DESC LIMIT ?", "i", e,
			       (int64_t)rr.terminate_rounds);
	list = json_array();
	if (!rounds || (json_array_size(rounds) == (size_t)rr.terminate_rounds &&
			find_candidates(cx, &rr, rounds, list, e))) {
		json_decref(rounds);
		json_decref(list);
		return -1;
	}
	fmt_ppm(ratio, sizeof(ratio), rr.terminate_ratio_below_ppm);
	snprintf(rule, sizeof(rule), "R-3: at most %d star(s) and a ratio below"
		 " %s in each of the last %d published rounds. A list for the"
		 " case officer: nothing is terminated by it; a termination is"
		 " a decision with its delegation (Q-7).", rr.terminate_max_stars,
		 ratio, rr.terminate_rounds);
	*out = json_pack("{s:s, s:o, s:o}", "rule", rule, "rounds", rounds,
			 "candidates", list);
	return 0;
}
