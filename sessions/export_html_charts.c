/* The HTML report's pictures. Each is drawn in its own units and scaled
 * by the page; every label says in words or numbers what a shape shows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/svg.h"
#include "sessions/export_html.h"

#define WIDTH 720
#define LABEL_COLS 36          /* a label's columns before it wraps */
#define LINE 16                /* a label's line height */

const char *html_step_text(const struct session *s, int64_t id)
{
	ptrdiff_t i = session_find_step(s, id);
	return i >= 0 ? s->steps[i].text : "(a deleted step)";
}

/* ---- the current state ---- */

enum { DIM_X0 = 330, DIM_X1 = 690, DIM_TOP = 34, DIM_MIN_ROW = 46 };

struct scale_axis {
	int lo, hi;
};

static double axis_x(const struct scale_axis *a, double v)
{
	return DIM_X0 + (v - a->lo) * (DIM_X1 - DIM_X0) / (a->hi - a->lo);
}

static int dim_row_height(const struct report *r, size_t k)
{
	const struct dimension *d = &r->session->dims[r->dims[k].dim];
	int h = svg_lines_for(d->name, LABEL_COLS) * LINE + 12 + (r->dims[k].split ? LINE : 0);
	return h > DIM_MIN_ROW ? h : DIM_MIN_ROW;
}

static void dim_marks(struct sbuf *out, const struct report_dim *rd, double y)
{
	if (rd->split)
		svg_text(out, 10, y, SVG_START, "muted", "⇄ two camps");
}

static void dim_figures(struct sbuf *out, const struct report_dim *rd,
			const struct scale_axis *a, double y)
{
	const struct rating_stats *st = &rd->now;
	double sd = isnan(st->stddev) ? 0 : st->stddev;
	double lo = fmax(a->lo, st->mean - sd), hi = fmin(a->hi, st->mean + sd);
	svg_rect(out, axis_x(a, lo), y - 9, axis_x(a, hi) - axis_x(a, lo), 18, "band");
	svg_rect(out, DIM_X0, y - 5, axis_x(a, st->mean) - DIM_X0, 10, "bar");
	svg_line(out, axis_x(a, st->min), y - 13, axis_x(a, st->max), y - 13, "axis");
	for (int v = a->lo; v <= a->hi; v++) {
		size_t n = stats_count_of(st, v);
		if (n == 0)
			continue;
		char count[24];
		snprintf(count, sizeof count, "%zu", n);
		svg_circle(out, axis_x(a, v), y + 16, 3 + 1.5 * sqrt((double)n), "dot");
		svg_text(out, axis_x(a, v) + 8, y + 20, SVG_START, "muted", count);
	}
	if (rd->last.count)
		svg_diamond(out, axis_x(a, rd->last.mean), y, 7, "last");
	char mean[16] = "";
	stats_mean_text(st, mean, sizeof mean);
	svg_text(out, DIM_X1 + 6, y + 5, SVG_START, NULL, mean);
}

static void dim_axis(struct sbuf *out, const struct scale_axis *a, double y)
{
	svg_line(out, DIM_X0, y, DIM_X1, y, "axis");
	for (int v = a->lo; v <= a->hi; v++) {
		char label[16];
		snprintf(label, sizeof label, "%d", v);
		svg_line(out, axis_x(a, v), y, axis_x(a, v), y + 5, "axis");
		svg_text(out, axis_x(a, v), y + 18, SVG_MIDDLE, "muted", label);
	}
}

