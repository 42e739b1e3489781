#include "model/template.h"

#include <stdlib.h>
#include <string.h>

static void free_strings(char **strings, size_t n)
{
	for (size_t i = 0; strings != NULL && i < n; i++)
		free(strings[i]);
	free(strings);
}

static void free_dimension(struct template_dimension *dim)
{
	free(dim->key);
	free(dim->name);
	free(dim->question);
	free(dim->low);
	free(dim->high);
}

void template_free(struct template *tpl)
{
	if (tpl == NULL)
		return;
	free(tpl->key);
	free(tpl->name);
	free(tpl->description);
	free_strings(tpl->scale.labels, tpl->scale.nlabels);
	for (size_t i = 0; tpl->dims != NULL && i < tpl->ndims; i++)
		free_dimension(&tpl->dims[i]);
	free(tpl->dims);
	free_strings(tpl->values, tpl->nvalues);
	free_strings(tpl->goals, tpl->ngoals);
	for (size_t i = 0; tpl->metrics != NULL && i < tpl->nmetrics; i++) {
		free(tpl->metrics[i].name);
		free(tpl->metrics[i].unit);
	}
	free(tpl->metrics);
	memset(tpl, 0, sizeof *tpl);
}

const struct template_dimension *template_dimension(const struct template *tpl,
						    const char *key)
{
	if (tpl == NULL || key == NULL)
		return NULL;
	for (size_t i = 0; i < tpl->ndims; i++) {
		if (tpl->dims[i].key != NULL && strcmp(tpl->dims[i].key, key) == 0)
			return &tpl->dims[i];
	}
	return NULL;
}
