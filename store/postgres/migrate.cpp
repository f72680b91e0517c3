// MigrateToPostgres (store/migrate.h): SQLite rows read with their own types
// and written to PostgreSQL in multi-row INSERTs, chunk by chunk.
#include "store/migrate.h"

#include <sqlite3.h>

#include <algorithm>

#include "dedup/normalize.h"
#include "store/postgres/connection.h"
#include "store/postgres/schema.h"
#include "store/sqlite/database.h"
#include "store/store.h"

namespace wirecrawl {
namespace {

constexpr int64_t kArticlesPerChunk = 2000;
constexpr int64_t kRowsPerChunk = 20000;
// PostgreSQL takes at most 65535 parameters per statement.
constexpr size_t kMaxParams = 60000;

// One SQLite value as a query parameter, by its storage class.
void AddValue(const sqlite::Statement& row, int column, pg::Params* params) {
  switch (sqlite3_column_type(row.get(), column)) {
    case SQLITE_NULL:
      params->AddNull();
      break;
    case SQLITE_INTEGER:
      params->Add(row.Int64(column));
      break;
    case SQLITE_FLOAT:
      params->Add(row.Double(column));
      break;
    case SQLITE_BLOB:
      params->AddBytes(row.BlobView(column));
      break;
    default:
      params->Add(row.TextView(column));
      break;
  }
}

std::string Joined(const std::vector<std::string>& columns) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + columns[i];
  return out;
}

// Moves what one chunk's SELECT returns into `table` (columns in the same
// order), many rows per INSERT. Returns the rows copied.
class RowCopier {
 public:
  RowCopier(sqlite::Database& from, pg::Connection& to) : from_(from), to_(to) {}

  // select: SQLite, with ?1 and ?2 bound to [lo, hi) when given.
  Result<int64_t> Copy(const std::string& select, int64_t lo, int64_t hi, const std::string& table,
                       const std::vector<std::string>& columns, const std::string& on_conflict = "") {
    Result<sqlite::Statement> stmt = from_.Prepare(select);
    if (!stmt.ok()) return stmt.status();
    if (select.find("?1") != std::string::npos) stmt->Bind(1, lo);
    if (select.find("?2") != std::string::npos) stmt->Bind(2, hi);
    std::string head = "INSERT INTO " + table + "(" + Joined(columns) + ") VALUES ";
    const size_t rows_per_insert = std::max<size_t>(1, std::min<size_t>(500, kMaxParams / columns.size()));
    int64_t copied = 0;
    pg::Params params;
    size_t pending = 0;
    auto flush = [&]() -> Status {
      if (pending == 0) return Status::Ok();
      std::string sql = head;
      int n = 0;
      for (size_t r = 0; r < pending; ++r) {
        sql += r ? ", (" : "(";
        for (size_t c = 0; c < columns.size(); ++c) sql += (c ? ", $" : "$") + std::to_string(++n);
        sql += ")";
      }
      sql += " " + on_conflict;
      Result<pg::Rows> done = to_.QueryOnce(sql, params);
      params = pg::Params();
      pending = 0;
      return done.ok() ? Status::Ok() : WithContext(done.status(), "copying " + table);
    };
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      for (size_t c = 0; c < columns.size(); ++c) AddValue(*stmt, static_cast<int>(c), &params);
      ++copied;
      if (++pending == rows_per_insert) WIRECRAWL_RETURN_IF_ERROR(flush());
    }
    WIRECRAWL_RETURN_IF_ERROR(flush());
    return copied;
  }

 private:
  sqlite::Database& from_;
  pg::Connection& to_;
};

Status InTransaction(pg::Connection& to, const std::function<Status()>& body) {
  WIRECRAWL_RETURN_IF_ERROR(to.Exec("BEGIN"));
  Status s = body();
  if (!s.ok()) {
    (void)to.Exec("ROLLBACK");
    return s;
  }
  return to.Exec("COMMIT");
}

const std::vector<std::string> kArticleColumns = {
    "id",         "story_id",   "similarity", "matched_id",   "body_hash",     "version",
    "fetched_ms", "updated_ms", "seen_ms",    "published_ms", "language",      "published",
    "site",       "title",      "author",     "url",          "canonical_url", "body"};
