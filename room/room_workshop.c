#include "room/room_workshop.h"

#include <string.h>

#include "sessions/workshop.h"

static struct session *session_of(void *ctx)
{
	return ((struct room_workshop *)ctx)->ws->s;
}

static enum stage stage(void *ctx)
{
	return session_of(ctx)->stage;
}

/* Shown as typed, the phones rate on; once revealed, rating is over. */
static bool revealed(void *ctx)
{
	return session_of(ctx)->ratings == RATINGS_REVEALED;
}

static size_t participants(void *ctx)
{
	return session_of(ctx)->nparticipants;
}

static int64_t participant_id(void *ctx, size_t i)
{
	return session_of(ctx)->participants[i].id;
}

static const char *participant_name(void *ctx, size_t i)
{
	return session_of(ctx)->participants[i].name;
}

static size_t dimensions(void *ctx)
{
	return session_of(ctx)->ndims;
}

static void dimension(void *ctx, size_t i, struct room_dimension *out)
{
	const struct dimension *d = &session_of(ctx)->dims[i];
	*out = (struct room_dimension){
		.key = d->key, .name = d->name, .question = d->question,
		.low = d->low, .high = d->high,
		.scale_min = d->scale_min, .scale_max = d->scale_max,
	};
}

static int score(void *ctx, size_t d, size_t p)
{
	return session_of(ctx)->dims[d].scores[p];
}

static enum err_code rate(void *ctx, size_t d, size_t p, int value, struct error *err)
{
	struct room_workshop *rw = ctx;
	enum err_code code = ws_rate(rw->ws, d, p, value, err);
	rw->changes += code == ERR_OK;
	return code;
}

static enum err_code add_participant(void *ctx, const char *name, int64_t *id,
				     struct error *err)
{
	struct room_workshop *rw = ctx;
	enum err_code rc = ws_add_participant(rw->ws, name, err);
	if (rc != ERR_OK)
		return rc;
	rw->changes++;
	const struct session *s = session_of(ctx);
	for (size_t i = 0; i < s->nparticipants; i++)
		if (strcmp(s->participants[i].name, name) == 0)
			*id = s->participants[i].id;
	return ERR_OK;
}

void room_workshop_ops(struct room_workshop *rw, struct room_ops *ops)
{
	*ops = (struct room_ops){
		.ctx = rw,
		.stage = stage,
		.revealed = revealed,
		.participants = participants,
		.participant_id = participant_id,
		.participant_name = participant_name,
		.dimensions = dimensions,
		.dimension = dimension,
		.score = score,
		.rate = rate,
		.add_participant = add_participant,
	};
}
