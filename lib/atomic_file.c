/* realpath is in POSIX's X/Open System Interfaces (pkg-config's flags
 * ask for them where a library needs them; lib/ is built without). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "lib/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sbuf.h"

static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static enum err_code write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ERR_IO;
		data += n;
		len -= (size_t)n;
	}
	return ERR_OK;
}

void atomic_sync_folder(const char *path)
{
	char *dir = folder_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

enum err_code atomic_write(const char *path, const void *data, size_t len, mode_t mode,
			   struct error *err)
{
	struct stat old;
	if (stat(path, &old) == 0) {
		if (!S_ISREG(old.st_mode))
			return error_set(err, ERR_IO, "%s: not a regular file", path);
		mode = old.st_mode & 07777;
	}
	struct sbuf tmp = SBUF_INIT;
	sbuf_addf(&tmp, "%s.XXXXXX", path);
	char *name = sbuf_take(&tmp);
	int fd = mkstemp(name);
	if (fd < 0) {
		error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
		free(name);
		return ERR_IO;
	}
	bool ok = fchmod(fd, mode) == 0 && write_all(fd, data, len) == ERR_OK && fsync(fd) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (ok && rename(name, path) != 0) {
		saved = errno;
		ok = false;
	}
	if (!ok) {
		unlink(name);
		free(name);
		return error_set(err, ERR_IO, "%s: %s", path, strerror(saved ? saved : EIO));
	}
	free(name);
	atomic_sync_folder(path);
	return ERR_OK;
}

/* ---- documents: what they may replace ---- */

/* The first bytes of the files SQLite writes: a database (the text and its
 * NUL), a rollback journal, a write-ahead log (two checksum byte orders). */
static const struct {
	const char *bytes;
	size_t len;
} sqlite_magics[] = {
	{"SQLite format 3", 16},
	{"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7", 8},
	{"\x37\x7f\x06\x82", 4},
	{"\x37\x7f\x06\x83", 4},
};

/* The files of one database, as SQLite names them after it. */
static const char *const database_suffixes[] = {"", "-journal", "-wal", "-shm"};

enum { NSUFFIXES = sizeof database_suffixes / sizeof database_suffixes[0] };

static bool starts_like_sqlite(const char *head, size_t len)
{
	for (size_t i = 0; i < sizeof sqlite_magics / sizeof sqlite_magics[0]; i++)
		if (len >= sqlite_magics[i].len &&
		    memcmp(head, sqlite_magics[i].bytes, sqlite_magics[i].len) == 0)
			return true;
	return false;
}

/* path with its folder resolved (the last part as it is), NULL when the
 * folder cannot be; the caller frees it. */
static char *canonical_name(const char *path)
{
	char *dir = folder_of(path);
	char *real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return NULL;
	const char *slash = strrchr(path, '/');
	struct sbuf out = SBUF_INIT;
	sbuf_addf(&out, "%s/%s", strcmp(real, "/") == 0 ? "" : real, slash ? slash + 1 : path);
	free(real);
	return sbuf_take(&out);
}

/* Whether name (canonical) is one of the files of the database at keep. */
static bool names_database_of(const char *name, const char *keep)
{
	char *base = canonical_name(keep);
	bool found = false;
	for (size_t i = 0; base && !found && i < NSUFFIXES; i++) {
		struct sbuf file = SBUF_INIT;
		sbuf_addf(&file, "%s%s", base, database_suffixes[i]);
		found = strcmp(sbuf_str(&file), name) == 0;
		sbuf_free(&file);
	}
	free(base);
	return found;
}

/* Whether path names the database at keep or one of its files, by name
 * (they may not exist yet) or by inode (a link or another path to them). */
static bool is_database_file(const char *path, const struct stat *st, const char *keep)
{
	char *name = canonical_name(path);
	char *real_keep = realpath(keep, NULL);
	bool found = name && (names_database_of(name, keep) ||
			      (real_keep && names_database_of(name, real_keep)));
	free(name);
	free(real_keep);
	for (size_t i = 0; st && !found && i < NSUFFIXES; i++) {
		struct sbuf file = SBUF_INIT;
		struct stat other;
		sbuf_addf(&file, "%s%s", keep, database_suffixes[i]);
		found = stat(sbuf_str(&file), &other) == 0 && other.st_dev == st->st_dev &&
			other.st_ino == st->st_ino;
		sbuf_free(&file);
	}
	return found;
}

static enum err_code check_contents(const char *path, const char *shown, struct error *err)
{
	char head[16];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : pread(fd, head, sizeof head, 0);
	int saved = errno;
	if (fd >= 0)
		close(fd);
	if (n < 0)
		return error_set(err, ERR_IO, "%s: cannot read it to tell what it holds: %s", shown,
				 strerror(saved));
	if (starts_like_sqlite(head, (size_t)n))
		return error_set(err, ERR_USAGE, "%s holds SQLite data (a database or its journal); "
				 "an export never replaces one", shown);
	return ERR_OK;
}

/* The file at path (shown as shown), already known to exist as *st. */
static enum err_code check_existing(const char *path, const char *shown, const struct stat *st,
				    const char *keep, struct error *err)
{
	if (S_ISDIR(st->st_mode))
		return error_set(err, ERR_USAGE, "%s is a folder: give the name of a file", shown);
	if (!S_ISREG(st->st_mode))
		return error_set(err, ERR_USAGE, "%s is not a regular file", shown);
	if (keep && is_database_file(path, st, keep))
		return error_set(err, ERR_USAGE, "%s is the database itself; an export never "
				 "replaces it", shown);
	return check_contents(path, shown, err);
}

enum err_code atomic_target_check(const char *path, const char *keep, enum atomic_target *what,
				  struct error *err)
{
	*what = ATOMIC_TARGET_NONE;
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
		if (keep && is_database_file(path, NULL, keep))
			return error_set(err, ERR_USAGE, "%s is a file of the database itself; an "
					 "export never writes it", path);
		return ERR_OK;
	}
	if (!S_ISLNK(st.st_mode)) {
		*what = ATOMIC_TARGET_FILE;
		return check_existing(path, path, &st, keep, err);
	}
	*what = ATOMIC_TARGET_LINK;
	char *real = realpath(path, NULL);
	enum err_code code;
	if (real == NULL || stat(real, &st) != 0)
		code = error_set(err, ERR_USAGE, "%s is a symbolic link to nothing", path);
	else
		code = check_existing(real, path, &st, keep, err);
	free(real);
	return code;
}

enum err_code atomic_write_document(const char *path, const void *data, size_t len, mode_t mode,
				    const char *keep, bool replace, struct error *err)
{
	enum atomic_target what;
	if (atomic_target_check(path, keep, &what, err))
		return err->code;
	if (what != ATOMIC_TARGET_NONE && !replace)
		return error_set(err, ERR_USAGE, "%s already exists", path);
	if (what != ATOMIC_TARGET_LINK)
		return atomic_write(path, data, len, mode, err);
	char *real = realpath(path, NULL);
	enum err_code code = real ? atomic_write(real, data, len, mode, err)
				  : error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	free(real);
	return code;
}
