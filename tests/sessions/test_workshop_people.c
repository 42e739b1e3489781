/* Tests for the people of a session as the editing service changes them:
 * someone who leaves stays counted, a rename carries the steps they own,
 * and `improv edit`'s changes are saved all together or not at all. Each
 * test works in its own temporary folder with its own database. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "lib/date.h"
#include "lib/error.h"
#include "model/ballot.h"
#include "model/session.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#include "tests/sessions/workshop_fixture.c"

static double mean_of(const struct session *s, size_t dim)
{
	struct rating_stats st;
	session_dimension_stats(s, dim, &st);
	return st.mean;
}

static void ws_participant_leaves__keeps_their_ratings_counted_and_undo_brings_them_back(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	setenv("IMPROV_NOW", CLOCK_START, 1);
	rate(fx, 0, ANA, 4);
	rate(fx, 0, BO, 2);
	support_expect_ok(ws_participant_leaves(fx->ws, ANA, &err), &err);
	assert_false(session_participant_here(S(fx), ANA));
	assert_true(session_participant_here(S(fx), BO));
	assert_int_equal(S(fx)->participants[ANA].left_on, date_from_civil(2026, 11, 28));
	assert_true(fabs(mean_of(S(fx), 0) - 3.0) < 1e-9);
	assert_saved(fx);
	struct session *disk = on_disk(fx);
	assert_int_equal(disk->participants[ANA].left_on, date_from_civil(2026, 11, 28));
	assert_int_equal(disk->dims[0].scores[ANA], 4);
	session_free(disk);

	support_expect_refused(ws_rate(fx->ws, 1, ANA, 3, &err), &err, ERR_DATA, "Ana has left");
	support_expect_refused(ws_participant_leaves(fx->ws, ANA, &err), &err, ERR_DATA,
			       "left already");
	undo(fx, "a participant leaving");
	assert_true(session_participant_here(S(fx), ANA));
	rate(fx, 1, ANA, 3);
	unsetenv("IMPROV_NOW");
}

static void ws_remove__a_participant_takes_their_ratings_out_and_keeps_the_votes_cast(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	rate(fx, 0, ANA, 4);
	rate(fx, 0, CY, 1);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	cast_dots(fx, b, CY, (const int[]){2, 1, 0, 0});
	support_expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, CY, &err), &err);
	assert_int_equal(S(fx)->nparticipants, 2);
	assert_true(fabs(mean_of(S(fx), 0) - 4.0) < 1e-9);
	assert_int_equal(ballot_voter_count(&S(fx)->ballots[b]), 1);
	assert_int_equal(S(fx)->ballots[b].points[0], 2);
	assert_saved(fx);
	struct session *disk = on_disk(fx);
	assert_int_equal(ballot_voter_count(&disk->ballots[b]), 1);
	assert_int_equal(ballot_total_points(&disk->ballots[b]), 3);
	session_free(disk);
	/* Nobody left is still to vote: the ballot waits for Ana and Bo. */
	assert_int_equal(session_expected_voters(S(fx), &S(fx)->ballots[b]), 2);
}

static void ws_cast__refuses_someone_who_left_and_the_ballot_stops_waiting_for_them(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	cast_dots(fx, b, ANA, (const int[]){1, 1, 1, 0});
	support_expect_ok(ws_participant_leaves(fx->ws, ANA, &err), &err);
	support_expect_ok(ws_participant_leaves(fx->ws, BO, &err), &err);
	const struct ballot_vote vote = {.dots = (const int[]){1, 0, 0, 0}};
	support_expect_refused(ws_cast(fx->ws, b, BO, &vote, &err), &err, ERR_DATA,
			       "Bo has left");
	/* Ana voted before leaving and counts; Bo left without voting. */
	assert_int_equal(session_expected_voters(S(fx), &S(fx)->ballots[b]), 2);
	cast_dots(fx, b, CY, (const int[]){0, 0, 1, 1});
	assert_int_equal(ballot_voter_count(&S(fx)->ballots[b]), 2);
	assert_saved(fx);
}

/* Bo left before voting: the paper wall can hold at most the two still to
 * vote, and once they are counted there and here the ballot is full. */
