// Upkeep of a growing database (store/maintenance.h), on both backends:
// articles pruned from the story index are no longer candidates and lose
// their fingerprints, not their stories; pruning finds what earlier
// versions left; the search index merge and space reclamation run as their
// own steps.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "base/time.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store_test_support.h"

namespace wirecrawl {
namespace {

using testing::MakeArticle;
using testing::SeedParagraphs;
using testing::TempDir;

constexpr int64_t kDay = 86400000;
const int64_t kT0 = *ParseIsoTime("2023-10-01T12:00:00Z");

// A wire text as another site edits it: its first or last paragraph dropped.
std::vector<std::string> Edited(int seed, bool drop_first = false) {
  std::vector<std::string> paragraphs = SeedParagraphs(seed);
  if (drop_first) {
    paragraphs.erase(paragraphs.begin());
  } else {
    paragraphs.pop_back();
  }
  return paragraphs;
}

TEST_CASE("Store_PrunedArticlesLeaveTheStoryIndexAndUpkeepStepsRunAlone", "[store][maintenance]") {
  TempDir dir;
  auto opened = OpenStore(dir.Database("upkeep.db"));
  REQUIRE(opened.ok());
  Store& store = **opened;
  auto session = testing::IngestSession::Open(store);
  REQUIRE(session.ok());
  auto old_story =
      (*session)->AddArticle(MakeArticle("https://alpha.example/old", "old", SeedParagraphs(0)), kT0);
  REQUIRE(old_story.ok());
  auto recent = (*session)->AddArticle(MakeArticle("https://alpha.example/new", "new", SeedParagraphs(1)),
                                       kT0 + 10 * kDay);
  REQUIRE(recent.ok());
  REQUIRE((*session)->Flush().ok());

  // The older article leaves the story index; a second call has nothing
  // left before the same time.
  Result<int64_t> pruned = store.PruneStoryIndex(kT0 + kDay, 0);
  REQUIRE(pruned.ok());
  CHECK(*pruned == 1);
  pruned = store.PruneStoryIndex(kT0 + kDay, 0);
  REQUIRE(pruned.ok());
  CHECK(*pruned == 0);

  // An edited copy of the pruned article starts a story of its own; one of
  // the article still indexed joins its story.
  auto copy_of_old =
      (*session)->AddArticle(MakeArticle("https://beta.example/old", "old copy", Edited(0)), kT0 + 11 * kDay);
  REQUIRE(copy_of_old.ok());
  CHECK(copy_of_old->new_story);
  auto copy_of_recent =
      (*session)->AddArticle(MakeArticle("https://beta.example/new", "new copy", Edited(1)), kT0 + 11 * kDay);
  REQUIRE(copy_of_recent.ok());
  CHECK(copy_of_recent->story_id == recent->story_id);
  REQUIRE((*session)->Flush().ok());

  // Nothing in the fetch log to prune; the search index merges in a step
  // or whole; space is reclaimed outside a batch only.
  Result<int64_t> fetches = store.PruneFetchLog(kT0 + 100 * kDay, 0);
  REQUIRE(fetches.ok());
  CHECK(*fetches == 0);
  CHECK(store.MergeSearchIndex(200).ok());
  CHECK(store.MergeSearchIndex(0).ok());
  REQUIRE(store.BeginBatch().ok());
  CHECK(store.ReclaimSpace(0).status().code() == Status::Code::kInvalidArgument);
  store.RollbackBatch();
  Result<int64_t> step = store.ReclaimSpace(2000);
  REQUIRE(step.ok());
  CHECK(*step >= 0);
  Result<int64_t> full = store.ReclaimSpace(0);
  REQUIRE(full.ok());
  CHECK(*full >= 0);

  // The index still works after upkeep: another edit of the recent article
  // (not an exact duplicate: found by its band keys).
  auto again = (*session)->AddArticle(MakeArticle("https://gamma.example/new", "again", Edited(1, true)),
                                      kT0 + 12 * kDay);
  REQUIRE(again.ok());
  CHECK_FALSE(again->exact_duplicate);
  CHECK(again->story_id == recent->story_id);
  REQUIRE((*session)->Flush().ok());
}

// A stored body: the paragraphs joined by '\n'.
std::string Body(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += '\n';
    out += p;
  }
  return out;
}

// For a database as an earlier wirecrawl left it: SQL run on the file or
// the PostgreSQL database directly.
void ExecRaw(const std::string& database, const std::string& sql) {
  INFO(sql);
  if (database.rfind("postgresql://", 0) == 0) {
    PGconn* conn = PQconnectdb(database.c_str());
    PGresult* result = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string error = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) FAIL(error);
    return;
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open(database.c_str(), &db);
  char* error = nullptr;
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : sqlite3_errmsg(db);
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) FAIL(message);
}

