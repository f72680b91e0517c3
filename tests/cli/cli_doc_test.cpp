// The documentation against the binary: the README's command table and the
// man page list every command and option `--help` shows, and the exit
// codes, messages and flag checks are the ones they describe (man page,
// EXIT STATUS; README, Commands).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/help_tree.h"
#include "tests/cli/run_binary.h"

namespace wirecrawl::testing {
namespace {

namespace fs = std::filesystem;

fs::path SourceDir() { return fs::path(WIRECRAWL_TEST_DATA).parent_path().parent_path(); }

// The man page's text for one command: its .SS heading and what follows up
// to the next heading, with roff's escaped hyphens made plain.
std::string ManSection(const std::string& man, const std::string& path) {
  size_t at = man.find(".SS \"" + path + " ");
  if (at == std::string::npos) at = man.find(".SS \"" + path + "\"");
  if (at == std::string::npos) return "";
  size_t end = man.find("\n.S", at + 1);
  std::string section = man.substr(at, end == std::string::npos ? std::string::npos : end - at);
  return std::regex_replace(section, std::regex(R"(\\-)"), "-");
}

// The README's command table rows that document `path`.
std::string ReadmeRows(const std::string& readme, const std::string& path) {
  std::string rows;
  std::istringstream in(readme);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| `wirecrawl " + path, 0) != 0) continue;
    std::string rest = line.substr(std::string("| `wirecrawl ").size() + path.size());
    // "sources remove\|pause\|resume" documents three commands in one row.
    if (!rest.empty() && rest[0] != ' ' && rest[0] != '`' && rest.rfind("\\|", 0) != 0) continue;
    rows += line + "\n";
  }
  // A row naming several commands ("sources remove\|pause\|resume").
  std::string parent = path.substr(0, path.rfind(' ') == std::string::npos ? 0 : path.rfind(' '));
  std::string leaf = path.substr(parent.empty() ? 0 : parent.size() + 1);
  std::istringstream again(readme);
  for (std::string line; std::getline(again, line);) {
    if (parent.empty() || line.rfind("| `wirecrawl " + parent + " ", 0) != 0) continue;
    std::string verbs = line.substr(std::string("| `wirecrawl ").size() + parent.size() + 1);
    verbs = verbs.substr(0, verbs.find(' '));
    if (("\\|" + verbs + "\\|").find("\\|" + leaf + "\\|") != std::string::npos) rows += line + "\n";
  }
  return rows;
}

TEST_CASE("CliDoc_ManPageAndReadmeListEveryCommandAndOptionOfHelp", "[cli][doc]") {
  std::string man = ReadWholeFile(SourceDir() / "man" / "wirecrawl.1");
  std::string readme = ReadWholeFile(SourceDir() / "README.md");
  std::vector<HelpCommand> tree = HelpTree();
  REQUIRE(tree.size() > 10);
  std::string global =
      std::regex_replace(man.substr(man.find(".SH GLOBAL OPTIONS")), std::regex(R"(\\-)"), "-");
  for (const std::vector<std::string>& names : tree.front().options) {
    for (const std::string& option : names) {
      INFO("global option " << option);
      CHECK(global.substr(0, global.find(".SH COMMON")).find(option) != std::string::npos);
      CHECK(readme.find("`" + option) != std::string::npos);
    }
  }
  for (size_t i = 1; i < tree.size(); ++i) {
    const HelpCommand& command = tree[i];
    if (!command.commands.empty()) {  // a family (robots, sources): its commands are documented
      for (const std::string& sub : command.commands) {
        INFO(command.path << " " << sub);
        CHECK_FALSE(ManSection(man, command.path + " " + sub).empty());
      }
      continue;
    }
    std::string section = ManSection(man, command.path);
    std::string rows = ReadmeRows(readme, command.path);
    INFO("command: " << command.path);
    REQUIRE_FALSE(section.empty());
    REQUIRE_FALSE(rows.empty());
    std::string synopsis = section.substr(0, section.find('\n'));
    std::string readme_synopsis;
    std::istringstream lines(rows);
    for (std::string row; std::getline(lines, row);) readme_synopsis += row.substr(0, row.find("` |")) + "\n";
    // Each option in the synopses, by one of its names, and in the man
    // page's text by every name.
    auto named = [](const std::string& text, const std::vector<std::string>& names) {
      return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
        return std::regex_search(text, std::regex(n + "\\b"));
      });
    };
    for (const std::vector<std::string>& names : command.options) {
      INFO("option: " << names.back());
      CHECK(named(synopsis, names));
      CHECK(named(readme_synopsis, names));
      for (const std::string& name : names) CHECK(section.find(name) != std::string::npos);
    }
  }
  // Nothing documented that --help does not show.
  std::regex heading(R"re(\.SS "([a-z]+(?: [a-z]+)?))re");
  for (auto it = std::sregex_iterator(man.begin(), man.end(), heading); it != std::sregex_iterator(); ++it) {
    std::string documented = (*it)[1];
    std::string first = documented.substr(0, documented.find(' '));
    bool known = false;
    for (const HelpCommand& c : tree) known = known || c.path == documented || c.path == first;
    INFO("man page documents " << documented);
    CHECK(known);
  }
}

