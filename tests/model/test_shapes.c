#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/session_items.h"
#include "model/shapes.h"

#define OK(call) assert_int_equal((call), ERR_OK)

static const struct shape *all_shapes(size_t i)
{
	static const struct shape *const others[] = {
		&shape_dimensions, &shape_ballots, &shape_notes, &shape_measurements,
	};
	if (i < LIST_COUNT)
		return shape_of((enum session_list)i);
	i -= LIST_COUNT;
	return i < sizeof others / sizeof others[0] ? others[i] : NULL;
}

static void shapes__every_list_starts_with_its_id_and_keeps_its_fields_inside_an_item(
	void **state)
{
	(void)state;
	for (size_t i = 0; all_shapes(i); i++) {
		const struct shape *sh = all_shapes(i);
		assert_true(sh->nfields > 0);
		assert_int_equal(sh->fields[0].type, SHAPE_ID);
		for (size_t k = 0; k < sh->nfields; k++) {
			const struct shape_field *f = &sh->fields[k];
			assert_true(f->offset < sh->size);
			assert_true(f->type != SHAPE_ORIGIN || k == sh->nfields - 1);
			assert_true(f->type != SHAPE_KIND || f->kind != NULL);
			assert_true(f->type != SHAPE_LIST || f->list != NULL);
		}
	}
	assert_null(shape_of(LIST_COUNT));
}

static void shapes__find_each_list_where_the_session_keeps_it(void **state)
{
	(void)state;
	struct session *s = session_alloc();
	struct error err;
	OK(session_add_participant(s, "Ana", &err));
	OK(session_add_participant(s, "Bo", &err));
	OK(session_add_value(s, "candour", &err));
	OK(session_add_goal(s, "ship monthly", NULL, &err));
	struct metric m = {.name = (char *)"lead time", .baseline = NAN, .target = NAN,
			   .target_date = NO_DATE, .baseline_date = NO_DATE};
	OK(session_add_metric(s, &m, &err));
	OK(session_add_measurement(s, 0, 4, 100, &err));
	struct step st = {.text = (char *)"pair on reviews", .owner = (char *)"Bo",
			  .points = POINTS_NONE};
	OK(session_add_step(s, &st, &err));
	OK(session_park(s, "hiring", &err));
	assert_int_equal(shape_len(shape_of(LIST_PARTICIPANTS), s), 2);
	assert_string_equal(((struct participant *)shape_item(shape_of(LIST_PARTICIPANTS), s, 1))
				    ->name, "Bo");
	assert_ptr_equal(shape_item(shape_of(LIST_STEPS), s, 0), &s->steps[0]);
	assert_int_equal(shape_len(&shape_measurements, &s->metrics[0]), 1);
	assert_int_equal(shape_len(shape_of(LIST_PARKING), s), 1);
	session_free(s);
}

/* A copy owns every text and list of its own: freeing the original leaves
 * the copy whole (AddressSanitizer sees any text shared between them). */
static void shapes__a_clone_shares_nothing_with_the_item_it_was_made_from(void **state)
{
	(void)state;
	struct session *s = session_alloc();
	struct error err;
	struct metric m = {.name = (char *)"lead time", .unit = (char *)"days", .baseline = 9,
			   .target = 3, .target_date = NO_DATE, .baseline_date = NO_DATE};
	OK(session_add_metric(s, &m, &err));
	OK(session_add_measurement(s, 0, 7, 100, &err));
	struct step st = {.text = (char *)"pair on reviews", .owner = (char *)"Bo",
			  .points = POINTS_NONE};
	OK(session_add_step(s, &st, &err));
	struct metric *mc = session_item_clone(LIST_METRICS, &s->metrics[0]);
	struct step *sc = session_item_clone(LIST_STEPS, &s->steps[0]);
	session_free(s);
	assert_string_equal(mc->name, "lead time");
	assert_string_equal(mc->unit, "days");
	assert_int_equal(mc->nmeasurements, 1);
	assert_true(mc->measurements[0].value == 7);
	assert_string_equal(sc->owner, "Bo");
	session_item_free(LIST_METRICS, mc);
	session_item_free(LIST_STEPS, sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			shapes__every_list_starts_with_its_id_and_keeps_its_fields_inside_an_item),
		cmocka_unit_test(shapes__find_each_list_where_the_session_keeps_it),
		cmocka_unit_test(shapes__a_clone_shares_nothing_with_the_item_it_was_made_from),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
