// config/value_syntax.h: the string syntaxes config values use beyond plain
// TOML: durations, byte sizes, curl-style host pins, IP ranges and listen
// addresses. Used by config/options.cpp; exposed so that the CLI can check
// the same syntaxes on its flags (e.g. `--resolve`).
//
// Contract: pure functions, thread-safe. Each parser returns the value, or an
// error message (without position: the caller knows where the value came from).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace wirecrawl::config_syntax {

// "500ms", "1s", "2.5s", "2m", "2min", "1h30m", "7d"; no sign, no bare number.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// "512", "500KiB", "10 MiB", "2MB" (KB/MB/GB are powers of 1000, KiB/MiB/GiB
// of 1024), case-insensitive units.
Result<int64_t> ParseSize(std::string_view text);

// curl --resolve: "[+]HOST:PORT:ADDR[,ADDR...]", ADDR an IPv4 address or a
// bracketed IPv6 address; HOST may be "*".
Status CheckResolvePin(std::string_view pin);

// curl --connect-to: "HOST:PORT:HOST2:PORT2"; any part may be empty (any host,
// any port, same host, same port); hosts may be bracketed IPv6 addresses.
Status CheckConnectToPin(std::string_view pin);

// "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8".
Status CheckAddressRange(std::string_view range);

// "127.0.0.1:9464", "localhost:9464", "[::1]:9464"; port 0 = any free port.
Status CheckListenAddress(std::string_view address);

// Levenshtein distance, for "did you mean" hints on unknown keys.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace wirecrawl::config_syntax
