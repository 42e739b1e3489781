/* Screen tests of the home screen and of a read-only window: a check-in
 * and a deletion ask first and say what they do; browsing a closed
 * session leaves the file as it was; a window that cannot change its
 * session says so when a key would, and shows only the keys that work. */
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

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "sessions/workshop.h"
#include "templates/template_load.h"
#include "tests/support.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

/* A goal, a metric and three steps, one of them done. */
static void fill_session(struct session *s)
{
	struct error err;
	assert_int_equal(session_add_goal(s, "Every team shares a lesson", NULL, &err), ERR_OK);
	struct metric m = {.name = (char *)"Teams sharing monthly", .direction = DIRECTION_UP,
			   .baseline = 20, .target = 80, .baseline_date = NO_DATE,
			   .target_date = NO_DATE};
	assert_int_equal(session_add_metric(s, &m, &err), ERR_OK);
	static const char *const steps[] = {"Pilot show-and-tell", "Answers wiki",
					    "Coaching circles"};
	for (int i = 0; i < 3; i++) {
		struct step st = {.text = (char *)steps[i], .horizon = HORIZON_SHORT,
				  .points = POINTS_NONE};
		assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
	}
	assert_int_equal(session_set_step_status(s, 2, STEP_DONE, &err), ERR_OK);
}

/* The same, closed on its review. */
static void fill_and_close(struct session *s)
{
	struct error err;
	fill_session(s);
	assert_int_equal(session_set_stage(s, STAGE_REVIEW, &err), ERR_OK);
	assert_int_equal(session_close(s, clock_now(), &err), ERR_OK);
}

static const struct session_setup workshop = {.title = "Q1 review", .organization = "Acme",
					      .unit = "Sales", .level = LEVEL_TEAM};

static int setup(void **state)
{
	return screen_setup(state, "improv-home", &workshop, fill_session);
}

static int setup_closed(void **state)
{
	return screen_setup(state, "improv-home", &workshop, fill_and_close);
}

static void assert_file_passes_its_check(const struct fixture *f)
{
	struct store *st = support_open_store(f->db);
	struct error err = {0};
	bool ok = false;
	support_expect_ok(store_check(st, &ok, &err), &err);
	assert_true(ok);
	store_close(st);
}

static int64_t stored_check_in(const struct fixture *f)
{
	struct store *st = support_open_store(f->db);
	struct error err = {0};
	int64_t next = 0;
	support_expect_ok(store_check_in(st, f->id, clock_now(), &next, &err), &err);
	store_close(st);
	return next;
}

/* The fixture's session held by another window, as a second improv
 * would hold it. */
struct another_window {
	struct store *st;
	struct workshop *ws;
};

static struct another_window open_in_another_window(const struct fixture *f)
{
	struct another_window w = {support_open_store(f->db), NULL};
	struct error err = {0};
	support_expect_ok(workshop_open(w.st, f->id, &w.ws, &err), &err);
	assert_false(w.ws->read_only);
	return w;
}

static void close_the_other_window(struct another_window *w)
{
	workshop_close(w->ws);
	store_close(w->st);
}

/* ---- check-in ---- */

static void home__c_asks_first_saying_what_is_carried_and_that_the_session_is_open(
	void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, 0, NULL);
	keys(f, "c");
	assert_true(screen_has("Check in from \"Q1 review\" (iteration 1)?"));
	assert_true(screen_has("Iteration 2 carries 1 goal, 1 metric and 2 steps still to do."));
	assert_true(screen_has("This session is still open"));
	assert_int_equal(support_count_sessions(f->db), 1);
	keys(f, "n");
	assert_true(screen_has("kept; nothing changed"));
	assert_int_equal(support_count_sessions(f->db), 1);
	keys(f, "cy");
	assert_int_equal(support_count_sessions(f->db), 2);
	assert_true(screen_has("Q1 review (iteration 2)"));
}

static void home__c_on_a_session_with_its_check_in_refuses_without_asking(void **state)
{
	struct fixture *f = *state;
	int64_t next = stored_check_in(f);
	screen_start(f, 30, 100, 0, NULL);
	keys(f, "jc");                  /* the check-in is listed first, newest first */
	char said[96];
	snprintf(said, sizeof said, "check-in already, session %lld", (long long)next);
	assert_true(screen_has(said));
	assert_false(screen_has("Please confirm"));
	assert_int_equal(support_count_sessions(f->db), 2);
}

