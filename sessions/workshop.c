#include "sessions/workshop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "model/session_items.h"

#define LEASE_RENEW_SECONDS 30

enum undo_kind {
	UNDO_RATING,          /* dim, participant_id, score */
	UNDO_GROUP,           /* dim, score */
	UNDO_ADDED,           /* list, id: remove it again */
	UNDO_REMOVED,         /* list, index, item (scores, ties): put it back */
	UNDO_EDITED,          /* list, id, item: the item as it was */
	UNDO_MOVED,           /* list, index -> to: move it back */
	UNDO_NOTES,           /* dim, notes: the notes as they were */
	UNDO_FIELD,           /* field, text */
	UNDO_STATUS,          /* closed or reopened */
};

/* A metric or step that a deleted goal was tied to. */
struct tie {
	enum session_list list;
	int64_t id;
};

struct undo {
	enum undo_kind kind;
	const char *what;
	enum session_list list;
	int64_t id;
	size_t index, to, dim;
	void *item;
	int *scores;
	int score;
	struct note *notes;
	size_t nnotes;
	const char *field;
	char *text;
	struct tie *ties;
	size_t nties;
};

/* ---- opening ---- */

/* Another window holding the session makes this one read-only; any other
 * failure (a full disk, a database busy for long) too, but only until the
 * lease can be taken. */
static void take_lease(struct workshop *ws)
{
	struct lease_holder holder = {0};
	struct error err = {0};
	enum err_code code = store_lease_acquire(ws->store, ws->s->id, &holder, &err);
	ws->read_only = code != ERR_OK;
	ws->lease_pending = code != ERR_OK && holder.who[0] == '\0';
	if (code && holder.who[0])
		snprintf(ws->holder, sizeof ws->holder, "%s", holder.who);
	if (ws->lease_pending)
		snprintf(ws->why, sizeof ws->why, "%s", err.msg);
}

const char *ws_read_only_reason(const struct workshop *ws, char *out, size_t size)
{
	if (!ws->read_only)
		snprintf(out, size, "%s", "");
	else if (ws->lease_lost)
		snprintf(out, size, "%s", STORE_LEASE_LOST);
	else if (ws->lease_pending)
		snprintf(out, size, "read-only for now, trying again: %s", ws->why);
	else
		snprintf(out, size, "read-only: this session is open in another window (%s)",
			 ws->holder[0] ? ws->holder : "another window");
	return out;
}

enum err_code workshop_open(struct store *store, int64_t id, struct workshop **out,
			    struct error *err)
{
	struct workshop *ws = xcalloc(1, sizeof *ws);
	ws->store = store;
	enum err_code code = store_load_session(store, id, &ws->s, err);
	if (code) {
		free(ws);
		*out = NULL;
		return code;
	}
	take_lease(ws);
	ws->lease_renewed = clock_now();
	*out = ws;
	return ERR_OK;
}

static void undo_free(struct undo *u)
{
	session_item_free(u->list, u->item);
	free(u->scores);
	for (size_t i = 0; i < u->nnotes; i++)
		free(u->notes[i].text);
	free(u->notes);
	free(u->text);
	free(u->ties);
	memset(u, 0, sizeof *u);
}

void workshop_close(struct workshop *ws)
{
	if (ws == NULL)
		return;
	if (!ws->read_only)
		store_lease_release(ws->store, ws->s->id);
	for (size_t i = 0; i < ws->nundo; i++)
		undo_free(&ws->undo[i]);
	free(ws->undo);
	session_free(ws->s);
	free(ws);
}

/* Another window has taken the session over: this one only reads from now
 * on, and shows what the file holds, the other window's edits included. */
static void lose_lease(struct workshop *ws)
{
	ws->read_only = true;
	ws->lease_lost = true;
	ws->lease_pending = false;
	struct session *fresh;
	struct error ignored;
	if (store_load_session(ws->store, ws->s->id, &fresh, &ignored) == ERR_OK) {
		session_free(ws->s);
		ws->s = fresh;
	}
}

