/* atomic_file: replaces a file with new contents so that a reader, a crash
 * or a full disk sees either the old file or the new one, never half of
 * one: a temporary file in the same folder, fsync, rename, fsync of the
 * folder. */
#ifndef IMPROV_LIB_ATOMIC_FILE_H
#define IMPROV_LIB_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/error.h"

/* Writes len bytes to path with the given mode (for a new file; an existing
 * file keeps its own). ERR_IO with "path: reason" on failure, and then the
 * old file, if any, is as it was. */
enum err_code atomic_write(const char *path, const void *data, size_t len, mode_t mode,
			   struct error *err) __attribute__((nonnull(1, 2)));

/* Syncs the folder that holds path, so that a rename or a new name in it
 * survives a crash. */
void atomic_sync_folder(const char *path) __attribute__((nonnull));

#endif
