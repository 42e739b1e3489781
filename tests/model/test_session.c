/* The session in memory: creating it, its setup fields, the participants,
 * ratings and notes, values and goals, the lists that move and empty alike,
 * and a closed session. Metrics, steps, the parking lot and ballots are in
 * test_session_plan.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/sbuf.h"
#include "model/session.h"
#include "tests/support.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define OK(call) assert_int_equal((call), ERR_OK)
#define REFUSED(call) assert_int_equal((call), ERR_DATA)

enum { CULTURE, TOOLS, PRACTICE };      /* support_create's dimensions, in order */
enum { ANA, BO, CY, DEE };              /* the participants, in the order added */

static int open_with_nobody(void **state)
{
	struct session_setup setup = support_setup_titled("Q2 workshop");
	struct error err;
	*state = support_create(&setup, &err);
	return *state == NULL ? -1 : 0;
}

static void rate(struct session *s, size_t dim, size_t participant, int score)
{
	struct error err;
	OK(session_rate(s, dim, participant, score, &err));
}

static void add_item(struct session *s, enum session_list list, const char *text)
{
	struct error err;
	switch (list) {
	case LIST_PARTICIPANTS:
		OK(session_add_participant(s, text, &err));
		break;
	case LIST_VALUES:
		OK(session_add_value(s, text, &err));
		break;
	case LIST_GOALS:
		OK(session_add_goal(s, text, NULL, &err));
		break;
	case LIST_METRICS:
		support_add_metric(s, text, DIRECTION_UP, NAN, NAN);
		break;
	case LIST_STEPS:
		support_add_step(s, text, HORIZON_SHORT);
		break;
	case LIST_PARKING:
		OK(session_park(s, text, &err));
		break;
	case LIST_COUNT:
		fail();
	}
}

/* The scores of one dimension, one per participant, in participant order. */
static void assert_scores(const struct session *s, size_t dim, const int *want, size_t n)
{
	assert_int_equal(s->nparticipants, n);
	for (size_t p = 0; p < n; p++)
		assert_int_equal(s->dims[dim].scores[p], want[p]);
}

#define ASSERT_SCORES(s, dim, ...) do { \
	const int want_[] = {__VA_ARGS__}; \
	assert_scores((s), (dim), want_, NELEMS(want_)); \
} while (0)

/* Adds the texts to the list, in order. */
#define ADD_ITEMS(s, list, ...) do { \
	const char *const texts_[] = {__VA_ARGS__}; \
	for (size_t i_ = 0; i_ < NELEMS(texts_); i_++) \
		add_item((s), (list), texts_[i_]); \
} while (0)

/* Ana, Bo and Cy rate culture 1, 2 and 3; Ana and Bo rate tools 4 and 5. */
static void rate_culture_and_tools(struct session *s)
{
	rate(s, CULTURE, ANA, 1);
	rate(s, CULTURE, BO, 2);
	rate(s, CULTURE, CY, 3);
	rate(s, TOOLS, ANA, 4);
	rate(s, TOOLS, BO, 5);
}

static char *repeated(char c, size_t n)
{
	char *text = malloc(n + 1);
	assert_non_null(text);
	memset(text, c, n);
	text[n] = '\0';
	return text;
}

/* ---- creating a session ---- */

static void session__create__keeps_a_trimmed_title_and_the_templates_dimensions(void **state)
{
	(void)state;
	static const char *const names[] = {" Ana ", "Bo"};
	struct session_setup setup = {
		.title = "  Q2 check-in\t\n", .organization = "Acme", .unit = " Sales ",
		.facilitator = "Zoe", .level = LEVEL_UNIT,
		.participants = names, .nparticipants = NELEMS(names),
	};
	struct error err;
	struct session *s = support_create(&setup, &err);
	assert_non_null(s);
	assert_string_equal(s->title, "Q2 check-in");
	assert_string_equal(s->organization, "Acme");
	assert_string_equal(s->unit, "Sales");
	assert_string_equal(s->facilitator, "Zoe");
	assert_int_equal(s->level, LEVEL_UNIT);
	assert_false(session_is_closed(s));
	assert_string_equal(s->template_key, "test-workshop");

	assert_int_equal(s->ndims, 3);
	assert_string_equal(s->dims[CULTURE].key, "culture");
	assert_string_equal(s->dims[TOOLS].key, "tools");
	assert_string_equal(s->dims[PRACTICE].key, "practice");
	assert_string_equal(s->dims[TOOLS].name, "Tools");
	assert_string_equal(s->dims[TOOLS].question, "How well does it work here?");
	for (size_t d = 0; d < s->ndims; d++) {
		assert_int_equal(s->dims[d].scale_min, 1);
		assert_int_equal(s->dims[d].scale_max, 5);
		assert_int_equal(s->dims[d].group_score, RATING_NONE);
		assert_true(isnan(s->dims[d].previous_mean));
		assert_int_equal(s->dims[d].nnotes, 0);
		ASSERT_SCORES(s, d, RATING_NONE, RATING_NONE);
	}
	assert_int_equal(s->nscale_labels, 5);
	assert_string_equal(s->scale_labels[0], "absent");
	assert_string_equal(s->scale_labels[4], "thriving");
	assert_int_equal(s->timers[STAGE_CURRENT_STATE].box_seconds, 25 * 60);
	assert_int_equal(s->timers[STAGE_CURRENT_STATE].left_seconds, 25 * 60);
	assert_int_equal(s->timers[STAGE_STEPS].box_seconds, 30 * 60);
	assert_int_equal(s->timers[STAGE_SETUP].box_seconds, 0);

	ASSERT_LIST(s, LIST_PARTICIPANTS, "Ana", "Bo");
	for (int list = LIST_VALUES; list < LIST_COUNT; list++)
		assert_int_equal(session_list_len(s, (enum session_list)list), 0);
	assert_int_equal(s->nballots, 0);
	session_free(s);
}

