/* workshop: the editing service, the one way a session is changed: the
 * screen's keys today, and later the command line and the room's phones.
 * It holds the session open in one window, its lease and its undo.
 *
 * A change is checked by the model and committed by the store in its own
 * transaction. While it runs, the parts of the session it touches are
 * copies; when the store refuses (a full disk, a second window), the copies
 * go and the session is exactly as it was before the call, its values and
 * the addresses of everything in it: a pointer into ws->s taken before a
 * refused ws_* call still reads what it read. A saved change may move what
 * it changed (an item edited, a list grown), and nothing else.
 *
 * No ws_* call replaces ws->s. It is replaced, the old session freed, by
 * workshop_wake and workshop_tick only, which read the session back from
 * the file when `stale` is set: after another window took the session over
 * (found by them or by a refused change, which makes the window read-only
 * at once), and after an undo of a deletion that was saved only in part.
 * Knows nothing of curses, so it is tested like the model. */
#ifndef IMPROV_SESSIONS_WORKSHOP_H
#define IMPROV_SESSIONS_WORKSHOP_H

#include <stdbool.h>

#include "model/session.h"
#include "sessions/store.h"

#define WORKSHOP_UNDO_MAX 50

struct undo;

struct workshop {
	struct store *store;
	struct session *s;
	bool read_only;               /* another window holds the session */
	char holder[128];             /* who, when read_only */
	/* The lease could not be taken for another reason (a full disk, a
	 * database busy for long): read-only until it can be, tried again in
	 * workshop_tick; `why` says what went wrong. */
	bool lease_pending;
	bool lease_lost;              /* held, then taken over by another window */
	char why[512];
	bool stale;                   /* read back at the next workshop_wake or _tick */
	struct undo *undo;            /* the last changes, newest last */
	size_t nundo;
	time_t lease_renewed;
	struct aside *cast_group;     /* votes cast, not yet written (ws_cast_grouped) */
	struct cast_write *writing;   /* those being written (ws_write_begin) */
};

/* Opens session id: takes its lease, or opens it read-only and says who
 * holds it (or why the lease could not be taken). ERR_NOINPUT when there
 * is no such session. */
enum err_code workshop_open(struct store *store, int64_t id, struct workshop **out,
			    struct error *err) __attribute__((warn_unused_result));
/* Lets the session go (its lease) and frees everything. */
void workshop_close(struct workshop *ws);
/* Renews the lease every half minute, or takes the one that could not be
 * taken before; a no-op in a window where another holds the session.
 * Reads a stale session back (ws->s may change). */
void workshop_tick(struct workshop *ws, time_t now);

/* Before a key is handled: whether this window still holds the session. A
 * window that was stopped (Ctrl-Z, a frozen terminal) while another took
 * the session over turns read-only here, before it acts on the key that
 * waited for it. True when it just did. Reads a stale session back (ws->s
 * may change). */
bool workshop_wake(struct workshop *ws);

/* One line for the screen when the session is read-only here, or "". */
const char *ws_read_only_reason(const struct workshop *ws, char *out, size_t size);

/* Each returns ERR_OK once the change is on disk; refused, it leaves the
 * session as it was. */
enum err_code ws_rate(struct workshop *ws, size_t dim, size_t participant, int score,
		      struct error *err);
enum err_code ws_group_score(struct workshop *ws, size_t dim, int score, struct error *err);
enum err_code ws_add_note(struct workshop *ws, size_t dim, enum note_kind kind, const char *text,
			  struct error *err);
/* Note i of the dimension gets this kind and text. */
enum err_code ws_edit_note(struct workshop *ws, size_t dim, size_t i, enum note_kind kind,
			   const char *text, struct error *err);
enum err_code ws_remove_note(struct workshop *ws, size_t dim, size_t i, struct error *err);

enum err_code ws_add_participant(struct workshop *ws, const char *name, struct error *err);
/* Renaming a participant renames the steps they own (an owner that is
 * their name). */
