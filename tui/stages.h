/* stages: what one screen of an open session offers another: the forms
 * and changes two stages share, the voting screens' entry points, and the
 * roadmap that both the review and a ballot's results show. */
#ifndef IMPROV_TUI_STAGES_H
#define IMPROV_TUI_STAGES_H

#include "tui/list.h"
#include "tui/ui.h"

/* The lists of goals, metrics and steps as their stages show them, with
 * the selection sel (the check-in's "Last time" shows them too). */
struct item_list goals_item_list(size_t *sel);
struct item_list metrics_item_list(size_t *sel);
struct item_list steps_item_list(size_t *sel);

/* Goals (stage_goals.c): the goal's next status. */
unsigned goals_next_status(struct app *app, size_t goal);
/* Metrics (stage_metrics.c): the form that records a measurement. */
void metrics_open_measure_form(struct app *app, size_t metric);
/* Steps (stage_steps.c): the step's next horizon, or its next status. */
unsigned steps_cycle(struct app *app, size_t step, bool horizon);
/* Parking lot (parking.c): the form that parks a topic, or edits one. */
void parking_open_form(struct app *app, bool editing, size_t index);

/* People (people.c): a newcomer from any stage; participant p leaves,
 * their ratings kept counted or taken out (asks); the session's title,
 * organization, unit, level and facilitator. */
void people_open_newcomer(struct app *app);
void people_open_leave(struct app *app, size_t p);
void people_open_session_form(struct app *app);

/* ---- voting (vote*.c) ---- */

/* v on the steps: back to the ballot still open, or the form for a new one. */
void vote_ballot_key(struct app *app);
/* r on the steps: the newest ballot, revealed now or shown again. */
void vote_reveal_key(struct app *app);
/* Reveal, and close: each asks first, once, when a secret ballot still
 * open has not been voted on by everyone (a closed ballot reveals at
 * once: it was asked about when it was closed). */
void vote_ask_reveal(struct app *app, size_t ballot);
void vote_ask_close(struct app *app, size_t ballot);
bool vote_everyone_voted(const struct app *app, const struct ballot *b);
void vote_show_lobby(struct app *app, size_t ballot);
void vote_show_casting(struct app *app, size_t ballot, size_t voter);
void vote_show_pass(struct app *app, size_t ballot);
void vote_show_tally(struct app *app, size_t ballot);
/* The results, built up row by row unless built. */
void vote_show_results(struct app *app, size_t ballot, bool built);
/* The impact / effort picture of a revealed scoring ballot, in rows rows
 * from y (tui/vote_matrix.c). */
void vote_draw_matrix(struct app *app, int y, int rows, const struct ballot *b,
		      const struct ballot_results *r);
/* b: every ballot of the session, listed. */
void vote_show_ballots(struct app *app);
/* o: the form of a run-off on the top places of revealed ballot from. */
void vote_ask_runoff(struct app *app, size_t from);
/* The lobby or the tally of an open ballot, as it was entered. */
void vote_show_ballot(struct app *app, size_t ballot);
/* "Ballot 2: dots, 3 each, at most 2 on one step, anonymous" */
void vote_describe(const struct app *app, size_t ballot, char *out, size_t size);
size_t vote_voted_count(const struct app *app, const struct ballot *b);
const char *vote_candidate_text(const struct app *app, const struct ballot *b, size_t c);
const struct step *vote_step_of(const struct app *app, int64_t id);

/* ---- the roadmap (roadmap.c): Now / Next / Later ---- */

/* Only the steps still to do are under a horizon; the done and the
 * dropped are named on one line below, "Done (2): ...  Dropped (1): ...",
 * NULL when there are none. */
struct roadmap {
	size_t *steps[HORIZON_COUNT];   /* step indexes, by rank then place */
	size_t n[HORIZON_COUNT];
	char *closed;
};

void roadmap_build(struct roadmap *r, const struct session *s);
void roadmap_free(struct roadmap *r);
/* Each step with its text wrapped where the columns have room, its rank,
 * points and owner under it (and its goal where that fits). */
void roadmap_draw(struct app *app, const struct roadmap *r, int y, int rows);
/* The same for the room: the headings in block letters, the texts whole. */
void roadmap_present(struct app *app, const struct roadmap *r, int y, int rows);

#endif