static void session__create__refuses_a_missing_or_blank_title(void **state)
{
	(void)state;
	struct error err;
	struct session_setup setup = support_setup_titled(NULL);
	assert_null(support_create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_non_null(strstr(err.msg, "title"));

	setup = support_setup_titled(" \t \n");
	assert_null(support_create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_string_equal(err.msg, "the title is empty");
}

static void session__create__leaves_blank_optional_fields_unset(void **state)
{
	(void)state;
	struct session_setup setup = {
		.title = "Q2", .organization = "", .unit = "   ", .facilitator = NULL,
		.level = LEVEL_TEAM,
	};
	struct error err;
	struct session *s = support_create(&setup, &err);
	assert_non_null(s);
	assert_null(s->organization);
	assert_null(s->unit);
	assert_null(s->facilitator);
	assert_int_equal(s->nparticipants, 0);

	struct rating_stats st;
	session_dimension_stats(s, CULTURE, &st);
	assert_int_equal(st.count, 0);
	assert_true(isnan(st.mean));
	session_free(s);
}

static void session__create__refuses_the_same_participant_twice(void **state)
{
	(void)state;
	static const char *const twice[] = {"Ana", "Bo", "  Ana"};
	static const char *const blank[] = {"Ana", "  "};
	struct session_setup setup = support_setup_titled("Q2");
	struct error err;

	setup.participants = twice;
	setup.nparticipants = NELEMS(twice);
	assert_null(support_create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_string_equal(err.msg, "Ana is already a participant");

	setup.participants = blank;
	setup.nparticipants = NELEMS(blank);
	assert_null(support_create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
}

static void session__create__refuses_text_that_is_not_utf8(void **state)
{
	(void)state;
	static const char *const names[] = {"Ana", "Bo\xe9"};
	struct error err;

	struct session_setup setup = support_setup_titled("Caf\xc3");
	assert_null(support_create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_string_equal(err.msg, "the title is not valid UTF-8");

	setup = support_setup_titled("Q2");
	setup.organization = "\xff" "Acme";
	assert_null(support_create(&setup, &err));
	assert_non_null(strstr(err.msg, "organization"));

	setup = support_setup_titled("Q2");
	setup.participants = names;
	setup.nparticipants = NELEMS(names);
	assert_null(support_create(&setup, &err));
	assert_non_null(strstr(err.msg, "UTF-8"));

	setup = support_setup_titled("Caf\xc3\xa9 \xe2\x80\x94 r\xc3\xa9sum\xc3\xa9");
	struct session *s = support_create(&setup, &err);
	assert_non_null(s);
	assert_string_equal(s->title, "Caf\xc3\xa9 \xe2\x80\x94 r\xc3\xa9sum\xc3\xa9");
	session_free(s);
}

static void session__create__refuses_text_longer_than_its_limit(void **state)
{
	(void)state;
	char *longest = repeated('x', TEXT_MAX_NAME);
	char *too_long = repeated('x', TEXT_MAX_NAME + 1);
	char padded[TEXT_MAX_NAME + 5];
	snprintf(padded, sizeof padded, "  %s  ", longest);
	struct error err;

	struct session_setup setup = support_setup_titled(too_long);
	assert_null(support_create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_string_equal(err.msg, "the title is longer than 200 bytes");

	const char *names[] = {too_long};
	setup = support_setup_titled("Q2");
	setup.participants = names;
	setup.nparticipants = 1;
	assert_null(support_create(&setup, &err));

	setup = support_setup_titled(padded);
	setup.facilitator = longest;
	struct session *s = support_create(&setup, &err);
	assert_non_null(s);
	assert_string_equal(s->title, longest);
	assert_string_equal(s->facilitator, longest);
	session_free(s);
	free(longest);
	free(too_long);
}

static void session__create__refuses_a_level_that_does_not_exist(void **state)
{
	(void)state;
	struct session_setup setup = support_setup_titled("Q2");
	setup.level = LEVEL_COUNT;
	struct error err;
	assert_null(support_create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
}

static void session__text__returns_a_trimmed_copy_and_names_what_it_refuses(void **state)
{
	(void)state;
	struct error err;
	char *t = session_text("  a sticky\n", 10, "a note", &err);
	assert_string_equal(t, "a sticky");
	free(t);
	t = session_text("0123456789", 10, "a note", &err);
	assert_string_equal(t, "0123456789");
	free(t);

	assert_null(session_text("01234567890", 10, "a note", &err));
	assert_string_equal(err.msg, "a note is longer than 10 bytes");
	assert_null(session_text("\t", 10, "a note", &err));
	assert_string_equal(err.msg, "a note is empty");
	assert_null(session_text("\xc0\xaf", 10, "a note", &err));
	assert_string_equal(err.msg, "a note is not valid UTF-8");
}

/* ---- setup fields, closing ---- */

static void session__set_field__changes_and_clears_the_setup_fields(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_set_field(s, "organization", "  Acme ", &err));
	assert_string_equal(s->organization, "Acme");
	OK(session_set_field(s, "organization", "  ", &err));
	assert_null(s->organization);
	OK(session_set_field(s, "unit", "Sales", &err));
	assert_string_equal(s->unit, "Sales");
	OK(session_set_field(s, "unit", NULL, &err));
	assert_null(s->unit);
	OK(session_set_field(s, "facilitator", "Zoe", &err));
	assert_string_equal(s->facilitator, "Zoe");
	OK(session_set_field(s, "title", " Q3 workshop ", &err));
	assert_string_equal(s->title, "Q3 workshop");
	OK(session_set_field(s, "level", "organization", &err));
	assert_int_equal(s->level, LEVEL_ORGANIZATION);
}

static void session__set_field__refuses_a_blank_title_or_unknown_level_and_keeps_them(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_set_field(s, "organization", "Acme", &err));
	char *before = support_describe(s);
	REFUSED(session_set_field(s, "title", "   ", &err));
	REFUSED(session_set_field(s, "title", NULL, &err));
	REFUSED(session_set_field(s, "organization", "Ac\xffme", &err));
	REFUSED(session_set_field(s, "level", "tribe", &err));
	REFUSED(session_set_field(s, "level", NULL, &err));
	assert_int_equal(session_set_field(s, "colour", "blue", &err), ERR_SOFTWARE);
	support_assert_unchanged(s, before);
	assert_string_equal(s->title, "Q2 workshop");
	assert_string_equal(s->organization, "Acme");
	assert_int_equal(s->level, LEVEL_TEAM);
	free(before);
}

static void session__close__records_when_and_reopen_clears_it(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_close(s, 1700000000, &err));
	assert_true(session_is_closed(s));
	assert_int_equal(s->status, SESSION_CLOSED);
	assert_int_equal(s->closed_at, 1700000000);

	REFUSED(session_close(s, 1800000000, &err));
	assert_int_equal(s->closed_at, 1700000000);

	OK(session_reopen(s, &err));
	assert_false(session_is_closed(s));
	assert_int_equal(s->closed_at, 0);
	REFUSED(session_reopen(s, &err));
	assert_int_equal(s->status, SESSION_OPEN);
}

/* ---- participants ---- */

static void session__participants__join_with_an_unrated_cell_in_every_dimension(void **state)
{
	struct session *s = *state;
	struct error err;
	rate(s, CULTURE, ANA, 3);
	OK(session_add_participant(s, "  Dee ", &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Ana", "Bo", "Cy", "Dee");
	ASSERT_SCORES(s, CULTURE, 3, RATING_NONE, RATING_NONE, RATING_NONE);
	ASSERT_SCORES(s, TOOLS, RATING_NONE, RATING_NONE, RATING_NONE, RATING_NONE);
	ASSERT_SCORES(s, PRACTICE, RATING_NONE, RATING_NONE, RATING_NONE, RATING_NONE);
	assert_int_equal(session_find_participant(s, "Dee"), DEE);
	assert_int_equal(session_find_participant(s, "Zed"), -1);
	rate(s, TOOLS, DEE, 5);
	ASSERT_SCORES(s, TOOLS, RATING_NONE, RATING_NONE, RATING_NONE, 5);
}

static void session__participants__refuse_a_taken_blank_or_broken_name(void **state)
{
	struct session *s = *state;
	struct error err;
	char *too_long = repeated('z', TEXT_MAX_NAME + 1);
	rate(s, CULTURE, BO, 4);
	char *before = support_describe(s);
	REFUSED(session_add_participant(s, "Bo", &err));
	assert_string_equal(err.msg, "Bo is already a participant");
	REFUSED(session_add_participant(s, " Bo\t", &err));
	REFUSED(session_add_participant(s, "", &err));
	REFUSED(session_add_participant(s, "B\xc3", &err));
	REFUSED(session_add_participant(s, too_long, &err));
	support_assert_unchanged(s, before);
	free(before);
	free(too_long);
}

static void session__participants__stop_at_the_most_a_session_holds(void **state)
{
	struct session *s = *state;
	struct error err;
	char name[32];
	for (int i = 4; s->nparticipants < SESSION_MAX_PARTICIPANTS; i++) {
		snprintf(name, sizeof name, "Person %d", i);
		OK(session_add_participant(s, name, &err));
	}
	char *before = support_describe(s);
	REFUSED(session_add_participant(s, "One too many", &err));
	assert_int_equal(s->nparticipants, SESSION_MAX_PARTICIPANTS);
	support_assert_unchanged(s, before);
	free(before);
}

static void session__rename_participant__keeps_their_ratings_and_refuses_a_taken_name(void **state)
{
	struct session *s = *state;
	struct error err;
	rate(s, CULTURE, BO, 4);
	OK(session_rename_participant(s, BO, " Bea ", &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Ana", "Bea", "Cy");
	ASSERT_SCORES(s, CULTURE, RATING_NONE, 4, RATING_NONE);
	OK(session_rename_participant(s, BO, "Bea", &err));

	char *before = support_describe(s);
	REFUSED(session_rename_participant(s, BO, "Ana", &err));
	REFUSED(session_rename_participant(s, BO, "  ", &err));
	REFUSED(session_rename_participant(s, 3, "Dee", &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__participant_leaves__keeps_their_column_counted_and_rates_no_more(
	void **state)
{
	struct session *s = *state;
	struct error err;
	rate_culture_and_tools(s);
	struct rating_stats before, after;
	session_dimension_stats(s, CULTURE, &before);
	assert_true(session_participant_here(s, BO));
	OK(session_participant_leaves(s, BO, date_from_civil(2026, 12, 3), &err));
	assert_false(session_participant_here(s, BO));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Ana", "Bo", "Cy");
	session_dimension_stats(s, CULTURE, &after);
	assert_int_equal(after.count, before.count);
	assert_float_equal(after.mean, before.mean, 1e-12);

	char *kept = support_describe(s);
	REFUSED(session_rate(s, PRACTICE, BO, 3, &err));
	assert_string_equal(err.msg, "Bo has left: their ratings stay as they were");
	REFUSED(session_participant_leaves(s, BO, date_from_civil(2026, 12, 3), &err));
	REFUSED(session_participant_leaves(s, 7, date_from_civil(2026, 12, 3), &err));
	REFUSED(session_participant_leaves(s, ANA, NO_DATE, &err));
	support_assert_unchanged(s, kept);
	free(kept);
	/* a typo in the name of someone who left can still be put right */
	OK(session_rename_participant(s, BO, "Boris", &err));
	OK(session_close(s, 1000, &err));
	REFUSED(session_participant_leaves(s, ANA, date_from_civil(2026, 12, 3), &err));
}

static void session__check_name__refuses_a_control_character_and_shows_it_escaped(
	void **state)
{
	(void)state;
	struct error err;
	OK(session_check_name("Zoë 🚀 O'Brien", &err));
	static const char *const bad[] = {"Dee\x1b[2J", "two\nlines", "tab\there", "rlo \xe2\x80\xae"};
	static const char *const shown[] = {"Dee\\x1b[2J", "two\\x0alines", "tab here",
					    "rlo \\u{202E}"};
	for (size_t i = 0; i < NELEMS(bad); i++) {
		REFUSED(session_check_name(bad[i], &err));
		assert_non_null(strstr(err.msg, shown[i]));
		assert_non_null(strstr(err.msg, "one line of text"));
	}
}

static void session__remove_participant__drops_their_ratings_and_keeps_the_others_aligned(
	void **state)
{
	struct session *s = *state;
	struct error err;
	rate_culture_and_tools(s);

	OK(session_remove_participant(s, BO, &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Ana", "Cy");
	ASSERT_SCORES(s, CULTURE, 1, 3);
	ASSERT_SCORES(s, TOOLS, 4, RATING_NONE);
	ASSERT_SCORES(s, PRACTICE, RATING_NONE, RATING_NONE);
	struct rating_stats st;
	session_dimension_stats(s, CULTURE, &st);
	assert_int_equal(st.count, 2);
	assert_float_equal(st.mean, 2.0, 1e-12);

	/* a newcomer starts unrated, not with what the one who left gave */
	OK(session_add_participant(s, "Dee", &err));
	ASSERT_SCORES(s, CULTURE, 1, 3, RATING_NONE);
	ASSERT_SCORES(s, TOOLS, 4, RATING_NONE, RATING_NONE);

	OK(session_remove(s, LIST_PARTICIPANTS, 0, &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Cy", "Dee");
	ASSERT_SCORES(s, CULTURE, 3, RATING_NONE);

	char *before = support_describe(s);
	REFUSED(session_remove_participant(s, 2, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__move_participant__takes_each_persons_ratings_with_them(void **state)
{
	struct session *s = *state;
	struct error err;
	rate_culture_and_tools(s);

	OK(session_move(s, LIST_PARTICIPANTS, ANA, 2, &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Bo", "Cy", "Ana");
	ASSERT_SCORES(s, CULTURE, 2, 3, 1);
	ASSERT_SCORES(s, TOOLS, 5, RATING_NONE, 4);

	OK(session_move(s, LIST_PARTICIPANTS, 1, 0, &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Cy", "Bo", "Ana");
	ASSERT_SCORES(s, CULTURE, 3, 2, 1);
	ASSERT_SCORES(s, TOOLS, RATING_NONE, 5, 4);
	ASSERT_SCORES(s, PRACTICE, RATING_NONE, RATING_NONE, RATING_NONE);

	char *before = support_describe(s);
	REFUSED(session_move(s, LIST_PARTICIPANTS, 0, 3, &err));
	REFUSED(session_move(s, LIST_PARTICIPANTS, 3, 0, &err));
	support_assert_unchanged(s, before);
	free(before);
}

/* ---- ratings ---- */

static void session__rate__records_a_score_and_rating_none_clears_it(void **state)
{
	struct session *s = *state;
	rate(s, CULTURE, ANA, 5);
	rate(s, CULTURE, BO, 1);
	ASSERT_SCORES(s, CULTURE, 5, 1, RATING_NONE);
	ASSERT_SCORES(s, TOOLS, RATING_NONE, RATING_NONE, RATING_NONE);
	rate(s, CULTURE, ANA, 4);
	ASSERT_SCORES(s, CULTURE, 4, 1, RATING_NONE);
	rate(s, CULTURE, ANA, RATING_NONE);
	ASSERT_SCORES(s, CULTURE, RATING_NONE, 1, RATING_NONE);

	struct rating_stats st;
	session_dimension_stats(s, CULTURE, &st);
	assert_int_equal(st.count, 1);
	assert_float_equal(st.mean, 1.0, 1e-12);
}

static void session__rate__refuses_a_score_outside_the_scale_and_keeps_the_old_one(void **state)
{
	struct session *s = *state;
	struct error err;
	rate(s, CULTURE, ANA, 3);
	char *before = support_describe(s);
	REFUSED(session_rate(s, CULTURE, ANA, 0, &err));
	assert_string_equal(err.msg, "0 is outside the scale 1-5");
	REFUSED(session_rate(s, CULTURE, ANA, 6, &err));
	REFUSED(session_rate(s, CULTURE, ANA, -2, &err));
	REFUSED(session_rate(s, CULTURE, ANA, 100, &err));
	REFUSED(session_rate(s, 3, ANA, 3, &err));
	REFUSED(session_rate(s, CULTURE, 3, 3, &err));
	support_assert_unchanged(s, before);
	ASSERT_SCORES(s, CULTURE, 3, RATING_NONE, RATING_NONE);
	free(before);
}

static void session__group_score__overrides_the_ratings_until_it_is_cleared(void **state)
{
	struct session *s = *state;
	struct error err;
	rate(s, CULTURE, ANA, 2);
	rate(s, CULTURE, BO, 5);
	rate(s, CULTURE, CY, 3);

	OK(session_set_group_score(s, CULTURE, 4, &err));
	assert_int_equal(s->dims[CULTURE].group_score, 4);
	struct rating_stats st;
	session_dimension_stats(s, CULTURE, &st);
	assert_int_equal(st.count, 1);
	assert_float_equal(st.mean, 4.0, 1e-12);
	assert_int_equal(stats_spread(&st), 0);
	assert_int_equal(stats_count_of(&st, 4), 1);
	assert_int_equal(stats_count_of(&st, 2), 0);
	/* the person-by-person ratings are still there underneath, not counted */
	ASSERT_SCORES(s, CULTURE, 2, 5, 3);
	assert_int_equal(session_uncounted_scores(s, CULTURE), 3);

	char *before = support_describe(s);
	REFUSED(session_set_group_score(s, CULTURE, 6, &err));
	REFUSED(session_set_group_score(s, CULTURE, 0, &err));
	REFUSED(session_set_group_score(s, 3, 4, &err));
	support_assert_unchanged(s, before);
	free(before);

	OK(session_set_group_score(s, CULTURE, RATING_NONE, &err));
	session_dimension_stats(s, CULTURE, &st);
	assert_int_equal(st.count, 3);
	assert_float_equal(st.mean, 10.0 / 3.0, 1e-12);
	assert_int_equal(session_uncounted_scores(s, CULTURE), 0);
}

static void session__dimension_stats__give_mean_spread_and_distribution_of_rated_cells(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_participant(s, "Dee", &err));
	/* culture: 2 5 3 and Dee unrated. Mean 10/3; squares from the mean
	 * 16/9 + 25/9 + 1/9 = 42/9, over 3 = 14/9, so sqrt(14) / 3 */
	rate(s, CULTURE, ANA, 2);
	rate(s, CULTURE, BO, 5);
	rate(s, CULTURE, CY, 3);
	/* tools: everyone agrees on 4 */
	for (size_t p = 0; p < 4; p++)
		rate(s, TOOLS, p, 4);

	struct rating_stats st;
	session_dimension_stats(s, CULTURE, &st);
	assert_int_equal(st.count, 3);
	assert_float_equal(st.mean, 10.0 / 3.0, 1e-12);
	assert_float_equal(st.stddev, sqrt(14.0) / 3.0, 1e-12);
	assert_int_equal(st.min, 2);
	assert_int_equal(st.max, 5);
	assert_int_equal(stats_spread(&st), 3);
	assert_int_equal(stats_count_of(&st, 1), 0);
	assert_int_equal(stats_count_of(&st, 2), 1);
	assert_int_equal(stats_count_of(&st, 3), 1);
	assert_int_equal(stats_count_of(&st, 4), 0);
	assert_int_equal(stats_count_of(&st, 5), 1);

	session_dimension_stats(s, TOOLS, &st);
	assert_int_equal(st.count, 4);
	assert_float_equal(st.mean, 4.0, 1e-12);
	assert_float_equal(st.stddev, 0.0, 1e-12);
	assert_int_equal(stats_spread(&st), 0);
	assert_int_equal(stats_count_of(&st, 4), 4);

	session_dimension_stats(s, PRACTICE, &st);
	assert_int_equal(st.count, 0);
	assert_true(isnan(st.mean));
	assert_int_equal(stats_spread(&st), 0);
}

/* ---- notes ---- */

static void session__notes__are_added_edited_and_removed_within_their_dimension(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_note(s, CULTURE, NOTE_STRENGTH, " 10% time agreed with HR ", &err));
	OK(session_add_note(s, CULTURE, NOTE_GAP, "no budget for conferences", &err));
	OK(session_add_note(s, TOOLS, NOTE_GAP, "search finds nothing", &err));
	assert_int_equal(s->dims[CULTURE].nnotes, 2);
	assert_int_equal(s->dims[CULTURE].notes[0].kind, NOTE_STRENGTH);
	assert_string_equal(s->dims[CULTURE].notes[0].text, "10% time agreed with HR");
	assert_int_equal(s->dims[CULTURE].notes[1].kind, NOTE_GAP);
	assert_int_equal(s->dims[TOOLS].nnotes, 1);
	assert_int_equal(s->dims[PRACTICE].nnotes, 0);

	OK(session_edit_note(s, CULTURE, 1, "no budget for courses either", &err));
	assert_string_equal(s->dims[CULTURE].notes[1].text, "no budget for courses either");
	assert_int_equal(s->dims[CULTURE].notes[1].kind, NOTE_GAP);

	OK(session_remove_note(s, CULTURE, 0, &err));
	assert_int_equal(s->dims[CULTURE].nnotes, 1);
	assert_string_equal(s->dims[CULTURE].notes[0].text, "no budget for courses either");
	assert_int_equal(s->dims[CULTURE].notes[0].kind, NOTE_GAP);
	assert_string_equal(s->dims[TOOLS].notes[0].text, "search finds nothing");
}

static void session__notes__refuse_blank_or_overlong_text_and_missing_notes(void **state)
{
	struct session *s = *state;
	struct error err;
	char *longest = repeated('n', TEXT_MAX_NOTE);
	char *too_long = repeated('n', TEXT_MAX_NOTE + 1);
	OK(session_add_note(s, CULTURE, NOTE_GAP, "no budget", &err));
	char *before = support_describe(s);
	REFUSED(session_add_note(s, CULTURE, NOTE_GAP, "  ", &err));
	REFUSED(session_add_note(s, CULTURE, NOTE_GAP, too_long, &err));
	REFUSED(session_add_note(s, 3, NOTE_GAP, "nowhere", &err));
	REFUSED(session_add_note(s, CULTURE, NOTE_KIND_COUNT, "neither", &err));
	REFUSED(session_edit_note(s, CULTURE, 0, "", &err));
	REFUSED(session_edit_note(s, CULTURE, 0, too_long, &err));
	REFUSED(session_edit_note(s, CULTURE, 1, "missing", &err));
	REFUSED(session_edit_note(s, TOOLS, 0, "missing", &err));
	REFUSED(session_remove_note(s, CULTURE, 1, &err));
	REFUSED(session_remove_note(s, 3, 0, &err));
	support_assert_unchanged(s, before);
	OK(session_add_note(s, CULTURE, NOTE_GAP, longest, &err));
	assert_int_equal(strlen(s->dims[CULTURE].notes[1].text), TEXT_MAX_NOTE);
	free(before);
	free(longest);
	free(too_long);
}

/* ---- values ---- */

static void session__values__are_added_edited_moved_and_removed_in_order(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_value(s, "Share by default", &err));
	OK(session_add_value(s, "  Fail safely ", &err));
	OK(session_add_value(s, "Ask early", &err));
	OK(session_add_value(s, "Teach back", &err));
	ASSERT_LIST(s, LIST_VALUES, "Share by default", "Fail safely", "Ask early", "Teach back");

	OK(session_edit_value(s, 1, "Fail safely, learn fast", &err));
	OK(session_move(s, LIST_VALUES, 0, 3, &err));
	ASSERT_LIST(s, LIST_VALUES, "Fail safely, learn fast", "Ask early", "Teach back",
		    "Share by default");
	OK(session_move(s, LIST_VALUES, 3, 1, &err));
	ASSERT_LIST(s, LIST_VALUES, "Fail safely, learn fast", "Share by default", "Ask early",
		    "Teach back");
	OK(session_move(s, LIST_VALUES, 2, 2, &err));
	ASSERT_LIST(s, LIST_VALUES, "Fail safely, learn fast", "Share by default", "Ask early",
		    "Teach back");

	OK(session_remove(s, LIST_VALUES, 0, &err));
	ASSERT_LIST(s, LIST_VALUES, "Share by default", "Ask early", "Teach back");
	OK(session_remove(s, LIST_VALUES, 2, &err));
	ASSERT_LIST(s, LIST_VALUES, "Share by default", "Ask early");
}

static void session__values__refuse_blank_overlong_or_missing_items(void **state)
{
	struct session *s = *state;
	struct error err;
	char *too_long = repeated('v', TEXT_MAX_ITEM + 1);
	OK(session_add_value(s, "Share by default", &err));
	OK(session_add_value(s, "Ask early", &err));
	char *before = support_describe(s);
	REFUSED(session_add_value(s, " \n", &err));
	REFUSED(session_add_value(s, too_long, &err));
	REFUSED(session_add_value(s, "\xed\xa0\x80", &err));
	REFUSED(session_edit_value(s, 0, "", &err));
	REFUSED(session_edit_value(s, 0, too_long, &err));
	REFUSED(session_edit_value(s, 2, "Teach back", &err));
	REFUSED(session_move(s, LIST_VALUES, 0, 2, &err));
	REFUSED(session_move(s, LIST_VALUES, 2, 0, &err));
	REFUSED(session_remove(s, LIST_VALUES, 2, &err));
	support_assert_unchanged(s, before);
	ASSERT_LIST(s, LIST_VALUES, "Share by default", "Ask early");
	free(before);
	free(too_long);
}

/* ---- every list moves and empties the same way ---- */

static void session__move__puts_an_item_exactly_where_asked_in_every_list(void **state)
{
	struct session *s = *state;
	struct error err;
	static const struct {
		size_t from, to;
		const char *want[4];
	} moves[] = {
		{0, 3, {"B", "C", "D", "A"}},
		{3, 0, {"A", "B", "C", "D"}},
		{1, 2, {"A", "C", "B", "D"}},
		{2, 1, {"A", "B", "C", "D"}},
		{3, 1, {"A", "D", "B", "C"}},
		{1, 1, {"A", "D", "B", "C"}},
	};
	for (int l = 0; l < LIST_COUNT; l++) {
		enum session_list list = (enum session_list)l;
		ADD_ITEMS(s, list, "A", "B", "C", "D");
		for (size_t m = 0; m < NELEMS(moves); m++) {
			OK(session_move(s, list, moves[m].from, moves[m].to, &err));
			const char *const *w = moves[m].want;
			if (!support_list_is(s, list, w, NELEMS(moves[m].want)))
				print_error("list %d, moving %zu to %zu:\n", l, moves[m].from,
					    moves[m].to);
			ASSERT_LIST(s, list, w[0], w[1], w[2], w[3]);
		}

		char *before = support_describe(s);
		REFUSED(session_move(s, list, 4, 0, &err));
		REFUSED(session_move(s, list, 0, 4, &err));
		REFUSED(session_move(s, list, SIZE_MAX, 1, &err));
		support_assert_unchanged(s, before);
		free(before);
	}
}

static void session__remove__takes_out_one_item_and_refuses_a_missing_one(void **state)
{
	struct session *s = *state;
	struct error err;
	for (int l = 0; l < LIST_COUNT; l++) {
		enum session_list list = (enum session_list)l;
		ADD_ITEMS(s, list, "A", "B", "C");

		OK(session_remove(s, list, 1, &err));
		ASSERT_LIST(s, list, "A", "C");
		OK(session_remove(s, list, 1, &err));
		ASSERT_LIST(s, list, "A");

		char *before = support_describe(s);
		REFUSED(session_remove(s, list, 1, &err));
		support_assert_unchanged(s, before);
		free(before);

		OK(session_remove(s, list, 0, &err));
		assert_int_equal(session_list_len(s, list), 0);
		REFUSED(session_remove(s, list, 0, &err));
	}
	assert_int_equal(session_list_len(s, LIST_COUNT), 0);
	REFUSED(session_move(s, LIST_COUNT, 0, 0, &err));
	REFUSED(session_remove(s, LIST_COUNT, 0, &err));
}

/* ---- goals ---- */

static void session__goals__are_tied_to_a_dimension_by_its_key_or_to_none(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_goal(s, " Everyone shares a lesson a month ", "culture", &err));
	OK(session_add_goal(s, "A wiki people use", NULL, &err));
	OK(session_add_goal(s, "Pair on new tools", "", &err));
	ASSERT_LIST(s, LIST_GOALS, "Everyone shares a lesson a month", "A wiki people use",
		    "Pair on new tools");
	assert_string_equal(s->goals[0].dimension, "culture");
	assert_null(s->goals[1].dimension);
	assert_null(s->goals[2].dimension);
	assert_int_equal(s->goals[0].status, GOAL_ACTIVE);

	OK(session_edit_goal(s, 1, "A wiki people search first", "tools", &err));
	assert_string_equal(s->goals[1].text, "A wiki people search first");
	assert_string_equal(s->goals[1].dimension, "tools");
	OK(session_edit_goal(s, 0, "Everyone shares a lesson a month", NULL, &err));
	assert_null(s->goals[0].dimension);

	OK(session_set_goal_status(s, 2, GOAL_ACHIEVED, &err));
	assert_int_equal(s->goals[2].status, GOAL_ACHIEVED);
	char *before = support_describe(s);
	REFUSED(session_set_goal_status(s, 2, GOAL_STATUS_COUNT, &err));
	REFUSED(session_set_goal_status(s, 3, GOAL_RETIRED, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__goals__refuse_an_unknown_dimension_key_and_change_nothing(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_goal(s, "Everyone shares a lesson a month", "culture", &err));
	char *before = support_describe(s);
	REFUSED(session_add_goal(s, "Happier people", "morale", &err));
	assert_string_equal(err.msg, "this session has no dimension \"morale\"");
	REFUSED(session_add_goal(s, "Happier people", "Culture", &err));
	REFUSED(session_add_goal(s, "  ", "culture", &err));
	REFUSED(session_edit_goal(s, 0, "Happier people", "morale", &err));
	REFUSED(session_edit_goal(s, 0, "", "tools", &err));
	REFUSED(session_edit_goal(s, 1, "Happier people", "tools", &err));
	support_assert_unchanged(s, before);
	assert_string_equal(s->goals[0].text, "Everyone shares a lesson a month");
	assert_string_equal(s->goals[0].dimension, "culture");
	free(before);
}

static void session__remove_goal__unties_the_metrics_and_steps_tied_to_it(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_goal(s, "Share more", "culture", &err));
	OK(session_add_goal(s, "Find answers faster", "tools", &err));
	s->goals[0].id = 7;
	s->goals[1].id = 8;

	struct metric m = support_a_metric("Lessons shared a month", DIRECTION_UP, 2, 10);
	m.goal_id = 7;
	OK(session_add_metric(s, &m, &err));
	m = support_a_metric("Days to an answer", DIRECTION_DOWN, 5, 1);
	m.goal_id = 8;
	OK(session_add_metric(s, &m, &err));
	support_add_metric(s, "Courses taken", DIRECTION_UP, 3, 6);

	struct step st = support_a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.goal_id = 7;
	OK(session_add_step(s, &st, &err));
	st = support_a_step("Searchable answers wiki", HORIZON_MEDIUM);
	st.goal_id = 8;
	OK(session_add_step(s, &st, &err));
	st = support_a_step("Tie recognition to sharing", HORIZON_LONG);
	st.goal_id = 7;
	OK(session_add_step(s, &st, &err));

	OK(session_remove(s, LIST_GOALS, 0, &err));
	ASSERT_LIST(s, LIST_GOALS, "Find answers faster");
	assert_int_equal(session_find_goal(s, 7), -1);
	assert_int_equal(session_find_goal(s, 8), 0);
	assert_int_equal(s->metrics[0].goal_id, 0);
	assert_int_equal(s->metrics[1].goal_id, 8);
	assert_int_equal(s->metrics[2].goal_id, 0);
	assert_int_equal(s->steps[0].goal_id, 0);
	assert_int_equal(s->steps[1].goal_id, 8);
	assert_int_equal(s->steps[2].goal_id, 0);
	ASSERT_LIST(s, LIST_METRICS, "Lessons shared a month", "Days to an answer",
		    "Courses taken");
	ASSERT_LIST(s, LIST_STEPS, "Monthly show-and-tell", "Searchable answers wiki",
		    "Tie recognition to sharing");
}

/* ---- a closed session ---- */

/* One of everything, with step and participant ids as the store gives them. */
static void fill_a_workshop(struct session *s)
{
	struct error err;
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = (int64_t)p + 1;
	rate(s, CULTURE, ANA, 3);
	OK(session_add_note(s, CULTURE, NOTE_GAP, "no budget", &err));
	OK(session_add_value(s, "Share by default", &err));
	OK(session_add_goal(s, "Share more", "culture", &err));
	s->goals[0].id = 7;
	support_add_metric(s, "Lessons shared a month", DIRECTION_UP, 2, 10);
	support_measure(s, 0, 4, 10);
	support_add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	support_add_step(s, "Searchable answers wiki", HORIZON_SHORT);
	s->steps[0].id = 11;
	s->steps[1].id = 12;
	OK(session_park(s, "Who pays for conferences?", &err));
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	const int dots[] = {2, 1};
	OK(ballot_cast_dots(&s->ballots[0], 1, dots, &err));
}

static void session__closed__refuses_every_change_until_it_is_reopened(void **state)
{
	struct session *s = *state;
	struct error err;
	fill_a_workshop(s);
	OK(session_close(s, 1700000000, &err));
	char *before = support_describe(s);

	REFUSED(session_set_field(s, "title", "Another title", &err));
	assert_string_equal(err.msg, "the session is closed; reopen it to change it");
	REFUSED(session_set_field(s, "level", "unit", &err));
	REFUSED(session_add_participant(s, "Dee", &err));
	REFUSED(session_rename_participant(s, ANA, "Anna", &err));
	REFUSED(session_remove_participant(s, ANA, &err));
	REFUSED(session_rate(s, CULTURE, ANA, 4, &err));
	REFUSED(session_rate(s, CULTURE, ANA, RATING_NONE, &err));
	REFUSED(session_set_group_score(s, CULTURE, 2, &err));
	REFUSED(session_add_note(s, CULTURE, NOTE_STRENGTH, "trust", &err));
	REFUSED(session_edit_note(s, CULTURE, 0, "some budget", &err));
	REFUSED(session_remove_note(s, CULTURE, 0, &err));
	REFUSED(session_add_value(s, "Ask early", &err));
	REFUSED(session_edit_value(s, 0, "Ask early", &err));
	REFUSED(session_add_goal(s, "Find answers faster", NULL, &err));
	REFUSED(session_edit_goal(s, 0, "Share much more", "culture", &err));
	REFUSED(session_set_goal_status(s, 0, GOAL_ACHIEVED, &err));
	struct metric m = support_a_metric("Courses taken", DIRECTION_UP, 1, 3);
	REFUSED(session_add_metric(s, &m, &err));
	REFUSED(session_edit_metric(s, 0, &m, &err));
	REFUSED(session_add_measurement(s, 0, 6, 20, &err));
	struct step st = support_a_step("Pilot coaching", HORIZON_LONG);
	REFUSED(session_add_step(s, &st, &err));
	REFUSED(session_edit_step(s, 0, &st, &err));
	REFUSED(session_set_step_status(s, 0, STEP_DONE, &err));
	REFUSED(session_set_step_horizon(s, 0, HORIZON_LONG, &err));
	REFUSED(session_park(s, "Rename the wiki", &err));
	REFUSED(session_edit_parked(s, 0, "Rename the wiki", &err));
	for (int l = 0; l < LIST_COUNT; l++) {
		REFUSED(session_move(s, (enum session_list)l, 0, session_list_len(s, l) - 1, &err));
		REFUSED(session_remove(s, (enum session_list)l, 0, &err));
	}
	REFUSED(session_open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_SECRET, -1, &err));
	REFUSED(session_reveal_ballot(s, 0, &err));
	support_assert_unchanged(s, before);
	assert_true(session_is_closed(s));
	free(before);

	OK(session_reopen(s, &err));
	OK(session_add_value(s, "Ask early", &err));
	rate(s, CULTURE, ANA, 4);
	OK(session_set_field(s, "title", "Another title", &err));
	OK(session_reveal_ballot(s, 0, &err));
	ASSERT_LIST(s, LIST_VALUES, "Share by default", "Ask early");
	ASSERT_SCORES(s, CULTURE, 4, RATING_NONE, RATING_NONE);
	assert_string_equal(s->title, "Another title");
	assert_int_equal(s->steps[0].points, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(session__create__keeps_a_trimmed_title_and_the_templates_dimensions),
		cmocka_unit_test(session__create__refuses_a_missing_or_blank_title),
		cmocka_unit_test(session__create__leaves_blank_optional_fields_unset),
		cmocka_unit_test(session__create__refuses_the_same_participant_twice),
		cmocka_unit_test(session__create__refuses_text_that_is_not_utf8),
		cmocka_unit_test(session__create__refuses_text_longer_than_its_limit),
		cmocka_unit_test(session__create__refuses_a_level_that_does_not_exist),
		cmocka_unit_test(session__text__returns_a_trimmed_copy_and_names_what_it_refuses),
		cmocka_unit_test(session__check_name__refuses_a_control_character_and_shows_it_escaped),
#define T(name) cmocka_unit_test_setup_teardown(name, support_open_with_ana_bo_and_cy, \
						support_free_session)
		T(session__set_field__changes_and_clears_the_setup_fields),
		T(session__set_field__refuses_a_blank_title_or_unknown_level_and_keeps_them),
		T(session__close__records_when_and_reopen_clears_it),
		T(session__participants__join_with_an_unrated_cell_in_every_dimension),
		T(session__participants__refuse_a_taken_blank_or_broken_name),
		T(session__participants__stop_at_the_most_a_session_holds),
		T(session__rename_participant__keeps_their_ratings_and_refuses_a_taken_name),
		T(session__participant_leaves__keeps_their_column_counted_and_rates_no_more),
		T(session__remove_participant__drops_their_ratings_and_keeps_the_others_aligned),
		T(session__move_participant__takes_each_persons_ratings_with_them),
		T(session__rate__records_a_score_and_rating_none_clears_it),
		T(session__rate__refuses_a_score_outside_the_scale_and_keeps_the_old_one),
		T(session__group_score__overrides_the_ratings_until_it_is_cleared),
		T(session__dimension_stats__give_mean_spread_and_distribution_of_rated_cells),
		T(session__notes__are_added_edited_and_removed_within_their_dimension),
		T(session__notes__refuse_blank_or_overlong_text_and_missing_notes),
		T(session__values__are_added_edited_moved_and_removed_in_order),
		T(session__values__refuse_blank_overlong_or_missing_items),
		cmocka_unit_test_setup_teardown(
			session__move__puts_an_item_exactly_where_asked_in_every_list,
			open_with_nobody, support_free_session),
		cmocka_unit_test_setup_teardown(
			session__remove__takes_out_one_item_and_refuses_a_missing_one,
			open_with_nobody, support_free_session),
		T(session__goals__are_tied_to_a_dimension_by_its_key_or_to_none),
		T(session__goals__refuse_an_unknown_dimension_key_and_change_nothing),
		T(session__remove_goal__unties_the_metrics_and_steps_tied_to_it),
		T(session__closed__refuses_every_change_until_it_is_reopened),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
