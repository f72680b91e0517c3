#include "ingest/ingest.h"

#include <spdlog/spdlog.h>

#include "url/url.h"
#include "store/sqlite/database.h"
#include "base/time.h"

namespace wirecrawl {

namespace {

// Fingerprints carry their shingle sets: the store keeps them for exact
// verification after a reopen.
DedupOptions WithShingles(DedupOptions options) {
  options.keep_shingles = true;
  return options;
}

}  // namespace

IngestPipeline::IngestPipeline(Store& store, const IngestOptions& options)
    : store_(store),
      options_(options),
      stored_shingles_(store),
      fingerprinter_(WithShingles(options.dedup)) {}

Result<std::unique_ptr<IngestPipeline>> IngestPipeline::Open(Store& store, const IngestOptions& options) {
  if (Status s = options.dedup.Validate(); !s.ok()) return s;
  if (options.batch_size == 0) return Status::InvalidArgument("ingest batch size must be at least 1");
  std::unique_ptr<IngestPipeline> pipeline(new IngestPipeline(store, options));
  WIRECRAWL_RETURN_IF_ERROR(pipeline->RebuildIndex());
  return pipeline;
}

IngestPipeline::~IngestPipeline() {
  if (Status s = Flush(); !s.ok()) spdlog::error("ingest: last batch not stored: {}", s.message());
}

Status IngestPipeline::RebuildIndex() {
  // With the store as shingle source, the index keeps only signatures in
  // memory and fetches a candidate's set when it verifies it.
  index_.emplace(WithShingles(options_.dedup), &stored_shingles_);
  Fingerprint fp;
  Status s = store_.ForEachFingerprint([&](const StoredFingerprint& stored) -> Status {
    Result<Signature> signature = DecodeSignature(stored.signature);
    if (!signature.ok()) {
      return sqlite::WithContext(signature.status(),
                                 "stored fingerprint of article " + std::to_string(stored.article_id));
    }
    fp.exact_hash = stored.body_hash;
    fp.signature = std::move(signature).value();
    fp.shingle_count = stored.shingle_count;
    fp.shingles.clear();
    ArticleOrigin origin{stored.site, stored.seen_ms / 1000};
    return index_->Restore(stored.article_id, stored.story_id, fp, origin);
  });
  if (!s.ok()) {
    index_.reset();
    return sqlite::WithContext(s, "restoring the story index");
  }
  index_stale_ = false;
  return Status::Ok();
}

Result<IngestResult> IngestPipeline::AddPage(std::string_view body, std::string_view content_type,
                                             std::string_view url, int64_t fetched_ms) {
  std::string where = url.empty() ? std::string() : std::string(url) + ": ";
  Result<Article> article = ExtractArticle(body, content_type, url, options_.extract);
  // Whatever made extraction fail, it was this page: bad input, not a store
  // failure (callers go on with the next page on kInvalidArgument).
  if (!article.ok()) return Status::InvalidArgument(where + article.status().message());
  if (url.empty()) article->url = article->canonical_url;
  if (article->url.rfind("http://", 0) != 0 && article->url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument(where +
                                   "no http(s) URL for the page (give its URL, or the page needs "
                                   "<link rel=canonical>)" +
                                   (article->url.empty() ? "" : ", not " + article->url));
  }
  return AddArticle(*article, fetched_ms);
}

Result<IngestResult> IngestPipeline::AddArticle(const Article& article, int64_t fetched_ms) {
  if (article.url.empty()) return Status::InvalidArgument("article has no URL");
  std::string body = article.Body();
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(article.url + ": no article text found");
  }
  if (index_stale_ || !index_) WIRECRAWL_RETURN_IF_ERROR(RebuildIndex());
  if (!store_.InBatch()) WIRECRAWL_RETURN_IF_ERROR(store_.BeginBatch());

  // The Fingerprinter normalises the body; the search index gets that text,
  // so each body is normalised once.
  fingerprinter_.Compute(body, &fingerprint_);
  NormalizedText normalized;
  normalized.body = fingerprinter_.normalized();
  IngestResult result;
  result.url = article.url;
  result.title = article.title;

  Result<std::optional<ArticleKey>> existing = store_.FindArticle(article.url);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    const ArticleKey& key = **existing;
    Result<ArticleChange> change = store_.UpdateArticle(key.id, article, fingerprint_, fetched_ms, normalized);
    if (!change.ok()) return change.status();
    result.article_id = key.id;
    result.story_id = key.story_id;
    result.new_article = false;
    result.new_story = false;
    result.change = *change;
  } else {
    Result<int64_t> id = store_.NextArticleId();
    if (!id.ok()) return id.status();
    std::string site = SiteOfUrl(article.canonical_url.empty() ? article.url : article.canonical_url);
    int64_t date_ms = ParseIsoTime(article.published).value_or(fetched_ms);
    Result<StoryAssignment> story = index_->Assign(*id, fingerprint_, ArticleOrigin{site, date_ms / 1000});
    if (!story.ok()) return story.status();
    Status s = store_.InsertArticle(*id, article, fingerprint_, *story, fetched_ms, normalized);
    if (!s.ok()) {
      index_stale_ = true;  // the index has the document, the store does not
      return s;
    }
    result.article_id = *id;
    result.story_id = story->story_id;
    result.new_story = story->new_story;
    result.exact_duplicate = story->exact_duplicate;
    result.similarity = story->story_similarity;
  }
  if (++pending_ >= options_.batch_size) WIRECRAWL_RETURN_IF_ERROR(Flush());
  return result;
}

Status IngestPipeline::Flush() {
  pending_ = 0;
  if (!store_.InBatch()) return Status::Ok();
  Status s = store_.CommitBatch();
  // A failed commit rolled the batch back, with documents the index holds.
  if (!s.ok()) index_stale_ = true;
  return s;
}

}  // namespace wirecrawl
