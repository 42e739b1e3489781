/* What the room plans in a session: metrics and their measurements, steps,
 * the parking lot and ballots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/session.h"
#include "tests/support.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define OK(call) assert_int_equal((call), ERR_OK)
#define REFUSED(call) assert_int_equal((call), ERR_DATA)

/* ---- metrics ---- */

static void session__metrics__take_an_unset_baseline_and_target(void **state)
{
	struct session *s = *state;
	struct error err;
	struct metric m = support_a_metric("  People who shared this month ", DIRECTION_UP, NAN, NAN);
	m.unit = (char *)" % ";
	OK(session_add_metric(s, &m, &err));
	m = support_a_metric("Courses finished", DIRECTION_DOWN, 12, NAN);
	m.unit = (char *)"";
	OK(session_add_metric(s, &m, &err));

	ASSERT_LIST(s, LIST_METRICS, "People who shared this month", "Courses finished");
	assert_string_equal(s->metrics[0].unit, "%");
	assert_null(s->metrics[1].unit);
	assert_true(isnan(s->metrics[0].baseline));
	assert_true(isnan(s->metrics[0].target));
	assert_float_equal(s->metrics[1].baseline, 12.0, 1e-12);
	assert_true(isnan(s->metrics[1].target));
	assert_int_equal(s->metrics[1].direction, DIRECTION_DOWN);
	assert_int_equal(s->metrics[0].nmeasurements, 0);
	assert_true(isnan(metric_current(&s->metrics[0])));
	assert_true(isnan(metric_progress(&s->metrics[0])));

	support_measure(s, 0, 35, 100);
	assert_float_equal(metric_current(&s->metrics[0]), 35.0, 1e-12);
	assert_true(isnan(metric_progress(&s->metrics[0])));
	assert_int_equal(metric_status_on(&s->metrics[0], 0, 100), METRIC_NO_DATA);
}

