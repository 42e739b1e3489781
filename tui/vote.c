/* Voting on the steps: a ballot is opened with its method and settings;
 * secret ballots go round the keyboard (vote_lobby.c, vote_casting.c), or
 * the facilitator types the counts from a paper wall (vote_tally.c); the
 * reveal builds a ranked bar chart (vote_results.c). Here: the form that
 * opens a ballot, the reveal, and what the voting screens share. Nothing
 * about a ballot's results is drawn before the reveal. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/mem.h"
#include "model/session_items.h"
#include "tui/stages.h"

const struct step *vote_step_of(const struct app *app, int64_t id)
{
	ptrdiff_t i = session_find_step(app->ws->s, id);
	return i >= 0 ? &app->ws->s->steps[i] : NULL;
}

const char *vote_candidate_text(const struct app *app, const struct ballot *b, size_t c)
{
	const struct step *st = vote_step_of(app, b->candidates[c]);
	return st ? st->text : "(a deleted step)";
}

void vote_describe(const struct app *app, size_t ballot, char *out, size_t size)
{
	const struct ballot *b = &app->ws->s->ballots[ballot];
	int n = snprintf(out, size, "Ballot %zu: %s", ballot + 1, ballot_method_label(b->method));
	if (b->method == BALLOT_DOTS && n > 0 && (size_t)n < size)
		n += snprintf(out + n, size - (size_t)n, ", %d each, at most %d on one step",
			      b->budget, b->cap);
	if (n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, ", %s", b->anonymous ? "anonymous" : "named");
}

size_t vote_voted_count(const struct app *app, const struct ballot *b)
{
	size_t n = 0;
	for (size_t p = 0; p < app->ws->s->nparticipants; p++)
		n += ballot_has_voted(b, app->ws->s->participants[p].id);
	return n;
}

void vote_show_ballot(struct app *app, size_t ballot)
{
	if (app->ws->s->ballots[ballot].entry == BALLOT_ENTRY_SECRET)
		vote_show_lobby(app, ballot);
	else
		vote_show_tally(app, ballot);
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
	vote_show_ballot(app, index);
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

void vote_ballot_key(struct app *app)
{
	const struct session *s = app->ws->s;
	for (size_t i = s->nballots; i-- > 0;) {
		if (s->ballots[i].status != BALLOT_REVEALED) {
			vote_show_ballot(app, i);
			return;
		}
	}
	open_ballot_form(app);
}

/* ---- closing and revealing: one question each, in its own words ---- */

bool vote_everyone_voted(const struct app *app, const struct ballot *b)
{
	return (size_t)ballot_voter_count(b) >= session_expected_voters(app->ws->s, b);
}

struct ballot_ref {
	size_t ballot;
};

static struct ballot_ref *ballot_ref(size_t ballot)
{
	struct ballot_ref *r = xmalloc(sizeof *r);
	r->ballot = ballot;
	return r;
}

/* A secret ballot still open that not everyone has voted on: the
 * question to ask, "Only 2 of 6 have voted. <then>". */
static bool votes_missing(const struct app *app, const struct ballot *b, const char *then,
			  char *question, size_t size)
{
	if (b->entry != BALLOT_ENTRY_SECRET || b->status != BALLOT_OPEN ||
	    vote_everyone_voted(app, b))
		return false;
	snprintf(question, size, "Only %ld of %zu have voted. %s", ballot_voter_count(b),
		 session_expected_voters(app->ws->s, b), then);
	return true;
}

static void close_confirmed(struct app *app, void *ctx)
{
	const struct ballot_ref *r = ctx;
	struct error err;
	if (ws_close_ballot(app->ws, r->ballot, &err)) {
		ui_error(app, &err);
		return;
	}
	ui_message(app, ROLE_GOOD, "%s", "closed: nobody else can vote; r reveals the results");
}

void vote_ask_close(struct app *app, size_t ballot)
{
	const struct ballot *b = &app->ws->s->ballots[ballot];
	char question[160];
	if (b->status != BALLOT_OPEN) {
		ui_message(app, ROLE_MUTED, "%s", "the ballot is closed already; r reveals it");
		return;
	}
	if (votes_missing(app, b, "Close the ballot now? No more votes then.", question,
			  sizeof question)) {
		ui_confirm(app, question, close_confirmed, ballot_ref(ballot), free);
		return;
	}
	struct ballot_ref r = {ballot};
	close_confirmed(app, &r);
}

static void reveal_confirmed(struct app *app, void *ctx)
{
	const struct ballot_ref *r = ctx;
	struct error err;
	if (ws_reveal_ballot(app->ws, r->ballot, &err)) {
		ui_error(app, &err);
		return;
	}
	vote_show_results(app, r->ballot, false);
}

/* A closed ballot was asked about when it was closed: it is revealed at
 * once. */
void vote_ask_reveal(struct app *app, size_t ballot)
{
	const struct ballot *b = &app->ws->s->ballots[ballot];
	char question[160];
	if (votes_missing(app, b, "Reveal the results now? No more votes then.",
			  question, sizeof question)) {
		ui_confirm(app, question, reveal_confirmed, ballot_ref(ballot), free);
		return;
	}
	struct ballot_ref r = {ballot};
	reveal_confirmed(app, &r);
}

void vote_reveal_key(struct app *app)
{
	const struct session *s = app->ws->s;
	if (s->nballots == 0) {
		ui_message(app, ROLE_MUTED, "%s", "no ballot yet: v opens one");
		return;
	}
	size_t last = s->nballots - 1;
	if (s->ballots[last].status == BALLOT_REVEALED)
		vote_show_results(app, last, true);
	else
		vote_ask_reveal(app, last);
}
