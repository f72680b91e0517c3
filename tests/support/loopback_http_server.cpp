#include "tests/support/loopback_http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wirecrawl::testing {
namespace {

// Requests larger than this are answered by closing the connection: tests
// never send them, and an unbounded buffer would hide a client bug.
constexpr std::size_t kMaxRequestHead = 1 << 20;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::optional<std::string> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

// Parses "GET /x HTTP/1.1\r\nName: value\r\n..." (without the blank line).
std::optional<RecordedRequest> ParseHead(std::string_view head) {
  RecordedRequest request;
  std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = line.find(' ', sp1 == std::string_view::npos ? sp1 : sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) return std::nullopt;
  request.method = std::string(line.substr(0, sp1));
  request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  request.path = request.target.substr(0, request.target.find('?'));
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
  return request;
}

// RFC 9110 §13.1.2 weak comparison is enough for tests: W/ prefixes ignored.
bool EtagListMatches(std::string_view list, std::string_view etag) {
  auto strip_weak = [](std::string_view s) {
    if (s.substr(0, 2) == "W/") s.remove_prefix(2);
    return s;
  };
  etag = strip_weak(etag);
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    std::string candidate = Trim(list.substr(pos, comma == std::string_view::npos ? list.npos : comma - pos));
    if (candidate == "*" || strip_weak(candidate) == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

bool NotModified(const RecordedRequest& request, const CannedResponse& response) {
  if (!response.honour_conditional || response.status != 200) return false;
  if (auto inm = request.Header("If-None-Match")) {
    auto etag = FindHeader(response.headers, "ETag");
    return etag && EtagListMatches(*inm, *etag);
  }
  if (auto ims = request.Header("If-Modified-Since")) {
    // Exact match on the date string: what a server that echoes its own
    // Last-Modified sees from a well-behaved client.
    auto last_modified = FindHeader(response.headers, "Last-Modified");
    return last_modified && *last_modified == *ims;
  }
  return false;
}

}  // namespace

std::optional<std::string> RecordedRequest::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

std::string GzipCompress(std::string_view data) {
  z_stream zs{};
  // 15 + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

LoopbackHttpServer::LoopbackHttpServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    std::string err = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("cannot listen on 127.0.0.1: " + err);
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  stop_cv_.notify_all();
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

std::string LoopbackHttpServer::Url(std::string_view target) const {
  return "http://" + Authority() + std::string(target);
}

std::string LoopbackHttpServer::Authority() const { return "127.0.0.1:" + std::to_string(port_); }

void LoopbackHttpServer::Serve(const std::string& target, CannedResponse response) {
  if (response.gzip) {
    response.body = GzipCompress(response.body);
    response.gzip = false;
    response.headers.emplace_back("Content-Encoding", "gzip");
  }
  ServeDynamic(target, [response = std::move(response)](const RecordedRequest&) { return response; });
}

void LoopbackHttpServer::ServeDynamic(const std::string& target, Handler handler) {
  std::lock_guard lock(mu_);
  routes_[target] = std::move(handler);
}

void LoopbackHttpServer::Redirect(const std::string& target, const std::string& location, int status) {
  CannedResponse response;
  response.status = status;
  response.headers = {{"Location", location}};
  response.body = "moved";
  Serve(target, std::move(response));
}

std::vector<RecordedRequest> LoopbackHttpServer::Requests() const {
  std::lock_guard lock(mu_);
  return log_;
}

std::vector<RecordedRequest> LoopbackHttpServer::RequestsFor(std::string_view path) const {
  std::vector<RecordedRequest> out;
  for (auto& r : Requests()) {
    if (r.path == path) out.push_back(r);
  }
  return out;
}

std::size_t LoopbackHttpServer::ConnectionsAccepted() const {
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(connections_);
}

void LoopbackHttpServer::AcceptLoop() {
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
    int connection = ++connections_;
    workers_.emplace_back([this, fd, connection] { ServeConnection(fd, connection); });
  }
}

std::optional<CannedResponse> LoopbackHttpServer::Lookup(const RecordedRequest& request) const {
  Handler handler;
  {
    std::lock_guard lock(mu_);
    auto it = routes_.find(request.target);
    if (it == routes_.end()) it = routes_.find(request.path);
    if (it == routes_.end()) return std::nullopt;
    handler = it->second;
  }
  return handler(request);
}

bool LoopbackHttpServer::SleepUnlessStopping(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !stop_cv_.wait_for(lock, d, [this] { return stopping_; });
}

bool LoopbackHttpServer::SendAll(int fd, std::string_view bytes, std::chrono::milliseconds per_byte_delay) {
  while (!bytes.empty()) {
    std::size_t chunk = bytes.size();
    if (per_byte_delay.count() > 0) {
      if (!SleepUnlessStopping(per_byte_delay)) return false;
      chunk = 1;
    }
    ssize_t n = ::send(fd, bytes.data(), chunk, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void LoopbackHttpServer::ServeConnection(int fd, int connection) {
  std::string buffer;
  char chunk[16384];
  bool keep_open = true;
  while (keep_open) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || buffer.size() > kMaxRequestHead) {
        keep_open = false;
        break;
      }
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    if (!keep_open) break;
    auto parsed = ParseHead(std::string_view(buffer).substr(0, head_end));
    buffer.erase(0, head_end + 4);
    if (!parsed) break;
    RecordedRequest request = std::move(*parsed);
    request.received = std::chrono::steady_clock::now();
    request.connection = connection;
    // Request bodies are read and dropped: the crawler only sends GET/HEAD.
    if (auto length = request.Header("Content-Length")) {
      std::size_t want = std::strtoul(length->c_str(), nullptr, 10);
      while (buffer.size() < want) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      buffer.erase(0, std::min(want, buffer.size()));
    }
    {
      std::lock_guard lock(mu_);
      log_.push_back(request);
    }
    if (auto c = request.Header("Connection"); c && EqualsIgnoreCase(*c, "close")) keep_open = false;

    CannedResponse response;
    if (auto found = Lookup(request)) {
      response = std::move(*found);
    } else {
      response.status = 404;
      response.body = "no canned response for " + request.target;
    }
    if (response.reset_connection) {
      // SO_LINGER with a zero timeout makes close() send RST, not FIN.
      linger lin{1, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
      break;
    }
    if (response.gzip) {
      response.body = GzipCompress(response.body);
      response.headers.emplace_back("Content-Encoding", "gzip");
    }
    if (NotModified(request, response)) {
      CannedResponse not_modified;
      not_modified.status = 304;
      for (const char* name : {"ETag", "Last-Modified", "Cache-Control"}) {
        if (auto v = FindHeader(response.headers, name)) not_modified.headers.emplace_back(name, *v);
      }
      response = std::move(not_modified);
    }
    if (response.delay.count() > 0 && !SleepUnlessStopping(response.delay)) break;

    std::string head =
        "HTTP/1.1 " + std::to_string(response.status) + " " + ReasonPhrase(response.status) + "\r\n";
    for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
    bool send_body = request.method != "HEAD" && response.status != 304 && response.status != 204;
    if (response.endless_body) {
      head += "Connection: close\r\n\r\n";
      keep_open = false;
      std::string piece = response.body.empty() ? std::string(16384, 'x') : response.body;
      if (!SendAll(fd, head, response.per_byte_delay)) break;
      while (SendAll(fd, piece, response.per_byte_delay)) {
      }
      break;
    }
    if (response.status != 304 && response.status != 204) {
      head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    }
    if (!keep_open) head += "Connection: close\r\n";
    head += "\r\n";
    if (send_body) head += response.body;
    if (!SendAll(fd, head, response.per_byte_delay)) break;
  }
  {
    std::lock_guard lock(mu_);
    open_fds_.erase(fd);
  }
  ::close(fd);
}

}  // namespace wirecrawl::testing
