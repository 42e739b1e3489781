/* qr: the room's URL as a QR code, and the code drawn for a terminal as
 * lines of Unicode half blocks, two modules to a character row, inside a
 * quiet zone. Knows nothing of curses: the screen draws the lines. */
#ifndef IMPROV_ROOM_QR_H
#define IMPROV_ROOM_QR_H

#include <stdbool.h>

#include "lib/error.h"
#include "lib/sbuf.h"

#define QR_QUIET 4              /* light modules around the code, each side */

struct qr {
	int version;            /* 1-40 */
	int size;               /* modules per side: 17 + 4 * version */
	unsigned char *dark;    /* size * size, row by row: 1 dark, 0 light */
};

/* Encodes text (8-bit mode, error correction M) into out, which
 * qr_free releases. ERR_DATA when the text does not fit a QR code. */
enum err_code qr_encode(const char *text, struct qr *out, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));
void qr_free(struct qr *q) __attribute__((nonnull));

/* Whether module (x, y) is dark; coordinates outside the code (the quiet
 * zone and beyond) are light. */
bool qr_dark(const struct qr *q, int x, int y) __attribute__((nonnull));

/* The drawing's size in terminal cells, quiet zone included: as many
 * columns as modules, and one row for two module rows. */
int qr_columns(const struct qr *q) __attribute__((nonnull));
int qr_rows(const struct qr *q) __attribute__((nonnull));

/* Appends character row `row` (0 to qr_rows - 1) of the drawing, without a
 * line end: a dark module is ink ("▀" top, "▄" bottom, "█" both), a light
 * one is the background (a space). The screen draws it with a dark
 * foreground on a light background, as a phone's camera expects. */
void qr_render_row(const struct qr *q, int row, struct sbuf *out) __attribute__((nonnull));
/* Every row, each ended by '\n'. */
void qr_render(const struct qr *q, struct sbuf *out) __attribute__((nonnull));

#endif
