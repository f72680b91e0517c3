// SiteProfiles (crawler/site_profiles.h): what one crawl learns about a site
// is in the database when the next crawl meets the host, and changes how
// that crawl classifies the site's pages (issue text: "a second crawl of a
// site knows it better than the first"); a worker's snapshot stays as it
// was handed over while the crawl thread learns.
#include <catch2/catch.hpp>
#include <string>

#include "config/options.h"
#include "crawler/site_profiles.h"
#include "parser/page_kind.h"
#include "store/store.h"
#include "tests/cli/run_binary.h"

namespace wirecrawl {
namespace {

// A legacy site's brief: 80 words, a date, no structured data.
Article Brief() {
  Article a;
  std::string paragraph;
  for (int i = 0; i < 80; ++i) paragraph += "word" + std::to_string(i) + (i % 12 == 11 ? ". " : " ");
  a.paragraphs = {paragraph};
  a.published = "2026-11-28";
  a.signals.prose_words = 80;
  a.signals.longest_prose_run = 80;
  return a;
}

PageVerdict ClassifyWith(const SiteProfile* site, std::string_view url) {
  PageContext context;
  context.url = url;
  context.found = HowFound::kLink;  // a plain link: no teaser, no feed
  context.site = site;
  return ClassifyPage(Brief(), context);
}

std::unique_ptr<Store> Open(const std::string& path) {
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  return std::move(store).value();
}

}  // namespace

TEST_CASE("SiteProfiles_SecondCrawlStartsFromWhatTheFirstLearned", "[crawl][sites]") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "sites.db").string();
  const std::string host = "legacy.test";
  const std::string unseen = "http://legacy.test/news/11120.htm";
  CrawlerOptions options;
  {
    // First crawl: three confirmed stories and their titles.
    auto store = Open(path);
    SiteProfiles sites(*store, options);
    REQUIRE(store->BeginBatch().ok());
    auto before = sites.Snapshot(host);
    REQUIRE(before.ok());
    CHECK(ClassifyWith(before->get(), unseen).kind != PageKind::kArticle);
    for (int i = 0; i < 3; ++i) {
      REQUIRE(sites
                  .Learn(host, "http://legacy.test/news/1110" + std::to_string(i) + ".htm",
                         "دار الأخبار :: خبر رقم " + std::to_string(i) + " عن الموازنة", PageKind::kArticle,
                         /*confident=*/true, 1000 + i)
                  .ok());
    }
    REQUIRE(sites.Save().ok());  // as the crawl does before each commit
    REQUIRE(store->CommitBatch().ok());
    // The snapshot a worker was given is not changed by what was learned.
    CHECK((*before)->empty());
  }
  // Second crawl, a new process: the same brief, found through a plain
  // link, is an article because its URL is shaped like the site's stories,
  // and its title loses the site's name.
  auto store = Open(path);
  SiteProfiles sites(*store, options);
  REQUIRE(store->BeginBatch().ok());
  auto known = sites.Snapshot(host);
  REQUIRE(known.ok());
  PageVerdict verdict = ClassifyWith(known->get(), unseen);
  INFO(verdict.reason);
  CHECK(verdict.kind == PageKind::kArticle);
  CHECK(verdict.reason.find("/news/{n}.htm") != std::string::npos);
  CHECK(sites.StripTitle(host, "دار الأخبار :: وزير الخارجية يلتقي نظيره") == "وزير الخارجية يلتقي نظيره");
  // Another site learned nothing from it.
  auto other = sites.Snapshot("other.test");
  REQUIRE(other.ok());
  CHECK((*other)->empty());
  store->RollbackBatch();
}

}  // namespace wirecrawl
