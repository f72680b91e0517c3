// `wirecrawl extract`: one JSON object per input, failures on stderr, exit 1.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/run_binary.h"

using wirecrawl::testing::RunWirecrawl;
using wirecrawl::testing::TempDir;

namespace {
const std::string kPage = std::string(WIRECRAWL_TEST_DATA) + "/html/seed003_wordpress_ticker.html";

std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}
}  // namespace

TEST_CASE("ExtractCli_PrintsTheSpecifiedFields", "[cli][extract]") {
  auto r = RunWirecrawl("extract --url https://emirates71.example/article/55012 '" + kPage + "'");
  REQUIRE(r.status == 0);
  auto lines = JsonLines(r.out);
  REQUIRE(lines.size() == 1);
  const auto& j = lines[0];
  for (const char* field :
       {"source", "url", "canonical_url", "title", "author", "published", "language", "body"}) {
    INFO(field);
    CHECK(j.contains(field));
  }
  CHECK_FALSE(j.contains("links"));
  CHECK(j["url"] == "https://emirates71.example/article/55012");
  CHECK(j["language"] == "ar");
  CHECK(j["body"].get<std::string>().find("\n") != std::string::npos);  // paragraphs joined by \n
}

TEST_CASE("ExtractCli_LinksFlagAddsAbsoluteLinks", "[cli][extract]") {
  auto r = RunWirecrawl("extract --links --url https://emirates71.example/article/55012 '" + kPage + "'");
  REQUIRE(r.status == 0);
  auto j = JsonLines(r.out).at(0);
  REQUIRE(j["links"].is_array());
  CHECK(j["links"].size() > 10);
  CHECK(j["links"][0].get<std::string>().rfind("https://", 0) == 0);
}

TEST_CASE("ExtractCli_GzipAndStdin", "[cli][extract]") {
  TempDir dir;
  std::string gz = (dir / "page.html.gz").string();
  REQUIRE(std::system(("gzip -c '" + kPage + "' > '" + gz + "'").c_str()) == 0);
  auto from_gz = RunWirecrawl("extract '" + gz + "'");
  REQUIRE(from_gz.status == 0);
  auto from_stdin = RunWirecrawl("extract -", kPage);
  REQUIRE(from_stdin.status == 0);
  auto a = JsonLines(from_gz.out).at(0), b = JsonLines(from_stdin.out).at(0);
  CHECK(a["body"] == b["body"]);
  CHECK(b["source"] == "-");
  // No --url: the page's canonical URL stands in.
  CHECK(a["url"] == "https://emirates71.example/article/55012");
}

TEST_CASE("ExtractCli_FailedFileReportedOthersStillProcessed", "[cli][extract]") {
  TempDir dir;
  std::string empty = (dir / "empty.html").string();
  { std::ofstream(empty).flush(); }
  auto r = RunWirecrawl("extract '" + kPage + "' '" + (dir / "missing.html").string() + "' '" + empty +
                        "' '" + kPage + "'");
  CHECK(r.status == 1);
  CHECK(JsonLines(r.out).size() == 2);
  CHECK(r.err.find("missing.html") != std::string::npos);
  CHECK(r.err.find("empty.html: empty body") != std::string::npos);
}

TEST_CASE("ExtractCli_CompressionBombRefused", "[cli][extract]") {
  TempDir dir;
  std::string bomb = (dir / "bomb.html.gz").string();
  // 64 MiB of zeros compresses to ~64 KiB; the reader stops at its 32 MiB limit.
  REQUIRE(std::system(("head -c 67108864 /dev/zero | gzip -1 > '" + bomb + "'").c_str()) == 0);
  auto r = RunWirecrawl("extract '" + bomb + "'");
  CHECK(r.status == 1);
  CHECK(r.err.find("exceeds") != std::string::npos);
}

TEST_CASE("ExtractCli_SeveralPagesOfOneSiteTeachEachOtherItsTitleAffix", "[cli][extract]") {
  // The windows-1256 table layout without <h1>: titles "دار الأخبار :: ...".
  const std::string golden = std::string(WIRECRAWL_TEST_DATA) + "/classify_site/golden/";
  std::string files;
  for (const char* f :
       {"21_legacy_brief.html", "22_legacy_flash.html", "23_legacy_long.html", "25_legacy_section.html"}) {
    files += " '" + golden + f + "'";
  }
  auto alone =
      RunWirecrawl("extract --url http://legacy.test/news/11100.htm '" + golden + "21_legacy_brief.html'");
  REQUIRE(alone.status == 0);
  auto single = JsonLines(alone.out).at(0);
  CHECK(single["title"].get<std::string>().rfind("دار الأخبار :: ", 0) == 0);
  for (const char* field : {"page_kind", "page_reason"}) {
    INFO(field);
    CHECK(single.contains(field));
  }

  auto together = RunWirecrawl("extract --url http://legacy.test/" + files);
  REQUIRE(together.status == 0);
  auto lines = JsonLines(together.out);
  REQUIRE(lines.size() == 4);
  for (size_t i = 0; i < 3; ++i) {
    INFO(lines[i]["source"]);
    std::string title = lines[i]["title"];
    CHECK(title.find("دار الأخبار") == std::string::npos);
    CHECK(title.size() > 10);
  }
  // The section is a column of teasers: not an article.
  CHECK(lines[3]["page_kind"] == "hub");
  CHECK(lines[3]["page_reason"].get<std::string>().find("teasers") != std::string::npos);
}