bool workshop_wake(struct workshop *ws)
{
	if (ws->read_only)
		return false;
	struct error err;
	if (store_lease_verify(ws->store, ws->s->id, &err) != ERR_BUSY)
		return false;
	lose_lease(ws);
	return true;
}

void workshop_tick(struct workshop *ws, time_t now)
{
	if (now - ws->lease_renewed < LEASE_RENEW_SECONDS)
		return;
	if (ws->lease_pending) {
		ws->lease_renewed = now;
		take_lease(ws);
		return;
	}
	if (ws->read_only)
		return;
	ws->lease_renewed = now;
	struct error err;
	if (store_lease_renew(ws->store, ws->s->id, &err) == ERR_BUSY)
		lose_lease(ws);
}

/* ---- the shape of every change ---- */

static enum err_code refuse_read_only(const struct workshop *ws, struct error *err)
{
	if (!ws->read_only)
		return ERR_OK;
	char why[sizeof ws->why + 64];
	return error_set(err, ERR_BUSY, "%s", ws_read_only_reason(ws, why, sizeof why));
}

/* After the store refused a change the model already made, the database is
 * the truth: read the session back. */
static enum err_code saved_or_reloaded(struct workshop *ws, enum err_code code,
				       struct error *err)
{
	if (code == ERR_OK)
		return ERR_OK;
	struct session *fresh;
	struct error ignored;
	if (!ws->read_only && store_lease_verify(ws->store, ws->s->id, &ignored) == ERR_BUSY) {
		lose_lease(ws);
		return err ? err->code : code;
	}
	if (store_load_session(ws->store, ws->s->id, &fresh, &ignored) == ERR_OK) {
		session_free(ws->s);
		ws->s = fresh;
	}
	return err ? err->code : code;
}

static struct undo *push_undo(struct workshop *ws, enum undo_kind kind, const char *what)
{
	if (ws->nundo == WORKSHOP_UNDO_MAX) {
		undo_free(&ws->undo[0]);
		memmove(&ws->undo[0], &ws->undo[1], (ws->nundo - 1) * sizeof *ws->undo);
		ws->nundo--;
	}
	if (ws->undo == NULL)
		ws->undo = xcalloc(WORKSHOP_UNDO_MAX, sizeof *ws->undo);
	struct undo *u = &ws->undo[ws->nundo++];
	memset(u, 0, sizeof *u);
	u->kind = kind;
	u->what = what;
	return u;
}

/* A change that failed leaves no undo entry behind. */
static void drop_undo(struct workshop *ws)
{
	if (ws->nundo > 0)
		undo_free(&ws->undo[--ws->nundo]);
}

static enum err_code finish(struct workshop *ws, enum err_code code, struct error *err)
{
	if (code)
		drop_undo(ws);
	return saved_or_reloaded(ws, code, err);
}

/* ---- ratings and notes ---- */

static enum err_code rate(struct workshop *ws, size_t dim, size_t p, int score, bool undoing,
			  struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	struct session *s = ws->s;
	if (dim >= s->ndims || p >= s->nparticipants)
		return error_set(err, ERR_DATA, "there is no such rating cell");
	int old = s->dims[dim].scores[p];
	if (session_rate(s, dim, p, score, err))
		return ERR_DATA;
	if (!undoing) {
		struct undo *u = push_undo(ws, UNDO_RATING, "a rating");
		u->dim = dim;
		u->id = s->participants[p].id;
		u->score = old;
	}
	enum err_code code = store_save_rating(ws->store, s, dim, p, err);
	return undoing ? saved_or_reloaded(ws, code, err) : finish(ws, code, err);
}

enum err_code ws_rate(struct workshop *ws, size_t dim, size_t participant, int score,
		      struct error *err)
{
	return rate(ws, dim, participant, score, false, err);
}

