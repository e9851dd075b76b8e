/*
 * test_web.c — unit tests for the web pages' foundation: src/http/html.c
 * (every dynamic string escaped), src/http/form.c (urlencoded parsing with
 * limits, CSRF tokens, field errors) and src/http/i18n.c (fallback to
 * Swedish, placeholders escaped).
 */
#include "testutil.h"

#include <sodium.h>
#include <unistd.h>

#include "http/form.h"
#include "http/html.h"
#include "http/i18n.h"

/* ------------------------------------------------------------- html */

static void test_html_escapes_text_and_attributes(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	html_text(&sb, "<script>alert('x')</script> & \"y\"");
	assert_string_equal(strbuf_str(&sb), "&lt;script&gt;alert(&#39;x&#39;)"
			    "&lt;/script&gt; &amp; &quot;y&quot;");
	strbuf_release(&sb);
	html_attr(&sb, "value", "\" onfocus=\"alert(1)");
	assert_string_equal(strbuf_str(&sb), " value=\"&quot; onfocus=&quot;alert(1)\"");
	strbuf_release(&sb);
	html_textf(&sb, "%s and %d", "<b>", 5);
	assert_string_equal(strbuf_str(&sb), "&lt;b&gt; and 5");
	strbuf_release(&sb);
}

static void test_html_textf_longer_than_stack_buffer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char big[1001];

	(void)state;
	memset(big, '<', 1000);
	big[1000] = '\0';
	html_textf(&sb, "%s", big);
	/* 1000 '<' become 1000 "&lt;" (4 bytes each). */
	assert_int_equal(sb.len, 4000);
	assert_memory_equal(strbuf_str(&sb), "&lt;&lt;", 8);
	strbuf_release(&sb);
}

static void test_html_url_component(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	html_url_component(&sb, "/me?x=å&y=\"1 2\"");
	assert_string_equal(strbuf_str(&sb),
			    "%2Fme%3Fx%3D%C3%A5%26y%3D%221%202%22");
	strbuf_release(&sb);
}

/* ------------------------------------------------------------- form */

static void test_form_parses_and_decodes(void **state)
{
	static const char body[] = "a=1&b=h%C3%A4j+d%C3%A5&c=&d&a=2&&e=%2B";
	struct form f;
	struct kverr e = { 0 };

	(void)state;
	assert_int_equal(form_parse(&f, body, strlen(body), &e), 0);
	assert_string_equal(form_get(&f, "a"), "1");   /* the first one */
	assert_string_equal(form_get(&f, "b"), "häj då");
	assert_string_equal(form_get(&f, "c"), "");
	assert_string_equal(form_get(&f, "d"), "");
	assert_string_equal(form_get(&f, "e"), "+");
	assert_null(form_get(&f, "z"));
	form_release(&f);
}

static void test_form_trimmed(void **state)
{
	static const char body[] = "p=+%0A19850312-1234+&q=+++";
	struct form f;
	struct kverr e = { 0 };
	char buf[32];

	(void)state;
	assert_int_equal(form_parse(&f, body, strlen(body), &e), 0);
	assert_string_equal(form_trimmed(&f, "p", buf, sizeof(buf)), "19850312-1234");
	assert_null(form_trimmed(&f, "q", buf, sizeof(buf)));
	assert_null(form_trimmed(&f, "r", buf, sizeof(buf)));
	form_release(&f);
}

/* Each refused body names what is wrong and keeps nothing. */
static void test_form_refuses_bad_input(void **state)
{
	static const struct {
		const char *body, *field;
	} bad[] = {
		{ "a=%4", "" },             /* truncated escape */
		{ "a=%zz", "" },            /* not hex */
		{ "a=%00", "a" },           /* NUL */
		{ "a=%01", "a" },           /* control character */
		{ "a=%C3", "a" },           /* truncated UTF-8 */
		{ "a=%C0%AF", "a" },        /* overlong UTF-8 */
		{ "=1", "" },               /* empty name */
		{ "n%00=1", "" },           /* NUL in a name */
	};
	struct form f;
	struct kverr e = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kverr_clear(&e);
		assert_int_equal(form_parse(&f, bad[i].body, strlen(bad[i].body), &e), -1);
		assert_string_equal(e.code, "bad_form");
		assert_string_equal(e.field, bad[i].field);
		assert_int_equal(f.n, 0);
	}
}

static void test_form_limits(void **state)
{
	struct form f;
	struct kverr e = { 0 };
	char *body = malloc(FORM_MAX_BODY + 16);
	size_t n = 0;

	(void)state;
	assert_non_null(body);
	/* FORM_MAX_FIELDS + 1 fields. */
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		n += (size_t)snprintf(body + n, 16, "f%d=1&", i);
	assert_int_equal(form_parse(&f, body, n, &e), -1);
	assert_int_equal(f.n, 0);
	/* A value one byte over FORM_MAX_VALUE. */
	memcpy(body, "v=", 2);
	memset(body + 2, 'x', FORM_MAX_VALUE + 1);
	assert_int_equal(form_parse(&f, body, FORM_MAX_VALUE + 3, &e), -1);
	assert_string_equal(e.field, "v");
	/* A body one byte over FORM_MAX_BODY. */
	memset(body, 'x', FORM_MAX_BODY + 1);
	assert_int_equal(form_parse(&f, body, FORM_MAX_BODY + 1, &e), -1);
	assert_int_equal(e.cls, KVERR_TOO_LARGE);
	free(body);
}

