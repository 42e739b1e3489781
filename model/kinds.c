#include "model/kinds.h"

#include <string.h>

#define KIND_NAME(e, name, label) [e] = name,
#define KIND_LABEL(e, name, label) [e] = label,

#define KIND_DEFINE(kind, type, LIST, COUNT) \
	static const char *const kind##_names[] = { LIST(KIND_NAME) }; \
	static const char *const kind##_labels[] = { LIST(KIND_LABEL) }; \
	const char *kind##_name(enum type value) \
	{ \
		return (unsigned)value < COUNT ? kind##_names[value] : ""; \
	} \
	const char *kind##_label(enum type value) \
	{ \
		return (unsigned)value < COUNT ? kind##_labels[value] : ""; \
	} \
	const struct kind_names kind##_kind = {kind##_names, COUNT}; \
	bool kind##_parse(const char *name, enum type *out) \
	{ \
		int v; \
		if (!kind_names_parse(&kind##_kind, name, &v)) \
			return false; \
		*out = (enum type)v; \
		return true; \
	}

bool kind_names_parse(const struct kind_names *k, const char *name, int *out)
{
	for (unsigned i = 0; name != NULL && i < k->count; i++) {
		if (strcmp(name, k->names[i]) == 0) {
			*out = (int)i;
			return true;
		}
	}
	return false;
}

KIND_DEFINE(level, level, LEVEL_LIST, LEVEL_COUNT)
KIND_DEFINE(stage, stage, STAGE_LIST, STAGE_COUNT)
KIND_DEFINE(session_status, session_status, SESSION_STATUS_LIST, SESSION_STATUS_COUNT)
KIND_DEFINE(note_kind, note_kind, NOTE_KIND_LIST, NOTE_KIND_COUNT)
KIND_DEFINE(goal_status, goal_status, GOAL_STATUS_LIST, GOAL_STATUS_COUNT)
KIND_DEFINE(direction, direction, DIRECTION_LIST, DIRECTION_COUNT)
KIND_DEFINE(metric_status, metric_status, METRIC_STATUS_LIST, METRIC_STATUS_COUNT)
KIND_DEFINE(horizon, horizon, HORIZON_LIST, HORIZON_COUNT)
KIND_DEFINE(step_status, step_status, STEP_STATUS_LIST, STEP_STATUS_COUNT)
KIND_DEFINE(ballot_method, ballot_method, BALLOT_METHOD_LIST, BALLOT_METHOD_COUNT)
KIND_DEFINE(ballot_entry, ballot_entry, BALLOT_ENTRY_LIST, BALLOT_ENTRY_COUNT)
KIND_DEFINE(ballot_status, ballot_status, BALLOT_STATUS_LIST, BALLOT_STATUS_COUNT)
KIND_DEFINE(ratings, ratings, RATINGS_LIST, RATINGS_COUNT)
