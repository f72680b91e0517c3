// The SQLite Store: what the web page (web/) reads: story lists with their
// copies' times, a story's copies with their text, passages shared between
// stories, an article's earlier versions and each host's health.
//
// Every query here is bounded by an index and by the size of one story, one
// article or one page of results: ListHostHealth reads each host of its
// page through the indexes of schema version 7 (urls_host,
// articles_site_fetched), never the whole frontier. bench/web_bench.cpp
// times the pages.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/story_summary.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kRetired = INT64_MAX;  // a retired source's next refresh (crawler/frontier)

// The story summary of `wirecrawl stories` (the same first to publish),
// with the representative's language. The page's stories are chosen first
// (the inner query, on stories_last_seen), so that finding the first to
// publish costs the page's 50 stories, not the ones its offset skips
// (page 50: 2,500; 10 ms instead of under 1).
constexpr const char* kStoryOverviews =
    "SELECT " WIRECRAWL_STORY_SUMMARY_COLUMNS ", coalesce(r.language, '') " WIRECRAWL_STORY_SUMMARY_FROM
    "WHERE s.id IN (SELECT p.id FROM stories p JOIN articles pr ON pr.id = p.representative_id "
    "WHERE (?1 IS NULL OR p.last_seen_ms >= ?1) AND (?2 IS NULL OR p.first_seen_ms < ?2) "
    "AND p.site_count >= ?3 AND (?4 IS NULL OR pr.language = ?4) "
    "ORDER BY p.last_seen_ms DESC, p.id DESC LIMIT ?5 OFFSET ?6) "
    "ORDER BY s.last_seen_ms DESC, s.id DESC";
// A story's date order: the article's date (published, else fetched), as
// stories.first_seen_ms counts it; the first row is the first publisher.
constexpr const char* kCopyTimes =
    "SELECT id, site, published_ms, fetched_ms FROM articles WHERE story_id = ?1 "
    "ORDER BY coalesce(published_ms, fetched_ms), id";
constexpr const char* kStoryCopies =
    "SELECT id, site, published_ms, fetched_ms, title, url, coalesce(language, ''), coalesce(published, ''), "
    "similarity, version, body FROM articles WHERE story_id = ?1 "
    "ORDER BY coalesce(published_ms, fetched_ms), id";
// One article per other story containing the phrase.
constexpr const char* kPhraseElsewhere =
    "SELECT min(a.id), a.story_id, a.title, a.site FROM article_search s JOIN articles a ON a.id = s.rowid "
    "WHERE article_search MATCH ?1 AND a.story_id != ?2 GROUP BY a.story_id ORDER BY a.story_id LIMIT ?3";
constexpr const char* kArticleVersions =
    "SELECT version, fetched_ms, replaced_ms, title, body FROM article_versions WHERE article_id = ?1 "
    "ORDER BY version";

constexpr const char* kHostNames = "SELECT id, host FROM hosts";
constexpr const char* kHost =
    "SELECT robots_status, robots_fetched_ms, robots_expires_ms, crawl_delay_ms, backoff_until_ms, "
    "consecutive_errors FROM hosts WHERE id = ?1";
// One host's URLs by state, verdict and latest status, from the covering
// index urls_host (schema version 7) alone.
constexpr const char* kHostUrls =
    "SELECT state, coalesce(page_kind, ''), last_status, last_fetched_ms IS NOT NULL, count(*), "
    "max(last_fetched_ms) FROM urls WHERE host_id = ?1 GROUP BY state, page_kind, last_status, "
    "last_fetched_ms IS NOT NULL";
constexpr const char* kHostRobotsDenied =
    "SELECT count(*) FROM urls WHERE host_id = ?1 AND state = 'skipped' AND last_error LIKE 'robots.txt%'";
// The latest error of a URL given up on or waiting for a retry.
constexpr const char* kHostLastError =
    "SELECT last_error, last_fetched_ms FROM urls WHERE host_id = ?1 AND state IN ('failed', 'queued') "
    "AND last_fetched_ms IS NOT NULL AND last_error IS NOT NULL ORDER BY last_fetched_ms DESC LIMIT 1";
// The site's articles, from the covering index articles_site_fetched.
constexpr const char* kSiteArticlesSince =
    "SELECT fetched_ms FROM articles WHERE site = ?1 AND fetched_ms >= ?2";
