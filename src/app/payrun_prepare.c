/*
 * payrun_prepare.c — preparing the run of a month (P-1, P-4, P-8, P-14):
 * for every participation, the engine computes what is owed by the end of
 * the month and settles it against what the ledger already holds; the
 * difference is posted as vouchers, one per provider and batch, each
 * balanced against the provider's payable.
 *
 * Nothing is paid twice: each cost posting carries an idempotency key
 * (participation, engine key, sequence), unique in the ledger, and what
 * was paid is read in the same transaction that posts the difference —
 * from the ledger, or from what payrun_settled remembers of it while that
 * is still true (payrun_settled.c).  A preparation runs in batches of
 * participations, several to a transaction, and records how far it got
 * with every batch; a preparation killed half-way is resumed with its own
 * start time, so the ledger ends up byte for byte what an uninterrupted
 * one writes.  Preparing again with unchanged facts posts nothing.
 */
#include "app/input.h"
#include "app/payrun.h"
#include "core/ledger.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A batch's participations share vouchers (one per provider), so the
 * batch size is part of what the ledger looks like: it stays. */
#define PAYRUN_BATCH 1000
/* Batches per transaction: a batch dirties index pages all over the
 * ledger, and a commit writes each dirty page; twenty batches a commit
 * write the pages the batches share once, not twenty times. */
#define PAYRUN_TX_BATCHES 20

/* The statements a transaction of batches runs again and again. */
enum { ST_VOUCHER, ST_POSTING, ST_PAYABLE, ST_SETTLED, ST_DONE, ST_COUNT };

struct prep {
	struct payrun_work w;
	bool context_loaded;
	int64_t run_id, prep_id, started_at;
	month_t period;
	struct payrun_facts *facts;       /* within one transaction */
	struct db_stmt *st[ST_COUNT];     /* within one transaction */
};

/* ------------------------------------------------------------ starting */

static int read_period(struct app_ctx *cx, const json_t *in, month_t *m,
		       struct kverr *e)
{
	const char *s;

	if (in_string(in, "period", true, 7, &s, e))
		return -1;
	if (month_parse(s, m))
		return kverr_set(e, KVERR_INVALID, "bad_month", "period",
				 "The period must be written YYYY-MM.");
	/* P-4: a month is paid once it has begun; nothing falls due later. */
	if (*m > date_month(cx->today))
		return kverr_set(e, KVERR_INVALID, "future_month", "period",
				 "A run can be prepared once its month has begun.");
	return 0;
}

/* Runs are paid in order: every earlier run must be approved first. */
static int check_order(struct app_ctx *cx, const char *period, struct kverr *e)
{
	json_t *open = db_query_json(cx->db, "SELECT period, status FROM payruns"
				     " WHERE (period < ? AND status = 'draft') OR"
				     " (period = ? AND status = 'approved') OR"
				     " period > ? ORDER BY period LIMIT 1", "sss",
				     e, period, period, period);
	const char *p, *status;
	int rc = 0;

	if (!open)
		return -1;
	if (json_array_size(open)) {
		p = json_string_value(json_object_get(json_array_get(open, 0),
						      "period"));
		status = json_string_value(json_object_get(json_array_get(open, 0),
							   "status"));
		if (strcmp(p, period) == 0)
			rc = kverr_set(e, KVERR_CONFLICT, "approved", "period",
				       "The run of %s is approved; later facts are"
				       " corrected in the next run.", p);
		else if (strcmp(p, period) < 0)
			rc = kverr_set(e, KVERR_CONFLICT, "earlier_open", "period",
				       "The run of %s is not approved yet (%s).",
				       p, status);
		else
			rc = kverr_set(e, KVERR_CONFLICT, "later_exists", "period",
				       "A run of a later month (%s) exists.", p);
	}
	json_decref(open);
	return rc;
}

