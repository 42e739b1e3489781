/* Tests for the file sessions/store keeps: old files are migrated after a
 * backup, files improv must not touch are left byte for byte, the file is
 * private, one window at a time edits a session, a read-only store refuses
 * every write, and a file handed from one person to another (a link, a
 * FIFO, a log, a planted trigger) is opened safely or refused. Each test
 * works in its own temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
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

#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/schema.h"
#include "sessions/store.h"
#include "tests/support.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* How many files in dir have names ending in suffix. */
static size_t files_named(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	const struct dirent *ent;
	size_t n = 0, len = strlen(suffix);
	assert_non_null(d);
	while ((ent = readdir(d)) != NULL) {
		size_t name = strlen(ent->d_name);
		n += name >= len && strcmp(ent->d_name + name - len, suffix) == 0;
	}
	closedir(d);
	return n;
}

/* The files SQLite makes beside a database it has opened for writing. */
static void assert_no_side_files(const char *path)
{
	static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < NELEMS(suffixes); i++) {
		char side[SUPPORT_PATH_SIZE];
		snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
		if (support_file_exists(side))
			print_error("%s exists\n", side);
		assert_false(support_file_exists(side));
	}
}

static int64_t file_version(const char *path)
{
	return support_file_int(path, "PRAGMA user_version", 0);
}

/* Opens path, expects the refusal `want` with one line naming the file,
 * and checks that nothing was written: not the file, not beside it. */
static void assert_open_refused(const char *path, const struct store_options *opts,
				enum err_code want)
{
	struct bytes before = support_read_bytes(path);
	struct store *st = NULL;
	struct error err = {0};
	enum err_code code = store_open(path, opts, &st, &err);
	if (code != want)
		print_error("got %d: %s\n", code, err.msg);
	assert_int_equal(code, want);
	assert_null(st);
	assert_int_equal(err.code, want);
	assert_non_null(strstr(err.msg, path));
	assert_null(strchr(err.msg, '\n'));
	support_assert_bytes_unchanged(path, &before);
	assert_no_side_files(path);
	free(before.data);
}

/* Refused the same way when opened for writing and read-only. */
static void assert_refused_even_read_only(const char *path, enum err_code want)
{
	assert_open_refused(path, NULL, want);
	const struct store_options read_only = {.read_only = true};
	assert_open_refused(path, &read_only, want);
}

/* A file of these bytes at path is refused as data. */
static void assert_written_refused(const char *path, const void *data, size_t len)
{
	support_write_bytes(path, data, len);
	assert_open_refused(path, NULL, ERR_DATA);
}

/* The bytes of a new database at fx->db holding a full session, and in
 * copy the path of a file named name beside it (not made yet). */
static struct bytes full_database(const struct support_fixture *fx, const char *name,
				  char copy[SUPPORT_PATH_SIZE])
{
	support_path_in(fx, name, copy);
	session_free(support_make_database(fx->db));
	return support_read_bytes(fx->db);
}

/* ---- 1. migrations ---- */

static const char *const add_a_column[] = {
	"ALTER TABLE sessions ADD COLUMN venue TEXT NOT NULL DEFAULT ''",
	"CREATE INDEX sessions_by_venue ON sessions(venue)",
	NULL,
};

static const char *const half_broken[] = {
	"ALTER TABLE sessions ADD COLUMN venue TEXT NOT NULL DEFAULT ''",
	"ALTER TABLE no_such_table ADD COLUMN x INTEGER",
	NULL,
};

/* Options that open a file with the program's migrations and one more
 * after them, in list, as the next version of the program would. */
#define NEXT_VERSION (STORE_SCHEMA_VERSION + 1)
#define MIGRATIONS_MAX 16

static struct store_options next_version(struct store_migration *list, const char *const *sql)
{
	assert_true(schema_nmigrations < MIGRATIONS_MAX);
	memcpy(list, schema_migrations, schema_nmigrations * sizeof *list);
	list[schema_nmigrations] = (struct store_migration){.version = NEXT_VERSION, .sql = sql};
	return (struct store_options){.migrations = list, .nmigrations = schema_nmigrations + 1};
}

static int64_t venue_columns(const char *path)
{
	return support_file_int(path, "SELECT count(*) FROM pragma_table_info('sessions')"
				" WHERE name = 'venue'", 0);
}

/* The file is at this version, with the next version's column exactly when
 * it is the next version. */
static void assert_file_at(const char *path, int64_t version)
{
	assert_int_equal(file_version(path), version);
	assert_int_equal(venue_columns(path), version == NEXT_VERSION);
}