void chart_dimensions(struct sbuf *out, const struct report *r)
{
	const struct session *s = r->session;
	struct scale_axis a = {s->ndims ? s->dims[0].scale_min : 1, s->ndims ? s->dims[0].scale_max : 5};
	if (a.hi <= a.lo)
		a.hi = a.lo + 1;
	int height = DIM_TOP + 30;
	for (size_t k = 0; k < r->ndims; k++)
		height += dim_row_height(r, k);
	svg_begin(out, WIDTH + 30, height, "dims", "The current state, weakest first",
		  "For each dimension: the mean as a bar, one standard deviation either side as a "
		  "light band, the range as a thin line above, a dot under each score given with "
		  "how many gave it, and last time's mean as a hollow diamond. The table below "
		  "holds the same figures.");
	svg_text(out, 0, 16, SVG_START, "muted",
		 "bar: mean · band: ±1 SD · line: range · dots: how many gave each score · ◇ last time");
	double y = DIM_TOP;
	for (size_t k = 0; k < r->ndims; k++) {
		const struct report_dim *rd = &r->dims[k];
		int h = dim_row_height(r, k);
		int lines = svg_text_wrapped(out, 0, y + 18, LINE, LABEL_COLS, NULL,
					     s->dims[rd->dim].name);
		dim_marks(out, rd, y + 18 + lines * LINE);
		svg_rect(out, DIM_X0, y + 12, DIM_X1 - DIM_X0, 12, "track");
		if (rd->now.count)
			dim_figures(out, rd, &a, y + 18);
		else
			svg_text(out, DIM_X0 + 6, y + 22, SVG_START, "muted", "not rated");
		y += h;
	}
	dim_axis(out, &a, y + 4);
	svg_end(out);
}

/* ---- a metric over time ---- */

enum { MET_X0 = 70, MET_X1 = 690, MET_Y0 = 20, MET_Y1 = 180, MET_H = 215 };

struct frame {
	double t0, t1, v0, v1;
};

static double frame_x(const struct frame *f, double t)
{
	return f->t1 > f->t0 ? MET_X0 + (t - f->t0) * (MET_X1 - MET_X0) / (f->t1 - f->t0)
			     : (MET_X0 + MET_X1) / 2.0;
}

static double frame_y(const struct frame *f, double v)
{
	return MET_Y1 - (v - f->v0) * (MET_Y1 - MET_Y0) / (f->v1 - f->v0);
}

/* The baseline first (on its date, or the session's day), then each
 * measurement; returns how many points. xy holds t, v pairs. */
static size_t metric_points(const struct session *s, const struct metric *m, double *xy)
{
	size_t n = 0;
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : 0;
	if (!isnan(m->baseline)) {
		xy[0] = m->baseline_date != NO_DATE ? m->baseline_date : start;
		xy[1] = m->baseline;
		n = 1;
	}
	for (size_t i = 0; i < m->nmeasurements; i++, n++) {
		xy[2 * n] = (double)m->measurements[i].taken_on;
		xy[2 * n + 1] = m->measurements[i].value;
	}
	return n;
}

static struct frame metric_frame(const struct metric *m, const double *xy, size_t n)
{
	struct frame f = {xy[0], xy[0], xy[1], xy[1]};
	for (size_t i = 0; i < n; i++) {
		f.t0 = fmin(f.t0, xy[2 * i]);
		f.t1 = fmax(f.t1, xy[2 * i]);
		f.v0 = fmin(f.v0, xy[2 * i + 1]);
		f.v1 = fmax(f.v1, xy[2 * i + 1]);
	}
	if (!isnan(m->target)) {
		f.v0 = fmin(f.v0, m->target);
		f.v1 = fmax(f.v1, m->target);
	}
	if (m->target_date != NO_DATE)
		f.t1 = fmax(f.t1, (double)m->target_date);
	double pad = f.v1 > f.v0 ? (f.v1 - f.v0) * 0.1 : fabs(f.v0) * 0.1 + 1;
	f.v0 -= pad;
	f.v1 += pad;
	return f;
}

static void add_value(char *out, size_t size, double v)
{
	snprintf(out, size, "%.12g", v);
}

