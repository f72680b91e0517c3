// store/store.h: the crawl database: frontier, fetch log, hosts, sources,
// articles with their versions, stories (dedup clusters) and full-text search.
//
// The interface speaks in records (store/records.h), never in SQL, so that a
// second backend (PostgreSQL, for crawling from several machines) can sit
// behind it. OpenStore returns the SQLite backend; its schema is documented
// in store/SCHEMA.md.
//
// Contract:
// - Thread safety: a Store is used by one thread at a time. Other threads and
//   processes open their own Store on the same file; readers never block the
//   writer or each other (WAL), writers queue on the database lock for up to
//   StoreOptions::busy_timeout_ms, then get Status::Busy.
// - Writes: every write belongs to a batch. Between BeginBatch and
//   CommitBatch nothing is visible to other connections; CommitBatch makes the
//   whole batch durable at once, and a crash or SIGKILL at any moment leaves
//   the database as of the last commit. A write outside a batch is its own
//   one-statement batch (correct, but ~100x slower: batch them).
// - Failure: methods return Status/Result. A write refused for its input
//   (kInvalidArgument, kNotFound, a unique URL taken) changes nothing and
//   the batch stays open. A database failure in the middle of a write (I/O,
//   disk full) rolls back the whole open batch, and its Status says so: a
//   half-written article is never committed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dedup/story_index.h"
#include "parser/article.h"
#include "store/records.h"

namespace wirecrawl {

struct StoreOptions {
  // Create the database when the file does not exist. Read-only commands
  // pass false, so a mistyped --db is an error rather than a new empty file.
  bool create = true;
  // A writing command (ingest, crawl, daemon): a database the process may
  // not write (file or directory permissions, a read-only mount) is an error
  // at open, not at the first batch. SQLite would otherwise open it
  // read-only without a word.
  bool require_write = true;
  // How long a writer waits for another writer's batch before Status::Busy.
  int busy_timeout_ms = 10000;
  // false: a commit survives a process crash or kill (WAL, synchronous=NORMAL);
  // a power loss may drop the last batches but never corrupts.
  // true: every commit is also fsync'ed (synchronous=FULL).
  bool fsync_each_commit = false;
};

class Store {
 public:
  // The schema version this build writes (PRAGMA user_version).
  static constexpr int kSchemaVersion = 3;

  virtual ~Store() = default;

  // ---- Batches ---------------------------------------------------------------
  // REQUIRES: no batch open. Waits for the write lock (busy_timeout_ms).
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;
  // Discards the open batch, if any.
  virtual void RollbackBatch() = 0;
  virtual bool InBatch() const = 0;

  // ---- Articles and stories (the ingest path: extract -> dedup -> store) -----
  virtual Result<std::optional<ArticleKey>> FindArticle(std::string_view url) = 0;
  // The id the next InsertArticle must use: dedup assigns a story to a
  // document id before the row exists. REQUIRES: InBatch().
  virtual Result<int64_t> NextArticleId() = 0;
  // Stores a new article with its fingerprint, in the story dedup chose:
  // a new story (story.new_story, story_id == id) or an existing one whose
  // member count, sites and first/last seen are updated.
  // REQUIRES: InBatch(), id == NextArticleId(), article.url not stored yet.
  virtual Status InsertArticle(int64_t id, const Article& article, const Fingerprint& fingerprint,
                               const StoryAssignment& story, int64_t fetched_ms,
                               const NormalizedText& normalized = {}) = 0;
  // A known URL fetched again. A different body hash keeps the old body in
  // article_versions; the article stays in its story (its fingerprint is
  // updated for future matches).
  virtual Result<ArticleChange> UpdateArticle(int64_t id, const Article& article,
                                              const Fingerprint& fingerprint, int64_t fetched_ms,
                                              const NormalizedText& normalized = {}) = 0;
  // Calls `visit` for every stored fingerprint in article id order, for
  // StoryIndex::Restore. Stops early, returning that status, if visit fails.
  virtual Status ForEachFingerprint(const std::function<Status(const StoredFingerprint&)>& visit) = 0;
  // The sorted shingle hashes stored with article_id's fingerprint (from
  // Fingerprint::shingles, kept when InsertArticle/UpdateArticle got them)
  // into *shingles: true, or false when none are stored. Sees the open
  // batch's own writes. For StoryIndex's exact verification after a reopen
  // (dedup/story_index.h ShingleSource); a backend that keeps none may
  // leave this default.
  virtual Result<bool> GetShingles(int64_t article_id, std::vector<uint32_t>* shingles) {
    (void)article_id;
    shingles->clear();
    return false;
  }

