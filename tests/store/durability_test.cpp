// Durability and concurrency of the store (SQLite WAL): readers run while the
// writer commits and always see whole batches; a writer SIGKILLed at any
// moment, also in the middle of a batch, leaves a database that passes the
// integrity check with every committed row in it.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ingest/ingest.h"
#include "store/store.h"
#include "store_test_support.h"

namespace wirecrawl {
namespace {

using testing::MakeArticle;
using testing::SyntheticText;
using testing::TempDir;

constexpr size_t kBatch = 40;

Article Synthetic(uint64_t n) {
  return MakeArticle("https://site" + std::to_string(n % 7) + ".example/a/" + std::to_string(n),
                     "Report " + std::to_string(n), {SyntheticText(n, 60), SyntheticText(n + 1000003, 40)});
}

std::string QueryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (!out.empty()) out += '\n';
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    out += text ? reinterpret_cast<const char*>(text) : "NULL";
  }
  // A failed step (e.g. FTS5 integrity-check finding a bad index) must not
  // look like an empty result.
  if (rc != SQLITE_DONE) out = std::string("ERROR: ") + sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST_CASE("SQLiteWal_ReadersSeeWholeBatchesWhileTheWriterCommits", "[store][durability][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("concurrent.db");
  { REQUIRE(OpenStore(path).ok()); }

  constexpr int kBatches = 15;
  std::atomic<bool> writing{true};
  std::atomic<int> errors{0};
  // The writer starts once every reader has its connection: opening is slow
  // under a sanitizer, and readers that open after the last commit see none
  // of the states in between.
  constexpr int kReaders = 3;
  std::atomic<int> readers_open{0};
  std::thread writer([&] {
    while (readers_open.load() < kReaders) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto store = OpenStore(path);
    auto pipeline = store.ok() ? testing::IngestSession::Open(**store, {}, kBatch)
                               : Result<std::unique_ptr<testing::IngestSession>>(store.status());
    if (!pipeline.ok()) {
      ++errors;
      writing = false;
      return;
    }
    for (uint64_t n = 0; n < kBatch * kBatches; ++n) {
      if (!(*pipeline)->AddArticle(Synthetic(n), 1000 + static_cast<int64_t>(n)).ok()) ++errors;
      // Leave readers time between commits, so that they see many states.
      if ((n + 1) % kBatch == 0) std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    if (!(*pipeline)->Flush().ok()) ++errors;
    writing = false;
  });

  struct Seen {
    std::set<int64_t> counts;
    bool monotonic = true;
    bool whole_batches = true;
    bool consistent = true;
    int failures = 0;
  };
  std::vector<Seen> seen(kReaders);
  std::vector<std::thread> readers;
  for (auto& s : seen) {
    readers.emplace_back([&path, &writing, &readers_open, &s] {
      auto store = OpenStore(path);
      ++readers_open;
      if (!store.ok()) {
        ++s.failures;
        return;
      }
      int64_t last = 0;
      SearchQuery q;
      q.text = "report";
      q.limit = 5;
      while (writing) {
        auto stats = (*store)->Stats();
        auto hits = (*store)->Search(q);
        if (!stats.ok() || !hits.ok()) {
          ++s.failures;
          continue;
        }
        s.counts.insert(stats->articles);
        s.monotonic = s.monotonic && stats->articles >= last;
        s.whole_batches = s.whole_batches && stats->articles % static_cast<int64_t>(kBatch) == 0;
        // Synthetic texts are all distinct: one story per article, in the
        // same snapshot.
        s.consistent = s.consistent && stats->stories == stats->articles;
        last = stats->articles;
      }
    });
  }
  writer.join();
  for (auto& r : readers) r.join();

  CHECK(errors == 0);
  std::set<int64_t> all;
  for (const auto& s : seen) {
    CHECK(s.failures == 0);
    CHECK(s.monotonic);
    CHECK(s.whole_batches);
    CHECK(s.consistent);
    all.insert(s.counts.begin(), s.counts.end());
  }
  // The readers really ran during the writes: they saw intermediate states.
  CHECK(all.size() >= 3);
  CHECK(QueryText(path, "SELECT count(*) FROM articles") == std::to_string(kBatch * kBatches));
}

// The child writes batches and reports each commit on `report`; after
// `mark_after` commits it also reports (-1) from inside an open batch, then
// goes on writing. It never exits by itself: the parent kills it.
[[noreturn]] void WriteUntilKilled(const std::string& path, int report, int mark_after) {
  auto store = OpenStore(path);
  if (!store.ok()) _exit(2);
  auto pipeline = testing::IngestSession::Open(**store, {}, kBatch);
  if (!pipeline.ok()) _exit(3);
  auto committed = static_cast<int64_t>((*pipeline)->stored_articles());
  for (uint64_t n = static_cast<uint64_t>(committed);; ++n) {
    if (!(*pipeline)->AddArticle(Synthetic(n), 1).ok()) _exit(4);
    if ((n + 1) % kBatch == 0) {
      committed = static_cast<int64_t>(n + 1);
      if (write(report, &committed, sizeof committed) != sizeof committed) _exit(5);
    } else if (committed / static_cast<int64_t>(kBatch) == mark_after && (n + 1) % kBatch == kBatch / 2) {
      int64_t mid_batch = -1;
      if (write(report, &mid_batch, sizeof mid_batch) != sizeof mid_batch) _exit(5);
    }
  }
}

TEST_CASE("CrashSafety_SigkillAtAnyMomentLosesNoCommittedRow", "[store][durability][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("killed.db");
  { REQUIRE(OpenStore(path).ok()); }
  int64_t last_committed = 0;
  // Round 0 kills right after a commit report (the next batch is being
  // written or committed); rounds 1-2 kill in the middle of a batch.
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    int mark_after = static_cast<int>(last_committed / static_cast<int64_t>(kBatch)) + 2;
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      close(fds[0]);
      WriteUntilKilled(path, fds[1], mark_after);
    }
    close(fds[1]);
    int64_t value = 0;
    bool mid_batch = false;
    while (read(fds[0], &value, sizeof value) == sizeof value) {
      if (value < 0) {
        mid_batch = true;
      } else {
        last_committed = value;
      }
      if (round == 0 ? last_committed >= 3 * static_cast<int64_t>(kBatch) : mid_batch) {
        break;
      }
    }
    kill(child, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    close(fds[0]);
    INFO("round " << round << ", child status " << status);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    CHECK(QueryText(path, "PRAGMA integrity_check") == "ok");
    // FTS5's own check: the index matches its content table.
    CHECK(QueryText(path, "INSERT INTO article_search(article_search) VALUES ('integrity-check')").empty());
    int64_t articles = std::stoll(QueryText(path, "SELECT count(*) FROM articles"));
    // Every reported commit is there; a batch is all or nothing (its commit
    // may have completed just before the kill, unreported).
    CHECK(articles >= last_committed);
    CHECK(articles % static_cast<int64_t>(kBatch) == 0);
    CHECK(articles <= last_committed + static_cast<int64_t>(kBatch));
    CHECK(QueryText(path, "SELECT count(*) FROM fingerprints") == std::to_string(articles));
    CHECK(QueryText(path, "SELECT count(*) FROM article_search") == std::to_string(articles));
    CHECK(QueryText(path, "SELECT sum(member_count) FROM stories") == std::to_string(articles));
    CHECK(QueryText(path, "PRAGMA foreign_key_check").empty());
    last_committed = articles;
  }
  // The database still opens and takes writes.
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  auto pipeline = testing::IngestSession::Open(**store);
  REQUIRE(pipeline.ok());
  CHECK((*pipeline)->stored_articles() == static_cast<size_t>(last_committed));
  REQUIRE((*pipeline)->AddArticle(Synthetic(999999), 1).ok());
  REQUIRE((*pipeline)->Flush().ok());
}

}  // namespace
}  // namespace wirecrawl
