/* actions: everything a key can do, listed once. The same table binds the
 * keys, names them on the help screen and in the hints at the bottom, so
 * the help can never disagree with what the keys do. */
/* A new key for a stage: a row X(ACT_..., CTX_..., help) in ACTION_LIST
 * with the contexts it works in (the stage's CTX_, which its screen_ops
 * lists); a row in bindings[] in actions.c (a second row in hint_keys[]
 * only when the hint should name another key than the first binding);
 * a case in the stage's act() that returns UI_REDRAW when it changed
 * something and UI_IGNORED when not; and, if the room should see it, a
 * HINT(ACT_..., "label") in the stage's hints[]. */
#ifndef IMPROV_TUI_ACTIONS_H
#define IMPROV_TUI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Where an action applies. */
enum {
	CTX_GLOBAL = 1 << 0,    /* everywhere */
	CTX_HOME = 1 << 1,
	CTX_STAGE = 1 << 2,     /* any stage of an open session */
	CTX_LIST = 1 << 3,      /* a stage with a list of items */
	CTX_RATING = 1 << 4,    /* current state */
	CTX_GOALS = 1 << 5,
	CTX_METRICS = 1 << 6,
	CTX_STEPS = 1 << 7,
	CTX_REVIEW = 1 << 8,
	CTX_LOBBY = 1 << 9,     /* a secret ballot: who has not voted yet */
	CTX_CASTING = 1 << 10,  /* one person's own ballot */
	CTX_TALLY = 1 << 11,    /* counts typed from a paper wall */
	CTX_RESULTS = 1 << 12,  /* a revealed ballot, or the roadmap */
	CTX_LAST = 1 << 13,     /* a check-in's review of last time */
	CTX_BALLOTS = 1 << 14,  /* the session's ballots, listed */
	/* Where the room can be opened and its phones let in: every stage and
	 * the ballot's shared screens, not one person's own ballot. */
	CTX_ROOM = CTX_STAGE | CTX_LOBBY | CTX_TALLY | CTX_RESULTS,
};

