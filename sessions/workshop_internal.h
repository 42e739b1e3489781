/* workshop_internal: what the editing service's files share: the undo
 * entries, the changes undo makes again without an entry of their own, and
 * the parts of a session a change sets aside (workshop_aside.c) so that a
 * change the store refuses leaves the session as it was. Not for use
 * outside sessions/workshop*.c. */
#ifndef IMPROV_SESSIONS_WORKSHOP_INTERNAL_H
#define IMPROV_SESSIONS_WORKSHOP_INTERNAL_H

#include "sessions/workshop.h"

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

/* A new entry, newest last (the oldest goes when there are
 * WORKSHOP_UNDO_MAX); push it only once the change is saved. */
struct undo *ws_push_undo(struct workshop *ws, enum undo_kind kind, const char *what);
void ws_undo_free(struct undo *u);

/* ERR_BUSY, with the reason in err, when the session is read-only here. */
enum err_code ws_refuse_read_only(const struct workshop *ws, struct error *err);
enum err_code ws_refuse_closed(const struct workshop *ws, struct error *err);
/* What a change returns once the store has answered: a refusal because
 * another window took the session over makes this one read-only (the
 * session is read back at the next workshop_wake or workshop_tick). */
enum err_code ws_saved(struct workshop *ws, enum err_code code, struct error *err);

/* The changes themselves, each checked, saved, and left undone in memory
 * when refused; the ws_* call around each adds its undo entry. */
enum err_code ws_change_rating(struct workshop *ws, size_t dim, size_t p, int score,
			       struct error *err);
enum err_code ws_change_group_score(struct workshop *ws, size_t dim, int score,
				    struct error *err);
enum err_code ws_change_order(struct workshop *ws, enum session_list list, size_t from,
			      size_t to, struct error *err);
/* Closes an open session or reopens a closed one, with no undo entry. */
enum err_code ws_change_status_back(struct workshop *ws, struct error *err);
/* *old, when not NULL, takes the field's text as it was (the caller frees). */
enum err_code ws_change_field(struct workshop *ws, const char *field, const char *text,
			      char **old, struct error *err);

/* A step owned by a participant names them by their name: renamed, the
 * steps whose owner was the old name take the new one (the store does the
 * same in the rename's transaction). What they held is kept until
 * ws_owners_end, which puts it back when the change was not saved. */
struct owners_kept {
	size_t *steps;
	char **was;
	size_t n;
};
void ws_follow_owners(struct session *s, const char *from, const char *to,
		      struct owners_kept *kept);
void ws_owners_end(struct session *s, struct owners_kept *kept, bool saved);

/* ---- what a change sets aside ---- */

/* An array of the session that a change works on a copy of. */
struct kept_array {
	void **slot;            /* where the session points at the array */
	size_t *len, *cap;      /* its length and capacity, or NULL */
	void *items;            /* the array as it was */
	size_t n, ncap;
};

/* The session's own fields a change may touch: level, stage, status,
 * timers, and one text field. */
struct kept_fields {
	enum level level;
	enum stage stage;
	enum session_status status;
	enum ratings ratings;
	time_t closed_at;
	struct stage_timer timers[STAGE_COUNT];
	char **text_slot;       /* the text field set aside, or NULL */
	char *text;
};

enum aside_part {
	ASIDE_CELL = 1 << 0, ASIDE_FIELDS = 1 << 1, ASIDE_LIST = 1 << 2, ASIDE_ITEM = 1 << 3,
	ASIDE_NOTES = 1 << 4, ASIDE_MEASUREMENTS = 1 << 5, ASIDE_BALLOTS = 1 << 6,
	ASIDE_BALLOT = 1 << 7, ASIDE_RANKS = 1 << 8,
};

struct step_rank {
	long points;
	int rank;
};

/* What one change set aside. While it runs the change works on copies;
 * aside_end keeps them (the store committed) or frees them and puts every
 * original back where it was, at the same address, so that a pointer into
 * the session taken before the change still reads what it read. */
struct aside {
	struct session *s;
	unsigned parts;
	int *cell, cell_was;            /* a rating or a group score */
	struct kept_fields fields;
	enum session_list list;         /* ASIDE_LIST, ASIDE_ITEM */
	struct kept_array items;
	size_t added;                   /* where an item added to the list's copy is */
	struct kept_array *scores;      /* participants: each dimension's cells */
	size_t item;                    /* ASIDE_ITEM: its index; the original's bytes */
	void *item_was;
	size_t dim;                     /* ASIDE_NOTES */
	struct kept_array notes;
	struct kept_array measurements;
	size_t ballot;                  /* ASIDE_BALLOT: the original ballot */
	struct ballot ballot_was;
	struct kept_array ballots;      /* ASIDE_BALLOTS: the array, for a new one */
	struct step_rank *ranks;        /* ASIDE_RANKS: every step's points and rank */
};

void aside_begin(struct aside *a, struct session *s);
void aside_cell(struct aside *a, int *cell);
/* field: "title", "organization", "unit", "facilitator", or NULL (none). */
void aside_fields(struct aside *a, const char *field);
/* The list's array, for an item added (at its end, or at `at`) or put back. */
void aside_list(struct aside *a, enum session_list list, size_t at);
/* Item i, for an edit: a copy takes its place. */
void aside_item(struct aside *a, enum session_list list, size_t i);
void aside_notes(struct aside *a, size_t dim);
void aside_measurements(struct aside *a, size_t metric);
void aside_ballot(struct aside *a, size_t i);
void aside_ballots(struct aside *a);
void aside_ranks(struct aside *a);
/* The original of a part, which the caller then owns, for an undo entry:
 * the item as it was (session_item_free), the notes (nnotes in *n), the
 * text field. Call before aside_end(a, true). */
void *aside_take_item(struct aside *a);
struct note *aside_take_notes(struct aside *a, size_t *n);
char *aside_take_text(struct aside *a);
/* Keeps the change (saved) or puts everything back; returns code. */
enum err_code aside_end(struct aside *a, enum err_code code);

/* Participant p's vote in ballot ballot, checked and counted in the
 * session but not saved, with the ballot set aside in a (to end with
 * aside_end whatever comes back). */
enum err_code ws_cast_unsaved(struct workshop *ws, size_t ballot, size_t p,
			      const struct ballot_vote *v, struct aside *a, struct error *err);
/* After a cast that failed and was put back: a commit whose sync failed
 * may show in the file, and the ballot as it was is written over it. */
void ws_cast_unwritten(struct workshop *ws, size_t ballot);

#endif
