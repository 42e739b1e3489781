/* bench: how long improv makes a room wait, on a synthetic organization of
 * a thousand sessions. Each operation is timed beside a baseline that does
 * the same work with the bare libraries (the median of REPS runs after
 * WARMUP, the two interleaved so that a noisy machine slows both alike),
 * and reported as a table for people and as `bench:` lines for scripts.
 *
 * Usage: bench [DIR [IMPROV]]. DIR (build/bench) keeps the generated
 * database, named by the generator's and the schema's versions and reused
 * while it exists; every run works on a fresh copy of it. */
#include <dirent.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "bench/bare.h"
#include "bench/clock.h"
#include "bench/files.h"
#include "bench/cells.h"
#include "bench/generate.h"
#include "bench/process.h"
#include "bench/report.h"
#include "bench/terminal.h"
#include "bench/vote.h"
#include "lib/atomic_file.h"
#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/compare.h"
#include "model/session_items.h"
#include "sessions/export.h"
#include "sessions/store.h"
#include "tui/ui.h"

#define REPS 25
#define WARMUP 3
#define START_REPS 21
#define FRAME_MS (1000.0 / 60)
#define SCREEN_ROWS 60
#define SCREEN_COLS 200
#define GENERATED_SESSIONS (GENERATE_SERIES * GENERATE_ITERATIONS)

/* ---- what is measured, and against what ---- */

static struct result results[40];
static size_t nresults;

static struct result *result_add(const char *name, const char *what, enum target target,
				 double limit)
{
	struct result *r = &results[nresults++];
	*r = (struct result){name, what, NAN, NAN, target, limit, 0};
	return r;
}

/* ---- the state every operation reads ---- */

struct bench {
	char *dir, *improv, *self;
	int sessions;                   /* in the organization */
	char *cache, *work;             /* the kept database and this run's copy */
	int64_t largest, parent;        /* the largest session and the one before it */

	struct store *st;               /* improv's side */
	struct session *s, *parent_s, *commit_s;
	struct comparison cmp;
	struct export_context json_ctx, md_ctx;
	struct ballot ballot;
	size_t commit_step;

	sqlite3 *db;                    /* the baselines' side: reading */
	sqlite3_stmt *read_begin, *read_end;
	sqlite3 *write_db;              /* and writing, with the store's durability */
	sqlite3_stmt *write_begin, *update, *write_commit, *insert, *delete, *rate;

	struct app app;                 /* the workshop screen, off-screen */
	FILE *devnull;
	SCREEN *bare;
	struct cells steps;             /* the steps stage as improv drew it */
	char *home_frame, *session_frame, *steps_frame; /* frames for the floors */
	char *session_end;              /* the word that ends the session's first frame */

	char *json_path, *md_path, *bare_path;
	char *filler;
	struct sbuf json_doc;
	size_t json_len, md_len;
	unsigned long sink;
};

static struct bench B;

