// Tests of the crawler's side of the Store (store/store.h):
// sources, the frontier (idempotent enqueue, due URLs, back-off fields,
// resume after a crash), the fetch log and the per-host robots cache and
// politeness state.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "store/store.h"
#include "store_test_support.h"

namespace wirecrawl {
namespace {

using testing::TempDir;

std::unique_ptr<Store> Open(const std::string& path) {
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  return std::move(store).value();
}

UrlToEnqueue Url(const std::string& url, int priority = 0, int64_t due = 0, int depth = 0) {
  UrlToEnqueue u;
  u.url = url;
  u.priority = priority;
  u.due_ms = due;
  u.depth = depth;
  return u;
}

std::vector<std::string> Urls(const std::vector<DueUrl>& due) {
  std::vector<std::string> out;
  for (const auto& d : due) out.push_back(d.url);
  return out;
}

TEST_CASE("Store_EnqueueIsIdempotentAndKeepsTheBestPriority", "[store][frontier]") {
  TempDir dir;
  auto store = Open(dir.Database("f.db"));
  auto first = store->Enqueue(Url("https://a.example/x", 1, 0, 3));
  REQUIRE(first.ok());
  CHECK(*first);
  auto again = store->Enqueue(Url("https://a.example/x", 0, 0, 5));
  REQUIRE(again.ok());
  CHECK_FALSE(*again);
  // Found again from a news sitemap: higher priority, shallower.
  REQUIRE(store->Enqueue(Url("https://a.example/x", 9, 0, 1)).ok());
  auto due = store->TakeDue(1000, 10, 10, {});
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].priority == 9);
  CHECK((*due)[0].depth == 1);
  CHECK((*due)[0].host == "a.example");

