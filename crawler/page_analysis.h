// crawler/page_analysis.h: the CPU work of one fetched page, done on a
// worker thread: a sitemap or feed parsed into URLs; an HTML page decoded,
// parsed and extracted, its links and feeds listed, classified (article or
// hub), and an article normalised and fingerprinted for dedup.
//
// It reads nothing shared and writes nothing: what the page means for the
// frontier and the store is applied afterwards, on the crawl thread
// (ResponseHandler::Apply), so the result does not depend on which worker
// ran it or when.
//
// Thread safety: AnalysePage may run on many threads at once, each with its
// own ArticlePreparer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/fetch/fetcher.h"
#include "ingest/ingest.h"
#include "store/records.h"

namespace wirecrawl {

// A response the crawl thread hands to a worker.
struct PageJob {
  enum class Kind { kPage, kDiscoveryDocument };
  Kind kind = Kind::kPage;
  DueUrl url;
  FetchResult result;
  std::string final_url;  // normalised
  int64_t now_ms = 0;     // when the response arrived (articles are prioritised by age)
};

// A URL the page points to, ready for Frontier::Discover.
struct FoundUrl {
  std::string url;  // normalised
  UrlKind kind = UrlKind::kPage;
  int depth = 0;
  int priority = 0;
};

struct PageAnalysis {
  PageJob job;           // the response's body is released
  Status error;          // the page could not be read (not a sitemap or feed; not extractable)
  std::vector<FoundUrl> found;  // feeds, then links (pages), or the document's URLs
  std::string canonical_url;    // normalised; empty when none or the final URL itself
  // What the page was ("article", "hub", "sitemap", "feed", "unreadable")
  // and the evidence, for the frontier's record.
  std::string page_kind;
  std::string page_reason;
  // Set for an article (ClassifyPage): prepared for the story index, or
  // the reason it could not be (no text).
  std::optional<Result<PreparedArticle>> article;
};

PageAnalysis AnalysePage(PageJob job, ArticlePreparer& preparer);

}  // namespace wirecrawl
