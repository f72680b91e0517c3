// crawler/fetcher_address_policy.h: which IP addresses the fetcher may
// connect to (issue 7, SSRF).
//
// A crawler follows URLs chosen by strangers, so by default it refuses to
// connect to loopback, private, link-local, CGNAT, multicast, reserved and
// cloud-metadata addresses, IPv4 and IPv6 alike. The check runs on the address
// actually connected to (after DNS, on every redirect hop; the fetcher calls
// it from CURLOPT_OPENSOCKETFUNCTION), so DNS rebinding does not get around
// it. Exceptions are explicit: an allow-list of networks in the config, the
// addresses named in --resolve / --connect-to pins, and the configured proxy
// (its address and port only).
//
// Through a proxy the crawler connects only to the proxy: the address the
// proxy connects to is out of sight (http, https, socks4a and socks5h
// proxies resolve the name themselves; with socks4/socks5 libcurl resolves
// it inside the SOCKS handshake, where no callback sees it). What can still
// be judged is the URL's host when it is an IP address or a localhost name:
// HostRefusal, which the fetcher checks on every hop when a proxy is set.
//
// Thread safety: ConnectPolicy is immutable after Create; Refusal may be
// called from any thread. The free functions are pure.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

struct sockaddr;

namespace wirecrawl {

struct AddressPolicy {
  // false turns the check off entirely (e.g. an intranet crawl).
  bool refuse_non_public = true;
  // CIDR networks or single addresses always allowed, e.g. "127.0.0.0/8",
  // "10.20.0.0/16", "::1".
  std::vector<std::string> allowed_networks;
};

// An IPv4 or IPv6 address; IPv4 is held as ::ffff:a.b.c.d (RFC 4291 §2.5.5.2)
// so one prefix match serves both families.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool is_v4 = false;

  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

std::optional<IpAddress> ParseIpAddress(std::string_view text);  // "1.2.3.4", "::1", "[::1]"
std::optional<IpAddress> IpAddressFromSockaddr(const sockaddr* address);

enum class AddressClass {
  kPublic,
  kUnspecified,      // 0.0.0.0/8, ::
  kLoopback,         // 127.0.0.0/8, ::1
  kPrivate,          // RFC 1918, fc00::/7 (unique local)
  kLinkLocal,        // 169.254.0.0/16, fe80::/10
  kCarrierGradeNat,  // 100.64.0.0/10 (RFC 6598)
  kMulticast,        // 224.0.0.0/4, ff00::/8
  kCloudMetadata,    // 169.254.169.254, 169.254.170.2, 100.100.100.200, fd00:ec2::254
  kReserved,         // documentation, benchmarking, 240.0.0.0/4, broadcast, site-local, ...
};

// What kind of address this is. IPv6 forms that embed an IPv4 address
// (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by
// the embedded address, so ::ffff:127.0.0.1 is loopback.
AddressClass ClassifyAddress(const IpAddress& address);
const char* AddressClassName(AddressClass c);

// An address and port: a proxy the fetcher may always connect to.
struct Endpoint {
  IpAddress address;
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

class ConnectPolicy {
 public:
  // Networks, --resolve and --connect-to pins are read with the config's
  // parsers (config/value_syntax.h), so what loads from a config file also
  // starts a crawl. Fails on a malformed network or pin, naming it.
  // `proxies`: the proxy's addresses, allowed at their port only.
  static Result<ConnectPolicy> Create(const AddressPolicy& policy,
                                      const std::vector<std::string>& resolve_pins,
                                      const std::vector<std::string>& connect_to_pins,
                                      std::vector<Endpoint> proxies = {});

  // nullopt when a connection to `address` is allowed; otherwise why not,
  // e.g. "127.0.0.1 is a loopback address".
  std::optional<std::string> Refusal(const IpAddress& address) const;
  // The same for a connection to address:port, which may be a proxy's.
  std::optional<std::string> Refusal(const IpAddress& address, std::uint16_t port) const;
  // What a URL's host alone tells, for requests through a proxy: an IP
  // literal ("127.0.0.1", "[::1]") is judged as Refusal judges it, and
  // "localhost" and names under ".localhost" as loopback (RFC 6761 6.3).
  // nullopt for every other name: only the proxy sees its address.
  std::optional<std::string> HostRefusal(std::string_view host) const;

 private:
  struct Network {
    IpAddress base;
    int prefix_bits = 128;
  };
  bool refuse_non_public_ = true;
  std::vector<Network> allowed_;
  std::vector<Endpoint> proxies_;
};

}  // namespace wirecrawl
