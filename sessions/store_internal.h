/* store_internal: what the store's source files share: the connection,
 * the statements (each with its SQL beside its name, prepared once) and
 * the small binding helpers. Not for use outside sessions/. */
#ifndef IMPROV_SESSIONS_STORE_INTERNAL_H
#define IMPROV_SESSIONS_STORE_INTERNAL_H

#include <sqlite3.h>

#include "lib/date.h"
#include "lib/sbuf.h"
#include "sessions/store.h"

#define POSITION_NEXT(table) \
	"(SELECT coalesce(max(position), -1) + 1 FROM " table " WHERE session_id = ?1)"

/* A session the home filter ?1 (a LIKE pattern, escaped with \) lets
 * through: its title, organization or unit holds it; NULL lets all through. */
#define HOME_MATCHES \
	"(s.title LIKE ?1 ESCAPE '\\' OR s.organization LIKE ?1 ESCAPE '\\'" \
	" OR s.unit LIKE ?1 ESCAPE '\\')"
#define HOME_MATCHES_OR_NULL "(?1 IS NULL OR " HOME_MATCHES ")"

/* The home list's order (the index sessions_home), and the same read from
 * its end, which the index serves as well. */
#define HOME_ORDER "s.organization COLLATE NOCASE, s.unit COLLATE NOCASE," \
	" s.created_at DESC, s.id DESC"
#define HOME_ORDER_BACK "s.organization COLLATE NOCASE DESC, s.unit COLLATE NOCASE DESC," \
	" s.created_at, s.id"
#define LIST_SESSIONS(order) \
	"SELECT s.id, s.series_id, s.parent_id, s.iteration, s.title, s.organization," \
	" s.unit, s.template, s.level, s.stage, s.status, s.created_at, s.closed_at," \
	" CASE WHEN ?4 THEN (SELECT count(*) FROM participants p" \
	"  WHERE p.session_id = s.id) ELSE 0 END" \
	" FROM sessions s WHERE " HOME_MATCHES_OR_NULL " ORDER BY " order " LIMIT ?2 OFFSET ?3"

