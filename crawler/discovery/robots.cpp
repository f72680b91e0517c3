#include "crawler/discovery/robots.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "base/ascii.h"
#include "url/percent_encoding.h"

namespace wirecrawl {
namespace {

// Google keeps the first 8 x 2083 octets of a line (2083: the longest URL
// old browsers accept), minus one for its terminator; we cut at the same place
// so that long rules mean the same to both.
constexpr size_t kMaxLineBytes = 2083 * 8 - 1;

using ascii::EqualsIgnoreCase;
using ascii::StartsWithIgnoreCase;

// RFC 9309 2.2: whitespace in a record is SP and HTAB.
std::string_view Trim(std::string_view s) { return ascii::TrimBlanks(s); }

// RFC 9309 2.2.2: rules and paths are compared in one form
// (PercentEncoding::kRobotsMatching): octets outside US-ASCII percent-encoded,
// the hex digits of escapes in upper case (RFC 3986 2.1), and escapes of
// unreserved characters decoded, so "ツ", "%e3%83%84" and "%E3%83%84" all
// become "%E3%83%84", and "/foo/bar/%62%61%7A" is "/foo/bar/baz" (the RFC's
// example). Google's parser decodes nothing and so misses that example; we
// follow the RFC here.
//
// RFC 9309 2.2.3: to match "*" or "$" verbatim a rule writes "%2A" or "%24"
// ("/path/file-with-a-%2A.html" matches ".../file-with-a-*.html"). Both are
// reserved characters, so their escapes stay escaped; the URL's own "*" and
// "$" are encoded to meet them. In a rule, "*" is the wildcard and a final
// "$" the end anchor; a "$" anywhere else is an ordinary octet (as Google
// reads it), so it is encoded too.
std::string NormalizePattern(std::string_view raw) {
  std::string pattern = NormalizePercentEncoding(raw, PercentEncoding::kRobotsMatching);
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size()) {
      out += "%24";
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// The path of a URL in the same form; its "*" and "$" are plain octets.
std::string NormalizeUrlPath(std::string_view path) {
  std::string normalized = NormalizePercentEncoding(path, PercentEncoding::kRobotsMatching);
  std::string out;
  out.reserve(normalized.size());
  for (char c : normalized) {
    if (c == '*') {
      out += "%2A";
    } else if (c == '$') {
      out += "%24";
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 9309 2.2.3: `*` is any run of octets, a final `$` the end of the path;
// elsewhere `$` is an ordinary octet. A pattern matches from the start of the
// path. The literal pieces between stars are placed leftmost, which is never
// worse for the pieces after them, so no backtracking is needed.
bool PatternMatches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);

  size_t star = pattern.find('*');
  const std::string_view first = pattern.substr(0, star);
  if (path.substr(0, first.size()) != first) return false;
  if (star == std::string_view::npos) return !anchored || path.size() == first.size();

  size_t pos = first.size();
  pattern.remove_prefix(star + 1);
  while ((star = pattern.find('*')) != std::string_view::npos) {
    const std::string_view piece = pattern.substr(0, star);
    pattern.remove_prefix(star + 1);
    if (piece.empty()) continue;
    const size_t found = path.find(piece, pos);
    if (found == std::string_view::npos) return false;
    pos = found + piece.size();
  }
  // `pattern` is now the piece after the last star.
  if (!anchored) return path.find(pattern, pos) != std::string_view::npos;
  return path.size() >= pos + pattern.size() && path.substr(path.size() - pattern.size()) == pattern;
}

enum class Key { kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay, kUnknown };

// Keys are matched by prefix, ignoring case, with the misspellings Google
// accepts in the wild.
Key ClassifyKey(std::string_view key) {
  for (std::string_view k : {"user-agent", "useragent", "user agent"}) {
    if (StartsWithIgnoreCase(key, k)) return Key::kUserAgent;
  }
  if (StartsWithIgnoreCase(key, "allow")) return Key::kAllow;
  for (std::string_view k : {"disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw"}) {
    if (StartsWithIgnoreCase(key, k)) return Key::kDisallow;
  }
  if (StartsWithIgnoreCase(key, "sitemap") || StartsWithIgnoreCase(key, "site-map")) return Key::kSitemap;
  if (StartsWithIgnoreCase(key, "crawl-delay") || StartsWithIgnoreCase(key, "crawldelay")) {
    return Key::kCrawlDelay;
  }
  return Key::kUnknown;
}

// Splits "key: value" (RFC 9309 2.2). A missing colon is accepted when the
// line is exactly two words ("Disallow /x"), as Google does. Returns false
// for lines that are not records (blank, comment-only, no separator).
bool SplitRecord(std::string_view line, std::string_view& key, std::string_view& value) {
  line = Trim(line.substr(0, line.find('#')));
  size_t sep = line.find(':');
  size_t value_start = sep + 1;
  if (sep == std::string_view::npos) {
    sep = line.find_first_of(" \t");
    if (sep == std::string_view::npos) return false;
    value_start = line.find_first_not_of(" \t", sep);
    if (line.find_first_of(" \t", value_start) != std::string_view::npos) return false;
  }
  key = Trim(line.substr(0, sep));
  value = Trim(line.substr(value_start));
  return !key.empty();
}

// A User-agent value names a product token: the leading [a-zA-Z_-] octets.
std::string ProductToken(std::string_view value) {
  size_t end = 0;
  while (end < value.size() && (ascii::IsAlpha(value[end]) || value[end] == '-' || value[end] == '_')) ++end;
  return ascii::Lower(value.substr(0, end));
}

// "*", or "*" followed by a space and anything (Google: still the global group).
bool IsGlobalAgent(std::string_view value) {
  return !value.empty() && value[0] == '*' && (value.size() == 1 || ascii::IsBlank(value[1]));
}

std::optional<std::chrono::milliseconds> ParseCrawlDelay(std::string_view value) {
  if (value.empty() || !(ascii::IsDigit(value[0]) || value[0] == '.')) return std::nullopt;
  const std::string text(value);
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(seconds) || seconds < 0 || seconds > 86400.0 * 365) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

}  // namespace

std::string RobotsPathOf(std::string_view url) {
  // "//host/path": a network-path reference; skip the slashes, then as below.
  size_t start = (url.size() >= 2 && url[0] == '/' && url[1] == '/') ? 2 : 0;
  size_t authority = start;
  const size_t first_delimiter = url.find_first_of("/?;", start);
  const size_t scheme_end = url.find("://", start);
  // "://" after the path has started (e.g. in a query) is not a scheme.
  if (scheme_end != std::string_view::npos && scheme_end < first_delimiter) authority = scheme_end + 3;

  const size_t path_start = url.find_first_of("/?;", authority);
  if (path_start == std::string_view::npos) return "/";
  const size_t fragment = url.find('#', start);
  if (fragment < path_start) return "/";
  std::string path(
      url.substr(path_start, fragment == std::string_view::npos ? fragment : fragment - path_start));
  if (path[0] != '/') path.insert(path.begin(), '/');
  return path;
}

RobotsRules RobotsRules::AllowAll() {
  RobotsRules rules;
  rules.source_ = Source::kUnavailable;
  return rules;
}

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.source_ = Source::kUnreachable;
  return rules;
}

RobotsRules RobotsRules::FromFetch(long http_status, std::string_view body) {
  if (http_status >= 200 && http_status < 300) return Parse(body);
  if (http_status == 429) return DisallowAll();
  if (http_status >= 300 && http_status < 500) return AllowAll();
  return DisallowAll();  // 5xx, no response, or a status no server should send
}

RobotsRules RobotsRules::Parse(std::string_view body) {
  RobotsRules rules;
  if (body.size() > RobotsRules::kMaxBytes) {
    body = body.substr(0, RobotsRules::kMaxBytes);
    // The cut-off line is incomplete: "Disallow: /private" cut to
    // "Disallow: /" would say something the file does not.
    const size_t last_end = body.find_last_of("\r\n");
    body = body.substr(0, last_end == std::string_view::npos ? 0 : last_end);
  }
  // A UTF-8 byte order mark, or the start of one, is skipped (Google does too).
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  size_t bom = 0;
  while (bom < kBom.size() && bom < body.size() && body[bom] == kBom[bom]) ++bom;
  body.remove_prefix(bom);

  Group* group = nullptr;
  bool group_has_rules = false;  // the next User-agent line starts a new group
  int line_number = 0;
  size_t pos = 0;
  while (pos <= body.size()) {
    // RFC 9309 2.2: lines end with CR, LF or CRLF.
    size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(pos, std::min(end - pos, kMaxLineBytes));
    ++line_number;
    pos = end + 1;
    if (end + 1 < body.size() && body[end] == '\r' && body[end + 1] == '\n') ++pos;

    std::string_view key;
    std::string_view value;
    if (!SplitRecord(line, key, value)) continue;
    switch (ClassifyKey(key)) {
      case Key::kUserAgent:
        if (group == nullptr || group_has_rules) {
          group = &rules.groups_.emplace_back();
          group_has_rules = false;
        }
        if (IsGlobalAgent(value)) {
          group->global = true;
        } else {
          group->agents.push_back(ProductToken(value));
        }
        break;
      case Key::kAllow:
      case Key::kDisallow: {
        if (group == nullptr) break;  // RFC 9309 2.1: rules outside a group are ignored
        group_has_rules = true;
        Rule rule;
        rule.allow = ClassifyKey(key) == Key::kAllow;
        rule.pattern = NormalizePattern(value);
        rule.line = line_number;
        // Google: "index.html" (or ".htm") after the last slash names the
        // directory too, so "/d/index.html" also allows exactly "/d/".
        const size_t slash = rule.pattern.rfind('/');
        if (rule.allow && slash != std::string::npos &&
            std::string_view(rule.pattern).substr(slash).substr(0, 10) == "/index.htm") {
          rule.index_alias = rule.pattern.substr(0, slash + 1) + "$";
        }
        group->rules.push_back(std::move(rule));
        break;
      }
      case Key::kCrawlDelay:
        if (group != nullptr) {
          // Several values in one group: the most polite one.
          const auto delay = ParseCrawlDelay(value);
          if (delay && (!group->crawl_delay || *delay > *group->crawl_delay)) group->crawl_delay = delay;
        }
        break;
      case Key::kSitemap:
        // RFC 9309 2.2.4: other records do not end a group.
        if (!value.empty()) rules.sitemaps_.emplace_back(value);
        break;
      case Key::kUnknown:
        break;
    }
    if (end == body.size()) break;
  }
  return rules;
}

std::vector<const RobotsRules::Group*> RobotsRules::GroupsFor(std::string_view agent) const {
  // RFC 9309 2.2.1: all groups naming the agent merge; "*" groups only apply
  // when none does.
  std::vector<const Group*> specific;
  std::vector<const Group*> global;
  for (const Group& group : groups_) {
    const bool names_agent =
        std::any_of(group.agents.begin(), group.agents.end(),
                    [&](const std::string& token) { return EqualsIgnoreCase(token, agent); });
    if (names_agent) specific.push_back(&group);
    if (group.global) global.push_back(&group);
  }
  return specific.empty() ? global : specific;
}

RobotsRules::Verdict RobotsRules::Evaluate(std::string_view agent, std::string_view url) const {
  if (source_ == Source::kUnavailable) return Verdict{true, 0, ""};
  if (source_ == Source::kUnreachable) return Verdict{false, 0, "(robots.txt unreachable: all disallowed)"};

  const std::string path = NormalizeUrlPath(RobotsPathOf(url));
  // RFC 9309 2.2.2: the robots.txt URI itself is implicitly allowed.
  if (path == "/robots.txt") return Verdict{true, 0, ""};

  // RFC 9309 2.2.2: the most specific (longest) match wins; an empty pattern
  // matches with length 0 and so never outweighs anything.
  const Rule* best_allow = nullptr;
  const Rule* best_disallow = nullptr;
  long allow_length = -1;
  long disallow_length = -1;
  for (const Group* group : GroupsFor(agent)) {
    for (const Rule& rule : group->rules) {
      long length = -1;
      if (PatternMatches(rule.pattern, path)) {
        length = static_cast<long>(rule.pattern.size());
      } else if (!rule.index_alias.empty() && PatternMatches(rule.index_alias, path)) {
        length = static_cast<long>(rule.index_alias.size());
      }
      if (length < 0) continue;
      if (rule.allow && length > allow_length) {
        allow_length = length;
        best_allow = &rule;
      } else if (!rule.allow && length > disallow_length) {
        disallow_length = length;
        best_disallow = &rule;
      }
    }
  }
  // Allow wins ties (RFC 9309 2.2.2: "the least restrictive rule").
  if (disallow_length > 0 && disallow_length > allow_length) {
    return Verdict{false, best_disallow->line, "Disallow: " + best_disallow->pattern};
  }
  if (best_allow != nullptr && allow_length > 0) {
    return Verdict{true, best_allow->line, "Allow: " + best_allow->pattern};
  }
  return Verdict{true, 0, ""};
}

std::optional<std::chrono::milliseconds> RobotsRules::CrawlDelay(std::string_view agent) const {
  std::optional<std::chrono::milliseconds> delay;
  for (const Group* group : GroupsFor(agent)) {
    if (group->crawl_delay && (!delay || *group->crawl_delay > *delay)) delay = group->crawl_delay;
  }
  return delay;
}

}  // namespace wirecrawl
