/*
 * payrun_prepare.c — preparing the run of a month (P-1, P-4, P-8, P-14):
 * for every participation, the engine computes what is owed by the end of
 * the month and settles it against what the ledger already holds; the
 * difference is posted as vouchers, one per provider and batch, each
 * balanced against the provider's payable.
 *
 * Nothing is paid twice: each cost posting carries an idempotency key
 * (participation, engine key, sequence), unique in the ledger, and what
 * was paid is read in the same transaction that posts the difference.  A
 * preparation runs in batches of participations, one transaction each,
 * and records how far it got; a preparation killed half-way is resumed
 * with its own start time, so the ledger ends up byte for byte what an
 * uninterrupted one writes.  Preparing again with unchanged facts posts
 * nothing.
 */
#include "app/input.h"
#include "app/payrun.h"
#include "core/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAYRUN_BATCH 1000

struct prep {
	struct payrun_work w;
	bool context_loaded;
	int64_t run_id, prep_id, started_at;
	month_t period;
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
	ps->n++;
	return 0;
}

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

/* What the engine says to post now for the case in s->w.c. */
static int settle_one(struct app_ctx *cx, struct prep *s,
		      const struct payrun_part *p, struct pendings *ps,
		      struct kverr *why, struct kverr *e)
{
	struct payrun_work *w = &s->w;
	const struct rulebook *rb = payrun_rulebook(cx, w, p->programme_id, why);

	if (rb)
		clamp_tracks(w->c, rb);
	if (!rb || engine_compute(rb, w->c, s->period, w->owed, why) ||
	    engine_settle(w->owed, w->c, s->period, w->post, why))
		return 1;
	for (int i = 0; i < w->post->n; i++) {
		struct pending x = { .provider_id = p->provider_id,
				     .programme_id = p->programme_id,
				     .participation_id = p->id,
				     .line = w->post->lines[i] };
		int k;

		x.component = ledger_line_component(&x.line);
		if (x.component < 0)
			return kverr_set(why, KVERR_INTERNAL, "unknown_key", NULL,
					 "No account for key %s.", x.line.key), 1;
		x.track = payrun_track_in(w->c, x.line.period);
		for (k = 0; k < w->c->n_paid &&
		     strcmp(w->c->paid[k].key, x.line.key); k++)
			;
		x.seq = k < w->c->n_paid ? w->paid_count[k] : 0;
		x.corrects = k < w->c->n_paid ? w->paid_first[k] : 0;
		if (push(ps, &x, e))
			return -1;
	}
	return 0;
}

static const char *line_kind(const struct engine_line *l)
{
	return l->component == COMP_CORRECTION ? "correction" :
	       l->component == COMP_CLAWBACK ? "clawback" : "line";
}

#define POSTING_INSERT \
	"INSERT INTO postings(voucher_id, account, programme_id, provider_id," \
	" participation_id, kind, component, track, period, due, amount," \
	" engine_key, seq, idem_key, corrects, rule, explain, recorded_at)" \
	" VALUES (?, ?, nullif(?, 0), ?, nullif(?, 0), ?, ?, nullif(?, 0), ?, ?," \
	" ?, ?, ?, ?, nullif(?, 0), ?, ?, ?)"

/* One voucher: the provider's cost lines and the payable against them. */
static int post_voucher(struct app_ctx *cx, struct prep *s, struct db_stmt *st,
			const struct pending *x, size_t n, int64_t *amount,
			struct kverr *e)
{
	const struct ledger_config *lc = &cx->app->ledger;
	char period[MONTH_STRLEN], due[MONTH_STRLEN], key[LEDGER_KEY_LEN];
	char text[120];
	int64_t voucher;
	ore_t sum = 0;

