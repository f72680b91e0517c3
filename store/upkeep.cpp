#include "store/upkeep.h"

namespace wirecrawl {
namespace {

// One bounded step: each part is a short batch of its own, so that the
// crawl's own commits wait little for it.
constexpr int64_t kStepArticles = 2'000;
constexpr int64_t kStepFetches = 20'000;
constexpr int64_t kStepMergePages = 200;
constexpr int64_t kStepFreePages = 2'000;

}  // namespace

Result<UpkeepReport> Upkeep(Maintenance& db, const UpkeepPolicy& policy, int64_t now_ms) {
  UpkeepReport report;
  if (policy.dedup_window_ms > 0) {
    Result<int64_t> pruned =
        db.PruneStoryIndex(now_ms - policy.dedup_window_ms, policy.full ? 0 : kStepArticles);
    if (!pruned.ok()) return pruned.status();
    report.articles_out_of_window = *pruned;
  }
  if (policy.fetch_log_ms > 0) {
    Result<int64_t> pruned = db.PruneFetchLog(now_ms - policy.fetch_log_ms, policy.full ? 0 : kStepFetches);
    if (!pruned.ok()) return pruned.status();
    report.fetches_pruned = *pruned;
  }
  WIRECRAWL_RETURN_IF_ERROR(db.MergeSearchIndex(policy.full ? 0 : kStepMergePages));
  Result<int64_t> reclaimed = db.ReclaimSpace(policy.full ? 0 : kStepFreePages);
  if (!reclaimed.ok()) return reclaimed.status();
  report.bytes_reclaimed = *reclaimed;
  return report;
}

}  // namespace wirecrawl
