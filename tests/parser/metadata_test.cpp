// Metadata from markup and from visible text.
#include <catch2/catch.hpp>

#include "parser/extract.h"
#include "parser/metadata.h"

using namespace wirecrawl;
using namespace wirecrawl::metadata;

TEST_CASE("ArabicDates_EgyptianGulfMonthNames", "[metadata][dates]") {
  CHECK(DateFromText("نشر في 5 نوفمبر 2024 الساعة 10") == "2024-11-05");
  CHECK(DateFromText("الخميس 24 أكتوبر 2024") == "2024-10-24");
  CHECK(DateFromText("١ يناير ٢٠٢٥") == "2025-01-01");  // Arabic-Indic digits
}

TEST_CASE("ArabicDates_LevantineMonthNames", "[metadata][dates]") {
  CHECK(DateFromText("بيروت 3 آذار 2023") == "2023-03-03");
  CHECK(DateFromText("السبت 21 تشرين الأول 2023") == "2023-10-21");
  CHECK(DateFromText("12 كانون الثاني 2024") == "2024-01-12");
}

TEST_CASE("ArabicDates_BothSeriesTogether", "[metadata][dates]") {
  CHECK(DateFromText("السبت 21 أكتوبر/تشرين الأول 2023") == "2023-10-21");
}

TEST_CASE("Dates_EnglishAndNumericAfterKeyword", "[metadata][dates]") {
  CHECK(DateFromText("Published November 19, 2019 at 5pm") == "2019-11-19");
  CHECK(DateFromText("19 Nov 2019") == "2019-11-19");
  CHECK(DateFromText("تاريخ الخبر: 22-10-2023") == "2023-10-22");
  CHECK(DateFromText("no date here, 1234 words") == "");
  CHECK(DateFromText("في 7 أكتوبر، والذي") == "");  // no year: not a date we can use
}

TEST_CASE("Dates_MachineReadableNormalised", "[metadata][dates]") {
  CHECK(NormalizeDate("2019-11-19T10:00:00Z") == "2019-11-19T10:00:00Z");
  CHECK(NormalizeDate("2019/11/19 10:00:00") == "2019-11-19T10:00:00");
  CHECK(NormalizeDate("2019-11-19T10:00:00+03:00") == "2019-11-19T10:00:00+03:00");  // the page's offset kept
  CHECK(NormalizeDate("2019-11-19T99:00") == "2019-11-19");  // a time base/time cannot read leaves the date
  CHECK(NormalizeDate("2019-13-45") == "");
  CHECK(NormalizeDate("Tue, 19 Nov 2019 10:00:00 GMT") == "2019-11-19");
}

TEST_CASE("Title_SiteNameSuffixRemoved", "[metadata][title]") {
  CHECK(CleanTitle("Qatar and US discuss Gaza | Al Example", "") == "Qatar and US discuss Gaza");
  CHECK(CleanTitle("قطر تؤكد مواصلة التنسيق - الإمارات 71", "الإمارات 71") == "قطر تؤكد مواصلة التنسيق");
  CHECK(CleanTitle("Al Example - Qatar and US discuss Gaza ceasefire", "Al Example") ==
        "Qatar and US discuss Gaza ceasefire");
  CHECK(CleanTitle("A title - with a dash inside it that is long", "") ==
        "A title - with a dash inside it that is long");
}

// The site name before the headline, with nothing saying it is the site's
// name: the <h1> shows which part is the headline.
TEST_CASE("Title_SiteNamePrefixDroppedWhenTheH1IsTheRest", "[metadata][title]") {
  auto title_of = [](const std::string& title, const std::string& h1) {
    std::string page =
        "<html><head><title>" + title + "</title></head><body><article><h1>" + h1 +
        "</h1><p>The foreign ministry said on Saturday that talks on a ceasefire would continue.</p>"
        "</article></body></html>";
    auto r = ExtractArticle(page, "", "https://x.test/a");
    REQUIRE(r.ok());
    return r->title;
  };
  CHECK(title_of("بيتا اليومية :: قطر تحتضن اجتماعات مع حماس", "قطر تحتضن اجتماعات مع حماس") ==
        "قطر تحتضن اجتماعات مع حماس");
  CHECK(title_of("Daily Example | Talks resume in Doha", "Talks resume in Doha") == "Talks resume in Doha");
  // Not after a separator: the <title> says more than the <h1> and is kept.
  CHECK(title_of("Why talks resume in Doha", "talks resume in Doha") == "Why talks resume in Doha");
}

