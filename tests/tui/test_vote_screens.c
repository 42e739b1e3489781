/* The ballot screens as a room uses them: six people pass the keyboard,
 * phones vote in between, the facilitator reveals, closes, lists the
 * ballots and opens a run-off. Each test presses the keys a facilitator
 * would and checks what the screen and the file then hold. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "templates/template_load.h"
#include "tests/support.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

enum { ANA, BO, CHEN, DEE, EVE, FINN, PEOPLE };

static void four_steps(struct session *s)
{
	static const char *const steps[] = {"Pilot show-and-tell", "Answers wiki",
					    "Recognition for sharing", "Mentoring circles"};
	struct error err;
	for (int i = 0; i < 4; i++) {
		struct step st = {.text = (char *)steps[i], .points = POINTS_NONE};
		assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
	}
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo", "Chen", "Dee", "Eve", "Finn"};
	const struct session_setup setup = {.title = "Q2 priorities", .organization = "Acme",
					    .facilitator = "Zoe", .level = LEVEL_TEAM,
					    .participants = people, .nparticipants = PEOPLE};
	return screen_setup(state, "improv-vote-screens", &setup, four_steps);
}

/* The steps stage of the session, with a secret dots ballot opened on it:
 * its lobby. */
static struct fixture *in_the_lobby(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]v");
	enter(f);
	assert_true(screen_has("0 of 6 have voted"));
	return f;
}

/* The person highlighted in the lobby casts one dot on the first step;
 * the blank page between voters is then shown. */
static void cast_one_dot(struct fixture *f)
{
	enter(f);
	keys(f, "+");
	enter(f);
	keys(f, "y");
}

/* A phone's vote: one dot on the second step, through the editing
 * service, then the screen updated as the loop does after a request. */
static void phone_votes(struct fixture *f, size_t person)
{
	struct error err;
	int dots[4] = {0, 1, 0, 0};
	struct ballot_vote v = {.dots = dots};
	assert_int_equal(ws_cast(f->app.ws, 0, person, &v, &err), ERR_OK);
	ui_update(&f->app);
	ui_draw(&f->app);
}

static const struct ballot *ballot(const struct fixture *f, size_t i)
{
	assert_true(i < f->app.ws->s->nballots);
	return &f->app.ws->s->ballots[i];
}

/* ---- whose ballot opens ---- */

/* Ana casts; the keys pressed on the blank page (j j j, Esc) move nobody:
 * the next Enter and Enter open Bo's ballot, the first still to vote. */
static void vote_screens__keys_on_the_blank_page_move_nobody_and_the_next_voter_is_the_first_left(
	void **state)
{
	struct fixture *f = in_the_lobby(state);
	cast_one_dot(f);
	assert_true(screen_has("Pass the keyboard on"));
	keys(f, "jjj\033");
	assert_true(screen_has("Enter first"));
	enter(f);
	assert_true(screen_has("1 of 6 have voted"));
	enter(f);
	assert_true(screen_has("Bo: 3 of 3 dots left"));
	assert_false(screen_has("Eve: 3 of 3 dots left"));
}

/* Chen is highlighted when Ana votes from a phone: the rows move up and
 * the highlight stays on Chen, whose ballot Enter opens. */
static void vote_screens__the_highlight_stays_on_its_person_when_a_phone_votes(void **state)
{
	struct fixture *f = in_the_lobby(state);
	keys(f, "jj");
	phone_votes(f, ANA);
	assert_true(screen_has("1 of 6 have voted"));
	enter(f);
	assert_true(screen_has("Chen: 3 of 3 dots left"));
}

/* When the person highlighted votes from a phone, the highlight goes on
 * to the next one still to vote after them, not back to the top. */
static void vote_screens__the_highlight_goes_on_to_the_next_when_its_person_votes(void **state)
{
	struct fixture *f = in_the_lobby(state);
	keys(f, "jj");
	phone_votes(f, CHEN);
	enter(f);
	assert_true(screen_has("Dee: 3 of 3 dots left"));
}

/* ---- reveal and close ---- */

static void vote_screens__r_asks_once_and_reveals_when_not_everyone_has_voted(void **state)
{
	struct fixture *f = in_the_lobby(state);
	cast_one_dot(f);
	keys(f, "r");                     /* from the blank page, too */
	assert_true(screen_has("Only 1 of 6 have voted. Reveal the results now?"));
	keys(f, "n");
	assert_int_equal(ballot(f, 0)->status, BALLOT_OPEN);
	keys(f, "r");
	keys(f, "y");
	assert_int_equal(ballot(f, 0)->status, BALLOT_REVEALED);
	assert_int_equal(f->app.screen, SCREEN_RESULTS);
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	struct session *s = saved_session(f);
	assert_int_equal(s->ballots[0].status, BALLOT_REVEALED);
	assert_int_equal(s->steps[0].points, 1);
	session_free(s);
}

