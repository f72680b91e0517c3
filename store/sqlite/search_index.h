// store/search_index.h: upkeep of the FTS5 table article_search (internal to
// store/).
//
// The table is contentless (content=''): it holds only the index of each
// article's title and body in NormalizeText form, not a second copy of the
// text (a third of the database otherwise). The price is that removing an
// article's entry needs the exact normalised text it was indexed with, which
// is recomputed from the stored article. That holds while NormalizeText
// behaves the same, so the database records a fingerprint of its behaviour
// (meta 'search.normalizer'), and a wirecrawl whose normalisation differs
// rebuilds the index when it opens the database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/sqlite/database.h"

namespace wirecrawl::search_index {

Status Add(sqlite::Database& db, int64_t article_id, std::string_view normalized_title,
           std::string_view normalized_body);

// REQUIRES: the texts are those the article was added with.
Status Remove(sqlite::Database& db, int64_t article_id, std::string_view normalized_title,
              std::string_view normalized_body);

// Re-creates every entry from the articles table and records the current
// normalisation. REQUIRES: a write transaction is open.
Status Rebuild(sqlite::Database& db);

// Rebuilds the index (in its own transaction) when the database was indexed
// by a different normalisation. REQUIRES: no transaction open.
Status RebuildIfNormalizationChanged(sqlite::Database& db);

}  // namespace wirecrawl::search_index
