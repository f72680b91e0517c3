// ingest/story_matcher.h: which story a new article joins, decided against
// the database's story index rather than one held in memory.
//
// The same rule as dedup/story_index.h: an article whose normalised text
// equals an earlier one's joins that article's story; otherwise its LSH
// candidates (articles sharing a band key: dedup/lsh_index.h) are verified,
// with exact Jaccard of the shingle sets (the candidate's recomputed from
// its stored body) or else the signature estimate, and it joins the story of
// the best candidate at or above the threshold, or starts its own.
//
// Only articles seen within `window` before the new one are compared: wire
// copies of one story appear within hours to days, and the window bounds
// what a lookup reads, however large the archive. Nothing is read at start-
// up: the band keys are in the store (ArticleSink), indexed for lookup, and
// SQLite's page cache is the only memory they take.
//
// Thread safety: thread-compatible (the writer's thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "dedup/fingerprint.h"
#include "dedup/lsh_index.h"
#include "dedup/story_index.h"
#include "store/article_sink.h"

namespace wirecrawl {

class StoryMatcher {
 public:
  // window_ms: how far back (by the articles' dates) a new article is
  // compared; 0 = the whole archive. REQUIRES: store outlives the matcher,
  // options.Validate().ok().
  StoryMatcher(ArticleSink& store, const DedupOptions& options, int64_t window_ms);

  // Makes sure the stored band keys are this banding's (rebuilds them from
  // the stored signatures, within the window, when another banding or none
  // made them: once after an upgrade or a changed [dedup] section).
  Status Prepare(int64_t now_ms);

  // The story an article with this fingerprint, seen at seen_ms, joins.
  // Changes nothing: the store records the assignment with InsertArticle.
  Result<StoryAssignment> Assign(int64_t article_id, const Fingerprint& fingerprint, int64_t seen_ms);

  // The band keys to store with an article that Assign placed (none for an
  // exact duplicate: it shares its original's entry).
  std::vector<uint32_t> BandKeys(const Fingerprint& fingerprint) const;

  // Every stored article in the window whose verified similarity reaches
  // the threshold, most similar first (for tools and tests).
  Result<std::vector<StoryMatch>> Matches(const Fingerprint& fingerprint, int64_t seen_ms);

  // "25x5": the banding, as the store records it.
  std::string Layout() const;

 private:
  // Exact Jaccard when both shingle sets are at hand, else the estimate;
  // none when neither is (a candidate beyond the window whose signature
  // upkeep dropped, and whose body no longer normalises as it did).
  Result<std::optional<double>> Similarity(const Fingerprint& fingerprint,
                                           const StoredFingerprint& candidate);
  Result<std::vector<StoredFingerprint>> Candidates(const Fingerprint& fingerprint, int64_t seen_ms);
  int64_t Since(int64_t seen_ms) const;

  ArticleSink& store_;
  DedupOptions options_;
  int64_t window_ms_;
  LshIndex bands_;  // only its BandKeys: nothing is inserted
  std::vector<uint32_t> keys_;
  std::vector<uint32_t> shingles_;  // scratch for a candidate's set
};

}  // namespace wirecrawl
