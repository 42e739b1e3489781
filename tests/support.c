#include "tests/support.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/mem.h"
#include "lib/sbuf.h"

void support_remove_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	DIR *d = opendir(path);
	const struct dirent *ent;
	while (d != NULL && (ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		struct sbuf child = SBUF_INIT;
		sbuf_addf(&child, "%s/%s", path, ent->d_name);
		support_remove_tree(sbuf_str(&child));
		sbuf_free(&child);
	}
	if (d != NULL)
		closedir(d);
	rmdir(path);
}

struct bytes support_read_bytes(const char *path)
{
	struct bytes b = {NULL, 0};
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	unsigned char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		b.data = xrealloc(b.data, b.len + got);
		memcpy(b.data + b.len, chunk, got);
		b.len += got;
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	return b;
}
