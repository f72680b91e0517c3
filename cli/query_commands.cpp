// `wirecrawl search`, `wirecrawl stories`, `wirecrawl show`: reading the
// database, for people (terminal) and scripts (--json: one object per line
// for the lists, search and stories; one object for show). JSON fields come
// in the order the help and the man page list them.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "cli/commands.h"
#include "cli/display_width.h"
#include "cli/store_cli.h"
#include "url/url.h"

namespace wirecrawl::cli {
namespace {

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string Fixed(double value, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// ---- search ------------------------------------------------------------------

struct SearchArgs {
  DatabaseArgs database;
  std::vector<std::string> query;  // words, joined by spaces
  std::string language;
  std::optional<int64_t> since_ms;
  int64_t limit = 20;
};

void RunSearch(const SearchArgs& args) {
  constexpr std::string_view kCommand = "search";
  std::optional<CrawlerOptions> config = LoadOptions(args.database, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/false, kCommand);
  if (!store) return;
  SearchQuery query;
  query.text = Join(args.query, " ");
  query.language = args.language;
  query.since_ms = args.since_ms;
  query.limit = args.limit;
  Result<std::vector<SearchHit>> hits = store->Search(query);
  if (!hits.ok()) {
    Fail(kCommand, hits.status().message(),
         hits.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo);
    return;
  }
  bool terminal = StdoutIsTerminal();
  size_t rank = 0;
  for (const SearchHit& h : *hits) {
    ++rank;
    if (args.database.json) {
      nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
      for (const auto& [b, e] : h.highlights) highlights.push_back({b, e});
      std::cout << Dump({{"id", h.article_id},
                         {"story", h.story_id},
                         {"score", h.score},
                         {"title", h.title},
                         {"url", h.url},
                         {"site", h.site},
                         {"published", h.published},
                         {"language", h.language},
                         {"snippet", h.snippet},
                         {"highlights", highlights}})
                << "\n";
      continue;
    }
    std::cout << rank << ". " << (h.title.empty() ? "(no title)" : h.title) << "\n";
    std::string meta = "   " + h.url + " · article " + std::to_string(h.article_id) + " · story s" +
                       std::to_string(h.story_id);
    if (!h.published.empty()) meta += " · " + h.published;
    if (!h.language.empty()) meta += " · " + h.language;
    std::cout << meta << " · score " << Fixed(h.score, 2) << "\n";
    std::cout << "   " << Emphasize(h.snippet, h.highlights, terminal) << "\n\n";
  }
  if (!args.database.json && hits->empty()) std::cout << "no articles match\n";
  std::cout.flush();
}

// ---- stories -------------------------------------------------------------------

struct StoriesArgs {
  DatabaseArgs database;
  std::optional<int64_t> since_ms;
  int64_t min_sites = 1;
  int64_t limit = 50;
};

nlohmann::ordered_json StoryJson(const StorySummary& s) {
  return {{"id", s.id},
          {"title", s.title},
          {"representative", s.representative_id},
          {"articles", s.member_count},
          {"site_count", s.site_count},
          {"sites", s.sites},
          {"first_seen", FormatIsoTime(s.first_seen_ms)},
          {"last_seen", FormatIsoTime(s.last_seen_ms)},
          {"first_to_publish",
           {{"id", s.first_published_id},
            {"site", s.first_published_site},
            {"published", FormatIsoTime(s.first_published_ms)}}}};
}

// "alpha-news.test (article 5, 2023-10-21 14:30 UTC)"
std::string FirstToPublish(const StorySummary& s) {
  return s.first_published_site + " (article " + std::to_string(s.first_published_id) + ", " +
         HumanTime(s.first_published_ms) + " UTC)";
}

std::string StoryLine(const StorySummary& s) {
  return "s" + std::to_string(s.id) + " · " + std::to_string(s.member_count) +
         (s.member_count == 1 ? " article · " : " articles · ") + std::to_string(s.site_count) +
         (s.site_count == 1 ? " site · " : " sites · ") + HumanTime(s.first_seen_ms) +
         (s.last_seen_ms != s.first_seen_ms ? " → " + HumanTime(s.last_seen_ms) : std::string());
}

void RunStories(const StoriesArgs& args) {
  constexpr std::string_view kCommand = "stories";
  std::optional<CrawlerOptions> config = LoadOptions(args.database, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/false, kCommand);
  if (!store) return;
  StoryFilter filter;
  filter.since_ms = args.since_ms;
  filter.min_sites = args.min_sites;
  filter.limit = args.limit;
  Result<std::vector<StorySummary>> stories = store->ListStories(filter);
  if (!stories.ok()) {
    Fail(kCommand, stories.status().message(), kExitIo);
    return;
  }
  for (const StorySummary& s : *stories) {
    if (args.database.json) {
      std::cout << Dump(StoryJson(s)) << "\n";
      continue;
    }
    std::cout << StoryLine(s) << "\n   " << (s.title.empty() ? "(no title)" : s.title) << "\n   "
              << Join(s.sites, ", ") << "\n";
    if (s.site_count > 1) std::cout << "   first to publish: " << FirstToPublish(s) << "\n";
    std::cout << "\n";
  }
  if (!args.database.json && stories->empty()) std::cout << "no stories\n";
  std::cout.flush();
}

// ---- show ------------------------------------------------------------------------

struct ShowArgs {
  DatabaseArgs database;
  std::string id;
};

nlohmann::ordered_json ArticleJson(const StoredArticle& a) {
  return {{"id", a.id},
          {"url", a.url},
          {"canonical_url", a.canonical_url},
          {"site", a.site},
          {"title", a.title},
          {"author", a.author},
          {"published", a.published},
          {"language", a.language},
          {"story", a.story_id},
          {"similarity", a.similarity},
          {"version", a.version},
          {"fetched", FormatIsoTime(a.fetched_ms)},
          {"updated", FormatIsoTime(a.updated_ms)},
          {"body", a.body}};
}

// What the crawler made of a URL: "not stored: hub (42 teaser links, ...)".
std::string PageVerdictLine(const PageRecord& p) {
  if (p.page_kind.empty()) return "not fetched yet (" + p.state + ")";
  std::string reason = p.page_reason.rfind("not stored: ", 0) == 0 ? p.page_reason.substr(12) : p.page_reason;
  bool stored = p.article_id.has_value();
  return std::string(stored ? "stored: " : "not stored: ") + p.page_kind + " (" + reason + ")";
}

nlohmann::ordered_json PageJson(const PageRecord& p) {
  nlohmann::ordered_json j = {{"url", p.url},
                              {"host", p.host},
                              {"state", p.state},
                              {"found_via", p.found_via},
                              {"page_kind", p.page_kind},
                              {"page_reason", p.page_reason},
                              {"verdict", PageVerdictLine(p)}};
  j["article"] = p.article_id ? nlohmann::ordered_json(*p.article_id) : nlohmann::ordered_json();
  j["last_fetched"] = p.last_fetched_ms ? nlohmann::ordered_json(FormatIsoTime(*p.last_fetched_ms))
                                        : nlohmann::ordered_json();
  return j;
}

void PrintPage(const PageRecord& p) {
  std::cout << "Page " << p.url << " · " << p.host << "\n";
  std::cout << "State:     " << p.state;
  if (!p.found_via.empty()) std::cout << " · found via " << p.found_via;
  if (p.last_fetched_ms) std::cout << " · fetched " << HumanTime(*p.last_fetched_ms) << " UTC";
  std::cout << "\n" << PageVerdictLine(p) << "\n";
}

void PrintArticle(const StoredArticle& a, const PageRecord* page = nullptr) {
  std::cout << "Article " << a.id << " · story s" << a.story_id << " · " << a.site << "\n";
  std::cout << (a.title.empty() ? "(no title)" : a.title) << "\n";
  std::cout << "URL:       " << a.url << "\n";
  if (a.canonical_url != a.url) std::cout << "Canonical: " << a.canonical_url << "\n";
  if (!a.author.empty()) std::cout << "Author:    " << a.author << "\n";
  if (!a.published.empty()) std::cout << "Published: " << a.published << "\n";
  if (!a.language.empty()) std::cout << "Language:  " << a.language << "\n";
  std::cout << "Fetched:   " << HumanTime(a.fetched_ms) << " UTC";
  if (a.version > 1)
    std::cout << " · version " << a.version << ", updated " << HumanTime(a.updated_ms) << " UTC";
  if (page != nullptr) std::cout << "\nPage:      " << PageVerdictLine(*page);
  std::cout << "\n\n" << a.body << "\n";
}

// Members as a table; widths are terminal columns (display_width.h), so
// that non-ASCII sites and dates keep the columns straight. The title is
// the last cell, as it is the one whose length and direction vary most.
void PrintStory(const StoryDetail& d) {
  std::cout << "Story " << StoryLine(d.summary) << "\n";
  std::cout << (d.summary.title.empty() ? "(no title)" : d.summary.title) << "\n";
  std::cout << "First to publish: " << FirstToPublish(d.summary) << "\n\n";
  struct Row {
    std::string id, site, date, similarity, title, url;
  };
  std::vector<Row> rows;
  rows.push_back({"ARTICLE", "SITE", "PUBLISHED", "SIMILARITY", "TITLE", ""});
  for (const StoryMember& m : d.members) {
    rows.push_back({std::to_string(m.article_id), m.site,
                    m.published.empty() ? HumanTime(m.fetched_ms) + " (fetched)" : m.published,
                    Fixed(m.similarity, 2), m.title.empty() ? "(no title)" : m.title, m.url});
  }
  size_t widths[4] = {0, 0, 0, 0};
  for (const Row& r : rows) {
    const std::string* cells[4] = {&r.id, &r.site, &r.date, &r.similarity};
    for (size_t c = 0; c < 4; ++c) widths[c] = std::max(widths[c], DisplayWidth(*cells[c]));
  }
  const size_t indent = 2 + widths[0] + 2 + widths[1] + 2 + widths[2] + 2 + widths[3] + 2;
  for (const Row& r : rows) {
    std::cout << "  " << PadToWidth(r.id, widths[0]) << "  " << PadToWidth(r.site, widths[1]) << "  "
              << PadToWidth(r.date, widths[2]) << "  " << PadToWidth(r.similarity, widths[3]) << "  "
              << r.title << "\n";
    if (!r.url.empty()) std::cout << std::string(indent, ' ') << r.url << "\n";
  }
}

// "12", "a12": article 12; "s12", "story:12": story 12; a URL: that article.
struct ShowTarget {
  bool story = false;
  int64_t id = 0;
  std::string url;
};

std::optional<ShowTarget> ParseShowTarget(const std::string& text) {
  ShowTarget target;
  if (text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0) {
    target.url = text;
    return target;
  }
  std::string_view digits = text;
  if (digits.rfind("story:", 0) == 0) {
    target.story = true;
    digits.remove_prefix(6);
  } else if (digits.rfind("article:", 0) == 0) {
    digits.remove_prefix(8);
  } else if (!digits.empty() && (digits[0] == 's' || digits[0] == 'S')) {
    target.story = true;
    digits.remove_prefix(1);
  } else if (!digits.empty() && (digits[0] == 'a' || digits[0] == 'A')) {
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    target.id = target.id * 10 + (c - '0');
  }
  return target;
}

void RunShow(const ShowArgs& args) {
  constexpr std::string_view kCommand = "show";
  std::optional<ShowTarget> target = ParseShowTarget(args.id);
  if (!target) {
    Fail(kCommand, "'" + args.id + "' is not an article (12, a12, URL) or a story (s12, story:12)",
         kExitUsage);
    return;
  }
  std::optional<CrawlerOptions> config = LoadOptions(args.database, kCommand);
  if (!config) return;
  std::unique_ptr<Store> store = OpenDatabase(args.database, *config, /*create=*/false, kCommand);
  if (!store) return;

  if (target->story) {
    Result<std::optional<StoryDetail>> story = store->GetStory(target->id);
    if (!story.ok()) return Fail(kCommand, story.status().message(), kExitIo);
    if (!story->has_value()) return Fail(kCommand, "no story s" + std::to_string(target->id), kExitFailure);
    const StoryDetail& d = **story;
    if (args.database.json) {
      nlohmann::ordered_json j = StoryJson(d.summary);
      j["members"] = nlohmann::ordered_json::array();
      for (const StoryMember& m : d.members) {
        j["members"].push_back({{"id", m.article_id},
                                {"title", m.title},
                                {"url", m.url},
                                {"site", m.site},
                                {"published", m.published},
                                {"language", m.language},
                                {"similarity", m.similarity},
                                {"fetched", FormatIsoTime(m.fetched_ms)}});
      }
      std::cout << Dump(j) << "\n";
    } else {
      PrintStory(d);
    }
    return;
  }
  Result<std::optional<StoredArticle>> article =
      target->url.empty() ? store->GetArticle(target->id) : store->GetArticleByUrl(target->url);
  if (!article.ok()) return Fail(kCommand, article.status().message(), kExitIo);
  // A URL: what the crawler made of it, stored or not (the frontier keeps
  // URLs in NormalizeUrl's form).
  std::optional<PageRecord> page;
  if (!target->url.empty()) {
    Result<std::string> normalized = NormalizeUrl(target->url);
    Result<std::optional<PageRecord>> found = store->GetPage(normalized.ok() ? *normalized : target->url);
    if (!found.ok()) return Fail(kCommand, found.status().message(), kExitIo);
    page = std::move(found).value();
  }
  if (!article->has_value()) {
    if (page) {
      if (args.database.json) {
        std::cout << Dump(PageJson(*page)) << "\n";
      } else {
        PrintPage(*page);
      }
    }
    return Fail(kCommand, "no article " + (target->url.empty() ? std::to_string(target->id) : target->url),
                kExitFailure);
  }
  if (args.database.json) {
    nlohmann::ordered_json j = ArticleJson(**article);
    if (page) j["page"] = PageJson(*page);
    std::cout << Dump(j) << "\n";
  } else {
    PrintArticle(**article, page ? &*page : nullptr);
  }
}

}  // namespace

void AddSearchCommand(CLI::App& app) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand("search", "Full-text search of stored articles, best matches first");
  AddDatabaseOptions(cmd, &args->database);
  cmd->add_option("QUERY", args->query,
                  "Words (any script, with or without diacritics), \"a phrase\", "
                  "a OR b, -excluded, prefix*; several arguments are one query")
      ->required();
  cmd->add_option("--lang", args->language, "Only articles in this language (e.g. ar, en)");
  AddSinceOption(cmd, &args->since_ms, "articles dated (published, else fetched)");
  cmd->add_option("--limit", args->limit, "At most N results")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->footer(
      "Arabic is matched in normalised form: tashkeel, tatweel and alef/yaa/taa-marbuta variants do not "
      "matter. A word that starts with '-' excludes it, also as the first argument (`search -rates ECB`). "
      "score is the relevance relative to the best hit (1). The results are the best matches among the "
      "10,000 most recently stored articles that match (and pass --lang and --since): a word found in nearly "
      "every article reaches back hours or days, a rarer word is ranked over all its matches. "
      "With --json, one object per line: id, story, "
      "score, title, url, site, published, language, snippet, highlights ([begin, end) byte ranges of "
      "snippet).");
  cmd->callback([args] { RunSearch(*args); });
}

void AddStoriesCommand(CLI::App& app) {
  auto args = std::make_shared<StoriesArgs>();
  CLI::App* cmd = app.add_subcommand("stories", "Newest stories (wire copies grouped), with their sites");
  AddDatabaseOptions(cmd, &args->database);
  AddSinceOption(cmd, &args->since_ms, "stories with an article dated");
  cmd->add_option("--min-sites", args->min_sites, "Only stories carried by at least N sites")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--limit", args->limit, "At most N stories")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->footer(
      "With --json, one object per line: id, title (of the representative article), representative, "
      "articles, site_count, sites, first_seen, last_seen, first_to_publish ({id, site, published}: the "
      "article published first, by its published time, else its fetched time). `wirecrawl show sID` lists a "
      "story's articles.");
  cmd->callback([args] { RunStories(*args); });
}

void AddShowCommand(CLI::App& app) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = app.add_subcommand("show", "One article, or one story with its articles");
  AddDatabaseOptions(cmd, &args->database);
  cmd->add_option("ID", args->id, "Article: 12, a12 or its URL; story: s12 or story:12")->required();
  cmd->footer(
      "With --json, one object: an article's id, url, canonical_url, site, title, author, published, "
      "language, story, similarity, version, fetched, updated, body; a story's fields as in `stories --json`, "
      "then members ([{id, title, url, site, published, language, similarity, fetched}], in the order they "
      "joined). A URL the crawler fetched also shows what the page was and why (\"not stored: hub (42 teaser "
      "links, 31 words of prose)\"); with --json, in \"page\" ({url, host, state, found_via, page_kind, "
      "page_reason, verdict, article, last_fetched}), alone when no article was stored. Exit status 1 when "
      "there is no such article or story.");
  cmd->callback([args] { RunShow(*args); });
}

}  // namespace wirecrawl::cli
