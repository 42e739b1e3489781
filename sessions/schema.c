#include "sessions/schema.h"

#include <string.h>

#include "lib/sbuf.h"
#include "sessions/bounds.h"

/* Version 1. Rows that ballots and lineage point at (participants, goals,
 * metrics, steps) never reuse an id: AUTOINCREMENT. Released migrations
 * are never edited; a change to the schema
 * is a new entry at the end of the list. Lineage: a check-in's session has
 * parent_id, and each copied row has origin_id, the row it came from. */
static const char *const schema_v1[] = {
	"CREATE TABLE series ("
	"  id INTEGER PRIMARY KEY,"
	"  organization TEXT NOT NULL DEFAULT '',"
	"  unit TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL);",

	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  series_id INTEGER NOT NULL REFERENCES series(id),"
	"  parent_id INTEGER REFERENCES sessions(id),"
	"  iteration INTEGER NOT NULL DEFAULT 1 CHECK (iteration >= 1),"
	"  title TEXT NOT NULL,"
	"  organization TEXT NOT NULL DEFAULT '',"
	"  unit TEXT NOT NULL DEFAULT '',"
	"  level TEXT NOT NULL DEFAULT 'team'"
	"    CHECK (level IN ('individual','team','unit','organization')),"
	"  template TEXT NOT NULL,"
	"  facilitator TEXT NOT NULL DEFAULT '',"
	"  stage TEXT NOT NULL DEFAULT 'current_state'"
	"    CHECK (stage IN ('setup','current_state','goals_values','metrics','steps','review')),"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),"
	"  scale_labels TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL,"
	"  closed_at TEXT);",

	"CREATE INDEX sessions_by_series ON sessions(series_id, iteration);",

	"CREATE INDEX sessions_by_parent ON sessions(parent_id);",

	"CREATE TABLE timers ("
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  stage TEXT NOT NULL,"
	"  box_seconds INTEGER NOT NULL DEFAULT 0,"
	"  left_seconds INTEGER NOT NULL DEFAULT 0,"
	"  running_since INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (session_id, stage)) WITHOUT ROWID;",

	"CREATE TABLE participants ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  origin_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,"
	"  UNIQUE (session_id, name));",

	"CREATE TABLE dimensions ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  key TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  question TEXT NOT NULL DEFAULT '',"
	"  low TEXT NOT NULL DEFAULT '',"
	"  high TEXT NOT NULL DEFAULT '',"
	"  scale_min INTEGER NOT NULL,"
	"  scale_max INTEGER NOT NULL CHECK (scale_max > scale_min),"
	"  group_score INTEGER,"
	"  UNIQUE (session_id, key));",

	"CREATE TABLE ratings ("
	"  dimension_id INTEGER NOT NULL REFERENCES dimensions(id) ON DELETE CASCADE,"
	"  participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,"
	"  score INTEGER NOT NULL,"
	"  PRIMARY KEY (dimension_id, participant_id)) WITHOUT ROWID;",

	"CREATE INDEX ratings_by_participant ON ratings(participant_id);",

	"CREATE TABLE notes ("
	"  id INTEGER PRIMARY KEY,"
	"  dimension_id INTEGER NOT NULL REFERENCES dimensions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('strength','gap')),"
	"  text TEXT NOT NULL);",

	"CREATE INDEX notes_by_dimension ON notes(dimension_id);",

	"CREATE TABLE team_values ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  origin_id INTEGER REFERENCES team_values(id) ON DELETE SET NULL);",

	"CREATE INDEX values_by_session ON team_values(session_id);",

	"CREATE TABLE goals ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  dimension TEXT,"
	"  status TEXT NOT NULL DEFAULT 'active'"
	"    CHECK (status IN ('active','revised','achieved','retired')),"
	"  origin_id INTEGER REFERENCES goals(id) ON DELETE SET NULL);",

	"CREATE INDEX goals_by_session ON goals(session_id);",

	"CREATE TABLE metrics ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,"
	"  name TEXT NOT NULL,"
	"  unit TEXT NOT NULL DEFAULT '',"
	"  direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up','down')),"
	"  baseline REAL,"
	"  baseline_date TEXT,"
	"  target REAL,"
	"  target_date TEXT,"
	"  origin_id INTEGER REFERENCES metrics(id) ON DELETE SET NULL);",

	"CREATE INDEX metrics_by_session ON metrics(session_id);",

	"CREATE TABLE measurements ("
	"  id INTEGER PRIMARY KEY,"
	"  metric_id INTEGER NOT NULL REFERENCES metrics(id) ON DELETE CASCADE,"
	"  value REAL NOT NULL,"
	"  taken_on TEXT NOT NULL);",

	"CREATE INDEX measurements_by_metric ON measurements(metric_id, taken_on);",

	"CREATE TABLE steps ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  horizon TEXT NOT NULL DEFAULT 'short' CHECK (horizon IN ('short','medium','long')),"
	"  status TEXT NOT NULL DEFAULT 'planned'"
	"    CHECK (status IN ('planned','doing','done','dropped','carried')),"
	"  owner TEXT,"
	"  goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,"
	"  impact INTEGER CHECK (impact BETWEEN 1 AND 5),"
	"  effort INTEGER CHECK (effort BETWEEN 1 AND 5),"
	"  points INTEGER,"
	"  rank INTEGER,"
	"  origin_id INTEGER REFERENCES steps(id) ON DELETE SET NULL);",

	"CREATE INDEX steps_by_session ON steps(session_id);",

	"CREATE TABLE parking_lot ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  origin_id INTEGER REFERENCES parking_lot(id) ON DELETE SET NULL);",

	"CREATE INDEX parking_by_session ON parking_lot(session_id);",

	/* A ballot keeps aggregates only: totals per candidate, the pairwise
	 * counts of a ranked ballot, and the set of people who voted, stored
	 * in participant order (WITHOUT ROWID), never in the order of voting. */
	"CREATE TABLE ballots ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  method TEXT NOT NULL CHECK (method IN ('dots','approval','ranked','scoring')),"
	"  entry TEXT NOT NULL CHECK (entry IN ('secret','tally')),"
	"  status TEXT NOT NULL CHECK (status IN ('open','closed','revealed')),"
	"  anonymous INTEGER NOT NULL DEFAULT 1,"
	"  budget INTEGER NOT NULL DEFAULT 0,"
	"  cap INTEGER NOT NULL DEFAULT 0,"
	"  score_min INTEGER NOT NULL DEFAULT 1,"
	"  score_max INTEGER NOT NULL DEFAULT 5,"
	"  tally_voters INTEGER NOT NULL DEFAULT 0);",

	"CREATE INDEX ballots_by_session ON ballots(session_id);",

	"CREATE TABLE ballot_candidates ("
	"  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  step_id INTEGER REFERENCES steps(id) ON DELETE SET NULL,"
	"  points INTEGER NOT NULL DEFAULT 0,"
	"  impact_sum INTEGER NOT NULL DEFAULT 0,"
	"  effort_sum INTEGER NOT NULL DEFAULT 0,"
	"  score_count INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (ballot_id, position)) WITHOUT ROWID;",

	"CREATE TABLE ballot_pairs ("
	"  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
	"  winner INTEGER NOT NULL,"
	"  loser INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  PRIMARY KEY (ballot_id, winner, loser)) WITHOUT ROWID;",

	"CREATE TABLE ballot_voters ("
	"  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
	"  participant_id INTEGER NOT NULL,"
	"  PRIMARY KEY (ballot_id, participant_id)) WITHOUT ROWID;",

	/* Named ballots only: who gave what. An anonymous ballot has no rows. */
	"CREATE TABLE ballot_choices ("
	"  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
	"  participant_id INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  points INTEGER NOT NULL DEFAULT 0,"
	"  impact INTEGER NOT NULL DEFAULT 0,"
	"  effort INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (ballot_id, participant_id, position)) WITHOUT ROWID;",

	/* The edit lease: the process that may change a session. */
	"CREATE TABLE leases ("
	"  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,"
	"  token TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  since INTEGER NOT NULL,"
	"  renewed INTEGER NOT NULL);",
	NULL,
};

