/*
 * test_cache.c — unit tests for the cache of anonymous GETs
 * (src/http/cache.c) and what invalidates it (app_generation in
 * src/app/app.c, store_data_version in src/store/store.c): a write
 * transaction moves the generation at once, a read one does not, another
 * connection's commit (another process's) is seen within a millisecond; a
 * kept answer is given out only under the stamp it was made under, with
 * each visitor's token in its holes.  The HTTP side is in
 * tests/api/cache.test.js.
 */
#include "testutil.h"

#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "http/cache.h"

#define TOKEN_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define TOKEN_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ------------------------------------------------------ the table */

/* "<p>{hole}</p><i>{hole}</i>" for this cache. */
static char *page_with_holes(const struct cache *c, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "<p>%s</p><i>%s</i>", cache_hole(c), cache_hole(c));
	return strbuf_detach(&sb, len);
}

static void test_get_fills_each_visitors_token(void **state)
{
	struct cache *c;
	struct kverr e = { 0 };
	struct cache_stamp st = { 7, 100 };
	struct cache_reply a, b, fresh, bad;
	size_t len;
	char *body;

	(void)state;
	assert_int_equal(cache_open(&c, &e), 0);
	assert_int_equal(strlen(cache_hole(c)), 64);
	body = page_with_holes(c, &len);
	assert_false(cache_get(c, "page sv /x", &st, TOKEN_A, &a));
	cache_put(c, "page sv /x", &st, body, len);
	assert_true(cache_get(c, "page sv /x", &st, TOKEN_A, &a));
	assert_true(cache_get(c, "page sv /x", &st, TOKEN_B, &b));
	assert_string_equal(a.body, "<p>" TOKEN_A "</p><i>" TOKEN_A "</i>");
	assert_string_equal(b.body, "<p>" TOKEN_B "</p><i>" TOKEN_B "</i>");
	assert_int_equal(a.len, strlen(a.body));
	/* The ETag is of the visitor's own bytes, and a page made afresh
	 * has the same one as the kept page for the same visitor. */
	assert_string_not_equal(a.etag, b.etag);
	assert_true(cache_fill(c, body, len, TOKEN_A, &fresh));
	assert_string_equal(fresh.body, a.body);
	assert_string_equal(fresh.etag, a.etag);
	assert_int_equal(strlen(a.etag), CACHE_ETAG_LEN - 1);
	/* Not a token: refused, never pasted into a page. */
	assert_false(cache_get(c, "page sv /x", &st, "short", &bad));
	assert_null(bad.body);
	free(a.body);
	free(b.body);
	free(fresh.body);
	free(body);
	cache_close(c);
}

static void test_only_under_the_same_stamp_and_key(void **state)
{
	struct cache *c;
	struct kverr e = { 0 };
	struct cache_stamp st = { 7, 100 }, later = { 8, 100 },
			   tomorrow = { 7, 101 };
	struct cache_reply r;

	(void)state;
	assert_int_equal(cache_open(&c, &e), 0);
	cache_put(c, "api 3:/a ?", &st, "[1]", 3);
	cache_put(c, "api 3:/b ?", &st, "[2]", 3);
	assert_true(cache_get(c, "api 3:/a ?", &st, NULL, &r));
	assert_string_equal(r.body, "[1]");
	free(r.body);
	assert_false(cache_get(c, "api 3:/a ?&x=1", &st, NULL, &r));
	assert_false(cache_get(c, "page sv 3:/a ?", &st, NULL, &r));
	/* A write (a new generation) or a new day: nothing kept counts. */
	assert_false(cache_get(c, "api 3:/a ?", &later, NULL, &r));
	assert_false(cache_get(c, "api 3:/a ?", &tomorrow, NULL, &r));
	/* Keeping under the new stamp drops what was kept under the old. */
	cache_put(c, "api 3:/a ?", &later, "[3]", 3);
	assert_true(cache_get(c, "api 3:/a ?", &later, NULL, &r));
	assert_string_equal(r.body, "[3]");
	free(r.body);
	assert_false(cache_get(c, "api 3:/b ?", &later, NULL, &r));
	assert_false(cache_get(c, "api 3:/b ?", &st, NULL, &r));
	/* An answer made under an older stamp (a write happened while it
	 * was made) is never given out under the current one. */
	cache_put(c, "api 3:/b ?", &st, "[old]", 5);
	assert_false(cache_get(c, "api 3:/b ?", &later, NULL, &r));
	cache_close(c);
}

