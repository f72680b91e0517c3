// store/maintenance.h: upkeep of a database that only grows: what falls out
// of the dedup window leaves the story index, the fetch log is kept for a
// configured time, the search index's segments are merged, and freed pages
// go back to the file system.
//
// Used by `wirecrawl optimize` and, in bounded steps at quiet times, by the
// daemon. Each call is its own batch (REQUIRES: no batch open), bounded by
// its limit so that a step holds the write lock briefly.
//
// Contract: as for every role of a Store (store/store.h).
#pragma once

#include <cstdint>

#include "base/status.h"

namespace wirecrawl {

class Maintenance {
 public:
  virtual ~Maintenance() = default;

  // The fingerprints of articles seen before before_ms leave the story
  // index with their band keys: they are outside every later article's
  // window, and what is still read of them (a story's first member, for a
  // late copy's similarity to it) is in the article row
  // (ArticleSink::GetFingerprint). At most `limit` articles per call (0:
  // all; then SQLite also packs the band keys left into as few pages as
  // they fill when deletes left them under half full). Returns how many
  // articles.
  virtual Result<int64_t> PruneStoryIndex(int64_t before_ms, int64_t limit) = 0;
  // Fetch-log rows of fetches started before before_ms are deleted, at most
  // `limit` (0: all). Returns how many.
  virtual Result<int64_t> PruneFetchLog(int64_t before_ms, int64_t limit) = 0;
  // Merges the full-text index's segments: about `pages` pages of work
  // (FTS5 'merge'), or all of them into one (FTS5 'optimize') when 0.
  virtual Status MergeSearchIndex(int64_t pages) = 0;
  // Gives up to `pages` free pages back to the file system (incremental
  // vacuum; all when 0), and refreshes the query planner's statistics.
  // Returns the bytes given back.
  virtual Result<int64_t> ReclaimSpace(int64_t pages) = 0;
};

}  // namespace wirecrawl
