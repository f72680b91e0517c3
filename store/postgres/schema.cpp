#include "store/postgres/schema.h"

#include <string>

namespace wirecrawl::pg_schema {
namespace {

// Version 1: the SQLite schema of version 8 (store/SCHEMA.md) in PostgreSQL
// types (bigint for times in ms and for dedup's 64-bit hashes, bit for bit;
// bytea for signatures and robots.txt bodies), plus what several crawler
// processes share:
// - hosts.lease_owner/lease_until_ms: the worker that alone fetches a
//   host's URLs until the lease expires (CrawlState::TakeDue), so that
//   politeness, Crawl-delay and back-off hold across processes;
// - workers: each process's heartbeat, from which a worker computes its
//   fair share of hosts;
// - article_search: a tsvector per article (the `arabic` configuration
//   over NormalizeText output, as the SQLite index holds), GIN-indexed.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE sources (
  id                   bigserial PRIMARY KEY,
  url                  text NOT NULL UNIQUE,
  kind                 text NOT NULL CHECK (kind IN ('seed', 'feed', 'sitemap')),
  refresh_interval_ms  bigint NOT NULL CHECK (refresh_interval_ms > 0),
  next_refresh_ms      bigint NOT NULL DEFAULT 0,
  last_refreshed_ms    bigint,
  last_status          integer,
  etag                 text,
  last_modified        text,
  last_error           text,
  consecutive_failures integer NOT NULL DEFAULT 0,
  added_ms             bigint NOT NULL,
  origin               text NOT NULL DEFAULT 'added'
                       CHECK (origin IN ('command-line', 'discovered', 'added', 'config')),
  paused               integer NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))
);
CREATE INDEX sources_due ON sources(next_refresh_ms);

CREATE TABLE hosts (
  id                 bigserial PRIMARY KEY,
  host               text NOT NULL UNIQUE,
  robots_status      integer,
  robots_fetched_ms  bigint,
  robots_expires_ms  bigint,
  crawl_delay_ms     bigint NOT NULL DEFAULT 0,
  next_allowed_ms    bigint NOT NULL DEFAULT 0,
  backoff_until_ms   bigint NOT NULL DEFAULT 0,
  consecutive_errors integer NOT NULL DEFAULT 0,
  robots_body        bytea,
  lease_owner        text,
  lease_until_ms     bigint NOT NULL DEFAULT 0
);
CREATE INDEX hosts_lease ON hosts(lease_owner) WHERE lease_owner IS NOT NULL;

CREATE TABLE workers (
  id           text PRIMARY KEY,
  started_ms   bigint NOT NULL,
  heartbeat_ms bigint NOT NULL
);

CREATE TABLE stories (
  id                bigint PRIMARY KEY,
  representative_id bigint NOT NULL,
  member_count      bigint NOT NULL DEFAULT 1,
  site_count        bigint NOT NULL DEFAULT 1,
  first_seen_ms     bigint NOT NULL,
  last_seen_ms      bigint NOT NULL
);
CREATE INDEX stories_last_seen ON stories(last_seen_ms);
CREATE INDEX stories_representative ON stories(representative_id);

CREATE SEQUENCE article_ids;
CREATE TABLE articles (
  id            bigint PRIMARY KEY,
  story_id      bigint NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
  similarity    double precision NOT NULL DEFAULT 1.0,
  matched_id    bigint,
  body_hash     bigint NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  fetched_ms    bigint NOT NULL,
  updated_ms    bigint NOT NULL,
  seen_ms       bigint NOT NULL,
  published_ms  bigint,
  language      text,
  published     text,
  site          text NOT NULL,
  title         text NOT NULL DEFAULT '',
  author        text,
  url           text NOT NULL UNIQUE,
  canonical_url text NOT NULL,
  body          text NOT NULL
);
ALTER TABLE stories ADD FOREIGN KEY (representative_id) REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX articles_story ON articles(story_id, site);
CREATE INDEX articles_date ON articles((coalesce(published_ms, fetched_ms)));
CREATE INDEX articles_site_fetched ON articles(site, fetched_ms);

CREATE TABLE article_versions (
  id          bigserial PRIMARY KEY,
  article_id  bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  version     integer NOT NULL,
  body_hash   bigint NOT NULL,
  fetched_ms  bigint NOT NULL,
  replaced_ms bigint NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  UNIQUE (article_id, version)
);

CREATE TABLE fingerprints (
  article_id    bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  story_id      bigint NOT NULL,
  body_hash     bigint NOT NULL,
  shingle_count integer NOT NULL,
  seen_ms       bigint NOT NULL,
  site          text NOT NULL,
  signature     bytea NOT NULL
);
CREATE INDEX fingerprints_hash ON fingerprints(body_hash);
CREATE INDEX fingerprints_seen ON fingerprints(seen_ms);

