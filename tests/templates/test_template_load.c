/* Tests for templates/template_load: the shipped templates load, every
 * mistake in a template is reported at its line and column, and templates
 * are found in the right folders. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support.h"
#include "lib/error.h"
#include "lib/sbuf.h"
#include "model/template.h"
#include "templates/template_load.h"

static char tmpdir[] = "/tmp/improv-test-template-XXXXXX";
static char yaml_path[sizeof tmpdir + 16];

/* ---- helpers ---- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void make_dir(const char *path)
{
	assert_int_equal(mkdir(path, 0700) == 0 || access(path, F_OK) == 0, 1);
}

static int make_tmpdir(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(yaml_path, sizeof yaml_path, "%s/t.yaml", tmpdir);
	return 0;
}

static int remove_tmpdir(void **state)
{
	(void)state;
	support_remove_tree(tmpdir);
	return 0;
}

static bool template_is_zeroed(const struct template *tpl)
{
	static const struct template zero;
	return tpl->key == zero.key && tpl->name == zero.name && tpl->dims == zero.dims &&
	       tpl->ndims == 0 && tpl->scale.labels == NULL && tpl->values == NULL &&
	       tpl->goals == NULL && tpl->metrics == NULL;
}

/* Loads text as a template file and checks that it fails with exactly
 * "<path>:<what>", freeing everything it read. */
static void expect_error(const char *text, const char *what)
{
	struct template tpl;
	struct error err = {0};
	write_file(yaml_path, text);
	enum err_code rc = template_load_file(yaml_path, &tpl, &err);
	support_assert_message(err.msg, "%s:%s", yaml_path, what);
	assert_int_equal(rc, ERR_DATA);
	assert_true(template_is_zeroed(&tpl));
}

static void load_text(const char *text, struct template *tpl)
{
	struct error err = {0};
	write_file(yaml_path, text);
	support_expect_ok(template_load_file(yaml_path, tpl, &err), &err);
}

static void load_shipped(const char *key, struct template *tpl)
{
	char path[256];
	struct error err = {0};
	snprintf(path, sizeof path, "templates/%s.yaml", key);
	support_expect_ok(template_load_file(path, tpl, &err), &err);
	assert_string_equal(tpl->key, key);
}

/* Characters, not bytes: what a reader at the back of the room sees. */
static size_t characters(const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* A small valid template; the tests below change one thing at a time. */
#define HEAD \
	"template: t\n" \
	"name: T\n" \
	"scale: {min: 1, max: 5}\n"
#define DIMS \
	"dimensions:\n" \
	"  - key: a\n" \
	"    name: A\n" \
	"    question: Q?\n" \
	"    low: L\n" \
	"    high: H\n"

/* ---- the shipped templates ---- */

static void template_load__reads_the_default_template_with_its_eleven_dimensions(void **state)
{
	(void)state;
	struct template tpl;
	load_shipped("learning-infrastructure", &tpl);
	assert_int_equal(tpl.ndims, 11);
	assert_int_equal(tpl.scale.min, 1);
	assert_int_equal(tpl.scale.max, 5);
	assert_int_equal(tpl.scale.nlabels, 5);
	assert_string_equal(tpl.scale.labels[0], "absent");
	assert_string_equal(tpl.scale.labels[1], "ad hoc");
	assert_string_equal(tpl.scale.labels[4], "thriving");
	assert_string_equal(tpl.dims[0].key, "culture");
	assert_non_null(template_dimension(&tpl, "experimentation"));
	assert_non_null(template_dimension(&tpl, "performance_support"));
	assert_int_equal(tpl.vote_method, BALLOT_DOTS);
	assert_int_equal(tpl.vote_budget, 0);
	assert_int_equal(tpl.vote_cap, 3);
	assert_int_equal(tpl.timebox_minutes[STAGE_SETUP], 0);
	assert_int_equal(tpl.timebox_minutes[STAGE_CURRENT_STATE], 30);
	assert_int_equal(tpl.timebox_minutes[STAGE_REVIEW], 10);
	assert_int_equal(tpl.version, 1);
	template_free(&tpl);
}

static void template_load__reads_the_learning_organization_template_on_a_seven_point_scale(void **state)
{
	(void)state;
	struct template tpl;
	load_shipped("learning-organization", &tpl);
	assert_int_equal(tpl.scale.min, 1);
	assert_int_equal(tpl.scale.max, 7);
	assert_int_equal(tpl.scale.nlabels, 7);
	assert_in_range(tpl.ndims, 3, 10);
	assert_non_null(template_dimension(&tpl, "psych_safety"));
	assert_non_null(template_dimension(&tpl, "leadership"));
	assert_int_equal(tpl.vote_method, BALLOT_APPROVAL);
	template_free(&tpl);
}

static void template_load__reads_the_performance_ecosystem_template_with_seven_dimensions(void **state)
{
	(void)state;
	struct template tpl;
	load_shipped("performance-ecosystem", &tpl);
	assert_int_equal(tpl.ndims, 7);
	assert_int_equal(tpl.scale.min, 1);
	assert_int_equal(tpl.scale.max, 5);
	assert_non_null(template_dimension(&tpl, "mobile"));
	assert_int_equal(tpl.vote_method, BALLOT_SCORING);
	template_free(&tpl);
}

static void template_load__shipped_templates_are_readable_from_the_back_of_the_room(void **state)
{
	(void)state;
	static const char *const keys[] = {
		"learning-infrastructure", "learning-organization", "performance-ecosystem",
	};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		struct template tpl;
		load_shipped(keys[k], &tpl);
		assert_true(tpl.description[0] != '\0');
		for (size_t i = 0; i < tpl.ndims; i++)
			assert_in_range(characters(tpl.dims[i].name), 1, 40);
		assert_in_range(tpl.nvalues, 5, 8);
		assert_in_range(tpl.ngoals, 4, 8);
		assert_in_range(tpl.nmetrics, 5, 8);
		for (size_t i = 0; i < tpl.nmetrics; i++)
			assert_true(tpl.metrics[i].unit[0] != '\0');
		template_free(&tpl);
	}
}

/* ---- defaults ---- */

static void template_load__fills_defaults_for_what_a_template_leaves_out(void **state)
{
	(void)state;
	struct template tpl;
	load_text(HEAD DIMS
		  "suggest:\n"
		  "  metrics: [{name: M, direction: down}]\n", &tpl);
	assert_string_equal(tpl.description, "");
	assert_int_equal(tpl.version, 1);
	assert_int_equal(tpl.scale.nlabels, 0);
	assert_null(tpl.scale.labels);
	assert_int_equal(tpl.timebox_minutes[STAGE_CURRENT_STATE], 25);
	assert_int_equal(tpl.timebox_minutes[STAGE_STEPS], 30);
	assert_int_equal(tpl.vote_method, BALLOT_DOTS);
	assert_int_equal(tpl.vote_budget, 0);
	assert_int_equal(tpl.vote_cap, 3);
	assert_int_equal(tpl.nvalues, 0);
	assert_int_equal(tpl.nmetrics, 1);
	assert_string_equal(tpl.metrics[0].unit, "");
	assert_int_equal(tpl.metrics[0].direction, DIRECTION_DOWN);
	template_free(&tpl);
	assert_true(template_is_zeroed(&tpl));
}

