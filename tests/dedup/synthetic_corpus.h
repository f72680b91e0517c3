// tests/dedup/synthetic_corpus.h: a generated corpus of near-duplicate
// families with known edits, and its exact ground truth. Used by the dedup
// tests and by bench/dedup_bench.cpp.
//
// Words are drawn from a Zipf(1.0) vocabulary, like real text, so unrelated
// documents share common words but almost no 5-word runs. Each family has a
// base document and variants made from the base or from an earlier variant
// (chains, as when a site copies another site's copy) by the edits that
// republishing makes: scattered word changes, a rewritten block, a new
// headline, a dropped tail, two sentences swapped. The edit strengths are
// drawn so that pair similarities spread over 0.2..1, many of them near the
// 0.7 threshold, which is where errors happen.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wirecrawl::testing {

struct SyntheticDoc {
  std::vector<std::string> words;
  int family = 0;  // -1 for unrelated singletons
  std::string Text() const {
    std::string out;
    for (const auto& w : words) {
      if (!out.empty()) out += ' ';
      out += w;
    }
    return out;
  }
};

class ZipfVocabulary {
 public:
  ZipfVocabulary(size_t size, std::mt19937_64& rng) {
    std::uniform_int_distribution<int> letter('a', 'z');
    std::uniform_int_distribution<int> length(2, 9);
    std::set<std::string> seen;
    while (words_.size() < size) {
      std::string w;
      for (int n = length(rng); n > 0; --n) w += static_cast<char>(letter(rng));
      if (seen.insert(w).second) words_.push_back(w);
    }
    double total = 0;
    for (size_t rank = 1; rank <= size; ++rank) {
      total += 1.0 / static_cast<double>(rank);
      cdf_.push_back(total);
    }
    for (double& c : cdf_) c /= total;
  }
  const std::string& Draw(std::mt19937_64& rng) const {
    double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    size_t i = static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
    return words_[std::min(i, words_.size() - 1)];
  }

 private:
  std::vector<std::string> words_;
  std::vector<double> cdf_;
};

inline std::vector<std::string> RandomWords(const ZipfVocabulary& vocab, size_t n, std::mt19937_64& rng) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(vocab.Draw(rng));
  return out;
}

// One variant of parent with random edits of random strength.
inline std::vector<std::string> EditedCopy(const std::vector<std::string>& parent,
                                           const ZipfVocabulary& vocab, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::string> w = parent;
  double p = u(rng) * 0.06;  // scattered word changes
  for (auto& word : w) {
    if (u(rng) < p) word = vocab.Draw(rng);
  }
  if (u(rng) < 0.35 && w.size() > 40) {  // a rewritten block
    auto len = static_cast<size_t>(static_cast<double>(w.size()) * (0.05 + 0.25 * u(rng)));
    auto at = static_cast<size_t>(u(rng) * static_cast<double>(w.size() - len));
    for (size_t i = at; i < at + len; ++i) w[i] = vocab.Draw(rng);
  }
  if (u(rng) < 0.35 && w.size() > 40) {  // a new headline
    auto old_len = static_cast<size_t>(6 + u(rng) * 8);
    auto headline = RandomWords(vocab, static_cast<size_t>(6 + u(rng) * 8), rng);
    w.erase(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(old_len));
    w.insert(w.begin(), headline.begin(), headline.end());
  }
  if (u(rng) < 0.35 && w.size() > 40) {  // the last paragraph dropped
    auto len = static_cast<size_t>(static_cast<double>(w.size()) * (0.05 + 0.2 * u(rng)));
    w.resize(w.size() - len);
  }
  if (u(rng) < 0.35 && w.size() > 80) {  // two adjacent sentences swapped
    auto a = static_cast<size_t>(10 + u(rng) * 15);
    auto b = static_cast<size_t>(10 + u(rng) * 15);
    auto at = static_cast<size_t>(u(rng) * static_cast<double>(w.size() - a - b));
    std::rotate(w.begin() + static_cast<std::ptrdiff_t>(at), w.begin() + static_cast<std::ptrdiff_t>(at + a),
                w.begin() + static_cast<std::ptrdiff_t>(at + a + b));
  }
  return w;
}

