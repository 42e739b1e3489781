#include "room/handlers.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sanitize.h"
#include "room/form.h"
#include "room/page.h"
#include "room/render.h"
#include "room/vote_read.h"

/* Only the page's own files, no frames, no other site's forms. */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " \
	    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

#define JSON_TYPE "application/json; charset=utf-8"
#define HTML_TYPE "text/html; charset=utf-8"

/* ---- answers ---- */

static void header(struct room_response *resp, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void header(struct room_response *resp, const char *name, const char *fmt, ...)
{
	if (resp->nheaders >= ROOM_HEADERS_MAX)
		return;
	struct room_header *h = &resp->headers[resp->nheaders++];
	h->name = name;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(h->value, sizeof h->value, fmt, ap);
	va_end(ap);
}

static void secure(struct room_response *resp)
{
	header(resp, "Content-Security-Policy", "%s", CSP);
	header(resp, "X-Content-Type-Options", "nosniff");
	header(resp, "X-Frame-Options", "DENY");
	header(resp, "Referrer-Policy", "no-referrer");
	header(resp, "Cache-Control", "no-store");
}

const char *room_response_header(const struct room_response *resp, const char *name)
{
	for (size_t i = 0; i < resp->nheaders; i++)
		if (strcmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

void room_response_free(struct room_response *resp)
{
	sbuf_free(&resp->body);
}

static const char *inside_room(const struct room *room, const char *path);

/* A refusal: JSON for the script, a page with a way back for a form: to
 * the room's page only for a request that named the room's token, so
 * that no refusal gives the token away. */
static void refuse(const struct room *room, const struct room_request *req,
		   struct room_response *resp, int status, const char *message)
{
	resp->status = status;
	sbuf_reset(&resp->body);
	if (req->wants_json) {
		resp->content_type = JSON_TYPE;
		sbuf_adds(&resp->body, "{\"error\": ");
		json_quote(&resp->body, message);
		sbuf_adds(&resp->body, "}\n");
		return;
	}
	char back[ROOM_URL_SIZE];
	snprintf(back, sizeof back, "/r/%s/", room->token);
	resp->content_type = HTML_TYPE;
	render_message_page(message, inside_room(room, req->path) ? back : "/", &resp->body);
}

static void see_other(struct room_response *resp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void see_other(struct room_response *resp, const char *fmt, ...)
{
	char where[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(where, sizeof where, fmt, ap);
	va_end(ap);
	resp->status = 303;
	resp->content_type = "text/plain; charset=utf-8";
	header(resp, "Location", "%s", where);
}

static void give_state(const struct room *room, const struct room_device *dev,
		       struct room_response *resp)
{
	resp->status = 200;
	resp->content_type = JSON_TYPE;
	render_state(room, dev, &resp->body);
}

/* ---- checks ---- */

/* Takes back a join form's token: true when csrf is one handed out and
 * not yet used, which it then no longer is. */
static bool visitor_csrf_taken(struct room *room, const char *csrf)
{
	size_t found = ROOM_VISITOR_CSRF;
	for (size_t i = 0; i < ROOM_VISITOR_CSRF; i++)
		if (room->visitor_csrf[i][0] != '\0' && tokens_equal(csrf, room->visitor_csrf[i]))
			found = i;
	if (found == ROOM_VISITOR_CSRF)
		return false;
	room->visitor_csrf[found][0] = '\0';
	return true;
}

static const char *hand_out_visitor_csrf(struct room *room, struct error *err)
{
	char *slot = room->visitor_csrf[room->next_visitor_csrf];
	if (tokens_new(slot, err) != ERR_OK)
		return NULL;
	room->next_visitor_csrf = (room->next_visitor_csrf + 1) % ROOM_VISITOR_CSRF;
	return slot;
}

/* A name typed on a phone, checked as an import checks a name; the caller
 * frees it. NULL with why set when it is refused. */
static char *checked_name(const char *typed, struct error *why)
{
	char *name = session_text(typed, TEXT_MAX_NAME, "the name", why);
	if (name && sanitize_needed(name, strlen(name), SANITIZE_LINE)) {
		error_set(why, ERR_DATA, "the name holds control characters; type it again");
		free(name);
		return NULL;
	}
	return name;
}

static struct room_device *holder_of(struct room *room, int64_t id,
				     const struct room_device *besides)
{
	for (size_t i = 0; i < ROOM_DEVICES_MAX; i++) {
		struct room_device *d = &room->devices[i];
		if (d != besides && d->state == DEVICE_JOINED && d->participant_id == id)
			return d;
	}
	return NULL;
}

/* ---- the room's page ---- */

static void handle_page(struct room *room, const struct room_request *req,
			struct room_response *resp)
{
	struct room_device *dev = room_device_find(room, req->device);
	struct error err = {0};
	const char *csrf = dev ? dev->csrf : hand_out_visitor_csrf(room, &err);
	if (csrf == NULL) {
		refuse(room, req, resp, 503, err.msg);
		return;
	}
	if (dev)
		dev->seen = req->now;
	resp->status = 200;
	resp->content_type = HTML_TYPE;
	render_page(room, dev, csrf, &resp->body);
}

/* Asks to join as participant index p: at once when no other phone holds
 * that name, else after the facilitator's OK. */
static void join_as(struct room *room, struct room_device *dev, size_t p)
{
	int64_t id = room->ops.participant_id(room->ops.ctx, p);
	if (holder_of(room, id, dev) == NULL) {
		dev->state = DEVICE_JOINED;
		dev->participant_id = id;
		dev->name[0] = '\0';
		return;
	}
	dev->state = DEVICE_PENDING;
	dev->participant_id = id;
	snprintf(dev->name, sizeof dev->name, "%s", room->ops.participant_name(room->ops.ctx, p));
	dev->asked = ++room->asks;
}

static void ask_as_new(struct room *room, struct room_device *dev, const char *name)
{
	dev->state = DEVICE_PENDING;
	dev->participant_id = 0;
	snprintf(dev->name, sizeof dev->name, "%s", name);
	dev->asked = ++room->asks;
}

/* Reads what the join form asks for: the index of a participant in *p, or
 * a new name in *name (which the caller frees). False with why set when
 * the form says neither in a way that holds. */
static bool join_choice(const struct room *room, const struct room_request *req, size_t *p,
			char **name, struct error *why)
{
	struct sbuf value = SBUF_INIT;
	*p = SIZE_MAX;
	*name = NULL;
	if (form_value(req->body, req->body_len, "pick", &value)) {
		long long id;
		if (form_number(sbuf_str(&value), 1, INT64_MAX, &id))
			*p = render_participant_index(room, (int64_t)id);
		if (*p == SIZE_MAX)
			error_set(why, ERR_DATA, "that name is not in this session");
	} else if (form_value(req->body, req->body_len, "new", &value)) {
		*name = checked_name(sbuf_str(&value), why);
		if (*name)
			*p = render_participant_named(room, *name);
	} else {
		error_set(why, ERR_DATA, "pick a name or type one");
	}
	sbuf_free(&value);
	return *p != SIZE_MAX || *name != NULL;
}

static void handle_join(struct room *room, const struct room_request *req,
			struct room_response *resp)
{
	struct room_device *dev = room_device_find(room, req->device);
	struct sbuf csrf = SBUF_INIT;
	bool csrf_ok = form_value(req->body, req->body_len, "csrf", &csrf) &&
		       (dev ? tokens_equal(sbuf_str(&csrf), dev->csrf)
			    : visitor_csrf_taken(room, sbuf_str(&csrf)));
	sbuf_free(&csrf);
	if (!csrf_ok) {
		refuse(room, req, resp, 403, "this page is out of date; open it again");
		return;
	}
	size_t p;
	char *name;
	struct error why = {0};
	if (!join_choice(room, req, &p, &name, &why)) {
		refuse(room, req, resp, 400, why.msg);
		return;
	}
	if (p == SIZE_MAX && room_pending_count(room) >= ROOM_PENDING_MAX) {
		free(name);
		refuse(room, req, resp, 503, "too many people are waiting; try again in a minute");
		return;
	}
	if (dev == NULL) {
		dev = room_device_new(room, req->now, &why);
		if (dev == NULL) {
			free(name);
			refuse(room, req, resp, 503, why.msg);
			return;
		}
		struct sbuf cookie = SBUF_INIT;
		tokens_cookie(&cookie, room->token, dev->token);
		header(resp, "Set-Cookie", "%s", sbuf_str(&cookie));
		sbuf_free(&cookie);
	}
	if (p != SIZE_MAX)
		join_as(room, dev, p);
	else
		ask_as_new(room, dev, name);
	free(name);
	dev->seen = req->now;
	if (req->wants_json)
		give_state(room, dev, resp);
	else
		see_other(resp, "/r/%s/", room->token);
}

static void handle_state(struct room *room, const struct room_request *req,
			 struct room_response *resp)
{
	struct room_device *dev = room_device_find(room, req->device);
	if (dev)
		dev->seen = req->now;
	give_state(room, dev, resp);
}

static void handle_events(struct room *room, const struct room_request *req,
			  struct room_response *resp)
{
	struct room_device *dev = room_device_find(room, req->device);
	char v[RENDER_VERSION_SIZE];
	render_version(room, dev, v);
	if (req->since && strcmp(req->since, v) == 0 && !req->waited) {
		resp->wait = true;
		return;
	}
	if (dev)
		dev->seen = req->now;
	give_state(room, dev, resp);
}

/* The dimension called key, or SIZE_MAX. */
static size_t dimension_keyed(const struct room *room, const char *key,
			      struct room_dimension *dim)
{
	size_t n = room->ops.dimensions(room->ops.ctx);
	for (size_t d = 0; d < n; d++) {
		room->ops.dimension(room->ops.ctx, d, dim);
		if (strcmp(dim->key, key) == 0)
			return d;
	}
	return SIZE_MAX;
}

/* The device that may change something: its cookie and the CSRF token
 * of its own pages, or NULL after refusing. */
static struct room_device *authorized(struct room *room, const struct room_request *req,
				      struct room_response *resp)
{
	struct room_device *dev = room_device_find(room, req->device);
	if (dev == NULL) {
		refuse(room, req, resp, 403, "join the room first");
		return NULL;
	}
	struct sbuf csrf = SBUF_INIT;
	bool ok = form_value(req->body, req->body_len, "csrf", &csrf) &&
		  tokens_equal(sbuf_str(&csrf), dev->csrf);
	sbuf_free(&csrf);
	if (!ok) {
		refuse(room, req, resp, 403, "this page is out of date; open it again");
		return NULL;
	}
	dev->seen = req->now;
	return dev;
}

/* An authorized device that has joined: its participant's index in *p;
 * NULL after refusing. */
static struct room_device *joined(struct room *room, const struct room_request *req,
				  struct room_response *resp, size_t *p)
{
	struct room_device *dev = authorized(room, req, resp);
	if (dev == NULL)
		return NULL;
	*p = dev->state == DEVICE_JOINED ? render_participant_index(room, dev->participant_id)
					 : SIZE_MAX;
	if (*p == SIZE_MAX) {
		refuse(room, req, resp, 403, "join the room first");
		return NULL;
	}
	return dev;
}

static void handle_rate(struct room *room, const struct room_request *req,
			struct room_response *resp)
{
	size_t p;
	struct room_device *dev = joined(room, req, resp, &p);
	if (dev == NULL)
		return;
	if (!render_rating_open(room)) {
		refuse(room, req, resp, 409, "rating is closed now; follow the projector");
		return;
	}
	struct sbuf key = SBUF_INIT, score_text = SBUF_INIT;
	struct room_dimension dim = {0};
	size_t d = form_value(req->body, req->body_len, "dim", &key)
			   ? dimension_keyed(room, sbuf_str(&key), &dim) : SIZE_MAX;
	long long score = 0;
	bool score_ok = form_value(req->body, req->body_len, "score", &score_text) &&
			d != SIZE_MAX &&
			form_number(sbuf_str(&score_text), dim.scale_min, dim.scale_max, &score);
	sbuf_free(&key);
	sbuf_free(&score_text);
	if (d == SIZE_MAX || !score_ok) {
		refuse(room, req, resp, 400, d == SIZE_MAX ? "no such dimension"
							   : "that score is not on the scale");
		return;
	}
	struct error err = {0};
	if (room->ops.rate(room->ops.ctx, d, p, (int)score, &err) != ERR_OK) {
		refuse(room, req, resp, 503, err.msg[0] ? err.msg : "the rating was not saved");
		return;
	}
	if (req->wants_json)
		give_state(room, dev, resp);
	else
		see_other(resp, "/r/%s/#d%zu", room->token, d + 1);
}

static void handle_vote(struct room *room, const struct room_request *req,
			struct room_response *resp)
{
	size_t p;
	struct room_device *dev = joined(room, req, resp, &p);
	if (dev == NULL)
		return;
	struct room_ballot b;
	if (!render_ballot(room, &b)) {
		refuse(room, req, resp, 409, "no ballot is open for phones now; follow the projector");
		return;
	}
	if (room->ops.has_voted(room->ops.ctx, p)) {
		refuse(room, req, resp, 409, "your ballot is cast already");
		return;
	}
	struct vote_read vote;
	struct error err = {0};
	if (vote_read(req->body, req->body_len, &b, &vote, &err) != ERR_OK) {
		refuse(room, req, resp, 400, err.msg);
		return;
	}
	/* Listening, the room writes the votes that came together at once
	 * (room/http.c); the phone is answered once they are written. */
	bool grouped = room->ops.settle && room->http;
	enum err_code code = room->ops.cast(room->ops.ctx, p, &vote.vote, &err);
	if (code == ERR_OK && room->ops.settle && !grouped)
		code = room->ops.settle(room->ops.ctx, &err);
	if (code != ERR_OK)
		refuse(room, req, resp, err.code == ERR_DATA ? 400 : 503,
		       err.msg[0] ? err.msg : "the ballot was not saved");
	else if (req->wants_json)
		give_state(room, dev, resp);
	else
		see_other(resp, "/r/%s/", room->token);
	resp->saving = code == ERR_OK && grouped;
	vote_read_free(&vote);
}

void room_handle_unsaved(struct room *room, bool wants_json, const struct error *err,
			 struct room_response *resp)
{
	char path[ROOM_URL_SIZE];
	snprintf(path, sizeof path, "/r/%s/vote", room->token);
	const struct room_request req = {.method = "POST", .path = path, .wants_json = wants_json};
	*resp = (struct room_response){.status = 500};
	secure(resp);
	refuse(room, &req, resp, 503, err->msg[0] ? err->msg : "the ballot was not saved");
}

/* ---- routes ---- */

struct route {
	const char *method, *path;
	void (*handle)(struct room *room, const struct room_request *req,
		       struct room_response *resp);
};

static const struct route room_routes[] = {
	{"GET", "", handle_page},
	{"POST", "join", handle_join},
	{"GET", "state", handle_state},
	{"POST", "rate", handle_rate},
	{"POST", "vote", handle_vote},
	{"GET", "events", handle_events},
};

static void handle_code_page(struct room *room, const struct room_request *req,
			     struct room_response *resp)
{
	(void)room;
	(void)req;
	resp->status = 200;
	resp->content_type = HTML_TYPE;
	render_code_page(NULL, &resp->body);
}

static void handle_code(struct room *room, const struct room_request *req,
			struct room_response *resp)
{
	if (!tokens_try(&room->throttle, req->client ? req->client : "", req->now)) {
		refuse(room, req, resp, 429, "too many tries; wait a minute");
		return;
	}
	struct sbuf code = SBUF_INIT;
	bool ok = form_value(req->body, req->body_len, "code", &code) &&
		  tokens_equal(sbuf_str(&code), room->code);
	sbuf_free(&code);
	if (!ok) {
		resp->status = 403;
		resp->content_type = HTML_TYPE;
		render_code_page("That is not the code on the projector.", &resp->body);
		return;
	}
	see_other(resp, "/r/%s/", room->token);
}

static void handle_file(const char *name, struct room_response *resp)
{
	const struct room_file *f = page_file(name);
	resp->status = 200;
	resp->content_type = page_content_type(name);
	sbuf_add(&resp->body, (const char *)f->data, f->len);
}

static const struct route site_routes[] = {
	{"GET", "/", handle_code_page},
	{"POST", "/code", handle_code},
};

static const char *const site_files[] = {"room.css", "room.js"};

#define LENGTH(a) (sizeof(a) / sizeof((a)[0]))

static void dispatch(struct room *room, const struct route *routes, size_t n, const char *path,
		     const struct room_request *req, struct room_response *resp)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(routes[i].path, path) != 0)
			continue;
		if (strcmp(routes[i].method, req->method) != 0) {
			refuse(room, req, resp, 405, "that is not something this page does");
			return;
		}
		routes[i].handle(room, req, resp);
		return;
	}
	refuse(room, req, resp, 404, "there is nothing here");
}

/* The part of the path after /r/TOKEN/, or NULL when the path is not one
 * of this room's. */
static const char *inside_room(const struct room *room, const char *path)
{
	if (strncmp(path, "/r/", 3) != 0)
		return NULL;
	const char *token = path + 3, *slash = strchr(token, '/');
	if (slash == NULL || slash - token != TOKENS_CHARS)
		return NULL;
	char given[TOKENS_SIZE];
	memcpy(given, token, TOKENS_CHARS);
	given[TOKENS_CHARS] = '\0';
	return tokens_equal(given, room->token) ? slash + 1 : NULL;
}

void room_handle(struct room *room, const struct room_request *req, struct room_response *resp)
{
	*resp = (struct room_response){.status = 500};
	secure(resp);
	if (req->body_too_large) {
		refuse(room, req, resp, 413, "that is more than a phone needs to send");
		return;
	}
	const char *rest = inside_room(room, req->path);
	if (rest) {
		dispatch(room, room_routes, LENGTH(room_routes), rest, req, resp);
		return;
	}
	for (size_t i = 0; i < LENGTH(site_files); i++)
		if (req->path[0] == '/' && strcmp(req->path + 1, site_files[i]) == 0 &&
		    strcmp(req->method, "GET") == 0) {
			handle_file(site_files[i], resp);
			return;
		}
	dispatch(room, site_routes, LENGTH(site_routes), req->path, req, resp);
}