const std::vector<std::string> kUrlColumns = {"id",          "url",        "host_id",       "source_id",
                                              "kind",        "state",      "depth",         "priority",
                                              "next_due_ms", "attempts",   "discovered_ms", "last_fetched_ms",
                                              "last_status", "article_id", "etag",          "last_modified",
                                              "last_error",  "page_kind",  "page_reason",   "found_via"};

std::string Select(const std::vector<std::string>& columns, const std::string& rest) {
  return "SELECT " + Joined(columns) + " " + rest;
}

Result<int64_t> SqliteInt(sqlite::Database& db, const char* sql) { return db.QueryInt64(sql); }

// Copies what is keyed by article id, chunk by chunk: stories (a story's id
// is its first member's, so a chunk holds the stories its members need,
// earlier chunks the rest), articles, versions, fingerprints, band keys and
// search documents.
Status CopyArticles(sqlite::Database& from, pg::Connection& to,
                    const std::function<void(const MigrateProgress&)>& progress) {
  Result<int64_t> last = SqliteInt(from, "SELECT coalesce(max(id), 0) FROM articles");
  if (!last.ok()) return last.status();
  Result<int64_t> resume = to.QueryInt64("SELECT coalesce(max(id), 0) FROM articles");
  if (!resume.ok()) return resume.status();
  RowCopier copier(from, to);
  TextNormalizer normalizer;
  int64_t done = 0;
  for (int64_t lo = *resume + 1; lo <= *last; lo += kArticlesPerChunk) {
    int64_t hi = lo + kArticlesPerChunk;
    Status s = InTransaction(to, [&]() -> Status {
      const std::vector<std::string> story_columns = {"id",         "representative_id", "member_count",
                                                      "site_count", "first_seen_ms",     "last_seen_ms"};
      Result<int64_t> n = copier.Copy(Select(story_columns, "FROM stories WHERE id >= ?1 AND id < ?2"), lo,
                                      hi, "stories", story_columns);
      if (!n.ok()) return n.status();
      n = copier.Copy(Select(kArticleColumns, "FROM articles WHERE id >= ?1 AND id < ?2"), lo, hi, "articles",
                      kArticleColumns);
      if (!n.ok()) return n.status();
      done += *n;
      const std::vector<std::string> version_columns = {"id",         "article_id",  "version", "body_hash",
                                                        "fetched_ms", "replaced_ms", "title",   "body"};
      n = copier.Copy(
          Select(version_columns, "FROM article_versions WHERE article_id >= ?1 AND article_id < ?2"), lo, hi,
          "article_versions", version_columns);
      if (!n.ok()) return n.status();
      const std::vector<std::string> fingerprint_columns = {
          "article_id", "story_id", "body_hash", "shingle_count", "seen_ms", "site", "signature"};
      n = copier.Copy(
          Select(fingerprint_columns, "FROM fingerprints WHERE article_id >= ?1 AND article_id < ?2"), lo, hi,
          "fingerprints", fingerprint_columns);
      if (!n.ok()) return n.status();
      n = copier.Copy("SELECT band_key, article_id FROM lsh_bands WHERE article_id >= ?1 AND article_id < ?2",
                      lo, hi, "lsh_bands", {"band_key", "article_id"});
      if (!n.ok()) return n.status();
      // The search documents: the same text the PostgreSQL write path
      // indexes (NormalizeText of title and body, `arabic` configuration).
      Result<sqlite::Statement> text =
          from.Prepare("SELECT id, title, body FROM articles WHERE id >= ?1 AND id < ?2");
      if (!text.ok()) return text.status();
      text->Bind(1, lo).Bind(2, hi);
      std::string title, body;
      while (true) {
        Result<bool> row = text->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        normalizer.Normalize(text->TextView(1), &title);
        normalizer.Normalize(text->TextView(2), &body);
        Result<pg::Rows> indexed = to.Query(
            "INSERT INTO article_search(article_id, document) VALUES ($1, to_tsvector('arabic', $2 || ' ' || $3))",
            pg::Params().Add(text->Int64(0)).Add(title).Add(body));
        if (!indexed.ok()) return indexed.status();
      }
      return Status::Ok();
    });
    if (!s.ok()) return WithContext(s, "articles " + std::to_string(lo) + " to " + std::to_string(hi - 1));
    if (progress) progress({"articles", done});
  }
  return Status::Ok();
}

