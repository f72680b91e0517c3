// `wirecrawl crawl [--config F] [--db F] [URL...]`: a one-shot crawl of the
// config's sources and the URLs given (also one per line from standard
// input with "-", or from --urls-from FILE), until the frontier is drained or a
// limit is reached. Ctrl-C (or SIGTERM) stops cleanly: in-flight URLs go
// back to the queue, the exit status is 130 (143) and the same command
// resumes.
//
// Exit status 1 when an input the operator named failed for good (a URL on
// the command line, a source of the config or one added with `wirecrawl
// sources add`) or when nothing at all could be fetched; a link the crawl
// found and could not fetch (a 404) is a result kept in the frontier, not
// a failure of the run (else every scheduled crawl would fail).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/stop_signals.h"
#include "cli/store_cli.h"
#include "cli/url_list.h"
#include "config/value_checks.h"
#include "config/value_syntax.h"
#include "crawler/crawl.h"

namespace wirecrawl::cli {
namespace {

// A start URL, or "-" for a list on standard input.
Status CheckStartUrl(std::string_view url) {
  return url == "-" ? Status::Ok() : config_checks::CheckHttpUrl(url);
}

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

// The same words as the summary below: responses (any status), pages
// (HTML processed), articles.
std::string ProgressLine(const CrawlProgress& p) {
  double seconds = static_cast<double>(p.elapsed_ms) / 1000.0;
  double rate = seconds > 0 ? static_cast<double>(p.fetched) / seconds : 0.0;
  char line[320];
  std::snprintf(
      line, sizeof line,
      "\r%lld responses  %lld pages  %lld articles  %lld stories  %lld errors  %.1f/s  %lld queued  "
      "%lld in flight ",
      static_cast<long long>(p.fetched), static_cast<long long>(p.pages), static_cast<long long>(p.articles),
      static_cast<long long>(p.new_stories), static_cast<long long>(p.errors), rate,
      static_cast<long long>(p.queued), static_cast<long long>(p.in_flight));
  return line;
}

// Fields in the order the man page lists them.
nlohmann::ordered_json SummaryJson(const CrawlProgress& p, bool interrupted) {
  nlohmann::ordered_json failed = nlohmann::ordered_json::array();
  for (const FailedInput& f : p.failed_inputs) failed.push_back({{"url", f.url}, {"error", f.error}});
  nlohmann::ordered_json j;
  j["fetched"] = p.fetched;
  j["pages"] = p.pages;
  j["articles"] = p.articles;
  j["updated"] = p.updated;
  j["not_modified"] = p.not_modified;
  j["new_stories"] = p.new_stories;
  j["joined_stories"] = p.joined_stories;
  j["discovered"] = p.discovered;
  j["robots_denied"] = p.robots_denied;
  j["out_of_scope"] = p.out_of_scope;
  j["errors"] = p.errors;
  j["retries"] = p.retries;
  j["bytes"] = p.bytes;
  j["queued"] = p.queued;
  j["elapsed_ms"] = p.elapsed_ms;
  j["interrupted"] = interrupted;
  j["failed_inputs"] = std::move(failed);
  return j;
}

void PrintSummary(const CrawlProgress& p, bool interrupted) {
  double seconds = static_cast<double>(p.elapsed_ms) / 1000.0;
  std::printf("crawl %s: %lld responses in %.1f s (%.1f/s), %lld pages, %.1f MB\n",
              interrupted ? "interrupted" : "finished", static_cast<long long>(p.fetched), seconds,
              seconds > 0 ? static_cast<double>(p.fetched) / seconds : 0.0, static_cast<long long>(p.pages),
              static_cast<double>(p.bytes) / 1e6);
  std::printf(
      "  articles: %lld new (%lld new stories, %lld joined a story), %lld updated, %lld not modified\n",
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

void RunCrawl(const CrawlArgs& args) {
  std::optional<CrawlerOptions> options = LoadOptions(args.db, "crawl");
  if (!options) return;
  // Command-line pins and limits add to or override the config.
  options->fetch.resolve.insert(options->fetch.resolve.end(), args.resolve.begin(), args.resolve.end());
  options->fetch.connect_to.insert(options->fetch.connect_to.end(), args.connect_to.begin(),
                                   args.connect_to.end());
  options->network.allow.insert(options->network.allow.end(), args.allow_networks.begin(),
                                args.allow_networks.end());
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
  // Before the sources are queued, so that a stop asked for meanwhile is a
  // clean stop too.
  StopSignals signals;
  if (Status s = (*crawler)->AddStartUrls(urls); !s.ok()) {
    Fail("crawl", s.message(), s.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo);
    return;
  }

  bool live = !args.no_progress && isatty(STDERR_FILENO) != 0;
  CrawlRunOptions run;
  if (live) {
    run.progress = [](const CrawlProgress& p) { std::cerr << ProgressLine(p) << std::flush; };
  }
  Result<CrawlProgress> result = (*crawler)->Run(signals.requested(), run);
  if (live) std::cerr << ProgressLine(result.ok() ? *result : (*crawler)->progress()) << "\n";
  if (!result.ok()) {
    Fail("crawl", result.status().message(), kExitIo);
    return;
  }
  bool interrupted = signals.stop_requested();
  const CrawlProgress& p = *result;
  if (args.db.json) {
    std::cout
        << SummaryJson(p, interrupted).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
        << "\n";
  } else {
    PrintSummary(p, interrupted);
  }
  std::cout.flush();
  if (interrupted) {
    ExitAfterSignal(signals.ExitCode());
    return;
  }
  for (const FailedInput& f : p.failed_inputs) Fail("crawl", f.url + ": " + f.error, kExitFailure);
  // Nothing fetched although there was something to fetch: every address
  // refused, every host down or in back-off, everything denied.
  bool tried = p.errors > 0 || p.robots_denied > 0 || p.queued > 0 || !p.failed_inputs.empty();
  if (p.fetched == 0 && tried) {
    Fail("crawl",
         "nothing could be fetched (" + std::to_string(p.errors) + " errors, " +
             std::to_string(p.robots_denied) + " denied by robots.txt, " + std::to_string(p.queued) +
             " still queued); `wirecrawl status` has more",
         kExitFailure);
  }
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
  cmd->add_option(
         "URL", args->urls,
         "Start URLs (front or section pages) for this crawl only; `wirecrawl sources add` keeps one; "
         "\"-\" reads more from standard input, one per line")
      ->type_name("URL")
      ->check(Checked(CheckStartUrl));
  cmd->add_option("--urls-from", args->urls_from,
                  "Read start URLs from FILE, one per line (blank lines and # comments skipped); repeatable")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all()
      ->type_name("FILE");
  AddFetchFlags(cmd, &args->user_agent, &args->ca_file);
  cmd->add_option("--resolve", args->resolve, "Pin HOST:PORT:ADDR[,ADDR] (as curl --resolve); repeatable")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all()
      ->type_name("HOST:PORT:ADDR")
      ->check(Parsed(config_syntax::ParseResolvePin));
  cmd->add_option("--connect-to", args->connect_to,
                  "Connect to HOST2:PORT2 for HOST:PORT (as curl --connect-to); repeatable")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all()
      ->type_name("HOST:PORT:HOST2:PORT2")
      ->check(Parsed(config_syntax::ParseConnectToPin));
  cmd->add_option("--allow-network", args->allow_networks,
                  "Allow connecting to this address or CIDR network (SSRF policy exception); repeatable")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all()
      ->type_name("ADDR|CIDR")
      ->check(Parsed(config_syntax::ParseIpNetwork));
  cmd->add_option("--max-pages", args->max_pages, "Stop after this many fetches (overrides scope.max_pages)")
      ->type_name("N")
      ->check(InRange(config_checks::kMaxPages));
  cmd->add_option("--max-depth", args->max_depth, "Follow links this deep (overrides scope.max_depth)")
      ->type_name("N")
      ->check(InRange(config_checks::kMaxDepth));
  cmd->add_option("--workers", args->workers,
                  "Threads for the CPU work of pages (parse, extract, fingerprint); 0 = one per core "
                  "(overrides performance.workers)")
      ->type_name("N")
      ->check(InRange(config_checks::kWorkers));
  cmd->add_flag("--no-progress", args->no_progress, "No live progress line on a terminal");
  cmd->footer(
      "URLs on the command line are one-shot: later crawls of the database do not read them again "
      "(`wirecrawl sources` lists and keeps sources). With --json, one object: fetched, pages, articles, "
      "updated, not_modified, new_stories, joined_stories, discovered, robots_denied, out_of_scope, errors, "
      "retries, bytes, queued, elapsed_ms, interrupted, failed_inputs ([{url, error}]). Exit status 1 when a "
      "URL or source named on the command line or in the config failed for good, or nothing could be fetched "
      "(a 404 on a discovered link is not a failure); 130/143 after a clean stop on SIGINT/SIGTERM.");
  cmd->callback([args] { RunCrawl(*args); });
}

}  // namespace wirecrawl::cli
