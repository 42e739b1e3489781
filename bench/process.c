#include "bench/process.h"

#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/clock.h"
#include "bench/terminal.h"
#include "lib/sbuf.h"

#define RUNS 11
#define COMMAND_RUNS 7
#define ROWS 60
#define COLS 200

static void run_in_terminal(char *const argv[], const struct terminal_step *steps, size_t n,
			    struct terminal_run *run)
{
	struct error err = {0};
	*run = (struct terminal_run){0};
	if (terminal_run(argv, ROWS, COLS, steps, n, run, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
}

static const struct terminal_step home[] = {{TERMINAL_HOME_HINTS, "q"}};

/* The floor of a screen's start: bare ncurses drawing improv's home frame
 * after reading its rows; with a session, its rows read first and its
 * first frame drawn (open ID). *again: the floor of going home from it,
 * the home rows read and improv's home frame drawn over it (key r). */
static double bare_start(const struct process_ctx *c, bool session, double *again)
{
	char id[24], parent[24];
	snprintf(id, sizeof id, "%lld", (long long)c->largest);
	snprintf(parent, sizeof parent, "%lld", (long long)c->parent);
	char *bare[] = {c->self, (char *)"--bare-frame", c->db, c->home_frame,
			session ? c->session_frame : NULL, id, parent, NULL};
	/* From a session, r goes home: the home frame over the session's. */
	const struct terminal_step steps[] = {{session ? c->session_end : TERMINAL_HOME_HINTS,
					       session ? "r" : "q"},
					      {TERMINAL_HOME_HINTS, "q"}};
	struct terminal_run run;
	run_in_terminal(bare, steps, session ? 2 : 1, &run);
	if (again)
		*again = run.step_ms[1];
	return run.first_ms;
}

void process_start(const struct process_ctx *c, struct result *r)
{
	char *ours[] = {c->improv, (char *)"--db", c->db, NULL};
	double a[RUNS], b[RUNS];
	struct terminal_run run;
	for (int i = -2; i < RUNS; i++) {
		run_in_terminal(ours, home, 1, &run);
		double floor = bare_start(c, false, NULL);
		if (i >= 0) {
			a[i] = run.first_ms;
			b[i] = floor;
		}
	}
	r->ours = clock_median(a, RUNS);
	r->base = clock_median(b, RUNS);
}

void process_open(const struct process_ctx *c, struct result *open, struct result *home_r)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c->largest);
	char *argv[] = {c->improv, (char *)"--db", c->db, (char *)"open", id, NULL};
	const struct terminal_step steps[] = {{c->session_end, "q"}, {TERMINAL_HOME_HINTS, "q"}};
	double a[RUNS], h[RUNS], b[RUNS], f[RUNS];
	struct terminal_run run;
	for (int i = -2; i < RUNS; i++) {
		run_in_terminal(argv, steps, 2, &run);
		double home_floor, floor = bare_start(c, true, &home_floor);
		if (i >= 0) {
			a[i] = run.step_ms[0];
			h[i] = run.step_ms[1];
			b[i] = floor;
			f[i] = home_floor;
		}
	}
	open->ours = clock_median(a, RUNS);
	home_r->ours = clock_median(h, RUNS);
	open->base = clock_median(b, RUNS);
	home_r->base = clock_median(f, RUNS);
}

void process_memory(const struct process_ctx *c, struct result *home_r, struct result *open)
{
	char *ours[] = {c->improv, (char *)"--db", c->db, NULL};
	struct terminal_run run;
	run_in_terminal(ours, home, 1, &run);
	home_r->ours = (double)run.peak_kib;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c->largest);
	char *argv[] = {c->improv, (char *)"--db", c->db, (char *)"open", id, NULL};
	const struct terminal_step steps[] = {
		{c->session_end, "["},          /* the review, then back to the steps */
		{"horizon", "q"},
		{TERMINAL_HOME_HINTS, "q"},
	};
	run_in_terminal(argv, steps, 3, &run);
	open->ours = (double)run.peak_kib;
}

/* ---- commands, as whole processes ---- */

/* Runs argv with stdin from in and stdout to out (NULL: /dev/null); the
 * milliseconds it took. */