static void die(const char *what, const struct error *err)
{
	fprintf(stderr, "bench: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
	exit(1);
}

static void check(enum err_code code, const char *what, const struct error *err)
{
	if (code)
		die(what, err);
}

static char *path_in(const char *dir, const char *name)
{
	struct sbuf sb = SBUF_INIT;
	sbuf_addf(&sb, "%s/%s", dir, name);
	return sbuf_take(&sb);
}

/* ---- timing ---- */

typedef void (*op_fn)(void);

static double timed(op_fn op)
{
	double t = clock_ms();
	op();
	return clock_ms() - t;
}

/* Runs both reps times after warmup runs, alternating which goes first. */
static void time_pair_n(struct result *r, op_fn ours, op_fn base, int warmup, int reps)
{
	double a[REPS], b[REPS];
	for (int i = 0; i < warmup; i++) {
		ours();
		if (base)
			base();
	}
	for (int i = 0; i < reps; i++) {
		if (base && i % 2)
			b[i] = timed(base);
		a[i] = timed(ours);
		if (base && i % 2 == 0)
			b[i] = timed(base);
	}
	r->ours = clock_median(a, (size_t)reps);
	r->base = base ? clock_median(b, (size_t)reps) : NAN;
}

static void time_pair(struct result *r, op_fn ours, op_fn base)
{
	time_pair_n(r, ours, base, WARMUP, REPS);
}

/* ---- the baselines' SQLite: one connection, statements prepared once ---- */

static void bare_step_all(sqlite3_stmt *q, int64_t id)
{
	sqlite3_bind_int64(q, 1, id);
	while (sqlite3_step(q) == SQLITE_ROW)
		B.sink += bare_row(q);
	sqlite3_reset(q);
}

/* ---- the synthetic organization ---- */

static void ensure_organization(void)
{
	char name[64];
	snprintf(name, sizeof name, "org-g%d-s%d-n%d.db", GENERATE_VERSION, STORE_SCHEMA_VERSION,
		 B.sessions);
	B.cache = path_in(B.dir, name);
	B.work = path_in(B.dir, "work.db");
	B.home_frame = path_in(B.dir, "frame-home.txt");
	B.session_frame = path_in(B.dir, "frame-session.txt");
	B.steps_frame = path_in(B.dir, "frame-steps.txt");
	if (files_exist(B.cache)) {
		printf("using the organization kept in %s\n", B.cache);
	} else {
		char *tmp = path_in(B.dir, "org.tmp.db");
		struct error err = {0};
		char version[32], *small;
		snprintf(version, sizeof version, "org-g%d-s%d-", GENERATE_VERSION,
			 STORE_SCHEMA_VERSION);
		files_remove_stale(B.dir, version);
		files_remove_db(tmp);
		printf("generating %d sessions into %s ...\n", B.sessions, B.cache);
		fflush(stdout);
		double t = clock_ms();
		snprintf(name, sizeof name, "%sn%d.db", version, GENERATED_SESSIONS);
		small = path_in(B.dir, name);
		if (files_exist(small))
			files_copy(small, tmp);      /* the thousand, kept by a smaller run */
		else
			check(generate_organization(tmp, &err), "generating", &err);
		free(small);
		if (B.sessions > GENERATED_SESSIONS)
			check(generate_archive(tmp, B.sessions - GENERATED_SESSIONS, &err), "generating",
			      &err);
		if (rename(tmp, B.cache) != 0)
			die("keeping the generated database", NULL);
		printf("generated in %.1f s\n", (clock_ms() - t) / 1000);
		free(tmp);
	}
	files_remove_db(B.work);
	files_copy(B.cache, B.work);
}

/* The session with the most rows, and its parent. */
static void find_largest(void)
{
	sqlite3_stmt *q = bare_prepare(B.db,
		"SELECT s.id, s.parent_id FROM sessions s ORDER BY"
		" (SELECT count(*) FROM steps WHERE session_id = s.id)"
		" + (SELECT count(*) FROM measurements m JOIN metrics x ON x.id = m.metric_id"
		"    WHERE x.session_id = s.id)"
		" + (SELECT count(*) FROM notes n JOIN dimensions d ON d.id = n.dimension_id"
		"    WHERE d.session_id = s.id)"
		" + (SELECT count(*) FROM ballot_candidates c JOIN ballots b ON b.id = c.ballot_id"
		"    WHERE b.session_id = s.id) DESC, s.id DESC LIMIT 1");
	if (sqlite3_step(q) != SQLITE_ROW)
		die("the database has no sessions", NULL);
	B.largest = sqlite3_column_int64(q, 0);
	B.parent = sqlite3_column_int64(q, 1);
	sqlite3_finalize(q);
}

/* ---- opening the database and building the home screen's list ---- */

static void open_list_ours(void)
{
	struct store *st;
	struct session_summary *list;
	size_t n;
	struct error err = {0};
	check(store_open(B.work, NULL, &st, &err), "opening", &err);
	check(store_list_sessions(st, &list, &n, &err), "listing", &err);
	B.sink += n;
	store_summaries_free(list, n);
	store_close(st);
}

static void open_list_base(void)
{
	sqlite3 *db = bare_open(B.work);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db,
			       "SELECT s.id, s.series_id, s.parent_id, s.iteration, s.title,"
			       " s.organization, s.unit, s.template, s.level, s.stage, s.status,"
			       " s.created_at, s.closed_at,"
			       " (SELECT count(*) FROM participants p WHERE p.session_id = s.id)"
			       " FROM sessions s ORDER BY s.organization COLLATE NOCASE,"
			       " s.unit COLLATE NOCASE, s.created_at DESC, s.id DESC",
			       -1, &q, NULL) != SQLITE_OK)
		die("the bare list", NULL);
	while (sqlite3_step(q) == SQLITE_ROW)
		B.sink += bare_row(q);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* ---- loading the largest session completely ---- */

enum bound_to { TO_SESSION, TO_PARENT };

