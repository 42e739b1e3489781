/* handlers: what the room answers to each request, as pure functions of the
 * room and the request, with no socket: room/http.c reads requests off the
 * network into a struct room_request and writes the struct room_response
 * back. A handler parses and checks, hands at most one change to room_ops,
 * and returns; it never draws, and keeps nothing but tokens.
 *
 * Routes (TOKEN is the room token, 22 characters):
 *   GET  /                   a form for the join code
 *   POST /code               code=...: sends the phone on to the room's page
 *   GET  /room.css, /room.js the page's files
 *   GET  /r/TOKEN/           the page: pick a name, wait for the OK, rate
 *   POST /r/TOKEN/join       csrf, and pick=ID or new=NAME
 *   GET  /r/TOKEN/state      JSON of what this phone may see
 *   POST /r/TOKEN/rate       csrf, dim=KEY, score=N
 *   POST /r/TOKEN/vote       csrf, c0=N&c1=N...: dots (or 1 to approve) per step
 *   GET  /r/TOKEN/events?v=V the state once it is no longer V (long polling)
 * A POST answers JSON when the request accepts JSON (the page's script),
 * else it redirects to the page (a plain form). */
#ifndef IMPROV_ROOM_HANDLERS_H
#define IMPROV_ROOM_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/sbuf.h"
#include "model/session.h"
#include "room/room.h"
#include "room/tokens.h"

#define ROOM_BODY_MAX 4096              /* bytes of a request's body */
#define ROOM_DEVICES_MAX 320            /* phones with a cookie: a full session, visitors */
#define ROOM_PENDING_MAX 16             /* names waiting at once */
#define ROOM_VISITOR_CSRF 512           /* join forms handed out, newest kept */
#define ROOM_WAIT_SECONDS 20            /* an events request waits this long at most */
#define ROOM_HEADERS_MAX 8

enum device_state { DEVICE_FREE, DEVICE_VISITOR, DEVICE_PENDING, DEVICE_JOINED };

struct room_device {
	enum device_state state;
	char token[TOKENS_SIZE];        /* its cookie */
	char csrf[TOKENS_SIZE];         /* what its pages post back */
	int64_t participant_id;         /* joined as, or asking for; 0 for a new name */
	char name[TEXT_MAX_NAME + 1];   /* pending: the name asked for, checked */
	uint64_t asked;                 /* pending: order of asking */
	time_t seen;
};

struct room_http;

struct room {
	struct room_ops ops;
	char token[TOKENS_SIZE];
	char code[TOKENS_CODE_SIZE];
	struct room_device devices[ROOM_DEVICES_MAX];
	char visitor_csrf[ROOM_VISITOR_CSRF][TOKENS_SIZE];
	size_t next_visitor_csrf;
	uint64_t asks;
	struct tokens_throttle throttle;
	struct room_http *http;         /* NULL while not listening */
	bool (*yield)(void *ctx);       /* see room_set_yield; may be NULL */
	void *yield_ctx;
	char url[ROOM_URL_SIZE];
	uint16_t port;
};

struct room_request {
	const char *method;             /* "GET", "POST", ... */
	const char *path;               /* without the query */
	const char *device;             /* the device cookie, or NULL */
	const char *since;              /* events: the v argument, or NULL */
	bool wants_json;                /* Accept names application/json */
	const char *body;               /* form fields, body_len bytes */
	size_t body_len;
	bool body_too_large;            /* more than ROOM_BODY_MAX bytes came */
	const char *client;             /* the peer's address, as text */
	bool waited;                    /* events: the wait is over, answer anyway */
	time_t now;
};

struct room_header {
	const char *name;
	char value[256];
};

struct room_response {
	int status;
	const char *content_type;
	struct sbuf body;
	struct room_header headers[ROOM_HEADERS_MAX];
	size_t nheaders;
	/* events: nothing new yet; ask again when the session may have
	 * changed, with waited set once ROOM_WAIT_SECONDS have passed. */
	bool wait;
	/* vote: counted, not yet written; the answer holds until
	 * room_ops.settle has written it, and is replaced by
	 * room_handle_unsaved when that fails. */
	bool saving;
};

/* Fills resp (which the caller releases with room_response_free); every
 * answer carries the security headers (Content-Security-Policy,
 * X-Content-Type-Options and the others) and no CORS header. */
void room_handle(struct room *room, const struct room_request *req, struct room_response *resp)
	__attribute__((nonnull));
void room_response_free(struct room_response *resp) __attribute__((nonnull));
/* The answer to a vote that room_ops.settle could not write. */
void room_handle_unsaved(struct room *room, bool wants_json, const struct error *err,
			 struct room_response *resp) __attribute__((nonnull));

/* The value of header name in resp, or NULL. */
const char *room_response_header(const struct room_response *resp, const char *name)
	__attribute__((nonnull));

/* ---- the devices, for the handlers and room/room.c ---- */

/* The device whose cookie is token (compared in constant time), or NULL. */
struct room_device *room_device_find(struct room *room, const char *token)
	__attribute__((nonnull(1)));
/* A new device with fresh tokens, as a visitor; NULL when the table is
 * full of phones that have joined or are waiting. */
struct room_device *room_device_new(struct room *room, time_t now, struct error *err)
	__attribute__((nonnull(1)));
/* The pending device i, oldest first, or NULL. */
struct room_device *room_device_pending(const struct room *room, size_t i)
	__attribute__((nonnull));

#endif
