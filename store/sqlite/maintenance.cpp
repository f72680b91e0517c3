// Upkeep of a growing database (store/maintenance.h): pruning the story
// index and the fetch log, merging the search index, reclaiming free pages,
// and the file's size by part.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {
namespace {

// The fingerprints to prune, a page at a time, oldest first. Pruned rows
// are gone, so each page starts at the oldest left: rows an earlier
// wirecrawl kept (with band keys, with a signature, or without one) and an
// old article stored after the last pruning are all found again.
constexpr int64_t kPrunePage = 1'000;
constexpr const char* kToPrune =
    "SELECT article_id, signature FROM fingerprints WHERE seen_ms < ?1 ORDER BY seen_ms, article_id LIMIT ?2";
constexpr const char* kDeleteFingerprint = "DELETE FROM fingerprints WHERE article_id = ?1";
// SQLite merges a b-tree page with its neighbours only when deletes leave
// it under a third full, and band keys are hashes: pruning most of the
// index leaves every page of lsh_bands part empty (35 % full after a year
// of articles pruned to a 30-day window, measured). Then the keys left are
// written back in key order, which fills their pages; the pages freed go
// back to the file system with ReclaimSpace. The copy is a table of the
// file, not of memory: the keys inside a long window can be many.
constexpr const char* kBandsSpace =
    "SELECT coalesce(sum(pgsize), 0), coalesce(sum(unused), 0) FROM dbstat WHERE name = 'lsh_bands'";
constexpr const char* kPackBands =
    "CREATE TABLE packed_bands AS SELECT band_key, article_id FROM lsh_bands ORDER BY band_key, article_id; "
    "DELETE FROM lsh_bands; "
    "INSERT INTO lsh_bands(band_key, article_id) "
    "SELECT band_key, article_id FROM packed_bands ORDER BY band_key, article_id; "
    "DROP TABLE packed_bands";
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
      {"articles_site_fetched", "articles"},
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
      {"urls_host", "frontier"},
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
    pruned = 0;
    std::vector<std::pair<int64_t, std::string>> page;  // article_id, signature
    while (limit <= 0 || pruned < limit) {
      const int64_t want = limit > 0 ? std::min(kPrunePage, limit - pruned) : kPrunePage;
      page.clear();
      {
        Result<sqlite::Statement*> stmt = Cached(kToPrune);
        if (!stmt.ok()) return stmt.status();
        sqlite::ScopedStatement select(**stmt);
        select->Bind(1, before_ms).Bind(2, want);
        while (true) {
          Result<bool> row = select->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          page.emplace_back(select->Int64(0), std::string(select->BlobView(1)));
        }
      }
      for (const auto& [article_id, signature] : page) {
        // The band keys first: they are recomputed from the signature.
        WIRECRAWL_RETURN_IF_ERROR(DeleteBands(article_id, signature));
        Result<sqlite::Statement*> stmt = Cached(kDeleteFingerprint);
        if (!stmt.ok()) return stmt.status();
        sqlite::ScopedStatement remove(**stmt);
        remove->Bind(1, article_id);
        WIRECRAWL_RETURN_IF_ERROR(remove->Run());
      }
      pruned += static_cast<int64_t>(page.size());
      if (static_cast<int64_t>(page.size()) < want) break;
    }
    if (limit > 0 || pruned == 0) return Status::Ok();
    // dbstat (SQLITE_ENABLE_DBSTAT_VTAB, on in Debian's SQLite); without
    // it the keys stay where they are.
    bool mostly_empty = false;
    {
      Result<sqlite::Statement> space = db_.Prepare(kBandsSpace);
      if (!space.ok()) return Status::Ok();
      Result<bool> row = space->Step();
      if (!row.ok()) return row.status();
      mostly_empty = *row && space->Int64(1) * 2 > space->Int64(0);
    }  // finalized: a statement still reading would keep DROP TABLE from running
    return mostly_empty ? db_.Exec(kPackBands) : Status::Ok();
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