static struct bare_query {
	const char *sql;
	enum bound_to to;
	sqlite3_stmt *q;
} bare_load[] = {
	{"SELECT id, series_id, parent_id, iteration, title, organization, unit, level,"
	 " template, facilitator, stage, status, scale_labels, created_at, closed_at"
	 " FROM sessions WHERE id = ?1", TO_SESSION, NULL},
	{"SELECT stage, box_seconds, left_seconds, running_since FROM timers"
	 " WHERE session_id = ?1", TO_SESSION, NULL},
	{"SELECT id, name, origin_id FROM participants WHERE session_id = ?1"
	 " ORDER BY position, id", TO_SESSION, NULL},
	{"SELECT id, key, name, question, low, high, scale_min, scale_max, group_score"
	 " FROM dimensions WHERE session_id = ?1 ORDER BY position, id", TO_SESSION, NULL},
	{"SELECT r.dimension_id, r.participant_id, r.score FROM ratings r"
	 " JOIN dimensions d ON d.id = r.dimension_id WHERE d.session_id = ?1", TO_SESSION, NULL},
	{"SELECT n.dimension_id, n.id, n.kind, n.text FROM notes n"
	 " JOIN dimensions d ON d.id = n.dimension_id WHERE d.session_id = ?1"
	 " ORDER BY n.dimension_id, n.position, n.id", TO_SESSION, NULL},
	{"SELECT d.key, CASE WHEN d.group_score IS NOT NULL THEN d.group_score"
	 " ELSE (SELECT avg(score) FROM ratings r WHERE r.dimension_id = d.id) END"
	 " FROM dimensions d WHERE d.session_id = ?1", TO_PARENT, NULL},
	{"SELECT id, text, origin_id FROM team_values WHERE session_id = ?1"
	 " ORDER BY position, id", TO_SESSION, NULL},
	{"SELECT id, text, dimension, status, origin_id FROM goals WHERE session_id = ?1"
	 " ORDER BY position, id", TO_SESSION, NULL},
	{"SELECT id, goal_id, name, unit, direction, baseline, baseline_date, target,"
	 " target_date, origin_id FROM metrics WHERE session_id = ?1 ORDER BY position, id",
	 TO_SESSION, NULL},
	{"SELECT m.metric_id, m.id, m.value, m.taken_on FROM measurements m"
	 " JOIN metrics x ON x.id = m.metric_id WHERE x.session_id = ?1"
	 " ORDER BY m.metric_id, m.taken_on, m.id", TO_SESSION, NULL},
	{"SELECT id, text, horizon, status, owner, goal_id, impact, effort, points, rank,"
	 " origin_id FROM steps WHERE session_id = ?1 ORDER BY position, id", TO_SESSION, NULL},
	{"SELECT id, text FROM parking_lot WHERE session_id = ?1 ORDER BY position, id",
	 TO_SESSION, NULL},
};

static sqlite3_stmt *bare_ballots, *bare_ballot_rows[3];

static void bare_prepare_load(void)
{
	for (size_t i = 0; i < sizeof bare_load / sizeof bare_load[0]; i++)
		bare_load[i].q = bare_prepare(B.db, bare_load[i].sql);
	bare_ballots = bare_prepare(B.db,
		"SELECT id, method, entry, status, anonymous, budget, cap, score_min, score_max,"
		" tally_voters FROM ballots WHERE session_id = ?1 ORDER BY position, id");
	bare_ballot_rows[0] = bare_prepare(B.db,
		"SELECT position, step_id, points, impact_sum, effort_sum, score_count"
		" FROM ballot_candidates WHERE ballot_id = ?1 ORDER BY position");
	bare_ballot_rows[1] = bare_prepare(B.db,
		"SELECT winner, loser, count FROM ballot_pairs WHERE ballot_id = ?1");
	bare_ballot_rows[2] = bare_prepare(B.db,
		"SELECT participant_id FROM ballot_voters WHERE ballot_id = ?1"
		" ORDER BY participant_id");
	B.read_begin = bare_prepare(B.db, "BEGIN");
	B.read_end = bare_prepare(B.db, "COMMIT");
}

static void bare_load_session(int64_t id, int64_t parent)
{
	bare_exec(B.read_begin);
	for (size_t i = 0; i < sizeof bare_load / sizeof bare_load[0]; i++)
		if (bare_load[i].to == TO_SESSION || parent)
			bare_step_all(bare_load[i].q, bare_load[i].to == TO_SESSION ? id : parent);
	int64_t ballots[16];
	size_t n = 0;
	sqlite3_bind_int64(bare_ballots, 1, id);
	while (sqlite3_step(bare_ballots) == SQLITE_ROW && n < 16) {
		B.sink += bare_row(bare_ballots);
		ballots[n++] = sqlite3_column_int64(bare_ballots, 0);
	}
	sqlite3_reset(bare_ballots);
	for (size_t b = 0; b < n; b++)
		for (size_t k = 0; k < 3; k++)
			bare_step_all(bare_ballot_rows[k], ballots[b]);
	bare_exec(B.read_end);
}

static void load_ours(void)
{
	struct session *s;
	struct error err = {0};
	check(store_load_session(B.st, B.largest, &s, &err), "loading", &err);
	B.sink += s->nsteps;
	session_free(s);
}

