/*
 * rulebook.c — strict parsing of rulebooks (see rulebook.h and
 * docs/rulebooks.md).  One table lists every parameter: where it lives,
 * whether it is per track, whether it is required, its unit and its range.
 * The parser walks the table, so a new parameter is one line here.
 */
#include "core/rulebook.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

const char *const rb_outcome_names[RB_OUT_COUNT + 1] = {
	"employment", "own_business", "studies", "subsidised_employment",
	"labour_market_training", "esf_project", "left_social_assistance", NULL
};

#define OFF(f) offsetof(struct rulebook, f)
#define ORE_MAX 100000000000LL   /* a billion kronor: far above any rate */

struct pspec {
	const char *section;    /* "base", "result", … */
	const char *group;      /* a nested object in the section, or NULL */
	const char *key;
	size_t off;
	bool per_track;
	bool required;          /* when its section (and group) is present */
	int64_t min, max;
	const char *unit;       /* for messages: "öre", "percent", … */
};

static const struct pspec pspecs[] = {
	{ "base", NULL, "ore", OFF(base_ore), true, true, 0, ORE_MAX, "öre" },
	{ "base", NULL, "arrears_months", OFF(base_arrears_months), false, true, 0, 12, "months" },
	{ "base", NULL, "min_days", OFF(base_min_days), false, false, 0, 366, "days" },
	{ "base", NULL, "max_weeks", OFF(max_weeks), false, false, 1, 520, "weeks" },
	{ "result", NULL, "ore", OFF(result_ore), true, true, 0, ORE_MAX, "öre" },
	{ "result", NULL, "reduced_percent", OFF(reduced_percent), false, false, 0, 100, "percent" },
	{ "result", NULL, "resume_gap_months", OFF(resume_gap_months), false, true, 0, 24, "months" },
	{ "result", NULL, "arrears_months", OFF(result_arrears_months), false, true, 0, 12, "months" },
	{ "result", "installments", "first_after_months", OFF(first_after_months), false, true, 0, 60, "months" },
	{ "result", "installments", "first_parts", OFF(first_parts), false, true, 0, 120, "parts" },
	{ "result", "installments", "then_parts", OFF(then_parts), false, true, 0, 120, "parts" },
	{ "result", "installments", "parts", OFF(parts), false, true, 1, 120, "parts" },
	{ "result", "installments", "then_every_months", OFF(then_every_months), false, false, 1, 60, "months" },
	{ "bonus", NULL, "ore", OFF(bonus_ore), true, true, 0, ORE_MAX, "öre" },
	{ "bonus", NULL, "months", OFF(bonus_months), false, true, 1, 60, "months" },
	{ "bonus", NULL, "arrears_months", OFF(bonus_arrears_months), false, true, 0, 12, "months" },
	{ "supplements", NULL, "sparse_area_percent", OFF(sparse_percent), false, false, 0, 500, "percent" },
	{ "supplements", NULL, "shortage_percent", OFF(shortage_percent), false, false, 0, 500, "percent" },
	{ "supplements", NULL, "shortage_index_above_tenths", OFF(shortage_above_tenths), false, false, 10, 50, "tenths" },
	{ "supplements", "business_cycle", "normal_unemployment_bp", OFF(cycle_normal_bp), false, true, 0, 10000, "basis points" },
	{ "supplements", "business_cycle", "slope_bp_per_point", OFF(cycle_slope_bp), false, true, 0, 10000, "basis points" },
	{ "supplements", "business_cycle", "floor_bp", OFF(cycle_floor_bp), false, true, 0, 10000, "basis points" },
	{ "supplements", "business_cycle", "ceiling_bp", OFF(cycle_ceiling_bp), false, true, 10000, 100000, "basis points" },
	{ "course", NULL, "ore_per_point", OFF(course_ore_per_point), true, true, 0, ORE_MAX, "öre" },
	{ "course", NULL, "during_percent", OFF(course_during_percent), false, true, 0, 100, "percent" },
	{ "course", NULL, "arrears_months", OFF(course_arrears_months), false, true, 0, 12, "months" },
	{ "cohort", NULL, "target_job_rate_bp", OFF(cohort_target_bp), false, true, 0, 10000, "basis points" },
	{ "cohort", NULL, "bonus_percent_per_point", OFF(cohort_bonus_per_point), false, true, 0, 100, "percent" },
	{ "cohort", NULL, "deduction_percent_per_point", OFF(cohort_deduction_per_point), false, true, 0, 100, "percent" },
	{ "cohort", NULL, "max_percent", OFF(cohort_max_percent), false, true, 0, 100, "percent" },
	{ "cohort", NULL, "after_months", OFF(cohort_after_months), false, true, 1, 24, "months" },
	{ "fund", NULL, "ore_per_participant_year", OFF(fund_ore_per_year), true, true, 0, ORE_MAX, "öre" },
	{ "fund", NULL, "reimburse_within_months", OFF(fund_within_months), false, true, 0, 12, "months" },
};
#define N_PSPECS (sizeof(pspecs) / sizeof(pspecs[0]))