// The first column of the first row of a query, run on the file or the
// PostgreSQL database directly.
int64_t CountRaw(const std::string& database, const std::string& sql) {
  INFO(sql);
  if (database.rfind("postgresql://", 0) == 0) {
    PGconn* conn = PQconnectdb(database.c_str());
    PGresult* result = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1;
    int64_t value = ok ? std::stoll(PQgetvalue(result, 0, 0)) : 0;
    std::string error = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) FAIL(error);
    return value;
  }
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_open(database.c_str(), &db);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  std::string message = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  if (rc != SQLITE_ROW) FAIL(message);
  return value;
}

StoredFingerprint FingerprintOf(Store& store, int64_t article_id) {
  auto fingerprint = store.GetFingerprint(article_id);
  REQUIRE(fingerprint.ok());
  REQUIRE(fingerprint->has_value());
  return **fingerprint;
}

// A pruned article's fingerprint comes from its article row: no signature,
// no shingle count (the row kept by an earlier wirecrawl had both).
bool Pruned(Store& store, int64_t article_id) {
  StoredFingerprint fingerprint = FingerprintOf(store, article_id);
  return fingerprint.signature.empty() && fingerprint.shingle_count == 0;
}

// store/maintenance.h: a fingerprint only serves lookups inside the window,
// so it goes with the band keys; the story's first member, beyond the
// window, is still compared with a new copy, through its body.
TEST_CASE("Store_ArticlesBeyondTheWindowLoseTheirFingerprintNotTheirStory", "[store][maintenance]") {
  TempDir dir;
  // The same articles in two stores, one of them pruned.
  std::vector<IngestResult> results[2];
  std::unique_ptr<Store> stores[2];
  for (int pruned = 0; pruned < 2; ++pruned) {
    auto opened = OpenStore(dir.Database(pruned ? "pruned.db" : "kept.db"));
    REQUIRE(opened.ok());
    stores[pruned] = std::move(opened).value();
    Store& store = *stores[pruned];
    auto session = testing::IngestSession::Open(store);
    REQUIRE(session.ok());
    std::vector<IngestResult>& out = results[pruned];
    auto add = [&](const std::string& url, std::vector<std::string> paragraphs, int64_t at) {
      auto added = (*session)->AddArticle(MakeArticle(url, "story", std::move(paragraphs)), at);
      REQUIRE(added.ok());
      out.push_back(*added);
      REQUIRE((*session)->Flush().ok());
    };
    add("https://alpha.example/first", SeedParagraphs(0), kT0);
    add("https://beta.example/copy", Edited(0), kT0 + 20 * kDay);
    if (pruned) {
      Result<int64_t> n = store.PruneStoryIndex(kT0 + 10 * kDay, 0);
      REQUIRE(n.ok());
      CHECK(*n == 1);
      CHECK(Pruned(store, out[0].article_id));
      CHECK_FALSE(Pruned(store, out[1].article_id));
      StoredFingerprint first = FingerprintOf(store, out[0].article_id);
      CHECK(first.story_id == out[0].story_id);
      CHECK(first.seen_ms == kT0);
      CHECK(first.site == "alpha.example");
    }
    // 40 days on: the first article is beyond the window of this one, the
    // copy inside it.
    add("https://gamma.example/copy", Edited(0, true), kT0 + 40 * kDay);
    auto matches = (*session)->Matches(Body(Edited(0, true)), kT0 + 40 * kDay);
    REQUIRE(matches.ok());
    CHECK(matches->size() == 2);  // the two copies
  }
  for (int pruned = 0; pruned < 2; ++pruned) {
    INFO("pruned: " << pruned);
    const std::vector<IngestResult>& out = results[pruned];
    CHECK(out[1].story_id == out[0].story_id);
    CHECK(out[2].story_id == out[0].story_id);
    CHECK(out[2].similarity < 1.0);
  }
  // The similarity to the story's first member, as if nothing was pruned.
  CHECK(results[1][2].similarity == results[0][2].similarity);
}

