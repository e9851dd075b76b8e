/*
 * staff.c — the providers' supervisors and the staffing check (D-1, D-2,
 * D-3).  A provider registers each supervisor's post in a delivery area
 * — education credits, an upper-secondary diploma, months of relevant
 * work, FTE, from … to — through the API or as a CSV file; the system
 * decides "qualified" by D-1 (core/staffing.c).  The monthly check says,
 * per provider and area, whether there was at least one qualified FTE
 * per 50 participants on every day (D-2), and which participants lack a
 * named personal supervisor who is a registered, qualified one (D-3:
 * participations.supervisor, set by work.c, is matched by name or
 * reference).
 *
 * The CSV has the header
 *   provider_orgnr,programme,area,ref,name,credits,upper_secondary,
 *   work_months,fte_percent,from_on,to_on
 * and is checked whole before anything is written; a post already
 * registered (same provider, area and ref) is replaced.
 */
#include "app/input.h"
#include "app/journey.h"
#include "app/quality.h"
#include "core/csvrow.h"
#include "core/idnum.h"
#include "core/limits.h"
#include "core/staffing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAFF_HEADER "provider_orgnr,programme,area,ref,name,credits," \
	"upper_secondary,work_months,fte_percent,from_on,to_on"
#define STAFF_FIELDS 11
#define STAFF_MAX_CREDITS 1000
#define STAFF_MAX_WORK_MONTHS 720

struct post {
	size_t line;                 /* CSV only */
	int64_t provider_id, area_id;
	char ref[LIMIT_CODE + 1], name[LIMIT_NAME + 1];
	struct staffing_person person;
	int64_t fte_percent;
	date_t from, to;             /* to: 0 when open */
	char programme[LIMIT_CODE + 1], area[LIMIT_CODE + 1], orgnr[13];
};

/* ------------------------------------------------------------ writing */

static int write_post(struct app_ctx *cx, const struct post *p, bool *replaced,
		      int64_t *id, struct kverr *e)
{
	struct staffing_verdict v;
	char from[DATE_STRLEN], to[DATE_STRLEN] = "";
	int64_t had = 0;

	/* D-1, under the parameters in force when the post begins (P-14). */
	staffing_qualified(&cx->app->quality, p->from, &p->person, &v);
	date_format(p->from, from);
	if (p->to)
		date_format(p->to, to);
	if (db_query_int(cx->db, "SELECT count(*) FROM supervisors WHERE"
			 " provider_id = ? AND area_id = ? AND ref = ?", "iis",
			 &had, e, p->provider_id, p->area_id, p->ref) < 0 ||
	    db_query_int(cx->db, "INSERT INTO supervisors(provider_id, area_id,"
			 " ref, name, credits, upper_secondary, work_months,"
			 " fte_percent, from_on, to_on, qualified,"
			 " qualified_reason, registered_by, updated_at) VALUES"
			 " (?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?, ?,"
			 " nullif(?, 0), ?) ON CONFLICT (provider_id, area_id,"
			 " ref) DO UPDATE SET name = excluded.name, credits ="
			 " excluded.credits, upper_secondary ="
			 " excluded.upper_secondary, work_months ="
			 " excluded.work_months, fte_percent = excluded.fte_percent,"
			 " from_on = excluded.from_on, to_on = excluded.to_on,"
			 " qualified = excluded.qualified, qualified_reason ="
			 " excluded.qualified_reason, registered_by ="
			 " excluded.registered_by, updated_at = excluded.updated_at"
			 " RETURNING id", "iissiiiissisii", id, e, p->provider_id,
			 p->area_id, p->ref, p->name, p->person.credits,
			 (int64_t)p->person.upper_secondary, p->person.work_months,
			 p->fte_percent, from, to, (int64_t)v.qualified, v.reason,
			 cx->actor->user_id, cx->now) != 0)
		return -1;
	*replaced = had > 0;
	return 0;
}

static json_t *supervisor_row(struct app_ctx *cx, int64_t id, struct kverr *e)
{
	return db_query_one(cx->db, "supervisor", "SELECT id, provider_id,"
			    " area_id, ref, name, credits, upper_secondary AS"
			    " bool_upper_secondary, work_months, fte_percent,"
			    " from_on, to_on, qualified AS bool_qualified,"
			    " qualified_reason FROM supervisors WHERE id = ?", "i",
			    e, id);
}

/* Staff register for their own provider; the area must be one it has
 * been admitted in. */
