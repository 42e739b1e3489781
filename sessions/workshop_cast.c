/* Votes from the phones, written together: those that come while one
 * write is under way are counted in the session at once and saved by the
 * next write, all of them in one transaction. The group is one ballot
 * set aside before its first vote; a failed write puts it back, and every
 * vote of the group with it. */
#include "sessions/workshop_internal.h"

#include <stdlib.h>

#include "lib/mem.h"
#include "sessions/store.h"

enum err_code ws_cast_grouped(struct workshop *ws, size_t ballot, size_t p,
			      const struct ballot_vote *v, struct error *err)
{
	struct aside *group = ws->cast_group;
	if (group && group->ballot != ballot && ws_settle(ws, err))
		return err->code;
	if (ws->cast_group == NULL) {
		if (ballot >= ws->s->nballots)
			return error_set(err, ERR_DATA, "there is no such ballot");
		group = xcalloc(1, sizeof *group);
		aside_begin(group, ws->s);
		aside_ballot(group, ballot);
		ws->cast_group = group;
	}
	struct aside one;
	return aside_end(&one, ws_cast_unsaved(ws, ballot, p, v, &one, err));
}

enum err_code ws_settle(struct workshop *ws, struct error *err)
{
	struct aside *group = ws->cast_group;
	if (group == NULL)
		return ERR_OK;
	ws->cast_group = NULL;
	enum err_code code = ws_saved(ws, store_cast_ballot(ws->store, ws->s, group->ballot, err),
				      err);
	size_t ballot = group->ballot;
	aside_end(group, code);
	free(group);
	if (code)
		ws_cast_unwritten(ws, ballot);
	return code;
}

void ws_cast_unwritten(struct workshop *ws, size_t ballot)
{
	struct error ignored;
	if (store_cast_unsure(ws->store) &&
	    store_save_ballot(ws->store, ws->s, ballot, &ignored) != ERR_OK)
		return;         /* the next write puts the totals right */
}
