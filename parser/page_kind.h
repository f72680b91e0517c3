// parser/page_kind.h: is a fetched page an article, a listing (hub) or
// some other page, and on what evidence?
//
// ClassifyPage weighs the evidence a page and its crawl give, each piece
// with a weight, and records every piece it used in the verdict's reason:
// - for an article: listed in a news sitemap or a feed (strong); declared an
//   article (JSON-LD NewsArticle/Article, og:type=article); a publication
//   date, a byline, one <article> element or an itemprop articleBody; a URL
//   shaped like the site's known articles (SiteProfile) or like articles in
//   general; found through a teaser on a listing;
// - for a listing: a URL naming a front, section, tag, author, search or
//   paginated page; a main block of teasers (headlines that link away with a
//   few lines between them); many <article> cards; pagination; a URL shaped
//   like the site's known listings.
// A brief of kMinArticleWords words or more with enough article evidence is
// an article; longer texts need less. A page whose URL names a front,
// section, tag, author or search page is never an article, whatever its
// length. A [[site]] rule of the config, when one matches, decides alone.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parser/article.h"
#include "parser/site_profile.h"

namespace wirecrawl {

enum class PageKind {
  kArticle,
  kHub,    // a listing: front page, section, tag, author, search, archive
  kOther,  // neither: too little text, and nothing says listing (about, contact, an error page)
};

// "article", "hub", "page".
const char* PageKindName(PageKind kind);

// How the crawler came to a URL: the strongest way, when it was found in
// several (a news sitemap entry is stronger evidence than a link).
enum class HowFound { kUnknown, kSeed, kLink, kTeaser, kSitemap, kNewsSitemap, kFeed };

// Fewer words than this is never an article: a caption, a stub, a teaser.
// Agency flashes and briefs have a few dozen words more.
constexpr size_t kMinArticleWords = 40;

// What the crawl knows about a page beyond its content.
struct PageContext {
  std::string_view url;  // normalised
  HowFound found = HowFound::kUnknown;
  const SiteProfile* site = nullptr;  // what was learned about the URL's site; may be null
  // A [[site]] rule of the config that matched the URL, and its pattern.
  std::optional<PageKind> site_rule;
  std::string_view site_rule_pattern;
};

// The verdict and the evidence it rests on, for the frontier's record and
// `wirecrawl show URL` ("hub: 42 teaser links, 31 words of prose").
struct PageVerdict {
  PageKind kind = PageKind::kHub;
  std::string reason;
  // The verdict holds without what was learned about the site's URLs: the
  // site may learn from it (SiteProfile::NoteArticleUrl / NoteHubUrl)
  // without teaching itself its own guesses.
  bool confident = false;
};

PageVerdict ClassifyPage(const Article& article, const PageContext& context);
// The same with nothing known but the URL.
PageVerdict ClassifyPage(const Article& article, std::string_view url);

// What a classified page teaches its site: its <title> as written (the
// site's title affixes) and, when the verdict is confident, its URL's shape
// (the site's articles or listings). The crawl and `wirecrawl extract`
// learn the same way.
void LearnFromPage(SiteProfile& site, std::string_view url, std::string_view title_tag, PageKind kind,
                   bool confident, int64_t now_ms);

// From the URL alone, before fetching: used for priorities. A long slug, a
// numeric id, a date in the path.
bool LooksLikeArticleUrl(std::string_view url);

// What kind of listing the URL names: "a front page", "a section page",
// "a tag page", "an author page", "a search page", "a paginated listing";
// nullopt for any other URL.
std::optional<std::string_view> ListingUrlKind(std::string_view url);
inline bool LooksLikeHubUrl(std::string_view url) { return ListingUrlKind(url).has_value(); }

// Words in the article body (spaces between runs of non-space bytes).
size_t BodyWordCount(const Article& article);

}  // namespace wirecrawl
