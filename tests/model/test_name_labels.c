/* The column labels of the current-state table: short, and never two alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/utf8.h"
#include "model/name_labels.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const twelve[] = {
	"Chen Wei", "Chen Li", "Émile Roux", "Émilie Roux", "李雷", "李娜",
	"Ana Lima", "Ana Luz", "Bo", "Bob Stone", "Maximiliana Oberhuber", "Maximilian Obst",
};

static void assert_labels(const char *const *names, size_t n, size_t max_cols,
			  const char *const *want)
{
	char **got = name_labels_make(names, n, max_cols);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(got[i], want[i]);
		assert_true(utf8_width(got[i]) <= max_cols);
	}
	name_labels_free(got, n);
}

/* Where first names and their last initials are shared too (Ana Lima, Ana
 * Luz) the whole name is the label. */
static void name_labels__are_first_names_then_the_initial_of_the_last_where_first_names_collide(
	void **state)
{
	(void)state;
	static const char *const want[] = {
		"Chen W", "Chen L", "Émile", "Émilie", "李雷", "李娜",
		"Ana Lima", "Ana Luz", "Bo", "Bob", "Maximilia…", "Maximilian",
	};
	assert_labels(twelve, NELEMS(twelve), 10, want);
}

static void name_labels__are_cut_on_whole_characters_only_while_they_stay_unique(void **state)
{
	(void)state;
	/* At 5 columns "Émilie" is cut to "Émil…", still not "Émile"; a name of
	 * four wide characters is cut after its second, never through one; at
	 * 4 columns the two would both be "Émi…", so they are numbered. */
	static const char *const names[] = {"Émile", "Émilie", "李雷李雷", "Chen Wei"};
	
	char **got = name_labels_make(names, NELEMS(names), 5);
	assert_string_equal(got[0], "Émile");
	assert_string_equal(got[1], "Émil…");
	assert_string_equal(got[2], "李雷…");
	assert_string_equal(got[3], "Chen");
	for (size_t i = 0; i < NELEMS(names); i++) {
		assert_true(utf8_width(got[i]) <= 5);
		for (size_t j = i + 1; j < NELEMS(names); j++)
			assert_string_not_equal(got[i], got[j]);
	}
	name_labels_free(got, NELEMS(names));
	got = name_labels_make(names, 2, 4);
	assert_string_not_equal(got[0], got[1]);
	assert_true(utf8_width(got[0]) <= 4 && utf8_width(got[1]) <= 4);
	name_labels_free(got, 2);
}

static void name_labels__number_two_people_of_the_same_name(void **state)
{
	(void)state;
	static const char *const names[] = {"Ana Lima", "Ana Lima", "Bo"};
	static const char *const want[] = {"Ana Lima 1", "Ana Lima 2", "Bo"};
	assert_labels(names, NELEMS(names), 12, want);
}

static void name_labels__say_when_a_label_is_not_the_whole_name(void **state)
{
	(void)state;
	assert_true(name_labels_shortened("Chen W", "Chen Wei"));
	assert_false(name_labels_shortened("Bo", "Bo"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			name_labels__are_first_names_then_the_initial_of_the_last_where_first_names_collide),
		cmocka_unit_test(name_labels__are_cut_on_whole_characters_only_while_they_stay_unique),
		cmocka_unit_test(name_labels__number_two_people_of_the_same_name),
		cmocka_unit_test(name_labels__say_when_a_label_is_not_the_whole_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
