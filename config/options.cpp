#include "config/options.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>

#include "base/ascii.h"
#include "config/value_checks.h"
#include "config/value_syntax.h"

namespace wirecrawl {
namespace {

using std::chrono::milliseconds;
using Check = std::function<Status(std::string_view)>;
namespace syntax = config_syntax;

constexpr size_t kMaxConfigBytes = 4 * 1024 * 1024;  // a config is a page of text; more is a mistake

constexpr milliseconds Seconds(int64_t s) { return milliseconds(s * 1000); }
constexpr milliseconds Minutes(int64_t m) { return Seconds(m * 60); }
constexpr milliseconds Hours(int64_t h) { return Minutes(h * 60); }
constexpr milliseconds Days(int64_t d) { return Hours(d * 24); }

std::string FormatDuration(milliseconds d) {
  const int64_t ms = d.count();
  if (ms % 86'400'000 == 0 && ms != 0) return std::to_string(ms / 86'400'000) + "d";
  if (ms % 3'600'000 == 0 && ms != 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0 && ms != 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// Collects every problem of one document, each prefixed with where it is.
class Diagnostics {
 public:
  explicit Diagnostics(std::string source) : source_(std::move(source)) {}

  std::string Where(const toml::source_region& region) const {
    if (!region.begin) return source_;
    return source_ + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
  }
  void Add(const toml::source_region& region, std::string_view key, std::string_view message) {
    lines_.push_back({region.begin.line, region.begin.column,
                      Where(region) + ": " + std::string(key) + ": " + std::string(message)});
  }
  bool empty() const { return lines_.empty(); }
  // In document order: toml++ tables iterate by key, not by position.
  std::string Joined() const {
    std::vector<Line> sorted = lines_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Line& a, const Line& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    std::string out;
    for (const Line& line : sorted) out += (out.empty() ? "" : "\n") + line.text;
    return out;
  }

 private:
  struct Line {
    toml::source_index line;
    toml::source_index column;
    std::string text;
  };
  std::string source_;
  std::vector<Line> lines_;
};

// What a node holds, for "expected X, got Y" messages.
std::string Describe(const toml::node& node) {
  std::ostringstream out;
  switch (node.type()) {
    case toml::node_type::string: {
      std::string s(*node.as_string());
      if (s.size() > 60) s = s.substr(0, 57) + "...";
      out << "string \"" << s << "\"";
      break;
    }
    case toml::node_type::integer:
      out << "integer " << node.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      out << "float " << node.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      out << "boolean " << (node.as_boolean()->get() ? "true" : "false");
      break;
    case toml::node_type::table:
      out << "a table";
      break;
    case toml::node_type::array:
      out << "an array";
      break;
    default:
      out << "a date/time";
      break;
  }
  return out.str();
}

std::string ClosestKey(std::string_view key, const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = 3;  // hint only for near misses
  for (const std::string& candidate : known) {
    const size_t d = syntax::EditDistance(key, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

// Reads the keys of one [section], checking type and range; remembers which
// keys it was asked for so that anything else is reported as unknown.
class SectionReader {
 public:
  SectionReader(const toml::table& table, std::string section, Diagnostics& diag)
      : table_(table), section_(std::move(section)), diag_(diag) {}

  void Bool(std::string_view key, bool& out) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    if (const auto* b = node->as_boolean()) {
      out = b->get();
    } else {
      Error(*node, key, "expected true or false, got " + Describe(*node));
    }
  }

  template <typename Int>
  void Integer(std::string_view key, int64_t min, int64_t max, Int& out) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    const auto* i = node->as_integer();
    if (!i) return Error(*node, key, "expected an integer, got " + Describe(*node));
    if (Status range = config_checks::IntRange{min, max}.Check(i->get()); !range.ok()) {
      return Error(*node, key, range.message());
    }
    out = static_cast<Int>(i->get());
  }

  void Number(std::string_view key, double min, double max, double& out) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    const std::optional<double> v = node->is_number() ? node->value<double>() : std::nullopt;
    if (!v) return Error(*node, key, "expected a number, got " + Describe(*node));
    if (Status range = config_checks::RealRange{min, max}.Check(*v); !range.ok()) {
      return Error(*node, key, range.message());
    }
    out = *v;
  }

  void String(std::string_view key, std::string& out, const Check& check = {}) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    std::string value;
    if (ReadString(*node, key, check, value)) out = std::move(value);
  }

  void StringList(std::string_view key, std::vector<std::string>& out, const Check& check = {}) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    const toml::array* array = node->as_array();
    if (!array) return Error(*node, key, "expected an array of strings, got " + Describe(*node));
    std::vector<std::string> values;
    bool ok = true;
    for (const toml::node& element : *array) {
      std::string value;
      ok = ReadString(element, key, check, value) && ok;
      values.push_back(std::move(value));
    }
    if (ok) out = std::move(values);
  }

  void Duration(std::string_view key, milliseconds min, milliseconds max, milliseconds& out) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    milliseconds value{};
    if (ReadDuration(*node, key, min, max, value)) out = value;
  }