static void metric_labels(struct sbuf *out, const struct frame *f, const double *xy, size_t n)
{
	char iso[DATE_ISO_SIZE], value[32];
	for (size_t i = 0; i < n; i++) {
		double x = frame_x(f, xy[2 * i]), y = frame_y(f, xy[2 * i + 1]);
		svg_circle(out, x, y, 4.5, "dot");
		add_value(value, sizeof value, xy[2 * i + 1]);
		svg_text(out, x, i % 2 ? y + 20 : y - 9, SVG_MIDDLE, NULL, value);
	}
	date_format((long)f->t0, iso);
	svg_text(out, MET_X0, MET_H - 8, SVG_START, "muted", iso);
	date_format((long)f->t1, iso);
	svg_text(out, MET_X1, MET_H - 8, SVG_END, "muted", iso);
}

void chart_metric(struct sbuf *out, const struct session *s, size_t metric, const char *status)
{
	const struct metric *m = &s->metrics[metric];
	double *xy = xcalloc(2 * (m->nmeasurements + 1), sizeof *xy);
	size_t n = metric_points(s, m, xy);
	char id[32];
	snprintf(id, sizeof id, "metric-%zu", metric + 1);
	struct sbuf desc = SBUF_INIT;
	sbuf_addf(&desc, "%s. %zu %s from the baseline; the target as a dashed line. The table "
			 "beside holds every value.", status, n, n == 1 ? "point" : "points");
	svg_begin(out, WIDTH, MET_H, id, m->name, sbuf_str(&desc));
	sbuf_free(&desc);
	if (n == 0) {
		svg_text(out, WIDTH / 2.0, MET_H / 2.0, SVG_MIDDLE, "muted", "no data yet");
		svg_end(out);
		free(xy);
		return;
	}
	struct frame f = metric_frame(m, xy, n);
	svg_line(out, MET_X0, MET_Y1, MET_X1, MET_Y1, "axis");
	if (!isnan(m->target)) {
		char label[48], value[32];
		add_value(value, sizeof value, m->target);
		snprintf(label, sizeof label, "target %s", value);
		svg_line(out, MET_X0, frame_y(&f, m->target), MET_X1, frame_y(&f, m->target), "target");
		svg_text(out, MET_X0 - 4, frame_y(&f, m->target) + 4, SVG_END, NULL, label);
	}
	double *pts = xcalloc(2 * n, sizeof *pts);
	for (size_t i = 0; i < n; i++) {
		pts[2 * i] = frame_x(&f, xy[2 * i]);
		pts[2 * i + 1] = frame_y(&f, xy[2 * i + 1]);
	}
	svg_polyline(out, pts, n, "line");
	metric_labels(out, &f, xy, n);
	svg_end(out);
	free(pts);
	free(xy);
}

/* ---- ballots ---- */

enum { BAR_TEXT_X = 46, BAR_X0 = 400, BAR_X1 = 650, BAR_MIN_ROW = 30 };

static void rank_label(char *out, size_t size, const struct ballot_row *row)
{
	snprintf(out, size, "%d%s", row->rank, row->tied ? "=" : "");
}

void chart_ballot_bars(struct sbuf *out, const struct session *s, size_t ballot,
		       const struct ballot_results *res)
{
	long max = 0;
	int height = 30;
	for (size_t k = 0; k < res->nrows; k++) {
		max = res->rows[k].points > max ? res->rows[k].points : max;
		int lines = svg_lines_for(html_step_text(s, res->rows[k].step_id), 44);
		height += lines * LINE + 14 > BAR_MIN_ROW ? lines * LINE + 14 : BAR_MIN_ROW;
	}
	char id[32];
	snprintf(id, sizeof id, "ballot-%zu", ballot + 1);
	svg_begin(out, WIDTH, height, id, "The ranked result",
		  "One bar per step, longest for the most points, with its rank (= marks a "
		  "tie) and its points in numbers. The table below holds the same.");
	double y = 20;
	for (size_t k = 0; k < res->nrows; k++) {
		const struct ballot_row *row = &res->rows[k];
		char rank[16], points[24];
		rank_label(rank, sizeof rank, row);
		snprintf(points, sizeof points, "%ld", row->points);
		svg_text(out, 0, y + 4, SVG_START, NULL, rank);
		int lines = svg_text_wrapped(out, BAR_TEXT_X, y + 4, LINE, 44, NULL,
					     html_step_text(s, row->step_id));
		double share = max > 0 && row->points > 0 ? (double)row->points / (double)max : 0;
		svg_rect(out, BAR_X0, y - 8, (BAR_X1 - BAR_X0) * share, 16, "bar");
		svg_text(out, BAR_X0 + (BAR_X1 - BAR_X0) * share + 6, y + 4, SVG_START, NULL, points);
		y += lines * LINE + 14 > BAR_MIN_ROW ? lines * LINE + 14 : BAR_MIN_ROW;
	}
	svg_end(out);
}

