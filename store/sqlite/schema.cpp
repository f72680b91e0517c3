#include "store/sqlite/schema.h"

#include <memory>
#include <string>

#include "dedup/fingerprint.h"

#include "store/sqlite/search_index.h"
#include "store/store.h"

namespace wirecrawl::schema {
namespace {

// Version 1: the crawl state, articles and stories. Column order in articles
// is deliberate: SQLite reads a row's columns front to back and a long body
// spills into overflow pages, so the small columns come first and body last.
// Fingerprints live in their own narrow table so that reopening the dedup
// index scans ~600 bytes per article, not whole article rows.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
  id                   INTEGER PRIMARY KEY,
  url                  TEXT NOT NULL UNIQUE,
  kind                 TEXT NOT NULL CHECK (kind IN ('seed', 'feed', 'sitemap')),
  refresh_interval_ms  INTEGER NOT NULL CHECK (refresh_interval_ms > 0),
  next_refresh_ms      INTEGER NOT NULL DEFAULT 0,
  last_refreshed_ms    INTEGER,
  last_status          INTEGER,
  etag                 TEXT,
  last_modified        TEXT,
  last_error           TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  added_ms             INTEGER NOT NULL
) STRICT;
CREATE INDEX sources_due ON sources(next_refresh_ms);

CREATE TABLE hosts (
  id                 INTEGER PRIMARY KEY,
  host               TEXT NOT NULL UNIQUE,
  robots_status      INTEGER,
  robots_fetched_ms  INTEGER,
  robots_expires_ms  INTEGER,
  crawl_delay_ms     INTEGER NOT NULL DEFAULT 0,
  next_allowed_ms    INTEGER NOT NULL DEFAULT 0,
  backoff_until_ms   INTEGER NOT NULL DEFAULT 0,
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  robots_body        BLOB
) STRICT;

CREATE TABLE stories (
  id                INTEGER PRIMARY KEY,
  representative_id INTEGER NOT NULL REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED,
  member_count      INTEGER NOT NULL DEFAULT 1,
  site_count        INTEGER NOT NULL DEFAULT 1,
  first_seen_ms     INTEGER NOT NULL,
  last_seen_ms      INTEGER NOT NULL
) STRICT;
CREATE INDEX stories_last_seen ON stories(last_seen_ms);
-- Not only for lookups: with the deferred foreign key, inserting an article
-- makes SQLite look for stories that name it as representative, and without
-- this index that is a scan of all stories per insert.
CREATE INDEX stories_representative ON stories(representative_id);

CREATE TABLE articles (
  id            INTEGER PRIMARY KEY,
  story_id      INTEGER NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
  similarity    REAL NOT NULL DEFAULT 1.0,
  matched_id    INTEGER,
  body_hash     INTEGER NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  fetched_ms    INTEGER NOT NULL,
  updated_ms    INTEGER NOT NULL,
  seen_ms       INTEGER NOT NULL,
  published_ms  INTEGER,
  language      TEXT,
  published     TEXT,
  site          TEXT NOT NULL,
  title         TEXT NOT NULL DEFAULT '',
  author        TEXT,
  url           TEXT NOT NULL UNIQUE,
  canonical_url TEXT NOT NULL,
  body          TEXT NOT NULL
) STRICT;
CREATE INDEX articles_story ON articles(story_id, site);
CREATE INDEX articles_date ON articles(coalesce(published_ms, fetched_ms));

CREATE TABLE article_versions (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  body_hash   INTEGER NOT NULL,
  fetched_ms  INTEGER NOT NULL,
  replaced_ms INTEGER NOT NULL,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  UNIQUE (article_id, version)
) STRICT;

CREATE TABLE fingerprints (
  article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  story_id      INTEGER NOT NULL,
  body_hash     INTEGER NOT NULL,
  shingle_count INTEGER NOT NULL,
  seen_ms       INTEGER NOT NULL,
  site          TEXT NOT NULL,
  signature     BLOB NOT NULL
) STRICT;

CREATE TABLE urls (
  id              INTEGER PRIMARY KEY,
  url             TEXT NOT NULL UNIQUE,
  host_id         INTEGER NOT NULL REFERENCES hosts(id),
  source_id       INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  kind            TEXT NOT NULL DEFAULT 'page' CHECK (kind IN ('page', 'article', 'hub', 'feed', 'sitemap')),
  state           TEXT NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'fetching', 'done', 'failed', 'skipped')),
  depth           INTEGER NOT NULL DEFAULT 0,
  priority        INTEGER NOT NULL DEFAULT 0,
  next_due_ms     INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0,
  discovered_ms   INTEGER NOT NULL,
  last_fetched_ms INTEGER,
  last_status     INTEGER,
  article_id      INTEGER REFERENCES articles(id) ON DELETE SET NULL,
  etag            TEXT,
  last_modified   TEXT,
  last_error      TEXT
) STRICT;
-- The queue: only queued rows, per host, best first; TakeDue walks it.
CREATE INDEX urls_queue ON urls(host_id, priority DESC, next_due_ms) WHERE state = 'queued';
CREATE INDEX urls_state ON urls(state);
CREATE INDEX urls_source ON urls(source_id) WHERE source_id IS NOT NULL;
CREATE INDEX urls_article ON urls(article_id) WHERE article_id IS NOT NULL;

