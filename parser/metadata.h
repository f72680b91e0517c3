// parser/metadata.h: title, author, date, language, canonical URL and links.
//
// Internal to parser/. Sources by priority: JSON-LD (NewsArticle/Article...),
// OpenGraph and article:* meta, other common meta names, <time datetime>,
// <link rel=canonical>, <html lang>, then the visible text (dates written
// with Arabic or English month names, Arabic-Indic digits).
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace wirecrawl::metadata {

struct PageMetadata {
  std::string title;  // cleaned (site-name suffix removed)
  std::string author;
  std::string published;          // ISO 8601 or empty
  std::string language;           // primary language subtag from markup, or empty
  std::string canonical_url;      // in NormalizeUrl's form (url/url.h), or empty
  std::string article_body;       // JSON-LD articleBody, used as evidence
  bool declares_article = false;  // JSON-LD/og:type say this is an article
  // Links come resolved and normalised, as Article's (parser/article.h).
  std::vector<std::string> links;  // <a href> targets
  // <link rel="... alternate ..."> whose type names RSS, Atom or JSON Feed
  // (contains "rss", "atom" or "feed+json"): feed autodiscovery.
  std::vector<std::string> feed_links;
  // Links whose anchor reads as a headline: inside a heading, or five
  // words or more (Article::headline_links).
  std::vector<std::string> headline_links;
  // Evidence of the page's kind (Article::signals).
  std::string title_tag;
  bool has_h1 = false;
  int article_elements = 0;
  bool body_marker = false;
  bool date_in_markup = false;
  int pagination_links = 0;
  int teasers = 0;  // headline links each followed by a short text (PageSignals::teasers)
};

PageMetadata Collect(const GumboNode* root, std::string_view page_url);

// A date found in running text ("21 أكتوبر/تشرين الأول 2023", "٢١ تشرين الأول ٢٠٢٣",
// "November 19, 2019", "تاريخ الخبر: 22-10-2023") as YYYY-MM-DD, or empty.
std::string DateFromText(std::string_view text);

// Normalises a machine-readable date to ISO 8601 text: ISO 8601 as base/time.h
// reads it (also with "/" between the date's fields), kept with its offset;
// else, as DateFromText, the date of an RFC 822 or free-text date.
std::string NormalizeDate(std::string_view value);

// Removes a site-name prefix or suffix ("Headline | Site", "Site - Headline").
std::string CleanTitle(std::string_view title, std::string_view site_name);

// The marks that separate a title from the site's name, in any language:
// " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " • " (with the spaces).
const std::vector<std::string_view>& TitleSeparators();

// Detected language of plain UTF-8 text (CLD2), or empty if unreliable.
std::string DetectLanguage(std::string_view text);

}  // namespace wirecrawl::metadata
