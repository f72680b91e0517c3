// Tests of dedup/story_index.h: the clustering rule, story bookkeeping and
// persistence through Restore (the store's reopen path).
#include "dedup/story_index.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "tests/dedup/synthetic_corpus.h"

namespace wirecrawl {
namespace {

// A 300-word text and copies of it with n words changed in the middle.
std::string Words(int from, int count, int stride = 1) {
  std::string out;
  for (int i = 0; i < count; ++i) out += "word" + std::to_string(from + i * stride) + " ";
  return out;
}

// Words(0, 300) with `changed` of its words replaced, 20 words apart (so each
// edit removes 5 of the 296 shingles).
std::string Edited(int changed) {
  std::string out;
  for (int i = 0; i < 300; ++i) {
    bool edit = i % 20 == 10 && (i / 20) < changed;
    out += edit ? "changed" + std::to_string(i) + " " : "word" + std::to_string(i) + " ";
  }
  return out;
}

TEST_CASE("StoryIndex_NewThenNearDuplicateThenUnrelated", "[story]") {
  StoryIndex index;
  const std::string base = Words(0, 300);
  Result<StoryAssignment> first = index.Assign(10, ComputeFingerprint(base));
  REQUIRE(first.ok());
  CHECK(first->new_story);
  CHECK(first->story_id == 10);
  CHECK(first->matched_doc == 10);

  Result<StoryAssignment> copy = index.Assign(11, ComputeFingerprint(Edited(3)));  // J ~ 0.9
  REQUIRE(copy.ok());
  CHECK(!copy->new_story);
  CHECK(!copy->exact_duplicate);
  CHECK(copy->story_id == 10);
  CHECK(copy->matched_doc == 10);
  CHECK(copy->similarity > 0.8);
  CHECK(copy->similarity < 1.0);

  Result<StoryAssignment> other = index.Assign(12, ComputeFingerprint(Words(5000, 300)));
  REQUIRE(other.ok());
  CHECK(other->new_story);
  CHECK(other->story_id == 12);
  CHECK(index.story_count() == 2);
  CHECK(index.document_count() == 3);
}

TEST_CASE("StoryIndex_BelowThresholdStartsNewStory", "[story]") {
  StoryIndex index;
  const std::string base = Words(0, 300);
  REQUIRE(index.Assign(1, ComputeFingerprint(base)).ok());
  // 15 scattered edits of 300 words kill 75 of 296 shingles: J ~ 0.60.
  Result<StoryAssignment> far = index.Assign(2, ComputeFingerprint(Edited(15)));
  REQUIRE(far.ok());
  CHECK(far->new_story);
  CHECK(far->story_id == 2);
}

TEST_CASE("StoryIndex_ExactDuplicateJoinsBeforeMinHash", "[story]") {
  StoryIndex index;
  REQUIRE(
      index.Assign(1, ComputeFingerprint("قالت وزارة الخارجية القطرية السبت إن الوزير أكد استمرار التنسيق"))
          .ok());
  Result<StoryAssignment> dup = index.Assign(
      2, ComputeFingerprint("قالَت وزارةُ الخارجيةِ القطريّة، السبت: إنّ الوزيرَ أكّد استمرار التنسيق!"));
  REQUIRE(dup.ok());
  CHECK(dup->exact_duplicate);
  CHECK(dup->story_id == 1);
  CHECK(dup->matched_doc == 1);
  CHECK(dup->similarity == 1.0);
  // Short texts (fewer words than a shingle) still match exactly, and only exactly.
  REQUIRE(index.Assign(3, ComputeFingerprint("عاجل غزة")).ok());
  Result<StoryAssignment> short_dup = index.Assign(4, ComputeFingerprint("عاجل: غزّة"));
  REQUIRE(short_dup.ok());
  CHECK(short_dup->exact_duplicate);
  CHECK(short_dup->story_id == 3);
  // Empty text never joins anything.
  REQUIRE(index.Assign(5, ComputeFingerprint("...")).ok());
  Result<StoryAssignment> empty = index.Assign(6, ComputeFingerprint(""));
  REQUIRE(empty.ok());
  CHECK(empty->new_story);
  CHECK(empty->story_id == 6);
}

TEST_CASE("StoryIndex_JoinsStoryOfBestMatchAndReportsSimilarityToFirst", "[story]") {
  DedupOptions options;
  options.keep_shingles = true;  // exact similarities make the expectations exact
  StoryIndex index(options);
  const std::string base = Words(0, 300);
  REQUIRE(index.Assign(1, ComputeFingerprint(base, options)).ok());
  REQUIRE(index.Assign(2, ComputeFingerprint(Edited(4), options)).ok());
  // Doc 3 is closest to doc 2 (same first 4 edits plus 2 more).
  Result<StoryAssignment> a = index.Assign(3, ComputeFingerprint(Edited(6), options));
  REQUIRE(a.ok());
  CHECK(a->story_id == 1);
  CHECK(a->matched_doc == 2);
  CHECK(a->story_similarity < a->similarity);
  std::vector<StoryMatch> matches = index.Matches(ComputeFingerprint(Edited(5), options));
  REQUIRE(matches.size() == 3);
  CHECK(matches[0].similarity >= matches[1].similarity);
  CHECK(matches[1].similarity >= matches[2].similarity);
  for (const auto& m : matches) CHECK(m.story_id == 1);
}

TEST_CASE("StoryIndex_StoryKeepsMembersSitesAndDates", "[story]") {
  StoryIndex index;
  const std::string base = Words(0, 300);
  REQUIRE(index.Assign(1, ComputeFingerprint(base), {"aljazeera.net", 2000}).ok());
  REQUIRE(index.Assign(2, ComputeFingerprint(Edited(2)), {"qna.org.qa", 1500}).ok());
  REQUIRE(index.Assign(3, ComputeFingerprint(base), {"aljazeera.net", 2600}).ok());  // exact dup
  REQUIRE(index.Assign(4, ComputeFingerprint(Edited(1)), {"", 0}).ok());
  std::optional<Story> story = index.FindStory(1);
  REQUIRE(story);
  CHECK(story->id == 1);
  CHECK(story->representative == 1);
  CHECK(story->members == 4);
  CHECK(story->sites == 2);
  CHECK(story->first_seen == 1500);
  CHECK(story->last_seen == 2600);
  CHECK(!index.FindStory(2));
}

TEST_CASE("StoryIndex_RejectsIncompatibleFingerprints", "[story]") {
  StoryIndex index;
  DedupOptions four;
  four.shingle_size = 4;
  Result<StoryAssignment> a = index.Assign(1, ComputeFingerprint(Words(0, 50), four));
  REQUIRE(!a.ok());
  CHECK(a.status().code() == Status::Code::kInvalidArgument);
  CHECK(a.status().message().find("shingle") != std::string::npos);
  DedupOptions k64;
  k64.num_hashes = 64;
  k64.bands = 12;
  CHECK(!index.Assign(1, ComputeFingerprint(Words(0, 50), k64)).ok());
  CHECK(index.document_count() == 0);
}

}  // namespace
}  // namespace wirecrawl
