/* A series' line of iterations: reading back the earlier ones, and adding
 * the next. The command line and the workshop screen both go through here. */
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/checkin.h"
#include "sessions/store_internal.h"

void store_sessions_free(struct session **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		session_free(list[i]);
	free(list);
}

/* Whether session id is already in the line read so far: a parent_id
 * loop, which only a file changed by hand can hold. */
static bool in_list(struct session *const *list, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i]->id == id)
			return true;
	return false;
}

enum err_code store_load_ancestors(struct store *st, int64_t from, int64_t stop,
				   struct session ***out, size_t *n, bool *reached,
				   struct error *err)
{
	struct session **list = NULL;
	size_t count = 0, cap = 0;
	int64_t id = from;
	*out = NULL;
	*n = 0;
	while (id != 0 && id != stop) {
		struct session *s;
		if (in_list(list, count, id)) {
			store_sessions_free(list, count);
			return error_set(err, ERR_DATA, "session %lld: its line of check-ins loops "
					 "back to session %lld (parent_id); run 'improv doctor'",
					 (long long)from, (long long)id);
		}
		if (store_load_session(st, id, &s, err)) {
			store_sessions_free(list, count);
			return err->code;
		}
		grow(&list, &cap, count + 1, sizeof *list);
		memmove(&list[1], &list[0], count * sizeof *list);
		list[0] = s;
		count++;
		id = s->parent_id;
	}
	*reached = id == stop;
	if (!*reached) {
		store_sessions_free(list, count);
		return ERR_OK;
	}
	*out = list;
	*n = count;
	return ERR_OK;
}

/* Inside the transaction: the test that the parent has no check-in yet
 * and the insert are one step, so two check-ins started together cannot
 * both pass the test. */
static enum err_code check_in_once(struct store *st, const struct session *parent, time_t now,
				   int64_t *next, struct error *err)
{
	int64_t later = 0;
	if (store_next_iteration(st, parent->id, &later, err))
		return err->code;
	if (later)
		return error_set(err, ERR_DATA, "session %lld already has its check-in, session "
				 "%lld; check in from that one", (long long)parent->id,
				 (long long)later);
	struct session *child = checkin_create(parent, now);
	enum err_code code = store_insert_session(st, child, err);
	if (code == ERR_OK)
		*next = child->id;
	session_free(child);
	return code;
}

/* The parent is read first, in a read transaction of its own: what a
 * check-in copies is the parent as of one moment, and nothing of it is
 * written. */
enum err_code store_check_in(struct store *st, int64_t id, time_t now, int64_t *next,
			     struct error *err)
{
	struct session *parent;
	*next = 0;
	if (store_load_session(st, id, &parent, err))
		return err->code;
	enum err_code code = store_begin(st, err);
	if (code == ERR_OK)
		code = store_finish(st, check_in_once(st, parent, now, next, err), err);
	session_free(parent);
	if (code)
		*next = 0;
	return code;
}

/* ---- deleting a session, or its whole series ---- */

#define NOTHING_DELETED "nothing was deleted"

struct session_name {
	char *title;
	int iteration;
	int64_t series_id;
};

static enum err_code read_name(struct store *st, int64_t id, struct session_name *name,
			       struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_SESSION_NAME, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	enum err_code code = ERR_OK;
	if (rc == SQLITE_ROW) {
		name->title = column_text_or_empty(q, 0);
		name->iteration = sqlite3_column_int(q, 1);
		name->series_id = sqlite3_column_int64(q, 2);
	} else if (rc == SQLITE_DONE) {
		code = error_set(err, ERR_NOINPUT, "there is no session %lld; " NOTHING_DELETED,
				 (long long)id);
	} else {
		code = store_fail(st, "reading the session to delete", err);
	}
	store_done(q);
	return code;
}

/* A check-in copies from its parent and points to it: the parent goes
 * only with it. */
static enum err_code refuse_followed(struct store *st, int64_t id, struct error *err)
{
	int64_t later = 0;
	if (store_next_iteration(st, id, &later, err))
		return err->code;
	if (later == 0)
		return ERR_OK;
	struct session_name next = {0};
	if (read_name(st, later, &next, err))
		return err->code;
	error_set(err, ERR_DATA, "session %lld is followed by its check-in, session %lld "
		  "\"%.80s\" (iteration %d): delete that one first, or the whole series "
		  "(--series); " NOTHING_DELETED, (long long)id, (long long)later, next.title,
		  next.iteration);
	free(next.title);
	return ERR_DATA;
}

/* The sessions of a series, newest first: each goes before its parent. */
static enum err_code series_ids(struct store *st, int64_t series, int64_t **ids, size_t *n,
				struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_SERIES_SESSIONS, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	size_t cap = 0;
	sqlite3_bind_int64(q, 1, series);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		grow(ids, &cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(q, 0);
	}
	enum err_code code = rc == SQLITE_DONE ? ERR_OK
			     : store_fail(st, "reading the series to delete", err);
	store_done(q);
	return code;
}

static enum err_code delete_one(struct store *st, int64_t id, struct error *err)
{
	if (store_lease_refuse_other(st, id, NOTHING_DELETED, err))
		return err->code;
	sqlite3_stmt *q = store_stmt(st, S_DELETE_SESSION, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, id);
	return store_exec(st, q, "deleting the session", err);
}

static enum err_code delete_empty_series(struct store *st, int64_t series, struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_DELETE_EMPTY_SERIES, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, series);
	return store_exec(st, q, "deleting the series", err);
}

/* Inside the transaction: what is refused is refused before anything is
 * deleted, and a refusal part-way rolls the rest back. */
static enum err_code delete_in(struct store *st, int64_t id, bool whole_series, size_t *deleted,
			       struct error *err)
{
	struct session_name name = {0};
	if (read_name(st, id, &name, err))
		return err->code;
	free(name.title);
	int64_t *ids = NULL;
	size_t n = 0;
	enum err_code code = whole_series ? series_ids(st, name.series_id, &ids, &n, err)
					  : refuse_followed(st, id, err);
	if (code == ERR_OK && !whole_series) {
		ids = xmalloc(sizeof *ids);
		ids[n++] = id;
	}
	for (size_t i = 0; code == ERR_OK && i < n; i++)
		code = delete_one(st, ids[i], err);
	if (code == ERR_OK)
		code = delete_empty_series(st, name.series_id, err);
	if (code == ERR_OK)
		*deleted = n;
	free(ids);
	return code;
}

enum err_code store_delete_session(struct store *st, int64_t id, bool whole_series,
				   size_t *deleted, struct error *err)
{
	size_t n = 0;
	*deleted = 0;
	if (store_run_sql(st, "PRAGMA secure_delete = ON", "deleting the session", err) ||
	    store_begin(st, err))
		return err->code;
	if (store_finish(st, delete_in(st, id, whole_series, &n, err), err))
		return err->code;
	*deleted = n;
	/* Deleted, the session is gone even if the log cannot be emptied now
	 * (another reader): the next checkpoint does it. */
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return ERR_OK;
}
