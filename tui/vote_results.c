/* A revealed ballot: the ranked bar chart, built up from the last place
 * to the first, ties named with their rule, the Condorcet winner of a
 * ranked ballot, the impact / effort matrix of a scored one; and the
 * Now / Next / Later roadmap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"

#include "model/session_items.h"
#include "model/stats.h"
#include "tui/frame.h"
#include "tui/present.h"
#include "tui/stages.h"

/* The tally is made once, when the results are shown. */
struct results {
	size_t ballot;
	enum screen_id back;    /* where q goes: the steps, or the ballots listed */
	size_t shown;           /* rows shown so far, as the chart builds */
	struct ballot_results r;
	bool tallied;
	long max;
};

static struct results *results_of(const struct app *app)
{
	return ui_state(app, SCREEN_RESULTS);
}

static void forget(struct results *rs)
{
	if (rs->tallied)
		ballot_results_free(&rs->r);
	rs->tallied = false;
}

static void tally(struct app *app, struct results *rs)
{
	struct error err;
	forget(rs);
	if (rs->ballot >= app->ws->s->nballots)
		return;
	if (ballot_tally(&app->ws->s->ballots[rs->ballot], &rs->r, &err)) {
		ui_error(app, &err);
		return;
	}
	rs->tallied = true;
	rs->max = 0;
	for (size_t k = 0; k < rs->r.nrows; k++)
		rs->max = rs->r.rows[k].points > rs->max ? rs->r.rows[k].points : rs->max;
}

void vote_show_results(struct app *app, size_t ballot, bool built)
{
	struct results *rs = results_of(app);
	rs->ballot = ballot;
	rs->shown = built ? app->ws->s->ballots[ballot].ncandidates : 0;
	rs->back = app->screen == SCREEN_BALLOTS ? SCREEN_BALLOTS : SCREEN_STEPS;
	ui_show(app, SCREEN_RESULTS);
	tally(app, rs);
}

static void update(struct app *app)
{
	if (results_of(app)->ballot >= app->ws->s->nballots)
		ui_show(app, SCREEN_STEPS);
}

