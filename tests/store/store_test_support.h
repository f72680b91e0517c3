// tests/store/store_test_support.h: a temporary directory per test, and
// articles built in the test (the store is tested without the parser).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "parser/article.h"
#include "store/store.h"
#include "tests/support/postgres_server.h"

namespace wirecrawl::testing {

// The ingest path as `wirecrawl ingest` drives it: the caller owns the
// store's batch, opens it before an article, and commits it through the
// pipeline every commit_every articles and at Flush.
class IngestSession {
 public:
  static Result<std::unique_ptr<IngestSession>> Open(Store& store, const IngestOptions& options = {},
                                                     size_t commit_every = 500) {
    Result<std::unique_ptr<IngestPipeline>> pipeline = IngestPipeline::Open(store, options);
    if (!pipeline.ok()) return pipeline.status();
    return std::unique_ptr<IngestSession>(
        new IngestSession(store, std::move(pipeline).value(), commit_every));
  }
  Result<IngestResult> AddArticle(const Article& article, int64_t fetched_ms) {
    if (!store_.InBatch()) WIRECRAWL_RETURN_IF_ERROR(store_.BeginBatch());
    Result<IngestResult> result = pipeline_->AddArticle(article, fetched_ms);
    if (result.ok() && ++pending_ % commit_every_ == 0) WIRECRAWL_RETURN_IF_ERROR(Flush());
    return result;
  }
  Status Flush() { return pipeline_->Commit(store_); }
  IngestPipeline& pipeline() { return *pipeline_; }
  // Articles committed to the store (what a reopened pipeline clusters against).
  size_t stored_articles() {
    Result<StoreStats> stats = store_.Stats();
    return stats.ok() ? static_cast<size_t>(stats->articles) : 0;
  }
  Result<std::vector<StoryMatch>> Matches(std::string_view body, int64_t seen_ms) {
    return pipeline_->Matches(body, seen_ms);
  }
  Fingerprint FingerprintOf(std::string_view body) { return pipeline_->FingerprintOf(body); }

 private:
  IngestSession(Store& store, std::unique_ptr<IngestPipeline> pipeline, size_t commit_every)
      : store_(store), pipeline_(std::move(pipeline)), commit_every_(commit_every) {}
  Store& store_;
  std::unique_ptr<IngestPipeline> pipeline_;
  size_t commit_every_;
  size_t pending_ = 0;
};

// A fresh directory under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "wirecrawl-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }
  // Where a store test's database `name` lives: a file here, or, in the
  // suite's PostgreSQL run (WIRECRAWL_TEST_STORE=postgres), a database of
  // its own on the test server; the same name is the same database.
  std::string Database(const std::string& name) {
    auto known = databases_.find(name);
    if (known != databases_.end()) return known->second;
    std::string uri = PostgresTestDatabaseOrEmpty();
    return databases_[name] = uri.empty() ? File(name) : uri;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::map<std::string, std::string> databases_;
};

inline Article MakeArticle(const std::string& url, const std::string& title,
                           std::vector<std::string> paragraphs, const std::string& language = "en",
                           const std::string& published = "") {
  Article a;
  a.url = url;
  a.canonical_url = url;
  a.title = title;
  a.paragraphs = std::move(paragraphs);
  a.language = language;
  a.published = published;
  return a;
}

// Paragraphs of a seed text (tests/data/seeds/NNN_*.txt), one per line.
inline std::vector<std::string> SeedParagraphs(int index) {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(WIRECRAWL_TEST_DATA) + "/seeds")) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%03d_", index);
    if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
    std::ifstream in(entry.path());
    std::vector<std::string> paragraphs;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) paragraphs.push_back(line);
    }
    return paragraphs;
  }
  throw std::runtime_error("no seed " + std::to_string(index));
}

// Deterministic filler text: `words` words from a small vocabulary, varied by seed.
inline std::string SyntheticText(uint64_t seed, int words) {
  static const char* kVocabulary[] = {"minister", "talks",    "border", "market", "storm",
                                      "council",  "election", "report", "energy", "price",
                                      "court",    "harbour",  "summit", "vote",   "police",
                                      "school",   "railway",  "budget", "health", "water"};
  std::string out;
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (int i = 0; i < words; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    if (i > 0) out += ' ';
    out += kVocabulary[x % 20];
    out += std::to_string(x % 97);
  }
  return out;
}

}  // namespace wirecrawl::testing
