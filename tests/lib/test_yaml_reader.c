#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/yaml_reader.h"
#include "tests/support.h"
#include "tests/timing.h"

/* ---- helpers ---- */

static struct ynode *read_len(const char *text, size_t len)
{
	return support_read_tree(yaml_read_buffer, "t.yaml", text, len);
}

static struct ynode *read_ok(const char *text)
{
	return read_len(text, strlen(text));
}

static void expect_refused_len(const char *text, size_t len, const struct ynode_limits *limits,
			       const char *message)
{
	support_expect_tree_refused(yaml_read_buffer, "t.yaml", text, len, limits, message);
}

static void expect_refused(const char *text, const char *message)
{
	expect_refused_len(text, strlen(text), NULL, message);
}

static void expect_scalar(const struct ynode *node, const char *text, int line, int col)
{
	assert_non_null(node);
	assert_int_equal(node->kind, YNODE_SCALAR);
	assert_string_equal(node->text, text);
	assert_int_equal(node->len, strlen(text));
	assert_int_equal(node->line, line);
	assert_int_equal(node->col, col);
}

/* The time limits below are the CPU time of this process, not the time
 * on the clock: they catch work that grows too fast (a quadratic search
 * takes minutes there) and not a machine busy with other work. */
static void start_clock(struct timespec *start)
{
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, start);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ---- what reads ---- */

static void yaml_reader__reads_a_mapping_with_the_line_and_column_of_every_node(void **state)
{
	(void)state;
	struct ynode *root = read_ok("name: Retro\ntimebox:   25\n");
	assert_int_equal(root->kind, YNODE_MAPPING);
	assert_int_equal(root->line, 1);
	assert_int_equal(root->col, 1);
	assert_int_equal(root->npairs, 2);
	expect_scalar(root->pairs[0].key, "name", 1, 1);
	expect_scalar(root->pairs[0].value, "Retro", 1, 7);
	expect_scalar(root->pairs[1].key, "timebox", 2, 1);
	expect_scalar(root->pairs[1].value, "25", 2, 12);
	ynode_free(root);
}

static void yaml_reader__reads_nested_sequences_and_mappings_in_file_order(void **state)
{
	(void)state;
	struct ynode *root = read_ok("dimensions:\n"
				     "  - key: culture\n"
				     "    labels: [absent, thriving]\n"
				     "  - key: tools\n");
	const struct ynode *dims = ynode_get(root, "dimensions");
	assert_non_null(dims);
	assert_int_equal(dims->kind, YNODE_SEQUENCE);
	assert_int_equal(dims->line, 2);
	assert_int_equal(dims->col, 3);
	assert_int_equal(dims->nitems, 2);
	const struct ynode *first = dims->items[0];
	assert_int_equal(first->kind, YNODE_MAPPING);
	assert_int_equal(first->line, 2);
	assert_int_equal(first->col, 5);
	expect_scalar(ynode_get(first, "key"), "culture", 2, 10);
	const struct ynode *labels = ynode_get(first, "labels");
	assert_int_equal(labels->kind, YNODE_SEQUENCE);
	assert_int_equal(labels->nitems, 2);
	expect_scalar(labels->items[0], "absent", 3, 14);
	expect_scalar(labels->items[1], "thriving", 3, 22);
	expect_scalar(ynode_get(dims->items[1], "key"), "tools", 4, 10);
	ynode_free(root);
}

static void yaml_reader__marks_quoted_and_block_scalars_as_quoted_and_plain_ones_not(void **state)
{
	(void)state;
	struct ynode *root = read_ok("plain: 3\n"
				     "single: '3'\n"
				     "double: \"null\"\n"
				     "literal: |\n  two\n  lines\n"
				     "folded: >\n  one\n  line\n");
	assert_false(ynode_get(root, "plain")->quoted);
	assert_true(ynode_get(root, "single")->quoted);
	assert_true(ynode_get(root, "double")->quoted);
	assert_false(ynode_is_null(ynode_get(root, "double")));
	const struct ynode *literal = ynode_get(root, "literal");
	assert_true(literal->quoted);
	assert_string_equal(literal->text, "two\nlines\n");
	const struct ynode *folded = ynode_get(root, "folded");
	assert_true(folded->quoted);
	assert_string_equal(folded->text, "one line\n");
	ynode_free(root);
}

