// Politeness across restarts, end to end: `wirecrawl crawl` over the demo
// news web (examples/demo-site/, its serve.py logging every request with its
// time), SIGKILLed at random moments and started again. However it dies, no
// two requests to one host may be closer than that host's delay: min_delay,
// or its robots.txt Crawl-delay when larger (delta-post.test asks for 1 s).
// The last request time of each host must survive the crash, or the new
// process must wait a full delay before its first request to the host
// (crawler/frontier/frontier.h, RestoreLastRequest).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"
#include "tests/support/demo_site_server.h"

extern char** environ;

namespace wirecrawl::testing {
namespace {

const std::vector<std::string> kDemoHosts = {"alpha-news.test", "beta-daily.test", "gamma-times.test",
                                             "delta-post.test"};

}  // namespace

TEST_CASE("Politeness_CrawlSigkilledFiveTimes_NoTwoRequestsToAHostCloserThanItsDelay",
          "[crawl][e2e][crash]") {
  constexpr double kMinDelay = 0.4;  // seconds, [politeness] min_delay below
  const std::map<std::string, double> kDelay = {{"alpha-news.test", kMinDelay},
                                                {"beta-daily.test", kMinDelay},
                                                {"gamma-times.test", kMinDelay},
                                                {"delta-post.test", 1.0}};  // its Crawl-delay
  // The server logs a request when it answers it; the crawler's clock
  // counts from when it sent it. Loopback keeps the two within a few ms.
  constexpr double kClockSlack = 0.02;

  TempDir dir;
  DemoSiteServer server(dir / "requests.jsonl");
  std::ofstream(dir / "polite.toml")
      << "[sources]\nseeds = [\"http://alpha-news.test/\", \"http://beta-daily.test/\", "
         "\"http://gamma-times.test/\", \"http://delta-post.test/\"]\n"
         "[scope]\nmax_pages = 500\n"
         "[politeness]\nmin_delay = "
      << kMinDelay << "\n[network]\nallow = [\"127.0.0.1/32\"]\n";
  const std::string db = (dir / "polite.db").string();
  const std::string args = "crawl --json --no-progress --config '" + (dir / "polite.toml").string() +
                           "' --db '" + db + "'" + server.ConnectToArgs(kDemoHosts);

  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::vector<double> kills;  // when each SIGKILL was sent, in the server's clock (unix seconds)
  for (int round = 0; round < 5; ++round) {
    pid_t crawl = SpawnWirecrawl(args, dir / "out", /*append=*/true);
    usleep(static_cast<useconds_t>(50'000 + rng() % 1'450'000));
    kill(crawl, SIGKILL);
    kills.push_back(
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
    WaitExit(crawl);
  }
  CommandResult last = RunWirecrawl(args);
  INFO(last.err);
  REQUIRE(last.status == 0);
  CHECK(ReadCount(db, "SELECT count(*) FROM urls WHERE state IN ('queued', 'fetching')") == 0);

  const std::map<std::string, std::vector<double>> by_host = server.RequestTimesByHost();
  REQUIRE(by_host.size() == kDemoHosts.size());
  int checked = 0;
  for (const auto& [host, times] : by_host) {
    REQUIRE(kDelay.count(host));
    const double delay = kDelay.at(host);
    for (size_t i = 1; i < times.size(); ++i) {
      const double before = times[i - 1];
      const double after = times[i];
      const double gap = after - before;
      // Which kills fell between the two requests: a gap that spans a
      // restart is the one this test is about.
      int restarts = static_cast<int>(
          std::count_if(kills.begin(), kills.end(), [&](double k) { return k > before && k < after; }));
      INFO(host << ": requests " << i - 1 << " and " << i << " are " << gap << " s apart (delay " << delay
                << " s, " << restarts << " restarts between them)");
      CHECK(gap >= delay - kClockSlack);
      ++checked;
    }
  }
  CHECK(checked >= 40);  // the whole demo web is about 55 requests
}

}  // namespace wirecrawl::testing
