/* A tally from a paper wall: the facilitator types the count of each step,
 * Enter saves it and goes on to the next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/stages.h"

struct tally {
	size_t ballot;
	size_t sel;
	char typed[12];         /* the digits typed for the selected step */
};

static struct tally *tally_of(const struct app *app)
{
	return ui_state(app, SCREEN_TALLY);
}

void vote_show_tally(struct app *app, size_t ballot)
{
	struct tally *t = tally_of(app);
	*t = (struct tally){.ballot = ballot};
	ui_show(app, SCREEN_TALLY);
}

static const struct hint hints[] = {
	HINT(ACT_DIGIT, "type the count"), HINT(ACT_CONFIRM, "saves it"),
	HINT2(ACT_UP, ACT_DOWN, "/", "step"), HINT(ACT_REVEAL, "reveal"), HINT(ACT_BACK, "back"),
	HINTS_END,
};

static void draw(struct app *app, int top, int height)
{
	const struct tally *t = tally_of(app);
	const struct ballot *b = &app->ws->s->ballots[t->ballot];
	char line[300];
	vote_describe(app, t->ballot, line, sizeof line);
	ui_text(app, top, 2, app->cols - 4, line, ROLE_TITLE, false);
	long total = ballot_total_points(b), expected = ballot_expected_dots(b);
	if (expected > 0)
		snprintf(line, sizeof line, "counted %ld of %ld dots expected (%ld people x %d)",
			 total, expected, b->tally_voters, b->budget);
	else
		snprintf(line, sizeof line, "counted %ld in all", total);
	ui_text(app, top + 1, 2, app->cols - 4, line,
		expected > 0 && total != expected ? ROLE_WARN : ROLE_ACCENT, false);
	size_t first = list_top(t->sel, b->ncandidates, height - 4);
	for (size_t c = first; c < b->ncandidates && (int)(c - first) < height - 4; c++) {
		int y = top + 3 + (int)(c - first);
		bool sel = c == t->sel;
		enum role role = sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 2, app->cols - 4, role);
		ui_text(app, y, 4, app->cols - 20, vote_candidate_text(app, b, c), role, false);
		if (sel && t->typed[0])
			snprintf(line, sizeof line, "%s_", t->typed);
		else
			snprintf(line, sizeof line, "%ld", b->points[c]);
		ui_text(app, y, app->cols - 12, 8, line, role, false);
	}
	ui_hints(app, top + height - 1, 2, app->cols - 4, hints, "   ");
}

static bool is_move(enum action a)
{
	return a == ACT_UP || a == ACT_DOWN || a == ACT_TOP || a == ACT_BOTTOM ||
	       a == ACT_PAGE_UP || a == ACT_PAGE_DOWN;
}

/* Saves what was typed for the selected step; true when nothing was lost. */
static bool save_typed(struct app *app, struct tally *t)
{
	struct error err;
	if (t->typed[0] == '\0')
		return true;
	long points = strtol(t->typed, NULL, 10);
	if (ws_set_tally(app->ws, t->ballot, t->sel, points, &err)) {
		ui_error(app, &err);
		return false;
	}
	t->typed[0] = '\0';
	return true;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	struct tally *t = tally_of(app);
	size_t n = app->ws->s->ballots[t->ballot].ncandidates;
	size_t len = strlen(t->typed);
	switch (action) {
	case ACT_DIGIT:
		if (len + 1 >= 7)
			return UI_IGNORED;
		t->typed[len] = (char)('0' + digit);
		t->typed[len + 1] = '\0';
		return UI_REDRAW;
	case ACT_ERASE:
		if (len == 0)
			return UI_IGNORED;
		t->typed[len - 1] = '\0';
		return UI_REDRAW;
	case ACT_CONFIRM:
		if (save_typed(app, t) && t->sel + 1 < n)
			t->sel++;
		return UI_REDRAW;
	case ACT_REVEAL:
		if (save_typed(app, t))
			vote_ask_reveal(app, t->ballot);
		return UI_REDRAW;
	case ACT_BACK:
		if (save_typed(app, t))
			ui_show(app, SCREEN_STEPS);
		return UI_REDRAW;
	default:
		if (!is_move(action))
			return UI_IGNORED;
		/* Moving away keeps what was typed: it is saved first. */
		if (!save_typed(app, t))
			return UI_REDRAW;
		return len ? UI_REDRAW | list_move(&t->sel, n, action, 10)
			   : list_move(&t->sel, n, action, 10);
	}
}

static void update(struct app *app)
{
	struct tally *t = tally_of(app);
	if (t->ballot >= app->ws->s->nballots)
		ui_show(app, SCREEN_STEPS);
	else
		list_clamp(&t->sel, app->ws->s->ballots[t->ballot].ncandidates);
}

const struct screen_ops tally_screen = {
	.name = "tally",
	.contexts = CTX_TALLY,
	.state_size = sizeof(struct tally),
	.in_session = true,
	.update = update,
	.draw = draw,
	.act = act,
};
