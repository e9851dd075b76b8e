/*
 * surveys.c — the satisfaction surveys of participants, employers and
 * municipalities (D-4, R-2): importing the answers as CSV, and the
 * results the authority publishes beside the rating — never inside it —
 * per provider and delivery area, with the accessibility threshold and
 * the compliance follow-up.
 *
 * The file has the header
 *   respondent,programme,area,provider_orgnr,answered_on,quality,
 *   accessibility,responsiveness,scope,matching,good_accessibility
 * one line per respondent: who answered (participant, employer,
 * municipality), the programme and area codes, the provider, the day,
 * five items scored 1 … 5 (blank: not answered) and "good accessibility"
 * yes/no (blank: not answered).  Every line is checked — and the codes
 * and the provider looked up — before anything is written: a file with
 * one bad line imports nothing, and the error names the line and the
 * column.  The same file twice is refused.
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/quality.h"
#include "core/csvrow.h"
#include "core/idnum.h"
#include "core/limits.h"
#include "core/quality.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SURVEY_HEADER "respondent,programme,area,provider_orgnr,answered_on," \
	"quality,accessibility,responsiveness,scope,matching,good_accessibility"
#define SURVEY_FIELDS 11

struct survey_row {
	size_t line;
	int respondent;
	char programme[LIMIT_CODE + 1], area[LIMIT_CODE + 1], orgnr[13];
	date_t answered_on;
	int score[QUALITY_ITEMS];   /* 0: not answered */
	int good;                   /* -1: not answered */
	int64_t provider_id, area_id;
};

struct survey_file {
	struct survey_row *rows;
	size_t n, cap;
};

/* ------------------------------------------------------------- reading */

