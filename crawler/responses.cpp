#include "crawler/responses.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "base/time.h"
#include "crawler/discovery/documents.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
}

bool IsDiscoveryContentType(std::string_view type) {
  return ContainsNoCase(type, "xml") || ContainsNoCase(type, "json") || ContainsNoCase(type, "gzip");
}

bool IsHtml(std::string_view type, std::string_view body) {
  if (ContainsNoCase(type, "html")) return true;
  if (!type.empty() && !ContainsNoCase(type, "text/plain") && !ContainsNoCase(type, "octet-stream"))
    return false;
  std::string_view head = body.substr(0, 512);
  return ContainsNoCase(head, "<html") || ContainsNoCase(head, "<!doctype html");
}

FetchRecord LogEntry(const DueUrl& url, const FetchResult& result, int64_t started_ms) {
  FetchRecord record{.url_id = url.id,
                     .started_ms = started_ms,
                     .http_status = result.status > 0 ? std::optional<int>(result.status) : std::nullopt,
                     .bytes = static_cast<int64_t>(result.body.size()),
                     .elapsed_ms = result.elapsed.count(),
                     .error = result.ok() ? std::string() : result.error_detail.message(),
                     .redirects = {},
                     .content_type = result.content_type};
  for (const RedirectHop& hop : result.redirects) {
    if (hop.url != result.url) record.redirects.push_back(hop.url);
  }
  if (result.final_url != result.url) record.redirects.push_back(result.final_url);
  if (!result.location.empty()) record.redirects.push_back(result.location);
  return record;
}

}  // namespace

ResponseHandler::ResponseHandler(const CrawlerOptions& options, CrawlState& state, Frontier& frontier,
                                 SourceSchedule& sources, SiteProfiles& sites, IngestPipeline& pipeline,
                                 CrawlProgress& progress)
    : options_(options),
      state_(state),
      frontier_(frontier),
      sources_(sources),
      sites_(sites),
      pipeline_(pipeline),
      progress_(progress) {}

Result<std::optional<PageJob>> ResponseHandler::Handle(FetchResult result, int64_t now) {
  using Job = std::optional<PageJob>;
  if (frontier_.IsRobotsFetch(result.id)) {
    Result<Frontier::RobotsOutcome> robots = frontier_.RobotsFetched(result, now);
    if (!robots.ok()) return robots.status();
    for (const DueUrl& url : robots->refused) WIRECRAWL_RETURN_IF_ERROR(HandleFailure(url, result, now));
    return Job();
  }
  Result<std::optional<Frontier::Finished>> finished = frontier_.PageFetched(result, now);
  if (!finished.ok()) return finished.status();
  // Not ours, or cancelled: a cancelled URL is queued again at the end of the run.
  if (!finished->has_value() || result.error == FetchError::kCancelled) return Job();
  DueUrl& url = (*finished)->url;
  discovered_mark_ = frontier_.counts().discovered;
  if (metrics_ != nullptr) {
    metrics_->RecordFetch(result.status, result.wire_bytes,
                          static_cast<double>(result.elapsed.count()) / 1000.0);
  }
  if (result.status > 0) ++progress_.fetched;
  progress_.bytes += static_cast<int64_t>(result.wire_bytes);
  WIRECRAWL_RETURN_IF_ERROR(state_.RecordFetch(LogEntry(url, result, (*finished)->started_ms)));

  auto done = [](Status s) -> Result<Job> {
    if (!s.ok()) return s;
    return Job();
  };
  if (result.ok() && !result.location.empty()) return done(HandleRedirect(url, result, now));
  if (!result.ok() || (result.status >= 400) || (result.status >= 300 && !result.not_modified)) {
    return done(HandleFailure(url, result, now));
  }
  if (result.not_modified) {
    ++progress_.not_modified;
    return done(MarkFetched(url, result, now));
  }
  Result<std::string> final_url = NormalizeUrl(result.final_url);
  if (!final_url.ok())
    return done(state_.MarkSkipped(url.id, "redirected to a bad URL: " + result.final_url));
  if (*final_url != url.url) {
    Result<std::string> host = UrlHost(*final_url);
    if (!host.ok() || !frontier_.scope().HostAllowed(*host)) {
      frontier_.CountOutOfScope();
      return done(state_.MarkSkipped(url.id, "redirected out of scope to " + *final_url));
    }
    if (!frontier_.NoteFetched(*final_url)) return done(MarkFetched(url, result, now));
  }
  frontier_.NoteFetched(url.url);

  bool discovery =
      url.kind == UrlKind::kSitemap || url.kind == UrlKind::kFeed ||
      (IsDiscoveryContentType(result.content_type) && !IsHtml(result.content_type, result.body)) ||
      LooksGzipped(result.body);
  if (!discovery && !IsHtml(result.content_type, result.body)) {
    return done(state_.MarkSkipped(url.id, "not HTML, a sitemap or a feed: " + result.content_type));
  }
  PageJob job;
  job.kind = discovery ? PageJob::Kind::kDiscoveryDocument : PageJob::Kind::kPage;
  job.url = std::move(url);
  job.result = std::move(result);
  job.final_url = std::move(final_url).value();
  job.now_ms = now;
  if (!discovery) {
    ++progress_.pages;
    // What the worker needs to know of the page's site, handed over as
    // values: it reads nothing shared.
    job.host = HostOfUrl(job.final_url);
    Result<std::shared_ptr<const SiteProfile>> site = sites_.Snapshot(job.host);
    if (!site.ok()) return site.status();
    job.site = std::move(site).value();
    if (std::optional<SiteRuleMatch> rule = sites_.MatchRule(job.host, job.final_url)) {
      job.site_rule = rule->kind;
      job.site_rule_pattern = std::move(rule->pattern);
    }
  }
  return Job(std::move(job));
}