  void DurationList(std::string_view key, milliseconds min, milliseconds max,
                    std::vector<milliseconds>& out) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    const toml::array* array = node->as_array();
    if (!array) return Error(*node, key, "expected an array of durations, got " + Describe(*node));
    std::vector<milliseconds> values;
    bool ok = true;
    for (const toml::node& element : *array) {
      milliseconds value{};
      ok = ReadDuration(element, key, min, max, value) && ok;
      if (ok && !values.empty() && value <= values.back()) {
        Error(element, key,
              "durations must increase (" + FormatDuration(value) + " after " +
                  FormatDuration(values.back()) + ")");
        ok = false;
      }
      values.push_back(value);
    }
    if (ok) out = std::move(values);
  }

  void Size(std::string_view key, int64_t min, int64_t max, int64_t& out) {
    const toml::node* node = Lookup(key);
    if (!node) return;
    int64_t bytes = 0;
    if (const auto* i = node->as_integer()) {
      bytes = i->get();
    } else if (const auto* s = node->as_string()) {
      Result<int64_t> parsed = syntax::ParseSize(s->get());
      if (!parsed) return Error(*node, key, parsed.status().message());
      bytes = *parsed;
    } else {
      return Error(*node, key, "expected a size (bytes, or a string like \"10MiB\"), got " + Describe(*node));
    }
    if (bytes < min || bytes > max) {
      return Error(*node, key,
                   std::to_string(bytes) + " bytes is out of range [" + std::to_string(min) + ", " +
                       std::to_string(max) + "]");
    }
    out = bytes;
  }

  bool Has(std::string_view key) const { return table_.get(key) != nullptr; }

  // For checks across keys: reports at `key` if present, else at the section.
  void ErrorAt(std::string_view key, std::string_view message) {
    const toml::node* node = table_.get(key);
    diag_.Add(node ? node->source() : table_.source(), Dotted(key), message);
  }

  void ReportUnknownKeys() {
    for (auto&& [key, node] : table_) {
      if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
      std::string message = "unknown key";
      const std::string hint = ClosestKey(key.str(), known_);
      if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
      diag_.Add(key.source(), Dotted(key.str()), message);
    }
  }

 private:
  const toml::node* Lookup(std::string_view key) {
    known_.emplace_back(key);
    return table_.get(key);
  }

  std::string Dotted(std::string_view key) const { return section_ + "." + std::string(key); }

  void Error(const toml::node& node, std::string_view key, std::string_view message) {
    diag_.Add(node.source(), Dotted(key), message);
  }

  bool ReadString(const toml::node& node, std::string_view key, const Check& check, std::string& out) {
    const auto* s = node.as_string();
    if (!s) {
      Error(node, key, "expected a string, got " + Describe(node));
      return false;
    }
    if (check) {
      Status status = check(s->get());
      if (!status.ok()) {
        Error(node, key, status.message());
        return false;
      }
    }
    out = s->get();
    return true;
  }

  bool ReadDuration(const toml::node& node, std::string_view key, milliseconds min, milliseconds max,
                    milliseconds& out) {
    milliseconds value{};
    if (node.is_number()) {
      const double seconds = *node.value<double>();
      if (!(seconds >= 0 && seconds <= 10.0 * 365 * 86400)) {
        Error(node, key, "expected a duration of zero or more seconds, got " + Describe(node));
        return false;
      }
      value = milliseconds(static_cast<int64_t>(seconds * 1000 + 0.5));
    } else if (const auto* s = node.as_string()) {
      Result<milliseconds> parsed = syntax::ParseDuration(s->get());
      if (!parsed) {
        Error(node, key, parsed.status().message());
        return false;
      }
      value = *parsed;
    } else {
      Error(node, key, "expected a duration (seconds, or a string like \"1s\"), got " + Describe(node));
      return false;
    }
    if (value < min || value > max) {
      Error(node, key,
            FormatDuration(value) + " is out of range [" + FormatDuration(min) + ", " + FormatDuration(max) +
                "]");
      return false;
    }
    out = value;
    return true;
  }

