// cli/flag_checks.h: command-line flags checked by the config's own checks
// (config/value_checks.h), so that a flag and the config key it overrides
// accept the same values and word a refusal the same way. CLI11 puts the
// flag's name in front: "--max-pages: -5 is out of range [0, ...]".
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "base/status.h"
#include "config/value_checks.h"

namespace wirecrawl::cli {

// A string flag checked by `check` (e.g. config_checks::CheckProductToken).
// `description` goes after the flag's type in --help (empty: nothing).
CLI::Validator Checked(Status (*check)(std::string_view), const std::string& description = "");

// A flag whose value must parse as its config key's does (a host pin, a
// network: config/value_syntax.h).
template <typename T>
CLI::Validator Parsed(Result<T> (*parse)(std::string_view), const std::string& description = "") {
  return CLI::Validator(
      [parse](std::string& value) -> std::string {
        Result<T> parsed = parse(value);
        return parsed.ok() ? std::string() : parsed.status().message();
      },
      description);
}

// An integer flag within the range its config key accepts.
CLI::Validator InRange(config_checks::IntRange range);

// A real-number flag within the range its config key accepts.
CLI::Validator InRange(config_checks::RealRange range);

}  // namespace wirecrawl::cli
