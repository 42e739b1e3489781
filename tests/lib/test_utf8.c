#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/utf8.h"

#define FAMILY "\U0001F468\u200D\U0001F469\u200D\U0001F467"   /* man ZWJ woman ZWJ girl */
#define TECHNOLOGIST "\U0001F469\u200D\U0001F4BB"           /* woman ZWJ laptop */
#define E_ACUTE_COMBINING "e\u0301"

static uint32_t decode_all(const char *s, size_t len, size_t *used)
{
	uint32_t cp;
	*used = utf8_decode(s, len, &cp);
	return cp;
}

static void assert_decodes(const char *s, uint32_t want, size_t want_len)
{
	size_t used;
	assert_int_equal(decode_all(s, strlen(s), &used), want);
	assert_int_equal(used, want_len);
}

static void assert_invalid(const char *s, size_t len)
{
	size_t used;
	assert_int_equal(decode_all(s, len, &used), UTF8_INVALID);
	assert_int_equal(used, 1);
	assert_false(utf8_valid(s, len));
}

static char *fit(const char *s, size_t cols, enum utf8_fit_flags flags)
{
	struct sbuf out = SBUF_INIT;
	utf8_fit(&out, s, cols, flags);
	return sbuf_take(&out);
}

static void assert_fits_as(const char *s, size_t cols, enum utf8_fit_flags flags,
		const char *want)
{
	char *got = fit(s, cols, flags);
	assert_string_equal(got, want);
	free(got);
}

static void utf8__decodes_one_to_four_byte_sequences(void **state)
{
	(void)state;
	assert_decodes("A", 'A', 1);
	assert_decodes("\u00E9", 0xE9, 2);
	assert_decodes("\u65E5", 0x65E5, 3);
	assert_decodes("\U0001F600", 0x1F600, 4);
	assert_decodes("\U0010FFFF", 0x10FFFF, 4);
	assert_decodes("\u00E9tait", 0xE9, 2);
}

static void utf8__rejects_bad_lead_and_continuation_bytes_one_byte_at_a_time(void **state)
{
	(void)state;
	assert_invalid("\x80", 1);
	assert_invalid("\x9b", 1);
	assert_invalid("\xff", 1);
	assert_invalid("\xf8\x88\x80\x80\x80", 5);
	assert_invalid("\xc3" "A", 2);
	assert_invalid("\xe6\x97" "A", 3);
}

static void utf8__rejects_overlong_forms(void **state)
{
	(void)state;
	assert_invalid("\xc0\xaf", 2);
	assert_invalid("\xc1\xbf", 2);
	assert_invalid("\xe0\x80\xaf", 3);
	assert_invalid("\xe0\x9f\xbf", 3);
	assert_invalid("\xf0\x80\x80\xaf", 4);
	assert_invalid("\xf0\x8f\xbf\xbf", 4);
}

static void utf8__rejects_surrogates_and_values_above_10ffff(void **state)
{
	(void)state;
	assert_invalid("\xed\xa0\x80", 3);
	assert_invalid("\xed\xbf\xbf", 3);
	assert_invalid("\xf4\x90\x80\x80", 4);
	assert_invalid("\xf5\x80\x80\x80", 4);
}

static void utf8__rejects_a_sequence_cut_short_by_the_length(void **state)
{
	(void)state;
	assert_invalid("\xe6\x97\xa5", 2);
	assert_invalid("\xf0\x9f\x98\x80", 3);
	size_t used;
	assert_int_equal(decode_all("", 0, &used), UTF8_INVALID);
	assert_int_equal(used, 0);
}

static void utf8__encodes_every_scalar_value_so_that_it_decodes_back(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp == 0xD800)
			cp = 0xE000;
		char buf[4];
		size_t n = utf8_encode(cp, buf);
		uint32_t back;
		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cp);
	}
}

static void utf8__encodes_nothing_for_surrogates_and_out_of_range_values(void **state)
{
	(void)state;
	char buf[4] = {0};
	assert_int_equal(utf8_encode(0xD800, buf), 0);
	assert_int_equal(utf8_encode(0xDFFF, buf), 0);
	assert_int_equal(utf8_encode(0x110000, buf), 0);
	assert_int_equal(utf8_encode(UTF8_INVALID, buf), 0);
}

