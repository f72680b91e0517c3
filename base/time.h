// base/time.h: the date formats wirecrawl reads and writes, as Unix epoch
// milliseconds (UTC). One parser per format, used by every module:
// - ISO 8601 / RFC 3339 / W3C Datetime: sitemaps, JSON Feed, Atom, JSON-LD,
//   <time datetime>, article dates in the store, `--since` on the CLI;
// - HTTP-date (RFC 9110 5.6.7) and RFC 822 / RFC 5322 dates: Retry-After,
//   RSS pubDate; read by libcurl's curl_getdate.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wirecrawl {

// ISO 8601 as the web writes it: the union of RFC 3339 and the W3C Datetime
// profile that sitemaps use, plus the forms people type.
//   "2023", "2023-10"                  W3C reduced precision: the first day
//   "2023-10-21"                       a date alone is midnight UTC
//   "2023-10-21T14:03", "...T14:03:05", "...T14:03:05.123" (or ",123")
//                                      "t" or a space may stand for "T"
//   "...Z", "...+03:00", "...+0300", "...-05"
//                                      a time without a zone is UTC; blanks
//                                      may come before the zone ("14:03 +03:00")
// Leading and trailing ASCII whitespace is ignored. Offsets run to +-23:59
// (RFC 3339's time-numoffset); second 60 (a leap second) is the next minute.
// nullopt for anything else, including impossible dates (2023-02-30) and a
// time after a reduced-precision date ("2023-10T10:00").
std::optional<int64_t> ParseIsoTime(std::string_view text);

// An HTTP-date in any of its three forms (IMF-fixdate "Sun, 06 Nov 1994
// 08:49:37 GMT", RFC 850, asctime) or an RFC 822 / 5322 date-time with a
// numeric or named zone ("Tue, 07 May 2024 11:00:00 +0300", "7 May 2024
// 03:00:00 EST"). Every one of these grammars has a month or day name and an
// hh:mm time: text without a letter or a colon is refused, since
// curl_getdate would read stray numbers as some date. nullopt when curl
// cannot read it, or when it lies so far out that milliseconds overflow.
std::optional<int64_t> ParseHttpDate(std::string_view text);

// "2023-10-21T11:03:05Z" (seconds precision, UTC).
std::string FormatIsoTime(int64_t epoch_ms);

// The current time, for callers without an injected clock.
int64_t NowMs();

}  // namespace wirecrawl
