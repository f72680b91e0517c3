// Golden pages of the classification test web (tests/data/classify_site/:
// generate.py wrote them; golden.json says what each is, its headline and
// how a crawl finds it). Briefs, agency flashes and long stories must be
// articles, listings never; titles must lose the site's name, learned from
// the other pages of the site as a crawl or `wirecrawl extract` learns it
// (in Arabic, English and French, with |, -, –, :: and »).
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "parser/extract.h"
#include "parser/page_kind.h"
#include "parser/site_profile.h"
#include "tests/parser/test_pages.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

using testing::ReadTestFile;

HowFound FoundFrom(const std::string& name) {
  if (name == "news_sitemap") return HowFound::kNewsSitemap;
  if (name == "feed") return HowFound::kFeed;
  if (name == "sitemap") return HowFound::kSitemap;
  if (name == "teaser") return HowFound::kTeaser;
  return HowFound::kLink;
}

struct Golden {
  nlohmann::json entry;
  Article article;
};

}  // namespace

TEST_CASE("ClassifySiteGolden_StoriesAreArticlesListingsAreNotAndTitlesLoseTheSiteName",
          "[golden][page_kind]") {
  nlohmann::json manifest = nlohmann::json::parse(ReadTestFile("classify_site/golden/golden.json"));
  REQUIRE(manifest.size() >= 30);
  std::vector<Golden> pages;
  for (const nlohmann::json& entry : manifest) {
    std::string url = entry["url"];
    Result<Article> article =
        ExtractArticle(ReadTestFile("classify_site/golden/" + entry["file"].get<std::string>()), "", url);
    INFO(entry["file"]);
    REQUIRE(article.ok());
    pages.push_back({entry, std::move(article).value()});
  }
  // What each site's pages teach it, as `wirecrawl extract` learns from
  // several pages of one site.
  std::map<std::string, SiteProfile> sites;
  for (const Golden& g : pages) {
    std::string url = g.entry["url"];
    PageContext context;
    context.url = url;
    context.found = FoundFrom(g.entry["found"]);
    PageVerdict first = ClassifyPage(g.article, context);
    SiteProfile& site = sites[HostOfUrl(url)];
    site.host = HostOfUrl(url);
    LearnFromPage(site, url, g.article.signals.title_tag, first.kind, first.confident, 0);
  }
  int articles = 0, articles_right = 0, titles_exact = 0, listings = 0, listings_stored = 0;
  for (const Golden& g : pages) {
    std::string url = g.entry["url"];
    const SiteProfile& site = sites[HostOfUrl(url)];
    PageContext context;
    context.url = url;
    context.found = FoundFrom(g.entry["found"]);
    context.site = &site;
    PageVerdict verdict = ClassifyPage(g.article, context);
    INFO(g.entry["file"] << " " << url << ": " << PageKindName(verdict.kind) << " (" << verdict.reason
                         << ")");
    if (g.entry["kind"] == "article") {
      ++articles;
      CHECK(verdict.kind == PageKind::kArticle);
      articles_right += verdict.kind == PageKind::kArticle;
      std::string title = site.StripTitleAffixes(g.article.title);
      CHECK(title == g.entry["title"].get<std::string>());
      titles_exact += title == g.entry["title"].get<std::string>();
    } else {
      ++listings;
      CHECK(verdict.kind != PageKind::kArticle);
      listings_stored += verdict.kind == PageKind::kArticle;
    }
  }
  // The figures of parser/README.md.
  WARN("golden pages: " << articles_right << "/" << articles << " articles recognised, " << titles_exact
                        << "/" << articles << " titles exact, " << listings_stored << "/" << listings
                        << " listings taken for articles");
}

}  // namespace wirecrawl