static void store_open__migrates_an_older_file_after_a_backup_that_holds_the_old_data(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	struct store_migration list[MIGRATIONS_MAX];
	const struct store_options opts = next_version(list, add_a_column);
	struct store *st = support_open_with(fx->db, &opts);
	assert_int_equal(store_schema_version(st), NEXT_VERSION);
	assert_non_null(store_last_backup(st));
	char backup[SUPPORT_PATH_SIZE];
	snprintf(backup, sizeof backup, "%s", store_last_backup(st));
	assert_int_equal(strncmp(backup, fx->db, strlen(fx->db)), 0);
	support_assert_holds(st, s);
	store_close(st);
	assert_file_at(fx->db, NEXT_VERSION);

	/* The backup: private, sound, at the version it had, with the session in it. */
	assert_true(support_file_exists(backup));
	assert_int_equal(support_mode_of(backup), 0600);
	assert_file_at(backup, STORE_SCHEMA_VERSION);
	const struct store_options read_only = {.read_only = true, .must_exist = true};
	st = support_open_with(backup, &read_only);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_null(store_last_backup(st));
	bool sound = false;
	struct error err = {0};
	support_expect_ok(store_check(st, &sound, &err), &err);
	assert_true(sound);
	support_assert_holds(st, s);
	store_close(st);

	/* Opened again with the same list, nothing more to do and no backup. */
	st = support_open_with(fx->db, &opts);
	assert_int_equal(store_schema_version(st), NEXT_VERSION);
	assert_null(store_last_backup(st));
	store_close(st);
	session_free(s);
}

static void store_open__refuses_a_newer_schema_and_leaves_the_file_byte_for_byte(void **state)
{
	const struct support_fixture *fx = *state;
	session_free(support_make_database(fx->db));
	struct store_migration list[MIGRATIONS_MAX];
	const struct store_options opts = next_version(list, add_a_column);
	store_close(support_open_with(fx->db, &opts));
	assert_refused_even_read_only(fx->db, ERR_BUSY);
}

static void store_open__leaves_the_file_at_its_version_and_usable_when_a_migration_fails(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	struct store_migration list[MIGRATIONS_MAX];
	const struct store_options opts = next_version(list, half_broken);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_not_equal(store_open(fx->db, &opts, &st, &err), ERR_OK);
	assert_null(st);
	char which[32];
	snprintf(which, sizeof which, "schema %d", NEXT_VERSION);
	assert_non_null(strstr(err.msg, which));
	assert_null(strchr(err.msg, '\n'));
	assert_file_at(fx->db, STORE_SCHEMA_VERSION);

	st = support_open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	support_assert_holds(st, s);
	support_expect_ok(session_add_value(s, "still here", &err), &err);
	support_expect_ok(store_save_item(st, s, LIST_VALUES, s->nvalues - 1, &err), &err);
	support_close_check_reopen(fx->db, &st, s);
	store_close(st);
	session_free(s);
}

static void store_open__does_not_migrate_a_file_opened_read_only(void **state)
{
	const struct support_fixture *fx = *state;
	session_free(support_make_database(fx->db));
	struct store_migration list[MIGRATIONS_MAX];
	struct store_options opts = next_version(list, add_a_column);
	opts.read_only = true;
	struct bytes before = support_read_bytes(fx->db);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, &opts, &st, &err), ERR_IO);
	assert_null(st);
	assert_non_null(strstr(err.msg, fx->db));
	assert_null(strchr(err.msg, '\n'));
	support_assert_bytes_unchanged(fx->db, &before);
	assert_int_equal(file_version(fx->db), STORE_SCHEMA_VERSION);
	assert_int_equal(files_named(fx->dir, ".bak"), 0);
	free(before.data);
}

/* How many tables a statement reads from end to end, foreign key checks
 * included. */
static int full_scans(sqlite3 *db, const char *sql)
{
	char plan[256];
	snprintf(plan, sizeof plan, "EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, plan, -1, &q, NULL), SQLITE_OK);
	int scans = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(q, 3);
		scans += detail && strncmp(detail, "SCAN ", 5) == 0;
	}
	sqlite3_finalize(q);
	return scans;
}

