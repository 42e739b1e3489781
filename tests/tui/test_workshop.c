/* Tests for tui/workshop: every change the screen makes is in the database
 * when the call returns and can be undone there as well as on the screen;
 * a second window on the same session only reads; ballots are tallied as
 * they would be by hand; an anonymous ballot leaves nothing in the file
 * that ties a person to their choices or to the moment they voted; timers
 * and measurements survive a restart. Each test works in its own temporary
 * folder with its own database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 512

/* The people in every test's session, in the order they were added: their
 * participant ids rise in this order. */
enum { ANA, BO, CY, NPEOPLE };

/* A fixed time for the workshop clock (IMPROV_NOW). */
#define CLOCK_START "2026-11-28T16:00:00Z"

struct fixture {
	char dir[sizeof "/tmp/improv-test-workshop-XXXXXX"];
	char db[PATH_SIZE];
	struct store *st;
	struct workshop *ws;
	int64_t id;
};


/* ---- files and folders ---- */

static bool file_exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

static void wal_path(const char *db, char out[PATH_SIZE + 8])
{
	snprintf(out, PATH_SIZE + 8, "%s-wal", db);
}

/* The write-ahead log holds every version of a page written since the
 * last checkpoint: it must hold none after a vote. */
static void assert_wal_empty(const char *db)
{
	char wal[PATH_SIZE + 8];
	struct stat sb;
	wal_path(db, wal);
	if (lstat(wal, &sb) != 0)
		return;
	if (sb.st_size != 0)
		print_error("%s holds %lld bytes\n", wal, (long long)sb.st_size);
	assert_int_equal(sb.st_size, 0);
}

/* ---- raw SQLite: the file as another program would see it ---- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static sqlite3_stmt *raw_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, sqlite3_errmsg(db));
	assert_int_equal(rc, SQLITE_OK);
	return q;
}

/* The first column of the first row of a query bound to one id, or -1. */
static int64_t raw_int(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *q = raw_prepare(db, sql);
	int64_t v = -1;
	if (sqlite3_bind_parameter_count(q) > 0)
		sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Every row of every table, as text, in the order the file gives them. */
static char *dump_database(const char *path)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *tables = raw_prepare(db, "SELECT name FROM sqlite_master"
					   " WHERE type = 'table' ORDER BY name");
	struct sbuf out = SBUF_INIT;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		struct sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "SELECT * FROM \"%s\"", name);
		sqlite3_stmt *q = raw_prepare(db, sbuf_str(&sql));
		sbuf_addf(&out, "[%s]\n", name);
		while (sqlite3_step(q) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(q); c++) {
				const unsigned char *t = sqlite3_column_text(q, c);
				sbuf_addf(&out, "%s|", t ? (const char *)t : "NULL");
			}
			sbuf_addc(&out, '\n');
		}
		sqlite3_finalize(q);
		sbuf_free(&sql);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return sbuf_take(&out);
}

/* ---- a session made in code ---- */

static void make_template(struct template *tpl)
{
	static const char *const keys[] = {"culture", "tools"};
	static const char *const names[] = {"Culture: sharing, trust, considered risk",
					    "Tools that find answers"};
	static const char *const labels[] = {"absent", "ad hoc", "emerging", "established",
					     "thriving"};
	memset(tpl, 0, sizeof *tpl);
	tpl->key = xstrdup("workshop-test");
	tpl->name = xstrdup("A template for the workshop's tests");
	tpl->description = xstrdup("Two dimensions on a five-point scale.");
	tpl->version = 1;
	tpl->scale.min = 1;
	tpl->scale.max = 5;
	tpl->scale.nlabels = NELEMS(labels);
	tpl->scale.labels = xcalloc(NELEMS(labels), sizeof *tpl->scale.labels);
	for (size_t i = 0; i < NELEMS(labels); i++)
		tpl->scale.labels[i] = xstrdup(labels[i]);
	tpl->timebox_minutes[STAGE_CURRENT_STATE] = 25;
	tpl->timebox_minutes[STAGE_GOALS_VALUES] = 20;
	tpl->timebox_minutes[STAGE_METRICS] = 15;
	tpl->timebox_minutes[STAGE_STEPS] = 30;
	tpl->timebox_minutes[STAGE_REVIEW] = 10;
	tpl->vote_method = BALLOT_DOTS;
	tpl->vote_cap = 3;
	tpl->ndims = NELEMS(keys);
	tpl->dims = xcalloc(NELEMS(keys), sizeof *tpl->dims);
	for (size_t i = 0; i < NELEMS(keys); i++) {
		tpl->dims[i].key = xstrdup(keys[i]);
		tpl->dims[i].name = xstrdup(names[i]);
		tpl->dims[i].question = xstrdup("Where are we today?");
		tpl->dims[i].low = xstrdup("nobody does it");
		tpl->dims[i].high = xstrdup("everybody does it, every week");
	}
}

static void expect_ok(enum err_code code, const struct error *err)
{
	if (code != ERR_OK)
		print_error("unexpected error %d: %s\n", code, err->msg);
	assert_int_equal(code, ERR_OK);
}

/* A refusal with this code whose message says `says`. */
static void expect_refused(enum err_code code, const struct error *err, enum err_code want,
			   const char *says)
{
	if (code != want)
		print_error("got %d (%s), wanted %d\n", code, err->msg, want);
	assert_int_equal(code, want);
	if (strstr(err->msg, says) == NULL)
		print_error("\"%s\" does not say \"%s\"\n", err->msg, says);
	assert_non_null(strstr(err->msg, says));
}

static struct store *open_store(const char *path)
{
	struct store *st = NULL;
	struct error err = {0};
	expect_ok(store_open(path, NULL, &st, &err), &err);
	assert_non_null(st);
	return st;
}

/* A new session in st, as the setup form leaves it; returns its id. */
static int64_t create_session(struct store *st)
{
	static const char *const people[NPEOPLE] = {"Ana", "Bo", "Cy"};
	const struct session_setup setup = {
		.title = "Q2: how Support learns",
		.organization = "Acme",
		.unit = "Support",
		.facilitator = "Dee",
		.level = LEVEL_TEAM,
		.participants = people,
		.nparticipants = NPEOPLE,
	};
	struct template tpl;
	struct error err = {0};
	make_template(&tpl);
	struct session *s = session_create(&setup, &tpl, &err);
	template_free(&tpl);
	if (s == NULL)
		print_error("%s\n", err.msg);
	assert_non_null(s);
	expect_ok(store_create_session(st, s, &err), &err);
	int64_t id = s->id;
	session_free(s);
	return id;
}

static struct workshop *open_workshop(struct store *st, int64_t id)
{
	struct workshop *ws = NULL;
	struct error err = {0};
	expect_ok(workshop_open(st, id, &ws, &err), &err);
	assert_non_null(ws);
	return ws;
}

/* A database at path with a new session open in a workshop. */
static void start_workshop(const char *path, struct store **st, struct workshop **ws,
			   int64_t *id)
{
	*st = open_store(path);
	*id = create_session(*st);
	*ws = open_workshop(*st, *id);
	assert_false((*ws)->read_only);
}

static int make_fixture(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	memcpy(fx->dir, "/tmp/improv-test-workshop-XXXXXX", sizeof fx->dir);
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/improv.db", fx->dir);
	start_workshop(fx->db, &fx->st, &fx->ws, &fx->id);
	*state = fx;
	return 0;
}

static int remove_fixture(void **state)
{
	struct fixture *fx = *state;
	workshop_close(fx->ws);
	store_close(fx->st);
	support_remove_tree(fx->dir);
	free(fx);
	unsetenv("IMPROV_NOW");
	return 0;
}

static struct session *S(const struct fixture *fx)
{
	return fx->ws->s;
}

/* ---- comparing what the screen shows with what the file holds ---- */

static void assert_same_text(const char *want, const char *got)
{
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void assert_same_real(double want, double got)
{
	if (isnan(want))
		assert_true(isnan(got));
	else
		assert_true(got == want);
}

static void assert_same_fields(const struct session *want, const struct session *got)
{
	assert_int_equal(got->id, want->id);
	assert_same_text(want->title, got->title);
	assert_same_text(want->organization, got->organization);
	assert_same_text(want->unit, got->unit);
	assert_same_text(want->facilitator, got->facilitator);
	assert_int_equal(got->level, want->level);
	assert_int_equal(got->stage, want->stage);
	assert_int_equal(got->status, want->status);
	assert_int_equal(got->created_at, want->created_at);
	assert_int_equal(got->closed_at, want->closed_at);
	for (int i = 0; i < STAGE_COUNT; i++) {
		assert_int_equal(got->timers[i].box_seconds, want->timers[i].box_seconds);
		assert_int_equal(got->timers[i].left_seconds, want->timers[i].left_seconds);
		assert_int_equal(got->timers[i].running_since, want->timers[i].running_since);
	}
}

static void assert_same_people_and_ratings(const struct session *want,
					   const struct session *got)
{
	assert_int_equal(got->nparticipants, want->nparticipants);
	for (size_t i = 0; i < want->nparticipants; i++) {
		assert_int_equal(got->participants[i].id, want->participants[i].id);
		assert_same_text(want->participants[i].name, got->participants[i].name);
	}
	assert_int_equal(got->ndims, want->ndims);
	for (size_t i = 0; i < want->ndims; i++) {
		const struct dimension *w = &want->dims[i], *g = &got->dims[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->group_score, w->group_score);
		for (size_t p = 0; p < want->nparticipants; p++)
			assert_int_equal(g->scores[p], w->scores[p]);
		assert_int_equal(g->nnotes, w->nnotes);
		for (size_t n = 0; n < w->nnotes; n++) {
			assert_int_equal(g->notes[n].kind, w->notes[n].kind);
			assert_same_text(w->notes[n].text, g->notes[n].text);
		}
	}
}

static void assert_same_values_and_goals(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nvalues, want->nvalues);
	for (size_t i = 0; i < want->nvalues; i++) {
		assert_int_equal(got->values[i].id, want->values[i].id);
		assert_same_text(want->values[i].text, got->values[i].text);
	}
	assert_int_equal(got->ngoals, want->ngoals);
	for (size_t i = 0; i < want->ngoals; i++) {
		const struct goal *w = &want->goals[i], *g = &got->goals[i];
		assert_int_equal(g->id, w->id);
		assert_same_text(w->text, g->text);
		assert_same_text(w->dimension, g->dimension);
		assert_int_equal(g->status, w->status);
	}
}

