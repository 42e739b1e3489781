/* Screen tests of the home list over a few hundred sessions, read a part at
 * a time: the first, a middle and the last screen, and a filter, show the
 * rows the whole list shows there, in the same order; a session opened at
 * once is shown without the list being read, and going home from it reads
 * one part; a wrong one is one line. */
#include <ctype.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "tests/support.h"
#include "tui/list.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

#define SESSIONS 300
#define ROWS 30
#define COLS 100
#define LIST_TOP 3

/* Groups that differ only in case sort together but are headed apart, and
 * days that repeat, so the order needs every one of its keys. */
static void store_many(const char *db)
{
	static const char *const orgs[] = {"Acme", "acme", "Beta", ""};
	static const char *const units[] = {"Ops", "Sales", ""};
	struct store *st = support_open_store(db);
	struct error err = {0};
	for (int i = 0; i < SESSIONS; i++) {
		char title[32];
		snprintf(title, sizeof title, "Session %03d%s", i, i % 50 == 7 ? " 50%_off" : "");
		struct session_setup setup = {.title = title, .organization = orgs[i % 4],
					      .unit = units[(i / 4) % 3], .level = LEVEL_TEAM};
		struct session *s = support_create(&setup, &err);
		assert_non_null(s);
		s->created_at = (time_t)date_from_civil(2026, 1, 1 + i % 9) * DATE_SECONDS_PER_DAY;
		support_store_session(st, s);
		session_free(s);
	}
	store_close(st);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	screen_make_scratch(f, "improv-homelist");
	store_many(f->db);
	*state = f;
	return 0;
}

/* ---- the whole list, laid out as the screen did when it read it all ---- */

static bool holds_folded(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++) {
		size_t i = 0;
		while (i < n && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

struct expected {
	char **lines;           /* each row's text as the list draws it */
	size_t n, selected;
};

static void expect_line(struct expected *e, const char *text)
{
	e->lines = xrealloc(e->lines, (e->n + 1) * sizeof *e->lines);
	e->lines[e->n++] = xstrdup(text);
}

/* The rows of the whole list the filter lets through, the sel-th session
 * selected. */
static struct expected whole_list(const char *db, const char *filter, size_t sel)
{
	struct store *st = support_open_store(db);
	struct error err = {0};
	struct session_summary *all;
	size_t n, shown = 0;
	support_expect_ok(store_list_sessions(st, &all, &n, &err), &err);
	store_close(st);
	struct expected e = {0};
	const struct session_summary *last = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct session_summary *s = &all[i];
		if (!holds_folded(s->title, filter) && !holds_folded(s->organization, filter) &&
		    !holds_folded(s->unit, filter))
			continue;
		char line[256];
		if (last == NULL || strcmp(last->organization, s->organization) ||
		    strcmp(last->unit, s->unit)) {
			snprintf(line, sizeof line, "  %s%s%s",
				 *s->organization ? s->organization : "(no organization)",
				 *s->unit ? " / " : "", s->unit);
			expect_line(&e, line);
		}
		if (shown++ == sel)
			e.selected = e.n;
		snprintf(line, sizeof line, "    %s ", s->title);
		expect_line(&e, line);
		last = s;
	}
	store_summaries_free(all, n);
	return e;
}

static void expected_free(struct expected *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->lines[i]);
	free(e->lines);
}

/* The screen's list rows are the whole list's rows in view around the
 * selection, heading kept above a group's first session. */
static void assert_screen_shows(const struct fixture *f, const char *filter, size_t sel)
{
	const size_t height = (size_t)f->app.rows - 6;
	struct expected e = whole_list(f->db, filter, sel);
	size_t first = list_top(e.selected, e.n, (int)height);
	if (first > 0 && first == e.selected && e.lines[first - 1][2] != ' ')
		first--;
	char *screen = dump();
	char *line = screen;
	for (int y = 0; y < LIST_TOP; y++)
		line = strchr(line, '\n') + 1;
	for (size_t r = first; r < e.n && r - first < height; r++) {
		char *end = strchr(line, '\n');
		*end = '\0';
		if (strncmp(line, e.lines[r], strlen(e.lines[r])) != 0)
			fail_msg("row %zu: \"%s\", the whole list has \"%s\"", r - first, line,
				 e.lines[r]);
		line = end + 1;
	}
	free(screen);
	expected_free(&e);
}

/* ---- the tests ---- */

static void home_list__the_first_screen_shows_the_whole_lists_first_rows(void **state)
{
	struct fixture *f = *state;
	screen_start(f, ROWS, COLS, 0, NULL);
	assert_screen_shows(f, "", 0);
	key_code(f, KEY_DOWN);
	assert_screen_shows(f, "", 1);
}

static void home_list__paging_to_the_middle_shows_the_rows_the_whole_list_has_there(void **state)
{
	struct fixture *f = *state;
	screen_start(f, ROWS, COLS, 0, NULL);
	size_t sel = 0;
	for (int i = 0; i < 7; i++) {
		key_code(f, KEY_NPAGE);
		sel += ROWS - 8;
		assert_screen_shows(f, "", sel);
	}
	key_code(f, KEY_UP);
	assert_screen_shows(f, "", sel - 1);
	key_code(f, KEY_PPAGE);
	assert_screen_shows(f, "", sel - 1 - (ROWS - 8));
}

/* Sessions deleted in another window, the selection now past the end:
 * coming back home shows the end of what is left, as the whole list
 * shows it, whether the part read around the old selection comes back
 * short, with only the row before it, or empty. */
