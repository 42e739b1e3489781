/* The home screen's export dialog (key x): it never writes over the
 * database or another SQLite file, and asks before it replaces a file. */
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

#include <cmocka.h>

#include "lib/mem.h"
#include "templates/template_load.h"
#include "tests/support.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

static int setup(void **state)
{
	static const char *const people[] = {"Ana"};
	const struct session_setup setup = {.title = "Q1 review", .level = LEVEL_TEAM,
					    .participants = people, .nparticipants = 1};
	screen_setup(state, "improv-export", &setup, NULL);
	screen_start(*state, 30, 100, 0, NULL);
	return 0;
}

/* x on the session, the file name typed over the default, Enter. */
static void export_to(struct fixture *f, const char *path)
{
	keys(f, "x\t\025");
	keys(f, path);
	enter(f);
}

static void in_dir(const struct fixture *f, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", f->dir, name);
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* Whether the file holds text (the files here hold no NUL). */
static bool file_holds(const char *path, const char *text)
{
	struct bytes b = support_read_bytes(path);
	char *s = xstrndup((const char *)b.data, b.len);
	bool found = strstr(s, text) != NULL;
	free(s);
	free(b.data);
	return found;
}

static void export_dialog__refuses_the_database_and_keeps_the_form_open(void **state)
{
	struct fixture *f = *state;
	struct bytes before = support_read_bytes(f->db);
	export_to(f, f->db);
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	assert_non_null(strstr(f->app.message, "is the database itself"));
	struct bytes after = support_read_bytes(f->db);
	assert_int_equal(after.len, before.len);
	assert_memory_equal(after.data, before.data, before.len);
	free(before.data);
	free(after.data);
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", f->db);
	keys(f, "\033");
	export_to(f, wal);
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	assert_non_null(strstr(f->app.message, "database itself"));
}

static void export_dialog__refuses_another_sqlite_file_without_asking(void **state)
{
	struct fixture *f = *state;
	char other[160];
	in_dir(f, "other.db", other, sizeof other);
	FILE *fp = fopen(other, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite("SQLite format 3", 1, 16, fp), 16);       /* with its NUL */
	assert_int_equal(fclose(fp), 0);
	export_to(f, other);
	assert_int_equal(f->app.dialog.kind, DIALOG_FORM);
	assert_non_null(strstr(f->app.message, "holds SQLite data"));
	assert_false(file_holds(other, "Q1 review"));
}

/* old.md in the folder, holding last quarter's notes, and x on the
 * session with that file named (its path in old). */
static void export_over_last_quarters_notes(struct fixture *f, char *old, size_t size)
{
	in_dir(f, "old.md", old, size);
	write_text(old, "last quarter's notes");
	export_to(f, old);
}

static void export_dialog__asks_before_replacing_a_file_and_n_keeps_it(void **state)
{
	struct fixture *f = *state;
	char old[160];
	export_over_last_quarters_notes(f, old, sizeof old);
	assert_int_equal(f->app.dialog.kind, DIALOG_CONFIRM);
	assert_non_null(strstr(f->app.dialog.title, "exists: replace it?"));
	assert_true(file_holds(old, "last quarter's notes"));
	keys(f, "n");
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_true(file_holds(old, "last quarter's notes"));
}

static void export_dialog__replaces_a_file_once_the_answer_is_yes(void **state)
{
	struct fixture *f = *state;
	char old[160];
	export_over_last_quarters_notes(f, old, sizeof old);
	keys(f, "y");
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_true(file_holds(old, "# Q1 review"));
	assert_false(file_holds(old, "last quarter's notes"));
	assert_non_null(strstr(f->app.message, "exported to"));
}

static void export_dialog__writes_a_new_file_at_once_with_mode_0600(void **state)
{
	struct fixture *f = *state;
	char fresh[160];
	in_dir(f, "fresh.md", fresh, sizeof fresh);
	mode_t old_mask = umask(022);
	export_to(f, fresh);
	umask(old_mask);
	assert_int_equal(f->app.dialog.kind, DIALOG_NONE);
	assert_true(file_holds(fresh, "# Q1 review"));
	struct stat st;
	assert_int_equal(stat(fresh, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void export_dialog__through_a_link_asks_and_replaces_the_file_it_names(void **state)
{
	struct fixture *f = *state;
	char shared[160], link_path[160];
	in_dir(f, "shared.md", shared, sizeof shared);
	in_dir(f, "latest.md", link_path, sizeof link_path);
	write_text(shared, "shared notes");
	assert_int_equal(chmod(shared, 0644), 0);
	assert_int_equal(symlink("shared.md", link_path), 0);
	export_to(f, link_path);
	assert_int_equal(f->app.dialog.kind, DIALOG_CONFIRM);
	assert_non_null(strstr(f->app.dialog.title, "symbolic link"));
	keys(f, "y");
	struct stat st;
	assert_int_equal(lstat(link_path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_true(file_holds(shared, "# Q1 review"));
	assert_int_equal(stat(shared, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(export_dialog__refuses_the_database_and_keeps_the_form_open),
		TEST(export_dialog__refuses_another_sqlite_file_without_asking),
		TEST(export_dialog__asks_before_replacing_a_file_and_n_keeps_it),
		TEST(export_dialog__replaces_a_file_once_the_answer_is_yes),
		TEST(export_dialog__writes_a_new_file_at_once_with_mode_0600),
		TEST(export_dialog__through_a_link_asks_and_replaces_the_file_it_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
