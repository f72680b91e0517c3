#include "config/value_syntax.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "base/ascii.h"

namespace wirecrawl::config_syntax {
namespace {

using ascii::IsDigit;
using ascii::Lower;

// Blanks in and around a value are TOML's whitespace, SP and HTAB:
// ascii::IsBlank and ascii::TrimBlanks.

// A decimal number without sign or exponent: "12", "2.5", ".5". Advances pos.
bool ReadDecimal(std::string_view s, size_t& pos, double& value) {
  const size_t start = pos;
  while (pos < s.size() && (IsDigit(s[pos]) || s[pos] == '.')) ++pos;
  std::string_view digits = s.substr(start, pos - start);
  if (digits.empty() || std::count(digits.begin(), digits.end(), '.') > 1 || digits == ".") return false;
  value = std::strtod(std::string(digits).c_str(), nullptr);
  return std::isfinite(value);
}

bool ParsePort(std::string_view s, int min_port, int& port) {
  if (s.empty() || s.size() > 5) return false;
  int value = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  if (value < min_port || value > 65535) return false;
  port = value;
  return true;
}

bool IsIpv4(std::string_view s) {
  in_addr a{};
  return inet_pton(AF_INET, std::string(s).c_str(), &a) == 1;
}

bool IsIpv6(std::string_view s) {
  in6_addr a{};
  return inet_pton(AF_INET6, std::string(s).c_str(), &a) == 1;
}

bool IsBracketedIpv6(std::string_view s) {
  return s.size() > 2 && s.front() == '[' && s.back() == ']' && IsIpv6(s.substr(1, s.size() - 2));
}

// A host name as curl takes it: no separators, no whitespace, no control bytes.
bool IsPlainHost(std::string_view s) {
  if (s.empty()) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    return c == ':' || c == '/' || c == '[' || c == ']' || static_cast<unsigned char>(c) <= ' ';
  });
}

// Splits on ':' outside brackets, so "[::1]:80" is two fields.
std::vector<std::string_view> SplitColons(std::string_view s) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  bool in_brackets = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[') in_brackets = true;
    if (s[i] == ']') in_brackets = false;
    if (s[i] == ':' && !in_brackets) {
      fields.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  fields.push_back(s.substr(start));
  return fields;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  const std::string hint =
      "expected a duration such as \"500ms\", \"1s\", \"2m\", \"1h30m\" or \"7d\"; got " + Quoted(text);
  struct Unit {
    std::string_view name;
    double ms;
  };
  static constexpr Unit kUnits[] = {
      {"ms", 1.0},     {"s", 1e3},       {"sec", 1e3},  {"secs", 1e3},   {"second", 1e3},  {"seconds", 1e3},
      {"m", 6e4},      {"min", 6e4},     {"mins", 6e4}, {"minute", 6e4}, {"minutes", 6e4}, {"h", 3.6e6},
      {"hour", 3.6e6}, {"hours", 3.6e6}, {"d", 8.64e7}, {"day", 8.64e7}, {"days", 8.64e7},
  };
  double total_ms = 0;
  int parts = 0;
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && ascii::IsBlank(text[pos])) ++pos;
    if (pos == text.size()) break;
    double number = 0;
    if (!ReadDecimal(text, pos, number)) return Status::InvalidArgument(hint);
    while (pos < text.size() && ascii::IsBlank(text[pos])) ++pos;
    const size_t unit_start = pos;
    while (pos < text.size() && ascii::IsAlpha(text[pos])) ++pos;
    const std::string unit = Lower(text.substr(unit_start, pos - unit_start));
    const auto found =
        std::find_if(std::begin(kUnits), std::end(kUnits), [&](const Unit& u) { return u.name == unit; });
    if (found == std::end(kUnits)) {
      return Status::InvalidArgument(unit.empty() ? hint + " (a unit is required)" : hint);
    }
    total_ms += number * found->ms;
    ++parts;
  }
  if (parts == 0) return Status::InvalidArgument(hint);
  // Ten years: anything longer is a typo, and keeps the arithmetic far from overflow.
  if (total_ms > 10.0 * 365 * 8.64e7)
    return Status::InvalidArgument("duration " + Quoted(text) + " is too long");
  return std::chrono::milliseconds(std::llround(total_ms));
}

