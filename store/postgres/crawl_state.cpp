// The PostgreSQL Store: the crawler's state (sources, frontier, fetch log,
// hosts), and the host leases that let several crawler processes share it.
//
// Several processes write these tables at once. The rules that keep a batch
// from ever waiting on another process's open batch (and so from deadlocking
// with it):
// - New rows other processes may insert too (URLs, hosts, sources) are
//   looked up in the batch first, and only a row not there yet is inserted,
//   outside the batch: on the side connection, in autocommit, with
//   ON CONFLICT DO NOTHING. Such an insert never waits on a row lock (an
//   existing row is only looked up in the unique index, not locked), but it
//   does wait for the transaction that wrote the row's newest version when
//   that one is still open: an insert elsewhere, or an UPDATE of the row in
//   someone's batch (this process's own included, which would wait
//   forever). The look-up first leaves only a race of milliseconds for
//   that; every process inserts these rows in autocommit, so an insert
//   waits for another's insert no longer than one statement; and the side
//   connection's lock_timeout is short, a timeout meaning "someone has the
//   row". The inserts' foreign-key checks take KEY SHARE locks, which
//   conflict with no lock a batch takes here (UPDATEs that change no key
//   take FOR NO KEY UPDATE). The price: such a row stays when the batch
//   rolls back (a host without URLs, a URL the next crawl finds again, a
//   source as `sources add` would leave it).
// - In a batch, a row another process's batch may hold is updated through
//   `WHERE id IN (SELECT ... FOR NO KEY UPDATE SKIP LOCKED)`: a locked row is
//   skipped, not waited for. What is skipped is said at each statement.
// - Hosts are the unit of work: only the process leasing a host (hosts.
//   lease_owner) takes, marks and requeues its URLs, and writes its
//   politeness, so the plain UPDATEs of those rows meet no one else's lock
//   (but that of a process that took the host over after this one's lease
//   expired). Other processes only promote queued URLs (Enqueue) and never
//   touch URLs another process is fetching.
// Leases and heartbeats are times on the database server's clock, the one
// clock all machines share; next_due_ms and back-offs are the crawler's.
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>

#include "base/time.h"
#include "parser/charset.h"
#include "store/postgres/postgres_store.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

#define WIRECRAWL_DB_NOW_MS "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"

constexpr const char* kHostId = "SELECT id FROM hosts WHERE host = $1";
constexpr const char* kInsertHost =
    "INSERT INTO hosts(host) VALUES ($1) ON CONFLICT (host) DO NOTHING RETURNING id";

// ---- Sources ------------------------------------------------------------------
constexpr const char* kInsertSource =
    "INSERT INTO sources(url, kind, refresh_interval_ms, added_ms, origin) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (url) DO NOTHING RETURNING id";
// An origin only rises (SourceOrigin, weakest first). Skipped while another
// process's batch writes the source's row (its refresh state): the origin
// rises at the next AddSource (the next start).
constexpr const char* kRaiseSourceOrigin =
    "UPDATE sources SET origin = $2 WHERE id IN ("
    " SELECT id FROM sources WHERE url = $1"
    " AND CASE $2::text WHEN 'command-line' THEN 0 WHEN 'discovered' THEN 1 WHEN 'added' THEN 2 ELSE 3 END"
    "  > CASE origin WHEN 'command-line' THEN 0 WHEN 'discovered' THEN 1 WHEN 'added' THEN 2 ELSE 3 END"
    " FOR NO KEY UPDATE SKIP LOCKED)";
constexpr const char* kSourceId = "SELECT id FROM sources WHERE url = $1";
#define WIRECRAWL_SOURCE_COLUMNS                                                                       \
  "SELECT id, url, kind, refresh_interval_ms, next_refresh_ms, last_refreshed_ms, last_status, etag, " \
  "last_modified, last_error, consecutive_failures, origin, paused, added_ms FROM sources "
constexpr const char* kAllSources = WIRECRAWL_SOURCE_COLUMNS "ORDER BY next_refresh_ms, id";
// Sources another process is refreshing (its batch holds their rows until
// it commits, by when their next refresh has moved) are not due here.
constexpr const char* kDueSources = WIRECRAWL_SOURCE_COLUMNS
    "WHERE next_refresh_ms <= $1 ORDER BY next_refresh_ms, id FOR NO KEY UPDATE SKIP LOCKED";
#undef WIRECRAWL_SOURCE_COLUMNS
// The operator's commands (`wirecrawl sources`), not a crawl's batch: they
// may wait for a crawl's batch (at most lock_timeout).
constexpr const char* kPauseSource = "UPDATE sources SET paused = $2 WHERE url = $1";
// A paused source's URL waits in the queue, due never; resumed, it is due now.
constexpr const char* kParkSourceUrl = "UPDATE urls SET next_due_ms = $2 WHERE url = $1 AND state = 'queued'";
constexpr const char* kDeleteSource = "DELETE FROM sources WHERE url = $1";
constexpr const char* kSkipRemovedSourceUrl =
    "UPDATE urls SET state = 'skipped', last_error = 'source removed' WHERE url = $1 AND state = 'queued'";
// Skipped while another process's batch writes the same source's state:
// two writes of it at one moment, and the other one stands.
constexpr const char* kUpdateSource =
    "UPDATE sources SET refresh_interval_ms = $2, next_refresh_ms = $3, last_refreshed_ms = $4, "
    "last_status = $5, etag = $6, last_modified = $7, last_error = $8, consecutive_failures = $9 "
    "WHERE id IN (SELECT id FROM sources WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED)";