static void test_csrf_token(void **state)
{
	unsigned char key[crypto_auth_KEYBYTES], other[crypto_auth_KEYBYTES];
	char tok[FORM_CSRF_HEX], forged[FORM_CSRF_HEX];

	(void)state;
	assert_true(sodium_init() >= 0);
	crypto_auth_keygen(key);
	crypto_auth_keygen(other);
	form_csrf_token(key, "session-a", tok);
	assert_int_equal(strlen(tok), FORM_CSRF_HEX - 1);
	assert_true(form_csrf_ok(key, "session-a", tok));
	assert_false(form_csrf_ok(key, "session-b", tok));   /* another visitor */
	assert_false(form_csrf_ok(other, "session-a", tok)); /* another server start */
	assert_false(form_csrf_ok(key, "session-a", NULL));
	assert_false(form_csrf_ok(key, "", tok));
	assert_false(form_csrf_ok(key, "session-a", "abc"));
	memcpy(forged, tok, sizeof(forged));
	forged[0] = forged[0] == '0' ? '1' : '0';
	assert_false(form_csrf_ok(key, "session-a", forged));
}

static void test_form_errors(void **state)
{
	struct form_errors fe = { 0 };
	struct kverr e = { 0 };

	(void)state;
	form_error_add(&fe, "code", "error.code_missing");
	form_error_add(&fe, "code", "error.other");   /* the first one stays */
	kverr_set(&e, KVERR_INVALID, "bad_checksum", "personnummer", "x");
	form_error_from(&fe, &e, "fallback");
	kverr_set(&e, KVERR_CONFLICT, "exempt", "", "x");
	form_error_from(&fe, &e, "provider");
	assert_int_equal(fe.n, 3);
	assert_string_equal(form_error_for(&fe, "code"), "error.code_missing");
	assert_string_equal(form_error_for(&fe, "personnummer"), "error.bad_checksum");
	assert_string_equal(form_error_for(&fe, "provider"), "error.exempt");
	assert_null(form_error_for(&fe, "nothing"));
}

/* ------------------------------------------------------------- i18n */

static void test_i18n_render_escapes_and_fills(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *args[] = { "name", "<Ana & Bo>", "n", "3", NULL };

	(void)state;
	i18n_render(&sb, "Hej {name}, du har {n} <val> och {okänd}.", args);
	assert_string_equal(strbuf_str(&sb), "Hej &lt;Ana &amp; Bo&gt;, du har 3"
			    " &lt;val&gt; och {okänd}.");
	strbuf_release(&sb);
	i18n_render(&sb, "brace { without end", NULL);
	assert_string_equal(strbuf_str(&sb), "brace { without end");
	strbuf_release(&sb);
}

static void report(const char *key, void *arg)
{
	fprintf(stderr, "  missing in %s: %s\n", (const char *)arg, key);
}

/*
 * The translation check: every language has every Swedish key.  A key
 * missing somewhere still shows (in Swedish), but the check fails so that
 * it is noticed and translated.
 */
static void test_i18n_every_language_complete(void **state)
{
	static const char *const langs[] = { "sv", "en", "ar", "so", "ti", "fa", NULL };
	struct i18n *t;
	struct kverr e = { 0 };
	int missing = 0;

	(void)state;
	assert_int_equal(i18n_load("data/i18n", &t, &e), 0);
	for (int i = 0; langs[i]; i++)
		missing += i18n_missing(t, langs[i], report, (void *)langs[i]);
	assert_int_equal(missing, 0);
	/* Fallback: an unknown language reads Swedish, an unknown key
	 * reads as itself. */
	assert_string_equal(i18n_get(t, "xx", "nav.start"), i18n_get(t, "sv", "nav.start"));
	assert_string_equal(i18n_get(t, "ar", "no.such.key"), "no.such.key");
	assert_true(i18n_has(t, "ar", "nav.start"));
	assert_string_not_equal(i18n_get(t, "ar", "nav.start"), i18n_get(t, "sv", "nav.start"));
	i18n_free(t);
}

/* Every key a page names in its source is in Swedish (the source
 * language); keys built at run time (month.N, track.N, error.<code>,
 * langname.X, choice.if_not.<rule>) are listed here by hand. */
