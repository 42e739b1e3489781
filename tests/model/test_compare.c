/* Tests for model/compare: what changed from one workshop of a series to a
 * later one, worked out by hand. Rows are matched through their origin
 * ids, also across the sessions in between; dimensions by key. The ids
 * are set as the store would give them: unique across sessions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "model/compare.h"
#include "model/session.h"
#include "model/template.h"
#include "tests/support.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define NEAR(want, got) assert_true(fabs((got) - (want)) < 1e-9)

enum { CULTURE, TOOLS, POLICIES, PRACTICE, COMMUNITY };   /* the template's dimensions */
enum { ANA, BO, CY, DEE };                                /* the participants */

#define DAY 86400
#define A_CREATED ((time_t)1767225600)  /* 2026-01-01 */
#define B_CREATED ((time_t)1775001600)  /* 2026-04-01 */
#define C_CREATED ((time_t)1782864000)  /* 2026-07-01 */

/* ---- building the sessions of a series by hand ---- */

static void build_template(struct template *tpl)
{
	static const char *const keys[] = {"culture", "tools", "policies", "practice",
					   "community"};
	static const char *const names[] = {"Culture", "Tools", "Policies", "Practice",
					    "Community"};
	memset(tpl, 0, sizeof *tpl);
	tpl->key = xstrdup("compare-test");
	tpl->name = xstrdup("A template for the comparison tests");
	tpl->version = 1;
	tpl->scale.min = 1;
	tpl->scale.max = 5;
	tpl->ndims = NELEMS(keys);
	tpl->dims = xcalloc(NELEMS(keys), sizeof *tpl->dims);
	for (size_t i = 0; i < NELEMS(keys); i++) {
		tpl->dims[i].key = xstrdup(keys[i]);
		tpl->dims[i].name = xstrdup(names[i]);
		tpl->dims[i].question = xstrdup("Where are we?");
		tpl->dims[i].low = xstrdup("nowhere");
		tpl->dims[i].high = xstrdup("there");
	}
}

/* Session `id` of series 1, the child of `parent` (0: the first). */
static struct session *workshop(int64_t id, int64_t parent, int iteration, time_t created)
{
	static const char *const people[] = {"Ana", "Bo", "Cy", "Dee"};
	const struct session_setup setup = {
		.title = "Sales learns", .organization = "Acme", .level = LEVEL_TEAM,
		.participants = people, .nparticipants = NELEMS(people),
	};
	struct session *s = support_session_from(&setup, build_template);
	s->id = id;
	s->series_id = 1;
	s->parent_id = parent;
	s->iteration = iteration;
	s->created_at = created;
	return s;
}

/* Scores of Ana, Bo, Cy and Dee; 0 leaves a cell unrated. */
static void rate(struct session *s, size_t dim, const int scores[4])
{
	struct error err = {0};
	for (size_t p = 0; p < 4; p++)
		if (scores[p])
			support_expect_ok(session_rate(s, dim, p, scores[p], &err), &err);
}

static void group(struct session *s, size_t dim, int score)
{
	struct error err = {0};
	support_expect_ok(session_set_group_score(s, dim, score, &err), &err);
}

static void goal(struct session *s, int64_t id, int64_t origin, const char *text,
		 enum goal_status status)
{
	struct error err = {0};
	support_expect_ok(session_add_goal(s, text, NULL, &err), &err);
	support_expect_ok(session_set_goal_status(s, s->ngoals - 1, status, &err), &err);
	s->goals[s->ngoals - 1].id = id;
	s->goals[s->ngoals - 1].origin_id = origin;
}

struct metric_spec {
	const char *name;
	enum direction direction;
	double baseline, target;
	long baseline_date, target_date;
};

/* A metric with measurements taken a month apart from 2026-02-01. */
static void metric(struct session *s, int64_t id, int64_t origin, const struct metric_spec *m,
		   const double *values, size_t n)
{
	struct error err = {0};
	const struct metric fields = {
		.name = (char *)m->name, .direction = m->direction, .baseline = m->baseline,
		.target = m->target, .baseline_date = m->baseline_date,
		.target_date = m->target_date,
	};
	support_expect_ok(session_add_metric(s, &fields, &err), &err);
	size_t i = s->nmetrics - 1;
	for (size_t k = 0; k < n; k++)
		support_expect_ok(session_add_measurement(s, i, values[k],
						  date_from_civil(2026, 2 + (int)k, 1), &err),
			  &err);
	s->metrics[i].id = id;
	s->metrics[i].origin_id = origin;
}

