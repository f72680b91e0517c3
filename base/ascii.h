// base/ascii.h: ASCII character classes, case folding and trimming for the
// protocol and markup text every module reads (HTTP headers, robots.txt,
// TOML values, HTML attributes, URLs, feed dates). Unlike <cctype> these
// never depend on the locale, and they take char without casts.
//
// Whitespace comes in two sets, because the specs differ:
// - IsWhitespace / TrimWhitespace: "ASCII whitespace" of the WHATWG Infra
//   standard, TAB LF FF CR SPACE. HTML, URLs, and the text of XML and JSON
//   documents (XML's S is TAB LF CR SPACE; FF cannot occur in XML 1.0, so
//   the two trim alike).
// - IsBlank / TrimBlanks: SP and HTAB only (C's isblank): RFC 9110 OWS in
//   HTTP header values, RFC 9309 robots.txt lines, TOML whitespace.
// Neither counts VT (0x0B), which no spec we read calls whitespace.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace wirecrawl::ascii {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// REQUIRES: IsHexDigit(c)
constexpr int HexValue(char c) { return IsDigit(c) ? c - '0' : ((c | 0x20) - 'a' + 10); }

constexpr bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }

constexpr char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Lower-cases A-Z; every other byte (UTF-8 included) is kept.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

constexpr bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

constexpr bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// Removes leading and trailing characters for which is_trimmed is true.
template <typename Predicate>
constexpr std::string_view TrimIf(std::string_view s, Predicate is_trimmed) {
  while (!s.empty() && is_trimmed(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_trimmed(s.back())) s.remove_suffix(1);
  return s;
}

constexpr std::string_view TrimWhitespace(std::string_view s) { return TrimIf(s, IsWhitespace); }
constexpr std::string_view TrimBlanks(std::string_view s) { return TrimIf(s, IsBlank); }

}  // namespace wirecrawl::ascii
