#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/json_reader.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "tests/support.h"

/* ---- helpers ---- */

static struct ynode *read_len(const char *text, size_t len)
{
	return support_read_tree(json_read_buffer, "t.json", text, len);
}

static struct ynode *read_ok(const char *text)
{
	return read_len(text, strlen(text));
}

static void expect_refused_len(const char *text, size_t len, const struct ynode_limits *limits,
			       const char *message)
{
	support_expect_tree_refused(json_read_buffer, "t.json", text, len, limits, message);
}

static void expect_refused(const char *text, const char *message)
{
	expect_refused_len(text, strlen(text), NULL, message);
}

static void expect_scalar(const struct ynode *node, const char *text, bool quoted, int line,
			  int col)
{
	assert_non_null(node);
	assert_int_equal(node->kind, YNODE_SCALAR);
	assert_string_equal(node->text, text);
	assert_int_equal(node->len, strlen(text));
	assert_int_equal(node->quoted, quoted);
	assert_int_equal(node->line, line);
	assert_int_equal(node->col, col);
}

/* ---- what reads ---- */

static void json_reader__reads_an_object_with_the_line_and_column_of_every_node(void **state)
{
	(void)state;
	struct ynode *root = read_ok("{\"a\": 1,\n  \"b\": [true, null, \"x\"],\r\n\"c\":{}}");
	assert_int_equal(root->kind, YNODE_MAPPING);
	assert_int_equal(root->npairs, 3);
	expect_scalar(root->pairs[0].key, "a", true, 1, 2);
	expect_scalar(root->pairs[0].value, "1", false, 1, 7);
	expect_scalar(root->pairs[1].key, "b", true, 2, 3);
	const struct ynode *list = root->pairs[1].value;
	assert_int_equal(list->kind, YNODE_SEQUENCE);
	assert_int_equal(list->line, 2);
	assert_int_equal(list->col, 8);
	assert_int_equal(list->nitems, 3);
	expect_scalar(list->items[0], "true", false, 2, 9);
	assert_true(ynode_is_null(list->items[1]));
	expect_scalar(list->items[2], "x", true, 2, 21);
	expect_scalar(root->pairs[2].key, "c", true, 3, 1);
	assert_int_equal(root->pairs[2].value->kind, YNODE_MAPPING);
	ynode_free(root);
}

static void json_reader__counts_columns_in_characters_not_bytes(void **state)
{
	(void)state;
	struct ynode *root = read_ok("{\"caf\xc3\xa9 \xe2\x82\xac\": \"\xf0\x9f\x9a\x80\", \"n\": 2}");
	expect_scalar(root->pairs[0].value, "\xf0\x9f\x9a\x80", true, 1, 12);
	expect_scalar(root->pairs[1].key, "n", true, 1, 17);
	ynode_free(root);
}

static void json_reader__decodes_a_surrogate_pair_to_the_one_character_it_stands_for(void **state)
{
	(void)state;
	/* What Python's json.dump writes for "Q1 🚀". */
	struct ynode *root = read_ok("{\"session\": {\"title\": \"Q1 \\ud83d\\ude80\"}}");
	expect_scalar(ynode_get(ynode_get(root, "session"), "title"), "Q1 \xf0\x9f\x9a\x80", true,
		      1, 23);
	ynode_free(root);
	root = read_ok("[\"\\uD834\\uDD1E\", \"\\udbff\\udfff\", \"\\ud800\\udc00\"]");
	expect_scalar(root->items[0], "\xf0\x9d\x84\x9e", true, 1, 2);
	expect_scalar(root->items[1], "\xf4\x8f\xbf\xbf", true, 1, 18);
	expect_scalar(root->items[2], "\xf0\x90\x80\x80", true, 1, 34);
	ynode_free(root);
}

static void json_reader__decodes_every_escape_json_has(void **state)
{
	(void)state;
	struct ynode *root = read_ok("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC \\u0041\"");
	expect_scalar(root, "\" \\ / \b \f \n \r \t \xc3\xa9 \xe2\x82\xac A", true, 1, 1);
	ynode_free(root);
}