static void test_i18n_keys_used_by_pages_exist(void **state)
{
	static const char *const files[] = {
		"src/http/page_layout.c", "src/http/page_form.c",
		"src/http/page_public.c", "src/http/page_account.c",
		"src/http/page_jobseeker.c", "src/http/web.c", NULL };
	static const char *const built[] = {
		"month.1", "month.12", "track.1", "track.2", "track.3", "track.4",
		"langname.sv", "langname.en", "langname.ar", "langname.so",
		"langname.ti", "langname.fa", "choice.if_not.best_rated",
		"choice.if_not.nearest", "choice.if_not.rotation",
		"error.wrong_code", "error.expired", "error.too_many_attempts",
		"error.bad_checksum", "error.not_registered", NULL };
	struct i18n *t;
	struct kverr e = { 0 };
	int checked = 0;

	(void)state;
	assert_int_equal(i18n_load("data/i18n", &t, &e), 0);
	for (int i = 0; built[i]; i++) {
		if (!i18n_has(t, "sv", built[i]))
			fail_msg("key %s is not in sv.json", built[i]);
	}
	for (int i = 0; files[i]; i++) {
		FILE *f = fopen(files[i], "r");
		char line[1024];

		assert_non_null(f);
		while (fgets(line, sizeof(line), f)) {
			/* A string literal of the shape "group.key". */
			for (char *q = strchr(line, '"'); q; q = strchr(q + 1, '"')) {
				char *end = strchr(q + 1, '"');
				size_t n = end ? (size_t)(end - q - 1) : 0;
				char key[80];

				if (!end || n == 0 || n >= sizeof(key))
					break;
				memcpy(key, q + 1, n);
				key[n] = '\0';
				q = end;
				if (strspn(key, "abcdefghijklmnopqrstuvwxyz_.0123456789") != n ||
				    !strchr(key, '.') || key[n - 1] == '.' ||
				    strstr(key, ".c") == key + n - 2 || strstr(key, ".css"))
					continue;
				if (!i18n_has(t, "sv", key))
					fail_msg("%s uses \"%s\", which is not in sv.json",
						 files[i], key);
				checked++;
			}
		}
		fclose(f);
	}
	assert_true(checked > 100);
	i18n_free(t);
}

static void test_i18n_refuses_a_bad_file(void **state)
{
	char dir[256], path[300];
	struct i18n *t;
	struct kverr e = { 0 };
	FILE *f;

	(void)state;
	testutil_tmp_template(dir, sizeof(dir), "test-i18n");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sv.json", dir);
	/* No Swedish file at all. */
	assert_int_equal(i18n_load(dir, &t, &e), -1);
	assert_null(t);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"a.b\": \"ok\", \"c.d\": 3}", f);
	fclose(f);
	assert_int_equal(i18n_load(dir, &t, &e), -1);
	assert_string_equal(e.field, "c.d");
	unlink(path);
	rmdir(dir);
}

/* A page group's texts in part files (sv.extra.json) are merged into the
 * language; a part's key missing in another language is reported, and a
 * key defined twice is refused, naming it. */
static void test_i18n_part_files(void **state)
{
	static const char *const files[][2] = {
		{ "sv.json", "{\"a.a\": \"A\"}" },
		{ "sv.extra.json", "{\"b.b\": \"B\"}" },
		{ "en.json", "{\"a.a\": \"A-en\"}" },
	};
	char dir[256], path[300];
	struct i18n *t;
	struct kverr e = { 0 };
	FILE *f;

	(void)state;
	testutil_tmp_template(dir, sizeof(dir), "test-i18n-parts");
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(files[i][1], f);
		fclose(f);
	}
	assert_int_equal(i18n_load(dir, &t, &e), 0);
	assert_string_equal(i18n_get(t, "sv", "b.b"), "B");
	assert_string_equal(i18n_get(t, "en", "b.b"), "B");   /* falls back */
	assert_int_equal(i18n_missing(t, "en", report, (void *)"en"), 1);
	i18n_free(t);
	snprintf(path, sizeof(path), "%s/sv.dup.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"a.a\": \"again\"}", f);
	fclose(f);
	assert_int_equal(i18n_load(dir, &t, &e), -1);
	assert_string_equal(e.code, "duplicate_key");
	assert_string_equal(e.field, "a.a");
	unlink(path);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escapes_text_and_attributes),
		cmocka_unit_test(test_html_textf_longer_than_stack_buffer),
		cmocka_unit_test(test_html_url_component),
		cmocka_unit_test(test_i18n_part_files),
		cmocka_unit_test(test_form_parses_and_decodes),
		cmocka_unit_test(test_form_trimmed),
		cmocka_unit_test(test_form_refuses_bad_input),
		cmocka_unit_test(test_form_limits),
		cmocka_unit_test(test_csrf_token),
		cmocka_unit_test(test_form_errors),
		cmocka_unit_test(test_i18n_render_escapes_and_fills),
		cmocka_unit_test(test_i18n_every_language_complete),
		cmocka_unit_test(test_i18n_keys_used_by_pages_exist),
		cmocka_unit_test(test_i18n_refuses_a_bad_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
