/* People and the session's own fields changed together: the steps that
 * follow a participant's name, and `improv edit`, which makes all its
 * changes in one transaction. */
#include "sessions/workshop_internal.h"

#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"

void ws_follow_owners(struct session *s, const char *from, const char *to,
		      struct owners_kept *kept)
{
	*kept = (struct owners_kept){0};
	if (strcmp(from, to) == 0)
		return;
	kept->steps = xcalloc(s->nsteps + 1, sizeof *kept->steps);
	kept->was = xcalloc(s->nsteps + 1, sizeof *kept->was);
	for (size_t i = 0; i < s->nsteps; i++) {
		struct step *st = &s->steps[i];
		if (st->owner == NULL || strcmp(st->owner, from) != 0)
			continue;
		kept->steps[kept->n] = i;
		kept->was[kept->n++] = st->owner;
		st->owner = xstrdup(to);
	}
}

void ws_owners_end(struct session *s, struct owners_kept *kept, bool saved)
{
	for (size_t k = 0; k < kept->n; k++) {
		char **owner = &s->steps[kept->steps[k]].owner;
		if (saved) {
			free(kept->was[k]);
		} else {
			free(*owner);
			*owner = kept->was[k];
		}
	}
	free(kept->steps);
	free(kept->was);
	*kept = (struct owners_kept){0};
}

/* ---- improv edit ---- */

static enum err_code find_person(const struct session *s, const char *name, size_t *at,
				 struct error *err)
{
	ptrdiff_t i = session_find_participant(s, name);
	if (i < 0)
		return error_set(err, ERR_DATA, "no participant is called \"%s\"", name);
	*at = (size_t)i;
	return ERR_OK;
}

static enum err_code set_fields(struct session *s, const struct session_edit *e,
				struct error *err)
{
	const struct {
		const char *name, *text;
	} fields[] = {
		{"title", e->title}, {"organization", e->organization}, {"unit", e->unit},
		{"level", e->level}, {"facilitator", e->facilitator},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].text && session_set_field(s, fields[i].name, fields[i].text, err))
			return ERR_DATA;
	return ERR_OK;
}

static enum err_code rename_one(struct session *s, const char *from, const char *to,
				struct error *err)
{
	size_t i = 0;
	if (find_person(s, from, &i, err) || session_check_name(to, err))
		return ERR_DATA;
	char *old = xstrdup(s->participants[i].name);
	enum err_code code = session_rename_participant(s, i, to, err);
	if (code == ERR_OK) {
		struct owners_kept kept;
		ws_follow_owners(s, old, s->participants[i].name, &kept);
		ws_owners_end(s, &kept, true);
	}
	free(old);
	return code;
}

/* Removing keeps the person's column, counted, unless their ratings are
 * dropped with them; the rows to delete are gathered in removed. */
static enum err_code remove_one(struct session *s, const char *name, bool drop,
				int64_t *removed, size_t *nremoved, struct error *err)
{
	size_t i = 0;
	if (find_person(s, name, &i, err))
		return ERR_DATA;
	if (!drop)
		return session_participant_leaves(s, i, date_today(), err);
	int64_t id = s->participants[i].id;
	enum err_code code = session_remove(s, LIST_PARTICIPANTS, i, err);
	if (code == ERR_OK && id)
		removed[(*nremoved)++] = id;
	return code;
}

static enum err_code apply_edit(struct session *s, const struct session_edit *e,
				int64_t *removed, size_t *nremoved, struct error *err)
{
	if (session_refuse_closed(s, err) || set_fields(s, e, err))
		return ERR_DATA;
	for (size_t k = 0; k < e->nrenames; k++)
		if (rename_one(s, e->renames[k].from, e->renames[k].to, err))
			return ERR_DATA;
	for (size_t k = 0; k < e->nadds; k++)
		if (session_check_name(e->adds[k], err) ||
		    session_add_participant(s, e->adds[k], err))
			return ERR_DATA;
	for (size_t k = 0; k < e->nremoves; k++)
		if (remove_one(s, e->removes[k], e->drop_ratings, removed, nremoved, err))
			return ERR_DATA;
	return ERR_OK;
}

enum err_code ws_edit_session(struct workshop *ws, const struct session_edit *e,
			      struct error *err)
{
	if (ws_refuse_read_only(ws, err))
		return ERR_BUSY;
	int64_t *removed = xcalloc(e->nremoves + 1, sizeof *removed);
	size_t nremoved = 0;
	enum err_code code = apply_edit(ws->s, e, removed, &nremoved, err);
	if (code == ERR_OK)
		code = ws_saved(ws, store_save_people(ws->store, ws->s, removed, nremoved, err),
				err);
	free(removed);
	/* Whatever was refused, the file holds the session as it was. */
	if (code)
		ws->stale = true;
	return code;
}
