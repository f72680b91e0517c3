// Upkeep of a growing PostgreSQL database (store/maintenance.h): pruning the
// story index and the fetch log, the search index's pending entries, and
// VACUUM.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "store/postgres/postgres_store.h"

namespace wirecrawl {
namespace {

// The fingerprints to prune, a page at a time, oldest first. Each call
// starts at the oldest row left (as on SQLite,
// store/sqlite/maintenance.cpp); within a call each page starts after the
// last one, since the rows this transaction deleted stay in the index
// until it ends and would be walked again by every page.
constexpr int64_t kPrunePage = 2'000;
constexpr const char* kToPrune =
    "SELECT article_id, signature, seen_ms FROM fingerprints WHERE (seen_ms, article_id) > ($1, $2) "
    "AND seen_ms < $3 ORDER BY seen_ms, article_id LIMIT $4";
constexpr const char* kDeleteFingerprints = "DELETE FROM fingerprints WHERE article_id = ANY($1::bigint[])";
constexpr const char* kPruneFetches =
    "DELETE FROM fetches WHERE id IN (SELECT id FROM fetches WHERE started_ms < $1 ORDER BY id LIMIT $2)";

// The GIN index's pending list (fastupdate: new documents are appended
// there, and searches scan it whole) merged into the index proper. Only the
// index's owner (or a superuser) may: for another role this does nothing,
// and autovacuum merges it as it does anyway.
constexpr const char* kCleanSearchPending =
    "SELECT gin_clean_pending_list(c.oid) FROM pg_class c "
    "WHERE c.oid = to_regclass('article_search_document') AND pg_has_role(c.relowner, 'USAGE')";

// ReclaimSpace's bounded step vacuums the tables the pruning steps delete
// from; `wirecrawl optimize` the whole database.
constexpr const char* kStepTablesSize =
    "SELECT coalesce(pg_total_relation_size(to_regclass('lsh_bands')), 0) + "
    "coalesce(pg_total_relation_size(to_regclass('fetches')), 0)";
constexpr const char* kVacuumStep = "VACUUM (ANALYZE, SKIP_LOCKED) lsh_bands, fetches";
constexpr const char* kDatabaseSize = "SELECT pg_database_size(current_database())";
constexpr const char* kVacuumAll = "VACUUM (ANALYZE, SKIP_LOCKED)";

}  // namespace

Result<int64_t> PostgresStore::PruneStoryIndex(int64_t before_ms, int64_t limit) {
  int64_t pruned = 0;
  Status s = Atomically([&]() -> Status {
    // Every write of the story index holds the story lock (articles.cpp):
    // a prune and a rebuild of the bands then never wait on each other's
    // rows.
    WIRECRAWL_RETURN_IF_ERROR(LockStoryAssignment());
    pruned = 0;
    int64_t after_seen_ms = INT64_MIN;
    int64_t after_id = INT64_MIN;
    while (limit <= 0 || pruned < limit) {
      int64_t want = limit > 0 ? std::min(kPrunePage, limit - pruned) : kPrunePage;
      Result<pg::Rows> page =
          Run(kToPrune, pg::Params().Add(after_seen_ms).Add(after_id).Add(before_ms).Add(want));
      if (!page.ok()) return page.status();
      if (page->empty()) break;
      std::vector<StoredFingerprint> with_bands;
      std::vector<int64_t> ids;
      for (int row = 0; row < page->size(); ++row) {
        StoredFingerprint& fp = with_bands.emplace_back();
        fp.article_id = page->Int64(row, 0);
        fp.signature = page->Bytes(row, 1);
        fp.seen_ms = page->Int64(row, 2);
        ids.push_back(fp.article_id);
        after_seen_ms = fp.seen_ms;
        after_id = fp.article_id;
      }
      // The band keys first: they are recomputed from the signatures.
      WIRECRAWL_RETURN_IF_ERROR(DeleteBands(with_bands));
      Result<pg::Rows> deleted = Run(kDeleteFingerprints, pg::Params().AddInt64Array(ids));
      if (!deleted.ok()) return deleted.status();
      pruned += static_cast<int64_t>(ids.size());
      if (static_cast<int64_t>(ids.size()) < want) break;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return pruned;
}

Result<int64_t> PostgresStore::PruneFetchLog(int64_t before_ms, int64_t limit) {
  int64_t deleted = 0;
  Status s = Atomically([&]() -> Status {
    Result<pg::Rows> pruned =
        Run(kPruneFetches, pg::Params().Add(before_ms).Add(limit > 0 ? limit : INT64_MAX));
    if (!pruned.ok()) return pruned.status();
    deleted = pruned->Affected();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return deleted;
}

Status PostgresStore::MergeSearchIndex(int64_t pages) {
  // A GIN index has no segments to merge as FTS5 has: what comes closest is
  // its pending list, which PostgreSQL already merges when it outgrows
  // gin_pending_list_limit and at each (auto)vacuum. So the daemon's bounded
  // step does nothing, and `wirecrawl optimize` (pages == 0) merges it at
  // once, for searches that scan no pending entries.
  if (pages > 0) return Status::Ok();
  return Atomically([&]() -> Status {
    Result<pg::Rows> cleaned = Run(kCleanSearchPending);
    return cleaned.ok() ? Status::Ok() : cleaned.status();
  });
}

Result<int64_t> PostgresStore::ReclaimSpace(int64_t pages) {
  // VACUUM cannot run inside a transaction block.
  if (in_batch_) return Status::InvalidArgument("ReclaimSpace needs no batch open");
  // VACUUM (ANALYZE) is PostgreSQL's incremental vacuum and PRAGMA optimize
  // in one: dead rows' space is reused, empty pages at a table's end go
  // back to the file system, and the planner's statistics are refreshed.
  // It cannot be bounded by pages: the bounded step (pages > 0) vacuums
  // only the tables pruning deletes from, and a full round the whole
  // database. SKIP_LOCKED: a table another worker or autovacuum is
  // vacuuming is skipped rather than waited for.
  const bool full = pages <= 0;
  const char* size_sql = full ? kDatabaseSize : kStepTablesSize;
  Result<int64_t> before = db_.QueryInt64(size_sql);
  if (!before.ok()) return before.status();
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec(full ? kVacuumAll : kVacuumStep));
  Result<int64_t> after = db_.QueryInt64(size_sql);
  if (!after.ok()) return after.status();
  return std::max<int64_t>(0, *before - *after);
}

}  // namespace wirecrawl
