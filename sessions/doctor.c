#include "sessions/doctor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic_file.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "sessions/store_internal.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The files SQLite keeps beside a database: they belong to it, and go
 * where it goes. */
static const char *const side_files[] = {"-wal", "-shm", "-journal"};

/* ---- problems in plain words ---- */

/* What SQLite's integrity check says, and what it means for the user. */
static const struct {
	const char *sqlite, *plain;
} problem_words[] = {
	{"btreeInitPage", "not a valid page; what it held cannot be read"},
	{"is never used", "lost: no table or index uses it"},
	{"2nd reference to page", "used twice"},
	{"invalid page number", "points outside the file"},
	{"missing from index", "missing from an index (the rows themselves may be whole)"},
	{"wrong # of entries in index", "an index does not match its table"},
	{"Freelist", "the list of free pages is broken"},
	{"NULL value in", "an empty value where one is required"},
	{"CHECK constraint failed", "a value the schema does not allow"},
	{"out of order", "rows out of order"},
	{"malformed", "a row is malformed"},
};

static const char *plain_words(const char *msg)
{
	for (size_t i = 0; i < NELEMS(problem_words); i++)
		if (strstr(msg, problem_words[i].sqlite))
			return problem_words[i].plain;
	return "damaged";
}

/* The number right after the first "<word>N" in msg, or 0. */
static long number_after(const char *msg, const char *word)
{
	size_t len = strlen(word);
	for (const char *p = msg; (p = strstr(p, word)) != NULL; p += len)
		if (p[len] >= '0' && p[len] <= '9')
			return strtol(p + len, NULL, 10);
	return 0;
}

/* The table or index whose tree starts at page, or NULL. */
static char *tree_at(struct store *st, long page)
{
	sqlite3_stmt *q = NULL;
	char *name = NULL;
	if (page > 0 && sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_schema WHERE rootpage = ?1",
					   -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, page);
		if (sqlite3_step(q) == SQLITE_ROW)
			name = xstrdup((const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	return name;
}

/* "page 3 (sessions): not a valid page; ... (SQLite: Page 3: ...)". */
static char *describe(struct store *st, const char *msg)
{
	long tree = number_after(msg, "Tree "), page = number_after(msg, "age ");
	char *table = tree_at(st, tree ? tree : page);
	struct sbuf line = SBUF_INIT;
	if (page)
		sbuf_addf(&line, "page %ld", page);
	if (table)
		sbuf_addf(&line, page ? " (%s)" : "%s", table);
	if (!page && !table)
		sbuf_adds(&line, "the file");
	sbuf_addf(&line, ": %s (SQLite: %s)", plain_words(msg), msg);
	free(table);
	return sbuf_take(&line);
}

static void add_problem(struct doctor_report *r, char *text)
{
	for (char *p = text; *p; p++)
		if (*p == '\n')
			*p = ' ';
	if (r->nproblems < DOCTOR_PROBLEMS_SHOWN)
		r->problems[r->nproblems] = text;
	else
		free(text);
	r->nproblems++;
}

static void add_stopped(struct doctor_report *r, struct store *st, const char *check)
{
	struct sbuf line = SBUF_INIT;
	sbuf_addf(&line, "the file: SQLite could not finish the %s (%s)", check,
		  sqlite3_errmsg(st->db));
	add_problem(r, sbuf_take(&line));
}

static void check_integrity(struct store *st, struct doctor_report *r)
{
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA integrity_check(%d)", DOCTOR_PROBLEMS_COUNTED);
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(q, 0);
		rc = SQLITE_OK;
		if (msg == NULL || strcmp(msg, "ok") == 0)
			continue;
		/* The first problem comes after a line naming the schema. */
		if (strncmp(msg, "*** ", 4) == 0 && strchr(msg, '\n'))
			msg = strchr(msg, '\n') + 1;
		add_problem(r, describe(st, msg));
	}
	if (rc != SQLITE_DONE)
		add_stopped(r, st, "integrity check");
	sqlite3_finalize(q);
}

static void check_foreign_keys(struct store *st, struct doctor_report *r)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &q, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct sbuf line = SBUF_INIT;
		sbuf_addf(&line, "%s, row %lld: points at a row of %s that is not there",
			  (const char *)sqlite3_column_text(q, 0),
			  (long long)sqlite3_column_int64(q, 1),
			  (const char *)sqlite3_column_text(q, 2));
		add_problem(r, sbuf_take(&line));
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		add_stopped(r, st, "foreign key check");
	sqlite3_finalize(q);
}

