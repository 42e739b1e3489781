/* atomic_file: replaces a file with new contents so that a reader, a crash
 * or a full disk sees either the old file or the new one, never half of
 * one: a temporary file in the same folder, fsync, rename, fsync of the
 * folder. */
#ifndef IMPROV_LIB_ATOMIC_FILE_H
#define IMPROV_LIB_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/error.h"

/* Writes len bytes to path with the given mode (for a new file; an existing
 * file keeps its own). ERR_IO with "path: reason" on failure, and then the
 * old file, if any, is as it was. */
enum err_code atomic_write(const char *path, const void *data, size_t len, mode_t mode,
			   struct error *err) __attribute__((nonnull(1, 2)));

/* ---- a document written for people, never over data ----
 *
 * What stands at the path a document (an export) is to be written to. */
enum atomic_target {
	ATOMIC_TARGET_NONE,     /* nothing: the document is a new file */
	ATOMIC_TARGET_FILE,     /* a regular file, replaced only when asked */
	ATOMIC_TARGET_LINK,     /* a symbolic link to one; asked, the file it names is replaced */
};

/* Sets *what to what stands at path, or refuses with ERR_USAGE ("path is
 * ...") what no document may replace: a folder or anything else but a
 * regular file; the database keep (NULL for none), its -journal, -wal or
 * -shm, by any name, symbolic link or hard link, whether they exist yet or
 * not; any file that holds SQLite data, told by its first bytes (a
 * database, a rollback journal, a write-ahead log); a link that names
 * nothing. A path in a missing folder is ATOMIC_TARGET_NONE (writing there
 * fails); a file that cannot be read to tell is refused with ERR_IO. */
enum err_code atomic_target_check(const char *path, const char *keep, enum atomic_target *what,
				  struct error *err) __attribute__((nonnull(1, 3, 4)));

/* Checks path as atomic_target_check does, then writes it as atomic_write
 * does: a new file gets mode. Something already at path is replaced only
 * when replace is true (else ERR_USAGE, "path already exists"): a regular
 * file keeps its mode; for a symbolic link, the file it names is replaced
 * (keeping its mode) and the link stays. */
enum err_code atomic_write_document(const char *path, const void *data, size_t len, mode_t mode,
				    const char *keep, bool replace, struct error *err)
	__attribute__((nonnull(1, 2, 7), warn_unused_result));

/* Syncs the folder that holds path, so that a rename or a new name in it
 * survives a crash. */
void atomic_sync_folder(const char *path) __attribute__((nonnull));

#endif
