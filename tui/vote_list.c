/* Every ballot of the session, kept and listed (b on the steps): its
 * method, status and voters; Enter shows a revealed one's results again,
 * or an open one's lobby. And the run-off (o): a ranked or approval
 * ballot on the top places of a revealed one. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/mem.h"
#include "tui/stages.h"

struct ballots {
	size_t sel;
	ptrdiff_t points_from;  /* the ballot whose points the steps show, or -1 */
};

static struct ballots *ballots_of(const struct app *app)
{
	return ui_state(app, SCREEN_BALLOTS);
}

void vote_show_ballots(struct app *app)
{
	const struct session *s = app->ws->s;
	ballots_of(app)->sel = s->nballots ? s->nballots - 1 : 0;
	ui_show(app, SCREEN_BALLOTS);
}

static void voters_text(const struct app *app, const struct ballot *b, char *out, size_t size)
{
	if (b->entry == BALLOT_ENTRY_TALLY)
		snprintf(out, size, "%ld at the wall", b->tally_voters);
	else
		snprintf(out, size, "%ld of %zu voted", ballot_voter_count(b),
			 session_expected_voters(app->ws->s, b));
}

static void ballot_row(struct app *app, int y, size_t i, enum role role)
{
	const struct ballot *b = &app->ws->s->ballots[i];
	char what[120], voters[48];
	snprintf(what, sizeof what, "%2zu  %s, %s", i + 1, ballot_method_label(b->method),
		 b->anonymous ? "anonymous" : "named");
	voters_text(app, b, voters, sizeof voters);
	int what_w = app->cols - 46;
	ui_fill(app, y, 2, app->cols - 4, role);
	ui_text(app, y, 4, what_w, what, role, false);
	ui_textf(app, y, 5 + what_w, 48, role, "%-9s %-16s %zu steps%s",
		 ballot_status_label(b->status), voters, b->ncandidates,
		 ballots_of(app)->points_from == (ptrdiff_t)i ? "  *" : "");
}

static const struct hint hints[] = {
	HINT(ACT_SHOW_BALLOT, "show"), HINT(ACT_RUNOFF, "run-off"),
	HINT(ACT_BACK, "back to the steps"), HINTS_END,
};

static void draw(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	size_t sel = ballots_of(app)->sel;
	ui_text(app, top, 2, app->cols - 4, "The session's ballots, every one kept", ROLE_TITLE,
		false);
	if (s->nballots == 0) {
		ui_text(app, top + 2, 4, app->cols - 8, "No ballot yet: v on the steps opens one.",
			ROLE_MUTED, false);
	}
	size_t first = list_top(sel, s->nballots, height - 5);
	for (size_t i = first; i < s->nballots && (int)(i - first) < height - 5; i++)
		ballot_row(app, top + 2 + (int)(i - first), i,
			   i == sel ? ROLE_SELECTION : ROLE_TEXT);
	if (ballots_of(app)->points_from >= 0)
		ui_text(app, top + height - 3, 4, app->cols - 8,
			"* the ballot whose points and ranks the steps show", ROLE_MUTED, false);
	ui_hints(app, top + height - 1, 2, app->cols - 4, hints, "   ");
}

static unsigned show(struct app *app, size_t i)
{
	if (i >= app->ws->s->nballots)
		return UI_IGNORED;
	if (app->ws->s->ballots[i].status == BALLOT_REVEALED)
		vote_show_results(app, i, true);
	else
		vote_show_ballot(app, i);
	return UI_REDRAW;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct ballots *l = ballots_of(app);
	switch (action) {
	case ACT_SHOW_BALLOT:
		return show(app, l->sel);
	case ACT_RUNOFF:
		if (app->ws->s->nballots)
			vote_ask_runoff(app, l->sel);
		return UI_REDRAW;
	case ACT_BACK:
		ui_show(app, SCREEN_STEPS);
		return UI_REDRAW;
	default:
		return list_move(&l->sel, app->ws->s->nballots, action, 10);
	}
}

static void update(struct app *app)
{
	list_clamp(&ballots_of(app)->sel, app->ws->s->nballots);
	ballots_of(app)->points_from = session_points_ballot(app->ws->s);
}

const struct screen_ops ballots_screen = {
	.name = "ballots",
	.contexts = CTX_BALLOTS,
	.state_size = sizeof(struct ballots),
	.in_session = true,
	.update = update,
	.draw = draw,
	.act = act,
};

/* ---- the run-off ---- */

static const char *const runoff_methods[] = {"ranked (Borda)", "approval"};
static const char *const runoff_secrecy[] = {"anonymous", "named"};

struct runoff {
	size_t from;
};

static bool runoff_done(struct app *app, void *ctx)
{
	const struct runoff *r = ctx;
	struct error err = {0};
	char *end;
	long top = strtol(ui_form_value(app, 1), &end, 10);
	if (*end != '\0' || top < 2 || top > 99) {
		ui_message(app, ROLE_BAD, "%s", "the top places are a whole number, 2 or more");
		return false;
	}
	enum ballot_method method = ui_form_choice_of(app, 0) == 0 ? BALLOT_RANKED
								   : BALLOT_APPROVAL;
	size_t index, taken;
	if (ws_open_runoff(app->ws, method, r->from, (int)top, ui_form_choice_of(app, 2) == 0,
			   &index, &taken, &err)) {
		ui_error(app, &err);
		return false;
	}
	vote_show_lobby(app, index);
	if (taken > (size_t)top)
		ui_message(app, ROLE_WARN, "run-off of ballot %zu: %zu steps, not %ld: every step "
			   "tied at place %ld is kept in", r->from + 1, taken, top, top);
	else
		ui_message(app, ROLE_GOOD, "run-off of ballot %zu: its top %zu steps", r->from + 1,
			   taken);
	return true;
}

void vote_ask_runoff(struct app *app, size_t from)
{
	const struct ballot *b = &app->ws->s->ballots[from];
	if (b->status != BALLOT_REVEALED) {
		ui_message(app, ROLE_MUTED, "%s", "a run-off follows a revealed ballot: r reveals");
		return;
	}
	char title[80];
	snprintf(title, sizeof title, "Run-off of ballot %zu: its top places only", from + 1);
	struct runoff *r = xmalloc(sizeof *r);
	r->from = from;
	ui_form_open(app, title, runoff_done, r, free);
	ui_form_choice(app, "Method", runoff_methods, 2, 0);
	ui_form_number(app, "Top places", b->ncandidates > 3 ? "3" : "2");
	ui_form_choice(app, "Ballots", runoff_secrecy, 2, b->anonymous ? 0 : 1);
	ui_message(app, ROLE_MUTED, "%s", "steps tied at the last place are all kept in");
}
