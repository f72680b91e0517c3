// crawler/crawl.h: the crawl loop: frontier (robots.txt, politeness) ->
// fetch -> response (extract -> dedup -> store), and discovery back into
// the frontier. crawler/README.md draws one URL's path through the stages.
//
// A Crawler works from the frontier in the Store, so a crawl that is stopped
// or killed resumes where it was: URLs left "fetching" go back to the queue
// when the next crawl opens the store, and every other state change is
// committed in batches (a kill loses at most the last fraction of a second
// of results, which are then fetched again; an article is never stored
// twice because the store keys it by URL).
//
// Threads: libcurl runs on a fetch thread of its own (Fetcher::Run); the
// thread that calls Run does the scheduling, parsing, dedup and SQLite
// work, so the fetch loop never waits for them. That thread owns the
// store's write batch and commits it every commit_interval_ms.
//
// Order of work (priority, highest first): sitemaps, then feeds, then the
// sources' front and section pages, then articles (fresher first), then
// other pages by depth. Per host: robots.txt first (RFC 9309; cached in the
// store for 24 h), at most connections_per_host transfers, min_delay (or the
// robots Crawl-delay, capped) between requests, and back-off after 429/503/
// timeouts honouring Retry-After. Failed fetches are retried with
// exponential back-off and jitter; permanent failures (404, ...) are not.
//
// Thread safety: one thread calls Run; RequestStop may be called from any
// thread (or a signal handler, through the atomic flag given to Run).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "config/options.h"
#include "store/store.h"

namespace wirecrawl {

// An input the operator named (a source of the configuration, a URL given
// on the command line, a source added with `wirecrawl sources add`) whose
// fetch failed for good in this run. Sources the crawl discovered and links
// it followed are not inputs: their failures are results (the frontier
// keeps them), not failures of the run.
struct FailedInput {
  std::string url;
  std::string error;  // "HTTP 404", "Could not connect to server: ..."
};

struct CrawlProgress {
  int64_t fetched = 0;         // responses received (any status)
  int64_t pages = 0;           // HTML pages processed (articles and hubs)
  int64_t articles = 0;        // new articles stored
  int64_t updated = 0;         // stored articles whose body changed
  int64_t not_modified = 0;    // 304 answers
  int64_t new_stories = 0;     // new articles that started a story
  int64_t joined_stories = 0;  // new articles that joined an existing story
  int64_t discovered = 0;      // URLs added to the frontier
  int64_t robots_denied = 0;   // URLs not fetched because of robots.txt
  int64_t out_of_scope = 0;    // redirects and links outside the scope, or caught as traps
  int64_t errors = 0;          // transfers without a usable response, and 4xx/5xx
  int64_t retries = 0;         // fetches put back for another attempt
  int64_t bytes = 0;           // bytes received
  int64_t in_flight = 0;
  int64_t queued = 0;  // URLs waiting in the frontier, at the last look
  int64_t elapsed_ms = 0;
  // Named inputs that failed for good, each once (its last error); filled
  // in when Run returns.
  std::vector<FailedInput> failed_inputs;
};

class CrawlMetrics;

struct CrawlRunOptions {
  // false (one-shot): stop when nothing is left to fetch now, when the only
  // URLs left wait longer than max_idle_wait_ms (retries far in the
  // future), or at scope.max_pages.
  // true (daemon): run until stopped. Sources come back on an adaptive
  // interval (shorter while they yield new URLs, longer while they do not,
  // within daemon.source_refresh_min/max; retired after
  // daemon.retire_source_after_failures failures in a row), and articles
  // are revisited at daemon.article_revisits after they were first stored.
  bool continuous = false;
  int64_t max_idle_wait_ms = 60'000;
  // On stop, transfers in flight get this long to finish; the rest are
  // cancelled and their URLs go back to the queue.
  int64_t shutdown_grace_ms = 10'000;
  // Called on the crawl thread at least once a second (a daemon's
  // watchdog, status line and config reload hook).
  std::function<void()> on_tick;
  // Live figures for a metrics endpoint; may be null.
  CrawlMetrics* metrics = nullptr;
  // Called at most every progress_interval_ms from the crawl thread.
  std::function<void(const CrawlProgress&)> progress;
  int64_t progress_interval_ms = 500;
  // Results are committed at least this often.
  int64_t commit_interval_ms = 250;
  // A daemon's upkeep of the database (store/upkeep.h: the story index
  // beyond the dedup window, the fetch log beyond maintenance.fetch_log,
  // search-index merging, free pages): one bounded step at most this often,
  // when fewer than half the transfer slots are busy. 0: never.
  int64_t upkeep_interval_ms = 0;
};

class Crawler {
 public:
  // REQUIRES: store and clock outlive the crawler. Fails on a bad scope
  // regex, pin or dedup setting.
  static Result<std::unique_ptr<Crawler>> Open(const CrawlerOptions& options, Store& store,
                                               const Clock& clock);
  ~Crawler();
  Crawler(const Crawler&) = delete;
  Crawler& operator=(const Crawler&) = delete;

  // Registers the config's sources and these URLs (seed pages, one-shot:
  // stored as "command-line" sources, which later crawls do not read unless
  // named again or kept with `wirecrawl sources add`) and queues them for a
  // fetch now (again, if an earlier crawl fetched them: a one-shot crawl
  // re-reads its sources with conditional GET), with the sources earlier
  // crawls kept (added, discovered), unless paused.
  Status AddStartUrls(const std::vector<std::string>& extra_seeds);

  // Crawls until the frontier is drained, a limit is reached or *stop
  // becomes true. In-flight transfers are then cancelled and their URLs go
  // back to the queue; everything else is committed.
  Result<CrawlProgress> Run(const std::atomic<bool>& stop, const CrawlRunOptions& run = {});

  // A new configuration, on the crawl thread (from on_tick): sources added
  // to it are queued now, sources removed from it stop being refreshed;
  // scope, politeness delays and daemon intervals take effect at once.
  // Settings that need a restart (fetch pins, network policy, limits, dedup,
  // paths) are kept, with a warning. REQUIRES: called during Run.
  Status Reload(const CrawlerOptions& options);

  // The figures so far (for a status line).
  const CrawlProgress& progress() const;

 private:
  struct Impl;
  explicit Crawler(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecrawl
