/* svg: the shapes and labels the reports' charts are drawn with, written
 * as inline SVG. Coordinates are in the picture's own units (its viewBox);
 * the page scales it to the width it has. Every text goes through
 * lib/html.h, so a person's words are shown as words. A picture is never
 * drawn larger than its own size. `cls` names a class
 * of the page's style sheet, or is NULL. */
#ifndef IMPROV_LIB_SVG_H
#define IMPROV_LIB_SVG_H

#include <stddef.h>

#include "lib/sbuf.h"

/* Opens a picture width x height with a title and a description for
 * those who cannot see it (role="img", labelled by both). `id` is unique
 * in the page and names the title and description elements. */
void svg_begin(struct sbuf *out, int width, int height, const char *id, const char *title,
	       const char *desc) __attribute__((nonnull));
void svg_end(struct sbuf *out) __attribute__((nonnull));

void svg_rect(struct sbuf *out, double x, double y, double w, double h, const char *cls)
	__attribute__((nonnull(1)));
void svg_line(struct sbuf *out, double x1, double y1, double x2, double y2, const char *cls)
	__attribute__((nonnull(1)));
void svg_circle(struct sbuf *out, double cx, double cy, double r, const char *cls)
	__attribute__((nonnull(1)));
/* A diamond of half-diagonal r: a second marker that differs in shape. */
void svg_diamond(struct sbuf *out, double cx, double cy, double r, const char *cls)
	__attribute__((nonnull(1)));
/* A line through n points, xy holding x0, y0, x1, y1, ... */
void svg_polyline(struct sbuf *out, const double *xy, size_t n, const char *cls)
	__attribute__((nonnull(1, 2)));

enum svg_anchor { SVG_START, SVG_MIDDLE, SVG_END };

/* One line of text with its baseline at y. */
void svg_text(struct sbuf *out, double x, double y, enum svg_anchor anchor, const char *cls,
	      const char *text) __attribute__((nonnull(1, 6)));

/* Text wrapped into lines of at most cols columns (lib/utf8.h), the first
 * baseline at y and the next ones line_height below; nothing is cut.
 * Returns how many lines it took (at least 1). */
int svg_text_wrapped(struct sbuf *out, double x, double y, double line_height, size_t cols,
		     const char *cls, const char *text) __attribute__((nonnull(1, 7)));

/* How many lines svg_text_wrapped will take, to lay out before drawing. */
int svg_lines_for(const char *text, size_t cols) __attribute__((nonnull));

#endif
