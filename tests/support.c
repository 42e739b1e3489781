#include "tests/support.h"

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/session.h"

void support_remove_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	DIR *d = opendir(path);
	const struct dirent *ent;
	while (d != NULL && (ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		struct sbuf child = SBUF_INIT;
		sbuf_addf(&child, "%s/%s", path, ent->d_name);
		support_remove_tree(sbuf_str(&child));
		sbuf_free(&child);
	}
	if (d != NULL)
		closedir(d);
	rmdir(path);
}

struct bytes support_read_bytes(const char *path)
{
	struct bytes b = {NULL, 0};
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	unsigned char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		b.data = xrealloc(b.data, b.len + got);
		memcpy(b.data + b.len, chunk, got);
		b.len += got;
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	return b;
}

/* ---- comparing sessions field by field ---- */

void assert_same_text(const char *want, const char *got)
{
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

void assert_same_real(double want, double got)
{
	if (isnan(want))
		assert_true(isnan(got));
	else
		assert_true(got == want);
}

void assert_same_fields(const struct session *want, const struct session *got)
{
	assert_int_equal(got->id, want->id);
	assert_int_equal(got->series_id, want->series_id);
	assert_int_equal(got->parent_id, want->parent_id);
	assert_int_equal(got->iteration, want->iteration);
	assert_same_text(want->title, got->title);
	assert_same_text(want->organization, got->organization);
	assert_same_text(want->unit, got->unit);
	assert_same_text(want->facilitator, got->facilitator);
	assert_same_text(want->template_key, got->template_key);
	assert_int_equal(got->level, want->level);
	assert_int_equal(got->stage, want->stage);
	assert_int_equal(got->status, want->status);
	assert_int_equal(got->created_at, want->created_at);
	assert_int_equal(got->closed_at, want->closed_at);
	assert_int_equal(got->nscale_labels, want->nscale_labels);
	for (size_t i = 0; i < want->nscale_labels; i++)
		assert_same_text(want->scale_labels[i], got->scale_labels[i]);
	for (int i = 0; i < STAGE_COUNT; i++) {
		assert_int_equal(got->timers[i].box_seconds, want->timers[i].box_seconds);
		assert_int_equal(got->timers[i].left_seconds, want->timers[i].left_seconds);
		assert_int_equal(got->timers[i].running_since, want->timers[i].running_since);
	}
}

void assert_same_people_and_dimensions(const struct session *want,
					      const struct session *got)
{
	assert_int_equal(got->nparticipants, want->nparticipants);
	for (size_t i = 0; i < want->nparticipants; i++) {
		assert_int_equal(got->participants[i].id, want->participants[i].id);
		assert_int_equal(got->participants[i].origin_id, want->participants[i].origin_id);
		assert_same_text(want->participants[i].name, got->participants[i].name);
	}
	assert_int_equal(got->ndims, want->ndims);
	for (size_t i = 0; i < want->ndims; i++) {
		const struct dimension *w = &want->dims[i], *g = &got->dims[i];
		assert_int_equal(g->id, w->id);
		assert_same_text(w->key, g->key);
		assert_same_text(w->name, g->name);
		assert_same_text(w->question, g->question);
		assert_same_text(w->low, g->low);
		assert_same_text(w->high, g->high);
		assert_int_equal(g->scale_min, w->scale_min);
		assert_int_equal(g->scale_max, w->scale_max);
		assert_int_equal(g->group_score, w->group_score);
		assert_same_real(w->previous_mean, g->previous_mean);
		for (size_t p = 0; p < want->nparticipants; p++)
			assert_int_equal(g->scores[p], w->scores[p]);
		assert_int_equal(g->nnotes, w->nnotes);
		for (size_t n = 0; n < w->nnotes; n++) {
			assert_int_equal(g->notes[n].id, w->notes[n].id);
			assert_int_equal(g->notes[n].kind, w->notes[n].kind);
			assert_same_text(w->notes[n].text, g->notes[n].text);
		}
	}
}

void assert_same_values_and_goals(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nvalues, want->nvalues);
	for (size_t i = 0; i < want->nvalues; i++) {
		assert_int_equal(got->values[i].id, want->values[i].id);
		assert_int_equal(got->values[i].origin_id, want->values[i].origin_id);
		assert_same_text(want->values[i].text, got->values[i].text);
	}
	assert_int_equal(got->ngoals, want->ngoals);
	for (size_t i = 0; i < want->ngoals; i++) {
		const struct goal *w = &want->goals[i], *g = &got->goals[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->origin_id, w->origin_id);
		assert_same_text(w->text, g->text);
		assert_same_text(w->dimension, g->dimension);
		assert_int_equal(g->status, w->status);
	}
}

