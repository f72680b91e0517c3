// bench/store_bench.cpp: how fast articles are stored (issue 3's speed bar:
// >= 20k articles/s excluding extraction, cost per article flat from 10k to
// 1M rows). Run from a Release build:
//
//   build/release/bench/store_bench --benchmark_counters_tabular=true
//   WIRECRAWL_BENCH_ROWS=1000000 build/release/bench/store_bench --benchmark_filter=Growth
//
// WIRECRAWL_BENCH_ARTICLES sets the articles per run of the first two
// (default 100000); WIRECRAWL_BENCH_BATCH the articles per transaction
// (default 500, as `wirecrawl ingest` commits).
//
// Articles are synthetic news-sized texts (title of 8 words, body of 300
// words in 6 paragraphs, half Arabic, half Latin words from a 50k-word Zipf
// vocabulary), generated before the clock starts. Each benchmark writes a
// real SQLite file (WAL, synchronous=NORMAL) in $TMPDIR.
//
// - BM_StoreArticles: Store::InsertArticle alone (fingerprints, with their
//   shingle sets, and story choices precomputed): the store's cost, every
//   row, the shingle set and the search index committed. normalized:1 is
//   the ingest path: the body's normalised text comes from the Fingerprinter
//   (dedup normalises it anyway) and the store normalises only the title;
//   normalized:0 makes the store normalise both, as before.
// - BM_IngestArticles: IngestPipeline::AddArticle: fingerprint, story
//   clustering and store: the ingest path without extraction.
// - BM_StoreGrowth: stores WIRECRAWL_BENCH_ROWS articles (default 1M, the
//   ingest path's hand-off as normalized:1) and times (wall and thread CPU)
//   the window just after 10k rows and the window just before the end.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench/synthetic_news.h"
#include "dedup/fingerprint.h"
#include "dedup/lsh_index.h"
#include "dedup/normalize.h"
#include "ingest/ingest.h"
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

// Articles per transaction, as `wirecrawl ingest` commits them (500);
// WIRECRAWL_BENCH_BATCH overrides it.
const size_t kBatch = [] {
  const char* env = std::getenv("WIRECRAWL_BENCH_BATCH");
  return env ? std::max<size_t>(1, std::strtoull(env, nullptr, 10)) : size_t{500};
}();

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// WIRECRAWL_BENCH_ARTICLES overrides the 100k articles (e.g. to profile).
int64_t ArticlesPerRun() {
  const char* env = std::getenv("WIRECRAWL_BENCH_ARTICLES");
  return env ? std::max<int64_t>(1, std::strtoll(env, nullptr, 10)) : 100000;
}

struct Corpus {
  std::vector<Article> articles;
  std::vector<Fingerprint> fingerprints;
  std::vector<std::vector<uint32_t>> bands;  // LSH band keys, as the ingest path stores them
  // The body as dedup already normalised it, handed to the store instead
  // of normalised again (empty: the store normalises).
  std::vector<std::string> normalized;
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
    if (!corpus.normalized.empty()) normalized.body = corpus.normalized[i];
    Check(store.InsertArticle(*id, articles[i], corpus.fingerprints[i], corpus.bands[i], story, 1697882400000,
                              normalized),
          "insert");
    previous_story = story.story_id;
    if (i % kBatch == kBatch - 1 || i + 1 == articles.size()) Check(store.CommitBatch(), "commit");
  }
}

// Fingerprints and LSH band keys as the ingest path makes them. With
// `normalize`, the body's normalised text comes from the Fingerprinter, as in
// IngestPipeline (the store still normalises the title).
Corpus MakeCorpus(size_t n, uint64_t first, SyntheticNews& news, bool normalize = true) {
  Corpus c;
  DedupOptions options;
  options.keep_shingles = true;
  Fingerprinter fingerprinter(options);
  LshIndex lsh(options.bands, options.rows);
  for (size_t i = 0; i < n; ++i) {
    c.articles.push_back(news.Next(first + i));
    std::string body = c.articles.back().Body();
    c.fingerprints.push_back(fingerprinter.Compute(body));
    lsh.BandKeys(c.fingerprints.back().signature.values, &c.bands.emplace_back());
    if (normalize) c.normalized.emplace_back(std::string(fingerprinter.normalized()));
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
    for (size_t i = 0; i < articles.size(); ++i) {
      if (i % kBatch == 0) Check(store->BeginBatch(), "begin");
      if (!(*pipeline)->AddArticle(articles[i], 1697882400000).ok()) std::abort();
      if ((i + 1) % kBatch == 0) Check((*pipeline)->Commit(*store), "commit");
    }
    Check((*pipeline)->Commit(*store), "commit");
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
    // CPU time of this thread too: on a shared machine the wall time of a
    // window also measures the neighbours' load.
    double early_cpu_s = 0;
    double late_cpu_s = 0;
    // Per 10k chunk: FTS5 merges its segments in steps (16 at a time), so a
    // single 10k window may or may not hold a merge; the 100k windows after
    // the first 10k and before the end show the amortised cost.
    std::vector<double> chunk_wall;
    std::vector<double> chunk_cpu;
    for (size_t done = 0; done < total; done += kChunk) {
      Corpus corpus = MakeCorpus(std::min(kChunk, total - done), done, news);
      auto start = std::chrono::steady_clock::now();
      double cpu_start = ThreadCpuSeconds();
      StoreAll(*store, corpus);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double cpu = ThreadCpuSeconds() - cpu_start;
      all_s += s;
      chunk_wall.push_back(s);
      chunk_cpu.push_back(cpu);
      if (done == kWindow) {
        early_s = s;
        early_cpu_s = cpu;
      }
      if (done + kChunk >= total) {
        late_s = s;
        late_cpu_s = cpu;
      }
    }
    state.SetIterationTime(all_s);
    state.counters["rows"] = static_cast<double>(total);
    state.counters["us_per_article_at_10k"] = early_s / kWindow * 1e6;
    state.counters["us_per_article_at_end"] = late_s / kWindow * 1e6;
    state.counters["late_over_early"] = late_s / early_s;
    state.counters["cpu_us_at_10k"] = early_cpu_s / kWindow * 1e6;
    state.counters["cpu_us_at_end"] = late_cpu_s / kWindow * 1e6;
    // Mean over up to 10 chunks: rows 10k..110k and the last 100k.
    auto mean_us = [&](const std::vector<double>& v, size_t from, size_t to) {
      double sum = 0;
      for (size_t i = from; i < to; ++i) sum += v[i];
      return sum / static_cast<double>((to - from) * kChunk) * 1e6;
    };
    const size_t n = chunk_wall.size();
    const size_t k = std::min<size_t>(10, n - 1);
    state.counters["us_10k_to_110k"] = mean_us(chunk_wall, 1, 1 + k);
    state.counters["us_last_100k"] = mean_us(chunk_wall, n - k, n);
    state.counters["cpu_us_10k_to_110k"] = mean_us(chunk_cpu, 1, 1 + k);
    state.counters["cpu_us_last_100k"] = mean_us(chunk_cpu, n - k, n);
    state.counters["db_GiB"] = static_cast<double>(store->Stats()->database_bytes) / (1 << 30);
  }
  state.SetItemsProcessed(static_cast<int64_t>(total) * state.iterations());
}
BENCHMARK(BM_StoreGrowth)->Unit(benchmark::kSecond)->Iterations(1)->UseManualTime();

}  // namespace
}  // namespace wirecrawl

BENCHMARK_MAIN();
