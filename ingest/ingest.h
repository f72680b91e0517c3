// ingest/ingest.h: the one path from a page to a stored article, used by
// `wirecrawl ingest` and by the crawler: extract (parser/) -> fingerprint and
// story clustering (dedup/, against the store's story index:
// ingest/story_matcher.h) -> store (ArticleSink).
//
// Contract:
// - Open reads nothing of the archive: the story index (LSH band keys) is
//   in the store, looked up per article, so a reopened database keeps
//   clustering where it stopped and start-up does not grow with the
//   archive. Candidates are verified with exact Jaccard, the candidate's
//   shingle set recomputed from its stored body (DedupOptions::keep_shingles
//   is implied), within IngestOptions::window_ms.
// - Each body is normalised once: the Fingerprinter's normalised text is
//   what the search index gets.
// - A URL already stored is an update: an unchanged normalised body only
//   moves last-seen, a changed one becomes a new version (store/store.h).
//   The article keeps its story.
// - The caller owns the store's write batch: it opens it before adding
//   articles and commits it (Commit). A crash loses at most the open batch.
// - Thread safety: one thread drives an IngestPipeline and its store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "config/options.h"
#include "dedup/fingerprint.h"
#include "dedup/story_index.h"
#include "ingest/story_matcher.h"
#include "parser/extract.h"
#include "store/article_sink.h"
#include "store/store.h"

namespace wirecrawl {

struct IngestOptions {
  // The config's [dedup] values (threshold, shingle size, MinHash and LSH
  // shape). A database keeps the signatures it was filled with: changing
  // shingle_size or num_hashes later makes Open fail ("recompute").
  DedupOptions dedup;
  // How far back (by article date) a new article is compared: [dedup]
  // window; 0 = the whole archive.
  int64_t window_ms = 30LL * 86'400'000;
  ExtractOptions extract;
};

// The config's [dedup] section as dedup/'s options (config/ mirrors them
// without including dedup/). Shared by the crawler and `wirecrawl ingest`,
// so both cluster alike.
DedupOptions DedupOptionsFromConfig(const CrawlerOptions::Dedup& config);
IngestOptions IngestOptionsFromConfig(const CrawlerOptions::Dedup& config);

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
  int64_t first_stored_ms = 0;                       // when the article was first stored
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

  // Commits the caller's open batch, if any.
  static Status Commit(WriteBatches& batches) {
    return batches.InBatch() ? batches.CommitBatch() : Status::Ok();
  }

  // Every stored article in the window whose verified similarity to a body
  // seen at seen_ms reaches the threshold, most similar first.
  Result<std::vector<StoryMatch>> Matches(std::string_view body, int64_t seen_ms);
  // The fingerprint AddArticle would compute for a body, with its shingles.
  Fingerprint FingerprintOf(std::string_view body);

 private:
  IngestPipeline(ArticleSink& store, const IngestOptions& options);

  ArticleSink& store_;
  IngestOptions options_;
  StoryMatcher matcher_;
  ArticlePreparer preparer_;  // for AddPage and AddArticle, on the writer's thread
};

}  // namespace wirecrawl