/* X(action, context, help text) */
#define ACTION_LIST(X) \
	X(ACT_HELP, CTX_GLOBAL, "help: the keys that work here") \
	X(ACT_BACK, CTX_GLOBAL, "back; at home, quit (everything is saved)") \
	X(ACT_UP, CTX_GLOBAL, "move up") \
	X(ACT_DOWN, CTX_GLOBAL, "move down") \
	X(ACT_TOP, CTX_GLOBAL, "first item") \
	X(ACT_BOTTOM, CTX_GLOBAL, "last item") \
	X(ACT_PAGE_UP, CTX_GLOBAL, "page up") \
	X(ACT_PAGE_DOWN, CTX_GLOBAL, "page down") \
	X(ACT_NEW, CTX_HOME, "new session") \
	X(ACT_CHECKIN, CTX_HOME, "check-in: the next iteration of the selected session (asks)") \
	X(ACT_EXPORT, CTX_HOME, "export the selected session to a file (Markdown, JSON, ...)") \
	X(ACT_OPEN, CTX_HOME, "open the session at the stage it was left at") \
	X(ACT_FILTER, CTX_HOME, "filter the sessions") \
	X(ACT_DELETE_SESSION, CTX_HOME, "delete the selected session for good (asks)") \
	X(ACT_NEXT_STAGE, CTX_STAGE, "next stage") \
	X(ACT_PREV_STAGE, CTX_STAGE, "previous stage") \
	X(ACT_NEXT_PANE, CTX_GOALS | CTX_LAST | CTX_REVIEW, \
	  "the next list or page: values and goals; last time's; summary, change, trend") \
	X(ACT_LEFT, CTX_RATING, "previous person (or the group column)") \
	X(ACT_RIGHT, CTX_RATING, "next person (or the group column)") \
	X(ACT_RATE, CTX_RATING, "rate the selected cell (10: 1 then 0)") \
	X(ACT_CLEAR, CTX_RATING, "clear the selected cell") \
	X(ACT_NOTE, CTX_RATING, "add an evidence note (strength or gap)") \
	X(ACT_EDIT_NOTE, CTX_RATING, "edit one of the dimension's notes (choose which)") \
	X(ACT_DELETE_NOTE, CTX_RATING, "delete one of the dimension's notes (choose which)") \
	X(ACT_ADD_PERSON, CTX_RATING, "add a participant (someone who came late)") \
	X(ACT_RENAME_PERSON, CTX_RATING, "rename the selected participant") \
	X(ACT_REMOVE_PERSON, CTX_RATING, \
	  "someone left: keep their ratings counted, or take them out (asks)") \
	X(ACT_ADD, CTX_LIST, "add an item here") \
	X(ACT_EDIT, CTX_LIST, "edit the selected item") \
	X(ACT_DELETE, CTX_LIST, "delete the selected item (asks)") \
	X(ACT_MOVE_DOWN, CTX_LIST, "move the item down") \
	X(ACT_MOVE_UP, CTX_LIST, "move the item up") \
	X(ACT_RATINGS, CTX_RATING, "reveal the ratings, or make them private again") \
	X(ACT_STATUS, CTX_GOALS | CTX_STEPS | CTX_LAST, "next status of the goal or step") \
	X(ACT_HORIZON, CTX_STEPS, "next horizon of the step") \
	X(ACT_OWNER, CTX_STEPS, "set the step's owner") \
	X(ACT_MEASURE, CTX_METRICS | CTX_LAST, "record a measurement") \
	X(ACT_BALLOT, CTX_STEPS, "open a ballot on the steps, or go back to the open one") \
	X(ACT_REVEAL, CTX_STEPS | CTX_LOBBY | CTX_TALLY, \
	  "reveal the ballot's results (asks when not everyone has voted)") \
	X(ACT_BALLOTS, CTX_STEPS | CTX_RESULTS, \
	  "every ballot of the session, with method, status and voters") \
	X(ACT_SHOW_BALLOT, CTX_BALLOTS, "show the ballot: its results, or its lobby while open") \
	X(ACT_RUNOFF, CTX_BALLOTS | CTX_RESULTS, \
	  "run-off: a new ballot on the top places of a revealed one") \
	X(ACT_ROADMAP, CTX_STEPS | CTX_RESULTS, "the Now / Next / Later roadmap") \
	X(ACT_VOTE_AS, CTX_LOBBY, "vote: the selected person takes the keyboard") \
	X(ACT_CLOSE_BALLOT, CTX_LOBBY, \
	  "close the ballot: no more votes (asks if some have not voted)") \
	X(ACT_WALL, CTX_LOBBY, "add the count of a paper wall to the votes cast") \
	X(ACT_MORE, CTX_CASTING, "one dot more on the selected step") \
	X(ACT_LESS, CTX_CASTING, "one dot less on the selected step") \
	X(ACT_TOGGLE, CTX_CASTING, "approve the step, or rank it next (again: undo)") \
	X(ACT_SCORE_COLUMN, CTX_CASTING, "switch between impact and effort") \
	X(ACT_DIGIT, CTX_CASTING | CTX_TALLY, "type a score or a count") \
	X(ACT_ERASE, CTX_TALLY, "erase the last digit typed") \
	X(ACT_CONFIRM, CTX_CASTING | CTX_TALLY, "cast this ballot; in a tally, the next step") \
	X(ACT_CANCEL, CTX_CASTING, \
	  "hand back without voting; the name stays to vote") \
	X(ACT_CLOSE, CTX_REVIEW, "close the session, or reopen it") \
	X(ACT_UNDO, CTX_STAGE, "undo the last change") \
	X(ACT_TIMER, CTX_STAGE, "start or pause the stage timer") \
	X(ACT_TIMER_PLUS, CTX_STAGE, "one minute more") \
	X(ACT_TIMER_MINUS, CTX_STAGE, "one minute less") \
	X(ACT_NEWCOMER, CTX_STAGE | CTX_LOBBY, \
	  "someone joins: add a participant (any stage, a ballot's lobby)") \
	X(ACT_SESSION_FIELDS, CTX_STAGE, \
	  "the session's title, organization, unit, level and facilitator") \
	X(ACT_PARK, CTX_STAGE, "put something on the parking lot") \
	X(ACT_PARKING, CTX_STAGE, "show the parking lot") \
	X(ACT_PRESENT, CTX_STAGE | CTX_RESULTS, \
	  "presentation mode: what the room reads in large type, no hints or details") \
	X(ACT_PRESENT_END, CTX_STAGE | CTX_RESULTS, "leave presentation mode") \
	X(ACT_ROOM, CTX_ROOM, "open or close the room: phones join by URL, code or QR code") \
	X(ACT_ROOM_ACCEPT, CTX_ROOM, "let the first phone waiting into the room") \
	X(ACT_ROOM_REFUSE, CTX_ROOM, "turn the first phone waiting away") \
	X(ACT_ROOM_QR, CTX_ROOM, "show the room's QR code again (for those who came late)") \
	X(ACT_REFRESH, CTX_GLOBAL, "redraw the screen")

#define ACTION_ENUM(a, ctx, help) a,
enum action { ACT_NONE = -1, ACTION_LIST(ACTION_ENUM) ACT_COUNT };

/* The action a key means in these contexts, or ACT_NONE. For the digit
 * keys *digit is set (0-9), else -1. is_code: key is a KEY_* code. */
enum action actions_for_key(int key, bool is_code, unsigned contexts, int *digit);
const char *action_help(enum action a);
/* Whether the action changes the session (a read-only window refuses it). */
bool action_edits(enum action a);
unsigned action_context(enum action a);
/* The keys that mean the action in these contexts, for humans: "j, Down";
 * a key an earlier binding takes there is left out. Empty when none. */
void action_keys(enum action a, unsigned contexts, char *out, size_t size);
/* The key a hint at the bottom shows for the action: "e", "1-9". */
void action_hint_keys(enum action a, char *out, size_t size);

#endif
