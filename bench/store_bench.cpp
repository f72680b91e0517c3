// bench/store_bench.cpp: how fast articles are stored (issue 3's speed bar:
// >= 20k articles/s excluding extraction, cost per article flat from 10k to
// 1M rows). Run from a Release build:
//
//   build/release/bench/store_bench --benchmark_counters_tabular=true
//   WIRECRAWL_BENCH_ROWS=1000000 build/release/bench/store_bench --benchmark_filter=Growth
//
// WIRECRAWL_BENCH_ARTICLES sets the articles per run of the first two
// (default 100000).
//
// Articles are synthetic news-sized texts (title of 8 words, body of 300
// words in 6 paragraphs, half Arabic, half Latin words from a 50k-word Zipf
// vocabulary), generated before the clock starts. Each benchmark writes a
// real SQLite file (WAL, synchronous=NORMAL) in $TMPDIR.
//
// - BM_StoreArticles: Store::InsertArticle alone (fingerprints and story
//   choices precomputed): the store's cost. normalized:0 includes the ICU
//   normalisation of title and body for the search index; normalized:1 gets
//   it with the article, as from dedup, which normalises the body anyway.
// - BM_IngestArticles: IngestPipeline::AddArticle: fingerprint, story
//   clustering and store: the ingest path without extraction.
// - BM_StoreGrowth: stores WIRECRAWL_BENCH_ROWS articles (default 1M) and
//   times the window just after 10k rows and the window just before the end.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/normalize.h"
#include "store/ingest.h"
#include "store/store.h"

namespace wirecrawl {
namespace {

namespace fs = std::filesystem;

class BenchDir {
 public:
  BenchDir() {
    std::string pattern = (fs::temp_directory_path() / "wirecrawl-store-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~BenchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// A fixed vocabulary with Zipf(1.0) frequencies, like words in news text.
class SyntheticNews {
 public:
  explicit SyntheticNews(uint64_t seed) : rng_(seed) {
    const char* arabic[] = {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ر", "س", "ش", "ص", "ع", "ف",
                            "ق", "ك", "ل", "م", "ن", "ه", "و", "ي", "ة", "أ", "ى", "ِ",  "َ"};
    std::uniform_int_distribution<int> length(3, 8);
    for (int w = 0; w < kVocabulary; ++w) {
      std::string word;
      int n = length(rng_);
      for (int i = 0; i < n; ++i) {
        if (w % 2 == 0) {
          word += arabic[rng_() % std::size(arabic)];
        } else {
          word += static_cast<char>('a' + rng_() % 26);
        }
      }
      words_.push_back(std::move(word));
    }
    double sum = 0;
    for (int r = 1; r <= kVocabulary; ++r) {
      sum += 1.0 / r;
      cumulative_.push_back(sum);
    }
    for (double& c : cumulative_) c /= sum;
  }

  Article Next(uint64_t n) {
    Article a;
    a.url = "https://site" + std::to_string(n % 400) + ".example/news/" + std::to_string(n);
    a.canonical_url = a.url;
    a.title = Words(8);
    a.language = n % 2 ? "en" : "ar";
    a.published = "2023-10-21T10:00:00Z";
    for (int p = 0; p < 6; ++p) a.paragraphs.push_back(Words(50));
    return a;
  }

 private:
  static constexpr int kVocabulary = 50000;

  std::string Words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      double u = std::uniform_real_distribution<double>(0, 1)(rng_);
      size_t r = static_cast<size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) -
                                     cumulative_.begin());
      if (i) out += ' ';
      out += words_[std::min(r, words_.size() - 1)];
    }
    out += '.';
    return out;
  }

  std::mt19937_64 rng_;
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

std::unique_ptr<Store> MustOpen(const std::string& path) {
  auto store = OpenStore(path);
  if (!store.ok()) {
    std::fprintf(stderr, "open %s: %s\n", path.c_str(), store.status().message().c_str());
    std::abort();
  }
  return std::move(store).value();
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.message().c_str());
    std::abort();
  }
}

constexpr size_t kBatch = 500;

// WIRECRAWL_BENCH_ARTICLES overrides the 100k articles (e.g. to profile).
int64_t ArticlesPerRun() {
  const char* env = std::getenv("WIRECRAWL_BENCH_ARTICLES");
  return env ? std::max<int64_t>(1, std::strtoll(env, nullptr, 10)) : 100000;
}

struct Corpus {
  std::vector<Article> articles;
  std::vector<Fingerprint> fingerprints;
  // Filled only for BM_StoreNormalizedArticles: the text as dedup already
  // normalised it, handed to the store instead of normalised again.
  std::vector<std::pair<std::string, std::string>> normalized;
};