static void store_open__lets_a_schema_1_file_delete_rows_without_reading_every_session(
	void **state)
{
	const struct support_fixture *fx = *state;
	const struct store_options first = {.migrations = schema_migrations, .nmigrations = 1};
	store_close(support_open_with(fx->db, &first));
	assert_int_equal(file_version(fx->db), 1);
	struct store *st = support_open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_non_null(store_last_backup(st));
	store_close(st);
	sqlite3 *raw = support_raw_open(fx->db);
	support_raw_exec(raw, "PRAGMA foreign_keys = ON");
	static const char *const deletes[] = {
		"DELETE FROM participants WHERE id = 1", "DELETE FROM team_values WHERE id = 1",
		"DELETE FROM goals WHERE id = 1", "DELETE FROM metrics WHERE id = 1",
		"DELETE FROM steps WHERE id = 1", "DELETE FROM parking_lot WHERE id = 1",
		"DELETE FROM ballots WHERE id = 1", "DELETE FROM dimensions WHERE id = 1",
		"DELETE FROM sessions WHERE id = 1",
	};
	for (size_t i = 0; i < NELEMS(deletes); i++) {
		if (full_scans(raw, deletes[i]) != 0)
			print_error("%s reads a whole table\n", deletes[i]);
		assert_int_equal(full_scans(raw, deletes[i]), 0);
	}
	sqlite3_close(raw);
}

/* ---- 2. files improv must not touch ---- */

static void store_open__refuses_a_text_file_and_leaves_it_byte_for_byte(void **state)
{
	const struct support_fixture *fx = *state;
	static const char text[] =
		"Notes from the workshop\n- ask Ana about the wiki\n- budget?\n"
		"This file is long enough to hold an SQLite header, but it is none.\n";
	assert_written_refused(fx->db, text, sizeof text - 1);
	assert_written_refused(fx->db, "hello\n", 6);
}

static void store_open__refuses_a_truncated_database_and_leaves_it_byte_for_byte(void **state)
{
	const struct support_fixture *fx = *state;
	char copy[SUPPORT_PATH_SIZE];
	struct bytes whole = full_database(fx, "half.db", copy);
	assert_true(whole.len >= 8 * 4096);
	/* Half the pages: only the header's page count gives it away. */
	assert_written_refused(copy, whole.data, whole.len / 2 / 4096 * 4096);
	/* Half the bytes, wherever that falls. */
	assert_written_refused(copy, whole.data, whole.len / 2 + 100);
	free(whole.data);
}

static void store_open__refuses_a_database_of_a_newer_version_and_leaves_it_byte_for_byte(
	void **state)
{
	const struct support_fixture *fx = *state;
	char copy[SUPPORT_PATH_SIZE];
	support_path_in(fx, "newer.db", copy);
	session_free(support_make_database(fx->db));
	support_copy_file(fx->db, copy);
	sqlite3 *raw = support_raw_open(copy);
	support_raw_exec(raw, "PRAGMA user_version = 99");
	sqlite3_close(raw);
	assert_no_side_files(copy);
	assert_refused_even_read_only(copy, ERR_BUSY);
}

static void store_open__refuses_an_sqlite_database_that_is_not_improvs(void **state)
{
	const struct support_fixture *fx = *state;
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(fx->db, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
					 NULL), SQLITE_OK);
	support_raw_exec(raw, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')");
	sqlite3_close(raw);
	assert_refused_even_read_only(fx->db, ERR_DATA);
}

static void store_open__refuses_a_header_with_a_zeroed_page_size(void **state)
{
	const struct support_fixture *fx = *state;
	char copy[SUPPORT_PATH_SIZE];
	struct bytes b = full_database(fx, "damaged.db", copy);
	b.data[16] = b.data[17] = 0;
	assert_written_refused(copy, b.data, b.len);
	free(b.data);
}

static void store_open__refuses_a_header_with_a_zeroed_page_count(void **state)
{
	const struct support_fixture *fx = *state;
	char copy[SUPPORT_PATH_SIZE];
	struct bytes b = full_database(fx, "damaged.db", copy);
	memset(b.data + 28, 0, 4);
	assert_written_refused(copy, b.data, b.len);
	/* Both at once. */
	b.data[16] = b.data[17] = 0;
	assert_written_refused(copy, b.data, b.len);
	free(b.data);
}

static void store_open__builds_a_new_database_in_an_empty_file(void **state)
{
	const struct support_fixture *fx = *state;
	support_write_bytes(fx->db, "", 0);
	assert_int_equal(chmod(fx->db, 0644), 0);
	struct store *st = support_open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_null(store_last_backup(st));
	struct session *s = support_store_session(st, support_full_session());
	store_close(st);
	assert_int_equal(support_mode_of(fx->db), 0600);
	support_assert_stored_as(fx->db, s);
	assert_int_equal(support_file_int(fx->db, "PRAGMA application_id", 0),
			 STORE_APPLICATION_ID);
	session_free(s);
}

