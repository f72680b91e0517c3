// `wirecrawl optimize [--db F | --config F]`: a full round of upkeep
// (store/upkeep.h): band keys of articles older than [dedup] window leave
// the story index, the fetch log older than [maintenance] fetch_log goes,
// the search index is merged into one segment, and free pages go back to
// the file system. Prints the database's size by part before and after.
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "cli/commands.h"
#include "cli/store_cli.h"
#include "store/upkeep.h"

namespace wirecrawl::cli {
namespace {

constexpr std::string_view kCommand = "optimize";

int64_t Total(const std::vector<std::pair<std::string, int64_t>>& parts) {
  int64_t total = 0;
  for (const auto& [part, bytes] : parts) total += bytes;
  return total;
}

void RunOptimize(const DatabaseArgs& args) {
  std::optional<CrawlerOptions> config = LoadOptions(args, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args, *config, /*create=*/false, kCommand);
  if (!store) return;
  Result<std::vector<std::pair<std::string, int64_t>>> before = store->BytesByPart();
  if (!before.ok()) return Fail(kCommand, before.status().message(), kExitIo);
  UpkeepPolicy policy{.dedup_window_ms = config->dedup.window.count(),
                      .fetch_log_ms = config->maintenance.fetch_log.count(),
                      .full = true};
  Result<UpkeepReport> report = Upkeep(*store, policy, NowMs());
  if (!report.ok()) return Fail(kCommand, report.status().message(), kExitIo);
  Result<std::vector<std::pair<std::string, int64_t>>> after = store->BytesByPart();
  if (!after.ok()) return Fail(kCommand, after.status().message(), kExitIo);
  if (args.json) {
    nlohmann::ordered_json j;
    j["articles_out_of_window"] = report->articles_out_of_window;
    j["fetches_pruned"] = report->fetches_pruned;
    j["bytes_reclaimed"] = report->bytes_reclaimed;
    j["bytes_before"] = Total(*before);
    j["bytes_after"] = Total(*after);
    std::cout << j.dump() << "\n";
    return;
  }
  std::cout << report->articles_out_of_window
            << " articles left the story index (older than the dedup window), " << report->fetches_pruned
            << " fetch-log rows pruned, " << report->bytes_reclaimed
            << " bytes given back to the file system\n";
  for (size_t i = 0; i < after->size(); ++i) {
    const auto& [part, bytes] = (*after)[i];
    int64_t was = i < before->size() ? (*before)[i].second : 0;
    if (bytes == 0 && was == 0) continue;
    std::cout << "  " << part << ": " << was << " -> " << bytes << " bytes\n";
  }
}

}  // namespace

void AddOptimizeCommand(CLI::App& app) {
  auto args = std::make_shared<DatabaseArgs>();
  CLI::App* cmd = app.add_subcommand(
      "optimize",
      "Upkeep of a growing database: the story index beyond the dedup window, the fetch log beyond its "
      "retention, search-index merging, free pages back to the file system");
  AddDatabaseOptions(cmd, args.get());
  cmd->footer(
      "A running daemon does the same in small steps ([maintenance] every); this does all of it at once, "
      "holding the database's write lock while it runs (a crawler waits). Exit status 3 if the database "
      "failed.");
  cmd->callback([args] { RunOptimize(*args); });
}

}  // namespace wirecrawl::cli