static void ws_set_wall_voters__counts_only_those_the_ballot_waits_for(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	support_expect_ok(ws_participant_leaves(fx->ws, BO, &err), &err);
	support_expect_refused(ws_set_wall_voters(fx->ws, b, 3, &err), &err, ERR_DATA,
			       "only 2 of 2 have not voted");
	support_expect_ok(ws_set_wall_voters(fx->ws, b, 1, &err), &err);
	cast_dots(fx, b, ANA, (const int[]){1, 1, 1, 0});
	const struct ballot_vote vote = {.dots = (const int[]){1, 0, 0, 0}};
	support_expect_refused(ws_cast(fx->ws, b, CY, &vote, &err), &err, ERR_DATA,
			       "everyone is counted");
	assert_saved(fx);
}

static void ws_rename_participant__renames_the_steps_they_own_and_undo_names_them_back(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	struct step owned = {.text = (char *)"Pilot show-and-tell", .owner = (char *)"Bo",
			     .points = POINTS_NONE};
	struct step other = {.text = (char *)"Answers wiki", .owner = (char *)"Bob",
			     .points = POINTS_NONE};
	support_expect_ok(ws_add_step(fx->ws, &owned, &err), &err);
	support_expect_ok(ws_add_step(fx->ws, &other, &err), &err);
	support_expect_ok(ws_rename_participant(fx->ws, BO, "Boris", &err), &err);
	assert_string_equal(S(fx)->steps[0].owner, "Boris");
	assert_string_equal(S(fx)->steps[1].owner, "Bob");
	assert_saved(fx);
	undo(fx, "a participant's name");
	assert_string_equal(S(fx)->participants[BO].name, "Bo");
	assert_string_equal(S(fx)->steps[0].owner, "Bo");
	assert_string_equal(S(fx)->steps[1].owner, "Bob");
}

static const struct session_rename bo_to_bob[] = {{"Bo", "Bob"}};
static const char *const dee[] = {"Dee"};
static const char *const cy[] = {"Cy"};

static void ws_edit_session__saves_the_fields_and_every_person_together(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	rate(fx, 0, CY, 5);
	const struct session_edit e = {
		.title = "Q2 review", .organization = "Acme", .unit = "Sales", .level = "unit",
		.facilitator = "Zoe", .renames = bo_to_bob, .nrenames = 1, .adds = dee, .nadds = 1,
		.removes = cy, .nremoves = 1,
	};
	support_expect_ok(ws_edit_session(fx->ws, &e, &err), &err);
	assert_saved(fx);
	struct session *disk = on_disk(fx);
	assert_string_equal(disk->title, "Q2 review");
	assert_string_equal(disk->unit, "Sales");
	assert_int_equal(disk->level, LEVEL_UNIT);
	assert_int_equal(disk->nparticipants, 4);
	assert_string_equal(disk->participants[BO].name, "Bob");
	assert_string_equal(disk->participants[3].name, "Dee");
	assert_false(session_participant_here(disk, CY));
	assert_int_equal(disk->dims[0].scores[CY], 5);
	session_free(disk);
}

/* Bo becomes Boris and Ana takes the name Bo: each step keeps its owner,
 * on disk as on screen. */
static void ws_edit_session__renames_that_pass_a_name_on_keep_each_steps_owner(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	struct step bos = {.text = (char *)"Wiki", .owner = (char *)"Bo", .points = POINTS_NONE};
	struct step anas = {.text = (char *)"Pilot", .owner = (char *)"Ana",
			    .points = POINTS_NONE};
	support_expect_ok(ws_add_step(fx->ws, &bos, &err), &err);
	support_expect_ok(ws_add_step(fx->ws, &anas, &err), &err);
	static const struct session_rename renames[] = {{"Bo", "Boris"}, {"Ana", "Bo"}};
	const struct session_edit e = {.renames = renames, .nrenames = 2};
	support_expect_ok(ws_edit_session(fx->ws, &e, &err), &err);
	assert_string_equal(S(fx)->steps[0].owner, "Boris");
	assert_string_equal(S(fx)->steps[1].owner, "Bo");
	assert_saved(fx);
}

