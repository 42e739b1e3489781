/* timing: the time limits of tests are set for the sanitized build that
 * `make test` runs. Under valgrind (`make valgrind`) everything runs tens
 * of times slower, and scripts/run-valgrind sets IMPROV_TIME_SCALE to
 * stretch every limit by that much; the limit still catches a hang. */
#ifndef IMPROV_TESTS_TIMING_H
#define IMPROV_TESTS_TIMING_H

#include <stdlib.h>

/* seconds, times IMPROV_TIME_SCALE when that is a number above 1. */
static inline double time_limit(double seconds)
{
	const char *scale = getenv("IMPROV_TIME_SCALE");
	double k = scale ? strtod(scale, NULL) : 1.0;
	return k > 1.0 ? seconds * k : seconds;
}

#endif