/* A step as a revealed ballot left it: rank 0 when it was not voted on. */
static void step(struct session *s, int64_t id, int64_t origin, const char *text,
		 enum step_status status, int rank)
{
	struct error err = {0};
	const struct step fields = {
		.text = (char *)text, .horizon = HORIZON_SHORT, .status = status,
		.points = POINTS_NONE,
	};
	support_expect_ok(session_add_step(s, &fields, &err), &err);
	struct step *st = &s->steps[s->nsteps - 1];
	st->id = id;
	st->origin_id = origin;
	st->rank = rank;
	st->points = rank ? 10 - rank : POINTS_NONE;
}

static long today(void)
{
	return date_from_civil(2026, 7, 2);
}

static void compare(const struct session *a, const struct session *b,
		    const struct lineage *lin, struct comparison *out)
{
	struct error err = {0};
	support_expect_ok(compare_sessions(a, b, lin, today(), out, &err), &err);
}

/* ---- dimensions ---- */

/* Culture: 2 3 2 1 then 3 3 4 3. Tools: not rated, then 4 and 2.
 * Policies: a group score of 2 (over ratings of 5 and 5), then 3 and 4.
 * Practice: 5 and 5, then a group score of 3. Community: 4, then not
 * rated. */
static void rate_a(struct session *a)
{
	rate(a, CULTURE, (const int[]){2, 3, 2, 1});
	rate(a, POLICIES, (const int[]){5, 5, 0, 0});
	group(a, POLICIES, 2);
	rate(a, PRACTICE, (const int[]){5, 0, 5, 0});
	rate(a, COMMUNITY, (const int[]){0, 0, 0, 4});
}

static void rate_b(struct session *b)
{
	rate(b, CULTURE, (const int[]){3, 3, 4, 3});
	rate(b, TOOLS, (const int[]){4, 0, 0, 2});
	rate(b, POLICIES, (const int[]){3, 4, 0, 0});
	group(b, PRACTICE, 3);
}

struct two {
	struct session *a, *b;
	struct comparison c;
};

/* Workshops A and B of a series, still empty, as the test's state. */
static struct two *two_workshops(void **state)
{
	struct two *t = xcalloc(1, sizeof *t);
	t->a = workshop(1, 0, 1, A_CREATED);
	t->b = workshop(2, 1, 2, B_CREATED);
	*state = t;
	return t;
}

static int rated_twice(void **state)
{
	struct two *t = two_workshops(state);
	rate_a(t->a);
	rate_b(t->b);
	return 0;
}

static int free_two(void **state)
{
	struct two *t = *state;
	comparison_free(&t->c);
	session_free(t->a);
	session_free(t->b);
	free(t);
	return 0;
}

static void compare_sessions__gives_each_dimensions_mean_then_and_now_and_the_change(
	void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	assert_ptr_equal(t->c.before, t->a);
	assert_ptr_equal(t->c.after, t->b);
	assert_int_equal(t->c.ndims, 5);
	const struct dimension_change *d = &t->c.dims[CULTURE];
	assert_string_equal(d->key, "culture");
	assert_string_equal(d->name, "Culture");
	assert_int_equal(d->before.count, 4);
	assert_int_equal(d->after.count, 4);
	NEAR(2.0, d->before.mean);      /* 8 / 4 */
	NEAR(3.25, d->after.mean);      /* 13 / 4 */
	NEAR(1.25, d->delta);
}

static void compare_sessions__shows_the_spread_then_and_now(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	const struct dimension_change *d = &t->c.dims[CULTURE];
	assert_int_equal(d->before.min, 1);
	assert_int_equal(d->before.max, 3);
	assert_int_equal(stats_spread(&d->before), 2);
	assert_int_equal(stats_count_of(&d->before, 2), 2);
	assert_int_equal(d->after.min, 3);
	assert_int_equal(d->after.max, 4);
	assert_int_equal(stats_spread(&d->after), 1);
	assert_int_equal(stats_count_of(&d->after, 3), 3);
	/* Population deviations: sqrt(0.5) then sqrt(0.1875). */
	NEAR(sqrt(0.5), d->before.stddev);
	NEAR(sqrt(0.1875), d->after.stddev);
}

