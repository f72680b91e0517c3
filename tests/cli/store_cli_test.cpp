// End-to-end tests of the database commands (man page): `wirecrawl ingest`,
// `search`, `stories`, `show`, `export`, `stats`, running the real binary
// on real files and a real SQLite database in a temporary directory.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/run_binary.h"

namespace {

namespace fs = std::filesystem;
using wirecrawl::testing::CommandResult;
using wirecrawl::testing::ReadWholeFile;
using wirecrawl::testing::RunCommandLine;
using wirecrawl::testing::TempDir;

struct Run {
  int status = -1;
  std::string out;
  std::string err;
  std::vector<nlohmann::json> Json() const {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }
};

// Runs `wirecrawl ARGS` in dir (shell words: quote paths with '').
Run Wirecrawl(const TempDir& dir, const std::string& args, const std::string& stdin_file = "") {
  CommandResult c =
      RunCommandLine("cd '" + dir.path().string() + "' && '" + WIRECRAWL_BINARY + "' " + args, stdin_file);
  return Run{c.status, std::move(c.out), std::move(c.err)};
}

std::vector<std::string> SeedParagraphs(const std::string& prefix) {
  for (const auto& entry : fs::directory_iterator(fs::path(WIRECRAWL_TEST_DATA) / "seeds")) {
    if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
    std::vector<std::string> paragraphs;
    std::istringstream in(ReadWholeFile(entry.path()));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) paragraphs.push_back(line);
    }
    return paragraphs;
  }
  FAIL("no seed " << prefix);
  return {};
}

// A news page as sites serve it: furniture around the article, canonical URL
// and publication time in the head.
std::string NewsPage(const std::string& canonical, const std::string& title,
                     const std::vector<std::string>& paragraphs,
                     const std::string& published = "2023-10-21T10:00:00+03:00") {
  std::string html =
      "<!doctype html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>" + title + " | الموقع</title>";
  if (!canonical.empty()) html += "<link rel=\"canonical\" href=\"" + canonical + "\">";
  html +=
      "<meta property=\"og:type\" content=\"article\"><meta property=\"article:published_time\" content=\"" +
      published +
      "\"></head><body><nav><a href=\"/\">الرئيسية</a> <a href=\"/sport\">رياضة</a></nav>"
      "<article><h1>" +
      title + "</h1>";
  for (const auto& p : paragraphs) html += "<p>" + p + "</p>\n";
  html += "</article><footer>جميع الحقوق محفوظة</footer></body></html>";
  return html;
}

