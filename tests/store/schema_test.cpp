// Tests of store/schema.cpp through OpenStore: opening settings and
// migrations (store/SCHEMA.md: from an empty and from a previous-version
// database; an older file is upgraded in one transaction, a newer one is an
// error).
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "dedup/fingerprint.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store_test_support.h"

namespace wirecrawl {
namespace {

using testing::TempDir;

// Raw SQLite access for the test's own checks and fixtures: a test must see
// the file as a sqlite3 user would, not through Store.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open(path.c_str(), &db);
    db_ = db;
    REQUIRE(rc == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    INFO(msg);
    REQUIRE(rc == SQLITE_OK);
  }
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string out;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    // A failing statement (e.g. FTS5's integrity-check) must not read as "".
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) out = std::string("ERROR: ") + sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return out;
  }
  int64_t Int(const std::string& sql) { return std::stoll(Text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

// The version-1 schema exactly as wirecrawl 0.1 wrote it (frozen here: the
// fixture must not follow later edits of store/schema.cpp), with data.
const char* kVersion1Fixture = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('seed', 'feed', 'sitemap')),
  refresh_interval_ms INTEGER NOT NULL CHECK (refresh_interval_ms > 0), next_refresh_ms INTEGER NOT NULL DEFAULT 0,
  last_refreshed_ms INTEGER, last_status INTEGER, etag TEXT, last_modified TEXT, last_error TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0, added_ms INTEGER NOT NULL) STRICT;
CREATE INDEX sources_due ON sources(next_refresh_ms);
CREATE TABLE hosts (id INTEGER PRIMARY KEY, host TEXT NOT NULL UNIQUE, robots_status INTEGER,
  robots_fetched_ms INTEGER, robots_expires_ms INTEGER, crawl_delay_ms INTEGER NOT NULL DEFAULT 0,
  next_allowed_ms INTEGER NOT NULL DEFAULT 0, backoff_until_ms INTEGER NOT NULL DEFAULT 0,
  consecutive_errors INTEGER NOT NULL DEFAULT 0, robots_body BLOB) STRICT;
CREATE TABLE stories (id INTEGER PRIMARY KEY,
  representative_id INTEGER NOT NULL REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED,
  member_count INTEGER NOT NULL DEFAULT 1, site_count INTEGER NOT NULL DEFAULT 1,
  first_seen_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL) STRICT;
CREATE INDEX stories_last_seen ON stories(last_seen_ms);
CREATE INDEX stories_representative ON stories(representative_id);
CREATE TABLE articles (id INTEGER PRIMARY KEY,
  story_id INTEGER NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
  similarity REAL NOT NULL DEFAULT 1.0, matched_id INTEGER, body_hash INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1, fetched_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
  seen_ms INTEGER NOT NULL, published_ms INTEGER, language TEXT, published TEXT, site TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '', author TEXT, url TEXT NOT NULL UNIQUE, canonical_url TEXT NOT NULL,
  body TEXT NOT NULL) STRICT;
CREATE INDEX articles_story ON articles(story_id, site);
CREATE INDEX articles_date ON articles(coalesce(published_ms, fetched_ms));
CREATE TABLE article_versions (id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE, version INTEGER NOT NULL,
  body_hash INTEGER NOT NULL, fetched_ms INTEGER NOT NULL, replaced_ms INTEGER NOT NULL, title TEXT NOT NULL,
  body TEXT NOT NULL, UNIQUE (article_id, version)) STRICT;
CREATE TABLE fingerprints (article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  story_id INTEGER NOT NULL, body_hash INTEGER NOT NULL, shingle_count INTEGER NOT NULL, seen_ms INTEGER NOT NULL,
  site TEXT NOT NULL, signature BLOB NOT NULL) STRICT;