static int find_name(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static int read_code(char *dst, size_t size, const char *s, size_t line,
		     const char *column, struct kverr *e)
{
	if (!*s || strlen(s) >= size)
		return csvrow_fail(e, line, column, "bad_code", "a code of 1 to %zu"
				   " characters is required.", size - 1);
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int read_answers(char **f, struct survey_row *r, struct kverr *e)
{
	bool any = false;

	for (int i = 0; i < QUALITY_ITEMS; i++) {
		const char *s = f[5 + i];

		r->score[i] = 0;
		if (!*s)
			continue;
		if (strlen(s) != 1 || s[0] < '0' + QUALITY_SCORE_MIN ||
		    s[0] > '0' + QUALITY_SCORE_MAX)
			return csvrow_fail(e, r->line, quality_item_names[i],
					   "bad_score", "a score is %d to %d, or"
					   " blank when not answered.",
					   QUALITY_SCORE_MIN, QUALITY_SCORE_MAX);
		r->score[i] = s[0] - '0';
		any = true;
	}
	r->good = !*f[10] ? -1 : !strcmp(f[10], "yes") ? 1 :
		  !strcmp(f[10], "no") ? 0 : -2;
	if (r->good == -2)
		return csvrow_fail(e, r->line, "good_accessibility", "bad_answer",
				   "the answer is yes, no, or blank.");
	if (!any && r->good < 0)
		return csvrow_fail(e, r->line, NULL, "no_answers", "the line"
				   " answers nothing.");
	return 0;
}

static int read_row(char **f, int n, size_t line, date_t today,
		    struct survey_row *r, struct kverr *e)
{
	struct idnum id;

	memset(r, 0, sizeof(*r));
	r->line = line;
	if (n != SURVEY_FIELDS)
		return csvrow_fail(e, line, NULL, "bad_line", "expected %d fields"
				   " separated by commas, found %d.",
				   SURVEY_FIELDS, n);
	r->respondent = find_name(quality_respondent_names, f[0]);
	if (r->respondent < 0)
		return csvrow_fail(e, line, "respondent", "bad_respondent",
				   "participant, employer or municipality.");
	if (read_code(r->programme, sizeof(r->programme), f[1], line,
		      "programme", e) ||
	    read_code(r->area, sizeof(r->area), f[2], line, "area", e))
		return -1;
	if (idnum_parse_org(f[3], &id) != IDNUM_OK)
		return csvrow_fail(e, line, "provider_orgnr", "bad_orgnr", "the"
				   " organisation number is not valid.");
	snprintf(r->orgnr, sizeof(r->orgnr), "%s", id.canonical);
	if (date_parse(f[4], &r->answered_on))
		return csvrow_fail(e, line, "answered_on", "bad_date", "the date"
				   " must be written YYYY-MM-DD.");
	if (r->answered_on > today)
		return csvrow_fail(e, line, "answered_on", "future_date", "the"
				   " day has not come.");
	return read_answers(f, r, e);
}

static int push_row(struct survey_file *sf, const struct survey_row *r,
		    struct kverr *e)
{
	if (sf->n == sf->cap) {
		size_t cap = sf->cap ? sf->cap * 2 : 64;
		void *p = realloc(sf->rows, cap * sizeof(*sf->rows));

		if (!p)
			return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
					 "Out of memory.");
		sf->rows = p;
		sf->cap = cap;
	}
	sf->rows[sf->n++] = *r;
	return 0;
}

static int parse_file(char *text, date_t today, struct survey_file *sf,
		      struct kverr *e)
{
	struct csvrow_reader rd;
	struct survey_row r;
	char *f[CSVROW_MAX_FIELDS];
	int n, got;

	csvrow_init(&rd, text);
	while ((got = csvrow_next(&rd, f, CSVROW_MAX_FIELDS, &n, e)) == 1) {
		if (rd.line == 1) {
			if (!csvrow_header_is(f, n, SURVEY_HEADER))
				return csvrow_fail(e, 1, NULL, "bad_header", "the"
						   " first line must be \""
						   SURVEY_HEADER "\".");
			continue;
		}
		if (n == 0)
			continue;
		if (read_row(f, n, rd.line, today, &r, e) || push_row(sf, &r, e))
			return -1;
	}
	if (got < 0)
		return -1;
	if (rd.line == 0)
		return kverr_set(e, KVERR_INVALID, "empty", "csv",
				 "The file is empty.");
	if (sf->n == 0)
		return kverr_set(e, KVERR_INVALID, "no_lines", "csv",
				 "The file has a header but no lines.");
	return 0;
}

/* The codes and the provider of every line, before anything is written. */
static int resolve(struct app_ctx *cx, struct survey_file *sf, struct kverr *e)
{
	for (size_t i = 0; i < sf->n; i++) {
		struct survey_row *r = &sf->rows[i];
		int rc = quality_find_area(cx, r->programme, r->area, &r->area_id, e);

		if (rc < 0)
			return -1;
		if (rc)
			return csvrow_fail(e, r->line, "area", "unknown_area", "no"
					   " delivery area %s in programme %s.",
					   r->area, r->programme);
		if ((rc = quality_find_provider(cx, r->orgnr, &r->provider_id, e)) < 0)
			return -1;
		if (rc)
			return csvrow_fail(e, r->line, "provider_orgnr",
					   "unknown_provider", "no provider has"
					   " this organisation number.");
		rc = quality_ever_admitted(cx, r->provider_id, r->area_id,
					   r->answered_on, e);
		if (rc < 0)
			return -1;
		if (!rc)
			return csvrow_fail(e, r->line, "provider_orgnr",
					   "not_admitted", "the provider was not"
					   " admitted in the area by that day.");
	}
	return 0;
}

/* ------------------------------------------------------------- writing */

static void bind_score(struct db_stmt *st, int idx, int v)
{
	if (v > 0)
		db_bind_int(st, idx, v);
	else
		db_bind_null(st, idx);
}

static int write_rows(struct app_ctx *cx, int64_t batch,
		      const struct survey_file *sf, struct kverr *e)
{
	struct db_stmt *st;
	int rc = 0;

	if (db_prepare(cx->db, "INSERT INTO survey_answers(batch_id, line,"
		       " respondent, provider_id, area_id, answered_on, quality,"
		       " accessibility, responsiveness, scope, matching,"
		       " good_accessibility) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		       " ?, ?)", &st, e))
		return -1;
	for (size_t i = 0; i < sf->n && !rc; i++) {
		const struct survey_row *r = &sf->rows[i];
		char d[DATE_STRLEN];

		date_format(r->answered_on, d);
		db_bind_int(st, 1, batch);
		db_bind_int(st, 2, (int64_t)r->line);
		db_bind_text(st, 3, quality_respondent_names[r->respondent]);
		db_bind_int(st, 4, r->provider_id);
		db_bind_int(st, 5, r->area_id);
		db_bind_text(st, 6, d);
		for (int k = 0; k < QUALITY_ITEMS; k++)
			bind_score(st, 7 + k, r->score[k]);
		if (r->good >= 0)
			db_bind_int(st, 12, r->good);
		else
			db_bind_null(st, 12);
		rc = db_step(st, e) == DB_ERROR ? -1 : db_reset(st) ? -1 : 0;
	}
	db_finalize(st);
	return rc;
}

static void sha256_hex(const char *text, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* D-4, R-2: import a survey file as the authority. */
int app_survey_import(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "csv", NULL };
	struct survey_file sf = { 0 };
	char *text = NULL, hex[65];
	int64_t batch = 0, seen = 0;
	int rc;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e) ||
	    quality_csv_text(in, &text, e))
		return -1;
	sha256_hex(text, hex);
	rc = parse_file(text, cx->today, &sf, e);
	free(text);
	if (!rc)
		rc = db_query_int(cx->db, "SELECT count(*) FROM survey_batches WHERE"
				  " sha256 = ?", "s", &seen, e, hex) < 0 ? -1 : 0;
	if (!rc && seen)
		rc = kverr_set(e, KVERR_CONFLICT, "already_imported", "csv",
			       "This file has been imported already.");
	if (!rc)
		rc = resolve(cx, &sf, e);
	if (!rc)
		rc = db_query_int(cx->db, "INSERT INTO survey_batches(sha256, lines,"
				  " imported_by, created_at) VALUES (?, ?,"
				  " nullif(?, 0), ?) RETURNING id", "siii", &batch,
				  e, hex, (int64_t)sf.n, cx->actor->user_id,
				  cx->now) != 0 ? -1 : 0;
	if (!rc)
		rc = write_rows(cx, batch, &sf, e);
	free(sf.rows);
	if (rc)
		return -1;
	*out = json_pack("{s:I, s:I, s:s}", "batch", (json_int_t)batch,
			 "answers", (json_int_t)sf.n, "sha256", hex);
	return app_audit(cx, "survey.import", "survey_batch", batch, *out, e);
}

