/* bigtext: block letters five rows tall, for what the room must read from
 * the back row in presentation mode (stage titles, the timer, ranks,
 * points and means). Plain C: it
 * returns text for the caller to draw.
 *
 * The font has the digits 0-9, the letters A-Z (lowercase is drawn as
 * uppercase), space and : - + = . ! ? & /. Glyphs are 3 to 5 columns wide and
 * sit one blank column apart. Every other character (taken whole, as
 * lib/utf8.h steps over characters, so "é" written with a combining accent
 * is one) is drawn as a small hollow box, 3 columns wide: a missing glyph
 * shows as a gap-sized mark instead of silently closing up the text. */
#ifndef IMPROV_TUI_BIGTEXT_H
#define IMPROV_TUI_BIGTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/sbuf.h"

#define BIGTEXT_ROWS 5

/* Columns text takes in block letters: the glyph widths plus one column
 * between each two glyphs; 0 for "". */
size_t bigtext_width(const char *text) __attribute__((nonnull));

/* Appends text in block letters to rows[0] (top) .. rows[4] (bottom): each
 * row gets U+2588 FULL BLOCK for an inked cell and a space for a blank one,
 * and all five get the same number of columns. Only whole glyphs that fit
 * in max_cols are drawn; the rest is left off. */
void bigtext_render(const char *text, size_t max_cols, struct sbuf rows[BIGTEXT_ROWS])
	__attribute__((nonnull));

/* True when all of text fits in cols columns. */
bool bigtext_fits(const char *text, size_t cols) __attribute__((nonnull));

#endif
