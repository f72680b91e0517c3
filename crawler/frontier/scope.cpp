#include "crawler/frontier/scope.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "base/ascii.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

Result<std::vector<std::shared_ptr<const re2::RE2>>> CompileAll(const std::vector<std::string>& patterns,
                                                                const char* key) {
  std::vector<std::shared_ptr<const re2::RE2>> compiled;
  re2::RE2::Options options;
  options.set_log_errors(false);  // the error is returned, not printed
  for (const std::string& p : patterns) {
    auto re = std::make_shared<const re2::RE2>(p, options);
    if (!re->ok()) {
      return Status::InvalidArgument(std::string("scope.") + key + ": bad regex \"" + p +
                                     "\": " + re->error());
    }
    compiled.push_back(std::move(re));
  }
  return compiled;
}

// The path and query of a normalised URL ("/a/b?x=1").
std::string_view PathAndQuery(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  size_t slash = url.find('/', scheme + 3);
  return slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
}

bool RepeatsSegments(std::string_view path, int max_repetition) {
  size_t query = path.find('?');
  if (query != std::string_view::npos) path = path.substr(0, query);
  std::map<std::string_view, int> seen;
  size_t start = 1;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (!segment.empty() && ++seen[segment] > max_repetition) return true;
    start = end + 1;
  }
  return false;
}

// A path segment or query value of exactly four digits that reads as a
// year: /2031/05/, ?year=2031. Digits inside a slug (story-1912.html) are
// ids, not dates.
bool HasImplausibleYear(std::string_view text, int current_year) {
  auto boundary = [&](size_t k, bool before) {
    if (before ? k == 0 : k >= text.size()) return true;
    char c = text[before ? k - 1 : k];
    return c == '/' || c == '=' || c == '?' || c == '&';
  };
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) continue;
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j - i == 4 && (text[i] == '1' || text[i] == '2') && boundary(i, true) && boundary(j, false)) {
      int year =
          (text[i] - '0') * 1000 + (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
      if (year > current_year + 1 || (year < 1990 && year >= 1900)) return true;
    }
    i = j;
  }
  return false;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::optional<std::string> CrawlScope::DateListingKey(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(scheme + 3);
  std::string_view path = PathAndQuery(url);
  std::string_view authority = rest.substr(0, rest.size() - path.size());
  std::string_view query;
  if (size_t q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  int numeric = 0;
  int words = 0;
  std::string key(authority);
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (AllDigits(segment)) {
      ++numeric;
      key += "/#";
    } else if (!segment.empty()) {
      ++words;
      key += "/";
      key += segment;
    }
    start = end + 1;
  }
  int numeric_values = 0;
  std::string query_key;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view param = query.substr(pos, amp - pos);
    size_t eq = param.find('=');
    if (eq != std::string_view::npos && AllDigits(param.substr(eq + 1))) {
      ++numeric_values;
      query_key += std::string(param.substr(0, eq)) + "=#&";
    } else {
      query_key += std::string(param) + "&";
    }
    pos = amp + 1;
  }
  bool path_listing = numeric >= 2 && words <= 1 && numeric_values == 0;
  bool query_listing = numeric_values >= 2;
  if (!path_listing && !query_listing) return std::nullopt;
  if (!query_key.empty()) key += "?" + query_key;
  return key;
}

Result<CrawlScope> CrawlScope::Create(const CrawlerOptions::Scope& scope,
                                      const std::vector<std::string>& source_urls, int current_year) {
  CrawlScope s;
  s.options_ = scope;
  s.current_year_ = current_year;
  for (const std::string& d : scope.allowed_domains) {
    std::string domain = ascii::Lower(d);
    if (!domain.empty()) s.allowed_domains_.push_back(domain);
  }
  if (s.allowed_domains_.empty()) {
    for (const std::string& url : source_urls) {
      Result<std::string> host = UrlHost(url);
      if (!host.ok()) continue;
      std::string domain = RegisteredDomain(*host);
      if (std::find(s.allowed_domains_.begin(), s.allowed_domains_.end(), domain) ==
          s.allowed_domains_.end()) {
        s.allowed_domains_.push_back(domain);
      }
    }
  }
  auto include = CompileAll(scope.include, "include");
  if (!include.ok()) return include.status();
  auto exclude = CompileAll(scope.exclude, "exclude");
  if (!exclude.ok()) return exclude.status();
  s.include_ = std::move(include).value();
  s.exclude_ = std::move(exclude).value();
  return s;
}

bool CrawlScope::HostAllowed(std::string_view host) const {
  return std::any_of(allowed_domains_.begin(), allowed_domains_.end(),
                     [&](const std::string& d) { return HostIsWithin(host, d); });
}

std::optional<std::string> CrawlScope::Check(std::string_view url, int depth) const {
  if (depth > options_.max_depth) return "deeper than scope.max_depth " + std::to_string(options_.max_depth);
  if (options_.max_url_length > 0 && url.size() > static_cast<size_t>(options_.max_url_length)) {
    return "URL longer than scope.max_url_length";
  }
  Result<std::string> host = UrlHost(url);
  if (!host.ok()) return "not an http(s) URL";
  if (!HostAllowed(*host)) return "host " + *host + " is outside the allowed domains";
  std::string_view path = PathAndQuery(url);
  if (options_.max_path_repetition > 0 && RepeatsSegments(path, options_.max_path_repetition)) {
    return "URL trap: a path segment repeats";
  }
  if (HasImplausibleYear(path, current_year_)) return "URL trap: calendar date out of range";
  auto found_in_url = [&](const std::shared_ptr<const re2::RE2>& re) {
    return re2::RE2::PartialMatch(url, *re);
  };
  if (!include_.empty() && std::none_of(include_.begin(), include_.end(), found_in_url)) {
    return "matches no scope.include pattern";
  }
  for (size_t i = 0; i < exclude_.size(); ++i) {
    if (found_in_url(exclude_[i])) return "matches scope.exclude \"" + options_.exclude[i] + "\"";
  }
  return std::nullopt;
}

}  // namespace wirecrawl
