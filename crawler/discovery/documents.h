// crawler/discovery.h: URLs found in sitemaps and feeds.
//
// Parses the documents a crawl discovers articles from into plain
// DiscoveredUrls: sitemaps (urlset and sitemapindex, sitemaps.org 0.9) with
// Google News extensions (news:publication_date, news:title), RSS 2.0 (and
// RSS 1.0/RDF), Atom (RFC 4287) and JSON Feed 1.x. Gzip bodies (.xml.gz
// sitemaps) are inflated with a bound on the inflated size. URLs are resolved
// against the document's URL and normalised (ResolveUrl, url/url.h); only
// http(s) URLs are returned. Dates are read by base/time.h.
//
// Hostile input gets an error Status, never a crash: malformed XML or JSON,
// an unknown root element, a gzip bomb. XML goes through pugixml, which
// neither loads external entities nor expands DTD entities, so XXE and
// "billion laughs" documents come out inert.
//
// Thread safety: every function is reentrant.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace wirecrawl {

enum class DiscoveredKind {
  kPage,         // a <url> of a urlset
  kNewsArticle,  // a <url> of a urlset with a <news:news> block
  kSitemap,      // a <sitemap> of a sitemapindex: fetch and parse it too
  kFeedItem,     // an RSS item, Atom entry or JSON Feed item
};

struct DiscoveredUrl {
  std::string url;  // absolute http(s), in NormalizeUrl's form
  DiscoveredKind kind = DiscoveredKind::kPage;
  // news:publication_date, else lastmod; a feed item's published date, else
  // its updated date. UTC. nullopt when absent or unparseable.
  std::optional<std::chrono::sys_seconds> date;
  std::string title;  // news:title or the item title; may be empty
};

enum class DiscoveryFormat { kUrlset, kSitemapIndex, kRss, kAtom, kJsonFeed };
const char* DiscoveryFormatName(DiscoveryFormat f);

struct DiscoveryDocument {
  DiscoveryFormat format = DiscoveryFormat::kUrlset;
  std::vector<DiscoveredUrl> urls;
  std::size_t skipped = 0;  // entries without a usable http(s) URL
  bool truncated = false;   // stopped at DiscoveryLimits::max_urls
};

struct DiscoveryLimits {
  // sitemaps.org caps a sitemap at 50 MB uncompressed and 50,000 URLs;
  // anything past these is a broken or hostile file.
  std::size_t max_inflated_bytes = 50u << 20;
  std::size_t max_urls = 50'000;
};

// Detects the format from the content (gzip magic, JSON, XML root element)
// and parses it. base_url is where the document was fetched from.
Result<DiscoveryDocument> ParseDiscoveryDocument(std::string_view body, std::string_view base_url,
                                                 const DiscoveryLimits& limits = {});

// Inflates a gzip (or zlib) body; an error once the output would pass
// max_bytes, so a 10 MB bomb costs at most max_bytes of memory.
Result<std::string> InflateBounded(std::string_view compressed, std::size_t max_bytes);
bool LooksGzipped(std::string_view body);

// A feed date: ISO 8601 / RFC 3339 (Atom, JSON Feed, Dublin Core; see
// ParseIsoTime), or RFC 822 as RSS uses ("Tue, 10 Jun 2003 04:00:00 GMT",
// numeric or named zones; see ParseHttpDate).
std::optional<std::chrono::sys_seconds> ParseFeedDate(std::string_view text);

}  // namespace wirecrawl