static void store_open__with_must_exist_refuses_a_missing_file_and_creates_nothing(void **state)
{
	const struct support_fixture *fx = *state;
	char deeper[SUPPORT_PATH_SIZE];
	support_path_in(fx, "not/there/improv.db", deeper);
	const struct store_options opts = {.must_exist = true};
	const struct store_options read_only = {.read_only = true};
	const char *const paths[] = {fx->db, deeper};
	for (size_t i = 0; i < NELEMS(paths); i++) {
		for (size_t k = 0; k < 2; k++) {
			struct store *st = NULL;
			struct error err = {0};
			assert_int_equal(store_open(paths[i], k ? &read_only : &opts, &st, &err),
					 ERR_NOINPUT);
			assert_null(st);
			assert_non_null(strstr(err.msg, paths[i]));
			assert_null(strchr(err.msg, '\n'));
		}
	}
	assert_int_equal(support_files_in(fx->dir), 0);
}

/* ---- 3. a private file ---- */

static void store_open__creates_the_file_0600_and_its_folders_0700_under_umask_022(
	void **state)
{
	const struct support_fixture *fx = *state;
	char top[SUPPORT_PATH_SIZE], middle[SUPPORT_PATH_SIZE], db[SUPPORT_PATH_SIZE];
	char wal[SUPPORT_PATH_SIZE + 8], shm[SUPPORT_PATH_SIZE + 8];
	support_path_in(fx, "data", top);
	support_path_in(fx, "data/improv", middle);
	support_path_in(fx, "data/improv/improv.db", db);
	snprintf(wal, sizeof wal, "%s-wal", db);
	mode_t old = umask(022);
	struct store *st = support_open_store(db);
	struct session *s = support_store_session(st, support_full_session());
	snprintf(shm, sizeof shm, "%s-shm", db);
	assert_true(support_file_exists(wal) && support_file_exists(shm));
	assert_int_equal(support_mode_of(wal), 0600);
	assert_int_equal(support_mode_of(shm), 0600);
	store_close(st);
	umask(old);
	assert_int_equal(support_mode_of(top), 0700);
	assert_int_equal(support_mode_of(middle), 0700);
	assert_int_equal(support_mode_of(db), 0600);
	session_free(s);
}

/* ---- 4. the edit lease ---- */

static void write_lease_row(const char *path, int64_t session, const char *host, int64_t pid,
			    int64_t renewed)
{
	sqlite3 *raw = support_raw_open(path);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw,
		"INSERT OR REPLACE INTO leases (session_id, token, who, host, pid, since, renewed)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", -1, &q, NULL), SQLITE_OK);
	char who[128];
	snprintf(who, sizeof who, "ghost@%s, process %lld", host, (long long)pid);
	sqlite3_bind_int64(q, 1, session);
	sqlite3_bind_text(q, 2, "0123456789abcdef0123456789abcdef", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, pid);
	sqlite3_bind_int64(q, 6, renewed);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(raw);
}

static int64_t lease_pid(const char *path, int64_t session)
{
	return support_file_int(path, "SELECT pid FROM leases WHERE session_id = ?1", session);
}

static void this_host(char host[64])
{
	assert_int_equal(gethostname(host, 64), 0);
	host[63] = '\0';
}

static void store_lease__a_second_window_is_refused_and_told_who_holds_the_session(
	void **state)
{
	struct support_stored *fx = *state;
	const struct session *s = fx->s;
	struct store *first = fx->st, *second = support_open_store(fx->scratch.db);
	struct error err = {0};
	struct lease_holder holder = {"", 0};
	support_expect_ok(store_lease_acquire(first, s->id, &holder, &err), &err);
	assert_string_equal(holder.who, "");
	/* Taking it again is fine for the holder. */
	support_expect_ok(store_lease_acquire(first, s->id, NULL, &err), &err);
	time_t before = time(NULL);
	assert_int_equal(store_lease_acquire(second, s->id, &holder, &err), ERR_BUSY);
	char pid[32];
	snprintf(pid, sizeof pid, "process %ld", (long)getpid());
	assert_non_null(strstr(holder.who, pid));
	assert_true(holder.since > 0 && holder.since <= before + 1);
	assert_non_null(strstr(err.msg, holder.who));
	assert_null(strchr(err.msg, '\n'));
	/* The refused window can still read the session. */
	support_assert_holds(second, s);
	store_close(second);
}

