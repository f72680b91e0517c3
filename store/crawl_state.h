// store/crawl_state.h: what the crawler keeps in the database: the frontier
// (URLs and their state), the fetch log, hosts (robots.txt cache and
// politeness) and sources (seeds, feeds, sitemaps with their refresh state).
//
// Used by the crawl loop and its frontier (crawler/). A backend implements
// it with its own types; nothing here names SQL.
//
// Contract: as for every role of a Store (store/store.h): one thread at a
// time, writes inside the caller's batch, failures as Status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace wirecrawl {

class CrawlState {
 public:
  virtual ~CrawlState() = default;

  // ---- Sources (seeds, feeds, sitemaps) --------------------------------------
  // Idempotent: an existing URL keeps its state, id and kind; its origin
  // becomes `origin` if that is stronger (SourceOrigin, weakest first).
  virtual Result<int64_t> AddSource(std::string_view url, SourceKind kind, SourceOrigin origin,
                                    int64_t refresh_interval_ms) = 0;
  // Sources whose next refresh is due at now_ms, soonest first (INT64_MAX:
  // every source, retired and paused ones included). PostgreSQL: a due
  // source another process's open batch took is not due here (it is being
  // refreshed); INT64_MAX reads every source, taken or not.
  virtual Result<std::vector<Source>> DueSources(int64_t now_ms) = 0;
  // Saves the refresh state (next/last refresh, status, validators, errors).
  virtual Status UpdateSourceState(const Source& source) = 0;
  // The operator's changes (`wirecrawl sources`); false when no source has
  // this URL. Pausing parks the source's URL in the frontier (queued, due
  // never) until it is resumed, which makes it due at now_ms.
  virtual Result<bool> SetSourcePaused(std::string_view url, bool paused, int64_t now_ms) = 0;
  // Forgets the source. Its URL, if not fetched yet, is skipped ("source
  // removed"); the URLs found through it stay in the frontier.
  virtual Result<bool> RemoveSource(std::string_view url) = 0;

  // ---- Frontier ------------------------------------------------------------
  // Idempotent: true when the URL is new. A known URL that is still queued
  // takes the higher priority and smaller depth of the two.
  virtual Result<bool> Enqueue(const UrlToEnqueue& url) = 0;
  // Takes up to `limit` queued URLs due at now_ms (highest priority first,
  // at most per_host per host, skipping hosts in a stored back-off and the
  // hosts in skip_hosts, DueUrl::host form) and marks them fetching, so
  // that no other taker gets them. skip_hosts is the scheduler's own state
  // (transfers in flight, delay not yet over, robots.txt not yet known).
  // PostgreSQL (several crawler processes): only URLs of hosts this process
  // leases; about once a second, TakeDue renews its leases (a call with
  // limit 0 too: call it while busy) and takes its fair share of hosts.
  // DueUrl::host_not_before_ms is set on the first URLs of a host newly
  // leased, for the caller's politeness.
  virtual Result<std::vector<DueUrl>> TakeDue(int64_t now_ms, size_t limit, size_t per_host,
                                              const std::vector<std::string>& skip_hosts) = 0;
  virtual Status MarkFetched(const FetchedUrl& fetched) = 0;
  virtual Status MarkFailed(const FailedUrl& failed) = 0;
  // Never fetched on purpose (robots.txt, scope); reason is kept.
  virtual Status MarkSkipped(int64_t url_id, std::string_view reason) = 0;
  // After a crash or stop: URLs left fetching go back to the queue.
  // Returns how many. PostgreSQL: those of this process's hosts (a process
  // that died gets its URLs back in the queue when its leases expire; one
  // that closes its Store, at once).
  virtual Result<int64_t> RequeueInFlight() = 0;
  // Puts a known URL back in the queue, due at due_ms, whatever its state
  // (a one-shot crawl fetches its sources again, conditionally). Returns
  // false when the URL is not in the frontier. PostgreSQL: a URL another
  // process is fetching stays with it.
  virtual Result<bool> Requeue(std::string_view url, int64_t due_ms) = 0;
  // The earliest next-due time of a queued URL; nullopt when none is queued.
  // PostgreSQL: a one-shot crawl ends when no process has work left, so
  // while a URL is in flight anywhere, or queued on a host another live
  // process leases, this is 0 (due now: keep polling).
  virtual Result<std::optional<int64_t>> NextQueuedDueMs() = 0;
  // URLs per state ("queued", "fetching", "done", "failed", "skipped").
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountUrlsByState() = 0;
  virtual Status RecordFetch(const FetchRecord& fetch) = 0;

  // ---- Hosts: robots.txt cache and politeness --------------------------------
  // host: lower-case host name, with ":port" when not the scheme's default.
  virtual Result<std::optional<RobotsCacheEntry>> GetRobots(std::string_view host) = 0;
  virtual Status PutRobots(std::string_view host, const RobotsCacheEntry& robots) = 0;
  // A host never seen reads as all zeros.
  virtual Result<HostPoliteness> GetPoliteness(std::string_view host) = 0;
  virtual Status PutPoliteness(std::string_view host, const HostPoliteness& politeness) = 0;
};

}  // namespace wirecrawl