static void compare_sessions__has_no_change_for_a_dimension_rated_only_once(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	const struct dimension_change *tools = &t->c.dims[TOOLS];
	assert_int_equal(tools->before.count, 0);
	assert_true(isnan(tools->before.mean));
	assert_int_equal(stats_spread(&tools->before), 0);
	assert_int_equal(tools->after.count, 2);
	NEAR(3.0, tools->after.mean);
	assert_int_equal(stats_spread(&tools->after), 2);
	assert_true(isnan(tools->delta));
	const struct dimension_change *community = &t->c.dims[COMMUNITY];
	assert_int_equal(community->before.count, 1);
	NEAR(4.0, community->before.mean);
	assert_int_equal(community->after.count, 0);
	assert_true(isnan(community->after.mean));
	assert_true(isnan(community->delta));
}

static void compare_sessions__takes_a_group_score_as_the_rooms_one_rating(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	const struct dimension_change *policies = &t->c.dims[POLICIES];
	assert_int_equal(policies->before.count, 1);        /* the group, not the two 5s */
	NEAR(2.0, policies->before.mean);
	assert_int_equal(stats_spread(&policies->before), 0);
	NEAR(3.5, policies->after.mean);
	NEAR(1.5, policies->delta);
	const struct dimension_change *practice = &t->c.dims[PRACTICE];
	NEAR(5.0, practice->before.mean);
	assert_int_equal(practice->after.count, 1);
	NEAR(3.0, practice->after.mean);
	NEAR(-2.0, practice->delta);
}

/* ---- metrics ---- */

static const struct metric_spec answered = {"Questions answered within a day", DIRECTION_UP,
					    40, 70, 20454, 20818};  /* 2026-01-01, 12-31 */
static const struct metric_spec days = {"Days to a first answer", DIRECTION_DOWN, 10, 2,
					NO_DATE, NO_DATE};
static const struct metric_spec shared = {"Lessons shared a month", DIRECTION_UP, 50, 80,
					  NO_DATE, NO_DATE};
static const struct metric_spec courses = {"Courses booked", DIRECTION_UP, 5, 10, NO_DATE,
					   NO_DATE};
static const struct metric_spec wiki = {"Wiki pages", DIRECTION_UP, 0, 100, NO_DATE,
					NO_DATE};

/* A: answered 45, 55; days 8; shared 60; courses 6.
 * B, in another order: days 8, 5; answered 45, 55, 64; shared 60, 45;
 * wiki, new; courses not carried. */
static int measured_twice(void **state)
{
	struct two *t = two_workshops(state);
	metric(t->a, 101, 0, &answered, (const double[]){45, 55}, 2);
	metric(t->a, 102, 0, &days, (const double[]){8}, 1);
	metric(t->a, 103, 0, &shared, (const double[]){60}, 1);
	metric(t->a, 104, 0, &courses, (const double[]){6}, 1);
	metric(t->b, 202, 102, &days, (const double[]){8, 5}, 2);
	metric(t->b, 201, 101, &answered, (const double[]){45, 55, 64}, 3);
	metric(t->b, 203, 103, &shared, (const double[]){60, 45}, 2);
	metric(t->b, 205, 0, &wiki, NULL, 0);
	return 0;
}

static void compare_sessions__matches_metrics_by_lineage_not_by_position(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	assert_int_equal(t->c.nmetrics, 5);
	assert_ptr_equal(t->c.metrics[0].after, &t->b->metrics[0]);
	assert_ptr_equal(t->c.metrics[0].before, &t->a->metrics[1]);
	assert_ptr_equal(t->c.metrics[1].before, &t->a->metrics[0]);
	assert_ptr_equal(t->c.metrics[2].before, &t->a->metrics[2]);
}

static void compare_sessions__gives_progress_before_and_after_for_higher_is_better(
	void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	const struct metric_change *m = &t->c.metrics[1];
	NEAR(0.5, m->progress_before);          /* (55 - 40) / (70 - 40) */
	NEAR(0.8, m->progress_after);           /* (64 - 40) / 30 */
	/* Half the year gone (182 of 364 days), 80 % of the way: on track. */
	assert_int_equal(m->status_after, METRIC_ON_TRACK);
	const struct metric_change *worse = &t->c.metrics[2];
	NEAR(1.0 / 3.0, worse->progress_before);        /* (60 - 50) / 30 */
	NEAR(-1.0 / 6.0, worse->progress_after);        /* (45 - 50) / 30 */
	assert_int_equal(worse->status_after, METRIC_OFF_TRACK);
}

