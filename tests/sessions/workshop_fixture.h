/* workshop_fixture: what the tests of the editing service share: a
 * database in a scratch folder with a session of three people on a
 * two-dimension template, open in a workshop; the file read as another
 * program would; and the changes the tests build a workshop from. Each
 * suite includes workshop_fixture.c. */
#ifndef IMPROV_TESTS_SESSIONS_WORKSHOP_FIXTURE_H
#define IMPROV_TESTS_SESSIONS_WORKSHOP_FIXTURE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/session.h"
#include "model/template.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 512

/* The people in every test's session, in the order they were added: their
 * participant ids rise in this order. */
enum { ANA, BO, CY, NPEOPLE };

/* A fixed time for the workshop clock (IMPROV_NOW). */
#define CLOCK_START "2026-11-28T16:00:00Z"

struct fixture {
	char dir[sizeof "/tmp/improv-test-workshop-XXXXXX"];
	char db[PATH_SIZE];
	struct store *st;
	struct workshop *ws;
	int64_t id;
	const void *given;      /* the test's own initial state, or NULL */
};

bool file_exists(const char *path);
void wal_path(const char *db, char out[PATH_SIZE + 8]);
/* The write-ahead log holds every version of a page written since the
 * last checkpoint: it must hold none after a vote. */
void assert_wal_empty(const char *db);
void make_template(struct template *tpl);
/* A new session in st, as the setup form leaves it; returns its id. */
int64_t create_session(struct store *st);
struct workshop *open_workshop(struct store *st, int64_t id);
/* A database at path with a new session open in a workshop. */
void start_workshop(const char *path, const char *vfs, struct store **st,
		    struct workshop **ws, int64_t *id);
/* A fixture in *state (what was there is kept in `given`). */
int make_fixture(void **state);
int make_fixture_on(void **state, const char *vfs);
int remove_fixture(void **state);
struct session *S(const struct fixture *fx);
/* The session as the file holds it, read through a connection of its own;
 * the caller frees it. */
struct session *on_disk(const struct fixture *fx);
/* What the screen shows is what the file holds. */
void assert_saved(const struct fixture *fx);
void undo(const struct fixture *fx, const char *names);
void add_step(const struct fixture *fx, const char *text, enum horizon h,
	      enum step_status status);
/* Steps 0-3 are still to do; 4 is done and 5 dropped. Short: 0, 3, 4, 5. */
void add_six_steps(const struct fixture *fx);
void add_metric(const struct fixture *fx, const char *name, int64_t goal);
void rate(const struct fixture *fx, size_t dim, size_t p, int score);
int64_t participant_id(const struct fixture *fx, size_t p);
size_t open_ballot(const struct fixture *fx, const struct ballot_settings *set);
void cast(const struct fixture *fx, size_t b, size_t p, const struct ballot_vote *v);
void cast_dots(const struct fixture *fx, size_t b, size_t p, const int *dots);
void add_dee(const struct fixture *fx);

#endif