#define STMT_LIST(X) \
	X(S_BEGIN, "BEGIN IMMEDIATE") \
	X(S_BEGIN_READ, "BEGIN DEFERRED") \
	X(S_COMMIT, "COMMIT") \
	X(S_LIST_SESSIONS, LIST_SESSIONS(HOME_ORDER)) \
	X(S_LIST_SESSIONS_BACK, LIST_SESSIONS(HOME_ORDER_BACK)) \
	X(S_COUNT_SESSIONS, "SELECT count(*) FROM sessions") \
	X(S_COUNT_MATCHING, "SELECT count(*) FROM sessions s WHERE " HOME_MATCHES) \
	X(S_NEXT_ITERATION, "SELECT id FROM sessions WHERE parent_id = ?1 ORDER BY id LIMIT 1") \
	X(S_LOAD_SESSION, \
	  "SELECT id, series_id, parent_id, iteration, title, organization, unit, level," \
	  " template, facilitator, stage, status, scale_labels, created_at, closed_at," \
	  " ratings FROM sessions WHERE id = ?1") \
	X(S_LOAD_TIMERS, \
	  "SELECT stage, box_seconds, left_seconds, running_since FROM timers" \
	  " WHERE session_id = ?1") \
	X(S_LOAD_PARTICIPANTS, \
	  "SELECT id, name, left_on, origin_id FROM participants WHERE session_id = ?1" \
	  " ORDER BY position, id") \
	X(S_LOAD_DIMENSIONS, \
	  "SELECT id, key, name, question, low, high, scale_min, scale_max, group_score" \
	  " FROM dimensions WHERE session_id = ?1 ORDER BY position, id") \
	X(S_LOAD_RATINGS, \
	  "SELECT r.dimension_id, r.participant_id, r.score FROM ratings r" \
	  " JOIN dimensions d ON d.id = r.dimension_id WHERE d.session_id = ?1") \
	X(S_LOAD_NOTES, \
	  "SELECT n.dimension_id, n.id, n.kind, n.text FROM notes n" \
	  " JOIN dimensions d ON d.id = n.dimension_id WHERE d.session_id = ?1" \
	  " ORDER BY n.dimension_id, n.position, n.id") \
	X(S_LOAD_PREVIOUS_MEANS, \
	  "SELECT d.key, CASE WHEN d.group_score IS NOT NULL THEN d.group_score" \
	  " ELSE (SELECT avg(score) FROM ratings r WHERE r.dimension_id = d.id) END" \
	  " FROM dimensions d WHERE d.session_id = ?1") \
	X(S_LOAD_VALUES, \
	  "SELECT id, text, origin_id FROM team_values WHERE session_id = ?1" \
	  " ORDER BY position, id") \
	X(S_LOAD_GOALS, \
	  "SELECT id, text, dimension, status, origin_id FROM goals WHERE session_id = ?1" \
	  " ORDER BY position, id") \
	X(S_LOAD_METRICS, \
	  "SELECT id, goal_id, name, unit, direction, baseline, baseline_date, target," \
	  " target_date, origin_id FROM metrics WHERE session_id = ?1 ORDER BY position, id") \
	X(S_LOAD_MEASUREMENTS, \
	  "SELECT m.metric_id, m.id, m.value, m.taken_on FROM measurements m" \
	  " JOIN metrics x ON x.id = m.metric_id WHERE x.session_id = ?1" \
	  " ORDER BY m.metric_id, m.taken_on, m.id") \
	X(S_LOAD_STEPS, \
	  "SELECT id, text, horizon, status, owner, goal_id, impact, effort, points, rank," \
	  " origin_id FROM steps WHERE session_id = ?1 ORDER BY position, id") \
	X(S_LOAD_PARKING, \
	  "SELECT id, text, origin_id FROM parking_lot WHERE session_id = ?1" \
	  " ORDER BY position, id") \
	X(S_LOAD_BALLOTS, \
	  "SELECT id, method, entry, status, anonymous, budget, cap, score_min, score_max," \
	  " tally_voters," \
	  " (SELECT count(*) FROM ballot_candidates c WHERE c.ballot_id = ballots.id)" \
	  " FROM ballots WHERE session_id = ?1 ORDER BY position, id") \
	X(S_LOAD_CANDIDATES, \
	  "SELECT position, step_id, points, impact_sum, effort_sum, score_count, wall_points" \
	  " FROM ballot_candidates WHERE ballot_id = ?1 ORDER BY position") \
	X(S_LOAD_PAIRS, \
	  "SELECT winner, loser, count FROM ballot_pairs WHERE ballot_id = ?1") \
	X(S_LOAD_VOTERS, \
	  "SELECT participant_id FROM ballot_voters WHERE ballot_id = ?1" \
	  " ORDER BY participant_id") \
	X(S_INSERT_SERIES, \
	  "INSERT INTO series (organization, unit, created_at) VALUES (?1, ?2, ?3)") \
	X(S_INSERT_SESSION, \
	  "INSERT INTO sessions (series_id, parent_id, iteration, title, organization, unit," \
	  " level, template, facilitator, stage, status, scale_labels, created_at, closed_at," \
	  " ratings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)") \
	X(S_UPDATE_SESSION, \
	  "UPDATE sessions SET title = ?2, organization = ?3, unit = ?4, level = ?5," \
	  " facilitator = ?6, stage = ?7, status = ?8, closed_at = ?9, ratings = ?10" \
	  " WHERE id = ?1") \
	X(S_SAVE_TIMER, \
	  "INSERT INTO timers (session_id, stage, box_seconds, left_seconds, running_since)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (session_id, stage) DO UPDATE SET" \
	  " box_seconds = ?3, left_seconds = ?4, running_since = ?5") \
	X(S_INSERT_DIMENSION, \
	  "INSERT INTO dimensions (session_id, position, key, name, question, low, high," \
	  " scale_min, scale_max, group_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_SAVE_GROUP_SCORE, "UPDATE dimensions SET group_score = ?2 WHERE id = ?1") \
	X(S_SAVE_RATING, \
	  "INSERT INTO ratings (dimension_id, participant_id, score) VALUES (?1, ?2, ?3)" \
	  " ON CONFLICT (dimension_id, participant_id) DO UPDATE SET score = ?3") \
	X(S_DELETE_RATING, \
	  "DELETE FROM ratings WHERE dimension_id = ?1 AND participant_id = ?2") \
	X(S_DELETE_NOTES, "DELETE FROM notes WHERE dimension_id = ?1") \
	X(S_INSERT_NOTE, \
	  "INSERT INTO notes (dimension_id, position, kind, text) VALUES (?1, ?2, ?3, ?4)") \
	X(S_INSERT_PARTICIPANT, \
	  "INSERT INTO participants (session_id, position, name, left_on, origin_id)" \
	  " VALUES (?1, " POSITION_NEXT("participants") ", ?2, ?3, ?4)") \
	X(S_UPDATE_PARTICIPANT, \
	  "UPDATE participants SET name = ?2, left_on = ?3 WHERE id = ?1") \
	X(S_FOLLOW_OWNER, \
	  "UPDATE steps SET owner = ?2 WHERE owner = (SELECT name FROM participants WHERE id = ?1)" \
	  " AND session_id = (SELECT session_id FROM participants WHERE id = ?1)") \
	X(S_UNNAME_PARTICIPANTS, \
	  "UPDATE participants SET name = char(1) || id WHERE session_id = ?1") \
	X(S_ORDER_PARTICIPANT, "UPDATE participants SET position = ?2 WHERE id = ?1") \
	X(S_DELETE_PARTICIPANT, "DELETE FROM participants WHERE id = ?1") \
	X(S_INSERT_VALUE, \
	  "INSERT INTO team_values (session_id, position, text, origin_id)" \
	  " VALUES (?1, " POSITION_NEXT("team_values") ", ?2, ?3)") \
	X(S_UPDATE_VALUE, "UPDATE team_values SET text = ?2 WHERE id = ?1") \
	X(S_ORDER_VALUE, "UPDATE team_values SET position = ?2 WHERE id = ?1") \
	X(S_DELETE_VALUE, "DELETE FROM team_values WHERE id = ?1") \
	X(S_INSERT_GOAL, \
	  "INSERT INTO goals (session_id, position, text, dimension, status, origin_id)" \
	  " VALUES (?1, " POSITION_NEXT("goals") ", ?2, ?3, ?4, ?5)") \
	X(S_UPDATE_GOAL, \
	  "UPDATE goals SET text = ?2, dimension = ?3, status = ?4 WHERE id = ?1") \
	X(S_ORDER_GOAL, "UPDATE goals SET position = ?2 WHERE id = ?1") \
	X(S_DELETE_GOAL, "DELETE FROM goals WHERE id = ?1") \
	X(S_INSERT_METRIC, \
	  "INSERT INTO metrics (session_id, position, goal_id, name, unit, direction," \
	  " baseline, baseline_date, target, target_date, origin_id)" \
	  " VALUES (?1, " POSITION_NEXT("metrics") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_UPDATE_METRIC, \
	  "UPDATE metrics SET goal_id = ?2, name = ?3, unit = ?4, direction = ?5," \
	  " baseline = ?6, baseline_date = ?7, target = ?8, target_date = ?9 WHERE id = ?1") \
	X(S_ORDER_METRIC, "UPDATE metrics SET position = ?2 WHERE id = ?1") \
	X(S_DELETE_METRIC, "DELETE FROM metrics WHERE id = ?1") \
	X(S_INSERT_MEASUREMENT, \
	  "INSERT INTO measurements (metric_id, value, taken_on) VALUES (?1, ?2, ?3)") \
	X(S_INSERT_STEP, \
	  "INSERT INTO steps (session_id, position, text, horizon, status, owner, goal_id," \
	  " impact, effort, points, rank, origin_id)" \
	  " VALUES (?1, " POSITION_NEXT("steps") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") \
	X(S_UPDATE_STEP, \
	  "UPDATE steps SET text = ?2, horizon = ?3, status = ?4, owner = ?5, goal_id = ?6," \
	  " impact = ?7, effort = ?8, points = ?9, rank = ?10 WHERE id = ?1") \
	X(S_ORDER_STEP, "UPDATE steps SET position = ?2 WHERE id = ?1") \
	X(S_DELETE_STEP, "DELETE FROM steps WHERE id = ?1") \
	X(S_INSERT_PARKED, \
	  "INSERT INTO parking_lot (session_id, position, text, origin_id)" \
	  " VALUES (?1, " POSITION_NEXT("parking_lot") ", ?2, ?3)") \
	X(S_UPDATE_PARKED, "UPDATE parking_lot SET text = ?2 WHERE id = ?1") \
	X(S_ORDER_PARKED, "UPDATE parking_lot SET position = ?2 WHERE id = ?1") \
	X(S_DELETE_PARKED, "DELETE FROM parking_lot WHERE id = ?1") \
	X(S_INSERT_BALLOT, \
	  "INSERT INTO ballots (session_id, position, method, entry, status, anonymous," \
	  " budget, cap, score_min, score_max, tally_voters)" \
	  " VALUES (?1, " POSITION_NEXT("ballots") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_UPDATE_BALLOT, \
	  "UPDATE ballots SET status = ?2, anonymous = ?3, budget = ?4, cap = ?5," \
	  " score_min = ?6, score_max = ?7, tally_voters = ?8 WHERE id = ?1") \
	X(S_CLEAR_CANDIDATES, "DELETE FROM ballot_candidates WHERE ballot_id = ?1") \
	X(S_CLEAR_PAIRS, "DELETE FROM ballot_pairs WHERE ballot_id = ?1") \
	X(S_CLEAR_VOTERS, "DELETE FROM ballot_voters WHERE ballot_id = ?1") \
	X(S_SAVE_CANDIDATE, \
	  "INSERT INTO ballot_candidates (ballot_id, position, step_id, points, impact_sum," \
	  " effort_sum, score_count, wall_points) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") \
	X(S_SAVE_PAIR, \
	  "INSERT INTO ballot_pairs (ballot_id, winner, loser, count) VALUES (?1, ?2, ?3, ?4)") \
	X(S_SAVE_CHOICE, \
	  "INSERT OR IGNORE INTO ballot_choices (ballot_id, participant_id, position, points," \
	  " impact, effort) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(S_LOAD_CHOICES, \
	  "SELECT participant_id, position, points, impact, effort FROM ballot_choices" \
	  " WHERE ballot_id = ?1 ORDER BY participant_id, position") \
	X(S_SAVE_VOTER, \
	  "INSERT INTO ballot_voters (ballot_id, participant_id) VALUES (?1, ?2)") \
	X(S_SAVE_STEP_RESULT, "UPDATE steps SET points = ?2, rank = ?3 WHERE id = ?1") \
	X(S_LEASE_GET, \
	  "SELECT token, who, host, pid, since, renewed FROM leases WHERE session_id = ?1") \
	X(S_LEASE_PUT, \
	  "INSERT INTO leases (session_id, token, who, host, pid, since, renewed)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (session_id) DO UPDATE SET" \
	  " token = ?2, who = ?3, host = ?4, pid = ?5, since = ?6, renewed = ?6") \
	X(S_LEASE_RENEW, \
	  "UPDATE leases SET renewed = ?3 WHERE session_id = ?1 AND token = ?2") \
	X(S_LEASE_DROP, "DELETE FROM leases WHERE session_id = ?1 AND token = ?2") \
	X(S_SESSION_NAME, "SELECT title, iteration, series_id FROM sessions WHERE id = ?1") \
	X(S_SERIES_SESSIONS, \
	  "SELECT id FROM sessions WHERE series_id = ?1 ORDER BY iteration DESC, id DESC") \
	X(S_DELETE_SESSION, "DELETE FROM sessions WHERE id = ?1") \
	X(S_DELETE_EMPTY_SERIES, \
	  "DELETE FROM series WHERE id = ?1" \
	  " AND NOT EXISTS (SELECT 1 FROM sessions WHERE series_id = ?1)")

#define STMT_ENUM(name, sql) name,
enum stmt { STMT_LIST(STMT_ENUM) STMT_COUNT };

struct store {
	sqlite3 *db;
	char *path;
	char *backup_path;
	bool read_only;
	bool damaged;           /* SQLite has seen damage: nothing more is written */
	int version;
	char token[33];         /* this process's lease token */
	int64_t leased;         /* the session whose lease this store took, or 0 */
	bool cast_unsure;       /* see store_cast_unsure */
	sqlite3_stmt *stmts[STMT_COUNT];
};

/* The statement, prepared on first use; NULL with err set on failure. */
sqlite3_stmt *store_stmt(struct store *st, enum stmt which, struct error *err);
void store_done(sqlite3_stmt *s);
enum err_code store_exec(struct store *st, sqlite3_stmt *s, const char *doing,
			 struct error *err);
/* Turns the connection's last error into one line for the user. */
enum err_code store_fail(struct store *st, const char *doing, struct error *err);
/* Runs one statement or several; store_fail's words when one fails. */
enum err_code store_run_sql(struct store *st, const char *sql, const char *doing,
			    struct error *err);
/* The first column of a pragma's (or a query's) first row, or -1. */
int64_t store_pragma_int(struct store *st, const char *sql);

/* Takes the file from its version to the last of list's steps (as_is:
 * leaves it at its own): refuses a file a step cannot take, leaving it
 * untouched; otherwise backs it up first when it held a schema already. */
enum err_code store_migrate(struct store *st, const struct store_migration *list, size_t n,
			    bool as_is, struct error *err);

/* Now as an ISO time that is safe in a file name: "2026-11-28T16-00-00Z". */
void store_time_stamp(char out[CLOCK_ISO_SIZE]);
/* Takes the name stem + ext, else stem-2 + ext, ...: creates the file empty
 * (mode 0600) and exclusively, so that renaming over it replaces no one
 * else's file. */
enum err_code store_reserve_name(const char *stem, const char *ext, struct sbuf *name,
				 struct error *err);

/* The header's checks (store_inspect) as one line in err; *is_new is set
 * for a missing or empty file, which is safe to build a database in. */
enum err_code store_check_header(const char *path, int max_version, bool *is_new,
				 struct error *err);

/* A change: BEGIN IMMEDIATE ... store_commit or store_rollback (or
 * store_finish with the change's status). */
enum err_code store_begin(struct store *st, struct error *err);
/* A read seen as of one moment: store_begin_read ... store_end_read. */
enum err_code store_begin_read(struct store *st, struct error *err);
void store_end_read(struct store *st);
enum err_code store_commit(struct store *st, struct error *err);
void store_rollback(struct store *st);
enum err_code store_finish(struct store *st, enum err_code code, struct error *err);

/* BEGIN IMMEDIATE, then, when this store took the lease of session_id,
 * the check inside the transaction that it still holds it (renewing it in
 * the same statement); ERR_BUSY with STORE_LEASE_LOST, rolled back, when
 * another window has taken the session over. */
enum err_code store_begin_session(struct store *st, int64_t session_id, struct error *err);
/* The same check inside a transaction the caller holds. */
enum err_code store_lease_check(struct store *st, int64_t session_id, struct error *err);
/* Inside a transaction the caller holds: ERR_BUSY when another live
 * window holds session_id's lease (a lease this store holds, or one whose
 * process is gone, does not count); `doing` ends the message. */
enum err_code store_lease_refuse_other(struct store *st, int64_t session_id, const char *doing,
				       struct error *err);

/* The same, holding the database file alone from the transaction's start
 * to the checkpoint that empties the log after it (an anonymous vote):
 * ERR_BUSY, nothing written, while another connection has the file open.
 * store_finish_alone commits, checkpoints and lets the file be shared. */
enum err_code store_begin_alone(struct store *st, int64_t session_id, struct error *err);
enum err_code store_finish_alone(struct store *st, enum err_code code, struct error *err);

#define STORE_BUSY_TIMEOUT_MS 5000

/* Inserts a whole session inside the transaction the caller holds (as
 * store_create_session does in one of its own). */
enum err_code store_insert_session(struct store *st, struct session *s, struct error *err);

void bind_text(sqlite3_stmt *s, int i, const char *text);
void bind_text_or_empty(sqlite3_stmt *s, int i, const char *text);
void bind_id(sqlite3_stmt *s, int i, int64_t id);
void bind_real(sqlite3_stmt *s, int i, double v);
void bind_date(sqlite3_stmt *s, int i, long day);
void bind_time(sqlite3_stmt *s, int i, time_t t);

/* Column readers: NULL text as NULL (or ""), NULL numbers as the fallback. */
char *column_text(sqlite3_stmt *s, int i);
char *column_text_or_empty(sqlite3_stmt *s, int i);
int64_t column_id(sqlite3_stmt *s, int i);
double column_real(sqlite3_stmt *s, int i);
long column_date(sqlite3_stmt *s, int i);
time_t column_time(sqlite3_stmt *s, int i);
enum level column_level(sqlite3_stmt *s, int i);
enum stage column_stage(sqlite3_stmt *s, int i);
enum session_status column_status(sqlite3_stmt *s, int i);

#endif
