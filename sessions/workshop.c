#include "sessions/workshop_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "model/session_items.h"

#define LEASE_RENEW_SECONDS 30

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

void ws_undo_free(struct undo *u)
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
	struct error ignored;
	(void)ws_write_end(ws, &ignored);
	if (ws->cast_group) {
		aside_end(ws->cast_group, ERR_IO);
		free(ws->cast_group);
	}
	if (!ws->read_only)
		store_lease_release(ws->store, ws->s->id);
	for (size_t i = 0; i < ws->nundo; i++)
		ws_undo_free(&ws->undo[i]);
	free(ws->undo);
	session_free(ws->s);
	free(ws);
}

/* Another window has taken the session over: this one only reads from now
 * on. What the file holds, the other window's edits included, is read back
 * at the next workshop_wake or workshop_tick, never inside a change. */
static void lose_lease(struct workshop *ws)
{
	ws->read_only = true;
	ws->lease_lost = true;
	ws->lease_pending = false;
	ws->stale = true;
}

/* The one place ws->s is replaced. When the file cannot be read now, the
 * session stays as it is and is read again next time. */
static void read_back(struct workshop *ws)
{
	if (!ws->stale)
		return;
	struct session *fresh;
	struct error ignored;
	if (store_load_session(ws->store, ws->s->id, &fresh, &ignored) != ERR_OK)
		return;
	session_free(ws->s);
	ws->s = fresh;
	ws->stale = false;
}

bool workshop_wake(struct workshop *ws)
{
	bool lost = false;
	struct error err;
	if (ws->writing)
		return false;
	if (!ws->read_only && store_lease_verify(ws->store, ws->s->id, &err) == ERR_BUSY) {
		lose_lease(ws);
		lost = true;
	}
	read_back(ws);
	return lost;
}

void workshop_tick(struct workshop *ws, time_t now)
{
	if (ws->writing)
		return;
	read_back(ws);
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
	if (store_lease_renew(ws->store, ws->s->id, &err) == ERR_BUSY) {
		lose_lease(ws);
		read_back(ws);
	}
}

/* ---- the shape of every change ---- */

enum err_code ws_refuse_read_only(const struct workshop *ws, struct error *err)
{
	if (!ws->read_only)
		return ERR_OK;
	char why[sizeof ws->why + 64];
	return error_set(err, ERR_BUSY, "%s", ws_read_only_reason(ws, why, sizeof why));
}

enum err_code ws_refuse_closed(const struct workshop *ws, struct error *err)
{
	if (!session_is_closed(ws->s))
		return ERR_OK;
	return error_set(err, ERR_DATA, "the session is closed; reopen it to change it");
}

enum err_code ws_saved(struct workshop *ws, enum err_code code, struct error *err)
{
	if (code == ERR_OK)
		return ERR_OK;
	struct error ignored;
	if (!ws->read_only && store_lease_verify(ws->store, ws->s->id, &ignored) == ERR_BUSY)
		lose_lease(ws);
	return err ? err->code : code;
}

struct undo *ws_push_undo(struct workshop *ws, enum undo_kind kind, const char *what)
{
	if (ws->nundo == WORKSHOP_UNDO_MAX) {
		ws_undo_free(&ws->undo[0]);
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

/* ---- ratings and notes ---- */

enum err_code ws_change_rating(struct workshop *ws, size_t dim, size_t p, int score,
			       struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	struct session *s = ws->s;
	if (dim >= s->ndims || p >= s->nparticipants)
		return error_set(err, ERR_DATA, "there is no such rating cell");
	struct aside a;
	aside_begin(&a, s);
	aside_cell(&a, &s->dims[dim].scores[p]);
	enum err_code code = session_rate(s, dim, p, score, err);
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_rating(ws->store, s, dim, p, err), err);
	return aside_end(&a, code);
}

enum err_code ws_rate(struct workshop *ws, size_t dim, size_t participant, int score,
		      struct error *err)
{
	const struct session *s = ws->s;
	bool cell = dim < s->ndims && participant < s->nparticipants;
	int old = cell ? s->dims[dim].scores[participant] : RATING_NONE;
	enum err_code code = ws_change_rating(ws, dim, participant, score, err);
	if (code)
		return code;
	struct undo *u = ws_push_undo(ws, UNDO_RATING, "a rating");
	u->dim = dim;
	u->id = ws->s->participants[participant].id;
	u->score = old;
	return ERR_OK;
}

/* A change to dimension dim, when the window may write and the dimension
 * exists, begins what it sets aside. */
static enum err_code changing_dimension(struct workshop *ws, size_t dim, struct aside *a,
					struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	if (dim >= ws->s->ndims)
		return error_set(err, ERR_DATA, "there is no such dimension");
	aside_begin(a, ws->s);
	return ERR_OK;
}

enum err_code ws_change_group_score(struct workshop *ws, size_t dim, int score,
				    struct error *err)
{
	struct aside a;
	enum err_code code = changing_dimension(ws, dim, &a, err);
	if (code)
		return code;
	aside_cell(&a, &ws->s->dims[dim].group_score);
	code = session_set_group_score(ws->s, dim, score, err);
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_group_score(ws->store, ws->s, dim, err), err);
	return aside_end(&a, code);
}

