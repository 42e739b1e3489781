/* checkin: the next iteration of a workshop. Participants, dimensions,
 * values, goals, metrics (with their measurements) and the steps still to
 * do are copied forward, each keeping the id of the row it came from;
 * ratings, notes and ballots start empty. The earlier session is only read. */
#ifndef IMPROV_MODEL_CHECKIN_H
#define IMPROV_MODEL_CHECKIN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/session.h"

struct sbuf;

/* A new session (never stored: id 0) following `parent`, in its series,
 * with parent_id set and the next iteration number. It opens on the review
 * of last time (STAGE_SETUP stands for it in a check-in). The caller frees
 * it. */
struct session *checkin_create(const struct session *parent, time_t now)
	__attribute__((nonnull, returns_nonnull, warn_unused_result));

/* What a check-in from `parent` carries, and what to know before one is
 * started: whether the parent is still open, and its ballots not revealed
 * yet (their votes stay behind). */
struct checkin_preview {
	size_t goals, metrics, steps;
	bool still_open;
	size_t unrevealed_ballots;
};
void checkin_preview(const struct session *parent, struct checkin_preview *out)
	__attribute__((nonnull));

/* The question asked before a check-in, in lines separated by '\n' (none
 * over 70 columns): what the next iteration carries, and
 * a warning when the parent is still open or has a ballot not revealed. */
void checkin_question(const struct session *parent, struct sbuf *out) __attribute__((nonnull));

#endif
