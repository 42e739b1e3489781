/* Tests for two windows on one database, each its own process: both browse
 * and edit different sessions at once and no write is lost; the same
 * session is read-only in the second window, which names the holder; the
 * lease of a process that was killed, or that left without letting go, is
 * taken over; a write that meets a long transaction in the other window
 * waits for it, or after the busy timeout says the database is busy, and
 * never hangs. The waits are measured. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/store.h"
#include "sessions/workshop.h"
#include "tests/timing.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 512

/* Changes each window makes in the test of two windows at once: enough for
 * the log to pass SQLite's automatic checkpoint while both write. */
#define CHANGES_EACH 300

/* The store's busy timeout, as sessions/store.c sets it. */
#define BUSY_TIMEOUT_MS 5000

#define SAYS_BUSY "the database is busy in another window; try again"

struct fixture {
	struct support_fixture files;   /* the folder and the database in it */
	int64_t first, second;          /* two sessions, of two teams */
};

/* What a window that ran in a child process reports back. */
struct window_report {
	unsigned saved, failed, browsed;
	double longest_ms;              /* the slowest change, lock wait included */
	char first_error[sizeof ((struct error *)0)->msg + 80];
};

/* ---- files, clocks and processes ---- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A pipe end read until n bytes came or the writer closed it. */
static bool read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t got = read(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		p += got;
		n -= (size_t)got;
	}
	return true;
}

static void write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t put = write(fd, p, n);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return;
		p += put;
		n -= (size_t)put;
	}
}

/* A child's exit status once it has ended; 128 + the signal if killed. */
static int wait_for(pid_t pid)
{
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- the database ---- */

static void make_template(struct template *tpl)
{
	static const char *const keys[] = {"culture"};
	static const char *const names[] = {"Culture: sharing, trust, considered risk"};
	support_build_template(tpl, &(const struct support_template){
		.key = "windows-test", .name = "A template for the tests of two windows",
		.description = "One dimension.", .high = "everybody does it",
		.keys = keys, .names = names, .ndims = NELEMS(keys), .vote_cap = 3,
	});
}

static int64_t create_session(struct store *st, const char *unit)
{
	static const char *const people[] = {"Ana", "Bo"};
	const struct session_setup setup = {
		.title = "Quarterly review", .organization = "Acme", .unit = unit,
		.facilitator = "Dee", .level = LEVEL_TEAM, .participants = people,
		.nparticipants = NELEMS(people),
	};
	return support_store_and_free(st, support_session_from(&setup, make_template));
}

static struct workshop *open_workshop(struct store *st, int64_t id)
{
	struct workshop *ws = NULL;
	struct error err = {0};
	support_expect_ok(workshop_open(st, id, &ws, &err), &err);
	return ws;
}

static struct session *load(const char *db, int64_t id)
{
	struct store *st = support_open_store(db);
	struct session *s = support_load(st, id);
	store_close(st);
	return s;
}

static void assert_integrity_ok(const char *db)
{
	struct store *st = support_open_store(db);
	struct error err = {0};
	bool ok = false;
	support_expect_ok(store_check(st, &ok, &err), &err);
	assert_true(ok);
	store_close(st);
}

/* The database holds two sessions; no connection is open when a test
 * forks, as SQLite asks. */
static int make_fixture(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	if (!support_make_scratch(&fx->files)) {
		free(fx);
		return -1;
	}
	struct store *st = support_open_store(fx->files.db);
	fx->first = create_session(st, "Support");
	fx->second = create_session(st, "Sales");
	store_close(st);
	*state = fx;
	return 0;
}

static int remove_fixture(void **state)
{
	struct fixture *fx = *state;
	support_remove_tree(fx->files.dir);
	free(fx);
	return 0;
}

/* ---- a window in a child process ---- */

/* Parks CHANGES_EACH topics in session `mine`, one change at a time, and
 * between them looks at the list of sessions and at session `other`, as a
 * facilitator moving about would. */
static void edit_and_browse(const char *db, int64_t mine, int64_t other, const char *tag,
			    struct window_report *r)
{
	struct store *st = NULL;
	struct workshop *ws = NULL;
	struct error err = {0};
	if (store_open(db, NULL, &st, &err) || workshop_open(st, mine, &ws, &err)) {
		snprintf(r->first_error, sizeof r->first_error, "opening: %s", err.msg);
		r->failed++;
		store_close(st);
		return;
	}
	if (ws->read_only) {
		snprintf(r->first_error, sizeof r->first_error, "read-only: held by %s", ws->holder);
		r->failed++;
	}
	for (unsigned i = 0; i < CHANGES_EACH && !ws->read_only; i++) {
		char text[64];
		snprintf(text, sizeof text, "%s topic %u", tag, i);
		double start = now_ms();
		enum err_code code = ws_park(ws, text, &err);
		double took = now_ms() - start;
		if (took > r->longest_ms)
			r->longest_ms = took;
		if (code == ERR_OK) {
			r->saved++;
		} else if (r->failed++ == 0) {
			snprintf(r->first_error, sizeof r->first_error, "%s: %s", text, err.msg);
		}
		struct session_summary *list = NULL;
		size_t n = 0;
		struct session *seen = NULL;
		if (store_list_sessions(st, &list, &n, &err) == ERR_OK &&
		    store_load_session(st, other, &seen, &err) == ERR_OK)
			r->browsed++;
		store_summaries_free(list, n);
		session_free(seen);
	}
	workshop_close(ws);
	store_close(st);
}

/* How often the session written to changes from one parked topic to the
 * next, in the order they were saved: 1 when one window wrote all of its
 * changes before the other began. */
static unsigned turns_between_windows(const char *db)
{
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT session_id FROM parking_lot ORDER BY id",
					    -1, &q, NULL), SQLITE_OK);
	unsigned turns = 0;
	int64_t last = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		turns += last != 0 && id != last;
		last = id;
	}
	sqlite3_finalize(q);
	sqlite3_close(raw);
	return turns;
}

