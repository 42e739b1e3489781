/* Tests for sessions/store: a whole session survives the database, each
 * change is committed on its own, old files are migrated after a backup,
 * files improv must not touch are left byte for byte, the file is private,
 * and one window at a time edits a session. Each test works in its own
 * temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/schema.h"
#include "sessions/store.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 512

/* Ids a session carries before it is stored, as an import would: the store
 * must replace every one of them. */
#define PARTICIPANT_LABEL 501
#define GOAL_LABEL 9001
#define STEP_LABEL 7001

struct fixture {
	char dir[sizeof "/tmp/improv-test-store-XXXXXX"];
	char db[PATH_SIZE];
};


/* ---- files and folders ---- */

static int make_fixture(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	memcpy(fx->dir, "/tmp/improv-test-store-XXXXXX", sizeof fx->dir);
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/improv.db", fx->dir);
	*state = fx;
	return 0;
}

static int remove_fixture(void **state)
{
	struct fixture *fx = *state;
	support_remove_tree(fx->dir);
	free(fx);
	return 0;
}

static void path_in(const struct fixture *fx, const char *name, char out[PATH_SIZE])
{
	snprintf(out, PATH_SIZE, "%s/%s", fx->dir, name);
}

static bool file_exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	const struct dirent *ent;
	size_t n = 0;
	assert_non_null(d);
	while ((ent = readdir(d)) != NULL)
		n += strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* How many files in dir have names ending in suffix. */
static size_t files_named(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	const struct dirent *ent;
	size_t n = 0, len = strlen(suffix);
	assert_non_null(d);
	while ((ent = readdir(d)) != NULL) {
		size_t name = strlen(ent->d_name);
		n += name >= len && strcmp(ent->d_name + name - len, suffix) == 0;
	}
	closedir(d);
	return n;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *to)
{
	struct bytes b = support_read_bytes(from);
	write_bytes(to, b.data, b.len);
	free(b.data);
}

static void assert_bytes_unchanged(const char *path, const struct bytes *before)
{
	struct bytes now = support_read_bytes(path);
	assert_int_equal(now.len, before->len);
	assert_memory_equal(now.data, before->data, now.len);
	free(now.data);
}

/* The files SQLite makes beside a database it has opened for writing. */
static void assert_no_side_files(const char *path)
{
	static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < NELEMS(suffixes); i++) {
		char side[PATH_SIZE];
		snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
		if (file_exists(side))
			print_error("%s exists\n", side);
		assert_false(file_exists(side));
	}
}

/* ---- raw SQLite, to look at the file as another program would ---- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* The first column of the first row of a query bound to one id, or -1. */
static int64_t raw_int(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *q = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_bind_parameter_count(q) > 0)
		sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
}

static int64_t file_version(const char *path)
{
	sqlite3 *db = raw_open(path);
	int64_t v = raw_int(db, "PRAGMA user_version", 0);
	sqlite3_close(db);
	return v;
}

/* ---- the store ---- */

static void expect_ok(enum err_code code, const struct error *err)
{
	if (code != ERR_OK)
		print_error("unexpected error %d: %s\n", code, err->msg);
	assert_int_equal(code, ERR_OK);
}

static struct store *open_with(const char *path, const struct store_options *opts)
{
	struct store *st = NULL;
	struct error err = {0};
	expect_ok(store_open(path, opts, &st, &err), &err);
	assert_non_null(st);
	return st;
}

static struct store *open_store(const char *path)
{
	return open_with(path, NULL);
}

static struct session *load(struct store *st, int64_t id)
{
	struct session *s = NULL;
	struct error err = {0};
	expect_ok(store_load_session(st, id, &s, &err), &err);
	assert_non_null(s);
	return s;
}

/* Opens path, expects the refusal `want` with one line naming the file,
 * and checks that nothing was written: not the file, not beside it. */
static void assert_open_refused(const char *path, const struct store_options *opts,
				enum err_code want)
{
	struct bytes before = support_read_bytes(path);
	struct store *st = NULL;
	struct error err = {0};
	enum err_code code = store_open(path, opts, &st, &err);
	if (code != want)
		print_error("got %d: %s\n", code, err.msg);
	assert_int_equal(code, want);
	assert_null(st);
	assert_int_equal(err.code, want);
	assert_non_null(strstr(err.msg, path));
	assert_null(strchr(err.msg, '\n'));
	assert_bytes_unchanged(path, &before);
	assert_no_side_files(path);
	free(before.data);
}

/* ---- building a session in memory ---- */

static void make_template(struct template *tpl)
{
	static const char *const keys[] = {"culture", "policies", "tools"};
	static const char *const names[] = {"Culture: sharing, trust, considered risk",
					    "Policies", "Tools that find answers"};
	static const char *const labels[] = {"absent", "ad hoc", "emerging", "established",
					     "thriving"};
	memset(tpl, 0, sizeof *tpl);
	tpl->key = xstrdup("store-test");
	tpl->name = xstrdup("A template for the store's tests");
	tpl->description = xstrdup("Three dimensions on a five-point scale.");
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

/* A session as the setup form leaves it: template, fields, four people. */
static struct session *new_session(void)
{
	static const char *const people[] = {"Ana", "Zoë Ng", "日本", "Bo"};
	const struct session_setup setup = {
		.title = "Q1: how Sales learns",
		.organization = "Acme",
		.unit = "Sales",
		.facilitator = "Dee",
		.level = LEVEL_UNIT,
		.participants = people,
		.nparticipants = NELEMS(people),
	};
	struct template tpl;
	struct error err = {0};
	make_template(&tpl);
	struct session *s = session_create(&setup, &tpl, &err);
	template_free(&tpl);
	if (s == NULL)
		print_error("%s\n", err.msg);
	assert_non_null(s);
	return s;
}

static void add_metric(struct session *s, int64_t goal, const char *name, const char *unit,
		       enum direction dir, double baseline, long baseline_date, double target,
		       long target_date)
{
	struct error err = {0};
	const struct metric fields = {
		.goal_id = goal,
		.name = (char *)name,
		.unit = (char *)unit,
		.direction = dir,
		.baseline = baseline,
		.baseline_date = baseline_date,
		.target = target,
		.target_date = target_date,
	};
	expect_ok(session_add_metric(s, &fields, &err), &err);
}

static void add_step(struct session *s, const char *text, enum horizon h, enum step_status status,
		     const char *owner, int64_t goal, int impact, int effort)
{
	struct error err = {0};
	const struct step fields = {
		.text = (char *)text,
		.horizon = h,
		.status = status,
		.owner = (char *)owner,
		.goal_id = goal,
		.impact = impact,
		.effort = effort,
		.points = POINTS_NONE,
	};
	expect_ok(session_add_step(s, &fields, &err), &err);
}

static void cast_dots(struct session *s, size_t ballot, int64_t voter, const int *dots)
{
	struct error err = {0};
	expect_ok(ballot_cast_dots(&s->ballots[ballot], voter, dots, &err), &err);
}

static void cast_ranked(struct session *s, size_t ballot, int64_t voter, const size_t *order,
			size_t norder)
{
	struct error err = {0};
	expect_ok(ballot_cast_ranked(&s->ballots[ballot], voter, order, norder, &err), &err);
}

static void add_ratings_and_notes(struct session *s)
{
	struct error err = {0};
	expect_ok(session_rate(s, 0, 0, 3, &err), &err);
	expect_ok(session_rate(s, 0, 1, 4, &err), &err);
	expect_ok(session_rate(s, 0, 2, 1, &err), &err);
	expect_ok(session_rate(s, 1, 3, 5, &err), &err);
	expect_ok(session_set_group_score(s, 2, 2, &err), &err);
	expect_ok(session_add_note(s, 0, NOTE_STRENGTH, "people ask in the open channel", &err),
		  &err);
	expect_ok(session_add_note(s, 0, NOTE_GAP, "answers get lost in chat", &err), &err);
	expect_ok(session_add_note(s, 1, NOTE_GAP, "no budget for conferences", &err), &err);
}

static void add_values_and_goals(struct session *s)
{
	struct error err = {0};
	expect_ok(session_add_value(s, "share by default", &err), &err);
	expect_ok(session_add_value(s, "fail small, learn fast", &err), &err);
	expect_ok(session_add_goal(s, "Anyone finds an answer within a day", "tools", &err), &err);
	expect_ok(session_add_goal(s, "Managers coach every week", NULL, &err), &err);
	expect_ok(session_add_goal(s, "A budget for learning", "policies", &err), &err);
	expect_ok(session_add_goal(s, "Show-and-tell every month", "culture", &err), &err);
	expect_ok(session_set_goal_status(s, 1, GOAL_REVISED, &err), &err);
	expect_ok(session_set_goal_status(s, 2, GOAL_ACHIEVED, &err), &err);
	expect_ok(session_set_goal_status(s, 3, GOAL_RETIRED, &err), &err);
	for (size_t i = 0; i < s->ngoals; i++)
		s->goals[i].id = GOAL_LABEL + (int64_t)i;
}

static void add_metrics(struct session *s)
{
	struct error err = {0};
	add_metric(s, GOAL_LABEL, "Questions answered within a day", "%", DIRECTION_UP, 40,
		   date_from_civil(2026, 1, 15), 70, date_from_civil(2026, 6, 30));
	add_metric(s, 0, "Days to a first answer", NULL, DIRECTION_DOWN, NAN, NO_DATE, NAN,
		   NO_DATE);
	add_metric(s, GOAL_LABEL + 2, "Learning budget", "EUR", DIRECTION_UP, 0, NO_DATE, 10000,
		   date_from_civil(2027, 12, 31));
	expect_ok(session_add_measurement(s, 0, 55, date_from_civil(2026, 3, 1), &err), &err);
	expect_ok(session_add_measurement(s, 0, 45, date_from_civil(2026, 2, 1), &err), &err);
	expect_ok(session_add_measurement(s, 2, 2500.5, date_from_civil(2026, 4, 1), &err), &err);
}

static void add_steps(struct session *s)
{
	add_step(s, "Pilot show-and-tell in Sales", HORIZON_SHORT, STEP_PLANNED, "Ana", GOAL_LABEL,
		 4, 2);
	add_step(s, "Build a searchable answers wiki", HORIZON_MEDIUM, STEP_DOING, NULL, 0, 5, 4);
	add_step(s, "Tie recognition to sharing", HORIZON_LONG, STEP_DONE, "Zoë Ng",
		 GOAL_LABEL + 1, SCORE_NONE, SCORE_NONE);
	add_step(s, "Coaching circles", HORIZON_SHORT, STEP_DROPPED, "日本", GOAL_LABEL + 3, 2, 1);
	add_step(s, "A monthly retro on how we learn", HORIZON_MEDIUM, STEP_CARRIED, NULL, 0, 3,
		 SCORE_NONE);
	for (size_t i = 0; i < s->nsteps; i++)
		s->steps[i].id = STEP_LABEL + (int64_t)i;
}

/* Ballot 0: dots, three voters, revealed. Ballot 1: ranked, named,
 * three voters, closed. The voters are not in id order. Both were opened
 * while every step was still to do, so every step is a candidate. */
static void add_ballots(struct session *s)
{
	struct error err = {0};
	enum step_status later[8];
	for (size_t i = 0; i < s->nsteps && i < 8; i++) {
		later[i] = s->steps[i].status;
		s->steps[i].status = STEP_PLANNED;
	}
	expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err), &err);
	expect_ok(ballot_set_limits(&s->ballots[0], 4, 3, &err), &err);
	cast_dots(s, 0, PARTICIPANT_LABEL + 2, (const int[]){2, 1, 0, 0, 1});
	cast_dots(s, 0, PARTICIPANT_LABEL, (const int[]){0, 1, 1, 1, 0});
	cast_dots(s, 0, PARTICIPANT_LABEL + 3, (const int[]){3, 0, 0, 0, 1});
	expect_ok(session_reveal_ballot(s, 0, &err), &err);

	expect_ok(session_open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_SECRET, -1, &err), &err);
	s->ballots[1].anonymous = false;
	cast_ranked(s, 1, PARTICIPANT_LABEL + 1, (const size_t[]){2, 0, 1}, 3);
	cast_ranked(s, 1, PARTICIPANT_LABEL + 3, (const size_t[]){0, 2}, 2);
	cast_ranked(s, 1, PARTICIPANT_LABEL, (const size_t[]){4, 3, 2, 1, 0}, 5);
	expect_ok(ballot_close(&s->ballots[1], &err), &err);
	for (size_t i = 0; i < s->nsteps && i < 8; i++)
		s->steps[i].status = later[i];
}