Status ResponseHandler::Apply(PageAnalysis analysis, int64_t now) {
  const DueUrl& url = analysis.job.url;
  const FetchResult& result = analysis.job.result;
  // A source "yielded" if its own URLs were new to the queue.
  discovered_mark_ = frontier_.counts().discovered;
  Verdict verdict{std::move(analysis.page_kind), std::move(analysis.page_reason)};
  if (!analysis.error.ok()) {
    if (analysis.job.kind == PageJob::Kind::kPage) {
      spdlog::info("{}: {}", analysis.job.final_url, analysis.error.message());
      return MarkFetched(url, result, now, std::nullopt, std::move(verdict));
    }
    ++progress_.errors;
    spdlog::warn("{}: not a sitemap or feed: {}", url.url, analysis.error.message());
    return state_.MarkFailed(FailedUrl{.url_id = url.id,
                                       .failed_ms = now,
                                       .http_status = result.status,
                                       .error = analysis.error.message(),
                                       .retry_at_ms = std::nullopt});
  }
  for (const FoundUrl& found : analysis.found) {
    Result<bool> queued =
        frontier_.Discover(found.url, found.kind, found.depth, found.priority, now, found.found_via);
    if (!queued.ok()) return queued.status();
  }
  if (analysis.verdict) {
    WIRECRAWL_RETURN_IF_ERROR(sites_.Learn(analysis.job.host, analysis.job.final_url, analysis.title_tag,
                                           *analysis.verdict, analysis.confident, now));
    // The site's name is no part of a headline: what the site is known to
    // add, this page included, goes (also where no <h1> shows the headline).
    if (analysis.article && analysis.article->ok()) {
      std::string& title = (*analysis.article)->article.title;
      title = sites_.StripTitle(analysis.job.host, title);
    }
  }
  spdlog::debug("{}: {}: {}", analysis.job.final_url, verdict.kind, verdict.reason);
  if (!analysis.article) {  // a hub, another page, a sitemap or a feed
    return MarkFetched(url, result, now, std::nullopt, std::move(verdict));
  }
  if (!analysis.article->ok()) {
    spdlog::info("{}: {}", analysis.job.final_url, analysis.article->status().message());
    verdict.reason = "not stored: " + analysis.article->status().message() + " (" + verdict.reason + ")";
    return MarkFetched(url, result, now, std::nullopt, std::move(verdict));
  }
  return IngestArticle(url, result, analysis.canonical_url, **analysis.article, std::move(verdict), now);
}

// The crawler follows redirects itself, through the frontier, so that the
// target gets its own robots.txt check and politeness delay.
Status ResponseHandler::HandleRedirect(const DueUrl& url, const FetchResult& result, int64_t now) {
  auto give_up = [&](const std::string& why) {
    ++progress_.errors;
    spdlog::info("{}: {}", url.url, why);
    return state_.MarkFailed(FailedUrl{.url_id = url.id,
                                       .failed_ms = now,
                                       .http_status = result.status,
                                       .error = why,
                                       .retry_at_ms = std::nullopt});
  };
  Result<std::string> target = ResolveUrl(url.url, result.location);
  if (!target.ok()) return give_up("redirect to a refused or invalid URL: " + result.location);
  Result<Frontier::RedirectVerdict> verdict = frontier_.DiscoverRedirect(url, *target, now);
  if (!verdict.ok()) return verdict.status();
  switch (*verdict) {
    case Frontier::RedirectVerdict::kTooManyHops:
      return give_up("more than " + std::to_string(options_.limits.max_redirects) + " redirects, last to " +
                     *target);
    case Frontier::RedirectVerdict::kOutOfScope:
      return state_.MarkSkipped(url.id, "redirected out of scope to " + *target);
    case Frontier::RedirectVerdict::kQueued:
      break;
  }
  return MarkFetched(url, result, now);
}

