// parser/charset.h: find a page's character encoding and convert it to UTF-8.
//
// The order follows the HTML Standard's encoding sniffing algorithm, reduced
// to what a crawler can know: byte order mark, then the HTTP Content-Type
// charset, then a prescan of the first bytes for <meta charset> or
// <meta http-equiv=Content-Type>, then ICU's statistical detector (ucsdet).
// A label is checked against the bytes: a page labelled UTF-8 that is not
// valid UTF-8, or labelled with a legacy charset but made of valid multi-byte
// UTF-8, is treated as mislabelled and re-detected, and the decision is
// reported in `note` rather than producing mojibake silently.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace wirecrawl {

struct DecodedText {
  // The page as UTF-8 (BOM stripped): the input bytes themselves when they
  // were valid UTF-8 already (no copy), else the converted copy.
  // REQUIRES: the input given to DecodeToUtf8 outlives Text().
  std::string_view Text() const { return converted ? std::string_view(utf8) : unconverted; }

  bool converted = false;
  std::string utf8;              // the converted page (when converted)
  std::string_view unconverted;  // the caller's bytes (when not converted)
  std::string charset;           // the encoding used, lower-case ("utf-8", "windows-1256")
  std::string source;            // "bom", "header", "meta", "detected", "default"
  std::string note;              // why a label was overridden or bytes were replaced; empty if clean
  size_t replaced = 0;           // number of undecodable sequences replaced by U+FFFD
};

// The charset parameter of a Content-Type value, lower-case; empty if none.
std::string CharsetFromContentType(std::string_view content_type);

// The HTML Standard's meta prescan over the first 1024+ bytes; empty if none.
std::string CharsetFromMetaPrescan(std::string_view bytes);

// Decodes `bytes` to UTF-8. Fails only when no converter exists for a
// detected name or the bytes are not text at all (NUL-heavy binary data).
Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view content_type);

// True if `bytes` is well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace wirecrawl
