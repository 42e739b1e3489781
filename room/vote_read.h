/* vote_read: what a phone's ballot form posts, read and checked against
 * the open ballot's rules before the model sees it, so that a phone gets
 * a plain reason for a ballot the keyboard could not have cast either.
 *
 * The fields, for candidate c (0 .. n-1):
 *   dots      cC=N     dots on the step, 0 .. cap; a missing one is 0
 *   approval  cC=1     ticked; missing or 0 is not
 *   ranked    cC=K     its place, 1 = best; missing or 0 is unranked;
 *                      places are distinct and read in their order
 *   scoring   iC=N&eC=M  impact and effort on the ballot's range, both
 *                      or neither
 * and csrf. Any other field, or one for a step not on the ballot, is
 * refused rather than dropped. */
#ifndef IMPROV_ROOM_VOTE_READ_H
#define IMPROV_ROOM_VOTE_READ_H

#include <stddef.h>

#include "lib/error.h"
#include "room/room.h"

/* A ballot read: vote points into the arrays, which vote_read_free
 * releases. */
struct vote_read {
	struct room_vote vote;
	int *values, *impact, *effort;
	size_t *order;
};

/* Reads body[0..len) for ballot b into out. ERR_DATA with one line for
 * the phone when a field does not read or breaks a rule (more dots than
 * the budget, a place given twice, one score of two); out then holds
 * nothing to free. */
enum err_code vote_read(const char *body, size_t len, const struct room_ballot *b,
			struct vote_read *out, struct error *err)
	__attribute__((nonnull(3, 4), warn_unused_result));
void vote_read_free(struct vote_read *r) __attribute__((nonnull));

#endif
