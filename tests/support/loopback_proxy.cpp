#include "tests/support/loopback_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wirecrawl::testing {
namespace {

constexpr std::size_t kMaxHead = 64 * 1024;

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool RecvExact(int fd, void* out, std::size_t size) {
  auto* p = static_cast<char*>(out);
  while (size > 0) {
    ssize_t n = ::recv(fd, p, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads until the end of an HTTP head; `buffer` keeps what came after it.
bool ReadHead(int fd, std::string& buffer, std::string& head) {
  char chunk[4096];
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxHead) return false;
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  head = buffer.substr(0, end + 4);
  buffer.erase(0, end + 4);
  return true;
}

int ConnectLoopback(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Copies bytes both ways until either side closes.
void Splice(int a, int b) {
  char chunk[16384];
  pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0) continue;
      ssize_t n = ::recv(fds[i].fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      if (!SendAll(fds[1 - i].fd, std::string_view(chunk, static_cast<std::size_t>(n)))) return;
    }
  }
}

// "host:port" (host may be "[v6]") split; port 0 when malformed.
std::pair<std::string, std::uint16_t> SplitHostPort(std::string_view s, std::uint16_t default_port) {
  std::size_t colon = s.rfind(':');
  if (colon == std::string_view::npos || (s.find(']') != std::string_view::npos && colon < s.find(']'))) {
    return {std::string(s), default_port};
  }
  int port = std::atoi(std::string(s.substr(colon + 1)).c_str());
  if (port <= 0 || port > 65535) return {std::string(s), 0};
  return {std::string(s.substr(0, colon)), static_cast<std::uint16_t>(port)};
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

LoopbackProxy::LoopbackProxy() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    std::string err = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("proxy cannot listen on 127.0.0.1: " + err);
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

LoopbackProxy::~LoopbackProxy() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  [[maybe_unused]] ssize_t n = ::write(wake_pipe_[1], "x", 1);
  acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
  ::close(listen_fd_);
  ::close(wake_pipe_[0]);
  ::close(wake_pipe_[1]);
}

std::string LoopbackProxy::Url(std::string_view scheme) const {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_);
}

void LoopbackProxy::Route(const std::string& host_port, std::uint16_t loopback_port) {
  std::lock_guard lock(mu_);
  routes_[Lower(host_port)] = loopback_port;
}

std::vector<ProxiedRequest> LoopbackProxy::Requests() const {
  std::lock_guard lock(mu_);
  return log_;
}

int LoopbackProxy::ConnectionsAccepted() const {
  std::lock_guard lock(mu_);
  return accepted_;
}

int LoopbackProxy::MostConcurrentConnections() const {
  std::lock_guard lock(mu_);
  return most_open_clients_;
}

std::uint16_t LoopbackProxy::RouteFor(const std::string& host, std::uint16_t port) const {
  std::lock_guard lock(mu_);
  auto it = routes_.find(Lower(host) + ":" + std::to_string(port));
  if (it != routes_.end()) return it->second;
  // Loopback itself, and nothing else: a test proxy never leaves the machine.
  return host == "127.0.0.1" ? port : 0;
}

void LoopbackProxy::Log(ProxiedRequest request) {
  request.received = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  log_.push_back(std::move(request));
}

void LoopbackProxy::AcceptLoop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.insert(fd);
    ++accepted_;
    most_open_clients_ = std::max(most_open_clients_, ++open_clients_);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

void LoopbackProxy::Serve(int fd) {
  unsigned char first = 0;
  if (::recv(fd, &first, 1, MSG_PEEK) == 1) {
    if (first == 0x05) {
      ServeSocks5(fd);
    } else {
      ServeHttp(fd);
    }
  }
  std::lock_guard lock(mu_);
  open_fds_.erase(fd);
  --open_clients_;
  ::close(fd);
}

void LoopbackProxy::ServeHttp(int fd) {
  std::string buffer;
  std::string head;
  if (!ReadHead(fd, buffer, head)) return;
  std::size_t line_end = head.find("\r\n");
  std::string line = head.substr(0, line_end);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string::npos || sp2 <= sp1) return;
  std::string method = line.substr(0, sp1);
  std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string version = line.substr(sp2 + 1);

