#include "crawler/fetch/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "base/ascii.h"
#include "config/value_syntax.h"

namespace wirecrawl {
namespace {

IpAddress MapV4(const std::uint8_t v4[4]) {
  IpAddress a;
  a.bytes[10] = 0xff;
  a.bytes[11] = 0xff;
  std::memcpy(&a.bytes[12], v4, 4);
  a.is_v4 = true;
  return a;
}

bool HasPrefix(const IpAddress& a, const IpAddress& net, int bits) {
  int full = bits / 8;
  if (!std::equal(a.bytes.begin(), a.bytes.begin() + full, net.bytes.begin())) return false;
  int rest = bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a.bytes[full] & mask) == (net.bytes[full] & mask);
}

// Prefix helpers for the table below; `v6` is written in text for clarity.
bool In6(const IpAddress& a, const char* v6, int bits) {
  IpAddress net;
  inet_pton(AF_INET6, v6, net.bytes.data());
  return HasPrefix(a, net, bits);
}

AddressClass ClassifyV4(const std::uint8_t* v) {
  const unsigned a = v[0], b = v[1], c = v[2], d = v[3];
  // Metadata services first: they sit inside the ranges below, but name the
  // reason a refusal matters most.
  if ((a == 169 && b == 254 && c == 169 && d == 254) || (a == 169 && b == 254 && c == 170 && d == 2) ||
      (a == 100 && b == 100 && c == 100 && d == 200)) {
    return AddressClass::kCloudMetadata;
  }
  if (a == 0) return AddressClass::kUnspecified;
  if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) return AddressClass::kPrivate;
  if (a == 100 && (b & 0xc0) == 64) return AddressClass::kCarrierGradeNat;
  if (a == 127) return AddressClass::kLoopback;
  if (a == 169 && b == 254) return AddressClass::kLinkLocal;
  if ((a & 0xf0) == 224) return AddressClass::kMulticast;
  // RFC 6890 special-purpose blocks that are not meant to be reached from a
  // crawler: IETF assignments, TEST-NETs, 6to4 relay, benchmarking, class E
  // (which includes the broadcast address).
  if ((a == 192 && b == 0 && (c == 0 || c == 2)) || (a == 192 && b == 88 && c == 99) ||
      (a == 198 && (b & 0xfe) == 18) || (a == 198 && b == 51 && c == 100) ||
      (a == 203 && b == 0 && c == 113) || a >= 240) {
    return AddressClass::kReserved;
  }
  return AddressClass::kPublic;
}

// The 16-byte form of an address the config's parsers have checked.
Result<IpAddress> CheckedAddress(std::string_view text) {
  std::optional<IpAddress> address = ParseIpAddress(text);
  if (!address) return Status::InvalidArgument("'" + std::string(text) + "' is not an IP address");
  return *address;
}

}  // namespace

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (is_v4) {
    inet_ntop(AF_INET, &bytes[12], buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  }
  return buf;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  std::uint8_t v4[4];
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) return MapV4(v4);
  IpAddress a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) return a;
  return std::nullopt;
}

