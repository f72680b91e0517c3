// The PostgreSQL Store: opening, the worker's identity, batches.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "store/postgres/postgres_store.h"
#include "store/postgres/schema.h"

namespace wirecrawl {
namespace {

std::string NewWorkerId() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  char suffix[9];
  std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(random()));
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + suffix;
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri, const StoreOptions& options) {
  const std::string shown = pg::RedactUri(uri);
  Result<pg::Connection> db = pg::Connection::Open(uri);
  if (!db.ok()) return db.status();
  // Times in messages and views are UTC; a batch waits for another
  // process's row lock at most busy_timeout_ms, as SQLite's writers do.
  std::string settings = "SET TIME ZONE 'UTC'; SET client_min_messages = warning; SET lock_timeout = " +
                         std::to_string(options.busy_timeout_ms) + ";" +
                         (options.fsync_each_commit ? " SET synchronous_commit = on;" : "");
  Status s = db->Exec(settings.c_str());
  if (s.ok() && options.read_only) {
    s = db->Exec("SET default_transaction_read_only = on");
    if (s.ok()) s = pg_schema::CheckCurrent(*db);
  } else if (s.ok()) {
    if (!options.create) {
      Result<int64_t> tables =
          db->QueryInt64("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
      if (!tables.ok()) return WithContext(tables.status(), shown);
      if (*tables == 0) return Status::NotFound("no wirecrawl database at " + shown + " (no tables)");
    }
    s = pg_schema::Migrate(*db);
  }
  if (!s.ok()) return WithContext(s, shown);
  auto store = std::make_unique<PostgresStore>(std::move(db).value(), options);
  store->KeepUri(uri);  // for its side connection (crawl_state.cpp)
  if (!options.read_only) {
    if (Status registered = store->RegisterWorkerForOpen(); !registered.ok())
      return WithContext(registered, shown);
  }
  return std::unique_ptr<Store>(std::move(store));
}

PostgresStore::PostgresStore(pg::Connection db, const StoreOptions& options)
    : db_(std::move(db)), options_(options), worker_id_(NewWorkerId()) {}

PostgresStore::~PostgresStore() {
  if (in_batch_) {
    spdlog::warn("store {}: closed with an open batch; it was rolled back", db_.redacted_uri());
    RollbackBatch();
  }
  if (registered_) Retire();
}

Status PostgresStore::RegisterWorkerForOpen() {
  int64_t now = WallMs();
  Result<pg::Rows> rows = db_.Query(
      "INSERT INTO workers(id, started_ms, heartbeat_ms) VALUES ($1, $2, $2) "
      "ON CONFLICT (id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms",
      pg::Params().Add(worker_id_).Add(now));
  if (!rows.ok()) return rows.status();
  registered_ = true;
  return Status::Ok();
}

void PostgresStore::Retire() {
  // Best effort: a worker that cannot say goodbye loses its leases at
  // expiry instead. Its hosts' URLs still fetching (a stop that did not
  // requeue them) go back to the queue with the lease.
  Status s = db_.Exec("BEGIN");
  if (s.ok()) {
    Result<pg::Rows> requeued = db_.Query(
        "UPDATE urls SET state = 'queued' WHERE state = 'fetching' AND host_id IN "
        "(SELECT id FROM hosts WHERE lease_owner = $1)",
        pg::Params().Add(worker_id_));
    Result<pg::Rows> released =
        db_.Query("UPDATE hosts SET lease_owner = NULL, lease_until_ms = 0 WHERE lease_owner = $1",
                  pg::Params().Add(worker_id_));
    Result<pg::Rows> gone = db_.Query("DELETE FROM workers WHERE id = $1", pg::Params().Add(worker_id_));
    s = requeued.ok() && released.ok() && gone.ok() ? db_.Exec("COMMIT") : Status::IoError("retire failed");
  }
  if (!s.ok()) {
    (void)db_.Exec("ROLLBACK");
    spdlog::warn("store {}: could not release this worker's host leases ({}); they expire in {} ms",
                 db_.redacted_uri(), s.message(), options_.host_lease_ms);
  }
  registered_ = false;
}

Status PostgresStore::BeginBatch() {
  if (in_batch_) return Status::InvalidArgument("a batch is already open");
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec("BEGIN"));
  in_batch_ = true;
  next_article_id_ = 0;
  story_lock_held_ = false;
  return Status::Ok();
}

Status PostgresStore::CommitBatch() {
  if (!in_batch_) return Status::InvalidArgument("no batch is open");
  Status s = db_.Exec("COMMIT");
  if (!s.ok()) {
    RollbackBatch();
    return s;
  }
  // COMMIT of a transaction that failed earlier reports success and rolls
  // back: Run() has already closed the batch in that case, so here the
  // transaction was good.
  in_batch_ = false;
  story_lock_held_ = false;
  return s;
}

void PostgresStore::RollbackBatch() {
  if (!in_batch_) return;
  if (db_.InTransaction()) (void)db_.Exec("ROLLBACK");
  in_batch_ = false;
  next_article_id_ = 0;
  story_lock_held_ = false;
}

Status PostgresStore::Atomically(const std::function<Status()>& writes) {
  if (!in_batch_) return WithBatch(*this, writes);
  Status s = writes();
  if (s.ok()) return s;
  return AbortBatch(s);
}

Status PostgresStore::AbortBatch(const Status& cause) {
  RollbackBatch();
  return WithContext(cause, "the open batch was rolled back");
}

Result<pg::Rows> PostgresStore::Run(const char* sql, const pg::Params& params) {
  Result<pg::Rows> rows = db_.Query(sql, params);
  // PostgreSQL aborts the whole transaction on any error: the batch is gone.
  if (!rows.ok() && in_batch_) return AbortBatch(rows.status());
  return rows;
}

std::string_view PostgresStore::NormalizedTitle(const NormalizedText& given, std::string_view title) {
  if (given.title) return *given.title;
  normalizer_.Normalize(title, &normalized_title_);
  return normalized_title_;
}

std::string_view PostgresStore::NormalizedBody(const NormalizedText& given, std::string_view body) {
  if (given.body) return *given.body;
  normalizer_.Normalize(body, &normalized_body_);
  return normalized_body_;
}

}  // namespace wirecrawl