enum err_code ws_group_score(struct workshop *ws, size_t dim, int score, struct error *err)
{
	int old = dim < ws->s->ndims ? ws->s->dims[dim].group_score : RATING_NONE;
	enum err_code code = ws_change_group_score(ws, dim, score, err);
	if (code)
		return code;
	struct undo *u = ws_push_undo(ws, UNDO_GROUP, "a group score");
	u->dim = dim;
	u->score = old;
	return ERR_OK;
}

enum note_change { NOTE_ADD, NOTE_EDIT, NOTE_REMOVE };

static enum err_code apply_note_change(struct session *s, size_t dim, enum note_change op,
				       enum note_kind kind, const char *text, size_t i,
				       struct error *err)
{
	if (op == NOTE_ADD)
		return session_add_note(s, dim, kind, text, err);
	if (op == NOTE_REMOVE)
		return session_remove_note(s, dim, i, err);
	enum err_code code = session_edit_note(s, dim, i, text, err);
	if (code == ERR_OK)
		s->dims[dim].notes[i].kind = kind;
	return code;
}

/* Adds a note, edits note i or removes it; undo puts back the notes as
 * they were. */
static enum err_code change_notes(struct workshop *ws, size_t dim, enum note_change op,
				  enum note_kind kind, const char *text, size_t i,
				  struct error *err)
{
	static const char *const undone[] = {
		[NOTE_ADD] = "the new note", [NOTE_EDIT] = "the note's edit",
		[NOTE_REMOVE] = "the deleted note",
	};
	struct aside a;
	enum err_code code = changing_dimension(ws, dim, &a, err);
	if (code)
		return code;
	aside_notes(&a, dim);
	code = apply_note_change(ws->s, dim, op, kind, text, i, err);
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_notes(ws->store, ws->s, dim, err), err);
	if (code == ERR_OK) {
		struct undo *u = ws_push_undo(ws, UNDO_NOTES, undone[op]);
		u->dim = dim;
		u->notes = aside_take_notes(&a, &u->nnotes);
	}
	return aside_end(&a, code);
}

enum err_code ws_add_note(struct workshop *ws, size_t dim, enum note_kind kind, const char *text,
			  struct error *err)
{
	return change_notes(ws, dim, NOTE_ADD, kind, text, 0, err);
}

enum err_code ws_edit_note(struct workshop *ws, size_t dim, size_t i, enum note_kind kind,
			   const char *text, struct error *err)
{
	return change_notes(ws, dim, NOTE_EDIT, kind, text, i, err);
}

enum err_code ws_remove_note(struct workshop *ws, size_t dim, size_t i, struct error *err)
{
	return change_notes(ws, dim, NOTE_REMOVE, NOTE_STRENGTH, NULL, i, err);
}

/* ---- list items: added, edited, removed, moved ---- */

/* An item is added to a copy of its list, the list the session had kept
 * until the store has saved the item. */
static enum err_code adding(struct workshop *ws, enum session_list list, struct aside *a,
			    struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	aside_begin(a, ws->s);
	aside_list(a, list, SIZE_MAX);
	return ERR_OK;
}

