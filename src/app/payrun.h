/*
 * payrun.h — the monthly payment run (P-1, P-2, P-4, P-8, P-12, P-14,
 * preparing a run turns what the engine says is owed into postings
 * on the append-only ledger, batch by batch, each batch one transaction;
 * a second controller approves it, which posts the payments; statements,
 * figures and the SIE and pain.001 exports read the ledger.
 *
 * payrun_facts.c   the facts of a batch of participations, from the store
 * payrun_settled.c what the ledger holds per participation, remembered
 * payrun_prepare.c preparing (resumable after a crash) and the batches
 * payrun_approve.c approval with four eyes, and the payment vouchers
 * payrun_read.c    runs, statements, figures, corrections and clawbacks
 * payrun_export.c  SIE 4i and pain.001 files
 * ledger.c         verifying the whole ledger
 */
#ifndef APP_PAYRUN_H
#define APP_PAYRUN_H

#include "app/app.h"
#include "core/engine.h"
#include "core/rulebook.h"

#include <stddef.h>

/* ---------------------------------------------------- payrun_facts.c */

#define PAYRUN_RULEBOOKS 16

/* What a preparation keeps between batches: the engine's big structs,
 * allocated once, and the rulebooks and national context it reads. */
struct payrun_work {
	struct engine_case *c;
	struct engine_result *owed, *post;
	struct engine_context *ctx;
	int n_rulebooks;
	int64_t rb_programme[PAYRUN_RULEBOOKS];
	struct rulebook *rb[PAYRUN_RULEBOOKS];
	/* per paid key of the current case: postings so far and the first */
	int paid_count[ENGINE_MAX_PAID];
	int64_t paid_first[ENGINE_MAX_PAID];
	struct payrun_keyset *keys;     /* of the current case's lines */
};

int payrun_work_init(struct payrun_work *w, struct kverr *e);
void payrun_work_release(struct payrun_work *w);

/* P-9: the sparse municipalities, once per preparation, into w->c. */
int payrun_load_context(struct app_ctx *cx, struct payrun_work *w,
			struct kverr *e);

/* The rulebook of a programme (cached). */
const struct rulebook *payrun_rulebook(struct app_ctx *cx,
				       struct payrun_work *w,
				       int64_t programme_id, struct kverr *e);

#define PAYRUN_DIGEST_BYTES 16
#define PAYRUN_DIGEST_HEX (PAYRUN_DIGEST_BYTES * 2 + 1)

/* One participation of a batch as the ledger sees it: its keyed
 * postings (how many, the last), and its row of payrun_settled when that
 * row is still true of them (payrun_settled.c). */
struct payrun_part {
	int64_t id, provider_id, programme_id;
	int64_t postings, last_posting;
	bool paid_read;              /* w->c->paid and w->paid_* hold it */
	bool settled;
	month_t settled_through;
	char settled_digest[PAYRUN_DIGEST_HEX];
};

/*
 * The facts of the participations with ids in [lo, hi] are read by range
 * scans in id order; payrun_facts_next fills w->c (all but what was paid)
 * for the next participation and returns 1; 2 when its facts do not fit
 * the engine (e says why; the batch goes on), 0 when the batch is done, -1
 * on a database error.  What the ledger holds for it per key is read
 * with the facts (p->paid_read) when few of the batch are remembered, or
 * else by payrun_facts_paid into w->c->paid and w->paid_* when it is
 * needed: 0, 2 when there are more keys than the engine takes, -1 on a
 * database error (e says why).
 */
struct payrun_facts;
struct payrun_facts *payrun_facts_open(struct app_ctx *cx, int64_t lo,
				       int64_t hi, month_t through,
				       struct kverr *e);
int payrun_facts_next(struct payrun_facts *f, struct payrun_work *w,
		      struct payrun_part *p, struct kverr *e);
int payrun_facts_paid(struct payrun_facts *f, struct payrun_work *w,
		      int64_t participation_id, struct kverr *e);
/* Go on with the participations in [lo, hi], the statements kept. */
int payrun_facts_range(struct payrun_facts *f, int64_t lo, int64_t hi,
		       struct kverr *e);
