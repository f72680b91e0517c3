// Charset sniffing: BOM, then HTTP header, then <meta> prescan, then ICU's
// detector; labels that contradict the bytes are overridden, not obeyed.
#include <catch2/catch.hpp>

#include "parser/charset.h"
#include "parser/extract.h"
#include "tests/parser/test_pages.h"

using namespace wirecrawl;

namespace {
const std::string kArabicUtf8 =
    "قالت وزارة الخارجية القطرية السبت إن الوزير أكد استمرار التنسيق مع الولايات المتحدة";

std::string ToCp1256(const std::string& utf8) {
  // Round-trip through the real legacy page: its bytes are windows-1256.
  (void)utf8;
  return testing::ReadTestFile("html/seed000_legacy_windows1256.html");
}
}  // namespace

TEST_CASE("HtmlStandard_ContentTypeCharsetParsed", "[charset]") {
  CHECK(CharsetFromContentType("text/html; charset=UTF-8") == "utf-8");
  CHECK(CharsetFromContentType("text/html;charset=\"windows-1256\"") == "windows-1256");
  CHECK(CharsetFromContentType("text/html") == "");
  // The Encoding Standard maps iso-8859-1 and us-ascii labels to windows-1252.
  CHECK(CharsetFromContentType("text/html; charset=ISO-8859-1") == "windows-1252");
}

TEST_CASE("HtmlStandard_MetaPrescanFindsBothForms", "[charset]") {
  CHECK(CharsetFromMetaPrescan("<html><head><meta charset='windows-1256'>") == "windows-1256");
  CHECK(CharsetFromMetaPrescan("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=cp1256\">") ==
        "windows-1256");
  CHECK(CharsetFromMetaPrescan("<meta name=description content='charset=koi8-r'>") == "");
}

TEST_CASE("HtmlStandard_BomWinsOverLabels", "[charset]") {
  std::string page = "\xEF\xBB\xBF<html><meta charset=windows-1256><p>" + kArabicUtf8 + "</p>";
  auto r = DecodeToUtf8(page, "text/html; charset=iso-8859-1");
  REQUIRE(r.ok());
  CHECK(r->source == "bom");
  CHECK(r->Text().find(kArabicUtf8) != std::string_view::npos);
}

TEST_CASE("Charset_Windows1256FromMetaOnly", "[charset]") {
  auto r = DecodeToUtf8(ToCp1256(kArabicUtf8), "");
  REQUIRE(r.ok());
  CHECK(r->charset == "windows-1256");
  CHECK(r->source == "meta");
  CHECK(r->replaced == 0);
  CHECK(r->Text().find("قمة القاهرة للسلام") != std::string_view::npos);
}

TEST_CASE("Charset_HeaderClaimsUtf8ButBytesAreWindows1256_Redetected", "[charset]") {
  // Strip the meta tag so only the lying header and the bytes remain.
  std::string page = ToCp1256(kArabicUtf8);
  auto meta = page.find("<meta");
  page.erase(meta, page.find('>', meta) - meta + 1);
  auto r = DecodeToUtf8(page, "text/html; charset=utf-8");
  REQUIRE(r.ok());
  CHECK_FALSE(r->note.empty());  // the override is reported, not silent
  CHECK(r->source == "detected");
  CHECK(r->Text().find("قمة القاهرة للسلام") != std::string_view::npos);
}

TEST_CASE("Charset_LegacyLabelOnValidUtf8_TreatedAsUtf8", "[charset]") {
  std::string page =
      "<html><head><meta charset=windows-1256></head><body><p>" + kArabicUtf8 + "</p></body></html>";
  auto r = DecodeToUtf8(page, "");
  REQUIRE(r.ok());
  CHECK(r->charset == "utf-8");
  CHECK_FALSE(r->note.empty());
  CHECK(r->Text().find(kArabicUtf8) != std::string_view::npos);
}

TEST_CASE("Charset_InvalidUtf8WithoutLabel_DecodesWithoutCrash", "[charset]") {
  std::string page =
      "<p>caf\xE9 cr\xE8me br\xFBl\xE9"
      "e, na\xEFve fa\xE7"
      "ade</p>";
  auto r = DecodeToUtf8(page, "");
  REQUIRE(r.ok());
  CHECK(IsValidUtf8(r->Text()));
  CHECK(r->Text().find("café") != std::string_view::npos);
}

TEST_CASE("Charset_UnknownLabelFallsBackAndSaysSo", "[charset]") {
  auto r = DecodeToUtf8("<p>plain ascii text</p>", "text/html; charset=x-no-such-charset");
  REQUIRE(r.ok());
  CHECK(r->note.find("x-no-such-charset") != std::string_view::npos);
  CHECK(r->Text() == "<p>plain ascii text</p>");
}

TEST_CASE("Charset_BinaryBodyIsAnError", "[charset]") {
  std::string binary(2048, '\0');
  for (size_t i = 0; i < binary.size(); i += 3) binary[i] = static_cast<char>(i * 7);
  auto r = DecodeToUtf8(binary, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("binary") != std::string_view::npos);
}

TEST_CASE("Utf8Validation_RejectsOverlongAndSurrogates", "[charset]") {
  CHECK(IsValidUtf8("plain"));
  CHECK(IsValidUtf8(kArabicUtf8));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
}