/* Every kind of thing a session holds, with ids like an import's. */
static struct session *full_session(void)
{
	struct error err = {0};
	struct session *s = new_session();
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = PARTICIPANT_LABEL + (int64_t)p;
	add_ratings_and_notes(s);
	add_values_and_goals(s);
	add_metrics(s);
	add_steps(s);
	expect_ok(session_park(s, "The canteen's coffee", &err), &err);
	expect_ok(session_park(s, "Hybrid meetings — another day", &err), &err);
	add_ballots(s);
	expect_ok(session_set_stage(s, STAGE_STEPS, &err), &err);
	s->timers[STAGE_STEPS].left_seconds = 1234;
	s->timers[STAGE_STEPS].running_since = 1790000000;
	return s;
}

static struct session *create(struct store *st, struct session *s)
{
	struct error err = {0};
	expect_ok(store_create_session(st, s, &err), &err);
	assert_true(s->id > 0);
	return s;
}

/* A database at path holding a full session; returns that session. */
static struct session *make_database(const char *path)
{
	struct store *st = open_store(path);
	struct session *s = create(st, full_session());
	store_close(st);
	return s;
}

/* Opens the database anew and checks that it holds exactly s. */
static void assert_stored_as(const char *path, const struct session *s)
{
	struct store *st = open_store(path);
	struct session *got = load(st, s->id);
	assert_same_session(s, got);
	session_free(got);
	store_close(st);
}

/* Closes the store, proves the file holds s, and opens it again. */
static void close_check_reopen(const char *path, struct store **st, const struct session *s)
{
	store_close(*st);
	assert_stored_as(path, s);
	*st = open_store(path);
}

/* ---- 1. a whole session ---- */

static void store_create_session__gives_every_row_a_fresh_id_and_loads_back_every_field(
	void **state)
{
	const struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct session *s = create(st, full_session());
	store_close(st);

	st = open_store(fx->db);
	struct session *got = load(st, s->id);
	assert_same_session(s, got);
	assert_true(got->series_id > 0);
	assert_int_equal(got->nparticipants, 4);
	assert_string_equal(got->participants[1].name, "Zoë Ng");
	assert_string_equal(got->participants[2].name, "日本");
	for (size_t p = 0; p < got->nparticipants; p++)
		assert_true(got->participants[p].id > 0 &&
			    got->participants[p].id < PARTICIPANT_LABEL);
	assert_int_equal(got->dims[0].scores[1], 4);
	assert_int_equal(got->dims[1].scores[0], RATING_NONE);
	assert_int_equal(got->dims[2].group_score, 2);
	assert_int_equal(got->dims[0].notes[0].kind, NOTE_STRENGTH);
	assert_int_equal(got->dims[0].notes[1].kind, NOTE_GAP);
	assert_int_equal(got->nscale_labels, 5);
	assert_string_equal(got->scale_labels[3], "established");
	assert_int_equal(got->timers[STAGE_STEPS].box_seconds, 30 * 60);
	assert_int_equal(got->timers[STAGE_STEPS].running_since, 1790000000);
	session_free(got);
	session_free(s);
	store_close(st);
}

static void store_create_session__ties_metrics_and_steps_to_the_new_goal_ids(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct session *got = load(st, s->id);
	const struct goal *g = got->goals;
	for (size_t i = 0; i < got->ngoals; i++)
		assert_true(g[i].id > 0 && g[i].id < GOAL_LABEL);
	assert_int_equal(got->metrics[0].goal_id, g[0].id);
	assert_int_equal(got->metrics[1].goal_id, 0);
	assert_int_equal(got->metrics[2].goal_id, g[2].id);
	assert_int_equal(got->steps[0].goal_id, g[0].id);
	assert_int_equal(got->steps[1].goal_id, 0);
	assert_int_equal(got->steps[2].goal_id, g[1].id);
	assert_int_equal(got->steps[3].goal_id, g[3].id);
	assert_same_text("tools", g[0].dimension);
	assert_null(g[1].dimension);
	assert_int_equal(g[0].status, GOAL_ACTIVE);
	assert_int_equal(g[1].status, GOAL_REVISED);
	assert_int_equal(g[2].status, GOAL_ACHIEVED);
	assert_int_equal(g[3].status, GOAL_RETIRED);
	session_free(got);
	session_free(s);
	store_close(st);
}

static void store_create_session__keeps_unset_numbers_and_dates_of_metrics_unset(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct session *got = load(st, s->id);
	const struct metric *m = got->metrics;
	assert_true(m[0].baseline == 40 && m[0].target == 70);
	assert_int_equal(m[0].baseline_date, date_from_civil(2026, 1, 15));
	assert_int_equal(m[0].target_date, date_from_civil(2026, 6, 30));
	assert_string_equal(m[0].unit, "%");
	assert_int_equal(m[0].nmeasurements, 2);
	assert_true(m[0].measurements[0].value == 45 && m[0].measurements[1].value == 55);
	assert_true(m[0].measurements[0].id > 0 && m[0].measurements[1].id > 0);
	assert_true(isnan(m[1].baseline) && isnan(m[1].target));
	assert_int_equal(m[1].baseline_date, NO_DATE);
	assert_int_equal(m[1].target_date, NO_DATE);
	assert_null(m[1].unit);
	assert_int_equal(m[1].direction, DIRECTION_DOWN);
	assert_int_equal(m[1].nmeasurements, 0);
	assert_true(m[2].baseline == 0);
	assert_int_equal(m[2].baseline_date, NO_DATE);
	assert_true(m[2].measurements[0].value == 2500.5);
	session_free(got);
	session_free(s);
	store_close(st);
}

static void store_create_session__keeps_every_horizon_status_owner_and_score_of_steps(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct session *got = load(st, s->id);
	const struct step *x = got->steps;
	assert_int_equal(x[0].horizon, HORIZON_SHORT);
	assert_int_equal(x[1].horizon, HORIZON_MEDIUM);
	assert_int_equal(x[2].horizon, HORIZON_LONG);
	assert_int_equal(x[0].status, STEP_PLANNED);
	assert_int_equal(x[1].status, STEP_DOING);
	assert_int_equal(x[2].status, STEP_DONE);
	assert_int_equal(x[3].status, STEP_DROPPED);
	assert_int_equal(x[4].status, STEP_CARRIED);
	assert_string_equal(x[0].owner, "Ana");
	assert_null(x[1].owner);
	assert_string_equal(x[3].owner, "日本");
	assert_int_equal(x[0].impact, 4);
	assert_int_equal(x[0].effort, 2);
	assert_int_equal(x[2].impact, SCORE_NONE);
	assert_int_equal(x[4].effort, SCORE_NONE);
	/* The revealed dots ballot: 5, 2, 1, 1, 2 points. */
	assert_int_equal(x[0].points, 5);
	assert_int_equal(x[0].rank, 1);
	assert_int_equal(x[1].points, 2);
	assert_int_equal(x[1].rank, 2);
	assert_int_equal(x[4].rank, 2);
	assert_int_equal(x[2].rank, 4);
	assert_int_equal(got->nparking, 2);
	assert_string_equal(got->parking[1].text, "Hybrid meetings — another day");
	session_free(got);
	session_free(s);
	store_close(st);
}

static void store_create_session__points_ballots_at_the_new_step_and_participant_ids(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct session *got = load(st, s->id);
	assert_int_equal(got->nballots, 2);
	for (size_t b = 0; b < got->nballots; b++) {
		assert_int_equal(got->ballots[b].ncandidates, got->nsteps);
		for (size_t c = 0; c < got->nsteps; c++)
			assert_int_equal(got->ballots[b].candidates[c], got->steps[c].id);
	}
	const struct ballot *dots = &got->ballots[0];
	assert_int_equal(dots->method, BALLOT_DOTS);
	assert_int_equal(dots->status, BALLOT_REVEALED);
	assert_true(dots->anonymous);
	assert_int_equal(dots->budget, 4);
	assert_int_equal(dots->points[0], 5);
	/* Ana, 日本 and Bo voted; the stored voters are their ids, ascending. */
	const int64_t *p = (const int64_t[]){got->participants[0].id, got->participants[2].id,
					     got->participants[3].id};
	assert_int_equal(dots->nvoters, 3);
	for (size_t v = 0; v < 3; v++)
		assert_int_equal(dots->voters[v], p[v]);
	assert_true(ballot_has_voted(dots, got->participants[0].id));
	assert_false(ballot_has_voted(dots, got->participants[1].id));

	const struct ballot *ranked = &got->ballots[1];
	assert_int_equal(ranked->method, BALLOT_RANKED);
	assert_int_equal(ranked->status, BALLOT_CLOSED);
	assert_false(ranked->anonymous);
	assert_int_equal(ranked->nvoters, 3);
	for (size_t v = 1; v < ranked->nvoters; v++)
		assert_true(ranked->voters[v - 1] < ranked->voters[v]);
	assert_true(ballot_has_voted(ranked, got->participants[1].id));
	/* The third step over the first: Zoë and Ana preferred it, Bo did not. */
	assert_int_equal(ranked->pairwise[2 * 5 + 0], 2);
	assert_int_equal(ranked->pairwise[0 * 5 + 2], 1);
	assert_int_equal(ranked->pairwise[4 * 5 + 3], 1);
	assert_int_equal(ranked->points[0], 3 + 4 + 0);
	session_free(got);
	session_free(s);
	store_close(st);
}

static bool is_participant(const struct session *s, int64_t id)
{
	for (size_t p = 0; p < s->nparticipants; p++)
		if (s->participants[p].id == id)
			return true;
	return false;
}

