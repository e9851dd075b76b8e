/*
 * svg.c — line, stacked-column and horizontal-bar charts as inline SVG
 * (see svg.h).  Only presentation attributes, no style attributes (the
 * Content-Security-Policy forbids inline styles); every text escaped.
 *
 * The axis runs from zero to a round number a little above the largest
 * value (1, 2 or 5 times a power of ten per step), so the gridlines fall
 * on numbers a person reads at a glance.
 */
#include "http/svg.h"
#include "http/html.h"

#include <stdio.h>
#include <string.h>

/* The viewBox of lines and columns; a bar chart grows with its rows. */
#define W 640
#define H 300
#define MARGIN_TOP 16
#define MARGIN_RIGHT 16
#define MARGIN_BOTTOM 44
#define MARGIN_LEFT 84
#define BAR_ROW 30
#define FONT "13"
#define INK "#1b1f24"
#define GRID "#c9d1d9"

/* 4.5:1 or more on white each, so a bar or line is seen against the
 * page (WCAG 1.4.11 asks 3:1); the patterns tell them apart. */
static const char *const colours[SVG_MAX_SERIES] = {
	"#0b4f8a", "#8a5a00", "#1e6b34", "#6a1b9a", "#b3261e", "#4a5560"
};
static const char *const dashes[SVG_MAX_SERIES] = {
	NULL, "9 4", "2 4", "12 4 2 4", "5 3", "1 3"
};

/* ------------------------------------------------------------- numbers */

/* Digits grouped by three with a space: "1 234 567". */
static void grouped(int64_t v, char *buf, size_t size)
{
	char tmp[32];
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t n = 0, len = 0;
	int digits = 0;

	do {
		if (digits > 0 && digits % 3 == 0)
			tmp[n++] = ' ';
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
		digits++;
	} while (mag > 0);
	if (v < 0)
		tmp[n++] = '-';
	while (n > 0 && len + 1 < size)
		buf[len++] = tmp[--n];
	buf[len] = '\0';
}