CREATE TABLE urls (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, host_id INTEGER NOT NULL REFERENCES hosts(id),
  source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  kind TEXT NOT NULL DEFAULT 'page' CHECK (kind IN ('page', 'article', 'hub', 'feed', 'sitemap')),
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'fetching', 'done', 'failed', 'skipped')),
  depth INTEGER NOT NULL DEFAULT 0, priority INTEGER NOT NULL DEFAULT 0, next_due_ms INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0, discovered_ms INTEGER NOT NULL, last_fetched_ms INTEGER,
  last_status INTEGER, article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL, etag TEXT,
  last_modified TEXT, last_error TEXT) STRICT;
CREATE INDEX urls_queue ON urls(host_id, priority DESC, next_due_ms) WHERE state = 'queued';
CREATE INDEX urls_state ON urls(state);
CREATE INDEX urls_source ON urls(source_id) WHERE source_id IS NOT NULL;
CREATE INDEX urls_article ON urls(article_id) WHERE article_id IS NOT NULL;
CREATE TABLE fetches (id INTEGER PRIMARY KEY, url_id INTEGER NOT NULL REFERENCES urls(id) ON DELETE CASCADE,
  started_ms INTEGER NOT NULL, status INTEGER, bytes INTEGER NOT NULL DEFAULT 0,
  elapsed_ms INTEGER NOT NULL DEFAULT 0, content_type TEXT, error TEXT, redirects TEXT) STRICT;
CREATE INDEX fetches_url ON fetches(url_id, started_ms);

INSERT INTO stories VALUES (1, 1, 1, 1, 1697846400000, 1697846400000);
INSERT INTO articles(id, story_id, body_hash, fetched_ms, updated_ms, seen_ms, published_ms, language, published,
  site, title, url, canonical_url, body)
VALUES (1, 1, 42, 1697900000000, 1697900000000, 1697900000000, 1697846400000, 'ar', '2023-10-21',
  'example.qa', 'وزير الخارجيّة القطري', 'https://example.qa/a/1', 'https://example.qa/a/1',
  'قالت وزارة الخارجية القطرية السبت إن الوزير أكد استمرار التنسيق مع الشركاء للإفراج عن الأسرى في غزة.');
INSERT INTO hosts(id, host) VALUES (1, 'example.qa');
INSERT INTO urls(url, host_id, state, discovered_ms) VALUES ('https://example.qa/a/1', 1, 'done', 1697900000000);
PRAGMA application_id = 1464029783;
PRAGMA user_version = 1;
)sql";

TEST_CASE("SchemaDoc_EmptyFileGetsCurrentSchemaInWalMode", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("new.db");
  {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
  }
  RawDb raw(path);
  CHECK(raw.Int("PRAGMA user_version") == Store::kSchemaVersion);
  CHECK(raw.Text("PRAGMA journal_mode") == "wal");
  for (const char* table : {"sources", "hosts", "urls", "fetches", "articles", "article_versions", "stories",
                            "fingerprints", "article_search", "sites", "site_patterns", "v_articles",
                            "v_stories", "v_frontier", "v_fetches", "v_hosts", "v_site_patterns"}) {
    INFO(table);
    CHECK(raw.Int(std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + table + "'") == 1);
  }
  // Views must be valid SQL over the tables, not just present.
  for (const char* view :
       {"v_articles", "v_stories", "v_frontier", "v_fetches", "v_hosts", "v_site_patterns"}) {
    CHECK(raw.Int(std::string("SELECT count(*) FROM ") + view) == 0);
  }
}

TEST_CASE("SchemaDoc_ForeignKeysAreEnforced", "[store][schema][sqlite-only]") {
  TempDir dir;
  auto store = OpenStore(dir.File("fk.db"));
  REQUIRE(store.ok());
  // A fetch of an unknown URL id violates fetches.url_id -> urls(id).
  FetchRecord fetch;
  fetch.url_id = 12345;
  fetch.started_ms = 1;
  Status s = (*store)->RecordFetch(fetch);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("FOREIGN KEY") != std::string::npos);
}

