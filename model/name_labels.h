/* name_labels: the shortest column label for each participant that still
 * tells them apart: the first name; where first names are shared, the
 * first name and the initial of the last name; where those are shared
 * too, the whole name. Labels are measured in columns and, when longer
 * than the column allows, cut on whole characters with an ellipsis, but
 * only as far as they stay unique. */
#ifndef IMPROV_MODEL_NAME_LABELS_H
#define IMPROV_MODEL_NAME_LABELS_H

#include <stdbool.h>
#include <stddef.h>

/* One label for each of names[0..n), at most max_cols columns wide (at
 * least 4), sanitized for one line; the caller frees them with
 * name_labels_free. Two people of the same whole name are told apart by a
 * number after the name ("Ana 2"). */
char **name_labels_make(const char *const *names, size_t n, size_t max_cols)
	__attribute__((warn_unused_result));
void name_labels_free(char **labels, size_t n);

/* The label is not the whole name (shortened or cut): the room needs the
 * legend to know who it is. */
bool name_labels_shortened(const char *label, const char *name) __attribute__((nonnull));

#endif
