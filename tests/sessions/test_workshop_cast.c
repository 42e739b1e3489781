/* Tests for votes written together (ws_cast_grouped, ws_settle), as the
 * room writes the phones' votes that come while a write is under way:
 * each counts at once, all are saved by one transaction, or none when
 * the disk fails, and the file keeps one state of the totals. Each test
 * works in its own temporary folder with its own database, through the
 * VFS that counts syncs and fails the ones it is told to. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "model/ballot.h"
#include "model/session.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#include "tests/sessions/faulty_vfs.c"
#include "tests/sessions/workshop_fixture.c"

static int make_counted_fixture(void **state)
{
	faulty_vfs_install();
	return make_fixture_on(state, FAULTY_VFS);
}

/* What each person gives on the ballot's four steps (those still to do). */
static const int dots[NPEOPLE + 1][4] = {
	[ANA] = {2, 1, 0, 0}, [BO] = {0, 0, 3, 0}, [CY] = {1, 0, 0, 2}, [NPEOPLE] = {0, 3, 0, 0},
};

/* Four steps to do and an anonymous dots ballot on them, three dots each. */
static size_t open_secret_ballot(const struct fixture *fx)
{
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1, .budget = 3,
					    .cap = 3, .anonymous = true};
	size_t b = open_ballot(fx, &set);
	assert_int_equal(S(fx)->ballots[b].ncandidates, 4);
	return b;
}

static void cast_grouped(const struct fixture *fx, size_t b, size_t p)
{
	struct error err = {0};
	const struct ballot_vote v = {.dots = dots[p]};
	support_expect_ok(ws_cast_grouped(fx->ws, b, p, &v, &err), &err);
}

/* The ballot, in the session and in the file, holds the voters in vs
 * (participant indexes) and the sum of what they gave. */
static void assert_ballot_of(const struct fixture *fx, size_t b, const size_t *vs, size_t n)
{
	const struct ballot *ballot = &S(fx)->ballots[b];
	assert_int_equal(ballot->nvoters, n);
	for (size_t c = 0; c < 4; c++) {
		long want = 0;
		for (size_t k = 0; k < n; k++)
			want += dots[vs[k]][c];
		assert_int_equal(ballot->points[c], want);
	}
	for (size_t k = 0; k < n; k++)
		assert_true(ballot_has_voted(ballot, participant_id(fx, vs[k])));
	assert_saved(fx);
}

/* Three phones vote while a write is under way: each is counted at once
 * (a second vote refused), the file still holds none of them, and one
 * write saves all three for what one vote costs, leaving the log empty. */
static void grouped__votes_that_come_together_are_saved_by_one_write(void **state)
{
	const struct fixture *fx = *state;
	add_dee(fx);
	size_t b = open_secret_ballot(fx);
	faulty_vfs_count();
	cast_grouped(fx, b, ANA);
	cast_grouped(fx, b, BO);
	cast_grouped(fx, b, CY);
	struct error err = {0};
	const struct ballot_vote again = {.dots = dots[ANA]};
	assert_int_equal(ws_cast_grouped(fx->ws, b, ANA, &again, &err), ERR_DATA);
	assert_int_equal(S(fx)->ballots[b].nvoters, 3);
	assert_int_equal(faulty_vfs_counts().writes[FAULT_ANY_FILE], 0);
	struct session *disk = on_disk(fx);
	assert_int_equal(disk->ballots[b].nvoters, 0);
	session_free(disk);

	support_expect_ok(ws_settle(fx->ws, &err), &err);
	struct fault_counts three = faulty_vfs_counts();
	assert_wal_empty(fx->db);
	assert_ballot_of(fx, b, (const size_t[]){ANA, BO, CY}, 3);

	faulty_vfs_count();
	cast_dots(fx, b, NPEOPLE, dots[NPEOPLE]);       /* Dee, at the keyboard */
	struct fault_counts one = faulty_vfs_counts();
	assert_int_equal(three.syncs[FAULT_ANY_FILE], one.syncs[FAULT_ANY_FILE]);
	assert_wal_empty(fx->db);
	assert_ballot_of(fx, b, (const size_t[]){ANA, BO, CY, NPEOPLE}, 4);
	support_expect_ok(ws_settle(fx->ws, &err), &err);      /* nothing left: a no-op */
}