Status ResponseHandler::HandleFailure(const DueUrl& url, const FetchResult& result, int64_t now) {
  ++progress_.errors;
  std::string error = result.ok() ? "HTTP " + std::to_string(result.status) : result.error_detail.message();
  FailedUrl failed{.url_id = url.id,
                   .failed_ms = now,
                   .http_status = result.status > 0 ? std::optional<int>(result.status) : std::nullopt,
                   .error = error,
                   .retry_at_ms = std::nullopt};
  bool retry = IsRetryable(result) && url.attempts < options_.limits.retries;
  if (!retry && url.source_id) {
    // A source is not given up after one bad fetch: it is read again at
    // its interval until it has failed retire_source_after_failures times.
    Result<std::optional<int64_t>> next =
        sources_.Refreshed(*url.source_id, url.url, false, false, result.status, error, now);
    if (!next.ok()) return next.status();
    if (continuous_) failed.retry_at_ms = *next;
    spdlog::info("{}: {}", url.url, error);
    return state_.MarkFailed(failed);
  }
  if (retry) {
    BackoffPolicy backoff{.base = options_.limits.retry_base_delay,
                          .max = options_.limits.retry_max_delay,
                          .max_retry_after = options_.politeness.max_backoff};
    double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(jitter_rng_);
    std::chrono::milliseconds delay =
        RetryDelay(result, url.attempts, backoff, std::chrono::system_clock::now(), jitter);
    failed.retry_at_ms = now + delay.count();
    ++retries_;
    spdlog::info("{}: {}; retry {} of {} in {} ms", url.url, error, url.attempts + 1, options_.limits.retries,
                 delay.count());
  } else {
    spdlog::info("{}: {}", url.url, error);
  }
  return state_.MarkFailed(failed);
}

Status ResponseHandler::MarkFetched(const DueUrl& url, const FetchResult& result, int64_t now,
                                    std::optional<StoredRef> article, Verdict verdict) {
  std::optional<int64_t> refetch;
  int status = result.not_modified ? 304 : result.status;
  if (url.source_id) {
    bool yielded = frontier_.counts().discovered > discovered_mark_;
    Result<std::optional<int64_t>> next =
        sources_.Refreshed(*url.source_id, url.url, true, yielded, status, "", now);
    if (!next.ok()) return next.status();
    if (continuous_) refetch = *next;
  } else if (continuous_ && (article || url.kind == UrlKind::kArticle)) {
    if (!article) {
      Result<std::optional<ArticleKey>> key = pipeline_.FindArticle(url.url);
      if (!key.ok()) return key.status();
      if (key->has_value()) article = StoredRef{(*key)->id, (*key)->fetched_ms};
    }
    if (article) refetch = sources_.NextArticleRevisit(article->first_stored_ms, now);
  }
  return state_.MarkFetched(
      FetchedUrl{.url_id = url.id,
                 .fetched_ms = now,
                 .http_status = status,
                 .etag = result.etag,
                 .last_modified = result.last_modified,
                 .article_id = article ? std::optional<int64_t>(article->id) : std::nullopt,
                 .refetch_at_ms = refetch,
                 .page_kind = std::move(verdict.kind),
                 .page_reason = std::move(verdict.reason)});
}

Status ResponseHandler::IngestArticle(const DueUrl& url, const FetchResult& result,
                                      const std::string& canonical_url, const PreparedArticle& prepared,
                                      Verdict verdict, int64_t now) {
  // rel=canonical: another URL of a page already stored is not stored again.
  if (!canonical_url.empty()) {
    frontier_.NoteFetched(canonical_url);
    Result<std::optional<ArticleKey>> known = pipeline_.FindArticle(canonical_url);
    if (!known.ok()) return known.status();
    if (known->has_value()) {
      verdict.reason += "; stored once, under its canonical URL " + canonical_url;
      return MarkFetched(url, result, now, StoredRef{(*known)->id, (*known)->fetched_ms}, std::move(verdict));
    }
  }
  const Article& article = prepared.article;
  Result<IngestResult> ingested = pipeline_.AddPrepared(prepared, now);
  if (!ingested.ok()) {
    if (ingested.status().code() == Status::Code::kInvalidArgument) {
      spdlog::info("{}: {}", article.url, ingested.status().message());
      verdict.reason = "not stored: " + ingested.status().message() + " (" + verdict.reason + ")";
      return MarkFetched(url, result, now, std::nullopt, std::move(verdict));
    }
    return ingested.status();
  }
  if (ingested->new_article) {
    ++progress_.articles;
    ingested->new_story ? ++progress_.new_stories : ++progress_.joined_stories;
    if (metrics_ != nullptr) {
      std::optional<int64_t> published = ParseIsoTime(article.published);
      std::optional<double> lag;
      if (published) lag = static_cast<double>(now - *published) / 1000.0;
      metrics_->RecordArticle(ingested->new_story, ingested->exact_duplicate, lag);
    }
  } else if (ingested->change != ArticleChange::kUnchanged) {
    ++progress_.updated;
  }
  return MarkFetched(url, result, now, StoredRef{ingested->article_id, ingested->first_stored_ms},
                     std::move(verdict));
}

}  // namespace wirecrawl