static void template_load__reads_every_setting_a_template_can_give(void **state)
{
	(void)state;
	struct template tpl;
	load_text("template: full-set_2\n"
		  "name: Full\n"
		  "description: All of it.\n"
		  "version: 4\n"
		  "scale: {min: 0, max: 2, labels: [no, partly, yes]}\n"
		  "timeboxes: {current_state: 0, goals_values: 1, metrics: 2, steps: 240, review: 5}\n"
		  "voting: {method: ranked, budget: 10, cap: 2}\n"
		  DIMS
		  "suggest:\n"
		  "  values: [share by default]\n"
		  "  goals: [one, two]\n"
		  "  metrics: [{name: M, unit: '%', direction: up}]\n", &tpl);
	assert_string_equal(tpl.key, "full-set_2");
	assert_string_equal(tpl.description, "All of it.");
	assert_int_equal(tpl.version, 4);
	assert_int_equal(tpl.scale.min, 0);
	assert_string_equal(tpl.scale.labels[2], "yes");
	assert_int_equal(tpl.timebox_minutes[STAGE_CURRENT_STATE], 0);
	assert_int_equal(tpl.timebox_minutes[STAGE_GOALS_VALUES], 1);
	assert_int_equal(tpl.timebox_minutes[STAGE_METRICS], 2);
	assert_int_equal(tpl.timebox_minutes[STAGE_STEPS], 240);
	assert_int_equal(tpl.timebox_minutes[STAGE_REVIEW], 5);
	assert_int_equal(tpl.vote_method, BALLOT_RANKED);
	assert_int_equal(tpl.vote_budget, 10);
	assert_int_equal(tpl.vote_cap, 2);
	assert_string_equal(tpl.values[0], "share by default");
	assert_int_equal(tpl.ngoals, 2);
	assert_string_equal(tpl.metrics[0].unit, "%");
	assert_string_equal(template_dimension(&tpl, "a")->question, "Q?");
	assert_null(template_dimension(&tpl, "b"));
	template_free(&tpl);
}

/* ---- what is reported, and where ---- */

static void template_load__reports_missing_question_with_line_and_column(void **state)
{
	(void)state;
	expect_error(HEAD
		     "dimensions:\n"
		     "  - key: a\n"
		     "    name: A\n"
		     "    low: L\n"
		     "    high: H\n",
		     "5:5: dimensions[1].question: missing");
}

static void template_load__reports_each_missing_required_key_of_the_template(void **state)
{
	(void)state;
	expect_error("name: T\nscale: {min: 1, max: 5}\n" DIMS, "1:1: template: missing");
	expect_error("template: t\nscale: {min: 1, max: 5}\n" DIMS, "1:1: name: missing");
	expect_error("template: t\nname: T\n" DIMS, "1:1: scale: missing");
	expect_error(HEAD, "1:1: dimensions: missing");
	expect_error("template: t\nname: T\nscale: {min: 1}\n" DIMS, "3:8: scale.max: missing");
	expect_error(HEAD DIMS "suggest:\n  metrics:\n    - {name: M}\n",
		     "12:7: suggest.metrics[1].direction: missing");
}

static void template_load__reports_a_required_key_that_has_no_value(void **state)
{
	(void)state;
	expect_error("template: t\nname:\nscale: {min: 1, max: 5}\n" DIMS, "2:6: name: text, not null");
	expect_error(HEAD
		     "dimensions:\n"
		     "  - key: a\n"
		     "    name: A\n"
		     "    question: \"\"\n"
		     "    low: L\n"
		     "    high: H\n",
		     "7:15: dimensions[1].question: text of 1 to 400 bytes, not empty");
}

static void template_load__reports_an_unknown_key_and_the_keys_it_knows(void **state)
{
	(void)state;
	expect_error(HEAD DIMS "colour: blue\n",
		     "10:1: colour: unknown key (use one of: template, name, description, version,"
		     " scale, timeboxes, voting, dimensions, suggest)");
	expect_error(HEAD
		     "dimensions:\n"
		     "  - key: a\n"
		     "    name: A\n"
		     "    questoin: Q?\n",
		     "7:5: dimensions[1].questoin: unknown key (use one of: key, name, question, low, high)");
}

static void template_load__shows_an_unknown_key_without_its_control_characters(void **state)
{
	(void)state;
	expect_error(HEAD DIMS "\"bad\\e[31mkey\": 1\n",
		     "10:1: bad?[31mkey: unknown key (use one of: template, name, description, version,"
		     " scale, timeboxes, voting, dimensions, suggest)");
	expect_error(HEAD DIMS "na\xc3\xafve: 1\n",
		     "10:1: na\xc3\xafve: unknown key (use one of: template, name, description, version,"
		     " scale, timeboxes, voting, dimensions, suggest)");
}

