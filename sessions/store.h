/* store: the SQLite file that keeps every workshop. Opening checks that the
 * file is an improv database of a version this program knows (a file that
 * is not, or is damaged, or is newer, is reported and never written to),
 * migrates an older one after a backup, and sets the durability pragmas.
 * Each store_save_* / store_delete_* call is one committed transaction: when
 * it returns ERR_OK the change is on disk. */
#ifndef IMPROV_SESSIONS_STORE_H
#define IMPROV_SESSIONS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/error.h"
#include "model/session.h"

#define STORE_APPLICATION_ID 0x496d7076     /* "Impv" at offset 68 of the file */
#define STORE_SCHEMA_VERSION 9

struct store;
struct sbuf;

/* One step of the schema: run in one transaction to go from version - 1
 * to version. The list is forward-only: released steps never change. */
struct store_migration {
	int version;
	const char *const *sql;         /* statements, ending with NULL */
	const char *refuse;             /* NULL, or a query whose one row, when there
					 * is one, says why the data cannot take this
					 * step: the file is then left as it is */
	/* Or both made from tables when the step runs: the statements (one
	 * text) into sql, the refusing query into refuse. */
	void (*make)(struct sbuf *sql, struct sbuf *refuse);
	bool rebuilds;                  /* drops tables and makes them again: runs
					 * with foreign keys off, so that no drop
					 * deletes the rows pointing at it, and
					 * checks them before it commits */
};

struct store_options {
	bool read_only;         /* never write; for doctor and for inspection */
	bool must_exist;        /* refuse to create a missing file */
	bool as_is;             /* keep the file's own schema version, never upgrade
				 * it (doctor: to check or copy a backup) */
	bool leave_nothing;     /* with read_only: leave no file beside it that was not
				 * there before (doctor) */
	bool reads_only;        /* the caller never writes: on a full disk, where SQLite
				 * cannot make the log's index, the file is read as it
				 * stands (and the store turns read-only) */
	bool keep_foreign;      /* open a file holding triggers or views improv did not
				 * make rather than refuse it (doctor: to list them) */
	const struct store_migration *migrations;   /* NULL: the program's own */
	size_t nmigrations;
	const char *vfs;        /* an SQLite VFS by name; NULL: the default (tests
				 * pass one that fails writes on purpose) */
};

/* Opens (or creates, with its folder, mode 0600 and 0700) the database.
 * Errors: ERR_DATA for a file that is not an improv database or is damaged,
 * ERR_BUSY for a newer schema or a lock, ERR_IO, ERR_NOINPUT. */
enum err_code store_open(const char *path, const struct store_options *opts,
			 struct store **out, struct error *err)
	__attribute__((nonnull(1, 3), warn_unused_result));
void store_close(struct store *st);

/* The path of the backup taken before the last migration, or NULL. */
const char *store_last_backup(const struct store *st);
int store_schema_version(const struct store *st);

/* ---- reading ---- */

struct session_summary {
	int64_t id, series_id, parent_id;
	int iteration;
	char *title, *organization, *unit, *template_key;
	enum level level;
	enum stage stage;
	enum session_status status;
	time_t created_at, closed_at;
	size_t nparticipants;
};

/* Every session, grouped by organization and unit, newest first within,
 * each with its number of participants. */
enum err_code store_list_sessions(struct store *st, struct session_summary **out, size_t *n,
				  struct error *err) __attribute__((warn_unused_result));

/* A part of that list, read by an index in its order: the sessions the
 * filter lets through (NULL or "": all; else those whose title,
 * organization or unit holds it, ASCII letters in either case), from the
 * offset-th on, at most limit of them (0: to the end); nparticipants is
 * counted only when asked for, else 0. */
struct session_query {
	const char *filter;
	size_t offset, limit;
	bool participants;
	/* offset counts from the list's end (read by the index backwards, so
	 * the end of a long list is as quick as its start); the rows still
	 * come in the list's order. */
	bool from_end;
};
enum err_code store_list_some(struct store *st, const struct session_query *q,
			      struct session_summary **out, size_t *n, struct error *err)
	__attribute__((nonnull(1, 2, 3, 4), warn_unused_result));
/* How many sessions the filter lets through (NULL or "": every one). */
enum err_code store_count_sessions(struct store *st, const char *filter, size_t *n,
				   struct error *err) __attribute__((nonnull(1, 3), warn_unused_result));
void store_summaries_free(struct session_summary *list, size_t n);

/* The check-in that follows session id, or 0 when there is none yet. */
enum err_code store_next_iteration(struct store *st, int64_t id, int64_t *next,
				   struct error *err) __attribute__((warn_unused_result));

