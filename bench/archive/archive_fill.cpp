// bench/archive/archive_fill.cpp: fills a database with a year of synthetic
// news through the ingest path (fingerprint, stories, store), for the
// archive benchmarks (bench/archive/README.md).
//
//   archive_fill DB N [DAYS]
//   archive_fill --word RANK     (prints the vocabulary's word of that rank)
//
// N articles of 300 words (bench/synthetic_news.h) published over DAYS days
// (default 365) ending now, in date order, 400 sites; every 4th article is
// a wire copy of one of the 40 before it on another site with one paragraph
// rewritten, so stories form as they do in news. Appends to an existing
// database (article numbers continue), so 10k, 100k and 1M are one file
// grown in steps. Prints articles/s and the database size.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/time.h"
#include "bench/synthetic_news.h"
#include "ingest/ingest.h"
#include "store/store.h"

namespace {

using namespace wirecrawl;

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "archive_fill: %s: %s\n", what, s.message().c_str());
    std::exit(1);
  }
}

int64_t FileBytes(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--word") {
    std::printf("%s\n", SyntheticNews(42).Word(std::strtoull(argv[2], nullptr, 10)).c_str());
    return 0;
  }
  if (argc < 3) {
    std::fprintf(stderr, "usage: archive_fill DB N [DAYS] | archive_fill --word RANK\n");
    return 2;
  }
  const std::string path = argv[1];
  const int64_t count = std::strtoll(argv[2], nullptr, 10);
  const int64_t days = argc > 3 ? std::strtoll(argv[3], nullptr, 10) : 365;
  Result<std::unique_ptr<Store>> store = OpenStore(path);
  Check(store.ok() ? Status::Ok() : store.status(), "open");
  Result<StoreStats> before = (*store)->Stats();
  Check(before.ok() ? Status::Ok() : before.status(), "stats");
  const int64_t first = before->articles;
  Result<std::unique_ptr<IngestPipeline>> pipeline = IngestPipeline::Open(**store);
  Check(pipeline.ok() ? Status::Ok() : pipeline.status(), "pipeline");

  SyntheticNews news(42, static_cast<uint64_t>(first));  // one vocabulary for every step
  const int64_t now = NowMs();
  const int64_t span_ms = days * 86'400'000;
  std::vector<Article> recent;  // the last 40, for wire copies
  auto started = std::chrono::steady_clock::now();
  constexpr int64_t kBatch = 500;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t n = first + i;
    const int64_t published_ms = now - span_ms + span_ms * i / std::max<int64_t>(1, count);
    Article a;
    if (n % 4 == 3 && !recent.empty()) {
      a = recent[static_cast<size_t>(n) % recent.size()];
      a.url = "https://copy" + std::to_string(n % 397) + ".example/wire/" + std::to_string(n);
      a.canonical_url = a.url;
      a.paragraphs[2] = news.Next(static_cast<uint64_t>(n)).paragraphs[2];
      a.published = FormatIsoTime(published_ms);
    } else {
      a = news.Next(static_cast<uint64_t>(n), FormatIsoTime(published_ms));
    }
    if (recent.size() == 40) recent.erase(recent.begin());
    recent.push_back(a);
    if (i % kBatch == 0) Check((*store)->BeginBatch(), "begin");
    Result<IngestResult> r = (*pipeline)->AddArticle(a, published_ms + 60'000);
    Check(r.ok() ? Status::Ok() : r.status(), "ingest");
    if ((i + 1) % kBatch == 0) Check((*pipeline)->Commit(**store), "commit");
    if ((i + 1) % 100'000 == 0)
      std::fprintf(stderr, "archive_fill: %lld articles\n", static_cast<long long>(n + 1));
  }
  Check((*pipeline)->Commit(**store), "commit");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "archive_fill: %lld articles in %.1f s (%.0f/s); %lld articles stored; %.1f MB (+ WAL %.1f MB)\n",
      static_cast<long long>(count), seconds, static_cast<double>(count) / seconds,
      static_cast<long long>(first + count), static_cast<double>(FileBytes(path)) / 1e6,
      static_cast<double>(FileBytes(path + "-wal")) / 1e6);
  return 0;
}
