#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/line_edit.h"
#include "lib/mem.h"
#include "lib/utf8.h"

#define E_ACUTE_COMBINING "e\u0301"
#define HEART_EMOJI "\u2764\uFE0F"            /* heart + emoji presentation */
#define ALPHABET "abcdefghijklmnopqrstuvwxyz"
#define NO_LIMIT SIZE_MAX

static void assert_state(const struct line_edit *e, const char *text, size_t cursor)
{
	assert_string_equal(line_edit_text(e), text);
	assert_int_equal(e->cursor, cursor);
}

/* Types s one code point at a time, as the keyboard would. */
static void type(struct line_edit *e, const char *s)
{
	size_t len = strlen(s);
	size_t pos = 0;
	while (pos < len) {
		uint32_t cp;
		pos += utf8_decode(s + pos, len - pos, &cp);
		assert_int_equal(line_edit_insert(e, cp), LINE_EDIT_CHANGED);
	}
}

static void press(struct line_edit *e, enum line_edit_key key, int times)
{
	for (int i = 0; i < times; i++)
		line_edit_key(e, key);
}

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A key, what it must answer, and the text and cursor it must leave. */
struct key_press {
	enum line_edit_key key;
	enum line_edit_result result;
	const char *text;       /* NULL: the text as it was */
	size_t cursor;
};

/* Starts editing `initial`, moves the cursor `left` characters back from
 * the end, then presses each key in turn and checks what it did. */
static void press_each(const char *initial, int left, const struct key_press *presses, size_t n)
{
	struct line_edit e;
	line_edit_init(&e, initial, NO_LIMIT);
	press(&e, LINE_EDIT_LEFT, left);
	for (size_t i = 0; i < n; i++) {
		const struct key_press *p = &presses[i];
		char *was = xstrdup(line_edit_text(&e));
		const char *text = p->text ? p->text : was;
		enum line_edit_result got = line_edit_key(&e, p->key);
		if (got != p->result || strcmp(line_edit_text(&e), text) != 0 ||
		    e.cursor != p->cursor)
			print_error("key %zu of \"%s\":\n", i + 1, initial);
		assert_int_equal(got, p->result);
		assert_state(&e, text, p->cursor);
		free(was);
	}
	line_edit_free(&e);
}

#define PRESS_EACH(initial, left, ...) \
	press_each((initial), (left), (const struct key_press[]){__VA_ARGS__}, \
		   NELEMS(((const struct key_press[]){__VA_ARGS__})))

static void line_edit__starts_with_the_initial_text_and_the_cursor_at_its_end(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "Share by default", NO_LIMIT);
	assert_state(&e, "Share by default", 16);
	assert_int_equal(e.scroll, 0);
	line_edit_free(&e);

	line_edit_init(&e, NULL, NO_LIMIT);
	assert_state(&e, "", 0);
	line_edit_free(&e);
}

static void line_edit__inserts_ascii_at_the_cursor(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, NULL, NO_LIMIT);
	type(&e, "Ana");
	assert_state(&e, "Ana", 3);
	line_edit_free(&e);
}

static void line_edit__inserts_accents_cjk_and_emoji_as_whole_sequences(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, NULL, NO_LIMIT);
	type(&e, "\u00E9");
	assert_state(&e, "\u00E9", 2);
	type(&e, "\u65E5\u672C");
	assert_state(&e, "\u00E9\u65E5\u672C", 8);
	type(&e, "\U0001F600");
	assert_state(&e, "\u00E9\u65E5\u672C\U0001F600", 12);
	type(&e, E_ACUTE_COMBINING);
	assert_state(&e, "\u00E9\u65E5\u672C\U0001F600" E_ACUTE_COMBINING, 15);
	line_edit_free(&e);
}

static void line_edit__inserts_in_the_middle_where_the_cursor_is(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "\u65E5\u8A9E", NO_LIMIT);
	assert_int_equal(line_edit_key(&e, LINE_EDIT_LEFT), LINE_EDIT_MOVED);
	type(&e, "\u672C");
	assert_state(&e, "\u65E5\u672C\u8A9E", 6);
	line_edit_free(&e);
}