static enum err_code group_score(struct workshop *ws, size_t dim, int score, bool undoing,
				 struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (dim >= ws->s->ndims)
		return error_set(err, ERR_DATA, "there is no such dimension");
	int old = ws->s->dims[dim].group_score;
	if (session_set_group_score(ws->s, dim, score, err))
		return ERR_DATA;
	if (!undoing) {
		struct undo *u = push_undo(ws, UNDO_GROUP, "a group score");
		u->dim = dim;
		u->score = old;
	}
	enum err_code code = store_save_group_score(ws->store, ws->s, dim, err);
	return undoing ? saved_or_reloaded(ws, code, err) : finish(ws, code, err);
}

enum err_code ws_group_score(struct workshop *ws, size_t dim, int score, struct error *err)
{
	return group_score(ws, dim, score, false, err);
}

static void remember_notes(struct workshop *ws, size_t dim, const char *what)
{
	const struct dimension *d = &ws->s->dims[dim];
	struct undo *u = push_undo(ws, UNDO_NOTES, what);
	u->dim = dim;
	u->nnotes = d->nnotes;
	u->notes = xcalloc(d->nnotes, sizeof *u->notes);
	for (size_t i = 0; i < d->nnotes; i++)
		u->notes[i] = (struct note){.kind = d->notes[i].kind,
					    .text = xstrdup(d->notes[i].text)};
}

enum err_code ws_add_note(struct workshop *ws, size_t dim, enum note_kind kind, const char *text,
			  struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (dim >= ws->s->ndims)
		return error_set(err, ERR_DATA, "there is no such dimension");
	remember_notes(ws, dim, "the new note");
	if (session_add_note(ws->s, dim, kind, text, err)) {
		drop_undo(ws);
		return ERR_DATA;
	}
	return finish(ws, store_save_notes(ws->store, ws->s, dim, err), err);
}

enum err_code ws_remove_note(struct workshop *ws, size_t dim, size_t i, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (dim >= ws->s->ndims)
		return error_set(err, ERR_DATA, "there is no such dimension");
	remember_notes(ws, dim, "the deleted note");
	if (session_remove_note(ws->s, dim, i, err)) {
		drop_undo(ws);
		return ERR_DATA;
	}
	return finish(ws, store_save_notes(ws->store, ws->s, dim, err), err);
}

/* ---- list items: added, edited, removed, moved ---- */

static enum err_code saved_new_item(struct workshop *ws, enum session_list list,
				    const char *what, enum err_code model, struct error *err)
{
	if (model)
		return model;
	size_t i = session_list_len(ws->s, list) - 1;
	enum err_code code = store_save_item(ws->store, ws->s, list, i, err);
	if (code == ERR_OK) {
		struct undo *u = push_undo(ws, UNDO_ADDED, what);
		u->list = list;
		u->id = session_item_id(ws->s, list, i);
	}
	return saved_or_reloaded(ws, code, err);
}

/* Keeps a copy of item i before an edit, so undo can put it back. */
static void remember_item(struct workshop *ws, enum session_list list, size_t i,
			  const char *what)
{
	struct undo *u = push_undo(ws, UNDO_EDITED, what);
	u->list = list;
	u->id = session_item_id(ws->s, list, i);
	u->item = session_item_clone(list, session_item(ws->s, list, i));
}

static enum err_code saved_edit(struct workshop *ws, enum session_list list, size_t i,
				enum err_code model, struct error *err)
{
	if (model) {
		drop_undo(ws);
		return model;
	}
	return finish(ws, store_save_item(ws->store, ws->s, list, i, err), err);
}

static enum err_code check_item(const struct workshop *ws, enum session_list list, size_t i,
				struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (i >= session_list_len(ws->s, list))
		return error_set(err, ERR_DATA, "there is no such item");
	return ERR_OK;
}

enum err_code ws_add_participant(struct workshop *ws, const char *name, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	return saved_new_item(ws, LIST_PARTICIPANTS, "the new participant",
			      session_add_participant(ws->s, name, err), err);
}

