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

// What the page's markup says about the kind of page it is: the evidence
// ClassifyPage (parser/page_kind.h) weighs beside the text. Not stored.
struct PageSignals {
  std::string title_tag;  // <title> as written: site-name affixes and all
  bool has_h1 = false;
  int article_elements = 0;     // <article> elements (one: a story; many: teaser cards)
  bool body_marker = false;     // itemprop="articleBody"
  bool date_in_markup = false;  // JSON-LD, meta or <time> gave the date (not running text)
  int pagination_links = 0;     // rel=next/prev, links to ?page=N or /page/N
  // Teasers anywhere on the page: a headline link followed by 15 to 150
  // words of text before the next headline link.
  int teasers = 0;
  // The main content as extracted, line by line (content.h MainContentStats).
  int link_lines = 0;         // lines that are one link and nothing else (a headline linking away)
  int prose_words = 0;        // words of the other lines
  int longest_prose_run = 0;  // most words between two such link lines
  bool opens_with_headline_link = false;  // the first line is a link of five words or more: a teaser
};

struct Article {
  std::string url;            // the URL the page was fetched from
  std::string canonical_url;  // <link rel=canonical>, og:url or JSON-LD url, normalised; else url as given
  std::string title;          // headline without the site-name suffix
  std::string author;
  std::string published;                // ISO 8601 (date or date-time), or empty
  std::string language;                 // BCP 47 primary tag ("ar", "en"), or empty
  std::vector<std::string> paragraphs;  // main text, one entry per block, UTF-8
  std::vector<std::string> links;       // <a href> targets
  std::vector<std::string> feed_links;  // RSS/Atom/JSON feeds announced by <link rel=alternate>
  bool is_article_type = false;         // JSON-LD or og:type declared the page an article
  std::string charset;                  // the encoding the page was decoded from
  // The links whose anchor reads as a headline (inside a heading, or five
  // words or more): on a listing, its teasers. A subset of links.
  std::vector<std::string> headline_links;
  PageSignals signals;

  // The body as stored and exported: paragraphs joined by '\n'.
  std::string Body() const;
};

}  // namespace wirecrawl
