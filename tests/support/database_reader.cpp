#include "tests/support/database_reader.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <memory>

namespace wirecrawl::testing {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

// A PostgreSQL database (a postgresql:// URI), read as psql would.
QueryResult ReadPostgres(const std::string& uri, const std::string& sql) {
  QueryResult result;
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(uri.c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    result.error = PQerrorMessage(conn.get());
    return result;
  }
  std::unique_ptr<PGresult, void (*)(PGresult*)> rows(PQexec(conn.get(), sql.c_str()), PQclear);
  if (PQresultStatus(rows.get()) != PGRES_TUPLES_OK) {
    result.error = PQresultErrorMessage(rows.get());
    return result;
  }
  for (int r = 0; r < PQntuples(rows.get()); ++r) {
    auto& row = result.rows.emplace_back();
    for (int c = 0; c < PQnfields(rows.get()); ++c) row.emplace_back(PQgetvalue(rows.get(), r, c));
  }
  result.ok = true;
  return result;
}

}  // namespace

QueryResult ReadDatabase(const std::string& db_path, const std::string& sql) {
  if (db_path.rfind("postgresql://", 0) == 0 || db_path.rfind("postgres://", 0) == 0) {
    return ReadPostgres(db_path, sql);
  }
  QueryResult result;
  sqlite3* raw_db = nullptr;
  // Read-write without CREATE, as the sqlite3 shell opens a file: a missing
  // file is an error, and the last connection to close checkpoints and
  // removes the -wal file (a read-only one would leave it behind).
  int rc = sqlite3_open_v2(db_path.c_str(), &raw_db, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, CloseDatabase> db(raw_db);  // a handle comes back even on failure
  if (rc != SQLITE_OK) {
    result.error = raw_db ? sqlite3_errmsg(raw_db) : "out of memory";
    return result;
  }
  // The writer may hold the lock for a checkpoint or WAL recovery.
  sqlite3_busy_timeout(db.get(), 5000);
  sqlite3_stmt* raw_stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw_stmt, nullptr) != SQLITE_OK) {
    result.error = sqlite3_errmsg(db.get());
    return result;
  }
  std::unique_ptr<sqlite3_stmt, FinalizeStatement> stmt(raw_stmt);
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    auto& row = result.rows.emplace_back();
    for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) {
      const unsigned char* text = sqlite3_column_text(stmt.get(), i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  if (rc != SQLITE_DONE) {
    result.error = sqlite3_errmsg(db.get());
    return result;
  }
  result.ok = true;
  return result;
}

int64_t ReadCount(const std::string& db_path, const std::string& sql) {
  QueryResult result = ReadDatabase(db_path, sql);
  if (!result.ok || result.rows.empty() || result.rows[0].empty()) return -1;
  const std::string& text = result.rows[0][0];
  char* end = nullptr;
  long long n = std::strtoll(text.c_str(), &end, 10);
  return text.empty() || *end != '\0' ? -1 : n;
}

bool HasSchema(const std::string& db_path) {
  if (db_path.rfind("postgres", 0) == 0) {
    return ReadCount(db_path, "SELECT count(*) FROM pg_tables WHERE tablename = 'articles'") == 1;
  }
  return ReadCount(db_path,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'articles'") == 1;
}

}  // namespace wirecrawl::testing
