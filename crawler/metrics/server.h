// crawler/metrics_server.h: the daemon's optional Prometheus endpoint.
//
// GET /metrics answers with CrawlMetrics::PrometheusText() (text format
// 0.0.4); anything else is 404. It listens on the configured address,
// 127.0.0.1 by default, on a thread of its own.
//
// Thread safety: Start and the destructor on one thread.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "crawler/metrics/metrics.h"

namespace wirecrawl {

class MetricsServer {
 public:
  // listen: "HOST:PORT" or "[IPv6]:PORT"; port 0 picks a free one.
  // REQUIRES: metrics outlives the server.
  static Result<std::unique_ptr<MetricsServer>> Start(const std::string& listen, const CrawlMetrics& metrics);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const;

 private:
  struct Impl;
  explicit MetricsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecrawl
