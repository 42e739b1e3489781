/* What the reports over several sessions read, shared by the reading
 * (sessions/report_multi.c) and the writing (report_multi_write.c). */
#ifndef IMPROV_SESSIONS_REPORT_MULTI_INTERNAL_H
#define IMPROV_SESSIONS_REPORT_MULTI_INTERNAL_H

#include "lib/sbuf.h"
#include "model/rollup.h"
#include "sessions/report_multi.h"

/* The sessions a report holds (freed with it; for a series, its
 * iterations oldest first), its rows' labels, and the rollup over them. */
struct picture {
	const struct report_request *q;
	const char *title;            /* the organization, or the series' title */
	struct session **loaded;
	size_t nloaded, loaded_cap;
	char **labels;
	size_t nlabels, labels_cap;
	struct rollup r;
	bool has_overall;             /* the last row pools every unit */
};

/* Appends the report in q->format. */
void write_report(const struct picture *p, struct sbuf *out) __attribute__((nonnull));

#endif
