#include "room/room.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "room/handlers.h"
#include "room/http.h"
#include "room/render.h"

enum err_code room_new(const struct room_ops *ops, struct room **out, struct error *err)
{
	struct room *room = xcalloc(1, sizeof *room);
	room->ops = *ops;
	enum err_code rc = tokens_new(room->token, err);
	if (rc == ERR_OK)
		rc = tokens_code(room->code, err);
	if (rc != ERR_OK) {
		free(room);
		return rc;
	}
	*out = room;
	return ERR_OK;
}

enum err_code room_check_listen(const char *listen, struct error *err)
{
	char addr[HTTP_HOST_SIZE];
	int port;
	return http_parse_listen(listen, addr, &port, err);
}

enum err_code room_listen(struct room *room, const char *listen, struct error *err)
{
	if (room->http)
		return ERR_OK;
	char host[HTTP_HOST_SIZE];
	enum err_code rc = http_start(room, listen, &room->http, host, &room->port, err);
	if (rc != ERR_OK)
		return rc;
	snprintf(room->url, sizeof room->url, "http://%s:%u/r/%s/", host, (unsigned)room->port,
		 room->token);
	return ERR_OK;
}

enum err_code room_open(const struct room_ops *ops, const char *listen, struct room **out,
			struct error *err)
{
	enum err_code rc = room_new(ops, out, err);
	if (rc != ERR_OK)
		return rc;
	rc = room_listen(*out, listen, err);
	if (rc != ERR_OK) {
		room_close(*out);
		*out = NULL;
	}
	return rc;
}

void room_close(struct room *room)
{
	if (room == NULL)
		return;
	if (room->http)
		http_stop(room->http);
	/* The tokens are secrets: they do not outlive the room in memory. */
	memset(room, 0, sizeof *room);
	free(room);
}

const char *room_url(const struct room *room)
{
	return room->url;
}

const char *room_code(const struct room *room)
{
	return room->code;
}

uint16_t room_port(const struct room *room)
{
	return room->port;
}

size_t room_pollfds(struct room *room, struct pollfd *fds, size_t max)
{
	return room->http ? http_pollfds(room->http, fds, max) : 0;
}

int room_timeout_ms(struct room *room)
{
	return room->http ? http_timeout_ms(room->http) : -1;
}

void room_set_yield(struct room *room, bool (*yield)(void *ctx), void *ctx)
{
	room->yield = yield;
	room->yield_ctx = ctx;
}

void room_finish_write(struct room *room)
{
	if (room->http)
		http_finish_write(room->http);
}

void room_run(struct room *room, time_t now)
{
	if (room->http)
		http_run(room->http, now);
}

/* ---- devices ---- */

struct room_device *room_device_find(struct room *room, const char *token)
{
	if (!tokens_shaped(token))
		return NULL;
	struct room_device *found = NULL;
	for (size_t i = 0; i < ROOM_DEVICES_MAX; i++) {
		struct room_device *d = &room->devices[i];
		bool same = tokens_equal(token, d->token);
		if (same && d->state != DEVICE_FREE)
			found = d;
	}
	return found;
}

/* A free slot, or else the one of the visitor seen longest ago. */
static struct room_device *slot_for_new(struct room *room)
{
	struct room_device *oldest = NULL;
	for (size_t i = 0; i < ROOM_DEVICES_MAX; i++) {
		struct room_device *d = &room->devices[i];
		if (d->state == DEVICE_FREE)
			return d;
		if (d->state == DEVICE_VISITOR && (oldest == NULL || d->seen < oldest->seen))
			oldest = d;
	}
	return oldest;
}

struct room_device *room_device_new(struct room *room, time_t now, struct error *err)
{
	struct room_device *d = slot_for_new(room);
	if (d == NULL) {
		error_set(err, ERR_DATA, "the room is full");
		return NULL;
	}
	*d = (struct room_device){.state = DEVICE_VISITOR, .seen = now};
	if (tokens_new(d->token, err) != ERR_OK || tokens_new(d->csrf, err) != ERR_OK) {
		*d = (struct room_device){.state = DEVICE_FREE};
		return NULL;
	}
	return d;
}

struct room_device *room_device_pending(const struct room *room, size_t i)
{
	/* The i-th smallest `asked` among the waiting: few enough to count. */
	for (size_t k = 0; k < ROOM_DEVICES_MAX; k++) {
		const struct room_device *d = &room->devices[k];
		if (d->state != DEVICE_PENDING)
			continue;
		size_t before = 0;
		for (size_t m = 0; m < ROOM_DEVICES_MAX; m++)
			before += room->devices[m].state == DEVICE_PENDING &&
				  room->devices[m].asked < d->asked;
		if (before == i)
			return (struct room_device *)d;
	}
	return NULL;
}

/* ---- names waiting ---- */

size_t room_pending_count(const struct room *room)
{
	size_t n = 0;
	for (size_t i = 0; i < ROOM_DEVICES_MAX; i++)
		n += room->devices[i].state == DEVICE_PENDING;
	return n;
}

struct room_pending room_pending_at(const struct room *room, size_t i)
{
	const struct room_device *d = room_device_pending(room, i);
	if (d == NULL)
		return (struct room_pending){.name = "", .is_new = false};
	return (struct room_pending){.name = d->name, .is_new = d->participant_id == 0};
}

enum err_code room_accept(struct room *room, size_t i, struct error *err)
{
	struct room_device *dev = room_device_pending(room, i);
	if (dev == NULL)
		return error_set(err, ERR_DATA, "nobody is waiting there");
	int64_t id = dev->participant_id;
	size_t same = id == 0 ? render_participant_named(room, dev->name) : SIZE_MAX;
	if (same != SIZE_MAX)        /* typed in on the keyboard meanwhile */
		id = room->ops.participant_id(room->ops.ctx, same);
	if (id == 0) {
		enum err_code rc = room->ops.add_participant(room->ops.ctx, dev->name, &id, err);
		if (rc != ERR_OK)
			return rc;
	}
	for (size_t k = 0; k < ROOM_DEVICES_MAX; k++) {
		struct room_device *other = &room->devices[k];
		if (other != dev && other->state == DEVICE_JOINED && other->participant_id == id)
			other->state = DEVICE_VISITOR;
	}
	dev->state = DEVICE_JOINED;
	dev->participant_id = id;
	dev->name[0] = '\0';
	return ERR_OK;
}

void room_refuse(struct room *room, size_t i)
{
	struct room_device *dev = room_device_pending(room, i);
	if (dev == NULL)
		return;
	dev->state = DEVICE_VISITOR;
	dev->participant_id = 0;
	dev->name[0] = '\0';
}

size_t room_joined_count(const struct room *room)
{
	size_t n = 0;
	for (size_t i = 0; i < ROOM_DEVICES_MAX; i++)
		n += room->devices[i].state == DEVICE_JOINED;
	return n;
}