/* The run of the month, and its unfinished preparation or a new one. */
static int open_preparation(struct app_ctx *cx, struct prep *s,
			    const char *period, bool *resumed, struct kverr *e)
{
	json_t *row;

	if (db_run(cx->db, "INSERT INTO payruns(period, created_by, created_at)"
		   " VALUES (?, nullif(?, 0), ?) ON CONFLICT (period) DO NOTHING",
		   "sii", e, period, cx->actor->user_id, cx->now) ||
	    db_query_int(cx->db, "SELECT id FROM payruns WHERE period = ?", "s",
			 &s->run_id, e, period) != 0)
		return -1;
	row = db_query_json(cx->db, "SELECT id, started_at FROM"
			    " payrun_preparations WHERE payrun_id = ? AND"
			    " finished_at IS NULL ORDER BY id DESC LIMIT 1", "i",
			    e, s->run_id);
	if (!row)
		return -1;
	*resumed = json_array_size(row) > 0;
	if (*resumed) {
		s->prep_id = json_integer_value(json_object_get(
				json_array_get(row, 0), "id"));
		s->started_at = json_integer_value(json_object_get(
				json_array_get(row, 0), "started_at"));
	}
	json_decref(row);
	if (*resumed)
		return 0;
	s->started_at = cx->now;
	return db_query_int(cx->db, "INSERT INTO payrun_preparations(payrun_id,"
			    " prepared_by, started_at) VALUES (?, nullif(?, 0), ?)"
			    " RETURNING id", "iii", &s->prep_id, e, s->run_id,
			    cx->actor->user_id, s->started_at) ||
	       app_audit(cx, "payrun.prepare", "payrun", s->run_id, NULL, e);
}

static int prepare_start(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	static const char *const keys[] = { "period", NULL };
	struct prep *s = cx->arg;
	char period[MONTH_STRLEN], last[DATE_STRLEN];
	int64_t total = 0, done = 0;
	bool resumed = false;

	if (app_require(cx, ROLE_CONTROLLER, e) || in_object(in, keys, e) ||
	    read_period(cx, in, &s->period, e))
		return -1;
	month_format(s->period, period);
	date_format(month_last_day(s->period), last);
	if (check_order(cx, period, e) ||
	    open_preparation(cx, s, period, &resumed, e) ||
	    db_query_int(cx->db, "SELECT done_through FROM payrun_preparations"
			 " WHERE id = ?", "i", &done, e, s->prep_id) != 0 ||
	    db_query_int(cx->db, "SELECT count(*) FROM participations WHERE"
			 " end_reason <> 'cancelled' AND starts_on <= ?", "s",
			 &total, e, last) != 0)
		return -1;
	*out = json_pack("{s:I, s:I, s:b, s:I}", "payrun_id", (json_int_t)s->run_id,
			 "preparation_id", (json_int_t)s->prep_id, "resumed",
			 resumed, "total", (json_int_t)total);
	return 0;
}

/* ------------------------------------------------------------ a batch */

/* A line to post, with what the voucher needs beside the engine's line. */
struct pending {
	int64_t provider_id, programme_id, participation_id, corrects;
	int track, seq, component;
	size_t order;
	ptrdiff_t settled;        /* its row of payrun_settled to write, or -1 */
	struct engine_line line;
};

struct pendings {
	struct pending *p;
	size_t n, cap;
};

static int push(struct pendings *ps, const struct pending *x, struct kverr *e)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 1024;
		void *p = realloc(ps->p, cap * sizeof(*ps->p));

		if (!p)
			return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
					 "Out of memory.");
		ps->p = p;
		ps->cap = cap;
	}
	ps->p[ps->n] = *x;
	ps->p[ps->n].order = ps->n;
	ps->p[ps->n].settled = -1;
	ps->n++;
	return 0;
}

/* What one batch posts: its lines, and the rows of payrun_settled. */
struct batch {
	struct pendings ps;
	struct payrun_settled_rows rows;
	int64_t lo, hi, n, amount, problems;
};

/* Vouchers go out per provider, lines in participation order within. */
static int by_provider(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->provider_id != y->provider_id)
		return x->provider_id < y->provider_id ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int problem(struct app_ctx *cx, const struct prep *s, int64_t part,
		   const struct kverr *why, struct kverr *e)
{
	return db_run(cx->db, "INSERT INTO payrun_problems(preparation_id,"
		      " participation_id, code, message) VALUES (?, ?, ?, ?) ON"
		      " CONFLICT (preparation_id, participation_id) DO UPDATE SET"
		      " code = excluded.code, message = excluded.message", "iiss",
		      e, s->prep_id, part, why->code[0] ? why->code : "error",
		      why->message);
}