constexpr const char* kSourceExists = "SELECT 1 FROM sources WHERE id = $1";

// ---- Frontier -----------------------------------------------------------------
constexpr const char* kInsertUrl =
    "INSERT INTO urls(url, host_id, source_id, kind, depth, priority, next_due_ms, discovered_ms, found_via) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (url) DO NOTHING RETURNING id";
// Whether the URL is known (to this batch: committed, or this batch's);
// if it is and still queued, it takes the higher priority and smaller
// depth, unless another process's batch holds it (it is taking or promoting
// it: being taken, or promoted anyway).
constexpr const char* kPromoteKnownUrl =
    "WITH known AS (SELECT id FROM urls WHERE url = $1), "
    "promoted AS (UPDATE urls SET priority = greatest(priority, $2), depth = least(depth, $3) WHERE id IN "
    "(SELECT id FROM urls WHERE id IN (SELECT id FROM known) AND state = 'queued' AND (priority < $2 OR "
    "depth > $3) FOR NO KEY UPDATE SKIP LOCKED) RETURNING id) "
    "SELECT EXISTS (SELECT 1 FROM known), (SELECT count(*) FROM promoted)";
// Whatever its state (as on SQLite: the way a URL was found is evidence
// for the next time its page is classified, and for `wirecrawl show`), but
// for a URL another process is fetching: its row is that process's until
// it marks it (and a lock here would make it wait). The CASE ranks the
// stored value as FoundVia orders them ($3 is the new one's rank).
constexpr const char* kStrengthenFoundVia =
    "UPDATE urls SET found_via = $2 WHERE id IN (SELECT id FROM urls WHERE url = $1 AND coalesce(CASE "
    "found_via WHEN 'link' THEN 0 WHEN 'redirect' THEN 1 WHEN 'teaser' THEN 2 WHEN 'sitemap' THEN 3 WHEN "
    "'feed' THEN 4 WHEN 'news_sitemap' THEN 5 WHEN 'seed' THEN 6 END, -1) < $3 AND (state <> 'fetching' OR "
    "host_id IN (SELECT id FROM hosts WHERE lease_owner = $4)) FOR NO KEY UPDATE SKIP LOCKED)";
// Per host this process leases (not in back-off, not skipped), its best
// due URLs; then the best of those; then those no other batch holds (a
// promotion in progress) become fetching. The inner query walks urls_queue.
constexpr const char* kTakeDue =
    "WITH candidates AS ("
    " SELECT u.id FROM hosts h CROSS JOIN LATERAL ("
    "  SELECT q.id, q.priority, q.next_due_ms FROM urls q"
    "  WHERE q.host_id = h.id AND q.state = 'queued' AND q.next_due_ms <= $1"
    "  ORDER BY q.priority DESC, q.next_due_ms, q.id LIMIT $3) u"
    " WHERE h.lease_owner = $5 AND h.backoff_until_ms <= $1"
    " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text($4::jsonb) s(host) WHERE s.host = h.host)"
    " ORDER BY u.priority DESC, u.next_due_ms, u.id LIMIT $2), "
    "taken AS ("
    " UPDATE urls SET state = 'fetching' WHERE id IN ("
    "  SELECT id FROM urls WHERE id IN (SELECT id FROM candidates) AND state = 'queued'"
    "  FOR NO KEY UPDATE SKIP LOCKED)"
    " RETURNING id, url, host_id, kind, depth, priority, next_due_ms, attempts, etag, last_modified, "
    " source_id, found_via) "
    "SELECT t.id, t.url, h.host, t.kind, t.depth, t.priority, t.attempts, t.etag, t.last_modified, "
    "t.source_id, t.found_via, t.host_id FROM taken t JOIN hosts h ON h.id = t.host_id "
    "ORDER BY t.priority DESC, t.next_due_ms, t.id";
// A 304 keeps the validators it was asked with unless the server sent new ones.
constexpr const char* kMarkFetched =
    "UPDATE urls SET state = CASE WHEN $2::bigint IS NULL THEN 'done' ELSE 'queued' END, "
    "next_due_ms = coalesce($2::bigint, next_due_ms), attempts = 0, last_fetched_ms = $3, "
    "last_status = $4::integer, last_error = NULL, "
    "etag = CASE WHEN $4::integer = 304 THEN coalesce($5::text, etag) ELSE $5::text END, "
    "last_modified = CASE WHEN $4::integer = 304 THEN coalesce($6::text, last_modified) ELSE $6::text END, "
    "article_id = coalesce($7::bigint, article_id), page_kind = coalesce($8::text, page_kind), "
    "page_reason = coalesce($9::text, page_reason) WHERE id = $1";
constexpr const char* kMarkFailed =
    "UPDATE urls SET state = CASE WHEN $2::bigint IS NULL THEN 'failed' ELSE 'queued' END, "
    "next_due_ms = coalesce($2::bigint, next_due_ms), attempts = attempts + 1, last_fetched_ms = $3, "
    "last_status = $4::integer, last_error = $5 WHERE id = $1";
constexpr const char* kMarkSkipped = "UPDATE urls SET state = 'skipped', last_error = $2 WHERE id = $1";
// Only this process's hosts: the other processes' URLs in flight are theirs.
constexpr const char* kRequeueInFlight =
    "UPDATE urls SET state = 'queued' WHERE id IN (SELECT id FROM urls WHERE state = 'fetching' AND host_id "
    "IN (SELECT id FROM hosts WHERE lease_owner = $1) FOR NO KEY UPDATE SKIP LOCKED)";
