/* support: what many tests need: removing a scratch folder with all in it,
 * the bytes of a file; a session in memory built from a small template
 * (three dimensions, culture, tools and practice, on a 1-5 scale) with the
 * helpers that fill and look at it; and a store in a scratch folder with a
 * session that holds one of everything. Linked into every test. */
#ifndef IMPROV_TESTS_SUPPORT_H
#define IMPROV_TESTS_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/session.h"
#include "model/template.h"

struct bytes {
	unsigned char *data;    /* the caller frees it */
	size_t len;
};

/* Removes path, and everything under it when it is a folder. */
void support_remove_tree(const char *path);

/* The whole file; the test fails when it cannot be read. */
struct bytes support_read_bytes(const char *path);
/* The whole file as text ending in a NUL, its length in *len (len may be
 * NULL); NULL when it cannot be opened. The caller frees it. */
char *support_read_text(const char *path, size_t *len);

/* What a test's template is made of. Each dimension asks the same question
 * (NULL: "Where are we today?", from "nobody does it" to "everybody does
 * it, every week"); keys NULL: two dimensions, culture ("Culture: sharing,
 * trust, considered risk") and tools ("Tools that find answers"); names
 * NULL: each dimension is named by its key. The
 * scale runs 1-5; `labelled` gives it the five labels absent .. thriving
 * and the stages their usual timeboxes (25, 20, 15, 30, 10 minutes). */
struct support_template {
	const char *key, *name, *description;
	const char *question, *low, *high;
	const char *const *keys;
	const char *const *names;
	size_t ndims;
	int vote_cap;
	bool labelled;
};
void support_build_template(struct template *tpl, const struct support_template *spec);

/* A new session from the template build makes; the test fails, printing
 * why, when it is refused. */
struct session *support_session_from(const struct session_setup *setup,
				     void (*build)(struct template *tpl));

/* A new session from the small template; NULL with err set when refused. */
struct session *support_create(const struct session_setup *setup, struct error *err);
struct session_setup support_setup_titled(const char *title);
/* cmocka setup and teardown: a session with Ana, Bo and Cy in *state. */
int support_open_with_ana_bo_and_cy(void **state);
int support_free_session(void **state);

/* A metric's and a step's fields as a form fills them, and adding them
 * (the test fails when the session refuses). */
struct metric support_a_metric(const char *name, enum direction dir, double baseline,
			       double target);
struct step support_a_step(const char *text, enum horizon horizon);
void support_add_metric(struct session *s, const char *name, enum direction dir,
			double baseline, double target);
void support_add_step(struct session *s, const char *text, enum horizon horizon);
void support_measure(struct session *s, size_t metric, double value, long day);

/* Everything a screen or an export shows of the session, as one text the
 * caller frees; and the check that it still reads `before`. */
char *support_describe(const struct session *s);
void support_assert_unchanged(const struct session *s, const char *before);

/* The list holds exactly these texts, in this order (NULL ends them). */
void support_assert_list(const struct session *s, enum session_list list, const char *first,
			 ...);
#define ASSERT_LIST(s, list, ...) \
	support_assert_list((s), (list), __VA_ARGS__, (const char *)NULL)

/* ---- a tree read from a text, as the readers' tests use it ---- */

struct ynode;
struct ynode_limits;
/* json_read_buffer or yaml_read_buffer. */
typedef enum err_code (*support_tree_reader)(const char *name, const char *buf, size_t len,
					     const struct ynode_limits *limits,
					     struct ynode **out, struct error *err);
/* The tree read from text[0..len) as the file `name`; the test fails,
 * saying why, when it is refused. */
struct ynode *support_read_tree(support_tree_reader read, const char *name, const char *text,
				size_t len);
/* The text is refused as data with exactly this message and no tree. */
void support_expect_tree_refused(support_tree_reader read, const char *name, const char *text,
				 size_t len, const struct ynode_limits *limits,
				 const char *message);

/* ---- a store in a scratch folder, as the store's tests use it ---- */

#define SUPPORT_PATH_SIZE 512

/* Ids a session carries before it is stored, as an import would: the store
 * must replace every one of them. */
#define SUPPORT_PARTICIPANT_LABEL 501
#define SUPPORT_GOAL_LABEL 9001
#define SUPPORT_STEP_LABEL 7001

typedef struct sqlite3 sqlite3;
struct store;
struct store_options;

/* A temporary folder and the path of a database in it (not made yet). */
struct support_fixture {
	char dir[sizeof "/tmp/improv-test-store-XXXXXX"];
	char db[SUPPORT_PATH_SIZE];
};

/* cmocka setup and teardown: a new fixture in *state; the folder removed
 * with all in it. */
int support_make_fixture(void **state);
/* Makes the folder of fx and names the database in it; false when it
 * cannot be made. */
bool support_make_scratch(struct support_fixture *fx);
int support_remove_fixture(void **state);
void support_path_in(const struct support_fixture *fx, const char *name,
		     char out[SUPPORT_PATH_SIZE]);