static void json_reader__reads_numbers_as_json_spells_them_and_any_value_at_the_top(void **state)
{
	(void)state;
	struct ynode *root = read_ok("[0, -0, 12, -3.25, 1e5, 2E-3, 6.02e+23, "
				     "9223372036854775807, -9223372036854775808, 1e308]");
	static const char *const want[] = {"0", "-0", "12", "-3.25", "1e5", "2E-3", "6.02e+23",
					   "9223372036854775807", "-9223372036854775808", "1e308"};
	assert_int_equal(root->nitems, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < root->nitems; i++) {
		assert_string_equal(root->items[i]->text, want[i]);
		assert_false(root->items[i]->quoted);
	}
	ynode_free(root);
	root = read_ok("  42 \n");
	expect_scalar(root, "42", false, 1, 3);
	ynode_free(root);
}

static void json_reader__keeps_a_quoted_number_or_null_a_string(void **state)
{
	(void)state;
	struct ynode *root = read_ok("[\"3\", \"null\", \"\"]");
	expect_scalar(root->items[0], "3", true, 1, 2);
	assert_false(ynode_is_null(root->items[1]));
	assert_false(ynode_is_null(root->items[2]));
	ynode_free(root);
}

static void json_reader__skips_a_utf8_byte_order_mark_at_the_start(void **state)
{
	(void)state;
	struct ynode *root = read_ok("\xef\xbb\xbf{\"a\": 1}");
	expect_scalar(root->pairs[0].key, "a", true, 1, 2);
	ynode_free(root);
	expect_refused("{\"a\": \xef\xbb\xbf 1}",
		       "t.json:1:7: expected a value, not U+FEFF");
}

