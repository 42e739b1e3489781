/* Tests for model/checkin: a check-in is the next iteration of a workshop.
 * It copies the people, dimensions, values, goals, metrics, the steps
 * still to do and the parking lot, each copied row naming the row it came
 * from; it starts with nothing rated and no ballots, opens on the review
 * of last time, and leaves the earlier session exactly as it was, in
 * memory and in the database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/checkin.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/export.h"
#include "sessions/store.h"
#include "tests/support.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum { CULTURE, TOOLS, PRACTICE };      /* the template's dimensions, in order */
enum { ANA, BO, CY };                   /* the participants, in order */
/* The parent's goals and steps, in the order added. */
enum { G_ANSWERS, G_COACHING, G_BUDGET, G_SHOW_AND_TELL };
enum { S_PILOT, S_WIKI, S_RECOGNITION, S_CIRCLES, S_RETRO, S_OFFICE_HOURS };

/* Ids the parent carries in memory, as if it had been stored. */
#define SESSION_ID 9
#define SERIES_ID 5
#define GRANDPARENT_ID 3
#define PARTICIPANT_ID 11
#define VALUE_ID 21
#define GOAL_ID 31
#define METRIC_ID 41
#define MEASUREMENT_ID 401
#define STEP_ID 51
#define PARKED_ID 61
#define DIMENSION_ID 71
#define NOTE_ID 81

#define CREATED_AT ((time_t)1775000000)          /* 2026-03-31 */
#define CLOSED_AT ((time_t)1775010000)
#define CHECKED_IN_AT ((time_t)1782900000)       /* three months on */

/* ---- a workshop in memory ---- */

static void build_template(struct template *tpl)
{
	static const char *const keys[] = {
		[CULTURE] = "culture", [TOOLS] = "tools", [PRACTICE] = "practice"
	};
	static const char *const names[] = {[CULTURE] = "Culture: sharing and trust",
					    [TOOLS] = "Tools that find answers",
					    [PRACTICE] = "Learning in the work"};
	support_build_template(tpl, &(const struct support_template){
		.key = "checkin-test", .name = "A template for the check-in tests",
		.keys = keys, .names = names, .ndims = NELEMS(keys), .labelled = true,
	});
}

static struct session *new_session(void)
{
	static const char *const people[] = {"Ana", "Bo", "Cy"};
	const struct session_setup setup = {
		.title = "Q2: how Sales learns", .organization = "Acme", .unit = "Sales",
		.facilitator = "Dee", .level = LEVEL_UNIT, .participants = people,
		.nparticipants = NELEMS(people),
	};
	return support_session_from(&setup, build_template);
}

/* Culture: 2, 3 and 4 (mean 3). Tools: Ana gave 1, but the room settled on
 * a group score of 4. Practice: nobody rated it. */
static void rate_and_note(struct session *s)
{
	struct error err = {0};
	support_expect_ok(session_rate(s, CULTURE, ANA, 2, &err), &err);
	support_expect_ok(session_rate(s, CULTURE, BO, 3, &err), &err);
	support_expect_ok(session_rate(s, CULTURE, CY, 4, &err), &err);
	support_expect_ok(session_rate(s, TOOLS, ANA, 1, &err), &err);
	support_expect_ok(session_set_group_score(s, TOOLS, 4, &err), &err);
	support_expect_ok(session_add_note(s, CULTURE, NOTE_STRENGTH, "people ask in the open",
					   &err), &err);
	support_expect_ok(session_add_note(s, CULTURE, NOTE_GAP, "answers get lost in chat", &err),
			  &err);
	support_expect_ok(session_add_note(s, TOOLS, NOTE_GAP, "search finds nothing", &err), &err);
	/* Last time's means, which a check-in must not pass on a second time. */
	for (size_t d = 0; d < s->ndims; d++)
		s->dims[d].previous_mean = 2.5;
}

static void add_values_and_goals(struct session *s)
{
	struct error err = {0};
	support_expect_ok(session_add_value(s, "share by default", &err), &err);
	support_expect_ok(session_add_value(s, "fail small, learn fast", &err), &err);
	support_expect_ok(session_add_goal(s, "Anyone finds an answer within a day", "tools", &err),
			  &err);
	support_expect_ok(session_add_goal(s, "Managers coach every week", NULL, &err), &err);
	support_expect_ok(session_add_goal(s, "A budget for learning", NULL, &err), &err);
	support_expect_ok(session_add_goal(s, "Show-and-tell every month", "culture", &err), &err);
	support_expect_ok(session_set_goal_status(s, G_COACHING, GOAL_REVISED, &err), &err);
	support_expect_ok(session_set_goal_status(s, G_BUDGET, GOAL_ACHIEVED, &err), &err);
	support_expect_ok(session_set_goal_status(s, G_SHOW_AND_TELL, GOAL_RETIRED, &err), &err);
	for (size_t i = 0; i < s->nvalues; i++)
		s->values[i].id = VALUE_ID + (int64_t)i;
	for (size_t i = 0; i < s->ngoals; i++)
		s->goals[i].id = GOAL_ID + (int64_t)i;
}

static void add_metric(struct session *s, int64_t goal, const char *name, const char *unit,
		       enum direction dir, double baseline, long baseline_date, double target,
		       long target_date)
{
	struct error err = {0};
	const struct metric fields = {
		.goal_id = goal, .name = (char *)name, .unit = (char *)unit, .direction = dir,
		.baseline = baseline, .baseline_date = baseline_date, .target = target,
		.target_date = target_date,
	};
	support_expect_ok(session_add_metric(s, &fields, &err), &err);
}

