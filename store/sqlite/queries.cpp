// The SQLite Store: what users ask of the database (search, stories, show,
// export, stats).
#include <filesystem>
#include <limits>
#include <system_error>

#include "store/search_text.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/story_summary.h"

namespace wirecrawl {
namespace {

// Search ranks the newest SearchQuery::newest_matches matches (records.h)
// in one pass: FTS5 returns a match newest first without sorting (ORDER BY
// rowid DESC), the filters are checked as it goes, and bm25 scores the rows
// until that many passed; then the best `limit` of them. 40-60 ms for a
// word in every article of a million (bm25 also counts the rows that hold
// each query word once per query, its IDF: a pass over the word's
// postings, 30-40 ms of it); ranking every match took 1.0-2.5 s. A filter
// that few matches pass walks every match, as ranking all of them did,
// except that --since starts the walk at the lowest id dated since then
// (kLowestIdSince).
// ?1 the MATCH expression, ?2 limit, ?3 newest_matches (-1: all), ?4
// language, ?5 since (article date), ?6 the lowest article id to walk.
// bm25 column weights (title, body): a word in the headline says more about
// what an article is about than the same word somewhere in the body.
constexpr const char* kSearch =
    "SELECT id, rank FROM (SELECT rowid AS id, bm25(article_search, 4.0, 1.0) AS rank FROM article_search "
    "WHERE article_search MATCH ?1 ORDER BY rowid DESC LIMIT ?3) ORDER BY rank LIMIT ?2";
constexpr const char* kSearchFiltered =
    "SELECT id, rank FROM (SELECT s.rowid AS id, bm25(article_search, 4.0, 1.0) AS rank FROM article_search s "
    "JOIN articles a ON a.id = s.rowid "
    "WHERE article_search MATCH ?1 AND s.rowid >= ?6 AND (?4 IS NULL OR a.language = ?4) "
    "AND (?5 IS NULL OR coalesce(a.published_ms, a.fetched_ms) >= ?5) ORDER BY s.rowid DESC LIMIT ?3) "
    "ORDER BY rank LIMIT ?2";
// The lowest id of the articles dated at or after ?1 (index articles_date),
// when they are at most ?2: a crawl stores articles about as they appear,
// so for a recent date the walk stops near the archive's end rather than
// going through every older match; past every id when there are none.
// NULL when more (the walk then finds newest_matches among them soon, for a
// common word). At most ?2 index entries read: ~10 ms for 50,000.
constexpr const char* kLowestIdSince =
    "SELECT CASE WHEN count(*) = 0 THEN 9223372036854775807 WHEN count(*) <= ?2 THEN min(id) END FROM "
    "(SELECT id FROM articles WHERE coalesce(published_ms, fetched_ms) >= ?1 LIMIT ?2 + 1)";
constexpr int64_t kLowestIdSinceMaxArticles = 50'000;

#define WIRECRAWL_ARTICLE_COLUMNS                                                                  \
  "id, url, canonical_url, site, title, author, published, language, body, story_id, similarity, " \
  "body_hash, "                                                                                    \
  "version, fetched_ms, updated_ms, matched_id"
constexpr const char* kArticleById = "SELECT " WIRECRAWL_ARTICLE_COLUMNS " FROM articles WHERE id = ?1";
constexpr const char* kArticleByUrl =
    "SELECT " WIRECRAWL_ARTICLE_COLUMNS
    " FROM articles WHERE url = ?1 OR canonical_url = ?1 ORDER BY url = ?1 DESC "
    "LIMIT 1";
constexpr const char* kExport =
    "SELECT " WIRECRAWL_ARTICLE_COLUMNS
    " FROM articles WHERE ?1 IS NULL OR coalesce(published_ms, fetched_ms) >= ?1 ORDER BY id";

// With the first to publish (store/sqlite/story_summary.h).
#define WIRECRAWL_STORY_COLUMNS "SELECT " WIRECRAWL_STORY_SUMMARY_COLUMNS WIRECRAWL_STORY_SUMMARY_FROM
constexpr const char* kStories = WIRECRAWL_STORY_COLUMNS
    "WHERE (?1 IS NULL OR s.last_seen_ms >= ?1) AND s.site_count >= ?2 "
    "ORDER BY s.last_seen_ms DESC, s.id DESC LIMIT ?3";
constexpr const char* kPage =
    "SELECT u.url, h.host, u.state, u.kind, u.page_kind, u.page_reason, u.attempts, u.last_status, u.last_error, "
    "u.last_fetched_ms, u.next_due_ms, u.article_id, u.found_via FROM urls u JOIN hosts h ON h.id = u.host_id "
    "WHERE u.url = ?1";
// Fetched pages per host and verdict, the hosts with the most articles
// first (then the most pages). ?1, ?2: a window on last_fetched_ms.
constexpr const char* kPagesByHost =
    "WITH counts AS (SELECT u.host_id, u.page_kind, count(*) AS n FROM urls u WHERE u.page_kind IS NOT NULL "
    "AND u.last_fetched_ms BETWEEN coalesce(?1, 0) AND coalesce(?2, 9223372036854775807) "
    "GROUP BY u.host_id, u.page_kind), "
    "totals AS (SELECT host_id, sum(CASE WHEN page_kind = 'article' THEN n ELSE 0 END) AS articles, sum(n) AS pages "
    "FROM counts GROUP BY host_id) "
    "SELECT h.host, c.page_kind, c.n FROM counts c JOIN totals t ON t.host_id = c.host_id "
    "JOIN hosts h ON h.id = c.host_id ORDER BY t.articles DESC, t.pages DESC, h.host, c.page_kind";
constexpr const char* kStory = WIRECRAWL_STORY_COLUMNS "WHERE s.id = ?1";
#undef WIRECRAWL_STORY_COLUMNS
constexpr const char* kStorySites =
    "SELECT site, count(*) AS n FROM articles WHERE story_id = ?1 GROUP BY site ORDER BY n DESC, site";
constexpr const char* kStoryMembers =
    "SELECT id, title, url, site, published, language, similarity, fetched_ms FROM articles "
    "WHERE story_id = ?1 ORDER BY id";

int64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

}  // namespace

void ReadStorySummary(const sqlite::Statement& row, StorySummary* story) {
  story->id = row.Int64(0);
  story->representative_id = row.Int64(1);
  story->title = row.Text(2);
  story->member_count = row.Int64(3);
  story->site_count = row.Int64(4);
  story->first_seen_ms = row.Int64(5);
  story->last_seen_ms = row.Int64(6);
  story->first_published_id = row.Int64(7);
  story->first_published_site = row.Text(8);
  story->first_published_ms = row.Int64(9);
}

Status SqliteStore::ReadArticle(const sqlite::Statement& row, StoredArticle* article) const {
  article->id = row.Int64(0);
  article->url = row.Text(1);
  article->canonical_url = row.Text(2);
  article->site = row.Text(3);
  article->title = row.Text(4);
  article->author = row.Text(5);
  article->published = row.Text(6);
  article->language = row.Text(7);
  article->body = row.Text(8);
  article->story_id = row.Int64(9);
  article->similarity = row.Double(10);
  article->body_hash = static_cast<uint64_t>(row.Int64(11));
  article->version = row.Int(12);
  article->fetched_ms = row.Int64(13);
  article->updated_ms = row.Int64(14);
  article->matched_id = row.OptionalInt64(15);
  return Status::Ok();
}

Result<std::vector<SearchHit>> SqliteStore::Search(const SearchQuery& query) {
  Result<search::FtsQuery> fts = search::ParseUserQuery(query.text, normalizer_);
  if (!fts.ok()) return fts.status();
  if (query.limit <= 0) return std::vector<SearchHit>();
  bool filtered = !query.language.empty() || query.since_ms.has_value();

  int64_t lowest_id = std::numeric_limits<int64_t>::min();
  if (query.since_ms) {
    Result<sqlite::Statement*> stmt = Cached(kLowestIdSince);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, *query.since_ms).Bind(2, kLowestIdSinceMaxArticles);
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (*row && !select->IsNull(0)) lowest_id = select->Int64(0);
  }

