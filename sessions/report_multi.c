/* The reports over several sessions: which sessions a report pools, read
 * from the store, and the rollup (model/rollup.h) written three ways. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sanitize.h"
#include "model/rollup.h"
#include "sessions/report_multi.h"
#include "sessions/report_multi_internal.h"
#include "sessions/store.h"

#define NONE "–"
#define WHOLE_ORGANIZATION "(the organization as a whole)"

static void picture_free(struct picture *p)
{
	for (size_t i = 0; i < p->nloaded; i++)
		session_free(p->loaded[i]);
	for (size_t i = 0; i < p->nlabels; i++)
		free(p->labels[i]);
	free(p->loaded);
	free(p->labels);
	rollup_free(&p->r);
}

static enum err_code load(struct store *st, struct picture *p, int64_t id,
			  const struct session **out, struct error *err)
{
	struct session *s;
	if (store_load_session(st, id, &s, err))
		return err->code;
	grow(&p->loaded, &p->loaded_cap, p->nloaded + 1, sizeof *p->loaded);
	p->loaded[p->nloaded++] = s;
	*out = s;
	return ERR_OK;
}

static const char *label(struct picture *p, char *text)
{
	grow(&p->labels, &p->labels_cap, p->nlabels + 1, sizeof *p->labels);
	return p->labels[p->nlabels++] = text;
}

/* ---- a series ---- */

static int by_iteration(const void *a, const void *b)
{
	const struct session_summary *x = *(const struct session_summary *const *)a;
	const struct session_summary *y = *(const struct session_summary *const *)b;
	return x->iteration - y->iteration;
}

static enum err_code read_series(struct store *st, struct picture *p,
				 const struct session_summary *list, size_t n, struct error *err)
{
	const struct session_summary *named = NULL;
	for (size_t i = 0; i < n; i++)
		if (list[i].id == p->q->id)
			named = &list[i];
	if (named == NULL)
		return error_set(err, ERR_NOINPUT, "report: no session %lld", (long long)p->q->id);
	const struct session_summary **its = xcalloc(n, sizeof *its);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].series_id == named->series_id)
			its[m++] = &list[i];
	qsort(its, m, sizeof *its, by_iteration);
	const struct session *before = NULL;
	enum err_code code = ERR_OK;
	for (size_t k = 0; k < m && code == ERR_OK; k++) {
		const struct session *s;
		code = load(st, p, its[k]->id, &s, err);
		if (code)
			break;
		char text[64], iso[DATE_ISO_SIZE];
		date_format((long)(s->created_at / DATE_SECONDS_PER_DAY), iso);
		snprintf(text, sizeof text, "iteration %d, %s", s->iteration, iso);
		rollup_add(&p->r, label(p, xstrdup(text)), &s, 1, &before, before != NULL);
		p->title = s->title;
		before = s;
	}
	free(its);
	return code;
}

/* ---- an organization ---- */

static bool same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static bool unit_asked(const struct report_request *q, const char *unit)
{
	if (q->nunits == 0)
		return true;
	for (size_t i = 0; i < q->nunits; i++)
		if (same_text(q->units[i], unit))
			return true;
	return false;
}

/* Each series of the unit, read from its group of the list: its latest
 * iteration now, the one it followed before. The list is newest first
 * within a unit, so a series' first entry is its latest. */
static enum err_code read_unit(struct store *st, struct picture *p,
			       const struct session_summary *list, size_t n, const char *unit,
			       const struct session ***now, size_t *nnow,
			       const struct session ***before, size_t *nbefore, struct error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct session_summary *e = &list[i];
		if (!same_text(e->organization, p->q->organization) || !same_text(e->unit, unit))
			continue;
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= list[k].series_id == e->series_id;
		if (seen)
			continue;
		const struct session *s;
		if (load(st, p, e->id, &s, err))
			return err->code;
		(*now)[(*nnow)++] = s;
		if (e->parent_id && load(st, p, e->parent_id, &s, err) == ERR_OK)
			(*before)[(*nbefore)++] = s;
		else if (e->parent_id)
			return err->code;
	}
	return ERR_OK;
}

/* Whether two texts are equal but for ASCII case, as the list's order
 * compares them (NOCASE): NULL only equals NULL. */
static bool same_nocase(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* The end of the group list[i] opens: the list keeps an organization's
 * unit together, its spellings that differ in case mixed within. */
static size_t group_end(const struct session_summary *list, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n && same_nocase(list[j].organization, list[i].organization) &&
	       same_nocase(list[j].unit, list[i].unit))
		j++;
	return j;
}

