// crawler/cli/commands.h: the subcommands of the `wirecrawl` binary.
//
// Each Add*Command registers one subcommand (its options and its callback)
// on the top-level app. A callback reports failures on stderr and sets the
// process exit status through ExitStatus below; it never calls exit().
#pragma once

#include <CLI/CLI.hpp>

namespace wirecrawl::cli {

// Exit codes shared by every subcommand (documented in `wirecrawl --help`).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,     // some input failed (e.g. one file of several)
  kExitUsage = 2,       // bad arguments or config
  kExitIo = 3,          // database or file could not be opened or written
};

// The exit status the current subcommand wants; main returns it.
int& ExitStatus();

void AddExtractCommand(CLI::App& app);
void AddStoreCommands(CLI::App& app);   // ingest, search, stories, show, export, stats
void AddDedupCommand(CLI::App& app);
void AddRobotsCommand(CLI::App& app);
void AddCrawlCommand(CLI::App& app);
void AddDaemonCommand(CLI::App& app);
void AddStatusCommand(CLI::App& app);
void AddOptimizeCommand(CLI::App& app);

}  // namespace wirecrawl::cli
