// The database subcommands: ingest, search, stories, show, export, stats.
// Each lives in its own file (ingest_command.cpp, query_commands.cpp,
// export_command.cpp); what they share is in store_cli.h.
#include "cli/commands.h"
#include "cli/store_cli.h"

namespace wirecrawl::cli {

void AddStoreCommands(CLI::App& app) {
  AddIngestCommand(app);
  AddSearchCommand(app);
  AddStoriesCommand(app);
  AddShowCommand(app);
  AddExportCommand(app);
  AddStatsCommand(app);
}

}  // namespace wirecrawl::cli
