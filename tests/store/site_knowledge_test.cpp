// Tests of what the store keeps about each site (store/site_knowledge.h,
// store/SCHEMA.md tables sites and site_patterns) and of how the frontier
// records the way a URL was found (urls.found_via, schema version 8).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "store/store.h"
#include "store_test_support.h"

namespace wirecrawl {
namespace {

using testing::TempDir;

std::unique_ptr<Store> Open(const std::string& path) {
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  return std::move(store).value();
}

UrlToEnqueue Url(const std::string& url, FoundVia via) {
  UrlToEnqueue u;
  u.url = url;
  u.found_via = via;
  return u;
}

}  // namespace

TEST_CASE("SchemaDoc_SiteProfileRoundTripsAndIsReplacedWhole", "[store][sites]") {
  TempDir dir;
  std::string path = dir.Database("sites.db");
  SiteProfile profile;
  profile.host = "legacy.test";
  for (int i = 0; i < 3; ++i) {
    profile.NoteTitle("دار الأخبار :: خبر رقم " + std::to_string(i) + " عن الموازنة", 1000 + i);
    profile.NoteArticleUrl("http://legacy.test/news/1110" + std::to_string(i) + ".htm", 1000 + i);
  }
  profile.NoteHubUrl("http://legacy.test/section.asp?id=3", 2000);
  {
    auto store = Open(path);
    auto empty = store->GetSiteProfile("legacy.test");
    REQUIRE(empty.ok());
    CHECK(empty->empty());
    CHECK(empty->host == "legacy.test");
    REQUIRE(store->PutSiteProfile(profile).ok());
  }
  auto store = Open(path);  // reopened: a second crawl starts from what the first learned
  auto read = store->GetSiteProfile("legacy.test");
  REQUIRE(read.ok());
  CHECK(read->titled_pages == 3);
  CHECK(read->patterns.size() == profile.patterns.size());
  const SitePattern* shape =
      read->TrustedUrlShape("http://legacy.test/news/99999.htm", SitePatternKind::kArticleUrl);
  REQUIRE(shape != nullptr);
  CHECK(shape->pattern == "/news/{n}.htm");
  CHECK(shape->pages == 3);
  CHECK(read->StripTitleAffixes("دار الأخبار :: وزير الخارجية يلتقي نظيره") == "وزير الخارجية يلتقي نظيره");

  // Replaced whole: a pattern the new profile dropped is gone.
  SiteProfile smaller;
  smaller.host = "legacy.test";
  smaller.NoteHubUrl("http://legacy.test/politics.htm", 3000);
  REQUIRE(store->PutSiteProfile(smaller).ok());
  auto replaced = store->GetSiteProfile("legacy.test");
  REQUIRE(replaced.ok());
  REQUIRE(replaced->patterns.size() == 1);
  CHECK(replaced->patterns[0].kind == SitePatternKind::kHubUrl);
  CHECK(replaced->patterns[0].pattern == "/politics.htm");
  CHECK(replaced->titled_pages == 0);

  SiteProfile nameless;
  CHECK(store->PutSiteProfile(nameless).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("SchemaDoc_FrontierKeepsTheStrongestWayAUrlWasFound", "[store][frontier]") {
  TempDir dir;
  auto store = Open(dir.Database("found.db"));
  const std::string url = "https://a.example/news/2026/11/28/brief-on-the-budget.html";
  REQUIRE(store->Enqueue(Url(url, FoundVia::kLink)).ok());
  auto page = [&] {
    auto p = store->GetPage(url);
    REQUIRE(p.ok());
    REQUIRE(p->has_value());
    return (*p)->found_via;
  };
  CHECK(page() == "link");
  REQUIRE(store->Enqueue(Url(url, FoundVia::kTeaser)).ok());
  CHECK(page() == "teaser");
  REQUIRE(store->Enqueue(Url(url, FoundVia::kNewsSitemap)).ok());
  CHECK(page() == "news_sitemap");
  // Weaker ways never overwrite a stronger one.
  REQUIRE(store->Enqueue(Url(url, FoundVia::kFeed)).ok());
  REQUIRE(store->Enqueue(Url(url, FoundVia::kLink)).ok());
  CHECK(page() == "news_sitemap");

  auto due = store->TakeDue(0, 10, 10, {});
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].found_via == FoundVia::kNewsSitemap);
  // Also once fetched: the next revisit is classified with it.
  FetchedUrl fetched;
  fetched.url_id = (*due)[0].id;
  fetched.page_kind = "article";
  fetched.page_reason = "62 words of prose; listed in a news sitemap (+3)";
  REQUIRE(store->MarkFetched(fetched).ok());
  REQUIRE(store->Enqueue(Url(url, FoundVia::kSeed)).ok());
  CHECK(page() == "seed");
}

TEST_CASE("CliDoc_StatsCountPagesByKindPerHost", "[store][stats]") {
  TempDir dir;
  auto store = Open(dir.Database("kinds.db"));
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"https://a.example/", "hub"},
      {"https://a.example/news/1234.htm", "article"},
      {"https://a.example/news/1235.htm", "article"},
      {"https://b.example/", "hub"},
      {"https://b.example/about", "page"},
      {"https://b.example/news/7777.htm", "article"}};
  for (const auto& [url, kind] : pages) REQUIRE(store->Enqueue(Url(url, FoundVia::kLink)).ok());
  auto due = store->TakeDue(0, 10, 10, {});
  REQUIRE(due.ok());
  for (const DueUrl& d : *due) {
    FetchedUrl f;
    f.url_id = d.id;
    f.fetched_ms = 5000;
    for (const auto& [url, kind] : pages) {
      if (url == d.url) f.page_kind = kind;
    }
    REQUIRE(store->MarkFetched(f).ok());
  }
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->pages_by_kind ==
        std::vector<std::pair<std::string, int64_t>>{{"article", 3}, {"hub", 2}, {"page", 1}});
  // Hosts with the most articles first.
  REQUIRE(stats->pages_by_host.size() == 5);
  CHECK(stats->pages_by_host[0].host == "a.example");
  CHECK(stats->pages_by_host[0].page_kind == "article");
  CHECK(stats->pages_by_host[0].pages == 2);
  CHECK(stats->pages_by_host[2].host == "b.example");

  auto status = store->GetServiceStatus(4000, 6000);
  REQUIRE(status.ok());
  CHECK(status->pages_by_kind == stats->pages_by_kind);
  CHECK(status->pages_by_host.size() == 5);
  auto later = store->GetServiceStatus(7000, 8000);
  REQUIRE(later.ok());
  CHECK(later->pages_by_kind.empty());
}

}  // namespace wirecrawl
