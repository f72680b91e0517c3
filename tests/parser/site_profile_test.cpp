// SiteProfile (parser/site_profile.h): URL shapes and title affixes learned
// per site, bounded, and trusted only once enough pages showed them.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "parser/site_profile.h"

namespace wirecrawl {

TEST_CASE("SiteProfileDoc_UrlShapeBlanksWhatVariesFromPageToPage", "[site_profile]") {
  CHECK(UrlShape("http://x.test/news/11120.htm") == "/news/{n}.htm");
  CHECK(UrlShape("http://x.test/2024/10/21/some-story-title/") == "/{n}/{n}/{n}/{slug}/");
  CHECK(UrlShape("http://x.test/section.asp?id=3") == "/section.asp?id={n}");
  CHECK(UrlShape("http://x.test/news.php?lang=ar&id=77") == "/news.php?id={n}&lang={v}");
  CHECK(UrlShape("http://x.test/") == "/");
  CHECK(UrlShape("http://x.test") == "/");
  CHECK(UrlShape("http://x.test/world/") == "/world/");
  CHECK(UrlShape("http://x.test/p1234") == "/p{n}");
  CHECK(UrlShape("http://x.test/ar/%D8%A7%D9%84%D8%AE%D8%A8%D8%B1") == "/ar/{slug}");
}

TEST_CASE("SiteProfileDoc_TitleAffixesInEveryLanguageAndSeparator", "[site_profile]") {
  struct Case {
    std::string prefix, suffix;  // one of them set
    std::vector<std::string> headlines;
  };
  const std::vector<Case> cases = {
      {"",
       " | Briefs Daily",
       {"Council backs railway plan", "Union delays night flight ban", "Port reopens after storm"}},
      {"",
       " - The Evening Gazette of Northshire",
       {"Police review bridge inquiry", "Minister extends border talks", "Charities back bank merger"}},
      {"",
       " – Le Petit Journal du Midi",
       {"Le conseil conteste le projet", "Les élus soutiennent les quotas",
        "La préfecture reporte la vente"}},
      {"دار الأخبار :: ",
       "",
       {"وزير الخارجية يلتقي نظيره", "البنك المركزي يرجئ دمج المصارف", "المجلس البلدي يعلق قواعد الإيجار"}},
      {"أخبار الخليج » ",
       "",
       {"هيئة الموانئ تقر خطة التوسعة", "النقابة ترفض زيادة أسعار الوقود",
        "البرلمان يمدد التحقيق في انهيار الجسر"}},
  };
  for (const Case& c : cases) {
    INFO(c.prefix << c.suffix);
    SiteProfile site;
    site.host = "x.test";
    const std::string first = c.prefix + c.headlines[0] + c.suffix;
    site.NoteTitle(first, 1);
    // One page shows nothing: its title keeps everything.
    CHECK(site.StripTitleAffixes(first) == first);
    site.NoteTitle(c.prefix + c.headlines[1] + c.suffix, 2);
    for (const std::string& h : c.headlines) CHECK(site.StripTitleAffixes(c.prefix + h + c.suffix) == h);
    // Also on a page that only carries it on one side of a title that is not
    // a headline of its own.
    CHECK(site.StripTitleAffixes(c.headlines[2]) == c.headlines[2]);
    REQUIRE(site.TrustedAffixes().size() >= 1);
    CHECK(site.TrustedAffixes()[0]->pattern == (c.prefix.empty() ? c.suffix : c.prefix));
  }
}

TEST_CASE("SiteProfileDoc_WordsThatOpenAFewHeadlinesAreNotASiteName", "[site_profile]") {
  SiteProfile site;
  site.host = "x.test";
  site.NoteTitle("Gaza - Talks resume in Cairo | Daily", 1);
  site.NoteTitle("Gaza - Aid convoy reaches the north | Daily", 2);
  for (int i = 0; i < 8; ++i)
    site.NoteTitle("Markets close higher on day " + std::to_string(i) + " | Daily", 3 + i);
  // " | Daily" is on every page; "Gaza - " on two of ten.
  CHECK(site.StripTitleAffixes("Gaza - Ceasefire holds | Daily") == "Gaza - Ceasefire holds");
  // Too little would be left: the title is not stripped to one word.
  CHECK(site.StripTitleAffixes("Sport | Daily") == "Sport | Daily");
}

TEST_CASE("SiteProfileDoc_BoundedPerKindAndTrustedAfterThreePages", "[site_profile]") {
  SiteProfile site;
  site.host = "x.test";
  site.NoteArticleUrl("http://x.test/news/11100.htm", 1);
  site.NoteArticleUrl("http://x.test/news/11101.htm", 2);
  CHECK(site.TrustedUrlShape("http://x.test/news/11199.htm", SitePatternKind::kArticleUrl) == nullptr);
  site.NoteArticleUrl("http://x.test/news/11102.htm", 3);
  const SitePattern* shape =
      site.TrustedUrlShape("http://x.test/news/11199.htm", SitePatternKind::kArticleUrl);
  REQUIRE(shape != nullptr);
  CHECK(shape->pages == 3);
  // Fifty odd one-off shapes later, still a few patterns, the trusted one kept.
  for (int i = 0; i < 50; ++i)
    site.NoteArticleUrl(
        "http://x.test/odd" + std::string(1, 'a' + i % 26) + std::string(1, 'a' + i / 26) + "/x", 10 + i);
  size_t of_kind = 0;
  for (const SitePattern& p : site.patterns) of_kind += p.kind == SitePatternKind::kArticleUrl;
  CHECK(of_kind == SiteProfile::kMaxPatternsPerKind);
  CHECK(site.TrustedUrlShape("http://x.test/news/11199.htm", SitePatternKind::kArticleUrl) != nullptr);
  // A shape both kinds claim about equally tells nothing.
  for (int i = 0; i < 3; ++i)
    site.NoteHubUrl("http://x.test/news/" + std::to_string(200 + i) + ".htm", 70 + i);
  CHECK(site.TrustedUrlShape("http://x.test/news/11199.htm", SitePatternKind::kArticleUrl) == nullptr);
  CHECK(site.TrustedUrlShape("http://x.test/news/11199.htm", SitePatternKind::kHubUrl) == nullptr);
}

TEST_CASE("SiteProfileDoc_PatternKindNamesRoundTrip", "[site_profile]") {
  for (SitePatternKind k : {SitePatternKind::kArticleUrl, SitePatternKind::kHubUrl,
                            SitePatternKind::kTitlePrefix, SitePatternKind::kTitleSuffix}) {
    CHECK(ParseSitePatternKind(SitePatternKindName(k)) == k);
  }
  CHECK_FALSE(ParseSitePatternKind("model").has_value());
}

}  // namespace wirecrawl
