/* What a change sets aside: each part of the session a change is about to
 * touch is replaced by a copy, the change works on the copy, and the store
 * saves from it. Saved, the copies stay and the originals are freed;
 * refused, the copies are freed and the originals go back where they were. */
#include "sessions/workshop_internal.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/session_items.h"

/* Where each list's array, length and capacity live in a session. */
struct list_array {
	size_t items, len, cap, size;
};

#define LIST_ARRAY(field, n, cap, type) \
	{offsetof(struct session, field), offsetof(struct session, n), \
	 offsetof(struct session, cap), sizeof(type)}

static const struct list_array list_arrays[LIST_COUNT] = {
	[LIST_PARTICIPANTS] = LIST_ARRAY(participants, nparticipants, participants_cap,
					 struct participant),
	[LIST_VALUES] = LIST_ARRAY(values, nvalues, values_cap, struct value),
	[LIST_GOALS] = LIST_ARRAY(goals, ngoals, goals_cap, struct goal),
	[LIST_METRICS] = LIST_ARRAY(metrics, nmetrics, metrics_cap, struct metric),
	[LIST_STEPS] = LIST_ARRAY(steps, nsteps, steps_cap, struct step),
	[LIST_PARKING] = LIST_ARRAY(parking, nparking, parking_cap, struct parked),
};

static void *field_at(struct session *s, size_t offset)
{
	return (char *)s + offset;
}

static char *item_slot(struct session *s, enum session_list list, size_t i)
{
	return *(char **)field_at(s, list_arrays[list].items) + i * list_arrays[list].size;
}

/* Frees the strings of the item in slot, leaving the slot's bytes. */
static void free_item_in(enum session_list list, const void *slot)
{
	void *item = xmalloc(list_arrays[list].size);
	memcpy(item, slot, list_arrays[list].size);
	session_item_free(list, item);
}

static void *copy_of(const void *items, size_t count, size_t size)
{
	if (items == NULL)
		return NULL;
	void *copy = xcalloc(count, size);
	if (count)
		memcpy(copy, items, count * size);
	return copy;
}

/* ---- arrays: the session works on a copy with room for one more ---- */

static void keep_array(struct kept_array *k, void *slot, size_t *len, size_t *cap, size_t n,
		       size_t size)
{
	k->slot = slot;
	k->len = len;
	k->cap = cap;
	k->items = *k->slot;
	k->n = n;
	k->ncap = cap ? *cap : n;
	void *copy = xcalloc(n + 1, size);
	if (n)
		memcpy(copy, k->items, n * size);
	*k->slot = copy;
	if (cap)
		*cap = n + 1;
}

static void array_back(struct kept_array *k)
{
	free(*k->slot);
	*k->slot = k->items;
	if (k->len)
		*k->len = k->n;
	if (k->cap)
		*k->cap = k->ncap;
}

/* ---- setting aside ---- */

void aside_begin(struct aside *a, struct session *s)
{
	memset(a, 0, sizeof *a);
	a->s = s;
}

void aside_cell(struct aside *a, int *cell)
{
	a->parts |= ASIDE_CELL;
	a->cell = cell;
	a->cell_was = *cell;
}

static char **text_field(struct session *s, const char *field)
{
	static const struct {
		const char *name;
		size_t offset;
	} texts[] = {
		{"title", offsetof(struct session, title)},
		{"organization", offsetof(struct session, organization)},
		{"unit", offsetof(struct session, unit)},
		{"facilitator", offsetof(struct session, facilitator)},
	};
	for (size_t i = 0; field && i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(field, texts[i].name) == 0)
			return field_at(s, texts[i].offset);
	return NULL;
}

void aside_fields(struct aside *a, const char *field)
{
	struct session *s = a->s;
	struct kept_fields *f = &a->fields;
	a->parts |= ASIDE_FIELDS;
	f->level = s->level;
	f->stage = s->stage;
	f->status = s->status;
	f->ratings = s->ratings;
	f->closed_at = s->closed_at;
	memcpy(f->timers, s->timers, sizeof f->timers);
	f->text_slot = text_field(s, field);
	if (f->text_slot) {
		f->text = *f->text_slot;
		*f->text_slot = xstrdup(f->text);
	}
}

