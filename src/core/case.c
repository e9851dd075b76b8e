/*
 * case.c — strict JSON reading of an engine case (see case.h).
 */
#include "core/case.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct reader {
	const char *file;
	struct kverr *e;
	char path[128];
};

/* The first n characters of s are digits. */
static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int bad(struct reader *r, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct reader *r, const char *code, const char *fmt, ...)
{
	va_list ap;
	size_t used;

	kverr_set(r->e, KVERR_INVALID, code, r->path, "%s: %s: ", r->file, r->path);
	used = strlen(r->e->message);
	va_start(ap, fmt);
	vsnprintf(r->e->message + used, sizeof(r->e->message) - used, fmt, ap);
	va_end(ap);
	return -1;
}

/* Set r->path to base + suffix for the next value read. */
static void at(struct reader *r, const char *base, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void at(struct reader *r, const char *base, const char *fmt, ...)
{
	va_list ap;
	size_t used;

	snprintf(r->path, sizeof(r->path), "%s", base);
	used = strlen(r->path);
	va_start(ap, fmt);
	vsnprintf(r->path + used, sizeof(r->path) - used, fmt, ap);
	va_end(ap);
}

static int only_keys(struct reader *r, const json_t *o, const char *base,
		     const char *const keys[])
{
	const char *key;
	json_t *v;

	if (!json_is_object(o)) {
		at(r, base, "%s", "");
		return bad(r, "not_object", "must be an object.");
	}
	json_object_foreach((json_t *)o, key, v) {
		int i;

		for (i = 0; keys[i] && strcmp(keys[i], key) != 0; i++)
			;
		if (!keys[i]) {
			at(r, base, "%s%s", base[0] ? "." : "", key);
			return bad(r, "unknown_key", "this key is not part of a case.");
		}
	}
	return 0;
}

static int get_date(struct reader *r, const json_t *o, const char *base,
		    const char *key, bool required, date_t *out)
{
	const json_t *v = json_object_get(o, key);

	at(r, base, ".%s", key);
	*out = 0;
	if (!v || json_is_null(v))
		return required ? bad(r, "missing_key", "a date is required.") : 0;
	if (!json_is_string(v) || date_parse(json_string_value(v), out))
		return bad(r, "bad_date", "must be a date (YYYY-MM-DD).");
	return 0;
}

static int get_month(struct reader *r, const json_t *v, month_t *out)
{
	if (!json_is_string(v) || month_parse(json_string_value(v), out))
		return bad(r, "bad_month", "must be a month (YYYY-MM).");
	return 0;
}

static int get_int(struct reader *r, const json_t *o, const char *base,
		   const char *key, int64_t min, int64_t max, int64_t *out)
{
	const json_t *v = json_object_get(o, key);

	at(r, base, ".%s", key);
	if (!v)
		return bad(r, "missing_key", "a whole number is required.");
	if (!json_is_integer(v))
		return bad(r, json_is_real(v) ? "wrong_unit" : "not_integer",
			   "must be a whole number (money in öre).");
	*out = json_integer_value(v);
	if (*out < min || *out > max)
		return bad(r, "out_of_range", "must be %lld to %lld.",
			   (long long)min, (long long)max);
	return 0;
}

static int get_text(struct reader *r, const json_t *o, const char *base,
		    const char *key, bool required, char *buf, size_t size)
{
	const json_t *v = json_object_get(o, key);

	at(r, base, ".%s", key);
	buf[0] = '\0';
	if (!v || json_is_null(v))
		return required ? bad(r, "missing_key", "text is required.") : 0;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) >= size)
		return bad(r, "bad_text", "must be text of 1 to %zu characters.",
			   size - 1);
	snprintf(buf, size, "%s", json_string_value(v));
	return 0;
}

static int get_list(struct reader *r, const json_t *root, const char *key,
		    size_t max, const json_t **out)
{
	*out = json_object_get(root, key);
	at(r, key, "%s", "");
	if (!*out)
		return 0;
	if (!json_is_array(*out))
		return bad(r, "not_list", "must be a list.");
	if (json_array_size(*out) > max)
		return bad(r, "too_many", "has more than %zu items.", max);
	return 0;
}

static int read_participation(struct reader *r, const json_t *root,
			      struct engine_case *c)
{
	static const char *const keys[] = { "id", "start", "end", "ended_by", NULL };
	static const char *const reasons[] = { "switch", "job", "studies", "moved",
					       "deregistered", "max_duration",
					       "decision", NULL };
	const json_t *p = json_object_get(root, "participation");
	char reason[24];
	int i;

