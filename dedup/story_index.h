// dedup/story_index.h: near-duplicate story clustering (MinHash + LSH).
//
// CONTRACT between dedup/ and store/ (store persists what this produces):
// - Fingerprint(text) computes the exact hash of the normalised text and the
//   MinHash signature; the store saves both with the article
//   (ComputeFingerprint / Fingerprinter in dedup/fingerprint.h;
//   EncodeSignature / DecodeSignature give the blob).
// - StoryIndex::Assign(doc, fingerprint) returns the story the document joins.
// - This index lives in memory, for a stream clustered in one go (`wirecrawl
//   dedup`). The archive's index is on disk (ingest/story_matcher.h), with
//   the same clustering rule.
//
// Clustering rule: a document whose normalised text equals an earlier one's
// (exact_hash) joins that document's story without any MinHash work.
// Otherwise its LSH candidates are verified (exact Jaccard when the new
// fingerprint carries shingles and the index keeps the candidate's set; else
// the estimate from the signatures) and it
// joins the story of the best candidate at or above DedupOptions::threshold,
// or else starts a new story whose id is its own doc id. A story's
// representative is its first member. Stories never merge: a late document
// that bridges two stories joins the one of its best match.
//
// Thread safety: thread-compatible; callers serialise Assign. Const methods
// may run concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "dedup/fingerprint.h"
#include "dedup/lsh_index.h"

namespace wirecrawl {

struct StoryAssignment {
  int64_t story_id = 0;     // the doc id of the story's first member
  int64_t matched_doc = 0;  // the member it matched (== doc id for a new story)
  double similarity = 1.0;  // estimated Jaccard to matched_doc (1.0 for exact / new)
  // Estimated Jaccard to the story's first member (story_id); may be below
  // the threshold when the document matched a later member.
  double story_similarity = 1.0;
  bool exact_duplicate = false;
  bool new_story = true;
};

// Where and when an article was seen, for the story's site count and dates.
struct ArticleOrigin {
  std::string_view site;  // e.g. the host name; empty: not counted
  int64_t seen_at = 0;    // seconds since the epoch; 0: unknown
};

// A verified candidate: an indexed document at or above the threshold.
struct StoryMatch {
  int64_t doc_id = 0;
  int64_t story_id = 0;
  double similarity = 0;  // exact or estimated Jaccard, as the index verifies
};

struct Story {
  int64_t id = 0;              // doc id of the first member
  int64_t representative = 0;  // the member that stands for the story (the first)
  size_t members = 0;
  int64_t first_seen = 0;  // min/max ArticleOrigin::seen_at of the members (0: unknown)
  int64_t last_seen = 0;
  size_t sites = 0;  // distinct ArticleOrigin::site values
};

class StoryIndex {
 public:
  // REQUIRES: options.Validate().ok()
  explicit StoryIndex(DedupOptions options = {});

  const DedupOptions& options() const { return options_; }

  // Clusters a new document. InvalidArgument if the fingerprint was made with
  // another num_hashes or shingle_size. REQUIRES: doc_id not yet in the index
  // (ids need not be dense or ordered, but a story's id is its first doc id).
  Result<StoryAssignment> Assign(int64_t doc_id, const Fingerprint& fingerprint,
                                 const ArticleOrigin& origin = {});

  // Every indexed document (exact duplicates aside: they share their
  // original's entry) whose verified similarity to fingerprint reaches the
  // threshold, most similar first. Does not change the index.
  std::vector<StoryMatch> Matches(const Fingerprint& fingerprint) const;

  std::optional<Story> FindStory(int64_t story_id) const;

  // Sizes the tables for `documents` documents (e.g. a stream of known
  // length), so that filling them does not rehash.
  void Reserve(size_t documents);

  size_t document_count() const { return document_count_; }
  size_t story_count() const { return stories_.size(); }

  // Heap bytes held (tables, signatures, stories), for capacity planning.
  size_t MemoryBytes() const;

 private:
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  struct StoryState {
    Story story;
    uint32_t representative_slot = kNoSlot;
    std::vector<uint64_t> site_hashes;  // sorted
  };
  struct ExactEntry {
    int64_t doc_id;
    uint32_t story;  // index into stories_
  };

  Status CheckFingerprint(const Fingerprint& fingerprint) const;
  // Exact Jaccard when fingerprint has shingles and slot's set is kept,
  // else the estimate.
  double Similarity(const Fingerprint& fingerprint, uint32_t slot) const;
  uint32_t StoryFor(int64_t story_id);
  uint32_t AddSlot(int64_t doc_id, uint32_t story, const Fingerprint& fingerprint);
  void AddMember(uint32_t story, const ArticleOrigin& origin);

  DedupOptions options_;
  LshIndex lsh_;
  size_t document_count_ = 0;
  // Per slot (documents with a signature that are not exact duplicates):
  std::vector<int64_t> slot_doc_;
  std::vector<uint32_t> slot_story_;
  // num_hashes values per slot, low 16 bits only: two different minima then
  // agree by chance with probability 2^-16, which moves an estimate by
  // < 0.0001, and it halves the index's largest array.
  std::vector<uint16_t> signatures_;
  std::vector<uint64_t> shingle_offsets_;  // with keep_shingles: slot i's set is
  std::vector<uint32_t> shingles_;         // shingles_[offsets[i], offsets[i+1])
  std::unordered_map<uint64_t, ExactEntry> exact_;
  std::vector<StoryState> stories_;
  std::unordered_map<int64_t, uint32_t> story_by_id_;
  // Scratch for Assign (keeps the hot path allocation-free).
  std::vector<uint32_t> keys_;
  std::vector<uint32_t> candidates_;
};

}  // namespace wirecrawl