/* a / b rounded half away from zero, b > 0. */
static int64_t div_round(int64_t a, int64_t b)
{
	return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

void svg_format_value(enum svg_format f, int64_t v, char *buf, size_t size)
{
	char g[32];

	switch (f) {
	case SVG_KR:
		grouped(div_round(v, 100), buf, size);
		break;
	case SVG_PERMILLE:
		grouped(div_round(v, 10), g, sizeof(g));
		snprintf(buf, size, "%s %%", g);
		break;
	case SVG_PERCENT:
		grouped(v, g, sizeof(g));
		snprintf(buf, size, "%s %%", g);
		break;
	default:
		grouped(v, buf, size);
	}
}

/* The smallest step the format writes without decimals. */
static int64_t min_step(enum svg_format f)
{
	return f == SVG_KR ? 100 : f == SVG_PERMILLE ? 10 : 1;
}

/* A step of 1, 2 or 5 times a power of ten giving at most five steps up
 * to max, and the axis's top, a whole number of steps. */
static void axis(int64_t max, enum svg_format f, int64_t *step, int64_t *top)
{
	int64_t least = min_step(f), mag = least;

	if (max <= 0) {
		*step = least;
		*top = least * 5;
		return;
	}
	while (mag <= (max / 5) / 10)
		mag *= 10;
	*step = mag;
	for (int i = 0; i < 4; i++) {
		static const int64_t mult[] = { 1, 2, 5, 10 };

		*step = mag * mult[i];
		if (*step * 5 >= max)
			break;
	}
	*top = (max + *step - 1) / *step * *step;
}

static int64_t value(const struct svg_chart *c, int s, int i)
{
	int64_t v = c->series[s].v[i];

	return v > 0 ? v : 0;
}

static int64_t largest(const struct svg_chart *c)
{
	int64_t max = 0;

	for (int i = 0; i < c->n; i++) {
		int64_t sum = 0;

		for (int s = 0; s < c->n_series; s++) {
			if (c->kind == SVG_STACKED)
				sum += value(c, s, i);
			else if (value(c, s, i) > sum)
				sum = value(c, s, i);
		}
		if (sum > max)
			max = sum;
	}
	return max;
}

/* ------------------------------------------------------------ patterns */

/* Series i's fill: plain colour for the first, then hatching, dots,
 * cross-hatching … in the series' colour on white. */
static void pattern_def(struct strbuf *sb, const char *id, int i)
{
	const char *c = colours[i % SVG_MAX_SERIES];

	if (i % SVG_MAX_SERIES == 0)
		return;
	strbuf_addf(sb, "<pattern id=\"%s-p%d\" width=\"8\" height=\"8\""
		    " patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\""
		    " fill=\"#fff\"/>", id, i);
	switch (i % SVG_MAX_SERIES) {
	case 1:   /* diagonal hatching */
		strbuf_addf(sb, "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\""
			    " stroke=\"%s\" stroke-width=\"2.2\"/>", c);
		break;
	case 2:   /* dots */
		strbuf_addf(sb, "<circle cx=\"2\" cy=\"2\" r=\"1.8\" fill=\"%s\"/>"
			    "<circle cx=\"6\" cy=\"6\" r=\"1.8\" fill=\"%s\"/>", c, c);
		break;
	case 3:   /* cross-hatching */
		strbuf_addf(sb, "<path d=\"M0,4 h8 M4,0 v8\" stroke=\"%s\""
			    " stroke-width=\"2\"/>", c);
		break;
	case 4:   /* horizontal lines */
		strbuf_addf(sb, "<path d=\"M0,2 h8 M0,6 h8\" stroke=\"%s\""
			    " stroke-width=\"1.6\"/>", c);
		break;
	default:  /* the other diagonal */
		strbuf_addf(sb, "<path d=\"M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4\""
			    " stroke=\"%s\" stroke-width=\"2.2\"/>", c);
	}
	html_raw(sb, "</pattern>");
}

static void fill_of(struct strbuf *sb, const char *id, int i)
{
	if (i % SVG_MAX_SERIES == 0)
		strbuf_addf(sb, " fill=\"%s\"", colours[0]);
	else
		strbuf_addf(sb, " fill=\"url(#%s-p%d)\"", id, i);
}

/* Series i's marker at (x, y): circle, square, triangle, diamond … */
static void marker(struct strbuf *sb, int i, double x, double y)
{
	const char *c = colours[i % SVG_MAX_SERIES];

	switch (i % SVG_MAX_SERIES) {
	case 0:
		strbuf_addf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>",
			    x, y, c);
		break;
	case 1:
		strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\""
			    " fill=\"%s\"/>", x - 4, y - 4, c);
		break;
	case 2:
		strbuf_addf(sb, "<path d=\"M%.1f,%.1f l5,9 h-10 z\" fill=\"%s\"/>",
			    x, y - 5, c);
		break;
	case 3:
		strbuf_addf(sb, "<path d=\"M%.1f,%.1f l5,5 l-5,5 l-5,-5 z\""
			    " fill=\"%s\"/>", x, y - 5, c);
		break;
	case 4:
		strbuf_addf(sb, "<path d=\"M%.1f,%.1f l8,8 m0,-8 l-8,8\" stroke=\"%s\""
			    " stroke-width=\"2.5\"/>", x - 4, y - 4, c);
		break;
	default:
		strbuf_addf(sb, "<path d=\"M%.1f,%.1f h10 m-5,-5 v10\" stroke=\"%s\""
			    " stroke-width=\"2.5\"/>", x - 5, y, c);
	}
}

static void line_attrs(struct strbuf *sb, int i)
{
	strbuf_addf(sb, " fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"",
		    colours[i % SVG_MAX_SERIES]);
	if (dashes[i % SVG_MAX_SERIES])
		strbuf_addf(sb, " stroke-dasharray=\"%s\"", dashes[i % SVG_MAX_SERIES]);
}

void svg_swatch(struct strbuf *sb, const struct svg_chart *c, int i)
{
	char id[64];

	html_raw(sb, "<svg class=\"swatch\" viewBox=\"0 0 32 16\" width=\"32\""
		 " height=\"16\" aria-hidden=\"true\" focusable=\"false\">");
	if (c->kind == SVG_LINES) {
		html_raw(sb, "<path d=\"M1,8 h30\"");
		line_attrs(sb, i);
		html_raw(sb, "/>");
		marker(sb, i, 16, 8);
	} else {
		snprintf(id, sizeof(id), "%s-sw", c->id);
		html_raw(sb, "<defs>");
		pattern_def(sb, id, i);
		html_raw(sb, "</defs><rect x=\"1\" y=\"1\" width=\"30\" height=\"14\"");
		fill_of(sb, id, i);
		strbuf_addf(sb, " stroke=\"%s\"/>", INK);
	}
	html_raw(sb, "</svg>");
}

