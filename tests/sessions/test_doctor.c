/* Tests for damaged files and sessions/doctor: every kind of damage is
 * refused in one line and never written to, even where SQLite only meets
 * it half way through a change; the doctor says what is wrong without
 * writing, backs up a sound file, and puts a backup back in place of a
 * damaged one, which it keeps aside. The damaged files are made in each
 * test from a database the store wrote, so they follow the current schema.
 * Each test works in its own temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/doctor.h"
#include "sessions/store.h"
#include "tests/sessions/faulty_vfs.c"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 512
#define SESSIONS 2

/* ---- files and folders ---- */

/* How many files in dir have names that contain part. */
static size_t files_with(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	const struct dirent *ent;
	size_t n = 0;
	assert_non_null(d);
	while ((ent = readdir(d)) != NULL)
		n += strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0 &&
		     strstr(ent->d_name, part) != NULL;
	closedir(d);
	return n;
}

/* The files SQLite makes beside a database it has opened. */
static void assert_no_side_files(const char *path)
{
	static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < NELEMS(suffixes); i++) {
		char side[PATH_SIZE + 16];
		snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
		if (support_file_exists(side))
			print_error("%s exists\n", side);
		assert_false(support_file_exists(side));
	}
}

/* Removes a database and what SQLite may keep beside it. */
static void remove_database(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < NELEMS(suffixes); i++) {
		char side[PATH_SIZE + 16];
		snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
		unlink(side);
	}
}

/* ---- a database as the store writes it ---- */

static void make_template(struct template *tpl)
{
	static const char *const keys[] = {"culture", "policies", "tools"};
	support_build_template(tpl, &(const struct support_template){
		.key = "doctor-test", .name = "A template for the doctor's tests",
		.description = "Three dimensions on a five-point scale.",
		.keys = keys, .ndims = NELEMS(keys), .vote_cap = 3,
	});
}

static struct session *new_session(const char *title)
{
	static const char *const people[] = {"Ana", "Zoë Ng"};
	const struct session_setup setup = {
		.title = title, .organization = "Acme", .unit = "Sales",
		.level = LEVEL_TEAM, .participants = people, .nparticipants = NELEMS(people),
	};
	return support_session_from(&setup, make_template);
}

static void add_session(struct store *st, const char *title)
{
	struct session *s = new_session(title);
	struct error err = {0};
	support_expect_ok(store_create_session(st, s, &err), &err);
	session_free(s);
}

/* A closed database holding SESSIONS sessions, "Workshop 1" and on. */
static void make_database(const char *path)
{
	struct store *st = support_open_store(path);
	for (int i = 1; i <= SESSIONS; i++) {
		char title[32];
		snprintf(title, sizeof title, "Workshop %d", i);
		add_session(st, title);
	}
	store_close(st);
	assert_no_side_files(path);
}

/* The first page of table's tree, read as another program would. */
static long root_page(const char *path, const char *table)
{
	char uri[PATH_SIZE + 32];
	snprintf(uri, sizeof uri, "file:%s?immutable=1", path);
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
					    -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	long page = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return page;
}

/* ---- the damage, done to the bytes of a sound file ---- */

static size_t page_size(const struct bytes *b)
{
	size_t size = (size_t)b->data[16] << 8 | b->data[17];
	return size == 1 ? 65536 : size;
}

/* Flips the first 8 bytes (the b-tree page header) of the page that
 * starts table's tree: the header of the file stays whole. */
static void flip_page_of(struct bytes *b, const char *sound, const char *table)
{
	size_t start = (size_t)(root_page(sound, table) - 1) * page_size(b);
	assert_true(start > 0 && start + 8 <= b->len);
	for (size_t i = 0; i < 8; i++)
		b->data[start + i] ^= 0xff;
}

static void truncate_half(struct bytes *b, const char *sound)
{
	(void)sound;
	b->len = b->len / page_size(b) / 2 * page_size(b);
}

static void zero_header(struct bytes *b, const char *sound)
{
	(void)sound;
	memset(b->data, 0, 100);
}

static void flip_sessions_page(struct bytes *b, const char *sound)
{
	flip_page_of(b, sound, "sessions");
}

static void replace_with_text(struct bytes *b, const char *sound)
{
	static const char text[] = "Notes from the workshop\n- ask Ana about the wiki\n"
				   "- budget?\nLong enough to hold an SQLite header, but none.\n";
	(void)sound;
	memcpy(b->data, text, sizeof text - 1);
	b->len = sizeof text - 1;
}

static void set_newer_schema(struct bytes *b, const char *sound)
{
	(void)sound;
	memcpy(b->data + 60, "\0\0\0\x63", 4);      /* user_version 99 */
}