	month_format(s->period, period);
	snprintf(text, sizeof(text), "Ersättning t.o.m. %s, beredning %lld",
		 period, (long long)s->prep_id);
	if (db_query_int(cx->db, "INSERT INTO vouchers(payrun_id, preparation_id,"
			 " provider_id, kind, text, recorded_at) VALUES (?, ?, ?,"
			 " 'earned', ?, ?) RETURNING id", "iiisi", &voucher, e,
			 s->run_id, s->prep_id, x[0].provider_id, text,
			 s->started_at) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct pending *p = &x[i];
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
		if (db_step(st, e) == DB_ERROR) {
			if (e->cls == KVERR_CONFLICT)
				kverr_set(e, KVERR_CONFLICT, "idempotency_conflict",
					  NULL, "%s is already in the ledger with"
					  " other content; nothing was paid twice.",
					  key);
			return -1;
		}
		db_reset(st);
		sum += p->line.amount;
	}
	month_format(s->period, period);
	*amount += sum;
	/* P-14: the voucher balances — the provider's payable takes the sum. */
	return db_run(cx->db, "INSERT INTO postings(voucher_id, account,"
		      " provider_id, kind, period, due, amount, recorded_at) VALUES"
		      " (?, ?, ?, 'payable', ?, ?, ?, ?)", "isissii", e, voucher,
		      lc->payable.number, x[0].provider_id, period, period, -sum,
		      s->started_at);
}

static int post_all(struct app_ctx *cx, struct prep *s, struct pendings *ps,
		    int64_t *amount, struct kverr *e)
{
	struct db_stmt *st;
	size_t i = 0;
	int rc = 0;

	if (ps->n == 0)
		return 0;
	qsort(ps->p, ps->n, sizeof(*ps->p), by_provider);
	if (db_prepare(cx->db, POSTING_INSERT, &st, e))
		return -1;
	while (i < ps->n && !rc) {
		size_t j = i;

		while (j < ps->n && ps->p[j].provider_id == ps->p[i].provider_id)
			j++;
		rc = post_voucher(cx, s, st, &ps->p[i], j - i, amount, e);
		i = j;
	}
	db_finalize(st);
	return rc;
}

/* The next participations after done_through, as one batch. */
static int batch_range(struct app_ctx *cx, const struct prep *s, int64_t *lo,
		       int64_t *hi, int64_t *n, struct kverr *e)
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
	*lo = json_integer_value(json_object_get(r, "lo"));
	*hi = json_integer_value(json_object_get(r, "hi"));
	*n = json_integer_value(json_object_get(r, "n"));
	json_decref(r);
	return 0;
}

/* Settle every participation of the batch; the ones whose facts the
 * engine refuses are recorded as problems and the rest go on. */
static int settle_batch(struct app_ctx *cx, struct prep *s, int64_t lo,
			int64_t hi, struct pendings *ps, int64_t *problems,
			struct kverr *e)
{
	struct payrun_facts *f = payrun_facts_open(cx, lo, hi, s->period, e);
	struct payrun_part p;
	int rc = 0;

	if (!f)
		return -1;
	for (;;) {
		struct kverr why = { 0 };
		int got = payrun_facts_next(f, &s->w, &p, &why);

		if (got == 0)
			break;
		if (got < 0) {
			*e = why;
			rc = -1;
			break;
		}
		got = got == 1 ? settle_one(cx, s, &p, ps, &why, e) : 1;
		if (got < 0 || (got > 0 && problem(cx, s, p.id, &why, e))) {
			rc = -1;
			break;
		}
		*problems += got;
	}
	payrun_facts_close(f);
	return rc;
}

static int prepare_batch(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e)
{
	struct prep *s = cx->arg;
	struct pendings ps = { 0 };
	int64_t lo = 0, hi = 0, n = 0, amount = 0, problems = 0;
	int rc;

	(void)in;
	if (!s->context_loaded) {
		if (payrun_load_context(cx, &s->w, e))
			return -1;
		s->context_loaded = true;
	}
	if (batch_range(cx, s, &lo, &hi, &n, e))
		return -1;
	rc = n ? settle_batch(cx, s, lo, hi, &ps, &problems, e) : 0;
	if (!rc && n)
		rc = post_all(cx, s, &ps, &amount, e);
	if (!rc && n)
		rc = db_run(cx->db, "UPDATE payrun_preparations SET done_through ="
			    " ?, lines = lines + ?, amount = amount + ? WHERE"
			    " id = ?", "iiii", e, hi, (int64_t)ps.n, amount,
			    s->prep_id);
	free(ps.p);
	if (rc)
		return -1;
	*out = json_pack("{s:I, s:I, s:I, s:I}", "processed", (json_int_t)n,
			 "done_through", (json_int_t)hi, "lines",
			 (json_int_t)ps.n, "problems", (json_int_t)problems);
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
	cx->arg = outer;
	payrun_work_release(&s.w);
	return rc;
}
