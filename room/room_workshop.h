/* room_workshop: the room's changes made through the editing service: the
 * one place where room/ meets it. The screen keeps a struct room_workshop
 * beside its workshop and hands room_open the ops this fills. */
#ifndef IMPROV_ROOM_ROOM_WORKSHOP_H
#define IMPROV_ROOM_ROOM_WORKSHOP_H

#include <stdbool.h>

#include "room/room.h"

struct workshop;

struct room_workshop {
	struct workshop *ws;
	/* Counts the changes the phones made (a rating, a participant): the
	 * screen compares it to know when to show the session again. */
	unsigned changes;
};

/* Fills ops with the editing service's calls on rw->ws; ops->ctx is rw,
 * which must outlive the room. */
void room_workshop_ops(struct room_workshop *rw, struct room_ops *ops) __attribute__((nonnull));

#endif