static double run_process(const char *const argv[], const char *in, const char *out)
{
	double t = clock_ms();
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int input = in ? open(in, O_RDONLY) : null;
		int output = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600) : null;
		if (null < 0 || input < 0 || output < 0)
			_exit(126);
		dup2(input, 0);
		dup2(output, 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	double ms = clock_ms() - t;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: %s failed (status %d)\n", argv[0], status);
		exit(1);
	}
	return ms;
}

/* The store's settings, then what a command reads or writes. */
static const char sql_settings[] =
	".bail on\n"
	"PRAGMA cache_size = -8192; PRAGMA cell_size_check = ON; PRAGMA foreign_keys = ON;\n"
	"PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA journal_mode = WAL;\n";

static const char sql_list[] =
	"SELECT s.id, s.series_id, s.parent_id, s.iteration, s.title, s.organization, s.unit,"
	" s.template, s.level, s.stage, s.status, s.created_at, s.closed_at,"
	" (SELECT count(*) FROM participants p WHERE p.session_id = s.id) FROM sessions s"
	" ORDER BY s.organization COLLATE NOCASE, s.unit COLLATE NOCASE, s.created_at DESC,"
	" s.id DESC;\n";

/* A session's rows copied into a new one, in one transaction: what an
 * import or a check-in writes. */
static const char sql_copy[] =
	"BEGIN IMMEDIATE;\n"
	"INSERT INTO series (organization, unit, created_at) SELECT organization, unit,"
	" created_at FROM sessions WHERE id = @ID;\n"
	"INSERT INTO sessions (series_id, iteration, title, organization, unit, level, template,"
	" facilitator, stage, status, scale_labels, created_at) SELECT last_insert_rowid(), 1,"
	" title, organization, unit, level, template, facilitator, stage, 'open', scale_labels,"
	" created_at FROM sessions WHERE id = @ID;\n"
	"CREATE TEMP TABLE n AS SELECT last_insert_rowid() AS id;\n"
	"INSERT INTO participants (session_id, position, name) SELECT (SELECT id FROM n),"
	" position, name FROM participants WHERE session_id = @ID;\n"
	"INSERT INTO dimensions (session_id, position, key, name, question, low, high, scale_min,"
	" scale_max) SELECT (SELECT id FROM n), position, key, name, question, low, high,"
	" scale_min, scale_max FROM dimensions WHERE session_id = @ID;\n"
	"INSERT INTO team_values (session_id, position, text) SELECT (SELECT id FROM n),"
	" position, text FROM team_values WHERE session_id = @ID;\n"
	"INSERT INTO goals (session_id, position, text, dimension, status) SELECT"
	" (SELECT id FROM n), position, text, dimension, status FROM goals WHERE session_id = @ID;\n"
	"INSERT INTO steps (session_id, position, text, horizon, status, owner, impact, effort)"
	" SELECT (SELECT id FROM n), position, text, horizon, status, owner, impact, effort"
	" FROM steps WHERE session_id = @ID;\n"
	"INSERT INTO parking_lot (session_id, position, text) SELECT (SELECT id FROM n),"
	" position, text FROM parking_lot WHERE session_id = @ID;\n"
	"COMMIT;\n";

/* The rest of a whole session, for an import: what sql_copy leaves out,
 * each row pointing at the new session's rows found by position. */
#define NEW(table, alias, old) \
	" JOIN " table " " alias " ON " alias ".session_id = (SELECT id FROM n)" \
	" AND " alias ".position = " old ".position"