static void yaml_reader__keeps_a_nul_byte_from_an_escape_and_counts_it_in_len(void **state)
{
	(void)state;
	struct ynode *root = read_ok("a: \"x\\0y\"\n");
	const struct ynode *a = ynode_get(root, "a");
	assert_int_equal(a->len, 3);
	assert_memory_equal(a->text, "x\0y", 4);
	ynode_free(root);
}

static void yaml_reader__reads_an_empty_document_as_an_empty_mapping(void **state)
{
	(void)state;
	static const char *const empties[] = {"", "# only a comment\n", "---\n", "\n\n"};
	for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
		struct ynode *root = read_ok(empties[i]);
		assert_int_equal(root->kind, YNODE_MAPPING);
		assert_int_equal(root->npairs, 0);
		assert_true(root->line >= 1 && root->col >= 1);
		ynode_free(root);
	}
}

static void yaml_reader__reads_an_empty_buffer_given_as_null(void **state)
{
	(void)state;
	struct ynode *root = read_len(NULL, 0);
	assert_int_equal(root->kind, YNODE_MAPPING);
	assert_int_equal(root->npairs, 0);
	ynode_free(root);
}

static void yaml_reader__reads_pretty_printed_json_with_tabs(void **state)
{
	(void)state;
	struct ynode *root = read_ok("{\n"
				     "\t\"name\": \"Caf\\u00e9 \\\"retro\\\"\",\n"
				     "\t\"votes\": [1, 2.5, true, null],\n"
				     "\t\"empty\": {}\n"
				     "}\n");
	assert_int_equal(root->kind, YNODE_MAPPING);
	const struct ynode *name = ynode_get(root, "name");
	assert_string_equal(name->text, "Caf\xc3\xa9 \"retro\"");
	assert_true(name->quoted);
	assert_int_equal(name->line, 2);
	assert_int_equal(name->col, 10);
	const struct ynode *votes = ynode_get(root, "votes");
	assert_int_equal(votes->nitems, 4);
	expect_scalar(votes->items[1], "2.5", 3, 15);
	assert_false(votes->items[1]->quoted);
	assert_true(ynode_is_null(votes->items[3]));
	const struct ynode *empty = ynode_get(root, "empty");
	assert_int_equal(empty->kind, YNODE_MAPPING);
	assert_int_equal(empty->npairs, 0);
	ynode_free(root);
}

static void yaml_reader__reads_minified_json(void **state)
{
	(void)state;
	struct ynode *root = read_ok("{\"a\":1,\"b\":[\"x\\/y\",{\"c\":false}]}");
	expect_scalar(ynode_get(root, "a"), "1", 1, 6);
	const struct ynode *b = ynode_get(root, "b");
	assert_int_equal(b->nitems, 2);
	assert_string_equal(b->items[0]->text, "x/y");
	assert_string_equal(ynode_get(b->items[1], "c")->text, "false");
	ynode_free(root);
}

static void yaml_reader__reads_a_json_array_at_the_top(void **state)
{
	(void)state;
	struct ynode *root = read_ok("[{\"id\": 1}, {\"id\": 2}]");
	assert_int_equal(root->kind, YNODE_SEQUENCE);
	assert_int_equal(root->nitems, 2);
	assert_string_equal(ynode_get(root->items[1], "id")->text, "2");
	ynode_free(root);
}

static void yaml_reader__skips_a_utf8_byte_order_mark(void **state)
{
	(void)state;
	struct ynode *root = read_ok("\xef\xbb\xbf" "name: caf\xc3\xa9\n");
	expect_scalar(ynode_get(root, "name"), "caf\xc3\xa9", 1, 7);
	ynode_free(root);
}

/* ---- ynode_get and ynode_is_null ---- */

static void yaml_reader__ynode_get_finds_a_value_by_key(void **state)
{
	(void)state;
	struct ynode *root = read_ok("scale: {min: 1, max: 5}\n");
	const struct ynode *scale = ynode_get(root, "scale");
	assert_string_equal(ynode_get(scale, "max")->text, "5");
	assert_string_equal(ynode_get(scale, "min")->text, "1");
	ynode_free(root);
}

static void yaml_reader__ynode_get_gives_null_for_a_missing_key_or_a_non_mapping(void **state)
{
	(void)state;
	struct ynode *root = read_ok("list: [a, b]\nname: x\n");
	assert_null(ynode_get(root, "missing"));
	assert_null(ynode_get(root, "nam"));
	assert_null(ynode_get(ynode_get(root, "list"), "a"));
	assert_null(ynode_get(ynode_get(root, "name"), "x"));
	assert_null(ynode_get(NULL, "x"));
	ynode_free(root);
}

