// bench/web_bench.cpp: how long the web page (web/) takes to render each page
// on the server, for a database of 100,000 articles (the bar: under 50 ms
// a page). Run from a Release build:
//
//   cmake --preset release && cmake --build --preset release --target web_bench
//   build/release/bench/web_bench
//
// WIRECRAWL_BENCH_ARTICLES sets the number of articles (default 100000).
// WIRECRAWL_BENCH_DB=FILE keeps the database in FILE, and reuses it when it
// exists (the fill takes minutes; the pages take milliseconds).
// The database is filled once, before the clock starts, through the real
// write paths: IngestPipeline (fingerprints, stories, search index) for the
// articles, then the frontier (Enqueue, TakeDue, MarkFetched) for their
// URLs, so the sources page has hosts, URLs and verdicts to aggregate.
// Articles are synthetic (8-word titles, 6 paragraphs of 50 words, half
// Arabic, half Latin, Zipf vocabulary), on 400 sites, stored over the last
// 60 days; every third one is a copy of the one before on another site with
// the end of a paragraph rewritten, so half of the stories have two copies.
//
// Each benchmark times Pages::Get for one page (HTML or JSON), reading
// through a read-only connection as `wirecrawl serve` does: the server's
// whole work for a request except the socket.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "store/store.h"
#include "web/pages.h"

namespace wirecrawl {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kDayMs = 86'400'000;

class Words {
 public:
  explicit Words(uint64_t seed) : rng_(seed) {
    const char* arabic[] = {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ر", "س", "ش", "ص", "ع",
                            "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي", "ة", "أ", "ى"};
    std::uniform_int_distribution<int> length(3, 8);
    for (int w = 0; w < 50000; ++w) {
      std::string word;
      int n = length(rng_);
      for (int i = 0; i < n; ++i)
        word += w % 2 == 0 ? arabic[rng_() % std::size(arabic)]
                           : std::string(1, static_cast<char>('a' + rng_() % 26));
      words_.push_back(std::move(word));
    }
    double sum = 0;
    for (int r = 1; r <= 50000; ++r) cumulative_.push_back(sum += 1.0 / r);
    for (double& c : cumulative_) c /= sum;
  }
  std::string Sentence(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      double u = std::uniform_real_distribution<double>(0, 1)(rng_);
      size_t r = static_cast<size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) -
                                     cumulative_.begin());
      if (i > 0) out += ' ';
      out += words_[std::min(r, words_.size() - 1)];
    }
    return out + ".";
  }
  const std::string& Word(size_t rank) const { return words_[rank]; }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

struct BenchDatabase {
  fs::path dir;
  std::string path;
  int64_t now_ms = 0;
  int64_t story_id = 0;    // a story with copies
  int64_t article_id = 0;  // one of its copies
  std::string query;
  std::string common_query;
  std::unique_ptr<Store> reader;

