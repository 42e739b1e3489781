/* Tests for deleting a session: everything in it goes and nothing else,
 * for good (no trace of its text in the file or its log), never one a
 * later check-in follows unless the whole series goes, never one open in
 * another window. Each test works in its own temporary folder. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "model/session.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#include "tests/sessions/workshop_fixture.c"

#define SECRET "the-vendor-contract-is-void-8d3f"

/* The session of the fixture with something in every list, let go by its
 * window (as the home screen holds none). */
static void fill_and_let_go(struct fixture *fx)
{
	struct error err = {0};
	add_six_steps(fx);
	rate(fx, 0, ANA, 3);
	rate(fx, 1, BO, 4);
	support_expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, SECRET, &err), &err);
	support_expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	support_expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson", NULL, &err), &err);
	add_metric(fx, "Teams sharing monthly", 0);
	support_expect_ok(ws_park(fx->ws, "Who pays for the wiki?", &err), &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1};
	size_t b = open_ballot(fx, &set);
	const int dots[] = {2, 1, 0, 0};
	cast_dots(fx, b, ANA, dots);
	workshop_close(fx->ws);
	fx->ws = NULL;
}

static bool file_holds(const char *path, const char *text)
{
	struct bytes b = support_read_bytes(path);
	size_t n = strlen(text);
	bool found = false;
	for (size_t i = 0; b.data && !found && i + n <= b.len; i++)
		found = memcmp(b.data + i, text, n) == 0;
	free(b.data);
	return found;
}

static void assert_file_passes_its_check(struct store *st)
{
	struct error err = {0};
	bool ok = false;
	support_expect_ok(store_check(st, &ok, &err), &err);
	assert_true(ok);
}

static int64_t check_in(const struct fixture *fx, int64_t from)
{
	struct error err = {0};
	int64_t next = 0;
	support_expect_ok(store_check_in(fx->st, from, clock_now(), &next, &err), &err);
	return next;
}

static void store_delete_session__takes_everything_in_it_and_leaves_every_other_session_alone(
	void **state)
{
	struct fixture *fx = *state;
	int64_t other = create_session(fx->st);
	fill_and_let_go(fx);
	struct session *before = support_load(fx->st, other);
	struct error err = {0};
	size_t deleted = 0;
	support_expect_ok(store_delete_session(fx->st, fx->id, false, &deleted, &err), &err);
	assert_int_equal(deleted, 1);
	struct session *gone = NULL;
	assert_int_equal(store_load_session(fx->st, fx->id, &gone, &err), ERR_NOINPUT);
	struct session *after = support_load(fx->st, other);
	support_assert_same_session(before, after);
	session_free(before);
	session_free(after);
	assert_int_equal(support_count_sessions(fx->db), 1);
	char *dump = support_dump_database(fx->db);
	assert_null(strstr(dump, SECRET));
	assert_null(strstr(dump, "Who pays for the wiki?"));
	free(dump);
	assert_file_passes_its_check(fx->st);
}

static void store_delete_session__leaves_no_trace_of_its_text_in_the_file_or_its_log(
	void **state)
{
	struct fixture *fx = *state;
	fill_and_let_go(fx);
	char wal[PATH_SIZE + 8];
	wal_path(fx->db, wal);
	struct error err = {0};
	size_t deleted = 0;
	support_expect_ok(store_delete_session(fx->st, fx->id, false, &deleted, &err), &err);
	assert_false(file_holds(fx->db, SECRET));
	assert_false(file_holds(wal, SECRET));
	assert_wal_empty(fx->db);
}

static void store_delete_session__refuses_one_a_check_in_follows_and_names_the_check_in(
	void **state)
{
	struct fixture *fx = *state;
	fill_and_let_go(fx);
	int64_t next = check_in(fx, fx->id);
	char *before = support_dump_database(fx->db);
	struct error err = {0};
	size_t deleted = 7;
	support_expect_refused(store_delete_session(fx->st, fx->id, false, &deleted, &err), &err,
			       ERR_DATA, "followed by its check-in");
	char words[64];
	snprintf(words, sizeof words, "session %lld", (long long)next);
	assert_non_null(strstr(err.msg, words));
	assert_non_null(strstr(err.msg, "iteration 2"));
	assert_non_null(strstr(err.msg, "nothing was deleted"));
	assert_int_equal(deleted, 0);
	char *after = support_dump_database(fx->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

static void store_delete_session__with_the_series_takes_every_iteration_and_only_those(
	void **state)
{
	struct fixture *fx = *state;
	int64_t other = create_session(fx->st);
	fill_and_let_go(fx);
	int64_t second = check_in(fx, fx->id);
	int64_t third = check_in(fx, second);
	struct error err = {0};
	size_t deleted = 0;
	support_expect_ok(store_delete_session(fx->st, second, true, &deleted, &err), &err);
	assert_int_equal(deleted, 3);
	const int64_t gone[] = {fx->id, second, third};
	for (size_t i = 0; i < NELEMS(gone); i++) {
		struct session *s = NULL;
		assert_int_equal(store_load_session(fx->st, gone[i], &s, &err), ERR_NOINPUT);
	}
	struct session *kept = support_load(fx->st, other);
	session_free(kept);
	assert_int_equal(support_count_sessions(fx->db), 1);
	sqlite3 *raw = support_raw_open(fx->db);
	assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM series WHERE id > ?1", 0), 1);
	sqlite3_close(raw);
	assert_file_passes_its_check(fx->st);
}

static void store_delete_session__the_last_check_in_goes_and_its_parent_stays(void **state)
{
	struct fixture *fx = *state;
	fill_and_let_go(fx);
	int64_t next = check_in(fx, fx->id);
	struct error err = {0};
	size_t deleted = 0;
	support_expect_ok(store_delete_session(fx->st, next, false, &deleted, &err), &err);
	assert_int_equal(deleted, 1);
	struct session *parent = support_load(fx->st, fx->id);
	assert_int_equal(parent->nsteps, 6);
	session_free(parent);
	/* With its check-in gone, the parent can be followed up again. */
	assert_true(check_in(fx, fx->id) != 0);
}

static void store_delete_session__refuses_one_open_in_another_window_and_says_so(void **state)
{
	const struct fixture *fx = *state;
	struct store *other = support_open_store(fx->db);
	char *before = support_dump_database(fx->db);
	struct error err = {0};
	size_t deleted = 0;
	support_expect_refused(store_delete_session(other, fx->id, false, &deleted, &err), &err,
			       ERR_BUSY, "open in another window");
	assert_non_null(strstr(err.msg, "nothing was deleted"));
	char *after = support_dump_database(fx->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
	store_close(other);
	assert_saved(fx);
}

static void store_delete_session__refuses_a_session_that_is_not_there(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	size_t deleted = 0;
	support_expect_refused(store_delete_session(fx->st, fx->id + 40, false, &deleted, &err),
			       &err, ERR_NOINPUT, "there is no session");
	assert_int_equal(support_count_sessions(fx->db), 1);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(store_delete_session__takes_everything_in_it_and_leaves_every_other_session_alone),
		TEST(store_delete_session__leaves_no_trace_of_its_text_in_the_file_or_its_log),
		TEST(store_delete_session__refuses_one_a_check_in_follows_and_names_the_check_in),
		TEST(store_delete_session__with_the_series_takes_every_iteration_and_only_those),
		TEST(store_delete_session__the_last_check_in_goes_and_its_parent_stays),
		TEST(store_delete_session__refuses_one_open_in_another_window_and_says_so),
		TEST(store_delete_session__refuses_a_session_that_is_not_there),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
