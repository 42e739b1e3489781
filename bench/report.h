/* report: what the benchmark measured, as a table for people and as
 * `bench:` lines for scripts, and the machine it ran on. */
#ifndef IMPROV_BENCH_REPORT_H
#define IMPROV_BENCH_REPORT_H

#include <stddef.h>

/* What is measured, and against what. */
enum target { TARGET_RATIO, TARGET_MS, TARGET_KIB, TARGET_COUNT, TARGET_INFO };

struct result {
	const char *name;       /* for scripts */
	const char *what;       /* for people */
	double ours, base;      /* milliseconds (kibibytes for memory); base NAN: none */
	enum target target;
	double limit;           /* the ratio, or the milliseconds or KiB not to reach */
	double ms_limit;        /* a second limit in milliseconds, or 0 */
};

void report_table(const struct result *results, size_t nresults);
/* Every line ends with the organization's size: sessions=N. */
void report_lines(const struct result *results, size_t nresults, int sessions);
/* The cores, processor, memory and load average: a busy machine slows
 * fsync most of all. */
void report_machine(const char *when);

#endif