/* Once the model has added or edited item i of the list set aside, the
 * store saves it and undo remembers it: an addition by its id, an edit
 * with the item as it was. */
static enum err_code saved_item(struct workshop *ws, struct aside *a, enum undo_kind kind,
				size_t i, const char *what, enum err_code model, struct error *err)
{
	enum session_list list = a->list;
	enum err_code code = model;
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_item(ws->store, ws->s, list, i, err), err);
	if (code == ERR_OK) {
		struct undo *u = ws_push_undo(ws, kind, what);
		u->list = list;
		u->id = session_item_id(ws->s, list, i);
		if (kind == UNDO_EDITED)
			u->item = aside_take_item(a);
	}
	return aside_end(a, code);
}

static enum err_code added(struct workshop *ws, struct aside *a, const char *what,
			   enum err_code model, struct error *err)
{
	size_t last = session_list_len(ws->s, a->list) - 1;
	return saved_item(ws, a, UNDO_ADDED, last, what, model, err);
}

static enum err_code check_item(const struct workshop *ws, enum session_list list, size_t i,
				struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	if (i >= session_list_len(ws->s, list))
		return error_set(err, ERR_DATA, "there is no such item");
	return ERR_OK;
}

/* An edit works on a copy of item i; the item as it was is what undo puts
 * back. */
static enum err_code editing(struct workshop *ws, enum session_list list, size_t i,
			     struct aside *a, struct error *err)
{
	if (check_item(ws, list, i, err))
		return err->code;
	aside_begin(a, ws->s);
	aside_item(a, list, i);
	return ERR_OK;
}

static enum err_code edited(struct workshop *ws, struct aside *a, const char *what,
			    enum err_code model, struct error *err)
{
	return saved_item(ws, a, UNDO_EDITED, a->item, what, model, err);
}

enum err_code ws_add_participant(struct workshop *ws, const char *name, struct error *err)
{
	struct aside a;
	if (adding(ws, LIST_PARTICIPANTS, &a, err))
		return ERR_BUSY;
	return added(ws, &a, "the new participant", session_add_participant(ws->s, name, err),
		     err);
}

/* The steps they own follow the new name. */
enum err_code ws_rename_participant(struct workshop *ws, size_t i, const char *name,
				    struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_PARTICIPANTS, i, &a, err))
		return err->code;
	struct owners_kept kept = {0};
	enum err_code model = session_rename_participant(ws->s, i, name, err);
	if (model == ERR_OK)
		ws_follow_owners(ws->s, ((const struct participant *)a.item_was)->name,
				 ws->s->participants[i].name, &kept);
	enum err_code code = edited(ws, &a, "a participant's name", model, err);
	ws_owners_end(ws->s, &kept, code == ERR_OK);
	return code;
}

enum err_code ws_participant_leaves(struct workshop *ws, size_t i, struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_PARTICIPANTS, i, &a, err))
		return err->code;
	return edited(ws, &a, "a participant leaving",
		      session_participant_leaves(ws->s, i, date_today(), err), err);
}

enum err_code ws_add_value(struct workshop *ws, const char *text, struct error *err)
{
	struct aside a;
	if (adding(ws, LIST_VALUES, &a, err))
		return ERR_BUSY;
	return added(ws, &a, "the new value", session_add_value(ws->s, text, err), err);
}

enum err_code ws_edit_value(struct workshop *ws, size_t i, const char *text, struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_VALUES, i, &a, err))
		return err->code;
	return edited(ws, &a, "a value", session_edit_value(ws->s, i, text, err), err);
}

enum err_code ws_add_goal(struct workshop *ws, const char *text, const char *dimension,
			  struct error *err)
{
	struct aside a;
	if (adding(ws, LIST_GOALS, &a, err))
		return ERR_BUSY;
	return added(ws, &a, "the new goal", session_add_goal(ws->s, text, dimension, err), err);
}

enum err_code ws_edit_goal(struct workshop *ws, size_t i, const char *text,
			   const char *dimension, struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_GOALS, i, &a, err))
		return err->code;
	return edited(ws, &a, "a goal", session_edit_goal(ws->s, i, text, dimension, err), err);
}

