// `wirecrawl serve [--db F | --config F] [--listen 127.0.0.1:8080]`: the
// read-only web page over the database (web/), until SIGINT or SIGTERM
// (exit 130, 143).
//
// The database is opened read-only (StoreOptions::read_only), one
// connection per request thread, so the page can run beside a crawl or the
// daemon writing the same file.
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "config/value_syntax.h"
#include "web/server.h"

namespace wirecrawl::cli {
namespace {

constexpr std::string_view kCommand = "serve";

struct ServeArgs {
  DatabaseArgs database;
  std::string listen;
  int threads = 4;
};

void RunServe(const ServeArgs& args) {
  std::optional<CrawlerOptions> options = LoadOptions(args.database, kCommand);
  if (!options) return;
  const std::string path = args.database.db.empty() ? options->paths.database : args.database.db;
  // Opened once here, so that a missing or foreign file is reported at
  // start rather than on the first request.
  StoreOptions store_options;
  store_options.read_only = true;
  Result<std::unique_ptr<Store>> first = OpenStore(path, store_options);
  if (!first.ok()) {
    std::string message = first.status().message();
    if (first.status().code() == Status::Code::kNotFound) {
      message += " (create one with `wirecrawl crawl` or `wirecrawl ingest`, or pass --db)";
    }
    Fail(kCommand, message, kExitIo);
    return;
  }
  auto spare = std::make_shared<std::unique_ptr<Store>>(std::move(first).value());
  web::ServerOptions server_options;
  server_options.listen = !args.listen.empty() ? args.listen : options->web.listen;
  server_options.threads = args.threads;
  // Block the stop signals in every thread (the server's inherit the mask)
  // and wait for them here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  Result<std::unique_ptr<web::WebServer>> server =
      web::WebServer::Start(server_options, [path, spare]() -> Result<std::unique_ptr<ArchiveReader>> {
        // The first reader is the one opened above; the others open alike.
        if (*spare) return std::unique_ptr<ArchiveReader>(std::move(*spare));
        StoreOptions reader_options;
        reader_options.read_only = true;
        Result<std::unique_ptr<Store>> store = OpenStore(path, reader_options);
        if (!store.ok()) return store.status();
        return std::unique_ptr<ArchiveReader>(std::move(store).value());
      });
  if (!server.ok()) {
    pthread_sigmask(SIG_UNBLOCK, &stop, nullptr);
    Fail(kCommand, server.status().message(),
         server.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo);
    return;
  }
  // One line on stdout, flushed: scripts that asked for port 0 learn the port.
  std::printf("serving %s on %s\n", path.c_str(), (*server)->url().c_str());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop, &signal);
  spdlog::info("serve: stopping on signal {}", signal);
  server->reset();
  pthread_sigmask(SIG_UNBLOCK, &stop, nullptr);
  // A clean stop, as the other long-running commands end (130, 143).
  ExitAfterSignal(128 + signal);
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve a read-only web page over the database: stories, who published first, search, articles, "
      "source health, and the same as JSON under /api/ (until Ctrl-C)");
  AddDatabaseOptions(cmd, &args->database, /*with_json=*/false);
  cmd->add_option(
         "--listen", args->listen,
         "HOST:PORT to serve on (default: the config's [web] listen, 127.0.0.1:8080; port 0 picks a free "
         "one). A non-loopback address serves the whole database to anyone who reaches it: there is no "
         "authentication")
      ->check([](const std::string& value) {
        Status s = config_syntax::CheckListenAddress(value);
        return s.ok() ? std::string() : s.message();
      });
  cmd->add_option("--threads", args->threads,
                  "Requests served at once, each with its own database connection")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->callback([args] { RunServe(*args); });
}

}  // namespace wirecrawl::cli
