#include <stdio.h>
#include <stdlib.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "model/name_labels.h"
#include "tui/current_columns.h"

/* A cell holds at least "(10)", a group score's uncounted 10. */
#define CELL_MIN 4

void person_columns_make(struct person_columns *pc, const struct session *s)
{
	size_t n = s->nparticipants;
	const char **names = xcalloc(n + 1, sizeof *names);
	for (size_t p = 0; p < n; p++)
		names[p] = s->participants[p].name;
	pc->labels = name_labels_make(names, n, COLUMN_LABEL_MAX);
	free(names);
	pc->width = xcalloc(n + 1, sizeof *pc->width);
	pc->n = n;
	pc->shortened = false;
	for (size_t p = 0; p < n; p++) {
		int w = (int)utf8_width(pc->labels[p]) + !session_participant_here(s, p);
		pc->width[p] = (w > CELL_MIN ? w : CELL_MIN) + 1;
		pc->shortened |= name_labels_shortened(pc->labels[p], s->participants[p].name);
	}
}

void person_columns_free(struct person_columns *pc)
{
	name_labels_free(pc->labels, pc->n);
	free(pc->width);
	*pc = (struct person_columns){0};
}

int person_columns_span(const struct person_columns *pc, size_t first, size_t shown)
{
	int span = 0;
	for (size_t p = first; p < first + shown && p < pc->n; p++)
		span += pc->width[p];
	return span;
}

/* How many columns from first on fit in room. */
static size_t fit_from(const struct person_columns *pc, size_t first, int room)
{
	size_t k = 0;
	for (int used = 0; first + k < pc->n && used + pc->width[first + k] <= room; k++)
		used += pc->width[first + k];
	return k;
}

size_t person_columns_window(const struct person_columns *pc, size_t at, int room,
			     size_t *shown)
{
	if (pc->n == 0) {
		*shown = 0;
		return 0;
	}
	if (at >= pc->n)
		at = pc->n - 1;
	size_t first = 0;
	while (first < at && fit_from(pc, first, room) <= at - first)
		first++;
	*shown = fit_from(pc, first, room);
	return first;
}

void person_columns_cue(const struct person_columns *pc, size_t first, size_t shown,
			bool ascii, char *out, size_t size)
{
	bool before = first > 0, after = first + shown < pc->n;
	if (!before && !after) {
		snprintf(out, size, "%s", "");
		return;
	}
	snprintf(out, size, "%s%zu more%s", before ? (ascii ? "< " : "◂ ") : "",
		 pc->n - shown, after ? (ascii ? " >" : " ▸") : "");
}

void person_columns_legend(const struct person_columns *pc, const struct session *s,
			   size_t first, size_t shown, struct sbuf *out)
{
	for (size_t p = first; p < first + shown && p < pc->n; p++)
		if (name_labels_shortened(pc->labels[p], s->participants[p].name))
			sbuf_addf(out, "%s%s = %s", out->len ? " · " : "", pc->labels[p],
				  s->participants[p].name);
}
