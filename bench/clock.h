/* clock: the benchmark's time and its median. */
#ifndef IMPROV_BENCH_CLOCK_H
#define IMPROV_BENCH_CLOCK_H

#include <stddef.h>

/* Milliseconds on the monotonic clock. */
double clock_ms(void);
/* The median of n values (sorts them). */
double clock_median(double *v, size_t n);

#endif
