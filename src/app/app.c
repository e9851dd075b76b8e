/*
 * app.c — opening the application (database + rules), the clock, the
 * transaction wrapper every use case runs in, and access checks.
 */
#include "app/app.h"
#include "app/files.h"

#include <stdio.h>
#include <string.h>

const struct actor app_system_actor = {
	.user_id = 0, .role = ROLE_ADMIN, .provider_id = 0, .username = "system"
};

/* Load rules/<name>.json into out with the file's own parser. */
static int load_rules(struct app *app, const char *name,
		      int (*parse)(const json_t *, const char *, void *,
				   struct kverr *),
		      void *out, struct kverr *e)
{
	char path[300];
	json_t *root;
	int rc;

	snprintf(path, sizeof(path), "%s/%s.json", app->rules_dir, name);
	root = files_load_json(path, e);
	if (!root)
		return -1;
	rc = parse(root, path, out, e);
	json_decref(root);
	return rc;
}

static int parse_qualify(const json_t *root, const char *file, void *out,
			 struct kverr *e)
{
	return qualify_params_parse(root, file, out, e);
}

static int parse_journey(const json_t *root, const char *file, void *out,
			 struct kverr *e)
{
	return journey_params_parse(root, file, out, e);
}

static int parse_profiling(const json_t *root, const char *file, void *out,
			   struct kverr *e)
{
	return profile_params_parse(root, file, out, e);
}

static int parse_ledger(const json_t *root, const char *file, void *out,
			struct kverr *e)
{
	return ledger_config_parse(root, file, out, e);
}

static int parse_quality(const json_t *root, const char *file, void *out,
			 struct kverr *e)
{
	return quality_params_parse(root, file, out, e);
}

int app_open(struct app *app, const char *db_path, int connections,
	     const char *rules_dir, const char *data_dir, struct kverr *e)
{
	memset(app, 0, sizeof(*app));
	snprintf(app->rules_dir, sizeof(app->rules_dir), "%s",
		 rules_dir ? rules_dir : "rules");
	snprintf(app->data_dir, sizeof(app->data_dir), "%s",
		 data_dir ? data_dir : "data");
	/* Evidence files live beside the database, never in the shipped data. */
	snprintf(app->files_dir, sizeof(app->files_dir), "%s.files",
		 db_path && strcmp(db_path, ":memory:") ? db_path : "kundval-memory");
	if (load_rules(app, "qualification", parse_qualify, &app->qualify, e) ||
	    load_rules(app, "journey", parse_journey, &app->journey, e) ||
	    load_rules(app, "ledger", parse_ledger, &app->ledger, e) ||
	    load_rules(app, "profiling", parse_profiling, &app->profiling, e) ||
	    load_rules(app, "quality", parse_quality, &app->quality, e))
		return -1;
	return store_open(db_path, connections, &app->store, e);
}

void app_close(struct app *app)
{
	store_close(app->store);
	app->store = NULL;
}

int64_t app_now(const struct app *app)
{
	return app->fixed_now ? app->fixed_now : (int64_t)time(NULL);
}

/* Last Sunday of a month, for the EU summer-time rule. */
static date_t last_sunday(int year, int month)
{
	date_t d;

	date_from_ymd(year, month, date_days_in_month(year, month), &d);
	return date_add_days(d, -(date_weekday(d) % 7));
}

date_t app_civil_date(int64_t utc)
{
	/* Sweden: CET (UTC+1), CEST (UTC+2) from 01:00 UTC on the last
	 * Sunday of March to 01:00 UTC on the last Sunday of October. */
	date_t day = (date_t)((utc >= 0 ? utc : utc - 86399) / 86400);
	int64_t secs = utc - (int64_t)day * 86400;
	int y, m, d;
	int64_t start, end;

	date_to_ymd(day, &y, &m, &d);
	start = (int64_t)last_sunday(y, 3) * 86400 + 3600;
	end = (int64_t)last_sunday(y, 10) * 86400 + 3600;
	secs += (utc >= start && utc < end) ? 7200 : 3600;
	return date_add_days(day, (int32_t)(secs / 86400));
}

int app_run(struct app *app, const struct actor *actor, bool writes,
	    app_usecase_fn fn, json_t *in, json_t **out, struct kverr *e)
{
	return app_run_arg(app, actor, writes, fn, NULL, in, out, e);
}

