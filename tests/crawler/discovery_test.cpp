// Discovery parser tests: sitemaps (sitemaps.org 0.9), Google News sitemaps,
// RSS 2.0/1.0, Atom (RFC 4287), JSON Feed 1.1, and the hostile inputs
// (bombs, entities, nesting). The date formats are tested in
// tests/base/time_test.cpp, feed autodiscovery (a rule of the HTML parser) in
// tests/parser/metadata_test.cpp. Fixtures live in tests/data/discovery/.
#include "crawler/discovery/documents.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/loopback_http_server.h"

namespace wirecrawl {
namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;
using namespace std::chrono_literals;
using namespace std::chrono;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(WIRECRAWL_TEST_DATA) + "/discovery/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

DiscoveryDocument Parse(std::string_view body, std::string_view base, const DiscoveryLimits& limits = {}) {
  auto doc = ParseDiscoveryDocument(body, base, limits);
  INFO((doc.ok() ? std::string() : doc.status().message()));
  REQUIRE(doc.ok());
  return std::move(doc.value());
}

// Undoes %XX so tests compare URLs with their UTF-8 text, whatever hex case
// the encoder chose.
std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

sys_seconds At(year_month_day day, hours h = 0h, minutes m = 0min) { return sys_days(day) + h + m; }

constexpr auto k2024_05_07 = year{2024} / May / 7;
constexpr auto k2024_05_06 = year{2024} / May / 6;

}  // namespace

TEST_CASE("Sitemaps_UrlsetLocLastmodAndRelativeUrls", "[discovery]") {
  DiscoveryDocument doc = Parse(Fixture("sitemap.xml"), "https://alpha-news.test/sitemap.xml");
  CHECK(doc.format == DiscoveryFormat::kUrlset);
  REQUIRE(doc.urls.size() == 3);
  CHECK(doc.skipped == 2);  // the ftp: loc and the entry without a loc
  CHECK_FALSE(doc.truncated);

  CHECK(doc.urls[0].url == "https://alpha-news.test/2024/05/07/markets-rally");
  CHECK(doc.urls[0].kind == DiscoveredKind::kPage);
  CHECK(doc.urls[0].date == At(k2024_05_07, 7h, 15min));  // +03:00 to UTC

  // Raw UTF-8 and surrounding whitespace in <loc> become a valid URL.
  CHECK(doc.urls[1].url.find_first_of(" \n") == std::string::npos);
  CHECK(static_cast<unsigned char>(doc.urls[1].url.back()) < 0x80);
  CHECK(PercentDecode(doc.urls[1].url) == "https://alpha-news.test/ar/أخبار/2024/05/07/الأسواق");
  CHECK(doc.urls[1].date == At(k2024_05_06));

  CHECK(doc.urls[2].url == "https://alpha-news.test/about?lang=en&page=2");
  CHECK_FALSE(doc.urls[2].date.has_value());
}

TEST_CASE("Sitemaps_IndexListsChildSitemaps", "[discovery]") {
  DiscoveryDocument doc = Parse(Fixture("sitemap_index.xml"), "https://alpha-news.test/sitemap.xml");
  CHECK(doc.format == DiscoveryFormat::kSitemapIndex);
  REQUIRE(doc.urls.size() == 2);
  CHECK(doc.urls[0].kind == DiscoveredKind::kSitemap);
  CHECK(doc.urls[0].url == "https://alpha-news.test/sitemaps/news.xml");
  CHECK(doc.urls[0].date == At(k2024_05_07, 8h));
  CHECK(doc.urls[1].url == "https://alpha-news.test/sitemaps/2024-04.xml.gz");
  CHECK_FALSE(doc.urls[1].date.has_value());
}

TEST_CASE("Sitemaps_GzipBodyIsInflated", "[discovery]") {
  std::string plain = Fixture("sitemap.xml");
  DiscoveryDocument doc = Parse(testing::GzipCompress(plain), "https://alpha-news.test/sitemap.xml.gz");
  DiscoveryDocument expected = Parse(plain, "https://alpha-news.test/sitemap.xml.gz");
  REQUIRE(doc.urls.size() == expected.urls.size());
  for (std::size_t i = 0; i < doc.urls.size(); ++i) CHECK(doc.urls[i].url == expected.urls[i].url);
}

