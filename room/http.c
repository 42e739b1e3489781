/* IFF_UP and IFF_LOOPBACK (net/if.h) are BSD names, not POSIX. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "room/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "room/handlers.h"
#include "room/mhd.h"

/* One request as it is read, kept by libmicrohttpd for its connection. */
struct request {
	struct MHD_Connection *connection;
	struct sbuf body;
	size_t received;                /* bytes of body so far */
	bool too_large;
	bool answered;                  /* its response is queued */
	time_t wait_until;              /* events: when the wait ends; 0 before */
	struct request *next_parked;    /* in a list of room_http while suspended */
	struct MHD_Response *held;      /* a vote's answer, sent once it is written */
	unsigned status;                /* the held answer's */
	bool wants_json;
};

struct room_http {
	struct room *room;
	struct mhd mhd;                 /* libmicrohttpd, loaded for this room */
	struct MHD_Daemon *daemon;
	struct request *parked;         /* events requests waiting for news */
	struct request *deferred;       /* requests left for the next run: a key came */
	struct request *saving;         /* votes counted, waiting for their write */
	struct request *written;        /* votes being written on the writer's thread */
	bool writing;                   /* that write is under way */
	bool answering;                 /* votes written, their answers not yet sent */
	time_t now, swept;
};

/* ---- where to listen ---- */

enum err_code http_parse_listen(const char *listen, char addr[HTTP_HOST_SIZE], int *port,
				struct error *err)
{
	addr[0] = '\0';
	*port = -1;
	if (listen == NULL || *listen == '\0')
		return ERR_OK;
	const char *colon = strrchr(listen, ':');
	size_t alen = colon ? (size_t)(colon - listen) : strlen(listen);
	if (alen >= HTTP_HOST_SIZE)
		return error_set(err, ERR_USAGE, "--listen: the address is too long");
	memcpy(addr, listen, alen);
	addr[alen] = '\0';
	struct in_addr probe;
	if (alen > 0 && inet_pton(AF_INET, addr, &probe) != 1)
		return error_set(err, ERR_USAGE, "--listen: \"%s\" is not an IPv4 address", addr);
	if (colon) {
		char *end;
		errno = 0;
		long p = strtol(colon + 1, &end, 10);
		if (colon[1] == '\0' || *end != '\0' || errno || p < 0 || p > 65535)
			return error_set(err, ERR_USAGE, "--listen: \"%s\" is not a port", colon + 1);
		*port = (int)p;
	}
	return ERR_OK;
}

/* The first IPv4 address of an interface that is up and not loopback;
 * 127.0.0.1 when there is none (the room then reaches this machine only). */
static void default_address(char addr[HTTP_HOST_SIZE])
{
	snprintf(addr, HTTP_HOST_SIZE, "127.0.0.1");
	struct ifaddrs *list;
	if (getifaddrs(&list) != 0)
		return;
	for (struct ifaddrs *i = list; i; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
		    !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
			continue;
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)i->ifa_addr;
		inet_ntop(AF_INET, &in->sin_addr, addr, HTTP_HOST_SIZE);
		break;
	}
	freeifaddrs(list);
}

static int bound_socket(const char *addr, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, addr, &sa.sin_addr);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 32) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static uint16_t port_of(int fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		return 0;
	return ntohs(sa.sin_port);
}

/* ---- requests ---- */

static bool accepts_json(const struct mhd *mhd, struct MHD_Connection *c)
{
	const char *accept = mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
	return accept && strstr(accept, "application/json") != NULL;
}

static void client_address(const struct mhd *mhd, struct MHD_Connection *c,
			   char out[TOKENS_ADDRESS_SIZE])
{
	snprintf(out, TOKENS_ADDRESS_SIZE, "?");
	const union MHD_ConnectionInfo *info =
		mhd->get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (info == NULL || info->client_addr == NULL)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  TOKENS_ADDRESS_SIZE);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, TOKENS_ADDRESS_SIZE);
}

