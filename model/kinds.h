/* kinds: the small closed vocabularies of a workshop (levels, stages,
 * statuses, horizons, ...) with the names used in files and on screen.
 * Each list is written once, as an X-macro; the enum, the name table and
 * the parser all come from it. */
#ifndef IMPROV_MODEL_KINDS_H
#define IMPROV_MODEL_KINDS_H

#include <stdbool.h>

/* X(enumerator, "name in files", "label on screen") */
#define LEVEL_LIST(X) \
	X(LEVEL_INDIVIDUAL, "individual", "Individual") \
	X(LEVEL_TEAM, "team", "Team") \
	X(LEVEL_UNIT, "unit", "Unit") \
	X(LEVEL_ORGANIZATION, "organization", "Organization")

#define STAGE_LIST(X) \
	X(STAGE_SETUP, "setup", "Setup") \
	X(STAGE_CURRENT_STATE, "current_state", "Current state") \
	X(STAGE_GOALS_VALUES, "goals_values", "Goals & values") \
	X(STAGE_METRICS, "metrics", "Metrics") \
	X(STAGE_STEPS, "steps", "Steps") \
	X(STAGE_REVIEW, "review", "Review")

#define SESSION_STATUS_LIST(X) \
	X(SESSION_OPEN, "open", "Open") \
	X(SESSION_CLOSED, "closed", "Closed")

#define NOTE_KIND_LIST(X) \
	X(NOTE_STRENGTH, "strength", "Strength") \
	X(NOTE_GAP, "gap", "Gap")

#define GOAL_STATUS_LIST(X) \
	X(GOAL_ACTIVE, "active", "Active") \
	X(GOAL_REVISED, "revised", "Revised") \
	X(GOAL_ACHIEVED, "achieved", "Achieved") \
	X(GOAL_RETIRED, "retired", "Retired")

#define DIRECTION_LIST(X) \
	X(DIRECTION_UP, "up", "Higher is better") \
	X(DIRECTION_DOWN, "down", "Lower is better")

#define METRIC_STATUS_LIST(X) \
	X(METRIC_NO_DATA, "no_data", "No data") \
	X(METRIC_ON_TRACK, "on_track", "On track") \
	X(METRIC_AT_RISK, "at_risk", "At risk") \
	X(METRIC_OFF_TRACK, "off_track", "Off track") \
	X(METRIC_MET, "met", "Target met")

#define HORIZON_LIST(X) \
	X(HORIZON_SHORT, "short", "Short") \
	X(HORIZON_MEDIUM, "medium", "Medium") \
	X(HORIZON_LONG, "long", "Long")

#define STEP_STATUS_LIST(X) \
	X(STEP_PLANNED, "planned", "Planned") \
	X(STEP_DOING, "doing", "Doing") \
	X(STEP_DONE, "done", "Done") \
	X(STEP_DROPPED, "dropped", "Dropped") \
	X(STEP_CARRIED, "carried", "Carried on")

#define BALLOT_METHOD_LIST(X) \
	X(BALLOT_DOTS, "dots", "Dots") \
	X(BALLOT_APPROVAL, "approval", "Approval") \
	X(BALLOT_RANKED, "ranked", "Ranked (Borda)") \
	X(BALLOT_SCORING, "scoring", "Impact / effort")

#define BALLOT_ENTRY_LIST(X) \
	X(BALLOT_ENTRY_SECRET, "secret", "Secret ballots") \
	X(BALLOT_ENTRY_TALLY, "tally", "Tally entry")

#define BALLOT_STATUS_LIST(X) \
	X(BALLOT_OPEN, "open", "Open") \
	X(BALLOT_CLOSED, "closed", "Closed") \
	X(BALLOT_REVEALED, "revealed", "Revealed")

/* Whether the room sees each person's rating of the current state as it is
 * given, or only who has rated until the facilitator reveals them. */
#define RATINGS_LIST(X) \
	X(RATINGS_SHOWN, "shown", "Shown as typed") \
	X(RATINGS_PRIVATE, "private", "Private until revealed") \
	X(RATINGS_REVEALED, "revealed", "Revealed")

#define KIND_ENUMERATOR(e, name, label) e,

/* A vocabulary's names as data, for code that walks fields of any kind. */
struct kind_names {
	const char *const *names;
	unsigned count;
};
/* The name of value in files ("" when out of range); the value of name,
 * false when unknown. */
static inline const char *kind_names_name(const struct kind_names *k, int value)
{
	return value >= 0 && (unsigned)value < k->count ? k->names[value] : "";
}
bool kind_names_parse(const struct kind_names *k, const char *name, int *out);

/* For each list: the enum, its count, and
 *   const char *<kind>_name(enum)   the name in files ("" when out of range)
 *   const char *<kind>_label(enum)  the label on screen
 *   bool <kind>_parse(const char *name, enum *out)  false when unknown
 *   const struct kind_names <kind>_kind             the names as data */
#define KIND_DECLARE(kind, type, LIST, COUNT) \
	enum type { LIST(KIND_ENUMERATOR) COUNT }; \
	const char *kind##_name(enum type value); \
	const char *kind##_label(enum type value); \
	bool kind##_parse(const char *name, enum type *out); \
	extern const struct kind_names kind##_kind;

KIND_DECLARE(level, level, LEVEL_LIST, LEVEL_COUNT)
KIND_DECLARE(stage, stage, STAGE_LIST, STAGE_COUNT)
KIND_DECLARE(session_status, session_status, SESSION_STATUS_LIST, SESSION_STATUS_COUNT)
KIND_DECLARE(note_kind, note_kind, NOTE_KIND_LIST, NOTE_KIND_COUNT)
KIND_DECLARE(goal_status, goal_status, GOAL_STATUS_LIST, GOAL_STATUS_COUNT)
KIND_DECLARE(direction, direction, DIRECTION_LIST, DIRECTION_COUNT)
KIND_DECLARE(metric_status, metric_status, METRIC_STATUS_LIST, METRIC_STATUS_COUNT)
KIND_DECLARE(horizon, horizon, HORIZON_LIST, HORIZON_COUNT)
KIND_DECLARE(step_status, step_status, STEP_STATUS_LIST, STEP_STATUS_COUNT)
KIND_DECLARE(ballot_method, ballot_method, BALLOT_METHOD_LIST, BALLOT_METHOD_COUNT)
KIND_DECLARE(ballot_entry, ballot_entry, BALLOT_ENTRY_LIST, BALLOT_ENTRY_COUNT)
KIND_DECLARE(ballot_status, ballot_status, BALLOT_STATUS_LIST, BALLOT_STATUS_COUNT)
KIND_DECLARE(ratings, ratings, RATINGS_LIST, RATINGS_COUNT)

#endif
