#include "bench/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sbuf.h"

bool files_exist(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

void files_remove_db(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		struct sbuf side = SBUF_INIT;
		sbuf_addf(&side, "%s%s", path, sides[i]);
		unlink(sbuf_str(&side));
		sbuf_free(&side);
	}
}

static void fail(const char *from)
{
	fprintf(stderr, "bench: copying %s: %s\n", from, strerror(errno));
	exit(1);
}

void files_copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	if (in == NULL || out == NULL)
		fail(from);
	enum { SIZE = 1 << 20 };
	char *buf = xmalloc(SIZE);
	size_t got;
	while ((got = fread(buf, 1, SIZE, in)) > 0)
		if (fwrite(buf, 1, got, out) != got)
			fail(from);
	free(buf);
	fclose(in);
	if (fclose(out) != 0)
		fail(from);
}

void files_remove_stale(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, "org-g", 5) != 0 || n < 3 || strcmp(e->d_name + n - 3, ".db") ||
		    strncmp(e->d_name, keep, strlen(keep)) == 0)
			continue;
		struct sbuf path = SBUF_INIT;
		sbuf_addf(&path, "%s/%s", dir, e->d_name);
		files_remove_db(sbuf_str(&path));
		sbuf_free(&path);
	}
	if (d)
		closedir(d);
}
