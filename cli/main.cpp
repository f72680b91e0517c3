// The `wirecrawl` binary: one process, subcommands per use.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "config/value_checks.h"
#include "config/value_syntax.h"

namespace wirecrawl::cli {

int& ExitStatus() {
  static int status = kExitOk;
  return status;
}

void ExitAfterSignal(int signal_exit_code) {
  if (signal_exit_code != 0 && ExitStatus() != kExitIo) ExitStatus() = signal_exit_code;
}

namespace {

// The global options that take a value: skipped when looking for the command.
bool IsGlobalOptionWithValue(const std::string& arg) { return arg == "--log-level"; }

// Where the command's name is in args: the first word that is not a global
// option or its value.
std::optional<size_t> CommandIndex(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return std::nullopt;
    if (arg.empty() || arg[0] != '-') return i;
    if (IsGlobalOptionWithValue(arg)) ++i;
  }
  return std::nullopt;
}

CLI::App* FindCommand(CLI::App& parent, const std::string& name) {
  for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->check_name(name)) return sub;
  }
  return nullptr;
}

std::string CommandPath(const CLI::App* app) {
  std::string path;
  for (; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
    path = app->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

// An option of `command` or of a command above it (global options fall
// through), as written on the command line ("--limit", "--limit=5", "-j4").
const CLI::Option* FindOption(const CLI::App* command, const std::string& arg) {
  std::string name = arg.substr(0, arg.find('='));
  if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2);  // -j4
  for (const CLI::App* app = command; app != nullptr; app = app->get_parent()) {
    if (const CLI::Option* option = app->get_option_no_throw(name)) return option;
  }
  return nullptr;
}

// `search`'s QUERY is free text in which "-word" excludes a word, so an
// argument that looks like an option but is not one of search's is a query
// word: the words are moved behind "--", in their order, where CLI11 takes
// every argument as positional.
void QueryWordsAsPositionals(const CLI::App* command, std::vector<std::string>& args, size_t command_index) {
  std::vector<std::string> options;
  std::vector<std::string> words;
  for (size_t i = command_index + 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      words.insert(words.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    const CLI::Option* option = arg.size() > 1 && arg[0] == '-' ? FindOption(command, arg) : nullptr;
    if (option == nullptr) {
      words.push_back(arg);
      continue;
    }
    options.push_back(arg);
    bool takes_value = option->get_items_expected_max() > 0;  // 0 for flags
    bool value_attached = arg.find('=') != std::string::npos || (arg[1] != '-' && arg.size() > 2);
    if (takes_value && !value_attached && i + 1 < args.size()) options.push_back(args[++i]);
  }
  args.resize(command_index + 1);
  args.insert(args.end(), options.begin(), options.end());
  if (!words.empty()) {
    args.push_back("--");
    args.insert(args.end(), words.begin(), words.end());
  }
}

std::string Suggestion(CLI::App& app, const std::string& name) {
  std::string best;
  size_t best_distance = 3;  // a hint only for near misses
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return !s->get_group().empty(); })) {
    size_t d = config_syntax::EditDistance(name, sub->get_name());
    if (d < best_distance) {
      best_distance = d;
      best = sub->get_name();
    }
  }
  return best.empty() ? "" : " (did you mean `" + best + "`?)";
}

// `wirecrawl help [COMMAND...]`: the help of wirecrawl or of that command.
int PrintHelp(CLI::App& app, const std::vector<std::string>& words) {
  CLI::App* target = &app;
  if (!words.empty() && (words[0] == "-h" || words[0] == "--help")) {
    std::cout << FindCommand(app, "help")->help("wirecrawl");
    return kExitOk;
  }
  for (const std::string& word : words) {
    CLI::App* sub = FindCommand(*target, word);
    if (sub == nullptr || sub->get_group().empty()) {
      std::cerr << "wirecrawl help: no command `" << word << "`" << Suggestion(*target, word)
                << "; `wirecrawl --help` lists them\n";
      return kExitUsage;
    }
    target = sub;
  }
  std::cout << (target == &app ? app.help() : target->help("wirecrawl" + [&] {
    std::string above = CommandPath(target->get_parent());
    return above.empty() ? std::string() : " " + above;
  }()));
  return kExitOk;
}

}  // namespace
}  // namespace wirecrawl::cli

