// crawler/crawl_internal.h: the state of a Crawler, shared by crawl.cpp
// (the loop, dispatch and robots.txt) and crawl_results.cpp (what a
// response leads to). Internal to crawler/.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/crawl.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/fetch/retry.h"
#include "crawler/frontier/politeness.h"
#include "crawler/discovery/robots.h"
#include "crawler/frontier/scope.h"
#include "crawler/metrics/metrics.h"
#include "ingest/ingest.h"

namespace wirecrawl {

// Frontier priorities (higher first). Discovery documents come first: one
// sitemap or feed fetch yields many articles. Fresh articles beat old ones,
// and hubs lose priority with depth.
namespace priority {
constexpr int kSitemap = 100;
constexpr int kFeed = 90;
constexpr int kSeed = 80;
constexpr int kFreshArticleMax = 79;  // published just now
constexpr int kDatedArticleMin = 60;  // published two days ago or more
constexpr int kArticle = 55;          // from a sitemap or feed, no date
constexpr int kArticleLink = 50;      // a link that looks like an article
constexpr int kPage = 40;             // other links, minus 5 per level of depth
}  // namespace priority

struct Crawler::Impl {
  Impl(const CrawlerOptions& o, Store& s, const Clock& c);

  // ---- crawl.cpp ----
  Status Start();
  void StopFetching();
  Status Dispatch(int64_t now);
  Status Admit(DueUrl url, int64_t now);
  void StartFetch(DueUrl url, int64_t now);
  // The robots.txt rules for a host, from memory or the store; nullopt when
  // they must be fetched (the fetch is then requested).
  Result<const RobotsRules*> RobotsFor(const DueUrl& url, int64_t now);
  Status HandleRobots(const std::string& host, FetchResult result, int64_t now);
  Status EnsureBatch();
  Status Commit();
  bool LimitReached() const;
  int64_t QueuedEstimate();

  // ---- crawl_results.cpp ----
  Status HandleResult(FetchResult result, int64_t now);
  Status HandleRedirect(const DueUrl& url, const FetchResult& result, int64_t now);
  Status HandleFailure(const DueUrl& url, const FetchResult& result, int64_t now);
  Status HandleDiscoveryDocument(const DueUrl& url, const FetchResult& result, const std::string& final_url,
                                 int64_t now);
  Status HandlePage(const DueUrl& url, const FetchResult& result, const std::string& final_url, int64_t now);
  // Queues a discovered URL if it is in scope and new. Returns whether it was.
  Result<bool> Discover(const std::string& url, UrlKind kind, int depth, int prio);
  Status MarkFetched(const DueUrl& url, const FetchResult& result, int64_t now,
                     std::optional<int64_t> article_id = std::nullopt);

  // ---- crawl_sources.cpp ----
  // Registers the sources of `o` (and extra seeds) and queues them now.
  Status QueueSources(const CrawlerOptions& o, const std::vector<std::string>& extra_seeds, int64_t now);
  Status LoadSources();
  // Builds the scope from the options and the active sources (loaded).
  Status RebuildScope(const CrawlerOptions::Scope& scope_options, int64_t now);
  // A source was fetched (ok) or failed for good this time: its adaptive
  // interval and failure count are updated and saved. Returns when it is
  // due again, or nullopt when it is retired.
  Result<std::optional<int64_t>> SourceRefreshed(int64_t source_id, const std::string& url, bool ok, int status,
                                                 const std::string& error, int64_t now);
  // The next revisit of a stored article, or nullopt after the last one.
  Result<std::optional<int64_t>> NextRevisit(const DueUrl& url, std::optional<int64_t> article_id, int64_t now);
  Status ReloadSources(const CrawlerOptions& next, int64_t now);
  void PublishGauges(int64_t now);
  // Keeps the per-run sets bounded in a long run: they only save frontier
  // lookups (fetched_this_run, redirect_hops) or count toward trap caps
  // (date_listings), so forgetting them daily, or when large, is safe.
  void TrimMemory(int64_t now);
  bool Continuous() const { return run != nullptr && run->continuous; }

  CrawlerOptions options;
  Store& store;
  const Clock& clock;
  std::unique_ptr<Fetcher> fetcher;
  std::thread fetch_thread;
  std::unique_ptr<IngestPipeline> pipeline;
  PolitenessTable politeness;
  std::optional<CrawlScope> scope;
  BackoffPolicy backoff;
  std::mt19937_64 jitter_rng{0x5eed};

  struct CachedRobots {
    RobotsRules rules;
    int64_t expires_ms = 0;
  };
  std::unordered_map<std::string, CachedRobots> robots;           // by host
  std::unordered_map<std::string, std::vector<DueUrl>> awaiting_robots;  // by host
  std::unordered_map<uint64_t, std::string> robots_requests;      // request id -> host
  uint64_t next_robots_request = 1ull << 62;

  struct InFlight {
    DueUrl url;
    int64_t started_ms = 0;
  };
  std::unordered_map<uint64_t, InFlight> in_flight;       // by frontier id
  std::map<std::string, std::deque<DueUrl>> held;          // robots known, waiting for politeness
  std::unordered_set<std::string> fetched_this_run;        // final and canonical URLs
  std::unordered_map<std::string, int> date_listings;      // CrawlScope::DateListingKey -> URLs queued
  std::unordered_map<std::string, int64_t> pages_per_host;
  std::unordered_set<std::string> hosts_backed_off;        // whose back-off is in the store
  std::unordered_map<std::string, int> redirect_hops;      // redirect target -> hops so far

  // Sources by id (seeds, feeds, sitemaps: configured or discovered), and
  // the URLs the configuration names.
  std::unordered_map<int64_t, Source> sources;
  std::unordered_set<std::string> configured_sources;
  std::vector<std::string> extra_seeds;
  int64_t discovered_mark = 0;  // progress.discovered when the current result began

  const CrawlRunOptions* run = nullptr;  // during Run
  bool stopping = false;
  int64_t gauges_published_ms = -1;
  int64_t memory_trimmed_ms = 0;

  CrawlProgress progress;
  int64_t dispatched = 0;
  int64_t last_commit_ms = 0;
  int64_t queued_counted_ms = INT64_MIN / 2;  // when progress.queued was last counted
  size_t taken_last_dispatch = 0;  // URLs the last Dispatch took from the frontier
};

// Caps on what one crawl follows from a single date-listing pattern (see
// CrawlScope::DateListingKey): a year of monthly archives, or twelve daily ones;
// articles are found through sitemaps, feeds and section pages anyway.
constexpr int kMaxUrlsPerDateListing = 12;

// Links followed from one page: a real front page has a few hundred; a
// page with 100,000 is a trap (or a sitemap in disguise, which would have
// its own sitemap).
constexpr size_t kMaxLinksPerPage = 5000;

// Where a retired or removed source's next refresh is parked.
constexpr int64_t kNever = INT64_MAX;

}  // namespace wirecrawl
