/*
 * page_figures.c — amounts, months, tables and charts for the payment-run
 * pages and the dashboards (see page_figures.h).
 */
#include "http/page_figures.h"
#include "core/money.h"

#include <stdio.h>
#include <string.h>

void pf_money(struct page *pg, int64_t ore)
{
	char buf[MONEY_STRLEN];

	money_format(ore, buf);
	/* Grouping spaces between digits would let a right-to-left page
	 * reorder the groups; the amount is one left-to-right run. */
	html_raw(&pg->out, "<span dir=\"ltr\" class=\"amount\">");
	html_text(&pg->out, buf);
	html_raw(&pg->out, "</span>");
}

void pf_count(struct page *pg, int64_t n)
{
	char buf[40];

	svg_format_value(SVG_COUNT, n, buf, sizeof(buf));
	html_raw(&pg->out, "<span dir=\"ltr\" class=\"amount\">");
	html_text(&pg->out, buf);
	html_raw(&pg->out, "</span>");
}

void pf_permille(struct page *pg, const json_t *v)
{
	int64_t pm = json_integer_value(v);

	if (!json_is_integer(v)) {
		html_raw(&pg->out, "–");
		return;
	}
	html_raw(&pg->out, "<span dir=\"ltr\" class=\"amount\">");
	html_textf(&pg->out, "%s%lld%s%lld %%", pm < 0 ? "-" : "",
		   (long long)((pm < 0 ? -pm : pm) / 10), pg_t(pg, "fig.decimal"),
		   (long long)((pm < 0 ? -pm : pm) % 10));
	html_raw(&pg->out, "</span>");
}

void pf_month_into(const struct page *pg, const char *ym, char *buf,
		   size_t size)
{
	month_t m;
	char key[16], year[8];
	const char *args[5];
	struct strbuf sb = STRBUF_INIT;
	int y;

	if (!ym || month_parse(ym, &m)) {
		snprintf(buf, size, "%s", ym ? ym : "");
		return;
	}
	y = (int)(m / 12);
	snprintf(key, sizeof(key), "month.%d", (int)(m % 12) + 1);
	snprintf(year, sizeof(year), "%d", y);
	args[0] = "month"; args[1] = pg_t(pg, key);
	args[2] = "year"; args[3] = year;
	args[4] = NULL;
	/* i18n_render escapes; the caller escapes the whole again, so the
	 * template is filled by hand here, unescaped, as pg_date_into does. */
	for (const char *p = pg_t(pg, "fig.month_year"); *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		const char *v = NULL;

		for (int i = 0; close && args[i]; i += 2)
			if (strlen(args[i]) == (size_t)(close - p - 1) &&
			    !memcmp(args[i], p + 1, (size_t)(close - p - 1)))
				v = args[i + 1];
		if (v) {
			strbuf_adds(&sb, v);
			p = close;
		} else {
			strbuf_add(&sb, p, 1);
		}
	}
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

void pf_month(struct page *pg, const char *ym)
{
	char buf[80];

	pf_month_into(pg, ym, buf, sizeof(buf));
	html_raw(&pg->out, "<time");
	html_attr(&pg->out, "datetime", ym);
	html_raw(&pg->out, ">");
	html_text(&pg->out, buf);
	html_raw(&pg->out, "</time>");
}

void pf_day(struct page *pg, int64_t t)
{
	char ymd[DATE_STRLEN];

	date_format(app_civil_date(t), ymd);
	pg_date(pg, ymd);
}

void pf_table_open(struct page *pg, const char *id, const char *caption)
{
	/* The caption is shown above the region, so it stays in view while
	 * a wide table scrolls; the table keeps it as its <caption> for
	 * screen readers.  The region has a name and a tab stop: a keyboard
	 * user can scroll it at phone width (WCAG 2.1.1, 1.4.10). */
	strbuf_addf(&pg->out, "<p class=\"table-caption\" id=\"%s-title\""
		    " aria-hidden=\"true\">", id);
	html_text(&pg->out, caption);
	strbuf_addf(&pg->out, "</p><div class=\"table-wrap\" role=\"region\""
		    " tabindex=\"0\" aria-labelledby=\"%s-cap\"><table"
		    " class=\"data\"><caption id=\"%s-cap\""
		    " class=\"visually-hidden\">", id, id);
	html_text(&pg->out, caption);
	html_raw(&pg->out, "</caption>");
}

void pf_table_close(struct page *pg)
{
	html_raw(&pg->out, "</table></div>");
}

void pf_th(struct page *pg, const char *key, bool num)
{
	html_raw(&pg->out, num ? "<th scope=\"col\" class=\"num\">" :
		 "<th scope=\"col\">");
	pg_text(pg, key);
	html_raw(&pg->out, "</th>");
}

void pf_figure_open(struct page *pg, const struct svg_chart *c)
{
	html_raw(&pg->out, "<div class=\"figure\"><div class=\"chart\">");
	svg_chart(&pg->out, c);
	if (c->n_series > 1) {
		/* The legend is the page's text: it follows the page's
		 * direction while the chart runs left to right. */
		html_raw(&pg->out, "<ul class=\"legend\">");
		for (int i = 0; i < c->n_series; i++) {
			html_raw(&pg->out, "<li>");
			svg_swatch(&pg->out, c, i);
			html_raw(&pg->out, " ");
			html_text(&pg->out, c->series[i].label);
			html_raw(&pg->out, "</li>");
		}
		html_raw(&pg->out, "</ul>");
	}
	html_raw(&pg->out, "</div>");
}

void pf_figure_close(struct page *pg)
{
	html_raw(&pg->out, "</div>");
}