// Whatever its state (a one-shot crawl fetches its sources again), but for
// a URL another process is fetching: that fetch is as good as this one.
constexpr const char* kRequeueUrl =
    "UPDATE urls SET state = 'queued', next_due_ms = $2, attempts = CASE WHEN state = 'queued' THEN attempts "
    "ELSE 0 END WHERE id IN (SELECT id FROM urls WHERE url = $1 AND (state <> 'fetching' OR host_id IN "
    "(SELECT id FROM hosts WHERE lease_owner = $3)) FOR NO KEY UPDATE SKIP LOCKED)";
constexpr const char* kUrlExists = "SELECT 1 FROM urls WHERE url = $1";
// Busy elsewhere: a URL in flight anywhere (or left in flight by a process
// that died, until a live one takes its host over), or queued on a host a
// live process leases.
constexpr const char* kNextQueuedDue =
    "SELECT EXISTS (SELECT 1 FROM urls WHERE state = 'fetching') OR EXISTS (SELECT 1 FROM hosts h WHERE "
    "h.lease_owner IS NOT NULL AND h.lease_owner <> $1 AND h.lease_until_ms >= " WIRECRAWL_DB_NOW_MS
    " AND EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'queued')), "
    "(SELECT min(next_due_ms) FROM urls WHERE state = 'queued')";
constexpr const char* kUrlsByState = "SELECT state, count(*) FROM urls GROUP BY state ORDER BY state";
constexpr const char* kInsertFetch =
    "INSERT INTO fetches(url_id, started_ms, status, bytes, elapsed_ms, content_type, error, redirects) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

// ---- Hosts --------------------------------------------------------------------
constexpr const char* kGetRobots =
    "SELECT robots_status, robots_body, robots_fetched_ms, robots_expires_ms FROM hosts "
    "WHERE host = $1 AND robots_fetched_ms IS NOT NULL";
// A host's row is its lease holder's to write; one another process's batch
// holds (it took the host over from this one) is skipped.
constexpr const char* kPutRobots =
    "UPDATE hosts SET robots_status = $2, robots_body = $3, robots_fetched_ms = $4, robots_expires_ms = $5 "
    "WHERE id IN (SELECT id FROM hosts WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED)";
constexpr const char* kGetPoliteness =
    "SELECT crawl_delay_ms, next_allowed_ms, backoff_until_ms, consecutive_errors FROM hosts WHERE host = $1";
constexpr const char* kPutPoliteness =
    "UPDATE hosts SET crawl_delay_ms = $2, next_allowed_ms = $3, backoff_until_ms = $4, "
    "consecutive_errors = $5 WHERE id IN (SELECT id FROM hosts WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED)";

// ---- Host leases (TakeDue's lease round) --------------------------------------
// This worker's heartbeat; returns the database's time, which the round's
// leases are measured on.
constexpr const char* kHeartbeat =
    "INSERT INTO workers(id, started_ms, heartbeat_ms) "
    "SELECT $1, t.ms, t.ms FROM (SELECT " WIRECRAWL_DB_NOW_MS
    " AS ms) t "
    "ON CONFLICT (id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms RETURNING heartbeat_ms";
// Workers gone for long (killed: a stopped one removes its row).
constexpr const char* kForgetDeadWorkers =
    "DELETE FROM workers WHERE id IN (SELECT id FROM workers WHERE heartbeat_ms < $1 FOR UPDATE SKIP LOCKED)";
// A host whose row another batch holds is one a process is taking over
// (this lease expired): it is not renewed.
constexpr const char* kRenewLeases =
    "UPDATE hosts SET lease_until_ms = $2 WHERE id IN (SELECT id FROM hosts WHERE lease_owner = $1 "
    "FOR NO KEY UPDATE SKIP LOCKED) RETURNING id";
// Live workers (a heartbeat within a lease) and hosts with work (URLs
// queued or in flight): the fair share is ceil(hosts / workers).
constexpr const char* kShareCounts =
    "SELECT (SELECT count(*) FROM workers WHERE heartbeat_ms >= $1), "
    "(SELECT count(*) FROM hosts h WHERE EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = "
    "'queued') OR EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'fetching'))";
// Hosts with nothing queued and nothing in flight here.
constexpr const char* kReleaseIdle =
    "UPDATE hosts SET lease_owner = NULL, lease_until_ms = 0 WHERE id IN ("
    " SELECT h.id FROM hosts h WHERE h.lease_owner = $1"
    " AND NOT EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'queued')"
    " AND NOT EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'fetching')"
    " FOR NO KEY UPDATE SKIP LOCKED) "
    "RETURNING id";
// Hosts beyond the share, up to $2, but none with URLs in flight here: this
// worker fetches them still (held for politeness, awaiting robots.txt).
// Those with nothing due at $3 (the crawler's clock) go first.
constexpr const char* kReleaseExcess =
    "UPDATE hosts SET lease_owner = NULL, lease_until_ms = 0 WHERE id IN ("
    " SELECT h.id FROM hosts h WHERE h.lease_owner = $1"
    " AND NOT EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'fetching')"
    " ORDER BY EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'queued'"
    "  AND u.next_due_ms <= $3), h.id DESC"
    " LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED) "
    "RETURNING id";
