/* Undo: the last changes taken back, newest first, each saved as a change
 * of its own. A failed undo leaves the session as it was and stays on the
 * stack, to be tried again. */
#include "sessions/workshop_internal.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/session_items.h"

bool ws_can_undo(const struct workshop *ws)
{
	return ws->nundo > 0 && !ws->read_only;
}

/* The row is deleted first: the item leaves the session only once it has
 * left the file. */
static enum err_code undo_added(struct workshop *ws, struct undo *u, struct error *err)
{
	ptrdiff_t i = session_find_item(ws->s, u->list, u->id);
	if (i < 0)
		return ERR_OK;
	enum err_code code = store_delete_item(ws->store, ws->s, u->list, u->id, err);
	if (ws_saved(ws, code, err))
		return code;
	return session_remove(ws->s, u->list, (size_t)i, err);
}

/* Whether an undo entry finds its item by this list's ids. */
static bool names_item(const struct undo *u, enum session_list list)
{
	switch (u->kind) {
	case UNDO_RATING:
		return list == LIST_PARTICIPANTS;
	case UNDO_ADDED:
	case UNDO_EDITED:
		return u->list == list;
	default:
		return false;
	}
}

/* Where a kept copy of an item holds its own id. */
static int64_t *id_of(enum session_list list, void *item)
{
	switch (list) {
	case LIST_PARTICIPANTS: return &((struct participant *)item)->id;
	case LIST_VALUES: return &((struct value *)item)->id;
	case LIST_GOALS: return &((struct goal *)item)->id;
	case LIST_METRICS: return &((struct metric *)item)->id;
	case LIST_STEPS: return &((struct step *)item)->id;
	case LIST_PARKING: return &((struct parked *)item)->id;
	case LIST_COUNT: break;
	}
	return NULL;
}

/* Where a kept copy of a metric or step names its goal; NULL otherwise. */
static int64_t *goal_of(enum session_list list, void *item)
{
	if (item == NULL)
		return NULL;
	if (list == LIST_METRICS)
		return &((struct metric *)item)->goal_id;
	if (list == LIST_STEPS)
		return &((struct step *)item)->goal_id;
	return NULL;
}

/* An item put back is stored as a new row with a new id: the older
 * changes still to be undone follow it there, or they would no longer
 * find it (and a copy tied to a goal would name a row that is gone). */
static void follow_new_id(struct workshop *ws, enum session_list list, int64_t old_id,
			  int64_t new_id)
{
	for (size_t i = 0; i < ws->nundo; i++) {
		struct undo *u = &ws->undo[i];
		if (names_item(u, list) && u->id == old_id)
			u->id = new_id;
		for (size_t t = 0; t < u->nties; t++)
			if (u->ties[t].list == list && u->ties[t].id == old_id)
				u->ties[t].id = new_id;
		int64_t *goal = list == LIST_GOALS ? goal_of(u->list, u->item) : NULL;
		if (goal && *goal == old_id)
			*goal = new_id;
	}
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Whether a ballot names this row: a step as a candidate, a participant as
 * a voter or a named choice. Renames it and says so. */
static bool rename_in_ballot(struct ballot *b, enum session_list list, int64_t old_id,
			     int64_t new_id)
{
	bool renamed = false;
	for (size_t c = 0; list == LIST_STEPS && c < b->ncandidates; c++)
		if (b->candidates[c] == old_id) {
			b->candidates[c] = new_id;
			renamed = true;
		}
	for (size_t v = 0; list == LIST_PARTICIPANTS && v < b->nvoters; v++)
		if (b->voters[v] == old_id) {
			b->voters[v] = new_id;
			renamed = true;
		}
	for (size_t k = 0; list == LIST_PARTICIPANTS && k < b->nchoices; k++)
		if (b->choices[k].voter == old_id) {
			b->choices[k].voter = new_id;
			renamed = true;
		}
	if (renamed && b->nvoters > 1)
		qsort(b->voters, b->nvoters, sizeof *b->voters, by_id);
	return renamed;
}

/* A step or a person back from the dead is the same one to its ballots:
 * still a candidate, still someone who has voted. */
static enum err_code follow_in_ballots(struct workshop *ws, enum session_list list,
				       int64_t old_id, int64_t new_id, struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t i = 0; code == ERR_OK && i < ws->s->nballots; i++)
		if (rename_in_ballot(&ws->s->ballots[i], list, old_id, new_id))
			code = store_save_ballot(ws->store, ws->s, i, err);
	return code;
}

