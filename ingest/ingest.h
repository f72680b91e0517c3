// store/ingest.h: the one path from a page to a stored article, used by
// `wirecrawl ingest` and by the crawler: extract (parser/) -> fingerprint and
// story clustering (dedup/) -> store (Store), in batched transactions.
//
// Contract:
// - Open restores the story index from every fingerprint in the store, so a
//   reopened database keeps clustering where it stopped; no signature is
//   recomputed. Each article's shingle set is stored with it and the index
//   fetches a candidate's set from the store to verify it with exact
//   Jaccard (dedup/story_index.h ShingleSource), so clustering after a
//   reopen is as accurate as before it, while the index holds only
//   signatures in memory (DedupOptions::keep_shingles is implied).
// - Each body is normalised once: the Fingerprinter's normalised text is
//   what the search index gets.
// - A URL already stored is an update: an unchanged normalised body only
//   moves last-seen, a changed one becomes a new version (store/store.h).
//   The article keeps its story.
// - Articles are committed every IngestOptions::batch_size articles and by
//   Flush; the destructor flushes. A crash loses at most the open batch.
// - Thread safety: one thread drives an IngestPipeline and its Store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "dedup/fingerprint.h"
#include "dedup/story_index.h"
#include "parser/extract.h"
#include "store/store.h"

namespace wirecrawl {

struct IngestOptions {
  // The config's [dedup] values (threshold, shingle size, MinHash and LSH
  // shape). A database keeps the signatures it was filled with: changing
  // shingle_size or num_hashes later makes Open fail ("recompute").
  DedupOptions dedup;
  ExtractOptions extract;
  // Articles per transaction: a commit costs about as much as a few hundred
  // inserts (WAL append + lock), so small batches would dominate the cost;
  // larger ones only delay when readers see new articles.
  size_t batch_size = 500;
};

struct IngestResult {
  int64_t article_id = 0;
  int64_t story_id = 0;
  bool new_article = true;
  ArticleChange change = ArticleChange::kUnchanged;  // for a URL already stored
  bool new_story = true;
  bool exact_duplicate = false;
  double similarity = 1.0;  // to the story's first member
  std::string url;
  std::string title;
};

class IngestPipeline {
 public:
  // REQUIRES: store outlives the pipeline; options.dedup.Validate().ok().
  static Result<std::unique_ptr<IngestPipeline>> Open(Store& store, const IngestOptions& options = {});
  ~IngestPipeline();
  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Extracts the page and adds the article. url: the page's URL (the
  // stored URL), or empty to use the page's canonical URL; content_type may
  // be empty. Errors caused by the page itself (not extractable, no URL, no
  // text) are kInvalidArgument; any other code is a store failure.
  Result<IngestResult> AddPage(std::string_view body, std::string_view content_type, std::string_view url,
                               int64_t fetched_ms);
  // Adds an extracted article (article.url set; a body is required: a page
  // without article text is refused with kInvalidArgument).
  Result<IngestResult> AddArticle(const Article& article, int64_t fetched_ms);

  // Commits the open batch, if any.
  Status Flush();

  size_t indexed_documents() const { return index_ ? index_->document_count() : 0; }
  // The story index (null until Open succeeded or after a failed rebuild),
  // e.g. for StoryIndex::Matches in tests and tools.
  const StoryIndex* story_index() const { return index_ ? &*index_ : nullptr; }
  // The fingerprint AddArticle would compute for a body, with its shingles.
  Fingerprint FingerprintOf(std::string_view body) { return fingerprinter_.Compute(body); }

 private:
  // The store as the story index's source of shingle sets.
  class StoredShingles final : public ShingleSource {
   public:
    explicit StoredShingles(Store& store) : store_(store) {}
    Result<bool> Shingles(int64_t doc_id, std::vector<uint32_t>* out) override {
      return store_.GetShingles(doc_id, out);
    }

   private:
    Store& store_;
  };

  IngestPipeline(Store& store, const IngestOptions& options);
  Status RebuildIndex();

  Store& store_;
  IngestOptions options_;
  StoredShingles stored_shingles_;
  std::optional<StoryIndex> index_;
  Fingerprinter fingerprinter_;
  Fingerprint fingerprint_;  // reused across articles
  size_t pending_ = 0;       // articles in the open batch
  // Set when the index may hold a document the database does not (a failed
  // insert or commit): the next article rebuilds it from the store first.
  bool index_stale_ = false;
};

}  // namespace wirecrawl
