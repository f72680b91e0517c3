// dedup/normalize.cpp: ICU normalisation and word segmentation.
//
// Why not an ICU Transliterator with our own rules: it tries its rules at every
// position of the text, while the text -> signature budget (30,000 docs/s of
// 400 words) leaves ~30 us per document for everything. Instead: one
// Normalizer2 call on the UTF-8 (NFKC_Casefold, which also drops
// default-ignorable format characters such as ZWNJ and RLM), then one pass over
// the code points driven by a 64K-entry table built once from ICU properties,
// then word segmentation where the table proves UAX #29 cannot break inside a
// run (letters, digits, combining marks) and ICU's BreakIterator everywhere
// else (Chinese, Japanese, Thai, symbols, emoji...). Pure-ASCII text, common in
// English and in URLs, skips ICU entirely: for ASCII all three steps reduce to
// "lowercase letters and digits; anything else separates words".
#include "dedup/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace wirecrawl {
namespace {

// What the per-code-point pass does with a code point (low 3 bits of Traits).
enum Action : uint8_t {
  kKeep = 0,
  kSpace = 1,  // punctuation, separators, controls: end the current word
  kDrop = 2,   // Arabic diacritics, tatweel, leftover format characters
  kMap = 3,    // a letter variant folded to its base letter (MappedLetter)
  kDigit = 4,  // any decimal digit: becomes ASCII '0'..'9'
};
// UAX #29 never breaks between two code points of these Word_Break classes
// (rules WB4, WB5, WB8..WB10), so a space-free run that starts with a
// kWordStart and continues with kWordContinue is one word without asking ICU.
constexpr uint8_t kActionMask = 0x7;
constexpr uint8_t kWordStart = 0x8;
constexpr uint8_t kWordContinue = 0x10;

bool IsArabicBlock(UChar32 c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) || (c >= 0x0870 && c <= 0x08FF) ||
         (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

// The Arabic letter variants that writers use interchangeably (hamza on or
// under alef, alef maqsura for final yaa, taa marbuta for haa), and the
// Persian-keyboard forms of yaa and kaf that turn up in Arabic copy.
UChar32 MappedLetter(UChar32 c) {
  switch (c) {
    case 0x0622:      // آ alef with madda
    case 0x0623:      // أ alef with hamza above
    case 0x0625:      // إ alef with hamza below
    case 0x0671:      // ٱ alef wasla
    case 0x0672:      // ٲ alef with wavy hamza above
    case 0x0673:      // ٳ alef with wavy hamza below
      return 0x0627;  // ا
    case 0x0649:      // ى alef maqsura
    case 0x06CC:      // ی Farsi yeh
      return 0x064A;  // ي
    case 0x0629:      // ة taa marbuta
      return 0x0647;  // ه
    case 0x06A9:      // ک keheh
      return 0x0643;  // ك
    default:
      break;
  }
  // Latin letters with diacritics fold to their base letter (Genève ->
  // geneve), as FTS5's unicode61 does, so search and dedup agree on French,
  // Spanish or Turkish copy typed with or without accents.
  if ((c >= 0x00C0 && c <= 0x024F) || (c >= 0x1E00 && c <= 0x1EFF)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString decomposition;
    if (U_SUCCESS(status) && nfd->getDecomposition(c, decomposition) && decomposition.length() > 0) {
      UChar32 base = decomposition.char32At(0);
      if (base < 0x80) return base;
    }
  }
  return -1;
}

bool IsIcuSpecialScript(UChar32 c) {
  // ICU segments these with dictionaries (word.txt: $dictionary), and breaks
  // Hangul away from other letters, whatever their Word_Break value says, so
  // they always go through the BreakIterator.
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL || u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT;
}

uint8_t ComputeTraits(UChar32 c) {
  uint8_t action = kKeep;
  int8_t type = u_charType(c);
  if (c == 0x0640 || (type == U_NON_SPACING_MARK && IsArabicBlock(c))) {
    action = kDrop;  // tatweel; tashkeel U+064B..U+0652, U+0670 and other Arabic marks
  } else if (MappedLetter(c) >= 0) {
    action = kMap;
  } else if (type == U_DECIMAL_DIGIT_NUMBER) {
    action = kDigit;
  } else if (type == U_FORMAT_CHAR) {
    action = kDrop;
  } else if (type == U_CONNECTOR_PUNCTUATION || type == U_DASH_PUNCTUATION || type == U_START_PUNCTUATION ||
             type == U_END_PUNCTUATION || type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
             type == U_OTHER_PUNCTUATION || type == U_SPACE_SEPARATOR || type == U_LINE_SEPARATOR ||
             type == U_PARAGRAPH_SEPARATOR || type == U_CONTROL_CHAR || type == U_SURROGATE ||
             type == U_UNASSIGNED) {
    action = kSpace;
  }
  uint8_t word = 0;
  if (!IsIcuSpecialScript(c)) {
    switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
      case U_WB_ALETTER:
      case U_WB_HEBREW_LETTER:
      case U_WB_NUMERIC:
        word = kWordStart | kWordContinue;
        break;
      case U_WB_EXTEND:
      case U_WB_FORMAT:
      case U_WB_ZWJ:
        word = kWordContinue;
        break;
      default:
        break;
    }
  }
  return static_cast<uint8_t>(action | word);
}

struct TraitsTable {
  std::array<uint8_t, 0x10000> bmp;
  TraitsTable() {
    for (UChar32 c = 0; c < 0x10000; ++c) bmp[static_cast<size_t>(c)] = ComputeTraits(c);
  }
};

const TraitsTable& Table() {
  static const TraitsTable table;  // ~65K ICU property lookups, once per process
  return table;
}

inline uint8_t Traits(const TraitsTable& table, UChar32 c) {
  const auto u = static_cast<uint32_t>(c);
  return u < 0x10000 ? table.bmp[u] : ComputeTraits(c);
}

bool IsAsciiWordByte(unsigned char b) {
  return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

bool IsAscii(std::string_view s) {
  unsigned char any = 0;
  for (char ch : s) any |= static_cast<unsigned char>(ch);
  return any < 0x80;
}

struct BreakIteratorCloser {
  void operator()(UBreakIterator* bi) const { ubrk_close(bi); }
};
using BreakIteratorPtr = std::unique_ptr<UBreakIterator, BreakIteratorCloser>;

void CheckIcu(UErrorCode status, const char* what) {
  // Only fails if ICU's data is missing or memory ran out: a broken install,
  // not bad input, hence an exception rather than a Status.
  if (U_FAILURE(status)) throw std::runtime_error(std::string(what) + ": " + u_errorName(status));
}

// Appends code point c (valid, not a surrogate) to out as UTF-8.
inline void AppendUtf8(std::string* out, UChar32 c) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
    return;
  }
  char buf[4];
  int32_t len = 0;
  U8_APPEND_UNSAFE(buf, len, c);
  out->append(buf, static_cast<size_t>(len));
}

}  // namespace