  // ---- Queries (the CLI: search, stories, show, export, stats) -------------
  virtual Result<std::vector<SearchHit>> Search(const SearchQuery& query) = 0;
  virtual Result<std::vector<StorySummary>> ListStories(const StoryFilter& filter) = 0;
  virtual Result<std::optional<StoredArticle>> GetArticle(int64_t id) = 0;
  virtual Result<std::optional<StoredArticle>> GetArticleByUrl(std::string_view url) = 0;
  virtual Result<std::optional<StoryDetail>> GetStory(int64_t id) = 0;
  // Streams articles in id order; `emit` returns false to stop.
  virtual Status ExportArticles(const ExportFilter& filter,
                                const std::function<bool(const StoredArticle&)>& emit) = 0;
  virtual Result<StoreStats> Stats() = 0;
  // Service figures over [since_ms, now_ms] (`wirecrawl status`).
  virtual Result<ServiceStatus> GetServiceStatus(int64_t since_ms, int64_t now_ms) = 0;

  // ---- Sources (seeds, feeds, sitemaps) --------------------------------------
  // Idempotent: an existing URL keeps its state and id.
  virtual Result<int64_t> AddSource(std::string_view url, SourceKind kind, int64_t refresh_interval_ms) = 0;
  // Sources whose next refresh is due at now_ms, soonest first.
  virtual Result<std::vector<Source>> DueSources(int64_t now_ms) = 0;
  // Saves the refresh state (next/last refresh, status, validators, errors).
  virtual Status UpdateSourceState(const Source& source) = 0;

  // ---- Frontier ------------------------------------------------------------
  // Idempotent: true when the URL is new. A known URL that is still queued
  // takes the higher priority and smaller depth of the two.
  virtual Result<bool> Enqueue(const UrlToEnqueue& url) = 0;
  // Takes up to `limit` queued URLs due at now_ms (highest priority first, at
  // most per_host per host, skipping hosts in back-off) and marks them
  // fetching, so that no other taker gets them.
  virtual Result<std::vector<DueUrl>> TakeDue(int64_t now_ms, size_t limit, size_t per_host) = 0;
  // TakeDue, but never from the hosts in skip_hosts (DueUrl::host form): the
  // scheduler's own politeness state (transfers in flight, delay not yet
  // over, robots.txt not yet known) is in memory, not in the store.
  virtual Result<std::vector<DueUrl>> TakeDueSkipping(int64_t now_ms, size_t limit, size_t per_host,
                                                      const std::vector<std::string>& skip_hosts) = 0;
  virtual Status MarkFetched(const FetchedUrl& fetched) = 0;
  virtual Status MarkFailed(const FailedUrl& failed) = 0;
  // Never fetched on purpose (robots.txt, scope); reason is kept.
  virtual Status MarkSkipped(int64_t url_id, std::string_view reason) = 0;
  // After a crash or stop: URLs left fetching go back to the queue.
  // Returns how many.
  virtual Result<int64_t> RequeueInFlight() = 0;
  // Puts a known URL back in the queue, due at due_ms, whatever its state
  // (a one-shot crawl fetches its sources again, conditionally). Returns
  // false when the URL is not in the frontier.
  virtual Result<bool> Requeue(std::string_view url, int64_t due_ms) = 0;
  // The earliest next-due time of a queued URL; nullopt when none is queued.
  virtual Result<std::optional<int64_t>> NextQueuedDueMs() = 0;
  virtual Status RecordFetch(const FetchRecord& fetch) = 0;

  // ---- Hosts: robots.txt cache and politeness --------------------------------
  // host: lower-case host name, with ":port" when not the scheme's default.
  virtual Result<std::optional<RobotsCacheEntry>> GetRobots(std::string_view host) = 0;
  virtual Status PutRobots(std::string_view host, const RobotsCacheEntry& robots) = 0;
  virtual Result<HostPoliteness> GetPoliteness(std::string_view host) = 0;
  virtual Status PutPoliteness(std::string_view host, const HostPoliteness& politeness) = 0;
};

// Opens (creating if allowed) the database at `location`, a file path, and
// upgrades an older schema in one transaction. Errors: kNotFound (no file and
// !create), kUnsupported (schema newer than this build, or not a wirecrawl
// database), kCorruption (not a database), kBusy, kIoError.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const StoreOptions& options = {});

// Runs a batch: BeginBatch, body, CommitBatch; rolls back if body fails.
Status WithBatch(Store& store, const std::function<Status()>& body);

}  // namespace wirecrawl
