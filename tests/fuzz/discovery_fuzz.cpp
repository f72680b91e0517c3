// Fuzz target: sitemap, sitemap index, RSS, Atom and JSON Feed parsing, gzip
// inflation and feed autodiscovery (crawler/discovery.h).
//
// Input: BASE-URL "\n--\n" DOCUMENT (fuzz_input.h). The limits are small so
// that gzip and URL-count bombs stay cheap and the limit paths are reached.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

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
  (void)wirecrawl::ParseW3cDateTime(fields[1].substr(0, 64));

  // Feed autodiscovery: each line of the document is "rel type href".
  std::vector<wirecrawl::HtmlLink> links;
  std::string_view rest = fields[1].substr(0, 4096);
  while (!rest.empty() && links.size() < 32) {
    size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    wirecrawl::HtmlLink link;
    size_t a = line.find(' ');
    size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    link.rel = line.substr(0, a);
    if (a != std::string_view::npos) {
      link.type = line.substr(a + 1, b == std::string_view::npos ? b : b - a - 1);
    }
    if (b != std::string_view::npos) {
      link.href = line.substr(b + 1);
    }
    links.push_back(std::move(link));
  }
  for (const auto& feed : wirecrawl::FeedUrlsFromLinks(links, fields[0])) {
    if (!IsHttpUrl(feed)) {
      std::abort();
    }
  }
  return 0;
}
