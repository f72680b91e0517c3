// `wirecrawl robots check --robots-file F --agent A URL`: asks the robots.txt
// matcher (crawler/robots.h) whether agent A may fetch URL under the rules of
// file F. Exit 0 allowed, 1 disallowed, 2 error (unreadable file, bad usage).
// The URL is compared as the crawler compares it (RFC 9309 2.2.2: both sides
// percent-encoded, escapes of unreserved characters decoded).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "config/value_checks.h"
#include "crawler/discovery/robots.h"

namespace wirecrawl::cli {
namespace {

// What the matcher can be asked about: a path ("/news?id=1") or an http(s)
// URL, as a crawler would request it; empty is the path "/".
Status CheckPathOrUrl(std::string_view target) {
  if (target.empty() || target[0] == '/') {
    if (target.find_first_of(" \t\r\n") != std::string_view::npos)
      return Status::InvalidArgument("a path must be percent-encoded (no spaces), got \"" +
                                     std::string(target) + "\"");
    return Status::Ok();
  }
  if (Status url = config_checks::CheckHttpUrl(target); !url.ok()) {
    return Status::InvalidArgument("expected a path (\"/news/1\") or an http:// or https:// URL, got \"" +
                                   std::string(target) + "\"");
  }
  return Status::Ok();
}

struct RobotsCheckArgs {
  std::string robots_file;
  std::string agent;
  std::string url;
};

// Reads what the matcher looks at: RobotsRules::kMaxBytes and one byte more,
// so that it still sees that the file was cut off; "-" reads standard input.
bool ReadRobotsFile(const std::string& path, std::string& body, std::string& error) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      error = std::strerror(errno);
      return false;
    }
    in = &file;
  }
  body.resize(RobotsRules::kMaxBytes + 1);
  in->read(body.data(), static_cast<std::streamsize>(body.size()));
  if (in->bad()) {
    error = "read error";
    return false;
  }
  body.resize(static_cast<size_t>(in->gcount()));
  return true;
}

void RunRobotsCheck(const RobotsCheckArgs& args) {
  std::string body;
  std::string error;
  if (!ReadRobotsFile(args.robots_file, body, error)) {
    std::cerr << "wirecrawl robots check: cannot read " << args.robots_file << ": " << error << "\n";
    ExitStatus() = kExitUsage;
    return;
  }
  const RobotsRules rules = RobotsRules::Parse(body);
  const RobotsRules::Verdict verdict = rules.Evaluate(args.agent, args.url);
  std::cout << (verdict.allowed ? "allowed" : "disallowed");
  if (verdict.line > 0) std::cout << " by line " << verdict.line << ": " << verdict.rule;
  std::cout << "\n";
  ExitStatus() = verdict.allowed ? kExitOk : kExitFailure;
}

}  // namespace

void AddRobotsCommand(CLI::App& app) {
  CLI::App* robots = app.add_subcommand("robots", "robots.txt tools (RFC 9309)");
  robots->require_subcommand(1);

  auto args = std::make_shared<RobotsCheckArgs>();
  CLI::App* check = robots->add_subcommand(
      "check",
      "Is URL allowed for an agent by a robots.txt file? Exit 0 allowed, 1 disallowed, 2 error. "
      "Prints the deciding rule and its line.");
  check->add_option("--robots-file", args->robots_file, "robots.txt file to read (\"-\" for standard input)")
      ->required()
      ->type_name("FILE");
  check
      ->add_option("--agent", args->agent,
                   "product token of the crawler, e.g. wirecrawl (case-insensitive; letters, '_' and '-' as "
                   "politeness.robots_agent)")
      ->required()
      ->type_name("TOKEN")
      ->check(Checked(config_checks::CheckProductToken));
  check
      ->add_option(
          "URL", args->url,
          "URL (\"https://host/path?q\") or path (\"/path\"); non-ASCII and reserved octets are compared percent-encoded (RFC 9309 2.2.2)")
      ->required()
      ->type_name("URL")
      ->check(Checked(CheckPathOrUrl));
  check->callback([args] { RunRobotsCheck(*args); });
}

}  // namespace wirecrawl::cli
