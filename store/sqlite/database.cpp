#include "store/sqlite/database.h"

#include <sys/resource.h>
#include <sys/statvfs.h>

#include <cstring>
#include <utility>

namespace wirecrawl::sqlite {

namespace {

// SQLite often loses the reason a write failed: a short write under a
// file-size limit reports "disk I/O error" with no errno at all, and a full
// disk reports no numbers. Say what bounds writes to this database.
std::string WriteLimit(sqlite3* db) {
  struct rlimit limit {};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    return "this process may not write files over " + std::to_string(limit.rlim_cur) +
           " bytes (RLIMIT_FSIZE, ulimit -f)";
  }
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  struct statvfs disk {};
  if (file != nullptr && *file != '\0' && statvfs(file, &disk) == 0) {
    return std::to_string(static_cast<unsigned long long>(disk.f_bavail) * disk.f_frsize) +
           " bytes free on its file system";
  }
  return {};
}

}  // namespace

Status Error(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  // sqlite3_errmsg describes the most recent failure on the connection, which
  // is more specific than sqlite3_errstr(rc) ("no such table: x" vs "SQL
  // logic error"), but only when that failure is the one we are reporting.
  if (db != nullptr && sqlite3_errcode(db) == rc) {
    msg += sqlite3_errmsg(db);
  } else {
    msg += sqlite3_errstr(rc);
  }
  // "disk I/O error" alone does not tell a full disk from a failing one:
  // add the operating system's reason (EFBIG, ENOSPC, EROFS, EIO...).
  int os_error = (db != nullptr && (rc & 0xff) == SQLITE_IOERR) ? sqlite3_system_errno(db) : 0;
  if (os_error != 0) {
    msg += " (";
    msg += std::strerror(os_error);
    msg += ")";
  } else if (rc == SQLITE_IOERR_WRITE || (rc & 0xff) == SQLITE_FULL) {
    if (std::string limit = WriteLimit(db); !limit.empty()) msg += " (a write failed: " + limit + ")";
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(std::move(msg));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(std::move(msg));
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return Status::InvalidArgument(std::move(msg));
    case SQLITE_CANTOPEN:
      return Status::NotFound(std::move(msg));
    default:
      return Status::IoError(std::move(msg));
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_.get(), index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_.get(), index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  // A non-null pointer even for empty text: a null pointer would bind NULL.
  int rc = sqlite3_bind_text64(stmt_.get(), index, text.empty() ? "" : text.data(), text.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindTextOrNull(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

Statement& Statement::BindBlob(int index, const void* data, size_t size) {
  int rc = sqlite3_bind_blob64(stmt_.get(), index, size == 0 ? "" : data, size, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_.get(), index);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Status Statement::Fail(int rc) const {
  const char* sql = sqlite3_sql(stmt_.get());
  std::string what = "sqlite statement";
  if (sql != nullptr) {
    std::string_view text(sql);
    what += " `";
    what += text.substr(0, 60);
    what += text.size() > 60 ? "...`" : "`";
  }
  return Error(db_, rc, what);
}

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    int rc = std::exchange(bind_error_, SQLITE_OK);
    return Fail(rc);
  }
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(rc);
}

Status Statement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  bind_error_ = SQLITE_OK;
}

std::string Statement::Text(int column) const { return std::string(TextView(column)); }

std::string_view Statement::TextView(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

std::string_view Statement::BlobView(int column) const {
  const void* blob = sqlite3_column_blob(stmt_.get(), column);
  if (blob == nullptr) return {};
  return {static_cast<const char*>(blob), static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

std::optional<int64_t> Statement::OptionalInt64(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int64(column);
}

Result<Database> Database::Open(const std::string& path, int flags) {
  // SQLite counts every allocation it makes under one global mutex
  // (SQLITE_CONFIG_MEMSTATUS) for sqlite3_memory_used and heap limits,
  // which nothing here reads: 2.1 % of a crawl's CPU samples were that lock
  // on the writer thread, 0.3 % without it (perf, bench/crawl). Must come
  // before SQLite initialises: a process that already used SQLite keeps
  // counting (harmless).
  static const bool memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)memstatus_off;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // sqlite3_open_v2 can hand back a handle even when it fails: own it first
  // so that it is closed on every path.
  Database db(raw);
  if (rc != SQLITE_OK) {
    return Error(raw, rc, "cannot open database " + path);
  }
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Status Database::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &err);
  std::unique_ptr<char, decltype(&sqlite3_free)> owned_err(err, &sqlite3_free);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string_view text(sql);
  std::string what = "sqlite `" + std::string(text.substr(0, 60)) + (text.size() > 60 ? "...`" : "`");
  return Error(db_.get(), rc, what);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  Statement owned(db_.get(), stmt);
  if (rc != SQLITE_OK) {
    return Error(db_.get(), rc, "cannot prepare `" + std::string(sql.substr(0, 80)) + "`");
  }
  return owned;
}

Result<Statement*> Database::Cached(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second.get();
  Result<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  auto owned = std::make_unique<Statement>(std::move(stmt).value());
  Statement* raw = owned.get();
  statements_.emplace(sql, std::move(owned));
  return raw;
}

Result<int64_t> Database::QueryInt64(const char* sql) {
  Result<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound(std::string("no row from `") + sql + "`");
  return stmt->Int64(0);
}

}  // namespace wirecrawl::sqlite