static void assert_same_metrics(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nmetrics, want->nmetrics);
	for (size_t i = 0; i < want->nmetrics; i++) {
		const struct metric *w = &want->metrics[i], *g = &got->metrics[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->goal_id, w->goal_id);
		assert_same_text(w->name, g->name);
		assert_same_text(w->unit, g->unit);
		assert_int_equal(g->direction, w->direction);
		assert_same_real(w->baseline, g->baseline);
		assert_same_real(w->target, g->target);
		assert_int_equal(g->baseline_date, w->baseline_date);
		assert_int_equal(g->target_date, w->target_date);
		assert_int_equal(g->nmeasurements, w->nmeasurements);
		for (size_t k = 0; k < w->nmeasurements; k++) {
			assert_int_equal(g->measurements[k].id, w->measurements[k].id);
			assert_same_real(w->measurements[k].value, g->measurements[k].value);
			assert_int_equal(g->measurements[k].taken_on, w->measurements[k].taken_on);
		}
	}
}

static void assert_same_steps_and_parking(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nsteps, want->nsteps);
	for (size_t i = 0; i < want->nsteps; i++) {
		const struct step *w = &want->steps[i], *g = &got->steps[i];
		assert_int_equal(g->id, w->id);
		assert_same_text(w->text, g->text);
		assert_int_equal(g->horizon, w->horizon);
		assert_int_equal(g->status, w->status);
		assert_same_text(w->owner, g->owner);
		assert_int_equal(g->goal_id, w->goal_id);
		assert_int_equal(g->impact, w->impact);
		assert_int_equal(g->effort, w->effort);
		assert_int_equal(g->points, w->points);
		assert_int_equal(g->rank, w->rank);
	}
	assert_int_equal(got->nparking, want->nparking);
	for (size_t i = 0; i < want->nparking; i++) {
		assert_int_equal(got->parking[i].id, want->parking[i].id);
		assert_same_text(want->parking[i].text, got->parking[i].text);
	}
}

static void assert_same_ballot(const struct ballot *w, const struct ballot *g)
{
	size_t n = w->ncandidates;
	assert_int_equal(g->id, w->id);
	assert_int_equal(g->method, w->method);
	assert_int_equal(g->entry, w->entry);
	assert_int_equal(g->status, w->status);
	assert_int_equal(g->anonymous, w->anonymous);
	assert_int_equal(g->budget, w->budget);
	assert_int_equal(g->cap, w->cap);
	assert_int_equal(g->tally_voters, w->tally_voters);
	assert_int_equal(g->ncandidates, n);
	for (size_t c = 0; c < n; c++) {
		assert_int_equal(g->candidates[c], w->candidates[c]);
		assert_int_equal(g->points[c], w->points[c]);
		assert_int_equal(g->impact_sum[c], w->impact_sum[c]);
		assert_int_equal(g->effort_sum[c], w->effort_sum[c]);
		assert_int_equal(g->score_count[c], w->score_count[c]);
	}
	for (size_t c = 0; c < n * n; c++)
		assert_int_equal(g->pairwise[c], w->pairwise[c]);
	assert_int_equal(g->nvoters, w->nvoters);
	for (size_t v = 0; v < w->nvoters; v++)
		assert_int_equal(g->voters[v], w->voters[v]);
}

static void assert_same_session(const struct session *want, const struct session *got)
{
	assert_same_fields(want, got);
	assert_same_people_and_ratings(want, got);
	assert_same_values_and_goals(want, got);
	assert_same_metrics(want, got);
	assert_same_steps_and_parking(want, got);
	assert_int_equal(got->nballots, want->nballots);
	for (size_t i = 0; i < want->nballots; i++)
		assert_same_ballot(&want->ballots[i], &got->ballots[i]);
}

/* The session as the file holds it, read through a connection of its own;
 * the caller frees it. */
static struct session *on_disk(const struct fixture *fx)
{
	struct store *st = open_store(fx->db);
	struct session *s = NULL;
	struct error err = {0};
	expect_ok(store_load_session(st, fx->id, &s, &err), &err);
	store_close(st);
	assert_non_null(s);
	return s;
}

/* What the screen shows is what the file holds. */
static void assert_saved(const struct fixture *fx)
{
	struct session *disk = on_disk(fx);
	assert_same_session(S(fx), disk);
	session_free(disk);
}

static void undo(const struct fixture *fx, const char *names)
{
	const char *what = NULL;
	struct error err = {0};
	expect_ok(ws_undo(fx->ws, &what, &err), &err);
	assert_non_null(what);
	assert_string_equal(what, names);
	assert_saved(fx);
}

/* ---- building up a workshop through the screen's own calls ---- */

static void add_step(const struct fixture *fx, const char *text, enum horizon h,
		     enum step_status status)
{
	struct error err = {0};
	const struct step fields = {
		.text = (char *)text,
		.horizon = h,
		.status = status,
		.points = POINTS_NONE,
	};
	expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
}

/* Steps 0-3 are still to do; 4 is done and 5 dropped. Short: 0, 3, 4, 5. */
static void add_six_steps(const struct fixture *fx)
{
	add_step(fx, "Pilot show-and-tell in Support", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "Build a searchable answers wiki", HORIZON_MEDIUM, STEP_PLANNED);
	add_step(fx, "Tie recognition to sharing", HORIZON_LONG, STEP_PLANNED);
	add_step(fx, "Mentoring circles", HORIZON_SHORT, STEP_DOING);
	add_step(fx, "Retire the old intranet", HORIZON_SHORT, STEP_DONE);
	add_step(fx, "Conference budget", HORIZON_SHORT, STEP_DROPPED);
}

static void add_metric(const struct fixture *fx, const char *name, int64_t goal)
{
	struct error err = {0};
	const struct metric fields = {
		.goal_id = goal,
		.name = (char *)name,
		.unit = (char *)"%",
		.direction = DIRECTION_UP,
		.baseline = 40,
		.baseline_date = NO_DATE,
		.target = 70,
		.target_date = date_from_civil(2027, 6, 30),
	};
	expect_ok(ws_add_metric(fx->ws, &fields, &err), &err);
}

static void rate(const struct fixture *fx, size_t dim, size_t p, int score)
{
	struct error err = {0};
	expect_ok(ws_rate(fx->ws, dim, p, score, &err), &err);
}

static int64_t participant_id(const struct fixture *fx, size_t p)
{
	return S(fx)->participants[p].id;
}

/* ---- undo: each kind of change, on the screen and in the file ---- */

static void workshop__undo__clears_a_new_rating_in_memory_and_on_disk(void **state)
{
	const struct fixture *fx = *state;
	rate(fx, 0, BO, 4);
	assert_saved(fx);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[0].scores[BO], RATING_NONE);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ratings", 0), 0);
	sqlite3_close(raw);
}

static void workshop__undo__puts_back_a_rating_that_was_cleared(void **state)
{
	const struct fixture *fx = *state;
	rate(fx, 1, CY, 2);
	rate(fx, 1, CY, RATING_NONE);
	assert_saved(fx);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[1].scores[CY], 2);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT score FROM ratings WHERE participant_id = ?1",
				 participant_id(fx, CY)), 2);
	sqlite3_close(raw);
}

static void workshop__undo__puts_back_the_rooms_earlier_group_score_and_then_none(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_group_score(fx->ws, 1, 4, &err), &err);
	expect_ok(ws_group_score(fx->ws, 1, 2, &err), &err);
	assert_saved(fx);
	undo(fx, "a group score");
	assert_int_equal(S(fx)->dims[1].group_score, 4);
	undo(fx, "a group score");
	assert_int_equal(S(fx)->dims[1].group_score, RATING_NONE);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM dimensions"
				 " WHERE group_score IS NOT NULL", 0), 0);
	sqlite3_close(raw);
}

static void workshop__undo__takes_back_a_new_note_and_puts_a_deleted_one_at_its_place(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_add_note(fx->ws, 0, NOTE_STRENGTH, "people ask in the open channel", &err),
		  &err);
	expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, "answers get lost in chat", &err), &err);
	expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, "no budget for conferences", &err), &err);
	undo(fx, "the new note");
	assert_int_equal(S(fx)->dims[0].nnotes, 2);

	expect_ok(ws_remove_note(fx->ws, 0, 0, &err), &err);
	assert_int_equal(S(fx)->dims[0].nnotes, 1);
	assert_saved(fx);
	undo(fx, "the deleted note");
	const struct dimension *d = &S(fx)->dims[0];
	assert_int_equal(d->nnotes, 2);
	assert_int_equal(d->notes[0].kind, NOTE_STRENGTH);
	assert_string_equal(d->notes[0].text, "people ask in the open channel");
	assert_int_equal(d->notes[1].kind, NOTE_GAP);
	assert_string_equal(d->notes[1].text, "answers get lost in chat");
}

static void workshop__undo__takes_back_a_new_value_goal_metric_step_and_parked_item(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	expect_ok(ws_add_goal(fx->ws, "Every team shares one lesson a month", "culture", &err),
		  &err);
	add_metric(fx, "Teams sharing monthly", S(fx)->goals[0].id);
	add_step(fx, "Pilot show-and-tell in Support", HORIZON_SHORT, STEP_PLANNED);
	expect_ok(ws_park(fx->ws, "Who pays for the wiki?", &err), &err);
	assert_saved(fx);

	undo(fx, "the parked item");
	assert_int_equal(S(fx)->nparking, 0);
	undo(fx, "the new step");
	assert_int_equal(S(fx)->nsteps, 0);
	undo(fx, "the new metric");
	assert_int_equal(S(fx)->nmetrics, 0);
	undo(fx, "the new goal");
	assert_int_equal(S(fx)->ngoals, 0);
	undo(fx, "the new value");
	assert_int_equal(S(fx)->nvalues, 0);

	static const char *const tables[] = {"team_values", "goals", "metrics", "steps",
					     "parking_lot"};
	sqlite3 *raw = raw_open(fx->db);
	for (size_t i = 0; i < NELEMS(tables); i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		assert_int_equal(raw_int(raw, sql, 0), 0);
	}
	sqlite3_close(raw);
}