struct TextNormalizer::Impl {
  const icu::Normalizer2* nfkc_cf = nullptr;
  BreakIteratorPtr words;
  const TraitsTable* table = nullptr;
  std::string folded;  // UTF-8 after NFKC_Casefold
  std::string run;     // a run that needs the BreakIterator
  std::vector<std::string_view> run_words;
  std::u16string chunk;                // that run in UTF-16, for ICU
  std::vector<int32_t> chunk_offsets;  // UTF-16 index -> UTF-8 offset in the run

  Impl() : table(&Table()) {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    CheckIcu(status, "Normalizer2::getNFKCCasefoldInstance");
    words.reset(ubrk_open(UBRK_WORD, "", nullptr, 0, &status));
    CheckIcu(status, "ubrk_open(UBRK_WORD)");
  }

  // Appends to *out the UAX #29 words of text (a UTF-8 run without spaces),
  // as views into text.
  void BreakRun(std::string_view text, std::vector<std::string_view>* out) {
    chunk.clear();
    chunk_offsets.clear();
    const char* s = text.data();
    for (int32_t i = 0, n = static_cast<int32_t>(text.size()); i < n;) {
      int32_t at = i;
      UChar32 c;
      U8_NEXT(s, i, n, c);
      if (c < 0) c = 0xFFFD;
      if (c < 0x10000) {
        chunk.push_back(static_cast<char16_t>(c));
        chunk_offsets.push_back(at);
      } else {
        chunk.push_back(static_cast<char16_t>(U16_LEAD(c)));
        chunk.push_back(static_cast<char16_t>(U16_TRAIL(c)));
        chunk_offsets.push_back(at);
        chunk_offsets.push_back(at);
      }
    }
    chunk_offsets.push_back(static_cast<int32_t>(text.size()));

    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(words.get(), reinterpret_cast<const UChar*>(chunk.data()),
                 static_cast<int32_t>(chunk.size()), &status);
    CheckIcu(status, "ubrk_setText");
    int32_t begin = ubrk_first(words.get());
    for (int32_t end = ubrk_next(words.get()); end != UBRK_DONE; begin = end, end = ubrk_next(words.get())) {
      if (ubrk_getRuleStatus(words.get()) < UBRK_WORD_NONE_LIMIT) continue;  // spaces, symbols
      auto b = static_cast<size_t>(chunk_offsets[static_cast<size_t>(begin)]);
      auto e = static_cast<size_t>(chunk_offsets[static_cast<size_t>(end)]);
      out->push_back(text.substr(b, e - b));
    }
    // Drop ICU's pointer to chunk, which is reused.
    ubrk_setText(words.get(), nullptr, 0, &status);
  }