inline std::vector<SyntheticDoc> MakeSyntheticCorpus(uint64_t seed, int families, int singletons,
                                                     size_t min_words = 300, size_t max_words = 500) {
  std::mt19937_64 rng(seed);
  ZipfVocabulary vocab(20000, rng);
  std::uniform_int_distribution<size_t> length(min_words, max_words);
  std::uniform_int_distribution<int> variants(1, 7);
  std::vector<SyntheticDoc> docs;
  for (int f = 0; f < families; ++f) {
    std::vector<std::vector<std::string>> family{RandomWords(vocab, length(rng), rng)};
    for (int v = variants(rng); v > 0; --v) {
      // 60% copy the original, the rest copy an earlier copy.
      size_t parent = std::uniform_real_distribution<double>(0, 1)(rng) < 0.6
                          ? 0
                          : std::uniform_int_distribution<size_t>(0, family.size() - 1)(rng);
      family.push_back(EditedCopy(family[parent], vocab, rng));
    }
    for (auto& words : family) docs.push_back(SyntheticDoc{std::move(words), f});
  }
  for (int s = 0; s < singletons; ++s) docs.push_back(SyntheticDoc{RandomWords(vocab, length(rng), rng), -1});
  std::shuffle(docs.begin(), docs.end(), rng);  // copies arrive interleaved, as in a crawl
  return docs;
}

// Sorted distinct hashes of the n-word runs, computed independently of dedup/
// (std::hash of each word, combined in order; 64 bits, so no collisions in
// practice).
inline std::vector<uint64_t> ShingleSet(const std::vector<std::string>& words, size_t n) {
  std::vector<uint64_t> word_hashes;
  for (const auto& w : words) word_hashes.push_back(std::hash<std::string>{}(w));
  std::vector<uint64_t> out;
  for (size_t i = 0; i + n <= words.size(); ++i) {
    uint64_t h = 0;
    for (size_t j = i; j < i + n; ++j) h = (h ^ word_hashes[j]) * 0x100000001B3ULL + (h >> 29);
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Exact Jaccard of every pair of documents that shares at least one shingle
// (all other pairs have Jaccard 0), keyed by (i, j) with i < j.
inline std::map<std::pair<size_t, size_t>, double> ExactPairJaccard(
    const std::vector<std::vector<uint64_t>>& sets) {
  // (shingle, doc) pairs sorted by shingle: each run is a shingle's postings.
  std::vector<std::pair<uint64_t, uint32_t>> postings;
  for (size_t d = 0; d < sets.size(); ++d) {
    for (uint64_t s : sets[d]) postings.emplace_back(s, static_cast<uint32_t>(d));
  }
  std::sort(postings.begin(), postings.end());
  std::unordered_map<uint64_t, uint32_t> common;  // (a << 32 | b) -> shared shingles
  for (size_t run = 0; run < postings.size();) {
    size_t end = run;
    while (end < postings.size() && postings[end].first == postings[run].first) ++end;
    for (size_t a = run; a < end; ++a) {
      for (size_t b = a + 1; b < end; ++b) {
        ++common[static_cast<uint64_t>(postings[a].second) << 32 | postings[b].second];
      }
    }
    run = end;
  }
  std::map<std::pair<size_t, size_t>, double> out;
  for (const auto& [key, c] : common) {
    size_t a = key >> 32;
    size_t b = key & 0xFFFFFFFFu;
    double uni = static_cast<double>(sets[a].size() + sets[b].size() - c);
    out[{a, b}] = static_cast<double>(c) / uni;
  }
  return out;
}

}  // namespace wirecrawl::testing