TEST_CASE("SchemaDoc_Version1DatabaseIsUpgradedWithItsArticlesSearchable", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("v1.db");
  {
    RawDb raw(path);
    raw.Exec(kVersion1Fixture);
  }
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  {
    RawDb raw(path);
    CHECK(raw.Int("PRAGMA user_version") == Store::kSchemaVersion);
    CHECK(raw.Text("SELECT title FROM v_articles WHERE id = 1") == "وزير الخارجيّة القطري");
    CHECK(raw.Text("SELECT state FROM v_frontier") == "done");
    // Version 5: how a URL queued before was found is not known.
    CHECK(raw.Text("SELECT coalesce(found_via, 'unknown') FROM v_frontier") == "unknown");
    CHECK(raw.Int("SELECT count(*) FROM v_site_patterns") == 0);
  }
  // The migration indexed the existing article (normalised: the title's
  // shadda and the body's taa marbuta do not matter).
  SearchQuery q;
  q.text = "الخارجية غزه";
  auto hits = (*store)->Search(q);
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK((*hits)[0].article_id == 1);
  CHECK((*hits)[0].url == "https://example.qa/a/1");
}

std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// An older database joins the story index on disk (version 5): its
// articles' band keys are built from their stored signatures the first time
// the ingest path opens it, and a copy of a stored article then finds it.
// Shingle sets are no longer stored (version 5 drops the table): a
// candidate's set is recomputed from its body, and a fingerprint whose hash
// no longer matches its body (another normalisation made it) is verified
// with the signature estimate instead.
TEST_CASE("SchemaDoc_Version2DatabaseJoinsTheStoryIndexOnUpgrade", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("v2.db");
  const std::string body =
      "قالت وزارة الخارجية القطرية السبت إن الوزير أكد استمرار التنسيق مع الشركاء للإفراج عن الأسرى في غزة.";
  Fingerprint fp = ComputeFingerprint(body);
  {
    RawDb raw(path);
    raw.Exec(kVersion1Fixture);
    // What version 2 added (its views aside: the later versions replace v_frontier only).
    raw.Exec("CREATE VIRTUAL TABLE article_search USING fts5(title, body, content = '', tokenize = 'ascii')");
    raw.Exec(
        "INSERT INTO stories VALUES (2, 2, 1, 1, 1697846400000, 1697846400000);"
        "INSERT INTO articles(id, story_id, body_hash, fetched_ms, updated_ms, seen_ms, site, title, url, "
        "canonical_url, body) VALUES (2, 2, 7, 1, 1, 1, 'example.qa', 't', 'https://example.qa/a/2', "
        "'https://example.qa/a/2', 'one two three four five six seven')");
    raw.Exec("INSERT INTO fingerprints VALUES (1, 1, " + std::to_string(static_cast<int64_t>(fp.exact_hash)) +
             ", " + std::to_string(fp.shingle_count) + ", 1697846400000, 'example.qa', X'" +
             Hex(EncodeSignature(fp.signature)) + "')");
    raw.Exec("INSERT INTO fingerprints VALUES (2, 2, 7, 3, 1, 'example.qa', X'" +
             Hex(EncodeSignature(ComputeFingerprint("one two three four five six seven").signature)) + "')");
    raw.Exec("PRAGMA user_version = 2");
  }
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  {
    RawDb raw(path);
    CHECK(raw.Int("PRAGMA user_version") == Store::kSchemaVersion);
    CHECK(raw.Int("SELECT count(*) FROM sqlite_schema WHERE name = 'shingles'") == 0);
    CHECK(raw.Int("SELECT count(*) FROM lsh_bands") == 0);
  }
  IngestOptions whole_archive;
  whole_archive.window_ms = 0;
  auto pipeline = IngestPipeline::Open(**store, whole_archive);
  REQUIRE(pipeline.ok());
  {
    RawDb raw(path);
    CHECK(raw.Int("SELECT count(DISTINCT article_id) FROM lsh_bands") == 2);
  }
  auto matches = (*pipeline)->Matches(body, 1697846400000);
  REQUIRE(matches.ok());
  REQUIRE(matches->size() == 1);
  CHECK((*matches)[0].doc_id == 1);
  CHECK((*matches)[0].similarity == 1.0);
  matches = (*pipeline)->Matches("one two three four five six seven", 1);
  REQUIRE(matches.ok());
  REQUIRE(matches->size() == 1);
  CHECK((*matches)[0].doc_id == 2);  // by the estimate: its stored hash is not its body's
}

