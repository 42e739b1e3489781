/* The current-state table with twelve people whose names collide: each
 * column's label tells them apart, a cue says how many are off to a side
 * and Left/Right bring them in; the marks of a split room and of notes,
 * with their legend; the low and high descriptions wrapped; a rating
 * drawn over the last frame where it can be, the whole frame where not. */
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
#include "templates/template_load.h"
#include "tests/support.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

#define TWELVE 12

static const char *const twelve[TWELVE] = {
	"Chen Wei", "Chen Li", "Émile Roux", "Émilie Roux", "李雷", "李娜",
	"Ana Lima", "Ana Luz", "Bo", "Bob Stone", "Dee Park", "Eve Tan",
};

/* What the header shows for each of them. */
static const char *const labels[TWELVE] = {
	"Chen W", "Chen L", "Émile", "Émilie", "李雷", "李娜",
	"Ana Lima", "Ana Luz", "Bo", "Bob", "Dee", "Eve",
};

static const struct session_setup room_of_twelve = {
	.title = "Q1 review", .organization = "Acme", .level = LEVEL_UNIT,
	.participants = twelve, .nparticipants = TWELVE,
};

static void rate(struct session *s, size_t dim, const int *scores, size_t n)
{
	struct error err = {0};
	for (size_t p = 0; p < n; p++)
		assert_int_equal(session_rate(s, dim, p, scores[p], &err), ERR_OK);
}

/* Culture rated 1,5,2,4,1,5 (two camps), policies 1,3,3,3,3,5 (a calm
 * room with one at each end), a note on processes. */
static void split_and_noted(struct session *s)
{
	struct error err = {0};
	rate(s, 0, (const int[]){1, 5, 2, 4, 1, 5}, 6);
	rate(s, 1, (const int[]){1, 3, 3, 3, 3, 5}, 6);
	assert_int_equal(session_add_note(s, 2, NOTE_GAP, "Nobody owns the wiki", &err), ERR_OK);
}

static void split_but_private(struct session *s)
{
	struct error err = {0};
	split_and_noted(s);
	assert_int_equal(session_set_ratings(s, RATINGS_PRIVATE, &err), ERR_OK);
}

static int setup_plain(void **state)
{
	return screen_setup(state, "improv-table", &room_of_twelve, NULL);
}

static int setup_split(void **state)
{
	return screen_setup(state, "improv-table", &room_of_twelve, split_and_noted);
}

static int setup_private(void **state)
{
	return screen_setup(state, "improv-table", &room_of_twelve, split_but_private);
}

/* The first row of the screen holding `text`, or NULL; the caller frees it. */
static char *row_with(const char *text)
{
	char *got = dump();
	char *found = NULL;
	for (char *line = strtok(got, "\n"); line && !found; line = strtok(NULL, "\n"))
		if (strstr(line, text))
			found = xstrdup(line);
	free(got);
	return found;
}

static bool row_has(const char *row_text, const char *text)
{
	char *row = row_with(row_text);
	bool found = row && strstr(row, text);
	free(row);
	return found;
}

/* Which of the twelve labels the header shows, each between blanks. */
static size_t labels_shown(bool shown[TWELVE])
{
	char *header = row_with("grp   mean");
	assert_non_null(header);
	size_t n = 0;
	for (size_t i = 0; i < TWELVE; i++) {
		char cell[32];
		snprintf(cell, sizeof cell, " %s ", labels[i]);
		shown[i] = strstr(header, cell) != NULL;
		n += shown[i];
	}
	free(header);
	return n;
}

/* The cue says how many are not shown, with an arrow to each side that
 * hides some. */
static void assert_cue(size_t visible, bool before, bool after)
{
	char cue[48];
	snprintf(cue, sizeof cue, "%s%zu more%s", before ? "◂ " : "", (size_t)TWELVE - visible,
		 after ? " ▸" : "");
	assert_true(row_has("grp   mean", cue));
	assert_int_equal(row_has("grp   mean", "◂"), before);
	assert_int_equal(row_has("grp   mean", "▸"), after);
}

/* Right from the first person to the last: the selected person's label is
 * always in the header, the cue counts the others, and every one of the
 * twelve labels has been read; then Left brings the first back. */
