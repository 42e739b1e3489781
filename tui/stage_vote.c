/* Voting on the steps: a ballot is opened with its method and settings;
 * secret ballots go round the keyboard (each voter sees only their own
 * choices, then a blank page for the next), or the facilitator types the
 * counts from a paper wall; the reveal builds a ranked bar chart, and the
 * roadmap shows Now / Next / Later. Nothing about a ballot's results is
 * drawn before the reveal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/utf8.h"
#include "model/session_items.h"
#include "tui/bigtext.h"
#include "tui/ui.h"

static struct ballot *ballot_of(struct app *app)
{
	return &app->ws->s->ballots[app->vote.ballot];
}

static const struct step *step_of(const struct app *app, int64_t id)
{
	ptrdiff_t i = session_find_step(app->ws->s, id);
	return i >= 0 ? &app->ws->s->steps[i] : NULL;
}

static const char *candidate_text(const struct app *app, const struct ballot *b, size_t c)
{
	const struct step *st = step_of(app, b->candidates[c]);
	return st ? st->text : "(a deleted step)";
}

/* ---- the voter's own choices: kept only while they vote ---- */

static void wipe_choices(struct vote_view *v)
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

static void fresh_choices(struct vote_view *v, size_t n)
{
	wipe_choices(v);
	v->dots = xcalloc(n + 1, sizeof *v->dots);
	v->impact = xcalloc(n + 1, sizeof *v->impact);
	v->effort = xcalloc(n + 1, sizeof *v->effort);
	v->approve = xcalloc(n + 1, sizeof *v->approve);
	v->order = xcalloc(n + 1, sizeof *v->order);
}

void stage_vote_reset(struct app *app)
{
	wipe_choices(&app->vote);
	memset(&app->vote, 0, sizeof app->vote);
}

static int dots_used(const struct app *app)
{
	const struct ballot *b = ballot_of((struct app *)app);
	int used = 0;
	for (size_t c = 0; c < b->ncandidates; c++)
		used += app->vote.dots[c];
	return used;
}

/* ---- opening a ballot ---- */

static const char *const method_choices[] = {"dots", "approval", "ranked (Borda)",
					     "impact / effort"};
static const char *const scope_choices[] = {"every step still to do", "short term only",
					    "medium term only", "long term only"};
static const char *const anonymous_choices[] = {"anonymous", "named"};
static const char *const entry_choices[] = {"secret ballots, keyboard passed round",
					    "tally from a paper wall"};

static bool parse_count(const char *text, long *out)
{
	char *end;
	while (*text == ' ')
		text++;
	if (*text == '\0') {
		*out = 0;
		return true;
	}
	*out = strtol(text, &end, 10);
	return *end == '\0' && *out >= 0 && *out < 1000;
}

static bool ballot_done(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err = {0};
	long budget, cap, wall;
	if (!parse_count(ui_form_value(app, 2), &budget) ||
	    !parse_count(ui_form_value(app, 3), &cap) ||
	    !parse_count(ui_form_value(app, 6), &wall)) {
		ui_message(app, ROLE_BAD, "%s", "dots, cap and people are whole numbers, or empty");
		return false;
	}
	struct ballot_settings set = {
		.method = (enum ballot_method)ui_form_choice_of(app, 0),
		.horizon = (int)ui_form_choice_of(app, 1) - 1,
		.budget = (int)budget,
		.cap = (int)cap,
		.anonymous = ui_form_choice_of(app, 4) == 0,
		.entry = ui_form_choice_of(app, 5) == 0 ? BALLOT_ENTRY_SECRET : BALLOT_ENTRY_TALLY,
		.wall_voters = wall,
	};
	size_t index;
	if (ws_open_ballot(app->ws, &set, &index, &err)) {
		ui_error(app, &err);
		return false;
	}
	stage_vote_reset(app);
	app->vote.ballot = index;
	app->vote.mode = set.entry == BALLOT_ENTRY_SECRET ? VOTE_LOBBY : VOTE_TALLY;
	return true;
}

