// cli/commands.h: the subcommands of the `wirecrawl` binary.
//
// Each Add*Command registers one subcommand (its options and its callback)
// on the top-level app. A callback reports failures on stderr and sets the
// process exit status through ExitStatus below; it never calls exit().
#pragma once

#include <CLI/CLI.hpp>

namespace wirecrawl::cli {

// Exit codes shared by every subcommand: `wirecrawl --help` (kExitCodesHelp),
// the README and the man page say the same.
enum ExitCode : int {
  kExitOk = 0,
  // An input failed: a file, a line of dedup input, a URL named on the
  // command line or in the config (or added with `sources add`) that could
  // not be fetched, or a crawl that fetched nothing at all; the rest was
  // processed. A link the crawl found and could not fetch is not an input.
  kExitFailure = 1,
  kExitUsage = 2,  // bad arguments or config
  kExitIo = 3,     // the database failed, or an output could not be written
  // 128 + signal: stopped by SIGINT (130) or SIGTERM (143) after a clean
  // stop (the database consistent; a crawl resumes where it stopped).
  kExitSigint = 130,
  kExitSigterm = 143,
};

inline constexpr const char* kExitCodesHelp =
    "Exit codes: 0 ok; 1 an input failed (a file, a line, a URL named on the command line or in the config, "
    "or the crawl fetched nothing), the rest was processed; 2 usage or config error; 3 database or output "
    "error; 130/143 stopped cleanly by SIGINT/SIGTERM (run the same command to resume). `robots check`: 0 "
    "allowed, 1 disallowed, 2 error. `show`: 1 no such article or story.";

// The exit status the current subcommand wants; main returns it.
int& ExitStatus();

// A command stopped cleanly on a signal: its exit status becomes
// `signal_exit_code` (130 or 143) unless the database failed (3 stays).
void ExitAfterSignal(int signal_exit_code);

void AddExtractCommand(CLI::App& app);
void AddStoreCommands(CLI::App& app);  // ingest, search, stories, show, export, stats
void AddDedupCommand(CLI::App& app);
void AddRobotsCommand(CLI::App& app);
void AddCrawlCommand(CLI::App& app);
void AddDaemonCommand(CLI::App& app);
void AddStatusCommand(CLI::App& app);
void AddServeCommand(CLI::App& app);
void AddOptimizeCommand(CLI::App& app);
void AddSourcesCommand(CLI::App& app);
void AddMigrateCommand(CLI::App& app);
// Hidden: `wirecrawl completion bash` prints the bash completion script,
// generated from the command tree (the build installs its output).
void AddCompletionCommand(CLI::App& app);

}  // namespace wirecrawl::cli