static void add_metrics(struct session *s)
{
	struct error err = {0};
	add_metric(s, GOAL_ID + G_ANSWERS, "Questions answered within a day", "%", DIRECTION_UP,
		   40, date_from_civil(2026, 1, 15), 70, date_from_civil(2026, 12, 31));
	add_metric(s, 0, "Days to a first answer", NULL, DIRECTION_DOWN, 10, NO_DATE, 2, NO_DATE);
	support_expect_ok(session_add_measurement(s, 0, 45, date_from_civil(2026, 2, 1), &err),
			  &err);
	support_expect_ok(session_add_measurement(s, 0, 55, date_from_civil(2026, 3, 1), &err),
			  &err);
	support_expect_ok(session_add_measurement(s, 1, 8, date_from_civil(2026, 3, 1), &err),
			  &err);
	int64_t mid = MEASUREMENT_ID;
	for (size_t i = 0; i < s->nmetrics; i++) {
		s->metrics[i].id = METRIC_ID + (int64_t)i;
		for (size_t k = 0; k < s->metrics[i].nmeasurements; k++)
			s->metrics[i].measurements[k].id = mid++;
	}
}

static void add_step(struct session *s, const char *text, enum horizon h, const char *owner,
		     int64_t goal, int impact, int effort)
{
	struct error err = {0};
	const struct step fields = {
		.text = (char *)text, .horizon = h, .status = STEP_PLANNED, .owner = (char *)owner,
		.goal_id = goal, .impact = impact, .effort = effort, .points = POINTS_NONE,
	};
	support_expect_ok(session_add_step(s, &fields, &err), &err);
}

/* Six steps voted on with a dots tally (7, 5, 5, 1, 3, 0 dots: ranks 1, 2,
 * 2, 5, 4, 6); then one was done, one dropped, one is under way and one was
 * carried on from before. */
static void add_steps_and_vote(struct session *s)
{
	static const long dots[] = {7, 5, 5, 1, 3, 0};
	struct error err = {0};
	add_step(s, "Pilot show-and-tell in Sales", HORIZON_SHORT, "Ana", GOAL_ID + G_ANSWERS, 4,
		 2);
	add_step(s, "Build a searchable answers wiki", HORIZON_MEDIUM, NULL, 0, 5, 4);
	add_step(s, "Tie recognition to sharing", HORIZON_LONG, "Bo", GOAL_ID + G_COACHING,
		 SCORE_NONE, SCORE_NONE);
	add_step(s, "Coaching circles", HORIZON_SHORT, "Cy", GOAL_ID + G_COACHING, 2, 1);
	add_step(s, "A monthly retro on how we learn", HORIZON_MEDIUM, NULL, 0, 3, SCORE_NONE);
	add_step(s, "Office hours with the experts", HORIZON_LONG, "Cy", GOAL_ID + G_BUDGET, 3, 3);
	for (size_t i = 0; i < s->nsteps; i++)
		s->steps[i].id = STEP_ID + (int64_t)i;
	support_expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_TALLY, -1, &err), &err);
	assert_int_equal(s->ballots[0].ncandidates, NELEMS(dots));
	for (size_t c = 0; c < NELEMS(dots); c++)
		support_expect_ok(ballot_set_tally(&s->ballots[0], c, dots[c], &err), &err);
	support_expect_ok(ballot_set_tally_voters(&s->ballots[0], 3, &err), &err);
	support_expect_ok(session_reveal_ballot(s, 0, &err), &err);
	support_expect_ok(session_set_step_status(s, S_WIKI, STEP_DOING, &err), &err);
	support_expect_ok(session_set_step_status(s, S_RECOGNITION, STEP_DONE, &err), &err);
	support_expect_ok(session_set_step_status(s, S_CIRCLES, STEP_DROPPED, &err), &err);
	support_expect_ok(session_set_step_status(s, S_RETRO, STEP_CARRIED, &err), &err);
}

/* A workshop with something in every list, its rows labelled with ids
 * that the store replaces when it is created, and closed. */
static struct session *workshop(void)
{
	struct error err = {0};
	struct session *s = new_session();
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = PARTICIPANT_ID + (int64_t)p;
	rate_and_note(s);
	add_values_and_goals(s);
	add_metrics(s);
	add_steps_and_vote(s);
	support_expect_ok(session_park(s, "The canteen's coffee", &err), &err);
	support_expect_ok(session_park(s, "Hybrid meetings — another day", &err), &err);
	for (size_t i = 0; i < s->nparking; i++)
		s->parking[i].id = PARKED_ID + (int64_t)i;
	support_expect_ok(session_set_stage(s, STAGE_REVIEW, &err), &err);
	s->timers[STAGE_STEPS].left_seconds = 1234;
	s->timers[STAGE_REVIEW].running_since = CLOSED_AT - 60;
	s->created_at = CREATED_AT;
	support_expect_ok(session_close(s, CLOSED_AT, &err), &err);
	return s;
}

/* The same workshop as the store would hand it back: itself the second of
 * its series, every row and dimension with its id. */