/* Version 2: an index on every column that names another row. With
 * foreign keys on, deleting a row looks up the rows that point at it (a
 * step's copies and ballot candidates, a goal's metrics and steps, any
 * row's copies); without these indexes that read every such row of every
 * session, a tenth of a second for one step at a thousand sessions. */
static const char *const schema_v2[] = {
	"CREATE INDEX participants_by_origin ON participants(origin_id);",
	"CREATE INDEX values_by_origin ON team_values(origin_id);",
	"CREATE INDEX goals_by_origin ON goals(origin_id);",
	"CREATE INDEX metrics_by_origin ON metrics(origin_id);",
	"CREATE INDEX metrics_by_goal ON metrics(goal_id);",
	"CREATE INDEX steps_by_origin ON steps(origin_id);",
	"CREATE INDEX steps_by_goal ON steps(goal_id);",
	"CREATE INDEX candidates_by_step ON ballot_candidates(step_id);",
	"CREATE INDEX parking_by_origin ON parking_lot(origin_id);",
	NULL,
};

/* Version 3: a session has at most one check-in, and the database says
 * so, so that two windows checking in at once cannot split a series. */
static const char *const schema_v3[] = {
	"CREATE UNIQUE INDEX sessions_one_check_in ON sessions(parent_id)"
	"  WHERE parent_id IS NOT NULL;",
	NULL,
};