static void session__metrics__refuse_an_infinite_baseline_or_target_and_change_nothing(void **state)
{
	struct session *s = *state;
	struct error err;
	support_add_metric(s, "Lessons shared a month", DIRECTION_UP, 2, 10);
	char *before = support_describe(s);

	struct metric m = support_a_metric("Reach", DIRECTION_UP, INFINITY, 10);
	REFUSED(session_add_metric(s, &m, &err));
	assert_string_equal(err.msg, "the baseline is not a number");
	m = support_a_metric("Reach", DIRECTION_UP, 2, -INFINITY);
	REFUSED(session_add_metric(s, &m, &err));
	assert_string_equal(err.msg, "the target is not a number");
	m = support_a_metric("   ", DIRECTION_UP, 2, 10);
	REFUSED(session_add_metric(s, &m, &err));
	m = support_a_metric(NULL, DIRECTION_UP, 2, 10);
	REFUSED(session_add_metric(s, &m, &err));
	m = support_a_metric("Reach", DIRECTION_COUNT, 2, 10);
	REFUSED(session_add_metric(s, &m, &err));
	m = support_a_metric("Reach", DIRECTION_UP, 2, 10);
	m.goal_id = 99;
	REFUSED(session_add_metric(s, &m, &err));
	m.goal_id = 0;
	m.unit = (char *)"\xff";
	REFUSED(session_add_metric(s, &m, &err));

	m = support_a_metric("Lessons shared", DIRECTION_UP, 2, INFINITY);
	REFUSED(session_edit_metric(s, 0, &m, &err));
	m = support_a_metric("Lessons shared", DIRECTION_UP, -INFINITY, 10);
	REFUSED(session_edit_metric(s, 0, &m, &err));
	m = support_a_metric("", DIRECTION_UP, 2, 10);
	REFUSED(session_edit_metric(s, 0, &m, &err));
	m = support_a_metric("Lessons shared", DIRECTION_UP, 2, 10);
	REFUSED(session_edit_metric(s, 1, &m, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__metrics__keep_their_measurements_and_identity_when_edited(void **state)
{
	struct session *s = *state;
	struct error err;
	support_add_metric(s, "Lessons shared a month", DIRECTION_UP, 2, 10);
	s->metrics[0].id = 31;
	s->metrics[0].origin_id = 12;
	support_measure(s, 0, 4, 10);
	support_measure(s, 0, 6, 20);

	struct metric m = support_a_metric("Lessons shared in a month", DIRECTION_UP, 2, 8);
	m.unit = (char *)"lessons";
	m.target_date = 200;
	OK(session_edit_metric(s, 0, &m, &err));
	const struct metric *got = &s->metrics[0];
	assert_string_equal(got->name, "Lessons shared in a month");
	assert_string_equal(got->unit, "lessons");
	assert_float_equal(got->target, 8.0, 1e-12);
	assert_int_equal(got->target_date, 200);
	assert_int_equal(got->id, 31);
	assert_int_equal(got->origin_id, 12);
	assert_int_equal(got->nmeasurements, 2);
	assert_float_equal(metric_current(got), 6.0, 1e-12);
	/* from 2 towards 8: 6 is two thirds of the way */
	assert_float_equal(metric_progress(got), 4.0 / 6.0, 1e-12);
}

static void session__measurements__are_kept_in_date_order_whatever_order_they_are_typed(
	void **state)
{
	struct session *s = *state;
	struct error err;
	support_add_metric(s, "Lessons shared a month", DIRECTION_UP, 40, 70);
	support_measure(s, 0, 60, 30);
	support_measure(s, 0, 50, 10);
	support_measure(s, 0, 55, 20);
	support_measure(s, 0, 45, 5);
	const struct metric *m = &s->metrics[0];
	static const long days[] = {5, 10, 20, 30};
	static const double values[] = {45, 50, 55, 60};
	assert_int_equal(m->nmeasurements, NELEMS(days));
	for (size_t k = 0; k < NELEMS(days); k++) {
		assert_int_equal(m->measurements[k].taken_on, days[k]);
		assert_float_equal(m->measurements[k].value, values[k], 1e-12);
	}
	assert_float_equal(metric_current(m), 60.0, 1e-12);

	char *before = support_describe(s);
	REFUSED(session_add_measurement(s, 0, NAN, 40, &err));
	REFUSED(session_add_measurement(s, 0, INFINITY, 40, &err));
	REFUSED(session_add_measurement(s, 0, 65, NO_DATE, &err));
	REFUSED(session_add_measurement(s, 1, 65, 40, &err));
	support_assert_unchanged(s, before);
	free(before);
}

/* A measurement typed in, and the metric's current value and progress
 * after it. */
struct measured {
	double value;
	long date;
	double current, progress;
};

/* Types the measurements into the first metric in order, checking each. */
static void measure_each(struct session *s, const struct measured *each, size_t n)
{
	const struct metric *m = &s->metrics[0];
	for (size_t i = 0; i < n; i++) {
		support_measure(s, 0, each[i].value, each[i].date);
		if (fabs(metric_current(m) - each[i].current) > 1e-12 ||
		    fabs(metric_progress(m) - each[i].progress) > 1e-12)
			print_error("after %g on day %ld:\n", each[i].value, each[i].date);
		assert_float_equal(metric_current(m), each[i].current, 1e-12);
		assert_float_equal(metric_progress(m), each[i].progress, 1e-12);
	}
}

static void session__metric_progress__runs_from_baseline_to_target_when_higher_is_better(
	void **state)
{
	struct session *s = *state;
	support_add_metric(s, "People who shared this month", DIRECTION_UP, 40, 70);
	static const struct measured each[] = {
		{46, 10, 46, 0.2},      /* 6 of the 30 to go */
		{55, 20, 55, 0.5},
		{69, 15, 55, 0.5},      /* an older measurement typed late is not the current one */
		{31, 25, 31, -0.3},
	};
	measure_each(s, each, NELEMS(each));
}

static void session__metric_progress__runs_from_baseline_to_target_when_lower_is_better(
	void **state)
{
	struct session *s = *state;
	support_add_metric(s, "Days to an answer", DIRECTION_DOWN, 20, 5);
	static const struct measured each[] = {
		{12.5, 10, 12.5, 0.5},
		{8, 20, 8, 0.8},
		{25, 30, 25, -1.0 / 3.0},
	};
	measure_each(s, each, NELEMS(each));
}

static void session__metric_status__compares_progress_with_the_time_gone(void **state)
{
	struct session *s = *state;
	struct error err;
	/* from 40 on day 0 to 70 by day 100; 55 is half way */
	struct metric fields = support_a_metric("People who shared", DIRECTION_UP, 40, 70);
	fields.target_date = 100;
	OK(session_add_metric(s, &fields, &err));
	struct metric *m = &s->metrics[0];
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_NO_DATA);
	support_measure(s, 0, 55, 40);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_ON_TRACK);
	assert_int_equal(metric_status_on(m, 0, 60), METRIC_ON_TRACK);
	/* 70% of the time gone, 50% done: within 25 points, not within 10 */
	assert_int_equal(metric_status_on(m, 0, 70), METRIC_AT_RISK);
	assert_int_equal(metric_status_on(m, 0, 80), METRIC_OFF_TRACK);
	assert_int_equal(metric_status_on(m, 0, 120), METRIC_OFF_TRACK);
	/* a baseline taken on day 40 counts from then: 30 of 60 days gone */
	m->baseline_date = 40;
	assert_int_equal(metric_status_on(m, 0, 70), METRIC_ON_TRACK);
	m->baseline_date = NO_DATE;

	support_measure(s, 0, 38, 45);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_OFF_TRACK);
	support_measure(s, 0, 70, 50);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_MET);
	assert_int_equal(metric_status_on(m, 0, 150), METRIC_MET);

	/* lower is better: from 20 days to 5 by day 100 */
	fields = support_a_metric("Days to an answer", DIRECTION_DOWN, 20, 5);
	fields.target_date = 100;
	OK(session_add_metric(s, &fields, &err));
	m = &s->metrics[1];
	support_measure(s, 1, 12.5, 40);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_ON_TRACK);
	assert_int_equal(metric_status_on(m, 0, 80), METRIC_OFF_TRACK);
	support_measure(s, 1, 25, 45);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_OFF_TRACK);
	support_measure(s, 1, 4, 50);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_MET);
}