static int64_t count_sessions(struct store *st)
{
	sqlite3_stmt *q = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sessions", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* ---- examining a file ---- */

/* The verdict of each header that stops the check there. */
static const enum doctor_verdict header_verdicts[] = {
	[STORE_HEADER_OK] = DOCTOR_UNKNOWN,
	[STORE_HEADER_NEW] = DOCTOR_UNKNOWN,
	[STORE_HEADER_UNREADABLE] = DOCTOR_UNKNOWN,
	[STORE_HEADER_NOT_SQLITE] = DOCTOR_NOT_IMPROV,
	[STORE_HEADER_FOREIGN] = DOCTOR_NOT_IMPROV,
	[STORE_HEADER_DAMAGED] = DOCTOR_DAMAGED,
	[STORE_HEADER_NEWER] = DOCTOR_NEWER,
	[STORE_HEADER_NOT_FILE] = DOCTOR_UNKNOWN,
};

/* The header first, then a read-only connection at the file's own schema:
 * ERR_OK with *st open, a verdict with r->why, or an error in err. */
static enum err_code open_read_only(const char *path, struct store **st, struct doctor_report *r,
				    struct error *err)
{
	enum store_header state;
	char why[STORE_WHY_SIZE];
	enum err_code code = store_inspect(path, STORE_SCHEMA_VERSION, &state, why);
	r->verdict = header_verdicts[state];
	if (state == STORE_HEADER_NEW)
		return error_set(err, ERR_NOINPUT, r->size < 0 ? "%s: no such database"
				 : "%s: an empty file, no database yet", path);
	if (state == STORE_HEADER_UNREADABLE || state == STORE_HEADER_NOT_FILE)
		return error_set(err, code, "%s: %s", path, why);
	if (state == STORE_HEADER_FOREIGN)
		snprintf(why, sizeof why, "an SQLite database of another program");
	snprintf(r->why, sizeof r->why, "%s", why);
	if (code)
		return code;
	const struct store_options opts = {.read_only = true, .must_exist = true, .as_is = true,
					   .leave_nothing = true, .keep_foreign = true};
	code = store_open(path, &opts, st, err);
	if (code == ERR_DATA) {         /* damage SQLite met while opening */
		r->verdict = DOCTOR_DAMAGED;
		snprintf(r->why, sizeof r->why, "%s", err->msg);
	}
	return code;
}

/* Sets the verdict for what the file holds that improv did not make. */
static enum err_code found_foreign(struct doctor_report *r, struct sbuf *names)
{
	r->verdict = DOCTOR_FOREIGN;
	r->foreign = sbuf_take(names);
	return ERR_DATA;
}

/* Opens and checks the file; *st stays open for a backup or a copy. A
 * collation SQLite lacks stops its own checks, so those come first. */
static enum err_code examine(const char *path, struct store **st, struct doctor_report *r,
			     struct error *err)
{
	enum err_code code = open_read_only(path, st, r, err);
	if (code)
		return code;
	r->schema = store_schema_version(*st);
	r->sessions = count_sessions(*st);
	struct sbuf names = SBUF_INIT;
	size_t n = 0;
	if (store_foreign(*st, STORE_FOREIGN_INDEX_COLLATION, &names, &n, err) ||
	    store_foreign(*st, STORE_FOREIGN_COLUMN_COLLATION, &names, &n, err)) {
		sbuf_free(&names);
		return err->code;
	}
	if (n && store_foreign(*st, STORE_FOREIGN_RUNS, &names, &n, err) == ERR_OK)
		return found_foreign(r, &names);
	if (n) {
		sbuf_free(&names);
		return err->code;
	}
	check_integrity(*st, r);
	check_foreign_keys(*st, r);
	r->verdict = r->nproblems ? DOCTOR_DAMAGED : DOCTOR_SOUND;
	if (r->nproblems) {
		sbuf_free(&names);
		return ERR_DATA;
	}
	if (store_foreign(*st, STORE_FOREIGN_RUNS, &names, &n, err) == ERR_OK && n)
		return found_foreign(r, &names);
	sbuf_free(&names);
	return ERR_OK;
}

static void report_init(struct doctor_report *r, const char *path)
{
	struct stat sb;
	memset(r, 0, sizeof *r);
	r->schema = -1;
	r->sessions = -1;
	r->size = stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

/* ---- backups ---- */

static int newest_first(const void *a, const void *b)
{
	const struct doctor_backup *x = a, *y = b;
	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? 1 : -1;
	if (x->mtime_nsec != y->mtime_nsec)
		return x->mtime_nsec < y->mtime_nsec ? 1 : -1;
	return strcmp(y->path, x->path);
}

/* Whether name, in the folder of a database called base, is one of its
 * backups: "<base>.<anything>.bak". */
static bool is_backup_of(const char *name, const char *base)
{
	size_t len = strlen(name), blen = strlen(base);
	return len > blen + 1 + 4 && strncmp(name, base, blen) == 0 && name[blen] == '.' &&
	       strcmp(name + len - 4, ".bak") == 0;
}

static void list_backups(const char *path, struct doctor_report *r)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	int dirlen = slash ? (int)(slash - path) : 0;
	char *dir = slash ? xstrndup(path, dirlen ? (size_t)dirlen : 1) : xstrdup(".");
	DIR *d = opendir(dir);
	const struct dirent *ent;
	size_t cap = 0;
	while (d != NULL && (ent = readdir(d)) != NULL) {
		if (!is_backup_of(ent->d_name, base))
			continue;
		struct sbuf full = SBUF_INIT;
		if (slash)
			sbuf_addf(&full, "%.*s/", dirlen, path);
		sbuf_adds(&full, ent->d_name);
		struct stat sb;
		if (stat(sbuf_str(&full), &sb) != 0 || !S_ISREG(sb.st_mode)) {
			sbuf_free(&full);
			continue;
		}
		grow(&r->backups, &cap, r->nbackups + 1, sizeof *r->backups);
		r->backups[r->nbackups++] = (struct doctor_backup){
			sbuf_take(&full), sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec, (int64_t)sb.st_size};
	}
	if (d != NULL)
		closedir(d);
	free(dir);
	if (r->nbackups > 1)
		qsort(r->backups, r->nbackups, sizeof *r->backups, newest_first);
}

enum err_code doctor_examine(const char *path, bool write_backup, struct doctor_report *r,
			     struct error *err)
{
	report_init(r, path);
	struct store *st = NULL;
	enum err_code code = examine(path, &st, r, err);
	bool whole = code == ERR_OK || r->verdict == DOCTOR_FOREIGN;
	if (whole && write_backup && store_backup(st, &r->backup, err))
		code = ERR_IO;
	store_close(st);
	list_backups(path, r);
	return code;
}

/* Each object to drop: its kind, and the query naming them. An index holds
 * nothing that its table does not; those SQLite makes for a UNIQUE
 * constraint (with no SQL of their own) cannot be dropped. */
static const struct {
	const char *kind;
	const char *names;
} droppable[] = {
	{"TRIGGER", "SELECT name FROM sqlite_schema WHERE type = 'trigger'"},
	{"VIEW", "SELECT name FROM sqlite_schema WHERE type = 'view'"},
	{"INDEX", "SELECT DISTINCT s.name FROM sqlite_schema AS s, pragma_index_xinfo(s.name) AS x"
		  " WHERE s.type = 'index' AND s.sql IS NOT NULL AND x.coll IS NOT NULL"
		  " AND upper(x.coll) NOT IN ('BINARY', 'NOCASE', 'RTRIM')"},
};

/* The names first, then the drops: a table's pages cannot be freed while a
 * statement still reads the schema. */
static enum err_code drop_all(struct store *st, size_t k, struct error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, droppable[k].names, -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, "reading the schema", err);
	struct sbuf sql = SBUF_INIT;
	/* Names cannot be bound: each is quoted as an identifier. */
	while (sqlite3_step(q) == SQLITE_ROW) {
		char *one = sqlite3_mprintf("DROP %s \"%w\";", droppable[k].kind,
					    (const char *)sqlite3_column_text(q, 0));
		sbuf_adds(&sql, one);
		sqlite3_free(one);
	}
	enum err_code code = sqlite3_finalize(q) == SQLITE_OK ? ERR_OK
							       : store_fail(st, "reading the schema", err);
	if (code == ERR_OK && sql.len && sqlite3_exec(st->db, sbuf_str(&sql), NULL, NULL, NULL))
		code = store_fail(st, "removing", err);
	sbuf_free(&sql);
	return code;
}