  void NormalizeAscii(std::string_view in, std::string* out) {
    out->clear();
    out->reserve(in.size());
    bool pending_space = false;
    for (char ch : in) {
      auto b = static_cast<unsigned char>(ch);
      if (!IsAsciiWordByte(b)) {
        pending_space = !out->empty();
        continue;
      }
      if (pending_space) out->push_back(' ');
      pending_space = false;
      out->push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : ch);
    }
  }

  // Ends the run that started at (*out)[run_start]: kept as one word when the
  // traits prove it is one, otherwise replaced by the words ICU finds in it.
  void FinishRun(std::string* out, size_t run_start, bool one_word) {
    if (run_start == out->size()) return;
    if (!one_word) {
      run.assign(*out, run_start, std::string::npos);
      out->resize(run_start);
      run_words.clear();
      BreakRun(run, &run_words);
      for (std::string_view w : run_words) {
        out->append(w);
        out->push_back(' ');
      }
      return;
    }
    out->push_back(' ');
  }

  void NormalizeUnicode(std::string_view in, std::string* out) {
    // NFKC_Casefold straight on UTF-8 (ICU >= 60), so there is no round trip
    // through UTF-16 for the common case.
    UErrorCode status = U_ZERO_ERROR;
    folded.clear();
    icu::StringByteSink<std::string> sink(&folded, static_cast<int32_t>(in.size() + 16));
    nfkc_cf->normalizeUTF8(0, icu::StringPiece(in.data(), static_cast<int32_t>(in.size())), sink, nullptr,
                           status);
    CheckIcu(status, "Normalizer2::normalizeUTF8(NFKC_Casefold)");

    out->clear();
    out->reserve(folded.size() + 16);
    size_t run_start = 0;
    bool one_word = true;
    const TraitsTable& t = *table;
    const char* s = folded.data();
    for (int32_t i = 0, n = static_cast<int32_t>(folded.size()); i < n;) {
      const int32_t at = i;
      UChar32 c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        ++i;
      } else {
        U8_NEXT(s, i, n, c);
      }
      uint8_t traits =
          c < 0 ? static_cast<uint8_t>(kSpace) : Traits(t, c);  // ill-formed UTF-8 separates words
      const bool first = out->size() == run_start;
      switch (traits & kActionMask) {
        case kSpace:
          FinishRun(out, run_start, one_word);
          run_start = out->size();
          one_word = true;
          continue;
        case kDrop:
          continue;
        case kMap:
          c = MappedLetter(c);
          traits = Traits(t, c);
          AppendUtf8(out, c);
          break;
        case kDigit:
          c = '0' + u_charDigitValue(c);
          traits = Traits(t, c);
          out->push_back(static_cast<char>(c));
          break;
        default:  // kKeep: copy the bytes as they are
          for (int32_t b = at; b < i; ++b) out->push_back(s[b]);
          break;
      }
      one_word = one_word && (traits & (first ? kWordStart : kWordContinue)) != 0;
    }
    FinishRun(out, run_start, one_word);
    if (!out->empty() && out->back() == ' ') out->pop_back();
  }

  // The words of one space-free run of UTF-8 text.
  void TokenizeRun(std::string_view text, std::vector<std::string_view>* out) {
    const TraitsTable& t = *table;
    bool one_word = true;
    const char* s = text.data();
    for (int32_t i = 0, n = static_cast<int32_t>(text.size()); i < n && one_word;) {
      bool first = i == 0;
      UChar32 c;
      U8_NEXT(s, i, n, c);
      one_word = c >= 0 && (Traits(t, c) & (first ? kWordStart : kWordContinue)) != 0;
    }
    if (one_word) {
      out->push_back(text);
    } else {
      BreakRun(text, out);
    }
  }
};

TextNormalizer::TextNormalizer() : impl_(std::make_unique<Impl>()) {}
TextNormalizer::~TextNormalizer() = default;
TextNormalizer::TextNormalizer(TextNormalizer&&) noexcept = default;
TextNormalizer& TextNormalizer::operator=(TextNormalizer&&) noexcept = default;

void TextNormalizer::Normalize(std::string_view utf8, std::string* out) {
  if (IsAscii(utf8)) {
    impl_->NormalizeAscii(utf8, out);
  } else {
    impl_->NormalizeUnicode(utf8, out);
  }
}

void TextNormalizer::Tokenize(std::string_view text, std::vector<std::string_view>* words) {
  words->clear();
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ' ') continue;
    if (i > start) impl_->TokenizeRun(text.substr(start, i - start), words);
    start = i + 1;
  }
}

namespace {
TextNormalizer& ThreadNormalizer() {
  thread_local TextNormalizer normalizer;
  return normalizer;
}
}  // namespace

std::string NormalizeText(std::string_view utf8) {
  std::string out;
  ThreadNormalizer().Normalize(utf8, &out);
  return out;
}

std::vector<std::string> WordTokens(std::string_view normalized_utf8) {
  std::vector<std::string_view> views;
  ThreadNormalizer().Tokenize(normalized_utf8, &views);
  return {views.begin(), views.end()};
}

}  // namespace wirecrawl