/* A-1 gives four tracks; a municipal programme pays fewer levels (Nacka
 * three), and the longest unemployment takes its highest level. */
static void clamp_tracks(struct engine_case *c, const struct rulebook *rb)
{
	for (int i = 0; i < c->n_tracks; i++)
		if (c->tracks[i].track > rb->tracks)
			c->tracks[i].track = rb->tracks;
}

static int pend(struct prep *s, const struct payrun_part *p,
		const struct engine_line *l, int seq, int64_t corrects,
		struct batch *b, struct kverr *why, struct kverr *e)
{
	struct pending x = { .provider_id = p->provider_id,
			     .programme_id = p->programme_id,
			     .participation_id = p->id, .seq = seq,
			     .corrects = corrects, .line = *l };

	x.component = ledger_line_component(&x.line);
	if (x.component < 0)
		return kverr_set(why, KVERR_INTERNAL, "unknown_key", NULL,
				 "No account for key %s.", x.line.key), 1;
	x.track = payrun_track_in(s->w.c, x.line.period);
	return push(&b->ps, &x, e);
}

/* Once its pendings from `first` on are posted, the ledger holds for the
 * participation exactly the lines whose digest is given (they count). */
static int remember(struct batch *b, const struct payrun_part *p,
		    const char digest[PAYRUN_DIGEST_HEX], size_t first,
		    struct kverr *e)
{
	ptrdiff_t row = payrun_settled_add(&b->rows, p, digest, e);

	if (row < 0)
		return -1;
	for (size_t i = first; i < b->ps.n; i++)
		b->ps.p[i].settled = row;
	return 0;
}

/*
 * The ledger holds the lines due by the remembered month (their digest
 * is the remembered one), so nothing of them is owed and every later
 * line is new: engine_settle with those lines as what was paid posts
 * exactly these, in this order, with sequence 0 and nothing corrected
 * (the keys are distinct).  Returns as settle_one does, or 2 when the
 * shortcut does not apply.
 */
static int settle_known(struct prep *s, const struct payrun_part *p,
			struct batch *b, struct kverr *why, struct kverr *e)
{
	const struct engine_result *owed = s->w.owed;
	char known[PAYRUN_DIGEST_HEX], now[PAYRUN_DIGEST_HEX];
	size_t before = b->ps.n;
	int rc = 0;

	if (!p->settled || !payrun_keyset_build(s->w.keys, owed, s->period))
		return 2;
	payrun_digests(owed, p->settled_through, s->period, known, now);
	if (strcmp(known, p->settled_digest))
		return 2;
	for (int i = 0; i < owed->n && !rc; i++)
		if (owed->lines[i].due > p->settled_through &&
		    owed->lines[i].due <= s->period)
			rc = pend(s, p, &owed->lines[i], 0, 0, b, why, e);
	/* With new postings the row is written again, counting them.  (A
	 * line without an account makes the participation a problem, as in
	 * the full settlement; the lines before it are posted.) */
	return rc || b->ps.n == before ? rc : remember(b, p, now, before, e);
}

/* Settle against the ledger read in full: owed minus paid (P-8, P-14). */
static int settle_paid(struct prep *s, const struct payrun_part *p,
		       struct batch *b, struct kverr *why, struct kverr *e)
{
	struct payrun_work *w = &s->w;
	char now[PAYRUN_DIGEST_HEX];
	size_t before = b->ps.n;

