#include "cli/url_list.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "base/ascii.h"
#include "url/url.h"

namespace wirecrawl::cli {

Result<std::vector<std::string>> ReadUrlList(std::istream& in, std::string_view name) {
  std::vector<std::string> urls;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view text = ascii::TrimBlanks(line);
    if (!text.empty() && text.back() == '\r') text = ascii::TrimBlanks(text.substr(0, text.size() - 1));
    if (text.empty() || text.front() == '#') continue;
    const std::string where = std::string(name) + ":" + std::to_string(number) + ": ";
    const std::string scheme = SchemeOfUrl(text);
    if (scheme != "http" && scheme != "https") {
      return Status::InvalidArgument(where + "expected an http:// or https:// URL, got \"" +
                                     std::string(text) + "\"");
    }
    Result<std::string> url = NormalizeUrl(text);
    if (!url.ok()) return Status::InvalidArgument(where + url.status().message());
    urls.emplace_back(text);
  }
  if (in.bad()) return Status::IoError(std::string(name) + ": read error: " + std::strerror(errno));
  return urls;
}

Result<std::vector<std::string>> ReadUrlListFile(const std::string& path) {
  if (path == "-") return ReadUrlList(std::cin, "standard input");
  std::ifstream file(path);
  if (!file) return Status::InvalidArgument("cannot read " + path + ": " + std::strerror(errno));
  return ReadUrlList(file, path);
}

}  // namespace wirecrawl::cli
