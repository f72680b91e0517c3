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

#include "parser/extract.h"

namespace wirecrawl::content {

struct Options {
  int max_depth = 400;  // deeper elements are folded into their ancestor at this depth
  ContentTuning tuning;
};

// The shape of the main content, line by line: evidence for telling a
// story from a listing (parser/page_kind.h). A listing's main block is a
// column of teasers: a headline that is a link, a few lines of text, the
// next headline. A story is a run of prose, perhaps with a few links inside
// its sentences.
struct MainContentStats {
  int link_lines = 0;         // lines that are (mostly) one or two links and nothing else
  int prose_words = 0;        // words of the other lines
  int longest_prose_run = 0;  // most words between two link lines
  // The first line is a link of five words or more: what was selected
  // starts like a teaser (a headline linking away), not like a story.
  bool opens_with_headline_link = false;
};

// The main text of the page as paragraphs (UTF-8, whitespace collapsed).
// stats, if given, receives the shape of what was selected.
std::vector<std::string> MainParagraphs(const GumboNode* root, const Options& options,
                                        MainContentStats* stats = nullptr);

// The entries of the furniture class/id word lists (for the benchmark's
// one-rule-at-a-time ablations, ContentTuning::ignored_furniture).
std::vector<std::string> FurnitureWords();

// True if `paragraph` is page furniture in any supported language
// ("Read also", "اقرأ أيضا", "Laisser un commentaire", ...).
bool IsBoilerplatePhrase(const std::string& paragraph);

}  // namespace wirecrawl::content