static const struct damage {
	const char *name;
	void (*make)(struct bytes *b, const char *sound);
	bool header_level;              /* refused before SQLite opens the file */
	enum err_code refused;
	const char *says;               /* in the one-line message */
	enum doctor_verdict verdict;
	const char *doctor_says;        /* in the doctor's why or first problem */
} damages[] = {
	{"truncated", truncate_half, true, ERR_DATA, "truncated", DOCTOR_DAMAGED, "truncated"},
	{"zeroed header", zero_header, true, ERR_DATA, "all zeros", DOCTOR_DAMAGED, "all zeros"},
	{"flipped page", flip_sessions_page, false, ERR_DATA, "run 'improv doctor'",
	 DOCTOR_DAMAGED, "(sessions): not a valid page"},
	{"not a database", replace_with_text, true, ERR_DATA, "not SQLite at all",
	 DOCTOR_NOT_IMPROV, "not SQLite at all"},
	{"newer schema", set_newer_schema, true, ERR_BUSY, "newer improv", DOCTOR_NEWER,
	 "schema 99"},
};

/* Writes the damaged copy of the sound database to path and returns its
 * bytes, to compare with later. */
static struct bytes make_damaged(const struct damage *d, const char *sound, const char *path)
{
	struct bytes b = support_read_bytes(sound);
	d->make(&b, sound);
	support_write_bytes(path, b.data, b.len);
	return b;
}

static void assert_refusal(const struct damage *d, enum err_code code, const struct error *err)
{
	if (code != d->refused || strstr(err->msg, d->says) == NULL)
		print_error("%s: got %d: %s\n", d->name, code, err->msg);
	assert_int_equal(code, d->refused);
	assert_non_null(strstr(err->msg, d->says));
	assert_null(strchr(err->msg, '\n'));
}

/* ---- 1. every damaged file is refused and never written to ---- */

/* Opening, listing, loading and creating, as `improv list`, `show`,
 * `export`, `new` and the workshop screen do: the first step that meets
 * the damage refuses it in one line, and the file keeps every byte. */
static void assert_refused_everywhere(const struct damage *d, const char *path)
{
	struct store *st = NULL;
	struct error err = {0};
	enum err_code code = store_open(path, NULL, &st, &err);
	if (d->header_level) {
		assert_null(st);
		assert_refusal(d, code, &err);
		assert_non_null(strstr(err.msg, path));
		return;
	}
	support_expect_ok(code, &err);          /* the header is whole: SQLite meets it reading */
	struct session_summary *list = NULL;
	size_t n = 0;
	assert_refusal(d, store_list_sessions(st, &list, &n, &err), &err);
	struct session *s = NULL;
	assert_refusal(d, store_load_session(st, 1, &s, &err), &err);
	assert_null(s);
	struct session *fresh = new_session("Never stored");
	assert_refusal(d, store_create_session(st, fresh, &err), &err);
	session_free(fresh);
	store_close(st);
}

static void damaged_files__are_refused_in_one_line_and_keep_every_byte(void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	for (size_t i = 0; i < NELEMS(damages); i++) {
		char path[SUPPORT_PATH_SIZE];
		support_path_in(fx, "damaged.db", path);
		struct bytes before = make_damaged(&damages[i], fx->db, path);
		assert_refused_everywhere(&damages[i], path);
		const struct store_options read_only = {.read_only = true, .must_exist = true};
		struct store *st = NULL;
		struct error err = {0};
		enum err_code code = store_open(path, &read_only, &st, &err);
		if (damages[i].header_level)
			assert_refusal(&damages[i], code, &err);
		store_close(st);
		support_assert_bytes_unchanged(path, &before);
		if (damages[i].header_level)
			assert_no_side_files(path);
		free(before.data);
		remove_database(path);
	}
}

static void a_change_that_meets_a_damaged_page_is_rolled_back_and_the_file_keeps_every_byte(
	void **state)
{
	const struct support_fixture *fx = *state;
	char path[SUPPORT_PATH_SIZE];
	support_path_in(fx, "damaged.db", path);
	make_database(fx->db);
	struct bytes b = support_read_bytes(fx->db);
	/* The series and the session go in first; the dimensions then meet
	 * the damage, in the same transaction. */
	flip_page_of(&b, fx->db, "dimensions");
	support_write_bytes(path, b.data, b.len);
	struct store *st = support_open_store(path);
	struct session *s = new_session("Half stored");
	struct error err = {0};
	assert_int_equal(store_create_session(st, s, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "is damaged"));
	assert_non_null(strstr(err.msg, "run 'improv doctor'"));
	assert_null(strchr(err.msg, '\n'));
	session_free(s);
	store_close(st);
	support_assert_bytes_unchanged(path, &b);
	assert_no_side_files(path);
	free(b.data);
}