static void store_lease__a_second_window_takes_the_session_once_the_first_lets_go(
	void **state)
{
	struct support_stored *fx = *state;
	int64_t id = fx->s->id;
	struct store *first = fx->st, *second = support_open_store(fx->scratch.db);
	struct error err = {0};
	support_expect_ok(store_lease_acquire(first, id, NULL, &err), &err);
	assert_int_equal(store_lease_acquire(second, id, NULL, &err), ERR_BUSY);
	store_lease_release(first, id);
	support_expect_ok(store_lease_acquire(second, id, NULL, &err), &err);
	assert_int_equal(store_lease_acquire(first, id, NULL, &err), ERR_BUSY);
	/* Releasing a lease one does not hold changes nothing. */
	store_lease_release(first, id);
	assert_int_equal(store_lease_acquire(first, id, NULL, &err), ERR_BUSY);
	store_close(second);
}

static void store_lease__takes_over_a_lease_whose_process_has_died(void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	char host[64];
	this_host(host);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	write_lease_row(fx->db, s->id, host, child, (int64_t)time(NULL));
	struct store *st = support_open_store(fx->db);
	struct error err = {0};
	struct lease_holder holder = {"", 0};
	support_expect_ok(store_lease_acquire(st, s->id, &holder, &err), &err);
	assert_int_equal(lease_pid(fx->db, s->id), getpid());
	support_expect_ok(store_lease_renew(st, s->id, &err), &err);
	store_close(st);
	session_free(s);
}

static void store_lease__respects_a_live_process_and_takes_over_a_silent_host(void **state)
{
	struct support_stored *fx = *state;
	const char *db = fx->scratch.db;
	int64_t id = fx->s->id;
	char host[64];
	this_host(host);
	struct error err = {0};
	/* Our parent is alive on this host. */
	write_lease_row(db, id, host, getppid(), (int64_t)time(NULL));
	assert_int_equal(store_lease_acquire(fx->st, id, NULL, &err), ERR_BUSY);
	/* However long it has been silent: stopped, it will write when woken. */
	write_lease_row(db, id, host, getppid(),
			(int64_t)time(NULL) - 10 * STORE_LEASE_STALE_SECONDS);
	assert_int_equal(store_lease_acquire(fx->st, id, NULL, &err), ERR_BUSY);
	/* Another host cannot be asked; a recent renewal counts as alive. */
	write_lease_row(db, id, "elsewhere.example", 1, (int64_t)time(NULL));
	assert_int_equal(store_lease_acquire(fx->st, id, NULL, &err), ERR_BUSY);
	/* Not renewed for longer than the limit: gone. */
	write_lease_row(db, id, "elsewhere.example", 1,
			(int64_t)time(NULL) - STORE_LEASE_STALE_SECONDS - 10);
	support_expect_ok(store_lease_acquire(fx->st, id, NULL, &err), &err);
	assert_int_equal(lease_pid(db, id), getpid());
}

static void store_lease__renews_for_the_holder_and_not_for_another_window(void **state)
{
	struct support_stored *fx = *state;
	const struct session *s = fx->s;
	struct store *first = fx->st, *second = support_open_store(fx->scratch.db);
	struct store *third = support_open_store(fx->scratch.db);
	struct error err = {0};
	support_expect_ok(store_lease_acquire(first, s->id, NULL, &err), &err);
	sqlite3 *raw = support_raw_open(fx->scratch.db);
	support_raw_exec(raw, "UPDATE leases SET renewed = renewed - 60");
	int64_t old = support_raw_int(raw, "SELECT renewed FROM leases WHERE session_id = ?1", s->id);
	support_expect_ok(store_lease_renew(first, s->id, &err), &err);
	assert_true(support_raw_int(raw, "SELECT renewed FROM leases WHERE session_id = ?1", s->id) >=
		    old + 60);
	/* A window refused the lease, and one that never asked for it. */
	assert_int_equal(store_lease_acquire(second, s->id, NULL, &err), ERR_BUSY);
	assert_int_not_equal(store_lease_renew(second, s->id, &err), ERR_OK);
	assert_int_not_equal(store_lease_renew(third, s->id, &err), ERR_OK);
	sqlite3_close(raw);
	/* A holder whose lease was taken over is told so on renewal. */
	store_lease_release(first, s->id);
	support_expect_ok(store_lease_acquire(second, s->id, NULL, &err), &err);
	assert_int_equal(store_lease_renew(first, s->id, &err), ERR_BUSY);
	support_expect_ok(store_lease_renew(second, s->id, &err), &err);
	store_close(third);
	store_close(second);
}

/* ---- 5. read-only ---- */

