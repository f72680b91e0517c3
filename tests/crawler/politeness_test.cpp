// Scheduler politeness with a fake clock: every time below is a number, so
// nothing sleeps.
#include <catch2/catch.hpp>

#include "crawler/frontier/politeness.h"

namespace wirecrawl {
namespace {

PolitenessRules Rules(int64_t min_delay_ms, int connections = 1) {
  PolitenessRules r;
  r.min_delay_ms = min_delay_ms;
  r.connections_per_host = connections;
  r.max_crawl_delay_ms = 30'000;
  r.max_backoff_ms = 600'000;
  return r;
}

}  // namespace

TEST_CASE("Politeness_OneConnectionPerHost_DelayBetweenRequests", "[politeness]") {
  PolitenessTable table(Rules(1000));
  int64_t t = 1'000'000;
  REQUIRE(table.MayStart("a.test", t));
  table.OnStart("a.test", t);
  CHECK_FALSE(table.MayStart("a.test", t + 5000));  // still in flight
  CHECK(table.MayStart("b.test", t));               // other hosts are independent
  table.OnFinish("a.test", t + 200, HostOutcome::kHealthy);
  CHECK_FALSE(table.MayStart("a.test", t + 1000));  // 1 s counts from the end of the response
  CHECK_FALSE(table.MayStart("a.test", t + 1199));
  CHECK(table.MayStart("a.test", t + 1200));
  CHECK(table.NextWakeMs(t + 300) == t + 1200);
}

TEST_CASE("Politeness_DelayCountsFromStart_WhenResponsesAreFast", "[politeness]") {
  PolitenessTable table(Rules(500, 2));
  int64_t t = 0;
  table.OnStart("a.test", t);
  CHECK_FALSE(table.MayStart("a.test", t + 100));  // a second connection, but not before the delay
  CHECK(table.MayStart("a.test", t + 500));
  table.OnStart("a.test", t + 500);
  CHECK_FALSE(table.MayStart("a.test", t + 2000));  // both connections busy
  table.OnFinish("a.test", t + 2000, HostOutcome::kHealthy);
  CHECK(table.MayStart("a.test", t + 2500));
}

TEST_CASE("RFC9309_CrawlDelayRaisesTheDelay_UpToTheCap", "[politeness]") {
  PolitenessTable table(Rules(1000));
  table.SetCrawlDelay("slow.test", 5000);
  table.SetCrawlDelay("greedy.test", 3'600'000);
  table.SetCrawlDelay("eager.test", 10);
  CHECK(table.DelayMs("slow.test") == 5000);
  CHECK(table.DelayMs("greedy.test") == 30'000);  // capped
  CHECK(table.DelayMs("eager.test") == 1000);     // never below min_delay
  table.OnStart("slow.test", 0);
  table.OnFinish("slow.test", 100, HostOutcome::kHealthy);
  CHECK_FALSE(table.MayStart("slow.test", 5099));
  CHECK(table.MayStart("slow.test", 5100));
}

TEST_CASE("Politeness_OverloadBacksOffTheHost_Exponentially", "[politeness]") {
  PolitenessTable table(Rules(1000));
  int64_t t = 0;
  table.OnStart("busy.test", t);
  table.OnFinish("busy.test", t, HostOutcome::kOverload);
  CHECK(table.HostsInBackoff(t) == 1);
  CHECK_FALSE(table.MayStart("busy.test", t + 1999));
  CHECK(table.MayStart("busy.test", t + 2000));  // 1 s << 1
  table.OnStart("busy.test", t + 2000);
  table.OnFinish("busy.test", t + 2000, HostOutcome::kOverload);
  CHECK_FALSE(table.MayStart("busy.test", t + 5999));
  CHECK(table.MayStart("busy.test", t + 6000));  // 1 s << 2
  // A healthy answer resets the count.
  table.OnStart("busy.test", t + 6000);
  table.OnFinish("busy.test", t + 6000, HostOutcome::kHealthy);
  table.OnStart("busy.test", t + 7000);
  table.OnFinish("busy.test", t + 7000, HostOutcome::kOverload);
  CHECK(table.MayStart("busy.test", t + 9000));
}

TEST_CASE("RFC9110_RetryAfterIsHonoured_UpToMaxBackoff", "[politeness]") {
  PolitenessTable table(Rules(1000));
  table.OnStart("a.test", 0);
  table.OnFinish("a.test", 0, HostOutcome::kOverload, 120'000);
  CHECK_FALSE(table.MayStart("a.test", 119'999));
  CHECK(table.MayStart("a.test", 120'000));
  table.OnStart("b.test", 0);
  table.OnFinish("b.test", 0, HostOutcome::kOverload, 86'400'000);
  CHECK(table.MayStart("b.test", 600'000));  // capped at max_backoff
}

TEST_CASE("Politeness_BlockedHostsListsBusyWaitingAndBackedOffHosts", "[politeness]") {
  PolitenessTable table(Rules(1000));
  table.OnStart("busy.test", 0);
  table.OnStart("waiting.test", 0);
  table.OnFinish("waiting.test", 0, HostOutcome::kHealthy);
  table.OnStart("free.test", 0);
  table.OnFinish("free.test", 0, HostOutcome::kHealthy);
  std::vector<std::string> blocked = table.BlockedHosts(500);
  std::sort(blocked.begin(), blocked.end());
  CHECK(blocked == std::vector<std::string>{"busy.test", "free.test", "waiting.test"});
  CHECK(table.BlockedHosts(1000) == std::vector<std::string>{"busy.test"});
}

TEST_CASE("Politeness_MemoryIsBounded_IdleHostsAreForgotten", "[politeness]") {
  PolitenessRules rules = Rules(10);
  rules.max_hosts = 100;
  PolitenessTable table(rules);
  for (int i = 0; i < 1000; ++i) {
    std::string host = "h" + std::to_string(i) + ".test";
    table.OnStart(host, i * 100);
    table.OnFinish(host, i * 100, HostOutcome::kHealthy);
  }
  CHECK(table.size() <= 101);
}

}  // namespace wirecrawl