TEST_CASE("Hostile_GzipBombSitemapIsRefusedAtTheBound", "[discovery]") {
  std::string bomb = testing::GzipCompress(std::string(20u << 20, ' '));  // 20 MiB of spaces, ~20 KB
  DiscoveryLimits limits;
  limits.max_inflated_bytes = 1u << 20;
  auto doc = ParseDiscoveryDocument(bomb, "https://alpha-news.test/bomb.xml.gz", limits);
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(doc.status().message(), Catch::Contains("inflates past the limit of 1048576 bytes"));

  auto direct = InflateBounded(bomb, 1u << 20);
  CHECK_FALSE(direct.ok());
  auto whole = InflateBounded(bomb, 21u << 20);
  REQUIRE(whole.ok());
  CHECK(whole->size() == (20u << 20));
}

TEST_CASE("Sitemaps_TruncatedOrCorruptGzipIsAnError", "[discovery]") {
  std::string gz = testing::GzipCompress(Fixture("sitemap.xml"));
  auto truncated =
      ParseDiscoveryDocument(std::string_view(gz).substr(0, gz.size() / 2), "https://a.test/s.xml.gz");
  REQUIRE_FALSE(truncated.ok());
  CHECK_THAT(truncated.status().message(), Catch::Contains("truncated"));

  std::string corrupt = gz;
  for (std::size_t i = 12; i < corrupt.size() && i < 40; ++i) corrupt[i] = static_cast<char>(~corrupt[i]);
  auto bad = ParseDiscoveryDocument(corrupt, "https://a.test/s.xml.gz");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::kCorruption);
}

TEST_CASE("GoogleNews_PublicationDateAndTitle", "[discovery]") {
  DiscoveryDocument doc = Parse(Fixture("news_sitemap.xml"), "https://alpha-news.test/news-sitemap.xml");
  CHECK(doc.format == DiscoveryFormat::kUrlset);
  REQUIRE(doc.urls.size() == 2);
  CHECK(doc.urls[0].kind == DiscoveredKind::kNewsArticle);
  // news:publication_date wins over lastmod; the prefix is the document's own.
  CHECK(doc.urls[0].date == At(k2024_05_07, 6h, 30min));
  CHECK(doc.urls[0].title == "قمة الطاقة تبدأ في الرياض");
  CHECK(PercentDecode(doc.urls[0].url) == "https://alpha-news.test/ar/2024/05/07/قمة-الطاقة");
  CHECK(doc.urls[1].kind == DiscoveredKind::kNewsArticle);
  CHECK(doc.urls[1].date == At(k2024_05_07));
  CHECK(doc.urls[1].title == "Energy summit opens in Riyadh & Doha");  // CDATA
}

TEST_CASE("RSS2_ItemsLinkGuidAndDates", "[discovery]") {
  DiscoveryDocument doc = Parse(Fixture("rss.xml"), "https://beta-news.test/feed.xml");
  CHECK(doc.format == DiscoveryFormat::kRss);
  REQUIRE(doc.urls.size() == 3);
  CHECK(doc.skipped == 1);  // no link and a non-permalink guid
  CHECK(doc.urls[0].kind == DiscoveredKind::kFeedItem);
  CHECK(doc.urls[0].url == "https://beta-news.test/economy/central-bank-holds-rates");
  CHECK(doc.urls[0].title == "Central bank holds rates");
  CHECK(doc.urls[0].date == At(k2024_05_07, 8h));
  // guid without isPermaLink="false" is the link; dc:date gives the date.
  CHECK(doc.urls[1].url == "https://beta-news.test/ar/economy/bank");
  CHECK(doc.urls[1].title == "البنك المركزي يثبت أسعار الفائدة");
  CHECK(doc.urls[1].date == At(k2024_05_07, 8h));
  CHECK(doc.urls[2].url == "https://beta-news.test/sport/final");
  CHECK(doc.urls[2].date == At(k2024_05_06, 20h));
}

TEST_CASE("RSS1_RdfItems", "[discovery]") {
  const char* rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://eps.test/"><title>EPS</title><link>https://eps.test/</link></channel>
  <item rdf:about="https://eps.test/a1"><title>A1</title><link>https://eps.test/a1</link>
    <dc:date>2024-05-07T10:00:00Z</dc:date></item>
</rdf:RDF>)";
  DiscoveryDocument doc = Parse(rdf, "https://eps.test/index.rdf");
  CHECK(doc.format == DiscoveryFormat::kRss);
  REQUIRE(doc.urls.size() == 1);
  CHECK(doc.urls[0].url == "https://eps.test/a1");
  CHECK(doc.urls[0].date == At(k2024_05_07, 10h));
}

