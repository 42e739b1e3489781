/* One person's own ballot: dots, approvals, a ranking or scores, seen by
 * them alone, kept only while they vote and wiped once cast. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "tui/stages.h"

/* The voter and their choices, kept only while they vote. */
struct casting {
	size_t ballot;
	size_t voter;           /* participant index */
	size_t sel;             /* the selected candidate */
	int column;             /* scoring: 0 impact, 1 effort */
	int *dots, *impact, *effort;
	bool *approve;
	size_t *order, norder;
};

static struct casting *casting_of(const struct app *app)
{
	return ui_state(app, SCREEN_CASTING);
}

static struct ballot *ballot_of(const struct app *app)
{
	return &app->ws->s->ballots[casting_of(app)->ballot];
}

static void wipe_choices(struct casting *v)
{
	free(v->dots);
	free(v->impact);
	free(v->effort);
	free(v->approve);
	free(v->order);
	v->dots = v->impact = v->effort = NULL;
	v->approve = NULL;
	v->order = NULL;
	v->norder = 0;
}

static void fresh_choices(struct casting *v, size_t n)
{
	wipe_choices(v);
	v->dots = xcalloc(n + 1, sizeof *v->dots);
	v->impact = xcalloc(n + 1, sizeof *v->impact);
	v->effort = xcalloc(n + 1, sizeof *v->effort);
	v->approve = xcalloc(n + 1, sizeof *v->approve);
	v->order = xcalloc(n + 1, sizeof *v->order);
}

void vote_show_casting(struct app *app, size_t ballot, size_t voter)
{
	struct casting *v = casting_of(app);
	v->ballot = ballot;
	v->voter = voter;
	v->sel = 0;
	v->column = 0;
	fresh_choices(v, app->ws->s->ballots[ballot].ncandidates);
	ui_show(app, SCREEN_CASTING);
}

/* Whatever way the screen is left, the choices go. */
static void casting_leave(struct app *app)
{
	wipe_choices(casting_of(app));
}

static void casting_reset(struct app *app)
{
	struct casting *v = casting_of(app);
	wipe_choices(v);
	*v = (struct casting){0};
}

static int dots_used(const struct app *app)
{
	const struct ballot *b = ballot_of(app);
	const struct casting *v = casting_of(app);
	int used = 0;
	for (size_t c = 0; c < b->ncandidates; c++)
		used += v->dots[c];
	return used;
}

static void casting_status(struct app *app, const struct ballot *b, char *out, size_t size)
{
	const char *name = app->ws->s->participants[casting_of(app)->voter].name;
	switch (b->method) {
	case BALLOT_DOTS:
		snprintf(out, size, "%s: %d of %d dots left (at most %d on one step)", name,
			 b->budget - dots_used(app), b->budget, b->cap);
		break;
	case BALLOT_APPROVAL:
		snprintf(out, size, "%s: Space approves a step; approve as many as you like", name);
		break;
	case BALLOT_RANKED:
		snprintf(out, size, "%s: Space ranks the selected step next (%zu ranked so far)",
			 name, casting_of(app)->norder);
		break;
	default:
		snprintf(out, size, "%s: type impact and effort, %d-%d (Tab switches)", name,
			 b->score_min, b->score_max);
		break;
	}
}

static size_t rank_of(const struct casting *v, size_t c)
{
	for (size_t k = 0; k < v->norder; k++)
		if (v->order[k] == c)
			return k + 1;
	return 0;
}

static void choice_text(const struct app *app, const struct ballot *b, size_t c, char *out,
			size_t size)
{
	const struct casting *v = casting_of(app);
	size_t n = 0;
	out[0] = '\0';
	switch (b->method) {
	case BALLOT_DOTS:
		for (int k = 0; k < v->dots[c] && n + 4 < size; k++)
			n += (size_t)snprintf(out + n, size - n, "%s", "● ");
		break;
	case BALLOT_APPROVAL:
		snprintf(out, size, "%s", v->approve[c] ? "[x]" : "[ ]");
		break;
	case BALLOT_RANKED: {
		size_t r = rank_of(v, c);
		if (r)
			snprintf(out, size, "#%zu", r);
		break;
	}
	default:
		snprintf(out, size, "impact %c%c%c  effort %c%c%c",
			 v->column == 0 && c == v->sel ? '[' : ' ',
			 v->impact[c] ? '0' + v->impact[c] : '.',
			 v->column == 0 && c == v->sel ? ']' : ' ',
			 v->column == 1 && c == v->sel ? '[' : ' ',
			 v->effort[c] ? '0' + v->effort[c] : '.',
			 v->column == 1 && c == v->sel ? ']' : ' ');
		break;
	}
}

static const struct hint hints[] = {
	HINT2(ACT_MORE, ACT_LESS, " ", "dots"), HINT(ACT_TOGGLE, "approve/rank"),
	HINT(ACT_DIGIT, "score"), HINT(ACT_CONFIRM, "cast"), HINT(ACT_CANCEL, "hand back without voting"),
	HINTS_END,
};

