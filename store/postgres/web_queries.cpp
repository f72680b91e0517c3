// The PostgreSQL Store: what the web page (web/) reads, with the same
// results as store/sqlite/web_queries.cpp: story lists with their copies'
// times, a story's copies with their text, passages shared between
// stories, an article's earlier versions and each host's health.
//
// Where SQLite asks once per story or host of a page (a cheap call into
// the same process), this asks once per page (`= ANY($1)`): each query is
// a round trip to the server here.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>

#include "store/postgres/postgres_store.h"
#include "store/postgres/story_summary.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kRetired = INT64_MAX;  // a retired source's next refresh (crawler/frontier)

// The story summary of `wirecrawl stories` (the same first to publish),
// with the representative's language; the page's stories are chosen first
// (the inner query, on stories_last_seen).
constexpr const char* kStoryOverviews =
    "SELECT " WIRECRAWL_PG_STORY_SUMMARY_COLUMNS ", coalesce(r.language, '') " WIRECRAWL_PG_STORY_SUMMARY_FROM
    "WHERE s.id IN (SELECT p.id FROM stories p JOIN articles pr ON pr.id = p.representative_id "
    "WHERE ($1::bigint IS NULL OR p.last_seen_ms >= $1::bigint) "
    "AND ($2::bigint IS NULL OR p.first_seen_ms < $2::bigint) "
    "AND p.site_count >= $3 AND ($4::text IS NULL OR pr.language = $4::text) "
    "ORDER BY p.last_seen_ms DESC, p.id DESC LIMIT $5 OFFSET $6) "
    "ORDER BY s.last_seen_ms DESC, s.id DESC";
// The copies of several stories in each story's date order: the article's
// date (published, else fetched), as stories.first_seen_ms counts it; a
// story's first row is its first publisher.
constexpr const char* kCopyTimes =
    "SELECT story_id, id, site, published_ms, fetched_ms FROM articles WHERE story_id = ANY($1::bigint[]) "
    "ORDER BY story_id, coalesce(published_ms, fetched_ms), id";
constexpr const char* kStoryCopies =
    "SELECT id, site, published_ms, fetched_ms, title, url, coalesce(language, ''), coalesce(published, ''), "
    "similarity, version, body FROM articles WHERE story_id = $1 "
    "ORDER BY coalesce(published_ms, fetched_ms), id";
// Articles of other stories whose index matches a phrase ($1), by story,
// a page at a time ($3, $4); the caller checks the exact words.
constexpr const char* kPhraseCandidates =
    "SELECT a.id, a.story_id, a.title, a.site, a.body FROM article_search s JOIN articles a ON a.id = s.article_id "
    "WHERE s.document @@ $1::tsquery AND a.story_id <> $2 ORDER BY a.story_id, a.id LIMIT $3 OFFSET $4";
constexpr const char* kArticleVersions =
    "SELECT version, fetched_ms, replaced_ms, title, body FROM article_versions WHERE article_id = $1 "
    "ORDER BY version";

constexpr const char* kHostNames = "SELECT id, host FROM hosts";
constexpr const char* kSources =
    "SELECT id, url, kind, refresh_interval_ms, next_refresh_ms, last_refreshed_ms, last_status, last_error, "
    "consecutive_failures, origin, paused FROM sources ORDER BY url COLLATE \"C\"";
// The page's hosts ($1: their hosts.id).
constexpr const char* kHosts =
    "SELECT id, robots_status, robots_fetched_ms, robots_expires_ms, crawl_delay_ms, backoff_until_ms, "
    "consecutive_errors FROM hosts WHERE id = ANY($1::bigint[])";
// Their URLs by state, verdict and latest status, from the index urls_host.
constexpr const char* kHostUrls =
    "SELECT host_id, state, coalesce(page_kind, ''), last_status, last_fetched_ms IS NOT NULL, count(*), "
    "max(last_fetched_ms) FROM urls WHERE host_id = ANY($1::bigint[]) "
    "GROUP BY host_id, state, page_kind, last_status, last_fetched_ms IS NOT NULL";