// A database an earlier wirecrawl pruned: one article with its band keys
// gone and its signature kept (meta 'dedup.pruned'), one with its signature
// gone and its row kept (meta 'dedup.pruned_signatures'). The next pruning
// deletes both rows, and the next article's with its band keys.
TEST_CASE("Store_PruningDeletesTheFingerprintsAnEarlierPruningKept", "[store][maintenance]") {
  TempDir dir;
  const std::string database = dir.Database("legacy.db");
  auto opened = OpenStore(database);
  REQUIRE(opened.ok());
  Store& store = **opened;
  auto session = testing::IngestSession::Open(store);
  REQUIRE(session.ok());
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto added = (*session)->AddArticle(
        MakeArticle("https://alpha.example/" + std::to_string(i), "story", SeedParagraphs(i)),
        kT0 + i * kDay);
    REQUIRE(added.ok());
    ids.push_back(added->article_id);
  }
  REQUIRE((*session)->Flush().ok());
  const std::string old = std::to_string(ids[0]);
  const std::string unsigned_row = std::to_string(ids[1]);
  ExecRaw(database, "DELETE FROM lsh_bands WHERE article_id IN (" + old + ", " + unsigned_row + ")");
  const bool postgres = database.rfind("postgresql://", 0) == 0;
  ExecRaw(database, std::string("UPDATE fingerprints SET signature = ") + (postgres ? "''::bytea" : "X''") +
                        " WHERE article_id = " + unsigned_row);
  ExecRaw(database, "INSERT INTO meta(key, value) VALUES ('dedup.pruned', '" + std::to_string(kT0) + ":" +
                        old + "'), ('dedup.pruned_signatures', '" + std::to_string(kT0 + kDay) + ":" +
                        unsigned_row + "')");
  CHECK_FALSE(Pruned(store, ids[0]));
  CHECK(FingerprintOf(store, ids[1]).shingle_count > 0);

  // A copy of the third article is still found by its band keys.
  auto found = (*session)->Matches(Body(Edited(2)), kT0 + 3 * kDay);
  REQUIRE(found.ok());
  CHECK(found->size() == 1);

  Result<int64_t> n = store.PruneStoryIndex(kT0 + 10 * kDay, 0);
  REQUIRE(n.ok());
  CHECK(*n == 3);
  for (int64_t id : ids) CHECK(Pruned(store, id));
  found = (*session)->Matches(Body(Edited(2)), kT0 + 3 * kDay);
  REQUIRE(found.ok());
  CHECK(found->empty());
  n = store.PruneStoryIndex(kT0 + 10 * kDay, 0);
  REQUIRE(n.ok());
  CHECK(*n == 0);
}

