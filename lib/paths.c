#include "lib/paths.h"

#include <dirent.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sanitize.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"

#ifndef IMPROV_DATADIR
#define IMPROV_DATADIR "/usr/local/share/improv"
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define KEY_SHOWN_COLS 40             /* columns of a bad key shown in a message */

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

/* ---- files kept by kind ---- */

static char *datadir(void)
{
	return xstrdup(IMPROV_DATADIR);
}

/* Each folder is "<base()><tail>/<kind>"; a NULL base leaves it out. */
static const struct {
	char *(*base)(void);
	const char *tail;
} search_order[] = {
	{paths_config_dir, ""},
	{paths_exe_dir, ""},
	{paths_exe_dir, "/../share/improv"},
	{datadir, ""},
};

bool paths_key_valid(const char *key)
{
	if (key == NULL || key[0] == '\0' || strlen(key) > PATHS_KEY_MAX)
		return false;
	for (const char *p = key; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	}
	return true;
}

char **paths_search_dirs(const char *kind, size_t *n)
{
	char **dirs = xcalloc(COUNT(search_order), sizeof *dirs);
	*n = 0;
	for (size_t i = 0; i < COUNT(search_order); i++) {
		char *base = search_order[i].base();
		if (base == NULL)
			continue;
		struct sbuf sb = SBUF_INIT;
		sbuf_addf(&sb, "%s%s/%s", base, search_order[i].tail, kind);
		dirs[(*n)++] = sbuf_take(&sb);
		free(base);
	}
	return dirs;
}

void paths_list_free(char **list, size_t n)
{
	for (size_t i = 0; list != NULL && i < n; i++)
		free(list[i]);
	free(list);
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static enum err_code bad_key(const char *noun, const char *key, struct error *err)
{
	char *clean = key != NULL ? sanitize(key, strlen(key), SANITIZE_LINE) : xstrdup("");
	struct sbuf shown = SBUF_INIT;
	utf8_fit(&shown, clean, KEY_SHOWN_COLS, UTF8_FIT_ELLIPSIS);
	error_set(err, ERR_USAGE, "\"%s\" is not a %s name (use a-z, 0-9, _ and -)",
		  sbuf_str(&shown), noun);
	sbuf_free(&shown);
	free(clean);
	return ERR_USAGE;
}

static enum err_code not_found(const char *noun, const char *key, char **dirs, size_t n,
			       struct error *err)
{
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", dirs[i]);
	error_set(err, ERR_NOINPUT, "no %s \"%s\" (looked in %s)", noun, key, sbuf_str(&sb));
	sbuf_free(&sb);
	return ERR_NOINPUT;
}

enum err_code paths_find_yaml(const char *kind, const char *noun, const char *key,
			      char **path, struct error *err)
{
	*path = NULL;
	if (!paths_key_valid(key))
		return bad_key(noun, key, err);
	size_t n;
	char **dirs = paths_search_dirs(kind, &n);
	for (size_t i = 0; i < n && *path == NULL; i++) {
		struct sbuf sb = SBUF_INIT;
		sbuf_addf(&sb, "%s/%s.yaml", dirs[i], key);
		if (is_file(sbuf_str(&sb)))
			*path = sbuf_take(&sb);
		sbuf_free(&sb);
	}
	enum err_code rc = *path != NULL ? ERR_OK : not_found(noun, key, dirs, n, err);
	paths_list_free(dirs, n);
	return rc;
}

/* "<key>.yaml" gives key; anything else gives NULL. */
static char *key_of_file_name(const char *name)
{
	static const char ext[] = ".yaml";
	size_t len = strlen(name), elen = sizeof ext - 1;
	if (len <= elen || strcmp(name + len - elen, ext) != 0)
		return NULL;
	char *key = xstrndup(name, len - elen);
	if (!paths_key_valid(key)) {
		free(key);
		return NULL;
	}
	return key;
}

struct key_list {
	char **keys;
	size_t n, cap;
};

static void collect_keys(const char *dir, struct key_list *list)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	const struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		char *key = key_of_file_name(ent->d_name);
		if (key == NULL)
			continue;
		struct sbuf path = SBUF_INIT;
		sbuf_addf(&path, "%s/%s", dir, ent->d_name);
		if (is_file(sbuf_str(&path))) {
			grow(&list->keys, &list->cap, list->n + 1, sizeof *list->keys);
			list->keys[list->n++] = key;
		} else {
			free(key);
		}
		sbuf_free(&path);
	}
	closedir(d);
}

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(struct key_list *list)
{
	if (list->n == 0)
		return;
	qsort(list->keys, list->n, sizeof *list->keys, compare_keys);
	size_t kept = 1;
	for (size_t i = 1; i < list->n; i++) {
		if (strcmp(list->keys[i], list->keys[kept - 1]) == 0)
			free(list->keys[i]);
		else
			list->keys[kept++] = list->keys[i];
	}
	list->n = kept;
}

char **paths_list_yaml(const char *kind, size_t *n)
{
	struct key_list list = {NULL, 0, 0};
	size_t ndirs;
	char **dirs = paths_search_dirs(kind, &ndirs);
	for (size_t i = 0; i < ndirs; i++)
		collect_keys(dirs[i], &list);
	paths_list_free(dirs, ndirs);
	sort_unique(&list);
	*n = list.n;
	return list.keys;
}
