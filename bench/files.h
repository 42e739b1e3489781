/* files: the benchmark's database files, kept and copied. */
#ifndef IMPROV_BENCH_FILES_H
#define IMPROV_BENCH_FILES_H

#include <stdbool.h>

bool files_exist(const char *path);
/* The database and its log and index beside it. */
void files_remove_db(const char *path);
/* A byte-for-byte copy; the bench stops when it cannot be made. */
void files_copy(const char *from, const char *to);
/* The org-g*.db in dir whose names do not start with keep. */
void files_remove_stale(const char *dir, const char *keep);

#endif
