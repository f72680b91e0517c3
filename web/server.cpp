#include "web/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "base/time.h"
#include "web/pages.h"

namespace wirecrawl::web {
namespace {

// The readers the request threads share: one per concurrent request at
// most, opened on first need and kept; a request borrows one for its
// duration (ArchiveReader is one thread at a time).
class ReaderPool {
 public:
  explicit ReaderPool(ReaderFactory open) : open_(std::move(open)) {}

  struct Lease {
    ReaderPool* pool = nullptr;
    std::unique_ptr<Pages> pages;
    ~Lease() {
      if (pool != nullptr && pages) pool->Return(std::move(pages));
    }
  };

  // A reader's pages, or the reason none could be opened.
  Result<std::unique_ptr<Pages>> Borrow() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<Pages> pages = std::move(idle_.back());
        idle_.pop_back();
        return pages;
      }
    }
    Result<std::unique_ptr<ArchiveReader>> reader = open_();
    if (!reader.ok()) return reader.status();
    std::lock_guard<std::mutex> lock(mutex_);
    readers_.push_back(std::move(reader).value());
    return std::make_unique<Pages>(*readers_.back(), [] { return NowMs(); });
  }

  void Return(std::unique_ptr<Pages> pages) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(pages));
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.clear();
    readers_.clear();
  }

 private:
  ReaderFactory open_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<ArchiveReader>> readers_;  // owned; never moved while in use
  std::vector<std::unique_ptr<Pages>> idle_;
};

void AddSecurityHeaders(httplib::Response& response) {
  for (const auto& [name, value] : SecurityHeaders()) response.set_header(name, value);
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

struct WebServer::Impl {
  explicit Impl(ReaderFactory open) : readers(std::move(open)) {}
  ReaderPool readers;
  httplib::Server server;
  std::thread thread;
  std::string host;
  int port = 0;
};

WebServer::WebServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WebServer::~WebServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->readers.Clear();
}

int WebServer::port() const { return impl_->port; }

std::string WebServer::url() const {
  bool v6 = impl_->host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(impl_->port) + "/";
}

Result<std::unique_ptr<WebServer>> WebServer::Start(const ServerOptions& options, ReaderFactory open_reader) {
  const std::string& listen = options.listen;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument("web listen address: expected HOST:PORT, got \"" + listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  std::string port_text = listen.substr(colon + 1);
  if (!port_text.empty() && port_text.size() <= 5 &&
      port_text.find_first_not_of("0123456789") == std::string::npos) {
    port = std::stoi(port_text);
  }
  if (port < 0 || port > 65535)
    return Status::InvalidArgument("web listen address: bad port in \"" + listen + "\"");
  if (!IsLoopbackHost(host)) {
    spdlog::warn(
        "web: listening on {}, which is not a loopback address: the page has no authentication, and anyone who "
        "can reach it can read the whole database",
        listen);
  }

  auto impl = std::make_unique<Impl>(std::move(open_reader));
  const int threads = std::max(1, options.threads);
  impl->server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // Slow or idle clients must not hold the few threads for long.
  impl->server.set_read_timeout(10, 0);
  impl->server.set_write_timeout(10, 0);
  impl->server.set_keep_alive_timeout(5);
  impl->server.set_payload_max_length(64 * 1024);
  Impl* raw = impl.get();
  auto handle = [raw](const httplib::Request& request, httplib::Response& response) {
    AddSecurityHeaders(response);
    auto start = std::chrono::steady_clock::now();
    Result<std::unique_ptr<Pages>> pages = raw->readers.Borrow();
    if (!pages.ok()) {
      spdlog::error("web: cannot open the database: {}", pages.status().message());
      response.status = 503;
      response.set_content("database unavailable: " + pages.status().message() + "\n",
                           "text/plain; charset=utf-8");
      return;
    }
    ReaderPool::Lease lease{&raw->readers, std::move(pages).value()};
    Response page = lease.pages->Get(request.path, request.params);
    response.status = page.status;
    response.set_content(std::move(page.body), page.content_type);
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
                  .count();
    spdlog::debug("web: GET {} {} in {:.1f} ms", request.path, page.status, static_cast<double>(us) / 1000.0);
  };
  impl->server.Get(".*", handle);
  auto refuse = [](const httplib::Request&, httplib::Response& response) {
    AddSecurityHeaders(response);
    response.status = 405;
    response.set_header("Allow", "GET, HEAD");
    response.set_content("read-only: GET only\n", "text/plain; charset=utf-8");
  };
  impl->server.Post(".*", refuse);
  impl->server.Put(".*", refuse);
  impl->server.Delete(".*", refuse);
  impl->server.Patch(".*", refuse);
  // Errors httplib answers itself (400, 404 of unknown methods, 413...).
  impl->server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    AddSecurityHeaders(response);
    if (response.body.empty())
      response.set_content(std::to_string(response.status) + "\n", "text/plain; charset=utf-8");
  });

  impl->host = host;
  impl->port =
      port == 0 ? impl->server.bind_to_any_port(host) : (impl->server.bind_to_port(host, port) ? port : -1);
  if (impl->port <= 0) return Status::IoError("web: cannot listen on " + listen);
  impl->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  return std::unique_ptr<WebServer>(new WebServer(std::move(impl)));
}

}  // namespace wirecrawl::web
