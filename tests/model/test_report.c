/* What a report says of one workshop: the dimensions weakest first, the
 * steps by rank, the summary's sentences and a ballot's turnout. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "model/report.h"
#include "tests/support.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define DAY(y, m, d) (date_from_civil(y, m, d))

/* Ana, Bo and Cy; dimensions Culture, Tools and Practice. */
static struct session *three_people(void)
{
	static const char *const names[] = {"Ana", "Bo", "Cy"};
	struct session_setup setup = support_setup_titled("Q2 workshop");
	setup.participants = names;
	setup.nparticipants = NELEMS(names);
	struct error err;
	struct session *s = support_create(&setup, &err);
	assert_non_null(s);
	for (size_t i = 0; i < s->nparticipants; i++)
		s->participants[i].id = (int64_t)i + 1;      /* as if stored */
	return s;
}

static void rate(struct session *s, size_t dim, int a, int b, int c)
{
	struct error err = {0};
	const int scores[] = {a, b, c};
	for (size_t p = 0; p < 3; p++)
		support_expect_ok(session_rate(s, dim, p, scores[p], &err), &err);
}

/* Plain text: the sentences' own words and the people's, unescaped. */
static void plain(struct sbuf *out, const char *text)
{
	sbuf_adds(out, text);
}

static char *summary_of(const struct session *s, const struct session *parent,
			const struct comparison *c)
{
	struct report r;
	struct sbuf out = SBUF_INIT;
	report_build(&r, s, parent, c, DAY(2026, 6, 1));
	report_summary(&r, plain, &out);
	report_free(&r);
	return sbuf_take(&out);
}

static void report__lists_the_weakest_dimension_first_and_the_unrated_last(void **state)
{
	(void)state;
	struct session *s = three_people();
	rate(s, 1, 3, 3, 4);      /* tools 3.3 */
	struct report r;
	report_build(&r, s, NULL, NULL, DAY(2026, 6, 1));
	assert_int_equal(r.ndims, 3);
	assert_int_equal(r.nrated, 1);
	assert_int_equal(r.dims[0].dim, 1);
	assert_int_equal(r.dims[1].dim, 0);
	report_free(&r);
	rate(s, 0, 2, 2, 3);      /* culture 2.3: now the weaker */
	report_build(&r, s, NULL, NULL, DAY(2026, 6, 1));
	assert_int_equal(r.dims[0].dim, 0);
	assert_int_equal(r.dims[1].dim, 1);
	assert_false(r.dims[0].split);
	report_free(&r);
	session_free(s);
}

static void report__marks_a_dimension_whose_room_stands_in_two_camps(void **state)
{
	(void)state;
	struct session *s = three_people();
	rate(s, 0, 1, 5, 4);
	rate(s, 1, 3, 3, 4);
	struct report r;
	report_build(&r, s, NULL, NULL, DAY(2026, 6, 1));
	assert_int_equal(r.nsplit, 1);
	assert_true(r.dims[0].split);         /* culture 3.3, before tools' 3.3 by order */
	assert_int_equal(r.dims[0].dim, 0);
	assert_false(r.dims[1].split);
	report_free(&r);
	char *text = summary_of(s, NULL, NULL);
	assert_non_null(strstr(text, "The room stood in two camps on Culture."));
	free(text);
	session_free(s);
}

static void report_summary__of_a_first_workshop_names_the_strongest_and_weakest(void **state)
{
	(void)state;
	struct session *s = three_people();
	rate(s, 0, 2, 2, 3);
	rate(s, 1, 3, 3, 4);
	char *text = summary_of(s, NULL, NULL);
	assert_string_equal(text, "3 people rated 2 of 3 dimensions on a 1-5 scale. Strongest: "
				  "Tools (3.3); weakest: Culture (2.3). No steps are planned yet.");
	free(text);
	session_free(s);
}

static void report_summary__says_when_nobody_has_rated_and_no_ballot_ranked(void **state)
{
	(void)state;
	struct session *s = three_people();
	support_add_step(s, "Searchable FAQ", HORIZON_SHORT);
	char *text = summary_of(s, NULL, NULL);
	assert_string_equal(text, "Nobody has rated the current state yet. 1 step is planned; "
				  "no ballot has ranked them yet.");
	free(text);
	session_free(s);
}

