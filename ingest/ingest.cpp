#include "ingest/ingest.h"

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

// Without a config file, clustering must be exactly dedup/'s default.
static_assert(CrawlerOptions::Dedup{}.threshold == DedupOptions{}.threshold &&
                  CrawlerOptions::Dedup{}.shingle_size == DedupOptions{}.shingle_size &&
                  CrawlerOptions::Dedup{}.num_hashes == DedupOptions{}.num_hashes &&
                  CrawlerOptions::Dedup{}.bands == DedupOptions{}.bands &&
                  CrawlerOptions::Dedup{}.rows == DedupOptions{}.rows,
              "config/options.h [dedup] defaults differ from dedup/fingerprint.h DedupOptions");

DedupOptions DedupOptionsFromConfig(const CrawlerOptions::Dedup& config) {
  DedupOptions options;
  options.threshold = config.threshold;
  options.shingle_size = config.shingle_size;
  options.num_hashes = config.num_hashes;
  options.bands = config.bands;
  options.rows = config.rows;
  return options;
}

ArticlePreparer::ArticlePreparer(const DedupOptions& dedup) : fingerprinter_(WithShingles(dedup)) {}

Result<PreparedArticle> ArticlePreparer::Prepare(Article article) {
  if (article.url.empty()) return Status::InvalidArgument("article has no URL");
  std::string body = article.Body();
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(article.url + ": no article text found");
  }
  PreparedArticle prepared;
  // The Fingerprinter normalises the body; the search index gets that text,
  // so each body is normalised once.
  fingerprinter_.Compute(body, &prepared.fingerprint);
  prepared.normalized_body = fingerprinter_.normalized();
  prepared.article = std::move(article);
  return prepared;
}

IngestOptions IngestOptionsFromConfig(const CrawlerOptions::Dedup& config) {
  IngestOptions options;
  options.dedup = DedupOptionsFromConfig(config);
  options.window_ms = config.window.count();
  return options;
}

IngestPipeline::IngestPipeline(ArticleSink& store, const IngestOptions& options)
    : store_(store),
      options_(options),
      matcher_(store, WithShingles(options.dedup), options.window_ms),
      preparer_(options.dedup) {}

Fingerprint IngestPipeline::FingerprintOf(std::string_view body) { return preparer_.FingerprintOf(body); }

Result<std::vector<StoryMatch>> IngestPipeline::Matches(std::string_view body, int64_t seen_ms) {
  return matcher_.Matches(preparer_.FingerprintOf(body), seen_ms);
}

Result<std::unique_ptr<IngestPipeline>> IngestPipeline::Open(ArticleSink& store,
                                                             const IngestOptions& options) {
  if (Status s = options.dedup.Validate(); !s.ok()) return s;
  if (options.window_ms < 0) return Status::InvalidArgument("dedup window must not be negative");
  std::unique_ptr<IngestPipeline> pipeline(new IngestPipeline(store, options));
  WIRECRAWL_RETURN_IF_ERROR(pipeline->matcher_.Prepare(NowMs()));
  return pipeline;
}

Result<Article> ExtractPageArticle(std::string_view body, std::string_view content_type, std::string_view url,
                                   const ExtractOptions& options) {
  std::string where = url.empty() ? std::string() : std::string(url) + ": ";
  Result<Article> article = ExtractArticle(body, content_type, url, options);
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
  return article;
}

Result<IngestResult> IngestPipeline::AddPage(std::string_view body, std::string_view content_type,
                                             std::string_view url, int64_t fetched_ms) {
  Result<Article> article = ExtractPageArticle(body, content_type, url, options_.extract);
  if (!article.ok()) return article.status();
  return AddArticle(*article, fetched_ms);
}

Result<IngestResult> IngestPipeline::AddArticle(const Article& article, int64_t fetched_ms) {
  Result<PreparedArticle> prepared = preparer_.Prepare(article);
  if (!prepared.ok()) return prepared.status();
  return AddPrepared(*prepared, fetched_ms);
}

Result<IngestResult> IngestPipeline::AddPrepared(const PreparedArticle& prepared, int64_t fetched_ms) {
  const Article& article = prepared.article;
  const Fingerprint& fingerprint = prepared.fingerprint;
  NormalizedText normalized;
  normalized.body = prepared.normalized_body;
  IngestResult result;
  result.url = article.url;
  result.title = article.title;

  Result<std::optional<ArticleKey>> existing = store_.FindArticle(article.url);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    const ArticleKey& key = **existing;
    Result<ArticleChange> change = store_.UpdateArticle(
        key.id, article, fingerprint, matcher_.BandKeys(fingerprint), fetched_ms, normalized);
    if (!change.ok()) return change.status();
    result.article_id = key.id;
    result.story_id = key.story_id;
    result.new_article = false;
    result.first_stored_ms = key.fetched_ms;
    result.new_story = false;
    result.change = *change;
  } else {
    Result<int64_t> id = store_.NextArticleId();
    if (!id.ok()) return id.status();
    int64_t date_ms = ParseIsoTime(article.published).value_or(fetched_ms);
    Result<StoryAssignment> story = matcher_.Assign(*id, fingerprint, date_ms);
    if (!story.ok()) return story.status();
    // An exact duplicate shares its original's entry in the index.
    std::vector<uint32_t> bands =
        story->exact_duplicate ? std::vector<uint32_t>() : matcher_.BandKeys(fingerprint);
    WIRECRAWL_RETURN_IF_ERROR(
        store_.InsertArticle(*id, article, fingerprint, bands, *story, fetched_ms, normalized));
    result.article_id = *id;
    result.first_stored_ms = fetched_ms;
    result.story_id = story->story_id;
    result.new_story = story->new_story;
    result.exact_duplicate = story->exact_duplicate;
    result.similarity = story->story_similarity;
  }
  return result;
}

}  // namespace wirecrawl
