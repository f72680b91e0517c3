#include "cli/display_width.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace wirecrawl::cli {

size_t DisplayWidth(std::string_view utf8) {
  size_t columns = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      ++columns;  // an invalid byte: the terminal shows a replacement character
      continue;
    }
    const int8_t category = static_cast<int8_t>(u_charType(c));
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR) continue;
    const int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    columns += (width == U_EA_WIDE || width == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return columns;
}

std::string PadToWidth(std::string_view text, size_t width) {
  std::string out(text);
  size_t columns = DisplayWidth(text);
  if (columns < width) out.append(width - columns, ' ');
  return out;
}

}  // namespace wirecrawl::cli