static int check_area(struct app_ctx *cx, const struct post *p, struct kverr *e)
{
	int rc = quality_ever_admitted(cx, p->provider_id, p->area_id,
				       QUALITY_ANY_DAY, e);

	if (rc < 0)
		return -1;
	if (!rc)
		return kverr_set(e, KVERR_INVALID, "not_admitted", "area_id",
				 "The provider has no admission in that area.");
	return 0;
}

static int read_post(struct app_ctx *cx, json_t *in, struct post *p,
		     struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "area_id", "ref",
		"name", "credits", "upper_secondary", "work_months",
		"fte_percent", "from_on", "to_on", NULL };
	bool diploma = false;

	memset(p, 0, sizeof(*p));
	p->from = cx->today;
	if (in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &p->provider_id, e) ||
	    in_int(in, "area_id", true, 1, INT64_MAX, &p->area_id, e) ||
	    in_copy(in, "ref", true, p->ref, sizeof(p->ref), e) ||
	    in_copy(in, "name", true, p->name, sizeof(p->name), e) ||
	    in_int(in, "credits", true, 0, STAFF_MAX_CREDITS,
		   &p->person.credits, e) ||
	    in_bool(in, "upper_secondary", true, &diploma, e) ||
	    in_int(in, "work_months", true, 0, STAFF_MAX_WORK_MONTHS,
		   &p->person.work_months, e) ||
	    in_int(in, "fte_percent", true, 1, 100, &p->fte_percent, e) ||
	    in_date(in, "from_on", true, &p->from, e) ||
	    in_date(in, "to_on", false, &p->to, e))
		return -1;
	p->person.upper_secondary = diploma;
	if (p->to && p->to < p->from)
		return kverr_set(e, KVERR_INVALID, "ends_before_start", "to_on",
				 "A post cannot end before it begins.");
	return 0;
}

/* D-1: a provider registers (or replaces, by its reference) a
 * supervisor's post in an area. */
int app_supervisor_register(struct app_ctx *cx, json_t *in, json_t **out,
			    struct kverr *e)
{
	struct post p;
	bool replaced = false;
	int64_t id = 0;

	if (app_require(cx, ROLE_PROVIDER_STAFF | ROLE_ADMIN, e) ||
	    read_post(cx, in, &p, e) ||
	    app_require_provider(cx, p.provider_id, e) ||
	    app_require_row(cx, "providers", "provider", p.provider_id, e) ||
	    check_area(cx, &p, e) || write_post(cx, &p, &replaced, &id, e) ||
	    app_audit(cx, "supervisor.register", "supervisor", id, in, e))
		return -1;
	if (!(*out = supervisor_row(cx, id, e)))
		return -1;
	json_object_set_new(*out, "replaced", json_boolean(replaced));
	return 0;
}

int app_supervisors_list(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "active_on", NULL };
	int64_t provider = 0;
	date_t on = 0;
	char d[DATE_STRLEN] = "";

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &provider, e) ||
	    in_date(in, "active_on", false, &on, e) ||
	    app_require_provider(cx, provider, e) ||
	    app_require_row(cx, "providers", "provider", provider, e))
		return -1;
	if (json_object_get(in, "active_on"))
		date_format(on, d);
	*out = db_query_json(cx->db, "SELECT id, provider_id, area_id, ref, name,"
			     " credits, upper_secondary AS bool_upper_secondary,"
			     " work_months, fte_percent, from_on, to_on, qualified"
			     " AS bool_qualified, qualified_reason FROM supervisors"
			     " WHERE provider_id = ? AND (? = '' OR (from_on <= ?"
			     " AND (to_on IS NULL OR to_on >= ?))) ORDER BY"
			     " area_id, ref LIMIT ?", "isssi", e, provider, d, d,
			     d, (int64_t)LIMIT_PAGE);
	return *out ? 0 : -1;
}

/* ------------------------------------------------------------ the file */

struct post_file {
	struct post *p;
	size_t n, cap;
};

static int csv_int(const char *s, int64_t max, size_t line, const char *col,
		   int64_t *out, struct kverr *e)
{
	char *end;
	long long v;

	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 6 ||
	    (v = strtoll(s, &end, 10)) > max)
		return csvrow_fail(e, line, col, "bad_number", "a whole number"
				   " from 0 to %lld.", (long long)max);
	*out = v;
	return 0;
}

