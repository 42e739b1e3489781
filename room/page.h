/* page: the files of the page the phones open (room/page/), built into the
 * program by scripts/embed-files. */
#ifndef IMPROV_ROOM_PAGE_H
#define IMPROV_ROOM_PAGE_H

#include <stddef.h>

struct room_file {
	const char *name;               /* "index.html"; NULL ends the list */
	const unsigned char *data;
	size_t len;
};

extern const struct room_file room_page_files[];

/* The file called name, or NULL. */
const struct room_file *page_file(const char *name) __attribute__((nonnull));
/* Its Content-Type, from the name's ending. */
const char *page_content_type(const char *name) __attribute__((nonnull));

#endif
