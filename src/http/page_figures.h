/*
 * page_figures.h — what the payment-run pages and the dashboards share:
 * amounts and counts written so they read the same in every language
 * (digits and spaces left to right, also in Arabic and Persian), months
 * in words, tables that scroll on their own at phone width, and a chart
 * (svg.h) with its legend and its table beside it.
 */
#ifndef PAGE_FIGURES_H
#define PAGE_FIGURES_H

#include "http/page.h"
#include "http/svg.h"

/* "1 234,50 kr" (öre in), isolated left to right. */
void pf_money(struct page *pg, int64_t ore);
/* "1 234", isolated left to right. */
void pf_count(struct page *pg, int64_t n);
/* A per mille as a percent with one decimal: "12,3 %" ("–" when null). */
void pf_permille(struct page *pg, const json_t *v);

/* "2026-11" as "november 2026" in the visitor's language. */
void pf_month_into(const struct page *pg, const char *ym, char *buf,
		   size_t size);
/* The same in a <time datetime="2026-11">. */
void pf_month(struct page *pg, const char *ym);
/* A moment (Unix seconds) as its Swedish civil date, in words. */
void pf_day(struct page *pg, int64_t t);

/* A data table in a region that scrolls sideways by itself (and can be
 * reached by keyboard to do so) with its caption; id is unique on the
 * page.  Close with pf_table_close. */
void pf_table_open(struct page *pg, const char *id, const char *caption);
void pf_table_close(struct page *pg);
/* <th scope="col"> with a translated heading; num aligns it as numbers. */
void pf_th(struct page *pg, const char *key, bool num);

/* A chart and its legend (when it has more than one series), in the
 * figure layout; the caller writes the table beside it next and then
 * calls pf_figure_close. */
void pf_figure_open(struct page *pg, const struct svg_chart *c);
void pf_figure_close(struct page *pg);

#endif