  const toml::table& table_;
  std::string section_;
  Diagnostics& diag_;
  std::vector<std::string> known_;
};

// ---- checks on string values ------------------------------------------------

// A value is valid when it parses: the fetcher parses it again with the same
// parser (config/value_syntax.h), so config and crawl agree on it.
template <typename T>
Check Parses(Result<T> (*parse)(std::string_view)) {
  return [parse](std::string_view value) {
    Result<T> parsed = parse(value);
    return parsed.ok() ? Status::Ok() : parsed.status();
  };
}

using namespace config_checks;

// ---- sections -------------------------------------------------------------------

void ReadSources(SectionReader& r, CrawlerOptions::Sources& o) {
  r.StringList("seeds", o.seeds, CheckHttpUrl);
  r.StringList("feeds", o.feeds, CheckHttpUrl);
  r.StringList("sitemaps", o.sitemaps, CheckHttpUrl);
}

void ReadScope(SectionReader& r, CrawlerOptions::Scope& o) {
  r.StringList("allowed_domains", o.allowed_domains, CheckDomain);
  for (std::string& d : o.allowed_domains) d = ascii::Lower(d);
  r.StringList("include", o.include, CheckRegex);
  r.StringList("exclude", o.exclude, CheckRegex);
  r.Integer("max_depth", kMaxDepth.min, kMaxDepth.max, o.max_depth);
  r.Integer("max_pages", kMaxPages.min, kMaxPages.max, o.max_pages);
  r.Integer("max_pages_per_host", 0, kNoLimit, o.max_pages_per_host);
  r.Integer("max_url_length", 64, 65536, o.max_url_length);
  r.Integer("max_path_repetition", 1, 100, o.max_path_repetition);
  r.Integer("max_sitemap_depth", 0, 10, o.max_sitemap_depth);
}

void ReadPoliteness(SectionReader& r, CrawlerOptions::Politeness& o) {
  r.String("user_agent", o.user_agent, CheckUserAgent);
  r.String("robots_agent", o.robots_agent, CheckProductToken);
  r.Bool("obey_robots", o.obey_robots);
  r.Integer("connections_per_host", 1, 64, o.connections_per_host);
  r.Duration("min_delay", milliseconds(0), Hours(1), o.min_delay);
  r.Duration("max_crawl_delay", milliseconds(0), Days(1), o.max_crawl_delay);
  r.Duration("max_backoff", Seconds(1), Days(7), o.max_backoff);
  // RFC 9309 2.4: a cached robots.txt SHOULD NOT be used for more than 24 hours.
  r.Duration("robots_cache_ttl", Seconds(1), Hours(24), o.robots_cache_ttl);
  r.Integer("global_concurrency", 1, 10000, o.global_concurrency);
}

void ReadLimits(SectionReader& r, CrawlerOptions::Limits& o) {
  r.Size("max_body_bytes", 1024, int64_t{1} << 30, o.max_body_bytes);
  r.Duration("connect_timeout", milliseconds(100), Minutes(10), o.connect_timeout);
  r.Duration("total_timeout", Seconds(1), Hours(1), o.total_timeout);
  r.Size("low_speed_limit", 0, int64_t{1} << 30, o.low_speed_limit);
  r.Duration("low_speed_time", Seconds(1), Hours(1), o.low_speed_time);
  r.Integer("max_redirects", 0, 20, o.max_redirects);
  r.Integer("retries", 0, 20, o.retries);
  r.Duration("retry_base_delay", milliseconds(10), Hours(1), o.retry_base_delay);
  r.Duration("retry_max_delay", milliseconds(10), Days(1), o.retry_max_delay);
  if (o.connect_timeout > o.total_timeout)
    r.ErrorAt("connect_timeout", "must not exceed limits.total_timeout");
  if (o.retry_base_delay > o.retry_max_delay)
    r.ErrorAt("retry_base_delay", "must not exceed limits.retry_max_delay");
}