// ILIKE: SQLite's LIKE ignores ASCII case.
constexpr const char* kHostRobotsDenied =
    "SELECT host_id, count(*) FROM urls WHERE host_id = ANY($1::bigint[]) AND state = 'skipped' "
    "AND last_error ILIKE 'robots.txt%' GROUP BY host_id";
// Each host's latest error of a URL given up on or waiting for a retry.
constexpr const char* kHostLastError =
    "SELECT DISTINCT ON (host_id) host_id, last_error, last_fetched_ms FROM urls "
    "WHERE host_id = ANY($1::bigint[]) AND state IN ('failed', 'queued') AND last_fetched_ms IS NOT NULL "
    "AND last_error IS NOT NULL ORDER BY host_id, last_fetched_ms DESC";
// The sites' articles ($1: text[]) by day since $2, from the index
// articles_site_fetched, and all time.
constexpr const char* kSiteArticlesByDay =
    "SELECT site, (fetched_ms - $2) / 86400000, count(*) FROM articles "
    "WHERE site = ANY($1::text[]) AND fetched_ms >= $2 GROUP BY 1, 2";
constexpr const char* kSiteArticles =
    "SELECT site, count(*) FROM articles WHERE site = ANY($1::text[]) GROUP BY site";

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

Result<StoryListing> PostgresStore::ListStoryOverviews(const StoryListQuery& query) {
  StoryListing listing;
  if (query.limit <= 0) return listing;
  Result<pg::Rows> rows = Run(kStoryOverviews, pg::Params()
                                                   .Add(query.from_ms)
                                                   .Add(query.until_ms)
                                                   .Add(query.min_sites)
                                                   .AddTextOrNull(query.language)
                                                   .Add(query.limit + 1)  // one more: is there a next page
                                                   .Add(std::max<int64_t>(0, query.offset)));
  if (!rows.ok()) return rows.status();
  std::map<int64_t, StoryOverview*> by_id;
  listing.stories.reserve(static_cast<size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) {
    if (static_cast<int64_t>(listing.stories.size()) == query.limit) {
      listing.more = true;
      break;
    }
    StoryOverview& story = listing.stories.emplace_back();
    pg::ReadStorySummary(*rows, i, &story.summary);
    story.language = rows->Text(i, 10);
  }
  if (listing.stories.empty()) return listing;
  std::vector<int64_t> ids;
  for (StoryOverview& story : listing.stories) {
    by_id[story.summary.id] = &story;
    ids.push_back(story.summary.id);
  }
  Result<pg::Rows> copies = Run(kCopyTimes, pg::Params().AddInt64Array(ids));
  if (!copies.ok()) return copies.status();
  for (int i = 0; i < copies->size(); ++i) {
    auto story = by_id.find(copies->Int64(i, 0));
    if (story == by_id.end()) continue;
    CopyTime& c = story->second->copies.emplace_back();
    c.article_id = copies->Int64(i, 1);
    c.site = copies->Text(i, 2);
    c.published_ms = copies->OptionalInt64(i, 3);
    c.fetched_ms = copies->Int64(i, 4);
    c.date_ms = c.published_ms.value_or(c.fetched_ms);
  }
  for (StoryOverview& story : listing.stories) {
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

Result<std::vector<StoryCopy>> PostgresStore::ListStoryCopies(int64_t story_id) {
  std::vector<StoryCopy> copies;
  Result<pg::Rows> rows = Run(kStoryCopies, pg::Params().Add(story_id));
  if (!rows.ok()) return rows.status();
  for (int i = 0; i < rows->size(); ++i) {
    StoryCopy& c = copies.emplace_back();
    c.time.article_id = rows->Int64(i, 0);
    c.time.site = rows->Text(i, 1);
    c.time.published_ms = rows->OptionalInt64(i, 2);
    c.time.fetched_ms = rows->Int64(i, 3);
    c.time.date_ms = c.time.published_ms.value_or(c.time.fetched_ms);
    c.title = rows->Text(i, 4);
    c.url = rows->Text(i, 5);
    c.language = rows->Text(i, 6);
    c.published = rows->Text(i, 7);
    c.similarity = rows->Double(i, 8);
    c.version = rows->Int(i, 9);
    c.body = rows->Text(i, 10);
  }
  return copies;
}

Status PostgresStore::FindPhraseElsewhere(const std::string& tsquery, const search::QueryTerm& phrase,
                                          int64_t story_id, size_t limit, size_t passage,
                                          std::vector<SharedPassage>* out) {
  search::FtsQuery exact;
  exact.groups.push_back({phrase});
  constexpr int64_t kPage = 64;
  size_t found = 0;
  int64_t last_story = 0;  // the story of the last article that matched
  bool any = false;
  for (int64_t offset = 0;; offset += kPage) {
    Result<pg::Rows> rows =
        Run(kPhraseCandidates, pg::Params().Add(tsquery).Add(story_id).Add(kPage).Add(offset));
    if (!rows.ok()) return rows.status();
    for (int i = 0; i < rows->size(); ++i) {
      int64_t story = rows->Int64(i, 1);
      if (any && story == last_story) continue;  // this story has its article (the smallest id)
      normalizer_.Normalize(rows->TextView(i, 2), &query_title_);
      normalizer_.Normalize(rows->TextView(i, 4), &query_body_);
      if (!search::MatchesDocument(exact, query_title_, query_body_)) continue;
      SharedPassage& p = out->emplace_back();
      p.passage = passage;
      p.article_id = rows->Int64(i, 0);
      p.story_id = story;
      p.title = rows->Text(i, 2);
      p.site = rows->Text(i, 3);
      any = true;
      last_story = story;
      if (++found == limit) return Status::Ok();
    }
    if (rows->size() < kPage) return Status::Ok();
  }
}

Result<std::vector<SharedPassage>> PostgresStore::FindSharedPassages(int64_t story_id,
                                                                     const std::vector<std::string>& passages,
                                                                     size_t min_words, size_t per_passage) {
  // A phrase longer than this is cut, as on SQLite: a shared run of 12
  // words is already no coincidence.
  constexpr size_t kMaxPhraseWords = 12;
  std::vector<SharedPassage> shared;
  if (per_passage == 0) return shared;
  std::vector<search::QueryTerm> phrases;
  std::vector<size_t> passage_of;
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
    phrases.push_back(search::QueryTerm{std::vector<std::string>(words.begin(), words.end()), false});
    passage_of.push_back(i);
  }
  if (phrases.empty()) return shared;
  std::vector<const search::QueryTerm*> terms;
  for (const search::QueryTerm& phrase : phrases) terms.push_back(&phrase);
  Result<std::vector<std::string>> tsqueries = TermQueries(terms);
  if (!tsqueries.ok()) return tsqueries.status();
  for (size_t i = 0; i < phrases.size(); ++i) {
    // No lexeme: a database whose parser does not see these letters (see
    // queries.cpp); the index cannot find the passage anywhere.
    if ((*tsqueries)[i].empty()) continue;
    WIRECRAWL_RETURN_IF_ERROR(
        FindPhraseElsewhere((*tsqueries)[i], phrases[i], story_id, per_passage, passage_of[i], &shared));
  }
  return shared;
}

Result<std::vector<ArticleVersion>> PostgresStore::ListArticleVersions(int64_t article_id) {
  std::vector<ArticleVersion> versions;
  Result<pg::Rows> rows = Run(kArticleVersions, pg::Params().Add(article_id));
  if (!rows.ok()) return rows.status();
  for (int i = 0; i < rows->size(); ++i) {
    ArticleVersion& v = versions.emplace_back();
    v.version = rows->Int(i, 0);
    v.fetched_ms = rows->Int64(i, 1);
    v.replaced_ms = rows->Int64(i, 2);
    v.title = rows->Text(i, 3);
    v.body = rows->Text(i, 4);
  }
  return versions;
}

Status PostgresStore::ReadHostHealth(std::vector<std::pair<int64_t, HostHealth*>> hosts,
                                     int64_t window_start_ms) {
  std::map<int64_t, HostHealth*> by_id;  // hosts with a hosts row
  std::map<std::string, std::vector<HostHealth*>> by_site;
  for (auto& [id, h] : hosts) {
    if (id != 0) by_id[id] = h;
    if (!h->site.empty()) by_site[h->site].push_back(h);
  }
  if (!by_id.empty()) {
    std::vector<int64_t> ids;
    for (const auto& [id, h] : by_id) ids.push_back(id);
    const pg::Params of_ids = pg::Params().AddInt64Array(ids);
    // Runs `sql` on the page's host ids, calling row(host, rows, i) per row.
    auto each = [&](const char* sql,
                    const std::function<void(HostHealth*, const pg::Rows&, int)>& row) -> Status {
      Result<pg::Rows> rows = Run(sql, of_ids);
      if (!rows.ok()) return rows.status();
      for (int i = 0; i < rows->size(); ++i) {
        auto h = by_id.find(rows->Int64(i, 0));
        if (h != by_id.end()) row(h->second, *rows, i);
      }
      return Status::Ok();
    };
    WIRECRAWL_RETURN_IF_ERROR(each(kHosts, [](HostHealth* h, const pg::Rows& r, int i) {
      if (!r.IsNull(i, 1)) h->robots_status = r.Int(i, 1);
      h->robots_fetched_ms = r.OptionalInt64(i, 2);
      h->robots_expires_ms = r.OptionalInt64(i, 3);
      h->crawl_delay_ms = r.Int64(i, 4);
      h->backoff_until_ms = r.Int64(i, 5);
      h->consecutive_errors = r.Int(i, 6);
    }));
    WIRECRAWL_RETURN_IF_ERROR(each(kHostUrls, [](HostHealth* h, const pg::Rows& r, int i) {
      int64_t n = r.Int64(i, 5);
      AddCount(&h->urls_by_state, r.Text(i, 1), n);
      if (std::string kind = r.Text(i, 2); !kind.empty()) AddCount(&h->pages_by_kind, kind, n);
      if (r.Bool(i, 4)) {  // fetched at least once: its latest response, by class
        std::string status = r.IsNull(i, 3) ? "error" : std::to_string(r.Int(i, 3) / 100) + "xx";
        AddCount(&h->status_mix, status, n);
      }
      if (std::optional<int64_t> last = r.OptionalInt64(i, 6)) {
        h->last_fetch_ms = std::max(h->last_fetch_ms.value_or(*last), *last);
      }
    }));
    WIRECRAWL_RETURN_IF_ERROR(each(kHostRobotsDenied, [](HostHealth* h, const pg::Rows& r, int i) {
      h->robots_denied = r.Int64(i, 1);
    }));
    WIRECRAWL_RETURN_IF_ERROR(each(kHostLastError, [](HostHealth* h, const pg::Rows& r, int i) {
      h->last_error = r.Text(i, 1);
      h->last_error_ms = r.OptionalInt64(i, 2);
    }));
  }
  if (by_site.empty()) return Status::Ok();
  std::vector<std::string> sites;
  for (const auto& [site, of_site] : by_site) sites.push_back(site);
  const std::string site_array = pg::TextArray(sites);
  Result<pg::Rows> by_day = Run(kSiteArticlesByDay, pg::Params().Add(site_array).Add(window_start_ms));
  if (!by_day.ok()) return by_day.status();
  for (int i = 0; i < by_day->size(); ++i) {
    auto of_site = by_site.find(by_day->Text(i, 0));
    if (of_site == by_site.end()) continue;
    int64_t day = by_day->Int64(i, 1);
    for (HostHealth* h : of_site->second) {
      if (day >= 0 && day < static_cast<int64_t>(h->articles_per_day.size())) {
        h->articles_per_day[static_cast<size_t>(day)] += by_day->Int64(i, 2);
      }
    }
  }
  Result<pg::Rows> totals = Run(kSiteArticles, pg::Params().Add(site_array));
  if (!totals.ok()) return totals.status();
  for (int i = 0; i < totals->size(); ++i) {
    auto of_site = by_site.find(totals->Text(i, 0));
    if (of_site == by_site.end()) continue;
    for (HostHealth* h : of_site->second) h->articles = totals->Int64(i, 1);
  }
  return Status::Ok();
}

Result<HostHealthListing> PostgresStore::ListHostHealth(const HealthQuery& query) {
  HostHealthListing listing;
  const int days = std::max(1, query.days);
  const int64_t today = query.now_ms - query.now_ms % kDayMs;
  const int64_t window_start = today - static_cast<int64_t>(days - 1) * kDayMs;
  Status s = ReadConsistently([&]() -> Status {
    // Every host: those of the frontier and those of the sources (a source
    // not fetched yet has no hosts row), by name (std::map: byte order, as
    // on SQLite). Both tables are small next to urls.
    std::map<std::string, int64_t> host_ids;  // name -> hosts.id, 0 when none
    Result<pg::Rows> names = Run(kHostNames);
    if (!names.ok()) return names.status();
    for (int i = 0; i < names->size(); ++i) host_ids[names->Text(i, 1)] = names->Int64(i, 0);
    std::map<std::string, std::vector<Source>> sources;
    Result<pg::Rows> rows = Run(kSources);
    if (!rows.ok()) return rows.status();
    for (int i = 0; i < rows->size(); ++i) {
      Source source;
      source.id = rows->Int64(i, 0);
      source.url = rows->Text(i, 1);
      source.kind = SourceKindFromText(rows->TextView(i, 2));
      source.refresh_interval_ms = rows->Int64(i, 3);
      source.next_refresh_ms = rows->Int64(i, 4);
      source.last_refreshed_ms = rows->OptionalInt64(i, 5);
      if (!rows->IsNull(i, 6)) source.last_status = rows->Int(i, 6);
      source.last_error = rows->Text(i, 7);
      source.consecutive_failures = rows->Int(i, 8);
      source.origin = SourceOriginFromText(rows->TextView(i, 9));
      source.paused = rows->Int(i, 10) != 0;
      std::string key = HostOfUrl(source.url);
      host_ids.emplace(key, 0);
      sources[key].push_back(std::move(source));
    }
    listing.total = static_cast<int64_t>(host_ids.size());
    auto it = host_ids.begin();
    for (int64_t skip = std::max<int64_t>(0, query.offset); skip > 0 && it != host_ids.end(); --skip) ++it;
    std::vector<int64_t> ids;  // of listing.hosts, 0 for a host without a hosts row
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
      ids.push_back(it->second);
    }
    std::vector<std::pair<int64_t, HostHealth*>> page;
    for (size_t i = 0; i < ids.size(); ++i) page.emplace_back(ids[i], &listing.hosts[i]);
    return ReadHostHealth(std::move(page), window_start);
  });
  if (!s.ok()) return s;
  for (HostHealth& h : listing.hosts) {
    std::sort(h.status_mix.begin(), h.status_mix.end());
    std::sort(h.urls_by_state.begin(), h.urls_by_state.end());
    std::sort(h.pages_by_kind.begin(), h.pages_by_kind.end());
  }
  return listing;
}

}  // namespace wirecrawl
