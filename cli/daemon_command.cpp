// `wirecrawl daemon --config F`: the long-running service.
//
// It crawls continuously (crawler/crawl.h in continuous mode: sources
// re-read on an adaptive interval, articles revisited), talks to systemd
// (READY=1 once the store is open and the scheduler runs, STATUS= with live
// counts, WATCHDOG=1 from the crawl loop, STOPPING=1), and reacts to
// signals: SIGTERM/SIGINT stop gracefully (in-flight transfers get
// daemon.shutdown_grace, then go back to the queue; exit 143/130, which the
// units list in SuccessExitStatus=), SIGHUP reloads the config (a broken
// one is logged and the running one kept). With [web] enabled it also
// serves the read-only web page (web/server.h).
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/stop_signals.h"
#include "cli/store_cli.h"
#include "config/value_checks.h"
#include "crawler/crawl.h"
#include "crawler/metrics/metrics.h"
#include "crawler/metrics/server.h"
#include "web/server.h"

namespace wirecrawl::cli {
namespace {

std::atomic<bool> g_reload{false};

extern "C" void OnReloadSignal(int) { g_reload.store(true); }

// journald reads "<N>" at the start of a line as the syslog priority
// (SyslogLevelPrefix=), and stamps the time itself.
class SyslogPriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    static constexpr const char* kPriority[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", "<6>"};
    const char* p = kPriority[static_cast<int>(msg.level)];
    dest.append(p, p + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<SyslogPriorityFlag>();
  }
};

void ConfigureLogging(const CrawlerOptions& options) {
  if (std::getenv("JOURNAL_STREAM") != nullptr) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<SyslogPriorityFlag>('*').set_pattern("%*%v");
    spdlog::set_formatter(std::move(formatter));
  }
  spdlog::set_level(spdlog::level::from_str(options.daemon.log_level));
}

struct DaemonArgs {
  DatabaseArgs db;
  int workers = -1;
  std::string user_agent;  // --user-agent; empty: the config's
  std::string ca_file;     // --cacert; empty: the config's
};

void RunDaemon(const DaemonArgs& args) {
  // First, so that a stop asked for while the store opens is a clean stop.
  StopSignals signals;
  g_reload.store(false);
  struct sigaction action {};
  action.sa_handler = OnReloadSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGHUP, &action, nullptr);
  std::optional<CrawlerOptions> options = LoadOptions(args.db, "daemon");
  if (!options) return;
  if (args.workers >= 0) options->performance.workers = args.workers;
  if (!ApplyFetchFlags(args.user_agent, args.ca_file, *options, "daemon")) return;
  ConfigureLogging(*options);
  std::unique_ptr<Store> store = OpenDatabase(args.db, *options, /*create=*/true, "daemon");
  if (!store) return;
  SystemClock clock;
  Result<std::unique_ptr<Crawler>> crawler = Crawler::Open(*options, *store, clock);
  if (!crawler.ok()) {
    Fail("daemon", crawler.status().message(), kExitUsage);
    return;
  }
  if (Status s = (*crawler)->AddStartUrls({}); !s.ok()) {
    Fail("daemon", s.message(), s.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo);
    return;
  }
  CrawlMetrics metrics;
  std::unique_ptr<MetricsServer> metrics_server;
  if (options->daemon.metrics) {
    Result<std::unique_ptr<MetricsServer>> server =
        MetricsServer::Start(options->daemon.metrics_listen, metrics);
    if (!server.ok()) {
      Fail("daemon", server.status().message(), kExitUsage);
      return;
    }
    metrics_server = std::move(server).value();
    spdlog::info("metrics on http://{}/metrics", options->daemon.metrics_listen);
  }
  // The web page, beside the metrics: its own read-only connections (WAL
  // readers never block the crawl's writes).
  std::unique_ptr<web::WebServer> web_server;
  if (options->web.enabled) {
    const std::string path = args.db.db.empty() ? options->paths.database : args.db.db;
    web::ServerOptions web_options;
    web_options.listen = options->web.listen;
    Result<std::unique_ptr<web::WebServer>> server =
        web::WebServer::Start(web_options, [path]() -> Result<std::unique_ptr<ArchiveReader>> {
          StoreOptions reader_options;
          reader_options.read_only = true;
          Result<std::unique_ptr<Store>> reader = OpenStore(path, reader_options);
          if (!reader.ok()) return reader.status();
          return std::unique_ptr<ArchiveReader>(std::move(reader).value());
        });
    if (!server.ok()) {
      Fail("daemon", server.status().message(), kExitUsage);
      return;
    }
    web_server = std::move(server).value();
    spdlog::info("web page on {}", web_server->url());
  }

