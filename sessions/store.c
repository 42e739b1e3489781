#include "sessions/store.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic_file.h"
#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "sessions/schema.h"
#include "sessions/store_internal.h"

static enum err_code open_checked(struct store *st, const char *path,
				  const struct store_options *opts, struct error *err);

/* ---- errors ---- */

/* Whether the connection's last error was a full disk; one met while
 * syncing or growing the log's index reaches SQLite as an I/O error. */
static bool disk_full(sqlite3 *db)
{
	int code = sqlite3_extended_errcode(db) & 0xff;
	return code == SQLITE_FULL || (code == SQLITE_IOERR && sqlite3_system_errno(db) == ENOSPC);
}

enum err_code store_fail(struct store *st, const char *doing, struct error *err)
{
	int code = disk_full(st->db) ? SQLITE_FULL : sqlite3_extended_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);
	switch (code & 0xff) {
	case SQLITE_FULL:
		return error_set(err, ERR_IO, "%s: the disk is full; nothing was lost, "
				 "free some space and try again", doing);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return error_set(err, ERR_IO, "%s: writing failed (%s); nothing saved "
				 "before was lost", doing, msg);
	case SQLITE_READONLY:
		return error_set(err, ERR_IO, "%s: the database is read-only (%s)", doing, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return error_set(err, ERR_BUSY, "%s: the database is busy in another window; "
				 "try again", doing);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		st->damaged = true;
		return error_set(err, ERR_DATA, "%s: %s is damaged (%s); run 'improv doctor'",
				 doing, st->path, msg);
	case SQLITE_CONSTRAINT:
		return error_set(err, ERR_DATA, "%s: %s", doing, msg);
	default:
		return error_set(err, ERR_SOFTWARE, "%s: %s", doing, msg);
	}
}

/* ---- statements: prepared once, then bind, step, reset ---- */

#define STMT_SQL(name, sql) [name] = sql,
static const char *const stmt_sql[STMT_COUNT] = { STMT_LIST(STMT_SQL) };

sqlite3_stmt *store_stmt(struct store *st, enum stmt which, struct error *err)
{
	sqlite3_stmt *s = st->stmts[which];
	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
				       &s, NULL) != SQLITE_OK) {
			store_fail(st, "preparing a query", err);
			return NULL;
		}
		st->stmts[which] = s;
	}
	return s;
}

void store_done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

