/*
 * income.c — importing the employers' monthly income returns
 * (arbetsgivardeklaration på individnivå) to verify self-support (P-8):
 * a month in which a person with a running outcome was paid at least the
 * threshold of rules/journey.json counts as verified without the
 * provider's word.  This is the automatic check Riksrevisionen asked for
 * instead of trusting certificates alone.
 *
 * The file is CSV with the header `personnummer,month,employer_orgnr,
 * gross_ore`, read line by line by core/csvrow.c.  Every line is checked before anything is written, so a
 * bad file changes nothing; a line for a person not in the register is
 * counted and skipped; a line already imported (person, month, employer)
 * is replaced, because employers correct their returns.
 */
#include "app/input.h"
#include "app/journey.h"
#include "core/csvrow.h"
#include "core/idnum.h"
#include "core/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INCOME_HEADER "personnummer,month,employer_orgnr,gross_ore"
#define INCOME_MAX_GROSS 100000000000LL    /* 1 000 000 000 kr: a typo */

struct income_line {
	char pnr[13];
	char employer[13];
	month_t month;
	int64_t gross;
};

struct income_file {
	struct income_line *lines;
	size_t n, cap;
};

static int line_error(struct kverr *e, size_t no, const char *code,
		      const char *what)
{
	/* The message names the line, never the personnummer on it. */
	return kverr_set(e, KVERR_INVALID, code, "csv", "Line %zu: %s", no, what);
}

static int parse_gross(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 12)
		return -1;
	v = strtoll(s, &end, 10);
	if (v > INCOME_MAX_GROSS)
		return -1;
	*out = v;
	return 0;
}

/* One data line, already split into its fields by core/csvrow.c. */
static int parse_line(char **f, int n, size_t no, date_t today,
		      struct income_line *l, struct kverr *e)
{
	struct idnum id;

	if (n != 4)
		return line_error(e, no, "bad_line", "expected 4 fields"
				  " separated by commas.");
	if (idnum_parse_person(f[0], today, &id) != IDNUM_OK)
		return line_error(e, no, "bad_personnummer", "the personnummer is"
				  " not valid.");
	snprintf(l->pnr, sizeof(l->pnr), "%s", id.canonical);
	if (month_parse(f[1], &l->month))
		return line_error(e, no, "bad_month", "the month must be written"
				  " YYYY-MM.");
	if (l->month > date_month(today))
		return line_error(e, no, "future_month", "the month has not begun.");
	/* A sole trader's organisation number is their personnummer. */
	if (idnum_parse_org(f[2], &id) != IDNUM_OK &&
	    idnum_parse_person(f[2], today, &id) != IDNUM_OK)
		return line_error(e, no, "bad_orgnr", "the employer's organisation"
				  " number is not valid.");
	snprintf(l->employer, sizeof(l->employer), "%s", id.canonical);
	if (parse_gross(f[3], &l->gross))
		return line_error(e, no, "bad_amount", "the gross pay must be whole"
				  " öre, 0 or more.");
	return 0;
}

static int add_line(struct income_file *f, const struct income_line *l,
		    size_t no, struct kverr *e)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->lines[i].pnr, l->pnr) &&
		    f->lines[i].month == l->month &&
		    !strcmp(f->lines[i].employer, l->employer))
			return line_error(e, no, "duplicate_line", "the same person,"
					  " month and employer as an earlier"
					  " line.");
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		void *p = realloc(f->lines, cap * sizeof(*f->lines));

		if (!p)
			return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
					 "Out of memory.");
		f->lines = p;
		f->cap = cap;
	}
	f->lines[f->n++] = *l;
	return 0;
}

/* Check the whole text; nothing is written when any line is wrong.  The
 * duplicate check is quadratic, which the 1 MiB body keeps to about
 * 20 000 lines. */
static int parse_file(char *text, date_t today, struct income_file *f,
		      struct kverr *e)
{
	struct csvrow_reader r;
	struct income_line l;
	char *fields[CSVROW_MAX_FIELDS];
	int n, got;

	csvrow_init(&r, text);
	while ((got = csvrow_next(&r, fields, CSVROW_MAX_FIELDS, &n, e)) == 1) {
		if (r.line == 1) {
			if (!csvrow_header_is(fields, n, INCOME_HEADER))
				return line_error(e, r.line, "bad_header", "the first"
						  " line must be \"" INCOME_HEADER
						  "\".");
			continue;
		}
		if (n == 0)
			continue;
		if (parse_line(fields, n, r.line, today, &l, e) ||
		    add_line(f, &l, r.line, e))
			return -1;
	}
	if (got < 0)
		return -1;
	if (r.line == 0)
		return kverr_set(e, KVERR_INVALID, "empty", "csv",
				 "The file is empty.");
	if (f->n == 0)
		return kverr_set(e, KVERR_INVALID, "no_lines", "csv",
				 "The file has a header but no lines.");
	return 0;
}

/* ------------------------------------------------------------- writing */

struct income_counts {
	int64_t imported, replaced, unknown, verified, batch;
};

/*
 * P-8: after the lines of a person and month are in, decide the month
 * from the total of all their employers and mark (or unmark) it on every
 * outcome running in it.  A month the provider has not confirmed yet gets
 * a row of its own: the income shows the work goes on and pays enough.
 */
static int verify_month(struct app_ctx *cx, int64_t js, month_t m,
			struct income_counts *c, struct kverr *e)
{
	char mm[MONTH_STRLEN], first[DATE_STRLEN], last[DATE_STRLEN];
	int64_t total = 0;
	bool ok;