static void keep_first(const char *db, size_t keep)
{
	struct store *st = support_open_store(db);
	struct error err = {0};
	size_t n = 0, deleted;
	struct session_summary *all = NULL;
	struct session_query q = {.limit = SESSIONS};
	assert_int_equal(store_list_some(st, &q, &all, &n, &err), ERR_OK);
	for (size_t i = keep; i < n; i++)
		assert_int_equal(store_delete_session(st, all[i].id, false, &deleted, &err), ERR_OK);
	store_summaries_free(all, n);
	store_close(st);
}

static void come_back_after_keeping(struct fixture *f, size_t keep)
{
	keep_first(f->db, keep);
	ui_home_reload(&f->app);
	ui_draw(&f->app);
	assert_screen_shows(f, "", keep - 1);
}

static void page_to_198(struct fixture *f)
{
	screen_start(f, ROWS, COLS, 0, NULL);
	for (int i = 0; i < 9; i++)
		key_code(f, KEY_NPAGE);
	assert_screen_shows(f, "", 9 * (ROWS - 8));
}

static void home_list__sessions_deleted_elsewhere_bring_the_selection_to_the_new_end(
	void **state)
{
	struct fixture *f = *state;
	page_to_198(f);
	come_back_after_keeping(f, 150);        /* a short part */
	come_back_after_keeping(f, 60);         /* nothing where the part was */
}

static void home_list__a_part_holding_only_the_row_before_it_is_read_again(void **state)
{
	struct fixture *f = *state;
	page_to_198(f);
	come_back_after_keeping(f, 138);        /* the part read from 137 */
}

static void home_list__a_terminal_taller_than_a_first_read_shows_a_full_first_screen(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 160, COLS, 0, NULL);
	assert_screen_shows(f, "", 0);
	key_code(f, KEY_NPAGE);
	assert_screen_shows(f, "", 160 - 8);
}

static void home_list__end_shows_the_last_screen_and_home_the_first_again(void **state)
{
	struct fixture *f = *state;
	screen_start(f, ROWS, COLS, 0, NULL);
	key_code(f, KEY_END);
	assert_screen_shows(f, "", SESSIONS - 1);
	key_code(f, KEY_UP);
	assert_screen_shows(f, "", SESSIONS - 2);
	/* Up through the second half, read from the list's end, and past
	 * its middle, read from its start again. */
	size_t sel = SESSIONS - 2;
	for (int i = 0; i < 9; i++) {
		key_code(f, KEY_PPAGE);
		sel -= ROWS - 8;
		assert_screen_shows(f, "", sel);
	}
	key_code(f, KEY_HOME);
	assert_screen_shows(f, "", 0);
}

static void home_list__a_filter_shows_what_it_lets_through_in_the_same_order(void **state)
{
	struct fixture *f = *state;
	screen_start(f, ROWS, COLS, 0, NULL);
	keys(f, "/sales\r");
	assert_screen_shows(f, "sales", 0);
	key_code(f, KEY_END);
	assert_screen_shows(f, "sales", SESSIONS / 3 - 1);
	keys(f, "q");
	assert_screen_shows(f, "", SESSIONS / 3 - 1);
}

static void home_list__a_filter_takes_percent_and_underscore_as_typed(void **state)
{
	struct fixture *f = *state;
	screen_start(f, ROWS, COLS, 0, NULL);
	keys(f, "/50%_\r");
	assert_screen_shows(f, "50%_", 0);
	assert_true(screen_has("Session 007 50%_off"));
	assert_false(screen_has("Session 001 "));
	keys(f, "/5_%\r");
	assert_true(screen_has("No session matches the filter."));
}

static void home_list__open_id_shows_its_session_without_reading_the_list(void **state)
{
	struct fixture *f = *state;
	screen_start(f, ROWS, COLS, 123, NULL);
	assert_true(screen_has("Session 122"));
	assert_int_equal(ui_home_nread(&f->app), 0);
	keys(f, "q");
	/* Home reads one part of the list, the screen and the page under it,
	 * and counts nothing. */
	assert_int_equal(ui_home_nread(&f->app), 2 * ROWS + 2);
	assert_true(ui_home_nread(&f->app) < SESSIONS);
	assert_screen_shows(f, "", 0);
}

static void home_list__open_of_a_session_not_there_is_one_line(void **state)
{
	struct fixture *f = *state;
	f->out = fopen("/dev/null", "w");
	struct tui_options opts = {.db_path = f->db, .no_color = true, .open_id = 4000};
	struct error err = {0};
	assert_int_equal(ui_start(&f->app, &opts, "xterm", f->out, stdin, &err), ERR_NOINPUT);
	f->started = true;
	assert_non_null(strstr(err.msg, "4000"));
	assert_null(strchr(err.msg, '\n'));
}

int main(void)
{
	if (!screen_prepare())
		return 1;
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)
	const struct CMUnitTest tests[] = {
		TEST(home_list__sessions_deleted_elsewhere_bring_the_selection_to_the_new_end),
		TEST(home_list__a_part_holding_only_the_row_before_it_is_read_again),
		TEST(home_list__the_first_screen_shows_the_whole_lists_first_rows),
		TEST(home_list__paging_to_the_middle_shows_the_rows_the_whole_list_has_there),
		TEST(home_list__a_terminal_taller_than_a_first_read_shows_a_full_first_screen),
		TEST(home_list__end_shows_the_last_screen_and_home_the_first_again),
		TEST(home_list__a_filter_shows_what_it_lets_through_in_the_same_order),
		TEST(home_list__a_filter_takes_percent_and_underscore_as_typed),
		TEST(home_list__open_id_shows_its_session_without_reading_the_list),
		TEST(home_list__open_of_a_session_not_there_is_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