static void store_open__read_only_reads_and_refuses_every_write_with_a_clear_error(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	struct bytes before = support_read_bytes(fx->db);
	const struct store_options opts = {.read_only = true};
	struct store *st = support_open_with(fx->db, &opts);
	struct session *got = support_load(st, s->id);
	support_assert_same_session(s, got);
	struct error err = {0};
	support_expect_ok(session_add_value(got, "never stored", &err), &err);
	assert_int_equal(store_save_item(st, got, LIST_VALUES, got->nvalues - 1, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "read-only"));
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(got->values[got->nvalues - 1].id, 0);
	error_clear(&err);
	assert_int_equal(store_save_session_fields(st, got, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "read-only"));
	error_clear(&err);
	assert_int_equal(store_save_rating(st, got, 0, 0, &err), ERR_IO);
	assert_int_equal(store_save_ballot(st, got, 0, &err), ERR_IO);
	assert_int_equal(store_delete_item(st, got, LIST_STEPS, got->steps[0].id, &err), ERR_IO);
	assert_int_equal(store_lease_acquire(st, got->id, NULL, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "read-only"));
	struct session *fresh = support_full_session();
	assert_int_equal(store_create_session(st, fresh, &err), ERR_IO);
	assert_int_equal(fresh->id, 0);
	session_free(fresh);
	session_free(got);
	store_close(st);
	support_assert_bytes_unchanged(fx->db, &before);
	support_assert_stored_as(fx->db, s);
	free(before.data);
	session_free(s);
}


/* ---- 6. files handed from one person to another ---- */

/* Opens path in a child that a hang kills: the exit status is the code
 * store_open returned, or 99 when the message was not one line. */
static int open_in_child(const char *path, const struct store_options *opts)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(5);
		struct store *st = NULL;
		struct error err = {0};
		enum err_code code = store_open(path, opts, &st, &err);
		store_close(st);
		_exit(strchr(err.msg, '\n') || !strstr(err.msg, "not a regular file") ? 99
										    : (int)code);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void store_open__refuses_a_fifo_at_once(void **state)
{
	const struct support_fixture *fx = *state;
	assert_int_equal(mkfifo(fx->db, 0600), 0);
	const struct store_options read_only = {.read_only = true};
	assert_int_equal(open_in_child(fx->db, NULL), ERR_DATA);
	assert_int_equal(open_in_child(fx->db, &read_only), ERR_DATA);
	assert_no_side_files(fx->db);
}

static void store_open__refuses_a_dangling_link_and_creates_nothing_where_it_points(
	void **state)
{
	const struct support_fixture *fx = *state;
	char target[SUPPORT_PATH_SIZE];
	support_path_in(fx, "elsewhere.db", target);
	assert_int_equal(symlink(target, fx->db), 0);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, NULL, &st, &err), ERR_DATA);
	assert_null(st);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_null(strchr(err.msg, '\n'));
	assert_false(support_file_exists(target));
	assert_no_side_files(fx->db);
}

