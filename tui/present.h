/* present: how presentation mode draws what the room must read from the
 * back: block letters for the figures (a rank, points, a mean) and the
 * text beside them wrapped whole in ordinary type. The screens fill the
 * rows from their state; nothing here reads the session. */
#ifndef IMPROV_TUI_PRESENT_H
#define IMPROV_TUI_PRESENT_H

#include "tui/ui.h"

/* One block of rows: lead (a rank, "" for none) and figure (points, a
 * mean) in block letters, text wrapped whole between them with note under
 * it in ordinary type, and a bar filled to fill (0..1; below 0: none). A
 * blank row keeps its place but is not drawn yet (a chart building up). */
struct present_row {
	char lead[16];
	char figure[24];
	const char *text;
	char note[160];
	double fill;
	bool blank;
};

/* text in block letters at y, x, cut to cols columns. */
void present_big(struct app *app, int y, int x, int cols, const char *text, enum role role);

/* Draws rows from top in height rows, from the first row on, or from a
 * later one so that row `selected` shows (SIZE_MAX: none is); a muted line
 * at the bottom counts those that did not fit. */
void present_rows(struct app *app, int top, int height, const struct present_row *rows,
		  size_t n, size_t selected);

#endif
