// The SQLite Store: the crawler's state (sources, frontier, fetch log, hosts).
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {
namespace {

constexpr const char* kHostId = "SELECT id FROM hosts WHERE host = ?1";
constexpr const char* kInsertHost = "INSERT INTO hosts(host) VALUES (?1)";

// An origin only rises (SourceOrigin, weakest first).
#define WIRECRAWL_ORIGIN_RANK(o) \
  "CASE " o " WHEN 'command-line' THEN 0 WHEN 'discovered' THEN 1 WHEN 'added' THEN 2 ELSE 3 END"
constexpr const char* kInsertSource =
    "INSERT INTO sources(url, kind, refresh_interval_ms, added_ms, origin) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(url) DO UPDATE SET origin = excluded.origin "
    "WHERE " WIRECRAWL_ORIGIN_RANK("excluded.origin") " > " WIRECRAWL_ORIGIN_RANK("sources.origin");
#undef WIRECRAWL_ORIGIN_RANK
constexpr const char* kSourceId = "SELECT id FROM sources WHERE url = ?1";
constexpr const char* kDueSources =
    "SELECT id, url, kind, refresh_interval_ms, next_refresh_ms, last_refreshed_ms, last_status, etag, "
    "last_modified, last_error, consecutive_failures, origin, paused, added_ms FROM sources "
    "WHERE next_refresh_ms <= ?1 ORDER BY next_refresh_ms, id";
constexpr const char* kPauseSource = "UPDATE sources SET paused = ?2 WHERE url = ?1";
// A paused source's URL waits in the queue, due never; resumed, it is due now.
constexpr const char* kParkSourceUrl = "UPDATE urls SET next_due_ms = ?2 WHERE url = ?1 AND state = 'queued'";
constexpr const char* kDeleteSource = "DELETE FROM sources WHERE url = ?1";
constexpr const char* kSkipRemovedSourceUrl =
    "UPDATE urls SET state = 'skipped', last_error = 'source removed' WHERE url = ?1 AND state = 'queued'";
constexpr const char* kUpdateSource =
    "UPDATE sources SET refresh_interval_ms = ?2, next_refresh_ms = ?3, last_refreshed_ms = ?4, last_status "
    "= ?5, "
    "etag = ?6, last_modified = ?7, last_error = ?8, consecutive_failures = ?9 WHERE id = ?1";

constexpr const char* kInsertUrl =
    "INSERT INTO urls(url, host_id, source_id, kind, depth, priority, next_due_ms, discovered_ms, found_via) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(url) DO NOTHING";
constexpr const char* kPromoteUrl =
    "UPDATE urls SET priority = max(priority, ?2), depth = min(depth, ?3) "
    "WHERE url = ?1 AND state = 'queued' AND (priority < ?2 OR depth > ?3)";
// Whatever its state: the way a URL was found is evidence for the next
// time its page is classified (a revisit) and for `wirecrawl show`. The
// CASE ranks the stored value as FoundVia orders them (?3 is the new one's
// rank); NULL (a URL queued before schema version 8) ranks lowest.
constexpr const char* kStrengthenFoundVia =
    "UPDATE urls SET found_via = ?2 WHERE url = ?1 AND coalesce(CASE found_via WHEN 'link' THEN 0 "
    "WHEN 'redirect' THEN 1 WHEN 'teaser' THEN 2 WHEN 'sitemap' THEN 3 WHEN 'feed' THEN 4 "
    "WHEN 'news_sitemap' THEN 5 WHEN 'seed' THEN 6 END, -1) < ?3";
// Per host (not in back-off), its best due URLs; then the best of those.
// The inner query walks the partial index urls_queue.
constexpr const char* kDueUrls =
    "SELECT u.id, u.url, h.host, u.kind, u.depth, u.priority, u.attempts, u.etag, u.last_modified, "
    "u.source_id, u.found_via "
    "FROM hosts h JOIN urls u ON u.id IN (SELECT q.id FROM urls q WHERE q.host_id = h.id AND q.state = "
    "'queued' "
    "AND q.next_due_ms <= ?1 ORDER BY q.priority DESC, q.next_due_ms, q.id LIMIT ?3) "
    "WHERE h.backoff_until_ms <= ?1 AND h.host NOT IN (SELECT value FROM json_each(?4)) "
    "ORDER BY u.priority DESC, u.next_due_ms, u.id LIMIT ?2";
constexpr const char* kMarkFetching = "UPDATE urls SET state = 'fetching' WHERE id = ?1 AND state = 'queued'";
// A 304 keeps the validators it was asked with unless the server sent new ones.
constexpr const char* kMarkFetched =
    "UPDATE urls SET state = CASE WHEN ?2 IS NULL THEN 'done' ELSE 'queued' END, "
    "next_due_ms = coalesce(?2, next_due_ms), attempts = 0, last_fetched_ms = ?3, last_status = ?4, "
    "last_error = NULL, etag = CASE WHEN ?4 = 304 THEN coalesce(?5, etag) ELSE ?5 END, "
    "last_modified = CASE WHEN ?4 = 304 THEN coalesce(?6, last_modified) ELSE ?6 END, "
    "article_id = coalesce(?7, article_id), page_kind = coalesce(?8, page_kind), "
    "page_reason = coalesce(?9, page_reason) WHERE id = ?1";
constexpr const char* kMarkFailed =
    "UPDATE urls SET state = CASE WHEN ?2 IS NULL THEN 'failed' ELSE 'queued' END, "
    "next_due_ms = coalesce(?2, next_due_ms), attempts = attempts + 1, last_fetched_ms = ?3, last_status = "
    "?4, "
    "last_error = ?5 WHERE id = ?1";
constexpr const char* kMarkSkipped = "UPDATE urls SET state = 'skipped', last_error = ?2 WHERE id = ?1";
constexpr const char* kRequeue = "UPDATE urls SET state = 'queued' WHERE state = 'fetching'";
constexpr const char* kRequeueUrl =
    "UPDATE urls SET state = 'queued', next_due_ms = ?2, attempts = CASE WHEN state = 'queued' THEN attempts "
    "ELSE 0 END WHERE url = ?1";
constexpr const char* kNextQueuedDue = "SELECT min(next_due_ms) FROM urls WHERE state = 'queued'";
constexpr const char* kInsertFetch =
    "INSERT INTO fetches(url_id, started_ms, status, bytes, elapsed_ms, content_type, error, redirects) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

constexpr const char* kGetRobots =
    "SELECT robots_status, robots_body, robots_fetched_ms, robots_expires_ms FROM hosts "
    "WHERE host = ?1 AND robots_fetched_ms IS NOT NULL";
constexpr const char* kPutRobots =
    "INSERT INTO hosts(host, robots_status, robots_body, robots_fetched_ms, robots_expires_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(host) DO UPDATE SET robots_status = excluded.robots_status, "
    "robots_body = excluded.robots_body, robots_fetched_ms = excluded.robots_fetched_ms, "
    "robots_expires_ms = excluded.robots_expires_ms";
constexpr const char* kUrlsByState = "SELECT state, count(*) FROM urls GROUP BY state ORDER BY state";
constexpr const char* kGetPoliteness =
    "SELECT crawl_delay_ms, next_allowed_ms, backoff_until_ms, consecutive_errors FROM hosts WHERE host = ?1";
constexpr const char* kPutPoliteness =
    "INSERT INTO hosts(host, crawl_delay_ms, next_allowed_ms, backoff_until_ms, consecutive_errors) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(host) DO UPDATE SET crawl_delay_ms = excluded.crawl_delay_ms, "
    "next_allowed_ms = excluded.next_allowed_ms, backoff_until_ms = excluded.backoff_until_ms, "
    "consecutive_errors = excluded.consecutive_errors";

std::optional<UrlKind> ParseUrlKind(std::string_view text) {
  for (UrlKind k : {UrlKind::kPage, UrlKind::kArticle, UrlKind::kHub, UrlKind::kFeed, UrlKind::kSitemap}) {
    if (text == ToString(k)) return k;
  }
  return std::nullopt;
}

constexpr FoundVia kAllFoundVia[] = {FoundVia::kLink,    FoundVia::kRedirect, FoundVia::kTeaser,
                                     FoundVia::kSitemap, FoundVia::kFeed,     FoundVia::kNewsSitemap,
                                     FoundVia::kSeed};

// NULL (queued before schema version 8) reads as a link: no evidence.
FoundVia ParseFoundVia(std::string_view text) {
  for (FoundVia v : kAllFoundVia) {
    if (text == ToString(v)) return v;
  }
  return FoundVia::kLink;
}

std::optional<SourceKind> ParseSourceKind(std::string_view text) {
  for (SourceKind k : {SourceKind::kSeed, SourceKind::kFeed, SourceKind::kSitemap}) {
    if (text == ToString(k)) return k;
  }
  return std::nullopt;
}

std::optional<SourceOrigin> ParseSourceOrigin(std::string_view text) {
  for (SourceOrigin o :
       {SourceOrigin::kCommandLine, SourceOrigin::kDiscovered, SourceOrigin::kAdded, SourceOrigin::kConfig}) {
    if (text == ToString(o)) return o;
  }
  return std::nullopt;
}

Status RequireChanged(sqlite::Database& db, const char* what, int64_t id) {
  if (db.Changes() > 0) return Status::Ok();
  return Status::NotFound(std::string("no ") + what + " with id " + std::to_string(id));
}

}  // namespace

const char* ToString(UrlKind kind) {
  switch (kind) {
    case UrlKind::kPage:
      return "page";
    case UrlKind::kArticle:
      return "article";
    case UrlKind::kHub:
      return "hub";
    case UrlKind::kFeed:
      return "feed";
    case UrlKind::kSitemap:
      return "sitemap";
  }
  return "page";
}

const char* ToString(FoundVia via) {
  switch (via) {
    case FoundVia::kLink:
      return "link";
    case FoundVia::kRedirect:
      return "redirect";
    case FoundVia::kTeaser:
      return "teaser";
    case FoundVia::kSitemap:
      return "sitemap";
    case FoundVia::kFeed:
      return "feed";
    case FoundVia::kNewsSitemap:
      return "news_sitemap";
    case FoundVia::kSeed:
      return "seed";
  }
  return "link";
}

const char* ToString(UrlState state) {
  switch (state) {
    case UrlState::kQueued:
      return "queued";
    case UrlState::kFetching:
      return "fetching";
    case UrlState::kDone:
      return "done";
    case UrlState::kFailed:
      return "failed";
    case UrlState::kSkipped:
      return "skipped";
  }
  return "queued";
}

const char* ToString(SourceKind kind) {
  switch (kind) {
    case SourceKind::kSeed:
      return "seed";
    case SourceKind::kFeed:
      return "feed";
    case SourceKind::kSitemap:
      return "sitemap";
  }
  return "seed";
}

const char* ToString(SourceOrigin origin) {
  switch (origin) {
    case SourceOrigin::kCommandLine:
      return "command-line";
    case SourceOrigin::kDiscovered:
      return "discovered";
    case SourceOrigin::kAdded:
      return "added";
    case SourceOrigin::kConfig:
      return "config";
  }
  return "config";
}

Result<int64_t> SqliteStore::HostId(std::string_view host) {
  std::string key(host);
  if (auto it = host_ids_.find(key); it != host_ids_.end()) return it->second;
  int64_t id = 0;
  {
    Result<sqlite::Statement*> stmt = Cached(kHostId);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, host);
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (*row) id = select->Int64(0);
  }
  if (id == 0) {
    Result<sqlite::Statement*> stmt = Cached(kInsertHost);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement insert(**stmt);
    insert->Bind(1, host);
    WIRECRAWL_RETURN_IF_ERROR(insert->Run());
    id = db_.LastInsertRowid();
  }
  host_ids_.emplace(std::move(key), id);
  return id;
}

