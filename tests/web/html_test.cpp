// Tests for web/html.h: crawled text written into HTML. The expectations
// come from the HTML standard (what a character reference or an attribute
// delimiter is), Unicode's bidi algorithm (UAX #9: which characters embed,
// override or isolate) and the OWASP XSS prevention rules (escape for the
// context; only http(s) URLs become links).
#include "web/html.h"

#include <catch2/catch.hpp>
#include <string>

using wirecrawl::web::DirForLanguage;
using wirecrawl::web::EncodeQueryValue;
using wirecrawl::web::Escape;
using wirecrawl::web::IsSafeLink;
using wirecrawl::web::LangTag;

TEST_CASE("HtmlSpec_MarkupCharactersBecomeReferences") {
  CHECK(Escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(Escape("<img src=x onerror=\"alert(1)\">") == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  CHECK(Escape("Tom & Jerry's") == "Tom &amp; Jerry&#39;s");
  // Already-escaped text is escaped again: the page shows what was crawled.
  CHECK(Escape("&lt;b&gt;") == "&amp;lt;b&amp;gt;");
  CHECK(Escape("قمة القاهرة للسلام") == "قمة القاهرة للسلام");
}

TEST_CASE("OwaspXss_AttributeValueCannotBeClosed") {
  // Both quote characters are escaped, so the value cannot end early in a
  // double- or single-quoted attribute.
  std::string value = Escape("\" onmouseover=\"alert(1)' x='");
  CHECK(value.find('"') == std::string::npos);
  CHECK(value.find('\'') == std::string::npos);
}

TEST_CASE("UAX9_EmbeddingOverrideAndIsolateControlsAreDropped") {
  // U+202A LRE, U+202B RLE, U+202C PDF, U+202D LRO, U+202E RLO,
  // U+2066 LRI, U+2067 RLI, U+2068 FSI, U+2069 PDI.
  const std::string controls[] = {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
                                  "\u2066", "\u2067", "\u2068", "\u2069"};
  for (const std::string& c : controls) {
    INFO(c);
    CHECK(Escape("abc" + c + "def") == "abcdef");
  }
  // The marks reorder nothing beyond themselves and stay.
  CHECK(Escape("a\u200Fb\u200Ec") == "a\u200Fb\u200Ec");
  // The look-alikes next to them are ordinary text.
  CHECK(Escape("\u2029\u2070") == "\u2029\u2070");
}

TEST_CASE("HtmlSpec_ControlsAndInvalidUtf8") {
  CHECK(Escape(std::string("a\0b", 3)) == "ab");
  CHECK(Escape("a\x01\x1f\x7f"
               "b") == "ab");
  CHECK(Escape("line\nnext\tx\r") == "line\nnext\tx\r");
  CHECK(Escape("\xC2\x85") == "");  // NEL, a C1 control
  CHECK(Escape("bad \xFF byte") == "bad \xEF\xBF\xBD byte");
  CHECK(Escape("\xC0\xBC") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '<'
  CHECK(Escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(Escape("cut \xE2\x80") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("OwaspXss_OnlyHttpUrlsBecomeLinks") {
  CHECK(IsSafeLink("http://alpha-news.test/news/1.html"));
  CHECK(IsSafeLink("HTTPS://Example.com/?q=<x>"));  // escaped when written, still a link
  CHECK_FALSE(IsSafeLink("javascript:alert(1)"));
  CHECK_FALSE(IsSafeLink("JaVaScRiPt:alert(1)"));
  CHECK_FALSE(IsSafeLink("java\tscript:alert(1)"));
  CHECK_FALSE(IsSafeLink(" javascript:alert(1)"));
  CHECK_FALSE(IsSafeLink("http://x/\nonmouseover"));
  CHECK_FALSE(IsSafeLink("data:text/html,<script>alert(1)</script>"));
  CHECK_FALSE(IsSafeLink("vbscript:msgbox"));
  CHECK_FALSE(IsSafeLink("//evil.test/"));
  CHECK_FALSE(IsSafeLink("/relative"));
  CHECK_FALSE(IsSafeLink("http:///nohost"));
  CHECK_FALSE(IsSafeLink("http:\\\\evil.test"));
  CHECK_FALSE(IsSafeLink(""));
}

TEST_CASE("Rfc3986_QueryValuesArePercentEncoded") {
  CHECK(EncodeQueryValue("a b&c=d") == "a%20b%26c%3Dd");
  CHECK(EncodeQueryValue("\"><script>") == "%22%3E%3Cscript%3E");
  CHECK(EncodeQueryValue("غزة") == "%D8%BA%D8%B2%D8%A9");
  CHECK(EncodeQueryValue("2023-10-21_x.y~") == "2023-10-21_x.y~");
}

TEST_CASE("HtmlSpec_DirectionFromTheLanguage") {
  CHECK(std::string(DirForLanguage("ar")) == "rtl");
  CHECK(std::string(DirForLanguage("ar-EG")) == "rtl");
  CHECK(std::string(DirForLanguage("FA")) == "rtl");
  CHECK(std::string(DirForLanguage("he")) == "rtl");
  CHECK(std::string(DirForLanguage("en")) == "ltr");
  CHECK(std::string(DirForLanguage("fr")) == "ltr");
  CHECK(std::string(DirForLanguage("")) == "auto");
  CHECK(std::string(DirForLanguage("und")) == "auto");
}

TEST_CASE("HtmlSpec_LangAttributeOnlyForWellFormedTags") {
  CHECK(LangTag("ar") == "ar");
  CHECK(LangTag("zh-Hant") == "zh-Hant");
  CHECK(LangTag("en\" onmouseover=\"x") == "");
  CHECK(LangTag("") == "");
  CHECK(LangTag("-x") == "");
}