/* c asks in words that say close, closes, and r then reveals without a
 * second question. */
static void vote_screens__c_asks_to_close_and_r_then_reveals_without_asking_again(void **state)
{
	struct fixture *f = in_the_lobby(state);
	cast_one_dot(f);
	enter(f);
	keys(f, "c");
	assert_true(screen_has("Only 1 of 6 have voted. Close the ballot now?"));
	assert_false(screen_has("Reveal"));
	keys(f, "y");
	assert_int_equal(ballot(f, 0)->status, BALLOT_CLOSED);
	assert_true(screen_has("The ballot is closed"));
	assert_false(screen_has("Still to vote"));
	keys(f, "r");
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_int_equal(ballot(f, 0)->status, BALLOT_REVEALED);
	assert_int_equal(f->app.screen, SCREEN_RESULTS);
}

static void vote_screens__after_the_last_voter_the_page_says_everyone_has_voted(void **state)
{
	struct fixture *f = in_the_lobby(state);
	for (int p = 0; p < PEOPLE - 1; p++) {
		cast_one_dot(f);
		enter(f);
	}
	cast_one_dot(f);
	assert_false(screen_has("Pass the keyboard on"));
	assert_true(screen_has("Everyone has voted: r reveals the results"));
	keys(f, "r");
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_int_equal(ballot(f, 0)->status, BALLOT_REVEALED);
	assert_int_equal(f->app.ws->s->steps[0].points, PEOPLE);
}

/* ---- no ballot thrown away by one key ---- */

static void vote_screens__esc_on_a_ballot_with_choices_asks_before_throwing_them_away(
	void **state)
{
	struct fixture *f = in_the_lobby(state);
	enter(f);
	keys(f, "++");
	keys(f, "\033");
	assert_true(screen_has("Leave without voting? The choices made here are thrown away"));
	keys(f, "n");
	assert_true(screen_has("Ana: 1 of 3 dots left"));
	keys(f, "q");                     /* q asks as Esc does */
	assert_true(screen_has("Leave without voting?"));
	keys(f, "y");
	assert_true(screen_has("0 of 6 have voted"));
	assert_int_equal(ballot(f, 0)->nvoters, 0);
	enter(f);
	assert_true(screen_has("Ana: 3 of 3 dots left"));
}

/* Bo opened Ana's ballot by mistake and hands it back at once: nothing
 * asked, nothing cast, Ana still to vote, and Bo then picks his own. */
static void vote_screens__a_voter_who_opened_the_wrong_name_hands_it_back(void **state)
{
	struct fixture *f = in_the_lobby(state);
	enter(f);
	assert_true(screen_has("Ana's own ballot"));
	keys(f, "\033");
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_true(screen_has("Ana did not vote and is still to vote"));
	assert_int_equal(ballot(f, 0)->nvoters, 0);
	keys(f, "j");
	cast_one_dot(f);
	enter(f);
	assert_true(screen_has("Voted: Bo\n"));
	enter(f);
	assert_true(screen_has("Ana: 3 of 3 dots left"));
}

/* ---- every ballot kept ---- */

/* Ana and Bo vote, r reveals; a second ballot is opened. */
static void reveal_one_and_open_another(struct fixture *f)
{
	cast_one_dot(f);
	enter(f);
	cast_one_dot(f);
	keys(f, "r");
	keys(f, "y");
	keys(f, "q");                     /* the steps */
	keys(f, "v");
	assert_true(screen_has("Open a ballot"));
	enter(f);
	assert_true(screen_has("Ballot 2: Dots"));
	keys(f, "q");
}

static void vote_screens__the_ballots_list_shows_each_one_and_enter_shows_it_again(
	void **state)
{
	struct fixture *f = in_the_lobby(state);
	reveal_one_and_open_another(f);
	assert_true(screen_has("points: ballot 1 ->"));
	keys(f, "b");
	char *list = dump();
	const char *first = strstr(list, " 1  Dots, anonymous");
	const char *second = strstr(list, " 2  Dots, anonymous");
	assert_non_null(first);
	assert_non_null(second);
	assert_non_null(strstr(first, "Revealed  2 of 6 voted"));
	assert_non_null(strstr(second, "Open      0 of 6 voted"));
	free(list);
	keys(f, "k");
	enter(f);
	assert_int_equal(f->app.screen, SCREEN_RESULTS);
	assert_true(screen_has("Ballot 1: Dots"));
	assert_true(screen_has("revealed: 2 voted"));
	keys(f, "q");
	assert_int_equal(f->app.screen, SCREEN_BALLOTS);
	keys(f, "j");
	enter(f);
	assert_int_equal(f->app.screen, SCREEN_LOBBY);
	assert_true(screen_has("Ballot 2: Dots"));
	assert_true(screen_has("0 of 6 have voted"));
}

