// parser/article.h: the clean article that extraction hands to dedup and store.
//
// Contract on URLs: canonical_url (when the page names one), links and
// feed_links come resolved against the page URL (or <base href>) and
// normalised by url/url.h (ResolveUrl: NormalizeUrl's form, fragment and
// tracking parameters dropped); only http(s) URLs are kept, links and
// feed_links in page order without duplicates. Callers need not resolve or
// normalise them again.
#pragma once

#include <string>
#include <vector>

namespace wirecrawl {

struct Article {
  std::string url;            // the URL the page was fetched from
  std::string canonical_url;  // <link rel=canonical>, og:url or JSON-LD url, normalised; else url as given
  std::string title;          // headline without the site-name suffix
  std::string author;
  std::string published;      // ISO 8601 (date or date-time), or empty
  std::string language;       // BCP 47 primary tag ("ar", "en"), or empty
  std::vector<std::string> paragraphs;  // main text, one entry per block, UTF-8
  std::vector<std::string> links;       // <a href> targets
  std::vector<std::string> feed_links;  // RSS/Atom/JSON feeds announced by <link rel=alternate>
  bool is_article_type = false;  // JSON-LD or og:type declared the page an article
  std::string charset;           // the encoding the page was decoded from

  // The body as stored and exported: paragraphs joined by '\n'.
  std::string Body() const;
};

}  // namespace wirecrawl
