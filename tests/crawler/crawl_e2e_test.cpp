// End-to-end: `wirecrawl crawl` over the demo news web (examples/demo-site/)
// served by its serve.py on loopback, started and stopped by the test. What
// the crawl must find is examples/demo-site/expected.json.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"
#include "tests/support/demo_site_server.h"

extern char** environ;

namespace wirecrawl::testing {
namespace {

const std::vector<std::string> kDemoHosts = {"alpha-news.test", "beta-daily.test", "gamma-times.test",
                                             "delta-post.test"};

nlohmann::json Expected() {
  std::ifstream in(DemoSiteDir() / "expected.json");
  return nlohmann::json::parse(in);
}

// Rows of a query on the crawl's database, each as strings.
std::vector<std::vector<std::string>> Query(const std::string& db_path, const std::string& sql) {
  QueryResult result = ReadDatabase(db_path, sql);
  INFO(sql << ": " << result.error);
  REQUIRE(result.ok);
  return result.rows;
}

// demo.toml with robots.txt's Crawl-delay capped at its min_delay (0.2 s):
// delta-post.test's Crawl-delay: 1 would make each crawl take 10 s or more.
// Only the test that checks the spacing of requests crawls with the real one.
std::string DemoConfigCrawlDelayCapped() {
  static const TempDir dir;
  static const std::string path = [] {
    std::string toml = ReadWholeFile(DemoSiteDir() / "demo.toml");
    size_t section = toml.find("\n[politeness]\n");
    REQUIRE(section != std::string::npos);
    toml.insert(section + std::string("\n[politeness]\n").size(), "max_crawl_delay = 0.2\n");
    std::ofstream(dir / "demo.toml") << toml;
    return (dir / "demo.toml").string();
  }();
  return path;
}

enum class CrawlDelay { kCapped, kAsInRobotsTxt };

std::string CrawlArgs(const std::string& db, const DemoSiteServer& server,
                      CrawlDelay delay = CrawlDelay::kCapped) {
  std::string config =
      delay == CrawlDelay::kCapped ? DemoConfigCrawlDelayCapped() : (DemoSiteDir() / "demo.toml").string();
  return "crawl --json --no-progress --config '" + config + "' --db '" + db + "'" +
         server.ConnectToArgs(kDemoHosts);
}

std::string CrawlArgs(const TempDir& dir, const DemoSiteServer& server,
                      CrawlDelay delay = CrawlDelay::kCapped) {
  return CrawlArgs((dir / "demo.db").string(), server, delay);
}

size_t ArticlesIn(const std::string& db) {
  return std::stoul(Query(db, "SELECT count(*) FROM articles")[0][0]);
}

}  // namespace

TEST_CASE("DemoSite_CrawlMatchesExpectedJson", "[crawl][e2e]") {
  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  nlohmann::json expected = Expected();
  std::string db = (dir / "demo.db").string();

  CommandResult first = RunWirecrawl(CrawlArgs(dir, server, CrawlDelay::kAsInRobotsTxt));
  INFO(first.err);
  REQUIRE(first.status == 0);
  nlohmann::json summary = nlohmann::json::parse(first.out);
  std::vector<ServedRequest> requests = server.Requests();
  REQUIRE(!requests.empty());

  std::map<std::string, std::vector<ServedRequest>> by_host;
  for (const ServedRequest& r : requests) by_host[r.host].push_back(r);

  {  // robots.txt comes first on every host and its Disallow'd paths are never requested
    for (const std::string& host : kDemoHosts) {
      REQUIRE(!by_host[host].empty());
      CHECK(by_host[host].front().path == "/robots.txt");
    }
    for (const ServedRequest& r : requests) {
      INFO(r.host << r.path);
      CHECK(r.path.rfind("/private/", 0) != 0);
      CHECK(r.user_agent.find("wirecrawl") != std::string::npos);
    }
    CHECK(summary["robots_denied"].get<int>() >= static_cast<int>(expected["never_fetch_linked"].size()));
  }

  {  // one request at a time per host, spaced by min_delay or the robots Crawl-delay
    for (const auto& [host, list] : by_host) {
      double delay =
          expected["crawl_delay"].contains(host) ? expected["crawl_delay"][host].get<double>() : 0.2;
      for (size_t i = 1; i < list.size(); ++i) {
        INFO(host << " " << list[i - 1].path << " -> " << list[i].path);
        CHECK(list[i].time - list[i - 1].time >= delay - 0.05);
      }
    }
  }

  {  // every article is reached through sitemaps, feeds or links, and only articles are stored
    CommandResult exported = RunWirecrawl("export --db '" + db + "'");
    REQUIRE(exported.status == 0);
    std::map<std::string, nlohmann::json> stored;
    std::istringstream lines(exported.out);
    for (std::string line; std::getline(lines, line);) {
      nlohmann::json a = nlohmann::json::parse(line);
      stored[a["url"].get<std::string>()] = a;
    }
    std::set<std::string> want;
    for (const auto& a : expected["articles"]) want.insert(a["url"].get<std::string>());
    for (const std::string& url : want) {
      INFO("missing article " << url);
      CHECK(stored.count(url) == 1);
    }
    for (const auto& [url, a] : stored) {
      INFO("stored a non-article " << url);
      CHECK(want.count(url) == 1);
    }

    // Wire copies share a story; everything else is a story of its own.
    std::map<std::string, std::set<int64_t>> stories_of_group;
    std::set<int64_t> distinct;
    for (const auto& a : expected["articles"]) {
      std::string url = a["url"].get<std::string>();
      if (!stored.count(url)) continue;
      int64_t story = stored[url]["story"].get<int64_t>();
      if (a["story"].is_null()) {
        INFO(url << " should be a story of its own");
        CHECK(distinct.insert(story).second);
      } else {
        stories_of_group[a["story"].get<std::string>()].insert(story);
      }
    }
    for (const auto& [group, ids] : stories_of_group) {
      INFO(group);
      CHECK(ids.size() == 1);
      CHECK(distinct.insert(*ids.begin()).second);
    }
  }

  {  // 404s fail without retries, redirects land on their target, traps stay small
    for (const auto& url : expected["not_found"]) {
      auto rows = Query(
          db, "SELECT state, last_status, attempts FROM urls WHERE url = '" + url.get<std::string>() + "'");
      INFO(url);
      REQUIRE(rows.size() == 1);
      CHECK(rows[0][0] == "failed");
      CHECK(rows[0][1] == "404");
      CHECK(rows[0][2] == "1");
    }
    for (const auto& r : expected["redirects"]) {
      std::string from = r["from"].get<std::string>();
      std::string to = r["to"].get<std::string>();
      auto fetched = Query(
          db, "SELECT u.state, f.redirects FROM urls u JOIN fetches f ON f.url_id = u.id WHERE u.url = '" +
                  from + "'");
      bool followed = std::any_of(fetched.begin(), fetched.end(),
                                  [&](const auto& row) { return row[1].find(to) != std::string::npos; });
      bool reached_directly =
          !Query(db, "SELECT 1 FROM urls WHERE url = '" + to + "' AND state = 'done'").empty();
      INFO(from << " -> " << to);
      CHECK((followed || reached_directly));
      CHECK(Query(db, "SELECT 1 FROM articles WHERE url = '" + from + "'").empty());
    }
    for (const auto& trap : expected["traps"]) {
      std::string host = trap["host"].get<std::string>();
      long calendar = std::count_if(by_host[host].begin(), by_host[host].end(), [](const ServedRequest& r) {
        return r.path.rfind("/calendar/", 0) == 0;
      });
      INFO(host << " calendar requests: " << calendar);
      CHECK(calendar <= 30);
    }
    CHECK(Query(db, "PRAGMA integrity_check")[0][0] == "ok");
    CHECK(Query(db, "SELECT count(*) FROM urls WHERE state = 'fetching'")[0][0] == "0");
  }

  {  // a second run asks conditionally, gets 304s and stores nothing twice
    std::string articles_before = Query(db, "SELECT count(*) FROM articles")[0][0];
    size_t before = requests.size();
    CommandResult second = RunWirecrawl(CrawlArgs(dir, server));
    INFO(second.err);
    REQUIRE(second.status == 0);
    nlohmann::json again = nlohmann::json::parse(second.out);
    CHECK(again["articles"].get<int>() == 0);
    CHECK(again["not_modified"].get<int>() >= static_cast<int>(kDemoHosts.size()));
    std::vector<ServedRequest> all = server.Requests();
    REQUIRE(all.size() > before);
    for (size_t i = before; i < all.size(); ++i) {
      INFO(all[i].host << all[i].path);
      CHECK(all[i].path != "/robots.txt");  // cached for 24 h
      CHECK(all[i].status == 304);
    }
    CHECK(Query(db, "SELECT count(*) FROM articles")[0][0] == articles_before);
  }
}

TEST_CASE("CliDoc_CtrlCStopsCleanly_AndTheSameCommandResumes", "[crawl][e2e]") {
  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  std::string db = (dir / "demo.db").string();
  size_t want = Expected()["articles"].size();

  pid_t crawl = SpawnWirecrawl(CrawlArgs(dir, server), dir / "first.out");
  // Stop it once it is well under way (a few articles in).
  for (int i = 0; i < 200 && server.Requests().size() < 25; ++i) usleep(50'000);
  REQUIRE(kill(crawl, SIGINT) == 0);
  REQUIRE(WaitExit(crawl) == 130);  // 128 + SIGINT, after a clean stop (man page, EXIT STATUS)
  nlohmann::json first = nlohmann::json::parse(ReadWholeFile(dir / "first.out"));
  CHECK(first["interrupted"].get<bool>());
  CHECK(Query(db, "SELECT count(*) FROM urls WHERE state = 'fetching'")[0][0] == "0");
  size_t after_first = ArticlesIn(db);
  CHECK(after_first < want);

  CommandResult second = RunWirecrawl(CrawlArgs(dir, server));
  REQUIRE(second.status == 0);
  CHECK(ArticlesIn(db) == want);
  // Nothing but the sources (re-read conditionally) was fetched twice.
  std::map<std::string, int> full_fetches;
  for (const ServedRequest& r : server.Requests()) {
    if (r.status == 200 && r.path.find("calendar") == std::string::npos) ++full_fetches[r.host + r.path];
  }
  for (const auto& [page, count] : full_fetches) {
    INFO(page);
    CHECK(count == 1);
  }
}

std::set<std::string> StoredUrls(const std::string& db) {
  std::set<std::string> urls;
  if (!HasSchema(db)) return urls;  // killed before its first transaction committed
  for (const auto& row : Query(db, "SELECT url FROM articles")) urls.insert(row[0]);
  return urls;
}

// Crash safety: SIGKILL at random moments, 20 times, restarting each time.
TEST_CASE("CrashSafety_CrawlSigkilledTwentyTimes_LosesNothingAndCompletes", "[crawl][e2e][crash]") {
  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  std::string db = (dir / "demo.db").string();
  size_t want = Expected()["articles"].size();
  std::set<std::string> committed;
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    pid_t crawl = SpawnWirecrawl(CrawlArgs(dir, server), dir / "out");
    usleep(static_cast<useconds_t>(100'000 + rng() % 700'000));
    kill(crawl, SIGKILL);
    WaitExit(crawl);
    INFO("round " << round);
    if (!std::filesystem::exists(db)) continue;  // killed before it created the file
    REQUIRE(Query(db, "PRAGMA integrity_check")[0][0] == "ok");
    std::set<std::string> now = StoredUrls(db);
    CHECK(std::includes(now.begin(), now.end(), committed.begin(), committed.end()));
    committed = std::move(now);
  }
  CommandResult last = RunWirecrawl(CrawlArgs(dir, server));
  INFO(last.err);
  REQUIRE(last.status == 0);
  CHECK(ArticlesIn(db) == want);
  CHECK(Query(db, "SELECT count(*) FROM (SELECT url FROM articles GROUP BY url HAVING count(*) > 1)")[0][0] ==
        "0");
  CHECK(Query(db, "SELECT count(*) FROM (SELECT url FROM urls GROUP BY url HAVING count(*) > 1)")[0][0] ==
        "0");
  CHECK(
      Query(
          db,
          "SELECT count(*) FROM (SELECT article_id FROM fingerprints GROUP BY article_id HAVING count(*) > 1)")
          [0][0] == "0");
  CHECK(Query(db, "SELECT count(*) FROM urls WHERE state IN ('queued', 'fetching')")[0][0] == "0");
  CHECK(Query(db, "PRAGMA integrity_check")[0][0] == "ok");
  CHECK(Query(db, "PRAGMA foreign_key_check").empty());
}

// A full disk (here a file-size limit) is a clear error and a
// non-zero exit, never a corrupt file; with room again the crawl completes.
TEST_CASE("DiskFull_FileSizeLimit_IsAClearErrorAndCorruptsNothing", "[crawl][e2e][crash]") {
  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  std::string db = (dir / "demo.db").string();
  CommandResult full = RunCommandLine("/bin/bash -c \"ulimit -f 120; exec '" + std::string(WIRECRAWL_BINARY) +
                                      "' " + CrawlArgs(dir, server) + "\"");
  INFO(full.err);
  CHECK(full.status == 3);
  // SQLite reports the short write as "disk I/O error" or "database or disk
  // is full" with no errno; the message says what limits the writes.
  CHECK((full.err.find("disk I/O error") != std::string::npos ||
         full.err.find("is full") != std::string::npos));
  CHECK(full.err.find("may not write files over 122880 bytes (RLIMIT_FSIZE") != std::string::npos);
  CHECK(full.err.find("demo.db") != std::string::npos);
  CHECK(Query(db, "PRAGMA integrity_check")[0][0] == "ok");

  CommandResult again = RunWirecrawl(CrawlArgs(dir, server));
  INFO(again.err);
  CHECK(again.status == 0);
  CHECK(ArticlesIn(db) == Expected()["articles"].size());
  CHECK(Query(db, "PRAGMA integrity_check")[0][0] == "ok");
}

// A full file system (a 160 KiB tmpfs, mounted in a private mount
// namespace) is exit 3 with the free space named, and the database as the
// full disk left it passes the integrity check. Root (CI) gets the namespace
// with `unshare --mount`; any other user through a user namespace that maps
// it to root inside, where the kernel allows unprivileged ones. Where neither
// can mount, the test fails and says why: it is never skipped.
TEST_CASE("DiskFull_FullFileSystem_IsAClearErrorAndCorruptsNothing", "[crawl][e2e][crash]") {
  TempDir dir;
  const std::string unshare = geteuid() == 0 ? "unshare --mount" : "unshare --user --map-root-user --mount";
  const std::string probe_dir = (dir / "probe").string();
  std::filesystem::create_directory(probe_dir);
  CommandResult probe =
      RunCommandLine(unshare + " /bin/sh -c \"mount -t tmpfs -o size=16k tmpfs '" + probe_dir + "'\"");
  if (probe.status != 0) {
    FAIL("cannot mount a tmpfs in a private mount namespace with `"
         << unshare << "` (exit " << probe.status << ": " << probe.err
         << "); run as root, or allow unprivileged user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0)");
  }
  DemoSiteServer server(dir / "requests.jsonl");
  const std::string tiny = (dir / "tiny").string();
  const std::string copy = (dir / "copy").string();
  std::filesystem::create_directory(tiny);
  std::filesystem::create_directory(copy);
  const std::string crawl = std::string("'") + WIRECRAWL_BINARY + "' " + CrawlArgs(tiny + "/demo.db", server);
  // The tmpfs ends with the namespace: the database files are copied out
  // first, as the crawl left them.
  CommandResult full = RunCommandLine(unshare + " /bin/bash -c \"mount -t tmpfs -o size=160k tmpfs '" + tiny +
                                      "' || exit 99; " + crawl + "; status=\\$?; cp '" + tiny +
                                      "'/demo.db* '" + copy + "'/; exit \\$status\"");
  INFO(full.err);
  REQUIRE(full.status != 99);
  CHECK(full.status == 3);
  CHECK(full.err.find("is full") != std::string::npos);
  CHECK(full.err.find("bytes free on its file system") != std::string::npos);
  CHECK(full.err.find("demo.db") != std::string::npos);
  REQUIRE(std::filesystem::exists(copy + "/demo.db"));
  CHECK(Query(copy + "/demo.db", "PRAGMA integrity_check")[0][0] == "ok");
}

namespace {

// Root writes through file modes (CAP_DAC_OVERRIDE); CI runs the tests as
// root. The binary then runs with that capability, and its neighbours, out
// of its bounding set, so that modes bind it as they bind any other user.
std::string AsOrdinaryUserPrefix() {
  if (geteuid() != 0) return "";
  return "setpriv --bounding-set -dac_override,-dac_read_search,-fowner,-linux_immutable ";
}

CommandResult RunWirecrawlAsOrdinaryUser(const std::string& args) {
  return RunCommandLine(AsOrdinaryUserPrefix() + "'" + WIRECRAWL_BINARY + "' " + args);
}

// A database the process may not write is a clear error at the
// start and exit code 3; the file is left byte for byte as it was, and it
// can still be queried.
TEST_CASE("ReadOnly_DatabaseOrItsDirectory_IsAClearErrorAndLeavesTheFileAsItWas", "[crawl][e2e][crash]") {
  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  std::string db = (dir / "demo.db").string();
  CommandResult first = RunWirecrawl(CrawlArgs(dir, server));
  INFO(first.err);
  REQUIRE(first.status == 0);
  REQUIRE(ArticlesIn(db) == Expected()["articles"].size());
  REQUIRE(!std::filesystem::exists(db + "-wal"));  // all closed cleanly: checkpointed
  std::string before = ReadWholeFile(db);

  SECTION("the file is read-only") {
    std::filesystem::permissions(db, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                         std::filesystem::perms::others_read);
    CommandResult crawl = RunWirecrawlAsOrdinaryUser(CrawlArgs(dir, server));
    INFO(crawl.err);
    CHECK(crawl.status == 3);
    CHECK(crawl.err.find("demo.db") != std::string::npos);
    CHECK(crawl.err.find("read-only") != std::string::npos);
    // Readers still work on it.
    CommandResult stats = RunWirecrawlAsOrdinaryUser("stats --json --db '" + db + "'");
    INFO(stats.err);
    CHECK(stats.status == 0);
    CHECK(nlohmann::json::parse(stats.out)["articles"].get<size_t>() == Expected()["articles"].size());
  }
  SECTION("its directory is read-only, so the write-ahead log cannot be created") {
    std::filesystem::permissions(dir.path(),
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    CommandResult crawl = RunWirecrawlAsOrdinaryUser(CrawlArgs(dir, server));
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
    INFO(crawl.err);
    CHECK(crawl.status == 3);
    CHECK(crawl.err.find("demo.db") != std::string::npos);
    CHECK(crawl.err.find("read-only") != std::string::npos);
  }
  std::filesystem::permissions(db, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  CHECK(ReadWholeFile(db) == before);
  CHECK(Query(db, "PRAGMA integrity_check")[0][0] == "ok");
}

// The address policy refuses loopback unless allowed. The start
// URL then fails at once with the reason (and how to allow it), instead of
// waiting in the queue for a robots.txt that can never be fetched; allowed,
// the same command crawls it.
TEST_CASE("AddressPolicy_RefusedAddressFailsTheHostsUrlsWithTheReason", "[crawl][e2e]") {
  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  std::string db = (dir / "loopback.db").string();
  std::string start = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  CommandResult refused = RunWirecrawl("crawl --json --no-progress --db '" + db + "' " + start);
  INFO(refused.err);
  CHECK(refused.status == 1);  // the start URL failed for good (man page, EXIT STATUS)
  CHECK(refused.err.find("wirecrawl crawl: " + start + ": ") != std::string::npos);
  CHECK(refused.err.find("refused by the address policy") != std::string::npos);
  CHECK(refused.err.find("--allow-network") != std::string::npos);
  nlohmann::json summary = nlohmann::json::parse(refused.out);
  CHECK(summary["errors"] == 1);
  CHECK(summary["fetched"] == 0);
  auto rows = Query(db, "SELECT state, last_error FROM urls WHERE url = '" + start + "'");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "failed");
  CHECK(rows[0][1].find("address policy") != std::string::npos);
  CHECK(Query(db, "SELECT count(*) FROM urls WHERE state IN ('queued', 'fetching')")[0][0] == "0");
  CHECK(Query(db, "SELECT count(*) FROM hosts WHERE robots_fetched_ms IS NOT NULL")[0][0] == "0");

  CommandResult allowed = RunWirecrawl(
      "crawl --json --no-progress --max-pages 3 --allow-network 127.0.0.1/32 --db '" + db + "' " + start);
  INFO(allowed.err);
  // Fetched now: the demo server has no site 127.0.0.1, and the start URL's
  // 404 is a failed input.
  CHECK(allowed.status == 1);
  CHECK(allowed.err.find("wirecrawl crawl: " + start + ": HTTP 404") != std::string::npos);
  CHECK(nlohmann::json::parse(allowed.out)["fetched"].get<int>() >= 1);
}

}  // namespace
// The CPU work of each page runs on a pool of workers, in whatever order
// they finish; stories are assigned on the one writer thread. The result
// must not depend on the number of workers: the same crawl stores the same
// articles and groups them into the same stories (story ids may differ)
// with 1, 2 and 8 workers (8 oversubscribes this 2-core machine).
TEST_CASE("Crawl_ResultsDoNotDependOnTheWorkerCount", "[crawl][e2e]") {
  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  std::set<std::set<std::set<std::string>>> partitions;
  std::set<std::set<std::string>> article_sets;
  for (int workers : {1, 2, 8}) {
    std::string db = (dir / ("workers" + std::to_string(workers) + ".db")).string();
    CommandResult crawl = RunWirecrawl(CrawlArgs(db, server) + " --workers " + std::to_string(workers));
    INFO("--workers " << workers << ": " << crawl.err);
    REQUIRE(crawl.status == 0);
    std::map<std::string, std::set<std::string>> stories;
    std::set<std::string> articles;
    for (const auto& row : Query(db, "SELECT story_id, url FROM articles")) {
      stories[row[0]].insert(row[1]);
      articles.insert(row[1]);
    }
    std::set<std::set<std::string>> partition;
    for (auto& [id, urls] : stories) partition.insert(std::move(urls));
    CHECK(articles.size() == Expected()["articles"].size());
    article_sets.insert(std::move(articles));
    partitions.insert(std::move(partition));
  }
  CHECK(article_sets.size() == 1);
  CHECK(partitions.size() == 1);
}

}  // namespace wirecrawl::testing
