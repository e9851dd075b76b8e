/*
 * svg.h — charts as inline SVG, drawn on the server (issue 8 §3: the
 * dashboards and the payment runs' figures), with no script and no style
 * attribute (the pages' Content-Security-Policy allows neither inline).
 *
 * A chart is an image with a name: role="img", a <title> and a <desc>
 * that say what it shows; the numbers are in a table beside it, which the
 * page writes.  Colour is never the only cue: each series has its own
 * fill pattern (bars) or dash and marker (lines), and the legend — HTML
 * the page writes with svg_swatch, so it follows the page's direction —
 * shows the same.  The chart itself is drawn left to right in every
 * language (time runs to the right); its <svg> says so with dir="ltr".
 *
 * Every text (title, description, labels) is escaped here; the caller
 * passes plain text, translated.
 */
#ifndef SVG_H
#define SVG_H

#include <stdint.h>

#include "core/strbuf.h"

enum svg_kind {
	SVG_LINES,     /* a line per series over the categories (months) */
	SVG_STACKED,   /* a column per category, the series stacked */
	SVG_HBARS      /* a horizontal bar per category, one series, valued */
};

/* How values are written on the axis and beside the bars. */
enum svg_format {
	SVG_COUNT,     /* 1 234 */
	SVG_KR,        /* öre written as whole kronor: 1 234 */
	SVG_PERMILLE,  /* per mille written as a whole percent: 12 % */
	SVG_PERCENT    /* a percent: 40 % */
};

#define SVG_MAX_SERIES 6
#define SVG_MAX_POINTS 60

struct svg_series {
	const char *label;       /* the legend's text (not drawn in the SVG) */
	const int64_t *v;        /* one value per category */
};

struct svg_chart {
	const char *id;          /* unique on the page, [a-z0-9-]: "c-tracks" */
	const char *title;       /* the chart's name */
	const char *desc;        /* what it shows, in a sentence or two */
	enum svg_kind kind;
	enum svg_format format;
	int n;                   /* categories, at most SVG_MAX_POINTS */
	const char *const *labels;   /* one per category */
	int n_series;            /* at most SVG_MAX_SERIES (SVG_HBARS: 1) */
	const struct svg_series *series;
};

/* The chart as an <svg> element; a chart with nothing to draw (no
 * categories) draws its axes only.  Negative values are drawn as zero
 * (the table beside shows them). */
void svg_chart(struct strbuf *sb, const struct svg_chart *c);

/* A small decorative <svg> showing series i's pattern or dash and marker
 * as chart c draws it, for the legend the page writes. */
void svg_swatch(struct strbuf *sb, const struct svg_chart *c, int i);

/* A value as the format writes it, into buf. */
void svg_format_value(enum svg_format f, int64_t v, char *buf, size_t size);

#endif
