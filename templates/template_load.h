/* template_load: reads a workshop template from YAML into a struct template,
 * checks every field, and finds templates by key in the folders where users
 * and the installation keep them.
 *
 * They are looked for in the "templates" folders of lib/paths.h, first
 * match wins: $XDG_CONFIG_HOME/improv/templates, templates/ next to the
 * executable, <executable's folder>/../share/improv/templates, then
 * IMPROV_DATADIR/templates.
 *
 * Errors in a file read "path:line:col: where: what" (lib/field_reader.h:
 * where is the path of keys, such as "dimensions[3].key") and come with
 * ERR_DATA; a YAML syntax error reads "path:line:col: what". */
#ifndef IMPROV_TEMPLATES_TEMPLATE_LOAD_H
#define IMPROV_TEMPLATES_TEMPLATE_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "lib/paths.h"
#include "model/template.h"

/* Limits a template is held to, beyond the scale bounds in model/template.h. */
#define TEMPLATE_KEY_MAX PATHS_KEY_MAX /* bytes in a template or dimension key */
#define TEMPLATE_DIMS_MAX 30
#define TEMPLATE_TIMEBOX_MAX 240      /* minutes per stage; 0 means no timer */
#define TEMPLATE_BUDGET_MIN 3         /* dots per person, when not "auto" */
#define TEMPLATE_BUDGET_MAX 10
#define TEMPLATE_CAP_MAX TEMPLATE_BUDGET_MAX

/* Text is held to lengths in bytes (names 120; question, low and high 400;
 * labels 40; suggestions 200; units 24) and version to 1..9999.
 *
 * Defaults for what a template may leave out: description "", version 1,
 * timeboxes 25/20/15/30/10 minutes, voting by dots, budget "auto" (stored
 * as 0), at most 3 dots on one item, no suggestions. Labels may be left
 * out (nlabels 0); when given there is one per point of the scale. */

/* true when key is 1 to TEMPLATE_KEY_MAX characters of [a-z0-9_-]
 * (paths_key_valid: a template key is also a file name). */
bool template_key_valid(const char *key);

/* Reads and checks the template at path. On success *out holds it and the
 * caller frees it with template_free; on failure *out is left zeroed.
 * Returns ERR_OK, ERR_NOINPUT (no such file), ERR_IO or ERR_DATA. */
enum err_code template_load_file(const char *path, struct template *out, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));

/* The same from memory (buf may be NULL when len is 0); name stands for
 * the file in messages. */
enum err_code template_load_buffer(const char *name, const char *buf, size_t len,
				   struct template *out, struct error *err)
	__attribute__((nonnull(1, 4), warn_unused_result));

/* Loads "<key>.yaml" from the first folder of the search order that has
 * it; its "template:" must equal key. ERR_USAGE when key is not a valid key
 * (so "../x" never reaches the file system), ERR_NOINPUT when no folder has
 * it, else as template_load_file. A broken file is reported, not skipped. */
enum err_code template_find(const char *key, struct template *out, struct error *err)
	__attribute__((nonnull(2), warn_unused_result));

/* The keys of all templates in the search folders ("<key>.yaml" with a
 * valid key), sorted and without duplicates. The files are not read.
 * *keys is an array of *nkeys strings; free it with template_list_free. */
enum err_code template_list(char ***keys, size_t *nkeys, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));

void template_list_free(char **keys, size_t nkeys);

#endif