static int csv_text(char *dst, size_t size, const char *s, size_t line,
		    const char *col, struct kverr *e)
{
	if (!*s || strlen(s) >= size)
		return csvrow_fail(e, line, col, "bad_text", "text of 1 to %zu"
				   " bytes is required.", size - 1);
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int csv_dates(char **f, struct post *p, struct kverr *e)
{
	if (date_parse(f[9], &p->from))
		return csvrow_fail(e, p->line, "from_on", "bad_date", "the date"
				   " must be written YYYY-MM-DD.");
	p->to = 0;
	if (*f[10] && date_parse(f[10], &p->to))
		return csvrow_fail(e, p->line, "to_on", "bad_date", "the date must"
				   " be written YYYY-MM-DD, or left blank.");
	if (p->to && p->to < p->from)
		return csvrow_fail(e, p->line, "to_on", "ends_before_start", "a"
				   " post cannot end before it begins.");
	return 0;
}

static int csv_row(char **f, int n, size_t line, struct post *p,
		   struct kverr *e)
{
	struct idnum id;

	memset(p, 0, sizeof(*p));
	p->line = line;
	if (n != STAFF_FIELDS)
		return csvrow_fail(e, line, NULL, "bad_line", "expected %d fields"
				   " separated by commas, found %d.",
				   STAFF_FIELDS, n);
	if (idnum_parse_org(f[0], &id) != IDNUM_OK)
		return csvrow_fail(e, line, "provider_orgnr", "bad_orgnr", "the"
				   " organisation number is not valid.");
	snprintf(p->orgnr, sizeof(p->orgnr), "%s", id.canonical);
	if (csv_text(p->programme, sizeof(p->programme), f[1], line,
		     "programme", e) ||
	    csv_text(p->area, sizeof(p->area), f[2], line, "area", e) ||
	    csv_text(p->ref, sizeof(p->ref), f[3], line, "ref", e) ||
	    csv_text(p->name, sizeof(p->name), f[4], line, "name", e) ||
	    csv_int(f[5], STAFF_MAX_CREDITS, line, "credits",
		    &p->person.credits, e))
		return -1;
	if (strcmp(f[6], "yes") && strcmp(f[6], "no"))
		return csvrow_fail(e, line, "upper_secondary", "bad_answer",
				   "yes or no.");
	p->person.upper_secondary = !strcmp(f[6], "yes");
	if (csv_int(f[7], STAFF_MAX_WORK_MONTHS, line, "work_months",
		    &p->person.work_months, e) ||
	    csv_int(f[8], 100, line, "fte_percent", &p->fte_percent, e))
		return -1;
	if (p->fte_percent < 1)
		return csvrow_fail(e, line, "fte_percent", "bad_number", "the FTE"
				   " is 1 to 100 percent.");
	return csv_dates(f, p, e);
}

static int push_post(struct post_file *pf, const struct post *p,
		     struct kverr *e)
{
	for (size_t i = 0; i < pf->n; i++)
		if (!strcmp(pf->p[i].orgnr, p->orgnr) &&
		    !strcmp(pf->p[i].programme, p->programme) &&
		    !strcmp(pf->p[i].area, p->area) && !strcmp(pf->p[i].ref, p->ref))
			return csvrow_fail(e, p->line, "ref", "duplicate_line",
					   "the same provider, area and ref as"
					   " line %zu.", pf->p[i].line);
	if (pf->n == pf->cap) {
		size_t cap = pf->cap ? pf->cap * 2 : 32;
		void *q = realloc(pf->p, cap * sizeof(*pf->p));

		if (!q)
			return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
					 "Out of memory.");
		pf->p = q;
		pf->cap = cap;
	}
	pf->p[pf->n++] = *p;
	return 0;
}

static int parse_file(char *text, struct post_file *pf, struct kverr *e)
{
	struct csvrow_reader rd;
	struct post p;
	char *f[CSVROW_MAX_FIELDS];
	int n, got;

	csvrow_init(&rd, text);
	while ((got = csvrow_next(&rd, f, CSVROW_MAX_FIELDS, &n, e)) == 1) {
		if (rd.line == 1) {
			if (!csvrow_header_is(f, n, STAFF_HEADER))
				return csvrow_fail(e, 1, NULL, "bad_header", "the"
						   " first line must be \""
						   STAFF_HEADER "\".");
			continue;
		}
		if (n && (csv_row(f, n, rd.line, &p, e) || push_post(pf, &p, e)))
			return -1;
	}
	if (got < 0)
		return -1;
	if (rd.line == 0)
		return kverr_set(e, KVERR_INVALID, "empty", "csv",
				 "The file is empty.");
	if (pf->n == 0)
		return kverr_set(e, KVERR_INVALID, "no_lines", "csv",
				 "The file has a header but no lines.");
	return 0;
}

