/* process: improv as a whole program, beside a floor doing the same reads
 * and writes: its screen in a pseudo-terminal (start, open ID, going
 * home, its own peak memory) and each command against the sqlite3 program
 * running the same SQL. */
#ifndef IMPROV_BENCH_PROCESS_H
#define IMPROV_BENCH_PROCESS_H

#include <stdint.h>

#include "bench/report.h"

struct process_ctx {
	char *improv, *self, *db, *dir;
	int64_t largest, parent;
	char *home_frame;               /* the home screen's cells (bench/cells.h) */
	char *session_frame;            /* the largest session's first frame's */
	const char *session_end;        /* what arrives last of that frame */
	const char *const *load_sql;    /* the statements that read a whole session, ?1 its id */
	size_t nload;
	char *printed;                  /* where a command's output is kept */
};

/* Start to the home frame; the floor is the bench itself in --bare-frame. */
void process_start(const struct process_ctx *c, struct result *r);
/* open ID to the session's frame (floor: the bare frame's start after
 * reading the session's rows), and going home from it with q to the home
 * frame (floor: the bare frame reading and drawing its rows again). */
void process_open(const struct process_ctx *c, struct result *open, struct result *home);
/* improv's own peak on the home screen, and with the largest session open. */
void process_memory(const struct process_ctx *c, struct result *home, struct result *open);
/* Each command as a whole process against sqlite3 running the same SQL;
 * r holds six results: list, show, export, import, checkin, compare. */
void process_commands(const struct process_ctx *c, struct result *const r[6]);

#endif
