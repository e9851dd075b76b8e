/*
 * payrun_facts.c — the facts the engine needs for each participation of a
 * batch, read from the store by six range scans in participation order
 * (participations, assessments, outcomes, counted outcome months, how
 * many keyed postings the ledger holds and the last, and what
 * payrun_settled remembers of them), walked in step like a merge join, so
 * a batch costs six queries however many participations it holds.  What
 * the ledger has paid per key is read for one participation when the run
 * needs it (payrun_settled.c says when).
 *
 * It only reads; it decides nothing the engine decides.
 */
#include "app/payrun.h"
#include "app/rulebooks.h"
#include "core/municipality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the work */

int payrun_work_init(struct payrun_work *w, struct kverr *e)
{
	memset(w, 0, sizeof(*w));
	w->c = calloc(1, sizeof(*w->c));
	w->owed = calloc(1, sizeof(*w->owed));
	w->post = calloc(1, sizeof(*w->post));
	w->ctx = calloc(1, sizeof(*w->ctx));
	w->keys = calloc(1, sizeof(*w->keys));
	if (!w->c || !w->owed || !w->post || !w->ctx || !w->keys) {
		payrun_work_release(w);
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	}
	return 0;
}

void payrun_work_release(struct payrun_work *w)
{
	free(w->c);
	free(w->owed);
	free(w->post);
	free(w->ctx);
	free(w->keys);
	for (int i = 0; i < w->n_rulebooks; i++)
		free(w->rb[i]);
	memset(w, 0, sizeof(*w));
}

/* P-9: the sparse municipalities by the density rule, from the
 * municipalities the database was loaded with. */
int payrun_load_context(struct app_ctx *cx, struct payrun_work *w,
			struct kverr *e)
{
	json_t *rows = db_query_json(cx->db, "SELECT code, population,"
				     " land_km2_centi FROM municipalities"
				     " ORDER BY code", "", e), *r;
	int64_t pop = 0, land = 0;
	size_t i;

	if (!rows)
		return -1;
	memset(w->ctx, 0, sizeof(*w->ctx));
	json_array_foreach(rows, i, r) {
		pop += json_integer_value(json_object_get(r, "population"));
		land += json_integer_value(json_object_get(r, "land_km2_centi"));
	}
	json_array_foreach(rows, i, r) {
		struct municipality m = { 0 };

		snprintf(m.code, sizeof(m.code), "%s",
			 json_string_value(json_object_get(r, "code")));
		m.population = json_integer_value(json_object_get(r, "population"));
		m.land_km2_centi = json_integer_value(json_object_get(r,
							"land_km2_centi"));
		if (municipality_sparse(&m, pop, land) &&
		    w->ctx->n_sparse < ENGINE_MAX_SPARSE)
			memcpy(w->ctx->sparse[w->ctx->n_sparse++], m.code, 5);
	}
	json_decref(rows);
	/* The same for every participation: into the case once, not 13 kB
	 * copied per participation. */
	w->c->context = *w->ctx;
	return 0;
}

const struct rulebook *payrun_rulebook(struct app_ctx *cx,
				       struct payrun_work *w,
				       int64_t programme_id, struct kverr *e)
{
	json_t *p;
	struct rulebook *rb;
	int rc;

	for (int i = 0; i < w->n_rulebooks; i++)
		if (w->rb_programme[i] == programme_id)
			return w->rb[i];
	if (w->n_rulebooks == PAYRUN_RULEBOOKS) {
		kverr_set(e, KVERR_INTERNAL, "too_many_programmes", NULL,
			  "More than %d programmes in one run.", PAYRUN_RULEBOOKS);
		return NULL;
	}
	p = db_query_one(cx->db, "programme", "SELECT rulebook FROM programmes"
			 " WHERE id = ?", "i", e, programme_id);
	rb = p ? malloc(sizeof(*rb)) : NULL;
	rc = rb ? rulebooks_load(cx->app->rules_dir, json_string_value(
				 json_object_get(p, "rulebook")), rb, e) : -1;
	json_decref(p);
	if (rc) {
		free(rb);
		if (e->cls == KVERR_OK)
			kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				  "Out of memory.");
		return NULL;
	}
	w->rb_programme[w->n_rulebooks] = programme_id;
	w->rb[w->n_rulebooks++] = rb;
	return rb;
}

int payrun_track_in(const struct engine_case *c, month_t period)
{
	date_t last = month_last_day(period);
	int track = c->n_tracks ? c->tracks[0].track : 0;

	for (int i = 0; i < c->n_tracks && c->tracks[i].from <= last; i++)
		track = c->tracks[i].track;
	return track;
}