Result<int64_t> ParseSize(std::string_view text) {
  const std::string hint =
      "expected a size such as 1048576, \"500KiB\", \"10MiB\" or \"2MB\"; got " + Quoted(text);
  std::string_view t = ascii::TrimBlanks(text);
  size_t pos = 0;
  double number = 0;
  if (!ReadDecimal(t, pos, number)) return Status::InvalidArgument(hint);
  const std::string unit = Lower(ascii::TrimBlanks(t.substr(pos)));
  double multiplier = 0;
  if (unit.empty() || unit == "b")
    multiplier = 1;
  else if (unit == "kb")
    multiplier = 1e3;
  else if (unit == "kib")
    multiplier = 1024.0;
  else if (unit == "mb")
    multiplier = 1e6;
  else if (unit == "mib")
    multiplier = 1024.0 * 1024;
  else if (unit == "gb")
    multiplier = 1e9;
  else if (unit == "gib")
    multiplier = 1024.0 * 1024 * 1024;
  else
    return Status::InvalidArgument(hint);
  const double bytes = number * multiplier;
  if (bytes > static_cast<double>(std::numeric_limits<int64_t>::max() / 2)) {
    return Status::InvalidArgument("size " + Quoted(text) + " is too large");
  }
  return static_cast<int64_t>(std::llround(bytes));
}