CREATE TABLE fetches (
  id           INTEGER PRIMARY KEY,
  url_id       INTEGER NOT NULL REFERENCES urls(id) ON DELETE CASCADE,
  started_ms   INTEGER NOT NULL,
  status       INTEGER,
  bytes        INTEGER NOT NULL DEFAULT 0,
  elapsed_ms   INTEGER NOT NULL DEFAULT 0,
  content_type TEXT,
  error        TEXT,
  redirects    TEXT
) STRICT;
CREATE INDEX fetches_url ON fetches(url_id, started_ms);
)sql";

// Version 2: full-text search over normalised title and body, and the views
// for sqlite3 users. The index holds NormalizeText output (dedup/normalize.h)
// because unicode61 only strips Latin diacritics: Arabic tashkeel, tatweel
// and alef/yaa/taa-marbuta variants are unified before SQLite sees the text.
// Contentless (content=''): see store/search_index.h. The `ascii` tokenizer
// fits text that NormalizeText has already folded, stripped and cut into
// words joined by single spaces: it splits at ASCII spaces and keeps every
// non-ASCII character inside words, at half the cost of unicode61 per
// Arabic word (which would also split words at combining marks).
constexpr const char* kVersion2 = R"sql(
CREATE VIRTUAL TABLE article_search USING fts5(title, body, content = '', tokenize = 'ascii');

CREATE VIEW v_articles AS
SELECT a.id, a.story_id AS story, a.url, a.canonical_url, a.site, a.title, a.author, a.published, a.language,
       strftime('%Y-%m-%dT%H:%M:%SZ', a.fetched_ms / 1000, 'unixepoch') AS fetched,
       strftime('%Y-%m-%dT%H:%M:%SZ', a.updated_ms / 1000, 'unixepoch') AS updated,
       a.version, a.similarity, length(a.body) AS body_chars, a.body
FROM articles a;

CREATE VIEW v_stories AS
SELECT s.id, r.title, s.member_count AS members, s.site_count AS sites,
       (SELECT group_concat(site, ', ') FROM (SELECT DISTINCT site FROM articles WHERE story_id = s.id)) AS site_list,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.first_seen_ms / 1000, 'unixepoch') AS first_seen,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.last_seen_ms / 1000, 'unixepoch') AS last_seen,
       s.representative_id, r.url AS representative_url
FROM stories s JOIN articles r ON r.id = s.representative_id;

CREATE VIEW v_frontier AS
SELECT u.id, u.url, h.host, u.state, u.kind, u.depth, u.priority,
       strftime('%Y-%m-%dT%H:%M:%SZ', u.next_due_ms / 1000, 'unixepoch') AS next_due,
       u.attempts, u.last_status, u.last_error,
       strftime('%Y-%m-%dT%H:%M:%SZ', u.last_fetched_ms / 1000, 'unixepoch') AS last_fetched,
       u.etag, u.last_modified, u.article_id
FROM urls u JOIN hosts h ON h.id = u.host_id;

CREATE VIEW v_fetches AS
SELECT f.id, strftime('%Y-%m-%dT%H:%M:%SZ', f.started_ms / 1000, 'unixepoch') AS time, u.url, f.status, f.bytes,
       f.elapsed_ms, f.content_type, f.error, f.redirects