Result<int64_t> SqliteStore::AddSource(std::string_view url, SourceKind kind, SourceOrigin origin,
                                       int64_t refresh_interval_ms) {
  if (refresh_interval_ms <= 0) return Status::InvalidArgument("source refresh interval must be positive");
  {
    Result<sqlite::Statement*> stmt = Cached(kInsertSource);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement insert(**stmt);
    insert->Bind(1, url)
        .Bind(2, ToString(kind))
        .Bind(3, refresh_interval_ms)
        .Bind(4, NowMs())
        .Bind(5, ToString(origin));
    WIRECRAWL_RETURN_IF_ERROR(insert->Run());
  }
  Result<sqlite::Statement*> stmt = Cached(kSourceId);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, url);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::IoError("source " + std::string(url) + " vanished after insert");
  return select->Int64(0);
}

Result<std::vector<Source>> SqliteStore::DueSources(int64_t now_ms) {
  Result<sqlite::Statement*> stmt = Cached(kDueSources);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, now_ms);
  std::vector<Source> sources;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return sources;
    Source& src = sources.emplace_back();
    src.id = select->Int64(0);
    src.url = select->Text(1);
    std::optional<SourceKind> kind = ParseSourceKind(select->TextView(2));
    if (!kind) return Status::Corruption("source " + src.url + " has unknown kind " + select->Text(2));
    src.kind = *kind;
    src.refresh_interval_ms = select->Int64(3);
    src.next_refresh_ms = select->Int64(4);
    src.last_refreshed_ms = select->OptionalInt64(5);
    if (!select->IsNull(6)) src.last_status = select->Int(6);
    src.etag = select->Text(7);
    src.last_modified = select->Text(8);
    src.last_error = select->Text(9);
    src.consecutive_failures = select->Int(10);
    std::optional<SourceOrigin> origin = ParseSourceOrigin(select->TextView(11));
    if (!origin) return Status::Corruption("source " + src.url + " has unknown origin " + select->Text(11));
    src.origin = *origin;
    src.paused = select->Int(12) != 0;
    src.added_ms = select->Int64(13);
  }
}