	if (engine_settle(w->owed, w->c, s->period, w->post, why))
		return 1;
	for (int i = 0; i < w->post->n; i++) {
		const struct engine_line *l = &w->post->lines[i];
		int k, rc;

		for (k = 0; k < w->c->n_paid && strcmp(w->c->paid[k].key, l->key); k++)
			;
		rc = pend(s, p, l, k < w->c->n_paid ? w->paid_count[k] : 0,
			  k < w->c->n_paid ? w->paid_first[k] : 0, b, why, e);
		if (rc)
			return rc;
	}
	/* Now the ledger holds the lines due by the period exactly, unless a
	 * key paid is owed no more (it stays, summing to nothing) or the
	 * lines repeat a key: only then is nothing remembered. */
	if (!payrun_keyset_build(w->keys, w->owed, s->period))
		return 0;
	for (int i = 0; i < w->c->n_paid; i++)
		if (!payrun_keyset_has(w->keys, w->c->paid[i].key))
			return 0;
	payrun_digests(w->owed, s->period, s->period, NULL, now);
	return remember(b, p, now, before, e);
}

/* What the engine says to post now for the case in s->w.c: 0, 1 when the
 * participation is a problem (why says why), -1 on a database error. */
static int settle_one(struct app_ctx *cx, struct prep *s,
		      const struct payrun_part *p, struct batch *b,
		      struct kverr *why, struct kverr *e)
{
	struct payrun_work *w = &s->w;
	const struct rulebook *rb;
	int rc = p->settled || p->paid_read ? 0 :
		 payrun_facts_paid(s->facts, w, p->id, why);

	if (rc)
		return rc < 0 ? (*e = *why, -1) : 1;
	rb = payrun_rulebook(cx, w, p->programme_id, why);
	if (!rb)
		return 1;
	clamp_tracks(w->c, rb);
	/* Explain only what may be posted: with a remembered month, the lines
	 * due after it, unless the shortcut fails (then again, in full). */
	w->owed->explain_from = p->settled ? p->settled_through + 1 : 0;
	if (engine_compute(rb, w->c, s->period, w->owed, why))
		return 1;
	rc = p->settled ? settle_known(s, p, b, why, e) : 2;
	if (rc != 2)
		return rc;
	if (p->settled) {
		w->owed->explain_from = 0;
		rc = p->paid_read ? 0 : payrun_facts_paid(s->facts, w, p->id, why);
		if (rc)
			return rc < 0 ? (*e = *why, -1) : 1;
		if (engine_compute(rb, w->c, s->period, w->owed, why))
			return 1;
	}
	return settle_paid(s, p, b, why, e);
}

static const char *line_kind(const struct engine_line *l)
{
	return l->component == COMP_CORRECTION ? "correction" :
	       l->component == COMP_CLAWBACK ? "clawback" : "line";
}


static const char *const statements[ST_COUNT] = {
	[ST_VOUCHER] = "INSERT INTO vouchers(payrun_id, preparation_id,"
		" provider_id, kind, text, recorded_at) VALUES (?, ?, ?,"
		" 'earned', ?, ?) RETURNING id",
	[ST_POSTING] = "INSERT INTO postings(voucher_id, account, programme_id,"
		" provider_id, participation_id, kind, component, track, period,"
		" due, amount, engine_key, seq, idem_key, corrects, rule, explain,"
		" recorded_at) VALUES (?, ?, nullif(?, 0), ?, nullif(?, 0), ?, ?,"
		" nullif(?, 0), ?, ?, ?, ?, ?, ?, nullif(?, 0), ?, ?, ?)",
	[ST_PAYABLE] = "INSERT INTO postings(voucher_id, account, provider_id,"
		" kind, period, due, amount, recorded_at) VALUES (?, ?, ?,"
		" 'payable', ?, ?, ?, ?)",
	[ST_SETTLED] = PAYRUN_SETTLED_UPSERT,
	[ST_DONE] = "UPDATE payrun_preparations SET done_through = ?, lines ="
		" lines + ?, amount = amount + ? WHERE id = ?",
};

static struct db_stmt *stmt(struct app_ctx *cx, struct prep *s, int which,
			    struct kverr *e)
{
	if (!s->st[which] && db_prepare(cx->db, statements[which],
					&s->st[which], e))
		return NULL;
	return s->st[which];
}

static void stmts_close(struct prep *s)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (s->st[i]) {
			db_finalize(s->st[i]);
			s->st[i] = NULL;
		}
	payrun_facts_close(s->facts);
	s->facts = NULL;
}

