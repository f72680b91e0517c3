// OpenStore picks the backend by the form of the location; WithBatch is
// every backend's batch runner.
#include "store/store.h"

#include "store/postgres/connection.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace wirecrawl {

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const StoreOptions& options) {
  if (location.empty()) return Status::InvalidArgument("no database path given");
  if (pg::IsPostgresUri(location)) return OpenPostgresStore(location, options);
  return OpenSqliteStore(location, options);
}

bool IsDatabaseUri(std::string_view location) { return pg::IsPostgresUri(location); }

std::string DisplayLocation(std::string_view location) {
  return pg::IsPostgresUri(location) ? pg::RedactUri(location) : std::string(location);
}

Status WithBatch(WriteBatches& batches, const std::function<Status()>& body) {
  WIRECRAWL_RETURN_IF_ERROR(batches.BeginBatch());
  Status s = body();
  if (!s.ok()) {
    batches.RollbackBatch();
    return s;
  }
  return batches.CommitBatch();
}

}  // namespace wirecrawl