static void line_edit__moves_left_and_right_over_whole_characters(void **state)
{
	(void)state;
	static const char text[] = "a\u65E5" E_ACUTE_COMBINING HEART_EMOJI "\U0001F600";
	static const size_t stops[] = {0, 1, 4, 7, 13, 17};
	struct line_edit e;
	line_edit_init(&e, text, NO_LIMIT);
	for (size_t i = 5; i > 0; i--) {
		assert_int_equal(line_edit_key(&e, LINE_EDIT_LEFT), LINE_EDIT_MOVED);
		assert_int_equal(e.cursor, stops[i - 1]);
	}
	for (size_t i = 1; i < 6; i++) {
		assert_int_equal(line_edit_key(&e, LINE_EDIT_RIGHT), LINE_EDIT_MOVED);
		assert_int_equal(e.cursor, stops[i]);
	}
	assert_string_equal(line_edit_text(&e), text);
	line_edit_free(&e);
}

static void line_edit__does_not_move_past_either_end(void **state)
{
	(void)state;
	PRESS_EACH("ab", 0, {LINE_EDIT_RIGHT, LINE_EDIT_UNCHANGED, NULL, 2},
		   {LINE_EDIT_END, LINE_EDIT_UNCHANGED, NULL, 2},
		   {LINE_EDIT_HOME, LINE_EDIT_MOVED, NULL, 0},
		   {LINE_EDIT_LEFT, LINE_EDIT_UNCHANGED, NULL, 0},
		   {LINE_EDIT_HOME, LINE_EDIT_UNCHANGED, "ab", 0});
}

static void line_edit__goes_home_and_end(void **state)
{
	(void)state;
	/* 10 bytes: "Caf", e and its accent, a space and a CJK character */
	PRESS_EACH("Caf" E_ACUTE_COMBINING " \u65E5", 0, {LINE_EDIT_HOME, LINE_EDIT_MOVED, NULL, 0},
		   {LINE_EDIT_END, LINE_EDIT_MOVED, NULL, 10});
}

static void line_edit__backspace_removes_a_letter_with_its_combining_accent(void **state)
{
	(void)state;
	PRESS_EACH("caf" E_ACUTE_COMBINING, 0, {LINE_EDIT_BACKSPACE, LINE_EDIT_CHANGED, "caf", 3});
}

static void line_edit__backspace_removes_a_wide_character_or_an_emoji_whole(void **state)
{
	(void)state;
	PRESS_EACH("\u65E5" HEART_EMOJI "\U0001F600", 0,
		   {LINE_EDIT_BACKSPACE, LINE_EDIT_CHANGED, "\u65E5" HEART_EMOJI, 9},
		   {LINE_EDIT_BACKSPACE, LINE_EDIT_CHANGED, "\u65E5", 3},
		   {LINE_EDIT_BACKSPACE, LINE_EDIT_CHANGED, "", 0},
		   {LINE_EDIT_BACKSPACE, LINE_EDIT_UNCHANGED, "", 0});
}

static void line_edit__delete_removes_the_whole_character_after_the_cursor(void **state)
{
	(void)state;
	PRESS_EACH("a" HEART_EMOJI E_ACUTE_COMBINING "z", 0,
		   {LINE_EDIT_HOME, LINE_EDIT_MOVED, NULL, 0},
		   {LINE_EDIT_RIGHT, LINE_EDIT_MOVED, NULL, 1},
		   {LINE_EDIT_DELETE, LINE_EDIT_CHANGED, "a" E_ACUTE_COMBINING "z", 1},
		   {LINE_EDIT_DELETE, LINE_EDIT_CHANGED, "az", 1},
		   {LINE_EDIT_END, LINE_EDIT_MOVED, NULL, 2},
		   {LINE_EDIT_DELETE, LINE_EDIT_UNCHANGED, "az", 2});
}

static void line_edit__ctrl_u_removes_everything_before_the_cursor(void **state)
{
	(void)state;
	PRESS_EACH("hello world", 5, {LINE_EDIT_KILL_TO_START, LINE_EDIT_CHANGED, "world", 0},
		   {LINE_EDIT_KILL_TO_START, LINE_EDIT_UNCHANGED, NULL, 0});
}