static void compare_sessions__gives_progress_before_and_after_for_lower_is_better(
	void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	const struct metric_change *m = &t->c.metrics[0];
	assert_string_equal(m->after->name, "Days to a first answer");
	NEAR(0.25, m->progress_before);         /* (8 - 10) / (2 - 10) */
	NEAR(0.625, m->progress_after);         /* (5 - 10) / -8 */
	assert_int_equal(m->status_after, METRIC_ON_TRACK);
}

static void compare_sessions__lists_a_new_metric_and_one_not_carried(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	const struct metric_change *added = &t->c.metrics[3];
	assert_null(added->before);
	assert_string_equal(added->after->name, "Wiki pages");
	assert_true(isnan(added->progress_before));
	assert_true(isnan(added->progress_after));      /* nothing measured yet */
	assert_int_equal(added->status_after, METRIC_NO_DATA);
	const struct metric_change *gone = &t->c.metrics[4];
	assert_ptr_equal(gone->before, &t->a->metrics[3]);
	assert_null(gone->after);
	NEAR(0.2, gone->progress_before);       /* (6 - 5) / 5 */
	assert_true(isnan(gone->progress_after));
	assert_int_equal(gone->status_after, METRIC_NO_DATA);
}

/* ---- steps and goals ---- */

/* A: pilot (rank 1), wiki (2), recognition (doing, 3), circles (done),
 * budget (dropped), retro.
 * B: pilot done, wiki dropped, recognition carried on and now first,
 * office hours new and second; retro was not carried. */
static void steps_of_a(struct session *a)
{
	step(a, 301, 0, "Pilot show-and-tell", STEP_PLANNED, 1);
	step(a, 302, 0, "Answers wiki", STEP_PLANNED, 2);
	step(a, 303, 0, "Recognition for sharing", STEP_DOING, 3);
	step(a, 304, 0, "Coaching circles", STEP_DONE, 0);
	step(a, 305, 0, "Conference budget", STEP_DROPPED, 0);
	step(a, 306, 0, "Monthly retro", STEP_PLANNED, 0);
}

static void steps_of_b(struct session *b)
{
	step(b, 401, 301, "Pilot show-and-tell", STEP_DONE, 0);
	step(b, 402, 302, "Answers wiki", STEP_DROPPED, 0);
	step(b, 403, 303, "Recognition for sharing", STEP_CARRIED, 1);
	step(b, 407, 0, "Office hours", STEP_PLANNED, 2);
}

/* A: answers, coaching, budget, show-and-tell, mentoring.
 * B: answers kept, coaching revised, budget achieved, show-and-tell
 * retired, a new one; mentoring was not carried. */
static void goals_of_a(struct session *a)
{
	goal(a, 501, 0, "Answers within a day", GOAL_ACTIVE);
	goal(a, 502, 0, "Managers coach", GOAL_ACTIVE);
	goal(a, 503, 0, "A learning budget", GOAL_ACTIVE);
	goal(a, 504, 0, "Show-and-tell monthly", GOAL_ACTIVE);
	goal(a, 506, 0, "Mentoring for all", GOAL_ACTIVE);
}

static void goals_of_b(struct session *b)
{
	goal(b, 601, 501, "Answers within a day", GOAL_ACTIVE);
	goal(b, 602, 502, "Managers coach every week", GOAL_REVISED);
	goal(b, 603, 503, "A learning budget", GOAL_ACHIEVED);
	goal(b, 604, 504, "Show-and-tell monthly", GOAL_RETIRED);
	goal(b, 605, 0, "A searchable archive", GOAL_ACTIVE);
}

static int planned_twice(void **state)
{
	struct two *t = two_workshops(state);
	steps_of_a(t->a);
	steps_of_b(t->b);
	goals_of_a(t->a);
	goals_of_b(t->b);
	return 0;
}

static const struct step_change *step_named(const struct comparison *c, const char *text)
{
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct step *any = c->steps[i].after ? c->steps[i].after : c->steps[i].before;
		if (strcmp(any->text, text) == 0)
			return &c->steps[i];
	}
	fail_msg("no step \"%s\" in the comparison", text);
	return NULL;
}

