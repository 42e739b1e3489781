/* The reports over several sessions, written as Markdown, JSON or HTML
 * from one rollup. Every number by the rounding rule of model/stats.h,
 * every text sanitized and escaped for its format. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/html.h"
#include "lib/json.h"
#include "lib/mem.h"
#include "lib/svg.h"
#include "sessions/export.h"
#include "sessions/report_multi_internal.h"

#define NONE "–"

static bool is_series(const struct picture *p)
{
	return p->q->kind == REPORT_SERIES;
}

/* The row the answer is read from: the whole organization, or the
 * series' latest iteration. */
static const struct rollup_row *answer_row(const struct picture *p)
{
	return &p->r.rows[p->r.nrows - 1];
}

/* "3.4 ↑" or "–". */
static void cell_text(const struct rollup_cell *c, char *out, size_t size)
{
	char mean[16];
	if (!stats_mean_text(&c->now, mean, sizeof mean)) {
		snprintf(out, size, NONE);
		return;
	}
	snprintf(out, size, "%s%s%s", mean, c->has_change ? " " : "", rollup_arrow(c));
}

/* The answer in a sentence, in plain words (no person's text in it). */
static void answer(const struct picture *p, struct sbuf *out)
{
	const struct rollup_row *w = answer_row(p);
	const char *who = is_series(p) ? "The series" : "The organization";
	if (w->verdict == ROLLUP_NOTHING_TO_COMPARE) {
		sbuf_addf(out, "%s has nothing to compare yet: no dimension was rated both %s.", who,
			  is_series(p) ? "in its latest iteration and the one before"
				       : "in a unit's latest workshop and the one before it");
		return;
	}
	sbuf_addf(out, "%s is %s: of the %zu dimensions rated both times, %zu went up, %zu "
		       "down and %zu stayed", who, rollup_verdict_name(w->verdict),
		  w->up + w->down + w->steady, w->up, w->down, w->steady);
	sbuf_adds(out, is_series(p) ? " since the iteration before."
				    : " (every unit's latest workshops pooled against the ones "
				      "before them).");
}

/* ---- Markdown ---- */

static void md_text(struct sbuf *out, const char *text)
{
	export_md_text(out, text, NONE);
}

static void md_rows(const struct picture *p, struct sbuf *out)
{
	const struct rollup *r = &p->r;
	sbuf_adds(out, is_series(p) ? "| Iteration |" : "| Unit | Sessions |");
	size_t shown = 0;
	for (size_t d = 0; d < r->ndims; d++) {
		if (!rollup_dim_rated(r, d))
			continue;
		shown++;
		sbuf_addc(out, ' ');
		md_text(out, r->dims[d].name);
		sbuf_adds(out, " |");
	}
	sbuf_adds(out, " Verdict |\n|---|");
	sbuf_adds(out, is_series(p) ? "" : "---:|");
	for (size_t d = 0; d <= shown; d++)
		sbuf_adds(out, ":---:|");
	sbuf_addc(out, '\n');
	for (size_t k = 0; k < r->nrows; k++) {
		const struct rollup_row *w = &r->rows[k];
		bool overall = p->has_overall && k + 1 == r->nrows;
		sbuf_adds(out, overall ? "| **" : "| ");
		md_text(out, w->label);
		sbuf_adds(out, overall ? "** |" : " |");
		if (!is_series(p))
			sbuf_addf(out, " %zu |", w->nsessions);
		for (size_t d = 0; d < r->ndims; d++) {
			char text[32];
			cell_text(&w->cells[d], text, sizeof text);
			if (rollup_dim_rated(r, d))
				sbuf_addf(out, " %s |", text);
		}
		sbuf_addf(out, " %s |\n", rollup_verdict_name(w->verdict));
	}
}

static const char *metric_name(const struct metric *m)
{
	return m->name ? m->name : NONE;
}

