/* The list of sessions read a part at a time: the index serves its order
 * (no sorting of every session), a part is the whole list's rows from
 * where it starts, the filter is matched in SQL with its % and _ as typed,
 * and participants are counted only when asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "sessions/store_internal.h"
#include "tests/support.h"

#define SQL_OF(name, sql) [name] = sql,
static const char *const sql_of[STMT_COUNT] = {STMT_LIST(SQL_OF)};

/* Ten sessions in three groups over five days; the fourth holds "5%_". */
static void store_ten(const char *db)
{
	static const char *const orgs[] = {"Acme", "beta", "acme"};
	struct store *st = support_open_store(db);
	struct error err = {0};
	for (int i = 0; i < 10; i++) {
		char title[32];
		snprintf(title, sizeof title, "Session %d%s", i, i == 3 ? " 5%_" : "");
		struct session *s = support_full_session();
		support_expect_ok(session_set_field(s, "organization", orgs[i % 3], &err), &err);
		support_expect_ok(session_set_field(s, "title", title, &err), &err);
		s->created_at = (time_t)date_from_civil(2026, 3, 1 + i % 5) * DATE_SECONDS_PER_DAY;
		support_store_session(st, s);
		session_free(s);
	}
	store_close(st);
}

/* Whether the plan of the statement (its parameters unbound) sorts in a
 * temporary B-tree, and whether it names the home index. */
static void plan_of(const char *db, enum stmt which, bool *sorts, bool *indexed)
{
	sqlite3 *raw = support_raw_open(db);
	char sql[2048];
	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", sql_of[which]);
	sqlite3_stmt *q = support_raw_prepare(raw, sql);
	*sorts = *indexed = false;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(q, 3);
		*sorts |= strstr(detail, "TEMP B-TREE") != NULL;
		*indexed |= strstr(detail, "sessions_home") != NULL;
	}
	sqlite3_finalize(q);
	sqlite3_close(raw);
}

static void store_list__the_home_order_is_read_by_its_index_without_sorting(void **state)
{
	const struct support_fixture *fx = *state;
	store_ten(fx->db);
	bool sorts, indexed;
	plan_of(fx->db, S_LIST_SESSIONS, &sorts, &indexed);
	assert_false(sorts);
	assert_true(indexed);
}

static void assert_same_rows(const struct session_summary *part, size_t n,
			     const struct session_summary *whole)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(part[i].id, whole[i].id);
		assert_string_equal(part[i].title, whole[i].title);
	}
}

static void store_list__a_part_is_the_whole_lists_rows_from_its_offset(void **state)
{
	const struct support_fixture *fx = *state;
	store_ten(fx->db);
	struct store *st = support_open_store(fx->db);
	struct error err = {0};
	struct session_summary *whole, *part;
	size_t n, m;
	support_expect_ok(store_list_sessions(st, &whole, &n, &err), &err);
	assert_int_equal(n, 10);
	for (size_t from = 0; from <= n; from += 3) {
		struct session_query q = {.offset = from, .limit = 4};
		support_expect_ok(store_list_some(st, &q, &part, &m, &err), &err);
		assert_int_equal(m, n - from < 4 ? n - from : 4);
		assert_same_rows(part, m, whole + from);
		store_summaries_free(part, m);
	}
	size_t count = 0;
	support_expect_ok(store_count_sessions(st, NULL, &count, &err), &err);
	assert_int_equal(count, 10);
	store_summaries_free(whole, n);
	store_close(st);
}

static void store_list__the_filter_folds_ascii_case_and_takes_percent_as_typed(void **state)
{
	const struct support_fixture *fx = *state;
	store_ten(fx->db);
	struct store *st = support_open_store(fx->db);
	struct error err = {0};
	struct session_summary *part;
	size_t m, count;
	static const struct {
		const char *filter;
		size_t matches;
	} cases[] = {{"ACME", 7}, {"5%_", 1}, {"%", 1}, {"_", 1}, {"session 1", 1}, {"5_%", 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct session_query q = {.filter = cases[i].filter};
		support_expect_ok(store_list_some(st, &q, &part, &m, &err), &err);
		support_expect_ok(store_count_sessions(st, cases[i].filter, &count, &err), &err);
		if (m != cases[i].matches || count != m)
			fail_msg("\"%s\": %zu read, %zu counted, %zu wanted", cases[i].filter, m,
				 count, cases[i].matches);
		store_summaries_free(part, m);
	}
	store_close(st);
}

static void store_list__participants_are_counted_only_when_asked_for(void **state)
{
	const struct support_fixture *fx = *state;
	store_ten(fx->db);
	struct store *st = support_open_store(fx->db);
	struct error err = {0};
	struct session_summary *part;
	size_t m;
	struct session_query q = {.limit = 1};
	support_expect_ok(store_list_some(st, &q, &part, &m, &err), &err);
	assert_int_equal(part[0].nparticipants, 0);
	store_summaries_free(part, m);
	q.participants = true;
	support_expect_ok(store_list_some(st, &q, &part, &m, &err), &err);
	assert_int_equal(part[0].nparticipants, 4);
	store_summaries_free(part, m);
	store_close(st);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, support_make_fixture, \
						   support_remove_fixture)
	const struct CMUnitTest tests[] = {
		TEST(store_list__the_home_order_is_read_by_its_index_without_sorting),
		TEST(store_list__a_part_is_the_whole_lists_rows_from_its_offset),
		TEST(store_list__the_filter_folds_ascii_case_and_takes_percent_as_typed),
		TEST(store_list__participants_are_counted_only_when_asked_for),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