FROM fetches f JOIN urls u ON u.id = f.url_id;

CREATE VIEW v_hosts AS
SELECT h.host, h.robots_status,
       strftime('%Y-%m-%dT%H:%M:%SZ', h.robots_fetched_ms / 1000, 'unixepoch') AS robots_fetched,
       strftime('%Y-%m-%dT%H:%M:%SZ', h.robots_expires_ms / 1000, 'unixepoch') AS robots_expires,
       h.crawl_delay_ms,
       strftime('%Y-%m-%dT%H:%M:%SZ', h.backoff_until_ms / 1000, 'unixepoch') AS backoff_until,
       h.consecutive_errors,
       (SELECT count(*) FROM urls WHERE host_id = h.id AND state = 'queued') AS queued
FROM hosts h;
)sql";

// Version 3: each article's shingle set (dedup/fingerprint.h
// EncodeShingles), so that a reopened story index verifies candidates with
// exact Jaccard rather than the signature estimate. A table of its own, not
// a column of fingerprints: reopening scans fingerprints (~600 bytes a row)
// and never these sets (~1.5 KB), which are read one at a time, per LSH
// candidate.
//
// Also the search index's write settings (FTS5 keeps them in
// article_search_config), measured with callgrind on bench/store_bench.cpp:
// - hashsize 16 MiB (default 1 MiB): a batch of 500 articles holds ~3 MB of
//   pending terms, so with 1 MiB FTS5 flushed 3-4 small segments per batch,
//   each later merged; now one segment per batch, flushed at commit.
// - automerge 16 (default 4): a segment is merged when 16 of its level
//   exist rather than 4, so each posting is rewritten log16 rather than log4
//   times as the index grows; a query then reads at most 15 segments per
//   level (~45 at a million articles), still a few milliseconds.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE shingles (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  hashes     BLOB NOT NULL
) STRICT;
INSERT INTO article_search(article_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO article_search(article_search, rank) VALUES ('automerge', 16);
)sql";

// Version 4: each fetched page's verdict, what kind of page it was and the
// evidence (an article, stored or not and why; a hub; a sitemap or feed),
// so that a page that is not stored says why (v_frontier, `wirecrawl show
// URL`) and status can count pages by kind.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE urls ADD COLUMN page_kind TEXT;
ALTER TABLE urls ADD COLUMN page_reason TEXT;
CREATE INDEX urls_page_kind ON urls(page_kind) WHERE page_kind IS NOT NULL;
DROP VIEW IF EXISTS v_frontier;
CREATE VIEW v_frontier AS
SELECT u.id, u.url, h.host, u.state, u.kind, u.depth, u.priority,
       strftime('%Y-%m-%dT%H:%M:%SZ', u.next_due_ms / 1000, 'unixepoch') AS next_due,
       u.attempts, u.last_status, u.last_error,
       strftime('%Y-%m-%dT%H:%M:%SZ', u.last_fetched_ms / 1000, 'unixepoch') AS last_fetched,
       u.etag, u.last_modified, u.article_id, u.page_kind, u.page_reason
FROM urls u JOIN hosts h ON h.id = u.host_id;
)sql";

// Version 5: the story index on disk. Each article's LSH band keys
// (dedup/lsh_index.h BandKeys, 32 bits: a band's values hashed with the
// band's number) in a table keyed for lookup, so that clustering a new
// article reads its candidates from here instead of an index rebuilt in
// memory from every fingerprint at each start. Band keys are kept for the
// articles inside the dedup window only (`wirecrawl optimize` drops older
// ones); meta 'dedup.bands' names the banding they were made with
// ("25x5"), and a different [dedup] section rebuilds them once.
// The shingle sets go: a candidate's set is recomputed from its stored body
// when it is verified (about one candidate per article), which saves
// ~1.2 KB per article.
constexpr const char* kVersion5 = R"sql(
CREATE TABLE lsh_bands (
  band_key   INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  PRIMARY KEY (band_key, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX fingerprints_hash ON fingerprints(body_hash);
CREATE INDEX fingerprints_seen ON fingerprints(seen_ms);
DROP TABLE shingles;
)sql";

// Version 6: where each source comes from and whether the operator paused
// it (`wirecrawl sources`). A URL given on the `crawl` command line used to
// become a source every later crawl read again; now it is a "command-line"
// source, read only by the crawl that names it. The origin of a source
// stored before this version is unknown: seeds become "added" (kept and
// read by every crawl, as before; a config that names one makes it
// "config" at its next start), feeds and sitemaps "discovered" (most are;
// a configured one becomes "config" the same way).
constexpr const char* kVersion6 = R"sql(
ALTER TABLE sources ADD COLUMN origin TEXT NOT NULL DEFAULT 'added'
  CHECK (origin IN ('command-line', 'discovered', 'added', 'config'));
ALTER TABLE sources ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
UPDATE sources SET origin = 'discovered' WHERE kind <> 'seed';
)sql";

