/* session: one workshop in memory: who took part, the dimensions assessed
 * and their ratings, evidence notes, values, goals, metrics with their
 * measurements, steps, the parking lot and the ballots. Every change a
 * screen or a command makes goes through a function here, which checks it
 * and leaves the session untouched when it is refused. The store persists
 * what these functions change; the session owns all its strings. */
#ifndef IMPROV_MODEL_SESSION_H
#define IMPROV_MODEL_SESSION_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/error.h"
#include "model/ballot.h"
#include "model/kinds.h"
#include "model/stats.h"
#include "model/template.h"

#define RATING_NONE (-1)        /* a cell nobody has rated */
#define NO_DATE LONG_MIN        /* a date that is not set (day numbers) */

/* Longest texts, in bytes: a title reads on one line, a note is a sticky. */
#define TEXT_MAX_NAME 200
#define TEXT_MAX_ITEM 1000
#define TEXT_MAX_NOTE 2000
#define SESSION_MAX_PARTICIPANTS 250   /* a department voting from its phones */
/* A series' iterations, and a stage timer: what is left may run below zero
 * (overtime), and counting it from running_since must fit an int. */
#define SESSION_MAX_ITERATION 1000000
#define TIMER_SECONDS_LIMIT 100000000           /* about three years, either sign */
#define TIMER_SINCE_LIMIT 2147483647LL          /* a running timer's start, in seconds */

struct participant {
	int64_t id;             /* 0 until stored */
	int64_t origin_id;      /* the row it was copied from at a check-in, or 0 */
	char *name;
	/* The day they left the room, NO_DATE while they are in it. Someone
	 * who left keeps their column: their ratings and the votes they cast
	 * still count, but they rate and vote no more. */
	long left_on;
};

struct note {
	int64_t id;
	enum note_kind kind;
	char *text;
};

struct dimension {
	int64_t id;
	char *key, *name, *question, *low, *high;
	int scale_min, scale_max;
	int group_score;        /* RATING_NONE when the room rates person by person */
	int *scores;            /* one per participant, in participant order */
	struct note *notes;
	size_t nnotes, notes_cap;
	double previous_mean;   /* last time's mean at a check-in, or NAN */
};

struct value {
	int64_t id, origin_id;
	char *text;
};

struct goal {
	int64_t id, origin_id;
	char *text;
	char *dimension;        /* a dimension key, or NULL */
	enum goal_status status;
};

struct measurement {
	int64_t id;
	double value;
	long taken_on;          /* day number */
};

struct metric {
	int64_t id, origin_id;
	int64_t goal_id;        /* 0 when not tied to a goal */
	char *name, *unit;
	enum direction direction;
	double baseline, target;        /* NAN when not set */
	long target_date;               /* NO_DATE when not set */
	long baseline_date;             /* when the baseline holds from */
	struct measurement *measurements;  /* oldest first */
	size_t nmeasurements, measurements_cap;
};

#define SCORE_NONE 0            /* impact or effort not given */
/* A step no revealed ballot has scored. Not -1: a scoring ballot gives
 * negative points when effort outweighs impact. */
#define POINTS_NONE LONG_MIN

struct step {
	int64_t id, origin_id;
	char *text;
	enum horizon horizon;
	enum step_status status;
	char *owner;            /* NULL when nobody owns it yet */
	int64_t goal_id;        /* 0 when not tied to a goal */
	int impact, effort;     /* 1-5, or SCORE_NONE */
	long points;            /* from the last revealed ballot, or POINTS_NONE */
	int rank;               /* 1 = first; 0 when unranked */
};

struct parked {
	int64_t id, origin_id;
	char *text;
};

struct stage_timer {
	int box_seconds;        /* the timebox */
	int left_seconds;       /* what was left when last paused */
	time_t running_since;   /* 0 when paused */
};

struct session {
	int64_t id, series_id, parent_id;       /* parent_id 0: a first workshop */
	int iteration;
	char *title, *organization, *unit, *facilitator, *template_key;
	enum level level;
	enum stage stage;
	enum session_status status;
	enum ratings ratings;                   /* how the current state shows scores */
	time_t created_at, closed_at;           /* closed_at 0 while open */
	char **scale_labels;
	size_t nscale_labels;
	struct stage_timer timers[STAGE_COUNT];

