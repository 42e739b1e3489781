/* Stage 1, current state: a grid of dimensions by participants, rated with
 * the digit keys, with the group's mean, spread, last time's mean and the
 * change; under it the selected dimension's question, what low and high
 * look like, the distribution and the evidence notes. While the ratings
 * are private, a cell shows only that the person has rated, and a row how
 * many have, until r reveals them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "model/name_labels.h"
#include "tui/current_columns.h"
#include "tui/item_form.h"
#include "tui/list.h"
#include "tui/note_forms.h"
#include "tui/present.h"
#include "tui/stages.h"
#include "tui/ui.h"

#define NAME_MIN 18
#define MARK_W 3            /* the split and notes marks after a dimension's name */
#define CELL_W 5            /* the group column */
#define STATS_W 34          /* " mean spread   sd   last  change" */
#define DETAIL_ROWS 8
#define ANCHOR_LINES 3      /* a low or high description wraps to at most this */
/* From this many rows the shortened labels have a legend line; below it
 * the selected person's whole name is beside the dimension's. */
#define LEGEND_ROWS 30
/* On a scale that reaches 10, a 1 waits for a second digit (0 makes 10)
 * this many seconds on the workshop's clock before it counts as 1. */
#define PENDING_SECONDS 2

/* Which person columns are shown and how wide the dimension names are. */
struct layout {
	size_t first, shown;
	int name_w;                     /* the name column, its marks included */
};

/* Where a frame put the table and the details: a change is drawn over
 * the last frame only where this is the same. */
struct geometry {
	unsigned long frame;            /* the whole frame it was drawn in */
	int top, height, cols;
	struct layout l;
	size_t start;                   /* the first dimension shown */
	int grid_rows;                  /* the rows the dimensions may take */
	int detail_y;                   /* the selected dimension's details */
	bool any_split, any_notes;      /* what the legend line says */
};

/* Dimensions whose rows a key changed since the last frame. */
#define CHANGED_MAX 4

struct current {
	size_t dim;                     /* the selected dimension */
	size_t col;                     /* the selected person, or the group column */
	bool pending;                   /* a 1 typed in the selected cell waits */
	time_t pending_since;
	bool owes_redraw;               /* a pending 1 counted while a key went on */
	struct rating_stats *stats;     /* each dimension's, computed after a change */
	size_t *rated;                  /* how many people rated each dimension */
	bool *split;                    /* each dimension's ratings stand in two camps */
	bool any_split, any_notes;      /* which marks the table shows */
	size_t nstats;
	struct person_columns columns;
	struct geometry drawn;          /* the last frame's */
	size_t detail_dim;              /* the dimension whose details are drawn */
	int tally_y;                    /* their line a rating changes, or -1 */
	size_t changed[CHANGED_MAX];
	size_t nchanged;                /* CHANGED_MAX + 1: more than it holds */
};

static struct current *current_of(const struct app *app)
{
	return ui_state(app, SCREEN_CURRENT);
}

static size_t *selected_dim(struct app *app)
{
	return &current_of(app)->dim;
}

static struct layout layout_of(const struct app *app)
{
	const struct current *c = current_of(app);
	int room = app->cols - 2 - NAME_MIN - MARK_W - CELL_W - STATS_W;
	struct layout l = {0};
	l.first = person_columns_window(&c->columns, c->col, room, &l.shown);
	l.name_w = app->cols - 2 - person_columns_span(&c->columns, l.first, l.shown) - CELL_W -
		   STATS_W;
	return l;
}

/* "Dimension", what a * means when someone has left, and the cue that
 * more people are off to a side, at the end of the name column. */
static void draw_header_title(struct app *app, int y, const struct layout *l)
{
	const struct session *s = app->ws->s;
	const struct current *c = current_of(app);
	bool left = false;
	for (size_t p = 0; p < s->nparticipants; p++)
		left |= !session_participant_here(s, p);
	char cue[32];
	person_columns_cue(&c->columns, l->first, l->shown, app->ascii, cue, sizeof cue);
	int cue_w = (int)utf8_width(cue);
	ui_text(app, y, 2, l->name_w - 1 - (cue_w ? cue_w + 1 : 0),
		left ? "Dimension   * left, counted" : "Dimension", ROLE_MUTED, false);
	if (cue_w)
		ui_text(app, y, 2 + l->name_w - 1 - cue_w, cue_w, cue, ROLE_ACCENT, false);
}

