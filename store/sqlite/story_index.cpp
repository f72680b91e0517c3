// The story index on disk: LSH band keys (table lsh_bands, schema version
// 5), candidate lookups for the ingest path, and the fingerprints and bodies
// that verify them.
#include <algorithm>
#include <charconv>

#include "dedup/lsh_index.h"
#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {
namespace {

constexpr const char* kGetLayout = "SELECT value FROM meta WHERE key = 'dedup.bands'";
constexpr const char* kPutLayout =
    "INSERT INTO meta(key, value) VALUES ('dedup.bands', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
// An article's band keys eight at a time: one statement instead of eight
// (each a bind, a step and a reset), the rest one by one. OR IGNORE, because
// a statement of several rows that may abort on a constraint opens a
// statement journal; the keys are distinct and the article's own, so
// nothing is ignored.
constexpr const char* kInsertBand = "INSERT OR IGNORE INTO lsh_bands(band_key, article_id) VALUES (?1, ?2)";
constexpr size_t kBandsPerInsert = 8;
const std::string kInsertBands = [] {
  std::string sql = "INSERT OR IGNORE INTO lsh_bands(band_key, article_id) VALUES ";
  for (size_t i = 0; i < kBandsPerInsert; ++i) sql += (i ? ", (?" : "(?") + std::to_string(i + 2) + ", ?1)";
  return sql;
}();
constexpr const char* kDeleteBand = "DELETE FROM lsh_bands WHERE band_key = ?1 AND article_id = ?2";
constexpr const char* kFingerprintColumns =
    "f.article_id, f.story_id, f.body_hash, f.shingle_count, f.signature, f.seen_ms, f.site";
// The newest kMaxPerBandKey articles under one key: past that, a new copy of
// a heavily republished story still meets the recent ones, and a lookup
// does not verify hundreds of copies of one text (as LshIndex caps it).
const std::string kByBand = std::string("SELECT ") + kFingerprintColumns +
                            " FROM lsh_bands b JOIN fingerprints f ON f.article_id = b.article_id "
                            "WHERE b.band_key = ?1 AND f.seen_ms >= ?2 ORDER BY b.article_id DESC LIMIT " +
                            std::to_string(ArticleSink::kMaxPerBandKey);
const std::string kByHash = std::string("SELECT ") + kFingerprintColumns +
                            " FROM fingerprints f WHERE f.body_hash = ?1 AND f.seen_ms >= ?2 "
                            "ORDER BY f.article_id LIMIT 1";
// An article pruned beyond the window (store/maintenance.h) has no
// fingerprint row: its article row has the rest.
constexpr const char* kById =
    "SELECT a.id, a.story_id, coalesce(f.body_hash, a.body_hash), coalesce(f.shingle_count, 0), "
    "coalesce(f.signature, X''), coalesce(f.seen_ms, a.published_ms, a.fetched_ms), a.site "
    "FROM articles a LEFT JOIN fingerprints f ON f.article_id = a.id WHERE a.id = ?1";
const std::string kSince = std::string("SELECT ") + kFingerprintColumns +
                           " FROM fingerprints f WHERE f.seen_ms >= ?1 ORDER BY f.article_id";
constexpr const char* kBody = "SELECT body FROM articles WHERE id = ?1";

StoredFingerprint ReadFingerprint(const sqlite::Statement& row) {
  StoredFingerprint fp;
  fp.article_id = row.Int64(0);
  fp.story_id = row.Int64(1);
  fp.body_hash = static_cast<uint64_t>(row.Int64(2));
  fp.shingle_count = static_cast<uint32_t>(row.Int64(3));
  fp.signature.assign(row.BlobView(4));
  fp.seen_ms = row.Int64(5);
  fp.site = row.Text(6);
  return fp;
}

// "25x5" -> bands and rows; false for anything else.
bool ParseLayout(std::string_view layout, int* bands, int* rows) {
  size_t x = layout.find('x');
  if (x == std::string_view::npos) return false;
  auto parse = [](std::string_view text, int* out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && *out > 0;
  };
  return parse(layout.substr(0, x), bands) && parse(layout.substr(x + 1), rows);
}

}  // namespace

Result<std::string> SqliteStore::BandLayout() {
  Result<sqlite::Statement*> stmt = Cached(kGetLayout);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement get(**stmt);
  Result<bool> row = get->Step();
  if (!row.ok()) return row.status();
  return *row ? get->Text(0) : std::string();
}