/* ---- the tests ---- */

static void two_windows__edit_different_sessions_at_once_and_lose_no_write(void **state)
{
	const struct fixture *fx = *state;
	int go[2], reports[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(reports), 0);
	const int64_t sessions[2] = {fx->first, fx->second};
	static const char *const tags[2] = {"Support", "Sales"};
	pid_t pids[2];
	for (int w = 0; w < 2; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			char byte;
			close(go[1]);
			read_all(go[0], &byte, 1);      /* both start together */
			struct window_report r = {0};
			edit_and_browse(fx->files.db, sessions[w], sessions[1 - w], tags[w], &r);
			write_all(reports[1], &w, sizeof w);
			write_all(reports[1], &r, sizeof r);
			_exit(r.failed ? 1 : 0);
		}
	}
	close(go[0]);
	close(reports[1]);
	double start = now_ms();
	close(go[1]);
	struct window_report got[2];
	for (int k = 0; k < 2; k++) {
		int w = -1;
		struct window_report r;
		assert_true(read_all(reports[0], &w, sizeof w));
		assert_true(read_all(reports[0], &r, sizeof r));
		assert_true(w == 0 || w == 1);
		got[w] = r;
	}
	close(reports[0]);
	for (int w = 0; w < 2; w++)
		assert_int_equal(wait_for(pids[w]), 0);
	double took = now_ms() - start;

	for (int w = 0; w < 2; w++) {
		if (got[w].failed)
			print_error("window %d: %u failed, first: %s\n", w, got[w].failed,
				    got[w].first_error);
		assert_int_equal(got[w].failed, 0);
		assert_int_equal(got[w].saved, CHANGES_EACH);
		assert_int_equal(got[w].browsed, CHANGES_EACH);
		struct session *s = load(fx->files.db, sessions[w]);
		assert_int_equal(s->nparking, CHANGES_EACH);
		for (unsigned i = 0; i < CHANGES_EACH; i++) {
			char text[64];
			snprintf(text, sizeof text, "%s topic %u", tags[w], i);
			assert_string_equal(s->parking[i].text, text);
		}
		session_free(s);
	}
	assert_integrity_ok(fx->files.db);
	/* How often the windows took turns depends on the scheduler (SQLite's
	 * busy handler may let one window finish first); it is reported, and
	 * what is asserted is that no write of either was lost. */
	unsigned turns = turns_between_windows(fx->files.db);
	printf("two windows: %u changes each, all %u saved in %.0f ms, the windows taking "
	       "turns %u times; the slowest change took %.1f ms and %.1f ms; %u and %u looks at "
	       "the other session\n", CHANGES_EACH, got[0].saved + got[1].saved, took, turns,
	       got[0].longest_ms, got[1].longest_ms, got[0].browsed, got[1].browsed);
}

