#include "parser/extract.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "base/ascii.h"
#include "parser/charset.h"
#include "parser/content.h"
#include "parser/html_document.h"
#include "parser/metadata.h"

namespace wirecrawl {
namespace {

const GumboNode* FindBody(const GumboNode* root) {
  if (root->type != GUMBO_NODE_DOCUMENT) return root;
  for (unsigned i = 0; i < root->v.document.children.length; ++i) {
    auto* html_node = static_cast<const GumboNode*>(root->v.document.children.data[i]);
    if (!html::IsElement(html_node) || html_node->v.element.tag != GUMBO_TAG_HTML) continue;
    for (unsigned j = 0; j < html_node->v.element.children.length; ++j) {
      auto* child = static_cast<const GumboNode*>(html_node->v.element.children.data[j]);
      if (html::IsElement(child) && child->v.element.tag == GUMBO_TAG_BODY) return child;
    }
  }
  return root;
}

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line;
    html::AppendCollapsed(line, std::string_view(text).substr(start, end - start));
    std::string_view t = html::Trim(line);
    if (!t.empty()) out.emplace_back(t);
    start = end + 1;
  }
  return out;
}

// An upper bound on the nesting depth: start tags minus end tags, void
// elements and self-closing tags aside. Cheap (one pass over the bytes) and
// never below the real depth of what gumbo will build.
int OpenElementsBound(std::string_view html, int limit) {
  static constexpr std::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                               "hr",    "img",    "input", "link", "meta",
                                               "param", "source", "track", "wbr",  "!"};
  int open = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size();
       i = html.find('<', i + 1)) {
    char next = html[i + 1];
    if (next == '/') {
      if (open > 0) --open;
      continue;
    }
    if (!ascii::IsAlpha(next)) continue;
    size_t name_end = html.find_first_of(" \t\r\n/>", i + 1);
    std::string_view name =
        html.substr(i + 1, (name_end == std::string_view::npos ? html.size() : name_end) - i - 1);
    bool is_void = false;
    for (std::string_view v : kVoid) {
      if (ascii::EqualsIgnoreCase(name, v)) {
        is_void = true;
      }
    }
    size_t close = html.find('>', i);
    bool self_closing = close != std::string_view::npos && close > 0 && html[close - 1] == '/';
    if (!is_void && !self_closing && ++open > limit) return open;
  }
  return open;
}

}  // namespace

std::vector<std::string> FurnitureClassWords() { return content::FurnitureWords(); }

Result<Article> ExtractArticle(std::string_view body, std::string_view content_type, std::string_view url,
                               const ExtractOptions& options) {
  if (body.empty()) return Status::InvalidArgument("empty body");
  if (body.size() > options.max_page_bytes) {
    return Status::InvalidArgument("page of " + std::to_string(body.size()) + " bytes exceeds the limit of " +
                                   std::to_string(options.max_page_bytes));
  }
  auto decoded = DecodeToUtf8(body, content_type);
  if (!decoded.ok()) return decoded.status();
  if (!decoded->note.empty()) spdlog::warn("{}: charset {}: {}", url, decoded->charset, decoded->note);

  if (OpenElementsBound(decoded->Text(), options.max_open_elements) > options.max_open_elements) {
    return Status::InvalidArgument("more than " + std::to_string(options.max_open_elements) +
                                   " nested elements: refused (hostile or broken page)");
  }
  html::Document doc(decoded->Text());
  metadata::PageMetadata md = metadata::Collect(doc.root(), url);

  Article article;
  article.url = std::string(url);
  article.canonical_url = md.canonical_url.empty() ? article.url : md.canonical_url;
  article.title = std::move(md.title);
  article.author = std::move(md.author);
  article.published = std::move(md.published);
  article.language = std::move(md.language);
  article.links = std::move(md.links);
  article.feed_links = std::move(md.feed_links);
  article.is_article_type = md.declares_article;
  article.charset = decoded->charset;
  article.headline_links = std::move(md.headline_links);
  PageSignals& signals = article.signals;
  signals.title_tag = std::move(md.title_tag);
  signals.has_h1 = md.has_h1;
  signals.article_elements = md.article_elements;
  signals.body_marker = md.body_marker;
  signals.date_in_markup = md.date_in_markup;
  signals.pagination_links = md.pagination_links;
  signals.teasers = md.teasers;

  content::Options copts;
  copts.max_depth = options.max_depth;
  copts.tuning = options.tuning;
  content::MainContentStats main_stats;
  article.paragraphs = content::MainParagraphs(doc.root(), copts, &main_stats);
  signals.link_lines = main_stats.link_lines;
  signals.prose_words = main_stats.prose_words;
  signals.longest_prose_run = main_stats.longest_prose_run;
  signals.opens_with_headline_link = main_stats.opens_with_headline_link;
  // The headline repeated as a block, and datelines ("Saturday 21 October
  // 2023" alone on a line), are page furniture, not body text.
  std::erase_if(article.paragraphs, [&](const std::string& p) {
    return p == article.title || (CountWords(p) <= 8 && !metadata::DateFromText(p).empty());
  });
  if (article.paragraphs.empty() && !md.article_body.empty())
    article.paragraphs = SplitLines(md.article_body);

  if (article.published.empty()) {
    article.published = metadata::DateFromText(html::TextContent(FindBody(doc.root()), 64 * 1024));
  }
  if (article.language.empty()) {
    std::string sample = article.title + "\n" + article.Body();
    article.language = metadata::DetectLanguage(sample);
  }
  return article;
}

}  // namespace wirecrawl
