// store/archive_reader.h: what people ask of the database: search, stories,
// one article or story, export, counts and the service's figures.
//
// Used by the query commands (search, stories, show, export, stats, status)
// and, later, the web page. Read-only: a reader never opens a batch, so it
// works on a database opened without write access.
//
// Contract: as for every role of a Store (store/store.h): one thread at a
// time, failures as Status.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace wirecrawl {

class ArchiveReader {
 public:
  virtual ~ArchiveReader() = default;

  virtual Result<std::vector<SearchHit>> Search(const SearchQuery& query) = 0;
  virtual Result<std::vector<StorySummary>> ListStories(const StoryFilter& filter) = 0;
  virtual Result<std::optional<StoredArticle>> GetArticle(int64_t id) = 0;
  virtual Result<std::optional<StoredArticle>> GetArticleByUrl(std::string_view url) = 0;
  virtual Result<std::optional<StoryDetail>> GetStory(int64_t id) = 0;
  // A URL of the frontier (as normalised by the crawler), fetched or not.
  virtual Result<std::optional<PageRecord>> GetPage(std::string_view url) = 0;
  // Streams articles in id order; `emit` returns false to stop.
  virtual Status ExportArticles(const ExportFilter& filter,
                                const std::function<bool(const StoredArticle&)>& emit) = 0;
  virtual Result<StoreStats> Stats() = 0;
  // The database's bytes by part: "articles" (rows and versions), "search
  // index", "story index" (fingerprints, band keys), "stories", "frontier",
  // "fetch log", "other", "free" (pages a vacuum would give back). Reads the
  // whole file: for `stats`, not a hot path. Empty when the backend cannot
  // tell.
  virtual Result<std::vector<std::pair<std::string, int64_t>>> BytesByPart() = 0;
  // Service figures over [since_ms, now_ms] (`wirecrawl status`).
  virtual Result<ServiceStatus> GetServiceStatus(int64_t since_ms, int64_t now_ms) = 0;
};

}  // namespace wirecrawl