static void json_reader__reads_a_file_and_reports_a_missing_one_as_missing_input(void **state)
{
	(void)state;
	char path[] = "/tmp/improv-test-json-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char text[] = "{\"a\": [1, 2]}\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	struct ynode *root = NULL;
	struct error err = {0};
	assert_int_equal(json_read_file(path, NULL, &root, &err), ERR_OK);
	assert_int_equal(ynode_get(root, "a")->nitems, 2);
	ynode_free(root);
	unlink(path);
	assert_int_equal(json_read_file(path, NULL, &root, &err), ERR_NOINPUT);
	assert_null(root);
}

static void json_reader__tells_json_from_yaml_by_its_first_character(void **state)
{
	(void)state;
	assert_true(json_looks_like("{}", 2));
	assert_true(json_looks_like("\xef\xbb\xbf \r\n\t[1]", 9));
	assert_false(json_looks_like("format: improv.session\n", 23));
	assert_false(json_looks_like("# {\n", 4));
	assert_false(json_looks_like("", 0));
	assert_false(json_looks_like("  ", 2));
}

/* ---- what is refused ---- */

static void json_reader__refuses_lone_surrogates_high_or_low(void **state)
{
	(void)state;
	expect_refused("[\"a \\ud83d\"]",
		       "t.json:1:5: \\uD83D is half of a surrogate pair without its second half");
	expect_refused("[\"\\ud83d\\u0041\"]",
		       "t.json:1:3: \\uD83D is half of a surrogate pair without its second half");
	expect_refused("[\"\\ud83d\\ud83d\"]",
		       "t.json:1:3: \\uD83D is half of a surrogate pair without its second half");
	expect_refused("[\"\\ude80 x\"]",
		       "t.json:1:3: \\uDE80 is half of a surrogate pair without its first half");
	expect_refused("[\"\\ud83d\"", "t.json:1:3: \\uD83D is half of a surrogate pair without "
		       "its second half");
}

static void json_reader__refuses_a_nul_escape_and_bad_escapes(void **state)
{
	(void)state;
	expect_refused("{\"t\": \"a\\u0000b\"}",
		       "t.json:1:9: \\u0000 is not allowed: no text holds a NUL character");
	expect_refused("[\"\\x41\"]", "t.json:1:3: \\x is not a JSON escape (use \\\" \\\\ \\/ \\b "
		       "\\f \\n \\r \\t or \\uXXXX)");
	expect_refused("[\"\\u12G4\"]", "t.json:1:3: \\u must be followed by four hex digits");
	expect_refused("[\"\\u12\"]", "t.json:1:3: \\u must be followed by four hex digits");
	expect_refused("[\"\\", "t.json:1:3: a backslash must start an escape such as \\n or "
		       "\\uXXXX");
}

static void json_reader__refuses_text_that_is_not_utf8_where_it_starts(void **state)
{
	(void)state;
	expect_refused("{\"t\": \"caf\xe9 au lait\"}", "t.json:1:11: the text is not valid UTF-8");
	expect_refused("[\"\xed\xa0\xbd\"]", "t.json:1:3: the text is not valid UTF-8");
	expect_refused("[\"\xc0\xaf\"]", "t.json:1:3: the text is not valid UTF-8");
	expect_refused("[\"\xf4\x90\x80\x80\"]", "t.json:1:3: the text is not valid UTF-8");
	expect_refused("[\xe9]", "t.json:1:2: expected a value, not a byte that is not UTF-8");
}

static void json_reader__refuses_control_characters_written_raw_in_a_string(void **state)
{
	(void)state;
	expect_refused("[\"a\tb\"]", "t.json:1:4: a control character (U+0009) must be escaped "
		       "in a string");
	expect_refused("[\"a\nb\"]", "t.json:1:4: a control character (U+000A) must be escaped "
		       "in a string");
	expect_refused_len("[\"a\0b\"]", 7, NULL,
			   "t.json:1:4: a control character (U+0000) must be escaped in a string");
	expect_refused("[\"\x1b[31m\"]", "t.json:1:3: a control character (U+001B) must be "
		       "escaped in a string");
}

static void json_reader__refuses_numbers_json_does_not_spell(void **state)
{
	(void)state;
	expect_refused("[+4]", "t.json:1:2: a number may not start with '+'");
	expect_refused("[04]", "t.json:1:2: a number may not start with a 0 that other digits "
		       "follow");
	expect_refused("[-01]", "t.json:1:2: a number may not start with a 0 that other digits "
		       "follow");
	expect_refused("[.5]", "t.json:1:2: a number must start with a digit, not '.'");
	expect_refused("[5.]", "t.json:1:2: a digit must follow the '.' of a number");
	expect_refused("[1e]", "t.json:1:2: a digit must follow the exponent of a number");
	expect_refused("[-]", "t.json:1:2: a digit must follow '-'");
	expect_refused("[0x1F]", "t.json:1:3: expected ',' or ']' after an item of a list, not 'x'");
	expect_refused("[NaN]", "t.json:1:2: NaN is not a JSON number");
	expect_refused("[Infinity]", "t.json:1:2: Infinity is not a JSON number");
	expect_refused("[-Infinity]", "t.json:1:2: a digit must follow '-'");
}

static void json_reader__refuses_numbers_too_large_to_read_exactly(void **state)
{
	(void)state;
	expect_refused("[9223372036854775808]",
		       "t.json:1:2: 9223372036854775808 is a whole number beyond 64 bits");
	expect_refused("{\"n\":\n -9223372036854775809}",
		       "t.json:2:2: -9223372036854775809 is a whole number beyond 64 bits");
	expect_refused("[1e309]", "t.json:1:2: 1e309 is a number too large for a double");
}

static void json_reader__refuses_trailing_commas_comments_and_single_quotes(void **state)
{
	(void)state;
	expect_refused("[1, 2,]", "t.json:1:6: a comma before ']' is not allowed in JSON");
	expect_refused("{\"a\": 1,\n}", "t.json:1:8: a comma before '}' is not allowed in JSON");
	expect_refused("[1, , 2]", "t.json:1:5: expected a value, not ','");
	expect_refused("[,]", "t.json:1:2: expected a value, not ','");
	expect_refused("{\"a\": 1 // one\n}", "t.json:1:9: comments are not allowed in JSON");
	expect_refused("{/* c */ \"a\": 1}", "t.json:1:2: comments are not allowed in JSON");
	expect_refused("{\"a\": 1}\n# end\n", "t.json:2:1: comments are not allowed in JSON");
	expect_refused("{'a': 1}", "t.json:1:2: single quotes are not allowed in JSON; use double "
		       "quotes");
	expect_refused("[\"a\", 'b']", "t.json:1:7: single quotes are not allowed in JSON; use "
		       "double quotes");
}

static void json_reader__refuses_keys_that_are_not_strings_and_bare_words(void **state)
{
	(void)state;
	expect_refused("{a: 1}", "t.json:1:2: expected a key in double quotes, not 'a'");
	expect_refused("{1: 1}", "t.json:1:2: expected a key in double quotes, not '1'");
	expect_refused("{\"a\" 1}", "t.json:1:6: expected ':' after the key, not '1'");
	expect_refused("[True]", "t.json:1:2: True is not a JSON value (strings are in double "
		       "quotes; true, false and null are lowercase)");
	expect_refused("[nul]", "t.json:1:2: nul is not a JSON value (strings are in double "
		       "quotes; true, false and null are lowercase)");
	expect_refused("[truex]", "t.json:1:2: truex is not a JSON value (strings are in double "
		       "quotes; true, false and null are lowercase)");
}

static void json_reader__refuses_a_key_given_twice_naming_it(void **state)
{
	(void)state;
	expect_refused("{\"format\": \"improv.session\", \"format\": 1}",
		       "t.json:1:30: duplicate key \"format\"");
	expect_refused("{\"a\": {\"x\": 1, \"y\": 2,\n \"x\": 3}}",
		       "t.json:2:2: duplicate key \"x\"");
	/* Escapes are decoded before keys are compared. */
	expect_refused("{\"\\u00e9\": 1, \"\xc3\xa9\": 2}", "t.json:1:15: duplicate key \"\xc3\xa9\"");
}

static void json_reader__refuses_anything_after_the_value(void **state)
{
	(void)state;
	expect_refused("{\"a\": 1} {\"b\": 2}",
		       "t.json:1:10: expected nothing after the JSON value, not '{'");
	expect_refused("{\"a\": 1}}", "t.json:1:9: expected nothing after the JSON value, not '}'");
	expect_refused_len("[1]\0", 4, NULL,
			   "t.json:1:4: expected nothing after the JSON value, not U+0000");
}

static void json_reader__refuses_an_empty_text_or_one_cut_short(void **state)
{
	(void)state;
	expect_refused("", "t.json:1:1: the file holds no JSON value");
	expect_refused(" \n\t ", "t.json:2:3: the file holds no JSON value");
	expect_refused("\xef\xbb\xbf", "t.json:1:1: the file holds no JSON value");
	expect_refused("{\"a\": [1, 2", "t.json:1:12: expected ',' or ']' after an item of a list, "
		       "not the end of the file");
	expect_refused("{\"a\"", "t.json:1:5: expected ':' after the key, not the end of the file");
	expect_refused("{\"a\": \"b", "t.json:1:7: a string that is never closed");
	expect_refused("{", "t.json:1:2: expected a key in double quotes, not the end of the file");
}

static void json_reader__refuses_utf16_with_or_without_a_byte_order_mark(void **state)
{
	(void)state;
	expect_refused_len("\xff\xfe{\0}\0", 6, NULL, "t.json:1:1: the file is UTF-16; save it as "
			   "UTF-8");
	expect_refused_len("\0{\0}", 4, NULL, "t.json:1:1: expected a value, not U+0000");
}

/* ---- limits ---- */

static char *nested(const char *open, const char *close, size_t depth)
{
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < depth; i++)
		sbuf_adds(&sb, open);
	sbuf_adds(&sb, "1");
	for (size_t i = 0; i < depth; i++)
		sbuf_adds(&sb, close);
	return sbuf_take(&sb);
}