/* A file made before version 3 may hold two check-ins of one session: the
 * index cannot be built until one of them is gone, and which one is for
 * the user to say. */
static const char schema_v3_refuse[] =
	"SELECT 'sessions ' || group_concat(id, ' and ') || ' are both check-ins of session '"
	" || parent_id || '; delete one of them with an earlier improv'"
	" FROM (SELECT id, parent_id FROM sessions WHERE parent_id IN"
	"  (SELECT parent_id FROM sessions WHERE parent_id IS NOT NULL"
	"   GROUP BY parent_id HAVING count(*) > 1 ORDER BY parent_id LIMIT 1) ORDER BY id)"
	" GROUP BY parent_id";

/* Version 4: every column holds only what the model accepts, so that a
 * file written by another program cannot carry a number or a text that
 * improv would never write. SQLite cannot change a table's CHECKs: each
 * table is made again under a new name, filled from the old one, and put
 * in its place with its indexes. The columns are those of version 1, the
 * CHECKs are made from the lists below. */

/* A constant of the model as SQL text; only for plain decimal numbers. */
#define SQL_NUMBER(n) SQL_NUMBER_(n)
#define SQL_NUMBER_(n) #n

static const char *const sessions_v4[] = {
	"id INTEGER PRIMARY KEY",
	"series_id INTEGER NOT NULL REFERENCES series(id)",
	"parent_id INTEGER REFERENCES sessions(id)",
	"iteration INTEGER NOT NULL DEFAULT 1",
	"title TEXT NOT NULL",
	"organization TEXT NOT NULL DEFAULT ''",
	"unit TEXT NOT NULL DEFAULT ''",
	"level TEXT NOT NULL DEFAULT 'team'"
	" CHECK (level IN ('individual','team','unit','organization'))",
	"template TEXT NOT NULL",
	"facilitator TEXT NOT NULL DEFAULT ''",
	"stage TEXT NOT NULL DEFAULT 'current_state'"
	" CHECK (stage IN ('setup','current_state','goals_values','metrics','steps','review'))",
	"status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed'))",
	"scale_labels TEXT NOT NULL DEFAULT ''",
	"created_at TEXT NOT NULL",
	"closed_at TEXT",
	NULL,
};

static const char *const sessions_v4_indexes[] = {
	"CREATE INDEX sessions_by_series ON sessions(series_id, iteration);",
	"CREATE INDEX sessions_by_parent ON sessions(parent_id);",
	"CREATE UNIQUE INDEX sessions_one_check_in ON sessions(parent_id)"
	"  WHERE parent_id IS NOT NULL;",
	NULL,
};

static const char *const timers_v4[] = {
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"stage TEXT NOT NULL",
	"box_seconds INTEGER NOT NULL DEFAULT 0",
	"left_seconds INTEGER NOT NULL DEFAULT 0",
	"running_since INTEGER NOT NULL DEFAULT 0",
	NULL,
};

static const char *const participants_v4[] = {
	"id INTEGER PRIMARY KEY AUTOINCREMENT",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"name TEXT NOT NULL",
	"origin_id INTEGER REFERENCES participants(id) ON DELETE SET NULL",
	NULL,
};

static const char *const participants_v4_indexes[] = {
	"CREATE INDEX participants_by_origin ON participants(origin_id);",
	NULL,
};

static const char *const dimensions_v4[] = {
	"id INTEGER PRIMARY KEY",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"key TEXT NOT NULL",
	"name TEXT NOT NULL",
	"question TEXT NOT NULL DEFAULT ''",
	"low TEXT NOT NULL DEFAULT ''",
	"high TEXT NOT NULL DEFAULT ''",
	"scale_min INTEGER NOT NULL",
	"scale_max INTEGER NOT NULL",
	"group_score INTEGER",
	NULL,
};

static const char *const ratings_v4[] = {
	"dimension_id INTEGER NOT NULL REFERENCES dimensions(id) ON DELETE CASCADE",
	"participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE",
	"score INTEGER NOT NULL",
	NULL,
};

static const char *const ratings_v4_indexes[] = {
	"CREATE INDEX ratings_by_participant ON ratings(participant_id);",
	NULL,
};