static void yaml_reader__ynode_is_null_for_plain_null_spellings_only(void **state)
{
	(void)state;
	struct ynode *root = read_ok("- ~\n- null\n- Null\n- NULL\n-\n- 'null'\n- \"~\"\n"
				     "- nULL\n- none\n- 0\n- []\n- {}\n");
	bool expected[] = {true, true, true, true, true, false, false, false, false, false,
			   false, false};
	assert_int_equal(root->nitems, sizeof expected / sizeof expected[0]);
	for (size_t i = 0; i < root->nitems; i++) {
		if (ynode_is_null(root->items[i]) != expected[i])
			fail_msg("item %zu (\"%s\") read wrongly as null or not", i,
				 root->items[i]->text ? root->items[i]->text : "");
	}
	assert_false(ynode_is_null(NULL));
	ynode_free(root);
}

static void yaml_reader__reads_an_empty_value_as_null(void **state)
{
	(void)state;
	struct ynode *root = read_ok("goal:\nsteps: []\n");
	assert_true(ynode_is_null(ynode_get(root, "goal")));
	ynode_free(root);
}

/* ---- limits ---- */

static void yaml_reader__refuses_input_larger_than_max_bytes(void **state)
{
	(void)state;
	struct ynode_limits limits = ynode_default_limits;
	limits.max_bytes = 10;
	expect_refused_len("a: 1234567\n", 11, &limits, "t.yaml:1:1: the file is larger than 10 bytes");
	struct ynode *root = NULL;
	struct error err = {0};
	assert_int_equal(yaml_read_buffer("t.yaml", "a: 123456\n", 10, &limits, &root, &err), ERR_OK);
	ynode_free(root);
}

static void yaml_reader__refuses_a_100_mb_scalar_by_its_size_alone(void **state)
{
	(void)state;
	size_t n = 100u << 20;
	char *big = repeat('x', n);
	memcpy(big, "key: ", 5);
	struct timespec start;
	start_clock(&start);
	expect_refused_len(big, n, NULL, "t.yaml:1:1: the file is larger than 4194304 bytes");
	assert_true(seconds_since(&start) < time_limit(0.5));
	free(big);
}

static void yaml_reader__refuses_a_scalar_over_max_scalar_when_max_bytes_allows_it(void **state)
{
	(void)state;
	size_t n = 8u << 20;
	char *big = repeat('x', n);
	memcpy(big, "intro: ok\nkey: ", 15);
	struct ynode_limits limits = ynode_default_limits;
	limits.max_bytes = SIZE_MAX;
	expect_refused_len(big, n, &limits, "t.yaml:2:6: a scalar longer than 65536 bytes");
	free(big);
}

static void yaml_reader__accepts_a_scalar_of_exactly_max_scalar_bytes(void **state)
{
	(void)state;
	struct ynode_limits limits = ynode_default_limits;
	limits.max_scalar = 4;
	struct ynode *root = NULL;
	struct error err = {0};
	assert_int_equal(yaml_read_buffer("t.yaml", "abcd: 'wxyz'", 12, &limits, &root, &err), ERR_OK);
	ynode_free(root);
	expect_refused_len("abcd: \"vwxyz\"", 13, &limits, "t.yaml:1:7: a scalar longer than 4 bytes");
	expect_refused_len("abcde: x", 8, &limits, "t.yaml:1:1: a scalar longer than 4 bytes");
}

static void yaml_reader__refuses_nesting_deeper_than_32_levels_with_line_and_column(void **state)
{
	(void)state;
	char *deep = repeat('[', 33);
	expect_refused(deep, "t.yaml:1:33: nesting deeper than 32 levels");
	free(deep);
}

static void yaml_reader__accepts_nesting_exactly_max_depth_deep(void **state)
{
	(void)state;
	struct ynode_limits limits = ynode_default_limits;
	limits.max_depth = 3;
	struct ynode *root = NULL;
	struct error err = {0};
	const char *three = "a:\n  b:\n    - c\n";
	assert_int_equal(yaml_read_buffer("t.yaml", three, strlen(three), &limits, &root, &err),
			 ERR_OK);
	ynode_free(root);
	const char *four = "a:\n  b:\n    - c\n    - [d]\n";
	expect_refused_len(four, strlen(four), &limits, "t.yaml:4:7: nesting deeper than 3 levels");
}