static struct session *stored_workshop(void)
{
	struct session *s = workshop();
	s->id = SESSION_ID;
	s->series_id = SERIES_ID;
	s->parent_id = GRANDPARENT_ID;
	s->iteration = 2;
	for (size_t d = 0; d < s->ndims; d++) {
		s->dims[d].id = DIMENSION_ID + (int64_t)d;
		for (size_t n = 0; n < s->dims[d].nnotes; n++)
			s->dims[d].notes[n].id = NOTE_ID + (int64_t)(d * 10 + n);
	}
	s->ballots[0].id = 1;
	return s;
}

/* ---- every field of a session, pointers included, as text ---- */

static void dump_text(struct sbuf *b, const char *what, const char *text)
{
	sbuf_addf(b, " %s=%p:%s", what, (const void *)text, text ? text : "(null)");
}

static void dump_header(struct sbuf *b, const struct session *s)
{
	sbuf_addf(b, "session %lld series %lld parent %lld iteration %d",
		  (long long)s->id, (long long)s->series_id, (long long)s->parent_id,
		  s->iteration);
	dump_text(b, "title", s->title);
	dump_text(b, "organization", s->organization);
	dump_text(b, "unit", s->unit);
	dump_text(b, "facilitator", s->facilitator);
	dump_text(b, "template", s->template_key);
	sbuf_addf(b, " level %d stage %d status %d created %lld closed %lld\n", (int)s->level,
		  (int)s->stage, (int)s->status, (long long)s->created_at,
		  (long long)s->closed_at);
	sbuf_addf(b, "labels %p %zu", (const void *)s->scale_labels, s->nscale_labels);
	for (size_t i = 0; i < s->nscale_labels; i++)
		dump_text(b, "label", s->scale_labels[i]);
	sbuf_addc(b, '\n');
	for (int st = 0; st < STAGE_COUNT; st++)
		sbuf_addf(b, "timer %d box %d left %d since %lld\n", st, s->timers[st].box_seconds,
			  s->timers[st].left_seconds, (long long)s->timers[st].running_since);
}

static void dump_participants(struct sbuf *b, const struct session *s)
{
	sbuf_addf(b, "participants %p %zu/%zu\n", (const void *)s->participants, s->nparticipants,
		  s->participants_cap);
	for (size_t i = 0; i < s->nparticipants; i++) {
		sbuf_addf(b, "  %lld from %lld", (long long)s->participants[i].id,
			  (long long)s->participants[i].origin_id);
		dump_text(b, "name", s->participants[i].name);
		sbuf_addc(b, '\n');
	}
}

static void dump_dimension(struct sbuf *b, const struct session *s, const struct dimension *d)
{
	sbuf_addf(b, "  %lld", (long long)d->id);
	dump_text(b, "key", d->key);
	dump_text(b, "name", d->name);
	dump_text(b, "question", d->question);
	dump_text(b, "low", d->low);
	dump_text(b, "high", d->high);
	sbuf_addf(b, " scale %d-%d group %d previous %a scores %p", d->scale_min, d->scale_max,
		  d->group_score, d->previous_mean, (const void *)d->scores);
	for (size_t p = 0; p < s->nparticipants; p++)
		sbuf_addf(b, " %d", d->scores[p]);
	sbuf_addf(b, " notes %p %zu/%zu\n", (const void *)d->notes, d->nnotes, d->notes_cap);
	for (size_t n = 0; n < d->nnotes; n++) {
		sbuf_addf(b, "    note %lld kind %d", (long long)d->notes[n].id,
			  (int)d->notes[n].kind);
		dump_text(b, "text", d->notes[n].text);
		sbuf_addc(b, '\n');
	}
}

static void dump_values_and_goals(struct sbuf *b, const struct session *s)
{
	sbuf_addf(b, "values %p %zu/%zu\n", (const void *)s->values, s->nvalues, s->values_cap);
	for (size_t i = 0; i < s->nvalues; i++) {
		sbuf_addf(b, "  %lld from %lld", (long long)s->values[i].id,
			  (long long)s->values[i].origin_id);
		dump_text(b, "text", s->values[i].text);
		sbuf_addc(b, '\n');
	}
	sbuf_addf(b, "goals %p %zu/%zu\n", (const void *)s->goals, s->ngoals, s->goals_cap);
	for (size_t i = 0; i < s->ngoals; i++) {
		const struct goal *g = &s->goals[i];
		sbuf_addf(b, "  %lld from %lld status %d", (long long)g->id,
			  (long long)g->origin_id, (int)g->status);
		dump_text(b, "text", g->text);
		dump_text(b, "dimension", g->dimension);
		sbuf_addc(b, '\n');
	}
}

static void dump_metrics(struct sbuf *b, const struct session *s)
{
	sbuf_addf(b, "metrics %p %zu/%zu\n", (const void *)s->metrics, s->nmetrics,
		  s->metrics_cap);
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric *m = &s->metrics[i];
		sbuf_addf(b, "  %lld from %lld goal %lld", (long long)m->id,
			  (long long)m->origin_id, (long long)m->goal_id);
		dump_text(b, "name", m->name);
		dump_text(b, "unit", m->unit);
		sbuf_addf(b, " dir %d %a (%ld) -> %a (%ld) measured %p %zu/%zu", (int)m->direction,
			  m->baseline, m->baseline_date, m->target, m->target_date,
			  (const void *)m->measurements, m->nmeasurements, m->measurements_cap);
		for (size_t k = 0; k < m->nmeasurements; k++)
			sbuf_addf(b, " %lld:%a@%ld", (long long)m->measurements[k].id,
				  m->measurements[k].value, m->measurements[k].taken_on);
		sbuf_addc(b, '\n');
	}
}