static void workshop__undo__puts_back_the_old_text_of_an_edited_item_in_every_list(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson", "culture", &err), &err);
	add_metric(fx, "Teams sharing monthly", 0);
	add_step(fx, "Pilot show-and-tell", HORIZON_SHORT, STEP_PLANNED);
	expect_ok(ws_park(fx->ws, "Who pays for the wiki?", &err), &err);

	expect_ok(ws_rename_participant(fx->ws, BO, "Bo Lind", &err), &err);
	expect_ok(ws_edit_value(fx->ws, 0, "Ask early, ask often", &err), &err);
	expect_ok(ws_edit_goal(fx->ws, 0, "Every team shares two lessons", "tools", &err), &err);
	expect_ok(ws_goal_status(fx->ws, 0, GOAL_ACHIEVED, &err), &err);
	struct metric m = S(fx)->metrics[0];
	m.name = (char *)"Teams sharing every week";
	m.target = 90;
	expect_ok(ws_edit_metric(fx->ws, 0, &m, &err), &err);
	const struct step st = {.text = (char *)"Pilot show-and-tell in Sales",
				.horizon = HORIZON_MEDIUM, .status = STEP_DOING,
				.owner = (char *)"Ana", .impact = 4, .effort = 2};
	expect_ok(ws_edit_step(fx->ws, 0, &st, &err), &err);
	expect_ok(ws_edit_parked(fx->ws, 0, "Who owns the wiki?", &err), &err);
	assert_saved(fx);

	undo(fx, "a parked item");
	assert_string_equal(S(fx)->parking[0].text, "Who pays for the wiki?");
	undo(fx, "a step");
	const struct step *now = &S(fx)->steps[0];
	assert_string_equal(now->text, "Pilot show-and-tell");
	assert_int_equal(now->horizon, HORIZON_SHORT);
	assert_int_equal(now->status, STEP_PLANNED);
	assert_null(now->owner);
	assert_int_equal(now->impact, SCORE_NONE);
	undo(fx, "a metric");
	assert_string_equal(S(fx)->metrics[0].name, "Teams sharing monthly");
	assert_true(S(fx)->metrics[0].target == 70);
	undo(fx, "a goal's status");
	assert_int_equal(S(fx)->goals[0].status, GOAL_ACTIVE);
	undo(fx, "a goal");
	assert_string_equal(S(fx)->goals[0].text, "Every team shares a lesson");
	assert_string_equal(S(fx)->goals[0].dimension, "culture");
	undo(fx, "a value");
	assert_string_equal(S(fx)->values[0].text, "Share by default");
	undo(fx, "a participant's name");
	assert_string_equal(S(fx)->participants[BO].name, "Bo");
}

static void workshop__undo__brings_back_a_removed_participant_at_the_same_place_with_ratings(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	rate(fx, 0, ANA, 3);
	rate(fx, 0, BO, 4);
	rate(fx, 1, BO, 2);
	rate(fx, 1, CY, 5);
	int64_t bo = participant_id(fx, BO);
	expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, BO, &err), &err);
	assert_int_equal(S(fx)->nparticipants, 2);
	assert_string_equal(S(fx)->participants[1].name, "Cy");
	assert_int_equal(S(fx)->dims[1].scores[1], 5);
	assert_saved(fx);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ratings WHERE participant_id = ?1",
				 bo), 0);

	undo(fx, "the removed participant");
	const struct session *s = S(fx);
	assert_int_equal(s->nparticipants, 3);
	assert_string_equal(s->participants[0].name, "Ana");
	assert_string_equal(s->participants[1].name, "Bo");
	assert_string_equal(s->participants[2].name, "Cy");
	assert_int_equal(s->dims[0].scores[ANA], 3);
	assert_int_equal(s->dims[0].scores[BO], 4);
	assert_int_equal(s->dims[1].scores[BO], 2);
	assert_int_equal(s->dims[1].scores[CY], 5);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ratings WHERE participant_id = ?1",
				 s->participants[BO].id), 2);
	sqlite3_close(raw);
}

static void workshop__undo__reaches_ratings_given_before_a_participant_was_removed_and_put_back(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	rate(fx, 0, BO, 4);
	rate(fx, 1, BO, 2);
	rate(fx, 0, ANA, 3);
	expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, BO, &err), &err);
	undo(fx, "the removed participant");
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[0].scores[ANA], RATING_NONE);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[1].scores[BO], RATING_NONE);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[0].scores[BO], RATING_NONE);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ratings", 0), 0);
	sqlite3_close(raw);
	assert_false(ws_can_undo(fx->ws));
}

static void workshop__undo__puts_a_deleted_step_back_at_its_place_in_memory_and_on_disk(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_step(fx, "Pilot show-and-tell", HORIZON_SHORT, STEP_PLANNED);
	const struct step fields = {.text = (char *)"Answers wiki", .horizon = HORIZON_MEDIUM,
				    .status = STEP_DOING, .owner = (char *)"Bo", .impact = 4,
				    .effort = 3};
	expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
	add_step(fx, "Recognition for sharing", HORIZON_LONG, STEP_PLANNED);
	expect_ok(ws_remove(fx->ws, LIST_STEPS, 1, &err), &err);
	assert_int_equal(S(fx)->nsteps, 2);
	assert_saved(fx);

	undo(fx, "the deleted step");
	const struct session *s = S(fx);
	assert_int_equal(s->nsteps, 3);
	assert_string_equal(s->steps[0].text, "Pilot show-and-tell");
	assert_string_equal(s->steps[1].text, "Answers wiki");
	assert_string_equal(s->steps[2].text, "Recognition for sharing");
	assert_int_equal(s->steps[1].horizon, HORIZON_MEDIUM);
	assert_int_equal(s->steps[1].status, STEP_DOING);
	assert_string_equal(s->steps[1].owner, "Bo");
	assert_int_equal(s->steps[1].impact, 4);
	assert_int_equal(s->steps[1].effort, 3);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT position FROM steps WHERE id = ?1", s->steps[1].id),
			 1);
	sqlite3_close(raw);
}

static void workshop__undo__puts_back_a_deleted_metric_with_its_measurements(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_metric(fx, "Questions answered within a day", 0);
	add_metric(fx, "Lessons shared per month", 0);
	long day = date_from_civil(2026, 11, 28);
	expect_ok(ws_measure(fx->ws, 0, 48, day - 30, &err), &err);
	expect_ok(ws_measure(fx->ws, 0, 55, day, &err), &err);
	expect_ok(ws_remove(fx->ws, LIST_METRICS, 0, &err), &err);
	assert_saved(fx);

	undo(fx, "the deleted metric");
	const struct metric *m = &S(fx)->metrics[0];
	assert_string_equal(m->name, "Questions answered within a day");
	assert_int_equal(m->nmeasurements, 2);
	assert_true(m->measurements[0].value == 48);
	assert_true(m->measurements[1].value == 55);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM measurements WHERE metric_id = ?1",
				 m->id), 2);
	sqlite3_close(raw);
}

static void workshop__undo__ties_a_deleted_goals_metrics_and_steps_to_it_again(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_add_goal(fx->ws, "Answers are found in a minute", "tools", &err), &err);
	expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson", "culture", &err), &err);
	int64_t goal = S(fx)->goals[0].id;
	add_metric(fx, "Searches that end in an answer", goal);
	struct step fields = {.text = (char *)"Answers wiki", .horizon = HORIZON_MEDIUM,
			      .goal_id = goal};
	expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
	expect_ok(ws_remove(fx->ws, LIST_GOALS, 0, &err), &err);
	assert_int_equal(S(fx)->metrics[0].goal_id, 0);
	assert_int_equal(S(fx)->steps[0].goal_id, 0);
	assert_saved(fx);

	undo(fx, "the deleted goal");
	const struct session *s = S(fx);
	assert_string_equal(s->goals[0].text, "Answers are found in a minute");
	assert_int_equal(s->metrics[0].goal_id, s->goals[0].id);
	assert_int_equal(s->steps[0].goal_id, s->goals[0].id);
}

static void workshop__undo__moves_a_moved_step_back_in_memory_and_on_disk(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_step(fx, "first", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "second", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "third", HORIZON_SHORT, STEP_PLANNED);
	expect_ok(ws_move(fx->ws, LIST_STEPS, 0, 2, &err), &err);
	assert_string_equal(S(fx)->steps[2].text, "first");
	assert_saved(fx);
	undo(fx, "a move");
	assert_string_equal(S(fx)->steps[0].text, "first");
	assert_string_equal(S(fx)->steps[1].text, "second");
	assert_string_equal(S(fx)->steps[2].text, "third");

	expect_ok(ws_move(fx->ws, LIST_PARTICIPANTS, CY, ANA, &err), &err);
	rate(fx, 0, 0, 5);
	undo(fx, "a rating");
	undo(fx, "a move");
	assert_string_equal(S(fx)->participants[0].name, "Ana");
	assert_string_equal(S(fx)->participants[2].name, "Cy");
}

static void workshop__undo__puts_back_the_old_title_level_and_an_unset_unit(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_set_field(fx->ws, "unit", "", &err), &err);
	expect_ok(ws_set_field(fx->ws, "level", "organization", &err), &err);
	expect_ok(ws_set_field(fx->ws, "title", "Q3: how Support learns", &err), &err);
	assert_saved(fx);
	undo(fx, "a setup field");
	assert_string_equal(S(fx)->title, "Q2: how Support learns");
	undo(fx, "a setup field");
	assert_int_equal(S(fx)->level, LEVEL_TEAM);
	assert_null(S(fx)->unit);
	undo(fx, "a setup field");
	assert_string_equal(S(fx)->unit, "Support");
	expect_refused(ws_set_field(fx->ws, "colour", "blue", &err), &err, ERR_SOFTWARE, "colour");
}