static void json_reader__reads_nesting_up_to_the_depth_limit_and_refuses_one_more(void **state)
{
	(void)state;
	size_t limit = ynode_default_limits.max_depth;
	char *deep = nested("[", "]", limit);
	struct ynode *root = read_ok(deep);
	ynode_free(root);
	free(deep);
	deep = nested("[", "]", limit + 1);
	expect_refused(deep, "t.json:1:33: nesting deeper than 32 levels");
	free(deep);
	deep = nested("{\"s\":", "}", 10000);
	expect_refused(deep, "t.json:1:161: nesting deeper than 32 levels");
	free(deep);
}

static void json_reader__refuses_a_text_beyond_its_bytes_nodes_or_string_length(void **state)
{
	(void)state;
	struct ynode_limits limits = {.max_bytes = 20, .max_depth = 4, .max_scalar = 5,
				      .max_nodes = 4};
	expect_refused_len("[1, 2, 3, 4, 5, 6, 7, 8]", 24, &limits,
			   "t.json:1:1: the file is larger than 20 bytes");
	expect_refused_len("[1, 2, 3, 4]", 12, &limits, "t.json:1:11: more than 4 nodes");
	expect_refused_len("[\"abcdef\"]", 10, &limits, "t.json:1:2: a scalar longer than 5 bytes");
	expect_refused_len("[123456]", 8, &limits, "t.json:1:2: a scalar longer than 5 bytes");
	expect_refused_len("[[[[[1]]]]]", 11, &limits, "t.json:1:5: nesting deeper than 4 levels");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_reader__reads_an_object_with_the_line_and_column_of_every_node),
		cmocka_unit_test(json_reader__counts_columns_in_characters_not_bytes),
		cmocka_unit_test(
			json_reader__decodes_a_surrogate_pair_to_the_one_character_it_stands_for),
		cmocka_unit_test(json_reader__decodes_every_escape_json_has),
		cmocka_unit_test(
			json_reader__reads_numbers_as_json_spells_them_and_any_value_at_the_top),
		cmocka_unit_test(json_reader__keeps_a_quoted_number_or_null_a_string),
		cmocka_unit_test(json_reader__skips_a_utf8_byte_order_mark_at_the_start),
		cmocka_unit_test(
			json_reader__reads_a_file_and_reports_a_missing_one_as_missing_input),
		cmocka_unit_test(json_reader__tells_json_from_yaml_by_its_first_character),
		cmocka_unit_test(json_reader__refuses_lone_surrogates_high_or_low),
		cmocka_unit_test(json_reader__refuses_a_nul_escape_and_bad_escapes),
		cmocka_unit_test(json_reader__refuses_text_that_is_not_utf8_where_it_starts),
		cmocka_unit_test(json_reader__refuses_control_characters_written_raw_in_a_string),
		cmocka_unit_test(json_reader__refuses_numbers_json_does_not_spell),
		cmocka_unit_test(json_reader__refuses_numbers_too_large_to_read_exactly),
		cmocka_unit_test(json_reader__refuses_trailing_commas_comments_and_single_quotes),
		cmocka_unit_test(json_reader__refuses_keys_that_are_not_strings_and_bare_words),
		cmocka_unit_test(json_reader__refuses_a_key_given_twice_naming_it),
		cmocka_unit_test(json_reader__refuses_anything_after_the_value),
		cmocka_unit_test(json_reader__refuses_an_empty_text_or_one_cut_short),
		cmocka_unit_test(json_reader__refuses_utf16_with_or_without_a_byte_order_mark),
		cmocka_unit_test(
			json_reader__reads_nesting_up_to_the_depth_limit_and_refuses_one_more),
		cmocka_unit_test(
			json_reader__refuses_a_text_beyond_its_bytes_nodes_or_string_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
