/* Screen tests of the people in the room and the session's own fields:
 * someone who leaves, a newcomer on a later stage, the session renamed,
 * each by the keys a facilitator presses and each undone with u. */
#include <curses.h>
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

/* Ana rated 2, 3, 2, 1 on the first four dimensions, Bo 4, 4, 3 and Zoë
 * 3, 3, 4, 3; of two steps, the first is Ana's. */
static void fill_session(struct session *s)
{
	struct error err;
	static const int scores[3][4] = {{2, 3, 2, 1}, {4, 4, 3, -1}, {3, 3, 4, 3}};
	for (size_t p = 0; p < 3; p++)
		for (size_t d = 0; d < 4; d++)
			assert_int_equal(session_rate(s, d, p, scores[p][d] < 0 ? RATING_NONE
							: scores[p][d], &err), ERR_OK);
	struct step st = {.text = (char *)"Pilot show-and-tell in Sales", .owner = (char *)"Ana",
			  .points = POINTS_NONE};
	assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
	st = (struct step){.text = (char *)"Build a searchable answers wiki", .points = POINTS_NONE};
	assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo", "Zoë Ng"};
	const struct session_setup setup = {.title = "Q1 review", .organization = "Acme",
					    .unit = "Sales", .level = LEVEL_UNIT,
					    .participants = people, .nparticipants = 3};
	return screen_setup(state, "improv-people", &setup, fill_session);
}

/* d on Ana's column, her ratings kept: her column is marked, the mean of
 * Culture stays 3.0, she rates no more, and u brings her back. */
static void people__d_keeps_who_left_counted_and_marks_their_column(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	assert_true(screen_has("3.0"));
	keys(f, "d");
	assert_true(screen_has("Ana leaves (4 ratings given)"));
	assert_true(screen_has("< stay counted >"));
	enter(f);
	assert_true(screen_has("Ana left; their ratings still count"));
	assert_true(screen_has("Ana*"));
	assert_true(screen_has("* left, counted"));
	assert_true(screen_has("3.0"));
	struct session *s = saved_session(f);
	assert_false(session_participant_here(s, 0));
	assert_int_equal(s->dims[0].scores[0], 2);
	session_free(s);
	keys(f, "5");
	assert_true(screen_has("Ana has left: their ratings stay as they were"));
	keys(f, "u");
	assert_true(screen_has("undone: a participant leaving"));
	assert_false(screen_has("Ana*"));
	s = saved_session(f);
	assert_true(session_participant_here(s, 0));
	session_free(s);
}

/* Ratings called out person by person skip whoever left: after Ana, Zoë. */
static void people__the_cursor_skips_who_left_as_ratings_are_typed(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	key_code(f, KEY_RIGHT);
	keys(f, "d");
	enter(f);
	assert_true(screen_has("Bo left"));
	keys(f, "jjjj");
	key_code(f, KEY_LEFT);
	keys(f, "51");
	struct session *s = saved_session(f);
	assert_int_equal(s->dims[4].scores[0], 5);
	assert_int_equal(s->dims[4].scores[1], RATING_NONE);
	assert_int_equal(s->dims[4].scores[2], 1);
	session_free(s);
}

/* d, then the other choice: Ana goes with her ratings (Culture's mean is
 * Bo's and Zoë's), and u puts her and them back. */
static void people__d_can_take_the_ratings_out_and_u_puts_them_back(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "d");
	key_code(f, KEY_RIGHT);
	assert_true(screen_has("< are taken out >"));
	enter(f);
	assert_true(screen_has("Ana removed with their ratings"));
	assert_true(screen_has("3.5"));
	struct session *s = saved_session(f);
	assert_int_equal(s->nparticipants, 2);
	session_free(s);
	keys(f, "u");
	assert_true(screen_has("undone: the removed participant"));
	s = saved_session(f);
	assert_int_equal(s->nparticipants, 3);
	assert_int_equal(s->dims[0].scores[0], 2);
	session_free(s);
}

/* A newcomer arrives during the steps: N adds them there, and the ballot
 * opened next waits for them too. */
static void people__N_adds_a_newcomer_on_the_steps_who_then_votes(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]N");
	assert_true(screen_has("Someone joins"));
	keys(f, "Emile");
	enter(f);
	assert_true(screen_has("Emile joins"));
	keys(f, "v");
	enter(f);
	assert_true(screen_has("0 of 4 have voted"));
	assert_true(screen_has("Emile"));
	/* And in the lobby of a ballot already open. */
	keys(f, "N");
	assert_true(screen_has("Someone joins"));
	keys(f, "Finn");
	enter(f);
	assert_true(screen_has("0 of 5 have voted"));
	assert_true(screen_has("Finn"));
}

/* Someone who left before a ballot is not waited for. */
static void people__a_ballot_does_not_wait_for_who_left(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "d");
	enter(f);
	keys(f, "]]]v");
	enter(f);
	assert_true(screen_has("0 of 2 have voted"));
	assert_true(screen_has("Zoë Ng"));
	assert_false(screen_has("Ana"));
}

/* E from any stage: the session's title and unit change, the top line
 * shows them, and u takes them back one by one. */
static void people__E_renames_the_session_and_changes_its_unit(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]E");
	assert_true(screen_has("The session"));
	keys(f, "\x15" "Q1 review, Support\t\t\x15" "Support");
	enter(f);
	assert_true(screen_has("the session's details saved"));
	assert_true(screen_has("Acme / Support  Q1 review, Support"));
	struct session *s = saved_session(f);
	assert_string_equal(s->title, "Q1 review, Support");
	assert_string_equal(s->unit, "Support");
	session_free(s);
	keys(f, "uu");
	assert_true(screen_has("Acme / Sales  Q1 review"));
	s = saved_session(f);
	assert_string_equal(s->title, "Q1 review");
	session_free(s);
}

/* e on a person renames them and the step they own. */
static void people__e_renames_a_person_and_the_steps_they_own(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "e\x15" "Anna");
	enter(f);
	assert_true(screen_has("participant renamed"));
	struct session *s = saved_session(f);
	assert_string_equal(s->participants[0].name, "Anna");
	assert_string_equal(s->steps[0].owner, "Anna");
	session_free(s);
	keys(f, "]]]");
	assert_true(screen_has("Anna"));
}

/* N means "someone joins" everywhere but on the current state, where it
 * edits a note and a is the newcomer's key: the help says what a key does
 * where it is pressed, never what an earlier binding has taken. */
static void people__the_help_names_N_only_where_it_adds_a_newcomer(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 60, 100, f->id, NULL);
	keys(f, "?");
	assert_true(screen_has("edit one of the dimension's notes"));
	assert_true(screen_has("add a participant (someone who came late)"));
	assert_false(screen_has("someone joins"));
	keys(f, "q]?");
	assert_true(screen_has("someone joins"));
	assert_false(screen_has("edit one of the dimension's notes"));
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(people__d_keeps_who_left_counted_and_marks_their_column),
		TEST(people__the_cursor_skips_who_left_as_ratings_are_typed),
		TEST(people__d_can_take_the_ratings_out_and_u_puts_them_back),
		TEST(people__N_adds_a_newcomer_on_the_steps_who_then_votes),
		TEST(people__a_ballot_does_not_wait_for_who_left),
		TEST(people__E_renames_the_session_and_changes_its_unit),
		TEST(people__e_renames_a_person_and_the_steps_they_own),
		TEST(people__the_help_names_N_only_where_it_adds_a_newcomer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
