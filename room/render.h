/* render: what a phone is shown, as HTML (the page, which works without a
 * script) and as JSON (its state, which the page's script follows). Both
 * come from the same reading of the session through room_ops, and neither
 * ever holds another person's score. */
#ifndef IMPROV_ROOM_RENDER_H
#define IMPROV_ROOM_RENDER_H

#include "lib/json.h"
#include "lib/sbuf.h"
#include "room/handlers.h"

#define RENDER_VERSION_SIZE 17          /* 16 hex digits */

/* The state JSON of dev (NULL: a phone with no cookie yet), with "v", its
 * version: a digest of the rest, which changes whenever what this phone
 * may see changes. */
void render_state(const struct room *room, const struct room_device *dev, struct sbuf *out)
	__attribute__((nonnull(1, 3)));
/* Just the version render_state would write. */
void render_version(const struct room *room, const struct room_device *dev,
		    char out[RENDER_VERSION_SIZE]) __attribute__((nonnull(1, 3)));

/* The room's page for dev; csrf goes into every form. */
void render_page(const struct room *room, const struct room_device *dev, const char *csrf,
		 struct sbuf *out) __attribute__((nonnull(1, 3, 4)));
/* The page that asks for the join code. */
void render_code_page(const char *message, struct sbuf *out) __attribute__((nonnull(2)));
/* A page of one message and a way back, for a refused plain form. */
void render_message_page(const char *message, const char *back, struct sbuf *out)
	__attribute__((nonnull));

/* Appends text for HTML: sanitized as one line, then & < > " ' escaped. */
void render_html_text(struct sbuf *out, const char *text) __attribute__((nonnull(1)));

/* Appends text as a JSON string (null for NULL), sanitized as one line. */
void render_json_text(struct json *j, const char *text) __attribute__((nonnull(1)));
/* The hidden field that carries csrf back. */
void render_csrf_field(struct sbuf *out, const char *csrf) __attribute__((nonnull));

/* ---- ballots (room/render_ballot.c) ---- */

/* The ballot phones may vote in now: the open secret ballot, on the steps
 * stage; false when there is none. */
bool render_ballot(const struct room *room, struct room_ballot *out) __attribute__((nonnull));
/* The result phones are shown now: on the steps stage, with no ballot
 * open, once the newest secret ballot is revealed. out->rows is the
 * caller's to free. */
bool render_result(const struct room *room, struct room_result *out) __attribute__((nonnull));
/* The "ballot" and "result" members of participant p's state, when there
 * is one to show. */
void render_ballot_json(const struct room *room, size_t p, struct json *j)
	__attribute__((nonnull));
void render_result_json(const struct room *room, struct json *j) __attribute__((nonnull));
/* The ballot for participant p as a form (or, once cast, a word that it
 * is), and a revealed result as a list. */
void render_ballot_form(const struct room *room, size_t p, const struct room_ballot *b,
			const char *csrf, struct sbuf *out) __attribute__((nonnull));
void render_result_html(const struct room_result *r, struct sbuf *out) __attribute__((nonnull));

/* Whether phones may rate now: the current state, not yet revealed. */
bool render_rating_open(const struct room *room) __attribute__((nonnull));

/* Whether participant i is still in the room (one who left is not). */
bool render_participant_here(const struct room *room, size_t i) __attribute__((nonnull));
/* The index of the participant whose id is id, or SIZE_MAX (also for one
 * who left). */
size_t render_participant_index(const struct room *room, int64_t id) __attribute__((nonnull));
/* The index of the participant called name still here, or SIZE_MAX. */
size_t render_participant_named(const struct room *room, const char *name)
	__attribute__((nonnull));

#endif
