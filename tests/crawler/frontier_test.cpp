// Frontier::Discover (crawler/frontier/frontier.h): a link found again is
// skipped in memory only when it could change nothing in the store; found
// with a higher priority or at a lower depth, it is promoted as before, and a
// link refused at one depth is followed when it turns up at a shallower one.
#include <catch2/catch.hpp>
#include <string>

#include "config/options.h"
#include "crawler/frontier/frontier.h"
#include "store/store.h"
#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"

namespace wirecrawl {
namespace {

constexpr int64_t kNow = 1'780'000'000'000;

// The queued URL's priority and depth as the store has them.
std::pair<int64_t, int64_t> Stored(const std::string& db, const std::string& url) {
  testing::QueryResult r =
      testing::ReadDatabase(db, "SELECT priority, depth FROM urls WHERE url = '" + url + "'");
  REQUIRE(r.ok);
  REQUIRE(r.rows.size() == 1);
  return {std::stoll(r.rows[0][0]), std::stoll(r.rows[0][1])};
}

}  // namespace

TEST_CASE("Frontier_LinkFoundAgain_PromotedOnlyByAHigherPriorityOrALowerDepth", "[crawl][frontier]") {
  testing::TempDir dir;
  const std::string db = (dir.path() / "frontier.db").string();
  CrawlerOptions options;
  options.scope.max_depth = 3;
  Result<std::unique_ptr<Store>> store = OpenStore(db);
  REQUIRE(store.ok());
  Frontier frontier(**store, options);
  REQUIRE(frontier.RebuildScope({"https://example.com/"}, kNow).ok());

  auto discover = [&](const std::string& url, int depth, int priority) {
    REQUIRE((*store)->BeginBatch().ok());
    Result<bool> queued = frontier.Discover(url, UrlKind::kPage, depth, priority, kNow, FoundVia::kLink);
    REQUIRE(queued.ok());
    REQUIRE((*store)->CommitBatch().ok());
    return *queued;
  };
  const std::string page = "https://example.com/news/a-story";
  CHECK(discover(page, 2, 10));
  CHECK(Stored(db, page) == std::pair<int64_t, int64_t>{10, 2});
  CHECK_FALSE(discover(page, 2, 10));  // the same link again: nothing to do
  CHECK_FALSE(discover(page, 3, 5));   // weaker: nothing to do
  CHECK(Stored(db, page) == std::pair<int64_t, int64_t>{10, 2});
  CHECK_FALSE(discover(page, 2, 40));  // a better priority: promoted, not new
  CHECK(Stored(db, page) == std::pair<int64_t, int64_t>{40, 2});
  CHECK_FALSE(discover(page, 1, 20));  // shallower: promoted
  CHECK(Stored(db, page) == std::pair<int64_t, int64_t>{40, 1});
  CHECK(frontier.counts().discovered == 1);

  // Beyond scope.max_depth first, then at a depth within it.
  const std::string deep = "https://example.com/news/another-story";
  CHECK_FALSE(discover(deep, 4, 10));
  CHECK_FALSE(discover(deep, 4, 10));
  CHECK(discover(deep, 3, 10));
  CHECK(frontier.counts().out_of_scope == 1);  // refused once: the second time was not looked at
}

}  // namespace wirecrawl
