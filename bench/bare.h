/* bare: the baselines' SQLite, used as a program without improv would use
 * it: statements prepared once, every column of a row read. */
#ifndef IMPROV_BENCH_BARE_H
#define IMPROV_BENCH_BARE_H

#include <sqlite3.h>

/* Prepared to be kept; the bench stops when SQLite refuses the SQL. */
sqlite3_stmt *bare_prepare(sqlite3 *db, const char *sql);
/* Reads every column of the row, as a program using the values would. */
unsigned long bare_row(sqlite3_stmt *q);
/* Steps a statement that returns no rows, then resets it. */
void bare_exec(sqlite3_stmt *q);

/* A connection with the store's own settings (pragmas); exits on failure. */
sqlite3 *bare_open(const char *path);

#endif
