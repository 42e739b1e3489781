#include "lib/sparkline.h"

#include <math.h>

static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
enum { NBARS = sizeof bars / sizeof bars[0] };

static void value_range(const double *values, size_t n, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (isnan(values[i]))
			continue;
		*lo = fmin(*lo, values[i]);
		*hi = fmax(*hi, values[i]);
	}
}

void sparkline(struct sbuf *out, const double *values, size_t n, double lo, double hi)
{
	if (!(lo < hi))
		value_range(values, n, &lo, &hi);
	for (size_t i = 0; i < n; i++) {
		if (isnan(values[i])) {
			sbuf_addc(out, ' ');
			continue;
		}
		/* One value, or all equal: the middle of the range. */
		double share = hi > lo ? (values[i] - lo) / (hi - lo) : 0.5;
		share = fmin(1.0, fmax(0.0, share));
		int level = (int)lround(share * (NBARS - 1));
		sbuf_adds(out, bars[level]);
	}
}