/* ------------------------------------------------------------- cursors */

enum { Q_PARTS, Q_ASSESS, Q_OUTCOMES, Q_MONTHS, Q_KEYED, Q_SETTLED, Q_COUNT };

static const char *const queries[Q_COUNT] = {
	[Q_PARTS] = "SELECT id, provider_id, programme_id, starts_on, ends_on,"
		" end_reason, coalesce(municipality_code, ''), track FROM"
		" participations WHERE id BETWEEN ?1 AND ?2 AND end_reason <>"
		" 'cancelled' AND starts_on <= ?3 ORDER BY id",
	/* Every track decision for the jobseeker; a correction dated back
	 * (A-1, P-14) sorts by its date and, on the same date, comes last. */
	[Q_ASSESS] = "SELECT p.id, a.assessed_on, a.track FROM participations p"
		" JOIN assessments a ON a.jobseeker_id = p.jobseeker_id WHERE"
		" p.id BETWEEN ?1 AND ?2 AND a.track IS NOT NULL ORDER BY p.id,"
		" a.assessed_on, a.id",
	[Q_OUTCOMES] = "SELECT participation_id, id, type, starts_on,"
		" coalesce(ends_on, ''), occupation, status FROM outcomes WHERE"
		" participation_id BETWEEN ?1 AND ?2 ORDER BY participation_id, id",
	/* P-8: a month counts when the provider confirmed continuation and
	 * self-support, or the employers' returns verified it. */
	[Q_MONTHS] = "SELECT o.participation_id, om.outcome_id, om.month FROM"
		" outcome_months om JOIN outcomes o ON o.id = om.outcome_id WHERE"
		" o.participation_id BETWEEN ?1 AND ?2 AND ((om.confirmed_by IS NOT"
		" NULL AND om.continues = 1 AND om.self_supporting = 1) OR"
		" om.income_verified = 1) ORDER BY o.participation_id,"
		" om.outcome_id, om.month",
	/* From the index postings_paid alone: no posting is read. */
	[Q_KEYED] = "SELECT participation_id, count(*), max(id) FROM postings"
		" WHERE participation_id BETWEEN ?1 AND ?2 AND engine_key IS NOT"
		" NULL GROUP BY participation_id ORDER BY participation_id",
	[Q_SETTLED] = "SELECT participation_id, through, digest, postings,"
		" last_posting FROM payrun_settled WHERE participation_id BETWEEN"
		" ?1 AND ?2 ORDER BY participation_id",
};

/* What the ledger holds per key: for one participation, or for a whole
 * batch in step (when few of its participations are remembered, one
 * scan costs less than a query each). */
#define PAID_ONE "SELECT participation_id, engine_key, sum(amount), count(*)," \
	" min(id), max(id) FROM postings WHERE participation_id = ?1 AND" \
	" engine_key IS NOT NULL GROUP BY engine_key ORDER BY engine_key"
#define PAID_RANGE "SELECT participation_id, engine_key, sum(amount)," \
	" count(*), min(id), max(id) FROM postings WHERE participation_id" \
	" BETWEEN ?1 AND ?2 AND engine_key IS NOT NULL GROUP BY" \
	" participation_id, engine_key ORDER BY participation_id, engine_key"
#define REMEMBERED "SELECT count(*) FROM payrun_settled WHERE" \
	" participation_id BETWEEN ?1 AND ?2"

struct payrun_facts {
	struct db_stmt *st[Q_COUNT];
	struct db_stmt *paid, *paid_range, *remembered;
	bool in_step;           /* this batch reads paid_range, and Q_KEYED not */
	bool paid_row;          /* paid_range stands on a row not yet used */
	bool remembered_row;    /* the participation has a row of payrun_settled: */
	int64_t rem_postings, rem_last;
	bool row[Q_COUNT];      /* the cursor stands on a row not yet used */
	bool failed;            /* a step failed; e says why */
	month_t through;
};

static int advance(struct payrun_facts *f, int q, struct kverr *e)
{
	enum db_step_result r = db_step(f->st[q], e);

	f->row[q] = r == DB_ROW;
	if (r == DB_ERROR)
		f->failed = true;
	return r == DB_ERROR ? -1 : 0;
}

void payrun_facts_close(struct payrun_facts *f)
{
	if (!f)
		return;
	for (int q = 0; q < Q_COUNT; q++)
		if (f->st[q])
			db_finalize(f->st[q]);
	if (f->paid)
		db_finalize(f->paid);
	if (f->paid_range)
		db_finalize(f->paid_range);
	if (f->remembered)
		db_finalize(f->remembered);
	free(f);
}

