/* A secret ballot's lobby: who has voted and who still has to (never
 * what), live as phones vote; each voter left picks their name and takes
 * the keyboard. After each ballot cast, a page that shows
 * nothing, for the keyboard to be passed on. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/mem.h"
#include "lib/utf8.h"
#include "tui/bigtext.h"
#include "model/session_items.h"
#include "tui/stages.h"

/* The highlight belongs to a person, not to a row: when someone else
 * votes (from a phone) the rows move up and the highlight stays with
 * whoever it was on. */
struct lobby {
	size_t ballot;
	size_t sel;
	int64_t chosen;                 /* the participant highlighted; 0: the first */
	size_t *waiting;                /* participant indexes still to vote */
	size_t nwaiting;
	char voted[400];                /* "Voted: Ana, Bo", in the session's order */
};

static struct lobby *lobby_of(const struct app *app)
{
	return ui_state(app, SCREEN_LOBBY);
}

void vote_show_lobby(struct app *app, size_t ballot)
{
	struct lobby *l = lobby_of(app);
	l->ballot = ballot;
	l->sel = 0;
	l->chosen = 0;
	ui_show(app, SCREEN_LOBBY);
}

/* The row of the person highlighted, or of the first after them in the
 * session's order who is still to vote. */
static void follow_chosen(struct lobby *l, const struct session *s)
{
	ptrdiff_t at = l->chosen ? session_find_item(s, LIST_PARTICIPANTS, l->chosen) : -1;
	l->sel = 0;
	for (size_t k = 0; at >= 0 && k < l->nwaiting; k++) {
		if (l->waiting[k] >= (size_t)at) {
			l->sel = k;
			break;
		}
	}
	list_clamp(&l->sel, l->nwaiting);
	l->chosen = l->nwaiting ? s->participants[l->waiting[l->sel]].id : 0;
}

static void update(struct app *app)
{
	struct lobby *l = lobby_of(app);
	const struct session *s = app->ws->s;
	if (l->ballot >= s->nballots) {
		ui_show(app, SCREEN_STEPS);
		return;
	}
	const struct ballot *b = &s->ballots[l->ballot];
	free(l->waiting);
	l->waiting = xcalloc(s->nparticipants + 1, sizeof *l->waiting);
	l->nwaiting = 0;
	size_t n = 0;
	l->voted[0] = '\0';
	for (size_t p = 0; p < s->nparticipants; p++) {
		if (!ballot_has_voted(b, s->participants[p].id)) {
			if (session_participant_here(s, p))     /* who left votes no more */
				l->waiting[l->nwaiting++] = p;
			continue;
		}
		int w = snprintf(l->voted + n, sizeof l->voted - n, "%s%s",
				 n == 0 ? "Voted: " : ", ", s->participants[p].name);
		n = w < 0 || (size_t)w >= sizeof l->voted - n ? sizeof l->voted - 1 : n + (size_t)w;
	}
	follow_chosen(l, s);
}

static void reset(struct app *app)
{
	struct lobby *l = lobby_of(app);
	free(l->waiting);
	*l = (struct lobby){0};
}

static const struct hint lobby_hints[] = {
	HINT(ACT_VOTE_AS, "vote"), HINT(ACT_WALL, "paper wall"), HINT(ACT_CLOSE_BALLOT, "close"),
	HINT(ACT_REVEAL, "reveal"), HINT(ACT_BACK, "back to the steps"), HINTS_END,
};

static void draw_waiting(struct app *app, const struct lobby *l, int top, int height)
{
	const struct session *s = app->ws->s;
	ui_text(app, top, 4, app->cols - 8, "Still to vote (pick your name, Enter):", ROLE_MUTED,
		false);
	size_t first = list_top(l->sel, l->nwaiting, height - 6);
	for (size_t k = first; k < l->nwaiting && (int)(k - first) < height - 6; k++) {
		int y = top + 1 + (int)(k - first);
		enum role role = k == l->sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 4, 40, role);
		ui_text(app, y, 6, 36, s->participants[l->waiting[k]].name, role, false);
	}
}

