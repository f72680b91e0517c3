// Tests of the article path: IngestPipeline (extract -> dedup -> store) and
// the Store's articles, versions, stories and fingerprints (store/store.h, store/SCHEMA.md).
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
const int64_t kT0 = *ParseIsoTime("2023-10-21T12:00:00Z");

std::unique_ptr<Store> Open(const std::string& path) {
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::unique_ptr<testing::IngestSession> Pipeline(Store& store) {
  auto pipeline = testing::IngestSession::Open(store);
  REQUIRE(pipeline.ok());
  return std::move(pipeline).value();
}

// Adds tashkeel (fatha) after every third Arabic letter, as a sub-editor
// vocalising a wire copy might.
std::string WithTashkeel(const std::string& text) {
  std::string out;
  int letters = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.append(text, i, len);
    if (len == 2 && (c == 0xD8 || c == 0xD9) && ++letters % 3 == 0) out += "\u064E";
    i += len;
  }
  return out;
}

TEST_CASE("Store_ArticleIsStoredWithItsOwnStory", "[store][articles]") {
  TempDir dir;
  auto store = Open(dir.Database("a.db"));
  auto pipeline = Pipeline(*store);
  Article a =
      MakeArticle("https://www.example.com/news/1", "Storm hits the coast",
                  {"A storm hit the coast on Saturday.", "Ports were closed."}, "en", "2023-10-21T08:00:00Z");
  a.author = "Staff";
  auto r = pipeline->AddArticle(a, kT0);
  REQUIRE(r.ok());
  CHECK(r->new_article);
  CHECK(r->new_story);
  CHECK(r->story_id == r->article_id);
  REQUIRE(pipeline->Flush().ok());

  auto stored = store->GetArticle(r->article_id);
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  const StoredArticle& s = **stored;
  CHECK(s.url == a.url);
  CHECK(s.site == "example.com");
  CHECK(s.title == "Storm hits the coast");
  CHECK(s.author == "Staff");
  CHECK(s.body == "A storm hit the coast on Saturday.\nPorts were closed.");
  CHECK(s.published == "2023-10-21T08:00:00Z");
  CHECK(s.language == "en");
  CHECK(s.fetched_ms == kT0);
  CHECK(s.version == 1);
  CHECK(s.body_hash != 0);

  auto story = store->GetStory(r->story_id);
  REQUIRE(story.ok());
  REQUIRE(story->has_value());
  CHECK((*story)->summary.member_count == 1);
  CHECK((*story)->summary.site_count == 1);
  CHECK((*story)->summary.title == "Storm hits the coast");
  // The story's dates are the article's date: published, not fetched.
  CHECK((*story)->summary.first_seen_ms == *ParseIsoTime("2023-10-21T08:00:00Z"));
}

TEST_CASE("Store_WireCopiesOnOtherSitesJoinOneStory", "[store][articles]") {
  TempDir dir;
  auto store = Open(dir.Database("wire.db"));
  auto pipeline = Pipeline(*store);
  std::vector<std::string> seed0 = SeedParagraphs(0);

  auto original =
      pipeline->AddArticle(MakeArticle("https://alpha.example/a", "Qatar talks", seed0, "ar"), kT0);
  REQUIRE(original.ok());
  // The same wire text, vocalised, under another headline, on another site.
  std::vector<std::string> vocalised;
  for (const auto& p : seed0) vocalised.push_back(WithTashkeel(p));
  auto copy = pipeline->AddArticle(
      MakeArticle("https://news.beta.example/b", "Another headline", vocalised, "ar"), kT0 + 1000);
  REQUIRE(copy.ok());
  // Exact copy on a third site, and again on the first site under another URL.
  auto exact =
      pipeline->AddArticle(MakeArticle("https://gamma.example/c", "Qatar talks", seed0, "ar"), kT0 + 2000);
  REQUIRE(exact.ok());
  auto same_site =
      pipeline->AddArticle(MakeArticle("https://alpha.example/a?amp", "Qatar", seed0, "ar"), kT0 + 3000);
  REQUIRE(same_site.ok());
  // A different article on the same topic stays apart.
  auto other =
      pipeline->AddArticle(MakeArticle("https://alpha.example/z", "Other", SeedParagraphs(1), "ar"), kT0);
  REQUIRE(other.ok());
  REQUIRE(pipeline->Flush().ok());

  CHECK(original->new_story);
  CHECK(copy->story_id == original->story_id);
  CHECK_FALSE(copy->new_story);
  CHECK(copy->similarity >= 0.7);
  CHECK(exact->story_id == original->story_id);
  CHECK(exact->exact_duplicate);
  CHECK(same_site->story_id == original->story_id);
  CHECK(other->story_id != original->story_id);

  auto story = store->GetStory(original->story_id);
  REQUIRE(story.ok());
  REQUIRE(story->has_value());
  CHECK((*story)->summary.member_count == 4);
  CHECK((*story)->summary.site_count == 3);  // alpha twice counts once
  CHECK((*story)->summary.sites.front() == "alpha.example");
  REQUIRE((*story)->members.size() == 4);
  CHECK((*story)->members[1].site == "beta.example");

  // Export's `story` is the cluster.
  std::vector<int64_t> stories;
  REQUIRE(store
              ->ExportArticles({},
                               [&](const StoredArticle& a) {
                                 stories.push_back(a.story_id);
                                 return true;
                               })
              .ok());
  CHECK(stories == std::vector<int64_t>{original->story_id, original->story_id, original->story_id,
                                        original->story_id, other->story_id});
}