static void load_base(void)
{
	bare_load_session(B.largest, B.parent);
}

/* ---- committing one confirmed change: a step's text edited ---- */

static const char *const edits[2] = {
	"Pilot a monthly show-and-tell for the whole unit, then ask who came back",
	"Pilot a monthly show-and-tell for the whole unit, then ask who stayed away",
};

static void commit_ours(void)
{
	static int turn;
	struct step *st = &B.commit_s->steps[B.commit_step];
	free(st->text);
	st->text = xstrdup(edits[turn++ % 2]);
	struct error err = {0};
	check(store_save_item(B.st, B.commit_s, LIST_STEPS, B.commit_step, &err), "committing",
	      &err);
}

static void commit_base(void)
{
	static int turn;
	bare_exec(B.write_begin);
	sqlite3_bind_int64(B.update, 1, B.commit_s->steps[B.commit_step + 1].id);
	sqlite3_bind_text(B.update, 2, edits[turn++ % 2], -1, SQLITE_STATIC);
	bare_exec(B.update);
	bare_exec(B.write_commit);
}

static void prepare_commit(void)
{
	struct error err = {0};
	check(store_load_session(B.st, B.largest, &B.commit_s, &err), "loading", &err);
	B.commit_step = 0;
	/* foreign_keys and secure_delete on, as the store has them. */
	B.write_db = bare_open(B.work);
	B.write_begin = bare_prepare(B.write_db, "BEGIN IMMEDIATE");
	B.update = bare_prepare(B.write_db, "UPDATE steps SET text = ?2 WHERE id = ?1");
	B.write_commit = bare_prepare(B.write_db, "COMMIT");
	B.insert = bare_prepare(B.write_db, "INSERT INTO steps (session_id, position, text)"
				" VALUES (?1, 1000, 'a step to delete')");
	B.delete = bare_prepare(B.write_db, "DELETE FROM steps WHERE id = ?1");
	B.rate = bare_prepare(B.write_db, "INSERT INTO ratings (dimension_id, participant_id,"
			      " score) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET score = ?3");
}

/* ---- committing a deletion: a step added (not timed), then deleted ---- */

static double delete_ours(void)
{
	struct session *s = B.commit_s;
	struct step fields = {.text = (char *)"A step to delete", .points = POINTS_NONE};
	struct error err = {0};
	check(session_add_step(s, &fields, &err), "adding", &err);
	check(store_save_item(B.st, s, LIST_STEPS, s->nsteps - 1, &err), "adding", &err);
	double t = clock_ms();
	int64_t id = s->steps[s->nsteps - 1].id;
	check(session_remove(s, LIST_STEPS, s->nsteps - 1, &err), "deleting", &err);
	check(store_delete_item(B.st, s, LIST_STEPS, id, &err), "deleting", &err);
	return clock_ms() - t;
}

static double delete_base(void)
{
	sqlite3_bind_int64(B.insert, 1, B.largest);
	bare_exec(B.insert);
	double t = clock_ms();
	bare_exec(B.write_begin);
	sqlite3_bind_int64(B.delete, 1, sqlite3_last_insert_rowid(B.write_db));
	bare_exec(B.delete);
	bare_exec(B.write_commit);
	return clock_ms() - t;
}

static void time_delete(struct result *r)
{
	double a[REPS], b[REPS];
	for (int i = -WARMUP; i < REPS; i++) {
		double ours = delete_ours(), base = delete_base();
		if (i >= 0) {
			a[i] = ours;
			b[i] = base;
		}
	}
	r->ours = clock_median(a, REPS);
	r->base = clock_median(b, REPS);
}

/* ---- drawing the steps stage off-screen ---- */

static void start_screen(void)
{
	char n[16];
	snprintf(n, sizeof n, "%d", SCREEN_ROWS);
	setenv("LINES", n, 1);
	snprintf(n, sizeof n, "%d", SCREEN_COLS);
	setenv("COLUMNS", n, 1);
	B.devnull = fopen("/dev/null", "w");
	struct tui_options opts = {.db_path = B.work, .open_id = B.largest};
	struct error err = {0};
	check(ui_start(&B.app, &opts, "xterm-256color", B.devnull, stdin, &err), "the screen",
	      &err);
	B.app.ws->s->stage = STAGE_STEPS;
	ui_show_stage(&B.app);
	ui_draw(&B.app);
	/* What the stage shows, every cell as improv drew it, for bare ncurses
	 * to write. */
	if (cells_capture(B.steps_frame, &err) || !cells_load(B.steps_frame, &B.steps))
		die("capturing the steps stage", &err);
	B.bare = newterm("xterm-256color", B.devnull, stdin);
	if (B.bare == NULL)
		die("the bare screen", NULL);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	cells_colours(&B.steps);
	set_term(B.app.term);
	unsetenv("LINES");
	unsetenv("COLUMNS");
}

