#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace wirecrawl::testing {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
constexpr uid_t kNobody = 65534;
constexpr gid_t kNogroup = 65534;

bool RunningAsRoot() { return geteuid() == 0; }

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("no free loopback port for PostgreSQL");
  }
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// In the child: become the server's user, then exec.
[[noreturn]] void ExecAsServerUser(const std::string& dir, const std::string& program,
                                   const std::vector<std::string>& args, const std::string& log,
                                   bool die_with_parent) {
  if (die_with_parent) prctl(PR_SET_PDEATHSIG, SIGQUIT);
  int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (out >= 0) {
    dup2(out, 1);
    dup2(out, 2);
  }
  if (RunningAsRoot()) {
    if (setgroups(0, nullptr) != 0 || setgid(kNogroup) != 0 || setuid(kNobody) != 0) _exit(126);
  }
  if (chdir(dir.c_str()) != 0) _exit(126);
  std::vector<char*> argv;
  std::string path = std::string(kBinDir) + "/" + program;
  argv.push_back(path.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(path.c_str(), argv.data());
  _exit(127);
}

}  // namespace

PostgresServer& PostgresServer::Shared() {
  static PostgresServer* server = new PostgresServer();  // stopped at exit by its pdeathsig... and atexit
  static bool registered = [] {
    std::atexit([] { delete server; });
    return true;
  }();
  (void)registered;
  return *server;
}

PostgresServer::PostgresServer() {
  // Under root the server runs as nobody, who must reach its directory:
  // /tmp (world-searchable) rather than a TMPDIR that may be root's own.
  std::filesystem::path base =
      RunningAsRoot() ? std::filesystem::path("/tmp") : std::filesystem::temp_directory_path();
  std::string pattern = (base / "wirecrawl-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  if (RunningAsRoot() && chown(dir_.c_str(), kNobody, kNogroup) != 0) {
    throw std::runtime_error("cannot give " + dir_ + " to nobody");
  }
  const std::string log = dir_ + "/server.log";
  RunTool("initdb", {"-D", dir_ + "/data", "-U", "wirecrawl", "--auth=trust", "--encoding=UTF8",
                     "--locale=C.UTF-8", "--no-sync", "--no-instructions"});
  port_ = FreeLoopbackPort();
  postmaster_ = fork();
  if (postmaster_ == 0) {
    // Test settings: no fsync (a test server's data is thrown away), the
    // socket in our directory (not /var/run/postgresql), loopback only.
    ExecAsServerUser(dir_, "postgres",
                     {"-D", dir_ + "/data", "-p", std::to_string(port_), "-k", dir_, "-c",
                      "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                      "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=64MB"},
                     log, true);
  }
  std::string conninfo =
      "postgresql://wirecrawl@127.0.0.1:" + std::to_string(port_) + "/postgres?connect_timeout=2";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (PQping(conninfo.c_str()) != PQPING_OK) {
    int status = 0;
    if (waitpid(postmaster_, &status, WNOHANG) == postmaster_) {
      postmaster_ = -1;
      throw std::runtime_error("PostgreSQL did not start:\n" + ReadFile(log));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("PostgreSQL did not answer within 60 s:\n" + ReadFile(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

PostgresServer::~PostgresServer() {
  if (postmaster_ > 0) {
    kill(postmaster_, SIGINT);  // fast shutdown: ends sessions, no checkpoint wait for clients
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (waitpid(postmaster_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(postmaster_, SIGKILL);
        waitpid(postmaster_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void PostgresServer::RunTool(const std::string& program, const std::vector<std::string>& args) {
  const std::string log = dir_ + "/tools.log";
  pid_t pid = fork();
  if (pid == 0) ExecAsServerUser(dir_, program, args, log, false);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(program + " failed (is postgresql-15 installed? scripts/install-deps.sh):\n" +
                             ReadFile(log));
  }
}

void PostgresServer::ExecSql(const std::string& sql) {
  std::string conninfo = Uri("postgres");
  PGconn* conn = PQconnectdb(conninfo.c_str());
  PGresult* result = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string error = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + error);
}

std::string PostgresServer::Uri(const std::string& database) const {
  return "postgresql://wirecrawl@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::NewDatabase() {
  std::string name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    name = "test_" + std::to_string(++next_database_);
  }
  ExecSql("CREATE DATABASE " + name);
  return Uri(name);
}

std::string PostgresTestDatabaseOrEmpty() {
  const char* backend = std::getenv("WIRECRAWL_TEST_STORE");
  if (backend == nullptr || std::string(backend) != "postgres") return {};
  return PostgresServer::Shared().NewDatabase();
}

}  // namespace wirecrawl::testing
