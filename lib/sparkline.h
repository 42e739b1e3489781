/* sparkline: a series of numbers as a row of block characters, one per
 * value, from ▁ (the low end) to █ (the high end); a missing value (NAN)
 * is a space. And the same series as a small chart of a few rows, with a
 * target drawn as a line across it. */
#ifndef IMPROV_LIB_SPARKLINE_H
#define IMPROV_LIB_SPARKLINE_H

#include <stddef.h>

#include "lib/sbuf.h"

/* Appends the sparkline of values[0..n) scaled from lo to hi (values
 * outside are clamped). With lo >= hi, the range of the values is used. */
void sparkline(struct sbuf *out, const double *values, size_t n, double lo, double hi)
	__attribute__((nonnull(1)));

enum { SPARKLINE_CHART_MAX_ROWS = 12 };

/* The chart of values[0..n) in `height` rows (at most
 * SPARKLINE_CHART_MAX_ROWS), appended to rows[0] (the top, the high end)
 * to rows[height - 1]: each value a ● on its row, `step` cells after the
 * one before, the target (NAN: none) a line of ┄ across its row. The
 * range runs from the lowest to the highest of the values and the target;
 * a missing value leaves its column empty. Returns the target's row, or
 * -1 without one. */
int sparkline_chart(struct sbuf *rows, size_t height, const double *values, size_t n,
		    double target, size_t step) __attribute__((nonnull(1)));

#endif