static void yaml_reader__refuses_ten_thousand_nested_flow_sequences_quickly(void **state)
{
	(void)state;
	size_t levels = 10000;
	char *deep = xmalloc(2 * levels + 1);
	memset(deep, '[', levels);
	memset(deep + levels, ']', levels);
	deep[2 * levels] = '\0';
	struct timespec start;
	start_clock(&start);
	expect_refused(deep, "t.yaml:1:33: nesting deeper than 32 levels");
	assert_true(seconds_since(&start) < time_limit(0.5));
	free(deep);
}

static void yaml_reader__refuses_more_nodes_than_max_nodes_with_line_and_column(void **state)
{
	(void)state;
	struct ynode_limits limits = ynode_default_limits;
	limits.max_nodes = 5;
	/* the sequence and its first four items are five nodes; "e" is the sixth */
	const char *text = "- a\n- b\n- c\n- d\n- e\n";
	expect_refused_len(text, strlen(text), &limits, "t.yaml:5:3: more than 5 nodes");
}

static void yaml_reader__refuses_more_than_200000_nodes_by_default(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "[");
	for (size_t i = 0; i < 200000; i++)
		sbuf_adds(&sb, "0,");
	sbuf_adds(&sb, "0]");
	/* the sequence is node 1, so the item at index 199999 (column 400000) is
	 * node 200001 */
	expect_refused(sbuf_str(&sb), "t.yaml:1:400000: more than 200000 nodes");
	sbuf_free(&sb);
}

/* ---- aliases, anchors, tags ---- */

static void yaml_reader__refuses_aliases_with_line_and_column(void **state)
{
	(void)state;
	expect_refused("name: x\ncopy: *base\n", "t.yaml:2:7: aliases are not allowed");
}

static void yaml_reader__refuses_anchors_with_line_and_column(void **state)
{
	(void)state;
	expect_refused("name: x\nbase: &base\n  a: 1\n", "t.yaml:2:7: anchors are not allowed");
	expect_refused("list: [&x a]\n", "t.yaml:1:8: anchors are not allowed");
}

static void yaml_reader__refuses_a_billion_laughs_at_its_first_anchor(void **state)
{
	(void)state;
	const char *laughs =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	expect_refused(laughs, "t.yaml:1:4: anchors are not allowed");
}

static void yaml_reader__refuses_a_self_referencing_alias(void **state)
{
	(void)state;
	expect_refused("loop: &loop [*loop]\n", "t.yaml:1:7: anchors are not allowed");
	expect_refused("loop: [*loop]\n", "t.yaml:1:8: aliases are not allowed");
}

static void yaml_reader__refuses_tags(void **state)
{
	(void)state;
	expect_refused("count: !!str 3\n", "t.yaml:1:8: tags are not allowed");
	expect_refused("--- !custom\na: 1\n", "t.yaml:1:5: tags are not allowed");
}

/* ---- structure ---- */

static void yaml_reader__refuses_a_duplicate_key_at_its_second_appearance(void **state)
{
	(void)state;
	expect_refused("name: a\nvotes: 3\nname: b\n", "t.yaml:3:1: duplicate key \"name\"");
	expect_refused("outer:\n  x: 1\n  y: 2\n  x: 3\n", "t.yaml:4:3: duplicate key \"x\"");
}

static void yaml_reader__reports_the_first_duplicate_in_file_order(void **state)
{
	(void)state;
	expect_refused("b: 1\na: 1\na: 2\nb: 2\n", "t.yaml:3:1: duplicate key \"a\"");
}

static void yaml_reader__treats_quoted_and_plain_spellings_of_a_key_as_one_key(void **state)
{
	(void)state;
	expect_refused("{name: a, \"name\": b}", "t.yaml:1:11: duplicate key \"name\"");
}

static void yaml_reader__allows_the_same_key_in_different_mappings(void **state)
{
	(void)state;
	struct ynode *root = read_ok("- {key: a}\n- {key: b}\n");
	assert_int_equal(root->nitems, 2);
	ynode_free(root);
}