static const struct goal_change *goal_from(const struct comparison *c, int64_t before,
					   int64_t after)
{
	for (size_t i = 0; i < c->ngoals; i++) {
		int64_t b = c->goals[i].before ? c->goals[i].before->id : 0;
		int64_t a = c->goals[i].after ? c->goals[i].after->id : 0;
		if (b == before && a == after)
			return &c->goals[i];
	}
	fail_msg("no goal %lld -> %lld in the comparison", (long long)before, (long long)after);
	return NULL;
}

static void assert_step(const struct comparison *c, const char *text, enum step_fate fate,
			int64_t before, int64_t after)
{
	const struct step_change *s = step_named(c, text);
	if (s->fate != fate)
		print_error("%s: %s, wanted %s\n", text, step_fate_name(s->fate),
			    step_fate_name(fate));
	assert_int_equal(s->fate, fate);
	assert_int_equal(s->before ? s->before->id : 0, before);
	assert_int_equal(s->after ? s->after->id : 0, after);
}

/* How many rows have each fate, and that they are all the rows. */
static void assert_fate_counts(const size_t *got, const size_t *want, size_t nfates,
			       size_t nrows)
{
	size_t sum = 0;
	for (size_t f = 0; f < nfates; f++) {
		assert_int_equal(got[f], want[f]);
		sum += want[f];
	}
	assert_int_equal(sum, nrows);
}

static void assert_step_counts(const struct comparison *c, size_t done, size_t dropped,
			       size_t carried, size_t added, size_t gone)
{
	const size_t want[STEP_FATE_COUNT] = {
		[FATE_DONE] = done, [FATE_DROPPED] = dropped, [FATE_CARRIED] = carried,
		[FATE_NEW] = added, [FATE_GONE] = gone,
	};
	assert_fate_counts(c->step_fates, want, STEP_FATE_COUNT, c->nsteps);
}

static void assert_goal_counts(const struct comparison *c, size_t added, size_t kept,
			       size_t achieved, size_t retired, size_t gone)
{
	const size_t want[GOAL_FATE_COUNT] = {
		[GOAL_FATE_ADDED] = added, [GOAL_FATE_KEPT] = kept,
		[GOAL_FATE_ACHIEVED] = achieved, [GOAL_FATE_RETIRED] = retired,
		[GOAL_FATE_GONE] = gone,
	};
	assert_fate_counts(c->goal_fates, want, GOAL_FATE_COUNT, c->ngoals);
}

static void compare_sessions__tells_the_fate_of_every_step(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	assert_int_equal(t->c.nsteps, 7);
	assert_step(&t->c, "Pilot show-and-tell", FATE_DONE, 301, 401);
	assert_step(&t->c, "Answers wiki", FATE_DROPPED, 302, 402);
	assert_step(&t->c, "Recognition for sharing", FATE_CARRIED, 303, 403);
	assert_step(&t->c, "Office hours", FATE_NEW, 0, 407);
	assert_step(&t->c, "Monthly retro", FATE_GONE, 306, 0);
	assert_step_counts(&t->c, 2, 2, 1, 1, 1);
}

static void compare_sessions__counts_a_step_done_or_dropped_last_time_as_such(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	assert_step(&t->c, "Coaching circles", FATE_DONE, 304, 0);
	assert_step(&t->c, "Conference budget", FATE_DROPPED, 305, 0);
}

static void compare_sessions__shows_how_ranks_moved(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	const struct step_change *s = step_named(&t->c, "Recognition for sharing");
	assert_int_equal(s->rank_before, 3);
	assert_int_equal(s->rank_after, 1);
	s = step_named(&t->c, "Pilot show-and-tell");
	assert_int_equal(s->rank_before, 1);
	assert_int_equal(s->rank_after, 0);
	s = step_named(&t->c, "Office hours");
	assert_int_equal(s->rank_before, 0);
	assert_int_equal(s->rank_after, 2);
	s = step_named(&t->c, "Monthly retro");
	assert_int_equal(s->rank_before, 0);
	assert_int_equal(s->rank_after, 0);
}