// Version 7: the indexes the web page's sources page reads through (web/,
// ArchiveReader::ListHostHealth), so that one host's figures cost the
// host's own URLs and articles, not a pass over the whole frontier:
// - urls_host covers each URL's state, verdict, latest status and last
//   fetch per host (the URLs by state, pages by kind, status mix and last
//   fetch are counted in the index alone);
// - articles_site_fetched covers each site's articles by the time they
//   were stored (articles per day, articles in all).
// Each costs one index entry per row written (urls_host moves with every
// fetch, as urls_state does).
constexpr const char* kVersion7 = R"sql(
CREATE INDEX urls_host ON urls(host_id, state, page_kind, last_status, last_fetched_ms);
CREATE INDEX articles_site_fetched ON articles(site, fetched_ms);
)sql";

// Version 8: how each URL was found (urls.found_via:
// a news sitemap or feed entry is evidence of an article, a seed of a front
// page), and what the
// crawler learned about each site (parser/site_profile.h): a few URL shapes
// of its articles and listings and its title affixes, each with the pages
// it rests on, so that the next crawl of a site starts from them. Bounded by
// the crawler (at most 8 patterns of each kind per site), not here.
constexpr const char* kVersion8 = R"sql(
ALTER TABLE urls ADD COLUMN found_via TEXT
  CHECK (found_via IN ('link', 'redirect', 'teaser', 'sitemap', 'feed', 'news_sitemap', 'seed'));

CREATE TABLE sites (
  host         TEXT PRIMARY KEY,
  titled_pages INTEGER NOT NULL DEFAULT 0,
  updated_ms   INTEGER NOT NULL
) STRICT;

CREATE TABLE site_patterns (
  host         TEXT NOT NULL REFERENCES sites(host) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('article_url', 'hub_url', 'title_prefix', 'title_suffix')),
  pattern      TEXT NOT NULL,
  pages        INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  PRIMARY KEY (host, kind, pattern)
) STRICT;

CREATE VIEW v_site_patterns AS
SELECT p.host, p.kind, p.pattern, p.pages, s.titled_pages,
       strftime('%Y-%m-%dT%H:%M:%SZ', p.last_seen_ms / 1000, 'unixepoch') AS last_seen
FROM site_patterns p JOIN sites s ON s.host = p.host;

DROP VIEW IF EXISTS v_frontier;
CREATE VIEW v_frontier AS
SELECT u.id, u.url, h.host, u.state, u.kind, u.depth, u.priority,
       strftime('%Y-%m-%dT%H:%M:%SZ', u.next_due_ms / 1000, 'unixepoch') AS next_due,
       u.attempts, u.last_status, u.last_error,
       strftime('%Y-%m-%dT%H:%M:%SZ', u.last_fetched_ms / 1000, 'unixepoch') AS last_fetched,
       u.etag, u.last_modified, u.article_id, u.page_kind, u.page_reason, u.found_via
FROM urls u JOIN hosts h ON h.id = u.host_id;
)sql";

Status MigrateToVersion2(sqlite::Database& db) {
  WIRECRAWL_RETURN_IF_ERROR(db.Exec(kVersion2));
  // Articles stored by a version-1 database get their search entries.
  return search_index::Rebuild(db);
}

// Version 3 computed shingle sets for the articles stored before it;
// version 5 drops the table again (sets are recomputed from the bodies when
// needed), so an older database skips that work.
struct Migration {
  int version;  // the user_version after it ran
  Status (*apply)(sqlite::Database& db);
};