constexpr const char* kSiteArticles = "SELECT count(*) FROM articles WHERE site = ?1";
constexpr const char* kSources =
    "SELECT id, url, kind, refresh_interval_ms, next_refresh_ms, last_refreshed_ms, last_status, last_error, "
    "consecutive_failures, origin, paused FROM sources ORDER BY url";

// An FTS5 phrase: double quotes around, inner quotes doubled.
std::string Phrase(const std::vector<std::string_view>& words) {
  std::string out = "\"";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ' ';
    for (char c : words[i]) {
      if (c == '"') out += '"';
      out += c;
    }
  }
  out += '"';
  return out;
}

SourceOrigin SourceOriginFromText(std::string_view origin) {
  for (SourceOrigin o : {SourceOrigin::kCommandLine, SourceOrigin::kAdded, SourceOrigin::kConfig}) {
    if (origin == ToString(o)) return o;
  }
  return SourceOrigin::kDiscovered;
}

SourceKind SourceKindFromText(std::string_view kind) {
  if (kind == "feed") return SourceKind::kFeed;
  if (kind == "sitemap") return SourceKind::kSitemap;
  return SourceKind::kSeed;
}

void AddCount(std::vector<std::pair<std::string, int64_t>>* counts, const std::string& key, int64_t n) {
  for (auto& [k, v] : *counts) {
    if (k == key) {
      v += n;
      return;
    }
  }
  counts->emplace_back(key, n);
}

}  // namespace

Status SqliteStore::ReadCopyTimes(int64_t story_id, std::vector<CopyTime>* copies) {
  Result<sqlite::Statement*> stmt = Cached(kCopyTimes);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, story_id);
  copies->clear();
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    CopyTime& c = copies->emplace_back();
    c.article_id = select->Int64(0);
    c.site = select->Text(1);
    c.published_ms = select->OptionalInt64(2);
    c.fetched_ms = select->Int64(3);
    c.date_ms = c.published_ms.value_or(c.fetched_ms);
  }
}

Result<StoryListing> SqliteStore::ListStoryOverviews(const StoryListQuery& query) {
  StoryListing listing;
  if (query.limit <= 0) return listing;
  {
    Result<sqlite::Statement*> stmt = Cached(kStoryOverviews);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, query.from_ms)
        .Bind(2, query.until_ms)
        .Bind(3, query.min_sites)
        .BindTextOrNull(4, query.language)
        .Bind(5, query.limit + 1)  // one more tells whether there is a next page
        .Bind(6, std::max<int64_t>(0, query.offset));
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      if (static_cast<int64_t>(listing.stories.size()) == query.limit) {
        listing.more = true;
        break;
      }
      StoryOverview& story = listing.stories.emplace_back();
      ReadStorySummary(*select, &story.summary);
      story.language = select->Text(10);
    }
  }
  for (StoryOverview& story : listing.stories) {
    WIRECRAWL_RETURN_IF_ERROR(ReadCopyTimes(story.summary.id, &story.copies));
    // Sites, most copies first (as FillSites orders them), from the copies
    // already read.
    std::map<std::string, int64_t> per_site;
    for (const CopyTime& c : story.copies) ++per_site[c.site];
    std::vector<std::pair<std::string, int64_t>> sites(per_site.begin(), per_site.end());
    std::stable_sort(sites.begin(), sites.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (auto& [site, n] : sites) story.summary.sites.push_back(site);
  }
  return listing;
}

Result<std::vector<StoryCopy>> SqliteStore::ListStoryCopies(int64_t story_id) {
  std::vector<StoryCopy> copies;
  Result<sqlite::Statement*> stmt = Cached(kStoryCopies);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, story_id);
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return copies;
    StoryCopy& c = copies.emplace_back();
    c.time.article_id = select->Int64(0);
    c.time.site = select->Text(1);
    c.time.published_ms = select->OptionalInt64(2);
    c.time.fetched_ms = select->Int64(3);
    c.time.date_ms = c.time.published_ms.value_or(c.time.fetched_ms);
    c.title = select->Text(4);
    c.url = select->Text(5);
    c.language = select->Text(6);
    c.published = select->Text(7);
    c.similarity = select->Double(8);
    c.version = select->Int(9);
    c.body = select->Text(10);
  }
}