  std::vector<std::pair<int64_t, double>> ranked;
  {
    Result<sqlite::Statement*> stmt = Cached(filtered ? kSearchFiltered : kSearch);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, fts->match)
        .Bind(2, query.limit)
        .Bind(3, query.newest_matches > 0 ? query.newest_matches : -1);
    if (filtered) select->BindTextOrNull(4, query.language).Bind(5, query.since_ms).Bind(6, lowest_id);
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      // bm25 is "smaller is better" and negative; users read higher = better.
      ranked.emplace_back(select->Int64(0), -select->Double(1));
    }
  }

  // Relative to the best hit (SearchHit::score says why).
  if (!ranked.empty() && ranked.front().second > 0) {
    double best = ranked.front().second;
    for (auto& [id, score] : ranked) score /= best;
  }
  std::vector<SearchHit> hits;
  hits.reserve(ranked.size());
  for (const auto& [id, score] : ranked) {
    Result<std::optional<StoredArticle>> article = GetArticle(id);
    if (!article.ok()) return article.status();
    if (!article->has_value()) {
      return Status::Corruption("search index lists article " + std::to_string(id) + ", which is not stored");
    }
    const StoredArticle& a = **article;
    SearchHit hit;
    hit.article_id = a.id;
    hit.story_id = a.story_id;
    hit.score = score;
    hit.title = a.title;
    hit.url = a.url;
    hit.site = a.site;
    hit.published = a.published;
    hit.language = a.language;
    search::Snippet snippet = search::MakeSnippet(a.body, fts->words, normalizer_);
    hit.snippet = std::move(snippet.text);
    hit.highlights = std::move(snippet.highlights);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Status SqliteStore::FillSites(StorySummary* story) {
  Result<sqlite::Statement*> stmt = Cached(kStorySites);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement sites(**stmt);
  sites->Bind(1, story->id);
  story->sites.clear();
  while (true) {
    Result<bool> row = sites->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    story->sites.push_back(sites->Text(0));
  }
}

Result<std::vector<StorySummary>> SqliteStore::ListStories(const StoryFilter& filter) {
  std::vector<StorySummary> stories;
  {
    Result<sqlite::Statement*> stmt = Cached(kStories);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, filter.since_ms).Bind(2, filter.min_sites).Bind(3, filter.limit);
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      ReadStorySummary(*select, &stories.emplace_back());
    }
  }
  for (StorySummary& story : stories) WIRECRAWL_RETURN_IF_ERROR(FillSites(&story));
  return stories;
}

