// bench/dedup_bench.cpp: issue 4's speed bar for dedup/, on 400-word documents.
//
//   text -> signature   >= 30,000 docs/s per core (normalise, tokenise, shingle, MinHash)
//   LSH query + insert  >= 300,000 docs/s
//   memory per indexed document
//
// Run from a Release build (numbers in dedup/README.md):
//   cmake --preset release && cmake --build --preset release --target dedup_bench
//   build/release/bench/dedup_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/lsh_index.h"
#include "dedup/minhash.h"
#include "dedup/normalize.h"
#include "dedup/story_index.h"

namespace wirecrawl {
namespace {

constexpr size_t kWordsPerDoc = 400;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// 400-word Arabic documents cut from the seed articles (as raw text, with
// their punctuation, digits and line breaks), starting at different words so
// that no two are equal.
const std::vector<std::string>& ArabicDocs() {
  static const std::vector<std::string> docs = [] {
    std::string all;
    for (const char* name :
         {"000_4ee4f963b7449bfb.txt", "001_eb10dbea392cbcdd.txt", "002_2026b547aa31c764.txt",
          "003_9ba4330f9d46e516.txt", "004_fd20d3b24343bf30.txt"}) {
      all += ReadFile(std::string(WIRECRAWL_SOURCE_DIR) + "/tests/data/seeds/" + name) + "\n";
    }
    // Word start offsets in the raw text (split on ASCII space).
    std::vector<size_t> starts{0};
    for (size_t i = 0; i < all.size(); ++i) {
      if (all[i] == ' ') starts.push_back(i + 1);
    }
    std::vector<std::string> out;
    for (size_t w = 0; w + kWordsPerDoc < starts.size() && out.size() < 256; w += 7) {
      out.push_back(all.substr(starts[w], starts[w + kWordsPerDoc] - starts[w]));
    }
    return out;
  }();
  return docs;
}

// 400-word English-like documents (ASCII path): Zipf words with punctuation.
const std::vector<std::string>& AsciiDocs() {
  static const std::vector<std::string> docs = [] {
    std::mt19937_64 rng(3);
    std::vector<std::string> vocab;
    std::uniform_int_distribution<int> len(2, 9);
    for (int i = 0; i < 20000; ++i) {
      std::string w;
      for (int n = len(rng); n > 0; --n) w += static_cast<char>('a' + rng() % 26);
      vocab.push_back(w);
    }
    std::vector<std::string> out;
    for (int d = 0; d < 256; ++d) {
      std::string text;
      for (size_t i = 0; i < kWordsPerDoc; ++i) {
        // Zipf-ish: rank ~ 1/u.
        double u = std::uniform_real_distribution<double>(1e-4, 1.0)(rng);
        auto rank = std::min<size_t>(vocab.size() - 1, static_cast<size_t>(1.0 / u) - 1);
        text += (i % 12 == 0 ? "The " : "") + vocab[rank] + (i % 15 == 14 ? ". " : " ");
      }
      out.push_back(text);
    }
    return out;
  }();
  return docs;
}

void SetBytes(benchmark::State& state, const std::vector<std::string>& docs) {
  size_t bytes = 0;
  for (const auto& d : docs) bytes += d.size();
  state.counters["bytes_per_doc"] = static_cast<double>(bytes) / static_cast<double>(docs.size());
}

// The whole text -> signature path, as ingest runs it.
void BM_TextToSignature(benchmark::State& state, const std::vector<std::string>& (*corpus)()) {
  const auto& docs = corpus();
  Fingerprinter fingerprinter;
  Fingerprint fp;
  size_t i = 0;
  for (auto _ : state) {
    fingerprinter.Compute(docs[i++ % docs.size()], &fp);
    benchmark::DoNotOptimize(fp.signature.values.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  SetBytes(state, docs);
}
BENCHMARK_CAPTURE(BM_TextToSignature, arabic, ArabicDocs);
BENCHMARK_CAPTURE(BM_TextToSignature, ascii, AsciiDocs);

// The stages on their own, to show where the time goes.
void BM_Normalize(benchmark::State& state, const std::vector<std::string>& (*corpus)()) {
  const auto& docs = corpus();
  TextNormalizer normalizer;
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    normalizer.Normalize(docs[i++ % docs.size()], &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(BM_Normalize, arabic, ArabicDocs);
BENCHMARK_CAPTURE(BM_Normalize, ascii, AsciiDocs);

void BM_ShingleHashes(benchmark::State& state) {
  TextNormalizer normalizer;
  std::vector<std::string> normalized;
  for (const auto& d : ArabicDocs()) normalizer.Normalize(d, &normalized.emplace_back());
  std::vector<std::string_view> words;
  std::vector<uint32_t> shingles;
  size_t i = 0;
  for (auto _ : state) {
    const std::string& text = normalized[i++ % normalized.size()];
    words.clear();
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      words.emplace_back(text.data() + start, end - start);
      start = end + 1;
    }
    shingles.clear();
    ShingleHashes(words, 5, &shingles);
    benchmark::DoNotOptimize(shingles.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ShingleHashes);

void BM_MinHash128(benchmark::State& state) {
  std::mt19937_64 rng(1);
  std::vector<uint32_t> shingles(kWordsPerDoc - 4);
  for (auto& s : shingles) s = static_cast<uint32_t>(rng());
  MinHasher hasher(128);
  std::vector<uint32_t> signature(128);
  for (auto _ : state) {
    hasher.Sign(shingles, signature);
    benchmark::DoNotOptimize(signature.data());
    ++shingles[0];
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_MinHash128);

// Fingerprints of a crawl-like stream: 30% of documents are near copies
// (5-30% of shingles replaced) of an earlier one, the rest are new. Made from
// random shingle sets so that 200,000 of them are quick to build.
std::vector<Fingerprint> StreamFingerprints(size_t count) {
  std::mt19937_64 rng(9);
  MinHasher hasher(128);
  std::vector<std::vector<uint32_t>> sets;
  std::vector<Fingerprint> out;
  out.reserve(count);
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t i = 0; i < count; ++i) {
    std::vector<uint32_t> set;
    if (!sets.empty() && u(rng) < 0.3) {
      set = sets[rng() % sets.size()];
      double replace = 0.05 + 0.25 * u(rng);
      for (auto& s : set) {
        if (u(rng) < replace) s = static_cast<uint32_t>(rng());
      }
    } else {
      set.resize(kWordsPerDoc - 4);
      for (auto& s : set) s = static_cast<uint32_t>(rng());
    }
    Fingerprint fp;
    fp.exact_hash = rng() | 1;
    fp.shingle_count = set.size();
    fp.signature.shingle_size = 5;
    fp.signature.values.resize(128);
    hasher.Sign(set, fp.signature.values);
    out.push_back(std::move(fp));
    if (sets.size() < 20000) sets.push_back(std::move(set));
  }
  return out;
}

const std::vector<Fingerprint>& Stream() {
  static const std::vector<Fingerprint> stream = StreamFingerprints(200000);
  return stream;
}

// malloc's count of bytes in use, including the large blocks it maps directly.
size_t HeapInUse() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// StoryIndex::Assign per document: exact-hash lookup, LSH query, verifying
// the candidates with the signature estimate, and insertion. The index is
// rebuilt every 200,000 documents (outside the timing), so the figure is the
// average over an index growing from 0 to 200,000 documents. Arg 0: the
// tables grow as documents arrive (rehashes and first-touch page faults are
// in the figure); arg 1: Reserve(200,000) first, as after a reopen.
void BM_StoryIndexAssign(benchmark::State& state) {
  const auto& stream = Stream();
  const bool reserve = state.range(0) != 0;
  auto fresh = [&] {
    auto index = std::make_unique<StoryIndex>();
    if (reserve) index->Reserve(stream.size());
    return index;
  };
  auto index = fresh();
  size_t i = 0;
  size_t joined = 0;
  for (auto _ : state) {
    if (i == stream.size()) {
      state.PauseTiming();
      index = fresh();
      i = 0;
      state.ResumeTiming();
    }
    Result<StoryAssignment> a = index->Assign(static_cast<int64_t>(i), stream[i]);
    joined += a.ok() && !a->new_story ? 1 : 0;
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["joined_fraction"] = static_cast<double>(joined) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StoryIndexAssign)->Arg(0)->Arg(1);

// The LSH table alone: band keys, candidates, insert.
void BM_LshQueryInsert(benchmark::State& state) {
  const auto& stream = Stream();
  const bool reserve = state.range(0) != 0;
  DedupOptions options;
  auto fresh = [&] {
    auto lsh = std::make_unique<LshIndex>(options.bands, options.rows);
    if (reserve) lsh->Reserve(stream.size());
    return lsh;
  };
  auto lsh = fresh();
  std::vector<uint32_t> keys;
  std::vector<uint32_t> candidates;
  size_t i = 0;
  for (auto _ : state) {
    if (i == stream.size()) {
      state.PauseTiming();
      lsh = fresh();
      i = 0;
      state.ResumeTiming();
    }
    lsh->BandKeys(stream[i].signature.values, &keys);
    lsh->Candidates(keys, &candidates);
    lsh->Insert(keys, static_cast<uint32_t>(i));
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_LshQueryInsert)->Arg(0)->Arg(1);

// Memory per indexed document: heap in use (malloc's own count) before and
// after indexing N documents, and what StoryIndex::MemoryBytes reports.
void BM_MemoryPerDocument(benchmark::State& state) {
  const auto& stream = Stream();
  const auto n = static_cast<size_t>(state.range(0));
  const bool keep_shingles = state.range(1) != 0;
  std::vector<Fingerprint> with_shingles;
  if (keep_shingles) {
    // 396 distinct shingles per document, as a 400-word article has.
    std::mt19937_64 rng(4);
    for (size_t i = 0; i < n; ++i) {
      Fingerprint fp = stream[i];
      fp.shingles.resize(kWordsPerDoc - 4);
      for (auto& s : fp.shingles) s = static_cast<uint32_t>(rng());
      std::sort(fp.shingles.begin(), fp.shingles.end());
      with_shingles.push_back(std::move(fp));
    }
  }
  double heap_per_doc = 0;
  double reported_per_doc = 0;
  for (auto _ : state) {
    DedupOptions options;
    options.keep_shingles = keep_shingles;
    size_t before = HeapInUse();
    auto index = std::make_unique<StoryIndex>(options);
    for (size_t i = 0; i < n; ++i) {
      benchmark::DoNotOptimize(
          index->Assign(static_cast<int64_t>(i), keep_shingles ? with_shingles[i] : stream[i]));
    }
    heap_per_doc = static_cast<double>(HeapInUse() - before) / static_cast<double>(n);
    reported_per_doc = static_cast<double>(index->MemoryBytes()) / static_cast<double>(n);
  }
  state.counters["heap_bytes_per_doc"] = heap_per_doc;
  state.counters["reported_bytes_per_doc"] = reported_per_doc;
}
BENCHMARK(BM_MemoryPerDocument)
    ->Args({200000, 0})
    ->Args({200000, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace wirecrawl

BENCHMARK_MAIN();
