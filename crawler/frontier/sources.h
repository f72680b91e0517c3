// crawler/frontier/sources.h: the re-crawl schedule: sources (seeds, feeds,
// sitemaps: configured, given on the command line, added by the operator,
// or discovered; SourceOrigin) with their adaptive refresh interval, and
// revisits of stored articles.
//
// A source that yields new URLs is read twice as often, one that does not
// 1.5 times less often, within daemon.source_refresh_min/max; after
// daemon.retire_source_after_failures failures in a row it is retired (a
// configured source is given another chance at every start or reload).
// A crawl reads the configuration's sources, its own command-line URLs and
// the added and discovered sources; not the command-line URLs of earlier
// crawls (one-shot), nor paused sources (`wirecrawl sources pause`; a URL
// named on the command line is read all the same). A running daemon sees
// the operator's changes at its next reload.
// Sources live in the store (CrawlState); this is their in-memory view.
//
// Thread safety: thread-compatible (the crawl thread owns it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "config/options.h"
#include "crawler/crawl.h"
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
  // count. Returns when it is due again, or nullopt when it is retired or
  // paused. A named input's failure is kept for FailedInputs.
  Result<std::optional<int64_t>> Refreshed(int64_t source_id, const std::string& url, bool ok, bool yielded,
                                           int http_status, const std::string& error, int64_t now_ms);

  // The next revisit of an article first stored at first_stored_ms
  // (daemon.article_revisits), or nullopt after the last one.
  std::optional<int64_t> NextArticleRevisit(int64_t first_stored_ms, int64_t now_ms) const;

  // The named inputs (CrawlProgress::failed_inputs) whose last fetch
  // failed for good since QueueAll, by URL.
  std::vector<FailedInput> FailedInputs() const;

  int64_t active_count() const;
  int64_t retired_count() const;

 private:
  Status QueueConfigured(int64_t now_ms);
  // Queues a source's own URL for a fetch at now_ms (in the frontier, or
  // back in the queue when an earlier crawl fetched it).
  Status QueueSource(const std::string& url, SourceKind kind, SourceOrigin origin, int64_t source_id,
                     int64_t now_ms);
  // Read by this crawl: not retired (a configured or named one never is for
  // long), not paused (unless named on the command line), not another
  // crawl's command-line URL.
  bool Active(const Source& source) const;
  // The operator named it: configured, added, or on this crawl's command line.
  bool Named(const Source& source) const;

  CrawlState& state_;
  const CrawlerOptions& options_;
  std::unordered_map<int64_t, Source> sources_;       // by id
  std::unordered_set<std::string> configured_;        // URLs the configuration names
  std::vector<std::string> extra_seeds_;              // command-line URLs, as given
  std::unordered_set<std::string> command_line_;      // the same, normalised
  std::map<std::string, std::string> failed_inputs_;  // URL -> last error
};

}  // namespace wirecrawl