static void scroll_through(struct fixture *f, int rows, int cols)
{
	screen_start(f, rows, cols, f->id, NULL);
	bool seen[TWELVE] = {0};
	for (size_t at = 0; at < TWELVE; at++) {
		bool shown[TWELVE];
		size_t visible = labels_shown(shown);
		assert_true(visible > 0 && visible < TWELVE);
		assert_true(shown[at]);
		assert_cue(visible, !shown[0], !shown[TWELVE - 1]);
		for (size_t i = 0; i < TWELVE; i++)
			seen[i] |= shown[i];
		key_code(f, KEY_RIGHT);
	}
	for (size_t i = 0; i < TWELVE; i++)
		assert_true(seen[i]);
	for (size_t at = 0; at < TWELVE; at++)
		key_code(f, KEY_LEFT);
	bool shown[TWELVE];
	labels_shown(shown);
	assert_true(shown[0]);
	assert_false(screen_has("Che…"));
	assert_false(screen_has("Émi…"));
}

static void table__at_80x24_right_reads_all_twelve_labels_with_the_cue_counting_the_rest(
	void **state)
{
	struct fixture *f = *state;
	scroll_through(f, 24, 80);
	/* No line for a legend: the selected person's whole name is beside the
	 * dimension's. */
	assert_true(row_has("Culture: sharing, trust, considered risk", "Chen W = Chen Wei"));
	assert_false(screen_has("Chen L = Chen Li"));
}

static void table__at_100x30_right_reads_all_twelve_labels_and_a_legend_names_them(
	void **state)
{
	struct fixture *f = *state;
	scroll_through(f, 30, 100);
	char *legend = row_with("Chen W = Chen Wei");
	assert_non_null(legend);
	assert_non_null(strstr(legend, "Chen L = Chen Li"));
	assert_null(strstr(legend, "Culture"));
	free(legend);
}

static void table__at_200x60_shows_all_twelve_labels_and_no_cue(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 60, 200, f->id, NULL);
	bool shown[TWELVE];
	assert_int_equal(labels_shown(shown), TWELVE);
	assert_false(screen_has(" more"));
	assert_true(row_has("Chen W = Chen Wei", "Émilie = Émilie Roux · Bob = Bob Stone"));
	for (int i = 0; i < TWELVE; i++)
		key_code(f, KEY_RIGHT);
	assert_int_equal(labels_shown(shown), TWELVE);
}

/* 1,5,2,4,1,5 stand in two camps and are marked; 1,3,3,3,3,5 spread as
 * wide but are not; both show their standard deviation. */
static void table__marks_a_split_dimension_and_not_a_calm_one_with_the_same_range(
	void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	assert_true(row_has("Culture: sharing", "⇄"));
	assert_true(row_has("Culture: sharing", "3.0    1-5  1.7"));
	assert_false(row_has("Policies", "⇄"));
	assert_true(row_has("Policies", "3.0    1-5  1.2"));
	assert_true(screen_has("⇄ split: a third or more at each end of the scale   ¶ has notes"));
}

static void table__marks_a_dimension_with_notes(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 24, 80, f->id, NULL);
	assert_true(row_has("Processes and pro", "¶"));
	assert_false(row_has("Policies", "¶"));
	assert_true(screen_has("¶ has notes"));
}

/* While ratings are private, their camps are too; the note's mark stays. */
static void table__keeps_the_split_mark_off_while_ratings_are_private(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	assert_false(row_has("Culture: sharing", "⇄"));
	assert_true(row_has("Processes and pro", "¶"));
	assert_false(screen_has("split:"));
	assert_true(screen_has("¶ has notes"));
	keys(f, "r");
	assert_true(row_has("Culture: sharing", "⇄"));
}

static void table__shows_no_marks_legend_without_a_mark(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	assert_false(screen_has("split:"));
	assert_false(screen_has("⇄"));
	assert_false(screen_has("¶"));
}

/* The low and high descriptions go on to the next line where the detail
 * has room, instead of ending in an ellipsis. */
static void table__wraps_the_low_and_high_descriptions_where_there_is_room(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	char *low = row_with("low:  People hide questions");
	assert_non_null(low);
	assert_null(strstr(low, "…"));
	free(low);
	assert_true(screen_has("          risky."));
	assert_true(screen_has("          without fear of blame."));
	assert_false(screen_has("feels r…"));
}

/* ---- a key draws only what it changed ---- */

