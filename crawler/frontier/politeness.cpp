#include "crawler/frontier/politeness.h"

#include <algorithm>

namespace wirecrawl {

PolitenessTable::PolitenessTable(PolitenessRules rules) { SetRules(rules); }

void PolitenessTable::SetRules(PolitenessRules rules) {
  rules_ = rules;
  rules_.connections_per_host = std::max(1, rules_.connections_per_host);
  rules_.min_delay_ms = std::max<int64_t>(0, rules_.min_delay_ms);
}

PolitenessTable::HostState& PolitenessTable::Get(std::string_view host) {
  auto it = hosts_.find(std::string(host));
  if (it != hosts_.end()) return it->second;
  return hosts_.emplace(std::string(host), HostState{}).first->second;
}

void PolitenessTable::SetCrawlDelay(std::string_view host, std::optional<int64_t> crawl_delay_ms) {
  Get(host).crawl_delay_ms = crawl_delay_ms;
}

int64_t PolitenessTable::DelayMs(std::string_view host) const {
  auto it = hosts_.find(std::string(host));
  int64_t delay = rules_.min_delay_ms;
  if (it != hosts_.end() && it->second.crawl_delay_ms) {
    delay = std::max(delay, std::min(*it->second.crawl_delay_ms, rules_.max_crawl_delay_ms));
  }
  return delay;
}

bool PolitenessTable::MayStart(std::string_view host, int64_t now_ms) const {
  auto it = hosts_.find(std::string(host));
  if (it == hosts_.end()) return true;
  const HostState& h = it->second;
  return h.in_flight < rules_.connections_per_host && now_ms >= h.next_start_ms &&
         now_ms >= h.backoff_until_ms;
}

void PolitenessTable::OnStart(std::string_view host, int64_t now_ms) {
  int64_t delay = DelayMs(host);
  HostState& h = Get(host);
  ++h.in_flight;
  h.next_start_ms = std::max(h.next_start_ms, now_ms + delay);
  if (hosts_.size() > rules_.max_hosts) EvictIdle(now_ms);
}

void PolitenessTable::NotBefore(std::string_view host, int64_t at_ms) {
  HostState& h = Get(host);
  h.next_start_ms = std::max(h.next_start_ms, at_ms);
}

void PolitenessTable::OnFinish(std::string_view host, int64_t now_ms, HostOutcome outcome,
                               std::optional<int64_t> retry_after_ms) {
  int64_t delay = DelayMs(host);
  HostState& h = Get(host);
  h.in_flight = std::max(0, h.in_flight - 1);
  h.next_start_ms = std::max(h.next_start_ms, now_ms + delay);
  if (outcome == HostOutcome::kHealthy) {
    h.consecutive_overloads = 0;
    return;
  }
  // Exponential host back-off from the politeness delay (at least 1 s), or
  // the server's own Retry-After when longer; both capped.
  ++h.consecutive_overloads;
  int shift = std::min(h.consecutive_overloads, 20);
  int64_t backoff = std::max<int64_t>(delay, 1000) << shift;
  if (retry_after_ms) backoff = std::max(backoff, *retry_after_ms);
  backoff = std::min(backoff, rules_.max_backoff_ms);
  h.backoff_until_ms = std::max(h.backoff_until_ms, now_ms + backoff);
}

std::vector<std::string> PolitenessTable::BlockedHosts(int64_t now_ms) const {
  std::vector<std::string> blocked;
  for (const auto& [host, h] : hosts_) {
    if (!MayStart(host, now_ms)) blocked.push_back(host);
  }
  return blocked;
}

std::optional<int64_t> PolitenessTable::NextWakeMs(int64_t now_ms) const {
  std::optional<int64_t> wake;
  for (const auto& [host, h] : hosts_) {
    if (h.in_flight >= rules_.connections_per_host) continue;  // wakes when a transfer ends
    int64_t t = std::max(h.next_start_ms, h.backoff_until_ms);
    if (t > now_ms && (!wake || t < *wake)) wake = t;
  }
  return wake;
}

int64_t PolitenessTable::BackoffUntilMs(std::string_view host) const {
  auto it = hosts_.find(std::string(host));
  return it == hosts_.end() ? 0 : it->second.backoff_until_ms;
}

size_t PolitenessTable::HostsInBackoff(int64_t now_ms) const {
  return static_cast<size_t>(std::count_if(hosts_.begin(), hosts_.end(), [&](const auto& entry) {
    return entry.second.backoff_until_ms > now_ms;
  }));
}

void PolitenessTable::EvictIdle(int64_t now_ms) {
  for (auto it = hosts_.begin(); it != hosts_.end() && hosts_.size() > rules_.max_hosts / 2;) {
    const HostState& h = it->second;
    bool idle = h.in_flight == 0 && h.next_start_ms <= now_ms && h.backoff_until_ms <= now_ms;
    it = idle ? hosts_.erase(it) : std::next(it);
  }
}

}  // namespace wirecrawl