static void once_sqlite_has_met_damage_the_connection_writes_nothing_more(void **state)
{
	const struct support_fixture *fx = *state;
	char path[SUPPORT_PATH_SIZE];
	support_path_in(fx, "damaged.db", path);
	struct store *st = support_open_store(fx->db);
	struct session *s = new_session("Workshop 1");
	struct error err = {0};
	support_expect_ok(store_create_session(st, s, &err), &err);
	store_close(st);
	struct bytes b = support_read_bytes(fx->db);
	flip_page_of(&b, fx->db, "dimensions");
	support_write_bytes(path, b.data, b.len);

	st = support_open_store(path);
	struct session *got = NULL;
	assert_int_equal(store_load_session(st, s->id, &got, &err), ERR_DATA);
	/* The sessions table is whole, and SQLite would let this through. */
	free(s->title);
	s->title = xstrdup("Renamed after the damage was seen");
	assert_int_equal(store_save_session_fields(st, s, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "run 'improv doctor'"));
	store_close(st);
	support_assert_bytes_unchanged(path, &b);
	free(b.data);
	session_free(s);
}

/* ---- 2. the doctor on a sound file ---- */

static void doctor_examine__finds_a_sound_database_ok_and_names_schema_sessions_and_size(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	struct bytes before = support_read_bytes(fx->db);
	struct doctor_report r;
	struct error err = {0};
	support_expect_ok(doctor_examine(fx->db, false, &r, &err), &err);
	assert_int_equal(r.verdict, DOCTOR_SOUND);
	assert_int_equal(r.schema, STORE_SCHEMA_VERSION);
	assert_int_equal(r.sessions, SESSIONS);
	assert_int_equal(r.size, (int64_t)before.len);
	assert_int_equal(r.nproblems, 0);
	assert_string_equal(r.why, "");
	assert_null(r.backup);
	assert_int_equal(r.nbackups, 0);
	doctor_report_free(&r);
	support_assert_bytes_unchanged(fx->db, &before);
	free(before.data);
}

static void doctor_examine__writes_a_private_sound_backup_that_holds_every_session(void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	mode_t old = umask(022);
	struct doctor_report r;
	struct error err = {0};
	support_expect_ok(doctor_examine(fx->db, true, &r, &err), &err);
	umask(old);
	assert_non_null(r.backup);
	char prefix[PATH_SIZE + 16];
	snprintf(prefix, sizeof prefix, "%s.schema%d.", fx->db, STORE_SCHEMA_VERSION);
	assert_int_equal(strncmp(r.backup, prefix, strlen(prefix)), 0);
	assert_string_equal(r.backup + strlen(r.backup) - 4, ".bak");
	assert_int_equal(support_mode_of(r.backup), 0600);
	assert_int_equal(r.nbackups, 1);
	assert_string_equal(r.backups[0].path, r.backup);
	assert_int_equal(files_with(fx->dir, ".tmp."), 0);

	/* One file, in rollback-journal mode: reading it leaves nothing beside it. */
	struct bytes copy = support_read_bytes(r.backup);
	assert_int_equal(copy.data[18], 1);
	assert_int_equal(copy.data[19], 1);
	free(copy.data);
	struct doctor_report again;
	support_expect_ok(doctor_examine(r.backup, false, &again, &err), &err);
	assert_int_equal(again.verdict, DOCTOR_SOUND);
	assert_int_equal(again.sessions, SESSIONS);
	doctor_report_free(&again);
	assert_no_side_files(r.backup);
	assert_int_equal(support_count_sessions(r.backup), SESSIONS);
	doctor_report_free(&r);
}

static void doctor_examine__lists_the_backups_beside_the_database_newest_first(void **state)
{
	const struct support_fixture *fx = *state;
	char other[SUPPORT_PATH_SIZE], notes[SUPPORT_PATH_SIZE];
	make_database(fx->db);
	support_path_in(fx, "other.db.schema1.2026-01-01T00-00-00Z.bak", other);
	support_path_in(fx, "improv.db.notes.txt", notes);
	support_write_bytes(other, "x", 1);
	support_write_bytes(notes, "x", 1);
	setenv("IMPROV_NOW", "2026-11-28T16:00:00Z", 1);
	struct doctor_report first, second;
	struct error err = {0};
	support_expect_ok(doctor_examine(fx->db, true, &first, &err), &err);
	support_expect_ok(doctor_examine(fx->db, true, &second, &err), &err);
	unsetenv("IMPROV_NOW");
	/* The same second: the second backup gets a name of its own. */
	assert_string_not_equal(first.backup, second.backup);
	assert_int_equal(second.nbackups, 2);
	assert_string_equal(second.backups[0].path, second.backup);
	assert_string_equal(second.backups[1].path, first.backup);
	doctor_report_free(&first);
	doctor_report_free(&second);
}

