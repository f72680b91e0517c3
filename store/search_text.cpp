#include "store/search_text.h"

#include <algorithm>

#include "base/ascii.h"

namespace wirecrawl::search {
namespace {

// A query is text a person typed: terms are split at ASCII whitespace
// (ascii::IsWhitespace).

std::vector<std::string_view> SplitWords(std::string_view normalized) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < normalized.size()) {
    size_t end = normalized.find(' ', pos);
    if (end == std::string_view::npos) end = normalized.size();
    if (end > pos) words.push_back(normalized.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

// An FTS5 string: double quotes around, inner quotes doubled. Normalised
// text has no quotes (punctuation became space), but the quoting must not
// depend on that.
std::string Quote(std::string_view words) {
  std::string out = "\"";
  for (char c : words) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

struct Term {
  std::string text;  // as typed, without quotes, '-' or '*'
  bool excluded = false;
  bool prefix = false;
  bool or_before = false;  // an OR came between this term and the one before
};

// Splits user text into terms; OR / AND / NOT are operators only in capitals,
// as in web search engines, so a lower-case "or" is a word.
std::vector<Term> Lex(std::string_view text) {
  std::vector<Term> terms;
  bool pending_or = false;
  bool pending_not = false;
  size_t pos = 0;
  while (pos < text.size()) {
    if (ascii::IsWhitespace(text[pos])) {
      ++pos;
      continue;
    }
    Term term;
    if (text[pos] == '-' && pos + 1 < text.size() && !ascii::IsWhitespace(text[pos + 1])) {
      term.excluded = true;
      ++pos;
    }
    bool quoted = text[pos] == '"';
    if (quoted) {
      size_t close = text.find('"', pos + 1);
      if (close == std::string_view::npos) close = text.size();
      term.text = std::string(text.substr(pos + 1, close - pos - 1));
      pos = std::min(text.size(), close + 1);
      if (pos < text.size() && text[pos] == '*') {
        term.prefix = true;
        ++pos;
      }
    } else {
      size_t end = pos;
      while (end < text.size() && !ascii::IsWhitespace(text[end])) ++end;
      term.text = std::string(text.substr(pos, end - pos));
      pos = end;
      if (!term.excluded && term.text == "OR") {
        pending_or = true;
        continue;
      }
      if (!term.excluded && term.text == "AND") continue;
      if (!term.excluded && term.text == "NOT") {
        pending_not = true;
        continue;
      }
      while (!term.text.empty() && term.text.back() == '*') {
        term.text.pop_back();
        term.prefix = true;
      }
    }
    term.excluded = term.excluded || pending_not;
    term.or_before = pending_or && !term.excluded;
    pending_or = false;
    pending_not = false;
    terms.push_back(std::move(term));
  }
  return terms;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

bool Matches(std::string_view word, const std::vector<QueryWord>& words) {
  for (const QueryWord& q : words) {
    if (q.prefix ? word.substr(0, q.word.size()) == q.word : word == q.word) return true;
  }
  return false;
}

// How well a paragraph matches: distinct query words first, then hits.
size_t Score(const std::vector<std::string_view>& paragraph_words, const std::vector<QueryWord>& words) {
  size_t distinct = 0;
  size_t hits = 0;
  for (const QueryWord& q : words) {
    size_t n = 0;
    for (std::string_view w : paragraph_words) {
      if (q.prefix ? w.substr(0, q.word.size()) == q.word : w == q.word) ++n;
    }
    if (n > 0) ++distinct;
    hits += n;
  }
  return distinct * 1000 + std::min<size_t>(hits, 999);
}

struct Span {
  size_t begin;
  size_t end;
};

std::vector<Span> WhitespaceTokens(std::string_view text) {
  std::vector<Span> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && ascii::IsWhitespace(text[pos])) ++pos;
    size_t begin = pos;
    while (pos < text.size() && !ascii::IsWhitespace(text[pos])) ++pos;
    if (pos > begin) tokens.push_back({begin, pos});
  }
  return tokens;
}

}  // namespace

Result<FtsQuery> ParseUserQuery(std::string_view text, TextNormalizer& normalizer) {
  FtsQuery query;
  std::vector<std::vector<std::string>> groups;  // AND of ORs
  std::vector<std::string> excluded;
  std::string normalized;
  for (const Term& term : Lex(text)) {
    normalizer.Normalize(term.text, &normalized);
    std::vector<std::string_view> words = SplitWords(normalized);
    if (words.empty()) continue;
    std::string fts = Quote(normalized);
    if (term.prefix) fts += '*';
    QueryTerm structured{std::vector<std::string>(words.begin(), words.end()), term.prefix};
    if (term.excluded) {
      excluded.push_back(std::move(fts));
      query.excluded.push_back(std::move(structured));
      continue;
    }
    for (size_t i = 0; i < words.size(); ++i) {
      query.words.push_back({std::string(words[i]), term.prefix && i + 1 == words.size()});
    }
    if (term.or_before && !groups.empty()) {
      groups.back().push_back(std::move(fts));
      query.groups.back().push_back(std::move(structured));
    } else {
      groups.push_back({std::move(fts)});
      query.groups.push_back({std::move(structured)});
    }
  }
  if (groups.empty()) {
    return Status::InvalidArgument(excluded.empty()
                                       ? "the query has no searchable words"
                                       : "the query only excludes words; add a word to search for");
  }
  // Appends rather than "(" + ... + ")": GCC 12 at -O3 reports a false
  // -Wrestrict on that form (GCC bug 105651).
  auto parenthesized = [](std::string inner) {
    std::string out(1, '(');
    out.append(inner).push_back(')');
    return out;
  };
  std::vector<std::string> anded;
  for (const auto& alternatives : groups) {
    anded.push_back(alternatives.size() == 1 ? alternatives[0] : parenthesized(Join(alternatives, " OR ")));
  }
  query.match = Join(anded, " AND ");
  if (!excluded.empty()) {
    query.match = parenthesized(std::move(query.match));
    query.match.append(" NOT ").append(parenthesized(Join(excluded, " OR ")));
  }
  return query;
}

bool MatchesDocument(const FtsQuery& query, std::string_view normalized_title,
                     std::string_view normalized_body) {
  const std::vector<std::string_view> columns[] = {SplitWords(normalized_title), SplitWords(normalized_body)};
  auto matches = [&](const QueryTerm& term) {
    const size_t n = term.words.size();
    if (n == 0) return false;
    for (const std::vector<std::string_view>& words : columns) {
      for (size_t start = 0; start + n <= words.size(); ++start) {
        size_t i = 0;
        for (; i < n; ++i) {
          std::string_view w = words[start + i];
          bool prefix = term.prefix && i + 1 == n;
          if (prefix ? w.substr(0, term.words[i].size()) != term.words[i] : w != term.words[i]) break;
        }
        if (i == n) return true;
      }
    }
    return false;
  };
  for (const std::vector<QueryTerm>& group : query.groups) {
    if (std::none_of(group.begin(), group.end(), matches)) return false;
  }
  return std::none_of(query.excluded.begin(), query.excluded.end(), matches);
}

Snippet MakeSnippet(std::string_view body, const std::vector<QueryWord>& words, TextNormalizer& normalizer,
                    size_t max_words) {
  // Find the best paragraph by normalising whole paragraphs (one ICU pass
  // each); only that paragraph is then normalised word by word.
  std::string_view best;
  std::string_view first_nonempty;
  size_t best_score = 0;
  std::string normalized;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view paragraph = body.substr(pos, end - pos);
    pos = end + 1;
    if (WhitespaceTokens(paragraph).empty()) continue;
    if (first_nonempty.empty()) first_nonempty = paragraph;
    normalizer.Normalize(paragraph, &normalized);
    size_t score = Score(SplitWords(normalized), words);
    if (score > best_score) {
      best_score = score;
      best = paragraph;
    }
  }
  if (best.empty()) best = first_nonempty;

  std::vector<Span> tokens = WhitespaceTokens(best);
  std::vector<bool> hit(tokens.size(), false);
  if (best_score > 0) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      normalizer.Normalize(best.substr(tokens[i].begin, tokens[i].end - tokens[i].begin), &normalized);
      for (std::string_view w : SplitWords(normalized)) {
        if (Matches(w, words)) hit[i] = true;
      }
    }
  }

  // The window of max_words tokens with the most hits, started a few words
  // before its first hit so the match has some context.
  size_t start = 0;
  if (tokens.size() > max_words) {
    size_t count = 0;
    size_t best_count = 0;
    for (size_t i = 0; i < tokens.size(); ++i) {
      count += hit[i];
      if (i >= max_words) count -= hit[i - max_words];
      if (i + 1 >= max_words && count > best_count) {
        best_count = count;
        start = i + 1 - max_words;
      }
    }
    if (best_count > 0) {
      size_t first_hit = start;
      while (!hit[first_hit]) ++first_hit;
      start = first_hit > 4 ? std::min(first_hit - 4, tokens.size() - max_words) : 0;
    }
  }
  size_t stop = std::min(tokens.size(), start + max_words);

  Snippet snippet;
  if (tokens.empty()) return snippet;
  if (start > 0) snippet.text = "… ";
  size_t base = tokens[start].begin;
  size_t offset = snippet.text.size();
  snippet.text += best.substr(base, tokens[stop - 1].end - base);
  for (size_t i = start; i < stop; ++i) {
    if (hit[i])
      snippet.highlights.emplace_back(offset + tokens[i].begin - base, offset + tokens[i].end - base);
  }
  if (stop < tokens.size()) snippet.text += " …";
  return snippet;
}

}  // namespace wirecrawl::search