static void draw_ours(void)
{
	set_term(B.app.term);
	ui_draw(&B.app);
}

static void draw_base(void)
{
	set_term(B.bare);
	cells_draw(&B.steps);
	refresh();
}

static void key_ours(void)
{
	static int turn;
	set_term(B.app.term);
	ui_key(&B.app, turn++ % 2 ? 'k' : 'j', false);
	ui_draw(&B.app);
}

/* A rating key on the current state, to its frame. */
static void rate_ours(void)
{
	static int turn;
	set_term(B.app.term);
	ui_redraw(&B.app, ui_key(&B.app, turn++ % 2 ? '2' : '3', false));
}

/* Its floor: the rating committed, then the three cells that change (the
 * score, the row's mean, the cursor) written by bare ncurses. */
static void rate_base(void)
{
	static int turn;
	int score = turn++ % 2 ? 2 : 3;
	bare_exec(B.write_begin);
	sqlite3_bind_int64(B.rate, 1, B.s->dims[0].id);
	sqlite3_bind_int64(B.rate, 2, B.s->participants[0].id);
	sqlite3_bind_int(B.rate, 3, score);
	bare_exec(B.rate);
	bare_exec(B.write_commit);
	set_term(B.bare);
	mvaddch(10, 40, (chtype)('0' + score));
	mvaddstr(10, 100, score == 2 ? "3.1" : "3.2");
	mvaddch(10, 41, '<');
	refresh();
}

static void stop_screen(void)
{
	set_term(B.bare);
	endwin();
	delscreen(B.bare);
	set_term(B.app.term);
	ui_stop(&B.app);
	cells_free(&B.steps);
	fclose(B.devnull);
}

/* ---- the model: a tally, a comparison, a trend ---- */

static void prepare_ballot(void)
{
	int64_t ids[GENERATE_STEPS];
	for (size_t i = 0; i < GENERATE_STEPS; i++)
		ids[i] = (int64_t)i + 1;
	ballot_init(&B.ballot, BALLOT_DOTS, BALLOT_ENTRY_SECRET, ids, GENERATE_STEPS);
	struct error err = {0};
	unsigned seed = 7;
	for (int64_t voter = 1; voter <= GENERATE_PARTICIPANTS; voter++) {
		int dots[GENERATE_STEPS] = {0};
		for (int left = B.ballot.budget; left > 0;) {
			seed = seed * 1103515245 + 12345;
			size_t c = (seed >> 16) % GENERATE_STEPS;
			if (dots[c] < B.ballot.cap) {
				dots[c]++;
				left--;
			}
		}
		check(ballot_cast_dots(&B.ballot, voter, dots, &err), "voting", &err);
	}
	check(ballot_reveal(&B.ballot, &err), "revealing", &err);
}

static void tally_ours(void)
{
	struct ballot_results r;
	struct error err = {0};
	check(ballot_tally(&B.ballot, &r, &err), "tallying", &err);
	B.sink += (unsigned long)r.rows[0].points;
	ballot_results_free(&r);
}

struct ranked {
	long points;
	size_t index;
};

static int by_points(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->points != y->points)
		return x->points < y->points ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

/* The bare ranking: the totals sorted, ties in the order added. */
static void tally_base(void)
{
	size_t n = B.ballot.ncandidates;
	struct ranked *rows = xmalloc(n * sizeof *rows);
	for (size_t i = 0; i < n; i++)
		rows[i] = (struct ranked){B.ballot.points[i], i};
	qsort(rows, n, sizeof *rows, by_points);
	B.sink += (unsigned long)rows[0].points;
	free(rows);
}

