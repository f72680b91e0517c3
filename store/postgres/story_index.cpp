// The story index in PostgreSQL: LSH band keys (table lsh_bands), candidate
// lookups for the ingest path, and the fingerprints and bodies that verify
// them. Lookups in a batch hold the story assignment lock (articles.cpp).
#include <charconv>

#include "dedup/lsh_index.h"
#include "store/postgres/postgres_store.h"

namespace wirecrawl {
namespace {

constexpr const char* kGetLayout = "SELECT value FROM meta WHERE key = 'dedup.bands'";
constexpr const char* kPutLayout =
    "INSERT INTO meta(key, value) VALUES ('dedup.bands', $1) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr const char* kDeleteAllBands = "DELETE FROM lsh_bands";
// Many articles' keys in one statement each: pairs (band_key, article_id)
// as two arrays of the same length.
constexpr const char* kInsertBandPairs =
    "INSERT INTO lsh_bands(band_key, article_id) SELECT * FROM unnest($1::bigint[], $2::bigint[]) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kDeleteBandPairs =
    "DELETE FROM lsh_bands b USING unnest($1::bigint[], $2::bigint[]) AS gone(band_key, article_id) "
    "WHERE b.band_key = gone.band_key AND b.article_id = gone.article_id";
// One article's keys (DISTINCT: two bands may share one 32-bit key).
constexpr const char* kInsertBands =
    "INSERT INTO lsh_bands(band_key, article_id) SELECT DISTINCT unnest($1::bigint[]), $2::bigint "
    "ON CONFLICT DO NOTHING";

constexpr const char* kFingerprintColumns =
    "f.article_id, f.story_id, f.body_hash, f.shingle_count, f.signature, f.seen_ms, f.site";

// One round trip per lookup: for each band key the newest kMaxPerBandKey
// articles under it (past that, a new copy of a heavily republished story
// still meets the recent ones, and a lookup does not verify hundreds of
// copies of one text, as LshIndex caps it), and the first article with the
// exact body hash; each once, by ascending id.
const std::string kNearDuplicates =
    "WITH hits AS ("
    "  SELECT near.article_id FROM unnest($1::bigint[]) AS k(band_key) CROSS JOIN LATERAL ("
    "    SELECT b.article_id FROM lsh_bands b JOIN fingerprints f ON f.article_id = b.article_id "
    "    WHERE b.band_key = k.band_key AND f.seen_ms >= $2::bigint "
    "    ORDER BY b.article_id DESC LIMIT " +
    std::to_string(ArticleSink::kMaxPerBandKey) +
    ") near "
    "  UNION "
    "  (SELECT article_id FROM fingerprints WHERE $3::bigint <> 0 AND body_hash = $3::bigint "
    "   AND seen_ms >= $2::bigint ORDER BY article_id LIMIT 1)) "
    "SELECT " +
    kFingerprintColumns +
    " FROM fingerprints f WHERE f.article_id IN (SELECT article_id FROM hits) ORDER BY f.article_id";
// An article pruned beyond the window (store/maintenance.h) has no
// fingerprint row: its article row has the rest.
constexpr const char* kById =
    "SELECT a.id, a.story_id, coalesce(f.body_hash, a.body_hash), coalesce(f.shingle_count, 0), "
    "coalesce(f.signature, ''::bytea), coalesce(f.seen_ms, a.published_ms, a.fetched_ms), a.site "
    "FROM articles a LEFT JOIN fingerprints f ON f.article_id = a.id WHERE a.id = $1";
// RebuildBands reads the fingerprints a page at a time, by id.
constexpr int64_t kRebuildPage = 2'000;
const std::string kSince =
    std::string("SELECT ") + kFingerprintColumns +
    " FROM fingerprints f WHERE f.seen_ms >= $1 AND f.article_id > $2 ORDER BY f.article_id LIMIT $3";
constexpr const char* kBody = "SELECT body FROM articles WHERE id = $1";

StoredFingerprint ReadFingerprint(const pg::Rows& rows, int row) {
  StoredFingerprint fp;
  fp.article_id = rows.Int64(row, 0);
  fp.story_id = rows.Int64(row, 1);
  fp.body_hash = pg::HashFromColumn(rows.Int64(row, 2));
  fp.shingle_count = static_cast<uint32_t>(rows.Int64(row, 3));
  fp.signature = rows.Bytes(row, 4);
  fp.seen_ms = rows.Int64(row, 5);
  fp.site = rows.Text(row, 6);
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

Result<std::string> PostgresStore::BandLayout() {
  Result<pg::Rows> rows = Run(kGetLayout);
  if (!rows.ok()) return rows.status();
  return rows->empty() ? std::string() : rows->Text(0, 0);
}

Status PostgresStore::PutBands(int64_t article_id, std::span<const uint32_t> band_keys) {
  if (band_keys.empty()) return Status::Ok();
  std::vector<int64_t> keys(band_keys.begin(), band_keys.end());
  Result<pg::Rows> inserted = Run(kInsertBands, pg::Params().AddInt64Array(keys).Add(article_id));
  return inserted.ok() ? Status::Ok() : inserted.status();
}

Status PostgresStore::DeleteBands(const std::vector<StoredFingerprint>& stored) {
  // lsh_bands is keyed by band key: an article's keys are recomputed from
  // its stored signature with the stored layout, as they were made.
  Result<std::string> layout = BandLayout();
  if (!layout.ok()) return layout.status();
  int bands = 0;
  int rows = 0;
  if (!ParseLayout(*layout, &bands, &rows)) return Status::Ok();  // none stored
  LshIndex lsh(bands, rows);
  std::vector<int64_t> keys;
  std::vector<int64_t> articles;
  std::vector<uint32_t> article_keys;
  for (const StoredFingerprint& fp : stored) {
    Result<Signature> signature = DecodeSignature(fp.signature);
    if (!signature.ok() || signature->values.size() < static_cast<size_t>(bands * rows)) continue;
    lsh.BandKeys(signature->values, &article_keys);
    for (uint32_t key : article_keys) {
      keys.push_back(key);
      articles.push_back(fp.article_id);
    }
  }
  if (keys.empty()) return Status::Ok();
  Result<pg::Rows> deleted = Run(kDeleteBandPairs, pg::Params().AddInt64Array(keys).AddInt64Array(articles));
  return deleted.ok() ? Status::Ok() : deleted.status();
}

Result<int64_t> PostgresStore::RebuildBands(
    std::string_view layout, int64_t since_ms,
    const std::function<std::vector<uint32_t>(const StoredFingerprint&)>& keys_of) {
  int64_t indexed = 0;
  Status s = Atomically([&]() -> Status {
    // Under the story lock: no other process looks up or inserts keys of
    // the old layout in the meantime.
    WIRECRAWL_RETURN_IF_ERROR(LockStoryAssignment());
    indexed = 0;
    Result<pg::Rows> cleared = Run(kDeleteAllBands);
    if (!cleared.ok()) return cleared.status();
    int64_t after_id = INT64_MIN;
    while (true) {
      Result<pg::Rows> page = Run(kSince.c_str(), pg::Params().Add(since_ms).Add(after_id).Add(kRebuildPage));
      if (!page.ok()) return page.status();
      if (page->empty()) break;
      std::vector<int64_t> keys;
      std::vector<int64_t> articles;
      for (int row = 0; row < page->size(); ++row) {
        StoredFingerprint fp = ReadFingerprint(*page, row);
        after_id = fp.article_id;
        std::vector<uint32_t> article_keys = keys_of(fp);
        if (!article_keys.empty()) ++indexed;
        for (uint32_t key : article_keys) {
          keys.push_back(key);
          articles.push_back(fp.article_id);
        }
      }
      if (!keys.empty()) {
        Result<pg::Rows> inserted =
            Run(kInsertBandPairs, pg::Params().AddInt64Array(keys).AddInt64Array(articles));
        if (!inserted.ok()) return inserted.status();
      }
      if (page->size() < kRebuildPage) break;
    }
    Result<pg::Rows> put = Run(kPutLayout, pg::Params().Add(layout));
    return put.ok() ? Status::Ok() : put.status();
  });
  if (!s.ok()) return s;
  return indexed;
}

Result<std::vector<StoredFingerprint>> PostgresStore::FindNearDuplicates(std::span<const uint32_t> band_keys,
                                                                         uint64_t exact_hash,
                                                                         int64_t since_ms) {
  // In a batch, the lookup is the start of a story assignment: it waits for
  // the lock, then sees every copy committed before it was granted.
  WIRECRAWL_RETURN_IF_ERROR(LockStoryAssignment());
  std::vector<int64_t> keys(band_keys.begin(), band_keys.end());
  Result<pg::Rows> rows =
      Run(kNearDuplicates.c_str(),
          pg::Params().AddInt64Array(keys).Add(since_ms).Add(pg::HashToColumn(exact_hash)));
  if (!rows.ok()) return rows.status();
  std::vector<StoredFingerprint> found;
  found.reserve(static_cast<size_t>(rows->size()));
  for (int row = 0; row < rows->size(); ++row) found.push_back(ReadFingerprint(*rows, row));
  return found;
}

Result<std::optional<StoredFingerprint>> PostgresStore::GetFingerprint(int64_t article_id) {
  Result<pg::Rows> rows = Run(kById, pg::Params().Add(article_id));
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<StoredFingerprint>();
  return std::optional<StoredFingerprint>(ReadFingerprint(*rows, 0));
}

Result<std::optional<std::string>> PostgresStore::GetBody(int64_t article_id) {
  Result<pg::Rows> rows = Run(kBody, pg::Params().Add(article_id));
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

}  // namespace wirecrawl