// An article beyond the window that gets a new version: its text is stored,
// but it takes no fingerprint and no band keys, since no later article's
// window reaches it; an article from before then, looking back, does not
// find it.
TEST_CASE("Store_NewVersionOfAPrunedArticleStaysOutOfTheStoryIndex", "[store][maintenance]") {
  TempDir dir;
  auto opened = OpenStore(dir.Database("versions.db"));
  REQUIRE(opened.ok());
  Store& store = **opened;
  auto session = testing::IngestSession::Open(store);
  REQUIRE(session.ok());
  auto first = (*session)->AddArticle(MakeArticle("https://alpha.example/a", "a", SeedParagraphs(0)), kT0);
  REQUIRE(first.ok());
  REQUIRE((*session)->Flush().ok());
  REQUIRE(store.PruneStoryIndex(kT0 + kDay, 0).ok());
  REQUIRE(Pruned(store, first->article_id));

  auto revised =
      (*session)->AddArticle(MakeArticle("https://alpha.example/a", "a", SeedParagraphs(3)), kT0 + 40 * kDay);
  REQUIRE(revised.ok());
  CHECK(revised->change == ArticleChange::kNewVersion);
  REQUIRE((*session)->Flush().ok());
  CHECK(Pruned(store, first->article_id));
  auto found = (*session)->Matches(Body(Edited(3)), kT0 + kDay);
  REQUIRE(found.ok());
  CHECK(found->empty());
  CHECK(CountRaw(dir.Database("versions.db"), "SELECT count(*) FROM lsh_bands WHERE article_id = " +
                                                  std::to_string(first->article_id)) == 0);
}

// store/maintenance.h: a full pruning that leaves lsh_bands mostly empty
// writes the keys left back in key order: the same keys, in as few pages as
// they fill (SQLite; PostgreSQL's VACUUM reuses the space).
TEST_CASE("Store_FullPruningPacksTheBandKeysLeft", "[store][maintenance][sqlite-only]") {
  TempDir dir;
  const std::string database = dir.File("packed.db");
  auto opened = OpenStore(database);
  REQUIRE(opened.ok());
  Store& store = **opened;
  auto session = testing::IngestSession::Open(store);
  REQUIRE(session.ok());
  // 400 distinct texts (their own words), one a day; the newest 55 % stay:
  // deletes alone leave the pages a third to a half full, which SQLite
  // does not merge.
  constexpr int kArticles = 400;
  constexpr int kKept = 220;
  for (int i = 0; i < kArticles; ++i) {
    std::vector<std::string> paragraphs;
    for (int p = 0; p < 3; ++p) {
      std::string text;
      for (int w = 0; w < 40; ++w)
        text += "w" + std::to_string((i * 7919 + p * 613 + w * 104729) % 100003) + " ";
      paragraphs.push_back(text);
    }
    auto added = (*session)->AddArticle(
        MakeArticle("https://alpha.example/" + std::to_string(i), "t" + std::to_string(i), paragraphs),
        kT0 + i * kDay);
    REQUIRE(added.ok());
  }
  REQUIRE((*session)->Flush().ok());
  const std::string kept = " FROM lsh_bands WHERE article_id > " + std::to_string(kArticles - kKept);
  const int64_t kept_count = CountRaw(database, "SELECT count(*)" + kept);
  const int64_t kept_sum = CountRaw(database, "SELECT sum(band_key)" + kept);
  REQUIRE(kept_count >= kKept * 20);
  const std::string pages = "SELECT count(*) FROM dbstat WHERE name = 'lsh_bands'";
  const int64_t pages_before = CountRaw(database, pages);

  Result<int64_t> pruned = store.PruneStoryIndex(kT0 + (kArticles - kKept) * kDay, 0);
  REQUIRE(pruned.ok());
  CHECK(*pruned == kArticles - kKept);
  CHECK(CountRaw(database, "SELECT count(*) FROM lsh_bands") == kept_count);
  CHECK(CountRaw(database, "SELECT sum(band_key)" + kept) == kept_sum);
  const int64_t pages_after = CountRaw(database, pages);
  INFO("pages before " << pages_before << ", after " << pages_after);
  CHECK(pages_before >= 8);
  CHECK(pages_after * 3 <= pages_before * 2);
}

}  // namespace
}  // namespace wirecrawl