Result<std::vector<SharedPassage>> SqliteStore::FindSharedPassages(int64_t story_id,
                                                                   const std::vector<std::string>& passages,
                                                                   size_t min_words, size_t per_passage) {
  // A phrase longer than this is cut: a shared run of 12 words is already
  // no coincidence, and each word costs FTS5 a doclist.
  constexpr size_t kMaxPhraseWords = 12;
  std::vector<SharedPassage> shared;
  if (per_passage == 0) return shared;
  std::string normalized;
  std::vector<std::string_view> words;
  for (size_t i = 0; i < passages.size(); ++i) {
    normalizer_.Normalize(passages[i], &normalized);
    words.clear();
    for (size_t pos = 0; pos < normalized.size();) {
      size_t end = normalized.find(' ', pos);
      if (end == std::string::npos) end = normalized.size();
      if (end > pos) words.emplace_back(normalized.data() + pos, end - pos);
      pos = end + 1;
    }
    if (words.size() < std::max<size_t>(min_words, 1)) continue;
    if (words.size() > kMaxPhraseWords) words.resize(kMaxPhraseWords);
    Result<sqlite::Statement*> stmt = Cached(kPhraseElsewhere);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, Phrase(words)).Bind(2, story_id).Bind(3, static_cast<int64_t>(per_passage));
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      SharedPassage& p = shared.emplace_back();
      p.passage = i;
      p.article_id = select->Int64(0);
      p.story_id = select->Int64(1);
      p.title = select->Text(2);
      p.site = select->Text(3);
    }
  }
  return shared;
}

Result<std::vector<ArticleVersion>> SqliteStore::ListArticleVersions(int64_t article_id) {
  std::vector<ArticleVersion> versions;
  Result<sqlite::Statement*> stmt = Cached(kArticleVersions);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, article_id);
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return versions;
    ArticleVersion& v = versions.emplace_back();
    v.version = select->Int(0);
    v.fetched_ms = select->Int64(1);
    v.replaced_ms = select->Int64(2);
    v.title = select->Text(3);
    v.body = select->Text(4);
  }
}

Status SqliteStore::ReadHostHealth(int64_t host_id, int64_t window_start_ms, HostHealth* h) {
  // Runs a cached one-key query, calling row() per row.
  auto each = [&](const char* sql, const std::function<void(sqlite::Statement&)>& bind,
                  const std::function<void(const sqlite::Statement&)>& row) -> Status {
    Result<sqlite::Statement*> stmt = Cached(sql);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    bind(*select);
    while (true) {
      Result<bool> more = select->Step();
      if (!more.ok()) return more.status();
      if (!*more) return Status::Ok();
      row(*select);
    }
  };
  auto by_host = [&](sqlite::Statement& stmt) { stmt.Bind(1, host_id); };
  if (host_id != 0) {
    WIRECRAWL_RETURN_IF_ERROR(each(kHost, by_host, [&](const sqlite::Statement& r) {
      if (!r.IsNull(0)) h->robots_status = r.Int(0);
      h->robots_fetched_ms = r.OptionalInt64(1);
      h->robots_expires_ms = r.OptionalInt64(2);
      h->crawl_delay_ms = r.Int64(3);
      h->backoff_until_ms = r.Int64(4);
      h->consecutive_errors = r.Int(5);
    }));
    WIRECRAWL_RETURN_IF_ERROR(each(kHostUrls, by_host, [&](const sqlite::Statement& r) {
      int64_t n = r.Int64(4);
      AddCount(&h->urls_by_state, r.Text(0), n);
      if (std::string kind = r.Text(1); !kind.empty()) AddCount(&h->pages_by_kind, kind, n);
      if (r.Int(3) != 0) {  // fetched at least once: its latest response, by class
        std::string status = r.IsNull(2) ? "error" : std::to_string(r.Int(2) / 100) + "xx";
        AddCount(&h->status_mix, status, n);
      }
      if (std::optional<int64_t> last = r.OptionalInt64(5)) {
        h->last_fetch_ms = std::max(h->last_fetch_ms.value_or(*last), *last);
      }
    }));
    WIRECRAWL_RETURN_IF_ERROR(
        each(kHostRobotsDenied, by_host, [&](const sqlite::Statement& r) { h->robots_denied = r.Int64(0); }));
    WIRECRAWL_RETURN_IF_ERROR(each(kHostLastError, by_host, [&](const sqlite::Statement& r) {
      h->last_error = r.Text(0);
      h->last_error_ms = r.OptionalInt64(1);
    }));
  }
  if (h->site.empty()) return Status::Ok();
  const int64_t days = static_cast<int64_t>(h->articles_per_day.size());
  WIRECRAWL_RETURN_IF_ERROR(each(
      kSiteArticlesSince, [&](sqlite::Statement& stmt) { stmt.Bind(1, h->site).Bind(2, window_start_ms); },
      [&](const sqlite::Statement& r) {
        int64_t day = (r.Int64(0) - window_start_ms) / kDayMs;
        if (day >= 0 && day < days) ++h->articles_per_day[static_cast<size_t>(day)];
      }));
  return each(
      kSiteArticles, [&](sqlite::Statement& stmt) { stmt.Bind(1, h->site); },
      [&](const sqlite::Statement& r) { h->articles = r.Int64(0); });
}

