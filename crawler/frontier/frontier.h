// crawler/frontier/frontier.h: which URL is fetched next, and when.
//
// The queue itself is in the store (CrawlState), so that a stopped or
// killed crawl resumes where it was. The Frontier adds what is decided in
// memory, in the order a URL meets it:
// - Discover: a found URL is queued if it is in scope (CrawlScope), not a
//   URL trap (date-listing caps) and not fetched in this run already;
//   feeds and sitemaps become sources.
// - NextFetches: URLs held for politeness go first, then URLs taken from
//   the store, highest priority first. A URL waits for its host's
//   robots.txt (RobotsCache; the robots.txt fetch is requested instead, and
//   starts when the host's politeness allows, like any request),
//   is skipped when robots.txt disallows it or its host reached
//   scope.max_pages_per_host, and is held until its host's politeness
//   delay is over (PolitenessTable). What comes out is started.
// - Finished / RobotsFetched: the transfer is over; the host's politeness
//   state (and a back-off, persisted so a restart honours it) is updated.
//
// Thread safety: thread-compatible (the crawl thread owns it).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/status.h"
#include "config/options.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/frontier/politeness.h"
#include "crawler/frontier/robots_cache.h"
#include "crawler/frontier/scope.h"
#include "crawler/metrics/metrics.h"
#include "store/crawl_state.h"

namespace wirecrawl {

// What the frontier counts (the crawl's progress line shows them).
struct FrontierCounts {
  int64_t discovered = 0;     // URLs added to the queue
  int64_t robots_denied = 0;  // URLs not fetched because of robots.txt
  int64_t out_of_scope = 0;   // links and redirects outside the scope or caught as traps
  int64_t robots_waits = 0;   // URLs put back because robots.txt was unreachable
  int64_t started = 0;        // page fetches started (not robots.txt)
};

class Frontier {
 public:
  // REQUIRES: state and options outlive the frontier; options may change
  // between calls (a reload: call OptionsChanged).
  Frontier(CrawlState& state, const CrawlerOptions& options);

  // The scope from the options' scope section and the active sources.
  Status RebuildScope(const std::vector<std::string>& source_urls, int64_t now_ms);
  const CrawlScope& scope() const { return *scope_; }
  // Politeness delays and caps changed (a reload).
  void OptionsChanged();
  // A run starts at now_ms. continuous (a daemon): no scope.max_pages /
  // max_pages_per_host caps. metrics: where robots.txt denials are counted
  // for the metrics endpoint; may be null.
  void StartRun(int64_t now_ms, bool continuous, CrawlMetrics* metrics) {
    run_started_ms_ = now_ms;
    continuous_ = continuous;
    metrics_ = metrics;
  }

  // ---- In: URLs found ------------------------------------------------------
  // Queues url (normalised) if it is in scope, not a trap (a sitemap nested
  // deeper than scope.max_sitemap_depth, date-listing caps) and not fetched
  // in this run. Feeds and sitemaps are registered as sources. found_via:
  // how it was found (a known URL keeps the strongest way,
  // store/records.h). Returns whether the URL was new to the queue.
  Result<bool> Discover(const std::string& url, UrlKind kind, int depth, int priority, int64_t now_ms,
                        FoundVia found_via = FoundVia::kLink);
  // A redirect's target (normalised), queued with the redirected URL's
  // kind, depth, priority and way it was found, unless the chain is longer than
  // limits.max_redirects or the target's host is out of scope.
  enum class RedirectVerdict { kQueued, kTooManyHops, kOutOfScope };
  Result<RedirectVerdict> DiscoverRedirect(const DueUrl& from, const std::string& target, int64_t now_ms);
  // Notes url (a final or canonical URL) as fetched in this run. Returns
  // false when it already was.
  bool NoteFetched(const std::string& url) { return fetched_this_run_.insert(url).second; }
  // A response led out of the scope (counted with the links that do).
  void CountOutOfScope() { ++counts_.out_of_scope; }

  // ---- Out: what to fetch now ------------------------------------------------
  // The fetches to start at now_ms, within the free transfer slots (global
  // concurrency minus what is in flight, minus `busy_elsewhere` slots the
  // caller holds: pages still being processed) and scope.max_pages.
  // REQUIRES: the caller's batch is open (URLs are taken from and marked in
  // the store).
  Result<std::vector<FetchRequest>> NextFetches(int64_t now_ms, size_t busy_elsewhere = 0);
  // URLs NextFetches took from the store last time (0: the queue had none
  // due for a free host).
  size_t taken_last() const { return taken_last_; }
  // True (once) when the caller must commit its batch now, before the
  // fetches NextFetches just handed out start: the batch holds a host's
  // first contact in this run, or a new delay for it (a robots.txt
  // Crawl-delay just read). A process killed right after then still leaves
  // the record the next one waits for (RestoreLastRequest); without it, the
  // next process would not know the host was just asked, or how slowly it
  // asked to be.
  bool TakeCommitNow() { return std::exchange(commit_now_, false); }

  // ---- In: results -----------------------------------------------------------
  // True when `id` is a robots.txt fetch this frontier requested.
  bool IsRobotsFetch(uint64_t id) const { return robots_requests_.count(id) > 0; }
  struct RobotsOutcome {
    std::string host;
    std::vector<std::string> sitemaps;  // absolute: the Sitemap: lines, else /sitemap.xml
    // The host's waiting URLs when its address is refused or its TLS
    // certificate does not verify: they fail with the fetch's error.
    std::vector<DueUrl> refused;
  };
  // The robots.txt fetch `result.id` is over: the rules are cached, the
  // host's waiting URLs are admitted. REQUIRES: IsRobotsFetch(result.id),
  // the caller's batch is open.
  Result<RobotsOutcome> RobotsFetched(const FetchResult& result, int64_t now_ms);

