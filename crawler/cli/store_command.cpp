#include "crawler/cli/commands.h"

namespace wirecrawl::cli {
void AddStoreCommands(CLI::App&) {}
}  // namespace wirecrawl::cli
