// store/sqlite_store.h: the SQLite backend of Store (internal to store/).
//
// One connection, one thread. Its methods are split by responsibility:
// articles.cpp (open, batches, the article write path), queries.cpp
// (search, stories, export, stats), status.cpp (service figures),
// web_queries.cpp (what the web page reads) and crawl_state.cpp (sources,
// frontier, fetch log, hosts).
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "dedup/normalize.h"
#include "store/sqlite/database.h"
#include "store/store.h"
#include "url/url.h"

namespace wirecrawl {

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite::Database db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  ~SqliteStore() override;

  Status BeginBatch() override;
  Status CommitBatch() override;
  void RollbackBatch() override;
  bool InBatch() const override { return in_batch_; }

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
  // web_queries.cpp
  Result<StoryListing> ListStoryOverviews(const StoryListQuery& query) override;
  Result<std::vector<StoryCopy>> ListStoryCopies(int64_t story_id) override;
  Result<std::vector<SharedPassage>> FindSharedPassages(int64_t story_id,
                                                        const std::vector<std::string>& passages,
                                                        size_t min_words, size_t per_passage) override;
  Result<std::vector<ArticleVersion>> ListArticleVersions(int64_t article_id) override;
  Result<HostHealthListing> ListHostHealth(const HealthQuery& query) override;

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

  Result<SiteProfile> GetSiteProfile(std::string_view host) override;
  Status PutSiteProfile(const SiteProfile& profile) override;

  Result<std::optional<RobotsCacheEntry>> GetRobots(std::string_view host) override;
  Status PutRobots(std::string_view host, const RobotsCacheEntry& robots) override;
  Result<HostPoliteness> GetPoliteness(std::string_view host) override;

  Result<int64_t> PruneStoryIndex(int64_t before_ms, int64_t limit) override;
  Result<int64_t> PruneFetchLog(int64_t before_ms, int64_t limit) override;
  Status MergeSearchIndex(int64_t pages) override;
  Result<int64_t> ReclaimSpace(int64_t pages) override;
  Status PutPoliteness(std::string_view host, const HostPoliteness& politeness) override;

 private:
  // The title and body as indexed: given by the caller, else normalised
  // into the scratch strings.
  std::string_view NormalizedTitle(const NormalizedText& given, std::string_view title);
  std::string_view NormalizedBody(const NormalizedText& given, std::string_view body);
  // Runs `writes` all or nothing: as its own transaction when no batch is
  // open; inside a batch, a failure rolls back the whole batch (AbortBatch).
  // Callers check their input before, so that only database failures get here.
  Status Atomically(const std::function<Status()>& writes);
  Status AbortBatch(const Status& cause);
  // The cached statement for `sql`, reset when the returned scope ends.
  Result<sqlite::Statement*> Cached(const char* sql) { return db_.Cached(sql); }
  Result<int64_t> HostId(std::string_view host);
  Status ReadArticle(const sqlite::Statement& row, StoredArticle* article) const;
  // The article the one-parameter query `sql` selects (kArticleById, ...).
  template <typename Key>
  Result<std::optional<StoredArticle>> ReadOneArticle(const char* sql, const Key& key);
  Status FillSites(StorySummary* story);
  Status ReadCopyTimes(int64_t story_id, std::vector<CopyTime>* copies);
  // One host's figures (ListHostHealth), host_id 0 for a source's host
  // that has no hosts row yet.
  Status ReadHostHealth(int64_t host_id, int64_t window_start_ms, HostHealth* host);
  // Fetched pages per host and verdict, last fetched in [since_ms, until_ms]
  // (unset: unbounded), hosts with the most articles first.
  Status ReadPagesByHost(std::optional<int64_t> since_ms, std::optional<int64_t> until_ms,
                         std::vector<HostPageCount>* out);
  // An article's band keys in lsh_bands (store/sqlite/story_index.cpp).
  Status PutBands(int64_t article_id, std::span<const uint32_t> band_keys);
  // Removes an article's band keys: recomputed from its stored signature
  // with the recorded banding (the table is keyed by band key).
  Status DeleteBands(int64_t article_id);
  // The same, from the article's stored signature (EncodeSignature's blob).
  Status DeleteBands(int64_t article_id, std::string_view stored_signature);
  // Search-index writes wait for the batch's commit (CommitBatch writes
  // them, in order, just before COMMIT). FTS5 writes the terms it holds to
  // a new segment of the index each time a statement journal opens (its
  // xSavepoint), and every UPDATE of urls that sets article_id opens one
  // (an immediate foreign key): one segment per page crawled, then merged
  // again, was a tenth of a crawl's CPU (perf, bench/crawl). Written last,
  // a batch's documents make one segment. Nothing reads the index through
  // this connection inside a batch.
  struct SearchWrite {
    bool remove = false;  // FTS5 'delete' of what was indexed, else an insert
    int64_t article_id = 0;
    std::string title;  // normalised, as indexed
    std::string body;
  };
  void QueueSearchWrite(bool remove, int64_t article_id, std::string_view title, std::string_view body);
  Status WriteSearchIndex();

  sqlite::Database db_;
  std::string path_;
  bool in_batch_ = false;
  int64_t next_article_id_ = 0;  // 0: not read yet in this batch
  // host -> hosts.id; rows created in a batch that rolls back are forgotten.
  std::unordered_map<std::string, int64_t> host_ids_;
  TextNormalizer normalizer_;
  std::string normalized_title_;  // scratch, reused across articles
  std::string normalized_body_;
  std::vector<uint32_t> keys_;              // scratch for band keys
  std::vector<SearchWrite> search_writes_;  // queued in the open batch
};

// Opens the SQLite database at a file path (OpenStore's contract).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const StoreOptions& options);

}  // namespace wirecrawl