// Copies a table keyed by id in chunks after the last id already copied.
Status CopyById(sqlite::Database& from, pg::Connection& to, const std::string& table,
                const std::vector<std::string>& columns, const std::string& select_columns,
                const std::function<void(const MigrateProgress&)>& progress) {
  Result<int64_t> last = SqliteInt(from, ("SELECT coalesce(max(id), 0) FROM " + table).c_str());
  if (!last.ok()) return last.status();
  Result<pg::Rows> resume = to.QueryOnce("SELECT coalesce(max(id), 0) FROM " + table);
  if (!resume.ok()) return resume.status();
  RowCopier copier(from, to);
  int64_t done = 0;
  for (int64_t lo = resume->Int64(0, 0) + 1; lo <= *last; lo += kRowsPerChunk) {
    int64_t hi = lo + kRowsPerChunk;
    Status s = InTransaction(to, [&]() -> Status {
      Result<int64_t> n =
          copier.Copy("SELECT " + select_columns + " FROM " + table + " WHERE id >= ?1 AND id < ?2", lo, hi,
                      table, columns);
      if (!n.ok()) return n.status();
      done += *n;
      return Status::Ok();
    });
    if (!s.ok()) return s;
    if (progress) progress({table, done});
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<MigratedTable>> MigrateToPostgres(
    const std::string& sqlite_path, const std::string& postgres_uri,
    const std::function<void(const MigrateProgress&)>& progress) {
  if (!pg::IsPostgresUri(postgres_uri)) {
    return Status::InvalidArgument("--to must be a postgresql:// URI, not " + postgres_uri);
  }
  {
    // The source at the current schema first (a writing open upgrades it).
    StoreOptions options;
    options.create = false;
    Result<std::unique_ptr<Store>> source = OpenStore(sqlite_path, options);
    if (!source.ok()) return source.status();
    Result<std::unique_ptr<Store>> target = OpenStore(postgres_uri);
    if (!target.ok()) return target.status();
  }
  Result<sqlite::Database> from =
      sqlite::Database::Open(sqlite_path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  if (!from.ok()) return from.status();
  Result<pg::Connection> to = pg::Connection::Open(postgres_uri);
  if (!to.ok()) return to.status();
  WIRECRAWL_RETURN_IF_ERROR(to->Exec("SET client_min_messages = warning"));

  // Only into a new database, or the one this source was being moved into.
  Result<pg::Rows> marker = to->Query("SELECT value FROM meta WHERE key = 'migrated_from'");
  if (!marker.ok()) return marker.status();
  Result<int64_t> rows = to->QueryInt64(
      "SELECT (SELECT count(*) FROM urls) + (SELECT count(*) FROM articles) + (SELECT count(*) FROM sources)");
  if (!rows.ok()) return rows.status();
  if (marker->empty()) {
    if (*rows > 0) {
      return Status::InvalidArgument("the target database already holds a crawl (" + std::to_string(*rows) +
                                     " URLs, articles and sources): migrate into a new database");
    }
    Result<pg::Rows> mark =
        to->Query("INSERT INTO meta(key, value) VALUES ('migrated_from', $1)", pg::Params().Add(sqlite_path));
    if (!mark.ok()) return mark.status();
  } else if (marker->TextView(0, 0) != sqlite_path) {
    return Status::InvalidArgument("the target database was migrated from " + marker->Text(0, 0) +
                                   ", not from " + sqlite_path);
  }

  RowCopier copier(*from, *to);
  // The small tables whole, each in one transaction; rows already there
  // (a resumed run) are kept.
  auto copy_all = [&](const std::string& table, const std::vector<std::string>& columns,
                      const std::string& select_columns, const std::string& where = "") -> Status {
    return InTransaction(*to, [&]() -> Status {
      Result<int64_t> n = copier.Copy("SELECT " + select_columns + " FROM " + table + " " + where, 0, 0,
                                      table, columns, "ON CONFLICT DO NOTHING");
      if (!n.ok()) return n.status();
      if (progress) progress({table, *n});
      return Status::Ok();
    });
  };
  const std::vector<std::string> source_columns = {"id",
                                                   "url",
                                                   "kind",
                                                   "refresh_interval_ms",
                                                   "next_refresh_ms",
                                                   "last_refreshed_ms",
                                                   "last_status",
                                                   "etag",
                                                   "last_modified",
                                                   "last_error",
                                                   "consecutive_failures",
                                                   "added_ms",
                                                   "origin",
                                                   "paused"};
  const std::vector<std::string> host_columns = {"id",
                                                 "host",
                                                 "robots_status",
                                                 "robots_fetched_ms",
                                                 "robots_expires_ms",
                                                 "crawl_delay_ms",
                                                 "next_allowed_ms",
                                                 "backoff_until_ms",
                                                 "consecutive_errors",
                                                 "robots_body"};
  WIRECRAWL_RETURN_IF_ERROR(copy_all("meta", {"key", "value"}, "key, value",
                                     "WHERE key NOT IN ('schema_version', 'search.normalizer')"));
  WIRECRAWL_RETURN_IF_ERROR(copy_all("sources", source_columns, Joined(source_columns)));
  WIRECRAWL_RETURN_IF_ERROR(copy_all("hosts", host_columns, Joined(host_columns)));
  WIRECRAWL_RETURN_IF_ERROR(
      copy_all("sites", {"host", "titled_pages", "updated_ms"}, "host, titled_pages, updated_ms"));
  WIRECRAWL_RETURN_IF_ERROR(copy_all("site_patterns", {"host", "kind", "pattern", "pages", "last_seen_ms"},
                                     "host, kind, pattern, pages, last_seen_ms"));
  WIRECRAWL_RETURN_IF_ERROR(CopyArticles(*from, *to, progress));
  // A URL some process was fetching when it stopped is queued again.
  std::string url_select = Joined(kUrlColumns);
  url_select.replace(url_select.find("state"), 5, "CASE state WHEN 'fetching' THEN 'queued' ELSE state END");
  WIRECRAWL_RETURN_IF_ERROR(CopyById(*from, *to, "urls", kUrlColumns, url_select, progress));
  const std::vector<std::string> fetch_columns = {
      "id", "url_id", "started_ms", "status", "bytes", "elapsed_ms", "content_type", "error", "redirects"};
  WIRECRAWL_RETURN_IF_ERROR(CopyById(*from, *to, "fetches", fetch_columns, Joined(fetch_columns), progress));

  // New rows on PostgreSQL take ids after the copied ones.
  WIRECRAWL_RETURN_IF_ERROR(to->Exec(
      "SELECT setval('sources_id_seq', greatest((SELECT max(id) FROM sources), 1)); "
      "SELECT setval('hosts_id_seq', greatest((SELECT max(id) FROM hosts), 1)); "
      "SELECT setval('urls_id_seq', greatest((SELECT max(id) FROM urls), 1)); "
      "SELECT setval('fetches_id_seq', greatest((SELECT max(id) FROM fetches), 1)); "
      "SELECT setval('article_versions_id_seq', greatest((SELECT max(id) FROM article_versions), 1)); "
      "SELECT setval('article_ids', greatest((SELECT max(id) FROM articles), 1))"));

  std::vector<MigratedTable> counts;
  Status mismatch;
  for (const char* table : {"sources", "hosts", "sites", "site_patterns", "stories", "articles",
                            "article_versions", "fingerprints", "lsh_bands", "urls", "fetches"}) {
    MigratedTable t{table, 0, 0};
    Result<int64_t> source = from->QueryInt64((std::string("SELECT count(*) FROM ") + table).c_str());
    if (!source.ok()) return source.status();
    Result<pg::Rows> target = to->QueryOnce(std::string("SELECT count(*) FROM ") + table);
    if (!target.ok()) return target.status();
    t.source_rows = *source;
    t.target_rows = target->Int64(0, 0);
    if (t.source_rows != t.target_rows && mismatch.ok()) {
      mismatch = Status::Corruption(std::string(table) + ": " + std::to_string(t.source_rows) + " rows in " +
                                    sqlite_path + ", " + std::to_string(t.target_rows) + " after the copy");
    }
    counts.push_back(std::move(t));
  }
  Result<int64_t> documents = to->QueryInt64("SELECT count(*) FROM article_search");
  if (!documents.ok()) return documents.status();
  if (mismatch.ok() && *documents != counts[5].target_rows) {
    mismatch = Status::Corruption("search index: " + std::to_string(*documents) + " documents for " +
                                  std::to_string(counts[5].target_rows) + " articles");
  }
  if (!mismatch.ok()) return mismatch;
  return counts;
}

}  // namespace wirecrawl