/* Read what was paid in step with the batch, for every participation,
 * unless most of it is remembered: then only the few that need it are
 * read, one by one, and how many keyed postings each has (to tell whether
 * its row is still true) comes from the index alone (Q_KEYED). */
static int choose_paid(struct payrun_facts *f, int64_t lo, int64_t hi,
		       struct kverr *e)
{
	enum db_step_result r;
	int64_t remembered;

	db_reset(f->remembered);
	db_bind_int(f->remembered, 1, lo);
	db_bind_int(f->remembered, 2, hi);
	if ((r = db_step(f->remembered, e)) != DB_ROW)
		return r == DB_ERROR ? -1 : 0;
	remembered = db_column_int(f->remembered, 0);
	db_reset(f->remembered);
	db_reset(f->paid_range);
	f->in_step = remembered * 2 < hi - lo + 1;
	f->paid_row = false;
	if (!f->in_step)
		return 0;
	db_bind_int(f->paid_range, 1, lo);
	db_bind_int(f->paid_range, 2, hi);
	r = db_step(f->paid_range, e);
	f->paid_row = r == DB_ROW;
	return r == DB_ERROR ? -1 : 0;
}

int payrun_facts_range(struct payrun_facts *f, int64_t lo, int64_t hi,
		       struct kverr *e)
{
	char last[DATE_STRLEN];

	date_format(month_last_day(f->through), last);
	f->failed = false;
	if (choose_paid(f, lo, hi, e))
		return -1;
	for (int q = 0; q < Q_COUNT; q++) {
		db_reset(f->st[q]);
		f->row[q] = false;
		if (q == Q_KEYED && f->in_step)
			continue;
		db_bind_int(f->st[q], 1, lo);
		db_bind_int(f->st[q], 2, hi);
		if (q == Q_PARTS)
			db_bind_text(f->st[q], 3, last);
		if (advance(f, q, e))
			return -1;
	}
	return 0;
}

struct payrun_facts *payrun_facts_open(struct app_ctx *cx, int64_t lo,
				       int64_t hi, month_t through,
				       struct kverr *e)
{
	struct payrun_facts *f = calloc(1, sizeof(*f));

	if (!f) {
		kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL, "Out of memory.");
		return NULL;
	}
	f->through = through;
	if (db_prepare(cx->db, PAID_ONE, &f->paid, e) ||
	    db_prepare(cx->db, PAID_RANGE, &f->paid_range, e) ||
	    db_prepare(cx->db, REMEMBERED, &f->remembered, e)) {
		payrun_facts_close(f);
		return NULL;
	}
	for (int q = 0; q < Q_COUNT; q++) {
		if (db_prepare(cx->db, queries[q], &f->st[q], e)) {
			payrun_facts_close(f);
			return NULL;
		}
	}
	if (payrun_facts_range(f, lo, hi, e)) {
		payrun_facts_close(f);
		return NULL;
	}
	return f;
}

/* Skip rows of participations before id (cancelled or not yet started). */
static int seek(struct payrun_facts *f, int q, int64_t id, struct kverr *e)
{
	while (f->row[q] && db_column_int(f->st[q], 0) < id)
		if (advance(f, q, e))
			return -1;
	return 0;
}

static bool on(struct payrun_facts *f, int q, int64_t id)
{
	return f->row[q] && db_column_int(f->st[q], 0) == id;
}

static date_t col_date(struct db_stmt *st, int col)
{
	date_t d;

	return date_parse(db_column_text(st, col), &d) == 0 ? d : 0;
}

/* ------------------------------------------------------ filling a case */

static int too_many(struct kverr *e, const char *what)
{
	return kverr_set(e, KVERR_INVALID, "too_many", what,
			 "The participation has more %s than the engine takes.",
			 what);
}

/* the track at the start is the latest decision on or before it;
 * later decisions within the participation change it from their date. */
static int read_tracks(struct payrun_facts *f, struct engine_case *c,
		       int64_t id, int fallback, struct kverr *e)
{
	struct db_stmt *st = f->st[Q_ASSESS];

	c->n_tracks = 1;
	c->tracks[0] = (struct engine_track){ c->start, fallback };
	if (seek(f, Q_ASSESS, id, e))
		return -1;
	for (; on(f, Q_ASSESS, id); advance(f, Q_ASSESS, e)) {
		date_t d = col_date(st, 1);
		int track = (int)db_column_int(st, 2);
		struct engine_track *last = &c->tracks[c->n_tracks - 1];

		if (d <= c->start) {
			c->tracks[0].track = track;
		} else if (c->end && d > c->end) {
			continue;
		} else if (track != last->track) {
			if (last->from == d) {
				last->track = track;
			} else if (c->n_tracks == ENGINE_MAX_TRACKS) {
				return too_many(e, "track changes");
			} else {
				c->tracks[c->n_tracks++] = (struct engine_track){ d, track };
			}
		}
	}
	return 0;
}

