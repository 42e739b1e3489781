#include "tui/actions.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define ACTION_HELP(a, ctx, help) [a] = help,
#define ACTION_CTX(a, ctx, help) [a] = ctx,
static const char *const helps[ACT_COUNT] = { ACTION_LIST(ACTION_HELP) };
static const unsigned contexts_of[ACT_COUNT] = { ACTION_LIST(ACTION_CTX) };

struct binding {
	int key;
	bool code;            /* a KEY_* code rather than a character */
	enum action action;
	const char *name;     /* how the help screen shows the key */
};

#define CTRL(c) ((c) & 0x1f)

/* One row per key. A key may mean different actions in different contexts
 * (the first row whose action applies wins). */
static const struct binding bindings[] = {
	{'?', false, ACT_HELP, "?"},
	{'q', false, ACT_BACK, "q"},
	{KEY_UP, true, ACT_UP, "Up"},
	{'k', false, ACT_UP, "k"},
	{KEY_DOWN, true, ACT_DOWN, "Down"},
	{'j', false, ACT_DOWN, "j"},
	{'g', false, ACT_TOP, "g"},
	{KEY_HOME, true, ACT_TOP, "Home"},
	{'G', false, ACT_BOTTOM, "G"},
	{KEY_END, true, ACT_BOTTOM, "End"},
	{KEY_PPAGE, true, ACT_PAGE_UP, "PgUp"},
	{KEY_NPAGE, true, ACT_PAGE_DOWN, "PgDn"},
	{'n', false, ACT_NEW, "n"},
	{'c', false, ACT_CHECKIN, "c"},
	{'x', false, ACT_EXPORT, "x"},
	{'\n', false, ACT_OPEN, "Enter"},
	{'\r', false, ACT_OPEN, "Enter"},
	{KEY_ENTER, true, ACT_OPEN, "Enter"},
	{'/', false, ACT_FILTER, "/"},
	{'D', false, ACT_DELETE_SESSION, "D"},
	{']', false, ACT_NEXT_STAGE, "]"},
	{'[', false, ACT_PREV_STAGE, "["},
	{'\t', false, ACT_NEXT_PANE, "Tab"},
	{KEY_LEFT, true, ACT_LEFT, "Left"},
	{KEY_RIGHT, true, ACT_RIGHT, "Right"},
	{'1', false, ACT_RATE, "1-9"},
	{'0', false, ACT_CLEAR, "0"},
	{KEY_DC, true, ACT_CLEAR, "Delete"},
	{'n', false, ACT_NOTE, "n"},
	{'N', false, ACT_EDIT_NOTE, "N"},
	{'x', false, ACT_DELETE_NOTE, "x"},
	{'a', false, ACT_ADD, "a"},
	{'a', false, ACT_ADD_PERSON, "a"},
	{'\n', false, ACT_EDIT, "Enter"},
	{'\r', false, ACT_EDIT, "Enter"},
	{KEY_ENTER, true, ACT_EDIT, "Enter"},
	{'e', false, ACT_EDIT, "e"},
	{'e', false, ACT_RENAME_PERSON, "e"},
	{'d', false, ACT_DELETE, "d"},
	{'d', false, ACT_REMOVE_PERSON, "d"},
	{'>', false, ACT_MOVE_DOWN, ">"},
	{KEY_SF, true, ACT_MOVE_DOWN, "Shift-Down"},
	{'<', false, ACT_MOVE_UP, "<"},
	{KEY_SR, true, ACT_MOVE_UP, "Shift-Up"},
	{'s', false, ACT_STATUS, "s"},
	{'h', false, ACT_HORIZON, "h"},
	{'o', false, ACT_OWNER, "o"},
	{'m', false, ACT_MEASURE, "m"},
	{'v', false, ACT_BALLOT, "v"},
	{'r', false, ACT_REVEAL, "r"},
	{'r', false, ACT_RATINGS, "r"},
	{'R', false, ACT_ROADMAP, "R"},
	{'b', false, ACT_BALLOTS, "b"},
	{'\n', false, ACT_SHOW_BALLOT, "Enter"},
	{'\r', false, ACT_SHOW_BALLOT, "Enter"},
	{KEY_ENTER, true, ACT_SHOW_BALLOT, "Enter"},
	{'o', false, ACT_RUNOFF, "o"},
	{'\n', false, ACT_VOTE_AS, "Enter"},
	{'\r', false, ACT_VOTE_AS, "Enter"},
	{KEY_ENTER, true, ACT_VOTE_AS, "Enter"},
	{'c', false, ACT_CLOSE_BALLOT, "c"},
	{'w', false, ACT_WALL, "w"},
	{'+', false, ACT_MORE, "+"},
	{KEY_RIGHT, true, ACT_MORE, "Right"},
	{'-', false, ACT_LESS, "-"},
	{KEY_LEFT, true, ACT_LESS, "Left"},
	{' ', false, ACT_TOGGLE, "Space"},
	{'0', false, ACT_DIGIT, "0-9"},
	{'\t', false, ACT_SCORE_COLUMN, "Tab"},
	{KEY_BACKSPACE, true, ACT_ERASE, "Backspace"},
	{127, false, ACT_ERASE, "Backspace"},
	{'\n', false, ACT_CONFIRM, "Enter"},
	{'\r', false, ACT_CONFIRM, "Enter"},
	{KEY_ENTER, true, ACT_CONFIRM, "Enter"},
	{27, false, ACT_CANCEL, "Esc"},
	{'C', false, ACT_CLOSE, "C"},
	{'u', false, ACT_UNDO, "u"},
	{'t', false, ACT_TIMER, "t"},
	{'+', false, ACT_TIMER_PLUS, "+"},
	{'-', false, ACT_TIMER_MINUS, "-"},
	{'N', false, ACT_NEWCOMER, "N"},
	{'E', false, ACT_SESSION_FIELDS, "E"},
	{'P', false, ACT_PARK, "P"},
	{'L', false, ACT_PARKING, "L"},
	{'p', false, ACT_PRESENT, "p"},
	{27, false, ACT_PRESENT_END, "Esc"},
	{'J', false, ACT_ROOM, "J"},
	{'A', false, ACT_ROOM_ACCEPT, "A"},
	{'X', false, ACT_ROOM_REFUSE, "X"},
	{'Q', false, ACT_ROOM_QR, "Q"},
	{CTRL('l'), false, ACT_REFRESH, "Ctrl-L"},
};