/* ---- 3. the doctor on a damaged file ---- */

static void doctor_examine__says_what_is_wrong_with_each_damaged_file_and_writes_nothing(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	for (size_t i = 0; i < NELEMS(damages); i++) {
		const struct damage *d = &damages[i];
		char path[SUPPORT_PATH_SIZE];
		support_path_in(fx, "damaged.db", path);
		struct bytes before = make_damaged(d, fx->db, path);
		struct doctor_report r;
		struct error err = {0};
		enum err_code code = doctor_examine(path, true, &r, &err);
		const char *words = r.nproblems ? r.problems[0] : r.why;
		if (r.verdict != d->verdict || strstr(words, d->doctor_says) == NULL)
			print_error("%s: verdict %d: %s\n", d->name, r.verdict, words);
		assert_int_equal(code, d->refused);
		assert_int_equal(r.verdict, d->verdict);
		assert_non_null(strstr(words, d->doctor_says));
		assert_null(r.backup);
		assert_int_equal(r.size, (int64_t)before.len);
		doctor_report_free(&r);
		support_assert_bytes_unchanged(path, &before);
		if (d->header_level)
			assert_no_side_files(path);
		assert_int_equal(files_with(fx->dir, "damaged.db.schema"), 0);
		free(before.data);
		remove_database(path);
	}
}

static void doctor_examine__reports_a_missing_database_as_missing(void **state)
{
	const struct support_fixture *fx = *state;
	struct doctor_report r;
	struct error err = {0};
	assert_int_equal(doctor_examine(fx->db, true, &r, &err), ERR_NOINPUT);
	assert_int_equal(r.verdict, DOCTOR_UNKNOWN);
	assert_non_null(strstr(err.msg, "no such database"));
	doctor_report_free(&r);
	assert_false(support_file_exists(fx->db));
}

/* ---- 4. putting a backup back ---- */

/* A database of SESSIONS sessions with a backup, then one more session the
 * backup does not hold; returns the backup's path (the caller frees it). */
static char *database_with_backup(const struct support_fixture *fx)
{
	make_database(fx->db);
	struct doctor_report r;
	struct error err = {0};
	support_expect_ok(doctor_examine(fx->db, true, &r, &err), &err);
	char *backup = xstrdup(r.backup);
	doctor_report_free(&r);
	struct store *st = support_open_store(fx->db);
	add_session(st, "After the backup");
	store_close(st);
	return backup;
}

static void doctor_restore__puts_the_backup_back_and_keeps_the_damaged_file_aside(void **state)
{
	const struct support_fixture *fx = *state;
	char *backup = database_with_backup(fx);
	char sound[SUPPORT_PATH_SIZE];
	support_path_in(fx, "sound.db", sound);
	struct bytes backup_bytes = support_read_bytes(backup);
	char *asides[NELEMS(damages)] = {NULL};
	for (size_t i = 0; i < NELEMS(damages); i++) {
		const struct damage *d = &damages[i];
		if (d->verdict == DOCTOR_NEWER)
			continue;       /* not damaged: a newer improv's file stays */
		support_write_bytes(sound, backup_bytes.data, backup_bytes.len);
		struct bytes damaged = make_damaged(d, sound, fx->db);
		struct doctor_report r;
		struct error err = {0};
		assert_int_equal(doctor_examine(fx->db, true, &r, &err), ERR_DATA);
		doctor_report_free(&r);

		struct doctor_restored done;
		support_expect_ok(doctor_restore(fx->db, backup, &done, &err), &err);
		assert_int_equal(done.schema, STORE_SCHEMA_VERSION);
		assert_int_equal(done.sessions, SESSIONS);
		assert_non_null(done.aside);
		assert_non_null(strstr(done.aside, "improv.db.damaged."));
		support_assert_bytes_unchanged(done.aside, &damaged);
		assert_no_side_files(fx->db);
		assert_int_equal(support_mode_of(fx->db), 0600);
		assert_int_equal(files_with(fx->dir, ".tmp."), 0);
		assert_int_equal(support_count_sessions(fx->db), SESSIONS);
		support_expect_ok(doctor_examine(fx->db, false, &r, &err), &err);
		doctor_report_free(&r);
		support_assert_bytes_unchanged(backup, &backup_bytes);
		asides[i] = xstrdup(done.aside);
		doctor_restored_free(&done);
		free(damaged.data);
	}
	/* Never deleted: every damaged file is still there, under its own name. */
	for (size_t i = 0; i < NELEMS(damages); i++) {
		if (asides[i])
			assert_true(support_file_exists(asides[i]));
		for (size_t k = 0; k < i; k++)
			if (asides[i] && asides[k])
				assert_string_not_equal(asides[i], asides[k]);
	}
	for (size_t i = 0; i < NELEMS(damages); i++)
		free(asides[i]);
	free(backup_bytes.data);
	free(backup);
}

