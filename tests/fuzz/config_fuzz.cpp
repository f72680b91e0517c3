// Fuzz target: the TOML config loader and its value syntax (durations,
// sizes, URLs, regexes) through LoadConfigFromString (config/options.h).
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/options.h"

// Warnings about each hostile input (bad charset labels, unknown keys) are
// what the code should do; printing them would cost most of each run.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)wirecrawl::LoadConfigFromString(text, "fuzz.toml");
  return 0;
}
