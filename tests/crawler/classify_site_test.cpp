// End-to-end: `wirecrawl crawl` over the classification test web
// (tests/data/classify_site/generate.py: briefs of 40-150 words, agency
// flashes, long listings of teasers, paginated archives, front, tag, author
// and search pages, a windows-1256 table layout without <h1>, titles with
// site names in Arabic, English and French), served on loopback by
// examples/demo-site/serve.py. What the crawl must find is the generated
// expected.json: every story stored with its headline, no listing stored,
// every page's kind and reason recorded, and the sites' profiles kept for
// the next crawl (parser/page_kind.h, parser/site_profile.h).
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"
#include "tests/support/demo_site_server.h"

namespace wirecrawl::testing {
namespace {

const std::vector<std::string> kHosts = {"briefs.test", "legacy.test", "nouvelles.test", "akhbar.test",
                                         "gazette.test"};

std::vector<std::vector<std::string>> Query(const std::string& db, const std::string& sql) {
  QueryResult result = ReadDatabase(db, sql);
  INFO(sql << ": " << result.error);
  REQUIRE(result.ok);
  return result.rows;
}

// The generated web in dir/sites, its expected.json read back.
nlohmann::json Generate(const TempDir& dir) {
  std::string script = std::string(WIRECRAWL_TEST_DATA) + "/classify_site/generate.py";
  CommandResult made =
      RunCommandLine("/usr/bin/python3 '" + script + "' --out '" + (dir / "sites").string() + "'");
  INFO(made.err);
  REQUIRE(made.status == 0);
  std::ifstream in(dir / "sites" / "expected.json");
  return nlohmann::json::parse(in);
}

std::string WriteConfig(const TempDir& dir, const nlohmann::json& expected, const std::string& extra = "") {
  std::ofstream out(dir / "classify.toml");
  out << "[sources]\nseeds = " << expected["seeds"].dump() << "\n"
      << "[scope]\nmax_pages = 1000\n[politeness]\nmin_delay = 0.02\n[network]\nallow = [\"127.0.0.1/32\"]\n"
      << extra;
  return (dir / "classify.toml").string();
}

CommandResult Crawl(const std::string& config, const std::string& db, const DemoSiteServer& server) {
  return RunWirecrawl("crawl --json --no-progress --config '" + config + "' --db '" + db + "'" +
                      server.ConnectToArgs(kHosts));
}

}  // namespace

TEST_CASE("ClassifySite_EveryStoryStoredNoListingStoredTitlesClean", "[crawl][e2e][classify]") {
  TempDir dir;
  nlohmann::json expected = Generate(dir);
  DemoSiteServer server(dir / "requests.jsonl", dir / "sites");
  std::string db = (dir / "classify.db").string();
  CommandResult crawl = Crawl(WriteConfig(dir, expected), db, server);
  INFO(crawl.err);
  REQUIRE(crawl.status == 0);

  std::map<std::string, std::string> stored;  // url -> title
  for (const auto& row : Query(db, "SELECT url, title FROM articles")) stored[row[0]] = row[1];
  std::map<std::string, std::pair<std::string, std::string>> verdicts;  // url -> kind, reason
  for (const auto& row :
       Query(db, "SELECT url, page_kind, page_reason FROM urls WHERE page_kind IS NOT NULL")) {
    verdicts[row[0]] = {row[1], row[2]};
  }
  int articles = 0, listings = 0;
  std::set<std::string> types;
  for (const auto& page : expected["pages"]) {
    std::string url = page["url"];
    INFO(page["type"].get<std::string>()
         << " " << url << ": " << verdicts[url].first << " (" << verdicts[url].second << ")");
    types.insert(page["type"].get<std::string>());
    // Every page was fetched and says what it was and why.
    REQUIRE(verdicts.count(url) == 1);
    CHECK(!verdicts[url].second.empty());
    if (page["kind"] == "article") {
      ++articles;
      REQUIRE(stored.count(url) == 1);
      CHECK(verdicts[url].first == "article");
      CHECK(stored[url] == page["title"].get<std::string>());
    } else {
      // A listing or another page; which of the two is the evidence's call
      // (a second page of two teasers reads as a short page).
      ++listings;
      CHECK(stored.count(url) == 0);
      CHECK(verdicts[url].first != "article");
    }
  }
  CHECK(articles >= 70);
  CHECK(listings >= 30);
  CHECK(types == std::set<std::string>{"about", "archive", "author", "brief", "flash", "front", "long",
                                       "search", "section", "special", "tag"});
  CHECK(stored.size() == static_cast<size_t>(articles));

  // How each URL was found is kept: news sitemap, feed, teaser.
  CHECK(
      Query(db,
            "SELECT found_via FROM urls WHERE url = 'http://akhbar.test/ar/news/2026/11/28/880400'")[0][0] ==
      "news_sitemap");
  CHECK(Query(db, "SELECT found_via FROM urls WHERE url = 'http://nouvelles.test/breves/40210'")[0][0] ==
        "feed");
  CHECK(Query(db, "SELECT found_via FROM urls WHERE url = 'http://legacy.test/news/11100.htm'")[0][0] ==
        "teaser");

  // What the crawl learned is in the database for the next one: the legacy
  // site's story URLs and its title prefix, a few patterns per site.
  CHECK(Query(db,
              "SELECT pages >= 3 FROM v_site_patterns WHERE host = 'legacy.test' AND kind = 'article_url' "
              "AND pattern = '/news/{n}.htm'")[0][0] == "1");
  CHECK(Query(db,
              "SELECT count(*) FROM v_site_patterns WHERE host = 'legacy.test' AND kind = 'title_prefix' "
              "AND pattern = 'دار الأخبار :: '")[0][0] == "1");
  CHECK(std::stoi(Query(
            db, "SELECT max(n) FROM (SELECT count(*) AS n FROM site_patterns GROUP BY host, kind)")[0][0]) <=
        8);

  // `wirecrawl show URL` says what a page was and why it was not stored.
  CommandResult hub =
      RunWirecrawl("show --db '" + db + "' 'http://briefs.test/specials/railway-expansion-full-coverage'");
  CHECK(hub.status == 1);  // no article
  CHECK(hub.out.find("not stored: hub (12 teasers, ") != std::string::npos);
  CommandResult brief = RunWirecrawl("show --db '" + db + "' 'http://legacy.test/news/11100.htm'");
  CHECK(brief.status == 0);
  CHECK(brief.out.find("Page:      stored: article (") != std::string::npos);
  CommandResult page_json =
      RunWirecrawl("show --json --db '" + db + "' 'http://briefs.test/author/jane-doe/'");
  nlohmann::json author = nlohmann::json::parse(page_json.out);
  CHECK(author["page_kind"] == "hub");
  CHECK(author["verdict"].get<std::string>().rfind("not stored: hub (an author page", 0) == 0);

  // `wirecrawl stats` and `status` count pages by kind, per host.
  nlohmann::json stats = nlohmann::json::parse(RunWirecrawl("stats --json --db '" + db + "'").out);
  CHECK(stats["pages"]["article"].get<int>() == articles);
  CHECK(stats["pages_by_host"]["legacy.test"]["article"].get<int>() == 16);
  nlohmann::json status =
      nlohmann::json::parse(RunWirecrawl("status --json --since 1h --db '" + db + "'").out);
  CHECK(status["pages"]["article"].get<int>() == articles);
}

TEST_CASE("ConfigDoc_SiteRuleDecidesWhatIsAnArticle", "[crawl][e2e][classify]") {
  TempDir dir;
  nlohmann::json expected = Generate(dir);
  DemoSiteServer server(dir / "requests.jsonl", dir / "sites");
  std::string db = (dir / "rule.db").string();
  // The operator knows better: on legacy.test, /news/11100.htm is a listing,
  // and the section pages are articles.
  std::string config = WriteConfig(dir, expected,
                                   "[[site]]\nhost = \"legacy.test\"\nhub_urls = ['/news/11100\\.htm$']\n"
                                   "article_urls = ['/politics\\.htm$']\n");
  CommandResult crawl = Crawl(config, db, server);
  INFO(crawl.err);
  REQUIRE(crawl.status == 0);
  auto row = Query(db,
                   "SELECT page_kind, page_reason, article_id IS NULL FROM urls WHERE url = "
                   "'http://legacy.test/news/11100.htm'");
  REQUIRE(row.size() == 1);
  CHECK(row[0][0] == "hub");
  CHECK(row[0][1].rfind("site rule '/news/11100\\.htm$'", 0) == 0);
  CHECK(row[0][2] == "1");
  CHECK(Query(db, "SELECT count(*) FROM articles WHERE url = 'http://legacy.test/politics.htm'")[0][0] ==
        "1");
  // Other sites are not affected.
  CHECK(Query(db, "SELECT count(*) FROM articles WHERE url LIKE 'http://briefs.test/%'")[0][0] == "18");
}

}  // namespace wirecrawl::testing
