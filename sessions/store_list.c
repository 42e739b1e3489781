/* The list of sessions the home screen and `improv list` show: all of it,
 * or a part of it read by the index that keeps its order, filtered in SQL. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "sessions/store_internal.h"

struct summaries {
	struct session_summary *items;
	size_t n, cap;
};

static void summary_row(sqlite3_stmt *s, struct summaries *list)
{
	grow(&list->items, &list->cap, list->n + 1, sizeof *list->items);
	list->items[list->n++] = (struct session_summary){
		.id = sqlite3_column_int64(s, 0),
		.series_id = sqlite3_column_int64(s, 1),
		.parent_id = column_id(s, 2),
		.iteration = sqlite3_column_int(s, 3),
		.title = column_text_or_empty(s, 4),
		.organization = column_text_or_empty(s, 5),
		.unit = column_text_or_empty(s, 6),
		.template_key = column_text_or_empty(s, 7),
		.level = column_level(s, 8),
		.stage = column_stage(s, 9),
		.status = column_status(s, 10),
		.created_at = column_time(s, 11),
		.closed_at = column_time(s, 12),
		.nparticipants = (size_t)sqlite3_column_int64(s, 13),
	};
}

/* "%50\%%" for 50%: the filter as a LIKE pattern that matches it anywhere,
 * its own % and _ taken as they are. */
static void like_pattern(const char *filter, struct sbuf *out)
{
	sbuf_addc(out, '%');
	for (const char *p = filter; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			sbuf_addc(out, '\\');
		sbuf_addc(out, *p);
	}
	sbuf_addc(out, '%');
}

static void bind_filter(sqlite3_stmt *s, const char *filter, struct sbuf *pattern)
{
	if (filter == NULL || *filter == '\0')
		return;
	like_pattern(filter, pattern);
	sqlite3_bind_text(s, 1, sbuf_str(pattern), (int)pattern->len, SQLITE_STATIC);
}

static sqlite3_int64 limit_of(size_t n)
{
	return n == 0 || n > INT64_MAX ? -1 : (sqlite3_int64)n;
}

enum err_code store_list_some(struct store *st, const struct session_query *q,
			      struct session_summary **out, size_t *n, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, q->from_end ? S_LIST_SESSIONS_BACK : S_LIST_SESSIONS, err);
	if (s == NULL)
		return ERR_SOFTWARE;
	struct sbuf pattern = SBUF_INIT;
	bind_filter(s, q->filter, &pattern);
	sqlite3_bind_int64(s, 2, limit_of(q->limit));
	sqlite3_bind_int64(s, 3, q->offset > INT64_MAX ? INT64_MAX : (sqlite3_int64)q->offset);
	sqlite3_bind_int(s, 4, q->participants);
	struct summaries list = {0};
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		summary_row(s, &list);
	enum err_code code = rc == SQLITE_DONE ? ERR_OK : store_fail(st, "reading", err);
	store_done(s);
	sbuf_free(&pattern);
	if (code) {
		store_summaries_free(list.items, list.n);
		return code;
	}
	for (size_t i = 0; q->from_end && i < list.n / 2; i++) {
		struct session_summary t = list.items[i];
		list.items[i] = list.items[list.n - 1 - i];
		list.items[list.n - 1 - i] = t;
	}
	*out = list.items;
	*n = list.n;
	return ERR_OK;
}

enum err_code store_list_sessions(struct store *st, struct session_summary **out, size_t *n,
				  struct error *err)
{
	const struct session_query every = {.participants = true};
	return store_list_some(st, &every, out, n, err);
}

enum err_code store_count_sessions(struct store *st, const char *filter, size_t *n,
				   struct error *err)
{
	bool all = filter == NULL || *filter == '\0';
	sqlite3_stmt *s = store_stmt(st, all ? S_COUNT_SESSIONS : S_COUNT_MATCHING, err);
	if (s == NULL)
		return ERR_SOFTWARE;
	struct sbuf pattern = SBUF_INIT;
	bind_filter(s, filter, &pattern);
	int rc = sqlite3_step(s);
	enum err_code code = rc == SQLITE_ROW ? ERR_OK : store_fail(st, "reading", err);
	if (code == ERR_OK)
		*n = (size_t)sqlite3_column_int64(s, 0);
	store_done(s);
	sbuf_free(&pattern);
	return code;
}

void store_summaries_free(struct session_summary *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].title);
		free(list[i].organization);
		free(list[i].unit);
		free(list[i].template_key);
	}
	free(list);
}