static void open_ballot_form(struct app *app)
{
	ui_form_open(app, "Open a ballot on the steps", ballot_done, NULL, NULL);
	ui_form_choice(app, "Method", method_choices, 4, 0);
	ui_form_choice(app, "Vote on", scope_choices, 4, 0);
	ui_form_number(app, "Dots each", "");
	ui_form_number(app, "Most on one step", "");
	ui_form_choice(app, "Ballots", anonymous_choices, 2, 0);
	ui_form_choice(app, "Entry", entry_choices, 2, 0);
	ui_form_number(app, "People at the wall", "");
	ui_message(app, ROLE_MUTED, "%s", "dots: empty for about a third of the steps (3-10); "
		   "people at the wall: for a tally only");
}

/* v: back to the ballot still open, or a new one. */
static void ballot_key(struct app *app)
{
	const struct session *s = app->ws->s;
	for (size_t i = s->nballots; i-- > 0;) {
		if (s->ballots[i].status == BALLOT_REVEALED)
			continue;
		stage_vote_reset(app);
		app->vote.ballot = i;
		app->vote.mode = s->ballots[i].entry == BALLOT_ENTRY_SECRET ? VOTE_LOBBY
									     : VOTE_TALLY;
		return;
	}
	open_ballot_form(app);
}

/* ---- what every ballot view shows at the top ---- */

static void describe(const struct app *app, const struct ballot *b, char *out, size_t size)
{
	int n = snprintf(out, size, "Ballot %zu: %s", app->vote.ballot + 1,
			 ballot_method_label(b->method));
	if (b->method == BALLOT_DOTS && n > 0 && (size_t)n < size)
		n += snprintf(out + n, size - (size_t)n, ", %d each, at most %d on one step",
			      b->budget, b->cap);
	if (n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, ", %s", b->anonymous ? "anonymous" : "named");
}

static size_t voted_count(const struct app *app, const struct ballot *b)
{
	size_t n = 0;
	for (size_t p = 0; p < app->ws->s->nparticipants; p++)
		n += ballot_has_voted(b, app->ws->s->participants[p].id);
	return n;
}

/* ---- the lobby: who still has to vote ---- */

static size_t waiting(const struct app *app, const struct ballot *b, size_t *out)
{
	size_t n = 0;
	for (size_t p = 0; p < app->ws->s->nparticipants; p++)
		if (!ballot_has_voted(b, app->ws->s->participants[p].id))
			out[n++] = p;
	return n;
}

static void draw_lobby(struct app *app, int top, int height)
{
	struct ballot *b = ballot_of(app);
	const struct session *s = app->ws->s;
	char line[300];
	describe(app, b, line, sizeof line);
	ui_text(app, top, 2, app->cols - 4, line, ROLE_TITLE, false);
	snprintf(line, sizeof line, "%zu of %zu have voted", voted_count(app, b),
		 s->nparticipants);
	ui_text(app, top + 1, 2, app->cols - 4, line, ROLE_ACCENT, false);
	size_t *idx = xcalloc(s->nparticipants + 1, sizeof *idx);
	size_t n = waiting(app, b, idx);
	if (n == 0) {
		ui_text(app, top + 3, 4, app->cols - 8, "Everyone has voted. r reveals the results.",
			ROLE_GOOD, false);
	} else {
		ui_text(app, top + 3, 4, app->cols - 8, "Still to vote (pick your name, Enter):",
			ROLE_MUTED, false);
		if (app->vote.sel >= n)
			app->vote.sel = n - 1;
		size_t first = ui_list_top(app->vote.sel, n, height - 6);
		for (size_t k = first; k < n && (int)(k - first) < height - 6; k++) {
			int y = top + 4 + (int)(k - first);
			enum role role = k == app->vote.sel ? ROLE_SELECTION : ROLE_TEXT;
			ui_fill(app, y, 4, 40, role);
			ui_text(app, y, 6, 36, s->participants[idx[k]].name, role, false);
		}
	}
	ui_text(app, top + height - 1, 2, app->cols - 4,
		"Enter vote   c close early   r reveal   q back to the steps", ROLE_HINT, false);
	free(idx);
}

static unsigned lobby_act(struct app *app, enum action action);

