/* import_internal: what the parts of the import share. import.c reads the
 * document, the session's own fields, its participants, values, parking
 * lot and dimensions; import_steps.c the goals, metrics and steps;
 * import_ballots.c the ballots. Each list is read through the tables of
 * lib/field_reader.h, and each item is built through the model's own
 * functions. Not for use outside sessions/import*.c. */
#ifndef IMPROV_SESSIONS_IMPORT_INTERNAL_H
#define IMPROV_SESSIONS_IMPORT_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/field_reader.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/import.h"

#define ID_MAX 1000000000000000LL     /* 10^15: ids are labels, not counts */
#define POINTS_MAX BALLOT_POINTS_LIMIT /* a step's points or a result's, either sign */

/* A step's points and rank as the file gives them. */
struct step_told {
	long points;
	int rank;
};

/* What the import keeps while it builds the session; the field reader's
 * ctx. */
struct import {
	struct field_reader rd;
	struct template tpl;          /* the file's dimensions, scale labels and timeboxes */
	/* A plan names a template ("template:" at the top) and gives only
	 * what it changes: the rest comes from here. Not loaded: a full export. */
	struct template plan;
	bool is_plan;
	struct scale *scales;         /* each dimension's own scale */
	struct session *s;            /* NULL until the header and dimensions are read */
	size_t parent;                /* the dimension, metric or ballot whose list is read */
	int64_t *ids;                 /* a ballot's candidates, as they are read */
	bool *has_result;             /* which candidates a result row has been given */
	struct step_told *told;       /* each step's, as the file gives them */
	size_t told_cap;
	long voters;                  /* the ballot being read: its "voters", or -1 */
};

/* The import a callback of the field reader works for. */
static inline struct import *import_of(struct field_reader *rd)
{
	return rd->ctx;
}

/* ---- fields as the import reads them ---- */

/* Text as the model takes it, checked as session_text checks it (bounds
 * in f->max bytes, counted once trimmed), so that a refusal points at the
 * text; the model trims and copies it later. The member borrows the
 * tree's text. An optional text may be blank. */
enum err_code import_read_text(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base);

/* Dates (2026-06-30) and times (2026-11-28T16:00:00Z), each in that one
 * form, into a date_t and a time_t. */
enum err_code import_read_date(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base);
enum err_code import_read_time(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base);

#define IMPORT_FIELD(key, type, m, k, req) \
	.name = key, .kind = k, FIELD_MEMBER(type, m), .required = req
#define TEXT(key, type, m, req, most) \
	{ IMPORT_FIELD(key, type, m, FIELD_CUSTOM, req), .read = import_read_text, \
	  .what = "text", .max = most }
#define KEY(key, type, m, req) \
	{ IMPORT_FIELD(key, type, m, FIELD_CUSTOM, req), .read = import_read_text, \
	  .what = "text", .max = TEXT_MAX_NAME, .check = field_check_key }
#define WHOLE(key, type, m, req, lo, hi) \
	{ IMPORT_FIELD(key, type, m, FIELD_INTEGER, req), .min = lo, .max = hi }
#define ID(key, type, m) WHOLE(key, type, m, false, 1, ID_MAX)
#define NUMBER(key, type, m, req) \
	{ IMPORT_FIELD(key, type, m, FIELD_NUMBER, req), \
	  .min = -(long long)IMPORT_MAX_NUMBER, .max = (long long)IMPORT_MAX_NUMBER }
#define DATE(key, type, m, req) \
	{ IMPORT_FIELD(key, type, m, FIELD_CUSTOM, req), .read = import_read_date, \
	  .what = "a date" }
#define TIME(key, type, m) \
	{ IMPORT_FIELD(key, type, m, FIELD_CUSTOM, false), .read = import_read_time, \
	  .what = "a time" }
#define BOOL(key, type, m) { IMPORT_FIELD(key, type, m, FIELD_BOOLEAN, false) }
#define NAME(key, type, m, req, set) \
	{ IMPORT_FIELD(key, type, m, FIELD_ENUM, req), .names = &set }
#define RECORD(key, type, m, req, table_) \
	{ IMPORT_FIELD(key, type, m, FIELD_MAP, req), .table = &table_ }

/* The names of the model's vocabularies, for FIELD_ENUM. */
#define IMPORT_NAMES(kind, COUNT_, what) \
	static const char *kind##_at(int i) { return kind##_name((enum kind)i); } \
	static const struct field_names kind##_words = {what, COUNT_, kind##_at, 0};

/* ---- lists and refusals ---- */

/* Calls fn on each item of the list under key in map (at is the map's
 * place); a list left out or null is empty. */
enum err_code import_each(struct import *im, const struct ynode *map, const struct field_at *at,
			  const char *key, size_t max, field_item_fn fn);

/* The number of items of the list under key in map; 0 when it is not a list. */
size_t import_list_len(const struct ynode *map, const char *key);

/* A model function refused something under key of the mapping item: its
 * reason, placed at that key's value (or at the mapping without it). */
enum err_code import_refused_at(struct import *im, const struct ynode *item,
				const struct field_at *at, const char *key);

/* ---- the lists of import_steps.c and import_ballots.c ---- */

enum err_code import_read_goal(struct field_reader *rd, const struct ynode *item,
			       const struct field_at *at, size_t i, void *target);
enum err_code import_read_metric(struct field_reader *rd, const struct ynode *item,
				 const struct field_at *at, size_t i, void *target);
enum err_code import_read_step(struct field_reader *rd, const struct ynode *item,
			       const struct field_at *at, size_t i, void *target);
/* Gives the steps the file left without an id ids no other step has. */
void import_label_steps(struct import *im);

enum err_code import_read_ballot(struct field_reader *rd, const struct ynode *item,
				 const struct field_at *at, size_t i, void *target);
/* Keeps the points and rank the file gives a step when an earlier
 * revealed ballot gave them. */
void import_keep_told_results(struct import *im);

#endif
