/* The picture across workshops: rows of pooled ratings per dimension. */
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/rollup.h"

static ptrdiff_t find_dim(const struct rollup *r, const char *key)
{
	for (size_t i = 0; i < r->ndims; i++)
		if (strcmp(r->dims[i].key, key) == 0)
			return (ptrdiff_t)i;
	return -1;
}

/* Every row gets a cell for the new dimension, empty. */
static size_t add_dim(struct rollup *r, const struct dimension *d)
{
	grow(&r->dims, &r->dims_cap, r->ndims + 1, sizeof *r->dims);
	r->dims[r->ndims] = (struct rollup_dim){d->key, d->name};
	for (size_t k = 0; k < r->nrows; k++) {
		r->rows[k].cells = xrealloc(r->rows[k].cells,
					    (r->ndims + 1) * sizeof *r->rows[k].cells);
		memset(&r->rows[k].cells[r->ndims], 0, sizeof *r->rows[k].cells);
	}
	return r->ndims++;
}

/* Pools the sessions' ratings into the row's cells, now or before. */
static void pool(struct rollup *r, size_t row, const struct session *const *list, size_t n,
		 bool now)
{
	for (size_t i = 0; i < n; i++) {
		const struct session *s = list[i];
		for (size_t d = 0; d < s->ndims; d++) {
			ptrdiff_t at = find_dim(r, s->dims[d].key);
			size_t j = at >= 0 ? (size_t)at : add_dim(r, &s->dims[d]);
			struct rating_stats st;
			session_dimension_stats(s, d, &st);
			struct rollup_cell *c = &r->rows[row].cells[j];
			stats_pool(now ? &c->now : &c->before, &st);
		}
	}
}

size_t rollup_add(struct rollup *r, const char *label, const struct session *const *now,
		  size_t nnow, const struct session *const *before, size_t nbefore)
{
	grow(&r->rows, &r->rows_cap, r->nrows + 1, sizeof *r->rows);
	size_t row = r->nrows++;
	r->rows[row] = (struct rollup_row){.label = label, .nsessions = nnow,
					   .cells = xcalloc(r->ndims + 1, sizeof(struct rollup_cell))};
	pool(r, row, now, nnow, true);
	pool(r, row, before, nbefore, false);
	return row;
}

static enum rollup_verdict verdict_of(const struct rollup_row *w)
{
	if (w->up + w->down + w->steady == 0)
		return ROLLUP_NOTHING_TO_COMPARE;
	if (w->up != w->down)
		return w->up > w->down ? ROLLUP_IMPROVING : ROLLUP_DECLINING;
	return w->up ? ROLLUP_MIXED : ROLLUP_STEADY;
}

void rollup_finish(struct rollup *r)
{
	for (size_t k = 0; k < r->nrows; k++) {
		struct rollup_row *w = &r->rows[k];
		w->up = w->down = w->steady = 0;
		for (size_t d = 0; d < r->ndims; d++) {
			struct rollup_cell *c = &w->cells[d];
			c->has_change = c->now.count && c->before.count;
			c->change = c->has_change ? stats_mean_tenths(&c->now) -
							    stats_mean_tenths(&c->before)
						  : 0;
			if (c->has_change) {
				w->up += c->change > 0;
				w->down += c->change < 0;
				w->steady += c->change == 0;
			}
		}
		w->verdict = verdict_of(w);
	}
}

void rollup_free(struct rollup *r)
{
	for (size_t k = 0; k < r->nrows; k++)
		free(r->rows[k].cells);
	free(r->rows);
	free(r->dims);
	*r = (struct rollup){0};
}

bool rollup_dim_rated(const struct rollup *r, size_t d)
{
	for (size_t k = 0; k < r->nrows; k++)
		if (r->rows[k].cells[d].now.count || r->rows[k].cells[d].before.count)
			return true;
	return false;
}

const char *rollup_verdict_name(enum rollup_verdict v)
{
	static const char *const names[] = {"nothing to compare", "improving", "declining",
					    "mixed", "steady"};
	return v < sizeof names / sizeof names[0] ? names[v] : "nothing to compare";
}

const char *rollup_arrow(const struct rollup_cell *c)
{
	return c->has_change ? stats_change_arrow(c->change, "↑", "↓", "→") : "";
}