static int step_done(struct db_stmt *st, struct kverr *e)
{
	int rc = db_step(st, e) == DB_ERROR ? -1 : 0;

	db_reset(st);
	return rc;
}

static int new_voucher(struct app_ctx *cx, struct prep *s, int64_t provider,
		       int64_t *voucher, struct kverr *e)
{
	struct db_stmt *st = stmt(cx, s, ST_VOUCHER, e);
	char period[MONTH_STRLEN], text[120];

	if (!st)
		return -1;
	month_format(s->period, period);
	snprintf(text, sizeof(text), "Ersättning t.o.m. %s, beredning %lld",
		 period, (long long)s->prep_id);
	db_bind_int(st, 1, s->run_id);
	db_bind_int(st, 2, s->prep_id);
	db_bind_int(st, 3, provider);
	db_bind_text(st, 4, text);
	db_bind_int(st, 5, s->started_at);
	if (db_step(st, e) != DB_ROW) {
		db_reset(st);
		return e->cls != KVERR_OK ? -1 : kverr_set(e, KVERR_INTERNAL,
			"database", NULL, "The voucher was not written.");
	}
	*voucher = db_column_int(st, 0);
	db_reset(st);
	return 0;
}

static int post_line(struct app_ctx *cx, struct prep *s, struct db_stmt *st,
		     int64_t voucher, const struct pending *p, struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	char period[MONTH_STRLEN], due[MONTH_STRLEN], key[LEDGER_KEY_LEN];
	int b = 1;

	month_format(p->line.period, period);
	month_format(p->line.due, due);
	if (ledger_idem_key(key, p->participation_id, p->line.key, p->seq))
		return kverr_set(e, KVERR_INTERNAL, "key_too_long", NULL,
				 "An idempotency key does not fit.");
	db_bind_int(st, b++, voucher);
	db_bind_text(st, b++, lc->cost[p->component].number);
	db_bind_int(st, b++, p->programme_id);
	db_bind_int(st, b++, p->provider_id);
	db_bind_int(st, b++, p->participation_id);
	db_bind_text(st, b++, line_kind(&p->line));
	db_bind_text(st, b++, engine_component_names[p->component]);
	db_bind_int(st, b++, p->track);
	db_bind_text(st, b++, period);
	db_bind_text(st, b++, due);
	db_bind_int(st, b++, p->line.amount);
	db_bind_text(st, b++, p->line.key);
	db_bind_int(st, b++, p->seq);
	db_bind_text(st, b++, key);
	db_bind_int(st, b++, p->corrects);
	db_bind_text(st, b++, p->line.rule);
	db_bind_text(st, b++, p->line.explain);
	db_bind_int(st, b++, s->started_at);
	if (step_done(st, e)) {
		if (e->cls == KVERR_CONFLICT)
			kverr_set(e, KVERR_CONFLICT, "idempotency_conflict", NULL,
				  "%s is already in the ledger with other content;"
				  " nothing was paid twice.", key);
		return -1;
	}
	return 0;
}

/* One voucher: the provider's cost lines and the payable against them. */
static int post_voucher(struct app_ctx *cx, struct prep *s,
			const struct pending *x, size_t n, struct batch *b,
			struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	struct db_stmt *st = stmt(cx, s, ST_POSTING, e);
	struct db_stmt *payable = stmt(cx, s, ST_PAYABLE, e);
	char period[MONTH_STRLEN];
	int64_t voucher = 0;
	ore_t sum = 0;

	if (!st || !payable || new_voucher(cx, s, x[0].provider_id, &voucher, e))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (post_line(cx, s, st, voucher, &x[i], e))
			return -1;
		if (x[i].settled >= 0) {
			b->rows.p[x[i].settled].postings++;
			b->rows.p[x[i].settled].last_posting = db_last_id(cx->db);
		}
		sum += x[i].line.amount;
	}
	month_format(s->period, period);
	b->amount += sum;
	/* P-14: the voucher balances — the provider's payable takes the sum. */
	db_bind_int(payable, 1, voucher);
	db_bind_text(payable, 2, lc->payable.number);
	db_bind_int(payable, 3, x[0].provider_id);
	db_bind_text(payable, 4, period);
	db_bind_text(payable, 5, period);
	db_bind_int(payable, 6, -sum);
	db_bind_int(payable, 7, s->started_at);
	return step_done(payable, e);
}