static void compare_ours(void)
{
	struct comparison c;
	struct error err = {0};
	check(compare_sessions(B.parent_s, B.s, NULL, date_today(), &c, &err), "comparing", &err);
	B.sink += c.nsteps;
	comparison_free(&c);
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Each row of the later session found in the earlier one by its origin. */
static void pair_rows(const struct session *before, const struct session *after,
		      enum session_list list)
{
	size_t n = session_list_len(before, list), m = session_list_len(after, list);
	int64_t *ids = xmalloc((n + 1) * sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = session_item_id(before, list, i);
	qsort(ids, n, sizeof *ids, by_id);
	for (size_t j = 0; j < m; j++) {
		int64_t origin = session_item_origin(after, list, j);
		B.sink += bsearch(&origin, ids, n, sizeof *ids, by_id) != NULL;
	}
	free(ids);
}

static double bare_mean(const struct dimension *d, size_t n)
{
	double sum = 0;
	size_t count = 0;
	for (size_t p = 0; p < n; p++)
		if (d->scores[p] != RATING_NONE) {
			sum += d->scores[p];
			count++;
		}
	return count ? sum / (double)count : NAN;
}

/* The bare comparison: rows paired through their origin, the means. */
static void compare_base(void)
{
	static const enum session_list lists[] = {LIST_GOALS, LIST_METRICS, LIST_STEPS};
	for (size_t k = 0; k < 3; k++)
		pair_rows(B.parent_s, B.s, lists[k]);
	for (size_t d = 0; d < B.s->ndims && d < B.parent_s->ndims; d++)
		B.sink += (unsigned long)(bare_mean(&B.s->dims[d], B.s->nparticipants) -
					  bare_mean(&B.parent_s->dims[d], B.parent_s->nparticipants));
}

/* What the review's trend page shows: every iteration of the series read
 * back, each dimension's mean and each metric's value across them. */
static void trend_ours(void)
{
	struct session *last, **older;
	size_t n;
	bool reached;
	struct error err = {0};
	check(store_load_session(B.st, B.largest, &last, &err), "loading", &err);
	check(store_load_ancestors(B.st, last->parent_id, 0, &older, &n, &reached, &err),
	      "loading", &err);
	double sum = 0;
	for (size_t d = 0; d < last->ndims; d++) {
		for (size_t k = 0; k <= n; k++) {
			const struct session *s = k < n ? older[k] : last;
			ptrdiff_t at = session_find_dimension(s, last->dims[d].key);
			struct rating_stats rs;
			if (at >= 0) {
				session_dimension_stats(s, (size_t)at, &rs);
				sum += rs.count ? rs.mean : 0;
			}
		}
	}
	for (size_t m = 0; m < last->nmetrics; m++) {
		int64_t origin = last->metrics[m].origin_id;
		for (size_t k = n; k-- > 0 && origin;) {
			ptrdiff_t j = session_find_item(older[k], LIST_METRICS, origin);
			if (j < 0)
				break;
			sum += metric_current(&older[k]->metrics[j]);
			origin = older[k]->metrics[j].origin_id;
		}
	}
	B.sink += (unsigned long)sum;
	store_sessions_free(older, n);
	session_free(last);
}

static int64_t series_ids[GENERATE_ITERATIONS * 2][2];
static size_t nseries_ids;

static void trend_base(void)
{
	for (size_t k = 0; k < nseries_ids; k++)
		bare_load_session(series_ids[k][0], series_ids[k][1]);
}

static void prepare_series(void)
{
	sqlite3_stmt *q = bare_prepare(B.db, "SELECT parent_id FROM sessions WHERE id = ?1");
	for (int64_t id = B.largest; id != 0 && nseries_ids < GENERATE_ITERATIONS * 2;) {
		sqlite3_bind_int64(q, 1, id);
		int64_t parent = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		sqlite3_reset(q);
		series_ids[nseries_ids][0] = id;
		series_ids[nseries_ids++][1] = parent;
		id = parent;
	}
	sqlite3_finalize(q);
}

/* ---- exports, written as `improv export -o FILE` writes them ---- */

static void export_write(const char *path, const struct sbuf *out)
{
	struct error err = {0};
	check(atomic_write(path, out->data ? out->data : "", out->len, 0600, &err), "writing",
	      &err);
}

static void json_ours(void)
{
	struct sbuf out = SBUF_INIT;
	export_json(&B.json_ctx, &out);
	export_write(B.json_path, &out);
	sbuf_free(&out);
}

static void md_ours(void)
{
	struct sbuf out = SBUF_INIT;
	export_md(&B.md_ctx, &out);
	export_write(B.md_path, &out);
	sbuf_free(&out);
}

static void bare_write(size_t len)
{
	struct error err = {0};
	check(atomic_write(B.bare_path, B.filler, len, 0600, &err), "writing", &err);
}

static void json_base(void)
{
	bare_write(B.json_len);
}

static void md_base(void)
{
	bare_write(B.md_len);
}

static void json_build(void)
{
	struct sbuf out = SBUF_INIT;
	export_json(&B.json_ctx, &out);
	B.sink += out.len;
	sbuf_free(&out);
}

static void json_write(void)
{
	export_write(B.json_path, &B.json_doc);
}

static void md_build(void)
{
	struct sbuf out = SBUF_INIT;
	export_md(&B.md_ctx, &out);
	B.sink += out.len;
	sbuf_free(&out);
}

static void prepare_exports(void)
{
	struct error err = {0};
	check(compare_sessions(B.parent_s, B.s, NULL, date_today(), &B.cmp, &err), "comparing",
	      &err);
	B.json_ctx = (struct export_context){.session = B.s, .today = date_today()};
	B.md_ctx = (struct export_context){.session = B.s, .parent = B.parent_s,
					   .comparison = &B.cmp, .today = date_today()};
	export_json(&B.json_ctx, &B.json_doc);
	B.json_len = B.json_doc.len;
	struct sbuf out = SBUF_INIT;
	export_md(&B.md_ctx, &out);
	B.md_len = out.len;
	sbuf_free(&out);
	size_t most = B.json_len > B.md_len ? B.json_len : B.md_len;
	B.filler = xmalloc(most + 1);
	memset(B.filler, 'x', most);
	B.json_path = path_in(B.dir, "export.json");
	B.md_path = path_in(B.dir, "export.md");
	B.bare_path = path_in(B.dir, "export.bare");
}

/* ---- the run ---- */

static void prepare_environment(const char *argv0)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		setenv("LC_ALL", "C.UTF-8", 1);
		setlocale(LC_ALL, "");
	}
	setlocale(LC_NUMERIC, "C");
	/* Nobody's own templates, themes or settings: only the repository's. */
	char *config = path_in(B.dir, "config");
	mkdir(B.dir, 0700);
	mkdir(config, 0700);
	setenv("XDG_CONFIG_HOME", config, 1);
	setenv("XDG_DATA_HOME", config, 1);
	setenv("TERM", "xterm-256color", 1);
	unsetenv("NO_COLOR");
	unsetenv("IMPROV_DB");
	free(config);
	B.self = realpath(argv0, NULL);
	if (B.self == NULL)
		die("where the benchmark is", NULL);
}

