// config/value_checks.h: the checks a setting's value goes through, whether
// it comes from the config file or from a command-line flag that overrides
// the same key (crawl --max-pages, dedup --threshold, robots check --agent,
// --log-level...). One check per setting, so the file and the flag accept
// the same values and say the same thing about a bad one; the caller adds
// where the value came from ("wirecrawl.toml:3:13: scope.max_pages: ..." or
// "--max-pages: ...").
//
// Contract: pure functions, thread-safe. A check returns Ok or an
// InvalidArgument whose message says what was wrong, without a position.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace wirecrawl::config_checks {

// An inclusive range of integers, as the config accepts for a key.
struct IntRange {
  int64_t min;
  int64_t max;
  // "-5 is out of range [0, 1000]"
  Status Check(int64_t value) const;
};

// An inclusive range of reals.
struct RealRange {
  double min;
  double max;
  Status Check(double value) const;
};

// "No limit" for counts where 0 means unlimited.
inline constexpr int64_t kNoLimit = 1'000'000'000'000;

// The ranges of the settings that have a command-line flag too.
inline constexpr IntRange kMaxDepth{0, 1000};           // scope.max_depth, crawl --max-depth
inline constexpr IntRange kMaxPages{0, kNoLimit};       // scope.max_pages, crawl --max-pages
inline constexpr IntRange kWorkers{0, 1024};            // performance.workers, --workers, -j
inline constexpr RealRange kDedupThreshold{0.01, 1.0};  // dedup.threshold, dedup --threshold
inline constexpr IntRange kShingleSize{1, 32};          // dedup.shingle_size, dedup --shingle-size

// An absolute http:// or https:// URL without spaces or control characters.
Status CheckHttpUrl(std::string_view url);
// A domain such as "example.com": no scheme, port or path.
Status CheckDomain(std::string_view domain);
// An RE2 pattern that compiles, at most 1 KiB.
Status CheckRegex(std::string_view pattern);
// A User-Agent on one line with a contact URL or e-mail address.
Status CheckUserAgent(std::string_view user_agent);
// RFC 9309 2.2.1: the robots.txt product token is [a-zA-Z_-]+.
Status CheckProductToken(std::string_view token);
// A non-empty single line.
Status CheckNonEmpty(std::string_view text);
// curl's NO_PROXY list: names, addresses or CIDR ranges separated by
// commas, or "*".
Status CheckNoProxy(std::string_view list);
// A file path on one line, or empty.
Status CheckOptionalPath(std::string_view path);
// trace, debug, info, warn, error, critical or off.
Status CheckLogLevel(std::string_view level);

}  // namespace wirecrawl::config_checks