static void session__metric_status__is_met_once_the_target_is_reached_without_a_baseline(
	void **state)
{
	struct session *s = *state;
	support_add_metric(s, "People who shared", DIRECTION_UP, NAN, 70);
	support_add_metric(s, "Days to an answer", DIRECTION_DOWN, NAN, 5);
	support_measure(s, 0, 60, 10);
	support_measure(s, 1, 8, 10);
	assert_int_equal(metric_status_on(&s->metrics[0], 0, 50), METRIC_NO_DATA);
	assert_int_equal(metric_status_on(&s->metrics[1], 0, 50), METRIC_NO_DATA);
	support_measure(s, 0, 75, 20);
	support_measure(s, 1, 5, 20);
	assert_int_equal(metric_status_on(&s->metrics[0], 0, 50), METRIC_MET);
	assert_int_equal(metric_status_on(&s->metrics[1], 0, 50), METRIC_MET);
	assert_true(isnan(metric_progress(&s->metrics[0])));
}

/* ---- steps ---- */

static void session__steps__refuse_impact_or_effort_outside_1_to_5_and_change_nothing(void **state)
{
	struct session *s = *state;
	struct error err;
	struct step st = support_a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.impact = 1;
	st.effort = 5;
	OK(session_add_step(s, &st, &err));
	st = support_a_step("Searchable answers wiki", HORIZON_MEDIUM);
	st.impact = 5;
	st.effort = SCORE_NONE;
	OK(session_add_step(s, &st, &err));
	assert_int_equal(s->steps[0].impact, 1);
	assert_int_equal(s->steps[0].effort, 5);
	assert_int_equal(s->steps[1].impact, 5);
	assert_int_equal(s->steps[1].effort, SCORE_NONE);

	char *before = support_describe(s);
	static const int bad[] = {6, -1, 10};
	for (size_t k = 0; k < NELEMS(bad); k++) {
		st = support_a_step("Pilot coaching", HORIZON_SHORT);
		st.impact = bad[k];
		REFUSED(session_add_step(s, &st, &err));
		assert_string_equal(err.msg, "impact and effort are scored 1-5");
		st.impact = 3;
		st.effort = bad[k];
		REFUSED(session_add_step(s, &st, &err));
		st = support_a_step("Monthly show-and-tell", HORIZON_SHORT);
		st.impact = bad[k];
		st.effort = 5;
		REFUSED(session_edit_step(s, 0, &st, &err));
		st.impact = 1;
		st.effort = bad[k];
		REFUSED(session_edit_step(s, 0, &st, &err));
	}
	st = support_a_step("  ", HORIZON_SHORT);
	REFUSED(session_add_step(s, &st, &err));
	st = support_a_step("Pilot coaching", HORIZON_COUNT);
	REFUSED(session_add_step(s, &st, &err));
	st = support_a_step("Pilot coaching", HORIZON_SHORT);
	st.status = STEP_STATUS_COUNT;
	REFUSED(session_add_step(s, &st, &err));
	st = support_a_step("Pilot coaching", HORIZON_SHORT);
	REFUSED(session_edit_step(s, 2, &st, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__steps__take_an_owner_or_stay_unowned(void **state)
{
	struct session *s = *state;
	struct error err;
	struct step st = support_a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.owner = (char *)"  Ana ";
	OK(session_add_step(s, &st, &err));
	st = support_a_step("Searchable answers wiki", HORIZON_MEDIUM);
	OK(session_add_step(s, &st, &err));
	st = support_a_step("Tie recognition to sharing", HORIZON_LONG);
	st.owner = (char *)"  ";
	OK(session_add_step(s, &st, &err));
	assert_string_equal(s->steps[0].owner, "Ana");
	assert_null(s->steps[1].owner);
	assert_null(s->steps[2].owner);

	st = support_a_step("Monthly show-and-tell", HORIZON_SHORT);
	OK(session_edit_step(s, 0, &st, &err));
	assert_null(s->steps[0].owner);
	st = support_a_step("Searchable answers wiki", HORIZON_MEDIUM);
	st.owner = (char *)"Bo";
	OK(session_edit_step(s, 1, &st, &err));
	assert_string_equal(s->steps[1].owner, "Bo");

	char *before = support_describe(s);
	st.owner = (char *)"B\xc3";
	REFUSED(session_edit_step(s, 1, &st, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__steps__change_status_and_horizon_and_refuse_unknown_ones(void **state)
{
	struct session *s = *state;
	struct error err;
	support_add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	support_add_step(s, "Searchable answers wiki", HORIZON_MEDIUM);
	assert_int_equal(s->steps[0].status, STEP_PLANNED);
	OK(session_set_step_status(s, 0, STEP_DOING, &err));
	OK(session_set_step_horizon(s, 1, HORIZON_LONG, &err));
	assert_int_equal(s->steps[0].status, STEP_DOING);
	assert_int_equal(s->steps[1].horizon, HORIZON_LONG);

	char *before = support_describe(s);
	REFUSED(session_set_step_status(s, 0, STEP_STATUS_COUNT, &err));
	REFUSED(session_set_step_status(s, 2, STEP_DONE, &err));
	REFUSED(session_set_step_horizon(s, 1, HORIZON_COUNT, &err));
	REFUSED(session_set_step_horizon(s, 2, HORIZON_SHORT, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__steps__refuse_a_goal_the_session_does_not_have(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_goal(s, "Share more", NULL, &err));
	s->goals[0].id = 7;
	struct step st = support_a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.goal_id = 7;
	OK(session_add_step(s, &st, &err));
	assert_int_equal(s->steps[0].goal_id, 7);

	char *before = support_describe(s);
	st.goal_id = 8;
	REFUSED(session_add_step(s, &st, &err));
	assert_string_equal(err.msg, "this session has no goal 8");
	REFUSED(session_edit_step(s, 0, &st, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__steps__start_unranked_and_keep_their_ballot_results_when_edited(void **state)
{
	struct session *s = *state;
	struct error err;
	/* a form that fills only what it shows */
	struct step st = {.text = (char *)"Monthly show-and-tell", .horizon = HORIZON_SHORT};
	OK(session_add_step(s, &st, &err));
	assert_true(s->steps[0].points == POINTS_NONE);
	assert_int_equal(s->steps[0].rank, 0);

	s->steps[0].id = 11;
	s->steps[0].origin_id = 4;
	s->steps[0].points = 7;
	s->steps[0].rank = 1;
	st.text = (char *)"Fortnightly show-and-tell";
	st.owner = (char *)"Cy";
	OK(session_edit_step(s, 0, &st, &err));
	assert_string_equal(s->steps[0].text, "Fortnightly show-and-tell");
	assert_string_equal(s->steps[0].owner, "Cy");
	assert_int_equal(s->steps[0].id, 11);
	assert_int_equal(s->steps[0].origin_id, 4);
	assert_int_equal(s->steps[0].points, 7);
	assert_int_equal(s->steps[0].rank, 1);
}

/* ---- the parking lot ---- */

static void session__parking_lot__takes_edits_and_lets_go_of_items(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_park(s, " Who pays for conferences? ", &err));
	OK(session_park(s, "Onboarding is a mess", &err));
	OK(session_park(s, "Rename the wiki", &err));
	ASSERT_LIST(s, LIST_PARKING, "Who pays for conferences?", "Onboarding is a mess",
		    "Rename the wiki");
	OK(session_edit_parked(s, 1, "Onboarding takes three months", &err));
	OK(session_move(s, LIST_PARKING, 2, 0, &err));
	ASSERT_LIST(s, LIST_PARKING, "Rename the wiki", "Who pays for conferences?",
		    "Onboarding takes three months");
	OK(session_remove(s, LIST_PARKING, 1, &err));
	ASSERT_LIST(s, LIST_PARKING, "Rename the wiki", "Onboarding takes three months");

	char *before = support_describe(s);
	REFUSED(session_park(s, "", &err));
	REFUSED(session_edit_parked(s, 0, "\t", &err));
	REFUSED(session_edit_parked(s, 2, "Nowhere", &err));
	support_assert_unchanged(s, before);
	free(before);
}

/* ---- ballots ---- */

struct step_spec {
	const char *text;
	enum horizon horizon;
};

/* Adds the steps in order and numbers every step from first_id, as the
 * store would. */
static void add_numbered_steps(struct session *s, int64_t first_id, const struct step_spec *steps,
			       size_t n)
{
	for (size_t i = 0; i < n; i++)
		support_add_step(s, steps[i].text, steps[i].horizon);
	for (size_t i = 0; i < s->nsteps; i++)
		s->steps[i].id = first_id + (int64_t)i;
}

#define ADD_NUMBERED_STEPS(s, first_id, ...) do { \
	const struct step_spec steps_[] = {__VA_ARGS__}; \
	add_numbered_steps((s), (first_id), steps_, NELEMS(steps_)); \
} while (0)

/* Ana, Bo and Cy (voters 1, 2 and 3) cast these dots. */
static void three_voters_cast(struct ballot *b, const int *ana, const int *bo, const int *cy)
{
	struct error err;
	OK(ballot_cast_dots(b, 1, ana, &err));
	OK(ballot_cast_dots(b, 2, bo, &err));
	OK(ballot_cast_dots(b, 3, cy, &err));
}

/* The ballot's candidates are exactly these step ids, in order. */
static void assert_candidates(const struct ballot *b, const int64_t *want, size_t n)
{
	assert_int_equal(b->ncandidates, n);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(b->candidates[k], want[k]);
}

#define ASSERT_CANDIDATES(b, ...) do { \
	const int64_t want_[] = {__VA_ARGS__}; \
	assert_candidates((b), want_, NELEMS(want_)); \
} while (0)

/* Every step's points and rank, in the order of the list. */
static void assert_step_results(const struct session *s, const long *points, const int *ranks)
{
	for (size_t i = 0; i < s->nsteps; i++) {
		assert_int_equal(s->steps[i].points, points[i]);
		assert_int_equal(s->steps[i].rank, ranks[i]);
	}
}

static void session__open_ballot__needs_at_least_two_steps_to_choose_from(void **state)
{
	struct session *s = *state;
	struct error err;
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	support_add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	s->steps[0].id = 11;
	char *before = support_describe(s);
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	assert_string_equal(err.msg, "a ballot needs at least two steps to choose from");
	assert_int_equal(s->nballots, 0);
	support_assert_unchanged(s, before);
	free(before);

	support_add_step(s, "Searchable answers wiki", HORIZON_MEDIUM);
	s->steps[1].id = 12;
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	assert_int_equal(s->nballots, 1);
	const struct ballot *b = &s->ballots[0];
	assert_int_equal(b->method, BALLOT_DOTS);
	assert_int_equal(b->entry, BALLOT_ENTRY_SECRET);
	assert_int_equal(b->status, BALLOT_OPEN);
	assert_true(b->anonymous);
	ASSERT_CANDIDATES(b, 11, 12);
}

static void session__open_ballot__takes_only_the_steps_of_the_chosen_horizon(void **state)
{
	struct session *s = *state;
	struct error err;
	ADD_NUMBERED_STEPS(s, 11, {"Monthly show-and-tell", HORIZON_SHORT},
			   {"Searchable answers wiki", HORIZON_MEDIUM},
			   {"Lunch and learn", HORIZON_SHORT},
			   {"Tie recognition to sharing", HORIZON_LONG},
			   {"Mentoring circles", HORIZON_MEDIUM});

	OK(session_open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_SECRET, HORIZON_SHORT, &err));
	ASSERT_CANDIDATES(&s->ballots[0], 11, 13);

	OK(session_open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_SECRET, HORIZON_MEDIUM, &err));
	ASSERT_CANDIDATES(&s->ballots[1], 12, 15);

	char *before = support_describe(s);
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, HORIZON_LONG, &err));
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, HORIZON_COUNT, &err));
	support_assert_unchanged(s, before);
	free(before);

	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_TALLY, -1, &err));
	assert_int_equal(s->nballots, 3);
	ASSERT_CANDIDATES(&s->ballots[2], 11, 12, 13, 14, 15);
}