	struct participant *participants;
	size_t nparticipants, participants_cap;
	struct dimension *dims;
	size_t ndims, dims_cap;
	struct value *values;
	size_t nvalues, values_cap;
	struct goal *goals;
	size_t ngoals, goals_cap;
	struct metric *metrics;
	size_t nmetrics, metrics_cap;
	struct step *steps;
	size_t nsteps, steps_cap;
	struct parked *parking;
	size_t nparking, parking_cap;
	struct ballot *ballots;
	size_t nballots, ballots_cap;
};

/* The fields of a new session, as the setup form or `improv new` gives them. */
struct session_setup {
	const char *title, *organization, *unit, *facilitator;
	enum level level;
	const char *const *participants;
	size_t nparticipants;
};

/* A new, empty session with the template's dimensions, scale and timeboxes.
 * Returns NULL with err set when a field is refused. */
struct session *session_create(const struct session_setup *setup,
			       const struct template *tpl, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));
/* An empty session with nothing in it, for the store to fill. */
struct session *session_alloc(void) __attribute__((returns_nonnull));
void session_free(struct session *s);

/* Checks a text a person typed: valid UTF-8, not empty once trimmed, at most
 * `max` bytes, no NUL. Returns a trimmed copy the caller frees, or NULL. */
char *session_text(const char *text, size_t max, const char *what, struct error *err)
	__attribute__((nonnull(1, 3), warn_unused_result));

/* Setup fields. `field` names are those of the JSON export. */
enum err_code session_set_field(struct session *s, const char *field, const char *text,
				struct error *err) __attribute__((nonnull(1, 2)));
/* What a stage is called: in a check-in, stage 0 is the review of last
 * time rather than setup. */
const char *stage_title(enum stage stage, bool checkin);
enum err_code session_set_stage(struct session *s, enum stage stage, struct error *err);
enum err_code session_close(struct session *s, time_t now, struct error *err);
enum err_code session_reopen(struct session *s, struct error *err);
bool session_is_closed(const struct session *s);
/* ERR_DATA, with the message that says so, when the session is closed. */
enum err_code session_refuse_closed(const struct session *s, struct error *err);

/* Participants. Adding gives every dimension an unrated cell for them. */
enum err_code session_add_participant(struct session *s, const char *name, struct error *err);
enum err_code session_rename_participant(struct session *s, size_t i, const char *name,
					 struct error *err);
enum err_code session_remove_participant(struct session *s, size_t i, struct error *err);
ptrdiff_t session_find_participant(const struct session *s, const char *name);
/* Participant i leaves on `day`, their ratings kept counted (removing them
 * takes the ratings out); refused when they have left already. */
enum err_code session_participant_leaves(struct session *s, size_t i, long day,
					 struct error *err);
/* Whether participant i is still in the room: may rate, vote, join. */
bool session_participant_here(const struct session *s, size_t i);
/* Who a ballot waits for: those still here, and those who left having
 * voted in it. */
size_t session_expected_voters(const struct session *s, const struct ballot *b);
/* A name typed for a person is one line of text: refuses a control
 * character (an escape, a newline), quoting the name as the screen would
 * show it. */
enum err_code session_check_name(const char *name, struct error *err);

/* Dimensions and ratings. */
ptrdiff_t session_find_dimension(const struct session *s, const char *key);
enum err_code session_rate(struct session *s, size_t dim, size_t participant, int score,
			   struct error *err);
/* Private ratings show who has rated and nothing else until revealed;
 * revealing makes them shown, hiding a revealed or shown table makes it
 * private again. */
enum err_code session_set_ratings(struct session *s, enum ratings ratings, struct error *err);
/* Whether the room may see each person's score now. */
bool session_scores_shown(const struct session *s);
enum err_code session_set_group_score(struct session *s, size_t dim, int score,
				      struct error *err);
/* Mean, spread and distribution of a dimension: the group score when set,
 * otherwise the participants' ratings. */
void session_dimension_stats(const struct session *s, size_t dim, struct rating_stats *out);
/* How many of the participants' scores of a dimension are kept but not
 * counted, because a group score stands for the room (0 without one). */
size_t session_uncounted_scores(const struct session *s, size_t dim);
enum err_code session_add_note(struct session *s, size_t dim, enum note_kind kind,
			       const char *text, struct error *err);