static void store_create_session__leaves_the_ballots_in_memory_naming_the_new_ids(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	for (size_t b = 0; b < s->nballots; b++) {
		const struct ballot *x = &s->ballots[b];
		assert_int_equal(x->nvoters, 3);
		for (size_t v = 0; v < x->nvoters; v++) {
			assert_true(is_participant(s, x->voters[v]));
			assert_true(v == 0 || x->voters[v - 1] < x->voters[v]);
		}
		for (size_t c = 0; c < x->ncandidates; c++)
			assert_int_equal(x->candidates[c], s->steps[c].id);
	}
	assert_true(ballot_has_voted(&s->ballots[0], s->participants[3].id));
	assert_false(ballot_has_voted(&s->ballots[0], s->participants[1].id));
	assert_true(ballot_has_voted(&s->ballots[1], s->participants[1].id));
	assert_false(ballot_has_voted(&s->ballots[1], s->participants[2].id));
	session_free(s);
}

/* A check-in: the next session of the series, each row tied to the one
 * it was copied from. */
static struct session *check_in_of(const struct session *first)
{
	struct session *next = full_session();
	next->parent_id = first->id;
	next->series_id = first->series_id;
	next->iteration = 2;
	for (size_t i = 0; i < next->nparticipants; i++)
		next->participants[i].origin_id = first->participants[i].id;
	for (size_t i = 0; i < next->nvalues; i++)
		next->values[i].origin_id = first->values[i].id;
	for (size_t i = 0; i < next->ngoals; i++)
		next->goals[i].origin_id = first->goals[i].id;
	for (size_t i = 0; i < next->nmetrics; i++)
		next->metrics[i].origin_id = first->metrics[i].id;
	for (size_t i = 0; i < next->nsteps; i++)
		next->steps[i].origin_id = first->steps[i].id;
	return next;
}

static void store_create_session__keeps_a_check_ins_lineage_and_last_times_means(void **state)
{
	const struct fixture *fx = *state;
	struct session *first = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct session *next = create(st, check_in_of(first));
	store_close(st);
	st = open_store(fx->db);
	struct session *got = load(st, next->id);
	assert_int_equal(got->parent_id, first->id);
	assert_int_equal(got->series_id, first->series_id);
	assert_int_equal(got->iteration, 2);
	assert_int_equal(got->goals[2].origin_id, first->goals[2].id);
	assert_int_equal(got->steps[4].origin_id, first->steps[4].id);
	/* Ratings 3, 4 and 1; one rating of 5; a group score of 2. */
	assert_true(fabs(got->dims[0].previous_mean - 8.0 / 3.0) < 1e-9);
	assert_true(got->dims[1].previous_mean == 5);
	assert_true(got->dims[2].previous_mean == 2);
	for (size_t d = 0; d < next->ndims; d++)
		next->dims[d].previous_mean = got->dims[d].previous_mean;
	assert_same_session(next, got);
	session_free(got);
	/* The first session is as it was. */
	got = load(st, first->id);
	assert_same_session(first, got);
	session_free(got);
	store_close(st);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM series", 0), 1);
	sqlite3_close(raw);
	session_free(next);
	session_free(first);
}

static void store_list_sessions__groups_by_organization_and_unit_newest_first(void **state)
{
	const struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct error err = {0};
	static const struct {
		const char *org, *title;
		int year;
	} made[] = {
		{"Beta", "Beta's first", 2025},
		{"acme", "January", 2026},
		{"Acme", "April", 2027},
	};
	for (size_t i = 0; i < NELEMS(made); i++) {
		struct session *s = full_session();
		expect_ok(session_set_field(s, "organization", made[i].org, &err), &err);
		expect_ok(session_set_field(s, "title", made[i].title, &err), &err);
		s->created_at = (time_t)date_from_civil(made[i].year, 1, 1) * DATE_SECONDS_PER_DAY;
		create(st, s);
		session_free(s);
	}
	struct session_summary *list = NULL;
	size_t n = 0;
	expect_ok(store_list_sessions(st, &list, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].title, "April");
	assert_string_equal(list[1].title, "January");
	assert_string_equal(list[2].title, "Beta's first");
	assert_int_equal(list[0].nparticipants, 4);
	assert_int_equal(list[0].level, LEVEL_UNIT);
	assert_int_equal(list[0].stage, STAGE_STEPS);
	assert_string_equal(list[0].template_key, "store-test");
	assert_int_equal(list[0].created_at,
			 (time_t)date_from_civil(2027, 1, 1) * DATE_SECONDS_PER_DAY);
	store_summaries_free(list, n);
	store_close(st);
}

static void store_load_session__reports_a_session_that_does_not_exist(void **state)
{
	const struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct session sentinel;
	struct session *s = &sentinel;
	struct error err = {0};
	assert_int_equal(store_load_session(st, 42, &s, &err), ERR_NOINPUT);
	assert_null(s);
	assert_non_null(strstr(err.msg, "42"));
	store_close(st);
}

/* ---- 2. one change at a time ---- */

static void store_save_item__inserts_into_every_list_and_keeps_it_after_a_reopen(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_add_participant(s, "Élodie", &err), &err);
	expect_ok(session_add_value(s, "ask early", &err), &err);
	expect_ok(session_add_goal(s, "Every team keeps a learning log", "culture", &err), &err);
	expect_ok(store_save_item(st, s, LIST_PARTICIPANTS, 4, &err), &err);
	expect_ok(store_save_item(st, s, LIST_VALUES, 2, &err), &err);
	expect_ok(store_save_item(st, s, LIST_GOALS, 4, &err), &err);
	int64_t goal = s->goals[4].id;
	assert_true(goal > 0);
	add_metric(s, goal, "Teams with a log", "teams", DIRECTION_UP, 1, NO_DATE, 8, NO_DATE);
	add_step(s, "Start a log in Sales", HORIZON_LONG, STEP_PLANNED, "Élodie", goal, 3, 3);
	expect_ok(session_park(s, "Onboarding, next time", &err), &err);
	expect_ok(store_save_item(st, s, LIST_METRICS, 3, &err), &err);
	expect_ok(store_save_item(st, s, LIST_STEPS, 5, &err), &err);
	expect_ok(store_save_item(st, s, LIST_PARKING, 2, &err), &err);
	assert_true(s->participants[4].id > 0 && s->values[2].id > 0 && s->metrics[3].id > 0 &&
		    s->steps[5].id > 0 && s->parking[2].id > 0);
	close_check_reopen(fx->db, &st, s);
	session_free(s);
	store_close(st);
}

static void store_save_item__updates_every_list_and_keeps_it_after_a_reopen(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_rename_participant(s, 3, "Bo Østergaard", &err), &err);
	expect_ok(session_edit_value(s, 0, "share by default, even drafts", &err), &err);
	expect_ok(session_edit_goal(s, 1, "Managers coach every fortnight", "culture", &err), &err);
	expect_ok(session_set_goal_status(s, 1, GOAL_ACHIEVED, &err), &err);
	const struct metric mf = {
		.goal_id = s->goals[1].id, .name = (char *)"Coaching hours", .unit = (char *)"h",
		.direction = DIRECTION_UP, .baseline = 2, .baseline_date = date_from_civil(2026, 1, 1),
		.target = NAN, .target_date = NO_DATE,
	};
	expect_ok(session_edit_metric(s, 1, &mf, &err), &err);
	const struct step sf = {
		.text = (char *)"Build the wiki with Support", .horizon = HORIZON_LONG,
		.status = STEP_DONE, .owner = (char *)"日本", .goal_id = s->goals[0].id,
		.impact = 3, .effort = SCORE_NONE, .points = 9, .rank = 1,
	};
	expect_ok(session_edit_step(s, 1, &sf, &err), &err);
	expect_ok(session_edit_parked(s, 0, "The canteen's tea", &err), &err);
	for (int list = 0; list < LIST_COUNT; list++)
		for (size_t i = 0; i < session_list_len(s, (enum session_list)list); i++)
			expect_ok(store_save_item(st, s, (enum session_list)list, i, &err), &err);
	close_check_reopen(fx->db, &st, s);
	/* A step without an owner any more, and a metric without a goal. */
	struct step cleared = s->steps[1];
	cleared.owner = NULL;
	cleared.goal_id = 0;
	expect_ok(session_edit_step(s, 1, &cleared, &err), &err);
	struct metric untied = s->metrics[1];
	untied.goal_id = 0;
	untied.unit = NULL;
	expect_ok(session_edit_metric(s, 1, &untied, &err), &err);
	expect_ok(store_save_item(st, s, LIST_STEPS, 1, &err), &err);
	expect_ok(store_save_item(st, s, LIST_METRICS, 1, &err), &err);
	close_check_reopen(fx->db, &st, s);
	session_free(s);
	store_close(st);
}

static void store_save_order__keeps_every_list_in_its_new_order(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	for (int list = 0; list < LIST_COUNT; list++) {
		size_t n = session_list_len(s, (enum session_list)list);
		expect_ok(session_move(s, (enum session_list)list, 0, n - 1, &err), &err);
		expect_ok(store_save_order(st, s, (enum session_list)list, &err), &err);
	}
	close_check_reopen(fx->db, &st, s);
	/* And back up again: a move towards the top. */
	expect_ok(session_move(s, LIST_STEPS, 4, 1, &err), &err);
	expect_ok(store_save_order(st, s, LIST_STEPS, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_string_equal(s->participants[3].name, "Ana");
	assert_int_equal(s->dims[0].scores[3], 3);
	session_free(s);
	store_close(st);
}

static int64_t item_id(const struct session *s, enum session_list list, size_t i)
{
	switch (list) {
	case LIST_PARTICIPANTS: return s->participants[i].id;
	case LIST_VALUES: return s->values[i].id;
	case LIST_GOALS: return s->goals[i].id;
	case LIST_METRICS: return s->metrics[i].id;
	case LIST_STEPS: return s->steps[i].id;
	case LIST_PARKING: return s->parking[i].id;
	case LIST_COUNT: break;
	}
	return 0;
}

static void store_delete_item__removes_the_row_from_every_list(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	/* Bo (who rated policies 5), the first goal (metric 0 and step 0 are
	 * tied to it), and the last of each other list. */
	int64_t bo = s->participants[3].id, dim = s->dims[1].id;
	static const size_t which[LIST_COUNT] = {
		[LIST_PARTICIPANTS] = 3, [LIST_VALUES] = 1, [LIST_GOALS] = 0,
		[LIST_METRICS] = 2, [LIST_STEPS] = 4, [LIST_PARKING] = 1,
	};
	for (int list = 0; list < LIST_COUNT; list++) {
		enum session_list l = (enum session_list)list;
		int64_t id = item_id(s, l, which[l]);
		expect_ok(session_remove(s, l, which[l], &err), &err);
		expect_ok(store_delete_item(st, s, l, id, &err), &err);
	}
	assert_int_equal(s->metrics[0].goal_id, 0);
	assert_int_equal(s->steps[0].goal_id, 0);
	/* A ballot keeps its column for a deleted step, with no step in it. */
	for (size_t b = 0; b < s->nballots; b++)
		s->ballots[b].candidates[4] = 0;
	close_check_reopen(fx->db, &st, s);
	store_close(st);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ratings WHERE participant_id = ?1", bo),
			 0);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ratings WHERE dimension_id = ?1", dim),
			 0);
	sqlite3_close(raw);
	session_free(s);
}

static void store_save_rating__saves_a_score_and_clears_it_again(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_rate(s, 1, 1, 2, &err), &err);
	expect_ok(store_save_rating(st, s, 1, 1, &err), &err);
	expect_ok(session_rate(s, 0, 0, 5, &err), &err);
	expect_ok(store_save_rating(st, s, 0, 0, &err), &err);
	close_check_reopen(fx->db, &st, s);
	expect_ok(session_rate(s, 1, 1, RATING_NONE, &err), &err);
	expect_ok(store_save_rating(st, s, 1, 1, &err), &err);
	expect_ok(session_rate(s, 0, 2, RATING_NONE, &err), &err);
	expect_ok(store_save_rating(st, s, 0, 2, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->dims[0].scores[0], 5);
	assert_int_equal(s->dims[1].scores[1], RATING_NONE);
	store_close(st);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ratings WHERE dimension_id = ?1",
				 s->dims[0].id), 2);
	sqlite3_close(raw);
	session_free(s);
}

static void store_save_group_score__sets_and_clears_the_rooms_score(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_set_group_score(s, 0, 4, &err), &err);
	expect_ok(store_save_group_score(st, s, 0, &err), &err);
	expect_ok(session_set_group_score(s, 2, RATING_NONE, &err), &err);
	expect_ok(store_save_group_score(st, s, 2, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->dims[0].group_score, 4);
	assert_int_equal(s->dims[2].group_score, RATING_NONE);
	session_free(s);
	store_close(st);
}

static void store_save_notes__writes_added_edited_and_removed_notes_of_both_kinds(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_add_note(s, 2, NOTE_STRENGTH, "search works — mostly", &err), &err);
	expect_ok(session_add_note(s, 2, NOTE_GAP, "nobody owns the wiki", &err), &err);
	expect_ok(store_save_notes(st, s, 2, &err), &err);
	assert_true(s->dims[2].notes[0].id > 0 && s->dims[2].notes[1].id > 0);
	expect_ok(session_edit_note(s, 0, 1, "answers get lost in chat and mail", &err), &err);
	expect_ok(session_remove_note(s, 0, 0, &err), &err);
	expect_ok(store_save_notes(st, s, 0, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->dims[0].nnotes, 1);
	assert_int_equal(s->dims[0].notes[0].kind, NOTE_GAP);
	expect_ok(session_remove_note(s, 1, 0, &err), &err);
	expect_ok(store_save_notes(st, s, 1, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->dims[1].nnotes, 0);
	session_free(s);
	store_close(st);
}

static void store_save_measurements__adds_only_the_new_ones_oldest_first(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_add_measurement(s, 0, 62.5, date_from_civil(2026, 5, 1), &err), &err);
	expect_ok(session_add_measurement(s, 0, 41, date_from_civil(2026, 1, 20), &err), &err);
	expect_ok(session_add_measurement(s, 1, 3, date_from_civil(2026, 5, 1), &err), &err);
	expect_ok(store_save_measurements(st, s, 0, &err), &err);
	expect_ok(store_save_measurements(st, s, 1, &err), &err);
	expect_ok(store_save_measurements(st, s, 0, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->metrics[0].nmeasurements, 4);
	assert_true(s->metrics[0].measurements[0].value == 41);
	assert_true(metric_current(&s->metrics[0]) == 62.5);
	store_close(st);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM measurements WHERE metric_id = ?1",
				 s->metrics[0].id), 4);
	sqlite3_close(raw);
	session_free(s);
}

static void store_save_ballot__stores_a_new_ballot_each_vote_and_the_reveal(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_open_ballot(s, BALLOT_SCORING, BALLOT_ENTRY_SECRET, HORIZON_MEDIUM,
				      &err), &err);
	size_t b = s->nballots - 1;
	expect_ok(ballot_set_score_range(&s->ballots[b], 1, 10, &err), &err);
	expect_ok(store_save_ballot(st, s, b, &err), &err);
	assert_true(s->ballots[b].id > 0);
	close_check_reopen(fx->db, &st, s);
	expect_ok(ballot_cast_scores(&s->ballots[b], s->participants[3].id, (const int[]){9, 2},
				     (const int[]){3, 8}, &err), &err);
	expect_ok(store_save_ballot(st, s, b, &err), &err);
	expect_ok(ballot_cast_scores(&s->ballots[b], s->participants[0].id, (const int[]){7, 0},
				     (const int[]){5, 0}, &err), &err);
	expect_ok(store_save_ballot(st, s, b, &err), &err);
	close_check_reopen(fx->db, &st, s);
	expect_ok(session_reveal_ballot(s, b, &err), &err);
	expect_ok(store_save_ballot(st, s, b, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->ballots[b].status, BALLOT_REVEALED);
	assert_int_equal(s->ballots[b].score_count[0], 2);
	assert_int_equal(s->steps[1].points, 40);
	assert_int_equal(s->steps[1].rank, 1);

	/* A tally typed from the paper wall. */
	expect_ok(session_open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_TALLY, -1, &err), &err);
	b = s->nballots - 1;
	expect_ok(ballot_set_tally_voters(&s->ballots[b], 6, &err), &err);
	expect_ok(ballot_set_tally(&s->ballots[b], 2, 5, &err), &err);
	expect_ok(store_save_ballot(st, s, b, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->ballots[b].tally_voters, 6);
	session_free(s);
	store_close(st);
}

static off_t size_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

#define SAYS_NOT_ALONE "another program or window has this database open; close it to cast " \
	"an anonymous vote"

/* The vote of participant p, cast through the store; on a refusal the
 * session is read back, as the workshop does. */
static enum err_code cast_through(struct store *st, struct session **s, size_t b, size_t p,
				  const int *dots, struct error *err)
{
	cast_dots(*s, b, (*s)->participants[p].id, dots);
	enum err_code code = store_cast_ballot(st, *s, b, err);
	if (code) {
		int64_t id = (*s)->id;
		session_free(*s);
		*s = load(st, id);
	}
	return code;
}

static void store_cast_ballot__leaves_no_earlier_totals_in_the_write_ahead_log(void **state)
{
	const struct fixture *fx = *state;
	char wal[PATH_SIZE + 8];
	snprintf(wal, sizeof wal, "%s-wal", fx->db);
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err), &err);
	size_t b = s->nballots - 1;
	assert_true(s->ballots[b].anonymous);
	expect_ok(store_save_ballot(st, s, b, &err), &err);
	expect_ok(cast_through(st, &s, b, 1, (const int[]){0, 0, 1, 1, 1}, &err), &err);
	assert_int_equal(size_of(wal), 0);
	expect_ok(cast_through(st, &s, b, 2, (const int[]){3, 0, 0, 0, 0}, &err), &err);
	assert_int_equal(size_of(wal), 0);
	close_check_reopen(fx->db, &st, s);
	store_close(st);
	session_free(s);
}

/* A program that holds a read transaction keeps the totals as they were
 * when it began; a vote cast then would leave two states of the totals on
 * disk, and their difference is the vote. The vote is refused in one line,
 * nothing is written, and it goes through once the program has gone. */
static void store_cast_ballot__refuses_an_anonymous_vote_while_another_program_reads(
	void **state)
{
	const struct fixture *fx = *state;
	char wal[PATH_SIZE + 8];
	snprintf(wal, sizeof wal, "%s-wal", fx->db);
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err), &err);
	size_t b = s->nballots - 1;
	expect_ok(store_save_ballot(st, s, b, &err), &err);
	expect_ok(cast_through(st, &s, b, 1, (const int[]){0, 0, 1, 1, 1}, &err), &err);

	sqlite3 *reader = raw_open(fx->db);
	raw_exec(reader, "BEGIN");
	assert_int_equal(raw_int(reader, "SELECT count(*) FROM ballot_candidates"
					 " WHERE ballot_id = ?1", s->ballots[b].id),
			 (int64_t)s->ballots[b].ncandidates);
	struct bytes db_before = support_read_bytes(fx->db), wal_before = support_read_bytes(wal);
	assert_int_equal(cast_through(st, &s, b, 2, (const int[]){3, 0, 0, 0, 0}, &err),
			 ERR_BUSY);
	assert_non_null(strstr(err.msg, SAYS_NOT_ALONE));
	assert_null(strchr(err.msg, '\n'));
	assert_bytes_unchanged(fx->db, &db_before);
	assert_bytes_unchanged(wal, &wal_before);
	assert_int_equal(s->ballots[b].nvoters, 1);
	assert_int_equal(s->ballots[b].points[0], 0);
	/* Done reading, but still open: it could begin again at any moment. */
	raw_exec(reader, "COMMIT");
	assert_int_equal(cast_through(st, &s, b, 2, (const int[]){3, 0, 0, 0, 0}, &err),
			 ERR_BUSY);
	assert_bytes_unchanged(wal, &wal_before);
	sqlite3_close(reader);

	expect_ok(cast_through(st, &s, b, 2, (const int[]){3, 0, 0, 0, 0}, &err), &err);
	assert_int_equal(size_of(wal), 0);
	/* The file is shared again: another program reads and writes it. */
	reader = raw_open(fx->db);
	assert_int_equal(raw_int(reader, "SELECT points FROM ballot_candidates"
					 " WHERE ballot_id = ?1 AND position = 0", s->ballots[b].id), 3);
	raw_exec(reader, "UPDATE sessions SET title = title");
	sqlite3_close(reader);
	close_check_reopen(fx->db, &st, s);
	free(db_before.data);
	free(wal_before.data);
	store_close(st);
	session_free(s);
}

static void store_save_session_fields__keeps_setup_fields_stage_status_and_timers(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	expect_ok(session_set_field(s, "title", "Q1: how Sales learns — revisited", &err), &err);
	expect_ok(session_set_field(s, "organization", "Acme GmbH", &err), &err);
	expect_ok(session_set_field(s, "unit", "", &err), &err);
	expect_ok(session_set_field(s, "facilitator", "Zoë", &err), &err);
	expect_ok(session_set_field(s, "level", "organization", &err), &err);
	expect_ok(session_set_stage(s, STAGE_REVIEW, &err), &err);
	s->timers[STAGE_REVIEW].box_seconds = 900;
	s->timers[STAGE_REVIEW].left_seconds = 845;
	s->timers[STAGE_REVIEW].running_since = 1790001234;
	s->timers[STAGE_STEPS].running_since = 0;
	expect_ok(store_save_session_fields(st, s, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_null(s->unit);
	expect_ok(session_close(s, 1790005000, &err), &err);
	expect_ok(store_save_session_fields(st, s, &err), &err);
	close_check_reopen(fx->db, &st, s);
	expect_ok(session_reopen(s, &err), &err);
	expect_ok(session_set_field(s, "facilitator", NULL, &err), &err);
	expect_ok(store_save_session_fields(st, s, &err), &err);
	close_check_reopen(fx->db, &st, s);
	assert_int_equal(s->status, SESSION_OPEN);
	assert_int_equal(s->closed_at, 0);
	session_free(s);
	store_close(st);
}

/* ---- 3. migrations ---- */

static const char *const add_a_column[] = {
	"ALTER TABLE sessions ADD COLUMN venue TEXT NOT NULL DEFAULT ''",
	"CREATE INDEX sessions_by_venue ON sessions(venue)",
	NULL,
};

static const char *const half_broken[] = {
	"ALTER TABLE sessions ADD COLUMN venue TEXT NOT NULL DEFAULT ''",
	"ALTER TABLE no_such_table ADD COLUMN x INTEGER",
	NULL,
};

/* The program's migrations and one more after them, as the next version
 * of the program would have them; returns how many. */
#define NEXT_VERSION (STORE_SCHEMA_VERSION + 1)
#define MIGRATIONS_MAX 16

static size_t next_migrations(struct store_migration *list, const char *const *sql)
{
	assert_true(schema_nmigrations < MIGRATIONS_MAX);
	memcpy(list, schema_migrations, schema_nmigrations * sizeof *list);
	list[schema_nmigrations] = (struct store_migration){.version = NEXT_VERSION, .sql = sql};
	return schema_nmigrations + 1;
}

static int64_t venue_columns(const char *path)
{
	sqlite3 *raw = raw_open(path);
	int64_t n = raw_int(raw, "SELECT count(*) FROM pragma_table_info('sessions')"
			    " WHERE name = 'venue'", 0);
	sqlite3_close(raw);
	return n;
}

static void store_open__migrates_an_older_file_after_a_backup_that_holds_the_old_data(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store_migration list[MIGRATIONS_MAX];
	const struct store_options opts = {.migrations = list,
					   .nmigrations = next_migrations(list, add_a_column)};
	struct store *st = open_with(fx->db, &opts);
	assert_int_equal(store_schema_version(st), NEXT_VERSION);
	assert_non_null(store_last_backup(st));
	char backup[PATH_SIZE];
	snprintf(backup, sizeof backup, "%s", store_last_backup(st));
	assert_int_equal(strncmp(backup, fx->db, strlen(fx->db)), 0);
	struct session *got = load(st, s->id);
	assert_same_session(s, got);
	session_free(got);
	store_close(st);
	assert_int_equal(file_version(fx->db), NEXT_VERSION);
	assert_int_equal(venue_columns(fx->db), 1);

	/* The backup: private, sound, at the version it had, with the session in it. */
	assert_true(file_exists(backup));
	assert_int_equal(mode_of(backup), 0600);
	assert_int_equal(file_version(backup), STORE_SCHEMA_VERSION);
	assert_int_equal(venue_columns(backup), 0);
	const struct store_options read_only = {.read_only = true, .must_exist = true};
	st = open_with(backup, &read_only);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_null(store_last_backup(st));
	bool sound = false;
	struct error err = {0};
	expect_ok(store_check(st, &sound, &err), &err);
	assert_true(sound);
	got = load(st, s->id);
	assert_same_session(s, got);
	session_free(got);
	store_close(st);

	/* Opened again with the same list, nothing more to do and no backup. */
	st = open_with(fx->db, &opts);
	assert_int_equal(store_schema_version(st), NEXT_VERSION);
	assert_null(store_last_backup(st));
	store_close(st);
	session_free(s);
}

static void store_open__refuses_a_newer_schema_and_leaves_the_file_byte_for_byte(void **state)
{
	const struct fixture *fx = *state;
	session_free(make_database(fx->db));
	struct store_migration list[MIGRATIONS_MAX];
	const struct store_options opts = {.migrations = list,
					   .nmigrations = next_migrations(list, add_a_column)};
	store_close(open_with(fx->db, &opts));
	assert_open_refused(fx->db, NULL, ERR_BUSY);
	const struct store_options read_only = {.read_only = true};
	assert_open_refused(fx->db, &read_only, ERR_BUSY);
}

static void store_open__leaves_the_file_at_its_version_and_usable_when_a_migration_fails(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store_migration list[MIGRATIONS_MAX];
	const struct store_options opts = {.migrations = list,
					   .nmigrations = next_migrations(list, half_broken)};
	struct store *st = NULL;
	struct error err = {0};
	assert_int_not_equal(store_open(fx->db, &opts, &st, &err), ERR_OK);
	assert_null(st);
	char which[32];
	snprintf(which, sizeof which, "schema %d", NEXT_VERSION);
	assert_non_null(strstr(err.msg, which));
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(file_version(fx->db), STORE_SCHEMA_VERSION);
	assert_int_equal(venue_columns(fx->db), 0);

	st = open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	struct session *got = load(st, s->id);
	assert_same_session(s, got);
	session_free(got);
	expect_ok(session_add_value(s, "still here", &err), &err);
	expect_ok(store_save_item(st, s, LIST_VALUES, s->nvalues - 1, &err), &err);
	close_check_reopen(fx->db, &st, s);
	store_close(st);
	session_free(s);
}

static void store_open__does_not_migrate_a_file_opened_read_only(void **state)
{
	const struct fixture *fx = *state;
	session_free(make_database(fx->db));
	struct store_migration list[MIGRATIONS_MAX];
	const struct store_options opts = {.read_only = true, .migrations = list,
					   .nmigrations = next_migrations(list, add_a_column)};
	struct bytes before = support_read_bytes(fx->db);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, &opts, &st, &err), ERR_IO);
	assert_null(st);
	assert_non_null(strstr(err.msg, fx->db));
	assert_null(strchr(err.msg, '\n'));
	assert_bytes_unchanged(fx->db, &before);
	assert_int_equal(file_version(fx->db), STORE_SCHEMA_VERSION);
	assert_int_equal(files_named(fx->dir, ".bak"), 0);
	free(before.data);
}

/* How many tables a statement reads from end to end, foreign key checks
 * included. */
static int full_scans(sqlite3 *db, const char *sql)
{
	char plan[256];
	snprintf(plan, sizeof plan, "EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, plan, -1, &q, NULL), SQLITE_OK);
	int scans = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(q, 3);
		scans += detail && strncmp(detail, "SCAN ", 5) == 0;
	}
	sqlite3_finalize(q);
	return scans;
}

static void store_open__lets_a_schema_1_file_delete_rows_without_reading_every_session(
	void **state)
{
	const struct fixture *fx = *state;
	const struct store_options first = {.migrations = schema_migrations, .nmigrations = 1};
	store_close(open_with(fx->db, &first));
	assert_int_equal(file_version(fx->db), 1);
	struct store *st = open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_non_null(store_last_backup(st));
	store_close(st);
	sqlite3 *raw = raw_open(fx->db);
	raw_exec(raw, "PRAGMA foreign_keys = ON");
	static const char *const deletes[] = {
		"DELETE FROM participants WHERE id = 1", "DELETE FROM team_values WHERE id = 1",
		"DELETE FROM goals WHERE id = 1", "DELETE FROM metrics WHERE id = 1",
		"DELETE FROM steps WHERE id = 1", "DELETE FROM parking_lot WHERE id = 1",
		"DELETE FROM ballots WHERE id = 1", "DELETE FROM dimensions WHERE id = 1",
		"DELETE FROM sessions WHERE id = 1",
	};
	for (size_t i = 0; i < NELEMS(deletes); i++) {
		if (full_scans(raw, deletes[i]) != 0)
			print_error("%s reads a whole table\n", deletes[i]);
		assert_int_equal(full_scans(raw, deletes[i]), 0);
	}
	sqlite3_close(raw);
}

/* ---- 4. files improv must not touch ---- */

static void store_open__refuses_a_text_file_and_leaves_it_byte_for_byte(void **state)
{
	const struct fixture *fx = *state;
	static const char text[] =
		"Notes from the workshop\n- ask Ana about the wiki\n- budget?\n"
		"This file is long enough to hold an SQLite header, but it is none.\n";
	write_bytes(fx->db, text, sizeof text - 1);
	assert_open_refused(fx->db, NULL, ERR_DATA);
	write_bytes(fx->db, "hello\n", 6);
	assert_open_refused(fx->db, NULL, ERR_DATA);
}

static void store_open__refuses_a_truncated_database_and_leaves_it_byte_for_byte(void **state)
{
	const struct fixture *fx = *state;
	char copy[PATH_SIZE];
	path_in(fx, "half.db", copy);
	session_free(make_database(fx->db));
	struct bytes whole = support_read_bytes(fx->db);
	assert_true(whole.len >= 8 * 4096);
	/* Half the pages: only the header's page count gives it away. */
	write_bytes(copy, whole.data, whole.len / 2 / 4096 * 4096);
	assert_open_refused(copy, NULL, ERR_DATA);
	/* Half the bytes, wherever that falls. */
	write_bytes(copy, whole.data, whole.len / 2 + 100);
	assert_open_refused(copy, NULL, ERR_DATA);
	free(whole.data);
}

static void store_open__refuses_a_database_of_a_newer_version_and_leaves_it_byte_for_byte(
	void **state)
{
	const struct fixture *fx = *state;
	char copy[PATH_SIZE];
	path_in(fx, "newer.db", copy);
	session_free(make_database(fx->db));
	copy_file(fx->db, copy);
	sqlite3 *raw = raw_open(copy);
	raw_exec(raw, "PRAGMA user_version = 99");
	sqlite3_close(raw);
	assert_no_side_files(copy);
	assert_open_refused(copy, NULL, ERR_BUSY);
	const struct store_options read_only = {.read_only = true};
	assert_open_refused(copy, &read_only, ERR_BUSY);
}

static void store_open__refuses_an_sqlite_database_that_is_not_improvs(void **state)
{
	const struct fixture *fx = *state;
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(fx->db, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
					 NULL), SQLITE_OK);
	raw_exec(raw, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')");
	sqlite3_close(raw);
	assert_open_refused(fx->db, NULL, ERR_DATA);
	const struct store_options read_only = {.read_only = true};
	assert_open_refused(fx->db, &read_only, ERR_DATA);
}

static void store_open__refuses_a_header_with_a_zeroed_page_size(void **state)
{
	const struct fixture *fx = *state;
	char copy[PATH_SIZE];
	path_in(fx, "damaged.db", copy);
	session_free(make_database(fx->db));
	struct bytes b = support_read_bytes(fx->db);
	b.data[16] = b.data[17] = 0;
	write_bytes(copy, b.data, b.len);
	assert_open_refused(copy, NULL, ERR_DATA);
	free(b.data);
}

static void store_open__refuses_a_header_with_a_zeroed_page_count(void **state)
{
	const struct fixture *fx = *state;
	char copy[PATH_SIZE];
	path_in(fx, "damaged.db", copy);
	session_free(make_database(fx->db));
	struct bytes b = support_read_bytes(fx->db);
	memset(b.data + 28, 0, 4);
	write_bytes(copy, b.data, b.len);
	assert_open_refused(copy, NULL, ERR_DATA);
	/* Both at once. */
	b.data[16] = b.data[17] = 0;
	write_bytes(copy, b.data, b.len);
	assert_open_refused(copy, NULL, ERR_DATA);
	free(b.data);
}

static void store_open__builds_a_new_database_in_an_empty_file(void **state)
{
	const struct fixture *fx = *state;
	write_bytes(fx->db, "", 0);
	assert_int_equal(chmod(fx->db, 0644), 0);
	struct store *st = open_store(fx->db);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_null(store_last_backup(st));
	struct session *s = create(st, full_session());
	store_close(st);
	assert_int_equal(mode_of(fx->db), 0600);
	assert_stored_as(fx->db, s);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "PRAGMA application_id", 0), STORE_APPLICATION_ID);
	sqlite3_close(raw);
	session_free(s);
}

static void store_open__with_must_exist_refuses_a_missing_file_and_creates_nothing(void **state)
{
	const struct fixture *fx = *state;
	char deeper[PATH_SIZE];
	path_in(fx, "not/there/improv.db", deeper);
	const struct store_options opts = {.must_exist = true};
	const struct store_options read_only = {.read_only = true};
	const char *const paths[] = {fx->db, deeper};
	for (size_t i = 0; i < NELEMS(paths); i++) {
		for (size_t k = 0; k < 2; k++) {
			struct store *st = NULL;
			struct error err = {0};
			assert_int_equal(store_open(paths[i], k ? &read_only : &opts, &st, &err),
					 ERR_NOINPUT);
			assert_null(st);
			assert_non_null(strstr(err.msg, paths[i]));
			assert_null(strchr(err.msg, '\n'));
		}
	}
	assert_int_equal(files_in(fx->dir), 0);
}

/* ---- 5. a private file ---- */

static void store_open__creates_the_file_0600_and_its_folders_0700_under_umask_022(
	void **state)
{
	const struct fixture *fx = *state;
	char top[PATH_SIZE], middle[PATH_SIZE], db[PATH_SIZE];
	char wal[PATH_SIZE + 8], shm[PATH_SIZE + 8];
	path_in(fx, "data", top);
	path_in(fx, "data/improv", middle);
	path_in(fx, "data/improv/improv.db", db);
	snprintf(wal, sizeof wal, "%s-wal", db);
	mode_t old = umask(022);
	struct store *st = open_store(db);
	struct session *s = create(st, full_session());
	snprintf(shm, sizeof shm, "%s-shm", db);
	assert_true(file_exists(wal) && file_exists(shm));
	assert_int_equal(mode_of(wal), 0600);
	assert_int_equal(mode_of(shm), 0600);
	store_close(st);
	umask(old);
	assert_int_equal(mode_of(top), 0700);
	assert_int_equal(mode_of(middle), 0700);
	assert_int_equal(mode_of(db), 0600);
	session_free(s);
}

/* ---- 6. the edit lease ---- */

static void write_lease_row(const char *path, int64_t session, const char *host, int64_t pid,
			    int64_t renewed)
{
	sqlite3 *raw = raw_open(path);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw,
		"INSERT OR REPLACE INTO leases (session_id, token, who, host, pid, since, renewed)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", -1, &q, NULL), SQLITE_OK);
	char who[128];
	snprintf(who, sizeof who, "ghost@%s, process %lld", host, (long long)pid);
	sqlite3_bind_int64(q, 1, session);
	sqlite3_bind_text(q, 2, "0123456789abcdef0123456789abcdef", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, pid);
	sqlite3_bind_int64(q, 6, renewed);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(raw);
}

static int64_t lease_pid(const char *path, int64_t session)
{
	sqlite3 *raw = raw_open(path);
	int64_t pid = raw_int(raw, "SELECT pid FROM leases WHERE session_id = ?1", session);
	sqlite3_close(raw);
	return pid;
}

static void this_host(char host[64])
{
	assert_int_equal(gethostname(host, 64), 0);
	host[63] = '\0';
}

static void store_lease__a_second_window_is_refused_and_told_who_holds_the_session(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *first = open_store(fx->db), *second = open_store(fx->db);
	struct error err = {0};
	struct lease_holder holder = {"", 0};
	expect_ok(store_lease_acquire(first, s->id, &holder, &err), &err);
	assert_string_equal(holder.who, "");
	/* Taking it again is fine for the holder. */
	expect_ok(store_lease_acquire(first, s->id, NULL, &err), &err);
	time_t before = time(NULL);
	assert_int_equal(store_lease_acquire(second, s->id, &holder, &err), ERR_BUSY);
	char pid[32];
	snprintf(pid, sizeof pid, "process %ld", (long)getpid());
	assert_non_null(strstr(holder.who, pid));
	assert_true(holder.since > 0 && holder.since <= before + 1);
	assert_non_null(strstr(err.msg, holder.who));
	assert_null(strchr(err.msg, '\n'));
	/* The refused window can still read the session. */
	struct session *got = load(second, s->id);
	assert_same_session(s, got);
	session_free(got);
	store_close(second);
	store_close(first);
	session_free(s);
}

static void store_lease__a_second_window_takes_the_session_once_the_first_lets_go(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *first = open_store(fx->db), *second = open_store(fx->db);
	struct error err = {0};
	expect_ok(store_lease_acquire(first, s->id, NULL, &err), &err);
	assert_int_equal(store_lease_acquire(second, s->id, NULL, &err), ERR_BUSY);
	store_lease_release(first, s->id);
	expect_ok(store_lease_acquire(second, s->id, NULL, &err), &err);
	assert_int_equal(store_lease_acquire(first, s->id, NULL, &err), ERR_BUSY);
	/* Releasing a lease one does not hold changes nothing. */
	store_lease_release(first, s->id);
	assert_int_equal(store_lease_acquire(first, s->id, NULL, &err), ERR_BUSY);
	store_close(second);
	store_close(first);
	session_free(s);
}

static void store_lease__takes_over_a_lease_whose_process_has_died(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	char host[64];
	this_host(host);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	write_lease_row(fx->db, s->id, host, child, (int64_t)time(NULL));
	struct store *st = open_store(fx->db);
	struct error err = {0};
	struct lease_holder holder = {"", 0};
	expect_ok(store_lease_acquire(st, s->id, &holder, &err), &err);
	assert_int_equal(lease_pid(fx->db, s->id), getpid());
	expect_ok(store_lease_renew(st, s->id, &err), &err);
	store_close(st);
	session_free(s);
}

static void store_lease__respects_a_live_process_and_takes_over_a_silent_host(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	char host[64];
	this_host(host);
	struct store *st = open_store(fx->db);
	struct error err = {0};
	/* Our parent is alive on this host. */
	write_lease_row(fx->db, s->id, host, getppid(), (int64_t)time(NULL));
	assert_int_equal(store_lease_acquire(st, s->id, NULL, &err), ERR_BUSY);
	/* However long it has been silent: stopped, it will write when woken. */
	write_lease_row(fx->db, s->id, host, getppid(),
			(int64_t)time(NULL) - 10 * STORE_LEASE_STALE_SECONDS);
	assert_int_equal(store_lease_acquire(st, s->id, NULL, &err), ERR_BUSY);
	/* Another host cannot be asked; a recent renewal counts as alive. */
	write_lease_row(fx->db, s->id, "elsewhere.example", 1, (int64_t)time(NULL));
	assert_int_equal(store_lease_acquire(st, s->id, NULL, &err), ERR_BUSY);
	/* Not renewed for longer than the limit: gone. */
	write_lease_row(fx->db, s->id, "elsewhere.example", 1,
			(int64_t)time(NULL) - STORE_LEASE_STALE_SECONDS - 10);
	expect_ok(store_lease_acquire(st, s->id, NULL, &err), &err);
	assert_int_equal(lease_pid(fx->db, s->id), getpid());
	store_close(st);
	session_free(s);
}

static void store_lease__renews_for_the_holder_and_not_for_another_window(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct store *first = open_store(fx->db), *second = open_store(fx->db);
	struct store *third = open_store(fx->db);
	struct error err = {0};
	expect_ok(store_lease_acquire(first, s->id, NULL, &err), &err);
	sqlite3 *raw = raw_open(fx->db);
	raw_exec(raw, "UPDATE leases SET renewed = renewed - 60");
	int64_t old = raw_int(raw, "SELECT renewed FROM leases WHERE session_id = ?1", s->id);
	expect_ok(store_lease_renew(first, s->id, &err), &err);
	assert_true(raw_int(raw, "SELECT renewed FROM leases WHERE session_id = ?1", s->id) >=
		    old + 60);
	/* A window refused the lease, and one that never asked for it. */
	assert_int_equal(store_lease_acquire(second, s->id, NULL, &err), ERR_BUSY);
	assert_int_not_equal(store_lease_renew(second, s->id, &err), ERR_OK);
	assert_int_not_equal(store_lease_renew(third, s->id, &err), ERR_OK);
	sqlite3_close(raw);
	/* A holder whose lease was taken over is told so on renewal. */
	store_lease_release(first, s->id);
	expect_ok(store_lease_acquire(second, s->id, NULL, &err), &err);
	assert_int_equal(store_lease_renew(first, s->id, &err), ERR_BUSY);
	expect_ok(store_lease_renew(second, s->id, &err), &err);
	store_close(third);
	store_close(second);
	store_close(first);
	session_free(s);
}

/* ---- 7. one transaction per change ---- */

/* Another connection can write at once: nothing is left open. */
static void assert_no_transaction_left(sqlite3 *raw)
{
	sqlite3_busy_timeout(raw, 0);
	raw_exec(raw, "BEGIN IMMEDIATE");
	raw_exec(raw, "ROLLBACK");
	sqlite3_busy_timeout(raw, 5000);
}

static void store_save_item__is_committed_and_seen_by_another_connection_when_it_returns(
	void **state)
{
	const struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct session *s = create(st, full_session());
	struct error err = {0};
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM sessions WHERE id = ?1", s->id), 1);
	assert_no_transaction_left(raw);

	expect_ok(session_add_value(s, "learn in the open", &err), &err);
	expect_ok(store_save_item(st, s, LIST_VALUES, s->nvalues - 1, &err), &err);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM team_values WHERE id = ?1"
				 " AND text = 'learn in the open'", s->values[s->nvalues - 1].id), 1);
	assert_no_transaction_left(raw);

	expect_ok(session_rate(s, 2, 1, 5, &err), &err);
	expect_ok(store_save_rating(st, s, 2, 1, &err), &err);
	assert_int_equal(raw_int(raw, "SELECT score FROM ratings WHERE participant_id = ?1"
				 " AND dimension_id = (SELECT max(id) FROM dimensions)",
				 s->participants[1].id), 5);
	assert_no_transaction_left(raw);

	expect_ok(session_set_stage(s, STAGE_REVIEW, &err), &err);
	expect_ok(store_save_session_fields(st, s, &err), &err);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM sessions WHERE id = ?1"
				 " AND stage = 'review'", s->id), 1);
	assert_no_transaction_left(raw);

	expect_ok(store_delete_item(st, s, LIST_PARKING, s->parking[0].id, &err), &err);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM parking_lot WHERE session_id = ?1",
				 s->id), 1);
	assert_no_transaction_left(raw);
	sqlite3_close(raw);
	store_close(st);
	session_free(s);
}

/* A file edited by hand can hold text with NUL bytes inside; read as C
 * strings, "Ana\0B" and "Ana\0C" would both be "Ana" and a check-in would
 * fail on the names' uniqueness. */