enum err_code ws_rename_participant(struct workshop *ws, size_t i, const char *name,
				    struct error *err)
{
	if (check_item(ws, LIST_PARTICIPANTS, i, err))
		return err->code;
	remember_item(ws, LIST_PARTICIPANTS, i, "a participant's name");
	return saved_edit(ws, LIST_PARTICIPANTS, i, session_rename_participant(ws->s, i, name, err),
			  err);
}

enum err_code ws_add_value(struct workshop *ws, const char *text, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	return saved_new_item(ws, LIST_VALUES, "the new value", session_add_value(ws->s, text, err),
			      err);
}

enum err_code ws_edit_value(struct workshop *ws, size_t i, const char *text, struct error *err)
{
	if (check_item(ws, LIST_VALUES, i, err))
		return err->code;
	remember_item(ws, LIST_VALUES, i, "a value");
	return saved_edit(ws, LIST_VALUES, i, session_edit_value(ws->s, i, text, err), err);
}

enum err_code ws_add_goal(struct workshop *ws, const char *text, const char *dimension,
			  struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	return saved_new_item(ws, LIST_GOALS, "the new goal",
			      session_add_goal(ws->s, text, dimension, err), err);
}

enum err_code ws_edit_goal(struct workshop *ws, size_t i, const char *text,
			   const char *dimension, struct error *err)
{
	if (check_item(ws, LIST_GOALS, i, err))
		return err->code;
	remember_item(ws, LIST_GOALS, i, "a goal");
	return saved_edit(ws, LIST_GOALS, i, session_edit_goal(ws->s, i, text, dimension, err),
			  err);
}

enum err_code ws_goal_status(struct workshop *ws, size_t i, enum goal_status st,
			     struct error *err)
{
	if (check_item(ws, LIST_GOALS, i, err))
		return err->code;
	remember_item(ws, LIST_GOALS, i, "a goal's status");
	return saved_edit(ws, LIST_GOALS, i, session_set_goal_status(ws->s, i, st, err), err);
}

enum err_code ws_add_metric(struct workshop *ws, const struct metric *fields, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	return saved_new_item(ws, LIST_METRICS, "the new metric",
			      session_add_metric(ws->s, fields, err), err);
}

enum err_code ws_edit_metric(struct workshop *ws, size_t i, const struct metric *fields,
			     struct error *err)
{
	if (check_item(ws, LIST_METRICS, i, err))
		return err->code;
	remember_item(ws, LIST_METRICS, i, "a metric");
	return saved_edit(ws, LIST_METRICS, i, session_edit_metric(ws->s, i, fields, err), err);
}

/* A measurement is not undone: it records what was seen on a day, and a
 * wrong one is corrected by recording the right one. */
enum err_code ws_measure(struct workshop *ws, size_t i, double value, long day,
			 struct error *err)
{
	if (check_item(ws, LIST_METRICS, i, err))
		return err->code;
	if (session_add_measurement(ws->s, i, value, day, err))
		return ERR_DATA;
	return saved_or_reloaded(ws, store_save_measurements(ws->store, ws->s, i, err), err);
}

enum err_code ws_add_step(struct workshop *ws, const struct step *fields, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	return saved_new_item(ws, LIST_STEPS, "the new step", session_add_step(ws->s, fields, err),
			      err);
}

enum err_code ws_edit_step(struct workshop *ws, size_t i, const struct step *fields,
			   struct error *err)
{
	if (check_item(ws, LIST_STEPS, i, err))
		return err->code;
	remember_item(ws, LIST_STEPS, i, "a step");
	return saved_edit(ws, LIST_STEPS, i, session_edit_step(ws->s, i, fields, err), err);
}

enum err_code ws_park(struct workshop *ws, const char *text, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	return saved_new_item(ws, LIST_PARKING, "the parked item", session_park(ws->s, text, err),
			      err);
}

