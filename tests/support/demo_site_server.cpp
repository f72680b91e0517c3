#include "tests/support/demo_site_server.h"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

extern char** environ;

namespace wirecrawl::testing {

std::filesystem::path DemoSiteDir() {
  return std::filesystem::path(WIRECRAWL_SOURCE_DIR) / "examples" / "demo-site";
}

DemoSiteServer::DemoSiteServer(const std::filesystem::path& log_file, const std::filesystem::path& root)
    : log_file_(log_file) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::string script = (DemoSiteDir() / "serve.py").string();
  std::string site_root = root.empty() ? (DemoSiteDir() / "sites").string() : root.string();
  std::string log = log_file.string();
  std::vector<std::string> args = {"/usr/bin/python3", script,  "--port", "0",      "--root",
                                   site_root,          "--log", log,      "--quiet"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    throw std::runtime_error("cannot start " + script);
  }
  pid_ = pid;
  // First line: "serving on 127.0.0.1:PORT".
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[256];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  size_t colon = line.rfind(':', line.find('\n'));
  if (line.rfind("serving on 127.0.0.1:", 0) != 0 || colon == std::string::npos) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw std::runtime_error("serve.py did not start: " + line);
  }
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

DemoSiteServer::~DemoSiteServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    usleep(100'000);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string DemoSiteServer::ConnectToArgs(const std::vector<std::string>& hosts) const {
  std::string args;
  for (const std::string& h : hosts) args += " --connect-to " + h + ":80:127.0.0.1:" + std::to_string(port_);
  return args;
}

std::vector<ServedRequest> DemoSiteServer::Requests() const {
  std::vector<ServedRequest> requests;
  std::ifstream in(log_file_);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) continue;
    ServedRequest& r = requests.emplace_back();
    r.time = j.value("t", 0.0);
    r.host = j.value("host", "");
    r.method = j.value("method", "");
    r.path = j.value("path", "");
    r.status = j.value("status", 0);
    r.user_agent = j.value("ua", "");
  }
  return requests;
}

std::map<std::string, std::vector<double>> DemoSiteServer::RequestTimesByHost() const {
  std::map<std::string, std::vector<double>> by_host;
  for (const ServedRequest& r : Requests()) by_host[r.host.substr(0, r.host.find(':'))].push_back(r.time);
  for (auto& [host, times] : by_host) std::sort(times.begin(), times.end());
  return by_host;
}

}  // namespace wirecrawl::testing