TEST_CASE("SchemaDoc_FailedMigrationLeavesVersion1Untouched", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("v1-broken.db");
  {
    RawDb raw(path);
    raw.Exec(kVersion1Fixture);
    // Something a sqlite3 user might have created: version 2 wants this name.
    raw.Exec("CREATE TABLE article_search (x)");
  }
  auto store = OpenStore(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().message().find("migration to schema version 2") != std::string::npos);
  RawDb raw(path);
  // One transaction: nothing of version 2 was left behind.
  CHECK(raw.Int("PRAGMA user_version") == 1);
  CHECK(raw.Int("SELECT count(*) FROM sqlite_schema WHERE name = 'v_articles'") == 0);
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
}

TEST_CASE("SchemaDoc_NewerSchemaIsRefusedWithClearError", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("future.db");
  {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
  }
  {
    RawDb raw(path);
    raw.Exec("PRAGMA user_version = 99");
  }
  auto store = OpenStore(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kUnsupported);
  CHECK(store.status().message().find("version 99 is newer") != std::string::npos);
  CHECK(store.status().message().find(path) != std::string::npos);
  RawDb raw(path);
  CHECK(raw.Int("PRAGMA user_version") == 99);
}

TEST_CASE("SchemaDoc_ForeignSqliteFileIsNotMigrated", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("other.db");
  {
    RawDb raw(path);
    raw.Exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
  }
  auto store = OpenStore(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kUnsupported);
  CHECK(store.status().message().find("not a wirecrawl database") != std::string::npos);
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM sqlite_schema") == 1);
}

TEST_CASE("Store_NonDatabaseFileIsAnErrorNotACrash", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("page.html");
  {
    std::ofstream out(path);
    out << "<html><body>" << std::string(8192, 'x') << "</body></html>";
  }
  auto store = OpenStore(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kCorruption);
}

TEST_CASE("Store_MissingFileWithoutCreateIsNotFound", "[store][schema][sqlite-only]") {
  TempDir dir;
  StoreOptions options;
  options.create = false;
  auto store = OpenStore(dir.File("typo.db"), options);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kNotFound);
  CHECK_FALSE(std::filesystem::exists(dir.File("typo.db")));
}

TEST_CASE("SchemaDoc_SearchIndexIsRebuiltWhenNormalizationChanged", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("renorm.db");
  auto count = [](Store& store, const std::string& text) {
    SearchQuery q;
    q.text = text;
    auto hits = store.Search(q);
    REQUIRE(hits.ok());
    return hits->size();
  };
  {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
    REQUIRE((*store)->BeginBatch().ok());
    Fingerprint fp = ComputeFingerprint("harbour reopened after the storm");
    for (int i = 0; i < 3; ++i) {
      auto id = (*store)->NextArticleId();
      REQUIRE(id.ok());
      StoryAssignment own;
      own.story_id = own.matched_doc = *id;
      REQUIRE((*store)
                  ->InsertArticle(*id,
                                  testing::MakeArticle("https://a.example/" + std::to_string(i), "Harbour",
                                                       {"The harbour reopened after the storm."}),
                                  fp, {}, own, 1)
                  .ok());
    }
    REQUIRE((*store)->CommitBatch().ok());
    // Title and body updates replace the entries: the index stays exact.
    Article changed = testing::MakeArticle("https://a.example/0", "Port", {"The port closed again."});
    REQUIRE((*store)->UpdateArticle(1, changed, ComputeFingerprint("the port closed again"), {}, 2).ok());
    CHECK(count(**store, "harbour") == 2);
    CHECK(count(**store, "port") == 1);
  }
  {
    // What a wirecrawl with another normalisation would find: an index that
    // does not match this build's (here: emptied) and a different record.
    RawDb raw(path);
    CHECK(raw.Text("INSERT INTO article_search(article_search) VALUES ('integrity-check')").empty());
    raw.Exec("INSERT INTO article_search(article_search) VALUES ('delete-all')");
    raw.Exec("UPDATE meta SET value = 'another normaliser' WHERE key = 'search.normalizer'");
  }
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  CHECK(count(**store, "harbour") == 2);
  CHECK(count(**store, "port") == 1);
  RawDb raw(path);
  CHECK(raw.Text("SELECT value FROM meta WHERE key = 'search.normalizer'") != "another normaliser");
}