static void doctor_restore__moves_the_log_beside_the_damaged_file_aside_with_it(void **state)
{
	const struct support_fixture *fx = *state;
	char *backup = database_with_backup(fx);
	char wal[PATH_SIZE + 8], aside_wal[PATH_SIZE + 64];
	struct bytes b = support_read_bytes(fx->db);
	truncate_half(&b, fx->db);
	support_write_bytes(fx->db, b.data, b.len);
	snprintf(wal, sizeof wal, "%s-wal", fx->db);
	support_write_bytes(wal, "a log of the damaged file", 25);
	struct doctor_restored done;
	struct error err = {0};
	support_expect_ok(doctor_restore(fx->db, backup, &done, &err), &err);
	/* A log left beside the restored copy would be read into it. */
	assert_false(support_file_exists(wal));
	snprintf(aside_wal, sizeof aside_wal, "%s-wal", done.aside);
	assert_true(support_file_exists(aside_wal));
	assert_int_equal(support_count_sessions(fx->db), SESSIONS);
	doctor_restored_free(&done);
	free(b.data);
	free(backup);
}

static void doctor_restore__puts_the_backup_where_the_database_went_missing(void **state)
{
	const struct support_fixture *fx = *state;
	char *backup = database_with_backup(fx);
	assert_int_equal(unlink(fx->db), 0);
	struct doctor_restored done;
	struct error err = {0};
	support_expect_ok(doctor_restore(fx->db, backup, &done, &err), &err);
	assert_null(done.aside);
	assert_int_equal(support_count_sessions(fx->db), SESSIONS);
	doctor_restored_free(&done);
	free(backup);
}

/* The files in dir but the empty log and index SQLite leaves beside a
 * database in write-ahead-log mode that a read-only connection opened. */
static size_t files_but_sqlites(const char *dir)
{
	return files_with(dir, "") - files_with(dir, "-wal") - files_with(dir, "-shm");
}

/* Each refusal: the status, the words, and nothing moved or written. */
static void assert_restore_refused(const struct support_fixture *fx, const char *backup,
				   enum err_code want, const char *says)
{
	bool had_db = support_file_exists(fx->db);
	struct bytes before = had_db ? support_read_bytes(fx->db) : (struct bytes){NULL, 0};
	size_t files = files_but_sqlites(fx->dir);
	struct doctor_restored done;
	struct error err = {0};
	enum err_code code = doctor_restore(fx->db, backup, &done, &err);
	if (code != want || strstr(err.msg, says) == NULL)
		print_error("got %d: %s\n", code, err.msg);
	assert_int_equal(code, want);
	assert_non_null(strstr(err.msg, says));
	assert_null(strchr(err.msg, '\n'));
	assert_null(done.aside);
	if (had_db)
		support_assert_bytes_unchanged(fx->db, &before);
	assert_int_equal(files_with(fx->dir, "improv.db.damaged."), 0);
	assert_int_equal(files_with(fx->dir, ".tmp."), 0);
	assert_int_equal(files_but_sqlites(fx->dir), files);
	free(before.data);
}

static void doctor_restore__refuses_a_missing_backup_and_the_database_itself(void **state)
{
	const struct support_fixture *fx = *state;
	char missing[SUPPORT_PATH_SIZE];
	support_path_in(fx, "improv.db.schema1.gone.bak", missing);
	make_database(fx->db);
	struct bytes b = support_read_bytes(fx->db);
	zero_header(&b, fx->db);
	support_write_bytes(fx->db, b.data, b.len);
	free(b.data);
	assert_restore_refused(fx, missing, ERR_NOINPUT, "gone.bak");
	assert_restore_refused(fx, fx->db, ERR_USAGE, "the database itself");
}

/* The database is damaged, so only the backup stands in the way. The bad
 * backups come from one improv wrote, which is one file (rollback journal):
 * checking them leaves nothing beside them. */
static void doctor_restore__refuses_each_damaged_backup_and_changes_nothing(void **state)
{
	const struct support_fixture *fx = *state;
	char *backup = database_with_backup(fx);
	char bad[SUPPORT_PATH_SIZE];
	support_path_in(fx, "improv.db.schema1.bad.bak", bad);
	struct bytes b = support_read_bytes(fx->db);
	truncate_half(&b, fx->db);
	support_write_bytes(fx->db, b.data, b.len);
	free(b.data);
	for (size_t i = 0; i < NELEMS(damages); i++) {
		struct bytes made = make_damaged(&damages[i], backup, bad);
		assert_restore_refused(fx, bad, damages[i].refused, "not a sound improv database");
		support_assert_bytes_unchanged(bad, &made);
		free(made.data);
	}
	free(backup);
}