static void compare_sessions__tells_the_fate_of_every_goal(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	assert_int_equal(t->c.ngoals, 6);
	assert_int_equal(goal_from(&t->c, 501, 601)->fate, GOAL_FATE_KEPT);
	assert_int_equal(goal_from(&t->c, 502, 602)->fate, GOAL_FATE_KEPT);
	assert_int_equal(goal_from(&t->c, 503, 603)->fate, GOAL_FATE_ACHIEVED);
	assert_int_equal(goal_from(&t->c, 504, 604)->fate, GOAL_FATE_RETIRED);
	assert_int_equal(goal_from(&t->c, 0, 605)->fate, GOAL_FATE_ADDED);
	assert_int_equal(goal_from(&t->c, 506, 0)->fate, GOAL_FATE_GONE);
	assert_goal_counts(&t->c, 1, 2, 1, 1, 1);
}

static void compare_sessions__names_every_fate(void **state)
{
	(void)state;
	/* every fate, then "" for a value past them */
	static const char *const steps[STEP_FATE_COUNT + 1] = {
		[FATE_NEW] = "new", [FATE_DONE] = "done", [FATE_DROPPED] = "dropped",
		[FATE_CARRIED] = "carried", [FATE_GONE] = "not carried", [STEP_FATE_COUNT] = "",
	};
	static const char *const goals[GOAL_FATE_COUNT + 1] = {
		[GOAL_FATE_ADDED] = "added", [GOAL_FATE_KEPT] = "kept",
		[GOAL_FATE_ACHIEVED] = "achieved", [GOAL_FATE_RETIRED] = "retired",
		[GOAL_FATE_GONE] = "not carried", [GOAL_FATE_COUNT] = "",
	};
	for (int f = 0; f <= STEP_FATE_COUNT; f++)
		assert_string_equal(step_fate_name((enum step_fate)f), steps[f]);
	for (int f = 0; f <= GOAL_FATE_COUNT; f++)
		assert_string_equal(goal_fate_name((enum goal_fate)f), goals[f]);
}

/* ---- three iterations: A -> B -> C ---- */

struct three {
	struct session *a, *b, *c;
	struct comparison cmp;
};

/* Steps. A: pilot, wiki, retro (doing), coaching. B: pilot carried, wiki
 * done, retro dropped, coaching carried, office hours new. C: pilot done,
 * coaching first, office hours carried on, mentoring new.
 * Goals. A: answers, budget, sharing, mentoring. B: answers, budget
 * achieved, sharing, archive new, mentoring retired. C: answers retired,
 * budget still achieved, archive; sharing and mentoring were not carried.
 * Metric: answered 45 in A, 45 55 in B, 45 55 64 in C. Culture: 2 3 2 1 in
 * A, 3 3 3 3 in B, 4 4 3 5 in C. */
static void first_of_three(struct session *a)
{
	step(a, 1301, 0, "Pilot show-and-tell", STEP_PLANNED, 1);
	step(a, 1302, 0, "Answers wiki", STEP_PLANNED, 2);
	step(a, 1303, 0, "Monthly retro", STEP_DOING, 3);
	step(a, 1304, 0, "Coaching circles", STEP_PLANNED, 4);
	goal(a, 1501, 0, "Answers within a day", GOAL_ACTIVE);
	goal(a, 1502, 0, "A learning budget", GOAL_ACTIVE);
	goal(a, 1503, 0, "Share by default", GOAL_ACTIVE);
	goal(a, 1505, 0, "Mentoring for all", GOAL_ACTIVE);
	metric(a, 1101, 0, &answered, (const double[]){45}, 1);
	rate(a, CULTURE, (const int[]){2, 3, 2, 1});
}

static void second_of_three(struct session *b)
{
	step(b, 2301, 1301, "Pilot show-and-tell", STEP_CARRIED, 2);
	step(b, 2302, 1302, "Answers wiki", STEP_DONE, 0);
	step(b, 2303, 1303, "Monthly retro", STEP_DROPPED, 0);
	step(b, 2304, 1304, "Coaching circles", STEP_PLANNED, 1);
	step(b, 2305, 0, "Office hours", STEP_PLANNED, 3);
	goal(b, 2501, 1501, "Answers within a day", GOAL_ACTIVE);
	goal(b, 2502, 1502, "A learning budget", GOAL_ACHIEVED);
	goal(b, 2503, 1503, "Share by default", GOAL_ACTIVE);
	goal(b, 2504, 0, "A searchable archive", GOAL_ACTIVE);
	goal(b, 2505, 1505, "Mentoring for all", GOAL_RETIRED);
	metric(b, 2101, 1101, &answered, (const double[]){45, 55}, 2);
	rate(b, CULTURE, (const int[]){3, 3, 3, 3});
}

