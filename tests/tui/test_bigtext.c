#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "tui/bigtext.h"

#define FULL_BLOCK "\u2588"
#define FONT "0123456789 :-+.!?&/ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS "0123456789"
#define WIDE 1000

struct picture {
	struct sbuf rows[BIGTEXT_ROWS];
};

static void render(struct picture *p, const char *text, size_t max_cols)
{
	for (size_t r = 0; r < BIGTEXT_ROWS; r++)
		p->rows[r] = (struct sbuf)SBUF_INIT;
	bigtext_render(text, max_cols, p->rows);
}

static void picture_free(struct picture *p)
{
	for (size_t r = 0; r < BIGTEXT_ROWS; r++)
		sbuf_free(&p->rows[r]);
}

/* A rendered row written back with '#' for a block, so that an expected
 * picture can be read in the test; fails on anything but blocks and
 * spaces. */
static char *as_hashes(const struct sbuf *row)
{
	struct sbuf out = SBUF_INIT;
	const char *s = sbuf_str(row);
	size_t block = strlen(FULL_BLOCK);
	while (*s != '\0') {
		if (strncmp(s, FULL_BLOCK, block) == 0) {
			sbuf_addc(&out, '#');
			s += block;
		} else {
			assert_int_equal(*s, ' ');
			sbuf_addc(&out, ' ');
			s++;
		}
	}
	return sbuf_take(&out);
}

/* All five rows as one string, '|' after each, for comparing glyphs. */
static char *flattened(const char *text)
{
	struct picture p;
	struct sbuf out = SBUF_INIT;
	render(&p, text, WIDE);
	for (size_t r = 0; r < BIGTEXT_ROWS; r++) {
		char *row = as_hashes(&p.rows[r]);
		sbuf_adds(&out, row);
		sbuf_addc(&out, '|');
		free(row);
	}
	picture_free(&p);
	return sbuf_take(&out);
}

static void assert_renders_as(const char *text, size_t max_cols, const char *const want[BIGTEXT_ROWS])
{
	struct picture p;
	render(&p, text, max_cols);
	for (size_t r = 0; r < BIGTEXT_ROWS; r++) {
		char *row = as_hashes(&p.rows[r]);
		assert_string_equal(row, want[r]);
		free(row);
	}
	picture_free(&p);
}

static void assert_all_rows_are_cols_wide(const struct picture *p, size_t cols)
{
	for (size_t r = 0; r < BIGTEXT_ROWS; r++)
		assert_int_equal(utf8_width(sbuf_str(&p->rows[r])), cols);
}

static void bigtext__draws_every_glyph_five_rows_tall_at_its_declared_width(void **state)
{
	(void)state;
	for (const char *c = FONT; *c != '\0'; c++) {
		char text[2] = {*c, '\0'};
		size_t width = bigtext_width(text);
		assert_in_range(width, 3, 5);
		struct picture p;
		render(&p, text, WIDE);
		for (size_t r = 0; r < BIGTEXT_ROWS; r++) {
			char *row = as_hashes(&p.rows[r]);
			assert_int_equal(strlen(row), width);
			free(row);
		}
		picture_free(&p);
	}
}

static void bigtext__inks_every_glyph_but_the_space(void **state)
{
	(void)state;
	for (const char *c = FONT; *c != '\0'; c++) {
		char text[2] = {*c, '\0'};
		char *glyph = flattened(text);
		assert_int_equal(strchr(glyph, '#') != NULL, *c != ' ');
		free(glyph);
	}
}

static void bigtext__never_draws_two_digits_alike(void **state)
{
	(void)state;
	for (const char *a = DIGITS; *a != '\0'; a++) {
		for (const char *b = a + 1; *b != '\0'; b++) {
			char ta[2] = {*a, '\0'}, tb[2] = {*b, '\0'};
			char *ga = flattened(ta), *gb = flattened(tb);
			assert_string_not_equal(ga, gb);
			free(ga);
			free(gb);
		}
	}
}

static void bigtext__keeps_every_glyph_apart_from_every_other_and_from_the_box(void **state)
{
	(void)state;
	char *box = flattened("~");
	for (const char *a = FONT; *a != '\0'; a++) {
		char ta[2] = {*a, '\0'};
		char *ga = flattened(ta);
		assert_string_not_equal(ga, box);
		for (const char *b = a + 1; *b != '\0'; b++) {
			char tb[2] = {*b, '\0'};
			char *gb = flattened(tb);
			assert_string_not_equal(ga, gb);
			free(gb);
		}
		free(ga);
	}
	free(box);
}

