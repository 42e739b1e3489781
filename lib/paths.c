#include "lib/paths.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sbuf.h"

/* The XDG rules ignore a variable that is unset, empty or relative. */
static const char *xdg_env(const char *name)
{
	const char *value = getenv(name);
	return value != NULL && value[0] == '/' ? value : NULL;
}

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	if (home != NULL && home[0] == '/')
		return home;
	struct passwd *pw = getpwuid(getuid());
	return pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

/* "<$var>/improv", or "<home>/<fallback>/improv". */
static char *xdg_improv_dir(const char *var, const char *fallback)
{
	struct sbuf sb = SBUF_INIT;
	const char *base = xdg_env(var);
	if (base != NULL) {
		sbuf_adds(&sb, base);
	} else {
		const char *home = home_dir();
		if (home == NULL)
			return NULL;
		sbuf_addf(&sb, "%s/%s", home, fallback);
	}
	sbuf_adds(&sb, "/improv");
	return sbuf_take(&sb);
}

char *paths_config_dir(void)
{
	return xdg_improv_dir("XDG_CONFIG_HOME", ".config");
}

char *paths_data_dir(void)
{
	return xdg_improv_dir("XDG_DATA_HOME", ".local/share");
}

/* readlink does not say when it truncated, so grow until it fits. */
static char *read_link(const char *path)
{
	size_t cap = 256;
	for (;;) {
		char *buf = xmalloc(cap);
		ssize_t n = readlink(path, buf, cap);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (cap >= 65536)
			return NULL;
		cap *= 2;
	}
}

char *paths_exe_dir(void)
{
	char *exe = read_link("/proc/self/exe");
	if (exe == NULL)
		return NULL;
	char *slash = strrchr(exe, '/');
	if (slash == NULL || exe[0] != '/') {
		free(exe);
		return NULL;
	}
	if (slash == exe)
		slash[1] = '\0';
	else
		*slash = '\0';
	return exe;
}