static void load_sessions(void)
{
	struct error err = {0};
	B.db = bare_open(B.work);
	find_largest();
	check(store_open(B.work, NULL, &B.st, &err), "opening", &err);
	check(store_load_session(B.st, B.largest, &B.s, &err), "loading", &err);
	check(store_load_session(B.st, B.parent, &B.parent_s, &err), "loading", &err);
}

static void run_database(void)
{
	/* Every session read: at 100,000 a run takes seconds, so fewer runs. */
	bool large = B.sessions > 10 * GENERATED_SESSIONS;
	time_pair_n(result_add("open_list", "open + the whole home list", TARGET_RATIO, 1.5),
		    open_list_ours, open_list_base, large ? 1 : WARMUP, large ? 5 : REPS);
	bare_prepare_load();
	time_pair(result_add("load", "load the largest session", TARGET_RATIO, 1.5), load_ours,
		  load_base);
	prepare_commit();
	time_pair(result_add("commit", "commit one change (a step's text)", TARGET_RATIO, 1.5),
		  commit_ours, commit_base);
	time_delete(result_add("commit_delete", "commit a deletion (a step)", TARGET_RATIO, 1.5));
}

static void run_screen(void)
{
	start_screen();
	struct result *draw = result_add("draw_steps", "draw the steps stage (150 steps, 200x60)",
					 TARGET_RATIO, 1.5);
	draw->ms_limit = 2;
	time_pair(draw, draw_ours, draw_base);
	time_pair(result_add("key_steps", "a key on the steps stage, to its frame", TARGET_MS,
			     FRAME_MS), key_ours, draw_base);
	B.app.ws->s->stage = STAGE_CURRENT_STATE;
	ui_show_stage(&B.app);
	ui_draw(&B.app);
	time_pair(result_add("rate_key", "a rating key (current state), to its frame",
			     TARGET_RATIO, 1.3), rate_ours, rate_base);
	/* The frames of `open ID` and then q, for the floors to draw. */
	struct error err = {0};
	set_term(B.app.term);
	check(cells_open_and_home(&B.app, B.largest, B.session_frame, B.home_frame,
				  &B.session_end, &err), "capturing frames", &err);
	if (B.session_end == NULL)
		B.session_end = xstrdup(B.s->title);
	stop_screen();
}

static void run_model(void)
{
	prepare_ballot();
	time_pair(result_add("tally", "tally 20 voters over 150 steps", TARGET_MS, FRAME_MS),
		  tally_ours, tally_base);
	time_pair(result_add("compare", "compare two iterations", TARGET_MS, FRAME_MS),
		  compare_ours, compare_base);
	prepare_series();
	time_pair(result_add("trend", "a series' trend over 10 iterations", TARGET_MS, FRAME_MS),
		  trend_ours, trend_base);
	ballot_free(&B.ballot);
}

static void run_exports(void)
{
	prepare_exports();
	time_pair(result_add("export_json", "export JSON of the largest, to a file", TARGET_RATIO,
			     1.5), json_ours, json_base);
	time_pair(result_add("export_md", "export Markdown of the largest, to a file",
			     TARGET_RATIO, 1.5), md_ours, md_base);
	time_pair(result_add("export_json_build", "  of which building the JSON", TARGET_INFO, 0),
		  json_build, NULL);
	time_pair(result_add("export_json_write", "  of which writing it", TARGET_INFO, 0),
		  json_write, NULL);
	time_pair(result_add("export_md_build", "  of which building the Markdown", TARGET_INFO, 0),
		  md_build, NULL);
}