static int post_all(struct app_ctx *cx, struct prep *s, struct batch *b,
		    struct kverr *e)
{
	struct pendings *ps = &b->ps;
	size_t i = 0;
	int rc = 0;

	if (ps->n == 0)
		return 0;
	qsort(ps->p, ps->n, sizeof(*ps->p), by_provider);
	while (i < ps->n && !rc) {
		size_t j = i;

		while (j < ps->n && ps->p[j].provider_id == ps->p[i].provider_id)
			j++;
		rc = post_voucher(cx, s, &ps->p[i], j - i, b, e);
		i = j;
	}
	return rc;
}

/* The next participations after done_through, as one batch. */
static int batch_range(struct app_ctx *cx, const struct prep *s,
		       struct batch *b, struct kverr *e)
{
	char last[DATE_STRLEN];
	json_t *r;

	date_format(month_last_day(s->period), last);
	r = db_query_one(cx->db, "preparation", "SELECT coalesce(min(id), 0) AS"
			 " lo, coalesce(max(id), 0) AS hi, count(*) AS n FROM"
			 " (SELECT id FROM participations WHERE id > (SELECT"
			 " done_through FROM payrun_preparations WHERE id = ?) AND"
			 " end_reason <> 'cancelled' AND starts_on <= ? ORDER BY id"
			 " LIMIT ?)", "isi", e, s->prep_id, last,
			 (int64_t)PAYRUN_BATCH);
	if (!r)
		return -1;
	b->lo = json_integer_value(json_object_get(r, "lo"));
	b->hi = json_integer_value(json_object_get(r, "hi"));
	b->n = json_integer_value(json_object_get(r, "n"));
	json_decref(r);
	return 0;
}

/* Settle every participation of the batch; the ones whose facts the
 * engine refuses are recorded as problems and the rest go on. */
static int settle_batch(struct app_ctx *cx, struct prep *s, struct batch *b,
			struct kverr *e)
{
	struct payrun_part p;

	if (s->facts ? payrun_facts_range(s->facts, b->lo, b->hi, e) :
	    !(s->facts = payrun_facts_open(cx, b->lo, b->hi, s->period, e)))
		return -1;
	for (;;) {
		struct kverr why = { 0 };
		int got = payrun_facts_next(s->facts, &s->w, &p, &why);

		if (got == 0)
			return 0;
		if (got < 0) {
			*e = why;
			return -1;
		}
		got = got == 1 ? settle_one(cx, s, &p, b, &why, e) : 1;
		if (got < 0 || (got > 0 && problem(cx, s, p.id, &why, e)))
			return -1;
		b->problems += got;
	}
}

/* One batch: settled, posted, remembered, and done_through moved on. */
static int run_batch(struct app_ctx *cx, struct prep *s, struct batch *b,
		     struct kverr *e)
{
	struct db_stmt *done;

	if (batch_range(cx, s, b, e))
		return -1;
	if (b->n == 0)
		return 0;
	if (settle_batch(cx, s, b, e) || post_all(cx, s, b, e))
		return -1;
	if (b->rows.n && (!stmt(cx, s, ST_SETTLED, e) ||
	    payrun_settled_write(s->st[ST_SETTLED], &b->rows, s->period, e)))
		return -1;
	if (!(done = stmt(cx, s, ST_DONE, e)))
		return -1;
	db_bind_int(done, 1, b->hi);
	db_bind_int(done, 2, (int64_t)b->ps.n);
	db_bind_int(done, 3, b->amount);
	db_bind_int(done, 4, s->prep_id);
	return step_done(done, e);
}

/*
 * One transaction: up to PAYRUN_TX_BATCHES batches.  A batch's vouchers
 * are the same whatever the transaction around it, and done_through
 * moves with every batch, so a run killed at any moment resumes at the
 * first batch of its last transaction and writes what it would have.
 */