static void dump_steps_and_parking(struct sbuf *b, const struct session *s)
{
	sbuf_addf(b, "steps %p %zu/%zu\n", (const void *)s->steps, s->nsteps, s->steps_cap);
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];
		sbuf_addf(b, "  %lld from %lld horizon %d status %d goal %lld impact %d effort %d"
			  " points %ld rank %d", (long long)st->id, (long long)st->origin_id,
			  (int)st->horizon, (int)st->status, (long long)st->goal_id, st->impact,
			  st->effort, st->points, st->rank);
		dump_text(b, "text", st->text);
		dump_text(b, "owner", st->owner);
		sbuf_addc(b, '\n');
	}
	sbuf_addf(b, "parking %p %zu/%zu\n", (const void *)s->parking, s->nparking,
		  s->parking_cap);
	for (size_t i = 0; i < s->nparking; i++) {
		sbuf_addf(b, "  %lld", (long long)s->parking[i].id);
		dump_text(b, "text", s->parking[i].text);
		sbuf_addc(b, '\n');
	}
}

static void dump_longs(struct sbuf *b, const char *what, const long *v, size_t n)
{
	sbuf_addf(b, " %s %p", what, (const void *)v);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(b, " %ld", v[i]);
}

static void dump_ids(struct sbuf *b, const char *what, const int64_t *v, size_t n)
{
	sbuf_addf(b, " %s %p", what, (const void *)v);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(b, " %lld", (long long)v[i]);
}

static void dump_ballots(struct sbuf *b, const struct session *s)
{
	sbuf_addf(b, "ballots %p %zu/%zu\n", (const void *)s->ballots, s->nballots,
		  s->ballots_cap);
	for (size_t i = 0; i < s->nballots; i++) {
		const struct ballot *x = &s->ballots[i];
		size_t n = x->ncandidates;
		sbuf_addf(b, "  %lld method %d entry %d status %d anonymous %d budget %d cap %d"
			  " scores %d-%d tally voters %ld", (long long)x->id, (int)x->method,
			  (int)x->entry, (int)x->status, (int)x->anonymous, x->budget, x->cap,
			  x->score_min, x->score_max, x->tally_voters);
		dump_ids(b, "candidates", x->candidates, n);
		dump_longs(b, "points", x->points, n);
		dump_longs(b, "pairwise", x->pairwise, n * n);
		dump_longs(b, "impact", x->impact_sum, n);
		dump_longs(b, "effort", x->effort_sum, n);
		dump_longs(b, "scored", x->score_count, n);
		dump_ids(b, "voters", x->voters, x->nvoters);
		sbuf_addf(b, " /%zu\n", x->voters_cap);
	}
}

/* Every field, every pointer and every capacity: a session that dumps the
 * same was neither changed nor reallocated. */
static char *dump(const struct session *s)
{
	struct sbuf b = SBUF_INIT;
	dump_header(&b, s);
	dump_participants(&b, s);
	sbuf_addf(&b, "dimensions %p %zu/%zu\n", (const void *)s->dims, s->ndims, s->dims_cap);
	for (size_t d = 0; d < s->ndims; d++)
		dump_dimension(&b, s, &s->dims[d]);
	dump_values_and_goals(&b, s);
	dump_metrics(&b, s);
	dump_steps_and_parking(&b, s);
	dump_ballots(&b, s);
	return sbuf_take(&b);
}

/* ---- a check-in in memory ---- */

struct pair {
	struct session *parent, *child;
};

static int check_in(void **state)
{
	struct pair *p = xcalloc(1, sizeof *p);
	p->parent = stored_workshop();
	p->child = checkin_create(p->parent, CHECKED_IN_AT);
	*state = p;
	return 0;
}

static int free_pair(void **state)
{
	struct pair *p = *state;
	session_free(p->child);
	session_free(p->parent);
	free(p);
	return 0;
}

static void assert_copied_text(const char *want, const char *got)
{
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_ptr_not_equal(got, want);
}

static void checkin_create__continues_the_series_as_the_next_iteration_of_the_parent(
	void **state)
{
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->id, 0);
	assert_int_equal(c->parent_id, SESSION_ID);
	assert_int_equal(c->series_id, SERIES_ID);
	assert_int_equal(c->iteration, 3);
	assert_copied_text(p->parent->title, c->title);
	assert_copied_text(p->parent->organization, c->organization);
	assert_copied_text(p->parent->unit, c->unit);
	assert_copied_text(p->parent->facilitator, c->facilitator);
	assert_copied_text(p->parent->template_key, c->template_key);
	assert_int_equal(c->level, LEVEL_UNIT);
	assert_int_equal(c->nscale_labels, 5);
	for (size_t i = 0; i < c->nscale_labels; i++)
		assert_copied_text(p->parent->scale_labels[i], c->scale_labels[i]);
}

static void checkin_create__is_open_new_and_opens_on_the_review_of_last_time(void **state)
{
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->stage, STAGE_SETUP);
	assert_int_equal(c->status, SESSION_OPEN);
	assert_false(session_is_closed(c));
	assert_int_equal(c->created_at, CHECKED_IN_AT);
	assert_int_equal(c->closed_at, 0);
	/* Full timeboxes, no clock running: last time's leftovers stay behind. */
	for (int st = 0; st < STAGE_COUNT; st++) {
		assert_int_equal(c->timers[st].box_seconds, p->parent->timers[st].box_seconds);
		assert_int_equal(c->timers[st].left_seconds, c->timers[st].box_seconds);
		assert_int_equal(c->timers[st].running_since, 0);
	}
	assert_int_equal(c->timers[STAGE_STEPS].left_seconds, 30 * 60);
}

