// tests/support/tls_test_site.h: HTTPS for end-to-end tests: a certificate
// authority made on the spot with the openssl command, and nginx serving a
// directory over TLS (HTTP/2) on loopback ports.
//
// Both live in a scratch directory the test owns; nothing is installed and
// nothing needs root (nginx runs as one process, as the current user, with
// every path in that directory: `daemon off; master_process off;`). It
// works the same as root (CI) and as a normal user.
//
// Debian 12 ships nginx 1.22, where HTTP/2 is switched on per listen socket
// (`listen ... ssl http2;`); the `http2 on;` directive came in 1.25.1.
//
// Failures to set up (no openssl or nginx, a command that fails) throw
// std::runtime_error with the command's output: a broken test environment,
// not a test result. scripts/install-deps.sh installs both.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace wirecrawl::testing {

class TestCa {
 public:
  // A new CA (EC P-256, valid for 30 days) in `dir`.
  explicit TestCa(std::filesystem::path dir);

  std::string cert_file() const { return (dir_ / "ca.pem").string(); }

  struct Issued {
    std::string cert_file;
    std::string key_file;
  };
  // A server certificate named `stem` for `dns_names` (the first is also
  // the subject's CN), valid from not_before to not_after.
  Issued Issue(const std::string& stem, const std::vector<std::string>& dns_names,
               std::chrono::system_clock::time_point not_before,
               std::chrono::system_clock::time_point not_after);
  // Valid from a day ago for 30 days.
  Issued Issue(const std::string& stem, const std::vector<std::string>& dns_names);

 private:
  std::filesystem::path dir_;
};

// One line of NginxServer's access log.
struct NginxLogLine {
  double msec = 0;               // $msec: when the request was logged
  long connection = 0;           // $connection: which client connection carried it
  long connection_requests = 0;  // $connection_requests: its number on that connection
  std::string protocol;          // "HTTP/2.0", "HTTP/1.1"
  std::string host;              // $host
  std::string uri;               // $request_uri
  int status = 0;
  std::string tls;  // $ssl_protocol, "-" over plain HTTP
};

class NginxServer {
 public:
  // Picks `port_count` free loopback ports and starts nginx with an http
  // block holding what `servers(ports)` returns (server blocks; the test
  // writes `listen 127.0.0.1:PORT ssl http2;` itself). Waits until every
  // port accepts connections.
  NginxServer(std::filesystem::path dir, int port_count,
              std::function<std::string(const std::vector<std::uint16_t>& ports)> servers);
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  std::uint16_t port(std::size_t i) const { return ports_.at(i); }
  std::vector<NginxLogLine> AccessLog() const;
  std::string ErrorLog() const;

 private:
  bool Start(const std::function<std::string(const std::vector<std::uint16_t>&)>& servers, std::string& why);
  void Stop();

  std::filesystem::path dir_;
  std::vector<std::uint16_t> ports_;
  pid_t pid_ = -1;
};

}  // namespace wirecrawl::testing