enum err_code ws_goal_status(struct workshop *ws, size_t i, enum goal_status st,
			     struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_GOALS, i, &a, err))
		return err->code;
	return edited(ws, &a, "a goal's status", session_set_goal_status(ws->s, i, st, err), err);
}

enum err_code ws_add_metric(struct workshop *ws, const struct metric *fields, struct error *err)
{
	struct aside a;
	if (adding(ws, LIST_METRICS, &a, err))
		return ERR_BUSY;
	return added(ws, &a, "the new metric", session_add_metric(ws->s, fields, err), err);
}

enum err_code ws_edit_metric(struct workshop *ws, size_t i, const struct metric *fields,
			     struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_METRICS, i, &a, err))
		return err->code;
	return edited(ws, &a, "a metric", session_edit_metric(ws->s, i, fields, err), err);
}

/* A measurement is not undone: it records what was seen on a day, and a
 * wrong one is corrected by recording the right one. */
enum err_code ws_measure(struct workshop *ws, size_t i, double value, long day,
			 struct error *err)
{
	if (check_item(ws, LIST_METRICS, i, err))
		return err->code;
	struct aside a;
	aside_begin(&a, ws->s);
	aside_measurements(&a, i);
	enum err_code code = session_add_measurement(ws->s, i, value, day, err);
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_measurements(ws->store, ws->s, i, err), err);
	return aside_end(&a, code);
}

enum err_code ws_add_step(struct workshop *ws, const struct step *fields, struct error *err)
{
	struct aside a;
	if (adding(ws, LIST_STEPS, &a, err))
		return ERR_BUSY;
	return added(ws, &a, "the new step", session_add_step(ws->s, fields, err), err);
}

enum err_code ws_edit_step(struct workshop *ws, size_t i, const struct step *fields,
			   struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_STEPS, i, &a, err))
		return err->code;
	return edited(ws, &a, "a step", session_edit_step(ws->s, i, fields, err), err);
}

enum err_code ws_park(struct workshop *ws, const char *text, struct error *err)
{
	struct aside a;
	if (adding(ws, LIST_PARKING, &a, err))
		return ERR_BUSY;
	return added(ws, &a, "the parked item", session_park(ws->s, text, err), err);
}

enum err_code ws_edit_parked(struct workshop *ws, size_t i, const char *text,
			     struct error *err)
{
	struct aside a;
	if (editing(ws, LIST_PARKING, i, &a, err))
		return err->code;
	return edited(ws, &a, "a parked item", session_edit_parked(ws->s, i, text, err), err);
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

/* The row is deleted first: the item leaves the session only once it has
 * left the file. */
enum err_code ws_remove(struct workshop *ws, enum session_list list, size_t i,
			struct error *err)
{
	if (check_item(ws, list, i, err))
		return err->code;
	if (ws_refuse_closed(ws, err))
		return ERR_DATA;
	struct session *s = ws->s;
	int64_t id = session_item_id(s, list, i);
	enum err_code code = ws_saved(ws, store_delete_item(ws->store, s, list, id, err), err);
	if (code)
		return code;
	struct undo *u = ws_push_undo(ws, UNDO_REMOVED, removed_names[list]);
	u->list = list;
	u->index = i;
	u->id = id;
	u->item = session_item_clone(list, session_item(s, list, i));
	if (list == LIST_PARTICIPANTS)
		u->scores = scores_of(s, i);
	if (list == LIST_GOALS)
		remember_ties(s, u);
	return session_remove(s, list, i, err);
}

enum err_code ws_change_order(struct workshop *ws, enum session_list list, size_t from,
			      size_t to, struct error *err)
{
	if (check_item(ws, list, from, err))
		return err->code;
	if (session_move(ws->s, list, from, to, err))
		return ERR_DATA;
	enum err_code code = ws_saved(ws, store_save_order(ws->store, ws->s, list, err), err);
	if (code)
		session_move(ws->s, list, to, from, NULL);
	return code;
}

enum err_code ws_move(struct workshop *ws, enum session_list list, size_t from, size_t to,
		      struct error *err)
{
	enum err_code code = ws_change_order(ws, list, from, to, err);
	if (code)
		return code;
	struct undo *u = ws_push_undo(ws, UNDO_MOVED, "a move");
	u->list = list;
	u->index = from;
	u->to = to;
	return ERR_OK;
}

/* ---- the session itself ---- */

/* The session's own fields are saved together: a change to one sets them
 * all aside. */
static enum err_code saved_fields(struct workshop *ws, struct aside *a, enum err_code model,
				  struct error *err)
{
	enum err_code code = model;
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_session_fields(ws->store, ws->s, err), err);
	return aside_end(a, code);
}