static const char *const notes_v4[] = {
	"id INTEGER PRIMARY KEY",
	"dimension_id INTEGER NOT NULL REFERENCES dimensions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"kind TEXT NOT NULL CHECK (kind IN ('strength','gap'))",
	"text TEXT NOT NULL",
	NULL,
};

static const char *const notes_v4_indexes[] = {
	"CREATE INDEX notes_by_dimension ON notes(dimension_id);",
	NULL,
};

static const char *const values_v4[] = {
	"id INTEGER PRIMARY KEY",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"text TEXT NOT NULL",
	"origin_id INTEGER REFERENCES team_values(id) ON DELETE SET NULL",
	NULL,
};

static const char *const values_v4_indexes[] = {
	"CREATE INDEX values_by_session ON team_values(session_id);",
	"CREATE INDEX values_by_origin ON team_values(origin_id);",
	NULL,
};

static const char *const goals_v4[] = {
	"id INTEGER PRIMARY KEY AUTOINCREMENT",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"text TEXT NOT NULL",
	"dimension TEXT",
	"status TEXT NOT NULL DEFAULT 'active'"
	" CHECK (status IN ('active','revised','achieved','retired'))",
	"origin_id INTEGER REFERENCES goals(id) ON DELETE SET NULL",
	NULL,
};

static const char *const goals_v4_indexes[] = {
	"CREATE INDEX goals_by_session ON goals(session_id);",
	"CREATE INDEX goals_by_origin ON goals(origin_id);",
	NULL,
};

static const char *const metrics_v4[] = {
	"id INTEGER PRIMARY KEY AUTOINCREMENT",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL",
	"name TEXT NOT NULL",
	"unit TEXT NOT NULL DEFAULT ''",
	"direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up','down'))",
	"baseline REAL",
	"baseline_date TEXT",
	"target REAL",
	"target_date TEXT",
	"origin_id INTEGER REFERENCES metrics(id) ON DELETE SET NULL",
	NULL,
};

static const char *const metrics_v4_indexes[] = {
	"CREATE INDEX metrics_by_session ON metrics(session_id);",
	"CREATE INDEX metrics_by_origin ON metrics(origin_id);",
	"CREATE INDEX metrics_by_goal ON metrics(goal_id);",
	NULL,
};

static const char *const measurements_v4[] = {
	"id INTEGER PRIMARY KEY",
	"metric_id INTEGER NOT NULL REFERENCES metrics(id) ON DELETE CASCADE",
	"value REAL NOT NULL",
	"taken_on TEXT NOT NULL",
	NULL,
};

static const char *const measurements_v4_indexes[] = {
	"CREATE INDEX measurements_by_metric ON measurements(metric_id, taken_on);",
	NULL,
};

static const char *const steps_v4[] = {
	"id INTEGER PRIMARY KEY AUTOINCREMENT",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"text TEXT NOT NULL",
	"horizon TEXT NOT NULL DEFAULT 'short' CHECK (horizon IN ('short','medium','long'))",
	"status TEXT NOT NULL DEFAULT 'planned'"
	" CHECK (status IN ('planned','doing','done','dropped','carried'))",
	"owner TEXT",
	"goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL",
	"impact INTEGER",
	"effort INTEGER",
	"points INTEGER",
	"rank INTEGER",
	"origin_id INTEGER REFERENCES steps(id) ON DELETE SET NULL",
	NULL,
};

static const char *const steps_v4_indexes[] = {
	"CREATE INDEX steps_by_session ON steps(session_id);",
	"CREATE INDEX steps_by_origin ON steps(origin_id);",
	"CREATE INDEX steps_by_goal ON steps(goal_id);",
	NULL,
};

static const char *const parking_v4[] = {
	"id INTEGER PRIMARY KEY",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"text TEXT NOT NULL",
	"origin_id INTEGER REFERENCES parking_lot(id) ON DELETE SET NULL",
	NULL,
};

static const char *const parking_v4_indexes[] = {
	"CREATE INDEX parking_by_session ON parking_lot(session_id);",
	"CREATE INDEX parking_by_origin ON parking_lot(origin_id);",
	NULL,
};

/* A ballot's budget and cap have no default: none would be allowed. */
static const char *const ballots_v4[] = {
	"id INTEGER PRIMARY KEY",
	"session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"method TEXT NOT NULL CHECK (method IN ('dots','approval','ranked','scoring'))",
	"entry TEXT NOT NULL CHECK (entry IN ('secret','tally'))",
	"status TEXT NOT NULL CHECK (status IN ('open','closed','revealed'))",
	"anonymous INTEGER NOT NULL DEFAULT 1",
	"budget INTEGER NOT NULL",
	"cap INTEGER NOT NULL",
	"score_min INTEGER NOT NULL DEFAULT " SQL_NUMBER(BALLOT_DEFAULT_SCORE_MIN),
	"score_max INTEGER NOT NULL DEFAULT " SQL_NUMBER(BALLOT_DEFAULT_SCORE_MAX),
	"tally_voters INTEGER NOT NULL DEFAULT 0",
	NULL,
};