static void keep_scores(struct aside *a)
{
	struct session *s = a->s;
	a->scores = xcalloc(s->ndims, sizeof *a->scores);
	for (size_t d = 0; d < s->ndims; d++)
		keep_array(&a->scores[d], &s->dims[d].scores, NULL, NULL, s->nparticipants,
			   sizeof(int));
}

void aside_list(struct aside *a, enum session_list list, size_t at)
{
	const struct list_array *l = &list_arrays[list];
	struct session *s = a->s;
	a->parts |= ASIDE_LIST;
	a->list = list;
	size_t *len = field_at(s, l->len);
	a->added = at < *len ? at : *len;
	keep_array(&a->items, field_at(s, l->items), len, field_at(s, l->cap), *len, l->size);
	if (list == LIST_PARTICIPANTS)
		keep_scores(a);
}

void aside_item(struct aside *a, enum session_list list, size_t i)
{
	size_t size = list_arrays[list].size;
	char *slot = item_slot(a->s, list, i);
	a->parts |= ASIDE_ITEM;
	a->list = list;
	a->item = i;
	a->item_was = xmalloc(size);
	memcpy(a->item_was, slot, size);
	void *copy = session_item_clone(list, slot);
	memcpy(slot, copy, size);
	free(copy);
}

static void copy_note_texts(struct note *notes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		notes[i].text = xstrdup(notes[i].text);
}

static void free_notes(struct note *notes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(notes[i].text);
	free(notes);
}

void aside_notes(struct aside *a, size_t dim)
{
	struct dimension *d = &a->s->dims[dim];
	a->parts |= ASIDE_NOTES;
	a->dim = dim;
	keep_array(&a->notes, &d->notes, &d->nnotes, &d->notes_cap, d->nnotes, sizeof *d->notes);
	copy_note_texts(d->notes, d->nnotes);
}

void aside_measurements(struct aside *a, size_t metric)
{
	struct metric *m = &a->s->metrics[metric];
	a->parts |= ASIDE_MEASUREMENTS;
	keep_array(&a->measurements, &m->measurements, &m->nmeasurements, &m->measurements_cap,
		   m->nmeasurements, sizeof *m->measurements);
}

static void ballot_copy(struct ballot *to, const struct ballot *b)
{
	size_t n = b->ncandidates;
	*to = *b;
	to->candidates = copy_of(b->candidates, n, sizeof *b->candidates);
	to->points = copy_of(b->points, n, sizeof *b->points);
	to->pairwise = copy_of(b->pairwise, n * n, sizeof *b->pairwise);
	to->impact_sum = copy_of(b->impact_sum, n, sizeof *b->impact_sum);
	to->effort_sum = copy_of(b->effort_sum, n, sizeof *b->effort_sum);
	to->score_count = copy_of(b->score_count, n, sizeof *b->score_count);
	to->wall = copy_of(b->wall, n, sizeof *b->wall);
	to->voters = copy_of(b->voters, b->nvoters, sizeof *b->voters);
	to->voters_cap = b->voters ? b->nvoters : 0;
	to->choices = copy_of(b->choices, b->nchoices, sizeof *b->choices);
	to->choices_cap = b->choices ? b->nchoices : 0;
}

void aside_ballot(struct aside *a, size_t i)
{
	a->parts |= ASIDE_BALLOT;
	a->ballot = i;
	a->ballot_was = a->s->ballots[i];
	ballot_copy(&a->s->ballots[i], &a->ballot_was);
}

void aside_ballots(struct aside *a)
{
	struct session *s = a->s;
	a->parts |= ASIDE_BALLOTS;
	keep_array(&a->ballots, &s->ballots, &s->nballots, &s->ballots_cap, s->nballots,
		   sizeof *s->ballots);
}

void aside_ranks(struct aside *a)
{
	struct session *s = a->s;
	a->parts |= ASIDE_RANKS;
	a->ranks = xcalloc(s->nsteps, sizeof *a->ranks);
	for (size_t i = 0; i < s->nsteps; i++)
		a->ranks[i] = (struct step_rank){s->steps[i].points, s->steps[i].rank};
}

