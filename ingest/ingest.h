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
// - The caller owns the store's write batch: it opens it before adding
//   articles and commits it through Commit (never directly), so that a
//   failed commit also takes the lost articles out of the story index. A
//   crash loses at most the open batch.
// - Thread safety: one thread drives an IngestPipeline and its store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "dedup/fingerprint.h"
#include "dedup/story_index.h"
#include "config/options.h"
#include "parser/extract.h"
#include "store/article_sink.h"
#include "store/store.h"

namespace wirecrawl {

struct IngestOptions {
  // The config's [dedup] values (threshold, shingle size, MinHash and LSH
  // shape). A database keeps the signatures it was filled with: changing
  // shingle_size or num_hashes later makes Open fail ("recompute").
  DedupOptions dedup;
  ExtractOptions extract;
};

// The config's [dedup] section as dedup/'s options (config/ mirrors them
// without including dedup/). Shared by the crawler and `wirecrawl ingest`,
// so both cluster alike.
DedupOptions DedupOptionsFromConfig(const CrawlerOptions::Dedup& config);

// An article with the work dedup does before it needs the story index: its
// body normalised and fingerprinted (the CPU-heavy part). Computed on any
// thread by an ArticlePreparer, added on the writer's by
// IngestPipeline::AddPrepared.
struct PreparedArticle {
  Article article;
  Fingerprint fingerprint;      // with its shingle set
  std::string normalized_body;  // NormalizeText of the body: what the search index holds
};

// The article of a saved page: extracted, with `url` (the page's URL) as its
// URL, or its canonical URL when url is empty; content_type may be empty.
// kInvalidArgument when the page itself is the problem (not extractable, no
// http(s) URL). Thread-safe.
Result<Article> ExtractPageArticle(std::string_view body, std::string_view content_type, std::string_view url,
                                   const ExtractOptions& options);

// Thread safety: one ArticlePreparer per thread.
class ArticlePreparer {
 public:
  // REQUIRES: dedup.Validate().ok().
  explicit ArticlePreparer(const DedupOptions& dedup);
  // kInvalidArgument when the article has no URL or no body text.
  Result<PreparedArticle> Prepare(Article article);
  // The fingerprint Prepare computes for a body, with its shingles.
  Fingerprint FingerprintOf(std::string_view body) { return fingerprinter_.Compute(body); }

 private:
  Fingerprinter fingerprinter_;
};

struct IngestResult {
  int64_t article_id = 0;
  int64_t story_id = 0;
  bool new_article = true;
  int64_t first_stored_ms = 0;  // when the article was first stored
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
  static Result<std::unique_ptr<IngestPipeline>> Open(ArticleSink& store, const IngestOptions& options = {});
  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Extracts the page and adds the article. url: the page's URL (the
  // stored URL), or empty to use the page's canonical URL; content_type may
  // be empty. Errors caused by the page itself (not extractable, no URL, no
  // text) are kInvalidArgument; any other code is a store failure.
  // REQUIRES (AddPage, AddArticle): the caller's batch is open.
  Result<IngestResult> AddPage(std::string_view body, std::string_view content_type, std::string_view url,
                               int64_t fetched_ms);
  // Adds an extracted article (article.url set; a body is required: a page
  // without article text is refused with kInvalidArgument).
  Result<IngestResult> AddArticle(const Article& article, int64_t fetched_ms);
  // Adds an article prepared elsewhere (with the same [dedup] options).
  Result<IngestResult> AddPrepared(const PreparedArticle& prepared, int64_t fetched_ms);

  // The stored article at url, if any.
  Result<std::optional<ArticleKey>> FindArticle(std::string_view url) { return store_.FindArticle(url); }

  // Commits the caller's open batch, if any. When the commit fails, the
  // articles it held are gone from the store: the story index forgets them
  // too (it is rebuilt before the next article).
  Status Commit(WriteBatches& batches);

  size_t indexed_documents() const { return index_ ? index_->document_count() : 0; }
  // The story index (null until Open succeeded or after a failed rebuild),
  // e.g. for StoryIndex::Matches in tests and tools.
  const StoryIndex* story_index() const { return index_ ? &*index_ : nullptr; }
  // The fingerprint AddArticle would compute for a body, with its shingles.
  Fingerprint FingerprintOf(std::string_view body);

 private:
  // The store as the story index's source of shingle sets.
  class StoredShingles final : public ShingleSource {
   public:
    explicit StoredShingles(ArticleSink& store) : store_(store) {}
    Result<bool> Shingles(int64_t doc_id, std::vector<uint32_t>* out) override {
      return store_.GetShingles(doc_id, out);
    }

   private:
    ArticleSink& store_;
  };

  IngestPipeline(ArticleSink& store, const IngestOptions& options);
  Status RebuildIndex();

  ArticleSink& store_;
  IngestOptions options_;
  StoredShingles stored_shingles_;
  std::optional<StoryIndex> index_;
  ArticlePreparer preparer_;  // for AddPage and AddArticle, on the writer's thread
  // Set when the index may hold a document the database does not (a failed
  // insert or commit): the next article rebuilds it from the store first.
  bool index_stale_ = false;
};

}  // namespace wirecrawl