/* A metric of the series by name, at each iteration: its latest value. */
static void md_metrics(const struct picture *p, struct sbuf *out)
{
	const struct session *last = p->loaded[p->nloaded - 1];
	if (last->nmetrics == 0)
		return;
	sbuf_adds(out, "\n## Metrics at each iteration\n\n| Metric |");
	for (size_t k = 0; k < p->nloaded; k++)
		sbuf_addf(out, " %d |", p->loaded[k]->iteration);
	sbuf_adds(out, "\n|---|");
	for (size_t k = 0; k < p->nloaded; k++)
		sbuf_adds(out, "---:|");
	sbuf_addc(out, '\n');
	for (size_t i = 0; i < last->nmetrics; i++) {
		sbuf_adds(out, "| ");
		md_text(out, metric_name(&last->metrics[i]));
		sbuf_adds(out, " |");
		for (size_t k = 0; k < p->nloaded; k++) {
			const struct session *s = p->loaded[k];
			double v = NAN;
			for (size_t j = 0; j < s->nmetrics; j++)
				if (s->metrics[j].name && last->metrics[i].name &&
				    strcmp(s->metrics[j].name, last->metrics[i].name) == 0)
					v = metric_current(&s->metrics[j]);
			if (isnan(v))
				sbuf_adds(out, " " NONE " |");
			else
				sbuf_addf(out, " %.12g |", v);
		}
		sbuf_addc(out, '\n');
	}
}

static size_t steps_done(const struct session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		n += s->steps[i].status == STEP_DONE;
	return n;
}

/* "2026 Q2", from the date the iteration was made. */
static void quarter_of(const struct session *s, char *out, size_t size)
{
	char iso[DATE_ISO_SIZE];
	date_format((long)(s->created_at / DATE_SECONDS_PER_DAY), iso);
	int month = (iso[5] - '0') * 10 + (iso[6] - '0');
	snprintf(out, size, "%.4s Q%d", iso, (month - 1) / 3 + 1);
}

static void md_steps(const struct picture *p, struct sbuf *out)
{
	sbuf_adds(out, "\n## Steps done\n\n| Iteration | Quarter | Steps done |\n|---|---|---:|\n");
	for (size_t k = 0; k < p->nloaded; k++) {
		char quarter[16];
		quarter_of(p->loaded[k], quarter, sizeof quarter);
		sbuf_addf(out, "| %d | %s | %zu |\n", p->loaded[k]->iteration, quarter,
			  steps_done(p->loaded[k]));
	}
}

static void write_md(const struct picture *p, struct sbuf *out)
{
	sbuf_adds(out, "# ");
	md_text(out, p->title);
	sbuf_addf(out, is_series(p) ? ": the series over %zu iterations\n\n"
				    : ": the organization's picture, %zu units\n\n",
		  p->has_overall ? p->r.nrows - 1 : p->r.nrows);
	answer(p, out);
	sbuf_adds(out, "\n\n## Dimensions\n\n");
	md_rows(p, out);
	sbuf_adds(out, "\nEach cell is the mean of every rating counted (↑ up, ↓ down, → steady "
		       "since the time before; no arrow where there was none).\n");
	if (is_series(p)) {
		md_metrics(p, out);
		md_steps(p, out);
	}
}

/* ---- JSON ---- */

static void json_stats(struct json *j, const char *prefix, const struct rating_stats *st)
{
	char key[32], mean[16];
	bool rated = stats_mean_text(st, mean, sizeof mean);
	snprintf(key, sizeof key, "%smean", prefix);
	json_key(j, key);
	json_number(j, st->mean);
	snprintf(key, sizeof key, "%smean_shown", prefix);
	json_key(j, key);
	json_string(j, rated ? mean : NULL);
	snprintf(key, sizeof key, "%scount", prefix);
	json_key(j, key);
	json_int(j, (long long)st->count);
}

static void json_cell(struct json *j, const struct rollup_dim *d, const struct rollup_cell *c)
{
	char change[16];
	stats_tenths_text(c->change, true, change, sizeof change);
	json_object(j);
	json_key(j, "key");
	json_string(j, d->key);
	json_stats(j, "", &c->now);
	json_stats(j, "before_", &c->before);
	json_key(j, "change_shown");
	json_string(j, c->has_change ? change : NULL);
	json_key(j, "arrow");
	json_string(j, !c->has_change ? NULL : c->change > 0 ? "up" : c->change < 0 ? "down"
										  : "steady");
	json_end(j);
}

