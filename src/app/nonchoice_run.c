/*
 * nonchoice_run.c — the non-choice run (C-4): every jobseeker whose choice
 * deadline has passed is assigned a provider by the programme's rule, and
 * each assignment records the rule and why that provider.
 *
 * The rule itself is core/nonchoice.c; this file gathers the candidates
 * (admitted in the jobseeker's area on the start day, not the provider the
 * authority ordered them away from) and their facts.
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/quality.h"
#include "core/nonchoice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CANDIDATES 200

static int64_t get_int(const json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* The candidates with what the rules weigh, for one jobseeker. */
static int gather(struct app_ctx *cx, const json_t *js, date_t start,
		  date_t on, int64_t excluded, struct nonchoice_candidate *c,
		  int *n, struct kverr *e)
{
	char s[DATE_STRLEN], d[DATE_STRLEN];
	const char *muni = json_string_value(json_object_get(js, "municipality_code"));
	json_t *rows, *r;
	size_t i;

	date_format(start, s);
	date_format(on, d);
	/* C-4, R-3: the stars of the latest published rating round for the
	 * provider in this area (rating_latest, 0005_rating.sql). */
	rows = db_query_json(cx->db, "SELECT pv.id, rl.stars AS rating_score,"
		" rl.round_id AS rating_round,"
		" pv.digital_delivery AS digital,"
		" (SELECT count(*) FROM provider_locations l WHERE"
		" l.provider_id = pv.id AND l.municipality_code = ?) AS in_muni,"
		" (SELECT count(*) FROM provider_locations l WHERE"
		" l.provider_id = pv.id AND l.municipality_code = ? AND"
		" l.accessible = 1) AS accessible,"
		" (SELECT count(*) FROM provider_locations l JOIN municipalities m"
		" ON m.code = l.municipality_code WHERE l.provider_id = pv.id AND"
		" m.county = (SELECT county FROM municipalities WHERE code = ?))"
		" AS in_county,"
		" (SELECT count(*) FROM participations p WHERE p.provider_id = pv.id"
		" AND p.area_id = a.area_id AND p.starts_on <= ? AND p.ends_on >= ?"
		" AND p.end_reason <> 'cancelled') AS load"
		" FROM admissions a JOIN providers pv ON pv.id = a.provider_id"
		" LEFT JOIN rating_latest rl ON rl.provider_id = pv.id AND"
		" rl.area_id = a.area_id"
		" WHERE a.area_id = ? AND a.admitted_on <= ? AND (a.ended_on IS NULL"
		" OR a.ended_on > ?) AND pv.id <> ? ORDER BY pv.id", "sssssissi", e,
		muni, muni, muni, d, d, get_int(js, "area_id"), s, s, excluded);
	if (!rows)
		return -1;
	*n = 0;
	json_array_foreach(rows, i, r) {
		if (*n == MAX_CANDIDATES)
			break;
		c[*n] = (struct nonchoice_candidate){
			.provider_id = get_int(r, "id"),
			.rated = json_is_integer(json_object_get(r, "rating_score")),
			.score = get_int(r, "rating_score"),
			.round_id = get_int(r, "rating_round"),
			.in_municipality = get_int(r, "in_muni") > 0,
			.accessible_in_municipality = get_int(r, "accessible") > 0,
			.in_county = get_int(r, "in_county") > 0,
			.digital = get_int(r, "digital") != 0,
			.load = get_int(r, "load"),
		};
		(*n)++;
	}
	json_decref(rows);
	return 0;
}

/* F-6: a provider under an order stop in the area on some day from the
 * assignment to the start gets no new participant (app/sanctions.c);
 * it leaves the candidates, so the rule picks among the others. */
static int drop_stopped(struct app_ctx *cx, int64_t area, date_t on,
			date_t start, struct nonchoice_candidate *c, int *n,
			struct kverr *e)
{
	int kept = 0;

	for (int i = 0; i < *n; i++) {
		date_t until;
		int rc = quality_order_stopped(cx, c[i].provider_id, area, on,
					       start, &until, e);

		if (rc < 0)
			return -1;
		if (!rc)
			c[kept++] = c[i];
	}
	*n = kept;
	return 0;
}

/* Sundbyberg's schedule continues after the provider assigned last. */
static int64_t last_rotation(struct app_ctx *cx, int64_t area_id,
			     struct kverr *e)
{
	int64_t last = 0;

	if (db_query_int(cx->db, "SELECT provider_id FROM participations WHERE"
			 " area_id = ? AND how = 'nonchoice' ORDER BY id DESC"
			 " LIMIT 1", "i", &last, e, area_id) < 0)
		return -1;
	return last;
}

