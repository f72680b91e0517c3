#include "parser/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include "base/ascii.h"

namespace wirecrawl {
namespace {

struct CharsetDetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, CharsetDetectorCloser>;
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// The prescan and Content-Type parsing skip ASCII whitespace (WHATWG HTML,
// "prescan a byte stream"): ascii::IsWhitespace.
using ascii::Lower;

// Maps labels to the encoding the HTML Standard says browsers really use:
// servers say iso-8859-1 or us-ascii and mean windows-1252; "utf8" is utf-8.
std::string CanonicalLabel(std::string label) {
  label = Lower(label);
  while (!label.empty() && (ascii::IsWhitespace(label.back()) || label.back() == '"' || label.back() == '\''))
    label.pop_back();
  size_t start = 0;
  while (start < label.size() &&
         (ascii::IsWhitespace(label[start]) || label[start] == '"' || label[start] == '\''))
    ++start;
  label.erase(0, start);
  if (label == "utf8" || label == "unicode-1-1-utf-8" || label == "x-unicode20utf8") return "utf-8";
  if (label == "iso-8859-1" || label == "latin1" || label == "us-ascii" || label == "ascii" ||
      label == "iso8859-1" || label == "l1" || label == "cp1252")
    return "windows-1252";
  if (label == "cp1256" || label == "x-cp1256") return "windows-1256";
  if (label == "x-user-defined") return "windows-1252";
  return label;
}

bool HasNonAscii(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool LooksBinary(std::string_view bytes) {
  size_t sample = std::min<size_t>(bytes.size(), 4096);
  size_t nul = 0;
  for (size_t i = 0; i < sample; ++i) nul += bytes[i] == '\0';
  return nul > sample / 10;
}

// Value of attribute `name` (lower-case) in a tag's attribute text (what
// follows the tag name), tokenised as the prescan's "get an attribute" does,
// so "charset=" inside another attribute's quoted value is not taken.
std::string AttributeValue(std::string_view attrs, std::string_view name) {
  size_t p = 0;
  while (p < attrs.size()) {
    while (p < attrs.size() && (ascii::IsWhitespace(attrs[p]) || attrs[p] == '/')) ++p;
    size_t name_start = p;
    while (p < attrs.size() && attrs[p] != '=' && !ascii::IsWhitespace(attrs[p]) && attrs[p] != '>' &&
           attrs[p] != '/')
      ++p;
    std::string attr_name = Lower(attrs.substr(name_start, p - name_start));
    while (p < attrs.size() && ascii::IsWhitespace(attrs[p])) ++p;
    std::string value;
    if (p < attrs.size() && attrs[p] == '=') {
      ++p;
      while (p < attrs.size() && ascii::IsWhitespace(attrs[p])) ++p;
      if (p < attrs.size() && (attrs[p] == '"' || attrs[p] == '\'')) {
        char quote = attrs[p++];
        size_t end = attrs.find(quote, p);
        if (end == std::string_view::npos) end = attrs.size();
        value = attrs.substr(p, end - p);
        p = end + 1;
      } else {
        size_t start = p;
        while (p < attrs.size() && !ascii::IsWhitespace(attrs[p]) && attrs[p] != '>') ++p;
        value = attrs.substr(start, p - start);
      }
    }
    if (attr_name == name) return value;
    if (attr_name.empty() && p < attrs.size()) ++p;  // stray character: move on
  }
  return {};
}

Result<DecodedText> Convert(std::string_view bytes, const std::string& charset) {
  DecodedText out;
  out.charset = charset;
  if (charset == "utf-8" && IsValidUtf8(bytes)) {
    out.unconverted = bytes;  // no conversion: the caller's bytes are the text
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr from(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status) || !from) return Status::Unsupported("no converter for charset '" + charset + "'");
  ConverterPtr to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return Status::Unsupported("no UTF-8 converter");
  // ICU's default callback substitutes U+FFFD (in Unicode converters) or SUB;
  // count the substitutions so a wrong guess is visible.
  out.utf8.resize(bytes.size() * 3 + 16);
  char* target = out.utf8.data();
  const char* source = bytes.data();
  ucnv_convertEx(to.get(), from.get(), &target, out.utf8.data() + out.utf8.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true, &status);
  if (U_FAILURE(status))
    return Status::Corruption("charset conversion from " + charset + " failed: " + u_errorName(status));
  out.utf8.resize(static_cast<size_t>(target - out.utf8.data()));
  out.converted = true;
  // U+FFFD is EF BF BD in UTF-8; a legacy single-byte SUB is 0x1A.
  for (size_t i = 0; i + 2 < out.utf8.size(); ++i) {
    if (out.utf8[i] == '\xEF' && out.utf8[i + 1] == '\xBF' && out.utf8[i + 2] == '\xBD') ++out.replaced;
  }
  out.replaced += static_cast<size_t>(std::count(out.utf8.begin(), out.utf8.end(), '\x1A'));
  return out;
}

std::string Detect(std::string_view bytes, int* confidence) {
  UErrorCode status = U_ZERO_ERROR;
  DetectorPtr detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return {};
  ucsdet_enableInputFilter(detector.get(), true);  // ignore markup
  // The statistics converge long before 64 KiB; more only costs time.
  int32_t len = static_cast<int32_t>(std::min<size_t>(bytes.size(), 64 * 1024));
  ucsdet_setText(detector.get(), bytes.data(), len, &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || !match) return {};
  const char* name = ucsdet_getName(match, &status);
  *confidence = ucsdet_getConfidence(match, &status);
  if (U_FAILURE(status) || !name) return {};
  return CanonicalLabel(name);
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // Markup is mostly ASCII: skip it eight bytes at a time.
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p >= end) break;
    if (*p < 0x80) {
      ++p;
      continue;
    }
    int extra;
    uint32_t cp;
    if ((*p & 0xE0) == 0xC0) {
      extra = 1;
      cp = *p & 0x1F;
    } else if ((*p & 0xF0) == 0xE0) {
      extra = 2;
      cp = *p & 0x0F;
    } else if ((*p & 0xF8) == 0xF0) {
      extra = 3;
      cp = *p & 0x07;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range values are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += extra + 1;
  }
  return true;
}

std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower = Lower(content_type);
  size_t pos = lower.find("charset");
  if (pos == std::string::npos) return {};
  pos += 7;
  while (pos < lower.size() && ascii::IsWhitespace(lower[pos])) ++pos;
  if (pos >= lower.size() || lower[pos] != '=') return {};
  ++pos;
  size_t end = lower.find(';', pos);
  return CanonicalLabel(lower.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
}

std::string CharsetFromMetaPrescan(std::string_view bytes) {
  // The Standard scans 1024 bytes; real pages put long <head> scripts first,
  // so look further, but only at <meta> tags.
  std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 8192));
  std::string lower = Lower(head);
  size_t pos = 0;
  while ((pos = lower.find("<meta", pos)) != std::string::npos) {
    size_t end = lower.find('>', pos);
    if (end == std::string::npos) break;
    std::string_view attrs = head.substr(pos + 5, end - pos - 5);
    std::string charset = AttributeValue(attrs, "charset");
    if (!charset.empty()) return CanonicalLabel(charset);
    std::string http_equiv = Lower(AttributeValue(attrs, "http-equiv"));
    if (http_equiv == "content-type") {
      std::string from_content = CharsetFromContentType(AttributeValue(attrs, "content"));
      if (!from_content.empty()) return from_content;
    }
    pos = end;
  }
  return {};
}

Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    auto r = Convert(bytes.substr(3), "utf-8");
    if (r.ok()) r->source = "bom";
    return r;
  }
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    auto r = Convert(bytes.substr(2), bytes[0] == '\xFF' ? "utf-16le" : "utf-16be");
    if (r.ok()) r->source = "bom";
    return r;
  }
  if (LooksBinary(bytes)) return Status::InvalidArgument("body is binary data, not text");

  std::string label = CharsetFromContentType(content_type);
  std::string source = "header";
  if (label.empty()) {
    label = CharsetFromMetaPrescan(bytes);
    source = "meta";
  }
  // UTF-16 labels inside an 8-bit document are lies by construction (the
  // Standard treats a meta utf-16 as utf-8).
  if (source == "meta" && label.rfind("utf-16", 0) == 0) label = "utf-8";

  bool valid_utf8 = IsValidUtf8(bytes);
  std::string note;
  if (!label.empty()) {
    if (label == "utf-8" && !valid_utf8) {
      note = "labelled utf-8 (" + source + ") but not valid UTF-8; re-detected";
      label.clear();
    } else if (label != "utf-8" && valid_utf8 && HasNonAscii(bytes)) {
      // Legacy single-byte text almost never forms valid multi-byte UTF-8.
      note = "labelled " + label + " (" + source + ") but the bytes are valid UTF-8";
      label = "utf-8";
      source = "detected";
    }
  }
  if (label.empty()) {
    if (valid_utf8) {
      label = "utf-8";
      source = HasNonAscii(bytes) ? "detected" : "default";
    } else {
      int confidence = 0;
      label = Detect(bytes, &confidence);
      source = "detected";
      if (label.empty() || label == "utf-8") label = "windows-1252";
      if (confidence < 30) note += (note.empty() ? "" : "; ") + std::string("low-confidence charset guess");
    }
  }
  auto decoded = Convert(bytes, label);
  if (!decoded.ok() && label != "windows-1252") {
    note += (note.empty() ? "" : "; ") + ("unknown charset '" + label + "', decoded as windows-1252");
    decoded = Convert(bytes, "windows-1252");
  }
  if (!decoded.ok()) return decoded.status();
  decoded->source = source;
  decoded->note = note;
  if (decoded->replaced > 0) {
    decoded->note += (decoded->note.empty() ? "" : "; ") + std::to_string(decoded->replaced) +
                     " undecodable sequences replaced";
  }
  return decoded;
}

}  // namespace wirecrawl