template <typename Key>
Result<std::optional<StoredArticle>> SqliteStore::ReadOneArticle(const char* sql, const Key& key) {
  Result<sqlite::Statement*> stmt = Cached(sql);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, key);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<StoredArticle>();
  StoredArticle article;
  WIRECRAWL_RETURN_IF_ERROR(ReadArticle(*select, &article));
  return std::optional<StoredArticle>(std::move(article));
}

Result<std::optional<StoredArticle>> SqliteStore::GetArticle(int64_t id) {
  return ReadOneArticle(kArticleById, id);
}

Result<std::optional<StoredArticle>> SqliteStore::GetArticleByUrl(std::string_view url) {
  return ReadOneArticle(kArticleByUrl, url);
}

Result<std::optional<StoryDetail>> SqliteStore::GetStory(int64_t id) {
  StoryDetail detail;
  {
    Result<sqlite::Statement*> stmt = Cached(kStory);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, id);
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<StoryDetail>();
    ReadStorySummary(*select, &detail.summary);
  }
  WIRECRAWL_RETURN_IF_ERROR(FillSites(&detail.summary));
  Result<sqlite::Statement*> stmt = Cached(kStoryMembers);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement members(**stmt);
  members->Bind(1, id);
  while (true) {
    Result<bool> row = members->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    StoryMember& m = detail.members.emplace_back();
    m.article_id = members->Int64(0);
    m.title = members->Text(1);
    m.url = members->Text(2);
    m.site = members->Text(3);
    m.published = members->Text(4);
    m.language = members->Text(5);
    m.similarity = members->Double(6);
    m.fetched_ms = members->Int64(7);
  }
  return std::optional<StoryDetail>(std::move(detail));
}

