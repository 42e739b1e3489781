/* Tests for plans in sessions/import: a file written by hand that names
 * its template at the top and gives the dimensions by key alone gets the
 * template's names, questions, scale, labels and timeboxes; what it gives
 * itself wins; an unknown template or dimension key is refused at its
 * line. The templates are the repository's, found through
 * $XDG_CONFIG_HOME as a user's own would be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/error.h"
#include "model/session.h"
#include "sessions/import.h"
#include "tests/support.h"

#define PLAN "template: learning-infrastructure\n"

static char scratch[64];

/* $XDG_CONFIG_HOME/improv/templates is the repository's templates/. */
static int use_repository_templates(void **state)
{
	(void)state;
	char path[PATH_MAX + 64], repo[PATH_MAX];
	snprintf(scratch, sizeof scratch, "%s", "/tmp/improv-test-plan-XXXXXX");
	if (mkdtemp(scratch) == NULL || getcwd(repo, sizeof repo) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/improv", scratch);
	if (mkdir(path, 0700) != 0)
		return -1;
	setenv("XDG_CONFIG_HOME", scratch, 1);
	snprintf(path, sizeof path, "%s/improv/templates", scratch);
	char target[PATH_MAX + 16];
	snprintf(target, sizeof target, "%s/templates", repo);
	return symlink(target, path);
}

static int remove_scratch(void **state)
{
	(void)state;
	support_remove_tree(scratch);
	return 0;
}

static struct session *imported(const char *doc)
{
	struct session *s = NULL;
	struct error err = {0};
	if (import_session_buffer("plan.yaml", doc, strlen(doc), &s, &err) != ERR_OK)
		fail_msg("%s", err.msg);
	return s;
}

static void assert_refused(const char *doc, const char *message)
{
	struct session *s = (struct session *)1;
	struct error err = {0};
	enum err_code rc = import_session_buffer("plan.yaml", doc, strlen(doc), &s, &err);
	if (rc != ERR_DATA || strcmp(err.msg, message) != 0)
		fail_msg("got %d \"%s\"\nwanted \"%s\"", rc, err.msg, message);
	assert_null(s);
}

static void import__a_plan_takes_names_questions_and_scales_of_the_dimensions_it_keys(
	void **state)
{
	(void)state;
	struct session *s = imported(PLAN "session: {title: Q2 review}\n"
				     "participants: [{name: Ana}, {name: Bo}]\n"
				     "dimensions:\n"
				     "  - key: culture\n"
				     "    ratings: [{participant: Ana, score: 3}, {participant: Bo, "
				     "score: 4}]\n"
				     "    notes: [{kind: gap, text: Nobody owns the wiki}]\n"
				     "  - key: tools\n");
	assert_string_equal(s->title, "Q2 review");
	assert_string_equal(s->template_key, "learning-infrastructure");
	assert_int_equal(s->ndims, 2);
	assert_string_equal(s->dims[0].key, "culture");
	assert_string_equal(s->dims[0].name, "Culture: sharing, trust, considered risk");
	assert_string_equal(s->dims[0].question,
			    "When someone here doesn't know, do they ask, and does anyone answer?");
	assert_true(strncmp(s->dims[0].low, "People hide questions", 21) == 0);
	assert_true(strncmp(s->dims[0].high, "People share work in progress", 29) == 0);
	assert_int_equal(s->dims[0].scale_min, 1);
	assert_int_equal(s->dims[0].scale_max, 5);
	assert_int_equal(s->dims[0].scores[0], 3);
	assert_int_equal(s->dims[0].scores[1], 4);
	assert_int_equal(s->dims[0].nnotes, 1);
	assert_string_equal(s->dims[1].name, "Tools and templates");
	assert_int_equal(s->nscale_labels, 5);
	assert_string_equal(s->scale_labels[4], "thriving");
	session_free(s);
}

/* A file without timeboxes used to get timers of 0 minutes. */
static void import__a_plan_without_timeboxes_gets_the_templates_and_keeps_those_it_gives(
	void **state)
{
	(void)state;
	struct session *s = imported(PLAN "session: {title: T}\n");
	static const int minutes[STAGE_COUNT] = {
		[STAGE_CURRENT_STATE] = 30, [STAGE_GOALS_VALUES] = 20, [STAGE_METRICS] = 15,
		[STAGE_STEPS] = 30, [STAGE_REVIEW] = 10,
	};
	for (int st = STAGE_CURRENT_STATE; st < STAGE_COUNT; st++)
		assert_int_equal(s->timers[st].box_seconds, minutes[st] * 60);
	session_free(s);
	s = imported(PLAN "session: {title: T, timeboxes: {steps: 45, review: 0}}\n");
	assert_int_equal(s->timers[STAGE_STEPS].box_seconds, 45 * 60);
	assert_int_equal(s->timers[STAGE_REVIEW].box_seconds, 0);
	assert_int_equal(s->timers[STAGE_METRICS].box_seconds, 15 * 60);
	session_free(s);
}

static void import__a_plan_with_no_dimensions_or_session_assesses_the_whole_template(
	void **state)
{
	(void)state;
	struct session *s = imported(PLAN);
	assert_string_equal(s->title, "Organizational learning infrastructure");
	assert_int_equal(s->ndims, 11);
	assert_string_equal(s->dims[10].key, "experimentation");
	assert_string_equal(s->dims[10].name, "Experimenting and iterating");
	assert_int_equal(s->dims[10].scale_max, 5);
	session_free(s);
}

static void import__what_a_plan_gives_itself_wins_over_the_template(void **state)
{
	(void)state;
	struct session *s = imported(PLAN "session: {title: T}\n"
				     "dimensions:\n"
				     "  - {key: culture, name: Our culture, question: Do we share?,\n"
				     "     scale: {min: 0, max: 10}}\n");
	assert_string_equal(s->dims[0].name, "Our culture");
	assert_string_equal(s->dims[0].question, "Do we share?");
	assert_true(strncmp(s->dims[0].low, "People hide questions", 21) == 0);
	assert_int_equal(s->dims[0].scale_min, 0);
	assert_int_equal(s->dims[0].scale_max, 10);
	assert_int_equal(s->nscale_labels, 0);      /* the template's labels name another scale */
	session_free(s);
}

static void import__a_plan_refuses_an_unknown_template_or_dimension_key_saying_where(
	void **state)
{
	(void)state;
	assert_refused("session: {title: T}\ntemplate: learning-infra\n",
		       "plan.yaml:2:11: template: no template \"learning-infra\" is installed "
		       "(improv templates lists them)");
	assert_refused("template: ../../etc/passwd\n",
		       "plan.yaml:1:11: template: \"../../etc/passwd\" is not a key (1 to 40 of "
		       "a-z, 0-9, _ and -)");
	assert_refused(PLAN "dimensions:\n  - key: tools\n  - key: cultur\n",
		       "plan.yaml:4:10: dimensions[2].key: \"cultur\" is not a dimension of "
		       "template learning-infrastructure (its keys: culture, policies, processes, "
		       "tools, incentives, courses, community, learning_skills, "
		       "performance_support, answer_tech, experimentation)");
	assert_refused(PLAN "dimensions:\n  - name: Culture\n",
		       "plan.yaml:3:5: dimensions[1].key: missing");
	assert_refused(PLAN "dimensions:\n  - key: tools\n  - key: tools\n",
		       "plan.yaml:4:10: dimensions[2].key: \"tools\" is already the key of "
		       "dimensions[1]");
}

/* A plan may carry the export's header; then it is checked as an export's. */
static void import__a_plan_with_a_header_has_it_checked(void **state)
{
	(void)state;
	struct session *s = imported("format: improv.session\nformat_version: 1\n" PLAN);
	assert_int_equal(s->ndims, 11);
	session_free(s);
	assert_refused("format: improv.summary\nformat_version: 1\n" PLAN,
		       "plan.yaml:1:9: format: \"improv.summary\" is not an improv session "
		       "(expected \"improv.session\")");
}

/* An export's header and its session's template, with a dimension by its
 * key alone, is read as a plan too: it was refused with
 * "dimensions[1].name: missing". */
static void import__a_session_naming_its_template_may_key_its_dimensions(void **state)
{
	(void)state;
	struct session *s = imported("format: improv.session\nformat_version: 1\n"
				     "session: {title: T, template: learning-infrastructure}\n"
				     "dimensions: [{key: community}]\n");
	assert_int_equal(s->ndims, 1);
	assert_string_equal(s->dims[0].name, "Community");
	assert_int_equal(s->timers[STAGE_STEPS].box_seconds, 30 * 60);
	session_free(s);
	assert_refused("format: improv.session\nformat_version: 1\n"
		       "session: {title: T, template: nowhere}\n"
		       "dimensions: [{key: community}]\n",
		       "plan.yaml:3:31: session.template: no template \"nowhere\" is installed "
		       "(improv templates lists them)");
	/* Named dimensions are an export's: its template is not needed. */
	s = imported("format: improv.session\nformat_version: 1\n"
		     "session: {title: T, template: nowhere}\n"
		     "dimensions: [{key: c, name: C, scale: {min: 1, max: 3}}]\n");
	assert_string_equal(s->template_key, "nowhere");
	assert_int_equal(s->timers[STAGE_STEPS].box_seconds, 0);
	session_free(s);
}

#define TEST(name) cmocka_unit_test(name)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(import__a_plan_takes_names_questions_and_scales_of_the_dimensions_it_keys),
		TEST(import__a_plan_without_timeboxes_gets_the_templates_and_keeps_those_it_gives),
		TEST(import__a_plan_with_no_dimensions_or_session_assesses_the_whole_template),
		TEST(import__what_a_plan_gives_itself_wins_over_the_template),
		TEST(import__a_plan_refuses_an_unknown_template_or_dimension_key_saying_where),
		TEST(import__a_plan_with_a_header_has_it_checked),
		TEST(import__a_session_naming_its_template_may_key_its_dimensions),
	};
	return cmocka_run_group_tests(tests, use_repository_templates, remove_scratch);
}
