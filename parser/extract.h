// parser/extract.h: turns the bytes of a fetched HTML page into an Article.
//
// The pipeline is: charset detection and conversion to UTF-8 (charset.h) ->
// gumbo parse -> metadata (JSON-LD, OpenGraph, <time>, canonical, lang) ->
// boilerplate removal and main-content selection -> Article.
//
// Thread safety: ExtractArticle is reentrant; call it from any thread.
#pragma once

#include <string_view>

#include "base/status.h"
#include "parser/article.h"

namespace wirecrawl {

struct ExtractOptions {
  // Pages larger than this are refused rather than parsed: gumbo's tree for
  // a 50 MB page costs about 1 GB of memory.
  size_t max_page_bytes = 32u << 20;
  // Deeper nesting is flattened during extraction, so hostile pages cannot
  // blow the stack of a recursive walk.
  int max_depth = 400;
  // gumbo's tree construction is quadratic in the depth of open elements
  // (100,000 nested <div>s take ~35 s), so a page that opens more than this
  // many elements without closing them is refused before parsing. Real
  // pages stay far below, even with unclosed <p> and <li>.
  int max_open_elements = 20'000;
};

// body: the raw bytes as served (any charset); content_type: the HTTP
// Content-Type header or empty; url: the page URL (relative links resolve
// against it). An empty or non-HTML body gives an error Status, never a crash.
Result<Article> ExtractArticle(std::string_view body, std::string_view content_type, std::string_view url,
                               const ExtractOptions& options = {});

}  // namespace wirecrawl
