/* atomic_file: a document is never written over a database, a folder or
 * a file that is there unless asked, and a new one is private. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/atomic_file.h"
#include "tests/support.h"

struct scratch {
	char dir[64];
	char db[128];
};

static void path_in(const struct scratch *s, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", s->dir, name);
}

static void write_raw(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void write_text(const char *path, const char *text)
{
	write_raw(path, text, strlen(text));
}

static void assert_file_holds(const char *path, const char *text)
{
	struct bytes b = support_read_bytes(path);
	assert_int_equal(b.len, strlen(text));
	assert_memory_equal(b.data, text, b.len);
	free(b.data);
}

/* A folder with db: a file that starts as an SQLite database does. */
static int setup(void **state)
{
	struct scratch *s = calloc(1, sizeof *s);
	assert_non_null(s);
	snprintf(s->dir, sizeof s->dir, "%s", "/tmp/improv-atomic-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	path_in(s, "improv.db", s->db, sizeof s->db);
	write_raw(s->db, "SQLite format 3\0rest of the header", 34);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scratch *s = *state;
	support_remove_tree(s->dir);
	free(s);
	return 0;
}

/* Checks path against s->db: the code, and *what when it is ERR_OK. */
static enum err_code check(const struct scratch *s, const char *path, enum atomic_target *what)
{
	struct error err = {0};
	enum atomic_target ignored;
	return atomic_target_check(path, s->db, what ? what : &ignored, &err);
}

static void refused(const struct scratch *s, const char *path, const char *why)
{
	struct error err = {0};
	enum atomic_target what;
	assert_int_equal(atomic_target_check(path, s->db, &what, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, why));
	assert_int_equal(atomic_write_document(path, "x", 1, 0600, s->db, true, &err), ERR_USAGE);
}

static void atomic_target__refuses_the_database_by_any_path(void **state)
{
	struct scratch *s = *state;
	char path[256];
	refused(s, s->db, "is the database itself");
	snprintf(path, sizeof path, "%s/./improv.db", s->dir);
	refused(s, path, "is the database itself");
	snprintf(path, sizeof path, "%s/../%s/improv.db", s->dir, strrchr(s->dir, '/') + 1);
	refused(s, path, "is the database itself");
	struct bytes b = support_read_bytes(s->db);
	assert_int_equal(b.len, 34);
	free(b.data);
}

static void atomic_target__refuses_a_hard_link_and_a_symbolic_link_to_the_database(void **state)
{
	struct scratch *s = *state;
	char hard[256], soft[256];
	path_in(s, "copy-by-link", hard, sizeof hard);
	path_in(s, "pointer", soft, sizeof soft);
	assert_int_equal(link(s->db, hard), 0);
	assert_int_equal(symlink(s->db, soft), 0);
	refused(s, hard, "is the database itself");
	refused(s, soft, "is the database itself");
}

static void atomic_target__refuses_the_journal_wal_and_shm_even_before_they_exist(void **state)
{
	struct scratch *s = *state;
	static const char *const suffixes[] = {"-journal", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s%s", s->db, suffixes[i]);
		refused(s, path, "file of the database itself");
		assert_int_equal(access(path, F_OK), -1);
		write_text(path, "whatever SQLite keeps there");
		refused(s, path, "is the database itself");
	}
}

static void atomic_target__refuses_any_file_that_holds_sqlite_data(void **state)
{
	struct scratch *s = *state;
	static const struct {
		const char *name, *bytes;
		size_t len;
	} files[] = {
		{"other.db", "SQLite format 3\0", 16},
		{"other.db-journal", "\xd9\xd5\x05\xf9\x20\xa1\x63\xd7\0\0\0\0", 12},
		{"other.db-wal", "\x37\x7f\x06\x82\0\x2d\xe2\x18", 8},
		{"other2.db-wal", "\x37\x7f\x06\x83\0\x2d\xe2\x18", 8},
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[256];
		path_in(s, files[i].name, path, sizeof path);
		write_raw(path, files[i].bytes, files[i].len);
		refused(s, path, "holds SQLite data");
		struct bytes b = support_read_bytes(path);
		assert_int_equal(b.len, files[i].len);
		free(b.data);
	}
}

static void atomic_target__refuses_a_folder_and_a_link_to_nothing(void **state)
{
	struct scratch *s = *state;
	char dangling[256], gone[256];
	refused(s, s->dir, "is a folder");
	path_in(s, "dangling", dangling, sizeof dangling);
	path_in(s, "gone", gone, sizeof gone);
	assert_int_equal(symlink(gone, dangling), 0);
	refused(s, dangling, "symbolic link to nothing");
	assert_int_equal(access(gone, F_OK), -1);
}

static void atomic_target__tells_a_new_file_an_existing_one_and_a_link(void **state)
{
	struct scratch *s = *state;
	char fresh[256], old[256], soft[256];
	path_in(s, "fresh.md", fresh, sizeof fresh);
	path_in(s, "old.md", old, sizeof old);
	path_in(s, "soft.md", soft, sizeof soft);
	write_text(old, "notes");
	assert_int_equal(symlink("old.md", soft), 0);
	enum atomic_target what;
	assert_int_equal(check(s, fresh, &what), ERR_OK);
	assert_int_equal(what, ATOMIC_TARGET_NONE);
	assert_int_equal(check(s, old, &what), ERR_OK);
	assert_int_equal(what, ATOMIC_TARGET_FILE);
	assert_int_equal(check(s, soft, &what), ERR_OK);
	assert_int_equal(what, ATOMIC_TARGET_LINK);
}

static void atomic_write_document__keeps_a_file_that_is_there_unless_asked(void **state)
{
	struct scratch *s = *state;
	char old[256];
	struct error err = {0};
	path_in(s, "old.md", old, sizeof old);
	write_text(old, "notes");
	assert_int_equal(chmod(old, 0640), 0);
	assert_int_equal(atomic_write_document(old, "new", 3, 0600, s->db, false, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "already exists"));
	assert_file_holds(old, "notes");
	assert_int_equal(atomic_write_document(old, "new", 3, 0600, s->db, true, &err), ERR_OK);
	assert_file_holds(old, "new");
	assert_int_equal(support_mode_of(old), 0640);
}

static void atomic_write_document__gives_a_new_file_mode_0600_whatever_the_umask(void **state)
{
	struct scratch *s = *state;
	char fresh[256];
	struct error err = {0};
	path_in(s, "fresh.md", fresh, sizeof fresh);
	mode_t old_mask = umask(0);
	enum err_code code = atomic_write_document(fresh, "new", 3, 0600, s->db, false, &err);
	umask(old_mask);
	assert_int_equal(code, ERR_OK);
	assert_file_holds(fresh, "new");
	assert_int_equal(support_mode_of(fresh), 0600);
}

static void atomic_write_document__replaces_the_file_a_link_names_and_keeps_the_link(void **state)
{
	struct scratch *s = *state;
	char target[256], soft[256];
	struct error err = {0};
	path_in(s, "shared.md", target, sizeof target);
	path_in(s, "latest.md", soft, sizeof soft);
	write_text(target, "last quarter");
	assert_int_equal(chmod(target, 0644), 0);
	assert_int_equal(symlink("shared.md", soft), 0);
	assert_int_equal(atomic_write_document(soft, "new", 3, 0600, s->db, false, &err), ERR_USAGE);
	assert_file_holds(target, "last quarter");
	assert_int_equal(atomic_write_document(soft, "new", 3, 0600, s->db, true, &err), ERR_OK);
	struct stat st;
	assert_int_equal(lstat(soft, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_holds(target, "new");
	assert_int_equal(support_mode_of(target), 0644);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(atomic_target__refuses_the_database_by_any_path,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			atomic_target__refuses_a_hard_link_and_a_symbolic_link_to_the_database,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			atomic_target__refuses_the_journal_wal_and_shm_even_before_they_exist,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			atomic_target__refuses_any_file_that_holds_sqlite_data, setup, teardown),
		cmocka_unit_test_setup_teardown(atomic_target__refuses_a_folder_and_a_link_to_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			atomic_target__tells_a_new_file_an_existing_one_and_a_link, setup, teardown),
		cmocka_unit_test_setup_teardown(
			atomic_write_document__keeps_a_file_that_is_there_unless_asked, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			atomic_write_document__gives_a_new_file_mode_0600_whatever_the_umask, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			atomic_write_document__replaces_the_file_a_link_names_and_keeps_the_link,
			setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
