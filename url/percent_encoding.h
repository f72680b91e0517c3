// url/percent_encoding.h: percent-encoding normalisation (RFC 3986 2.1 and
// 6.2.2), written once for URL normalisation (url.h) and robots.txt
// matching (crawler/discovery/robots.h, RFC 9309 2.2.2). The callers need different amounts
// of it, so the amount is a parameter rather than a second implementation.
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace wirecrawl {

enum class PercentEncoding {
  // Only the hex digits of escapes are upper-cased ("%e3" -> "%E3", RFC 3986
  // 2.1); every other octet stays as it is. For text that is already
  // percent-encoded: whole URLs as curl builds them, and the URL paths that
  // robots.txt rules are matched against.
  kUpperCaseEscapes,
  // RFC 9309 2.2.2, the form robots.txt rules and the URL paths they are
  // matched against are compared in: hex digits upper-cased; escapes of
  // unreserved characters decoded ("%62" -> "b", "%2E" -> "."), escapes of
  // every other octet kept ("%2F", "%2A" stay escaped); octets outside
  // US-ASCII encoded. Stray "%", spaces and controls stay as written. (Google's
  // robots.txt parser decodes nothing; the RFC's own examples need this.)
  kRobotsMatching,
  // RFC 3986 6.2.2, the form NormalizeUrl gives a path or a query parameter:
  // hex digits upper-cased; escapes of unreserved characters decoded, except
  // "%2E" (decoding it after curl has removed dot segments would make new
  // ones: "/a/%2E%2E/b"); octets that cannot appear raw in a path or query
  // (controls, space, non-ASCII, " < > \ ^ ` { | } #) encoded; a "%" not
  // followed by two hex digits becomes "%25".
  kNormalizeUrlPart,
};

std::string NormalizePercentEncoding(std::string_view text, PercentEncoding how);

}  // namespace wirecrawl