static void utf8__accepts_text_in_several_scripts_as_valid(void **state)
{
	(void)state;
	static const char text[] = "Zo\u00EB, \u65E5\u672C\u8A9E, \u0395\u03BB\u03BB\u03AC\u03B4\u03B1, "
	                           "\u0939\u093F\u0928\u094D\u0926\u0940 " FAMILY;
	assert_true(utf8_valid(text, strlen(text)));
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("a\0b", 3));
}

static void utf8__gives_ascii_one_column_and_controls_minus_one(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width('a'), 1);
	assert_int_equal(utf8_cp_width(' '), 1);
	assert_int_equal(utf8_cp_width('~'), 1);
	assert_int_equal(utf8_cp_width(0x00), -1);
	assert_int_equal(utf8_cp_width(0x1B), -1);
	assert_int_equal(utf8_cp_width('\n'), -1);
	assert_int_equal(utf8_cp_width(0x7F), -1);
	assert_int_equal(utf8_cp_width(0x85), -1);
	assert_int_equal(utf8_cp_width(0x9B), -1);
	assert_int_equal(utf8_cp_width(0xA0), 1);
	assert_int_equal(utf8_cp_width(0xD800), -1);
	assert_int_equal(utf8_cp_width(0x110000), -1);
	assert_int_equal(utf8_cp_width(UTF8_INVALID), -1);
}

static void utf8__gives_combining_marks_and_joiners_zero_columns(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width(0x0301), 0);   /* combining acute accent */
	assert_int_equal(utf8_cp_width(0x094D), 0);   /* devanagari virama */
	assert_int_equal(utf8_cp_width(0x200B), 0);   /* zero width space */
	assert_int_equal(utf8_cp_width(0x200C), 0);   /* ZWNJ */
	assert_int_equal(utf8_cp_width(0x200D), 0);   /* ZWJ */
	assert_int_equal(utf8_cp_width(0x2060), 0);   /* word joiner */
	assert_int_equal(utf8_cp_width(0xFE0F), 0);   /* variation selector 16 */
	assert_int_equal(utf8_cp_width(0xFEFF), 0);   /* BOM */
	assert_int_equal(utf8_cp_width(0xE0100), 0);  /* variation selector 17 */
	assert_int_equal(utf8_cp_width(0x1160), 0);   /* hangul medial vowel */
	assert_int_equal(utf8_cp_width(0x00AD), 1);   /* soft hyphen is drawn */
}

static void utf8__gives_cjk_fullwidth_and_emoji_two_columns(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width(0x65E5), 2);   /* 日 */
	assert_int_equal(utf8_cp_width(0x672C), 2);   /* 本 */
	assert_int_equal(utf8_cp_width(0x3042), 2);   /* あ */
	assert_int_equal(utf8_cp_width(0xAC00), 2);   /* 가 */
	assert_int_equal(utf8_cp_width(0xFF21), 2);   /* fullwidth A */
	assert_int_equal(utf8_cp_width(0x20000), 2);  /* CJK extension B */
	assert_int_equal(utf8_cp_width(0x1F600), 2);  /* grinning face */
	assert_int_equal(utf8_cp_width(0x1F468), 2);  /* man */
	assert_int_equal(utf8_cp_width(0x231A), 2);   /* watch */
	assert_int_equal(utf8_cp_width(0x1FAE8), 2);  /* shaking face, Unicode 15 */
	assert_int_equal(utf8_cp_width(0x00E9), 1);   /* é */
	assert_int_equal(utf8_cp_width(0x2026), 1);   /* … */
	assert_int_equal(utf8_cp_width(0x2764), 1);   /* heart: text presentation */
	assert_int_equal(utf8_cp_width(0x1F1EB), 1);  /* regional indicator F */
}

static void utf8__measures_strings_in_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("\u00E9"), 1);
	assert_int_equal(utf8_width(E_ACUTE_COMBINING), 1);
	assert_int_equal(utf8_width("Zo\u00EB"), 3);
	assert_int_equal(utf8_width("\u65E5\u672C"), 4);
	assert_int_equal(utf8_width("\U0001F600"), 2);
	assert_int_equal(utf8_width("\u2764\uFE0F"), 1);
	assert_int_equal(utf8_width("\U0001F1EB\U0001F1F7"), 2);
}

