// Stories across processes on one PostgreSQL database (issue "Scale-out":
// "Concurrent ingest: 3 processes ingest 50 copies of one wire story in the
// same second -> one story"), and the store contract (store/store.h) that a
// write refused for its input leaves the batch open, which PostgreSQL makes
// harder: any error inside a transaction aborts all of it.
//
// The tables are checked with libpq directly, so that these tests depend
// only on the article write path (store/postgres/articles.cpp).
#include <libpq-fe.h>
#include <catch2/catch.hpp>

#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/time.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store_test_support.h"
#include "tests/support/postgres_server.h"

namespace wirecrawl {
namespace {

using testing::IngestSession;
using testing::MakeArticle;
using testing::PostgresServer;
using testing::SeedParagraphs;

// One value of one row, as text, from a connection of the test's own.
std::string SqlValue(const std::string& uri, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(uri.c_str()), &PQfinish);
  REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  INFO(sql << ": " << PQerrorMessage(conn.get()));
  REQUIRE(PQresultStatus(result.get()) == PGRES_TUPLES_OK);
  REQUIRE(PQntuples(result.get()) == 1);
  return PQgetvalue(result.get(), 0, 0);
}

std::unique_ptr<Store> Open(const std::string& uri) {
  Result<std::unique_ptr<Store>> store = OpenStore(uri);
  REQUIRE(store.ok());
  return std::move(store).value();
}

// Copy `i` of a wire story as site i runs it: the agency's text under the
// site's own dateline and closing line.
Article WireCopy(int i, const std::vector<std::string>& wire) {
  std::vector<std::string> paragraphs;
  paragraphs.push_back("site" + std::to_string(i) + " newsroom, Doha.");
  paragraphs.insert(paragraphs.end(), wire.begin(), wire.end());
  paragraphs.push_back("Follow site" + std::to_string(i) + " for more.");
  std::string site = "https://www.site" + std::to_string(i) + ".example";
  return MakeArticle(site + "/world/" + std::to_string(1000 + i), "Talks in Doha", paragraphs, "ar");
}

TEST_CASE("Postgres_ConcurrentWireCopiesFromThreeWorkersMakeOneStory", "[postgres]") {
  constexpr int kWorkers = 3;
  constexpr int kCopies = 50;
  const std::string uri = PostgresServer::Shared().NewDatabase();
  const std::vector<std::string> wire = SeedParagraphs(0);
  const int64_t now = NowMs();

  // Each worker as a crawler process has it: its own connection and ingest
  // pipeline, opened before the copies arrive.
  std::vector<std::unique_ptr<Store>> stores;
  std::vector<std::unique_ptr<IngestSession>> sessions;
  // Batches of 1, 2 and 5 articles: single-article batches and batches
  // holding several new articles interleave.
  const size_t commit_every[kWorkers] = {1, 2, 5};
  for (int w = 0; w < kWorkers; ++w) {
    stores.push_back(Open(uri));
    Result<std::unique_ptr<IngestSession>> session = IngestSession::Open(*stores.back(), {}, commit_every[w]);
    REQUIRE(session.ok());
    sessions.push_back(std::move(session).value());
  }

  std::latch start(kWorkers);
  std::mutex mu;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      auto fail = [&](const std::string& what) {
        std::lock_guard<std::mutex> lock(mu);
        errors.push_back("worker " + std::to_string(w) + ": " + what);
      };
      start.arrive_and_wait();  // all three at the same moment
      for (int i = w; i < kCopies; i += kWorkers) {
        Result<IngestResult> r = sessions[w]->AddArticle(WireCopy(i, wire), now + i);
        if (!r.ok()) return fail(r.status().message());
        if (r->exact_duplicate) return fail("copy " + std::to_string(i) + " is an exact duplicate");
      }
      if (Status s = sessions[w]->Flush(); !s.ok()) fail(s.message());
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& e : errors) UNSCOPED_INFO(e);
  CHECK(errors.empty());

  CHECK(SqlValue(uri, "SELECT count(*) FROM articles") == std::to_string(kCopies));
  CHECK(SqlValue(uri, "SELECT count(*) FROM stories") == "1");
  CHECK(SqlValue(uri, "SELECT count(DISTINCT story_id) FROM articles") == "1");
  CHECK(SqlValue(uri, "SELECT member_count || '/' || site_count FROM stories") ==
        std::to_string(kCopies) + "/" + std::to_string(kCopies));
  // The story's first member is its representative, and every member's
  // fingerprint names the story.
  CHECK(SqlValue(uri,
                 "SELECT count(*) FROM stories s JOIN articles a ON a.id = s.representative_id "
                 "WHERE a.story_id = s.id") == "1");
  CHECK(SqlValue(uri,
                 "SELECT count(*) FROM fingerprints f JOIN articles a ON a.id = f.article_id "
                 "WHERE f.story_id = a.story_id") == std::to_string(kCopies));
  CHECK(SqlValue(uri, "SELECT count(*) FROM article_search") == std::to_string(kCopies));
}