void ReadFetch(SectionReader& r, CrawlerOptions::Fetch& o) {
  r.StringList("resolve", o.resolve, Parses(syntax::ParseResolvePin));
  r.StringList("connect_to", o.connect_to, Parses(syntax::ParseConnectToPin));
  r.String("proxy", o.proxy, [](std::string_view v) {
    if (v.empty()) return Status::Ok();
    Result<syntax::ProxyAddress> parsed = syntax::ParseProxy(v);
    return parsed.ok() ? Status::Ok() : parsed.status();
  });
  r.String("no_proxy", o.no_proxy, CheckNoProxy);
  r.Bool("proxy_from_environment", o.proxy_from_environment);
  r.String("ca_file", o.ca_file, CheckOptionalPath);
}

void ReadNetwork(SectionReader& r, CrawlerOptions::Network& o) {
  r.StringList("allow", o.allow, Parses(syntax::ParseIpNetwork));
}

void ReadDedup(SectionReader& r, CrawlerOptions::Dedup& o) {
  r.Number("threshold", kDedupThreshold.min, kDedupThreshold.max, o.threshold);
  r.Integer("shingle_size", kShingleSize.min, kShingleSize.max, o.shingle_size);
  r.Integer("num_hashes", 1, 1024, o.num_hashes);
  r.Integer("bands", 1, 1024, o.bands);
  r.Integer("rows", 1, 1024, o.rows);
  r.Duration("window", milliseconds(0), Days(36500), o.window);
  if (int64_t{o.bands} * o.rows > o.num_hashes) {
    r.ErrorAt("bands", "bands * rows (" + std::to_string(int64_t{o.bands} * o.rows) +
                           ") must not exceed dedup.num_hashes (" + std::to_string(o.num_hashes) + ")");
  }
}

void ReadPaths(SectionReader& r, CrawlerOptions::Paths& o) {
  r.String("database", o.database, CheckNonEmpty);
}

void ReadDaemon(SectionReader& r, CrawlerOptions::Daemon& o) {
  r.Duration("source_refresh_min", Seconds(1), Days(1), o.source_refresh_min);
  r.Duration("source_refresh_max", Seconds(1), Days(30), o.source_refresh_max);
  r.DurationList("article_revisits", Minutes(1), Days(365), o.article_revisits);
  r.Integer("retire_source_after_failures", 0, 100000, o.retire_source_after_failures);
  r.Duration("shutdown_grace", milliseconds(0), Minutes(10), o.shutdown_grace);
  r.Bool("metrics", o.metrics);
  r.String("metrics_listen", o.metrics_listen, syntax::CheckListenAddress);
  r.String("log_level", o.log_level, CheckLogLevel);
  if (o.source_refresh_min > o.source_refresh_max) {
    r.ErrorAt("source_refresh_min", "must not exceed daemon.source_refresh_max");
  }
}

void ReadWeb(SectionReader& r, CrawlerOptions::Web& o) {
  r.Bool("enabled", o.enabled);
  r.String("listen", o.listen, syntax::CheckListenAddress);
}

void ReadPerformance(SectionReader& r, CrawlerOptions::Performance& o) {
  r.Integer("workers", kWorkers.min, kWorkers.max, o.workers);
}

void ReadMaintenance(SectionReader& r, CrawlerOptions::Maintenance& o) {
  r.Duration("fetch_log", milliseconds(0), Days(36500), o.fetch_log);
  r.Duration("every", Minutes(1), Days(7), o.every);
}

void ReadCluster(SectionReader& r, CrawlerOptions::Cluster& o) {
  r.Duration("host_lease", milliseconds(2000), Days(1), o.host_lease);
}

void ReadSite(SectionReader& r, CrawlerOptions::Site& o) {
  r.String("host", o.host, CheckDomain);
  o.host = ascii::Lower(o.host);
  r.StringList("article_urls", o.article_urls, CheckRegex);
  r.StringList("hub_urls", o.hub_urls, CheckRegex);
  if (!r.Has("host")) r.ErrorAt("host", "every [[site]] needs a host");
  if (!r.Has("article_urls") && !r.Has("hub_urls")) {
    r.ErrorAt("article_urls", "a [[site]] needs article_urls or hub_urls (RE2 patterns)");
  }
}

// [[site]]: an array of tables, one per site.
void ReadSites(const toml::node& node, Diagnostics& diag, std::vector<CrawlerOptions::Site>& out) {
  const toml::array* array = node.as_array();
  if (!array) {
    diag.Add(node.source(), "site", "expected [[site]] tables, got " + Describe(node));
    return;
  }
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* table = (*array)[i].as_table();
    if (!table) {
      diag.Add((*array)[i].source(), "site", "expected a [[site]] table, got " + Describe((*array)[i]));
      continue;
    }
    CrawlerOptions::Site site;
    SectionReader reader(*table, "site[" + std::to_string(i) + "]", diag);
    ReadSite(reader, site);
    reader.ReportUnknownKeys();
    out.push_back(std::move(site));
  }
}

