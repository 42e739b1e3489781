#include "bench/report.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool held(const struct result *r)
{
	switch (r->target) {
	case TARGET_RATIO:
		return r->ours / r->base <= r->limit && (r->ms_limit == 0 || r->ours < r->ms_limit);
	case TARGET_MS:
	case TARGET_KIB:
		return r->ours < r->limit;
	case TARGET_COUNT:
		return r->ours <= r->limit;
	case TARGET_INFO:
		break;
	}
	return true;
}

static void target_text(const struct result *r, char *out, size_t size)
{
	switch (r->target) {
	case TARGET_RATIO:
		if (r->ms_limit)
			snprintf(out, size, "ratio <= %.1f, < %g ms", r->limit, r->ms_limit);
		else
			snprintf(out, size, "ratio <= %.1f", r->limit);
		break;
	case TARGET_MS: snprintf(out, size, "< %.4g ms", r->limit); break;
	case TARGET_KIB: snprintf(out, size, "< %.0f MiB", r->limit / 1024); break;
	case TARGET_COUNT: snprintf(out, size, "<= %.0f", r->limit); break;
	case TARGET_INFO: snprintf(out, size, "-"); break;
	}
}

void report_table(const struct result *results, size_t nresults)
{
	printf("\n%-44s %10s %10s %7s  %-22s %s\n", "operation", "improv ms", "base ms", "ratio",
	       "target", "");
	for (size_t i = 0; i < nresults; i++) {
		const struct result *r = &results[i];
		char target[48], base[24] = "-", ratio[16] = "-";
		target_text(r, target, sizeof target);
		if (r->target == TARGET_KIB) {
			printf("%-44s %7.1f MiB %10s %7s  %-22s %s\n", r->what, r->ours / 1024, "-", "-",
			       target, held(r) ? "held" : "MISSED");
			continue;
		}
		if (r->target == TARGET_COUNT) {
			printf("%-44s %10.0f %10s %7s  %-22s %s\n", r->what, r->ours, "-", "-", target,
			       held(r) ? "held" : "MISSED");
			continue;
		}
		if (!isnan(r->base)) {
			snprintf(base, sizeof base, "%.3f", r->base);
			snprintf(ratio, sizeof ratio, "%.2f", r->ours / r->base);
		}
		printf("%-44s %10.3f %10s %7s  %-22s %s\n", r->what, r->ours, base, ratio, target,
		       r->target == TARGET_INFO ? "" : held(r) ? "held" : "MISSED");
	}
	printf("\n");
}

void report_lines(const struct result *results, size_t nresults, int sessions)
{
	for (size_t i = 0; i < nresults; i++) {
		const struct result *r = &results[i];
		if (r->target == TARGET_KIB)
			printf("bench: %s kib=%.0f sessions=%d\n", r->name, r->ours, sessions);
		else if (r->target == TARGET_COUNT)
			printf("bench: %s count=%.0f sessions=%d\n", r->name, r->ours, sessions);
		else if (r->target != TARGET_INFO)
			printf("bench: %s ours_ms=%.3f base_ms=%.3f ratio=%.2f sessions=%d\n", r->name,
			       r->ours, r->base, r->ours / r->base, sessions);
	}
}

static void proc_field(const char *path, const char *key, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	char line[256];
	snprintf(out, size, "%s", "?");
	while (f && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		if (strncmp(line, key, strlen(key)) != 0 || colon == NULL)
			continue;
		colon += strspn(colon + 1, " \t") + 1;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, size, "%s", colon);
		break;
	}
	if (f)
		fclose(f);
}

void report_machine(const char *when)
{
	char cpu[128], mem[64];
	double load[3] = {0, 0, 0};
	proc_field("/proc/cpuinfo", "model name", cpu, sizeof cpu);
	proc_field("/proc/meminfo", "MemTotal", mem, sizeof mem);
	if (getloadavg(load, 3) < 0)
		load[0] = load[1] = load[2] = NAN;
	printf("machine %s: %ld cores, %s, %s memory, load average %.2f %.2f %.2f\n", when,
	       sysconf(_SC_NPROCESSORS_ONLN), cpu, mem, load[0], load[1], load[2]);
}
