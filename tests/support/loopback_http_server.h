// tests/support/loopback_http_server.h: a real HTTP/1.1 server on 127.0.0.1
// for tests, serving canned responses and logging every request.
//
// The test owns it (RAII): the constructor binds 127.0.0.1 on an ephemeral
// port and starts the accept thread; the destructor stops it, cuts open
// connections and joins every thread. It never binds or connects anywhere but
// loopback.
//
// Responses are registered per request target (exact match on path + query,
// then on the path alone); anything else gets 404. A response can misbehave
// on purpose, as hostile servers do: slow bytes, an endless body, a
// connection reset, a gzip body, a delay before answering.
//
// Thread safety: every public member may be called from any thread while the
// server runs; Serve/ServeDynamic/Redirect may be called at any time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace wirecrawl::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct CannedResponse {
  int status = 200;
  Headers headers{};  // sent as given; Content-Length is added unless endless_body
  std::string body{};
  // Compress the body with gzip and send Content-Encoding: gzip. The body is
  // compressed once, when the response is registered.
  bool gzip = false;
  // Answer If-None-Match / If-Modified-Since with 304 when the response has
  // an ETag / Last-Modified header that matches, as a real server does.
  bool honour_conditional = true;
  // Wait this long after reading the request before answering.
  std::chrono::milliseconds delay{0};
  // Sleep this long before each byte of the response (headers and body):
  // a slowloris server.
  std::chrono::milliseconds per_byte_delay{0};
  // After the headers, stream `body` over and over without end.
  bool endless_body = false;
  // Read the request, then reset the connection (RST) without answering.
  bool reset_connection = false;
};

struct RecordedRequest {
  std::string method;
  std::string target;  // path and query as sent, e.g. "/news?page=2"
  std::string path;    // target without the query
  Headers headers;
  std::chrono::steady_clock::time_point received;
  int connection = 0;  // which accepted connection carried it, from 1

  // First header with this name (case-insensitive), or nullopt.
  std::optional<std::string> Header(std::string_view name) const;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<CannedResponse(const RecordedRequest&)>;

  // Binds 127.0.0.1:0 and starts serving. Throws std::runtime_error if the
  // socket cannot be bound (a broken test environment, not a test result).
  LoopbackHttpServer();
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + target.
  std::string Url(std::string_view target) const;
  // "127.0.0.1:PORT", e.g. for a --connect-to pin.
  std::string Authority() const;

  void Serve(const std::string& target, CannedResponse response);
  void ServeDynamic(const std::string& target, Handler handler);
  // Answers `status` with Location: location (absolute or relative, as given).
  void Redirect(const std::string& target, const std::string& location, int status = 301);

  // Every request received so far, in arrival order.
  std::vector<RecordedRequest> Requests() const;
  std::vector<RecordedRequest> RequestsFor(std::string_view path) const;
  std::size_t ConnectionsAccepted() const;

 private:
  void AcceptLoop();
  void ServeConnection(int fd, int connection);
  std::optional<CannedResponse> Lookup(const RecordedRequest& request) const;
  // Sleeps up to `d`; returns false when the server is stopping.
  bool SleepUnlessStopping(std::chrono::milliseconds d);
  bool SendAll(int fd, std::string_view bytes, std::chrono::milliseconds per_byte_delay);

  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::uint16_t port_ = 0;

  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;                  // GUARDED_BY(mu_)
  std::map<std::string, Handler> routes_;  // GUARDED_BY(mu_)
  std::vector<RecordedRequest> log_;       // GUARDED_BY(mu_)
  std::set<int> open_fds_;                 // GUARDED_BY(mu_)
  std::vector<std::thread> workers_;       // GUARDED_BY(mu_)
  int connections_ = 0;                    // GUARDED_BY(mu_)

  std::thread acceptor_;
};

// gzip-compresses `data` (RFC 1952), for canned bodies and .gz fixtures.
std::string GzipCompress(std::string_view data);

}  // namespace wirecrawl::testing