// Free or expired hosts with work, up to $4: first those with URLs due at
// $5 (the crawler's clock) or left in flight by a worker that died, then
// those whose URLs are due later (so that one worker alone holds all its
// hosts, as on SQLite). Hosts another worker is leasing at this moment are
// skipped. Returns each host's stored next allowed time and previous owner.
constexpr const char* kLeaseHosts =
    "WITH picked AS ("
    " SELECT h.id, h.lease_owner AS previous FROM hosts h"
    " WHERE (h.lease_owner IS NULL OR h.lease_until_ms < $2)"
    " AND (EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'queued')"
    "  OR EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'fetching'))"
    " ORDER BY (EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'fetching')"
    "  OR EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 'queued'"
    "   AND u.next_due_ms <= $5)) DESC, h.id"
    " LIMIT $4 FOR NO KEY UPDATE OF h SKIP LOCKED) "
    "UPDATE hosts SET lease_owner = $1, lease_until_ms = $3 FROM picked WHERE hosts.id = picked.id "
    "RETURNING hosts.id, hosts.host, hosts.next_allowed_ms, picked.previous";
// A newly leased host has no URL in flight anywhere (a worker releases only
// hosts with none, and one whose lease expired stopped working): what is
// left fetching goes back to the queue for this worker.
constexpr const char* kRequeueTakenOver =
    "UPDATE urls SET state = 'queued' WHERE id IN (SELECT id FROM urls WHERE host_id = ANY($1::bigint[]) AND "
    "state = 'fetching' FOR NO KEY UPDATE SKIP LOCKED)";

#undef WIRECRAWL_DB_NOW_MS

// How often TakeDue leases: every second, and well within a lease (tests
// use leases of a fraction of a second).
int64_t LeaseRoundMs(const StoreOptions& options) {
  return std::clamp<int64_t>(options.host_lease_ms / 4, 1, 1000);
}

std::optional<UrlKind> ParseUrlKind(std::string_view text) {
  for (UrlKind k : {UrlKind::kPage, UrlKind::kArticle, UrlKind::kHub, UrlKind::kFeed, UrlKind::kSitemap}) {
    if (text == ToString(k)) return k;
  }
  return std::nullopt;
}

// NULL (queued before schema version 8 on SQLite, migrated) reads as a link.
FoundVia ParseFoundVia(std::string_view text) {
  for (FoundVia v : {FoundVia::kLink, FoundVia::kRedirect, FoundVia::kTeaser, FoundVia::kSitemap,
                     FoundVia::kFeed, FoundVia::kNewsSitemap, FoundVia::kSeed}) {
    if (text == ToString(v)) return v;
  }
  return FoundVia::kLink;
}

std::optional<SourceKind> ParseSourceKind(std::string_view text) {
  for (SourceKind k : {SourceKind::kSeed, SourceKind::kFeed, SourceKind::kSitemap}) {
    if (text == ToString(k)) return k;
  }
  return std::nullopt;
}

std::optional<SourceOrigin> ParseSourceOrigin(std::string_view text) {
  for (SourceOrigin o :
       {SourceOrigin::kCommandLine, SourceOrigin::kDiscovered, SourceOrigin::kAdded, SourceOrigin::kConfig}) {
    if (text == ToString(o)) return o;
  }
  return std::nullopt;
}

// PostgreSQL text holds valid UTF-8 without NUL bytes (SQLite holds any
// bytes). A URL, host or source that is not such text is refused before
// any write, and is never found.
bool StorableText(std::string_view text) {
  return text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

Status Unstorable(std::string_view what, std::string_view text) {
  return Status::InvalidArgument(std::string(what) + " " + std::string(text) +
                                 " is not valid UTF-8 text (PostgreSQL refuses it)");
}

// What a server or the network said (validators, errors, a page's
// verdict), as text PostgreSQL holds: NUL bytes dropped, bytes that are not
// UTF-8 replaced by U+FFFD. (A validator so changed no longer matches,
// which costs one unconditional fetch.)
std::string StorableCopy(std::string_view text) {
  if (StorableText(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c != 0) out += static_cast<char>(c);
      ++i;
      continue;
    }
    const size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (length > 1 && i + length <= text.size() && IsValidUtf8(text.substr(i, length))) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

Status RequireChanged(const pg::Rows& rows, const char* what, int64_t id) {
  if (rows.Affected() > 0) return Status::Ok();
  return Status::NotFound(std::string("no ") + what + " with id " + std::to_string(id));
}

std::vector<int64_t> Ids(const pg::Rows& rows) {
  std::vector<int64_t> ids;
  ids.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) ids.push_back(rows.Int64(i, 0));
  return ids;
}

}  // namespace

Result<pg::Rows> PostgresStore::RunOutsideBatch(const char* sql, const pg::Params& params) {
  if (side_.get() == nullptr || PQstatus(side_.get()) != CONNECTION_OK) {
    Status opened = [&]() -> Status {
      if (uri_.empty()) return Status::IoError("no connection URI kept for the side connection");
      Result<pg::Connection> side = pg::Connection::Open(uri_);
      if (!side.ok()) return side.status();
      // As the main connection's (OpenPostgresStore), but for the wait:
      // these inserts wait for another process's insert of the same row
      // (one statement); a longer wait is for someone's batch (see the top
      // of this file), and means the row is there.
      std::string settings = "SET client_min_messages = warning; SET lock_timeout = " +
                             std::to_string(std::min(options_.busy_timeout_ms, 250)) + ";" +
                             (options_.fsync_each_commit ? " SET synchronous_commit = on;" : "");
      WIRECRAWL_RETURN_IF_ERROR(side->Exec(settings.c_str()));
      side_ = std::move(side).value();
      return Status::Ok();
    }();
    if (!opened.ok()) return in_batch_ ? AbortBatch(opened) : opened;
  }
  Result<pg::Rows> rows = side_.Query(sql, params);
  // A refused input (a constraint) or a lock timeout changed nothing
  // anywhere: the batch, on the other connection, is intact and stays open
  // (the caller decides).
  if (rows.ok() || !in_batch_) return rows;
  Status::Code code = rows.status().code();
  if (code == Status::Code::kInvalidArgument || code == Status::Code::kBusy) return rows;
  return AbortBatch(rows.status());
}