CREATE TABLE lsh_bands (
  band_key   bigint NOT NULL,
  article_id bigint NOT NULL,
  PRIMARY KEY (band_key, article_id)
);

CREATE TABLE article_search (
  article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  document   tsvector NOT NULL
);
CREATE INDEX article_search_document ON article_search USING gin(document);

CREATE TABLE urls (
  id              bigserial PRIMARY KEY,
  url             text NOT NULL UNIQUE,
  host_id         bigint NOT NULL REFERENCES hosts(id),
  source_id       bigint REFERENCES sources(id) ON DELETE SET NULL,
  kind            text NOT NULL DEFAULT 'page' CHECK (kind IN ('page', 'article', 'hub', 'feed', 'sitemap')),
  state           text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'fetching', 'done', 'failed', 'skipped')),
  depth           integer NOT NULL DEFAULT 0,
  priority        integer NOT NULL DEFAULT 0,
  next_due_ms     bigint NOT NULL DEFAULT 0,
  attempts        integer NOT NULL DEFAULT 0,
  discovered_ms   bigint NOT NULL,
  last_fetched_ms bigint,
  last_status     integer,
  article_id      bigint REFERENCES articles(id) ON DELETE SET NULL,
  etag            text,
  last_modified   text,
  last_error      text,
  page_kind       text,
  page_reason     text,
  found_via       text
                  CHECK (found_via IN ('link', 'redirect', 'teaser', 'sitemap', 'feed', 'news_sitemap', 'seed'))
);
CREATE INDEX urls_queue ON urls(host_id, priority DESC, next_due_ms) WHERE state = 'queued';
CREATE INDEX urls_fetching ON urls(host_id) WHERE state = 'fetching';
CREATE INDEX urls_state ON urls(state);
CREATE INDEX urls_source ON urls(source_id) WHERE source_id IS NOT NULL;
CREATE INDEX urls_article ON urls(article_id) WHERE article_id IS NOT NULL;
CREATE INDEX urls_page_kind ON urls(page_kind) WHERE page_kind IS NOT NULL;
CREATE INDEX urls_host ON urls(host_id, state, page_kind, last_status, last_fetched_ms);

CREATE TABLE fetches (
  id           bigserial PRIMARY KEY,
  url_id       bigint NOT NULL REFERENCES urls(id) ON DELETE CASCADE,
  started_ms   bigint NOT NULL,
  status       integer,
  bytes        bigint NOT NULL DEFAULT 0,
  elapsed_ms   bigint NOT NULL DEFAULT 0,
  content_type text,
  error        text,
  redirects    text
);
CREATE INDEX fetches_url ON fetches(url_id, started_ms);
CREATE INDEX fetches_started ON fetches(started_ms);

CREATE TABLE sites (
  host         text PRIMARY KEY,
  titled_pages bigint NOT NULL DEFAULT 0,
  updated_ms   bigint NOT NULL
);

CREATE TABLE site_patterns (
  host         text NOT NULL REFERENCES sites(host) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('article_url', 'hub_url', 'title_prefix', 'title_suffix')),
  pattern      text NOT NULL,
  pages        bigint NOT NULL,
  last_seen_ms bigint NOT NULL,
  PRIMARY KEY (host, kind, pattern)
);

