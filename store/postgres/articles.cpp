// Not implemented yet on PostgreSQL: each returns kUnsupported.
#include "store/postgres/postgres_store.h"
#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace wirecrawl {

Result<std::optional<ArticleKey>> PostgresStore::FindArticle(std::string_view url) {
  return Status::Unsupported("FindArticle is not implemented on PostgreSQL yet");
}

Result<int64_t> PostgresStore::NextArticleId() {
  return Status::Unsupported("NextArticleId is not implemented on PostgreSQL yet");
}

Status PostgresStore::InsertArticle(int64_t id, const Article& article, const Fingerprint& fingerprint, std::span<const uint32_t> band_keys, const StoryAssignment& story, int64_t fetched_ms, const NormalizedText& normalized) {
  return Status::Unsupported("InsertArticle is not implemented on PostgreSQL yet");
}

Result<ArticleChange> PostgresStore::UpdateArticle(int64_t id, const Article& article, const Fingerprint& fingerprint, std::span<const uint32_t> band_keys, int64_t fetched_ms, const NormalizedText& normalized) {
  return Status::Unsupported("UpdateArticle is not implemented on PostgreSQL yet");
}

Result<std::string> PostgresStore::BandLayout() {
  return Status::Unsupported("BandLayout is not implemented on PostgreSQL yet");
}

Result<int64_t> PostgresStore::RebuildBands( std::string_view layout, int64_t since_ms, const std::function<std::vector<uint32_t>(const StoredFingerprint&)>& keys_of) {
  return Status::Unsupported("RebuildBands is not implemented on PostgreSQL yet");
}

Result<std::vector<StoredFingerprint>> PostgresStore::FindNearDuplicates(std::span<const uint32_t> band_keys, uint64_t exact_hash, int64_t since_ms) {
  return Status::Unsupported("FindNearDuplicates is not implemented on PostgreSQL yet");
}

Result<std::optional<StoredFingerprint>> PostgresStore::GetFingerprint(int64_t article_id) {
  return Status::Unsupported("GetFingerprint is not implemented on PostgreSQL yet");
}

Result<std::optional<std::string>> PostgresStore::GetBody(int64_t article_id) {
  return Status::Unsupported("GetBody is not implemented on PostgreSQL yet");
}

Result<SiteProfile> PostgresStore::GetSiteProfile(std::string_view host) {
  return Status::Unsupported("GetSiteProfile is not implemented on PostgreSQL yet");
}

Status PostgresStore::PutSiteProfile(const SiteProfile& profile) {
  return Status::Unsupported("PutSiteProfile is not implemented on PostgreSQL yet");
}

Result<int64_t> PostgresStore::PruneStoryIndex(int64_t before_ms, int64_t limit) {
  return Status::Unsupported("PruneStoryIndex is not implemented on PostgreSQL yet");
}

Result<int64_t> PostgresStore::PruneFetchLog(int64_t before_ms, int64_t limit) {
  return Status::Unsupported("PruneFetchLog is not implemented on PostgreSQL yet");
}

Status PostgresStore::MergeSearchIndex(int64_t pages) {
  return Status::Unsupported("MergeSearchIndex is not implemented on PostgreSQL yet");
}

Result<int64_t> PostgresStore::ReclaimSpace(int64_t pages) {
  return Status::Unsupported("ReclaimSpace is not implemented on PostgreSQL yet");
}

}  // namespace wirecrawl