enum err_code ws_change_field(struct workshop *ws, const char *field, const char *text,
			      char **old, struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	struct aside a;
	aside_begin(&a, ws->s);
	aside_fields(&a, field);
	enum err_code code = session_set_field(ws->s, field, text, err);
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_session_fields(ws->store, ws->s, err), err);
	if (code == ERR_OK && old)
		*old = a.fields.text_slot ? aside_take_text(&a) : xstrdup(level_name(a.fields.level));
	return aside_end(&a, code);
}

enum err_code ws_set_field(struct workshop *ws, const char *field, const char *text,
			   struct error *err)
{
	static const char *const fields[] = {"title", "organization", "unit", "facilitator",
					     "level"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(field, fields[i]) != 0)
			continue;
		char *old = NULL;
		enum err_code code = ws_change_field(ws, fields[i], text, &old, err);
		if (code)
			return code;
		struct undo *u = ws_push_undo(ws, UNDO_FIELD, "a setup field");
		u->field = fields[i];
		u->text = old;
		return ERR_OK;
	}
	return error_set(err, ERR_SOFTWARE, "no session field is called %s", field);
}

enum err_code ws_set_stage(struct workshop *ws, enum stage stage, struct error *err)
{
	if (ws->read_only || session_is_closed(ws->s)) {
		/* Looking around is allowed; the stage is not saved, so that
		 * browsing a closed session leaves it as it was closed. */
		return session_set_stage(ws->s, stage, err);
	}
	struct aside a;
	aside_begin(&a, ws->s);
	aside_fields(&a, NULL);
	return saved_fields(ws, &a, session_set_stage(ws->s, stage, err), err);
}

enum err_code ws_set_ratings(struct workshop *ws, enum ratings ratings, struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	struct aside a;
	aside_begin(&a, ws->s);
	aside_fields(&a, NULL);
	return saved_fields(ws, &a, session_set_ratings(ws->s, ratings, err), err);
}

static enum err_code change_status(struct workshop *ws, bool closing, const char *what,
				   struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	struct aside a;
	aside_begin(&a, ws->s);
	aside_fields(&a, NULL);
	enum err_code code = closing ? session_close(ws->s, clock_now(), err)
				     : session_reopen(ws->s, err);
	code = saved_fields(ws, &a, code, err);
	if (code == ERR_OK && what)
		ws_push_undo(ws, UNDO_STATUS, what);
	return code;
}

enum err_code ws_close_session(struct workshop *ws, struct error *err)
{
	return change_status(ws, true, "closing the session", err);
}

enum err_code ws_reopen_session(struct workshop *ws, struct error *err)
{
	return change_status(ws, false, "reopening the session", err);
}

enum err_code ws_change_status_back(struct workshop *ws, struct error *err)
{
	return change_status(ws, !session_is_closed(ws->s), NULL, err);
}

/* ---- timers ---- */

int ws_timer_left(const struct workshop *ws, enum stage stage, time_t now)
{
	const struct stage_timer *t = &ws->s->timers[stage];
	if (t->running_since == 0)
		return t->left_seconds;
	/* Counted wide and held to the model's bounds: a clock set far ahead
	 * of when the timer started must not wrap the count round. */
	int64_t left = (int64_t)t->left_seconds - ((int64_t)now - (int64_t)t->running_since);
	if (left < -TIMER_SECONDS_LIMIT)
		return -TIMER_SECONDS_LIMIT;
	if (left > TIMER_SECONDS_LIMIT)
		return TIMER_SECONDS_LIMIT;
	return (int)left;
}