enum { MX0 = 60, MX1 = 460, MY0 = 20, MY1 = 420, MSIZE = 480 };

static double matrix_x(const struct ballot *b, double effort)
{
	return MX0 + (effort - b->score_min) * (MX1 - MX0) / (b->score_max - b->score_min);
}

static double matrix_y(const struct ballot *b, double impact)
{
	return MY1 - (impact - b->score_min) * (MY1 - MY0) / (b->score_max - b->score_min);
}

static void matrix_frame(struct sbuf *out, const struct ballot *b)
{
	double mid = (b->score_min + b->score_max) / 2.0;
	double xm = matrix_x(b, mid), ym = matrix_y(b, mid);
	svg_rect(out, MX0, MY0, xm - MX0, ym - MY0, "win");     /* high impact, low effort */
	svg_rect(out, MX0, MY0, MX1 - MX0, MY1 - MY0, "cell");
	svg_line(out, xm, MY0, xm, MY1, "axis");
	svg_line(out, MX0, ym, MX1, ym, "axis");
	svg_line(out, MX0, MY1, MX1, MY1, "axis");
	svg_line(out, MX0, MY0, MX0, MY1, "axis");
	svg_text(out, MX0 + 8, MY0 + 18, SVG_START, NULL, "★ Quick wins");
	svg_text(out, MX1 - 8, MY0 + 18, SVG_END, NULL, "Major projects");
	svg_text(out, MX0 + 8, MY1 - 10, SVG_START, NULL, "Fill-ins");
	svg_text(out, MX1 - 8, MY1 - 10, SVG_END, NULL, "Thankless tasks");
	svg_text(out, (MX0 + MX1) / 2.0, MY1 + 34, SVG_MIDDLE, NULL, "effort (low to high) →");
	sbuf_addf(out, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 "
		       "%.1f)\">impact (low to high) →</text>\n",
		  (MY0 + MY1) / 2.0, (MY0 + MY1) / 2.0);
}

void chart_ballot_matrix(struct sbuf *out, const struct session *s, size_t ballot,
			 const struct ballot_results *res)
{
	const struct ballot *b = &s->ballots[ballot];
	char id[32];
	snprintf(id, sizeof id, "matrix-%zu", ballot + 1);
	svg_begin(out, MSIZE + 20, MSIZE, id, "Impact and effort",
		  "Each scored step as a numbered dot at its mean effort (across) and mean impact "
		  "(up); the number is its rank. The top left quarter, high impact for low effort, "
		  "holds the quick wins. The table below names each step and its quarter.");
	matrix_frame(out, b);
	for (size_t k = 0; k < res->nrows; k++) {
		const struct ballot_row *row = &res->rows[k];
		if (isnan(row->impact) || isnan(row->effort))
			continue;
		char rank[16];
		rank_label(rank, sizeof rank, row);
		double x = matrix_x(b, row->effort), y = matrix_y(b, row->impact);
		svg_circle(out, x, y, 5, "dot");
		svg_text(out, x + 8, y - 6, SVG_START, NULL, rank);
	}
	svg_end(out);
}
