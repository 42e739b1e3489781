/* Screen tests on a full disk: the workshop runs on a terminal nobody sees,
 * its store on the faulty VFS of tests/sessions/faulty_vfs. Every form whose
 * save fails stays open with what was typed and says in one line what
 * happened; nothing on screen is what the file does not hold; once space
 * returns, Enter again saves what was typed. A ballot that cannot be cast
 * keeps the voter's choices; a rating or a check-in that fails changes
 * nothing. */
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
#include "tui/ui.h"

#include "tests/sessions/faulty_vfs.c"
#include "tests/tui/screen_fixture.c"

#define SAYS_FULL "the disk is full; nothing was lost, free some space and try again"
#define SAYS_IO "writing failed"

static unsigned injected, forms_kept;

/* ---- a session with a metric and steps to work on ---- */

static void add_a_metric_and_three_steps(struct session *s)
{
	struct error err = {0};
	struct metric m = {.name = (char *)"Teams sharing monthly", .unit = (char *)"%",
			   .direction = DIRECTION_UP, .baseline = 20, .target = 80,
			   .target_date = 20999, .baseline_date = NO_DATE};
	assert_int_equal(session_add_metric(s, &m, &err), ERR_OK);
	static const char *const steps[] = {"Pilot show-and-tell in Sales",
					    "Build a searchable answers wiki",
					    "Tie recognition to sharing"};
	for (int i = 0; i < 3; i++) {
		struct step x = {.text = (char *)steps[i], .horizon = (enum horizon)i,
				 .points = POINTS_NONE};
		assert_int_equal(session_add_step(s, &x, &err), ERR_OK);
	}
}

/* Starts the screen at rows x cols, its store on the faulty VFS. */
static void start(struct fixture *f, int rows, int cols, int64_t open_id)
{
	screen_start(f, rows, cols, open_id, FAULTY_VFS);
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo", "Cy"};
	const struct session_setup setup = {.title = "Q1 review", .organization = "Acme",
					    .unit = "Sales", .facilitator = "Dee",
					    .level = LEVEL_UNIT, .participants = people,
					    .nparticipants = 3};
	return screen_setup(state, "improv-screen-faults", &setup, add_a_metric_and_three_steps);
}

static int teardown(void **state)
{
	faulty_vfs_disarm();
	return screen_teardown(state);
}

/* ---- keys, the screen, the disk ---- */

/* The message line says it, whole, on one row of the screen. */
static void assert_screen_says(const char *text)
{
	if (!screen_has(text)) {
		char *got = dump();
		print_error("the screen does not say \"%s\":\n%s", text, got);
		free(got);
	}
	assert_true(screen_has(text));
}

/* The disk fills up: every write fails from now on. */
static void fill_the_disk(void)
{
	const struct fault_plan full = {.kind = FAULT_ENOSPC, .call = FAULT_WRITE,
					.file = FAULT_ANY_FILE, .nth = 1, .every_later = true};
	faulty_vfs_arm(&full);
}

static void space_returns(void)
{
	struct fault_counts counts = faulty_vfs_counts();
	assert_true(counts.injected > 0);
	injected += counts.injected;
	faulty_vfs_disarm();
}

/* The session as the file holds it, read with the default VFS. */
static struct session *on_disk(const struct fixture *f, int64_t id)
{
	struct store *st;
	struct session *s = NULL;
	struct error err = {0};
	assert_int_equal(store_open(f->db, NULL, &st, &err), ERR_OK);
	assert_int_equal(store_load_session(st, id, &s, &err), ERR_OK);
	store_close(st);
	return s;
}

/* The form is still open, field `field` still holds what was typed, and
 * the screen shows both the text and what went wrong. */
static void assert_form_kept(struct fixture *f, size_t field, const char *typed)
{
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	assert_string_equal(ui_form_value(&f->app, field), typed);
	assert_screen_says(typed);
	assert_screen_says(SAYS_FULL);
	assert_null(strchr(f->app.message, '\n'));
	forms_kept++;
}

static size_t list_len_on_disk(const struct fixture *f, enum session_list list)
{
	struct session *s = on_disk(f, f->id);
	size_t n = session_list_len(s, list);
	session_free(s);
	return n;
}

/* Typed into the open form, whose Enter the full disk refuses: the form
 * stays open with it in field `field`. */
static void refused_on_a_full_disk(struct fixture *f, size_t field, const char *typed)
{
	keys(f, typed);
	fill_the_disk();
	enter(f);
	assert_form_kept(f, field, typed);
}

/* Space returns and Enter saves the form, which closes. */
static void saved_once_space_returns(struct fixture *f)
{
	space_returns();
	enter(f);
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
}

/* Types text into a form opened by `opening` (keys on the stage screen,
 * then `to_field` to reach the field) on a full disk; checks that the form
 * kept it and that neither the screen nor the file has the new item; then
 * space returns and Enter saves it. */