Status PostgresStore::GiveUpBatch(const Status& cause) { return in_batch_ ? AbortBatch(cause) : cause; }

Result<int64_t> PostgresStore::HostId(std::string_view host) {
  std::string key(host);
  if (auto it = host_ids_.find(key); it != host_ids_.end()) return it->second;
  Result<pg::Rows> found = Run(kHostId, pg::Params().Add(host));
  if (!found.ok()) return found.status();
  int64_t id = 0;
  if (!found->empty()) {
    id = found->Int64(0, 0);
  } else {
    Result<pg::Rows> inserted = RunOutsideBatch(kInsertHost, pg::Params().Add(host));
    if (!inserted.ok() && inserted.status().code() != Status::Code::kBusy) return inserted.status();
    if (!inserted.ok() || inserted->empty()) {
      // Another process inserted it a moment ago.
      inserted = Run(kHostId, pg::Params().Add(host));
      if (!inserted.ok()) return inserted.status();
      if (inserted->empty()) return GiveUpBatch(Status::Busy("host " + key + " is being inserted elsewhere"));
    }
    id = inserted->Int64(0, 0);
  }
  host_ids_.emplace(std::move(key), id);
  return id;
}

Result<int64_t> PostgresStore::AddSource(std::string_view url, SourceKind kind, SourceOrigin origin,
                                         int64_t refresh_interval_ms) {
  if (!StorableText(url)) return Unstorable("source", url);
  if (refresh_interval_ms <= 0) return Status::InvalidArgument("source refresh interval must be positive");
  Result<pg::Rows> known = Run(kSourceId, pg::Params().Add(url));
  if (!known.ok()) return known.status();
  if (known->empty()) {
    // Committed at once: the frontier's URL rows (inserted outside the
    // batch too) refer to it.
    Result<pg::Rows> inserted = RunOutsideBatch(kInsertSource, pg::Params()
                                                                   .Add(url)
                                                                   .Add(ToString(kind))
                                                                   .Add(refresh_interval_ms)
                                                                   .Add(NowMs())
                                                                   .Add(ToString(origin)));
    if (!inserted.ok() && inserted.status().code() != Status::Code::kBusy) return inserted.status();
    if (inserted.ok() && !inserted->empty()) return inserted->Int64(0, 0);
    // Another process added it a moment ago.
    known = Run(kSourceId, pg::Params().Add(url));
    if (!known.ok()) return known.status();
    if (known->empty()) {
      return GiveUpBatch(Status::Busy("source " + std::string(url) + " is being added elsewhere"));
    }
  }
  Result<pg::Rows> raised = Run(kRaiseSourceOrigin, pg::Params().Add(url).Add(ToString(origin)));
  if (!raised.ok()) return raised.status();
  return known->Int64(0, 0);
}

Result<std::vector<Source>> PostgresStore::DueSources(int64_t now_ms) {
  // INT64_MAX asks for every source (a crawl's source list, `sources
  // list`): read, not taken.
  Result<pg::Rows> rows = now_ms == INT64_MAX ? Run(kAllSources) : Run(kDueSources, pg::Params().Add(now_ms));
  if (!rows.ok()) return rows.status();
  std::vector<Source> sources;
  for (int i = 0; i < rows->size(); ++i) {
    Source& src = sources.emplace_back();
    src.id = rows->Int64(i, 0);
    src.url = rows->Text(i, 1);
    std::optional<SourceKind> kind = ParseSourceKind(rows->TextView(i, 2));
    if (!kind) return Status::Corruption("source " + src.url + " has unknown kind " + rows->Text(i, 2));
    src.kind = *kind;
    src.refresh_interval_ms = rows->Int64(i, 3);
    src.next_refresh_ms = rows->Int64(i, 4);
    src.last_refreshed_ms = rows->OptionalInt64(i, 5);
    if (!rows->IsNull(i, 6)) src.last_status = rows->Int(i, 6);
    src.etag = rows->Text(i, 7);
    src.last_modified = rows->Text(i, 8);
    src.last_error = rows->Text(i, 9);
    src.consecutive_failures = rows->Int(i, 10);
    std::optional<SourceOrigin> origin = ParseSourceOrigin(rows->TextView(i, 11));
    if (!origin) return Status::Corruption("source " + src.url + " has unknown origin " + rows->Text(i, 11));
    src.origin = *origin;
    src.paused = rows->Int(i, 12) != 0;
    src.added_ms = rows->Int64(i, 13);
  }
  return sources;
}

Result<bool> PostgresStore::SetSourcePaused(std::string_view url, bool paused, int64_t now_ms) {
  if (!StorableText(url)) return false;
  Result<pg::Rows> updated = Run(kPauseSource, pg::Params().Add(url).Add(paused ? 1 : 0));
  if (!updated.ok()) return updated.status();
  if (updated->Affected() == 0) return false;
  Result<pg::Rows> parked = Run(kParkSourceUrl, pg::Params().Add(url).Add(paused ? INT64_MAX : now_ms));
  if (!parked.ok()) return parked.status();
  return true;
}