enum { NBINDINGS = sizeof bindings / sizeof bindings[0] };

/* How a hint names an action's keys where its first binding would not do
 * (Enter edits too, but e is the key to tell a room). */
static const struct {
	enum action action;
	const char *keys;
} hint_keys[] = {
	{ACT_EDIT, "e"},
	{ACT_DIGIT, "digits"},
};

static bool applies(enum action a, unsigned contexts)
{
	return (contexts_of[a] & (contexts | CTX_GLOBAL)) != 0;
}

enum action actions_for_key(int key, bool is_code, unsigned contexts, int *digit)
{
	*digit = -1;
	if (!is_code && key >= '0' && key <= '9' && applies(ACT_DIGIT, contexts)) {
		*digit = key - '0';
		return ACT_DIGIT;
	}
	if (!is_code && key >= '1' && key <= '9' && applies(ACT_RATE, contexts)) {
		*digit = key - '0';
		return ACT_RATE;
	}
	for (size_t i = 0; i < NBINDINGS; i++) {
		const struct binding *b = &bindings[i];
		if (b->key == key && b->code == is_code && applies(b->action, contexts)) {
			if (b->action == ACT_CLEAR && !is_code)
				*digit = 0;
			return b->action;
		}
	}
	return ACT_NONE;
}

/* What changes the session; everything else only looks or moves about
 * (stages, lists, timers, the parking lot shown, presentation mode). */
static const enum action editing[] = {
	ACT_RATE, ACT_CLEAR, ACT_NOTE, ACT_EDIT_NOTE, ACT_DELETE_NOTE, ACT_ADD_PERSON,
	ACT_RENAME_PERSON, ACT_REMOVE_PERSON, ACT_ADD, ACT_EDIT, ACT_DELETE, ACT_MOVE_DOWN,
	ACT_MOVE_UP, ACT_RATINGS, ACT_STATUS, ACT_HORIZON, ACT_OWNER, ACT_MEASURE, ACT_BALLOT,
	ACT_REVEAL, ACT_RUNOFF, ACT_VOTE_AS, ACT_CLOSE_BALLOT, ACT_WALL, ACT_DIGIT, ACT_ERASE,
	ACT_CONFIRM, ACT_CLOSE, ACT_UNDO, ACT_NEWCOMER, ACT_SESSION_FIELDS, ACT_PARK,
};

bool action_edits(enum action a)
{
	for (size_t i = 0; i < sizeof editing / sizeof editing[0]; i++)
		if (editing[i] == a)
			return true;
	return false;
}

const char *action_help(enum action a)
{
	return (unsigned)a < ACT_COUNT ? helps[a] : "";
}

unsigned action_context(enum action a)
{
	return (unsigned)a < ACT_COUNT ? contexts_of[a] : 0;
}

/* Whether an earlier binding of the action has the same key name
 * (Enter is bound as three codes, shown once). */
static bool named_before(enum action a, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (bindings[k].action == a && strcmp(bindings[k].name, bindings[i].name) == 0)
			return true;
	return false;
}

/* Whether an earlier binding of the same key wins in these contexts. */
static bool shadowed(size_t i, unsigned contexts)
{
	for (size_t k = 0; k < i; k++)
		if (bindings[k].key == bindings[i].key && bindings[k].code == bindings[i].code &&
		    bindings[k].action != bindings[i].action && applies(bindings[k].action, contexts))
			return true;
	return false;
}

void action_keys(enum action a, unsigned contexts, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < NBINDINGS && used < size; i++) {
		if (bindings[i].action != a || named_before(a, i) || shadowed(i, contexts))
			continue;
		int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
				 bindings[i].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

void action_hint_keys(enum action a, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t i = 0; i < sizeof hint_keys / sizeof hint_keys[0]; i++) {
		if (hint_keys[i].action == a) {
			snprintf(out, size, "%s", hint_keys[i].keys);
			return;
		}
	}
	for (size_t i = 0; i < NBINDINGS; i++) {
		if (bindings[i].action == a) {
			snprintf(out, size, "%s", bindings[i].name);
			return;
		}
	}
}
