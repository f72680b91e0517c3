// `wirecrawl crawl [--config F] [--db F] [URL...]`: a one-shot crawl of the
// config's sources and the URLs given (also one per line from standard
// input with "-", or from --urls-from FILE), until the frontier is drained
// or a limit is reached. Ctrl-C (or SIGTERM) stops cleanly: in-flight URLs
// go back to the queue and the same command resumes.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "cli/url_list.h"
#include "crawler/crawl.h"

namespace wirecrawl::cli {
namespace {

struct CrawlArgs {
  DatabaseArgs db;
  std::vector<std::string> urls;
  std::vector<std::string> resolve;
  std::vector<std::string> connect_to;
  std::vector<std::string> allow_networks;
  std::vector<std::string> urls_from;  // --urls-from files ("-": standard input)
  std::string user_agent;              // --user-agent; empty: the config's
  std::string ca_file;                 // --cacert; empty: the config's
  int64_t max_pages = -1;
  int max_depth = -1;
  int workers = -1;
  bool no_progress = false;
};

std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler stores to it");

extern "C" void OnStopSignal(int) {
  g_stop_requested.store(true);
  // A second Ctrl-C ends the process the usual way.
  std::signal(SIGINT, SIG_DFL);
}

std::string ProgressLine(const CrawlProgress& p) {
  double seconds = static_cast<double>(p.elapsed_ms) / 1000.0;
  double rate = seconds > 0 ? static_cast<double>(p.fetched) / seconds : 0.0;
  char line[256];
  std::snprintf(line, sizeof line,
                "\r%lld pages  %lld articles  %lld stories  %lld errors  %.1f pages/s  %lld queued  %lld in flight ",
                static_cast<long long>(p.fetched), static_cast<long long>(p.articles),
                static_cast<long long>(p.new_stories), static_cast<long long>(p.errors), rate,
                static_cast<long long>(p.queued), static_cast<long long>(p.in_flight));
  return line;
}

nlohmann::json SummaryJson(const CrawlProgress& p, bool interrupted) {
  return {{"fetched", p.fetched},          {"pages", p.pages},
          {"articles", p.articles},        {"updated", p.updated},
          {"not_modified", p.not_modified}, {"new_stories", p.new_stories},
          {"joined_stories", p.joined_stories}, {"discovered", p.discovered},
          {"robots_denied", p.robots_denied}, {"out_of_scope", p.out_of_scope},
          {"errors", p.errors},            {"retries", p.retries},
          {"bytes", p.bytes},              {"queued", p.queued},
          {"elapsed_ms", p.elapsed_ms},    {"interrupted", interrupted}};
}

void RunCrawl(const CrawlArgs& args) {
  std::optional<CrawlerOptions> options = LoadOptions(args.db, "crawl");
  if (!options) return;
  // Command-line pins and limits add to or override the config.
  options->fetch.resolve.insert(options->fetch.resolve.end(), args.resolve.begin(), args.resolve.end());
  options->fetch.connect_to.insert(options->fetch.connect_to.end(), args.connect_to.begin(), args.connect_to.end());
  options->network.allow.insert(options->network.allow.end(), args.allow_networks.begin(), args.allow_networks.end());
  if (args.max_pages >= 0) options->scope.max_pages = args.max_pages;
  if (args.max_depth >= 0) options->scope.max_depth = args.max_depth;
  if (args.workers >= 0) options->performance.workers = args.workers;
  if (!ApplyFetchFlags(args.user_agent, args.ca_file, *options, "crawl")) return;
  // "-" among the URLs, and --urls-from: URL lists, one per line.
  std::vector<std::string> urls;
  std::vector<std::string> lists = args.urls_from;
  for (const std::string& url : args.urls) {
    if (url == "-") {
      lists.push_back("-");
    } else {
      urls.push_back(url);
    }
  }
  for (const std::string& list : lists) {
    Result<std::vector<std::string>> read = ReadUrlListFile(list);
    if (!read.ok()) {
      Fail("crawl", read.status().message(), kExitUsage);
      return;
    }
    urls.insert(urls.end(), read->begin(), read->end());
  }

  std::unique_ptr<Store> store = OpenDatabase(args.db, *options, /*create=*/true, "crawl");
  if (!store) return;
  SystemClock clock;
  Result<std::unique_ptr<Crawler>> crawler = Crawler::Open(*options, *store, clock);
  if (!crawler.ok()) {
    Fail("crawl", crawler.status().message(), kExitUsage);
    return;
  }
  if (Status s = (*crawler)->AddStartUrls(urls); !s.ok()) {
    Fail("crawl", s.message(), s.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo);
    return;
  }

  g_stop_requested.store(false);
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  bool live = !args.no_progress && isatty(STDERR_FILENO) != 0;
  CrawlRunOptions run;
  if (live) {
    run.progress = [](const CrawlProgress& p) { std::cerr << ProgressLine(p) << std::flush; };
  }
  Result<CrawlProgress> result = (*crawler)->Run(g_stop_requested, run);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (live) std::cerr << "\n";
  if (!result.ok()) {
    Fail("crawl", result.status().message(), kExitIo);
    return;
  }
  bool interrupted = g_stop_requested.load();
  const CrawlProgress& p = *result;
  if (args.db.json) {
    std::cout << SummaryJson(p, interrupted).dump() << "\n";
    return;
  }
  double seconds = static_cast<double>(p.elapsed_ms) / 1000.0;
  std::printf("crawl %s: %lld responses in %.1f s (%.1f/s), %lld pages, %.1f MB\n",
              interrupted ? "interrupted" : "finished", static_cast<long long>(p.fetched), seconds,
              seconds > 0 ? static_cast<double>(p.fetched) / seconds : 0.0, static_cast<long long>(p.pages),
              static_cast<double>(p.bytes) / 1e6);
  std::printf("  articles: %lld new (%lld new stories, %lld joined a story), %lld updated, %lld not modified\n",
              static_cast<long long>(p.articles), static_cast<long long>(p.new_stories),
              static_cast<long long>(p.joined_stories), static_cast<long long>(p.updated),
              static_cast<long long>(p.not_modified));
  std::printf("  frontier: %lld URLs discovered, %lld queued, %lld denied by robots.txt, %lld out of scope\n",
              static_cast<long long>(p.discovered), static_cast<long long>(p.queued),
              static_cast<long long>(p.robots_denied), static_cast<long long>(p.out_of_scope));
  std::printf("  errors: %lld (%lld retries scheduled)\n", static_cast<long long>(p.errors),
              static_cast<long long>(p.retries));
  if (interrupted) std::printf("  stopped early: run the same command to resume\n");
}

}  // namespace

void AddCrawlCommand(CLI::App& app) {
  auto args = std::make_shared<CrawlArgs>();
  CLI::App* cmd = app.add_subcommand(
      "crawl",
      "One-shot crawl of the config's sources and the URLs given: robots.txt, sitemaps, feeds and links within "
      "scope, politely; articles are extracted, grouped into stories and stored. Resumes where a stopped crawl "
      "left off.");
  AddDatabaseOptions(cmd, &args->db);
  cmd->add_option("urls", args->urls,
                  "Start URLs (front or section pages), added to the config's sources; \"-\" reads more from "
                  "standard input, one per line");
  cmd->add_option("--urls-from", args->urls_from,
                  "Read start URLs from FILE, one per line (blank lines and # comments skipped); repeatable")
      ->expected(1)->allow_extra_args(false)->take_all();
  AddFetchFlags(cmd, &args->user_agent, &args->ca_file);
  cmd->add_option("--resolve", args->resolve, "Pin HOST:PORT:ADDR[,ADDR] (as curl --resolve); repeatable")
      ->expected(1)->allow_extra_args(false)->take_all();
  cmd->add_option("--connect-to", args->connect_to,
                  "Connect to HOST2:PORT2 for HOST:PORT (as curl --connect-to); repeatable")
      ->expected(1)->allow_extra_args(false)->take_all();
  cmd->add_option("--allow-network", args->allow_networks,
                  "Allow connecting to this address or CIDR network (SSRF policy exception); repeatable")
      ->expected(1)->allow_extra_args(false)->take_all();
  cmd->add_option("--max-pages", args->max_pages, "Stop after this many fetches (overrides scope.max_pages)");
  cmd->add_option("--max-depth", args->max_depth, "Follow links this deep (overrides scope.max_depth)");
  cmd->add_option("--workers", args->workers,
                  "Threads for the CPU work of pages (parse, extract, fingerprint); 0 = one per core "
                  "(overrides performance.workers)")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--no-progress", args->no_progress, "No live progress line on a terminal");
  cmd->callback([args] { RunCrawl(*args); });
}

}  // namespace wirecrawl::cli