Result<bool> SqliteStore::SetSourcePaused(std::string_view url, bool paused, int64_t now_ms) {
  {
    Result<sqlite::Statement*> stmt = Cached(kPauseSource);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement update(**stmt);
    update->Bind(1, url).Bind(2, int64_t{paused ? 1 : 0});
    WIRECRAWL_RETURN_IF_ERROR(update->Run());
    if (db_.Changes() == 0) return false;
  }
  Result<sqlite::Statement*> stmt = Cached(kParkSourceUrl);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement park(**stmt);
  park->Bind(1, url).Bind(2, paused ? INT64_MAX : now_ms);
  WIRECRAWL_RETURN_IF_ERROR(park->Run());
  return true;
}

Result<bool> SqliteStore::RemoveSource(std::string_view url) {
  {
    Result<sqlite::Statement*> stmt = Cached(kDeleteSource);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement remove(**stmt);
    remove->Bind(1, url);
    WIRECRAWL_RETURN_IF_ERROR(remove->Run());
    if (db_.Changes() == 0) return false;
  }
  Result<sqlite::Statement*> stmt = Cached(kSkipRemovedSourceUrl);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement skip(**stmt);
  skip->Bind(1, url);
  WIRECRAWL_RETURN_IF_ERROR(skip->Run());
  return true;
}

