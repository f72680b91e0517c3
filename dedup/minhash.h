// dedup/minhash.h: word shingles and MinHash signatures (the inner loop of
// dedup; see dedup/README.md for why 5-word shingles and this hash family).
//
// A shingle is n consecutive words; its hash is XXH3-64 of the n word hashes,
// cut to 32 bits (two distinct shingles of one 2,000-word pair collide with
// probability ~1e-3, which moves Jaccard by < 0.001).
//
// MinHasher holds k hash functions from the multiply-add-shift family
//   h_i(x) = ((a_i * m(x) + b_i) mod 2^64) >> 32,  a_i, b_i uniform 64-bit,
// which is strongly universal from 32-bit keys onto 32-bit values
// (Dietzfelbinger 1996); m is the murmur3 32-bit finaliser, a bijection that
// makes structured key sets look random (without it, runs of consecutive keys
// give biased estimates). Its values use the high bits of the product, so
// they are not biased the way (a*x + b) mod 2^32 is in its low bits. The a_i, b_i
// are derived from a fixed seed so that signatures stored in the database
// stay comparable across processes and releases; kSignatureFamily names this
// choice and goes into the stored blob, so a future change is detected rather
// than silently comparing incompatible signatures.
//
// Thread safety: MinHasher is immutable after construction (Sign is const and
// may be called concurrently). Functions are pure.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wirecrawl {

// Version of (shingle hash, MinHash family, seed); bump on any change.
inline constexpr uint8_t kSignatureFamily = 1;

// Appends to *out the hash of every run of shingle_size consecutive words
// (words.size() - shingle_size + 1 values; none when there are fewer words).
// REQUIRES: shingle_size >= 1.
void ShingleHashes(std::span<const std::string_view> words, int shingle_size, std::vector<uint32_t>* out);

class MinHasher {
 public:
  // REQUIRES: num_hashes >= 1.
  explicit MinHasher(int num_hashes, uint64_t seed = 0x77697265637261ULL /* "wirecra" */);

  int num_hashes() const { return num_hashes_; }

  // out[i] = min over shingles of h_i; all 0xFFFFFFFF when shingles is empty.
  // Duplicated shingles do not matter (a set and its multiset sign alike).
  // REQUIRES: out.size() == num_hashes().
  void Sign(std::span<const uint32_t> shingles, std::span<uint32_t> out) const;

 private:
  int num_hashes_;
  std::vector<uint64_t> multipliers_;  // a_i, padded to a multiple of the block
  std::vector<uint64_t> increments_;   // b_i
};

// Fraction of positions where the two signatures agree: an unbiased estimate
// of the Jaccard similarity of the two shingle sets, with standard error
// sqrt(J(1-J)/k). REQUIRES: a.size() == b.size() > 0.
double EstimateJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

// |A ∩ B| / |A ∪ B| of two sorted, duplicate-free sets (1.0 when both empty).
double ExactJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

}  // namespace wirecrawl
