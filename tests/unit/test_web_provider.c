/*
 * test_web_provider.c — unit tests for what the provider staff's pages
 * add to the web foundation: multipart/form-data bodies (src/http/form.c:
 * a browser's upload with a binary file, the limits, every refusal keeps
 * nothing) and the provider texts (every key page_provider*.c names is in
 * Swedish, in data/i18n/sv.provider.json).
 */
#include "testutil.h"

#include "http/form.h"
#include "http/i18n.h"

#define TYPE "multipart/form-data; boundary=----kvBoundary7MA4YWxk"
#define DELIM "------kvBoundary7MA4YWxk"

/* A body as Chromium sends it: the token, a text with a line break, the
 * file, and a file field left empty. */
static char *browser_body(const unsigned char *file, size_t flen, size_t *len)
{
	static const char head[] =
		DELIM "\r\n"
		"Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
		"abc123\r\n"
		DELIM "\r\n"
		"Content-Disposition: form-data; name=\"note\"\r\n\r\n"
		"rad ett\r\nrad två\r\n"
		DELIM "\r\n"
		"Content-Disposition: form-data; name=\"file\";"
		" filename=\"anst\xc3\xa4llningsbevis.pdf\"\r\n"
		"Content-Type: application/pdf\r\n\r\n";
	static const char tail[] =
		"\r\n" DELIM "\r\n"
		"Content-Disposition: form-data; name=\"other\"; filename=\"\"\r\n"
		"Content-Type: application/octet-stream\r\n\r\n"
		"\r\n" DELIM "--\r\n";
	char *b = malloc(sizeof(head) + flen + sizeof(tail));

	memcpy(b, head, sizeof(head) - 1);
	memcpy(b + sizeof(head) - 1, file, flen);
	memcpy(b + sizeof(head) - 1 + flen, tail, sizeof(tail));
	*len = sizeof(head) - 1 + flen + sizeof(tail) - 1;
	return b;
}

static void test_multipart_browser_upload(void **state)
{
	/* Binary content with what looks like line ends and a near-boundary:
	 * only CR LF and the whole delimiter end a part. */
	static const unsigned char file[] = "%PDF-1.4\r\n\0\x01\xff\r\n--"
					    "----kvBoundary7MA4YWx\r\nx" DELIM
					    "\r\n%%EOF";
	struct form f;
	struct kverr e = { 0 };
	const struct form_file *ff;
	size_t len;
	char *body = browser_body(file, sizeof(file) - 1, &len);

	(void)state;
	assert_int_equal(form_parse_multipart(&f, TYPE, body, len, &e), 0);
	assert_string_equal(form_get(&f, "csrf"), "abc123");
	assert_string_equal(form_get(&f, "note"), "rad ett\r\nrad två");
	assert_int_equal(f.nfiles, 1);     /* the empty field is left out */
	ff = form_file(&f, "file");
	assert_non_null(ff);
	assert_string_equal(ff->filename, "anställningsbevis.pdf");
	assert_string_equal(ff->media_type, "application/pdf");
	assert_int_equal(ff->len, sizeof(file) - 1);
	assert_memory_equal(ff->data, file, sizeof(file) - 1);
	assert_null(form_file(&f, "other"));
	assert_null(form_get(&f, "file"));    /* a file is not a text field */
	form_release(&f);
	free(body);
}

static void test_multipart_boundary_and_names(void **state)
{
	static const char body[] =
		"--b\r\n"
		"content-disposition: form-data; name=\"f\"; filename=\"C:\\\\dir\\\\a \\\"b\\\".png\"\r\n"
		"\r\n"
		"\x89PNG\r\n"
		"--b--";
	struct form f;
	struct kverr e = { 0 };

	(void)state;
	/* A quoted boundary and lower-case header names are fine; an old
	 * browser's folder is dropped from the name. */
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data;"
					      " boundary=\"b\"", body,
					      sizeof(body) - 1, &e), 0);
	assert_int_equal(f.nfiles, 1);
	assert_string_equal(f.files[0].filename, "a \"b\".png");
	assert_string_equal(f.files[0].media_type, "");
	assert_int_equal(f.files[0].len, 4);
	form_release(&f);
}

/* Each refused body names what is wrong (the field when there is one)
 * and keeps nothing; ASan checks that nothing leaks on the way out. */
