/* report: what a report says of one workshop, in the order a reader wants
 * it, before any format writes it: the dimensions weakest first with what
 * the room thought of each, the steps by rank, how the metrics stand, and
 * the few sentences a reader in a hurry reads first. Borrows from the
 * sessions and the comparison it is built from; report_free frees only
 * what report_build allocated. */
#ifndef IMPROV_MODEL_REPORT_H
#define IMPROV_MODEL_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/sbuf.h"
#include "model/compare.h"
#include "model/session.h"
#include "model/stats.h"

struct report_dim {
	size_t dim;                   /* index into the session's dims */
	struct rating_stats now;
	struct rating_stats last;     /* count 0 when not rated last time */
	bool has_change;              /* rated both times */
	long change;                  /* tenths: the mean shown now minus last time's shown */
	bool split;                   /* the room stands in two camps (stats_split) */
};

struct report {
	const struct session *session;
	const struct session *parent;          /* NULL unless a check-in */
	const struct comparison *comparison;   /* NULL unless a check-in */
	long today;
	struct report_dim *dims;      /* the rated weakest first, then the unrated in order */
	size_t ndims, nrated, nsplit;
	size_t *steps;                /* indices: the ranked by rank, then the rest in order */
	size_t nsteps;
	size_t metric_status[METRIC_STATUS_COUNT];   /* how many metrics stand so */
};

/* parent and comparison may be NULL (not a check-in); both or neither. */
void report_build(struct report *r, const struct session *s, const struct session *parent,
		  const struct comparison *comparison, long today) __attribute__((nonnull(1, 2)));
void report_free(struct report *r) __attribute__((nonnull));

/* A person's text goes through this on its way into a sentence: each
 * format escapes it its own way. */
typedef void (*report_text_fn)(struct sbuf *out, const char *text);

/* Three to six sentences, one paragraph: who rated what, the strongest and
 * weakest dimensions and where the room disagreed, the biggest moves since
 * last time, how the metrics stand, the top steps with their owners, and at
 * a check-in what became of last time's steps. Numbers by the rounding
 * rule of model/stats.h. */
void report_summary(const struct report *r, report_text_fn text, struct sbuf *out)
	__attribute__((nonnull));

/* How many gave each score given, "2 ×2, 3 ×1"; "–" when nobody did. */
void report_distribution(const struct rating_stats *st, int scale_min, int scale_max,
			 struct sbuf *out) __attribute__((nonnull));

/* How many voted and how many the ballot waited for, in words: "all 6
 * voted", "closed with 2 of 6 voted", "4 of 6 voted so far", or "5 voted"
 * for a count typed in from a wall. */
void report_turnout(const struct session *s, const struct ballot *b, struct sbuf *out)
	__attribute__((nonnull));

#endif