static const char *const ballots_v4_indexes[] = {
	"CREATE INDEX ballots_by_session ON ballots(session_id);",
	NULL,
};

static const char *const candidates_v4[] = {
	"ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE",
	"position INTEGER NOT NULL",
	"step_id INTEGER REFERENCES steps(id) ON DELETE SET NULL",
	"points INTEGER NOT NULL DEFAULT 0",
	"impact_sum INTEGER NOT NULL DEFAULT 0",
	"effort_sum INTEGER NOT NULL DEFAULT 0",
	"score_count INTEGER NOT NULL DEFAULT 0",
	NULL,
};

static const char *const candidates_v4_indexes[] = {
	"CREATE INDEX candidates_by_step ON ballot_candidates(step_id);",
	NULL,
};

static const char *const pairs_v4[] = {
	"ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE",
	"winner INTEGER NOT NULL",
	"loser INTEGER NOT NULL",
	"count INTEGER NOT NULL",
	NULL,
};

static const char *const voters_v4[] = {
	"ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE",
	"participant_id INTEGER NOT NULL",
	NULL,
};

static const char *const choices_v4[] = {
	"ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE",
	"participant_id INTEGER NOT NULL",
	"position INTEGER NOT NULL",
	"points INTEGER NOT NULL DEFAULT 0",
	"impact INTEGER NOT NULL DEFAULT 0",
	"effort INTEGER NOT NULL DEFAULT 0",
	NULL,
};

static const char *const no_indexes[] = {NULL};

enum {
	TABLE_WITHOUT_ROWID = 1 << 0,
	TABLE_SEQUENCED = 1 << 1,       /* AUTOINCREMENT: ids are never reused */
};

struct rebuilt_table {
	const char *name;
	const char *const *columns;     /* "name type constraints", NULL-ended */
	const char *tail;               /* the table's own constraints, or NULL */
	unsigned flags;
	const char *key;                /* the columns that name a row in a message */
	const char *const *indexes;
};

static const struct rebuilt_table rebuilt_tables[] = {
	{"sessions", sessions_v4, NULL, 0, "id", sessions_v4_indexes},
	{"timers", timers_v4, "PRIMARY KEY (session_id, stage)", TABLE_WITHOUT_ROWID,
	 "session_id, stage", no_indexes},
	{"participants", participants_v4, "UNIQUE (session_id, name)", TABLE_SEQUENCED, "id",
	 participants_v4_indexes},
	{"dimensions", dimensions_v4, "UNIQUE (session_id, key)", 0, "id", no_indexes},
	{"ratings", ratings_v4, "PRIMARY KEY (dimension_id, participant_id)",
	 TABLE_WITHOUT_ROWID, "dimension_id, participant_id", ratings_v4_indexes},
	{"notes", notes_v4, NULL, 0, "id", notes_v4_indexes},
	{"team_values", values_v4, NULL, 0, "id", values_v4_indexes},
	{"goals", goals_v4, NULL, TABLE_SEQUENCED, "id", goals_v4_indexes},
	{"metrics", metrics_v4, NULL, TABLE_SEQUENCED, "id", metrics_v4_indexes},
	{"measurements", measurements_v4, NULL, 0, "id", measurements_v4_indexes},
	{"steps", steps_v4, NULL, TABLE_SEQUENCED, "id", steps_v4_indexes},
	{"parking_lot", parking_v4, NULL, 0, "id", parking_v4_indexes},
	{"ballots", ballots_v4, NULL, 0, "id", ballots_v4_indexes},
	{"ballot_candidates", candidates_v4, "PRIMARY KEY (ballot_id, position)",
	 TABLE_WITHOUT_ROWID, "ballot_id, position", candidates_v4_indexes},
	{"ballot_pairs", pairs_v4, "PRIMARY KEY (ballot_id, winner, loser)",
	 TABLE_WITHOUT_ROWID, "ballot_id, winner, loser", no_indexes},
	{"ballot_voters", voters_v4, "PRIMARY KEY (ballot_id, participant_id)",
	 TABLE_WITHOUT_ROWID, "ballot_id, participant_id", no_indexes},
	{"ballot_choices", choices_v4, "PRIMARY KEY (ballot_id, participant_id, position)",
	 TABLE_WITHOUT_ROWID, "ballot_id, participant_id, position", no_indexes},
};

