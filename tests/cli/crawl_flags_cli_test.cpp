// The operator's flags of `wirecrawl crawl` (man page, `crawl --help`):
// URL lists from a file or standard input, --user-agent, --cacert, and the
// global -q/-v log-level shortcuts, run with the real binary against a
// loopback server.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "tests/cli/run_binary.h"
#include "tests/support/loopback_http_server.h"

namespace wirecrawl::testing {
namespace {

CannedResponse Page(std::string body) {
  return CannedResponse{.status = 200, .headers = {{"Content-Type", "text/html"}}, .body = std::move(body)};
}

std::string CrawlArgs(const TempDir& dir) {
  return "crawl --json --no-progress --allow-network 127.0.0.1/32 --db '" + (dir / "flags.db").string() +
         "' ";
}

std::set<std::string> PathsRequested(const LoopbackHttpServer& server) {
  std::set<std::string> paths;
  for (const RecordedRequest& r : server.Requests()) paths.insert(r.path);
  return paths;
}

}  // namespace

TEST_CASE("CliDoc_CrawlUrlsFromFileAndStandardInput_AreStartUrls", "[cli][crawl]") {
  TempDir dir;
  LoopbackHttpServer server;
  for (const char* path : {"/a", "/b", "/c", "/d"}) server.Serve(path, Page("<p>hub</p>"));
  std::ofstream(dir / "urls.txt") << "# start pages\n"
                                  << server.Url("/a") << "\n\n   " << server.Url("/b")
                                  << "   \n\t# indented comment\r\n";
  std::ofstream(dir / "stdin.txt") << server.Url("/c") << "\n";
  CommandResult run = RunWirecrawl(
      CrawlArgs(dir) + "--urls-from '" + (dir / "urls.txt").string() + "' - '" + server.Url("/d") + "'",
      (dir / "stdin.txt").string());
  INFO(run.err);
  CHECK(run.status == 0);
  std::set<std::string> paths = PathsRequested(server);
  for (const char* path : {"/a", "/b", "/c", "/d"}) {
    INFO(path);
    CHECK(paths.count(path) == 1);
  }
}

TEST_CASE("CliDoc_CrawlUrlList_ABadLineIsAnErrorNamingFileAndLine", "[cli][crawl]") {
  TempDir dir;
  LoopbackHttpServer server;
  const std::string list = (dir / "urls.txt").string();
  std::ofstream(list) << "# list\n" << server.Url("/a") << "\nwww.example.com/no-scheme\n";
  CommandResult bad = RunWirecrawl(CrawlArgs(dir) + "--urls-from '" + list + "'");
  CHECK(bad.status == 2);
  CHECK(bad.err == "wirecrawl crawl: " + list +
                       ":3: expected an http:// or https:// URL, got \"www.example.com/no-scheme\"\n");
  CHECK(server.Requests().empty());  // nothing is crawled from a list with a bad line

  std::ofstream(dir / "stdin.txt") << "http://[bad/\n";
  CommandResult from_stdin = RunWirecrawl(CrawlArgs(dir) + "-", (dir / "stdin.txt").string());
  CHECK(from_stdin.status == 2);
  CHECK(from_stdin.err.rfind("wirecrawl crawl: standard input:1: ", 0) == 0);

  CommandResult missing = RunWirecrawl(CrawlArgs(dir) + "--urls-from '" + (dir / "none.txt").string() + "'");
  CHECK(missing.status == 2);
  CHECK(missing.err.find("none.txt: No such file or directory") != std::string::npos);
}

TEST_CASE("CliDoc_CrawlUserAgent_OverridesTheConfigAndIsCheckedLikeIt", "[cli][crawl]") {
  TempDir dir;
  LoopbackHttpServer server;
  server.Serve("/", Page("<p>hub</p>"));
  const std::string agent = "newsroom-bot/2 (+https://newsroom.example/bot)";
  CommandResult run = RunWirecrawl(CrawlArgs(dir) + "--user-agent '" + agent + "' '" + server.Url("/") + "'");
  INFO(run.err);
  CHECK(run.status == 0);
  REQUIRE_FALSE(server.Requests().empty());
  for (const RecordedRequest& r : server.Requests()) CHECK(r.Header("User-Agent") == agent);

  CommandResult no_contact =
      RunWirecrawl(CrawlArgs(dir) + "--user-agent 'newsroom-bot/2' '" + server.Url("/") + "'");
  CHECK(no_contact.status == 2);
  CHECK(no_contact.err.find("wirecrawl crawl: --user-agent: must include a contact URL or e-mail address") !=
        std::string::npos);
}

TEST_CASE("CliDoc_CrawlCacert_AnUnreadableFileIsAUsageError", "[cli][crawl]") {
  TempDir dir;
  CommandResult run =
      RunWirecrawl(CrawlArgs(dir) + "--cacert '" + (dir / "missing.pem").string() + "' http://news.test/");
  CHECK(run.status == 2);
  CHECK(run.err.find("missing.pem: No such file or directory") != std::string::npos);
}

TEST_CASE("CliDoc_QuietAndVerbose_AreLogLevelShortcuts", "[cli]") {
  TempDir dir;
  LoopbackHttpServer server;  // answers 404 to everything
  const std::string crawl = CrawlArgs(dir) + "'" + server.Url("/missing") + "'";
  // An info line: the 404 of the start URL (its failure as an input is
  // also said, unlogged, whatever the level: "wirecrawl crawl: URL: HTTP 404").
  const std::string info_line = " info " + server.Url("/missing") + ": HTTP 404";
  CommandResult plain = RunWirecrawl(crawl);
  CHECK(plain.err.find(info_line) == std::string::npos);  // warn by default
  CommandResult verbose = RunWirecrawl("-v " + crawl);
  CHECK(verbose.err.find(info_line) != std::string::npos);
  // A debug line: a URL robots.txt disallows.
  server.Serve("/robots.txt", CannedResponse{.status = 200, .body = "User-agent: *\nDisallow: /private\n"});
  auto denied = [&](const std::string& flag, const std::string& db) {
    return RunWirecrawl(flag + " crawl --no-progress --allow-network 127.0.0.1/32 --db '" +
                        (dir / db).string() + "' '" + server.Url("/private") + "'")
        .err;
  };
  CHECK(denied("-v", "v.db").find("disallows " + server.Url("/private")) == std::string::npos);
  CHECK(denied("-vv", "vv.db").find("disallows " + server.Url("/private")) != std::string::npos);
  // A warning (nothing in scope) is shown by default and hidden by -q.
  CommandResult warned = RunWirecrawl("crawl --no-progress --db '" + (dir / "empty.db").string() + "'");
  CHECK(warned.err.find("nothing is in scope") != std::string::npos);
  CommandResult quiet = RunWirecrawl("-q crawl --no-progress --db '" + (dir / "empty.db").string() + "'");
  CHECK(quiet.err.find("nothing is in scope") == std::string::npos);
  // One level at a time.
  CommandResult both = RunWirecrawl("-q -v crawl --db '" + (dir / "empty.db").string() + "'");
  CHECK(both.status == 2);
  CHECK(both.err.find("--quiet excludes --verbose") != std::string::npos);
}

}  // namespace wirecrawl::testing
