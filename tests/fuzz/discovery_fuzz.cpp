// Fuzz target: sitemap, sitemap index, RSS, Atom and JSON Feed parsing, gzip
// inflation (crawler/discovery/documents.h) and the date formats they carry
// (base/time.h). Feed autodiscovery is a rule of the HTML parser, fuzzed by
// extract_fuzz.
//
// Input: BASE-URL "\n--\n" DOCUMENT (fuzz_input.h). The limits are small so
// that gzip and URL-count bombs stay cheap and the limit paths are reached.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/time.h"
#include "crawler/discovery/documents.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

bool IsHttpUrl(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto fields = wirecrawl::fuzz::SplitFields(data, size, 2);
  wirecrawl::DiscoveryLimits limits;
  limits.max_inflated_bytes = 1u << 20;
  limits.max_urls = 64;
  auto document = wirecrawl::ParseDiscoveryDocument(fields[1], fields[0], limits);
  if (document.ok()) {
    if (document->urls.size() > limits.max_urls) {
      std::abort();
    }
    for (const auto& found : document->urls) {
      if (!IsHttpUrl(found.url)) {
        std::abort();
      }
    }
  }
  (void)wirecrawl::ParseFeedDate(fields[1].substr(0, 64));
  (void)wirecrawl::ParseIsoTime(fields[1].substr(0, 64));
  (void)wirecrawl::ParseHttpDate(fields[1].substr(0, 64));
  return 0;
}
