// `wirecrawl export` (articles as JSON lines or CSV) and `wirecrawl stats`.
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "cli/commands.h"
#include "cli/store_cli.h"

namespace wirecrawl::cli {
namespace {

struct ExportArgs {
  DatabaseArgs database;
  std::string format = "jsonl";
  std::optional<int64_t> since_ms;
};

// The columns, in order: the fields issue 3 requires, then the extras.
constexpr const char* kColumns[] = {"url",      "canonical_url", "title",  "author",  "published",
                                    "language", "body",          "story",  "fetched", "id",
                                    "site",     "updated",       "version"};

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
void WriteCsvField(std::ostream& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << field;
    return;
  }
  out << '"';
  for (char c : field) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

void RunExport(const ExportArgs& args) {
  constexpr std::string_view kCommand = "export";
  std::optional<CrawlerOptions> config = LoadOptions(args.database, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/false, kCommand);
  if (!store) return;
  bool csv = args.format == "csv";
  if (csv) {
    for (size_t i = 0; i < std::size(kColumns); ++i) std::cout << (i ? "," : "") << kColumns[i];
    std::cout << "\r\n";
  }
  ExportFilter filter;
  filter.since_ms = args.since_ms;
  Status s = store->ExportArticles(filter, [&](const StoredArticle& a) {
    std::string fetched = FormatIsoTime(a.fetched_ms);
    std::string updated = FormatIsoTime(a.updated_ms);
    if (csv) {
      const std::string story = std::to_string(a.story_id);
      const std::string id = std::to_string(a.id);
      const std::string version = std::to_string(a.version);
      const std::string_view fields[] = {a.url,      a.canonical_url, a.title, a.author, a.published,
                                         a.language, a.body,          story,   fetched,  id,
                                         a.site,     updated,         version};
      for (size_t i = 0; i < std::size(fields); ++i) {
        if (i) std::cout << ',';
        WriteCsvField(std::cout, fields[i]);
      }
      std::cout << "\r\n";
    } else {
      nlohmann::ordered_json j = {{"url", a.url},
                                  {"canonical_url", a.canonical_url},
                                  {"title", a.title},
                                  {"author", a.author},
                                  {"published", a.published},
                                  {"language", a.language},
                                  {"body", a.body},
                                  {"story", a.story_id},
                                  {"fetched", fetched},
                                  {"id", a.id},
                                  {"site", a.site},
                                  {"updated", updated},
                                  {"version", a.version}};
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    }
    // A closed pipe (`| head`) ends the export instead of writing on.
    return static_cast<bool>(std::cout);
  });
  std::cout.flush();
  if (!s.ok()) Fail(kCommand, s.message(), kExitIo);
}

struct StatsArgs {
  DatabaseArgs database;
};

std::string Human(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return buf;
}

std::string Counts(const std::vector<std::pair<std::string, int64_t>>& counts) {
  if (counts.empty()) return "none";
  std::string out;
  for (const auto& [name, n] : counts) {
    if (!out.empty()) out += " · ";
    out += name + " " + std::to_string(n);
  }
  return out;
}

void RunStats(const StatsArgs& args) {
  constexpr std::string_view kCommand = "stats";
  std::optional<CrawlerOptions> config = LoadOptions(args.database, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/false, kCommand);
  if (!store) return;
  Result<StoreStats> stats = store->Stats();
  if (!stats.ok()) {
    Fail(kCommand, stats.status().message(), kExitIo);
    return;
  }
  const StoreStats& s = *stats;
  Result<std::vector<std::pair<std::string, int64_t>>> parts = store->BytesByPart();
  if (!parts.ok()) {
    Fail(kCommand, parts.status().message(), kExitIo);
    return;
  }
  std::string path = DisplayLocation(args.database.db.empty() ? config->paths.database : args.database.db);
  if (args.database.json) {
    nlohmann::ordered_json urls = nlohmann::ordered_json::object();
    for (const auto& [state, n] : s.urls_by_state) urls[state] = n;
    nlohmann::ordered_json fetches = nlohmann::ordered_json::object();
    for (const auto& [status, n] : s.fetches_by_status) fetches[status] = n;
    nlohmann::ordered_json j = {{"database", path},
                                {"database_bytes", s.database_bytes},
                                {"schema_version", s.schema_version},
                                {"articles", s.articles},
                                {"article_versions", s.article_versions},
                                {"stories", s.stories},
                                {"multi_site_stories", s.multi_site_stories},
                                {"urls", urls},
                                {"fetches", fetches},
                                {"sources", s.sources},
                                {"hosts", s.hosts}};
    j["pages"] = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : s.pages_by_kind) j["pages"][kind] = n;
    j["pages_by_host"] = nlohmann::ordered_json::object();
    for (const HostPageCount& c : s.pages_by_host) j["pages_by_host"][c.host][c.page_kind] = c.pages;
    j["bytes_by_part"] = nlohmann::ordered_json::object();
    for (const auto& [part, bytes] : *parts) j["bytes_by_part"][part] = bytes;
    std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return;
  }
  std::cout << "Database  " << path << " (" << Human(s.database_bytes) << ", schema version "
            << s.schema_version << ")\n";
  std::cout << "Articles  " << s.articles << " (" << s.article_versions << " earlier versions kept)\n";
  std::cout << "Stories   " << s.stories << " (" << s.multi_site_stories << " on more than one site)\n";
  std::cout << "URLs      " << Counts(s.urls_by_state) << "\n";
  std::cout << "Fetches   " << Counts(s.fetches_by_status) << "\n";
  std::cout << "Pages     " << Counts(s.pages_by_kind) << "\n";
  // Per site, so that a site whose articles stop being recognised shows.
  constexpr size_t kHostsShown = 20;
  std::vector<std::pair<std::string, std::string>> per_host = PagesPerHost(s.pages_by_host);
  for (size_t i = 0; i < per_host.size() && i < kHostsShown; ++i) {
    std::cout << "          " << per_host[i].first << ": " << per_host[i].second << "\n";
  }
  if (per_host.size() > kHostsShown) {
    std::cout << "          ... and " << per_host.size() - kHostsShown << " more hosts (--json lists all)\n";
  }
  std::cout << "Sources   " << s.sources << " · hosts " << s.hosts << "\n";
  if (!parts->empty()) {
    std::string line;
    for (const auto& [part, bytes] : *parts) {
      if (bytes == 0) continue;
      if (!line.empty()) line += " · ";
      line += part + " " + Human(bytes);
    }
    std::cout << "Size      " << line << "\n";
  }
}

}  // namespace

void AddExportCommand(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "All stored articles, one per line (JSON lines or CSV)");
  AddDatabaseOptions(cmd, &args->database, /*with_json=*/false);
  cmd->add_option("--format", args->format, "jsonl or csv")
      ->capture_default_str()
      ->check(CLI::IsMember({"jsonl", "csv"}));
  AddSinceOption(cmd, &args->since_ms, "articles dated (published, else fetched)");
  cmd->footer(
      "Fields: url, canonical_url, title, author, published, language, body (paragraphs joined by \\n), "
      "story (the story id: wire copies share it), fetched (ISO 8601 UTC), then id, site, updated, "
      "version. CSV follows RFC 4180 (header row, CRLF, quoted fields).");
  cmd->callback([args] { RunExport(*args); });
}

void AddStatsCommand(CLI::App& app) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "stats", "Counts of URLs, fetches, articles and stories, and the database size by part");
  AddDatabaseOptions(cmd, &args->database);
  cmd->footer(
      "Pages: fetched pages by what they were (article, hub, page, sitemap, feed, unreadable), in all "
      "and per host, hosts with the most articles first.");
  cmd->callback([args] { RunStats(*args); });
}

}  // namespace wirecrawl::cli