/* ---- one person's ballot ---- */

static void casting_status(struct app *app, const struct ballot *b, char *out, size_t size)
{
	const char *name = app->ws->s->participants[app->vote.voter].name;
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
			 name, app->vote.norder);
		break;
	default:
		snprintf(out, size, "%s: type impact and effort, %d-%d (Tab switches)", name,
			 b->score_min, b->score_max);
		break;
	}
}

static size_t rank_of(const struct vote_view *v, size_t c)
{
	for (size_t k = 0; k < v->norder; k++)
		if (v->order[k] == c)
			return k + 1;
	return 0;
}

static void choice_text(const struct app *app, const struct ballot *b, size_t c, char *out,
			size_t size)
{
	const struct vote_view *v = &app->vote;
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

static void draw_casting(struct app *app, int top, int height)
{
	struct ballot *b = ballot_of(app);
	char line[300];
	ui_text(app, top, 2, app->cols - 4, "Your own ballot: nobody else is looking",
		ROLE_TITLE, false);
	casting_status(app, b, line, sizeof line);
	ui_text(app, top + 1, 2, app->cols - 4, line, ROLE_ACCENT, false);
	size_t first = ui_list_top(app->vote.sel, b->ncandidates, height - 4);
	int choice_w = 30;
	for (size_t c = first; c < b->ncandidates && (int)(c - first) < height - 4; c++) {
		int y = top + 3 + (int)(c - first);
		enum role role = c == app->vote.sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 2, app->cols - 4, role);
		ui_text(app, y, 4, app->cols - 10 - choice_w, candidate_text(app, b, c), role, false);
		choice_text(app, b, c, line, sizeof line);
		ui_text(app, y, app->cols - 4 - choice_w, choice_w, line, role, false);
	}
	ui_text(app, top + height - 1, 2, app->cols - 4,
		"+ - dots   Space approve/rank   digits score   Enter cast   Esc leave",
		ROLE_HINT, false);
}

static void change_dots(struct app *app, const struct ballot *b, int delta)
{
	int *d = &app->vote.dots[app->vote.sel];
	if (delta > 0 && (*d >= b->cap || dots_used(app) >= b->budget))
		beep();
	else if (delta < 0 && *d == 0)
		beep();
	else
		*d += delta;
}

static void toggle_rank(struct vote_view *v)
{
	size_t r = rank_of(v, v->sel);
	if (r == 0) {
		v->order[v->norder++] = v->sel;
		return;
	}
	memmove(&v->order[r - 1], &v->order[r], (v->norder - r) * sizeof *v->order);
	v->norder--;
}

static void set_score(struct app *app, const struct ballot *b, int score)
{
	struct vote_view *v = &app->vote;
	if (score < b->score_min || score > b->score_max) {
		beep();
		return;
	}
	int *cell = v->column == 0 ? &v->impact[v->sel] : &v->effort[v->sel];
	*cell = score;
	if (v->column == 0)
		v->column = 1;
	else if (v->sel + 1 < b->ncandidates) {
		v->column = 0;
		v->sel++;
	}
}

static void cast_confirmed(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	struct vote_view *v = &app->vote;
	struct ballot_vote vote = {v->dots, v->approve, v->order, v->norder, v->impact,
				   v->effort};
	if (ws_cast(app->ws, v->ballot, v->voter, &vote, &err)) {
		ui_error(app, &err);
		return;
	}
	wipe_choices(v);
	v->mode = VOTE_PASS;
	v->sel = 0;
}

