// Tests of dedup/normalize.h: the normalisation rules its header lists and the
// equivalence of the word fast path with ICU's BreakIterator (UAX #29).
#include "dedup/normalize.h"

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace wirecrawl {
namespace {

using Words = std::vector<std::string>;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> SeedTexts() {
  std::vector<std::string> out;
  for (const char* name : {"000_4ee4f963b7449bfb.txt", "001_eb10dbea392cbcdd.txt", "002_2026b547aa31c764.txt",
                           "003_9ba4330f9d46e516.txt", "004_fd20d3b24343bf30.txt"}) {
    out.push_back(ReadFile(std::string(WIRECRAWL_TEST_DATA) + "/seeds/" + name));
    REQUIRE(out.back().size() > 1000);
  }
  return out;
}

std::string ToUtf8(const std::u16string& s) {
  std::string out(s.size() * 3 + 1, '\0');
  int32_t len = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &len,
                     reinterpret_cast<const UChar*>(s.data()), static_cast<int32_t>(s.size()), 0xFFFD,
                     nullptr, &status);
  if (U_FAILURE(status)) FAIL("u_strToUTF8WithSub: " << u_errorName(status));
  out.resize(static_cast<size_t>(len));
  return out;
}

// The reference: ICU's word BreakIterator over the whole text, words only.
Words IcuWords(const std::string& utf8) {
  std::u16string text(utf8.size() + 1, u'\0');
  int32_t len = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(reinterpret_cast<UChar*>(text.data()), static_cast<int32_t>(text.size()), &len,
                       utf8.data(), static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) FAIL("u_strFromUTF8WithSub: " << u_errorName(status));
  text.resize(static_cast<size_t>(len));
  // Opening an iterator loads its rules: once per thread, then only setText.
  thread_local std::unique_ptr<UBreakIterator, decltype(&ubrk_close)> bi(
      ubrk_open(UBRK_WORD, "", nullptr, 0, &status), &ubrk_close);
  if (U_FAILURE(status)) FAIL("ubrk_open: " << u_errorName(status));
  ubrk_setText(bi.get(), reinterpret_cast<const UChar*>(text.data()), len, &status);
  if (U_FAILURE(status)) FAIL("ubrk_setText: " << u_errorName(status));
  Words out;
  int32_t begin = ubrk_first(bi.get());
  for (int32_t end = ubrk_next(bi.get()); end != UBRK_DONE; begin = end, end = ubrk_next(bi.get())) {
    if (ubrk_getRuleStatus(bi.get()) >= UBRK_WORD_NONE_LIMIT) {
      out.push_back(ToUtf8(text.substr(static_cast<size_t>(begin), static_cast<size_t>(end - begin))));
    }
  }
  ubrk_setText(bi.get(), nullptr, 0, &status);
  return out;
}

std::string Join(const Words& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

TEST_CASE("UAX15_NfkcFoldsCompatibilityForms", "[normalize]") {
  CHECK(NormalizeText("ＡＢＣ１２３") == "abc123");  // fullwidth
  CHECK(NormalizeText("ﬁnance") == "finance");       // ligature fi
  CHECK(NormalizeText("ﻻ") == "لا");                 // presentation form lam-alef
  CHECK(NormalizeText("ﺑﻴﺖ") == "بيت");              // presentation forms
}

TEST_CASE("Normalize_CaseAndLatinAccentsAreFolded", "[normalize]") {
  CHECK(NormalizeText("Straße") == "strasse");
  CHECK(NormalizeText("ÉCOLE École") == "ecole ecole");  // case and Latin accents folded
  CHECK(NormalizeText("ΣΟΦΙΑ σοφια") == "σοφια σοφια");
  CHECK(NormalizeText("HELLO World") == "hello world");
}

TEST_CASE("Normalize_FormatCharactersRemoved", "[normalize]") {
  CHECK(NormalizeText("می\u200Cخواهم") == NormalizeText("میخواهم"));  // ZWNJ
  CHECK(NormalizeText("\u200Fقطر\u200F") == "قطر");                   // RLM
  CHECK(NormalizeText("co\u00ADoperate") == "cooperate");             // soft hyphen
  CHECK(NormalizeText("a\u200Bb") == "ab");                           // zero-width space
}

TEST_CASE("Normalize_ArabicAlefVariantsFoldToBareAlef", "[normalize]") {
  CHECK(NormalizeText("أحمد") == "احمد");
  CHECK(NormalizeText("إسلام") == "اسلام");
  CHECK(NormalizeText("آخر") == "اخر");
  CHECK(NormalizeText("ٱلله") == "الله");
  // Decomposed input (alef + combining hamza) composes under NFKC, then folds.
  CHECK(NormalizeText("\u0627\u0654حمد") == "احمد");
}

TEST_CASE("Normalize_ArabicYaaAndTaaMarbutaFold", "[normalize]") {
  CHECK(NormalizeText("مصطفى") == "مصطفي");
  CHECK(NormalizeText("مدرسة") == "مدرسه");
  CHECK(NormalizeText("علی") == "علي");    // Farsi yeh
  CHECK(NormalizeText("کتاب") == "كتاب");  // keheh
}

TEST_CASE("Normalize_TashkeelAndTatweelRemoved", "[normalize]") {
  CHECK(NormalizeText("مُحَمَّدٌ") == "محمد");
  CHECK(NormalizeText("كِتَابًا") == "كتابا");
  CHECK(NormalizeText("هٰذا") == "هذا");  // U+0670 superscript alef
  CHECK(NormalizeText("مـــحـمـد") == "محمد");
  for (char32_t c = 0x064B; c <= 0x0652; ++c) {
    INFO("U+" << std::hex << static_cast<uint32_t>(c));
    CHECK(NormalizeText("ب" + Utf8(c) + "ت") == "بت");
  }
}

TEST_CASE("Normalize_EveryDecimalDigitBecomesAscii", "[normalize]") {
  CHECK(NormalizeText("٢٠٢٣") == "2023");  // Arabic-Indic
  CHECK(NormalizeText("۲۰۲۳") == "2023");  // Persian
  CHECK(NormalizeText("२०२३") == "2023");  // Devanagari: any decimal digit
  CHECK(NormalizeText("عام ٢٠٢٣م") == "عام 2023م");
}

TEST_CASE("Normalize_PunctuationBecomesSpace", "[normalize]") {
  CHECK(NormalizeText("مرحبا، عالم؟ نعم؛ «قال»") == "مرحبا عالم نعم قال");
  CHECK(NormalizeText("Hello, world! (yes) -- \"no\"") == "hello world yes no");
  CHECK(NormalizeText("state-of-the-art") == "state of the art");
  CHECK(NormalizeText("  \t\n spaced \r\n out  ") == "spaced out");
  CHECK(NormalizeText("a\u00A0b\u2003c") == "a b c");  // no-break and em spaces
  CHECK(NormalizeText("...!?") == "");
  CHECK(NormalizeText("") == "");
}

TEST_CASE("UAX29_SymbolsAreNotWords", "[normalize]") {
  CHECK(NormalizeText("5$ + 3€ = 😀") == "5 3");
  CHECK(NormalizeText("price: 100%") == "price 100");
}

TEST_CASE("Normalize_InvalidUtf8IsReplacedNotFatal", "[normalize]") {
  CHECK(NormalizeText("ab\xFF"
                      "cd") == "ab cd");
  CHECK(NormalizeText("\xD9") == "");  // truncated two-byte sequence
  CHECK(NormalizeText("قطر\xC0\xAF"
                      "غزة") == "قطر غزه");  // overlong
}

TEST_CASE("UAX29_ScriptsWithoutSpacesAreSegmented", "[normalize]") {
  Words chinese = WordTokens(NormalizeText("我们在北京大学学习中文"));
  CHECK(chinese.size() >= 4);
  CHECK(Join(chinese) == Join(IcuWords("我们在北京大学学习中文")));
  Words thai = WordTokens(NormalizeText("ภาษาไทยง่ายนิดเดียว"));
  CHECK(thai.size() >= 3);
  Words japanese = WordTokens(NormalizeText("東京都に住んでいます"));
  CHECK(japanese.size() >= 3);
  // Normalised text keeps those words apart with spaces, so FTS can use it.
  CHECK(NormalizeText("我们在北京") == Join(IcuWords("我们在北京")));
}

TEST_CASE("UAX29_WordTokensOfArabic", "[normalize]") {
  Words w = WordTokens(NormalizeText("قالت وزارة الخارجية القطرية، السبت ٢١ أكتوبر"));
  CHECK(w == Words{"قالت", "وزاره", "الخارجيه", "القطريه", "السبت", "21", "اكتوبر"});
}

TEST_CASE("Seeds_NormalizationIsIdempotent", "[normalize]") {
  for (const auto& seed : SeedTexts()) {
    std::string once = NormalizeText(seed);
    CHECK(NormalizeText(once) == once);
    CHECK(Join(WordTokens(once)) == once);
  }
  std::string mixed = "Ünïcödé Straße ﬁ 東京都に住んでいます ภาษาไทย ١٢٣ «نص» ";
  std::string once = NormalizeText(mixed);
  CHECK(NormalizeText(once) == once);
}

// The fast path (a run of letters, digits and marks is one word) must give
// exactly the words of ICU's BreakIterator run over the whole text.
TEST_CASE("UAX29_FastPathAgreesWithBreakIterator", "[normalize]") {
  std::vector<std::string> texts = SeedTexts();
  texts.push_back("Ünïcödé naïve café 3rd 4.5 don't e-mail user_name a1b2 x²");
  texts.push_back("Москва — столица России. שלום עולם! Αθήνα 2024");
  texts.push_back("東京都に住んでいます。カタカナ テスト 漢字 ひらがな");
  texts.push_back("ภาษาไทยง่ายนิดเดียว ພາສາລາວ ភាសាខ្មែរ မြန်မာ");
  texts.push_back(
      "हिन्दी भाषा ১২৩ বাংলা தமிழ் ❤️ 🇶🇦 👍🏽 #tag "
      "@user");
  texts.push_back("e\u0301cole \u0301lead x\u200Dy 々 〆 ヶ月");
  for (const auto& text : texts) {
    INFO(text);
    CHECK(WordTokens(text) == IcuWords(text));
    std::string norm = NormalizeText(text);
    CHECK(WordTokens(norm) == IcuWords(norm));
    CHECK(Join(IcuWords(norm)) == norm);
  }
}

// Every BMP code point, alone and between letters: the fast path must never
// call a run one word where ICU breaks it.
TEST_CASE("UAX29_FastPathAgreesForEveryBmpCodePoint", "[normalize]") {
  TextNormalizer normalizer;
  std::vector<std::string_view> words;
  int mismatches = 0;
  for (char32_t c = 0x21; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string cp = Utf8(c);
    for (const std::string& text : {cp, cp + cp, "a" + cp + "b", "\u0628" + cp + "1", "1" + cp}) {
      normalizer.Tokenize(text, &words);
      Words got(words.begin(), words.end());
      if (got != IcuWords(text) && ++mismatches <= 5) {
        FAIL_CHECK("U+" << std::hex << static_cast<uint32_t>(c) << " in '" << text << "'");
      }
    }
  }
  CHECK(mismatches == 0);
}

// Beyond the BMP the traits are computed per call instead of tabled: sample
// planes 1 and 2 (emoji, historic scripts, math letters, CJK extension B).
TEST_CASE("UAX29_FastPathAgreesBeyondBmp", "[normalize]") {
  TextNormalizer normalizer;
  std::vector<std::string_view> words;
  int mismatches = 0;
  for (char32_t c = 0x10000; c < 0x30000; c += 5) {
    std::string cp = Utf8(c);
    for (const std::string& text : {cp + cp, "a" + cp + "b"}) {
      normalizer.Tokenize(text, &words);
      Words got(words.begin(), words.end());
      if (got != IcuWords(text) && ++mismatches <= 5) {
        FAIL_CHECK("U+" << std::hex << static_cast<uint32_t>(c) << " in '" << text << "'");
      }
    }
  }
  CHECK(mismatches == 0);
}

// The ASCII path skips ICU; appending a non-ASCII word forces the ICU path,
// and both must agree on the ASCII part.
TEST_CASE("Normalize_AsciiFastPathAgreesWithIcuPath", "[normalize]") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 127);
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    int n = 1 + static_cast<int>(rng() % 40);
    for (int j = 0; j < n; ++j) s += static_cast<char>(byte(rng));
    std::string ascii = NormalizeText(s);
    std::string via_icu = NormalizeText(s + " \u0628");  // ب: kept as is
    INFO(s);
    REQUIRE(via_icu == (ascii.empty() ? "ب" : ascii + " ب"));
  }
}

TEST_CASE("UAX15_LongNfkcExpansionsFit", "[normalize]") {
  // U+FDFA expands to 18 letters under NFKC: more than the first buffer guess.
  std::string many;
  for (int i = 0; i < 50; ++i) many += "\uFDFA";
  std::string once = NormalizeText("\uFDFA");
  REQUIRE(!once.empty());
  std::string all = NormalizeText(many);
  CHECK(all.size() >= 50 * (once.size() - 2));
}

}  // namespace
}  // namespace wirecrawl
