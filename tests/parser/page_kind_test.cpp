// ClassifyPage (parser/page_kind.h): an article, a listing or another page,
// on recorded evidence. The expectations are the header's contract: a brief
// of 40 words or more with article evidence is an article; a front, section,
// tag, author, search or paginated page never is, whatever its length; a
// column of teasers is a listing; what a site taught (SiteProfile) and a
// [[site]] rule count.
#include <catch2/catch.hpp>
#include <string>

#include "parser/page_kind.h"
#include "parser/site_profile.h"

namespace wirecrawl {
namespace {

// `words` words of prose, in paragraphs of about 60.
Article Prose(size_t words) {
  Article a;
  std::string paragraph;
  for (size_t i = 0; i < words; ++i) {
    paragraph += "word" + std::to_string(i) + (i % 12 == 11 ? ". " : " ");
    if ((i + 1) % 60 == 0 || i + 1 == words) {
      a.paragraphs.push_back(paragraph);
      paragraph.clear();
    }
  }
  a.signals.prose_words = static_cast<int>(words);
  a.signals.longest_prose_run = static_cast<int>(words);
  return a;
}

PageVerdict Classify(const Article& a, std::string_view url, HowFound found = HowFound::kLink,
                     const SiteProfile* site = nullptr) {
  PageContext context;
  context.url = url;
  context.found = found;
  context.site = site;
  return ClassifyPage(a, context);
}

}  // namespace

TEST_CASE("PageKindDoc_UrlShapes", "[page_kind]") {
  CHECK(LooksLikeArticleUrl("https://example.com/news/2024/05/01/minister-visits-doha.html"));
  CHECK(LooksLikeArticleUrl("https://example.com/world/qatar-us-talks-on-gaza"));
  CHECK(LooksLikeArticleUrl("https://example.com/article/1234567"));
  CHECK(LooksLikeArticleUrl("https://example.com/archive/2024/10/qatar-hamas-meetings.html"));
  CHECK(LooksLikeArticleUrl("http://legacy.test/news/11120.htm"));
  CHECK(LooksLikeArticleUrl("http://legacy.test/news.php?id=11120"));
  CHECK(LooksLikeArticleUrl("https://blog.example/?p=1234"));
  CHECK_FALSE(LooksLikeArticleUrl("https://example.com/"));
  CHECK_FALSE(LooksLikeArticleUrl("https://example.com/politics/"));
  CHECK_FALSE(LooksLikeArticleUrl("https://example.com/tag/gaza"));
  CHECK_FALSE(LooksLikeArticleUrl("https://example.com/news/page/2"));
  CHECK_FALSE(LooksLikeArticleUrl("https://example.com/news?page=3123"));
}

TEST_CASE("PageKindDoc_ListingUrlsNameWhatTheyList", "[page_kind]") {
  CHECK(ListingUrlKind("https://example.com/") == "a front page");
  CHECK(ListingUrlKind("https://example.com/index.php") == "a front page");
  CHECK(ListingUrlKind("https://example.com/world/") == "a section page");
  CHECK(ListingUrlKind("https://example.com/en/world/") == "a section page");
  CHECK(ListingUrlKind("https://example.com/news/index.htm") == "a section page");
  CHECK(ListingUrlKind("http://legacy.test/section.asp?id=3") == "a section page");
  CHECK(ListingUrlKind("https://example.com/category/politics/") == "a section page");
  CHECK(ListingUrlKind("https://example.fr/rubrique/politique") == "a section page");
  CHECK(ListingUrlKind("https://example.com/tag/gaza") == "a tag page");
  CHECK(ListingUrlKind("https://example.fr/mot-cle/energie/") == "a tag page");
  CHECK(ListingUrlKind("https://example.com/author/jane-doe/") == "an author page");
  CHECK(ListingUrlKind("https://example.fr/auteur/marie-dupont/") == "an author page");
  CHECK(ListingUrlKind("https://example.com/search/?q=budget") == "a search page");
  CHECK(ListingUrlKind("https://example.com/?s=budget") == "a search page");
  CHECK(ListingUrlKind("https://example.com/world/page/7/") == "a paginated listing");
  CHECK(ListingUrlKind("https://example.com/news?page=3") == "a paginated listing");
  // A story filed under a section word keeps its slug or id last.
  CHECK_FALSE(ListingUrlKind("https://example.com/archive/2024/10/qatar-hamas-meetings.html"));
  CHECK_FALSE(ListingUrlKind("https://example.com/list/1234567"));
  CHECK_FALSE(ListingUrlKind("https://example.com/news/some-story-title"));
  CHECK_FALSE(ListingUrlKind("https://example.com/index.php?id=12345"));
}

TEST_CASE("PageKindDoc_BriefWithArticleEvidenceIsAnArticle", "[page_kind]") {
  Article brief = Prose(60);
  brief.published = "2026-11-28";
  // A teaser on a listing, a date and a story-like URL: enough for 60 words.
  PageVerdict v = Classify(brief, "http://legacy.test/news/11120.htm", HowFound::kTeaser);
  CHECK(v.kind == PageKind::kArticle);
  CHECK(v.reason.find("60 words of prose") != std::string::npos);
  CHECK(v.reason.find("linked from a listing's teaser (+2)") != std::string::npos);
  CHECK(v.reason.find("an article-like URL (+1)") != std::string::npos);
  CHECK(v.confident);
  // Listed in a news sitemap or a feed: strong on its own.
  CHECK(Classify(Prose(45), "http://x.test/p/1", HowFound::kNewsSitemap).kind == PageKind::kArticle);
  CHECK(Classify(Prose(45), "http://x.test/p/1", HowFound::kFeed).kind == PageKind::kArticle);
  Article declared = Prose(45);
  declared.is_article_type = true;
  CHECK(Classify(declared, "https://example.com/p?id=7").kind == PageKind::kArticle);
  // Without evidence, 60 words is not enough; under 40 never is.
  CHECK(Classify(Prose(60), "http://x.test/about-us").kind == PageKind::kOther);
  CHECK(Classify(Prose(39), "http://x.test/p/1", HowFound::kNewsSitemap).kind != PageKind::kArticle);
  // Longer texts need less: 150 words and a story URL, 300 words and no sign of a listing.
  CHECK(Classify(Prose(180), "https://example.com/news/minister-visits-doha").kind == PageKind::kArticle);
  CHECK(Classify(Prose(320), "https://example.com/p/about").kind == PageKind::kArticle);
}

TEST_CASE("PageKindDoc_ListingsAreNeverArticlesWhateverTheirLength", "[page_kind]") {
  Article long_declared = Prose(900);
  long_declared.is_article_type = true;
  long_declared.published = "2026-11-28";
  long_declared.author = "Jane Doe";
  for (const char* url : {"https://example.com/", "https://example.com/world/",
                          "https://example.com/tag/gaza", "https://example.com/author/jane-doe/",
                          "https://example.com/search/?q=gaza", "https://example.com/world/page/2/"}) {
    INFO(url);
    PageVerdict v = Classify(long_declared, url, HowFound::kNewsSitemap);
    CHECK(v.kind == PageKind::kHub);
    CHECK(v.reason.find("900 words of prose") != std::string::npos);
  }
}

TEST_CASE("PageKindDoc_ColumnOfTeasersIsAHub", "[page_kind]") {
  // Twelve teasers of 30-80 words under headline links, at a story-like
  // URL, with a date: 700 words of prose, none of it a story.
  Article hub = Prose(700);
  hub.published = "2026-11-28";
  hub.signals.link_lines = 12;
  hub.signals.longest_prose_run = 80;
  PageVerdict v = Classify(hub, "https://briefs.test/specials/railway-expansion-full-coverage");
  CHECK(v.kind == PageKind::kHub);
  CHECK(v.reason.rfind("12 teasers, 700 words of prose", 0) == 0);
  CHECK(v.confident);
  // The text chosen is one teaser of many (a table of teasers, one per cell).
  Article cell = Prose(70);
  cell.signals.opens_with_headline_link = true;
  cell.signals.link_lines = 1;
  cell.signals.teasers = 6;
  CHECK(Classify(cell, "http://legacy.test/politics.htm").kind == PageKind::kHub);
  // A story cut by four "read also" links keeps its other evidence.
  Article story = Prose(600);
  story.published = "2026-11-28";
  story.author = "Jane Doe";
  story.signals.link_lines = 4;
  story.signals.longest_prose_run = 150;
  CHECK(Classify(story, "http://x.test/news/minister-visits-doha", HowFound::kTeaser).kind ==
        PageKind::kArticle);
  // A box of teasers beside a brief is not the brief's text.
  Article brief = Prose(70);
  brief.published = "2026-11-28";
  brief.signals.teasers = 6;
  CHECK(Classify(brief, "http://legacy.test/news/11120.htm", HowFound::kTeaser).kind == PageKind::kArticle);
}

TEST_CASE("PageKindDoc_WhatTheSiteTaughtCounts", "[page_kind]") {
  SiteProfile site;
  site.host = "legacy.test";
  for (int i = 0; i < 3; ++i)
    site.NoteArticleUrl("http://legacy.test/news/1110" + std::to_string(i) + ".htm", i);
  for (int i = 0; i < 3; ++i) site.NoteHubUrl("http://legacy.test/list" + std::to_string(i) + ".htm", i);
  // A brief found through a plain link: its URL is shaped like the site's
  // known articles.
  Article brief = Prose(80);
  brief.published = "2026-11-28";
  CHECK(Classify(brief, "http://legacy.test/news/11120.htm").kind == PageKind::kOther);
  PageVerdict v = Classify(brief, "http://legacy.test/news/11120.htm", HowFound::kLink, &site);
  CHECK(v.kind == PageKind::kArticle);
  CHECK(v.reason.find("a URL like the site's articles /news/{n}.htm (+2)") != std::string::npos);
  // Not confident: the site must not teach itself its own guesses.
  CHECK_FALSE(v.confident);
  // A page shaped like the site's listings.
  Article listing = Prose(200);
  PageVerdict h = Classify(listing, "http://legacy.test/list7.htm", HowFound::kLink, &site);
  CHECK(h.kind == PageKind::kHub);
  CHECK(h.reason.find("a URL like the site's listings /list{n}.htm (-3)") != std::string::npos);
}

TEST_CASE("PageKindDoc_SiteRuleDecidesAlone", "[page_kind]") {
  PageContext context;
  context.url = "http://legacy.test/news/11120.htm";
  context.found = HowFound::kNewsSitemap;
  context.site_rule = PageKind::kHub;
  context.site_rule_pattern = "/news/111";
  PageVerdict v = ClassifyPage(Prose(500), context);
  CHECK(v.kind == PageKind::kHub);
  CHECK(v.reason == "site rule '/news/111', 500 words of prose");
  context.url = "https://example.com/";
  context.site_rule = PageKind::kArticle;
  CHECK(ClassifyPage(Prose(12), context).kind == PageKind::kArticle);
  CHECK(ClassifyPage(Article(), context).kind == PageKind::kOther);
}

TEST_CASE("PageKindDoc_KindNames", "[page_kind]") {
  CHECK(std::string(PageKindName(PageKind::kArticle)) == "article");
  CHECK(std::string(PageKindName(PageKind::kHub)) == "hub");
  CHECK(std::string(PageKindName(PageKind::kOther)) == "page");
}

}  // namespace wirecrawl
