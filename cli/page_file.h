// crawler/cli/page_file.h: reading saved pages for `extract` and `ingest`.
#pragma once

#include <string>

#include "base/status.h"

namespace wirecrawl::cli {

// Reads a page from `path` ("-" is standard input). Gzip input (".gz" or any
// gzip-magic file) is inflated transparently. At most `max_bytes` of decoded
// data are accepted, so a compression bomb is refused, not inflated.
Result<std::string> ReadPageFile(const std::string& path, size_t max_bytes);

}  // namespace wirecrawl::cli