  CHECK(store->Enqueue(Url("not a url")).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("Store_TakeDueOrdersByPriorityCapsPerHostAndSkipsBackedOffHosts", "[store][frontier]") {
  TempDir dir;
  auto store = Open(dir.Database("due.db"));
  REQUIRE(WithBatch(*store, [&]() -> Status {
            for (const auto& u : {Url("https://a.example/feed", 10), Url("https://a.example/1", 5),
                                  Url("https://a.example/2", 5), Url("https://b.example:8080/1", 7),
                                  Url("https://c.example/later", 20, 5000), Url("https://d.example/1", 1)}) {
              auto r = store->Enqueue(u);
              if (!r.ok()) return r.status();
            }
            return Status::Ok();
          }).ok());
  HostPoliteness backoff;
  backoff.backoff_until_ms = 2000;
  REQUIRE(store->PutPoliteness("d.example", backoff).ok());

  // Hosts the scheduler holds back (in flight, delay not over) are skipped.
  auto skipping = store->TakeDue(1000, 10, 2, {"a.example", "b.example:8080"});
  REQUIRE(skipping.ok());
  CHECK(skipping->empty());

  auto due = store->TakeDue(1000, 10, 2, {});
  REQUIRE(due.ok());
  // c.example is not due yet; d.example is backing off; a.example gives 2.
  CHECK(Urls(*due) == std::vector<std::string>{"https://a.example/feed", "https://b.example:8080/1",
                                               "https://a.example/1"});
  CHECK((*due)[1].host == "b.example:8080");

  // Taken URLs are in flight: not handed out twice.
  auto more = store->TakeDue(1000, 10, 2, {});
  REQUIRE(more.ok());
  CHECK(Urls(*more) == std::vector<std::string>{"https://a.example/2"});
  auto later = store->TakeDue(6000, 10, 2, {});
  REQUIRE(later.ok());
  CHECK(Urls(*later) == std::vector<std::string>{"https://c.example/later", "https://d.example/1"});
}

TEST_CASE("Store_FetchedFailedAndSkippedUrlsRecordTheirState", "[store][frontier]") {
  TempDir dir;
  auto store = Open(dir.Database("mark.db"));
  for (const char* u : {"https://a.example/feed", "https://a.example/page", "https://a.example/private"}) {
    REQUIRE(store->Enqueue(Url(u)).ok());
  }
  auto due = store->TakeDue(0, 10, 10, {});
  REQUIRE(due.ok());
  REQUIRE(due->size() == 3);

  // The feed comes back in 15 minutes with its validators.
  FetchedUrl feed;
  feed.url_id = (*due)[0].id;
  feed.fetched_ms = 100;
  feed.etag = "\"v1\"";
  feed.last_modified = "Sat, 21 Oct 2023 10:00:00 GMT";
  feed.refetch_at_ms = 900100;
  REQUIRE(store->MarkFetched(feed).ok());

  // The page fails with 503: retry later (the crawler's back-off), twice.
  FailedUrl failed;
  failed.url_id = (*due)[1].id;
  failed.failed_ms = 100;
  failed.http_status = 503;
  failed.error = "HTTP 503";
  failed.retry_at_ms = 60100;
  REQUIRE(store->MarkFailed(failed).ok());
  REQUIRE(store->MarkSkipped((*due)[2].id, "disallowed by robots.txt").ok());

  auto retry = store->TakeDue(60100, 10, 10, {});
  REQUIRE(retry.ok());
  REQUIRE(retry->size() == 1);
  CHECK((*retry)[0].url == "https://a.example/page");
  CHECK((*retry)[0].attempts == 1);
  failed.retry_at_ms.reset();  // give up
  REQUIRE(store->MarkFailed(failed).ok());

  auto refetch = store->TakeDue(900100, 10, 10, {});
  REQUIRE(refetch.ok());
  REQUIRE(refetch->size() == 1);
  CHECK((*refetch)[0].etag == "\"v1\"");
  CHECK((*refetch)[0].last_modified == "Sat, 21 Oct 2023 10:00:00 GMT");
  // A 304 without validators keeps the stored ones.
  feed.url_id = (*refetch)[0].id;
  feed.http_status = 304;
  feed.etag.clear();
  feed.last_modified.clear();
  feed.refetch_at_ms = 2000000;
  REQUIRE(store->MarkFetched(feed).ok());
  auto next = store->TakeDue(2000000, 10, 10, {});
  REQUIRE(next.ok());
  REQUIRE(next->size() == 1);
  CHECK((*next)[0].etag == "\"v1\"");

  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->urls_by_state ==
        std::vector<std::pair<std::string, int64_t>>{{"failed", 1}, {"fetching", 1}, {"skipped", 1}});
  FetchedUrl unknown;
  unknown.url_id = 4242;
  CHECK(store->MarkFetched(unknown).code() == Status::Code::kNotFound);
}

TEST_CASE("Store_InFlightUrlsReturnToTheQueueAfterACrash", "[store][frontier]") {
  TempDir dir;
  std::string path = dir.Database("resume.db");
  {
    auto store = Open(path);
    for (int i = 0; i < 5; ++i) REQUIRE(store->Enqueue(Url("https://a.example/" + std::to_string(i))).ok());
    auto due = store->TakeDue(0, 3, 10, {});
    REQUIRE(due.ok());
    REQUIRE(due->size() == 3);
  }  // the crawler dies with three URLs in flight
  auto store = Open(path);
  auto requeued = store->RequeueInFlight();
  REQUIRE(requeued.ok());
  // On PostgreSQL, closing the first store already gave its URLs in flight
  // back with its host leases (a killed process's come back when its leases
  // expire: Postgres_AWorkerThatStopsRenewingLosesItsHostsAndItsUrlsInFlight).
  CHECK(*requeued == (IsDatabaseUri(path) ? 0 : 3));
  auto due = store->TakeDue(0, 10, 10, {});
  REQUIRE(due.ok());
  CHECK(due->size() == 5);
}

TEST_CASE("SchemaDoc_FetchLogKeepsStatusTimingAndRedirectChain", "[store][frontier]") {
  TempDir dir;
  auto store = Open(dir.Database("log.db"));
  REQUIRE(store->Enqueue(Url("http://a.example/old")).ok());
  auto due = store->TakeDue(0, 1, 1, {});
  REQUIRE(due.ok());
  FetchRecord ok;
  ok.url_id = (*due)[0].id;
  ok.started_ms = 10;
  ok.http_status = 200;
  ok.bytes = 5120;
  ok.elapsed_ms = 85;
  ok.redirects = {"https://a.example/old", "https://a.example/new"};
  ok.content_type = "text/html; charset=utf-8";
  REQUIRE(store->RecordFetch(ok).ok());
  FetchRecord timeout;
  timeout.url_id = (*due)[0].id;
  timeout.started_ms = 20;
  timeout.error = "Operation timed out after 30000 milliseconds";
  timeout.elapsed_ms = 30000;
  REQUIRE(store->RecordFetch(timeout).ok());
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->fetches_by_status == std::vector<std::pair<std::string, int64_t>>{{"error", 1}, {"200", 1}});
}