enum err_code ws_edit_parked(struct workshop *ws, size_t i, const char *text,
			     struct error *err)
{
	if (check_item(ws, LIST_PARKING, i, err))
		return err->code;
	remember_item(ws, LIST_PARKING, i, "a parked item");
	return saved_edit(ws, LIST_PARKING, i, session_edit_parked(ws->s, i, text, err), err);
}

static int *scores_of(const struct session *s, size_t participant)
{
	int *scores = xcalloc(s->ndims, sizeof *scores);
	for (size_t d = 0; d < s->ndims; d++)
		scores[d] = s->dims[d].scores[participant];
	return scores;
}

/* Removing a goal unties its metrics and steps; undo ties them again. */
static void remember_ties(const struct session *s, struct undo *u)
{
	u->ties = xcalloc(s->nmetrics + s->nsteps, sizeof *u->ties);
	for (size_t i = 0; i < s->nmetrics; i++)
		if (s->metrics[i].goal_id == u->id)
			u->ties[u->nties++] = (struct tie){LIST_METRICS, s->metrics[i].id};
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].goal_id == u->id)
			u->ties[u->nties++] = (struct tie){LIST_STEPS, s->steps[i].id};
}

static const char *const removed_names[LIST_COUNT] = {
	[LIST_PARTICIPANTS] = "the removed participant", [LIST_VALUES] = "the deleted value",
	[LIST_GOALS] = "the deleted goal", [LIST_METRICS] = "the deleted metric",
	[LIST_STEPS] = "the deleted step", [LIST_PARKING] = "the deleted parked item",
};

enum err_code ws_remove(struct workshop *ws, enum session_list list, size_t i,
			struct error *err)
{
	if (check_item(ws, list, i, err))
		return err->code;
	struct undo *u = push_undo(ws, UNDO_REMOVED, removed_names[list]);
	u->list = list;
	u->index = i;
	u->id = session_item_id(ws->s, list, i);
	u->item = session_item_clone(list, session_item(ws->s, list, i));
	if (list == LIST_PARTICIPANTS)
		u->scores = scores_of(ws->s, i);
	if (list == LIST_GOALS)
		remember_ties(ws->s, u);
	if (session_remove(ws->s, list, i, err)) {
		drop_undo(ws);
		return ERR_DATA;
	}
	return finish(ws, store_delete_item(ws->store, ws->s, list, u->id, err), err);
}

static enum err_code move(struct workshop *ws, enum session_list list, size_t from, size_t to,
			  bool undoing, struct error *err)
{
	if (check_item(ws, list, from, err))
		return err->code;
	if (session_move(ws->s, list, from, to, err))
		return ERR_DATA;
	if (!undoing) {
		struct undo *u = push_undo(ws, UNDO_MOVED, "a move");
		u->list = list;
		u->index = from;
		u->to = to;
	}
	enum err_code code = store_save_order(ws->store, ws->s, list, err);
	return undoing ? saved_or_reloaded(ws, code, err) : finish(ws, code, err);
}

enum err_code ws_move(struct workshop *ws, enum session_list list, size_t from, size_t to,
		      struct error *err)
{
	return move(ws, list, from, to, false, err);
}

/* ---- the session itself ---- */

static char **field_slot(struct session *s, const char *field)
{
	if (strcmp(field, "title") == 0)
		return &s->title;
	if (strcmp(field, "organization") == 0)
		return &s->organization;
	if (strcmp(field, "unit") == 0)
		return &s->unit;
	if (strcmp(field, "facilitator") == 0)
		return &s->facilitator;
	return NULL;
}

static enum err_code set_field(struct workshop *ws, const char *field, const char *text,
			       bool undoing, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	char **slot = field_slot(ws->s, field);
	char *old = slot ? xstrdup(*slot) : xstrdup(level_name(ws->s->level));
	if (session_set_field(ws->s, field, text, err)) {
		free(old);
		return ERR_DATA;
	}
	if (undoing) {
		free(old);
		return saved_or_reloaded(ws, store_save_session_fields(ws->store, ws->s, err), err);
	}
	struct undo *u = push_undo(ws, UNDO_FIELD, "a setup field");
	u->field = field;
	u->text = old;
	return finish(ws, store_save_session_fields(ws->store, ws->s, err), err);
}