static void line_edit__ctrl_k_removes_everything_from_the_cursor_on(void **state)
{
	(void)state;
	PRESS_EACH("hello world", 5, {LINE_EDIT_KILL_TO_END, LINE_EDIT_CHANGED, "hello ", 6},
		   {LINE_EDIT_KILL_TO_END, LINE_EDIT_UNCHANGED, NULL, 6});
}

static void line_edit__ctrl_w_removes_the_word_before_the_cursor_and_the_spaces_after_it(void **state)
{
	(void)state;
	PRESS_EACH("git commit --amend  ", 0,
		   {LINE_EDIT_KILL_WORD, LINE_EDIT_CHANGED, "git commit ", 11},
		   {LINE_EDIT_KILL_WORD, LINE_EDIT_CHANGED, "git ", 4},
		   {LINE_EDIT_KILL_WORD, LINE_EDIT_CHANGED, "", 0},
		   {LINE_EDIT_KILL_WORD, LINE_EDIT_UNCHANGED, "", 0});
}

static void line_edit__ctrl_w_inside_a_word_removes_only_its_part_before_the_cursor(void **state)
{
	(void)state;
	PRESS_EACH("one twothree four", 10,
		   {LINE_EDIT_KILL_WORD, LINE_EDIT_CHANGED, "one three four", 4});
}

static void line_edit__ctrl_w_treats_punctuation_as_part_of_the_word_like_a_shell(void **state)
{
	(void)state;
	PRESS_EACH("see docs/how-to.md", 0, {LINE_EDIT_KILL_WORD, LINE_EDIT_CHANGED, "see ", 4});
}

static void line_edit__ctrl_w_breaks_words_at_an_ideographic_space_but_not_a_no_break_space(void **state)
{
	(void)state;
	PRESS_EACH("\u65E5\u672C\u3000\u8A9E", 0,
		   {LINE_EDIT_KILL_WORD, LINE_EDIT_CHANGED, "\u65E5\u672C\u3000", 9});
	PRESS_EACH("go 10\u00A0km", 0, {LINE_EDIT_KILL_WORD, LINE_EDIT_CHANGED, "go ", 3});
}

static void line_edit__moves_by_words_to_their_starts_and_ends(void **state)
{
	(void)state;
	/* 15 bytes: the accent takes two */
	PRESS_EACH("one  two caf" E_ACUTE_COMBINING, 0,
		   {LINE_EDIT_WORD_LEFT, LINE_EDIT_MOVED, NULL, 9},
		   {LINE_EDIT_WORD_LEFT, LINE_EDIT_MOVED, NULL, 5},
		   {LINE_EDIT_WORD_LEFT, LINE_EDIT_MOVED, NULL, 0},
		   {LINE_EDIT_WORD_LEFT, LINE_EDIT_UNCHANGED, NULL, 0},
		   {LINE_EDIT_WORD_RIGHT, LINE_EDIT_MOVED, NULL, 3},
		   {LINE_EDIT_WORD_RIGHT, LINE_EDIT_MOVED, NULL, 8},
		   {LINE_EDIT_WORD_RIGHT, LINE_EDIT_MOVED, NULL, 15},
		   {LINE_EDIT_WORD_RIGHT, LINE_EDIT_UNCHANGED, NULL, 15});
}

static void line_edit__refuses_a_character_that_would_exceed_max_bytes_and_changes_nothing(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "abc", 5);
	assert_int_equal(line_edit_insert(&e, 'd'), LINE_EDIT_CHANGED);
	assert_int_equal(line_edit_insert(&e, 0xE9), LINE_EDIT_REFUSED);
	assert_state(&e, "abcd", 4);
	press(&e, LINE_EDIT_HOME, 1);
	assert_int_equal(line_edit_insert(&e, 0x65E5), LINE_EDIT_REFUSED);
	assert_state(&e, "abcd", 0);
	assert_int_equal(line_edit_insert(&e, 'z'), LINE_EDIT_CHANGED);
	assert_state(&e, "zabcd", 1);
	assert_int_equal(line_edit_insert(&e, 'y'), LINE_EDIT_REFUSED);
	assert_state(&e, "zabcd", 1);
	line_edit_free(&e);
}

