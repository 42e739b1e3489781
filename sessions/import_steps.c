/* The import's goals, metrics and steps: tied together by ids. */
#include "sessions/import_internal.h"

#include <math.h>

#include "lib/date.h"
#include "lib/mem.h"

IMPORT_NAMES(goal_status, GOAL_STATUS_COUNT, "a goal status")
IMPORT_NAMES(direction, DIRECTION_COUNT, "a direction")
IMPORT_NAMES(horizon, HORIZON_COUNT, "a horizon")
IMPORT_NAMES(step_status, STEP_STATUS_COUNT, "a step status")

struct goal_fields {
	int64_t id;
	char *text, *dimension;
	enum goal_status status;
};

static const struct field goal_fields[] = {
	ID("id", struct goal_fields, id),
	TEXT("text", struct goal_fields, text, true, TEXT_MAX_ITEM),
	TEXT("dimension", struct goal_fields, dimension, false, TEXT_MAX_NAME),
	NAME("status", struct goal_fields, status, false, goal_status_words),
};
static const struct field_table goal_table = FIELD_OPEN_TABLE(goal_fields);

/* Metrics and steps read straight into the model's own struct, which
 * session_add_metric and session_add_step take as their fields. */
static const struct field metric_fields[] = {
	ID("goal_id", struct metric, goal_id),
	TEXT("name", struct metric, name, true, TEXT_MAX_ITEM),
	TEXT("unit", struct metric, unit, false, TEXT_MAX_NAME),
	NAME("direction", struct metric, direction, false, direction_words),
	NUMBER("baseline", struct metric, baseline, false),
	DATE("baseline_date", struct metric, baseline_date, false),
	NUMBER("target", struct metric, target, false),
	DATE("target_date", struct metric, target_date, false),
};
static const struct field_table metric_table = FIELD_OPEN_TABLE(metric_fields);

static const struct field measurement_fields[] = {
	NUMBER("value", struct measurement, value, true),
	DATE("taken_on", struct measurement, taken_on, true),
};
static const struct field_table measurement_table = FIELD_OPEN_TABLE(measurement_fields);

static const struct field step_fields[] = {
	ID("id", struct step, id),
	TEXT("text", struct step, text, true, TEXT_MAX_ITEM),
	NAME("horizon", struct step, horizon, false, horizon_words),
	NAME("status", struct step, status, false, step_status_words),
	TEXT("owner", struct step, owner, false, TEXT_MAX_NAME),
	ID("goal_id", struct step, goal_id),
	WHOLE("impact", struct step, impact, false, 1, 5),
	WHOLE("effort", struct step, effort, false, 1, 5),
	WHOLE("points", struct step, points, false, -POINTS_MAX, POINTS_MAX),
	WHOLE("rank", struct step, rank, false, 1, IMPORT_MAX_CANDIDATES),
};
static const struct field_table step_table = FIELD_OPEN_TABLE(step_fields);

static enum err_code check_new_id(struct import *im, const struct ynode *item,
				  const struct field_at *at, int64_t id,
				  ptrdiff_t (*find)(const struct session *s, int64_t id),
				  const char *what)
{
	if (id == 0 || find(im->s, id) < 0)
		return ERR_OK;
	return field_fail(&im->rd, ynode_get(item, "id"), FIELD_KEY(at, "id"),
			  "another %s has id %lld already", what, (long long)id);
}

static enum err_code check_goal_link(struct import *im, const struct ynode *item,
				     const struct field_at *at, int64_t goal_id)
{
	if (goal_id == 0 || session_find_goal(im->s, goal_id) >= 0)
		return ERR_OK;
	return field_fail(&im->rd, ynode_get(item, "goal_id"), FIELD_KEY(at, "goal_id"),
			  "no goal has id %lld", (long long)goal_id);
}

enum err_code import_read_goal(struct field_reader *rd, const struct ynode *item,
			       const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct goal_fields in = {.status = GOAL_ACTIVE};
	char echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = field_read_map(rd, item, at, &goal_table, &in);
	if (rc == ERR_OK)
		rc = check_new_id(im, item, at, in.id, session_find_goal, "goal");
	if (rc != ERR_OK)
		return rc;
	const char *dimension = in.dimension && !field_blank(in.dimension) ? in.dimension : NULL;
	if (dimension && session_find_dimension(im->s, dimension) < 0) {
		const struct ynode *node = ynode_get(item, "dimension");
		return field_fail(rd, node, FIELD_KEY(at, "dimension"), "unknown dimension \"%s\"",
				  ynode_echo(node, echo));
	}
	struct session *s = im->s;
	if (session_add_goal(s, in.text, dimension, rd->err))
		return import_refused_at(im, item, at, "text");
	s->goals[s->ngoals - 1].id = in.id;
	if (session_set_goal_status(s, s->ngoals - 1, in.status, rd->err))
		return import_refused_at(im, item, at, "status");
	return ERR_OK;
}

static enum err_code read_measurement(struct field_reader *rd, const struct ynode *item,
				      const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct measurement in = {.value = NAN, .taken_on = NO_DATE};
	enum err_code rc = field_read_map(rd, item, at, &measurement_table, &in);
	if (rc == ERR_OK &&
	    session_add_measurement(im->s, im->parent, in.value, in.taken_on, rd->err))
		rc = import_refused_at(im, item, at, "value");
	return rc;
}

enum err_code import_read_metric(struct field_reader *rd, const struct ynode *item,
				 const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct metric in = {
		.direction = DIRECTION_UP,
		.baseline = NAN,
		.target = NAN,
		.baseline_date = NO_DATE,
		.target_date = NO_DATE,
	};
	enum err_code rc = field_read_map(rd, item, at, &metric_table, &in);
	if (rc == ERR_OK)
		rc = check_goal_link(im, item, at, in.goal_id);
	if (rc == ERR_OK && session_add_metric(im->s, &in, rd->err))
		rc = field_refused(rd, item, at);
	if (rc != ERR_OK)
		return rc;
	im->parent = im->s->nmetrics - 1;
	return import_each(im, item, at, "measurements", IMPORT_MAX_ITEMS, read_measurement);
}

enum err_code import_read_step(struct field_reader *rd, const struct ynode *item,
			       const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct step in = {
		.horizon = HORIZON_SHORT,
		.status = STEP_PLANNED,
		.impact = SCORE_NONE,
		.effort = SCORE_NONE,
		.points = POINTS_NONE,
	};
	enum err_code rc = field_read_map(rd, item, at, &step_table, &in);
	if (rc == ERR_OK)
		rc = check_new_id(im, item, at, in.id, session_find_step, "step");
	if (rc == ERR_OK)
		rc = check_goal_link(im, item, at, in.goal_id);
	if (rc == ERR_OK && session_add_step(im->s, &in, rd->err))
		rc = field_refused(rd, item, at);
	if (rc != ERR_OK)
		return rc;
	struct session *s = im->s;
	s->steps[s->nsteps - 1].id = in.id;
	grow(&im->told, &im->told_cap, s->nsteps, sizeof *im->told);
	im->told[s->nsteps - 1] = (struct step_told){in.points, in.rank};
	return ERR_OK;
}

/* A ballot names a removed step as 0, so no step may keep id 0: those the
 * file gave no id get ids no other step has. */
void import_label_steps(struct import *im)
{
	struct session *s = im->s;
	int64_t next = 1;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].id >= next)
			next = s->steps[i].id + 1;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].id == 0)
			s->steps[i].id = next++;
}
