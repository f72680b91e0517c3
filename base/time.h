// store/timestamps.h: the store's times (Unix epoch milliseconds, UTC) to and
// from ISO 8601 text, as articles carry dates and users type them.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wirecrawl {

// Accepts "2023-10-21", "2023-10-21T14:03", "2023-10-21 14:03:05",
// "2023-10-21T14:03:05.123Z", "...+03:00" / "+0300" / "-05". A date alone is
// midnight UTC; a time without offset is UTC. nullopt for anything else,
// including impossible dates (2023-02-30).
std::optional<int64_t> ParseIsoTime(std::string_view text);

// "2023-10-21T11:03:05Z" (seconds precision, UTC).
std::string FormatIsoTime(int64_t epoch_ms);

// The current time, for callers without an injected clock.
int64_t NowMs();

}  // namespace wirecrawl
