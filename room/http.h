/* http: the room on the network: libmicrohttpd driven from the screen's
 * loop (no thread of its own), its requests handed to room_handle. Thin on
 * purpose: what a request gets lives in room/handlers.c. */
#ifndef IMPROV_ROOM_HTTP_H
#define IMPROV_ROOM_HTTP_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/error.h"

#define HTTP_CONNECTIONS_MAX 512        /* a full room waiting for news, and more */
/* A phone's browser keeps up to six connections to the page and one that
 * waits for news; several phones may reach improv through one address (a
 * guest network behind NAT). One address still gets at most half. */
#define HTTP_CONNECTIONS_PER_ADDRESS 32
#define HTTP_IDLE_SECONDS 15            /* a connection that says nothing is closed */
#define HTTP_MEMORY_PER_CONNECTION (32 * 1024)    /* headers and all */
#define HTTP_DISCARD_MAX (64 * 1024)  /* of a body too large, read before refusing */
#define HTTP_HOST_SIZE 64

struct room;
struct room_http;

/* Listens for room (see room_listen for listen) and writes the address
 * and port it listens on. */
enum err_code http_start(struct room *room, const char *listen, struct room_http **out,
			 char host[HTTP_HOST_SIZE], uint16_t *port, struct error *err)
	__attribute__((nonnull(1, 3, 4, 5), warn_unused_result));
void http_stop(struct room_http *h) __attribute__((nonnull));

size_t http_pollfds(struct room_http *h, struct pollfd *fds, size_t max) __attribute__((nonnull));
int http_timeout_ms(struct room_http *h) __attribute__((nonnull));
void http_run(struct room_http *h, time_t now) __attribute__((nonnull));
/* Waits for the votes being written, if any, and readies their answers. */
void http_finish_write(struct room_http *h) __attribute__((nonnull));

/* Reads "ADDR[:PORT]" (NULL or "": neither given). *port is -1 when no
 * port is given. ERR_USAGE when it does not read as an IPv4 address and
 * a port. */
enum err_code http_parse_listen(const char *listen, char addr[HTTP_HOST_SIZE], int *port,
				struct error *err) __attribute__((nonnull(2, 3)));

#endif
