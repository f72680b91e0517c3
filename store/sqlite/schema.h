// store/schema.h: the SQLite schema, its versions and the migrations between
// them (PRAGMA user_version). Internal to store/; the schema itself is
// documented for users in store/SCHEMA.md, which must change with it.
#pragma once

#include "base/status.h"
#include "store/sqlite/database.h"

namespace wirecrawl::schema {

// "WCRW": marks the file as a wirecrawl database (PRAGMA application_id), so
// that pointing --db at some other SQLite file is an error, not a migration.
inline constexpr int kApplicationId = 0x57435257;

// Brings the database to Store::kSchemaVersion in one IMMEDIATE transaction:
// an empty file gets the whole schema, an older one each missing migration
// in order. A newer version, or a non-empty database that is not wirecrawl's,
// is refused with kUnsupported and left untouched.
// REQUIRES: no transaction open on db.
Status Migrate(sqlite::Database& db);

// For a read-only connection: Ok when the database is wirecrawl's at
// exactly Store::kSchemaVersion; an older one is kUnsupported (it needs a
// writing command to migrate it), as are a newer one and a foreign file.
Status CheckCurrent(sqlite::Database& db);

}  // namespace wirecrawl::schema
