#include "crawler/fetch/retry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "base/ascii.h"
#include "base/time.h"

namespace wirecrawl {
namespace {

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
  // RFC 9110 5.5: a field value has no leading or trailing OWS (SP, HTAB).
  value = ascii::TrimBlanks(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), ascii::IsDigit)) {
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
  std::optional<int64_t> when_ms = ParseHttpDate(value);
  if (!when_ms) return std::nullopt;
  // In milliseconds: a date far in the future overflows system_clock's
  // nanoseconds.
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const auto delta = std::chrono::milliseconds(std::max<int64_t>(0, *when_ms - now_ms));
  return std::chrono::ceil<std::chrono::seconds>(delta);
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
