// base/ascii.h: the two whitespace sets, named after the specs that use them.
#include "base/ascii.h"

#include <catch2/catch.hpp>

namespace wirecrawl {

// WHATWG Infra "ASCII whitespace": TAB, LF, FF, CR, SPACE (HTML, URLs).
// RFC 9110 OWS, RFC 9309 and TOML whitespace: SP, HTAB only. VT is neither.
TEST_CASE("WhatwgInfra_AsciiWhitespaceAndBlanks", "[base][ascii]") {
  for (char c : {'\t', '\n', '\f', '\r', ' '}) CHECK(ascii::IsWhitespace(c));
  CHECK_FALSE(ascii::IsWhitespace('\v'));
  CHECK(ascii::IsBlank(' '));
  CHECK(ascii::IsBlank('\t'));
  CHECK_FALSE(ascii::IsBlank('\n'));
  CHECK(ascii::TrimWhitespace("\r\n\t x y \f") == "x y");
  CHECK(ascii::TrimBlanks("\t x y \r\n") == "x y \r\n");
  CHECK(ascii::TrimWhitespace(" \v ") == "\v");
}

TEST_CASE("AsciiCaseFolding_LeavesUtf8Alone", "[base][ascii]") {
  CHECK(ascii::Lower("User-Agent: ÄBC") == "user-agent: Äbc");
  CHECK(ascii::EqualsIgnoreCase("Disallow", "DISALLOW"));
  CHECK_FALSE(ascii::EqualsIgnoreCase("Disallow", "Disallo"));
  CHECK(ascii::StartsWithIgnoreCase("User-agent", "user"));
  CHECK(ascii::HexValue('f') == 15);
  CHECK(ascii::HexValue('A') == 10);
  CHECK(ascii::HexValue('7') == 7);
}

}  // namespace wirecrawl
