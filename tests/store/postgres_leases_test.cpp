// Several crawler processes on one PostgreSQL database (store/postgres/,
// issue "Scale-out" design points): hosts are the unit of work, leased to
// one worker at a time, in fair shares; a worker that dies loses its hosts
// at lease expiry, one that stops releases them at once; a host that moves
// carries its politeness; no batch waits on another process's batch. Each
// Store here is one worker (one process in production).
#include <libpq-fe.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "tests/support/postgres_server.h"

namespace wirecrawl {
namespace {

using testing::PostgresServer;

// Short leases: a worker's lease round comes every quarter of one, and one
// that stops renewing loses its hosts soon; long enough that a loaded test
// machine does not let a live worker's leases expire between two calls.
constexpr int64_t kShortLeaseMs = 2000;

std::unique_ptr<Store> Worker(const std::string& uri, int64_t lease_ms = kShortLeaseMs) {
  StoreOptions options;
  options.host_lease_ms = lease_ms;
  options.busy_timeout_ms = 2000;  // a batch that waited would fail (kBusy) rather than hang
  auto store = OpenStore(uri, options);
  REQUIRE(store.ok());
  return std::move(store).value();
}

void WaitForNextLeaseRound() {
  std::this_thread::sleep_for(std::chrono::milliseconds(kShortLeaseMs / 4 + 100));
}

// The rows of `query`, as text, through a connection of the test's own.
std::vector<std::vector<std::string>> Sql(const std::string& uri, const std::string& query) {
  PGconn* conn = PQconnectdb(uri.c_str());
  REQUIRE(PQstatus(conn) == CONNECTION_OK);
  PGresult* result = PQexec(conn, query.c_str());
  INFO(PQresultErrorMessage(result));
  REQUIRE((PQresultStatus(result) == PGRES_TUPLES_OK || PQresultStatus(result) == PGRES_COMMAND_OK));
  std::vector<std::vector<std::string>> rows;
  for (int r = 0; r < PQntuples(result); ++r) {
    std::vector<std::string>& row = rows.emplace_back();
    for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

// host -> the worker leasing it.
std::map<std::string, std::string> Leases(const std::string& uri) {
  std::map<std::string, std::string> leases;
  for (const auto& row : Sql(uri, "SELECT host, lease_owner FROM hosts WHERE lease_owner IS NOT NULL")) {
    leases[row[0]] = row[1];
  }
  return leases;
}

void EnqueueHosts(Store& store, int hosts, int urls_per_host) {
  REQUIRE(WithBatch(store, [&]() -> Status {
            for (int h = 0; h < hosts; ++h) {
              for (int u = 0; u < urls_per_host; ++u) {
                UrlToEnqueue url;
                url.url = "https://h" + std::to_string(h) + ".example/" + std::to_string(u);
                url.priority = u;
                auto added = store.Enqueue(url);
                if (!added.ok()) return added.status();
              }
            }
            return Status::Ok();
          }).ok());
}

std::vector<DueUrl> Take(Store& store, size_t limit = 100, size_t per_host = 100) {
  auto due = store.TakeDue(0, limit, per_host, {});
  REQUIRE(due.ok());
  return std::move(due).value();
}

std::set<std::string> HostsOf(const std::vector<DueUrl>& due) {
  std::set<std::string> hosts;
  for (const DueUrl& u : due) hosts.insert(u.host);
  return hosts;
}

void MarkDone(Store& store, const std::vector<DueUrl>& due) {
  for (const DueUrl& u : due) {
    FetchedUrl fetched;
    fetched.url_id = u.id;
    fetched.fetched_ms = 1;
    REQUIRE(store.MarkFetched(fetched).ok());
  }
}

// The one worker all of `due`'s hosts are leased to ("" when they are not
// all leased to one worker).
std::string OwnerOf(const std::string& uri, const std::vector<DueUrl>& due) {
  std::map<std::string, std::string> leases = Leases(uri);
  std::set<std::string> owners;
  for (const DueUrl& u : due) owners.insert(leases.count(u.host) ? leases[u.host] : "");
  return owners.size() == 1 ? *owners.begin() : "";
}

TEST_CASE("Postgres_TwoWorkersSplitTheHostsAndNeverTakeTheSameUrl", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri);
  auto b = Worker(uri);
  EnqueueHosts(*a, 6, 3);

  std::vector<DueUrl> taken_a = Take(*a);
  std::vector<DueUrl> taken_b = Take(*b);
  // Fair share: ceil(6 hosts / 2 live workers) each, all their URLs.
  CHECK(HostsOf(taken_a).size() == 3);
  CHECK(HostsOf(taken_b).size() == 3);
  CHECK(taken_a.size() == 9);
  CHECK(taken_b.size() == 9);
  std::set<int64_t> ids;
  for (const auto* taken : {&taken_a, &taken_b}) {
    for (const DueUrl& u : *taken) CHECK(ids.insert(u.id).second);
  }
  // Each worker's URLs are of the hosts it leases, and only it.
  std::string owner_a = OwnerOf(uri, taken_a);
  std::string owner_b = OwnerOf(uri, taken_b);
  CHECK_FALSE(owner_a.empty());
  CHECK_FALSE(owner_b.empty());
  CHECK(owner_a != owner_b);
  CHECK(Leases(uri).size() == 6);
  // Nothing more to take for either, at once or after a lease round.
  CHECK(Take(*a).empty());
  WaitForNextLeaseRound();
  CHECK(Take(*b).empty());
  CHECK(Take(*a).empty());
}

TEST_CASE("Postgres_AWorkerJoiningLaterGetsHostsAtTheFirstWorkersNextLeaseRound", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri);
  EnqueueHosts(*a, 4, 3);
  // Alone, the first worker leases every host; it fetches one URL of each.
  std::vector<DueUrl> first = Take(*a, 100, 1);
  REQUIRE(HostsOf(first).size() == 4);
  MarkDone(*a, first);

  auto b = Worker(uri);
  CHECK(Take(*b).empty());  // every host is leased
  WaitForNextLeaseRound();
  // The first worker's round sees two live workers: it keeps its share, 2
  // hosts, and releases the others (nothing of theirs is in flight).
  CHECK(Take(*a, 0).empty());
  std::vector<DueUrl> joined = Take(*b);
  CHECK(HostsOf(joined).size() == 2);
  CHECK(joined.size() == 4);
  std::vector<DueUrl> kept = Take(*a);
  CHECK(HostsOf(kept).size() == 2);
  CHECK(kept.size() == 4);
  for (const std::string& host : HostsOf(joined)) CHECK(HostsOf(kept).count(host) == 0);
  CHECK(OwnerOf(uri, joined) != OwnerOf(uri, kept));
}

TEST_CASE("Postgres_AWorkerWithUrlsInFlightKeepsTheirHostsBeyondItsShare", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri);
  EnqueueHosts(*a, 2, 2);
  std::vector<DueUrl> in_flight = Take(*a, 100, 1);
  REQUIRE(HostsOf(in_flight).size() == 2);
  auto b = Worker(uri);
  WaitForNextLeaseRound();
  CHECK(Take(*a, 0).empty());
  // Over its share (1 of 2 hosts), but both hosts have a URL in flight here.
  CHECK(Take(*b).empty());
  CHECK(Leases(uri).size() == 2);
  MarkDone(*a, in_flight);
  WaitForNextLeaseRound();
  CHECK(Take(*a, 0).empty());
  CHECK(HostsOf(Take(*b)).size() == 1);
}

TEST_CASE("Postgres_AWorkerThatStopsRenewingLosesItsHostsAndItsUrlsInFlight", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri);
  EnqueueHosts(*a, 3, 2);
  std::vector<DueUrl> lost = Take(*a, 100, 1);
  REQUIRE(lost.size() == 3);
  // `a` stops here, as a killed process would: no lease round, no release.
  auto b = Worker(uri);
  CHECK(Take(*b).empty());  // a's leases have not expired yet
  std::this_thread::sleep_for(std::chrono::milliseconds(kShortLeaseMs + 100));
  std::vector<DueUrl> taken_over = Take(*b);
  // Every host, with the URLs a left in flight queued again.
  CHECK(HostsOf(taken_over).size() == 3);
  CHECK(taken_over.size() == 6);
  std::set<int64_t> ids;
  for (const DueUrl& u : taken_over) ids.insert(u.id);
  for (const DueUrl& u : lost) CHECK(ids.count(u.id) == 1);
  CHECK(Leases(uri).size() == 3);
  CHECK_FALSE(OwnerOf(uri, taken_over).empty());
  a.reset();  // closing now releases nothing of b's
  CHECK(Leases(uri).size() == 3);
  CHECK(Sql(uri, "SELECT count(*) FROM urls WHERE state = 'fetching'")[0][0] == "6");
}