struct SectionSpec {
  std::string_view name;
  std::function<void(SectionReader&, CrawlerOptions&)> read;
};

const std::vector<SectionSpec>& Sections() {
  static const std::vector<SectionSpec> kSections = {
      {"sources", [](SectionReader& r, CrawlerOptions& o) { ReadSources(r, o.sources); }},
      {"scope", [](SectionReader& r, CrawlerOptions& o) { ReadScope(r, o.scope); }},
      {"politeness", [](SectionReader& r, CrawlerOptions& o) { ReadPoliteness(r, o.politeness); }},
      {"limits", [](SectionReader& r, CrawlerOptions& o) { ReadLimits(r, o.limits); }},
      {"fetch", [](SectionReader& r, CrawlerOptions& o) { ReadFetch(r, o.fetch); }},
      {"network", [](SectionReader& r, CrawlerOptions& o) { ReadNetwork(r, o.network); }},
      {"dedup", [](SectionReader& r, CrawlerOptions& o) { ReadDedup(r, o.dedup); }},
      {"paths", [](SectionReader& r, CrawlerOptions& o) { ReadPaths(r, o.paths); }},
      {"daemon", [](SectionReader& r, CrawlerOptions& o) { ReadDaemon(r, o.daemon); }},
      {"performance", [](SectionReader& r, CrawlerOptions& o) { ReadPerformance(r, o.performance); }},
      {"web", [](SectionReader& r, CrawlerOptions& o) { ReadWeb(r, o.web); }},
      {"maintenance", [](SectionReader& r, CrawlerOptions& o) { ReadMaintenance(r, o.maintenance); }},
      {"cluster", [](SectionReader& r, CrawlerOptions& o) { ReadCluster(r, o.cluster); }},
  };
  return kSections;
}

}  // namespace

Result<CrawlerOptions> LoadConfigFromString(std::string_view toml_text, std::string_view source_name) {
  Diagnostics diag{std::string(source_name)};
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string(source_name));
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(diag.Where(e.source()) +
                                   ": invalid TOML: " + std::string(e.description()));
  }

  CrawlerOptions options;
  std::vector<std::string> section_names;
  for (const SectionSpec& spec : Sections()) section_names.emplace_back(spec.name);
  section_names.emplace_back("site");
  for (auto&& [key, node] : root) {
    // A named copy: clang before 16 cannot capture a structured binding.
    const std::string_view key_name = key.str();
    if (key_name == "site") {
      ReadSites(node, diag, options.sites);
      continue;
    }
    const auto spec = std::find_if(Sections().begin(), Sections().end(),
                                   [&](const SectionSpec& s) { return s.name == key_name; });
    if (spec == Sections().end()) {
      std::string message =
          node.is_table() ? "unknown section" : "unknown key (settings belong in a [section])";
      const std::string hint = ClosestKey(key.str(), section_names);
      if (!hint.empty()) message += " (did you mean [" + hint + "]?)";
      diag.Add(key.source(), key.str(), message);
      continue;
    }
    const toml::table* table = node.as_table();
    if (!table) {
      diag.Add(node.source(), key.str(),
               "expected a [" + std::string(key.str()) + "] table, got " + Describe(node));
      continue;
    }
    SectionReader reader(*table, std::string(key.str()), diag);
    spec->read(reader, options);
    reader.ReportUnknownKeys();
  }
  if (!diag.empty()) return Status::InvalidArgument(diag.Joined());
  return options;
}

Result<CrawlerOptions> LoadConfig(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::InvalidArgument("config file " + path + ": is a directory");
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound("config file " + path + ": not found");
    return Status::IoError("config file " + path + ": " + std::strerror(err));
  }
  std::string text;
  char buffer[64 * 1024];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(file.gcount()));
    if (text.size() > kMaxConfigBytes) {
      return Status::InvalidArgument("config file " + path + ": larger than " +
                                     std::to_string(kMaxConfigBytes / (1024 * 1024)) +
                                     " MiB; not a config file?");
    }
  }
  if (file.bad()) return Status::IoError("config file " + path + ": read error: " + std::strerror(errno));
  return LoadConfigFromString(text, path);
}

}  // namespace wirecrawl