enum err_code ws_set_field(struct workshop *ws, const char *field, const char *text,
			   struct error *err)
{
	static const char *const fields[] = {"title", "organization", "unit", "facilitator",
					     "level"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(field, fields[i]) == 0)
			return set_field(ws, fields[i], text, false, err);
	return error_set(err, ERR_SOFTWARE, "no session field is called %s", field);
}

enum err_code ws_set_stage(struct workshop *ws, enum stage stage, struct error *err)
{
	if (ws->read_only) {
		/* Looking around is allowed; the stage is not saved. */
		return session_set_stage(ws->s, stage, err);
	}
	if (session_set_stage(ws->s, stage, err))
		return ERR_DATA;
	return saved_or_reloaded(ws, store_save_session_fields(ws->store, ws->s, err), err);
}

enum err_code ws_close_session(struct workshop *ws, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (session_close(ws->s, clock_now(), err))
		return ERR_DATA;
	push_undo(ws, UNDO_STATUS, "closing the session");
	return finish(ws, store_save_session_fields(ws->store, ws->s, err), err);
}

enum err_code ws_reopen_session(struct workshop *ws, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (session_reopen(ws->s, err))
		return ERR_DATA;
	push_undo(ws, UNDO_STATUS, "reopening the session");
	return finish(ws, store_save_session_fields(ws->store, ws->s, err), err);
}

/* ---- timers ---- */

int ws_timer_left(const struct workshop *ws, enum stage stage, time_t now)
{
	const struct stage_timer *t = &ws->s->timers[stage];
	if (t->running_since == 0)
		return t->left_seconds;
	return t->left_seconds - (int)(now - t->running_since);
}

bool ws_timer_running(const struct workshop *ws, enum stage stage)
{
	return ws->s->timers[stage].running_since != 0;
}

static enum err_code save_timer(struct workshop *ws, struct error *err)
{
	if (ws->read_only)
		return ERR_OK;    /* each window may time its own view */
	return saved_or_reloaded(ws, store_save_session_fields(ws->store, ws->s, err), err);
}

enum err_code ws_timer_toggle(struct workshop *ws, enum stage stage, time_t now,
			      struct error *err)
{
	struct stage_timer *t = &ws->s->timers[stage];
	if (t->running_since) {
		t->left_seconds = ws_timer_left(ws, stage, now);
		t->running_since = 0;
	} else {
		t->running_since = now;
	}
	return save_timer(ws, err);
}

enum err_code ws_timer_add(struct workshop *ws, enum stage stage, int seconds, time_t now,
			   struct error *err)
{
	(void)now;
	struct stage_timer *t = &ws->s->timers[stage];
	t->left_seconds += seconds;
	if (t->box_seconds + seconds >= 0)
		t->box_seconds += seconds;
	return save_timer(ws, err);
}

/* ---- ballots ---- */

static enum err_code check_ballot(const struct workshop *ws, size_t i, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (session_is_closed(ws->s))
		return error_set(err, ERR_DATA, "the session is closed; reopen it to vote");
	if (i >= ws->s->nballots)
		return error_set(err, ERR_DATA, "there is no such ballot");
	return ERR_OK;
}

static enum err_code save_ballot(struct workshop *ws, size_t i, struct error *err)
{
	return saved_or_reloaded(ws, store_save_ballot(ws->store, ws->s, i, err), err);
}

static enum err_code apply_settings(struct ballot *b, const struct ballot_settings *set,
				    struct error *err)
{
	b->anonymous = set->anonymous;
	int budget = set->budget ? set->budget : b->budget;
	int cap = set->cap ? set->cap : (b->cap < budget ? b->cap : budget);
	if (b->method == BALLOT_DOTS && ballot_set_limits(b, budget, cap, err))
		return ERR_DATA;
	if (b->entry == BALLOT_ENTRY_TALLY && set->wall_voters > 0 &&
	    ballot_set_tally_voters(b, set->wall_voters, err))
		return ERR_DATA;
	return ERR_OK;
}

