/* mhd: libmicrohttpd, loaded when a room opens rather than when improv
 * starts. Linked in, it and the TLS libraries it brings would be loaded by
 * every command (a millisecond and more of each start) though only the
 * room serves HTTP. The functions the room calls are found by name; their
 * types are the header's, so the compiler checks every call. */
#ifndef IMPROV_ROOM_MHD_H
#define IMPROV_ROOM_MHD_H

#include <microhttpd.h>

#include "lib/error.h"

struct mhd {
	void *lib;
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_run) *run;
	__typeof__(MHD_get_fdset2) *get_fdset2;
	__typeof__(MHD_get_timeout) *get_timeout;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_get_connection_info) *get_connection_info;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
	__typeof__(MHD_suspend_connection) *suspend_connection;
	__typeof__(MHD_resume_connection) *resume_connection;
};

/* Loads the library the room was built against and finds each function;
 * on failure says which in one line, and m is left empty. */
enum err_code mhd_load(struct mhd *m, struct error *err) __attribute__((nonnull(1)));
/* Lets the library go (a second room loads it again). */
void mhd_unload(struct mhd *m) __attribute__((nonnull));

#endif