void bind_text(sqlite3_stmt *s, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

void bind_text_or_empty(sqlite3_stmt *s, int i, const char *text)
{
	sqlite3_bind_text(s, i, text ? text : "", -1, SQLITE_STATIC);
}

void bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

void bind_real(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

void bind_date(sqlite3_stmt *s, int i, long day)
{
	if (day == NO_DATE) {
		sqlite3_bind_null(s, i);
		return;
	}
	char iso[11];
	date_format(day, iso);
	sqlite3_bind_text(s, i, iso, -1, SQLITE_TRANSIENT);
}

void bind_time(sqlite3_stmt *s, int i, time_t t)
{
	if (t == 0) {
		sqlite3_bind_null(s, i);
		return;
	}
	char iso[21];
	clock_format_iso(t, iso);
	sqlite3_bind_text(s, i, iso, -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows, then resets it. */
enum err_code store_exec(struct store *st, sqlite3_stmt *s, const char *doing, struct error *err)
{
	int rc = sqlite3_step(s);
	enum err_code code = ERR_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		code = store_fail(st, doing, err);
	store_done(s);
	return code;
}

/* ---- transactions ---- */

enum err_code store_begin(struct store *st, struct error *err)
{
	if (st->read_only)
		return error_set(err, ERR_IO, "the database is open read-only");
	/* SQLite finds damage only in the pages it reads: once it has, this
	 * connection writes nothing more, even where the file looks whole. */
	if (st->damaged)
		return error_set(err, ERR_DATA, "%s is damaged; nothing more is written to "
				 "it; run 'improv doctor'", st->path);
	sqlite3_stmt *s = store_stmt(st, S_BEGIN, err);
	return s ? store_exec(st, s, "starting a change", err) : ERR_SOFTWARE;
}

enum err_code store_begin_read(struct store *st, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, S_BEGIN_READ, err);
	return s ? store_exec(st, s, "reading", err) : ERR_SOFTWARE;
}

void store_end_read(struct store *st)
{
	store_rollback(st);     /* nothing was written: ending it is all */
}

enum err_code store_commit(struct store *st, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, S_COMMIT, err);
	enum err_code code = s ? store_exec(st, s, "saving", err) : ERR_SOFTWARE;
	if (code)
		store_rollback(st);
	return code;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Ends a transaction: commits when everything in it worked. */
enum err_code store_finish(struct store *st, enum err_code code, struct error *err)
{
	if (code) {
		store_rollback(st);
		return code;
	}
	return store_commit(st, err);
}

/* ---- a change with the file to itself: an anonymous vote ---- */

/* Two states of a ballot's totals side by side on disk tell what the vote
 * between them was. A program reading the file keeps the state it started
 * reading (in the database file, or in the log) until it ends, and a
 * checkpoint cannot empty the log under it; one that starts reading
 * between a check and the commit does the same. So the vote is cast
 * holding the file alone: SQLite's exclusive locking mode takes the
 * database file's exclusive lock, which no connection that has the file
 * open lets it have, and which keeps out any new reader until the log has
 * been checkpointed and emptied. */
static const char say_not_alone[] = "another program or window has this database open; close "
				    "it to cast an anonymous vote (nothing was saved)";

static void share_again(struct store *st)
{
	sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	sqlite3_exec(st->db, "PRAGMA locking_mode = NORMAL", NULL, NULL, NULL);
	/* The exclusive lock goes at the next reading of the file. */
	sqlite3_exec(st->db, "PRAGMA user_version", NULL, NULL, NULL);
}

enum err_code store_begin_alone(struct store *st, int64_t session_id, struct error *err)
{
	if (st->read_only || st->damaged)
		return store_begin(st, err);
	enum err_code code;
	/* The commit syncs nothing, not even the header of the log it starts
	 * (the log was emptied by the vote before): the checkpoint after it
	 * syncs the log, header and frames at once, before it writes a page of
	 * the file, then the file before it empties the log (see
	 * store_finish_alone). Until that first sync the file is untouched, so
	 * a crash finds the old state, or the whole vote where the log reached
	 * the disk anyway; no vote is told saved before both syncs. When the
	 * first sync fails the log may keep the commit, unsynced, until the
	 * next write (store_cast_unsure). The anonymity is what it was: the
	 * file is held alone throughout and the log emptied before it is let
	 * go, so no reader ever sees two states of the totals. */
	if (sqlite3_exec(st->db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(st->db, "PRAGMA synchronous = OFF", NULL, NULL, NULL) != SQLITE_OK) {
		code = store_fail(st, "casting the vote", err);
		share_again(st);
		return code;
	}
	/* Waiting would not help: a window that has the file open keeps its
	 * shared lock until it closes. */
	sqlite3_busy_timeout(st->db, 0);
	code = store_begin(st, err);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	if (code == ERR_BUSY)
		code = error_set(err, ERR_BUSY, "%s", say_not_alone);
	else if (code == ERR_OK && (code = store_lease_check(st, session_id, err)) != ERR_OK)
		store_rollback(st);
	if (code)
		share_again(st);
	return code;
}

/* The checkpoint syncs the log before it copies the log into the file,
 * and the file before it empties the log: the commit is on disk before
 * the file changes. When it stops short for another reason than a sync (a
 * full disk), the log is synced here and the change is saved even so:
 * the log is emptied at the next checkpoint. A sync that failed is not
 * tried again (a second one may succeed with the pages lost): the change
 * is not saved, though the log may hold it (store_cast_unsure). */
static enum err_code put_on_disk(struct store *st, struct error *err)
{
	if (sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) ==
	    SQLITE_OK)
		return ERR_OK;
	sqlite3_file *log = NULL;
	if (sqlite3_extended_errcode(st->db) != SQLITE_IOERR_FSYNC &&
	    sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log) ==
		    SQLITE_OK && log && log->pMethods &&
	    log->pMethods->xSync(log, SQLITE_SYNC_NORMAL) == SQLITE_OK)
		return ERR_OK;
	st->cast_unsure = true;
	return error_set(err, ERR_IO, "saving: writing failed (%s); nothing saved before was lost",
			 sqlite3_errmsg(st->db));
}

enum err_code store_finish_alone(struct store *st, enum err_code code, struct error *err)
{
	code = store_finish(st, code, err);
	/* The checkpoint syncs only where synchronous is not OFF. */
	if (code == ERR_OK &&
	    sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
		st->cast_unsure = true;         /* committed, but not on disk */
		code = store_fail(st, "casting the vote", err);
	}
	if (code == ERR_OK)
		code = put_on_disk(st, err);
	share_again(st);
	return code;
}

/* Creates the folders of a new database's path, mode 0700. */
static enum err_code make_parent_dirs(const char *path, struct error *err)
{
	char *dir = xstrdup(path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			error_set(err, ERR_IO, "%s: %s", dir, strerror(errno));
			free(dir);
			return ERR_IO;
		}
		*p = '/';
	}
	free(dir);
	return ERR_OK;
}

/* Creates the empty file with mode 0600 before SQLite does, so that the
 * umask cannot make candid notes readable by others. */
static enum err_code create_private_file(const char *path, struct error *err)
{
	if (make_parent_dirs(path, err))
		return ERR_IO;
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	int rc = fchmod(fd, 0600);
	close(fd);
	if (rc != 0)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	return ERR_OK;
}

int64_t store_pragma_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

enum err_code store_run_sql(struct store *st, const char *sql, const char *doing,
			    struct error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, doing, err);
	return ERR_OK;
}