static void workshop__undo__reopens_a_session_that_was_closed(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	setenv("IMPROV_NOW", CLOCK_START, 1);
	time_t start;
	assert_true(clock_parse_iso(CLOCK_START, &start));
	rate(fx, 0, ANA, 2);
	expect_ok(ws_close_session(fx->ws, &err), &err);
	assert_true(session_is_closed(S(fx)));
	assert_int_equal(S(fx)->closed_at, start);
	assert_saved(fx);

	const char *what = NULL;
	expect_refused(ws_rate(fx->ws, 0, ANA, 3, &err), &err, ERR_DATA, "closed");
	undo(fx, "closing the session");
	assert_false(session_is_closed(S(fx)));
	assert_int_equal(S(fx)->closed_at, 0);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM sessions"
				 " WHERE status = 'open' AND closed_at IS NULL", 0), 1);
	sqlite3_close(raw);
	undo(fx, "a rating");
	expect_refused(ws_undo(fx->ws, &what, &err), &err, ERR_DATA, "nothing to undo");
}

/* Reopening is undone by closing again, and the close before it by
 * reopening: the stack never claims to undo what it does not. */
static void workshop__undo__of_a_reopen_closes_the_session_again(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_close_session(fx->ws, &err), &err);
	expect_ok(ws_reopen_session(fx->ws, &err), &err);
	undo(fx, "reopening the session");
	assert_true(session_is_closed(S(fx)));
	undo(fx, "closing the session");
	assert_false(session_is_closed(S(fx)));
}

static void workshop__undo__with_nothing_done_says_nothing_to_undo(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const char *what = "something";
	assert_false(ws_can_undo(fx->ws));
	expect_refused(ws_undo(fx->ws, &what, &err), &err, ERR_DATA, "nothing to undo");
	assert_null(what);
	assert_saved(fx);
}

static void workshop__undo__keeps_only_the_last_WORKSHOP_UNDO_MAX_changes(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const size_t extra = 5;
	for (size_t i = 0; i < WORKSHOP_UNDO_MAX + extra; i++) {
		char text[32];
		snprintf(text, sizeof text, "parked item %zu", i + 1);
		expect_ok(ws_park(fx->ws, text, &err), &err);
	}
	for (size_t i = 0; i < WORKSHOP_UNDO_MAX; i++) {
		const char *what = NULL;
		assert_true(ws_can_undo(fx->ws));
		expect_ok(ws_undo(fx->ws, &what, &err), &err);
		assert_string_equal(what, "the parked item");
	}
	const char *what = NULL;
	assert_false(ws_can_undo(fx->ws));
	expect_refused(ws_undo(fx->ws, &what, &err), &err, ERR_DATA, "nothing to undo");
	assert_int_equal(S(fx)->nparking, extra);
	assert_string_equal(S(fx)->parking[0].text, "parked item 1");
	assert_string_equal(S(fx)->parking[extra - 1].text, "parked item 5");
	assert_saved(fx);
}

static void workshop__undo__reaches_a_step_added_and_edited_before_its_deletion_was_undone(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_step(fx, "Pilot show-and-tell", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "Answers wiki", HORIZON_MEDIUM, STEP_PLANNED);
	const struct step fields = {.text = (char *)"Pilot show-and-tell in Sales",
				    .horizon = HORIZON_SHORT};
	expect_ok(ws_edit_step(fx->ws, 0, &fields, &err), &err);
	expect_ok(ws_remove(fx->ws, LIST_STEPS, 0, &err), &err);
	undo(fx, "the deleted step");
	undo(fx, "a step");
	assert_string_equal(S(fx)->steps[0].text, "Pilot show-and-tell");
	undo(fx, "the new step");
	assert_int_equal(S(fx)->nsteps, 1);
	undo(fx, "the new step");
	assert_int_equal(S(fx)->nsteps, 0);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM steps", 0), 0);
	sqlite3_close(raw);
}

static void workshop__undo__of_a_metric_edit_keeps_the_measurements_recorded_since(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_metric(fx, "Questions answered within a day", 0);
	struct metric m = S(fx)->metrics[0];
	m.target = 80;
	expect_ok(ws_edit_metric(fx->ws, 0, &m, &err), &err);
	expect_ok(ws_measure(fx->ws, 0, 55, date_from_civil(2026, 11, 28), &err), &err);
	undo(fx, "a metric");
	assert_true(S(fx)->metrics[0].target == 70);
	assert_int_equal(S(fx)->metrics[0].nmeasurements, 1);
}

static void workshop__undo__of_a_step_edit_keeps_the_points_of_a_ballot_revealed_since(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_step(fx, "Pilot show-and-tell", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "Answers wiki", HORIZON_SHORT, STEP_PLANNED);
	const struct step fields = {.text = (char *)"Pilot show-and-tell in Sales",
				    .horizon = HORIZON_SHORT};
	expect_ok(ws_edit_step(fx->ws, 0, &fields, &err), &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true, .entry = BALLOT_ENTRY_TALLY};
	size_t b;
	expect_ok(ws_open_ballot(fx->ws, &set, &b, &err), &err);
	expect_ok(ws_set_tally(fx->ws, b, 0, 4, &err), &err);
	expect_ok(ws_set_tally(fx->ws, b, 1, 6, &err), &err);
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	undo(fx, "a step");
	assert_string_equal(S(fx)->steps[0].text, "Pilot show-and-tell");
	assert_int_equal(S(fx)->steps[0].points, 4);
	assert_int_equal(S(fx)->steps[0].rank, 2);
}

static void workshop__undo__of_a_step_edit_ties_it_to_its_goal_put_back_since(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	expect_ok(ws_add_goal(fx->ws, "Answers are found in a minute", NULL, &err), &err);
	struct step fields = {.text = (char *)"Answers wiki", .horizon = HORIZON_MEDIUM,
			      .goal_id = S(fx)->goals[0].id};
	expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
	fields.text = (char *)"A searchable answers wiki";
	expect_ok(ws_edit_step(fx->ws, 0, &fields, &err), &err);
	expect_ok(ws_remove(fx->ws, LIST_GOALS, 0, &err), &err);
	assert_int_equal(S(fx)->steps[0].goal_id, 0);
	undo(fx, "the deleted goal");
	undo(fx, "a step");
	assert_string_equal(S(fx)->steps[0].text, "Answers wiki");
	assert_int_equal(S(fx)->steps[0].goal_id, S(fx)->goals[0].id);
}

/* ---- a second window on the same session ---- */

static void workshop_open__a_second_window_is_read_only_and_says_who_holds_the_session(
	void **state)
{
	const struct fixture *fx = *state;
	struct store *other = open_store(fx->db);
	struct workshop *ro = open_workshop(other, fx->id);
	assert_true(ro->read_only);
	char pid[32];
	snprintf(pid, sizeof pid, "process %ld", (long)getpid());
	assert_non_null(strstr(ro->holder, pid));
	assert_non_null(strchr(ro->holder, '@'));
	assert_false(ws_can_undo(ro));
	assert_same_session(S(fx), ro->s);
	workshop_close(ro);
	store_close(other);
	assert_false(fx->ws->read_only);
}

/* Tries every change a screen can make in a read-only window: each one is
 * refused as busy. */
static void try_every_change(struct workshop *ro)
{
	struct error err = {0};
	const char *what = NULL;
	size_t b = 99;
	const struct metric m = {.name = (char *)"m", .baseline = NAN, .target = NAN,
				 .target_date = NO_DATE, .baseline_date = NO_DATE};
	const struct step st = {.text = (char *)"s", .points = POINTS_NONE};
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1};
	const int dots[] = {1, 1, 1, 0};
	const struct ballot_vote vote = {.dots = dots};
	enum err_code codes[32];
	size_t n = 0;
	codes[n++] = ws_rate(ro, 0, ANA, 3, &err);
	codes[n++] = ws_group_score(ro, 0, 3, &err);
	codes[n++] = ws_add_note(ro, 0, NOTE_GAP, "n", &err);
	codes[n++] = ws_remove_note(ro, 0, 0, &err);
	codes[n++] = ws_add_participant(ro, "Dee", &err);
	codes[n++] = ws_rename_participant(ro, ANA, "Ana B", &err);
	codes[n++] = ws_add_value(ro, "v", &err);
	codes[n++] = ws_edit_value(ro, 0, "v2", &err);
	codes[n++] = ws_add_goal(ro, "g", NULL, &err);
	codes[n++] = ws_edit_goal(ro, 0, "g2", NULL, &err);
	codes[n++] = ws_goal_status(ro, 0, GOAL_RETIRED, &err);
	codes[n++] = ws_add_metric(ro, &m, &err);
	codes[n++] = ws_edit_metric(ro, 0, &m, &err);
	codes[n++] = ws_measure(ro, 0, 50, date_from_civil(2026, 11, 28), &err);
	codes[n++] = ws_add_step(ro, &st, &err);
	codes[n++] = ws_edit_step(ro, 0, &st, &err);
	codes[n++] = ws_park(ro, "p", &err);
	codes[n++] = ws_edit_parked(ro, 0, "p2", &err);
	codes[n++] = ws_remove(ro, LIST_STEPS, 0, &err);
	codes[n++] = ws_remove(ro, LIST_PARTICIPANTS, 0, &err);
	codes[n++] = ws_move(ro, LIST_STEPS, 0, 1, &err);
	codes[n++] = ws_set_field(ro, "title", "t", &err);
	codes[n++] = ws_close_session(ro, &err);
	codes[n++] = ws_reopen_session(ro, &err);
	codes[n++] = ws_open_ballot(ro, &set, &b, &err);
	codes[n++] = ws_cast(ro, 0, CY, &vote, &err);
	codes[n++] = ws_set_tally(ro, 0, 0, 1, &err);
	codes[n++] = ws_close_ballot(ro, 0, &err);
	codes[n++] = ws_reveal_ballot(ro, 0, &err);
	codes[n++] = ws_undo(ro, &what, &err);
	assert_true(n <= NELEMS(codes));
	for (size_t i = 0; i < n; i++) {
		if (codes[i] != ERR_BUSY)
			print_error("change %zu: got %d, not busy\n", i, codes[i]);
		assert_int_equal(codes[i], ERR_BUSY);
	}
	assert_non_null(strstr(err.msg, "read-only"));
	assert_non_null(strstr(err.msg, ro->holder));
	assert_int_equal(b, 99);
	assert_null(what);
}