	month_format(m, mm);
	date_format(month_first_day(m), first);
	date_format(month_last_day(m), last);
	if (db_query_int(cx->db, "SELECT coalesce(sum(gross_ore), 0) FROM"
			 " income_records WHERE jobseeker_id = ? AND month = ?",
			 "is", &total, e, js, mm) < 0)
		return -1;
	ok = journey_self_supporting(&cx->app->journey, m, total);
	/* A corrected return below the threshold takes the verification
	 * back; a month only the income vouched for goes with it. */
	if (!ok)
		return db_run(cx->db, "DELETE FROM outcome_months WHERE month = ?"
			      " AND confirmed_by IS NULL AND outcome_id IN (SELECT"
			      " o.id FROM outcomes o JOIN participations p ON p.id ="
			      " o.participation_id WHERE p.jobseeker_id = ?)",
			      "si", e, mm, js) ||
		       db_run(cx->db, "UPDATE outcome_months SET income_verified = 0"
			      " WHERE month = ? AND outcome_id IN (SELECT o.id FROM"
			      " outcomes o JOIN participations p ON p.id ="
			      " o.participation_id WHERE p.jobseeker_id = ?)",
			      "si", e, mm, js) ? -1 : 0;
	if (db_run(cx->db, "INSERT INTO outcome_months(outcome_id, month,"
		   " continues, self_supporting, income_verified) SELECT o.id, ?,"
		   " 1, 1, 1 FROM outcomes o JOIN participations p ON p.id ="
		   " o.participation_id WHERE p.jobseeker_id = ? AND o.status <>"
		   " 'rejected' AND o.starts_on <= ? AND (o.ends_on IS NULL OR"
		   " o.ends_on >= ?) ON CONFLICT (outcome_id, month) DO UPDATE"
		   " SET income_verified = 1", "siss", e, mm, js, last, first))
		return -1;
	c->verified += db_changes(cx->db);
	return 0;
}

static int write_line(struct app_ctx *cx, const struct income_line *l,
		      int64_t js, struct income_counts *c, struct kverr *e)
{
	char mm[MONTH_STRLEN];
	int64_t had = 0;

	month_format(l->month, mm);
	if (db_query_int(cx->db, "SELECT count(*) FROM income_records WHERE"
			 " jobseeker_id = ? AND month = ? AND employer_orgnr = ?",
			 "iss", &had, e, js, mm, l->employer) < 0 ||
	    db_run(cx->db, "INSERT INTO income_records(jobseeker_id, month,"
		   " employer_orgnr, gross_ore, batch, created_at) VALUES (?, ?,"
		   " ?, ?, ?, ?) ON CONFLICT (jobseeker_id, month, employer_orgnr)"
		   " DO UPDATE SET gross_ore = excluded.gross_ore, batch ="
		   " excluded.batch, created_at = excluded.created_at", "issiii",
		   e, js, mm, l->employer, l->gross, c->batch, cx->now))
		return -1;
	c->imported++;
	c->replaced += had;
	return 0;
}

static int write_file(struct app_ctx *cx, const struct income_file *f,
		      struct income_counts *c, struct kverr *e)
{
	int64_t *who = calloc(f->n ? f->n : 1, sizeof(*who));
	size_t i, j;
	int rc = 0;

	if (!who)
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	for (i = 0; i < f->n && !rc; i++) {
		if (db_query_int(cx->db, "SELECT coalesce(max(id), 0) FROM"
				 " jobseekers WHERE pnr = ?", "s", &who[i], e,
				 f->lines[i].pnr) < 0)
			rc = -1;
		else if (!who[i])
			c->unknown++;
		else
			rc = write_line(cx, &f->lines[i], who[i], c, e);
	}
	/* Each (person, month) once, after all its lines are in. */
	for (i = 0; i < f->n && !rc; i++) {
		bool seen = false;

		for (j = 0; j < i && !seen; j++)
			seen = who[j] == who[i] &&
			       f->lines[j].month == f->lines[i].month;
		if (who[i] && !seen)
			rc = verify_month(cx, who[i], f->lines[i].month, c, e);
	}
	free(who);
	return rc;
}

int app_income_import(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "csv", NULL };
	struct income_file f = { 0 };
	struct income_counts c = { 0 };
	const json_t *v;
	json_t *detail;
	char *text;
	int rc;

	if (app_require(cx, ROLE_AUTHORITY, e) || in_object(in, keys, e))
		return -1;
	/* Read by hand: CSV from Windows has \r, which in_string refuses. */
	v = json_object_get(in, "csv");
	if (!v)
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_field", "csv",
				 "The field \"csv\" is required.");
	if (!json_is_string(v))
		return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", "csv",
				 "The field \"csv\" must be text.");
	if (json_string_length(v) != strlen(json_string_value(v)))
		return kverr_set(e, KVERR_INVALID, "bad_characters", "csv",
				 "The field \"csv\" contains a NUL character.");
	if (!(text = strdup(json_string_value(v))))
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	rc = parse_file(text, cx->today, &f, e);
	free(text);
	if (!rc)
		rc = db_query_int(cx->db, "SELECT coalesce(max(batch), 0) + 1 FROM"
				  " income_records", "", &c.batch, e);
	if (!rc)
		rc = write_file(cx, &f, &c, e);
	free(f.lines);
	if (rc)
		return -1;
	*out = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "lines",
			 (json_int_t)f.n, "imported", (json_int_t)c.imported,
			 "replaced", (json_int_t)c.replaced, "unknown_person",
			 (json_int_t)c.unknown, "months_verified",
			 (json_int_t)c.verified, "batch", (json_int_t)c.batch);
	/* The audit keeps the counts, never the personnummer. */
	detail = json_deep_copy(*out);
	rc = app_audit(cx, "income.import", "income_batch", c.batch, detail, e);
	json_decref(detail);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