static int read_outcome_row(struct db_stmt *st, struct engine_outcome *o,
			    struct kverr *e)
{
	const char *type = db_column_text(st, 2), *status = db_column_text(st, 6);
	int t = 0;

	memset(o, 0, offsetof(struct engine_outcome, months));
	snprintf(o->id, sizeof(o->id), "O%lld", (long long)db_column_int(st, 1));
	while (rb_outcome_names[t] && strcmp(rb_outcome_names[t], type))
		t++;
	if (!rb_outcome_names[t])
		return kverr_set(e, KVERR_INTERNAL, "bad_outcome", "type",
				 "Unknown outcome type %s.", type);
	o->type = (enum rb_outcome)t;
	o->start = col_date(st, 3);
	o->end = col_date(st, 4);
	snprintf(o->occupation, sizeof(o->occupation), "%s",
		 db_column_text(st, 5));
	o->evidence = !strcmp(status, "approved") ? EVIDENCE_APPROVED :
		      !strcmp(status, "rejected") ? EVIDENCE_REJECTED :
		      EVIDENCE_PENDING;
	return 0;
}

/* P-6 … P-8: the outcomes with their counted months, in step. */
static int read_outcomes(struct payrun_facts *f, struct engine_case *c,
			 int64_t id, struct kverr *e)
{
	c->n_outcomes = 0;
	if (seek(f, Q_OUTCOMES, id, e) || seek(f, Q_MONTHS, id, e))
		return -1;
	for (; on(f, Q_OUTCOMES, id); advance(f, Q_OUTCOMES, e)) {
		struct engine_outcome *o = &c->outcomes[c->n_outcomes];
		int64_t oid = db_column_int(f->st[Q_OUTCOMES], 1);

		if (c->n_outcomes == ENGINE_MAX_OUTCOMES)
			return too_many(e, "outcomes");
		if (read_outcome_row(f->st[Q_OUTCOMES], o, e))
			return -1;
		o->n_months = 0;
		while (on(f, Q_MONTHS, id) &&
		       db_column_int(f->st[Q_MONTHS], 1) < oid)
			advance(f, Q_MONTHS, e);
		for (; on(f, Q_MONTHS, id) &&
		       db_column_int(f->st[Q_MONTHS], 1) == oid;
		     advance(f, Q_MONTHS, e)) {
			month_t m;

			if (month_parse(db_column_text(f->st[Q_MONTHS], 2), &m))
				continue;
			if (o->n_months == ENGINE_MAX_MONTHS)
				return too_many(e, "months");
			o->months[o->n_months++] = m;
		}
		c->n_outcomes++;
	}
	return 0;
}

/* The participation's keyed postings (unless they are read in full
 * later) and its row of payrun_settled, if any. */
static int read_settled(struct payrun_facts *f, struct payrun_part *p,
			struct kverr *e)
{
	struct db_stmt *st = f->st[Q_SETTLED];

	p->postings = p->last_posting = 0;
	p->settled = p->paid_read = false;
	f->remembered_row = false;
	if (seek(f, Q_KEYED, p->id, e) || seek(f, Q_SETTLED, p->id, e))
		return -1;
	if (on(f, Q_KEYED, p->id)) {
		p->postings = db_column_int(f->st[Q_KEYED], 1);
		p->last_posting = db_column_int(f->st[Q_KEYED], 2);
		if (advance(f, Q_KEYED, e))
			return -1;
	}
	if (!on(f, Q_SETTLED, p->id))
		return 0;
	f->remembered_row = month_parse(db_column_text(st, 1),
					&p->settled_through) == 0 &&
			    strlen(db_column_text(st, 2)) == PAYRUN_DIGEST_HEX - 1;
	if (f->remembered_row) {
		memcpy(p->settled_digest, db_column_text(st, 2), PAYRUN_DIGEST_HEX);
		f->rem_postings = db_column_int(st, 3);
		f->rem_last = db_column_int(st, 4);
	}
	return advance(f, Q_SETTLED, e);
}