static void third_of_three(struct session *c)
{
	step(c, 3301, 2301, "Pilot show-and-tell", STEP_DONE, 0);
	step(c, 3304, 2304, "Coaching circles", STEP_PLANNED, 1);
	step(c, 3305, 2305, "Office hours", STEP_CARRIED, 2);
	step(c, 3306, 0, "Mentoring", STEP_PLANNED, 3);
	goal(c, 3501, 2501, "Answers within a day", GOAL_RETIRED);
	goal(c, 3502, 2502, "A learning budget", GOAL_ACHIEVED);
	goal(c, 3504, 2504, "A searchable archive", GOAL_ACTIVE);
	metric(c, 3101, 2101, &answered, (const double[]){45, 55, 64}, 3);
	rate(c, CULTURE, (const int[]){4, 4, 3, 5});
}

static int three_iterations(void **state)
{
	struct three *t = xcalloc(1, sizeof *t);
	t->a = workshop(1, 0, 1, A_CREATED);
	t->b = workshop(2, 1, 2, B_CREATED);
	t->c = workshop(3, 2, 3, C_CREATED);
	first_of_three(t->a);
	second_of_three(t->b);
	third_of_three(t->c);
	*state = t;
	return 0;
}

static int free_three(void **state)
{
	struct three *t = *state;
	comparison_free(&t->cmp);
	session_free(t->a);
	session_free(t->b);
	session_free(t->c);
	free(t);
	return 0;
}

static void compare_across(struct three *t)
{
	const struct session *const between[] = {t->b};
	const struct lineage lin = {between, 1};
	compare(t->a, t->c, &lin, &t->cmp);
}

static void compare_sessions__over_three_iterations_matches_steps_through_the_middle(
	void **state)
{
	struct three *t = *state;
	compare_across(t);
	assert_ptr_equal(t->cmp.before, t->a);
	assert_ptr_equal(t->cmp.after, t->c);
	assert_int_equal(t->cmp.nsteps, 6);
	assert_step(&t->cmp, "Pilot show-and-tell", FATE_DONE, 1301, 3301);
	assert_step(&t->cmp, "Coaching circles", FATE_CARRIED, 1304, 3304);
	/* New since A, although B already had it. */
	assert_step(&t->cmp, "Office hours", FATE_NEW, 0, 3305);
	assert_step(&t->cmp, "Mentoring", FATE_NEW, 0, 3306);
	const struct step_change *s = step_named(&t->cmp, "Coaching circles");
	assert_int_equal(s->rank_before, 4);
	assert_int_equal(s->rank_after, 1);
}

static void compare_sessions__over_three_iterations_counts_steps_done_or_dropped_between(
	void **state)
{
	struct three *t = *state;
	compare_across(t);
	/* Done in B and so not carried into C: done, not "not carried". */
	assert_step(&t->cmp, "Answers wiki", FATE_DONE, 1302, 0);
	assert_step(&t->cmp, "Monthly retro", FATE_DROPPED, 1303, 0);
	assert_step_counts(&t->cmp, 2, 1, 1, 2, 0);
}

static void compare_sessions__over_three_iterations_matches_goals_and_metrics_too(
	void **state)
{
	struct three *t = *state;
	compare_across(t);
	assert_int_equal(t->cmp.ngoals, 5);
	assert_int_equal(goal_from(&t->cmp, 1501, 3501)->fate, GOAL_FATE_RETIRED);
	assert_int_equal(goal_from(&t->cmp, 1502, 3502)->fate, GOAL_FATE_ACHIEVED);
	assert_int_equal(goal_from(&t->cmp, 0, 3504)->fate, GOAL_FATE_ADDED);
	assert_int_equal(goal_from(&t->cmp, 1503, 0)->fate, GOAL_FATE_GONE);
	/* Retired in B, and so left behind: retired. */
	assert_int_equal(goal_from(&t->cmp, 1505, 0)->fate, GOAL_FATE_RETIRED);
	assert_int_equal(t->cmp.nmetrics, 1);
	const struct metric_change *m = &t->cmp.metrics[0];
	assert_ptr_equal(m->before, &t->a->metrics[0]);
	assert_ptr_equal(m->after, &t->c->metrics[0]);
	NEAR(1.0 / 6.0, m->progress_before);    /* (45 - 40) / 30 */
	NEAR(0.8, m->progress_after);           /* (64 - 40) / 30 */
	const struct dimension_change *d = &t->cmp.dims[CULTURE];
	NEAR(2.0, d->before.mean);
	NEAR(4.0, d->after.mean);
	NEAR(2.0, d->delta);
}