static struct MHD_Response *response_of(const struct mhd *mhd, struct room_response *resp)
{
	struct MHD_Response *r = mhd->create_response_from_buffer(
		resp->body.len, resp->body.data ? resp->body.data : (void *)"",
		MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return NULL;
	for (size_t i = 0; i < resp->nheaders; i++)
		mhd->add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	if (resp->content_type)
		mhd->add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	return r;
}

static enum MHD_Result queue(const struct mhd *mhd, struct request *rq, struct MHD_Response *r,
			     unsigned status)
{
	if (r == NULL)
		return MHD_NO;
	enum MHD_Result ok = mhd->queue_response(rq->connection, status, r);
	mhd->destroy_response(r);
	rq->answered = true;
	return ok;
}

static void park(struct room_http *h, struct request *rq)
{
	if (rq->wait_until == 0)
		rq->wait_until = h->now + ROOM_WAIT_SECONDS;
	h->mhd.suspend_connection(rq->connection);
	rq->next_parked = h->parked;
	h->parked = rq;
}

/* A vote counted and not yet written: its answer waits for the write
 * (see write_votes). */
static enum MHD_Result hold(struct room_http *h, struct request *rq,
			    struct room_response *resp)
{
	rq->held = response_of(&h->mhd, resp);
	if (rq->held == NULL)
		return MHD_NO;
	rq->status = (unsigned)resp->status;
	h->mhd.suspend_connection(rq->connection);
	rq->next_parked = h->saving;
	h->saving = rq;
	return MHD_YES;
}

static void defer(struct room_http *h, struct request *rq)
{
	h->mhd.suspend_connection(rq->connection);
	rq->next_parked = h->deferred;
	h->deferred = rq;
}

static enum MHD_Result answer(struct room_http *h, struct request *rq, const char *url,
			      const char *method)
{
	struct MHD_Connection *c = rq->connection;
	if (h->room->yield && h->room->yield(h->room->yield_ctx)) {
		defer(h, rq);
		return MHD_YES;
	}
	char client[TOKENS_ADDRESS_SIZE];
	client_address(&h->mhd, c, client);
	struct room_request req = {
		.method = method,
		.path = url,
		.device = h->mhd.lookup_connection_value(c, MHD_COOKIE_KIND, TOKENS_COOKIE),
		.since = h->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "v"),
		.wants_json = accepts_json(&h->mhd, c),
		.body = rq->body.data,
		.body_len = rq->body.len,
		.body_too_large = rq->too_large,
		.client = client,
		.waited = rq->wait_until != 0 && h->now >= rq->wait_until,
		.now = h->now,
	};
	struct room_response resp;
	room_handle(h->room, &req, &resp);
	enum MHD_Result ok = MHD_YES;
	rq->wants_json = req.wants_json;
	if (resp.wait)
		park(h, rq);
	else if (resp.saving)
		ok = hold(h, rq, &resp);
	else
		ok = queue(&h->mhd, rq, response_of(&h->mhd, &resp), (unsigned)resp.status);
	room_response_free(&resp);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct room_http *h = cls;
	struct request *rq = *con_cls;
	if (rq == NULL) {
		rq = xcalloc(1, sizeof *rq);
		rq->connection = c;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		rq->received += *upload_size;
		if (rq->received > ROOM_BODY_MAX)
			rq->too_large = true;
		else
			sbuf_add(&rq->body, upload, *upload_size);
		*upload_size = 0;
		/* A body too large is read to its end, so that the phone gets
		 * the refusal rather than a reset; past HTTP_DISCARD_MAX it is
		 * refused at once and the connection closed. */
		if (rq->received <= HTTP_DISCARD_MAX || rq->answered)
			return MHD_YES;
	}
	if (rq->answered)
		return MHD_YES;
	if (rq->held) {         /* a vote, written: its answer goes now */
		struct MHD_Response *r = rq->held;
		rq->held = NULL;
		return queue(&h->mhd, rq, r, rq->status);
	}
	return answer(h, rq, url, method);
}