TEST_CASE("Postgres_AStoreClosedNormallyReleasesItsLeasesAtOnce", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri, 60'000);
  auto b = Worker(uri, 60'000);
  EnqueueHosts(*a, 2, 2);
  std::vector<DueUrl> in_flight = Take(*a, 100, 1);
  REQUIRE(in_flight.size() == 1);  // its share: one of two hosts
  a.reset();
  CHECK(Leases(uri).empty());
  CHECK(Sql(uri, "SELECT count(*) FROM urls WHERE state = 'fetching'")[0][0] == "0");
  CHECK(Sql(uri, "SELECT count(*) FROM workers")[0][0] == "1");
  // Long leases, yet the other worker takes both hosts at its first round.
  std::vector<DueUrl> all = Take(*b);
  CHECK(HostsOf(all).size() == 2);
  CHECK(all.size() == 4);
}

TEST_CASE("Postgres_ANewlyLeasedHostCarriesTheOtherWorkersNextAllowedTime",
          "[postgres][leases][politeness]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri);
  EnqueueHosts(*a, 2, 3);
  std::vector<DueUrl> first = Take(*a, 100, 1);
  REQUIRE(first.size() == 2);
  for (const DueUrl& u : first) CHECK(u.host_not_before_ms == 0);  // never fetched
  // a fetches both hosts; the politeness it stores says when each may be
  // asked again.
  std::map<std::string, int64_t> next_allowed = {{"h0.example", 5'000'000}, {"h1.example", 6'000'000}};
  for (const auto& [host, at] : next_allowed) {
    HostPoliteness politeness;
    politeness.crawl_delay_ms = 2000;
    politeness.next_allowed_ms = at;
    REQUIRE(a->PutPoliteness(host, politeness).ok());
  }
  MarkDone(*a, first);
  auto b = Worker(uri);
  WaitForNextLeaseRound();
  CHECK(Take(*a, 0).empty());  // releases one host to b
  std::vector<DueUrl> moved = Take(*b, 100, 1);
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].host_not_before_ms == next_allowed[moved[0].host]);
  // Said once: the next URLs of the host are the same worker's business.
  std::vector<DueUrl> next = Take(*b, 100, 1);
  REQUIRE(next.size() == 1);
  CHECK(next[0].host == moved[0].host);
  CHECK(next[0].host_not_before_ms == 0);
  // The host a kept was not newly leased.
  std::vector<DueUrl> kept = Take(*a, 100, 1);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].host_not_before_ms == 0);
}