void payrun_facts_close(struct payrun_facts *f);

/* The track in force in `period` (for the figures by track). */
int payrun_track_in(const struct engine_case *c, month_t period);

/* -------------------------------------------------- payrun_settled.c */

/* The digest of owed's lines due by `through` — their keys and amounts in
 * the engine's order, what payrun_settled.digest holds — and, unless
 * known_hex is NULL, of those due by `known` (<= through). */
void payrun_digests(const struct engine_result *owed, month_t known,
		    month_t through, char known_hex[PAYRUN_DIGEST_HEX],
		    char through_hex[PAYRUN_DIGEST_HEX]);

/* The keys of owed's lines due by a month, to look keys up in. */
#define PAYRUN_KEYSET 4096   /* a power of two above ENGINE_MAX_LINES */
struct payrun_keyset {
	const struct engine_result *owed;
	uint16_t slot[PAYRUN_KEYSET];   /* line index + 1; 0 = empty */
};

/* Build it; false when a key appears on two lines. */
bool payrun_keyset_build(struct payrun_keyset *k,
			 const struct engine_result *owed, month_t through);
bool payrun_keyset_has(const struct payrun_keyset *k, const char *key);

/* Rows of payrun_settled to write once a batch is posted: the count and
 * the last id start as the participation's and count its new postings. */
struct payrun_settled_row {
	int64_t participation_id, postings, last_posting;
	char digest[PAYRUN_DIGEST_HEX];
};

struct payrun_settled_rows {
	struct payrun_settled_row *p;
	size_t n, cap;
};

/* Its index, or -1 (e says why). */
ptrdiff_t payrun_settled_add(struct payrun_settled_rows *r,
			     const struct payrun_part *p,
			     const char digest[PAYRUN_DIGEST_HEX],
			     struct kverr *e);

#define PAYRUN_SETTLED_UPSERT "INSERT INTO payrun_settled(participation_id," \
	" through, digest, postings, last_posting) VALUES (?, ?, ?, ?, ?) ON" \
	" CONFLICT (participation_id) DO UPDATE SET through = excluded.through," \
	" digest = excluded.digest, postings = excluded.postings," \
	" last_posting = excluded.last_posting"

/* Write them with st, PAYRUN_SETTLED_UPSERT prepared. */
int payrun_settled_write(struct db_stmt *st,
			 const struct payrun_settled_rows *r, month_t through,
			 struct kverr *e);

/* -------------------------------------------------- payrun_prepare.c */

/* Called after each batch: participations done so far of total. */
typedef void (*payrun_progress_fn)(void *arg, int64_t done, int64_t total);

/* Prepare (or resume preparing) the run of `period` ("YYYY-MM"). */
int payrun_prepare(struct app *app, const struct actor *actor,
		   const char *period, payrun_progress_fn progress,
		   void *progress_arg, json_t **out, struct kverr *e);

/* The API's use case: prepare in one request, without progress. */
int app_payrun_prepare(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

/* -------------------------------------------------- payrun_approve.c */

int app_payrun_approve(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

/* ----------------------------------------------------- payrun_read.c */

int app_payruns_list(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_payrun_get(struct app_ctx *cx, json_t *in, json_t **out,
		   struct kverr *e);
int app_payrun_statement(struct app_ctx *cx, json_t *in, json_t **out,
			 struct kverr *e);
int app_payrun_figures(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);

/* The run's corrections and clawbacks by provider, kind and component. */
int app_payrun_adjustments(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e);
/* The runs with a statement for a provider, newest first, with what it
 * earned and was paid in each (the provider's payment page). */
int app_payrun_statements_list(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e);

int app_payrun_statement_csv(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e);

/* The statement as CSV text (the caller frees it). */
char *payrun_statement_csv(const json_t *statement);

/* --------------------------------------------------- payrun_export.c */

int app_payrun_export_sie(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e);
int app_payrun_export_pain(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e);

/* ------------------------------------------------------------ ledger.c */

int app_ledger_verify(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);

#endif
