// What a response leads to: the fetch log, retries, discovery documents,
// pages (article -> ingest, hub -> links), and the frontier row's new state.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "crawler/crawl_internal.h"
#include "crawler/discovery/documents.h"
#include "parser/page_kind.h"
#include "url/url.h"
#include "parser/extract.h"
#include "base/time.h"

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
  if (!type.empty() && !ContainsNoCase(type, "text/plain") && !ContainsNoCase(type, "octet-stream")) return false;
  std::string_view head = body.substr(0, 512);
  return ContainsNoCase(head, "<html") || ContainsNoCase(head, "<!doctype html");
}

// Fresher articles first: from kFreshArticleMax (now) down to
// kDatedArticleMin (two days old or more); kArticle when undated.
int ArticlePriority(const std::optional<std::chrono::sys_seconds>& date, int64_t now_ms) {
  if (!date) return priority::kArticle;
  double age_hours = static_cast<double>(now_ms / 1000 - date->time_since_epoch().count()) / 3600.0;
  double freshness = std::clamp(1.0 - age_hours / 48.0, 0.0, 1.0);
  return priority::kDatedArticleMin +
         static_cast<int>(freshness * (priority::kFreshArticleMax - priority::kDatedArticleMin));
}

std::optional<int64_t> RetryAfterMs(const FetchResult& result) {
  if (result.retry_after.empty()) return std::nullopt;
  std::optional<std::chrono::seconds> s = ParseRetryAfter(result.retry_after, std::chrono::system_clock::now());
  if (!s) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(*s).count();
}

}  // namespace

