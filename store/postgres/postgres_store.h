// store/postgres/postgres_store.h: the PostgreSQL backend of Store (internal
// to store/), for several crawler processes, on one machine or many, on one
// database.
//
// One connection, one thread, as for SQLite; what differs is that other
// processes write at the same time:
// - A batch is a READ COMMITTED transaction. Statements that could wait on
//   another process's open batch and deadlock with it are written not to
//   (URLs are inserted outside the batch, rows of hosts leased by others
//   are skipped with SKIP LOCKED).
// - Hosts are the unit of work: TakeDue leases hosts (hosts.lease_owner,
//   lease_until_ms) to this process, worker_id(), renews its leases and
//   takes URLs of its own hosts only. A process that dies loses its leases
//   at expiry and the next holder requeues the host's URLs left fetching.
// - Story assignment is serialised across processes by a transaction-level
//   advisory lock, taken by the first story-index lookup of a batch and held
//   to its commit, so that two copies of one wire story ingested at the
//   same moment by two processes end in one story.
//
// Its methods are split by responsibility as in store/sqlite/: open.cpp
// (open, batches, the worker's identity), crawl_state.cpp (sources,
// frontier, leases, fetch log, hosts), articles.cpp (the article write
// path), story_index.cpp, site_knowledge.cpp, maintenance.cpp, queries.cpp (search,
// stories, export, stats, status, the web page's reads).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "dedup/normalize.h"
#include "store/postgres/connection.h"
#include "store/search_text.h"
#include "store/store.h"

namespace wirecrawl {

class PostgresStore final : public Store {
 public:
  PostgresStore(pg::Connection db, const StoreOptions& options);
  ~PostgresStore() override;

  // open.cpp
  Status BeginBatch() override;
  Status CommitBatch() override;
  void RollbackBatch() override;
  bool InBatch() const override { return in_batch_; }
  bool HoldsSharedLock() const override { return story_lock_held_; }

  // articles.cpp, story_index.cpp, site_knowledge.cpp, maintenance.cpp
  Result<std::optional<ArticleKey>> FindArticle(std::string_view url) override;
  Result<int64_t> NextArticleId() override;
  Status InsertArticle(int64_t id, const Article& article, const Fingerprint& fingerprint,
                       std::span<const uint32_t> band_keys, const StoryAssignment& story, int64_t fetched_ms,
                       const NormalizedText& normalized) override;
  Result<ArticleChange> UpdateArticle(int64_t id, const Article& article, const Fingerprint& fingerprint,
                                      std::span<const uint32_t> band_keys, int64_t fetched_ms,
                                      const NormalizedText& normalized) override;
  Result<std::string> BandLayout() override;
  Result<int64_t> RebuildBands(
      std::string_view layout, int64_t since_ms,
      const std::function<std::vector<uint32_t>(const StoredFingerprint&)>& keys_of) override;
  Result<std::vector<StoredFingerprint>> FindNearDuplicates(std::span<const uint32_t> band_keys,
                                                            uint64_t exact_hash, int64_t since_ms) override;
  Result<std::optional<StoredFingerprint>> GetFingerprint(int64_t article_id) override;
  Result<std::optional<std::string>> GetBody(int64_t article_id) override;
  Result<SiteProfile> GetSiteProfile(std::string_view host) override;
  Status PutSiteProfile(const SiteProfile& profile) override;
  Result<int64_t> PruneStoryIndex(int64_t before_ms, int64_t limit) override;
  Result<int64_t> PruneFetchLog(int64_t before_ms, int64_t limit) override;
  Status MergeSearchIndex(int64_t pages) override;
  Result<int64_t> ReclaimSpace(int64_t pages) override;

