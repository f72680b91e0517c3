// `wirecrawl extract [--url URL] [--links] FILE...`: one JSON object per page.
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/worker_pool.h"
#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/page_file.h"
#include "config/value_checks.h"
#include "parser/extract.h"

namespace wirecrawl::cli {
namespace {

struct ExtractArgs {
  std::string url;
  std::string content_type;
  bool links = false;
  int jobs = 0;
  std::vector<std::string> files;
};

nlohmann::ordered_json ArticleJson(const std::string& source, const Article& a, bool with_links) {
  nlohmann::ordered_json j = {{"source", source},        {"url", a.url},
                      {"canonical_url", a.canonical_url}, {"title", a.title},
                      {"author", a.author},      {"published", a.published},
                      {"language", a.language},  {"body", a.Body()}};
  if (with_links) j["links"] = a.links;
  return j;
}

void RunExtract(const ExtractArgs& args) {
  ExtractOptions options;
  WorkerPool pool(static_cast<size_t>(args.jobs));
  // Pages are extracted on the workers and printed in the order given.
  auto extract = [&](size_t i, size_t) -> Result<Article> {
    Result<std::string> bytes = ReadPageFile(args.files[i], options.max_page_bytes);
    if (!bytes.ok()) return bytes.status();
    return ExtractArticle(*bytes, args.content_type, args.url, options);
  };
  auto print = [&](size_t i, Result<Article>& article) {
    const std::string& file = args.files[i];
    if (!article.ok()) {
      std::cerr << "wirecrawl extract: " << file << ": " << article.status().message() << "\n";
      ExitStatus() = kExitFailure;
      return true;
    }
    if (article->url.empty()) article->url = article->canonical_url;
    std::cout << ArticleJson(file, *article, args.links).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    return true;
  };
  ParallelMap<Result<Article>>(pool, args.files.size(), extract, print);
  std::cout.flush();
}

}  // namespace

void AddExtractCommand(CLI::App& app) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract the article from saved HTML pages; prints one JSON object per page");
  cmd->add_option("--url", args->url, "URL the pages were fetched from (resolves relative links); "
                                      "default: the page's <link rel=canonical>");
  cmd->add_option("--content-type", args->content_type, "HTTP Content-Type header, e.g. 'text/html; charset=windows-1256'");
  cmd->add_flag("--links", args->links, "Include the page's absolute links");
  cmd->add_option("-j,--jobs", args->jobs, "Pages extracted at once; 0 (default) = one per core")
      ->type_name("N")
      ->check(InRange(config_checks::kWorkers));
  cmd->add_option("FILE", args->files, "HTML files; '-' is stdin; .gz is inflated")->required();
  cmd->footer("Output fields: source, url, canonical_url, title, author, published, language, body "
              "(paragraphs joined by \\n), links (with --links). A failed file (cannot be read, with the "
              "reason, or has no article) is reported on stderr, the others are still processed, and the exit "
              "status is 1.");
  cmd->callback([args] { RunExtract(*args); });
}

}  // namespace wirecrawl::cli
