// parser/content.h: boilerplate removal and main-content selection.
//
// Internal to parser/. Works on an immutable gumbo tree: every element gets a
// slot in a flat array (document order), boilerplate is marked there, text
// statistics are summed bottom-up, and the main content is chosen by a
// readability-style score (text length, commas, link density, class hints).
// No rule is keyed to a particular host.
#pragma once

#include <gumbo.h>

#include <string>
#include <vector>

namespace wirecrawl::content {

struct Options {
  int max_depth = 400;  // deeper elements are folded into their ancestor at this depth
};

// The main text of the page as paragraphs (UTF-8, whitespace collapsed).
std::vector<std::string> MainParagraphs(const GumboNode* root, const Options& options);

// True if `paragraph` is page furniture in any supported language
// ("Read also", "اقرأ أيضا", "Laisser un commentaire", ...).
bool IsBoilerplatePhrase(const std::string& paragraph);

}  // namespace wirecrawl::content