  // queries.cpp
  Result<std::vector<SearchHit>> Search(const SearchQuery& query) override;
  Result<std::vector<StorySummary>> ListStories(const StoryFilter& filter) override;
  Result<std::optional<StoredArticle>> GetArticle(int64_t id) override;
  Result<std::optional<StoredArticle>> GetArticleByUrl(std::string_view url) override;
  Result<std::optional<StoryDetail>> GetStory(int64_t id) override;
  Result<std::optional<PageRecord>> GetPage(std::string_view url) override;
  Status ExportArticles(const ExportFilter& filter,
                        const std::function<bool(const StoredArticle&)>& emit) override;
  Result<StoreStats> Stats() override;
  Result<std::vector<std::pair<std::string, int64_t>>> BytesByPart() override;
  Result<ServiceStatus> GetServiceStatus(int64_t since_ms, int64_t now_ms) override;
  Result<StoryListing> ListStoryOverviews(const StoryListQuery& query) override;
  Result<std::vector<StoryCopy>> ListStoryCopies(int64_t story_id) override;
  Result<std::vector<SharedPassage>> FindSharedPassages(int64_t story_id,
                                                        const std::vector<std::string>& passages,
                                                        size_t min_words, size_t per_passage) override;
  Result<std::vector<ArticleVersion>> ListArticleVersions(int64_t article_id) override;
  Result<HostHealthListing> ListHostHealth(const HealthQuery& query) override;

 private:
  // queries.cpp, status.cpp, web_queries.cpp
  // Runs `reads` in one read-only REPEATABLE READ transaction, so that the
  // figures they read agree with each other; inside a batch, in the batch.
  Status ReadConsistently(const std::function<Status()>& reads);
  // The tsquery (text form, `arabic` configuration) of each term: its
  // words in a row, the last one a prefix when the term says so; "" where
  // PostgreSQL's parser finds no lexeme in it.
  Result<std::vector<std::string>> TermQueries(const std::vector<const search::QueryTerm*>& terms);
  // Articles of other stories than `story_id` whose index matches `tsquery`
  // and whose text holds `phrase` word for word, one per story (the
  // smallest id), at most `limit` stories, by story id.
  Status FindPhraseElsewhere(const std::string& tsquery, const search::QueryTerm& phrase, int64_t story_id,
                             size_t limit, size_t passage, std::vector<SharedPassage>* out);
  // The lowest article id Search ranks (SearchQuery::newest_matches): the
  // id of the newest_matches-th newest article that `tsquery` finds and
  // `fts` matches exactly, with the query's filters; none when fewer match.
  Result<std::optional<int64_t>> OldestRanked(const SearchQuery& query, const search::FtsQuery& fts,
                                              const std::string& tsquery);
  Status FillSites(std::vector<StorySummary*> stories);
  Status ReadPagesByHost(std::optional<int64_t> since_ms, std::optional<int64_t> until_ms,
                         std::vector<HostPageCount>* out);
  Status ReadHostHealth(std::vector<std::pair<int64_t, HostHealth*>> hosts, int64_t window_start_ms);
  std::string query_title_;  // scratch for search's checks, reused across candidates
  std::string query_body_;

 public:
  // crawl_state.cpp
  Result<int64_t> AddSource(std::string_view url, SourceKind kind, SourceOrigin origin,
                            int64_t refresh_interval_ms) override;
  Result<std::vector<Source>> DueSources(int64_t now_ms) override;
  Result<bool> SetSourcePaused(std::string_view url, bool paused, int64_t now_ms) override;
  Result<bool> RemoveSource(std::string_view url) override;
  Status UpdateSourceState(const Source& source) override;
  Result<bool> Enqueue(const UrlToEnqueue& url) override;
  Result<std::vector<DueUrl>> TakeDue(int64_t now_ms, size_t limit, size_t per_host,
                                      const std::vector<std::string>& skip_hosts) override;
  Status MarkFetched(const FetchedUrl& fetched) override;
  Status MarkFailed(const FailedUrl& failed) override;
  Status MarkSkipped(int64_t url_id, std::string_view reason) override;
  Result<int64_t> RequeueInFlight() override;
  Result<bool> Requeue(std::string_view url, int64_t due_ms) override;
  Result<std::optional<int64_t>> NextQueuedDueMs() override;
  Result<std::vector<std::pair<std::string, int64_t>>> CountUrlsByState() override;
  Status RecordFetch(const FetchRecord& fetch) override;
  Result<std::optional<RobotsCacheEntry>> GetRobots(std::string_view host) override;
  Status PutRobots(std::string_view host, const RobotsCacheEntry& robots) override;
  Result<HostPoliteness> GetPoliteness(std::string_view host) override;
  Status PutPoliteness(std::string_view host, const HostPoliteness& politeness) override;