static void draw_grid_header(struct app *app, int y, const struct layout *l)
{
	const struct session *s = app->ws->s;
	const struct person_columns *pc = &current_of(app)->columns;
	draw_header_title(app, y, l);
	int x = 2 + l->name_w;
	for (size_t p = l->first; p < l->first + l->shown; x += pc->width[p++]) {
		int w = ui_text(app, y, x, pc->width[p] - 1, pc->labels[p], ROLE_MUTED, false);
		if (!session_participant_here(s, p))
			ui_text(app, y, x + w, 1, "*", ROLE_WARN, false);
	}
	ui_text(app, y, x, CELL_W - 1, "grp", ROLE_MUTED, false);
	x += CELL_W;
	ui_textf(app, y, x, STATS_W, ROLE_MUTED, "%5s %6s %4s %6s %7s", "mean", "spread", "sd",
		 "last", "change");
}

/* How a cell is drawn: its score hidden while ratings are private, and
 * set apart in ( ) when a group score is counted instead. */
enum cell_look {
	CELL_COUNTED,
	CELL_HIDDEN = 1,
	CELL_UNCOUNTED = 2,
	CELL_PENDING = 4,
	CELL_LEFT = 8, /* the person has left: counted or not, dimmed */
};

static void draw_cell(struct app *app, int y, int x, int width, int score, bool selected,
		      bool row, unsigned look)
{
	char mark[8], text[16];
	if (score == RATING_NONE)
		look &= CELL_PENDING | CELL_HIDDEN;
	if (look & CELL_PENDING)
		snprintf(mark, sizeof mark, "%s", look & CELL_HIDDEN ? "…" : "1_");
	else if (score == RATING_NONE)
		snprintf(mark, sizeof mark, "%s", ".");
	else if (look & CELL_HIDDEN)
		snprintf(mark, sizeof mark, "%s", app->ascii ? "x" : "✓");
	else
		snprintf(mark, sizeof mark, "%d", score);
	snprintf(text, sizeof text, look & CELL_UNCOUNTED ? "(%s)" : "%s", mark);
	enum role role = selected ? ROLE_ACCENT : row ? ROLE_SELECTION
				: look & (CELL_UNCOUNTED | CELL_LEFT) ? ROLE_MUTED : ROLE_TEXT;
	ui_text(app, y, x, width - 1, text, role, true);
}

static void draw_stats(struct app *app, int y, int x, size_t dim, enum role role)
{
	const struct session *s = app->ws->s;
	const struct dimension *d = &s->dims[dim];
	if (!session_scores_shown(s) && d->group_score == RATING_NONE) {
		ui_textf(app, y, x, STATS_W, role, " %zu of %zu rated", current_of(app)->rated[dim],
			 s->nparticipants);
		return;
	}
	const struct rating_stats st = current_of(app)->stats[dim];
	char mean[16] = "-", last[16] = "-", spread[16] = "-", sd[16] = "-", change[24] = "";
	stats_mean_text(&st, mean, sizeof mean);
	stats_value_text(d->previous_mean, last, sizeof last);
	if (d->group_score != RATING_NONE)
		snprintf(spread, sizeof spread, "%s", "group");
	else if (st.count)
		snprintf(spread, sizeof spread, "%d-%d", st.min, st.max);
	if (d->group_score == RATING_NONE && st.count)
		stats_tenths_text(stats_round(st.stddev, 10), false, sd, sizeof sd);
	if (st.count && !isnan(d->previous_mean)) {
		long t = stats_change_tenths(&st, d->previous_mean);
		char shown[16];
		stats_tenths_text(t, true, shown, sizeof shown);
		snprintf(change, sizeof change, "%s %s", shown, stats_change_arrow(t, "^", "v", "="));
	}
	ui_textf(app, y, x, STATS_W, role, "%5s %6s %4s %6s %7s", mean, spread, sd, last, change);
}

/* A dimension's marks: its ratings split into two camps, and it has notes. */
static void draw_marks(struct app *app, int y, int x, size_t dim, enum role role)
{
	const struct current *c = current_of(app);
	char marks[16];
	snprintf(marks, sizeof marks, "%s%s", !c->split[dim] ? " " : app->ascii ? "!" : "⇄",
		 app->ws->s->dims[dim].nnotes == 0 ? " " : app->ascii ? "n" : "¶");
	ui_text(app, y, x, MARK_W - 1, marks, role, false);
}

