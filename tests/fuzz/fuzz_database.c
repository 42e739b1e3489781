/* fuzz_database: a database whose rows were changed outside improv. A
 * small valid file (two imported workshops, the first checked in) is built
 * once; each input is read as a list of changes to its rows (which table,
 * which column, which row, what value: whole numbers at their extremes,
 * reals that are not finite, odd text, blobs, NULL), applied with prepared
 * UPDATEs to a fresh copy with the schema's CHECKs and foreign keys off.
 * Then every session is loaded, its line of iterations walked, and it is
 * exported in every format: each must work or fail in one line, never
 * crash, leak or hang. */
#include "tests/fuzz/fuzz.h"

#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "sessions/export.h"
#include "sessions/import.h"
#include "sessions/store.h"

#define TODAY 20540                   /* 2026-03-28 */
#define MAX_CHANGES 16
#define MAX_SESSIONS 8

static const char *const seeds[] = {
	"tests/fuzz/corpus/import/full-workshop.json",
	"tests/fuzz/corpus/import/secret-ballots.json",
};

/* Every table of the schema, how one row of it is named, and its columns. */
#define TABLE(name, key, ...) {name, key, {__VA_ARGS__, NULL}}
static const struct table {
	const char *name, *key;
	const char *cols[16];
} tables[] = {
	TABLE("series", "rowid", "id", "organization", "unit", "created_at"),
	TABLE("sessions", "rowid", "id", "series_id", "parent_id", "iteration", "title",
	      "organization", "unit", "level", "template", "facilitator", "stage", "status",
	      "scale_labels", "created_at", "closed_at"),
	TABLE("timers", "session_id, stage", "session_id", "stage", "box_seconds",
	      "left_seconds", "running_since"),
	TABLE("participants", "rowid", "id", "session_id", "position", "name", "origin_id"),
	TABLE("dimensions", "rowid", "id", "session_id", "position", "key", "name", "question",
	      "low", "high", "scale_min", "scale_max", "group_score"),
	TABLE("ratings", "dimension_id, participant_id", "dimension_id", "participant_id",
	      "score"),
	TABLE("notes", "rowid", "id", "dimension_id", "position", "kind", "text"),
	TABLE("team_values", "rowid", "id", "session_id", "position", "text", "origin_id"),
	TABLE("goals", "rowid", "id", "session_id", "position", "text", "dimension", "status",
	      "origin_id"),
	TABLE("metrics", "rowid", "id", "session_id", "position", "goal_id", "name", "unit",
	      "direction", "baseline", "baseline_date", "target", "target_date", "origin_id"),
	TABLE("measurements", "rowid", "id", "metric_id", "value", "taken_on"),
	TABLE("steps", "rowid", "id", "session_id", "position", "text", "horizon", "status",
	      "owner", "goal_id", "impact", "effort", "points", "rank", "origin_id"),
	TABLE("parking_lot", "rowid", "id", "session_id", "position", "text", "origin_id"),
	TABLE("ballots", "rowid", "id", "session_id", "position", "method", "entry", "status",
	      "anonymous", "budget", "cap", "score_min", "score_max", "tally_voters"),
	TABLE("ballot_candidates", "ballot_id, position", "ballot_id", "position", "step_id",
	      "points", "impact_sum", "effort_sum", "score_count"),
	TABLE("ballot_pairs", "ballot_id, winner, loser", "ballot_id", "winner", "loser",
	      "count"),
	TABLE("ballot_voters", "ballot_id, participant_id", "ballot_id", "participant_id"),
	TABLE("ballot_choices", "ballot_id, participant_id, position", "ballot_id",
	      "participant_id", "position", "points", "impact", "effort"),
};
#define NTABLES (sizeof tables / sizeof tables[0])

static char dir[] = "/tmp/improv-fuzz-database-XXXXXX";
static char base[sizeof dir + 16], target[sizeof dir + 16];
static struct bytes_held {
	char *data;
	size_t len;
} pristine;

static void die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_database: %s: %s\n", what, why);
	abort();
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		die(path, "cannot read it (run from the top of the source tree)");
	struct sbuf b = SBUF_INIT;
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		sbuf_add(&b, chunk, got);
	fclose(f);
	*len = b.len;
	return sbuf_take(&b);
}

static void remove_files(void)
{
	static const char *const names[] = {"base.db", "case.db", "case.db-wal", "case.db-shm",
					    "case.db-journal", "base.db-wal", "base.db-shm"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[sizeof dir + 32];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	free(pristine.data);
}

/* The valid file every input starts from, built on the first call. */
static void build_base(void)
{
	if (mkdtemp(dir) == NULL)
		die(dir, "cannot make the folder");
	atexit(remove_files);
	snprintf(base, sizeof base, "%s/base.db", dir);
	snprintf(target, sizeof target, "%s/case.db", dir);
	struct store *st = NULL;
	struct error err = {0};
	if (store_open(base, NULL, &st, &err))
		die(base, err.msg);
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		size_t len;
		char *json = read_all(seeds[i], &len);
		struct session *s = NULL;
		if (import_session_buffer(seeds[i], json, len, &s, &err) ||
		    store_create_session(st, s, &err))
			die(seeds[i], err.msg);
		int64_t next = 0;
		if (i == 0 && store_check_in(st, s->id, 1800000000, &next, &err))
			die("check-in", err.msg);
		session_free(s);
		free(json);
	}
	store_close(st);
	pristine.data = read_all(base, &pristine.len);
}