Result<HostHealthListing> SqliteStore::ListHostHealth(const HealthQuery& query) {
  HostHealthListing listing;
  const int days = std::max(1, query.days);
  const int64_t today = query.now_ms - query.now_ms % kDayMs;
  const int64_t window_start = today - static_cast<int64_t>(days - 1) * kDayMs;
  // One read transaction: the figures agree with each other.
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec(in_batch_ ? "SAVEPOINT health" : "BEGIN"));
  Status s = [&]() -> Status {
    // Every host: those of the frontier and those of the sources (a source
    // not fetched yet has no hosts row), by name. Both tables are small
    // next to urls: one row per host, one per source.
    std::map<std::string, int64_t> host_ids;  // name -> hosts.id, 0 when none
    {
      Result<sqlite::Statement> select = db_.Prepare(kHostNames);
      if (!select.ok()) return select.status();
      while (true) {
        Result<bool> row = select->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        host_ids[select->Text(1)] = select->Int64(0);
      }
    }
    std::map<std::string, std::vector<Source>> sources;
    {
      Result<sqlite::Statement> select = db_.Prepare(kSources);
      if (!select.ok()) return select.status();
      while (true) {
        Result<bool> row = select->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        Source source;
        source.id = select->Int64(0);
        source.url = select->Text(1);
        source.kind = SourceKindFromText(select->TextView(2));
        source.refresh_interval_ms = select->Int64(3);
        source.next_refresh_ms = select->Int64(4);
        source.last_refreshed_ms = select->OptionalInt64(5);
        if (!select->IsNull(6)) source.last_status = select->Int(6);
        source.last_error = select->Text(7);
        source.consecutive_failures = select->Int(8);
        source.origin = SourceOriginFromText(select->TextView(9));
        source.paused = select->Int(10) != 0;
        std::string key = HostOfUrl(source.url);
        host_ids.emplace(key, 0);
        sources[key].push_back(std::move(source));
      }
    }
    listing.total = static_cast<int64_t>(host_ids.size());
    auto it = host_ids.begin();
    for (int64_t skip = std::max<int64_t>(0, query.offset); skip > 0 && it != host_ids.end(); --skip) ++it;
    for (int64_t n = 0; n < query.limit && it != host_ids.end(); ++n, ++it) {
      HostHealth& h = listing.hosts.emplace_back();
      h.host = it->first;
      h.site = SiteOfUrl("http://" + h.host + "/");
      h.articles_per_day.assign(static_cast<size_t>(days), 0);
      if (auto found = sources.find(h.host); found != sources.end()) {
        h.sources = std::move(found->second);
        for (const Source& source : h.sources) {
          // A retired or paused source is not refreshed at its next_refresh_ms.
          if (source.next_refresh_ms == kRetired || source.paused) continue;
          h.next_refresh_ms =
              std::min(h.next_refresh_ms.value_or(source.next_refresh_ms), source.next_refresh_ms);
        }
      }
      WIRECRAWL_RETURN_IF_ERROR(ReadHostHealth(it->second, window_start, &h));
    }
    return Status::Ok();
  }();
  (void)db_.Exec(in_batch_ ? "RELEASE health" : "COMMIT");
  if (!s.ok()) return s;
  for (HostHealth& h : listing.hosts) {
    std::sort(h.status_mix.begin(), h.status_mix.end());
    std::sort(h.urls_by_state.begin(), h.urls_by_state.end());
    std::sort(h.pages_by_kind.begin(), h.pages_by_kind.end());
  }
  return listing;
}

}  // namespace wirecrawl