static void draw_row(struct app *app, int y, size_t dim, const struct layout *l)
{
	const struct session *s = app->ws->s;
	const struct dimension *d = &s->dims[dim];
	const struct person_columns *pc = &current_of(app)->columns;
	bool row = dim == *selected_dim(app);
	size_t col = current_of(app)->col;
	enum role role = row ? ROLE_SELECTION : ROLE_TEXT;
	ui_fill(app, y, 1, app->cols - 2, role);
	ui_text(app, y, 2, l->name_w - 1 - MARK_W, d->name, role, false);
	draw_marks(app, y, 2 + l->name_w - MARK_W, dim, role);
	int x = 2 + l->name_w;
	unsigned look = (session_scores_shown(s) ? 0 : CELL_HIDDEN) |
			(d->group_score != RATING_NONE ? CELL_UNCOUNTED : 0);
	unsigned pending = row && current_of(app)->pending ? CELL_PENDING : 0;
	for (size_t p = l->first; p < l->first + l->shown; x += pc->width[p++])
		draw_cell(app, y, x, pc->width[p], d->scores[p], row && col == p, row,
			  look | (col == p ? pending : 0) |
				  (session_participant_here(s, p) ? 0 : CELL_LEFT));
	draw_cell(app, y, x, CELL_W, d->group_score, row && col == s->nparticipants, row,
		  col == s->nparticipants ? pending : CELL_COUNTED);
	draw_stats(app, y, x + CELL_W, dim, role);
}

static void draw_distribution(struct app *app, int y, int x, size_t dim)
{
	const struct dimension *d = &app->ws->s->dims[dim];
	const struct rating_stats *st = &current_of(app)->stats[dim];
	x += ui_text(app, y, x, 14, "distribution ", ROLE_MUTED, false);
	for (int v = d->scale_min; v <= d->scale_max && x < app->cols - 8; v++) {
		char cell[32];
		size_t count = stats_count_of(st, v);
		int n = snprintf(cell, sizeof cell, "%d:", v);
		for (size_t k = 0; k < count && k < 8 && n < (int)sizeof cell - 4; k++)
			n += snprintf(cell + n, sizeof cell - (size_t)n, "%s", "█");
		x += ui_text(app, y, x, 14, cell, count ? ROLE_BAR : ROLE_MUTED, false) + 2;
	}
}

/* Private ratings: who has not rated yet, by name; never a score. */
static void draw_waiting(struct app *app, int y, int x, size_t dim)
{
	const struct session *s = app->ws->s;
	const struct dimension *d = &s->dims[dim];
	struct sbuf names = SBUF_INIT;
	for (size_t p = 0; p < s->nparticipants; p++)
		if (d->scores[p] == RATING_NONE && session_participant_here(s, p))
			sbuf_addf(&names, "%s%s", names.len ? ", " : "", s->participants[p].name);
	if (names.len)
		ui_textf(app, y, x, app->cols - x - 4, ROLE_MUTED, "private until r reveals them;"
			 " not rated yet: %s", sbuf_str(&names));
	else
		ui_text(app, y, x, app->cols - x - 4, "private until r reveals them; everyone "
			"has rated", ROLE_GOOD, false);
	sbuf_free(&names);
}

/* A group score beside the people's: which one the mean is made of. */
static void draw_group_legend(struct app *app, int y, int x, size_t dim)
{
	const struct dimension *d = &app->ws->s->dims[dim];
	ui_textf(app, y, x, app->cols - x - 4, ROLE_WARN, "mean: group score %d; scores in ( )"
		 " not counted (clear grp to count them)", d->group_score);
}

static void draw_notes(struct app *app, int y, int rows, size_t dim)
{
	const struct dimension *d = &app->ws->s->dims[dim];
	if (d->nnotes == 0) {
		ui_text(app, y, 4, app->cols - 8, "notes: none yet (n adds a strength or a gap)",
			ROLE_MUTED, false);
		return;
	}
	size_t first = d->nnotes > (size_t)rows ? d->nnotes - (size_t)rows : 0;
	for (size_t i = first; i < d->nnotes; i++, y++) {
		bool strength = d->notes[i].kind == NOTE_STRENGTH;
		ui_text(app, y, 4, 2, strength ? "+" : "-", strength ? ROLE_GOOD : ROLE_WARN, false);
		ui_text(app, y, 6, app->cols - 10, d->notes[i].text, ROLE_TEXT, false);
	}
}