/* ---- delete ---- */

static void home__D_asks_with_the_title_and_deletes_only_after_yes(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, 0, NULL);
	keys(f, "D");
	assert_true(screen_has("Delete \"Q1 review\" (iteration 1)?"));
	assert_true(screen_has("Everything in it goes with it, for good: it cannot be undone."));
	keys(f, "n");
	assert_int_equal(support_count_sessions(f->db), 1);
	keys(f, "Dy");
	assert_int_equal(support_count_sessions(f->db), 0);
	assert_true(screen_has("deleted \"Q1 review\" (iteration 1)"));
	assert_true(screen_has("No workshops yet"));
	assert_file_passes_its_check(f);
}

static void home__D_refuses_a_session_a_check_in_follows_and_names_the_check_in(void **state)
{
	struct fixture *f = *state;
	int64_t next = stored_check_in(f);
	screen_start(f, 30, 100, 0, NULL);
	keys(f, "jD");
	char said[96];
	snprintf(said, sizeof said, "its check-in, session %lld (iteration 2), follows it",
		 (long long)next);
	assert_true(screen_has(said));
	assert_false(screen_has("Please confirm"));
	assert_int_equal(support_count_sessions(f->db), 2);
}

static void home__D_refuses_a_session_open_in_another_window(void **state)
{
	struct fixture *f = *state;
	struct another_window other = open_in_another_window(f);
	screen_start(f, 30, 100, 0, NULL);
	keys(f, "Dy");
	assert_true(screen_has("is open in another window"));
	assert_true(screen_has("nothing was deleted"));
	assert_int_equal(support_count_sessions(f->db), 1);
	close_the_other_window(&other);
}

/* ---- a closed session, and one another window holds ---- */

static void closed__paging_through_the_stages_leaves_the_file_as_it_was(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	char *before = support_dump_database(f->db);
	keys(f, "[[[[]]t+");
	char *after = support_dump_database(f->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
	keys(f, "q");
	struct session *s = saved_session(f);
	assert_int_equal(s->stage, STAGE_REVIEW);
	session_free(s);
}

static void closed__an_editing_key_says_the_session_is_read_only_and_hints_show_what_works(
	void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "[[");                  /* Metrics */
	assert_false(screen_has("  a add  "));
	assert_false(screen_has("  m measure  "));
	assert_true(screen_has("] next stage"));
	keys(f, "a");
	assert_true(screen_has("read-only: this session is closed; C on the Review reopens it"));
	assert_false(screen_has("New metric"));
	/* Nobody joins, and the session's own fields stay, in a closed one. */
	keys(f, "N");
	assert_false(screen_has("Someone joins"));
	keys(f, "E");
	assert_false(screen_has("The session"));
	assert_true(screen_has("read-only: this session is closed"));
	keys(f, "]");                   /* Steps */
	assert_false(screen_has("  v vote  "));
	keys(f, "]");                   /* Review: C reopens */
	assert_true(screen_has("C close or reopen"));
}

static void held__an_editing_key_says_who_holds_the_session(void **state)
{
	struct fixture *f = *state;
	struct another_window other = open_in_another_window(f);
	screen_start(f, 30, 100, f->id, NULL);
	char *before = support_dump_database(f->db);
	keys(f, "]");                   /* Goals & values */
	assert_false(screen_has("  a add  "));
	keys(f, "a");
	assert_true(screen_has("read-only: this session is open in another window"));
	assert_false(screen_has("New goal"));
	keys(f, "s");
	char *after = support_dump_database(f->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
	keys(f, "q");
	close_the_other_window(&other);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)
#define CLOSED(name) cmocka_unit_test_setup_teardown(name, setup_closed, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(home__c_asks_first_saying_what_is_carried_and_that_the_session_is_open),
		TEST(home__c_on_a_session_with_its_check_in_refuses_without_asking),
		TEST(home__D_asks_with_the_title_and_deletes_only_after_yes),
		TEST(home__D_refuses_a_session_a_check_in_follows_and_names_the_check_in),
		TEST(home__D_refuses_a_session_open_in_another_window),
		CLOSED(closed__paging_through_the_stages_leaves_the_file_as_it_was),
		CLOSED(closed__an_editing_key_says_the_session_is_read_only_and_hints_show_what_works),
		TEST(held__an_editing_key_says_who_holds_the_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