static void ws_edit_session__drop_ratings_removes_the_person_with_their_ratings(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	rate(fx, 0, ANA, 2);
	rate(fx, 0, CY, 5);
	const struct session_edit e = {.removes = cy, .nremoves = 1, .drop_ratings = true};
	support_expect_ok(ws_edit_session(fx->ws, &e, &err), &err);
	assert_saved(fx);
	struct session *disk = on_disk(fx);
	assert_int_equal(disk->nparticipants, 2);
	assert_true(fabs(mean_of(disk, 0) - 2.0) < 1e-9);
	session_free(disk);
}

/* One refused change, the last, and the file holds none of those before it. */
static void ws_edit_session__a_refused_change_leaves_the_file_as_it_was(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	static const char *const zed[] = {"Zed"};
	static const char *const ana[] = {"Ana"};
	static const char *const escape[] = {"Dee\x1b[2J"};
	static const char *const blank[] = {"  "};
	const struct session_edit edits[] = {
		{.title = "Q2", .adds = dee, .nadds = 1, .removes = zed, .nremoves = 1},
		{.renames = bo_to_bob, .nrenames = 1, .adds = ana, .nadds = 1},
		{.title = "Q2", .adds = escape, .nadds = 1},
		{.adds = blank, .nadds = 1},
		{.level = "department"},
	};
	const char *const words[] = {"no participant is called \"Zed\"", "Ana is already",
				     "\"Dee\\x1b[2J\" holds a control character", "empty",
				     "level"};
	char *before = support_dump_database(fx->db);
	for (size_t i = 0; i < NELEMS(edits); i++) {
		support_expect_refused(ws_edit_session(fx->ws, &edits[i], &err), &err, ERR_DATA,
				       words[i]);
		char *after = support_dump_database(fx->db);
		assert_string_equal(after, before);
		free(after);
		workshop_wake(fx->ws);
		assert_string_equal(S(fx)->title, "Q2: how Support learns");
		assert_int_equal(S(fx)->nparticipants, NPEOPLE);
		assert_string_equal(S(fx)->participants[BO].name, "Bo");
	}
	free(before);
}

static void ws_edit_session__refuses_a_closed_session_and_a_read_only_window(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const struct session_edit e = {.adds = dee, .nadds = 1};
	struct store *other = support_open_store(fx->db);
	struct workshop *ro = open_workshop(other, fx->id);
	support_expect_refused(ws_edit_session(ro, &e, &err), &err, ERR_BUSY, "read-only");
	workshop_close(ro);
	store_close(other);
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	support_expect_refused(ws_edit_session(fx->ws, &e, &err), &err, ERR_DATA, "closed");
	workshop_wake(fx->ws);
	assert_int_equal(S(fx)->nparticipants, NPEOPLE);
}

static void store_check_in__brings_someone_who_left_back_into_the_room(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_participant_leaves(fx->ws, CY, &err), &err);
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	int64_t next;
	support_expect_ok(store_check_in(fx->st, fx->id, clock_now(), &next, &err), &err);
	struct session *c = support_load(fx->st, next);
	assert_int_equal(c->nparticipants, NPEOPLE);
	assert_true(session_participant_here(c, CY));
	session_free(c);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(ws_participant_leaves__keeps_their_ratings_counted_and_undo_brings_them_back),
		TEST(ws_remove__a_participant_takes_their_ratings_out_and_keeps_the_votes_cast),
		TEST(ws_set_wall_voters__counts_only_those_the_ballot_waits_for),
		TEST(ws_cast__refuses_someone_who_left_and_the_ballot_stops_waiting_for_them),
		TEST(ws_rename_participant__renames_the_steps_they_own_and_undo_names_them_back),
		TEST(ws_edit_session__saves_the_fields_and_every_person_together),
		TEST(ws_edit_session__renames_that_pass_a_name_on_keep_each_steps_owner),
		TEST(ws_edit_session__drop_ratings_removes_the_person_with_their_ratings),
		TEST(ws_edit_session__a_refused_change_leaves_the_file_as_it_was),
		TEST(ws_edit_session__refuses_a_closed_session_and_a_read_only_window),
		TEST(store_check_in__brings_someone_who_left_back_into_the_room),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