	if (!p) {
		at(r, "participation", "%s", "");
		return bad(r, "missing_key", "the participation is required.");
	}
	if (only_keys(r, p, "participation", keys) ||
	    get_text(r, p, "participation", "id", true, c->participation_id,
		     sizeof(c->participation_id)) ||
	    get_date(r, p, "participation", "start", true, &c->start) ||
	    get_date(r, p, "participation", "end", false, &c->end) ||
	    get_text(r, p, "participation", "ended_by", false, reason, sizeof(reason)))
		return -1;
	if (c->end && c->end < c->start) {
		at(r, "participation", ".end");
		return bad(r, "end_before_start", "the end is before the start.");
	}
	for (i = 0; reason[0] && reasons[i] && strcmp(reasons[i], reason); i++)
		;
	if (reason[0] && !reasons[i]) {
		at(r, "participation", ".ended_by");
		return bad(r, "not_allowed", "must be one of switch, job, studies,"
			   " moved, deregistered, max_duration, decision.");
	}
	c->switched = strcmp(reason, "switch") == 0;
	return 0;
}

static int read_tracks(struct reader *r, const json_t *root,
		       struct engine_case *c)
{
	static const char *const keys[] = { "from", "track", NULL };
	const json_t *list, *t;
	size_t i;
	char base[32];

	if (get_list(r, root, "tracks", ENGINE_MAX_TRACKS, &list))
		return -1;
	if (!list || json_array_size(list) == 0)
		return bad(r, "missing_key", "at least one track is required (A-1).");
	json_array_foreach(list, i, t) {
		int64_t track;

		snprintf(base, sizeof(base), "tracks[%zu]", i);
		if (only_keys(r, t, base, keys) ||
		    get_date(r, t, base, "from", true, &c->tracks[i].from) ||
		    get_int(r, t, base, "track", 1, RULEBOOK_MAX_TRACKS, &track))
			return -1;
		c->tracks[i].track = (int)track;
		if (i > 0 && c->tracks[i].from <= c->tracks[i - 1].from) {
			at(r, base, ".from");
			return bad(r, "unordered_dates", "tracks must be in date order.");
		}
		c->n_tracks++;
	}
	return 0;
}

static int read_residence(struct reader *r, const json_t *root,
			  struct engine_case *c)
{
	static const char *const keys[] = { "from", "municipality", NULL };
	const json_t *list, *t;
	size_t i;
	char base[32];

	if (get_list(r, root, "residence", ENGINE_MAX_RESIDENCES, &list))
		return -1;
	json_array_foreach(list, i, t) {
		struct engine_residence *res = &c->residences[i];

		snprintf(base, sizeof(base), "residence[%zu]", i);
		if (only_keys(r, t, base, keys) ||
		    get_date(r, t, base, "from", true, &res->from) ||
		    get_text(r, t, base, "municipality", true, res->municipality,
			     sizeof(res->municipality)))
			return -1;
		if (strlen(res->municipality) != 4 || !all_digits(res->municipality, 4)) {
			at(r, base, ".municipality");
			return bad(r, "bad_code", "must be a four-digit municipality code.");
		}
		if (i > 0 && res->from <= c->residences[i - 1].from) {
			at(r, base, ".from");
			return bad(r, "unordered_dates", "residences must be in date order.");
		}
		c->n_residences++;
	}
	return 0;
}

static int read_months(struct reader *r, const json_t *o, const char *base,
		       struct engine_outcome *out)
{
	const json_t *list = json_object_get(o, "self_supporting"), *m;
	size_t i;

	at(r, base, ".self_supporting");
	if (!list)
		return 0;
	if (!json_is_array(list) || json_array_size(list) > ENGINE_MAX_MONTHS)
		return bad(r, "not_list", "must be a list of at most %d months.",
			   ENGINE_MAX_MONTHS);
	json_array_foreach(list, i, m) {
		at(r, base, ".self_supporting[%zu]", i);
		if (get_month(r, m, &out->months[i]))
			return -1;
		if (i > 0 && out->months[i] <= out->months[i - 1])
			return bad(r, "unordered_months", "months must be ascending,"
				   " each once.");
		if (out->months[i] < date_month(out->start))
			return bad(r, "before_outcome", "a month before the outcome"
				   " began.");
		/* Self-support after the outcome ended is another outcome. */
		if (out->end && out->months[i] > date_month(out->end))
			return bad(r, "after_outcome", "a month after the outcome"
				   " ended; record a new outcome instead.");
		out->n_months++;
	}
	return 0;
}