Result<ResolvePin> ParseResolvePin(std::string_view pin) {
  const std::string hint =
      "expected \"[+]HOST:PORT:ADDR[,ADDR...]\" or \"-HOST:PORT\" (like curl --resolve); got " + Quoted(pin);
  ResolvePin out;
  std::string_view rest = pin;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    out.kind = rest.front() == '+' ? ResolvePin::Kind::kAddExpiring : ResolvePin::Kind::kRemove;
    rest.remove_prefix(1);
  }
  const size_t host_end = rest.find(':');
  if (host_end == std::string_view::npos) return Status::InvalidArgument(hint);
  out.host = rest.substr(0, host_end);
  if (!IsPlainHost(out.host)) return Status::InvalidArgument(hint + ": bad host");
  rest.remove_prefix(host_end + 1);
  const size_t port_end = rest.find(':');
  if (!ParsePort(rest.substr(0, port_end), 1, out.port)) return Status::InvalidArgument(hint + ": bad port");
  if (out.kind == ResolvePin::Kind::kRemove) {
    // A removal names no address.
    if (port_end != std::string_view::npos) return Status::InvalidArgument(hint);
    return out;
  }
  if (port_end == std::string_view::npos) return Status::InvalidArgument(hint);
  rest.remove_prefix(port_end + 1);
  if (rest.empty()) return Status::InvalidArgument(hint + ": no address");
  while (true) {
    const size_t comma = rest.find(',');
    std::string_view addr = rest.substr(0, comma);
    if (IsBracketedIpv6(addr)) addr = addr.substr(1, addr.size() - 2);
    if (!IsIpv4(addr) && !IsIpv6(addr)) {
      return Status::InvalidArgument(hint + ": " + Quoted(rest.substr(0, comma)) + " is not an IP address");
    }
    out.addresses.emplace_back(addr);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

Result<ConnectToPin> ParseConnectToPin(std::string_view pin) {
  const std::string hint = "expected \"HOST:PORT:HOST2:PORT2\" (like curl --connect-to); got " + Quoted(pin);
  const std::vector<std::string_view> fields = SplitColons(pin);
  if (fields.size() != 4) return Status::InvalidArgument(hint);
  for (size_t i : {0, 2}) {
    if (!fields[i].empty() && !IsPlainHost(fields[i]) && !IsBracketedIpv6(fields[i])) {
      return Status::InvalidArgument(hint + ": bad host " + Quoted(fields[i]));
    }
  }
  ConnectToPin out{std::string(fields[0]), 0, std::string(fields[2]), 0};
  for (auto [i, port] : {std::pair{1, &out.port}, std::pair{3, &out.target_port}}) {
    if (!fields[i].empty() && !ParsePort(fields[i], 1, *port)) {
      return Status::InvalidArgument(hint + ": bad port " + Quoted(fields[i]));
    }
  }
  return out;
}

Result<IpNetwork> ParseIpNetwork(std::string_view text) {
  const std::string hint =
      "expected an IP address or a CIDR range such as \"127.0.0.1\", \"10.0.0.0/8\" or "
      "\"fd00::/8\"; got " +
      Quoted(text);
  const size_t slash = text.find('/');
  IpNetwork out;
  out.address = text.substr(0, slash);
  if (IsIpv4(out.address)) {
    out.is_v4 = true;
    out.prefix_bits = 32;
  } else if (IsIpv6(out.address)) {
    out.prefix_bits = 128;
  } else {
    return Status::InvalidArgument(hint);
  }
  if (slash == std::string_view::npos) return out;
  const std::string_view prefix = text.substr(slash + 1);
  if (prefix.empty() || prefix.size() > 3 || !std::all_of(prefix.begin(), prefix.end(), IsDigit)) {
    return Status::InvalidArgument(hint);
  }
  const int bits = std::stoi(std::string(prefix));
  if (bits > out.prefix_bits) {
    return Status::InvalidArgument(hint + ": prefix longer than " + std::to_string(out.prefix_bits) +
                                   " bits");
  }
  out.prefix_bits = bits;
  return out;
}

Result<ProxyAddress> ParseProxy(std::string_view text, ProxySyntax syntax) {
  const std::string hint =
      "expected a proxy URL \"SCHEME://HOST:PORT\" with scheme http, https, socks4, socks4a, socks5 or socks5h, "
      "e.g. \"http://127.0.0.1:3128\" or \"socks5h://proxy.example:1080\"; got " +
      Quoted(text);
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; })) {
    return Status::InvalidArgument(hint + ": spaces or control characters");
  }
  ProxyAddress out;
  std::string_view rest = text;
  const size_t scheme_end = rest.find("://");
  if (scheme_end == std::string_view::npos) {
    if (syntax == ProxySyntax::kConfig) return Status::InvalidArgument(hint + ": no scheme");
    out.scheme = "http";
  } else {
    out.scheme = Lower(rest.substr(0, scheme_end));
    rest.remove_prefix(scheme_end + 3);
    static constexpr std::string_view kSchemes[] = {"http",    "https",  "socks4",
                                                    "socks4a", "socks5", "socks5h"};
    if (std::find(std::begin(kSchemes), std::end(kSchemes), out.scheme) == std::end(kSchemes)) {
      return Status::InvalidArgument(hint + ": unknown scheme " + Quoted(out.scheme));
    }
  }
  // The authority ends at "/"; nothing may follow but that one slash.
  const size_t slash = rest.find('/');
  if (slash != std::string_view::npos && slash + 1 != rest.size()) {
    return Status::InvalidArgument(hint + ": a proxy has no path");
  }
  rest = rest.substr(0, slash);
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  std::string_view port_text;
  bool has_port = false;
  if (!rest.empty() && rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos || !IsBracketedIpv6(rest.substr(0, close + 1))) {
      return Status::InvalidArgument(hint + ": bad IPv6 address");
    }
    out.host = rest.substr(1, close - 1);
    rest.remove_prefix(close + 1);
    if (!rest.empty() && rest.front() != ':') return Status::InvalidArgument(hint);
  } else {
    out.host = rest.substr(0, rest.find(':'));
    if (!IsPlainHost(out.host)) return Status::InvalidArgument(hint + ": bad host");
    rest.remove_prefix(out.host.size());
  }
  if (!rest.empty()) {
    has_port = true;
    port_text = rest.substr(1);
  }
  if (has_port) {
    if (!ParsePort(port_text, 1, out.port)) return Status::InvalidArgument(hint + ": bad port");
  } else if (syntax == ProxySyntax::kConfig) {
    return Status::InvalidArgument(hint + ": no port");
  } else {
    out.port = out.scheme == "https" ? 443 : 1080;
  }
  return out;
}

Status CheckListenAddress(std::string_view address) {
  const std::string hint = "expected \"HOST:PORT\" or \"[IPv6]:PORT\"; got " + Quoted(address);
  std::string_view host;
  std::string_view port_text;
  if (!address.empty() && address.front() == '[') {
    const size_t close = address.find(']');
    if (close == std::string_view::npos || close + 1 >= address.size() || address[close + 1] != ':') {
      return Status::InvalidArgument(hint);
    }
    host = address.substr(0, close + 1);
    if (!IsBracketedIpv6(host)) return Status::InvalidArgument(hint);
    port_text = address.substr(close + 2);
  } else {
    const size_t colon = address.rfind(':');
    if (colon == std::string_view::npos) return Status::InvalidArgument(hint);
    host = address.substr(0, colon);
    if (!IsPlainHost(host)) return Status::InvalidArgument(hint);
    port_text = address.substr(colon + 1);
  }
  int port = 0;
  if (!ParsePort(port_text, 0, port)) return Status::InvalidArgument(hint + ": bad port");
  return Status::Ok();
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t substitution = diagonal + (ascii::ToLower(a[i - 1]) == ascii::ToLower(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace wirecrawl::config_syntax
