#include <catch2/catch.hpp>

#include "crawler/frontier/scope.h"

namespace wirecrawl {
namespace {

CrawlScope MakeScope(CrawlerOptions::Scope options = {}) {
  Result<CrawlScope> scope =
      CrawlScope::Create(options, {"https://www.example.com/", "http://news.example.org/feed.xml"}, 2026);
  REQUIRE(scope.ok());
  return std::move(scope).value();
}

}  // namespace

TEST_CASE("Scope_DefaultsToTheSourcesRegisteredDomains", "[scope]") {
  CrawlScope scope = MakeScope();
  CHECK(scope.allowed_domains() == std::vector<std::string>{"example.com", "example.org"});
  CHECK_FALSE(scope.Check("https://www.example.com/a", 1).has_value());
  CHECK_FALSE(scope.Check("https://sport.example.com/a", 1).has_value());  // subdomains too
  CHECK(scope.Check("https://badexample.com/a", 1).has_value());
  CHECK(scope.Check("https://example.net/a", 1).has_value());
}

TEST_CASE("Scope_DepthLengthIncludeAndExclude", "[scope]") {
  CrawlerOptions::Scope options;
  options.max_depth = 2;
  options.max_url_length = 60;
  options.include = {"/(news|world)/"};
  options.exclude = {"\\?print=", "/video/"};
  CrawlScope scope = MakeScope(options);
  CHECK_FALSE(scope.Check("https://example.com/news/a-b-c", 2).has_value());
  CHECK(scope.Check("https://example.com/news/a-b-c", 3).has_value());
  CHECK(scope.Check("https://example.com/sport/a-b-c", 1).has_value());
  CHECK(*scope.Check("https://example.com/news/a?print=1", 1) == "matches scope.exclude \"\\?print=\"");
  CHECK(scope.Check("https://example.com/news/" + std::string(60, 'x'), 1).has_value());

  CrawlerOptions::Scope bad;
  bad.exclude = {"(unclosed"};
  Result<CrawlScope> refused = CrawlScope::Create(bad, {"https://example.com/"}, 2026);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("scope.exclude") != std::string::npos);
}

// URLs come from hostile pages. A pattern that backtracks
// exponentially (here 2^40 ways to split the a's) against a URL made to
// fail it must still answer at once: RE2 matches in time linear in the URL,
// and this test would hang a backtracking engine (std::regex did).
TEST_CASE("Hostile_ScopePatternsCannotBeMadeToBacktrack", "[scope]") {
  CrawlerOptions::Scope options;
  options.max_url_length = 0;  // no length cap to hide behind
  options.exclude = {"/(a+)+$", "^https://example\\.com/(x|x)*y"};
  CrawlScope scope = MakeScope(options);
  CHECK(scope.Check("https://example.com/" + std::string(40, 'a') + "!", 1) == std::nullopt);
  CHECK(scope.Check("https://example.com/" + std::string(4000, 'x'), 1) == std::nullopt);
  CHECK(scope.Check("https://example.com/" + std::string(40, 'a'), 1).has_value());
}

TEST_CASE("Scope_UrlTraps_RepeatedSegmentsAndFarCalendars", "[scope]") {
  CrawlScope scope = MakeScope();
  CHECK(scope.Check("https://example.com/a/b/a/b/a/b/a/b/x", 1).has_value());
  CHECK_FALSE(scope.Check("https://example.com/a/b/a/b/x", 1).has_value());
  CHECK_FALSE(scope.Check("https://example.com/calendar/2027/01/", 1).has_value());
  CHECK(scope.Check("https://example.com/calendar/2028/01/", 1).has_value());
  CHECK(scope.Check("https://example.com/events?year=2099&month=1", 1).has_value());
  CHECK(scope.Check("https://example.com/calendar/1975/01/", 1).has_value());
  CHECK_FALSE(scope.Check("https://example.com/news/2024/05/01/story-title", 1).has_value());
  CHECK_FALSE(scope.Check("https://example.com/article/123456789", 1).has_value());  // ids are not years
  CHECK_FALSE(scope.Check("https://example.com/news/storm-hits-coast-1912.html", 1).has_value());
  CHECK_FALSE(scope.Check("https://example.com/news/2031-plan-unveiled", 1).has_value());
}

TEST_CASE("Scope_DateListingKeysGroupCalendarPages", "[scope]") {
  CHECK(CrawlScope::DateListingKey("https://example.com/calendar/2026/11/") == "example.com/calendar/#/#");
  CHECK(CrawlScope::DateListingKey("https://example.com/calendar/2026/11/05/") ==
        "example.com/calendar/#/#/#");
  CHECK(CrawlScope::DateListingKey("https://example.com/2026/11/29/") == "example.com/#/#/#");
  CHECK(CrawlScope::DateListingKey("https://example.com/events?month=11&year=2026") ==
        "example.com/events?month=#&year=#&");
  // Story URLs and single ids are not listings.
  CHECK_FALSE(CrawlScope::DateListingKey("https://example.com/article/123456").has_value());
  CHECK_FALSE(CrawlScope::DateListingKey("https://example.com/news/story-title").has_value());
}

}  // namespace wirecrawl
