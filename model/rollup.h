/* rollup: the picture across workshops. One series over its iterations,
 * or an organization's units side by side, each a row of cells, one cell
 * per dimension: the ratings pooled now and at the time before, and the
 * change. Pooling puts every rating each session counts (a group score
 * counts as one) into one set (stats_pool), so a pooled mean is rounded
 * from its integer sum by the one rule of model/stats.h. A dimension is
 * the same across sessions when its key is; one that a session lacks is a
 * gap there. The results borrow names from the sessions, which must
 * outlive them; rollup_free frees what rollup_add allocated. */
#ifndef IMPROV_MODEL_ROLLUP_H
#define IMPROV_MODEL_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>

#include "model/session.h"
#include "model/stats.h"

struct rollup_dim {
	const char *key, *name;       /* the name from the first session holding it */
};

struct rollup_cell {
	struct rating_stats now, before;    /* count 0: not rated then */
	bool has_change;                    /* rated both times */
	long change;                        /* tenths: the now shown minus the before shown */
};

enum rollup_verdict {
	ROLLUP_NOTHING_TO_COMPARE,    /* no dimension rated both times */
	ROLLUP_IMPROVING,             /* more dimensions up than down */
	ROLLUP_DECLINING,             /* more down than up */
	ROLLUP_MIXED,                 /* as many up as down, and some moved */
	ROLLUP_STEADY,                /* rated both times, none moved */
};

struct rollup_row {
	const char *label;            /* the unit, or the iteration's date as text */
	size_t nsessions;             /* sessions pooled into "now" */
	struct rollup_cell *cells;    /* one per dimension of the rollup */
	size_t up, down, steady;      /* dimensions that moved, of those rated both times */
	enum rollup_verdict verdict;
};

struct rollup {
	struct rollup_dim *dims;
	size_t ndims, dims_cap;
	struct rollup_row *rows;
	size_t nrows, rows_cap;
};

/* A row: the sessions pooled now, and those pooled at the time before
 * (nbefore may be 0). Dimensions new to the rollup are added, and every
 * row has a cell for every dimension. Returns the row's index. */
size_t rollup_add(struct rollup *r, const char *label, const struct session *const *now,
		  size_t nnow, const struct session *const *before, size_t nbefore)
	__attribute__((nonnull(1, 2)));

/* Counts each row's moves and gives it its verdict; call once every row
 * is added. */
void rollup_finish(struct rollup *r) __attribute__((nonnull));

void rollup_free(struct rollup *r) __attribute__((nonnull));

/* Whether any row rated dimension d, now or the time before: a report
 * leaves out the columns nobody rated. */
bool rollup_dim_rated(const struct rollup *r, size_t d) __attribute__((nonnull));

/* "improving", "declining", "mixed", "steady", "nothing to compare". */
const char *rollup_verdict_name(enum rollup_verdict v);

/* The arrow of a cell's change: ↑, ↓, → or "" when it has none. */
const char *rollup_arrow(const struct rollup_cell *c) __attribute__((nonnull));

#endif
