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
