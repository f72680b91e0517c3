// `wirecrawl extract [--url URL] [--links] FILE...`: one JSON object per page.
//
// Several pages of one site in one call teach each other, as a crawl's pages
// do (parser/site_profile.h): a first pass reads every page's <title> and
// verdict, a second classifies again with what was learned per host (title
// affixes stripped, URL shapes of the site's articles and listings), so
// that `extract` and `crawl` agree on titles and on what is an article.
// The second pass reuses the first pass's articles while they fit in
// kKeptArticleBytes (extraction is nearly all of the work); pages beyond it
// are read and extracted again.
#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/worker_pool.h"
#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/page_file.h"
#include "config/value_checks.h"
#include "parser/extract.h"
#include "parser/page_kind.h"
#include "parser/site_profile.h"
#include "url/url.h"

namespace wirecrawl::cli {
namespace {

struct ExtractArgs {
  std::string url;
  std::string content_type;
  bool links = false;
  int jobs = 0;
  std::vector<std::string> files;
};

nlohmann::ordered_json ArticleJson(const std::string& source, const Article& a, const PageVerdict& verdict,
                                   bool with_links) {
  nlohmann::ordered_json j = {
      {"source", source},       {"url", a.url},       {"canonical_url", a.canonical_url},
      {"title", a.title},       {"author", a.author}, {"published", a.published},
      {"language", a.language}, {"body", a.Body()}};
  j["page_kind"] = PageKindName(verdict.kind);
  j["page_reason"] = verdict.reason;
  if (with_links) j["links"] = a.links;
  return j;
}

// The site a page belongs to, for learning: its URL's host ("" when the
// page has no URL: such pages are taken as one site).
std::string SiteOf(const Article& a) { return HostOfUrl(a.url); }

constexpr size_t kKeptArticleBytes = 256u << 20;

size_t ApproxBytes(const Article& a) {
  size_t bytes = sizeof(Article) + a.url.size() + a.canonical_url.size() + a.title.size() + a.author.size();
  for (const auto* list : {&a.paragraphs, &a.links, &a.feed_links, &a.headline_links}) {
    for (const std::string& s : *list) bytes += sizeof(std::string) + s.size();
  }
  return bytes;
}

// What the first pass keeps of a page: enough to learn from, and the
// article itself for the second pass.
struct PageSummary {
  Article article;
  PageVerdict verdict;
};

void RunExtract(const ExtractArgs& args) {
  ExtractOptions options;
  WorkerPool pool(static_cast<size_t>(args.jobs));
  // Pages are read twice when several are given (to learn, then to print);
  // stdin only once.
  std::optional<Result<std::string>> stdin_page;
  if (args.files.size() > 1 && std::find(args.files.begin(), args.files.end(), "-") != args.files.end()) {
    stdin_page = ReadPageFile("-", options.max_page_bytes);
  }
  auto read = [&](size_t i) -> Result<Article> {
    Result<std::string> bytes = args.files[i] == "-" && stdin_page
                                    ? *stdin_page
                                    : ReadPageFile(args.files[i], options.max_page_bytes);
    if (!bytes.ok()) return bytes.status();
    Result<Article> article = ExtractArticle(*bytes, args.content_type, args.url, options);
    if (article.ok() && article->url.empty()) article->url = article->canonical_url;
    return article;
  };

  // Pass 1 (several pages only): what each page teaches its site.
  std::map<std::string, SiteProfile> sites;
  std::vector<std::optional<Article>> kept(args.files.size());
  size_t kept_bytes = 0;
  if (args.files.size() > 1) {
    auto summarise = [&](size_t i, size_t) -> std::optional<PageSummary> {
      Result<Article> article = read(i);
      if (!article.ok()) return std::nullopt;
      PageVerdict verdict = ClassifyPage(*article, article->url);
      return PageSummary{*std::move(article), std::move(verdict)};
    };
    auto learn = [&](size_t i, std::optional<PageSummary>& page) {
      if (!page) return true;
      const Article& a = page->article;
      SiteProfile& site = sites[SiteOf(a)];
      site.host = SiteOf(a);
      LearnFromPage(site, a.url, a.signals.title_tag, page->verdict.kind, page->verdict.confident, 0);
      if (size_t bytes = ApproxBytes(page->article); kept_bytes + bytes <= kKeptArticleBytes) {
        kept_bytes += bytes;
        kept[i] = std::move(page->article);
      }
      return true;
    };
    ParallelMap<std::optional<PageSummary>>(pool, args.files.size(), summarise, learn);
  }

  // Pass 2: pages extracted on the workers with what their site taught,
  // printed in the order given.
  struct Extracted {
    Result<Article> article;
    PageVerdict verdict;
  };
  auto extract = [&](size_t i, size_t) -> Extracted {
    Extracted out{kept[i] ? Result<Article>(*std::move(kept[i])) : read(i), {}};
    if (!out.article.ok()) return out;
    Article& a = *out.article;
    auto site = sites.find(SiteOf(a));
    const SiteProfile* profile = site == sites.end() ? nullptr : &site->second;
    if (profile) a.title = profile->StripTitleAffixes(a.title);
    PageContext context;
    context.url = a.url;
    context.site = profile;
    out.verdict = ClassifyPage(a, context);
    return out;
  };
  auto print = [&](size_t i, Extracted& page) {
    const std::string& file = args.files[i];
    if (!page.article.ok()) {
      std::cerr << "wirecrawl extract: " << file << ": " << page.article.status().message() << "\n";
      ExitStatus() = kExitFailure;
      return true;
    }
    std::cout << ArticleJson(file, *page.article, page.verdict, args.links)
                     .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    return true;
  };
  ParallelMap<Extracted>(pool, args.files.size(), extract, print);
  std::cout.flush();
}

}  // namespace

void AddExtractCommand(CLI::App& app) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd = app.add_subcommand(
      "extract", "Extract the article from saved HTML pages; prints one JSON object per page");
  cmd->add_option("--url", args->url,
                  "URL the pages were fetched from (resolves relative links); "
                  "default: the page's <link rel=canonical>");
  cmd->add_option("--content-type", args->content_type,
                  "HTTP Content-Type header, e.g. 'text/html; charset=windows-1256'");
  cmd->add_flag("--links", args->links, "Include the page's absolute links");
  cmd->add_option("-j,--jobs", args->jobs, "Pages extracted at once; 0 (default) = one per core")
      ->type_name("N")
      ->check(InRange(config_checks::kWorkers));
  cmd->add_option("FILE", args->files, "HTML files; '-' is stdin; .gz is inflated")->required();
  cmd->footer(
      "Output fields: source, url, canonical_url, title, author, published, language, body "
      "(paragraphs joined by \\n), page_kind (article, hub or page: does the page look like an "
      "article? A crawl also weighs how it found the URL), page_reason (the evidence), links (with "
      "--links). Several pages of one site in one call teach each other its title affixes and URL "
      "shapes, as in a crawl. A failed file (cannot be read, with the reason, or has no article) is "
      "reported on stderr, the others are still processed, and the exit status is 1.");
  cmd->callback([args] { RunExtract(*args); });
}

}  // namespace wirecrawl::cli
