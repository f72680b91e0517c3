// dedup/story_index.h: near-duplicate story clustering (MinHash + LSH).
//
// CONTRACT between dedup/ and store/ (store persists what this produces):
// - Fingerprint(text) computes the exact hash of the normalised text and the
//   MinHash signature; the store saves both with the article.
// - StoryIndex::Assign(doc, fingerprint) returns the story the document joins.
// - On reopen, the store calls StoryIndex::Restore for every stored document
//   (no signature is recomputed), then clustering continues.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirecrawl {

struct DedupOptions {
  int shingle_size = 5;      // words per shingle (see dedup/README or SHINGLES comment)
  int num_hashes = 128;      // MinHash k
  int bands = 18;            // LSH bands b
  int rows = 7;              // rows per band r (b*r <= num_hashes)
  double threshold = 0.7;    // estimated Jaccard at which two docs are one story
};

struct Signature {
  std::vector<uint32_t> values;  // num_hashes MinHash values
};

struct Fingerprint {
  uint64_t exact_hash = 0;  // hash of the normalised text: equal => exact duplicate
  Signature signature;
  size_t shingle_count = 0;  // 0 when the text is too short to shingle
};

struct StoryAssignment {
  int64_t story_id = 0;      // the doc id of the story's first member
  int64_t matched_doc = 0;   // the member it matched (== doc id for a new story)
  double similarity = 1.0;   // estimated Jaccard to matched_doc (1.0 for exact / new)
  bool exact_duplicate = false;
  bool new_story = true;
};

class StoryIndex;  // defined by dedup/, see the implementation header

}  // namespace wirecrawl
