// Shared helpers for parser tests: golden pages and seed texts from tests/data.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace wirecrawl::testing {

inline std::string ReadTestFile(const std::string& relative) {
  std::ifstream in(std::string(WIRECRAWL_TEST_DATA) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Whitespace runs (NBSP included) collapsed to one space and trimmed, as the
// extractor writes paragraphs.
inline std::string Trimmed(const std::string& in) {
  std::string s;
  bool space = false;
  for (size_t i = 0; i < in.size(); ++i) {
    bool is_space = std::isspace(static_cast<unsigned char>(in[i]));
    if (in.compare(i, 2, "\xC2\xA0") == 0) {
      is_space = true;
      ++i;
    }
    if (is_space) {
      space = !s.empty();
      continue;
    }
    if (space) s += ' ';
    space = false;
    s += in[i];
  }
  return s;
}

// Line `n` (1-based, as `cat -n` shows it) of seed file NNN_*.txt, trimmed.
inline std::vector<std::string> SeedLines(int seed) {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(WIRECRAWL_TEST_DATA) + "/seeds")) {
    std::string name = entry.path().filename().string();
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%03d_", seed);
    if (name.rfind(prefix, 0) != 0) continue;
    std::ifstream in(entry.path());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(Trimmed(line));
    return lines;
  }
  return {};
}

}  // namespace wirecrawl::testing