enum err_code ws_open_ballot(struct workshop *ws, const struct ballot_settings *set,
			     size_t *index, struct error *err)
{
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	struct session *s = ws->s;
	if (session_open_ballot(s, set->method, set->entry, set->horizon, err))
		return ERR_DATA;
	size_t i = s->nballots - 1;
	if (apply_settings(&s->ballots[i], set, err)) {
		ballot_free(&s->ballots[i]);
		s->nballots--;
		return ERR_DATA;
	}
	*index = i;
	return save_ballot(ws, i, err);
}

static enum err_code cast(struct ballot *b, int64_t voter, const struct ballot_vote *v,
			  struct error *err)
{
	switch (b->method) {
	case BALLOT_DOTS: return ballot_cast_dots(b, voter, v->dots, err);
	case BALLOT_APPROVAL: return ballot_cast_approval(b, voter, v->approve, err);
	case BALLOT_RANKED: return ballot_cast_ranked(b, voter, v->order, v->norder, err);
	case BALLOT_SCORING: return ballot_cast_scores(b, voter, v->impact, v->effort, err);
	case BALLOT_METHOD_COUNT: break;
	}
	return error_set(err, ERR_SOFTWARE, "no such voting method");
}

enum err_code ws_cast(struct workshop *ws, size_t ballot, size_t p, const struct ballot_vote *v,
		      struct error *err)
{
	if (check_ballot(ws, ballot, err))
		return err->code;
	if (p >= ws->s->nparticipants)
		return error_set(err, ERR_DATA, "there is no such participant");
	if (cast(&ws->s->ballots[ballot], ws->s->participants[p].id, v, err))
		return ERR_DATA;
	return saved_or_reloaded(ws, store_cast_ballot(ws->store, ws->s, ballot, err), err);
}

enum err_code ws_set_tally(struct workshop *ws, size_t ballot, size_t candidate, long points,
			   struct error *err)
{
	if (check_ballot(ws, ballot, err))
		return err->code;
	if (ballot_set_tally(&ws->s->ballots[ballot], candidate, points, err))
		return ERR_DATA;
	return save_ballot(ws, ballot, err);
}

enum err_code ws_close_ballot(struct workshop *ws, size_t ballot, struct error *err)
{
	if (check_ballot(ws, ballot, err))
		return err->code;
	if (ballot_close(&ws->s->ballots[ballot], err))
		return ERR_DATA;
	return save_ballot(ws, ballot, err);
}

enum err_code ws_reveal_ballot(struct workshop *ws, size_t ballot, struct error *err)
{
	if (check_ballot(ws, ballot, err))
		return err->code;
	if (session_reveal_ballot(ws->s, ballot, err))
		return ERR_DATA;
	return save_ballot(ws, ballot, err);
}

/* ---- undo ---- */

bool ws_can_undo(const struct workshop *ws)
{
	return ws->nundo > 0 && !ws->read_only;
}

static enum err_code undo_added(struct workshop *ws, struct undo *u, struct error *err)
{
	ptrdiff_t i = session_find_item(ws->s, u->list, u->id);
	if (i < 0)
		return ERR_OK;
	if (session_remove(ws->s, u->list, (size_t)i, err))
		return ERR_DATA;
	return store_delete_item(ws->store, ws->s, u->list, u->id, err);
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

static enum err_code undo_removed(struct workshop *ws, struct undo *u, struct error *err)
{
	size_t at = u->index;
	/* A copy goes back, so a failed undo can be tried again. */
	session_insert_item(ws->s, u->list, at, session_item_clone(u->list, u->item), u->scores);
	/* It comes back as a new row, at its old place. */
	struct session *s = ws->s;
	if (at >= session_list_len(s, u->list))
		at = session_list_len(s, u->list) - 1;
	session_item_forget_id(s, u->list, at);
	enum err_code code = store_save_item(ws->store, s, u->list, at, err);
	if (code)
		return code;
	int64_t new_id = session_item_id(s, u->list, at);
	follow_new_id(ws, u->list, u->id, new_id);
	code = follow_in_ballots(ws, u->list, u->id, new_id, err);
	if (code == ERR_OK)
		code = store_save_order(ws->store, s, u->list, err);
	return code ? code : save_what_it_held(ws, u, at, err);
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
	/* The row may have come back under a new id since the copy was made. */
	void *was = session_item_clone(u->list, u->item);
	*id_of(u->list, was) = u->id;
	keep_later_facts(ws->s, u->list, (size_t)i, was);
	session_replace_item(ws->s, u->list, (size_t)i, was);
	return store_save_item(ws->store, ws->s, u->list, (size_t)i, err);
}

static enum err_code undo_notes(struct workshop *ws, struct undo *u, struct error *err)
{
	struct dimension *d = &ws->s->dims[u->dim];
	for (size_t i = 0; i < d->nnotes; i++)
		free(d->notes[i].text);
	free(d->notes);
	d->notes = xcalloc(u->nnotes + 1, sizeof *d->notes);
	d->nnotes = d->notes_cap = u->nnotes;
	for (size_t i = 0; i < u->nnotes; i++)
		d->notes[i] = (struct note){.kind = u->notes[i].kind,
					    .text = xstrdup(u->notes[i].text)};
	return store_save_notes(ws->store, ws->s, u->dim, err);
}

static enum err_code undo_rating(struct workshop *ws, struct undo *u, struct error *err)
{
	ptrdiff_t p = session_find_item(ws->s, LIST_PARTICIPANTS, u->id);
	if (p < 0 || u->dim >= ws->s->ndims)
		return ERR_OK;
	return rate(ws, u->dim, (size_t)p, u->score, true, err);
}

/* Closing and reopening undo each other. */
static enum err_code undo_status(struct workshop *ws, struct error *err)
{
	enum err_code code = session_is_closed(ws->s) ? session_reopen(ws->s, err)
						      : session_close(ws->s, clock_now(), err);
	return code ? code : store_save_session_fields(ws->store, ws->s, err);
}

static enum err_code undo_one(struct workshop *ws, struct undo *u, struct error *err)
{
	switch (u->kind) {
	case UNDO_RATING: return undo_rating(ws, u, err);
	case UNDO_GROUP: return group_score(ws, u->dim, u->score, true, err);
	case UNDO_ADDED: return undo_added(ws, u, err);
	case UNDO_REMOVED: return undo_removed(ws, u, err);
	case UNDO_EDITED: return undo_edited(ws, u, err);
	case UNDO_MOVED: return move(ws, u->list, u->to, u->index, true, err);
	case UNDO_NOTES: return undo_notes(ws, u, err);
	case UNDO_FIELD: return set_field(ws, u->field, u->text, true, err);
	case UNDO_STATUS: return undo_status(ws, err);
	}
	return ERR_SOFTWARE;
}

enum err_code ws_undo(struct workshop *ws, const char **what, struct error *err)
{
	*what = NULL;
	if (refuse_read_only(ws, err))
		return ERR_BUSY;
	if (ws->nundo == 0)
		return error_set(err, ERR_DATA, "nothing to undo");
	struct undo *u = &ws->undo[ws->nundo - 1];
	if (session_is_closed(ws->s) && u->kind != UNDO_STATUS)
		return error_set(err, ERR_DATA, "the session is closed; reopen it to change it");
	*what = u->what;
	/* A failed undo (a full disk, a busy database) stays on the stack, to
	 * be tried again; what the screen shows is read back from the file. */
	enum err_code code = undo_one(ws, u, err);
	if (code == ERR_OK) {
		undo_free(u);
		ws->nundo--;
	}
	return saved_or_reloaded(ws, code, err);
}