TEST_CASE("Store_ReopenedDatabaseKeepsClustering", "[store][articles]") {
  TempDir dir;
  std::string path = dir.Database("reopen.db");
  int64_t story_id = 0;
  {
    auto store = Open(path);
    auto pipeline = Pipeline(*store);
    for (int seed = 0; seed < 5; ++seed) {
      auto r = pipeline->AddArticle(
          MakeArticle("https://alpha.example/" + std::to_string(seed), "t", SeedParagraphs(seed), "ar"), kT0);
      REQUIRE(r.ok());
      if (seed == 2) story_id = r->story_id;
    }
    REQUIRE(pipeline->Flush().ok());
  }
  auto store = Open(path);
  auto pipeline = Pipeline(*store);
  CHECK(pipeline->stored_articles() == 5);
  std::vector<std::string> edited = SeedParagraphs(2);
  edited.pop_back();  // a dropped last paragraph
  auto r = pipeline->AddArticle(MakeArticle("https://beta.example/x", "t2", edited, "ar"), kT0 + kDay);
  REQUIRE(r.ok());
  CHECK(r->story_id == story_id);
  CHECK_FALSE(r->new_story);
  REQUIRE(pipeline->Flush().ok());
  auto stories = store->ListStories({});
  REQUIRE(stories.ok());
  CHECK(stories->size() == 5);  // the five seeds stay five stories
}

TEST_CASE("SchemaDoc_RefetchedArticleKeepsVersionsOnMaterialChange", "[store][articles]") {
  TempDir dir;
  auto store = Open(dir.Database("versions.db"));
  auto pipeline = Pipeline(*store);
  Article a = MakeArticle("https://example.com/live", "Live: talks", {"Talks began in Doha on Saturday."});
  auto first = pipeline->AddArticle(a, kT0);
  REQUIRE(first.ok());

  // Same normalised body (only case and punctuation differ): not a version.
  Article retouched = a;
  retouched.paragraphs = {"talks began in Doha, on Saturday!"};
  auto same = pipeline->AddArticle(retouched, kT0 + 1000);
  REQUIRE(same.ok());
  CHECK_FALSE(same->new_article);
  CHECK(same->article_id == first->article_id);
  CHECK(same->change == ArticleChange::kMetadataUpdated);

  auto unchanged = pipeline->AddArticle(retouched, kT0 + 2000);
  REQUIRE(unchanged.ok());
  CHECK(unchanged->change == ArticleChange::kUnchanged);

  Article updated = a;
  updated.title = "Live: talks end";
  updated.paragraphs = {"Talks ended in Doha on Sunday with an agreement."};
  auto changed = pipeline->AddArticle(updated, kT0 + kDay);
  REQUIRE(changed.ok());
  CHECK(changed->change == ArticleChange::kNewVersion);
  CHECK(changed->story_id == first->story_id);
  REQUIRE(pipeline->Flush().ok());

  auto stored = store->GetArticle(first->article_id);
  REQUIRE(stored.ok());
  CHECK((*stored)->version == 2);
  CHECK((*stored)->body == "Talks ended in Doha on Sunday with an agreement.");
  CHECK((*stored)->fetched_ms == kT0);
  CHECK((*stored)->updated_ms == kT0 + kDay);
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->articles == 1);
  CHECK(stats->article_versions == 1);

  // Search follows the current body only.
  SearchQuery q;
  q.text = "agreement";
  auto hits = store->Search(q);
  REQUIRE(hits.ok());
  CHECK(hits->size() == 1);
  q.text = "began";
  hits = store->Search(q);
  REQUIRE(hits.ok());
  CHECK(hits->empty());

  // The story index follows the new body: a copy of it on another site
  // joins the story, a copy of the old body no longer finds the article.
  auto copy_of_new = pipeline->AddArticle(
      MakeArticle("https://other.example/live", "Talks end", updated.paragraphs, "en"), kT0 + kDay);
  REQUIRE(copy_of_new.ok());
  CHECK(copy_of_new->story_id == first->story_id);
  CHECK(copy_of_new->exact_duplicate);
  auto copy_of_old =
      pipeline->AddArticle(MakeArticle("https://third.example/live", "Live", a.paragraphs, "en"), kT0 + kDay);
  REQUIRE(copy_of_old.ok());
  CHECK(copy_of_old->new_story);
  REQUIRE(pipeline->Flush().ok());
}