static void unlink_request(struct request **list, const struct request *rq)
{
	for (struct request **p = list; *p; p = &(*p)->next_parked)
		if (*p == rq) {
			*p = rq->next_parked;
			return;
		}
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	(void)c;
	(void)why;
	struct room_http *h = cls;
	struct request *rq = *con_cls;
	if (rq == NULL)
		return;
	unlink_request(&h->parked, rq);
	unlink_request(&h->deferred, rq);
	unlink_request(&h->saving, rq);
	unlink_request(&h->written, rq);
	if (rq->held)
		h->mhd.destroy_response(rq->held);
	sbuf_free(&rq->body);
	free(rq);
	*con_cls = NULL;
}

/* ---- the daemon ---- */

static int listening_socket(const char *listen, char host[HTTP_HOST_SIZE], struct error *err)
{
	int port;
	if (http_parse_listen(listen, host, &port, err) != ERR_OK)
		return -1;
	if (host[0] == '\0')
		default_address(host);
	int fd = bound_socket(host, port < 0 ? ROOM_PORT : port);
	if (fd < 0 && port < 0 && errno == EADDRINUSE)
		fd = bound_socket(host, 0);             /* ROOM_PORT is taken: any free one */
	if (fd < 0)
		error_set(err, ERR_IO, "the room cannot listen on %s:%d: %s", host,
			  port < 0 ? ROOM_PORT : port, strerror(errno));
	return fd;
}

enum err_code http_start(struct room *room, const char *listen, struct room_http **out,
			 char host[HTTP_HOST_SIZE], uint16_t *port, struct error *err)
{
	struct error why = {0};
	int fd = listening_socket(listen, host, &why);
	if (fd < 0) {
		if (err)
			*err = why;
		return why.code;
	}
	struct room_http *h = xcalloc(1, sizeof *h);
	h->room = room;
	if (mhd_load(&h->mhd, err)) {
		close(fd);
		free(h);
		return err ? err->code : ERR_IO;
	}
	/* No MHD_USE_INTERNAL_POLLING_THREAD: the screen's loop runs it. */
	h->daemon = h->mhd.start_daemon(
		MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, on_request, h,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTIONS_MAX,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTIONS_PER_ADDRESS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_SECONDS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY_PER_CONNECTION,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
		MHD_OPTION_END);
	if (h->daemon == NULL) {
		close(fd);
		mhd_unload(&h->mhd);
		free(h);
		return error_set(err, ERR_IO, "the room's server could not start");
	}
	*port = port_of(fd);
	*out = h;
	return ERR_OK;
}

static void write_votes(struct room_http *h);

static void resume_all(struct room_http *h, struct request **list)
{
	while (*list) {
		struct request *rq = *list;
		*list = rq->next_parked;
		rq->next_parked = NULL;
		h->mhd.resume_connection(rq->connection);
	}
}

void http_stop(struct room_http *h)
{
	http_finish_write(h);
	if (h->saving)
		write_votes(h);
	resume_all(h, &h->parked);
	resume_all(h, &h->deferred);
	h->mhd.stop_daemon(h->daemon);
	mhd_unload(&h->mhd);
	free(h);
}

size_t http_pollfds(struct room_http *h, struct pollfd *fds, size_t max)
{
	if (h->writing && max > 0) {      /* only the end of the write */
		fds[0] = (struct pollfd){.fd = h->room->ops.write_fd(h->room->ops.ctx),
					 .events = POLLIN};
		return fds[0].fd >= 0;
	}
	fd_set rs, ws, es;
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_ZERO(&es);
	MHD_socket top = 0;
	if (h->mhd.get_fdset2(h->daemon, &rs, &ws, &es, &top, FD_SETSIZE) != MHD_YES)
		return 0;
	size_t n = 0;
	for (int fd = 0; fd <= top && n < max; fd++) {
		short events = (short)((FD_ISSET(fd, &rs) ? POLLIN : 0) |
				       (FD_ISSET(fd, &ws) ? POLLOUT : 0) |
				       (FD_ISSET(fd, &es) ? POLLPRI : 0));
		if (events)
			fds[n++] = (struct pollfd){.fd = fd, .events = events};
	}
	return n;
}

