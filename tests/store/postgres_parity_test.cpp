// The same data in a SQLite file and a PostgreSQL database reads the same
// (the PostgreSQL backend's promise: the same query finds the same
// articles on both backends, store/postgres/queries.cpp):
// search with and without tashkeel, the query syntax, stories and their
// first publisher, export, the web page's reads and the crawl's figures.
// Ids are compared through the URLs they name: each backend numbers its
// own rows.
#include <libpq-fe.h>
#include <algorithm>
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "base/time.h"
#include "store/store.h"
#include "store_test_support.h"
#include "tests/support/postgres_server.h"

namespace wirecrawl {
namespace {

using testing::IngestSession;
using testing::MakeArticle;
using testing::PostgresServer;
using testing::SeedParagraphs;
using testing::TempDir;

const int64_t kT0 = *ParseIsoTime("2023-10-21T12:00:00Z");
constexpr int64_t kHourMs = 3'600'000;

// Arabic copies of one wire story on five sites (seeds 0-4), a copy of
// seed 1 on a sixth site, Arabic with tashkeel, a word that shares its
// Snowball stem with another (زير / وزير), English and French.
std::vector<std::pair<Article, int64_t>> Articles() {
  std::vector<std::pair<Article, int64_t>> out;
  const char* sites[] = {"alpha.example", "beta.example", "gamma.example", "delta.example",
                         "epsilon.example"};
  const char* published[] = {"2023-10-21T08:00:00Z", "2023-10-21T07:30:00Z", "", "2023-10-20T23:00:00Z",
                             "2023-10-21T09:15:00Z"};
  for (int i = 0; i < 5; ++i) {
    std::vector<std::string> paragraphs = SeedParagraphs(i);
    out.emplace_back(MakeArticle("https://" + std::string(sites[i]) + "/news/" + std::to_string(i),
                                 "قطر وغزة " + std::to_string(i), paragraphs, "ar", published[i]),
                     kT0 + i * kHourMs);
  }
  std::vector<std::string> copy = SeedParagraphs(1);
  copy.push_back("تابعونا على مواقع التواصل.");
  out.emplace_back(MakeArticle("https://zeta.example/copy", "أمير قطر يبحث مع بلينكن", copy, "ar"),
                   kT0 + 6 * kHourMs);
  out.emplace_back(
      MakeArticle("https://beta.example/v", "خبر", {"أكَّدَ وَزِيرُ الخَارِجِيَّةِ القَطَرِيُّ اسْتِمْرَارَ التَّنْسِيقِ."}, "ar"),
      kT0 + 7 * kHourMs);
  out.emplace_back(MakeArticle("https://beta.example/jar", "زير الماء",
                               {"زير من الفخار يحفظ الماء باردا في الصيف."}, "ar", "2020-06-01"),
                   kT0 + 8 * kHourMs);
  out.emplace_back(MakeArticle("https://news.example/a", "Port visit",
                               {"The prime minister visited the port city.", "Harbour officials met him."},
                               "en", "2023-10-19"),
                   kT0 + 9 * kHourMs);
  out.emplace_back(
      MakeArticle("https://news.example/b", "Costs", {"The minister said prime costs rose."}, "en"),
      kT0 + 10 * kHourMs);
  out.emplace_back(MakeArticle("https://news.example/c", "Ports",
                               {"Ports and railways were closed by ministers."}, "en", "2020-01-01"),
                   kT0 + 11 * kHourMs);
  out.emplace_back(MakeArticle("https://news.example/fr", "Élection à Genève",
                               {"Les électeurs de Genève ont voté dimanche."}, "fr"),
                   kT0 + 12 * kHourMs);
  return out;
}

// Ingests Articles(), then a changed body for one of them (a second
// version), then the frontier of a small crawl. false when the backend
// cannot store them yet.
bool Fill(Store& store) {
  auto session = IngestSession::Open(store);
  if (!session.ok() && session.status().code() == Status::Code::kUnsupported) {
    WARN("not run: this backend cannot store articles yet: " << session.status().message());
    return false;
  }
  REQUIRE(session.ok());
  for (const auto& [article, fetched_ms] : Articles()) {
    auto stored = (*session)->AddArticle(article, fetched_ms);
    if (!stored.ok() && stored.status().code() == Status::Code::kUnsupported) {
      WARN("not run: this backend cannot store articles yet: " << stored.status().message());
      store.RollbackBatch();
      return false;
    }
    if (!stored.ok()) FAIL(article.url << ": " << stored.status().message());
  }
  REQUIRE((*session)->Flush().ok());
  Article changed = MakeArticle("https://news.example/b", "Costs",
                                {"The minister said prime costs rose sharply.", "Unions protested."}, "en");
  auto updated = (*session)->AddArticle(changed, kT0 + 20 * kHourMs);
  if (!updated.ok()) FAIL(updated.status().message());
  REQUIRE((*session)->Flush().ok());
  return true;
}

// A crawl's frontier, fetch log, sources and hosts. false when the backend
// cannot keep crawl state yet.
bool Crawl(Store& s) {
  auto added = s.AddSource("https://alpha.example/", SourceKind::kSeed, SourceOrigin::kConfig, 60000);
  if (!added.ok() && added.status().code() == Status::Code::kUnsupported) {
    WARN("not run: this backend cannot keep crawl state yet: " << added.status().message());
    return false;
  }
  REQUIRE(added.ok());
  REQUIRE(
      s.AddSource("https://zeta.example/feed.xml", SourceKind::kFeed, SourceOrigin::kDiscovered, 60000).ok());
  REQUIRE(s.SetSourcePaused("https://zeta.example/feed.xml", true, kT0).ok());
  for (const char* url :
       {"https://alpha.example/news/0", "https://alpha.example/", "https://alpha.example/private/x",
        "https://beta.example/v", "https://beta.example/gone", "https://news.example/a",
        "https://news.example/later"}) {
    UrlToEnqueue u;
    u.url = url;
    u.due_ms = std::string(url).find("later") != std::string::npos ? kT0 + 100 * kHourMs : 0;
    REQUIRE(s.Enqueue(u).ok());
  }
  auto due = s.TakeDue(kT0, 100, 100, {});
  REQUIRE(due.ok());
  REQUIRE(due->size() == 6);
  // In URL order: each URL's times and sizes are the same on both backends.
  std::sort(due->begin(), due->end(), [](const DueUrl& a, const DueUrl& b) { return a.url < b.url; });
  int n = 0;
  for (const DueUrl& d : *due) {
    FetchRecord record;
    record.url_id = d.id;
    record.started_ms = kT0 + ++n * 1000;
    record.elapsed_ms = 40 * n;
    record.bytes = 1000 * n;
    if (d.url.find("private") != std::string::npos) {
      REQUIRE(s.MarkSkipped(d.id, "robots.txt disallows it").ok());
      continue;
    }
    if (d.url.find("gone") != std::string::npos) {
      record.http_status = 404;
      REQUIRE(s.RecordFetch(record).ok());
      FailedUrl f;
      f.url_id = d.id;
      f.failed_ms = record.started_ms;
      f.http_status = 404;
      f.error = "HTTP 404";
      REQUIRE(s.MarkFailed(f).ok());
      continue;
    }
    record.http_status = 200;
    REQUIRE(s.RecordFetch(record).ok());
    FetchedUrl f;
    f.url_id = d.id;
    f.fetched_ms = record.started_ms;
    f.page_kind = d.url.back() == '/' ? "hub" : "article";
    if (f.page_kind == "article") {
      auto article = s.GetArticleByUrl(d.url);
      REQUIRE(article.ok());
      REQUIRE(article->has_value());
      f.article_id = (*article)->id;
    }
    REQUIRE(s.MarkFetched(f).ok());
  }
  FetchRecord unreachable;
  unreachable.url_id = due->front().id;
  unreachable.started_ms = kT0 + 50'000;
  unreachable.error = "connection refused";
  REQUIRE(s.RecordFetch(unreachable).ok());
  REQUIRE(s.PutRobots("alpha.example",
                      RobotsCacheEntry{200, "User-agent: *\nDisallow: /private/\n", kT0, kT0 + 86400000})
              .ok());
  HostPoliteness politeness;
  politeness.crawl_delay_ms = 1000;
  politeness.backoff_until_ms = kT0 + 2 * kHourMs;
  politeness.consecutive_errors = 2;
  REQUIRE(s.PutPoliteness("beta.example", politeness).ok());
  return true;
}

class BothBackends {
 public:
  BothBackends() {
    auto sqlite = OpenStore(dir_.File("parity.db"));
    REQUIRE(sqlite.ok());
    sqlite_ = std::move(sqlite).value();
    auto postgres = OpenStore(PostgresServer::Shared().NewDatabase());
    REQUIRE(postgres.ok());
    postgres_ = std::move(postgres).value();
  }
  Store& sqlite() { return *sqlite_; }
  Store& postgres() { return *postgres_; }