/* ------------------------------------------------------ published results */

struct results_query {
	int64_t programme_id, area_id, provider_id;
	date_t from, to;
};

static int read_query(struct app_ctx *cx, json_t *in, struct results_query *q,
		      struct kverr *e)
{
	static const char *const keys[] = { "programme_id", "area_id",
					    "provider_id", "from", "to", NULL };

	memset(q, 0, sizeof(*q));
	q->to = cx->today;
	q->from = 0;
	if (in_object(in, keys, e) ||
	    in_int(in, "programme_id", false, 1, INT64_MAX, &q->programme_id, e) ||
	    in_int(in, "area_id", false, 1, INT64_MAX, &q->area_id, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &q->provider_id, e) ||
	    in_date(in, "from", false, &q->from, e) ||
	    in_date(in, "to", false, &q->to, e))
		return -1;
	/* Twelve months up to `to` unless asked otherwise. */
	if (!json_object_get(in, "from"))
		q->from = date_add_days(date_add_months(q->to, -12), 1);
	if (q->from > q->to)
		return kverr_set(e, KVERR_INVALID, "bad_period", "from",
				 "The period must begin on or before its end.");
	return 0;
}

/* One respondent group's results from a row of sums. */
static json_t *group_json(struct app_ctx *cx, const json_t *r, date_t on)
{
	json_t *g = json_object(), *items = json_object();
	char key[32];

	json_object_set_new(g, "answers", json_integer(row_int(r, "n")));
	for (int i = 0; i < QUALITY_ITEMS; i++) {
		int64_t n, sum, mean;

		snprintf(key, sizeof(key), "n_%s", quality_item_names[i]);
		n = row_int(r, key);
		snprintf(key, sizeof(key), "s_%s", quality_item_names[i]);
		sum = row_int(r, key);
		mean = quality_mean_centi(sum, n);
		json_object_set_new(items, quality_item_names[i], json_pack(
			"{s:I, s:o}", "answers", (json_int_t)n, "mean_centi",
			mean < 0 ? json_null() : json_integer(mean)));
	}
	json_object_set_new(g, "items", items);
	if (!strcmp(json_string_value(json_object_get(r, "respondent")),
		    "participant")) {
		struct quality_accessibility a;

		/* D-4: participants' answers only. */
		quality_accessibility(&cx->app->quality, on, row_int(r, "n_good"),
				      row_int(r, "s_good"), &a);
		json_object_set_new(g, "good_accessibility", json_pack(
			"{s:I, s:I, s:o, s:I, s:b, s:b}", "answers",
			(json_int_t)a.answers, "good", (json_int_t)a.good,
			"percent", a.percent < 0 ? json_null() :
			json_integer(a.percent), "threshold_percent",
			(json_int_t)a.threshold, "enough_answers", a.enough,
			"below_threshold", a.below));
	}
	return g;
}