bool ws_timer_running(const struct workshop *ws, enum stage stage)
{
	return ws->s->timers[stage].running_since != 0;
}

/* Each window may time its own view: a read-only one, or one on a closed
 * session, keeps its timers in memory only. */
static enum err_code save_timer(struct workshop *ws, struct aside *a, struct error *err)
{
	if (ws->read_only || session_is_closed(ws->s))
		return aside_end(a, ERR_OK);
	return saved_fields(ws, a, ERR_OK, err);
}

enum err_code ws_timer_toggle(struct workshop *ws, enum stage stage, time_t now,
			      struct error *err)
{
	struct aside a;
	aside_begin(&a, ws->s);
	aside_fields(&a, NULL);
	struct stage_timer *t = &ws->s->timers[stage];
	if (t->running_since) {
		t->left_seconds = ws_timer_left(ws, stage, now);
		t->running_since = 0;
	} else {
		t->running_since = now;
	}
	return save_timer(ws, &a, err);
}

enum err_code ws_timer_add(struct workshop *ws, enum stage stage, int seconds, time_t now,
			   struct error *err)
{
	(void)now;
	struct aside a;
	aside_begin(&a, ws->s);
	aside_fields(&a, NULL);
	/* The running clock only: the planned timebox stays as the plan made
	 * it, for the export and the next check-in. */
	ws->s->timers[stage].left_seconds += seconds;
	return save_timer(ws, &a, err);
}

/* ---- ballots ---- */

static enum err_code check_ballot(const struct workshop *ws, size_t i, struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	if (session_is_closed(ws->s))
		return error_set(err, ERR_DATA, "the session is closed; reopen it to vote");
	if (i >= ws->s->nballots)
		return error_set(err, ERR_DATA, "there is no such ballot");
	return ERR_OK;
}

static enum err_code saved_ballot(struct workshop *ws, struct aside *a, size_t i,
				  enum err_code model, struct error *err)
{
	enum err_code code = model;
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_ballot(ws->store, ws->s, i, err), err);
	return aside_end(a, code);
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

/* A change to ballot i, when it may be made, begins by setting the ballot
 * aside. */
static enum err_code changing_ballot(struct workshop *ws, size_t i, struct aside *a,
				     struct error *err)
{
	if (check_ballot(ws, i, err))
		return err->code;
	aside_begin(a, ws->s);
	aside_ballot(a, i);
	return ERR_OK;
}

/* A new ballot goes at the end of the list: every ballot is set aside
 * first, so that a failed save leaves the list as it was. */
static enum err_code begin_new_ballot(struct workshop *ws, struct aside *a, struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	aside_begin(a, ws->s);
	aside_ballots(a);
	return ERR_OK;
}

static enum err_code saved_new_ballot(struct workshop *ws, struct aside *a, enum err_code code,
				      size_t *index, struct error *err)
{
	size_t i = ws->s->nballots - 1;
	code = saved_ballot(ws, a, i, code, err);
	if (code == ERR_OK)
		*index = i;
	return code;
}

enum err_code ws_open_ballot(struct workshop *ws, const struct ballot_settings *set,
			     size_t *index, struct error *err)
{
	struct aside a;
	if (begin_new_ballot(ws, &a, err))
		return ERR_BUSY;
	struct session *s = ws->s;
	enum err_code code = session_open_ballot(s, set->method, set->entry, set->horizon, err);
	if (code == ERR_OK)
		code = apply_settings(&s->ballots[s->nballots - 1], set, err);
	return saved_new_ballot(ws, &a, code, index, err);
}

