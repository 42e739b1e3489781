/* schema: the migrations that build the database, one per schema version. */
#ifndef IMPROV_SESSIONS_SCHEMA_H
#define IMPROV_SESSIONS_SCHEMA_H

#include <stddef.h>

#include "sessions/store.h"

extern const struct store_migration schema_migrations[];
extern const size_t schema_nmigrations;

#endif