static unsigned casting_act(struct app *app, enum action action, int digit)
{
	struct ballot *b = ballot_of(app);
	struct vote_view *v = &app->vote;
	switch (action) {
	case ACT_MORE:
	case ACT_LESS:
		if (b->method == BALLOT_DOTS)
			change_dots(app, b, action == ACT_MORE ? 1 : -1);
		return UI_HANDLED;
	case ACT_TOGGLE:
		if (b->method == BALLOT_APPROVAL)
			v->approve[v->sel] = !v->approve[v->sel];
		else if (b->method == BALLOT_RANKED)
			toggle_rank(v);
		return UI_HANDLED;
	case ACT_SCORE_COLUMN:
		v->column = !v->column;
		return UI_HANDLED;
	case ACT_DIGIT:
		if (b->method == BALLOT_SCORING)
			set_score(app, b, digit);
		return UI_HANDLED;
	case ACT_CONFIRM:
		ui_confirm(app, "Cast this ballot? It cannot be changed afterwards.",
			   cast_confirmed, NULL, NULL);
		return UI_HANDLED;
	case ACT_CANCEL:
	case ACT_BACK:
		wipe_choices(v);
		v->mode = VOTE_LOBBY;
		ui_message(app, ROLE_MUTED, "%s", "left without voting; nothing was kept");
		return UI_HANDLED;
	default:
		return ui_list_move(&v->sel, b->ncandidates, action, 10);
	}
}

/* ---- between two voters: a page that shows nothing ---- */

static void draw_pass(struct app *app, int top, int height)
{
	const char *word = "NEXT";
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
	const char *say = "Thank you. Pass the keyboard on; the next voter presses Enter.";
	int sw = (int)utf8_width(say);
	ui_text(app, y + BIGTEXT_ROWS + 2, (app->cols - sw) / 2, sw, say, ROLE_TEXT, false);
}

/* ---- tally entry from a paper wall ---- */

static void draw_tally(struct app *app, int top, int height)
{
	struct ballot *b = ballot_of(app);
	char line[300];
	describe(app, b, line, sizeof line);
	ui_text(app, top, 2, app->cols - 4, line, ROLE_TITLE, false);
	long total = ballot_total_points(b), expected = ballot_expected_dots(b);
	if (expected > 0)
		snprintf(line, sizeof line, "counted %ld of %ld dots expected (%ld people x %d)",
			 total, expected, b->tally_voters, b->budget);
	else
		snprintf(line, sizeof line, "counted %ld in all", total);
	ui_text(app, top + 1, 2, app->cols - 4, line,
		expected > 0 && total != expected ? ROLE_WARN : ROLE_ACCENT, false);
	size_t first = ui_list_top(app->vote.sel, b->ncandidates, height - 4);
	for (size_t c = first; c < b->ncandidates && (int)(c - first) < height - 4; c++) {
		int y = top + 3 + (int)(c - first);
		bool sel = c == app->vote.sel;
		enum role role = sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 2, app->cols - 4, role);
		ui_text(app, y, 4, app->cols - 20, candidate_text(app, b, c), role, false);
		if (sel && app->vote.typed[0])
			snprintf(line, sizeof line, "%s_", app->vote.typed);
		else
			snprintf(line, sizeof line, "%ld", b->points[c]);
		ui_text(app, y, app->cols - 12, 8, line, role, false);
	}
	ui_text(app, top + height - 1, 2, app->cols - 4,
		"digits type the count   Enter saves it   Up/Down step   r reveal   q back",
		ROLE_HINT, false);
}

static bool is_move(enum action a)
{
	return a == ACT_UP || a == ACT_DOWN || a == ACT_TOP || a == ACT_BOTTOM ||
	       a == ACT_PAGE_UP || a == ACT_PAGE_DOWN;
}

/* Saves what was typed for the selected step; true when nothing was lost. */
static bool save_typed(struct app *app)
{
	struct error err;
	if (app->vote.typed[0] == '\0')
		return true;
	long points = strtol(app->vote.typed, NULL, 10);
	if (ws_set_tally(app->ws, app->vote.ballot, app->vote.sel, points, &err)) {
		ui_error(app, &err);
		return false;
	}
	app->vote.typed[0] = '\0';
	return true;
}

