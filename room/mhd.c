/* Finding libmicrohttpd's functions at run time (see mhd.h). */
#include "room/mhd.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

/* The library's name as the build found it (its SONAME), so that the
 * one loaded is the one whose header the room was compiled with. */
#ifndef ROOM_MHD_LIBRARY
#define ROOM_MHD_LIBRARY "libmicrohttpd.so.12"
#endif

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "a function's address fits where dlsym returns it");

#define SYMBOL(field) {"MHD_" #field, offsetof(struct mhd, field)}

static const struct {
	const char *name;
	size_t offset;
} symbols[] = {
	SYMBOL(start_daemon), SYMBOL(stop_daemon), SYMBOL(run), SYMBOL(get_fdset2),
	SYMBOL(get_timeout), SYMBOL(lookup_connection_value), SYMBOL(get_connection_info),
	SYMBOL(create_response_from_buffer), SYMBOL(add_response_header),
	SYMBOL(queue_response), SYMBOL(destroy_response), SYMBOL(suspend_connection),
	SYMBOL(resume_connection),
};

enum err_code mhd_load(struct mhd *m, struct error *err)
{
	memset(m, 0, sizeof *m);
	m->lib = dlopen(ROOM_MHD_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (m->lib == NULL) {
		const char *why = dlerror();
		return error_set(err, ERR_IO, "the room needs %s (Debian's libmicrohttpd package): "
				 "%s", ROOM_MHD_LIBRARY, why ? why : "it could not be loaded");
	}
	for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
		void *found = dlsym(m->lib, symbols[i].name);
		if (found == NULL) {
			mhd_unload(m);
			return error_set(err, ERR_IO, "the room's %s has no %s",
					 ROOM_MHD_LIBRARY, symbols[i].name);
		}
		/* POSIX makes dlsym's answer a function's address where it names one. */
		memcpy((char *)m + symbols[i].offset, &found, sizeof found);
	}
	return ERR_OK;
}

void mhd_unload(struct mhd *m)
{
	if (m->lib)
		dlclose(m->lib);
	memset(m, 0, sizeof *m);
}
