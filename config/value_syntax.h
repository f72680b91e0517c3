// config/value_syntax.h: the string syntaxes config values use beyond plain
// TOML: durations, byte sizes, curl-style host pins, IP networks and listen
// addresses. Used by config/options.cpp; exposed so that the CLI and the
// fetcher read the same syntaxes (one parser per format).
//
// Contract: pure functions, thread-safe. Each parser returns the value, or an
// error message (without position: the caller knows where the value came from).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace wirecrawl::config_syntax {

// "500ms", "1s", "2.5s", "2m", "2min", "1h30m", "7d"; no sign, no bare number.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// "512", "500KiB", "10 MiB", "2MB" (KB/MB/GB are powers of 1000, KiB/MiB/GiB
// of 1024), case-insensitive units.
Result<int64_t> ParseSize(std::string_view text);

// ---- curl's host pins and IP networks ----------------------------------------
// One grammar for config loading, the CLI's flags and the fetcher
// (crawler/fetch/address_policy.h), which hands the pins to libcurl and
// allows the addresses they name.

// CURLOPT_RESOLVE (curl --resolve): "[+]HOST:PORT:ADDR[,ADDR...]" pins
// HOST:PORT to the addresses, "+" making the entry time out like a DNS
// entry; "-HOST:PORT" removes an earlier pin. HOST is a name without ":"
// (curl resolves names, not IP literals), or "*" for any host; PORT is
// 1-65535; each ADDR an IPv4 or IPv6 address, IPv6 optionally in brackets.
struct ResolvePin {
  enum class Kind { kAdd, kAddExpiring, kRemove };
  Kind kind = Kind::kAdd;
  std::string host;
  int port = 0;
  std::vector<std::string> addresses;  // brackets removed; empty for kRemove
};
Result<ResolvePin> ParseResolvePin(std::string_view pin);

// CURLOPT_CONNECT_TO (curl --connect-to):
// "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT". Any of the four may be empty:
// an empty HOST or PORT matches any host or port, an empty CONNECT-TO-HOST or
// CONNECT-TO-PORT keeps the request's own (so "a.test:80::" is valid and
// changes nothing). Hosts are names, IPv4 addresses or IPv6 addresses in
// brackets; ports are 1-65535.
struct ConnectToPin {
  std::string host;         // empty: any host
  int port = 0;             // 0: any port
  std::string target_host;  // as written ("[::1]" keeps its brackets); empty: the request's host
  int target_port = 0;      // 0: the request's port
};
Result<ConnectToPin> ParseConnectToPin(std::string_view pin);

// An IP address or a CIDR network, without brackets: "10.0.0.1",
// "10.0.0.0/8", "::1", "fd00::/8".
struct IpNetwork {
  std::string address;  // the part before "/"
  bool is_v4 = false;
  int prefix_bits = 0;  // 32 or 128 when no prefix is written
};
Result<IpNetwork> ParseIpNetwork(std::string_view text);

// A proxy for libcurl (CURLOPT_PROXY): "SCHEME://[USER[:PASSWORD]@]HOST:PORT[/]"
// with SCHEME http, https, socks4, socks4a, socks5 or socks5h (any case);
// HOST a name, an IPv4 address or an IPv6 address in brackets. The config
// asks for the scheme and the port (libcurl's default proxy port is not the
// same in every version); a *_proxy environment variable may leave them out,
// as curl reads it: http, and port 1080 (443 for an https proxy).
struct ProxyAddress {
  std::string scheme;  // lower case
  std::string host;    // brackets removed
  int port = 0;
  // Whether the proxy resolves the target's name (http, https, socks4a,
  // socks5h) or libcurl does and hands it the address (socks4, socks5).
  bool ResolvesNames() const { return scheme != "socks4" && scheme != "socks5"; }
};
enum class ProxySyntax { kConfig, kEnvironment };
Result<ProxyAddress> ParseProxy(std::string_view text, ProxySyntax syntax = ProxySyntax::kConfig);

// "127.0.0.1:9464", "localhost:9464", "[::1]:9464"; port 0 = any free port.
Status CheckListenAddress(std::string_view address);

// Levenshtein distance, for "did you mean" hints on unknown keys.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace wirecrawl::config_syntax
