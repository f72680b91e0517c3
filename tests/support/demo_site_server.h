// tests/support/demo_site_server.h: the demo news web (examples/demo-site/)
// served by its own serve.py on 127.0.0.1, for end-to-end crawl tests.
//
// RAII: the constructor starts `/usr/bin/python3 serve.py --port 0 --log F`
// as a child process and reads the port from its first line; the destructor
// sends SIGTERM and reaps it. Throws std::runtime_error when the server does
// not come up (a broken environment, not a test result).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace wirecrawl::testing {

struct ServedRequest {
  double time = 0;  // unix seconds, as the server logged it
  std::string host;
  std::string method;
  std::string path;  // target as sent: path and query
  int status = 0;
  std::string user_agent;
};

class DemoSiteServer {
 public:
  // root: a directory of <host>/ trees; empty: examples/demo-site/sites.
  explicit DemoSiteServer(const std::filesystem::path& log_file, const std::filesystem::path& root = {});
  ~DemoSiteServer();
  DemoSiteServer(const DemoSiteServer&) = delete;
  DemoSiteServer& operator=(const DemoSiteServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "--connect-to HOST:80:127.0.0.1:PORT" for each host, as shell words.
  std::string ConnectToArgs(const std::vector<std::string>& hosts) const;
  // Every request logged so far.
  std::vector<ServedRequest> Requests() const;
  // When each host (without its port) was answered, in order: what the
  // politeness checks compare with the host's delay.
  std::map<std::string, std::vector<double>> RequestTimesByHost() const;

 private:
  std::filesystem::path log_file_;
  int pid_ = -1;
  std::uint16_t port_ = 0;
};

// The source tree's examples/demo-site directory.
std::filesystem::path DemoSiteDir();

}  // namespace wirecrawl::testing