static void store_load_session__keeps_names_that_differ_after_a_nul_byte_apart(void **state)
{
	const struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct session *s = create(st, full_session());
	int64_t id = s->id;
	session_free(s);
	sqlite3 *raw = raw_open(fx->db);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "UPDATE participants SET name = ?1 || position"
					    " WHERE session_id = ?2", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, "Ana\0B", 5, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, id);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(raw);

	s = load(st, id);
	assert_true(s->nparticipants >= 2);
	assert_string_equal(s->participants[0].name, "Ana\\x00B0");
	assert_string_equal(s->participants[1].name, "Ana\\x00B1");
	session_free(s);
	int64_t next = 0;
	struct error err = {0};
	expect_ok(store_check_in(st, id, 1800000000, &next, &err), &err);
	s = load(st, next);
	assert_string_equal(s->participants[1].name, "Ana\\x00B1");
	session_free(s);
	store_close(st);
}

static void store_save_item__refuses_an_item_that_is_not_there(void **state)
{
	const struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct session *s = create(st, full_session());
	struct error err = {0};
	assert_int_equal(store_save_item(st, s, LIST_VALUES, s->nvalues, &err), ERR_SOFTWARE);
	assert_int_equal(store_save_rating(st, s, 0, s->nparticipants, &err), ERR_SOFTWARE);
	assert_int_equal(store_save_ballot(st, s, s->nballots, &err), ERR_SOFTWARE);
	/* Nothing was left half done: the next change goes through. */
	expect_ok(session_add_value(s, "one more", &err), &err);
	expect_ok(store_save_item(st, s, LIST_VALUES, s->nvalues - 1, &err), &err);
	close_check_reopen(fx->db, &st, s);
	store_close(st);
	session_free(s);
}

/* ---- 8. read-only ---- */

static void store_open__read_only_reads_and_refuses_every_write_with_a_clear_error(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	struct bytes before = support_read_bytes(fx->db);
	const struct store_options opts = {.read_only = true};
	struct store *st = open_with(fx->db, &opts);
	struct session *got = load(st, s->id);
	assert_same_session(s, got);
	struct error err = {0};
	expect_ok(session_add_value(got, "never stored", &err), &err);
	assert_int_equal(store_save_item(st, got, LIST_VALUES, got->nvalues - 1, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "read-only"));
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(got->values[got->nvalues - 1].id, 0);
	error_clear(&err);
	assert_int_equal(store_save_session_fields(st, got, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "read-only"));
	error_clear(&err);
	assert_int_equal(store_save_rating(st, got, 0, 0, &err), ERR_IO);
	assert_int_equal(store_save_ballot(st, got, 0, &err), ERR_IO);
	assert_int_equal(store_delete_item(st, got, LIST_STEPS, got->steps[0].id, &err), ERR_IO);
	assert_int_equal(store_lease_acquire(st, got->id, NULL, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "read-only"));
	struct session *fresh = full_session();
	assert_int_equal(store_create_session(st, fresh, &err), ERR_IO);
	assert_int_equal(fresh->id, 0);
	session_free(fresh);
	session_free(got);
	store_close(st);
	assert_bytes_unchanged(fx->db, &before);
	assert_stored_as(fx->db, s);
	free(before.data);
	session_free(s);
}


/* ---- 9. files handed from one person to another ---- */

/* Opens path in a child that a hang kills: the exit status is the code
 * store_open returned, or 99 when the message was not one line. */
static int open_in_child(const char *path, const struct store_options *opts)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(5);
		struct store *st = NULL;
		struct error err = {0};
		enum err_code code = store_open(path, opts, &st, &err);
		store_close(st);
		_exit(strchr(err.msg, '\n') || !strstr(err.msg, "not a regular file") ? 99
										    : (int)code);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void store_open__refuses_a_fifo_at_once(void **state)
{
	const struct fixture *fx = *state;
	assert_int_equal(mkfifo(fx->db, 0600), 0);
	const struct store_options read_only = {.read_only = true};
	assert_int_equal(open_in_child(fx->db, NULL), ERR_DATA);
	assert_int_equal(open_in_child(fx->db, &read_only), ERR_DATA);
	assert_no_side_files(fx->db);
}

static void store_open__refuses_a_dangling_link_and_creates_nothing_where_it_points(
	void **state)
{
	const struct fixture *fx = *state;
	char target[PATH_SIZE];
	path_in(fx, "elsewhere.db", target);
	assert_int_equal(symlink(target, fx->db), 0);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, NULL, &st, &err), ERR_DATA);
	assert_null(st);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_null(strchr(err.msg, '\n'));
	assert_false(file_exists(target));
	assert_no_side_files(fx->db);
}

static void store_open__refuses_a_link_to_a_database_and_leaves_the_database_byte_for_byte(
	void **state)
{
	const struct fixture *fx = *state;
	char link[PATH_SIZE];
	path_in(fx, "link.db", link);
	session_free(make_database(fx->db));
	assert_int_equal(symlink(fx->db, link), 0);
	struct bytes before = support_read_bytes(fx->db);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(link, NULL, &st, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_non_null(strstr(err.msg, link));
	assert_bytes_unchanged(fx->db, &before);
	assert_no_side_files(fx->db);
	free(before.data);
}

/* The database and the two files beside it, as they are now. */
struct trio {
	struct bytes db, wal, shm;
};

static struct trio read_trio(const char *path)
{
	char wal[PATH_SIZE], shm[PATH_SIZE];
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	return (struct trio){support_read_bytes(path), support_read_bytes(wal),
			     support_read_bytes(shm)};
}

static void assert_trio_unchanged(const char *path, struct trio *before)
{
	struct trio now = read_trio(path);
	const struct bytes *b[] = {&before->db, &before->wal, &before->shm};
	const struct bytes *n[] = {&now.db, &now.wal, &now.shm};
	for (size_t i = 0; i < NELEMS(b); i++) {
		assert_int_equal(n[i]->len, b[i]->len);
		assert_memory_equal(n[i]->data, b[i]->data, b[i]->len);
		free(n[i]->data);
		free(b[i]->data);
	}
}

/* Writes sql into the write-ahead log of path and leaves it there, as a
 * process that stopped before its checkpoint would. */
static void leave_in_log(const char *path, const char *sql)
{
	sqlite3 *raw = raw_open(path);
	assert_int_equal(sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL),
			 SQLITE_OK);
	raw_exec(raw, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0");
	raw_exec(raw, sql);
	sqlite3_close(raw);
}

/* The schema version in the file's own header, offset 60. */
static uint32_t header_version(const char *path)
{
	struct bytes b = support_read_bytes(path);
	assert_true(b.len >= 100);
	uint32_t v = (uint32_t)b.data[60] << 24 | (uint32_t)b.data[61] << 16 |
		     (uint32_t)b.data[62] << 8 | b.data[63];
	free(b.data);
	return v;
}

static void store_open__refuses_a_newer_schema_in_the_log_and_leaves_every_file_byte_for_byte(
	void **state)
{
	const struct fixture *fx = *state;
	session_free(make_database(fx->db));
	leave_in_log(fx->db, "UPDATE sessions SET title = 'changed'; PRAGMA user_version = 99");
	leave_in_log(fx->db, "UPDATE sessions SET title = 'changed again'");
	assert_int_equal(header_version(fx->db), STORE_SCHEMA_VERSION);
	struct trio before = read_trio(fx->db);
	const struct store_options read_only = {.read_only = true};
	const struct store_options *each[] = {NULL, &read_only};
	for (size_t i = 0; i < NELEMS(each); i++) {
		struct store *st = NULL;
		struct error err = {0};
		assert_int_equal(store_open(fx->db, each[i], &st, &err), ERR_BUSY);
		assert_non_null(strstr(err.msg, "schema 99"));
		assert_null(strchr(err.msg, '\n'));
	}
	assert_trio_unchanged(fx->db, &before);
}

static void store_open__reads_an_older_schema_left_in_the_log(void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	leave_in_log(fx->db, "UPDATE sessions SET title = 'from the log'");
	struct store *st = open_store(fx->db);
	struct session *got = load(st, s->id);
	assert_string_equal(got->title, "from the log");
	session_free(got);
	store_close(st);
	session_free(s);
}

static void store_open__refuses_a_file_with_a_trigger_it_did_not_make(void **state)
{
	const struct fixture *fx = *state;
	session_free(make_database(fx->db));
	sqlite3 *raw = raw_open(fx->db);
	raw_exec(raw, "CREATE TABLE seen (ballot INTEGER, at TEXT);"
		      "CREATE TRIGGER spy AFTER INSERT ON ballot_voters BEGIN"
		      " INSERT INTO seen SELECT NEW.ballot_id, datetime('now'); END;"
		      "CREATE VIEW everything AS SELECT * FROM sessions;"
		      "PRAGMA journal_mode = DELETE");
	sqlite3_close(raw);
	const struct store_options read_only = {.read_only = true};
	const struct store_options *each[] = {NULL, &read_only};
	for (size_t i = 0; i < NELEMS(each); i++) {
		struct bytes before = support_read_bytes(fx->db);
		struct store *st = NULL;
		struct error err = {0};
		assert_int_equal(store_open(fx->db, each[i], &st, &err), ERR_DATA);
		assert_non_null(strstr(err.msg, "trigger spy"));
		assert_non_null(strstr(err.msg, "view everything"));
		assert_null(strchr(err.msg, '\n'));
		assert_bytes_unchanged(fx->db, &before);
		free(before.data);
	}
}

static void store_open__keeps_a_planted_trigger_from_running_when_told_to_keep_it(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	sqlite3 *raw = raw_open(fx->db);
	raw_exec(raw, "CREATE TABLE seen (n INTEGER);"
		      "CREATE TRIGGER spy AFTER UPDATE ON sessions BEGIN"
		      " INSERT INTO seen VALUES (1); END;");
	sqlite3_close(raw);
	const struct store_options keep = {.keep_foreign = true};
	struct store *st = open_with(fx->db, &keep);
	struct error err = {0};
	struct session *got = load(st, s->id);
	expect_ok(session_set_field(got, "title", "renamed", &err), &err);
	expect_ok(store_save_session_fields(st, got, &err), &err);
	session_free(got);
	store_close(st);
	raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM seen", 0), 0);
	sqlite3_close(raw);
	session_free(s);
}

static void store_load_ancestors__stops_at_a_parent_loop_and_names_it(void **state)
{
	const struct fixture *fx = *state;
	struct store *st = open_store(fx->db);
	struct session *s = create(st, full_session());
	int64_t id = s->id, next = 0;
	struct error err = {0};
	expect_ok(store_check_in(st, id, 1800000000, &next, &err), &err);
	sqlite3 *raw = raw_open(fx->db);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "UPDATE sessions SET parent_id = ?1 WHERE id = ?2",
					    -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, next);
	sqlite3_bind_int64(q, 2, id);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(raw);
	const int64_t froms[] = {id, next};
	for (size_t i = 0; i < NELEMS(froms); i++) {
		struct session **list = NULL;
		size_t n = 99;
		bool reached = true;
		error_clear(&err);
		alarm(10);
		assert_int_equal(store_load_ancestors(st, froms[i], 0, &list, &n, &reached, &err),
				 ERR_DATA);
		alarm(0);
		assert_null(list);
		assert_int_equal(n, 0);
		assert_non_null(strstr(err.msg, "loops"));
		assert_null(strchr(err.msg, '\n'));
	}
	session_free(s);
	store_close(st);
}