// parser/article.h: links come resolved and in url/url.h's normal form, so
// the crawler need not resolve or normalise them again.
TEST_CASE("Links_ResolvedWithCurlUrlApi", "[metadata][links]") {
  const std::string page =
      "<html><head><link rel=canonical href='/news/2024/x.html?utm_source=feed#top'></head><body><article>"
      "<p>The foreign ministry said on Saturday that talks on a ceasefire would continue next week.</p>"
      "<a href='../y.html'>a</a> <a href='//cdn.test/p?q=1#frag'>b</a> <a href='mailto:x@a.test'>c</a>"
      " <a href='javascript:void(0)'>d</a> <a href='/path with space'>e</a> <a href='#top'>f</a>"
      " <a href='HTTPS://A.TEST:443/news/y.html?b=2&amp;a=1&amp;fbclid=z'>g</a> <a href='../y.html#x'>h</a>"
      " <a href='ftp://a.test/file'>i</a></article></body></html>";
  auto r = ExtractArticle(page, "", "https://a.test/news/2024/x.html");
  REQUIRE(r.ok());
  CHECK(r->links == std::vector<std::string>{"https://a.test/news/y.html", "https://cdn.test/p?q=1",
                                             "https://a.test/path%20with%20space",
                                             "https://a.test/news/y.html?a=1&b=2"});
  CHECK(r->canonical_url == "https://a.test/news/2024/x.html");
}

// Feed autodiscovery as the crawler uses it (metadata.h: <link rel=alternate>
// whose type names RSS, Atom or JSON Feed), through ExtractArticle.
TEST_CASE("FeedAutodiscovery_LinkRelAlternate", "[metadata][links]") {
  const std::string page =
      "<html><head>"
      "<link rel='alternate' type='application/rss+xml' href='/feed/'>"
      "<link rel='stylesheet' type='text/css' href='/style.css'>"
      "<link rel='Alternate Feed' type='application/atom+xml; charset=utf-8' "
      "href='https://gamma-news.test/atom.xml'>"
      "<link rel='alternate' type='application/feed+json' href='feed.json'>"
      "<link rel='alternate' type='application/json' href='/wp-json/wp/v2/posts/12'>"  // WordPress REST, not
                                                                                       // a feed
      "<link rel='alternate' type='text/html' href='/ar/'>"
      "<link rel='alternate' type='application/rss+xml' href='https://beta-news.test/feed/'>"  // duplicate
                                                                                               // after
                                                                                               // resolving
      "<link rel='alternate' type='application/rss+xml' href='javascript:alert(1)'>"
      "</head><body><p>The foreign ministry said on Saturday that talks would continue.</p></body></html>";
  auto r = ExtractArticle(page, "", "https://beta-news.test/news/index.html");
  REQUIRE(r.ok());
  REQUIRE(r->feed_links.size() == 3);
  CHECK(r->feed_links[0] == "https://beta-news.test/feed/");
  CHECK(r->feed_links[1] == "https://gamma-news.test/atom.xml");
  CHECK(r->feed_links[2] == "https://beta-news.test/news/feed.json");
}

TEST_CASE("Language_DetectedWhenMarkupIsSilent", "[metadata][language]") {
  std::string en =
      "<html><body><article><p>The foreign ministry said on Saturday that talks on a ceasefire in Gaza would "
      "continue next week in Doha, with mediators from Egypt and the United States.</p></article></body></html>";
  auto r = ExtractArticle(en, "", "https://x.test/");
  REQUIRE(r.ok());
  CHECK(r->language == "en");
}

TEST_CASE("JsonLd_ArticleBodyUsedWhenMarkupHasNoProse", "[metadata][jsonld]") {
  std::string page =
      "<html><head><script type='application/ld+json'>"
      R"({"@context":"https://schema.org","@type":["NewsArticle"],"headline":"H","author":"Ann Writer",)"
      R"("datePublished":"2024-01-02","articleBody":"First line of the body.\nSecond line of the body."})"
      "</script></head><body><div id=app></div></body></html>";
  auto r = ExtractArticle(page, "", "https://x.test/");
  REQUIRE(r.ok());
  CHECK(r->title == "H");
  CHECK(r->author == "Ann Writer");
  CHECK(r->published == "2024-01-02");
  REQUIRE(r->paragraphs.size() == 2);
  CHECK(r->paragraphs[1] == "Second line of the body.");
}