enum err_code ws_rename_participant(struct workshop *ws, size_t i, const char *name,
				    struct error *err);
/* Participant i leaves today: their column and ratings stay, counted, and
 * the votes they cast; they rate and vote no more, and their phone no
 * longer joins. Undone like an edit. Removing them instead
 * (ws_remove(LIST_PARTICIPANTS)) takes their ratings out; the votes they
 * cast stay in the totals either way, since a secret ballot keeps no
 * record of whose points are whose. */
enum err_code ws_participant_leaves(struct workshop *ws, size_t i, struct error *err);
enum err_code ws_add_value(struct workshop *ws, const char *text, struct error *err);
enum err_code ws_edit_value(struct workshop *ws, size_t i, const char *text, struct error *err);
enum err_code ws_add_goal(struct workshop *ws, const char *text, const char *dimension,
			  struct error *err);
enum err_code ws_edit_goal(struct workshop *ws, size_t i, const char *text,
			   const char *dimension, struct error *err);
enum err_code ws_goal_status(struct workshop *ws, size_t i, enum goal_status st,
			     struct error *err);
enum err_code ws_add_metric(struct workshop *ws, const struct metric *fields, struct error *err);
enum err_code ws_edit_metric(struct workshop *ws, size_t i, const struct metric *fields,
			     struct error *err);
enum err_code ws_measure(struct workshop *ws, size_t i, double value, long day,
			 struct error *err);
enum err_code ws_add_step(struct workshop *ws, const struct step *fields, struct error *err);
enum err_code ws_edit_step(struct workshop *ws, size_t i, const struct step *fields,
			   struct error *err);
enum err_code ws_park(struct workshop *ws, const char *text, struct error *err);
enum err_code ws_edit_parked(struct workshop *ws, size_t i, const char *text,
			     struct error *err);
enum err_code ws_remove(struct workshop *ws, enum session_list list, size_t i,
			struct error *err);
enum err_code ws_move(struct workshop *ws, enum session_list list, size_t from, size_t to,
		      struct error *err);

/* Setup fields ("title", "organization", "unit", "facilitator", "level"). */
enum err_code ws_set_field(struct workshop *ws, const char *field, const char *text,
			   struct error *err);
enum err_code ws_set_stage(struct workshop *ws, enum stage stage, struct error *err);
/* Private, revealed or shown as typed: saved, with no undo entry (a
 * reveal the room has seen cannot be taken back by hiding it again). */
enum err_code ws_set_ratings(struct workshop *ws, enum ratings ratings, struct error *err);
enum err_code ws_close_session(struct workshop *ws, struct error *err);
enum err_code ws_reopen_session(struct workshop *ws, struct error *err);

/* The stage timers: seconds left (negative past zero), start or pause,
 * add or take minutes from the running clock (the planned timebox, which
 * the export shows and a check-in carries, stays as it is). Saved at once,
 * so they survive a restart. */
int ws_timer_left(const struct workshop *ws, enum stage stage, time_t now);
bool ws_timer_running(const struct workshop *ws, enum stage stage);
enum err_code ws_timer_toggle(struct workshop *ws, enum stage stage, time_t now,
			      struct error *err);
enum err_code ws_timer_add(struct workshop *ws, enum stage stage, int seconds, time_t now,
			   struct error *err);

/* What `improv edit` changes, all at once: the fields given (NULL: as
 * they are), then the renames, the additions and the removals, each
 * naming people as the list stands after the ones before it. */
struct session_rename {
	const char *from, *to;
};
struct session_edit {
	const char *title, *organization, *unit, *level, *facilitator;
	const struct session_rename *renames;
	size_t nrenames;
	const char *const *adds;
	size_t nadds;
	const char *const *removes;
	size_t nremoves;
	bool drop_ratings;      /* removed people's ratings go too; else they count */
};