static void bigtext__measures_07_42_as_its_glyphs_with_one_column_between_them(void **state)
{
	(void)state;
	assert_int_equal(bigtext_width("07:42"), 4 + 1 + 4 + 1 + 3 + 1 + 4 + 1 + 4);
	struct picture p;
	render(&p, "07:42", WIDE);
	assert_all_rows_are_cols_wide(&p, 23);
	picture_free(&p);
}

static void bigtext__draws_the_timer_as_the_expected_picture(void **state)
{
	(void)state;
	static const char *const want[BIGTEXT_ROWS] = {
		"#### ####     #  # ####",
		"#  #    #  #  #  #    #",
		"#  #   #      #### ####",
		"#  #  #    #     # #   ",
		"####  #          # ####",
	};
	assert_renders_as("07:42", WIDE, want);
}

static void bigtext__draws_lowercase_as_uppercase(void **state)
{
	(void)state;
	char *lower = flattened("steps & goals");
	char *upper = flattened("STEPS & GOALS");
	assert_string_equal(lower, upper);
	assert_int_equal(bigtext_width("review"), bigtext_width("REVIEW"));
	free(lower);
	free(upper);
}

static void bigtext__draws_a_character_outside_the_font_as_a_small_box(void **state)
{
	(void)state;
	static const char *const box[BIGTEXT_ROWS] = {"   ", "###", "# #", "###", "   "};
	static const char *const outside[] = {
		"~", "\u00E9", "e\u0301", "\u65E5", "\U0001F600", "\u2764\uFE0F", "\x1b",
	};
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		assert_int_equal(bigtext_width(outside[i]), 3);
		assert_renders_as(outside[i], WIDE, box);
	}
	assert_int_equal(bigtext_width("Caf\u00E9"), 4 + 1 + 4 + 1 + 4 + 1 + 3);
}

static void bigtext__measures_empty_text_as_zero_columns_and_draws_nothing(void **state)
{
	(void)state;
	assert_int_equal(bigtext_width(""), 0);
	assert_true(bigtext_fits("", 0));
	struct picture p;
	render(&p, "", WIDE);
	assert_all_rows_are_cols_wide(&p, 0);
	picture_free(&p);
}

static void bigtext__cuts_at_the_last_whole_glyph_that_fits(void **state)
{
	(void)state;
	static const struct {
		size_t max_cols, drawn;
	} cases[] = {
		{23, 23}, {22, 18}, {18, 18}, {17, 13}, {13, 13}, {12, 9}, {4, 4}, {3, 0}, {0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct picture p;
		render(&p, "07:42", cases[i].max_cols);
		assert_all_rows_are_cols_wide(&p, cases[i].drawn);
		picture_free(&p);
	}
	static const char *const want[BIGTEXT_ROWS] = {
		"#### ####",
		"#  #    #",
		"#  #   # ",
		"#  #  #  ",
		"####  #  ",
	};
	assert_renders_as("07:42", 12, want);
}

static void bigtext__appends_to_what_the_rows_already_hold(void **state)
{
	(void)state;
	struct picture p;
	render(&p, "1", WIDE);
	bigtext_render("-", WIDE, p.rows);
	assert_all_rows_are_cols_wide(&p, 4 + 3);
	char *middle = as_hashes(&p.rows[2]);
	assert_string_equal(middle, "  # ###");
	free(middle);
	picture_free(&p);
}

static void bigtext__fits_text_exactly_as_wide_as_the_columns(void **state)
{
	(void)state;
	assert_true(bigtext_fits("07:42", 23));
	assert_false(bigtext_fits("07:42", 22));
	assert_true(bigtext_fits("4 STEPS", 80));
	assert_int_equal(bigtext_width("4 STEPS"), 4 + 1 + 3 + 1 + 4 + 1 + 5 + 1 + 4 + 1 + 4 + 1 + 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bigtext__draws_every_glyph_five_rows_tall_at_its_declared_width),
		cmocka_unit_test(bigtext__inks_every_glyph_but_the_space),
		cmocka_unit_test(bigtext__never_draws_two_digits_alike),
		cmocka_unit_test(bigtext__keeps_every_glyph_apart_from_every_other_and_from_the_box),
		cmocka_unit_test(bigtext__measures_07_42_as_its_glyphs_with_one_column_between_them),
		cmocka_unit_test(bigtext__draws_the_timer_as_the_expected_picture),
		cmocka_unit_test(bigtext__draws_lowercase_as_uppercase),
		cmocka_unit_test(bigtext__draws_a_character_outside_the_font_as_a_small_box),
		cmocka_unit_test(bigtext__measures_empty_text_as_zero_columns_and_draws_nothing),
		cmocka_unit_test(bigtext__cuts_at_the_last_whole_glyph_that_fits),
		cmocka_unit_test(bigtext__appends_to_what_the_rows_already_hold),
		cmocka_unit_test(bigtext__fits_text_exactly_as_wide_as_the_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