/* "low:" or "high:" and its description, wrapped onto at most `lines`
 * lines; returns the lines used. */
static int draw_anchor(struct app *app, int y, const char *label, const char *text, int lines)
{
	ui_text(app, y, 4, 6, label, ROLE_MUTED, false);
	if (lines == 1) {               /* one line: cut at its end, not at a word */
		ui_text(app, y, 10, app->cols - 14, text, ROLE_MUTED, false);
		return 1;
	}
	int used = ui_wrap(app, y, 10, app->cols - 14, lines, text, ROLE_MUTED);
	return used > 0 ? used : 1;
}

/* Lines a description may take: up to ANCHOR_LINES, leaving `after` lines
 * of the rows left for what follows it. */
static int anchor_lines(int left, int after)
{
	int lines = left - after;
	return lines < 1 ? 1 : lines > ANCHOR_LINES ? ANCHOR_LINES : lines;
}

/* The dimension's name and, where the table has no legend line, the
 * whole name of the selected person when their label is shortened. */
static void draw_detail_title(struct app *app, int y, const struct dimension *d)
{
	const struct session *s = app->ws->s;
	const struct current *c = current_of(app);
	int w = ui_text(app, y, 2, app->cols - 4, d->name, ROLE_TITLE, false);
	if (app->rows >= LEGEND_ROWS || c->col >= c->columns.n)
		return;
	const char *name = s->participants[c->col].name, *label = c->columns.labels[c->col];
	if (name_labels_shortened(label, name) && w + 8 < app->cols - 4)
		ui_textf(app, y, 2 + w + 3, app->cols - 7 - w, ROLE_MUTED, "%s = %s", label, name);
}

/* The details' line a rating changes: which score the mean is made of,
 * who has yet to rate, or the distribution. */
static void draw_tally_line(struct app *app, int y, size_t dim)
{
	if (session_uncounted_scores(app->ws->s, dim))
		draw_group_legend(app, y, 4, dim);
	else if (!session_scores_shown(app->ws->s))
		draw_waiting(app, y, 4, dim);
	else
		draw_distribution(app, y, 4, dim);
}

static void draw_detail(struct app *app, int y, int rows)
{
	struct current *c = current_of(app);
	size_t dim = c->dim;
	const struct dimension *d = &app->ws->s->dims[dim];
	c->detail_dim = dim;
	c->tally_y = -1;
	if (rows < 3)
		return;
	draw_detail_title(app, y, d);
	int used = 1 + ui_wrap(app, y + 1, 4, app->cols - 8, 2, d->question, ROLE_ACCENT);
	/* The distribution's line and up to two notes come after them. */
	int after = 1 + (d->nnotes > 1 ? 2 : 1);
	if (used < rows)
		used += draw_anchor(app, y + used, "low:", d->low,
				    anchor_lines(rows - used, after + 1));
	if (used < rows)
		used += draw_anchor(app, y + used, "high:", d->high, anchor_lines(rows - used, after));
	if (used < rows) {
		c->tally_y = y + used;
		draw_tally_line(app, y + used++, dim);
	}
	if (used < rows)
		draw_notes(app, y + used, rows - used, dim);
}

/* Under the table: what its marks mean when one is there, and the whole
 * names of the shortened labels shown where the screen has a line for
 * them; returns the lines used. */
static int draw_legends(struct app *app, int y, const struct layout *l, bool draw)
{
	const struct current *c = current_of(app);
	int lines = 0;
	if (c->any_split || c->any_notes) {
		if (draw)
			ui_textf(app, y, 2, app->cols - 4, ROLE_MUTED, "%s%s%s",
				 !c->any_split ? "" : app->ascii ? "! split: a third or more at each"
				 " end of the scale" : "⇄ split: a third or more at each end of the scale",
				 c->any_split && c->any_notes ? "   " : "",
				 !c->any_notes ? "" : app->ascii ? "n has notes" : "¶ has notes");
		lines++;
	}
	struct sbuf names = SBUF_INIT;
	if (app->rows >= LEGEND_ROWS)
		person_columns_legend(&c->columns, app->ws->s, l->first, l->shown, &names);
	if (names.len) {
		if (draw)
			ui_text(app, y + lines, 2, app->cols - 4, sbuf_str(&names), ROLE_MUTED, false);
		lines++;
	}
	sbuf_free(&names);
	return lines;
}