/* ---- the CHECKs of version 4 ----
 *
 * Whole numbers take their bounds from sessions/bounds.h, where the loader
 * finds them too. Texts are held to the lengths the model allows (in bytes,
 * as the model counts them); real numbers must be finite; and a few columns
 * are held to each other, as the loader holds them. */

#define BOUND_AS_ENTRY(id, table, column, min, max, null_ok) \
	[BOUND_##id] = {table, column, min, max, null_ok},
const struct store_bound store_bounds[BOUND_COUNT] = {STORE_BOUNDS(BOUND_AS_ENTRY)};
#undef BOUND_AS_ENTRY

const struct schema_text_bound schema_text_bounds[] = {
	{"sessions", "title", TEXT_MAX_NAME},
	{"sessions", "organization", TEXT_MAX_NAME},
	{"sessions", "unit", TEXT_MAX_NAME},
	{"sessions", "facilitator", TEXT_MAX_NAME},
	{"participants", "name", TEXT_MAX_NAME},
	{"dimensions", "name", TEXT_MAX_NAME},
	{"dimensions", "question", TEXT_MAX_ITEM},
	{"dimensions", "low", TEXT_MAX_ITEM},
	{"dimensions", "high", TEXT_MAX_ITEM},
	{"notes", "text", TEXT_MAX_NOTE},
	{"team_values", "text", TEXT_MAX_ITEM},
	{"goals", "text", TEXT_MAX_ITEM},
	{"metrics", "name", TEXT_MAX_ITEM},
	{"metrics", "unit", TEXT_MAX_NAME},
	{"steps", "text", TEXT_MAX_ITEM},
	{"steps", "owner", TEXT_MAX_NAME},
	{"parking_lot", "text", TEXT_MAX_ITEM},
};
const size_t schema_ntext_bounds = sizeof schema_text_bounds / sizeof schema_text_bounds[0];

/* Columns that may hold any finite number, or NULL. */
static const struct {
	const char *table, *column;
} finite_columns[] = {
	{"metrics", "baseline"},
	{"metrics", "target"},
	{"measurements", "value"},
};

/* One column against another: what a row must satisfy, and the words
 * (the loader's own) for a row that does not. */
static const struct {
	const char *table, *holds, *words;
} relations[] = {
	{"dimensions", "scale_min < scale_max", "scale_min is not below scale_max"},
	{"dimensions", "group_score IS NULL OR group_score BETWEEN scale_min AND scale_max",
	 "group_score is outside its scale"},
	{"ballots", "cap <= budget", "cap is above budget"},
	{"ballots", "score_min < score_max", "score_min is not below score_max"},
};

/* ---- making version 4's statements ---- */

/* An SQL string literal holding text. */
static void add_literal(struct sbuf *sql, const char *text)
{
	sbuf_addc(sql, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			sbuf_addc(sql, '\'');
		sbuf_addc(sql, *p);
	}
	sbuf_addc(sql, '\'');
}

/* One CHECK of a table: what holds for a row that may stay, and an SQL
 * expression saying what is wrong with a row for which it does not. */
typedef void (*check_fn)(const char *holds, const char *words, void *ctx);

static void whole_check(const struct store_bound *b, check_fn fn, void *ctx)
{
	struct sbuf holds = SBUF_INIT, words = SBUF_INIT;
	if (b->null_ok)
		sbuf_addf(&holds, "%s IS NULL OR ", b->column);
	sbuf_addf(&holds, "(typeof(%s) = 'integer' AND %s BETWEEN %lld AND %lld)", b->column,
		  b->column, (long long)b->min, (long long)b->max);
	sbuf_addf(&words, "CASE WHEN typeof(%s) = 'integer' THEN '%s is ' || %s || ', outside "
		  "%lld to %lld' ELSE '%s is not a whole number' END", b->column, b->column,
		  b->column, (long long)b->min, (long long)b->max, b->column);
	fn(sbuf_str(&holds), sbuf_str(&words), ctx);
	sbuf_free(&holds);
	sbuf_free(&words);
}

static void text_check(const struct schema_text_bound *t, check_fn fn, void *ctx)
{
	struct sbuf holds = SBUF_INIT, words = SBUF_INIT;
	sbuf_addf(&holds, "length(CAST(%s AS BLOB)) <= %zu", t->column, t->max);
	sbuf_addf(&words, "'%s is ' || length(CAST(%s AS BLOB)) || ' bytes long, more than %zu'",
		  t->column, t->column, t->max);
	fn(sbuf_str(&holds), sbuf_str(&words), ctx);
	sbuf_free(&holds);
	sbuf_free(&words);
}

static void finite_check(const char *column, check_fn fn, void *ctx)
{
	struct sbuf holds = SBUF_INIT, words = SBUF_INIT;
	/* x - x is 0 for every finite x, and NaN (which SQLite makes NULL) for
	 * an infinity: no bound written as a number the reader must parse. */
	sbuf_addf(&holds, "%s IS NULL OR (typeof(%s) IN ('integer', 'real') AND "
		  "coalesce(%s - %s, 1) = 0)", column, column, column, column);
	sbuf_addf(&words, "'%s is not a finite number'", column);
	fn(sbuf_str(&holds), sbuf_str(&words), ctx);
	sbuf_free(&holds);
	sbuf_free(&words);
}

static void each_check(const char *table, check_fn fn, void *ctx)
{
	for (size_t i = 0; i < BOUND_COUNT; i++)
		if (store_bounds[i].table && strcmp(store_bounds[i].table, table) == 0)
			whole_check(&store_bounds[i], fn, ctx);
	for (size_t i = 0; i < schema_ntext_bounds; i++)
		if (strcmp(schema_text_bounds[i].table, table) == 0)
			text_check(&schema_text_bounds[i], fn, ctx);
	for (size_t i = 0; i < sizeof finite_columns / sizeof finite_columns[0]; i++)
		if (strcmp(finite_columns[i].table, table) == 0)
			finite_check(finite_columns[i].column, fn, ctx);
	for (size_t i = 0; i < sizeof relations / sizeof relations[0]; i++) {
		if (strcmp(relations[i].table, table) != 0)
			continue;
		struct sbuf words = SBUF_INIT;
		add_literal(&words, relations[i].words);
		fn(relations[i].holds, sbuf_str(&words), ctx);
		sbuf_free(&words);
	}
}

static void add_constraint(const char *holds, const char *words, void *ctx)
{
	(void)words;
	sbuf_addf(ctx, ", CHECK (%s)", holds);
}

/* The names of a table's columns, each the first word of its definition. */
static void add_column_names(struct sbuf *sql, const struct rebuilt_table *t)
{
	for (const char *const *c = t->columns; *c; c++) {
		if (c != t->columns)
			sbuf_adds(sql, ", ");
		sbuf_add(sql, *c, strcspn(*c, " "));
	}
}

/* The new table beside the old one, filled from it, then in its place. */
static void add_rebuild(struct sbuf *sql, const struct rebuilt_table *t)
{
	sbuf_addf(sql, "CREATE TABLE improv_new_%s (", t->name);
	for (const char *const *c = t->columns; *c; c++)
		sbuf_addf(sql, "%s%s", c == t->columns ? "" : ", ", *c);
	if (t->tail)
		sbuf_addf(sql, ", %s", t->tail);
	each_check(t->name, add_constraint, sql);
	sbuf_addf(sql, ")%s;\n", t->flags & TABLE_WITHOUT_ROWID ? " WITHOUT ROWID" : "");
	/* The highest id ever given moves along, so that none is given again. */
	if (t->flags & TABLE_SEQUENCED)
		sbuf_addf(sql, "INSERT INTO sqlite_sequence (name, seq) SELECT 'improv_new_%s', seq"
			  " FROM sqlite_sequence WHERE name = '%s';\n", t->name, t->name);
	sbuf_addf(sql, "INSERT INTO improv_new_%s (", t->name);
	add_column_names(sql, t);
	sbuf_adds(sql, ") SELECT ");
	add_column_names(sql, t);
	sbuf_addf(sql, " FROM %s;\nDROP TABLE %s;\nALTER TABLE improv_new_%s RENAME TO %s;\n",
		  t->name, t->name, t->name, t->name);
	for (const char *const *i = t->indexes; *i; i++)
		sbuf_addf(sql, "%s\n", *i);
}

struct refusal {
	struct sbuf *sql;
	const struct rebuilt_table *table;
};

/* "timers row with session_id 3, stage 'steps'", as SQL. */
static void add_row_name(struct sbuf *sql, const struct rebuilt_table *t)
{
	sbuf_addf(sql, "'%s row with '", t->name);
	for (const char *k = t->key; *k;) {
		size_t n = strcspn(k, ",");
		sbuf_addf(sql, " || '%s%.*s ' || quote(%.*s)", k == t->key ? "" : ", ", (int)n, k,
			  (int)n, k);
		k += n;
		k += strspn(k, ", ");
	}
}

static void add_refusal(const char *holds, const char *words, void *ctx)
{
	struct refusal *r = ctx;
	sbuf_adds(r->sql, " UNION ALL SELECT ");
	add_row_name(r->sql, r->table);
	sbuf_addf(r->sql, " || ': ' || (%s) FROM %s WHERE NOT (%s)", words, r->table->name, holds);
}

/* Makes the statements of version 4, and the query that finds the first
 * row they could not keep: a number or a text out of bounds, or a row
 * naming one that is not there (the rebuilt tables are checked for that
 * before they are committed). */
static void schema_v4_make(struct sbuf *sql, struct sbuf *refuse)
{
	sbuf_adds(refuse, "SELECT what FROM (SELECT 'the ' || \"table\" || ' row'"
		  " || coalesce(' ' || rowid, '') || ' names a ' || parent || ' row that is"
		  " not there' AS what FROM pragma_foreign_key_check");
	for (size_t i = 0; i < sizeof rebuilt_tables / sizeof rebuilt_tables[0]; i++) {
		add_rebuild(sql, &rebuilt_tables[i]);
		struct refusal r = {refuse, &rebuilt_tables[i]};
		each_check(rebuilt_tables[i].name, add_refusal, &r);
	}
	sbuf_adds(refuse, ") LIMIT 1");
}

/* Version 5: whether the current state's ratings are shown as they are
 * given, or private until the facilitator reveals them. A session made
 * before had them shown. */
static const char *const schema_v5[] = {
	"ALTER TABLE sessions ADD COLUMN ratings TEXT NOT NULL DEFAULT 'shown'"
	"  CHECK (ratings IN ('shown','private','revealed'));",
	NULL,
};

/* Version 6: a secret dots or approval ballot's paper wall, its count per
 * step kept apart from the votes cast (the people at the wall are the
 * ballot's tally_voters). */
#define WALL_POINTS_MAX 9900000
_Static_assert(WALL_POINTS_MAX == TALLY_POINTS_LIMIT, "the CHECK of schema 6 is the bound");
static const char *const schema_v6[] = {
	"ALTER TABLE ballot_candidates ADD COLUMN wall_points INTEGER NOT NULL DEFAULT 0"
	"  CHECK (typeof(wall_points) = 'integer' AND"
	"         wall_points BETWEEN 0 AND " SQL_NUMBER(WALL_POINTS_MAX) ");",
	NULL,
};

/* Version 7: the day a participant left the room; their column and what
 * they gave stay counted (NULL: still in it). */
static const char *const schema_v7[] = {
	"ALTER TABLE participants ADD COLUMN left_on TEXT;",
	NULL,
};

/* Version 8: the home list's order as an index, so that a screen of it is
 * read without sorting every session. */
static const char *const schema_v8[] = {
	"CREATE INDEX sessions_home ON sessions(organization COLLATE NOCASE,"
	"  unit COLLATE NOCASE, created_at DESC, id DESC);",
	NULL,
};

/* Version 9: every list kept in order, by its session and position: the
 * next position of a row added is one look-up (it read the session's
 * whole list, which made a session's import quadratic in its rows), and a
 * session's rows are read back in order without a sort. */
static const char *const schema_v9[] = {
	"CREATE INDEX participants_by_session ON participants(session_id, position);",
	"DROP INDEX values_by_session;",
	"CREATE INDEX values_by_session ON team_values(session_id, position);",
	"DROP INDEX goals_by_session;",
	"CREATE INDEX goals_by_session ON goals(session_id, position);",
	"DROP INDEX metrics_by_session;",
	"CREATE INDEX metrics_by_session ON metrics(session_id, position);",
	"DROP INDEX steps_by_session;",
	"CREATE INDEX steps_by_session ON steps(session_id, position);",
	"DROP INDEX parking_by_session;",
	"CREATE INDEX parking_by_session ON parking_lot(session_id, position);",
	"DROP INDEX ballots_by_session;",
	"CREATE INDEX ballots_by_session ON ballots(session_id, position);",
	NULL,
};

const struct store_migration schema_migrations[] = {
	{.version = 1, .sql = schema_v1},
	{.version = 2, .sql = schema_v2},
	{.version = 3, .sql = schema_v3, .refuse = schema_v3_refuse},
	{.version = 4, .make = schema_v4_make, .rebuilds = true},
	{.version = 5, .sql = schema_v5},
	{.version = 6, .sql = schema_v6},
	{.version = 7, .sql = schema_v7},
	{.version = 8, .sql = schema_v8},
	{.version = 9, .sql = schema_v9},
};

const size_t schema_nmigrations = sizeof schema_migrations / sizeof schema_migrations[0];
_Static_assert(sizeof schema_migrations / sizeof schema_migrations[0] == STORE_SCHEMA_VERSION,
	       "STORE_SCHEMA_VERSION names the last migration");