static void workshop__read_only__refuses_every_change_as_busy_and_leaves_the_file_alone(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson", NULL, &err), &err);
	add_metric(fx, "Teams sharing monthly", 0);
	expect_ok(ws_park(fx->ws, "Who pays for the wiki?", &err), &err);
	expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, "answers get lost in chat", &err), &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b;
	expect_ok(ws_open_ballot(fx->ws, &set, &b, &err), &err);

	struct store *other = open_store(fx->db);
	struct workshop *ro = open_workshop(other, fx->id);
	assert_true(ro->read_only);
	char *before = dump_database(fx->db);
	try_every_change(ro);
	char *after = dump_database(fx->db);
	assert_string_equal(after, before);
	assert_same_session(S(fx), ro->s);

	/* Looking at another stage and timing it is this window's own. */
	time_t now = clock_now();
	expect_ok(ws_set_stage(ro, STAGE_STEPS, &err), &err);
	expect_ok(ws_timer_toggle(ro, STAGE_STEPS, now, &err), &err);
	expect_ok(ws_timer_add(ro, STAGE_STEPS, 60, now, &err), &err);
	assert_int_equal(ro->s->stage, STAGE_STEPS);
	assert_true(ws_timer_running(ro, STAGE_STEPS));
	free(after);
	after = dump_database(fx->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
	workshop_close(ro);
	store_close(other);
	assert_saved(fx);
}

static void workshop_open__takes_the_session_once_the_first_window_has_closed(void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	struct store *other = open_store(fx->db);
	struct workshop *ro = open_workshop(other, fx->id);
	assert_true(ro->read_only);
	workshop_close(ro);

	workshop_close(fx->ws);
	fx->ws = NULL;
	struct workshop *second = open_workshop(other, fx->id);
	assert_false(second->read_only);
	expect_ok(ws_park(second, "Who pays for the wiki?", &err), &err);

	fx->ws = open_workshop(fx->st, fx->id);
	assert_true(fx->ws->read_only);
	expect_refused(ws_park(fx->ws, "Who owns the wiki?", &err), &err, ERR_BUSY, "read-only");
	workshop_close(fx->ws);
	fx->ws = NULL;
	workshop_close(second);
	store_close(other);

	fx->ws = open_workshop(fx->st, fx->id);
	assert_false(fx->ws->read_only);
	assert_int_equal(S(fx)->nparking, 1);
	assert_string_equal(S(fx)->parking[0].text, "Who pays for the wiki?");
}

/* ---- ballots ---- */

static size_t open_ballot(const struct fixture *fx, const struct ballot_settings *set)
{
	struct error err = {0};
	size_t b = SIZE_MAX;
	expect_ok(ws_open_ballot(fx->ws, set, &b, &err), &err);
	assert_int_equal(b, S(fx)->nballots - 1);
	return b;
}

static void cast(const struct fixture *fx, size_t b, size_t p, const struct ballot_vote *v)
{
	struct error err = {0};
	expect_ok(ws_cast(fx->ws, b, p, v, &err), &err);
}

static void cast_dots(const struct fixture *fx, size_t b, size_t p, const int *dots)
{
	const struct ballot_vote v = {.dots = dots};
	cast(fx, b, p, &v);
}

static void add_dee(const struct fixture *fx)
{
	struct error err = {0};
	expect_ok(ws_add_participant(fx->ws, "Dee", &err), &err);
}

/* The points and rank the steps table holds for step i; POINTS_NONE and 0
 * stand for NULL. */
static void assert_step_result(const struct fixture *fx, size_t i, long points, int rank)
{
	sqlite3 *raw = raw_open(fx->db);
	sqlite3_stmt *q = raw_prepare(raw, "SELECT points, rank FROM steps WHERE id = ?1");
	sqlite3_bind_int64(q, 1, S(fx)->steps[i].id);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	if (points == POINTS_NONE)
		assert_int_equal(sqlite3_column_type(q, 0), SQLITE_NULL);
	else
		assert_int_equal(sqlite3_column_int64(q, 0), points);
	if (rank == 0)
		assert_int_equal(sqlite3_column_type(q, 1), SQLITE_NULL);
	else
		assert_int_equal(sqlite3_column_int(q, 1), rank);
	sqlite3_finalize(q);
	sqlite3_close(raw);
	assert_int_equal(S(fx)->steps[i].points, points);
	assert_int_equal(S(fx)->steps[i].rank, rank);
}

static void assert_no_step_scored(const struct fixture *fx)
{
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM steps"
				 " WHERE points IS NOT NULL OR rank IS NOT NULL", 0), 0);
	sqlite3_close(raw);
}

static void ws_open_ballot__puts_only_the_steps_still_to_do_on_the_ballot(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings all = {.method = BALLOT_APPROVAL, .horizon = -1};
	size_t b = open_ballot(fx, &all);
	const struct ballot *x = &S(fx)->ballots[b];
	assert_int_equal(x->ncandidates, 4);
	for (size_t c = 0; c < 4; c++)
		assert_int_equal(x->candidates[c], S(fx)->steps[c].id);

	const struct ballot_settings short_term = {.method = BALLOT_DOTS, .horizon = HORIZON_SHORT};
	b = open_ballot(fx, &short_term);
	x = &S(fx)->ballots[b];
	assert_int_equal(x->ncandidates, 2);
	assert_int_equal(x->candidates[0], S(fx)->steps[0].id);
	assert_int_equal(x->candidates[1], S(fx)->steps[3].id);
	assert_saved(fx);

	sqlite3 *raw = raw_open(fx->db);
	for (size_t i = 4; i < 6; i++)
		assert_int_equal(raw_int(raw, "SELECT count(*) FROM ballot_candidates"
					 " WHERE step_id = ?1", S(fx)->steps[i].id), 0);
	sqlite3_close(raw);

	const struct ballot_settings long_term = {.method = BALLOT_DOTS, .horizon = HORIZON_LONG};
	size_t none = 7;
	expect_refused(ws_open_ballot(fx->ws, &long_term, &none, &err), &err, ERR_DATA,
		       "at least two steps");
	assert_int_equal(none, 7);
	assert_int_equal(S(fx)->nballots, 2);
	assert_saved(fx);
}

/* Ids are never reused, so a newcomer is never mistaken for someone who
 * left after voting. */
static void ws_cast__lets_a_newcomer_vote_after_someone_who_voted_left(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	cast_dots(fx, b, CY, (const int[]){1, 0, 0, 0});
	int64_t cy = participant_id(fx, CY);
	expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, CY, &err), &err);
	add_dee(fx);
	size_t dee = S(fx)->nparticipants - 1;
	assert_true(participant_id(fx, dee) != cy);
	cast_dots(fx, b, dee, (const int[]){0, 1, 0, 0});
	assert_int_equal(S(fx)->ballots[b].nvoters, 2);
	assert_saved(fx);
}

/* Undoing a removal brings the same person and the same step back to the
 * ballot: still counted as having voted, still a candidate. */
static void workshop__undo__keeps_a_restored_voter_and_step_on_their_ballot(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	cast_dots(fx, b, ANA, (const int[]){1, 0, 0, 0});
	expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, ANA, &err), &err);
	undo(fx, "the removed participant");
	const struct ballot *x = &S(fx)->ballots[b];
	assert_true(ballot_has_voted(x, participant_id(fx, ANA)));
	const struct ballot_vote again = {.dots = (const int[]){1, 0, 0, 0}};
	expect_refused(ws_cast(fx->ws, b, ANA, &again, &err), &err, ERR_DATA, "already");
	expect_ok(ws_remove(fx->ws, LIST_STEPS, 0, &err), &err);
	undo(fx, "the deleted step");
	x = &S(fx)->ballots[b];
	assert_true(ballot_candidate_index(x, S(fx)->steps[0].id) >= 0);
	assert_saved(fx);
}

static void ws_reveal_ballot__dots_writes_the_points_and_shared_ranks_onto_the_steps(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1, .budget = 4,
					    .cap = 2, .anonymous = true};
	size_t b = open_ballot(fx, &set);
	assert_int_equal(S(fx)->ballots[b].budget, 4);
	assert_int_equal(S(fx)->ballots[b].cap, 2);
	cast_dots(fx, b, ANA, (const int[]){2, 1, 0, 1});
	cast_dots(fx, b, BO, (const int[]){2, 0, 2, 0});
	const struct ballot_vote over_cap = {.dots = (const int[]){0, 3, 0, 0}};
	expect_refused(ws_cast(fx->ws, b, CY, &over_cap, &err), &err, ERR_DATA, "at most 2");
	cast_dots(fx, b, CY, (const int[]){0, 1, 1, 2});
	assert_saved(fx);
	assert_no_step_scored(fx);

	expect_ok(ws_close_ballot(fx->ws, b, &err), &err);
	assert_int_equal(S(fx)->ballots[b].status, BALLOT_CLOSED);
	assert_saved(fx);
	assert_no_step_scored(fx);

	/* By hand: 2+2+0, 1+0+1, 0+2+1, 1+0+2 = 4, 2, 3, 3. */
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	assert_saved(fx);
	assert_step_result(fx, 0, 4, 1);
	assert_step_result(fx, 1, 2, 4);
	assert_step_result(fx, 2, 3, 2);
	assert_step_result(fx, 3, 3, 2);
	assert_step_result(fx, 4, POINTS_NONE, 0);
	assert_step_result(fx, 5, POINTS_NONE, 0);
}

static void ws_cast__refuses_a_second_vote_by_the_same_participant_and_keeps_the_totals(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1, .anonymous = true};
	size_t b = open_ballot(fx, &set);
	cast_dots(fx, b, BO, (const int[]){1, 1, 1, 0});
	char *before = dump_database(fx->db);
	const struct ballot_vote again = {.dots = (const int[]){0, 0, 0, 3}};
	expect_refused(ws_cast(fx->ws, b, BO, &again, &err), &err, ERR_DATA, "already voted");
	char *after = dump_database(fx->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
	const struct ballot *x = &S(fx)->ballots[b];
	assert_int_equal(x->nvoters, 1);
	assert_int_equal(x->points[3], 0);
	expect_refused(ws_cast(fx->ws, b, NPEOPLE, &again, &err), &err, ERR_DATA,
		       "no such participant");
	assert_saved(fx);
}

