/*
 * test_web_payments.c — the pieces of the payment-run pages and the
 * dashboards that need no server: the SVG charts (src/http/svg.c: a named
 * image, escaped text, round axes, a pattern or dash per series, no
 * inline style for the Content-Security-Policy to refuse), the download
 * helper (src/http/page_download.c: the file decoded, its name made safe
 * for the header), and the texts those pages use, present in Swedish and
 * in every language (data/i18n/<lang>.payments.json).
 */
#include "testutil.h"

#include <sodium.h>

#include "http/i18n.h"
#include "http/page.h"
#include "http/svg.h"

static char *draw(const struct svg_chart *c)
{
	struct strbuf sb = STRBUF_INIT;

	svg_chart(&sb, c);
	assert_false(sb.failed);
	return strbuf_detach(&sb, NULL);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ------------------------------------------------------------ numbers */

static void test_svg_formats(void **state)
{
	char b[40];

	(void)state;
	svg_format_value(SVG_COUNT, 1234567, b, sizeof(b));
	assert_string_equal(b, "1 234 567");
	svg_format_value(SVG_COUNT, -1234, b, sizeof(b));
	assert_string_equal(b, "-1 234");
	svg_format_value(SVG_COUNT, 0, b, sizeof(b));
	assert_string_equal(b, "0");
	/* 1 234 567,89 kr rounds to 1 234 568 whole kronor. */
	svg_format_value(SVG_KR, 123456789, b, sizeof(b));
	assert_string_equal(b, "1 234 568");
	/* -0,50 kr rounds away from zero. */
	svg_format_value(SVG_KR, -50, b, sizeof(b));
	assert_string_equal(b, "-1");
	/* 255 ‰ is 25.5 %, written 26 %. */
	svg_format_value(SVG_PERMILLE, 255, b, sizeof(b));
	assert_string_equal(b, "26 %");
	svg_format_value(SVG_PERCENT, 40, b, sizeof(b));
	assert_string_equal(b, "40 %");
}

/* ------------------------------------------------------------- charts */

static const char *const months[] = { "2026-01", "2026-02", "2026-03" };

static void test_svg_is_a_named_image_with_escaped_text(void **state)
{
	static const int64_t a[] = { 10, 94, 50 };
	struct svg_series s[] = { { "<b>one</b>", a } };
	const char *const labels[] = { "jan & feb", "2026-02", "<x>" };
	char *out = draw(&(struct svg_chart){ .id = "c-x",
		.title = "Title <script>", .desc = "Says \"what\"",
		.kind = SVG_LINES, .format = SVG_COUNT, .n = 3, .labels = labels,
		.n_series = 1, .series = s });

	(void)state;
	assert_non_null(strstr(out, "role=\"img\""));
	assert_non_null(strstr(out, "aria-labelledby=\"c-x-t\""));
	assert_non_null(strstr(out, "aria-describedby=\"c-x-d\""));
	assert_non_null(strstr(out, "<title id=\"c-x-t\">Title &lt;script&gt;</title>"));
	assert_non_null(strstr(out, "<desc id=\"c-x-d\">Says &quot;what&quot;</desc>"));
	assert_non_null(strstr(out, ">jan &amp; feb<"));
	assert_non_null(strstr(out, ">&lt;x&gt;<"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<x>"));
	/* Drawn left to right in every language. */
	assert_non_null(strstr(out, "dir=\"ltr\""));
	/* The Content-Security-Policy allows no inline style. */
	assert_null(strstr(out, "style="));
	/* The axis: the largest value 94 gives steps of 20 up to 100
	 * (5 × 20 ≥ 94; 5 × 10 is not), so 0, 20 … 100 and nothing above. */
	for (int v = 0; v <= 100; v += 20) {
		char t[16];

		snprintf(t, sizeof(t), ">%d</text>", v);
		assert_non_null(strstr(out, t));
	}
	assert_null(strstr(out, ">120</text>"));
	/* One marker per point. */
	assert_int_equal(count(out, "<circle"), 3);
	free(out);
}

static void test_svg_series_differ_by_more_than_colour(void **state)
{
	static const int64_t a[] = { 5, 6, 7 }, b[] = { 1, 2, 3 }, c[] = { 4, 0, -9 };
	struct svg_series s[] = { { "a", a }, { "b", b }, { "c", c } };
	struct svg_chart ch = { .id = "c-s", .title = "t", .desc = "d",
		.kind = SVG_STACKED, .format = SVG_KR, .n = 3, .labels = months,
		.n_series = 3, .series = s };
	char *out = draw(&ch), *lines;
	struct strbuf sw = STRBUF_INIT;

	(void)state;
	/* Series 0 is plain colour; 1 and 2 are patterns of their own. */
	assert_int_equal(count(out, "<pattern id=\"c-s-p1\""), 1);
	assert_int_equal(count(out, "<pattern id=\"c-s-p2\""), 1);
	assert_int_equal(count(out, "fill=\"url(#c-s-p1)\""), 3);
	/* c: 4 in the first column; zero and the negative are not drawn. */
	assert_int_equal(count(out, "fill=\"url(#c-s-p2)\""), 1);
	/* The legend's swatches show the same pattern, with ids of their own. */
	svg_swatch(&sw, &ch, 2);
	assert_non_null(strstr(strbuf_str(&sw), "<pattern id=\"c-s-sw-p2\""));
	assert_non_null(strstr(strbuf_str(&sw), "aria-hidden=\"true\""));
	strbuf_release(&sw);
	free(out);

	/* Lines: a dash pattern and a marker shape of their own. */
	ch.kind = SVG_LINES;
	ch.id = "c-l";
	lines = draw(&ch);
	assert_int_equal(count(lines, "stroke-dasharray=\"9 4\""), 1);
	assert_int_equal(count(lines, "stroke-dasharray=\"2 4\""), 1);
	assert_int_equal(count(lines, "<circle"), 3);
	assert_int_equal(count(lines, "<rect x="), 3);
	free(lines);
}

static void test_svg_bars_and_empty_charts(void **state)
{
	static const int64_t pct[] = { 26, 11 };
	const char *const labels[] = { "Spår 1", "Född utanför Europa" };
	struct svg_series s = { "x", pct };
	char *bars = draw(&(struct svg_chart){ .id = "c-b", .title = "t",
		.desc = "d", .kind = SVG_HBARS, .format = SVG_PERCENT, .n = 2,
		.labels = labels, .n_series = 1, .series = &s });
	char *none = draw(&(struct svg_chart){ .id = "c-e", .title = "t",
		.desc = "d", .kind = SVG_STACKED, .format = SVG_KR, .n = 0,
		.labels = NULL, .n_series = 1, .series = &s });

	(void)state;
	/* Each bar carries its value as text: the colour is not needed. */
	assert_non_null(strstr(bars, ">26 %</text>"));
	assert_non_null(strstr(bars, ">11 %</text>"));
	assert_non_null(strstr(bars, ">Född utanför Europa</text>"));
	assert_int_equal(count(bars, "<rect "), 2);
	/* Nothing to draw: the axis, the name, no bars. */
	assert_non_null(strstr(none, "<title id=\"c-e-t\">"));
	assert_int_equal(count(none, "<rect "), 0);
	free(bars);
	free(none);
}

/* ----------------------------------------------------------- download */

static void test_download_decodes_and_names_safely(void **state)
{
	struct page *pg = calloc(1, sizeof(*pg));
	const char *body = "#FLAGGA 0\r\n";
	char b64[64];
	json_t *file;

	(void)state;
	assert_non_null(pg);
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)body,
			  strlen(body), sodium_base64_VARIANT_ORIGINAL);
	/* A name that would end the header or name a folder is made safe. */
	file = json_pack("{s:s, s:s, s:s}", "filename", "a/../x\"\r\nSet-Cookie: b.se",
			 "media_type", "text/plain; charset=cp437", "content_base64", b64);
	assert_int_equal(pg_download(pg, file), 0);
	assert_int_equal(pg->file_len, strlen(body));
	assert_memory_equal(pg->file, body, pg->file_len);
	assert_string_equal(pg->file_name, "a_.._x___Set-Cookie__b.se");
	assert_string_equal(pg->file_type, "text/plain; charset=cp437");
	json_decref(file);
	/* A hidden file's name is not kept. */
	file = json_pack("{s:s, s:s, s:s}", "filename", ".profile", "media_type",
			 "text/plain", "content_base64", b64);
	assert_int_equal(pg_download(pg, file), 0);
	assert_string_equal(pg->file_name, "download");
	json_decref(file);
	/* A bad media type or bad base64 is no file. */
	file = json_pack("{s:s, s:s, s:s}", "filename", "a.se", "media_type",
			 "text/plain\r\nX: y", "content_base64", b64);
	assert_int_equal(pg_download(pg, file), -1);
	json_decref(file);
	file = json_pack("{s:s, s:s, s:s}", "filename", "a.se", "media_type",
			 "text/plain", "content_base64", "***");
	assert_int_equal(pg_download(pg, file), -1);
	json_decref(file);
	free(pg->file);
	free(pg);
}

/* -------------------------------------------------------------- texts */

/* Every key the pages name in their source is in Swedish; keys built at
 * run time are listed by hand.  (test_web.c checks every language has
 * every Swedish key.) */
static void test_keys_used_exist(void **state)
{
	static const char *const files[] = {
		"src/http/page_payments.c", "src/http/page_dashboard.c",
		"src/http/page_figures.c", NULL };
	static const char *const built[] = {
		"payruns.status.draft", "payruns.status.approved",
		"payruns.done.prepared", "payruns.done.approved",
		"payruns.comp.base", "payruns.comp.result", "payruns.comp.supplement",
		"payruns.comp.bonus", "payruns.comp.fund", "payruns.comp.course",
		"payruns.comp.other", "payruns.kind.correction",
		"payruns.kind.clawback", "payruns.col.earned", "payruns.col.set_off",
		"payruns.col.paid", "payruns.col.carried", "payruns.err.generic",
		"payruns.err.four_eyes", "payruns.err.approved",
		"payruns.err.earlier_open", "payruns.err.later_exists",
		"payruns.err.future_month", "payruns.err.bad_month",
		"payruns.err.preparing", "payruns.err.not_prepared",
		"payruns.err.past_date", "payruns.err.empty", "payruns.err.too_long",
		"payruns.err.bad_characters", "payruns.err.not_approved",
		"dash.err.generic", "dash.err.bad_period", "dash.err.future_month",
		"dash.err.too_many_months", "dash.gender.woman", "dash.gender.man",
		"dash.gender.other", "dash.birth_region.sweden",
		"dash.birth_region.europe", "dash.birth_region.outside_europe",
		"dash.results_by.track", "dash.results_by.gender",
		"dash.results_by.birth_region", "dash.results_by.age_band",
		"dash.results_desc.track", "dash.results_desc.gender",
		"dash.results_desc.birth_region", "dash.results_desc.age_band",
		"month.1", "month.12", NULL };
	struct i18n *t;
	struct kverr e = { 0 };
	int checked = 0;

	(void)state;
	assert_int_equal(i18n_load("data/i18n", &t, &e), 0);
	for (int i = 0; built[i]; i++)
		if (!i18n_has(t, "sv", built[i]))
			fail_msg("key %s is not in Swedish", built[i]);
	for (int i = 0; files[i]; i++) {
		FILE *f = fopen(files[i], "r");
		char line[1024];

		assert_non_null(f);
		while (fgets(line, sizeof(line), f)) {
			for (char *q = strchr(line, '"'); q; q = strchr(q + 1, '"')) {
				char *end = strchr(q + 1, '"');
				size_t n = end ? (size_t)(end - q - 1) : 0;
				char key[80];

				if (!end || n == 0 || n >= sizeof(key))
					break;
				memcpy(key, q + 1, n);
				key[n] = '\0';
				q = end;
				/* Only complete keys of this group ("payruns.x"),
				 * not prefixes the page completes ("payruns.err."). */
				if (strspn(key, "abcdefghijklmnopqrstuvwxyz_.0123456789") != n ||
				    key[n - 1] == '.' ||
				    (strncmp(key, "payruns.", 8) && strncmp(key, "dash.", 5) &&
				     strncmp(key, "fig.", 4) && strncmp(key, "nav.", 4) &&
				     strncmp(key, "error.", 6)))
					continue;
				if (!i18n_has(t, "sv", key))
					fail_msg("%s uses \"%s\", which is not in Swedish",
						 files[i], key);
				checked++;
			}
		}
		fclose(f);
	}
	assert_true(checked > 120);
	assert_true(i18n_has(t, "sv", "nav.payruns"));
	assert_true(i18n_has(t, "sv", "nav.dashboards"));
	/* Every language has this group's file complete. */
	for (const char *const *l = (const char *const[]){ "en", "ar", "so", "ti",
							   "fa", NULL }; *l; l++)
		assert_int_equal(i18n_missing(t, *l, NULL, NULL), 0);
	i18n_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_formats),
		cmocka_unit_test(test_svg_is_a_named_image_with_escaped_text),
		cmocka_unit_test(test_svg_series_differ_by_more_than_colour),
		cmocka_unit_test(test_svg_bars_and_empty_charts),
		cmocka_unit_test(test_download_decodes_and_names_safely),
		cmocka_unit_test(test_keys_used_exist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