/* What lets a form say "too long" rather than beep: fits answers for the
 * length alone, whatever the character is. */
static void line_edit__fits_tells_a_character_too_long_for_the_room_left(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "abc", 5);
	assert_true(line_edit_fits(&e, 'd'));
	assert_true(line_edit_fits(&e, 0xE9));          /* two bytes, two left */
	assert_false(line_edit_fits(&e, 0x65E5));       /* three bytes */
	assert_true(line_edit_fits(&e, 0x07));          /* refused for what it is, not its size */
	assert_int_equal(line_edit_insert(&e, 0xE9), LINE_EDIT_CHANGED);
	assert_false(line_edit_fits(&e, 'x'));
	assert_int_equal(line_edit_insert(&e, 'x'), LINE_EDIT_REFUSED);
	assert_state(&e, "abc\u00e9", 5);
	line_edit_free(&e);

	line_edit_init(&e, "", NO_LIMIT);
	assert_true(line_edit_fits(&e, 0x1F600));
	line_edit_free(&e);
}

static void line_edit__cuts_a_long_initial_text_after_the_last_whole_character(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "ab\u65E5", 4);
	assert_state(&e, "ab", 2);
	line_edit_free(&e);

	line_edit_init(&e, "x" E_ACUTE_COMBINING, 3);
	assert_state(&e, "x", 1);
	line_edit_free(&e);
}

static void line_edit__refuses_controls_bidi_controls_surrogates_and_out_of_range_values(void **state)
{
	(void)state;
	static const uint32_t refused[] = {
		0x00, 0x07, '\t', '\n', '\r', 0x1B, 0x7F, 0x85, 0x9B, 0x9F,
		0x061C, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069,
		0xD800, 0xDFFF, 0x110000, UTF8_INVALID,
	};
	struct line_edit e;
	line_edit_init(&e, "ok", NO_LIMIT);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(line_edit_insert(&e, refused[i]), LINE_EDIT_REFUSED);
		assert_state(&e, "ok", 2);
	}
	line_edit_free(&e);
}

static void line_edit__accepts_joiners_and_combining_marks(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "e", NO_LIMIT);
	assert_int_equal(line_edit_insert(&e, 0x0301), LINE_EDIT_CHANGED);
	assert_int_equal(line_edit_insert(&e, 0x200D), LINE_EDIT_CHANGED);
	assert_state(&e, E_ACUTE_COMBINING "\u200D", 6);
	line_edit_free(&e);
}

static void line_edit__typing_before_a_stray_accent_keeps_the_cursor_after_the_accent(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "\u0301z", NO_LIMIT);
	press(&e, LINE_EDIT_HOME, 1);
	assert_int_equal(line_edit_insert(&e, 'e'), LINE_EDIT_CHANGED);
	assert_state(&e, E_ACUTE_COMBINING "z", 3);
	line_edit_free(&e);
}

static void line_edit__paste_turns_line_ends_and_tabs_into_spaces(void **state)
{
	(void)state;
	static const char pasted[] = "one\ttwo\r\nthree\nfour\rfive";
	struct line_edit e;
	line_edit_init(&e, NULL, NO_LIMIT);
	assert_int_equal(line_edit_paste(&e, pasted, strlen(pasted)), LINE_EDIT_CHANGED);
	assert_state(&e, "one two three four five", 23);
	line_edit_free(&e);
}

static void line_edit__paste_drops_controls_bidi_controls_and_invalid_bytes(void **state)
{
	(void)state;
	static const char pasted[] = "\x1b[31mred\x07 a\xff\xfe" "b \u202Eevil\u2066 c\xc2\x9b" "d";
	static const char with_nul[] = {'n', '\0', 'u', 'l'};
	struct line_edit e;
	line_edit_init(&e, NULL, NO_LIMIT);
	assert_int_equal(line_edit_paste(&e, pasted, strlen(pasted)), LINE_EDIT_CHANGED);
	assert_string_equal(line_edit_text(&e), "[31mred ab evil cd");
	line_edit_free(&e);

	line_edit_init(&e, NULL, NO_LIMIT);
	assert_int_equal(line_edit_paste(&e, with_nul, sizeof(with_nul)), LINE_EDIT_CHANGED);
	assert_state(&e, "nul", 3);
	line_edit_free(&e);
}

