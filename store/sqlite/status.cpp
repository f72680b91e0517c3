// The SQLite Store: service figures for `wirecrawl status`, from the fetch
// log, the articles and the frontier (what the daemon's metrics endpoint
// counts live).
#include <cstdint>

#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {
namespace {

constexpr int64_t kRetired = INT64_MAX;  // a retired or removed source's next refresh

}  // namespace

Result<ServiceStatus> SqliteStore::GetServiceStatus(int64_t since_ms, int64_t now_ms) {
  ServiceStatus st;
  // One read transaction: the figures agree with each other.
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec(in_batch_ ? "SAVEPOINT status" : "BEGIN"));
  Status s = [&]() -> Status {
    // Runs sql with ?1 = since_ms, ?2 = now_ms, ?3 = extra; row(stmt) per row.
    auto query = [&](std::string_view sql, int64_t extra,
                     const std::function<void(sqlite::Statement&)>& row) {
      Result<sqlite::Statement> stmt = db_.Prepare(sql);
      if (!stmt.ok()) return stmt.status();
      const int64_t params[] = {since_ms, now_ms, extra};
      int used = sqlite3_bind_parameter_count(stmt->get());
      for (int i = 1; i <= used && i <= 3; ++i) stmt->Bind(i, params[i - 1]);
      while (true) {
        Result<bool> more = stmt->Step();
        if (!more.ok()) return more.status();
        if (!*more) return Status::Ok();
        row(*stmt);
      }
    };
    // The value at quantile q of `column` over `from` (in the window).
    auto quantile = [&](const std::string& column, const std::string& from, int64_t count, double q,
                        std::optional<int64_t>* out) -> Status {
      if (count == 0) return Status::Ok();
      int64_t offset = static_cast<int64_t>(q * static_cast<double>(count - 1));
      return query("SELECT " + column + " AS v " + from + " ORDER BY v LIMIT 1 OFFSET ?3", offset,
                   [&](sqlite::Statement& r) { *out = r.Int64(0); });
    };

    WIRECRAWL_RETURN_IF_ERROR(
        query("SELECT state, count(*) FROM urls GROUP BY state ORDER BY state", 0,
              [&](sqlite::Statement& r) { st.urls_by_state.emplace_back(r.Text(0), r.Int64(1)); }));
    int64_t fetches = 0;
    WIRECRAWL_RETURN_IF_ERROR(query(
        "SELECT CASE WHEN status IS NULL THEN 'error' ELSE (status / 100) || 'xx' END AS class, count(*), "
        "coalesce(sum(bytes), 0) FROM fetches WHERE started_ms >= ?1 AND started_ms <= ?2 GROUP BY class "
        "ORDER BY class",
        0, [&](sqlite::Statement& r) {
          st.fetches_by_class.emplace_back(r.Text(0), r.Int64(1));
          fetches += r.Int64(1);
          st.fetched_bytes += r.Int64(2);
        }));
    const std::string fetch_window = "FROM fetches WHERE started_ms >= ?1 AND started_ms <= ?2";
    WIRECRAWL_RETURN_IF_ERROR(quantile("elapsed_ms", fetch_window, fetches, 0.5, &st.fetch_ms_median));
    WIRECRAWL_RETURN_IF_ERROR(quantile("elapsed_ms", fetch_window, fetches, 0.9, &st.fetch_ms_p90));

    WIRECRAWL_RETURN_IF_ERROR(query(
        "SELECT count(*), coalesce(sum(id = story_id), 0), "
        "coalesce(sum(id != story_id AND similarity >= 1.0), 0), coalesce(sum(id != story_id AND similarity < 1.0), 0) "
        "FROM articles WHERE fetched_ms >= ?1 AND fetched_ms <= ?2",
        0, [&](sqlite::Statement& r) {
          st.articles = r.Int64(0);
          st.new_stories = r.Int64(1);
          st.exact_duplicates = r.Int64(2);
          st.near_duplicates = r.Int64(3);
        }));
    const std::string lag_window =
        "FROM articles WHERE fetched_ms >= ?1 AND fetched_ms <= ?2 AND published_ms IS NOT NULL "
        "AND published_ms <= fetched_ms";
    int64_t dated = 0;
    WIRECRAWL_RETURN_IF_ERROR(
        query("SELECT count(*) " + lag_window, 0, [&](sqlite::Statement& r) { dated = r.Int64(0); }));
    const std::string lag = "(fetched_ms - published_ms) / 1000";
    WIRECRAWL_RETURN_IF_ERROR(quantile(lag, lag_window, dated, 0.5, &st.lag_s_median));
    WIRECRAWL_RETURN_IF_ERROR(quantile(lag, lag_window, dated, 0.9, &st.lag_s_p90));

    WIRECRAWL_RETURN_IF_ERROR(
        query("SELECT page_kind, count(*) FROM urls WHERE page_kind IS NOT NULL AND last_fetched_ms >= ?1 "
              "AND last_fetched_ms <= ?2 GROUP BY page_kind ORDER BY page_kind",
              0, [&](sqlite::Statement& r) { st.pages_by_kind.emplace_back(r.Text(0), r.Int64(1)); }));
    WIRECRAWL_RETURN_IF_ERROR(ReadPagesByHost(since_ms, now_ms, &st.pages_by_host));

    WIRECRAWL_RETURN_IF_ERROR(query(
        "SELECT (SELECT count(*) FROM urls WHERE state = 'skipped' AND last_error LIKE 'robots.txt%'), "
        "(SELECT count(*) FROM hosts WHERE backoff_until_ms > ?2), "
        "(SELECT count(*) FROM sources WHERE next_refresh_ms < ?3), "
        "(SELECT count(*) FROM sources WHERE next_refresh_ms >= ?3), (SELECT max(started_ms) FROM fetches)",
        kRetired, [&](sqlite::Statement& r) {
          st.robots_denials = r.Int64(0);
          st.hosts_in_backoff = r.Int64(1);
          st.sources_active = r.Int64(2);
          st.sources_retired = r.Int64(3);
          st.last_fetch_ms = r.OptionalInt64(4);
        }));
    return Status::Ok();
  }();
  (void)db_.Exec(in_batch_ ? "RELEASE status" : "COMMIT");
  if (!s.ok()) return s;
  return st;
}

}  // namespace wirecrawl