static void test_multipart_refuses_bad_input(void **state)
{
	static const struct {
		const char *type, *body, *field;
	} bad[] = {
		{ "multipart/form-data", "--b\r\n", "" },               /* no boundary */
		{ "multipart/form-data; boundary=", "--b\r\n", "" },
		{ "text/plain; boundary=b", "--b--", "" },
		{ "multipart/form-data; boundary=b", "preamble\r\n--b--", "" },
		{ "multipart/form-data; boundary=b",                     /* not closed */
		  "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "" },
		{ "multipart/form-data; boundary=b",                     /* no name */
		  "--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--", "" },
		{ "multipart/form-data; boundary=b",                     /* not form-data */
		  "--b\r\nContent-Disposition: inline; name=\"a\"\r\n\r\n1\r\n--b--", "" },
		{ "multipart/form-data; boundary=b",                     /* open quote */
		  "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--b--", "" },
		{ "multipart/form-data; boundary=b",                     /* no blank line */
		  "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n--b--", "" },
		{ "multipart/form-data; boundary=b",                     /* control character */
		  "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\x01y\r\n--b--",
		  "a" },
		{ "multipart/form-data; boundary=b",                     /* bad UTF-8 */
		  "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xc3\r\n--b--", "a" },
		{ "multipart/form-data; boundary=b",                     /* a file's name */
		  "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\x01.pdf\"\r\n"
		  "\r\n%PDF\r\n--b--", "f" },
		{ "multipart/form-data; boundary=b",                     /* three files */
		  "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"1\"\r\n\r\n1\r\n"
		  "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"2\"\r\n\r\n2\r\n"
		  "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"3\"\r\n\r\n3\r\n"
		  "--b--", "f" },
	};
	struct form f;
	struct kverr e = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kverr_clear(&e);
		assert_int_equal(form_parse_multipart(&f, bad[i].type, bad[i].body,
						      strlen(bad[i].body), &e), -1);
		assert_string_equal(e.code, "bad_form");
		assert_string_equal(e.field, bad[i].field);
		assert_int_equal(f.n, 0);
		assert_int_equal(f.nfiles, 0);
	}
}

static void test_multipart_limits(void **state)
{
	struct form f;
	struct kverr e = { 0 };
	size_t cap = FORM_MAX_UPLOAD + 4096, n;
	char *body = malloc(cap);
	unsigned char *file = malloc(LIMIT_EVIDENCE_BYTES + 10);
	char *b;

	(void)state;
	/* Over the body limit: refused before anything is read. */
	memset(body, 'x', cap);
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data; boundary=b",
					      body, FORM_MAX_UPLOAD + 1, &e), -1);
	assert_string_equal(e.code, "too_large");

	/* A file over the evidence limit but within the body is kept: the
	 * use case refuses it next to its field (as the JSON API does). */
	memset(file, 'A', LIMIT_EVIDENCE_BYTES + 10);
	b = browser_body(file, LIMIT_EVIDENCE_BYTES + 10, &n);
	assert_true(n <= FORM_MAX_UPLOAD);
	assert_int_equal(form_parse_multipart(&f, TYPE, b, n, &e), 0);
	assert_int_equal(form_file(&f, "file")->len, LIMIT_EVIDENCE_BYTES + 10);
	form_release(&f);
	free(b);

	/* A text value over FORM_MAX_VALUE names its field. */
	n = (size_t)snprintf(body, cap, "--b\r\nContent-Disposition: form-data;"
			     " name=\"text\"\r\n\r\n");
	memset(body + n, 'a', FORM_MAX_VALUE + 1);
	n += FORM_MAX_VALUE + 1;
	n += (size_t)snprintf(body + n, cap - n, "\r\n--b--");
	kverr_clear(&e);
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data; boundary=b",
					      body, n, &e), -1);
	assert_string_equal(e.field, "text");

	/* Part headers longer than FORM_MAX_PART_HEADERS. */
	n = (size_t)snprintf(body, cap, "--b\r\nContent-Disposition: form-data;"
			     " name=\"a\"\r\nX-Pad: ");
	memset(body + n, 'p', FORM_MAX_PART_HEADERS);
	n += FORM_MAX_PART_HEADERS;
	n += (size_t)snprintf(body + n, cap - n, "\r\n\r\n1\r\n--b--");
	kverr_clear(&e);
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data; boundary=b",
					      body, n, &e), -1);
	assert_string_equal(e.code, "bad_form");

	/* More fields than FORM_MAX_FIELDS. */
	n = 0;
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		n += (size_t)snprintf(body + n, cap - n, "--b\r\nContent-Disposition:"
				      " form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
	n += (size_t)snprintf(body + n, cap - n, "--b--");
	kverr_clear(&e);
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data; boundary=b",
					      body, n, &e), -1);
	assert_int_equal(f.n, 0);
	free(file);
	free(body);
}

/* ------------------------------------------------------------- texts */

/* Every "prov.*" key a provider page names is in Swedish; keys built at
 * run time from a use case's codes are listed by hand. */
