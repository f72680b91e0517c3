// store/upkeep.h: one round of upkeep of a growing database, by policy:
// what fell out of the dedup window leaves the story index, the fetch log
// older than its retention goes, the search index is merged, free pages go
// back to the file system. `wirecrawl optimize` runs a full round; the
// daemon runs bounded steps at quiet times (each Maintenance call is a short
// batch of its own, so crawling goes on between them).
//
// Thread safety: as the Maintenance it is given.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "store/maintenance.h"

namespace wirecrawl {

struct UpkeepPolicy {
  int64_t dedup_window_ms = 0;  // 0: the whole archive is compared: nothing leaves the index
  int64_t fetch_log_ms = 0;     // 0: the fetch log is kept forever
  bool full = false;            // everything at once, or one bounded step
};

struct UpkeepReport {
  int64_t articles_out_of_window = 0;  // whose fingerprints and band keys were dropped
  int64_t fetches_pruned = 0;
  int64_t bytes_reclaimed = 0;
};

Result<UpkeepReport> Upkeep(Maintenance& db, const UpkeepPolicy& policy, int64_t now_ms);

}  // namespace wirecrawl