static const char sql_copy_rest[] =
	"UPDATE steps AS x SET points = o.points, rank = o.rank, goal_id = (SELECT ng.id"
	" FROM goals og" NEW("goals", "ng", "og") " WHERE og.id = o.goal_id)"
	" FROM steps o WHERE o.session_id = @ID AND x.session_id = (SELECT id FROM n)"
	" AND x.position = o.position;\n"
	"INSERT INTO ratings (dimension_id, participant_id, score) SELECT nd.id, np.id, r.score"
	" FROM ratings r JOIN dimensions od ON od.id = r.dimension_id AND od.session_id = @ID"
	" JOIN participants op ON op.id = r.participant_id"
	NEW("dimensions", "nd", "od") NEW("participants", "np", "op") ";\n"
	"INSERT INTO notes (dimension_id, position, kind, text) SELECT nd.id, x.position,"
	" x.kind, x.text FROM notes x JOIN dimensions od ON od.id = x.dimension_id"
	" AND od.session_id = @ID" NEW("dimensions", "nd", "od") ";\n"
	"INSERT INTO metrics (session_id, position, name, unit, direction, baseline,"
	" baseline_date, target, target_date) SELECT (SELECT id FROM n), position, name, unit,"
	" direction, baseline, baseline_date, target, target_date FROM metrics"
	" WHERE session_id = @ID;\n"
	"INSERT INTO measurements (metric_id, value, taken_on) SELECT nm.id, x.value, x.taken_on"
	" FROM measurements x JOIN metrics om ON om.id = x.metric_id AND om.session_id = @ID"
	NEW("metrics", "nm", "om") ";\n"
	"INSERT INTO ballots (session_id, position, method, entry, status, anonymous, budget,"
	" cap, score_min, score_max, tally_voters) SELECT (SELECT id FROM n), position, method,"
	" entry, status, anonymous, budget, cap, score_min, score_max, tally_voters FROM ballots"
	" WHERE session_id = @ID;\n"
	"INSERT INTO ballot_candidates (ballot_id, position, step_id, points, impact_sum,"
	" effort_sum, score_count, wall_points) SELECT nb.id, c.position, ns.id, c.points,"
	" c.impact_sum, c.effort_sum, c.score_count, c.wall_points FROM ballot_candidates c"
	" JOIN ballots ob ON ob.id = c.ballot_id AND ob.session_id = @ID" NEW("ballots", "nb", "ob")
	" LEFT JOIN steps os ON os.id = c.step_id LEFT JOIN steps ns"
	" ON ns.session_id = (SELECT id FROM n) AND ns.position = os.position;\n"
	"INSERT INTO ballot_pairs (ballot_id, winner, loser, count) SELECT nb.id, x.winner,"
	" x.loser, x.count FROM ballot_pairs x JOIN ballots ob ON ob.id = x.ballot_id"
	" AND ob.session_id = @ID" NEW("ballots", "nb", "ob") ";\n"
	"INSERT INTO ballot_voters (ballot_id, participant_id) SELECT nb.id, np.id"
	" FROM ballot_voters x JOIN ballots ob ON ob.id = x.ballot_id AND ob.session_id = @ID"
	" JOIN participants op ON op.id = x.participant_id"
	NEW("ballots", "nb", "ob") NEW("participants", "np", "op") ";\n"
	"INSERT INTO ballot_choices (ballot_id, participant_id, position, points, impact, effort)"
	" SELECT nb.id, np.id, x.position, x.points, x.impact, x.effort FROM ballot_choices x"
	" JOIN ballots ob ON ob.id = x.ballot_id AND ob.session_id = @ID"
	" JOIN participants op ON op.id = x.participant_id"
	NEW("ballots", "nb", "ob") NEW("participants", "np", "op") ";\n"
	"INSERT INTO timers (session_id, stage, box_seconds, left_seconds, running_since)"
	" SELECT (SELECT id FROM n), stage, box_seconds, left_seconds, running_since FROM timers"
	" WHERE session_id = @ID;\n";
#undef NEW

static void add_with_id(struct sbuf *sb, const char *sql, int64_t id)
{
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)id);
	for (const char *p = sql; *p; p++) {
		if (strncmp(p, "?1", 2) == 0 || strncmp(p, "@ID", 3) == 0) {
			sbuf_adds(sb, n);
			p += p[0] == '?' ? 1 : 2;
		} else {
			sbuf_addc(sb, *p);
		}
	}
}

static void add_load(struct sbuf *sb, const struct process_ctx *c, int64_t id)
{
	sbuf_adds(sb, "BEGIN;\n");
	for (size_t i = 0; i < c->nload; i++) {
		add_with_id(sb, c->load_sql[i], id);
		sbuf_adds(sb, ";\n");
	}
	sbuf_adds(sb, "COMMIT;\n");
}

