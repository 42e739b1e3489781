#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "model/session.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define OK(call) assert_int_equal((call), ERR_OK)
#define REFUSED(call) assert_int_equal((call), ERR_DATA)

enum { CULTURE, TOOLS, PRACTICE };      /* the template's dimensions, in order */
enum { ANA, BO, CY, DEE };              /* the participants, in the order added */

/* ---- a small template: three dimensions on a 1-5 scale ---- */

static char *copy_of(const char *text)
{
	char *copy = strdup(text);
	assert_non_null(copy);
	return copy;
}

static void template_dimension_set(struct template_dimension *d, const char *key,
				   const char *name)
{
	d->key = copy_of(key);
	d->name = copy_of(name);
	d->question = copy_of("How well does it work here?");
	d->low = copy_of("nobody does it");
	d->high = copy_of("everybody does it");
}

static void build_template(struct template *tpl)
{
	static const char *const labels[] = {
		"absent", "ad hoc", "emerging", "established", "thriving"
	};
	memset(tpl, 0, sizeof *tpl);
	tpl->key = copy_of("test-workshop");
	tpl->name = copy_of("A workshop for the tests");
	tpl->version = 1;
	tpl->scale.min = 1;
	tpl->scale.max = 5;
	tpl->scale.nlabels = NELEMS(labels);
	tpl->scale.labels = calloc(NELEMS(labels), sizeof *tpl->scale.labels);
	assert_non_null(tpl->scale.labels);
	for (size_t i = 0; i < NELEMS(labels); i++)
		tpl->scale.labels[i] = copy_of(labels[i]);
	tpl->timebox_minutes[STAGE_CURRENT_STATE] = 25;
	tpl->timebox_minutes[STAGE_GOALS_VALUES] = 20;
	tpl->timebox_minutes[STAGE_METRICS] = 15;
	tpl->timebox_minutes[STAGE_STEPS] = 30;
	tpl->timebox_minutes[STAGE_REVIEW] = 10;
	tpl->vote_method = BALLOT_DOTS;
	tpl->ndims = 3;
	tpl->dims = calloc(tpl->ndims, sizeof *tpl->dims);
	assert_non_null(tpl->dims);
	template_dimension_set(&tpl->dims[CULTURE], "culture", "Culture");
	template_dimension_set(&tpl->dims[TOOLS], "tools", "Tools");
	template_dimension_set(&tpl->dims[PRACTICE], "practice", "Practice");
}

static struct session *create(const struct session_setup *setup, struct error *err)
{
	struct template tpl;
	build_template(&tpl);
	struct session *s = session_create(setup, &tpl, err);
	template_free(&tpl);
	return s;
}

static struct session_setup setup_titled(const char *title)
{
	return (struct session_setup){.title = title, .level = LEVEL_TEAM};
}

static int open_with_ana_bo_and_cy(void **state)
{
	static const char *const names[] = {"Ana", "Bo", "Cy"};
	struct session_setup setup = setup_titled("Q2 workshop");
	setup.participants = names;
	setup.nparticipants = NELEMS(names);
	struct error err;
	*state = create(&setup, &err);
	return *state == NULL ? -1 : 0;
}

static int open_with_nobody(void **state)
{
	struct session_setup setup = setup_titled("Q2 workshop");
	struct error err;
	*state = create(&setup, &err);
	return *state == NULL ? -1 : 0;
}

static int free_session(void **state)
{
	session_free(*state);
	*state = NULL;
	return 0;
}

/* ---- fields of new metrics and steps, as a form fills them ---- */

static struct metric a_metric(const char *name, enum direction dir, double baseline,
			      double target)
{
	return (struct metric){
		.name = (char *)name, .direction = dir, .baseline = baseline, .target = target,
		.target_date = NO_DATE, .baseline_date = NO_DATE,
	};
}

static struct step a_step(const char *text, enum horizon horizon)
{
	return (struct step){
		.text = (char *)text, .horizon = horizon, .status = STEP_PLANNED,
		.points = POINTS_NONE,
	};
}

static void add_metric(struct session *s, const char *name, enum direction dir,
		       double baseline, double target)
{
	struct error err;
	struct metric m = a_metric(name, dir, baseline, target);
	OK(session_add_metric(s, &m, &err));
}

static void add_step(struct session *s, const char *text, enum horizon horizon)
{
	struct error err;
	struct step st = a_step(text, horizon);
	OK(session_add_step(s, &st, &err));
}

static void measure(struct session *s, size_t metric, double value, long day)
{
	struct error err;
	OK(session_add_measurement(s, metric, value, day, &err));
}

static void rate(struct session *s, size_t dim, size_t participant, int score)
{
	struct error err;
	OK(session_rate(s, dim, participant, score, &err));
}

/* ---- what the room would see, to prove that a refusal changed nothing ---- */

static const char *or_none(const char *text)
{
	return text ? text : "(none)";
}

static void describe_dimensions(struct sbuf *b, const struct session *s)
{
	for (size_t d = 0; d < s->ndims; d++) {
		const struct dimension *dim = &s->dims[d];
		sbuf_addf(b, "dimension %s group=%d scores", dim->key, dim->group_score);
		for (size_t p = 0; p < s->nparticipants; p++)
			sbuf_addf(b, " %d", dim->scores[p]);
		sbuf_addc(b, '\n');
		for (size_t n = 0; n < dim->nnotes; n++)
			sbuf_addf(b, "  note %d %s\n", (int)dim->notes[n].kind, dim->notes[n].text);
	}
}

