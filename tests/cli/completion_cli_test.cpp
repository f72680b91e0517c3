// The bash completion (`wirecrawl completion bash`, installed by the build):
// it completes every command and option `--help` shows, and completes them
// in bash as a user types.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "tests/cli/help_tree.h"
#include "tests/cli/run_binary.h"

namespace wirecrawl::testing {
namespace {

// COMPREPLY for `words` (the last one being completed), from a bash that
// loaded the script.
std::string Complete(const TempDir& dir, const std::string& words) {
  std::ofstream(dir / "run.sh") << "source '" << (dir / "wirecrawl.bash").string() << "'\n"
                                << "COMP_WORDS=(" << words << ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                                << "_wirecrawl\necho \"${COMPREPLY[*]}\"\n";
  CommandResult r = RunCommandLine("bash '" + (dir / "run.sh").string() + "'");
  INFO(r.err);
  CHECK(r.status == 0);
  return r.out.substr(0, r.out.find('\n'));
}

TEST_CASE("CliDoc_BashCompletion_CoversTheHelpAndCompletes", "[cli][completion]") {
  TempDir dir;
  CommandResult script = RunWirecrawl("completion bash --output '" + (dir / "wirecrawl.bash").string() + "'");
  REQUIRE(script.status == 0);
  std::string text = ReadWholeFile(dir / "wirecrawl.bash");
  REQUIRE(RunCommandLine("bash -n '" + (dir / "wirecrawl.bash").string() + "'").status == 0);
  CHECK(RunWirecrawl("--help").out.find("completion") == std::string::npos);  // hidden

  for (const HelpCommand& command : HelpTree()) {
    INFO(command.path);
    for (const std::vector<std::string>& names : command.options) {
      CHECK(text.find("\"" + command.path + "\") echo \"") != std::string::npos);
      for (const std::string& option : names) CHECK(text.find(" " + option) != std::string::npos);
    }
    for (const std::string& sub : command.commands) CHECK(text.find(sub) != std::string::npos);
  }

  CHECK(Complete(dir, "wirecrawl sou") == "sources");
  CHECK(Complete(dir, "wirecrawl sources a") == "add");
  CHECK(Complete(dir, "wirecrawl crawl --max-") == "--max-pages --max-depth");
  CHECK(Complete(dir, "wirecrawl --log-level debug crawl --no") == "--no-progress");
  CHECK(Complete(dir, "wirecrawl export --format ''") == "jsonl csv");
  CHECK(Complete(dir, "wirecrawl sources add --kind f") == "feed");
  CHECK(Complete(dir, "wirecrawl stats --log-level w") == "warn");
  std::ofstream(dir / "zz-news.db") << "";
  CHECK(Complete(dir, "wirecrawl stats --db '" + (dir / "zz-").string() + "'") ==
        (dir / "zz-news.db").string());
}

}  // namespace
}  // namespace wirecrawl::testing
