// crawler/page_analysis.h: the CPU work of one fetched page, done on a
// worker thread: a sitemap or feed parsed into URLs; an HTML page decoded,
// parsed and extracted, its links and feeds listed, classified (article or
// hub), and an article normalised and fingerprinted for dedup.
//
// It reads nothing shared and writes nothing: what it knows of the page's
// site comes with the job (an immutable snapshot of the site's profile and
// the [[site]] rule that matched), and what the page means for the
// frontier, the store and the site's profile is applied afterwards, on the
// crawl thread (ResponseHandler::Apply), so the result does not depend on
// which worker ran it or when.
//
// Thread safety: AnalysePage may run on many threads at once, each with its
// own ArticlePreparer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/fetch/fetcher.h"
#include "ingest/ingest.h"
#include "parser/page_kind.h"
#include "parser/site_profile.h"
#include "store/records.h"

namespace wirecrawl {

// A response the crawl thread hands to a worker.
struct PageJob {
  enum class Kind { kPage, kDiscoveryDocument };
  Kind kind = Kind::kPage;
  DueUrl url;
  FetchResult result;
  std::string final_url;  // normalised
  std::string host;       // of final_url: the site whose profile is given
  int64_t now_ms = 0;     // when the response arrived (articles are prioritised by age)
  // What the crawl knows about the page's site (never null for a page;
  // immutable), and the [[site]] rule that decides the URL's kind, if any.
  std::shared_ptr<const SiteProfile> site;
  std::optional<PageKind> site_rule;
  std::string site_rule_pattern;
};

// A URL the page points to, ready for Frontier::Discover.
struct FoundUrl {
  std::string url;  // normalised
  UrlKind kind = UrlKind::kPage;
  int depth = 0;
  int priority = 0;
  FoundVia found_via = FoundVia::kLink;
};

struct PageAnalysis {
  PageJob job;                  // the response's body is released
  Status error;                 // the page could not be read (not a sitemap or feed; not extractable)
  std::vector<FoundUrl> found;  // feeds, then links (pages), or the document's URLs
  std::string canonical_url;    // normalised; empty when none or the final URL itself
  // What the page was ("article", "hub", "page", "sitemap", "feed",
  // "unreadable") and the evidence, for the frontier's record.
  std::string page_kind;
  std::string page_reason;
  // For the site's profile (SiteProfiles::Learn): an HTML page's <title>
  // as written, its verdict, and whether the verdict may teach URL shapes.
  std::optional<PageKind> verdict;
  bool confident = false;
  std::string title_tag;
  // Set for an article (ClassifyPage): prepared for the story index, or
  // the reason it could not be (no text).
  std::optional<Result<PreparedArticle>> article;
};

PageAnalysis AnalysePage(PageJob job, ArticlePreparer& preparer);

}  // namespace wirecrawl
