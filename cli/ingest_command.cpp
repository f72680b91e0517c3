// `wirecrawl ingest [--url URL] FILE...`: saved pages into the database
// through the crawler's own path (extract -> dedup -> store). SIGINT or
// SIGTERM stops after the page being stored: what was stored is committed
// and the exit status is 130 (143).
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "base/worker_pool.h"
#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/page_file.h"
#include "cli/stop_signals.h"
#include "cli/store_cli.h"
#include "config/value_checks.h"
#include "ingest/ingest.h"

namespace wirecrawl::cli {
namespace {

constexpr std::string_view kCommand = "ingest";

// Articles per transaction: a commit costs about as much as a few hundred
// inserts (WAL append + lock), so small batches would dominate the cost;
// larger ones only delay when readers see new articles.
constexpr size_t kArticlesPerBatch = 500;

struct IngestArgs {
  DatabaseArgs database;
  std::string url;
  std::string content_type;
  int jobs = 0;
  std::vector<std::string> files;
};

const char* ChangeName(const IngestResult& r) {
  if (r.new_article) return "new";
  switch (r.change) {
    case ArticleChange::kUnchanged:
      return "unchanged";
    case ArticleChange::kMetadataUpdated:
      return "updated";
    case ArticleChange::kNewVersion:
      return "new-version";
  }
  return "unchanged";
}

std::string Describe(const std::string& file, const IngestResult& r) {
  std::string line = file + ": ";
  if (r.new_article) {
    line += "article " + std::to_string(r.article_id) + ", ";
    if (r.new_story) {
      line += "new story s" + std::to_string(r.story_id);
    } else {
      char similarity[16];
      std::snprintf(similarity, sizeof similarity, "%.2f", r.similarity);
      line += "joins story s" + std::to_string(r.story_id) +
              (r.exact_duplicate ? std::string(" (exact copy)")
                                 : " (similarity " + std::string(similarity) + ")");
    }
  } else {
    line += "article " + std::to_string(r.article_id) + " " + ChangeName(r);
  }
  if (!r.title.empty()) line += " — " + r.title;
  return line;
}

void RunIngest(const IngestArgs& args) {
  if (!args.url.empty() && args.files.size() != 1) {
    Fail(kCommand, "--url names the URL of one page: give exactly one FILE with it", kExitUsage);
    return;
  }
  std::optional<CrawlerOptions> config = LoadOptions(args.database, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/true, kCommand);
  if (!store) return;
  // The [dedup] section of --config (the defaults without one).
  IngestOptions options = IngestOptionsFromConfig(config->dedup);
  Result<std::unique_ptr<IngestPipeline>> pipeline = IngestPipeline::Open(*store, options);
  if (!pipeline.ok()) {
    Fail(kCommand, pipeline.status().message(),
         pipeline.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo);
    return;
  }

  StopSignals signals;
  size_t done = 0;
  size_t counts[4] = {0, 0, 0, 0};  // new, updated, unchanged, failed
  size_t in_batch = 0;
  // Read, extract, normalise and fingerprint on the workers; cluster and
  // store in file order on this thread (the stories do not depend on -j).
  WorkerPool pool(static_cast<size_t>(args.jobs));
  std::vector<ArticlePreparer> preparers;
  for (size_t i = 0; i < pool.threads(); ++i) preparers.emplace_back(options.dedup);
  auto prepare = [&](size_t i, size_t worker) -> Result<PreparedArticle> {
    Result<std::string> page = ReadPageFile(args.files[i], options.extract.max_page_bytes);
    if (!page.ok()) return Status::InvalidArgument(page.status().message());
    Result<Article> article = ExtractPageArticle(*page, args.content_type, args.url, options.extract);
    if (!article.ok()) return article.status();
    return preparers[worker].Prepare(std::move(article).value());
  };
  auto store_one = [&](size_t i, Result<PreparedArticle>& prepared) {
    if (signals.stop_requested()) return false;  // what is stored gets committed below
    ++done;
    const std::string& file = args.files[i];
    if (prepared.ok() && !store->InBatch()) {
      if (Status s = store->BeginBatch(); !s.ok()) {
        Fail(kCommand, s.message(), kExitIo);
        return false;
      }
    }
    Result<IngestResult> result = prepared.ok() ? (*pipeline)->AddPrepared(*prepared, NowMs())
                                                : Result<IngestResult>(prepared.status());
    if (!result.ok()) {
      bool bad_input = result.status().code() == Status::Code::kInvalidArgument;
      Fail(kCommand, file + ": " + result.status().message(), bad_input ? kExitFailure : kExitIo);
      if (args.database.json) {
        std::cout << nlohmann::ordered_json{{"file", file},
                                            {"status", "error"},
                                            {"error", result.status().message()}}
                         .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                  << "\n";
      }
      ++counts[3];
      return bad_input;  // the database failed: stop, keep what is committed
    }
    const IngestResult& r = *result;
    ++counts[r.new_article ? 0 : r.change == ArticleChange::kUnchanged ? 2 : 1];
    if (++in_batch == kArticlesPerBatch) {
      in_batch = 0;
      if (Status s = (*pipeline)->Commit(*store); !s.ok()) {
        Fail(kCommand, "storing a batch failed: " + s.message(), kExitIo);
        return false;
      }
    }
    if (args.database.json) {
      nlohmann::ordered_json j = {{"file", file},
                                  {"status", ChangeName(r)},
                                  {"id", r.article_id},
                                  {"story", r.story_id},
                                  {"new_story", r.new_story},
                                  {"exact_duplicate", r.exact_duplicate},
                                  {"similarity", r.similarity},
                                  {"url", r.url},
                                  {"title", r.title}};
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      std::cout << Describe(file, r) << "\n";
    }
    return true;
  };
  ParallelMap<Result<PreparedArticle>>(pool, args.files.size(), prepare, store_one);
  if (ExitStatus() == kExitIo) return;
  if (Status s = (*pipeline)->Commit(*store); !s.ok()) {
    Fail(kCommand, "storing the last batch failed: " + s.message(), kExitIo);
    return;
  }
  bool interrupted = signals.stop_requested();
  if (!args.database.json) {
    std::cout << "ingested " << done << (done == 1 ? " file: " : " files: ") << counts[0] << " new, "
              << counts[1] << " updated, " << counts[2] << " unchanged, " << counts[3] << " failed";
    if (interrupted) std::cout << "; interrupted, " << args.files.size() - done << " not read";
    std::cout << "\n";
  }
  std::cout.flush();
  if (interrupted) ExitAfterSignal(signals.ExitCode());
}

}  // namespace

void AddIngestCommand(CLI::App& app) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Store saved HTML pages as articles (extract, dedup, store)");
  AddDatabaseOptions(cmd, &args->database);
  cmd->add_option("--url", args->url,
                  "URL the page was fetched from (one FILE only); "
                  "default: the page's <link rel=canonical>");
  cmd->add_option("--content-type", args->content_type,
                  "HTTP Content-Type the page was served with, e.g. 'text/html; charset=windows-1256'");
  cmd->add_option("-j,--jobs", args->jobs, "Pages read and extracted at once; 0 (default) = one per core")
      ->type_name("N")
      ->check(InRange(config_checks::kWorkers));
  cmd->add_option("FILE", args->files, "HTML files (.html, .html.gz); '-' is stdin")->required();
  cmd->footer(
      "Each page goes through the crawler's path: article extraction, near-duplicate detection (a wire copy "
      "joins "
      "the story of the article it repeats) and storage. A URL already stored is updated; a changed body "
      "keeps the "
      "old one as a version. With --json, one object per file: file, status "
      "(new|updated|new-version|unchanged|"
      "error), id, story, new_story, exact_duplicate, similarity, url, title. Exit status 1 if some file "
      "failed (could not be read, or is not an article; the others are stored), 3 if the database failed, "
      "130/143 when stopped by SIGINT/SIGTERM (what was stored is kept).");
  cmd->callback([args] { RunIngest(*args); });
}

}  // namespace wirecrawl::cli
