/* Screen tests of the forms: the template's suggestions offered when a
 * value, goal or metric is added, the owner picked from the participants,
 * the rules a form shows before it refuses (the date's form, the length
 * against the limit, the template's timeboxes), and any evidence note
 * edited or deleted. Keys are pressed as a facilitator would, and what was
 * saved is read back from the file. */
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

#define CTRL_U "\x15"

static void fill_session(struct session *s)
{
	struct error err;
	assert_int_equal(session_add_note(s, 0, NOTE_STRENGTH, "Show-and-tell every Friday",
					  &err), ERR_OK);
	assert_int_equal(session_add_note(s, 0, NOTE_GAP, "Nobody owns the wiki", &err), ERR_OK);
	assert_int_equal(session_add_value(s, "Share by default", &err), ERR_OK);
	struct step st = {.text = (char *)"Pilot show-and-tell in Sales", .points = POINTS_NONE};
	assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo", "Zoë Ng"};
	const struct session_setup setup = {.title = "Q1 review", .organization = "Acme",
					    .participants = people, .nparticipants = 3,
					    .level = LEVEL_TEAM};
	return screen_setup(state, "improv-forms", &setup, fill_session);
}

static void key_codes(struct fixture *f, int code, int times)
{
	for (int i = 0; i < times; i++)
		ui_key(&f->app, (wint_t)code, true);
	ui_draw(&f->app);
}

/* ---- suggestions ---- */

/* "share by default" is a value already (in other letters), so it is not
 * offered; the second suggestion is taken with Down, Down, Enter, and a
 * second Enter saves it. The next form no longer offers it. */
static void forms__a_new_value_offers_the_templates_values_not_there_yet(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]a");
	assert_true(screen_has("New value"));
	assert_true(screen_has("Suggestions"));
	assert_true(screen_has("ask early, ask openly"));
	assert_true(screen_has("work out loud"));
	assert_false(screen_has("share by default"));
	key_codes(f, KEY_DOWN, 2);
	assert_true(screen_has("> work out loud"));
	enter(f);
	assert_true(screen_has("Value                work out loud"));
	enter(f);
	assert_false(screen_has("New value"));
	struct session *s = saved_session(f);
	assert_int_equal(s->nvalues, 2);
	assert_string_equal(s->values[1].text, "work out loud");
	session_free(s);
	keys(f, "a" "loud");
	assert_true(screen_has("No suggestion holds what is typed"));
}

/* What is typed narrows the list; a text of one's own is saved as typed. */
static void forms__typing_narrows_the_suggestions_and_ones_own_text_is_saved(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]a" "EXP");
	assert_true(screen_has("small experiments before big launches"));
	assert_false(screen_has("work out loud"));
	keys(f, CTRL_U "We fail fast and say so");
	assert_true(screen_has("No suggestion holds what is typed"));
	enter(f);
	struct session *s = saved_session(f);
	assert_string_equal(s->values[1].text, "We fail fast and say so");
	session_free(s);
}

static void forms__a_new_goal_offers_the_templates_goals(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]\ta" "half");
	key_codes(f, KEY_DOWN, 1);
	enter(f);
	enter(f);
	struct session *s = saved_session(f);
	assert_int_equal(s->ngoals, 1);
	assert_string_equal(s->goals[0].text,
			    "New starters work unaided in half the time it takes today");
	session_free(s);
}

/* A suggested metric brings its unit and its direction into the form. */
static void forms__a_suggested_metric_brings_its_unit_and_direction(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]a");
	key_codes(f, KEY_DOWN, 2);
	enter(f);
	assert_true(screen_has("minutes"));
	assert_true(screen_has("< lower is better >"));
	enter(f);
	struct session *s = saved_session(f);
	assert_int_equal(s->nmetrics, 1);
	assert_string_equal(s->metrics[0].name, "Time to find the answer to a routine question");
	assert_string_equal(s->metrics[0].unit, "minutes");
	assert_int_equal(s->metrics[0].direction, DIRECTION_DOWN);
	session_free(s);
}

/* A name longer than its field while typed scrolls to show the end; once
 * the next field has the cursor, the name shows from its beginning. */
static void forms__a_field_left_shows_its_beginning(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]a");
	key_codes(f, KEY_DOWN, 2);
	enter(f);
	assert_false(screen_has("Name                 Time to find"));
	keys(f, "\t");
	assert_true(screen_has("Name                 Time to find the answer"));
}

/* ---- the owner ---- */

static void forms__a_steps_owner_is_picked_from_the_participants_or_typed(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]a" "Answers wiki\t\t\t");
	assert_true(screen_has("Ana"));
	assert_true(screen_has("Zoë Ng"));
	keys(f, "z");
	assert_false(screen_has("  Bo"));
	key_codes(f, KEY_DOWN, 1);
	enter(f);
	enter(f);
	keys(f, "g" "o" CTRL_U);
	key_codes(f, KEY_DOWN, 2);
	enter(f);
	enter(f);
	keys(f, "G" "o" CTRL_U "Sales lead");
	enter(f);
	struct session *s = saved_session(f);
	assert_int_equal(s->nsteps, 2);
	assert_string_equal(s->steps[0].owner, "Bo");
	assert_string_equal(s->steps[1].owner, "Sales lead");
	session_free(s);
}

