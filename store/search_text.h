// store/search_text.h: from what a user types to an FTS5 query over the
// normalised index, and from a stored body back to a snippet of the
// original text around the matches. Internal to store/.
//
// The index holds NormalizeText output, so every query word goes through the
// same normalisation: "غزّة", "غزة" and "غزه" are one word. User syntax is
// never passed to FTS5 as is (a stray quote or a lone NOT would be an FTS5
// syntax error), it is parsed here and re-quoted.
//
// Thread safety: functions; the TextNormalizer passed in is the caller's.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "dedup/normalize.h"

namespace wirecrawl::search {

struct QueryWord {
  std::string word;  // normalised
  bool prefix = false;
};

struct FtsQuery {
  std::string match;             // the FTS5 MATCH expression
  std::vector<QueryWord> words;  // the words to highlight (not the excluded ones)
};

// Syntax: words and "quoted phrases" are all required; `a OR b` means
// either; -word or -"phrase" excludes; word* matches a prefix.
// kInvalidArgument when nothing searchable is left (only punctuation,
// only exclusions).
Result<FtsQuery> ParseUserQuery(std::string_view text, TextNormalizer& normalizer);

struct Snippet {
  std::string text;
  std::vector<std::pair<size_t, size_t>> highlights;  // byte ranges in text
};

// The passage of `body` (paragraphs joined by '\n') with the most distinct
// query words, cut to about max_words words; the first words of the body
// when nothing matches (e.g. the title matched).
Snippet MakeSnippet(std::string_view body, const std::vector<QueryWord>& words, TextNormalizer& normalizer,
                    size_t max_words = 32);

}  // namespace wirecrawl::search
