// extract_with_tuning: the extractor with other content-selection
// thresholds (parser/extract.h ContentTuning), for bench/kfold_extraction.py.
//
//   extract_with_tuning [--set NAME=VALUE]... [--ignore WORD]... --out DIR PAGE...
//   extract_with_tuning --list-furniture
//
// Writes DIR/<id>.json = {"articleBody": body} per page (<id>: the file
// name without .html/.gz), the form ../shared/bench/extraction/score.py
// reads. Pages may be gzip-compressed. NAME: sibling_share,
// sibling_p_chars, sibling_p_link_density, block_link_density,
// link_line_links, class_hint_weight, phrase_filter (0/1). --ignore WORD
// switches off one entry of the furniture class/id lists (--list-furniture
// prints them).
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parser/extract.h"

namespace {

std::string ReadPage(const std::string& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files too
  if (!f) return out;
  char buf[65536];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

bool Set(wirecrawl::ContentTuning& t, const std::string& name, const std::string& value) {
  double v = std::strtod(value.c_str(), nullptr);
  if (name == "sibling_share")
    t.sibling_share = static_cast<float>(v);
  else if (name == "sibling_p_chars")
    t.sibling_p_chars = static_cast<int>(v);
  else if (name == "sibling_p_link_density")
    t.sibling_p_link_density = static_cast<float>(v);
  else if (name == "block_link_density")
    t.block_link_density = static_cast<float>(v);
  else if (name == "link_line_links")
    t.link_line_links = static_cast<int>(v);
  else if (name == "class_hint_weight")
    t.class_hint_weight = static_cast<int>(v);
  else if (name == "phrase_filter")
    t.phrase_filter = v != 0;
  else
    return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  wirecrawl::ExtractOptions options;
  std::filesystem::path out;
  std::vector<std::string> pages;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--set" && i + 1 < argc) {
      std::string kv = argv[++i];
      size_t eq = kv.find('=');
      if (eq == std::string::npos || !Set(options.tuning, kv.substr(0, eq), kv.substr(eq + 1))) {
        std::cerr << "extract_with_tuning: unknown setting " << kv << "\n";
        return 2;
      }
    } else if (arg == "--ignore" && i + 1 < argc) {
      options.tuning.ignored_furniture.emplace_back(argv[++i]);
    } else if (arg == "--list-furniture") {
      for (const std::string& w : wirecrawl::FurnitureClassWords()) std::cout << w << "\n";
      return 0;
    } else if (arg == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else {
      pages.push_back(arg);
    }
  }
  if (out.empty()) {
    std::cerr << "usage: extract_with_tuning [--set NAME=VALUE]... --out DIR PAGE...\n";
    return 2;
  }
  std::filesystem::create_directories(out);
  for (const std::string& page : pages) {
    std::string id = std::filesystem::path(page).filename().string();
    for (const char* ext : {".gz", ".html", ".htm"}) {
      if (id.size() > std::string(ext).size() && id.substr(id.size() - std::string(ext).size()) == ext) {
        id.resize(id.size() - std::string(ext).size());
      }
    }
    auto article = wirecrawl::ExtractArticle(ReadPage(page), "", "", options);
    nlohmann::json j = {{"articleBody", article.ok() ? article->Body() : std::string()}};
    std::ofstream(out / (id + ".json"))
        << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}