CREATE FUNCTION wirecrawl_time(ms bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT to_char(to_timestamp(ms / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

CREATE VIEW v_articles AS
SELECT a.id, a.story_id AS story, a.url, a.canonical_url, a.site, a.title, a.author, a.published, a.language,
       wirecrawl_time(a.fetched_ms) AS fetched, wirecrawl_time(a.updated_ms) AS updated,
       a.version, a.similarity, length(a.body) AS body_chars, a.body
FROM articles a;

CREATE VIEW v_stories AS
SELECT s.id, r.title, s.member_count AS members, s.site_count AS sites,
       (SELECT string_agg(site, ', ' ORDER BY site) FROM (SELECT DISTINCT site FROM articles WHERE story_id = s.id) d)
         AS site_list,
       wirecrawl_time(s.first_seen_ms) AS first_seen, wirecrawl_time(s.last_seen_ms) AS last_seen,
       s.representative_id, r.url AS representative_url
FROM stories s JOIN articles r ON r.id = s.representative_id;

CREATE VIEW v_frontier AS
SELECT u.id, u.url, h.host, u.state, u.kind, u.depth, u.priority, wirecrawl_time(u.next_due_ms) AS next_due,
       u.attempts, u.last_status, u.last_error, wirecrawl_time(u.last_fetched_ms) AS last_fetched,
       u.etag, u.last_modified, u.article_id, u.page_kind, u.page_reason, u.found_via
FROM urls u JOIN hosts h ON h.id = u.host_id;

CREATE VIEW v_fetches AS
SELECT f.id, wirecrawl_time(f.started_ms) AS time, u.url, f.status, f.bytes, f.elapsed_ms, f.content_type,
       f.error, f.redirects
FROM fetches f JOIN urls u ON u.id = f.url_id;

CREATE VIEW v_hosts AS
SELECT h.host, h.robots_status, wirecrawl_time(h.robots_fetched_ms) AS robots_fetched,
       wirecrawl_time(h.robots_expires_ms) AS robots_expires, h.crawl_delay_ms,
       wirecrawl_time(h.backoff_until_ms) AS backoff_until, h.consecutive_errors,
       (SELECT count(*) FROM urls WHERE host_id = h.id AND state = 'queued') AS queued,
       h.lease_owner, wirecrawl_time(h.lease_until_ms) AS lease_until
FROM hosts h;

CREATE VIEW v_site_patterns AS
SELECT p.host, p.kind, p.pattern, p.pages, s.titled_pages, wirecrawl_time(p.last_seen_ms) AS last_seen
FROM site_patterns p JOIN sites s ON s.host = p.host;

CREATE VIEW v_workers AS
SELECT w.id, wirecrawl_time(w.started_ms) AS started, wirecrawl_time(w.heartbeat_ms) AS heartbeat,
       (SELECT count(*) FROM hosts WHERE lease_owner = w.id) AS hosts_leased
FROM workers w;
)sql";

struct Migration {
  int version;
  const char* sql;
};
constexpr Migration kMigrations[] = {{1, kVersion1}};

constexpr bool MigrationsAscendTo(int version) {
  int last = 0;
  for (const Migration& m : kMigrations) {
    if (m.version <= last) return false;
    last = m.version;
  }
  return last == version;
}
static_assert(MigrationsAscendTo(kVersion), "migrations in ascending order, the last one the schema's");

// Any number: the key of the advisory lock two processes migrating at once
// queue on ("wirecrawl" in ASCII, truncated).
constexpr const char* kLockMigrations = "SELECT pg_advisory_xact_lock(7795774837012)";

// The schema version in this database: 0 when it has no wirecrawl schema
// (and no tables at all), kUnsupported when it has tables of something else.
Result<int64_t> StoredVersion(pg::Connection& db) {
  Result<pg::Rows> meta = db.Query(
      "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'meta'), "
      "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())");
  if (!meta.ok()) return meta.status();
  if (meta->Int64(0, 0) == 0) {
    if (meta->Int64(0, 1) > 0) {
      return Status::Unsupported("not a wirecrawl database (it has tables but no wirecrawl schema version)");
    }
    return 0;
  }
  Result<pg::Rows> version = db.Query("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version.ok()) return version.status();
  if (version->empty()) return Status::Unsupported("not a wirecrawl database (no schema_version in meta)");
  return version->Int64(0, 0);
}

Status TooNew(int64_t version) {
  return Status::Unsupported("database schema version " + std::to_string(version) +
                             " is newer than this wirecrawl supports (" + std::to_string(kVersion) +
                             "): upgrade wirecrawl");
}

}  // namespace

Status Migrate(pg::Connection& db) {
  Result<int64_t> version = StoredVersion(db);
  if (!version.ok()) return version.status();
  if (*version > kVersion) return TooNew(*version);
  if (*version == kVersion) return Status::Ok();
  WIRECRAWL_RETURN_IF_ERROR(db.Exec("BEGIN"));
  Status s = [&]() -> Status {
    WIRECRAWL_RETURN_IF_ERROR(db.Exec(kLockMigrations));
    Result<int64_t> locked = StoredVersion(db);
    if (!locked.ok()) return locked.status();
    if (*locked > kVersion) return TooNew(*locked);
    for (const Migration& m : kMigrations) {
      if (m.version <= *locked) continue;
      Status applied = db.Exec(m.sql);
      if (!applied.ok())
        return WithContext(applied, "migration to schema version " + std::to_string(m.version));
    }
    Result<pg::Rows> set = db.Query(
        "INSERT INTO meta(key, value) VALUES ('schema_version', $1) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        pg::Params().Add(static_cast<int64_t>(kVersion)));
    return set.ok() ? Status::Ok() : set.status();
  }();
  if (!s.ok()) {
    (void)db.Exec("ROLLBACK");
    return s;
  }
  return db.Exec("COMMIT");
}

Status CheckCurrent(pg::Connection& db) {
  Result<int64_t> version = StoredVersion(db);
  if (!version.ok()) return version.status();
  if (*version > kVersion) return TooNew(*version);
  if (*version < kVersion) {
    return Status::Unsupported("database schema version " + std::to_string(*version) +
                               " is older than this wirecrawl's (" + std::to_string(kVersion) +
                               "): run a writing command on it once (e.g. `wirecrawl crawl`)");
  }
  return Status::Ok();
}

}  // namespace wirecrawl::pg_schema
