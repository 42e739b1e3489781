/* schema: the migrations that build the database, one per schema version. */
#ifndef IMPROV_SESSIONS_SCHEMA_H
#define IMPROV_SESSIONS_SCHEMA_H

#include <stddef.h>

#include "sessions/store.h"

extern const struct store_migration schema_migrations[];
extern const size_t schema_nmigrations;

/* The texts version 4's CHECKs hold to the lengths the model allows. */
struct schema_text_bound {
	const char *table, *column;
	size_t max;                     /* bytes, as the model counts them */
};
extern const struct schema_text_bound schema_text_bounds[];
extern const size_t schema_ntext_bounds;

#endif