Status Crawler::Impl::HandleResult(FetchResult result, int64_t now) {
  if (auto robots_request = robots_requests.find(result.id); robots_request != robots_requests.end()) {
    std::string host = std::move(robots_request->second);
    robots_requests.erase(robots_request);
    return HandleRobots(host, std::move(result), now);
  }
  auto it = in_flight.find(result.id);
  if (it == in_flight.end()) return Status::Ok();
  DueUrl url = std::move(it->second.url);
  int64_t started = it->second.started_ms;
  in_flight.erase(it);

  bool overload = SignalsHostOverload(result);
  politeness.OnFinish(url.host, now, overload ? HostOutcome::kOverload : HostOutcome::kHealthy,
                      overload ? RetryAfterMs(result) : std::nullopt);
  if (result.error == FetchError::kCancelled) return Status::Ok();  // queued again at the end of Run
  if (Status s = EnsureBatch(); !s.ok()) return s;
  // A back-off is also written to the store: the next process (after a
  // restart) honours it, and `wirecrawl status` counts it.
  if (overload || hosts_backed_off.count(url.host)) {
    int64_t until = overload ? politeness.BackoffUntilMs(url.host) : 0;
    if (overload) {
      hosts_backed_off.insert(url.host);
    } else {
      hosts_backed_off.erase(url.host);
    }
    HostPoliteness stored{.crawl_delay_ms = politeness.DelayMs(url.host),
                          .next_allowed_ms = now,
                          .backoff_until_ms = until,
                          .consecutive_errors = overload ? 1 : 0};
    if (Status s = store.PutPoliteness(url.host, stored); !s.ok()) return s;
  }
  discovered_mark = progress.discovered;
  if (run != nullptr && run->metrics != nullptr) {
    run->metrics->RecordFetch(result.status, result.wire_bytes, static_cast<double>(result.elapsed.count()) / 1000.0);
  }

  if (Status s = EnsureBatch(); !s.ok()) return s;
  if (result.status > 0) ++progress.fetched;
  progress.bytes += static_cast<int64_t>(result.wire_bytes);
  FetchRecord record{.url_id = url.id,
                     .started_ms = started,
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
  if (Status s = store.RecordFetch(record); !s.ok()) return s;

  if (result.ok() && !result.location.empty()) return HandleRedirect(url, result, now);

  if (!result.ok() || (result.status >= 400) || (result.status >= 300 && !result.not_modified)) {
    return HandleFailure(url, result, now);
  }
  if (result.not_modified) {
    ++progress.not_modified;
    return MarkFetched(url, result, now);
  }
  Result<std::string> final_url = NormalizeUrl(result.final_url);
  if (!final_url.ok()) return store.MarkSkipped(url.id, "redirected to a bad URL: " + result.final_url);
  if (*final_url != url.url) {
    Result<std::string> host = UrlHost(*final_url);
    if (!host.ok() || !scope->HostAllowed(*host)) {
      ++progress.out_of_scope;
      return store.MarkSkipped(url.id, "redirected out of scope to " + *final_url);
    }
    if (!fetched_this_run.insert(*final_url).second) return MarkFetched(url, result, now);
  }
  fetched_this_run.insert(url.url);

  bool discovery = url.kind == UrlKind::kSitemap || url.kind == UrlKind::kFeed ||
                   (IsDiscoveryContentType(result.content_type) && !IsHtml(result.content_type, result.body)) ||
                   LooksGzipped(result.body);
  if (discovery) return HandleDiscoveryDocument(url, result, *final_url, now);
  if (IsHtml(result.content_type, result.body)) return HandlePage(url, result, *final_url, now);
  return store.MarkSkipped(url.id, "not HTML, a sitemap or a feed: " + result.content_type);
}

// The crawler follows redirects itself, through the frontier, so that the
// target gets its own robots.txt check and politeness delay.
Status Crawler::Impl::HandleRedirect(const DueUrl& url, const FetchResult& result, int64_t now) {
  Result<std::string> target = ResolveUrl(url.url, result.location);
  auto give_up = [&](const std::string& why) {
    ++progress.errors;
    spdlog::info("{}: {}", url.url, why);
    return store.MarkFailed(FailedUrl{.url_id = url.id,
                                      .failed_ms = now,
                                      .http_status = result.status,
                                      .error = why,
                                      .retry_at_ms = std::nullopt});
  };
  if (!target.ok()) return give_up("redirect to a refused or invalid URL: " + result.location);
  int hops = 1;
  if (auto it = redirect_hops.find(url.url); it != redirect_hops.end()) hops = it->second + 1;
  if (hops > options.limits.max_redirects) {
    return give_up("more than " + std::to_string(options.limits.max_redirects) + " redirects, last to " + *target);
  }
  Result<std::string> host = UrlHost(*target);
  if (!host.ok() || !scope->HostAllowed(*host)) {
    ++progress.out_of_scope;
    return store.MarkSkipped(url.id, "redirected out of scope to " + *target);
  }
  if (redirect_hops.size() > 100'000) redirect_hops.clear();  // bounded; a loop still ends in the frontier
  redirect_hops[*target] = hops;
  Result<bool> queued = store.Enqueue(UrlToEnqueue{.url = *target,
                                                   .kind = url.kind,
                                                   .depth = url.depth,
                                                   .priority = url.priority,
                                                   .due_ms = now,
                                                   .source_id = std::nullopt});
  if (!queued.ok()) return queued.status();
  if (*queued) ++progress.discovered;
  return MarkFetched(url, result, now);
}

Status Crawler::Impl::HandleFailure(const DueUrl& url, const FetchResult& result, int64_t now) {
  ++progress.errors;
  std::string error = result.ok() ? "HTTP " + std::to_string(result.status) : result.error_detail.message();
  FailedUrl failed{.url_id = url.id,
                   .failed_ms = now,
                   .http_status = result.status > 0 ? std::optional<int>(result.status) : std::nullopt,
                   .error = error,
                   .retry_at_ms = std::nullopt};
  bool retry = IsRetryable(result) && url.attempts < options.limits.retries;
  if (!retry && url.source_id) {
    // A source is not given up after one bad fetch: it is read again at
    // its interval until it has failed retire_source_after_failures times.
    Result<std::optional<int64_t>> next = SourceRefreshed(*url.source_id, url.url, false, result.status, error, now);
    if (!next.ok()) return next.status();
    if (Continuous()) failed.retry_at_ms = *next;
    spdlog::info("{}: {}", url.url, error);
    return store.MarkFailed(failed);
  }
  if (retry) {
    double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(jitter_rng);
    std::chrono::milliseconds delay =
        RetryDelay(result, url.attempts, backoff, std::chrono::system_clock::now(), jitter);
    failed.retry_at_ms = now + delay.count();
    ++progress.retries;
    spdlog::info("{}: {}; retry {} of {} in {} ms", url.url, error, url.attempts + 1, options.limits.retries,
                 delay.count());
  } else {
    spdlog::info("{}: {}", url.url, error);
  }
  return store.MarkFailed(failed);
}

Status Crawler::Impl::MarkFetched(const DueUrl& url, const FetchResult& result, int64_t now,
                                  std::optional<int64_t> article_id) {
  std::optional<int64_t> refetch;
  int status = result.not_modified ? 304 : result.status;
  if (url.source_id) {
    Result<std::optional<int64_t>> next = SourceRefreshed(*url.source_id, url.url, true, status, "", now);
    if (!next.ok()) return next.status();
    if (Continuous()) refetch = *next;
  } else if (Continuous() && (article_id || url.kind == UrlKind::kArticle)) {
    Result<std::optional<int64_t>> next = NextRevisit(url, article_id, now);
    if (!next.ok()) return next.status();
    refetch = *next;
  }
  return store.MarkFetched(FetchedUrl{.url_id = url.id,
                                      .fetched_ms = now,
                                      .http_status = result.not_modified ? 304 : result.status,
                                      .etag = result.etag,
                                      .last_modified = result.last_modified,
                                      .article_id = article_id,
                                      .refetch_at_ms = refetch});
}

Result<bool> Crawler::Impl::Discover(const std::string& url, UrlKind kind, int depth, int prio) {
  if (fetched_this_run.count(url)) return false;
  if (std::optional<std::string> why = scope->Check(url, depth)) {
    ++progress.out_of_scope;
    spdlog::trace("not following {}: {}", url, *why);
    return false;
  }
  if (std::optional<std::string> key = CrawlScope::DateListingKey(url)) {
    if (++date_listings[*key] > kMaxUrlsPerDateListing) {
      ++progress.out_of_scope;
      return false;
    }
  }
  // Feeds and sitemaps become sources: the daemon refreshes them, and the
  // next one-shot crawl reads them again (conditionally).
  std::optional<int64_t> source_id;
  if (kind == UrlKind::kFeed || kind == UrlKind::kSitemap) {
    Result<int64_t> source = store.AddSource(url, kind == UrlKind::kFeed ? SourceKind::kFeed : SourceKind::kSitemap,
                                             options.daemon.source_refresh_min.count());
    if (!source.ok()) return source.status();
    source_id = *source;
  }
  Result<bool> added = store.Enqueue(UrlToEnqueue{
      .url = url, .kind = kind, .depth = depth, .priority = prio, .due_ms = clock.NowMs(), .source_id = source_id});
  if (!added.ok()) return added.status();
  if (*added) ++progress.discovered;
  return *added;
}

Status Crawler::Impl::HandleDiscoveryDocument(const DueUrl& url, const FetchResult& result,
                                              const std::string& final_url, int64_t now) {
  Result<DiscoveryDocument> doc = ParseDiscoveryDocument(result.body, final_url);
  if (!doc.ok()) {
    ++progress.errors;
    spdlog::warn("{}: not a sitemap or feed: {}", url.url, doc.status().message());
    return store.MarkFailed(FailedUrl{.url_id = url.id,
                                      .failed_ms = now,
                                      .http_status = result.status,
                                      .error = doc.status().message(),
                                      .retry_at_ms = std::nullopt});
  }
  for (const DiscoveredUrl& found : doc->urls) {
    Result<std::string> normal = NormalizeUrl(found.url);
    if (!normal.ok()) continue;
    UrlKind kind = UrlKind::kArticle;
    int prio = ArticlePriority(found.date, now);
    int depth = url.depth + 1;
    switch (found.kind) {
      case DiscoveredKind::kSitemap:
        kind = UrlKind::kSitemap;
        prio = priority::kSitemap;
        depth = url.depth;  // an index's sitemaps are as near the source as the index
        break;
      case DiscoveredKind::kPage:
        if (!LooksLikeArticleUrl(*normal)) {
          kind = UrlKind::kPage;
          prio = std::max(0, priority::kPage - 5 * depth);
        }
        break;
      case DiscoveredKind::kNewsArticle:
      case DiscoveredKind::kFeedItem:
        break;
    }
    Result<bool> queued = Discover(*normal, kind, depth, prio);
    if (!queued.ok()) return queued.status();
  }
  return MarkFetched(url, result, now);
}

Status Crawler::Impl::HandlePage(const DueUrl& url, const FetchResult& result, const std::string& final_url,
                                 int64_t now) {
  ++progress.pages;
  Result<Article> extracted = ExtractArticle(result.body, result.content_type, final_url);
  if (!extracted.ok()) {
    spdlog::info("{}: {}", final_url, extracted.status().message());
    return MarkFetched(url, result, now);
  }
  Article& article = *extracted;
  article.url = final_url;

  // Links and announced feeds, one level deeper.
  int depth = url.depth + 1;
  for (const std::string& feed : article.feed_links) {
    Result<std::string> normal = NormalizeUrl(feed);
    if (!normal.ok()) continue;
    Result<bool> queued = Discover(*normal, UrlKind::kFeed, url.depth, priority::kFeed);
    if (!queued.ok()) return queued.status();
  }
  if (article.links.size() > kMaxLinksPerPage) {
    spdlog::warn("{}: {} links; following the first {}", final_url, article.links.size(), kMaxLinksPerPage);
    article.links.resize(kMaxLinksPerPage);
  }
  for (const std::string& link : article.links) {
    Result<std::string> normal = NormalizeUrl(link);
    if (!normal.ok()) continue;
    bool article_like = LooksLikeArticleUrl(*normal);
    Result<bool> queued = Discover(*normal, article_like ? UrlKind::kArticle : UrlKind::kPage, depth,
                                   article_like ? priority::kArticleLink : std::max(0, priority::kPage - 5 * depth));
    if (!queued.ok()) return queued.status();
  }

  if (ClassifyPage(article, final_url) == PageKind::kHub) return MarkFetched(url, result, now);

  // rel=canonical: another URL of a page already stored is not stored again.
  if (Result<std::string> canonical = NormalizeUrl(article.canonical_url);
      canonical.ok() && *canonical != final_url) {
    fetched_this_run.insert(*canonical);
    Result<std::optional<ArticleKey>> known = store.FindArticle(*canonical);
    if (!known.ok()) return known.status();
    if (known->has_value()) return MarkFetched(url, result, now, (*known)->id);
  }
  Result<IngestResult> ingested = pipeline->AddArticle(article, now);
  if (!ingested.ok()) {
    if (ingested.status().code() == Status::Code::kInvalidArgument) {
      spdlog::info("{}: {}", final_url, ingested.status().message());
      return MarkFetched(url, result, now);
    }
    return ingested.status();
  }
  if (ingested->new_article) {
    ++progress.articles;
    ingested->new_story ? ++progress.new_stories : ++progress.joined_stories;
    if (run != nullptr && run->metrics != nullptr) {
      std::optional<int64_t> published = ParseIsoTime(article.published);
      std::optional<double> lag;
      if (published) lag = static_cast<double>(now - *published) / 1000.0;
      run->metrics->RecordArticle(ingested->new_story, ingested->exact_duplicate, lag);
    }
  } else if (ingested->change != ArticleChange::kUnchanged) {
    ++progress.updated;
  }
  if (Status s = EnsureBatch(); !s.ok()) return s;  // the pipeline may have just committed
  return MarkFetched(url, result, now, ingested->article_id);
}

}  // namespace wirecrawl