static void checkin_create__copies_the_participants_each_naming_the_row_it_came_from(
	void **state)
{
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->nparticipants, 3);
	for (size_t i = 0; i < c->nparticipants; i++) {
		assert_copied_text(p->parent->participants[i].name, c->participants[i].name);
		assert_int_equal(c->participants[i].origin_id, PARTICIPANT_ID + (int64_t)i);
	}
}

static void checkin_create__copies_values_and_goals_with_their_origin_and_each_goals_status(
	void **state)
{
	static const enum goal_status status[] = {GOAL_ACTIVE, GOAL_REVISED, GOAL_ACHIEVED,
						  GOAL_RETIRED};
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->nvalues, 2);
	for (size_t i = 0; i < c->nvalues; i++) {
		assert_copied_text(p->parent->values[i].text, c->values[i].text);
		assert_int_equal(c->values[i].origin_id, VALUE_ID + (int64_t)i);
	}
	assert_int_equal(c->ngoals, NELEMS(status));
	for (size_t i = 0; i < c->ngoals; i++) {
		assert_copied_text(p->parent->goals[i].text, c->goals[i].text);
		assert_copied_text(p->parent->goals[i].dimension, c->goals[i].dimension);
		assert_int_equal(c->goals[i].origin_id, GOAL_ID + (int64_t)i);
		assert_int_equal(c->goals[i].status, status[i]);
	}
}

static void checkin_create__copies_metrics_with_their_measurements_which_have_no_ids_yet(
	void **state)
{
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->nmetrics, 2);
	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct metric *want = &p->parent->metrics[i], *got = &c->metrics[i];
		assert_int_equal(got->origin_id, METRIC_ID + (int64_t)i);
		assert_copied_text(want->name, got->name);
		assert_copied_text(want->unit, got->unit);
		assert_int_equal(got->direction, want->direction);
		assert_true(got->baseline == want->baseline);
		assert_true(got->target == want->target);
		/* A baseline without a date is dated from the first workshop, so that
		 * progress is judged over the whole time, not from each check-in. */
		if (want->baseline_date == NO_DATE)
			assert_int_equal(got->baseline_date,
					 (long)(p->parent->created_at / DATE_SECONDS_PER_DAY));
		else
			assert_int_equal(got->baseline_date, want->baseline_date);
		assert_int_equal(got->target_date, want->target_date);
		assert_int_equal(got->nmeasurements, want->nmeasurements);
		assert_ptr_not_equal(got->measurements, want->measurements);
		for (size_t k = 0; k < got->nmeasurements; k++) {
			assert_int_equal(got->measurements[k].id, 0);
			assert_true(got->measurements[k].value == want->measurements[k].value);
			assert_int_equal(got->measurements[k].taken_on,
					 want->measurements[k].taken_on);
		}
	}
	/* Still tied to the first goal, whose copy the store re-ties it to. */
	assert_int_equal(c->metrics[0].goal_id, c->goals[G_ANSWERS].id);
	assert_int_equal(c->metrics[1].goal_id, 0);
	assert_true(metric_current(&c->metrics[0]) == 55);
	assert_true(metric_current(&c->metrics[1]) == 8);
}

static void checkin_create__carries_the_steps_still_to_do_without_their_points_or_rank(
	void **state)
{
	static const size_t carried[] = {S_PILOT, S_WIKI, S_RETRO, S_OFFICE_HOURS};
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->nsteps, NELEMS(carried));
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct step *want = &p->parent->steps[carried[i]], *got = &c->steps[i];
		assert_int_equal(got->origin_id, STEP_ID + (int64_t)carried[i]);
		assert_copied_text(want->text, got->text);
		assert_copied_text(want->owner, got->owner);
		assert_int_equal(got->horizon, want->horizon);
		assert_int_equal(got->status, want->status);
		assert_int_equal(got->goal_id, want->goal_id);
		assert_int_equal(got->impact, want->impact);
		assert_int_equal(got->effort, want->effort);
		assert_true(got->points == POINTS_NONE);
		assert_int_equal(got->rank, 0);
	}
	/* The parent's votes were real: the copies cleared something. */
	assert_int_equal(p->parent->steps[S_PILOT].points, 7);
	assert_int_equal(p->parent->steps[S_PILOT].rank, 1);
	assert_int_equal(p->parent->steps[S_RETRO].rank, 4);
}

static void checkin_create__leaves_behind_the_steps_done_or_dropped_last_time(void **state)
{
	const struct pair *p = *state;
	const struct session *c = p->child;
	for (size_t i = 0; i < c->nsteps; i++) {
		assert_int_not_equal(c->steps[i].origin_id, STEP_ID + S_RECOGNITION);
		assert_int_not_equal(c->steps[i].origin_id, STEP_ID + S_CIRCLES);
		assert_int_not_equal(c->steps[i].status, STEP_DONE);
		assert_int_not_equal(c->steps[i].status, STEP_DROPPED);
	}
}

static void checkin_create__copies_the_parking_lot(void **state)
{
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->nparking, 2);
	for (size_t i = 0; i < c->nparking; i++)
		assert_copied_text(p->parent->parking[i].text, c->parking[i].text);
}

