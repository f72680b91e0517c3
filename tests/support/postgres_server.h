// tests/support/postgres_server.h: a real PostgreSQL 15 server for tests,
// started in a temporary directory on a free loopback port and stopped with
// the test process.
//
// initdb and postgres run from Debian's postgresql-15
// (/usr/lib/postgresql/15/bin). PostgreSQL refuses to run as root, and CI
// runs as root: then the server runs as the unprivileged user `nobody`
// (its data directory is chowned to it); otherwise as the current user. It
// listens on 127.0.0.1 only, trusts local connections (a test server with
// no password), and dies with the process that started it (PR_SET_PDEATHSIG)
// so that a killed test leaves no server behind.
//
// Thread safety: Shared() and NewDatabase() may be called from any thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wirecrawl::testing {

class PostgresServer {
 public:
  // The server of this test process, started on first use; throws
  // std::runtime_error (with the server's log) when it cannot start.
  static PostgresServer& Shared();

  // Starts a server of its own (most tests share one: Shared()).
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A new, empty database on this server, as a libpq URI
  // ("postgresql://wirecrawl@127.0.0.1:PORT/test_N").
  std::string NewDatabase();
  // A URI of `database` on this server.
  std::string Uri(const std::string& database) const;
  int port() const { return port_; }
  const std::string& directory() const { return dir_; }

 private:
  // Runs a server binary (initdb, pg_ctl) to completion as the server's user.
  void RunTool(const std::string& program, const std::vector<std::string>& args);
  void ExecSql(const std::string& sql);

  std::string dir_;
  int port_ = 0;
  pid_t postmaster_ = -1;
  std::mutex mu_;
  int next_database_ = 0;
};

// The URI of a fresh database for a store test: on PostgreSQL when the
// environment says WIRECRAWL_TEST_STORE=postgres (the store suite's second
// run), else empty (the test uses its SQLite file).
std::string PostgresTestDatabaseOrEmpty();

}  // namespace wirecrawl::testing
