#include "store/sqlite/search_index.h"

#include <spdlog/spdlog.h>
#include <xxhash.h>

#include <cinttypes>
#include <cstdio>

#include "dedup/normalize.h"

namespace wirecrawl::search_index {
namespace {

constexpr const char* kAdd = "INSERT INTO article_search(rowid, title, body) VALUES (?1, ?2, ?3)";
// FTS5's 'delete' command: for a contentless table the caller supplies the
// values that were indexed.
constexpr const char* kRemove =
    "INSERT INTO article_search(article_search, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)";
constexpr const char* kGetMeta = "SELECT value FROM meta WHERE key = 'search.normalizer'";
constexpr const char* kSetMeta =
    "INSERT INTO meta(key, value) VALUES ('search.normalizer', ?1) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";

// Text exercising every rule of NormalizeText (case, Latin, Greek, Cyrillic
// and Arabic marks, alef/yaa/taa-marbuta, tatweel, digits, punctuation,
// format characters, compatibility forms, Persian letters, word breaking
// without spaces): a change in any rule changes its normal form, and so the
// fingerprint.
constexpr const char* kProbe =
    "Ἀθῆναι Йо́шкар ệ Élan VITAL, naïve façade; ǅ ﬁ ① ² — «أُعلِنَتْ إِتَّفاقِيَّة آمِنة ٱلسلام» عَلَى مَبْنًى… ٣٤٥ ۶۷۸ "
    "كـــتـــاب\u200c\u200f ی ک ة ى ؟ 東京は日本の首都です ภาษาไทยง่ายนิดเดียว 3.5% e-mail_x (y@z) #tag";

// The words the index would hold for the probe.
std::string NormalizationFingerprint() {
  std::string indexed = NormalizeText(kProbe);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64,
                static_cast<uint64_t>(XXH3_64bits(indexed.data(), indexed.size())));
  return hex;
}

Status Write(sqlite::Database& db, const char* sql, int64_t article_id, std::string_view normalized_title,
             std::string_view normalized_body) {
  Result<sqlite::Statement*> stmt = db.Cached(sql);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement write(**stmt);
  write->Bind(1, article_id).Bind(2, normalized_title).Bind(3, normalized_body);
  return write->Run();
}

}  // namespace

Status Add(sqlite::Database& db, int64_t article_id, std::string_view normalized_title,
           std::string_view normalized_body) {
  return Write(db, kAdd, article_id, normalized_title, normalized_body);
}

Status Remove(sqlite::Database& db, int64_t article_id, std::string_view normalized_title,
              std::string_view normalized_body) {
  return Write(db, kRemove, article_id, normalized_title, normalized_body);
}

Status Rebuild(sqlite::Database& db) {
  WIRECRAWL_RETURN_IF_ERROR(db.Exec("INSERT INTO article_search(article_search) VALUES ('delete-all')"));
  Result<sqlite::Statement> articles = db.Prepare("SELECT id, title, body FROM articles ORDER BY id");
  if (!articles.ok()) return articles.status();
  TextNormalizer normalizer;
  std::string title;
  std::string body;
  while (true) {
    Result<bool> row = articles->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    normalizer.Normalize(articles->TextView(1), &title);
    normalizer.Normalize(articles->TextView(2), &body);
    WIRECRAWL_RETURN_IF_ERROR(Add(db, articles->Int64(0), title, body));
  }
  Result<sqlite::Statement> set = db.Prepare(kSetMeta);
  if (!set.ok()) return set.status();
  set->Bind(1, NormalizationFingerprint());
  return set->Run();
}

Status RebuildIfNormalizationChanged(sqlite::Database& db) {
  std::string current = NormalizationFingerprint();
  auto recorded = [&]() -> Result<std::string> {
    Result<sqlite::Statement> get = db.Prepare(kGetMeta);
    if (!get.ok()) return get.status();
    Result<bool> row = get->Step();
    if (!row.ok()) return row.status();
    return *row ? get->Text(0) : std::string();
  };
  Result<std::string> before = recorded();
  if (!before.ok()) return before.status();
  if (*before == current) return Status::Ok();

  WIRECRAWL_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status s = [&]() -> Status {
    // Another process may have rebuilt it while we waited for the lock.
    Result<std::string> locked = recorded();
    if (!locked.ok()) return locked.status();
    if (*locked == current) return Status::Ok();
    spdlog::warn("text normalisation differs from the one that built the search index: rebuilding it");
    return Rebuild(db);
  }();
  if (s.ok()) s = db.Exec("COMMIT");
  if (!s.ok()) (void)db.Exec("ROLLBACK");
  return WithContext(s, "rebuilding the search index");
}

}  // namespace wirecrawl::search_index
