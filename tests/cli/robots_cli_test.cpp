// End-to-end tests of `wirecrawl robots check`, running the real binary
// (WIRECRAWL_BINARY): exit 0 allowed, 1 disallowed, 2 error (man page).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

// Runs the binary with `args` (no shell, so URLs need no quoting), feeding
// `input` on stdin, and collects stdout.
Run RunWirecrawl(const std::vector<std::string>& args, const std::string& input = "") {
  int out_pipe[2];
  int in_pipe[2];
  REQUIRE(pipe(out_pipe) == 0);
  REQUIRE(pipe(in_pipe) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(in_pipe[0], STDIN_FILENO);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    close(in_pipe[0]);
    close(in_pipe[1]);
    std::vector<char*> argv;
    std::string binary = WIRECRAWL_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copies = args;
    for (std::string& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(in_pipe[0]);
  if (!input.empty()) {
    REQUIRE(write(in_pipe[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
  }
  close(in_pipe[1]);
  Run run;
  char buffer[4096];
  ssize_t n;
  while ((n = read(out_pipe[0], buffer, sizeof buffer)) > 0) run.out.append(buffer, static_cast<size_t>(n));
  close(out_pipe[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string WriteRobots(const std::string& name, const std::string& content) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("wirecrawl-robots-cli-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

int Check(const std::string& robots_file, const std::string& agent, const std::string& url) {
  return RunWirecrawl({"robots", "check", "--robots-file", robots_file, "--agent", agent, url}).exit_code;
}

}  // namespace

TEST_CASE("CliDoc_RobotsCheck_ExitCodes") {
  const std::string file = WriteRobots("basic.txt",
                                       "User-agent: *\n"
                                       "Disallow: /private/\n"
                                       "Allow: /private/press/\n");
  CHECK(Check(file, "NewsBot", "https://example.com/world/1") == 0);
  CHECK(Check(file, "NewsBot", "https://example.com/private/x") == 1);
  CHECK(Check(file, "NewsBot", "https://example.com/private/press/x") == 0);
  CHECK(Check(file, "NewsBot", "/private/x") == 1);  // a path works as well as a URL
}

TEST_CASE("CliDoc_RobotsCheck_PrintsTheDecidingLine") {
  const std::string file = WriteRobots("lines.txt", "User-agent: *\n\nDisallow: /private/\n");
  const Run run =
      RunWirecrawl({"robots", "check", "--robots-file", file, "--agent", "NewsBot", "/private/a"});
  CHECK(run.exit_code == 1);
  CHECK(run.out == "disallowed by line 3: Disallow: /private/\n");
  CHECK(RunWirecrawl({"robots", "check", "--robots-file", file, "--agent", "NewsBot", "/a"}).out ==
        "allowed\n");
}

TEST_CASE("CliDoc_RobotsCheck_ErrorsExitTwo") {
  const std::string file = WriteRobots("err.txt", "User-agent: *\nDisallow: /\n");
  CHECK(Check("/nonexistent/robots.txt", "NewsBot", "/") == 2);
  CHECK(Check(std::filesystem::temp_directory_path().string(), "NewsBot", "/") == 2);  // a directory
  CHECK(RunWirecrawl({"robots", "check", "--agent", "NewsBot", "/"}).exit_code == 2);
  CHECK(RunWirecrawl({"robots", "check", "--robots-file", file, "/"}).exit_code == 2);
  CHECK(RunWirecrawl({"robots", "check", "--robots-file", file, "--agent", "NewsBot"}).exit_code == 2);
  CHECK(RunWirecrawl({"robots"}).exit_code == 2);
  CHECK(RunWirecrawl({"robots", "check", "--robots-file", file, "--agent", "a", "/", "--bogus"}).exit_code ==
        2);
}

TEST_CASE("CliDoc_RobotsCheck_EmptyArguments") {
  const std::string rules = WriteRobots("empty-args.txt", "user-agent: NewsBot\ndisallow: /\n");
  const std::string empty = WriteRobots("empty.txt", "");
  CHECK(Check(empty, "NewsBot", "") == 0);  // empty robots.txt: everything allowed
  CHECK(Check(rules, "NewsBot", "") == 1);  // empty URL is "/"
  // An empty agent is not a product token (RFC 9309 2.2.1), as in the config.
  CHECK(Check(rules, "", "") == 2);
  CHECK(Check(empty, "", "") == 2);
}

TEST_CASE("CliDoc_RobotsCheck_ReadsStandardInput") {
  const std::vector<std::string> args = {"robots", "check", "--robots-file", "-", "--agent", "NewsBot", "/x"};
  CHECK(RunWirecrawl(args, "User-agent: NewsBot\nDisallow: /x\n").exit_code == 1);
  CHECK(RunWirecrawl(args, "User-agent: NewsBot\nDisallow: /y\n").exit_code == 0);
}

TEST_CASE("RFC9309_2_2_2_RobotsCheck_ComparesRuleAndUrlPercentEncoded") {
  // "ツ" is E3 83 84: rule and URL are both compared percent-encoded (the
  // raw form of the URL used to be refused, as Google's parser does; the
  // RFC encodes both sides).
  const std::string file =
      WriteRobots("utf8.txt", "User-agent: NewsBot\nDisallow: /\nAllow: /a/\xE3\x83\x84\n");
  CHECK(Check(file, "NewsBot", "http://example.com/a/%E3%83%84") == 0);
  CHECK(Check(file, "NewsBot", "http://example.com/a/\xE3\x83\x84") == 0);
  CHECK(Check(file, "newsbot", "http://example.com/a/%e3%83%84?q=1") == 0);
  CHECK(Check(file, "NewsBot", "http://example.com/b/%E3%83%84") == 1);
}

// The three examples of RFC 9309 2.2.2 and 2.2.3, through the command: it
// decides as the crawler does.
TEST_CASE("RFC9309_2_2_3_RobotsCheck_PercentEncodedRulesMatchTheRfcExamples") {
  const std::string file = WriteRobots("rfc-examples.txt",
                                       "User-agent: *\n"
                                       "Disallow: /foo/bar/%62%61%7A\n"
                                       "Disallow: /path/file-with-a-%2A.html\n"
                                       "Disallow: /path/foo-%24\n");
  CHECK(Check(file, "NewsBot", "https://www.example.com/foo/bar/baz") == 1);
  CHECK(Check(file, "NewsBot", "https://www.example.com/path/file-with-a-*.html") == 1);
  CHECK(Check(file, "NewsBot", "https://www.example.com/path/foo-$") == 1);
  CHECK(Check(file, "NewsBot", "https://www.example.com/path/file-with-a-b.html") == 0);
  CHECK(Check(file, "NewsBot", "https://www.example.com/path/foo-") == 0);
}

TEST_CASE("RFC9309_2_5_RobotsCheck_ReadsOnlyTheFirst500KiB") {
  // 2 MiB of comments after the group; only the first 500 KiB are read.
  std::string big = "User-agent: NewsBot\nDisallow: /x\n";
  while (big.size() < 2 * 1024 * 1024) big += "# filler filler filler filler filler filler\n";
  big += "Disallow: /\n";
  const std::string file = WriteRobots("big.txt", big);
  CHECK(Check(file, "NewsBot", "/x") == 1);
  CHECK(Check(file, "NewsBot", "/y") == 0);  // the final "Disallow: /" is past the limit
}
