// crawler/frontier/politeness.h: when the next request to a host may start.
//
// The scheduler's in-memory view of every host it talks to: transfers in
// flight (at most connections_per_host), the earliest time of the next
// request (min_delay, raised to robots.txt's Crawl-delay up to a cap), and
// back-off after the host showed overload (429, 503, timeouts), honouring
// Retry-After up to max_backoff.
//
// Spacing: a request may start `delay` after the previous one started AND
// `delay` after the previous one finished, so a slow host is never hit
// back-to-back.
//
// All times are passed in (milliseconds, from the crawler's Clock), so the
// rules are tested without sleeping. Memory is bounded: idle hosts beyond
// max_hosts are forgotten (their state is back to the default, which only
// costs a politeness delay they already served).
//
// Thread safety: thread-compatible (the scheduler thread owns it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wirecrawl {

struct PolitenessRules {
  int connections_per_host = 1;
  int64_t min_delay_ms = 1000;
  int64_t max_crawl_delay_ms = 30'000;
  int64_t max_backoff_ms = 3'600'000;
  size_t max_hosts = 50'000;
};

// How a finished request went, as far as the host's health is concerned.
enum class HostOutcome {
  kHealthy,   // any response that does not ask us to slow down
  kOverload,  // 429, 503, timeout: back off the whole host
};

class PolitenessTable {
 public:
  explicit PolitenessTable(PolitenessRules rules = {});
  // New delays and caps (a config reload); the hosts' state is kept.
  void SetRules(PolitenessRules rules);

  // robots.txt's Crawl-delay for the host (nullopt: none). The effective
  // delay is max(min_delay, min(crawl_delay, max_crawl_delay)).
  void SetCrawlDelay(std::string_view host, std::optional<int64_t> crawl_delay_ms);
  int64_t DelayMs(std::string_view host) const;

  bool MayStart(std::string_view host, int64_t now_ms) const;
  // REQUIRES: MayStart(host, now_ms).
  void OnStart(std::string_view host, int64_t now_ms);
  // The host's next request starts no earlier than at_ms: a request made
  // by an earlier process (or another crawler) counts too.
  void NotBefore(std::string_view host, int64_t at_ms);
  // retry_after_ms: the server's Retry-After, if it sent one.
  void OnFinish(std::string_view host, int64_t now_ms, HostOutcome outcome,
                std::optional<int64_t> retry_after_ms = std::nullopt);

  // Hosts that may not start a request at now_ms (busy, waiting or in
  // back-off), for the frontier query to skip.
  std::vector<std::string> BlockedHosts(int64_t now_ms) const;
  // The earliest time after now_ms at which a host blocked only by time
  // becomes free; nullopt when none is.
  std::optional<int64_t> NextWakeMs(int64_t now_ms) const;

  // End of the host's back-off (0: none), to persist it.
  int64_t BackoffUntilMs(std::string_view host) const;
  // Hosts in back-off at now_ms (for progress and metrics).
  size_t HostsInBackoff(int64_t now_ms) const;
  size_t size() const { return hosts_.size(); }

 private:
  struct HostState {
    int in_flight = 0;
    int64_t next_start_ms = 0;  // politeness spacing
    int64_t backoff_until_ms = 0;
    int consecutive_overloads = 0;
    std::optional<int64_t> crawl_delay_ms;
  };
  HostState& Get(std::string_view host);
  void EvictIdle(int64_t now_ms);

  PolitenessRules rules_;
  std::unordered_map<std::string, HostState> hosts_;
};

}  // namespace wirecrawl