/* The earlier iterations of a session: from session `from` back along the
 * parents, oldest first, stopping before session `stop` (0: back to the
 * series' first). *reached tells whether `stop` (or the first) was met; when
 * it was not, the list is empty. Free it with store_sessions_free. */
enum err_code store_load_ancestors(struct store *st, int64_t from, int64_t stop,
				  struct session ***out, size_t *n, bool *reached,
				  struct error *err) __attribute__((warn_unused_result));
void store_sessions_free(struct session **list, size_t n);

/* Starts the next iteration of session id and stores it; *next is its id.
 * ERR_DATA when the session already has its check-in: one line of
 * iterations, never a series split in two. */
enum err_code store_check_in(struct store *st, int64_t id, time_t now, int64_t *next,
			     struct error *err) __attribute__((warn_unused_result));

/* Deletes session id and everything in it, for good: the pages it took
 * are overwritten (secure_delete) and the log is emptied after, as far as
 * no other reader keeps it. A session a later check-in follows is refused
 * (ERR_DATA, naming the check-in) unless whole_series is set: then every
 * session of its series goes, newest first. ERR_BUSY when another window
 * has one of them open; ERR_NOINPUT when there is no such session. Nothing
 * is deleted when it refuses. *deleted: how many sessions went. */
enum err_code store_delete_session(struct store *st, int64_t id, bool whole_series,
				   size_t *deleted, struct error *err)
	__attribute__((nonnull(1, 4, 5), warn_unused_result));

/* ERR_NOINPUT when there is no such session. */
enum err_code store_load_session(struct store *st, int64_t id, struct session **out,
				 struct error *err) __attribute__((warn_unused_result));

/* ---- writing: each call one transaction ---- */

/* Inserts a whole session (new, imported or checked in) and gives every
 * row its id. A session without a series starts one. */
enum err_code store_create_session(struct store *st, struct session *s, struct error *err)
	__attribute__((warn_unused_result));
/* Title, organization, unit, level, facilitator, stage, status, timers. */
enum err_code store_save_session_fields(struct store *st, const struct session *s,
					struct error *err) __attribute__((warn_unused_result));

/* Writes item i of a list (inserting it when its id is 0, which then gets
 * its id), or the order of the whole list after a move. A participant
 * renamed takes the steps owned by their old name along. */
enum err_code store_save_item(struct store *st, struct session *s, enum session_list list,
			      size_t i, struct error *err) __attribute__((warn_unused_result));
/* The session's own fields, its participants and the steps' owners in one
 * transaction: the rows of `removed` deleted (their ratings with them),
 * every participant written (the new ones inserted) and every step.
 * Refused, the ids given to new rows are not to be trusted: read the
 * session back. */
enum err_code store_save_people(struct store *st, struct session *s, const int64_t *removed,
				size_t nremoved, struct error *err) __attribute__((warn_unused_result));
enum err_code store_save_order(struct store *st, const struct session *s,
			       enum session_list list, struct error *err)
	__attribute__((warn_unused_result));
/* Deletes the row with this id from the list's table (call it before or
 * after session_remove; the id is what counts). */
enum err_code store_delete_item(struct store *st, const struct session *s,
				enum session_list list, int64_t id, struct error *err)
	__attribute__((warn_unused_result));

enum err_code store_save_rating(struct store *st, const struct session *s, size_t dim,
				size_t participant, struct error *err)
	__attribute__((warn_unused_result));
enum err_code store_save_group_score(struct store *st, const struct session *s, size_t dim,
				     struct error *err) __attribute__((warn_unused_result));
enum err_code store_save_notes(struct store *st, struct session *s, size_t dim,
			       struct error *err) __attribute__((warn_unused_result));
/* Adds the metric's newest measurements that have no id yet. */
enum err_code store_save_measurements(struct store *st, struct session *s, size_t metric,
				      struct error *err) __attribute__((warn_unused_result));
/* Writes ballot i with its aggregates and voters, and the steps' points and
 * ranks, in one transaction (a vote, a tally entry, a reveal). */
enum err_code store_save_ballot(struct store *st, struct session *s, size_t i,
				struct error *err) __attribute__((warn_unused_result));
/* The same for a save that adds a vote. An anonymous ballot's vote is
 * cast only with the database to this connection alone, and leaves one
 * state of the totals on disk, in no file an earlier one (the log is
 * emptied after it): ERR_BUSY, and nothing written, while another window
 * or program has the file open. */
enum err_code store_cast_ballot(struct store *st, struct session *s, size_t i,
				struct error *err) __attribute__((warn_unused_result));
/* After store_cast_ballot failed: whether it failed once committed (the
 * sync that puts the commit on disk failed), so that the file may show
 * the vote; the caller writes the ballot back as it was before
 * (store_save_ballot). */
