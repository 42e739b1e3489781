/* The edit lease: which process may change a session. A second window on
 * the same session reads it; a lease left by a process that has died is
 * taken over. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/date.h"
#include "sessions/store_internal.h"

struct lease_row {
	bool found;
	char token[33];
	char who[128];
	char host[64];
	long long pid;
	time_t since, renewed;
};

static void this_host(char host[64])
{
	if (gethostname(host, 64) != 0)
		snprintf(host, 64, "%s", "localhost");
	host[63] = '\0';
}

/* A token no other process will hold: random bytes, or time and pid. */
static void make_token(struct store *st)
{
	if (st->token[0])
		return;
	unsigned char raw[16] = {0};
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, raw, sizeof raw) : -1;
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof raw) {
		unsigned long long mix = (unsigned long long)time(NULL) ^
					 ((unsigned long long)getpid() << 32);
		memcpy(raw, &mix, sizeof mix);
	}
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(st->token + 2 * i, 3, "%02x", raw[i]);
}

static void copy_column(char *dst, size_t size, sqlite3_stmt *q, int i)
{
	const char *t = (const char *)sqlite3_column_text(q, i);
	snprintf(dst, size, "%s", t ? t : "");
}

static enum err_code read_lease(struct store *st, int64_t session_id, struct lease_row *row,
				struct error *err)
{
	memset(row, 0, sizeof *row);
	sqlite3_stmt *q = store_stmt(st, S_LEASE_GET, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, session_id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		row->found = true;
		copy_column(row->token, sizeof row->token, q, 0);
		copy_column(row->who, sizeof row->who, q, 1);
		copy_column(row->host, sizeof row->host, q, 2);
		row->pid = sqlite3_column_int64(q, 3);
		row->since = (time_t)sqlite3_column_int64(q, 4);
		row->renewed = (time_t)sqlite3_column_int64(q, 5);
	}
	enum err_code code = rc == SQLITE_ROW || rc == SQLITE_DONE
				     ? ERR_OK : store_fail(st, "reading the lease", err);
	store_done(q);
	return code;
}

/* A process killed a moment ago may linger as a zombie until its parent
 * reaps it; it will never write again, so it counts as gone. */
static bool is_zombie(long long pid)
{
	char path[64], stat[512];
	snprintf(path, sizeof path, "/proc/%lld/stat", pid);
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return false;
	size_t n = fread(stat, 1, sizeof stat - 1, fp);
	fclose(fp);
	stat[n] = '\0';
	const char *paren = strrchr(stat, ')');
	return paren && (paren[1] == ' ') && (paren[2] == 'Z' || paren[2] == 'X');
}

static bool process_gone(long long pid)
{
	if (pid <= 0 || pid > 0x7fffffff)
		return false;
	if (kill((pid_t)pid, 0) != 0)
		return errno == ESRCH;
	return is_zombie(pid);
}

/* Clearly dead: on this host with no such process, or, on another host
 * where no one can ask, silent too long. A live process on this host keeps
 * its lease however long it was silent: stopped with Ctrl-Z, or behind a
 * frozen ssh, it still holds the session it shows and may write it the
 * moment it wakes. */
static bool lease_is_dead(const struct lease_row *row, time_t now)
{
	char host[64];
	this_host(host);
	if (strcmp(row->host, host) == 0)
		return process_gone(row->pid);
	return now - row->renewed > STORE_LEASE_STALE_SECONDS;
}

static enum err_code write_lease(struct store *st, int64_t session_id, time_t now,
				 struct error *err)
{
	char host[64], who[128];
	this_host(host);
	const char *user = getenv("USER");
	if (user == NULL || *user == '\0') {
		const struct passwd *pw = getpwuid(getuid());
		user = pw ? pw->pw_name : NULL;
	}
	snprintf(who, sizeof who, "%s@%s, process %ld", user && *user ? user : "someone", host,
		 (long)getpid());
	sqlite3_stmt *q = store_stmt(st, S_LEASE_PUT, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, session_id);
	sqlite3_bind_text(q, 2, st->token, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)getpid());
	sqlite3_bind_int64(q, 6, (sqlite3_int64)now);
	return store_exec(st, q, "taking the session", err);
}

