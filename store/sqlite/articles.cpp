// The SQLite Store: opening, batches and the article write path.
#include "store/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "base/time.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/search_index.h"

namespace wirecrawl {
namespace {

constexpr const char* kFindArticle =
    "SELECT id, story_id, body_hash, version, fetched_ms FROM articles WHERE url = ?1";
constexpr const char* kMaxArticleId = "SELECT coalesce(max(id), 0) FROM articles";

constexpr const char* kInsertStory =
    "INSERT INTO stories(id, representative_id, member_count, site_count, first_seen_ms, last_seen_ms) "
    "VALUES (?1, ?1, 1, 1, ?2, ?2)";
constexpr const char* kStoryAndSite =
    "SELECT (SELECT count(*) FROM stories WHERE id = ?1), "
    "EXISTS (SELECT 1 FROM articles WHERE story_id = ?1 AND site = ?2)";
constexpr const char* kJoinStory =
    "UPDATE stories SET member_count = member_count + 1, site_count = site_count + ?2, "
    "first_seen_ms = min(first_seen_ms, ?3), last_seen_ms = max(last_seen_ms, ?3) WHERE id = ?1";
constexpr const char* kInsertArticle =
    "INSERT INTO articles(id, story_id, similarity, matched_id, body_hash, version, fetched_ms, updated_ms, "
    "seen_ms, published_ms, language, published, site, title, author, url, canonical_url, body) "
    "VALUES (?1, ?2, ?3, ?15, ?4, 1, ?5, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
constexpr const char* kInsertFingerprint =
    "INSERT INTO fingerprints(article_id, story_id, body_hash, shingle_count, seen_ms, site, signature) "
    "VALUES (?1, ?2, ?3, ?4, ?6, ?7, ?5)";

constexpr const char* kCurrentArticle =
    "SELECT body_hash, version, updated_ms, title, author, published, language, canonical_url, body "
    "FROM articles WHERE id = ?1";
constexpr const char* kKeepVersion =
    "INSERT INTO article_versions(article_id, version, body_hash, fetched_ms, replaced_ms, title, body) "
    "SELECT id, version, body_hash, updated_ms, ?2, title, body FROM articles WHERE id = ?1";
constexpr const char* kReplaceArticle =
    "UPDATE articles SET body_hash = ?2, version = version + ?3, updated_ms = CASE WHEN ?3 THEN ?4 ELSE "
    "updated_ms END, seen_ms = ?4, published_ms = ?5, language = ?6, published = ?7, title = ?8, author = "
    "?9, "
    "canonical_url = ?10, body = ?11 WHERE id = ?1";
constexpr const char* kSeenArticle = "UPDATE articles SET seen_ms = max(seen_ms, ?2) WHERE id = ?1";
constexpr const char* kUpdateFingerprint =
    "UPDATE fingerprints SET body_hash = ?2, shingle_count = ?3, signature = ?4 WHERE article_id = ?1";

// Plain INSERT and UPDATE, never INSERT OR REPLACE: a statement that may
// delete rows needs a statement journal, and opening one makes FTS5 flush
// its pending terms (xSavepoint) into a new segment, so one such statement
// per article multiplied the search index's merge work (4x the cost of the
// whole insert, measured with callgrind).

int64_t HashToColumn(uint64_t hash) { return static_cast<int64_t>(hash); }
uint64_t HashFromColumn(int64_t value) { return static_cast<uint64_t>(value); }

// The connection settings every Store needs before it reads or migrates.
Status Configure(sqlite::Database& db, const StoreOptions& options) {
  sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  // Reading the header first turns "file is not a database" into a clear
  // error before any pragma tries to write.
  Result<int64_t> version = db.QueryInt64("PRAGMA user_version");
  if (!version.ok()) {
    if ((sqlite3_extended_errcode(db.get()) & 0xff) == SQLITE_READONLY) {
      // A WAL database needs its -wal and -shm files even to be read.
      return Status::IoError(
          "the database's directory is read-only, so its write-ahead log (-wal, -shm files) cannot be "
          "created: " +
          version.status().message());
    }
    return version.status();
  }
  if (options.read_only) {
    // Every wirecrawl database is in WAL mode from its creation; a read-only
    // connection cannot switch it, and need not.
    return db.Exec("PRAGMA query_only = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY");
  }
  Result<int64_t> pages = db.QueryInt64("PRAGMA page_count");
  if (!pages.ok()) return pages.status();
  if (*pages == 0 && options.create) {
    // A new file. 16 KiB pages: an article row (~3 KB of text) no longer
    // leaves most of a 4 KiB page unused (4.1 KB per article -> 3.3 KB,
    // measured in store/README.md). Incremental auto-vacuum: `wirecrawl
    // optimize` can give pruned pages back to the file system without
    // rewriting the database. Both must be set before the first table.
    WIRECRAWL_RETURN_IF_ERROR(db.Exec("PRAGMA page_size = 16384"));
    WIRECRAWL_RETURN_IF_ERROR(db.Exec("PRAGMA auto_vacuum = INCREMENTAL"));
  }
  Result<sqlite::Statement> wal = db.Prepare("PRAGMA journal_mode = WAL");
  if (!wal.ok()) return wal.status();
  Result<bool> row = wal->Step();
  if (!row.ok()) return row.status();
  if (!*row || wal->TextView(0) != "wal") {
    return Status::IoError("cannot switch the database to WAL mode (journal_mode is " +
                           std::string(*row ? wal->TextView(0) : "unknown") + ")");
  }
  WIRECRAWL_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
  WIRECRAWL_RETURN_IF_ERROR(
      db.Exec(options.fsync_each_commit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"));
  // 64 MiB of page cache: the URL and story indexes stay in memory well past
  // a million articles, which keeps the cost per insert flat.
  WIRECRAWL_RETURN_IF_ERROR(db.Exec("PRAGMA cache_size = -65536"));
  return db.Exec("PRAGMA temp_store = MEMORY");
}

// SQLite falls back to read-only when the file cannot be opened for
// writing, and a WAL database in a directory the process cannot write fails
// only when the WAL is created. Both are found here, by a write that changes
// nothing (a write lock taken and released), before the command does any
// work.
Status CheckWritable(sqlite::Database& db) {
  constexpr const char* kHint = " (a writing command needs write access to the file and its directory)";
  if (sqlite3_db_readonly(db.get(), "main") == 1) {
    return Status::IoError("the database is read-only: no permission to write it" + std::string(kHint));
  }
  Status s = db.Exec("BEGIN IMMEDIATE; COMMIT");
  if (!s.ok()) {
    (void)db.Exec("ROLLBACK");
    // Another writer holding the lock past busy_timeout is not a permission
    // problem: say so as it is.
    if (s.code() == Status::Code::kBusy) return s;
    return Status::IoError("the database cannot be written: " + s.message() + kHint);
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& location, const StoreOptions& options) {
  if (location.empty()) return Status::InvalidArgument("no database path given");
  if (!options.create || options.read_only) {
    struct stat st {};
    if (::stat(location.c_str(), &st) != 0) return Status::NotFound("no database at " + location);
  }
  int flags = options.read_only
                  ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  Result<sqlite::Database> db = sqlite::Database::Open(location, flags);
  if (!db.ok()) return db.status();
  Status s = Configure(*db, options);
  if (options.read_only) {
    // No migration and no search index rebuild: both write. A search index
    // built by another normalisation is rebuilt by the next writer.
    if (s.ok()) s = schema::CheckCurrent(*db);
  } else {
    if (s.ok() && options.require_write) s = CheckWritable(*db);
    if (s.ok()) s = schema::Migrate(*db);
    if (s.ok()) s = search_index::RebuildIfNormalizationChanged(*db);
  }
  if (!s.ok()) return WithContext(s, location);
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db).value(), location));
}

SqliteStore::~SqliteStore() {
  if (in_batch_) {
    // An open batch at destruction is a caller bug or an error path: the
    // batch is discarded rather than half-committed.
    spdlog::warn("store {}: closed with an open batch; it was rolled back", path_);
    RollbackBatch();
  }
}

Status SqliteStore::BeginBatch() {
  if (in_batch_) return Status::InvalidArgument("a batch is already open");
  // IMMEDIATE takes the write lock now: a deferred transaction that later
  // upgrades can fail with SQLITE_BUSY without waiting for busy_timeout.
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  in_batch_ = true;
  next_article_id_ = 0;
  return Status::Ok();
}

Status SqliteStore::CommitBatch() {
  if (!in_batch_) return Status::InvalidArgument("no batch is open");
  Status s = WriteSearchIndex();
  if (s.ok()) s = db_.Exec("COMMIT");
  if (!s.ok()) {
    // A failed COMMIT (disk full, deferred foreign key) leaves the
    // transaction open; roll it back so the connection is usable.
    RollbackBatch();
    return s;
  }
  in_batch_ = false;
  return s;
}

void SqliteStore::RollbackBatch() {
  if (!in_batch_) return;
  if (!sqlite3_get_autocommit(db_.get())) (void)db_.Exec("ROLLBACK");
  in_batch_ = false;
  host_ids_.clear();
  search_writes_.clear();
}

void SqliteStore::QueueSearchWrite(bool remove, int64_t article_id, std::string_view title,
                                   std::string_view body) {
  SearchWrite& write = search_writes_.emplace_back();
  write.remove = remove;
  write.article_id = article_id;
  write.title.assign(title);
  write.body.assign(body);
}

Status SqliteStore::WriteSearchIndex() {
  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL,
  // SQLITE_IOERR): then these writes would commit on their own, without
  // the batch they belong to.
  if (!search_writes_.empty() && sqlite3_get_autocommit(db_.get())) {
    return Status::IoError("the open batch was rolled back by SQLite; its search entries are not written");
  }
  for (const SearchWrite& write : search_writes_) {
    WIRECRAWL_RETURN_IF_ERROR(write.remove
                                  ? search_index::Remove(db_, write.article_id, write.title, write.body)
                                  : search_index::Add(db_, write.article_id, write.title, write.body));
  }
  search_writes_.clear();
  return Status::Ok();
}

Status SqliteStore::Atomically(const std::function<Status()>& writes) {
  if (!in_batch_) return WithBatch(*this, writes);
  Status s = writes();
  if (s.ok()) return s;
  return AbortBatch(s);
}

Status SqliteStore::AbortBatch(const Status& cause) {
  // Part of a change may be written. Rather than commit half of it, or pay
  // for a savepoint around every change (SQLite copies each page it touches
  // into a sub-journal: a quarter of the cost of an insert), the batch goes.
  RollbackBatch();
  return WithContext(cause, "the open batch was rolled back");
}

std::string_view SqliteStore::NormalizedTitle(const NormalizedText& given, std::string_view title) {
  if (given.title) return *given.title;
  normalizer_.Normalize(title, &normalized_title_);
  return normalized_title_;
}

std::string_view SqliteStore::NormalizedBody(const NormalizedText& given, std::string_view body) {
  if (given.body) return *given.body;
  normalizer_.Normalize(body, &normalized_body_);
  return normalized_body_;
}

Result<std::optional<ArticleKey>> SqliteStore::FindArticle(std::string_view url) {
  Result<sqlite::Statement*> stmt = Cached(kFindArticle);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement find(**stmt);
  find->Bind(1, url);
  Result<bool> row = find->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ArticleKey>();
  ArticleKey key;
  key.id = find->Int64(0);
  key.story_id = find->Int64(1);
  key.body_hash = HashFromColumn(find->Int64(2));
  key.version = find->Int(3);
  key.fetched_ms = find->Int64(4);
  return std::optional<ArticleKey>(key);
}

Result<int64_t> SqliteStore::NextArticleId() {
  if (!in_batch_) return Status::InvalidArgument("NextArticleId outside a batch");
  if (next_article_id_ == 0) {
    // Inside the batch we hold the write lock, so nobody else can take this
    // id before InsertArticle uses it.
    Result<int64_t> max_id = db_.QueryInt64(kMaxArticleId);
    if (!max_id.ok()) return max_id.status();
    next_article_id_ = *max_id + 1;
  }
  return next_article_id_;
}

Status SqliteStore::InsertArticle(int64_t id, const Article& article, const Fingerprint& fingerprint,
                                  std::span<const uint32_t> band_keys, const StoryAssignment& story,
                                  int64_t fetched_ms, const NormalizedText& normalized) {
  // Everything that can be wrong with the input is checked before the first
  // write, so that a rejected article leaves the batch as it was.
  Result<int64_t> expected = NextArticleId();
  if (!expected.ok()) return expected.status();
  if (id != *expected) {
    return Status::InvalidArgument("article id " + std::to_string(id) + " is not the next id (" +
                                   std::to_string(*expected) + ")");
  }
  if (article.url.empty()) return Status::InvalidArgument("article has no URL");
  if (story.new_story != (story.story_id == id)) {
    return Status::InvalidArgument("story " + std::to_string(story.story_id) + " for article " +
                                   std::to_string(id) +
                                   ": a new story takes the article's id, an existing one another id");
  }
  const std::string& canonical = article.canonical_url.empty() ? article.url : article.canonical_url;
  std::string site = SiteOfUrl(canonical);
  if (site.empty()) site = SiteOfUrl(article.url);
  std::optional<int64_t> published_ms = ParseIsoTime(article.published);
  int64_t date_ms = published_ms.value_or(fetched_ms);
  std::string body = article.Body();

  int64_t new_site = 1;
  if (!story.new_story) {
    Result<sqlite::Statement*> stmt = Cached(kStoryAndSite);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement known(**stmt);
    known->Bind(1, story.story_id).Bind(2, site);
    Result<bool> row = known->Step();
    if (!row.ok()) return row.status();
    if (!*row || known->Int(0) == 0) {
      return Status::Corruption("article " + std::to_string(id) + " joins story " +
                                std::to_string(story.story_id) + ", which is not stored");
    }
    new_site = known->Int(1) != 0 ? 0 : 1;
  }
  {
    // The first write: one statement, so if it fails (e.g. the URL is
    // already stored) it leaves nothing behind.
    Result<sqlite::Statement*> stmt = Cached(kInsertArticle);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement insert(**stmt);
    insert->Bind(1, id)
        .Bind(2, story.story_id)
        .Bind(3, story.story_similarity)
        .Bind(4, HashToColumn(fingerprint.exact_hash))
        .Bind(5, fetched_ms)
        .Bind(6, published_ms)
        .BindTextOrNull(7, article.language)
        .BindTextOrNull(8, article.published)
        .Bind(9, site)
        .Bind(10, article.title)
        .BindTextOrNull(11, article.author)
        .Bind(12, article.url)
        .Bind(13, canonical)
        .Bind(14, body)
        .Bind(15, story.matched_doc != id ? std::optional<int64_t>(story.matched_doc) : std::nullopt);
    WIRECRAWL_RETURN_IF_ERROR(insert->Run());
  }
  std::string_view indexed_title = NormalizedTitle(normalized, article.title);
  std::string_view indexed_body = NormalizedBody(normalized, body);
  Status s = [&]() -> Status {
    if (story.new_story) {
      Result<sqlite::Statement*> stmt = Cached(kInsertStory);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement insert(**stmt);
      insert->Bind(1, id).Bind(2, date_ms);
      WIRECRAWL_RETURN_IF_ERROR(insert->Run());
    } else {
      Result<sqlite::Statement*> stmt = Cached(kJoinStory);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement join(**stmt);
      join->Bind(1, story.story_id).Bind(2, new_site).Bind(3, date_ms);
      WIRECRAWL_RETURN_IF_ERROR(join->Run());
    }
    {
      Result<sqlite::Statement*> stmt = Cached(kInsertFingerprint);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement insert(**stmt);
      std::string signature = EncodeSignature(fingerprint.signature);
      insert->Bind(1, id)
          .Bind(2, story.story_id)
          .Bind(3, HashToColumn(fingerprint.exact_hash))
          .Bind(4, static_cast<int64_t>(fingerprint.shingle_count))
          .BindBlob(5, signature.data(), signature.size())
          .Bind(6, date_ms)
          .Bind(7, site);
      WIRECRAWL_RETURN_IF_ERROR(insert->Run());
    }
    WIRECRAWL_RETURN_IF_ERROR(PutBands(id, band_keys));
    QueueSearchWrite(false, id, indexed_title, indexed_body);
    return Status::Ok();
  }();
  if (!s.ok()) return AbortBatch(s);
  next_article_id_ = id + 1;
  return s;
}

Result<ArticleChange> SqliteStore::UpdateArticle(int64_t id, const Article& article,
                                                 const Fingerprint& fingerprint,
                                                 std::span<const uint32_t> band_keys, int64_t fetched_ms,
                                                 const NormalizedText& normalized) {
  const std::string& canonical = article.canonical_url.empty() ? article.url : article.canonical_url;
  std::optional<int64_t> published_ms = ParseIsoTime(article.published);
  std::string body = article.Body();
  ArticleChange change = ArticleChange::kUnchanged;
  bool body_changed = false;
  bool same_text = false;
  bool title_changed = false;
  std::string old_title;
  std::string old_body;
  {
    Result<sqlite::Statement*> stmt = Cached(kCurrentArticle);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement current(**stmt);
    current->Bind(1, id);
    Result<bool> row = current->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no article with id " + std::to_string(id));
    body_changed = HashFromColumn(current->Int64(0)) != fingerprint.exact_hash;
    title_changed = current->TextView(3) != article.title;
    same_text = !body_changed && !title_changed && current->TextView(4) == article.author &&
                current->TextView(5) == article.published && current->TextView(6) == article.language &&
                current->TextView(7) == canonical && current->TextView(8) == body;
    if (body_changed || title_changed) {
      // The search entry is removed with the text it was indexed with.
      normalizer_.Normalize(current->TextView(3), &old_title);
      normalizer_.Normalize(current->TextView(8), &old_body);
    }
  }

  Status s = Atomically([&]() -> Status {
    if (same_text) {
      Result<sqlite::Statement*> stmt = Cached(kSeenArticle);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement seen(**stmt);
      seen->Bind(1, id).Bind(2, fetched_ms);
      return seen->Run();
    }
    if (body_changed) {
      Result<sqlite::Statement*> stmt = Cached(kKeepVersion);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement keep(**stmt);
      keep->Bind(1, id).Bind(2, fetched_ms);
      WIRECRAWL_RETURN_IF_ERROR(keep->Run());
    }
    {
      Result<sqlite::Statement*> stmt = Cached(kReplaceArticle);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement replace(**stmt);
      replace->Bind(1, id)
          .Bind(2, HashToColumn(fingerprint.exact_hash))
          .Bind(3, body_changed ? 1 : 0)
          .Bind(4, fetched_ms)
          .Bind(5, published_ms)
          .BindTextOrNull(6, article.language)
          .BindTextOrNull(7, article.published)
          .Bind(8, article.title)
          .BindTextOrNull(9, article.author)
          .Bind(10, canonical)
          .Bind(11, body);
      WIRECRAWL_RETURN_IF_ERROR(replace->Run());
    }
    if (body_changed) {
      WIRECRAWL_RETURN_IF_ERROR(DeleteBands(id));
      Result<sqlite::Statement*> stmt = Cached(kUpdateFingerprint);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement update(**stmt);
      std::string signature = EncodeSignature(fingerprint.signature);
      update->Bind(1, id)
          .Bind(2, HashToColumn(fingerprint.exact_hash))
          .Bind(3, static_cast<int64_t>(fingerprint.shingle_count))
          .BindBlob(4, signature.data(), signature.size());
      WIRECRAWL_RETURN_IF_ERROR(update->Run());
      // An article pruned beyond the window has no fingerprint to update,
      // and takes no band keys: no later article's window reaches it.
      if (db_.Changes() > 0) WIRECRAWL_RETURN_IF_ERROR(PutBands(id, band_keys));
    }
    if (body_changed || title_changed) {
      QueueSearchWrite(true, id, old_title, old_body);
      QueueSearchWrite(false, id, NormalizedTitle(normalized, article.title),
                       NormalizedBody(normalized, body));
    }
    change = body_changed ? ArticleChange::kNewVersion : ArticleChange::kMetadataUpdated;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return change;
}

}  // namespace wirecrawl
