/* Who is in the room: someone who leaves keeps their column and what they
 * gave, and a name typed for a person is one line. */
#include "model/session.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"

enum err_code session_participant_leaves(struct session *s, size_t i, long day,
					 struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	if (i >= s->nparticipants)
		return error_set(err, ERR_DATA, "there is no such participant");
	if (day == NO_DATE)
		return error_set(err, ERR_DATA, "leaving needs a day");
	if (!session_participant_here(s, i))
		return error_set(err, ERR_DATA, "%s has left already", s->participants[i].name);
	s->participants[i].left_on = day;
	return ERR_OK;
}

bool session_participant_here(const struct session *s, size_t i)
{
	return i < s->nparticipants && s->participants[i].left_on == NO_DATE;
}

size_t session_expected_voters(const struct session *s, const struct ballot *b)
{
	size_t n = 0;
	for (size_t p = 0; p < s->nparticipants; p++)
		n += session_participant_here(s, p) || ballot_has_voted(b, s->participants[p].id);
	return n;
}

enum err_code session_check_name(const char *name, struct error *err)
{
	size_t len = strlen(name);
	if (!sanitize_needed(name, len, SANITIZE_LINE))
		return ERR_OK;
	char *shown = sanitize(name, len, SANITIZE_LINE);
	error_set(err, ERR_DATA, "a name is one line of text: \"%s\" holds a control character",
		  shown);
	free(shown);
	return ERR_DATA;
}
