// The crawl state on PostgreSQL (store/postgres/crawl_state.cpp) where it
// cannot do as SQLite does: PostgreSQL text is valid UTF-8 without NUL
// bytes. What the crawler keys on (URLs, hosts) is refused as input, the
// batch left open; what servers say (validators, errors) is stored with its
// bad bytes replaced.
#include <catch2/catch.hpp>

#include <string>

#include "store/store.h"
#include "tests/support/postgres_server.h"

namespace wirecrawl {
namespace {

using testing::PostgresServer;

TEST_CASE("Postgres_UrlsAndHostsThatAreNotUtf8AreRefusedAndTheBatchStaysOpen", "[postgres]") {
  auto opened = OpenStore(PostgresServer::Shared().NewDatabase());
  REQUIRE(opened.ok());
  Store& store = **opened;
  REQUIRE(store.BeginBatch().ok());
  UrlToEnqueue good;
  good.url = "https://a.example/ok";
  REQUIRE(store.Enqueue(good).ok());
  UrlToEnqueue bad;
  bad.url = std::string("https://a.example/") + "\xff\xfe";
  CHECK(store.Enqueue(bad).status().code() == Status::Code::kInvalidArgument);
  bad.url = std::string("https://a.example/\0x", 20);
  CHECK(store.Enqueue(bad).status().code() == Status::Code::kInvalidArgument);
  CHECK(store.PutPoliteness("b\xff.example", HostPoliteness{}).code() == Status::Code::kInvalidArgument);
  CHECK(store.AddSource("https://a.example/\xff", SourceKind::kFeed, SourceOrigin::kDiscovered, 60000)
            .status()
            .code() == Status::Code::kInvalidArgument);
  // Never stored, so never found.
  CHECK(store.GetPoliteness("b\xff.example")->next_allowed_ms == 0);
  CHECK_FALSE(store.GetRobots("b\xff.example")->has_value());
  CHECK_FALSE(*store.Requeue("https://a.example/\xff", 0));
  REQUIRE(store.InBatch());
  REQUIRE(store.CommitBatch().ok());
  auto due = store.TakeDue(0, 10, 10, {});
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].url == "https://a.example/ok");
}

TEST_CASE("Postgres_ValidatorsAndErrorsThatAreNotUtf8AreStoredWithTheirBadBytesReplaced", "[postgres]") {
  auto opened = OpenStore(PostgresServer::Shared().NewDatabase());
  REQUIRE(opened.ok());
  Store& store = **opened;
  UrlToEnqueue url;
  url.url = "https://a.example/feed";
  REQUIRE(store.Enqueue(url).ok());
  auto due = store.TakeDue(0, 10, 10, {});
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  FetchedUrl fetched;
  fetched.url_id = (*due)[0].id;
  fetched.etag = std::string("\"v\xe9\0\"", 5);  // Latin-1, and a NUL
  fetched.refetch_at_ms = 10;
  REQUIRE(store.MarkFetched(fetched).ok());
  FetchRecord fetch;
  fetch.url_id = (*due)[0].id;
  fetch.error = "bad \xc3 byte";
  REQUIRE(store.RecordFetch(fetch).ok());
  due = store.TakeDue(10, 10, 10, {});
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].etag == "\"v\xef\xbf\xbd\"");
}

}  // namespace
}  // namespace wirecrawl
