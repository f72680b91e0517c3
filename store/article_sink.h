// store/article_sink.h: where extracted articles go: articles with their
// versions, their fingerprints and LSH band keys (the story index, on disk),
// and the stories dedup put them in.
//
// Used by the ingest path (ingest/ingest.h), which the crawler and
// `wirecrawl ingest` share. A backend implements it with its own types;
// nothing here names SQL.
//
// Contract: as for every role of a Store (store/store.h): one thread at a
// time, writes inside the caller's batch, failures as Status.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dedup/story_index.h"
#include "parser/article.h"
#include "store/records.h"

namespace wirecrawl {

class ArticleSink {
 public:
  virtual ~ArticleSink() = default;

  virtual Result<std::optional<ArticleKey>> FindArticle(std::string_view url) = 0;
  // The id the next InsertArticle must use: dedup assigns a story to a
  // document id before the row exists. REQUIRES: a batch is open.
  virtual Result<int64_t> NextArticleId() = 0;
  // Stores a new article with its fingerprint and LSH band keys, in the
  // story dedup chose: a new story (story.new_story, story_id == id) or an
  // existing one whose member count, sites and first/last seen are updated.
  // REQUIRES: a batch is open, id == NextArticleId(), article.url not stored.
  virtual Status InsertArticle(int64_t id, const Article& article, const Fingerprint& fingerprint,
                               std::span<const uint32_t> band_keys, const StoryAssignment& story,
                               int64_t fetched_ms, const NormalizedText& normalized = {}) = 0;
  // A known URL fetched again. A different body hash keeps the old body in
  // article_versions; the article stays in its story (its fingerprint and
  // band keys are replaced, for future matches).
  virtual Result<ArticleChange> UpdateArticle(int64_t id, const Article& article,
                                              const Fingerprint& fingerprint,
                                              std::span<const uint32_t> band_keys, int64_t fetched_ms,
                                              const NormalizedText& normalized = {}) = 0;

  // ---- The story index: band keys on disk, looked up per new article -------
  // The LSH banding the stored band keys were made with ("25x5"), or empty
  // when none are.
  virtual Result<std::string> BandLayout() = 0;
  // Replaces every stored band key with keys_of(fingerprint) for each
  // fingerprint seen at or after since_ms (older articles get none), and
  // records `layout`, all or nothing (its own batch when none is open).
  // Returns how many articles got band keys.
  virtual Result<int64_t> RebuildBands(
      std::string_view layout, int64_t since_ms,
      const std::function<std::vector<uint32_t>(const StoredFingerprint&)>& keys_of) = 0;
  // The fingerprints of articles seen at or after since_ms that share one of
  // band_keys (at most kMaxPerBandKey per key, the newest) or whose
  // body_hash is exact_hash (when not 0): each once, by ascending article
  // id. Sees the open batch's own writes.
  static constexpr int kMaxPerBandKey = 32;
  virtual Result<std::vector<StoredFingerprint>> FindNearDuplicates(std::span<const uint32_t> band_keys,
                                                                    uint64_t exact_hash,
                                                                    int64_t since_ms) = 0;
  // The fingerprint of a stored article; none if there is no such article.
  // One pruned beyond the window (Maintenance::PruneStoryIndex) comes from
  // its article row: no signature, shingle_count 0.
  virtual Result<std::optional<StoredFingerprint>> GetFingerprint(int64_t article_id) = 0;
  // The stored body of an article (paragraphs joined by '\n'), from which
  // its shingle set is recomputed for exact verification.
  virtual Result<std::optional<std::string>> GetBody(int64_t article_id) = 0;
};

}  // namespace wirecrawl