static int pick(struct reader *r, const char *const names[], const char *s,
		int *out, const char *what)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return 0;
		}
	return bad(r, "not_allowed", "is not a known %s.", what);
}

static int read_outcome(struct reader *r, const json_t *o, size_t i,
			struct engine_outcome *out)
{
	static const char *const keys[] = { "id", "type", "start", "end",
					    "occupation", "evidence",
					    "self_supporting", NULL };
	static const char *const evidence[] = { "pending", "approved", "rejected",
						NULL };
	char base[32], type[32], ev[16];
	int t = 0, ev_i = 0;

	snprintf(base, sizeof(base), "outcomes[%zu]", i);
	if (only_keys(r, o, base, keys) ||
	    get_text(r, o, base, "id", true, out->id, sizeof(out->id)) ||
	    get_text(r, o, base, "type", true, type, sizeof(type)) ||
	    pick(r, rb_outcome_names, type, &t, "outcome type (P-6, P-7)") ||
	    get_date(r, o, base, "start", true, &out->start) ||
	    get_date(r, o, base, "end", false, &out->end) ||
	    get_text(r, o, base, "occupation", false, out->occupation,
		     sizeof(out->occupation)) ||
	    get_text(r, o, base, "evidence", true, ev, sizeof(ev)) ||
	    pick(r, evidence, ev, &ev_i, "evidence status"))
		return -1;
	out->type = (enum rb_outcome)t;
	out->evidence = (enum engine_evidence)ev_i;
	if (out->end && out->end < out->start) {
		at(r, base, ".end");
		return bad(r, "end_before_start", "the end is before the start.");
	}
	return read_months(r, o, base, out);
}

static int read_outcomes(struct reader *r, const json_t *root,
			 struct engine_case *c)
{
	const json_t *list, *o;
	size_t i;

	if (get_list(r, root, "outcomes", ENGINE_MAX_OUTCOMES, &list))
		return -1;
	json_array_foreach(list, i, o) {
		if (read_outcome(r, o, i, &c->outcomes[i]))
			return -1;
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->outcomes[k].id, c->outcomes[i].id) == 0) {
				at(r, "outcomes", "[%zu].id", i);
				return bad(r, "duplicate", "each outcome needs its own id.");
			}
		c->n_outcomes++;
	}
	return 0;
}

static int read_fund(struct reader *r, const json_t *root, struct engine_case *c)
{
	static const char *const keys[] = { "id", "date", "cost_ore", "approved",
					    NULL };
	const json_t *list, *f;
	size_t i;
	char base[32];

	if (get_list(r, root, "fund", ENGINE_MAX_FUND, &list))
		return -1;
	json_array_foreach(list, i, f) {
		struct engine_fund_item *it = &c->fund[i];
		const json_t *ok = json_object_get(f, "approved");

		snprintf(base, sizeof(base), "fund[%zu]", i);
		if (only_keys(r, f, base, keys) ||
		    get_text(r, f, base, "id", true, it->id, sizeof(it->id)) ||
		    get_date(r, f, base, "date", true, &it->date) ||
		    get_int(r, f, base, "cost_ore", 0, MONEY_MAX, &it->cost))
			return -1;
		at(r, base, ".approved");
		if (!json_is_boolean(ok))
			return bad(r, "not_boolean", "must be true or false.");
		it->approved = json_is_true(ok);
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->fund[k].id, it->id) == 0) {
				at(r, base, ".id");
				return bad(r, "duplicate", "each fund item needs its own id.");
			}
		c->n_fund++;
	}
	return 0;
}

static int read_credits(struct reader *r, const json_t *k, const char *base,
			struct engine_course *out)
{
	static const char *const keys[] = { "date", "points", NULL };
	const json_t *list = json_object_get(k, "credits"), *cr;
	int64_t sum = 0;
	size_t i;
	char cb[64];

	at(r, base, ".credits");
	if (!list)
		return 0;
	if (!json_is_array(list) || json_array_size(list) > ENGINE_MAX_CREDITS)
		return bad(r, "not_list", "must be a list of at most %d reports.",
			   ENGINE_MAX_CREDITS);
	json_array_foreach(list, i, cr) {
		struct engine_credit *c = &out->credits[i];
		int64_t points;

		snprintf(cb, sizeof(cb), "%s.credits[%zu]", base, i);
		if (only_keys(r, cr, cb, keys) ||
		    get_date(r, cr, cb, "date", true, &c->date) ||
		    get_int(r, cr, cb, "points", 1, 10000, &points))
			return -1;
		c->points = (int32_t)points;
		sum += points;
		at(r, cb, ".date");
		if (c->date < out->start || (i > 0 && c->date < out->credits[i - 1].date))
			return bad(r, "unordered_dates", "credits are reported in date"
				   " order, from the course's start.");
		if (out->passed_on && c->date > out->passed_on)
			return bad(r, "after_pass", "a credit after the course was passed.");
		at(r, cb, ".points");
		if (sum > out->points)
			return bad(r, "too_many_points", "more points than the course has.");
		out->n_credits++;
	}
	return 0;
}