static void doctor_restore__leaves_a_sound_database_alone(void **state)
{
	const struct support_fixture *fx = *state;
	char *backup = database_with_backup(fx);
	assert_restore_refused(fx, backup, ERR_USAGE, "is sound");
	free(backup);
}

/* A second window: another process with the damaged database open. */
static void doctor_restore__waits_until_no_other_window_has_the_database_open(void **state)
{
	const struct support_fixture *fx = *state;
	char *backup = database_with_backup(fx);
	struct bytes b = support_read_bytes(fx->db);
	flip_page_of(&b, fx->db, "dimensions");
	support_write_bytes(fx->db, b.data, b.len);
	free(b.data);
	int ready[2], done[2];
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(done), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		sqlite3 *db = NULL;
		char c = 0;
		free(backup);   /* the parent's; the child ends with _exit */
		sqlite3_open_v2(fx->db, &db, SQLITE_OPEN_READWRITE, NULL);
		sqlite3_exec(db, "SELECT count(*) FROM series", NULL, NULL, NULL);
		if (write(ready[1], "r", 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(1);
		sqlite3_close(db);
		_exit(0);
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_restore_refused(fx, backup, ERR_BUSY, "open in another window");
	assert_int_equal(write(done[1], "d", 1), 1);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);

	struct doctor_restored out;
	struct error err = {0};
	support_expect_ok(doctor_restore(fx->db, backup, &out, &err), &err);
	assert_int_equal(support_count_sessions(fx->db), SESSIONS);
	doctor_restored_free(&out);
	free(backup);
}


/* ---- 5. what a file handed over can carry ---- */

static void plant(const char *path, const char *sql)
{
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

/* A trigger that copies every vote into a table of its own, and a view. */
static void plant_a_trigger_and_a_view(const char *path)
{
	plant(path, "CREATE TABLE seen (n INTEGER);"
		    "CREATE TRIGGER \"spy \"\"one\"\"\" AFTER INSERT ON ballot_voters BEGIN"
		    " INSERT INTO seen VALUES (NEW.ballot_id); END;"
		    "CREATE VIEW everything AS SELECT * FROM sessions;");
}

static void doctor_examine__lists_triggers_and_views_it_did_not_make(void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	plant_a_trigger_and_a_view(fx->db);
	struct bytes before = support_read_bytes(fx->db);
	struct doctor_report r;
	struct error err = {0};
	assert_int_equal(doctor_examine(fx->db, false, &r, &err), ERR_DATA);
	assert_int_equal(r.verdict, DOCTOR_FOREIGN);
	assert_non_null(r.foreign);
	assert_non_null(strstr(r.foreign, "trigger spy \"one\""));
	assert_non_null(strstr(r.foreign, "view everything"));
	doctor_report_free(&r);
	support_assert_bytes_unchanged(fx->db, &before);
	free(before.data);
}

static void doctor_remove_foreign__drops_them_after_a_backup_and_the_file_opens_again(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	plant_a_trigger_and_a_view(fx->db);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, NULL, &st, &err), ERR_DATA);
	struct doctor_report r;
	error_clear(&err);
	support_expect_ok(doctor_remove_foreign(fx->db, &r, &err), &err);
	assert_non_null(r.backup);
	assert_true(support_file_exists(r.backup));
	char backup[SUPPORT_PATH_SIZE];
	snprintf(backup, sizeof backup, "%s", r.backup);
	doctor_report_free(&r);

	st = support_open_store(fx->db);        /* the seen table stays: it runs nothing */
	store_close(st);
	assert_int_equal(support_count_sessions(fx->db), SESSIONS);
	/* The backup keeps the file as it was, triggers and all. */
	assert_int_equal(doctor_examine(backup, false, &r, &err), ERR_DATA);
	assert_int_equal(r.verdict, DOCTOR_FOREIGN);
	doctor_report_free(&r);
	error_clear(&err);
	assert_int_equal(doctor_remove_foreign(fx->db, &r, &err), ERR_USAGE);
	assert_null(strchr(err.msg, '\n'));
	doctor_report_free(&r);
}

static void doctor_examine__leaves_no_files_beside_the_database_it_checked(void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	assert_no_side_files(fx->db);
	struct doctor_report r;
	struct error err = {0};
	support_expect_ok(doctor_examine(fx->db, true, &r, &err), &err);
	assert_no_side_files(fx->db);
	assert_non_null(r.backup);
	assert_no_side_files(r.backup);
	doctor_report_free(&r);
}

