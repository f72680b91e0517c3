// crawler/frontier/sources.h: the re-crawl schedule: sources (seeds, feeds,
// sitemaps: configured, given on the command line, or discovered) with
// their adaptive refresh interval, and revisits of stored articles.
//
// A source that yields new URLs is read twice as often, one that does not
// 1.5 times less often, within daemon.source_refresh_min/max; after
// daemon.retire_source_after_failures failures in a row it is retired (a
// configured source is given another chance at every start or reload).
// Sources live in the store (CrawlState); this is their in-memory view.
//
// Thread safety: thread-compatible (the crawl thread owns it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "config/options.h"
#include "store/crawl_state.h"

namespace wirecrawl {

// Where a retired or removed source's next refresh is parked.
constexpr int64_t kNever = INT64_MAX;

class SourceSchedule {
 public:
  // REQUIRES: state and options outlive the schedule; options may change
  // between calls (a reload).
  SourceSchedule(CrawlState& state, const CrawlerOptions& options) : state_(state), options_(options) {}

  // Reads every source from the store.
  Status Load();

  // Registers the configuration's sources and the extra seeds (command-line
  // URLs) and queues them for a fetch at now_ms (again, if an earlier crawl
  // fetched them: a one-shot crawl re-reads its sources conditionally).
  // Sources found by earlier crawls (feeds, sitemaps) are queued again too,
  // unless retired or removed.
  Status QueueAll(const std::vector<std::string>& extra_seeds, int64_t now_ms);

  // A new configuration (options_ already changed): sources it adds are
  // queued now; sources it drops are parked (their history kept).
  Status Reload(int64_t now_ms);

  // The URLs of sources still read (for the scope: retired ones no longer
  // widen it).
  std::vector<std::string> ActiveUrls() const;

  // A source was fetched (ok), or failed for good this time; `yielded`: the
  // fetch queued new URLs. Updates and saves its interval and failure
  // count. Returns when it is due again, or nullopt when it is retired.
  Result<std::optional<int64_t>> Refreshed(int64_t source_id, const std::string& url, bool ok, bool yielded,
                                           int http_status, const std::string& error, int64_t now_ms);

  // The next revisit of an article first stored at first_stored_ms
  // (daemon.article_revisits), or nullopt after the last one.
  std::optional<int64_t> NextArticleRevisit(int64_t first_stored_ms, int64_t now_ms) const;

  int64_t active_count() const;
  int64_t retired_count() const;

 private:
  Status QueueConfigured(int64_t now_ms);

  CrawlState& state_;
  const CrawlerOptions& options_;
  std::unordered_map<int64_t, Source> sources_;        // by id
  std::unordered_set<std::string> configured_;         // URLs the configuration names
  std::vector<std::string> extra_seeds_;               // command-line URLs
};

}  // namespace wirecrawl
