// gumbo's tree construction is quadratic in nesting depth: a hostile page
// nested 100,000 deep must be refused quickly, not parsed for half a minute.
#include <catch2/catch.hpp>
#include <chrono>

#include "parser/extract.h"

namespace wirecrawl {

TEST_CASE("Malformed_HundredThousandNestedDivs_RefusedBeforeParsing", "[parser][hostile]") {
  std::string page = "<html><body>";
  for (int i = 0; i < 100'000; ++i) page += "<div>";
  page += "text</body></html>";
  auto start = std::chrono::steady_clock::now();
  Result<Article> article = ExtractArticle(page, "text/html", "http://example.test/deep");
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(article.ok());
  CHECK(article.status().message().find("nested elements") != std::string::npos);
  CHECK(took < std::chrono::seconds(2));
}

TEST_CASE("Malformed_ManyUnclosedParagraphsAndVoidTags_AreStillParsed", "[parser]") {
  // Unclosed <p>, <li>, <br> and <img> do not nest in the tree; a long page
  // of them is ordinary HTML and must not hit the limit.
  std::string page = "<html><body><article><h1>Title</h1>";
  for (int i = 0; i < 3000; ++i)
    page += "<p>Paragraph number " + std::to_string(i) + " of an article.<br><img src=x>";
  page += "</article></body></html>";
  ExtractOptions options;
  options.max_open_elements = 5000;
  Result<Article> article = ExtractArticle(page, "text/html", "http://example.test/long", options);
  REQUIRE(article.ok());
  CHECK(article->paragraphs.size() > 100);
}

}  // namespace wirecrawl