Status SqliteStore::UpdateSourceState(const Source& source) {
  if (source.refresh_interval_ms <= 0)
    return Status::InvalidArgument("source refresh interval must be positive");
  Result<sqlite::Statement*> stmt = Cached(kUpdateSource);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement update(**stmt);
  update->Bind(1, source.id)
      .Bind(2, source.refresh_interval_ms)
      .Bind(3, source.next_refresh_ms)
      .Bind(4, source.last_refreshed_ms)
      .Bind(5, source.last_status)
      .BindTextOrNull(6, source.etag)
      .BindTextOrNull(7, source.last_modified)
      .BindTextOrNull(8, source.last_error)
      .Bind(9, source.consecutive_failures);
  WIRECRAWL_RETURN_IF_ERROR(update->Run());
  return RequireChanged(db_, "source", source.id);
}

Result<bool> SqliteStore::Enqueue(const UrlToEnqueue& url) {
  std::string host = HostOfUrl(url.url);
  if (host.empty()) return Status::InvalidArgument("cannot enqueue " + url.url + ": not an absolute URL");
  // Two writes, but no need for them to be atomic: a host row without URLs
  // is valid, and the URL insert is one statement.
  Result<int64_t> host_id = HostId(host);
  if (!host_id.ok()) return host_id.status();
  bool inserted = false;
  {
    Result<sqlite::Statement*> stmt = Cached(kInsertUrl);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement insert(**stmt);
    insert->Bind(1, url.url)
        .Bind(2, *host_id)
        .Bind(3, url.source_id)
        .Bind(4, ToString(url.kind))
        .Bind(5, url.depth)
        .Bind(6, url.priority)
        .Bind(7, url.due_ms)
        .Bind(8, NowMs())
        .Bind(9, ToString(url.found_via));
    WIRECRAWL_RETURN_IF_ERROR(insert->Run());
    inserted = db_.Changes() > 0;
  }
  if (inserted) return true;
  {
    Result<sqlite::Statement*> stmt = Cached(kPromoteUrl);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement promote(**stmt);
    promote->Bind(1, url.url).Bind(2, url.priority).Bind(3, url.depth);
    WIRECRAWL_RETURN_IF_ERROR(promote->Run());
  }
  // A plain link is the weakest evidence: most rediscoveries are links,
  // and they never strengthen anything.
  if (url.found_via != FoundVia::kLink) {
    Result<sqlite::Statement*> stmt = Cached(kStrengthenFoundVia);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement strengthen(**stmt);
    strengthen->Bind(1, url.url)
        .Bind(2, ToString(url.found_via))
        .Bind(3, static_cast<int64_t>(url.found_via));
    WIRECRAWL_RETURN_IF_ERROR(strengthen->Run());
  }
  return false;
}

