/* The impact / effort result as a 2x2 picture: impact up the side, effort
 * along the bottom, each scored step placed by its mean scores as its rank
 * number (and its text where there is room beside it), the quick wins'
 * corner named and drawn in the good colour. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/utf8.h"
#include "tui/stages.h"

#define GUTTER 7               /* "high ", "low " and the axis before the plot */

/* Where the plot is on the screen, and which of its cells are taken. */
struct plot {
	int top, left, rows, cols;
	int mid_row, mid_col;
	int lo, hi;                 /* the score range */
	bool *taken;                /* rows x cols */
};

static int place(double score, int lo, int hi, int cells)
{
	double share = hi > lo ? (score - lo) / (double)(hi - lo) : 0.5;
	share = fmin(1.0, fmax(0.0, share));
	return (int)lround(share * (cells - 1));
}

static bool is_taken(const struct plot *p, int row, int col, int width)
{
	for (int k = col; k < col + width; k++)
		if (k >= p->cols || p->taken[row * p->cols + k])
			return true;
	return false;
}

static void take(struct plot *p, int row, int col, int width)
{
	for (int k = col; k < col + width && k < p->cols; k++)
		p->taken[row * p->cols + k] = true;
}

static void draw_grid(struct app *app, const struct plot *p)
{
	for (int r = 0; r < p->rows; r++) {
		ui_text(app, p->top + r, p->left - 1, 1, "│", ROLE_BORDER, false);
		ui_text(app, p->top + r, p->left + p->mid_col, 1, "┆", ROLE_BORDER, false);
	}
	for (int c = 0; c < p->cols; c++)
		ui_text(app, p->top + p->mid_row, p->left + c, 1,
			c == p->mid_col ? "┼" : "┄", ROLE_BORDER, false);
	ui_text(app, p->top - 1, 2, GUTTER, "Impact", ROLE_MUTED, false);
	ui_text(app, p->top, 2, GUTTER - 2, "high", ROLE_MUTED, false);
	ui_text(app, p->top + p->rows - 1, 2, GUTTER - 2, "low", ROLE_MUTED, false);
	int axis = p->top + p->rows;
	ui_text(app, axis, p->left - 1, 1, "└", ROLE_BORDER, false);
	for (int c = 0; c < p->cols; c++)
		ui_text(app, axis, p->left + c, 1, "─", ROLE_BORDER, false);
	ui_text(app, axis + 1, p->left, 4, "low", ROLE_MUTED, false);
	ui_text(app, axis + 1, p->left + p->mid_col - 3, 8, "Effort", ROLE_MUTED, false);
	ui_text(app, axis + 1, p->left + p->cols - 4, 4, "high", ROLE_MUTED, false);
}

/* The four corners' names, inside the plot, before any step is placed so
 * the steps find them taken. */
static void name_quadrants(struct app *app, struct plot *p)
{
	static const struct {
		enum quadrant q;
		bool right, bottom;
		const char *name, *short_name;      /* the long one where it fits */
	} corners[] = {
		{QUADRANT_QUICK_WIN, false, false, "QUICK WINS: high impact, low effort",
		 "QUICK WINS"},
		{QUADRANT_MAJOR_PROJECT, true, false, "Major projects", "Major projects"},
		{QUADRANT_FILL_IN, false, true, "Fill-ins", "Fill-ins"},
		{QUADRANT_THANKLESS, true, true, "Thankless tasks", "Thankless tasks"},
	};
	for (size_t k = 0; k < sizeof corners / sizeof corners[0]; k++) {
		int half = corners[k].right ? p->cols - p->mid_col - 2 : p->mid_col - 1;
		const char *name = (int)utf8_width(corners[k].name) <= half ? corners[k].name
									    : corners[k].short_name;
		int width = (int)utf8_width(name);
		if (width > half)
			width = half;
		int col = corners[k].right ? p->cols - width : 1;
		int row = corners[k].bottom ? p->rows - 1 : 0;
		bool quick = corners[k].q == QUADRANT_QUICK_WIN;
		ui_text(app, p->top + row, p->left + col, width, name,
			quick ? ROLE_GOOD : ROLE_MUTED, false);
		take(p, row, col, width);
	}
}

/* A free spot at or near (row, col) for a label at least `need` wide:
 * along the row first, then the rows above and below. */