static unsigned tally_act(struct app *app, enum action action, int digit)
{
	struct vote_view *v = &app->vote;
	struct ballot *b = ballot_of(app);
	size_t len = strlen(v->typed);
	switch (action) {
	case ACT_DIGIT:
		if (len + 1 < 7) {
			v->typed[len] = (char)('0' + digit);
			v->typed[len + 1] = '\0';
		}
		return UI_HANDLED;
	case ACT_ERASE:
		if (len)
			v->typed[len - 1] = '\0';
		return UI_HANDLED;
	case ACT_CONFIRM:
		if (save_typed(app) && v->sel + 1 < b->ncandidates)
			v->sel++;
		return UI_HANDLED;
	case ACT_BACK:
		if (save_typed(app))
			v->mode = VOTE_NONE;
		return UI_HANDLED;
	default:
		if (!is_move(action))
			return UI_IGNORED;
		/* Moving away keeps what was typed: it is saved first. */
		if (save_typed(app))
			ui_list_move(&v->sel, b->ncandidates, action, 10);
		return UI_HANDLED;
	}
}

/* ---- the reveal ---- */

static void reveal_confirmed(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	if (ws_reveal_ballot(app->ws, app->vote.ballot, &err)) {
		ui_error(app, &err);
		return;
	}
	app->vote.mode = VOTE_RESULTS;
	app->vote.shown = 0;
	app->vote.sel = 0;
}

static void ask_reveal(struct app *app)
{
	struct ballot *b = ballot_of(app);
	if (b->entry == BALLOT_ENTRY_TALLY && !save_typed(app))
		return;
	size_t voted = voted_count(app, b), all = app->ws->s->nparticipants;
	if (b->entry == BALLOT_ENTRY_SECRET && voted < all) {
		char question[120];
		snprintf(question, sizeof question, "Only %zu of %zu have voted. Reveal now?", voted,
			 all);
		ui_confirm(app, question, reveal_confirmed, NULL, NULL);
		return;
	}
	reveal_confirmed(app, NULL);
}

/* r on the steps list: the newest ballot, revealed now or shown again. */
static void reveal_key(struct app *app)
{
	const struct session *s = app->ws->s;
	if (s->nballots == 0) {
		ui_message(app, ROLE_MUTED, "%s", "no ballot yet: v opens one");
		return;
	}
	stage_vote_reset(app);
	app->vote.ballot = s->nballots - 1;
	if (s->ballots[app->vote.ballot].status == BALLOT_REVEALED) {
		app->vote.mode = VOTE_RESULTS;
		app->vote.shown = s->ballots[app->vote.ballot].ncandidates;
		return;
	}
	ask_reveal(app);
}

static void rank_label(const struct ballot_row *row, char *out, size_t size)
{
	snprintf(out, size, "%d%s", row->rank, row->tied ? "=" : "");
}

static void draw_bar(struct app *app, int y, int x, int w, long points, long max)
{
	char bar[512];
	size_t n = 0;
	int len = max > 0 && points > 0 ? (int)((double)points / (double)max * w + 0.5) : 0;
	for (int k = 0; k < len && n + 4 < sizeof bar; k++)
		n += (size_t)snprintf(bar + n, sizeof bar - n, "%s", "█");
	bar[n] = '\0';
	ui_text(app, y, x, w, bar, ROLE_BAR, false);
}