static void template_load__reports_a_value_of_the_wrong_type(void **state)
{
	(void)state;
	expect_error("template: t\nname: [T]\nscale: {min: 1, max: 5}\n" DIMS,
		     "2:7: name: text, not a list");
	expect_error("template: t\nname: T\nscale: 5\n" DIMS,
		     "3:8: scale: a mapping, not a number");
	expect_error(HEAD "dimensions: {key: a}\n", "4:13: dimensions: a list, not a mapping");
	expect_error(HEAD "dimensions: [a]\n", "4:14: dimensions[1]: a mapping, not a string");
	expect_error(HEAD DIMS "suggest: {values: [[x]]}\n",
		     "10:20: suggest.values[1]: text, not a list");
}

static void template_load__refuses_a_number_written_in_quotes_or_with_a_fraction(void **state)
{
	(void)state;
	expect_error("template: t\nname: T\nscale: {min: 1, max: \"5\"}\n" DIMS,
		     "3:22: scale.max: a whole number, not a string");
	expect_error("template: t\nname: T\nscale: {min: 1.5, max: 5}\n" DIMS,
		     "3:14: scale.min: a whole number from 0 to 10, not 1.5");
}

static void template_load__reports_a_scale_beyond_its_bounds(void **state)
{
	(void)state;
	expect_error("template: t\nname: T\nscale: {min: 1, max: 11}\n" DIMS,
		     "3:22: scale.max: a whole number from 0 to 10, not 11");
	expect_error("template: t\nname: T\nscale: {min: -1, max: 5}\n" DIMS,
		     "3:14: scale.min: a whole number from 0 to 10, not -1");
}

static void template_load__reports_a_scale_whose_max_is_not_above_min(void **state)
{
	(void)state;
	expect_error("template: t\nname: T\nscale: {min: 5, max: 5}\n" DIMS,
		     "3:22: scale.max: greater than min (5), not 5");
	expect_error("template: t\nname: T\nscale:\n  max: 2\n  min: 4\n" DIMS,
		     "4:8: scale.max: greater than min (4), not 2");
}

static void template_load__reports_a_label_count_that_does_not_match_the_scale(void **state)
{
	(void)state;
	expect_error("template: t\nname: T\nscale: {min: 1, max: 5, labels: [a, b, c, d]}\n" DIMS,
		     "3:33: scale.labels: 4 labels; a scale from 1 to 5 needs 5, one for each point");
}

static void template_load__reports_a_duplicate_dimension_key_with_both_positions(void **state)
{
	(void)state;
	expect_error(HEAD
		     "dimensions:\n"
		     "  - {key: a, name: A, question: Q, low: L, high: H}\n"
		     "  - {key: b, name: B, question: Q, low: L, high: H}\n"
		     "  - {key: a, name: C, question: Q, low: L, high: H}\n",
		     "7:11: dimensions[3].key: \"a\" is already the key of dimensions[1]");
}

static void template_load__reports_a_key_outside_lowercase_letters_digits_dash_and_underscore(void **state)
{
	(void)state;
	expect_error(HEAD
		     "dimensions:\n"
		     "  - {key: Culture, name: A, question: Q, low: L, high: H}\n",
		     "5:11: dimensions[1].key: \"Culture\" is not a key (1 to 40 of a-z, 0-9, _ and -)");
	expect_error("template: ../x\nname: T\nscale: {min: 1, max: 5}\n" DIMS,
		     "1:11: template: \"../x\" is not a key (1 to 40 of a-z, 0-9, _ and -)");
	expect_error("template: a b\nname: T\nscale: {min: 1, max: 5}\n" DIMS,
		     "1:11: template: \"a b\" is not a key (1 to 40 of a-z, 0-9, _ and -)");
}

static void template_load__reports_a_timebox_over_four_hours_or_below_zero(void **state)
{
	(void)state;
	expect_error(HEAD DIMS "timeboxes: {steps: 241}\n",
		     "10:20: timeboxes.steps: a whole number from 0 to 240, not 241");
	expect_error(HEAD DIMS "timeboxes: {review: -1}\n",
		     "10:21: timeboxes.review: a whole number from 0 to 240, not -1");
}

static void template_load__reports_a_timebox_for_a_stage_that_has_none(void **state)
{
	(void)state;
	expect_error(HEAD DIMS "timeboxes: {setup: 5}\n",
		     "10:13: timeboxes.setup: unknown key (use one of: current_state, goals_values,"
		     " metrics, steps, review)");
}

