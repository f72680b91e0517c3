// crawler/responses.h: what a finished fetch leads to.
//
// In the order a response meets it: the frontier closes the transfer
// (politeness, back-off); the fetch goes to the fetch log; then by kind
// (what needs CPU work, a sitemap, feed or page, goes to a worker first,
// crawler/page_analysis.h, and comes back to Apply):
// - a redirect: its target is queued through the frontier (robots.txt and
//   politeness apply to every hop), the chain capped at limits.max_redirects;
// - a failure: retried with back-off and jitter (Retry-After honoured), or
//   given up; a source fails softly (it is read again at its interval);
// - a sitemap or feed: its URLs are discovered, fresher articles first;
// - an HTML page: extracted and classified with what the crawl knows of its
//   site (SiteProfiles); its links and feeds are discovered; an article
//   (ClassifyPage) goes through the ingest path (dedup -> store); the site's
//   profile learns from the page;
// and the URL's frontier row gets its final state (done, failed, skipped,
// or queued again at its next refresh or revisit) with what the page was
// and why (logged at debug level).
//
// Thread safety: thread-compatible (the crawl thread owns it).
// REQUIRES of Handle and Apply: the caller's write batch is open.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "base/status.h"
#include "config/options.h"
#include "crawler/crawl.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/fetch/retry.h"
#include "crawler/frontier/frontier.h"
#include "crawler/frontier/sources.h"
#include "crawler/metrics/metrics.h"
#include "crawler/page_analysis.h"
#include "crawler/site_profiles.h"
#include "ingest/ingest.h"
#include "store/crawl_state.h"

namespace wirecrawl {

class ResponseHandler {
 public:
  // REQUIRES: everything passed outlives the handler; options may change
  // between calls (a reload).
  ResponseHandler(const CrawlerOptions& options, CrawlState& state, Frontier& frontier,
                  SourceSchedule& sources, SiteProfiles& sites, IngestPipeline& pipeline,
                  CrawlProgress& progress);

  // Per run: continuous (a daemon schedules refetches) and the metrics sink
  // (may be null).
  void StartRun(bool continuous, CrawlMetrics* metrics) {
    continuous_ = continuous;
    metrics_ = metrics;
  }

  // Everything a response leads to that needs no parsing. A sitemap, feed
  // or HTML page comes back as a job for a worker (AnalysePage), whose
  // analysis then goes to Apply.
  Result<std::optional<PageJob>> Handle(FetchResult result, int64_t now_ms);
  // What an analysed page leads to: its URLs discovered, an article stored,
  // the frontier row done.
  Status Apply(PageAnalysis analysis, int64_t now_ms);

  // Fetches put back for another attempt.
  int64_t retries() const { return retries_; }

 private:
  // A stored article a page turned out to be: for revisit scheduling.
  struct StoredRef {
    int64_t id = 0;
    int64_t first_stored_ms = 0;
  };
  // What the page was and why (PageAnalysis), recorded with the URL.
  struct Verdict {
    std::string kind;
    std::string reason;
  };
  Status HandleRedirect(const DueUrl& url, const FetchResult& result, int64_t now_ms);
  Status HandleFailure(const DueUrl& url, const FetchResult& result, int64_t now_ms);
  Status IngestArticle(const DueUrl& url, const FetchResult& result, const std::string& canonical_url,
                       const PreparedArticle& article, Verdict verdict, int64_t now_ms);
  // The URL's row is done: fetched, and for sources, feeds, hubs (daemon)
  // and articles with revisits left, queued again at that time.
  Status MarkFetched(const DueUrl& url, const FetchResult& result, int64_t now_ms,
                     std::optional<StoredRef> article = std::nullopt, Verdict verdict = {});

  const CrawlerOptions& options_;
  CrawlState& state_;
  Frontier& frontier_;
  SourceSchedule& sources_;
  SiteProfiles& sites_;
  IngestPipeline& pipeline_;
  CrawlProgress& progress_;
  bool continuous_ = false;
  CrawlMetrics* metrics_ = nullptr;
  std::mt19937_64 jitter_rng_{0x5eed};
  int64_t retries_ = 0;
  // A source's fetch "yielded" when the frontier's discovered count grew
  // while its response was handled.
  int64_t discovered_mark_ = 0;
};

}  // namespace wirecrawl