  BenchDatabase() {
    now_ms = 1'800'000'000'000;
    if (const char* keep = std::getenv("WIRECRAWL_BENCH_DB")) {
      path = keep;
      if (fs::exists(path)) {
        OpenReader();
        return;
      }
    } else {
      std::string pattern = (fs::temp_directory_path() / "wirecrawl-web-bench-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) std::abort();
      dir = pattern;
      path = (dir / "web.db").string();
    }
    Fill();
    OpenReader();
  }

  void OpenReader() {
    // A kept database of an older schema is upgraded first (the reader
    // cannot), as any writing command would.
    if (!OpenStore(path).ok()) std::abort();
    StoreOptions options;
    options.read_only = true;
    auto opened = OpenStore(path, options);
    if (!opened.ok()) std::abort();
    reader = std::move(opened).value();
    // The pages to time: the last story with copies, a copy of it, and two
    // words of middling frequency.
    StoryListQuery newest;
    newest.min_sites = 2;
    newest.limit = 1;
    auto listing = reader->ListStoryOverviews(newest);
    if (!listing.ok() || listing->stories.empty()) std::abort();
    story_id = listing->stories[0].summary.id;
    article_id = listing->stories[0].copies.back().article_id;
    Words words(42);
    // Two words of middling frequency (~7 % of articles each), and two of
    // the most frequent (~half the articles each: every match is ranked).
    query = words.Word(300) + " " + words.Word(301);
    common_query = words.Word(40) + " " + words.Word(41);
  }

  void Fill() {
    const char* env = std::getenv("WIRECRAWL_BENCH_ARTICLES");
    const int64_t articles = env ? std::atoll(env) : 100000;
    const int64_t start_ms = now_ms - 60 * kDayMs;
    auto store = OpenStore(path);
    if (!store.ok()) std::abort();
    auto pipeline = IngestPipeline::Open(**store, {});
    if (!pipeline.ok()) std::abort();
    Words words(42);
    Article previous;
    std::vector<std::string> urls;
    if (!(*store)->BeginBatch().ok()) std::abort();
    for (int64_t n = 0; n < articles; ++n) {
      Article a;
      a.url = "https://site" + std::to_string(n % 400) + ".example/news/" + std::to_string(n) + ".html";
      a.canonical_url = a.url;
      a.language = n % 2 ? "en" : "ar";
      a.published = "2023-10-21T10:00:00Z";
      if (n % 3 == 2) {
        // A copy of the article before, on another site, the end of one
        // paragraph rewritten (a wire copy with an edit: same story).
        a.title = previous.title;
        a.paragraphs = previous.paragraphs;
        a.paragraphs[3] = a.paragraphs[3].substr(0, a.paragraphs[3].size() / 2) + " " + words.Sentence(12);
        a.published = "2023-10-21T12:30:00Z";
      } else {
        a.title = words.Sentence(8);
        for (int p = 0; p < 6; ++p) a.paragraphs.push_back(words.Sentence(50));
      }
      int64_t fetched = start_ms + (now_ms - start_ms) * n / articles;
      auto result = (*pipeline)->AddArticle(a, fetched);
      if (!result.ok()) std::abort();
      urls.push_back(a.url);
      previous = a;
      if (n % 500 == 499) {
        if (!(*pipeline)->Commit(**store).ok() || !(*store)->BeginBatch().ok()) std::abort();
      }
    }
    if (!(*pipeline)->Commit(**store).ok()) std::abort();
    // The frontier: each article's URL fetched once, with its verdict.
    Status s = WithBatch(**store, [&]() -> Status {
      for (const std::string& url : urls) {
        UrlToEnqueue u;
        u.url = url;
        u.kind = UrlKind::kArticle;
        if (Result<bool> added = (*store)->Enqueue(u); !added.ok()) return added.status();
      }
      int64_t id = 1;
      while (true) {
        Result<std::vector<DueUrl>> due = (*store)->TakeDue(now_ms, 5000, 5000, {});
        if (!due.ok()) return due.status();
        if (due->empty()) return Status::Ok();
        for (const DueUrl& d : *due) {
          FetchedUrl f;
          f.url_id = d.id;
          f.fetched_ms = now_ms - 1000;
          f.article_id = id++;
          f.page_kind = "article";
          f.page_reason = "article text of 300 words";
          WIRECRAWL_RETURN_IF_ERROR((*store)->MarkFetched(f));
        }
      }
    });
    if (!s.ok()) std::abort();
  }

  ~BenchDatabase() {
    reader.reset();
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

BenchDatabase& Database() {
  static BenchDatabase db;
  return db;
}

void Page(benchmark::State& state, const std::string& path, const web::Params& params) {
  BenchDatabase& db = Database();
  web::Pages pages(*db.reader, [&db] { return db.now_ms; });
  size_t bytes = 0;
  for (auto _ : state) {
    web::Response r = pages.Get(path, params);
    if (r.status != 200) state.SkipWithError(("status " + std::to_string(r.status) + ": " + r.body).c_str());
    bytes = r.body.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_Stories(benchmark::State& s) { Page(s, "/", {}); }
void BM_StoriesPage50(benchmark::State& s) { Page(s, "/", {{"page", "50"}}); }
void BM_StoriesFiltered(benchmark::State& s) {
  Page(s, "/", {{"lang", "en"}, {"min_sites", "2"}, {"from", "2023-10-01"}});
}
void BM_Story(benchmark::State& s) { Page(s, "/story/" + std::to_string(Database().story_id), {}); }
void BM_Article(benchmark::State& s) { Page(s, "/article/" + std::to_string(Database().article_id), {}); }
void BM_Search(benchmark::State& s) { Page(s, "/search", {{"q", Database().query}}); }
void BM_SearchCommonWords(benchmark::State& s) { Page(s, "/search", {{"q", Database().common_query}}); }
void BM_Sources(benchmark::State& s) { Page(s, "/sources", {}); }
void BM_ApiStories(benchmark::State& s) { Page(s, "/api/stories", {}); }
void BM_ApiStory(benchmark::State& s) { Page(s, "/api/story/" + std::to_string(Database().story_id), {}); }
void BM_ApiSources(benchmark::State& s) { Page(s, "/api/sources", {}); }

BENCHMARK(BM_Stories)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoriesPage50)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoriesFiltered)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Story)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Article)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Search)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SearchCommonWords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sources)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApiStories)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApiStory)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApiSources)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wirecrawl

BENCHMARK_MAIN();
