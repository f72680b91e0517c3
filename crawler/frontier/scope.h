// crawler/scope.h: which discovered URLs a crawl follows.
//
// A URL is in scope when its host is within one of the allowed domains (by
// default the registered domains of the crawl's sources, subdomains
// included), it matches an include pattern (RE2) if any are given and no exclude
// pattern, it is not deeper than max_depth, and it does not look like a URL
// trap:
// - longer than max_url_length bytes;
// - a path segment repeated more than max_path_repetition times
//   (/a/b/a/b/a/b/..., relative-link loops);
// - an endless calendar: a year in the path or query more than one year
//   ahead of the crawl's date, or before 1990 (calendar widgets link to
//   "next month" forever).
//
// Thread safety: immutable after Create; Check may run on any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/options.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace wirecrawl {

class CrawlScope {
 public:
  // source_urls: the crawl's seeds, feeds and sitemaps (normalised), whose
  // registered domains are allowed when scope.allowed_domains is empty.
  // current_year: the crawl's year, for the calendar guard.
  static Result<CrawlScope> Create(const CrawlerOptions::Scope& scope,
                                   const std::vector<std::string>& source_urls, int current_year);

  // Why `url` (normalised) at `depth` is out of scope; nullopt when it is in.
  std::optional<std::string> Check(std::string_view url, int depth) const;
  // The host test alone (redirect targets, sitemap entries).
  bool HostAllowed(std::string_view host) const;

  const std::vector<std::string>& allowed_domains() const { return allowed_domains_; }

  // Date-listing URLs (a path of two or more all-digit segments beside at
  // most one word, as /calendar/2026/11/ or /2026/11/29/, or a query of two
  // or more numeric values) map to a key shared by their siblings, with the
  // digits blanked: "host/calendar/#/#/". The crawler caps how many URLs of
  // one key it follows, which ends a calendar walking backwards within the
  // plausible years. nullopt for any other URL.
  static std::optional<std::string> DateListingKey(std::string_view url);

 private:
  CrawlerOptions::Scope options_;
  std::vector<std::string> allowed_domains_;
  // shared: a CrawlScope is copied whole; the compiled patterns never change.
  std::vector<std::shared_ptr<const re2::RE2>> include_;
  std::vector<std::shared_ptr<const re2::RE2>> exclude_;
  int current_year_ = 2026;
};

}  // namespace wirecrawl