static void test_provider_keys_exist(void **state)
{
	static const char *const files[] = {
		"src/http/page_provider.c", "src/http/page_provider_work.c",
		"src/http/page_provider_cases.c",
		"src/http/page_provider_outcome.c", "src/http/page_provider_money.c",
		"src/http/page_layout.c", NULL };
	/* Prefixes that pv_code, pv_form_error and pv_done_notice complete. */
	static const char *const prefixes[] = {
		"prov.component", "prov.component_explain", "prov.decision",
		"prov.end_reason", "prov.kind", "prov.outcome", "prov.request",
		"prov.run", "prov.run_explain", "prov.state", "prov.status",
		"prov.status_explain", "prov.warning", "prov.done", "prov.error",
		NULL };
	static const char *const built[] = {
		"prov.state.running", "prov.state.coming", "prov.state.ended",
		"prov.state.cancelled", "prov.how.choice", "prov.how.nonchoice",
		"prov.end_reason.max_duration", "prov.end_reason.notice",
		"prov.end_reason.ordered_change", "prov.end_reason.job",
		"prov.end_reason.moved", "prov.end_reason.deregistered",
		"prov.end_reason.other", "prov.end_reason.cancelled",
		"prov.decision.no_action", "prov.decision.talk_to_jobseeker",
		"prov.decision.notify_benefit_fund", "prov.request.pending",
		"prov.request.granted", "prov.request.denied",
		"prov.outcome.employment", "prov.outcome.own_business",
		"prov.outcome.studies", "prov.outcome.subsidised_employment",
		"prov.outcome.labour_market_training", "prov.outcome.esf_project",
		"prov.outcome.left_social_assistance", "prov.status.claimed",
		"prov.status.approved", "prov.status.rejected",
		"prov.status_explain.claimed", "prov.status_explain.approved",
		"prov.status_explain.rejected", "prov.warning.open",
		"prov.warning.remedied", "prov.warning.not_remedied",
		"prov.run.draft", "prov.run.approved", "prov.run_explain.draft",
		"prov.run_explain.approved", "prov.done.plan", "prov.done.report",
		"prov.done.deviation", "prov.done.reassessment",
		"prov.done.claimed", "prov.done.evidence", "prov.done.month",
		/* the codes the forms' use cases refuse with */
		"prov.error.outside_participation", "prov.error.future_date",
		"prov.error.future_month", "prov.error.exists",
		"prov.error.weeks_mismatch", "prov.error.bad_occupation",
		"prov.error.ends_before_start", "prov.error.before_participation",
		"prov.error.after_participation", "prov.error.rejected",
		"prov.error.before_outcome", "prov.error.outcome_ended",
		"prov.error.already_confirmed", "prov.error.later_months",
		"prov.error.pending", "prov.error.ended", "prov.error.bad_file_type",
		"prov.error.too_large", "prov.error.bad_filename", NULL };
	static const char *const comps[] = { "base", "result", "supplement",
		"bonus", "fund", "course", "correction", "clawback", NULL };
	struct i18n *t;
	struct kverr e = { 0 };
	int checked = 0;

	(void)state;
	assert_int_equal(i18n_load("data/i18n", &t, &e), 0);
	for (int i = 0; built[i]; i++)
		if (!i18n_has(t, "sv", built[i]))
			fail_msg("key %s is not in Swedish", built[i]);
	for (int i = 0; comps[i]; i++) {
		char key[64];

		snprintf(key, sizeof(key), "prov.component.%s", comps[i]);
		assert_true(i18n_has(t, "sv", key));
		snprintf(key, sizeof(key), "prov.component_explain.%s", comps[i]);
		assert_true(i18n_has(t, "sv", key));
	}
	for (int i = 0; files[i]; i++) {
		FILE *f = fopen(files[i], "r");
		char line[1024];

		assert_non_null(f);
		while (fgets(line, sizeof(line), f)) {
			for (char *q = strstr(line, "\"prov."); q;
			     q = strstr(q + 1, "\"prov.")) {
				char *end = strchr(q + 1, '"');
				size_t n = end ? (size_t)(end - q - 1) : 0;
				char key[96];
				bool prefix = false;

				if (!end || n >= sizeof(key))
					continue;
				memcpy(key, q + 1, n);
				key[n] = '\0';
				if (strspn(key, "abcdefghijklmnopqrstuvwxyz_.0123456789") != n)
					continue;   /* a format: "prov.done.%s" */
				for (int k = 0; prefixes[k]; k++)
					prefix |= strcmp(prefixes[k], key) == 0;
				if (prefix)
					continue;
				if (!i18n_has(t, "sv", key))
					fail_msg("%s uses \"%s\", which is not in Swedish",
						 files[i], key);
				checked++;
			}
		}
		fclose(f);
	}
	assert_true(checked > 200);
	i18n_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multipart_browser_upload),
		cmocka_unit_test(test_multipart_boundary_and_names),
		cmocka_unit_test(test_multipart_refuses_bad_input),
		cmocka_unit_test(test_multipart_limits),
		cmocka_unit_test(test_provider_keys_exist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