std::optional<IpAddress> IpAddressFromSockaddr(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  if (address->sa_family == AF_INET) {
    sockaddr_in in4;
    std::memcpy(&in4, address, sizeof in4);
    return MapV4(reinterpret_cast<const std::uint8_t*>(&in4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    IpAddress a;
    std::memcpy(a.bytes.data(), &in6.sin6_addr, 16);
    return a;
  }
  return std::nullopt;
}

AddressClass ClassifyAddress(const IpAddress& a) {
  const auto& b = a.bytes;
  if (In6(a, "::ffff:0:0", 96) || In6(a, "64:ff9b::", 96)) return ClassifyV4(&b[12]);
  if (In6(a, "2002::", 16)) return ClassifyV4(&b[2]);  // 6to4 (RFC 3056)
  if (In6(a, "::", 128)) return AddressClass::kUnspecified;
  if (In6(a, "::1", 128)) return AddressClass::kLoopback;
  if (In6(a, "fd00:ec2::254", 128)) return AddressClass::kCloudMetadata;
  if (In6(a, "fc00::", 7) || In6(a, "fec0::", 10) || In6(a, "64:ff9b:1::", 48)) return AddressClass::kPrivate;
  if (In6(a, "fe80::", 10)) return AddressClass::kLinkLocal;
  if (In6(a, "ff00::", 8)) return AddressClass::kMulticast;
  if (In6(a, "2001:db8::", 32) || In6(a, "2001::", 23)) return AddressClass::kReserved;
  // IANA allocates global unicast only from 2000::/3; the rest is reserved.
  if (!In6(a, "2000::", 3)) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

const char* AddressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kCarrierGradeNat:
      return "carrier-grade NAT";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kCloudMetadata:
      return "cloud metadata";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "unknown";
}

Result<ConnectPolicy> ConnectPolicy::Create(const AddressPolicy& policy,
                                            const std::vector<std::string>& resolve_pins,
                                            const std::vector<std::string>& connect_to_pins,
                                            std::vector<Endpoint> proxies) {
  ConnectPolicy out;
  out.proxies_ = std::move(proxies);
  out.refuse_non_public_ = policy.refuse_non_public;
  for (const auto& text : policy.allowed_networks) {
    auto network = config_syntax::ParseIpNetwork(text);
    if (!network.ok()) return Status::InvalidArgument("allowed network: " + network.status().message());
    auto base = CheckedAddress(network->address);
    if (!base.ok()) return base.status();
    // IPv4 networks are held mapped, like their addresses.
    out.allowed_.push_back({*base, network->prefix_bits + (network->is_v4 ? 96 : 0)});
  }
  // A pin is the user saying "this name lives at this address": that is the
  // explicit exception issue 7 asks for, so its addresses are allowed.
  for (const auto& text : resolve_pins) {
    auto pin = config_syntax::ParseResolvePin(text);
    if (!pin.ok()) return pin.status();
    for (const auto& address_text : pin->addresses) {
      auto address = CheckedAddress(address_text);
      if (!address.ok()) return address.status();
      out.allowed_.push_back({*address, 128});
    }
  }
  for (const auto& text : connect_to_pins) {
    auto pin = config_syntax::ParseConnectToPin(text);
    if (!pin.ok()) return pin.status();
    // The target may be a name (resolved later, and checked then) or empty.
    if (auto address = ParseIpAddress(pin->target_host)) out.allowed_.push_back({*address, 128});
  }
  return out;
}

std::optional<std::string> ConnectPolicy::Refusal(const IpAddress& address) const {
  if (!refuse_non_public_) return std::nullopt;
  AddressClass c = ClassifyAddress(address);
  if (c == AddressClass::kPublic) return std::nullopt;
  for (const auto& net : allowed_) {
    if (HasPrefix(address, net.base, net.prefix_bits)) return std::nullopt;
  }
  return address.ToString() + " is a non-public address (" + AddressClassName(c) +
         "), refused by the address policy; allow it with [network] allow or --allow-network, or pin the host "
         "with --resolve or --connect-to";
}

std::optional<std::string> ConnectPolicy::Refusal(const IpAddress& address, std::uint16_t port) const {
  // The proxy is where the operator said traffic goes.
  if (std::find(proxies_.begin(), proxies_.end(), Endpoint{address, port}) != proxies_.end())
    return std::nullopt;
  return Refusal(address);
}

std::optional<std::string> ConnectPolicy::HostRefusal(std::string_view host) const {
  if (std::optional<IpAddress> literal = ParseIpAddress(host)) return Refusal(*literal);
  std::string name = ascii::Lower(host);
  if (!name.empty() && name.back() == '.') name.pop_back();
  constexpr std::string_view kLocalhost = "localhost";
  const bool localhost =
      name == kLocalhost || (name.size() > kLocalhost.size() + 1 && name.ends_with(kLocalhost) &&
                             name[name.size() - kLocalhost.size() - 1] == '.');
  if (!localhost) return std::nullopt;
  // RFC 6761 6.3: localhost names resolve to loopback addresses; allowed
  // only when both 127.0.0.1 and ::1 are.
  for (const char* loopback : {"127.0.0.1", "::1"}) {
    if (std::optional<std::string> refusal = Refusal(*ParseIpAddress(loopback))) {
      return "\"" + std::string(host) + "\" names a loopback address (RFC 6761): " + *refusal;
    }
  }
  return std::nullopt;
}

}  // namespace wirecrawl