/* ------------------------------------------------------------- drawing */

struct frame {
	double left, right, top, bottom;   /* the plot area */
	int64_t step, max;                 /* the value axis */
};

static void text_at(struct strbuf *sb, double x, double y, const char *anchor,
		    const char *text)
{
	strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\""
		    " font-size=\"" FONT "\" fill=\"" INK "\">", x, y, anchor);
	html_text(sb, text);
	html_raw(sb, "</text>");
}

/* The value axis up the left, its gridlines across. */
static void value_axis(struct strbuf *sb, const struct svg_chart *c,
		       const struct frame *f)
{
	char label[40];

	for (int64_t v = 0; v <= f->max; v += f->step) {
		double y = f->bottom - (f->bottom - f->top) * (double)v / (double)f->max;

		strbuf_addf(sb, "<path d=\"M%.1f,%.1f H%.1f\" stroke=\"%s\"/>",
			    f->left, y, f->right, v ? GRID : INK);
		svg_format_value(c->format, v, label, sizeof(label));
		text_at(sb, f->left - 6, y + 4, "end", label);
	}
	strbuf_addf(sb, "<path d=\"M%.1f,%.1f V%.1f\" stroke=\"" INK "\"/>",
		    f->left, f->top, f->bottom);
}

static double x_of(const struct svg_chart *c, const struct frame *f, int i)
{
	return f->left + (f->right - f->left) * (i + 0.5) / c->n;
}

static double y_of(const struct frame *f, int64_t v)
{
	return f->bottom - (f->bottom - f->top) * (double)v / (double)f->max;
}

/* The categories under the plot: every k-th label, so none overlap. */
static void category_axis(struct strbuf *sb, const struct svg_chart *c,
			  const struct frame *f)
{
	int fit = (int)((f->right - f->left) / 72), k;

	k = fit > 0 && c->n > fit ? (c->n + fit - 1) / fit : 1;
	for (int i = 0; i < c->n; i += k)
		text_at(sb, x_of(c, f, i), f->bottom + 20, "middle", c->labels[i]);
}

static void draw_lines(struct strbuf *sb, const struct svg_chart *c,
		       const struct frame *f)
{
	for (int s = 0; s < c->n_series; s++) {
		html_raw(sb, "<g><path d=\"");
		for (int i = 0; i < c->n; i++)
			strbuf_addf(sb, "%s%.1f,%.1f", i ? " L" : "M", x_of(c, f, i),
				    y_of(f, value(c, s, i)));
		html_raw(sb, "\"");
		line_attrs(sb, s);
		html_raw(sb, "/>");
		for (int i = 0; i < c->n; i++)
			marker(sb, s, x_of(c, f, i), y_of(f, value(c, s, i)));
		html_raw(sb, "</g>");
	}
}

static void draw_stacked(struct strbuf *sb, const struct svg_chart *c,
			 const struct frame *f)
{
	double w = (f->right - f->left) / c->n * 0.7;

	for (int i = 0; i < c->n; i++) {
		int64_t below = 0;

		for (int s = 0; s < c->n_series; s++) {
			int64_t v = value(c, s, i);

			if (v == 0)
				continue;
			strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
				    " height=\"%.1f\"", x_of(c, f, i) - w / 2,
				    y_of(f, below + v), w,
				    y_of(f, below) - y_of(f, below + v));
			fill_of(sb, c->id, s);
			html_raw(sb, " stroke=\"" INK "\" stroke-width=\"0.8\"/>");
			below += v;
		}
	}
}