static void session__open_ballot__refuses_tally_entry_for_ranked_or_scored_votes(void **state)
{
	struct session *s = *state;
	struct error err;
	support_add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	support_add_step(s, "Searchable answers wiki", HORIZON_SHORT);
	s->steps[0].id = 11;
	s->steps[1].id = 12;
	char *before = support_describe(s);
	REFUSED(session_open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_TALLY, -1, &err));
	REFUSED(session_open_ballot(s, BALLOT_SCORING, BALLOT_ENTRY_TALLY, -1, &err));
	REFUSED(session_open_ballot(s, BALLOT_METHOD_COUNT, BALLOT_ENTRY_SECRET, -1, &err));
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_COUNT, -1, &err));
	support_assert_unchanged(s, before);
	assert_int_equal(s->nballots, 0);
	free(before);
	OK(session_open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_TALLY, -1, &err));
	OK(session_open_ballot(s, BALLOT_SCORING, BALLOT_ENTRY_SECRET, -1, &err));
}

static void session__reveal_ballot__writes_points_and_ranks_onto_the_steps_and_ties_share_a_rank(
	void **state)
{
	struct session *s = *state;
	struct error err;
	ADD_NUMBERED_STEPS(s, 11, {"Monthly show-and-tell", HORIZON_SHORT},
			   {"Searchable answers wiki", HORIZON_SHORT},
			   {"Tie recognition to sharing", HORIZON_MEDIUM},
			   {"Lunch and learn", HORIZON_SHORT},
			   {"Mentoring circles", HORIZON_SHORT});

	/* over the four short steps: 11, 12, 14, 15; three dots each */
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, HORIZON_SHORT, &err));
	struct ballot *b = &s->ballots[0];
	ASSERT_CANDIDATES(b, 11, 12, 14, 15);
	assert_int_equal(b->budget, 3);
	three_voters_cast(b, (const int[]){2, 1, 0, 0}, (const int[]){1, 2, 0, 0},
			  (const int[]){0, 0, 1, 1});
	/* secret votes stay off the steps until the reveal */
	for (size_t i = 0; i < s->nsteps; i++) {
		assert_true(s->steps[i].points == POINTS_NONE);
		assert_int_equal(s->steps[i].rank, 0);
	}

	OK(session_reveal_ballot(s, 0, &err));
	assert_int_equal(s->ballots[0].status, BALLOT_REVEALED);
	/* 3, 3, 1, 1 points: two share first place, two share third */
	assert_step_results(s, (const long[]){3, 3, POINTS_NONE, 1, 1},
			    (const int[]){1, 1, 0, 3, 3});
	ASSERT_LIST(s, LIST_STEPS, "Monthly show-and-tell", "Searchable answers wiki",
		    "Tie recognition to sharing", "Lunch and learn", "Mentoring circles");

	/* revealing again writes the same results and changes nothing */
	char *before = support_describe(s);
	OK(session_reveal_ballot(s, 0, &err));
	support_assert_unchanged(s, before);
	REFUSED(session_reveal_ballot(s, 1, &err));
	support_assert_unchanged(s, before);
	free(before);
}

