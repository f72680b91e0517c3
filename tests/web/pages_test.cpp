// Tests for web/pages.h against a database filled through the ingest path.
// Hostile articles follow the OWASP XSS prevention rules (every crawled
// string escaped for its context; only http(s) links) and UAX #9 (no bidi
// control reaches the page); the story and article pages follow the web
// page's description in the README ("Web page").
#include "web/pages.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/store/store_test_support.h"

namespace wirecrawl {
namespace {

using testing::IngestSession;
using testing::MakeArticle;
using testing::TempDir;
using web::Pages;
using web::Params;
using web::Response;

constexpr int64_t kT0 = 1697882400000;  // 2023-10-21T10:00:00Z

const char* kHostileTitle = "<script>document.title='pwned';window.__xss=1</script>\u202Egnp.exe";
const char* kHostileAuthor = "<img src=x onerror=\"window.__xss=2\">";
const char* kHostileUrl = "http://evil.test/news/\"><script>window.__xss=3</script>";
const char* kHostileCanonical = "javascript:window.__xss=4";

struct Fixture {
  TempDir dir;
  std::string path = dir.File("web.db");
  int64_t hostile_id = 0;
  int64_t story_id = 0;

  Fixture() {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
    auto session = IngestSession::Open(**store);
    REQUIRE(session.ok());
    std::vector<std::string> wire = {
        "The central bank kept its main interest rate unchanged on Thursday, as expected by most economists.",
        "Its president said inflation was falling but remained above the target of two percent for now.",
        "Markets had priced in a first cut for the summer, and bond yields barely moved after the decision.",
        "The next meeting is due in six weeks, when new staff projections will be published by the bank.",
        "Wage growth slowed in the last quarter, the bank said, though services prices were still rising fast.",
        "Several members of the governing council had argued in public for patience before any move lower.",
        "The decision was unanimous, the president told reporters at the press conference in Frankfurt.",
        "Energy prices fell again last month, pulling the headline rate down for the fourth month running."};
    Article first = MakeArticle("http://gamma-times.test/world/ecb.html", "ECB holds rates", wire, "en",
                                "2024-03-07T13:15:00Z");
    auto r1 = (*session)->AddArticle(first, kT0);
    REQUIRE(r1.ok());
    story_id = r1->story_id;
    std::vector<std::string> dropped = wire;
    dropped.erase(dropped.begin() + 2);
    dropped.push_back("Analysts expect the first cut in June, according to a survey by this newspaper.");
    Article copy = MakeArticle("http://delta-post.test/news/ecb-on-hold/", "ECB keeps rates on hold", dropped,
                               "en", "2024-03-07T15:45:00Z");
    REQUIRE((*session)->AddArticle(copy, kT0 + 1000).ok());

    Article hostile =
        MakeArticle(kHostileUrl, kHostileTitle,
                    {"Body with <b>markup</b> and <a href=\"javascript:window.__xss=5\">a link</a>.",
                     "\u202Ereversed\u202C and \u2067isolated\u2069 text."},
                    "ar", "2023-10-21T09:00:00Z");
    hostile.author = kHostileAuthor;
    hostile.canonical_url = kHostileCanonical;
    auto r3 = (*session)->AddArticle(hostile, kT0 + 2000);
    REQUIRE(r3.ok());
    hostile_id = r3->article_id;

    Article arabic = MakeArticle("http://alpha-news.test/news/cairo.html", "قمة القاهِرة للسلام",
                                 {"غادر أمير دولة قطر القاهِرة السبت بعد مشاركته في قمة القاهِرة للسلام."},
                                 "ar", "2023-10-21T12:00:00Z");
    REQUIRE((*session)->AddArticle(arabic, kT0 + 3000).ok());
    REQUIRE((*session)->Flush().ok());
  }