  std::string host_port;
  std::string origin_form;
  if (method == "CONNECT") {
    host_port = target;
  } else {
    // Absolute form: "http://host[:port]/path?q".
    if (target.rfind("http://", 0) != 0) {
      SendAll(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    std::string rest = target.substr(7);
    std::size_t slash = rest.find('/');
    host_port = rest.substr(0, slash);
    origin_form = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  auto [host, port] = SplitHostPort(host_port, method == "CONNECT" ? 443 : 80);
  std::uint16_t upstream_port = port == 0 ? 0 : RouteFor(host, port);
  Log({.kind = method, .target = host + ":" + std::to_string(port), .refused = upstream_port == 0});
  int upstream = upstream_port == 0 ? -1 : ConnectLoopback(upstream_port);
  if (upstream < 0) {
    SendAll(fd, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return;
  }
  {
    std::lock_guard lock(mu_);
    open_fds_.insert(upstream);
  }
  if (method == "CONNECT") {
    if (SendAll(fd, "HTTP/1.1 200 Connection established\r\n\r\n") &&
        (buffer.empty() || SendAll(upstream, buffer))) {
      Splice(fd, upstream);
    }
  } else {
    // One request per connection: hop-by-hop headers are dropped and the
    // origin asked to close, so its response ends the exchange.
    std::string forwarded = method + " " + origin_form + " " + version + "\r\n";
    std::size_t pos = line_end + 2;
    while (pos < head.size() - 2) {
      std::size_t end = head.find("\r\n", pos);
      std::string header = head.substr(pos, end - pos);
      pos = end + 2;
      std::string name = Lower(header.substr(0, header.find(':')));
      if (name == "proxy-connection" || name == "connection" || name == "keep-alive") continue;
      forwarded += header + "\r\n";
    }
    forwarded += "Connection: close\r\n\r\n" + buffer;
    if (SendAll(upstream, forwarded)) {
      char chunk[16384];
      ssize_t n;
      while ((n = ::recv(upstream, chunk, sizeof chunk, 0)) > 0) {
        if (!SendAll(fd, std::string_view(chunk, static_cast<std::size_t>(n)))) break;
      }
    }
  }
  std::lock_guard lock(mu_);
  open_fds_.erase(upstream);
  ::close(upstream);
}

// RFC 1928, no authentication; CONNECT only.
void LoopbackProxy::ServeSocks5(int fd) {
  unsigned char greeting[2];
  if (!RecvExact(fd, greeting, 2)) return;
  std::string methods(greeting[1], '\0');
  if (!RecvExact(fd, methods.data(), methods.size())) return;
  if (methods.find('\0') == std::string::npos) {
    SendAll(fd, std::string("\x05\xff", 2));
    return;
  }
  if (!SendAll(fd, std::string("\x05\x00", 2))) return;
  unsigned char request[4];
  if (!RecvExact(fd, request, 4) || request[0] != 0x05) return;
  std::string host;
  bool name = false;
  if (request[3] == 0x01) {
    unsigned char v4[4];
    if (!RecvExact(fd, v4, 4)) return;
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, v4, text, sizeof text);
    host = text;
  } else if (request[3] == 0x03) {
    unsigned char length = 0;
    if (!RecvExact(fd, &length, 1)) return;
    host.resize(length);
    if (!RecvExact(fd, host.data(), length)) return;
    name = true;
  } else if (request[3] == 0x04) {
    unsigned char v6[16];
    if (!RecvExact(fd, v6, 16)) return;
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, v6, text, sizeof text);
    host = std::string("[") + text + "]";
  } else {
    return;
  }
  unsigned char port_bytes[2];
  if (!RecvExact(fd, port_bytes, 2)) return;
  auto port = static_cast<std::uint16_t>(port_bytes[0] << 8 | port_bytes[1]);
  std::uint16_t upstream_port = request[1] == 0x01 ? RouteFor(host, port) : 0;
  Log({.kind = "SOCKS5",
       .target = host + ":" + std::to_string(port),
       .name = name,
       .refused = upstream_port == 0});
  int upstream = upstream_port == 0 ? -1 : ConnectLoopback(upstream_port);
  // Reply: version, status (0 ok, 4 host unreachable), reserved, an IPv4
  // bound address 0.0.0.0:0.
  std::string reply("\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10);
  if (upstream < 0) {
    reply[1] = 0x04;
    SendAll(fd, reply);
    return;
  }
  {
    std::lock_guard lock(mu_);
    open_fds_.insert(upstream);
  }
  if (SendAll(fd, reply)) Splice(fd, upstream);
  std::lock_guard lock(mu_);
  open_fds_.erase(upstream);
  ::close(upstream);
}

}  // namespace wirecrawl::testing