static struct geometry geometry_of(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	const struct current *c = current_of(app);
	struct geometry g = {.frame = app->frames, .top = top, .height = height,
			     .cols = app->cols, .l = layout_of(app), .any_split = c->any_split,
			     .any_notes = c->any_notes};
	int legends = draw_legends(app, 0, &g.l, false);
	g.grid_rows = height - 1 - DETAIL_ROWS - legends;
	if (g.grid_rows < 3)
		g.grid_rows = height - 1 - legends;
	g.start = list_top(c->dim, s->ndims, g.grid_rows);
	size_t rows = g.grid_rows <= 0 ? 0 : s->ndims - g.start;
	if (rows > (size_t)g.grid_rows)
		rows = (size_t)g.grid_rows;
	g.detail_y = top + 1 + (int)rows + legends + 1;
	return g;
}

static bool same_geometry(const struct geometry *a, const struct geometry *b)
{
	return a->frame == b->frame && a->top == b->top && a->height == b->height &&
	       a->cols == b->cols && a->l.first == b->l.first && a->l.shown == b->l.shown &&
	       a->l.name_w == b->l.name_w && a->start == b->start &&
	       a->grid_rows == b->grid_rows && a->detail_y == b->detail_y &&
	       a->any_split == b->any_split && a->any_notes == b->any_notes;
}

static void draw(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	struct current *c = current_of(app);
	c->nchanged = 0;
	if (s->ndims == 0) {
		ui_text(app, top + 1, 2, app->cols - 4, "This session has no dimensions.",
			ROLE_MUTED, false);
		return;
	}
	struct geometry g = geometry_of(app, top, height);
	draw_grid_header(app, top, &g.l);
	int y = top + 1;
	for (size_t d = g.start; d < s->ndims && y < top + 1 + g.grid_rows; d++)
		draw_row(app, y++, d, &g.l);
	draw_legends(app, y, &g.l, true);
	draw_detail(app, g.detail_y, top + height - g.detail_y);
	c->drawn = g;
}

/* The rows a key changed and the details under them, over the last frame:
 * a rating or a move touches two rows of the table, not the whole frame. */
static bool draw_changed(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	struct current *c = current_of(app);
	if (s->ndims == 0 || c->nchanged > CHANGED_MAX)
		return false;
	struct geometry g = geometry_of(app, top, height);
	if (!same_geometry(&g, &c->drawn))
		return false;
	if (c->nchanged == 0)
		return true;
	for (size_t i = 0; i < c->nchanged; i++) {
		size_t d = c->changed[i];
		if (d < g.start || d - g.start >= (size_t)g.grid_rows || d >= s->ndims)
			continue;
		int y = top + 1 + (int)(d - g.start);
		ui_clear_rows(app, y, 1);
		draw_row(app, y, d, &g.l);
	}
	c->nchanged = 0;
	if (c->detail_dim != c->dim || c->tally_y < 0) {
		ui_clear_rows(app, g.detail_y, top + height - g.detail_y);
		draw_detail(app, g.detail_y, top + height - g.detail_y);
		return true;
	}
	/* The same dimension's: its title (the person selected) and its tally. */
	ui_clear_rows(app, g.detail_y, 1);
	draw_detail_title(app, g.detail_y, &s->dims[c->dim]);
	ui_clear_rows(app, c->tally_y, 1);
	draw_tally_line(app, c->tally_y, c->dim);
	return true;
}

/* The row of dimension dim is to be drawn again, and the details. */
static void mark_changed(struct current *c, size_t dim)
{
	for (size_t i = 0; i < c->nchanged && i < CHANGED_MAX; i++)
		if (c->changed[i] == dim)
			return;
	if (c->nchanged < CHANGED_MAX)
		c->changed[c->nchanged] = dim;
	if (c->nchanged <= CHANGED_MAX)
		c->nchanged++;
}

/* Presentation mode: each dimension's mean in block letters with a bar
 * on its scale, last time and the change beside it; while the ratings are
 * private, how many have rated. No person's column, no details. */
