// crawler/frontier/priority.h: the order of work. Higher is fetched first.
//
// Discovery documents come first: one sitemap or feed fetch yields many
// articles. Fresh articles beat old ones, and hubs lose priority with depth.
//
// Thread safety: constants and a pure function.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace wirecrawl::priority {

constexpr int kSitemap = 100;
constexpr int kFeed = 90;
constexpr int kSeed = 80;
constexpr int kFreshArticleMax = 79;  // published just now
constexpr int kDatedArticleMin = 60;  // published two days ago or more
constexpr int kArticle = 55;          // from a sitemap or feed, no date
constexpr int kArticleLink = 50;      // a link that looks like an article
constexpr int kPage = 40;             // other links, minus 5 per level of depth

// An article listed with its date: from kFreshArticleMax (now) down to
// kDatedArticleMin (two days old or more); kArticle when undated.
int ForArticle(const std::optional<std::chrono::sys_seconds>& date, int64_t now_ms);

// A link to a page that does not look like an article, `depth` links from
// a source.
int ForPage(int depth);

}  // namespace wirecrawl::priority
