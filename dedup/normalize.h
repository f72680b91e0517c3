// dedup/normalize.h: the one text normalisation used for dedup and search.
//
// ICU-based: NFKC, case folding, format characters (ZWNJ, RLM...) removed;
// Arabic: alef variants (أ إ آ ٱ) -> ا, ى -> ي, ة -> ه, tashkeel
// (U+064B..U+0652, U+0670, and the other Arabic combining marks) and tatweel
// (U+0640) removed; Persian ی -> ي and ک -> ك (the same letters typed on a
// Persian keyboard); every decimal digit (Arabic-Indic, Persian, ...) -> ASCII;
// punctuation -> space; the text is then split into words with ICU's word
// BreakIterator (UAX #29, dictionaries for Thai, Chinese, Japanese...), symbols
// and other non-word segments are dropped, and the words are joined by single
// spaces. So NormalizeText's output is exactly its words separated by ' ',
// which is what SQLite FTS (unicode61) and the shingler both want.
//
// Thread safety: thread-compatible; each thread may use its own
// TextNormalizer, or call NormalizeText/WordTokens, which keep one per thread.
// Invalid UTF-8 is not an error: each bad byte becomes U+FFFD (then dropped as
// a non-word), so nothing upstream has to validate first.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wirecrawl {

// Normalised UTF-8 text: words separated by single spaces.
std::string NormalizeText(std::string_view utf8);

// Words of normalised text, found with ICU's word BreakIterator so that any
// script (including those without spaces) is tokenised. Given text that is not
// normalised it still returns the UAX #29 words (punctuation and symbols are
// not words), but unnormalised.
std::vector<std::string> WordTokens(std::string_view normalized_utf8);

// The reusable form: owns the ICU break iterator and scratch buffers, so a
// loop over many documents allocates nothing per document once warm.
// Move-only; not safe for concurrent use of one instance.
class TextNormalizer {
 public:
  TextNormalizer();
  ~TextNormalizer();
  TextNormalizer(TextNormalizer&&) noexcept;
  TextNormalizer& operator=(TextNormalizer&&) noexcept;
  TextNormalizer(const TextNormalizer&) = delete;
  TextNormalizer& operator=(const TextNormalizer&) = delete;

  // Replaces *out with the normalised text of utf8 (see the top comment).
  void Normalize(std::string_view utf8, std::string* out);

  // Replaces *words with the words of text (views into text, so text must
  // outlive them), in order. Same words as WordTokens.
  void Tokenize(std::string_view text, std::vector<std::string_view>* words);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecrawl
