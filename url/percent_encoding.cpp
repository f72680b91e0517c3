#include "url/percent_encoding.h"

#include "base/ascii.h"

namespace wirecrawl {
namespace {

// RFC 3986 2.3.
bool IsUnreserved(unsigned char c) {
  return ascii::IsAlpha(static_cast<char>(c)) || ascii::IsDigit(static_cast<char>(c)) || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Octets that cannot appear raw in a path or query (RFC 3986 3.3, 3.4).
bool MustEscape(unsigned char c) {
  return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
         c == '{' || c == '|' || c == '}' || c == '#';
}

bool Encodes(PercentEncoding how, unsigned char c) {
  switch (how) {
    case PercentEncoding::kUpperCaseEscapes:
      return false;
    case PercentEncoding::kRobotsMatching:
      return c >= 0x80;
    case PercentEncoding::kNormalizeUrlPart:
      return c == '%' || MustEscape(c);
  }
  return false;
}

bool DecodesEscapeOf(PercentEncoding how, unsigned char decoded) {
  switch (how) {
    case PercentEncoding::kUpperCaseEscapes:
      return false;
    case PercentEncoding::kRobotsMatching:
      // RFC 9309 2.2.2: "If a percent-encoded ASCII octet is encountered in
      // the URI, it MUST be unencoded prior to comparison, unless it is a
      // reserved character in the URI [...] or the character is outside the
      // unreserved character range."
      return IsUnreserved(decoded);
    case PercentEncoding::kNormalizeUrlPart:
      return IsUnreserved(decoded) && decoded != '.';
  }
  return false;
}

void AppendEscape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

}  // namespace

std::string NormalizePercentEncoding(std::string_view text, PercentEncoding how) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%' && i + 2 < text.size() && ascii::IsHexDigit(text[i + 1]) && ascii::IsHexDigit(text[i + 2])) {
      const auto decoded =
          static_cast<unsigned char>(ascii::HexValue(text[i + 1]) * 16 + ascii::HexValue(text[i + 2]));
      if (DecodesEscapeOf(how, decoded)) {
        out += static_cast<char>(decoded);
      } else {
        AppendEscape(out, decoded);
      }
      i += 2;
    } else if (Encodes(how, c)) {
      AppendEscape(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace wirecrawl
