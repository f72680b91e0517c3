// End-to-end tests of `wirecrawl dedup` (man page), running the real binary.
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
using wirecrawl::testing::RunWirecrawl;
using wirecrawl::testing::TempDir;

struct Run {
  int status = -1;
  std::vector<nlohmann::json> lines;  // stdout, one JSON value per line
  std::string err;
};

// Runs `wirecrawl dedup ARGS` with input as FILE (or on stdin when
// via_stdin), capturing stdout and stderr in files.
Run Dedup(const std::string& input, const std::string& args = "", bool via_stdin = false) {
  TempDir dir;
  const fs::path in = dir / "in.jsonl";
  std::ofstream(in, std::ios::binary) << input;
  CommandResult c = RunCommandLine(std::string("'") + WIRECRAWL_BINARY + "' dedup " + args + " " +
                                       (via_stdin ? "-" : "'" + in.string() + "'"),
                                   via_stdin ? in.string() : "");
  Run r;
  r.status = c.status;
  r.err = std::move(c.err);
  std::istringstream lines(c.out);
  for (std::string line; std::getline(lines, line);) r.lines.push_back(nlohmann::json::parse(line));
  return r;
}

std::string Seed(const std::string& name) {
  return ReadWholeFile(fs::path(WIRECRAWL_TEST_DATA) / "seeds" / name);
}

std::string Line(const nlohmann::json& id, const std::string& text) {
  return nlohmann::json{{"id", id}, {"text", text}}.dump() + "\n";
}

// The seed without its last paragraph, as a site that cut it would publish it.
std::string DropLastParagraph(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return t.substr(0, t.rfind('\n'));
}

TEST_CASE("CliDoc_Dedup_GroupsCopiesAndEchoesIds", "[cli][dedup]") {
  const std::string a = Seed("001_eb10dbea392cbcdd.txt");
  const std::string b = Seed("002_2026b547aa31c764.txt");
  std::string input = Line("qna-1", a) + Line(42, b) + Line(7, DropLastParagraph(a)) +
                      Line("copy-of-42", DropLastParagraph(b)) + Line(3.5, a);
  for (bool via_stdin : {false, true}) {
    Run r = Dedup(input, "", via_stdin);
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    REQUIRE(r.lines.size() == 5);
    // Ids come back as given, in input order, with their JSON types.
    CHECK(r.lines[0]["id"] == "qna-1");
    CHECK(r.lines[1]["id"] == 42);
    CHECK(r.lines[2]["id"] == 7);
    CHECK(r.lines[3]["id"] == "copy-of-42");
    CHECK(r.lines[4]["id"] == 3.5);
    CHECK(r.lines[0]["story"] == "qna-1");
    CHECK(r.lines[0]["similarity"] == 1.0);
    CHECK(r.lines[1]["story"] == 42);
    CHECK(r.lines[1]["story"].is_number_integer());
    CHECK(r.lines[2]["story"] == "qna-1");
    CHECK(r.lines[3]["story"] == 42);
    CHECK(r.lines[4]["story"] == "qna-1");
    CHECK(r.lines[4]["similarity"] == 1.0);  // exact copy
    for (size_t i : {2, 3}) {
      double s = r.lines[i]["similarity"].get<double>();
      CHECK(s >= 0.7);
      CHECK(s < 1.0);
    }
  }
}

TEST_CASE("CliDoc_Dedup_ThresholdOption", "[cli][dedup]") {
  const std::string a = Seed("000_4ee4f963b7449bfb.txt");
  std::string input = Line(1, a) + Line(2, DropLastParagraph(a));
  Run loose = Dedup(input);
  REQUIRE(loose.lines.size() == 2);
  double similarity = loose.lines[1]["similarity"].get<double>();
  CHECK(loose.lines[1]["story"] == 1);
  // Just above the measured similarity, the cut copy is a story of its own.
  Run strict = Dedup(input, "--threshold " + std::to_string(std::min(1.0, similarity + 0.01)));
  REQUIRE(strict.lines.size() == 2);
  CHECK(strict.lines[1]["story"] == 2);
  CHECK(strict.lines[1]["similarity"] == 1.0);
  // The estimate-only mode agrees on the grouping.
  Run estimate = Dedup(input, "--signatures-only");
  REQUIRE(estimate.lines.size() == 2);
  CHECK(estimate.lines[1]["story"] == 1);
}

TEST_CASE("CliDoc_Dedup_BadLinesReportedWithLineNumbers", "[cli][dedup]") {
  std::string input = Line(1, "one two three four five six seven") + "this is not json\n" + "\n" +
                      "{\"id\": [1], \"text\": \"x\"}\n" + "{\"id\": 5}\n" + "{\"text\": \"no id\"}\n" +
                      "[1, 2]\n" + Line(2, "one two three four five six seven");
  Run r = Dedup(input);
  CHECK(r.status == 1);
  REQUIRE(r.lines.size() == 2);  // the good lines are still processed
  CHECK(r.lines[1]["id"] == 2);
  CHECK(r.lines[1]["story"] == 1);
  CHECK(r.err.find(":2: not JSON") != std::string::npos);
  CHECK(r.err.find(":4: \"id\" must be a string or a number") != std::string::npos);
  CHECK(r.err.find(":5: missing \"text\"") != std::string::npos);
  CHECK(r.err.find(":6: missing \"id\"") != std::string::npos);
  CHECK(r.err.find(":7: expected a JSON object") != std::string::npos);
  CHECK(r.err.find(":3:") == std::string::npos);  // a blank line is not an error
}

TEST_CASE("CliDoc_Dedup_ExitCodesForUsageAndIoErrors", "[cli][dedup]") {
  Run bad_threshold = Dedup(Line(1, "x"), "--threshold 1.5");
  CHECK(bad_threshold.status == 2);
  CHECK(bad_threshold.err.find("threshold") != std::string::npos);
  CHECK(bad_threshold.lines.empty());

  // A missing input is a failed input (1), as in extract and ingest, with
  // the system's reason.
  CommandResult missing = RunWirecrawl("dedup /nonexistent/input.jsonl");
  CHECK(missing.status == 1);
  CHECK(missing.err == "wirecrawl dedup: /nonexistent/input.jsonl: cannot open: No such file or directory\n");
}

}  // namespace