static void line_edit__paste_inserts_at_the_cursor_and_moves_past_the_text(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "[]", NO_LIMIT);
	press(&e, LINE_EDIT_LEFT, 1);
	assert_int_equal(line_edit_paste(&e, "x\ny", 3), LINE_EDIT_CHANGED);
	assert_state(&e, "[x y]", 4);
	line_edit_free(&e);
}

static void line_edit__paste_stops_at_max_bytes_after_a_whole_character(void **state)
{
	(void)state;
	static const char cjk[] = "ab\u65E5\u672C";
	static const char accented[] = "ab" E_ACUTE_COMBINING;
	struct line_edit e;
	line_edit_init(&e, NULL, 7);
	assert_int_equal(line_edit_paste(&e, cjk, strlen(cjk)), LINE_EDIT_CHANGED);
	assert_state(&e, "ab\u65E5", 5);
	assert_int_equal(line_edit_paste(&e, accented, strlen(accented)), LINE_EDIT_CHANGED);
	assert_state(&e, "ab\u65E5" "ab", 7);
	assert_int_equal(line_edit_paste(&e, "x", 1), LINE_EDIT_REFUSED);
	assert_state(&e, "ab\u65E5" "ab", 7);
	line_edit_free(&e);

	line_edit_init(&e, NULL, 4);
	assert_int_equal(line_edit_paste(&e, accented, strlen(accented)), LINE_EDIT_CHANGED);
	assert_state(&e, "ab", 2);
	line_edit_free(&e);
}

static void line_edit__paste_of_nothing_usable_is_refused_and_of_nothing_is_unchanged(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, "keep", NO_LIMIT);
	assert_int_equal(line_edit_paste(&e, "\x1b\x07\xff", 3), LINE_EDIT_REFUSED);
	assert_int_equal(line_edit_paste(&e, "", 0), LINE_EDIT_UNCHANGED);
	assert_state(&e, "keep", 4);
	line_edit_free(&e);
}

/* What line_edit_window showed, measured independently. */
struct shown {
	size_t scroll, len, cursor_col, cols_used;
	char *text;
};

static struct shown window(struct line_edit *e, size_t cols)
{
	struct shown w;
	w.len = line_edit_window(e, cols, &w.cursor_col);
	w.scroll = e->scroll;
	w.text = xstrndup(line_edit_text(e) + w.scroll, w.len);
	w.cols_used = utf8_width(w.text);
	return w;
}

static void assert_shown(struct shown w, const char *text, size_t cursor_col)
{
	assert_string_equal(w.text, text);
	assert_int_equal(w.cursor_col, cursor_col);
	free(w.text);
}

static void assert_window(struct line_edit *e, size_t cols, const char *text, size_t cursor_col)
{
	assert_shown(window(e, cols), text, cursor_col);
}

/* Keys pressed, then the window of `cols` columns they must leave. */
struct window_step {
	enum line_edit_key key;
	int times;              /* how often key is pressed first, maybe 0 */
	size_t cols;
	const char *text;       /* what the window shows */
	size_t cursor_col;
};

/* Starts editing `initial` and takes each step in turn. */
static void window_each(const char *initial, const struct window_step *steps, size_t n)
{
	struct line_edit e;
	line_edit_init(&e, initial, NO_LIMIT);
	for (size_t i = 0; i < n; i++) {
		press(&e, steps[i].key, steps[i].times);
		struct shown w = window(&e, steps[i].cols);
		if (strcmp(w.text, steps[i].text) != 0 || w.cursor_col != steps[i].cursor_col)
			print_error("step %zu on \"%s\":\n", i + 1, initial);
		assert_shown(w, steps[i].text, steps[i].cursor_col);
	}
	line_edit_free(&e);
}

#define WINDOW_EACH(initial, ...) \
	window_each((initial), (const struct window_step[]){__VA_ARGS__}, \
		    NELEMS(((const struct window_step[]){__VA_ARGS__})))

static void line_edit__window_shows_short_text_whole(void **state)
{
	(void)state;
	WINDOW_EACH("Ana \u65E5", {LINE_EDIT_HOME, 0, 20, "Ana \u65E5", 6},
		    {LINE_EDIT_HOME, 1, 20, "Ana \u65E5", 0});
}