/* A named ballot shows who gave what: "Ana 2, Bo 1". */
static void who_chose(const struct app *app, const struct ballot *b, size_t candidate,
		      char *out, size_t size)
{
	size_t n = strlen(out);
	for (size_t k = 0; k < b->nchoices && n + 1 < size; k++) {
		const struct ballot_choice *c = &b->choices[k];
		if (c->candidate != candidate)
			continue;
		ptrdiff_t p = session_find_item(app->ws->s, LIST_PARTICIPANTS, c->voter);
		const char *name = p >= 0 ? app->ws->s->participants[p].name : "?";
		int w = b->method == BALLOT_SCORING
				? snprintf(out + n, size - n, "  %s %d/%d", name, c->impact, c->effort)
				: snprintf(out + n, size - n, "  %s %ld", name, c->points);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

static void draw_result_row(struct app *app, int y, const struct ballot *b,
			    const struct ballot_row *row, long max)
{
	const struct step *st = step_of(app, row->step_id);
	char label[16], tail[96];
	int bar_w = app->cols / 4, text_w = app->cols - bar_w - 40;
	rank_label(row, label, sizeof label);
	ui_text(app, y, 2, 4, label, ROLE_ACCENT, false);
	ui_text(app, y, 7, text_w, st ? st->text : "(a deleted step)", ROLE_TEXT, false);
	draw_bar(app, y, 8 + text_w, bar_w, row->points, max);
	if (b->method == BALLOT_SCORING)
		snprintf(tail, sizeof tail, "%4ld  %.1f/%.1f %s", row->points, row->impact,
			 row->effort, quadrant_label(row->quadrant));
	else
		snprintf(tail, sizeof tail, "%4ld  %-7s %s", row->points,
			 st ? horizon_label(st->horizon) : "", st && st->owner ? st->owner : "");
	if (!b->anonymous)
		who_chose(app, b, row->candidate, tail, sizeof tail);
	ui_text(app, y, 9 + text_w + bar_w, app->cols - 11 - text_w - bar_w, tail, ROLE_TEXT,
		false);
}

/* The impact / effort matrix: four boxes, the steps in each. */
static void draw_matrix(struct app *app, int y, int rows, const struct ballot_results *r)
{
	static const enum quadrant order[4] = {QUADRANT_QUICK_WIN, QUADRANT_MAJOR_PROJECT,
					       QUADRANT_FILL_IN, QUADRANT_THANKLESS};
	int w = (app->cols - 6) / 2, h = rows / 2;
	if (h < 2)
		return;
	for (int q = 0; q < 4; q++) {
		int x = 2 + (q % 2) * (w + 2), top = y + (q / 2) * h;
		ui_text(app, top, x, w, quadrant_label(order[q]), ROLE_TITLE, false);
		int line = 1;
		for (size_t k = 0; k < r->nrows && line < h; k++) {
			if (r->rows[k].quadrant != order[q])
				continue;
			const struct step *st = step_of(app, r->rows[k].step_id);
			ui_text(app, top + line++, x + 2, w - 2, st ? st->text : "", ROLE_TEXT, false);
		}
	}
}

static void draw_results(struct app *app, int top, int height)
{
	struct ballot *b = ballot_of(app);
	struct ballot_results r;
	struct error err;
	char line[300];
	describe(app, b, line, sizeof line);
	snprintf(line + strlen(line), sizeof line - strlen(line), "   revealed: %ld voted",
		 b->entry == BALLOT_ENTRY_TALLY ? b->tally_voters : ballot_voter_count(b));
	ui_text(app, top, 2, app->cols - 4, line, ROLE_TITLE, false);
	if (ballot_tally(b, &r, &err)) {
		ui_error(app, &err);
		return;
	}
	long max = 0;
	for (size_t k = 0; k < r.nrows; k++)
		max = r.rows[k].points > max ? r.rows[k].points : max;
	int chart_rows = b->method == BALLOT_SCORING ? (height - 4) / 2 : height - 4;
	/* The chart builds up from the last place to the first. */
	for (size_t k = 0; k < r.nrows && (int)k < chart_rows; k++)
		if (k + app->vote.shown >= r.nrows)
			draw_result_row(app, top + 2 + (int)k, b, &r.rows[k], max);
	int y = top + 2 + (r.nrows < (size_t)chart_rows ? (int)r.nrows : chart_rows);
	if (app->vote.shown >= r.nrows) {
		if (r.has_ties)
			ui_textf(app, y++, 4, app->cols - 8, ROLE_MUTED, "(%s)", r.tie_rule);
		if (r.has_condorcet && r.condorcet >= 0)
			ui_textf(app, y++, 4, app->cols - 8, ROLE_GOOD, "Condorcet winner: %s",
				 candidate_text(app, b, (size_t)r.condorcet));
		else if (r.has_condorcet)
			ui_text(app, y++, 4, app->cols - 8, "No Condorcet winner: no step beats "
				"every other one head to head.", ROLE_WARN, false);
		if (b->method == BALLOT_SCORING)
			draw_matrix(app, y + 1, top + height - y - 2, &r);
	}
	ui_text(app, top + height - 1, 2, app->cols - 4, "R roadmap   q back to the steps",
		ROLE_HINT, false);
	ballot_results_free(&r);
}

/* Called on every turn of the main loop: one more row of the chart. */
void stage_vote_tick(struct app *app)
{
	if (app->ws == NULL || app->vote.mode != VOTE_RESULTS)
		return;
	if (app->vote.shown < ballot_of(app)->ncandidates)
		app->vote.shown++;
}

/* ---- the views, switched ---- */

void stage_draw_vote(struct app *app, int top, int height)
{
	switch (app->vote.mode) {
	case VOTE_LOBBY: draw_lobby(app, top, height); break;
	case VOTE_CASTING: draw_casting(app, top, height); break;
	case VOTE_PASS: draw_pass(app, top, height); break;
	case VOTE_TALLY: draw_tally(app, top, height); break;
	case VOTE_RESULTS: draw_results(app, top, height); break;
	case VOTE_ROADMAP: stage_draw_roadmap(app, top, height); break;
	case VOTE_NONE: break;
	}
}

unsigned stage_vote_contexts(const struct app *app)
{
	switch (app->vote.mode) {
	case VOTE_LOBBY:
	case VOTE_PASS: return CTX_LOBBY;
	case VOTE_CASTING: return CTX_CASTING;
	case VOTE_TALLY: return CTX_TALLY;
	case VOTE_RESULTS:
	case VOTE_ROADMAP: return CTX_RESULTS;
	case VOTE_NONE: break;
	}
	return 0;
}

static unsigned lobby_act(struct app *app, enum action action)
{
	struct ballot *b = ballot_of(app);
	const struct session *s = app->ws->s;
	size_t *idx = xcalloc(s->nparticipants + 1, sizeof *idx);
	size_t n = waiting(app, b, idx);
	unsigned flags = UI_HANDLED;
	struct error err;
	switch (action) {
	case ACT_VOTE_AS:
		if (n) {
			app->vote.voter = idx[app->vote.sel < n ? app->vote.sel : 0];
			fresh_choices(&app->vote, b->ncandidates);
			app->vote.mode = VOTE_CASTING;
			app->vote.sel = 0;
			app->vote.column = 0;
		}
		break;
	case ACT_CLOSE_BALLOT:
		if (b->status == BALLOT_OPEN && ws_close_ballot(app->ws, app->vote.ballot, &err))
			ui_error(app, &err);
		else
			ui_message(app, ROLE_GOOD, "%s", "closed: no more votes; r reveals");
		break;
	case ACT_REVEAL:
		ask_reveal(app);
		break;
	case ACT_BACK:
		app->vote.mode = VOTE_NONE;
		break;
	default:
		flags = ui_list_move(&app->vote.sel, n, action, 10);
		break;
	}
	free(idx);
	return flags;
}

unsigned stage_act_vote(struct app *app, enum action action, int digit)
{
	switch (app->vote.mode) {
	case VOTE_NONE:
		if (action == ACT_BALLOT) {
			ballot_key(app);
			return UI_HANDLED;
		}
		if (action == ACT_REVEAL) {
			reveal_key(app);
			return UI_HANDLED;
		}
		if (action == ACT_ROADMAP) {
			app->vote.mode = VOTE_ROADMAP;
			return UI_HANDLED;
		}
		return UI_IGNORED;
	case VOTE_LOBBY: return lobby_act(app, action);
	case VOTE_PASS:
		app->vote.mode = VOTE_LOBBY;
		app->vote.sel = 0;
		return UI_HANDLED;
	case VOTE_CASTING: return casting_act(app, action, digit);
	case VOTE_TALLY:
		if (action == ACT_REVEAL) {
			ask_reveal(app);
			return UI_HANDLED;
		}
		return tally_act(app, action, digit);
	case VOTE_RESULTS:
		if (action == ACT_ROADMAP)
			app->vote.mode = VOTE_ROADMAP;
		else if (action == ACT_BACK)
			app->vote.mode = VOTE_NONE;
		else
			return UI_IGNORED;
		return UI_HANDLED;
	case VOTE_ROADMAP:
		if (action != ACT_ROADMAP && action != ACT_BACK)
			return UI_IGNORED;
		app->vote.mode = VOTE_NONE;
		return UI_HANDLED;
	}
	return UI_IGNORED;
}
