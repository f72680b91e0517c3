// store/store.h: the crawl database: frontier, fetch log, hosts, sources,
// articles with their versions, stories (dedup clusters), full-text search
// and what the crawler learned about each site.
//
// A Store is one connection in the roles its users play, each a small
// interface of its own: CrawlState (store/crawl_state.h), ArticleSink
// (store/article_sink.h), ArchiveReader (store/archive_reader.h),
// SiteKnowledge (store/site_knowledge.h), and the WriteBatches below. They
// speak in records (store/records.h), never in SQL, so that a second
// backend (PostgreSQL, for crawling from several machines) can sit behind
// them role by role. OpenStore returns the SQLite
// backend (store/sqlite/); its schema is documented in store/SCHEMA.md.
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
#include "store/archive_reader.h"
#include "store/article_sink.h"
#include "store/crawl_state.h"
#include "store/maintenance.h"
#include "store/records.h"
#include "store/site_knowledge.h"

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
  // Open the file read-only (SQLITE_OPEN_READONLY), for a reader that must
  // never write (`wirecrawl serve`): create and require_write are ignored,
  // no migration runs (a database of an older schema is kUnsupported: open
  // it once with a writing command), and it reads beside a running writer
  // (WAL) like any other reader.
  bool read_only = false;
  // How long a writer waits for another writer's batch before Status::Busy.
  int busy_timeout_ms = 10000;
  // false: a commit survives a process crash or kill (WAL, synchronous=NORMAL);
  // a power loss may drop the last batches but never corrupts.
  // true: every commit is also fsync'ed (synchronous=FULL).
  bool fsync_each_commit = false;
  // PostgreSQL (several crawler processes on one database): how long a
  // host stays leased to a process that stops renewing it (a process that
  // died). A live process renews its leases well before. Ignored by SQLite.
  int64_t host_lease_ms = 30000;
};

// The write batch of one connection. Every write of every role belongs to
// a batch; its owner (the crawl loop, the ingest command) begins it and
// commits it.
class WriteBatches {
 public:
  virtual ~WriteBatches() = default;
  // REQUIRES: no batch open. Waits for the write lock (busy_timeout_ms).
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;
  // Discards the open batch, if any.
  virtual void RollbackBatch() = 0;
  virtual bool InBatch() const = 0;
  // True when the open batch holds a lock that other processes queue on
  // (PostgreSQL: the story-assignment lock, taken by the batch's first
  // story-index lookup and held to its commit). Its owner commits soon
  // rather than at its usual interval. SQLite: always false (its one
  // writer holds the whole database anyway).
  virtual bool HoldsSharedLock() const { return false; }
};

// One connection to the database, in every role. Callers hold the role
// they use: CrawlState and SiteKnowledge (crawler), ArticleSink (ingest),
// ArchiveReader (queries), Maintenance (optimize, the daemon's upkeep),
// WriteBatches (whoever owns the batch).
class Store : public WriteBatches,
              public CrawlState,
              public ArticleSink,
              public ArchiveReader,
              public Maintenance,
              public SiteKnowledge {
 public:
  // The schema version this build writes (PRAGMA user_version).
  static constexpr int kSchemaVersion = 8;
};

// Opens (creating if allowed) the database at `location` and upgrades an
// older schema in one transaction. `location` is a file path (SQLite), or a
// libpq connection URI, "postgresql://USER@HOST:PORT/DBNAME" or
// "postgres://...", with PG* environment variables and ~/.pgpass for what it
// leaves out (PostgreSQL: store/postgres/). Errors: kNotFound (no file, or
// no wirecrawl schema, and !create), kUnsupported (schema newer than this
// build, or not a wirecrawl database), kCorruption (not a database), kBusy,
// kIoError (also: the server cannot be reached). No message shows a password.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const StoreOptions& options = {});

// True when `location` names a database server (a PostgreSQL URI) rather
// than a file: no file checks, no directories to create.
bool IsDatabaseUri(std::string_view location);
// `location` as logs and messages show it: a URI without its password.
std::string DisplayLocation(std::string_view location);

// Runs a batch: BeginBatch, body, CommitBatch; rolls back if body fails.
Status WithBatch(WriteBatches& batches, const std::function<Status()>& body);

}  // namespace wirecrawl