// Stores the corpus; every third article joins the
// story of the one before it (a wire copy), the others start a story.
void StoreAll(Store& store, const Corpus& corpus) {
  const std::vector<Article>& articles = corpus.articles;
  int64_t previous_story = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    if (i % kBatch == 0) Check(store.BeginBatch(), "begin");
    auto id = store.NextArticleId();
    if (!id.ok()) std::abort();
    StoryAssignment story;
    if (i % 3 == 2) {
      story.story_id = previous_story;
      story.matched_doc = *id - 1;
      story.similarity = story.story_similarity = 0.9;
      story.new_story = false;
    } else {
      story.story_id = *id;
      story.matched_doc = *id;
    }
    NormalizedText normalized;
    if (!corpus.normalized.empty()) {
      normalized.title = corpus.normalized[i].first;
      normalized.body = corpus.normalized[i].second;
    }
    Check(store.InsertArticle(*id, articles[i], corpus.fingerprints[i], story, 1697882400000, normalized),
          "insert");
    previous_story = story.story_id;
    if (i % kBatch == kBatch - 1 || i + 1 == articles.size()) Check(store.CommitBatch(), "commit");
  }
}

Corpus MakeCorpus(size_t n, uint64_t first, SyntheticNews& news, bool normalize = false) {
  Corpus c;
  Fingerprinter fingerprinter;
  TextNormalizer normalizer;
  for (size_t i = 0; i < n; ++i) {
    c.articles.push_back(news.Next(first + i));
    std::string body = c.articles.back().Body();
    c.fingerprints.push_back(fingerprinter.Compute(body));
    if (normalize) {
      auto& [title, text] = c.normalized.emplace_back();
      normalizer.Normalize(c.articles.back().title, &title);
      normalizer.Normalize(body, &text);
    }
  }
  return c;
}

// state.range(1): 1 when the normalised text comes with the article.
void BM_StoreArticles(benchmark::State& state) {
  SyntheticNews news(42);
  Corpus corpus = MakeCorpus(static_cast<size_t>(state.range(0)), 0, news, state.range(1) != 0);
  for (auto _ : state) {
    state.PauseTiming();
    BenchDir dir;
    auto store = MustOpen(dir.File("bench.db"));
    state.ResumeTiming();
    StoreAll(*store, corpus);
    state.PauseTiming();
    state.counters["db_MiB"] = static_cast<double>(store->Stats()->database_bytes) / (1 << 20);
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["us_per_article"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::OneK::kIs1000);
}
BENCHMARK(BM_StoreArticles)
    ->Args({ArticlesPerRun(), 0})
    ->Args({ArticlesPerRun(), 1})
    ->ArgNames({"articles", "normalized"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_IngestArticles(benchmark::State& state) {
  SyntheticNews news(42);
  std::vector<Article> articles;
  for (int64_t i = 0; i < state.range(0); ++i) articles.push_back(news.Next(static_cast<uint64_t>(i)));
  for (auto _ : state) {
    state.PauseTiming();
    BenchDir dir;
    auto store = MustOpen(dir.File("bench.db"));
    auto pipeline = IngestPipeline::Open(*store);
    if (!pipeline.ok()) std::abort();
    state.ResumeTiming();
    for (const Article& a : articles) {
      if (!(*pipeline)->AddArticle(a, 1697882400000).ok()) std::abort();
    }
    Check((*pipeline)->Flush(), "flush");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IngestArticles)
    ->Arg(ArticlesPerRun())
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

// Cost per article early (rows 10k..20k) and late (the last window before
// WIRECRAWL_BENCH_ROWS): flat means the indexes' growth does not show.
void BM_StoreGrowth(benchmark::State& state) {
  const char* env = std::getenv("WIRECRAWL_BENCH_ROWS");
  const size_t total = env ? std::strtoull(env, nullptr, 10) : 1000000;
  constexpr size_t kWindow = 10000;
  constexpr size_t kChunk = 10000;
  if (total < 3 * kWindow) {
    state.SkipWithError("WIRECRAWL_BENCH_ROWS must be >= 30000");
    return;
  }
  for (auto _ : state) {
    BenchDir dir;
    auto store = MustOpen(dir.File("growth.db"));
    SyntheticNews news(7);
    double early_s = 0;
    double late_s = 0;
    double all_s = 0;
    for (size_t done = 0; done < total; done += kChunk) {
      Corpus corpus = MakeCorpus(std::min(kChunk, total - done), done, news);
      auto start = std::chrono::steady_clock::now();
      StoreAll(*store, corpus);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      all_s += s;
      if (done == kWindow) early_s = s;
      if (done + kChunk >= total) late_s = s;
    }
    state.SetIterationTime(all_s);
    state.counters["rows"] = static_cast<double>(total);
    state.counters["us_per_article_at_10k"] = early_s / kWindow * 1e6;
    state.counters["us_per_article_at_end"] = late_s / kWindow * 1e6;
    state.counters["late_over_early"] = late_s / early_s;
    state.counters["db_GiB"] = static_cast<double>(store->Stats()->database_bytes) / (1 << 30);
  }
  state.SetItemsProcessed(static_cast<int64_t>(total) * state.iterations());
}
BENCHMARK(BM_StoreGrowth)->Unit(benchmark::kSecond)->Iterations(1)->UseManualTime();

}  // namespace
}  // namespace wirecrawl

BENCHMARK_MAIN();
