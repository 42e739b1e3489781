#include "tests/sessions/workshop_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "tests/support.h"

/* ---- files and folders ---- */

bool file_exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

void wal_path(const char *db, char out[PATH_SIZE + 8])
{
	snprintf(out, PATH_SIZE + 8, "%s-wal", db);
}

/* The write-ahead log holds every version of a page written since the
 * last checkpoint: it must hold none after a vote. */
void assert_wal_empty(const char *db)
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

sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

sqlite3_stmt *raw_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, sqlite3_errmsg(db));
	assert_int_equal(rc, SQLITE_OK);
	return q;
}

/* The first column of the first row of a query bound to one id, or -1. */
int64_t raw_int(sqlite3 *db, const char *sql, int64_t id)
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
char *dump_database(const char *path)
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

void make_template(struct template *tpl)
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

void expect_ok(enum err_code code, const struct error *err)
{
	if (code != ERR_OK)
		print_error("unexpected error %d: %s\n", code, err->msg);
	assert_int_equal(code, ERR_OK);
}

/* A refusal with this code whose message says `says`. */
void expect_refused(enum err_code code, const struct error *err, enum err_code want,
		    const char *says)
{
	if (code != want)
		print_error("got %d (%s), wanted %d\n", code, err->msg, want);
	assert_int_equal(code, want);
	if (strstr(err->msg, says) == NULL)
		print_error("\"%s\" does not say \"%s\"\n", err->msg, says);
	assert_non_null(strstr(err->msg, says));
}

struct store *open_store(const char *path)
{
	return open_store_on(path, NULL);
}

struct store *open_store_on(const char *path, const char *vfs)
{
	struct store *st = NULL;
	struct error err = {0};
	const struct store_options opts = {.vfs = vfs};
	expect_ok(store_open(path, &opts, &st, &err), &err);
	assert_non_null(st);
	return st;
}

/* A new session in st, as the setup form leaves it; returns its id. */
int64_t create_session(struct store *st)
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

struct workshop *open_workshop(struct store *st, int64_t id)
{
	struct workshop *ws = NULL;
	struct error err = {0};
	expect_ok(workshop_open(st, id, &ws, &err), &err);
	assert_non_null(ws);
	return ws;
}

/* A database at path with a new session open in a workshop. */
void start_workshop(const char *path, const char *vfs, struct store **st,
		    struct workshop **ws, int64_t *id)
{
	*st = open_store_on(path, vfs);
	*id = create_session(*st);
	*ws = open_workshop(*st, *id);
	assert_false((*ws)->read_only);
}

int make_fixture(void **state)
{
	return make_fixture_on(state, NULL);
}

int make_fixture_on(void **state, const char *vfs)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	fx->given = *state;
	memcpy(fx->dir, "/tmp/improv-test-workshop-XXXXXX", sizeof fx->dir);
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/improv.db", fx->dir);
	start_workshop(fx->db, vfs, &fx->st, &fx->ws, &fx->id);
	*state = fx;
	return 0;
}

int remove_fixture(void **state)
{
	struct fixture *fx = *state;
	workshop_close(fx->ws);
	store_close(fx->st);
	support_remove_tree(fx->dir);
	free(fx);
	unsetenv("IMPROV_NOW");
	return 0;
}

struct session *S(const struct fixture *fx)
{
	return fx->ws->s;
}

/* The session as the file holds it, read through a connection of its own;
 * the caller frees it. */
struct session *on_disk(const struct fixture *fx)
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
void assert_saved(const struct fixture *fx)
{
	struct session *disk = on_disk(fx);
	support_assert_same_session(S(fx), disk);
	session_free(disk);
}

void undo(const struct fixture *fx, const char *names)
{
	const char *what = NULL;
	struct error err = {0};
	expect_ok(ws_undo(fx->ws, &what, &err), &err);
	assert_non_null(what);
	assert_string_equal(what, names);
	assert_saved(fx);
}

/* ---- building up a workshop through the screen's own calls ---- */

void add_step(const struct fixture *fx, const char *text, enum horizon h,
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
void add_six_steps(const struct fixture *fx)
{
	add_step(fx, "Pilot show-and-tell in Support", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "Build a searchable answers wiki", HORIZON_MEDIUM, STEP_PLANNED);
	add_step(fx, "Tie recognition to sharing", HORIZON_LONG, STEP_PLANNED);
	add_step(fx, "Mentoring circles", HORIZON_SHORT, STEP_DOING);
	add_step(fx, "Retire the old intranet", HORIZON_SHORT, STEP_DONE);
	add_step(fx, "Conference budget", HORIZON_SHORT, STEP_DROPPED);
}

void add_metric(const struct fixture *fx, const char *name, int64_t goal)
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

void rate(const struct fixture *fx, size_t dim, size_t p, int score)
{
	struct error err = {0};
	expect_ok(ws_rate(fx->ws, dim, p, score, &err), &err);
}

int64_t participant_id(const struct fixture *fx, size_t p)
{
	return S(fx)->participants[p].id;
}

/* ---- ballots ---- */

size_t open_ballot(const struct fixture *fx, const struct ballot_settings *set)
{
	struct error err = {0};
	size_t b = SIZE_MAX;
	expect_ok(ws_open_ballot(fx->ws, set, &b, &err), &err);
	assert_int_equal(b, S(fx)->nballots - 1);
	return b;
}

void cast(const struct fixture *fx, size_t b, size_t p, const struct ballot_vote *v)
{
	struct error err = {0};
	expect_ok(ws_cast(fx->ws, b, p, v, &err), &err);
}

void cast_dots(const struct fixture *fx, size_t b, size_t p, const int *dots)
{
	const struct ballot_vote v = {.dots = dots};
	cast(fx, b, p, &v);
}

void add_dee(const struct fixture *fx)
{
	struct error err = {0};
	expect_ok(ws_add_participant(fx->ws, "Dee", &err), &err);
}