TEST_CASE("RFC9309_RobotsCacheRoundTripsPerHost", "[store][hosts]") {
  TempDir dir;
  std::string path = dir.Database("robots.db");
  {
    auto store = Open(path);
    auto none = store->GetRobots("a.example");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
    RobotsCacheEntry robots;
    robots.http_status = 200;
    robots.body = std::string("User-agent: *\nDisallow: /private\n\0binary\xff", 41);
    robots.fetched_ms = 1000;
    robots.expires_ms = 1000 + 86400000;  // RFC 9309 2.4: cache up to 24 hours
    REQUIRE(store->PutRobots("a.example", robots).ok());
    HostPoliteness p;
    p.crawl_delay_ms = 5000;
    p.next_allowed_ms = 7000;
    p.consecutive_errors = 2;
    REQUIRE(store->PutPoliteness("a.example", p).ok());
  }
  auto store = Open(path);
  auto robots = store->GetRobots("a.example");
  REQUIRE(robots.ok());
  REQUIRE(robots->has_value());
  CHECK((*robots)->http_status == 200);
  CHECK((*robots)->body.size() == 41);
  CHECK((*robots)->body.substr(0, 13) == "User-agent: *");
  CHECK((*robots)->expires_ms == 1000 + 86400000);
  // Politeness and robots share the host row without clobbering each other.
  auto p = store->GetPoliteness("a.example");
  REQUIRE(p.ok());
  CHECK(p->crawl_delay_ms == 5000);
  CHECK(p->next_allowed_ms == 7000);
  CHECK(p->consecutive_errors == 2);
  auto unknown = store->GetPoliteness("b.example");
  REQUIRE(unknown.ok());
  CHECK(unknown->next_allowed_ms == 0);
  CHECK_FALSE(store->GetRobots("b.example")->has_value());
}

TEST_CASE("Store_SourcesAreIdempotentAndRefreshWhenDue", "[store][sources]") {
  TempDir dir;
  auto store = Open(dir.Database("sources.db"));
  auto feed =
      store->AddSource("https://a.example/rss.xml", SourceKind::kFeed, SourceOrigin::kDiscovered, 600000);
  REQUIRE(feed.ok());
  auto again =
      store->AddSource("https://a.example/rss.xml", SourceKind::kFeed, SourceOrigin::kDiscovered, 600000);
  REQUIRE(again.ok());
  CHECK(*again == *feed);
  REQUIRE(store
              ->AddSource("https://a.example/sitemap.xml", SourceKind::kSitemap, SourceOrigin::kDiscovered,
                          3600000)
              .ok());

  auto due = store->DueSources(0);
  REQUIRE(due.ok());
  REQUIRE(due->size() == 2);
  Source s = (*due)[0];
  s.last_refreshed_ms = 1000;
  s.next_refresh_ms = 601000;
  s.last_status = 200;
  s.etag = "\"abc\"";
  REQUIRE(store->UpdateSourceState(s).ok());
  due = store->DueSources(1000);
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].kind == SourceKind::kSitemap);
  due = store->DueSources(601000);
  REQUIRE(due.ok());
  REQUIRE(due->size() == 2);
  CHECK((*due)[1].etag == "\"abc\"");
  CHECK((*due)[1].last_status == 200);
  CHECK(store->AddSource("https://x.example/", SourceKind::kSeed, SourceOrigin::kConfig, 0).status().code() ==
        Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace wirecrawl
