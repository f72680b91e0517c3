#include "crawler/cli/commands.h"

namespace wirecrawl::cli {
void AddExtractCommand(CLI::App&) {}
}  // namespace wirecrawl::cli
