// crawler/fetcher_retry.h: when to retry a fetch, and how long to wait.
//
// Pure functions for the scheduler: which FetchResults are worth another
// attempt, which say the host is overloaded (so the whole host backs off),
// Retry-After parsing (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), and
// exponential back-off with jitter. Randomness and time come in as
// arguments, so each is tested without sleeping.
//
// Thread safety: all functions are reentrant.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "crawler/fetch/fetcher.h"

namespace wirecrawl {

// Timeouts, connection failures (refused, reset, closed early), 408, 429 and
// 5xx other than 501 and 505 (which do not change on retry). A bad URL, a
// refused scheme or address, an oversized body, a redirect loop, TLS errors
// and other 4xx are final. DNS failure is final too: a crawl meets far more
// dead names than flaky resolvers.
bool IsRetryable(const FetchResult& result);

// 429, 503 and timeouts: signs the host is struggling, so every request to
// it should back off, not just this one.
bool SignalsHostOverload(const FetchResult& result);

// The delay a Retry-After value asks for, measured from `now`; a date in the
// past gives zero. nullopt when the value is neither delay-seconds nor an
// HTTP-date (IMF-fixdate, RFC 850 or asctime form).
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now);

struct BackoffPolicy {
  std::chrono::milliseconds base{1000};      // first retry waits about this long
  std::chrono::milliseconds max{3'600'000};  // back-off never exceeds an hour...
  // ...and a server's Retry-After is honoured up to a day, so a hostile or
  // broken value cannot park a URL forever.
  std::chrono::milliseconds max_retry_after{86'400'000};
};

// Exponential back-off with "equal jitter": the capped delay
// d = min(max, base * 2^attempt), then d/2 + jitter * d/2, so retries spread
// out but never collapse to zero. attempt counts from 0; jitter in [0, 1].
std::chrono::milliseconds BackoffDelay(int attempt, const BackoffPolicy& policy, double jitter);

// The wait before retrying `result`: the back-off, or the server's
// Retry-After when that is longer (capped at max_retry_after).
std::chrono::milliseconds RetryDelay(const FetchResult& result, int attempt, const BackoffPolicy& policy,
                                     std::chrono::system_clock::time_point now, double jitter);

}  // namespace wirecrawl