static void describe_metrics(struct sbuf *b, const struct session *s)
{
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric *m = &s->metrics[i];
		sbuf_addf(b, "metric %lld goal=%lld %s unit=%s dir=%d %.17g -> %.17g by %ld from %ld:",
			  (long long)m->id, (long long)m->goal_id, m->name, or_none(m->unit),
			  (int)m->direction, m->baseline, m->target, m->target_date,
			  m->baseline_date);
		for (size_t k = 0; k < m->nmeasurements; k++)
			sbuf_addf(b, " %.17g@%ld", m->measurements[k].value,
				  m->measurements[k].taken_on);
		sbuf_addc(b, '\n');
	}
}

static void describe_steps(struct sbuf *b, const struct session *s)
{
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];
		sbuf_addf(b, "step %lld %s h=%d st=%d owner=%s goal=%lld i=%d e=%d pts=%ld rank=%d\n",
			  (long long)st->id, st->text, (int)st->horizon, (int)st->status,
			  or_none(st->owner), (long long)st->goal_id, st->impact, st->effort,
			  st->points, st->rank);
	}
}

static void describe_ballots(struct sbuf *b, const struct session *s)
{
	for (size_t i = 0; i < s->nballots; i++) {
		const struct ballot *bl = &s->ballots[i];
		sbuf_addf(b, "ballot m=%d e=%d st=%d voters=%zu:", (int)bl->method,
			  (int)bl->entry, (int)bl->status, bl->nvoters);
		for (size_t k = 0; k < bl->ncandidates; k++)
			sbuf_addf(b, " %lld=%ld", (long long)bl->candidates[k], bl->points[k]);
		sbuf_addc(b, '\n');
	}
}

/* Everything a screen or an export shows of the session, as one text. */
static char *describe(const struct session *s)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s / %s / %s / %s level=%d stage=%d status=%d closed_at=%lld\n",
		  or_none(s->title), or_none(s->organization), or_none(s->unit),
		  or_none(s->facilitator), (int)s->level, (int)s->stage, (int)s->status,
		  (long long)s->closed_at);
	for (size_t i = 0; i < s->nparticipants; i++)
		sbuf_addf(&b, "participant %s\n", s->participants[i].name);
	describe_dimensions(&b, s);
	for (size_t i = 0; i < s->nvalues; i++)
		sbuf_addf(&b, "value %s\n", s->values[i].text);
	for (size_t i = 0; i < s->ngoals; i++)
		sbuf_addf(&b, "goal %lld %s dim=%s status=%d\n", (long long)s->goals[i].id,
			  s->goals[i].text, or_none(s->goals[i].dimension),
			  (int)s->goals[i].status);
	describe_metrics(&b, s);
	describe_steps(&b, s);
	for (size_t i = 0; i < s->nparking; i++)
		sbuf_addf(&b, "parked %s\n", s->parking[i].text);
	describe_ballots(&b, s);
	return sbuf_take(&b);
}

static void assert_unchanged(const struct session *s, const char *before)
{
	char *now = describe(s);
	assert_string_equal(now, before);
	free(now);
}

/* ---- lists ---- */

static const char *item_text(const struct session *s, enum session_list list, size_t i)
{
	switch (list) {
	case LIST_PARTICIPANTS:
		return s->participants[i].name;
	case LIST_VALUES:
		return s->values[i].text;
	case LIST_GOALS:
		return s->goals[i].text;
	case LIST_METRICS:
		return s->metrics[i].name;
	case LIST_STEPS:
		return s->steps[i].text;
	case LIST_PARKING:
		return s->parking[i].text;
	case LIST_COUNT:
		break;
	}
	return NULL;
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
		add_metric(s, text, DIRECTION_UP, NAN, NAN);
		break;
	case LIST_STEPS:
		add_step(s, text, HORIZON_SHORT);
		break;
	case LIST_PARKING:
		OK(session_park(s, text, &err));
		break;
	case LIST_COUNT:
		fail();
	}
}

/* The list holds exactly these texts, in this order (NULL ends them). */
static void assert_list(const struct session *s, enum session_list list, const char *first, ...)
{
	va_list ap;
	size_t n = 0;
	va_start(ap, first);
	for (const char *want = first; want != NULL; want = va_arg(ap, const char *)) {
		assert_true(n < session_list_len(s, list));
		assert_string_equal(item_text(s, list, n), want);
		n++;
	}
	va_end(ap);
	assert_int_equal(session_list_len(s, list), n);
}