bool store_cast_unsure(const struct store *st);

/* ---- the edit lease: one window edits a session, others read ---- */

struct lease_holder {
	char who[128];          /* "user@host, process 1234" */
	time_t since;
};

/* Takes the session for this process. ERR_BUSY when another live process
 * holds it (filled in *holder when not NULL). A lease whose process is gone
 * (same host, no such process) is taken over; so is one held from another
 * host that has not been renewed for STORE_LEASE_STALE_SECONDS. A live
 * process on this host keeps its lease however long it was silent. */
#define STORE_LEASE_STALE_SECONDS 120
enum err_code store_lease_acquire(struct store *st, int64_t session_id,
				  struct lease_holder *holder, struct error *err)
	__attribute__((warn_unused_result));
/* Renews the lease held by this process (call at least once a minute). */
enum err_code store_lease_renew(struct store *st, int64_t session_id, struct error *err);
void store_lease_release(struct store *st, int64_t session_id);
/* Whether this store still holds the lease it took (a read, no write):
 * ERR_BUSY with STORE_LEASE_LOST when another window has taken the session
 * over, or when this store never took it. Every store_save_* / delete of a
 * session whose lease this store took makes the same check inside its own
 * transaction and is refused the same way. */
#define STORE_LEASE_LOST "another window took this session over; it is read-only here now"
enum err_code store_lease_verify(struct store *st, int64_t session_id, struct error *err)
	__attribute__((warn_unused_result));

/* ---- health ---- */

/* What a file can hold that improv never makes. */
enum store_foreign_kind {
	STORE_FOREIGN_RUNS,             /* triggers and views: they run SQL */
	STORE_FOREIGN_INDEX_COLLATION,  /* an index sorted by a collation SQLite
					 * has not built in */
	STORE_FOREIGN_COLUMN_COLLATION, /* a column compared by one */
	STORE_FOREIGN_KINDS
};

/* Counts the objects of one kind into *n (which it does not reset) and,
 * when names is not NULL, adds "trigger spy, view v, collation evil of
 * index i, collation evil of sessions.title" to it. */
struct sbuf;
enum err_code store_foreign(struct store *st, enum store_foreign_kind kind, struct sbuf *names,
			    size_t *n, struct error *err) __attribute__((nonnull(1, 4)));
/* Every kind at once: their number in *n. */
enum err_code store_foreign_objects(struct store *st, struct sbuf *names, size_t *n,
				    struct error *err) __attribute__((nonnull(1, 3)));

/* PRAGMA integrity_check; ok is false and the first problem is in err. */
enum err_code store_check(struct store *st, bool *ok, struct error *err);

/* What the first page of a file says, read without SQLite: the check
 * store_open makes before anything else. */
enum store_header {
	STORE_HEADER_OK,            /* improv's, of a schema this program knows */
	STORE_HEADER_NEW,           /* missing or empty: a database can be built in it */
	STORE_HEADER_UNREADABLE,    /* the file cannot be read */
	STORE_HEADER_NOT_SQLITE,    /* not a database at all */
	STORE_HEADER_FOREIGN,       /* an SQLite database of another program */
	STORE_HEADER_DAMAGED,       /* improv's, or once was: truncated, zeroed, ... */
	STORE_HEADER_NEWER,         /* improv's, from a newer version (in the file's
				     * header or in its write-ahead log) */
	STORE_HEADER_NOT_FILE,      /* a link, a folder, a FIFO, a device: never opened */
};

#define STORE_WHY_SIZE 160

/* Reads the header of path. Returns the status store_open would refuse the
 * file with (ERR_OK for OK and NEW), sets *state, and puts what is wrong in
 * a few words in why ("truncated: 8192 bytes, 16384 expected"; "" when
 * nothing is). max_version is the newest schema the caller knows. */
enum err_code store_inspect(const char *path, int max_version, enum store_header *state,
			    char why[STORE_WHY_SIZE]) __attribute__((nonnull));

/* Writes a copy of the whole database, through SQLite's backup API, to a
 * new file <db>.schema<N>.<time>.bak beside it (mode 0600; an existing file
 * is never replaced) and sets *path to its name, which the caller frees. */
enum err_code store_backup(struct store *st, char **path, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));

/* Writes a copy of the whole database, through SQLite's backup API, to a
 * new temporary file in the folder of `beside` (mode 0600, synced, in
 * rollback-journal mode so that it is one file) and sets *copy to its name,
 * which the caller frees after renaming or removing the file. */
enum err_code store_copy_beside(struct store *st, const char *beside, char **copy,
				struct error *err) __attribute__((nonnull(1, 2, 3), warn_unused_result));

#endif