/* Codes to ids; staff may name only their own provider. */
static int resolve(struct app_ctx *cx, struct post_file *pf, struct kverr *e)
{
	for (size_t i = 0; i < pf->n; i++) {
		struct post *p = &pf->p[i];
		int rc = quality_find_provider(cx, p->orgnr, &p->provider_id, e);

		if (rc < 0)
			return -1;
		if (rc || (cx->actor->role == ROLE_PROVIDER_STAFF &&
			   p->provider_id != cx->actor->provider_id))
			return csvrow_fail(e, p->line, "provider_orgnr",
					   "unknown_provider", rc ? "no provider"
					   " has this organisation number." :
					   "you may register your own provider's"
					   " supervisors only.");
		if ((rc = quality_find_area(cx, p->programme, p->area, &p->area_id,
					    e)) < 0)
			return -1;
		if (rc)
			return csvrow_fail(e, p->line, "area", "unknown_area", "no"
					   " delivery area %s in programme %s.",
					   p->area, p->programme);
		if ((rc = quality_ever_admitted(cx, p->provider_id, p->area_id,
						QUALITY_ANY_DAY, e)) < 0)
			return -1;
		if (!rc)
			return csvrow_fail(e, p->line, "area", "not_admitted", "the"
					   " provider has no admission in the"
					   " area.");
	}
	return 0;
}

/* D-1: a file of supervisors' posts, from a provider or the authority. */
int app_staff_import(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "csv", NULL };
	struct post_file pf = { 0 };
	int64_t replaced = 0, qualified = 0, id = 0, ok = 0;
	char *text = NULL;
	int rc;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) || quality_csv_text(in, &text, e))
		return -1;
	rc = parse_file(text, &pf, e);
	free(text);
	if (!rc)
		rc = resolve(cx, &pf, e);
	for (size_t i = 0; !rc && i < pf.n; i++) {
		bool again = false;

		rc = write_post(cx, &pf.p[i], &again, &id, e);
		replaced += again;
		if (!rc)
			rc = db_query_int(cx->db, "SELECT qualified FROM"
					  " supervisors WHERE id = ?", "i", &ok,
					  e, id) ? -1 : 0;
		qualified += !rc && ok;
	}
	free(pf.p);
	if (rc)
		return -1;
	*out = json_pack("{s:I, s:I, s:I}", "lines", (json_int_t)pf.n,
			 "replaced", (json_int_t)replaced, "qualified",
			 (json_int_t)qualified);
	return app_audit(cx, "supervisor.import", "provider",
			 cx->actor->role == ROLE_PROVIDER_STAFF ?
			 cx->actor->provider_id : 0, *out, e);
}

/* --------------------------------------------------- the monthly check */

struct check_window {
	int64_t provider_id, area_id;
	date_t first, last;
};

static void window_text(const struct check_window *w, char f[DATE_STRLEN],
			char l[DATE_STRLEN])
{
	date_format(w->first, f);
	date_format(w->last, l);
}

/* The participations running some day of the window, as spans. */
static int load_spans(struct app_ctx *cx, const struct check_window *w,
		      struct quality_span **out, int *n, struct kverr *e)
{
	char f[DATE_STRLEN], l[DATE_STRLEN];
	json_t *rows, *r;
	size_t i;

	window_text(w, f, l);
	rows = db_query_json(cx->db, "SELECT starts_on, ends_on FROM"
			     " participations WHERE provider_id = ? AND area_id = ?"
			     " AND end_reason <> 'cancelled' AND starts_on <= ? AND"
			     " ends_on >= ?", "iiss", e, w->provider_id,
			     w->area_id, l, f);
	if (!rows)
		return -1;
	*n = (int)json_array_size(rows);
	*out = calloc((size_t)*n + 1, sizeof(**out));
	if (!*out) {
		json_decref(rows);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	}
	json_array_foreach(rows, i, r)
		(*out)[i] = (struct quality_span){ row_date(r, "starts_on"),
						   row_date(r, "ends_on") };
	json_decref(rows);
	return 0;
}

/* The qualified supervisors' posts running some day of the window. */
static int load_posts(struct app_ctx *cx, const struct check_window *w,
		      struct staffing_post **out, int *n, struct kverr *e)
{
	char f[DATE_STRLEN], l[DATE_STRLEN];
	json_t *rows, *r;
	size_t i;

