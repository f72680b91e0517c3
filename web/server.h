// web/server.h: the web page over HTTP (cpp-httplib), read-only.
//
// GET only (anything else: 405); every response carries SecurityHeaders().
// Requests run on a small pool of threads, each with an ArchiveReader of its
// own, opened on first use through the factory (for SQLite: a read-only
// connection, which reads beside a running crawler: WAL).
//
// Listening: loopback unless told otherwise. A non-loopback address is
// served, but logged as a warning: the page has no authentication, and the
// whole database is readable by anyone who reaches it.
//
// Thread safety: Start and the destructor on one thread; the server's own
// threads do the rest.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "store/archive_reader.h"

namespace wirecrawl::web {

using ReaderFactory = std::function<Result<std::unique_ptr<ArchiveReader>>()>;

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // "HOST:PORT" or "[IPv6]:PORT"; port 0 picks a free one
  int threads = 4;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

class WebServer {
 public:
  // Binds and starts serving on a thread of its own. Errors: kInvalidArgument
  // (a malformed address), kIoError (cannot listen there).
  static Result<std::unique_ptr<WebServer>> Start(const ServerOptions& options, ReaderFactory open_reader);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  int port() const;
  // "http://127.0.0.1:PORT/"
  std::string url() const;

 private:
  struct Impl;
  explicit WebServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecrawl::web
