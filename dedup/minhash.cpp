// dedup/minhash.cpp: shingle hashing and the MinHash inner loop.
#include "dedup/minhash.h"

// Inlined: words are short, and a call into the shared library per word
// cost more than the hashing.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <limits>

namespace wirecrawl {
namespace {

// Hash functions are applied 16 at a time: the 16 running minima stay in
// vector registers while all shingles stream past, instead of loading and
// storing the k minima once per shingle.
constexpr size_t kBlock = 16;

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The murmur3 finaliser: a bijection on 32 bits with full avalanche.
uint32_t Mix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85EBCA6BU;
  h ^= h >> 13;
  h *= 0xC2B2AE35U;
  h ^= h >> 16;
  return h;
}

// One block of 16 hash functions over all shingles. Built for three x86-64
// levels (AVX-512 has a native 64-bit multiply, AVX2 emulates it with three
// 32-bit ones) and picked at load time, so the binary stays portable. Not
// under the sanitizers: their runtime is not up yet when the loader runs an
// ifunc resolver (a TSan build crashed at start).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void SignBlock(const uint32_t* shingles, size_t count, const uint64_t* a, const uint64_t* b,
               uint32_t* out) {
  uint32_t m[kBlock];
  for (size_t j = 0; j < kBlock; ++j) m[j] = std::numeric_limits<uint32_t>::max();
  for (size_t s = 0; s < count; ++s) {
    const uint64_t x = shingles[s];
    for (size_t j = 0; j < kBlock; ++j) {
      const auto h = static_cast<uint32_t>((a[j] * x + b[j]) >> 32);
      m[j] = h < m[j] ? h : m[j];
    }
  }
  for (size_t j = 0; j < kBlock; ++j) out[j] = m[j];
}

}  // namespace

void ShingleHashes(std::span<const std::string_view> words, int shingle_size, std::vector<uint32_t>* out) {
  assert(shingle_size >= 1);
  const auto n = static_cast<size_t>(shingle_size);
  if (words.size() < n) return;
  // Hash each word once (XXH3-64); a shingle combines its n word hashes, in
  // order, with a multiply-xorshift chain, so a word is read once rather
  // than n times.
  thread_local std::vector<uint64_t> word_hashes;
  word_hashes.resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) word_hashes[i] = XXH3_64bits(words[i].data(), words[i].size());
  const size_t first = out->size();
  out->resize(first + words.size() - n + 1);
  uint32_t* dst = out->data() + first;
  for (size_t i = 0; i + n <= words.size(); ++i) {
    uint64_t h = 0x9E3779B97F4A7C15ULL * n;
    for (size_t j = 0; j < n; ++j) {
      h = (h ^ word_hashes[i + j]) * 0xFF51AFD7ED558CCDULL;
      h ^= h >> 32;
    }
    dst[i] = static_cast<uint32_t>(h * 0xC4CEB9FE1A85EC53ULL >> 32);
  }
}

MinHasher::MinHasher(int num_hashes, uint64_t seed) : num_hashes_(num_hashes) {
  assert(num_hashes >= 1);
  size_t padded = (static_cast<size_t>(num_hashes) + kBlock - 1) / kBlock * kBlock;
  multipliers_.resize(padded);
  increments_.resize(padded);
  uint64_t state = seed;
  for (size_t i = 0; i < padded; ++i) {
    multipliers_[i] = SplitMix64(&state);
    increments_[i] = SplitMix64(&state);
  }
}

void MinHasher::Sign(std::span<const uint32_t> shingles, std::span<uint32_t> out) const {
  assert(out.size() == static_cast<size_t>(num_hashes_));
  // Multiply-add-shift is only 2-universal: on structured keys (runs of
  // consecutive integers) its minima are biased (+0.035 at J 0.3, measured).
  // A bijective mixer in front costs one step per shingle, not per hash, and
  // makes any key set look random; shingle hashes already do, so it is
  // harmless for them.
  thread_local std::vector<uint32_t> keys;
  keys.resize(shingles.size());
  for (size_t i = 0; i < shingles.size(); ++i) keys[i] = Mix32(shingles[i]);
  uint32_t block[kBlock];
  for (size_t base = 0; base < out.size(); base += kBlock) {
    SignBlock(keys.data(), keys.size(), &multipliers_[base], &increments_[base], block);
    std::copy_n(block, std::min(kBlock, out.size() - base), out.begin() + static_cast<ptrdiff_t>(base));
  }
}

double EstimateJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  assert(a.size() == b.size() && !a.empty());
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i] ? 1 : 0;
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

double ExactJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t common = 0;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace wirecrawl