TEST_CASE("SchemaDoc_ReopenKeepsSchemaAndData", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("reopen.db");
  {
    auto store = OpenStore(path);
    REQUIRE(store.ok());
    REQUIRE((*store)
                ->AddSource("https://example.com/feed.xml", SourceKind::kFeed, SourceOrigin::kConfig, 60000)
                .ok());
  }
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  auto due = (*store)->DueSources(0);
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK((*due)[0].kind == SourceKind::kFeed);
}

// A writer opens only a database it can write; another writer's
// open batch is not that case: the open waits busy_timeout and says "busy",
// and a reader opens at once.
TEST_CASE("SchemaDoc_BusyTimeout_SecondWriterIsBusyNotReadOnly", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("busy.db");
  auto holder = OpenStore(path);
  REQUIRE(holder.ok());
  REQUIRE((*holder)->BeginBatch().ok());

  StoreOptions writer;
  writer.busy_timeout_ms = 50;
  auto second = OpenStore(path, writer);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Status::Code::kBusy);
  CHECK(second.status().message().find("read-only") == std::string::npos);

  StoreOptions reader = writer;
  reader.create = false;
  reader.require_write = false;
  auto read = OpenStore(path, reader);
  INFO((read.ok() ? std::string() : read.status().message()));
  CHECK(read.ok());

  REQUIRE((*holder)->CommitBatch().ok());
  CHECK(OpenStore(path, writer).ok());
}

}  // namespace
}  // namespace wirecrawl

namespace wirecrawl {
namespace {

// store/SCHEMA.md, version 6: sources stored before origins were recorded
// stay read by every crawl: seeds become "added", feeds and sitemaps
// "discovered"; none is paused.
TEST_CASE("SchemaDoc_Version6_ExistingSourcesGetAnOrigin", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("v1-sources.db");
  {
    RawDb raw(path);
    raw.Exec(kVersion1Fixture);
    raw.Exec(
        "INSERT INTO sources(url, kind, refresh_interval_ms, added_ms) VALUES "
        "('https://a.example/', 'seed', 60000, 1), ('https://a.example/rss', 'feed', 60000, 1)");
  }
  auto store = OpenStore(path);
  REQUIRE(store.ok());
  auto sources = (*store)->DueSources(INT64_MAX);
  REQUIRE(sources.ok());
  REQUIRE(sources->size() == 2);
  for (const Source& s : *sources) {
    CHECK(s.origin == (s.kind == SourceKind::kSeed ? SourceOrigin::kAdded : SourceOrigin::kDiscovered));
    CHECK_FALSE(s.paused);
  }
}

// store/crawl_state.h: an origin only rises; pausing parks the source's URL,
// resuming makes it due; removing forgets the source and skips its URL.
TEST_CASE("Store_SourcesOriginRisesAndPauseAndRemoveReachTheFrontier", "[store][sources]") {
  TempDir dir;
  auto store = OpenStore(dir.Database("sources.db"));
  REQUIRE(store.ok());
  Store& s = **store;
  const std::string url = "https://a.example/world/";
  auto origin = [&] {
    auto all = s.DueSources(INT64_MAX);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1);
    return (*all)[0];
  };
  REQUIRE(WithBatch(s, [&]() -> Status {
            auto id = s.AddSource(url, SourceKind::kSeed, SourceOrigin::kCommandLine, 60000);
            if (!id.ok()) return id.status();
            auto added =
                s.Enqueue(UrlToEnqueue{.url = url, .kind = UrlKind::kHub, .due_ms = 5, .source_id = *id});
            return added.ok() ? Status::Ok() : added.status();
          }).ok());
  CHECK(origin().origin == SourceOrigin::kCommandLine);
  REQUIRE(s.AddSource(url, SourceKind::kSeed, SourceOrigin::kAdded, 60000).ok());
  CHECK(origin().origin == SourceOrigin::kAdded);
  REQUIRE(s.AddSource(url, SourceKind::kFeed, SourceOrigin::kDiscovered, 60000).ok());
  CHECK(origin().origin == SourceOrigin::kAdded);  // not lowered
  CHECK(origin().kind == SourceKind::kSeed);       // the first kind stays