/* ---- the run-off ---- */

/* Ana gives 2 dots to the first step and 1 to the second, Bo 1 to the
 * third: 2, 1, 1, 0 points, the second and third tied. A run-off of the
 * top 2 takes three steps and says why; the file holds it. */
static void vote_screens__o_opens_a_runoff_of_the_top_places_with_the_tie_kept_in(void **state)
{
	struct fixture *f = in_the_lobby(state);
	enter(f);
	keys(f, "++j+");
	enter(f);
	keys(f, "y");
	enter(f);
	enter(f);
	keys(f, "jj+");
	enter(f);
	keys(f, "y");
	keys(f, "ry");
	assert_int_equal(f->app.screen, SCREEN_RESULTS);
	keys(f, "o");
	assert_true(screen_has("Run-off of ballot 1"));
	ui_key(&f->app, KEY_DOWN, true);
	keys(f, "\1772");                 /* Backspace, then the top 2 */
	enter(f);
	assert_int_equal(f->app.screen, SCREEN_LOBBY);
	assert_true(screen_has("3 steps, not 2: every step tied at place 2 is kept in"));
	const struct ballot *b = ballot(f, 1);
	assert_int_equal(b->method, BALLOT_RANKED);
	assert_int_equal(b->ncandidates, 3);
	const struct step *steps = f->app.ws->s->steps;
	assert_int_equal(b->candidates[0], steps[0].id);
	assert_int_equal(b->candidates[1], steps[1].id);
	assert_int_equal(b->candidates[2], steps[2].id);
	struct session *s = saved_session(f);
	assert_int_equal(s->nballots, 2);
	assert_int_equal(s->ballots[1].method, BALLOT_RANKED);
	assert_int_equal(s->ballots[1].ncandidates, 3);
	session_free(s);
}

/* Ana gives 2, 1, 0, 0 and r reveals; a ranked run-off of the top 2
 * where Ana ranks the second step first. Revealed, the steps show the
 * run-off's points and say so, and the steps left out of it are no
 * longer ranked by the first ballot. */
static void vote_screens__the_steps_show_the_runoffs_points_once_it_is_revealed(void **state)
{
	struct fixture *f = in_the_lobby(state);
	enter(f);
	keys(f, "++j+");
	enter(f);
	keys(f, "y");
	keys(f, "ry");
	keys(f, "o");
	ui_key(&f->app, KEY_DOWN, true);
	keys(f, "\1772");
	enter(f);
	assert_int_equal(ballot(f, 1)->ncandidates, 2);
	enter(f);
	keys(f, "j ");
	enter(f);
	keys(f, "y");
	keys(f, "ry");
	keys(f, "q");
	assert_int_equal(f->app.screen, SCREEN_STEPS);
	assert_true(screen_has("points: ballot 2 ->"));
	const struct step *steps = f->app.ws->s->steps;
	assert_int_equal(steps[1].rank, 1);
	assert_int_equal(steps[0].rank, 2);
	assert_int_equal(steps[2].rank, 0);
	assert_true(steps[2].points == POINTS_NONE);
	struct session *s = saved_session(f);
	assert_int_equal(s->steps[1].rank, 1);
	assert_true(s->steps[2].points == POINTS_NONE);
	session_free(s);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(vote_screens__keys_on_the_blank_page_move_nobody_and_the_next_voter_is_the_first_left),
		TEST(vote_screens__the_highlight_stays_on_its_person_when_a_phone_votes),
		TEST(vote_screens__the_highlight_goes_on_to_the_next_when_its_person_votes),
		TEST(vote_screens__r_asks_once_and_reveals_when_not_everyone_has_voted),
		TEST(vote_screens__c_asks_to_close_and_r_then_reveals_without_asking_again),
		TEST(vote_screens__after_the_last_voter_the_page_says_everyone_has_voted),
		TEST(vote_screens__esc_on_a_ballot_with_choices_asks_before_throwing_them_away),
		TEST(vote_screens__a_voter_who_opened_the_wrong_name_hands_it_back),
		TEST(vote_screens__the_ballots_list_shows_each_one_and_enter_shows_it_again),
		TEST(vote_screens__o_opens_a_runoff_of_the_top_places_with_the_tie_kept_in),
		TEST(vote_screens__the_steps_show_the_runoffs_points_once_it_is_revealed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
