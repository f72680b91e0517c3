// Tests of dedup/minhash.h and dedup/fingerprint.h: shingles, the MinHash
// estimator against theory, and the stored signature format.
#include "dedup/minhash.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/normalize.h"

namespace wirecrawl {
namespace {

struct SetPair {
  std::vector<uint32_t> a;
  std::vector<uint32_t> b;
};

// Two sets whose union has `size` elements, `common` of them in both; the
// elements come from next_element (random or structured).
template <typename Next>
SetPair MakePair(size_t size, size_t common, Next next_element, std::mt19937_64& rng) {
  SetPair p;
  for (size_t i = 0; i < size; ++i) {
    uint32_t x = next_element();
    if (i < common) {
      p.a.push_back(x);
      p.b.push_back(x);
    } else if (rng() % 2 == 0) {
      p.a.push_back(x);
    } else {
      p.b.push_back(x);
    }
  }
  return p;
}

struct ErrorStats {
  double mean = 0;
  double sd = 0;
};

template <typename Next>
ErrorStats EstimatorErrors(double target_j, int pairs, Next next_element, std::mt19937_64& rng) {
  MinHasher hasher(128);
  std::vector<uint32_t> sa(128);
  std::vector<uint32_t> sb(128);
  std::vector<double> errors;
  for (int i = 0; i < pairs; ++i) {
    // The error of each of the k estimates is Bernoulli(J) whatever the set
    // size, so small sets test the same thing faster.
    const size_t size = 100 + rng() % 100;
    SetPair p = MakePair(size, static_cast<size_t>(std::lround(target_j * static_cast<double>(size))),
                         next_element, rng);
    std::set<uint32_t> ua(p.a.begin(), p.a.end());
    std::set<uint32_t> ub(p.b.begin(), p.b.end());
    std::vector<uint32_t> va(ua.begin(), ua.end());
    std::vector<uint32_t> vb(ub.begin(), ub.end());
    const double exact = ExactJaccard(va, vb);
    hasher.Sign(p.a, sa);
    hasher.Sign(p.b, sb);
    errors.push_back(EstimateJaccard(sa, sb) - exact);
  }
  ErrorStats s;
  for (double e : errors) s.mean += e;
  s.mean /= static_cast<double>(errors.size());
  for (double e : errors) s.sd += (e - s.mean) * (e - s.mean);
  s.sd = std::sqrt(s.sd / static_cast<double>(errors.size() - 1));
  return s;
}

// MinHash theory: the estimator's error is SE = sqrt(J(1-J)/k). With
// 600 pairs per J, the sample SD is within ~3% of the true SD (1 sigma), so a
// +-12% band fails a family whose hash functions are correlated (too wide) or
// that is biased, but not an honest one by chance.
TEST_CASE("MinHashTheory_ErrorMatchesTheStandardError_RandomShingles", "[minhash]") {
  std::mt19937_64 rng(42);
  auto random_element = [&rng] { return static_cast<uint32_t>(rng()); };
  for (double j : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const int pairs = 600;
    ErrorStats s = EstimatorErrors(j, pairs, random_element, rng);
    const double theory = std::sqrt(j * (1 - j) / 128.0);
    INFO("J=" << j << " mean error " << s.mean << " sd " << s.sd << " theory " << theory);
    CHECK(std::abs(s.mean) < 4 * theory / std::sqrt(pairs));
    CHECK(s.sd > 0.88 * theory);
    CHECK(s.sd < 1.12 * theory);
  }
}

// Structured keys (runs of consecutive integers) are where weak permutation
// families, e.g. (a*x + b) mod 2^32, show correlated or biased minima.
TEST_CASE("MinHashTheory_ErrorMatchesTheStandardError_ConsecutiveKeys", "[minhash]") {
  std::mt19937_64 rng(43);
  uint32_t next = 1;
  auto consecutive = [&next] { return next++; };
  for (double j : {0.3, 0.7}) {
    const int pairs = 600;
    ErrorStats s = EstimatorErrors(j, pairs, consecutive, rng);
    const double theory = std::sqrt(j * (1 - j) / 128.0);
    INFO("J=" << j << " mean error " << s.mean << " sd " << s.sd << " theory " << theory);
    CHECK(std::abs(s.mean) < 4 * theory / std::sqrt(pairs));
    CHECK(s.sd > 0.88 * theory);
    CHECK(s.sd < 1.12 * theory);
  }
}

TEST_CASE("MinHash_IdenticalAndDisjointSets", "[minhash]") {
  MinHasher hasher(128);
  std::vector<uint32_t> a{1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<uint32_t> a_repeated{8, 7, 6, 5, 4, 3, 2, 1, 1, 2, 3};
  std::vector<uint32_t> disjoint{100, 200, 300, 400, 500, 600, 700, 800};
  std::vector<uint32_t> s1(128), s2(128), s3(128);
  hasher.Sign(a, s1);
  hasher.Sign(a_repeated, s2);
  hasher.Sign(disjoint, s3);
  CHECK(EstimateJaccard(s1, s2) == 1.0);  // order and repetition do not matter
  CHECK(EstimateJaccard(s1, s3) < 0.05);
  // A different seed is a different family: its values differ.
  MinHasher other(128, 12345);
  std::vector<uint32_t> s4(128);
  other.Sign(a, s4);
  CHECK(EstimateJaccard(s1, s4) < 0.05);
}

TEST_CASE("MinHash_AnyNumberOfHashes", "[minhash]") {
  for (int k : {1, 7, 16, 100, 200}) {
    MinHasher hasher(k);
    std::vector<uint32_t> sig(static_cast<size_t>(k));
    std::vector<uint32_t> shingles{10, 20, 30};
    hasher.Sign(shingles, sig);
    for (uint32_t v : sig) CHECK(v != UINT32_MAX);
  }
}

TEST_CASE("Shingles_CountAndOrder", "[minhash]") {
  std::vector<std::string_view> words{"a", "b", "c", "d", "e", "f", "a", "b", "c", "d", "e"};
  std::vector<uint32_t> out;
  ShingleHashes(words, 5, &out);
  REQUIRE(out.size() == 7);
  CHECK(out[0] == out[6]);  // "a b c d e" twice
  CHECK(out[0] != out[1]);
  std::vector<uint32_t> short_text;
  ShingleHashes(std::vector<std::string_view>{"a", "b"}, 5, &short_text);
  CHECK(short_text.empty());
  // Word boundaries matter: "ab c" is not "a bc".
  std::vector<uint32_t> x, y;
  ShingleHashes(std::vector<std::string_view>{"ab", "c"}, 2, &x);
  ShingleHashes(std::vector<std::string_view>{"a", "bc"}, 2, &y);
  CHECK(x != y);
}

TEST_CASE("ExactJaccard_SortedSets", "[minhash]") {
  std::vector<uint32_t> a{1, 2, 3, 4};
  std::vector<uint32_t> b{3, 4, 5, 6};
  CHECK(ExactJaccard(a, b) == Approx(2.0 / 6.0));
  CHECK(ExactJaccard(a, a) == 1.0);
  CHECK(ExactJaccard(a, {}) == 0.0);
  CHECK(ExactJaccard({}, {}) == 1.0);
}

// Scattered edits hurt 5-shingles far more than block edits of the same size
// (README: why n = 5). 10% scattered -> about 0.43, 10% as one block -> ~0.8.
TEST_CASE("DedupDoc_ShingleSize5_ScatteredVersusBlockEdits", "[minhash]") {
  std::mt19937_64 rng(5);
  std::vector<std::string> words;
  for (int i = 0; i < 2000; ++i) words.push_back("w" + std::to_string(rng() % 100000));
  auto set_of = [](const std::vector<std::string>& w) {
    std::vector<std::string_view> views(w.begin(), w.end());
    std::vector<uint32_t> s;
    ShingleHashes(views, 5, &s);
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    return s;
  };
  // 10% of the positions, chosen at random (evenly spaced edits would be
  // worse still: each kills 5 shingles with no overlap, J 0.33).
  std::vector<std::string> scattered = words;
  std::vector<size_t> positions(words.size());
  for (size_t i = 0; i < positions.size(); ++i) positions[i] = i;
  std::shuffle(positions.begin(), positions.end(), rng);
  for (size_t i = 0; i < words.size() / 10; ++i) scattered[positions[i]] = "edit" + std::to_string(i);
  std::vector<std::string> block = words;
  for (size_t i = 500; i < 700; ++i) block[i] = "edit" + std::to_string(i);
  double j_scattered = ExactJaccard(set_of(words), set_of(scattered));
  double j_block = ExactJaccard(set_of(words), set_of(block));
  CHECK(j_scattered == Approx(0.42).margin(0.03));
  CHECK(j_block == Approx(0.80).margin(0.03));
}

TEST_CASE("Fingerprint_EmptyAndShortTexts", "[fingerprint]") {
  Fingerprint empty = ComputeFingerprint("  ،،  ...  ");
  CHECK(empty.exact_hash == 0);
  CHECK(empty.shingle_count == 0);
  CHECK(empty.signature.values.empty());
  Fingerprint short_text = ComputeFingerprint("عاجل: غزة");
  CHECK(short_text.exact_hash != 0);
  CHECK(short_text.shingle_count == 0);
  Fingerprint five = ComputeFingerprint("one two three four five");
  CHECK(five.shingle_count == 1);
  CHECK(five.signature.values.size() == 128);
  CHECK(five.signature.shingle_size == 5);
}

TEST_CASE("Fingerprint_NormalisationDecidesExactDuplicates", "[fingerprint]") {
  Fingerprint a = ComputeFingerprint("قالت وزارة الخارجية القطرية، السبت ٢١ أكتوبر");
  Fingerprint b = ComputeFingerprint("قَالَتْ وزارهْ الخــارجية القطريه السبت 21 اكتوبر!");
  CHECK(a.exact_hash == b.exact_hash);
  CHECK(a.signature.values == b.signature.values);
  Fingerprint c = ComputeFingerprint("قالت وزارة الخارجية القطرية، الأحد ٢١ أكتوبر");
  CHECK(a.exact_hash != c.exact_hash);
}

TEST_CASE("Fingerprint_KeepShinglesGivesSortedSet", "[fingerprint]") {
  DedupOptions options;
  options.keep_shingles = true;
  Fingerprint fp = ComputeFingerprint("a b c d e f g a b c d e f g", options);
  CHECK(fp.shingle_count == 10);
  CHECK(fp.shingles.size() == 7);  // 3 shingles repeat
  CHECK(std::is_sorted(fp.shingles.begin(), fp.shingles.end()));
  CHECK(ComputeFingerprint("a b c d e f g", DedupOptions{}).shingles.empty());
}

TEST_CASE("Fingerprinter_HandsOutTheNormalizedText", "[fingerprint]") {
  Fingerprinter f;
  Fingerprint fp = f.Compute("قَالَتْ وزارةُ الخارجية، السبت ٢١ أكتوبر!");
  CHECK(f.normalized() == NormalizeText("قَالَتْ وزارةُ الخارجية، السبت ٢١ أكتوبر!"));
  CHECK(f.normalized() == "قالت وزاره الخارجيه السبت 21 اكتوبر");
}

TEST_CASE("SignatureBlob_RoundTrip", "[fingerprint]") {
  Fingerprint fp = ComputeFingerprint("the quick brown fox jumps over the lazy dog again and again");
  std::string blob = EncodeSignature(fp.signature);
  CHECK(blob.size() == 4 + 4 * 128);
  Result<Signature> back = DecodeSignature(blob);
  REQUIRE(back.ok());
  CHECK(back->values == fp.signature.values);
  CHECK(back->shingle_size == 5);
  CHECK(EstimateSimilarity(*back, fp.signature) == 1.0);

  Signature none;  // a text too short to shingle
  none.shingle_size = 5;
  Result<Signature> empty = DecodeSignature(EncodeSignature(none));
  REQUIRE(empty.ok());
  CHECK(empty->values.empty());
}

TEST_CASE("SignatureBlob_RejectsCorruptOrForeign", "[fingerprint]") {
  std::string blob = EncodeSignature(ComputeFingerprint("one two three four five six").signature);
  CHECK(DecodeSignature("").status().code() == Status::Code::kCorruption);
  CHECK(DecodeSignature(blob.substr(0, blob.size() - 1)).status().code() == Status::Code::kCorruption);
  std::string foreign = blob;
  foreign[1] = static_cast<char>(kSignatureFamily + 1);
  Result<Signature> r = DecodeSignature(foreign);
  REQUIRE(!r.ok());
  CHECK(r.status().code() == Status::Code::kUnsupported);
  CHECK(r.status().message().find("recompute") != std::string::npos);
  std::string bad_magic = blob;
  bad_magic[0] = 'X';
  CHECK(!DecodeSignature(bad_magic).ok());
}

// Signatures are persisted: the family must not change silently. If this
// fails, bump kSignatureFamily (stored blobs then ask to be recomputed).
TEST_CASE("SignatureFamily_StableAcrossReleases", "[fingerprint]") {
  Fingerprint fp = ComputeFingerprint("one two three four five");
  REQUIRE(fp.signature.values.size() == 128);
  CHECK(kSignatureFamily == 1);
  // Golden values recorded when family 1 was defined.
  CHECK(fp.signature.values[0] == 3347399699u);
  CHECK(fp.signature.values[1] == 3538084051u);
  CHECK(fp.signature.values[2] == 4005078672u);
  CHECK(fp.signature.values[3] == 1208815962u);
  CHECK(fp.signature.values[127] == 3503046089u);
  CHECK(fp.exact_hash == 0xea11017dd5073998ULL);  // XXH3-64 of "one two three four five"
}

TEST_CASE("DedupOptions_Validate", "[fingerprint]") {
  CHECK(DedupOptions{}.Validate().ok());
  DedupOptions o;
  o.bands = 30;  // 30 x 5 > 128
  CHECK(o.Validate().code() == Status::Code::kInvalidArgument);
  o = {};
  o.threshold = 0;
  CHECK(!o.Validate().ok());
  o = {};
  o.shingle_size = 0;
  CHECK(!o.Validate().ok());
}

}  // namespace
}  // namespace wirecrawl