static json_t *due_jobseekers(struct app_ctx *cx, date_t on, struct kverr *e)
{
	char d[DATE_STRLEN];

	date_format(on, d);
	return db_query_json(cx->db, "SELECT j.id, j.ref, j.municipality_code,"
		" j.wants_digital, j.needs_accessible, pr.nonchoice_rule,"
		" am.area_id, (SELECT a.track FROM assessments a WHERE"
		" a.jobseeker_id = j.id ORDER BY a.assessed_on DESC, a.id DESC"
		" LIMIT 1) AS track FROM jobseekers j"
		" JOIN programmes pr ON pr.id = j.programme_id"
		" LEFT JOIN area_municipalities am ON am.programme_id ="
		" j.programme_id AND am.municipality_code = j.municipality_code"
		" WHERE j.status = 'active' AND j.exemption = 'none' AND"
		" j.choice_due IS NOT NULL AND j.choice_due < ? ORDER BY j.id",
		"s", e, d);
}

/* Assign one jobseeker; a jobseeker who cannot be assigned (no provider
 * in the area) is reported in `skipped` and left waiting. */
static int assign_one(struct app_ctx *cx, const json_t *js, date_t on,
		      json_t *assigned, json_t *skipped, struct kverr *e)
{
	struct nonchoice_candidate c[MAX_CANDIDATES];
	struct nonchoice_need need = {
		.wants_digital = get_int(js, "wants_digital") != 0,
		.needs_accessible = get_int(js, "needs_accessible") != 0 };
	struct participation_new pn = { 0 };
	char why[NONCHOICE_WHY_LEN];
	int rule = 0, n = 0, pick;
	int64_t excluded, last = 0, id;
	date_t start;
	struct kverr miss = { 0 };

	while (strcmp(nonchoice_rule_names[rule],
		      json_string_value(json_object_get(js, "nonchoice_rule"))))
		rule++;
	excluded = participations_excluded_provider(cx, get_int(js, "id"), true,
						    e);
	if (excluded < 0 || participations_make_room(cx, get_int(js, "id"), on,
						     &start, e) ||
	    gather(cx, js, start, on, excluded, c, &n, e) ||
	    drop_stopped(cx, get_int(js, "area_id"), on, start, c, &n, e) ||
	    (rule == NONCHOICE_ROTATION &&
	     (last = last_rotation(cx, get_int(js, "area_id"), e)) < 0))
		return -1;
	if (nonchoice_pick(rule, c, n, &need, last, &pick, why, &miss)) {
		json_array_append_new(skipped, json_pack("{s:I, s:s, s:s}",
			"jobseeker_id", (json_int_t)get_int(js, "id"), "ref",
			json_string_value(json_object_get(js, "ref")), "reason",
			miss.message));
		return 0;
	}
	pn = (struct participation_new){
		.jobseeker_id = get_int(js, "id"), .provider_id = c[pick].provider_id,
		.area_id = get_int(js, "area_id"), .track = (int)get_int(js, "track"),
		.how = "nonchoice", .rule = nonchoice_rule_names[rule],
		.reason = why, .chosen_on = on, .starts_on = start };
	if (participations_open(cx, &pn, &id, e) ||
	    app_audit(cx, "participation.assign", "participation", id, NULL, e))
		return -1;
	json_array_append_new(assigned, json_pack("{s:I, s:s, s:I, s:I, s:s, s:s}",
		"jobseeker_id", (json_int_t)pn.jobseeker_id, "ref",
		json_string_value(json_object_get(js, "ref")), "participation_id",
		(json_int_t)id, "provider_id", (json_int_t)pn.provider_id, "rule",
		pn.rule, "reason", why));
	row_set_date(json_array_get(assigned, json_array_size(assigned) - 1),
		     "starts_on", start);
	return 0;
}

int app_nonchoice_run(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "date", NULL };
	date_t on = cx->today;
	json_t *due, *js, *assigned, *skipped;
	size_t i;

	if (app_require(cx, ROLE_CASE_OFFICER | ROLE_ADMIN, e) ||
	    in_object(in, keys, e) || in_date(in, "date", false, &on, e))
		return -1;
	if (on > cx->today)
		return kverr_set(e, KVERR_INVALID, "future_date", "date",
				 "Non-choice cannot be run for a future date.");
	if (!(due = due_jobseekers(cx, on, e)))
		return -1;
	assigned = json_array();
	skipped = json_array();
	json_array_foreach(due, i, js) {
		/* A jobseeker without an area is skipped, not assigned. */
		if (!json_is_integer(json_object_get(js, "area_id")) ||
		    !json_is_integer(json_object_get(js, "track"))) {
			json_array_append_new(skipped, json_pack("{s:I, s:s, s:s}",
				"jobseeker_id", (json_int_t)get_int(js, "id"), "ref",
				json_string_value(json_object_get(js, "ref")),
				"reason", "No delivery area or no track."));
			continue;
		}
		if (assign_one(cx, js, on, assigned, skipped, e)) {
			json_decref(due);
			json_decref(assigned);
			json_decref(skipped);
			return -1;
		}
	}
	json_decref(due);
	*out = json_pack("{s:o, s:o}", "assigned", assigned, "skipped", skipped);
	row_set_date(*out, "date", on);
	return 0;
}
