#include "crawler/frontier/priority.h"

#include <algorithm>

namespace wirecrawl::priority {

int ForArticle(const std::optional<std::chrono::sys_seconds>& date, int64_t now_ms) {
  if (!date) return kArticle;
  double age_hours = static_cast<double>(now_ms / 1000 - date->time_since_epoch().count()) / 3600.0;
  double freshness = std::clamp(1.0 - age_hours / 48.0, 0.0, 1.0);
  return kDatedArticleMin + static_cast<int>(freshness * (kFreshArticleMax - kDatedArticleMin));
}

int ForPage(int depth) { return std::max(0, kPage - 5 * depth); }

}  // namespace wirecrawl::priority