static void utf8__measures_a_zwj_sequence_as_the_sum_of_its_parts(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(FAMILY), 6);
	assert_int_equal(utf8_width(TECHNOLOGIST), 4);
	assert_int_equal(utf8_width("\u200D"), 0);
}

static void utf8__counts_each_control_and_invalid_byte_as_one_column(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("a\x1b[2Jb"), 6);
	assert_int_equal(utf8_width("\xe6\x97"), 2);
	assert_int_equal(utf8_width("\xc0\xaf!"), 3);
}

static void utf8__pads_short_text_with_spaces_to_the_width(void **state)
{
	(void)state;
	assert_fits_as("hello", 8, UTF8_FIT_PAD, "hello   ");
	assert_fits_as("\u65E5\u672C", 6, UTF8_FIT_PAD, "\u65E5\u672C  ");
	assert_fits_as(E_ACUTE_COMBINING "t\u00E9", 5, UTF8_FIT_PAD | UTF8_FIT_ELLIPSIS,
	               E_ACUTE_COMBINING "t\u00E9  ");
	assert_fits_as("hello", 8, UTF8_FIT_CUT, "hello");
	assert_fits_as("", 3, UTF8_FIT_PAD, "   ");
}

static void utf8__leaves_text_that_fits_exactly_without_an_ellipsis(void **state)
{
	(void)state;
	assert_fits_as("hello", 5, UTF8_FIT_ELLIPSIS, "hello");
	assert_fits_as("\u65E5\u672C", 4, UTF8_FIT_ELLIPSIS | UTF8_FIT_PAD, "\u65E5\u672C");
	assert_fits_as("cafe\u0301", 4, UTF8_FIT_ELLIPSIS, "cafe\u0301");
}

static void utf8__ends_long_text_with_an_ellipsis_in_the_last_column(void **state)
{
	(void)state;
	assert_fits_as("hello world", 8, UTF8_FIT_ELLIPSIS, "hello w\u2026");
	assert_fits_as("hello world", 8, UTF8_FIT_ELLIPSIS | UTF8_FIT_PAD, "hello w\u2026");
	assert_fits_as("hello world", 1, UTF8_FIT_ELLIPSIS, "\u2026");
	assert_fits_as("hello world", 0, UTF8_FIT_ELLIPSIS | UTF8_FIT_PAD, "");
	assert_fits_as("hello world", 5, UTF8_FIT_CUT, "hello");
}

static void utf8__replaces_a_wide_character_straddling_the_edge_with_a_space(void **state)
{
	(void)state;
	assert_fits_as("\u65E5\u672C\u8A9E", 4, UTF8_FIT_ELLIPSIS, "\u65E5 \u2026");
	assert_fits_as("\u65E5\u672C\u8A9E", 5, UTF8_FIT_ELLIPSIS, "\u65E5\u672C\u2026");
	assert_fits_as("\u65E5\u672C\u8A9E", 5, UTF8_FIT_CUT, "\u65E5\u672C ");
	assert_fits_as("\u65E5\u672C\u8A9E", 1, UTF8_FIT_CUT, " ");
	assert_fits_as("a\U0001F600b", 2, UTF8_FIT_ELLIPSIS, "a\u2026");
	assert_fits_as("ab\U0001F600", 3, UTF8_FIT_ELLIPSIS, "ab\u2026");
}

static void utf8__never_cuts_a_combining_mark_from_its_base(void **state)
{
	(void)state;
	assert_fits_as("cafe\u0301 noir", 5, UTF8_FIT_ELLIPSIS, "cafe\u0301\u2026");
	assert_fits_as("cafe\u0301 noir", 4, UTF8_FIT_ELLIPSIS, "caf\u2026");
	assert_fits_as("cafe\u0301 noir", 4, UTF8_FIT_CUT, "cafe\u0301");
	assert_fits_as("\u0939\u093F\u0928\u094D\u0926\u0940", 3, UTF8_FIT_CUT,
	               "\u0939\u093F\u0928\u094D");
	assert_fits_as(TECHNOLOGIST "!", 3, UTF8_FIT_ELLIPSIS, "\U0001F469\u200D\u2026");
}