static void casting_draw(struct app *app, int top, int height)
{
	const struct ballot *b = ballot_of(app);
	const struct casting *v = casting_of(app);
	char line[300];
	ui_textf(app, top, 2, app->cols - 4, ROLE_TITLE, "%s's own ballot: nobody else is "
		 "looking (not %s? Esc hands it back)", app->ws->s->participants[v->voter].name,
		 app->ws->s->participants[v->voter].name);
	casting_status(app, b, line, sizeof line);
	ui_text(app, top + 1, 2, app->cols - 4, line, ROLE_ACCENT, false);
	size_t first = list_top(v->sel, b->ncandidates, height - 4);
	int choice_w = 30;
	for (size_t c = first; c < b->ncandidates && (int)(c - first) < height - 4; c++) {
		int y = top + 3 + (int)(c - first);
		enum role role = c == v->sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 2, app->cols - 4, role);
		ui_text(app, y, 4, app->cols - 10 - choice_w, vote_candidate_text(app, b, c), role,
			false);
		choice_text(app, b, c, line, sizeof line);
		ui_text(app, y, app->cols - 4 - choice_w, choice_w, line, role, false);
	}
	ui_hints(app, top + height - 1, 2, app->cols - 4, hints, "   ");
}

/* A dot more or less; at the cap, the budget or zero, a beep and no change. */
static unsigned change_dots(struct app *app, const struct ballot *b, int delta)
{
	struct casting *v = casting_of(app);
	int *d = &v->dots[v->sel];
	if ((delta > 0 && (*d >= b->cap || dots_used(app) >= b->budget)) ||
	    (delta < 0 && *d == 0)) {
		beep();
		return UI_IGNORED;
	}
	*d += delta;
	return UI_REDRAW;
}

static void toggle_rank(struct casting *v)
{
	size_t r = rank_of(v, v->sel);
	if (r == 0) {
		v->order[v->norder++] = v->sel;
		return;
	}
	memmove(&v->order[r - 1], &v->order[r], (v->norder - r) * sizeof *v->order);
	v->norder--;
}

static unsigned set_score(struct app *app, const struct ballot *b, int score)
{
	struct casting *v = casting_of(app);
	if (score < b->score_min || score > b->score_max) {
		beep();
		return UI_IGNORED;
	}
	int *cell = v->column == 0 ? &v->impact[v->sel] : &v->effort[v->sel];
	*cell = score;
	if (v->column == 0)
		v->column = 1;
	else if (v->sel + 1 < b->ncandidates) {
		v->column = 0;
		v->sel++;
	}
	return UI_REDRAW;
}

static void cast_confirmed(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	struct casting *v = casting_of(app);
	struct ballot_vote vote = {v->dots, v->approve, v->order, v->norder, v->impact,
				   v->effort};
	if (ws_cast(app->ws, v->ballot, v->voter, &vote, &err)) {
		ui_error(app, &err);
		return;
	}
	vote_show_pass(app, v->ballot);
}

static bool has_choices(const struct casting *v, size_t n)
{
	if (v->norder > 0)
		return true;
	for (size_t c = 0; c < n; c++)
		if (v->dots[c] || v->approve[c] || v->impact[c] || v->effort[c])
			return true;
	return false;
}

/* The voter hands the keyboard back without voting: their name stays
 * among those still to vote, and nothing they chose is kept. */
static void hand_back(struct app *app, void *ctx)
{
	(void)ctx;
	struct casting *v = casting_of(app);
	const char *name = app->ws->s->participants[v->voter].name;
	char said[200];
	snprintf(said, sizeof said, "%s did not vote and is still to vote; nothing was kept",
		 name);
	vote_show_lobby(app, v->ballot);
	ui_message(app, ROLE_MUTED, "%s", said);
}

static void ask_hand_back(struct app *app)
{
	struct casting *v = casting_of(app);
	if (!has_choices(v, ballot_of(app)->ncandidates)) {
		hand_back(app, NULL);
		return;
	}
	char question[200];
	snprintf(question, sizeof question, "Leave without voting? The choices made here are "
		 "thrown away; %s can vote later.", app->ws->s->participants[v->voter].name);
	ui_confirm(app, question, hand_back, NULL, NULL);
}

static unsigned casting_act(struct app *app, enum action action, int digit)
{
	struct ballot *b = ballot_of(app);
	struct casting *v = casting_of(app);
	switch (action) {
	case ACT_MORE:
	case ACT_LESS:
		if (b->method != BALLOT_DOTS)
			return UI_IGNORED;
		return change_dots(app, b, action == ACT_MORE ? 1 : -1);
	case ACT_TOGGLE:
		if (b->method == BALLOT_APPROVAL)
			v->approve[v->sel] = !v->approve[v->sel];
		else if (b->method == BALLOT_RANKED)
			toggle_rank(v);
		else
			return UI_IGNORED;
		return UI_REDRAW;
	case ACT_SCORE_COLUMN:
		if (b->method != BALLOT_SCORING)
			return UI_IGNORED;
		v->column = !v->column;
		return UI_REDRAW;
	case ACT_DIGIT:
		return b->method == BALLOT_SCORING ? set_score(app, b, digit) : UI_IGNORED;
	case ACT_CONFIRM:
		ui_confirm(app, "Cast this ballot? It cannot be changed afterwards.",
			   cast_confirmed, NULL, NULL);
		return UI_REDRAW;
	case ACT_CANCEL:
	case ACT_BACK:
		ask_hand_back(app);
		return UI_REDRAW;
	default:
		return list_move(&v->sel, b->ncandidates, action, 10);
	}
}

static void casting_update(struct app *app)
{
	if (casting_of(app)->ballot >= app->ws->s->nballots)
		ui_show(app, SCREEN_STEPS);
}

const struct screen_ops casting_screen = {
	.name = "ballot",
	.contexts = CTX_CASTING,
	.state_size = sizeof(struct casting),
	.in_session = true,
	.leave = casting_leave,
	.update = casting_update,
	.reset = casting_reset,
	.draw = casting_draw,
	.act = casting_act,
};