TEST_CASE("CliDoc_ExitCodes_HelpVersionAndUnknownCommands", "[cli][doc]") {
  CommandResult help = RunWirecrawl("help");
  CHECK(help.status == 0);
  CHECK(help.out.find("Usage: wirecrawl") != std::string::npos);
  CHECK(help.out.find("Exit codes") != std::string::npos);
  CommandResult help_crawl = RunWirecrawl("help crawl");
  CHECK(help_crawl.status == 0);
  CHECK(help_crawl.out.find("Usage: wirecrawl crawl") != std::string::npos);
  CHECK(RunWirecrawl("help sources add").out.find("Usage: wirecrawl sources add") != std::string::npos);
  CHECK(RunWirecrawl("help nosuch").status == 2);

  for (const char* flag : {"-V", "--version"}) {
    CommandResult version = RunWirecrawl(flag);
    CHECK(version.status == 0);
    CHECK(std::regex_match(version.out, std::regex(R"(\d+\.\d+\.\d+\n)")));
  }
  CommandResult bogus = RunWirecrawl("bogus");
  CHECK(bogus.status == 2);
  CHECK(bogus.err.find("unknown command `bogus`") != std::string::npos);
  CommandResult near = RunWirecrawl("stat");
  CHECK(near.status == 2);
  CHECK(near.err.find("did you mean `stats`?") != std::string::npos);
  CommandResult none = RunWirecrawl("");
  CHECK(none.status == 2);
}

TEST_CASE("CliDoc_GlobalOptionsComeBeforeOrAfterTheCommand", "[cli][doc]") {
  TempDir dir;
  // A missing database is exit 3 (the command ran): the option was taken.
  for (const std::string& args :
       {std::string("--log-level debug stats --db '"), std::string("stats --log-level debug --db '")}) {
    CommandResult r = RunWirecrawl(args + (dir / "none.db").string() + "'");
    INFO(args << "\n" << r.err);
    CHECK(r.status == 3);
  }
  CommandResult bogus = RunWirecrawl("stats --log-level bogus");
  CHECK(bogus.status == 2);
  CHECK(bogus.err.find("--log-level: expected one of trace, debug") != std::string::npos);
}

// The message of a config file with `toml`, without its position.
std::string ConfigError(const TempDir& dir, const std::string& toml) {
  std::ofstream(dir / "bad.toml") << toml;
  CommandResult r = RunWirecrawl("stats --config '" + (dir / "bad.toml").string() + "' --db '" +
                                 (dir / "x.db").string() + "'");
  CHECK(r.status == 2);
  // "wirecrawl stats: FILE:2:13: scope.max_pages: MESSAGE"
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m, std::regex(R"(: [a-z_]+\.[a-z_]+: (.*)\n)")));
  return m[1];
}

// "wirecrawl CMD: --flag: MESSAGE", the message without the flag.
std::string FlagError(const std::string& args, const std::string& flag) {
  CommandResult r = RunWirecrawl(args);
  INFO(args << "\n" << r.err);
  CHECK(r.status == 2);
  size_t at = r.err.find(flag + ": ");
  REQUIRE(at != std::string::npos);
  std::string message = r.err.substr(at + flag.size() + 2);
  return message.substr(0, message.find('\n'));
}

