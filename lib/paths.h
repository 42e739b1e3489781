/* paths: where improv keeps its files, following the XDG base directory
 * rules, where the running program lives, and the folders searched for the
 * files users and the installation keep by kind (templates, themes).
 * Every function that returns a string or an array of strings hands it to
 * the caller to free. */
#ifndef IMPROV_LIB_PATHS_H
#define IMPROV_LIB_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* $XDG_CONFIG_HOME/improv, else ~/.config/improv; NULL when it cannot be
 * known. */
char *paths_config_dir(void) __attribute__((warn_unused_result));

/* $XDG_DATA_HOME/improv, else ~/.local/share/improv; NULL when it cannot be
 * known. */
char *paths_data_dir(void) __attribute__((warn_unused_result));

/* The folder holding the running executable (from /proc/self/exe), with
 * symbolic links resolved; NULL where /proc is not mounted. */
char *paths_exe_dir(void) __attribute__((warn_unused_result));

/* ---- files kept by kind, each named "<key>.yaml" ----
 *
 * The folders of a kind ("templates", "themes"), first match wins:
 *   1. <config dir>/<kind>, the user's own (~/.config/improv/<kind>)
 *   2. <kind>/ next to the running executable (a build in the repository)
 *   3. <executable's folder>/../share/improv/<kind> (a relocated install)
 *   4. IMPROV_DATADIR/<kind> (where `make install` put them) */

#define PATHS_KEY_MAX 40

/* true when key is 1 to PATHS_KEY_MAX characters of [a-z0-9_-], so that
 * "<key>.yaml" names a file inside a folder and can never leave it. */
bool paths_key_valid(const char *key);

/* The search folders of kind, in order; a place that cannot be known is
 * left out. An array of *n strings; free it with paths_list_free. */
char **paths_search_dirs(const char *kind, size_t *n)
	__attribute__((nonnull, returns_nonnull, warn_unused_result));

/* Finds "<key>.yaml" in the first search folder of kind that holds it as a
 * regular file and sets *path to it (the caller frees it). noun names one
 * file of the kind in messages ("template"). Returns ERR_OK, ERR_USAGE when
 * key is not a valid key (so "../x" never reaches the file system), or
 * ERR_NOINPUT when no folder has it (the message names the folders). */
enum err_code paths_find_yaml(const char *kind, const char *noun, const char *key,
			      char **path, struct error *err)
	__attribute__((nonnull(1, 2, 4), warn_unused_result));

/* The keys of the "<key>.yaml" regular files with a valid key in all the
 * search folders of kind, sorted and without duplicates; the files are not
 * read. An array of *n strings; free it with paths_list_free. */
char **paths_list_yaml(const char *kind, size_t *n)
	__attribute__((nonnull, warn_unused_result));

void paths_list_free(char **list, size_t n);

#endif
