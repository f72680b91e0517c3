// store/postgres/schema.h: the PostgreSQL schema and its migrations
// (documented in store/SCHEMA.md, "PostgreSQL"). Internal to store/.
#pragma once

#include "base/status.h"
#include "store/postgres/connection.h"

namespace wirecrawl::pg_schema {

// The PostgreSQL schema version this build writes (meta 'schema_version').
// Numbered on its own: the SQLite schema's versions count that file's
// history, this one starts where SQLite's version 8 stood.
constexpr int kVersion = 1;

// Creates or upgrades the schema in one transaction, under an advisory lock
// so that several processes starting at once migrate it once.
// kUnsupported: a newer schema, or a database with tables that are not
// wirecrawl's.
Status Migrate(pg::Connection& db);
// For a reader that must not write: kUnsupported unless the schema is current.
Status CheckCurrent(pg::Connection& db);

}  // namespace wirecrawl::pg_schema
