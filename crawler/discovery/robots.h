// crawler/robots.h: robots.txt parsing and matching (RFC 9309).
//
// RobotsRules::Parse turns a robots.txt body into groups of rules once; Allows
// then answers "may this agent fetch this URL?" as often as needed. Behaviour
// follows RFC 9309 and, where the RFC leaves room, Google's open-source parser
// (github.com/google/robotstxt), so that sites written for Googlebot mean the
// same to us:
// - groups are selected by product token, case-insensitively; a User-agent
//   value counts up to its first character outside [a-zA-Z_-] ("FooBot/1.2"
//   and "FooBot Images" name FooBot); groups naming the same agent merge; the
//   "*" groups apply only when no group names the agent;
// - the longest matching pattern wins (in octets), Allow wins ties; an empty
//   Disallow allows everything; `*` matches any run of octets, a final `$`
//   anchors the end; "/robots.txt" itself is always allowed (RFC 9309 2.2.2);
// - patterns and URL paths are compared in one percent-encoded form
//   (RFC 9309 2.2.2, url/percent_encoding.h kRobotsMatching): non-ASCII
//   octets encoded, hex digits in upper case, escapes of unreserved
//   characters decoded ("%62%61%7A" is "baz"); a rule matches a literal "*"
//   or "$" in a URL with "%2A" or "%24" (RFC 9309 2.2.3). Here the RFC is
//   followed where Google's parser differs (it decodes no escape);
// - tolerated mistakes: a missing colon ("Disallow /x"), common misspellings
//   of the keys ("Disalow", "useragent"), a UTF-8 BOM, CR, LF or CRLF line
//   ends, `#` comments; "Allow: /dir/index.html" also allows "/dir/";
// - only the first 500 KiB are parsed (RFC 9309 2.5) and a line is cut after
//   16,663 octets (as Google does);
// - Sitemap lines are collected wherever they appear; Crawl-delay (not part of
//   RFC 9309) is kept per group for the scheduler's politeness delay.
//
// Contract: RobotsRules is an immutable value once built; const methods are
// safe to call from any number of threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirecrawl {

class RobotsRules {
 public:
  // What the robots.txt fetch gave (RFC 9309 2.3.1).
  enum class Source {
    kParsed,       // 2xx: the rules of the body apply
    kUnavailable,  // 4xx, or too many redirects: no restrictions (2.3.1.3)
    kUnreachable,  // 5xx, 429 or no response: everything disallowed, temporarily (2.3.1.4)
  };

  // The decision for one URL and why.
  struct Verdict {
    bool allowed = true;
    int line = 0;      // line of the deciding rule; 0 when no rule matched
    std::string rule;  // e.g. "Disallow: /private" (normalised pattern); empty when none
  };

  // RFC 9309 2.5: crawlers MUST parse at least 500 KiB; the rest is ignored.
  static constexpr size_t kMaxBytes = 500 * 1024;

  RobotsRules() = default;  // no rules: everything allowed

  // Parses a robots.txt body of any size (only the first 500 KiB are read).
  static RobotsRules Parse(std::string_view body);
  static RobotsRules AllowAll();
  static RobotsRules DisallowAll();

  // The rules a robots.txt fetch implies: 2xx parses the body; 3xx (a fetch
  // that stopped on a redirect: more than the 5 redirects RFC 9309 2.3.1.2
  // asks us to follow) and 4xx allow all; 429, 5xx and `http_status` 0 (no
  // response: DNS, connect or TLS failure, timeout) disallow all. Google also
  // treats 429 as a server error: it asks to slow down, it does not say that
  // there are no rules.
  static RobotsRules FromFetch(long http_status, std::string_view body);

  // May `agent` (a product token such as "wirecrawl", compared verbatim) fetch
  // `url`? `url` is an absolute URL ("https://host/path?q") or a path ("/path");
  // its fragment is ignored.
  bool Allows(std::string_view agent, std::string_view url) const { return Evaluate(agent, url).allowed; }
  Verdict Evaluate(std::string_view agent, std::string_view url) const;

  // Crawl-delay of the groups that apply to `agent`; the largest if several.
  std::optional<std::chrono::milliseconds> CrawlDelay(std::string_view agent) const;

  // Sitemap URLs, in file order, as written.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

  Source source() const { return source_; }
  // Unreachable rules are a stop-gap: fetch robots.txt again soon.
  bool temporary() const { return source_ == Source::kUnreachable; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;      // percent-normalised
    std::string index_alias;  // "Allow: /d/index.html" also allows "/d/$"; empty if not
    int line = 0;
  };
  struct Group {
    std::vector<std::string> agents;  // lower-case product tokens
    bool global = false;              // has a "*" line
    std::vector<Rule> rules;
    std::optional<std::chrono::milliseconds> crawl_delay;
  };

  std::vector<const Group*> GroupsFor(std::string_view agent) const;

  Source source_ = Source::kParsed;
  std::vector<Group> groups_;
  std::vector<std::string> sitemaps_;
};

// The path, parameters and query of `url` as robots.txt rules see it: scheme,
// authority and fragment removed, always starting with "/" ("" -> "/",
// "http://a.b" -> "/", "http://a.b/x?y#z" -> "/x?y"). A string without a
// scheme is taken as "host/path" unless it starts with "/".
std::string RobotsPathOf(std::string_view url);

}  // namespace wirecrawl
