// dedup/fingerprint.h: text -> Fingerprint (exact hash + MinHash signature),
// and the compact byte form of a Signature that the store saves.
//
// Pipeline: NormalizeText (dedup/normalize.h) -> words -> shingles of
// DedupOptions::shingle_size words -> MinHash with DedupOptions::num_hashes
// functions (dedup/minhash.h). Measurements behind the defaults are in
// dedup/README.md.
//
// Thread safety: Fingerprinter is thread-compatible (one per thread; it keeps
// scratch buffers). ComputeFingerprint keeps one per thread. The Encode/Decode
// functions are pure.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace wirecrawl {

struct DedupOptions {
  // Words per shingle. 5: one changed word removes 5 of ~400 shingles
  // (J 0.98), so light copy-editing keeps wire copies above the threshold,
  // while two articles on the same topic share almost no 5-word runs
  // (J <= 0.03 for the seeds). Measured in dedup/README.md.
  int shingle_size = 5;
  int num_hashes = 128;  // MinHash k: SE of the estimate is sqrt(J(1-J)/k) = 0.041 at J 0.7
  // LSH: b bands of r rows; a pair at Jaccard J becomes a candidate with
  // probability 1 - (1 - J^r)^b. 25x5 gives 0.990 at J 0.7 (18x7: 0.79, which
  // lost 5% of the pairs >= 0.7 in the synthetic corpus) and 0.008 at J 0.2;
  // measured recall and cost in dedup/README.md.
  int bands = 25;
  int rows = 5;            // rows per band r (REQUIRES: bands * rows <= num_hashes)
  double threshold = 0.7;  // estimated Jaccard at which two docs are one story
  // Keep each document's shingle set (sorted hashes) in its Fingerprint, so
  // that candidates are verified with exact Jaccard instead of the
  // signature estimate (whose SE of 0.041 at J 0.7 misjudges pairs near the
  // threshold: see README). Costs 4 bytes per distinct shingle in an
  // in-memory StoryIndex; the archive's index recomputes a candidate's set
  // from its stored body (ingest/story_matcher.h).
  bool keep_shingles = false;

  // InvalidArgument naming the bad field, or Ok.
  Status Validate() const;
};

struct Signature {
  std::vector<uint32_t> values;  // num_hashes MinHash values
  int shingle_size = 0;          // the shingle size it was computed with (0: none)
};

struct Fingerprint {
  // XXH3-64 of the normalised text: equal => exact duplicate. 0 when the
  // normalised text is empty (such a document never matches another).
  uint64_t exact_hash = 0;
  Signature signature;
  // Shingles (word runs) in the text; 0 when it has fewer words than
  // shingle_size, and then only exact duplicates are detected.
  size_t shingle_count = 0;
  // Sorted distinct shingle hashes; filled only with DedupOptions::keep_shingles.
  std::vector<uint32_t> shingles;
};

// Reusable text -> Fingerprint converter (keeps ICU objects and buffers warm).
class Fingerprinter {
 public:
  // REQUIRES: options.Validate().ok()
  explicit Fingerprinter(const DedupOptions& options = {});
  ~Fingerprinter();
  Fingerprinter(Fingerprinter&&) noexcept;
  Fingerprinter& operator=(Fingerprinter&&) noexcept;

  Fingerprint Compute(std::string_view utf8_text);
  // As Compute, reusing *out's buffers (no allocation in a warm loop).
  void Compute(std::string_view utf8_text, Fingerprint* out);

  // NormalizeText of the text last given to Compute (words joined by single
  // spaces): what the store's search index holds, so that ingest normalises
  // each body once. Valid until the next Compute or the destructor.
  std::string_view normalized() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One-shot form; keeps a Fingerprinter per thread for the last options used.
Fingerprint ComputeFingerprint(std::string_view utf8_text, const DedupOptions& options = {});

// Signature <-> compact blob: 4 header bytes ('W', kSignatureFamily,
// shingle_size, 0) then the values as little-endian uint32 (516 bytes for
// k = 128). Decode rejects other families, so a stored signature is never
// compared with one from an incompatible hash family.
// The blob is a std::string of bytes (binary, not text: bind it as a BLOB).
std::string EncodeSignature(const Signature& signature);
Result<Signature> DecodeSignature(std::string_view blob);

// Estimated Jaccard of two signatures (see EstimateJaccard in minhash.h);
// 0 when they are not comparable (different k or shingle size, or empty).
double EstimateSimilarity(const Signature& a, const Signature& b);

}  // namespace wirecrawl