static bool unit_seen_before(const struct session_summary *group, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (same_text(group[k].organization, group[i].organization) &&
		    same_text(group[k].unit, group[i].unit))
			return true;
	return false;
}

/* The sessions a unit's row pools, and those of every row so far (the
 * whole organization's). */
struct pools {
	const struct session **now, **before, **all_now, **all_before;
	size_t nall_now, nall_before;
};

/* A row for the unit of group[i], when it is the first of its unit in the
 * group, of the organization asked for and of a unit asked for. */
static enum err_code read_unit_row(struct store *st, struct picture *p,
				   const struct session_summary *group, size_t n, size_t i,
				   struct pools *w, struct error *err)
{
	const struct session_summary *e = &group[i];
	if (!same_text(e->organization, p->q->organization) || unit_seen_before(group, i) ||
	    !unit_asked(p->q, e->unit))
		return ERR_OK;
	size_t nnow = 0, nbefore = 0;
	if (read_unit(st, p, group, n, e->unit, &w->now, &nnow, &w->before, &nbefore, err))
		return err->code;
	rollup_add(&p->r, label(p, xstrdup(e->unit ? e->unit : WHOLE_ORGANIZATION)), w->now,
		   nnow, w->before, nbefore);
	memcpy(w->all_now + w->nall_now, w->now, nnow * sizeof *w->now);
	memcpy(w->all_before + w->nall_before, w->before, nbefore * sizeof *w->before);
	w->nall_now += nnow;
	w->nall_before += nbefore;
	return ERR_OK;
}

/* Each group of the list (an organization's unit, whatever its case) is
 * read on its own, so a report reads the list once. */
static enum err_code read_org(struct store *st, struct picture *p,
			      const struct session_summary *list, size_t n, struct error *err)
{
	const char *org = p->q->organization;
	struct pools w = {
		.now = xcalloc(n + 1, sizeof *w.now),
		.before = xcalloc(n + 1, sizeof *w.before),
		.all_now = xcalloc(n + 1, sizeof *w.all_now),
		.all_before = xcalloc(n + 1, sizeof *w.all_before),
	};
	enum err_code code = ERR_OK;
	for (size_t from = 0, end; from < n && code == ERR_OK; from = end) {
		end = group_end(list, n, from);
		for (size_t i = from; i < end && code == ERR_OK; i++)
			code = read_unit_row(st, p, list + from, end - from, i - from, &w, err);
	}
	if (code == ERR_OK && p->r.nrows == 0) {
		char *shown = sanitize(org, strlen(org), SANITIZE_LINE);
		code = error_set(err, ERR_NOINPUT, "report: no sessions of organization \"%.80s\"",
				 shown);
		free(shown);
	}
	if (code == ERR_OK) {
		rollup_add(&p->r, "the whole organization", w.all_now, w.nall_now, w.all_before,
			   w.nall_before);
		p->has_overall = true;
		p->title = org;
	}
	free(w.now);
	free(w.before);
	free(w.all_now);
	free(w.all_before);
	return code;
}

static enum err_code check_units(const struct report_request *q,
				 const struct session_summary *list, size_t n, struct error *err)
{
	for (size_t u = 0; u < q->nunits; u++) {
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = same_text(list[i].organization, q->organization) &&
				same_text(list[i].unit, q->units[u]);
		if (!found) {
			char *org = sanitize(q->organization, strlen(q->organization), SANITIZE_LINE);
			char *shown = sanitize(q->units[u], strlen(q->units[u]), SANITIZE_LINE);
			error_set(err, ERR_NOINPUT, "report: organization \"%.80s\" has no unit "
				  "\"%.80s\"", org, shown);
			free(org);
			free(shown);
			return err->code;
		}
	}
	return ERR_OK;
}

bool report_format_known(const char *format)
{
	return strcmp(format, "md") == 0 || strcmp(format, "json") == 0 ||
	       strcmp(format, "html") == 0;
}

enum err_code report_render(struct store *st, const struct report_request *q,
			    struct sbuf *out, struct error *err)
{
	struct session_summary *list = NULL;
	size_t n = 0;
	struct picture p = {.q = q};
	enum err_code code = store_list_sessions(st, &list, &n, err);
	if (code == ERR_OK && q->kind == REPORT_ORG)
		code = check_units(q, list, n, err);
	if (code == ERR_OK)
		code = q->kind == REPORT_SERIES ? read_series(st, &p, list, n, err)
						: read_org(st, &p, list, n, err);
	if (code == ERR_OK) {
		rollup_finish(&p.r);
		write_report(&p, out);
	}
	store_summaries_free(list, n);
	picture_free(&p);
	return code;
}