/* Esc leaves the list, not the form. */
static void forms__esc_in_the_suggestions_goes_back_to_typing(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]o");
	key_codes(f, KEY_DOWN, 1);
	keys(f, "\x1b");
	assert_true(screen_has("Who owns this step?"));
	keys(f, "Dee");
	enter(f);
	struct session *s = saved_session(f);
	assert_string_equal(s->steps[0].owner, "Dee");
	session_free(s);
}

/* ---- rules shown before the error ---- */

/* The date field says what it wants, takes "end of June" whole (it was
 * cut to "end of Jun") and refuses it naming it, keeping the form open. */
static void forms__a_date_shows_its_form_and_is_refused_whole(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]a");
	assert_true(screen_has("YYYY-MM-DD"));
	keys(f, "Reach\t\t\t\t\t" "end of June");
	assert_true(screen_has("Target date          end of June"));
	enter(f);
	assert_true(screen_has("target date: a date like 2027-06-30 (year-month-day), "
			       "not \"end of June\""));
	assert_true(screen_has("New metric"));
	keys(f, CTRL_U "2027-06-30");
	enter(f);
	struct session *s = saved_session(f);
	assert_int_equal(s->nmetrics, 1);
	assert_int_equal(s->metrics[0].target_date, 20999);
	session_free(s);
}

/* A text field counts what it holds against its limit, and a character
 * past the limit is refused with a message, not a silent beep. */
static void forms__a_text_field_counts_to_its_limit_and_says_when_it_is_full(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]a\t");
	assert_true(screen_has("0/200"));
	char text[202];
	memset(text, 'x', 201);
	text[201] = '\0';
	keys(f, text);
	assert_true(screen_has("200/200"));
	assert_true(screen_has("Unit holds at most 200 bytes; that one was not taken"));
}

/* The setup form shows the chosen template's timeboxes, and follows
 * another template until other minutes are typed. */
static void forms__the_setup_form_fills_in_the_templates_timeboxes(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, 0, NULL);
	keys(f, "n");
	assert_true(screen_has("30 20 15 30 10"));
	keys(f, "\t\t\t\t\t\t");
	key_codes(f, KEY_RIGHT, 1);
	assert_true(screen_has("< learning-organization >"));
	assert_true(screen_has("35 20 15 30 10"));
	keys(f, "\t" CTRL_U "5 5 5 5 5");
	key_codes(f, KEY_UP, 1);
	key_codes(f, KEY_LEFT, 1);
	assert_true(screen_has("< learning-infrastructure >"));
	assert_true(screen_has("5 5 5 5 5"));
}

/* ---- notes ---- */

/* The first of two notes is edited (text and kind) and then deleted: not
 * the last one, which stays; u brings the deleted one back. */
static void forms__any_note_can_be_edited_and_deleted_and_undone(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "N");
	assert_true(screen_has("Edit a note"));
	assert_true(screen_has("< - Nobody owns the wiki >"));
	key_codes(f, KEY_LEFT, 1);
	assert_true(screen_has("< + Show-and-tell every Friday >"));
	keys(f, "\t");
	key_codes(f, KEY_RIGHT, 1);
	keys(f, "\t" CTRL_U "Show-and-tell, but only in Sales");
	enter(f);
	struct session *s = saved_session(f);
	assert_int_equal(s->dims[0].nnotes, 2);
	assert_int_equal(s->dims[0].notes[0].kind, NOTE_GAP);
	assert_string_equal(s->dims[0].notes[0].text, "Show-and-tell, but only in Sales");
	assert_string_equal(s->dims[0].notes[1].text, "Nobody owns the wiki");
	session_free(s);

	keys(f, "x");
	key_codes(f, KEY_LEFT, 1);
	enter(f);
	assert_true(screen_has("note deleted"));
	s = saved_session(f);
	assert_int_equal(s->dims[0].nnotes, 1);
	assert_string_equal(s->dims[0].notes[0].text, "Nobody owns the wiki");
	session_free(s);
	keys(f, "u");
	s = saved_session(f);
	assert_int_equal(s->dims[0].nnotes, 2);
	assert_string_equal(s->dims[0].notes[0].text, "Show-and-tell, but only in Sales");
	session_free(s);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(forms__a_new_value_offers_the_templates_values_not_there_yet),
		TEST(forms__typing_narrows_the_suggestions_and_ones_own_text_is_saved),
		TEST(forms__a_new_goal_offers_the_templates_goals),
		TEST(forms__a_suggested_metric_brings_its_unit_and_direction),
		TEST(forms__a_field_left_shows_its_beginning),
		TEST(forms__a_steps_owner_is_picked_from_the_participants_or_typed),
		TEST(forms__esc_in_the_suggestions_goes_back_to_typing),
		TEST(forms__a_date_shows_its_form_and_is_refused_whole),
		TEST(forms__a_text_field_counts_to_its_limit_and_says_when_it_is_full),
		TEST(forms__the_setup_form_fills_in_the_templates_timeboxes),
		TEST(forms__any_note_can_be_edited_and_deleted_and_undone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
