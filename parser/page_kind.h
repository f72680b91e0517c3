// crawler/page_kind.h: is a fetched page an article or a hub?
//
// No per-site rules: the decision uses what extraction found (JSON-LD /
// og:type declaring an article, the amount of body text) and the URL's
// shape (a long slug, a numeric id, a date in the path read as articles;
// the front page, a short section path, pagination read as hubs). Hubs are
// crawled for their links and not stored; articles are stored.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "parser/article.h"

namespace wirecrawl {

enum class PageKind { kArticle, kHub };

// From the URL alone, before fetching: used for priorities.
bool LooksLikeArticleUrl(std::string_view url);

// The front page, a section ("/world/"), a listing (/tag/x, /page/2, ?page=3).
bool LooksLikeHubUrl(std::string_view url);

// The verdict and the evidence it rests on, for the frontier's record and
// `wirecrawl show URL` ("hub: 42 links to stories, 31 words of prose").
struct PageVerdict {
  PageKind kind = PageKind::kHub;
  std::string reason;
};

PageVerdict ClassifyPage(const Article& article, std::string_view url);

// "article", "hub".
const char* PageKindName(PageKind kind);

// Words in the article body (spaces between runs of non-space bytes).
size_t BodyWordCount(const Article& article);

}  // namespace wirecrawl