/* ---- copies: backups, and the copy a restore puts in place ---- */

void store_time_stamp(char out[CLOCK_ISO_SIZE])
{
	clock_format_iso(clock_now(), out);
	for (char *p = out; *p; p++)
		if (*p == ':')
			*p = '-';
}

/* Removes a copy that could not be finished, and what SQLite left beside it. */
static void remove_copy(const char *copy)
{
	static const char *const sides[] = {"", "-journal", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		struct sbuf side = SBUF_INIT;
		sbuf_addf(&side, "%s%s", copy, sides[i]);
		unlink(sbuf_str(&side));
		sbuf_free(&side);
	}
}

/* Copies every page of the database into the empty file dest. */
static enum err_code copy_pages(struct store *st, const char *dest, struct error *err)
{
	sqlite3 *copy = NULL;
	if (sqlite3_open_v2(dest, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		error_set(err, ERR_IO, "%s: cannot write the copy (%s)", dest,
			  copy ? sqlite3_errmsg(copy) : "out of memory");
		sqlite3_close(copy);
		return ERR_IO;
	}
	sqlite3_exec(copy, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	sqlite3_backup *b = sqlite3_backup_init(copy, "main", st->db, "main");
	int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
	if (b)
		rc = sqlite3_backup_finish(b) == SQLITE_OK ? rc : SQLITE_ERROR;
	/* The pages keep the source's write-ahead-log mark; a copy is one file. */
	enum err_code code = ERR_OK;
	if (rc != SQLITE_DONE ||
	    sqlite3_exec(copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		code = error_set(err, ERR_IO, "%s: a copy could not be written (%s); the "
				 "database is as it was", st->path,
				 disk_full(copy) ? "the disk is full" : sqlite3_errmsg(copy));
	if (sqlite3_close(copy) != SQLITE_OK && code == ERR_OK)
		code = error_set(err, ERR_IO, "%s: the copy could not be closed", dest);
	return code;
}

enum err_code store_copy_beside(struct store *st, const char *beside, char **copy,
				struct error *err)
{
	struct sbuf name = SBUF_INIT;
	sbuf_addf(&name, "%s.tmp.XXXXXX", beside);
	char *tmp = sbuf_take(&name);
	int fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, 0600) != 0) {
		error_set(err, ERR_IO, "%s: %s", beside, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return ERR_IO;
	}
	close(fd);
	enum err_code code = copy_pages(st, tmp, err);
	if (code) {
		remove_copy(tmp);
		free(tmp);
		return code;
	}
	*copy = tmp;
	return ERR_OK;
}

enum err_code store_reserve_name(const char *stem, const char *ext, struct sbuf *name,
				 struct error *err)
{
	for (int n = 1; n <= 100; n++) {
		sbuf_reset(name);
		sbuf_adds(name, stem);
		if (n > 1)
			sbuf_addf(name, "-%d", n);
		sbuf_adds(name, ext);
		int fd = open(sbuf_str(name), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			return ERR_OK;
		}
		if (errno != EEXIST)
			return error_set(err, ERR_IO, "%s: %s", sbuf_str(name), strerror(errno));
	}
	return error_set(err, ERR_IO, "%s: too many files of that name", sbuf_str(name));
}

enum err_code store_backup(struct store *st, char **path, struct error *err)
{
	char *copy = NULL;
	if (store_copy_beside(st, st->path, &copy, err))
		return ERR_IO;
	char stamp[CLOCK_ISO_SIZE];
	store_time_stamp(stamp);
	struct sbuf stem = SBUF_INIT, name = SBUF_INIT;
	sbuf_addf(&stem, "%s.schema%d.%s", st->path, st->version, stamp);
	enum err_code code = store_reserve_name(sbuf_str(&stem), ".bak", &name, err);
	if (code == ERR_OK && rename(copy, sbuf_str(&name)) != 0) {
		code = error_set(err, ERR_IO, "%s: %s", sbuf_str(&name), strerror(errno));
		unlink(sbuf_str(&name));
	}
	if (code)
		remove_copy(copy);
	else
		atomic_sync_folder(st->path);
	free(copy);
	sbuf_free(&stem);
	*path = code ? NULL : sbuf_take(&name);
	sbuf_free(&name);
	return code;
}

/* A database is a file people hand to each other: what it carries runs
 * with the user's rights. Defensive mode keeps SQL from writing the schema
 * or the file's pages directly; an untrusted schema calls no function with
 * side effects; triggers and views never run (improv makes neither, and
 * refuses a file that holds one); and the cache size stored in the header
 * is replaced by improv's own. */
static const struct {
	int op, value;
} defences[] = {
	{SQLITE_DBCONFIG_DEFENSIVE, 1},
	{SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
	{SQLITE_DBCONFIG_ENABLE_TRIGGER, 0},
	{SQLITE_DBCONFIG_ENABLE_VIEW, 0},
	{SQLITE_DBCONFIG_DQS_DDL, 0},
	{SQLITE_DBCONFIG_DQS_DML, 0},
	{SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0},
};

static enum err_code defend(struct store *st, struct error *err)
{
	for (size_t i = 0; i < sizeof defences / sizeof defences[0]; i++)
		if (sqlite3_db_config(st->db, defences[i].op, defences[i].value, NULL) !=
		    SQLITE_OK)
			return error_set(err, ERR_SOFTWARE, "%s: SQLite refused a safety setting",
					 st->path);
	if (store_run_sql(st, "PRAGMA cache_size = -8192", "opening", err) ||
	    store_run_sql(st, "PRAGMA cell_size_check = ON", "opening", err))
		return ERR_IO;
	return ERR_OK;
}

static enum err_code configure(struct store *st, struct error *err)
{
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (defend(st, err))
		return err ? err->code : ERR_IO;
	if (store_run_sql(st, "PRAGMA foreign_keys = ON", "opening", err))
		return ERR_IO;
	if (st->read_only)
		return ERR_OK;
	if (store_run_sql(st, "PRAGMA synchronous = FULL", "opening", err))
		return ERR_IO;
	if (store_run_sql(st, "PRAGMA secure_delete = ON", "opening", err))
		return ERR_IO;
	return ERR_OK;
}

/* The checks of store_check_header once more, through SQLite: the header on disk
 * can lag behind a write-ahead log that was not yet checkpointed. */
static enum err_code confirm_identity(struct store *st, bool is_new, int max_version,
				      struct error *err)
{
	int64_t app = store_pragma_int(st, "PRAGMA application_id");
	int64_t version = store_pragma_int(st, "PRAGMA user_version");
	if (app < 0 && (sqlite3_errcode(st->db) == SQLITE_IOERR || disk_full(st->db)))
		return store_fail(st, "opening", err);
	if (app < 0)
		return error_set(err, ERR_DATA, "%s: damaged (%s); left untouched, run "
				 "'improv doctor'", st->path, sqlite3_errmsg(st->db));
	if (!is_new && app != STORE_APPLICATION_ID)
		return error_set(err, ERR_DATA, "%s: an SQLite database, but not improv's; "
				 "left untouched", st->path);
	if (version > max_version)
		return error_set(err, ERR_BUSY, "%s: made by a newer improv (schema %lld; this "
				 "one knows up to %d); left untouched", st->path,
				 (long long)version, max_version);
	st->version = (int)version;
	return ERR_OK;
}

/* Whether a collation is one SQLite has built in, the only ones improv uses. */
static bool builtin_collation(const char *name)
{
	return name == NULL || strcasecmp(name, "BINARY") == 0 || strcasecmp(name, "NOCASE") == 0 ||
	       strcasecmp(name, "RTRIM") == 0;
}

static void add_foreign(struct sbuf *names, size_t *n, const char *what)
{
	if (names)
		sbuf_addf(names, "%s%s", *n ? ", " : "", what);
	(*n)++;
}

/* Each row of q, a statement of a schema listing: (kind, name[, column]). */
static int list_rows(struct store *st, sqlite3_stmt *q, struct sbuf *names, size_t *n)
{
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);
		const char *name = (const char *)sqlite3_column_text(q, 1);
		const char *column = (const char *)sqlite3_column_text(q, 2);
		const char *coll = NULL;
		/* A column's own collation, which comparisons of it use. */
		if (column && sqlite3_table_column_metadata(st->db, "main", name, column, NULL,
							    &coll, NULL, NULL, NULL) != SQLITE_OK)
			coll = NULL;
		if (column && builtin_collation(coll))
			continue;
		struct sbuf what = SBUF_INIT;
		if (column)
			sbuf_addf(&what, "collation %s of %s.%s", coll, name, column);
		else
			sbuf_addf(&what, "%s %s", kind, name);
		add_foreign(names, n, sbuf_str(&what));
		sbuf_free(&what);
	}
	return rc;
}

/* What a file can hold that improv never makes, each as one query of
 * (kind, name, column): triggers and views; indexes that sort by a
 * collation SQLite does not have built in; columns that compare by one. A
 * collation the program lacks makes every statement that meets it fail. */
static const char *const foreign_queries[] = {
	[STORE_FOREIGN_RUNS] = "SELECT type, name, NULL FROM sqlite_schema"
			       " WHERE type IN ('trigger', 'view') ORDER BY type, name",
	[STORE_FOREIGN_INDEX_COLLATION] =
		"SELECT DISTINCT 'collation ' || x.coll || ' of index', s.name, NULL"
		" FROM sqlite_schema AS s, pragma_index_xinfo(s.name) AS x"
		" WHERE s.type = 'index' AND x.coll IS NOT NULL"
		" AND upper(x.coll) NOT IN ('BINARY', 'NOCASE', 'RTRIM') ORDER BY s.name",
	/* A column's collation is in its table's text, which is what SQLite
	 * reads the schema from: only a table whose text says COLLATE (none of
	 * improv's does) has its columns looked at one by one. */
	[STORE_FOREIGN_COLUMN_COLLATION] =
		"SELECT 'column', s.name, c.name FROM sqlite_schema AS s,"
		" pragma_table_xinfo(s.name) AS c WHERE s.type = 'table'"
		" AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND s.sql LIKE '%collate%'"
		" ORDER BY s.name, c.cid",
};

enum err_code store_foreign(struct store *st, enum store_foreign_kind kind, struct sbuf *names,
			    size_t *n, struct error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, foreign_queries[kind], -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, "reading the schema", err);
	int rc = list_rows(st, q, names, n);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? ERR_OK : store_fail(st, "reading the schema", err);
}

enum err_code store_foreign_objects(struct store *st, struct sbuf *names, size_t *n,
				    struct error *err)
{
	*n = 0;
	for (int kind = 0; kind < STORE_FOREIGN_KINDS; kind++)
		if (store_foreign(st, kind, names, n, err))
			return err ? err->code : ERR_IO;
	return ERR_OK;
}

/* Refuses a file holding triggers or views: improv makes neither, and one
 * planted in a file can record each anonymous vote or change the data. */
static enum err_code refuse_foreign(struct store *st, struct error *err)
{
	struct sbuf names = SBUF_INIT;
	size_t n;
	enum err_code code = store_foreign_objects(st, &names, &n, err);
	if (code == ERR_OK && n)
		code = error_set(err, ERR_DATA, "%s: holds what improv did not make (%s); left "
				 "untouched; 'improv doctor --remove-foreign' removes %s after a "
				 "backup", st->path, sbuf_str(&names), n == 1 ? "it" : "them");
	sbuf_free(&names);
	return code;
}

/* The size of the file beside path with this suffix, or -1 when there is
 * none. */
static off_t side_size(const char *path, const char *suffix)
{
	struct sbuf side = SBUF_INIT;
	struct stat sb;
	sbuf_addf(&side, "%s%s", path, suffix);
	off_t size = lstat(sbuf_str(&side), &sb) == 0 ? sb.st_size : -1;
	sbuf_free(&side);
	return size;
}

/* Whether SQLite has left a log, an index or a journal beside path. */
static bool has_side_files(const char *path)
{
	return side_size(path, "-wal") >= 0 || side_size(path, "-shm") >= 0 ||
	       side_size(path, "-journal") >= 0;
}

/* An index of the log smaller than one of its 32 KiB regions was never
 * mapped by anyone: what a connection leaves when the disk is full. */
#define SHM_REGION_SIZE 32768

/* Whether the files beside path hold nothing: no log or an empty one, and
 * no index or one that was never grown. */
static bool sides_hold_nothing(const char *path)
{
	return side_size(path, "-wal") <= 0 && side_size(path, "-shm") < SHM_REGION_SIZE;
}

/* Removes the empty log and the stunted index a failed open left. */
static void remove_empty_sides(const char *path)
{
	static const char *const sides[] = {"-wal", "-shm"};
	if (!sides_hold_nothing(path))
		return;
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		struct sbuf side = SBUF_INIT;
		sbuf_addf(&side, "%s%s", path, sides[i]);
		unlink(sbuf_str(&side));
		sbuf_free(&side);
	}
}

