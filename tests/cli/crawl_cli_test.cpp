// `wirecrawl crawl` and `wirecrawl sources` against loopback servers, with
// the real binary: the exit codes the man page gives (EXIT STATUS), one-shot
// command-line URLs and the sources an operator lists, keeps, pauses and
// removes (man page, sources).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"
#include "tests/support/loopback_http_server.h"

extern char** environ;

namespace wirecrawl::testing {
namespace {

namespace fs = std::filesystem;

// Quick and polite enough for loopback: no delay, no retries; `extra` is
// more TOML (sections).
std::string Config(const TempDir& dir, const std::string& extra = "") {
  fs::path config = dir / "crawl.toml";
  std::ofstream(config) << "[politeness]\nmin_delay = 0\n[limits]\nretries = 0\n"
                           "[network]\nallow = [\"127.0.0.1/32\"]\n"
                        << extra;
  return "--config '" + config.string() + "' --db '" + (dir / "crawl.db").string() + "'";
}

CommandResult Crawl(const TempDir& dir, const std::string& args, const std::string& extra_config = "") {
  return RunWirecrawl("crawl --json --no-progress " + Config(dir, extra_config) + " " + args);
}

CommandResult Sources(const TempDir& dir, const std::string& args) {
  return RunWirecrawl("sources " + args + " --db '" + (dir / "crawl.db").string() + "'");
}

std::vector<nlohmann::json> JsonLines(const std::string& text);

// `sources list --json`'s object for url, or null when it is not listed.
nlohmann::json Listed(const TempDir& dir, const std::string& url) {
  CommandResult list = Sources(dir, "list --json");
  CHECK(list.status == 0);
  for (const nlohmann::json& source : JsonLines(list.out)) {
    if (source["url"] == url) return source;
  }
  return nullptr;
}

CannedResponse Html(const std::string& body) {
  return CannedResponse{
      .status = 200, .headers = {{"Content-Type", "text/html; charset=utf-8"}}, .body = body};
}

size_t RequestsFor(const LoopbackHttpServer& server, const std::string& path) {
  return server.RequestsFor(path).size();
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST_CASE("CliDoc_ExitCodes_CrawlFailsOnlyWhenANamedInputFailsForGood", "[cli][crawl]") {
  TempDir dir;
  LoopbackHttpServer server;
  server.Serve("/",
               Html("<html><body><a href=\"/missing\">gone</a> <a href=\"/about\">about</a></body></html>"));
  server.Serve("/about", Html("<html><body><p>About us.</p></body></html>"));

  // A 404 on a discovered link is a result kept in the frontier, not a failure.
  CommandResult ok = Crawl(dir, server.Url("/"));
  INFO(ok.err);
  CHECK(ok.status == 0);
  CHECK(RequestsFor(server, "/missing") == 1);
  nlohmann::json summary = nlohmann::json::parse(ok.out);
  CHECK(summary["failed_inputs"].empty());
  CHECK(summary["errors"] >= 1);

  // A URL on the command line that fails for good is a failed input.
  CommandResult gone = Crawl(dir, server.Url("/gone"));
  CHECK(gone.status == 1);
  CHECK(gone.err.find("wirecrawl crawl: " + server.Url("/gone") + ": HTTP 404\n") != std::string::npos);
  nlohmann::json failed = nlohmann::json::parse(gone.out)["failed_inputs"];
  REQUIRE(failed.size() == 1);
  CHECK(failed[0]["url"] == server.Url("/gone"));
  CHECK(failed[0]["error"] == "HTTP 404");

  // So is a source of the config.
  CommandResult feed = Crawl(dir, "", "[sources]\nfeeds = [\"" + server.Url("/feed.xml") + "\"]\n");
  CHECK(feed.status == 1);
  CHECK(feed.err.find(server.Url("/feed.xml") + ": HTTP 404") != std::string::npos);

  // Nothing at all could be fetched: a host whose every connection is
  // refused (its robots.txt cannot be read, so its URLs wait).
  TempDir other;
  std::string dead_pin = "--connect-to dead.test:80:127.0.0.1:1";
  CommandResult refused = Crawl(other, dead_pin + " http://dead.test/");
  INFO(refused.err);
  CHECK(refused.status == 1);
  CHECK(refused.err.find("wirecrawl crawl: nothing could be fetched") != std::string::npos);
  // So is a page the address policy refuses (no --allow-network, no pin).
  TempDir policy;
  CommandResult denied = RunWirecrawl("crawl --json --no-progress --db '" + (policy / "p.db").string() +
                                      "' " + server.Url("/about"));
  CHECK(denied.status == 1);
  CHECK(denied.err.find("wirecrawl crawl: " + server.Url("/about") + ": ") != std::string::npos);

  // `status --json` gives the last fetch as export does: ISO 8601 with Z.
  CommandResult status = RunWirecrawl("status --json --db '" + (dir / "crawl.db").string() + "'");
  REQUIRE(status.status == 0);
  std::string last_fetch = nlohmann::json::parse(status.out)["last_fetch"];
  CHECK(std::regex_match(last_fetch, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

TEST_CASE("CliDoc_Sources_CommandLineUrlsAreOneShotUntilKept", "[cli][crawl][sources]") {
  TempDir dir;
  LoopbackHttpServer server;
  server.Serve("/one", Html("<html><body><p>One.</p></body></html>"));
  server.Serve("/two", Html("<html><body><p>Two.</p></body></html>"));
  const std::string one = server.Url("/one");

  REQUIRE(Crawl(dir, one).status == 0);
  CHECK(RequestsFor(server, "/one") == 1);
  nlohmann::json listed = Listed(dir, one);
  REQUIRE(listed.is_object());
  CHECK(listed["origin"] == "command-line");
  CHECK(listed["state"] == "one-shot");
  CHECK(Sources(dir, "list").out.find("one-shot") != std::string::npos);

  // A later crawl does not read it again...
  CHECK(Crawl(dir, "").status == 0);
  CHECK(RequestsFor(server, "/one") == 1);
  // ...unless it is kept.
  CommandResult kept = Sources(dir, "add " + one);
  CHECK(kept.status == 0);
  CHECK(kept.out.find("was command-line, now added") != std::string::npos);
  CHECK(Listed(dir, one)["origin"] == "added");
  CHECK(Crawl(dir, "").status == 0);
  CHECK(RequestsFor(server, "/one") == 2);

  // Added before any crawl: read by the next one.
  REQUIRE(Sources(dir, "add --kind seed " + server.Url("/two")).status == 0);
  CHECK(Crawl(dir, "").status == 0);
  CHECK(RequestsFor(server, "/two") == 1);
  CHECK(RequestsFor(server, "/one") == 3);

  // Paused: not read, and listed as such; resumed: read again.
  REQUIRE(Sources(dir, "pause " + one).status == 0);
  CHECK(Listed(dir, one)["state"] == "paused");
  CHECK(Crawl(dir, "").status == 0);
  CHECK(RequestsFor(server, "/one") == 3);
  CHECK(RequestsFor(server, "/two") == 2);
  REQUIRE(Sources(dir, "resume " + one).status == 0);
  CHECK(Crawl(dir, "").status == 0);
  CHECK(RequestsFor(server, "/one") == 4);

  // Removed: gone from the list and not read; removing it again is a failed input.
  CommandResult removed = Sources(dir, "remove " + one);
  CHECK(removed.status == 0);
  CHECK(removed.out == "removed " + one + "\n");
  CHECK(Listed(dir, one).is_null());
  CHECK(Crawl(dir, "").status == 0);
  CHECK(RequestsFor(server, "/one") == 4);
  CommandResult again = Sources(dir, "remove " + one);
  CHECK(again.status == 1);
  CHECK(again.err.find("no source " + one) != std::string::npos);
  CHECK(Sources(dir, "add not-a-url").status == 2);
}

// Starts `wirecrawl ARGS` with standard input from stdin_path (may be "")
// and output to files in dir.
pid_t Spawn(const TempDir& dir, const std::string& args, const std::string& stdin_path = "") {
  std::string cmd = std::string("exec '") + WIRECRAWL_BINARY + "' " + args + " >'" + (dir / "out").string() +
                    "' 2>'" + (dir / "err").string() + "'" +
                    (stdin_path.empty() ? "" : " <'" + stdin_path + "'");
  const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) == 0);
  return pid;
}

int WaitExit(pid_t pid) {
  int raw = 0;
  waitpid(pid, &raw, 0);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -WTERMSIG(raw);
}

template <typename Condition>
bool WaitFor(Condition condition) {
  for (int i = 0; i < 200; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

TEST_CASE("CliDoc_ExitCodes_SigtermStopsACrawlCleanlyWith143AndItResumes", "[cli][crawl]") {
  TempDir dir;
  LoopbackHttpServer server;
  server.Serve("/", Html("<html><body><a href=\"/slow\">slow</a></body></html>"));
  CannedResponse slow = Html("<html><body><p>Slow.</p></body></html>");
  slow.delay = std::chrono::milliseconds(1500);
  server.Serve("/slow", slow);
  pid_t crawl = Spawn(dir, "crawl --json --no-progress " + Config(dir) + " " + server.Url("/"));
  REQUIRE(WaitFor([&] { return RequestsFor(server, "/slow") == 1; }));
  REQUIRE(kill(crawl, SIGTERM) == 0);
  CHECK(WaitExit(crawl) == 143);
  CHECK(nlohmann::json::parse(ReadWholeFile(dir / "out"))["interrupted"] == true);
  const std::string db = (dir / "crawl.db").string();
  CHECK(ReadDatabase(db, "PRAGMA integrity_check").rows[0][0] == "ok");
  CHECK(ReadCount(db, "SELECT count(*) FROM urls WHERE state = 'fetching'") == 0);
  // The same command resumes.
  CHECK(Crawl(dir, server.Url("/")).status == 0);
  CHECK(ReadCount(db, "SELECT count(*) FROM urls WHERE url LIKE '%/slow' AND state = 'done'") == 1);
}

TEST_CASE("CliDoc_ExitCodes_SigtermStopsDedupAfterTheLinesRead", "[cli][dedup]") {
  TempDir dir;
  std::string fifo = (dir / "in").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  pid_t dedup = Spawn(dir, "dedup", fifo);
  int writer = open(fifo.c_str(), O_WRONLY);  // waits for the reader
  REQUIRE(writer >= 0);
  std::string lines = R"({"id": 1, "text": "one text about a thing"})"
                      "\n"
                      R"({"id": 2, "text": "another text"})"
                      "\n";
  REQUIRE(write(writer, lines.data(), lines.size()) == static_cast<ssize_t>(lines.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(kill(dedup, SIGTERM) == 0);
  CHECK(WaitExit(dedup) == 143);
  close(writer);
  CHECK(JsonLines(ReadWholeFile(dir / "out")).size() == 2);
  CHECK(ReadWholeFile(dir / "err").empty());
}

}  // namespace
}  // namespace wirecrawl::testing

namespace wirecrawl::testing {
namespace {

// On a terminal the live line counts what the summary counts, in the same
// words: its last state agrees with the summary's responses and pages.
TEST_CASE("CliDoc_ProgressLineAgreesWithTheSummary", "[cli][crawl]") {
  if (RunCommandLine("command -v script").status != 0) {
    WARN("no script(1) to give the crawl a terminal");
    return;
  }
  TempDir dir;
  LoopbackHttpServer server;
  server.Serve("/", Html("<html><body><a href=\"/a\">a</a> <a href=\"/b\">b</a></body></html>"));
  server.Serve("/a", Html("<html><body><p>A.</p></body></html>"));
  CommandResult r = RunCommandLine("script -qec \"'" + std::string(WIRECRAWL_BINARY) + "' crawl " +
                                   Config(dir) + " " + server.Url("/") + "\" /dev/null");
  INFO(r.out << r.err);
  std::string out = r.out;
  std::string last;
  const std::regex counts(R"((\d+) responses  (\d+) pages)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), counts); it != std::sregex_iterator(); ++it) {
    last = (*it)[1].str() + "/" + (*it)[2].str();
  }
  std::smatch summary;
  REQUIRE(
      std::regex_search(out, summary, std::regex(R"(crawl finished: (\d+) responses in .*, (\d+) pages)")));
  CHECK(last == summary[1].str() + "/" + summary[2].str());
  CHECK(summary[1].str() != "0");
}

}  // namespace
}  // namespace wirecrawl::testing
