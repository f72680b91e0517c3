// The SQLite Store: what the crawler learned about each site (tables sites
// and site_patterns, schema version 8).
#include "base/time.h"
#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {
namespace {

constexpr const char* kGetSite = "SELECT titled_pages FROM sites WHERE host = ?1";
constexpr const char* kGetPatterns =
    "SELECT kind, pattern, pages, last_seen_ms FROM site_patterns WHERE host = ?1 "
    "ORDER BY kind, pages DESC, pattern";
constexpr const char* kPutSite =
    "INSERT INTO sites(host, titled_pages, updated_ms) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(host) DO UPDATE SET titled_pages = excluded.titled_pages, updated_ms = excluded.updated_ms";
constexpr const char* kDeletePatterns = "DELETE FROM site_patterns WHERE host = ?1";
constexpr const char* kInsertPattern =
    "INSERT INTO site_patterns(host, kind, pattern, pages, last_seen_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(host, kind, pattern) DO UPDATE SET pages = excluded.pages, last_seen_ms = excluded.last_seen_ms";

}  // namespace

Result<SiteProfile> SqliteStore::GetSiteProfile(std::string_view host) {
  SiteProfile profile;
  profile.host = std::string(host);
  {
    Result<sqlite::Statement*> stmt = Cached(kGetSite);
    if (!stmt.ok()) return stmt.status();
    sqlite::ScopedStatement select(**stmt);
    select->Bind(1, host);
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return profile;
    profile.titled_pages = select->Int64(0);
  }
  Result<sqlite::Statement*> stmt = Cached(kGetPatterns);
  if (!stmt.ok()) return stmt.status();
  sqlite::ScopedStatement select(**stmt);
  select->Bind(1, host);
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return profile;
    std::optional<SitePatternKind> kind = ParseSitePatternKind(select->TextView(0));
    if (!kind) {
      return Status::Corruption("site " + profile.host + " has a pattern of unknown kind " + select->Text(0));
    }
    profile.patterns.push_back(SitePattern{*kind, select->Text(1), select->Int64(2), select->Int64(3)});
  }
}

Status SqliteStore::PutSiteProfile(const SiteProfile& profile) {
  if (profile.host.empty()) return Status::InvalidArgument("site profile without a host");
  // The whole profile at once: a few dozen rows at most (the profile bounds
  // itself), and it never holds half of an update.
  return Atomically([&]() -> Status {
    {
      Result<sqlite::Statement*> stmt = Cached(kPutSite);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement put(**stmt);
      put->Bind(1, profile.host).Bind(2, profile.titled_pages).Bind(3, NowMs());
      WIRECRAWL_RETURN_IF_ERROR(put->Run());
    }
    {
      Result<sqlite::Statement*> stmt = Cached(kDeletePatterns);
      if (!stmt.ok()) return stmt.status();
      sqlite::ScopedStatement remove(**stmt);
      remove->Bind(1, profile.host);
      WIRECRAWL_RETURN_IF_ERROR(remove->Run());
    }
    Result<sqlite::Statement*> stmt = Cached(kInsertPattern);
    if (!stmt.ok()) return stmt.status();
    for (const SitePattern& p : profile.patterns) {
      sqlite::ScopedStatement insert(**stmt);
      insert->Bind(1, profile.host)
          .Bind(2, SitePatternKindName(p.kind))
          .Bind(3, p.pattern)
          .Bind(4, p.pages)
          .Bind(5, p.last_seen_ms);
      WIRECRAWL_RETURN_IF_ERROR(insert->Run());
    }
    return Status::Ok();
  });
}

}  // namespace wirecrawl