/* Files: written whole, copied, and checked against their bytes before. */
void support_write_bytes(const char *path, const void *data, size_t len);
void support_copy_file(const char *from, const char *to);
void support_assert_bytes_unchanged(const char *path, const struct bytes *before);
/* Whether anything, a dangling link too, stands at path. */
bool support_file_exists(const char *path);
/* The permission bits of path, which must exist. */
mode_t support_mode_of(const char *path);
/* How many entries dir holds, "." and ".." aside. */
size_t support_files_in(const char *dir);
/* Opens the database of fx and expects a refusal naming words, on one
 * line, that leaves the file and its folder as they were (not even a
 * backup); err keeps the refusal for further checks. */
void support_expect_open_refused(const struct support_fixture *fx, const char *words,
				 struct error *err);

/* Raw SQLite, to look at the file as another program would. The first
 * column of the first row of a query bound to one id, or -1. */
sqlite3 *support_raw_open(const char *path);
typedef struct sqlite3_stmt sqlite3_stmt;
/* A statement; the test fails, printing SQLite's words, when it is refused. */
sqlite3_stmt *support_raw_prepare(sqlite3 *db, const char *sql);
int64_t support_raw_int(sqlite3 *db, const char *sql, int64_t id);
void support_raw_exec(sqlite3 *db, const char *sql);
/* Every row of every table, as text, in the order the file gives them. */
char *support_dump_database(const char *path);
/* Copies every row of the file at `from` (of the current schema) into the
 * older file at `to`, column by column where both have the column, and
 * the highest id each table has given: what an older improv would have
 * written, made with today's store. */
void support_copy_rows_into_older(const char *from, const char *to);

/* The store; each fails the test on an error, printing it. */
void support_expect_ok(enum err_code code, const struct error *err);
/* A refusal with this code whose message says `says`. */
void support_expect_refused(enum err_code code, const struct error *err, enum err_code want,
			    const char *says);
/* Through an SQLite VFS by name (NULL: the default). */
struct store *support_open_store_on(const char *path, const char *vfs);
struct store *support_open_with(const char *path, const struct store_options *opts);
struct store *support_open_store(const char *path);
struct session *support_load(struct store *st, int64_t id);
/* Stores a session of Ana, Bo and Cy for Acme's Support team, made from
 * the template build makes, as the setup form leaves it; returns its id. */
int64_t support_store_support_team(struct store *st, void (*build)(struct template *tpl));
/* How many sessions the store at path lists. */
size_t support_count_sessions(const char *path);
/* Stores s (store_create_session), frees it and returns its id. */
int64_t support_store_and_free(struct store *st, struct session *s);
/* Stores s (store_create_session) and returns it. */
struct session *support_store_session(struct store *st, struct session *s);

/* A metric and a step with every field given; a voter's dots. */
void support_add_full_metric(struct session *s, int64_t goal, const char *name, const char *unit,
			     enum direction dir, double baseline, long baseline_date,
			     double target, long target_date);
void support_add_full_step(struct session *s, const char *text, enum horizon h,
			   enum step_status status, const char *owner, int64_t goal, int impact,
			   int effort);
void support_cast_dots(struct session *s, size_t ballot, int64_t voter, const int *dots);
/* Every kind of thing a session holds, with ids like an import's. */
struct session *support_full_session(void);
/* A database at path holding a full session; returns that session. */
struct session *support_make_database(const char *path);

/* Two texts both NULL or equal; two sessions equal field by field. */
void support_assert_same_text(const char *want, const char *got);
void support_assert_same_session(const struct session *want, const struct session *got);
/* Opens the database anew and checks that it holds exactly s. */
void support_assert_stored_as(const char *path, const struct session *s);
/* Closes the store, proves the file holds s, and opens it again. */
void support_close_check_reopen(const char *path, struct store **st, const struct session *s);

/* Whether the list holds exactly these n texts, in this order: for a
 * table-driven test to say which case failed before it asserts. */
bool support_list_is(const struct session *s, enum session_list list,
		     const char *const *want, size_t n);

/* The message reads exactly the text that format makes. */
void support_assert_message(const char *msg, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- a stored session, as the store's tests that change one use it ---- */

/* cmocka setup and teardown: a fixture whose database holds a full session
 * (support_make_database) with the store open on it, in *state. The
 * teardown frees the session and closes the store, whichever the test left
 * there (NULL when it freed them itself), and removes the folder. */
struct support_stored {
	struct support_fixture scratch;
	struct session *s;
	struct store *st;
};
int support_make_stored(void **state);
int support_remove_stored(void **state);
/* A cmocka test run on that fixture. */
#define SUPPORT_STORED(name) \
	cmocka_unit_test_setup_teardown(name, support_make_stored, support_remove_stored)
/* support_close_check_reopen for the fixture's store and session. */
void support_reopen_stored(struct support_stored *fx);

/* support_raw_int on a connection of its own to the file at path. */
int64_t support_file_int(const char *path, const char *sql, int64_t id);
/* The text of text after `after`, up to the first of the stop characters,
 * into out; fails the test when `after` is not there or out is too small. */
void support_copy_after(const char *text, const char *after, const char *stop, char *out,
			size_t size);
/* The store loads s back exactly as it is. */
void support_assert_holds(struct store *st, const struct session *s);

#endif
