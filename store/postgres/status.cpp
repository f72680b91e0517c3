// The PostgreSQL Store: service figures for `wirecrawl status`, from the
// fetch log, the articles and the frontier, with the same results as
// store/sqlite/status.cpp for the same data (text ordered COLLATE "C", as
// SQLite's BINARY).
#include <cstdint>

#include "store/postgres/postgres_store.h"

namespace wirecrawl {
namespace {

constexpr const char* kUrlsByState =
    "SELECT state, count(*) FROM urls GROUP BY state ORDER BY state COLLATE \"C\"";
constexpr int64_t kRetired = INT64_MAX;  // a retired or removed source's next refresh
// In the window: $1 since, $2 now.
constexpr const char* kFetchClasses =
    "SELECT (CASE WHEN status IS NULL THEN 'error' ELSE (status / 100)::text || 'xx' END) COLLATE \"C\" AS class, "
    "count(*), coalesce(sum(bytes), 0) FROM fetches WHERE started_ms >= $1 AND started_ms <= $2 "
    "GROUP BY class ORDER BY class";
// The value at an offset ($3) of the window's sorted values: a quantile.
constexpr const char* kFetchMsAt =
    "SELECT elapsed_ms AS v FROM fetches WHERE started_ms >= $1 AND started_ms <= $2 ORDER BY v LIMIT 1 OFFSET $3";
constexpr const char* kNewArticles =
    "SELECT count(*), count(*) FILTER (WHERE id = story_id), "
    "count(*) FILTER (WHERE id <> story_id AND similarity >= 1.0), "
    "count(*) FILTER (WHERE id <> story_id AND similarity < 1.0) "
    "FROM articles WHERE fetched_ms >= $1 AND fetched_ms <= $2";
#define WIRECRAWL_PG_LAG_WINDOW                                                             \
  "FROM articles WHERE fetched_ms >= $1 AND fetched_ms <= $2 AND published_ms IS NOT NULL " \
  "AND published_ms <= fetched_ms"
constexpr const char* kDated = "SELECT count(*) " WIRECRAWL_PG_LAG_WINDOW;
constexpr const char* kLagAt =
    "SELECT (fetched_ms - published_ms) / 1000 AS v " WIRECRAWL_PG_LAG_WINDOW " ORDER BY v LIMIT 1 OFFSET $3";
#undef WIRECRAWL_PG_LAG_WINDOW
constexpr const char* kPagesByKindIn =
    "SELECT page_kind, count(*) FROM urls WHERE page_kind IS NOT NULL AND last_fetched_ms >= $1 "
    "AND last_fetched_ms <= $2 GROUP BY page_kind ORDER BY page_kind COLLATE \"C\"";
// ILIKE: SQLite's LIKE ignores ASCII case. $1 now, $2 kRetired.
constexpr const char* kServiceCounts =
    "SELECT (SELECT count(*) FROM urls WHERE state = 'skipped' AND last_error ILIKE 'robots.txt%'), "
    "(SELECT count(*) FROM hosts WHERE backoff_until_ms > $1), "
    "(SELECT count(*) FROM sources WHERE next_refresh_ms < $2), "
    "(SELECT count(*) FROM sources WHERE next_refresh_ms >= $2), (SELECT max(started_ms) FROM fetches)";

}  // namespace

Result<ServiceStatus> PostgresStore::GetServiceStatus(int64_t since_ms, int64_t now_ms) {
  ServiceStatus st;
  const pg::Params window = pg::Params().Add(since_ms).Add(now_ms);
  Status s = ReadConsistently([&]() -> Status {
    // The value at quantile q of a window of `count` values (sql: $3 the offset).
    auto quantile = [&](const char* sql, int64_t count, double q, std::optional<int64_t>* out) -> Status {
      if (count == 0) return Status::Ok();
      int64_t offset = static_cast<int64_t>(q * static_cast<double>(count - 1));
      Result<pg::Rows> rows = Run(sql, pg::Params().Add(since_ms).Add(now_ms).Add(offset));
      if (!rows.ok()) return rows.status();
      if (!rows->empty()) *out = rows->Int64(0, 0);
      return Status::Ok();
    };

    Result<pg::Rows> states = Run(kUrlsByState);
    if (!states.ok()) return states.status();
    for (int i = 0; i < states->size(); ++i)
      st.urls_by_state.emplace_back(states->Text(i, 0), states->Int64(i, 1));

    Result<pg::Rows> classes = Run(kFetchClasses, window);
    if (!classes.ok()) return classes.status();
    int64_t fetches = 0;
    for (int i = 0; i < classes->size(); ++i) {
      st.fetches_by_class.emplace_back(classes->Text(i, 0), classes->Int64(i, 1));
      fetches += classes->Int64(i, 1);
      st.fetched_bytes += classes->Int64(i, 2);
    }
    WIRECRAWL_RETURN_IF_ERROR(quantile(kFetchMsAt, fetches, 0.5, &st.fetch_ms_median));
    WIRECRAWL_RETURN_IF_ERROR(quantile(kFetchMsAt, fetches, 0.9, &st.fetch_ms_p90));

    Result<pg::Rows> articles = Run(kNewArticles, window);
    if (!articles.ok()) return articles.status();
    st.articles = articles->Int64(0, 0);
    st.new_stories = articles->Int64(0, 1);
    st.exact_duplicates = articles->Int64(0, 2);
    st.near_duplicates = articles->Int64(0, 3);
    Result<pg::Rows> dated = Run(kDated, window);
    if (!dated.ok()) return dated.status();
    WIRECRAWL_RETURN_IF_ERROR(quantile(kLagAt, dated->Int64(0, 0), 0.5, &st.lag_s_median));
    WIRECRAWL_RETURN_IF_ERROR(quantile(kLagAt, dated->Int64(0, 0), 0.9, &st.lag_s_p90));

    Result<pg::Rows> kinds = Run(kPagesByKindIn, window);
    if (!kinds.ok()) return kinds.status();
    for (int i = 0; i < kinds->size(); ++i)
      st.pages_by_kind.emplace_back(kinds->Text(i, 0), kinds->Int64(i, 1));
    WIRECRAWL_RETURN_IF_ERROR(ReadPagesByHost(since_ms, now_ms, &st.pages_by_host));

    Result<pg::Rows> counts = Run(kServiceCounts, pg::Params().Add(now_ms).Add(kRetired));
    if (!counts.ok()) return counts.status();
    st.robots_denials = counts->Int64(0, 0);
    st.hosts_in_backoff = counts->Int64(0, 1);
    st.sources_active = counts->Int64(0, 2);
    st.sources_retired = counts->Int64(0, 3);
    st.last_fetch_ms = counts->OptionalInt64(0, 4);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return st;
}

}  // namespace wirecrawl
