/*
 * page_form.c — form controls for every page (issue 8 §4): each control
 * has a visible <label>, an optional hint, and — after a refused POST —
 * its message in the visitor's language right next to it, tied to it
 * with aria-describedby and marked aria-invalid, while keeping what the
 * visitor typed.  A summary at the top links to each field in error.
 * Also the stars of a provider, shared by the public and jobseeker pages.
 *
 * A control's id is "f-<name>"; names are constants of the page.
 */
#include "http/page.h"

#include <stdio.h>
#include <string.h>

/* The message for an error key; a code without its own text reads as the
 * general one. */
static const char *error_text(const struct page *pg, const char *key)
{
	return i18n_has(pg->i18n, "sv", key) ? pg_t(pg, key) :
	       pg_t(pg, "error.generic");
}

void pg_form_open(struct page *pg, const char *method, const char *action,
		  const char *cls)
{
	html_raw(&pg->out, "<form");
	html_attr(&pg->out, "method", method);
	html_attr(&pg->out, "action", action);
	if (cls)
		html_attr(&pg->out, "class", cls);
	/* The server validates; the browser's own bubbles would speak the
	 * browser's language, not the page's. */
	html_raw(&pg->out, " novalidate>");
	if (strcmp(method, "post") == 0)
		pg_hidden(pg, FORM_CSRF_FIELD, pg->csrf);
}

void pg_form_close(struct page *pg)
{
	html_raw(&pg->out, "</form>");
}

void pg_hidden(struct page *pg, const char *name, const char *value)
{
	html_raw(&pg->out, "<input type=\"hidden\"");
	html_attr(&pg->out, "name", name);
	html_attr(&pg->out, "value", value);
	html_raw(&pg->out, ">");
}

void pg_field_error(struct page *pg, const char *field)
{
	const char *key = form_error_for(&pg->errors, field);

	if (!key)
		return;
	strbuf_addf(&pg->out, "<p class=\"field-error\" id=\"f-%s-error\">", field);
	html_raw(&pg->out, "<span class=\"visually-hidden\">");
	pg_text(pg, "form.error_prefix");
	html_raw(&pg->out, " </span>");
	html_text(&pg->out, error_text(pg, key));
	html_raw(&pg->out, "</p>");
}

/* aria-describedby for the hint and the error, and aria-invalid. */
static void described_by(struct page *pg, const char *name, bool hint)
{
	bool err = form_error_for(&pg->errors, name) != NULL;

	if (hint || err) {
		html_raw(&pg->out, " aria-describedby=\"");
		if (hint)
			strbuf_addf(&pg->out, "f-%s-hint", name);
		if (err)
			strbuf_addf(&pg->out, "%sf-%s-error", hint ? " " : "", name);
		html_raw(&pg->out, "\"");
	}
	if (err)
		html_raw(&pg->out, " aria-invalid=\"true\"");
}

static void label_and_hint(struct page *pg, const char *name,
			   const char *label_key, const char *hint_key)
{
	strbuf_addf(&pg->out, "<label for=\"f-%s\">", name);
	pg_text(pg, label_key);
	html_raw(&pg->out, "</label>");
	if (hint_key) {
		strbuf_addf(&pg->out, "<p class=\"hint\" id=\"f-%s-hint\">", name);
		pg_text(pg, hint_key);
		html_raw(&pg->out, "</p>");
	}
	pg_field_error(pg, name);
}

void pg_input(struct page *pg, const struct pg_input *in)
{
	bool err = form_error_for(&pg->errors, in->name) != NULL;

	html_raw(&pg->out, err ? "<div class=\"field has-error\">" :
		 "<div class=\"field\">");
	label_and_hint(pg, in->name, in->label_key, in->hint_key);
	html_raw(&pg->out, "<input");
	html_attr(&pg->out, "type", in->type ? in->type : "text");
	strbuf_addf(&pg->out, " id=\"f-%s\"", in->name);
	html_attr(&pg->out, "name", in->name);
	if (in->value && strcmp(in->type ? in->type : "", "password") != 0)
		html_attr(&pg->out, "value", in->value);
	if (in->autocomplete)
		html_attr(&pg->out, "autocomplete", in->autocomplete);
	if (in->inputmode)
		html_attr(&pg->out, "inputmode", in->inputmode);
	if (in->maxlength > 0)
		html_attr_int(&pg->out, "maxlength", in->maxlength);
	html_flag(&pg->out, "required", in->required);
	described_by(pg, in->name, in->hint_key != NULL);
	html_raw(&pg->out, "></div>");
}

void pg_select(struct page *pg, const char *name, const char *label_key,
	       const struct pg_option *opts, int n, const char *selected,
	       bool raw_labels)
{
	html_raw(&pg->out, "<div class=\"field\">");
	label_and_hint(pg, name, label_key, NULL);
	strbuf_addf(&pg->out, "<select id=\"f-%s\"", name);
	html_attr(&pg->out, "name", name);
	described_by(pg, name, false);
	html_raw(&pg->out, ">");
	for (int i = 0; i < n; i++) {
		html_raw(&pg->out, "<option");
		html_attr(&pg->out, "value", opts[i].value);
		html_flag(&pg->out, "selected", selected &&
			  strcmp(selected, opts[i].value) == 0);
		html_raw(&pg->out, ">");
		html_text(&pg->out, raw_labels ? opts[i].label :
			  pg_t(pg, opts[i].label));
		html_raw(&pg->out, "</option>");
	}
	html_raw(&pg->out, "</select></div>");
}