TEST_CASE("RFC4287_AtomAlternateLinkXmlBaseAndDates", "[discovery]") {
  DiscoveryDocument doc = Parse(Fixture("atom.xml"), "https://gamma-news.test/atom.xml");
  CHECK(doc.format == DiscoveryFormat::kAtom);
  REQUIRE(doc.urls.size() == 2);
  // rel="alternate" type="text/html" beats the PDF alternate and rel="edit";
  // its relative href resolves against xml:base.
  CHECK(doc.urls[0].url == "https://gamma-news.test/world/floods-in-the-north");
  CHECK(doc.urls[0].title == "Floods in the north");      // not media:title
  CHECK(doc.urls[0].date == At(k2024_05_07, 6h, 45min));  // published before updated
  // A link without rel is the alternate (RFC 4287 §4.2.7.2).
  CHECK(doc.urls[1].url == "https://gamma-news.test/world/talks-resume");
  CHECK(doc.urls[1].date == At(k2024_05_06, 23h));
}

TEST_CASE("JsonFeed11_Items", "[discovery]") {
  DiscoveryDocument doc = Parse(Fixture("feed.json"), "https://delta-news.test/feed.json");
  CHECK(doc.format == DiscoveryFormat::kJsonFeed);
  REQUIRE(doc.urls.size() == 2);
  CHECK(doc.skipped == 2);
  CHECK(doc.urls[0].url == "https://delta-news.test/2024/05/07/election-results");
  CHECK(doc.urls[0].title == "Election results announced");
  CHECK(doc.urls[0].date == At(k2024_05_07, 5h));
  CHECK(doc.urls[1].url == "https://wire.example.test/story/998");  // external_url fallback
  CHECK(doc.urls[1].date == At(k2024_05_07, 8h));
  CHECK(doc.urls[1].title == "نتائج الانتخابات");
}