static void store_open__refuses_a_link_to_a_database_and_leaves_the_database_byte_for_byte(
	void **state)
{
	const struct support_fixture *fx = *state;
	char link[SUPPORT_PATH_SIZE];
	struct bytes before = full_database(fx, "link.db", link);
	assert_int_equal(symlink(fx->db, link), 0);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(link, NULL, &st, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_non_null(strstr(err.msg, link));
	support_assert_bytes_unchanged(fx->db, &before);
	assert_no_side_files(fx->db);
	free(before.data);
}

/* The database and the two files beside it, as they are now. */
struct trio {
	struct bytes db, wal, shm;
};

static struct trio read_trio(const char *path)
{
	char wal[SUPPORT_PATH_SIZE], shm[SUPPORT_PATH_SIZE];
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	return (struct trio){support_read_bytes(path), support_read_bytes(wal),
			     support_read_bytes(shm)};
}

static void assert_trio_unchanged(const char *path, struct trio *before)
{
	struct trio now = read_trio(path);
	const struct bytes *b[] = {&before->db, &before->wal, &before->shm};
	const struct bytes *n[] = {&now.db, &now.wal, &now.shm};
	for (size_t i = 0; i < NELEMS(b); i++) {
		assert_int_equal(n[i]->len, b[i]->len);
		assert_memory_equal(n[i]->data, b[i]->data, b[i]->len);
		free(n[i]->data);
		free(b[i]->data);
	}
}

/* Writes sql into the write-ahead log of path and leaves it there, as a
 * process that stopped before its checkpoint would. */
static void leave_in_log(const char *path, const char *sql)
{
	sqlite3 *raw = support_raw_open(path);
	assert_int_equal(sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL),
			 SQLITE_OK);
	support_raw_exec(raw, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0");
	support_raw_exec(raw, sql);
	sqlite3_close(raw);
}

/* The schema version in the file's own header, offset 60. */
static uint32_t header_version(const char *path)
{
	struct bytes b = support_read_bytes(path);
	assert_true(b.len >= 100);
	uint32_t v = (uint32_t)b.data[60] << 24 | (uint32_t)b.data[61] << 16 |
		     (uint32_t)b.data[62] << 8 | b.data[63];
	free(b.data);
	return v;
}

static void store_open__refuses_a_newer_schema_in_the_log_and_leaves_every_file_byte_for_byte(
	void **state)
{
	const struct support_fixture *fx = *state;
	session_free(support_make_database(fx->db));
	leave_in_log(fx->db, "UPDATE sessions SET title = 'changed'; PRAGMA user_version = 99");
	leave_in_log(fx->db, "UPDATE sessions SET title = 'changed again'");
	assert_int_equal(header_version(fx->db), STORE_SCHEMA_VERSION);
	struct trio before = read_trio(fx->db);
	const struct store_options read_only = {.read_only = true};
	const struct store_options *each[] = {NULL, &read_only};
	for (size_t i = 0; i < NELEMS(each); i++) {
		struct store *st = NULL;
		struct error err = {0};
		assert_int_equal(store_open(fx->db, each[i], &st, &err), ERR_BUSY);
		assert_non_null(strstr(err.msg, "schema 99"));
		assert_null(strchr(err.msg, '\n'));
	}
	assert_trio_unchanged(fx->db, &before);
}

static void store_open__reads_an_older_schema_left_in_the_log(void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	leave_in_log(fx->db, "UPDATE sessions SET title = 'from the log'");
	struct store *st = support_open_store(fx->db);
	struct session *got = support_load(st, s->id);
	assert_string_equal(got->title, "from the log");
	session_free(got);
	store_close(st);
	session_free(s);
}

static void store_open__refuses_a_file_with_a_trigger_it_did_not_make(void **state)
{
	const struct support_fixture *fx = *state;
	session_free(support_make_database(fx->db));
	sqlite3 *raw = support_raw_open(fx->db);
	support_raw_exec(raw, "CREATE TABLE seen (ballot INTEGER, at TEXT);"
		      "CREATE TRIGGER spy AFTER INSERT ON ballot_voters BEGIN"
		      " INSERT INTO seen SELECT NEW.ballot_id, datetime('now'); END;"
		      "CREATE VIEW everything AS SELECT * FROM sessions;"
		      "PRAGMA journal_mode = DELETE");
	sqlite3_close(raw);
	const struct store_options read_only = {.read_only = true};
	const struct store_options *each[] = {NULL, &read_only};
	for (size_t i = 0; i < NELEMS(each); i++) {
		struct bytes before = support_read_bytes(fx->db);
		struct store *st = NULL;
		struct error err = {0};
		assert_int_equal(store_open(fx->db, each[i], &st, &err), ERR_DATA);
		assert_non_null(strstr(err.msg, "trigger spy"));
		assert_non_null(strstr(err.msg, "view everything"));
		assert_null(strchr(err.msg, '\n'));
		support_assert_bytes_unchanged(fx->db, &before);
		free(before.data);
	}
}

static void store_open__keeps_a_planted_trigger_from_running_when_told_to_keep_it(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	sqlite3 *raw = support_raw_open(fx->db);
	support_raw_exec(raw, "CREATE TABLE seen (n INTEGER);"
		      "CREATE TRIGGER spy AFTER UPDATE ON sessions BEGIN"
		      " INSERT INTO seen VALUES (1); END;");
	sqlite3_close(raw);
	const struct store_options keep = {.keep_foreign = true};
	struct store *st = support_open_with(fx->db, &keep);
	struct error err = {0};
	struct session *got = support_load(st, s->id);
	support_expect_ok(session_set_field(got, "title", "renamed", &err), &err);
	support_expect_ok(store_save_session_fields(st, got, &err), &err);
	session_free(got);
	store_close(st);
	raw = support_raw_open(fx->db);
	assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM seen", 0), 0);
	sqlite3_close(raw);
	session_free(s);
}

/* ---- 7. schema 3: one check-in per session ---- */

/* A schema 2 file holding a session and its check-in; *first, *next their
 * ids. Today's store makes them in a file beside it, copied into it. */
static void make_schema_2_series(const char *path, int64_t *first, int64_t *next)
{
	char made[PATH_MAX];
	snprintf(made, sizeof made, "%s.made", path);
	struct store *st = support_open_store(made);
	struct session *s = support_store_session(st, support_full_session());
	struct error err = {0};
	*first = s->id;
	support_expect_ok(store_check_in(st, s->id, 1800000000, next, &err), &err);
	session_free(s);
	store_close(st);
	const struct store_options two = {.migrations = schema_migrations, .nmigrations = 2};
	store_close(support_open_with(path, &two));
	support_copy_rows_into_older(made, path);
	assert_int_equal(file_version(path), 2);
}

/* Inserts a second check-in of session `of`, a copy of the first. */
static int raw_second_check_in(sqlite3 *raw, int64_t of)
{
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "INSERT INTO sessions (series_id, parent_id,"
					    " iteration, title, template, created_at) SELECT series_id,"
					    " parent_id, iteration, title, template, created_at"
					    " FROM sessions WHERE parent_id = ?1", -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(q, 1, of);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc;
}

static void store_open__refuses_to_upgrade_a_file_with_two_check_ins_of_one_session(
	void **state)
{
	const struct support_fixture *fx = *state;
	int64_t first, next;
	make_schema_2_series(fx->db, &first, &next);
	sqlite3 *raw = support_raw_open(fx->db);
	assert_int_equal(raw_second_check_in(raw, first), SQLITE_DONE);
	int64_t twin = sqlite3_last_insert_rowid(raw);
	support_raw_exec(raw, "PRAGMA journal_mode = DELETE");
	sqlite3_close(raw);
	char names[96];
	snprintf(names, sizeof names, "sessions %lld and %lld are both check-ins of session %lld",
		 (long long)next, (long long)twin, (long long)first);
	struct error err = {0};
	support_expect_open_refused(fx, names, &err);
}

static void store_open__upgrades_a_schema_2_file_to_refuse_a_second_check_in(void **state)
{
	const struct support_fixture *fx = *state;
	int64_t first, next;
	make_schema_2_series(fx->db, &first, &next);
	store_close(support_open_store(fx->db));
	assert_int_equal(file_version(fx->db), STORE_SCHEMA_VERSION);
	sqlite3 *raw = support_raw_open(fx->db);
	assert_int_equal(raw_second_check_in(raw, first), SQLITE_CONSTRAINT);
	sqlite3_close(raw);
}

#define TEST(name) \
	cmocka_unit_test_setup_teardown(name, support_make_fixture, support_remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(store_open__migrates_an_older_file_after_a_backup_that_holds_the_old_data),
		TEST(store_open__refuses_a_newer_schema_and_leaves_the_file_byte_for_byte),
		TEST(store_open__leaves_the_file_at_its_version_and_usable_when_a_migration_fails),
		TEST(store_open__does_not_migrate_a_file_opened_read_only),
		TEST(store_open__lets_a_schema_1_file_delete_rows_without_reading_every_session),
		TEST(store_open__refuses_a_text_file_and_leaves_it_byte_for_byte),
		TEST(store_open__refuses_a_truncated_database_and_leaves_it_byte_for_byte),
		TEST(store_open__refuses_a_database_of_a_newer_version_and_leaves_it_byte_for_byte),
		TEST(store_open__refuses_an_sqlite_database_that_is_not_improvs),
		TEST(store_open__refuses_a_header_with_a_zeroed_page_size),
		TEST(store_open__refuses_a_header_with_a_zeroed_page_count),
		TEST(store_open__builds_a_new_database_in_an_empty_file),
		TEST(store_open__with_must_exist_refuses_a_missing_file_and_creates_nothing),
		TEST(store_open__creates_the_file_0600_and_its_folders_0700_under_umask_022),
		SUPPORT_STORED(
			store_lease__a_second_window_is_refused_and_told_who_holds_the_session),
		SUPPORT_STORED(
			store_lease__a_second_window_takes_the_session_once_the_first_lets_go),
		TEST(store_lease__takes_over_a_lease_whose_process_has_died),
		SUPPORT_STORED(store_lease__respects_a_live_process_and_takes_over_a_silent_host),
		SUPPORT_STORED(store_lease__renews_for_the_holder_and_not_for_another_window),
		TEST(store_open__read_only_reads_and_refuses_every_write_with_a_clear_error),
		TEST(store_open__refuses_a_fifo_at_once),
		TEST(store_open__refuses_a_dangling_link_and_creates_nothing_where_it_points),
		TEST(store_open__refuses_a_link_to_a_database_and_leaves_the_database_byte_for_byte),
		TEST(store_open__refuses_a_newer_schema_in_the_log_and_leaves_every_file_byte_for_byte),
		TEST(store_open__reads_an_older_schema_left_in_the_log),
		TEST(store_open__refuses_a_file_with_a_trigger_it_did_not_make),
		TEST(store_open__keeps_a_planted_trigger_from_running_when_told_to_keep_it),
		TEST(store_open__refuses_to_upgrade_a_file_with_two_check_ins_of_one_session),
		TEST(store_open__upgrades_a_schema_2_file_to_refuse_a_second_check_in),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
