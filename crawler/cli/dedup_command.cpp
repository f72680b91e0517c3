#include "crawler/cli/commands.h"

namespace wirecrawl::cli {
void AddDedupCommand(CLI::App&) {}
}  // namespace wirecrawl::cli