/* Keys of a section or group that are not parameters. */
static const char *const section_extra[] = { "base.basis", "result.outcomes",
					     "bonus.when", "bonus.outcomes",
					     "result.installments",
					     "supplements.business_cycle", NULL };

static int fail(struct kverr *e, const char *file, const char *path,
		const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Fill e: "FILE: PATH: " and the message. */
static int fail(struct kverr *e, const char *file, const char *path,
		const char *code, const char *fmt, ...)
{
	va_list ap;
	size_t used;

	if (path[0])
		kverr_set(e, KVERR_INVALID, code, path, "%s: %s: ", file, path);
	else
		kverr_set(e, KVERR_INVALID, code, path, "%s: ", file);
	used = strlen(e->message);
	va_start(ap, fmt);
	vsnprintf(e->message + used, sizeof(e->message) - used, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_value(const json_t *v, const struct pspec *ps, int width,
		       int64_t out[RULEBOOK_MAX_TRACKS], const char *file,
		       const char *path, struct kverr *e)
{
	char why[120];

	/* A per-track parameter is always a list, one value per track, even
	 * when there is one track. */
	if (width > 0) {
		if (!json_is_array(v) || (int)json_array_size(v) != width) {
			snprintf(why, sizeof(why), "%d", width);
			return fail(e, file, path, "wrong_width",
				    "needs a list of %s values, one per track.", why);
		}
		for (int t = 0; t < width; t++)
			if (parse_value(json_array_get(v, (size_t)t), ps, 0,
					out + t, file, path, e))
				return -1;
		return 0;
	}
	if (json_is_real(v))
		return fail(e, file, path, "wrong_unit",
			    "must be a whole number of %s (no decimals).", ps->unit);
	if (!json_is_integer(v))
		return fail(e, file, path, "not_integer",
			    "must be a whole number of %s.", ps->unit);
	out[0] = json_integer_value(v);
	if (out[0] < ps->min || out[0] > ps->max) {
		snprintf(why, sizeof(why), "%lld to %lld %s", (long long)ps->min,
			 (long long)ps->max, ps->unit);
		return fail(e, file, path, "out_of_range", "must be %s.", why);
	}
	return 0;
}

static int parse_param(const json_t *obj, const struct pspec *ps, int tracks,
		       struct rb_param *p, const char *file, const char *path,
		       struct kverr *e)
{
	const char *key;
	json_t *v;
	char at[160];

	memset(p, 0, sizeof(*p));
	p->present = true;
	p->width = ps->per_track ? tracks : 1;
	if (!json_is_object(obj) || json_object_size(obj) == 0)
		return fail(e, file, path, "not_dated", "must be an object of"
			    " {\"YYYY-MM-DD\": value}%s.", " with at least one date");
	if (json_object_size(obj) > RULEBOOK_MAX_DATES)
		return fail(e, file, path, "too_many_dates", "has more than %s dates.",
			    "32");
	json_object_foreach((json_t *)obj, key, v) {
		date_t d;

		snprintf(at, sizeof(at), "%s.%s", path, key);
		if (date_parse(key, &d))
			return fail(e, file, at, "bad_date", "%s is not a date"
				    " (YYYY-MM-DD).", "the key");
		/* P-14: values must follow each other in time, no overlap. */
		if (p->n > 0 && d <= p->from[p->n - 1])
			return fail(e, file, at, "unordered_dates", "%s", "dates must"
				    " be in ascending order, each once.");
		if (parse_value(v, ps, ps->per_track ? p->width : 0, p->v[p->n],
				file, at, e))
			return -1;
		p->from[p->n++] = d;
	}
	return 0;
}

static bool known_key(const char *section, const char *group, const char *key)
{
	char full[96];

	for (size_t i = 0; i < N_PSPECS; i++) {
		const struct pspec *ps = &pspecs[i];

		if (strcmp(ps->section, section) == 0 &&
		    ((!group && !ps->group) ||
		     (group && ps->group && strcmp(ps->group, group) == 0)) &&
		    strcmp(ps->key, key) == 0)
			return true;
	}
	if (group)
		return false;
	snprintf(full, sizeof(full), "%s.%s", section, key);
	for (int i = 0; section_extra[i]; i++)
		if (strcmp(section_extra[i], full) == 0)
			return true;
	return false;
}

static int check_keys(const json_t *obj, const char *section, const char *group,
		      const char *file, struct kverr *e)
{
	const char *key;
	json_t *v;
	char path[128];

	json_object_foreach((json_t *)obj, key, v) {
		if (known_key(section, group, key))
			continue;
		if (group)
			snprintf(path, sizeof(path), "%s.%s.%s", section, group, key);
		else
			snprintf(path, sizeof(path), "%s.%s", section, key);
		return fail(e, file, path, "unknown_key", "%s is not a rulebook key.",
			    "this");
	}
	return 0;
}

/* Find the object a parameter lives in; NULL when its section or group is
 * absent (then the parameter is not asked for). */
static const json_t *param_home(const json_t *root, const struct pspec *ps)
{
	const json_t *sec = json_object_get(root, ps->section);

	if (!sec || !ps->group)
		return sec;
	return json_object_get(sec, ps->group);
}

static int parse_params(const json_t *root, struct rulebook *rb,
			const char *file, struct kverr *e)
{
	char path[128];

	for (size_t i = 0; i < N_PSPECS; i++) {
		const struct pspec *ps = &pspecs[i];
		const json_t *home = param_home(root, ps), *v;
		struct rb_param *p = (struct rb_param *)((char *)rb + ps->off);

		if (ps->group)
			snprintf(path, sizeof(path), "%s.%s.%s", ps->section,
				 ps->group, ps->key);
		else
			snprintf(path, sizeof(path), "%s.%s", ps->section, ps->key);
		if (!home)
			continue;
		v = json_object_get(home, ps->key);
		if (!v) {
			if (ps->required)
				return fail(e, file, path, "missing_key",
					    "%s is required.", "this parameter");
			continue;
		}
		if (parse_param(v, ps, rb->tracks, p, file, path, e))
			return -1;
	}
	return 0;
}

static int check_sections(const json_t *root, const char *file,
			  struct kverr *e)
{
	static const char *const sections[] = { "base", "result", "supplements",
						"bonus", "course", "cohort", "fund",
						NULL };
	static const char *const groups[][2] = {
		{ "result", "installments" }, { "supplements", "business_cycle" }
	};

	for (int i = 0; sections[i]; i++) {
		const json_t *s = json_object_get(root, sections[i]);

		if (!s)
			continue;
		if (!json_is_object(s))
			return fail(e, file, sections[i], "not_object",
				    "%s must be an object.", "the section");
		if (check_keys(s, sections[i], NULL, file, e))
			return -1;
	}
	for (size_t i = 0; i < 2; i++) {
		const json_t *s = json_object_get(root, groups[i][0]);
		const json_t *g = s ? json_object_get(s, groups[i][1]) : NULL;
		char path[64];

		snprintf(path, sizeof(path), "%s.%s", groups[i][0], groups[i][1]);
		if (g && !json_is_object(g))
			return fail(e, file, path, "not_object", "%s must be an"
				    " object.", "the group");
		if (g && check_keys(g, groups[i][0], groups[i][1], file, e))
			return -1;
	}
	return 0;
}

static int parse_basis(const json_t *root, struct rulebook *rb,
		       const char *file, struct kverr *e)
{
	const json_t *base = json_object_get(root, "base");
	const char *s;

	if (!base)
		return 0;
	s = json_string_value(json_object_get(base, "basis"));
	if (!s)
		return fail(e, file, "base.basis", "missing_key", "%s is required:"
			    " \"weekday\" or \"month\".", "the basis");
	if (strcmp(s, "weekday") == 0)
		rb->base_basis = RB_BASE_WEEKDAY;
	else if (strcmp(s, "month") == 0)
		rb->base_basis = RB_BASE_MONTH;
	else
		return fail(e, file, "base.basis", "not_allowed", "%s must be"
			    " \"weekday\" or \"month\".", "the basis");
	return 0;
}

/* {"employment": "full", …} into weights; *reduced tells if any is reduced. */
static int parse_weights(const json_t *oc, const char *path_base,
			 enum rb_weight weight[RB_OUT_COUNT], bool *reduced,
			 const char *file, struct kverr *e)
{
	const char *key;
	json_t *v;
	char path[96];

	if (!json_is_object(oc) || json_object_size(oc) == 0)
		return fail(e, file, path_base, "missing_key", "%s must map outcome"
			    " types to \"full\", \"reduced\" or \"none\".",
			    path_base);
	json_object_foreach((json_t *)oc, key, v) {
		int t;
		const char *w = json_string_value(v);

		snprintf(path, sizeof(path), "%s.%s", path_base, key);
		for (t = 0; t < RB_OUT_COUNT; t++)
			if (strcmp(rb_outcome_names[t], key) == 0)
				break;
		if (t == RB_OUT_COUNT)
			return fail(e, file, path, "unknown_key", "%s is not an"
				    " outcome type (P-6, P-7).", "this");
		if (w && strcmp(w, "full") == 0) {
			weight[t] = RB_WEIGHT_FULL;
		} else if (w && strcmp(w, "reduced") == 0) {
			weight[t] = RB_WEIGHT_REDUCED;
			*reduced = true;
		} else if (w && strcmp(w, "none") == 0) {
			weight[t] = RB_WEIGHT_NONE;
		} else {
			return fail(e, file, path, "not_allowed", "%s must be"
				    " \"full\", \"reduced\" or \"none\".", "the weight");
		}
	}
	return 0;
}

static int parse_outcomes(const json_t *root, struct rulebook *rb,
			  const char *file, struct kverr *e)
{
	const json_t *result = json_object_get(root, "result");
	bool reduced = false;

	if (!result)
		return 0;
	rb->has_result = true;
	if (!json_object_get(result, "installments"))
		return fail(e, file, "result.installments", "missing_key",
			    "%s is required (P-8).", "the installment schedule");
	if (parse_weights(json_object_get(result, "outcomes"), "result.outcomes",
			  rb->weight, &reduced, file, e))
		return -1;
	if (reduced && !json_object_get(result, "reduced_percent"))
		return fail(e, file, "result.reduced_percent", "missing_key",
			    "%s is required when an outcome is reduced (P-7).",
			    "reduced_percent");
	return 0;
}

static int parse_bonus(const json_t *root, struct rulebook *rb,
		       const char *file, struct kverr *e)
{
	const json_t *bonus = json_object_get(root, "bonus");
	const char *when;
	bool reduced = false;

	if (!bonus)
		return 0;
	when = json_string_value(json_object_get(bonus, "when"));
	if (when && strcmp(when, "self_supporting_months") == 0)
		rb->bonus_when = RB_BONUS_SELF_SUPPORTING_MONTHS;
	else if (when && strcmp(when, "months_after_end") == 0)
		rb->bonus_when = RB_BONUS_MONTHS_AFTER_END;
	else if (when && strcmp(when, "job_after_pass") == 0)
		rb->bonus_when = RB_BONUS_JOB_AFTER_PASS;
	else
		return fail(e, file, "bonus.when", "not_allowed", "%s must be"
			    " \"self_supporting_months\", \"months_after_end\" or"
			    " \"job_after_pass\".", "bonus.when");
	if (parse_weights(json_object_get(bonus, "outcomes"), "bonus.outcomes",
			  rb->bonus_weight, &reduced, file, e))
		return -1;
	if (reduced)
		return fail(e, file, "bonus.outcomes", "not_allowed", "%s counts an"
			    " outcome fully or not at all.", "a bonus");
	return 0;
}

static int parse_header(const json_t *root, struct rulebook *rb,
			const char *file, struct kverr *e)
{
	static const char *const top[] = { "id", "name", "follows", "illustrative",
					   "tracks", "base", "result",
					   "supplements", "bonus", "course", "cohort",
					   "fund", NULL };
	const char *key;
	json_t *v;
	const json_t *tracks = json_object_get(root, "tracks");

	if (!json_is_object(root))
		return fail(e, file, "", "not_object", "%s must hold one JSON object.",
			    "the file");
	json_object_foreach((json_t *)root, key, v) {
		int i;

		for (i = 0; top[i] && strcmp(top[i], key) != 0; i++)
			;
		if (!top[i])
			return fail(e, file, key, "unknown_key", "%s is not a"
				    " rulebook key.", "this");
	}
	for (int i = 0; i < 4; i++) {
		const json_t *s = json_object_get(root, top[i]);

		if (!json_is_string(s) || !json_string_value(s)[0])
			return fail(e, file, top[i], "missing_key", "%s must be"
				    " non-empty text.", top[i]);
	}
	snprintf(rb->id, sizeof(rb->id), "%s", json_string_value(json_object_get(root, "id")));
	snprintf(rb->name, sizeof(rb->name), "%s", json_string_value(json_object_get(root, "name")));
	if (!json_is_integer(tracks) || json_integer_value(tracks) < 1 ||
	    json_integer_value(tracks) > RULEBOOK_MAX_TRACKS)
		return fail(e, file, "tracks", "out_of_range", "%s must be a whole"
			    " number from 1 to 6.", "tracks");
	rb->tracks = (int)json_integer_value(tracks);
	if (!json_object_get(root, "base") && !json_object_get(root, "result") &&
	    !json_object_get(root, "bonus") && !json_object_get(root, "course") &&
	    !json_object_get(root, "fund"))
		return fail(e, file, "", "empty_model", "%s pays nothing: give a"
			    " base, a result or a fund section.", "the rulebook");
	return 0;
}

/* Cross-parameter checks the table cannot express. */
static int check_consistency(const struct rulebook *rb, const char *file,
			     struct kverr *e)
{
	/* Compare on every date either parameter changes, with the values
	 * in force on that date. */
	for (int k = 0; rb->has_result && k < 2; k++) {
		const struct rb_param *p = k ? &rb->parts : &rb->first_parts;

		for (int i = 0; i < p->n; i++) {
			int64_t first, parts;

			if (rb_value(&rb->first_parts, p->from[i], 0, &first) == 0 &&
			    rb_value(&rb->parts, p->from[i], 0, &parts) == 0 &&
			    first > parts)
				return fail(e, file, "result.installments.first_parts",
					    "inconsistent", "%s cannot exceed parts"
					    " on any date.", "first_parts");
		}
	}
	if (rb->has_cohort && rb->base_basis == RB_BASE_NONE)
		return fail(e, file, "cohort", "inconsistent", "%s adjusts the base"
			    " payment, so it needs a base section.", "the cohort section");
	/* The adjustment is a share of the base: all of the base must have
	 * fallen due when it is measured, or a later run would correct it. */
	for (int i = 0; rb->has_cohort && i < rb->cohort_after_months.n; i++) {
		int64_t arrears;

		if (rb_value(&rb->base_arrears_months, rb->cohort_after_months.from[i],
			     0, &arrears) == 0 &&
		    rb->cohort_after_months.v[i][0] < arrears)
			return fail(e, file, "cohort.after_months", "inconsistent",
				    "%s must be at least base.arrears_months.",
				    "after_months");
	}
	if (rb->shortage_percent.present != rb->shortage_above_tenths.present)
		return fail(e, file, "supplements.shortage_index_above_tenths",
			    "inconsistent", "%s go together (P-11).",
			    "shortage_percent and shortage_index_above_tenths");
	return 0;
}

int rulebook_parse(const char *text, size_t len, const char *file,
		   struct rulebook *out, struct kverr *e)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!root) {
		kverr_set(e, KVERR_INVALID, "bad_json", "", "%s: line %d column %d:"
			  " %s", file, je.line, je.column, je.text);
		return -1;
	}
	out->has_course = json_object_get(root, "course") != NULL;
	out->has_cohort = json_object_get(root, "cohort") != NULL;
	rc = parse_header(root, out, file, e) || check_sections(root, file, e) ||
	     parse_basis(root, out, file, e) || parse_outcomes(root, out, file, e) ||
	     parse_bonus(root, out, file, e) || parse_params(root, out, file, e) ||
	     check_consistency(out, file, e) ? -1 : 0;
	json_decref(root);
	return rc;
}

int rb_value(const struct rb_param *p, date_t d, int track, int64_t *out)
{
	int found = -1;
	int col = p->width > 1 ? track - 1 : 0;

	*out = 0;
	if (!p->present || col < 0 || col >= p->width)
		return -1;
	/* P-14: the latest value whose date is on or before d. */
	for (int i = 0; i < p->n && p->from[i] <= d; i++)
		found = i;
	if (found < 0)
		return -1;
	*out = p->v[found][col];
	return 0;
}

int64_t rb_value_or_zero(const struct rb_param *p, date_t d, int track)
{
	int64_t v;

	return rb_value(p, d, track, &v) == 0 ? v : 0;
}
