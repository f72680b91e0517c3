// base/time.h: the one ISO 8601 parser (the W3C Datetime forms sitemaps use,
// RFC 3339, and what people type) and the one HTTP-date / RFC 822 reader.
#include "base/time.h"

#include <catch2/catch.hpp>
#include <chrono>

namespace wirecrawl {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr auto k2024_05_07 = year{2024} / May / 7;

// Epoch milliseconds of a UTC day and time.
int64_t At(year_month_day day, hours h = 0h, minutes m = 0min, seconds s = 0s) {
  return duration_cast<milliseconds>((sys_days(day) + h + m + s).time_since_epoch()).count();
}

}  // namespace

TEST_CASE("W3CDatetime_FormsAndZones", "[base][time]") {
  CHECK(ParseIsoTime("2024") == At(year{2024} / January / 1));
  CHECK(ParseIsoTime("2024-05") == At(year{2024} / May / 1));
  CHECK(ParseIsoTime("2024-05-07") == At(k2024_05_07));
  CHECK(ParseIsoTime("2024-05-07T10:15Z") == At(k2024_05_07, 10h, 15min));
  CHECK(ParseIsoTime("2024-05-07T10:15:30.123+02:00") == At(k2024_05_07, 8h, 15min, 30s) + 123);
  CHECK(ParseIsoTime("2024-05-07T01:00:00-0530") == At(k2024_05_07, 6h, 30min));
  CHECK(ParseIsoTime("2024-05-07 10:15:00") == At(k2024_05_07, 10h, 15min));
  CHECK(ParseIsoTime(" 2024-05-07T10:15:00Z\n") == At(k2024_05_07, 10h, 15min));
  CHECK(ParseIsoTime("2024-05-07T10:15:00 +02:00") == At(k2024_05_07, 8h, 15min));  // blank before the zone
  CHECK_FALSE(ParseIsoTime("2024-02-30").has_value());
  CHECK_FALSE(ParseIsoTime("2024-05-07T25:00Z").has_value());
  CHECK_FALSE(ParseIsoTime("yesterday").has_value());
  CHECK_FALSE(ParseIsoTime("2024-05-07T10:15:00Zjunk").has_value());
  CHECK_FALSE(ParseIsoTime("").has_value());
  CHECK_FALSE(ParseIsoTime("2024-05T10:00").has_value());  // a time needs the whole date
}

TEST_CASE("ISO8601_DatesAndOffsetsParse", "[base][time]") {
  CHECK(ParseIsoTime("1970-01-01") == 0);
  CHECK(ParseIsoTime("2023-10-21T14:03:05Z") == ParseIsoTime("2023-10-21T17:03:05+03:00"));
  CHECK(ParseIsoTime("2023-10-21T14:03:05Z") == ParseIsoTime("2023-10-21T09:03:05-0500"));
  CHECK(*ParseIsoTime("2023-10-21T14:03:05.250Z") - *ParseIsoTime("2023-10-21T14:03:05Z") == 250);
  CHECK(ParseIsoTime("2023-10-21 14:03") == ParseIsoTime("2023-10-21T14:03:00Z"));
  CHECK_FALSE(ParseIsoTime("2023-02-30").has_value());
  CHECK_FALSE(ParseIsoTime("yesterday").has_value());
  CHECK_FALSE(ParseIsoTime("2023-10-21T25:00").has_value());
  CHECK(FormatIsoTime(*ParseIsoTime("2023-10-21T17:03:05+03:00")) == "2023-10-21T14:03:05Z");
}

// RFC 3339 5.6: time-numoffset is "+" / "-" time-hour ":" time-minute, and
// time-hour runs to 23.
TEST_CASE("RFC3339_OffsetsRunTo23Hours", "[base][time]") {
  CHECK(ParseIsoTime("2024-05-07T23:00:00+23:00") == At(k2024_05_07));
  CHECK_FALSE(ParseIsoTime("2024-05-07T23:00:00+24:00").has_value());
  CHECK_FALSE(ParseIsoTime("2024-05-07T23:00:00+02:60").has_value());
}

// RFC 9110 5.6.7: three forms of HTTP-date; RSS dates are RFC 822 with any
// zone. All are read by curl_getdate.
TEST_CASE("RFC9110_HttpDateForms", "[base][time]") {
  const int64_t example = At(year{1994} / November / 6, 8h, 49min, 37s);
  CHECK(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == example);   // IMF-fixdate
  CHECK(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT") == example);  // obsolete RFC 850
  CHECK(ParseHttpDate("Sun Nov  6 08:49:37 1994") == example);        // asctime
  CHECK(ParseHttpDate("Tue, 07 May 2024 11:00:00 +0300") == At(k2024_05_07, 8h));
  CHECK(ParseHttpDate(" 7 May 2024 03:00:00 EST ") == At(k2024_05_07, 8h));
  // Both grammars require a time of day; without a name or a colon curl
  // would read stray numbers as a date.
  CHECK_FALSE(ParseHttpDate("Sun, 06 Nov 1994").has_value());
  CHECK_FALSE(ParseHttpDate("12345").has_value());
  CHECK_FALSE(ParseHttpDate("12:34").has_value());
  CHECK_FALSE(ParseHttpDate("not a date").has_value());
  CHECK_FALSE(ParseHttpDate("").has_value());
}

}  // namespace wirecrawl