/* A child that opens the session and holds it until told to let go (a byte
 * on `release`) or until it is killed. Says "1" on `ready` once it holds the
 * session and has parked a topic. */
static pid_t hold_session(const char *db, int64_t id, int ready[2], int release[2],
			  bool leave_without_letting_go)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	close(ready[0]);
	close(release[1]);
	struct store *st = NULL;
	struct workshop *ws = NULL;
	struct error err = {0};
	char ok = '0';
	if (store_open(db, NULL, &st, &err) == ERR_OK &&
	    workshop_open(st, id, &ws, &err) == ERR_OK && !ws->read_only &&
	    ws_park(ws, "parked before the window went away", &err) == ERR_OK)
		ok = '1';
	write_all(ready[1], &ok, 1);
	char byte;
	read_all(release[0], &byte, 1);
	if (leave_without_letting_go)
		_exit(0);
	workshop_close(ws);
	store_close(st);
	_exit(0);
}

struct holder {
	pid_t pid;
	int ready[2], release[2];
};

static void start_holder(struct holder *h, const struct fixture *fx, bool leave_without_letting_go)
{
	assert_int_equal(pipe(h->ready), 0);
	assert_int_equal(pipe(h->release), 0);
	h->pid = hold_session(fx->files.db, fx->first, h->ready, h->release, leave_without_letting_go);
	assert_true(h->pid > 0);
	close(h->ready[1]);
	close(h->release[0]);
	char ok = 0;
	assert_true(read_all(h->ready[0], &ok, 1));
	assert_int_equal(ok, '1');
	close(h->ready[0]);
}

static void release_holder(struct holder *h)
{
	write_all(h->release[1], "x", 1);
	close(h->release[1]);
	assert_int_equal(wait_for(h->pid), 0);
}

static void two_windows__the_same_session_is_read_only_in_the_second_which_names_the_holder(
	void **state)
{
	const struct fixture *fx = *state;
	struct holder h;
	start_holder(&h, fx, false);

	struct store *st = support_open_store(fx->files.db);
	struct workshop *ro = open_workshop(st, fx->first);
	assert_true(ro->read_only);
	char pid[32];
	snprintf(pid, sizeof pid, "process %ld", (long)h.pid);
	if (strstr(ro->holder, pid) == NULL)
		print_error("the holder is \"%s\", not %s\n", ro->holder, pid);
	assert_non_null(strstr(ro->holder, pid));
	assert_non_null(strchr(ro->holder, '@'));
	assert_int_equal(ro->s->nparking, 1);
	struct error err = {0};
	support_expect_refused(ws_park(ro, "a topic from the second window", &err), &err, ERR_BUSY,
		       "read-only");
	assert_non_null(strstr(err.msg, pid));
	/* The other session is free: this window edits it while the first
	 * holds its own. */
	char holder[sizeof ro->holder];
	snprintf(holder, sizeof holder, "%s", ro->holder);
	struct workshop *other = open_workshop(st, fx->second);
	assert_false(other->read_only);
	support_expect_ok(ws_park(other, "a topic for Sales", &err), &err);
	workshop_close(other);
	workshop_close(ro);

	release_holder(&h);
	struct workshop *now_mine = open_workshop(st, fx->first);
	assert_false(now_mine->read_only);
	support_expect_ok(ws_park(now_mine, "a topic once the first window closed", &err), &err);
	assert_int_equal(now_mine->s->nparking, 2);
	workshop_close(now_mine);
	store_close(st);
	printf("two windows: the second window was read-only, held by \"%s\", and took the "
	       "session once the first let go\n", holder);
}

