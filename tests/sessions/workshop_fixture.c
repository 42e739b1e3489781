#include "tests/sessions/workshop_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "tests/support.h"

/* ---- files and folders ---- */

bool file_exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

void wal_path(const char *db, char out[PATH_SIZE + 8])
{
	snprintf(out, PATH_SIZE + 8, "%s-wal", db);
}

/* The write-ahead log holds every version of a page written since the
 * last checkpoint: it must hold none after a vote. */
void assert_wal_empty(const char *db)
{
	char wal[PATH_SIZE + 8];
	struct stat sb;
	wal_path(db, wal);
	if (lstat(wal, &sb) != 0)
		return;
	if (sb.st_size != 0)
		print_error("%s holds %lld bytes\n", wal, (long long)sb.st_size);
	assert_int_equal(sb.st_size, 0);
}

/* ---- a session made in code ---- */

void make_template(struct template *tpl)
{
	support_build_template(tpl, &(const struct support_template){
		.key = "workshop-test", .name = "A template for the workshop's tests",
		.description = "Two dimensions on a five-point scale.",
		.vote_cap = 3, .labelled = true,
	});
}

/* A new session in st, as the setup form leaves it; returns its id. */
int64_t create_session(struct store *st)
{
	return support_store_support_team(st, make_template);
}

struct workshop *open_workshop(struct store *st, int64_t id)
{
	struct workshop *ws = NULL;
	struct error err = {0};
	support_expect_ok(workshop_open(st, id, &ws, &err), &err);
	assert_non_null(ws);
	return ws;
}

/* A database at path with a new session open in a workshop. */
void start_workshop(const char *path, const char *vfs, struct store **st,
		    struct workshop **ws, int64_t *id)
{
	*st = support_open_store_on(path, vfs);
	*id = create_session(*st);
	*ws = open_workshop(*st, *id);
	assert_false((*ws)->read_only);
}

int make_fixture(void **state)
{
	return make_fixture_on(state, NULL);
}

int make_fixture_on(void **state, const char *vfs)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	fx->given = *state;
	memcpy(fx->dir, "/tmp/improv-test-workshop-XXXXXX", sizeof fx->dir);
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/improv.db", fx->dir);
	start_workshop(fx->db, vfs, &fx->st, &fx->ws, &fx->id);
	*state = fx;
	return 0;
}

int remove_fixture(void **state)
{
	struct fixture *fx = *state;
	workshop_close(fx->ws);
	store_close(fx->st);
	support_remove_tree(fx->dir);
	free(fx);
	unsetenv("IMPROV_NOW");
	return 0;
}

struct session *S(const struct fixture *fx)
{
	return fx->ws->s;
}

/* The session as the file holds it, read through a connection of its own;
 * the caller frees it. */
struct session *on_disk(const struct fixture *fx)
{
	struct store *st = support_open_store(fx->db);
	struct session *s = NULL;
	struct error err = {0};
	support_expect_ok(store_load_session(st, fx->id, &s, &err), &err);
	store_close(st);
	assert_non_null(s);
	return s;
}

/* What the screen shows is what the file holds. */
void assert_saved(const struct fixture *fx)
{
	struct session *disk = on_disk(fx);
	support_assert_same_session(S(fx), disk);
	session_free(disk);
}

void undo(const struct fixture *fx, const char *names)
{
	const char *what = NULL;
	struct error err = {0};
	support_expect_ok(ws_undo(fx->ws, &what, &err), &err);
	assert_non_null(what);
	assert_string_equal(what, names);
	assert_saved(fx);
}

/* ---- building up a workshop through the screen's own calls ---- */

void add_step(const struct fixture *fx, const char *text, enum horizon h,
	      enum step_status status)
{
	struct error err = {0};
	const struct step fields = {
		.text = (char *)text,
		.horizon = h,
		.status = status,
		.points = POINTS_NONE,
	};
	support_expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
}

/* Steps 0-3 are still to do; 4 is done and 5 dropped. Short: 0, 3, 4, 5. */
void add_six_steps(const struct fixture *fx)
{
	add_step(fx, "Pilot show-and-tell in Support", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "Build a searchable answers wiki", HORIZON_MEDIUM, STEP_PLANNED);
	add_step(fx, "Tie recognition to sharing", HORIZON_LONG, STEP_PLANNED);
	add_step(fx, "Mentoring circles", HORIZON_SHORT, STEP_DOING);
	add_step(fx, "Retire the old intranet", HORIZON_SHORT, STEP_DONE);
	add_step(fx, "Conference budget", HORIZON_SHORT, STEP_DROPPED);
}

void add_metric(const struct fixture *fx, const char *name, int64_t goal)
{
	struct error err = {0};
	const struct metric fields = {
		.goal_id = goal,
		.name = (char *)name,
		.unit = (char *)"%",
		.direction = DIRECTION_UP,
		.baseline = 40,
		.baseline_date = NO_DATE,
		.target = 70,
		.target_date = date_from_civil(2027, 6, 30),
	};
	support_expect_ok(ws_add_metric(fx->ws, &fields, &err), &err);
}

void rate(const struct fixture *fx, size_t dim, size_t p, int score)
{
	struct error err = {0};
	support_expect_ok(ws_rate(fx->ws, dim, p, score, &err), &err);
}

int64_t participant_id(const struct fixture *fx, size_t p)
{
	return S(fx)->participants[p].id;
}

/* ---- ballots ---- */

size_t open_ballot(const struct fixture *fx, const struct ballot_settings *set)
{
	struct error err = {0};
	size_t b = SIZE_MAX;
	support_expect_ok(ws_open_ballot(fx->ws, set, &b, &err), &err);
	assert_int_equal(b, S(fx)->nballots - 1);
	return b;
}

void cast(const struct fixture *fx, size_t b, size_t p, const struct ballot_vote *v)
{
	struct error err = {0};
	support_expect_ok(ws_cast(fx->ws, b, p, v, &err), &err);
}

void cast_dots(const struct fixture *fx, size_t b, size_t p, const int *dots)
{
	const struct ballot_vote v = {.dots = dots};
	cast(fx, b, p, &v);
}

void add_dee(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(ws_add_participant(fx->ws, "Dee", &err), &err);
}
