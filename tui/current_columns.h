/* current_columns: the person columns of the current-state table: each
 * person's label (model/name_labels.h) and cell width, which of them fit
 * beside the dimension names, the cue that more are off to a side, and the
 * legend of the labels that are not whole names. */
#ifndef IMPROV_TUI_CURRENT_COLUMNS_H
#define IMPROV_TUI_CURRENT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/sbuf.h"
#include "model/session.h"

/* A label is cut beyond this many columns. */
#define COLUMN_LABEL_MAX 10

struct person_columns {
	char **labels;          /* one per participant, owned */
	int *width;             /* each person's cell, the gap after it included */
	size_t n;
	bool shortened;         /* some label is not the whole name */
};

/* The columns of s's participants; free them with person_columns_free. */
void person_columns_make(struct person_columns *pc, const struct session *s)
	__attribute__((nonnull));
void person_columns_free(struct person_columns *pc) __attribute__((nonnull));

/* The first column shown and how many fit in room columns so that column
 * `at` (clamped to the last person) is among them: from the first person
 * when it fits from there, else with `at` the last shown. */
size_t person_columns_window(const struct person_columns *pc, size_t at, int room,
			     size_t *shown) __attribute__((nonnull));

/* Columns the people first..first+shown take. */
int person_columns_span(const struct person_columns *pc, size_t first, size_t shown)
	__attribute__((nonnull));

/* "◂ 3 more ▸": how many people are off the table, with an arrow to each
 * side that hides some (ASCII "<" and ">" with ascii); "" when all show. */
void person_columns_cue(const struct person_columns *pc, size_t first, size_t shown,
			bool ascii, char *out, size_t size) __attribute__((nonnull));

/* "Chen W = Chen Wei · ..." for the shortened labels among first..+shown;
 * an empty buffer when none is. */
void person_columns_legend(const struct person_columns *pc, const struct session *s,
			   size_t first, size_t shown, struct sbuf *out) __attribute__((nonnull));

#endif