static void report_summary__names_the_top_three_steps_by_rank_with_owners(void **state)
{
	(void)state;
	struct session *s = three_people();
	rate(s, 0, 2, 2, 3);
	static const char *const texts[] = {"Wiki", "Mentors", "FAQ", "Demo day"};
	static const int ranks[] = {3, 1, 2, 4};
	for (size_t i = 0; i < NELEMS(texts); i++) {
		support_add_step(s, texts[i], HORIZON_SHORT);
		s->steps[i].rank = ranks[i];
	}
	s->steps[1].owner = strdup("Bo");
	s->steps[2].owner = strdup("Ana");
	struct report r;
	report_build(&r, s, NULL, NULL, DAY(2026, 6, 1));
	assert_int_equal(r.steps[0], 1);
	assert_int_equal(r.steps[1], 2);
	assert_int_equal(r.steps[2], 0);
	assert_int_equal(r.steps[3], 3);
	report_free(&r);
	char *text = summary_of(s, NULL, NULL);
	assert_non_null(strstr(text, " The top steps: Mentors (Bo), FAQ (Ana) and Wiki (no owner "
				     "yet)."));
	free(text);
	session_free(s);
}

static void report_summary__counts_the_metrics_by_how_they_stand(void **state)
{
	(void)state;
	struct session *s = three_people();
	rate(s, 0, 2, 2, 3);
	support_add_metric(s, "Answers found", DIRECTION_UP, 10, 20);
	support_add_metric(s, "Time to answer", DIRECTION_DOWN, 30, 10);
	support_measure(s, 0, 20, DAY(2026, 5, 1));
	char *text = summary_of(s, NULL, NULL);
	assert_non_null(strstr(text, " 1 of 2 metrics are on track or met; 1 without data."));
	free(text);
	session_free(s);
}

static void report_summary__of_a_check_in_names_the_biggest_moves(void **state)
{
	(void)state;
	struct session *before = three_people(), *after = three_people();
	rate(before, 0, 2, 2, 3);       /* 2.3 */
	rate(before, 1, 2, 2, 2);       /* 2.0 */
	rate(after, 0, 2, 2, 2);        /* 2.0: -0.3 */
	rate(after, 1, 3, 3, 3);        /* 3.0: +1.0 */
	struct comparison c;
	struct error err = {0};
	support_expect_ok(compare_sessions(before, after, NULL, DAY(2026, 6, 1), &c, &err), &err);
	char *text = summary_of(after, before, &c);
	assert_non_null(strstr(text, " Since last time, the biggest moves: Tools +1.0 and Culture "
				     "-0.3."));
	free(text);
	comparison_free(&c);
	session_free(before);
	session_free(after);
}

static void report_turnout__says_a_ballot_closed_early_closed_with_how_many(void **state)
{
	(void)state;
	struct session *s = three_people();
	support_add_step(s, "Wiki", HORIZON_SHORT);
	support_add_step(s, "FAQ", HORIZON_SHORT);
	struct error err = {0};
	support_expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err),
			  &err);
	struct ballot *b = &s->ballots[0];
	support_expect_ok(ballot_cast_dots(b, s->participants[0].id, (int[]){2, 1}, &err), &err);
	struct sbuf out = SBUF_INIT;
	report_turnout(s, b, &out);
	assert_string_equal(sbuf_str(&out), "1 of 3 voted so far");
	support_expect_ok(ballot_close(b, &err), &err);
	sbuf_reset(&out);
	report_turnout(s, b, &out);
	assert_string_equal(sbuf_str(&out), "closed with 1 of 3 voted");
	sbuf_free(&out);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report__lists_the_weakest_dimension_first_and_the_unrated_last),
		cmocka_unit_test(report__marks_a_dimension_whose_room_stands_in_two_camps),
		cmocka_unit_test(report_summary__of_a_first_workshop_names_the_strongest_and_weakest),
		cmocka_unit_test(report_summary__says_when_nobody_has_rated_and_no_ballot_ranked),
		cmocka_unit_test(report_summary__names_the_top_three_steps_by_rank_with_owners),
		cmocka_unit_test(report_summary__counts_the_metrics_by_how_they_stand),
		cmocka_unit_test(report_summary__of_a_check_in_names_the_biggest_moves),
		cmocka_unit_test(report_turnout__says_a_ballot_closed_early_closed_with_how_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