int http_timeout_ms(struct room_http *h)
{
	if (h->writing)
		return h->room->ops.write_fd(h->room->ops.ctx) >= 0 ? -1 : 0;
	MHD_UNSIGNED_LONG_LONG ms = 0;
	int timeout = -1;
	if (h->mhd.get_timeout(h->daemon, &ms) == MHD_YES)
		timeout = ms > 1000 ? 1000 : (int)ms;
	if (h->parked && (timeout < 0 || timeout > 1000))
		timeout = 1000;                 /* the waiting phones are looked at each second */
	return h->deferred || h->answering ? 0 : timeout;
}

/* The phones of the votes in list are answered: "saved", or why not for
 * every one of them when the write failed. */
static void answer_written(struct room_http *h, struct request **list, enum err_code code,
			   const struct error *err)
{
	for (struct request *rq = *list; code != ERR_OK && rq; rq = rq->next_parked) {
		struct room_response resp;
		room_handle_unsaved(h->room, rq->wants_json, err, &resp);
		h->mhd.destroy_response(rq->held);
		rq->held = response_of(&h->mhd, &resp);
		rq->status = (unsigned)resp.status;
		room_response_free(&resp);
	}
	resume_all(h, list);
}

/* The votes counted since the last write are written, in one go. */
static void write_votes(struct room_http *h)
{
	struct room *room = h->room;
	struct error err = {0};
	enum err_code code = room->ops.settle(room->ops.ctx, &err);
	answer_written(h, &h->saving, code, &err);
}

/* The same on the writer's thread: the loop goes on drawing and reading
 * keys, and the room reads no request until the write is done. */
static void begin_writing(struct room_http *h)
{
	if (h->writing)
		return;         /* they wait for the write under way to end */
	h->written = h->saving;
	h->saving = NULL;
	h->writing = h->room->ops.write_begin(h->room->ops.ctx);
	if (!h->writing) {      /* nothing was begun: written here */
		h->saving = h->written;
		h->written = NULL;
		write_votes(h);
	}
}

/* Whether the write is over (its phones then answered). */
static bool end_writing(struct room_http *h)
{
	struct room *room = h->room;
	struct pollfd done = {.fd = room->ops.write_fd(room->ops.ctx), .events = POLLIN};
	if (done.fd >= 0 && poll(&done, 1, 0) <= 0)
		return false;
	http_finish_write(h);
	return true;
}

/* With a writer's thread: what is ready is read (the answers of the last
 * write go out with it), and the votes among it begin their write. A run
 * takes in at most one new connection and reads what the others have
 * sent, so a few runs gather the votes that came during the last write. */
static void run_beside_writer(struct room_http *h)
{
	h->answering = false;
	for (int run = 0; run < 4; run++)
		h->mhd.run(h->daemon);
	if (h->saving)
		begin_writing(h);
}

/* Reads what is ready; the votes among it are written together, and
 * those that came during that write are written next, together again.
 * Then the loop draws, and their answers go at the next run. */
static void run_daemon(struct room_http *h)
{
	if (h->room->ops.write_begin) {
		run_beside_writer(h);
		return;
	}
	h->answering = false;
	h->mhd.run(h->daemon);
	for (int round = 0; h->saving && round < 2; round++) {
		write_votes(h);
		h->mhd.run(h->daemon);
	}
	if (h->saving) {
		write_votes(h);
		h->answering = true;
	}
}

void http_finish_write(struct room_http *h)
{
	if (!h->writing)
		return;
	struct error err = {0};
	enum err_code code = h->room->ops.write_end(h->room->ops.ctx, &err);
	h->writing = false;
	answer_written(h, &h->written, code, &err);
	h->answering = true;            /* at the next run, at once */
}

void http_run(struct room_http *h, time_t now)
{
	h->now = now;
	if (h->writing && !end_writing(h))
		return;         /* the disk is at it: the phones wait in the sockets */
	resume_all(h, &h->deferred);
	run_daemon(h);
	if (h->parked && now != h->swept && !h->writing) {
		/* Each waiting request is asked again: it answers if its
		 * phone's view changed or its wait is over, else waits on. */
		h->swept = now;
		resume_all(h, &h->parked);
		run_daemon(h);
	}
}