Result<std::vector<DueUrl>> SqliteStore::TakeDue(int64_t now_ms, size_t limit, size_t per_host,
                                                 const std::vector<std::string>& skip_hosts) {
  std::vector<DueUrl> due;
  if (limit == 0 || per_host == 0) return due;
  Status s = Atomically([&]() -> Status {
    {
      Result<sqlite::Statement*> stmt = Cached(kDueUrls);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement select(**stmt);
      select->Bind(1, now_ms).Bind(2, static_cast<int64_t>(limit)).Bind(3, static_cast<int64_t>(per_host));
      select->Bind(4, nlohmann::json(skip_hosts).dump());
      while (true) {
        Result<bool> row = select->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        DueUrl& u = due.emplace_back();
        u.id = select->Int64(0);
        u.url = select->Text(1);
        u.host = select->Text(2);
        std::optional<UrlKind> kind = ParseUrlKind(select->TextView(3));
        if (!kind) return Status::Corruption("URL " + u.url + " has unknown kind " + select->Text(3));
        u.kind = *kind;
        u.depth = select->Int(4);
        u.priority = select->Int(5);
        u.attempts = select->Int(6);
        u.etag = select->Text(7);
        u.last_modified = select->Text(8);
        u.source_id = select->OptionalInt64(9);
        u.found_via = ParseFoundVia(select->TextView(10));
      }
    }
    Result<sqlite::Statement*> stmt = Cached(kMarkFetching);
    if (!stmt.ok()) return stmt.status();
    for (const DueUrl& u : due) {
      sqlite::ScopedStatement mark(**stmt);
      mark->Bind(1, u.id);
      WIRECRAWL_RETURN_IF_ERROR(mark->Run());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return due;
}

Status SqliteStore::MarkFetched(const FetchedUrl& fetched) {
  Result<sqlite::Statement*> stmt = Cached(kMarkFetched);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement update(**stmt);
  update->Bind(1, fetched.url_id)
      .Bind(2, fetched.refetch_at_ms)
      .Bind(3, fetched.fetched_ms)
      .Bind(4, fetched.http_status)
      .BindTextOrNull(5, fetched.etag)
      .BindTextOrNull(6, fetched.last_modified)
      .Bind(7, fetched.article_id)
      .BindTextOrNull(8, fetched.page_kind)
      .BindTextOrNull(9, fetched.page_reason);
  WIRECRAWL_RETURN_IF_ERROR(update->Run());
  return RequireChanged(db_, "URL", fetched.url_id);
}

Status SqliteStore::MarkFailed(const FailedUrl& failed) {
  Result<sqlite::Statement*> stmt = Cached(kMarkFailed);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement update(**stmt);
  update->Bind(1, failed.url_id)
      .Bind(2, failed.retry_at_ms)
      .Bind(3, failed.failed_ms)
      .Bind(4, failed.http_status)
      .BindTextOrNull(5, failed.error);
  WIRECRAWL_RETURN_IF_ERROR(update->Run());
  return RequireChanged(db_, "URL", failed.url_id);
}

Status SqliteStore::MarkSkipped(int64_t url_id, std::string_view reason) {
  Result<sqlite::Statement*> stmt = Cached(kMarkSkipped);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement update(**stmt);
  update->Bind(1, url_id).BindTextOrNull(2, reason);
  WIRECRAWL_RETURN_IF_ERROR(update->Run());
  return RequireChanged(db_, "URL", url_id);
}

Result<int64_t> SqliteStore::RequeueInFlight() {
  Result<sqlite::Statement*> stmt = Cached(kRequeue);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement update(**stmt);
  WIRECRAWL_RETURN_IF_ERROR(update->Run());
  return static_cast<int64_t>(db_.Changes());
}

Result<bool> SqliteStore::Requeue(std::string_view url, int64_t due_ms) {
  Result<sqlite::Statement*> stmt = Cached(kRequeueUrl);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement update(**stmt);
  update->Bind(1, url).Bind(2, due_ms);
  WIRECRAWL_RETURN_IF_ERROR(update->Run());
  return db_.Changes() > 0;
}

Result<std::optional<int64_t>> SqliteStore::NextQueuedDueMs() {
  Result<sqlite::Statement*> stmt = Cached(kNextQueuedDue);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<int64_t>();
  return select->OptionalInt64(0);
}

Result<std::vector<std::pair<std::string, int64_t>>> SqliteStore::CountUrlsByState() {
  Result<sqlite::Statement*> stmt = Cached(kUrlsByState);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  std::vector<std::pair<std::string, int64_t>> counts;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return counts;
    counts.emplace_back(select->Text(0), select->Int64(1));
  }
}

Status SqliteStore::RecordFetch(const FetchRecord& fetch) {
  Result<sqlite::Statement*> stmt = Cached(kInsertFetch);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement insert(**stmt);
  insert->Bind(1, fetch.url_id)
      .Bind(2, fetch.started_ms)
      .Bind(3, fetch.http_status)
      .Bind(4, fetch.bytes)
      .Bind(5, fetch.elapsed_ms)
      .BindTextOrNull(6, fetch.content_type)
      .BindTextOrNull(7, fetch.error);
  if (fetch.redirects.empty()) {
    insert->BindNull(8);
  } else {
    // JSON, so that sqlite3 users can take the chain apart with json_each.
    insert->Bind(
        8, nlohmann::json(fetch.redirects).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return insert->Run();
}

Result<std::optional<RobotsCacheEntry>> SqliteStore::GetRobots(std::string_view host) {
  Result<sqlite::Statement*> stmt = Cached(kGetRobots);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, host);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<RobotsCacheEntry>();
  RobotsCacheEntry entry;
  entry.http_status = select->Int(0);
  entry.body = std::string(select->BlobView(1));
  entry.fetched_ms = select->Int64(2);
  entry.expires_ms = select->Int64(3);
  return std::optional<RobotsCacheEntry>(std::move(entry));
}

Status SqliteStore::PutRobots(std::string_view host, const RobotsCacheEntry& robots) {
  if (host.empty()) return Status::InvalidArgument("robots.txt for an empty host");
  Result<sqlite::Statement*> stmt = Cached(kPutRobots);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement upsert(**stmt);
  upsert->Bind(1, host)
      .Bind(2, robots.http_status)
      .BindBlob(3, robots.body.data(), robots.body.size())
      .Bind(4, robots.fetched_ms)
      .Bind(5, robots.expires_ms);
  return upsert->Run();
}

Result<HostPoliteness> SqliteStore::GetPoliteness(std::string_view host) {
  Result<sqlite::Statement*> stmt = Cached(kGetPoliteness);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, host);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  HostPoliteness politeness;
  if (*row) {
    politeness.crawl_delay_ms = select->Int64(0);
    politeness.next_allowed_ms = select->Int64(1);
    politeness.backoff_until_ms = select->Int64(2);
    politeness.consecutive_errors = select->Int(3);
  }
  return politeness;
}

Status SqliteStore::PutPoliteness(std::string_view host, const HostPoliteness& politeness) {
  if (host.empty()) return Status::InvalidArgument("politeness for an empty host");
  Result<sqlite::Statement*> stmt = Cached(kPutPoliteness);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement upsert(**stmt);
  upsert->Bind(1, host)
      .Bind(2, politeness.crawl_delay_ms)
      .Bind(3, politeness.next_allowed_ms)
      .Bind(4, politeness.backoff_until_ms)
      .Bind(5, politeness.consecutive_errors);
  return upsert->Run();
}

}  // namespace wirecrawl
