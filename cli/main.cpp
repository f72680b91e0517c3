// The `wirecrawl` binary: one process, subcommands per use.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>

#include "cli/commands.h"

namespace wirecrawl::cli {
int& ExitStatus() {
  static int status = kExitOk;
  return status;
}
}  // namespace wirecrawl::cli

int main(int argc, char** argv) {
  using namespace wirecrawl::cli;
  // A file-size limit (RLIMIT_FSIZE) must be an error SQLite reports (EFBIG:
  // "database or disk is full"), not a signal that kills the process.
  std::signal(SIGXFSZ, SIG_IGN);
  // Logs go to stderr so that stdout stays clean JSON/TSV for pipelines.
  spdlog::set_default_logger(spdlog::stderr_color_mt("wirecrawl"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  CLI::App app{"wirecrawl: a polite news crawler that extracts clean articles and groups wire copies into stories"};
  app.footer(
      "Exit codes: 0 ok; 1 some input failed (the rest was processed); 2 usage or config error; "
      "3 database or file I/O error. `robots check`: 0 allowed, 1 disallowed, 2 error.");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(WIRECRAWL_VERSION));
  std::string log_level = "warn";
  CLI::Option* level_option =
      app.add_option("--log-level", log_level, "trace|debug|info|warn|error|off")->capture_default_str();
  // Shortcuts: -q errors only; -v info, -vv debug.
  bool quiet = false;
  int verbose = 0;
  CLI::Option* quiet_option = app.add_flag("-q,--quiet", quiet, "Only errors on standard error (--log-level error)");
  CLI::Option* verbose_option =
      app.add_flag("-v,--verbose", verbose, "More on standard error: -v info, -vv debug (--log-level)");
  quiet_option->excludes(verbose_option)->excludes(level_option);
  verbose_option->excludes(level_option);
  app.parse_complete_callback([&] {
    if (quiet) log_level = "error";
    if (verbose > 0) log_level = verbose == 1 ? "info" : "debug";
    spdlog::set_level(spdlog::level::from_str(log_level));
  });

  AddExtractCommand(app);
  AddStoreCommands(app);
  AddDedupCommand(app);
  AddRobotsCommand(app);
  AddCrawlCommand(app);
  AddDaemonCommand(app);
  AddStatusCommand(app);
  AddOptimizeCommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  return ExitStatus();
}