static int prepare_batch(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	struct prep *s = cx->arg;
	struct batch b = { 0 };
	int64_t n = 0, hi = 0, lines = 0, problems = 0;
	int rc = 0;

	(void)in;
	if (db_bulk(cx->db, true, e))
		return -1;
	if (!s->context_loaded) {
		if (payrun_load_context(cx, &s->w, e))
			return -1;
		s->context_loaded = true;
	}
	for (int k = 0; k < PAYRUN_TX_BATCHES && !rc; k++) {
		b.ps.n = b.rows.n = 0;
		b.amount = b.problems = 0;
		rc = run_batch(cx, s, &b, e);
		if (rc || b.n == 0)
			break;
		n += b.n;
		hi = b.hi;
		lines += (int64_t)b.ps.n;
		problems += b.problems;
	}
	free(b.ps.p);
	free(b.rows.p);
	stmts_close(s);
	if (rc)
		return -1;
	*out = json_pack("{s:I, s:I, s:I, s:I}", "processed", (json_int_t)n,
			 "done_through", (json_int_t)hi, "lines",
			 (json_int_t)lines, "problems", (json_int_t)problems);
	return 0;
}

/* ------------------------------------------------------------ finishing */

static int prepare_finish(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	struct prep *s = cx->arg;
	json_t *args;
	int rc;

	(void)in;
	if (db_run(cx->db, "UPDATE payrun_preparations SET finished_at = ? WHERE"
		   " id = ?", "ii", e, cx->now, s->prep_id) ||
	    app_audit(cx, "payrun.prepared", "payrun", s->run_id, NULL, e))
		return -1;
	args = json_pack("{s:I}", "payrun_id", (json_int_t)s->run_id);
	rc = app_payrun_get(cx, args, out, e);
	json_decref(args);
	return rc;
}

/* ----------------------------------------------------------- the driver */

/* The connection's cache back to a request's size. */
static int bulk_off(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	(void)in;
	(void)out;
	return db_bulk(cx->db, false, e);
}

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

int payrun_prepare(struct app *app, const struct actor *actor,
		   const char *period, payrun_progress_fn progress,
		   void *progress_arg, json_t **out, struct kverr *e)
{
	struct prep s = { 0 };
	json_t *in = json_pack("{s:s}", "period", period), *step = NULL;
	int64_t done = 0, total;
	int rc;

	*out = NULL;
	if (payrun_work_init(&s.w, e)) {
		json_decref(in);
		return -1;
	}
	rc = app_run_arg(app, actor, true, prepare_start, &s, in, &step, e);
	total = rc ? 0 : get_int(step, "total");
	while (rc == 0) {
		json_decref(step);
		step = NULL;
		rc = app_run_arg(app, actor, true, prepare_batch, &s, NULL, &step,
				 e);
		if (rc || get_int(step, "processed") == 0)
			break;
		done += get_int(step, "processed");
		if (progress)
			progress(progress_arg, done, total);
	}
	json_decref(step);
	if (rc == 0)
		rc = app_run_arg(app, actor, true, prepare_finish, &s, NULL, out, e);
	step = NULL;
	app_run_arg(app, actor, false, bulk_off, NULL, NULL, &step,
		    &(struct kverr){ 0 });
	payrun_work_release(&s.w);
	json_decref(in);
	return rc;
}

/* The API: the whole preparation inside the request's one transaction. */
int app_payrun_prepare(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	struct prep s = { 0 };
	void *outer = cx->arg;
	json_t *step = NULL;
	int rc;

	if (payrun_work_init(&s.w, e))
		return -1;
	cx->arg = &s;
	rc = prepare_start(cx, in, &step, e);
	while (rc == 0) {
		json_decref(step);
		step = NULL;
		rc = prepare_batch(cx, NULL, &step, e);
		if (rc || get_int(step, "processed") == 0)
			break;
	}
	json_decref(step);
	if (rc == 0)
		rc = prepare_finish(cx, NULL, out, e);
	db_bulk(cx->db, false, &(struct kverr){ 0 });
	cx->arg = outer;
	payrun_work_release(&s.w);
	return rc;
}