enum err_code session_edit_note(struct session *s, size_t dim, size_t i, const char *text,
				struct error *err);
enum err_code session_remove_note(struct session *s, size_t dim, size_t i, struct error *err);

/* Values, goals, metrics, steps, the parking lot: add, edit, remove, move. */
enum err_code session_add_value(struct session *s, const char *text, struct error *err);
enum err_code session_edit_value(struct session *s, size_t i, const char *text,
				 struct error *err);
enum err_code session_add_goal(struct session *s, const char *text, const char *dimension,
			       struct error *err);
enum err_code session_edit_goal(struct session *s, size_t i, const char *text,
				const char *dimension, struct error *err);
enum err_code session_set_goal_status(struct session *s, size_t i, enum goal_status st,
				      struct error *err);
enum err_code session_add_metric(struct session *s, const struct metric *fields,
				 struct error *err);
enum err_code session_edit_metric(struct session *s, size_t i, const struct metric *fields,
				  struct error *err);
enum err_code session_add_measurement(struct session *s, size_t metric, double value,
				      long taken_on, struct error *err);
enum err_code session_add_step(struct session *s, const struct step *fields,
			       struct error *err);
enum err_code session_edit_step(struct session *s, size_t i, const struct step *fields,
				struct error *err);
enum err_code session_set_step_status(struct session *s, size_t i, enum step_status st,
				      struct error *err);
enum err_code session_set_step_horizon(struct session *s, size_t i, enum horizon h,
				       struct error *err);
enum err_code session_park(struct session *s, const char *text, struct error *err);
enum err_code session_edit_parked(struct session *s, size_t i, const char *text,
				  struct error *err);

/* The lists that can be reordered and emptied item by item
 * (model/session_lists.c). */
enum session_list {
	LIST_PARTICIPANTS, LIST_VALUES, LIST_GOALS, LIST_METRICS, LIST_STEPS, LIST_PARKING,
	LIST_COUNT
};
size_t session_list_len(const struct session *s, enum session_list list);
/* Moves item `from` to position `to`, shifting those between. */
enum err_code session_move(struct session *s, enum session_list list, size_t from, size_t to,
			   struct error *err);
/* Removes item i. Removing a goal unties the metrics and steps tied to it;
 * removing a participant removes their ratings. */
enum err_code session_remove(struct session *s, enum session_list list, size_t i,
			     struct error *err);

/* A metric's latest measurement, or NAN; its progress and status today. */
double metric_current(const struct metric *m);
double metric_progress(const struct metric *m);
enum metric_status metric_status_on(const struct metric *m, long start_day, long today);

ptrdiff_t session_find_goal(const struct session *s, int64_t id);
ptrdiff_t session_find_step(const struct session *s, int64_t id);

/* Whether a step is still to do: neither done nor dropped. Only those are
 * on the roadmap, voted on and carried to a check-in. */
bool step_is_open(const struct step *st) __attribute__((nonnull));

/* Ballots: a new one over the steps still to do (not done, not dropped)
 * of one horizon, or of all (horizon < 0). */
enum err_code session_open_ballot(struct session *s, enum ballot_method method,
				  enum ballot_entry entry, int horizon, struct error *err);
/* A run-off: a secret ranked or approval ballot over the steps that
 * ballot `from` (revealed) ranked within the top `top` places, in the
 * order they were added. Every step tied at the last place is kept in,
 * so *taken (how many are on it) may be more than top. */
enum err_code session_open_runoff(struct session *s, enum ballot_method method, size_t from,
				  int top, size_t *taken, struct error *err)
	__attribute__((nonnull(1, 5), warn_unused_result));
/* Reveals ballot i (again, when it was): its points and ranks go onto the
 * steps, and steps it did not hold lose theirs, so that the steps show one
 * ballot, the one revealed last. */
enum err_code session_reveal_ballot(struct session *s, size_t i, struct error *err);
/* The ballot whose points and ranks the steps hold, every one of them
 * (the newest, when two gave the same), or -1: none, or a mixture that a
 * file from before this rule may hold. It tallies the revealed ballots:
 * compute it when the session changes, not on every draw. */
ptrdiff_t session_points_ballot(const struct session *s) __attribute__((nonnull));

#endif
