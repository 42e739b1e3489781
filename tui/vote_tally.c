/* A tally from a paper wall: the facilitator types the count of each step,
 * Enter saves it and goes on to the next. On a secret ballot the wall is
 * on top of the votes cast: its first row is how many voted there. */
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

/* A secret ballot's wall: row 0 is its people, row r step r - 1. */
static size_t people_rows(const struct ballot *b)
{
	return b->entry == BALLOT_ENTRY_SECRET ? 1 : 0;
}

static size_t rows_of(const struct ballot *b)
{
	return b->ncandidates + people_rows(b);
}

static long count_at(const struct ballot *b, size_t row)
{
	if (row < people_rows(b))
		return b->tally_voters;
	size_t c = row - people_rows(b);
	return b->entry == BALLOT_ENTRY_SECRET ? b->wall[c] : b->points[c];
}

static const char *label_at(const struct app *app, const struct ballot *b, size_t row)
{
	return row < people_rows(b) ? "people who voted at the paper wall"
				    : vote_candidate_text(app, b, row - people_rows(b));
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
	if (people_rows(b)) {
		/* The votes cast stay secret: only the wall's own count shows. */
		long wall = 0;
		for (size_t c = 0; c < b->ncandidates; c++)
			wall += b->wall[c];
		snprintf(line, sizeof line, "the paper wall, on top of %zu votes cast here: "
			 "counted %ld there", b->nvoters, wall);
	} else if (expected > 0) {
		snprintf(line, sizeof line, "counted %ld of %ld dots expected (%ld people x %d)",
			 total, expected, b->tally_voters, b->budget);
	} else {
		snprintf(line, sizeof line, "counted %ld in all", total);
	}
	ui_text(app, top + 1, 2, app->cols - 4, line,
		!people_rows(b) && expected > 0 && total != expected ? ROLE_WARN : ROLE_ACCENT,
		false);
	size_t n = rows_of(b), first = list_top(t->sel, n, height - 4);
	for (size_t r = first; r < n && (int)(r - first) < height - 4; r++) {
		int y = top + 3 + (int)(r - first);
		bool sel = r == t->sel;
		enum role role = sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 2, app->cols - 4, role);
		ui_text(app, y, 4, app->cols - 20, label_at(app, b, r), role, false);
		if (sel && t->typed[0])
			snprintf(line, sizeof line, "%s_", t->typed);
		else
			snprintf(line, sizeof line, "%ld", count_at(b, r));
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
	const struct ballot *b = &app->ws->s->ballots[t->ballot];
	size_t people = people_rows(b);
	enum err_code code = t->sel < people
		? ws_set_wall_voters(app->ws, t->ballot, points, &err)
		: ws_set_tally(app->ws, t->ballot, t->sel - people, points, &err);
	if (code) {
		ui_error(app, &err);
		return false;
	}
	t->typed[0] = '\0';
	return true;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	struct tally *t = tally_of(app);
	const struct ballot *b = &app->ws->s->ballots[t->ballot];
	size_t n = rows_of(b);
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
		if (!save_typed(app, t))
			return UI_REDRAW;
		if (people_rows(&app->ws->s->ballots[t->ballot]))
			vote_show_lobby(app, t->ballot);
		else
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
		list_clamp(&t->sel, rows_of(&app->ws->s->ballots[t->ballot]));
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