static enum err_code save_ratings_of(struct workshop *ws, size_t p, struct error *err)
{
	const struct session *s = ws->s;
	enum err_code code = ERR_OK;
	for (size_t d = 0; code == ERR_OK && d < s->ndims; d++)
		if (s->dims[d].scores[p] != RATING_NONE)
			code = store_save_rating(ws->store, s, d, p, err);
	return code;
}

/* The measurements came back with the metric; the rows they had are gone. */
static enum err_code save_measurements_of(struct workshop *ws, size_t m, struct error *err)
{
	struct metric *x = &ws->s->metrics[m];
	for (size_t k = 0; k < x->nmeasurements; k++)
		x->measurements[k].id = 0;
	if (x->nmeasurements == 0)
		return ERR_OK;
	return store_save_measurements(ws->store, ws->s, m, err);
}

static enum err_code tie_again(struct workshop *ws, const struct undo *u, size_t g,
			       struct error *err)
{
	struct session *s = ws->s;
	enum err_code code = ERR_OK;
	for (size_t t = 0; code == ERR_OK && t < u->nties; t++) {
		ptrdiff_t i = session_find_item(s, u->ties[t].list, u->ties[t].id);
		if (i < 0)
			continue;
		int64_t *goal = u->ties[t].list == LIST_METRICS ? &s->metrics[i].goal_id
								: &s->steps[i].goal_id;
		if (*goal != 0)
			continue;
		*goal = s->goals[g].id;
		code = store_save_item(ws->store, s, u->ties[t].list, (size_t)i, err);
	}
	return code;
}

/* What came back with an item: a participant's ratings, a metric's
 * measurements, the metrics and steps a goal tied. */
static enum err_code save_what_it_held(struct workshop *ws, const struct undo *u, size_t at,
				       struct error *err)
{
	switch (u->list) {
	case LIST_PARTICIPANTS:
		return save_ratings_of(ws, at, err);
	case LIST_METRICS:
		return save_measurements_of(ws, at, err);
	case LIST_GOALS:
		return tie_again(ws, u, at, err);
	default:
		return ERR_OK;
	}
}

/* A copy goes back, as a new row at its old place, so that a failed undo
 * can be tried again. */
static enum err_code put_back_removed(struct workshop *ws, struct undo *u, size_t *at,
				      struct error *err)
{
	struct session *s = ws->s;
	struct aside a;
	aside_begin(&a, s);
	aside_list(&a, u->list, u->index);
	*at = a.added;
	session_insert_item(s, u->list, *at, session_item_clone(u->list, u->item), u->scores);
	session_item_forget_id(s, u->list, *at);
	enum err_code code = store_save_item(ws->store, s, u->list, *at, err);
	return aside_end(&a, ws_saved(ws, code, err));
}

/* Putting an item back takes several transactions. Once the first has
 * saved the item, the undo is done (trying it again would add it twice);
 * when one of the others fails, the session is read back at the next
 * workshop_wake or workshop_tick, to show what was saved. */
static enum err_code undo_removed(struct workshop *ws, struct undo *u, bool *done,
				  struct error *err)
{
	size_t at;
	enum err_code code = put_back_removed(ws, u, &at, err);
	if (code)
		return code;
	*done = true;
	struct session *s = ws->s;
	int64_t new_id = session_item_id(s, u->list, at);
	follow_new_id(ws, u->list, u->id, new_id);
	code = follow_in_ballots(ws, u->list, u->id, new_id, err);
	if (code == ERR_OK)
		code = store_save_order(ws->store, s, u->list, err);
	if (code == ERR_OK)
		code = save_what_it_held(ws, u, at, err);
	if (code) {
		ws->stale = true;
		return ws_saved(ws, code, err);
	}
	return ERR_OK;
}

/* Undoing an edit takes back the edit, not what was recorded since: the
 * measurements taken and the points of a ballot revealed after it stay. */
