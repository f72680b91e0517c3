// cli/display_width.h: how many terminal columns text takes, for tables
// whose cells hold Arabic, other non-ASCII text or wide (CJK) characters:
// bytes are not columns (an Arabic letter is 2 bytes and 1 column, a
// tashkeel mark 2 bytes and 0 columns).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wirecrawl::cli {

// Columns of UTF-8 text: 0 for combining marks and format characters
// (tashkeel, ZWJ, direction marks), 2 for East Asian wide and fullwidth
// characters, 1 for the rest (an invalid byte counts 1).
size_t DisplayWidth(std::string_view utf8);

// text followed by spaces up to `width` columns (none if it is wider).
std::string PadToWidth(std::string_view text, size_t width);

}  // namespace wirecrawl::cli
