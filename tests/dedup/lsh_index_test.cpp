// Tests of dedup/lsh_index.h: the banding S-curve and the table itself.
#include "dedup/lsh_index.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "dedup/minhash.h"

namespace wirecrawl {
namespace {

// Two random shingle sets with the given Jaccard (union of 200), signed
// with k = 128.
void SignedPair(double j, std::mt19937_64& rng, const MinHasher& hasher, std::vector<uint32_t>* a,
                std::vector<uint32_t>* b) {
  const size_t uni = 200;
  const auto common = static_cast<size_t>(std::lround(j * uni));
  std::vector<uint32_t> sa, sb;
  for (size_t i = 0; i < uni; ++i) {
    auto x = static_cast<uint32_t>(rng());
    if (i < common) {
      sa.push_back(x);
      sb.push_back(x);
    } else {
      (i % 2 ? sa : sb).push_back(x);
    }
  }
  a->resize(128);
  b->resize(128);
  hasher.Sign(sa, *a);
  hasher.Sign(sb, *b);
}

// The chosen banding finds a pair at J with probability 1 - (1 - J^r)^b
// (README's table); measured over 800 pairs per J. All pairs of one J share
// an index (pair p's first document is slot p): a second document must find
// its own first one.
TEST_CASE("LSH_CandidateProbabilityFollowsSCurve", "[lsh]") {
  std::mt19937_64 rng(17);
  MinHasher hasher(128);
  const int pairs = 800;
  for (double j : {0.3, 0.5, 0.6, 0.7, 0.8}) {
    std::vector<std::vector<uint32_t>> firsts(pairs), seconds(pairs);
    for (int p = 0; p < pairs; ++p)
      SignedPair(j, rng, hasher, &firsts[static_cast<size_t>(p)], &seconds[static_cast<size_t>(p)]);
    for (auto [bands, rows] : {std::pair{25, 5}, std::pair{18, 7}}) {
      LshIndex lsh(bands, rows);
      std::vector<uint32_t> keys, out;
      for (int p = 0; p < pairs; ++p) {
        lsh.BandKeys(firsts[static_cast<size_t>(p)], &keys);
        lsh.Insert(keys, static_cast<uint32_t>(p));
      }
      int found = 0;
      for (int p = 0; p < pairs; ++p) {
        lsh.BandKeys(seconds[static_cast<size_t>(p)], &keys);
        lsh.Candidates(keys, &out);
        found += std::count(out.begin(), out.end(), static_cast<uint32_t>(p)) != 0 ? 1 : 0;
      }
      const double theory = 1 - std::pow(1 - std::pow(j, rows), bands);
      const double rate = static_cast<double>(found) / pairs;
      // 4 binomial SE plus a little for the spread of J estimates.
      const double tolerance = 4 * std::sqrt(theory * (1 - theory) / pairs) + 0.02;
      INFO(bands << "x" << rows << " J=" << j << " found " << rate << " theory " << theory);
      CHECK(std::abs(rate - theory) <= tolerance);
    }
  }
}

TEST_CASE("LSH_CandidatesAreUniqueAndSorted", "[lsh]") {
  LshIndex lsh(25, 5);
  std::vector<uint32_t> sig(128, 1);
  std::vector<uint32_t> keys, out;
  lsh.BandKeys(sig, &keys);
  REQUIRE(keys.size() == 25);
  // Equal values in different bands must give different keys.
  CHECK(keys[0] != keys[1]);
  for (uint32_t slot : {9u, 3u, 5u}) lsh.Insert(keys, slot);
  lsh.Candidates(keys, &out);
  CHECK(out == std::vector<uint32_t>{3, 5, 9});
  std::vector<uint32_t> other(128, 2);
  lsh.BandKeys(other, &keys);
  lsh.Candidates(keys, &out);
  CHECK(out.empty());
}

TEST_CASE("LSH_GrowsAndReservesWithoutLosingEntries", "[lsh]") {
  std::mt19937_64 rng(3);
  for (bool reserve : {false, true}) {
    LshIndex lsh(25, 5);
    const uint32_t docs = 5000;
    if (reserve) lsh.Reserve(docs);
    const size_t reserved_bytes = lsh.MemoryBytes();
    std::vector<std::vector<uint32_t>> sigs(docs, std::vector<uint32_t>(128));
    std::vector<uint32_t> keys, out;
    for (uint32_t d = 0; d < docs; ++d) {
      for (auto& v : sigs[d]) v = static_cast<uint32_t>(rng());
      lsh.BandKeys(sigs[d], &keys);
      lsh.Insert(keys, d);
    }
    CHECK(lsh.entries() == size_t{docs} * 25);
    if (reserve) CHECK(lsh.MemoryBytes() == reserved_bytes);  // no rehash after Reserve
    for (uint32_t d = 0; d < docs; d += 97) {
      lsh.BandKeys(sigs[d], &keys);
      lsh.Candidates(keys, &out);
      CHECK(out == std::vector<uint32_t>{d});
    }
  }
}

// A story copied hundreds of times must not make every query verify all copies.
TEST_CASE("LSH_CapsDocumentsPerBandKey", "[lsh]") {
  LshIndex lsh(25, 5);
  std::vector<uint32_t> sig(128, 42);
  std::vector<uint32_t> keys, out;
  lsh.BandKeys(sig, &keys);
  for (uint32_t d = 0; d < 100; ++d) lsh.Insert(keys, d);
  lsh.Candidates(keys, &out);
  CHECK(out.size() == static_cast<size_t>(LshIndex::kMaxDocsPerBandKey));
  CHECK(out.front() == 0);  // the earliest copies are the ones kept
}

}  // namespace
}  // namespace wirecrawl
