// parser/extract.h: turns the bytes of a fetched HTML page into an Article.
//
// The pipeline is: charset detection and conversion to UTF-8 (charset.h) ->
// gumbo parse -> metadata (JSON-LD, OpenGraph, <time>, canonical, lang) ->
// boilerplate removal and main-content selection -> Article.
//
// Thread safety: ExtractArticle is reentrant; call it from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "parser/article.h"

namespace wirecrawl {

// The thresholds of main-content selection (parser/content.cpp) that
// bench/kfold_extraction.py varies to check that they hold across folds of
// the extraction benchmark rather than fit its pages. The defaults are what
// wirecrawl ships; nothing else sets them.
struct ContentTuning {
  // A sibling of the chosen block joins the text when it scores this share
  // of the block's score.
  float sibling_share = 0.2f;
  // A <p> sibling of more characters than this, with a link density under
  // sibling_p_link_density, joins the text.
  int sibling_p_chars = 80;
  float sibling_p_link_density = 0.25f;
  // Inside the text, a list, table or <div> with more link text than this
  // share is navigation.
  float block_link_density = 0.5f;
  // A line with this many links, mostly link text, is navigation.
  int link_line_links = 3;
  // The weight of the readability class and id hints ("article", "comment").
  int class_hint_weight = 25;
  // Lines that are page furniture phrases ("Read also", "اقرأ أيضا") go.
  bool phrase_filter = true;
  // Entries of the furniture class/id word lists switched off, one rule at
  // a time, to see which rules hold across folds. Empty in use.
  std::vector<std::string> ignored_furniture;
};

// The entries of the furniture class/id word lists that
// ContentTuning::ignored_furniture can switch off.
std::vector<std::string> FurnitureClassWords();

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
  ContentTuning tuning;
};

// body: the raw bytes as served (any charset); content_type: the HTTP
// Content-Type header or empty; url: the page URL (relative links resolve
// against it). An empty or non-HTML body gives an error Status, never a crash.
Result<Article> ExtractArticle(std::string_view body, std::string_view content_type, std::string_view url,
                               const ExtractOptions& options = {});

}  // namespace wirecrawl
