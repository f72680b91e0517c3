// Fuzz target: URL normalisation and resolution, hosts and sites (url/url.h).
//
// Input: URL "\n--\n" LINK (fuzz_input.h); URL is normalised and used as the
// base LINK is resolved against. Besides crashes, it checks the properties the
// frontier relies on to never fetch a page twice:
// - NormalizeUrl is idempotent: NormalizeUrl(NormalizeUrl(x)) == NormalizeUrl(x);
// - ResolveUrl returns a normal form (NormalizeUrl leaves it unchanged);
// - the host and robots.txt URL of a normal URL can be taken.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_input.h"
#include "url/url.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input, const std::string& once,
                       const std::string& twice) {
  std::fprintf(stderr, "%s\n  input: [%.*s]\n  once:  [%s]\n  twice: [%s]\n", what,
               static_cast<int>(input.size()), input.data(), once.c_str(), twice.c_str());
  std::abort();
}

void CheckNormalForm(const char* what, std::string_view input, const std::string& normal) {
  auto again = wirecrawl::NormalizeUrl(normal);
  if (!again.ok()) {
    Fail(what, input, normal, "error: " + again.status().message());
  }
  if (*again != normal) {
    Fail(what, input, normal, *again);
  }
  auto host = wirecrawl::UrlHost(normal);
  if (!host.ok()) {
    Fail("UrlHost of a normal URL failed", input, normal, host.status().message());
  }
  if (wirecrawl::HostOfUrl(normal).empty()) {
    Fail("HostOfUrl of a normal URL is empty", input, normal, "");
  }
  (void)wirecrawl::SiteOfUrl(normal);
  (void)wirecrawl::RegisteredDomain(*host);
  (void)wirecrawl::HostIsWithin(*host, wirecrawl::RegisteredDomain(*host));
  auto robots = wirecrawl::RobotsTxtUrl(normal);
  if (!robots.ok()) {
    Fail("RobotsTxtUrl of a normal URL failed", input, normal, robots.status().message());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto fields = wirecrawl::fuzz::SplitFields(data, size, 2);
  auto normal = wirecrawl::NormalizeUrl(fields[0]);
  if (normal.ok()) {
    CheckNormalForm("NormalizeUrl is not idempotent", fields[0], *normal);
  }
  auto resolved = wirecrawl::ResolveUrl(fields[0], fields[1]);
  if (resolved.ok()) {
    CheckNormalForm("ResolveUrl gave a URL that is not in normal form", fields[1], *resolved);
  }
  // Hosts as they come, not only normalised ones: RegisteredDomain must not
  // crash on any string.
  (void)wirecrawl::RegisteredDomain(fields[1]);
  (void)wirecrawl::UrlHost(fields[1]);
  (void)wirecrawl::RobotsTxtUrl(fields[1]);
  (void)wirecrawl::IsTrackingParameter(fields[1]);
  (void)wirecrawl::HostOfUrl(fields[1]);
  (void)wirecrawl::SchemeOfUrl(fields[1]);
  (void)wirecrawl::SiteOfUrl(fields[1]);
  return 0;
}