static void present_row_of(struct app *app, size_t dim, struct present_row *out)
{
	const struct session *s = app->ws->s;
	const struct dimension *d = &s->dims[dim];
	const struct rating_stats *st = &current_of(app)->stats[dim];
	out->text = d->name;
	out->fill = -1;
	if (!session_scores_shown(s) && d->group_score == RATING_NONE) {
		snprintf(out->figure, sizeof out->figure, "%zu/%zu", current_of(app)->rated[dim],
			 s->nparticipants);
		snprintf(out->note, sizeof out->note, "%s", "rated so far");
		return;
	}
	snprintf(out->figure, sizeof out->figure, "%s", "-");
	stats_mean_text(st, out->figure, sizeof out->figure);
	if (st->count && d->scale_max > d->scale_min)
		out->fill = (st->mean - d->scale_min) / (d->scale_max - d->scale_min);
	char last[16] = "-", change[16] = "";
	stats_value_text(d->previous_mean, last, sizeof last);
	if (st->count && !isnan(d->previous_mean))
		stats_tenths_text(stats_change_tenths(st, d->previous_mean), true, change,
				  sizeof change);
	if (!isnan(d->previous_mean))
		snprintf(out->note, sizeof out->note, "last %s%s%s", last,
			 *change ? "  change " : "", change);
}

static void present(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	struct present_row *rows = xcalloc(s->ndims + 1, sizeof *rows);
	for (size_t d = 0; d < s->ndims; d++)
		present_row_of(app, d, &rows[d]);
	present_rows(app, top, height, rows, s->ndims, *selected_dim(app));
	free(rows);
}

/* A dimension's figures: its statistics, how many rated, a split. */
static void measure(struct app *app, size_t d)
{
	const struct session *s = app->ws->s;
	const struct dimension *dim = &s->dims[d];
	struct current *c = current_of(app);
	session_dimension_stats(s, d, &c->stats[d]);
	c->rated[d] = 0;
	for (size_t p = 0; p < s->nparticipants; p++)
		c->rated[d] += dim->scores[p] != RATING_NONE;
	/* Private ratings keep their camps private too. */
	c->split[d] = session_scores_shown(s) && dim->group_score == RATING_NONE &&
		      stats_split(&c->stats[d], dim->scale_min, dim->scale_max);
}

/* Which marks the table shows, and so whether its legend has a line. */
static void sum_marks(struct app *app)
{
	const struct session *s = app->ws->s;
	struct current *c = current_of(app);
	c->any_split = c->any_notes = false;
	for (size_t d = 0; d < s->ndims; d++) {
		c->any_split |= c->split[d];
		c->any_notes |= s->dims[d].nnotes > 0;
	}
}

/* ---- keys ---- */

/* The first person from p on who is still in the room, or nparticipants. */
static size_t next_here(const struct session *s, size_t p)
{
	while (p < s->nparticipants && !session_participant_here(s, p))
		p++;
	return p;
}

/* A rating changed: its dimension's figures, and the table's marks. */
static void rated(struct app *app, size_t dim)
{
	measure(app, dim);
	mark_changed(current_of(app), dim);
	sum_marks(app);
}

static unsigned rate(struct app *app, int score)
{
	struct error err;
	const struct session *s = app->ws->s;
	struct current *c = current_of(app);
	size_t dim = c->dim;
	enum err_code code = c->col >= s->nparticipants
				     ? ws_group_score(app->ws, dim, score, &err)
				     : ws_rate(app->ws, dim, c->col, score, &err);
	if (code) {
		ui_error(app, &err);
		return UI_REDRAW;
	}
	rated(app, dim);
	size_t uncounted = session_uncounted_scores(s, dim);
	if (c->col >= s->nparticipants && uncounted)
		ui_message(app, ROLE_WARN, "the group score counts: %zu people's score%s kept in"
			   " ( ), not counted", uncounted, uncounted == 1 ? "" : "s");
	/* The room calls out its ratings person by person: move on to the next,
	 * and after the last person to the first one on the next dimension. */
	if (score == RATING_NONE || c->col >= s->nparticipants)
		return UI_REDRAW_PART;
	size_t next = next_here(s, c->col + 1);
	if (next < s->nparticipants) {
		c->col = next;
	} else if (dim + 1 < s->ndims && next_here(s, 0) < s->nparticipants) {
		c->col = next_here(s, 0);
		c->dim = dim + 1;
		mark_changed(c, c->dim);
	}
	return UI_REDRAW_PART;
}

/* ---- a 10 from the keyboard: 1, then 0 ---- */

static bool reaches_ten(const struct app *app)
{
	const struct session *s = app->ws->s;
	size_t dim = current_of(app)->dim;
	return dim < s->ndims && s->dims[dim].scale_max >= 10;
}