static void yaml_reader__finds_a_duplicate_among_99000_keys_quickly(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < 99000; i++)
		sbuf_addf(&sb, "k%zu: %zu\n", i, i);
	sbuf_adds(&sb, "k7: again\n");
	struct timespec start;
	start_clock(&start);
	expect_refused(sbuf_str(&sb), "t.yaml:99001:1: duplicate key \"k7\"");
	assert_true(seconds_since(&start) < time_limit(2.0));
	sbuf_free(&sb);
}

static void yaml_reader__echoes_a_duplicate_key_with_control_characters_replaced(void **state)
{
	(void)state;
	/* NUL, ESC (the start of a terminal escape) and U+009B (CSI) */
	expect_refused("\"\\0\\e[2J\\u009b!\": 1\n\"\\0\\e[2J\\u009b!\": 2\n",
		       "t.yaml:2:1: duplicate key \"??[2J?!\"");
}

static void yaml_reader__echoes_a_duplicate_key_with_bidi_controls_replaced(void **state)
{
	(void)state;
	/* U+202E would show what follows it right to left; U+2066 starts an
	 * isolate. Both are valid UTF-8 but never reach a message. */
	expect_refused("\"a\u202eb\u2066c\": 1\n\"a\u202eb\u2066c\": 2\n",
		       "t.yaml:2:1: duplicate key \"a?b?c\"");
}

static void yaml_reader__echoes_at_most_40_bytes_of_a_key_without_splitting_a_character(void **state)
{
	(void)state;
	char *key = repeat('k', 100);
	char text[300];
	snprintf(text, sizeof text, "%s: 1\n%s: 2\n", key, key);
	expect_refused(text, "t.yaml:2:1: duplicate key \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\"");
	free(key);
	/* 20 two-byte characters and an x: room for "..." is made inside the 19th */
	const char *e20 = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x";
	snprintf(text, sizeof text, "%s: 1\n%s: 2\n", e20, e20);
	char expected[200];
	snprintf(expected, sizeof expected, "t.yaml:2:1: duplicate key \"%.36s...\"", e20);
	expect_refused(text, expected);
}

static void yaml_reader__ynode_echo_replaces_bytes_that_are_not_utf8(void **state)
{
	(void)state;
	/* a stray byte, a cut-off sequence, an encoded surrogate and DEL */
	char text[] = "a\xff\xc3" "b\xed\xa0\x80z\x7f";
	struct ynode node = {.kind = YNODE_SCALAR, .text = text, .len = sizeof text - 1};
	char out[YNODE_ECHO_MAX + 1];
	assert_string_equal(ynode_echo(&node, out), "a??b???z?");
	struct ynode seq = {.kind = YNODE_SEQUENCE};
	assert_string_equal(ynode_echo(&seq, out), "");
}

static void yaml_reader__refuses_a_sequence_or_mapping_as_a_key(void **state)
{
	(void)state;
	expect_refused("? [a, b]\n: c\n", "t.yaml:1:3: a key must be a scalar, not a list or mapping");
	expect_refused("{{a: 1}: b}", "t.yaml:1:2: a key must be a scalar, not a list or mapping");
}

static void yaml_reader__refuses_a_second_document(void **state)
{
	(void)state;
	expect_refused("a: 1\n---\nb: 2\n", "t.yaml:2:1: only one document is allowed");
	struct ynode *root = read_ok("---\na: 1\n...\n");
	assert_string_equal(ynode_get(root, "a")->text, "1");
	ynode_free(root);
}

/* ---- syntax and encoding ---- */

static void yaml_reader__reports_a_syntax_error_at_the_line_and_column_libyaml_gives(void **state)
{
	(void)state;
	expect_refused("name: a\n  votes: 3\n",
		       "t.yaml:2:8: mapping values are not allowed in this context");
}

static void yaml_reader__reports_an_unclosed_flow_sequence_with_where_it_opened(void **state)
{
	(void)state;
	expect_refused("labels: [a, b\nnext: c\n",
		       "t.yaml:2:5: did not find expected ',' or ']' "
		       "(while parsing a flow sequence at 1:9)");
}

static void yaml_reader__reports_an_unclosed_quote_with_where_it_opened(void **state)
{
	(void)state;
	expect_refused("a: 1\nname: \"Retro\n",
		       "t.yaml:3:1: found unexpected end of stream "
		       "(while scanning a quoted scalar at 2:7)");
}