static void leave(struct app *app)
{
	forget(results_of(app));
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

/* The step's text wraps onto the lines it was given, cut only on the last. */
static void draw_result_row(struct app *app, int y, int lines, const struct ballot *b,
			    const struct ballot_row *row, long max)
{
	const struct step *st = vote_step_of(app, row->step_id);
	char label[16], tail[96];
	int bar_w = app->cols / 4, text_w = app->cols - bar_w - 40;
	rank_label(row, label, sizeof label);
	ui_text(app, y, 2, 4, label, ROLE_ACCENT, false);
	ui_wrap(app, y, 7, text_w, lines, st ? st->text : "(a deleted step)", ROLE_TEXT);
	draw_bar(app, y, 8 + text_w, bar_w, row->points, max);
	char impact[16] = "-", effort[16] = "-";
	stats_value_text(row->impact, impact, sizeof impact);
	stats_value_text(row->effort, effort, sizeof effort);
	if (b->method == BALLOT_SCORING)
		snprintf(tail, sizeof tail, "%4ld  %s/%s %s", row->points, impact, effort,
			 quadrant_label(row->quadrant));
	else
		snprintf(tail, sizeof tail, "%4ld  %-7s %s", row->points,
			 st ? horizon_label(st->horizon) : "", st && st->owner ? st->owner : "");
	if (!b->anonymous)
		who_chose(app, b, row->candidate, tail, sizeof tail);
	ui_text(app, y, 9 + text_w + bar_w, app->cols - 11 - text_w - bar_w, tail, ROLE_TEXT,
		false);
}

/* Lines each row of the chart takes: one each at least, and the best
 * placed their text whole while the rows below them still get one each. */
static void chart_lines(struct app *app, const struct ballot_results *r, int chart_rows,
			int *lines)
{
	int text_w = app->cols - app->cols / 4 - 40;
	int spare = chart_rows - (int)r->nrows;
	for (size_t k = 0; k < r->nrows; k++) {
		const struct step *st = vote_step_of(app, r->rows[k].step_id);
		int need = st ? ui_wrap_lines(text_w, st->text) : 1;
		int more = need > 1 && spare > 0 ? (need - 1 < spare ? need - 1 : spare) : 0;
		lines[k] = 1 + more;
		spare -= more;
	}
}

static const struct hint hints[] = {
	HINT(ACT_ROADMAP, "roadmap"), HINT(ACT_RUNOFF, "run-off"), HINT(ACT_BALLOTS, "ballots"),
	HINT(ACT_BACK, "back"), HINTS_END,
};

static void draw_ending(struct app *app, int y, int rows, const struct ballot *b,
			const struct ballot_results *r)
{
	if (r->has_ties)
		ui_textf(app, y++, 4, app->cols - 8, ROLE_MUTED, "(%s)", r->tie_rule);
	if (r->has_condorcet && r->condorcet >= 0)
		ui_textf(app, y++, 4, app->cols - 8, ROLE_GOOD, "Condorcet winner: %s",
			 vote_candidate_text(app, b, (size_t)r->condorcet));
	else if (r->has_condorcet)
		ui_text(app, y++, 4, app->cols - 8, "No Condorcet winner: no step beats "
			"every other one head to head.", ROLE_WARN, false);
	if (b->method == BALLOT_SCORING)
		vote_draw_matrix(app, y + 1, rows - y - 2, b, r);
}

static void draw_title(struct app *app, int y, const struct results *rs)
{
	const struct ballot *b = &app->ws->s->ballots[rs->ballot];
	char line[300];
	vote_describe(app, rs->ballot, line, sizeof line);
	snprintf(line + strlen(line), sizeof line - strlen(line), "   revealed: %ld voted",
		 b->entry == BALLOT_ENTRY_TALLY ? b->tally_voters : ballot_voter_count(b));
	ui_text(app, y, 2, app->cols - 4, line, ROLE_TITLE, false);
}

static void draw(struct app *app, int top, int height)
{
	const struct results *rs = results_of(app);
	const struct ballot *b = &app->ws->s->ballots[rs->ballot];
	draw_title(app, top, rs);
	if (!rs->tallied)
		return;
	const struct ballot_results *r = &rs->r;
	int chart_rows = b->method == BALLOT_SCORING ? (height - 4) / 2 : height - 4;
	int *lines = xcalloc(r->nrows + 1, sizeof *lines);
	/* The impact / effort picture below keeps every row it was given. */
	chart_lines(app, r, b->method == BALLOT_SCORING ? (int)r->nrows : chart_rows, lines);
	/* The chart builds up from the last place to the first. */
	int y = top + 2;
	for (size_t k = 0; k < r->nrows && y + lines[k] <= top + 2 + chart_rows; k++) {
		if (k + rs->shown >= r->nrows)
			draw_result_row(app, y, lines[k], b, &r->rows[k], rs->max);
		y += lines[k];
	}
	free(lines);
	if (rs->shown >= r->nrows)
		draw_ending(app, y, top + height, b, r);
	ui_hints(app, top + height - 1, 2, app->cols - 4, hints, "   ");
}

/* What the room reads: the ranks and points in block letters, each
 * step's text whole beside them; the ties' rule, who gave what and the
 * keys left to the facilitator's screen. */
static void present_row_of(struct app *app, const struct ballot *b,
			   const struct ballot_row *row, long max, struct present_row *out)
{
	const struct step *st = vote_step_of(app, row->step_id);
	rank_label(row, out->lead, sizeof out->lead);
	snprintf(out->figure, sizeof out->figure, "%ld", row->points);
	out->text = st ? st->text : "(a deleted step)";
	out->fill = max > 0 && row->points > 0 ? (double)row->points / (double)max : 0;
	if (b->method == BALLOT_SCORING) {
		char impact[16] = "-", effort[16] = "-";
		stats_value_text(row->impact, impact, sizeof impact);
		stats_value_text(row->effort, effort, sizeof effort);
		snprintf(out->note, sizeof out->note, "impact %s  effort %s  %s", impact, effort,
			 quadrant_label(row->quadrant));
	} else if (st && st->owner) {
		snprintf(out->note, sizeof out->note, "%s  owner: %s", horizon_label(st->horizon),
			 st->owner);
	} else if (st) {
		snprintf(out->note, sizeof out->note, "%s", horizon_label(st->horizon));
	}
}

static void present(struct app *app, int top, int height)
{
	const struct results *rs = results_of(app);
	const struct ballot *b = &app->ws->s->ballots[rs->ballot];
	draw_title(app, top, rs);
	if (!rs->tallied)
		return;
	const struct ballot_results *r = &rs->r;
	struct present_row *rows = xcalloc(r->nrows + 1, sizeof *rows);
	for (size_t k = 0; k < r->nrows; k++) {
		present_row_of(app, b, &r->rows[k], rs->max, &rows[k]);
		rows[k].blank = k + rs->shown < r->nrows;
	}
	present_rows(app, top + 2, height - 2, rows, r->nrows, SIZE_MAX);
	free(rows);
}

/* One more row of the chart on every turn of the loop. */
static unsigned tick(struct app *app)
{
	struct results *rs = results_of(app);
	if (rs->shown >= app->ws->s->ballots[rs->ballot].ncandidates)
		return UI_IGNORED;
	rs->shown++;
	return UI_REDRAW;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct results *rs = results_of(app);
	switch (action) {
	case ACT_ROADMAP: ui_show(app, SCREEN_ROADMAP); break;
	case ACT_BALLOTS: vote_show_ballots(app); break;
	case ACT_RUNOFF: vote_ask_runoff(app, rs->ballot); break;
	case ACT_BACK: ui_show(app, rs->back); break;
	case ACT_PRESENT:
	case ACT_PRESENT_END: return frame_act(app, action);
	default: return UI_IGNORED;
	}
	return UI_REDRAW;
}

const struct screen_ops results_screen = {
	.name = "ballot results",
	.contexts = CTX_RESULTS,
	.state_size = sizeof(struct results),
	.in_session = true,
	.leave = leave,
	.update = update,
	.reset = leave,
	.draw = draw,
	.present = present,
	.act = act,
	.tick = tick,
};

/* ---- the roadmap ---- */

static struct roadmap *roadmap_of(const struct app *app)
{
	return ui_state(app, SCREEN_ROADMAP);
}

static void roadmap_update(struct app *app)
{
	roadmap_free(roadmap_of(app));
	roadmap_build(roadmap_of(app), app->ws->s);
}

static void roadmap_leave(struct app *app)
{
	roadmap_free(roadmap_of(app));
}

static void draw_roadmap(struct app *app, int top, int height)
{
	roadmap_draw(app, roadmap_of(app), top, height);
}

static void present_roadmap(struct app *app, int top, int height)
{
	roadmap_present(app, roadmap_of(app), top, height);
}

/* R again, or q: back to the steps. */
static unsigned act_roadmap(struct app *app, enum action action, int digit)
{
	(void)digit;
	if (action == ACT_PRESENT || action == ACT_PRESENT_END)
		return frame_act(app, action);
	if (action != ACT_ROADMAP && action != ACT_BACK)
		return UI_IGNORED;
	ui_show(app, SCREEN_STEPS);
	return UI_REDRAW;
}

const struct screen_ops roadmap_screen = {
	.name = "roadmap",
	.contexts = CTX_RESULTS,
	.state_size = sizeof(struct roadmap),
	.in_session = true,
	.leave = roadmap_leave,
	.update = roadmap_update,
	.reset = roadmap_leave,
	.draw = draw_roadmap,
	.present = present_roadmap,
	.act = act_roadmap,
};
