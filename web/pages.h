// web/pages.h: the web page's pages, as HTML and as JSON, rendered from an
// ArchiveReader. No sockets here (web/server.h serves them), so tests and
// bench/web_bench.cpp call Pages::Get directly.
//
//   /                      stories, newest first (filters: from, to, lang, min_sites; page)
//   /story/ID              a story's copies in time order, what each changed, shared passages
//   /article/ID            an article, its earlier versions, why it is an article
//   /page?url=U            a URL of the frontier: its kind and the evidence
//   /search?q=Q            full text (lang, since, limit)
//   /sources               each crawled host's health (page)
//   /api/...               the same as JSON (/api/stories, /api/story/ID, ...)
//   /style.css, /favicon.svg   the assets, built in
//
// Every response carries the security headers of SecurityHeaders(); crawled
// text is written through web/html.h.
//
// Thread safety: a Pages is used by one thread at a time (its reader is).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/archive_reader.h"

namespace wirecrawl::web {

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
};

// Query parameters, decoded (what httplib::Request::params holds).
using Params = std::multimap<std::string, std::string>;

// Headers every response carries: a Content-Security-Policy that allows
// nothing but this origin's own resources (no script at all: the pages have
// none, so an injected one would not run either), nosniff, no framing, no
// referrer leaking the database's URLs to the crawled sites.
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();

class Pages {
 public:
  // REQUIRES: reader outlives this. now_ms gives "now" (the sources page's
  // days, "in 5 min"); the server passes the clock.
  Pages(ArchiveReader& reader, std::function<int64_t()> now_ms);
  ~Pages();
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  // The response for a GET of `path` (no query string) with `params`.
  Response Get(std::string_view path, const Params& params);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecrawl::web