#define ASSERT_LIST(s, list, ...) assert_list((s), (list), __VA_ARGS__, (const char *)NULL)

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
	struct session *s = create(&setup, &err);
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
	struct session_setup setup = setup_titled(NULL);
	assert_null(create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_non_null(strstr(err.msg, "title"));

	setup = setup_titled(" \t \n");
	assert_null(create(&setup, &err));
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
	struct session *s = create(&setup, &err);
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
	struct session_setup setup = setup_titled("Q2");
	struct error err;

	setup.participants = twice;
	setup.nparticipants = NELEMS(twice);
	assert_null(create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_string_equal(err.msg, "Ana is already a participant");

	setup.participants = blank;
	setup.nparticipants = NELEMS(blank);
	assert_null(create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
}

static void session__create__refuses_text_that_is_not_utf8(void **state)
{
	(void)state;
	static const char *const names[] = {"Ana", "Bo\xe9"};
	struct error err;

	struct session_setup setup = setup_titled("Caf\xc3");
	assert_null(create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_string_equal(err.msg, "the title is not valid UTF-8");

	setup = setup_titled("Q2");
	setup.organization = "\xff" "Acme";
	assert_null(create(&setup, &err));
	assert_non_null(strstr(err.msg, "organization"));

	setup = setup_titled("Q2");
	setup.participants = names;
	setup.nparticipants = NELEMS(names);
	assert_null(create(&setup, &err));
	assert_non_null(strstr(err.msg, "UTF-8"));

	setup = setup_titled("Caf\xc3\xa9 \xe2\x80\x94 r\xc3\xa9sum\xc3\xa9");
	struct session *s = create(&setup, &err);
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

	struct session_setup setup = setup_titled(too_long);
	assert_null(create(&setup, &err));
	assert_int_equal(err.code, ERR_DATA);
	assert_string_equal(err.msg, "the title is longer than 200 bytes");

	const char *names[] = {too_long};
	setup = setup_titled("Q2");
	setup.participants = names;
	setup.nparticipants = 1;
	assert_null(create(&setup, &err));

	setup = setup_titled(padded);
	setup.facilitator = longest;
	struct session *s = create(&setup, &err);
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
	struct session_setup setup = setup_titled("Q2");
	setup.level = LEVEL_COUNT;
	struct error err;
	assert_null(create(&setup, &err));
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
	char *before = describe(s);
	REFUSED(session_set_field(s, "title", "   ", &err));
	REFUSED(session_set_field(s, "title", NULL, &err));
	REFUSED(session_set_field(s, "organization", "Ac\xffme", &err));
	REFUSED(session_set_field(s, "level", "tribe", &err));
	REFUSED(session_set_field(s, "level", NULL, &err));
	assert_int_equal(session_set_field(s, "colour", "blue", &err), ERR_SOFTWARE);
	assert_unchanged(s, before);
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
	char *before = describe(s);
	REFUSED(session_add_participant(s, "Bo", &err));
	assert_string_equal(err.msg, "Bo is already a participant");
	REFUSED(session_add_participant(s, " Bo\t", &err));
	REFUSED(session_add_participant(s, "", &err));
	REFUSED(session_add_participant(s, "B\xc3", &err));
	REFUSED(session_add_participant(s, too_long, &err));
	assert_unchanged(s, before);
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
	char *before = describe(s);
	REFUSED(session_add_participant(s, "One too many", &err));
	assert_int_equal(s->nparticipants, SESSION_MAX_PARTICIPANTS);
	assert_unchanged(s, before);
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

	char *before = describe(s);
	REFUSED(session_rename_participant(s, BO, "Ana", &err));
	REFUSED(session_rename_participant(s, BO, "  ", &err));
	REFUSED(session_rename_participant(s, 3, "Dee", &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__remove_participant__drops_their_ratings_and_keeps_the_others_aligned(
	void **state)
{
	struct session *s = *state;
	struct error err;
	rate(s, CULTURE, ANA, 1);
	rate(s, CULTURE, BO, 2);
	rate(s, CULTURE, CY, 3);
	rate(s, TOOLS, ANA, 4);
	rate(s, TOOLS, BO, 5);

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

	char *before = describe(s);
	REFUSED(session_remove_participant(s, 2, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__move_participant__takes_each_persons_ratings_with_them(void **state)
{
	struct session *s = *state;
	struct error err;
	rate(s, CULTURE, ANA, 1);
	rate(s, CULTURE, BO, 2);
	rate(s, CULTURE, CY, 3);
	rate(s, TOOLS, ANA, 4);
	rate(s, TOOLS, BO, 5);

	OK(session_move(s, LIST_PARTICIPANTS, ANA, 2, &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Bo", "Cy", "Ana");
	ASSERT_SCORES(s, CULTURE, 2, 3, 1);
	ASSERT_SCORES(s, TOOLS, 5, RATING_NONE, 4);

	OK(session_move(s, LIST_PARTICIPANTS, 1, 0, &err));
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Cy", "Bo", "Ana");
	ASSERT_SCORES(s, CULTURE, 3, 2, 1);
	ASSERT_SCORES(s, TOOLS, RATING_NONE, 5, 4);
	ASSERT_SCORES(s, PRACTICE, RATING_NONE, RATING_NONE, RATING_NONE);

	char *before = describe(s);
	REFUSED(session_move(s, LIST_PARTICIPANTS, 0, 3, &err));
	REFUSED(session_move(s, LIST_PARTICIPANTS, 3, 0, &err));
	assert_unchanged(s, before);
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
	char *before = describe(s);
	REFUSED(session_rate(s, CULTURE, ANA, 0, &err));
	assert_string_equal(err.msg, "0 is outside the scale 1-5");
	REFUSED(session_rate(s, CULTURE, ANA, 6, &err));
	REFUSED(session_rate(s, CULTURE, ANA, -2, &err));
	REFUSED(session_rate(s, CULTURE, ANA, 100, &err));
	REFUSED(session_rate(s, 3, ANA, 3, &err));
	REFUSED(session_rate(s, CULTURE, 3, 3, &err));
	assert_unchanged(s, before);
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
	/* the person-by-person ratings are still there underneath */
	ASSERT_SCORES(s, CULTURE, 2, 5, 3);

	char *before = describe(s);
	REFUSED(session_set_group_score(s, CULTURE, 6, &err));
	REFUSED(session_set_group_score(s, CULTURE, 0, &err));
	REFUSED(session_set_group_score(s, 3, 4, &err));
	assert_unchanged(s, before);
	free(before);

	OK(session_set_group_score(s, CULTURE, RATING_NONE, &err));
	session_dimension_stats(s, CULTURE, &st);
	assert_int_equal(st.count, 3);
	assert_float_equal(st.mean, 10.0 / 3.0, 1e-12);
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
	char *before = describe(s);
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
	assert_unchanged(s, before);
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
	char *before = describe(s);
	REFUSED(session_add_value(s, " \n", &err));
	REFUSED(session_add_value(s, too_long, &err));
	REFUSED(session_add_value(s, "\xed\xa0\x80", &err));
	REFUSED(session_edit_value(s, 0, "", &err));
	REFUSED(session_edit_value(s, 0, too_long, &err));
	REFUSED(session_edit_value(s, 2, "Teach back", &err));
	REFUSED(session_move(s, LIST_VALUES, 0, 2, &err));
	REFUSED(session_move(s, LIST_VALUES, 2, 0, &err));
	REFUSED(session_remove(s, LIST_VALUES, 2, &err));
	assert_unchanged(s, before);
	ASSERT_LIST(s, LIST_VALUES, "Share by default", "Ask early");
	free(before);
	free(too_long);
}

/* ---- every list moves and empties the same way ---- */

static void session__move__puts_an_item_exactly_where_asked_in_every_list(void **state)
{
	struct session *s = *state;
	struct error err;
	for (int l = 0; l < LIST_COUNT; l++) {
		enum session_list list = (enum session_list)l;
		add_item(s, list, "A");
		add_item(s, list, "B");
		add_item(s, list, "C");
		add_item(s, list, "D");

		OK(session_move(s, list, 0, 3, &err));
		ASSERT_LIST(s, list, "B", "C", "D", "A");
		OK(session_move(s, list, 3, 0, &err));
		ASSERT_LIST(s, list, "A", "B", "C", "D");
		OK(session_move(s, list, 1, 2, &err));
		ASSERT_LIST(s, list, "A", "C", "B", "D");
		OK(session_move(s, list, 2, 1, &err));
		ASSERT_LIST(s, list, "A", "B", "C", "D");
		OK(session_move(s, list, 3, 1, &err));
		ASSERT_LIST(s, list, "A", "D", "B", "C");
		OK(session_move(s, list, 1, 1, &err));
		ASSERT_LIST(s, list, "A", "D", "B", "C");

		char *before = describe(s);
		REFUSED(session_move(s, list, 4, 0, &err));
		REFUSED(session_move(s, list, 0, 4, &err));
		REFUSED(session_move(s, list, SIZE_MAX, 1, &err));
		assert_unchanged(s, before);
		free(before);
	}
}

static void session__remove__takes_out_one_item_and_refuses_a_missing_one(void **state)
{
	struct session *s = *state;
	struct error err;
	for (int l = 0; l < LIST_COUNT; l++) {
		enum session_list list = (enum session_list)l;
		add_item(s, list, "A");
		add_item(s, list, "B");
		add_item(s, list, "C");

		OK(session_remove(s, list, 1, &err));
		ASSERT_LIST(s, list, "A", "C");
		OK(session_remove(s, list, 1, &err));
		ASSERT_LIST(s, list, "A");

		char *before = describe(s);
		REFUSED(session_remove(s, list, 1, &err));
		assert_unchanged(s, before);
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
	char *before = describe(s);
	REFUSED(session_set_goal_status(s, 2, GOAL_STATUS_COUNT, &err));
	REFUSED(session_set_goal_status(s, 3, GOAL_RETIRED, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__goals__refuse_an_unknown_dimension_key_and_change_nothing(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_goal(s, "Everyone shares a lesson a month", "culture", &err));
	char *before = describe(s);
	REFUSED(session_add_goal(s, "Happier people", "morale", &err));
	assert_string_equal(err.msg, "this session has no dimension \"morale\"");
	REFUSED(session_add_goal(s, "Happier people", "Culture", &err));
	REFUSED(session_add_goal(s, "  ", "culture", &err));
	REFUSED(session_edit_goal(s, 0, "Happier people", "morale", &err));
	REFUSED(session_edit_goal(s, 0, "", "tools", &err));
	REFUSED(session_edit_goal(s, 1, "Happier people", "tools", &err));
	assert_unchanged(s, before);
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

	struct metric m = a_metric("Lessons shared a month", DIRECTION_UP, 2, 10);
	m.goal_id = 7;
	OK(session_add_metric(s, &m, &err));
	m = a_metric("Days to an answer", DIRECTION_DOWN, 5, 1);
	m.goal_id = 8;
	OK(session_add_metric(s, &m, &err));
	add_metric(s, "Courses taken", DIRECTION_UP, 3, 6);

	struct step st = a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.goal_id = 7;
	OK(session_add_step(s, &st, &err));
	st = a_step("Searchable answers wiki", HORIZON_MEDIUM);
	st.goal_id = 8;
	OK(session_add_step(s, &st, &err));
	st = a_step("Tie recognition to sharing", HORIZON_LONG);
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

/* ---- metrics ---- */

static void session__metrics__take_an_unset_baseline_and_target(void **state)
{
	struct session *s = *state;
	struct error err;
	struct metric m = a_metric("  People who shared this month ", DIRECTION_UP, NAN, NAN);
	m.unit = (char *)" % ";
	OK(session_add_metric(s, &m, &err));
	m = a_metric("Courses finished", DIRECTION_DOWN, 12, NAN);
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

	measure(s, 0, 35, 100);
	assert_float_equal(metric_current(&s->metrics[0]), 35.0, 1e-12);
	assert_true(isnan(metric_progress(&s->metrics[0])));
	assert_int_equal(metric_status_on(&s->metrics[0], 0, 100), METRIC_NO_DATA);
}

static void session__metrics__refuse_an_infinite_baseline_or_target_and_change_nothing(void **state)
{
	struct session *s = *state;
	struct error err;
	add_metric(s, "Lessons shared a month", DIRECTION_UP, 2, 10);
	char *before = describe(s);

	struct metric m = a_metric("Reach", DIRECTION_UP, INFINITY, 10);
	REFUSED(session_add_metric(s, &m, &err));
	assert_string_equal(err.msg, "the baseline is not a number");
	m = a_metric("Reach", DIRECTION_UP, 2, -INFINITY);
	REFUSED(session_add_metric(s, &m, &err));
	assert_string_equal(err.msg, "the target is not a number");
	m = a_metric("   ", DIRECTION_UP, 2, 10);
	REFUSED(session_add_metric(s, &m, &err));
	m = a_metric(NULL, DIRECTION_UP, 2, 10);
	REFUSED(session_add_metric(s, &m, &err));
	m = a_metric("Reach", DIRECTION_COUNT, 2, 10);
	REFUSED(session_add_metric(s, &m, &err));
	m = a_metric("Reach", DIRECTION_UP, 2, 10);
	m.goal_id = 99;
	REFUSED(session_add_metric(s, &m, &err));
	m.goal_id = 0;
	m.unit = (char *)"\xff";
	REFUSED(session_add_metric(s, &m, &err));

	m = a_metric("Lessons shared", DIRECTION_UP, 2, INFINITY);
	REFUSED(session_edit_metric(s, 0, &m, &err));
	m = a_metric("Lessons shared", DIRECTION_UP, -INFINITY, 10);
	REFUSED(session_edit_metric(s, 0, &m, &err));
	m = a_metric("", DIRECTION_UP, 2, 10);
	REFUSED(session_edit_metric(s, 0, &m, &err));
	m = a_metric("Lessons shared", DIRECTION_UP, 2, 10);
	REFUSED(session_edit_metric(s, 1, &m, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__metrics__keep_their_measurements_and_identity_when_edited(void **state)
{
	struct session *s = *state;
	struct error err;
	add_metric(s, "Lessons shared a month", DIRECTION_UP, 2, 10);
	s->metrics[0].id = 31;
	s->metrics[0].origin_id = 12;
	measure(s, 0, 4, 10);
	measure(s, 0, 6, 20);

	struct metric m = a_metric("Lessons shared in a month", DIRECTION_UP, 2, 8);
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
	add_metric(s, "Lessons shared a month", DIRECTION_UP, 40, 70);
	measure(s, 0, 60, 30);
	measure(s, 0, 50, 10);
	measure(s, 0, 55, 20);
	measure(s, 0, 45, 5);
	const struct metric *m = &s->metrics[0];
	static const long days[] = {5, 10, 20, 30};
	static const double values[] = {45, 50, 55, 60};
	assert_int_equal(m->nmeasurements, NELEMS(days));
	for (size_t k = 0; k < NELEMS(days); k++) {
		assert_int_equal(m->measurements[k].taken_on, days[k]);
		assert_float_equal(m->measurements[k].value, values[k], 1e-12);
	}
	assert_float_equal(metric_current(m), 60.0, 1e-12);

	char *before = describe(s);
	REFUSED(session_add_measurement(s, 0, NAN, 40, &err));
	REFUSED(session_add_measurement(s, 0, INFINITY, 40, &err));
	REFUSED(session_add_measurement(s, 0, 65, NO_DATE, &err));
	REFUSED(session_add_measurement(s, 1, 65, 40, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__metric_progress__runs_from_baseline_to_target_when_higher_is_better(
	void **state)
{
	struct session *s = *state;
	add_metric(s, "People who shared this month", DIRECTION_UP, 40, 70);
	const struct metric *m = &s->metrics[0];
	measure(s, 0, 46, 10);
	/* 6 of the 30 to go */
	assert_float_equal(metric_current(m), 46.0, 1e-12);
	assert_float_equal(metric_progress(m), 0.2, 1e-12);
	measure(s, 0, 55, 20);
	assert_float_equal(metric_progress(m), 0.5, 1e-12);
	/* an older measurement typed late is not the current one */
	measure(s, 0, 69, 15);
	assert_float_equal(metric_current(m), 55.0, 1e-12);
	assert_float_equal(metric_progress(m), 0.5, 1e-12);
	measure(s, 0, 31, 25);
	assert_float_equal(metric_progress(m), -0.3, 1e-12);
}

static void session__metric_progress__runs_from_baseline_to_target_when_lower_is_better(
	void **state)
{
	struct session *s = *state;
	add_metric(s, "Days to an answer", DIRECTION_DOWN, 20, 5);
	const struct metric *m = &s->metrics[0];
	measure(s, 0, 12.5, 10);
	assert_float_equal(metric_progress(m), 0.5, 1e-12);
	measure(s, 0, 8, 20);
	assert_float_equal(metric_current(m), 8.0, 1e-12);
	assert_float_equal(metric_progress(m), 0.8, 1e-12);
	measure(s, 0, 25, 30);
	assert_float_equal(metric_progress(m), -1.0 / 3.0, 1e-12);
}

static void session__metric_status__compares_progress_with_the_time_gone(void **state)
{
	struct session *s = *state;
	struct error err;
	/* from 40 on day 0 to 70 by day 100; 55 is half way */
	struct metric fields = a_metric("People who shared", DIRECTION_UP, 40, 70);
	fields.target_date = 100;
	OK(session_add_metric(s, &fields, &err));
	struct metric *m = &s->metrics[0];
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_NO_DATA);
	measure(s, 0, 55, 40);
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

	measure(s, 0, 38, 45);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_OFF_TRACK);
	measure(s, 0, 70, 50);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_MET);
	assert_int_equal(metric_status_on(m, 0, 150), METRIC_MET);

	/* lower is better: from 20 days to 5 by day 100 */
	fields = a_metric("Days to an answer", DIRECTION_DOWN, 20, 5);
	fields.target_date = 100;
	OK(session_add_metric(s, &fields, &err));
	m = &s->metrics[1];
	measure(s, 1, 12.5, 40);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_ON_TRACK);
	assert_int_equal(metric_status_on(m, 0, 80), METRIC_OFF_TRACK);
	measure(s, 1, 25, 45);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_OFF_TRACK);
	measure(s, 1, 4, 50);
	assert_int_equal(metric_status_on(m, 0, 50), METRIC_MET);
}

static void session__metric_status__is_met_once_the_target_is_reached_without_a_baseline(
	void **state)
{
	struct session *s = *state;
	add_metric(s, "People who shared", DIRECTION_UP, NAN, 70);
	add_metric(s, "Days to an answer", DIRECTION_DOWN, NAN, 5);
	measure(s, 0, 60, 10);
	measure(s, 1, 8, 10);
	assert_int_equal(metric_status_on(&s->metrics[0], 0, 50), METRIC_NO_DATA);
	assert_int_equal(metric_status_on(&s->metrics[1], 0, 50), METRIC_NO_DATA);
	measure(s, 0, 75, 20);
	measure(s, 1, 5, 20);
	assert_int_equal(metric_status_on(&s->metrics[0], 0, 50), METRIC_MET);
	assert_int_equal(metric_status_on(&s->metrics[1], 0, 50), METRIC_MET);
	assert_true(isnan(metric_progress(&s->metrics[0])));
}

/* ---- steps ---- */

static void session__steps__refuse_impact_or_effort_outside_1_to_5_and_change_nothing(void **state)
{
	struct session *s = *state;
	struct error err;
	struct step st = a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.impact = 1;
	st.effort = 5;
	OK(session_add_step(s, &st, &err));
	st = a_step("Searchable answers wiki", HORIZON_MEDIUM);
	st.impact = 5;
	st.effort = SCORE_NONE;
	OK(session_add_step(s, &st, &err));
	assert_int_equal(s->steps[0].impact, 1);
	assert_int_equal(s->steps[0].effort, 5);
	assert_int_equal(s->steps[1].impact, 5);
	assert_int_equal(s->steps[1].effort, SCORE_NONE);

	char *before = describe(s);
	static const int bad[] = {6, -1, 10};
	for (size_t k = 0; k < NELEMS(bad); k++) {
		st = a_step("Pilot coaching", HORIZON_SHORT);
		st.impact = bad[k];
		REFUSED(session_add_step(s, &st, &err));
		assert_string_equal(err.msg, "impact and effort are scored 1-5");
		st.impact = 3;
		st.effort = bad[k];
		REFUSED(session_add_step(s, &st, &err));
		st = a_step("Monthly show-and-tell", HORIZON_SHORT);
		st.impact = bad[k];
		st.effort = 5;
		REFUSED(session_edit_step(s, 0, &st, &err));
		st.impact = 1;
		st.effort = bad[k];
		REFUSED(session_edit_step(s, 0, &st, &err));
	}
	st = a_step("  ", HORIZON_SHORT);
	REFUSED(session_add_step(s, &st, &err));
	st = a_step("Pilot coaching", HORIZON_COUNT);
	REFUSED(session_add_step(s, &st, &err));
	st = a_step("Pilot coaching", HORIZON_SHORT);
	st.status = STEP_STATUS_COUNT;
	REFUSED(session_add_step(s, &st, &err));
	st = a_step("Pilot coaching", HORIZON_SHORT);
	REFUSED(session_edit_step(s, 2, &st, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__steps__take_an_owner_or_stay_unowned(void **state)
{
	struct session *s = *state;
	struct error err;
	struct step st = a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.owner = (char *)"  Ana ";
	OK(session_add_step(s, &st, &err));
	st = a_step("Searchable answers wiki", HORIZON_MEDIUM);
	OK(session_add_step(s, &st, &err));
	st = a_step("Tie recognition to sharing", HORIZON_LONG);
	st.owner = (char *)"  ";
	OK(session_add_step(s, &st, &err));
	assert_string_equal(s->steps[0].owner, "Ana");
	assert_null(s->steps[1].owner);
	assert_null(s->steps[2].owner);

	st = a_step("Monthly show-and-tell", HORIZON_SHORT);
	OK(session_edit_step(s, 0, &st, &err));
	assert_null(s->steps[0].owner);
	st = a_step("Searchable answers wiki", HORIZON_MEDIUM);
	st.owner = (char *)"Bo";
	OK(session_edit_step(s, 1, &st, &err));
	assert_string_equal(s->steps[1].owner, "Bo");

	char *before = describe(s);
	st.owner = (char *)"B\xc3";
	REFUSED(session_edit_step(s, 1, &st, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__steps__change_status_and_horizon_and_refuse_unknown_ones(void **state)
{
	struct session *s = *state;
	struct error err;
	add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	add_step(s, "Searchable answers wiki", HORIZON_MEDIUM);
	assert_int_equal(s->steps[0].status, STEP_PLANNED);
	OK(session_set_step_status(s, 0, STEP_DOING, &err));
	OK(session_set_step_horizon(s, 1, HORIZON_LONG, &err));
	assert_int_equal(s->steps[0].status, STEP_DOING);
	assert_int_equal(s->steps[1].horizon, HORIZON_LONG);

	char *before = describe(s);
	REFUSED(session_set_step_status(s, 0, STEP_STATUS_COUNT, &err));
	REFUSED(session_set_step_status(s, 2, STEP_DONE, &err));
	REFUSED(session_set_step_horizon(s, 1, HORIZON_COUNT, &err));
	REFUSED(session_set_step_horizon(s, 2, HORIZON_SHORT, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__steps__refuse_a_goal_the_session_does_not_have(void **state)
{
	struct session *s = *state;
	struct error err;
	OK(session_add_goal(s, "Share more", NULL, &err));
	s->goals[0].id = 7;
	struct step st = a_step("Monthly show-and-tell", HORIZON_SHORT);
	st.goal_id = 7;
	OK(session_add_step(s, &st, &err));
	assert_int_equal(s->steps[0].goal_id, 7);

	char *before = describe(s);
	st.goal_id = 8;
	REFUSED(session_add_step(s, &st, &err));
	assert_string_equal(err.msg, "this session has no goal 8");
	REFUSED(session_edit_step(s, 0, &st, &err));
	assert_unchanged(s, before);
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

	char *before = describe(s);
	REFUSED(session_park(s, "", &err));
	REFUSED(session_edit_parked(s, 0, "\t", &err));
	REFUSED(session_edit_parked(s, 2, "Nowhere", &err));
	assert_unchanged(s, before);
	free(before);
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
	add_metric(s, "Lessons shared a month", DIRECTION_UP, 2, 10);
	measure(s, 0, 4, 10);
	add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	add_step(s, "Searchable answers wiki", HORIZON_SHORT);
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
	char *before = describe(s);

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
	struct metric m = a_metric("Courses taken", DIRECTION_UP, 1, 3);
	REFUSED(session_add_metric(s, &m, &err));
	REFUSED(session_edit_metric(s, 0, &m, &err));
	REFUSED(session_add_measurement(s, 0, 6, 20, &err));
	struct step st = a_step("Pilot coaching", HORIZON_LONG);
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
	assert_unchanged(s, before);
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

/* ---- ballots ---- */

static void session__open_ballot__needs_at_least_two_steps_to_choose_from(void **state)
{
	struct session *s = *state;
	struct error err;
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	s->steps[0].id = 11;
	char *before = describe(s);
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	assert_string_equal(err.msg, "a ballot needs at least two steps to choose from");
	assert_int_equal(s->nballots, 0);
	assert_unchanged(s, before);
	free(before);

	add_step(s, "Searchable answers wiki", HORIZON_MEDIUM);
	s->steps[1].id = 12;
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	assert_int_equal(s->nballots, 1);
	const struct ballot *b = &s->ballots[0];
	assert_int_equal(b->method, BALLOT_DOTS);
	assert_int_equal(b->entry, BALLOT_ENTRY_SECRET);
	assert_int_equal(b->status, BALLOT_OPEN);
	assert_true(b->anonymous);
	assert_int_equal(b->ncandidates, 2);
	assert_int_equal(b->candidates[0], 11);
	assert_int_equal(b->candidates[1], 12);
}

static void session__open_ballot__takes_only_the_steps_of_the_chosen_horizon(void **state)
{
	struct session *s = *state;
	struct error err;
	add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	add_step(s, "Searchable answers wiki", HORIZON_MEDIUM);
	add_step(s, "Lunch and learn", HORIZON_SHORT);
	add_step(s, "Tie recognition to sharing", HORIZON_LONG);
	add_step(s, "Mentoring circles", HORIZON_MEDIUM);
	for (size_t i = 0; i < s->nsteps; i++)
		s->steps[i].id = 11 + (int64_t)i;

	OK(session_open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_SECRET, HORIZON_SHORT, &err));
	assert_int_equal(s->ballots[0].ncandidates, 2);
	assert_int_equal(s->ballots[0].candidates[0], 11);
	assert_int_equal(s->ballots[0].candidates[1], 13);

	OK(session_open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_SECRET, HORIZON_MEDIUM, &err));
	assert_int_equal(s->ballots[1].ncandidates, 2);
	assert_int_equal(s->ballots[1].candidates[0], 12);
	assert_int_equal(s->ballots[1].candidates[1], 15);

	char *before = describe(s);
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, HORIZON_LONG, &err));
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, HORIZON_COUNT, &err));
	assert_unchanged(s, before);
	free(before);

	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_TALLY, -1, &err));
	assert_int_equal(s->nballots, 3);
	assert_int_equal(s->ballots[2].ncandidates, 5);
	for (size_t k = 0; k < 5; k++)
		assert_int_equal(s->ballots[2].candidates[k], 11 + (int64_t)k);
}

static void session__open_ballot__refuses_tally_entry_for_ranked_or_scored_votes(void **state)
{
	struct session *s = *state;
	struct error err;
	add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	add_step(s, "Searchable answers wiki", HORIZON_SHORT);
	s->steps[0].id = 11;
	s->steps[1].id = 12;
	char *before = describe(s);
	REFUSED(session_open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_TALLY, -1, &err));
	REFUSED(session_open_ballot(s, BALLOT_SCORING, BALLOT_ENTRY_TALLY, -1, &err));
	REFUSED(session_open_ballot(s, BALLOT_METHOD_COUNT, BALLOT_ENTRY_SECRET, -1, &err));
	REFUSED(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_COUNT, -1, &err));
	assert_unchanged(s, before);
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
	add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	add_step(s, "Searchable answers wiki", HORIZON_SHORT);
	add_step(s, "Tie recognition to sharing", HORIZON_MEDIUM);
	add_step(s, "Lunch and learn", HORIZON_SHORT);
	add_step(s, "Mentoring circles", HORIZON_SHORT);
	for (size_t i = 0; i < s->nsteps; i++)
		s->steps[i].id = 11 + (int64_t)i;

	/* over the four short steps: 11, 12, 14, 15; three dots each */
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, HORIZON_SHORT, &err));
	struct ballot *b = &s->ballots[0];
	assert_int_equal(b->ncandidates, 4);
	assert_int_equal(b->budget, 3);
	const int ana[] = {2, 1, 0, 0};
	const int bo[] = {1, 2, 0, 0};
	const int cy[] = {0, 0, 1, 1};
	OK(ballot_cast_dots(b, 1, ana, &err));
	OK(ballot_cast_dots(b, 2, bo, &err));
	OK(ballot_cast_dots(b, 3, cy, &err));
	/* secret votes stay off the steps until the reveal */
	for (size_t i = 0; i < s->nsteps; i++) {
		assert_true(s->steps[i].points == POINTS_NONE);
		assert_int_equal(s->steps[i].rank, 0);
	}

	OK(session_reveal_ballot(s, 0, &err));
	assert_int_equal(s->ballots[0].status, BALLOT_REVEALED);
	/* 3, 3, 1, 1 points: two share first place, two share third */
	static const long points[] = {3, 3, POINTS_NONE, 1, 1};
	static const int ranks[] = {1, 1, 0, 3, 3};
	for (size_t i = 0; i < s->nsteps; i++) {
		assert_true(s->steps[i].points == points[i]);
		assert_int_equal(s->steps[i].rank, ranks[i]);
	}
	ASSERT_LIST(s, LIST_STEPS, "Monthly show-and-tell", "Searchable answers wiki",
		    "Tie recognition to sharing", "Lunch and learn", "Mentoring circles");

	/* revealing again writes the same results and changes nothing */
	char *before = describe(s);
	OK(session_reveal_ballot(s, 0, &err));
	assert_unchanged(s, before);
	REFUSED(session_reveal_ballot(s, 1, &err));
	assert_unchanged(s, before);
	free(before);
}

static void session__reveal_ballot__ranks_after_a_tie_by_the_places_taken(void **state)
{
	struct session *s = *state;
	struct error err;
	add_step(s, "Monthly show-and-tell", HORIZON_SHORT);
	add_step(s, "Searchable answers wiki", HORIZON_SHORT);
	add_step(s, "Lunch and learn", HORIZON_SHORT);
	add_step(s, "Mentoring circles", HORIZON_SHORT);
	for (size_t i = 0; i < s->nsteps; i++)
		s->steps[i].id = 21 + (int64_t)i;
	OK(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err));
	const int ana[] = {0, 2, 1, 0};
	const int bo[] = {0, 1, 2, 0};
	const int cy[] = {1, 0, 0, 2};
	OK(ballot_cast_dots(&s->ballots[0], 1, ana, &err));
	OK(ballot_cast_dots(&s->ballots[0], 2, bo, &err));
	OK(ballot_cast_dots(&s->ballots[0], 3, cy, &err));
	OK(session_reveal_ballot(s, 0, &err));
	/* 1, 3, 3, 2: the two on 3 share first, then 2 is third, 1 fourth */
	static const long points[] = {1, 3, 3, 2};
	static const int ranks[] = {4, 1, 1, 3};
	for (size_t i = 0; i < s->nsteps; i++) {
		assert_int_equal(s->steps[i].points, points[i]);
		assert_int_equal(s->steps[i].rank, ranks[i]);
	}
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
#define T(name) cmocka_unit_test_setup_teardown(name, open_with_ana_bo_and_cy, free_session)
		T(session__set_field__changes_and_clears_the_setup_fields),
		T(session__set_field__refuses_a_blank_title_or_unknown_level_and_keeps_them),
		T(session__close__records_when_and_reopen_clears_it),
		T(session__participants__join_with_an_unrated_cell_in_every_dimension),
		T(session__participants__refuse_a_taken_blank_or_broken_name),
		T(session__participants__stop_at_the_most_a_session_holds),
		T(session__rename_participant__keeps_their_ratings_and_refuses_a_taken_name),
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
			open_with_nobody, free_session),
		cmocka_unit_test_setup_teardown(
			session__remove__takes_out_one_item_and_refuses_a_missing_one,
			open_with_nobody, free_session),
		T(session__goals__are_tied_to_a_dimension_by_its_key_or_to_none),
		T(session__goals__refuse_an_unknown_dimension_key_and_change_nothing),
		T(session__remove_goal__unties_the_metrics_and_steps_tied_to_it),
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
		T(session__closed__refuses_every_change_until_it_is_reopened),
		T(session__open_ballot__needs_at_least_two_steps_to_choose_from),
		T(session__open_ballot__takes_only_the_steps_of_the_chosen_horizon),
		T(session__open_ballot__refuses_tally_entry_for_ranked_or_scored_votes),
		T(session__reveal_ballot__writes_points_and_ranks_onto_the_steps_and_ties_share_a_rank),
		T(session__reveal_ballot__ranks_after_a_tie_by_the_places_taken),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
