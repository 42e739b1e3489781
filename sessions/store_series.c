/* A series' line of iterations: reading back the earlier ones, and adding
 * the next. The command line and the workshop screen both go through here. */
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/checkin.h"
#include "sessions/store_internal.h"

void store_sessions_free(struct session **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		session_free(list[i]);
	free(list);
}

/* Whether session id is already in the line read so far: a parent_id
 * loop, which only a file changed by hand can hold. */
static bool in_list(struct session *const *list, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i]->id == id)
			return true;
	return false;
}

enum err_code store_load_ancestors(struct store *st, int64_t from, int64_t stop,
				   struct session ***out, size_t *n, bool *reached,
				   struct error *err)
{
	struct session **list = NULL;
	size_t count = 0, cap = 0;
	int64_t id = from;
	*out = NULL;
	*n = 0;
	while (id != 0 && id != stop) {
		struct session *s;
		if (in_list(list, count, id)) {
			store_sessions_free(list, count);
			return error_set(err, ERR_DATA, "session %lld: its line of check-ins loops "
					 "back to session %lld (parent_id); run 'improv doctor'",
					 (long long)from, (long long)id);
		}
		if (store_load_session(st, id, &s, err)) {
			store_sessions_free(list, count);
			return err->code;
		}
		grow(&list, &cap, count + 1, sizeof *list);
		memmove(&list[1], &list[0], count * sizeof *list);
		list[0] = s;
		count++;
		id = s->parent_id;
	}
	*reached = id == stop;
	if (!*reached) {
		store_sessions_free(list, count);
		return ERR_OK;
	}
	*out = list;
	*n = count;
	return ERR_OK;
}

/* Inside the transaction: the test that the parent has no check-in yet
 * and the insert are one step, so two check-ins started together cannot
 * both pass the test. */
static enum err_code check_in_once(struct store *st, const struct session *parent, time_t now,
				   int64_t *next, struct error *err)
{
	int64_t later = 0;
	if (store_next_iteration(st, parent->id, &later, err))
		return err->code;
	if (later)
		return error_set(err, ERR_DATA, "session %lld already has its check-in, session "
				 "%lld; check in from that one", (long long)parent->id,
				 (long long)later);
	struct session *child = checkin_create(parent, now);
	enum err_code code = store_insert_session(st, child, err);
	if (code == ERR_OK)
		*next = child->id;
	session_free(child);
	return code;
}

/* The parent is read first, in a read transaction of its own: what a
 * check-in copies is the parent as of one moment, and nothing of it is
 * written. */
enum err_code store_check_in(struct store *st, int64_t id, time_t now, int64_t *next,
			     struct error *err)
{
	struct session *parent;
	*next = 0;
	if (store_load_session(st, id, &parent, err))
		return err->code;
	enum err_code code = store_begin(st, err);
	if (code == ERR_OK)
		code = store_finish(st, check_in_once(st, parent, now, next, err), err);
	session_free(parent);
	if (code)
		*next = 0;
	return code;
}