  std::unique_ptr<Store> Reader() {
    StoreOptions options;
    options.read_only = true;
    auto store = OpenStore(path, options);
    REQUIRE(store.ok());
    return std::move(store).value();
  }
};

Response Get(Pages& pages, const std::string& path, const Params& params = {}) {
  return pages.Get(path, params);
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// No crawled markup survived as markup anywhere in the page.
void CheckInert(const std::string& html) {
  CHECK_FALSE(Contains(html, "<script"));
  CHECK_FALSE(Contains(html, "<img"));
  CHECK_FALSE(Contains(html, "onerror=\""));
  CHECK_FALSE(Contains(html, "href=\"javascript:"));
  CHECK_FALSE(Contains(html, "<b>"));
  for (const char* control :
       {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"}) {
    CHECK_FALSE(Contains(html, control));
  }
}

}  // namespace

TEST_CASE("OwaspXss_HostileArticleIsShownAsText") {
  Fixture f;
  auto reader = f.Reader();
  Pages pages(*reader, [] { return kT0; });
  Response r = Get(pages, "/article/" + std::to_string(f.hostile_id));
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CheckInert(r.body);
  CHECK(Contains(r.body, "&lt;script&gt;document.title=&#39;pwned&#39;"));
  CHECK(Contains(r.body, "&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;"));
  // The javascript: canonical URL is shown, not linked.
  CHECK(Contains(r.body, "<span class=\"url unsafe\" dir=\"ltr\">javascript:window.__xss=4</span>"));
  // The title in <title> is escaped too.
  CHECK(Contains(r.body, "<title>&lt;script&gt;"));
  // Arabic text in its own isolated, right-to-left element.
  CHECK(Contains(r.body, "<p dir=\"rtl\" lang=\"ar\">reversed and isolated text.</p>"));

  // The same article on every page that lists it.
  for (const std::string& path : {std::string("/"), "/story/" + std::to_string(f.hostile_id)}) {
    INFO(path);
    Response page = Get(pages, path);
    CHECK(page.status == 200);
    CheckInert(page.body);
  }
  Response search = Get(pages, "/search", {{"q", "markup"}});
  CHECK(Contains(search.body, "/article/" + std::to_string(f.hostile_id)));
  CheckInert(search.body);
}

TEST_CASE("OwaspXss_RequestParametersAreEscapedWhenShownBack") {
  Fixture f;
  auto reader = f.Reader();
  Pages pages(*reader, [] { return kT0; });
  Response search = Get(pages, "/search", {{"q", "\"><script>x</script>"}});
  CHECK_FALSE(Contains(search.body, "<script"));
  CHECK(Contains(search.body, "value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
  Response bad = Get(pages, "/", {{"from", "<script>"}});
  CHECK(bad.status == 400);
  CHECK_FALSE(Contains(bad.body, "<script"));
  Response api = Get(pages, "/api/stories", {{"min_sites", "x"}});
  CHECK(api.status == 400);
  CHECK(api.content_type == "application/json; charset=utf-8");
}

TEST_CASE("Readme_JsonCarriesTheCrawledTextUnchanged") {
  Fixture f;
  auto reader = f.Reader();
  Pages pages(*reader, [] { return kT0; });
  Response r = Get(pages, "/api/article/" + std::to_string(f.hostile_id));
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "application/json; charset=utf-8");
  auto json = nlohmann::json::parse(r.body);
  CHECK(json["article"]["title"] == kHostileTitle);
  CHECK(json["article"]["author"] == kHostileAuthor);
  CHECK(json["article"]["canonical_url"] == kHostileCanonical);
  CHECK(json["page"].is_null());  // ingested: no crawl record
}

TEST_CASE("Readme_StoryPageShowsCopiesInTimeOrderAndTheirChanges") {
  Fixture f;
  auto reader = f.Reader();
  Pages pages(*reader, [] { return kT0; });
  auto json = nlohmann::json::parse(Get(pages, "/api/story/" + std::to_string(f.story_id)).body);
  REQUIRE(json["copies"].size() == 2);
  CHECK(json["story"]["first_publisher"] == "gamma-times.test");
  CHECK(json["copies"][0]["site"] == "gamma-times.test");
  CHECK(json["copies"][1]["delay_s"] == 9000);  // 13:15 -> 15:45
  auto changes = json["copies"][1]["changes"];
  CHECK(changes["removed"] ==
        nlohmann::json::array(
            {"Markets had priced in a first cut for the summer, and bond yields barely moved after the "
             "decision."}));
  CHECK(changes["added"] ==
        nlohmann::json::array(
            {"Analysts expect the first cut in June, according to a survey by this newspaper."}));

  Response html = Get(pages, "/story/" + std::to_string(f.story_id));
  CHECK(Contains(html.body, "<del dir=\"ltr\" lang=\"en\">Markets had priced in"));
  CHECK(Contains(html.body, "<ins dir=\"ltr\" lang=\"en\">Analysts expect"));
  CHECK(Contains(html.body, "+2 h 30 min"));
  CHECK(Contains(html.body, "<svg class=\"timeline\""));

  auto list = nlohmann::json::parse(Get(pages, "/api/stories", {{"min_sites", "2"}}).body);
  REQUIRE(list["stories"].size() == 1);
  CHECK(list["stories"][0]["first_publisher"]["site"] == "gamma-times.test");
  CHECK(list["stories"][0]["timeline"].size() == 2);
  CHECK(Get(pages, "/story/999999").status == 404);
  CHECK(Get(pages, "/api/article/999999").status == 404);
  CHECK(Get(pages, "/nowhere").status == 404);
}

TEST_CASE("Readme_StoriesFilterByLanguageAndDate") {
  Fixture f;
  auto reader = f.Reader();
  Pages pages(*reader, [] { return kT0; });
  auto ar = nlohmann::json::parse(Get(pages, "/api/stories", {{"lang", "ar"}}).body);
  CHECK(ar["stories"].size() == 2);
  auto dated = nlohmann::json::parse(Get(pages, "/api/stories", {{"from", "2024-01-01"}}).body);
  REQUIRE(dated["stories"].size() == 1);
  CHECK(dated["stories"][0]["id"] == f.story_id);
  auto until = nlohmann::json::parse(Get(pages, "/api/stories", {{"to", "2023-10-21"}}).body);
  CHECK(until["stories"].size() == 2);
}

TEST_CASE("SchemaDoc_SearchFindsArabicWithoutDiacritics") {
  Fixture f;
  auto reader = f.Reader();
  Pages pages(*reader, [] { return kT0; });
  auto json = nlohmann::json::parse(Get(pages, "/api/search", {{"q", "القاهرة"}}).body);
  REQUIRE(json["hits"].size() == 1);
  CHECK(json["hits"][0]["url"] == "http://alpha-news.test/news/cairo.html");
  Response html = Get(pages, "/search", {{"q", "القاهرة"}});
  CHECK(Contains(html.body, "<mark>القاهِرة</mark>"));
  CHECK(Contains(html.body, "<p class=\"snippet\" dir=\"rtl\" lang=\"ar\">"));
}

TEST_CASE("Readme_SourcesPageOnADatabaseWithoutCrawl") {
  Fixture f;
  auto reader = f.Reader();
  Pages pages(*reader, [] { return kT0; });
  Response html = Get(pages, "/sources");
  CHECK(html.status == 200);
  auto json = nlohmann::json::parse(Get(pages, "/api/sources").body);
  CHECK(json["hosts"].empty());
  CHECK(json["days"] == 30);
}

TEST_CASE("Readme_SourcesPageCountsEachHostsFrontierAndArticles") {
  TempDir dir;
  const std::string path = dir.File("health.db");
  const int64_t now = kT0 + 3600 * 1000;
  {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
    Store& s = **store;
    auto session = IngestSession::Open(s);
    REQUIRE(session.ok());
    auto stored =
        (*session)->AddArticle(MakeArticle("http://a.test/1", "One", {testing::SyntheticText(1, 120)}), kT0);
    REQUIRE(stored.ok());
    REQUIRE((*session)->Flush().ok());
    REQUIRE(s.AddSource("http://a.test/", SourceKind::kSeed, SourceOrigin::kConfig, 60000).ok());
    REQUIRE(s.AddSource("http://c.test/feed.xml", SourceKind::kFeed, SourceOrigin::kDiscovered, 60000).ok());
    REQUIRE(s.SetSourcePaused("http://c.test/feed.xml", true, kT0).ok());
    for (const char* url :
         {"http://a.test/1", "http://a.test/2", "http://a.test/private/x", "http://b.test/"}) {
      UrlToEnqueue u;
      u.url = url;
      REQUIRE(s.Enqueue(u).ok());
    }
    auto due = s.TakeDue(kT0, 100, 100, {});
    REQUIRE(due.ok());
    REQUIRE(due->size() == 4);
    for (const DueUrl& d : *due) {
      if (d.url == "http://a.test/1" || d.url == "http://b.test/") {
        FetchedUrl f;
        f.url_id = d.id;
        f.fetched_ms = kT0;
        f.page_kind = d.url == "http://b.test/" ? "hub" : "article";
        if (d.url == "http://a.test/1") f.article_id = stored->article_id;
        REQUIRE(s.MarkFetched(f).ok());
      } else if (d.url == "http://a.test/2") {
        FailedUrl f;
        f.url_id = d.id;
        f.failed_ms = kT0 + 1000;
        f.http_status = 503;
        f.error = "HTTP 503";
        REQUIRE(s.MarkFailed(f).ok());
      } else {
        REQUIRE(s.MarkSkipped(d.id, "robots.txt disallows it").ok());
      }
    }
    REQUIRE(s.PutRobots("a.test",
                        RobotsCacheEntry{200, "User-agent: *\nDisallow: /private/\n", kT0, kT0 + 86400000})
                .ok());
    HostPoliteness politeness;
    politeness.crawl_delay_ms = 1000;
    politeness.backoff_until_ms = now + 60000;
    politeness.consecutive_errors = 2;
    REQUIRE(s.PutPoliteness("a.test", politeness).ok());
  }
  StoreOptions options;
  options.read_only = true;
  auto reader = OpenStore(path, options);
  REQUIRE(reader.ok());
  HealthQuery query;
  query.now_ms = now;
  auto listing = (*reader)->ListHostHealth(query);
  REQUIRE(listing.ok());
  CHECK(listing->total == 3);
  REQUIRE(listing->hosts.size() == 3);
  const HostHealth& a = listing->hosts[0];
  CHECK(a.host == "a.test");
  CHECK(a.site == "a.test");
  using Counts = std::vector<std::pair<std::string, int64_t>>;
  CHECK(a.urls_by_state == Counts{{"done", 1}, {"failed", 1}, {"skipped", 1}});
  CHECK(a.status_mix == Counts{{"2xx", 1}, {"5xx", 1}});
  CHECK(a.pages_by_kind == Counts{{"article", 1}});
  CHECK(a.robots_denied == 1);
  CHECK(a.last_error == "HTTP 503");
  CHECK(a.last_fetch_ms == kT0 + 1000);
  CHECK(a.robots_status == 200);
  CHECK(a.crawl_delay_ms == 1000);
  CHECK(a.backoff_until_ms == now + 60000);
  CHECK(a.consecutive_errors == 2);
  CHECK(a.articles == 1);
  REQUIRE(a.articles_per_day.size() == 30);
  CHECK(a.articles_per_day.back() == 1);
  REQUIRE(a.sources.size() == 1);
  CHECK(a.next_refresh_ms.has_value());
  CHECK(listing->hosts[1].host == "b.test");
  CHECK(listing->hosts[1].pages_by_kind == Counts{{"hub", 1}});
  CHECK(listing->hosts[1].articles == 0);
  // A source's host that was never fetched is listed with its source.
  CHECK(listing->hosts[2].host == "c.test");
  REQUIRE(listing->hosts[2].sources.size() == 1);
  // `wirecrawl sources pause`: the source is listed as paused, with no next refresh.
  CHECK(listing->hosts[2].sources[0].paused);
  CHECK(listing->hosts[2].sources[0].origin == SourceOrigin::kDiscovered);
  CHECK_FALSE(listing->hosts[2].next_refresh_ms.has_value());
  CHECK(a.sources[0].origin == SourceOrigin::kConfig);
  CHECK_FALSE(a.sources[0].paused);
  CHECK(listing->hosts[2].urls_by_state.empty());

  query.offset = 1;
  query.limit = 1;
  listing = (*reader)->ListHostHealth(query);
  REQUIRE(listing.ok());
  CHECK(listing->total == 3);
  REQUIRE(listing->hosts.size() == 1);
  CHECK(listing->hosts[0].host == "b.test");

  Pages pages(**reader, [t = now] { return t; });
  Response html = Get(pages, "/sources");
  CHECK(Contains(html.body, "<span class=\"bad\">backing off until"));
  CHECK(Contains(html.body, "crawl delay 1 s"));
  CHECK(Contains(html.body, "1 URL disallowed"));
  auto json = nlohmann::json::parse(Get(pages, "/api/sources").body);
  CHECK(json["total_hosts"] == 3);
  CHECK(json["hosts"][0]["status_mix"]["5xx"] == 1);
}

TEST_CASE("Store_ReadOnlyOpenCannotWriteAndReadsBesideAWriter") {
  Fixture f;
  auto reader = f.Reader();
  Status begin = reader->BeginBatch();
  CHECK_FALSE(begin.ok());
  // A writer holds an open batch with a new article: the reader still reads
  // the committed state (WAL), without waiting.
  auto writer = OpenStore(f.path);
  REQUIRE(writer.ok());
  auto session = IngestSession::Open(**writer);
  REQUIRE(session.ok());
  REQUIRE((*session)
              ->AddArticle(MakeArticle("http://x.test/new", "New", {testing::SyntheticText(7, 80)}), kT0)
              .ok());
  Pages pages(*reader, [] { return kT0; });
  auto json = nlohmann::json::parse(Get(pages, "/api/stories").body);
  CHECK(json["stories"].size() == 3);
  REQUIRE((*session)->Flush().ok());
  json = nlohmann::json::parse(Get(pages, "/api/stories").body);
  CHECK(json["stories"].size() == 4);
}

TEST_CASE("Store_ReadOnlyOpenOfAMissingFileFails") {
  TempDir dir;
  StoreOptions options;
  options.read_only = true;
  auto store = OpenStore(dir.File("none.db"), options);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kNotFound);
  CHECK_FALSE(std::filesystem::exists(dir.File("none.db")));
}

TEST_CASE("OwaspHeaders_EveryResponseForbidsScriptsAndSniffing") {
  bool csp = false;
  bool nosniff = false;
  for (const auto& [name, value] : web::SecurityHeaders()) {
    if (name == "Content-Security-Policy") csp = value.rfind("default-src 'self'", 0) == 0;
    if (name == "X-Content-Type-Options") nosniff = value == "nosniff";
  }
  CHECK(csp);
  CHECK(nosniff);
}

}  // namespace wirecrawl