static void form_survives_a_full_disk(struct fixture *f, const char *opening, size_t field,
				      const char *to_field, const char *typed,
				      enum session_list list)
{
	size_t before = list_len_on_disk(f, list);
	keys(f, opening);
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	keys(f, to_field);
	refused_on_a_full_disk(f, field, typed);
	assert_int_equal(session_list_len(f->app.ws->s, list), before);
	assert_int_equal(list_len_on_disk(f, list), before);
	enter(f);                       /* still full: refused again, still kept */
	assert_form_kept(f, field, typed);
	saved_once_space_returns(f);
	assert_false(screen_has(SAYS_FULL));
	assert_int_equal(list_len_on_disk(f, list), before + 1);
	assert_int_equal(session_list_len(f->app.ws->s, list), before + 1);
}

/* ---- the forms ---- */

static void screen_faults__the_parking_form_keeps_the_topic_on_a_full_disk(void **state)
{
	struct fixture *f = *state;
	start(f, 24, 80, f->id);
	form_survives_a_full_disk(f, "P", 0, "", "Who pays for the wiki?", LIST_PARKING);
	struct session *s = on_disk(f, f->id);
	assert_string_equal(s->parking[0].text, "Who pays for the wiki?");
	session_free(s);
}

static void screen_faults__the_value_and_goal_forms_keep_their_text_on_a_full_disk(void **state)
{
	struct fixture *f = *state;
	start(f, 30, 100, f->id);
	keys(f, "]");
	form_survives_a_full_disk(f, "a", 0, "", "Share by default", LIST_VALUES);
	keys(f, "\t");
	form_survives_a_full_disk(f, "a", 0, "", "Every team shares a lesson a month",
				  LIST_GOALS);
}

static void screen_faults__the_metric_and_step_forms_keep_their_text_on_a_full_disk(void **state)
{
	struct fixture *f = *state;
	start(f, 30, 100, f->id);
	keys(f, "]]");
	form_survives_a_full_disk(f, "a", 0, "", "Answers found in the wiki", LIST_METRICS);
	keys(f, "]");
	form_survives_a_full_disk(f, "a", 0, "", "Run a monthly lunch-and-learn", LIST_STEPS);
}

/* Forms that change what is there rather than add to it. */
static void screen_faults__the_measurement_owner_and_note_forms_keep_their_text_on_a_full_disk(
	void **state)
{
	struct fixture *f = *state;
	start(f, 30, 100, f->id);
	keys(f, "n");                   /* an evidence note: the form opens on its text */
	refused_on_a_full_disk(f, 1, "Nobody owns the wiki");
	assert_int_equal(f->app.ws->s->dims[0].nnotes, 0);
	saved_once_space_returns(f);
	struct session *s = on_disk(f, f->id);
	assert_int_equal(s->dims[0].nnotes, 1);
	session_free(s);

	keys(f, "]]m");                 /* a measurement of the metric */
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	refused_on_a_full_disk(f, 0, "55");
	assert_int_equal(f->app.ws->s->metrics[0].nmeasurements, 0);
	saved_once_space_returns(f);

	keys(f, "]o");                  /* the owner of the first step */
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	refused_on_a_full_disk(f, 0, "Ana");
	assert_null(f->app.ws->s->steps[0].owner);
	saved_once_space_returns(f);
	s = on_disk(f, f->id);
	assert_int_equal(s->metrics[0].nmeasurements, 1);
	assert_string_equal(s->steps[0].owner, "Ana");
	session_free(s);
}

static void screen_faults__the_setup_form_keeps_the_new_workshop_on_a_full_disk(void **state)
{
	struct fixture *f = *state;
	start(f, 24, 80, 0);
	keys(f, "n");
	keys(f, "Q3 review");
	keys(f, "\tAcme\tSupport");
	fill_the_disk();
	enter(f);
	assert_form_kept(f, 0, "Q3 review");
	assert_string_equal(ui_form_value(&f->app, 2), "Support");
	assert_int_equal(ui_home_nread(&f->app), 1);
	saved_once_space_returns(f);
	assert_non_null(f->app.ws);
	assert_string_equal(f->app.ws->s->title, "Q3 review");
	struct session *s = on_disk(f, f->app.ws->s->id);
	assert_string_equal(s->unit, "Support");
	session_free(s);
}

/* The ballot form, then a voter's ballot: the dots they gave stay theirs
 * until the ballot is cast. */