static void checkin_create__copies_the_dimensions_unrated_with_last_times_mean_beside_them(
	void **state)
{
	const struct pair *p = *state;
	const struct session *c = p->child;
	assert_int_equal(c->ndims, 3);
	for (size_t d = 0; d < c->ndims; d++) {
		const struct dimension *want = &p->parent->dims[d], *got = &c->dims[d];
		assert_int_equal(got->id, 0);
		assert_copied_text(want->key, got->key);
		assert_copied_text(want->name, got->name);
		assert_copied_text(want->question, got->question);
		assert_copied_text(want->low, got->low);
		assert_copied_text(want->high, got->high);
		assert_int_equal(got->scale_min, 1);
		assert_int_equal(got->scale_max, 5);
		assert_int_equal(got->group_score, RATING_NONE);
		assert_int_equal(got->nnotes, 0);
		for (size_t i = 0; i < c->nparticipants; i++)
			assert_int_equal(got->scores[i], RATING_NONE);
		struct rating_stats st;
		session_dimension_stats(c, d, &st);
		assert_int_equal(st.count, 0);
	}
	/* Culture: (2 + 3 + 4) / 3. Tools: the group score, not Ana's 1.
	 * Practice: nobody rated it, so there is no last time. Never the
	 * parent's own previous_mean (2.5). */
	assert_true(c->dims[CULTURE].previous_mean == 3.0);
	assert_true(c->dims[TOOLS].previous_mean == 4.0);
	assert_true(isnan(c->dims[PRACTICE].previous_mean));
}

static void checkin_create__starts_without_ballots(void **state)
{
	const struct pair *p = *state;
	assert_int_equal(p->parent->nballots, 1);
	assert_int_equal(p->child->nballots, 0);
	assert_null(p->child->ballots);
}

static void checkin_create__leaves_the_parent_byte_for_byte_as_it_was(void **state)
{
	(void)state;
	struct session *parent = stored_workshop();
	char *before = dump(parent);
	struct session *child = checkin_create(parent, CHECKED_IN_AT);
	char *after = dump(parent);
	assert_string_equal(after, before);
	/* And changing the copy reaches nothing of the parent. */
	struct error err = {0};
	support_expect_ok(session_rate(child, CULTURE, ANA, 5, &err), &err);
	support_expect_ok(session_edit_goal(child, 0, "Any answer within an hour", NULL, &err),
			  &err);
	support_expect_ok(session_add_measurement(child, 0, 64, date_from_civil(2026, 6, 1), &err),
			  &err);
	support_expect_ok(session_set_step_status(child, 0, STEP_DONE, &err), &err);
	support_expect_ok(session_rename_participant(child, BO, "Bob", &err), &err);
	support_expect_ok(session_edit_parked(child, 0, "Tea, too", &err), &err);
	free(after);
	after = dump(parent);
	assert_string_equal(after, before);
	free(after);
	free(before);
	session_free(child);
	session_free(parent);
}

static void checkin_create__owns_its_copies_so_the_parent_can_be_freed_first(void **state)
{
	(void)state;
	struct session *parent = stored_workshop();
	struct session *child = checkin_create(parent, CHECKED_IN_AT);
	session_free(parent);
	/* Under AddressSanitizer, any string or array still shared is a
	 * use after free here. */
	char *text = dump(child);
	assert_non_null(strstr(text, "Questions answered within a day"));
	assert_non_null(strstr(text, "Hybrid meetings — another day"));
	free(text);
	session_free(child);
}

static void checkin_create__of_an_open_first_workshop_gives_iteration_two(void **state)
{
	(void)state;
	struct session *first = new_session();
	first->id = 1;
	first->series_id = 1;
	struct session *next = checkin_create(first, CHECKED_IN_AT);
	assert_int_equal(next->iteration, 2);
	assert_int_equal(next->parent_id, 1);
	assert_int_equal(next->series_id, 1);
	assert_int_equal(next->nsteps, 0);
	assert_int_equal(next->nparticipants, 3);
	for (size_t d = 0; d < next->ndims; d++)
		assert_true(isnan(next->dims[d].previous_mean));
	session_free(next);
	session_free(first);
}

/* ---- a check-in through the store ---- */

struct stored {
	char dir[sizeof "/tmp/improv-test-checkin-XXXXXX"];
	char db[sizeof "/tmp/improv-test-checkin-XXXXXX/improv.db"];
	int64_t parent_id, child_id;
	char *parent_json;              /* the parent's export before the check-in */
	struct session *parent, *child; /* both loaded from a reopened database */
};

static long today(void)
{
	return date_from_civil(2026, 7, 1);
}

static char *export_of(const struct session *s)
{
	struct sbuf out = SBUF_INIT;
	const struct export_context ctx = {.session = s, .today = today()};
	export_json(&ctx, &out);
	return sbuf_take(&out);
}

static struct store *open_store(const char *path)
{
	struct store *st = NULL;
	struct error err = {0};
	support_expect_ok(store_open(path, NULL, &st, &err), &err);
	return st;
}

static struct session *load(struct store *st, int64_t id)
{
	struct session *s = NULL;
	struct error err = {0};
	support_expect_ok(store_load_session(st, id, &s, &err), &err);
	return s;
}

/* Stores the workshop, checks in on it as `improv checkin` does (load,
 * check in, create), and loads both back from the reopened file. */
