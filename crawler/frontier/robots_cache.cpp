#include "crawler/frontier/robots_cache.h"

#include <algorithm>

namespace wirecrawl {
namespace {

// A robots.txt that could not be fetched (5xx, no answer) disallows the
// host for this long, then it is asked again (RFC 9309 2.3.1.4).
constexpr int64_t kUnreachableRetryMs = 10 * 60 * 1000;

}  // namespace

RobotsCache::Entry& RobotsCache::Remember(const std::string& host) {
  if (hosts_.size() >= kMaxHosts && !hosts_.count(host)) hosts_.clear();
  return hosts_[host];
}

Result<const RobotsCache::Entry*> RobotsCache::Find(const std::string& host, int64_t now_ms) {
  if (auto it = hosts_.find(host); it != hosts_.end() && it->second.expires_ms > now_ms) return &it->second;
  Result<std::optional<RobotsCacheEntry>> stored = state_.GetRobots(host);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value() || (*stored)->expires_ms <= now_ms) return static_cast<const Entry*>(nullptr);
  Entry& entry = Remember(host);
  entry.rules = RobotsRules::FromFetch((*stored)->http_status, (*stored)->body);
  entry.expires_ms = (*stored)->expires_ms;
  return &entry;
}

Result<const RobotsCache::Entry*> RobotsCache::Put(const std::string& host, int http_status,
                                                   std::string_view body, RobotsRules rules, int64_t now_ms,
                                                   int64_t ttl_ms) {
  int64_t ttl = rules.temporary() ? std::min(kUnreachableRetryMs, ttl_ms) : ttl_ms;
  RobotsCacheEntry stored{.http_status = http_status,
                          .body = std::string(body.substr(0, RobotsRules::kMaxBytes)),
                          .fetched_ms = now_ms,
                          .expires_ms = now_ms + ttl};
  WIRECRAWL_RETURN_IF_ERROR(state_.PutRobots(host, stored));
  Entry& entry = Remember(host);
  entry.rules = std::move(rules);
  entry.expires_ms = stored.expires_ms;
  return &entry;
}

}  // namespace wirecrawl