Result<bool> PostgresStore::RemoveSource(std::string_view url) {
  if (!StorableText(url)) return false;
  Result<pg::Rows> removed = Run(kDeleteSource, pg::Params().Add(url));
  if (!removed.ok()) return removed.status();
  if (removed->Affected() == 0) return false;
  Result<pg::Rows> skipped = Run(kSkipRemovedSourceUrl, pg::Params().Add(url));
  if (!skipped.ok()) return skipped.status();
  return true;
}

Status PostgresStore::UpdateSourceState(const Source& source) {
  if (source.refresh_interval_ms <= 0)
    return Status::InvalidArgument("source refresh interval must be positive");
  Result<pg::Rows> updated = Run(kUpdateSource, pg::Params()
                                                    .Add(source.id)
                                                    .Add(source.refresh_interval_ms)
                                                    .Add(source.next_refresh_ms)
                                                    .Add(source.last_refreshed_ms)
                                                    .Add(source.last_status)
                                                    .AddTextOrNull(StorableCopy(source.etag))
                                                    .AddTextOrNull(StorableCopy(source.last_modified))
                                                    .AddTextOrNull(StorableCopy(source.last_error))
                                                    .Add(source.consecutive_failures));
  if (!updated.ok()) return updated.status();
  if (updated->Affected() > 0) return Status::Ok();
  Result<pg::Rows> exists = Run(kSourceExists, pg::Params().Add(source.id));
  if (!exists.ok()) return exists.status();
  if (exists->empty()) return Status::NotFound("no source with id " + std::to_string(source.id));
  spdlog::debug("source {}: its state is being written by another process; that write stands", source.url);
  return Status::Ok();
}

Result<bool> PostgresStore::Enqueue(const UrlToEnqueue& url) {
  std::string host = HostOfUrl(url.url);
  if (host.empty()) return Status::InvalidArgument("cannot enqueue " + url.url + ": not an absolute URL");
  if (!StorableText(url.url)) return Unstorable("URL", url.url);
  Result<int64_t> host_id = HostId(host);
  if (!host_id.ok()) return host_id.status();
  const pg::Params promote = pg::Params().Add(url.url).Add(url.priority).Add(url.depth);
  Result<pg::Rows> known = Run(kPromoteKnownUrl, promote);
  if (!known.ok()) return known.status();
  if (!known->Bool(0, 0)) {
    // Outside the batch (see the top of this file): another process may be
    // enqueueing the same link in its own open batch right now.
    Result<pg::Rows> inserted = RunOutsideBatch(kInsertUrl, pg::Params()
                                                                .Add(url.url)
                                                                .Add(*host_id)
                                                                .Add(url.source_id)
                                                                .Add(ToString(url.kind))
                                                                .Add(url.depth)
                                                                .Add(url.priority)
                                                                .Add(url.due_ms)
                                                                .Add(NowMs())
                                                                .Add(ToString(url.found_via)));
    if (!inserted.ok() && inserted.status().code() != Status::Code::kBusy) return inserted.status();
    if (inserted.ok() && !inserted->empty()) return true;
    // Another process queued it a moment ago (or is writing it in its
    // batch: then the promotion is skipped, as for any row it holds).
    known = Run(kPromoteKnownUrl, promote);
    if (!known.ok()) return known.status();
  }
  // A plain link is the weakest evidence: most rediscoveries are links,
  // and they never strengthen anything.
  if (url.found_via != FoundVia::kLink) {
    Result<pg::Rows> strengthened = Run(kStrengthenFoundVia, pg::Params()
                                                                 .Add(url.url)
                                                                 .Add(ToString(url.found_via))
                                                                 .Add(static_cast<int64_t>(url.found_via))
                                                                 .Add(worker_id_));
    if (!strengthened.ok()) return strengthened.status();
  }
  return false;
}

Status PostgresStore::LeaseRound(int64_t now_ms) {
  const pg::Params mine = pg::Params().Add(worker_id_);
  Result<pg::Rows> beat = Run(kHeartbeat, mine);
  if (!beat.ok()) return beat.status();
  const int64_t db_now = beat->Int64(0, 0);
  const int64_t lease_until = db_now + options_.host_lease_ms;
  if (leases_renewed_ms_ == 0) {
    // Once per process: rows of workers killed long ago.
    int64_t gone_before = db_now - std::max<int64_t>(100 * options_.host_lease_ms, 3'600'000);
    Result<pg::Rows> forgotten = Run(kForgetDeadWorkers, pg::Params().Add(gone_before));
    if (!forgotten.ok()) return forgotten.status();
  }
  Result<pg::Rows> renewed = Run(kRenewLeases, pg::Params().Add(worker_id_).Add(lease_until));
  if (!renewed.ok()) return renewed.status();
  int64_t held = renewed->size();
  Result<pg::Rows> counts = Run(kShareCounts, pg::Params().Add(db_now - options_.host_lease_ms));
  if (!counts.ok()) return counts.status();
  const int64_t workers = std::max<int64_t>(1, counts->Int64(0, 0));
  const int64_t busy_hosts = counts->Int64(0, 1);
  const int64_t share = (busy_hosts + workers - 1) / workers;

  auto forget = [&](const pg::Rows& released) {
    for (int64_t id : Ids(released)) newly_leased_.erase(id);
    held -= released.size();
  };
  Result<pg::Rows> idle = Run(kReleaseIdle, mine);
  if (!idle.ok()) return idle.status();
  forget(*idle);
  if (held > share) {
    Result<pg::Rows> excess = Run(kReleaseExcess, pg::Params().Add(worker_id_).Add(held - share).Add(now_ms));
    if (!excess.ok()) return excess.status();
    forget(*excess);
  }
  if (held >= share) return Status::Ok();
  Result<pg::Rows> leased = Run(
      kLeaseHosts, pg::Params().Add(worker_id_).Add(db_now).Add(lease_until).Add(share - held).Add(now_ms));
  if (!leased.ok()) return leased.status();
  if (leased->empty()) return Status::Ok();
  std::vector<int64_t> ids = Ids(*leased);
  int64_t taken_over = 0;
  for (int i = 0; i < leased->size(); ++i) {
    int64_t next_allowed = leased->Int64(i, 2);
    if (next_allowed > 0) {
      newly_leased_[ids[static_cast<size_t>(i)]] = next_allowed;
    } else {
      newly_leased_.erase(ids[static_cast<size_t>(i)]);
    }
    if (!leased->IsNull(i, 3)) ++taken_over;
  }
  Result<pg::Rows> requeued = Run(kRequeueTakenOver, pg::Params().AddInt64Array(ids));
  if (!requeued.ok()) return requeued.status();
  spdlog::debug("store: worker {} leased {} hosts (share {} of {} hosts for {} workers)", worker_id_,
                leased->size(), share, busy_hosts, workers);
  if (taken_over > 0 || requeued->Affected() > 0) {
    spdlog::info(
        "store: took over {} hosts whose worker stopped renewing its lease; {} URLs it left in flight are "
        "queued again",
        taken_over, requeued->Affected());
  }
  return Status::Ok();
}

