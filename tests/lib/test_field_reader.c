/* Tests for lib/field_reader: a document read through a table lands in
 * its members, and each kind of mistake is reported once, in one form,
 * at its line and column with the path of keys that leads to it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/field_reader.h"
#include "lib/yaml_reader.h"

/* ---- a small table with every kind ---- */

struct point {
	int x, y;
};

struct sample {
	char *title;                  /* copied */
	char *note;                   /* borrowed from the tree */
	char key[9];
	int count;
	int64_t big;
	double ratio;
	bool on;
	int colour;
	char **tags;
	size_t ntags;
	struct point point;
	int sum;
	int odd;
};

static const char *const colour_names[] = {"default", "red", "blue"};

static const char *colour_at(int i)
{
	return colour_names[i];
}

static const struct field_names colours = {"a colour", 3, colour_at, -1};

static enum err_code add_to_sum(struct field_reader *rd, const struct ynode *item,
				const struct field_at *at, size_t i, void *target)
{
	(void)i;
	static const struct field one = {
		.kind = FIELD_INTEGER, .size = sizeof(int), .min = 0, .max = 100,
	};
	int v = 0;
	enum err_code rc = field_read_value(rd, item, at, &one, &v);
	if (rc == ERR_OK)
		*(int *)target += v;
	return rc;
}

/* Takes only the word "odd", as 1. */
static enum err_code read_odd(struct field_reader *rd, const struct ynode *node,
			      const struct field_at *at, const struct field *f, void *base)
{
	if (!field_plain_text(node) || strcmp(node->text, "odd") != 0)
		return field_fail(rd, node, at, "only the word odd");
	*(int *)field_member(base, f) = 1;
	return ERR_OK;
}

/* The point's y may not be below its x. */
static enum err_code check_point(struct field_reader *rd, const struct ynode *node,
				 const struct field_at *at, const struct field *f, void *base)
{
	const struct point *p = field_member(base, f);
	if (p->y >= p->x)
		return ERR_OK;
	return field_fail(rd, ynode_get(node, "y"), FIELD_KEY(at, "y"),
			  "at least x (%d), not %d", p->x, p->y);
}

static const struct field point_fields[] = {
	{ .name = "x", .kind = FIELD_INTEGER, FIELD_MEMBER(struct point, x), .required = true,
	  .min = 0, .max = 10 },
	{ .name = "y", .kind = FIELD_INTEGER, FIELD_MEMBER(struct point, y), .min = 0, .max = 10 },
};
static const struct field_table point_table = FIELD_TABLE(point_fields);
static const struct field_table open_point_table = FIELD_OPEN_TABLE(point_fields);

static const struct field tag_item = {
	.kind = FIELD_TEXT, .keep = FIELD_COPY, .size = sizeof(char *), .min = 1, .max = 5,
};

static const struct field sample_fields[] = {
	{ .name = "title", .kind = FIELD_TEXT, FIELD_MEMBER(struct sample, title),
	  .keep = FIELD_COPY, .required = true, .min = 1, .max = 10 },
	{ .name = "note", .kind = FIELD_TEXT, FIELD_MEMBER(struct sample, note), .max = 20 },
	{ .name = "key", .kind = FIELD_TEXT, FIELD_MEMBER(struct sample, key), .keep = FIELD_INTO,
	  .min = 1, .max = 8, .check = field_check_key },
	{ .name = "count", .kind = FIELD_INTEGER, FIELD_MEMBER(struct sample, count),
	  .min = 0, .max = 10 },
	{ .name = "big", .kind = FIELD_INTEGER, FIELD_MEMBER(struct sample, big),
	  .min = 1, .max = 1000000000000000LL },
	{ .name = "ratio", .kind = FIELD_NUMBER, FIELD_MEMBER(struct sample, ratio),
	  .min = 0, .max = 1000000000000000LL },
	{ .name = "on", .kind = FIELD_BOOLEAN, FIELD_MEMBER(struct sample, on) },
	{ .name = "colour", .kind = FIELD_ENUM, FIELD_MEMBER(struct sample, colour),
	  .names = &colours },
	{ .name = "tags", .kind = FIELD_LIST, .offset = offsetof(struct sample, tags),
	  .count_offset = offsetof(struct sample, ntags), .max = 3, .item = &tag_item },
	{ .name = "point", .kind = FIELD_MAP, FIELD_MEMBER(struct sample, point),
	  .table = &point_table, .check = check_point },
	{ .name = "sum", .kind = FIELD_LIST, FIELD_MEMBER(struct sample, sum), .min = 1,
	  .max = 4, .each = add_to_sum },
	{ .name = "odd", .kind = FIELD_CUSTOM, FIELD_MEMBER(struct sample, odd), .read = read_odd,
	  .what = "the word odd" },
};
static const struct field_table sample_table = FIELD_TABLE(sample_fields);