TEST_CASE("Postgres_OneShotCrawlEndsOnlyWhenNoWorkerHasWorkLeft", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri, 60'000);
  auto b = Worker(uri, 60'000);
  EnqueueHosts(*a, 1, 2);
  std::vector<DueUrl> first = Take(*a, 1, 1);
  REQUIRE(first.size() == 1);
  auto next_due = [&](Store& s) {
    auto due = s.NextQueuedDueMs();
    REQUIRE(due.ok());
    return *due;
  };
  // b has nothing of its own, but a's crawl goes on: b waits (due now).
  CHECK(next_due(*b) == std::optional<int64_t>(0));
  MarkDone(*a, first);
  CHECK(next_due(*b) == std::optional<int64_t>(0));  // a's host has a URL queued
  CHECK(next_due(*a) == std::optional<int64_t>(0));  // its own: its due time
  std::vector<DueUrl> second = Take(*a);
  REQUIRE(second.size() == 1);
  CHECK(next_due(*b) == std::optional<int64_t>(0));  // in flight at a
  MarkDone(*a, second);
  CHECK_FALSE(next_due(*b).has_value());
  CHECK_FALSE(next_due(*a).has_value());
}

TEST_CASE("Postgres_OtherWorkersUrlsInFlightAreNotRequeued", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri, 60'000);
  EnqueueHosts(*a, 1, 1);
  std::vector<DueUrl> in_flight = Take(*a);
  REQUIRE(in_flight.size() == 1);
  auto b = Worker(uri, 60'000);
  auto requeued = b->RequeueInFlight();
  REQUIRE(requeued.ok());
  CHECK(*requeued == 0);
  // A one-shot crawl requeues its sources; one another worker is fetching
  // stays with it (known, so true).
  auto again = b->Requeue(in_flight[0].url, 0);
  REQUIRE(again.ok());
  CHECK(*again);
  CHECK(Sql(uri, "SELECT state FROM urls")[0][0] == "fetching");
  auto mine = a->RequeueInFlight();
  REQUIRE(mine.ok());
  CHECK(*mine == 1);
}

TEST_CASE("Postgres_TwoBatchesEnqueueingTheSameLinksNeverWait", "[postgres][leases]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri);
  auto b = Worker(uri);
  auto url = [](const std::string& u, int priority) {
    UrlToEnqueue enqueue;
    enqueue.url = u;
    enqueue.priority = priority;
    return enqueue;
  };
  REQUIRE(a->BeginBatch().ok());
  REQUIRE(b->BeginBatch().ok());
  // Crossed: each batch enqueues, then promotes, what the other enqueued.
  auto x = a->Enqueue(url("https://x.example/1", 1));
  auto y = b->Enqueue(url("https://y.example/1", 1));
  REQUIRE(x.ok());
  REQUIRE(y.ok());
  CHECK(*x);
  CHECK(*y);
  auto x_again = b->Enqueue(url("https://x.example/1", 5));
  auto y_again = a->Enqueue(url("https://y.example/1", 5));
  REQUIRE(x_again.ok());
  REQUIRE(y_again.ok());
  CHECK_FALSE(*x_again);
  CHECK_FALSE(*y_again);
  // The row b's batch promoted is skipped by a (no wait), not lost.
  auto x_third = a->Enqueue(url("https://x.example/1", 3));
  INFO((x_third.ok() ? "" : x_third.status().message()));
  REQUIRE(x_third.ok());
  REQUIRE(a->CommitBatch().ok());
  REQUIRE(b->CommitBatch().ok());
  CHECK(Sql(uri, "SELECT priority FROM urls WHERE url = 'https://x.example/1'")[0][0] == "5");
  CHECK(Sql(uri, "SELECT priority FROM urls WHERE url = 'https://y.example/1'")[0][0] == "5");
}

TEST_CASE("Postgres_ASourceBeingRefreshedElsewhereIsNotDue", "[postgres][leases][sources]") {
  std::string uri = PostgresServer::Shared().NewDatabase();
  auto a = Worker(uri);
  auto b = Worker(uri);
  REQUIRE(a->AddSource("https://a.example/rss", SourceKind::kFeed, SourceOrigin::kConfig, 60000).ok());
  REQUIRE(a->AddSource("https://b.example/rss", SourceKind::kFeed, SourceOrigin::kConfig, 60000).ok());
  REQUIRE(a->BeginBatch().ok());
  auto due_a = a->DueSources(0);
  REQUIRE(due_a.ok());
  CHECK(due_a->size() == 2);
  // a's batch holds both until it commits their next refresh time.
  auto due_b = b->DueSources(0);
  REQUIRE(due_b.ok());
  CHECK(due_b->empty());
  // Every source, for a crawl's source list, whoever refreshes them.
  auto all = b->DueSources(INT64_MAX);
  REQUIRE(all.ok());
  CHECK(all->size() == 2);
  Source refreshed = (*due_a)[0];
  refreshed.next_refresh_ms = 60000;
  REQUIRE(a->UpdateSourceState(refreshed).ok());
  REQUIRE(a->CommitBatch().ok());
  due_b = b->DueSources(0);
  REQUIRE(due_b.ok());
  REQUIRE(due_b->size() == 1);
  CHECK((*due_b)[0].url != refreshed.url);
}

}  // namespace
}  // namespace wirecrawl