static void test_bounded(void **state)
{
	struct cache *c;
	struct kverr e = { 0 };
	struct cache_stamp st = { 1, 1 };
	struct cache_reply r;
	size_t big = 2 * 1024 * 1024, kept = 0;
	char *body = malloc(big), key[64];

	(void)state;
	assert_non_null(body);
	memset(body, 'x', big);
	assert_int_equal(cache_open(&c, &e), 0);
	cache_put(c, "big", &st, body, big);
	assert_false(cache_get(c, "big", &st, NULL, &r));   /* over 1 MiB */
	/* 200 addresses of 512 KiB: 100 MiB asked for, at most 64 kept,
	 * and the newest is always there. */
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "api 2:/x ?&n=%d", i);
		cache_put(c, key, &st, body, 512 * 1024);
		assert_true(cache_get(c, key, &st, NULL, &r));
		free(r.body);
	}
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "api 2:/x ?&n=%d", i);
		if (cache_get(c, key, &st, NULL, &r)) {
			kept++;
			free(r.body);
		}
	}
	assert_true(kept >= 1 && kept <= 128);
	free(body);
	cache_close(c);
}

/* ------------------------------------------------- the generation */

struct world {
	char dir[200], db[260];
	struct app app, other;   /* other: another process's connections */
};

static int touch(struct app_ctx *cx, json_t *in, json_t **out,
		 struct kverr *e)
{
	(void)in;
	if (db_run(cx->db, "INSERT OR REPLACE INTO meta(key, value) VALUES"
		   " ('test_cache', 'x')", "", e))
		return -1;
	*out = json_object();
	return 0;
}

static int look(struct app_ctx *cx, json_t *in, json_t **out,
		struct kverr *e)
{
	(void)in;
	*out = db_query_json(cx->db, "SELECT count(*) AS n FROM meta", "", e);
	return *out ? 0 : -1;
}

static void run(struct app *app, app_usecase_fn fn, bool writes)
{
	struct kverr e = { 0 };
	json_t *in = json_object(), *out = NULL;

	if (app_run(app, &app_system_actor, writes, fn, in, &out, &e))
		fail_msg("use case: %s", e.message);
	json_decref(in);
	json_decref(out);
}

static void pause_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

static void test_generation_moves_with_writes_only(void **state)
{
	struct app app;
	struct kverr e = { 0 };
	uint64_t g0, g1;

	(void)state;
	/* In memory no other process can write: only app_run's count
	 * moves the generation, so this sees it alone. */
	if (app_open(&app, ":memory:", 1, "rules", "data", &e))
		fail_msg("open: %s", e.message);
	g0 = app_generation(&app);
	run(&app, look, false);
	assert_true(app_generation(&app) == g0);
	run(&app, touch, true);
	g1 = app_generation(&app);
	assert_true(g1 > g0);
	pause_ms(2);
	assert_true(app_generation(&app) == g1);
	app_close(&app);
}

static void test_generation_sees_another_process(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct kverr e = { 0 };
	uint64_t g0, g1;
	char path[300];

	(void)state;
	assert_non_null(w);
	testutil_tmp_template(w->dir, sizeof(w->dir), "cache");
	assert_non_null(mkdtemp(w->dir));
	snprintf(w->db, sizeof(w->db), "%s/k.db", w->dir);
	if (app_open(&w->app, w->db, 2, "rules", "data", &e) ||
	    app_open(&w->other, w->db, 1, "rules", "data", &e))
		fail_msg("open: %s", e.message);
	g0 = app_generation(&w->app);
	pause_ms(2);
	assert_true(app_generation(&w->app) == g0);   /* nothing written */
	/* The other app's commit: this app's own count does not move, the
	 * store's watcher sees it within a millisecond. */
	run(&w->other, touch, true);
	pause_ms(2);
	g1 = app_generation(&w->app);
	assert_true(g1 > g0);
	/* A read by the other does not count. */
	run(&w->other, look, false);
	pause_ms(2);
	assert_true(app_generation(&w->app) == g1);
	app_close(&w->other);
	app_close(&w->app);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s%s", w->db,
			 i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		unlink(path);
	}
	rmdir(w->dir);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_fills_each_visitors_token),
		cmocka_unit_test(test_only_under_the_same_stamp_and_key),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_generation_moves_with_writes_only),
		cmocka_unit_test(test_generation_sees_another_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