static void line_edit__window_follows_the_cursor_to_the_right_edge(void **state)
{
	(void)state;
	WINDOW_EACH(ALPHABET, {LINE_EDIT_HOME, 0, 10, "rstuvwxyz", 9},
		    {LINE_EDIT_HOME, 1, 10, "abcdefghij", 0},
		    {LINE_EDIT_RIGHT, 12, 10, "defghijklm", 9});
}

static void line_edit__window_keeps_context_left_of_the_cursor_when_scrolling_back(void **state)
{
	(void)state;
	WINDOW_EACH(ALPHABET, {LINE_EDIT_LEFT, 0, 12, "pqrstuvwxyz", 11},
		    {LINE_EDIT_LEFT, 12, 12, "lmnopqrstuvw", 3});
}

static void line_edit__window_pulls_back_when_the_text_gets_short(void **state)
{
	(void)state;
	struct line_edit e;
	line_edit_init(&e, ALPHABET, NO_LIMIT);
	assert_window(&e, 10, "rstuvwxyz", 9);
	press(&e, LINE_EDIT_BACKSPACE, 20);
	assert_window(&e, 10, "abcdef", 6);
	assert_int_equal(e.scroll, 0);
	line_edit_free(&e);
}

static void line_edit__window_never_draws_half_of_a_wide_character_at_either_edge(void **state)
{
	(void)state;
	WINDOW_EACH("ab\u65E5", {LINE_EDIT_HOME, 1, 3, "ab", 0});
	WINDOW_EACH("\u65E5\u672C\u8A9E", {LINE_EDIT_LEFT, 0, 3, "\u8A9E", 2},
		    {LINE_EDIT_LEFT, 1, 3, "\u8A9E", 0},
		    {LINE_EDIT_LEFT, 1, 3, "\u672C", 0});
}

static void line_edit__window_of_two_columns_shows_the_wide_character_under_the_cursor(void **state)
{
	(void)state;
	WINDOW_EACH("\u65E5\u672C", {LINE_EDIT_HOME, 1, 2, "\u65E5", 0},
		    {LINE_EDIT_RIGHT, 1, 2, "\u672C", 0},
		    {LINE_EDIT_RIGHT, 1, 2, "", 0});
}

static bool is_boundary(const char *s, size_t len, size_t pos)
{
	return pos == 0 || pos == len || utf8_prev(s, utf8_next(s, len, pos)) == pos;
}

/* Checks what must hold for every window: the cursor and the whole
 * character under it are inside, the window is no wider than cols, and it
 * starts and ends between characters. */
static void assert_window_shows_cursor(struct line_edit *e, size_t cols)
{
	const char *s = line_edit_text(e);
	size_t len = strlen(s);
	struct shown w = window(e, cols);
	size_t under = utf8_next(s, len, e->cursor);
	assert_true(w.cols_used <= cols);
	assert_true(w.scroll <= e->cursor);
	assert_true(e->cursor + (under > e->cursor ? under - e->cursor : 0) <= w.scroll + w.len);
	assert_true(w.cursor_col < cols);
	char *before = xstrndup(s + w.scroll, e->cursor - w.scroll);
	assert_int_equal(w.cursor_col, utf8_width(before));
	assert_true(is_boundary(s, len, w.scroll));
	assert_true(is_boundary(s, len, w.scroll + w.len));
	free(before);
	free(w.text);
}

