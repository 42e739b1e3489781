/* Votes from the phones, written together: those that come while one
 * write is under way are counted in the session at once and saved by the
 * next write, all of them in one transaction. The group is one ballot
 * set aside before its first vote; a failed write puts it back, and every
 * vote of the group with it. The write may run on a thread of its own
 * while the screen draws (ws_write_begin). */
#include "sessions/workshop_internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

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

/* A write under way: the group it writes and, once done, what came of it. */
struct cast_write {
	struct workshop *ws;
	struct aside *group;
	pthread_t thread;
	int done[2];            /* a pipe: a byte comes once the write is done */
	enum err_code code;
	struct error err;
};

/* On the writer's thread: the store, and the session read only. */
static void *write_group(void *arg)
{
	struct cast_write *w = arg;
	w->code = store_cast_ballot(w->ws->store, w->ws->s, w->group->ballot, &w->err);
	if (w->done[1] >= 0 && write(w->done[1], "", 1) != 1) {
		close(w->done[1]);      /* the reading end sees it closed: done too */
		w->done[1] = -1;
	}
	return NULL;
}

bool ws_write_begin(struct workshop *ws)
{
	if (ws->writing || ws->cast_group == NULL)
		return false;
	struct cast_write *w = xcalloc(1, sizeof *w);
	*w = (struct cast_write){.ws = ws, .group = ws->cast_group, .done = {-1, -1}};
	ws->cast_group = NULL;
	ws->writing = w;
	bool piped = pipe(w->done) == 0;
	for (int i = 0; piped && i < 2; i++)
		fcntl(w->done[i], F_SETFD, FD_CLOEXEC);
	if (!piped || pthread_create(&w->thread, NULL, write_group, w) != 0) {
		write_group(w);         /* no thread: written here, the screen waits */
		w->thread = pthread_self();
	}
	return true;
}

int ws_write_fd(const struct workshop *ws)
{
	return ws->writing ? ws->writing->done[0] : -1;
}

static void close_pipe(struct cast_write *w)
{
	for (int i = 0; i < 2; i++)
		if (w->done[i] >= 0)
			close(w->done[i]);
}

enum err_code ws_write_end(struct workshop *ws, struct error *err)
{
	struct cast_write *w = ws->writing;
	if (w == NULL)
		return ERR_OK;
	if (!pthread_equal(w->thread, pthread_self()))
		pthread_join(w->thread, NULL);
	ws->writing = NULL;
	if (w->code && err)
		*err = w->err;
	enum err_code code = ws_saved(ws, w->code, err);
	size_t ballot = w->group->ballot;
	aside_end(w->group, code);
	free(w->group);
	close_pipe(w);
	free(w);
	if (code)
		ws_cast_unwritten(ws, ballot);
	return code;
}

enum err_code ws_settle(struct workshop *ws, struct error *err)
{
	if (ws_write_end(ws, err))
		return err->code;
	ws_write_begin(ws);
	return ws_write_end(ws, err);
}

void ws_cast_unwritten(struct workshop *ws, size_t ballot)
{
	struct error ignored;
	if (store_cast_unsure(ws->store) &&
	    store_save_ballot(ws->store, ws->s, ballot, &ignored) != ERR_OK)
		return;         /* the next write puts the totals right */
}
