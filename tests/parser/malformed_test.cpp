// Bad input gives a clear error or an empty article, never a crash.
#include <catch2/catch.hpp>

#include "parser/extract.h"

using namespace wirecrawl;

TEST_CASE("BadInput_EmptyBodyIsAnError", "[malformed]") {
  auto r = ExtractArticle("", "", "https://x.test/");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "empty body");
}

TEST_CASE("BadInput_BinaryDataIsAnError", "[malformed]") {
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(4096, '\0');
  auto r = ExtractArticle(png, "image/png", "https://x.test/logo.png");
  REQUIRE_FALSE(r.ok());
}

TEST_CASE("BadInput_PageOverTheLimitIsRefused", "[malformed]") {
  std::string big = "<html><body>" + std::string(50u << 20, 'a') + "</body></html>";
  auto r = ExtractArticle(big, "", "https://x.test/");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("exceeds") != std::string::npos);
}

TEST_CASE("BadInput_TenThousandDeepNestingDoesNotCrash", "[malformed]") {
  std::string page = "<html><body>";
  for (int i = 0; i < 10000; ++i) page += "<div>";
  page += "<p>Deep text, with a comma, that is long enough to be a paragraph of the article body.</p>";
  for (int i = 0; i < 10000; ++i) page += "</div>";
  page += "</body></html>";
  auto r = ExtractArticle(page, "", "https://x.test/");
  REQUIRE(r.ok());
  CHECK(r->Body().find("Deep text") != std::string::npos);
}

TEST_CASE("BadInput_BrokenTagsStillYieldText", "[malformed]") {
  std::string page =
      "<html><body><div class=content><p>First paragraph, unclosed <b>bold <i>italic"
      "<p>Second paragraph, with an unclosed <a href='/x'>link and a <table><td>stray cell, with text"
      "</div></span></html></body><p>Trailing text after the end, also quite long to count.";
  auto r = ExtractArticle(page, "", "https://x.test/");
  REQUIRE(r.ok());
  CHECK(r->Body().find("First paragraph") != std::string::npos);
}

TEST_CASE("BadInput_PlainTextIsAnArticleNotACrash", "[malformed]") {
  auto r = ExtractArticle("just some words, no markup at all, but a sentence nonetheless.", "text/plain", "");
  REQUIRE(r.ok());
  CHECK(r->Body() == "just some words, no markup at all, but a sentence nonetheless.");
}

TEST_CASE("BadInput_InvalidJsonLdIsIgnored", "[malformed]") {
  std::string page =
      "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": </script>"
      "<title>Real title</title></head><body><article><p>Body text of the article, long enough to be kept as "
      "content.</p></article></body></html>";
  auto r = ExtractArticle(page, "", "https://x.test/");
  REQUIRE(r.ok());
  CHECK(r->title == "Real title");
}
