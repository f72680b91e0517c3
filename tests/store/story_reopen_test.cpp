// The story index on disk (ingest/story_matcher.h): dedup/README's accuracy
// bar across a reopen of a real database (recall >= 0.97 and precision >=
// 0.98 for pairs with exact Jaccard >= 0.7, half of the synthetic corpus
// ingested by one process and the rest after a reopen), and the same
// clustering as dedup's in-memory StoryIndex, document for document.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dedup/story_index.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store_test_support.h"
#include "tests/dedup/synthetic_corpus.h"

namespace wirecrawl {
namespace {

using testing::TempDir;
using PairKey = std::pair<size_t, size_t>;

PairKey Key(size_t a, size_t b) { return {std::min(a, b), std::max(a, b)}; }

struct Rates {
  size_t positives = 0, found = 0, correct = 0, found_correct = 0;
  double recall() const {
    return positives ? static_cast<double>(correct) / static_cast<double>(positives) : 0;
  }
  double precision() const {
    return found ? static_cast<double>(found_correct) / static_cast<double>(found) : 0;
  }
};

// Rates over the pairs `in` accepts.
template <typename Filter>
Rates Score(const std::map<PairKey, double>& truth, const std::set<PairKey>& reported, Filter in) {
  Rates r;
  for (const auto& [pair, j] : truth) {
    if (j < 0.7 || !in(pair)) continue;
    ++r.positives;
    r.correct += reported.count(pair);
  }
  for (const PairKey& pair : reported) {
    if (!in(pair)) continue;
    auto it = truth.find(pair);
    ++r.found;
    r.found_correct += it != truth.end() && it->second >= 0.7 ? 1 : 0;
  }
  return r;
}

TEST_CASE("DedupDoc_SyntheticCorpus_RecallAndPrecisionHoldAcrossReopen", "[store][dedup]") {
  std::vector<testing::SyntheticDoc> docs;
  std::set<std::string> texts;  // exact duplicates never reach verification
  for (auto& d : testing::MakeSyntheticCorpus(1, 300, 300)) {
    if (texts.insert(d.Text()).second) docs.push_back(std::move(d));
  }
  std::vector<std::vector<uint64_t>> sets;
  for (const auto& d : docs) sets.push_back(testing::ShingleSet(d.words, 5));
  const std::map<PairKey, double> truth = testing::ExactPairJaccard(sets);
  const size_t half = docs.size() / 2;

  TempDir dir;
  const std::string path = dir.Database("reopen.db");
  std::set<PairKey> reported;  // each document's verified matches among those before it
  auto ingest = [&](size_t from, size_t to) {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
    auto pipeline = testing::IngestSession::Open(**store);
    REQUIRE(pipeline.ok());
    CHECK((*pipeline)->stored_articles() == from);
    for (size_t i = from; i < to; ++i) {
      const std::string text = docs[i].Text();
      Result<std::vector<StoryMatch>> matches = (*pipeline)->Matches(text, 1697882400000);
      REQUIRE(matches.ok());
      for (const StoryMatch& m : *matches) {
        reported.insert(Key(i, static_cast<size_t>(m.doc_id - 1)));  // article ids start at 1
      }
      Article a = testing::MakeArticle(
          "https://site" + std::to_string(i % 13) + ".example/" + std::to_string(i), "t", {text});
      Result<IngestResult> r = (*pipeline)->AddArticle(a, 1697882400000);
      REQUIRE(r.ok());
      REQUIRE(r->article_id == static_cast<int64_t>(i + 1));
    }
    REQUIRE((*pipeline)->Flush().ok());
  };
  ingest(0, half);
  std::set<PairKey> before_reopen = reported;
  ingest(half, docs.size());  // a new process: the index is the file's

  Rates first = Score(truth, before_reopen, [&](const PairKey& p) { return p.second < half; });
  Rates all = Score(truth, reported, [](const PairKey&) { return true; });
  // Pairs with one document from before the reopen and one after: the ones
  // verified against a restored document.
  Rates across = Score(truth, reported, [&](const PairKey& p) { return p.first < half && p.second >= half; });
  INFO(docs.size() << " docs; before reopen: " << first.positives << " pairs >= 0.7, recall "
                   << first.recall() << ", precision " << first.precision() << "; all: " << all.positives
                   << " pairs, recall " << all.recall() << ", precision " << all.precision()
                   << "; across the reopen: " << across.positives << " pairs, recall " << across.recall()
                   << ", precision " << across.precision());
  REQUIRE(all.positives > 300);
  REQUIRE(across.positives > 50);
  CHECK(first.recall() >= 0.97);
  CHECK(first.precision() >= 0.98);
  CHECK(all.recall() >= 0.97);
  CHECK(all.precision() >= 0.98);
  CHECK(across.recall() >= 0.97);
  CHECK(across.precision() >= 0.98);
}

// One clustering rule, two indexes: the archive's (band keys in the store,
// candidates' shingle sets recomputed from their bodies, read back after a
// reopen) assigns every document of the synthetic corpus to the same story,
// through the same match, with the same similarity, as dedup's in-memory
// StoryIndex with the shingle sets kept.
TEST_CASE("DedupDoc_StoryIndexOnDiskClustersAsTheInMemoryIndex", "[store][dedup]") {
  std::vector<testing::SyntheticDoc> docs = testing::MakeSyntheticCorpus(11, 80, 40);
  DedupOptions options;
  options.keep_shingles = true;
  StoryIndex memory(options);
  TempDir dir;
  const std::string path = dir.Database("same.db");
  const int64_t kSeen = 1697882400000;
  size_t joined = 0;
  for (size_t half : {size_t{0}, docs.size() / 2}) {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
    auto pipeline = testing::IngestSession::Open(**store);
    REQUIRE(pipeline.ok());
    size_t end = half == 0 ? docs.size() / 2 : docs.size();
    for (size_t i = half; i < end; ++i) {
      const std::string text = docs[i].Text();
      Result<StoryAssignment> expected =
          memory.Assign(static_cast<int64_t>(i + 1), ComputeFingerprint(text, options));
      REQUIRE(expected.ok());
      Article a = testing::MakeArticle(
          "https://site" + std::to_string(i % 7) + ".example/" + std::to_string(i), "t", {text});
      Result<IngestResult> r = (*pipeline)->AddArticle(a, kSeen);
      REQUIRE(r.ok());
      INFO("document " << i);
      REQUIRE(r->article_id == static_cast<int64_t>(i + 1));
      CHECK(r->story_id == expected->story_id);
      CHECK(r->new_story == expected->new_story);
      CHECK(r->exact_duplicate == expected->exact_duplicate);
      CHECK(r->similarity == Approx(expected->story_similarity).margin(1e-9));
      joined += r->new_story ? 0 : 1;
    }
    REQUIRE((*pipeline)->Flush().ok());
  }
  CHECK(joined > 50);  // the corpus has stories to join (98 of its 450 documents join one)
}

}  // namespace
}  // namespace wirecrawl