static void ws_cast__refuses_a_vote_once_the_ballot_is_closed(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_APPROVAL, .horizon = -1};
	size_t b = open_ballot(fx, &set);
	const struct ballot_vote v = {.approve = (const bool[]){true, false, true, false}};
	cast(fx, b, ANA, &v);
	expect_ok(ws_close_ballot(fx->ws, b, &err), &err);
	expect_refused(ws_cast(fx->ws, b, BO, &v, &err), &err, ERR_DATA, "closed");
	expect_refused(ws_close_ballot(fx->ws, b, &err), &err, ERR_DATA, "already closed");
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	expect_refused(ws_cast(fx->ws, b, BO, &v, &err), &err, ERR_DATA, "closed");
	assert_int_equal(S(fx)->ballots[b].nvoters, 1);
	assert_saved(fx);
	assert_step_result(fx, 0, 1, 1);
	assert_step_result(fx, 2, 1, 1);
	assert_step_result(fx, 1, 0, 3);
}

static void ws_reveal_ballot__approval_counts_approvals_and_keeps_ties(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	add_dee(fx);
	const struct ballot_settings set = {.method = BALLOT_APPROVAL, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	static const bool votes[4][4] = {
		{true, true, false, false},
		{true, false, true, false},
		{false, true, true, true},
		{true, true, false, false},
	};
	for (size_t p = 0; p < 4; p++) {
		const struct ballot_vote v = {.approve = votes[p]};
		cast(fx, b, p, &v);
	}
	/* By hand: 3, 3, 2, 1. */
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	assert_saved(fx);
	assert_step_result(fx, 0, 3, 1);
	assert_step_result(fx, 1, 3, 1);
	assert_step_result(fx, 2, 2, 3);
	assert_step_result(fx, 3, 1, 4);
}

static void ws_reveal_ballot__ranked_gives_borda_points_and_no_condorcet_winner_on_a_cycle(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	add_dee(fx);
	const struct ballot_settings set = {.method = BALLOT_RANKED, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	/* A beats B, B beats C, C beats A, two to one each; Dee ranks only D. */
	static const size_t ana[] = {0, 1, 2, 3}, bo[] = {1, 2, 0, 3}, cy[] = {2, 0, 1, 3},
			    dee[] = {3};
	const struct ballot_vote votes[] = {
		{.order = ana, .norder = 4}, {.order = bo, .norder = 4},
		{.order = cy, .norder = 4}, {.order = dee, .norder = 1},
	};
	for (size_t p = 0; p < NELEMS(votes); p++)
		cast(fx, b, p, &votes[p]);
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	assert_saved(fx);

	/* Borda on four: 3, 2, 1, 0. A: 3+1+2, B: 2+3+1, C: 1+2+3, D: 0+0+0+3. */
	assert_step_result(fx, 0, 6, 1);
	assert_step_result(fx, 1, 6, 1);
	assert_step_result(fx, 2, 6, 1);
	assert_step_result(fx, 3, 3, 4);

	static const long pairs[4][4] = {
		{0, 2, 1, 3},
		{1, 0, 2, 3},
		{2, 1, 0, 3},
		{1, 1, 1, 0},
	};
	sqlite3 *raw = raw_open(fx->db);
	sqlite3_stmt *q = raw_prepare(raw, "SELECT coalesce((SELECT count FROM ballot_pairs"
				      " WHERE ballot_id = ?1 AND winner = ?2 AND loser = ?3), 0)");
	for (int w = 0; w < 4; w++) {
		for (int l = 0; l < 4; l++) {
			sqlite3_bind_int64(q, 1, S(fx)->ballots[b].id);
			sqlite3_bind_int(q, 2, w);
			sqlite3_bind_int(q, 3, l);
			assert_int_equal(sqlite3_step(q), SQLITE_ROW);
			assert_int_equal(sqlite3_column_int64(q, 0), pairs[w][l]);
			sqlite3_reset(q);
		}
	}
	sqlite3_finalize(q);
	sqlite3_close(raw);

	struct session *disk = on_disk(fx);
	struct ballot_results r;
	expect_ok(ballot_tally(&disk->ballots[b], &r, &err), &err);
	assert_true(r.has_condorcet);
	assert_int_equal(r.condorcet, -1);
	assert_true(r.has_ties);
	ballot_results_free(&r);
	session_free(disk);
}

static void ws_reveal_ballot__scoring_ranks_by_priority_and_keeps_negative_points(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_SCORING, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	static const int impact[3][4] = {{5, 2, 4, 0}, {4, 3, 2, 0}, {3, 0, 3, 0}};
	static const int effort[3][4] = {{1, 4, 4, 0}, {2, 2, 5, 0}, {2, 0, 1, 0}};
	for (size_t p = 0; p < 3; p++) {
		const struct ballot_vote v = {.impact = impact[p], .effort = effort[p]};
		cast(fx, b, p, &v);
	}
	const struct ballot_vote half = {.impact = (const int[]){3, 0, 0, 0},
					 .effort = (const int[]){0, 0, 0, 0}};
	add_dee(fx);
	expect_refused(ws_cast(fx->ws, b, 3, &half, &err), &err, ERR_DATA, "or neither");
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	assert_saved(fx);

	/* By hand, 10 * (mean impact - mean effort), half away from zero:
	 * A 10 * (12 - 5) / 3 = 23.3 -> 23; B 10 * (5 - 6) / 2 = -5;
	 * C 10 * (9 - 10) / 3 = -3.3 -> -3; D nobody scored it: last, 0. */
	assert_step_result(fx, 0, 23, 1);
	assert_step_result(fx, 1, -5, 3);
	assert_step_result(fx, 2, -3, 2);
	assert_step_result(fx, 3, 0, 4);

	static const long sums[4][3] = {{12, 5, 3}, {5, 6, 2}, {9, 10, 3}, {0, 0, 0}};
	sqlite3 *raw = raw_open(fx->db);
	sqlite3_stmt *q = raw_prepare(raw, "SELECT impact_sum, effort_sum, score_count"
				      " FROM ballot_candidates WHERE ballot_id = ?1 ORDER BY position");
	sqlite3_bind_int64(q, 1, S(fx)->ballots[b].id);
	for (size_t c = 0; c < 4; c++) {
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		for (int k = 0; k < 3; k++)
			assert_int_equal(sqlite3_column_int64(q, k), sums[c][k]);
	}
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(raw);
}

static void ws_set_tally__dots_from_the_wall_are_kept_within_the_limit_and_revealed(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .entry = BALLOT_ENTRY_TALLY,
					    .horizon = HORIZON_SHORT, .budget = 3, .cap = 3,
					    .anonymous = true, .wall_voters = 6};
	size_t b = open_ballot(fx, &set);
	assert_int_equal(S(fx)->ballots[b].ncandidates, 2);
	assert_int_equal(S(fx)->ballots[b].tally_voters, 6);
	expect_ok(ws_set_tally(fx->ws, b, 0, 7, &err), &err);
	expect_ok(ws_set_tally(fx->ws, b, 1, 9, &err), &err);
	expect_refused(ws_set_tally(fx->ws, b, 1, 19, &err), &err, ERR_DATA, "at most 18");
	expect_ok(ws_set_tally(fx->ws, b, 1, 11, &err), &err);
	const struct ballot_vote paper = {.dots = (const int[]){1, 2}};
	expect_refused(ws_cast(fx->ws, b, ANA, &paper, &err), &err, ERR_DATA, "from the wall");
	assert_int_equal(S(fx)->ballots[b].nvoters, 0);
	assert_saved(fx);
	assert_no_step_scored(fx);

	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	expect_refused(ws_set_tally(fx->ws, b, 0, 8, &err), &err, ERR_DATA, "closed");
	assert_saved(fx);
	assert_step_result(fx, 0, 7, 2);
	assert_step_result(fx, 3, 11, 1);
	for (size_t i = 1; i < 6; i++)
		if (i != 3)
			assert_step_result(fx, i, POINTS_NONE, 0);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT tally_voters FROM ballots WHERE entry = 'tally'"
				 " AND method = 'dots' AND status = 'revealed'", 0), 6);
	sqlite3_close(raw);
}

static void ws_open_ballot__and_every_vote_are_refused_in_a_closed_session(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1};
	size_t b = open_ballot(fx, &set);
	const struct ballot_settings tally = {.method = BALLOT_APPROVAL,
					      .entry = BALLOT_ENTRY_TALLY, .horizon = -1};
	size_t t = open_ballot(fx, &tally);
	expect_ok(ws_close_session(fx->ws, &err), &err);
	char *before = dump_database(fx->db);

	size_t none = 7;
	expect_refused(ws_open_ballot(fx->ws, &set, &none, &err), &err, ERR_DATA, "closed");
	assert_int_equal(none, 7);
	const struct ballot_vote v = {.dots = (const int[]){1, 0, 0, 0}};
	expect_refused(ws_cast(fx->ws, b, ANA, &v, &err), &err, ERR_DATA, "closed");
	expect_refused(ws_set_tally(fx->ws, t, 0, 2, &err), &err, ERR_DATA, "closed");
	expect_refused(ws_close_ballot(fx->ws, b, &err), &err, ERR_DATA, "closed");
	expect_refused(ws_reveal_ballot(fx->ws, b, &err), &err, ERR_DATA, "closed");
	char *after = dump_database(fx->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
	assert_int_equal(S(fx)->nballots, 2);
	assert_int_equal(S(fx)->ballots[b].status, BALLOT_OPEN);
	assert_saved(fx);
}

/* ---- an anonymous ballot, as the file keeps it ---- */

/* Three steps and an anonymous dots ballot on them, with room for 99 dots
 * on one step. Everyone chooses differently, and the totals between the
 * first vote and the last are held by no later state: Cy's whole ballot is
 * 99 on the third step, which grows to 148 and 158 and so outgrows the
 * byte it was first stored in. The votes come in the order Cy, Ana, Bo. */
#define ANON_STEPS 3
static const int anon_dots[NPEOPLE][ANON_STEPS] = {
	[ANA] = {40, 10, 49},
	[BO] = {5, 60, 10},
	[CY] = {0, 0, 99},
};
static const size_t anon_order[NPEOPLE] = {CY, ANA, BO};

