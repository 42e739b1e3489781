/* Tests for the store on a full or failing disk. Each kind of change a
 * facilitator makes (a rating, a new step, an edit, a delete, a move, a
 * vote, a measurement, the session's fields, a check-in) is tried with
 * ENOSPC and with EIO injected at each point of its transaction that it
 * has: the first write, a frame of the write-ahead log, the sync of a new
 * log's header, the commit frame, the sync of the commit, every write while
 * the disk stays full, and a write into the database file after the commit
 * (the checkpoint after a vote). A dry run first counts the change's writes
 * and syncs, so each point is hit exactly. Each time the change is refused
 * with one line that says what happened; the file, read with the default
 * VFS, holds exactly what it held before and passes the integrity check;
 * the workshop in memory is what the file holds; a crash right after the
 * fault finds either the old state or the whole change, never damage; and
 * once space returns the same change goes through and is saved. Every case
 * starts from a copy of one workshop built once; the figures are printed at
 * the end. */
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
#include "model/checkin.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#include "tests/sessions/faulty_vfs.c"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 512

/* A fixed time for the workshop clock (IMPROV_NOW). */
#define CLOCK_START "2026-11-28T16:00:00Z"

#define SAYS_FULL "the disk is full; nothing was lost, free some space and try again"
#define SAYS_IO "writing failed"

enum { ANA, BO, CY, NPEOPLE };

/* Where in a change's transaction the fault strikes. */
enum point {
	AT_FIRST_WRITE,
	AT_LOG_FRAME,           /* a frame of the write-ahead log between the first and the last */
	AT_HEADER_FSYNC,        /* the sync of a new log's header, before any frame */
	AT_COMMIT_FRAME,        /* the last frame, the one that marks the commit */
	AT_FSYNC,               /* the sync of the log that makes the commit durable */
	AT_DISK_STAYS_FULL,     /* every write from the first on, two tries in a row */
	AT_CHECKPOINT,          /* a write into the database file after the commit */
	POINT_COUNT
};

static const char *const point_names[POINT_COUNT] = {
	[AT_FIRST_WRITE] = "first write",
	[AT_LOG_FRAME] = "log frame",
	[AT_HEADER_FSYNC] = "log header fsync",
	[AT_COMMIT_FRAME] = "commit frame",
	[AT_FSYNC] = "commit fsync",
	[AT_DISK_STAYS_FULL] = "disk stays full",
	[AT_CHECKPOINT] = "checkpoint",
};

static const char *const kind_names[FAULT_KIND_COUNT] = {
	[FAULT_ENOSPC] = "ENOSPC",
	[FAULT_EIO] = "EIO",
};

/* One case: a copy of the workshop, open through the faulty VFS. */
struct kase {
	char db[PATH_SIZE];
	struct store *st;
	struct workshop *ws;
};

struct change {
	const char *name;
	enum err_code (*make)(struct kase *k, struct error *err);
	bool from_home;         /* made with no session open, as the home screen does */
};

/* The figures the run reports at the end. */
static struct {
	unsigned injected[FAULT_KIND_COUNT][POINT_COUNT];
	unsigned refused, intact, saved_after, cases;
	char said[2][sizeof ((struct error *)0)->msg];  /* a full disk, a failing one */
	unsigned crash_old, crash_new[POINT_COUNT];
	struct sbuf writes;     /* writes/syncs of each change when nothing fails */
} figures = {.writes = SBUF_INIT};

static char work_dir[sizeof "/tmp/improv-test-faults-XXXXXX"];
static char base_db[PATH_SIZE];
static int64_t session_id;

/* ---- files ---- */

/* Copies a file; a missing one is no copy at all. */
static void copy_file(const char *from, const char *to)
{
	unlink(to);
	FILE *in = fopen(from, "rb");
	if (in == NULL)
		return;
	FILE *out = fopen(to, "wb");
	assert_non_null(out);
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
		assert_int_equal(fwrite(chunk, 1, got, out), got);
	assert_int_equal(ferror(in), 0);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void path_in(const char *name, char out[PATH_SIZE])
{
	snprintf(out, PATH_SIZE, "%s/%s", work_dir, name);
}

static void remove_database(const char *db)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char path[PATH_SIZE + 16];
	for (size_t i = 0; i < NELEMS(suffixes); i++) {
		snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		unlink(path);
	}
}

/* ---- the file, as a program with the default VFS reads it ---- */

static void assert_integrity_ok(const char *path)
{
	sqlite3 *db = support_raw_open(path);
	sqlite3_stmt *q = support_raw_prepare(db, "PRAGMA integrity_check");
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	const char *says = (const char *)sqlite3_column_text(q, 0);
	if (says == NULL || strcmp(says, "ok") != 0)
		print_error("%s: %s\n", path, says ? says : "(nothing)");
	assert_string_equal(says, "ok");
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* ---- a session as text, to compare the screen's copy with the file's ---- */

static void describe_real(struct sbuf *out, double v)
{
	if (isnan(v))
		sbuf_adds(out, "-|");
	else
		sbuf_addf(out, "%.17g|", v);
}

/* A candidate whose step was deleted shows as gone: the file no longer
 * names the step, while the workshop keeps its id so that undo can put
 * the step back on the ballot. */
static void describe_ballot(struct sbuf *out, const struct session *s, const struct ballot *b)
{
	size_t n = b->ncandidates;
	sbuf_addf(out, "ballot %lld %d %d %d %d %d %d %ld\n", (long long)b->id, b->method,
		  b->entry, b->status, b->anonymous, b->budget, b->cap, b->tally_voters);
	for (size_t c = 0; c < n; c++) {
		if (session_find_step(s, b->candidates[c]) >= 0)
			sbuf_addf(out, " step %lld:", (long long)b->candidates[c]);
		else
			sbuf_adds(out, " gone:");
		sbuf_addf(out, " %ld %ld %ld %ld\n", b->points[c], b->impact_sum[c],
			  b->effort_sum[c], b->score_count[c]);
	}
	for (size_t c = 0; b->pairwise && c < n * n; c++)
		sbuf_addf(out, "%ld,", b->pairwise[c]);
	for (size_t v = 0; v < b->nvoters; v++)
		sbuf_addf(out, " voter %lld", (long long)b->voters[v]);
	sbuf_addc(out, '\n');
}

static void describe_lists(struct sbuf *out, const struct session *s)
{
	for (size_t i = 0; i < s->nvalues; i++)
		sbuf_addf(out, "value %lld %s\n", (long long)s->values[i].id, s->values[i].text);
	for (size_t i = 0; i < s->ngoals; i++)
		sbuf_addf(out, "goal %lld %s %s %d\n", (long long)s->goals[i].id, s->goals[i].text,
			  s->goals[i].dimension ? s->goals[i].dimension : "-", s->goals[i].status);
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric *m = &s->metrics[i];
		sbuf_addf(out, "metric %lld %lld %s %s %d %ld %ld|", (long long)m->id,
			  (long long)m->goal_id, m->name, m->unit ? m->unit : "-", m->direction,
			  m->target_date, m->baseline_date);
		describe_real(out, m->baseline);
		describe_real(out, m->target);
		for (size_t k = 0; k < m->nmeasurements; k++) {
			sbuf_addf(out, " %lld %ld ", (long long)m->measurements[k].id,
				  m->measurements[k].taken_on);
			describe_real(out, m->measurements[k].value);
		}
		sbuf_addc(out, '\n');
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct step *x = &s->steps[i];
		sbuf_addf(out, "step %lld %s %d %d %s %lld %d %d %ld %d\n", (long long)x->id, x->text,
			  x->horizon, x->status, x->owner ? x->owner : "-", (long long)x->goal_id,
			  x->impact, x->effort, x->points, x->rank);
	}
	for (size_t i = 0; i < s->nparking; i++)
		sbuf_addf(out, "parked %lld %s\n", (long long)s->parking[i].id, s->parking[i].text);
}