/* Courses of adult education paid per point (P-13, Växjö). */
static int read_courses(struct reader *r, const json_t *root,
			struct engine_case *c)
{
	static const char *const keys[] = { "id", "start", "points", "passed_on",
					    "credits", NULL };
	const json_t *list, *k;
	size_t i;
	char base[32];

	if (get_list(r, root, "courses", ENGINE_MAX_COURSES, &list))
		return -1;
	json_array_foreach(list, i, k) {
		struct engine_course *co = &c->courses[i];
		int64_t points;

		snprintf(base, sizeof(base), "courses[%zu]", i);
		if (only_keys(r, k, base, keys) ||
		    get_text(r, k, base, "id", true, co->id, sizeof(co->id)) ||
		    get_date(r, k, base, "start", true, &co->start) ||
		    get_int(r, k, base, "points", 1, 10000, &points) ||
		    get_date(r, k, base, "passed_on", false, &co->passed_on))
			return -1;
		co->points = (int32_t)points;
		if (co->passed_on && co->passed_on < co->start) {
			at(r, base, ".passed_on");
			return bad(r, "end_before_start", "passed before the course began.");
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->courses[j].id, co->id) == 0) {
				at(r, base, ".id");
				return bad(r, "duplicate", "each course needs its own id.");
			}
		if (read_credits(r, k, base, co))
			return -1;
		c->n_courses++;
	}
	return 0;
}

static int read_unemployment(struct reader *r, const json_t *u,
			     struct engine_context *x)
{
	const char *key;
	json_t *v;

	if (!u)
		return 0;
	at(r, "context.unemployment_bp", "%s", "");
	if (!json_is_object(u) || json_object_size(u) > ENGINE_MAX_SERIES)
		return bad(r, "not_object", "must map months to basis points.");
	json_object_foreach((json_t *)u, key, v) {
		int i = x->n_unemployment;

		at(r, "context.unemployment_bp.", "%s", key);
		if (month_parse(key, &x->unemployment_month[i]))
			return bad(r, "bad_month", "the key must be a month (YYYY-MM).");
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 10000)
			return bad(r, "out_of_range", "must be whole basis points,"
				   " 0 to 10000 (7.25 %% = 725).");
		x->unemployment_bp[i] = (int32_t)json_integer_value(v);
		x->n_unemployment++;
	}
	return 0;
}

/* Exactly "YYYY-H1" or "YYYY-H2". */
static bool half_year_ok(const char *s)
{
	return strlen(s) == 7 && all_digits(s, 4) && s[4] == '-' && s[5] == 'H' &&
	       (s[6] == '1' || s[6] == '2');
}

/* {"5321": {"2024-H1": 43}}: half-years as YYYY-H1 / YYYY-H2. */
static int read_shortage(struct reader *r, const json_t *s,
			 struct engine_context *x)
{
	const char *occ, *half;
	json_t *halves, *v;

	if (!s)
		return 0;
	at(r, "context.shortage_tenths", "%s", "");
	if (!json_is_object(s))
		return bad(r, "not_object", "must map occupations to half-years.");
	json_object_foreach((json_t *)s, occ, halves) {
		at(r, "context.shortage_tenths.", "%s", occ);
		if (!json_is_object(halves) || strlen(occ) == 0 || strlen(occ) > 7)
			return bad(r, "not_object", "must be an occupation code"
				   " mapping half-years to index tenths.");
		json_object_foreach(halves, half, v) {
			struct engine_shortage *sh = &x->shortage[x->n_shortage];
			int y;
			char h;

			at(r, "context.shortage_tenths.", "%s.%s", occ, half);
			if (x->n_shortage >= ENGINE_MAX_SHORTAGE)
				return bad(r, "too_many", "too many shortage values.");
			if (!half_year_ok(half))
				return bad(r, "bad_half_year", "the key must be"
					   " YYYY-H1 or YYYY-H2.");
			y = (half[0] - '0') * 1000 + (half[1] - '0') * 100 +
			    (half[2] - '0') * 10 + (half[3] - '0');
			h = half[6];
			if (!json_is_integer(v) || json_integer_value(v) < 10 ||
			    json_integer_value(v) > 50)
				return bad(r, "out_of_range", "the index must be given"
					   " in tenths, 10 to 50 (3.3 = 33).");
			snprintf(sh->occupation, sizeof(sh->occupation), "%s", occ);
			sh->half_year = (int)y * 2 + (h == '2');
			sh->tenths = (int)json_integer_value(v);
			x->n_shortage++;
		}
	}
	return 0;
}