TEST_CASE("Store_PageWithoutTextIsRefusedAndNothingStored", "[store][articles]") {
  TempDir dir;
  auto store = Open(dir.Database("empty.db"));
  auto pipeline = Pipeline(*store);
  auto r = pipeline->AddArticle(MakeArticle("https://example.com/hub", "Section", {" ", ""}), kT0);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidArgument);
  CHECK(r.status().message().find("https://example.com/hub") != std::string::npos);
  REQUIRE(pipeline->Flush().ok());
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->articles == 0);
}

TEST_CASE("Store_FailedInsertUndoesOnlyItselfAndTheBatchGoesOn", "[store][articles]") {
  TempDir dir;
  auto store = Open(dir.Database("unit.db"));
  Fingerprint fp = ComputeFingerprint("one two three four five six seven");
  REQUIRE(store->BeginBatch().ok());
  auto id = store->NextArticleId();
  REQUIRE(id.ok());
  StoryAssignment own;
  own.story_id = *id;
  own.matched_doc = *id;
  REQUIRE(store->InsertArticle(*id, MakeArticle("https://a.example/1", "one", {"one two"}), fp, {}, own, kT0)
              .ok());

  // Joining a story that does not exist: rejected, and its rows undone.
  auto next = store->NextArticleId();
  REQUIRE(next.ok());
  CHECK(*next == *id + 1);
  StoryAssignment bogus;
  bogus.story_id = 999;
  bogus.matched_doc = 999;
  bogus.new_story = false;
  Status s =
      store->InsertArticle(*next, MakeArticle("https://a.example/2", "two", {"x"}), fp, {}, bogus, kT0);
  CHECK(s.code() == Status::Code::kCorruption);
  // A wrong id is a caller error.
  StoryAssignment own2;
  own2.story_id = *next + 5;
  own2.matched_doc = *next + 5;
  CHECK(store->InsertArticle(*next + 5, MakeArticle("https://a.example/3", "3", {"x"}), fp, {}, own2, kT0)
            .code() == Status::Code::kInvalidArgument);

  own.story_id = *next;
  own.matched_doc = *next;
  REQUIRE(
      store->InsertArticle(*next, MakeArticle("https://a.example/2", "two", {"y"}), fp, {}, own, kT0).ok());
  REQUIRE(store->CommitBatch().ok());
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->articles == 2);
  CHECK(stats->stories == 2);
}

TEST_CASE("SchemaDoc_ExportFiltersByArticleDate", "[store][articles]") {
  TempDir dir;
  auto store = Open(dir.Database("export.db"));
  auto pipeline = Pipeline(*store);
  REQUIRE(pipeline
              ->AddArticle(MakeArticle("https://a.example/old", "old", {"old text here"}, "en", "2020-01-01"),
                           kT0)
              .ok());
  REQUIRE(pipeline
              ->AddArticle(MakeArticle("https://a.example/new", "new", {"new text here"}, "en", "2023-10-20"),
                           kT0)
              .ok());
  // No published date: the fetch time counts.
  REQUIRE(
      pipeline->AddArticle(MakeArticle("https://a.example/undated", "undated", {"undated text"}), kT0).ok());
  REQUIRE(pipeline->Flush().ok());
  std::vector<std::string> titles;
  ExportFilter filter;
  filter.since_ms = ParseIsoTime("2023-01-01");
  REQUIRE(store
              ->ExportArticles(filter,
                               [&](const StoredArticle& a) {
                                 titles.push_back(a.title);
                                 return true;
                               })
              .ok());
  CHECK(titles == std::vector<std::string>{"new", "undated"});
}

TEST_CASE("CliDoc_StoriesListNewestFirstWithMinSites", "[store][articles]") {
  TempDir dir;
  auto store = Open(dir.Database("stories.db"));
  auto pipeline = Pipeline(*store);
  for (int seed = 0; seed < 3; ++seed) {
    std::string date = "2023-10-2" + std::to_string(seed);
    REQUIRE(pipeline
                ->AddArticle(MakeArticle("https://alpha.example/" + std::to_string(seed),
                                         "seed " + std::to_string(seed), SeedParagraphs(seed), "ar", date),
                             kT0)
                .ok());
  }
  // Seed 1 is also carried by a second site.
  REQUIRE(pipeline
              ->AddArticle(
                  MakeArticle("https://beta.example/1", "copy", SeedParagraphs(1), "ar", "2023-10-21"), kT0)
              .ok());
  REQUIRE(pipeline->Flush().ok());

  auto all = store->ListStories({});
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].title == "seed 2");
  CHECK((*all)[1].title == "seed 1");
  CHECK((*all)[1].site_count == 2);
  CHECK((*all)[1].sites == std::vector<std::string>{"alpha.example", "beta.example"});

  StoryFilter multi;
  multi.min_sites = 2;
  auto shared = store->ListStories(multi);
  REQUIRE(shared.ok());
  REQUIRE(shared->size() == 1);
  CHECK((*shared)[0].title == "seed 1");

  StoryFilter recent;
  recent.since_ms = ParseIsoTime("2023-10-22");
  auto latest = store->ListStories(recent);
  REQUIRE(latest.ok());
  REQUIRE(latest->size() == 1);
  CHECK((*latest)[0].title == "seed 2");
}

}  // namespace
}  // namespace wirecrawl