static void line_edit__window_always_shows_the_cursor_within_the_columns(void **state)
{
	(void)state;
	static const char *const texts[] = {
		ALPHABET,
		"\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8\u3067\u3059",
		"a\u65E5b\u672Cc\u8A9Ed\U0001F600e" HEART_EMOJI "f" E_ACUTE_COMBINING "g\u30C6",
		"\U0001F600\U0001F601\U0001F602 x \U0001F603\U0001F604" E_ACUTE_COMBINING "\U0001F605",
	};
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		for (size_t cols = 2; cols <= 13; cols++) {
			struct line_edit e;
			line_edit_init(&e, texts[t], NO_LIMIT);
			assert_window_shows_cursor(&e, cols);
			while (line_edit_key(&e, LINE_EDIT_LEFT) == LINE_EDIT_MOVED)
				assert_window_shows_cursor(&e, cols);
			while (line_edit_key(&e, LINE_EDIT_RIGHT) == LINE_EDIT_MOVED)
				assert_window_shows_cursor(&e, cols);
			press(&e, LINE_EDIT_WORD_LEFT, 1);
			assert_window_shows_cursor(&e, cols);
			while (line_edit_key(&e, LINE_EDIT_BACKSPACE) == LINE_EDIT_CHANGED)
				assert_window_shows_cursor(&e, cols);
			line_edit_free(&e);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_edit__starts_with_the_initial_text_and_the_cursor_at_its_end),
		cmocka_unit_test(line_edit__inserts_ascii_at_the_cursor),
		cmocka_unit_test(line_edit__inserts_accents_cjk_and_emoji_as_whole_sequences),
		cmocka_unit_test(line_edit__inserts_in_the_middle_where_the_cursor_is),
		cmocka_unit_test(line_edit__moves_left_and_right_over_whole_characters),
		cmocka_unit_test(line_edit__does_not_move_past_either_end),
		cmocka_unit_test(line_edit__goes_home_and_end),
		cmocka_unit_test(line_edit__backspace_removes_a_letter_with_its_combining_accent),
		cmocka_unit_test(line_edit__backspace_removes_a_wide_character_or_an_emoji_whole),
		cmocka_unit_test(line_edit__delete_removes_the_whole_character_after_the_cursor),
		cmocka_unit_test(line_edit__ctrl_u_removes_everything_before_the_cursor),
		cmocka_unit_test(line_edit__ctrl_k_removes_everything_from_the_cursor_on),
		cmocka_unit_test(line_edit__ctrl_w_removes_the_word_before_the_cursor_and_the_spaces_after_it),
		cmocka_unit_test(line_edit__ctrl_w_inside_a_word_removes_only_its_part_before_the_cursor),
		cmocka_unit_test(line_edit__ctrl_w_treats_punctuation_as_part_of_the_word_like_a_shell),
		cmocka_unit_test(line_edit__ctrl_w_breaks_words_at_an_ideographic_space_but_not_a_no_break_space),
		cmocka_unit_test(line_edit__moves_by_words_to_their_starts_and_ends),
		cmocka_unit_test(line_edit__refuses_a_character_that_would_exceed_max_bytes_and_changes_nothing),
		cmocka_unit_test(line_edit__fits_tells_a_character_too_long_for_the_room_left),
		cmocka_unit_test(line_edit__cuts_a_long_initial_text_after_the_last_whole_character),
		cmocka_unit_test(line_edit__refuses_controls_bidi_controls_surrogates_and_out_of_range_values),
		cmocka_unit_test(line_edit__accepts_joiners_and_combining_marks),
		cmocka_unit_test(line_edit__typing_before_a_stray_accent_keeps_the_cursor_after_the_accent),
		cmocka_unit_test(line_edit__paste_turns_line_ends_and_tabs_into_spaces),
		cmocka_unit_test(line_edit__paste_drops_controls_bidi_controls_and_invalid_bytes),
		cmocka_unit_test(line_edit__paste_inserts_at_the_cursor_and_moves_past_the_text),
		cmocka_unit_test(line_edit__paste_stops_at_max_bytes_after_a_whole_character),
		cmocka_unit_test(line_edit__paste_of_nothing_usable_is_refused_and_of_nothing_is_unchanged),
		cmocka_unit_test(line_edit__window_shows_short_text_whole),
		cmocka_unit_test(line_edit__window_follows_the_cursor_to_the_right_edge),
		cmocka_unit_test(line_edit__window_keeps_context_left_of_the_cursor_when_scrolling_back),
		cmocka_unit_test(line_edit__window_pulls_back_when_the_text_gets_short),
		cmocka_unit_test(line_edit__window_never_draws_half_of_a_wide_character_at_either_edge),
		cmocka_unit_test(line_edit__window_of_two_columns_shows_the_wide_character_under_the_cursor),
		cmocka_unit_test(line_edit__window_always_shows_the_cursor_within_the_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