#define ITEM_SUMS(x) " count(" #x ") AS n_" #x ", coalesce(sum(" #x "), 0)" \
	" AS s_" #x ","

static json_t *survey_sums(struct app_ctx *cx, const struct results_query *q,
			   struct kverr *e)
{
	char from[DATE_STRLEN], to[DATE_STRLEN];

	date_format(q->from, from);
	date_format(q->to, to);
	return db_query_json(cx->db, "SELECT provider_id, area_id, respondent,"
		" count(*) AS n," ITEM_SUMS(quality) ITEM_SUMS(accessibility)
		ITEM_SUMS(responsiveness) ITEM_SUMS(scope) ITEM_SUMS(matching)
		" count(good_accessibility) AS n_good, coalesce(sum("
		"good_accessibility), 0) AS s_good FROM survey_answers WHERE"
		" answered_on >= ? AND answered_on <= ? GROUP BY provider_id,"
		" area_id, respondent ORDER BY provider_id, area_id, respondent",
		"ss", e, from, to);
}

/* The providers admitted on `to` (or with answers in the period), per
 * area, as the rows of the published results. */
static json_t *result_rows(struct app_ctx *cx, const struct results_query *q,
			   struct kverr *e)
{
	char from[DATE_STRLEN], to[DATE_STRLEN];

	date_format(q->from, from);
	date_format(q->to, to);
	return db_query_json(cx->db, "SELECT DISTINCT x.provider_id, pv.name AS"
		" provider_name, x.area_id, d.name AS area_name, d.programme_id"
		" FROM (SELECT provider_id, area_id FROM admissions WHERE"
		" admitted_on <= ? AND (ended_on IS NULL OR ended_on > ?) UNION"
		" SELECT provider_id, area_id FROM survey_answers WHERE"
		" answered_on >= ? AND answered_on <= ?) x JOIN providers pv ON"
		" pv.id = x.provider_id JOIN delivery_areas d ON d.id = x.area_id"
		" WHERE (? = 0 OR d.programme_id = ?) AND (? = 0 OR x.area_id = ?)"
		" AND (? = 0 OR x.provider_id = ?) ORDER BY d.programme_id,"
		" x.area_id, pv.name, x.provider_id LIMIT ?", "ssssiiiiiii", e,
		to, to, from, to, q->programme_id, q->programme_id, q->area_id,
		q->area_id, q->provider_id, q->provider_id, (int64_t)LIMIT_PAGE);
}

static int add_results(struct app_ctx *cx, const struct results_query *q,
		       json_t *row, const json_t *sums, struct kverr *e)
{
	json_t *groups = json_object(), *s, *summary;
	size_t i;

	json_array_foreach(sums, i, s)
		if (row_int(s, "provider_id") == row_int(row, "provider_id") &&
		    row_int(s, "area_id") == row_int(row, "area_id"))
			json_object_set_new(groups, json_string_value(
				json_object_get(s, "respondent")),
				group_json(cx, s, q->to));
	json_object_set_new(row, "surveys", groups);
	summary = sanctions_summary(cx, row_int(row, "provider_id"),
				    row_int(row, "area_id"), q->from, q->to, e);
	if (!summary)
		return -1;
	json_object_set_new(row, "compliance", summary);
	return 0;
}

/* the results published beside the rating, for anyone. */
int app_quality_results(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	struct results_query q;
	json_t *rows, *sums, *row;
	size_t i;

	if (read_query(cx, in, &q, e))
		return -1;
	if (!(sums = survey_sums(cx, &q, e)))
		return -1;
	if (!(rows = result_rows(cx, &q, e))) {
		json_decref(sums);
		return -1;
	}
	json_array_foreach(rows, i, row)
		if (add_results(cx, &q, row, sums, e)) {
			json_decref(sums);
			json_decref(rows);
			return -1;
		}
	json_decref(sums);
	*out = json_pack("{s:o}", "results", rows);
	row_set_date(*out, "from", q.from);
	row_set_date(*out, "to", q.to);
	return 0;
}