/* A digit typed: on a scale that reaches 10, a 1 waits for what comes
 * next; anything else is rated at once. */
static unsigned rate_digit(struct app *app, int digit)
{
	struct current *c = current_of(app);
	if (digit != 1 || !reaches_ten(app))
		return rate(app, digit);
	c->pending = true;
	c->pending_since = app->now;
	ui_message(app, ROLE_MUTED, "%s", "1: 0 now makes it 10; any other key keeps 1");
	return UI_REDRAW;
}

/* The waiting 1 becomes `score` (1 or 10), or nothing (RATING_NONE). */
static void settle(struct app *app, int score)
{
	current_of(app)->pending = false;
	if (score != RATING_NONE)
		rate(app, score);
	ui_update(app);
}

/* Sees each key while a 1 waits: 0 makes 10, Enter or Space keeps 1,
 * Esc, Delete or Backspace take it back; any other key keeps 1 and then
 * goes on (a digit rates the next person). */
static unsigned pending_key(struct app *app, wint_t key, bool is_code)
{
	struct current *c = current_of(app);
	if (!c->pending)
		return UI_IGNORED;
	if (!is_code && key == '0') {
		settle(app, 10);
		return UI_REDRAW;
	}
	if (!is_code && (key == '\r' || key == '\n' || key == ' ')) {
		settle(app, 1);
		return UI_REDRAW;
	}
	if ((is_code && (key == KEY_DC || key == KEY_BACKSPACE)) ||
	    (!is_code && (key == 033 || key == 0x7f || key == '\b'))) {
		settle(app, RATING_NONE);
		ui_message(app, ROLE_MUTED, "%s", "the 1 was taken back");
		return UI_REDRAW;
	}
	settle(app, 1);
	c->owes_redraw = true;
	return UI_IGNORED;
}

/* A waiting 1 counts as 1 once its moment has passed. */
static unsigned current_tick(struct app *app)
{
	struct current *c = current_of(app);
	unsigned flags = c->owes_redraw ? UI_REDRAW : UI_IGNORED;
	c->owes_redraw = false;
	if (c->pending && app->now - c->pending_since >= PENDING_SECONDS) {
		settle(app, 1);
		flags = UI_REDRAW;
	}
	return flags;
}

static bool note_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	enum note_kind kind = ui_form_choice_of(app, 0) == 0 ? NOTE_STRENGTH : NOTE_GAP;
	if (ws_add_note(app->ws, form->index, kind, ui_form_value(app, 1), &err)) {
		ui_error(app, &err);
		return false;
	}
	ui_message(app, ROLE_GOOD, "%s", "note added");
	return true;
}

static void open_note_form(struct app *app)
{
	static const char *const kinds[] = {"strength", "gap"};
	ui_form_open(app, "Evidence note", note_done, item_form_new(false, *selected_dim(app)),
		     item_form_free);
	ui_form_choice(app, "Kind", kinds, 2, 1);
	ui_form_text(app, "Note", "", TEXT_MAX_NOTE);
	ui_form_focus(app, 1);          /* the room dictates the note; gap is the default */
}

static bool person_done(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	if (ws_add_participant(app->ws, ui_form_value(app, 0), &err)) {
		ui_error(app, &err);
		return false;
	}
	ui_message(app, ROLE_GOOD, "%s", "participant added");
	return true;
}

static bool rename_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	if (ws_rename_participant(app->ws, form->index, ui_form_value(app, 0), &err)) {
		ui_error(app, &err);
		return false;
	}
	ui_message(app, ROLE_GOOD, "%s", "participant renamed");
	return true;
}

static unsigned open_rename_form(struct app *app)
{
	const struct session *s = app->ws->s;
	size_t p = current_of(app)->col;
	if (p >= s->nparticipants)
		return UI_IGNORED;      /* the group column has no name to change */
	ui_form_open(app, "Rename participant", rename_done, item_form_new(false, p),
		     item_form_free);
	ui_form_text(app, "Name", s->participants[p].name, TEXT_MAX_NAME);
	return UI_REDRAW;
}

