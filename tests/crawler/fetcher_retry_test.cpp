// Retry classification, Retry-After (RFC 9110 §10.2.3) and back-off: pure
// functions, tested without a clock or a network.
#include "crawler/fetch/retry.h"

#include <catch2/catch.hpp>

namespace wirecrawl {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;

// 1994-11-06 08:49:37 UTC, the example date of RFC 9110 §5.6.7.
const std::chrono::system_clock::time_point kRfcExample =
    sys_days(std::chrono::year{1994} / 11 / 6) + 8h + 49min + 37s;

FetchResult WithStatus(int status) {
  FetchResult r;
  r.status = status;
  return r;
}

FetchResult WithError(FetchError e) {
  FetchResult r;
  r.error = e;
  return r;
}

}  // namespace

TEST_CASE("Retry_TransientFailuresAreRetryable_FinalOnesAreNot", "[retry]") {
  for (int status : {408, 429, 500, 502, 503, 504, 599}) {
    INFO(status);
    CHECK(IsRetryable(WithStatus(status)));
  }
  for (int status : {200, 304, 301, 400, 401, 403, 404, 410, 501, 505}) {
    INFO(status);
    CHECK_FALSE(IsRetryable(WithStatus(status)));
  }
  for (FetchError e : {FetchError::kTimeout, FetchError::kConnect, FetchError::kConnectionLost}) {
    CHECK(IsRetryable(WithError(e)));
  }
  for (FetchError e :
       {FetchError::kBadUrl, FetchError::kRefusedScheme, FetchError::kAddressRefused, FetchError::kResolve,
        FetchError::kTooLarge, FetchError::kTooManyRedirects, FetchError::kTls, FetchError::kCancelled}) {
    INFO(FetchErrorName(e));
    CHECK_FALSE(IsRetryable(WithError(e)));
  }
}

TEST_CASE("Retry_429_503AndTimeoutsSignalHostOverload", "[retry]") {
  CHECK(SignalsHostOverload(WithStatus(429)));
  CHECK(SignalsHostOverload(WithStatus(503)));
  CHECK(SignalsHostOverload(WithError(FetchError::kTimeout)));
  CHECK_FALSE(SignalsHostOverload(WithStatus(500)));
  CHECK_FALSE(SignalsHostOverload(WithStatus(404)));
  CHECK_FALSE(SignalsHostOverload(WithError(FetchError::kConnectionLost)));
}

TEST_CASE("RFC9110_RetryAfterDelaySeconds", "[retry]") {
  CHECK(ParseRetryAfter("120", kRfcExample) == 120s);
  CHECK(ParseRetryAfter(" 0 ", kRfcExample) == 0s);
  CHECK(ParseRetryAfter("99999999999999999999999", kRfcExample) >= 86400s);  // saturates, no overflow
  CHECK_FALSE(ParseRetryAfter("", kRfcExample).has_value());
  CHECK_FALSE(ParseRetryAfter("-5", kRfcExample).has_value());
  CHECK_FALSE(ParseRetryAfter("1.5", kRfcExample).has_value());
  CHECK_FALSE(ParseRetryAfter("soon", kRfcExample).has_value());
}

TEST_CASE("RFC9110_RetryAfterHttpDateInAllThreeForms", "[retry]") {
  auto now = kRfcExample - 90s;
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now) == 90s);              // IMF-fixdate
  CHECK(ParseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now) == 90s);             // obsolete RFC 850
  CHECK(ParseRetryAfter("Sun Nov  6 08:49:37 1994", now) == 90s);                   // asctime
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample + 1h) == 0s);  // already past
  CHECK_FALSE(ParseRetryAfter("Sun, 06 Nov 1994", now).has_value());
}

TEST_CASE("Retry_ExponentialBackoffWithEqualJitter", "[retry]") {
  BackoffPolicy policy;
  policy.base = 1000ms;
  policy.max = 60'000ms;
  // jitter 1: the full exponential delay; jitter 0: half of it, never zero.
  CHECK(BackoffDelay(0, policy, 1.0) == 1000ms);
  CHECK(BackoffDelay(1, policy, 1.0) == 2000ms);
  CHECK(BackoffDelay(3, policy, 1.0) == 8000ms);
  CHECK(BackoffDelay(3, policy, 0.0) == 4000ms);
  CHECK(BackoffDelay(3, policy, 0.5) == 6000ms);
  CHECK(BackoffDelay(10, policy, 1.0) == 60'000ms);    // capped
  CHECK(BackoffDelay(1000, policy, 1.0) == 60'000ms);  // no overflow
  CHECK(BackoffDelay(-3, policy, 1.0) == 1000ms);
  CHECK(BackoffDelay(2, policy, 7.0) == 4000ms);  // jitter clamped to [0, 1]
}

TEST_CASE("RFC9110_RetryDelayHonoursRetryAfterUpToACap", "[retry]") {
  BackoffPolicy policy;
  policy.base = 1000ms;
  policy.max = 60'000ms;
  policy.max_retry_after = 3'600'000ms;
  FetchResult busy = WithStatus(503);
  busy.retry_after = "300";
  CHECK(RetryDelay(busy, 0, policy, kRfcExample, 1.0) == 300'000ms);
  busy.retry_after = "1";
  CHECK(RetryDelay(busy, 3, policy, kRfcExample, 1.0) == 8000ms);  // back-off is longer
  busy.retry_after = "999999999";
  CHECK(RetryDelay(busy, 0, policy, kRfcExample, 1.0) == 3'600'000ms);
  busy.retry_after = "garbage";
  CHECK(RetryDelay(busy, 0, policy, kRfcExample, 0.0) == 500ms);
}

}  // namespace wirecrawl