static void utf8__appends_to_what_the_buffer_already_holds(void **state)
{
	(void)state;
	struct sbuf out = SBUF_INIT;
	sbuf_adds(&out, "[");
	utf8_fit(&out, "abcdef", 4, UTF8_FIT_ELLIPSIS);
	sbuf_adds(&out, "]");
	assert_string_equal(sbuf_str(&out), "[abc\u2026]");
	sbuf_free(&out);
}

static void assert_fit_is_exact_for_every_width(const char *s)
{
	for (size_t cols = 0; cols <= 24; cols++) {
		char *got = fit(s, cols, UTF8_FIT_PAD | UTF8_FIT_ELLIPSIS);
		assert_true(utf8_valid(got, strlen(got)));
		assert_int_equal(utf8_width(got), cols);
		free(got);
		got = fit(s, cols, UTF8_FIT_CUT);
		size_t width = utf8_width(s);
		assert_int_equal(utf8_width(got), width < cols ? width : cols);
		free(got);
	}
}

static void utf8__fits_any_text_to_exactly_the_columns_asked_for(void **state)
{
	(void)state;
	assert_fit_is_exact_for_every_width("plain ascii text of some length");
	assert_fit_is_exact_for_every_width("\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8");
	assert_fit_is_exact_for_every_width("a\u65E5b\u672Cc" E_ACUTE_COMBINING "\U0001F600d");
	assert_fit_is_exact_for_every_width(FAMILY " " TECHNOLOGIST " Zo\u00EB");
	assert_fit_is_exact_for_every_width("\u0301\u0301 stray marks");
}

static void utf8__finds_the_longest_prefix_that_fits_in_bytes(void **state)
{
	(void)state;
	assert_int_equal(utf8_prefix_for_width("abcdef", 3), 3);
	assert_int_equal(utf8_prefix_for_width("abc", 10), 3);
	assert_int_equal(utf8_prefix_for_width("abc", 0), 0);
	assert_int_equal(utf8_prefix_for_width("\u65E5\u672C\u8A9E", 3), 3);
	assert_int_equal(utf8_prefix_for_width("\u65E5\u672C\u8A9E", 4), 6);
	assert_int_equal(utf8_prefix_for_width(E_ACUTE_COMBINING "x", 1), 3);
	assert_int_equal(utf8_prefix_for_width("\u2764\uFE0Fx", 1), 6);
	assert_int_equal(utf8_prefix_for_width("\u0301a", 0), 2);
}

static const char editor_line[] = "a" E_ACUTE_COMBINING "\u65E5" "\U0001F600\uFE0F" "\xe6\x97" "z";
/* a | e + U+0301 | 日 | 😀 + VS16 | bad byte | bad byte | z */
static const size_t editor_stops[] = {0, 1, 4, 7, 14, 15, 16, 17};

static void utf8__steps_forward_over_whole_characters(void **state)
{
	(void)state;
	size_t len = strlen(editor_line);
	size_t n = sizeof(editor_stops) / sizeof(editor_stops[0]);
	for (size_t i = 0; i + 1 < n; i++)
		assert_int_equal(utf8_next(editor_line, len, editor_stops[i]), editor_stops[i + 1]);
	assert_int_equal(utf8_next(editor_line, len, len), len);
}

static void utf8__steps_back_over_whole_characters(void **state)
{
	(void)state;
	size_t n = sizeof(editor_stops) / sizeof(editor_stops[0]);
	for (size_t i = n - 1; i > 0; i--)
		assert_int_equal(utf8_prev(editor_line, editor_stops[i]), editor_stops[i - 1]);
	assert_int_equal(utf8_prev(editor_line, 0), 0);
}

static void utf8__steps_over_a_stray_combining_mark_at_the_start_with_what_follows(void **state)
{
	(void)state;
	static const char s[] = "\u0301\u0308ab";
	assert_int_equal(utf8_next(s, strlen(s), 0), 4);
	assert_int_equal(utf8_prev(s, 4), 0);
	assert_int_equal(utf8_prev(s, 5), 4);
}

