/* sparkline: a series of numbers as a row of block characters, one per
 * value, from ▁ (the low end) to █ (the high end); a missing value (NAN)
 * is a space. */
#ifndef IMPROV_LIB_SPARKLINE_H
#define IMPROV_LIB_SPARKLINE_H

#include <stddef.h>

#include "lib/sbuf.h"

/* Appends the sparkline of values[0..n) scaled from lo to hi (values
 * outside are clamped). With lo >= hi, the range of the values is used. */
void sparkline(struct sbuf *out, const double *values, size_t n, double lo, double hi)
	__attribute__((nonnull(1)));

#endif
