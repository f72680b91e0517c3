// tests/cli/help_tree.h: the commands and options `wirecrawl --help` and
// `wirecrawl COMMAND --help` show, read from the real binary's help text
// (CLI11's layout: "Options:", "Positionals:", "Subcommands:" sections of
// lines indented by two spaces). What the docs and the completion are
// checked against.
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/run_binary.h"

namespace wirecrawl::testing {

struct HelpCommand {
  std::string path;  // "crawl", "sources add"
  // Each option's names as --help lists them: {"--max-pages"}, {"-j", "--jobs"}.
  std::vector<std::vector<std::string>> options;
  std::vector<std::string> commands;  // subcommand names
};

namespace help_tree_detail {

inline std::vector<std::string> Section(const std::string& help, const std::string& title) {
  std::vector<std::string> lines;
  std::istringstream in(help);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line == title + ":") {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line.empty() || line[0] != ' ') break;
    if (line.size() > 2 && line[2] != ' ') lines.push_back(line.substr(2));  // not a continuation line
  }
  return lines;
}

inline void Walk(const std::string& path, std::vector<HelpCommand>& out) {
  CommandResult help = RunWirecrawl((path.empty() ? std::string() : path + " ") + "--help");
  HelpCommand command;
  command.path = path;
  for (const std::string& line : Section(help.out, "Options")) {
    std::string names = line.substr(0, line.find(' '));  // "-j,--jobs", "--db"
    if (names == "-h,--help") continue;
    std::vector<std::string> split;
    std::istringstream parts(names);
    for (std::string name; std::getline(parts, name, ',');) split.push_back(name);
    command.options.push_back(split);
  }
  for (const std::string& line : Section(help.out, "Subcommands")) {
    command.commands.push_back(line.substr(0, line.find(' ')));
  }
  out.push_back(command);
  for (const std::string& sub : command.commands) {
    if (path.empty() && sub == "help") {  // `help --help` is help's own page, without subcommands
      out.push_back(HelpCommand{"help", {}, {}});
      continue;
    }
    Walk(path.empty() ? sub : path + " " + sub, out);
  }
}

}  // namespace help_tree_detail

// Every command, the root ("") first, each before its subcommands.
inline std::vector<HelpCommand> HelpTree() {
  std::vector<HelpCommand> tree;
  help_tree_detail::Walk("", tree);
  return tree;
}

}  // namespace wirecrawl::testing