/* "file:PATH?immutable=1", PATH escaped as a URI path. */
static char *immutable_uri(const char *path)
{
	struct sbuf uri = SBUF_INIT;
	sbuf_adds(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/._-~", *p))
			sbuf_addf(&uri, "%c", *p);
		else
			sbuf_addf(&uri, "%%%02X", *p);
	}
	sbuf_adds(&uri, "?immutable=1");
	return sbuf_take(&uri);
}

enum err_code store_open(const char *path, const struct store_options *opts,
			 struct store **out, struct error *err)
{
	static const struct store_options defaults = {0};
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->read_only = opts && opts->read_only;
	enum err_code code = open_checked(st, path, opts ? opts : &defaults, err);
	if (code) {
		store_close(st);
		*out = NULL;
		return code;
	}
	*out = st;
	return ERR_OK;
}

/* The schema's steps: the program's own unless the options bring theirs. */
static const struct store_migration *migrations_of(const struct store_options *opts, size_t *n)
{
	*n = opts->migrations ? opts->nmigrations : schema_nmigrations;
	return opts->migrations ? opts->migrations : schema_migrations;
}

/* How a connection is made to the file. */
enum connection {
	CONNECT_WRITING,        /* read and write; the default */
	CONNECT_READING,        /* SQLite's read-only mode */
	CONNECT_TIDY,           /* may write, told to write nothing: closing removes
				 * the log and its index */
	CONNECT_IMMUTABLE,      /* the file read as it stands, with no lock and no
				 * index: for a reader on a full disk */
};