static void session__reveal_ballot__ranks_after_a_tie_by_the_places_taken(void **state)
{
	struct session *s = *state;
	struct error err;
	ADD_NUMBERED_STEPS(s, 21, {"Monthly show-and-tell", HORIZON_SHORT},
			   {"Searchable answers wiki", HORIZON_SHORT},
			   {"Lunch and learn", HORIZON_SHORT},
			   {"Mentoring circles", HORIZON_SHORT});
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	three_voters_cast(&s->ballots[0], (const int[]){0, 2, 1, 0}, (const int[]){0, 1, 2, 0},
			  (const int[]){1, 0, 0, 2});
	OK(session_reveal_ballot(s, 0, &err));
	/* 1, 3, 3, 2: the two on 3 share first, then 2 is third, 1 fourth */
	assert_step_results(s, (const long[]){1, 3, 3, 2}, (const int[]){4, 1, 1, 3});
}

/* 4, 2, 2, 1, 0 points over five steps: ranks 1, 2=, 2=, 4, 5. */
static void reveal_a_first_ballot(struct session *s)
{
	struct error err;
	ADD_NUMBERED_STEPS(s, 31, {"Monthly show-and-tell", HORIZON_SHORT},
			   {"Searchable answers wiki", HORIZON_SHORT},
			   {"Lunch and learn", HORIZON_MEDIUM},
			   {"Mentoring circles", HORIZON_LONG},
			   {"Tie recognition to sharing", HORIZON_SHORT});
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	three_voters_cast(&s->ballots[0], (const int[]){2, 1, 0, 0, 0},
			  (const int[]){1, 0, 2, 0, 0}, (const int[]){1, 1, 0, 1, 0});
	OK(session_reveal_ballot(s, 0, &err));
	assert_step_results(s, (const long[]){4, 2, 2, 1, 0}, (const int[]){1, 2, 2, 4, 5});
}

