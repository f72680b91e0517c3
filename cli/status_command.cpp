// `wirecrawl status [--since 1h]`: the service's figures, read from the
// database, for people without Prometheus: the same quantities the
// daemon's metrics endpoint serves (fetches by class, bytes, latency,
// articles, stories, duplicates, publish->ingest lag, robots denials, the
// frontier by state, hosts in back-off, sources).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/time.h"
#include "cli/commands.h"
#include "cli/store_cli.h"

namespace wirecrawl::cli {
namespace {

struct StatusArgs {
  DatabaseArgs db;
  std::string window = "1h";
};

std::string Seconds(const std::optional<int64_t>& s) {
  if (!s) return "-";
  if (*s < 120) return std::to_string(*s) + " s";
  if (*s < 7200) return std::to_string(*s / 60) + " min";
  if (*s < 172800) return std::to_string(*s / 3600) + " h";
  return std::to_string(*s / 86400) + " days";
}

void RunStatus(const StatusArgs& args) {
  std::optional<CrawlerOptions> options = LoadOptions(args.db, "status");
  if (!options) return;
  SystemClock clock;
  int64_t now = clock.NowMs();
  std::optional<int64_t> since = ParseSince(args.window, now);
  if (!since) {
    Fail("status",
         "--since: expected an age (\"30m\", \"1h\", \"7d\") or a date, got \"" + args.window + "\"",
         kExitUsage);
    return;
  }
  std::unique_ptr<Store> store = OpenDatabase(args.db, *options, /*create=*/false, "status");
  if (!store) return;
  Result<ServiceStatus> status = store->GetServiceStatus(*since, now);
  if (!status.ok()) {
    Fail("status", status.status().message(), kExitIo);
    return;
  }
  const ServiceStatus& s = *status;
  if (args.db.json) {
    nlohmann::ordered_json j;
    j["since"] = args.window;
    j["urls_by_state"] = nlohmann::ordered_json::object();
    for (const auto& [state, n] : s.urls_by_state) j["urls_by_state"][state] = n;
    j["fetches_by_class"] = nlohmann::ordered_json::object();
    for (const auto& [cls, n] : s.fetches_by_class) j["fetches_by_class"][cls] = n;
    j["fetched_bytes"] = s.fetched_bytes;
    j["fetch_ms_median"] =
        s.fetch_ms_median ? nlohmann::ordered_json(*s.fetch_ms_median) : nlohmann::ordered_json();
    j["fetch_ms_p90"] = s.fetch_ms_p90 ? nlohmann::ordered_json(*s.fetch_ms_p90) : nlohmann::ordered_json();
    j["articles"] = s.articles;
    j["new_stories"] = s.new_stories;
    j["exact_duplicates"] = s.exact_duplicates;
    j["near_duplicates"] = s.near_duplicates;
    j["publish_lag_s_median"] =
        s.lag_s_median ? nlohmann::ordered_json(*s.lag_s_median) : nlohmann::ordered_json();
    j["publish_lag_s_p90"] = s.lag_s_p90 ? nlohmann::ordered_json(*s.lag_s_p90) : nlohmann::ordered_json();
    j["robots_denials"] = s.robots_denials;
    j["hosts_in_backoff"] = s.hosts_in_backoff;
    j["sources_active"] = s.sources_active;
    j["sources_retired"] = s.sources_retired;
    j["last_fetch"] =
        s.last_fetch_ms ? nlohmann::ordered_json(FormatIsoTime(*s.last_fetch_ms)) : nlohmann::ordered_json();
    j["pages"] = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : s.pages_by_kind) j["pages"][kind] = n;
    j["pages_by_host"] = nlohmann::ordered_json::object();
    for (const HostPageCount& c : s.pages_by_host) j["pages_by_host"][c.host][c.page_kind] = c.pages;
    std::cout << j.dump() << "\n";
    return;
  }
  std::printf("last fetch: %s\n", s.last_fetch_ms ? HumanTime(*s.last_fetch_ms).c_str() : "never");
  std::printf("in the last %s:\n", args.window.c_str());
  std::printf("  fetches:");
  for (const auto& [cls, n] : s.fetches_by_class)
    std::printf(" %s %lld", cls.c_str(), static_cast<long long>(n));
  std::printf("%s; %.1f MB; latency median %s ms, p90 %s ms\n", s.fetches_by_class.empty() ? " none" : "",
              static_cast<double>(s.fetched_bytes) / 1e6,
              s.fetch_ms_median ? std::to_string(*s.fetch_ms_median).c_str() : "-",
              s.fetch_ms_p90 ? std::to_string(*s.fetch_ms_p90).c_str() : "-");
  std::printf("  articles: %lld new (%lld new stories, %lld exact and %lld near duplicates)\n",
              static_cast<long long>(s.articles), static_cast<long long>(s.new_stories),
              static_cast<long long>(s.exact_duplicates), static_cast<long long>(s.near_duplicates));
  std::printf("  publish -> ingest lag: median %s, p90 %s\n", Seconds(s.lag_s_median).c_str(),
              Seconds(s.lag_s_p90).c_str());
  std::printf("  pages:");
  for (const auto& [kind, n] : s.pages_by_kind)
    std::printf(" %s %lld", kind.c_str(), static_cast<long long>(n));
  std::printf("%s\n", s.pages_by_kind.empty() ? " none" : "");
  // Per site: a site whose articles stop being recognised shows here.
  constexpr size_t kHostsShown = 10;
  std::vector<std::pair<std::string, std::string>> per_host = PagesPerHost(s.pages_by_host);
  for (size_t i = 0; i < per_host.size() && i < kHostsShown; ++i) {
    std::printf("    %s: %s\n", per_host[i].first.c_str(), per_host[i].second.c_str());
  }
  if (per_host.size() > kHostsShown) {
    std::printf("    ... and %zu more hosts (--json lists all)\n", per_host.size() - kHostsShown);
  }
  std::printf("frontier:");
  for (const auto& [state, n] : s.urls_by_state)
    std::printf(" %s %lld", state.c_str(), static_cast<long long>(n));
  std::printf("\nrobots.txt denials: %lld; hosts in back-off: %lld; sources: %lld active, %lld retired\n",
              static_cast<long long>(s.robots_denials), static_cast<long long>(s.hosts_in_backoff),
              static_cast<long long>(s.sources_active), static_cast<long long>(s.sources_retired));
}

}  // namespace

void AddStatusCommand(CLI::App& app) {
  auto args = std::make_shared<StatusArgs>();
  CLI::App* cmd = app.add_subcommand(
      "status",
      "The crawl service's figures from the database: fetches, latency, articles, duplicates, "
      "publish-to-ingest lag, pages by kind (per host), frontier, back-off, sources");
  AddDatabaseOptions(cmd, &args->db);
  cmd->add_option("--since", args->window, "Window for the rates: an age (30m, 1h, 7d) or a date")
      ->capture_default_str()
      ->type_name("DATE|AGE");
  cmd->footer(
      "With --json, one object: since, urls_by_state, fetches_by_class, fetched_bytes, fetch_ms_median, "
      "fetch_ms_p90, articles, new_stories, exact_duplicates, near_duplicates, publish_lag_s_median, "
      "publish_lag_s_p90, robots_denials, hosts_in_backoff, sources_active, sources_retired, last_fetch "
      "(ISO 8601 UTC, as export), pages (fetched pages by kind: article, hub, page, sitemap, feed, unreadable), "
      "pages_by_host (the same per host).");
  cmd->callback([args] { RunStatus(*args); });
}

}  // namespace wirecrawl::cli