Result<std::vector<DueUrl>> PostgresStore::TakeDue(int64_t now_ms, size_t limit, size_t per_host,
                                                   const std::vector<std::string>& skip_hosts) {
  std::vector<DueUrl> due;
  const int64_t wall_ms = NowMs();
  const bool lease_round = wall_ms - leases_renewed_ms_ >= LeaseRoundMs(options_);
  const bool take = limit > 0 && per_host > 0;
  // limit 0 still renews the leases (a crawler with every transfer slot busy).
  if (!lease_round && !take) return due;
  auto body = [&]() -> Status {
    if (lease_round) {
      WIRECRAWL_RETURN_IF_ERROR(LeaseRound(now_ms));
      leases_renewed_ms_ = wall_ms;
    }
    if (!take) return Status::Ok();
    Result<pg::Rows> rows = Run(kTakeDue, pg::Params()
                                              .Add(now_ms)
                                              .Add(static_cast<int64_t>(limit))
                                              .Add(static_cast<int64_t>(per_host))
                                              .Add(nlohmann::json(skip_hosts).dump())
                                              .Add(worker_id_));
    if (!rows.ok()) return rows.status();
    for (int i = 0; i < rows->size(); ++i) {
      DueUrl& u = due.emplace_back();
      u.id = rows->Int64(i, 0);
      u.url = rows->Text(i, 1);
      u.host = rows->Text(i, 2);
      std::optional<UrlKind> kind = ParseUrlKind(rows->TextView(i, 3));
      if (!kind) return Status::Corruption("URL " + u.url + " has unknown kind " + rows->Text(i, 3));
      u.kind = *kind;
      u.depth = rows->Int(i, 4);
      u.priority = rows->Int(i, 5);
      u.attempts = rows->Int(i, 6);
      u.etag = rows->Text(i, 7);
      u.last_modified = rows->Text(i, 8);
      u.source_id = rows->OptionalInt64(i, 9);
      u.found_via = ParseFoundVia(rows->TextView(i, 10));
      if (auto fresh = newly_leased_.find(rows->Int64(i, 11)); fresh != newly_leased_.end()) {
        u.host_not_before_ms = fresh->second;
      }
    }
    // Said once per lease: the frontier has it now.
    for (int i = 0; i < rows->size(); ++i) newly_leased_.erase(rows->Int64(i, 11));
    return Status::Ok();
  };
  Status s;
  if (in_batch_) {
    s = body();
    if (!s.ok() && in_batch_) s = AbortBatch(s);
  } else {
    s = WithBatch(*this, body);
  }
  if (!s.ok()) return s;
  return due;
}

Status PostgresStore::MarkFetched(const FetchedUrl& fetched) {
  Result<pg::Rows> updated = Run(kMarkFetched, pg::Params()
                                                   .Add(fetched.url_id)
                                                   .Add(fetched.refetch_at_ms)
                                                   .Add(fetched.fetched_ms)
                                                   .Add(fetched.http_status)
                                                   .AddTextOrNull(StorableCopy(fetched.etag))
                                                   .AddTextOrNull(StorableCopy(fetched.last_modified))
                                                   .Add(fetched.article_id)
                                                   .AddTextOrNull(StorableCopy(fetched.page_kind))
                                                   .AddTextOrNull(StorableCopy(fetched.page_reason)));
  if (!updated.ok()) return updated.status();
  return RequireChanged(*updated, "URL", fetched.url_id);
}

Status PostgresStore::MarkFailed(const FailedUrl& failed) {
  Result<pg::Rows> updated = Run(kMarkFailed, pg::Params()
                                                  .Add(failed.url_id)
                                                  .Add(failed.retry_at_ms)
                                                  .Add(failed.failed_ms)
                                                  .Add(failed.http_status)
                                                  .AddTextOrNull(StorableCopy(failed.error)));
  if (!updated.ok()) return updated.status();
  return RequireChanged(*updated, "URL", failed.url_id);
}