static void take_over_after(const struct fixture *fx, const char *how)
{
	struct error err = {0};
	struct store *st = support_open_store(fx->files.db);
	struct workshop *ws = open_workshop(st, fx->first);
	if (ws->read_only)
		print_error("after %s, still held by %s\n", how, ws->holder);
	assert_false(ws->read_only);
	assert_int_equal(ws->s->nparking, 1);
	assert_string_equal(ws->s->parking[0].text, "parked before the window went away");
	support_expect_ok(ws_park(ws, "parked by the window that took over", &err), &err);
	workshop_close(ws);
	store_close(st);
	assert_integrity_ok(fx->files.db);
	struct session *s = load(fx->files.db, fx->first);
	assert_int_equal(s->nparking, 2);
	session_free(s);
}

static void two_windows__a_lease_left_by_a_killed_process_is_taken_over_at_once(void **state)
{
	const struct fixture *fx = *state;
	struct holder h;
	start_holder(&h, fx, false);
	assert_int_equal(kill(h.pid, SIGKILL), 0);
	/* Not yet reaped: a zombie will never write again. */
	for (int i = 0; i < 200 && kill(h.pid, 0) == 0; i++) {
		char stat_path[64], buf[256] = "";
		snprintf(stat_path, sizeof stat_path, "/proc/%ld/stat", (long)h.pid);
		FILE *fp = fopen(stat_path, "r");
		if (fp) {
			size_t n = fread(buf, 1, sizeof buf - 1, fp);
			buf[n] = '\0';
			fclose(fp);
		}
		const char *paren = strrchr(buf, ')');
		if (paren && paren[1] == ' ' && paren[2] == 'Z')
			break;
		usleep(10000);
	}
	take_over_after(fx, "kill -9 (before it was reaped)");
	close(h.release[1]);
	assert_int_equal(wait_for(h.pid), 128 + SIGKILL);
}

static void two_windows__a_lease_left_by_an_exit_without_letting_go_is_taken_over(
	void **state)
{
	const struct fixture *fx = *state;
	struct holder h;
	start_holder(&h, fx, true);
	release_holder(&h);             /* it _exit()s, the lease still in the file */
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(fx->files.db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT pid FROM leases WHERE session_id = ?1",
					    -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, fx->first);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), h.pid);
	sqlite3_finalize(q);
	sqlite3_close(raw);
	take_over_after(fx, "an exit without letting go");
}

/* A child that, once told to (a byte on `go`), takes the write lock with
 * BEGIN IMMEDIATE and a change, says so on `ready`, holds it for hold_ms
 * and rolls back. It is forked before the test opens any connection, as
 * SQLite asks: a child must not inherit a parent's open database. */
struct lock_holder {
	pid_t pid;
	int go, ready;
};

