// Extraction speed over the benchmark pages: full `ExtractArticle` against
// gumbo's parse alone (the floor any gumbo-based extractor stands on).
// Pages: $WIRECRAWL_BENCH_PAGES or ../shared/bench/extraction/dev/html.
#include <benchmark/benchmark.h>
#include <gumbo.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "parser/extract.h"

namespace {

std::string Gunzip(const std::filesystem::path& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return out;
  char buf[65536];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    const char* env = std::getenv("WIRECRAWL_BENCH_PAGES");
    std::filesystem::path dir = env ? env : WIRECRAWL_SOURCE_DIR "/../shared/bench/extraction/dev/html";
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(dir))
      for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& p : files)
      out.push_back(p.extension() == ".gz" ? Gunzip(p) : Gunzip(p) /* gz reads plain too */);
    if (out.empty()) std::cerr << "no pages in " << dir << "\n";
    return out;
  }();
  return pages;
}

void BM_GumboParseOnly(benchmark::State& state) {
  const auto& pages = Pages();
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // the same options ExtractArticle parses with
  for (auto _ : state) {
    for (const auto& page : pages) {
      GumboOutput* out = gumbo_parse_with_options(&options, page.data(), page.size());
      benchmark::DoNotOptimize(out);
      gumbo_destroy_output(&options, out);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
}

void BM_GumboParseOnlyDefaultOptions(benchmark::State& state) {
  const auto& pages = Pages();
  for (auto _ : state) {
    for (const auto& page : pages) {
      GumboOutput* out = gumbo_parse(page.c_str());
      benchmark::DoNotOptimize(out);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
}

void BM_Extract(benchmark::State& state) {
  const auto& pages = Pages();
  for (auto _ : state) {
    for (const auto& page : pages) {
      auto article = wirecrawl::ExtractArticle(page, "", "https://bench.test/article");
      benchmark::DoNotOptimize(article);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
}

}  // namespace

BENCHMARK(BM_GumboParseOnly)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_GumboParseOnlyDefaultOptions)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK_MAIN();
