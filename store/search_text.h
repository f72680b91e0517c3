// store/search_text.h: from what a user types to an FTS5 query over the
// normalised index (and the same query as a structure, for a backend
// without FTS5), and from a stored body back to a snippet of the original
// text around the matches. Internal to store/.
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

// Normalised words that follow each other in one column (the title or the
// body), the last one a prefix when `prefix`: what one FTS5 phrase matches.
struct QueryTerm {
  std::vector<std::string> words;
  bool prefix = false;
};

struct FtsQuery {
  std::string match;             // the FTS5 MATCH expression
  std::vector<QueryWord> words;  // the words to highlight (not the excluded ones)
  // The same expression as a structure: a document matches when each group
  // has a term that matches it and no excluded term does.
  std::vector<std::vector<QueryTerm>> groups;
  std::vector<QueryTerm> excluded;
};

// Syntax: words and "quoted phrases" are all required; `a OR b` means
// either; -word or -"phrase" excludes; word* matches a prefix.
// kInvalidArgument when nothing searchable is left (only punctuation,
// only exclusions).
Result<FtsQuery> ParseUserQuery(std::string_view text, TextNormalizer& normalizer);

// Whether a document matches `query` exactly as FTS5 matches the index
// (store/sqlite/schema.cpp: tokenize 'ascii' over NormalizeText output, so
// a word is what lies between spaces): the PostgreSQL backend checks its
// candidates with it, because Snowball stems make its index match more
// than the words typed. `normalized_title` and `normalized_body` are
// NormalizeText output.
bool MatchesDocument(const FtsQuery& query, std::string_view normalized_title,
                     std::string_view normalized_body);

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
