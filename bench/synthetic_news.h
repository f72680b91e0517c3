// bench/synthetic_news.h: news-sized synthetic articles for the store,
// archive and web benchmarks: a title of 8 words and a body of 300 words in
// 6 paragraphs, half Arabic and half Latin words drawn from a 50k-word
// Zipf(1) vocabulary (about 200 distinct words per article, like news text).
// Deterministic for a seed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "parser/article.h"

namespace wirecrawl {

// A fixed vocabulary with Zipf(1.0) frequencies, like words in news text.
class SyntheticNews {
 public:
  // The vocabulary depends on `seed` only; `stream` (e.g. the number of
  // articles already stored) starts another sequence of articles over it.
  explicit SyntheticNews(uint64_t seed, uint64_t stream = 0) : rng_(seed) {
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
    if (stream != 0) rng_.seed(seed ^ (stream * 0x9e3779b97f4a7c15ULL));
  }

  // The vocabulary's word of this frequency rank (0: the most common), for
  // searches of a common and a rare word.
  const std::string& Word(size_t rank) const { return words_.at(rank); }

  // Article n of site n % 400, published at published (ISO 8601).
  Article Next(uint64_t n, const std::string& published = "2023-10-21T10:00:00Z") {
    Article a;
    a.url = "https://site" + std::to_string(n % 400) + ".example/news/" + std::to_string(n);
    a.canonical_url = a.url;
    a.title = Words(8);
    a.language = n % 2 ? "en" : "ar";
    a.published = published;
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

}  // namespace wirecrawl