static void store_and_check_in(struct stored *x)
{
	struct error err = {0};
	struct store *st = open_store(x->db);
	struct session *first = workshop();
	support_expect_ok(store_create_session(st, first, &err), &err);
	x->parent_id = first->id;
	session_free(first);
	struct session *parent = load(st, x->parent_id);
	x->parent_json = export_of(parent);
	struct session *child = checkin_create(parent, CHECKED_IN_AT);
	support_expect_ok(store_create_session(st, child, &err), &err);
	x->child_id = child->id;
	session_free(child);
	session_free(parent);
	store_close(st);
	st = open_store(x->db);
	x->parent = load(st, x->parent_id);
	x->child = load(st, x->child_id);
	store_close(st);
}

static int make_stored(void **state)
{
	struct stored *x = xcalloc(1, sizeof *x);
	memcpy(x->dir, "/tmp/improv-test-checkin-XXXXXX", sizeof x->dir);
	if (mkdtemp(x->dir) == NULL) {
		free(x);
		return -1;
	}
	snprintf(x->db, sizeof x->db, "%s/improv.db", x->dir);
	*state = x;
	store_and_check_in(x);
	return 0;
}

static int remove_stored(void **state)
{
	struct stored *x = *state;
	session_free(x->parent);
	session_free(x->child);
	free(x->parent_json);
	DIR *d = opendir(x->dir);
	const struct dirent *ent;
	while (d != NULL && (ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		struct sbuf path = SBUF_INIT;
		sbuf_addf(&path, "%s/%s", x->dir, ent->d_name);
		unlink(sbuf_str(&path));
		sbuf_free(&path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(x->dir);
	free(x);
	return 0;
}

static void checkin_create__stored_continues_the_series_of_the_stored_parent(void **state)
{
	const struct stored *x = *state;
	assert_int_not_equal(x->child_id, x->parent_id);
	assert_int_equal(x->child->parent_id, x->parent_id);
	assert_int_equal(x->child->series_id, x->parent->series_id);
	assert_int_equal(x->child->iteration, x->parent->iteration + 1);
	assert_int_equal(x->child->stage, STAGE_SETUP);
	assert_int_equal(x->child->status, SESSION_OPEN);
	assert_int_equal(x->parent->status, SESSION_CLOSED);
	assert_int_equal(x->child->nballots, 0);
}

static void checkin_create__stored_rows_name_the_parents_stored_rows_as_their_origin(
	void **state)
{
	static const size_t carried[] = {S_PILOT, S_WIKI, S_RETRO, S_OFFICE_HOURS};
	const struct stored *x = *state;
	const struct session *p = x->parent, *c = x->child;
	assert_int_equal(c->nparticipants, p->nparticipants);
	for (size_t i = 0; i < c->nparticipants; i++) {
		assert_int_equal(c->participants[i].origin_id, p->participants[i].id);
		assert_int_not_equal(c->participants[i].id, p->participants[i].id);
	}
	assert_int_equal(c->nvalues, p->nvalues);
	for (size_t i = 0; i < c->nvalues; i++)
		assert_int_equal(c->values[i].origin_id, p->values[i].id);
	assert_int_equal(c->ngoals, p->ngoals);
	for (size_t i = 0; i < c->ngoals; i++) {
		assert_int_equal(c->goals[i].origin_id, p->goals[i].id);
		assert_int_equal(c->goals[i].status, p->goals[i].status);
	}
	assert_int_equal(c->nmetrics, p->nmetrics);
	for (size_t i = 0; i < c->nmetrics; i++) {
		assert_int_equal(c->metrics[i].origin_id, p->metrics[i].id);
		assert_int_equal(c->metrics[i].nmeasurements, p->metrics[i].nmeasurements);
		for (size_t k = 0; k < c->metrics[i].nmeasurements; k++) {
			assert_true(c->metrics[i].measurements[k].id > 0);
			assert_int_not_equal(c->metrics[i].measurements[k].id,
					     p->metrics[i].measurements[k].id);
			assert_true(c->metrics[i].measurements[k].value ==
				    p->metrics[i].measurements[k].value);
		}
	}
	assert_int_equal(p->nsteps, 6);
	assert_int_equal(c->nsteps, NELEMS(carried));
	for (size_t i = 0; i < c->nsteps; i++) {
		assert_int_equal(c->steps[i].origin_id, p->steps[carried[i]].id);
		assert_string_equal(c->steps[i].text, p->steps[carried[i]].text);
		assert_true(c->steps[i].points == POINTS_NONE);
		assert_int_equal(c->steps[i].rank, 0);
	}
	assert_int_equal(c->nparking, p->nparking);
	for (size_t i = 0; i < c->nparking; i++)
		assert_string_equal(c->parking[i].text, p->parking[i].text);
}

static void checkin_create__stored_metrics_and_steps_are_tied_to_the_childs_own_goals(
	void **state)
{
	const struct stored *x = *state;
	const struct session *p = x->parent, *c = x->child;
	assert_int_not_equal(c->goals[G_ANSWERS].id, p->goals[G_ANSWERS].id);
	assert_int_equal(c->metrics[0].goal_id, c->goals[G_ANSWERS].id);
	assert_int_equal(c->metrics[1].goal_id, 0);
	/* Pilot, wiki, retro, office hours. */
	assert_int_equal(c->steps[0].goal_id, c->goals[G_ANSWERS].id);
	assert_int_equal(c->steps[1].goal_id, 0);
	assert_int_equal(c->steps[2].goal_id, 0);
	assert_int_equal(c->steps[3].goal_id, c->goals[G_BUDGET].id);
	/* The parent keeps its own ties. */
	assert_int_equal(p->metrics[0].goal_id, p->goals[G_ANSWERS].id);
	assert_int_equal(p->steps[S_PILOT].goal_id, p->goals[G_ANSWERS].id);
	assert_int_equal(p->steps[S_CIRCLES].goal_id, p->goals[G_COACHING].id);
	assert_int_equal(p->steps[S_OFFICE_HOURS].goal_id, p->goals[G_BUDGET].id);
}

static void checkin_create__stored_leaves_the_parents_export_byte_for_byte(void **state)
{
	const struct stored *x = *state;
	char *after = export_of(x->parent);
	assert_string_equal(after, x->parent_json);
	/* The export holds what the check-in could have spoiled. */
	assert_non_null(strstr(after, "\"rank\": 1"));
	assert_non_null(strstr(after, "\"score\": 4"));
	assert_non_null(strstr(after, "\"status\": \"closed\""));
	free(after);
}

static void checkin_create__stored_child_loads_with_last_times_means(void **state)
{
	const struct stored *x = *state;
	const struct session *c = x->child;
	assert_true(fabs(c->dims[CULTURE].previous_mean - 3.0) < 1e-9);
	assert_true(fabs(c->dims[TOOLS].previous_mean - 4.0) < 1e-9);
	assert_true(isnan(c->dims[PRACTICE].previous_mean));
	for (size_t d = 0; d < c->ndims; d++) {
		assert_int_equal(c->dims[d].group_score, RATING_NONE);
		assert_int_equal(c->dims[d].nnotes, 0);
		for (size_t i = 0; i < c->nparticipants; i++)
			assert_int_equal(c->dims[d].scores[i], RATING_NONE);
	}
	/* The parent, a first workshop, has no last time. */
	for (size_t d = 0; d < x->parent->ndims; d++)
		assert_true(isnan(x->parent->dims[d].previous_mean));
}

static void checkin_question__says_what_the_next_iteration_carries_from_a_closed_session(
	void **state)
{
	(void)state;
	struct session *s = stored_workshop();
	struct checkin_preview p;
	checkin_preview(s, &p);
	assert_int_equal(p.goals, 4);
	assert_int_equal(p.metrics, 2);
	assert_int_equal(p.steps, 4);
	assert_false(p.still_open);
	assert_int_equal(p.unrevealed_ballots, 0);
	struct sbuf q = SBUF_INIT;
	checkin_question(s, &q);
	assert_non_null(strstr(sbuf_str(&q), "(iteration 2)?"));
	assert_non_null(strstr(sbuf_str(&q), "Iteration 3 carries 4 goals, 2 metrics and 4 steps"));
	assert_null(strstr(sbuf_str(&q), "open"));
	assert_null(strstr(sbuf_str(&q), "revealed"));
	sbuf_free(&q);
	session_free(s);
}

static void checkin_question__warns_when_the_session_is_open_or_a_ballot_is_not_revealed(
	void **state)
{
	(void)state;
	struct error err = {0};
	struct session *s = stored_workshop();
	support_expect_ok(session_reopen(s, &err), &err);
	support_expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_TALLY, -1, &err), &err);
	struct sbuf q = SBUF_INIT;
	checkin_question(s, &q);
	assert_non_null(strstr(sbuf_str(&q), "\nThis session is still open"));
	assert_non_null(strstr(sbuf_str(&q), "\n1 ballot is not revealed yet"));
	sbuf_free(&q);
	session_free(s);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, check_in, free_pair)
#define S(name) cmocka_unit_test_setup_teardown(name, make_stored, remove_stored)
	const struct CMUnitTest tests[] = {
		T(checkin_create__continues_the_series_as_the_next_iteration_of_the_parent),
		T(checkin_create__is_open_new_and_opens_on_the_review_of_last_time),
		T(checkin_create__copies_the_participants_each_naming_the_row_it_came_from),
		T(checkin_create__copies_values_and_goals_with_their_origin_and_each_goals_status),
		T(checkin_create__copies_metrics_with_their_measurements_which_have_no_ids_yet),
		T(checkin_create__carries_the_steps_still_to_do_without_their_points_or_rank),
		T(checkin_create__leaves_behind_the_steps_done_or_dropped_last_time),
		T(checkin_create__copies_the_parking_lot),
		T(checkin_create__copies_the_dimensions_unrated_with_last_times_mean_beside_them),
		T(checkin_create__starts_without_ballots),
		cmocka_unit_test(checkin_create__leaves_the_parent_byte_for_byte_as_it_was),
		cmocka_unit_test(checkin_create__owns_its_copies_so_the_parent_can_be_freed_first),
		cmocka_unit_test(checkin_create__of_an_open_first_workshop_gives_iteration_two),
		S(checkin_create__stored_continues_the_series_of_the_stored_parent),
		S(checkin_create__stored_rows_name_the_parents_stored_rows_as_their_origin),
		S(checkin_create__stored_metrics_and_steps_are_tied_to_the_childs_own_goals),
		S(checkin_create__stored_leaves_the_parents_export_byte_for_byte),
		S(checkin_create__stored_child_loads_with_last_times_means),
		cmocka_unit_test(
			checkin_question__says_what_the_next_iteration_carries_from_a_closed_session),
		cmocka_unit_test(
			checkin_question__warns_when_the_session_is_open_or_a_ballot_is_not_revealed),
	};
#undef T
#undef S
	return cmocka_run_group_tests(tests, NULL, NULL);
}
