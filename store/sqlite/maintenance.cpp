// Upkeep of a growing database (store/maintenance.h): pruning the story
// index and the fetch log, merging the search index, reclaiming free pages,
// and the file's size by part.
#include <cstdlib>
#include <map>
#include <string>

#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {
namespace {

// Pruning keeps its place in meta, so each call continues where the last
// one stopped: "seen_ms:article_id" of the last article whose band keys
// were removed.
constexpr const char* kGetPruned = "SELECT value FROM meta WHERE key = 'dedup.pruned'";
constexpr const char* kPutPruned =
    "INSERT INTO meta(key, value) VALUES ('dedup.pruned', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
constexpr const char* kToPrune =
    "SELECT article_id, seen_ms FROM fingerprints WHERE (seen_ms, article_id) > (?1, ?2) AND seen_ms < ?3 "
    "ORDER BY seen_ms, article_id LIMIT ?4";
constexpr const char* kPruneFetches =
    "DELETE FROM fetches WHERE id IN (SELECT id FROM fetches WHERE started_ms < ?1 ORDER BY id LIMIT ?2)";

// Which part of the database a table or index belongs to, for `stats`.
const char* PartOf(std::string_view name) {
  static const std::map<std::string_view, const char*> kParts = {
      {"articles", "articles"},
      {"article_versions", "articles"},
      {"sqlite_autoindex_articles_1", "articles"},
      {"articles_story", "articles"},
      {"articles_date", "articles"},
      {"sqlite_autoindex_article_versions_1", "articles"},
      {"fingerprints", "story index"},
      {"fingerprints_hash", "story index"},
      {"fingerprints_seen", "story index"},
      {"lsh_bands", "story index"},
      {"stories", "stories"},
      {"stories_last_seen", "stories"},
      {"stories_representative", "stories"},
      {"urls", "frontier"},
      {"sqlite_autoindex_urls_1", "frontier"},
      {"urls_queue", "frontier"},
      {"urls_state", "frontier"},
      {"urls_source", "frontier"},
      {"urls_article", "frontier"},
      {"urls_page_kind", "frontier"},
      {"hosts", "frontier"},
      {"sqlite_autoindex_hosts_1", "frontier"},
      {"sources", "frontier"},
      {"sqlite_autoindex_sources_1", "frontier"},
      {"sources_due", "frontier"},
      {"fetches", "fetch log"},
      {"fetches_url", "fetch log"},
  };
  if (name.rfind("article_search", 0) == 0) return "search index";
  auto it = kParts.find(name);
  return it == kParts.end() ? "other" : it->second;
}

}  // namespace

Result<int64_t> SqliteStore::PruneStoryIndex(int64_t before_ms, int64_t limit) {
  int64_t pruned = 0;
  Status s = Atomically([&]() -> Status {
    int64_t after_seen = INT64_MIN;
    int64_t after_id = INT64_MIN;
    {
      Result<sqlite::Statement*> stmt = Cached(kGetPruned);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement get(**stmt);
      Result<bool> row = get->Step();
      if (!row.ok()) return row.status();
      if (*row) {
        std::string mark = get->Text(0);
        size_t colon = mark.find(':');
        if (colon != std::string::npos) {
          after_seen = std::strtoll(mark.c_str(), nullptr, 10);
          after_id = std::strtoll(mark.c_str() + colon + 1, nullptr, 10);
        }
      }
    }
    // Its own statement: DeleteBands uses the cached ones.
    Result<sqlite::Statement> select = db_.Prepare(kToPrune);
    if (!select.ok()) return select.status();
    select->Bind(1, after_seen).Bind(2, after_id).Bind(3, before_ms).Bind(4, limit > 0 ? limit : INT64_MAX);
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      after_id = select->Int64(0);
      after_seen = select->Int64(1);
      WIRECRAWL_RETURN_IF_ERROR(DeleteBands(after_id));
      ++pruned;
    }
    if (pruned == 0) return Status::Ok();
    Result<sqlite::Statement*> stmt = Cached(kPutPruned);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement put(**stmt);
    put->Bind(1, std::to_string(after_seen) + ":" + std::to_string(after_id));
    return put->Run();
  });
  if (!s.ok()) return s;
  return pruned;
}

Result<int64_t> SqliteStore::PruneFetchLog(int64_t before_ms, int64_t limit) {
  int64_t deleted = 0;
  Status s = Atomically([&]() -> Status {
    Result<sqlite::Statement*> stmt = Cached(kPruneFetches);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement prune(**stmt);
    prune->Bind(1, before_ms).Bind(2, limit > 0 ? limit : INT64_MAX);
    WIRECRAWL_RETURN_IF_ERROR(prune->Run());
    deleted = db_.Changes();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return deleted;
}

Status SqliteStore::MergeSearchIndex(int64_t pages) {
  return Atomically([&]() -> Status {
    if (pages <= 0) return db_.Exec("INSERT INTO article_search(article_search) VALUES ('optimize')");
    std::string merge =
        "INSERT INTO article_search(article_search, rank) VALUES ('merge', " + std::to_string(pages) + ")";
    return db_.Exec(merge.c_str());
  });
}

Result<int64_t> SqliteStore::ReclaimSpace(int64_t pages) {
  if (in_batch_) return Status::InvalidArgument("ReclaimSpace needs no batch open");
  Result<int64_t> page_size = db_.QueryInt64("PRAGMA page_size");
  if (!page_size.ok()) return page_size.status();
  Result<int64_t> before = db_.QueryInt64("PRAGMA freelist_count");
  if (!before.ok()) return before.status();
  std::string vacuum =
      "PRAGMA incremental_vacuum" + (pages > 0 ? "(" + std::to_string(pages) + ")" : std::string());
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec(vacuum.c_str()));
  // A database created before incremental auto-vacuum was on keeps its
  // free pages (only a full VACUUM would rewrite it); nothing is lost.
  Result<int64_t> after = db_.QueryInt64("PRAGMA freelist_count");
  if (!after.ok()) return after.status();
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec("PRAGMA optimize"));
  return (*before - *after) * *page_size;
}

Result<std::vector<std::pair<std::string, int64_t>>> SqliteStore::BytesByPart() {
  std::vector<std::pair<std::string, int64_t>> out;
  // dbstat (SQLITE_ENABLE_DBSTAT_VTAB, on in Debian's SQLite) reads every
  // page: this is for `wirecrawl stats`, not a hot path.
  Result<sqlite::Statement> select = db_.Prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name");
  if (!select.ok()) return out;  // a build without dbstat: no breakdown
  std::map<std::string, int64_t> parts;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    parts[PartOf(select->TextView(0))] += select->Int64(1);
  }
  Result<int64_t> free_pages = db_.QueryInt64("PRAGMA freelist_count");
  Result<int64_t> page_size = db_.QueryInt64("PRAGMA page_size");
  if (free_pages.ok() && page_size.ok()) parts["free"] = *free_pages * *page_size;
  for (const char* part :
       {"articles", "search index", "story index", "stories", "frontier", "fetch log", "other", "free"}) {
    out.emplace_back(part, parts[part]);
  }
  return out;
}

}  // namespace wirecrawl