/* Connects and checks what the file is; the steps after the file's header. */
static enum err_code connect_checked(struct store *st, const char *path,
				     const struct store_options *opts, enum connection how,
				     bool is_new, struct error *err)
{
	size_t n;
	const struct store_migration *list = migrations_of(opts, &n);
	int max_version = n ? list[n - 1].version : 0;
	/* NOMUTEX: the program has one thread, and the connection's own locks
	 * cost a tenth of every read of a session. */
	int flags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
	flags |= how == CONNECT_WRITING || how == CONNECT_TIDY ? SQLITE_OPEN_READWRITE
							       : SQLITE_OPEN_READONLY;
	char *uri = how == CONNECT_IMMUTABLE ? immutable_uri(path) : NULL;
	int rc = sqlite3_open_v2(uri ? uri : path, &st->db, flags | (uri ? SQLITE_OPEN_URI : 0),
				 opts->vfs);
	free(uri);
	if (rc != SQLITE_OK)
		return error_set(err, ERR_IO, "%s: %s", path,
				 st->db ? sqlite3_errmsg(st->db) : "cannot open");
	if (how == CONNECT_TIDY && store_run_sql(st, "PRAGMA query_only = ON", "opening", err))
		return ERR_IO;
	if (configure(st, err) || confirm_identity(st, is_new, max_version, err))
		return err ? err->code : ERR_IO;
	if (!opts->keep_foreign && refuse_foreign(st, err))
		return err ? err->code : ERR_DATA;
	if (store_migrate(st, list, n, opts->as_is, err))
		return err ? err->code : ERR_IO;
	/* The schema is built in rollback-journal mode so that the header holds
	 * the identity at once; from here on a write-ahead log. */
	if (!st->read_only && store_run_sql(st, "PRAGMA journal_mode = WAL", "opening", err))
		return ERR_IO;
	return ERR_OK;
}

