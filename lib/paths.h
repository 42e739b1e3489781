/* paths: where improv keeps its files, following the XDG base directory
 * rules, and where the running program lives. Every function returns a
 * string the caller frees, or NULL when the place cannot be known. */
#ifndef IMPROV_LIB_PATHS_H
#define IMPROV_LIB_PATHS_H

/* $XDG_CONFIG_HOME/improv, else ~/.config/improv. */
char *paths_config_dir(void) __attribute__((warn_unused_result));

/* $XDG_DATA_HOME/improv, else ~/.local/share/improv. */
char *paths_data_dir(void) __attribute__((warn_unused_result));

/* The folder holding the running executable (from /proc/self/exe), with
 * symbolic links resolved; NULL where /proc is not mounted. */
char *paths_exe_dir(void) __attribute__((warn_unused_result));

#endif
