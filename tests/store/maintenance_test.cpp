// Upkeep of a growing database (store/maintenance.h), on both backends:
// articles pruned from the story index are no longer candidates, pruning
// continues where it stopped, and the search index merge and space
// reclamation run as their own steps.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "base/time.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store_test_support.h"

namespace wirecrawl {
namespace {

using testing::MakeArticle;
using testing::SeedParagraphs;
using testing::TempDir;

constexpr int64_t kDay = 86400000;
const int64_t kT0 = *ParseIsoTime("2023-10-01T12:00:00Z");

// A wire text as another site edits it: its first or last paragraph dropped.
std::vector<std::string> Edited(int seed, bool drop_first = false) {
  std::vector<std::string> paragraphs = SeedParagraphs(seed);
  if (drop_first) {
    paragraphs.erase(paragraphs.begin());
  } else {
    paragraphs.pop_back();
  }
  return paragraphs;
}

TEST_CASE("Store_PrunedArticlesLeaveTheStoryIndexAndUpkeepStepsRunAlone", "[store][maintenance]") {
  TempDir dir;
  auto opened = OpenStore(dir.Database("upkeep.db"));
  REQUIRE(opened.ok());
  Store& store = **opened;
  auto session = testing::IngestSession::Open(store);
  REQUIRE(session.ok());
  auto old_story =
      (*session)->AddArticle(MakeArticle("https://alpha.example/old", "old", SeedParagraphs(0)), kT0);
  REQUIRE(old_story.ok());
  auto recent = (*session)->AddArticle(MakeArticle("https://alpha.example/new", "new", SeedParagraphs(1)),
                                       kT0 + 10 * kDay);
  REQUIRE(recent.ok());
  REQUIRE((*session)->Flush().ok());

  // The older article leaves the story index; a second call has nothing
  // left before the same time.
  Result<int64_t> pruned = store.PruneStoryIndex(kT0 + kDay, 0);
  REQUIRE(pruned.ok());
  CHECK(*pruned == 1);
  pruned = store.PruneStoryIndex(kT0 + kDay, 0);
  REQUIRE(pruned.ok());
  CHECK(*pruned == 0);

  // An edited copy of the pruned article starts a story of its own; one of
  // the article still indexed joins its story.
  auto copy_of_old =
      (*session)->AddArticle(MakeArticle("https://beta.example/old", "old copy", Edited(0)), kT0 + 11 * kDay);
  REQUIRE(copy_of_old.ok());
  CHECK(copy_of_old->new_story);
  auto copy_of_recent =
      (*session)->AddArticle(MakeArticle("https://beta.example/new", "new copy", Edited(1)), kT0 + 11 * kDay);
  REQUIRE(copy_of_recent.ok());
  CHECK(copy_of_recent->story_id == recent->story_id);
  REQUIRE((*session)->Flush().ok());

  // Nothing in the fetch log to prune; the search index merges in a step
  // or whole; space is reclaimed outside a batch only.
  Result<int64_t> fetches = store.PruneFetchLog(kT0 + 100 * kDay, 0);
  REQUIRE(fetches.ok());
  CHECK(*fetches == 0);
  CHECK(store.MergeSearchIndex(200).ok());
  CHECK(store.MergeSearchIndex(0).ok());
  REQUIRE(store.BeginBatch().ok());
  CHECK(store.ReclaimSpace(0).status().code() == Status::Code::kInvalidArgument);
  store.RollbackBatch();
  Result<int64_t> step = store.ReclaimSpace(2000);
  REQUIRE(step.ok());
  CHECK(*step >= 0);
  Result<int64_t> full = store.ReclaimSpace(0);
  REQUIRE(full.ok());
  CHECK(*full >= 0);

  // The index still works after upkeep: another edit of the recent article
  // (not an exact duplicate: found by its band keys).
  auto again = (*session)->AddArticle(MakeArticle("https://gamma.example/new", "again", Edited(1, true)),
                                      kT0 + 12 * kDay);
  REQUIRE(again.ok());
  CHECK_FALSE(again->exact_duplicate);
  CHECK(again->story_id == recent->story_id);
  REQUIRE((*session)->Flush().ok());
}

}  // namespace
}  // namespace wirecrawl