/* ---- taking an original for undo ---- */

void *aside_take_item(struct aside *a)
{
	void *item = a->item_was;
	a->item_was = NULL;
	return item;
}

struct note *aside_take_notes(struct aside *a, size_t *n)
{
	struct note *notes = a->notes.items;
	*n = a->notes.n;
	a->notes.items = NULL;
	a->notes.n = 0;
	return notes;
}

char *aside_take_text(struct aside *a)
{
	char *text = a->fields.text;
	a->fields.text = NULL;
	return text;
}

/* ---- the end: keep the copies, or put the originals back ---- */

static void keep_copies(struct aside *a)
{
	if (a->parts & ASIDE_FIELDS)
		free(a->fields.text);
	if (a->parts & ASIDE_LIST) {
		free(a->items.items);
		for (size_t d = 0; a->scores && d < a->s->ndims; d++)
			free(a->scores[d].items);
	}
	if (a->parts & ASIDE_ITEM)
		session_item_free(a->list, a->item_was);
	if (a->parts & ASIDE_NOTES)
		free_notes(a->notes.items, a->notes.n);
	if (a->parts & ASIDE_MEASUREMENTS)
		free(a->measurements.items);
	if (a->parts & ASIDE_BALLOT)
		ballot_free(&a->ballot_was);
	if (a->parts & ASIDE_BALLOTS)
		free(a->ballots.items);
}

static void list_back(struct aside *a)
{
	struct session *s = a->s;
	if (*a->items.len > a->items.n)
		free_item_in(a->list, item_slot(s, a->list, a->added));
	array_back(&a->items);
	for (size_t d = 0; a->scores && d < s->ndims; d++)
		array_back(&a->scores[d]);
}

static void fields_back(struct aside *a)
{
	struct session *s = a->s;
	const struct kept_fields *f = &a->fields;
	s->level = f->level;
	s->stage = f->stage;
	s->status = f->status;
	s->ratings = f->ratings;
	s->closed_at = f->closed_at;
	memcpy(s->timers, f->timers, sizeof s->timers);
	if (f->text_slot) {
		free(*f->text_slot);
		*f->text_slot = f->text;
	}
}

static void item_back(struct aside *a)
{
	char *slot = item_slot(a->s, a->list, a->item);
	free_item_in(a->list, slot);
	memcpy(slot, a->item_was, list_arrays[a->list].size);
	free(a->item_was);
}

static void ballots_back(struct aside *a)
{
	struct session *s = a->s;
	if (a->parts & ASIDE_BALLOT) {
		ballot_free(&s->ballots[a->ballot]);
		s->ballots[a->ballot] = a->ballot_was;
	}
	if (a->parts & ASIDE_BALLOTS) {
		for (size_t i = a->ballots.n; i < s->nballots; i++)
			ballot_free(&s->ballots[i]);
		array_back(&a->ballots);
	}
	for (size_t i = 0; a->ranks && i < s->nsteps; i++) {
		s->steps[i].points = a->ranks[i].points;
		s->steps[i].rank = a->ranks[i].rank;
	}
}

static void put_back(struct aside *a)
{
	if (a->parts & ASIDE_CELL)
		*a->cell = a->cell_was;
	if (a->parts & ASIDE_FIELDS)
		fields_back(a);
	if (a->parts & ASIDE_LIST)
		list_back(a);
	if (a->parts & ASIDE_ITEM)
		item_back(a);
	if (a->parts & ASIDE_NOTES) {
		struct dimension *d = &a->s->dims[a->dim];
		for (size_t i = 0; i < d->nnotes; i++)
			free(d->notes[i].text);
		array_back(&a->notes);
	}
	if (a->parts & ASIDE_MEASUREMENTS)
		array_back(&a->measurements);
	ballots_back(a);
}

enum err_code aside_end(struct aside *a, enum err_code code)
{
	if (code == ERR_OK)
		keep_copies(a);
	else
		put_back(a);
	free(a->scores);
	free(a->ranks);
	memset(a, 0, sizeof *a);
	return code;
}