/* ---- numbers from the file are held to the model's bounds ---- */

static const struct {
	const char *sql;        /* changes at least one row of the session */
	const char *names;      /* what the refusal must name */
} out_of_bounds[] = {
	{"UPDATE dimensions SET scale_min = -2000000000, scale_max = 2000000000", "dimensions"},
	{"UPDATE dimensions SET scale_max = 2147483647", "scale_max"},
	{"UPDATE dimensions SET scale_min = 4, scale_max = 2", "scale_min"},
	{"UPDATE dimensions SET group_score = 9", "group_score"},
	{"UPDATE ratings SET score = 2147483647", "ratings"},
	{"UPDATE ratings SET score = 0", "rating"},
	{"INSERT OR REPLACE INTO timers SELECT id, 'steps', 2147483647, -2147483648, 2147483647"
	 " FROM sessions", "timers"},
	{"INSERT OR REPLACE INTO timers SELECT id, 'review', 60, 60, -1 FROM sessions",
	 "running_since"},
	{"UPDATE ballot_candidates SET impact_sum = 9223372036854775807", "impact_sum"},
	{"UPDATE ballot_candidates SET effort_sum = -9223372036854775807 - 1", "effort_sum"},
	{"UPDATE ballot_candidates SET points = 'many'", "not a whole number"},
	{"UPDATE ballots SET cap = budget + 1", "cap"},
	{"UPDATE ballots SET budget = 2147483647", "budget"},
	{"UPDATE ballots SET score_min = 5, score_max = 1", "score_min"},
	{"UPDATE ballots SET tally_voters = -1", "tally_voters"},
	{"UPDATE ballot_pairs SET count = 9223372036854775807", "ballot_pairs"},
	{"UPDATE steps SET points = 9223372036854775807", "points"},
	{"UPDATE steps SET rank = -3", "rank"},
	{"UPDATE sessions SET iteration = 4294967297", "iteration"},
	{"UPDATE sessions SET parent_id = id", "its own parent"},
	{"UPDATE metrics SET baseline = 1e999", "metrics"},
	{"UPDATE measurements SET value = -1e999", "measurements"},
};

static void store_load_session__refuses_a_number_outside_the_models_bounds_in_one_line(
	void **state)
{
	const struct fixture *fx = *state;
	struct session *s = make_database(fx->db);
	char copy[PATH_SIZE];
	path_in(fx, "changed.db", copy);
	for (size_t i = 0; i < NELEMS(out_of_bounds); i++) {
		copy_file(fx->db, copy);
		sqlite3 *raw = raw_open(copy);
		sqlite3_exec(raw, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON",
			     NULL, NULL, NULL);
		raw_exec(raw, out_of_bounds[i].sql);
		if (sqlite3_changes(raw) == 0)
			print_error("%s: changed nothing\n", out_of_bounds[i].sql);
		assert_true(sqlite3_changes(raw) > 0);
		sqlite3_close(raw);
		struct store *st = open_store(copy);
		struct session *got = NULL;
		struct error err = {0};
		enum err_code code = store_load_session(st, s->id, &got, &err);
		if (code != ERR_DATA || !strstr(err.msg, out_of_bounds[i].names))
			print_error("%s: got %d: %s\n", out_of_bounds[i].sql, code, err.msg);
		assert_int_equal(code, ERR_DATA);
		assert_null(got);
		assert_non_null(strstr(err.msg, out_of_bounds[i].names));
		assert_non_null(strstr(err.msg, "changed outside improv"));
		assert_null(strchr(err.msg, '\n'));
		store_close(st);
		support_remove_tree(copy);
	}
	session_free(s);
}


/* ---- schema 3: one check-in per session ---- */

/* A schema 2 file holding a session and its check-in; *first, *next their ids. */
static void make_schema_2_series(const char *path, int64_t *first, int64_t *next)
{
	const struct store_options two = {.migrations = schema_migrations, .nmigrations = 2};
	struct store *st = open_with(path, &two);
	struct session *s = create(st, full_session());
	struct error err = {0};
	*first = s->id;
	expect_ok(store_check_in(st, s->id, 1800000000, next, &err), &err);
	session_free(s);
	store_close(st);
	assert_int_equal(file_version(path), 2);
}

/* Inserts a second check-in of session `of`, a copy of the first. */
static int raw_second_check_in(sqlite3 *raw, int64_t of)
{
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "INSERT INTO sessions (series_id, parent_id,"
					    " iteration, title, template, created_at) SELECT series_id,"
					    " parent_id, iteration, title, template, created_at"
					    " FROM sessions WHERE parent_id = ?1", -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(q, 1, of);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc;
}

static void store_open__refuses_to_upgrade_a_file_with_two_check_ins_of_one_session(
	void **state)
{
	const struct fixture *fx = *state;
	int64_t first, next;
	make_schema_2_series(fx->db, &first, &next);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_second_check_in(raw, first), SQLITE_DONE);
	int64_t twin = sqlite3_last_insert_rowid(raw);
	raw_exec(raw, "PRAGMA journal_mode = DELETE");
	sqlite3_close(raw);
	size_t files = files_in(fx->dir);
	struct bytes before = support_read_bytes(fx->db);
	struct store *st = NULL;
	struct error err = {0};
	assert_int_equal(store_open(fx->db, NULL, &st, &err), ERR_DATA);
	assert_null(st);
	char names[96];
	snprintf(names, sizeof names, "sessions %lld and %lld are both check-ins of session %lld",
		 (long long)next, (long long)twin, (long long)first);
	if (!strstr(err.msg, names))
		print_error("%s\n", err.msg);
	assert_non_null(strstr(err.msg, names));
	assert_null(strchr(err.msg, '\n'));
	assert_bytes_unchanged(fx->db, &before);
	assert_int_equal(files_in(fx->dir), files);     /* not even a backup */
	free(before.data);
}

static void store_open__upgrades_a_schema_2_file_to_refuse_a_second_check_in(void **state)
{
	const struct fixture *fx = *state;
	int64_t first, next;
	make_schema_2_series(fx->db, &first, &next);
	store_close(open_store(fx->db));
	assert_int_equal(file_version(fx->db), STORE_SCHEMA_VERSION);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_second_check_in(raw, first), SQLITE_CONSTRAINT);
	sqlite3_close(raw);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(store_create_session__gives_every_row_a_fresh_id_and_loads_back_every_field),
		TEST(store_create_session__ties_metrics_and_steps_to_the_new_goal_ids),
		TEST(store_create_session__keeps_unset_numbers_and_dates_of_metrics_unset),
		TEST(store_create_session__keeps_every_horizon_status_owner_and_score_of_steps),
		TEST(store_create_session__points_ballots_at_the_new_step_and_participant_ids),
		TEST(store_create_session__leaves_the_ballots_in_memory_naming_the_new_ids),
		TEST(store_create_session__keeps_a_check_ins_lineage_and_last_times_means),
		TEST(store_list_sessions__groups_by_organization_and_unit_newest_first),
		TEST(store_load_session__reports_a_session_that_does_not_exist),
		TEST(store_load_session__keeps_names_that_differ_after_a_nul_byte_apart),
		TEST(store_save_item__inserts_into_every_list_and_keeps_it_after_a_reopen),
		TEST(store_save_item__updates_every_list_and_keeps_it_after_a_reopen),
		TEST(store_save_order__keeps_every_list_in_its_new_order),
		TEST(store_delete_item__removes_the_row_from_every_list),
		TEST(store_save_rating__saves_a_score_and_clears_it_again),
		TEST(store_save_group_score__sets_and_clears_the_rooms_score),
		TEST(store_save_notes__writes_added_edited_and_removed_notes_of_both_kinds),
		TEST(store_save_measurements__adds_only_the_new_ones_oldest_first),
		TEST(store_save_ballot__stores_a_new_ballot_each_vote_and_the_reveal),
		TEST(store_cast_ballot__leaves_no_earlier_totals_in_the_write_ahead_log),
		TEST(store_cast_ballot__refuses_an_anonymous_vote_while_another_program_reads),
		TEST(store_save_session_fields__keeps_setup_fields_stage_status_and_timers),
		TEST(store_open__migrates_an_older_file_after_a_backup_that_holds_the_old_data),
		TEST(store_open__refuses_a_newer_schema_and_leaves_the_file_byte_for_byte),
		TEST(store_open__leaves_the_file_at_its_version_and_usable_when_a_migration_fails),
		TEST(store_open__does_not_migrate_a_file_opened_read_only),
		TEST(store_open__lets_a_schema_1_file_delete_rows_without_reading_every_session),
		TEST(store_open__refuses_a_text_file_and_leaves_it_byte_for_byte),
		TEST(store_open__refuses_a_truncated_database_and_leaves_it_byte_for_byte),
		TEST(store_open__refuses_a_database_of_a_newer_version_and_leaves_it_byte_for_byte),
		TEST(store_open__refuses_an_sqlite_database_that_is_not_improvs),
		TEST(store_open__refuses_a_header_with_a_zeroed_page_size),
		TEST(store_open__refuses_a_header_with_a_zeroed_page_count),
		TEST(store_open__builds_a_new_database_in_an_empty_file),
		TEST(store_open__with_must_exist_refuses_a_missing_file_and_creates_nothing),
		TEST(store_open__creates_the_file_0600_and_its_folders_0700_under_umask_022),
		TEST(store_lease__a_second_window_is_refused_and_told_who_holds_the_session),
		TEST(store_lease__a_second_window_takes_the_session_once_the_first_lets_go),
		TEST(store_lease__takes_over_a_lease_whose_process_has_died),
		TEST(store_lease__respects_a_live_process_and_takes_over_a_silent_host),
		TEST(store_lease__renews_for_the_holder_and_not_for_another_window),
		TEST(store_save_item__is_committed_and_seen_by_another_connection_when_it_returns),
		TEST(store_save_item__refuses_an_item_that_is_not_there),
		TEST(store_open__read_only_reads_and_refuses_every_write_with_a_clear_error),
		TEST(store_open__refuses_a_fifo_at_once),
		TEST(store_open__refuses_a_dangling_link_and_creates_nothing_where_it_points),
		TEST(store_open__refuses_a_link_to_a_database_and_leaves_the_database_byte_for_byte),
		TEST(store_open__refuses_a_newer_schema_in_the_log_and_leaves_every_file_byte_for_byte),
		TEST(store_open__reads_an_older_schema_left_in_the_log),
		TEST(store_open__refuses_a_file_with_a_trigger_it_did_not_make),
		TEST(store_open__keeps_a_planted_trigger_from_running_when_told_to_keep_it),
		TEST(store_load_ancestors__stops_at_a_parent_loop_and_names_it),
		TEST(store_open__refuses_to_upgrade_a_file_with_two_check_ins_of_one_session),
		TEST(store_open__upgrades_a_schema_2_file_to_refuse_a_second_check_in),
		TEST(store_load_session__refuses_a_number_outside_the_models_bounds_in_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
