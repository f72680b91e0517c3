#include "crawler/cli/commands.h"

namespace wirecrawl::cli {
void AddRobotsCommand(CLI::App&) {}
}  // namespace wirecrawl::cli