void Write(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

void WriteGzip(const fs::path& path, const std::string& content) {
  fs::path plain = path;
  plain.replace_extension();  // x.html.gz -> x.html
  Write(plain, content);
  REQUIRE(std::system(("gzip -f '" + plain.string() + "'").c_str()) == 0);
  REQUIRE(fs::exists(path));
}

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Three pages: seed 0 on alpha, the same wire story (vocalised, last paragraph
// dropped, other headline) on beta, seed 1 on gamma (gzip).
void WriteThreePages(const TempDir& dir) {
  std::vector<std::string> seed0 = SeedParagraphs("000_");
  Write(dir / "alpha.html",
        NewsPage("https://alpha.example/news/1", "وزير الخارجية القطري يبحث مع بلينكن", seed0));
  std::vector<std::string> copy(seed0.begin(), seed0.end() - 1);
  copy[1] =
      "وَتَحَدَّثَ وزير الخارجية القطري مع نظيره الأمريكي أنتوني بلينكن في اتصال هاتفي مساء السبت، بحسب بيان "
      "للوزارة.";
  Write(dir / "beta.html",
        NewsPage("https://www.beta.example/2023/10/21/qatar", "قطر تؤكد استمرار التنسيق", copy));
  WriteGzip(dir / "gamma.html.gz",
            NewsPage("https://gamma.example/x", "قمة القاهرة للسلام", SeedParagraphs("001_")));
}

TEST_CASE("CliDoc_IngestedPagesAreSearchableGroupedAndExported", "[cli][store]") {
  TempDir dir;
  WriteThreePages(dir);
  Run ingest = Wirecrawl(dir, "ingest --db news.db --json alpha.html beta.html gamma.html.gz");
  INFO(ingest.err);
  REQUIRE(ingest.status == 0);
  auto ingested = ingest.Json();
  REQUIRE(ingested.size() == 3);
  CHECK(ingested[0]["status"] == "new");
  CHECK(ingested[0]["new_story"] == true);
  CHECK(ingested[1]["story"] == ingested[0]["story"]);  // the wire copy joins
  CHECK(ingested[1]["new_story"] == false);
  CHECK(ingested[2]["story"] != ingested[0]["story"]);
  CHECK(ingested[2]["url"] == "https://gamma.example/x");  // from rel=canonical
  int64_t story = ingested[0]["story"];

  // A query with tashkeel finds both copies; one without finds them too.
  Run search = Wirecrawl(dir, "search --db news.db --json 'وَتَحَدَّثَ'");
  REQUIRE(search.status == 0);
  auto hits = search.Json();
  REQUIRE(hits.size() == 2);
  Run plain = Wirecrawl(dir, "search --db news.db --json 'وتحدث'");
  REQUIRE(plain.Json().size() == 2);
  CHECK(hits[0]["snippet"].get<std::string>().find("بلينكن") != std::string::npos);
  Run limited = Wirecrawl(dir, "search --db news.db --json --limit 1 --lang ar 'بلينكن'");
  CHECK(limited.Json().size() == 1);

  Run stories = Wirecrawl(dir, "stories --db news.db --json --min-sites 2");
  REQUIRE(stories.status == 0);
  auto multi = stories.Json();
  REQUIRE(multi.size() == 1);
  CHECK(multi[0]["id"] == story);
  CHECK(multi[0]["articles"] == 2);
  CHECK(multi[0]["sites"] == nlohmann::json::array({"alpha.example", "beta.example"}));
  CHECK(multi[0]["title"] == "وزير الخارجية القطري يبحث مع بلينكن");

  Run show_story = Wirecrawl(dir, "show --db news.db --json s" + std::to_string(story));
  REQUIRE(show_story.status == 0);
  auto detail = show_story.Json().at(0);
  REQUIRE(detail["members"].size() == 2);
  CHECK(detail["members"][1]["url"] == "https://www.beta.example/2023/10/21/qatar");

  Run show_article = Wirecrawl(dir, "show --db news.db --json 'https://gamma.example/x'");
  REQUIRE(show_article.status == 0);
  auto article = show_article.Json().at(0);
  CHECK(article["title"] == "قمة القاهرة للسلام");
  CHECK(article["body"].get<std::string>().find("\n") != std::string::npos);
  CHECK(article["body"].get<std::string>().find("جميع الحقوق") == std::string::npos);  // no footer

  Run jsonl = Wirecrawl(dir, "export --db news.db");
  REQUIRE(jsonl.status == 0);
  auto rows = jsonl.Json();
  REQUIRE(rows.size() == 3);
  for (const auto& row : rows) {
    for (const char* field :
         {"url", "canonical_url", "title", "author", "published", "language", "body", "story", "fetched"}) {
      INFO(field);
      CHECK(row.contains(field));
    }
  }
  CHECK(rows[1]["story"] == story);
  CHECK(rows[0]["published"] == "2023-10-21T10:00:00+03:00");
  CHECK(rows[0]["language"] == "ar");

  Run csv = Wirecrawl(dir, "export --db news.db --format csv");
  REQUIRE(csv.status == 0);
  auto records = ParseCsv(csv.out);
  REQUIRE(records.size() == 4);
  CHECK(records[0][0] == "url");
  CHECK(records[0][6] == "body");
  CHECK(records[0][7] == "story");
  CHECK(records[2][0] == "https://www.beta.example/2023/10/21/qatar");
  CHECK(records[2][6] == rows[1]["body"]);  // the multi-line body survives quoting
  CHECK(records[2][7] == std::to_string(story));

  Run stats = Wirecrawl(dir, "stats --db news.db --json");
  REQUIRE(stats.status == 0);
  auto s = stats.Json().at(0);
  CHECK(s["articles"] == 3);
  CHECK(s["stories"] == 2);
  CHECK(s["multi_site_stories"] == 1);
  CHECK(s["database_bytes"].get<int64_t>() > 0);

  // Human output for people: the story with its sites.
  Run human = Wirecrawl(dir, "stories --db news.db");
  CHECK(human.out.find("2 articles · 2 sites") != std::string::npos);
  CHECK(human.out.find("alpha.example, beta.example") != std::string::npos);
}

// The config's [dedup] section sets the threshold and shingle size. The wire copy
// of WriteThreePages (edited second paragraph, last one dropped) joins its
// original at the default threshold; with `threshold = 0.99` in the config it
// is a story of its own.
TEST_CASE("ConfigDoc_IngestClustersWithTheDedupSection", "[cli][store]") {
  TempDir dir;
  WriteThreePages(dir);
  Write(dir / "strict.toml", "[dedup]\nthreshold = 0.99\n");
  Run strict = Wirecrawl(dir, "ingest --config strict.toml --db strict.db --json alpha.html beta.html");
  INFO(strict.err);
  REQUIRE(strict.status == 0);
  auto lines = strict.Json();
  REQUIRE(lines.size() == 2);
  CHECK(lines[1]["new_story"] == true);
  CHECK(lines[1]["story"] != lines[0]["story"]);

  Write(dir / "default.toml", "[dedup]\nthreshold = 0.7\n");
  Run lenient = Wirecrawl(dir, "ingest --config default.toml --db default.db --json alpha.html beta.html");
  INFO(lenient.err);
  REQUIRE(lenient.status == 0);
  lines = lenient.Json();
  REQUIRE(lines.size() == 2);
  CHECK(lines[1]["story"] == lines[0]["story"]);
}

TEST_CASE("CliDoc_IngestReportsABadFileAndStoresTheRest", "[cli][store]") {
  TempDir dir;
  WriteThreePages(dir);
  Write(dir / "nourl.html", NewsPage("", "بلا رابط", SeedParagraphs("002_")));
  Write(dir / "empty.html", "");
  Run ingest =
      Wirecrawl(dir, "ingest --db news.db alpha.html nourl.html missing.html empty.html gamma.html.gz");
  CHECK(ingest.status == 1);
  CHECK(ingest.err.find("nourl.html") != std::string::npos);
  CHECK(ingest.err.find("rel=canonical") != std::string::npos);
  CHECK(ingest.err.find("missing.html") != std::string::npos);
  CHECK(ingest.err.find("empty.html") != std::string::npos);
  CHECK(ingest.out.find("2 new, 0 updated, 0 unchanged, 3 failed") != std::string::npos);
  Run stats = Wirecrawl(dir, "stats --db news.db --json");
  CHECK(stats.Json().at(0)["articles"] == 2);

  // The page without canonical is stored once its URL is given, from stdin.
  Run fixed = Wirecrawl(dir, "ingest --db news.db --json --url https://delta.example/n -",
                        (dir / "nourl.html").string());
  REQUIRE(fixed.status == 0);
  CHECK(fixed.Json().at(0)["url"] == "https://delta.example/n");
  // Ingesting the same page again changes nothing.
  Run again = Wirecrawl(dir, "ingest --db news.db --json alpha.html");
  REQUIRE(again.status == 0);
  CHECK(again.Json().at(0)["status"] == "unchanged");
  CHECK(Wirecrawl(dir, "stats --db news.db --json").Json().at(0)["articles"] == 3);
}

TEST_CASE("CliDoc_ExitCodes_MissingAndNewerDatabasesAreIoErrors", "[cli][store]") {
  TempDir dir;
  WriteThreePages(dir);
  // Reading a database that does not exist: I/O error, and no file created.
  Run missing = Wirecrawl(dir, "search --db nothere.db storm");
  CHECK(missing.status == 3);
  CHECK(missing.err.find("no database at nothere.db") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "nothere.db"));

  REQUIRE(Wirecrawl(dir, "ingest --db news.db alpha.html").status == 0);
  // A database from a newer wirecrawl is refused, not touched.
  {
    // The closed database is checkpointed into the main file, whose header
    // holds user_version at offset 60 (big-endian): what a newer release
    // would have written.
    REQUIRE_FALSE(fs::exists(dir / "news.db-wal"));
    std::fstream db(dir / "news.db", std::ios::in | std::ios::out | std::ios::binary);
    db.seekp(60);
    const char version[4] = {0, 0, 0, 40};
    db.write(version, 4);
    REQUIRE(db.good());
  }
  Run newer = Wirecrawl(dir, "stats --db news.db");
  CHECK(newer.status == 3);
  CHECK(newer.err.find("newer than this wirecrawl") != std::string::npos);
}

TEST_CASE("CliDoc_ExitCodes_BadArgumentsAndUnknownIds", "[cli][store]") {
  TempDir dir;
  WriteThreePages(dir);
  REQUIRE(Wirecrawl(dir, "ingest --db news.db alpha.html").status == 0);
  CHECK(Wirecrawl(dir, "stories --db news.db --since yesterday-ish").status == 2);
  CHECK(Wirecrawl(dir, "ingest --db news.db --url https://x.example/ alpha.html beta.html").status == 2);
  CHECK(Wirecrawl(dir, "search --db news.db '?!'").status == 2);
  Run unknown = Wirecrawl(dir, "show --db news.db 999");
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("no article 999") != std::string::npos);
  CHECK(Wirecrawl(dir, "show --db news.db s999").status == 1);
  CHECK(Wirecrawl(dir, "show --db news.db x12").status == 2);
  CHECK(Wirecrawl(dir, "export --db news.db --format xml").status == 2);

  // --since filters by article date.
  CHECK(Wirecrawl(dir, "export --db news.db --since 2023-10-22").out.empty());
  CHECK_FALSE(Wirecrawl(dir, "export --db news.db --since 2023-10-21").out.empty());
}

TEST_CASE("CliDoc_HelpDocumentsExitCodes", "[cli][store]") {
  TempDir dir;
  Run help = Wirecrawl(dir, "--help");
  CHECK(help.status == 0);
  CHECK(help.out.find("Exit codes") != std::string::npos);
  for (const char* command : {"ingest", "search", "stories", "show", "export", "stats"}) {
    INFO(command);
    CHECK(help.out.find(command) != std::string::npos);
    Run sub = Wirecrawl(dir, std::string(command) + " --help");
    CHECK(sub.status == 0);
    CHECK(sub.out.find("--db") != std::string::npos);
  }
}

}  // namespace
