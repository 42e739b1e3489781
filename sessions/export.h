/* export: a session as the documents people and scripts read. The JSON
 * tree is a public interface (see the design's "JSON export"): keys may be
 * added, never renamed or removed without a format_version bump. */
#ifndef IMPROV_SESSIONS_EXPORT_H
#define IMPROV_SESSIONS_EXPORT_H

#include "lib/sbuf.h"
#include "model/session.h"

#define EXPORT_FORMAT "improv.session"
#define EXPORT_FORMAT_VERSION 1

/* Appends the JSON document of the session. `today` (a day number) is the
 * day metric statuses are judged on. */
void export_json(const struct session *s, long today, struct sbuf *out)
	__attribute__((nonnull));

/* Appends a short JSON summary: the session's fields, how many of each
 * thing it holds, and each dimension's mean and spread. */
void export_summary_json(const struct session *s, struct sbuf *out) __attribute__((nonnull));

#endif
