// WithoutScriptText (parser/html_document.h): the markup without the text of
// scripts and style sheets must parse to the same tree as the page, minus
// that text. The expectations come from the WHATWG HTML tokenizer: where a
// "<script" is a tag and where it is only text.
#include <gumbo.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "parser/html_document.h"
#include "tests/parser/test_pages.h"

namespace wirecrawl {
namespace {

// The tree as text: elements with their attributes, text, comments; the text
// inside <script> and <style> left out (that is what may differ).
void Serialise(const GumboNode* node, bool in_raw_text, std::string& out) {
  switch (node->type) {
    case GUMBO_NODE_DOCUMENT:
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      const GumboVector* children = &node->v.document.children;
      bool raw = false;
      if (node->type != GUMBO_NODE_DOCUMENT) {
        const GumboElement& e = node->v.element;
        out += "<" + std::string(gumbo_normalized_tagname(e.tag));
        if (e.tag == GUMBO_TAG_UNKNOWN) out += std::string(e.original_tag.data, e.original_tag.length);
        for (unsigned i = 0; i < e.attributes.length; ++i) {
          const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
          out += " " + std::string(a->name) + "=\"" + a->value + "\"";
        }
        out += ">";
        children = &e.children;
        raw = e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_STYLE;
      }
      for (unsigned i = 0; i < children->length; ++i)
        Serialise(static_cast<const GumboNode*>(children->data[i]), raw, out);
      out += "</>";
      break;
    }
    case GUMBO_NODE_COMMENT:
      out += "<!--" + std::string(node->v.text.text) + "-->";
      break;
    default:
      if (!in_raw_text) out += node->v.text.text;
  }
}

std::string Tree(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  std::string out;
  Serialise(output->document, false, out);
  gumbo_destroy_output(&options, output);
  return out;
}

// The page's tree and its lean markup's tree are the same (but for script
// and style text).
void CheckSameTree(std::string_view html) {
  std::optional<std::string> lean = html::WithoutScriptText(html);
  if (!lean) return;
  CHECK(lean->size() < html.size());
  CHECK(Tree(*lean) == Tree(html));
}

}  // namespace

TEST_CASE("WhatwgTokenizer_ScriptAndStyleTextIsRemoved_TheElementsStay", "[parser]") {
  std::string page =
      "<p>a</p><script>var s = '<p>not a paragraph</p>';</script><style>p { color: red }</style>"
      "<SCRIPT TYPE=\"text/javascript\">if (a < b) x();</ScRiPt ><p>b</p>";
  std::optional<std::string> lean = html::WithoutScriptText(page);
  REQUIRE(lean);
  CHECK(*lean ==
        "<p>a</p><script></script><style></style><SCRIPT TYPE=\"text/javascript\"></ScRiPt ><p>b</p>");
  CheckSameTree(page);
}

TEST_CASE("WhatwgTokenizer_JsonDataBlocksAreKept", "[parser]") {
  // application/ld+json carries the headline, date and author.
  std::string page = R"(<script type="application/ld+json">{"@type":"NewsArticle"}</script><p>x</p>)";
  CHECK_FALSE(html::WithoutScriptText(page));
  std::string with_code = page + "<script>track()</script>";
  std::optional<std::string> lean = html::WithoutScriptText(with_code);
  REQUIRE(lean);
  CHECK(*lean == page + "<script></script>");
}

TEST_CASE("WhatwgTokenizer_ScriptTagInCommentsTitlesAndAttributesIsText", "[parser]") {
  // Each "<script" below is text for the tokenizer: nothing may be removed.
  for (std::string page : {
           "<!-- <script> --><p>kept</p>",
           "<!-- a -- > <script> --!><p>kept</p>",
           "<title><script></title><p>kept</p>",
           "<textarea><style></textarea><p>kept</p>",
           "<a title=\"<script>\" href='x'>link</a><p>kept</p>",
           "<a title=<script>x</a><p>kept</p>",
           "<!DOCTYPE html><?xml <script> ?><p>kept</p>",
           "<p>1 < 2, 2 <3, </ 4</p><script",
           "<plaintext><script>kept</script>",
       }) {
    INFO(page);
    std::optional<std::string> lean = html::WithoutScriptText(page);
    CHECK_FALSE(lean);
  }
  // The same markup followed by a real script: only its text goes.
  std::string page = "<!-- <script> --><title><style></title><script>x</script><p>kept</p>";
  std::optional<std::string> lean = html::WithoutScriptText(page);
  REQUIRE(lean);
  CHECK(*lean == "<!-- <script> --><title><style></title><script></script><p>kept</p>");
  CheckSameTree(page);
  // "<!-->" is a whole (empty) comment: the script after it is a script.
  lean = html::WithoutScriptText("<!--><script>x</script>");
  REQUIRE(lean);
  CHECK(*lean == "<!--><script></script>");
}

TEST_CASE("WhatwgTokenizer_ScriptEndsOnlyAtItsEndTag", "[parser]") {
  // "</scripty" does not end a script; "</script" + whitespace, '/' or '>'
  // does; a script never closed runs to the end of the page.
  std::string page = "<script>a</scripty>b</script\n>c<style>d";
  std::optional<std::string> lean = html::WithoutScriptText(page);
  REQUIRE(lean);
  CHECK(*lean == "<script></script\n>c<style>");
  CheckSameTree(page);
}

TEST_CASE("Seeds_TreeWithoutScriptTextIsTheSameTree", "[parser]") {
  int pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(WIRECRAWL_TEST_DATA) + "/html")) {
    INFO(entry.path().filename().string());
    CheckSameTree(testing::ReadTestFile("html/" + entry.path().filename().string()));
    ++pages;
  }
  CHECK(pages == 5);
}

}  // namespace wirecrawl

namespace wirecrawl {

TEST_CASE("Hostile_ManyCommentsAreScannedOnce", "[parser][hostile]") {
  // Each comment's end is looked for from where it starts, once: a page of
  // 200,000 comments is read in one pass, not once per comment.
  std::string page = "<p>text</p>";
  for (int i = 0; i < 200'000; ++i) page += "<!-- c - d -->";
  page += "<script>x</script>";
  auto start = std::chrono::steady_clock::now();
  std::optional<std::string> lean = html::WithoutScriptText(page);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(lean);
  CHECK(lean->size() == page.size() - 1);
  CHECK(took < std::chrono::seconds(2));
}

}  // namespace wirecrawl