static void session__open_runoff__takes_the_top_places_and_every_step_tied_at_the_last(
	void **state)
{
	struct session *s = *state;
	struct error err;
	reveal_a_first_ballot(s);
	size_t taken;
	OK(session_open_runoff(s, BALLOT_RANKED, 0, 3, &taken, &err));
	assert_int_equal(taken, 3);
	ASSERT_CANDIDATES(&s->ballots[1], 31, 32, 33);
	assert_int_equal(s->ballots[1].method, BALLOT_RANKED);
	assert_int_equal(s->ballots[1].status, BALLOT_OPEN);
	/* the top 2 reach into the tie for second place: both are kept in */
	OK(session_open_runoff(s, BALLOT_APPROVAL, 0, 2, &taken, &err));
	assert_int_equal(taken, 3);
	ASSERT_CANDIDATES(&s->ballots[2], 31, 32, 33);
	OK(session_open_runoff(s, BALLOT_APPROVAL, 0, 4, &taken, &err));
	ASSERT_CANDIDATES(&s->ballots[3], 31, 32, 33, 34);
}

static void session__open_runoff__refuses_an_unrevealed_ballot_a_dots_method_or_a_top_of_one(
	void **state)
{
	struct session *s = *state;
	struct error err;
	reveal_a_first_ballot(s);
	size_t taken = 0;
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	char *before = support_describe(s);
	REFUSED(session_open_runoff(s, BALLOT_RANKED, 1, 3, &taken, &err));
	assert_string_equal(err.msg, "a run-off follows a ballot that has been revealed");
	REFUSED(session_open_runoff(s, BALLOT_RANKED, 5, 3, &taken, &err));
	REFUSED(session_open_runoff(s, BALLOT_DOTS, 0, 3, &taken, &err));
	assert_string_equal(err.msg, "a run-off is a ranked or an approval ballot");
	REFUSED(session_open_runoff(s, BALLOT_RANKED, 0, 1, &taken, &err));
	support_assert_unchanged(s, before);
	assert_int_equal(s->nballots, 2);
	free(before);
}