static void screen_faults__a_ballot_and_a_vote_wait_for_space_with_nothing_lost(void **state)
{
	struct fixture *f = *state;
	start(f, 30, 100, f->id);
	keys(f, "]]]v");
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	fill_the_disk();
	enter(f);
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	assert_screen_says(SAYS_FULL);
	assert_int_equal(f->app.ws->s->nballots, 0);
	space_returns();
	enter(f);
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_int_equal(f->app.screen, SCREEN_LOBBY);

	enter(f);                       /* Ana votes: two dots on the first step */
	assert_int_equal(f->app.screen, SCREEN_CASTING);
	keys(f, "++");
	fill_the_disk();
	enter(f);
	keys(f, "y");
	assert_screen_says(SAYS_FULL);
	assert_int_equal(f->app.screen, SCREEN_CASTING);
	assert_screen_says("Ana: 1 of 3 dots left");
	assert_int_equal(f->app.ws->s->ballots[0].nvoters, 0);
	struct session *s = on_disk(f, f->id);
	assert_int_equal(s->ballots[0].nvoters, 0);
	session_free(s);
	forms_kept++;
	space_returns();
	enter(f);
	keys(f, "y");
	assert_int_equal(f->app.screen, SCREEN_PASS);
	s = on_disk(f, f->id);
	assert_int_equal(s->ballots[0].nvoters, 1);
	assert_int_equal(s->ballots[0].points[0], 2);
	session_free(s);
}

/* Not forms, but changes all the same: a rating typed on a full disk
 * leaves the cell empty and the selection where it was. */
static void screen_faults__a_rating_on_a_full_disk_leaves_the_cell_empty_and_says_why(
	void **state)
{
	struct fixture *f = *state;
	start(f, 24, 80, f->id);
	fill_the_disk();
	keys(f, "4");
	assert_screen_says(SAYS_FULL);
	assert_int_equal(f->app.ws->s->dims[0].scores[0], RATING_NONE);
	space_returns();
	keys(f, "4");                   /* on the same cell: the selection stayed */
	assert_false(screen_has(SAYS_FULL));
	keys(f, "5");                   /* and then moved on to the next person */
	assert_int_equal(f->app.ws->s->dims[0].scores[1], 5);
	struct session *s = on_disk(f, f->id);
	assert_int_equal(s->dims[0].scores[0], 4);
	session_free(s);
}

/* A failing disk says so in words of its own, on one line of a 100-column
 * screen. */
static void screen_faults__a_failing_disk_says_it_could_not_write_and_keeps_the_topic(void **state)
{
	struct fixture *f = *state;
	start(f, 30, 100, f->id);
	keys(f, "P");
	keys(f, "Budget for conferences");
	const struct fault_plan eio = {.kind = FAULT_EIO, .call = FAULT_SYNC,
				       .file = FAULT_WAL, .nth = 1};
	faulty_vfs_arm(&eio);
	enter(f);
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	assert_string_equal(ui_form_value(&f->app, 0), "Budget for conferences");
	assert_screen_says(f->app.message);
	assert_non_null(strstr(f->app.message, SAYS_IO));
	forms_kept++;
	space_returns();
	enter(f);
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_int_equal(list_len_on_disk(f, LIST_PARKING), 1);
}

static void screen_faults__a_check_in_on_a_full_disk_makes_no_session(void **state)
{
	struct fixture *f = *state;
	start(f, 24, 80, 0);
	fill_the_disk();
	keys(f, "cy");                  /* c asks first */
	assert_screen_says(SAYS_FULL);
	assert_null(f->app.ws);
	assert_int_equal(ui_home_nread(&f->app), 1);
	space_returns();
	keys(f, "cy");
	assert_non_null(f->app.ws);
	assert_int_equal(f->app.ws->s->parent_id, f->id);
}

static int report(void **state)
{
	(void)state;
	printf("screen faults: %u writes refused on a full or failing disk; %u forms and "
	       "ballots kept what was typed and saved it once space returned\n", injected,
	       forms_kept);
	return 0;
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	faulty_vfs_install();
	const struct CMUnitTest tests[] = {
		TEST(screen_faults__the_parking_form_keeps_the_topic_on_a_full_disk),
		TEST(screen_faults__the_value_and_goal_forms_keep_their_text_on_a_full_disk),
		TEST(screen_faults__the_metric_and_step_forms_keep_their_text_on_a_full_disk),
		TEST(screen_faults__the_measurement_owner_and_note_forms_keep_their_text_on_a_full_disk),
		TEST(screen_faults__the_setup_form_keeps_the_new_workshop_on_a_full_disk),
		TEST(screen_faults__a_ballot_and_a_vote_wait_for_space_with_nothing_lost),
		TEST(screen_faults__a_rating_on_a_full_disk_leaves_the_cell_empty_and_says_why),
		TEST(screen_faults__a_failing_disk_says_it_could_not_write_and_keeps_the_topic),
		TEST(screen_faults__a_check_in_on_a_full_disk_makes_no_session),
	};
	return cmocka_run_group_tests(tests, NULL, report);
}
