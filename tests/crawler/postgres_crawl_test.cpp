// Several `wirecrawl crawl` processes on one PostgreSQL database form one
// crawl (store/postgres/: hosts leased to one process at a time, one story
// index), end to end over the demo news web (examples/demo-site/, its
// serve.py logging every request with its time):
// - three processes store the same articles, once each, in the same
//   stories as a one-process SQLite crawl, and no two requests to a host
//   are closer than its delay, whichever process sent them;
// - one of three SIGKILLed mid-crawl: the others finish the crawl once its
//   host leases expire, and nothing is lost or stored twice.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"
#include "tests/support/demo_site_server.h"
#include "tests/support/postgres_server.h"

extern char** environ;

namespace wirecrawl::testing {
namespace {

const std::vector<std::string> kDemoHosts = {"alpha-news.test", "beta-daily.test", "gamma-times.test",
                                             "delta-post.test"};
constexpr double kMinDelay = 0.3;  // seconds, [politeness] min_delay below

void WriteConfig(const std::filesystem::path& path) {
  std::ofstream(path) << "[sources]\nseeds = [\"http://alpha-news.test/\", \"http://beta-daily.test/\", "
                         "\"http://gamma-times.test/\", \"http://delta-post.test/\"]\n"
                         "[scope]\nmax_pages = 500\n"
                         "[politeness]\nmin_delay = "
                      << kMinDelay
                      << "\n[network]\nallow = [\"127.0.0.1/32\"]\n"
                         "[cluster]\nhost_lease = \"2s\"\n";
}

std::string CrawlArgs(const std::filesystem::path& config, const std::string& db,
                      const DemoSiteServer& server) {
  return "crawl --json --no-progress --config '" + config.string() + "' --db '" + db + "'" +
         server.ConnectToArgs(kDemoHosts);
}

std::set<std::string> ArticleUrls(const std::string& db) {
  std::set<std::string> urls;
  for (const auto& row : ReadDatabase(db, "SELECT url FROM articles").rows) urls.insert(row[0]);
  return urls;
}

// The stories as sets of article URLs (story ids differ between databases).
std::set<std::set<std::string>> Stories(const std::string& db) {
  std::map<std::string, std::set<std::string>> by_story;
  for (const auto& row : ReadDatabase(db, "SELECT story_id, url FROM articles").rows) {
    by_story[row[0]].insert(row[1]);
  }
  std::set<std::set<std::string>> out;
  for (auto& [id, urls] : by_story) out.insert(std::move(urls));
  return out;
}

// Every gap between two requests to one host, against the host's delay.
int CheckPoliteness(const DemoSiteServer& server) {
  const std::map<std::string, double> delay = {{"alpha-news.test", kMinDelay},
                                               {"beta-daily.test", kMinDelay},
                                               {"gamma-times.test", kMinDelay},
                                               {"delta-post.test", 1.0}};  // its robots.txt Crawl-delay
  // The server logs a request when it answers it; loopback keeps that
  // within a few ms of when the crawler sent it.
  constexpr double kClockSlack = 0.02;
  int checked = 0;
  for (const auto& [host, times] : server.RequestTimesByHost()) {
    REQUIRE(delay.count(host));
    for (size_t i = 1; i < times.size(); ++i) {
      INFO(host << ": requests " << i - 1 << " and " << i << " are " << times[i] - times[i - 1]
                << " s apart");
      CHECK(times[i] - times[i - 1] >= delay.at(host) - kClockSlack);
      ++checked;
    }
  }
  return checked;
}

// The one-process SQLite crawl the shared one must equal.
std::string ReferenceCrawl(const TempDir& dir) {
  DemoSiteServer server(dir.path() / "reference-requests.jsonl");
  const std::string db = (dir.path() / "reference.db").string();
  CommandResult r = RunWirecrawl(CrawlArgs(dir.path() / "crawl.toml", db, server));
  INFO(r.err);
  REQUIRE(r.status == 0);
  return db;
}

}  // namespace

TEST_CASE("Postgres_ThreeCrawlProcessesOnOneDatabase_SameArticlesAndStoriesAsOneSqliteCrawl_PoliteAcrossThem",
          "[crawl][e2e][postgres]") {
  TempDir dir;
  WriteConfig(dir.path() / "crawl.toml");
  const std::string reference = ReferenceCrawl(dir);
  const std::set<std::string> expected = ArticleUrls(reference);
  REQUIRE(expected.size() >= 10);

  PostgresServer& postgres = PostgresServer::Shared();
  const std::string db = postgres.NewDatabase();
  DemoSiteServer server(dir.path() / "requests.jsonl");
  const std::string args = CrawlArgs(dir.path() / "crawl.toml", db, server);
  std::vector<pid_t> workers;
  for (int i = 0; i < 3; ++i)
    workers.push_back(SpawnWirecrawl(args, dir.path() / ("worker" + std::to_string(i))));
  int fetching_workers = 0;
  for (size_t i = 0; i < workers.size(); ++i) {
    int status = WaitExit(workers[i]);
    std::string out = ReadWholeFile(dir.path() / ("worker" + std::to_string(i)));
    INFO("worker " << i << ": " << out);
    CHECK(status == 0);
    if (out.find("\"fetched\":0,") == std::string::npos) ++fetching_workers;
  }
  CHECK(fetching_workers >= 2);  // the hosts were shared, not all taken by the first

  CHECK(ArticleUrls(db) == expected);
  CHECK(ReadCount(db, "SELECT count(*) FROM articles") == static_cast<int64_t>(expected.size()));
  CHECK(Stories(db) == Stories(reference));
  CHECK(ReadCount(db, "SELECT count(*) FROM urls WHERE state IN ('queued', 'fetching')") == 0);
  CHECK(ReadCount(db, "SELECT count(*) FROM hosts WHERE lease_owner IS NOT NULL") == 0);  // released at exit
  CHECK(CheckPoliteness(server) >= 40);
}

TEST_CASE("Postgres_OneOfThreeCrawlProcessesSigkilled_TheOthersFinishAfterItsLeasesExpire_NothingLostOrTwice",
          "[crawl][e2e][postgres][crash]") {
  TempDir dir;
  WriteConfig(dir.path() / "crawl.toml");
  const std::string reference = ReferenceCrawl(dir);
  const std::set<std::string> expected = ArticleUrls(reference);

  PostgresServer& postgres = PostgresServer::Shared();
  const std::string db = postgres.NewDatabase();
  DemoSiteServer server(dir.path() / "requests.jsonl");
  const std::string args = CrawlArgs(dir.path() / "crawl.toml", db, server);
  std::vector<pid_t> workers;
  for (int i = 0; i < 3; ++i)
    workers.push_back(SpawnWirecrawl(args, dir.path() / ("worker" + std::to_string(i))));
  // Mid-crawl: it holds host leases and has requests in flight.
  usleep(1'500'000);
  kill(workers[0], SIGKILL);
  CHECK(WaitExit(workers[0]) == -SIGKILL);
  for (size_t i = 1; i < workers.size(); ++i) {
    int status = WaitExit(workers[i]);
    INFO("worker " << i << ": " << ReadWholeFile(dir.path() / ("worker" + std::to_string(i))));
    CHECK(status == 0);
  }
  CHECK(ArticleUrls(db) == expected);
  CHECK(ReadCount(db, "SELECT count(*) FROM articles") == static_cast<int64_t>(expected.size()));
  CHECK(Stories(db) == Stories(reference));
  CHECK(ReadCount(db, "SELECT count(*) FROM urls WHERE state IN ('queued', 'fetching')") == 0);
  CheckPoliteness(server);
}

TEST_CASE("Postgres_MigrateRoundTrip_CrawlInSqliteMoveToPostgresAndContinue_NothingLost",
          "[crawl][e2e][postgres][migrate]") {
  TempDir dir;
  WriteConfig(dir.path() / "crawl.toml");
  const std::string reference = ReferenceCrawl(dir);
  const std::set<std::string> expected = ArticleUrls(reference);

  // Part of the crawl on one machine, in SQLite.
  DemoSiteServer server(dir.path() / "requests.jsonl");
  const std::string sqlite = (dir.path() / "part.db").string();
  CommandResult part = RunWirecrawl(CrawlArgs(dir.path() / "crawl.toml", sqlite, server) + " --max-pages 15");
  INFO(part.err);
  REQUIRE(part.status == 0);
  const int64_t part_articles = ReadCount(sqlite, "SELECT count(*) FROM articles");
  REQUIRE(part_articles > 0);
  REQUIRE(part_articles < static_cast<int64_t>(expected.size()));
  REQUIRE(ReadCount(sqlite, "SELECT count(*) FROM urls WHERE state = 'queued'") > 0);

  // Moved, with its ids, stories and frontier.
  const std::string db = PostgresServer::Shared().NewDatabase();
  CommandResult moved = RunWirecrawl("migrate --json --from '" + sqlite + "' --to '" + db + "'");
  INFO(moved.out << moved.err);
  REQUIRE(moved.status == 0);
  CHECK(ReadCount(db, "SELECT count(*) FROM articles") == part_articles);
  CHECK(ReadDatabase(db, "SELECT id, url, story_id FROM articles ORDER BY id").rows ==
        ReadDatabase(sqlite, "SELECT id, url, story_id FROM articles ORDER BY id").rows);
  CHECK(ReadCount(db, "SELECT count(*) FROM urls") == ReadCount(sqlite, "SELECT count(*) FROM urls"));
  // Run again (as after an interruption): nothing is copied twice.
  CommandResult again = RunWirecrawl("migrate --json --from '" + sqlite + "' --to '" + db + "'");
  INFO(again.out << again.err);
  CHECK(again.status == 0);
  CHECK(ReadCount(db, "SELECT count(*) FROM articles") == part_articles);
  // Search works on what was moved.
  CommandResult search = RunWirecrawl("search --json --db '" + db + "' the");
  CHECK(search.status == 0);

  // The crawl goes on from PostgreSQL and ends as the one-process crawl did.
  CommandResult rest = RunWirecrawl(CrawlArgs(dir.path() / "crawl.toml", db, server));
  INFO(rest.err);
  REQUIRE(rest.status == 0);
  CHECK(ArticleUrls(db) == expected);
  CHECK(Stories(db) == Stories(reference));
  CHECK(ReadCount(db, "SELECT count(*) FROM urls WHERE state IN ('queued', 'fetching')") == 0);

  // A database that holds another crawl is not a target.
  CommandResult refused = RunWirecrawl("migrate --from '" + reference + "' --to '" + db + "'");
  CHECK(refused.status == 2);
  CHECK(refused.err.find("migrated from") != std::string::npos);
}

// Three `wirecrawl ingest` processes store 50 copies of one wire story (one
// seed text, each copy on its own site with a line of its own) at the same
// moment: one story, not one per process.
TEST_CASE("Postgres_ThreeIngestProcessesStoringCopiesOfOneWireStoryAtOnce_MakeOneStory",
          "[ingest][e2e][postgres]") {
  TempDir dir;
  std::string text;
  {
    std::ifstream seed(std::filesystem::path(WIRECRAWL_TEST_DATA) / "seeds" / "000_4ee4f963b7449bfb.txt");
    for (std::string line; std::getline(seed, line);) {
      if (!line.empty()) text += "<p>" + line + "</p>\n";
    }
  }
  REQUIRE(text.size() > 1000);
  std::vector<std::string> lists(3);
  for (int i = 0; i < 50; ++i) {
    const std::string site = "site" + std::to_string(i) + ".example";
    const std::filesystem::path page = dir.path() / ("copy" + std::to_string(i) + ".html");
    std::ofstream(page) << "<!doctype html><html lang=ar><head><meta charset=utf-8><title>Wire copy</title>"
                           "<link rel=canonical href='https://"
                        << site << "/wire/story.html'></head><body><article><h1>Wire copy</h1>" << text
                        << "<p>" << site << " " << i << "</p></article></body></html>";
    lists[i % 3] += " '" + page.string() + "'";
  }
  const std::string db = PostgresServer::Shared().NewDatabase();
  std::vector<pid_t> workers;
  for (int i = 0; i < 3; ++i) {
    workers.push_back(SpawnWirecrawl("ingest -q -j 2 --db '" + db + "'" + lists[i],
                                     dir.path() / ("ingest" + std::to_string(i))));
  }
  for (size_t i = 0; i < workers.size(); ++i) {
    int status = WaitExit(workers[i]);
    INFO("ingest " << i << ": " << ReadWholeFile(dir.path() / ("ingest" + std::to_string(i))));
    CHECK(status == 0);
  }
  CHECK(ReadCount(db, "SELECT count(*) FROM articles") == 50);
  CHECK(ReadCount(db, "SELECT count(DISTINCT story_id) FROM articles") == 1);
  CHECK(ReadCount(db, "SELECT member_count FROM stories") == 50);
}

}  // namespace wirecrawl::testing