/* Bars across, each with its label before and its value after. */
static void draw_hbars(struct strbuf *sb, const struct svg_chart *c,
		       const struct frame *f)
{
	char label[40];
	double span = f->right - f->left;

	for (int i = 0; i < c->n; i++) {
		int64_t v = value(c, 0, i);
		double y = f->top + BAR_ROW * i, len = span * (double)v / (double)f->max;

		text_at(sb, f->left - 8, y + BAR_ROW / 2 + 4, "end", c->labels[i]);
		strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
			    " height=\"%d\"", f->left, y + 5, len, BAR_ROW - 10);
		fill_of(sb, c->id, 0);
		html_raw(sb, "/>");
		svg_format_value(c->format, c->series[0].v[i], label, sizeof(label));
		text_at(sb, f->left + len + 6, y + BAR_ROW / 2 + 4, "start", label);
	}
	for (int64_t v = 0; v <= f->max; v += f->step) {
		double x = f->left + span * (double)v / (double)f->max;

		svg_format_value(c->format, v, label, sizeof(label));
		strbuf_addf(sb, "<path d=\"M%.1f,%.1f V%.1f\" stroke=\"%s\"/>", x,
			    f->top, f->bottom, v ? GRID : INK);
		text_at(sb, x, f->bottom + 18, "middle", label);
	}
}

/* Room for the longest category label of a bar chart, roughly: 7 units
 * a character at this font size. */
static double label_room(const struct svg_chart *c)
{
	size_t longest = 0;

	for (int i = 0; i < c->n; i++) {
		size_t chars = 0;

		/* UTF-8: count the characters, not the bytes. */
		for (const char *p = c->labels[i]; *p; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		if (chars > longest)
			longest = chars;
	}
	longest = longest < 6 ? 6 : longest > 34 ? 34 : longest;
	return 16 + 7.0 * (double)longest;
}

void svg_chart(struct strbuf *sb, const struct svg_chart *c)
{
	struct svg_chart ch = *c;
	struct frame f;
	int height = H;

	if (ch.n > SVG_MAX_POINTS)
		ch.n = SVG_MAX_POINTS;
	if (ch.n_series > SVG_MAX_SERIES)
		ch.n_series = SVG_MAX_SERIES;
	if (ch.kind == SVG_HBARS && ch.n_series > 1)
		ch.n_series = 1;
	if (ch.n_series < 1)
		ch.n = 0;
	axis(largest(&ch), ch.format, &f.step, &f.max);
	if (ch.kind == SVG_HBARS) {
		height = MARGIN_TOP + BAR_ROW * (ch.n ? ch.n : 1) + MARGIN_BOTTOM - 10;
		f = (struct frame){ label_room(&ch), W - 70, MARGIN_TOP,
				    height - MARGIN_BOTTOM + 10, f.step, f.max };
	} else {
		f = (struct frame){ MARGIN_LEFT, W - MARGIN_RIGHT, MARGIN_TOP,
				    H - MARGIN_BOTTOM, f.step, f.max };
	}
	/* role="img" named by its title and described by its desc; drawn left
	 * to right in every language. */
	html_raw(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\"");
	strbuf_addf(sb, " viewBox=\"0 0 %d %d\" role=\"img\" dir=\"ltr\""
		    " direction=\"ltr\"", W, height);
	strbuf_addf(sb, " aria-labelledby=\"%s-t\" aria-describedby=\"%s-d\">",
		    ch.id, ch.id);
	strbuf_addf(sb, "<title id=\"%s-t\">", ch.id);
	html_text(sb, ch.title);
	strbuf_addf(sb, "</title><desc id=\"%s-d\">", ch.id);
	html_text(sb, ch.desc);
	html_raw(sb, "</desc>");
	if (ch.kind != SVG_LINES) {
		/* Lines are told apart by dash and marker; bars by pattern. */
		html_raw(sb, "<defs>");
		for (int s = 0; s < ch.n_series; s++)
			pattern_def(sb, ch.id, s);
		html_raw(sb, "</defs>");
	}
	if (ch.kind == SVG_HBARS) {
		draw_hbars(sb, &ch, &f);
	} else {
		value_axis(sb, &ch, &f);
		if (ch.n > 0) {
			category_axis(sb, &ch, &f);
			if (ch.kind == SVG_LINES)
				draw_lines(sb, &ch, &f);
			else
				draw_stacked(sb, &ch, &f);
		}
	}
	html_raw(sb, "</svg>");
}
