#include "config/value_checks.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string>

#include "base/ascii.h"
#include "config/value_syntax.h"

namespace wirecrawl::config_checks {
namespace {

bool HasControlBytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

Status IntRange::Check(int64_t value) const {
  if (value >= min && value <= max) return Status::Ok();
  return Status::InvalidArgument(std::to_string(value) + " is out of range [" + std::to_string(min) + ", " +
                                 std::to_string(max) + "]");
}

Status RealRange::Check(double value) const {
  if (value >= min && value <= max) return Status::Ok();  // false for NaN
  std::ostringstream msg;
  msg << value << " is out of range [" << min << ", " << max << "]";
  return Status::InvalidArgument(msg.str());
}

Status CheckHttpUrl(std::string_view url) {
  auto starts_with_ci = [&](std::string_view prefix) {
    return url.size() > prefix.size() && ascii::StartsWithIgnoreCase(url, prefix);
  };
  if (!starts_with_ci("http://") && !starts_with_ci("https://")) {
    return Status::InvalidArgument("expected an http:// or https:// URL, got \"" + std::string(url) + "\"");
  }
  if (HasControlBytes(url) || url.find(' ') != std::string_view::npos) {
    return Status::InvalidArgument("URL contains spaces or control characters");
  }
  return Status::Ok();
}

Status CheckDomain(std::string_view domain) {
  const bool bad = domain.empty() || HasControlBytes(domain) ||
                   domain.find_first_of(" /:?#@*[]") != std::string_view::npos || domain.front() == '.' ||
                   domain.back() == '.';
  if (bad) {
    return Status::InvalidArgument(
        "expected a domain such as \"example.com\" (no scheme, port or path), got \"" + std::string(domain) +
        "\"");
  }
  return Status::Ok();
}

// The patterns are RE2 syntax (crawler/scope.cpp compiles the same strings):
// matching takes time linear in the URL, whatever the pattern. A URL pattern
// needs no pages of text, and a long one costs memory on every compile.
constexpr size_t kMaxRegexBytes = 1024;

Status CheckRegex(std::string_view pattern) {
  if (pattern.size() > kMaxRegexBytes) {
    return Status::InvalidArgument("regular expression longer than " + std::to_string(kMaxRegexBytes) +
                                   " bytes");
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  re2::RE2 compiled(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!compiled.ok()) {
    return Status::InvalidArgument("invalid regular expression \"" + std::string(pattern.substr(0, 200)) +
                                   "\": " + compiled.error());
  }
  return Status::Ok();
}

Status CheckUserAgent(std::string_view ua) {
  if (ua.empty() || HasControlBytes(ua)) {
    return Status::InvalidArgument("must be a non-empty single line");
  }
  const bool has_contact = ua.find("http://") != std::string_view::npos ||
                           ua.find("https://") != std::string_view::npos ||
                           ua.find('@') != std::string_view::npos;
  if (!has_contact) {
    return Status::InvalidArgument(
        "must include a contact URL or e-mail address so site owners can reach you, "
        "e.g. \"wirecrawl/0.1 (+https://example.org/crawler)\"");
  }
  return Status::Ok();
}

// RFC 9309 2.2.1: the product token is [a-zA-Z_-]+.
Status CheckProductToken(std::string_view token) {
  const bool ok = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (!ok)
    return Status::InvalidArgument("expected a product token of letters, '_' and '-' (RFC 9309 2.2.1)");
  return Status::Ok();
}

Status CheckNonEmpty(std::string_view s) {
  if (s.empty() || HasControlBytes(s)) return Status::InvalidArgument("must be a non-empty single line");
  return Status::Ok();
}

// curl's NO_PROXY list: comma-separated names, addresses or CIDR ranges
// (blanks around commas allowed), or "*". A URL in it is a mistake curl
// would silently never match.
Status CheckNoProxy(std::string_view list) {
  if (HasControlBytes(list)) return Status::InvalidArgument("contains control characters");
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string_view entry =
        ascii::TrimBlanks(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (entry.empty() && !(list.empty() && comma == std::string_view::npos)) {
      return Status::InvalidArgument("empty entry in \"" + std::string(list) + "\"");
    }
    const bool cidr = entry.find('/') != std::string_view::npos && config_syntax::ParseIpNetwork(entry).ok();
    if (entry.find("://") != std::string_view::npos || (!cidr && entry.find('/') != std::string_view::npos) ||
        entry.find_first_of(" \t") != std::string_view::npos) {
      return Status::InvalidArgument(
          "expected host names, addresses or CIDR ranges separated by commas, e.g. "
          "\"localhost,.internal.example,10.0.0.0/8\"; got \"" +
          std::string(entry) + "\"");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return Status::Ok();
}

Status CheckOptionalPath(std::string_view path) {
  if (HasControlBytes(path)) return Status::InvalidArgument("must be a single line");
  return Status::Ok();
}

Status CheckLogLevel(std::string_view level) {
  static const std::set<std::string_view> kLevels = {"trace", "debug",    "info", "warn",
                                                     "error", "critical", "off"};
  if (!kLevels.count(level)) {
    return Status::InvalidArgument("expected one of trace, debug, info, warn, error, critical, off; got \"" +
                                   std::string(level) + "\"");
  }
  return Status::Ok();
}

}  // namespace wirecrawl::config_checks
