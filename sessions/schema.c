#include "sessions/schema.h"

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

const struct store_migration schema_migrations[] = {
	{1, schema_v1, NULL},
	{2, schema_v2, NULL},
	{3, schema_v3, schema_v3_refuse},
};

const size_t schema_nmigrations = sizeof schema_migrations / sizeof schema_migrations[0];