static void yaml_reader__refuses_invalid_utf8_with_line_and_column(void **state)
{
	(void)state;
	/* a Latin-1 e-acute, then a stray continuation byte */
	expect_refused("name: ok\r\nnote: caf\xe9\n", "t.yaml:2:10: incomplete UTF-8 octet sequence");
	expect_refused("a: b\nc: \x80\n", "t.yaml:2:4: invalid leading UTF-8 octet");
	expect_refused("a: \xed\xa0\x80\n", "t.yaml:1:4: invalid Unicode character");
}

static void yaml_reader__refuses_a_control_character(void **state)
{
	(void)state;
	expect_refused("a: b\x1b[2J\n", "t.yaml:1:5: control characters are not allowed");
}

static void yaml_reader__refuses_utf16_with_a_byte_order_mark(void **state)
{
	(void)state;
	static const char le[] = "\xff\xfe" "a\0:\0 \0b\0\n\0";
	static const char be[] = "\xfe\xff" "\0a\0:\0 \0b\0\n";
	expect_refused_len(le, sizeof le - 1, NULL, "t.yaml:1:1: the file is UTF-16; save it as UTF-8");
	expect_refused_len(be, sizeof be - 1, NULL, "t.yaml:1:1: the file is UTF-16; save it as UTF-8");
}

static void yaml_reader__refuses_utf16_without_a_byte_order_mark(void **state)
{
	(void)state;
	static const char le[] = "a\0:\0 \0b\0\n\0";
	expect_refused_len(le, sizeof le - 1, NULL, "t.yaml:1:2: control characters are not allowed");
}

/* ---- files ---- */

