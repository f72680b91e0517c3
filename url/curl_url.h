// url/curl_url.h: libcurl's URL handle for the rest of url/. Internal to
// url/: no other module calls curl_url*, so that one parser decides what a
// URL, a host and a link mean everywhere (check: grep for curl_url outside
// url/ and tests/ finds nothing).
//
// This is the one RAII owner of CURLU and the one place where a CURLUcode
// becomes a Status.
//
// Thread safety: each handle belongs to the caller that made it.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace wirecrawl::url_internal {

struct CurlUrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlCleanup>;

// `text` parsed with curl_url_set(CURLUPART_URL, flags). A NUL byte is an
// error (curl would stop reading there).
Result<CurlUrl> ParseCurlUrl(std::string_view text, unsigned int flags);

// Sets the whole URL of `u` again, which resolves `text` against what `u`
// holds when it is relative. `what` starts the error message ("cannot
// resolve link").
Status SetCurlUrl(CURLU* u, std::string_view text, unsigned int flags, std::string_view what);

// One part of a URL; nullopt when curl has none (no port, no query, ...).
std::optional<std::string> GetPart(CURLU* u, CURLUPart part, unsigned int flags = 0);

// `s` in quotes for a message, cut after 200 bytes: an error line should
// stay a line.
std::string QuoteUrl(std::string_view s);

// "<what> "<url>": <curl's explanation>".
Status CurlUrlError(CURLUcode code, std::string_view what, std::string_view url);

}  // namespace wirecrawl::url_internal