static void keep_later_facts(struct session *s, enum session_list list, size_t i, void *old)
{
	if (list == LIST_METRICS) {
		struct metric *now = &s->metrics[i], *was = old;
		free(was->measurements);
		was->measurements = now->measurements;
		was->nmeasurements = now->nmeasurements;
		was->measurements_cap = now->measurements_cap;
		now->measurements = NULL;
		now->nmeasurements = now->measurements_cap = 0;
	} else if (list == LIST_STEPS) {
		struct step *now = &s->steps[i], *was = old;
		was->points = now->points;
		was->rank = now->rank;
	}
}

static enum err_code undo_edited(struct workshop *ws, struct undo *u, struct error *err)
{
	ptrdiff_t i = session_find_item(ws->s, u->list, u->id);
	if (i < 0)
		return ERR_OK;
	struct aside a;
	aside_begin(&a, ws->s);
	aside_item(&a, u->list, (size_t)i);
	/* The row may have come back under a new id since the copy was made. */
	void *was = session_item_clone(u->list, u->item);
	*id_of(u->list, was) = u->id;
	keep_later_facts(ws->s, u->list, (size_t)i, was);
	session_replace_item(ws->s, u->list, (size_t)i, was);
	struct owners_kept kept = {0};
	if (u->list == LIST_PARTICIPANTS)
		ws_follow_owners(ws->s, ((const struct participant *)a.item_was)->name,
				 ws->s->participants[i].name, &kept);
	enum err_code code = store_save_item(ws->store, ws->s, u->list, (size_t)i, err);
	code = ws_saved(ws, code, err);
	ws_owners_end(ws->s, &kept, code == ERR_OK);
	return aside_end(&a, code);
}

static enum err_code undo_notes(struct workshop *ws, struct undo *u, struct error *err)
{
	struct aside a;
	aside_begin(&a, ws->s);
	aside_notes(&a, u->dim);
	struct dimension *d = &ws->s->dims[u->dim];
	for (size_t i = 0; i < d->nnotes; i++)
		free(d->notes[i].text);
	free(d->notes);
	d->notes = xcalloc(u->nnotes + 1, sizeof *d->notes);
	d->nnotes = d->notes_cap = u->nnotes;
	for (size_t i = 0; i < u->nnotes; i++)
		d->notes[i] = (struct note){.kind = u->notes[i].kind,
					    .text = xstrdup(u->notes[i].text)};
	enum err_code code = store_save_notes(ws->store, ws->s, u->dim, err);
	return aside_end(&a, ws_saved(ws, code, err));
}

static enum err_code undo_rating(struct workshop *ws, struct undo *u, struct error *err)
{
	ptrdiff_t p = session_find_item(ws->s, LIST_PARTICIPANTS, u->id);
	if (p < 0 || u->dim >= ws->s->ndims)
		return ERR_OK;
	return ws_change_rating(ws, u->dim, (size_t)p, u->score, err);
}

/* *done: the change is saved even though the undo failed in part. */
static enum err_code undo_one(struct workshop *ws, struct undo *u, bool *done,
			      struct error *err)
{
	switch (u->kind) {
	case UNDO_RATING: return undo_rating(ws, u, err);
	case UNDO_GROUP: return ws_change_group_score(ws, u->dim, u->score, err);
	case UNDO_ADDED: return undo_added(ws, u, err);
	case UNDO_REMOVED: return undo_removed(ws, u, done, err);
	case UNDO_EDITED: return undo_edited(ws, u, err);
	case UNDO_MOVED: return ws_change_order(ws, u->list, u->to, u->index, err);
	case UNDO_NOTES: return undo_notes(ws, u, err);
	case UNDO_FIELD: return ws_change_field(ws, u->field, u->text, NULL, err);
	case UNDO_STATUS: return ws_change_status_back(ws, err);
	}
	return ERR_SOFTWARE;
}

enum err_code ws_undo(struct workshop *ws, const char **what, struct error *err)
{
	*what = NULL;
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	if (ws->nundo == 0)
		return error_set(err, ERR_DATA, "nothing to undo");
	struct undo *u = &ws->undo[ws->nundo - 1];
	if (u->kind != UNDO_STATUS && ws_refuse_closed(ws, err))
		return ERR_DATA;
	*what = u->what;
	bool done = false;
	enum err_code code = undo_one(ws, u, &done, err);
	if (code == ERR_OK || done) {
		ws_undo_free(u);
		ws->nundo--;
	}
	return code;
}
