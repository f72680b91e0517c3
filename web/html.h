// web/html.h: writing crawled text into HTML safely.
//
// Crawled text is hostile: a title may hold "<script>", an author
// "\" onmouseover=\"...", a URL "javascript:...", a body U+202E (RIGHT-TO-LEFT
// OVERRIDE) that would reverse the rest of the page. Every crawled string
// goes through Escape (element text and quoted attribute values alike), every
// crawled URL through SafeLink before it becomes an href, and every element
// holding crawled text gets a dir attribute (which isolates it, HTML
// "dir" attribute semantics: unicode-bidi: isolate).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace wirecrawl::web {

// Appends `text` escaped for HTML element content and for attribute values
// in double or single quotes: & < > " ' become character references. Also:
// - the bidi embedding, override and isolate controls (U+202A..U+202E,
//   U+2066..U+2069) are dropped, so crawled text cannot reorder what
//   follows it (the marks U+200E/U+200F, which reorder nothing, stay);
// - invalid UTF-8 becomes U+FFFD; NUL and the C0/C1 controls other than
//   tab, newline and carriage return are dropped (HTML parse errors).
void AppendEscaped(std::string* out, std::string_view text);
std::string Escape(std::string_view text);

// True when `url` may be written as a link target: an absolute http: or
// https: URL (scheme case-insensitive) with a host, and no whitespace or
// control character anywhere (browsers strip those, which is how
// "java\tscript:" gets through naive checks). Everything else (javascript:,
// data:, vbscript:, relative or scheme-relative URLs) is shown as text.
bool IsSafeLink(std::string_view url);

// Percent-encodes `text` for a query-string value: every byte but
// A-Z a-z 0-9 - _ . ~ is %XX.
std::string EncodeQueryValue(std::string_view text);

// The dir attribute for text in `language` (a BCP 47 tag as stored):
// "rtl" for Arabic, Persian, Urdu, Hebrew and the other right-to-left
// languages, "ltr" for other known tags, "auto" (the first strong
// character decides) when the language is unknown.
const char* DirForLanguage(std::string_view language);

// `language` when it is a well-formed tag (letters, digits and '-', up to
// 35 characters), else empty: for the lang attribute.
std::string LangTag(std::string_view language);

}  // namespace wirecrawl::web