/* A vote holds the file alone and syncs twice: the checkpoint's sync of
 * the log (its header and the commit at once) and of the file; the commit
 * itself syncs nothing, as the checkpoint syncs it at once. */
static void grouped__a_vote_costs_two_syncs(void **state)
{
	const struct fixture *fx = *state;
	size_t b = open_secret_ballot(fx);
	faulty_vfs_count();
	cast_dots(fx, b, ANA, dots[ANA]);
	struct fault_counts counts = faulty_vfs_counts();
	assert_int_equal(counts.syncs[FAULT_ANY_FILE], 2);
	assert_int_equal(counts.syncs[FAULT_WAL], 1);
	assert_int_equal(counts.syncs[FAULT_MAIN_DB], 1);
	assert_wal_empty(fx->db);
	assert_ballot_of(fx, b, (const size_t[]){ANA}, 1);
}

/* Votes written together cost the two syncs of one vote. */
static void grouped__a_group_of_votes_costs_two_syncs(void **state)
{
	const struct fixture *fx = *state;
	size_t b = open_secret_ballot(fx);
	cast_grouped(fx, b, ANA);
	cast_grouped(fx, b, BO);
	cast_grouped(fx, b, CY);
	faulty_vfs_count();
	struct error err = {0};
	support_expect_ok(ws_settle(fx->ws, &err), &err);
	assert_int_equal(faulty_vfs_counts().syncs[FAULT_ANY_FILE], 2);
	assert_wal_empty(fx->db);
	assert_ballot_of(fx, b, (const size_t[]){ANA, BO, CY}, 3);
}

/* The log holds no page: at most a header cut short (32 bytes whole). */
static void assert_no_page_in_log(const char *db)
{
	char wal[PATH_SIZE + 8];
	struct stat sb;
	wal_path(db, wal);
	if (lstat(wal, &sb) == 0 && sb.st_size > 32)
		print_error("%s holds %lld bytes\n", wal, (long long)sb.st_size);
	assert_true(lstat(wal, &sb) != 0 || sb.st_size <= 32);
}

/* Ana's vote is saved; then Bo and Cy vote together and the write fails
 * at the plan's point: both are taken back (the session as before, Ana's
 * vote kept), the file holds what the session holds, and both may vote
 * again once the disk works. */
static void fail_a_group(const struct fixture *fx, const struct fault_plan *plan)
{
	size_t b = open_secret_ballot(fx);
	cast_dots(fx, b, ANA, dots[ANA]);
	cast_grouped(fx, b, BO);
	cast_grouped(fx, b, CY);
	faulty_vfs_arm(plan);
	struct error err = {0};
	assert_int_equal(ws_settle(fx->ws, &err), ERR_IO);
	unsigned injected = faulty_vfs_counts().injected;
	faulty_vfs_disarm();
	assert_true(injected > 0);
	assert_null(strchr(err.msg, '\n'));
	assert_ballot_of(fx, b, (const size_t[]){ANA}, 1);
	assert_no_page_in_log(fx->db);

	cast_grouped(fx, b, BO);
	cast_grouped(fx, b, CY);
	support_expect_ok(ws_settle(fx->ws, &err), &err);
	assert_ballot_of(fx, b, (const size_t[]){ANA, BO, CY}, 3);
	assert_wal_empty(fx->db);
}

/* The sync that puts the commit on disk is the checkpoint's first: when it
 * fails, the commit is written back over, and nothing of it stays. */
static void grouped__a_group_whose_sync_fails_is_taken_back_whole(void **state)
{
	const struct fault_plan plan = {.kind = FAULT_EIO, .call = FAULT_SYNC,
					.file = FAULT_WAL, .nth = 1};
	fail_a_group(*state, &plan);
}

static void grouped__a_group_on_a_full_disk_is_taken_back_whole(void **state)
{
	const struct fault_plan plan = {.kind = FAULT_ENOSPC, .call = FAULT_WRITE,
					.file = FAULT_WAL, .nth = 1};
	fail_a_group(*state, &plan);
}

