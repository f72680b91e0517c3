#include "store/postgres/connection.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace wirecrawl::pg {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// libpq's messages end in a newline and may span lines; one line reads better
// in a log.
std::string OneLine(const char* message) {
  std::string out = message != nullptr ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

bool IsPostgresUri(std::string_view location) {
  return StartsWith(location, "postgresql://") || StartsWith(location, "postgres://");
}

std::string RedactUri(std::string_view uri) {
  std::string out(uri);
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t authority = scheme + 3;
    size_t end = out.find_first_of("/?#", authority);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= authority) {
      size_t colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ?password=... or &password=...
  for (size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&' && out[pos - 1] != ' ') {
      pos += 9;
      continue;
    }
    size_t value = pos + 9;
    size_t end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
    pos = value + 3;
  }
  return out;
}

Params& Params::AddText(std::string_view text) {
  values_.emplace_back(text);
  null_.push_back(false);
  return *this;
}

Params& Params::Add(int64_t value) { return AddText(std::to_string(value)); }

Params& Params::Add(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return AddText(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

Params& Params::AddBytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text = "\\x";
  text.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    text += kHex[c >> 4];
    text += kHex[c & 15];
  }
  values_.push_back(std::move(text));
  null_.push_back(false);
  return *this;
}

Params& Params::AddInt64Array(const std::vector<int64_t>& values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ',';
    text += std::to_string(values[i]);
  }
  text += '}';
  return AddText(text);
}

Params& Params::AddNull() {
  values_.emplace_back();
  null_.push_back(true);
  return *this;
}

std::vector<const char*> Params::Pointers() const {
  std::vector<const char*> out(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) out[i] = null_[i] ? nullptr : values_[i].c_str();
  return out;
}

std::string_view Rows::TextView(int row, int column) const {
  if (IsNull(row, column)) return {};
  return std::string_view(PQgetvalue(result_.get(), row, column),
                          static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

int64_t Rows::Int64(int row, int column) const {
  std::string_view text = TextView(row, column);
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

double Rows::Double(int row, int column) const {
  std::string text(TextView(row, column));
  return text.empty() ? 0.0 : std::strtod(text.c_str(), nullptr);
}

std::optional<int64_t> Rows::OptionalInt64(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Int64(row, column);
}

std::string Rows::Bytes(int row, int column) const {
  if (IsNull(row, column)) return {};
  size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column)), &length);
  if (bytes == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

int64_t Rows::Affected() const {
  const char* tuples = result_ ? PQcmdTuples(result_.get()) : "";
  return tuples != nullptr && *tuples != '\0' ? std::atoll(tuples) : 0;
}

Status Error(PGconn* conn, const PGresult* result, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string text = OneLine(result != nullptr ? PQresultErrorMessage(result) : nullptr);
  if (text.empty() && conn != nullptr) text = OneLine(PQerrorMessage(conn));
  msg += text.empty() ? "unknown PostgreSQL error" : text;
  std::string_view sqlstate = state != nullptr ? state : "";
  if (!sqlstate.empty()) {
    msg += " (SQLSTATE ";
    msg += sqlstate;
    msg += ")";
  }
  if (conn != nullptr && PQstatus(conn) == CONNECTION_BAD) {
    return Status::IoError(msg + " (the connection to PostgreSQL is lost)");
  }
  // 40001 serialization_failure, 40P01 deadlock_detected, 55P03
  // lock_not_available, 57014 query_canceled (statement/lock timeout).
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "57014") {
    return Status::Busy(std::move(msg));
  }
  if (StartsWith(sqlstate, "23") || StartsWith(sqlstate, "22"))
    return Status::InvalidArgument(std::move(msg));
  if (sqlstate == "XX001" || sqlstate == "XX002") return Status::Corruption(std::move(msg));
  return Status::IoError(std::move(msg));
}

Result<Connection> Connection::Open(const std::string& uri) {
  Connection c;
  c.redacted_uri_ = RedactUri(uri);
  c.conn_.reset(PQconnectdb(uri.c_str()));
  if (c.conn_ == nullptr) return Status::IoError("cannot allocate a PostgreSQL connection");
  if (PQstatus(c.conn_.get()) != CONNECTION_OK) {
    // libpq names host, port and user in its message, never the password.
    return Status::IoError("cannot connect to PostgreSQL at " + c.redacted_uri_ + ": " +
                           OneLine(PQerrorMessage(c.conn_.get())));
  }
  // Notices (e.g. "relation already exists, skipping") are not errors.
  PQsetNoticeProcessor(
      c.conn_.get(), [](void*, const char*) {}, nullptr);
  return c;
}

Result<Rows> Connection::Check(PGresult* result, std::string_view what) {
  Rows rows(result);
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  return Error(conn_.get(), result, what);
}

Status Connection::Exec(const char* sql) {
  Result<Rows> rows = Check(PQexec(conn_.get(), sql), "PostgreSQL");
  return rows.ok() ? Status::Ok() : rows.status();
}

Result<Rows> Connection::Query(const char* sql, const Params& params) {
  auto prepared = prepared_.find(sql);
  if (prepared == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    Result<Rows> made = Check(PQprepare(conn_.get(), name.c_str(), sql, 0, nullptr), sql);
    if (!made.ok()) return made.status();
    prepared = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values = params.Pointers();
  return Check(PQexecPrepared(conn_.get(), prepared->second.c_str(), params.size(), values.data(), nullptr,
                              nullptr, 0),
               sql);
}

Result<Rows> Connection::QueryOnce(const std::string& sql, const Params& params) {
  std::vector<const char*> values = params.Pointers();
  return Check(
      PQexecParams(conn_.get(), sql.c_str(), params.size(), nullptr, values.data(), nullptr, nullptr, 0),
      sql);
}

Result<int64_t> Connection::QueryInt64(const char* sql, const Params& params) {
  Result<Rows> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  return rows->empty() ? 0 : rows->Int64(0, 0);
}

bool Connection::InTransaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_.get());
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

}  // namespace wirecrawl::pg
