/* vote: what a phone's vote costs on an anonymous ballot, in time and in
 * syncs, beside the same rows written by a bare connection that keeps the
 * same promise (on disk when told saved, the log emptied after). */
#ifndef IMPROV_BENCH_VOTE_H
#define IMPROV_BENCH_VOTE_H

#include <stdint.h>

#include "bench/report.h"

/* Copies the database at from (not open) into dir, opens a new anonymous
 * dots ballot in session id of one copy and casts each participant's vote
 * through the editing service; the other copy takes the same rows from a
 * bare connection. *syncs is the syncs of one vote (the most any took). */
void vote_measure(const char *from, const char *dir, int64_t id, struct result *r,
		  unsigned *syncs);

#endif
