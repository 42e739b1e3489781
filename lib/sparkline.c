#include "lib/sparkline.h"

#include <math.h>
#include <stdbool.h>

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

/* The row of v on a chart of height rows, 0 at the top. */
static size_t chart_row(double v, double lo, double hi, size_t height)
{
	double share = hi > lo ? (v - lo) / (hi - lo) : 0.5;
	return height - 1 - (size_t)lround(share * (double)(height - 1));
}

int sparkline_chart(struct sbuf *rows, size_t height, const double *values, size_t n,
		    double target, size_t step)
{
	if (height == 0 || height > SPARKLINE_CHART_MAX_ROWS || n == 0)
		return -1;
	double lo, hi;
	value_range(values, n, &lo, &hi);
	if (!isnan(target)) {
		lo = fmin(lo, target);
		hi = fmax(hi, target);
	}
	step = step ? step : 1;
	int target_row = isnan(target) ? -1 : (int)chart_row(target, lo, hi, height);
	size_t width = (n - 1) * step + 1;
	for (size_t r = 0; r < height; r++) {
		for (size_t c = 0; c < width; c++) {
			size_t i = c / step;
			bool point = c % step == 0 && i < n && !isnan(values[i]) &&
				     chart_row(values[i], lo, hi, height) == r;
			sbuf_adds(&rows[r], point ? "●" : (int)r == target_row ? "┄" : " ");
		}
	}
	return target_row;
}
