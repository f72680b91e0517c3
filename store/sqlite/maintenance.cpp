// Upkeep of a growing database (store/maintenance.h): pruning the story
// index and the fetch log, merging the search index, reclaiming free pages,
// and the file's size by part.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {
namespace {

// Pruning keeps its place in meta, so each call continues where the last
// one stopped: "seen_ms:article_id" of the last article pruned. A wirecrawl
// before signatures were dropped kept its place under 'dedup.pruned' (band
// keys only); such a database has no 'dedup.pruned_signatures' yet and is
// walked from its first article once: deleting band keys already gone
// changes nothing.
constexpr const char* kGetMark = "SELECT value FROM meta WHERE key = 'dedup.pruned_signatures'";
constexpr const char* kPutMark =
    "INSERT INTO meta(key, value) VALUES ('dedup.pruned_signatures', ?1) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
// A page of the articles to prune, read whole before their rows change.
constexpr int64_t kPrunePage = 1'000;
constexpr const char* kToPrune =
    "SELECT article_id, seen_ms, story_id, body_hash, shingle_count, site FROM fingerprints "
    "WHERE (seen_ms, article_id) > (?1, ?2) AND seen_ms < ?3 ORDER BY seen_ms, article_id LIMIT ?4";
// The fingerprint without its signature is written anew rather than
// updated: SQLite merges a table's half-empty pages when rows are deleted,
// never when an update shrinks them, and a fingerprint is ~600 bytes with
// its signature, ~40 without. The signature is an empty blob, not NULL: the
// column is NOT NULL since version 1, and changing that rewrites the table.
constexpr const char* kDeleteFingerprint = "DELETE FROM fingerprints WHERE article_id = ?1";
constexpr const char* kInsertUnsigned =
    "INSERT INTO fingerprints(article_id, story_id, body_hash, shingle_count, seen_ms, site, signature) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, X'')";
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
  // (seen_ms, article_id) of the last article pruned; none: before all.
  using Mark = std::pair<int64_t, int64_t>;
  Status s = Atomically([&]() -> Status {
    Mark last{INT64_MIN, INT64_MIN};
    {
      Result<sqlite::Statement*> stmt = Cached(kGetMark);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement get(**stmt);
      Result<bool> row = get->Step();
      if (!row.ok()) return row.status();
      if (*row) {
        std::string text = get->Text(0);
        size_t colon = text.find(':');
        if (colon != std::string::npos) {
          last.first = std::strtoll(text.c_str(), nullptr, 10);
          last.second = std::strtoll(text.c_str() + colon + 1, nullptr, 10);
        }
      }
    }
    struct Unsigned {
      int64_t article_id, seen_ms, story_id, body_hash, shingle_count;
      std::string site;
    };
    std::vector<Unsigned> page;
    while (limit <= 0 || pruned < limit) {
      const int64_t want = limit > 0 ? std::min(kPrunePage, limit - pruned) : kPrunePage;
      page.clear();
      {
        Result<sqlite::Statement*> stmt = Cached(kToPrune);
        if (!stmt.ok()) return stmt.status();
        sqlite::ScopedStatement select(**stmt);
        select->Bind(1, last.first).Bind(2, last.second).Bind(3, before_ms).Bind(4, want);
        while (true) {
          Result<bool> row = select->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          page.push_back(Unsigned{select->Int64(0), select->Int64(1), select->Int64(2), select->Int64(3),
                                  select->Int64(4), select->Text(5)});
        }
      }
      for (const Unsigned& fp : page) {
        last = Mark{fp.seen_ms, fp.article_id};
        // The band keys first: they are recomputed from the signature.
        WIRECRAWL_RETURN_IF_ERROR(DeleteBands(fp.article_id));
        Result<sqlite::Statement*> stmt = Cached(kDeleteFingerprint);
        if (!stmt.ok()) return stmt.status();
        {
          sqlite::ScopedStatement remove(**stmt);
          remove->Bind(1, fp.article_id);
          WIRECRAWL_RETURN_IF_ERROR(remove->Run());
        }
        stmt = Cached(kInsertUnsigned);
        if (!stmt.ok()) return stmt.status();
        sqlite::ScopedStatement insert(**stmt);
        insert->Bind(1, fp.article_id)
            .Bind(2, fp.story_id)
            .Bind(3, fp.body_hash)
            .Bind(4, fp.shingle_count)
            .Bind(5, fp.seen_ms)
            .Bind(6, fp.site);
        WIRECRAWL_RETURN_IF_ERROR(insert->Run());
      }
      pruned += static_cast<int64_t>(page.size());
      if (static_cast<int64_t>(page.size()) < want) break;
    }
    if (pruned == 0) return Status::Ok();
    Result<sqlite::Statement*> stmt = Cached(kPutMark);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement put(**stmt);
    put->Bind(1, std::to_string(last.first) + ":" + std::to_string(last.second));
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