Status PostgresStore::MarkSkipped(int64_t url_id, std::string_view reason) {
  Result<pg::Rows> updated = Run(kMarkSkipped, pg::Params().Add(url_id).AddTextOrNull(StorableCopy(reason)));
  if (!updated.ok()) return updated.status();
  return RequireChanged(*updated, "URL", url_id);
}

Result<int64_t> PostgresStore::RequeueInFlight() {
  Result<pg::Rows> updated = Run(kRequeueInFlight, pg::Params().Add(worker_id_));
  if (!updated.ok()) return updated.status();
  return updated->Affected();
}

Result<bool> PostgresStore::Requeue(std::string_view url, int64_t due_ms) {
  if (!StorableText(url)) return false;
  Result<pg::Rows> updated = Run(kRequeueUrl, pg::Params().Add(url).Add(due_ms).Add(worker_id_));
  if (!updated.ok()) return updated.status();
  if (updated->Affected() > 0) return true;
  Result<pg::Rows> known = Run(kUrlExists, pg::Params().Add(url));
  if (!known.ok()) return known.status();
  return !known->empty();
}

Result<std::optional<int64_t>> PostgresStore::NextQueuedDueMs() {
  Result<pg::Rows> rows = Run(kNextQueuedDue, pg::Params().Add(worker_id_));
  if (!rows.ok()) return rows.status();
  // Another worker is busy: its fetches may queue more, and its hosts come
  // here if it dies. Due now, as far as this worker's crawl loop is
  // concerned: it keeps polling.
  if (rows->Bool(0, 0)) return std::optional<int64_t>(0);
  return rows->OptionalInt64(0, 1);
}

Result<std::vector<std::pair<std::string, int64_t>>> PostgresStore::CountUrlsByState() {
  Result<pg::Rows> rows = Run(kUrlsByState);
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, int64_t>> counts;
  for (int i = 0; i < rows->size(); ++i) counts.emplace_back(rows->Text(i, 0), rows->Int64(i, 1));
  return counts;
}

Status PostgresStore::RecordFetch(const FetchRecord& fetch) {
  pg::Params params;
  params.Add(fetch.url_id)
      .Add(fetch.started_ms)
      .Add(fetch.http_status)
      .Add(fetch.bytes)
      .Add(fetch.elapsed_ms)
      .AddTextOrNull(StorableCopy(fetch.content_type))
      .AddTextOrNull(StorableCopy(fetch.error));
  if (fetch.redirects.empty()) {
    params.AddNull();
  } else {
    // JSON, as SQLite keeps it (json_array_elements_text takes it apart).
    params.Add(
        nlohmann::json(fetch.redirects).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  Result<pg::Rows> inserted = Run(kInsertFetch, params);
  return inserted.ok() ? Status::Ok() : inserted.status();
}

Result<std::optional<RobotsCacheEntry>> PostgresStore::GetRobots(std::string_view host) {
  if (!StorableText(host)) return std::optional<RobotsCacheEntry>();
  Result<pg::Rows> rows = Run(kGetRobots, pg::Params().Add(host));
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<RobotsCacheEntry>();
  RobotsCacheEntry entry;
  entry.http_status = rows->Int(0, 0);
  entry.body = rows->Bytes(0, 1);
  entry.fetched_ms = rows->Int64(0, 2);
  entry.expires_ms = rows->Int64(0, 3);
  return std::optional<RobotsCacheEntry>(std::move(entry));
}

Status PostgresStore::PutRobots(std::string_view host, const RobotsCacheEntry& robots) {
  if (host.empty()) return Status::InvalidArgument("robots.txt for an empty host");
  if (!StorableText(host)) return Unstorable("host", host);
  Result<int64_t> host_id = HostId(host);
  if (!host_id.ok()) return host_id.status();
  Result<pg::Rows> updated = Run(kPutRobots, pg::Params()
                                                 .Add(*host_id)
                                                 .Add(robots.http_status)
                                                 .AddBytes(robots.body)
                                                 .Add(robots.fetched_ms)
                                                 .Add(robots.expires_ms));
  return updated.ok() ? Status::Ok() : updated.status();
}

Result<HostPoliteness> PostgresStore::GetPoliteness(std::string_view host) {
  if (!StorableText(host)) return HostPoliteness{};
  Result<pg::Rows> rows = Run(kGetPoliteness, pg::Params().Add(host));
  if (!rows.ok()) return rows.status();
  HostPoliteness politeness;
  if (!rows->empty()) {
    politeness.crawl_delay_ms = rows->Int64(0, 0);
    politeness.next_allowed_ms = rows->Int64(0, 1);
    politeness.backoff_until_ms = rows->Int64(0, 2);
    politeness.consecutive_errors = rows->Int(0, 3);
  }
  return politeness;
}

Status PostgresStore::PutPoliteness(std::string_view host, const HostPoliteness& politeness) {
  if (host.empty()) return Status::InvalidArgument("politeness for an empty host");
  if (!StorableText(host)) return Unstorable("host", host);
  Result<int64_t> host_id = HostId(host);
  if (!host_id.ok()) return host_id.status();
  Result<pg::Rows> updated = Run(kPutPoliteness, pg::Params()
                                                     .Add(*host_id)
                                                     .Add(politeness.crawl_delay_ms)
                                                     .Add(politeness.next_allowed_ms)
                                                     .Add(politeness.backoff_until_ms)
                                                     .Add(politeness.consecutive_errors));
  return updated.ok() ? Status::Ok() : updated.status();
}

}  // namespace wirecrawl