static bool find_spot(const struct plot *p, int *row, int *col, int need)
{
	for (int d = 0; d < p->rows; d++)
		for (int sign = -1; sign <= 1; sign += 2) {
			int r = *row + d * sign;
			if (r < 0 || r >= p->rows || (d == 0 && sign > 0) || r == p->mid_row)
				continue;
			for (int c = *col; c >= 0 && c + need <= p->cols && c >= *col - 3; c--)
				if (!is_taken(p, r, c, need)) {
					*row = r;
					*col = c;
					return true;
				}
		}
	return false;
}

/* The free run of cells from (row, col) rightwards, at most to the edge
 * of the step's half of the plot. */
static int free_width(const struct plot *p, int row, int col)
{
	int end = col < p->mid_col ? p->mid_col : p->cols;
	int w = 0;
	while (col + w < end && !p->taken[row * p->cols + col + w])
		w++;
	return w;
}

/* The free run of cells before (row, col), leftwards to the start of the
 * step's half of the plot, keeping a blank after the cell before. */
static int free_before(const struct plot *p, int row, int col)
{
	int start = col > p->mid_col ? p->mid_col + 1 : 0;
	int w = 0;
	while (col - w - 1 >= start && !p->taken[row * p->cols + col - w - 1])
		w++;
	return w > 0 ? w - 1 : 0;
}

static void draw_label(struct app *app, struct plot *p, int r, int c, const char *text,
		       enum role role)
{
	int used = ui_text(app, p->top + r, p->left + c, p->cols - c, text, role, false);
	take(p, r, c, used + 1);
}

/* The rank number at the step's place, and its text after it; near the
 * edge of its half, the text goes before the number instead, so that the
 * number stays where the scores put it. */
static void place_step(struct app *app, struct plot *p, const struct ballot_row *row)
{
	char number[16], text[160];
	snprintf(number, sizeof number, "%d%s", row->rank, row->tied ? "=" : "");
	int r = p->rows - 1 - place(row->impact, p->lo, p->hi, p->rows);
	int c = place(row->effort, p->lo, p->hi, p->cols);
	int need = (int)strlen(number);
	if (!find_spot(p, &r, &c, need))
		return;
	const struct step *st = vote_step_of(app, row->step_id);
	enum role role = row->quadrant == QUADRANT_QUICK_WIN ? ROLE_GOOD : ROLE_ACCENT;
	int after = free_width(p, r, c) - need - 2, before = free_before(p, r, c) - 1;
	int full = st ? (int)utf8_width(st->text) : 0;
	struct sbuf fitted = SBUF_INIT;
	if (st && before > after && after < full && before >= 6) {
		utf8_fit(&fitted, st->text, (size_t)before, UTF8_FIT_CUT | UTF8_FIT_ELLIPSIS);
		int w = (int)utf8_width(sbuf_str(&fitted));
		snprintf(text, sizeof text, "%s %s", sbuf_str(&fitted), number);
		draw_label(app, p, r, c - w - 1, text, role);
	} else if (st && after >= 6) {
		utf8_fit(&fitted, st->text, (size_t)after, UTF8_FIT_CUT | UTF8_FIT_ELLIPSIS);
		snprintf(text, sizeof text, "%s %s", number, sbuf_str(&fitted));
		draw_label(app, p, r, c, text, role);
	} else {
		draw_label(app, p, r, c, number, role);
	}
	sbuf_free(&fitted);
}

void vote_draw_matrix(struct app *app, int y, int rows, const struct ballot *b,
		      const struct ballot_results *r)
{
	struct plot p = {.top = y + 1, .left = 2 + GUTTER, .rows = rows - 3,
			 .cols = app->cols - 4 - GUTTER, .lo = b->score_min, .hi = b->score_max};
	if (p.rows < 5 || p.cols < 20) {
		ui_text(app, y, 2, app->cols - 4, "(the impact / effort picture needs a "
			"larger window)", ROLE_MUTED, false);
		return;
	}
	double mid = (p.lo + p.hi) / 2.0;
	p.mid_row = p.rows - 1 - place(mid, p.lo, p.hi, p.rows);
	p.mid_col = place(mid, p.lo, p.hi, p.cols);
	p.taken = xcalloc((size_t)(p.rows * p.cols), sizeof *p.taken);
	draw_grid(app, &p);
	name_quadrants(app, &p);
	for (size_t k = 0; k < r->nrows; k++)
		if (!isnan(r->rows[k].impact) && !isnan(r->rows[k].effort))
			place_step(app, &p, &r->rows[k]);
	free(p.taken);
}
