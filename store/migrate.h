// store/migrate.h: moving an embedded database (SQLite) to PostgreSQL, so
// that a user who outgrows one machine grows without crawling again
// (`wirecrawl migrate --from wirecrawl.db --to postgresql://...`).
//
// Everything moves with its ids: sources, hosts (robots.txt cache,
// politeness), site knowledge, articles with their versions, stories,
// fingerprints and band keys (the story index), the search index (rebuilt
// from the articles' text), the frontier and the fetch log. URLs a crashed
// process left "fetching" arrive queued.
//
// Resumable: the copy runs in chunks, each its own transaction, in id
// order; run again after an interruption, it goes on after the last chunk
// committed. It ends by comparing row counts table by table and fails if
// one differs. The target must be a new database or one this same source
// was being migrated into.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"

namespace wirecrawl {

struct MigratedTable {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
};

struct MigrateProgress {
  std::string part;  // "articles", "urls", ...
  int64_t done = 0;  // rows of this part copied so far, this run
};

// Copies the SQLite database at sqlite_path (upgraded to the current schema
// first) into the PostgreSQL database at postgres_uri (schema created).
// Returns each table's counts after the copy. Errors: kNotFound (no source
// file), kInvalidArgument (the target holds another crawl), kCorruption
// (counts differ after the copy), kIoError/kBusy from either database.
Result<std::vector<MigratedTable>> MigrateToPostgres(
    const std::string& sqlite_path, const std::string& postgres_uri,
    const std::function<void(const MigrateProgress&)>& progress);

}  // namespace wirecrawl
