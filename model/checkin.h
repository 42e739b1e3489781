/* checkin: the next iteration of a workshop. Participants, dimensions,
 * values, goals, metrics (with their measurements) and the steps still to
 * do are copied forward, each keeping the id of the row it came from;
 * ratings, notes and ballots start empty. The earlier session is only read. */
#ifndef IMPROV_MODEL_CHECKIN_H
#define IMPROV_MODEL_CHECKIN_H

#include <time.h>

#include "model/session.h"

/* A new session (never stored: id 0) following `parent`, in its series,
 * with parent_id set and the next iteration number. It opens on the review
 * of last time (STAGE_SETUP stands for it in a check-in). The caller frees
 * it. */
struct session *checkin_create(const struct session *parent, time_t now)
	__attribute__((nonnull, returns_nonnull, warn_unused_result));

#endif
