/* The store reads and binds a list's rows by position, in the order of the
 * list's shape (model/shapes.c): these tests hold each list's SELECT,
 * INSERT and UPDATE (and the INSERT of a note and of a measurement) to
 * that order, column by column, so that a field added
 * to one and not the other fails here rather than shifting every value
 * after it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/shapes.h"
#include "sessions/store_internal.h"
#include "tests/support.h"

#define SQL_OF(name, sql) [name] = sql,
static const char *const sql_of[STMT_COUNT] = {STMT_LIST(SQL_OF)};

static const struct {
	enum session_list list;
	enum stmt load, insert, update;
} statements[] = {
	{LIST_PARTICIPANTS, S_LOAD_PARTICIPANTS, S_INSERT_PARTICIPANT, S_UPDATE_PARTICIPANT},
	{LIST_VALUES, S_LOAD_VALUES, S_INSERT_VALUE, S_UPDATE_VALUE},
	{LIST_GOALS, S_LOAD_GOALS, S_INSERT_GOAL, S_UPDATE_GOAL},
	{LIST_METRICS, S_LOAD_METRICS, S_INSERT_METRIC, S_UPDATE_METRIC},
	{LIST_STEPS, S_LOAD_STEPS, S_INSERT_STEP, S_UPDATE_STEP},
	{LIST_PARKING, S_LOAD_PARKING, S_INSERT_PARKED, S_UPDATE_PARKED},
};

/* The fields a row holds: all but the lists an item holds. */
static size_t stored_fields(const struct shape *sh, const struct shape_field **out)
{
	size_t n = 0;
	for (size_t k = 0; k < sh->nfields; k++)
		if (sh->fields[k].type != SHAPE_LIST)
			out[n++] = &sh->fields[k];
	return n;
}

static void store_columns__each_lists_select_reads_its_fields_in_order(void **state)
{
	const struct support_fixture *fx = *state;
	struct store *st = support_open_store(fx->db);
	for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
		const struct shape_field *fields[16];
		size_t n = stored_fields(shape_of(statements[i].list), fields);
		sqlite3_stmt *q = NULL;
		assert_int_equal(sqlite3_prepare_v2(st->db, sql_of[statements[i].load], -1, &q, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_column_count(q), n);
		for (size_t k = 0; k < n; k++)
			assert_string_equal(sqlite3_column_name(q, (int)k), fields[k]->name);
		sqlite3_finalize(q);
	}
	store_close(st);
}

/* "INSERT INTO t (prefix a, b, ...)": a, b, ... are the fields after the
 * id, bound from ?first on in order. */
static void assert_insert_order(const struct shape *sh, enum stmt insert, const char *prefix,
				size_t first)
{
	const struct shape_field *fields[16];
	size_t n = stored_fields(sh, fields);
	const char *sql = sql_of[insert];
	const char *at = strstr(sql, prefix);
	assert_non_null(at);
	at += strlen(prefix);
	for (size_t k = 1; k < n; k++) {
		size_t len = strlen(fields[k]->name);
		assert_memory_equal(at, fields[k]->name, len);
		at += len;
		assert_true(*at == (k + 1 < n ? ',' : ')'));
		at += 2;
	}
	char last[24];
	snprintf(last, sizeof last, "?%zu)", first + n - 2);
	assert_non_null(strstr(sql, last));
}

static void store_columns__each_lists_insert_binds_its_fields_in_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++)
		assert_insert_order(shape_of(statements[i].list), statements[i].insert,
				    "(session_id, position, ", 2);
	assert_insert_order(&shape_notes, S_INSERT_NOTE, "(dimension_id, position, ", 3);
	assert_insert_order(&shape_measurements, S_INSERT_MEASUREMENT, "(metric_id, ", 2);
}

/* "UPDATE t SET a = ?2, b = ?3, ... WHERE id = ?1": every field after the
 * id, but the row it was copied from, which never changes. */
static void store_columns__each_lists_update_binds_its_fields_in_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
		const struct shape_field *fields[16];
		size_t n = stored_fields(shape_of(statements[i].list), fields);
		const char *sql = sql_of[statements[i].update];
		size_t k = 1;
		for (; k < n && fields[k]->type != SHAPE_ORIGIN; k++) {
			char set[64];
			snprintf(set, sizeof set, "%s = ?%zu", fields[k]->name, k + 1);
			assert_non_null(strstr(sql, set));
		}
		char beyond[24];
		snprintf(beyond, sizeof beyond, "?%zu", k + 1);
		assert_null(strstr(sql, beyond));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			store_columns__each_lists_select_reads_its_fields_in_order,
			support_make_fixture, support_remove_fixture),
		cmocka_unit_test(store_columns__each_lists_insert_binds_its_fields_in_order),
		cmocka_unit_test(store_columns__each_lists_update_binds_its_fields_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
