// `wirecrawl sources list|add|remove|pause|resume`: the database's sources
// (seeds, feeds, sitemaps) as the operator sees and changes them.
//
// A source's origin (store/records.h SourceOrigin) says why it is read:
// "config" (a config's [sources]), "added" (`sources add`), "discovered"
// (a feed or sitemap the crawler found), "command-line" (a URL given to one
// `wirecrawl crawl`, one-shot: later crawls do not read it). `sources add`
// keeps a URL for every crawl, `pause` stops reading one without forgetting
// it, `remove` forgets it. A running daemon sees these changes at its next
// reload (SIGHUP).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/store_cli.h"
#include "config/value_checks.h"
#include "crawler/frontier/sources.h"
#include "url/url.h"

namespace wirecrawl::cli {
namespace {

constexpr std::string_view kCommand = "sources";

struct SourcesArgs {
  DatabaseArgs database;
  std::string kind = "seed";
  std::vector<std::string> urls;
};

// What a crawl does with the source now.
std::string StateOf(const Source& s) {
  if (s.paused) return "paused";
  if (s.next_refresh_ms == kNever) return "retired";
  if (s.origin == SourceOrigin::kCommandLine) return "one-shot";
  return "active";
}

std::optional<SourceKind> KindNamed(std::string_view name) {
  for (SourceKind k : {SourceKind::kSeed, SourceKind::kFeed, SourceKind::kSitemap}) {
    if (name == ToString(k)) return k;
  }
  return std::nullopt;
}

nlohmann::ordered_json SourceJson(const Source& s) {
  nlohmann::ordered_json j;
  j["id"] = s.id;
  j["url"] = s.url;
  j["kind"] = ToString(s.kind);
  j["origin"] = ToString(s.origin);
  j["state"] = StateOf(s);
  j["added"] = FormatIsoTime(s.added_ms);
  j["last_refreshed"] =
      s.last_refreshed_ms ? nlohmann::ordered_json(FormatIsoTime(*s.last_refreshed_ms)) : nullptr;
  j["last_status"] = s.last_status ? nlohmann::ordered_json(*s.last_status) : nullptr;
  j["last_error"] =
      s.last_error.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.last_error);
  j["consecutive_failures"] = s.consecutive_failures;
  return j;
}

// The stored sources, by id.
std::optional<std::vector<Source>> AllSources(Store& store) {
  Result<std::vector<Source>> all = store.DueSources(kNever);
  if (!all.ok()) {
    Fail(kCommand, all.status().message(), kExitIo);
    return std::nullopt;
  }
  std::sort(all->begin(), all->end(), [](const Source& a, const Source& b) { return a.id < b.id; });
  return std::move(all).value();
}

const Source* Find(const std::vector<Source>& sources, const std::string& url) {
  for (const Source& s : sources) {
    if (s.url == url) return &s;
  }
  return nullptr;
}

// The stored form of a URL the operator typed (as the crawler stores it).
std::optional<std::string> StoredForm(const std::string& url, const std::string& verb) {
  Result<std::string> normal = NormalizeUrl(url);
  if (!normal.ok()) {
    Fail(std::string(kCommand) + " " + verb, url + ": " + normal.status().message(), kExitUsage);
    return std::nullopt;
  }
  return std::move(normal).value();
}

void RunList(const SourcesArgs& args) {
  std::optional<CrawlerOptions> config = LoadOptions(args.database, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/false, kCommand);
  if (!store) return;
  std::optional<std::vector<Source>> sources = AllSources(*store);
  if (!sources) return;
  for (const Source& s : *sources) {
    if (args.database.json) {
      std::cout << SourceJson(s).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << "\n";
      continue;
    }
    std::string last = s.last_refreshed_ms ? HumanTime(*s.last_refreshed_ms) : "never";
    if (s.last_status) last += " " + std::to_string(*s.last_status);
    char line[160];
    std::snprintf(
        line, sizeof line, "%-8s %-7s %-12s %-8s %-20s ", StateOf(s).c_str(), ToString(s.kind),
        ToString(s.origin),
        s.consecutive_failures > 0 ? (std::to_string(s.consecutive_failures) + " fail").c_str() : "-",
        last.c_str());
    std::cout << line << s.url << "\n";
    if (!s.last_error.empty()) std::cout << "         last error: " << s.last_error << "\n";
  }
  if (!args.database.json && sources->empty()) {
    std::cout << "no sources (a crawl adds the config's; `wirecrawl sources add URL` adds one)\n";
  }
  std::cout.flush();
}

void RunAdd(const SourcesArgs& args) {
  const std::string verb = std::string(kCommand) + " add";
  std::optional<SourceKind> kind = KindNamed(args.kind);
  std::optional<CrawlerOptions> config = LoadOptions(args.database, verb);
  if (!config || !kind) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/true, verb);
  if (!store) return;
  std::optional<std::vector<Source>> before = AllSources(*store);
  if (!before) return;
  Status s = WithBatch(*store, [&]() -> Status {
    for (const std::string& raw : args.urls) {
      std::optional<std::string> url = StoredForm(raw, "add");
      if (!url) continue;
      const Source* known = Find(*before, *url);
      Result<int64_t> id =
          store->AddSource(*url, *kind, SourceOrigin::kAdded, config->daemon.source_refresh_min.count());
      if (!id.ok()) return id.status();
      if (known == nullptr) {
        std::cout << "added " << *url << " (" << ToString(*kind) << ")\n";
      } else if (known->origin < SourceOrigin::kAdded) {
        std::cout << "kept " << *url << ": was " << ToString(known->origin)
                  << ", now added (read by every crawl)\n";
      } else {
        std::cout << "already a source: " << *url << " (" << ToString(known->kind) << ", "
                  << ToString(known->origin) << ")\n";
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) Fail(verb, s.message(), kExitIo);
}

// remove, pause and resume: one change per URL; a URL that is not a source
// is a failed input (1), the others are still changed.
void RunChange(const SourcesArgs& args, const std::string& verb) {
  const std::string command = std::string(kCommand) + " " + verb;
  std::optional<CrawlerOptions> config = LoadOptions(args.database, command);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabaseForWriting(args.database, *config, command);
  if (!store) return;
  std::optional<std::vector<Source>> before = AllSources(*store);
  if (!before) return;
  int64_t now = NowMs();
  Status s = WithBatch(*store, [&]() -> Status {
    for (const std::string& raw : args.urls) {
      std::optional<std::string> url = StoredForm(raw, verb);
      if (!url) continue;
      const Source* known = Find(*before, *url);
      if (known == nullptr) {
        Fail(command, "no source " + *url + " (`wirecrawl sources list` lists them)", kExitFailure);
        continue;
      }
      Result<bool> changed =
          verb == "remove" ? store->RemoveSource(*url) : store->SetSourcePaused(*url, verb == "pause", now);
      if (!changed.ok()) return changed.status();
      std::cout << (verb == "remove" ? "removed " : verb == "pause" ? "paused " : "resumed ") << *url << "\n";
      if (verb == "remove" && known->origin == SourceOrigin::kConfig) {
        std::cout
            << "  it comes from a config's [sources]: a crawl with that config adds it again (remove it "
               "there, or pause it)\n";
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) Fail(command, s.message(), kExitIo);
}

}  // namespace

void AddSourcesCommand(CLI::App& app) {
  CLI::App* sources = app.add_subcommand(
      "sources",
      "The database's sources (seeds, feeds, sitemaps): list them, add, remove, pause or resume one");
  sources->require_subcommand(1);
  sources->footer(
      "Origins: config (a config's [sources]), added (`sources add`), discovered (a feed or sitemap the crawler "
      "found), command-line (a URL given to one `wirecrawl crawl`: one-shot, later crawls do not read it). "
      "States: active, one-shot, paused, retired (failed daemon.retire_source_after_failures times in a row). "
      "A running daemon sees changes at its next reload (SIGHUP).");

  auto list_args = std::make_shared<SourcesArgs>();
  CLI::App* list =
      sources->add_subcommand("list", "Every source with its kind, origin, state and last refresh");
  AddDatabaseOptions(list, &list_args->database);
  list->footer(
      "With --json, one object per line: id, url, kind, origin, state, added, last_refreshed, last_status, "
      "last_error, consecutive_failures.");
  list->callback([list_args] { RunList(*list_args); });

  auto add_args = std::make_shared<SourcesArgs>();
  CLI::App* add = sources->add_subcommand(
      "add", "Keep URLs as sources that every crawl reads (also a one-shot command-line URL)");
  AddDatabaseOptions(add, &add_args->database, /*with_json=*/false);
  add->add_option("--kind", add_args->kind, "seed (a front or section page), feed or sitemap")
      ->capture_default_str()
      ->check(CLI::IsMember({"seed", "feed", "sitemap"}));
  add->add_option("URL", add_args->urls, "http(s) URLs")
      ->required()
      ->type_name("URL")
      ->check(Checked(config_checks::CheckHttpUrl));
  add->callback([add_args] { RunAdd(*add_args); });

  const char* changes[][2] = {
      {"remove", "Forget sources; their URLs are no longer fetched (what they found stays)"},
      {"pause", "Stop reading sources without forgetting them"},
      {"resume", "Read paused sources again"},
  };
  for (const auto& [verb, description] : changes) {
    auto change_args = std::make_shared<SourcesArgs>();
    CLI::App* change = sources->add_subcommand(verb, description);
    AddDatabaseOptions(change, &change_args->database, /*with_json=*/false);
    change->add_option("URL", change_args->urls, "the sources' URLs, as `sources list` shows them")
        ->required()
        ->type_name("URL");
    change->footer("Exit status 1 if a URL is not a source (the others are changed).");
    change->callback([change_args, verb = std::string(verb)] { RunChange(*change_args, verb); });
  }
}

}  // namespace wirecrawl::cli