static void write_case(void)
{
	static const char *const sides[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		char side[sizeof target + 16];
		snprintf(side, sizeof side, "%s%s", target, sides[i]);
		unlink(side);
	}
	int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, pristine.data, pristine.len) != (ssize_t)pristine.len)
		die(target, "cannot write it");
	close(fd);
}

/* Reads the input a byte at a time; zeros once it runs out. */
struct reader {
	const uint8_t *p;
	size_t left;
};

static uint8_t next_byte(struct reader *r)
{
	if (r->left == 0)
		return 0;
	r->left--;
	return *r->p++;
}

static int64_t next_int64(struct reader *r)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | next_byte(r);
	return (int64_t)v;
}

/* Binds parameter 1 to a value the input chooses. */
static void bind_value(sqlite3_stmt *q, struct reader *r)
{
	static const int64_t ints[] = {INT64_MAX, INT64_MIN, INT_MAX, INT_MIN, -1, 0, 1,
				       -2000000000, 2000000000, 4294967296LL, 11, 100001};
	static const double reals[] = {INFINITY, -INFINITY, 1e300, -0.5, 2.5};
	static const char odd[] = "a\0b\xff\xfe\x1b[2J\xe2\x80\xae\n\t\"'\\";
	uint8_t kind = next_byte(r) % 8;
	switch (kind) {
	case 0:
		sqlite3_bind_null(q, 1);
		break;
	case 1:
		sqlite3_bind_int64(q, 1, ints[next_byte(r) % (sizeof ints / sizeof ints[0])]);
		break;
	case 2:
		sqlite3_bind_int64(q, 1, (int8_t)next_byte(r));
		break;
	case 3:
		sqlite3_bind_int64(q, 1, next_int64(r));
		break;
	case 4:
		sqlite3_bind_double(q, 1, reals[next_byte(r) % (sizeof reals / sizeof reals[0])]);
		break;
	case 5: {
		size_t n = next_byte(r) % sizeof odd;
		sqlite3_bind_text(q, 1, odd, (int)n, SQLITE_STATIC);
		break;
	}
	case 6: {
		size_t n = next_byte(r) % 64;
		n = n < r->left ? n : r->left;
		sqlite3_bind_text(q, 1, (const char *)r->p, (int)n, SQLITE_TRANSIENT);
		r->p += n;
		r->left -= n;
		break;
	}
	default:
		sqlite3_bind_blob(q, 1, odd, 4, SQLITE_STATIC);
		break;
	}
}

static size_t ncols(const struct table *t)
{
	size_t n = 0;
	while (t->cols[n])
		n++;
	return n;
}

/* One change: a column of the row at some offset in the table. */
static void change_one(sqlite3 *db, struct reader *r)
{
	const struct table *t = &tables[next_byte(r) % NTABLES];
	const char *col = t->cols[next_byte(r) % ncols(t)];
	int offset = next_byte(r) % 32;
	struct sbuf sql = SBUF_INIT;
	sbuf_addf(&sql, "UPDATE OR IGNORE %s SET %s = ?1 WHERE (%s) IN (SELECT %s FROM %s"
		  " ORDER BY %s LIMIT 1 OFFSET ?2)", t->name, col, t->key, t->key, t->name, t->key);
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(db, sbuf_str(&sql), -1, &q, NULL) != SQLITE_OK)
		die(sbuf_str(&sql), sqlite3_errmsg(db));
	bind_value(q, r);
	sqlite3_bind_int(q, 2, offset);
	sqlite3_step(q);        /* a change SQLite itself refuses is simply not made */
	sqlite3_finalize(q);
	sbuf_free(&sql);
}

static void apply_changes(const uint8_t *data, size_t size)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die(target, "cannot open it");
	sqlite3_exec(db, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;"
		     " PRAGMA journal_mode = DELETE; BEGIN", NULL, NULL, NULL);
	struct reader r = {data, size};
	for (int i = 0; i < MAX_CHANGES && r.left > 0; i++)
		change_one(db, &r);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
}

/* A load may also find no session of that id (the id was changed). */
static void check_load(enum err_code rc, const struct error *err)
{
	fuzz_check_refusal(rc == ERR_NOINPUT ? ERR_DATA : rc, err);
}

static void read_everything(struct store *st)
{
	for (int64_t id = 1; id <= MAX_SESSIONS; id++) {
		struct session *s = NULL;
		struct error err = {0};
		enum err_code rc = store_load_session(st, id, &s, &err);
		check_load(rc, &err);
		if (rc)
			continue;
		struct session **line = NULL;
		size_t n = 0;
		bool reached = false;
		error_clear(&err);
		rc = store_load_ancestors(st, s->parent_id, 0, &line, &n, &reached, &err);
		check_load(rc, &err);
		store_sessions_free(line, n);
		session_free(s);
		for (size_t f = 0; f < export_format_count(); f++) {
			struct sbuf doc = SBUF_INIT;
			error_clear(&err);
			check_load(export_render(st, id, export_format_at(f), TODAY, &doc, &err),
				   &err);
			sbuf_free(&doc);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (pristine.data == NULL)
		build_base();
	write_case();
	apply_changes(data, size);
	struct store *st = NULL;
	struct error err = {0};
	enum err_code rc = store_open(target, NULL, &st, &err);
	fuzz_check_refusal(rc, &err);
	if (rc == ERR_OK)
		read_everything(st);
	store_close(st);
	return 0;
}
