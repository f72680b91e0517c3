// Runs the real `wirecrawl` binary for end-to-end CLI tests.
#pragma once

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace wirecrawl::testing {

struct CommandResult {
  int status = -1;  // exit code, or -1 if killed by a signal
  std::string out;
  std::string err;
};

inline std::string ReadWholeFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A scratch directory removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "wirecrawl-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Runs `command` through the shell with its standard output and error
// captured; `stdin_file` feeds standard input when not empty. The exit code
// is the command's, or -1 when a signal ended it.
inline CommandResult RunCommandLine(const std::string& command, const std::string& stdin_file = "") {
  TempDir dir;
  std::string cmd = command + " >'" + (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  if (!stdin_file.empty()) cmd += " <'" + stdin_file + "'";
  int raw = std::system(cmd.c_str());
  CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = ReadWholeFile(dir / "out");
  r.err = ReadWholeFile(dir / "err");
  return r;
}

// `args` is appended to the binary path as shell words (quote them yourself).
inline CommandResult RunWirecrawl(const std::string& args, const std::string& stdin_file = "") {
  return RunCommandLine(std::string("'") + WIRECRAWL_BINARY + "' " + args, stdin_file);
}

// Starts `wirecrawl ARGS` without waiting (crash and concurrency tests);
// its standard output and error go to `out`, appended to when `append`.
inline pid_t SpawnWirecrawl(const std::string& args, const std::filesystem::path& out, bool append = false) {
  std::string cmd = std::string("exec '") + WIRECRAWL_BINARY + "' " + args + (append ? " >>'" : " >'") +
                    out.string() + "' 2>&1";
  const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) == 0);
  return pid;
}

// Waits for a spawned process: its exit code, or minus the signal that
// ended it.
inline int WaitExit(pid_t pid) {
  int raw = 0;
  waitpid(pid, &raw, 0);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -WTERMSIG(raw);
}

}  // namespace wirecrawl::testing