static int read_context(struct reader *r, const json_t *root,
			struct engine_context *x)
{
	static const char *const keys[] = { "unemployment_bp", "shortage_tenths",
					    "sparse_municipalities",
					    "cohort_job_rate_bp", NULL };
	const json_t *ctx = json_object_get(root, "context"), *list, *v;
	size_t i;

	if (!ctx)
		return 0;
	if (only_keys(r, ctx, "context", keys) ||
	    read_unemployment(r, json_object_get(ctx, "unemployment_bp"), x) ||
	    read_shortage(r, json_object_get(ctx, "shortage_tenths"), x))
		return -1;
	v = json_object_get(ctx, "cohort_job_rate_bp");
	if (v) {
		at(r, "context.cohort_job_rate_bp", "%s", "");
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 10000)
			return bad(r, "out_of_range", "must be whole basis points,"
				   " 0 to 10000 (a 76 %% job rate = 7600).");
		x->cohort_measured = true;
		x->cohort_job_rate_bp = (int32_t)json_integer_value(v);
	}
	list = json_object_get(ctx, "sparse_municipalities");
	at(r, "context.sparse_municipalities", "%s", "");
	if (list && (!json_is_array(list) ||
		     json_array_size(list) > ENGINE_MAX_SPARSE))
		return bad(r, "not_list", "must be a list of municipality codes.");
	json_array_foreach(list, i, v) {
		at(r, "context.sparse_municipalities", "[%zu]", i);
		if (!json_is_string(v) || json_string_length(v) != 4 ||
		    !all_digits(json_string_value(v), 4))
			return bad(r, "bad_code", "must be a four-digit code.");
		snprintf(x->sparse[i], sizeof(x->sparse[i]), "%s", json_string_value(v));
		x->n_sparse++;
	}
	return 0;
}

static int read_paid(struct reader *r, const json_t *root, struct engine_case *c)
{
	static const char *const keys[] = { "key", "amount_ore", NULL };
	const json_t *list, *p;
	size_t i;
	char base[32];

	if (get_list(r, root, "paid", ENGINE_MAX_PAID, &list))
		return -1;
	json_array_foreach(list, i, p) {
		snprintf(base, sizeof(base), "paid[%zu]", i);
		if (only_keys(r, p, base, keys) ||
		    get_text(r, p, base, "key", true, c->paid[i].key,
			     sizeof(c->paid[i].key)) ||
		    get_int(r, p, base, "amount_ore", -MONEY_MAX, MONEY_MAX,
			    &c->paid[i].amount))
			return -1;
		c->n_paid++;
	}
	return 0;
}

int case_parse(const char *text, size_t len, const char *file,
	       struct engine_case *c, struct kverr *e)
{
	static const char *const keys[] = { "comment", "rulebook", "through",
					    "participation", "tracks", "residence",
					    "outcomes", "fund", "courses", "context",
					    "paid", "expect", NULL };
	struct reader r = { .file = file, .e = e };
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	int rc;

	memset(c, 0, sizeof(*c));
	if (!root)
		return kverr_set(e, KVERR_INVALID, "bad_json", "", "%s: line %d"
				 " column %d: %s", file, je.line, je.column, je.text);
	rc = only_keys(&r, root, "", keys) || read_participation(&r, root, c) ||
	     read_tracks(&r, root, c) || read_residence(&r, root, c) ||
	     read_outcomes(&r, root, c) || read_fund(&r, root, c) ||
	     read_courses(&r, root, c) ||
	     read_context(&r, root, &c->context) || read_paid(&r, root, c) ? -1 : 0;
	for (int i = 0; rc == 0 && i < c->n_courses; i++)
		if (c->courses[i].start < c->tracks[0].from) {
			snprintf(r.path, sizeof(r.path), "courses[%d].start", i);
			rc = bad(&r, "before_track", "a course cannot begin before the"
				 " first track is in force.");
		}
	if (rc == 0 && c->tracks[0].from > c->start) {
		snprintf(r.path, sizeof(r.path), "tracks[0].from");
		rc = bad(&r, "no_track_at_start", "the first track must be in force"
			 " on the participation's start (A-1).");
	}
	json_decref(root);
	return rc;
}