  // This process's name in hosts.lease_owner and workers.id:
  // "<hostname>:<pid>:<random>", unique per open.
  const std::string& worker_id() const { return worker_id_; }

 private:
  // open.cpp
  // Registers this worker (workers row) for the fair share of hosts;
  // OpenPostgresStore calls it for a writing open.
 public:
  Status RegisterWorkerForOpen();

 private:
  // Releases this worker's leases and forgets it (on close and SIGTERM),
  // so that other workers take its hosts at once rather than at expiry.
  void Retire();
  // Runs `writes` all or nothing: as its own transaction when no batch is
  // open; inside a batch, a failure rolls back the whole batch.
  Status Atomically(const std::function<Status()>& writes);
  Status AbortBatch(const Status& cause);
  // The result of `sql`, and a failure aborts the open batch (PostgreSQL
  // has already aborted the transaction).
  Result<pg::Rows> Run(const char* sql, const pg::Params& params = {});
  std::string_view NormalizedTitle(const NormalizedText& given, std::string_view title);
  std::string_view NormalizedBody(const NormalizedText& given, std::string_view body);

  pg::Connection db_;
  StoreOptions options_;
  std::string worker_id_;
  bool in_batch_ = false;
  bool registered_ = false;  // a workers row to remove on close
  TextNormalizer normalizer_;
  std::string normalized_title_;  // scratch, reused across articles
  std::string normalized_body_;

  // articles.cpp, story_index.cpp, maintenance.cpp
  // Takes the story assignment lock (articles.cpp says why one) for the
  // rest of the open batch; nothing outside a batch or when already held.
  // Every write of the article tables and the story index, and every story
  // lookup in a batch, holds it.
  Status LockStoryAssignment();
  // Stores an article's band keys (repeated keys once).
  Status PutBands(int64_t article_id, std::span<const uint32_t> band_keys);
  // Removes these articles' band keys, recomputed from their stored
  // signatures with the stored layout (only article_id and signature are
  // read).
  Status DeleteBands(const std::vector<StoredFingerprint>& stored);

  int64_t next_article_id_ = 0;   // taken from the sequence, until InsertArticle uses it
  bool story_lock_held_ = false;  // the advisory lock of story assignment, this batch

  // crawl_state.cpp
 public:
  // The connection URI, for the side connection below (OpenPostgresStore
  // keeps it here; never shown: db_.redacted_uri() is).
  void KeepUri(std::string uri) { uri_ = std::move(uri); }

 private:
  // The hosts.id of `host`, inserting the row (committed, through the side
  // connection) when it is new.
  Result<int64_t> HostId(std::string_view host);
  // `sql` on the side connection (autocommit, opened on first use): for
  // the inserts of new rows that other processes' batches may insert too
  // (URLs, hosts, sources), which must never wait on an open transaction.
  // A failure other than a refused input (kInvalidArgument) or a lock
  // timeout (kBusy) rolls back the open batch.
  Result<pg::Rows> RunOutsideBatch(const char* sql, const pg::Params& params);
  // `cause`, having rolled back the open batch if any.
  Status GiveUpBatch(const Status& cause);
  // Once a round (LeaseRoundMs): heartbeat, fair share, renew, release and
  // lease hosts. REQUIRES: a batch is open.
  Status LeaseRound(int64_t now_ms);

  std::string uri_;
  pg::Connection side_;  // opened by RunOutsideBatch when first needed
  // host -> hosts.id, committed rows only (hosts are inserted outside the batch).
  std::unordered_map<std::string, int64_t> host_ids_;
  int64_t leases_renewed_ms_ = 0;  // this machine's wall clock
  // hosts.id -> its next_allowed_ms when this worker newly leased it, until
  // TakeDue hands out its first URLs (DueUrl::host_not_before_ms).
  std::unordered_map<int64_t, int64_t> newly_leased_;
};

// Opens the database at a libpq URI (pg::IsPostgresUri), creating or
// upgrading its schema.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri, const StoreOptions& options);

}  // namespace wirecrawl
