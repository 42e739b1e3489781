/* import: reads back the tree `improv export` writes (JSON, or the same tree
 * in YAML) and builds a session from it through the model's own functions,
 * so imported data obeys every rule a screen does. Nothing is stored here:
 * the caller gives the session to store_create_session, which gives every
 * row a fresh id.
 *
 * What the file must hold: "format": "improv.session", "format_version": 1
 * (a newer version is refused) and "session" with a "title".
 *
 * A plan: a file with "template: KEY" at the top (or whose session names
 * its template and which gives a dimension by its key alone, as no export
 * does) is written by hand from that template. It may leave out the header and the session (whose title
 * is then the template's name); its dimensions need only their "key" (an
 * unknown one is refused, naming the template's), and none listed means
 * all of the template's. Name, question, low, high, the scale, the scale
 * labels and the timeboxes come from the template unless the file gives
 * them; the session's template is the one named. Everything
 * else may be left out and then takes what an empty export shows (no
 * participants, no items, level team, stage current_state, status open, no
 * timers, no template key).
 *
 * Reading:
 * - A file whose first character (after a byte order mark and blanks) is
 *   '{' or '[' is JSON and is read as JSON, strictly (lib/json_reader.h);
 *   any other is YAML (lib/yaml_reader.h).
 * - Unknown keys are ignored, anywhere: later versions of the format may
 *   add keys (the export's promise), and an older improv still reads them.
 * - Ids are labels. They tie goals to metrics and steps and steps to
 *   ballots within the file; they must be whole numbers from 1 to 10^15 and
 *   unique among goals and among steps. The store gives fresh ids and keeps
 *   the links. An item without an id can be referred to by nothing.
 * - Types are strict: a number is an unquoted number ("5" in quotes is
 *   text), true and false are unquoted, and text may be any scalar that is
 *   not null. Numbers must be finite and at most 10^15 in size. Texts are
 *   checked as the model checks them (valid UTF-8, not empty when required,
 *   the model's lengths) and no text may hold a NUL.
 * - Derived values are ignored: mean, stddev, spread, distribution,
 *   previous_mean, change (dimensions); current, progress, status
 *   (metrics); and the rank, tied, quadrant, tie_rule and condorcet_step_id
 *   of ballot results.
 * - origin_id, series_id and parent_id are ignored: an imported session
 *   starts a series of its own, linked to no earlier session. iteration,
 *   created_at and closed_at are kept. A session is closed exactly when
 *   it has a closed_at, and closed_at is not before created_at.
 * - Every dimension has its own scale (0 to 10); scale_labels, when given,
 *   name the points of the first dimension's scale, one each.
 * - "timeboxes" gives minutes per stage (0 to 1440); timers start afresh.
 *
 * Ballots. The export holds no vote of any one person and, for a ballot
 * not yet revealed, no totals. So:
 * - method, entry, status, anonymous, budget, cap and candidates (step
 *   ids, or null for a step that was removed) come back as they were;
 *   the score range of a scoring ballot is the default 1 to 5 (no screen
 *   sets another).
 * - voters: a tally ballot's count of people at the wall comes back; a
 *   secret ballot's voters are those named under "voted", who may not be
 *   more than its "voters" says.
 * - What no ballot can hold is refused: a secret ballot's results are
 *   bounded by its "voters" (every participant there may be, when the
 *   file does not say): per step voters * cap dots, voters approvals or
 *   voters * (n - 1) Borda points; in all voters * budget dots or
 *   voters * n * (n - 1) / 2 Borda points (less when some ranked only a
 *   few); mean scores of at most that many voters within the range. So a
 *   ballot with 0 voters has no points. A tally with 0 voters was not
 *   counted, and its counts are checked as a tally's are.
 * - A revealed ballot's results give its totals back: the points of each
 *   step (dots, approvals, Borda points, or a tally's counts, checked as a
 *   tally is), or for a scoring ballot the mean impact and effort (kept as
 *   sums over the fewest voters that give exactly those means; the
 *   priority points follow from them). Rows with a null step_id go to the
 *   removed steps in the order both are listed.
 * - What a ballot not yet revealed held is lost: it comes back with no
 *   totals, as a fresh ballot would.
 * - A named ballot's record of who chose what is not in the export: it
 *   comes back with none.
 * - A ranked ballot's Condorcet winner is lost: it needs the pairwise
 *   counts, which the export does not hold.
 * - The revealed ballots are revealed again, in file order, which writes
 *   points and rank onto their steps. Where a step's points and rank in the
 *   file are what an earlier revealed ballot gave it (ballots revealed in
 *   another order than listed), that ballot's are kept.
 *
 * So export, import and export again give the same document apart from
 * ids (and the origin_id, series_id and parent_id links), previous_mean and
 * change (they need the earlier session), a secret ballot's voters and a
 * ranked ballot's condorcet_step_id; created_at and closed_at are kept
 * (the store fills in created_at when the file has none).
 *
 * Errors: ERR_NOINPUT (no such file), ERR_IO, or ERR_DATA with the message
 * "path:line:col: where: what" of lib/field_reader.h, where is a path into
 * the tree such as "dimensions[2].ratings[1].score" (list items counted
 * from 1). The message holds no control character from the file. */
#ifndef IMPROV_SESSIONS_IMPORT_H
#define IMPROV_SESSIONS_IMPORT_H

#include <stddef.h>

#include "lib/error.h"
#include "model/session.h"

/* Bounds beyond the model's own, so that no file can make the import slow
 * or large. */
#define IMPORT_MAX_ITEMS 10000        /* in any one list */
#define IMPORT_MAX_DIMENSIONS 100
#define IMPORT_MAX_BALLOTS 50
#define IMPORT_MAX_CANDIDATES 300     /* a ranked ballot keeps n * n counts */
#define IMPORT_MAX_TIMEBOX 1440       /* minutes */
#define IMPORT_MAX_ITERATION 9999
#define IMPORT_MAX_NUMBER 1e15        /* the largest size of any number */

/* Reads the file at path with the reader's default limits. On success *out
 * is a new session (id 0, never stored) the caller frees; on failure *out
 * is NULL. */
enum err_code import_session(const char *path, struct session **out, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));

/* The same from memory; name stands for the file in messages. */
enum err_code import_session_buffer(const char *name, const char *buf, size_t len,
				    struct session **out, struct error *err)
	__attribute__((nonnull(1, 4), warn_unused_result));

#endif
