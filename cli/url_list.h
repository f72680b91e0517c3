// cli/url_list.h: a list of start URLs from a file or standard input, for
// `crawl --urls-from FILE` and `crawl -`: one URL per line; blank lines and
// lines starting with "#" (after leading blanks) are skipped; every other
// line must be an http(s) URL, and the first one that is not is an error
// naming the file and the line.
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace wirecrawl::cli {

// `name` stands for the source in errors ("urls.txt", "standard input").
Result<std::vector<std::string>> ReadUrlList(std::istream& in, std::string_view name);

// The file at `path` ("-": standard input); an unreadable file is an error
// with the OS's reason.
Result<std::vector<std::string>> ReadUrlListFile(const std::string& path);

}  // namespace wirecrawl::cli
