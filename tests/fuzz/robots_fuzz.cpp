// Fuzz target: robots.txt parsing and matching (crawler/robots.h).
//
// Input: ROBOTS-BODY "\n--\n" AGENT "\n--\n" URL (fuzz_input.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crawler/discovery/robots.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto fields = wirecrawl::fuzz::SplitFields(data, size, 3);
  auto rules = wirecrawl::RobotsRules::Parse(fields[0]);
  auto verdict = rules.Evaluate(fields[1], fields[2]);
  if (verdict.allowed != rules.Allows(fields[1], fields[2])) {
    std::abort();
  }
  // RFC 9309 2.2.2: /robots.txt itself is always allowed.
  if (!rules.Allows(fields[1], "/robots.txt")) {
    std::abort();
  }
  auto delay = rules.CrawlDelay(fields[1]);
  if (delay && delay->count() < 0) {
    std::abort();
  }
  std::string path = wirecrawl::RobotsPathOf(fields[2]);
  if (path.empty() || path[0] != '/') {
    std::abort();
  }
  // The fetch-status forms must not depend on the body for non-2xx codes.
  if (!wirecrawl::RobotsRules::FromFetch(404, fields[0]).Allows(fields[1], fields[2])) {
    std::abort();
  }
  return 0;
}
