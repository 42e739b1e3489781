/* export: a session as the documents people and scripts read. The JSON
 * tree is a public interface (see the design's "JSON export"): keys may be
 * added, never renamed or removed without a format_version bump. */
#ifndef IMPROV_SESSIONS_EXPORT_H
#define IMPROV_SESSIONS_EXPORT_H

#include "lib/sbuf.h"
#include "model/compare.h"
#include "model/session.h"

#define EXPORT_FORMAT "improv.session"
#define EXPORT_FORMAT_VERSION 1

/* What an exporter is given: the session, and when it is a check-in, its
 * parent and the comparison with it (both NULL otherwise). `today` (a day
 * number) is the day metric statuses are judged on. */
struct export_context {
	const struct session *session;
	const struct session *parent;
	const struct comparison *comparison;
	long today;
};

/* Appends the JSON document of the session. */
void export_json(const struct export_context *ctx, struct sbuf *out) __attribute__((nonnull));

/* Appends a short JSON summary: the session's fields, how many of each
 * thing it holds, and each dimension's mean and spread. */
void export_summary_json(const struct session *s, struct sbuf *out) __attribute__((nonnull));

#endif
