// Not implemented yet on PostgreSQL: each returns kUnsupported.
#include "store/postgres/postgres_store.h"
#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace wirecrawl {

Result<std::vector<SearchHit>> PostgresStore::Search(const SearchQuery& query) {
  return Status::Unsupported("Search is not implemented on PostgreSQL yet");
}

Result<std::vector<StorySummary>> PostgresStore::ListStories(const StoryFilter& filter) {
  return Status::Unsupported("ListStories is not implemented on PostgreSQL yet");
}

Result<std::optional<StoredArticle>> PostgresStore::GetArticle(int64_t id) {
  return Status::Unsupported("GetArticle is not implemented on PostgreSQL yet");
}

Result<std::optional<StoredArticle>> PostgresStore::GetArticleByUrl(std::string_view url) {
  return Status::Unsupported("GetArticleByUrl is not implemented on PostgreSQL yet");
}

Result<std::optional<StoryDetail>> PostgresStore::GetStory(int64_t id) {
  return Status::Unsupported("GetStory is not implemented on PostgreSQL yet");
}

Result<std::optional<PageRecord>> PostgresStore::GetPage(std::string_view url) {
  return Status::Unsupported("GetPage is not implemented on PostgreSQL yet");
}

Status PostgresStore::ExportArticles(const ExportFilter& filter, const std::function<bool(const StoredArticle&)>& emit) {
  return Status::Unsupported("ExportArticles is not implemented on PostgreSQL yet");
}

Result<StoreStats> PostgresStore::Stats() {
  return Status::Unsupported("Stats is not implemented on PostgreSQL yet");
}

Result<std::vector<std::pair<std::string, int64_t>>> PostgresStore::BytesByPart() {
  return Status::Unsupported("BytesByPart is not implemented on PostgreSQL yet");
}

Result<ServiceStatus> PostgresStore::GetServiceStatus(int64_t since_ms, int64_t now_ms) {
  return Status::Unsupported("GetServiceStatus is not implemented on PostgreSQL yet");
}

Result<StoryListing> PostgresStore::ListStoryOverviews(const StoryListQuery& query) {
  return Status::Unsupported("ListStoryOverviews is not implemented on PostgreSQL yet");
}

Result<std::vector<StoryCopy>> PostgresStore::ListStoryCopies(int64_t story_id) {
  return Status::Unsupported("ListStoryCopies is not implemented on PostgreSQL yet");
}

Result<std::vector<SharedPassage>> PostgresStore::FindSharedPassages(int64_t story_id, const std::vector<std::string>& passages, size_t min_words, size_t per_passage) {
  return Status::Unsupported("FindSharedPassages is not implemented on PostgreSQL yet");
}

Result<std::vector<ArticleVersion>> PostgresStore::ListArticleVersions(int64_t article_id) {
  return Status::Unsupported("ListArticleVersions is not implemented on PostgreSQL yet");
}

Result<HostHealthListing> PostgresStore::ListHostHealth(const HealthQuery& query) {
  return Status::Unsupported("ListHostHealth is not implemented on PostgreSQL yet");
}

}  // namespace wirecrawl