Result<std::optional<PageRecord>> SqliteStore::GetPage(std::string_view url) {
  Result<sqlite::Statement*> stmt = Cached(kPage);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, url);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<PageRecord>();
  PageRecord page;
  page.url = select->Text(0);
  page.host = select->Text(1);
  page.state = select->Text(2);
  page.kind = select->Text(3);
  page.page_kind = select->Text(4);
  page.page_reason = select->Text(5);
  page.attempts = select->Int(6);
  std::optional<int64_t> status = select->OptionalInt64(7);
  if (status) page.last_status = static_cast<int>(*status);
  page.last_error = select->Text(8);
  page.last_fetched_ms = select->OptionalInt64(9);
  if (page.state == "queued") page.next_due_ms = select->OptionalInt64(10);
  page.article_id = select->OptionalInt64(11);
  page.found_via = select->Text(12);
  return std::optional<PageRecord>(std::move(page));
}

Status SqliteStore::ExportArticles(const ExportFilter& filter,
                                   const std::function<bool(const StoredArticle&)>& emit) {
  // Its own statement: emit may call other methods (which may reset cached
  // statements), and a long export must not hold a cached one.
  Result<sqlite::Statement> select = db_.Prepare(kExport);
  if (!select.ok()) return select.status();
  select->Bind(1, filter.since_ms);
  StoredArticle article;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    WIRECRAWL_RETURN_IF_ERROR(ReadArticle(*select, &article));
    if (!emit(article)) return Status::Ok();
  }
}

Status SqliteStore::ReadPagesByHost(std::optional<int64_t> since_ms, std::optional<int64_t> until_ms,
                                    std::vector<HostPageCount>* out) {
  Result<sqlite::Statement*> stmt = Cached(kPagesByHost);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, since_ms).Bind(2, until_ms);
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    out->push_back(HostPageCount{select->Text(0), select->Text(1), select->Int64(2)});
  }
}

Result<StoreStats> SqliteStore::Stats() {
  StoreStats stats;
  stats.schema_version = kSchemaVersion;
  // One read transaction, so the counts agree with each other.
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec(in_batch_ ? "SAVEPOINT stats" : "BEGIN"));
  Status s = [&]() -> Status {
    auto group = [&](const char* sql, std::vector<std::pair<std::string, int64_t>>* out) -> Status {
      Result<sqlite::Statement> select = db_.Prepare(sql);
      if (!select.ok()) return select.status();
      while (true) {
        Result<bool> row = select->Step();
        if (!row.ok()) return row.status();
        if (!*row) return Status::Ok();
        out->emplace_back(select->IsNull(0) ? "error" : select->Text(0), select->Int64(1));
      }
    };
    WIRECRAWL_RETURN_IF_ERROR(
        group("SELECT state, count(*) FROM urls GROUP BY state ORDER BY state", &stats.urls_by_state));
    WIRECRAWL_RETURN_IF_ERROR(group(
        "SELECT page_kind, count(*) FROM urls WHERE page_kind IS NOT NULL GROUP BY page_kind ORDER BY page_kind",
        &stats.pages_by_kind));
    WIRECRAWL_RETURN_IF_ERROR(group("SELECT status, count(*) FROM fetches GROUP BY status ORDER BY status",
                                    &stats.fetches_by_status));
    WIRECRAWL_RETURN_IF_ERROR(ReadPagesByHost(std::nullopt, std::nullopt, &stats.pages_by_host));
    struct Count {
      const char* sql;
      int64_t* out;
    };
    const Count counts[] = {
        {"SELECT count(*) FROM articles", &stats.articles},
        {"SELECT count(*) FROM article_versions", &stats.article_versions},
        {"SELECT count(*) FROM stories", &stats.stories},
        {"SELECT count(*) FROM stories WHERE site_count > 1", &stats.multi_site_stories},
        {"SELECT count(*) FROM sources", &stats.sources},
        {"SELECT count(*) FROM hosts", &stats.hosts},
    };
    for (const Count& c : counts) {
      Result<int64_t> n = db_.QueryInt64(c.sql);
      if (!n.ok()) return n.status();
      *c.out = *n;
    }
    return Status::Ok();
  }();
  (void)db_.Exec(in_batch_ ? "RELEASE stats" : "COMMIT");
  if (!s.ok()) return s;
  stats.database_bytes = FileSize(path_) + FileSize(path_ + "-wal");
  return stats;
}

}  // namespace wirecrawl