  auto paused = s.SetSourcePaused(url, true, 100);
  REQUIRE(paused.ok());
  CHECK(*paused);
  CHECK(origin().paused);
  auto due = s.NextQueuedDueMs();
  REQUIRE(due.ok());
  CHECK(**due == INT64_MAX);
  REQUIRE(s.SetSourcePaused(url, false, 100).ok());
  CHECK_FALSE(origin().paused);
  due = s.NextQueuedDueMs();
  CHECK(**due == 100);

  auto removed = s.RemoveSource(url);
  REQUIRE(removed.ok());
  CHECK(*removed);
  CHECK(s.DueSources(INT64_MAX)->empty());
  due = s.NextQueuedDueMs();
  CHECK_FALSE(due->has_value());  // skipped: nothing queued
  CHECK_FALSE(*s.RemoveSource(url));
  CHECK_FALSE(*s.SetSourcePaused(url, true, 0));
}

}  // namespace
}  // namespace wirecrawl

namespace wirecrawl {
namespace {

// SQLite's plan for `sql`, its detail lines joined by "; ".
std::string QueryPlan(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &stmt, nullptr);
  std::string plan = rc == SQLITE_OK ? "" : std::string("ERROR: ") + sqlite3_errmsg(db);
  while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    plan += "; ";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

// store/SCHEMA.md, version 7: an older database gains the indexes the web
// page's sources page reads one host through, and a host's URL figures and
// its site's articles are read from them alone (store/sqlite/web_queries.cpp).
TEST_CASE("SchemaDoc_Version7_SourcesPageReadsAHostFromItsIndexes", "[store][schema][sqlite-only]") {
  TempDir dir;
  std::string path = dir.File("v1-web.db");
  {
    RawDb raw(path);
    raw.Exec(kVersion1Fixture);
  }
  REQUIRE(OpenStore(path).ok());
  {
    RawDb raw(path);
    CHECK(raw.Int("PRAGMA user_version") == Store::kSchemaVersion);
    CHECK(raw.Int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                  "('urls_host', 'articles_site_fetched')") == 2);
  }
  std::string urls =
      QueryPlan(path,
                "SELECT state, coalesce(page_kind, ''), last_status, last_fetched_ms IS NOT NULL, "
                "count(*), max(last_fetched_ms) FROM urls WHERE host_id = 1 GROUP BY state, "
                "page_kind, last_status, last_fetched_ms IS NOT NULL");
  INFO(urls);
  CHECK(urls.find("COVERING INDEX urls_host") != std::string::npos);
  std::string articles =
      QueryPlan(path, "SELECT fetched_ms FROM articles WHERE site = 'a.example' AND fetched_ms >= 0");
  INFO(articles);
  CHECK(articles.find("COVERING INDEX articles_site_fetched") != std::string::npos);
}

}  // namespace
}  // namespace wirecrawl
