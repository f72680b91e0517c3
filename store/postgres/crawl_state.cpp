// Not implemented yet on PostgreSQL: each returns kUnsupported.
#include "store/postgres/postgres_store.h"
#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace wirecrawl {

Result<int64_t> PostgresStore::AddSource(std::string_view url, SourceKind kind, SourceOrigin origin, int64_t refresh_interval_ms) {
  return Status::Unsupported("AddSource is not implemented on PostgreSQL yet");
}

Result<std::vector<Source>> PostgresStore::DueSources(int64_t now_ms) {
  return Status::Unsupported("DueSources is not implemented on PostgreSQL yet");
}

Result<bool> PostgresStore::SetSourcePaused(std::string_view url, bool paused, int64_t now_ms) {
  return Status::Unsupported("SetSourcePaused is not implemented on PostgreSQL yet");
}

Result<bool> PostgresStore::RemoveSource(std::string_view url) {
  return Status::Unsupported("RemoveSource is not implemented on PostgreSQL yet");
}

Status PostgresStore::UpdateSourceState(const Source& source) {
  return Status::Unsupported("UpdateSourceState is not implemented on PostgreSQL yet");
}

Result<bool> PostgresStore::Enqueue(const UrlToEnqueue& url) {
  return Status::Unsupported("Enqueue is not implemented on PostgreSQL yet");
}

Result<std::vector<DueUrl>> PostgresStore::TakeDue(int64_t now_ms, size_t limit, size_t per_host, const std::vector<std::string>& skip_hosts) {
  return Status::Unsupported("TakeDue is not implemented on PostgreSQL yet");
}

Status PostgresStore::MarkFetched(const FetchedUrl& fetched) {
  return Status::Unsupported("MarkFetched is not implemented on PostgreSQL yet");
}

Status PostgresStore::MarkFailed(const FailedUrl& failed) {
  return Status::Unsupported("MarkFailed is not implemented on PostgreSQL yet");
}

Status PostgresStore::MarkSkipped(int64_t url_id, std::string_view reason) {
  return Status::Unsupported("MarkSkipped is not implemented on PostgreSQL yet");
}

Result<int64_t> PostgresStore::RequeueInFlight() {
  return Status::Unsupported("RequeueInFlight is not implemented on PostgreSQL yet");
}

Result<bool> PostgresStore::Requeue(std::string_view url, int64_t due_ms) {
  return Status::Unsupported("Requeue is not implemented on PostgreSQL yet");
}

Result<std::optional<int64_t>> PostgresStore::NextQueuedDueMs() {
  return Status::Unsupported("NextQueuedDueMs is not implemented on PostgreSQL yet");
}

Result<std::vector<std::pair<std::string, int64_t>>> PostgresStore::CountUrlsByState() {
  return Status::Unsupported("CountUrlsByState is not implemented on PostgreSQL yet");
}

Status PostgresStore::RecordFetch(const FetchRecord& fetch) {
  return Status::Unsupported("RecordFetch is not implemented on PostgreSQL yet");
}

Result<std::optional<RobotsCacheEntry>> PostgresStore::GetRobots(std::string_view host) {
  return Status::Unsupported("GetRobots is not implemented on PostgreSQL yet");
}

Status PostgresStore::PutRobots(std::string_view host, const RobotsCacheEntry& robots) {
  return Status::Unsupported("PutRobots is not implemented on PostgreSQL yet");
}

Result<HostPoliteness> PostgresStore::GetPoliteness(std::string_view host) {
  return Status::Unsupported("GetPoliteness is not implemented on PostgreSQL yet");
}

Status PostgresStore::PutPoliteness(std::string_view host, const HostPoliteness& politeness) {
  return Status::Unsupported("PutPoliteness is not implemented on PostgreSQL yet");
}

}  // namespace wirecrawl