/* The first line of a /proc file that starts with key, after its colon. */
static void describe_largest(void)
{
	const struct session *s = B.s;
	size_t notes = 0, measurements = 0;
	for (size_t d = 0; d < s->ndims; d++)
		notes += s->dims[d].nnotes;
	for (size_t m = 0; m < s->nmetrics; m++)
		measurements += s->metrics[m].nmeasurements;
	printf("largest session: %lld, iteration %d: %zu participants, %zu dimensions, %zu "
	       "notes, %zu values, %zu goals, %zu metrics with %zu measurements, %zu steps, "
	       "%zu ballots\n", (long long)B.largest, s->iteration, s->nparticipants, s->ndims,
	       notes, s->nvalues, s->ngoals, s->nmetrics, measurements, s->nsteps, s->nballots);
}

/* The statements that read a whole session, for the sqlite3 program. */
static const char *load_sql[sizeof bare_load / sizeof bare_load[0]];

static void run_processes(void)
{
	for (size_t i = 0; i < sizeof bare_load / sizeof bare_load[0]; i++)
		load_sql[i] = bare_load[i].sql;
	const struct process_ctx c = {
		.improv = B.improv, .self = B.self, .db = B.work, .dir = B.dir,
		.largest = B.largest, .parent = B.parent, .home_frame = B.home_frame,
		.session_frame = B.session_frame, .session_end = B.session_end,
		.load_sql = load_sql, .nload = sizeof load_sql / sizeof load_sql[0],
	};
	process_start(&c, result_add("start", "start to the home screen's frame (pty)",
				     TARGET_RATIO, 1.5));
	struct result *open = result_add("open_id", "open ID to the session's frame (pty)",
					 TARGET_RATIO, 1.5);
	struct result *back = result_add("home_back", "from a session back home (pty)",
					 TARGET_RATIO, 1.5);
	process_open(&c, open, back);
	struct result *home = result_add("peak_home", "improv's own peak, home screen",
					 TARGET_KIB, 16 * 1024);
	process_memory(&c, home, result_add("peak_rss", "improv's own peak, largest session open",
					    TARGET_KIB, 32 * 1024));
	static const char *const names[6][2] = {
		{"cmd_list", "improv list, against sqlite3"}, {"cmd_show", "improv show"},
		{"cmd_export", "improv export (JSON, to a file)"}, {"cmd_import", "improv import"},
		{"cmd_checkin", "improv checkin"}, {"cmd_compare", "improv compare"},
	};
	struct result *cmd[6];
	for (size_t i = 0; i < 6; i++)
		cmd[i] = result_add(names[i][0], names[i][1], TARGET_RATIO, 1.5);
	process_commands(&c, cmd);
}

static void run_vote(void)
{
	unsigned syncs;
	vote_measure(B.cache, B.dir, B.largest,
		     result_add("vote", "a phone's vote, anonymous ballot", TARGET_RATIO, 1.5), &syncs);
	result_add("vote_syncs", "  its syncs (at most 2)", TARGET_COUNT, 2)->ours = syncs;
}

int main(int argc, char **argv)
{
	/* --bare-frame DB HOME_FRAME [SESSION_FRAME ID PARENT] */
	if (argc > 3 && strcmp(argv[1], "--bare-frame") == 0) {
		bool session = argc > 6;
		if (session) {          /* open ID's floor: the session's rows read first */
			B.db = bare_open(argv[2]);
			bare_prepare_load();
			bare_load_session(atoll(argv[5]), atoll(argv[6]));
		}
		return terminal_bare_frame(argv[2], argv[3], session ? argv[4] : NULL);
	}
	B.dir = xstrdup(argc > 1 ? argv[1] : "build/bench");
	B.improv = xstrdup(argc > 2 ? argv[2] : "./improv");
	B.sessions = argc > 3 ? atoi(argv[3]) : GENERATED_SESSIONS;
	if (B.sessions < GENERATED_SESSIONS)
		B.sessions = GENERATED_SESSIONS;
	prepare_environment(argv[0]);
	double t = clock_ms();
	report_machine("before");
	ensure_organization();
	load_sessions();
	describe_largest();
	run_database();
	run_screen();
	run_model();
	run_exports();
	run_vote();
	run_processes();
	report_machine("after");
	report_table(results, nresults);
	report_lines(results, nresults, B.sessions);
	printf("bench: took %.1f s\n", (clock_ms() - t) / 1000);
	return 0;
}