static enum err_code open_checked(struct store *st, const char *path,
				  const struct store_options *opts, struct error *err)
{
	size_t n;
	const struct store_migration *list = migrations_of(opts, &n);
	int max_version = n ? list[n - 1].version : 0;
	bool is_new;
	if (store_check_header(path, max_version, &is_new, err))
		return err ? err->code : ERR_DATA;
	if (is_new && (opts->must_exist || st->read_only))
		return error_set(err, ERR_NOINPUT, "%s: no such database", path);
	if (is_new && create_private_file(path, err))
		return ERR_IO;
	/* A read-only connection to a file in write-ahead-log mode leaves the
	 * log and its index behind. With nothing beside the file there is
	 * nothing to recover: a connection that may write, told to write
	 * nothing, removes them again when it closes. */
	bool had_sides = has_side_files(path);
	enum connection how = !st->read_only                   ? CONNECT_WRITING
			      : opts->leave_nothing && !had_sides ? CONNECT_TIDY
								  : CONNECT_READING;
	enum err_code code = connect_checked(st, path, opts, how, is_new, err);
	if (code == ERR_OK)
		return ERR_OK;
	/* A full disk leaves an empty log and an index it could not grow. A
	 * reader can still read the file as it stands when no log holds a
	 * change it would miss. */
	bool full = st->db && disk_full(st->db);
	sqlite3_close(st->db);
	st->db = NULL;
	if (!had_sides)
		remove_empty_sides(path);
	if (!full || is_new || !(st->read_only || opts->reads_only) || !sides_hold_nothing(path))
		return code;
	st->read_only = true;
	return connect_checked(st, path, opts, CONNECT_IMMUTABLE, false, err);
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st->backup_path);
	free(st);
}

const char *store_last_backup(const struct store *st)
{
	return st->backup_path;
}

int store_schema_version(const struct store *st)
{
	return st->version;
}

enum err_code store_check(struct store *st, bool *ok, struct error *err)
{
	sqlite3_stmt *s;
	*ok = false;
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "checking", err);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *first = (const char *)sqlite3_column_text(s, 0);
		*ok = first && strcmp(first, "ok") == 0;
		if (!*ok)
			error_set(err, ERR_DATA, "%s: %s", st->path, first ? first : "damaged");
	} else {
		store_fail(st, "checking", err);
	}
	sqlite3_finalize(s);
	return *ok || rc == SQLITE_ROW ? ERR_OK : (err ? err->code : ERR_DATA);
}
