#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/sanitize.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "model/name_labels.h"

/* How a label is made, tried in this order for the people who share one.
 * "Chen W" rather than the initials "CW": a first name is what the room
 * calls a person and can read from the back; two letters are a code to
 * learn, and initials collide more often than first names do. */
enum label_level {
	LABEL_FIRST,
	LABEL_FIRST_INITIAL,
	LABEL_WHOLE,
	LABEL_NUMBERED,
};

/* The first word of name and where its last word starts (NULL when the
 * name is one word). */
static size_t first_word(const char *name, const char **last)
{
	size_t n = strcspn(name, " ");
	const char *end = name + strlen(name);
	while (end > name && end[-1] == ' ')
		end--;
	const char *at = end;
	while (at > name && at[-1] != ' ')
		at--;
	*last = at > name + n ? at : NULL;
	return n;
}

static char *candidate(const char *name, enum label_level level)
{
	struct sbuf out = SBUF_INIT;
	const char *last;
	size_t first = first_word(name, &last);
	if (level == LABEL_FIRST || (level == LABEL_FIRST_INITIAL && !last))
		sbuf_addf(&out, "%.*s", (int)first, name);
	else if (level == LABEL_FIRST_INITIAL)
		sbuf_addf(&out, "%.*s %.*s", (int)first, name,
			  (int)utf8_next(last, strlen(last), 0), last);
	else
		sbuf_addf(&out, "%s", name);
	return sbuf_take(&out);
}

/* Columns a number after a name keeps free: a space and two digits. */
#define NUMBER_COLS 3

/* The whole name as a numbered label starts, before its number. */
static char *number_prefix(const char *name, size_t max_cols)
{
	struct sbuf out = SBUF_INIT;
	if (utf8_width(name) + NUMBER_COLS <= max_cols)
		sbuf_addf(&out, "%s", name);
	else
		utf8_fit(&out, name, max_cols - NUMBER_COLS, UTF8_FIT_ELLIPSIS);
	return sbuf_take(&out);
}

/* The candidate fitted to max_cols. */
static char *fitted(const char *name, enum label_level level, size_t number, size_t max_cols)
{
	if (level == LABEL_NUMBERED) {
		struct sbuf out = SBUF_INIT;
		char *prefix = number_prefix(name, max_cols);
		sbuf_addf(&out, "%s %zu", prefix, number);
		free(prefix);
		return sbuf_take(&out);
	}
	char *text = candidate(name, level);
	if (utf8_width(text) <= max_cols)
		return text;
	struct sbuf out = SBUF_INIT;
	utf8_fit(&out, text, max_cols, UTF8_FIT_ELLIPSIS);
	free(text);
	return sbuf_take(&out);
}

/* Each label shared with another moves on to the next level; true when
 * one did. */
static bool part_shared(char **labels, enum label_level *level, size_t n)
{
	bool *shared = xcalloc(n + 1, sizeof *shared);
	bool moved = false;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(labels[i], labels[j]) == 0)
				shared[i] = shared[j] = true;
	for (size_t i = 0; i < n; i++)
		if (shared[i] && level[i] < LABEL_NUMBERED) {
			level[i]++;
			moved = true;
		}
	free(shared);
	return moved;
}

/* Among those numbered whose label starts the same, the how-many-th. */
static size_t number_of(char **clean, const enum label_level *level, size_t i,
			size_t max_cols)
{
	size_t k = 1;
	char *mine = number_prefix(clean[i], max_cols);
	for (size_t j = 0; j < i; j++) {
		if (level[j] != LABEL_NUMBERED)
			continue;
		char *theirs = number_prefix(clean[j], max_cols);
		k += strcmp(mine, theirs) == 0;
		free(theirs);
	}
	free(mine);
	return k;
}

char **name_labels_make(const char *const *names, size_t n, size_t max_cols)
{
	if (max_cols < 4)
		max_cols = 4;
	char **clean = xcalloc(n + 1, sizeof *clean);
	char **labels = xcalloc(n + 1, sizeof *labels);
	enum label_level *level = xcalloc(n + 1, sizeof *level);
	for (size_t i = 0; i < n; i++)
		clean[i] = sanitize(names[i], strlen(names[i]), SANITIZE_LINE);
	do {
		for (size_t i = 0; i < n; i++) {
			free(labels[i]);
			labels[i] = fitted(clean[i], level[i], number_of(clean, level, i, max_cols),
					   max_cols);
		}
	} while (part_shared(labels, level, n));
	name_labels_free(clean, n);
	free(level);
	return labels;
}

void name_labels_free(char **labels, size_t n)
{
	if (!labels)
		return;
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
}

bool name_labels_shortened(const char *label, const char *name)
{
	return strcmp(label, name) != 0;
}