/* A byte-by-byte order under a name SQLite has not built in. */
static int evil_order(void *ctx, int na, const void *a, int nb, const void *b)
{
	(void)ctx;
	int c = memcmp(a, b, (size_t)(na < nb ? na : nb));
	return c ? c : na - nb;
}

/* Runs sql on a connection that has the collation "evil", as another
 * program would to build an index or a table by it. */
static void plant_with_collation(const char *path, const char *sql)
{
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_collation(raw, "evil", SQLITE_UTF8, NULL, evil_order),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

static void a_collation_sqlite_lacks_is_refused_in_one_line_and_removed_with_its_index(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	plant_with_collation(fx->db, "CREATE INDEX by_title ON sessions(title COLLATE evil);");
	struct bytes before = support_read_bytes(fx->db);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, NULL, &st, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "collation evil of index by_title"));
	assert_null(strchr(err.msg, '\n'));
	support_assert_bytes_unchanged(fx->db, &before);
	struct doctor_report r;
	error_clear(&err);
	assert_int_equal(doctor_examine(fx->db, false, &r, &err), ERR_DATA);
	assert_int_equal(r.verdict, DOCTOR_FOREIGN);      /* not damaged */
	assert_non_null(strstr(r.foreign, "collation evil of index by_title"));
	doctor_report_free(&r);
	support_assert_bytes_unchanged(fx->db, &before);
	free(before.data);
	support_expect_ok(doctor_remove_foreign(fx->db, &r, &err), &err);
	doctor_report_free(&r);
	st = support_open_store(fx->db);
	store_close(st);
	assert_int_equal(support_count_sessions(fx->db), SESSIONS);
}

static void a_column_compared_by_a_collation_sqlite_lacks_is_named_and_nothing_is_removed(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	plant_with_collation(fx->db, "CREATE TABLE theirs (a TEXT CoLlAtE evil);"
				     "CREATE VIEW everything AS SELECT * FROM sessions;");
	struct bytes before = support_read_bytes(fx->db);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, NULL, &st, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "collation evil of theirs.a"));
	struct doctor_report r;
	error_clear(&err);
	assert_int_equal(doctor_remove_foreign(fx->db, &r, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "nothing was removed"));
	assert_null(strchr(err.msg, '\n'));
	doctor_report_free(&r);
	struct stat sb;
	assert_int_equal(stat(fx->db, &sb), 0);
	assert_int_equal((size_t)sb.st_size, before.len);
	assert_int_equal(files_with(fx->dir, ".bak"), 1);       /* the backup, taken first */
	error_clear(&err);
	assert_int_equal(doctor_examine(fx->db, false, &r, &err), ERR_DATA);
	assert_non_null(strstr(r.foreign, "view everything"));  /* still there */
	doctor_report_free(&r);
	free(before.data);
}

/* What a file's header may say that improv never sets itself: the largest
 * page, incremental vacuum. Each opens and reads as the file
 * it was made from. */
static void files_with_other_header_settings_open_and_read_the_same(void **state)
{
	const struct support_fixture *fx = *state;
	static const char *const settings[] = {
		"PRAGMA journal_mode = DELETE; PRAGMA page_size = 65536; VACUUM;",
		"PRAGMA journal_mode = DELETE; PRAGMA auto_vacuum = INCREMENTAL; VACUUM;",
	};
	make_database(fx->db);
	int64_t sessions = (int64_t)support_count_sessions(fx->db);
	for (size_t i = 0; i < NELEMS(settings); i++) {
		char copy[SUPPORT_PATH_SIZE];
		support_path_in(fx, "other.db", copy);
		struct bytes b = support_read_bytes(fx->db);
		support_write_bytes(copy, b.data, b.len);
		free(b.data);
		plant(copy, settings[i]);
		assert_int_equal(support_count_sessions(copy), sessions);
		struct doctor_report r;
		struct error err = {0};
		support_expect_ok(doctor_examine(copy, false, &r, &err), &err);
		assert_int_equal(r.verdict, DOCTOR_SOUND);
		doctor_report_free(&r);
		remove_database(copy);
	}
}

/* ---- 6. a full disk ---- */

/* The disk is full from the start: no write and no growth of the log's
 * index succeeds, which is how a sound file on a full disk looks. */
static void fill_the_disk(void)
{
	faulty_vfs_arm(&(struct fault_plan){FAULT_ENOSPC, FAULT_GROW, FAULT_ANY_FILE, 1, true});
}