static void hold_write_lock(const char *db, int hold_ms, int go, int ready)
{
	char byte;
	read_all(go, &byte, 1);
	sqlite3 *raw = NULL;
	char ok = '0';
	if (sqlite3_open_v2(db, &raw, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_exec(raw, "BEGIN IMMEDIATE; UPDATE sessions SET title = 'half done';",
			 NULL, NULL, NULL) == SQLITE_OK)
		ok = '1';
	write_all(ready, &ok, 1);
	usleep((useconds_t)hold_ms * 1000);
	sqlite3_exec(raw, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(raw);
	_exit(ok == '1' ? 0 : 1);
}

static void fork_lock_holder(struct lock_holder *h, const struct fixture *fx, int hold_ms)
{
	int go[2], ready[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	h->pid = fork();
	assert_true(h->pid >= 0);
	if (h->pid == 0) {
		close(go[1]);
		close(ready[0]);
		hold_write_lock(fx->files.db, hold_ms, go[0], ready[1]);
	}
	close(go[0]);
	close(ready[1]);
	h->go = go[1];
	h->ready = ready[0];
}

/* Returns once the child holds the write lock. */
static void take_the_lock(struct lock_holder *h)
{
	write_all(h->go, "x", 1);
	close(h->go);
	char ok = 0;
	assert_true(read_all(h->ready, &ok, 1));
	close(h->ready);
	assert_int_equal(ok, '1');
}

static void two_windows__a_write_waits_for_a_short_transaction_in_the_other_window(void **state)
{
	const struct fixture *fx = *state;
	struct lock_holder h;
	fork_lock_holder(&h, fx, 1000);
	struct store *st = support_open_store(fx->files.db);
	struct workshop *ws = open_workshop(st, fx->first);
	take_the_lock(&h);
	struct error err = {0};
	double start = now_ms();
	struct session *seen = NULL;
	support_expect_ok(store_load_session(st, fx->second, &seen, &err), &err);
	double read_ms = now_ms() - start;
	session_free(seen);
	start = now_ms();
	support_expect_ok(ws_park(ws, "saved after the other window's transaction", &err), &err);
	double waited = now_ms() - start;
	assert_int_equal(wait_for(h.pid), 0);
	assert_true(waited >= 500);
	assert_true(waited < BUSY_TIMEOUT_MS);
	assert_true(read_ms < time_limit(500));
	workshop_close(ws);
	store_close(st);
	struct session *s = load(fx->files.db, fx->first);
	assert_int_equal(s->nparking, 1);
	assert_string_equal(s->title, "Quarterly review");
	session_free(s);
	printf("two windows: a read took %.1f ms during the other window's 1000 ms "
	       "transaction; a write waited %.0f ms for it, then was saved\n", read_ms, waited);
}

static void two_windows__a_long_transaction_makes_the_others_write_busy_within_the_timeout(
	void **state)
{
	const struct fixture *fx = *state;
	struct lock_holder h;
	fork_lock_holder(&h, fx, BUSY_TIMEOUT_MS + 1000);
	struct store *st = support_open_store(fx->files.db);
	struct workshop *ws = open_workshop(st, fx->first);
	take_the_lock(&h);
	struct error err = {0};
	char *before = NULL;
	{
		struct session *s = load(fx->files.db, fx->first);
		before = xstrdup(s->title);
		session_free(s);
	}
	double start = now_ms();
	support_expect_refused(ws_park(ws, "a topic typed while the other window wrote", &err), &err,
		       ERR_BUSY, SAYS_BUSY);
	double waited = now_ms() - start;
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(ws->s->nparking, 0);
	assert_string_equal(ws->s->title, before);
	free(before);
	if (waited < BUSY_TIMEOUT_MS - 250 || waited > BUSY_TIMEOUT_MS + 2500)
		print_error("the write gave up after %.0f ms\n", waited);
	assert_true(waited >= BUSY_TIMEOUT_MS - 250);
	assert_true(waited <= BUSY_TIMEOUT_MS + 2500);
	assert_int_equal(wait_for(h.pid), 0);
	/* The other window is done: the same topic, tried again, is saved. */
	support_expect_ok(ws_park(ws, "a topic typed while the other window wrote", &err), &err);
	workshop_close(ws);
	store_close(st);
	struct session *s = load(fx->files.db, fx->first);
	assert_int_equal(s->nparking, 1);
	session_free(s);
	assert_integrity_ok(fx->files.db);
	printf("two windows: a write met a transaction held for %d ms and said \"%s\" after "
	       "%.0f ms (busy timeout %d ms)\n", BUSY_TIMEOUT_MS + 1000, SAYS_BUSY, waited,
	       BUSY_TIMEOUT_MS);
}

/* A window killed in the middle of a transaction leaves no lock and no
 * half-made change behind. */
static void two_windows__a_window_killed_mid_transaction_leaves_no_lock_and_no_half_change(
	void **state)
{
	const struct fixture *fx = *state;
	struct lock_holder h;
	fork_lock_holder(&h, fx, 60000);
	take_the_lock(&h);
	assert_int_equal(kill(h.pid, SIGKILL), 0);
	assert_int_equal(wait_for(h.pid), 128 + SIGKILL);
	struct store *st = support_open_store(fx->files.db);
	struct workshop *ws = open_workshop(st, fx->first);
	struct error err = {0};
	double start = now_ms();
	support_expect_ok(ws_park(ws, "saved after the other window died", &err), &err);
	double took = now_ms() - start;
	assert_true(took < 1000);
	assert_string_equal(ws->s->title, "Quarterly review");
	workshop_close(ws);
	store_close(st);
	assert_integrity_ok(fx->files.db);
	printf("two windows: after a kill -9 in the middle of a transaction the next write "
	       "took %.1f ms\n", took);
}

/* ---- check-ins started together ---- */

#define CHECK_INS 4

struct check_in_report {
	enum err_code code;
	int64_t next;
	char msg[sizeof ((struct error *)0)->msg];
};

/* A window that checks in from session id once told to (a byte on go),
 * saying on ready that it is about to, and reporting on done. */
static pid_t fork_check_in(const char *db, int64_t id, int go, int ready, int done)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	char byte;
	if (!read_all(go, &byte, 1))
		_exit(1);
	struct store *st = NULL;
	struct error err = {0};
	struct check_in_report r = {0};
	r.code = store_open(db, NULL, &st, &err);
	write_all(ready, "1", 1);
	if (r.code == ERR_OK)
		r.code = store_check_in(st, id, time(NULL), &r.next, &err);
	snprintf(r.msg, sizeof r.msg, "%s", r.code ? err.msg : "");
	write_all(done, &r, sizeof r);
	store_close(st);
	_exit(0);
}

static int64_t count_check_ins(const char *db, int64_t parent)
{
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT count(*) FROM sessions WHERE parent_id = ?1",
					    -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, parent);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(raw);
	return n;
}

static void raw_write(const char *db, const char *sql)
{
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

/* Four windows check in from one session at the same moment: they all
 * read the session while a fifth holds the write lock, then all go at once
 * when it lets go. One makes the next iteration; the others are told the
 * session has its check-in. */
static void four_check_ins_at_once(const struct fixture *fx)
{
	int go[2], ready[2], done[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(done), 0);
	pid_t kids[CHECK_INS];
	for (int i = 0; i < CHECK_INS; i++)
		kids[i] = fork_check_in(fx->files.db, fx->first, go[0], ready[1], done[1]);
	close(go[0]);
	close(ready[1]);
	close(done[1]);
	sqlite3 *lock = NULL;
	assert_int_equal(sqlite3_open_v2(fx->files.db, &lock, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < CHECK_INS; i++)
		write_all(go[1], "x", 1);
	char byte;
	for (int i = 0; i < CHECK_INS; i++)
		assert_true(read_all(ready[0], &byte, 1));
	usleep(300 * 1000);
	assert_int_equal(sqlite3_exec(lock, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(lock);
	int made = 0, refused = 0;
	for (int i = 0; i < CHECK_INS; i++) {
		struct check_in_report r;
		assert_true(read_all(done[0], &r, sizeof r));
		if (r.code == ERR_OK) {
			made++;
			continue;
		}
		if (r.code != ERR_DATA || strstr(r.msg, "already has its check-in") == NULL)
			print_error("a check-in said %d: %s\n", r.code, r.msg);
		assert_int_equal(r.code, ERR_DATA);
		assert_non_null(strstr(r.msg, "already has its check-in"));
		assert_null(strchr(r.msg, '\n'));
		refused++;
	}
	for (int i = 0; i < CHECK_INS; i++)
		assert_int_equal(wait_for(kids[i]), 0);
	close(go[1]);
	close(ready[0]);
	close(done[0]);
	assert_int_equal(made, 1);
	assert_int_equal(refused, CHECK_INS - 1);
	assert_int_equal(count_check_ins(fx->files.db, fx->first), 1);
	assert_integrity_ok(fx->files.db);
}

static void two_windows__four_check_ins_at_once_make_one_iteration_and_refuse_three(
	void **state)
{
	four_check_ins_at_once(*state);
}

/* The same with the index that makes a second check-in impossible in the
 * schema itself: the transaction still refuses first, in its own words. */
static void two_windows__four_check_ins_at_once_are_refused_the_same_beside_a_unique_index(
	void **state)
{
	const struct fixture *fx = *state;
	raw_write(fx->files.db, "CREATE UNIQUE INDEX IF NOT EXISTS sessions_one_check_in"
		  " ON sessions(parent_id) WHERE parent_id IS NOT NULL");
	four_check_ins_at_once(fx);
}

/* ---- a window that was stopped while another took its session ---- */

#define SAYS_LOST "another window took this session over; it is read-only here now"

/* Window A holds the session from another host (a file shared between
 * machines) and stops answering; two minutes later window B takes the
 * session over and saves an edit. */
static struct workshop *take_over_from_a_silent_host(const struct fixture *fx, struct store *b)
{
	raw_write(fx->files.db, "UPDATE leases SET host = 'elsewhere.example'");
	char later[CLOCK_ISO_SIZE];
	clock_format_iso(time(NULL) + STORE_LEASE_STALE_SECONDS + 10, later);
	setenv("IMPROV_NOW", later, 1);
	struct workshop *wb = open_workshop(b, fx->first);
	unsetenv("IMPROV_NOW");
	assert_false(wb->read_only);
	struct error err = {0};
	support_expect_ok(ws_park(wb, "parked by the window that took over", &err), &err);
	return wb;
}

/* Window A's workshop on the first session, writing, with one item
 * parked. */
static struct workshop *a_parks_one(const struct fixture *fx, struct store *a)
{
	struct workshop *wa = open_workshop(a, fx->first);
	assert_false(wa->read_only);
	struct error err = {0};
	support_expect_ok(ws_park(wa, "parked before the window went away", &err), &err);
	return wa;
}

static void assert_only_bs_edit(const struct fixture *fx)
{
	struct session *s = load(fx->files.db, fx->first);
	assert_int_equal(s->nparking, 2);
	assert_string_equal(s->parking[1].text, "parked by the window that took over");
	session_free(s);
}

/* A wakes and, before it knows, writes its stale copy: the write checks
 * the lease inside its own transaction and is refused; B's edit stands. */
static void two_windows__a_window_that_lost_its_lease_writes_nothing_over_the_new_holder(
	void **state)
{
	const struct fixture *fx = *state;
	struct store *a = support_open_store(fx->files.db), *b = support_open_store(fx->files.db);
	struct workshop *wa = a_parks_one(fx, a);
	struct error err = {0};
	struct workshop *wb = take_over_from_a_silent_host(fx, b);

	size_t at = wa->s->nparking - 1;
	support_expect_refused(ws_edit_parked(wa, at, "the stale window's edit", &err), &err, ERR_BUSY,
		       SAYS_LOST);
	assert_null(strchr(err.msg, '\n'));
	support_expect_refused(ws_rate(wa, 0, 0, 4, &err), &err, ERR_BUSY, SAYS_LOST);
	/* The window is read-only now and says so. Its session is as it was
	 * (the refused edit undone in memory, B's edit not yet read) until,
	 * before the next key, it reads the session back and shows B's edit. */
	assert_true(wa->read_only);
	char why[600];
	assert_string_equal(ws_read_only_reason(wa, why, sizeof why), SAYS_LOST);
	assert_int_equal(wa->s->nparking, 1);
	assert_string_equal(wa->s->parking[0].text, "parked before the window went away");
	assert_false(workshop_wake(wa));
	assert_int_equal(wa->s->nparking, 2);
	assert_only_bs_edit(fx);
	struct session *s = load(fx->files.db, fx->first);
	assert_int_equal(s->dims[0].scores[0], RATING_NONE);
	session_free(s);
	workshop_close(wa);
	/* Closing the stale window leaves B's lease alone. */
	support_expect_ok(ws_park(wb, "parked after the stale window closed", &err), &err);
	workshop_close(wb);
	store_close(b);
	store_close(a);
}

/* The key waiting in A's terminal is handled only after A has looked at
 * its lease: A turns read-only first, so the key cannot write. */
static void two_windows__a_window_that_wakes_turns_read_only_before_it_handles_a_key(
	void **state)
{
	const struct fixture *fx = *state;
	struct store *a = support_open_store(fx->files.db), *b = support_open_store(fx->files.db);
	struct workshop *wa = a_parks_one(fx, a);
	struct error err = {0};
	assert_false(workshop_wake(wa));
	struct workshop *wb = take_over_from_a_silent_host(fx, b);
	assert_true(workshop_wake(wa));
	assert_true(wa->read_only);
	assert_int_equal(wa->s->nparking, 2);
	assert_false(workshop_wake(wa));
	support_expect_refused(ws_park(wa, "the key that waited", &err), &err, ERR_BUSY, SAYS_LOST);
	assert_int_equal(wa->s->nparking, 2);
	assert_only_bs_edit(fx);
	workshop_close(wa);
	workshop_close(wb);
	store_close(b);
	store_close(a);
}

/* A live process on this host is never taken over for its silence alone:
 * it is only stopped, and will write the moment it is woken. */
static void two_windows__a_silent_live_window_on_this_host_keeps_its_lease(void **state)
{
	const struct fixture *fx = *state;
	struct store *a = support_open_store(fx->files.db), *b = support_open_store(fx->files.db);
	struct workshop *wa = open_workshop(a, fx->first);
	char later[CLOCK_ISO_SIZE];
	clock_format_iso(time(NULL) + 3600, later);
	setenv("IMPROV_NOW", later, 1);
	struct workshop *wb = open_workshop(b, fx->first);
	unsetenv("IMPROV_NOW");
	assert_true(wb->read_only);
	assert_false(workshop_wake(wa));
	struct error err = {0};
	support_expect_ok(ws_park(wa, "parked by the window that was only stopped", &err), &err);
	workshop_close(wb);
	workshop_close(wa);
	store_close(b);
	store_close(a);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	setenv("IMPROV_NOW", "2026-11-28T16:00:00Z", 1);
	const struct CMUnitTest tests[] = {
		TEST(two_windows__edit_different_sessions_at_once_and_lose_no_write),
		TEST(two_windows__the_same_session_is_read_only_in_the_second_which_names_the_holder),
		TEST(two_windows__a_lease_left_by_a_killed_process_is_taken_over_at_once),
		TEST(two_windows__a_lease_left_by_an_exit_without_letting_go_is_taken_over),
		TEST(two_windows__a_write_waits_for_a_short_transaction_in_the_other_window),
		TEST(two_windows__a_long_transaction_makes_the_others_write_busy_within_the_timeout),
		TEST(two_windows__a_window_killed_mid_transaction_leaves_no_lock_and_no_half_change),
		TEST(two_windows__four_check_ins_at_once_make_one_iteration_and_refuse_three),
		TEST(two_windows__four_check_ins_at_once_are_refused_the_same_beside_a_unique_index),
		TEST(two_windows__a_window_that_lost_its_lease_writes_nothing_over_the_new_holder),
		TEST(two_windows__a_window_that_wakes_turns_read_only_before_it_handles_a_key),
		TEST(two_windows__a_silent_live_window_on_this_host_keeps_its_lease),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