/* A group on a disk that stays broken: nothing of it is told saved and the
 * session holds Ana's vote alone. The log may keep the group's commit,
 * never synced (the sync that failed was the first of the vote); the next
 * vote once the disk works writes the totals the session holds. */
static void grouped__a_group_on_a_broken_disk_is_taken_back_until_the_disk_works(void **state)
{
	const struct fixture *fx = *state;
	size_t b = open_secret_ballot(fx);
	cast_dots(fx, b, ANA, dots[ANA]);
	cast_grouped(fx, b, BO);
	cast_grouped(fx, b, CY);
	const struct fault_plan plan = {.kind = FAULT_EIO, .call = FAULT_SYNC,
					.file = FAULT_ANY_FILE, .nth = 1, .every_later = true};
	faulty_vfs_arm(&plan);
	struct error err = {0};
	assert_int_equal(ws_settle(fx->ws, &err), ERR_IO);
	faulty_vfs_disarm();
	assert_int_equal(S(fx)->ballots[b].nvoters, 1);
	cast_dots(fx, b, BO, dots[BO]);
	assert_ballot_of(fx, b, (const size_t[]){ANA, BO}, 2);
}

/* The write on a thread of its own: while it runs the session reads as
 * counted and the file as before; its descriptor becomes readable once it
 * is done, and ending it saves the group (or, failed, takes it back). */
static void grouped__a_write_on_its_own_thread_saves_the_group_once_it_ends(void **state)
{
	const struct fixture *fx = *state;
	size_t b = open_secret_ballot(fx);
	assert_false(ws_write_begin(fx->ws));                  /* nothing to write */
	assert_int_equal(ws_write_fd(fx->ws), -1);
	cast_grouped(fx, b, ANA);
	cast_grouped(fx, b, BO);
	assert_true(ws_write_begin(fx->ws));
	assert_false(ws_write_begin(fx->ws));                  /* one at a time */
	assert_false(workshop_wake(fx->ws));
	struct pollfd done = {.fd = ws_write_fd(fx->ws), .events = POLLIN};
	assert_true(done.fd >= 0);
	assert_int_equal(poll(&done, 1, 5000), 1);
	assert_int_equal(S(fx)->ballots[b].nvoters, 2);
	struct error err = {0};
	support_expect_ok(ws_write_end(fx->ws, &err), &err);
	assert_int_equal(ws_write_fd(fx->ws), -1);
	assert_ballot_of(fx, b, (const size_t[]){ANA, BO}, 2);
	assert_wal_empty(fx->db);

	cast_grouped(fx, b, CY);
	const struct fault_plan plan = {.kind = FAULT_EIO, .call = FAULT_SYNC,
					.file = FAULT_WAL, .nth = 1};
	faulty_vfs_arm(&plan);
	assert_true(ws_write_begin(fx->ws));
	assert_int_equal(ws_write_end(fx->ws, &err), ERR_IO);
	faulty_vfs_disarm();
	assert_ballot_of(fx, b, (const size_t[]){ANA, BO}, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			grouped__votes_that_come_together_are_saved_by_one_write,
			make_counted_fixture, remove_fixture),
		cmocka_unit_test_setup_teardown(grouped__a_vote_costs_two_syncs,
						make_counted_fixture, remove_fixture),
		cmocka_unit_test_setup_teardown(grouped__a_group_of_votes_costs_two_syncs,
						make_counted_fixture, remove_fixture),
		cmocka_unit_test_setup_teardown(
			grouped__a_group_whose_sync_fails_is_taken_back_whole,
			make_counted_fixture, remove_fixture),
		cmocka_unit_test_setup_teardown(grouped__a_group_on_a_full_disk_is_taken_back_whole,
						make_counted_fixture, remove_fixture),
		cmocka_unit_test_setup_teardown(
			grouped__a_group_on_a_broken_disk_is_taken_back_until_the_disk_works,
			make_counted_fixture, remove_fixture),
		cmocka_unit_test_setup_teardown(
			grouped__a_write_on_its_own_thread_saves_the_group_once_it_ends,
			make_counted_fixture, remove_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
