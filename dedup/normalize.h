// dedup/normalize.h: the one text normalisation used for dedup and search.
//
// ICU-based: NFKC, case folding, format characters (ZWNJ, RLM...) removed;
// Arabic: alef variants (أ إ آ ٱ) -> ا, ى -> ي, ة -> ه, tashkeel
// (U+064B..U+0652, U+0670) and tatweel (U+0640) removed; Arabic-Indic and
// Persian digits -> ASCII; punctuation -> space; runs of space collapsed.
//
// Thread safety: thread-compatible; each thread may use its own
// TextNormalizer, or call NormalizeText, which keeps one per thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wirecrawl {

// Normalised UTF-8 text: words separated by single spaces.
std::string NormalizeText(std::string_view utf8);

// Words of normalised text, found with ICU's word BreakIterator so that any
// script (including those without spaces) is tokenised.
std::vector<std::string> WordTokens(std::string_view normalized_utf8);

}  // namespace wirecrawl