static void compare_sessions__over_three_iterations_needs_the_lineage_to_match(
	void **state)
{
	struct three *t = *state;
	compare(t->a, t->c, NULL, &t->cmp);
	for (size_t i = 0; i < t->cmp.nsteps; i++)
		assert_true(t->cmp.steps[i].before == NULL || t->cmp.steps[i].after == NULL);
	assert_int_equal(t->cmp.step_fates[FATE_NEW], 4);
	for (size_t i = 0; i < t->cmp.ngoals; i++)
		assert_true(t->cmp.goals[i].before == NULL || t->cmp.goals[i].after == NULL);
	assert_int_equal(t->cmp.nmetrics, 2);
}

/* ---- refusals ---- */

static void compare_sessions__refuses_to_compare_a_session_with_itself(void **state)
{
	struct two *t = *state;
	struct error err = {0};
	assert_int_equal(compare_sessions(t->a, t->a, NULL, today(), &t->c, &err), ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	assert_true(strlen(err.msg) > 0);
	assert_null(t->c.dims);
	assert_int_equal(t->c.ndims, 0);
	assert_null(t->c.steps);
}

static void compare_sessions__refuses_two_loaded_copies_of_the_same_session(void **state)
{
	struct two *t = *state;
	struct session *again = workshop(t->a->id, 0, 1, A_CREATED);
	rate_a(again);
	struct error err = {0};
	assert_int_equal(compare_sessions(t->a, again, NULL, today(), &t->c, &err), ERR_USAGE);
	assert_int_equal(t->c.ndims, 0);
	session_free(again);
}

static void comparison_free__leaves_an_empty_comparison_and_takes_null(void **state)
{
	struct two *t = *state;
	compare(t->a, t->b, NULL, &t->c);
	comparison_free(&t->c);
	assert_null(t->c.dims);
	assert_int_equal(t->c.ndims, 0);
	comparison_free(&t->c);
	comparison_free(NULL);
}

int main(void)
{
#define RATED(name) cmocka_unit_test_setup_teardown(name, rated_twice, free_two)
#define MEASURED(name) cmocka_unit_test_setup_teardown(name, measured_twice, free_two)
#define PLANNED(name) cmocka_unit_test_setup_teardown(name, planned_twice, free_two)
#define THREE(name) cmocka_unit_test_setup_teardown(name, three_iterations, free_three)
	const struct CMUnitTest tests[] = {
		RATED(compare_sessions__gives_each_dimensions_mean_then_and_now_and_the_change),
		RATED(compare_sessions__shows_the_spread_then_and_now),
		RATED(compare_sessions__has_no_change_for_a_dimension_rated_only_once),
		RATED(compare_sessions__takes_a_group_score_as_the_rooms_one_rating),
		MEASURED(compare_sessions__matches_metrics_by_lineage_not_by_position),
		MEASURED(compare_sessions__gives_progress_before_and_after_for_higher_is_better),
		MEASURED(compare_sessions__gives_progress_before_and_after_for_lower_is_better),
		MEASURED(compare_sessions__lists_a_new_metric_and_one_not_carried),
		PLANNED(compare_sessions__tells_the_fate_of_every_step),
		PLANNED(compare_sessions__counts_a_step_done_or_dropped_last_time_as_such),
		PLANNED(compare_sessions__shows_how_ranks_moved),
		PLANNED(compare_sessions__tells_the_fate_of_every_goal),
		cmocka_unit_test(compare_sessions__names_every_fate),
		THREE(compare_sessions__over_three_iterations_matches_steps_through_the_middle),
		THREE(compare_sessions__over_three_iterations_counts_steps_done_or_dropped_between),
		THREE(compare_sessions__over_three_iterations_matches_goals_and_metrics_too),
		THREE(compare_sessions__over_three_iterations_needs_the_lineage_to_match),
		RATED(compare_sessions__refuses_to_compare_a_session_with_itself),
		RATED(compare_sessions__refuses_two_loaded_copies_of_the_same_session),
		RATED(comparison_free__leaves_an_empty_comparison_and_takes_null),
	};
#undef RATED
#undef MEASURED
#undef PLANNED
#undef THREE
	return cmocka_run_group_tests(tests, NULL, NULL);
}
