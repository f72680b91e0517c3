// store/sqlite.h: RAII owners for sqlite3* and sqlite3_stmt*, and the one
// place where SQLite result codes become wirecrawl::Status. Internal to
// store/: nothing outside this folder includes it (SQL stays behind Store).
//
// Thread safety: a Database and its statements belong to one thread at a
// time (SQLite's own mutexes protect the library, not our statement cache).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace wirecrawl::sqlite {

// Turns a SQLite result code into a Status naming what we were doing
// (`what`) and SQLite's own message. SQLITE_BUSY/LOCKED become kBusy,
// NOTADB/CORRUPT become kCorruption, the rest kIoError.
Status Error(sqlite3* db, int rc, std::string_view what);

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

// A prepared statement, owned. Bind parameters are 1-based, columns 0-based,
// as in SQLite.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);  // copied (SQLITE_TRANSIENT)
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& BindBlob(int index, const void* data, size_t size);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  // Empty text binds NULL: optional text columns are NULL, not ''.
  Statement& BindTextOrNull(int index, std::string_view text);

  // One step: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to the end, for statements that return no rows.
  Status Run();
  void Reset();

  bool IsNull(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }
  int64_t Int64(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
  int Int(int column) const { return sqlite3_column_int(stmt_.get(), column); }
  double Double(int column) const { return sqlite3_column_double(stmt_.get(), column); }
  std::string Text(int column) const;           // NULL -> ""
  std::string_view TextView(int column) const;  // valid until the next Step/Reset
  std::string_view BlobView(int column) const;  // valid until the next Step/Reset
  std::optional<int64_t> OptionalInt64(int column) const;

  sqlite3_stmt* get() const { return stmt_.get(); }

 private:
  Status Fail(int rc) const;

  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> stmt_;
  int bind_error_ = SQLITE_OK;  // first Bind failure, reported by Step/Run
};

// A cached statement in use: resets it (and clears bindings) when it goes
// out of scope, so no statement keeps a read transaction open by accident.
class ScopedStatement {
 public:
  explicit ScopedStatement(Statement& stmt) : stmt_(&stmt) {}
  ~ScopedStatement() {
    stmt_->Reset();
    sqlite3_clear_bindings(stmt_->get());
  }
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;
  Statement* operator->() const { return stmt_; }
  Statement& operator*() const { return *stmt_; }

 private:
  Statement* stmt_;
};

// A connection, owned, with a cache of prepared statements keyed by the
// address of their SQL text (each SQL is a constant in the .cpp that uses it).
class Database {
 public:
  // flags: SQLITE_OPEN_* (FULLMUTEX is not needed: one thread per Database).
  static Result<Database> Open(const std::string& path, int flags);

  Database() = default;
  Database(Database&&) = default;
  Database& operator=(Database&&) = default;

  // Runs one or more statements that return no rows.
  Status Exec(const char* sql);
  Result<Statement> Prepare(std::string_view sql);
  // The cached statement for `sql`, prepared on first use. `sql` must be a
  // string constant with static storage: its address is the cache key.
  Result<Statement*> Cached(const char* sql);

  // The single-value result of a query (e.g. PRAGMA user_version).
  Result<int64_t> QueryInt64(const char* sql);

  sqlite3* get() const { return db_.get(); }
  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_.get()); }
  int Changes() const { return sqlite3_changes(db_.get()); }

 private:
  explicit Database(sqlite3* db) : db_(db) {}

  std::unique_ptr<sqlite3, DatabaseCloser> db_;
  // Statements are finalized before the connection closes: members are
  // destroyed in reverse order, and statements_ is declared last.
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

}  // namespace wirecrawl::sqlite
