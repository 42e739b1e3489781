/* Migrating: the steps of the schema that a file has not taken yet, each
 * in its own transaction, after the checks that may refuse them and a
 * backup of the file as it was. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/sbuf.h"
#include "sessions/store_internal.h"

/* A step's statements and its refusing query, as written or as made. */
struct step_text {
	struct sbuf sql, refuse;
};

static void step_text_make(const struct store_migration *m, struct step_text *t)
{
	*t = (struct step_text){SBUF_INIT, SBUF_INIT};
	if (m->make) {
		m->make(&t->sql, &t->refuse);
		return;
	}
	for (const char *const *sql = m->sql; sql && *sql; sql++)
		sbuf_addf(&t->sql, "%s;\n", *sql);
	if (m->refuse)
		sbuf_adds(&t->refuse, m->refuse);
}

static void step_text_free(struct step_text *t)
{
	sbuf_free(&t->sql);
	sbuf_free(&t->refuse);
}

/* After a rebuild: every row still names rows that are there. */
static enum err_code check_foreign_keys(struct store *st, struct error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, "migrating", err);
	int rc = sqlite3_step(q);
	enum err_code code = ERR_OK;
	if (rc == SQLITE_ROW)
		code = error_set(err, ERR_SOFTWARE, "%s: a row of %s names a %s row that is not "
				 "there", st->path, (const char *)sqlite3_column_text(q, 0),
				 (const char *)sqlite3_column_text(q, 2));
	else if (rc != SQLITE_DONE)
		code = store_fail(st, "migrating", err);
	sqlite3_finalize(q);
	return code;
}

static enum err_code run_step(struct store *st, const struct store_migration *m,
			      const char *sql, struct error *err)
{
	char tail[128];
	snprintf(tail, sizeof tail, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		 STORE_APPLICATION_ID, m->version);
	enum err_code code = store_run_sql(st, "BEGIN IMMEDIATE", "migrating", err);
	if (code == ERR_OK)
		code = store_run_sql(st, sql, "migrating", err);
	if (code == ERR_OK && m->rebuilds)
		code = check_foreign_keys(st, err);
	if (code == ERR_OK)
		code = store_run_sql(st, tail, "migrating", err);
	if (code) {
		store_rollback(st);
		error_prefix(err, "schema %d", m->version);
		return code;
	}
	return store_run_sql(st, "COMMIT", "migrating", err);
}

/* Foreign keys can only be switched outside a transaction: off before a
 * rebuild begins, on again once it has ended, whichever way it ended. */
static enum err_code migrate_one(struct store *st, const struct store_migration *m,
				 struct error *err)
{
	struct step_text t;
	step_text_make(m, &t);
	enum err_code code = ERR_OK;
	if (m->rebuilds)
		code = store_run_sql(st, "PRAGMA foreign_keys = OFF", "migrating", err);
	if (code == ERR_OK)
		code = run_step(st, m, sbuf_str(&t.sql), err);
	if (m->rebuilds) {
		struct error on = {0};
		if (store_run_sql(st, "PRAGMA foreign_keys = ON", "migrating", &on) && code == ERR_OK)
			code = error_set(err, on.code, "%s", on.msg);
	}
	step_text_free(&t);
	return code;
}

/* ERR_DATA with the words of the query's row, when it has one. */
static enum err_code run_refusal(struct store *st, const struct store_migration *m,
				 const char *query, struct error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, query, -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, "checking before an upgrade", err);
	int rc = sqlite3_step(q);
	enum err_code code = ERR_OK;
	if (rc == SQLITE_ROW)
		code = error_set(err, ERR_DATA, "%s: cannot upgrade to schema %d: %s; left "
				 "untouched", st->path, m->version,
				 (const char *)sqlite3_column_text(q, 0));
	else if (rc != SQLITE_DONE)
		code = store_fail(st, "checking before an upgrade", err);
	sqlite3_finalize(q);
	return code;
}

/* Runs a step's refusal query, when it has one. */
static enum err_code refuse_migration(struct store *st, const struct store_migration *m,
				      struct error *err)
{
	struct step_text t;
	step_text_make(m, &t);
	enum err_code code = t.refuse.len ? run_refusal(st, m, sbuf_str(&t.refuse), err) : ERR_OK;
	step_text_free(&t);
	return code;
}

enum err_code store_migrate(struct store *st, const struct store_migration *list, size_t n,
			    bool as_is, struct error *err)
{
	int64_t version = store_pragma_int(st, "PRAGMA user_version");
	int target = n ? list[n - 1].version : 0;
	if (version > target)
		return error_set(err, ERR_BUSY, "%s: made by a newer improv (schema %lld; this "
				 "one knows up to %d); left untouched", st->path,
				 (long long)version, target);
	if (version == target || as_is)
		return ERR_OK;
	if (st->read_only)
		return error_set(err, ERR_IO, "%s: needs an upgrade to schema %d; open it once "
				 "for writing", st->path, target);
	/* A new file holds nothing a step could refuse. */
	for (size_t i = 0; version > 0 && i < n; i++)
		if (list[i].version > version && refuse_migration(st, &list[i], err))
			return err ? err->code : ERR_DATA;
	if (version > 0) {
		char *saved;
		if (store_backup(st, &saved, err))
			return ERR_IO;
		free(st->backup_path);
		st->backup_path = saved;
	}
	for (size_t i = 0; i < n; i++)
		if (list[i].version > version && migrate_one(st, &list[i], err))
			return err ? err->code : ERR_SOFTWARE;
	st->version = target;
	return ERR_OK;
}

