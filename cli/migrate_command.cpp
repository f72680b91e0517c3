// `wirecrawl migrate --from wirecrawl.db --to postgresql://...`: moves an
// embedded database to PostgreSQL (store/migrate.h), so that a crawl that
// outgrows one machine goes on from several without crawling again.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "store/migrate.h"
#include "store/store.h"

namespace wirecrawl::cli {
namespace {

constexpr std::string_view kCommand = "migrate";

struct MigrateArgs {
  std::string from;
  std::string to;
  bool json = false;
  bool quiet = false;
};

void RunMigrate(const MigrateArgs& args) {
  if (IsDatabaseUri(args.from)) {
    return Fail(kCommand, "--from is the SQLite file to move, not a URI", kExitUsage);
  }
  if (!IsDatabaseUri(args.to)) {
    return Fail(kCommand, "--to must be a PostgreSQL URI (postgresql://USER@HOST:PORT/DBNAME)", kExitUsage);
  }
  const bool terminal = StdoutIsTerminal() && !args.json && !args.quiet;
  Result<std::vector<MigratedTable>> counts =
      MigrateToPostgres(args.from, args.to, [&](const MigrateProgress& progress) {
        if (terminal) std::cerr << "\r" << progress.part << ": " << progress.done << " rows   " << std::flush;
      });
  if (terminal) std::cerr << "\n";
  if (!counts.ok()) {
    int code = counts.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo;
    return Fail(kCommand, counts.status().message() + " (run the same command again to go on)", code);
  }
  if (args.json) {
    nlohmann::ordered_json j = {{"from", args.from}, {"to", DisplayLocation(args.to)}};
    j["tables"] = nlohmann::ordered_json::object();
    for (const MigratedTable& t : *counts) j["tables"][t.table] = t.target_rows;
    std::cout << j.dump() << "\n";
    return;
  }
  if (args.quiet) return;
  std::cout << "moved " << args.from << " to " << DisplayLocation(args.to)
            << "; rows (checked against the source):\n";
  for (const MigratedTable& t : *counts) std::cout << "  " << t.table << ": " << t.target_rows << "\n";
}

}  // namespace

void AddMigrateCommand(CLI::App& app) {
  auto args = std::make_shared<MigrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "migrate", "Move an SQLite database (frontier, sources, articles, stories, dedup index) to PostgreSQL");
  cmd->add_option("--from", args->from, "The SQLite database file to move")->required()->type_name("FILE");
  cmd->add_option("--to", args->to, "The PostgreSQL database: postgresql://USER@HOST:PORT/DBNAME")
      ->required()
      ->type_name("URI");
  cmd->add_flag("--json", args->json, "Machine-readable JSON output");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  cmd->footer(
      "Resumable: interrupted, the same command goes on after the last chunk copied. It ends by comparing "
      "each table's row count with the source. The target must be a new database (or this source's "
      "interrupted move). Exit status 2 for a bad target, 3 if a database failed.");
  cmd->callback([args] { RunMigrate(*args); });
}

}  // namespace wirecrawl::cli
