#include "base/time.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>

#include "base/ascii.h"

namespace wirecrawl {
namespace {

// Reads exactly n digits at text[*pos].
std::optional<int> Digits(std::string_view text, size_t* pos, int n) {
  if (*pos + static_cast<size_t>(n) > text.size()) return std::nullopt;
  int value = 0;
  for (int i = 0; i < n; ++i) {
    char c = text[*pos + static_cast<size_t>(i)];
    if (!ascii::IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  *pos += static_cast<size_t>(n);
  return value;
}

bool Consume(std::string_view text, size_t* pos, char c) {
  if (*pos < text.size() && text[*pos] == c) {
    ++*pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<int64_t> ParseIsoTime(std::string_view text) {
  text = ascii::TrimWhitespace(text);
  size_t pos = 0;
  auto year = Digits(text, &pos, 4);
  if (!year) return std::nullopt;
  int month = 1;
  int day = 1;
  bool full_date = false;
  if (Consume(text, &pos, '-')) {
    auto m = Digits(text, &pos, 2);
    if (!m) return std::nullopt;
    month = *m;
    if (Consume(text, &pos, '-')) {
      auto d = Digits(text, &pos, 2);
      if (!d) return std::nullopt;
      day = *d;
      full_date = true;
    }
  }
  std::chrono::year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(month)},
                                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  int64_t ms = std::chrono::sys_days(ymd).time_since_epoch().count() * int64_t{86400000};
  if (pos == text.size()) return ms;
  if (!full_date) return std::nullopt;

  if (!Consume(text, &pos, 'T') && !Consume(text, &pos, 't') && !Consume(text, &pos, ' '))
    return std::nullopt;
  auto hour = Digits(text, &pos, 2);
  if (!hour || !Consume(text, &pos, ':')) return std::nullopt;
  auto minute = Digits(text, &pos, 2);
  if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
  int second = 0;
  int64_t millis = 0;
  if (Consume(text, &pos, ':')) {
    auto s = Digits(text, &pos, 2);
    if (!s || *s > 60) return std::nullopt;  // 60: a leap second, as ISO allows
    second = *s;
    if (Consume(text, &pos, '.') || Consume(text, &pos, ',')) {
      int scale = 100;
      size_t start = pos;
      while (pos < text.size() && ascii::IsDigit(text[pos])) {
        millis += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  ms += ((*hour * 60 + *minute) * 60 + second) * int64_t{1000} + millis;
  // Sitemaps in the wild put a space before the zone now and then.
  while (pos < text.size() && ascii::IsBlank(text[pos])) ++pos;
  if (pos == text.size()) return ms;

  if (Consume(text, &pos, 'Z') || Consume(text, &pos, 'z'))
    return pos == text.size() ? std::optional(ms) : std::nullopt;
  int sign = 0;
  if (Consume(text, &pos, '+')) {
    sign = 1;
  } else if (Consume(text, &pos, '-')) {
    sign = -1;
  } else {
    return std::nullopt;
  }
  auto off_hours = Digits(text, &pos, 2);
  if (!off_hours || *off_hours > 23) return std::nullopt;
  int off_minutes = 0;
  if (pos < text.size()) {
    Consume(text, &pos, ':');
    auto m = Digits(text, &pos, 2);
    if (!m || *m > 59) return std::nullopt;
    off_minutes = *m;
  }
  if (pos != text.size()) return std::nullopt;
  // Local time = UTC + offset, so UTC = local - offset.
  return ms - sign * (*off_hours * 60 + off_minutes) * int64_t{60000};
}

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  text = ascii::TrimWhitespace(text);
  if (std::none_of(text.begin(), text.end(), ascii::IsAlpha) || text.find(':') == std::string_view::npos ||
      text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  const time_t when = curl_getdate(std::string(text).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  // Straight to milliseconds: a time_t as far out as curl reads ("Mon, 06
  // May 2020200", found by discovery_fuzz) overflows system_clock's
  // nanoseconds, and could overflow milliseconds on a 64-bit time_t.
  constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1000;
  if (when > kMaxSeconds || when < -kMaxSeconds) return std::nullopt;
  return static_cast<int64_t>(when) * 1000;
}

std::string FormatIsoTime(int64_t epoch_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds{epoch_ms}};
  sys_days days = floor<std::chrono::days>(t);
  year_month_day ymd{days};
  hh_mm_ss<seconds> hms{floor<seconds>(t - days)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace wirecrawl
