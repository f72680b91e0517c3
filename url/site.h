// store/sites.h: which host and which site a URL belongs to. Internal to
// store/: the frontier groups URLs by host, stories count distinct sites.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace wirecrawl {

// The lower-case host of an absolute URL, with ":port" when not the
// scheme's default; empty when url is not absolute.
std::string HostOfUrl(std::string_view url);

// The site a URL belongs to, for counting the sites of a story: its
// registrable domain ("news.bbc.co.uk" -> "bbc.co.uk", Public Suffix List),
// else its host without "www.".
std::string SiteOfUrl(std::string_view url);

}  // namespace wirecrawl
