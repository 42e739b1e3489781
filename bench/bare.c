#include "bench/bare.h"

#include <stdio.h>
#include <stdlib.h>

sqlite3_stmt *bare_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
	return q;
}

unsigned long bare_row(sqlite3_stmt *q)
{
	unsigned long sum = 0;
	int n = sqlite3_column_count(q);
	for (int i = 0; i < n; i++) {
		switch (sqlite3_column_type(q, i)) {
		case SQLITE_INTEGER: sum += (unsigned long)sqlite3_column_int64(q, i); break;
		case SQLITE_FLOAT: sum += (unsigned long)sqlite3_column_double(q, i); break;
		case SQLITE_TEXT:
			sum += *sqlite3_column_text(q, i) + (unsigned long)sqlite3_column_bytes(q, i);
			break;
		default: break;
		}
	}
	return sum;
}

void bare_exec(sqlite3_stmt *q)
{
	if (sqlite3_step(q) != SQLITE_DONE)
		fprintf(stderr, "bench: %s\n", sqlite3_errmsg(sqlite3_db_handle(q)));
	sqlite3_reset(q);
}

/* The settings sessions/store.c gives its connection: a bare connection
 * pays for the same safety, so that a ratio compares like with like. */
static const char *const store_pragmas[] = {
	"PRAGMA cache_size = -8192", "PRAGMA cell_size_check = ON",
	"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL",
	"PRAGMA secure_delete = ON", "PRAGMA journal_mode = WAL",
};

sqlite3 *bare_open(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", path, sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_busy_timeout(db, 5000);
	for (size_t i = 0; i < sizeof store_pragmas / sizeof store_pragmas[0]; i++)
		if (sqlite3_exec(db, store_pragmas[i], NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "bench: %s: %s\n", store_pragmas[i], sqlite3_errmsg(db));
			exit(1);
		}
	return db;
}
