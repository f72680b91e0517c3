// The PostgreSQL Store: what the crawler learned about each site (tables
// sites and site_patterns).
#include <map>
#include <utility>

#include "base/time.h"
#include "parser/charset.h"
#include "store/postgres/postgres_store.h"

namespace wirecrawl {
namespace {

constexpr const char* kGetSite = "SELECT titled_pages FROM sites WHERE host = $1";
// COLLATE "C": the order SQLite gives (bytes), whatever the database's locale.
constexpr const char* kGetPatterns =
    "SELECT kind, pattern, pages, last_seen_ms FROM site_patterns WHERE host = $1 "
    "ORDER BY kind COLLATE \"C\", pages DESC, pattern COLLATE \"C\"";
// The crawl writes a profile back after each page it learns from: the site
// row and the old patterns in one round trip, the new patterns in another.
constexpr const char* kPutSite =
    "WITH site AS ("
    "  INSERT INTO sites(host, titled_pages, updated_ms) VALUES ($1, $2, $3) "
    "  ON CONFLICT (host) DO UPDATE SET titled_pages = excluded.titled_pages, updated_ms = excluded.updated_ms) "
    "DELETE FROM site_patterns WHERE host = $1";
// ON CONFLICT: another process may have written the same host's patterns
// since the DELETE's snapshot.
constexpr const char* kInsertPatterns =
    "INSERT INTO site_patterns(host, kind, pattern, pages, last_seen_ms) "
    "SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) "
    "ON CONFLICT (host, kind, pattern) DO UPDATE SET pages = excluded.pages, last_seen_ms = excluded.last_seen_ms";

// PostgreSQL text holds valid UTF-8 without NUL bytes.
bool StorableText(std::string_view text) {
  return text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

// A text[] literal: every element quoted, with '"' and '\' escaped.
std::string TextArray(const std::vector<std::string_view>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace

Result<SiteProfile> PostgresStore::GetSiteProfile(std::string_view host) {
  SiteProfile profile;
  profile.host = std::string(host);
  // A host PostgreSQL cannot hold (not UTF-8) was never stored.
  if (!StorableText(host)) return profile;
  Result<pg::Rows> site = Run(kGetSite, pg::Params().Add(host));
  if (!site.ok()) return site.status();
  if (site->empty()) return profile;
  profile.titled_pages = site->Int64(0, 0);
  Result<pg::Rows> patterns = Run(kGetPatterns, pg::Params().Add(host));
  if (!patterns.ok()) return patterns.status();
  for (int row = 0; row < patterns->size(); ++row) {
    std::optional<SitePatternKind> kind = ParseSitePatternKind(patterns->TextView(row, 0));
    if (!kind) {
      return Status::Corruption("site " + profile.host + " has a pattern of unknown kind " +
                                patterns->Text(row, 0));
    }
    profile.patterns.push_back(
        SitePattern{*kind, patterns->Text(row, 1), patterns->Int64(row, 2), patterns->Int64(row, 3)});
  }
  return profile;
}

Status PostgresStore::PutSiteProfile(const SiteProfile& profile) {
  if (profile.host.empty()) return Status::InvalidArgument("site profile without a host");
  // Refused before any write (PostgreSQL text is valid UTF-8 without NUL).
  if (!StorableText(profile.host))
    return Status::InvalidArgument("site profile host is not valid UTF-8 text");
  // One row per (kind, pattern), the last one given winning, as SQLite's
  // row-by-row upsert leaves it.
  std::map<std::pair<std::string_view, std::string_view>, const SitePattern*> unique;
  for (const SitePattern& p : profile.patterns) {
    if (!StorableText(p.pattern)) {
      return Status::InvalidArgument("site profile of " + profile.host +
                                     " has a pattern that is not valid UTF-8");
    }
    unique[{SitePatternKindName(p.kind), p.pattern}] = &p;
  }
  std::vector<std::string_view> kinds;
  std::vector<std::string_view> patterns;
  std::vector<int64_t> pages;
  std::vector<int64_t> last_seen;
  for (const auto& [key, p] : unique) {
    kinds.push_back(key.first);
    patterns.push_back(key.second);
    pages.push_back(p->pages);
    last_seen.push_back(p->last_seen_ms);
  }
  // The whole profile at once: it never holds half of an update.
  return Atomically([&]() -> Status {
    Result<pg::Rows> put =
        Run(kPutSite, pg::Params().Add(profile.host).Add(profile.titled_pages).Add(NowMs()));
    if (!put.ok()) return put.status();
    if (kinds.empty()) return Status::Ok();
    Result<pg::Rows> inserted = Run(kInsertPatterns, pg::Params()
                                                         .Add(profile.host)
                                                         .Add(TextArray(kinds))
                                                         .Add(TextArray(patterns))
                                                         .AddInt64Array(pages)
                                                         .AddInt64Array(last_seen));
    return inserted.ok() ? Status::Ok() : inserted.status();
  });
}

}  // namespace wirecrawl