 private:
  TempDir dir_;
  std::unique_ptr<Store> sqlite_;
  std::unique_ptr<Store> postgres_;
};

std::string UrlOf(Store& store, int64_t article_id) {
  auto article = store.GetArticle(article_id);
  REQUIRE(article.ok());
  REQUIRE(article->has_value());
  return (*article)->url;
}

// A hit as both backends must agree on it: everything but the ids and the
// score (PostgreSQL ranks by cover density, SQLite by bm25).
struct ComparableHit {
  std::string url, title, site, published, language, snippet, story_url;
  std::vector<std::pair<size_t, size_t>> highlights;
  bool operator==(const ComparableHit&) const = default;
};

std::map<std::string, ComparableHit> Hits(Store& store, const SearchQuery& query) {
  auto hits = store.Search(query);
  INFO(query.text);
  REQUIRE(hits.ok());
  std::map<std::string, ComparableHit> out;
  for (const SearchHit& h : *hits) {
    out[h.url] = {h.url,       h.title, h.site, h.published, h.language, h.snippet, UrlOf(store, h.story_id),
                  h.highlights};
  }
  return out;
}

TEST_CASE("Postgres_SameQueryFindsTheSameArticlesAsSqlite", "[postgres]") {
  BothBackends both;
  if (!Fill(both.sqlite()) || !Fill(both.postgres())) return;
  const std::vector<std::string> queries = {
      // Tashkeel, tatweel, hamza and taa marbuta variants (the man page).
      "الخارجية", "الخَارِجِيَّة", "الخـــارجية", "اكد", "أكد", "أكَّدَ", "القطرية", "القطريه", "القطري",
      // Snowball stems وزير to زير and القطري to قطر: neither may find the other.
      "وزير", "زير", "قطر", "بلينكن",
      // Syntax: phrases, OR, exclusion, prefix (Arabic and Latin).
      "\"وزير الخارجية\"", "\"الخارجية وزير\"", "غزة OR الفخار", "قطر -بلينكن", "الخارج*", "بلين*", "وزا*",
      "minister", "\"prime minister\"", "minister -visited", "visited OR railways", "port*", "ministers",
      "prime minister", "\"minister prime\"",
      // Operators and stray quotes as words.
      "minister \"prime", "minister) AND (prime", "NEAR(minister prime)", "or",
      // Diacritics and case in Latin script.
      "geneve", "ÉLECTEURS", "électeurs genève",
      // Words in the title only.
      "Costs", "ports"};
  for (const std::string& text : queries) {
    SearchQuery q;
    q.text = text;
    q.limit = 100;
    INFO("query: " << text);
    CHECK(Hits(both.postgres(), q) == Hits(both.sqlite(), q));
  }
  // The cases above are not vacuous: stems and prefixes found what SQLite finds.
  auto urls = [&](const std::string& text) {
    SearchQuery q;
    q.text = text;
    q.limit = 100;
    std::vector<std::string> out;
    for (const auto& [url, hit] : Hits(both.postgres(), q)) out.push_back(url);
    return out;
  };
  CHECK(urls("زير") == std::vector<std::string>{"https://beta.example/jar"});
  CHECK(urls("وزير").size() >= 4);
  CHECK(urls("بلين*").size() >= 3);
  CHECK(urls("الخارج*").size() >= 5);
  CHECK(urls("الخَارِجِيَّة") == urls("الخارجية"));
  CHECK(urls("minister") == std::vector<std::string>{"https://news.example/a", "https://news.example/b"});
  CHECK(urls("\"prime minister\"") == std::vector<std::string>{"https://news.example/a"});
  // Filters.
  SearchQuery arabic;
  arabic.text = "قطر OR minister OR زير";
  arabic.limit = 100;
  arabic.language = "ar";
  CHECK(Hits(both.postgres(), arabic) == Hits(both.sqlite(), arabic));
  arabic.since_ms = ParseIsoTime("2023-01-01");
  CHECK(Hits(both.postgres(), arabic) == Hits(both.sqlite(), arabic));
  arabic.language.clear();
  CHECK(Hits(both.postgres(), arabic) == Hits(both.sqlite(), arabic));
  // A limit keeps the best hits: as many on both.
  arabic.limit = 2;
  CHECK(Hits(both.postgres(), arabic).size() == 2);
  // The same errors.
  for (const char* bad : {" ?! ... ", "-storm"}) {
    SearchQuery q;
    q.text = bad;
    auto a = both.postgres().Search(q);
    auto b = both.sqlite().Search(q);
    REQUIRE_FALSE(a.ok());
    REQUIRE_FALSE(b.ok());
    CHECK(a.status().code() == b.status().code());
    CHECK(a.status().message() == b.status().message());
  }
}

// A story as both backends must agree on it, its ids as URLs.
std::string Describe(Store& store, const StorySummary& s) {
  std::string out = UrlOf(store, s.id) + " rep=" + UrlOf(store, s.representative_id) + " title=" + s.title +
                    " members=" + std::to_string(s.member_count) + " sites=" + std::to_string(s.site_count) +
                    " [";
  for (const std::string& site : s.sites) out += site + ",";
  out += "] first_seen=" + std::to_string(s.first_seen_ms) + " last_seen=" + std::to_string(s.last_seen_ms) +
         " first=" + UrlOf(store, s.first_published_id) + "@" + s.first_published_site + "/" +
         std::to_string(s.first_published_ms);
  return out;
}

std::vector<std::string> Stories(Store& store, const StoryFilter& filter) {
  auto stories = store.ListStories(filter);
  REQUIRE(stories.ok());
  std::vector<std::string> out;
  for (const StorySummary& s : *stories) out.push_back(Describe(store, s));
  return out;
}

std::vector<std::string> Overviews(Store& store, const StoryListQuery& query, bool* more) {
  auto listing = store.ListStoryOverviews(query);
  REQUIRE(listing.ok());
  *more = listing->more;
  std::vector<std::string> out;
  for (const StoryOverview& o : listing->stories) {
    std::string line = Describe(store, o.summary) + " lang=" + o.language + " copies:";
    for (const CopyTime& c : o.copies) {
      line += " " + UrlOf(store, c.article_id) + "@" + c.site + "/" + std::to_string(c.date_ms) + "/" +
              std::to_string(c.fetched_ms) + "/" + (c.published_ms ? std::to_string(*c.published_ms) : "-");
    }
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> Copies(Store& store, const std::string& story_url) {
  auto article = store.GetArticleByUrl(story_url);
  REQUIRE(article.ok());
  REQUIRE(article->has_value());
  auto copies = store.ListStoryCopies((*article)->story_id);
  REQUIRE(copies.ok());
  std::vector<std::string> out;
  for (const StoryCopy& c : *copies) {
    out.push_back(UrlOf(store, c.time.article_id) + " " + c.time.site + " " + std::to_string(c.time.date_ms) +
                  " " + c.title + " " + c.url + " " + c.language + " " + c.published + " " +
                  std::to_string(c.similarity) + " v" + std::to_string(c.version) + " " + c.body);
  }
  return out;
}

std::vector<std::string> Shared(Store& store, const std::string& story_url,
                                const std::vector<std::string>& passages) {
  auto article = store.GetArticleByUrl(story_url);
  REQUIRE(article.ok());
  REQUIRE(article->has_value());
  auto shared = store.FindSharedPassages((*article)->story_id, passages, 4, 3);
  REQUIRE(shared.ok());
  std::vector<std::string> out;
  for (const SharedPassage& p : *shared) {
    out.push_back(std::to_string(p.passage) + " " + UrlOf(store, p.article_id) +
                  " story=" + UrlOf(store, p.story_id) + " " + p.title + " " + p.site);
  }
  return out;
}

std::vector<std::string> Exported(Store& store, std::optional<int64_t> since_ms) {
  std::vector<std::string> out;
  ExportFilter filter;
  filter.since_ms = since_ms;
  REQUIRE(store
              .ExportArticles(filter,
                              [&](const StoredArticle& a) {
                                out.push_back(a.url + " " + a.canonical_url + " " + a.site + " " + a.title +
                                              " " + a.author + " " + a.published + " " + a.language +
                                              " story=" + UrlOf(store, a.story_id) + " " +
                                              std::to_string(a.similarity) + " " +
                                              std::to_string(a.body_hash) + " v" + std::to_string(a.version) +
                                              " " + std::to_string(a.fetched_ms) + " " +
                                              std::to_string(a.updated_ms) + " " + a.body);
                                return true;
                              })
              .ok());
  return out;
}

TEST_CASE("Postgres_StoriesExportAndWebPageReadTheSameAsSqlite", "[postgres]") {
  BothBackends both;
  if (!Fill(both.sqlite()) || !Fill(both.postgres())) return;

  for (StoryFilter filter :
       {StoryFilter{}, StoryFilter{std::nullopt, 2, 50}, StoryFilter{kT0 + 5 * kHourMs, 1, 3}}) {
    CHECK(Stories(both.postgres(), filter) == Stories(both.sqlite(), filter));
  }
  CHECK(Exported(both.postgres(), std::nullopt) == Exported(both.sqlite(), std::nullopt));
  CHECK(Exported(both.postgres(), ParseIsoTime("2023-01-01")) ==
        Exported(both.sqlite(), ParseIsoTime("2023-01-01")));

  const std::string wire = "https://alpha.example/news/0";
  auto detail = [](Store& store, const std::string& url) {
    auto article = store.GetArticleByUrl(url);
    REQUIRE(article.ok());
    REQUIRE(article->has_value());
    auto story = store.GetStory((*article)->story_id);
    REQUIRE(story.ok());
    REQUIRE(story->has_value());
    std::string out = Describe(store, (*story)->summary);
    for (const StoryMember& m : (*story)->members) {
      out += "\n" + UrlOf(store, m.article_id) + " " + m.title + " " + m.url + " " + m.site + " " +
             m.published + " " + m.language + " " + std::to_string(m.similarity) + " " +
             std::to_string(m.fetched_ms);
    }
    return out;
  };
  CHECK(detail(both.postgres(), wire) == detail(both.sqlite(), wire));
  CHECK(detail(both.postgres(), "https://news.example/b") == detail(both.sqlite(), "https://news.example/b"));
  CHECK(both.postgres().GetStory(999999)->has_value() == false);
  CHECK(both.postgres().GetArticleByUrl("https://nowhere.example/")->has_value() == false);

  for (StoryListQuery query : {StoryListQuery{}, StoryListQuery{std::nullopt, std::nullopt, "ar", 1, 0, 2},
                               StoryListQuery{std::nullopt, std::nullopt, "", 1, 2, 2},
                               StoryListQuery{kT0, kT0 + 9 * kHourMs, "", 1, 0, 50},
                               StoryListQuery{std::nullopt, std::nullopt, "", 2, 0, 50}}) {
    bool more_pg = false;
    bool more_sqlite = false;
    CHECK(Overviews(both.postgres(), query, &more_pg) == Overviews(both.sqlite(), query, &more_sqlite));
    CHECK(more_pg == more_sqlite);
  }
  CHECK(Copies(both.postgres(), wire) == Copies(both.sqlite(), wire));
  CHECK(Copies(both.postgres(), "https://news.example/b") == Copies(both.sqlite(), "https://news.example/b"));

  // Passages of one story found in others (the copy on zeta.example may be
  // a story of its own or a member of the wire story's: either way both
  // backends say the same).
  std::vector<std::string> passages = SeedParagraphs(1);
  passages.push_back("الماء باردا");  // too short: skipped
  passages.push_back("يحفظ الماء باردا في الصيف");
  passages.push_back("The prime minister visited the port city");
  CHECK(Shared(both.postgres(), "https://beta.example/v", passages) ==
        Shared(both.sqlite(), "https://beta.example/v", passages));
  CHECK(Shared(both.postgres(), wire, passages) == Shared(both.sqlite(), wire, passages));

  auto versions = [](Store& store) {
    auto article = store.GetArticleByUrl("https://news.example/b");
    REQUIRE(article.ok());
    auto listed = store.ListArticleVersions((*article)->id);
    REQUIRE(listed.ok());
    std::vector<std::string> out;
    for (const ArticleVersion& v : *listed) {
      out.push_back(std::to_string(v.version) + " " + std::to_string(v.fetched_ms) + " " +
                    std::to_string(v.replaced_ms) + " " + v.title + " " + v.body);
    }
    return out;
  };
  CHECK(versions(both.postgres()).size() == 1);
  CHECK(versions(both.postgres()) == versions(both.sqlite()));

  auto pg_stats = both.postgres().Stats();
  auto sqlite_stats = both.sqlite().Stats();
  REQUIRE(pg_stats.ok());
  REQUIRE(sqlite_stats.ok());
  CHECK(pg_stats->articles == sqlite_stats->articles);
  CHECK(pg_stats->article_versions == sqlite_stats->article_versions);
  CHECK(pg_stats->stories == sqlite_stats->stories);
  CHECK(pg_stats->multi_site_stories == sqlite_stats->multi_site_stories);
  CHECK(pg_stats->database_bytes > 0);
}

std::string Describe(const HostHealth& h) {
  std::string out =
      h.host + " site=" + h.site + " last_fetch=" + std::to_string(h.last_fetch_ms.value_or(-1));
  for (const auto& [k, v] : h.status_mix) out += " " + k + "=" + std::to_string(v);
  out += " |";
  for (const auto& [k, v] : h.urls_by_state) out += " " + k + "=" + std::to_string(v);
  out += " |";
  for (const auto& [k, v] : h.pages_by_kind) out += " " + k + "=" + std::to_string(v);
  out += " | denied=" + std::to_string(h.robots_denied) + " error=" + h.last_error + "@" +
         std::to_string(h.last_error_ms.value_or(-1)) + " errors=" + std::to_string(h.consecutive_errors) +
         " backoff=" + std::to_string(h.backoff_until_ms) + " delay=" + std::to_string(h.crawl_delay_ms) +
         " robots=" + std::to_string(h.robots_status.value_or(-1)) + "/" +
         std::to_string(h.robots_fetched_ms.value_or(-1)) + "/" +
         std::to_string(h.robots_expires_ms.value_or(-1)) + " articles=" + std::to_string(h.articles) +
         " days:";
  for (int64_t n : h.articles_per_day) out += " " + std::to_string(n);
  out += " sources:";
  for (const Source& s : h.sources) {
    out += " " + s.url + "/" + ToString(s.kind) + "/" + ToString(s.origin) + "/" +
           (s.paused ? "paused" : "active");
  }
  out += " next_refresh=" + std::to_string(h.next_refresh_ms.value_or(-1));
  return out;
}

TEST_CASE("Postgres_CrawlFiguresReadTheSameAsSqlite", "[postgres]") {
  BothBackends both;
  if (!Fill(both.sqlite()) || !Fill(both.postgres())) return;
  if (!Crawl(both.sqlite()) || !Crawl(both.postgres())) return;

  for (const char* url :
       {"https://alpha.example/news/0", "https://alpha.example/private/x", "https://beta.example/gone",
        "https://news.example/later", "https://nowhere.example/"}) {
    auto a = both.postgres().GetPage(url);
    auto b = both.sqlite().GetPage(url);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    INFO(url);
    REQUIRE(a->has_value() == b->has_value());
    if (!a->has_value()) continue;
    const PageRecord& p = **a;
    const PageRecord& q = **b;
    CHECK(p.url == q.url);
    CHECK(p.host == q.host);
    CHECK(p.state == q.state);
    CHECK(p.kind == q.kind);
    CHECK(p.found_via == q.found_via);
    CHECK(p.page_kind == q.page_kind);
    CHECK(p.page_reason == q.page_reason);
    CHECK(p.attempts == q.attempts);
    CHECK(p.last_status == q.last_status);
    CHECK(p.last_error == q.last_error);
    CHECK(p.last_fetched_ms == q.last_fetched_ms);
    CHECK(p.next_due_ms == q.next_due_ms);
    CHECK(p.article_id.has_value() == q.article_id.has_value());
  }

  auto a = both.postgres().Stats();
  auto b = both.sqlite().Stats();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->urls_by_state == b->urls_by_state);
  CHECK(a->fetches_by_status == b->fetches_by_status);
  CHECK(a->pages_by_kind == b->pages_by_kind);
  auto hosts = [](const std::vector<HostPageCount>& counts) {
    std::vector<std::string> out;
    for (const HostPageCount& c : counts)
      out.push_back(c.host + " " + c.page_kind + " " + std::to_string(c.pages));
    return out;
  };
  CHECK(hosts(a->pages_by_host) == hosts(b->pages_by_host));
  CHECK(a->sources == b->sources);
  CHECK(a->hosts == b->hosts);

  for (auto [since, until] :
       {std::pair{int64_t{0}, kT0 + 100 * kHourMs}, std::pair{kT0 + 3000, kT0 + 5000}}) {
    auto s = both.postgres().GetServiceStatus(since, until);
    auto t = both.sqlite().GetServiceStatus(since, until);
    REQUIRE(s.ok());
    REQUIRE(t.ok());
    CHECK(s->urls_by_state == t->urls_by_state);
    CHECK(s->fetches_by_class == t->fetches_by_class);
    CHECK(s->fetched_bytes == t->fetched_bytes);
    CHECK(s->fetch_ms_median == t->fetch_ms_median);
    CHECK(s->fetch_ms_p90 == t->fetch_ms_p90);
    CHECK(s->articles == t->articles);
    CHECK(s->new_stories == t->new_stories);
    CHECK(s->exact_duplicates == t->exact_duplicates);
    CHECK(s->near_duplicates == t->near_duplicates);
    CHECK(s->lag_s_median == t->lag_s_median);
    CHECK(s->lag_s_p90 == t->lag_s_p90);
    CHECK(s->robots_denials == t->robots_denials);
    CHECK(s->hosts_in_backoff == t->hosts_in_backoff);
    CHECK(s->sources_active == t->sources_active);
    CHECK(s->sources_retired == t->sources_retired);
    CHECK(s->last_fetch_ms == t->last_fetch_ms);
    CHECK(s->pages_by_kind == t->pages_by_kind);
    CHECK(hosts(s->pages_by_host) == hosts(t->pages_by_host));
  }

  for (HealthQuery query :
       {HealthQuery{kT0 + 10 * kHourMs, 30, 0, 50}, HealthQuery{kT0 + 10 * kHourMs, 3, 2, 3}}) {
    auto s = both.postgres().ListHostHealth(query);
    auto t = both.sqlite().ListHostHealth(query);
    REQUIRE(s.ok());
    REQUIRE(t.ok());
    CHECK(s->total == t->total);
    std::vector<std::string> pg_hosts, sqlite_hosts;
    for (const HostHealth& h : s->hosts) pg_hosts.push_back(Describe(h));
    for (const HostHealth& h : t->hosts) sqlite_hosts.push_back(Describe(h));
    CHECK(pg_hosts == sqlite_hosts);
  }

  auto parts = both.postgres().BytesByPart();
  REQUIRE(parts.ok());
  std::map<std::string, int64_t> bytes(parts->begin(), parts->end());
  CHECK(bytes.size() == 7);
  for (const char* part : {"articles", "search index", "story index", "stories", "frontier", "fetch log"}) {
    INFO(part);
    CHECK(bytes[part] > 0);
  }
}

// A database of the server's with its own encoding and LC_CTYPE.
std::string DatabaseWith(const std::string& name, const std::string& encoding, const std::string& ctype) {
  PostgresServer& server = PostgresServer::Shared();
  PGconn* conn = PQconnectdb(server.Uri("postgres").c_str());
  std::string sql = "CREATE DATABASE " + name + " ENCODING '" + encoding + "' LC_COLLATE '" + ctype +
                    "' LC_CTYPE '" + ctype + "' TEMPLATE template0";
  PGresult* result = PQexec(conn, sql.c_str());
  bool made = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string error = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  if (!made) FAIL(sql << ": " << error);
  return server.Uri(name);
}

TEST_CASE("Postgres_ArabicSearchNeedsAUtf8DatabaseNotAUtf8Locale", "[postgres]") {
  // LC_CTYPE C: PostgreSQL's parser counts every non-ASCII character as a
  // letter, which is right for NormalizeText's output.
  {
    auto store = OpenStore(DatabaseWith("ctype_c", "UTF8", "C"));
    REQUIRE(store.ok());
    if (!Fill(**store)) return;
    SearchQuery q;
    q.text = "الخَارِجِيَّة";
    auto hits = (*store)->Search(q);
    REQUIRE(hits.ok());
    CHECK(hits->size() >= 5);
  }
  // SQL_ASCII: no Arabic letter is a letter; search says why it cannot work.
  auto store = OpenStore(DatabaseWith("ascii_only", "SQL_ASCII", "C"));
  REQUIRE(store.ok());
  if (!Fill(**store)) return;
  SearchQuery q;
  q.text = "الخارجية";
  auto hits = (*store)->Search(q);
  REQUIRE_FALSE(hits.ok());
  CHECK(hits.status().message().find("UTF8") != std::string::npos);
}

}  // namespace
}  // namespace wirecrawl
