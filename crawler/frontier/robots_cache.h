// crawler/frontier/robots_cache.h: the robots.txt rules of each host, as the
// frontier asks for them: in memory, else from the store's cache (so a
// restart does not fetch them again), else unknown and to be fetched.
//
// RFC 9309 2.4: rules are cached for ttl (24 h by default); a robots.txt
// that could not be fetched (5xx, no answer) disallows the host for at most
// 10 minutes, then it is asked again (2.3.1.4).
//
// Memory is bounded: past kMaxHosts the in-memory copy is dropped and the
// store, which keeps them all, answers again.
//
// Thread safety: thread-compatible (the crawl thread owns it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "crawler/discovery/robots.h"
#include "store/crawl_state.h"

namespace wirecrawl {

class RobotsCache {
 public:
  struct Entry {
    RobotsRules rules;
    int64_t expires_ms = 0;
  };

  // REQUIRES: state outlives the cache.
  explicit RobotsCache(CrawlState& state) : state_(state) {}

  // The host's rules valid at now_ms, or nullptr when they must be fetched.
  Result<const Entry*> Find(const std::string& host, int64_t now_ms);

  // The outcome of fetching the host's robots.txt (http_status 0: no
  // response; rules: RobotsRules::FromFetch of it), kept for ttl_ms (less
  // if the file was unreachable), in memory and in the store.
  Result<const Entry*> Put(const std::string& host, int http_status, std::string_view body, RobotsRules rules,
                           int64_t now_ms, int64_t ttl_ms);

 private:
  static constexpr size_t kMaxHosts = 10'000;
  Entry& Remember(const std::string& host);

  CrawlState& state_;
  std::unordered_map<std::string, Entry> hosts_;
};

}  // namespace wirecrawl
