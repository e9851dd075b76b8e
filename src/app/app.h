/*
 * app.h — the use cases' shared context: who is acting, on which
 * connection, at what time; and the wrapper that runs one use case as one
 * transaction.
 *
 * Every use case has the shape
 *     int app_<thing>_<verb>(struct app_ctx *cx, json_t *in, json_t **out,
 *                            struct kverr *e);
 * It checks the actor's role, validates `in` completely before writing,
 * writes through cx->db inside the transaction app_run opened, appends one
 * audit record per state change, and returns 0 with *out set (a new
 * reference the caller owns) or -1 with e filled.  HTTP and CLI are thin
 * over these, so a rule never lives in two entry points.
 */
#ifndef APP_H
#define APP_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/date.h"
#include "core/journey.h"
#include "core/kverr.h"
#include "core/ledger.h"
#include "core/profile_params.h"
#include "core/qualify.h"
#include "core/quality.h"
#include "core/roles.h"
#include "store/store.h"

struct app {
	struct store *store;
	struct qualify_params qualify;
	struct journey_params journey;
	struct ledger_config ledger;     /* accounts and the authority (payrun) */
	struct profile_params profiling; /* the job chance's horizon */
	struct quality_params quality;   /* follow-up and sanctions (rules/quality.json) */
	char data_dir[256];
	char rules_dir[256];
	char files_dir[300];  /* evidence files, beside the database */
	int64_t fixed_now;   /* UTC seconds when the clock is pinned (tests, demo); 0 = real */
	/* app_generation: write transactions committed here; the store's
	 * data_version count, and when it was last read (monotonic ns). */
	atomic_uint_fast64_t writes, watched;
	atomic_int_fast64_t watched_at;
};

struct actor {
	int64_t user_id;      /* 0 for the system itself (CLI set-up, demo) */
	enum role role;
	int64_t provider_id;  /* provider_staff only */
	int64_t jobseeker_id; /* jobseeker only */
	char username[65];
};

struct app_ctx {
	struct app *app;
	struct db *db;
	const struct actor *actor;
	int64_t now;          /* UTC seconds, read once per use case */
	date_t today;         /* the Swedish civil date of `now` */
	void *arg;            /* a multi-transaction use case's own state (payrun) */
};

typedef int (*app_usecase_fn)(struct app_ctx *cx, json_t *in, json_t **out,
			      struct kverr *e);

/* Open the database and the rules; rules_dir and data_dir default to
 * "rules" and "data" when NULL. */
int app_open(struct app *app, const char *db_path, int connections,
	     const char *rules_dir, const char *data_dir, struct kverr *e);
void app_close(struct app *app);

/* Run fn in one transaction (a write transaction when `writes`): commit
 * when it returns 0, roll back everything otherwise. */
int app_run(struct app *app, const struct actor *actor, bool writes,
	    app_usecase_fn fn, json_t *in, json_t **out, struct kverr *e);

/* The same, handing the use case cx->arg: a command that runs in several
 * transactions (the payment run's batches) keeps its state there. */
int app_run_arg(struct app *app, const struct actor *actor, bool writes,
		app_usecase_fn fn, void *arg, json_t *in, json_t **out,
		struct kverr *e);

/*
 * A number that changes whenever what the database holds may have
 * changed: at once after every write transaction this process commits
 * (app_run counts it after the commit), and within a millisecond of a
 * commit by another process (a CLI command beside the server;
 * store_data_version, read at most once a millisecond).  It never goes
 * back.  Read it before reading the database: an answer made from what was
 * read may be kept for as long as the number stays the same
 * (http/cache.c).
 */
uint64_t app_generation(struct app *app);

/* The system actor used by set-up commands. */
extern const struct actor app_system_actor;

/* Fail with 401/403 unless the actor has one of the roles in mask. */
int app_require(struct app_ctx *cx, int mask, struct kverr *e);

/* provider_staff may touch only their own provider; the authority any. */
int app_require_provider(struct app_ctx *cx, int64_t provider_id,
			 struct kverr *e);

/* A jobseeker may touch only their own record; the authority any.  Anyone
 * else gets 404, so a record's existence is not revealed. */
int app_require_jobseeker(struct app_ctx *cx, int64_t jobseeker_id,
			  struct kverr *e);

/* 404 naming `what` unless a row with this id is in `table` (a constant
 * of the caller, never input). */
int app_require_row(struct app_ctx *cx, const char *table, const char *what,
		    int64_t id, struct kverr *e);

/* Current time as the app sees it (pinned or real). */
int64_t app_now(const struct app *app);

/* The Swedish civil date of a UTC timestamp (CET/CEST by the EU rule). */
date_t app_civil_date(int64_t utc);

/* Append one audit record inside the current transaction. detail may be
 * NULL; it is not stolen. */
int app_audit(struct app_ctx *cx, const char *action, const char *entity,
	      int64_t entity_id, json_t *detail, struct kverr *e);

#endif
