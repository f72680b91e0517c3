// tests/fuzz/fuzz_input.h: splits one libFuzzer input into several fields.
//
// Targets that take more than one string (a robots.txt body, an agent and a
// URL) cut the input at a separator byte sequence that hand-written seeds can
// type ("\n--\n"), rather than with FuzzedDataProvider, so that a corpus file
// stays readable and a crasher can be replayed as plain text in a Catch2
// test. A missing field is empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wirecrawl::fuzz {

inline constexpr std::string_view kFieldSeparator = "\n--\n";

// The first `count - 1` separators cut; the last field keeps the rest.
inline std::vector<std::string_view> SplitFields(const uint8_t* data, size_t size, size_t count) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  fields.reserve(count);
  while (fields.size() + 1 < count) {
    size_t at = rest.find(kFieldSeparator);
    if (at == std::string_view::npos) {
      break;
    }
    fields.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kFieldSeparator.size());
  }
  fields.push_back(rest);
  fields.resize(count);
  return fields;
}

}  // namespace wirecrawl::fuzz
