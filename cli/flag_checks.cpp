#include "cli/flag_checks.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace wirecrawl::cli {

CLI::Validator Checked(Status (*check)(std::string_view), const std::string& description) {
  return CLI::Validator(
      [check](std::string& value) -> std::string {
        Status s = check(value);
        return s.ok() ? std::string() : s.message();
      },
      description);
}

CLI::Validator InRange(config_checks::IntRange range) {
  return CLI::Validator(
      [range](std::string& value) -> std::string {
        int64_t n = 0;
        const char* end = value.data() + value.size();
        auto [ptr, ec] = std::from_chars(value.data(), end, n);
        if (value.empty() || ec != std::errc() || ptr != end)
          return "expected an integer, got \"" + value + "\"";
        Status s = range.Check(n);
        return s.ok() ? std::string() : s.message();
      },
      "");
}

CLI::Validator InRange(config_checks::RealRange range) {
  return CLI::Validator(
      [range](std::string& value) -> std::string {
        errno = 0;
        char* end = nullptr;
        double d = std::strtod(value.c_str(), &end);
        if (value.empty() || end != value.c_str() + value.size() || errno != 0 || !std::isfinite(d)) {
          return "expected a number, got \"" + value + "\"";
        }
        Status s = range.Check(d);
        return s.ok() ? std::string() : s.message();
      },
      "");
}

}  // namespace wirecrawl::cli
