// crawler/cli/store_cli.h: what the database subcommands (ingest, search,
// stories, show, export, stats) share: the --db/--config/--json options,
// opening the store with the right exit code on failure, dates for --since,
// and terminal-or-script output.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/options.h"
#include "store/store.h"

namespace wirecrawl::cli {

struct DatabaseArgs {
  std::string db;      // --db; empty: the config's [paths].database
  std::string config;  // --config
  bool json = false;   // --json
};

// Adds --db, --config and, if with_json, --json to cmd.
void AddDatabaseOptions(CLI::App* cmd, DatabaseArgs* args, bool with_json = true);

// The configuration for these args: the --config file, or the defaults.
// On error prints it and sets the exit status (usage).
std::optional<CrawlerOptions> LoadOptions(const DatabaseArgs& args, std::string_view command);

// Opens the database named by args (or by the config). create: false for
// commands that only read. On error prints "wirecrawl COMMAND: ..." and sets
// the exit status (I/O); returns null.
std::unique_ptr<Store> OpenDatabase(const DatabaseArgs& args, const CrawlerOptions& options, bool create,
                                    std::string_view command);

// --user-agent and --cacert, for crawl and daemon: they override
// [politeness] user_agent and [fetch] ca_file.
void AddFetchFlags(CLI::App* cmd, std::string* user_agent, std::string* ca_file);
// Applies them to options, the user agent checked as the config checks it.
// On error prints it and sets the exit status (usage); returns false.
bool ApplyFetchFlags(const std::string& user_agent, const std::string& ca_file, CrawlerOptions& options,
                     std::string_view command);
// The same for a command that changes an existing database without
// creating one (`sources remove`).
std::unique_ptr<Store> OpenDatabaseForWriting(const DatabaseArgs& args, const CrawlerOptions& options,
                                              std::string_view command);

// --since: an ISO 8601 date or date-time ("2023-10-21", "2023-10-21T08:00Z"),
// or an age: "36h", "7d" (before now). nullopt if text is not one of these.
std::optional<int64_t> ParseSince(std::string_view text, int64_t now_ms);

// Adds --since to cmd, parsed into *since_ms (a bad value is a usage error).
void AddSinceOption(CLI::App* cmd, std::optional<int64_t>* since_ms, const std::string& what);

bool StdoutIsTerminal();

// "2023-10-21 14:03" in UTC, for people; JSON uses ISO 8601 (FormatIsoTime).
std::string HumanTime(int64_t epoch_ms);

// text with the byte ranges emphasised: bold on a terminal, unmarked otherwise.
std::string Emphasize(std::string_view text, const std::vector<std::pair<size_t, size_t>>& ranges,
                      bool terminal);

// Fetched pages per host as stats and status show them: one entry per host,
// in the store's order (most articles first), with "article 12 · hub 3".
std::vector<std::pair<std::string, std::string>> PagesPerHost(const std::vector<HostPageCount>& counts);

// Reports a failed command: "wirecrawl COMMAND: message" on stderr, and sets
// the exit status to `code` unless a more severe one is already set.
void Fail(std::string_view command, std::string_view message, int code);

void AddIngestCommand(CLI::App& app);
void AddSearchCommand(CLI::App& app);
void AddStoriesCommand(CLI::App& app);
void AddShowCommand(CLI::App& app);
void AddExportCommand(CLI::App& app);
void AddStatsCommand(CLI::App& app);

}  // namespace wirecrawl::cli
