// What the query commands print (man page, COMMANDS; store/SCHEMA.md):
// JSON fields in the documented order, search scores that mean something
// for Arabic, the first to publish by published time (in `stories`, `show`
// and SCHEMA.md's query), and a story table whose columns line up.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"

namespace wirecrawl::testing {
namespace {

namespace fs = std::filesystem;

fs::path SourceDir() { return fs::path(WIRECRAWL_TEST_DATA).parent_path().parent_path(); }

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

std::string Page(const std::string& canonical, const std::string& title,
                 const std::vector<std::string>& paragraphs, const std::string& published) {
  std::string html = "<!doctype html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>" + title +
                     "</title><link rel=\"canonical\" href=\"" + canonical +
                     "\"><meta property=\"og:type\" content=\"article\">";
  if (!published.empty()) html += "<meta property=\"article:published_time\" content=\"" + published + "\">";
  html += "</head><body><article><h1>" + title + "</h1>";
  for (const std::string& p : paragraphs) html += "<p>" + p + "</p>\n";
  return html + "</article></body></html>";
}

struct Archive {
  TempDir dir;
  std::string db = (dir / "news.db").string();
  CommandResult Run(const std::string& args) const { return RunWirecrawl(args + " --db '" + db + "'"); }
};

// One wire story on three sites, stored in the order the crawler met them:
// gamma (published 14:55Z) first, then alpha (14:30Z, the first to publish),
// then beta (15:10Z). And seeds 001-004 on one more site.
void Fill(const Archive& a) {
  std::vector<std::string> wire = SeedParagraphs("000_");
  std::vector<std::string> copy(wire.begin(), wire.end() - 1);
  struct Copy {
    const char* file;
    const char* url;
    const char* title;
    std::vector<std::string> text;
    const char* published;
  } copies[] = {
      {"gamma.html", "https://gamma-times.example/world/1", "قطر والولايات المتحدة", copy,
       "2023-10-21T14:55:00Z"},
      {"alpha.html", "https://alpha-news.example/a/1", "وزير الخارجية القطري يبحث مع بلينكن", wire,
       "2023-10-21T17:30:00+03:00"},
      {"beta.html", "https://www.beta.example/world/qatar-us", "اتصال قطري أمريكي", copy,
       "2023-10-21T15:10:00Z"},
  };
  std::string files;
  for (const Copy& c : copies) {
    std::ofstream(a.dir / c.file) << Page(c.url, c.title, c.text, c.published);
    files += " '" + (a.dir / c.file).string() + "'";
  }
  for (int i = 1; i <= 4; ++i) {
    std::string name = "seed" + std::to_string(i) + ".html";
    std::ofstream(a.dir / name) << Page(
        "https://delta.example/" + std::to_string(i), "خبر " + std::to_string(i),
        SeedParagraphs("00" + std::to_string(i) + "_"), "2023-10-22T08:00:00Z");
    files += " '" + (a.dir / name).string() + "'";
  }
  CommandResult ingest = a.Run("ingest -j 1" + files);
  INFO(ingest.err);
  REQUIRE(ingest.status == 0);
}

std::vector<std::string> Keys(const std::string& json_text) {
  std::vector<std::string> keys;
  const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(json_text);
  for (const auto& [key, value] : parsed.items()) keys.push_back(key);
  return keys;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST_CASE("CliDoc_JsonKeysComeInTheDocumentedOrder", "[cli][output]") {
  Archive a;
  Fill(a);
  using V = std::vector<std::string>;
  const V story = {"id",    "title",      "representative", "articles",        "site_count",
                   "sites", "first_seen", "last_seen",      "first_to_publish"};
  CHECK(Keys(FirstLine(a.Run("stories --json").out)) == story);
  V story_members = story;
  story_members.push_back("members");
  CHECK(Keys(a.Run("show --json s1").out) == story_members);
  CHECK(Keys(nlohmann::ordered_json::parse(a.Run("show --json s1").out)["members"][0].dump()) ==
        V{"id", "title", "url", "site", "published", "language", "similarity", "fetched"});
  CHECK(Keys(a.Run("show --json 1").out) == V{"id", "url", "canonical_url", "site", "title", "author",
                                              "published", "language", "story", "similarity", "version",
                                              "fetched", "updated", "body"});
  CHECK(Keys(FirstLine(a.Run("search --json قطر").out)) ==
        V{"id", "story", "score", "title", "url", "site", "published", "language", "snippet", "highlights"});
  CHECK(Keys(FirstLine(a.Run("export").out)) == V{"url", "canonical_url", "title", "author", "published",
                                                  "language", "body", "story", "fetched", "id", "site",
                                                  "updated", "version"});
  CHECK(Keys(a.Run("stats --json").out) == V{"database", "database_bytes", "schema_version", "articles",
                                             "article_versions", "stories", "multi_site_stories", "urls",
                                             "fetches", "sources", "hosts", "pages", "pages_by_host",
                                             "bytes_by_part"});
  CHECK(Keys(a.Run("status --json").out) ==
        V{"since", "urls_by_state", "fetches_by_class", "fetched_bytes", "fetch_ms_median", "fetch_ms_p90",
          "articles", "new_stories", "exact_duplicates", "near_duplicates", "publish_lag_s_median",
          "publish_lag_s_p90", "robots_denials", "hosts_in_backoff", "sources_active", "sources_retired",
          "last_fetch", "pages", "pages_by_host"});
  std::ofstream(a.dir / "again.html") << Page("https://x.example/1", "t", SeedParagraphs("003_"), "");
  CHECK(Keys(a.Run("ingest --json '" + (a.dir / "again.html").string() + "'").out) ==
        V{"file", "status", "id", "story", "new_story", "exact_duplicate", "similarity", "url", "title"});
}

TEST_CASE("CliDoc_FirstToPublishIsByPublishedTimeNotCrawlOrder", "[cli][output]") {
  Archive a;
  Fill(a);
  std::vector<nlohmann::json> stories;
  std::istringstream lines(a.Run("stories --json --min-sites 2").out);
  for (std::string line; std::getline(lines, line);) stories.push_back(nlohmann::json::parse(line));
  REQUIRE(stories.size() == 1);
  const nlohmann::json& s = stories[0];
  CHECK(s["id"] == 1);                                           // gamma was stored first...
  CHECK(s["first_to_publish"]["site"] == "alpha-news.example");  // ...alpha published first
  CHECK(s["first_to_publish"]["id"] == 2);
  CHECK(s["first_to_publish"]["published"] == "2023-10-21T14:30:00Z");
  CHECK(a.Run("stories --min-sites 2")
            .out.find("first to publish: alpha-news.example (article 2, 2023-10-21 14:30 UTC)") !=
        std::string::npos);
  CHECK(a.Run("show s1").out.find("First to publish: alpha-news.example") != std::string::npos);
}

// The query under "Which sites publish wire stories first" in SCHEMA.md,
// run as written.
TEST_CASE("SchemaDoc_WhichSitesPublishFirst_CreditsTheFirstPublished", "[cli][output]") {
  Archive a;
  Fill(a);
  std::string schema = ReadWholeFile(SourceDir() / "store" / "SCHEMA.md");
  size_t at = schema.find("Which sites publish wire stories first");
  REQUIRE(at != std::string::npos);
  size_t begin = schema.find("```sql\n", at) + 7;
  std::string sql = schema.substr(begin, schema.find("```", begin) - begin);
  QueryResult rows = ReadDatabase(a.db, sql);
  INFO(sql << rows.error);
  REQUIRE(rows.ok);
  std::map<std::string, std::vector<std::string>> by_site;
  for (const auto& row : rows.rows) by_site[row[0]] = row;
  REQUIRE(by_site.size() == 3);
  CHECK(rows.rows[0][0] == "alpha-news.example");
  CHECK(by_site["alpha-news.example"][1] == "1");
  CHECK(by_site["gamma-times.example"][1] == "0");
  CHECK(by_site["gamma-times.example"][2] == "1");
  CHECK(by_site["gamma-times.example"][3] == "25.0");  // 14:55 after 14:30
}

// Columns in terminal cells: combining marks take none, other characters one.
size_t Columns(const std::string& utf8) {
  size_t columns = 0;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 2 ? ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F) : c;
    bool mark = n == 2 && ((cp >= 0x64B && cp <= 0x65F) || cp == 0x670);
    columns += mark ? 0 : 1;
    i += n;
  }
  return columns;
}

TEST_CASE("CliDoc_ShowStory_MemberColumnsLineUp", "[cli][output]") {
  Archive a;
  Fill(a);
  CommandResult show = a.Run("show s1");
  REQUIRE(show.status == 0);
  std::vector<std::string> rows;  // the header and one row per member
  std::vector<std::string> urls;
  std::istringstream in(show.out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  ARTICLE", 0) == 0 || std::regex_search(line, std::regex("^  [0-9]")))
      rows.push_back(line);
    if (line.find("https://") != std::string::npos && line.rfind("URL", 0) != 0) urls.push_back(line);
  }
  REQUIRE(rows.size() == 4);
  REQUIRE(urls.size() == 3);
  // Where each row's last cell (the title) starts, in columns.
  size_t title_column = Columns(rows[0].substr(0, rows[0].find("TITLE")));
  const char* titles[] = {"قطر والولايات المتحدة", "وزير الخارجية القطري يبحث مع بلينكن",
                          "اتصال قطري أمريكي"};
  for (size_t i = 1; i < rows.size(); ++i) {
    INFO(show.out);
    size_t at = rows[i].find(titles[i - 1]);
    REQUIRE(at != std::string::npos);
    CHECK(Columns(rows[i].substr(0, at)) == title_column);
    CHECK(urls[i - 1].find_first_not_of(' ') == title_column);
    // SIMILARITY lines up too.
    std::smatch similarity;
    REQUIRE(std::regex_search(rows[i], similarity, std::regex(R"( [01]\.\d\d )")));
    CHECK(Columns(rows[i].substr(0, static_cast<size_t>(similarity.position(0)) + 1)) ==
          Columns(rows[0].substr(0, rows[0].find("SIMILARITY"))));
  }
}

TEST_CASE("CliDoc_Search_ArabicHitsHaveMeaningfulScores", "[cli][output]") {
  Archive a;
  Fill(a);
  // "في" is in every article: FTS5's bm25 gives such a word almost no
  // weight, which printed "score 0.00" for every hit.
  std::vector<double> scores;
  std::istringstream lines(a.Run("search --json في").out);
  for (std::string line; std::getline(lines, line);) scores.push_back(nlohmann::json::parse(line)["score"]);
  REQUIRE(scores.size() >= 5);
  CHECK(scores.front() == 1.0);
  for (double s : scores) {
    CHECK(s > 0);
    CHECK(s <= 1.0);
  }
  CHECK(a.Run("search في").out.find("score 1.00") != std::string::npos);
}

}  // namespace
}  // namespace wirecrawl::testing
