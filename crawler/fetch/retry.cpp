#include "crawler/fetch/retry.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace wirecrawl {
namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool RetryableStatus(int status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

}  // namespace

bool IsRetryable(const FetchResult& result) {
  switch (result.error) {
    case FetchError::kNone:
      return RetryableStatus(result.status);
    case FetchError::kTimeout:
    case FetchError::kConnect:
    case FetchError::kConnectionLost:
      return true;
    default:
      return false;
  }
}

bool SignalsHostOverload(const FetchResult& result) {
  if (result.error == FetchError::kTimeout) return true;
  return result.error == FetchError::kNone && (result.status == 429 || result.status == 503);
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now) {
  value = TrimSpace(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    // Absurdly large values saturate; RetryDelay caps them anyway.
    if (ec == std::errc::result_out_of_range)
      seconds = std::uint64_t{1} << 40;
    else if (ec != std::errc() || end != value.data() + value.size())
      return std::nullopt;
    return std::chrono::seconds(
        static_cast<std::int64_t>(std::min<std::uint64_t>(seconds, std::uint64_t{1} << 40)));
  }
  // Every HTTP-date form has a day or month name and an hh:mm:ss time; the
  // check keeps curl_getdate's leniency from accepting stray numbers.
  bool has_letter = std::any_of(value.begin(), value.end(),
                                [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (!has_letter || value.find(':') == std::string_view::npos) return std::nullopt;
  time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  auto delta = std::chrono::system_clock::from_time_t(when) - now;
  return std::max(std::chrono::seconds(0), std::chrono::ceil<std::chrono::seconds>(delta));
}

std::chrono::milliseconds BackoffDelay(int attempt, const BackoffPolicy& policy, double jitter) {
  jitter = std::clamp(jitter, 0.0, 1.0);
  // In double, so large attempt numbers saturate at max instead of overflowing.
  double capped = std::min(static_cast<double>(policy.max.count()),
                           static_cast<double>(policy.base.count()) * std::exp2(std::clamp(attempt, 0, 62)));
  double delay = capped / 2 + jitter * capped / 2;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(delay)));
}

std::chrono::milliseconds RetryDelay(const FetchResult& result, int attempt, const BackoffPolicy& policy,
                                     std::chrono::system_clock::time_point now, double jitter) {
  std::chrono::milliseconds delay = BackoffDelay(attempt, policy, jitter);
  if (auto asked = ParseRetryAfter(result.retry_after, now)) {
    auto capped = std::min<std::chrono::milliseconds>(*asked, policy.max_retry_after);
    delay = std::max(delay, capped);
  }
  return delay;
}

}  // namespace wirecrawl