/* Everything a screen can show of the session, one fact a line. */
static char *describe(const struct session *s)
{
	struct sbuf out = SBUF_INIT;
	sbuf_addf(&out, "session %lld %s|%s|%s|%s %d %d %d %lld %lld\n", (long long)s->id,
		  s->title, s->organization ? s->organization : "-", s->unit ? s->unit : "-",
		  s->facilitator ? s->facilitator : "-", s->level, s->stage, s->status,
		  (long long)s->created_at, (long long)s->closed_at);
	for (int i = 0; i < STAGE_COUNT; i++)
		sbuf_addf(&out, "timer %d %d %lld\n", s->timers[i].box_seconds,
			  s->timers[i].left_seconds, (long long)s->timers[i].running_since);
	for (size_t i = 0; i < s->nparticipants; i++)
		sbuf_addf(&out, "person %lld %s\n", (long long)s->participants[i].id,
			  s->participants[i].name);
	for (size_t d = 0; d < s->ndims; d++) {
		const struct dimension *x = &s->dims[d];
		sbuf_addf(&out, "dim %lld %s %d:", (long long)x->id, x->key, x->group_score);
		for (size_t p = 0; p < s->nparticipants; p++)
			sbuf_addf(&out, " %d", x->scores[p]);
		for (size_t n = 0; n < x->nnotes; n++)
			sbuf_addf(&out, " [%d %s]", x->notes[n].kind, x->notes[n].text);
		sbuf_addc(&out, '\n');
	}
	describe_lists(&out, s);
	for (size_t b = 0; b < s->nballots; b++)
		describe_ballot(&out, s, &s->ballots[b]);
	return sbuf_take(&out);
}

/* ---- the workshop every case starts from ---- */

static void make_template(struct template *tpl)
{
	support_build_template(tpl, &(const struct support_template){
		.key = "faults-test", .name = "A template for the fault tests",
		.description = "Two dimensions on a five-point scale.",
		.vote_cap = 3,
	});
	for (int i = STAGE_CURRENT_STATE; i < STAGE_COUNT; i++)
		tpl->timebox_minutes[i] = 20;
}

static int64_t create_session(struct store *st)
{
	return support_store_support_team(st, make_template);
}

static void add_step(struct workshop *ws, const char *text, enum horizon h)
{
	struct error err = {0};
	const struct step fields = {.text = (char *)text, .horizon = h, .points = POINTS_NONE};
	support_expect_ok(ws_add_step(ws, &fields, &err), &err);
}

/* Something in every table: ratings, a note, a value, a goal with its
 * metric and a measurement, four steps, a parked topic, and an anonymous
 * dots ballot Ana has voted on. */