static char *write_script(const struct process_ctx *c, const char *name, const struct sbuf *sql)
{
	struct sbuf path = SBUF_INIT;
	sbuf_addf(&path, "%s/%s", c->dir, name);
	FILE *f = fopen(sbuf_str(&path), "w");
	if (f == NULL || fputs(sql_settings, f) < 0 || fputs(sbuf_str(sql), f) < 0 || fclose(f))
		exit(1);
	return sbuf_take(&path);
}

struct command {
	const char *name;
	const char *argv[11];
	char *script;
	char *chain;            /* the id argument, replaced by the id printed */
};

/* The id a command printed (checkin: the new session's), as the next id. */
static void take_printed_id(const char *path, char *id)
{
	FILE *f = fopen(path, "r");
	long long n;
	if (f == NULL || fscanf(f, "%lld", &n) != 1) {
		fprintf(stderr, "bench: %s: no session id printed\n", path);
		exit(1);
	}
	fclose(f);
	snprintf(id, 24, "%lld", n);
}

static void time_command(const struct process_ctx *c, struct command *k, struct result *r)
{
	const char *sqlite[] = {"sqlite3", c->db, NULL};
	double a[COMMAND_RUNS], b[COMMAND_RUNS];
	for (int i = -1; i < COMMAND_RUNS; i++) {
		double ours = run_process(k->argv, NULL, k->chain ? c->printed : NULL);
		double base = run_process(sqlite, k->script, NULL);
		if (k->chain)
			take_printed_id(c->printed, k->chain);
		if (i >= 0) {
			a[i] = ours;
			b[i] = base;
		}
	}
	r->ours = clock_median(a, COMMAND_RUNS);
	r->base = clock_median(b, COMMAND_RUNS);
}

static char *in_dir(const struct process_ctx *c, const char *name)
{
	struct sbuf sb = SBUF_INIT;
	sbuf_addf(&sb, "%s/%s", c->dir, name);
	return sbuf_take(&sb);
}

void process_commands(const struct process_ctx *c, struct result *const r[6])
{
	char id[24], parent[24], next[24];
	snprintf(id, sizeof id, "%lld", (long long)c->largest);
	snprintf(next, sizeof next, "%lld", (long long)c->largest);
	snprintf(parent, sizeof parent, "%lld", (long long)c->parent);
	char *out = in_dir(c, "command.json"), *bare_out = in_dir(c, "command-bare.json");
	struct process_ctx with = *c;
	with.printed = in_dir(c, "command-printed.txt");
	c = &with;
	const char *db = c->db, *im = c->improv;
	struct sbuf sql[6] = {SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT};
	sbuf_adds(&sql[0], sql_list);
	add_load(&sql[1], c, c->largest);
	sbuf_addf(&sql[2], ".output %s\n", bare_out);
	add_load(&sql[2], c, c->largest);
	/* An import writes every row of the session: the copy, all of it. */
	add_with_id(&sql[3], sql_copy, c->largest);
	sql[3].len -= strlen("COMMIT;\n");
	add_with_id(&sql[3], sql_copy_rest, c->largest);
	sbuf_adds(&sql[3], "COMMIT;\n");
	add_with_id(&sql[4], sql_copy, c->largest);
	add_load(&sql[5], c, c->parent);
	add_load(&sql[5], c, c->largest);
	struct command k[6] = {
		{"list", {im, "--db", db, "list", NULL}, NULL, NULL},
		{"show", {im, "--db", db, "show", id, NULL}, NULL, NULL},
		{"export", {im, "--db", db, "export", id, "--format", "json", "-o", out, "--force"},
		 NULL, NULL},
		{"import", {im, "--db", db, "import", out, NULL}, NULL, NULL},
		{"checkin", {im, "--db", db, "checkin", next, "--yes", NULL}, NULL, next},
		{"compare", {im, "--db", db, "compare", parent, id, NULL}, NULL, NULL},
	};
	for (size_t i = 0; i < 6; i++) {
		char name[32];
		snprintf(name, sizeof name, "command-%s.sql", k[i].name);
		k[i].script = write_script(c, name, &sql[i]);
		time_command(c, &k[i], r[i]);
		free(k[i].script);
		sbuf_free(&sql[i]);
	}
	free(out);
	free(bare_out);
	free(with.printed);
}