  uint64_t watchdog_usec = 0;
  bool watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0 && watchdog_usec > 0;
  bool ready_sent = false;
  auto last_watchdog = std::chrono::steady_clock::now();
  auto last_status = last_watchdog - std::chrono::hours(1);
  std::string config_path = args.db.config;
  Crawler& c = **crawler;

  CrawlRunOptions run;
  run.continuous = true;
  run.metrics = &metrics;
  run.shutdown_grace_ms = options->daemon.shutdown_grace.count();
  run.upkeep_interval_ms = options->maintenance.every.count();
  run.on_tick = [&] {
    auto now = std::chrono::steady_clock::now();
    if (!ready_sent) {
      sd_notify(0, "READY=1\nSTATUS=crawling");
      ready_sent = true;
      spdlog::info("daemon: ready");
    }
    // Pinging from the crawl loop itself: a loop that stalls stops the
    // pings, and systemd restarts the service.
    if (watchdog && now - last_watchdog >= std::chrono::microseconds(watchdog_usec / 3)) {
      sd_notify(0, "WATCHDOG=1");
      last_watchdog = now;
    }
    if (now - last_status >= std::chrono::seconds(5)) {
      last_status = now;
      const CrawlProgress& p = c.progress();
      std::string status = "STATUS=" + std::to_string(p.fetched) + " fetched, " + std::to_string(p.articles) +
                           " new articles, " + std::to_string(p.new_stories) + " new stories, " +
                           std::to_string(p.errors) + " errors, " + std::to_string(p.in_flight) +
                           " in flight";
      sd_notify(0, status.c_str());
    }
    if (g_reload.exchange(false)) {
      sd_notify(0, "RELOADING=1");
      Result<CrawlerOptions> next = LoadConfig(config_path);
      // The command line's overrides hold across reloads (checked at start).
      if (next.ok()) (void)ApplyFetchFlags(args.user_agent, args.ca_file, *next, "daemon");
      if (!next.ok()) {
        spdlog::error("reload: {} is not valid, the running configuration stays: {}", config_path,
                      next.status().message());
      } else if (Status s = c.Reload(*next); !s.ok()) {
        spdlog::error("reload: {}", s.message());
      } else {
        ConfigureLogging(*next);
        spdlog::info("reload: {} applied", config_path);
      }
      sd_notify(0, "READY=1");
    }
  };
  Result<CrawlProgress> result = c.Run(signals.requested(), run);
  sd_notify(0, "STOPPING=1");
  std::signal(SIGHUP, SIG_DFL);
  if (!result.ok()) {
    Fail("daemon", result.status().message(), kExitIo);
    return;
  }
  spdlog::info("daemon: stopped after {} fetches, {} new articles", result->fetched, result->articles);
  ExitAfterSignal(signals.ExitCode());
}

}  // namespace

void AddDaemonCommand(CLI::App& app) {
  auto args = std::make_shared<DaemonArgs>();
  CLI::App* cmd = app.add_subcommand(
      "daemon",
      "Run as a service: crawl the config's sources continuously (adaptive re-fetch, article revisits), with "
      "systemd notification and watchdog, SIGHUP to reload the config, SIGTERM to stop gracefully");
  cmd->add_option("--config", args->db.config, "TOML configuration file")->required()->type_name("FILE");
  cmd->add_option(
         "--db", args->db.db,
         "Database: an SQLite file, or postgresql://USER@HOST:PORT/DBNAME (default: the config's [paths] database)")
      ->type_name("FILE");
  cmd->add_option("--workers", args->workers,
                  "Threads for the CPU work of pages; 0 = one per core (overrides performance.workers)")
      ->type_name("N")
      ->check(InRange(config_checks::kWorkers));
  AddFetchFlags(cmd, &args->user_agent, &args->ca_file);
  cmd->footer(
      "Exit status 143 (SIGTERM) or 130 (SIGINT) after a clean stop, 2 for a bad config, 3 when the database "
      "fails.");
  cmd->callback([args] { RunDaemon(*args); });
}

}  // namespace wirecrawl::cli