/* Drops every trigger, view and index by a foreign collation of the open,
 * writable store, in one transaction. A column compared by a foreign
 * collation is part of its table: it is named, and nothing is dropped. */
static enum err_code drop_foreign(struct store *st, const char *path, struct error *err)
{
	struct sbuf columns = SBUF_INIT;
	size_t n = 0;
	enum err_code code = store_foreign(st, STORE_FOREIGN_COLUMN_COLLATION, &columns, &n, err);
	if (code == ERR_OK && n)
		code = error_set(err, ERR_DATA, "%s: the %s belongs to a table and cannot be "
				 "removed without changing the table; nothing was removed", path, sbuf_str(&columns));
	sbuf_free(&columns);
	if (code)
		return code;
	code = store_begin(st, err);
	for (size_t k = 0; code == ERR_OK && k < NELEMS(droppable); k++)
		code = drop_all(st, k, err);
	return store_finish(st, code, err);
}

enum err_code doctor_remove_foreign(const char *path, struct doctor_report *r,
				    struct error *err)
{
	enum err_code code = doctor_examine(path, false, r, err);
	if (r->verdict == DOCTOR_SOUND)
		return error_set(err, ERR_USAGE, "%s holds nothing improv did not make; nothing "
				 "to remove", path);
	if (r->verdict != DOCTOR_FOREIGN)
		return code;
	struct store *st = NULL;
	const struct store_options opts = {.must_exist = true, .as_is = true, .keep_foreign = true};
	code = store_open(path, &opts, &st, err);
	if (code == ERR_OK && store_backup(st, &r->backup, err))
		code = ERR_IO;
	if (code == ERR_OK)
		code = drop_foreign(st, path, err);
	store_close(st);
	return code;
}