/* ---- helpers ---- */

static struct ynode *parse(const char *text)
{
	struct ynode *root = NULL;
	struct error err = {0};
	if (yaml_read_buffer("t.yaml", text, strlen(text), NULL, &root, &err) != ERR_OK)
		fail_msg("the test's YAML does not read: %s", err.msg);
	return root;
}

static void free_sample(struct sample *s)
{
	free(s->title);
	for (size_t i = 0; i < s->ntags; i++)
		free(s->tags[i]);
	free(s->tags);
}

/* Reads text through table into *out; returns the code, err the message.
 * The tree, which borrowed texts point into, goes to *tree or is freed. */
static enum err_code read_doc(const char *text, const struct field_table *table,
			      struct sample *out, struct error *err, struct ynode **tree)
{
	struct ynode *root = parse(text);
	struct field_reader rd = {.name = "t.yaml", .err = err};
	memset(out, 0, sizeof *out);
	out->colour = 7;
	enum err_code rc = field_read_map(&rd, root, NULL, table, out);
	if (tree != NULL)
		*tree = root;
	else
		ynode_free(root);
	return rc;
}

/* The text, read through the sample table, fails with exactly message. */
static void expect_mistake(const char *text, const char *message)
{
	struct sample s;
	struct error err = {0};
	enum err_code rc = read_doc(text, &sample_table, &s, &err, NULL);
	free_sample(&s);
	if (rc != ERR_DATA || strcmp(err.msg, message) != 0)
		fail_msg("got %d \"%s\"\nwanted \"%s\"", (int)rc, err.msg, message);
	assert_int_equal(err.code, ERR_DATA);
}

#define TITLE "title: T\n"

/* ---- reading ---- */

