// store/article_sink.h: where extracted articles go: articles with their
// versions, their fingerprints and shingle sets (the story index's memory),
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
  // Stores a new article with its fingerprint, in the story dedup chose:
  // a new story (story.new_story, story_id == id) or an existing one whose
  // member count, sites and first/last seen are updated.
  // REQUIRES: a batch is open, id == NextArticleId(), article.url not stored.
  virtual Status InsertArticle(int64_t id, const Article& article, const Fingerprint& fingerprint,
                               const StoryAssignment& story, int64_t fetched_ms,
                               const NormalizedText& normalized = {}) = 0;
  // A known URL fetched again. A different body hash keeps the old body in
  // article_versions; the article stays in its story (its fingerprint is
  // updated for future matches).
  virtual Result<ArticleChange> UpdateArticle(int64_t id, const Article& article,
                                              const Fingerprint& fingerprint, int64_t fetched_ms,
                                              const NormalizedText& normalized = {}) = 0;
  // Calls `visit` for every stored fingerprint in article id order, for
  // StoryIndex::Restore. Stops early, returning that status, if visit fails.
  virtual Status ForEachFingerprint(const std::function<Status(const StoredFingerprint&)>& visit) = 0;
  // The sorted shingle hashes stored with article_id's fingerprint into
  // *shingles: true, or false when none are stored. Sees the open batch's
  // own writes. For StoryIndex's exact verification after a reopen
  // (dedup/story_index.h ShingleSource).
  virtual Result<bool> GetShingles(int64_t article_id, std::vector<uint32_t>* shingles) = 0;
};

}  // namespace wirecrawl