static char *write_temp(const char *text, size_t len)
{
	char *path = xstrdup("/tmp/test_yaml_reader_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static void yaml_reader__reads_a_file_and_names_it_in_messages(void **state)
{
	(void)state;
	char *path = write_temp("theme: light\n", 13);
	struct ynode *root = NULL;
	struct error err = {0};
	assert_int_equal(yaml_read_file(path, NULL, &root, &err), ERR_OK);
	assert_string_equal(ynode_get(root, "theme")->text, "light");
	ynode_free(root);
	unlink(path);
	free(path);

	path = write_temp("a: *x\n", 6);
	assert_int_equal(yaml_read_file(path, NULL, &root, &err), ERR_DATA);
	assert_null(root);
	support_assert_message(err.msg, "%s:1:4: aliases are not allowed", path);
	unlink(path);
	free(path);
}

static void yaml_reader__reports_a_missing_file_as_no_input(void **state)
{
	(void)state;
	static struct ynode untouched;
	struct ynode *root = &untouched;
	struct error err = {0};
	enum err_code rc = yaml_read_file("/nonexistent/themes/dark.yaml", NULL, &root, &err);
	assert_int_equal(rc, ERR_NOINPUT);
	assert_null(root);
	assert_string_equal(err.msg, "/nonexistent/themes/dark.yaml: No such file or directory");
}

static void yaml_reader__reports_a_directory_as_a_read_error(void **state)
{
	(void)state;
	struct ynode *root = NULL;
	struct error err = {0};
	assert_int_equal(yaml_read_file("/tmp", NULL, &root, &err), ERR_IO);
	assert_null(root);
	assert_string_equal(err.msg, "/tmp: Is a directory");
}

static void yaml_reader__refuses_a_file_larger_than_max_bytes(void **state)
{
	(void)state;
	char *path = write_temp("a: 1\nb: 2\n", 10);
	struct ynode_limits limits = ynode_default_limits;
	limits.max_bytes = 9;
	struct ynode *root = NULL;
	struct error err = {0};
	assert_int_equal(yaml_read_file(path, &limits, &root, &err), ERR_DATA);
	assert_null(root);
	support_assert_message(err.msg, "%s:1:1: the file is larger than 9 bytes", path);
	limits.max_bytes = 10;
	assert_int_equal(yaml_read_file(path, &limits, &root, &err), ERR_OK);
	ynode_free(root);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yaml_reader__reads_a_mapping_with_the_line_and_column_of_every_node),
		cmocka_unit_test(yaml_reader__reads_nested_sequences_and_mappings_in_file_order),
		cmocka_unit_test(yaml_reader__marks_quoted_and_block_scalars_as_quoted_and_plain_ones_not),
		cmocka_unit_test(yaml_reader__keeps_a_nul_byte_from_an_escape_and_counts_it_in_len),
		cmocka_unit_test(yaml_reader__reads_an_empty_document_as_an_empty_mapping),
		cmocka_unit_test(yaml_reader__reads_an_empty_buffer_given_as_null),
		cmocka_unit_test(yaml_reader__reads_pretty_printed_json_with_tabs),
		cmocka_unit_test(yaml_reader__reads_minified_json),
		cmocka_unit_test(yaml_reader__reads_a_json_array_at_the_top),
		cmocka_unit_test(yaml_reader__skips_a_utf8_byte_order_mark),
		cmocka_unit_test(yaml_reader__ynode_get_finds_a_value_by_key),
		cmocka_unit_test(yaml_reader__ynode_get_gives_null_for_a_missing_key_or_a_non_mapping),
		cmocka_unit_test(yaml_reader__ynode_is_null_for_plain_null_spellings_only),
		cmocka_unit_test(yaml_reader__reads_an_empty_value_as_null),
		cmocka_unit_test(yaml_reader__refuses_input_larger_than_max_bytes),
		cmocka_unit_test(yaml_reader__refuses_a_100_mb_scalar_by_its_size_alone),
		cmocka_unit_test(yaml_reader__refuses_a_scalar_over_max_scalar_when_max_bytes_allows_it),
		cmocka_unit_test(yaml_reader__accepts_a_scalar_of_exactly_max_scalar_bytes),
		cmocka_unit_test(yaml_reader__refuses_nesting_deeper_than_32_levels_with_line_and_column),
		cmocka_unit_test(yaml_reader__accepts_nesting_exactly_max_depth_deep),
		cmocka_unit_test(yaml_reader__refuses_ten_thousand_nested_flow_sequences_quickly),
		cmocka_unit_test(yaml_reader__refuses_more_nodes_than_max_nodes_with_line_and_column),
		cmocka_unit_test(yaml_reader__refuses_more_than_200000_nodes_by_default),
		cmocka_unit_test(yaml_reader__refuses_aliases_with_line_and_column),
		cmocka_unit_test(yaml_reader__refuses_anchors_with_line_and_column),
		cmocka_unit_test(yaml_reader__refuses_a_billion_laughs_at_its_first_anchor),
		cmocka_unit_test(yaml_reader__refuses_a_self_referencing_alias),
		cmocka_unit_test(yaml_reader__refuses_tags),
		cmocka_unit_test(yaml_reader__refuses_a_duplicate_key_at_its_second_appearance),
		cmocka_unit_test(yaml_reader__reports_the_first_duplicate_in_file_order),
		cmocka_unit_test(yaml_reader__treats_quoted_and_plain_spellings_of_a_key_as_one_key),
		cmocka_unit_test(yaml_reader__allows_the_same_key_in_different_mappings),
		cmocka_unit_test(yaml_reader__finds_a_duplicate_among_99000_keys_quickly),
		cmocka_unit_test(yaml_reader__echoes_a_duplicate_key_with_control_characters_replaced),
		cmocka_unit_test(yaml_reader__echoes_a_duplicate_key_with_bidi_controls_replaced),
		cmocka_unit_test(yaml_reader__echoes_at_most_40_bytes_of_a_key_without_splitting_a_character),
		cmocka_unit_test(yaml_reader__ynode_echo_replaces_bytes_that_are_not_utf8),
		cmocka_unit_test(yaml_reader__refuses_a_sequence_or_mapping_as_a_key),
		cmocka_unit_test(yaml_reader__refuses_a_second_document),
		cmocka_unit_test(yaml_reader__reports_a_syntax_error_at_the_line_and_column_libyaml_gives),
		cmocka_unit_test(yaml_reader__reports_an_unclosed_flow_sequence_with_where_it_opened),
		cmocka_unit_test(yaml_reader__reports_an_unclosed_quote_with_where_it_opened),
		cmocka_unit_test(yaml_reader__refuses_invalid_utf8_with_line_and_column),
		cmocka_unit_test(yaml_reader__refuses_a_control_character),
		cmocka_unit_test(yaml_reader__refuses_utf16_with_a_byte_order_mark),
		cmocka_unit_test(yaml_reader__refuses_utf16_without_a_byte_order_mark),
		cmocka_unit_test(yaml_reader__reads_a_file_and_names_it_in_messages),
		cmocka_unit_test(yaml_reader__reports_a_missing_file_as_no_input),
		cmocka_unit_test(yaml_reader__reports_a_directory_as_a_read_error),
		cmocka_unit_test(yaml_reader__refuses_a_file_larger_than_max_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
