// tests/support/loopback_proxy.h: a forwarding proxy on 127.0.0.1 for tests,
// speaking the three kinds a crawler meets: HTTP CONNECT (https:// URLs
// through an HTTP proxy), HTTP absolute-form requests ("GET http://h/p":
// http:// URLs through an HTTP proxy) and SOCKS5 (socks5:// with an address,
// socks5h:// with a name). It logs every target it was asked for.
//
// It connects to loopback only: a target is a name routed with Route (to a
// port on 127.0.0.1) or 127.0.0.1 itself; anything else is answered 502 /
// SOCKS "host unreachable" and logged as refused. So a test can route a
// made-up name such as news.test to a LoopbackHttpServer, the way a real
// proxy resolves names the crawler never sees.
//
// Absolute-form requests are forwarded one per client connection
// ("Connection: close" both ways), which keeps the proxy simple; CONNECT and
// SOCKS tunnels carry whatever the client sends until either side closes.
//
// The test owns it (RAII), like LoopbackHttpServer. Thread safety: every
// public member may be called from any thread while it runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace wirecrawl::testing {

struct ProxiedRequest {
  std::string kind;      // "CONNECT", "GET" (absolute-form; the method as sent) or "SOCKS5"
  std::string target;    // "host:port" as the client named it (a SOCKS5 address as text)
  bool name = false;     // SOCKS5: the client sent a name (socks5h), not an address
  bool refused = false;  // not routed: answered with an error
  std::chrono::steady_clock::time_point received{};
};

class LoopbackProxy {
 public:
  // Binds 127.0.0.1:0 and serves. Throws std::runtime_error if it cannot.
  LoopbackProxy();
  ~LoopbackProxy();
  LoopbackProxy(const LoopbackProxy&) = delete;
  LoopbackProxy& operator=(const LoopbackProxy&) = delete;

  std::uint16_t port() const { return port_; }
  // "SCHEME://127.0.0.1:PORT", e.g. Url("socks5h").
  std::string Url(std::string_view scheme = "http") const;

  // Requests for host:port (host lower case) go to 127.0.0.1:loopback_port.
  void Route(const std::string& host_port, std::uint16_t loopback_port);

  std::vector<ProxiedRequest> Requests() const;
  // Client connections accepted so far, and the most open at one time.
  int ConnectionsAccepted() const;
  int MostConcurrentConnections() const;

 private:
  void AcceptLoop();
  void Serve(int fd);
  void ServeHttp(int fd);
  void ServeSocks5(int fd);
  // The loopback port for host:port, or 0 when it is not routed.
  std::uint16_t RouteFor(const std::string& host, std::uint16_t port) const;
  void Log(ProxiedRequest request);

  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::uint16_t port_ = 0;

  mutable std::mutex mu_;
  bool stopping_ = false;                        // GUARDED_BY(mu_)
  std::map<std::string, std::uint16_t> routes_;  // GUARDED_BY(mu_)
  std::vector<ProxiedRequest> log_;              // GUARDED_BY(mu_)
  std::set<int> open_fds_;                       // GUARDED_BY(mu_): client and upstream sockets
  std::vector<std::thread> workers_;             // GUARDED_BY(mu_)
  int accepted_ = 0;                             // GUARDED_BY(mu_)
  int open_clients_ = 0;                         // GUARDED_BY(mu_)
  int most_open_clients_ = 0;                    // GUARDED_BY(mu_)
  std::thread acceptor_;
};

}  // namespace wirecrawl::testing