static void template_load__reports_an_unknown_voting_method_and_lists_the_known_ones(void **state)
{
	(void)state;
	expect_error(HEAD DIMS "voting: {method: borda}\n",
		     "10:18: voting.method: \"borda\" is not a voting method"
		     " (use one of: dots, approval, ranked, scoring)");
}

static void template_load__reports_an_unknown_metric_direction(void **state)
{
	(void)state;
	expect_error(HEAD DIMS "suggest:\n  metrics:\n    - {name: M, direction: sideways}\n",
		     "12:28: suggest.metrics[1].direction: \"sideways\" is not a direction"
		     " (use one of: up, down)");
}

static void template_load__reads_budget_auto_as_zero_and_refuses_budgets_out_of_range(void **state)
{
	(void)state;
	struct template tpl;
	load_text(HEAD DIMS "voting: {budget: auto}\n", &tpl);
	assert_int_equal(tpl.vote_budget, 0);
	template_free(&tpl);
	load_text(HEAD DIMS "voting: {budget: 3}\n", &tpl);
	assert_int_equal(tpl.vote_budget, 3);
	template_free(&tpl);
	expect_error(HEAD DIMS "voting: {budget: 2}\n",
		     "10:18: voting.budget: \"auto\" or a whole number from 3 to 10, not 2");
	expect_error(HEAD DIMS "voting: {budget: 11}\n",
		     "10:18: voting.budget: \"auto\" or a whole number from 3 to 10, not 11");
	expect_error(HEAD DIMS "voting: {budget: lots}\n",
		     "10:18: voting.budget: \"auto\" or a whole number, not a string");
}

static void template_load__reports_a_cap_below_one(void **state)
{
	(void)state;
	expect_error(HEAD DIMS "voting: {method: dots, cap: 0}\n",
		     "10:29: voting.cap: a whole number from 1 to 10, not 0");
}

static void template_load__reports_no_dimensions_and_more_than_thirty(void **state)
{
	(void)state;
	expect_error(HEAD "dimensions: []\n", "4:13: dimensions: a list of 1 to 30 items, not 0");
	struct sbuf text = SBUF_INIT;
	sbuf_adds(&text, HEAD "dimensions:\n");
	for (int i = 0; i < 31; i++)
		sbuf_addf(&text, "  - {key: d%d, name: D, question: Q, low: L, high: H}\n", i);
	expect_error(sbuf_str(&text), "5:3: dimensions: a list of 1 to 30 items, not 31");
	sbuf_free(&text);
}

static void template_load__stops_at_the_first_bad_item_and_frees_the_ones_before(void **state)
{
	(void)state;
	expect_error(HEAD
		     "dimensions:\n"
		     "  - {key: a, name: A, question: Q, low: L, high: H}\n"
		     "  - {key: b, name: B, question: Q, low: L, high: H}\n"
		     "  - {key: c, name: C, question: Q, low: L}\n"
		     "suggest: {values: [one, two], goals: [three]}\n",
		     "7:5: dimensions[3].high: missing");
	expect_error(HEAD DIMS "suggest: {values: [one, two], goals: [three, \"\"]}\n",
		     "10:46: suggest.goals[2]: text of 1 to 200 bytes, not empty");
}

static void template_load__passes_on_yaml_syntax_errors_with_line_and_column(void **state)
{
	(void)state;
	struct template tpl;
	struct error err = {0};
	char prefix[sizeof yaml_path + 8];
	write_file(yaml_path, HEAD "dimensions: [\n");
	assert_int_equal(template_load_file(yaml_path, &tpl, &err), ERR_DATA);
	snprintf(prefix, sizeof prefix, "%s:", yaml_path);
	assert_memory_equal(err.msg, prefix, strlen(prefix));
	assert_true(template_is_zeroed(&tpl));
}

static void template_load__reports_a_missing_file_as_no_input(void **state)
{
	(void)state;
	struct template tpl;
	struct error err = {0};
	assert_int_equal(template_load_file("templates/no-such-template.yaml", &tpl, &err),
			 ERR_NOINPUT);
	assert_true(template_is_zeroed(&tpl));
}