static void assert_voters_sorted(const struct ballot *b)
{
	for (size_t v = 1; v < b->nvoters; v++)
		assert_true(b->voters[v - 1] < b->voters[v]);
}

/* Runs the ballot in the workshop, the votes coming in this order. */
static size_t run_anonymous_ballot(const char *db, struct workshop *ws, const size_t *order)
{
	static const char *const texts[ANON_STEPS] = {
		"Pilot show-and-tell", "Answers wiki", "Recognition for sharing"};
	struct error err = {0};
	for (size_t i = 0; i < ANON_STEPS; i++) {
		const struct step fields = {.text = (char *)texts[i], .points = POINTS_NONE};
		expect_ok(ws_add_step(ws, &fields, &err), &err);
	}
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1, .budget = 99,
					    .cap = 99, .anonymous = true};
	size_t b = SIZE_MAX;
	expect_ok(ws_open_ballot(ws, &set, &b, &err), &err);
	assert_wal_empty(db);
	for (size_t k = 0; k < NPEOPLE; k++) {
		const struct ballot_vote v = {.dots = anon_dots[order[k]]};
		expect_ok(ws_cast(ws, b, order[k], &v, &err), &err);
		assert_wal_empty(db);
		assert_voters_sorted(&ws->s->ballots[b]);
	}
	return b;
}

static bool names_a_participant(sqlite3 *db, const char *table, const char *column)
{
	static const char *const names[] = {"participant", "participant_id", "voter", "voter_id",
					    "person", "person_id"};
	for (size_t i = 0; i < NELEMS(names); i++)
		if (strcmp(column, names[i]) == 0)
			return true;
	sqlite3_stmt *q = raw_prepare(db, "SELECT count(*) FROM pragma_foreign_key_list(?1)"
				      " WHERE \"table\" = 'participants' AND \"from\" = ?2");
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, column, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	bool refers = sqlite3_column_int(q, 0) > 0;
	sqlite3_finalize(q);
	return refers;
}

static bool holds_ballot_data(sqlite3 *db, const char *table, const char *column)
{
	if (strncmp(table, "ballot", 6) == 0 || strcmp(column, "ballot_id") == 0)
		return true;
	sqlite3_stmt *q = raw_prepare(db, "SELECT count(*) FROM pragma_foreign_key_list(?1)"
				      " WHERE \"table\" LIKE 'ballot%' AND \"from\" = ?2");
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, column, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	bool refers = sqlite3_column_int(q, 0) > 0;
	sqlite3_finalize(q);
	return refers;
}

/* How many rows of this table belong to the ballot. */
static int64_t rows_of_ballot(sqlite3 *db, const char *table, int64_t ballot)
{
	struct sbuf sql = SBUF_INIT;
	sbuf_addf(&sql, "SELECT count(*) FROM \"%s\" WHERE ballot_id = ?1", table);
	int64_t n = raw_int(db, sbuf_str(&sql), ballot);
	sbuf_free(&sql);
	return n;
}

/* A named ballot beside the anonymous one, the same people voting. */
static size_t run_named_ballot(const struct fixture *fx)
{
	const struct ballot_settings set = {.method = BALLOT_APPROVAL, .horizon = -1};
	size_t b = open_ballot(fx, &set);
	assert_false(S(fx)->ballots[b].anonymous);
	for (size_t p = 0; p < NPEOPLE; p++) {
		const struct ballot_vote v = {.approve = (const bool[]){p != 0, p != 1, true}};
		cast(fx, b, p, &v);
	}
	return b;
}

static void anonymous_ballot__no_table_but_ballot_voters_puts_a_person_beside_its_data(
	void **state)
{
	const struct fixture *fx = *state;
	size_t anon = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	size_t named = run_named_ballot(fx);
	int64_t anon_id = S(fx)->ballots[anon].id, named_id = S(fx)->ballots[named].id;
	sqlite3 *raw = raw_open(fx->db);
	sqlite3_stmt *tables = raw_prepare(raw, "SELECT name FROM sqlite_master"
					   " WHERE type = 'table' ORDER BY name");
	size_t ntables = 0, nballot_tables = 0;
	int64_t named_rows = 0;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(tables, 0);
		sqlite3_stmt *cols = raw_prepare(raw, "SELECT name FROM pragma_table_info(?1)");
		sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
		bool person = false, ballot = false, by_ballot = false;
		struct sbuf names = SBUF_INIT;
		while (sqlite3_step(cols) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(cols, 0);
			person |= names_a_participant(raw, table, col);
			ballot |= holds_ballot_data(raw, table, col);
			by_ballot |= strcmp(col, "ballot_id") == 0;
			sbuf_addf(&names, "%s%s", names.len ? "," : "", col);
			/* Nothing in a ballot's rows may say when a vote came. */
			if (strncmp(table, "ballot", 6) == 0)
				assert_null(strstr(col, "_at"));
		}
		sqlite3_finalize(cols);
		ntables++;
		nballot_tables += ballot;
		if (person && ballot && strcmp(table, "ballot_voters") == 0) {
			/* Who has voted, and nothing else. */
			assert_string_equal(sbuf_str(&names), "ballot_id,participant_id");
		} else if (person && ballot) {
			/* Who chose what, for named ballots: not one row of the
			 * anonymous ballot. */
			if (!by_ballot || rows_of_ballot(raw, table, anon_id) != 0)
				print_error("%s(%s) ties a person to the anonymous ballot\n", table,
					    sbuf_str(&names));
			assert_true(by_ballot);
			assert_int_equal(rows_of_ballot(raw, table, anon_id), 0);
			named_rows += rows_of_ballot(raw, table, named_id);
		}
		sbuf_free(&names);
	}
	sqlite3_finalize(tables);
	sqlite3_close(raw);
	assert_true(ntables > 10);
	assert_true(nballot_tables >= 4);
	/* The test can tell: the named ballot's choices are there. */
	assert_int_equal(named_rows, 2 + 2 + 3);
	assert_saved(fx);
}

static void anonymous_ballot__ballot_voters_reads_in_participant_order_without_a_rowid(
	void **state)
{
	const struct fixture *fx = *state;
	size_t b = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	sqlite3 *raw = raw_open(fx->db);
	sqlite3_stmt *q = raw_prepare(raw, "SELECT * FROM ballot_voters");
	for (size_t p = 0; p < NPEOPLE; p++) {
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_count(q), 2);
		assert_int_equal(sqlite3_column_int64(q, 0), S(fx)->ballots[b].id);
		assert_int_equal(sqlite3_column_int64(q, 1), participant_id(fx, p));
	}
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);

	q = raw_prepare(raw, "SELECT upper(sql) FROM sqlite_master WHERE name = 'ballot_voters'");
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(q, 0), "WITHOUT ROWID"));
	sqlite3_finalize(q);
	sqlite3_stmt *rowid = NULL;
	assert_int_not_equal(sqlite3_prepare_v2(raw, "SELECT rowid FROM ballot_voters", -1,
						&rowid, NULL), SQLITE_OK);
	sqlite3_finalize(rowid);
	sqlite3_close(raw);

	/* The ids rise in the order the people were added: Ana, Bo, Cy. */
	assert_true(participant_id(fx, ANA) < participant_id(fx, BO));
	assert_true(participant_id(fx, BO) < participant_id(fx, CY));
	const struct ballot *x = &S(fx)->ballots[b];
	assert_int_equal(x->nvoters, NPEOPLE);
	for (size_t p = 0; p < NPEOPLE; p++)
		assert_int_equal(x->voters[p], participant_id(fx, p));
	assert_saved(fx);
}

static void anonymous_ballot__ballot_candidates_holds_only_the_sums_of_the_ballots(
	void **state)
{
	const struct fixture *fx = *state;
	size_t b = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	sqlite3 *raw = raw_open(fx->db);
	int64_t id = S(fx)->ballots[b].id;
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ballot_candidates", 0), ANON_STEPS);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ballot_pairs", 0), 0);
	sqlite3_stmt *q = raw_prepare(raw, "SELECT position, step_id, points, impact_sum,"
				      " effort_sum, score_count FROM ballot_candidates"
				      " WHERE ballot_id = ?1 ORDER BY position");
	sqlite3_bind_int64(q, 1, id);
	for (size_t c = 0; c < ANON_STEPS; c++) {
		long sum = 0;
		for (size_t p = 0; p < NPEOPLE; p++)
			sum += anon_dots[p][c];
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(q, 0), c);
		assert_int_equal(sqlite3_column_int64(q, 1), S(fx)->steps[c].id);
		assert_int_equal(sqlite3_column_int64(q, 2), sum);
		for (int k = 3; k < 6; k++)
			assert_int_equal(sqlite3_column_int64(q, k), 0);
	}
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ballots WHERE anonymous = 1", 0), 1);
	sqlite3_close(raw);
	assert_saved(fx);
}

static void anonymous_ballot__the_write_ahead_log_is_empty_after_every_vote_and_the_reveal(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	size_t b = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	assert_wal_empty(fx->db);
	assert_saved(fx);
}

/* ---- the bytes of the file ---- */

/* A new database in the test's folder where the anonymous ballot is run,
 * the votes coming in this order; closed, so that everything is in the
 * database file itself. */
static void vote_in_new_file(const struct fixture *fx, const char *name, const size_t *order,
			     char path[PATH_SIZE])
{
	struct store *st;
	struct workshop *ws;
	int64_t id;
	char wal[PATH_SIZE + 8];
	snprintf(path, PATH_SIZE, "%s/%s", fx->dir, name);
	start_workshop(path, &st, &ws, &id);
	run_anonymous_ballot(path, ws, order);
	workshop_close(ws);
	store_close(st);
	wal_path(path, wal);
	assert_false(file_exists(wal));
}