TEST_CASE("Malformed_InputGivesAnErrorNeverACrash", "[discovery]") {
  const std::string base = "https://alpha-news.test/sitemap.xml";
  std::string sitemap = Fixture("sitemap.xml");

  auto truncated = ParseDiscoveryDocument(sitemap.substr(0, sitemap.size() / 2), base);
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.status().code() == Status::Code::kCorruption);
  CHECK_THAT(truncated.status().message(), Catch::Contains("malformed XML in " + base + " at byte"));

  auto html = ParseDiscoveryDocument("<html><body><p>Not found</p></body></html>", base);
  REQUIRE_FALSE(html.ok());
  CHECK(html.status().code() == Status::Code::kUnsupported);
  CHECK_THAT(html.status().message(), Catch::Contains("root element <html>"));

  CHECK_FALSE(ParseDiscoveryDocument("", base).ok());
  CHECK_FALSE(ParseDiscoveryDocument("   \n", base).ok());
  CHECK_FALSE(ParseDiscoveryDocument(std::string("\x00\x01\xff\xfe<<<", 8), base).ok());
  CHECK_FALSE(ParseDiscoveryDocument("<urlset><url><loc>x</loc></url>", base).ok());

  auto json = ParseDiscoveryDocument(R"({"version": "https://jsonfeed.org/version/1.1", "items": [)", base);
  REQUIRE_FALSE(json.ok());
  CHECK(json.status().code() == Status::Code::kCorruption);
  CHECK_THAT(json.status().message(), Catch::Contains("malformed JSON"));

  auto not_feed = ParseDiscoveryDocument(R"({"items": [{"url": "https://a.test/x"}]})", base);
  REQUIRE_FALSE(not_feed.ok());
  CHECK(not_feed.status().code() == Status::Code::kUnsupported);

  // Structurally odd but well-formed: no channel, items of the wrong type.
  CHECK(Parse("<rss version=\"2.0\"/>", base).urls.empty());
  CHECK(Parse(R"({"version": "https://jsonfeed.org/version/1", "items": 7})", base).urls.empty());
}

TEST_CASE("Hostile_BillionLaughsAndExternalEntitiesAreNotExpanded", "[discovery]") {
  std::string xml = R"(<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<urlset><url><loc>https://a.test/&lol9;</loc></url><url><loc>https://a.test/&xxe;</loc></url></urlset>)";
  auto doc = ParseDiscoveryDocument(xml, "https://a.test/sitemap.xml");
  REQUIRE(doc.ok());
  REQUIRE(doc->urls.size() == 2);
  for (const auto& u : doc->urls) {
    CHECK(u.url.size() < 64);  // the entity stays a reference; nothing was expanded or read
    CHECK(u.url.find("root:") == std::string::npos);
  }
}

TEST_CASE("Hostile_DeeplyNestedInputDoesNotOverflowTheStack", "[discovery]") {
  constexpr int kDepth = 100'000;
  std::string xml = "<urlset><url><loc>https://a.test/ok</loc></url>";
  for (int i = 0; i < kDepth; ++i) xml += "<x>";
  for (int i = 0; i < kDepth; ++i) xml += "</x>";
  xml += "</urlset>";
  DiscoveryDocument doc = Parse(xml, "https://a.test/sitemap.xml");
  REQUIRE(doc.urls.size() == 1);

  std::string json = R"({"version": "https://jsonfeed.org/version/1.1", "items": [], "x": )";
  json += std::string(kDepth, '[') + std::string(kDepth, ']') + "}";
  auto parsed = ParseDiscoveryDocument(json, "https://a.test/feed.json");
  CHECK(parsed.ok());
}

TEST_CASE("Sitemaps_MaxUrlsTruncates", "[discovery]") {
  std::string xml = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (int i = 0; i < 10; ++i) xml += "<url><loc>https://a.test/" + std::to_string(i) + "</loc></url>";
  xml += "</urlset>";
  DiscoveryLimits limits;
  limits.max_urls = 3;
  DiscoveryDocument doc = Parse(xml, "https://a.test/sitemap.xml", limits);
  CHECK(doc.urls.size() == 3);
  CHECK(doc.truncated);
  CHECK(doc.urls[2].url == "https://a.test/2");
}

TEST_CASE("RFC822_FeedDates", "[discovery]") {
  CHECK(ParseFeedDate("Tue, 07 May 2024 08:00:00 GMT") == At(k2024_05_07, 8h));
  CHECK(ParseFeedDate("Tue, 07 May 2024 11:00:00 +0300") == At(k2024_05_07, 8h));
  CHECK(ParseFeedDate("7 May 2024 03:00:00 EST") == At(k2024_05_07, 8h));
  CHECK(ParseFeedDate("2024-05-07T08:00:00Z") == At(k2024_05_07, 8h));
  CHECK_FALSE(ParseFeedDate("not a date").has_value());
  CHECK_FALSE(ParseFeedDate("12345").has_value());
  CHECK(ParseFeedDate("2024-05-07T10:15:30.900Z") == At(k2024_05_07, 10h, 15min) + 30s);  // whole seconds
}

// Regressions found by tests/fuzz/discovery_fuzz.cpp; the crashing inputs are
// kept in tests/fuzz/regressions/discovery/ (BASE-URL "\n--\n" DOCUMENT).
TEST_CASE("Fuzz_RFC822DateFarInTheFutureDoesNotOverflow", "[discovery]") {
  // curl_getdate reads the year 2020200; converting that time_t through
  // system_clock's nanoseconds was a signed overflow (UBSan).
  auto when = ParseFeedDate("Mon, 06 May 2020200 :4:00 GMT");
  REQUIRE(when.has_value());
  // curl reads 04:00 UTC on 6 May of the year 2020200 (63,689,198,068,800 s
  // after the epoch): far past 2262, the end of system_clock's nanoseconds.
  CHECK(when->time_since_epoch() == 63'689'198'068'800s);
  CHECK(*when > sys_days(year{2262} / January / 1));
}

TEST_CASE("Fuzz_JsonFeedNumberTooLargeIsAnErrorNotAnException", "[discovery]") {
  // nlohmann::json reports "1E400" as out_of_range.406, not as a parse_error:
  // it escaped ParseDiscoveryDocument as an exception.
  for (const char* body :
       {R"({"version": 1E400})",
        R"({"version": "https://jsonfeed.org/version/1.1", "items": [{"url": 22222222E2222}]})"}) {
    INFO(body);
    auto doc = ParseDiscoveryDocument(body, "https://example.com/feed.json");
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.status().code() == Status::Code::kCorruption);
    CHECK(doc.status().message().find("malformed JSON in https://example.com/feed.json") == 0);
  }
}

TEST_CASE("Fuzz_DiscoveryRegressionInputsParseOrFail", "[discovery]") {
  const std::filesystem::path dir =
      std::filesystem::path(WIRECRAWL_TEST_DATA) / "../fuzz/regressions/discovery";
  size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string input = buffer.str();
    const size_t cut = input.find("\n--\n");
    const std::string base = input.substr(0, cut);
    const std::string body = cut == std::string::npos ? std::string() : input.substr(cut + 4);
    INFO(entry.path().filename().string());
    DiscoveryLimits limits;
    limits.max_inflated_bytes = 1u << 20;
    limits.max_urls = 64;
    auto doc = ParseDiscoveryDocument(body, base, limits);
    if (doc.ok()) {
      CHECK(doc->urls.size() <= limits.max_urls);
    }
    ++replayed;
  }
  CHECK(replayed > 0);
}

}  // namespace wirecrawl