void assert_same_metrics(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nmetrics, want->nmetrics);
	for (size_t i = 0; i < want->nmetrics; i++) {
		const struct metric *w = &want->metrics[i], *g = &got->metrics[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->origin_id, w->origin_id);
		assert_int_equal(g->goal_id, w->goal_id);
		assert_same_text(w->name, g->name);
		assert_same_text(w->unit, g->unit);
		assert_int_equal(g->direction, w->direction);
		assert_same_real(w->baseline, g->baseline);
		assert_same_real(w->target, g->target);
		assert_int_equal(g->baseline_date, w->baseline_date);
		assert_int_equal(g->target_date, w->target_date);
		assert_int_equal(g->nmeasurements, w->nmeasurements);
		for (size_t k = 0; k < w->nmeasurements; k++) {
			assert_int_equal(g->measurements[k].id, w->measurements[k].id);
			assert_same_real(w->measurements[k].value, g->measurements[k].value);
			assert_int_equal(g->measurements[k].taken_on, w->measurements[k].taken_on);
		}
	}
}

void assert_same_steps_and_parking(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nsteps, want->nsteps);
	for (size_t i = 0; i < want->nsteps; i++) {
		const struct step *w = &want->steps[i], *g = &got->steps[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->origin_id, w->origin_id);
		assert_same_text(w->text, g->text);
		assert_int_equal(g->horizon, w->horizon);
		assert_int_equal(g->status, w->status);
		assert_same_text(w->owner, g->owner);
		assert_int_equal(g->goal_id, w->goal_id);
		assert_int_equal(g->impact, w->impact);
		assert_int_equal(g->effort, w->effort);
		assert_int_equal(g->points, w->points);
		assert_int_equal(g->rank, w->rank);
	}
	assert_int_equal(got->nparking, want->nparking);
	for (size_t i = 0; i < want->nparking; i++) {
		assert_int_equal(got->parking[i].id, want->parking[i].id);
		assert_same_text(want->parking[i].text, got->parking[i].text);
	}
}

void assert_same_ballot(const struct ballot *w, const struct ballot *g)
{
	size_t n = w->ncandidates;
	assert_int_equal(g->id, w->id);
	assert_int_equal(g->method, w->method);
	assert_int_equal(g->entry, w->entry);
	assert_int_equal(g->status, w->status);
	assert_int_equal(g->anonymous, w->anonymous);
	assert_int_equal(g->budget, w->budget);
	assert_int_equal(g->cap, w->cap);
	assert_int_equal(g->score_min, w->score_min);
	assert_int_equal(g->score_max, w->score_max);
	assert_int_equal(g->tally_voters, w->tally_voters);
	assert_int_equal(g->ncandidates, n);
	for (size_t c = 0; c < n; c++) {
		assert_int_equal(g->candidates[c], w->candidates[c]);
		assert_int_equal(g->points[c], w->points[c]);
		assert_int_equal(g->impact_sum[c], w->impact_sum[c]);
		assert_int_equal(g->effort_sum[c], w->effort_sum[c]);
		assert_int_equal(g->score_count[c], w->score_count[c]);
	}
	for (size_t c = 0; c < n * n; c++)
		assert_int_equal(g->pairwise[c], w->pairwise[c]);
	assert_int_equal(g->nvoters, w->nvoters);
	for (size_t v = 0; v < w->nvoters; v++)
		assert_int_equal(g->voters[v], w->voters[v]);
}

void assert_same_session(const struct session *want, const struct session *got)
{
	assert_same_fields(want, got);
	assert_same_people_and_dimensions(want, got);
	assert_same_values_and_goals(want, got);
	assert_same_metrics(want, got);
	assert_same_steps_and_parking(want, got);
	assert_int_equal(got->nballots, want->nballots);
	for (size_t i = 0; i < want->nballots; i++)
		assert_same_ballot(&want->ballots[i], &got->ballots[i]);
}