/* Names the tables whose pages differ between two files. */
static void report_differing_pages(const char *path, const struct bytes *a, const struct bytes *b)
{
	sqlite3 *raw = raw_open(path);
	size_t size = (size_t)raw_int(raw, "PRAGMA page_size", 0);
	sqlite3_stmt *q = raw_prepare(raw, "SELECT coalesce((SELECT name FROM sqlite_master"
				      " WHERE rootpage = ?1), '(a page not a root)')");
	for (size_t at = 0; at + size <= a->len && at + size <= b->len; at += size) {
		if (memcmp(a->data + at, b->data + at, size) == 0)
			continue;
		sqlite3_bind_int64(q, 1, (sqlite3_int64)(at / size + 1));
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		print_error("page %zu (%s) differs\n", at / size + 1,
			    (const char *)sqlite3_column_text(q, 0));
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	sqlite3_close(raw);
}

/* The same votes in another order must leave the same file, byte for
 * byte: then nothing in it tells who voted when, and no total between the
 * first vote and the last survives (those differ with the order). The
 * dots are large enough that some totals outgrow the bytes they had,
 * which moves their rows within the page. */
static void anonymous_ballot__leaves_a_byte_identical_file_whatever_the_order_of_voting(
	void **state)
{
	const struct fixture *fx = *state;
	static const size_t by_name[NPEOPLE] = {ANA, BO, CY};
	char first[PATH_SIZE], second[PATH_SIZE];
	setenv("IMPROV_NOW", CLOCK_START, 1);
	vote_in_new_file(fx, "cy-ana-bo.db", anon_order, first);
	vote_in_new_file(fx, "ana-bo-cy.db", by_name, second);
	struct bytes a = support_read_bytes(first), b = support_read_bytes(second);
	assert_int_equal(a.len, b.len);
	if (memcmp(a.data, b.data, a.len) != 0)
		report_differing_pages(first, &a, &b);
	assert_memory_equal(a.data, b.data, a.len);
	free(a.data);
	free(b.data);
}

/* ---- measurements and timers ---- */

static void ws_measure__keeps_measurements_oldest_first_after_a_reopen(void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	setenv("IMPROV_NOW", CLOCK_START, 1);
	long today = date_today();
	assert_int_equal(today, date_from_civil(2026, 11, 28));
	add_metric(fx, "Questions answered within a day", 0);
	expect_ok(ws_measure(fx->ws, 0, 55, today, &err), &err);
	expect_ok(ws_measure(fx->ws, 0, 48, today - 30, &err), &err);
	expect_refused(ws_measure(fx->ws, 0, NAN, today, &err), &err, ERR_DATA, "number");
	expect_refused(ws_measure(fx->ws, 0, 60, NO_DATE, &err), &err, ERR_DATA, "date");
	expect_refused(ws_measure(fx->ws, 1, 60, today, &err), &err, ERR_DATA, "no such");
	assert_saved(fx);

	workshop_close(fx->ws);
	fx->ws = open_workshop(fx->st, fx->id);
	const struct metric *m = &S(fx)->metrics[0];
	assert_int_equal(m->nmeasurements, 2);
	assert_true(m->measurements[0].value == 48);
	assert_int_equal(m->measurements[0].taken_on, today - 30);
	assert_true(m->measurements[1].value == 55);
	assert_int_equal(m->measurements[1].taken_on, today);
	assert_true(metric_current(m) == 55);
	assert_true(fabs(metric_progress(m) - 0.5) < 1e-9);

	expect_ok(ws_close_session(fx->ws, &err), &err);
	expect_refused(ws_measure(fx->ws, 0, 60, today, &err), &err, ERR_DATA, "closed");
	assert_saved(fx);
}

static time_t set_clock(time_t start, int seconds)
{
	char iso[CLOCK_ISO_SIZE];
	clock_format_iso(start + seconds, iso);
	setenv("IMPROV_NOW", iso, 1);
	assert_int_equal(clock_now(), start + seconds);
	return clock_now();
}

static void reopen(struct fixture *fx)
{
	workshop_close(fx->ws);
	fx->ws = open_workshop(fx->st, fx->id);
	assert_false(fx->ws->read_only);
}

static void ws_timer__runs_pauses_and_gains_minutes_by_the_clock_and_keeps_it_after_a_reopen(
	void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	time_t t0;
	assert_true(clock_parse_iso(CLOCK_START, &t0));
	const enum stage steps = STAGE_STEPS;
	time_t now = set_clock(t0, 0);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 30 * 60);
	assert_false(ws_timer_running(fx->ws, steps));

	expect_ok(ws_timer_toggle(fx->ws, steps, now, &err), &err);
	assert_true(ws_timer_running(fx->ws, steps));
	now = set_clock(t0, 90);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1710);
	expect_ok(ws_timer_add(fx->ws, steps, 60, now, &err), &err);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1770);
	assert_int_equal(S(fx)->timers[steps].box_seconds, 31 * 60);
	now = set_clock(t0, 100);
	expect_ok(ws_timer_toggle(fx->ws, steps, now, &err), &err);
	assert_false(ws_timer_running(fx->ws, steps));
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1760);
	assert_saved(fx);

	now = set_clock(t0, 500);
	reopen(fx);
	assert_false(ws_timer_running(fx->ws, steps));
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1760);
	assert_int_equal(S(fx)->timers[steps].box_seconds, 31 * 60);

	now = set_clock(t0, 600);
	expect_ok(ws_timer_toggle(fx->ws, steps, now, &err), &err);
	now = set_clock(t0, 660);
	reopen(fx);
	assert_true(ws_timer_running(fx->ws, steps));
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1700);
	expect_ok(ws_timer_add(fx->ws, steps, -60, now, &err), &err);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1640);
	assert_int_equal(S(fx)->timers[steps].box_seconds, 30 * 60);
	assert_saved(fx);

	/* The other stages kept their own timeboxes, untouched. */
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), 10 * 60);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_METRICS, now), 15 * 60);
	assert_false(ws_timer_running(fx->ws, STAGE_REVIEW));
}

static void ws_timer__counts_below_zero_once_the_timebox_is_spent(void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	time_t t0;
	assert_true(clock_parse_iso(CLOCK_START, &t0));
	time_t now = set_clock(t0, 0);
	expect_ok(ws_timer_toggle(fx->ws, STAGE_REVIEW, now, &err), &err);
	now = set_clock(t0, 700);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), -100);
	reopen(fx);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), -100);
	expect_ok(ws_timer_toggle(fx->ws, STAGE_REVIEW, now, &err), &err);
	now = set_clock(t0, 900);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), -100);
	assert_saved(fx);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(workshop__undo__clears_a_new_rating_in_memory_and_on_disk),
		TEST(ws_cast__lets_a_newcomer_vote_after_someone_who_voted_left),
		TEST(workshop__undo__of_a_reopen_closes_the_session_again),
		TEST(workshop__undo__keeps_a_restored_voter_and_step_on_their_ballot),
		TEST(workshop__undo__puts_back_a_rating_that_was_cleared),
		TEST(workshop__undo__puts_back_the_rooms_earlier_group_score_and_then_none),
		TEST(workshop__undo__takes_back_a_new_note_and_puts_a_deleted_one_at_its_place),
		TEST(workshop__undo__takes_back_a_new_value_goal_metric_step_and_parked_item),
		TEST(workshop__undo__puts_back_the_old_text_of_an_edited_item_in_every_list),
		TEST(workshop__undo__brings_back_a_removed_participant_at_the_same_place_with_ratings),
		TEST(workshop__undo__reaches_ratings_given_before_a_participant_was_removed_and_put_back),
		TEST(workshop__undo__puts_a_deleted_step_back_at_its_place_in_memory_and_on_disk),
		TEST(workshop__undo__puts_back_a_deleted_metric_with_its_measurements),
		TEST(workshop__undo__ties_a_deleted_goals_metrics_and_steps_to_it_again),
		TEST(workshop__undo__moves_a_moved_step_back_in_memory_and_on_disk),
		TEST(workshop__undo__puts_back_the_old_title_level_and_an_unset_unit),
		TEST(workshop__undo__reopens_a_session_that_was_closed),
		TEST(workshop__undo__with_nothing_done_says_nothing_to_undo),
		TEST(workshop__undo__keeps_only_the_last_WORKSHOP_UNDO_MAX_changes),
		TEST(workshop__undo__reaches_a_step_added_and_edited_before_its_deletion_was_undone),
		TEST(workshop__undo__of_a_metric_edit_keeps_the_measurements_recorded_since),
		TEST(workshop__undo__of_a_step_edit_keeps_the_points_of_a_ballot_revealed_since),
		TEST(workshop__undo__of_a_step_edit_ties_it_to_its_goal_put_back_since),
		TEST(workshop_open__a_second_window_is_read_only_and_says_who_holds_the_session),
		TEST(workshop__read_only__refuses_every_change_as_busy_and_leaves_the_file_alone),
		TEST(workshop_open__takes_the_session_once_the_first_window_has_closed),
		TEST(ws_open_ballot__puts_only_the_steps_still_to_do_on_the_ballot),
		TEST(ws_reveal_ballot__dots_writes_the_points_and_shared_ranks_onto_the_steps),
		TEST(ws_cast__refuses_a_second_vote_by_the_same_participant_and_keeps_the_totals),
		TEST(ws_cast__refuses_a_vote_once_the_ballot_is_closed),
		TEST(ws_reveal_ballot__approval_counts_approvals_and_keeps_ties),
		TEST(ws_reveal_ballot__ranked_gives_borda_points_and_no_condorcet_winner_on_a_cycle),
		TEST(ws_reveal_ballot__scoring_ranks_by_priority_and_keeps_negative_points),
		TEST(ws_set_tally__dots_from_the_wall_are_kept_within_the_limit_and_revealed),
		TEST(ws_open_ballot__and_every_vote_are_refused_in_a_closed_session),
		TEST(anonymous_ballot__no_table_but_ballot_voters_puts_a_person_beside_its_data),
		TEST(anonymous_ballot__ballot_voters_reads_in_participant_order_without_a_rowid),
		TEST(anonymous_ballot__ballot_candidates_holds_only_the_sums_of_the_ballots),
		TEST(anonymous_ballot__the_write_ahead_log_is_empty_after_every_vote_and_the_reveal),
		TEST(anonymous_ballot__leaves_a_byte_identical_file_whatever_the_order_of_voting),
		TEST(ws_measure__keeps_measurements_oldest_first_after_a_reopen),
		TEST(ws_timer__runs_pauses_and_gains_minutes_by_the_clock_and_keeps_it_after_a_reopen),
		TEST(ws_timer__counts_below_zero_once_the_timebox_is_spent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
