/* template: what a workshop assesses and suggests: the dimensions with
 * their question and what low and high look like, the rating scale, the
 * default timeboxes and voting settings, and suggested values, goals and
 * metrics. Plain data; templates/ reads it from YAML. */
#ifndef IMPROV_MODEL_TEMPLATE_H
#define IMPROV_MODEL_TEMPLATE_H

#include <stddef.h>

#include "model/kinds.h"

#define SCALE_MIN_LOWEST 0
#define SCALE_MAX_HIGHEST 10

struct scale {
	int min, max;         /* SCALE_MIN_LOWEST <= min < max <= SCALE_MAX_HIGHEST */
	char **labels;        /* max - min + 1 labels, or none */
	size_t nlabels;
};

struct template_dimension {
	char *key;            /* [a-z0-9_-]+, unique in the template */
	char *name;
	char *question;       /* put to the room */
	char *low, *high;     /* what the ends of the scale look like */
};

struct suggested_metric {
	char *name;
	char *unit;
	enum direction direction;
};

struct template {
	char *key;            /* the file's "template:" */
	char *name;
	char *description;
	int version;
	struct scale scale;
	int timebox_minutes[STAGE_COUNT];   /* 0 for setup */
	enum ballot_method vote_method;
	int vote_budget;      /* 0 means: from the number of candidates */
	int vote_cap;         /* most dots on one item */
	struct template_dimension *dims;
	size_t ndims;
	char **values;
	size_t nvalues;
	char **goals;
	size_t ngoals;
	struct suggested_metric *metrics;
	size_t nmetrics;
};

/* Frees everything the template owns and zeroes it. */
void template_free(struct template *tpl);

/* The dimension with this key, or NULL. */
const struct template_dimension *template_dimension(const struct template *tpl,
						    const char *key);

#endif