static void doctor_examine__on_a_full_disk_checks_the_file_and_leaves_nothing_beside_it(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	struct bytes before = support_read_bytes(fx->db);
	faulty_vfs_make_default(true);
	fill_the_disk();
	struct doctor_report r;
	struct error err = {0};
	enum err_code code = doctor_examine(fx->db, false, &r, &err);
	unsigned injected = faulty_vfs_counts().injected;
	faulty_vfs_disarm();
	faulty_vfs_make_default(false);
	support_expect_ok(code, &err);
	assert_true(injected > 0);
	assert_int_equal(r.verdict, DOCTOR_SOUND);
	assert_int_equal(r.sessions, SESSIONS);
	doctor_report_free(&r);
	assert_no_side_files(fx->db);
	support_assert_bytes_unchanged(fx->db, &before);
	free(before.data);
}

static void doctor_examine__on_a_full_disk_reports_the_backup_it_could_not_write_as_io(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	faulty_vfs_make_default(true);
	fill_the_disk();
	struct doctor_report r;
	struct error err = {0};
	enum err_code code = doctor_examine(fx->db, true, &r, &err);
	faulty_vfs_disarm();
	faulty_vfs_make_default(false);
	assert_int_equal(code, ERR_IO);
	assert_int_equal(r.verdict, DOCTOR_SOUND);
	assert_null(r.backup);
	assert_non_null(strstr(err.msg, "full"));
	assert_null(strchr(err.msg, '\n'));
	doctor_report_free(&r);
	assert_no_side_files(fx->db);
	assert_int_equal(files_with(fx->dir, "improv.db"), 1);
}

static void store_open__on_a_full_disk_lets_a_reader_read_and_tells_a_writer_the_disk_is_full(
	void **state)
{
	const struct support_fixture *fx = *state;
	make_database(fx->db);
	struct bytes before = support_read_bytes(fx->db);
	faulty_vfs_install();
	fill_the_disk();
	struct store *st = NULL;
	struct error err = {0};
	const struct store_options writer = {.must_exist = true, .vfs = FAULTY_VFS};
	assert_int_equal(store_open(fx->db, &writer, &st, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "the disk is full"));
	assert_no_side_files(fx->db);
	const struct store_options reader = {.must_exist = true, .reads_only = true,
					     .vfs = FAULTY_VFS};
	struct session_summary *list = NULL;
	size_t n = 0;
	support_expect_ok(store_open(fx->db, &reader, &st, &err), &err);
	support_expect_ok(store_list_sessions(st, &list, &n, &err), &err);
	assert_int_equal(n, SESSIONS);
	store_summaries_free(list, n);
	store_close(st);
	faulty_vfs_disarm();
	assert_no_side_files(fx->db);
	support_assert_bytes_unchanged(fx->db, &before);
	free(before.data);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, support_make_fixture, support_remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(damaged_files__are_refused_in_one_line_and_keep_every_byte),
		TEST(a_change_that_meets_a_damaged_page_is_rolled_back_and_the_file_keeps_every_byte),
		TEST(once_sqlite_has_met_damage_the_connection_writes_nothing_more),
		TEST(doctor_examine__finds_a_sound_database_ok_and_names_schema_sessions_and_size),
		TEST(doctor_examine__writes_a_private_sound_backup_that_holds_every_session),
		TEST(doctor_examine__lists_the_backups_beside_the_database_newest_first),
		TEST(doctor_examine__says_what_is_wrong_with_each_damaged_file_and_writes_nothing),
		TEST(doctor_examine__reports_a_missing_database_as_missing),
		TEST(doctor_restore__puts_the_backup_back_and_keeps_the_damaged_file_aside),
		TEST(doctor_restore__moves_the_log_beside_the_damaged_file_aside_with_it),
		TEST(doctor_restore__puts_the_backup_where_the_database_went_missing),
		TEST(doctor_restore__refuses_a_missing_backup_and_the_database_itself),
		TEST(doctor_restore__refuses_each_damaged_backup_and_changes_nothing),
		TEST(doctor_restore__leaves_a_sound_database_alone),
		TEST(doctor_restore__waits_until_no_other_window_has_the_database_open),
		TEST(doctor_examine__lists_triggers_and_views_it_did_not_make),
		TEST(doctor_remove_foreign__drops_them_after_a_backup_and_the_file_opens_again),
		TEST(doctor_examine__leaves_no_files_beside_the_database_it_checked),
		TEST(a_collation_sqlite_lacks_is_refused_in_one_line_and_removed_with_its_index),
		TEST(a_column_compared_by_a_collation_sqlite_lacks_is_named_and_nothing_is_removed),
		TEST(files_with_other_header_settings_open_and_read_the_same),
		TEST(doctor_examine__on_a_full_disk_checks_the_file_and_leaves_nothing_beside_it),
		TEST(doctor_examine__on_a_full_disk_reports_the_backup_it_could_not_write_as_io),
		TEST(store_open__on_a_full_disk_lets_a_reader_read_and_tells_a_writer_the_disk_is_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