static void field_reader__reads_each_kind_into_its_member(void **state)
{
	(void)state;
	struct sample s;
	struct error err = {0};
	struct ynode *tree = NULL;
	enum err_code rc = read_doc(TITLE "note: a note\nkey: k-1\ncount: 7\nbig: 1000000000000000\n"
				    "ratio: 2.5e2\non: true\ncolour: default\ntags: [a, bb]\n"
				    "point: {x: 1, y: 3}\nsum: [1, 2, 3]\nodd: odd\n",
				    &sample_table, &s, &err, &tree);
	if (rc != ERR_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(s.title, "T");
	assert_string_equal(s.note, "a note");
	assert_string_equal(s.key, "k-1");
	assert_int_equal(s.count, 7);
	assert_true(s.big == 1000000000000000LL);
	assert_true(s.ratio == 250.0);
	assert_true(s.on);
	assert_int_equal(s.colour, -1);
	assert_int_equal(s.ntags, 2);
	assert_string_equal(s.tags[1], "bb");
	assert_int_equal(s.point.x, 1);
	assert_int_equal(s.point.y, 3);
	assert_int_equal(s.sum, 6);
	assert_int_equal(s.odd, 1);
	free_sample(&s);
	ynode_free(tree);
}

static void field_reader__leaves_an_optional_key_given_as_null_as_it_was(void **state)
{
	(void)state;
	struct sample s;
	struct error err = {0};
	assert_int_equal(read_doc(TITLE "colour: null\ncount: ~\ntags:\n", &sample_table, &s, &err,
				  NULL),
			 ERR_OK);
	assert_int_equal(s.colour, 7);
	assert_int_equal(s.count, 0);
	assert_null(s.tags);
	free_sample(&s);
}

static void field_reader__ignores_unknown_keys_only_in_an_open_table(void **state)
{
	(void)state;
	struct error err = {0};
	struct ynode *root = parse("x: 2\nlater: [1, 2]\ny: 5\n");
	struct field_reader rd = {.name = "t.yaml", .err = &err};
	struct point p = {0};
	assert_int_equal(field_read_map(&rd, root, NULL, &open_point_table, &p), ERR_OK);
	assert_int_equal(p.x, 2);
	assert_int_equal(p.y, 5);
	assert_int_equal(field_read_map(&rd, root, NULL, &point_table, &p), ERR_DATA);
	assert_string_equal(err.msg, "t.yaml:2:1: later: unknown key (use one of: x, y)");
	ynode_free(root);
}

/* ---- each kind of mistake ---- */

static void field_reader__reports_a_wrong_kind_with_what_it_expected_and_found(void **state)
{
	(void)state;
	expect_mistake("title: [T]\n", "t.yaml:1:8: title: text, not a list");
	expect_mistake(TITLE "count: many\n", "t.yaml:2:8: count: a whole number, not a string");
	expect_mistake(TITLE "count: \"5\"\n", "t.yaml:2:8: count: a whole number, not a string");
	expect_mistake(TITLE "ratio: true\n", "t.yaml:2:8: ratio: a number, not true or false");
	expect_mistake(TITLE "on: 1\n", "t.yaml:2:5: on: true or false, not a number");
	expect_mistake(TITLE "colour: {a: 1}\n", "t.yaml:2:9: colour: a colour, not a mapping");
	expect_mistake(TITLE "tags: a\n", "t.yaml:2:7: tags: a list, not a string");
	expect_mistake(TITLE "point: [1]\n", "t.yaml:2:8: point: a mapping, not a list");
	expect_mistake(TITLE "odd: [1]\n", "t.yaml:2:6: odd: only the word odd");
}

static void field_reader__reports_the_top_of_the_document_as_document(void **state)
{
	(void)state;
	expect_mistake("- title\n", "t.yaml:1:1: document: a mapping, not a list");
}

static void field_reader__reports_a_value_out_of_bounds_with_the_bounds(void **state)
{
	(void)state;
	expect_mistake(TITLE "count: 11\n", "t.yaml:2:8: count: a whole number from 0 to 10, not 11");
	expect_mistake(TITLE "count: 2.5\n",
		       "t.yaml:2:8: count: a whole number from 0 to 10, not 2.5");
	expect_mistake(TITLE "big: 99999999999999999999\n",
		       "t.yaml:2:6: big: a whole number from 1 to 1000000000000000, "
		       "not 99999999999999999999");
	expect_mistake(TITLE "ratio: 2e15\n", "t.yaml:2:8: ratio: a number from 0 to 1e15, not 2e15");
	expect_mistake("title: \"\"\n", "t.yaml:1:8: title: text of 1 to 10 bytes, not empty");
	expect_mistake("title: eleven bytes\n",
		       "t.yaml:1:8: title: text of 1 to 10 bytes, not 12 bytes");
	expect_mistake(TITLE "note: twenty-one bytes here\n",
		       "t.yaml:2:7: note: text of at most 20 bytes, not 21 bytes");
	expect_mistake(TITLE "tags: [a, b, c, d]\n",
		       "t.yaml:2:7: tags: a list of at most 3 items, not 4");
	expect_mistake(TITLE "sum: []\n", "t.yaml:2:6: sum: a list of 1 to 4 items, not 0");
}

static void field_reader__refuses_text_that_holds_a_nul(void **state)
{
	(void)state;
	expect_mistake("title: \"a\\0b\"\n", "t.yaml:1:8: title: text may not hold a NUL character");
}

static void field_reader__reports_an_unknown_name_listing_the_names(void **state)
{
	(void)state;
	expect_mistake(TITLE "colour: green\n",
		       "t.yaml:2:9: colour: \"green\" is not a colour (use one of: default, red, "
		       "blue)");
}

static void field_reader__reports_an_unknown_key_at_the_key_under_its_path(void **state)
{
	(void)state;
	expect_mistake(TITLE "colour_name: red\n",
		       "t.yaml:2:1: colour_name: unknown key (use one of: title, note, key, "
		       "count, big, ratio, on, colour, tags, point, sum, odd)");
	expect_mistake(TITLE "point:\n  x: 1\n  z: 2\n",
		       "t.yaml:4:3: point.z: unknown key (use one of: x, y)");
}

static void field_reader__reports_a_missing_key_at_its_mapping(void **state)
{
	(void)state;
	expect_mistake("count: 1\n", "t.yaml:1:1: title: missing");
	expect_mistake(TITLE "point:\n  y: 2\n", "t.yaml:3:3: point.x: missing");
}

static void field_reader__reports_a_required_key_given_as_null_at_its_value(void **state)
{
	(void)state;
	expect_mistake("title: null\n", "t.yaml:1:8: title: text, not null");
	expect_mistake(TITLE "point: {x: ~}\n", "t.yaml:2:12: point.x: a whole number, not null");
}

static void field_reader__names_list_items_from_one_in_the_path(void **state)
{
	(void)state;
	expect_mistake(TITLE "tags: [a, [b]]\n", "t.yaml:2:11: tags[2]: text, not a list");
	expect_mistake(TITLE "tags: [a, null]\n", "t.yaml:2:11: tags[2]: text, not null");
	expect_mistake(TITLE "sum: [1, 2, 300]\n",
		       "t.yaml:2:13: sum[3]: a whole number from 0 to 100, not 300");
}

static void field_reader__runs_a_field_check_once_the_value_is_read(void **state)
{
	(void)state;
	expect_mistake(TITLE "point: {x: 5, y: 2}\n", "t.yaml:2:18: point.y: at least x (5), not 2");
	expect_mistake(TITLE "key: A-B\n",
		       "t.yaml:2:6: key: \"A-B\" is not a key (1 to 40 of a-z, 0-9, _ and -)");
	expect_mistake(TITLE "odd: even\n", "t.yaml:2:6: odd: only the word odd");
}

/* ---- messages ---- */

static void field_reader__keeps_the_first_mistake(void **state)
{
	(void)state;
	struct error err = {0};
	struct ynode *root = parse("a: 1\nb: 2\n");
	struct field_reader rd = {.name = "t.yaml", .err = &err};
	assert_int_equal(field_fail(&rd, ynode_get(root, "a"), FIELD_KEY(NULL, "a"), "first"),
			 ERR_DATA);
	assert_int_equal(field_fail(&rd, ynode_get(root, "b"), FIELD_KEY(NULL, "b"), "second"),
			 ERR_DATA);
	assert_string_equal(err.msg, "t.yaml:1:4: a: first");
	ynode_free(root);
}

static void field_reader__places_a_model_refusal_at_its_node(void **state)
{
	(void)state;
	struct error err = {0};
	struct ynode *root = parse("steps:\n  - {owner: x}\n");
	struct field_reader rd = {.name = "t.yaml", .err = &err};
	const struct ynode *owner = ynode_get(ynode_get(root, "steps")->items[0], "owner");
	error_set(&err, ERR_DATA, "the owner is not a participant");
	assert_int_equal(field_refused(&rd, owner,
				       FIELD_KEY(FIELD_ITEM(FIELD_KEY(NULL, "steps"), 0), "owner")),
			 ERR_DATA);
	assert_string_equal(err.msg, "t.yaml:2:13: steps[1].owner: the owner is not a participant");
	ynode_free(root);
}

static void field_reader__never_puts_a_control_character_in_a_message(void **state)
{
	(void)state;
	expect_mistake(TITLE "\"bad\\e[2Jkey\": 1\n",
		       "t.yaml:2:1: bad?[2Jkey: unknown key (use one of: title, note, key, "
		       "count, big, ratio, on, colour, tags, point, sum, odd)");
	struct error err = {0};
	struct field_reader rd = {.name = "t\x1b.yaml", .err = &err};
	field_fail(&rd, NULL, FIELD_KEY(NULL, "a\nb"), "why\x07");
	assert_string_equal(err.msg, "t\\x1b.yaml:1:1: a\\x0ab: why\\x07");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(field_reader__reads_each_kind_into_its_member),
		cmocka_unit_test(field_reader__leaves_an_optional_key_given_as_null_as_it_was),
		cmocka_unit_test(field_reader__ignores_unknown_keys_only_in_an_open_table),
		cmocka_unit_test(field_reader__reports_a_wrong_kind_with_what_it_expected_and_found),
		cmocka_unit_test(field_reader__reports_the_top_of_the_document_as_document),
		cmocka_unit_test(field_reader__reports_a_value_out_of_bounds_with_the_bounds),
		cmocka_unit_test(field_reader__refuses_text_that_holds_a_nul),
		cmocka_unit_test(field_reader__reports_an_unknown_name_listing_the_names),
		cmocka_unit_test(field_reader__reports_an_unknown_key_at_the_key_under_its_path),
		cmocka_unit_test(field_reader__reports_a_missing_key_at_its_mapping),
		cmocka_unit_test(field_reader__reports_a_required_key_given_as_null_at_its_value),
		cmocka_unit_test(field_reader__names_list_items_from_one_in_the_path),
		cmocka_unit_test(field_reader__runs_a_field_check_once_the_value_is_read),
		cmocka_unit_test(field_reader__keeps_the_first_mistake),
		cmocka_unit_test(field_reader__places_a_model_refusal_at_its_node),
		cmocka_unit_test(field_reader__never_puts_a_control_character_in_a_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
