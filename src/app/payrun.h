/*
 * payrun.h — the monthly payment run (P-1, P-2, P-4, P-8, P-12, P-14,
 * preparing a run turns what the engine says is owed into postings
 * on the append-only ledger, batch by batch, each batch one transaction;
 * a second controller approves it, which posts the payments; statements,
 * figures and the SIE and pain.001 exports read the ledger.
 *
 * payrun_facts.c   the facts of a batch of participations, from the store
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
};

int payrun_work_init(struct payrun_work *w, struct kverr *e);
void payrun_work_release(struct payrun_work *w);

/* P-9: the sparse municipalities, once per preparation. */
int payrun_load_context(struct app_ctx *cx, struct payrun_work *w,
			struct kverr *e);

/* The rulebook of a programme (cached). */
const struct rulebook *payrun_rulebook(struct app_ctx *cx,
				       struct payrun_work *w,
				       int64_t programme_id, struct kverr *e);

/* One participation of a batch as the ledger sees it. */
struct payrun_part {
	int64_t id, provider_id, programme_id;
};

/*
 * The facts of the participations with ids in [lo, hi] are read by range
 * scans in id order; payrun_facts_next fills w->c (and w->paid_*) for the
 * next participation and returns 1; 2 when its facts do not fit the
 * engine (e says why; the batch goes on), 0 when the batch is done, -1 on
 * a database error.
 */
struct payrun_facts;
struct payrun_facts *payrun_facts_open(struct app_ctx *cx, int64_t lo,
				       int64_t hi, month_t through,
				       struct kverr *e);
int payrun_facts_next(struct payrun_facts *f, struct payrun_work *w,
		      struct payrun_part *p, struct kverr *e);
void payrun_facts_close(struct payrun_facts *f);

/* The track in force in `period` (for the figures by track). */
int payrun_track_in(const struct engine_case *c, month_t period);

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
