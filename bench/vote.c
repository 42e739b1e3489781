#include "bench/vote.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench/bare.h"
#include "bench/clock.h"
#include "bench/files.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/session.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

/* The syncs are counted by the tests' VFS shim, in its counting mode only. */
#include "tests/sessions/faulty_vfs.c"

#define MAX_VOTERS 64

static void fail(const char *what, const struct error *err)
{
	fprintf(stderr, "bench: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
	exit(1);
}

static char *copy_of(const char *from, const char *dir, const char *name)
{
	struct sbuf path = SBUF_INIT;
	sbuf_addf(&path, "%s/%s", dir, name);
	files_remove_db(sbuf_str(&path));
	files_copy(from, sbuf_str(&path));
	return sbuf_take(&path);
}

/* Each participant's votes through ws_cast, as the room's writer does:
 * timed (ms) on SQLite's own file system layer, or with syncs given, on
 * the shim that counts them, which makes every read and write slower. */
static size_t votes_ours(const char *path, int64_t id, double *ms, unsigned *syncs)
{
	struct store *st;
	struct workshop *ws;
	struct error err = {0};
	if (syncs)
		faulty_vfs_install();
	const struct store_options opts = {.must_exist = true, .vfs = syncs ? FAULTY_VFS : NULL};
	if (store_open(path, &opts, &st, &err) || workshop_open(st, id, &ws, &err))
		fail("opening the vote's session", &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b, n = 0;
	if (ws_open_ballot(ws, &set, &b, &err))
		fail("opening a ballot", &err);
	const struct ballot *ballot = &ws->s->ballots[b];
	int *dots = xcalloc(ballot->ncandidates, sizeof *dots);
	for (size_t p = 0; p < ws->s->nparticipants && n < MAX_VOTERS; p++, n++) {
		for (int d = 0; d < ballot->budget && ballot->ncandidates; d++)
			dots[(p * 7 + (size_t)d) % ballot->ncandidates] += d < ballot->cap;
		const struct ballot_vote v = {.dots = dots};
		if (syncs)
			faulty_vfs_count();
		double t = clock_ms();
		if (ws_cast(ws, b, p, &v, &err))
			fail("voting", &err);
		ms[n] = clock_ms() - t;
		if (syncs) {
			unsigned got = faulty_vfs_counts().syncs[FAULT_ANY_FILE];
			if (got > *syncs)
				*syncs = got;
		}
		for (size_t c = 0; c < ballot->ncandidates; c++)
			dots[c] = 0;
	}
	free(dots);
	workshop_close(ws);
	store_close(st);
	return n;
}

/* The same rows from a bare connection: the totals and the voter in one
 * transaction (on the ballot just cast on), then the log checkpointed and
 * emptied, as a vote must leave
 * no two states of the totals on disk. */
static void votes_bare(const char *path, int64_t id, size_t n, double *ms)
{
	sqlite3 *db = bare_open(path);
	sqlite3_stmt *ballot = bare_prepare(db, "SELECT max(id) FROM ballots");
	int64_t ballot_id = sqlite3_step(ballot) == SQLITE_ROW ? sqlite3_column_int64(ballot, 0) : 0;
	sqlite3_finalize(ballot);
	sqlite3_stmt *begin = bare_prepare(db, "BEGIN IMMEDIATE"),
		     *totals = bare_prepare(db, "UPDATE ballot_candidates SET points = points + 1"
					    " WHERE ballot_id = ?1"),
		     *voter = bare_prepare(db, "INSERT OR IGNORE INTO ballot_voters (ballot_id,"
					   " participant_id) SELECT ?1, id FROM participants"
					   " WHERE session_id = ?2 ORDER BY id LIMIT 1 OFFSET ?3"),
		     *commit = bare_prepare(db, "COMMIT");
	for (size_t k = 0; k < n; k++) {
		double t = clock_ms();
		bare_exec(begin);
		sqlite3_bind_int64(totals, 1, ballot_id);
		bare_exec(totals);
		sqlite3_bind_int64(voter, 1, ballot_id);
		sqlite3_bind_int64(voter, 2, id);
		sqlite3_bind_int64(voter, 3, (sqlite3_int64)k);
		bare_exec(voter);
		bare_exec(commit);
		sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		ms[k] = clock_ms() - t;
	}
	sqlite3_stmt *all[] = {begin, totals, voter, commit};
	for (size_t i = 0; i < 4; i++)
		sqlite3_finalize(all[i]);
	sqlite3_close(db);
}

void vote_measure(const char *from, const char *dir, int64_t id, struct result *r,
		  unsigned *syncs)
{
	char *counted = copy_of(from, dir, "vote.db");
	double a[MAX_VOTERS], b[MAX_VOTERS];
	*syncs = 0;
	votes_ours(counted, id, a, syncs);
	free(counted);
	char *ours = copy_of(from, dir, "vote.db");
	size_t n = votes_ours(ours, id, a, NULL);
	if (n == 0)
		fail("the vote's session has no participants", NULL);
	/* The bare side votes on the same ballot, its voters and totals
	 * cleared first (not timed). */
	sqlite3 *db = bare_open(ours);
	sqlite3_exec(db, "DELETE FROM ballot_voters WHERE ballot_id = (SELECT max(id) FROM ballots);"
		     " UPDATE ballot_candidates SET points = 0"
		     " WHERE ballot_id = (SELECT max(id) FROM ballots)", NULL, NULL, NULL);
	sqlite3_close(db);
	votes_bare(ours, id, n, b);
	r->ours = clock_median(a, n);
	r->base = clock_median(b, n);
	free(ours);
}