/* r: private ratings are revealed; shown or revealed ones become private. */
static unsigned toggle_ratings(struct app *app)
{
	struct error err = {0};
	bool hidden = !session_scores_shown(app->ws->s);
	if (ws_set_ratings(app->ws, hidden ? RATINGS_REVEALED : RATINGS_PRIVATE, &err)) {
		ui_error(app, &err);
		return UI_REDRAW;
	}
	ui_message(app, ROLE_GOOD, "%s", hidden ? "ratings revealed"
				     : "ratings private: each cell shows only who has rated");
	ui_update(app);
	return UI_REDRAW;
}

/* Up and down the table: the row left and the row reached change. */
static unsigned move_dim(struct current *c, size_t ndims, enum action action)
{
	size_t from = c->dim;
	if (!(list_move(&c->dim, ndims, action, 5) & UI_REDRAW))
		return UI_IGNORED;
	mark_changed(c, from);
	mark_changed(c, c->dim);
	return UI_REDRAW_PART;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	const struct session *s = app->ws->s;
	struct current *c = current_of(app);
	if (s->ndims == 0)
		return UI_IGNORED;
	switch (action) {
	case ACT_RATE:
		return rate_digit(app, digit);
	case ACT_CLEAR:
		/* On a scale that starts at 0, the 0 key rates 0; Delete clears. */
		return rate(app, digit == 0 && s->dims[c->dim].scale_min == 0 ? 0 : RATING_NONE);
	case ACT_LEFT:
		if (c->col == 0)
			return UI_IGNORED;
		c->col--;
		mark_changed(c, c->dim);
		return UI_REDRAW_PART;
	case ACT_RIGHT:
		if (c->col >= s->nparticipants)
			return UI_IGNORED;
		c->col++;
		mark_changed(c, c->dim);
		return UI_REDRAW_PART;
	case ACT_NOTE:
		open_note_form(app);
		return UI_REDRAW;
	case ACT_ADD_PERSON:
		ui_form_open(app, "New participant", person_done, NULL, NULL);
		ui_form_text(app, "Name", "", TEXT_MAX_NAME);
		return UI_REDRAW;
	case ACT_RATINGS:
		return toggle_ratings(app);
	case ACT_RENAME_PERSON:
		return open_rename_form(app);
	case ACT_REMOVE_PERSON:
		if (c->col >= s->nparticipants)
			return UI_IGNORED;      /* the group column is nobody */
		people_open_leave(app, c->col);
		return UI_REDRAW;
	case ACT_DELETE_NOTE:
		return note_forms_delete(app, c->dim);
	case ACT_EDIT_NOTE:
		return note_forms_edit(app, c->dim);
	default:
		return move_dim(c, s->ndims, action);
	}
}

static void update(struct app *app)
{
	const struct session *s = app->ws->s;
	struct current *c = current_of(app);
	list_clamp(&c->dim, s->ndims);
	if (c->col > s->nparticipants)
		c->col = s->nparticipants;
	free(c->stats);
	free(c->rated);
	free(c->split);
	c->stats = xcalloc(s->ndims + 1, sizeof *c->stats);
	c->rated = xcalloc(s->ndims + 1, sizeof *c->rated);
	c->split = xcalloc(s->ndims + 1, sizeof *c->split);
	c->nstats = s->ndims;
	for (size_t d = 0; d < s->ndims; d++)
		measure(app, d);
	sum_marks(app);
	person_columns_free(&c->columns);
	person_columns_make(&c->columns, s);
}

static void leave(struct app *app)
{
	struct current *c = current_of(app);
	free(c->stats);
	free(c->rated);
	free(c->split);
	c->stats = NULL;
	c->rated = NULL;
	c->split = NULL;
	c->nstats = 0;
	person_columns_free(&c->columns);
}

static void reset(struct app *app)
{
	leave(app);
	*current_of(app) = (struct current){0};
}

static const struct hint hints[] = {
	HINT(ACT_RATE, "rate"), HINT(ACT_CLEAR, "clear"),
	HINT2(ACT_LEFT, ACT_RIGHT, "/", "person"), HINT(ACT_NOTE, "note"), STAGE_HINTS_TAIL,
};

const struct screen_ops current_screen = {
	.name = "current state",
	.contexts = CTX_STAGE | CTX_RATING,
	.state_size = sizeof(struct current),
	.in_session = true,
	.leave = leave,
	.update = update,
	.reset = reset,
	.draw = draw,
	.draw_changed = draw_changed,
	.present = present,
	.act = act,
	.tick = current_tick,
	.raw_key = pending_key,
	.hints = hints,
};
