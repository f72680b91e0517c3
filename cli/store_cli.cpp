#include "cli/store_cli.h"

#include <unistd.h>

#include <iostream>

#include "base/time.h"
#include "cli/commands.h"
#include "config/value_checks.h"

namespace wirecrawl::cli {

void AddDatabaseOptions(CLI::App* cmd, DatabaseArgs* args, bool with_json) {
  cmd->add_option(
         "--db", args->db,
         "Database: an SQLite file, or PostgreSQL as postgresql://USER@HOST:PORT/DBNAME (default: the "
         "config's [paths] database, wirecrawl.db)")
      ->type_name("FILE|URI");
  cmd->add_option("--config", args->config, "TOML configuration file")->type_name("FILE");
  if (with_json) cmd->add_flag("--json", args->json, "Machine-readable JSON output");
}

std::optional<CrawlerOptions> LoadOptions(const DatabaseArgs& args, std::string_view command) {
  if (args.config.empty()) return CrawlerOptions{};
  Result<CrawlerOptions> options = LoadConfig(args.config);
  if (!options.ok()) {
    Fail(command, options.status().message(), kExitUsage);
    return std::nullopt;
  }
  return std::move(options).value();
}

namespace {

std::unique_ptr<Store> Open(const DatabaseArgs& args, const CrawlerOptions& options, bool create, bool write,
                            std::string_view command) {
  std::string path = args.db.empty() ? options.paths.database : args.db;
  StoreOptions store_options;
  store_options.create = create;
  store_options.require_write = write;
  store_options.host_lease_ms = options.cluster.host_lease.count();
  Result<std::unique_ptr<Store>> store = OpenStore(path, store_options);
  if (!store.ok()) {
    std::string message = store.status().message();
    if (store.status().code() == Status::Code::kNotFound && !create) {
      message += " (create one with `wirecrawl ingest` or `wirecrawl crawl`, or pass --db)";
    }
    Fail(command, message, kExitIo);
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace

std::unique_ptr<Store> OpenDatabase(const DatabaseArgs& args, const CrawlerOptions& options, bool create,
                                    std::string_view command) {
  // The commands that create are the ones that write.
  return Open(args, options, create, create, command);
}

std::unique_ptr<Store> OpenDatabaseForWriting(const DatabaseArgs& args, const CrawlerOptions& options,
                                              std::string_view command) {
  return Open(args, options, /*create=*/false, /*write=*/true, command);
}

std::optional<int64_t> ParseSince(std::string_view text, int64_t now_ms) {
  if (auto t = ParseIsoTime(text)) return t;
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  int64_t unit_ms = unit == 'h' ? 3600000 : unit == 'd' ? 86400000 : unit == 'm' ? 60000 : 0;
  if (unit_ms == 0) return std::nullopt;
  int64_t n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9' || n > 1000000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return now_ms - n * unit_ms;
}

void AddSinceOption(CLI::App* cmd, std::optional<int64_t>* since_ms, const std::string& what) {
  cmd->add_option_function<std::string>(
         "--since",
         [since_ms](const std::string& text) {
           *since_ms = ParseSince(text, NowMs());
           if (!*since_ms) {
             throw CLI::ValidationError("--since", "'" + text +
                                                       "' is not a date (2023-10-21, 2023-10-21T08:00Z) "
                                                       "or an age (36h, 7d)");
           }
         },
         "Only " + what +
             " at or after DATE (ISO 8601, UTC unless an offset is given) or within an age (24h, 7d)")
      ->type_name("DATE");
}

bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) == 1; }

std::string HumanTime(int64_t epoch_ms) {
  std::string iso = FormatIsoTime(epoch_ms);  // 2023-10-21T14:03:05Z
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string Emphasize(std::string_view text, const std::vector<std::pair<size_t, size_t>>& ranges,
                      bool terminal) {
  if (!terminal) return std::string(text);
  std::string out;
  size_t pos = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin < pos || end > text.size() || begin >= end) continue;
    out.append(text.substr(pos, begin - pos));
    out += "\x1b[1m";
    out.append(text.substr(begin, end - begin));
    out += "\x1b[0m";
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

std::vector<std::pair<std::string, std::string>> PagesPerHost(const std::vector<HostPageCount>& counts) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const HostPageCount& c : counts) {
    if (out.empty() || out.back().first != c.host) out.emplace_back(c.host, "");
    std::string& line = out.back().second;
    line += (line.empty() ? "" : " · ") + c.page_kind + " " + std::to_string(c.pages);
  }
  return out;
}

void AddFetchFlags(CLI::App* cmd, std::string* user_agent, std::string* ca_file) {
  cmd->add_option("--user-agent", *user_agent,
                  "User-Agent header, with a contact URL or e-mail (overrides politeness.user_agent)");
  cmd->add_option(
      "--cacert", *ca_file,
      "PEM file of CA certificates to verify HTTPS servers with, e.g. a private CA or a TLS-inspecting "
      "proxy's (overrides fetch.ca_file)");
}

bool ApplyFetchFlags(const std::string& user_agent, const std::string& ca_file, CrawlerOptions& options,
                     std::string_view command) {
  if (!user_agent.empty()) {
    if (Status s = config_checks::CheckUserAgent(user_agent); !s.ok()) {
      Fail(command, "--user-agent: " + s.message(), kExitUsage);
      return false;
    }
    options.politeness.user_agent = user_agent;
  }
  if (!ca_file.empty()) options.fetch.ca_file = ca_file;
  return true;
}

void Fail(std::string_view command, std::string_view message, int code) {
  std::cerr << "wirecrawl " << command << ": " << message << "\n";
  // The most severe failure wins: I/O (3) > usage (2) > some input (1).
  if (code > ExitStatus()) ExitStatus() = code;
}

}  // namespace wirecrawl::cli
