// parser/site_profile.h: what wirecrawl has learned about one site (host),
// so that the second crawl of a site knows it better than the first:
// - the URL shapes of its confirmed articles and of its listings
//   ("/news/{n}.htm", "/section.asp?id={n}"), for ClassifyPage
//   (parser/page_kind.h);
// - the site-name prefix or suffix its titles carry with their separator
//   ("دار الأخبار :: ", " | The Gamma Times"), stripped from titles, also
//   on pages without an <h1> to compare the title with.
//
// Bounded and explainable: each pattern is a readable string with the number
// of pages that showed it; a site keeps at most kMaxPatternsPerKind of each
// kind. When a kind is full, the pattern seen on the fewest pages (then the
// one seen longest ago) makes room. A pattern is trusted only once enough
// pages showed it (Trusted*), so one odd page teaches nothing.
//
// Thread safety: a value type. A profile no thread modifies may be read from
// any number of threads (the crawl hands workers an immutable snapshot).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirecrawl {

enum class SitePatternKind { kArticleUrl, kHubUrl, kTitlePrefix, kTitleSuffix };

// "article_url", "hub_url", "title_prefix", "title_suffix" (as stored).
const char* SitePatternKindName(SitePatternKind kind);
std::optional<SitePatternKind> ParseSitePatternKind(std::string_view name);

struct SitePattern {
  SitePatternKind kind = SitePatternKind::kArticleUrl;
  std::string pattern;  // a URL shape (UrlShape) or a title affix with its separator
  int64_t pages = 0;    // pages that showed it
  int64_t last_seen_ms = 0;
};

// The shape of a URL: its path and query with the parts that vary from page
// to page replaced: digit runs by {n}, a slug (a title in the URL: words
// joined by '-' or '_', or a long or percent-encoded segment) by {slug},
// query values by {n} or {v}; query keys sorted. Host and scheme dropped.
//   http://x.test/news/11120.htm            -> /news/{n}.htm
//   http://x.test/2024/10/21/some-story-title/ -> /{n}/{n}/{n}/{slug}/
//   http://x.test/section.asp?id=3          -> /section.asp?id={n}
std::string UrlShape(std::string_view url);

struct SiteProfile {
  // Patterns of one kind kept per site; what a kind holds beyond its trusted
  // patterns is candidates still being counted.
  static constexpr size_t kMaxPatternsPerKind = 8;
  // Pages that must show a URL shape before it is trusted.
  static constexpr int64_t kMinPagesForUrlShape = 3;
  // Pages that must show a title affix before it is stripped, and the share
  // of the site's titled pages it must be on: a real site name is on (nearly)
  // every page; a word that opens a few headlines ("Gaza - ...") is not.
  // Two pages: a crawl meets a site's front page and then its stories, and
  // the first story should already lose the site's name.
  static constexpr int64_t kMinPagesForAffix = 2;
  static constexpr int64_t kAffixShareDivisor = 2;  // on at least half of the titled pages

  std::string host;
  int64_t titled_pages = 0;  // pages whose <title> was counted (NoteTitle)
  std::vector<SitePattern> patterns;

  bool empty() const { return titled_pages == 0 && patterns.empty(); }

  // ---- Learning ----------------------------------------------------------------
  // A page of the site confirmed as an article (or a listing) with evidence
  // beyond its URL's shape.
  void NoteArticleUrl(std::string_view url, int64_t now_ms);
  void NoteHubUrl(std::string_view url, int64_t now_ms);
  // A page's <title> as written: each prefix and suffix that a separator
  // (metadata::TitleSeparators) cuts off is a candidate affix.
  void NoteTitle(std::string_view title_tag, int64_t now_ms);

  // ---- Using what was learned ------------------------------------------------------
  // The trusted pattern of `kind` (kArticleUrl or kHubUrl) that the URL's
  // shape matches, and that the other kind does not claim as much; nullptr
  // when none.
  const SitePattern* TrustedUrlShape(std::string_view url, SitePatternKind kind) const;
  // title without the trusted prefix and suffix it carries (at most one
  // of each); unchanged when none applies or too little would be left.
  std::string StripTitleAffixes(std::string_view title) const;
  // The trusted affixes, most pages first (for `wirecrawl extract` and tests).
  std::vector<const SitePattern*> TrustedAffixes() const;

 private:
  void Count(SitePatternKind kind, std::string pattern, int64_t now_ms);
  const SitePattern* Find(SitePatternKind kind, std::string_view pattern) const;
  bool AffixTrusted(const SitePattern& p) const;
};

}  // namespace wirecrawl