static void json_row(struct json *j, const struct rollup *r, const struct rollup_row *w)
{
	json_object(j);
	json_key(j, "label");
	json_string(j, w->label);
	json_key(j, "sessions");
	json_int(j, (long long)w->nsessions);
	json_key(j, "verdict");
	json_string(j, rollup_verdict_name(w->verdict));
	json_key(j, "cells");
	json_array(j);
	for (size_t d = 0; d < r->ndims; d++)
		if (rollup_dim_rated(r, d))
			json_cell(j, &r->dims[d], &w->cells[d]);
	json_end(j);
	json_end(j);
}

static void write_json(const struct picture *p, struct sbuf *out)
{
	struct json j;
	struct sbuf said = SBUF_INIT;
	answer(p, &said);
	json_start(&j, out);
	json_object(&j);
	json_key(&j, "format");
	json_string(&j, "improv.report");
	json_key(&j, "kind");
	json_string(&j, is_series(p) ? "series" : "organization");
	json_key(&j, "title");
	json_string(&j, p->title);
	json_key(&j, "verdict");
	json_string(&j, rollup_verdict_name(answer_row(p)->verdict));
	json_key(&j, "answer");
	json_string(&j, sbuf_str(&said));
	json_key(&j, "dimensions");
	json_array(&j);
	for (size_t d = 0; d < p->r.ndims; d++) {
		if (!rollup_dim_rated(&p->r, d))
			continue;
		json_object(&j);
		json_key(&j, "key");
		json_string(&j, p->r.dims[d].key);
		json_key(&j, "name");
		json_string(&j, p->r.dims[d].name);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, is_series(p) ? "iterations" : "units");
	json_array(&j);
	for (size_t k = 0; k < p->r.nrows - (p->has_overall ? 1 : 0); k++)
		json_row(&j, &p->r, &p->r.rows[k]);
	json_end(&j);
	if (p->has_overall) {
		json_key(&j, "overall");
		json_row(&j, &p->r, answer_row(p));
	}
	json_end(&j);
	sbuf_addc(out, '\n');
	sbuf_free(&said);
}

/* ---- HTML ---- */

enum { HEAT_LABEL = 230, HEAT_CELL = 92, HEAT_ROW = 40, HEAT_HEAD = 64 };

/* Five shades from light to dark by the mean's place on the scale; the
 * text on the two darkest is white. Each cell also says its number. */
static int shade_of(const struct rating_stats *st, int lo, int hi)
{
	if (st->count == 0 || hi <= lo)
		return -1;
	int k = (int)((st->mean - lo) * 5 / (hi - lo + 1e-9));
	return k < 0 ? 0 : k > 4 ? 4 : k;
}