TEST_CASE("CliDoc_FlagsAreCheckedAsTheConfigChecksTheSameSetting", "[cli][doc]") {
  TempDir dir;
  CHECK(FlagError("crawl --max-pages -5 --db x.db", "--max-pages") ==
        ConfigError(dir, "[scope]\nmax_pages = -5\n"));
  CHECK(FlagError("crawl --max-depth -3 --db x.db", "--max-depth") ==
        ConfigError(dir, "[scope]\nmax_depth = -3\n"));
  CHECK(FlagError("crawl --workers 5000 --db x.db", "--workers") ==
        ConfigError(dir, "[performance]\nworkers = 5000\n"));
  CHECK(FlagError("dedup --threshold 0", "--threshold") == ConfigError(dir, "[dedup]\nthreshold = 0\n"));
  CHECK(FlagError("dedup --threshold 0", "--threshold") == "0 is out of range [0.01, 1]");
  CHECK(FlagError("dedup --shingle-size 0", "--shingle-size") ==
        ConfigError(dir, "[dedup]\nshingle_size = 0\n"));
  CHECK(FlagError("--log-level loud stats", "--log-level") ==
        ConfigError(dir, "[daemon]\nlog_level = \"loud\"\n"));
  CHECK(FlagError("robots check --robots-file /dev/null --agent wirecrawl/1.0 /", "--agent") ==
        ConfigError(dir, "[politeness]\nrobots_agent = \"wirecrawl/1.0\"\n"));
  CHECK(FlagError("crawl --resolve bogus --db x.db", "--resolve") ==
        ConfigError(dir, "[fetch]\nresolve = [\"bogus\"]\n"));
  CHECK(FlagError("crawl 'ftp://example.com/' --db x.db", "URL") ==
        ConfigError(dir, "[sources]\nseeds = [\"ftp://example.com/\"]\n"));
  CHECK(FlagError("extract -j -1 /dev/null", "--jobs").find("-1 is out of range [0, 1024]") == 0);

  // robots check: a URL that is neither a path nor an http(s) URL is an
  // error, not "allowed".
  CommandResult not_url = RunWirecrawl("robots check --robots-file /dev/null --agent wirecrawl 'not a url'");
  CHECK(not_url.status == 2);
  CHECK(not_url.out.empty());
  CHECK(not_url.err.find("URL: expected a path") != std::string::npos);
}

TEST_CASE("CliDoc_MissingInputFile_OneRuleWithTheSystemsReason", "[cli][doc]") {
  TempDir dir;
  const std::string missing = (dir / "missing.html").string();
  for (const std::string& command :
       std::vector<std::string>{"extract", "dedup", "ingest --db '" + (dir / "n.db").string() + "'"}) {
    CommandResult r = RunWirecrawl(command + " '" + missing + "'");
    INFO(command << "\n" << r.err);
    CHECK(r.status == 1);  // a failed input (man page, EXIT STATUS)
    CHECK(r.err.find(missing + ": cannot open: No such file or directory") != std::string::npos);
  }
}

TEST_CASE("CliDoc_Dedup_RepeatedIdIsReportedWithBothLines", "[cli][doc]") {
  TempDir dir;
  std::ofstream(dir / "in.jsonl") << R"({"id": "a", "text": "the first text about one thing"})"
                                  << "\n"
                                  << R"({"id": "b", "text": "a second text about another thing"})"
                                  << "\n"
                                  << R"({"id": "a", "text": "a third, unrelated text on a third matter"})"
                                  << "\n";
  CommandResult r = RunWirecrawl("dedup '" + (dir / "in.jsonl").string() + "'");
  CHECK(r.status == 1);
  CHECK(r.err.find(":3: id \"a\" repeats line 1") != std::string::npos);
  std::istringstream out(r.out);
  int lines = 0;
  for (std::string line; std::getline(out, line);) ++lines;
  CHECK(lines == 3);  // every line is still grouped and written
}

TEST_CASE("CliDoc_Search_AWordStartingWithADashIsQueryText", "[cli][doc]") {
  TempDir dir;
  // An empty archive is enough: the question is how the words are parsed.
  std::ofstream(dir / "page.html")
      << "<html><head><title>Rates</title><link rel=canonical "
         "href=\"https://bank.example/rates\"></head><body><article><p>"
      << std::string(60, 'x') << " The ECB left its rates unchanged on Thursday, "
      << "as markets expected, and said inflation is slowing across the euro area "
      << "while growth stays weak.</p></article></body></html>";
  std::string db = (dir / "n.db").string();
  REQUIRE(RunWirecrawl("ingest --db '" + db + "' '" + (dir / "page.html").string() + "'").status == 0);
  CommandResult excluded = RunWirecrawl("search --db '" + db + "' '-rates ECB'");
  INFO(excluded.err);
  CHECK(excluded.status == 0);
  CHECK(excluded.out == "no articles match\n");
  CommandResult words = RunWirecrawl("search -inflation --db '" + db + "' ECB --limit 5");
  CHECK(words.status == 0);
  CHECK(words.out == "no articles match\n");
  CommandResult found = RunWirecrawl("search --db '" + db + "' ECB -cats");
  CHECK(found.status == 0);
  CHECK(found.out.find("bank.example/rates") != std::string::npos);
}

}  // namespace
}  // namespace wirecrawl::testing
