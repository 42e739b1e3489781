/* Presentation mode's blocks: a figure in block letters on each side, the
 * text between them wrapped whole, a wide bar, and a count of what did not
 * fit. */
#include <stdint.h>
#include <stdio.h>

#include "lib/sbuf.h"
#include "tui/bigtext.h"
#include "tui/present.h"

#define GAP 2           /* columns between the parts of a block */
#define BAR_SHARE 5     /* the bar takes a fifth of the width, when there is room */
#define TEXT_MIN 24     /* the text's width the bar gives way to */

void present_big(struct app *app, int y, int x, int cols, const char *text, enum role role)
{
	struct sbuf rows[BIGTEXT_ROWS];
	for (int r = 0; r < BIGTEXT_ROWS; r++)
		rows[r] = (struct sbuf)SBUF_INIT;
	bigtext_render(text, (size_t)cols, rows);
	for (int r = 0; r < BIGTEXT_ROWS; r++) {
		ui_text(app, y + r, x, cols, sbuf_str(&rows[r]), role, false);
		sbuf_free(&rows[r]);
	}
}

/* Where each part of a block goes; the same for every row, so the figures
 * stand in columns. */
struct layout {
	int lead_x, text_x, text_w, bar_x, bar_w, figure_x, figure_w;
};

static int widest(const struct present_row *rows, size_t n, bool lead)
{
	size_t w = 0;
	for (size_t k = 0; k < n; k++) {
		size_t t = bigtext_width(lead ? rows[k].lead : rows[k].figure);
		w = t > w ? t : w;
	}
	return (int)w;
}

static struct layout lay_out(const struct app *app, const struct present_row *rows, size_t n)
{
	struct layout l = {.lead_x = 2};
	int lead_w = widest(rows, n, true);
	l.figure_w = widest(rows, n, false);
	l.text_x = l.lead_x + (lead_w ? lead_w + GAP : 0);
	l.figure_x = app->cols - 2 - l.figure_w;
	int room = l.figure_x - GAP - l.text_x;
	bool bars = false;
	for (size_t k = 0; k < n; k++)
		bars |= rows[k].fill >= 0;
	l.bar_w = bars && room - app->cols / BAR_SHARE >= TEXT_MIN ? app->cols / BAR_SHARE : 0;
	l.text_w = room - (l.bar_w ? l.bar_w + GAP : 0);
	l.bar_x = l.text_x + l.text_w + GAP;
	return l;
}

/* Rows a block takes, the blank line under it included: the figures' five,
 * or more when the text and its note need them. */
static int block_rows(const struct layout *l, const struct present_row *row)
{
	int lines = ui_wrap_lines(l->text_w, row->text) + (row->note[0] ? 1 : 0);
	return (lines > BIGTEXT_ROWS ? lines : BIGTEXT_ROWS) + 1;
}

static void draw_bar(struct app *app, int y, const struct layout *l, double fill)
{
	struct sbuf bar = SBUF_INIT;
	int len = (int)(fill * l->bar_w + 0.5);
	for (int k = 0; k < len && k < l->bar_w; k++)
		sbuf_adds(&bar, "█");
	/* Three rows tall, in the middle of the block's five. */
	for (int r = 1; r < BIGTEXT_ROWS - 1; r++)
		ui_text(app, y + r, l->bar_x, l->bar_w, sbuf_str(&bar), ROLE_BAR, false);
	sbuf_free(&bar);
}

static void draw_block(struct app *app, int y, int rows, const struct layout *l,
		       const struct present_row *row, bool selected)
{
	if (row->blank)
		return;
	if (row->lead[0])
		present_big(app, y, l->lead_x, l->text_x - l->lead_x, row->lead, ROLE_ACCENT);
	int max = rows - 1 - (row->note[0] ? 1 : 0);
	int used = ui_wrap(app, y, l->text_x, l->text_w, max, row->text,
			   selected ? ROLE_ACCENT : ROLE_TITLE);
	if (row->note[0])
		ui_text(app, y + used, l->text_x, l->text_w, row->note, ROLE_TEXT, false);
	if (l->bar_w && row->fill >= 0)
		draw_bar(app, y, l, row->fill);
	present_big(app, y, l->figure_x + l->figure_w - (int)bigtext_width(row->figure),
		    l->figure_w, row->figure, ROLE_TITLE);
}

/* How many blocks from first fit in height rows. */
static size_t fitting(const struct layout *l, const struct present_row *rows, size_t n,
		      size_t first, int height)
{
	size_t k = first;
	for (int used = 0; k < n; k++) {
		used += block_rows(l, &rows[k]);
		if (used - 1 > height)
			break;
	}
	return k - first;
}

void present_rows(struct app *app, int top, int height, const struct present_row *rows,
		  size_t n, size_t selected)
{
	struct layout l = lay_out(app, rows, n);
	size_t first = 0;
	int room = height - 1;  /* the last row says what did not fit */
	while (selected != SIZE_MAX && selected < n && first < selected &&
	       first + fitting(&l, rows, n, first, room) <= selected)
		first++;
	size_t shown = fitting(&l, rows, n, first, room);
	int y = top;
	for (size_t k = first; k < first + shown; k++) {
		int h = block_rows(&l, &rows[k]);
		draw_block(app, y, h, &l, &rows[k], k == selected);
		y += h;
	}
	size_t below = n - first - shown;
	if (first && below)
		ui_textf(app, top + height - 1, 2, app->cols - 4, ROLE_MUTED,
			 "%zu more above, %zu more below", first, below);
	else if (first || below)
		ui_textf(app, top + height - 1, 2, app->cols - 4, ROLE_MUTED, "%zu more %s",
			 first ? first : below, first ? "above" : "below");
}