static void draw(struct app *app, int top, int height)
{
	const struct lobby *l = lobby_of(app);
	const struct session *s = app->ws->s;
	char line[300];
	vote_describe(app, l->ballot, line, sizeof line);
	ui_text(app, top, 2, app->cols - 4, line, ROLE_TITLE, false);
	const struct ballot *b = &s->ballots[l->ballot];
	int n = snprintf(line, sizeof line, "%ld of %zu have voted", ballot_voter_count(b),
			 session_expected_voters(s, b));
	if (b->tally_voters > 0 && n > 0)
		snprintf(line + n, sizeof line - (size_t)n, " (%ld at the paper wall)",
			 b->tally_voters);
	ui_text(app, top + 1, 2, app->cols - 4, line, ROLE_ACCENT, false);
	ui_text(app, top + 2, 2, app->cols - 4, l->voted, ROLE_MUTED, false);
	if (l->nwaiting == 0 || vote_everyone_voted(app, b))
		ui_text(app, top + 3, 4, app->cols - 8, "Everyone has voted. r reveals the results.",
			ROLE_GOOD, false);
	else if (b->status != BALLOT_OPEN)
		ui_text(app, top + 3, 4, app->cols - 8, "The ballot is closed: nobody else can "
			"vote. r reveals the results.", ROLE_GOOD, false);
	else
		draw_waiting(app, l, top + 3, height);
	ui_hints(app, top + height - 1, 2, app->cols - 4, lobby_hints, "   ");
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct lobby *l = lobby_of(app);
	const struct ballot *b = &app->ws->s->ballots[l->ballot];
	switch (action) {
	case ACT_VOTE_AS:
		if (l->nwaiting == 0 || b->status != BALLOT_OPEN)
			return UI_IGNORED;
		vote_show_casting(app, l->ballot, l->waiting[l->sel]);
		return UI_REDRAW;
	case ACT_CLOSE_BALLOT:
		vote_ask_close(app, l->ballot);
		return UI_REDRAW;
	case ACT_REVEAL:
		vote_ask_reveal(app, l->ballot);
		return UI_REDRAW;
	case ACT_NEWCOMER:      /* someone came late: they vote too */
		people_open_newcomer(app);
		return UI_REDRAW;
	case ACT_WALL:
		if (b->status != BALLOT_OPEN || !ballot_entry_fits(b->method, BALLOT_ENTRY_TALLY)) {
			ui_message(app, ROLE_MUTED, "%s", "a paper wall counts dots or approvals, "
				   "while the ballot is open");
			return UI_REDRAW;
		}
		vote_show_tally(app, l->ballot);
		return UI_REDRAW;
	case ACT_BACK:
		ui_show(app, SCREEN_STEPS);
		return UI_REDRAW;
	default: {
		unsigned flags = list_move(&l->sel, l->nwaiting, action, 10);
		if (flags & UI_REDRAW)
			l->chosen = app->ws->s->participants[l->waiting[l->sel]].id;
		return flags;
	}
	}
}

const struct screen_ops lobby_screen = {
	.name = "ballot lobby",
	.contexts = CTX_LOBBY,
	.state_size = sizeof(struct lobby),
	.in_session = true,
	.update = update,
	.reset = reset,
	.draw = draw,
	.act = act,
};

/* ---- between two voters: a page that shows nothing ---- */

struct pass {
	size_t ballot;
};

void vote_show_pass(struct app *app, size_t ballot)
{
	((struct pass *)ui_state(app, SCREEN_PASS))->ballot = ballot;
	ui_show(app, SCREEN_PASS);
}

static void draw_pass(struct app *app, int top, int height)
{
	size_t ballot = ((struct pass *)ui_state(app, SCREEN_PASS))->ballot;
	bool all = vote_everyone_voted(app, &app->ws->s->ballots[ballot]);
	const char *word = all ? "DONE" : "NEXT";
	int w = (int)bigtext_width(word);
	struct sbuf rows[BIGTEXT_ROWS];
	for (int r = 0; r < BIGTEXT_ROWS; r++)
		rows[r] = (struct sbuf)SBUF_INIT;
	bigtext_render(word, (size_t)app->cols - 4, rows);
	int y = top + height / 2 - 4;
	for (int r = 0; r < BIGTEXT_ROWS; r++) {
		ui_text(app, y + r, (app->cols - w) / 2, w, sbuf_str(&rows[r]), ROLE_TITLE, false);
		sbuf_free(&rows[r]);
	}
	const char *say = all ? "Thank you. Everyone has voted: r reveals the results, "
				"Enter goes back to the ballot."
			      : "Thank you. Pass the keyboard on; the next voter presses Enter.";
	int sw = (int)utf8_width(say);
	ui_text(app, y + BIGTEXT_ROWS + 2, (app->cols - sw) / 2, sw, say, ROLE_TEXT, false);
}

/* Enter (or q) leads back to the lobby, r reveals, c closes; a key that
 * would move the lobby's highlight moves nothing from here, so that the
 * next voter finds the first name still to vote highlighted. */
static unsigned act_pass(struct app *app, enum action action, int digit)
{
	(void)digit;
	size_t ballot = ((struct pass *)ui_state(app, SCREEN_PASS))->ballot;
	switch (action) {
	case ACT_VOTE_AS:
	case ACT_BACK:
		vote_show_lobby(app, ballot);
		return UI_REDRAW;
	case ACT_REVEAL:
		vote_ask_reveal(app, ballot);
		return UI_REDRAW;
	case ACT_CLOSE_BALLOT:
		vote_ask_close(app, ballot);
		return UI_REDRAW;
	case ACT_UP: case ACT_DOWN: case ACT_TOP: case ACT_BOTTOM: case ACT_PAGE_UP:
	case ACT_PAGE_DOWN: case ACT_WALL:
		ui_message(app, ROLE_MUTED, "%s", "Enter first: the ballot's names come back");
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static void pass_update(struct app *app)
{
	if (((struct pass *)ui_state(app, SCREEN_PASS))->ballot >= app->ws->s->nballots)
		ui_show(app, SCREEN_STEPS);
}

const struct screen_ops pass_screen = {
	.name = "pass the keyboard",
	.contexts = CTX_LOBBY,
	.state_size = sizeof(struct pass),
	.in_session = true,
	.update = pass_update,
	.draw = draw_pass,
	.act = act_pass,
};
