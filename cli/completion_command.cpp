// `wirecrawl completion bash`: the bash completion script, generated from
// the command tree CLI11 holds (commands, their options, which options take
// a value), so it cannot drift from the binary. The build runs it and
// installs the output (cli/CMakeLists.txt); tests/cli/ checks that it
// completes every command and option --help shows. Hidden from --help.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace wirecrawl::cli {
namespace {

// Values an option takes from a fixed set (its CLI11 check is IsMember or
// the config's), completed as words.
const std::map<std::string, std::string>& Choices() {
  static const std::map<std::string, std::string> kChoices = {
      {"--log-level", "trace debug info warn error critical off"},
      {"--format", "jsonl csv"},
      {"--kind", "seed feed sitemap"},
  };
  return kChoices;
}

struct Node {
  std::string path;  // "", "crawl", "robots check"
  std::vector<std::string> commands;
  std::vector<std::string> options;        // every name, "--db", "-j", "--jobs"
  std::vector<std::string> value_options;  // the ones that take a value
  std::vector<std::string> file_options;   // the ones whose value is a file
  bool file_arguments = false;             // a FILE positional
};

void Walk(const CLI::App& app, const std::string& path, std::vector<Node>& nodes) {
  Node node;
  node.path = path;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional() && !option->nonpositional()) {
      if (option->get_name() == "FILE") node.file_arguments = true;
      continue;
    }
    std::vector<std::string> names;
    for (const std::string& s : option->get_snames()) names.push_back("-" + s);
    for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
    bool takes_value = option->get_items_expected_max() > 0;  // 0 for flags
    for (const std::string& name : names) {
      node.options.push_back(name);
      if (takes_value) node.value_options.push_back(name);
      if (takes_value && option->get_type_name().rfind("FILE", 0) == 0) {
        node.file_options.push_back(name);
      }
    }
  }
  std::vector<const CLI::App*> children;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    node.commands.push_back(sub->get_name());
    children.push_back(sub);
  }
  nodes.push_back(node);
  for (const CLI::App* sub : children)
    Walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), nodes);
}

void Fail(const std::string& message) {
  std::cerr << "wirecrawl completion: " << message << "\n";
  ExitStatus() = kExitIo;
}

std::string Words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// One `case "$path" in ... esac` printing a word list per command path.
void CaseFunction(std::ostream& out, const std::string& name, const std::vector<Node>& nodes,
                  std::vector<std::string> Node::*field) {
  out << name << "() {\n  case \"$1\" in\n";
  for (const Node& node : nodes) {
    if ((node.*field).empty()) continue;
    out << "    \"" << node.path << "\") echo \"" << Words(node.*field) << "\" ;;\n";
  }
  out << "  esac\n}\n";
}

std::string BashScript(const CLI::App& app) {
  std::vector<Node> nodes;
  Walk(app, "", nodes);
  std::ostringstream out;
  out << "# bash completion for wirecrawl: generated from its command tree by `wirecrawl completion bash`\n"
         "# (cli/completion_command.cpp); do not edit.\n\n";
  CaseFunction(out, "_wirecrawl_commands", nodes, &Node::commands);
  CaseFunction(out, "_wirecrawl_options", nodes, &Node::options);
  CaseFunction(out, "_wirecrawl_value_options", nodes, &Node::value_options);
  CaseFunction(out, "_wirecrawl_file_options", nodes, &Node::file_options);
  out << "_wirecrawl_file_arguments() {\n  case \"$1\" in\n";
  for (const Node& node : nodes) {
    if (node.file_arguments) out << "    \"" << node.path << "\") return 0 ;;\n";
  }
  out << "  esac\n  return 1\n}\n";
  out << "_wirecrawl_choices() {\n  case \"$1\" in\n";
  for (const auto& [option, words] : Choices()) out << "    " << option << ") echo \"" << words << "\" ;;\n";
  out << "  esac\n}\n\n";
  // Global options (the root's) count after a command too: CLI11 lets them
  // fall through.
  out << R"BASH(_wirecrawl_in() {
  local word=$1; shift
  local w
  for w in $*; do [[ $w == "$word" ]] && return 0; done
  return 1
}

_wirecrawl() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  local path= i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if _wirecrawl_in "$w" "$(_wirecrawl_value_options "$path") $(_wirecrawl_value_options "")"; then
      ((i++))
    elif [[ $w != -* ]] && _wirecrawl_in "$w" "$(_wirecrawl_commands "$path")"; then
      path=${path:+$path }$w
    fi
  done
  COMPREPLY=()
  if ((COMP_CWORD > 1)) && _wirecrawl_in "$prev" "$(_wirecrawl_value_options "$path") $(_wirecrawl_value_options "")"; then
    local choices
    choices=$(_wirecrawl_choices "$prev")
    if [[ -n $choices ]]; then
      mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
    elif _wirecrawl_in "$prev" "$(_wirecrawl_file_options "$path")"; then
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_wirecrawl_options "$path") $(_wirecrawl_options "")" -- "$cur")
  elif [[ -n $(_wirecrawl_commands "$path") ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_wirecrawl_commands "$path")" -- "$cur")
  elif _wirecrawl_file_arguments "$path"; then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
  return 0
}
complete -F _wirecrawl wirecrawl
)BASH";
  return out.str();
}

void PrintBash(const CLI::App& app, const std::string& output) {
  std::string script = BashScript(app);
  if (output.empty()) {
    std::cout << script << std::flush;
    if (!std::cout) Fail("cannot write the script");
    return;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << script;
  file.close();
  if (!file) Fail(output + ": cannot write: " + std::strerror(errno));
}

}  // namespace

void AddCompletionCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("completion", "Print the completion script for a shell (bash)");
  cmd->group("");  // hidden: the package installs its output
  auto shell = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  cmd->add_option("SHELL", *shell, "bash")->required()->check(CLI::IsMember({"bash"}));
  cmd->add_option("-o,--output", *output, "Write the script to this file (default: standard output)")
      ->type_name("FILE");
  const CLI::App* root = &app;
  cmd->callback([root, shell, output] { PrintBash(*root, *output); });
}

}  // namespace wirecrawl::cli