int app_run_arg(struct app *app, const struct actor *actor, bool writes,
		app_usecase_fn fn, void *arg, json_t *in, json_t **out,
		struct kverr *e)
{
	struct app_ctx cx = { .app = app, .actor = actor, .arg = arg };
	int rc;

	*out = NULL;
	cx.now = app_now(app);
	cx.today = app_civil_date(cx.now);
	cx.db = store_acquire(app->store);
	rc = writes ? db_begin(cx.db, e) : db_exec(cx.db, "BEGIN", e);
	if (rc == 0) {
		rc = fn(&cx, in, out, e);
		if (rc == 0)
			rc = db_commit(cx.db, e);
		/* After the commit, never before: a cached answer read before
		 * this write must look old to everyone who reads the count
		 * from now on (app_generation). */
		if (rc == 0 && writes)
			atomic_fetch_add(&app->writes, 1);
		if (rc != 0) {
			db_rollback(cx.db);
			json_decref(*out);
			*out = NULL;
		}
	}
	store_release(app->store, cx.db);
	return rc;
}

/* Another process's commits are looked for at most once a millisecond:
 * reading SQLite's data_version is a read transaction, a few µs under a
 * lock that every request thread would queue on (bench/README.md, HTTP).
 * So a kept answer may outlive a CLI command's write by up to this long;
 * the writes of this process, which are all that come over HTTP, count at
 * once (and the watcher sees them too a moment later: one more refill of
 * the cache, harmless). */
#define APP_WATCH_NS 1000000

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t app_generation(struct app *app)
{
	int_fast64_t now = monotonic_ns(), at = atomic_load(&app->watched_at);

	if (now - at >= APP_WATCH_NS &&
	    atomic_compare_exchange_strong(&app->watched_at, &at, now)) {
		uint_fast64_t seen = store_data_version(app->store);
		uint_fast64_t old = atomic_load(&app->watched);

		/* Forward only: a slower thread's older reading must not
		 * undo a newer one. */
		while (seen > old &&
		       !atomic_compare_exchange_weak(&app->watched, &old, seen))
			;
	}
	/* Both only grow, so the sum moves when either does. */
	return (uint64_t)(atomic_load(&app->writes) + atomic_load(&app->watched));
}

int app_require(struct app_ctx *cx, int mask, struct kverr *e)
{
	if (cx->actor->role & mask)
		return 0;
	if (cx->actor->role == ROLE_NONE)
		return kverr_set(e, KVERR_UNAUTHORISED, "unauthorised", NULL,
				 "Sign in to do this.");
	return kverr_set(e, KVERR_FORBIDDEN, "forbidden", NULL,
			 "Your role (%s) may not do this.",
			 role_name(cx->actor->role));
}

int app_require_provider(struct app_ctx *cx, int64_t provider_id,
			 struct kverr *e)
{
	if (cx->actor->role & ROLE_AUTHORITY)
		return 0;
	if (cx->actor->role == ROLE_PROVIDER_STAFF &&
	    cx->actor->provider_id == provider_id)
		return 0;
	if (cx->actor->role == ROLE_NONE)
		return kverr_set(e, KVERR_UNAUTHORISED, "unauthorised", NULL,
				 "Sign in to do this.");
	/* Another provider's data: answer as if it did not exist, so its
	 * existence is not revealed either. */
	return kverr_set(e, KVERR_NOT_FOUND, "not_found", "provider",
			 "No such provider.");
}

int app_require_row(struct app_ctx *cx, const char *table, const char *what,
		    int64_t id, struct kverr *e)
{
	char sql[128];
	int64_t one = 0;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE id = ?", table);
	rc = db_query_int(cx->db, sql, "i", &one, e, id);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", what,
				 "No such %s.", what);
	return 0;
}

int app_require_jobseeker(struct app_ctx *cx, int64_t jobseeker_id,
			  struct kverr *e)
{
	if (cx->actor->role & ROLE_AUTHORITY)
		return 0;
	if (cx->actor->role == ROLE_JOBSEEKER &&
	    cx->actor->jobseeker_id == jobseeker_id)
		return 0;
	if (cx->actor->role == ROLE_NONE)
		return kverr_set(e, KVERR_UNAUTHORISED, "unauthorised", NULL,
				 "Sign in to do this.");
	return kverr_set(e, KVERR_NOT_FOUND, "not_found", "jobseeker",
			 "No such jobseeker.");
}