/* Checks every change with the model, then saves them all in one
 * transaction, or none: refused, the session is read back from the file
 * at the next workshop_wake or workshop_tick (ws->stale). No undo entry. */
enum err_code ws_edit_session(struct workshop *ws, const struct session_edit *e,
			      struct error *err);

/* ---- ballots: votes are not undone, and no one's choices are kept ---- */

struct ballot_settings {
	enum ballot_method method;
	enum ballot_entry entry;
	int horizon;            /* one horizon, or -1 for every step still to do */
	int budget, cap;        /* dots; 0 for the defaults */
	bool anonymous;
	long wall_voters;       /* tally entry: people at the paper wall */
};

/* One person's ballot, as the voting screen collects it (arrays of one
 * entry per candidate; what the method does not use may be NULL). */
struct ballot_vote {
	const int *dots;
	const bool *approve;
	const size_t *order;    /* ranked: candidate indexes, best first */
	size_t norder;
	const int *impact, *effort;
};

/* Opens a ballot; *index is its place in the session's ballots. */
enum err_code ws_open_ballot(struct workshop *ws, const struct ballot_settings *set,
			     size_t *index, struct error *err);
/* A run-off of revealed ballot `from`: a secret ranked or approval ballot
 * over its top `top` places (all those tied at the last one kept in,
 * *taken counting them); *index is its place. */
enum err_code ws_open_runoff(struct workshop *ws, enum ballot_method method, size_t from,
			     int top, bool anonymous, size_t *index, size_t *taken,
			     struct error *err);
/* Casts participant p's vote; refused when p has voted already. */
enum err_code ws_cast(struct workshop *ws, size_t ballot, size_t p, const struct ballot_vote *v,
		      struct error *err);
/* The same, for the phones: the vote counts at once in the session (a
 * second one from p is refused) and joins the votes that ws_settle writes
 * together, in one transaction. Several votes in one state of the file
 * tell less than one, and cost one write. Nothing else may change the
 * session, nor the window read it back, until ws_settle has run. */
enum err_code ws_cast_grouped(struct workshop *ws, size_t ballot, size_t p,
			      const struct ballot_vote *v, struct error *err);
/* Writes the votes ws_cast_grouped has counted since the last call: ERR_OK
 * once every one is on disk, or the error and every one of them taken
 * back out of the session. ERR_OK when there were none. */
enum err_code ws_settle(struct workshop *ws, struct error *err);
/* ws_settle in two halves, for a screen that goes on drawing and reading
 * keys while the disk works: the write begins on a thread of its own
 * (false when there is nothing to write), and ws_write_end waits for it
 * and gives what ws_settle would. In between nothing may change the
 * session or use the store (reading the session is safe), and
 * workshop_wake and workshop_tick leave the lease alone: the write checks
 * it. ws_write_fd becomes readable once the write is done; -1 when none
 * is under way. */
bool ws_write_begin(struct workshop *ws);
int ws_write_fd(const struct workshop *ws);
enum err_code ws_write_end(struct workshop *ws, struct error *err);
enum err_code ws_set_tally(struct workshop *ws, size_t ballot, size_t candidate, long points,
			   struct error *err);
/* The people who voted at the paper wall: a tally's, or those on top of a
 * secret dots or approval ballot, who with the votes cast cannot be more
 * than the participants (nobody votes two ways). */
enum err_code ws_set_wall_voters(struct workshop *ws, size_t ballot, long voters,
				struct error *err);
enum err_code ws_close_ballot(struct workshop *ws, size_t ballot, struct error *err);
/* Reveals the ballot (closing it first) and sets the steps' points and ranks. */
enum err_code ws_reveal_ballot(struct workshop *ws, size_t ballot, struct error *err);

/* Undoes the newest change; *what names it ("a rating", "the new step"). */
bool ws_can_undo(const struct workshop *ws);
enum err_code ws_undo(struct workshop *ws, const char **what, struct error *err);

#endif