	window_text(w, f, l);
	/* area_id 0: every area of the provider (U-2's utilisation). */
	rows = db_query_json(cx->db, "SELECT from_on, to_on, fte_percent FROM"
			     " supervisors WHERE provider_id = ? AND (? = 0 OR"
			     " area_id = ?) AND qualified = 1 AND from_on <= ? AND"
			     " (to_on IS NULL OR to_on >= ?)", "iiiss", e,
			     w->provider_id, w->area_id, w->area_id, l, f);
	if (!rows)
		return -1;
	*n = (int)json_array_size(rows);
	*out = calloc((size_t)*n + 1, sizeof(**out));
	if (!*out) {
		json_decref(rows);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	}
	json_array_foreach(rows, i, r) {
		date_t to = row_date(r, "to_on");

		(*out)[i] = (struct staffing_post){ row_date(r, "from_on"),
			to == JOURNEY_NEVER ? w->last : to,
			row_int(r, "fte_percent") };
	}
	json_decref(rows);
	return 0;
}

int staff_fte_days(struct app_ctx *cx, int64_t provider_id, int64_t area_id,
		   date_t first, date_t last, int64_t *fte_percent_days,
		   struct kverr *e)
{
	struct check_window w = { provider_id, area_id, first, last };
	struct staffing_post *posts;
	int n;

	if (load_posts(cx, &w, &posts, &n, e))
		return -1;
	*fte_percent_days = 0;
	for (int i = 0; i < n; i++) {
		date_t a = posts[i].from > first ? posts[i].from : first;
		date_t b = posts[i].to < last ? posts[i].to : last;

		if (a <= b)
			*fte_percent_days += (int64_t)(b - a + 1) *
					     posts[i].fte_percent;
	}
	free(posts);
	return 0;
}

/* D-2 for one provider and area over the window. */
static int check_staffing(struct app_ctx *cx, const struct check_window *w,
			  json_t *row, struct kverr *e)
{
	struct quality_span *spans = NULL;
	struct staffing_post *posts = NULL;
	struct staffing_month m;
	int ns = 0, np = 0;

	if (load_spans(cx, w, &spans, &ns, e) ||
	    load_posts(cx, w, &posts, &np, e)) {
		free(spans);
		return -1;
	}
	staffing_check(&cx->app->quality, w->first, w->last, spans, ns, posts,
		       np, &m);
	free(spans);
	free(posts);
	json_object_set_new(row, "ok", json_boolean(m.ok));
	json_object_set_new(row, "breach_days", json_integer(m.breach_days));
	row_set_date(row, "worst_day", m.worst_day);
	json_object_set_new(row, "participants", json_integer(m.participants));
	json_object_set_new(row, "qualified_fte_percent",
			    json_integer(m.fte_percent));
	json_object_set_new(row, "required_fte_percent",
			    json_integer(m.required_percent));
	json_object_set_new(row, "peak_participants",
			    json_integer(m.peak_participants));
	return 0;
}

/* D-3: each participant running in the window has a named personal
 * supervisor who is a registered, qualified supervisor of the provider in
 * the area during the window. */
static int check_personal(struct app_ctx *cx, const struct check_window *w,
			  json_t *row, struct kverr *e)
{
	char f[DATE_STRLEN], l[DATE_STRLEN];
	int64_t counts[4] = { 0 };   /* ok, missing, not_registered, not_qualified */
	static const char *const kinds[] = { "ok", "missing", "not_registered",
					     "not_qualified" };
	json_t *rows, *r, *problems = json_array();
	size_t i;

	window_text(w, f, l);
	rows = db_query_json(cx->db, "SELECT p.id AS participation_id, j.ref,"
		" p.supervisor, (SELECT max(s.qualified) FROM supervisors s WHERE"
		" s.provider_id = p.provider_id AND s.area_id = p.area_id AND"
		" (s.name = p.supervisor OR s.ref = p.supervisor) AND s.from_on <="
		" ? AND (s.to_on IS NULL OR s.to_on >= ?)) AS qualified FROM"
		" participations p JOIN jobseekers j ON j.id = p.jobseeker_id"
		" WHERE p.provider_id = ? AND p.area_id = ? AND p.end_reason <>"
		" 'cancelled' AND p.starts_on <= ? AND p.ends_on >= ? ORDER BY"
		" p.id", "ssiiss", e, l, f, w->provider_id, w->area_id, l, f);
	if (!rows) {
		json_decref(problems);
		return -1;
	}
	json_array_foreach(rows, i, r) {
		const char *name = json_string_value(json_object_get(r, "supervisor"));
		const json_t *q = json_object_get(r, "qualified");
		int k = !name || !*name ? 1 : json_is_null(q) ? 2 :
			json_integer_value(q) ? 0 : 3;

		counts[k]++;
		if (k && json_array_size(problems) < LIMIT_PAGE) {
			json_object_del(r, "qualified");
			json_object_set_new(r, "problem", json_string(kinds[k]));
			json_array_append(problems, r);
		}
	}
	json_object_set_new(row, "personal_supervisors", json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:o}", "participants",
		(json_int_t)json_array_size(rows), "ok", (json_int_t)counts[0],
		"missing", (json_int_t)counts[1], "not_registered",
		(json_int_t)counts[2], "not_qualified", (json_int_t)counts[3],
		"problems", problems));
	json_decref(rows);
	return 0;
}