constexpr Migration kMigrations[] = {
    {1, [](sqlite::Database& db) { return db.Exec(kVersion1); }},
    {2, MigrateToVersion2},
    {3, [](sqlite::Database& db) { return db.Exec(kVersion3); }},
    {4, [](sqlite::Database& db) { return db.Exec(kVersion4); }},
    {5, [](sqlite::Database& db) { return db.Exec(kVersion5); }},
    {6, [](sqlite::Database& db) { return db.Exec(kVersion6); }},
    {7, [](sqlite::Database& db) { return db.Exec(kVersion7); }},
    {8, [](sqlite::Database& db) { return db.Exec(kVersion8); }},
};

// Versions ascend and the last is the schema's; a number may be missing (a
// branch's version not merged yet), never repeated.
constexpr bool MigrationsAscendTo(int version) {
  int last = 0;
  for (const Migration& m : kMigrations) {
    if (m.version <= last) return false;
    last = m.version;
  }
  return last == version;
}
static_assert(MigrationsAscendTo(Store::kSchemaVersion),
              "migrations in ascending order, the last one the schema's");

Status CheckNotForeign(sqlite::Database& db, int64_t version) {
  Result<int64_t> app_id = db.QueryInt64("PRAGMA application_id");
  if (!app_id.ok()) return app_id.status();
  if (version == 0) {
    Result<int64_t> objects = db.QueryInt64("SELECT count(*) FROM sqlite_schema");
    if (!objects.ok()) return objects.status();
    if (*objects > 0 && *app_id != kApplicationId) {
      return Status::Unsupported("not a wirecrawl database (it has tables but no wirecrawl schema version)");
    }
  } else if (*app_id != kApplicationId) {
    return Status::Unsupported("not a wirecrawl database (application_id " + std::to_string(*app_id) + ")");
  }
  return Status::Ok();
}

Status ApplyMigrations(sqlite::Database& db, int64_t from) {
  WIRECRAWL_RETURN_IF_ERROR(CheckNotForeign(db, from));
  for (const Migration& m : kMigrations) {
    if (m.version <= from) continue;
    Status s = m.apply(db);
    if (!s.ok()) return WithContext(s, "migration to schema version " + std::to_string(m.version));
  }
  WIRECRAWL_RETURN_IF_ERROR(db.Exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str()));
  return db.Exec(("PRAGMA user_version = " + std::to_string(Store::kSchemaVersion)).c_str());
}

Status TooNew(int64_t version) {
  return Status::Unsupported("database schema version " + std::to_string(version) +
                             " is newer than this wirecrawl supports (" +
                             std::to_string(Store::kSchemaVersion) + "): upgrade wirecrawl");
}

}  // namespace

Status Migrate(sqlite::Database& db) {
  Result<int64_t> version = db.QueryInt64("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version > Store::kSchemaVersion) return TooNew(*version);
  if (*version == Store::kSchemaVersion) return CheckNotForeign(db, *version);

  // IMMEDIATE: take the write lock before reading the version again, so two
  // processes opening an old file at once do not both migrate it.
  WIRECRAWL_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status s = [&]() -> Status {
    Result<int64_t> locked_version = db.QueryInt64("PRAGMA user_version");
    if (!locked_version.ok()) return locked_version.status();
    if (*locked_version > Store::kSchemaVersion) return TooNew(*locked_version);
    if (*locked_version == Store::kSchemaVersion) return Status::Ok();
    return ApplyMigrations(db, *locked_version);
  }();
  if (!s.ok()) {
    (void)db.Exec("ROLLBACK");
    return s;
  }
  s = db.Exec("COMMIT");
  if (!s.ok()) (void)db.Exec("ROLLBACK");
  return s;
}

Status CheckCurrent(sqlite::Database& db) {
  Result<int64_t> version = db.QueryInt64("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version > Store::kSchemaVersion) return TooNew(*version);
  WIRECRAWL_RETURN_IF_ERROR(CheckNotForeign(db, *version));
  if (*version < Store::kSchemaVersion) {
    return Status::Unsupported("database schema version " + std::to_string(*version) +
                               " is older than this "
                               "wirecrawl's (" +
                               std::to_string(Store::kSchemaVersion) +
                               ") and a read-only open cannot upgrade it: run a writing command on it once "
                               "(e.g. `wirecrawl crawl` or `wirecrawl ingest`)");
  }
  return Status::Ok();
}

}  // namespace wirecrawl::schema
