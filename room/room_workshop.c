#include "room/room_workshop.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/ballot.h"

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

static bool participant_here(void *ctx, size_t i)
{
	return session_participant_here(session_of(ctx), i);
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

static bool ballot(void *ctx, struct room_ballot *out)
{
	const struct session *s = session_of(ctx);
	for (size_t i = s->nballots; i-- > 0;) {
		const struct ballot *b = &s->ballots[i];
		if (b->status != BALLOT_OPEN || b->entry != BALLOT_ENTRY_SECRET)
			continue;
		*out = (struct room_ballot){
			.index = i, .method = b->method, .budget = b->budget, .cap = b->cap,
			.score_min = b->score_min, .score_max = b->score_max,
			.ncandidates = b->ncandidates,
		};
		return true;
	}
	return false;
}

static const struct ballot *open_ballot(void *ctx)
{
	struct room_ballot rb;
	return ballot(ctx, &rb) ? &session_of(ctx)->ballots[rb.index] : NULL;
}

/* Step id's text, horizon and owner as a phone sees them. */
static void step_texts(const struct session *s, int64_t id, const char **text,
		       const char **horizon, const char **owner)
{
	ptrdiff_t at = session_find_step(s, id);
	if (at < 0) {
		*text = "(a step no longer there)";
		*horizon = "";
		*owner = NULL;
		return;
	}
	const struct step *st = &s->steps[at];
	*text = st->text;
	*horizon = horizon_label(st->horizon);
	*owner = st->owner;
}

static void candidate(void *ctx, size_t c, struct room_candidate *out)
{
	const struct ballot *b = open_ballot(ctx);
	int64_t id = b && c < b->ncandidates ? b->candidates[c] : 0;
	step_texts(session_of(ctx), id, &out->text, &out->horizon, &out->owner);
}

static bool has_voted(void *ctx, size_t p)
{
	const struct ballot *b = open_ballot(ctx);
	const struct session *s = session_of(ctx);
	return b && p < s->nparticipants && ballot_has_voted(b, s->participants[p].id);
}

static enum err_code cast(void *ctx, size_t p, const struct room_vote *rv, struct error *err)
{
	struct room_workshop *rw = ctx;
	struct room_ballot rb;
	if (!ballot(ctx, &rb))
		return error_set(err, ERR_DATA, "no ballot is open");
	bool *approve = NULL;
	if (rv->values) {
		approve = xcalloc(rb.ncandidates + 1, sizeof *approve);
		for (size_t c = 0; c < rb.ncandidates; c++)
			approve[c] = rv->values[c] != 0;
	}
	const struct ballot_vote v = {
		.dots = rv->values, .approve = approve, .order = rv->order, .norder = rv->norder,
		.impact = rv->impact, .effort = rv->effort,
	};
	enum err_code code = ws_cast_grouped(rw->ws, rb.index, p, &v, err);
	free(approve);
	rw->changes += code == ERR_OK;
	return code;
}

static enum err_code settle(void *ctx, struct error *err)
{
	struct room_workshop *rw = ctx;
	enum err_code code = ws_settle(rw->ws, err);
	rw->changes += code != ERR_OK;          /* the votes taken back */
	return code;
}

static bool write_begin(void *ctx)
{
	return ws_write_begin(((struct room_workshop *)ctx)->ws);
}

static int write_fd(void *ctx)
{
	return ws_write_fd(((struct room_workshop *)ctx)->ws);
}

static enum err_code write_end(void *ctx, struct error *err)
{
	struct room_workshop *rw = ctx;
	enum err_code code = ws_write_end(rw->ws, err);
	rw->changes += code != ERR_OK;
	return code;
}

/* The newest secret ballot, once it is revealed. */
static const struct ballot *revealed_ballot(const struct session *s)
{
	for (size_t i = s->nballots; i-- > 0;) {
		const struct ballot *b = &s->ballots[i];
		if (b->entry == BALLOT_ENTRY_SECRET)
			return b->status == BALLOT_REVEALED ? b : NULL;
	}
	return NULL;
}

static bool result(void *ctx, struct room_result *out)
{
	const struct session *s = session_of(ctx);
	const struct ballot *b = revealed_ballot(s);
	struct ballot_results r;
	struct error err;
	if (b == NULL || ballot_tally(b, &r, &err) != ERR_OK)
		return false;
	*out = (struct room_result){
		.method = b->method, .voters = ballot_voter_count(b),
		.rows = xcalloc(r.nrows + 1, sizeof *out->rows), .nrows = r.nrows,
		.tie_rule = r.has_ties ? r.tie_rule : NULL, .has_condorcet = r.has_condorcet,
	};
	for (size_t k = 0; k < r.nrows; k++) {
		const struct ballot_row *row = &r.rows[k];
		struct room_result_row *to = &out->rows[k];
		step_texts(s, row->step_id, &to->text, &to->horizon, &to->owner);
		to->points = row->points;
		to->rank = row->rank;
		to->tied = row->tied;
		to->impact = row->impact;
		to->effort = row->effort;
		to->quadrant = row->quadrant;
	}
	if (r.has_condorcet && r.condorcet >= 0) {
		const char *horizon, *owner;
		step_texts(s, b->candidates[r.condorcet], &out->condorcet, &horizon, &owner);
	}
	ballot_results_free(&r);
	return true;
}

void room_workshop_ops(struct room_workshop *rw, struct room_ops *ops)
{
	*ops = (struct room_ops){
		.ctx = rw,
		.stage = stage,
		.revealed = revealed,
		.participants = participants,
		.participant_id = participant_id,
		.participant_here = participant_here,
		.participant_name = participant_name,
		.dimensions = dimensions,
		.dimension = dimension,
		.score = score,
		.rate = rate,
		.add_participant = add_participant,
		.ballot = ballot,
		.candidate = candidate,
		.has_voted = has_voted,
		.cast = cast,
		.settle = settle,
		.write_begin = write_begin,
		.write_fd = write_fd,
		.write_end = write_end,
		.result = result,
	};
}