static void utf8__keeps_a_zwj_with_the_emoji_before_it(void **state)
{
	(void)state;
	static const char s[] = TECHNOLOGIST;
	size_t len = strlen(s);
	assert_int_equal(utf8_next(s, len, 0), 7);
	assert_int_equal(utf8_next(s, len, 7), len);
	assert_int_equal(utf8_prev(s, len), 7);
	assert_int_equal(utf8_prev(s, 7), 0);
}

/* Each line of text wrapped at cols, joined by '/'. */
static void assert_wraps(const char *text, size_t cols, const char *want)
{
	char got[256] = "";
	size_t used = 0;
	for (const char *p = text, *rest; *p; p = rest) {
		size_t n = utf8_wrap(p, cols, &rest);
		used += (size_t)snprintf(got + used, sizeof got - used, "%s%.*s", used ? "/" : "",
					 (int)n, p);
		assert_true(rest > p);
	}
	assert_string_equal(got, want);
}

static void utf8_wrap__breaks_at_spaces_and_within_a_word_only_when_it_must(void **state)
{
	(void)state;
	assert_wraps("Searchable FAQ in the wiki", 12, "Searchable/FAQ in the/wiki");
	assert_wraps("short", 12, "short");
	assert_wraps("abcdefghij", 4, "abcd/efgh/ij");
	assert_wraps("李雷 李娜 王芳", 5, "李雷/李娜/王芳");
	assert_wraps("李雷李娜", 3, "李/雷/李/娜");
	assert_wraps("two  spaces", 4, "two/spac/es");
	assert_wraps("x", 0, "x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8__decodes_one_to_four_byte_sequences),
		cmocka_unit_test(utf8__rejects_bad_lead_and_continuation_bytes_one_byte_at_a_time),
		cmocka_unit_test(utf8__rejects_overlong_forms),
		cmocka_unit_test(utf8__rejects_surrogates_and_values_above_10ffff),
		cmocka_unit_test(utf8__rejects_a_sequence_cut_short_by_the_length),
		cmocka_unit_test(utf8__encodes_every_scalar_value_so_that_it_decodes_back),
		cmocka_unit_test(utf8__encodes_nothing_for_surrogates_and_out_of_range_values),
		cmocka_unit_test(utf8__accepts_text_in_several_scripts_as_valid),
		cmocka_unit_test(utf8__gives_ascii_one_column_and_controls_minus_one),
		cmocka_unit_test(utf8__gives_combining_marks_and_joiners_zero_columns),
		cmocka_unit_test(utf8__gives_cjk_fullwidth_and_emoji_two_columns),
		cmocka_unit_test(utf8__measures_strings_in_columns_not_bytes),
		cmocka_unit_test(utf8__measures_a_zwj_sequence_as_the_sum_of_its_parts),
		cmocka_unit_test(utf8__counts_each_control_and_invalid_byte_as_one_column),
		cmocka_unit_test(utf8__pads_short_text_with_spaces_to_the_width),
		cmocka_unit_test(utf8__leaves_text_that_fits_exactly_without_an_ellipsis),
		cmocka_unit_test(utf8__ends_long_text_with_an_ellipsis_in_the_last_column),
		cmocka_unit_test(utf8__replaces_a_wide_character_straddling_the_edge_with_a_space),
		cmocka_unit_test(utf8__never_cuts_a_combining_mark_from_its_base),
		cmocka_unit_test(utf8__appends_to_what_the_buffer_already_holds),
		cmocka_unit_test(utf8__fits_any_text_to_exactly_the_columns_asked_for),
		cmocka_unit_test(utf8__finds_the_longest_prefix_that_fits_in_bytes),
		cmocka_unit_test(utf8__steps_forward_over_whole_characters),
		cmocka_unit_test(utf8__steps_back_over_whole_characters),
		cmocka_unit_test(utf8__steps_over_a_stray_combining_mark_at_the_start_with_what_follows),
		cmocka_unit_test(utf8__keeps_a_zwj_with_the_emoji_before_it),
		cmocka_unit_test(utf8_wrap__breaks_at_spaces_and_within_a_word_only_when_it_must),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