/* After a run-off on three steps, the steps show the run-off alone: the
 * two it did not hold are no longer ranked by the first ballot. */
static void session__reveal_ballot__of_a_runoff_leaves_the_steps_showing_that_ballot_only(
	void **state)
{
	struct session *s = *state;
	struct error err;
	reveal_a_first_ballot(s);
	assert_int_equal(session_points_ballot(s), 0);
	size_t taken;
	OK(session_open_runoff(s, BALLOT_APPROVAL, 0, 3, &taken, &err));
	const bool ana[] = {false, true, true}, bo[] = {false, true, false};
	OK(ballot_cast_approval(&s->ballots[1], 1, ana, &err));
	OK(ballot_cast_approval(&s->ballots[1], 2, bo, &err));
	OK(session_reveal_ballot(s, 1, &err));
	assert_int_equal(session_points_ballot(s), 1);
	assert_step_results(s, (const long[]){0, 2, 1, POINTS_NONE, POINTS_NONE},
			    (const int[]){3, 1, 2, 0, 0});
	/* the first revealed again: the steps show it, whole, once more */
	OK(session_reveal_ballot(s, 0, &err));
	assert_int_equal(session_points_ballot(s), 0);
	assert_step_results(s, (const long[]){4, 2, 2, 1, 0}, (const int[]){1, 2, 2, 4, 5});
	/* a step's points from elsewhere: the steps show no one ballot */
	s->steps[4].points = 7;
	assert_int_equal(session_points_ballot(s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, support_open_with_ana_bo_and_cy, \
						support_free_session)
		T(session__metrics__take_an_unset_baseline_and_target),
		T(session__metrics__refuse_an_infinite_baseline_or_target_and_change_nothing),
		T(session__metrics__keep_their_measurements_and_identity_when_edited),
		T(session__measurements__are_kept_in_date_order_whatever_order_they_are_typed),
		T(session__metric_progress__runs_from_baseline_to_target_when_higher_is_better),
		T(session__metric_progress__runs_from_baseline_to_target_when_lower_is_better),
		T(session__metric_status__compares_progress_with_the_time_gone),
		T(session__metric_status__is_met_once_the_target_is_reached_without_a_baseline),
		T(session__steps__refuse_impact_or_effort_outside_1_to_5_and_change_nothing),
		T(session__steps__take_an_owner_or_stay_unowned),
		T(session__steps__change_status_and_horizon_and_refuse_unknown_ones),
		T(session__steps__refuse_a_goal_the_session_does_not_have),
		T(session__steps__start_unranked_and_keep_their_ballot_results_when_edited),
		T(session__parking_lot__takes_edits_and_lets_go_of_items),
		T(session__open_ballot__needs_at_least_two_steps_to_choose_from),
		T(session__open_ballot__takes_only_the_steps_of_the_chosen_horizon),
		T(session__open_ballot__refuses_tally_entry_for_ranked_or_scored_votes),
		T(session__reveal_ballot__writes_points_and_ranks_onto_the_steps_and_ties_share_a_rank),
		T(session__reveal_ballot__ranks_after_a_tie_by_the_places_taken),
		T(session__open_runoff__takes_the_top_places_and_every_step_tied_at_the_last),
		T(session__open_runoff__refuses_an_unrevealed_ballot_a_dots_method_or_a_top_of_one),
		T(session__reveal_ballot__of_a_runoff_leaves_the_steps_showing_that_ballot_only),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