static int read_month(struct app_ctx *cx, json_t *in, month_t *m,
		      struct kverr *e)
{
	const char *s = NULL;

	*m = date_month(cx->today);
	if (in_string(in, "month", false, 7, &s, e))
		return -1;
	if (s && month_parse(s, m))
		return kverr_set(e, KVERR_INVALID, "bad_month", "month",
				 "The month must be written YYYY-MM.");
	if (*m > date_month(cx->today))
		return kverr_set(e, KVERR_INVALID, "future_month", "month",
				 "A month can be checked once it has begun.");
	return 0;
}

/* The admissions running some day of the month. */
static json_t *admissions_in(struct app_ctx *cx, int64_t provider,
			     int64_t area, date_t first, date_t last,
			     struct kverr *e)
{
	char f[DATE_STRLEN], l[DATE_STRLEN];

	date_format(first, f);
	date_format(last, l);
	return db_query_json(cx->db, "SELECT a.provider_id, pv.name AS"
		" provider_name, a.area_id, d.name AS area_name, a.admitted_on,"
		" a.ended_on FROM admissions a JOIN providers pv ON pv.id ="
		" a.provider_id JOIN delivery_areas d ON d.id = a.area_id WHERE"
		" a.admitted_on <= ? AND (a.ended_on IS NULL OR a.ended_on > ?)"
		" AND (? = 0 OR a.provider_id = ?) AND (? = 0 OR a.area_id = ?)"
		" ORDER BY a.provider_id, a.area_id, a.id LIMIT ?", "ssiiiii", e,
		l, f, provider, provider, area, area, (int64_t)LIMIT_PAGE);
}

/* D-2, D-3: the staffing check of a month (the days that have passed),
 * per provider and area admitted in it. */
int app_staffing_check(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "month", "provider_id", "area_id",
					    NULL };
	int64_t provider = 0, area = 0, breaches = 0;
	char mm[MONTH_STRLEN];
	date_t first, last;
	month_t m;
	json_t *rows, *r;
	size_t i;

	if (app_require(cx, ROLE_AUTHORITY | ROLE_PROVIDER_STAFF, e) ||
	    in_object(in, keys, e) || read_month(cx, in, &m, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider, e) ||
	    in_int(in, "area_id", false, 1, INT64_MAX, &area, e))
		return -1;
	if (cx->actor->role == ROLE_PROVIDER_STAFF) {
		if (provider && app_require_provider(cx, provider, e))
			return -1;
		provider = cx->actor->provider_id;
	}
	first = month_first_day(m);
	last = month_last_day(m) < cx->today ? month_last_day(m) : cx->today;
	if (!(rows = admissions_in(cx, provider, area, first, last, e)))
		return -1;
	json_array_foreach(rows, i, r) {
		struct check_window w = { row_int(r, "provider_id"),
					  row_int(r, "area_id"), first, last };
		date_t ended = row_date(r, "ended_on");

		/* Only the days the provider was admitted. */
		if (row_date(r, "admitted_on") > w.first)
			w.first = row_date(r, "admitted_on");
		if (ended != JOURNEY_NEVER && date_add_days(ended, -1) < w.last)
			w.last = date_add_days(ended, -1);
		row_set_date(r, "from", w.first);
		row_set_date(r, "through", w.last);
		if (check_staffing(cx, &w, r, e) || check_personal(cx, &w, r, e)) {
			json_decref(rows);
			return -1;
		}
		breaches += !json_is_true(json_object_get(r, "ok"));
	}
	month_format(m, mm);
	*out = json_pack("{s:s, s:I, s:o}", "month", mm, "breaches",
			 (json_int_t)breaches, "areas", rows);
	return 0;
}