/* The row is still true while the count and the last id of the keyed
 * postings are the same: the ledger is append-only. */
static void check_settled(struct payrun_facts *f, struct payrun_part *p)
{
	p->settled = f->remembered_row && f->rem_postings == p->postings &&
		     f->rem_last == p->last_posting;
}

/* The next row of what was paid for participation id: 1, 0 when there
 * is none, -1 on a database error. */
static int paid_next(struct payrun_facts *f, int64_t id, bool *first,
		     struct kverr *e)
{
	enum db_step_result r;

	if (!f->in_step) {
		if (*first)
			db_bind_int(f->paid, 1, id);
		*first = false;
		r = db_step(f->paid, e);
		return r == DB_ERROR ? -1 : r == DB_ROW;
	}
	if (!*first && f->paid_row) {
		r = db_step(f->paid_range, e);
		f->paid_row = r == DB_ROW;
		if (r == DB_ERROR)
			return -1;
	}
	*first = false;
	while (f->paid_row && db_column_int(f->paid_range, 0) < id) {
		r = db_step(f->paid_range, e);
		f->paid_row = r == DB_ROW;
		if (r == DB_ERROR)
			return -1;
	}
	return f->paid_row && db_column_int(f->paid_range, 0) == id;
}

/* What was paid per key, with how many postings and the first, and in
 * all how many keyed postings and the last. */
static int read_paid(struct payrun_facts *f, struct payrun_work *w,
		     int64_t id, int64_t *postings, int64_t *last,
		     struct kverr *e)
{
	struct engine_case *c = w->c;
	struct db_stmt *st = f->in_step ? f->paid_range : f->paid;
	bool first = true;
	int rc;

	c->n_paid = 0;
	*postings = *last = 0;
	while ((rc = paid_next(f, id, &first, e)) == 1) {
		if (c->n_paid == ENGINE_MAX_PAID) {
			rc = 2;
			too_many(e, "paid keys");
			break;
		}
		snprintf(c->paid[c->n_paid].key, ENGINE_KEY_LEN, "%s",
			 db_column_text(st, 1));
		c->paid[c->n_paid].amount = db_column_int(st, 2);
		w->paid_count[c->n_paid] = (int)db_column_int(st, 3);
		w->paid_first[c->n_paid] = db_column_int(st, 4);
		*postings += db_column_int(st, 3);
		if (db_column_int(st, 5) > *last)
			*last = db_column_int(st, 5);
		c->n_paid++;
	}
	if (!f->in_step)
		db_reset(f->paid);
	return rc;
}

int payrun_facts_paid(struct payrun_facts *f, struct payrun_work *w,
		      int64_t id, struct kverr *e)
{
	int64_t postings, last;

	return read_paid(f, w, id, &postings, &last, e);
}

int payrun_facts_next(struct payrun_facts *f, struct payrun_work *w,
		      struct payrun_part *p, struct kverr *e)
{
	struct db_stmt *st = f->st[Q_PARTS];
	struct engine_case *c = w->c;
	const char *why, *muni;
	int track;

	if (!f->row[Q_PARTS])
		return 0;
	p->id = db_column_int(st, 0);
	p->provider_id = db_column_int(st, 1);
	p->programme_id = db_column_int(st, 2);
	snprintf(c->participation_id, sizeof(c->participation_id), "%lld",
		 (long long)p->id);
	c->start = col_date(st, 3);
	c->end = col_date(st, 4);
	why = db_column_text(st, 5);
	/* C-2: a change of provider ends base on the notice's last day. */
	c->switched = !strcmp(why, "notice") || !strcmp(why, "ordered_change");
	muni = db_column_text(st, 6);
	c->n_residences = *muni ? 1 : 0;
	c->residences[0].from = c->start;
	snprintf(c->residences[0].municipality, 5, "%s", muni);
	c->n_fund = c->n_courses = c->n_paid = 0;
	track = (int)db_column_int(st, 7);
	/* Step on first, so a participation that cannot be read does not
	 * stop the batch: the caller records it and goes on. */
	if (advance(f, Q_PARTS, e))
		return -1;
	if (read_settled(f, p, e) || read_tracks(f, c, p->id, track, e) ||
	    read_outcomes(f, c, p->id, e))
		return f->failed ? -1 : 2;
	if (f->in_step) {
		int rc = read_paid(f, w, p->id, &p->postings, &p->last_posting, e);

		if (rc)
			return rc < 0 ? -1 : 2;
		p->paid_read = true;
	}
	check_settled(f, p);
	return f->failed ? -1 : 1;
}
