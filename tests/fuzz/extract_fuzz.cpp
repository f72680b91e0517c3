// Fuzz target: the whole parser/ path (charset detection and conversion,
// gumbo, metadata, links and feed autodiscovery, boilerplate removal)
// through ExtractArticle.
//
// Input: CONTENT-TYPE "\n--\n" URL "\n--\n" BODY (fuzz_input.h); a body-only
// seed therefore needs the two header fields, which make_corpus.sh adds.
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "parser/extract.h"
#include "tests/fuzz/fuzz_input.h"
#include "url/url.h"

namespace {

// parser/article.h: every link comes as an http(s) URL in NormalizeUrl's form.
void CheckLinks(const std::vector<std::string>& links) {
  for (const auto& link : links) {
    auto again = wirecrawl::NormalizeUrl(link);
    if (!again.ok() || *again != link) {
      std::abort();
    }
  }
}

}  // namespace

// Warnings about each hostile input (bad charset labels, unknown keys) are
// what the code should do; printing them would cost most of each run.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto fields = wirecrawl::fuzz::SplitFields(data, size, 3);
  auto article = wirecrawl::ExtractArticle(fields[2], fields[0], fields[1]);
  if (article.ok()) {
    // The contract every later stage relies on: text is UTF-8 (dedup and the
    // store take it as such); Body() joins the paragraphs.
    std::string body = article->Body();
    size_t expected = 0;
    for (const auto& paragraph : article->paragraphs) {
      expected += paragraph.size() + 1;
    }
    if (!article->paragraphs.empty() && body.size() + 1 != expected) {
      std::abort();
    }
    CheckLinks(article->links);
    CheckLinks(article->feed_links);
  }
  return 0;
}