enum err_code ws_open_runoff(struct workshop *ws, enum ballot_method method, size_t from,
			     int top, bool anonymous, size_t *index, size_t *taken,
			     struct error *err)
{
	struct aside a;
	if (begin_new_ballot(ws, &a, err))
		return ERR_BUSY;
	struct session *s = ws->s;
	enum err_code code = session_open_runoff(s, method, from, top, taken, err);
	if (code == ERR_OK)
		s->ballots[s->nballots - 1].anonymous = anonymous;
	return saved_new_ballot(ws, &a, code, index, err);
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

enum err_code ws_cast_unsaved(struct workshop *ws, size_t ballot, size_t p,
			      const struct ballot_vote *v, struct aside *a, struct error *err)
{
	aside_begin(a, ws->s);
	if (check_ballot(ws, ballot, err))
		return err->code;
	if (p >= ws->s->nparticipants)
		return error_set(err, ERR_DATA, "there is no such participant");
	if (!session_participant_here(ws->s, p))
		return error_set(err, ERR_DATA, "%s has left: they vote no more",
				 ws->s->participants[p].name);
	/* Those at the paper wall voted there: with them, the room is full. */
	const struct ballot *b = &ws->s->ballots[ballot];
	if (b->entry == BALLOT_ENTRY_SECRET && b->tally_voters > 0 &&
	    (size_t)ballot_voter_count(b) >= session_expected_voters(ws->s, b) &&
	    !ballot_has_voted(b, ws->s->participants[p].id))
		return error_set(err, ERR_DATA, "everyone is counted: %zu voted here and %ld at "
				 "the paper wall; correct the wall's count first", b->nvoters,
				 b->tally_voters);
	aside_ballot(a, ballot);
	return cast(&ws->s->ballots[ballot], ws->s->participants[p].id, v, err) ? ERR_DATA : ERR_OK;
}

enum err_code ws_cast(struct workshop *ws, size_t ballot, size_t p, const struct ballot_vote *v,
		      struct error *err)
{
	if (ws_settle(ws, err))
		return err->code;
	struct aside a;
	enum err_code code = ws_cast_unsaved(ws, ballot, p, v, &a, err);
	if (code == ERR_OK)
		code = ws_saved(ws, store_cast_ballot(ws->store, ws->s, ballot, err), err);
	if (aside_end(&a, code))
		ws_cast_unwritten(ws, ballot);
	return code;
}

enum err_code ws_set_tally(struct workshop *ws, size_t ballot, size_t candidate, long points,
			   struct error *err)
{
	struct aside a;
	if (changing_ballot(ws, ballot, &a, err))
		return err->code;
	enum err_code code = ballot_set_tally(&ws->s->ballots[ballot], candidate, points, err)
				     ? ERR_DATA : ERR_OK;
	return saved_ballot(ws, &a, ballot, code, err);
}

enum err_code ws_set_wall_voters(struct workshop *ws, size_t ballot, long voters,
				struct error *err)
{
	if (check_ballot(ws, ballot, err))
		return err->code;
	const struct ballot *b = &ws->s->ballots[ballot];
	long others = b->entry == BALLOT_ENTRY_SECRET ? (long)b->nvoters : 0;
	size_t expected = session_expected_voters(ws->s, b);
	if (b->entry == BALLOT_ENTRY_SECRET && voters > (long)expected - others)
		return error_set(err, ERR_DATA, "only %ld of %zu have not voted: no more can be at the "
				 "paper wall", (long)expected - others, expected);
	struct aside a;
	aside_begin(&a, ws->s);
	aside_ballot(&a, ballot);
	enum err_code code = ballot_set_tally_voters(&ws->s->ballots[ballot], voters, err)
				     ? ERR_DATA : ERR_OK;
	return saved_ballot(ws, &a, ballot, code, err);
}

enum err_code ws_close_ballot(struct workshop *ws, size_t ballot, struct error *err)
{
	struct aside a;
	if (changing_ballot(ws, ballot, &a, err))
		return err->code;
	enum err_code code = ballot_close(&ws->s->ballots[ballot], err) ? ERR_DATA : ERR_OK;
	return saved_ballot(ws, &a, ballot, code, err);
}

enum err_code ws_reveal_ballot(struct workshop *ws, size_t ballot, struct error *err)
{
	struct aside a;
	if (changing_ballot(ws, ballot, &a, err))
		return err->code;
	aside_ranks(&a);
	enum err_code code = session_reveal_ballot(ws->s, ballot, err) ? ERR_DATA : ERR_OK;
	return saved_ballot(ws, &a, ballot, code, err);
}