static void heatmap(const struct picture *p, struct sbuf *out)
{
	static const char *const fills[] = {"#eef3f9", "#c9d8ec", "#93b1d8", "#3f6fae",
					    "#1a3f6e"};
	const struct rollup *r = &p->r;
	const struct session *first = p->loaded[0];
	int lo = first->ndims ? first->dims[0].scale_min : 1;
	int hi = first->ndims ? first->dims[0].scale_max : 5;
	size_t *cols = xcalloc(r->ndims + 1, sizeof *cols), ncols = 0;
	for (size_t d = 0; d < r->ndims; d++)
		if (rollup_dim_rated(r, d))
			cols[ncols++] = d;
	int head = HEAT_HEAD;
	for (size_t k = 0; k < ncols; k++) {
		int lines = svg_lines_for(r->dims[cols[k]].name, 12) * 14 + 12;
		head = lines > head ? lines : head;
	}
	int width = HEAT_LABEL + (int)ncols * HEAT_CELL, height = head + (int)r->nrows * HEAT_ROW;
	svg_begin(out, width, height, "heatmap", is_series(p) ? "Each iteration by dimension"
							      : "Each unit by dimension",
		  "A grid: a row per unit or iteration, a column per dimension; each cell shows "
		  "the mean in numbers, with an arrow for the change since the time before, and "
		  "is darker the higher the mean. The table below holds the same figures.");
	for (size_t k = 0; k < ncols; k++)
		svg_text_wrapped(out, HEAT_LABEL + (double)k * HEAT_CELL + 4, 16, 14, 12, "muted",
				 r->dims[cols[k]].name);
	for (size_t k = 0; k < r->nrows; k++) {
		double y = head + (double)k * HEAT_ROW;
		svg_text(out, 0, y + 25, SVG_START, NULL, r->rows[k].label);
		for (size_t n = 0; n < ncols; n++) {
			const struct rollup_cell *c = &r->rows[k].cells[cols[n]];
			int shade = shade_of(&c->now, lo, hi);
			double x = HEAT_LABEL + (double)n * HEAT_CELL;
			char text[32];
			cell_text(c, text, sizeof text);
			sbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
				       "fill=\"%s\" stroke=\"#fff\" stroke-width=\"2\"/>\n",
				  x, y, HEAT_CELL, HEAT_ROW, shade < 0 ? "#ffffff" : fills[shade]);
			svg_text(out, x + HEAT_CELL / 2.0, y + 25, SVG_MIDDLE,
				 shade >= 3 ? "light" : NULL, text);
		}
	}
	svg_end(out);
	free(cols);
}

/* The same figures as a table, a row per dimension and a column per unit
 * or iteration: there are fewer of those than dimensions, so the table
 * fits a phone and a page. */
static void html_table(const struct picture *p, struct sbuf *out)
{
	const struct rollup *r = &p->r;
	sbuf_adds(out, "<table>\n<thead><tr><th>Dimension</th>");
	for (size_t k = 0; k < r->nrows; k++) {
		sbuf_adds(out, "<th class=\"n\">");
		html_text(out, r->rows[k].label);
		sbuf_adds(out, "</th>");
	}
	sbuf_adds(out, "</tr></thead>\n<tbody>\n");
	for (size_t d = 0; d < r->ndims; d++) {
		if (!rollup_dim_rated(r, d))
			continue;
		sbuf_adds(out, "<tr><td class=\"t\">");
		html_text(out, r->dims[d].name);
		sbuf_adds(out, "</td>");
		for (size_t k = 0; k < r->nrows; k++) {
			char text[32];
			cell_text(&r->rows[k].cells[d], text, sizeof text);
			sbuf_addf(out, "<td class=\"n\">%s</td>", text);
		}
		sbuf_adds(out, "</tr>\n");
	}
	sbuf_adds(out, "<tr><td>Verdict</td>");
	for (size_t k = 0; k < r->nrows; k++)
		sbuf_addf(out, "<td class=\"n\">%s</td>", rollup_verdict_name(r->rows[k].verdict));
	sbuf_adds(out, "</tr>\n</tbody>\n</table>\n");
}

static void write_html(const struct picture *p, struct sbuf *out)
{
	html_begin(out, p->title ? p->title : "Report");
	sbuf_adds(out, "<header>\n<h1>");
	html_text(out, p->title ? p->title : "Report");
	sbuf_addf(out, "%s</h1>\n</header>\n<main>\n<section id=\"summary\">\n<h2>Summary</h2>\n"
		       "<p class=\"summary\">", is_series(p) ? ": the series" : ": the organization");
	answer(p, out);
	sbuf_adds(out, "</p>\n</section>\n<section id=\"dimensions\">\n<h2>Dimensions</h2>\n"
		       "<figure>\n");
	heatmap(p, out);
	sbuf_adds(out, "</figure>\n");
	html_table(p, out);
	sbuf_adds(out, "<p class=\"who\">Each cell is the mean of every rating counted (↑ up, ↓ "
		       "down, → steady since the time before; no arrow where there was none).</p>\n"
		       "</section>\n</main>\n");
	html_end(out);
}

void write_report(const struct picture *p, struct sbuf *out)
{
	if (strcmp(p->q->format, "json") == 0)
		write_json(p, out);
	else if (strcmp(p->q->format, "html") == 0)
		write_html(p, out);
	else
		write_md(p, out);
}
