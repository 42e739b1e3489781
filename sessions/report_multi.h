/* report_multi: the reports over more than one session, read from the
 * store and written as Markdown, JSON or one HTML page. A series: every
 * iteration as a row, with the change from the one before, its metrics and
 * the steps done in it. An organization: each unit's latest picture beside
 * the one before it (every series of the unit pooled: the team and
 * individual workshops of a unit roll up into it), and the whole
 * organization pooled from its units. */
#ifndef IMPROV_SESSIONS_REPORT_MULTI_H
#define IMPROV_SESSIONS_REPORT_MULTI_H

#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/sbuf.h"

struct store;

enum report_kind { REPORT_SERIES, REPORT_ORG };

struct report_request {
	enum report_kind kind;
	int64_t id;                   /* REPORT_SERIES: any session of the series */
	const char *organization;     /* REPORT_ORG */
	const char *const *units;     /* REPORT_ORG: only these units; none: all */
	size_t nunits;
	const char *format;           /* "md", "json" or "html" */
	long today;
};

/* Whether `format` is one report_render writes. */
bool report_format_known(const char *format) __attribute__((nonnull));

/* Appends the report. An unknown series, organization or unit is
 * ERR_NOINPUT with a line that names it. */
enum err_code report_render(struct store *st, const struct report_request *q,
			    struct sbuf *out, struct error *err)
	__attribute__((nonnull, warn_unused_result));

#endif