/* ---- finding templates ---- */

/* Points $XDG_CONFIG_HOME at a fresh folder and returns its templates/. */
static void use_config_home(char *templates, size_t size)
{
	static unsigned fresh;
	struct sbuf config = SBUF_INIT, improv = SBUF_INIT;
	sbuf_addf(&config, "%s/config%u", tmpdir, ++fresh % 1000);
	sbuf_addf(&improv, "%s/improv", sbuf_str(&config));
	snprintf(templates, size, "%s/templates", sbuf_str(&improv));
	make_dir(sbuf_str(&config));
	make_dir(sbuf_str(&improv));
	make_dir(templates);
	assert_int_equal(setenv("XDG_CONFIG_HOME", sbuf_str(&config), 1), 0);
	sbuf_free(&config);
	sbuf_free(&improv);
}

static void write_in(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	write_file(path, text);
}

static void template_find__refuses_keys_that_could_leave_the_folder(void **state)
{
	(void)state;
	static const char *const bad[] = {"../x", "x/y", "", ".", "X", "x.yaml", "a b", "/etc/passwd"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct template tpl;
		struct error err = {0};
		assert_int_equal(template_find(bad[i], &tpl, &err), ERR_USAGE);
		assert_non_null(strstr(err.msg, "is not a template name"));
		assert_true(template_is_zeroed(&tpl));
	}
	struct template tpl;
	struct error err = {0};
	assert_int_equal(template_find(NULL, &tpl, &err), ERR_USAGE);
}

static void template_find__prefers_the_users_config_folder(void **state)
{
	(void)state;
	char dir[256];
	use_config_home(dir, sizeof dir);
	write_in(dir, "learning-infrastructure.yaml",
		 "template: learning-infrastructure\nname: Our own version\n"
		 "scale: {min: 1, max: 5}\n" DIMS);
	struct template tpl;
	struct error err = {0};
	assert_int_equal(template_find("learning-infrastructure", &tpl, &err), ERR_OK);
	assert_string_equal(tpl.name, "Our own version");
	assert_int_equal(tpl.ndims, 1);
	template_free(&tpl);
}

static void template_find__reports_a_template_that_is_nowhere(void **state)
{
	(void)state;
	char dir[256];
	use_config_home(dir, sizeof dir);
	struct template tpl;
	struct error err = {0};
	assert_int_equal(template_find("no-such-template", &tpl, &err), ERR_NOINPUT);
	assert_non_null(strstr(err.msg, "no template \"no-such-template\""));
	assert_non_null(strstr(err.msg, dir));
}

static void template_find__reports_a_broken_file_rather_than_looking_further(void **state)
{
	(void)state;
	char dir[256];
	use_config_home(dir, sizeof dir);
	write_in(dir, "learning-organization.yaml", "template: learning-organization\nname: T\n");
	struct template tpl;
	struct error err = {0};
	assert_int_equal(template_find("learning-organization", &tpl, &err), ERR_DATA);
	support_assert_message(err.msg, "%s/learning-organization.yaml:1:1: scale: missing", dir);
}

static void template_find__refuses_a_file_whose_key_differs_from_its_name(void **state)
{
	(void)state;
	char dir[256];
	use_config_home(dir, sizeof dir);
	write_in(dir, "ours.yaml", "template: theirs\nname: T\nscale: {min: 1, max: 5}\n" DIMS);
	struct template tpl;
	struct error err = {0};
	assert_int_equal(template_find("ours", &tpl, &err), ERR_DATA);
	support_assert_message(err.msg, "%s/ours.yaml:1:11: template: \"theirs\" does not match"
			       " the file name \"ours.yaml\"", dir);
	assert_true(template_is_zeroed(&tpl));
}