void pg_checkbox(struct page *pg, const char *name, const char *label_key,
		 bool checked)
{
	html_raw(&pg->out, "<div class=\"field check\"><input type=\"checkbox\"");
	strbuf_addf(&pg->out, " id=\"f-%s\"", name);
	html_attr(&pg->out, "name", name);
	html_raw(&pg->out, " value=\"1\"");
	html_flag(&pg->out, "checked", checked);
	strbuf_addf(&pg->out, "><label for=\"f-%s\">", name);
	pg_text(pg, label_key);
	html_raw(&pg->out, "</label></div>");
}

void pg_button(struct page *pg, const char *label_key, const char *cls)
{
	html_raw(&pg->out, "<button type=\"submit\"");
	if (cls)
		html_attr(&pg->out, "class", cls);
	html_raw(&pg->out, ">");
	pg_text(pg, label_key);
	html_raw(&pg->out, "</button>");
}

void pg_error_summary(struct page *pg)
{
	if (pg->errors.n == 0)
		return;
	html_raw(&pg->out, "<div class=\"error-summary\" role=\"alert\""
		 " aria-labelledby=\"error-summary-title\" tabindex=\"-1\">"
		 "<h2 id=\"error-summary-title\">");
	pg_text(pg, "form.errors_title");
	html_raw(&pg->out, "</h2><ul>");
	for (int i = 0; i < pg->errors.n; i++) {
		const struct form_error *fe = &pg->errors.err[i];

		html_raw(&pg->out, "<li><a");
		/* The field name came from a page constant or a use case's
		 * error; escaped all the same. */
		strbuf_adds(&pg->out, " href=\"#f-");
		html_text(&pg->out, fe->field);
		html_raw(&pg->out, "\">");
		html_text(&pg->out, error_text(pg, fe->key));
		html_raw(&pg->out, "</a></li>");
	}
	html_raw(&pg->out, "</ul></div>");
}

/* ------------------------------------------------------------ stars */

static void star_svg(struct page *pg, bool filled)
{
	/* Decorative: the text beside the stars says the same. */
	html_raw(&pg->out, filled ?
		 "<svg class=\"star on\" viewBox=\"0 0 24 24\" aria-hidden=\"true\""
		 " focusable=\"false\"><path d=\"M12 2l3 7 7 .6-5.3 4.7 1.6 7.2L12"
		 " 17.8 5.7 21.5l1.6-7.2L2 9.6 9 9z\"/></svg>" :
		 "<svg class=\"star\" viewBox=\"0 0 24 24\" aria-hidden=\"true\""
		 " focusable=\"false\"><path d=\"M12 2l3 7 7 .6-5.3 4.7 1.6 7.2L12"
		 " 17.8 5.7 21.5l1.6-7.2L2 9.6 9 9z\"/></svg>");
}

/*
 * The rating issue decides the figures; a provider row that carries
 * "stars" (1 … 5) is shown with them, any other as not yet rated.  The
 * words always come with the picture, and the link says what the stars
 * mean in plain words (C-5: many choosers did not use the ratings).
 */
void pg_stars(struct page *pg, const json_t *row)
{
	json_t *s = json_object_get(row, "stars");
	int64_t n = json_is_integer(s) ? json_integer_value(s) : 0;
	char num[8];

	html_raw(&pg->out, "<p class=\"stars\">");
	if (n >= 1 && n <= 5) {
		snprintf(num, sizeof(num), "%d", (int)n);
		html_raw(&pg->out, "<span class=\"star-row\">");
		for (int i = 1; i <= 5; i++)
			star_svg(pg, i <= n);
		html_raw(&pg->out, "</span> ");
		pg_textf(pg, "stars.n_of_5", "n", num, NULL);
	} else {
		html_raw(&pg->out, "<span class=\"not-rated\">");
		pg_text(pg, "stars.not_rated");
		html_raw(&pg->out, "</span>");
	}
	html_raw(&pg->out, " <a href=\"/stars\">");
	pg_text(pg, "stars.what_link");
	html_raw(&pg->out, "</a></p>");
}

/* A text area with its label, hint and error, as pg_input; value is
 * what the user typed (or NULL), maxlength 0 for the form limit only. */
void pg_textarea(struct page *pg, const char *name, const char *label_key,
		 const char *hint_key, const char *value, int maxlength)
{
	bool err = form_error_for(&pg->errors, name) != NULL;

	html_raw(&pg->out, err ? "<div class=\"field has-error\">" :
		 "<div class=\"field\">");
	strbuf_addf(&pg->out, "<label for=\"f-%s\">", name);
	pg_text(pg, label_key);
	html_raw(&pg->out, "</label>");
	if (hint_key) {
		strbuf_addf(&pg->out, "<p class=\"hint\" id=\"f-%s-hint\">", name);
		pg_text(pg, hint_key);
		html_raw(&pg->out, "</p>");
	}
	pg_field_error(pg, name);
	strbuf_addf(&pg->out, "<textarea id=\"f-%s\" rows=\"5\"", name);
	html_attr(&pg->out, "name", name);
	if (maxlength > 0)
		html_attr_int(&pg->out, "maxlength", maxlength);
	if (hint_key || err) {
		html_raw(&pg->out, " aria-describedby=\"");
		if (hint_key)
			strbuf_addf(&pg->out, "f-%s-hint", name);
		if (err)
			strbuf_addf(&pg->out, "%sf-%s-error", hint_key ? " " : "", name);
		html_raw(&pg->out, "\"");
	}
	if (err)
		html_raw(&pg->out, " aria-invalid=\"true\"");
	html_raw(&pg->out, ">");
	html_text(&pg->out, value ? value : "");
	html_raw(&pg->out, "</textarea></div>");
}