/* The screen row holding text, or -1. */
static int y_of(const char *text)
{
	char *got = dump();
	int y = 0, found = -1;
	for (char *line = got, *end; found < 0 && (end = strchr(line, '\n')); line = end + 1, y++) {
		*end = '\0';
		if (strstr(line, text))
			found = y;
	}
	free(got);
	return found;
}

/* A cell of the last frame overwritten behind the screen's back: it stays
 * until its line is drawn again. */
struct planted {
	int y, x;
	cchar_t was;
};

static struct planted plant(int y, int x)
{
	struct planted p = {.y = y, .x = x};
	assert_int_equal(mvin_wch(y, x, &p.was), OK);
	mvaddch(y, x, '@');
	return p;
}

static bool still_there(const struct planted *p)
{
	return (mvinch(p->y, p->x) & A_CHARTEXT) == '@';
}

static void put_back(const struct planted *p)
{
	attr_t attrs;
	short pair;
	attr_get(&attrs, &pair, NULL);
	attrset(A_NORMAL);              /* the cell's own attributes, no others */
	mvadd_wch(p->y, p->x, &p->was);
	attr_set(attrs, pair, NULL);
}

/* A rating draws its row, the row the cursor reaches and the details over
 * the last frame, and nothing else: the stage tabs, the table's header,
 * another dimension's row and the hints keep a cell planted in them. With
 * those cells put back, the frame is the one drawn afresh. */
static void table__a_rating_draws_its_row_and_the_details_and_nothing_else(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	int header = y_of("grp   mean"), other = y_of("Community");
	assert_true(header > 0 && other > header);
	struct planted cells[] = {plant(1, 95), plant(header, 0), plant(other, 0), plant(29, 98)};
	size_t n = sizeof cells / sizeof cells[0];
	ui_redraw(&f->app, ui_key(&f->app, '4', false));
	for (size_t i = 0; i < n; i++)
		assert_true(still_there(&cells[i]));
	assert_true(row_has("Culture", "4.0    4-4"));
	assert_true(screen_has("distribution 1:  2:  3:  4:█  5:"));
	for (size_t i = 0; i < n; i++)
		put_back(&cells[i]);
	expect_drawn_afresh(f);
	/* Down the table: the two rows and the details again. */
	struct planted again = plant(other, 0);
	ui_redraw(&f->app, ui_key(&f->app, 'j', false));
	assert_true(still_there(&again));
	put_back(&again);
	expect_drawn_afresh(f);
}

/* At 80x24 the twelve do not fit: a rating moves the cursor on, and the
 * key that takes it past the columns shown, so that the table's window
 * moves, draws the whole frame; every other draws only its rows. */
static void table__a_rating_that_moves_the_columns_draws_the_whole_frame(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 24, 80, f->id, NULL);
	bool before[TWELVE], now[TWELVE];
	labels_shown(before);
	size_t moved = 0;
	for (size_t p = 0; p < TWELVE; p++) {
		struct planted cell = plant(1, 78);
		ui_redraw(&f->app, ui_key(&f->app, '3', false));
		labels_shown(now);
		bool same = memcmp(before, now, sizeof now) == 0;
		assert_int_equal(still_there(&cell), same);
		moved += !same;
		if (same)
			put_back(&cell);
		expect_drawn_afresh(f);
		memcpy(before, now, sizeof now);
	}
	assert_true(moved > 0 && moved < TWELVE);
}

#define TEST(name, set_up) cmocka_unit_test_setup_teardown(name, set_up, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(table__at_80x24_right_reads_all_twelve_labels_with_the_cue_counting_the_rest,
		     setup_plain),
		TEST(table__at_100x30_right_reads_all_twelve_labels_and_a_legend_names_them,
		     setup_plain),
		TEST(table__at_200x60_shows_all_twelve_labels_and_no_cue, setup_plain),
		TEST(table__marks_a_split_dimension_and_not_a_calm_one_with_the_same_range,
		     setup_split),
		TEST(table__marks_a_dimension_with_notes, setup_split),
		TEST(table__keeps_the_split_mark_off_while_ratings_are_private, setup_private),
		TEST(table__shows_no_marks_legend_without_a_mark, setup_plain),
		TEST(table__wraps_the_low_and_high_descriptions_where_there_is_room, setup_plain),
		TEST(table__a_rating_draws_its_row_and_the_details_and_nothing_else, setup_plain),
		TEST(table__a_rating_that_moves_the_columns_draws_the_whole_frame, setup_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
