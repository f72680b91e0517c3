#include "parser/page_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "base/ascii.h"

namespace wirecrawl {
namespace {

std::vector<std::string_view> PathSegments(std::string_view url) {
  std::vector<std::string_view> segments;
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return segments;
  size_t slash = url.find('/', scheme + 3);
  if (slash == std::string_view::npos) return segments;
  std::string_view path = url.substr(slash);
  path = path.substr(0, path.find_first_of("?#"));
  size_t start = 1;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool IsHubWord(std::string_view segment) {
  static constexpr std::array<std::string_view, 14> kHubWords = {
      "tag",  "tags",    "category", "categories", "section", "author", "page",
      "feed", "archive", "search",   "topics",     "topic",   "index.html", "calendar"};
  return std::find(kHubWords.begin(), kHubWords.end(), segment) != kHubWords.end();
}

}  // namespace

bool LooksLikeArticleUrl(std::string_view url) {
  std::vector<std::string_view> segments = PathSegments(url);
  if (segments.empty()) return false;  // the front page
  std::string_view last = segments.back();
  // /tag/gaza, /category/politics, /page/2, /archive/: listings. A hub word
  // further up (/archive/2024/10/some-long-slug.html) does not make a
  // story's own URL a listing.
  if (IsHubWord(last) || (segments.size() >= 2 && IsHubWord(segments[segments.size() - 2]))) return false;
  size_t hyphens = static_cast<size_t>(std::count(last.begin(), last.end(), '-') + std::count(last.begin(), last.end(), '_'));
  size_t longest_digits = 0;
  for (size_t i = 0; i < last.size();) {
    size_t j = i;
    while (j < last.size() && std::isdigit(static_cast<unsigned char>(last[j]))) ++j;
    longest_digits = std::max(longest_digits, j - i);
    i = j == i ? i + 1 : j;
  }
  // A slug of several words, a long numeric id, or a percent-encoded
  // (non-Latin) title: the way CMSs name single stories.
  if (hyphens >= 2 || longest_digits >= 4 || last.size() >= 40) return true;
  bool dated = segments.size() >= 3 && std::all_of(segments.begin(), segments.begin() + 2, [](std::string_view s) {
                 return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
               });
  return dated && !std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool LooksLikeHubUrl(std::string_view url) {
  if (url.find("page=") != std::string_view::npos) return true;
  std::vector<std::string_view> segments = PathSegments(url);
  if (segments.empty()) return true;
  if (IsHubWord(segments.back()) || (segments.size() >= 2 && IsHubWord(segments[segments.size() - 2]))) return true;
  // "/world/", "/sport/": one plain word with a trailing slash is a section.
  std::string_view only = segments.front();
  bool plain_word = std::all_of(only.begin(), only.end(), [](unsigned char c) { return std::isalpha(c) != 0; });
  return segments.size() == 1 && plain_word && url.size() > 0 && url.back() == '/';
}

size_t BodyWordCount(const Article& article) {
  size_t words = 0;
  for (const std::string& p : article.paragraphs) {
    bool in_word = false;
    for (unsigned char c : p) {
      bool space = ascii::IsWhitespace(static_cast<char>(c));
      if (!space && !in_word) ++words;
      in_word = !space;
    }
  }
  return words;
}

const char* PageKindName(PageKind kind) { return kind == PageKind::kArticle ? "article" : "hub"; }

PageVerdict ClassifyPage(const Article& article, std::string_view url) {
  size_t words = BodyWordCount(article);
  std::string prose = std::to_string(words) + " words of prose";
  if (article.is_article_type && words >= 40) {
    return {PageKind::kArticle, "declared an article (JSON-LD or og:type), " + prose};
  }
  // A hub's extracted "body" is a column of teasers: a few words per link
  // to a story. An article has a run of prose and a handful of "read
  // also" links.
  size_t story_links = static_cast<size_t>(
      std::count_if(article.links.begin(), article.links.end(), [](const std::string& l) { return LooksLikeArticleUrl(l); }));
  if (story_links >= 20 && words < 25 * story_links) {
    return {PageKind::kHub, std::to_string(story_links) + " links to stories, " + prose};
  }
  if (words >= 150 && LooksLikeArticleUrl(url)) return {PageKind::kArticle, prose + ", an article-like URL"};
  if (words >= 300 && !LooksLikeHubUrl(url)) return {PageKind::kArticle, prose};
  if (LooksLikeHubUrl(url)) return {PageKind::kHub, "a listing URL, " + prose};
  return {PageKind::kHub, prose + " (too few for an article without other evidence)"};
}

}  // namespace wirecrawl