int main(int argc, char** argv) {
  using namespace wirecrawl;
  using namespace wirecrawl::cli;
  // A file-size limit (RLIMIT_FSIZE) must be an error SQLite reports (EFBIG:
  // "database or disk is full"), not a signal that kills the process.
  std::signal(SIGXFSZ, SIG_IGN);
  // Logs go to stderr so that stdout stays clean JSON/TSV for pipelines.
  spdlog::set_default_logger(spdlog::stderr_color_mt("wirecrawl"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  CLI::App app{
      "wirecrawl: a polite news crawler that extracts clean articles and groups wire copies into stories"};
  app.name("wirecrawl");
  app.footer(kExitCodesHelp);
  // Global options may come after the command too (`stats --log-level debug`):
  // set before the commands are added, which inherit it.
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("-V,--version", std::string(WIRECRAWL_VERSION));
  std::string log_level = "warn";
  CLI::Option* level_option =
      app.add_option("--log-level", log_level, "trace|debug|info|warn|error|critical|off")
          ->capture_default_str()
          ->type_name("LEVEL")
          ->check(Checked(config_checks::CheckLogLevel));
  // Shortcuts: -q errors only; -v info, -vv debug.
  bool quiet = false;
  int verbose = 0;
  CLI::Option* quiet_option =
      app.add_flag("-q,--quiet", quiet, "Only errors on standard error (--log-level error)");
  CLI::Option* verbose_option =
      app.add_flag("-v,--verbose", verbose, "More on standard error: -v info, -vv debug (--log-level)");
  quiet_option->excludes(verbose_option)->excludes(level_option);
  verbose_option->excludes(level_option);
  app.parse_complete_callback([&] {
    if (quiet) log_level = "error";
    if (verbose > 0) log_level = verbose == 1 ? "info" : "debug";
    spdlog::set_level(spdlog::level::from_str(log_level));
  });

  AddCrawlCommand(app);
  AddDaemonCommand(app);
  AddStatusCommand(app);
  AddSourcesCommand(app);
  AddExtractCommand(app);
  AddStoreCommands(app);
  AddDedupCommand(app);
  AddRobotsCommand(app);
  AddOptimizeCommand(app);
  AddMigrateCommand(app);
  AddServeCommand(app);
  // Listed by --help; run by PrintHelp below, before CLI11 sees the words
  // (it would take `help crawl` for two commands).
  CLI::App* help =
      app.add_subcommand("help", "The help of wirecrawl, or of a command: `wirecrawl help crawl`");
  std::vector<std::string> help_words;
  help->add_option("COMMAND", help_words, "A command, and its subcommand: `wirecrawl help sources add`");
  AddCompletionCommand(app);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (std::optional<size_t> at = CommandIndex(args)) {
    const std::string& name = args[*at];
    CLI::App* command = FindCommand(app, name);
    if (command == nullptr) {
      std::cerr << "wirecrawl: unknown command `" << name << "`" << Suggestion(app, name)
                << "; `wirecrawl --help` lists the commands\n";
      return kExitUsage;
    }
    if (name == "help") return PrintHelp(app, std::vector<std::string>(args.begin() + *at + 1, args.end()));
    if (name == "search") QueryWordsAsPositionals(command, args, *at);
  }

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // The command being parsed when it failed, for "wirecrawl crawl: ...".
    const CLI::App* command = &app;
    while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
    std::string path = CommandPath(command);
    std::cerr << "wirecrawl" << (path.empty() ? "" : " " + path) << ": " << e.what() << "\n"
              << "See `wirecrawl " << (path.empty() ? "" : path + " ") << "--help`.\n";
    return kExitUsage;
  }
  return ExitStatus();
}