Status SqliteStore::PutBands(int64_t article_id, std::span<const uint32_t> band_keys) {
  keys_.assign(band_keys.begin(), band_keys.end());
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());  // two bands, one 32-bit key
  size_t next = 0;
  if (keys_.size() >= kBandsPerInsert) {
    Result<sqlite::Statement*> stmt = Cached(kInsertBands.c_str());
    if (!stmt.ok()) return stmt.status();
    for (; next + kBandsPerInsert <= keys_.size(); next += kBandsPerInsert) {
      sqlite::ScopedStatement insert(**stmt);
      insert->Bind(1, article_id);
      for (size_t i = 0; i < kBandsPerInsert; ++i) {
        insert->Bind(static_cast<int>(i) + 2, static_cast<int64_t>(keys_[next + i]));
      }
      WIRECRAWL_RETURN_IF_ERROR(insert->Run());
    }
  }
  Result<sqlite::Statement*> stmt = Cached(kInsertBand);
  if (!stmt.ok()) return stmt.status();
  for (; next < keys_.size(); ++next) {
    sqlite::ScopedStatement insert(**stmt);
    insert->Bind(1, static_cast<int64_t>(keys_[next])).Bind(2, article_id);
    WIRECRAWL_RETURN_IF_ERROR(insert->Run());
  }
  return Status::Ok();
}

Status SqliteStore::DeleteBands(int64_t article_id) {
  Result<std::optional<StoredFingerprint>> stored = GetFingerprint(article_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::Ok();
  return DeleteBands(article_id, (*stored)->signature);
}

Status SqliteStore::DeleteBands(int64_t article_id, std::string_view stored_signature) {
  Result<std::string> layout = BandLayout();
  if (!layout.ok()) return layout.status();
  int bands = 0;
  int rows = 0;
  if (!ParseLayout(*layout, &bands, &rows)) return Status::Ok();  // none stored
  Result<Signature> signature = DecodeSignature(stored_signature);
  if (!signature.ok() || signature->values.size() < static_cast<size_t>(bands * rows)) return Status::Ok();
  LshIndex(bands, rows).BandKeys(signature->values, &keys_);
  Result<sqlite::Statement*> stmt = Cached(kDeleteBand);
  if (!stmt.ok()) return stmt.status();
  for (uint32_t key : keys_) {
    sqlite::ScopedStatement remove(**stmt);
    remove->Bind(1, static_cast<int64_t>(key)).Bind(2, article_id);
    WIRECRAWL_RETURN_IF_ERROR(remove->Run());
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::RebuildBands(
    std::string_view layout, int64_t since_ms,
    const std::function<std::vector<uint32_t>(const StoredFingerprint&)>& keys_of) {
  int64_t indexed = 0;
  Status s = Atomically([&]() -> Status {
    WIRECRAWL_RETURN_IF_ERROR(db_.Exec("DELETE FROM lsh_bands"));
    // Its own statement: the loop inserts through the cached ones.
    Result<sqlite::Statement> scan = db_.Prepare(kSince);
    if (!scan.ok()) return scan.status();
    scan->Bind(1, since_ms);
    while (true) {
      Result<bool> row = scan->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      StoredFingerprint fp = ReadFingerprint(*scan);
      std::vector<uint32_t> keys = keys_of(fp);
      if (!keys.empty()) ++indexed;
      WIRECRAWL_RETURN_IF_ERROR(PutBands(fp.article_id, keys));
    }
    Result<sqlite::Statement*> stmt = Cached(kPutLayout);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement put(**stmt);
    put->Bind(1, layout);
    return put->Run();
  });
  if (!s.ok()) return s;
  return indexed;
}

Result<std::vector<StoredFingerprint>> SqliteStore::FindNearDuplicates(std::span<const uint32_t> band_keys,
                                                                       uint64_t exact_hash,
                                                                       int64_t since_ms) {
  std::vector<StoredFingerprint> found;
  auto collect = [&](const std::string& sql, int64_t key) -> Status {
    Result<sqlite::Statement*> stmt = Cached(sql.c_str());
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, key).Bind(2, since_ms);
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      found.push_back(ReadFingerprint(*select));
    }
  };
  if (exact_hash != 0) WIRECRAWL_RETURN_IF_ERROR(collect(kByHash, static_cast<int64_t>(exact_hash)));
  for (uint32_t key : band_keys) WIRECRAWL_RETURN_IF_ERROR(collect(kByBand, static_cast<int64_t>(key)));
  std::sort(found.begin(), found.end(), [](const StoredFingerprint& a, const StoredFingerprint& b) {
    return a.article_id < b.article_id;
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const StoredFingerprint& a, const StoredFingerprint& b) {
                            return a.article_id == b.article_id;
                          }),
              found.end());
  return found;
}

Result<std::optional<StoredFingerprint>> SqliteStore::GetFingerprint(int64_t article_id) {
  Result<sqlite::Statement*> stmt = Cached(kById);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, article_id);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<StoredFingerprint>();
  return std::optional<StoredFingerprint>(ReadFingerprint(*select));
}

Result<std::optional<std::string>> SqliteStore::GetBody(int64_t article_id) {
  Result<sqlite::Statement*> stmt = Cached(kBody);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, article_id);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(select->Text(0));
}

}  // namespace wirecrawl