TEST_CASE("Postgres_StoreContract_RefusedArticlesLeaveTheBatchOpen", "[postgres]") {
  const std::string uri = PostgresServer::Shared().NewDatabase();
  auto store = Open(uri);
  auto other = Open(uri);  // another crawler process on the same database
  const int64_t now = NowMs();
  Fingerprint fp = ComputeFingerprint("one two three four five six seven");

  // A URL another process stored after this one looked it up (the ingest
  // path's FindArticle said "new"): refused when this batch inserts it. (The
  // other process inserts first: once this batch has inserted an article
  // it holds the story lock, which the other would wait for.)
  REQUIRE(store->BeginBatch().ok());
  const std::string raced = "https://b.example/raced";
  Result<std::optional<ArticleKey>> looked_up = store->FindArticle(raced);
  REQUIRE(looked_up.ok());
  CHECK_FALSE(looked_up->has_value());
  {
    REQUIRE(other->BeginBatch().ok());
    Result<int64_t> id = other->NextArticleId();
    REQUIRE(id.ok());
    StoryAssignment theirs;
    theirs.story_id = theirs.matched_doc = *id;
    REQUIRE(
        other->InsertArticle(*id, MakeArticle(raced, "theirs", {"their copy"}), fp, {}, theirs, now).ok());
    REQUIRE(other->CommitBatch().ok());
  }
  Result<int64_t> first = store->NextArticleId();
  REQUIRE(first.ok());
  StoryAssignment own;
  own.story_id = own.matched_doc = *first;
  Status raced_insert =
      store->InsertArticle(*first, MakeArticle(raced, "mine", {"my copy"}), fp, {}, own, now);
  CHECK(raced_insert.code() == Status::Code::kInvalidArgument);
  CHECK(raced_insert.message().find("already stored") != std::string::npos);
  CHECK(store->InBatch());

  REQUIRE(
      store->InsertArticle(*first, MakeArticle("https://a.example/1", "one", {"one two"}), fp, {}, own, now)
          .ok());

  // A URL stored in this batch: refused, nothing written, the batch goes on.
  Result<int64_t> next = store->NextArticleId();
  REQUIRE(next.ok());
  own.story_id = own.matched_doc = *next;
  Status taken =
      store->InsertArticle(*next, MakeArticle("https://a.example/1", "again", {"x"}), fp, {}, own, now);
  CHECK(taken.code() == Status::Code::kInvalidArgument);
  CHECK(store->InBatch());

  // Text PostgreSQL cannot hold (a NUL byte, bytes that are not UTF-8):
  // refused before the first write.
  Status nul = store->InsertArticle(
      *next, MakeArticle("https://a.example/nul", "t", {std::string("a\0b", 3)}), fp, {}, own, now);
  CHECK(nul.code() == Status::Code::kInvalidArgument);
  Status latin1 = store->InsertArticle(*next, MakeArticle("https://a.example/latin1", "caf\xe9", {"body"}),
                                       fp, {}, own, now);
  CHECK(latin1.code() == Status::Code::kInvalidArgument);
  CHECK(store->InBatch());

  // An update of an article that does not exist, and a site profile that
  // cannot be stored.
  Result<ArticleChange> missing =
      store->UpdateArticle(*next + 1000, MakeArticle("https://a.example/none", "t", {"x"}), fp, {}, now);
  CHECK(missing.status().code() == Status::Code::kNotFound);
  SiteProfile profile;
  profile.host = "a.example";
  profile.patterns.push_back(SitePattern{SitePatternKind::kArticleUrl, "/news/\xff{n}", 3, now});
  CHECK(store->PutSiteProfile(profile).code() == Status::Code::kInvalidArgument);
  CHECK(store->InBatch());

  // The id given out is still the next one, and the batch commits whole.
  Result<int64_t> still = store->NextArticleId();
  REQUIRE(still.ok());
  CHECK(*still == *next);
  REQUIRE(
      store->InsertArticle(*next, MakeArticle("https://a.example/2", "two", {"two"}), fp, {}, own, now).ok());
  profile.patterns = {SitePattern{SitePatternKind::kArticleUrl, "/news/{n}", 3, now}};
  REQUIRE(store->PutSiteProfile(profile).ok());
  REQUIRE(store->CommitBatch().ok());

  CHECK(SqlValue(uri, "SELECT string_agg(url, ' ' ORDER BY url) FROM articles") ==
        "https://a.example/1 https://a.example/2 " + raced);
  CHECK(SqlValue(uri, "SELECT count(*) FROM stories") == "3");
  CHECK(SqlValue(uri, "SELECT count(*) FROM site_patterns") == "1");
}

}  // namespace
}  // namespace wirecrawl
