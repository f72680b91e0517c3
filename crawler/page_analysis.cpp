#include "crawler/page_analysis.h"

#include <spdlog/spdlog.h>

#include <unordered_set>

#include "crawler/discovery/documents.h"
#include "crawler/frontier/priority.h"
#include "parser/extract.h"
#include "parser/page_kind.h"

namespace wirecrawl {
namespace {

// Links followed from one page: a real front page has a few hundred; a
// page with 100,000 is a trap (or a sitemap in disguise, which would have
// its own sitemap).
constexpr size_t kMaxLinksPerPage = 5000;

void AnalyseDocument(PageAnalysis& out) {
  const PageJob& job = out.job;
  Result<DiscoveryDocument> doc = ParseDiscoveryDocument(job.result.body, job.final_url);
  if (!doc.ok()) {
    out.error = doc.status();
    return;
  }
  bool sitemap_format =
      doc->format == DiscoveryFormat::kUrlset || doc->format == DiscoveryFormat::kSitemapIndex;
  out.page_kind = sitemap_format ? "sitemap" : "feed";
  out.page_reason =
      std::string(DiscoveryFormatName(doc->format)) + ", " + std::to_string(doc->urls.size()) + " URLs";
  out.found.reserve(doc->urls.size());
  // A sitemap is a source: what it lists is one step from it. Its own depth
  // counts how deep it sits in sitemap indexes, which Frontier::Discover
  // caps at scope.max_sitemap_depth (an index that lists a fresh index on
  // every fetch is a trap).
  const bool sitemap = job.url.kind == UrlKind::kSitemap;
  for (DiscoveredUrl& found : doc->urls) {
    FoundUrl url{.url = std::move(found.url),  // normalised by the parser
                 .kind = UrlKind::kArticle,
                 .depth = sitemap ? 1 : job.url.depth + 1,
                 .priority = priority::ForArticle(found.date, job.now_ms),
                 .found_via = FoundVia::kSitemap};
    switch (found.kind) {
      case DiscoveredKind::kSitemap:
        url.kind = UrlKind::kSitemap;
        url.priority = priority::kSitemap;
        url.depth = sitemap ? job.url.depth + 1 : 1;  // one level deeper in sitemap indexes
        break;
      case DiscoveredKind::kPage:
        if (!LooksLikeArticleUrl(url.url)) {
          url.kind = UrlKind::kPage;
          url.priority = priority::ForPage(url.depth);
        }
        break;
      case DiscoveredKind::kNewsArticle:
        url.found_via = FoundVia::kNewsSitemap;
        break;
      case DiscoveredKind::kFeedItem:
        url.found_via = FoundVia::kFeed;
        break;
    }
    out.found.push_back(std::move(url));
  }
}

// The frontier's record of how a URL was found, as the classifier weighs it.
HowFound HowFoundFrom(FoundVia via) {
  switch (via) {
    case FoundVia::kLink:
    case FoundVia::kRedirect:
      return HowFound::kLink;
    case FoundVia::kTeaser:
      return HowFound::kTeaser;
    case FoundVia::kSitemap:
      return HowFound::kSitemap;
    case FoundVia::kFeed:
      return HowFound::kFeed;
    case FoundVia::kNewsSitemap:
      return HowFound::kNewsSitemap;
    case FoundVia::kSeed:
      return HowFound::kSeed;
  }
  return HowFound::kUnknown;
}

void AnalyseHtml(PageAnalysis& out, ArticlePreparer& preparer) {
  const PageJob& job = out.job;
  Result<Article> extracted = ExtractArticle(job.result.body, job.result.content_type, job.final_url);
  if (!extracted.ok()) {
    out.error = extracted.status();
    out.page_kind = "unreadable";
    out.page_reason = extracted.status().message();
    return;
  }
  Article& article = *extracted;
  article.url = job.final_url;

  PageVerdict verdict = ClassifyPage(article, PageContext{.url = job.final_url,
                                                          .found = HowFoundFrom(job.url.found_via),
                                                          .site = job.site.get(),
                                                          .site_rule = job.site_rule,
                                                          .site_rule_pattern = job.site_rule_pattern});
  out.page_kind = PageKindName(verdict.kind);
  out.page_reason = std::move(verdict.reason);
  out.verdict = verdict.kind;
  out.confident = verdict.confident;
  out.title_tag = article.signals.title_tag;

  // Announced feeds at the page's depth, links one level deeper; the parser
  // resolved and normalised them (parser/article.h). A listing's headline
  // links are its teasers: evidence that what they point to is a story.
  for (std::string& feed : article.feed_links) {
    out.found.push_back(
        FoundUrl{std::move(feed), UrlKind::kFeed, job.url.depth, priority::kFeed, FoundVia::kLink});
  }
  if (article.links.size() > kMaxLinksPerPage) {
    spdlog::warn("{}: {} links; following the first {}", job.final_url, article.links.size(),
                 kMaxLinksPerPage);
    article.links.resize(kMaxLinksPerPage);
  }
  std::unordered_set<std::string_view> teasers;
  if (verdict.kind == PageKind::kHub)
    teasers.insert(article.headline_links.begin(), article.headline_links.end());
  int depth = job.url.depth + 1;
  for (const std::string& link : article.links) {
    bool article_like = LooksLikeArticleUrl(link);
    out.found.push_back(FoundUrl{link, article_like ? UrlKind::kArticle : UrlKind::kPage, depth,
                                 article_like ? priority::kArticleLink : priority::ForPage(depth),
                                 teasers.count(link) ? FoundVia::kTeaser : FoundVia::kLink});
  }
  if (verdict.kind != PageKind::kArticle) return;

  if (!article.canonical_url.empty() && article.canonical_url != article.url)
    out.canonical_url = article.canonical_url;
  article.links.clear();  // followed above; not stored
  article.links.shrink_to_fit();
  out.article = preparer.Prepare(std::move(article));
}

}  // namespace

PageAnalysis AnalysePage(PageJob job, ArticlePreparer& preparer) {
  PageAnalysis out;
  out.job = std::move(job);
  if (out.job.kind == PageJob::Kind::kDiscoveryDocument) {
    AnalyseDocument(out);
  } else {
    AnalyseHtml(out, preparer);
  }
  // The body has served: only the analysis travels on.
  out.job.result.body.clear();
  out.job.result.body.shrink_to_fit();
  return out;
}

}  // namespace wirecrawl