  struct Finished {
    DueUrl url;
    int64_t started_ms = 0;
  };
  // The page fetch `result.id` is over: its host's politeness is updated
  // (a back-off also goes to the store). nullopt when the id is not in
  // flight. REQUIRES: the caller's batch is open.
  Result<std::optional<Finished>> PageFetched(const FetchResult& result, int64_t now_ms);

  // ---- State -----------------------------------------------------------------
  // Transfers this frontier handed out that have not finished.
  // (A robots.txt fetch waiting for its host's politeness is not in flight.)
  bool HasFetchesInFlight() const { return fetches_in_flight() > 0; }
  size_t fetches_in_flight() const {
    return in_flight_.size() + (robots_requests_.size() - robots_to_fetch_.size());
  }
  // Nothing in flight, held for politeness or waiting for robots.txt.
  bool Idle() const { return !HasFetchesInFlight() && held_.empty() && awaiting_robots_.empty(); }
  // scope.max_pages reached (one-shot crawls only).
  bool LimitReached() const;
  // When a host now blocked only by time becomes free.
  std::optional<int64_t> NextWakeMs(int64_t now_ms) const { return politeness_.NextWakeMs(now_ms); }
  size_t HostsInBackoff(int64_t now_ms) const { return politeness_.HostsInBackoff(now_ms); }
  const FrontierCounts& counts() const { return counts_; }
  // One line for the debug log.
  std::string Describe(int64_t now_ms) const;

  // The end of a run: in-memory queues are dropped (their URLs stay
  // "fetching" in the store until CrawlState::RequeueInFlight).
  void EndRun();
  // Keeps the per-run sets bounded in a long run: they only save frontier
  // lookups or count toward trap caps, so forgetting them daily, or when
  // large, is safe.
  void TrimMemory(int64_t now_ms);

 private:
  // The robots.txt verdict decides what happens to a URL taken from the
  // store: held (to start when its host's politeness allows), waiting for
  // robots.txt, or marked skipped/failed.
  Status Admit(DueUrl url, int64_t now_ms);
  // The rules for url's host; nullptr when they are being fetched (the
  // robots.txt fetch is requested the first time).
  Result<const RobotsCache::Entry*> RobotsFor(const DueUrl& url, int64_t now_ms);
  Status Start(DueUrl url, int64_t now_ms, std::vector<FetchRequest>* out);
  // The first time this process meets a host the store has seen fetched:
  // its next request waits for the stored next-allowed time, and at least a
  // full delay after the run started, since the process before may have
  // been killed just after a request it had no time to record.
  Status RestoreLastRequest(const std::string& host);
  // The host's politeness as the store keeps it (shared with the next
  // process): when it may be asked again, its delay and back-off.
  Status SaveHost(const std::string& host, int64_t next_allowed_ms);

  CrawlState& state_;
  const CrawlerOptions& options_;
  PolitenessTable politeness_;
  RobotsCache robots_;
  std::optional<CrawlScope> scope_;
  bool continuous_ = false;
  int64_t run_started_ms_ = 0;
  CrawlMetrics* metrics_ = nullptr;
  FrontierCounts counts_;

  std::unordered_map<std::string, std::vector<DueUrl>> awaiting_robots_;  // by host
  std::unordered_map<uint64_t, std::string> robots_requests_;             // request id -> host
  std::vector<FetchRequest> robots_to_fetch_;              // requested, waiting for the host's politeness
  uint64_t next_robots_request_ = 1ull << 62;              // frontier ids are row ids, far below
  std::unordered_map<uint64_t, Finished> in_flight_;       // by frontier id
  std::map<std::string, std::deque<DueUrl>> held_;         // robots known, waiting for politeness
  std::unordered_set<std::string> hosts_backed_off_;       // whose back-off is in the store
  std::unordered_set<std::string> restored_hosts_;         // RestoreLastRequest done
  std::unordered_map<std::string, int64_t> saved_delays_;  // the delay SaveHost last stored, per host
  std::unordered_set<std::string> sitemap_cuts_logged_;    // hosts whose too-deep sitemaps were logged
  bool commit_now_ = false;
  size_t taken_last_ = 0;

  bool Followable(const std::string& url, UrlKind kind, int depth);

  // A plain link found again changes nothing in the store unless it comes
  // with a higher priority or a lower depth than before: most of a page's
  // links (navigation, teasers) are known already, and each would cost the
  // crawl thread a scope check and three statements. By a 64-bit hash of
  // the URL (XXH3): at the 100,000 entries TrimMemory keeps, a collision
  // (one link not followed) has a chance below 1e-9.
  struct LinkSeen {
    int depth;
    int priority;
  };
  // True when the link needs the full path; notes it as seen.
  bool LinkMayChangeSomething(const std::string& url, int depth, int priority);
  std::unordered_map<uint64_t, LinkSeen> links_seen_;

  std::unordered_set<std::string> fetched_this_run_;    // final and canonical URLs
  std::unordered_map<std::string, int> date_listings_;  // CrawlScope::DateListingKey -> URLs queued
  std::unordered_map<std::string, int64_t> pages_per_host_;
  std::unordered_map<std::string, int> redirect_hops_;  // redirect target -> hops so far
  int64_t memory_trimmed_ms_ = 0;
};

}  // namespace wirecrawl