static void template_list__gives_sorted_keys_without_duplicates(void **state)
{
	(void)state;
	char dir[256], sub[300];
	use_config_home(dir, sizeof dir);
	write_in(dir, "zeta.yaml", "");
	write_in(dir, "alpha.yaml", "");
	write_in(dir, "learning-infrastructure.yaml", "");
	write_in(dir, "Not-A-Key.yaml", "");
	write_in(dir, "notes.txt", "");
	write_in(dir, "short.yml", "");
	snprintf(sub, sizeof sub, "%s/folder.yaml", dir);
	make_dir(sub);

	char **keys = NULL;
	size_t n = 0;
	struct error err = {0};
	assert_int_equal(template_list(&keys, &n, &err), ERR_OK);
	bool alpha = false, zeta = false, li = false;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			assert_true(strcmp(keys[i - 1], keys[i]) < 0);
		assert_true(template_key_valid(keys[i]));
		alpha |= strcmp(keys[i], "alpha") == 0;
		zeta |= strcmp(keys[i], "zeta") == 0;
		li |= strcmp(keys[i], "learning-infrastructure") == 0;
		assert_string_not_equal(keys[i], "folder");
		assert_string_not_equal(keys[i], "short");
	}
	assert_true(alpha && zeta && li);
	template_list_free(keys, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template_load__reads_the_default_template_with_its_eleven_dimensions),
		cmocka_unit_test(template_load__reads_the_learning_organization_template_on_a_seven_point_scale),
		cmocka_unit_test(template_load__reads_the_performance_ecosystem_template_with_seven_dimensions),
		cmocka_unit_test(template_load__shipped_templates_are_readable_from_the_back_of_the_room),
		cmocka_unit_test(template_load__fills_defaults_for_what_a_template_leaves_out),
		cmocka_unit_test(template_load__reads_every_setting_a_template_can_give),
		cmocka_unit_test(template_load__reports_missing_question_with_line_and_column),
		cmocka_unit_test(template_load__reports_each_missing_required_key_of_the_template),
		cmocka_unit_test(template_load__reports_a_required_key_that_has_no_value),
		cmocka_unit_test(template_load__reports_an_unknown_key_and_the_keys_it_knows),
		cmocka_unit_test(template_load__shows_an_unknown_key_without_its_control_characters),
		cmocka_unit_test(template_load__reports_a_value_of_the_wrong_type),
		cmocka_unit_test(template_load__refuses_a_number_written_in_quotes_or_with_a_fraction),
		cmocka_unit_test(template_load__reports_a_scale_beyond_its_bounds),
		cmocka_unit_test(template_load__reports_a_scale_whose_max_is_not_above_min),
		cmocka_unit_test(template_load__reports_a_label_count_that_does_not_match_the_scale),
		cmocka_unit_test(template_load__reports_a_duplicate_dimension_key_with_both_positions),
		cmocka_unit_test(template_load__reports_a_key_outside_lowercase_letters_digits_dash_and_underscore),
		cmocka_unit_test(template_load__reports_a_timebox_over_four_hours_or_below_zero),
		cmocka_unit_test(template_load__reports_a_timebox_for_a_stage_that_has_none),
		cmocka_unit_test(template_load__reports_an_unknown_voting_method_and_lists_the_known_ones),
		cmocka_unit_test(template_load__reports_an_unknown_metric_direction),
		cmocka_unit_test(template_load__reads_budget_auto_as_zero_and_refuses_budgets_out_of_range),
		cmocka_unit_test(template_load__reports_a_cap_below_one),
		cmocka_unit_test(template_load__reports_no_dimensions_and_more_than_thirty),
		cmocka_unit_test(template_load__stops_at_the_first_bad_item_and_frees_the_ones_before),
		cmocka_unit_test(template_load__passes_on_yaml_syntax_errors_with_line_and_column),
		cmocka_unit_test(template_load__reports_a_missing_file_as_no_input),
		cmocka_unit_test(template_find__refuses_keys_that_could_leave_the_folder),
		cmocka_unit_test(template_find__prefers_the_users_config_folder),
		cmocka_unit_test(template_find__reports_a_template_that_is_nowhere),
		cmocka_unit_test(template_find__reports_a_broken_file_rather_than_looking_further),
		cmocka_unit_test(template_find__refuses_a_file_whose_key_differs_from_its_name),
		cmocka_unit_test(template_list__gives_sorted_keys_without_duplicates),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
