#include "web/html.h"

#include <array>
#include <cstdint>

namespace wirecrawl::web {
namespace {

// The length of the valid UTF-8 sequence at text[i] and its code point, or
// 0 when the bytes there are not one (overlong, surrogate, out of range,
// truncated).
size_t DecodeUtf8(std::string_view text, size_t i, char32_t* cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b = byte(i);
  size_t n = 0;
  char32_t c = 0;
  char32_t min = 0;
  if (b < 0x80) {
    *cp = b;
    return 1;
  } else if ((b & 0xE0) == 0xC0) {
    n = 2, c = b & 0x1F, min = 0x80;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3, c = b & 0x0F, min = 0x800;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4, c = b & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return n;
}

bool IsBidiControl(char32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

bool IsDroppedControl(char32_t c) {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

void AppendEscaped(std::string* out, std::string_view text) {
  out->reserve(out->size() + text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    switch (c) {
      case '&':
        *out += "&amp;";
        ++i;
        continue;
      case '<':
        *out += "&lt;";
        ++i;
        continue;
      case '>':
        *out += "&gt;";
        ++i;
        continue;
      case '"':
        *out += "&quot;";
        ++i;
        continue;
      case '\'':
        *out += "&#39;";
        ++i;
        continue;
      default:
        break;
    }
    char32_t cp = 0;
    size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      *out += "\xEF\xBF\xBD";  // U+FFFD for the bad byte
      ++i;
      continue;
    }
    if (!IsBidiControl(cp) && !IsDroppedControl(cp)) out->append(text.substr(i, n));
    i += n;
  }
}

std::string Escape(std::string_view text) {
  std::string out;
  AppendEscaped(&out, text);
  return out;
}

bool IsSafeLink(std::string_view url) {
  for (char c : url) {
    auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7F) return false;
  }
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return false;
  std::string scheme;
  for (char c : url.substr(0, colon)) scheme += Lower(c);
  if (scheme != "http" && scheme != "https") return false;
  std::string_view rest = url.substr(colon + 1);
  if (rest.size() < 3 || rest[0] != '/' || rest[1] != '/') return false;
  // A host must follow: not "http:///x" nor "http://" alone.
  char first = rest[2];
  return first != '/' && first != '?' && first != '#' && first != '\\';
}

std::string EncodeQueryValue(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

const char* DirForLanguage(std::string_view language) {
  std::string primary;
  for (char c : language) {
    if (c == '-' || c == '_') break;
    primary += Lower(c);
  }
  if (primary.empty() || primary == "un" || primary == "und" || primary == "xx") return "auto";
  // Languages written right to left (their usual script).
  static constexpr std::array<std::string_view, 13> kRtl = {"ar", "fa", "ur", "he",  "iw",  "yi", "ps",
                                                            "sd", "ug", "dv", "ckb", "syr", "arz"};
  for (std::string_view rtl : kRtl) {
    if (primary == rtl) return "rtl";
  }
  return "ltr";
}

std::string LangTag(std::string_view language) {
  if (language.empty() || language.size() > 35) return {};
  for (char c : language) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '-') return {};
  }
  if (!IsAsciiAlpha(language.front())) return {};
  return std::string(language);
}

}  // namespace wirecrawl::web