static void fill_workshop(struct workshop *ws)
{
	struct error err = {0};
	static const int scores[NPEOPLE] = {2, 3, 4};
	for (size_t p = 0; p < NPEOPLE; p++)
		support_expect_ok(ws_rate(ws, 0, p, scores[p], &err), &err);
	support_expect_ok(ws_rate(ws, 1, ANA, 3, &err), &err);
	support_expect_ok(ws_add_note(ws, 0, NOTE_STRENGTH, "Show-and-tell every Friday", &err), &err);
	support_expect_ok(ws_add_value(ws, "Share by default", &err), &err);
	support_expect_ok(ws_add_goal(ws, "Every team shares a lesson a month", "culture", &err), &err);
	const struct metric m = {
		.goal_id = ws->s->goals[0].id, .name = (char *)"Teams sharing monthly",
		.unit = (char *)"%", .direction = DIRECTION_UP, .baseline = 40,
		.baseline_date = NO_DATE, .target = 70, .target_date = date_from_civil(2027, 6, 30),
	};
	support_expect_ok(ws_add_metric(ws, &m, &err), &err);
	support_expect_ok(ws_measure(ws, 0, 45, date_from_civil(2026, 11, 1), &err), &err);
	add_step(ws, "Pilot show-and-tell in Support", HORIZON_SHORT);
	add_step(ws, "Build a searchable answers wiki", HORIZON_MEDIUM);
	add_step(ws, "Tie recognition to sharing", HORIZON_LONG);
	add_step(ws, "Mentoring circles", HORIZON_SHORT);
	support_expect_ok(ws_park(ws, "Budget for conferences", &err), &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b;
	support_expect_ok(ws_open_ballot(ws, &set, &b, &err), &err);
	const int dots[] = {2, 0, 1, 0};
	const struct ballot_vote vote = {.dots = dots};
	support_expect_ok(ws_cast(ws, b, ANA, &vote, &err), &err);
}

static int make_base(void **state)
{
	(void)state;
	setenv("IMPROV_NOW", CLOCK_START, 1);
	faulty_vfs_install();
	memcpy(work_dir, "/tmp/improv-test-faults-XXXXXX", sizeof work_dir);
	if (mkdtemp(work_dir) == NULL)
		return -1;
	path_in("base.db", base_db);
	struct store *st = support_open_store_on(base_db, NULL);
	session_id = create_session(st);
	struct workshop *ws = NULL;
	struct error err = {0};
	support_expect_ok(workshop_open(st, session_id, &ws, &err), &err);
	fill_workshop(ws);
	workshop_close(ws);
	store_close(st);
	return 0;
}

static int report_and_remove_base(void **state)
{
	(void)state;
	unsigned total = 0;
	struct sbuf line = SBUF_INIT;
	for (int p = 0; p < POINT_COUNT; p++) {
		unsigned n = figures.injected[FAULT_ENOSPC][p] + figures.injected[FAULT_EIO][p];
		total += n;
		sbuf_addf(&line, "%s%s %u (ENOSPC %u, EIO %u)", p ? "; " : "", point_names[p], n,
			  figures.injected[FAULT_ENOSPC][p], figures.injected[FAULT_EIO][p]);
	}
	printf("faults: %u injected in %u cases: %s\n", total, figures.cases, sbuf_str(&line));
	sbuf_reset(&line);
	unsigned whole = 0;
	for (int p = 0; p < POINT_COUNT; p++) {
		whole += figures.crash_new[p];
		if (figures.crash_new[p])
			sbuf_addf(&line, "%s%s %u", line.len ? ", " : "", point_names[p],
				  figures.crash_new[p]);
	}
	printf("faults: %u changes refused with one line; the file unchanged, intact and what "
	       "the workshop shows after %u of them; %u saved once space returned; a crash "
	       "right after the fault found the old state %u times and the whole change %u "
	       "times (%s)\n", figures.refused, figures.intact, figures.saved_after,
	       figures.crash_old, whole, whole ? sbuf_str(&line) : "none");
	printf("faults: a full disk says \"%s\"; a failing one \"%s\"\n", figures.said[0],
	       figures.said[1]);
	printf("faults: writes/syncs of each change: %s\n", sbuf_str(&figures.writes));
	sbuf_free(&line);
	sbuf_free(&figures.writes);
	support_remove_tree(work_dir);
	unsetenv("IMPROV_NOW");
	return 0;
}

/* ---- the changes ---- */

static enum err_code change_rating(struct kase *k, struct error *err)
{
	return ws_rate(k->ws, 1, BO, 4, err);
}

static enum err_code change_new_step(struct kase *k, struct error *err)
{
	const struct step fields = {.text = (char *)"Run a monthly lunch-and-learn",
				    .horizon = HORIZON_SHORT, .owner = (char *)"Bo",
				    .impact = 4, .effort = 2, .points = POINTS_NONE};
	return ws_add_step(k->ws, &fields, err);
}

static enum err_code change_edit(struct kase *k, struct error *err)
{
	struct step fields = k->ws->s->steps[1];
	fields.text = (char *)"Build a searchable answers wiki, with an owner per page";
	fields.owner = (char *)"Cy";
	return ws_edit_step(k->ws, 1, &fields, err);
}

static enum err_code change_delete(struct kase *k, struct error *err)
{
	return ws_remove(k->ws, LIST_STEPS, 3, err);
}

static enum err_code change_move(struct kase *k, struct error *err)
{
	return ws_move(k->ws, LIST_STEPS, 0, 2, err);
}

static enum err_code change_vote(struct kase *k, struct error *err)
{
	const int dots[] = {0, 1, 1, 1};
	const struct ballot_vote vote = {.dots = dots};
	assert_int_equal(k->ws->s->ballots[0].ncandidates, NELEMS(dots));
	return ws_cast(k->ws, 0, BO, &vote, err);
}

static enum err_code change_measurement(struct kase *k, struct error *err)
{
	return ws_measure(k->ws, 0, 55, date_from_civil(2026, 11, 28), err);
}

static enum err_code change_session_fields(struct kase *k, struct error *err)
{
	return ws_set_field(k->ws, "title", "Q2: how Support learns, second look", err);
}

/* As the home screen's check-in does: the next iteration in one go. With
 * no session open nothing was written since the store opened, so the
 * write-ahead log starts afresh with its header. */
static enum err_code change_check_in(struct kase *k, struct error *err)
{
	struct session *parent = NULL;
	support_expect_ok(store_load_session(k->st, session_id, &parent, err), err);
	struct session *next = checkin_create(parent, clock_now());
	enum err_code code = store_create_session(k->st, next, err);
	if (code)
		assert_int_equal(next->id, 0);
	session_free(next);
	session_free(parent);
	return code;
}

static const struct change changes[] = {
	{"a rating", change_rating, false},
	{"a new step", change_new_step, false},
	{"an edit", change_edit, false},
	{"a delete", change_delete, false},
	{"a move", change_move, false},
	{"a vote", change_vote, false},
	{"a measurement", change_measurement, false},
	{"the session's fields", change_session_fields, false},
	{"a check-in", change_check_in, true},
};

/* ---- one case ---- */

static void open_case(struct kase *k, const char *name, bool at_home)
{
	path_in(name, k->db);
	remove_database(k->db);
	copy_file(base_db, k->db);
	k->st = support_open_store_on(k->db, FAULTY_VFS);
	k->ws = NULL;
	if (at_home)
		return;
	struct error err = {0};
	support_expect_ok(workshop_open(k->st, session_id, &k->ws, &err), &err);
	assert_false(k->ws->read_only);
}

static void close_case(struct kase *k)
{
	workshop_close(k->ws);
	store_close(k->st);
	remove_database(k->db);
}

/* What the store holds for the session, read through another connection
 * with the default VFS; the caller frees it. */
static char *described_on_disk(const char *db)
{
	struct store *st = support_open_store_on(db, NULL);
	struct session *s = NULL;
	struct error err = {0};
	support_expect_ok(store_load_session(st, session_id, &s, &err), &err);
	store_close(st);
	char *text = describe(s);
	session_free(s);
	return text;
}

/* Shows the first line where two descriptions part. */
static void assert_same_description(const char *want, const char *got)
{
	if (strcmp(want, got) == 0)
		return;
	int line = 1;
	const char *w = want, *g = got;
	for (; *w && *w == *g; w++, g++)
		line += *w == '\n';
	while (w > want && w[-1] != '\n') {
		w--;
		g--;
	}
	print_error("they differ at line %d:\n  want: %.*s\n  got:  %.*s\n", line,
		    (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
	fail();
}

/* The screen's copy of the session is the file's. */
static void assert_screen_is_file(const struct kase *k)
{
	if (k->ws == NULL)
		return;
	char *screen = describe(k->ws->s), *file = described_on_disk(k->db);
	assert_same_description(file, screen);
	free(screen);
	free(file);
}

/* How many writes and syncs the change makes when nothing fails. */
static struct fault_counts dry_run(const struct change *c)
{
	struct kase k;
	struct error err = {0};
	open_case(&k, "dry.db", c->from_home);
	faulty_vfs_count();
	support_expect_ok(c->make(&k, &err), &err);
	struct fault_counts counts = faulty_vfs_counts();
	close_case(&k);
	return counts;
}

/* The fault for this point of the change's transaction, or false when the
 * transaction has no such point (a change that never writes the database
 * file itself before the next checkpoint). */
static bool plan_for(enum point p, enum fault_kind kind, const struct fault_counts *dry,
		     struct fault_plan *plan)
{
	unsigned frames = dry->writes[FAULT_WAL];
	*plan = (struct fault_plan){.kind = kind, .call = FAULT_WRITE, .file = FAULT_ANY_FILE,
				    .nth = 1};
	switch (p) {
	case AT_FIRST_WRITE:
		return true;
	case AT_LOG_FRAME:
		plan->file = FAULT_WAL;
		plan->nth = frames / 2 + 1;
		return frames >= 3;
	case AT_HEADER_FSYNC:
		plan->call = FAULT_SYNC;
		plan->file = FAULT_WAL;
		return dry->syncs_before_last_write[FAULT_WAL] > 0;
	case AT_FSYNC:
		plan->call = FAULT_SYNC;
		plan->file = FAULT_WAL;
		plan->nth = dry->syncs_before_last_write[FAULT_WAL] + 1;
		return dry->syncs[FAULT_WAL] >= plan->nth;
	case AT_COMMIT_FRAME:
		plan->file = FAULT_WAL;
		plan->nth = frames;
		return frames > 0;
	case AT_DISK_STAYS_FULL:
		plan->every_later = true;
		return true;
	case AT_CHECKPOINT:
		plan->file = FAULT_MAIN_DB;
		return dry->writes[FAULT_MAIN_DB] > 0;
	case POINT_COUNT:
		break;
	}
	return false;
}

static void expect_refused_in_one_line(enum err_code code, const struct error *err,
				       const struct fault_plan *plan)
{
	bool full = plan->kind == FAULT_ENOSPC && plan->call == FAULT_WRITE;
	if (code != ERR_IO)
		print_error("got %d (%s), not ERR_IO\n", code, err->msg);
	assert_int_equal(code, ERR_IO);
	if (strstr(err->msg, full ? SAYS_FULL : SAYS_IO) == NULL)
		print_error("\"%s\" does not say \"%s\"\n", err->msg, full ? SAYS_FULL : SAYS_IO);
	assert_non_null(strstr(err->msg, full ? SAYS_FULL : SAYS_IO));
	assert_null(strchr(err->msg, '\n'));
	figures.refused++;
	snprintf(figures.said[!full], sizeof figures.said[!full], "%s", err->msg);
}

/* What a process killed right now would find on its next start: the
 * database and its log as they are on disk, without the shared index. */
static char *dump_after_a_crash(const struct kase *k)
{
	char crash[PATH_SIZE], from[PATH_SIZE + 8], to[PATH_SIZE + 8];
	path_in("crash.db", crash);
	remove_database(crash);
	copy_file(k->db, crash);
	snprintf(from, sizeof from, "%s-wal", k->db);
	snprintf(to, sizeof to, "%s-wal", crash);
	copy_file(from, to);
	assert_integrity_ok(crash);
	char *dump = support_dump_database(crash);
	remove_database(crash);
	return dump;
}

static void run_case(const struct change *c, enum point p, const struct fault_plan *plan)
{
	struct kase k;
	struct error err = {0};
	open_case(&k, "case.db", c->from_home);
	char *before = support_dump_database(k.db);
	size_t listed = support_count_sessions(k.db);

	faulty_vfs_arm(plan);
	enum err_code code = c->make(&k, &err);
	if (p == AT_DISK_STAYS_FULL && code == ERR_IO)
		code = c->make(&k, &err);       /* tried again, still full */
	struct fault_counts counts = faulty_vfs_counts();
	faulty_vfs_disarm();
	figures.injected[plan->kind][p] += counts.injected;
	figures.cases++;
	if (counts.injected == 0)
		print_error("%s, %s at %s: no fault was injected\n", c->name,
			    kind_names[plan->kind], point_names[p]);
	assert_true(counts.injected > 0);

	char *crashed = NULL;
	if (p == AT_CHECKPOINT) {
		/* The commit went through before the fault: the change is saved. */
		support_expect_ok(code, &err);
		assert_integrity_ok(k.db);
	} else {
		expect_refused_in_one_line(code, &err, plan);
		char *now = support_dump_database(k.db);
		assert_string_equal(now, before);
		free(now);
		assert_integrity_ok(k.db);
		assert_int_equal(support_count_sessions(k.db), listed);
		assert_screen_is_file(&k);
		figures.intact++;
		crashed = dump_after_a_crash(&k);

		/* Space returns: the same change, tried again, is saved. */
		support_expect_ok(c->make(&k, &err), &err);
		figures.saved_after++;
	}
	assert_screen_is_file(&k);
	char *after = support_dump_database(k.db);
	assert_string_not_equal(after, before);
	if (c->make == change_check_in)
		assert_int_equal(support_count_sessions(k.db), listed + 1);
	if (crashed == NULL) {
		crashed = dump_after_a_crash(&k);
		assert_string_equal(crashed, after);
	} else if (strcmp(crashed, before) == 0) {
		figures.crash_old++;
	} else {
		assert_string_equal(crashed, after);
		figures.crash_new[p]++;
	}
	char *screen = k.ws ? describe(k.ws->s) : described_on_disk(k.db);
	workshop_close(k.ws);
	store_close(k.st);
	assert_integrity_ok(k.db);
	char *reopened = described_on_disk(k.db);
	assert_same_description(screen, reopened);
	remove_database(k.db);
	free(reopened);
	free(screen);
	free(after);
	free(crashed);
	free(before);
}

/* Every fault point, with ENOSPC and with EIO, for one kind of change. */
static void survive_every_fault(const struct change *c)
{
	struct fault_counts dry = dry_run(c);
	sbuf_addf(&figures.writes, "%s%s %u/%u", figures.writes.len ? ", " : "", c->name,
		  dry.writes[FAULT_ANY_FILE], dry.syncs[FAULT_ANY_FILE]);
	assert_true(dry.writes[FAULT_WAL] > 0);
	for (int kind = 0; kind < FAULT_KIND_COUNT; kind++) {
		for (int p = 0; p < POINT_COUNT; p++) {
			struct fault_plan plan;
			if (plan_for((enum point)p, (enum fault_kind)kind, &dry, &plan))
				run_case(c, (enum point)p, &plan);
		}
	}
}

/* ---- the tests ---- */

#define FAULT_TEST(fn, i) \
	static void fn(void **state) \
	{ \
		(void)state; \
		survive_every_fault(&changes[i]); \
	}

FAULT_TEST(faults__a_rating_refused_by_a_full_or_failing_disk_is_saved_once_space_returns, 0)
FAULT_TEST(faults__a_new_step_refused_by_a_full_or_failing_disk_is_saved_once_space_returns, 1)
FAULT_TEST(faults__an_edit_refused_by_a_full_or_failing_disk_is_saved_once_space_returns, 2)
FAULT_TEST(faults__a_delete_refused_by_a_full_or_failing_disk_is_saved_once_space_returns, 3)
FAULT_TEST(faults__a_move_refused_by_a_full_or_failing_disk_is_saved_once_space_returns, 4)
FAULT_TEST(faults__a_vote_refused_by_a_full_or_failing_disk_is_saved_once_space_returns, 5)
FAULT_TEST(faults__a_measurement_refused_by_a_full_or_failing_disk_is_saved_once_space_returns, 6)
FAULT_TEST(faults__session_fields_refused_by_a_full_or_failing_disk_are_saved_once_space_returns, 7)
FAULT_TEST(faults__a_check_in_refused_by_a_full_or_failing_disk_is_created_once_space_returns, 8)

/* Closing the store checkpoints the log into the database file; with the
 * disk full that fails, and the changes wait in the log for the next open. */
static void faults__closing_on_a_full_disk_keeps_every_change_for_the_next_open(void **state)
{
	(void)state;
	struct kase k;
	struct error err = {0};
	open_case(&k, "close.db", false);
	support_expect_ok(change_new_step(&k, &err), &err);
	support_expect_ok(change_rating(&k, &err), &err);
	char *screen = describe(k.ws->s);
	const struct fault_plan full = {.kind = FAULT_ENOSPC, .call = FAULT_WRITE,
					.file = FAULT_ANY_FILE, .nth = 1, .every_later = true};
	faulty_vfs_arm(&full);
	workshop_close(k.ws);
	store_close(k.st);
	struct fault_counts counts = faulty_vfs_counts();
	faulty_vfs_disarm();
	figures.injected[FAULT_ENOSPC][AT_CHECKPOINT] += counts.injected;
	assert_true(counts.injected > 0);
	assert_integrity_ok(k.db);
	char *reopened = described_on_disk(k.db);
	assert_string_equal(reopened, screen);
	free(reopened);
	free(screen);
	remove_database(k.db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			faults__a_rating_refused_by_a_full_or_failing_disk_is_saved_once_space_returns),
		cmocka_unit_test(
			faults__a_new_step_refused_by_a_full_or_failing_disk_is_saved_once_space_returns),
		cmocka_unit_test(
			faults__an_edit_refused_by_a_full_or_failing_disk_is_saved_once_space_returns),
		cmocka_unit_test(
			faults__a_delete_refused_by_a_full_or_failing_disk_is_saved_once_space_returns),
		cmocka_unit_test(
			faults__a_move_refused_by_a_full_or_failing_disk_is_saved_once_space_returns),
		cmocka_unit_test(
			faults__a_vote_refused_by_a_full_or_failing_disk_is_saved_once_space_returns),
		cmocka_unit_test(
			faults__a_measurement_refused_by_a_full_or_failing_disk_is_saved_once_space_returns),
		cmocka_unit_test(
			faults__session_fields_refused_by_a_full_or_failing_disk_are_saved_once_space_returns),
		cmocka_unit_test(
			faults__a_check_in_refused_by_a_full_or_failing_disk_is_created_once_space_returns),
		cmocka_unit_test(faults__closing_on_a_full_disk_keeps_every_change_for_the_next_open),
	};
	return cmocka_run_group_tests(tests, make_base, report_and_remove_base);
}