void doctor_report_free(struct doctor_report *r)
{
	for (size_t i = 0; i < r->nproblems && i < DOCTOR_PROBLEMS_SHOWN; i++)
		free(r->problems[i]);
	for (size_t i = 0; i < r->nbackups; i++)
		free(r->backups[i].path);
	free(r->backups);
	free(r->backup);
	free(r->foreign);
	memset(r, 0, sizeof *r);
}

/* ---- restoring ---- */

/* Whether another process has the database open: SQLite locks the file
 * with fcntl during a transaction, and the index beside it (-shm) for as
 * long as a connection in write-ahead-log mode is open. */
static bool in_use(const char *path)
{
	static const char *const locked[] = {"", "-shm"};
	bool busy = false;
	for (size_t i = 0; i < NELEMS(locked) && !busy; i++) {
		struct sbuf name = SBUF_INIT;
		sbuf_addf(&name, "%s%s", path, locked[i]);
		int fd = open(sbuf_str(&name), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
		sbuf_free(&name);
		if (fd < 0)
			continue;
		struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
		busy = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
		close(fd);
	}
	return busy;
}

/* A backup goes only in place of a database that is damaged, not improv's
 * or missing, and that no one has open. */
static enum err_code check_replaceable(const char *path, struct error *err)
{
	struct doctor_report r;
	struct error quiet = {0};
	struct store *st = NULL;
	report_init(&r, path);
	enum err_code code = examine(path, &st, &r, &quiet);
	store_close(st);
	if (code == ERR_OK)
		code = error_set(err, ERR_USAGE, "%s is sound: nothing to restore (to go back to a "
				 "backup all the same, move the database away first)", path);
	else if (r.verdict == DOCTOR_NEWER)
		code = error_set(err, ERR_BUSY, "%s: made by a newer improv (%s); left as it is",
				 path, r.why);
	else if (r.verdict == DOCTOR_UNKNOWN && code != ERR_NOINPUT)
		code = error_set(err, code, "%s", quiet.msg);
	else
		code = ERR_OK;
	doctor_report_free(&r);
	if (code == ERR_OK && in_use(path))
		code = error_set(err, ERR_BUSY, "%s is open in another window; close it, then "
				 "restore; nothing was changed", path);
	return code;
}

static void rename_sides(const char *from, const char *to)
{
	for (size_t i = 0; i < NELEMS(side_files); i++) {
		struct sbuf a = SBUF_INIT, b = SBUF_INIT;
		sbuf_addf(&a, "%s%s", from, side_files[i]);
		sbuf_addf(&b, "%s%s", to, side_files[i]);
		rename(sbuf_str(&a), sbuf_str(&b));
		sbuf_free(&a);
		sbuf_free(&b);
	}
}

static bool sides_left(const char *path)
{
	bool left = false;
	for (size_t i = 0; i < NELEMS(side_files); i++) {
		struct sbuf side = SBUF_INIT;
		struct stat sb;
		sbuf_addf(&side, "%s%s", path, side_files[i]);
		left = left || lstat(sbuf_str(&side), &sb) == 0;
		sbuf_free(&side);
	}
	return left;
}

/* Renames the database, with the log and index beside it, to
 * <path>.damaged.<time>; *aside stays NULL when there is no database. A
 * log left beside the path would be read into the restored copy, so
 * failing to move one undoes the move. */
static enum err_code move_aside(const char *path, char **aside, struct error *err)
{
	struct stat sb;
	if (lstat(path, &sb) != 0 && errno == ENOENT && !sides_left(path))
		return ERR_OK;
	char stamp[CLOCK_ISO_SIZE];
	store_time_stamp(stamp);
	struct sbuf stem = SBUF_INIT, name = SBUF_INIT;
	sbuf_addf(&stem, "%s.damaged.%s", path, stamp);
	enum err_code code = store_reserve_name(sbuf_str(&stem), "", &name, err);
	sbuf_free(&stem);
	if (code == ERR_OK && rename(path, sbuf_str(&name)) != 0 && errno != ENOENT)
		code = error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	if (code == ERR_OK) {
		rename_sides(path, sbuf_str(&name));
		if (sides_left(path)) {
			rename_sides(sbuf_str(&name), path);
			rename(sbuf_str(&name), path);
			code = error_set(err, ERR_IO, "%s: the files beside it could not be moved; "
					 "nothing was changed", path);
		}
	}
	if (code) {
		struct stat left;
		if (stat(sbuf_str(&name), &left) == 0 && left.st_size == 0)
			unlink(sbuf_str(&name));
		sbuf_free(&name);
		return code;
	}
	*aside = sbuf_take(&name);
	return ERR_OK;
}

/* Checks that the copy reads back as a sound improv database. */
static enum err_code verify_copy(const char *copy, struct error *err)
{
	struct doctor_report r;
	struct store *st = NULL;
	report_init(&r, copy);
	enum err_code code = examine(copy, &st, &r, err);
	store_close(st);
	if (code)
		code = error_set(err, ERR_IO, "%s: the copy does not read back as it should; "
				 "nothing was changed", copy);
	doctor_report_free(&r);
	return code;
}

/* Copies the backup beside the database, moves the database aside and
 * renames the copy into its place. */
static enum err_code put_in_place(struct store *backup, const char *path,
				  struct doctor_restored *out, struct error *err)
{
	char *copy = NULL;
	if (store_copy_beside(backup, path, &copy, err))
		return ERR_IO;
	enum err_code code = verify_copy(copy, err);
	if (code == ERR_OK)
		code = move_aside(path, &out->aside, err);
	if (code == ERR_OK && rename(copy, path) != 0) {
		code = error_set(err, ERR_IO, "%s: %s; nothing was changed", path, strerror(errno));
		if (out->aside) {
			rename_sides(out->aside, path);
			rename(out->aside, path);
			free(out->aside);
			out->aside = NULL;
		}
	}
	if (code)
		unlink(copy);
	else
		atomic_sync_folder(path);
	free(copy);
	return code;
}

enum err_code doctor_restore(const char *path, const char *backup, struct doctor_restored *out,
			     struct error *err)
{
	memset(out, 0, sizeof *out);
	struct stat b, d;
	if (stat(backup, &b) != 0)
		return error_set(err, errno == ENOENT ? ERR_NOINPUT : ERR_IO, "%s: %s", backup,
				 strerror(errno));
	if (stat(path, &d) == 0 && d.st_dev == b.st_dev && d.st_ino == b.st_ino)
		return error_set(err, ERR_USAGE, "%s is the database itself; name one of its backups",
				 backup);
	enum err_code code = check_replaceable(path, err);
	if (code)
		return code;
	struct doctor_report r;
	struct store *st = NULL;
	report_init(&r, backup);
	code = examine(backup, &st, &r, err);
	if (code == ERR_OK) {
		out->schema = r.schema;
		out->sessions = r.sessions;
		code = put_in_place(st, path, out, err);
	} else if (r.verdict != DOCTOR_UNKNOWN) {
		code = error_set(err, r.verdict == DOCTOR_NEWER ? ERR_BUSY : ERR_DATA,
				 "%s: not a sound improv database (%s); nothing was changed", backup,
				 r.nproblems ? r.problems[0] : r.why);
	}
	store_close(st);
	doctor_report_free(&r);
	return code;
}

void doctor_restored_free(struct doctor_restored *r)
{
	free(r->aside);
	r->aside = NULL;
}
