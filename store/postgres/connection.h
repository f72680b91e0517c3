// store/postgres/connection.h: RAII owners for PGconn* and PGresult*, query
// parameters in libpq's text format, and the one place where PostgreSQL
// errors (SQLSTATE codes) become wirecrawl::Status. Internal to store/.
//
// Thread safety: a Connection belongs to one thread at a time (libpq
// connections are not shared between threads).
//
// Passwords: a connection URI may carry one; RedactUri is what any message
// shows, and libpq's own messages never include it.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace wirecrawl::pg {

// "postgresql://..." or "postgres://..." (a libpq connection URI).
bool IsPostgresUri(std::string_view location);
// The URI with its password (user:PASSWORD@ or ?password=...) replaced by
// "***", for logs and error messages.
std::string RedactUri(std::string_view uri);

struct ConnectionCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};

// Query parameters, $1, $2, ... in order, sent as text (PostgreSQL casts
// them to the column types). Empty text is a value, not NULL: use
// AddTextOrNull for optional text columns.
class Params {
 public:
  Params& Add(int64_t value);
  Params& Add(int value) { return Add(static_cast<int64_t>(value)); }
  Params& Add(uint64_t value) = delete;  // say which: a hash goes through HashToColumn
  Params& Add(double value);
  Params& Add(bool value) { return AddText(value ? "t" : "f"); }
  Params& Add(std::string_view text) { return AddText(text); }
  Params& Add(const char* text) { return AddText(text); }
  Params& Add(const std::string& text) { return AddText(text); }
  template <typename T>
  Params& Add(const std::optional<T>& value) {
    return value ? Add(*value) : AddNull();
  }
  Params& AddTextOrNull(std::string_view text) { return text.empty() ? AddNull() : AddText(text); }
  // A bytea value (hex format).
  Params& AddBytes(std::string_view bytes);
  // An array of bigint ('{1,2,3}').
  Params& AddInt64Array(const std::vector<int64_t>& values);
  Params& AddNull();

  int size() const { return static_cast<int>(values_.size()); }
  // For PQexecPrepared: pointers into this object, valid while it lives.
  std::vector<const char*> Pointers() const;

 private:
  Params& AddText(std::string_view text);
  std::vector<std::string> values_;
  std::vector<bool> null_;
};

// A query's result, owned. Rows and columns are 0-based; values arrive as
// text and are parsed on access.
class Rows {
 public:
  Rows() = default;
  explicit Rows(PGresult* result) : result_(result) {}

  int size() const { return result_ ? PQntuples(result_.get()) : 0; }
  bool empty() const { return size() == 0; }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  int64_t Int64(int row, int column) const;  // NULL -> 0
  int Int(int row, int column) const { return static_cast<int>(Int64(row, column)); }
  double Double(int row, int column) const;
  bool Bool(int row, int column) const { return TextView(row, column) == "t"; }
  std::string Text(int row, int column) const { return std::string(TextView(row, column)); }
  std::string_view TextView(int row, int column) const;  // NULL -> ""
  std::optional<int64_t> OptionalInt64(int row, int column) const;
  std::string Bytes(int row, int column) const;  // a bytea column
  // Rows an INSERT/UPDATE/DELETE touched.
  int64_t Affected() const;

 private:
  std::unique_ptr<PGresult, ResultClearer> result_;
};

// A connection, owned, with prepared statements keyed by the address of
// their SQL text (each SQL is a constant in the .cpp that uses it).
class Connection {
 public:
  // `uri`: a libpq connection string; PG* environment variables and
  // ~/.pgpass fill in what it leaves out.
  static Result<Connection> Open(const std::string& uri);

  Connection() = default;
  Connection(Connection&&) = default;
  Connection& operator=(Connection&&) = default;

  // Runs one or more statements without parameters or rows (DDL, BEGIN).
  Status Exec(const char* sql);
  // Runs `sql` (a string constant with static storage: prepared once per
  // connection, its address is the key) with `params`.
  Result<Rows> Query(const char* sql, const Params& params = {});
  // Runs `sql` once, unprepared (SQL built at run time).
  Result<Rows> QueryOnce(const std::string& sql, const Params& params = {});
  // The single value of the first row (0 when no row or NULL).
  Result<int64_t> QueryInt64(const char* sql, const Params& params = {});

  // Inside a transaction, or a failed one waiting for ROLLBACK.
  bool InTransaction() const;
  PGconn* get() const { return conn_.get(); }
  const std::string& redacted_uri() const { return redacted_uri_; }

 private:
  Result<Rows> Check(PGresult* result, std::string_view what);

  std::unique_ptr<PGconn, ConnectionCloser> conn_;
  std::string redacted_uri_;
  std::unordered_map<const char*, std::string> prepared_;  // SQL address -> statement name
};

// A failed result or connection as a Status: serialization failures,
// deadlocks and lock timeouts are kBusy (the caller may retry the batch),
// integrity violations kInvalidArgument, data corruption kCorruption, the
// rest kIoError; the message has PostgreSQL's own text and SQLSTATE.
Status Error(PGconn* conn, const PGresult* result, std::string_view what);

// The 64-bit hashes dedup computes are stored in bigint columns, bit for bit.
inline int64_t HashToColumn(uint64_t hash) { return static_cast<int64_t>(hash); }
inline uint64_t HashFromColumn(int64_t value) { return static_cast<uint64_t>(value); }

}  // namespace wirecrawl::pg