static enum err_code take_or_refuse(struct store *st, int64_t session_id,
				    struct lease_holder *holder, struct error *err)
{
	struct lease_row row;
	time_t now = clock_now();
	if (read_lease(st, session_id, &row, err))
		return err ? err->code : ERR_IO;
	bool ours = row.found && strcmp(row.token, st->token) == 0;
	if (row.found && !ours && !lease_is_dead(&row, now)) {
		if (holder) {
			snprintf(holder->who, sizeof holder->who, "%s", row.who);
			holder->since = row.since;
		}
		return error_set(err, ERR_BUSY, "session %lld is open in another window (%s); "
				 "read-only here", (long long)session_id, row.who);
	}
	return write_lease(st, session_id, now, err);
}

enum err_code store_lease_refuse_other(struct store *st, int64_t session_id, const char *doing,
				       struct error *err)
{
	struct lease_row row;
	if (read_lease(st, session_id, &row, err))
		return err->code;
	bool ours = row.found && st->token[0] && strcmp(row.token, st->token) == 0;
	if (!row.found || ours || lease_is_dead(&row, clock_now()))
		return ERR_OK;
	return error_set(err, ERR_BUSY, "session %lld is open in another window (%s); %s",
			 (long long)session_id, row.who, doing);
}

enum err_code store_lease_acquire(struct store *st, int64_t session_id,
				  struct lease_holder *holder, struct error *err)
{
	make_token(st);
	if (store_begin(st, err))
		return err ? err->code : ERR_IO;
	enum err_code code = store_finish(st, take_or_refuse(st, session_id, holder, err), err);
	if (code == ERR_OK)
		st->leased = session_id;
	return code;
}

/* Renews the lease this store holds; ERR_BUSY when its row no longer
 * carries this store's token: the token is compared in the statement that
 * renews, so no other window can come between the test and the write. */
static enum err_code renew_held(struct store *st, int64_t session_id, struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_LEASE_RENEW, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, session_id);
	sqlite3_bind_text(q, 2, st->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)clock_now());
	enum err_code code = store_exec(st, q, "renewing the lease", err);
	if (code == ERR_OK && sqlite3_changes(st->db) == 0)
		return error_set(err, ERR_BUSY, "%s", STORE_LEASE_LOST);
	return code;
}

enum err_code store_lease_check(struct store *st, int64_t session_id, struct error *err)
{
	if (st->leased == 0 || st->leased != session_id)
		return ERR_OK;
	return renew_held(st, session_id, err);
}

enum err_code store_begin_session(struct store *st, int64_t session_id, struct error *err)
{
	if (store_begin(st, err))
		return err ? err->code : ERR_IO;
	enum err_code code = store_lease_check(st, session_id, err);
	if (code)
		store_rollback(st);
	return code;
}

enum err_code store_lease_verify(struct store *st, int64_t session_id, struct error *err)
{
	if (st->leased != session_id || st->token[0] == '\0')
		return error_set(err, ERR_BUSY, "%s", STORE_LEASE_LOST);
	struct lease_row row;
	if (read_lease(st, session_id, &row, err))
		return err ? err->code : ERR_IO;
	if (!row.found || strcmp(row.token, st->token) != 0)
		return error_set(err, ERR_BUSY, "%s", STORE_LEASE_LOST);
	return ERR_OK;
}

enum err_code store_lease_renew(struct store *st, int64_t session_id, struct error *err)
{
	if (st->token[0] == '\0')
		return error_set(err, ERR_SOFTWARE, "renewing a lease never taken");
	return renew_held(st, session_id, err);
}

void store_lease_release(struct store *st, int64_t session_id)
{
	if (st->token[0] == '\0' || st->read_only)
		return;
	sqlite3_stmt *q = store_stmt(st, S_LEASE_DROP, NULL);
	if (q == NULL)
		return;
	sqlite3_bind_int64(q, 1, session_id);
	sqlite3_bind_text(q, 2, st->token, -1, SQLITE_STATIC);
	/* Letting go does not wait for the disk: lost in a crash, the lease
	 * left is one of a process that has died, which the next window to
	 * open the session takes over. */
	sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	store_exec(st, q, "letting the session go", NULL);
	sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	if (st->leased == session_id)
		st->leased = 0;
}
